"""
Hand-computed examples, a second line beside the oracle: inputs and expected figures written out.

Each example is worked by hand in its docstring from ``docs/scoring.md`` ("Every step precisely"), and both the
engine and the oracle (``tests/oracle.py``) must give exactly those figures. They cover the classes of bug that
comparing one implementation with another cannot see: ``sum``/``best_of`` with missing parts, what counts as
evidence, cohort-relative rules within groups, group maxima with per-criterion rounding, bonus and penalty
caps, rounding modes at a tie, and source precedence with a blank figure.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from string import Template

import pytest

import indicator_index as ii
from tests.oracle import OracleRefusal, oracle_score


D = Decimal
HEAD = Template("""
schema_version = 1
id = "oracle-examples"
version = "1"
title = { en = "Oracle examples" }
scale = 100
$head
[legal_basis]
number = "none"
issuer = "tests/test_oracle_examples.py"
[effective]
start = 2024-01-01
[[bands]]
id = "good"
label = { en = "Good" }
min = 80
[[bands]]
id = "fair"
label = { en = "Fair" }
min = 65
[[bands]]
id = "weak"
label = { en = "Weak" }
min = 0
$groups
[[sections]]
id = "s"
label = { en = "Section" }
""")
PROV = 'provenance = { status = "decision", citation = "tests" }'


def ruleset(body: str, *, total: int = 100, head: str = "", groups: str | None = None) -> ii.Ruleset:
    """A ruleset from the shared head, one group ``g`` of *total* points unless *groups* is given."""
    groups = groups or f'[[groups]]\nid = "g"\nlabel = {{ en = "G" }}\ntotal = {total}\n'
    return ii.parse_ruleset(HEAD.substitute(head=head, groups=groups) + body.replace("PROV", PROV), source="examples.toml")


def sub(agency: str, values: dict[str, object], claims: dict[str, str] | None = None, group: str = "g") -> ii.Submission:
    """One agency's submission."""
    return ii.Submission(agency=agency, group=group, values=values, claims=claims)


def totals(rs: ii.Ruleset, subs: Sequence[ii.Submission]) -> dict[str, tuple[Decimal | None, str | None]]:
    """Agency -> (total, band), from the engine and the oracle alike (they must agree)."""
    engine = {s.agency: (s.total, s.band) for s in ii.score(rs, subs).scores}
    oracle = {
        a.agency: (None if a.total is None else Decimal(a.total.numerator) / Decimal(a.total.denominator), a.band)
        for a in oracle_score(rs, subs).agencies.values()
    }
    assert engine == oracle
    return engine


def item(rs: ii.Ruleset, subs: Sequence[ii.Submission], agency: str, criterion: str) -> tuple[str, Decimal | None]:
    """(status, points) of one item, from the engine and the oracle alike."""
    r = ii.score(rs, subs).score_for(agency).criterion(criterion)
    status, points = oracle_score(rs, subs).agencies[agency].criteria[criterion]
    assert (r.status, None if r.points is None else Fraction(r.points)) == (status, points)
    return r.status, r.points


def refusals(rs: ii.Ruleset, subs: Sequence[ii.Submission]) -> list[tuple[str | None, str | None, str | None]]:
    """The (agency, criterion, indicator) of every problem, from the engine and the oracle alike."""
    with pytest.raises(ii.ScoringError) as engine:
        ii.score(rs, subs)
    with pytest.raises(OracleRefusal) as oracle:
        oracle_score(rs, subs)
    got = sorted(((p.agency, p.criterion, p.indicator) for p in engine.value.problems), key=str)
    assert got == sorted(oracle.value.problems, key=str)
    return got


INDICATORS = "".join(f'[[indicators]]\nid = "{i}"\nlabel = {{ en = "{i}" }}\ntype = "{t}"\n' for i, t in (("r1", "ratio"), ("n2", "count"), ("r3", "ratio")))

SUM = (
    INDICATORS
    + """
[[criteria]]
id = "c"
section = "s"
label = { en = "Sum" }
max_points = 50
PROV
[criteria.rule]
kind = "sum"
parts = [
  { id = "p1", max_points = 30, rule = { kind = "proportional", indicator = "r1" } },
  { id = "p2", max_points = 20, rule = { kind = "per_item", indicator = "n2", points_per_item = 2 } },
]
[[criteria]]
id = "d"
section = "s"
label = { en = "D" }
max_points = 50
rule = { kind = "proportional", indicator = "r3" }
PROV
"""
)


