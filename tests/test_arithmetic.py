"""
The arithmetic module: one rule for settling a quotient (rounded once, from the exact fraction),
and the pieces of the pipeline every path calls.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction

import pytest

import indicator_index as ii
from indicator_index._arithmetic import CONTEXT, band_of, capped, clamped, competition_ranks, settle, share


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
        text = """
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

    def test_exact_values_keep_their_form(self) -> None:
        """A quotient that terminates within 30 places is not touched: 9 ÷ 12 × 20 is 15.00, as the docs show."""
        with localcontext(CONTEXT):
            assert str(settle(share(Decimal(9), Decimal(12), Decimal(20)))) == "15.00"
            assert str(settle(Decimal(15))) == "15"


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
