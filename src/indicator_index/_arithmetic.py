"""
The arithmetic of a score, written once.

Every path that computes points or totals (``score``, the batch path, why-not
and the gap planner's model, robustness) calls these functions: the context
the arithmetic runs in, how a quotient is settled, the rescaling of a
criterion to its group's maximum and of the sections to the scale, the caps on
bonus and penalty, the clamp, the declared rounding, the band of the rounded
total and the competition ranks. ``docs/scoring.md`` states each rule in words.

Exactness. Points are integers in units of 10^-30 (:data:`UNIT`), values in
units of 10^-K (K is 18, or the places of a cohort's longest value): sums and
products are exact. A quotient is one integer division of exact operands,
rounded once from its remainder: half-even to 30 places for what a criterion,
bonus or penalty earns; to odd at 60 places (:data:`FINE`) for values that are
combined before they are settled (the parts of a sum, the alternatives of a
best-of, a criterion before its rescaling), which are then rounded once,
half-even, to 30 places. The ``Decimal`` functions below (:func:`settle`,
:func:`share`, :func:`section_share`, :func:`round_points`, :func:`round_total`)
convert exactly and call the integer ones: the same rules for reports and
traces. ``docs/scoring.md`` says why k = 30.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
from itertools import repeat
from operator import mul
from typing import Protocol, TypeVar


__all__ = [
    "CONTEXT",
    "FINE",
    "INPUT_DIGITS",
    "MODES",
    "UNIT",
    "ZERO",
    "band_of",
    "capped",
    "clamped",
    "competition_ranks",
    "exact_factor",
    "from_units",
    "half_even",
    "points_units",
    "rescaled",
    "round_each",
    "round_points",
    "round_total",
    "rounded",
    "section_share",
    "section_shares",
    "settle",
    "settle_fine",
    "share",
    "times",
    "to_odd",
    "total_units",
    "units",
]


class _Banded(Protocol):
    @property
    def min(self) -> Decimal: ...


_B = TypeVar("_B", bound=_Banded)
_K = TypeVar("_K")
_N = TypeVar("_N", int, Decimal)

ZERO = Decimal(0)
ONE = Decimal(1)
# The context of the input checks and of converting values: 80 significant digits (exact for every value
# the checks let through), and any float mixing, invalid operation, division by zero or overflow is an
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
MODES = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "half_down": ROUND_HALF_DOWN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}


# --- The integer core -------------------------------------------------------------------------------------------------
#
# Points are integers in units of 10^-30 (UNIT). Values that are not settled yet (the parts of a sum, the
# alternatives of a best-of, a criterion before it is rescaled to its group's maximum) are integers in units
# of 10^-60 (FINE), their quotients rounded to odd: the one rounding to 30 places that follows is then the
# rounding of the exact value (see docs/scoring.md, "Exactness"). Every function below that takes a
# numerator and a denominator takes a denominator > 0.

UNIT = 10**PLACES
FINE_PLACES = 60
FINE = 10**FINE_PLACES
# FINE units per UNIT.
FINE_PER_UNIT = FINE // UNIT
# Below 10^15 points, a value is snapped to 24 places before the declared rounding.
_SNAPPED = 10**24
_SNAP_BELOW = 10**15


def half_even(numerator: int, denominator: int) -> int:
    """*numerator* ÷ *denominator* rounded half-even to an integer."""
    q, r = divmod(numerator, denominator)
    twice = r + r
    if twice > denominator or (twice == denominator and q & 1):
        return q + 1
    return q


def to_odd(numerator: int, denominator: int) -> int:
    """*numerator* ÷ *denominator* rounded to odd: exact when it divides, else the odd one of the two neighbours."""
    q, r = divmod(numerator, denominator)
    return q | 1 if r else q


def rounded(numerator: int, denominator: int, mode: str) -> int:
    """*numerator* ÷ *denominator* rounded to an integer with a ruleset rounding *mode* (see :data:`MODES`)."""
    q, r = divmod(numerator, denominator)
    if not r or mode == "floor":
        return q
    if mode == "ceiling":
        return q + 1
    away = q if numerator < 0 else q + 1
    toward = q + 1 if numerator < 0 else q
    if mode == "down":
        return toward
    if mode == "up":
        return away
    twice = r + r
    if twice != denominator:
        return q if twice < denominator else q + 1
    if mode == "half_even":
        return q + (q & 1)
    return away if mode == "half_up" else toward


def units(value: Decimal, places: int = PLACES) -> int:
    """*value* as an integer in units of 10^-*places*; *value* must have at most *places* decimal places."""
    scaled = value.scaleb(places, CONTEXT)
    whole = int(scaled)
    if whole != scaled:
        msg = f"{value} has more than {places} decimal places"
        raise ValueError(msg)
    return whole


def from_units(amount: int, places: int = PLACES) -> Decimal:
    """The ``Decimal`` of *amount* units of 10^-*places*, in its shortest exact form (``15``, ``2.5``)."""
    whole, rest = divmod(amount, 10**places)
    if not rest:
        return Decimal(whole)
    return Decimal(amount).scaleb(-places, CONTEXT).normalize(CONTEXT)


def points_units(numerator: int, denominator: int, places: int, mode: str) -> int:
    """
    The fraction *numerator* ÷ *denominator* of a point (a value in points) rounded to *places* decimal places
    with *mode*, after snapping it (half-even) to 24 places when it is below 10^15: an integer in units of
    10^-*places*. The snapping keeps the last-digit noise of a division (79.999…9 for an exact 80) from tipping a
    truncating mode across a band edge.
    """
    if abs(numerator) < _SNAP_BELOW * denominator:
        snapped = half_even(numerator * _SNAPPED, denominator)
        return rounded(snapped, 10 ** (24 - places), mode) if places <= 24 else snapped * 10 ** (places - 24)
    return rounded(numerator * 10**places, denominator, mode)


def exact_factor(per: int, value_places: int) -> int | None:
    """
    The integer *f* with ``v × per = v × f`` in points units, for a value *v* in units of 10^-*value_places*
    and *per* points in units, or ``None`` when the product needs a rounding (see :func:`times`).
    """
    scale = 10**value_places
    return per // scale if per % scale == 0 else None


def times(per: int, value_places: int, fine: bool) -> Callable[[int], int]:
    """
    ``v ↦ v × per``: a value *v* (in units of 10^-*value_places*) times *per* points (in units, or in fine
    units when *fine*), in points units: exact when the product has no more places than those units carry
    (a ruleset number has at most 12 places, a value usually at most 18), else rounded once (half-even, or
    to odd when *fine*).
    """
    factor = exact_factor(per, value_places)
    if factor is not None:
        return lambda v: v * factor
    scale = 10**value_places
    rnd = to_odd if fine else half_even
    return lambda v: rnd(v * per, scale)


def settle_fine(value: int) -> int:
    """A value in fine units (10^-60) rounded once, half-even, to units (10^-30)."""
    return half_even(value, FINE_PER_UNIT)


def rescaled(points: int, base_max: int, group_max: int) -> int:
    """A criterion's *points* (fine units) on its own maximum *base_max* rescaled to its group's *group_max* (units), rounded once to units."""
    return half_even(points * group_max, base_max * FINE_PER_UNIT)


def round_each(points: int, group_max: int, places: int, mode: str) -> int:
    """A criterion's *points* (units) rounded as the ruleset declares, never above its maximum *group_max* (2.5 rounded up to 3 stays 2.5's maximum)."""
    rounded_points = points_units(points, UNIT, places, mode) * 10 ** (PLACES - places)
    return group_max if group_max < rounded_points else rounded_points


def section_shares(points: Sequence[int], scale: int, applicable_max: Sequence[int]) -> list[int]:
    """
    A section's contribution to the base score of each agency, in units: its *points* × *scale* ÷ its
    applicable maximum, rounded once (half-even): *points* and *applicable_max* hold one number per agency.
    """
    return list(map(half_even, map(mul, points, repeat(scale)), applicable_max))


def total_units(numerator: int, denominator: int, scale: int, places: int, mode: str) -> int:
    """
    A total (the fraction *numerator* ÷ *denominator* of a point) rounded as declared, in units of 10^-*places*,
    never above the *scale* (in units; a scale of 0.5 at 0 places tops out at 0).
    """
    total = points_units(numerator, denominator, places, mode)
    step = 10 ** (PLACES - places)
    if total * step > scale:
        total = scale // step
    return total


# --- The same rules for Decimal values ------------------------------------------------------------------------------
#
# What reports, traces, the explain model and tests call: each converts exactly and calls the integer core.


def settle(value: Decimal) -> Decimal:
    """*value* rounded once, half-even, to at most 30 decimal places, in its shortest exact form."""
    numerator, denominator = value.as_integer_ratio()
    return from_units(half_even(numerator * UNIT, denominator))


def share(part: Decimal, whole: Decimal, points: Decimal) -> Decimal:
    """*part* ÷ *whole* × *points*, the exact fraction rounded once, half-even, to 30 places (*whole* ≠ 0)."""
    a, b = part.as_integer_ratio()
    c, d = whole.as_integer_ratio()
    e, f = points.as_integer_ratio()
    numerator, denominator = a * d * e * UNIT, b * c * f
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    return from_units(half_even(numerator, denominator))


def section_share(points: Decimal, scale: Decimal, applicable_max: Decimal) -> Decimal:
    """A section's contribution to the base score: *points* × *scale* ÷ the applicable maximum, settled."""
    return share(points, applicable_max, scale)