class TestSumWithAMissingPart:
    """
    ``c`` (50) = r1 × 30 + 2 per n2 (at most 20); ``d`` (50) = r3 × 50. Agency x: r1 = 0.5, r3 = 1, n2 missing.
    Scoring the part that has data would give c = 15 and a total of 65: missing data silently zero.
    """

    X = (sub("x", {"r1": D("0.5"), "r3": 1}),)

    def test_zero(self) -> None:
        """``zero``: c earns 0 of 50, d 50 of 50: 50 of 100 is 50.00, weak."""
        rs = ruleset(SUM, head='missing = "zero"')
        assert item(rs, self.X, "x", "c") == ("missing_zero", D(0))
        assert totals(rs, self.X) == {"x": (D("50.00"), "weak")}

    def test_exclude(self) -> None:
        """``exclude``: c leaves the denominator, d earns 50 of 50: 100.00, good."""
        rs = ruleset(SUM, head='missing = "exclude"')
        assert item(rs, self.X, "x", "c") == ("missing_excluded", None)
        assert totals(rs, self.X) == {"x": (D("100.00"), "good")}

    def test_error(self) -> None:
        """``error``: the cohort is refused, naming x, c and n2."""
        assert refusals(ruleset(SUM), self.X) == [("x", "c", "n2")]

    def test_complete(self) -> None:
        """With n2 = 4: c = 15 + 8 = 23, d = 50: 73.00, fair."""
        subs = [sub("x", {"r1": D("0.5"), "n2": 4, "r3": 1})]
        rs = ruleset(SUM)
        assert item(rs, subs, "x", "c") == ("scored", D("23.0"))
        assert totals(rs, subs) == {"x": (D("73.00"), "fair")}


BEST_OF = """
[[indicators]]
id = "e"
label = { en = "e-wallet share" }
type = "ratio"
[[indicators]]
id = "t"
label = { en = "teams" }
type = "count"
[[indicators]]
id = "n"
label = { en = "network" }
type = "yes_no"
[[indicators]]
id = "r"
label = { en = "r" }
type = "ratio"
[[criteria]]
id = "c"
section = "s"
label = { en = "Best of" }
max_points = 20
PROV
[criteria.rule]
kind = "sum"
parts = [
  { id = "p1", max_points = 10, rule = { kind = "best_of", alternatives = [
    { id = "a", max_points = 10, rule = { kind = "proportional", indicator = "e" } },
    { id = "b", max_points = 10, rule = { kind = "tiers", indicator = "t", tiers = [{ at_least = 5, points = 10 }, { at_least = 2, points = 6 }] } },
  ] } },
  { id = "p2", max_points = 10, rule = { kind = "proportional", indicator = "r" } },
]
"""


class TestBestOfInsideASum:
    """
    ``c`` (20) = best of (e × 10, tiers on t: ≥ 5 → 10, ≥ 2 → 6) + r × 10; the group's total is 20.
    x: e missing, t = 3, r = 0.25 → 6 + 2.5 = 8.5 of 20 = 42.50.
    y: e = 0.9, t missing, r = 1 → 9 + 10 = 19 of 20 = 95.00.
    z: e and t missing, r = 1 → the best_of part is missing, so the whole sum is: 0 under ``zero`` (not 10 of 20).
    """

    SUBS = (sub("x", {"t": 3, "r": D("0.25")}), sub("y", {"e": D("0.9"), "r": 1}), sub("z", {"r": 1}))

    def test_zero(self) -> None:
        """Under ``zero`` z earns 0 (0.00), x and y as computed."""
        rs = ruleset(BEST_OF, total=20, head='missing = "zero"')
        assert item(rs, self.SUBS, "x", "c") == ("scored", D("8.50"))
        assert item(rs, self.SUBS, "z", "c") == ("missing_zero", D(0))
        assert totals(rs, self.SUBS) == {"x": (D("42.50"), "weak"), "y": (D("95.00"), "good"), "z": (D("0.00"), "weak")}

    def test_exclude(self) -> None:
        """Under ``exclude`` z has nothing applicable: not scorable, no total."""
        rs = ruleset(BEST_OF, total=20, head='missing = "exclude"')
        assert totals(rs, self.SUBS)["z"] == (None, None)

    def test_error(self) -> None:
        """Under ``error`` the refusal names z, c and e, the first input of the first alternative."""
        assert refusals(ruleset(BEST_OF, total=20), self.SUBS) == [("z", "c", "e")]


