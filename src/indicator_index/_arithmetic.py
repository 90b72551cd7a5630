"""
The arithmetic of a score, written once.

Every path that computes points or totals (``score``, the batch path, why-not
and the gap planner's model, robustness) calls these functions: the context
the arithmetic runs in, how a quotient is settled, the rescaling of a
criterion to its group's maximum and of the sections to the scale, the caps on
bonus and penalty, the clamp, the declared rounding, the band of the rounded
total and the competition ranks. ``docs/scoring.md`` states each rule in words.

Exactness. Sums and products run in a context wide enough (80 significant
digits) to be exact for every value the input checks let through. A quotient
is the only operation that can be inexact: it is taken from exact operands,
last, in that context with ``ROUND_05UP`` (so an inexact result never ends in
0 or 5 and can never pass for an exact one), then *settled*: rounded once,
half-even, to 30 decimal places. Round-to-odd at 80 digits followed by one
rounding at 30 places (at most 40 significant digits for points below 10^9)
gives exactly the rounding of the exact fraction: a value is rounded once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    DivisionByZero,
    FloatOperation,
    InvalidOperation,
    Overflow,
)
from typing import Protocol, TypeVar


__all__ = [
    "CONTEXT",
    "INPUT_DIGITS",
    "MODES",
    "ZERO",
    "band_of",
    "capped",
    "clamped",
    "competition_ranks",
    "criterion_points",
    "round_points",
    "round_total",
    "section_share",
    "settle",
    "share",
]


class _Banded(Protocol):
    @property
    def min(self) -> Decimal: ...


_B = TypeVar("_B", bound=_Banded)
_K = TypeVar("_K")

ZERO = Decimal(0)
ONE = Decimal(1)
# Arithmetic context: 80 significant digits, quotients rounded toward zero unless that would end in 0 or 5
# (round-to-odd for decimals), and any float mixing, invalid operation, division by zero or overflow is an
# error, never a silent NaN.
CONTEXT = Context(
    prec=80,
    rounding=ROUND_05UP,
    traps=[InvalidOperation, DivisionByZero, Overflow, FloatOperation],
)
# The most significant digits an input value may have (checked when data is read): products and
# sums of such values with a ruleset's numbers stay exact in the context above.
INPUT_DIGITS = 40
# Settled values carry at most 30 decimal places.
PLACES = 30
_SETTLE = Decimal(1).scaleb(-PLACES)
# Before the declared rounding, results are snapped to 24 places so that the
# last-digit noise of a division (79.999…9 for an exact 80) cannot tip a
# truncating rounding mode across a band edge.
_NOISE = Decimal("1e-24")
MODES = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "half_down": ROUND_HALF_DOWN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}


def settle(value: Decimal) -> Decimal:
    """
    *value* with at most 30 decimal places: rounded once, half-even, when it carries more.

    A value with at most 30 places keeps its own form (15 stays 15, 17.00 stays 17.00).
    """
    settled = value.quantize(_SETTLE, rounding=ROUND_HALF_EVEN)
    # Numerically at most 30 places, and not written with more (trailing zeros): compare_total_mag
    # orders equal magnitudes by exponent, so it is >= 0 exactly when value's exponent is >= -30.
    if settled == value and value.compare_total_mag(settled) >= 0:
        return value
    return settled


def share(part: Decimal, whole: Decimal, points: Decimal, settled: bool = False) -> Decimal:
    """
    *part* ÷ *whole* × *points*, with the division last; settled when *settled* is true.

    When *part* ÷ *whole* terminates the result is that quotient times *points*,
    exact and in its natural form (9 ÷ 12 × 20 = 15.00); otherwise it is the one
    quotient *part* × *points* ÷ *whole* of exact operands, rounded to odd at
    80 digits, which :func:`settle` then rounds once (such a quotient always has
    more than 30 places, so settling it is that one rounding). Run inside :data:`CONTEXT`.
    """
    quotient = part / whole
    if quotient * whole == part:
        value = quotient * points
        return settle(value) if settled else value
    value = part * points / whole
    return value.quantize(_SETTLE, rounding=ROUND_HALF_EVEN) if settled else value


def criterion_points(points: Decimal, base_max: Decimal, group_max: Decimal, rounding: tuple[int, str] | None) -> Decimal:
    """
    A criterion's points for a group: *points* earned on the criterion's own maximum
    *base_max*, rescaled to the group's maximum, settled (rounded once to 30 places)
    and, when the ruleset rounds each criterion, rounded as declared but never above
    the maximum.
    """
    points = share(points, base_max, group_max, settled=True) if group_max != base_max else settle(points)
    if rounding is not None:
        # Rounding each criterion must not lift it over its maximum (2.5 rounded up to 3).
        points = min(round_points(points, *rounding), group_max)
    return points


def section_share(points: Decimal, scale: Decimal, applicable_max: Decimal) -> Decimal:
    """A section's contribution to the base score: *points* × *scale* ÷ the applicable maximum, settled."""
    return settle(points * scale / applicable_max)


def capped(raw: Decimal, cap: Decimal | None) -> Decimal:
    """The sum of bonus (or penalty) points after the ruleset's cap, if it declares one."""
    return raw if cap is None or raw <= cap else cap


def clamped(base: Decimal, bonus: Decimal, penalty: Decimal, scale: Decimal) -> tuple[Decimal, int]:
    """
    ``(base + bonus − penalty clamped to [0, scale], side)``: *side* is 1 when the
    scale clamped it, −1 when 0 did, 0 when it was within bounds.
    """
    value = base + bonus - penalty
    if value > scale:
        return scale, 1
    if value < ZERO:
        return ZERO, -1
    return value, 0


def round_points(value: Decimal, places: int, mode: str) -> Decimal:
    """Round *value* to *places* decimal places with a ruleset rounding *mode*, after snapping it to 24 places."""
    exponent = Decimal(1).scaleb(-places)
    snapped = value.quantize(_NOISE, rounding=ROUND_HALF_EVEN) if value.adjusted() < 15 else value
    return snapped.quantize(exponent, rounding=MODES[mode])


def round_total(unrounded: Decimal, scale: Decimal, places: int, mode: str) -> Decimal:
    """Round a total as declared, never above the scale (a scale of 0.5 at 0 places tops out at 0)."""
    total = round_points(unrounded, places, mode)
    if total > scale:
        total = scale.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    return total


def band_of(total: Decimal, bands_desc: Sequence[_B]) -> _B:
    """The band of a rounded *total*: the first of *bands_desc* (highest ``min`` first) whose ``min`` it reaches, else the lowest."""
    for band in bands_desc:
        if total >= band.min:
            return band
    return bands_desc[-1]


def competition_ranks(totals: Iterable[tuple[_K, Decimal | None]]) -> dict[_K, int]:
    """Competition ranks (1, 2, 2, 4) by total, highest first, keyed as *totals* is; ``None`` totals get no rank."""
    ordered = sorted(((t, a) for a, t in totals if t is not None), key=lambda ta: ta[0], reverse=True)
    ranks: dict[_K, int] = {}
    previous: Decimal | None = None
    current = 0
    for position, (total, agency) in enumerate(ordered, start=1):
        if total != previous:
            current = position
            previous = total
        ranks[agency] = current
    return ranks
