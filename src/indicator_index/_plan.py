"""
The plan: a ruleset compiled once, and the only place a score is computed.

A ruleset compiles, per agency group, into one closure per criterion, bonus
and penalty item, by rule kind, with every lookup resolved: indicator ids
become positions in a row of values, constants are bound, and cohort-relative
rules are bound to their group's lowest and highest values once per cohort.
Every path evaluates through it: :func:`~indicator_index.score` (which builds
the per-criterion trace from what the plan stored, when it is read), the
batch path (:class:`~indicator_index.BatchScorer`), why-not and the gap
planner's model, and robustness. The arithmetic the closures and the
aggregation use (settling, rescaling, caps, clamp, rounding, bands, ranks) is
:mod:`indicator_index._arithmetic`; the reasons and problems they report are
:class:`~indicator_index._messages.Message` codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, localcontext
from itertools import repeat
from operator import add, itemgetter
from typing import Any, NewType

from indicator_index._arithmetic import (
    CONTEXT,
    FINE_PLACES,
    PLACES,
    UNIT,
    band_of,
    capped,
    clamped,
    exact_factor,
    from_units,
    half_even,
    rescaled,
    round_each,
    section_shares,
    settle_fine,
    times,
    to_odd,
    total_units,
    units,
)
from indicator_index._mapping import FrozenDict
from indicator_index._messages import Message
from indicator_index._model import Ruleset
from indicator_index._rules import (
    BestOf,
    Choice,
    Info,
    MinMax,
    PerItem,
    Proportional,
    Ratio,
    Relative,
    SumOf,
    Tiers,
    YesNo,
)
from indicator_index.errors import Problem


Row = tuple[object, ...]
"""An agency's resolved indicator values, by the position the plan gives each indicator; ``None`` when missing."""
UnitRow = NewType("UnitRow", tuple[object, ...])
"""A row whose numbers are integers in units of 10^-K (the places of its cohort, see :func:`unit_rows`); yes/no and choices as they are."""
_Points = Callable[[Sequence[Any]], list[Any]]
"""A compiled rule bound to its cohort: the points (integer units, or ``None``) of each of a sequence of unit rows."""
_Stats = Mapping[str, tuple[int, int]]
_Bind = Callable[[_Stats], _Points]
_Missing = Callable[[Row], tuple[str, ...]]
EMPTY_STATS: dict[str, tuple[int, int]] = {}
# The places a cohort's values are written with, at least: every value with at most 18 places (nearly all
# data) is an integer in units of 10^-18, and a ruleset number (at most 12 places) times it is exact in
# units of 10^-30 without a division. A cohort with longer values is written with their places.
VALUE_PLACES = 18


# --- Compiling rules into closures ------------------------------------------------------------------------------------
#
# Each rule compiles to a *binder*: given the cohort statistics of its item (lowest, highest value per indicator, in
# value units; ignored by the rules that need none), it returns a closure ``points(rows)`` giving, for each row, the
# rule's points in integer units (see :class:`_Scale`), or *on_missing* when an input is missing. A top-level ratio
# rule whose denominator is 0 and that declares that "not applicable" gives ``None``. A closure runs over many rows
# at once (a column of points), one agency or a whole comparison cohort. Each rule kind is written once, here: the
# scale it is compiled for decides the units and the rounding of its one quotient.


class _Scale:
    """
    How a compiled rule writes its points, and the places of the values it reads.

    A *settled* scale writes points in units of 10^-30, a quotient rounded once half-even: what a criterion,
    bonus or penalty earns. A *fine* one writes them in units of 10^-60, a quotient rounded to odd: the parts of a
    sum, the alternatives of a best-of and a criterion before its rescaling, which are rounded once more, to 30
    places, when they are combined (:mod:`indicator_index._arithmetic`, "Exactness").
    """

    __slots__ = ("fine", "places", "rnd", "value_places")

    def __init__(self, fine: bool, value_places: int) -> None:
        self.fine = fine
        self.places = FINE_PLACES if fine else PLACES
        self.rnd: Callable[[int, int], int] = to_odd if fine else half_even
        self.value_places = value_places

    def points(self, value: Decimal) -> int:
        """A ruleset number of points in this scale's units (exact: a ruleset number has at most 12 places)."""
        with localcontext(CONTEXT):
            return units(value, self.places)

    def value(self, value: Decimal) -> int:
        """A ruleset number compared with values (a threshold), in value units."""
        return units(value, self.value_places)

    def product(self, per: int) -> Callable[[int], int]:
        """``v ↦ v × per`` for a value *v* (value units) and *per* points (this scale's units) per 1 of the value."""
        return times(per, self.value_places, self.fine)


def _const(fn: _Points) -> _Bind:
    """A binder for a rule that needs no statistics."""

    def bind(stats: _Stats) -> _Points:
        return fn

    return bind


def _no_stats(on_missing: int | None) -> _Points:
    """
    The closure of a cohort-relative rule for a group where no agency has it
    (all missing or claimed): any agency asking for its points lacks an input.
    """

    def points(rows: Sequence[Any]) -> list[Any]:
        return [on_missing] * len(rows)

    return points


