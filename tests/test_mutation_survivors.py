"""
Tests written for mutants that survived ``scripts/mutation.sh`` (see ``docs/mutation.md``).

Each test pins a result that a surviving mutant of the engine's arithmetic changed without any other test
noticing. The expected figures are worked by hand from ``docs/scoring.md`` with ``Fraction``: a quotient is
rounded once, half-even, to 30 decimal places ("settled"), never rounded twice.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

import indicator_index as ii
from tests.test_oracle_examples import item, ruleset, sub, totals


def engine_item(rs: ii.Ruleset, subs: list[ii.Submission], agency: str, criterion: str) -> tuple[str, Decimal | None]:
    """(status, points) of one item from the engine (the oracle keeps criterion points exact, unsettled)."""
    r = ii.score(rs, subs).score_for(agency).criterion(criterion)
    return r.status, r.points


D = Decimal


def settled(exact: Fraction) -> Decimal:
    """*exact* rounded once, half-even, to 30 decimal places, by integer arithmetic (no ``Decimal`` context)."""
    scaled = exact * 10**30
    whole = math.floor(scaled)
    rest = scaled - whole
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1):
        whole += 1
    return Decimal(f"{whole}E-30")


def test_settled_helper() -> None:
    """The helper itself: ties go to the even neighbour, everything else to the nearer one."""
    assert settled(Fraction(1, 3)) == D("0." + "3" * 30)
    assert settled(Fraction(2, 3)) == D("0." + "6" * 29 + "7")
    assert settled(Fraction(5, 10**31)) == 0
    assert settled(Fraction(15, 10**31)) == D("2E-30")


def proportional(indicator: str) -> str:
    """A ``proportional`` rule on *indicator*."""
    return f'{{ kind = "proportional", indicator = "{indicator}" }}'


def ratio(denominator: str, when_zero: str = "zero") -> str:
    """A ``ratio`` rule n ÷ *denominator*."""
    return f'{{ kind = "ratio", numerator = "n", denominator = "{denominator}", when_denominator_zero = "{when_zero}" }}'


def nested(kind: str, key: str, *parts: tuple[str, int, str]) -> str:
    """A ``sum`` (*key* ``parts``) or ``best_of`` (``alternatives``) of (id, max_points, rule) entries."""
    inner = ", ".join(f'{{ id = "{i}", max_points = {m}, rule = {r} }}' for i, m, r in parts)
    return f'{{ kind = "{kind}", {key} = [{inner}] }}'


def indicators(*specs: tuple[str, str]) -> str:
    """``[[indicators]]`` tables for (id, type) pairs."""
    return "".join(f'[[indicators]]\nid = "{i}"\nlabel = {{ en = "{i}" }}\ntype = "{t}"\n' for i, t in specs)


def criterion(cid: str, max_points: int, rule: str, extra: str = "") -> str:
    """One ``[[criteria]]`` table in section ``s``."""
    return f'[[criteria]]\nid = "{cid}"\nsection = "s"\nlabel = {{ en = "{cid}" }}\nmax_points = {max_points}\n{extra}rule = {rule}\nPROV\n'


class TestCohortRuleWithNoValueInTheGroup:
    """
    A ``min_max`` or ``relative`` criterion in a group where no agency has its value has no lowest or highest
    value to compare with. Under the ``zero`` policy an agency without the value still scores 0 on it and the
    criterion still counts in the applicable maximum (``docs/scoring.md``, missing data).

    ``c`` (40) on ``m``, missing = "zero"; ``d`` (60) = a × 60. Agency x: a = 1, no m.
    c = 0 of 40, d = 60: 60 of 100 → 60.00 (weak). Were c left out, x would have 60 of 60 → 100.00.
    """

    def check(self, rule: str) -> None:
        body = indicators(("m", "number"), ("a", "ratio")) + criterion("c", 40, rule, 'missing = "zero"\n')
        body += criterion("d", 60, proportional("a"))
        rs = ruleset(body)
        subs = [sub("x", {"a": 1})]
        assert item(rs, subs, "x", "c") == ("missing_zero", D(0))
        assert totals(rs, subs) == {"x": (D("60.00"), "weak")}
        assert ii.score(rs, subs).score_for("x").applicable_max == 100

    def test_min_max(self) -> None:
        self.check('{ kind = "min_max", indicator = "m", direction = "higher" }')

    def test_relative(self) -> None:
        self.check('{ kind = "relative", indicator = "m", direction = "lower" }')


class TestSettledOnce:
    """Points with more than 30 places are settled once, from the exact value, and only once."""

    def test_long_input_to_a_proportional_rule(self) -> None:
        """
        c (3) = a × 3 with a of 37 places: the exact product has 37 places, and the criterion's points are
        that product rounded once to 30 places.
        """
        a = D("0.1234567890123456789012345678901234567")
        body = indicators(("a", "ratio")) + criterion("c", 3, proportional("a"))
        rs = ruleset(body, total=3)
        status, points = engine_item(rs, [sub("x", {"a": a})], "x", "c")
        assert status == "scored"
        assert points == settled(Fraction(a) * 3)
        assert points != Fraction(a) * 3  # the exact product really does have more than 30 places
        assert points is not None and points.as_tuple().exponent >= -30  # type: ignore[operator]

    def test_sum_settles_its_total_not_its_parts(self) -> None:
        """
        c (2) = sum of r1 × 1 and r3 × 1, with r1 = r3 = 0.1 + 6 × 10^-31 (31 places).
        The exact sum is 0.2 + 1.2 × 10^-30, settled once: 0.2 + 1 × 10^-30.
        Settling each part first would give (0.1 + 1 × 10^-30) × 2 = 0.2 + 2 × 10^-30.
        """
        v = D("0.1000000000000000000000000000006")
        rule = nested("sum", "parts", ("p1", 1, proportional("r1")), ("p2", 1, proportional("r3")))
        rs = ruleset(indicators(("r1", "ratio"), ("r3", "ratio")) + criterion("c", 2, rule), total=2)
        status, points = engine_item(rs, [sub("x", {"r1": v, "r3": v})], "x", "c")
        assert status == "scored"
        assert points == settled(2 * Fraction(v)) == D("0.200000000000000000000000000001")


@pytest.mark.parametrize("kind", ["bonuses", "penalties"])
def test_long_input_to_a_bonus_or_penalty_is_settled(kind: str) -> None:
    """
    A bonus or penalty item's points are settled like a criterion's: B (3) = a × 3 with a of 37 places, and the
    agency's bonus (or penalty, capped at 5) is that product rounded once to 30 places. c (100) = b × 100 with b = 0.5.
    """
    a = D("0.1234567890123456789012345678901234567")
    item_table = f'[[{kind}]]\nid = "B"\nlabel = {{ en = "B" }}\nmax_points = 3\nrule = {proportional("a")}\nPROV\n'
    cap = "bonus_cap = 5" if kind == "bonuses" else "penalty_cap = 5"
    rs = ruleset(indicators(("a", "ratio"), ("b", "ratio")) + criterion("c", 100, proportional("b")) + item_table, head=cap)
    scored = ii.score(rs, [sub("x", {"a": a, "b": D("0.5")})]).scores[0]
    got = scored.bonus if kind == "bonuses" else scored.penalty
    assert got == settled(Fraction(a) * 3)
    assert got.as_tuple().exponent >= -30  # type: ignore[operator]


def test_numbers_of_an_agency_with_nothing_counted_are_decimals() -> None:
    """
    An agency none of whose criteria counts (its only value missing under ``exclude``) is not scorable: it earned 0
    of an applicable maximum of 0, and both are ``Decimal`` zeros, as every number of a score is.
    """
    body = indicators(("a", "ratio")) + criterion("c", 100, proportional("a"), 'missing = "exclude"\n')
    scored = ii.score(ruleset(body), [sub("x", {})]).scores[0]
    assert (scored.status, scored.total) == ("not_scorable", None)
    assert (type(scored.earned), type(scored.applicable_max)) == (Decimal, Decimal)
    assert scored.earned == scored.applicable_max == 0


class TestRescaledToTheGroupMaximumOnce:
    """
    A criterion worth 10 that is worth 20 in group h: its points on 10 are rescaled to 20 from their exact
    value and settled once. With n = 1, d = 3 the rule gives 1 ÷ 3 × 10 = 10/3 on 10, so 20/3 on 20:
    6.666…667 (30 places). Settling 10/3 first (3.333…333) and then doubling would give 6.666…666.
    Group h: c (20) + e (80) = 100; e = a × 80 with a = 1. (The ``best_of``'s other alternative, b × 10 with
    b = 0.1, gives 1 on 10: the ratio is the best.)
    """

    GROUPS = '[[groups]]\nid = "g"\nlabel = { en = "G" }\n[[groups]]\nid = "h"\nlabel = { en = "H" }\n'

    def check(self, rule: str) -> None:
        body = (
            indicators(("n", "count"), ("d", "count"), ("a", "ratio"), ("b", "ratio"))
            + criterion("c", 10, rule, "max_points_by_group = { h = 20 }\n")
            + criterion("e", 90, proportional("a"), "max_points_by_group = { h = 80 }\n")
        )
        rs = ruleset(body, groups=self.GROUPS)
        subs = [sub("y", {"n": 1, "d": 3, "a": 1, "b": D("0.1")}, group="h")]
        status, points = engine_item(rs, subs, "y", "c")
        assert status == "scored"
        assert points == settled(Fraction(20, 3)) == D("6." + "6" * 29 + "7")
        assert totals(rs, subs)["y"][0] == D("86.67")  # 20/3 + 80 of 100, rounded as declared

    def test_ratio(self) -> None:
        self.check(ratio("d"))

    def test_sum(self) -> None:
        self.check(nested("sum", "parts", ("p", 10, ratio("d"))))

    def test_best_of(self) -> None:
        self.check(nested("best_of", "alternatives", ("p", 10, ratio("d")), ("q", 10, proportional("b"))))


def test_terminating_quotient_rescaled_once() -> None:
    """
    A quotient that terminates is exact, but may carry more than 30 places; rescaled to the group's maximum, it is
    settled once, after rescaling. c (10) = n ÷ d × 10, worth 20 in group h, with n = 0.12345678901234567890123456789013
    (32 places) and d = 1: 1.2345678901234567890123456789013 on 10, so 2.4691357802469135780246913578026 on 20,
    settled to …803. Settling on 10 first (…901, the 31st place 3 rounds down) and doubling would give …802.
    """
    groups = TestRescaledToTheGroupMaximumOnce.GROUPS
    body = indicators(("n", "number"), ("d", "number"), ("a", "ratio"))
    body += criterion("c", 10, ratio("d"), "max_points_by_group = { h = 20 }\n") + criterion("e", 90, proportional("a"), "max_points_by_group = { h = 80 }\n")
    n = D("0.12345678901234567890123456789013")
    status, points = engine_item(ruleset(body, groups=groups), [sub("y", {"n": n, "d": 1, "a": 1}, group="h")], "y", "c")
    assert status == "scored"
    assert points == settled(Fraction(n) * 20) == D("2.469135780246913578024691357803")


def test_not_applicable_inside_a_best_of_counts_zero() -> None:
    """
    ``not_applicable`` only takes a *top-level* ratio out of the denominator; inside a ``best_of`` a zero
    denominator gives 0 (``docs/scoring.md``, rule kinds). c (10) = best of n ÷ d and n ÷ d2, both declared
    not applicable at 0, with d = d2 = 0: both alternatives give 0, so c scores 0 and counts.
    e (90) = a × 90 with a = 1: 90 of 100 → 90.00. Were c left out, 90 of 90 → 100.00.
    """
    na = "not_applicable"
    rule = nested("best_of", "alternatives", ("p", 10, ratio("d", na)), ("q", 10, ratio("d2", na)))
    body = indicators(("n", "count"), ("d", "count"), ("d2", "count"), ("a", "ratio")) + criterion("c", 10, rule) + criterion("e", 90, proportional("a"))
    rs = ruleset(body)
    subs = [sub("x", {"n": 1, "d": 0, "d2": 0, "a": 1})]
    assert item(rs, subs, "x", "c") == ("scored", D(0))
    assert totals(rs, subs) == {"x": (D("90.00"), "good")}


def test_missing_values_named_in_the_problem() -> None:
    """
    Under the ``error`` policy a criterion missing several inputs is one problem naming each of them, in the
    rule's order, separated by ", ": c = sum of r1 × 5 and r3 × 5, agency x reports neither.
    """
    body = indicators(("r1", "ratio"), ("r3", "ratio"), ("a", "ratio"))
    body += criterion("c", 10, nested("sum", "parts", ("p1", 5, proportional("r1")), ("p2", 5, proportional("r3")))) + criterion("d", 90, proportional("a"))
    with pytest.raises(ii.ScoringError) as caught:
        ii.score(ruleset(body), [sub("x", {"a": 1})])
    [problem] = caught.value.problems
    assert (problem.agency, problem.criterion, problem.indicator) == ("x", "c", "r1")
    assert str(problem.message) == "no value for r1, r3"