TWO = """
[[indicators]]
id = "a"
label = { en = "A" }
type = "ratio"
[[indicators]]
id = "b"
label = { en = "B" }
type = "ratio"
[[criteria]]
id = "c1"
section = "s"
label = { en = "C1" }
max_points = 60
rule = { kind = "proportional", indicator = "a" }
PROV
[[criteria]]
id = "c2"
section = "s"
label = { en = "C2" }
max_points = 40
excludable = true
rule = { kind = "proportional", indicator = "b" }
PROV
"""


@pytest.mark.parametrize(
    ("evidence", "status", "total"),
    [
        ("", "scored", "65.00"),
        ("   ", "scored", "65.00"),
        ("\u3000\u00a0", "scored", "65.00"),
        ("\u200b", "scored", "65.00"),
        (" \ufeff ", "scored", "65.00"),
        ("\u2060\u00ad", "scored", "65.00"),
        ("doc\u200b1", "excluded", "75.00"),
        ("Công văn 12/SNV", "excluded", "75.00"),
    ],
)
def test_what_counts_as_evidence(evidence: str, status: str, total: str) -> None:
    """
    a = 0.75, b = 0.5 and a claim on c2 (40). Without visible evidence the claim is refused: 45 + 20 = 65.00.
    With evidence c2 leaves the denominator: 45 of 60 = 75.00.
    """
    rs = ruleset(TWO)
    subs = [sub("x", {"a": D("0.75"), "b": D("0.5")}, {"c2": evidence})]
    assert item(rs, subs, "x", "c2")[0] == status
    assert totals(rs, subs)["x"][0] == D(total)


def test_refused_claim_without_a_value() -> None:
    """A refused claim (invisible evidence) on a criterion without a value falls to the policy: ``error`` names x, c2, b."""
    assert refusals(ruleset(TWO), [sub("x", {"a": 1}, {"c2": "\u200b"})]) == [("x", "c2", "b")]


def test_unreadable_evidence_is_refused() -> None:
    """Evidence with a line break inside is refused before scoring, naming the agency and the criterion."""
    assert refusals(ruleset(TWO), [sub("x", {"a": 1, "b": 1}, {"c2": "doc\n1"})]) == [("x", "c2", None)]


RELATIVE = """
[[indicators]]
id = "bw"
label = { en = "bandwidth" }
type = "number"
[[indicators]]
id = "a"
label = { en = "A" }
type = "ratio"
[[criteria]]
id = "c"
section = "s"
label = { en = "Bandwidth" }
max_points = 40
excludable = true
missing = "zero"
rule = { kind = "relative", indicator = "bw", direction = "higher" }
PROV
[[criteria]]
id = "d"
section = "s"
label = { en = "D" }
max_points = 60
rule = { kind = "proportional", indicator = "a" }
PROV
"""
TWO_GROUPS = '[[groups]]\nid = "g"\nlabel = { en = "G" }\n[[groups]]\nid = "h"\nlabel = { en = "H" }\n'


