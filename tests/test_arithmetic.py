"""
The arithmetic module: one rule for settling a quotient (rounded once, from the exact fraction),
and the pieces of the pipeline every path calls.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import indicator_index as ii
from indicator_index._arithmetic import (
    CONTEXT,
    MODES,
    UNIT,
    band_of,
    capped,
    clamped,
    competition_ranks,
    from_units,
    half_even,
    points_units,
    round_points,
    rounded,
    settle,
    share,
    to_odd,
)


# X has 30 places and an odd last digit. T = X + 0.5e-30 − (1/3)e-40 lies just below the midpoint between X and
# X + 1e-30, so the exact T rounds (half-even, at 30 places) to X. Rounded first to 40 significant digits, T's
# digits 31–40 become 5000000000: a false tie, which half-even then rounds up to X + 1e-30.
X = Decimal("0.123456789012345678901234567891")
NUMERATOR = Decimal("0.3703703670370370367037037036744999999999")  # T × 3 = 3X + 1.5e-30 − 1e-40: 40 significant digits, a valid input value
X_UP = Decimal("0.123456789012345678901234567892")  # X + 10^-30
STEP = Decimal("1e-30")


def _twice(numerator: Decimal, denominator: Decimal) -> Decimal:
    """The settling of the first release: the quotient to 40 significant digits, then to 30 places."""
    with localcontext(Context(prec=40, rounding=ROUND_HALF_EVEN)):
        return (numerator / denominator).quantize(STEP, rounding=ROUND_HALF_EVEN)


def _once(numerator: Decimal, denominator: Decimal) -> Decimal:
    """The exact fraction rounded once, half-even, to 30 places (computed with integers, independently)."""
    exact = Fraction(numerator) / Fraction(denominator) * 10**30
    whole, rest = divmod(exact.numerator, exact.denominator)
    if 2 * rest > exact.denominator or (2 * rest == exact.denominator and whole % 2):
        whole += 1
    return Decimal(f"{whole}E-30")  # constructed exactly, whatever the context's precision


_RULESET = """
schema_version = 1
id = "one-rounding"
version = "1"
title = { vi = "Làm tròn một lần", en = "One rounding" }
scale = 1
rounding = { places = 2, mode = "half_up" }
[legal_basis]
number = "none"
issuer = "tests"
[effective]
start = 2024-01-01
[[bands]]
id = "any"
label = { vi = "Mọi mức", en = "Any" }
min = 0
[[groups]]
id = "g"
label = { en = "Group" }
[[sections]]
id = "s"
label = { en = "Section" }
[[indicators]]
id = "a"
label = { en = "A" }
type = "number"
[[indicators]]
id = "b"
label = { en = "B" }
type = "number"
[[criteria]]
id = "c"
section = "s"
label = { en = "C" }
max_points = 1
rule = { kind = "ratio", numerator = "a", denominator = "b", when_denominator_zero = "zero" }
provenance = { status = "decision", citation = "tests" }
"""


class TestOneRounding:
    """A quotient that does not terminate is rounded once, from the exact fraction."""

    def test_the_numerator(self) -> None:
        """The test's numerator is what its comment says, exactly."""
        assert Fraction(NUMERATOR) == 3 * Fraction(X) + Fraction(15, 10**31) - Fraction(1, 10**40)

    def test_the_false_tie(self) -> None:
        """Digits 31–40 of the 40-digit quotient are 5000000000: rounding twice goes up, once stays at X."""
        with localcontext(Context(prec=40)):
            forty = NUMERATOR / 3
        assert str(forty)[2:][30:40] == "5000000000"
        assert _twice(NUMERATOR, Decimal(3)) == X_UP
        assert _once(NUMERATOR, Decimal(3)) == X
        with localcontext(CONTEXT):
            assert settle(NUMERATOR / 3) == X
            assert settle(share(NUMERATOR, Decimal(3), Decimal(1))) == X

    def test_through_the_engine(self) -> None:
        """A ratio criterion on that quotient earns X points, not X + 10^-30."""
        text = _RULESET
        ruleset = ii.parse_ruleset(text, source="one-rounding.toml")
        sub = ii.Submission(agency="x", group="g", values={"a": NUMERATOR, "b": Decimal(3)})
        result = ii.score(ruleset, [sub]).score_for("x").criterion("c")
        assert result.points == X
        assert ii.score(ruleset, [sub]).score_for("x").total == Decimal("0.12")
        assert ii.score_totals(ruleset, [sub]).totals == (Decimal("0.12"),)

    @pytest.mark.parametrize(
        ("numerator", "denominator"),
        [(Decimal(2), Decimal(3)), (Decimal(1), Decimal(7)), (Decimal("0.123456789"), Decimal(11)), (NUMERATOR, Decimal(3)), (Decimal(10) ** -15, Decimal(9))],
    )
    def test_matches_the_exact_fraction(self, numerator: Decimal, denominator: Decimal) -> None:
        """Settling a quotient gives the exact fraction rounded once, for quotients that do not terminate."""
        with localcontext(CONTEXT):
            assert settle(numerator / denominator) == _once(numerator, denominator)

    def test_exact_values_in_their_shortest_form(self) -> None:
        """A quotient that terminates within 30 places is exact, written in its shortest form: 9 ÷ 12 × 20 is 15."""
        assert str(share(Decimal(9), Decimal(12), Decimal(20))) == "15"
        assert str(settle(Decimal("17.00"))) == "17"
        assert str(settle(Decimal("2.50"))) == "2.5"
        assert str(from_units(15 * UNIT)) == "15"
        assert str(from_units(UNIT // 4)) == "0.25"

    def test_sum_of_quotients_rounded_once(self) -> None:
        """The parts of a sum are kept at 60 places, rounded to odd, and their sum is rounded once, half-even, to 30."""
        text = _RULESET.replace(
            'rule = { kind = "ratio", numerator = "a", denominator = "b", when_denominator_zero = "zero" }',
            """[criteria.rule]
kind = "sum"
cap = 1
parts = [
  { id = "p", max_points = 0.5, rule = { kind = "ratio", numerator = "a", denominator = "b", when_denominator_zero = "zero" } },
  { id = "q", max_points = 0.5, rule = { kind = "ratio", numerator = "b", denominator = "c", when_denominator_zero = "zero" } },
]""",
        ).replace('[[indicators]]\nid = "b"', '[[indicators]]\nid = "c"\nlabel = { en = "C" }\ntype = "number"\n[[indicators]]\nid = "b"')
        text = text.replace("provenance = { status", "[criteria.provenance]\nstatus").replace(', citation = "tests" }', '\ncitation = "tests"')
        ruleset = ii.parse_ruleset(text, source="sum.toml")
        for a, b, c in ((1, 3, 7), (2, 3, 9), (5, 6, 7), (1, 7, 11)):
            sub = ii.Submission(agency="x", group="g", values={"a": Decimal(a), "b": Decimal(b), "c": Decimal(c)})
            exact = Fraction(a, b) / 2 + Fraction(b, c) / 2
            got = ii.score(ruleset, [sub]).score_for("x").criterion("c").points
            assert got == _once(Decimal(exact.numerator), Decimal(exact.denominator))


class TestIntegerCore:
    """The integer rules every path uses: rounding an exact fraction once, in each declared mode."""

    @given(st.integers(-(10**40), 10**40), st.integers(0, 40), st.sampled_from(sorted(MODES)))
    def test_rounded_is_the_declared_mode(self, n: int, k: int, mode: str) -> None:
        """``rounded(n, 10^k, mode)`` is the Decimal rounding of n × 10^-k to an integer in that mode."""
        with localcontext(Context(prec=100)):
            want = Decimal(n).scaleb(-k).quantize(Decimal(1), rounding=MODES[mode])
        assert rounded(n, 10**k, mode) == int(want)

    @given(st.integers(-(10**30), 10**30), st.integers(1, 10**20))
    def test_half_even_and_to_odd(self, n: int, d: int) -> None:
        """Half-even is the nearest integer (ties to even); to-odd is exact, or the odd one of the two neighbours."""
        exact = Fraction(n, d)
        h = half_even(n, d)
        assert abs(h - exact) <= Fraction(1, 2)
        if abs(h - exact) == Fraction(1, 2):
            assert h % 2 == 0
        o = to_odd(n, d)
        if exact.denominator == 1:
            assert o == exact
        else:
            assert o % 2 == 1
            assert abs(o - exact) < 1

    @given(st.integers(-(10**12), 10**12), st.integers(1, 10**12), st.integers(0, 6), st.sampled_from(sorted(MODES)))
    def test_points_snap_then_round(self, n: int, d: int, places: int, mode: str) -> None:
        """A value is snapped half-even to 24 places, then rounded as declared (``round_points``, on Decimal values, is the same rule)."""
        snapped = half_even(n * 10**24, d)
        assert points_units(n, d, places, mode) == rounded(snapped, 10 ** (24 - places), mode)
        value = Decimal(n) / Decimal(d) if Fraction(n, d) == Fraction(Decimal(n) / Decimal(d)) else None
        if value is not None:
            assert round_points(value, places, mode) == Decimal(points_units(n, d, places, mode)).scaleb(-places)


class TestPipelinePieces:
    """The small rules every path calls, stated on their own."""

    def test_caps(self) -> None:
        """A sum is capped only when the ruleset declares a cap, and only downwards."""
        assert capped(Decimal(4), None) == 4
        assert capped(Decimal(4), Decimal(3)) == 3
        assert capped(Decimal(2), Decimal(3)) == 2

    def test_clamp(self) -> None:
        """base + bonus − penalty is clamped to [0, scale], and the side that clamped is told."""
        assert clamped(Decimal(99), Decimal(3), Decimal(0), Decimal(100)) == (Decimal(100), 1)
        assert clamped(Decimal(2), Decimal(0), Decimal(5), Decimal(100)) == (Decimal(0), -1)
        assert clamped(Decimal(50), Decimal(1), Decimal(2), Decimal(100)) == (Decimal(49), 0)

    def test_bands_and_ranks(self) -> None:
        """The first band whose minimum a total reaches; competition ranks 1, 2, 2, 4."""
        bands = [type("B", (), {"min": Decimal(m), "id": i})() for m, i in ((80, "good"), (65, "fair"), (0, "weak"))]
        assert band_of(Decimal("80.00"), bands).id == "good"
        assert band_of(Decimal("79.99"), bands).id == "fair"
        assert band_of(Decimal("0"), bands).id == "weak"
        ranks = competition_ranks([("p", Decimal(9)), ("q", Decimal(5)), ("r", Decimal(5)), ("s", Decimal(1)), ("t", None)])
        assert ranks == {"p": 1, "q": 2, "r": 2, "s": 4}