def _compile_proportional(rule: Proportional, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``Proportional`` rule: the value times the maximum."""
    k = index[rule.indicator]
    mu = sc.points(m)
    factor = exact_factor(mu, sc.value_places)
    if factor is not None:  # the common case: the product is exact in points units

        def proportional_exact(rows: Sequence[Any]) -> list[Any]:
            return [on_missing if (v := r[k]) is None else v * factor for r in rows]

        return False, _const(proportional_exact)
    times = sc.product(mu)

    def proportional(rows: Sequence[Any]) -> list[Any]:
        return [on_missing if (v := r[k]) is None else times(v) for r in rows]

    return False, _const(proportional)


def _compile_ratio(rule: Ratio, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``Ratio`` rule: numerator ÷ denominator, kept within [0, 1], times the maximum."""
    i, j = index[rule.numerator], index[rule.denominator]
    mu = sc.points(m)
    rnd = sc.rnd
    when_zero: int | None = mu if rule.when_denominator_zero == "full" else 0
    if top and rule.when_denominator_zero == "not_applicable":
        when_zero = None

    def ratio(rows: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        append = out.append
        for r in rows:
            a = r[i]
            b = r[j]
            if a is None or b is None:
                append(on_missing)
            elif b == 0:
                append(when_zero)
            else:
                if b < 0:
                    a, b = -a, -b
                append(mu if a > b else 0 if a < 0 else rnd(a * mu, b))
        return out

    return False, _const(ratio)


def _compile_relative(rule: Relative, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``Relative`` rule: the value against the group's best."""
    k = index[rule.indicator]
    ind = rule.indicator
    higher = rule.direction == "higher"
    mu = sc.points(m)
    rnd = sc.rnd
    when_best_zero = mu if rule.when_best_is_zero == "full" else 0

    def bind_relative(stats: _Stats) -> _Points:
        lo_hi = stats.get(ind)
        if lo_hi is None:
            return _no_stats(on_missing)
        lo, hi = lo_hi
        if higher and hi <= 0:

            def relative_zero(rows: Sequence[Any]) -> list[Any]:
                return [on_missing if r[k] is None else when_best_zero for r in rows]

            return relative_zero
        if higher:

            def relative_higher(rows: Sequence[Any]) -> list[Any]:
                return [on_missing if (v := r[k]) is None else rnd((v if v > 0 else 0) * mu, hi) for r in rows]

            return relative_higher

        def relative_lower(rows: Sequence[Any]) -> list[Any]:
            return [on_missing if (v := r[k]) is None else mu if v <= lo else 0 if lo <= 0 else rnd(lo * mu, v) for r in rows]

        return relative_lower

    return True, bind_relative


def _compile_min_max(rule: MinMax, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``MinMax`` rule: the value's place between the group's lowest and highest."""
    k = index[rule.indicator]
    ind = rule.indicator
    higher = rule.direction == "higher"
    mu = sc.points(m)
    rnd = sc.rnd
    when_equal = mu if rule.when_all_equal == "full" else 0

    def bind_min_max(stats: _Stats) -> _Points:
        lo_hi = stats.get(ind)
        if lo_hi is None:
            return _no_stats(on_missing)
        lo, hi = lo_hi
        if hi == lo:

            def min_max_equal(rows: Sequence[Any]) -> list[Any]:
                return [on_missing if r[k] is None else when_equal for r in rows]

            return min_max_equal
        span = hi - lo
        if higher:

            def min_max_higher(rows: Sequence[Any]) -> list[Any]:
                return [on_missing if (v := r[k]) is None else rnd((v - lo) * mu, span) for r in rows]

            return min_max_higher

        def min_max_lower(rows: Sequence[Any]) -> list[Any]:
            return [on_missing if (v := r[k]) is None else rnd((hi - v) * mu, span) for r in rows]

        return min_max_lower

    return True, bind_min_max


def _compile_tiers(rule: Tiers, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``Tiers`` rule: the points of the first tier the value reaches (at least, or at most, its threshold)."""
    k = index[rule.indicator]
    otherwise = sc.points(rule.otherwise)
    pairs = tuple((sc.value(t.threshold), sc.points(t.points)) for t in rule.tiers)
    # A valid ruleset's tiers are all "at least" (highest threshold first) or all "at most" (lowest first).
    at_least = all(t.at_least is not None for t in rule.tiers)

    def tiers_at_least(rows: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        append = out.append
        for r in rows:
            v = r[k]
            if v is None:
                append(on_missing)
                continue
            for threshold, pts in pairs:
                if v >= threshold:
                    append(pts)
                    break
            else:
                append(otherwise)
        return out

    def tiers_at_most(rows: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        append = out.append
        for r in rows:
            v = r[k]
            if v is None:
                append(on_missing)
                continue
            for threshold, pts in pairs:
                if v <= threshold:
                    append(pts)
                    break
            else:
                append(otherwise)
        return out

    return False, _const(tiers_at_least if at_least else tiers_at_most)


def _compile_yes_no(rule: YesNo, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``YesNo`` rule."""
    k = index[rule.indicator]
    yes = sc.points(m if rule.if_yes is None else rule.if_yes)
    no = sc.points(rule.if_no)

    def yes_no(rows: Sequence[Any]) -> list[Any]:
        return [on_missing if (v := r[k]) is None else yes if v else no for r in rows]

    return False, _const(yes_no)


def _compile_choice(rule: Choice, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``Choice`` rule: the points of the option chosen."""
    k = index[rule.indicator]
    if rule.points_by_option is not None:
        table = {option: sc.points(p) for option, p in rule.points_by_option.items()}
    else:
        assert rule.fraction_by_option is not None
        with localcontext(CONTEXT):
            table = {option: sc.points(fraction * m) for option, fraction in rule.fraction_by_option.items()}

    def choice(rows: Sequence[Any]) -> list[Any]:
        return [on_missing if (v := r[k]) is None else table[v] for r in rows]

    return False, _const(choice)


def _compile_per_item(rule: PerItem, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``PerItem`` rule: points per item, up to the maximum."""
    k = index[rule.indicator]
    mu = sc.points(m)
    per = sc.points(rule.points_per_item)
    factor = exact_factor(per, sc.value_places)
    if factor is not None:  # the common case: the product is exact in points units

        def per_item_exact(rows: Sequence[Any]) -> list[Any]:
            return [on_missing if (v := r[k]) is None else mu if mu < (p := v * factor) else p for r in rows]

        return False, _const(per_item_exact)
    times = sc.product(per)

    def per_item(rows: Sequence[Any]) -> list[Any]:
        return [on_missing if (v := r[k]) is None else mu if mu < (p := times(v)) else p for r in rows]

    return False, _const(per_item)


def _settled_from_fine(sc: _Scale) -> Callable[[int], int] | None:
    """What turns a fine value into *sc*'s units: one rounding to 30 places, or nothing for a fine scale."""
    return None if sc.fine else settle_fine


def _compile_sum_of(rule: SumOf, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``SumOf`` rule: its parts (fine) added up, up to the maximum, rounded once."""
    fine = _Scale(True, sc.value_places)
    parts = [_compile_rule(p.rule, p.max_points, index, None, False, fine) for p in rule.parts]
    needs = any(n for n, _ in parts)
    cap = fine.points(m)
    settle = _settled_from_fine(sc)

    def bind_sum(stats: _Stats) -> _Points:
        fns = tuple(b(stats) for _, b in parts)

        def sum_of(rows: Sequence[Any]) -> list[Any]:
            out: list[Any] = []
            append = out.append
            for found in zip(*[fn(rows) for fn in fns], strict=True):
                if None in found:
                    append(on_missing)
                    continue
                total = sum(found)
                if cap < total:
                    total = cap
                append(total if settle is None else settle(total))
            return out

        return sum_of

    return needs, bind_sum


def _compile_best_of(rule: BestOf, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``BestOf`` rule: the best of its alternatives (fine) that have their inputs, rounded once."""
    fine = _Scale(True, sc.value_places)
    alternatives = [_compile_rule(p.rule, m, index, None, False, fine) for p in rule.alternatives]
    needs = any(n for n, _ in alternatives)
    settle = _settled_from_fine(sc)

    def bind_best(stats: _Stats) -> _Points:
        fns = tuple(b(stats) for _, b in alternatives)

        def best_of(rows: Sequence[Any]) -> list[Any]:
            out: list[Any] = []
            append = out.append
            for found in zip(*[fn(rows) for fn in fns], strict=True):
                best = None
                for p in found:
                    if p is not None and (best is None or p > best):
                        best = p
                append(on_missing if best is None else best if settle is None else settle(best))
            return out

        return best_of

    return needs, bind_best


def _compile_info(rule: Info, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """The closure of a ``Info`` rule: 0, listed only."""

    def info(rows: Sequence[Any]) -> list[Any]:
        return [0] * len(rows)

    return False, _const(info)


_COMPILERS: dict[type, Callable[..., tuple[bool, _Bind]]] = {
    Proportional: _compile_proportional,
    Ratio: _compile_ratio,
    Relative: _compile_relative,
    MinMax: _compile_min_max,
    Tiers: _compile_tiers,
    YesNo: _compile_yes_no,
    Choice: _compile_choice,
    PerItem: _compile_per_item,
    SumOf: _compile_sum_of,
    BestOf: _compile_best_of,
    Info: _compile_info,
}


def _compile_rule(rule: object, m: Decimal, index: Mapping[str, int], on_missing: int | None, top: bool, sc: _Scale) -> tuple[bool, _Bind]:
    """``(needs_stats, binder)`` for *rule* scored on the maximum *m*, its points in *sc*'s units."""
    compiler = _COMPILERS.get(type(rule))
    if compiler is None:  # pragma: no cover - the set of kinds is closed
        msg = f"expected a rule kind, got {type(rule).__name__}"
        raise TypeError(msg)
    return compiler(rule, m, index, on_missing, top, sc)


def _compile_missing(rule: object, index: Mapping[str, int]) -> _Missing:
    """A closure giving what ``rule.missing(values)`` gives, read from a row."""
    if isinstance(rule, Info):
        return lambda row: ()
    if isinstance(rule, SumOf):
        parts = tuple(_compile_missing(p.rule, index) for p in rule.parts)
        return lambda row: tuple(dict.fromkeys(i for fn in parts for i in fn(row)))
    if isinstance(rule, BestOf):
        alternatives = tuple(_compile_missing(p.rule, index) for p in rule.alternatives)

        def best_missing(row: Row) -> tuple[str, ...]:
            gaps = [fn(row) for fn in alternatives]
            if any(not gap for gap in gaps):
                return ()
            return tuple(dict.fromkeys(i for gap in gaps for i in gap))

        return best_missing
    pairs = tuple((i, index[i]) for i in rule.indicator_ids())  # type: ignore[attr-defined]
    return lambda row: tuple([i for i, k in pairs if row[k] is None])


def _adjusted(fn: _Points, base_max: int, group_max: int, rounding: tuple[int, str] | None, fine: bool) -> _Points:
    """
    A criterion's points for its group: rescaled from its own maximum *base_max* to the group's *group_max*
    (both in units), rounded once to 30 places and, when the ruleset rounds each criterion, rounded as
    declared but never above the maximum. *fine*: *fn* gives fine units (it is rescaled), else units.
    """
    if rounding is None:

        def rescaled_only(rows: Sequence[Any]) -> list[Any]:
            return [None if p is None else rescaled(p, base_max, group_max) for p in fn(rows)]

        return rescaled_only
    places, mode = rounding

    def rounded_each(rows: Sequence[Any]) -> list[Any]:
        return [None if p is None else round_each(rescaled(p, base_max, group_max) if fine else p, group_max, places, mode) for p in fn(rows)]

    return rounded_each


class _Item:
    """One criterion, bonus or penalty item of one group, compiled."""

    __slots__ = (
        "base_max",
        "bind",
        "count_max",
        "excludable",
        "id",
        "info",
        "max",
        "missing",
        "not_applicable",
        "policy",
        "positions",
        "rule",
        "stats_position",
        "stats_positions",
    )

    def __init__(
        self,
        item_id: str,
        rule: Any,
        base_max: Decimal,
        group_max: Decimal,
        policy: str,
        excludable: bool,
        index: Mapping[str, int],
        rounding: tuple[int, str] | None,
        value_places: int,
    ) -> None:
        self.id = item_id
        self.rule = rule
        self.base_max = base_max
        self.max = group_max
        self.positions = tuple((i, index[i]) for i in rule.indicator_ids())
        self.policy = policy
        self.excludable = excludable
        self.info = info = rule.kind == "info"
        top = units(group_max)
        # What a counted item adds to the applicable maximum (in units): an info rule adds 0 whatever its maximum.
        self.count_max = 0 if info else top
        # Under the "zero" policy a missing input scores 0 and still counts, exactly what the closure returns.
        on_missing = 0 if policy == "zero" else None
        rescale = not info and group_max != base_max
        needs, bind = _compile_rule(rule, base_max, index, on_missing, True, _Scale(rescale, value_places))
        if rescale or (rounding is not None and not info):
            own = units(base_max)
            bind = _wrap(bind, lambda fn: _adjusted(fn, own, top, rounding, rescale))
        self.bind = bind
        self.missing = _compile_missing(rule, index)
        self.not_applicable: Callable[[Row], bool] | None = None
        if isinstance(rule, Ratio) and rule.when_denominator_zero == "not_applicable":
            den = index[rule.denominator]
            self.not_applicable = lambda row: row[den] == 0
        self.stats_positions = tuple((i, index[i]) for i in rule.stats_indicators()) if needs else ()
        # A relative or min-max rule reads one indicator: missing exactly when that value is.
        self.stats_position = index[rule.indicator] if isinstance(rule, Relative | MinMax) else None


def _wrap(bind: _Bind, wrapper: Callable[[_Points], _Points]) -> _Bind:
    return lambda stats: wrapper(bind(stats))


class _Group:
    """The compiled plan of one agency group, for values written with *value_places* places."""

    __slots__ = ("bonuses", "count_maxima", "criteria", "full_max", "penalties", "position", "sections", "slices", "stats_items", "strict_criteria")

    def __init__(self, ruleset: Ruleset, group: str, index: Mapping[str, int], value_places: int) -> None:
        plan = ruleset._plan
        rounding = (ruleset.rounding.places, ruleset.rounding.mode) if ruleset.rounding.each_criterion else None
        self.criteria = tuple(
            _Item(c.id, c.rule, c.max_points, group_max, c.missing or ruleset.missing, c.excludable, index, rounding, value_places)
            for c, group_max, _ in plan.criteria_by_group[group]
        )
        self.bonuses = tuple(
            _Item(b.id, b.rule, b.max_points, b.max_points, b.missing or ruleset.missing, False, index, rounding, value_places)
            for b, _ in plan.bonuses_by_group[group]
        )
        self.penalties = tuple(
            _Item(p.id, p.rule, p.max_points, p.max_points, p.missing or ruleset.missing, False, index, rounding, value_places)
            for p, _ in plan.penalties_by_group[group]
        )
        adjustment_sections = {item.section for item, _ in (*plan.bonuses_by_group[group], *plan.penalties_by_group[group]) if item.section is not None}
        # Criterion id -> its position among the group's criteria.
        self.position = position = {c.id: k for k, (c, _, _) in enumerate(plan.criteria_by_group[group])}
        # Criterion positions per counted section, in criteria order.
        self.sections = tuple(
            tuple(position[c.id] for c, _, _ in plan.criteria_by_group[group] if c.section == section.id)
            for section in plan.sections_by_group[group]
            if section.id not in adjustment_sections
        )
        # When each section's criteria are contiguous (the usual layout), a section's points are a slice.
        contiguous = all(sec == tuple(range(sec[0], sec[-1] + 1)) for sec in self.sections if sec)
        self.slices = tuple((sec[0], sec[-1] + 1) if sec else (0, 0) for sec in self.sections) if contiguous else None
        # The applicable maximum (units) when every criterion counts.
        self.count_maxima = tuple(item.count_max for item in self.criteria)
        self.strict_criteria = tuple(k for k, item in enumerate(self.criteria) if item.policy == "error")
        self.full_max = sum(self.count_maxima)
        self.stats_items = tuple(item for item in (*self.criteria, *self.bonuses, *self.penalties) if item.stats_positions)


def _compile(ruleset: Ruleset, index: Mapping[str, int], value_places: int) -> Mapping[str, _Group]:
    return FrozenDict({g.id: _Group(ruleset, g.id, index, value_places) for g in ruleset.groups})


def _cohort_stats(plan: _Group, idxs: list[int], rows: Sequence[UnitRow], claims: Sequence[Mapping[str, str] | None]) -> dict[str, dict[str, tuple[int, int]]]:
    """Lowest and highest value (in value units) per item and indicator in one group."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    if not plan.stats_items:
        return out
    group_rows = [rows[i] for i in idxs]
    claimed = [i for i in idxs if claims[i]]
    # Relative and min-max rules read one value, missing exactly when it is None: their columns are read in a
    # single pass over the rows (one pass per item would walk every row once per item).
    columns: list[tuple[_Item, int]] = []
    for item in plan.stats_items:
        item_id = item.id
        counted = group_rows
        if item.excludable and claimed:
            # An agency that claims, with evidence, that the item is outside its function is left out.
            skip = {i for i in claimed if claims[i].get(item_id)}  # type: ignore[union-attr]
            if skip:
                counted = [rows[i] for i in idxs if i not in skip]
        k = item.stats_position
        if k is not None and counted is group_rows:
            columns.append((item, k))
            continue
        bucket: dict[str, tuple[int, int]] = {}
        if k is not None:
            values: list[Any] = [row[k] for row in counted if row[k] is not None]
            if values:
                bucket[item.stats_positions[0][0]] = (min(values), max(values))
        else:
            missing = item.missing
            counted = [row for row in counted if not missing(row)]
            for indicator, k in item.stats_positions:
                values = [row[k] for row in counted if row[k] is not None]
                if values:
                    bucket[indicator] = (min(values), max(values))
        if bucket:
            out[item_id] = bucket
    if columns:
        if len(columns) == 1:
            k = columns[0][1]
            read: list[tuple[Any, ...]] = [tuple(row[k] for row in group_rows)]
        else:
            read = list(zip(*map(itemgetter(*(k for _, k in columns)), group_rows), strict=True))
        for (item, _), column in zip(columns, read, strict=True):
            values = [v for v in column if v is not None]
            if values:
                out[item.id] = {item.stats_positions[0][0]: (min(values), max(values))}
    return out


# --- The compiled ruleset -----------------------------------------------------------------------------------------------


class Plan:
    """A ruleset compiled once: indicator positions and, per group, the compiled items (see :func:`plan_for`)."""

    __slots__ = ("_variants", "groups", "index", "numeric", "ruleset")

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.index: Mapping[str, int] = FrozenDict({ind.id: k for k, ind in enumerate(ruleset.indicators)})
        # The positions of the indicators whose values are numbers (not yes/no, not a choice).
        self.numeric = tuple(k for k, ind in enumerate(ruleset.indicators) if ind.type not in ("yes_no", "choice"))
        # The groups compiled for values with at most VALUE_PLACES places; other places compile on demand.
        self.groups: Mapping[str, _Group] = _compile(ruleset, self.index, VALUE_PLACES)
        self._variants: dict[int, Mapping[str, _Group]] = {VALUE_PLACES: self.groups}

    def __reduce__(self) -> tuple[Any, ...]:
        # Closures do not pickle: a pickled ruleset (inside an assessment, say) compiles its plan again when used.
        return (_uncompiled, ())

    def groups_for(self, value_places: int) -> Mapping[str, _Group]:
        """The groups compiled for values written with *value_places* places (:func:`unit_rows`)."""
        groups = self._variants.get(value_places)
        if groups is None:
            groups = self._variants[value_places] = _compile(self.ruleset, self.index, value_places)
        return groups

    def row(self, values: Mapping[str, object]) -> Row:
        """A row of *values* (indicator id -> resolved value), ``None`` where a value is missing."""
        row: list[object] = [None] * len(self.index)
        index = self.index
        for key, value in values.items():
            row[index[key]] = value
        return tuple(row)


def plan_for(ruleset: Ruleset) -> Plan:
    """The ruleset's plan, compiled on first use and kept with the ruleset (which is immutable)."""
    cache = ruleset._plan.cache
    plan = cache.get("plan")
    if plan is None:
        plan = cache["plan"] = Plan(ruleset)
    return plan


def _uncompiled() -> None:
    """What a pickled plan becomes: nothing, so that :func:`plan_for` compiles it again."""
    return None


# Equal values of a cohort share one integer; the cache is bounded, as the readers' caches of equal texts are.
_SHARED_LIMIT = 65_536


def _places(value: Decimal) -> int:
    """The decimal places *value* needs to be written exactly (trailing zeros left out)."""
    if not value:
        return 0
    exponent = value.normalize(CONTEXT).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def unit_rows(plan: Plan, rows: Sequence[Row], value_places: int = VALUE_PLACES) -> tuple[int, tuple[UnitRow, ...]]:
    """
    ``(K, rows)``: *rows* with every number written as an integer in units of 10^-K, and K.

    K is *value_places* (by default :data:`VALUE_PLACES`), or the most places a value of *rows* carries when
    that is more: every value is written exactly. Score *rows* with :meth:`Plan.groups_for` of K.
    """
    numeric = plan.numeric
    shared: dict[Decimal, int] = {}
    out: list[UnitRow] = []
    for row in rows:
        converted = list(row)
        for k in numeric:
            v = converted[k]
            if v is None:
                continue
            u = shared.get(v)  # type: ignore[call-overload]
            if u is None:
                scaled = v.scaleb(value_places, CONTEXT)  # type: ignore[attr-defined]
                u = int(scaled)
                if u != scaled:  # more places than value_places: write the whole cohort with more
                    longest = max(_places(v) for r in rows for k in numeric if isinstance(v := r[k], Decimal))
                    return unit_rows(plan, rows, longest)
                if len(shared) >= _SHARED_LIMIT:
                    shared.clear()
                shared[v] = u  # type: ignore[index]
            converted[k] = u
        out.append(UnitRow(tuple(converted)))
    return value_places, tuple(out)


class Bound:
    """One group's closures bound to a cohort's statistics: criteria, bonuses and penalties, in order."""

    __slots__ = ("bonuses", "criteria", "group", "penalties")

    def __init__(self, group: _Group, stats: Mapping[str, _Stats]) -> None:
        self.group = group
        self.criteria = [item.bind(stats.get(item.id, EMPTY_STATS)) for item in group.criteria]
        self.bonuses = [item.bind(stats.get(item.id, EMPTY_STATS)) for item in group.bonuses]
        self.penalties = [item.bind(stats.get(item.id, EMPTY_STATS)) for item in group.penalties]


# --- Evaluating one agency ----------------------------------------------------------------------------------------------


class Outcome:
    """
    What the plan computed for one agency, in units of 10^-30 (:data:`~indicator_index._arithmetic.UNIT`):
    each item's points (``None`` when it does not count) and the totals; *total* is a ``Decimal`` with the
    ruleset's places. ``side`` tells how the total was clamped: 1 at the scale, −1 at 0, 0 not at all.
    :meth:`decimal` gives a number as a ``Decimal``.
    """

    __slots__ = (
        "applicable_max",
        "band",
        "base",
        "bonus",
        "bonus_raw",
        "bonuses",
        "criteria",
        "earned",
        "penalties",
        "penalty",
        "penalty_raw",
        "section_points",
        "side",
        "total",
        "unrounded",
    )

    criteria: list[int | None]
    bonuses: list[int | None]
    penalties: list[int | None]
    section_points: list[int]
    earned: int
    applicable_max: int
    base: int | None
    bonus_raw: int
    bonus: int
    penalty_raw: int
    penalty: int
    unrounded: int | None
    side: int
    total: Decimal | None
    band: str | None

    @staticmethod
    def decimal(amount: int | None) -> Decimal | None:
        """An amount of units as a ``Decimal`` in its shortest exact form; ``None`` stays ``None``."""
        return None if amount is None else from_units(amount)


def missing_problem(item: _Item, row: Row, agency: str, claim: str | None) -> Problem | None:
    """The problem of an item whose value is missing under the ``error`` policy, or ``None`` when nothing is missing."""
    missing = item.missing(row)
    if not missing:
        return None
    names = ", ".join(missing)
    message = Message("no_value_claim_refused", names=names) if claim == "" else Message("no_value", names=names)
    return Problem(message=message, agency=agency, criterion=item.id, indicator=missing[0])


def _publisher(ruleset: Ruleset) -> Callable[[int], tuple[Decimal, str]]:
    """
    ``unrounded ↦ (total, band)``: an unrounded total (units) rounded as the ruleset declares
    (:func:`~indicator_index._arithmetic.total_units`), as a ``Decimal`` with its places, and its band.
    Equal rounded totals of one evaluation share one pair.
    """
    scale = _units_of(ruleset)[0]
    places, mode = ruleset.rounding.places, ruleset.rounding.mode
    bands = ruleset._plan.bands_desc
    known: dict[int, tuple[Decimal, str]] = {}

    def publish(unrounded: int) -> tuple[Decimal, str]:
        rounded_total = total_units(unrounded, UNIT, scale, places, mode)
        found = known.get(rounded_total)
        if found is None:
            total = Decimal(rounded_total).scaleb(-places, CONTEXT)
            found = known[rounded_total] = (total, band_of(total, bands).id)
        return found

    return publish


def _units_of(ruleset: Ruleset) -> tuple[int, int | None, int | None]:
    """The ruleset's scale and bonus and penalty caps, in units."""
    cache = ruleset._plan.cache
    found = cache.get("units")
    if found is None:
        bonus_cap, penalty_cap = ruleset.bonus_cap, ruleset.penalty_cap
        found = cache["units"] = (
            units(ruleset.scale),
            None if bonus_cap is None else units(bonus_cap),
            None if penalty_cap is None else units(penalty_cap),
        )
    return found


def evaluate(
    bound: Bound,
    row: UnitRow,
    claims: Mapping[str, str] | None,
    agency: str,
    problems: list[Problem],
    ruleset: Ruleset,
) -> Outcome:
    """
    Everything the plan computes for one agency of *bound*'s group (:func:`evaluate_cohort` of a cohort of one):
    each item's points and the totals; a value missing under the ``error`` policy is appended to *problems*.
    """
    found: list[tuple[int, Problem]] = []
    out = _Columns(bound, [row], [claims], [agency], found, ruleset).outcome(0)
    problems.extend(p for _, p in found)
    return out


class _Columns:
    """
    The steps of ``docs/scoring.md`` for the agencies of one comparison cohort of *bound*'s group, one item at a
    time over every agency: each closure runs over the rows, giving a column of points per item, and every later
    step works column by column. This is the one evaluation: ``score``, the batch path and a trace read it.

    A claim with evidence takes the criterion out of that agency's denominator; a value missing under the ``error``
    policy is a problem (appended to *problems* as ``(position in rows, problem)``) and counts 0; anything else
    that gives ``None`` (missing under ``exclude``, a ratio "not applicable") does not count.
    """

    __slots__ = (
        "_clean",
        "_earned",
        "applicable",
        "band",
        "base",
        "bonus",
        "bonus_raw",
        "bonuses",
        "criteria",
        "penalties",
        "penalty",
        "penalty_raw",
        "section_points",
        "side",
        "total",
        "unrounded",
    )

    def __init__(
        self,
        bound: Bound,
        rows: Sequence[UnitRow],
        claims: Sequence[Mapping[str, str] | None],
        agencies: Sequence[str],
        problems: list[tuple[int, Problem]],
        ruleset: Ruleset,
    ) -> None:
        group = bound.group
        count = len(rows)
        self._earned: list[int] | None = None
        self.criteria = columns = _criteria_columns(bound, rows, claims, agencies, problems)
        self.bonuses = _adjustment_columns(group.bonuses, bound.bonuses, rows, agencies, problems)
        self.penalties = _adjustment_columns(group.penalties, bound.penalties, rows, agencies, problems)
        scale, bonus_cap, penalty_cap = _units_of(ruleset)
        # What counts: a column with a None counts 0 there, and its maximum leaves that agency's applicable maximum.
        applicable = [group.full_max] * count
        clean: list[list[int]] = []
        for top, column in zip(group.count_maxima, columns, strict=True):
            if None in column:
                cleaned = column[:]
                for j in _nones(column):
                    applicable[j] -= top
                    cleaned[j] = 0
                clean.append(cleaned)  # type: ignore[arg-type]  # no None left in it
            else:
                clean.append(column)  # type: ignore[arg-type]  # no None in it
        self.applicable = applicable
        self._clean = clean
        self.section_points = [_sums([clean[k] for k in section], count) for section in group.sections]
        self.bonus_raw = _sums([_zeroed(column) for column in self.bonuses], count)
        self.penalty_raw = _sums([_zeroed(column) for column in self.penalties], count)
        self.bonus = [capped(b, bonus_cap) for b in self.bonus_raw]
        self.penalty = [capped(q, penalty_cap) for q in self.penalty_raw]
        # An agency with nothing applicable has no total: its shares count 0 (and its base is None below).
        everyone = min(applicable, default=1) > 0
        base = [0] * count
        for points in self.section_points:
            shares = section_shares(points, scale, applicable) if everyone else list(map(_share_or_zero, points, repeat(scale), applicable))
            base = list(map(add, base, shares))
        self.base: list[int | None] = base  # type: ignore[assignment]
        unrounded: list[int | None] = [None] * count
        side = [0] * count
        total: list[Decimal | None] = [None] * count
        band: list[str | None] = [None] * count
        publish = _publisher(ruleset)
        for j, (own, b, q, a) in enumerate(zip(base, self.bonus, self.penalty, applicable, strict=True)):
            if a > 0:
                unrounded[j], side[j] = value, _ = clamped(own, b, q, scale)
                total[j], band[j] = publish(value)
            else:
                self.base[j] = None
        self.unrounded, self.side, self.total, self.band = unrounded, side, total, band

    @property
    def earned(self) -> list[int]:
        """Each agency's sum of its criteria's points (counted ones; computed when first asked for)."""
        found: list[int] | None = self._earned
        if found is None:
            found = self._earned = _sums(self._clean, len(self.applicable))
        return found

    def totals(self, j: int, earned: bool) -> Totals:
        """Agency *j*'s totals; the sum of its criteria's points only when *earned*."""
        return (
            self.earned[j] if earned else None,
            self.applicable[j],
            self.base[j],
            self.bonus[j],
            self.penalty[j],
            self.unrounded[j],
            self.total[j],
            self.band[j],
        )

    def outcome(self, j: int) -> Outcome:
        """Agency *j*'s :class:`Outcome`: its items' points and its totals."""
        out = Outcome()
        out.criteria = [column[j] for column in self.criteria]
        out.bonuses = [column[j] for column in self.bonuses]
        out.penalties = [column[j] for column in self.penalties]
        out.section_points = [points[j] for points in self.section_points]
        out.earned, out.applicable_max, out.base = self.earned[j], self.applicable[j], self.base[j]
        out.bonus_raw, out.bonus, out.penalty_raw, out.penalty = self.bonus_raw[j], self.bonus[j], self.penalty_raw[j], self.penalty[j]
        out.unrounded, out.side, out.total, out.band = self.unrounded[j], self.side[j], self.total[j], self.band[j]
        return out


def _criteria_columns(
    bound: Bound, rows: Sequence[UnitRow], claims: Sequence[Mapping[str, str] | None], agencies: Sequence[str], problems: list[tuple[int, Problem]]
) -> list[list[int | None]]:
    """
    Each criterion's column of points: ``None`` where a claim with evidence takes it out of the agency's denominator;
    0 where a value is missing under the ``error`` policy, which is a problem appended to *problems*.
    """
    group = bound.group
    columns: list[list[int | None]] = [fn(rows) for fn in bound.criteria]
    position = group.position
    for j, claimed in enumerate(claims):
        for criterion, evidence in claimed.items() if claimed else ():
            k = position.get(criterion)
            if evidence and k is not None:
                columns[k][j] = None
    items = group.criteria
    for k in group.strict_criteria:
        column = columns[k]
        for j in _nones(column):
            claimed_j = claims[j]
            claim = claimed_j.get(items[k].id) if claimed_j else None
            if not claim:
                problem = missing_problem(items[k], rows[j], agencies[j], claim)
                if problem is not None:
                    problems.append((j, problem))
                    column[j] = 0
    return columns


def _adjustment_columns(
    items: Sequence[_Item], fns: Sequence[_Points], rows: Sequence[UnitRow], agencies: Sequence[str], problems: list[tuple[int, Problem]]
) -> list[list[int | None]]:
    """Each bonus (or penalty) item's column of points: 0 where a value is missing under the ``error`` policy, a problem appended to *problems*."""
    found: list[list[int | None]] = [fn(rows) for fn in fns]
    for item, column in zip(items, found, strict=True):
        if item.policy == "error":
            for j in _nones(column):
                problem = missing_problem(item, rows[j], agencies[j], None)
                if problem is not None:
                    problems.append((j, problem))
                    column[j] = 0
    return found


def _nones(column: list[int | None]) -> list[int]:
    """The positions of ``None`` in *column* (found by the list's own search: most columns have none, or a few)."""
    found: list[int] = []
    if None in column:
        j = column.index(None)
        while True:
            found.append(j)
            try:
                j = column.index(None, j + 1)
            except ValueError:
                return found
    return found


def _zeroed(column: list[int | None]) -> list[int]:
    """*column* with 0 for ``None``."""
    if None not in column:
        return column  # type: ignore[return-value]
    cleaned = column[:]
    for j in _nones(column):
        cleaned[j] = 0
    return cleaned  # type: ignore[return-value]


def _sums(columns: list[list[int]], count: int) -> list[int]:
    """Each agency's sum over *columns* (one per item), in item order."""
    return list(map(sum, zip(*columns, strict=True))) if columns else [0] * count


def _share_or_zero(points: int, scale: int, applicable_max: int) -> int:
    """A section's share of the scale (:func:`section_shares`), 0 for an agency with nothing applicable (it has no total)."""
    return section_shares([points], scale, [applicable_max])[0] if applicable_max > 0 else 0


Totals = tuple[int | None, int, int | None, int, int, int | None, Decimal | None, str | None]
"""
What :func:`evaluate_totals` gives: ``(earned, applicable_max, base, bonus, penalty, unrounded, total, band)``, the
numbers but the total in units (:meth:`Outcome.decimal` makes them ``Decimal``), the total rounded as declared.
"""


def evaluate_totals(
    bound: Bound, row: UnitRow, claims: Mapping[str, str] | None, agency: str, problems: list[Problem], ruleset: Ruleset, earned: bool = False
) -> Totals:
    """One agency's totals: :func:`evaluate_cohort` of a cohort of one; its problems are appended to *problems*."""
    found: list[tuple[int, Problem]] = []
    result = evaluate_cohort(bound, [row], [claims], [agency], found, ruleset, earned)[0]
    problems.extend(p for _, p in found)
    return result


# The agencies evaluated together at most: enough to pay for the columns, few enough to hold them briefly.
_CHUNK = 2048


def evaluate_cohort(
    bound: Bound,
    rows: Sequence[UnitRow],
    claims: Sequence[Mapping[str, str] | None],
    agencies: Sequence[str],
    problems: list[tuple[int, Problem]],
    ruleset: Ruleset,
    earned: bool = False,
) -> list[Totals]:
    """
    The totals of the agencies of *rows* (one comparison cohort of *bound*'s group), computed column by column
    (see :class:`_Columns`): what ``score`` and the batch path take totals, bands and ranks from. A value missing
    under the ``error`` policy is appended to *problems* as ``(position in rows, problem)``. *earned* asks for
    the sum of the criteria's points too (``None`` otherwise).
    """
    out: list[Totals] = []
    # A large cohort is taken in chunks: its columns of points are held for one chunk at a time.
    for start in range(0, len(rows), _CHUNK):
        end = start + _CHUNK
        found: list[tuple[int, Problem]] = []
        evaluated = _Columns(bound, rows[start:end], claims[start:end], agencies[start:end], found, ruleset)
        problems.extend((start + j, p) for j, p in found)
        out.extend(evaluated.totals(j, earned) for j in range(len(evaluated.applicable)))
    return out


def leaf_binder(plan: Plan, rule: object, max_points: Decimal) -> Callable[[int], _Bind]:
    """The binder of a (sub-)rule scored on *max_points* on its own, settled, for values with the given places (see :func:`decimal_points`)."""
    compiled: dict[int, _Bind] = {}

    def binder(value_places: int) -> _Bind:
        bind = compiled.get(value_places)
        if bind is None:
            bind = compiled[value_places] = _compile_rule(rule, max_points, plan.index, None, False, _Scale(False, value_places))[1]
        return bind

    return binder


def item_binder(plan: Plan, group: str, item_id: str) -> Callable[[int], _Bind]:
    """The binder of one criterion, bonus or penalty item of *group*, for values with the given places (see :func:`decimal_points`)."""

    def binder(value_places: int) -> _Bind:
        compiled = plan.groups_for(value_places)[group]
        return next(item.bind for item in (*compiled.criteria, *compiled.bonuses, *compiled.penalties) if item.id == item_id)

    return binder


def decimal_points(plan: Plan, binder: Callable[[int], _Bind], stats: Mapping[str, tuple[Decimal, Decimal]], values: Mapping[str, object]) -> Decimal | None:
    """
    The points (a ``Decimal``) a compiled rule or item gives for *values* (indicator id -> value) with the
    group statistics *stats* (indicator id -> lowest, highest value): both written in units exactly, with
    as many places as they carry, and the rule evaluated by its plan closure. ``None`` when an input is missing.
    """
    row = plan.row(values)
    numbers = [v for v in row if isinstance(v, Decimal)] + [x for pair in stats.values() for x in pair]
    value_places = max([VALUE_PLACES, *map(_places, numbers)])
    _, (unit_row,) = unit_rows(plan, [row], value_places)
    unit_stats = {ind: (units(lo, value_places), units(hi, value_places)) for ind, (lo, hi) in stats.items()}
    points = binder(value_places)(unit_stats)([unit_row])[0]
    return None if points is None else from_units(points)


def comparison_cohorts(ruleset: Ruleset, groups: Sequence[str], parents: Sequence[str], skip: frozenset[int] = frozenset()) -> list[tuple[str, list[int]]]:
    """
    The agencies (by position) over which cohort-relative rules take their lowest and highest values, with their group.

    One list per group, or one per parent agency for a group compared within
    parents (the wards of each district). Agencies in *skip* (decided totals,
    which have no figures) take no part. See ``docs/scoring.md``.
    """
    by_parent = ruleset._plan.compared_by_parent
    out: dict[tuple[str, str], list[int]] = {}
    for i, group in enumerate(groups):
        if i not in skip:
            out.setdefault((group, parents[i] if group in by_parent else ""), []).append(i)
    return [(group, idxs) for (group, _), idxs in out.items()]


def ranking_cohorts(ruleset: Ruleset, groups: Sequence[str], parents: Sequence[str]) -> dict[str, list[int]]:
    """
    Ranking cohort (see :meth:`Ruleset.cohort_of`) -> the agencies ranked in it, by position.

    A group alone, the groups of a block together, or, for a group ranked
    within parents, each parent's agencies.
    """
    cohort_of = ruleset.cohort_of
    out: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        out.setdefault(cohort_of(group, parents[i]), []).append(i)
    return out


def band_counts(ruleset: Ruleset, groups: Sequence[str], bands: Sequence[str | None]) -> FrozenDict:
    """Group id -> band id -> the number of agencies (*groups* and *bands* aligned) in it, for every group and band of the ruleset."""
    counts = {group: dict.fromkeys((b.id for b in ruleset._plan.bands_desc), 0) for group in ruleset._plan.group_order}
    for group, band in zip(groups, bands, strict=True):
        if band is not None:
            counts[group][band] += 1
    return FrozenDict((group, FrozenDict(per_band)) for group, per_band in counts.items())


def group_stats(group: _Group, idxs: list[int], rows: Sequence[UnitRow], claims: Sequence[Mapping[str, str] | None]) -> dict[str, dict[str, tuple[int, int]]]:
    """Lowest and highest value per item and indicator among the agencies *idxs* of one group (see ``docs/scoring.md``)."""
    return _cohort_stats(group, idxs, rows, claims)


__all__ = [
    "EMPTY_STATS",
    "Bound",
    "Outcome",
    "Plan",
    "Row",
    "band_counts",
    "comparison_cohorts",
    "decimal_points",
    "evaluate",
    "evaluate_cohort",
    "evaluate_totals",
    "group_stats",
    "item_binder",
    "leaf_binder",
    "missing_problem",
    "plan_for",
    "ranking_cohorts",
    "unit_rows",
]