def test_relative_compares_within_the_group() -> None:
    """
    Group g: p bw 50; q bw 100, claimed with evidence (left out of the comparison); r bw 200, claim refused
    (still compared); s no value (zero by policy, not compared). The best in g is r's 200: p earns 50 ÷ 200 × 40 = 10.
    Group h: t bw 20 is its own best: 40. Everyone has a = 1 (d = 60).
    p 70.00 fair (rank 3); q 60 of 60 = 100.00 and r 100.00 (rank 1, tied); s 60.00 weak (rank 4); t 100.00 (rank 1 in h).
    """
    rs = ruleset(RELATIVE, groups=TWO_GROUPS)
    subs = [
        sub("p", {"bw": 50, "a": 1}),
        sub("q", {"bw": 100, "a": 1}, {"c": "Công văn 7"}),
        sub("r", {"bw": 200, "a": 1}, {"c": " "}),
        sub("s", {"a": 1}),
        sub("t", {"bw": 20, "a": 1}, group="h"),
    ]
    assert item(rs, subs, "p", "c") == ("scored", D(10))
    assert totals(rs, subs) == {
        "p": (D("70.00"), "fair"),
        "q": (D("100.00"), "good"),
        "r": (D("100.00"), "good"),
        "s": (D("60.00"), "weak"),
        "t": (D("100.00"), "good"),
    }
    assert {s.agency: s.rank for s in ii.score(rs, subs).scores} == {"p": 3, "q": 1, "r": 1, "s": 4, "t": 1}
    oracle = oracle_score(rs, subs)
    assert {a.agency: a.rank for a in oracle.agencies.values()} == {"p": 3, "q": 1, "r": 1, "s": 4, "t": 1}
    assert sorted(oracle.group_values("g", "bw")) == [50, 200]
    assert oracle.band_counts == {"g": {"good": 2, "fair": 1, "weak": 1}, "h": {"good": 1, "fair": 0, "weak": 0}}


GROUP_MAX = """
[[indicators]]
id = "a"
label = { en = "A" }
type = "ratio"
[[indicators]]
id = "b"
label = { en = "B" }
type = "ratio"
[[criteria]]
id = "c"
section = "s"
label = { en = "C" }
max_points = 40
max_points_by_group = { h = 10 }
rule = { kind = "proportional", indicator = "a" }
PROV
[[criteria]]
id = "d"
section = "s"
label = { en = "D" }
max_points = 60
rule = { kind = "proportional", indicator = "b" }
PROV
"""


def test_group_maximum_with_per_criterion_rounding() -> None:
    """
    Rounding to 0 places half-up, each criterion too. c is worth 40, but 10 in group h (whose total is 70).
    x in g: a = 0.33 → 13.2 → 13; b = 0.5 → 30; 43 of 100 = 43.
    y in h: a = 0.33 → 13.2 on 40, × 10 ÷ 40 = 3.3 → 3; b = 0.5 → 30; 33 of 70 = 47.14… → 47.
    """
    groups = '[[groups]]\nid = "g"\nlabel = { en = "G" }\n[[groups]]\nid = "h"\nlabel = { en = "H" }\ntotal = 70\n'
    rs = ruleset(GROUP_MAX, groups=groups, head='rounding = { places = 0, mode = "half_up", each_criterion = true }')
    subs = [sub("x", {"a": D("0.33"), "b": D("0.5")}), sub("y", {"a": D("0.33"), "b": D("0.5")}, group="h")]
    assert item(rs, subs, "x", "c") == ("scored", D(13))
    assert item(rs, subs, "y", "c") == ("scored", D(3))
    assert totals(rs, subs) == {"x": (D(43), "weak"), "y": (D(47), "weak")}


ADJ = (
    TWO
    + """
[[indicators]]
id = "initiatives"
label = { en = "Initiatives" }
type = "count"
[[indicators]]
id = "hub"
label = { en = "Data hub" }
type = "yes_no"
[[indicators]]
id = "late"
label = { en = "Late reports" }
type = "count"
[[bonuses]]
id = "B1"
label = { en = "Initiatives" }
max_points = 5
rule = { kind = "per_item", indicator = "initiatives", points_per_item = 3 }
PROV
[[bonuses]]
id = "B2"
label = { en = "Hub" }
max_points = 2
rule = { kind = "yes_no", indicator = "hub" }
PROV
[[penalties]]
id = "P1"
label = { en = "Late" }
max_points = 4
missing = "exclude"
rule = { kind = "per_item", indicator = "late", points_per_item = 1 }
PROV
"""
)