def capped(raw: _N, cap: _N | None) -> _N:
    """The sum of bonus (or penalty) points after the ruleset's cap, if it declares one."""
    return raw if cap is None or raw <= cap else cap


def clamped(base: _N, bonus: _N, penalty: _N, scale: _N) -> tuple[_N, int]:
    """
    ``(base + bonus − penalty clamped to [0, scale], side)``: *side* is 1 when the
    scale clamped it, −1 when 0 did, 0 when it was within bounds. Integers (units) or ``Decimal``.
    """
    value = base + bonus - penalty
    if value > scale:
        return scale, 1
    if value < 0:
        return scale - scale, -1
    return value, 0


def round_points(value: Decimal, places: int, mode: str) -> Decimal:
    """Round *value* to *places* decimal places with a ruleset rounding *mode*, after snapping it to 24 places (see :func:`points_units`)."""
    numerator, denominator = value.as_integer_ratio()
    return Decimal(points_units(numerator, denominator, places, mode)).scaleb(-places, CONTEXT)


def round_total(unrounded: Decimal, scale: Decimal, places: int, mode: str) -> Decimal:
    """Round a total as declared, never above the scale (a scale of 0.5 at 0 places tops out at 0)."""
    numerator, denominator = unrounded.as_integer_ratio()
    return Decimal(total_units(numerator, denominator, units(scale), places, mode)).scaleb(-places, CONTEXT)


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
