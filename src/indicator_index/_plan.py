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

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, localcontext
from operator import itemgetter
from typing import Any

from indicator_index._arithmetic import (
    CONTEXT,
    ZERO,
    band_of,
    capped,
    clamped,
    criterion_points,
    round_total,
    section_share,
    settle,
    share,
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


ONE = Decimal(1)

Row = tuple[object, ...]
"""An agency's resolved indicator values, by the position the plan gives each indicator; ``None`` when missing."""
_Points = Callable[[Row], Decimal | None]
_Stats = Mapping[str, tuple[Decimal, Decimal]]
_Bind = Callable[[_Stats], _Points]
_Missing = Callable[[Row], tuple[str, ...]]
EMPTY_STATS: dict[str, tuple[Decimal, Decimal]] = {}


# --- Compiling rules into closures ------------------------------------------------------------------------------------
#
# Each rule compiles to a *binder*: given the cohort statistics of its item (lowest, highest value per indicator;
# ignored by the rules that need none), it returns a closure ``points(row)`` that gives exactly what the rule's own
# ``points()`` gives, or *on_missing* when an input is missing. A top-level ratio rule whose denominator is 0 and that
# declares that "not applicable" gives ``None``. Every closure performs the rule's operations in the rule's order.


# The rules whose closures settle their own results (when they are not exact).
_SETTLING = (Ratio, Relative, MinMax, SumOf, BestOf, Proportional, PerItem)
# Inputs with at most this many decimal places times a ruleset number (at most 12 places) give
# points with at most 30: settling them changes nothing.
SHORT_PLACES = 18


def _const(fn: _Points) -> _Bind:
    """A binder for a rule that needs no statistics."""

    def bind(stats: _Stats) -> _Points:
        return fn

    return bind


def _no_stats(on_missing: Decimal | None) -> _Points:
    """
    The closure of a cohort-relative rule for a group where no agency has it
    (all missing or claimed): any agency asking for its points lacks an input.
    """

    def points(row: Row) -> Decimal | None:
        return on_missing

    return points


def _compile_proportional(rule: Proportional, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``Proportional`` rule."""
    k = index[rule.indicator]

    def proportional(row: Row) -> Decimal | None:
        v = row[k]
        if v is None:
            return on_missing
        r: Decimal = v * m  # type: ignore[operator]
        return settle(r) if settled else r

    return False, _const(proportional)


def _compile_ratio(rule: Ratio, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``Ratio`` rule."""
    i, j = index[rule.numerator], index[rule.denominator]
    when_zero: Decimal | None = m if rule.when_denominator_zero == "full" else ZERO
    if top and rule.when_denominator_zero == "not_applicable":
        when_zero = None

    def ratio(row: Row) -> Decimal | None:
        a = row[i]
        b = row[j]
        if a is None or b is None:
            return on_missing
        if b == ZERO:
            return when_zero
        q = a / b  # type: ignore[operator]
        # The quotient kept within [0, 1] without calls, as the traced rule does.
        if q > ONE:
            return m
        if q < ZERO:
            return ZERO * m
        return share(a, b, m, settled)  # type: ignore[arg-type]

    return False, _const(ratio)


def _compile_relative(rule: Relative, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``Relative`` rule."""
    k = index[rule.indicator]
    ind = rule.indicator
    higher = rule.direction == "higher"
    when_best_zero = m if rule.when_best_is_zero == "full" else ZERO

    def bind_relative(stats: _Stats) -> _Points:
        lo_hi = stats.get(ind)
        if lo_hi is None:
            return _no_stats(on_missing)
        lo, hi = lo_hi
        if higher and hi <= ZERO:

            def relative_zero(row: Row) -> Decimal | None:
                return on_missing if row[k] is None else when_best_zero

            return relative_zero
        if higher:

            def relative_higher(row: Row) -> Decimal | None:
                v = row[k]
                if v is None:
                    return on_missing
                # max(v, ZERO) without the call: the object max() would return
                return share(ZERO if v < ZERO else v, hi, m, settled)  # type: ignore[operator, arg-type]

            return relative_higher

        def relative_lower(row: Row) -> Decimal | None:
            v = row[k]
            if v is None:
                return on_missing
            if v <= lo:  # type: ignore[operator]
                return m
            if lo <= ZERO:
                return ZERO
            return share(lo, v, m, settled)  # type: ignore[arg-type]

        return relative_lower

    return True, bind_relative


def _compile_min_max(rule: MinMax, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``MinMax`` rule."""
    k = index[rule.indicator]
    ind = rule.indicator
    higher = rule.direction == "higher"
    when_equal = m if rule.when_all_equal == "full" else ZERO

    def bind_min_max(stats: _Stats) -> _Points:
        lo_hi = stats.get(ind)
        if lo_hi is None:
            return _no_stats(on_missing)
        lo, hi = lo_hi
        if hi == lo:

            def min_max_equal(row: Row) -> Decimal | None:
                return on_missing if row[k] is None else when_equal

            return min_max_equal
        span = hi - lo
        if higher:

            def min_max_higher(row: Row) -> Decimal | None:
                v = row[k]
                if v is None:
                    return on_missing
                return share(v - lo, span, m, settled)  # type: ignore[operator]

            return min_max_higher

        def min_max_lower(row: Row) -> Decimal | None:
            v = row[k]
            if v is None:
                return on_missing
            return share(hi - v, span, m, settled)  # type: ignore[operator]

        return min_max_lower

    return True, bind_min_max


def _compile_tiers(rule: Tiers, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``Tiers`` rule."""
    k = index[rule.indicator]
    otherwise = rule.otherwise
    steps = tuple((t.at_least is not None, t.threshold, t.points) for t in rule.tiers)
    if all(at_least for at_least, _, _ in steps):
        pairs = tuple((t, p) for _, t, p in steps)

        def tiers_at_least(row: Row) -> Decimal | None:
            v = row[k]
            if v is None:
                return on_missing
            for threshold, pts in pairs:
                if v >= threshold:  # type: ignore[operator]
                    return pts
            return otherwise

        return False, _const(tiers_at_least)
    if not any(at_least for at_least, _, _ in steps):
        pairs = tuple((t, p) for _, t, p in steps)

        def tiers_at_most(row: Row) -> Decimal | None:
            v = row[k]
            if v is None:
                return on_missing
            for threshold, pts in pairs:
                if v <= threshold:  # type: ignore[operator]
                    return pts
            return otherwise

        return False, _const(tiers_at_most)

    def tiers_mixed(row: Row) -> Decimal | None:  # pragma: no cover - a valid ruleset never mixes bounds
        v = row[k]
        if v is None:
            return on_missing
        for at_least, threshold, pts in steps:
            if (v >= threshold) if at_least else (v <= threshold):  # type: ignore[operator]
                return pts
        return otherwise

    return False, _const(tiers_mixed)


def _compile_yes_no(rule: YesNo, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``YesNo`` rule."""
    k = index[rule.indicator]
    yes = m if rule.if_yes is None else rule.if_yes
    no = rule.if_no

    def yes_no(row: Row) -> Decimal | None:
        v = row[k]
        if v is None:
            return on_missing
        return yes if v else no

    return False, _const(yes_no)


def _compile_choice(rule: Choice, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``Choice`` rule."""
    k = index[rule.indicator]
    if rule.points_by_option is not None:
        table = dict(rule.points_by_option.items())
    else:
        assert rule.fraction_by_option is not None
        table = {option: fraction * m for option, fraction in rule.fraction_by_option.items()}

    def choice(row: Row) -> Decimal | None:
        v = row[k]
        if v is None:
            return on_missing
        return table[v]  # type: ignore[no-any-return]

    return False, _const(choice)


def _compile_per_item(rule: PerItem, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``PerItem`` rule."""
    k = index[rule.indicator]
    per = rule.points_per_item

    def per_item(row: Row) -> Decimal | None:
        v = row[k]
        if v is None:
            return on_missing
        p: Decimal = v * per  # type: ignore[operator]
        if m < p:
            return m
        return settle(p) if settled else p

    return False, _const(per_item)


def _compile_sum_of(rule: SumOf, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``SumOf`` rule."""
    parts = [_compile_rule(p.rule, p.max_points, index, None, False) for p in rule.parts]
    needs = any(n for n, _ in parts)

    def bind_sum(stats: _Stats) -> _Points:
        fns = tuple(b(stats) for _, b in parts)

        def sum_of(row: Row) -> Decimal | None:
            total = ZERO
            for fn in fns:
                p = fn(row)
                if p is None:
                    return on_missing
                total = total + p
            if m < total:
                return m
            return settle(total) if settled else total

        return sum_of

    return needs, bind_sum


def _compile_best_of(rule: BestOf, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``BestOf`` rule."""
    alternatives = [_compile_rule(p.rule, m, index, None, False) for p in rule.alternatives]
    needs = any(n for n, _ in alternatives)

    def bind_best(stats: _Stats) -> _Points:
        fns = tuple(b(stats) for _, b in alternatives)

        def best_of(row: Row) -> Decimal | None:
            best: Decimal | None = None
            for fn in fns:
                p = fn(row)
                if p is not None and (best is None or p > best):
                    best = p
            if best is None:
                return on_missing
            return settle(best) if settled else best

        return best_of

    return needs, bind_best


def _compile_info(rule: Info, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool) -> tuple[bool, _Bind]:
    """The closure of a ``Info`` rule."""

    def info(row: Row) -> Decimal | None:
        return ZERO

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


def _compile_rule(rule: object, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool = False) -> tuple[bool, _Bind]:
    """
    ``(needs_stats, binder)`` for *rule* scored on the maximum *m*.

    With *settled*, a rule that is not ``exact`` settles its result itself, as
    :func:`_settled` would, without the extra call.
    """
    compiler = _COMPILERS.get(type(rule))
    if compiler is None:  # pragma: no cover - the set of kinds is closed
        msg = f"expected a rule kind, got {type(rule).__name__}"
        raise TypeError(msg)
    return compiler(rule, m, index, on_missing, top, settled)


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


def _settled(fn: _Points) -> _Points:
    """Points of a rule whose quotients may not terminate, settled as the traced engine does."""

    def settled(row: Row) -> Decimal | None:
        p = fn(row)
        if p is None:
            return None
        return settle(p)

    return settled


def _adjusted(fn: _Points, base_max: Decimal, group_max: Decimal, rounding: tuple[int, str] | None) -> _Points:
    """Points rescaled to a group's own maximum, settled and rounded per criterion when the ruleset asks: :func:`criterion_points`."""

    def adjusted(row: Row) -> Decimal | None:
        p = fn(row)
        if p is None:
            return None
        return criterion_points(p, base_max, group_max, rounding)

    return adjusted


class _Item:
    """One criterion, bonus or penalty item of one group, compiled."""

    __slots__ = (
        "base_max",
        "bind",
        "bind_short",
        "count_max",
        "excludable",
        "id",
        "info",
        "input_places",
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
    ) -> None:
        self.id = item_id
        self.rule = rule
        self.base_max = base_max
        self.max = group_max
        self.positions = tuple((i, index[i]) for i in rule.indicator_ids())
        self.policy = policy
        self.excludable = excludable
        self.info = info = rule.kind == "info"
        # What a counted item adds to the applicable maximum: an info rule adds 0 whatever its maximum.
        self.count_max = ZERO if info else group_max
        # Under the "zero" policy a missing input scores 0 and still counts, exactly what the closure returns.
        on_missing = ZERO if policy == "zero" else None
        # These rules settle their own results; any other inexact rule is wrapped.
        inline = not info and group_max == base_max and not rule.exact and isinstance(rule, _SETTLING)
        needs, bind = _compile_rule(rule, base_max, index, on_missing, True, settled=inline)
        adjust = not info and (group_max != base_max or rounding is not None)
        if adjust:
            bind = _wrap(bind, lambda fn: _adjusted(fn, base_max, group_max, rounding))
        elif not info and not rule.exact and not inline:
            bind = _wrap(bind, _settled)
        # Proportional and per-item points carry the places of their input. When every input of
        # a cohort has at most SHORT_PLACES places, those points have at most 30 and settling
        # cannot change them: such a cohort is scored with the closures that skip it.
        self.input_places = inline and isinstance(rule, Proportional | PerItem)
        short: _Bind | None = _compile_rule(rule, base_max, index, on_missing, True)[1] if self.input_places else None
        if short is not None and adjust:
            short = _wrap(short, lambda fn: _adjusted(fn, base_max, group_max, rounding))
        self.bind = bind
        self.bind_short: _Bind = short if short is not None else bind
        self.missing = _compile_missing(rule, index)
        self.not_applicable: Callable[[Row], bool] | None = None
        if isinstance(rule, Ratio) and rule.when_denominator_zero == "not_applicable":
            den = index[rule.denominator]
            self.not_applicable = lambda row: row[den] == ZERO
        self.stats_positions = tuple((i, index[i]) for i in rule.stats_indicators()) if needs else ()
        # A relative or min-max rule reads one indicator: missing exactly when that value is.
        self.stats_position = index[rule.indicator] if isinstance(rule, Relative | MinMax) else None


def _wrap(bind: _Bind, wrapper: Callable[[_Points], _Points]) -> _Bind:
    return lambda stats: wrapper(bind(stats))


class _Group:
    """The compiled plan of one agency group."""

    __slots__ = ("bonuses", "count_maxima", "criteria", "full_max", "penalties", "position", "sections", "slices", "stats_items", "strict_criteria")

    def __init__(self, ruleset: Ruleset, group: str, index: Mapping[str, int]) -> None:
        plan = ruleset._plan
        rounding = (ruleset.rounding.places, ruleset.rounding.mode) if ruleset.rounding.each_criterion else None
        self.criteria = tuple(
            _Item(c.id, c.rule, c.max_points, group_max, c.missing or ruleset.missing, c.excludable, index, rounding)
            for c, group_max, _ in plan.criteria_by_group[group]
        )
        self.bonuses = tuple(
            _Item(b.id, b.rule, b.max_points, b.max_points, b.missing or ruleset.missing, False, index, rounding) for b, _ in plan.bonuses_by_group[group]
        )
        self.penalties = tuple(
            _Item(p.id, p.rule, p.max_points, p.max_points, p.missing or ruleset.missing, False, index, rounding) for p, _ in plan.penalties_by_group[group]
        )
        adjustment_sections = {item.section for item, _ in (*plan.bonuses_by_group[group], *plan.penalties_by_group[group]) if item.section is not None}
        # Criterion id -> its position among the group's criteria.
        self.position = position = {c.id: k for k, (c, _, _) in enumerate(plan.criteria_by_group[group])}
        # Criterion positions per counted section, in criteria order: the order the traced engine adds them up.
        self.sections = tuple(
            tuple(position[c.id] for c, _, _ in plan.criteria_by_group[group] if c.section == section.id)
            for section in plan.sections_by_group[group]
            if section.id not in adjustment_sections
        )
        # When each section's criteria are contiguous (the usual layout), a section's points are a slice.
        contiguous = all(sec == tuple(range(sec[0], sec[-1] + 1)) for sec in self.sections if sec)
        self.slices = tuple((sec[0], sec[-1] + 1) if sec else (0, 0) for sec in self.sections) if contiguous else None
        # The applicable maximum when every criterion counts, summed in criteria order like the traced engine.
        self.count_maxima = tuple(item.count_max for item in self.criteria)
        self.strict_criteria = tuple(k for k, item in enumerate(self.criteria) if item.policy == "error")
        self.full_max = sum(self.count_maxima, ZERO)
        self.stats_items = tuple(item for item in (*self.criteria, *self.bonuses, *self.penalties) if item.stats_positions)


def _compile(ruleset: Ruleset) -> tuple[Mapping[str, int], Mapping[str, _Group]]:
    index = {ind.id: k for k, ind in enumerate(ruleset.indicators)}
    with localcontext(CONTEXT):
        groups = {g.id: _Group(ruleset, g.id, index) for g in ruleset.groups}
    return FrozenDict(index), FrozenDict(groups)


def _place_columns(groups: Mapping[str, _Group]) -> tuple[int, ...]:
    """The row positions of the values whose places the points carry (see ``_Item.input_places``)."""
    columns = {k for plan in groups.values() for item in (*plan.criteria, *plan.bonuses, *plan.penalties) if item.input_places for _, k in item.positions}
    return tuple(sorted(columns))


def _short(rows: Iterable[Row], columns: tuple[int, ...]) -> bool:
    """Whether every value in *columns* of *rows* has at most SHORT_PLACES decimal places."""
    for row in rows:
        for k in columns:
            v = row[k]
            if v is None:
                continue
            # Written plainly in at most SHORT_PLACES + 2 characters, a value has at most SHORT_PLACES places
            # (str() costs a fifth of as_tuple()); any other is told by its exponent.
            text = str(v)
            if (len(text) > SHORT_PLACES + 2 or "E" in text) and v.as_tuple().exponent < -SHORT_PLACES:  # type: ignore[attr-defined]
                return False
    return True


def _cohort_stats(
    plan: _Group, idxs: list[int], rows: Sequence[Row], claims: Sequence[Mapping[str, str] | None]
) -> dict[str, dict[str, tuple[Decimal, Decimal]]]:
    """Lowest and highest value per item and indicator in one group, as the traced engine's ``_stats``."""
    out: dict[str, dict[str, tuple[Decimal, Decimal]]] = {}
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
        bucket: dict[str, tuple[Decimal, Decimal]] = {}
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

    __slots__ = ("groups", "index", "place_columns", "ruleset")

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.index, self.groups = _compile(ruleset)
        self.place_columns = _place_columns(self.groups)

    def __reduce__(self) -> tuple[Any, ...]:
        # Closures do not pickle: a pickled ruleset (inside an assessment, say) compiles its plan again when used.
        return (_uncompiled, ())

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


class Bound:
    """One group's closures bound to a cohort's statistics: criteria, bonuses and penalties, in order."""

    __slots__ = ("bonuses", "criteria", "group", "penalties")

    def __init__(self, group: _Group, stats: Mapping[str, _Stats], short: bool) -> None:
        self.group = group
        self.criteria = [(item.bind_short if short else item.bind)(stats.get(item.id, EMPTY_STATS)) for item in group.criteria]
        self.bonuses = [(item.bind_short if short else item.bind)(stats.get(item.id, EMPTY_STATS)) for item in group.bonuses]
        self.penalties = [(item.bind_short if short else item.bind)(stats.get(item.id, EMPTY_STATS)) for item in group.penalties]


# --- Evaluating one agency ----------------------------------------------------------------------------------------------


class Outcome:
    """
    What the plan computed for one agency: each item's points (``None`` when it does not count) and the totals.

    ``side`` tells how the total was clamped: 1 at the scale, −1 at 0, 0 not at all.
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

    criteria: list[Decimal | None]
    bonuses: list[Decimal | None]
    penalties: list[Decimal | None]
    section_points: list[Decimal]
    earned: Decimal
    applicable_max: Decimal
    base: Decimal | None
    bonus_raw: Decimal
    bonus: Decimal
    penalty_raw: Decimal
    penalty: Decimal
    unrounded: Decimal | None
    side: int
    total: Decimal | None
    band: str | None


def missing_problem(item: _Item, row: Row, agency: str, claim: str | None) -> Problem | None:
    """The problem of an item whose value is missing under the ``error`` policy, or ``None`` when nothing is missing."""
    missing = item.missing(row)
    if not missing:
        return None
    names = ", ".join(missing)
    message = Message("no_value_claim_refused", names=names) if claim == "" else Message("no_value", names=names)
    return Problem(message=message, agency=agency, criterion=item.id, indicator=missing[0])


def evaluate(
    bound: Bound,
    row: Row,
    claims: Mapping[str, str] | None,
    agency: str,
    problems: list[Problem],
    ruleset: Ruleset,
    points: list[Decimal | None] | None = None,
) -> Outcome:
    """
    Everything the plan computes for one agency of *bound*'s group: the steps of ``docs/scoring.md``.

    A claim with evidence takes the criterion out of the denominator; a value missing under the ``error``
    policy is a problem (appended to *problems*) and counts 0; anything else that gives ``None`` (missing
    under ``exclude``, a ratio "not applicable") does not count. *points*, when given, are the criteria's
    closures' results for *row*, already computed by the caller.
    """
    group = bound.group
    pts: list[Decimal | None] = [fn(row) for fn in bound.criteria] if points is None else points
    if claims:
        position = group.position
        for criterion, evidence in claims.items():
            k = position.get(criterion)
            if evidence and k is not None:  # claimed with evidence: out of the agency's denominator
                pts[k] = None
    criteria = group.criteria
    for k in group.strict_criteria:
        if pts[k] is None:
            item = criteria[k]
            claim = claims.get(item.id) if claims else None
            if not claim:
                problem = missing_problem(item, row, agency, claim)
                if problem is not None:
                    problems.append(problem)
                    pts[k] = ZERO
    adjustments: list[list[Decimal | None]] = []
    for items, fns in ((group.bonuses, bound.bonuses), (group.penalties, bound.penalties)):
        found = [fn(row) for fn in fns]
        for k in range(len(items)) if None in found else ():
            item = items[k]
            if found[k] is None and item.policy == "error":
                problem = missing_problem(item, row, agency, None)
                if problem is not None:
                    problems.append(problem)
                    found[k] = ZERO
        adjustments.append(found)
    out = Outcome()
    out.criteria = pts
    out.bonuses, out.penalties = adjustments
    out.bonus_raw = sum([p for p in out.bonuses if p is not None], ZERO)
    out.penalty_raw = sum([p for p in out.penalties if p is not None], ZERO)
    out.bonus = capped(out.bonus_raw, ruleset.bonus_cap)
    out.penalty = capped(out.penalty_raw, ruleset.penalty_cap)
    out.earned = sum([p for p in pts if p is not None], ZERO)
    out.applicable_max = applicable = sum([top for top, p in zip(group.count_maxima, pts, strict=True) if p is not None], ZERO)
    if group.slices is not None:
        out.section_points = [sum([p for p in pts[lo:hi] if p is not None], ZERO) for lo, hi in group.slices]
    else:
        out.section_points = [sum([p for p in [pts[k] for k in section] if p is not None], ZERO) for section in group.sections]
    out.side = 0
    if not applicable > ZERO:
        out.base = out.unrounded = out.total = out.band = None
        return out
    scale = ruleset.scale
    base = ZERO
    for section_points in out.section_points:
        base += section_share(section_points, scale, applicable)
    out.base = base
    out.unrounded, out.side = clamped(base, out.bonus, out.penalty, scale)
    out.total = round_total(out.unrounded, scale, ruleset.rounding.places, ruleset.rounding.mode)
    out.band = band_of(out.total, ruleset._plan.bands_desc).id
    return out


Totals = tuple[Decimal | None, Decimal, Decimal | None, Decimal, Decimal, Decimal | None, Decimal | None, str | None]
"""What :func:`evaluate_totals` gives: ``(earned, applicable_max, base, bonus, penalty, unrounded, total, band)``."""


def evaluate_totals(
    bound: Bound, row: Row, claims: Mapping[str, str] | None, agency: str, problems: list[Problem], ruleset: Ruleset, earned: bool = False
) -> Totals:
    """
    One agency's totals, as :func:`evaluate` computes them, by the fast path when it can: the one place both paths take it.

    The common case is an agency that claims nothing and whose every criterion, bonus and penalty counts: its
    points are added up section by section and rescaled with the group's full maximum, with the arithmetic
    :func:`evaluate` uses, and no :class:`Outcome` is built. A closure that gives ``None`` (a value missing under
    the ``exclude`` or ``error`` policy, a ratio "not applicable") makes a sum raise ``TypeError``, on purpose:
    such an agency, and one with claims, takes :func:`evaluate` (with the points already computed), which works
    out the applicable maximum and reports a value missing under ``error`` to *problems*. *earned* asks for the
    sum of the criteria's points on the fast path too (``None`` there otherwise); :func:`evaluate` always gives it.
    Run inside :data:`~indicator_index._arithmetic.CONTEXT`.
    """
    group = bound.group
    points: list[Decimal | None] | None = None
    full_max = group.full_max
    if not claims and full_max > ZERO:
        try:
            found: list[Any] = [fn(row) for fn in bound.criteria]
            points = found
            scale = ruleset.scale
            base = ZERO
            if group.slices is not None:
                for lo, hi in group.slices:
                    base += section_share(sum(found[lo:hi], ZERO), scale, full_max)
            else:
                for section in group.sections:
                    base += section_share(sum([found[k] for k in section], ZERO), scale, full_max)
            adjustments: list[Any] = [fn(row) for fn in bound.bonuses]
            bonus = capped(sum(adjustments, ZERO), ruleset.bonus_cap)
            adjustments = [fn(row) for fn in bound.penalties]
            penalty = capped(sum(adjustments, ZERO), ruleset.penalty_cap)
            earned_sum = sum(found, ZERO) if earned else None
        except TypeError:
            pass  # a criterion, bonus or penalty that does not count: the full evaluation finds out why
        else:
            unrounded = clamped(base, bonus, penalty, scale)[0]
            rounding = ruleset.rounding
            total = round_total(unrounded, scale, rounding.places, rounding.mode)
            return (
                earned_sum,
                full_max,
                base,
                bonus,
                penalty,
                unrounded,
                total,
                band_of(total, ruleset._plan.bands_desc).id,
            )
    out = evaluate(bound, row, claims, agency, problems, ruleset, points)
    return out.earned, out.applicable_max, out.base, out.bonus, out.penalty, out.unrounded, out.total, out.band


def compile_rule(rule: object, max_points: Decimal, index: Mapping[str, int]) -> _Bind:
    """The binder of a (sub-)rule scored on *max_points* on its own: ``bind(stats)(row)`` gives its points, ``None`` when an input is missing."""
    return _compile_rule(rule, max_points, index, None, False)[1]


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


def group_stats(
    group: _Group, idxs: list[int], rows: Sequence[Row], claims: Sequence[Mapping[str, str] | None]
) -> dict[str, dict[str, tuple[Decimal, Decimal]]]:
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
    "compile_rule",
    "evaluate",
    "evaluate_totals",
    "group_stats",
    "missing_problem",
    "plan_for",
    "ranking_cohorts",
]