def test_bonus_and_penalty_caps_and_the_clamp() -> None:
    """
    bonus_cap 6, penalty_cap 3.
    x: base 100; B1 2 × 3 = 6, at most 5; B2 yes 2; bonus 7 capped at 6; P1 missing, left out: 106 clamped to 100.00.
    y: base 50; no bonus; P1 10 late → 4 (its maximum), capped at 3: 47.00.
    """
    rs = ruleset(ADJ, head="bonus_cap = 6\npenalty_cap = 3")
    subs = [
        sub("x", {"a": 1, "b": 1, "initiatives": 2, "hub": True}),
        sub("y", {"a": D("0.5"), "b": D("0.5"), "initiatives": 0, "hub": False, "late": 10}),
    ]
    assert item(rs, subs, "x", "B1") == ("scored", D(5))
    assert item(rs, subs, "x", "P1") == ("missing_excluded", None)
    assert item(rs, subs, "y", "P1") == ("scored", D(4))
    oracle = oracle_score(rs, subs).agencies
    assert (oracle["x"].bonus, oracle["x"].unrounded, oracle["y"].penalty) == (6, 100, 3)
    assert totals(rs, subs) == {"x": (D("100.00"), "good"), "y": (D("47.00"), "weak")}


ONE = """
[[indicators]]
id = "a"
label = { en = "A" }
type = "ratio"
[[criteria]]
id = "c"
section = "s"
label = { en = "C" }
max_points = 100
rule = { kind = "proportional", indicator = "a" }
PROV
"""


@pytest.mark.parametrize(
    ("mode", "tie", "third"),
    [
        ("half_up", "66.67", "66.67"),
        ("half_even", "66.66", "66.67"),
        ("half_down", "66.66", "66.67"),
        ("down", "66.66", "66.66"),
        ("up", "66.67", "66.67"),
        ("floor", "66.66", "66.66"),
        ("ceiling", "66.67", "66.67"),
    ],
)
def test_rounding_modes(mode: str, tie: str, third: str) -> None:
    """a = 0.66665 on 100 points is 66.665, a tie at 2 places; a = 0.666666 is 66.6666, below the tie."""
    rs = ruleset(ONE, head=f'rounding = {{ places = 2, mode = "{mode}" }}')
    subs = [sub("x", {"a": D("0.66665")}), sub("y", {"a": D("0.666666")})]
    got = totals(rs, subs)
    assert (got["x"][0], got["y"][0]) == (D(tie), D(third))


def test_source_precedence_with_a_blank_figure() -> None:
    """A blank verification figure supplies nothing: the records figure 0.6 beats the agency's 0.9: 60.00."""
    figures = [ii.Figure(value=None, source="verification"), ii.Figure(value=D("0.9"), source="agency"), ii.Figure(value=D("0.6"), source="records")]
    rs = ruleset(ONE)
    assert totals(rs, [sub("x", {"a": figures})]) == {"x": (D("60.00"), "weak")}


# The public model types: what a ruleset and a submission are made of. Nothing else of the package may be imported.
MODEL_TYPES = {
    *("AgencyGroup", "Band", "Bonus", "Claim", "Criterion", "Figure", "Indicator", "Label", "LegalBasis", "Option", "Penalty"),
    *("Period", "Provenance", "Rounding", "Ruleset", "Section", "Submission"),
    *("BestOf", "Choice", "Info", "MinMax", "Part", "PerItem", "Proportional", "Ratio", "Relative", "SumOf", "Tier", "Tiers", "YesNo"),
}


def test_the_oracle_imports_only_public_model_types(root: Path) -> None:
    """``tests/oracle.py`` shares nothing with the engine: from ``indicator_index`` it imports public model types only, and ``src/`` never imports it."""
    tree = ast.parse((root / "tests" / "oracle.py").read_text(encoding="utf-8"))
    from_package: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not [a.name for a in node.names if a.name.split(".")[0] in ("indicator_index", "tests")], ast.dump(node)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            assert not module.startswith(("indicator_index.", "tests")), f"the oracle imports from {module}"
            if module == "indicator_index":
                from_package |= {a.name for a in node.names}
    assert from_package, "the oracle reads Ruleset and Submission: the check above must have seen them"
    assert from_package <= MODEL_TYPES <= set(ii.__all__), from_package - MODEL_TYPES
    for path in (root / "src").rglob("*.py"):
        assert "tests.oracle" not in path.read_text(encoding="utf-8"), path
