"""
Why-not and the gap to the next band.

For one agency: why each criterion missed points and which values would have
earned them (:func:`why_not`), and a concrete, feasible change of values that
lifts the agency into a better band (:func:`plan_gap`).

Both rest on one exact, local model of the agency's score. A proposed value is
scored by the rule's own ``points`` method, with the lowest and highest value
of the agency's group taken from the *other* agencies and the proposed value
itself, so the model gives what the engine would give. A gap plan is then
checked by re-scoring the whole cohort with :func:`~indicator_index.score`:
raising one agency's value can change the best in its group, and the promised
band is the one the re-scored cohort gives. See ``docs/explain.md``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from typing import Any

import attrs
from attrs import frozen

from indicator_index._arithmetic import CONTEXT, capped, clamped, round_total, section_share
from indicator_index._display import indicator_name, indicator_value, number
from indicator_index._messages import Message, text, texts
from indicator_index._model import (
    Assessment,
    Band,
    Bonus,
    Criterion,
    CriterionResult,
    Figure,
    Indicator,
    Input,
    Label,
    Penalty,
    Ruleset,
    Score,
    Submission,
    Value,
)
from indicator_index._plan import decimal_points, item_binder, leaf_binder, plan_for
from indicator_index._rules import (
    BestOf,
    Choice,
    Info,
    MinMax,
    PerItem,
    Proportional,
    Ratio,
    Relative,
    Rule,
    SumOf,
    Tiers,
    YesNo,
)
from indicator_index._scoring import check_value, score
from indicator_index._text import nfc


__all__ = [
    "Benchmark",
    "Gap",
    "PlanStep",
    "Shortfall",
    "Suggestion",
    "ValueChange",
    "apply_changes",
    "plan_gap",
    "why_not",
]

ZERO = Decimal(0)
ONE = Decimal(1)
# Proposed values are written at these decimal places when the exact value
# would be longer: a ratio to 0.01 %, a number to two places.
_PLACES = {"ratio": 4, "number": 2}
# The smallest step above a value, used to get strictly past the group's best.
_UNIT = {"count": ONE, "ratio": Decimal("0.01"), "number": Decimal("0.01")}
# A per-item rule with more steps than this is treated as continuous.
_MAX_LEVELS = 50
_EVIDENCE = re.compile(r"\(evidence: (.*)\)$")

Item = Criterion | Bonus | Penalty


# --- Results ------------------------------------------------------------------


@frozen(kw_only=True)
class ValueChange:
    """
    A new value for one indicator of one agency.

    Args:
        indicator: The indicator's id.
        current: The value the agency has now (``None`` when it gave none).
        value: The proposed value, within the indicator's type and range.

    .. versionadded:: 0.1.0
    """

    indicator: str
    current: Value | None
    value: Value


@frozen(kw_only=True)
class Suggestion:
    """
    Values that would earn a criterion (or bonus/penalty item) other points,
    and the points it would then earn.

    Args:
        changes: The new values, one per indicator.
        points: The item's points with those values (on the agency group's
            maximum, as :class:`~indicator_index.CriterionResult` reports them).
        full: Whether *points* is the item's maximum (for a penalty: whether
            nothing is deducted any more).

    .. versionadded:: 0.1.0
    """

    changes: tuple[ValueChange, ...]
    points: Decimal
    full: bool


@frozen(kw_only=True)
class Benchmark:
    """
    The best value of an indicator in the agency's group, for a rule that
    scores relative to the group (``relative`` and ``min_max``).

    Args:
        indicator: The indicator's id.
        value: The best value: the highest, or the lowest when lower is better.
        direction: ``"higher"`` or ``"lower"`` is better.
        agencies: The agencies that have it.

    .. versionadded:: 0.1.0
    """

    indicator: str
    value: Decimal
    direction: str
    agencies: tuple[str, ...]


@frozen(kw_only=True)
class Shortfall:
    """
    Why one criterion, bonus or penalty item earned what it earned.

    Args:
        item: The criterion's (or item's) id.
        kind: ``"criterion"``, ``"bonus"`` or ``"penalty"``.
        section: Its section's id.
        status: The status of its result (see :class:`~indicator_index.CriterionResult`).
        points: The points earned (deducted, for a penalty); ``None`` when not counted.
        max_points: The item's maximum for the agency's group.
        missed: The points missed (for a penalty: the points deducted); 0
            when it earned full marks or does not count.
        inputs: The inputs that decided it.
        why: The reason, in words.
        full: Values that would earn full marks, or the most that can be
            earned when full marks are out of reach; ``None`` when nothing can
            be gained.
        next: Values that would earn the next step of a stepped rule (the
            next tier, option or item), when that is short of *full*.
        best_in_group: For a rule relative to the group, the current best.

    .. versionadded:: 0.1.0
    """

    item: str
    kind: str
    section: str | None
    status: str
    points: Decimal | None
    max_points: Decimal
    missed: Decimal
    inputs: tuple[Input, ...]
    why: Label
    full: Suggestion | None = None
    next: Suggestion | None = None
    best_in_group: tuple[Benchmark, ...] = ()


@frozen(kw_only=True)
class PlanStep:
    """
    One item a gap plan changes: its points before and after the plan.

    .. versionadded:: 0.1.0
    """

    item: str
    kind: str
    changes: tuple[ValueChange, ...]
    points: Decimal | None
    new_points: Decimal | None
    max_points: Decimal


@frozen(kw_only=True)
class Gap:
    """
    What it takes one agency to reach a better band.

    Args:
        agency: The agency's id.
        name: Its name.
        group: Its group's id.
        status: ``"reachable"``; ``"unreachable"`` (no feasible values reach
            the band; *changes* then give the best total found);
            ``"top_band"`` (already in the top band); ``"reached"`` (already
            in the band asked for, or above); ``"not_scorable"``.
        total: The agency's total now.
        band: Its band now.
        target_band: The band aimed at.
        target_min: That band's minimum.
        needed: ``target_min - total``: the smallest improvement of the total
            that reaches the band.
        changes: The plan: new values, one per indicator.
        steps: The criteria (and bonus/penalty items) the plan changes, with
            their points before and after, from the re-scored cohort.
        new_total: The total after the plan, from the re-scored cohort.
        new_band: The band after the plan.
        new_rank: The rank in the group after the plan.
        gain: ``new_total - total``.
        why: The answer in words.

    .. versionadded:: 0.1.0
    """

    agency: str
    name: str
    group: str
    status: str
    total: Decimal | None
    band: str | None
    target_band: str | None
    target_min: Decimal | None
    needed: Decimal | None
    why: Label
    changes: tuple[ValueChange, ...] = ()
    steps: tuple[PlanStep, ...] = ()
    new_total: Decimal | None = None
    new_band: str | None = None
    new_rank: int | None = None
    gain: Decimal | None = None


# --- Words --------------------------------------------------------------------


def _num(value: Decimal, lang: str = "en", rs: Ruleset | None = None) -> str:
    """A Decimal for people (:func:`._display.number`): at *rs*'s declared places when given."""
    if rs is None:
        return number(value, None, lang)
    return number(value, rs.rounding.places, lang, rs.rounding.mode)


def _total(value: Decimal | None, lang: str = "en") -> str:
    """A total as published, every decimal place kept."""
    if value is None:
        return "—"
    text = format(value, "f")
    return text.replace(".", ",") if lang == "vi" else text


def _indicators(rs: Ruleset | None) -> dict[str, Indicator]:
    """*rs*'s indicators by id (none without a ruleset)."""
    return {i.id: i for i in rs.indicators} if rs is not None else {}


def _named(rs: Ruleset | None, indicator: str, lang: str) -> str:
    """An indicator as why-not and gap texts name it: its label in «» (its id without a label or a ruleset)."""
    return indicator_name(_indicators(rs).get(indicator), indicator, lang)


def _inputs_text(inputs: Iterable[Input], lang: str, rs: Ruleset | None = None) -> str:
    """Inputs for a why-not text: each indicator by its label in «» (its id without a ruleset), with its value (a ratio as a percentage)."""
    found = _indicators(rs)
    return ", ".join(f"{indicator_name(found.get(i.indicator), i.indicator, lang)} = {indicator_value(found.get(i.indicator), i.value, lang)}" for i in inputs)


def change_cells(ruleset: Ruleset, change: ValueChange, lang: str) -> tuple[str, str, str]:
    """
    One proposed change as a person reads it: the indicator by its label in
    «», its current value and the proposed one, a ratio's as a percentage
    (:func:`._display.indicator_value`); no current value is ``—``.
    """
    indicator = _indicators(ruleset).get(change.indicator)
    return (
        indicator_name(indicator, change.indicator, lang),
        indicator_value(indicator, change.current, lang),
        indicator_value(indicator, change.value, lang),
    )


def changes_text(ruleset: Ruleset, changes: Iterable[ValueChange], lang: str) -> str:
    """Proposed changes for a why-not line: ``«label» 87 % → 100 %``, comma-separated."""
    return ", ".join("{} {} → {}".format(*change_cells(ruleset, c, lang)) for c in changes)


def benchmark_text(ruleset: Ruleset, benchmark: Benchmark, names: Mapping[str, str], lang: str) -> str:
    """The best in the group for a why-not line: ``«label» = 54 % (agency name, …)``, agencies by *names* (id -> name; the id when absent)."""
    indicator = _indicators(ruleset).get(benchmark.indicator)
    holders = ", ".join(names.get(a) or a for a in benchmark.agencies)
    return f"{indicator_name(indicator, benchmark.indicator, lang)} = {indicator_value(indicator, benchmark.value, lang)} ({holders})"


def _tidy(value: Decimal) -> Decimal:
    """*value* without trailing zeros and without an exponent."""
    if value == value.to_integral_value():
        return value.quantize(ONE)
    return value.normalize()


# --- The local model --------------------------------------------------------------


@frozen(kw_only=True)
class _Entry:
    """One criterion, bonus or penalty item as it applies to the agency."""

    kind: str
    item: Item
    base_max: Decimal
    group_max: Decimal
    result: CriterionResult
    policy: str


@frozen(kw_only=True)
class _Lever:
    """One leaf rule of an entry and the one indicator a plan may change for it."""

    entry: _Entry
    path: tuple[str, ...]
    rule: Rule
    max: Decimal
    indicator: str
    sense: int  # +1: more points is better; -1: fewer (a penalty)
    discrete: bool


@frozen(kw_only=True)
class _Eval:
    """The agency's score under some changes, as the engine would compute it."""

    points: Mapping[str, Decimal | None]
    unrounded: Decimal | None
    total: Decimal | None


def _leaf_indicator(rule: Rule) -> str | None:
    """The one indicator a plan may change for a leaf rule (a ratio's numerator); ``None`` for other kinds."""
    if isinstance(rule, Ratio):
        return rule.numerator
    if isinstance(rule, Proportional | Relative | MinMax | Tiers | YesNo | Choice | PerItem):
        return rule.indicator
    return None


def _entries(rs: Ruleset, s: Score) -> tuple[_Entry, ...]:
    """The agency's criteria, then its bonus and penalty items, each with its maxima, its result and its missing-value policy."""
    bonuses = {b.id: b for b in rs.bonuses}
    penalties = {p.id: p for p in rs.penalties}
    entries: list[_Entry] = []
    for r in s.criteria:
        c = rs.criterion(r.criterion)
        entries.append(_Entry(kind="criterion", item=c, base_max=c.max_points, group_max=c.max_for(s.group), result=r, policy=c.missing or rs.missing))
    adjustments: tuple[tuple[str, Mapping[str, Bonus | Penalty], tuple[CriterionResult, ...]], ...] = (
        ("bonus", bonuses, s.bonuses),
        ("penalty", penalties, s.penalties),
    )
    for kind, table, results in adjustments:
        for r in results:
            item = table[r.criterion]
            entries.append(_Entry(kind=kind, item=item, base_max=item.max_points, group_max=item.max_points, result=r, policy=item.missing or rs.missing))
    return tuple(entries)


def _others_values(assessment: Assessment, s: Score, entries: Iterable[_Entry]) -> dict[str, dict[str, list[tuple[str, Decimal]]]]:
    """
    The other agencies' values per cohort-relative item: item -> indicator ->
    [(agency, value)]. An agency takes part in an item's group statistics
    exactly when its result for the item has status ``scored``.
    """
    others: dict[str, dict[str, list[tuple[str, Decimal]]]] = {}
    relative = [e for e in entries if e.item.rule.needs_stats]
    for other in assessment.in_group(s.group):
        if other.agency == s.agency:
            continue
        by_item = {r.criterion: r for r in (*other.criteria, *other.bonuses, *other.penalties)}
        for e in relative:
            found = by_item.get(e.item.id)
            if found is None or found.status != "scored":
                continue
            given = {i.indicator: i.value for i in found.inputs}
            bucket = others.setdefault(e.item.id, {})
            for ind in e.item.rule.stats_indicators():
                value = given.get(ind)
                if isinstance(value, Decimal):
                    bucket.setdefault(ind, []).append((other.agency, value))
    return others


def _explainable(s: Score) -> Score:
    """*s*, when it was scored from figures; a decided (published) total has none to explain or to change: ``ValueError``."""
    if s.status == "decided":
        raise ValueError(Message("scoring.decided_no_figures", agency=s.agency, source=s.decided_source or ""))
    return s


class _Model:
    """
    One agency's score as a function of its own values, everything else fixed.

    Built from an assessment: the agency's own values are the inputs in its
    trace; the other agencies' lowest and highest values per cohort-relative
    item come from their traces (see :func:`_others_values`). Its
    :attr:`solver` finds the values that move one leaf rule.
    """

    def __init__(self, assessment: Assessment, agency: str) -> None:
        rs = assessment.ruleset
        self.ruleset = rs
        self.score: Score = _explainable(assessment.score_for(agency))
        s = self.score
        self.indicators: dict[str, Indicator] = {i.id: i for i in rs.indicators}
        self.entries = _entries(rs, s)
        self.by_id = {e.item.id: e for e in self.entries}
        self.values: dict[str, Value] = {i.indicator: i.value for e in self.entries for i in e.result.inputs}
        # Others' values per cohort-relative item: item -> indicator -> [(agency, value)].
        self.others = _others_values(assessment, s, self.entries)
        self.others_stats: dict[str, dict[str, tuple[Decimal, Decimal]]] = {
            item: {ind: (min(v for _, v in pairs), max(v for _, v in pairs)) for ind, pairs in bucket.items()} for item, bucket in self.others.items()
        }
        self._cache: dict[frozenset[tuple[str, object]], _Eval] = {}
        # The denominators whose 0 would make one of the agency's ratio criteria "not applicable": leaving a
        # criterion out by reporting nothing is not an improvement to propose, so no suggestion sets one to 0.
        self.escapes = frozenset(
            e.item.rule.denominator
            for e in self.entries
            if isinstance(e.item.rule, Ratio) and e.item.rule.when_denominator_zero == "not_applicable" and e.result.status != "not_applicable"
        )
        # The ruleset's compiled plan: every number the model computes comes from its closures.
        self.plan = plan_for(rs)
        self._binders: dict[str, Callable[[int], Any]] = {}
        self.solver = _Solver(self)

    # -- scoring ---------------------------------------------------------------

    def group_stats(self, item: str, rule: Rule, values: Mapping[str, Value]) -> dict[str, tuple[Decimal, Decimal]]:
        """
        The lowest and highest value in the group of each indicator *rule*
        compares (for item *item*): the other agencies' and the agency's own
        value in *values*.
        """
        stats = dict(self.others_stats.get(item, {}))
        for ind in rule.stats_indicators():
            value = values.get(ind)
            if not isinstance(value, Decimal):
                continue
            lo, hi = stats.get(ind, (value, value))
            stats[ind] = (min(lo, value), max(hi, value))
        return stats

    def _entry_points(self, e: _Entry, values: Mapping[str, Value]) -> tuple[Decimal | None, Decimal]:
        """(points, max counted) of one entry, as ``_scoring._score_item`` computes them."""
        rule = e.item.rule
        if e.result.status == "excluded":
            return None, ZERO
        if isinstance(rule, Info):
            return ZERO, ZERO
        if rule.missing(values):
            if e.policy == "exclude":
                return None, ZERO
            return ZERO, e.group_max
        if isinstance(rule, Ratio) and rule.is_not_applicable(values):
            return None, ZERO
        stats = self.group_stats(e.item.id, rule, values) if rule.needs_stats else {}
        # The plan's own closure for the item: the rule, the rescaling to the group, settling and rounding.
        binder = self._binders.get(e.item.id)
        if binder is None:
            binder = self._binders[e.item.id] = item_binder(self.plan, self.score.group, e.item.id)
        return decimal_points(self.plan, binder, stats, values), e.group_max

    def evaluate(self, changes: Mapping[str, Value]) -> _Eval:
        """The agency's points per item and total with *changes* applied to its values."""
        key = frozenset(changes.items())
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        values = {**self.values, **changes}
        changed = set(changes)
        rs = self.ruleset
        points: dict[str, Decimal | None] = {}
        maxima: dict[str, Decimal] = {}
        with localcontext(CONTEXT):
            for e in self.entries:
                if changed.isdisjoint(e.item.rule.indicator_ids()):
                    points[e.item.id] = e.result.points
                    maxima[e.item.id] = e.result.max_points
                else:
                    points[e.item.id], maxima[e.item.id] = self._entry_points(e, values)
            criteria = [e for e in self.entries if e.kind == "criterion"]
            applicable = sum((maxima[e.item.id] for e in criteria if points[e.item.id] is not None), ZERO)
            unrounded = total = None
            if applicable > ZERO:
                base = ZERO
                for section in rs.sections_for(self.score.group):
                    pts = sum((p for e in criteria if e.item.section == section.id and (p := points[e.item.id]) is not None), ZERO)
                    base += section_share(pts, rs.scale, applicable)
                adjust = []
                for kind, cap in (("bonus", rs.bonus_cap), ("penalty", rs.penalty_cap)):
                    raw = sum((p for e in self.entries if e.kind == kind and (p := points[e.item.id]) is not None), ZERO)
                    adjust.append(capped(raw, cap))
                unrounded = clamped(base, adjust[0], adjust[1], rs.scale)[0]
                total = round_total(unrounded, rs.scale, rs.rounding.places, rs.rounding.mode)
        result = _Eval(points=points, unrounded=unrounded, total=total)
        self._cache[key] = result
        return result


# --- Levers ---------------------------------------------------------------------


def _levers(model: _Model, entries: Iterable[_Entry] | None = None) -> tuple[_Lever, ...]:
    """The leaf rules a plan may act on, for *entries* (every scored or zeroed one of *model* by default)."""
    out: list[_Lever] = []
    for e in model.entries if entries is None else entries:
        if e.result.status not in ("scored", "missing_zero", "missing_excluded"):
            continue
        sense = -1 if e.kind == "penalty" else 1
        _walk(model.indicators, e, e.item.rule, e.base_max, (), sense, out)
    return tuple(out)


def _walk(indicators: Mapping[str, Indicator], e: _Entry, rule: Rule, top: Decimal, path: tuple[str, ...], sense: int, out: list[_Lever]) -> None:
    """Append to *out* the levers of *rule* (a part of entry *e* worth *top* points, at *path*), parts and alternatives first."""
    if isinstance(rule, SumOf):
        for part in rule.parts:
            _walk(indicators, e, part.rule, part.max_points, (*path, part.id), sense, out)
        return
    if isinstance(rule, BestOf):
        for alt in rule.alternatives:
            _walk(indicators, e, alt.rule, top, (*path, alt.id), sense, out)
        return
    indicator = _leaf_indicator(rule)
    if indicator is None or indicator not in indicators:
        return
    discrete = isinstance(rule, Tiers | YesNo | Choice)
    if isinstance(rule, PerItem):
        discrete = top / rule.points_per_item <= _MAX_LEVELS
    out.append(_Lever(entry=e, path=path, rule=rule, max=top, indicator=indicator, sense=sense, discrete=discrete))


class _Solver:
    """
    For one agency (a :class:`_Model`): the values of a lever's indicator
    that earn chosen points of its leaf rule. Each leaf is scored by a closure
    compiled from the ruleset's plan; closures and answers are cached.
    """

    def __init__(self, model: _Model) -> None:
        self.model = model
        self._leaves: dict[tuple[int, Decimal], Callable[[int], Any]] = {}
        self._solved: dict[tuple[object, ...], tuple[Value, Decimal] | None] = {}

    def leaf_points(self, lever: _Lever, values: Mapping[str, Value]) -> Decimal | None:
        """The points of one leaf rule on its own maximum; ``None`` when its inputs are missing."""
        rule = lever.rule
        if rule.missing(values):
            return None
        stats = self.model.group_stats(lever.entry.item.id, rule, values) if rule.needs_stats else {}
        if isinstance(rule, Ratio) and values.get(rule.denominator) == ZERO and rule.when_denominator_zero == "not_applicable":
            return None
        plan = self.model.plan
        key = (id(rule), lever.max)
        binder = self._leaves.get(key)
        if binder is None:
            binder = self._leaves[key] = leaf_binder(plan, rule, lever.max)
        return decimal_points(plan, binder, stats, values)

    def solve(self, lever: _Lever, target: Decimal, values: Mapping[str, Value]) -> tuple[Value, Decimal] | None:
        """
        The value of the lever's indicator closest to the current one that
        makes the leaf earn at least *target* points (at most, for a penalty),
        with the fewest points beyond it; ``None`` when no valid value does.
        """
        key = (lever.entry.item.id, lever.path, lever.indicator, target, tuple(values.get(i) for i in lever.rule.indicator_ids()))
        if key in self._solved:
            return self._solved[key]
        indicator = self.model.indicators[lever.indicator]
        current = values.get(lever.indicator)
        spread = self.model.others_stats.get(lever.entry.item.id, {}).get(lever.indicator)
        best: tuple[tuple[object, ...], Value, Decimal] | None = None
        for order, raw in enumerate(_raw_candidates(lever, target, values, indicator, spread)):
            value, problem = check_value(indicator, raw)
            if problem is not None or (value == ZERO and lever.indicator in self.model.escapes and current != ZERO):
                continue
            points = self.leaf_points(lever, {**values, lever.indicator: value})  # type: ignore[dict-item]
            if points is None or (points - target) * lever.sense < ZERO:
                continue
            rank = ((points - target) * lever.sense, _distance(current, value), order)
            if best is None or rank < best[0]:
                best = (rank, value, points)  # type: ignore[assignment]
        result = None if best is None else (best[1], best[2])
        self._solved[key] = result
        return result

    def levels(self, lever: _Lever, values: Mapping[str, Value]) -> list[Decimal]:
        """The leaf points worth aiming at, better than now, nearest first."""
        rule, top = lever.rule, lever.max
        if isinstance(rule, Tiers):
            found = [t.points for t in rule.tiers] + [rule.otherwise]
        elif isinstance(rule, YesNo):
            found = [top if rule.if_yes is None else rule.if_yes, rule.if_no]
        elif isinstance(rule, Choice):
            if rule.points_by_option is not None:
                found = list(rule.points_by_option.values())
            else:
                assert rule.fraction_by_option is not None
                found = [f * top for f in rule.fraction_by_option.values()]
        elif isinstance(rule, PerItem) and lever.discrete:
            steps = math.ceil(top / rule.points_per_item)
            found = [min(k * rule.points_per_item, top) for k in range(steps + 1)]
        else:
            found = [top if lever.sense > 0 else ZERO]
        now = self.leaf_points(lever, values)
        if now is None:
            now = ZERO if lever.sense > 0 else top + ONE
        better = sorted({p for p in found if (p - now) * lever.sense > ZERO}, key=lambda p: p * lever.sense)
        return better

    def options(self, lever: _Lever, values: Mapping[str, Value]) -> list[Value]:
        """Values of the lever's indicator that reach each better level."""
        out: list[Value] = []
        for level in self.levels(lever, values):
            found = self.solve(lever, level, values)
            if found is not None and found[0] not in out:
                out.append(found[0])
        return out


def _raw_candidates(lever: _Lever, target: Decimal, values: Mapping[str, Value], ind: Indicator, spread: tuple[Decimal, Decimal] | None) -> list[object]:
    """
    Values of the lever's indicator *ind* worth trying for *target* leaf
    points; *spread* is the lowest and highest value of the other agencies.
    """
    rule = lever.rule
    if isinstance(rule, YesNo):
        return [True, False]
    if isinstance(rule, Choice):
        return list(ind.option_ids)
    with localcontext(CONTEXT):
        raw = _aimed_values(lever, target, values, ind, spread)
    if raw is None:
        return []
    raw.append(ZERO)
    if ind.type == "ratio":
        raw.append(ONE)
    if ind.type == "number":
        raw += [b for b in (ind.min, ind.max) if b is not None]
    out: list[object] = []
    for value in raw:
        for variant in _variants(value, ind.type):
            if variant not in out:
                out.append(variant)
    return out


def _aimed_values(lever: _Lever, target: Decimal, values: Mapping[str, Value], ind: Indicator, spread: tuple[Decimal, Decimal] | None) -> list[Decimal] | None:
    """
    The values of a numeric leaf rule that aim at *target* points: the one its
    formula gives and the edges where its points change. ``None`` when no
    value can do (a ratio whose denominator is missing or 0).
    """
    rule, top = lever.rule, lever.max
    raw: list[Decimal] = []
    unit = _UNIT.get(ind.type, ONE)
    if isinstance(rule, Proportional) and top > ZERO:
        raw.append(target / top)
    elif isinstance(rule, Ratio):
        denominator = values.get(rule.denominator)
        if not isinstance(denominator, Decimal) or denominator == ZERO or top <= ZERO:
            return None
        raw += [target / top * denominator, denominator]
    elif isinstance(rule, Relative):
        raw.append(unit)
        if spread is not None:
            lo, hi = spread
            if rule.direction == "higher":
                raw.append(hi)
                if hi > ZERO and top > ZERO:
                    raw.append(target / top * hi)
            else:
                raw.append(lo)
                if target > ZERO and lo > ZERO:
                    raw.append(lo * top / target)
    elif isinstance(rule, MinMax):
        if spread is not None:
            lo, hi = spread
            raw += [lo, hi, hi + unit, lo - unit]
            if hi > lo and top > ZERO:
                share = target / top * (hi - lo)
                raw.append(lo + share if rule.direction == "higher" else hi - share)
    elif isinstance(rule, Tiers):
        for tier in rule.tiers:
            raw.append(tier.threshold)
            if ind.type == "count":
                raw += [tier.threshold - ONE, tier.threshold + ONE]
            else:
                raw += [tier.threshold - unit, tier.threshold + unit]
    elif isinstance(rule, PerItem):
        raw.append(target / rule.points_per_item)
    return raw


def _variants(value: Decimal, kind: str) -> list[Decimal]:
    """*value* as a candidate of an indicator type: whole for a count, a few places otherwise."""
    if not value.is_finite():
        return []
    if kind == "count":
        return [_tidy(value.to_integral_value(rounding=ROUND_FLOOR)), _tidy(value.to_integral_value(rounding=ROUND_CEILING))]
    places = _PLACES.get(kind, 4)
    step = ONE.scaleb(-places)
    out = [_tidy(value.quantize(step, rounding=ROUND_FLOOR)), _tidy(value.quantize(step, rounding=ROUND_CEILING))]
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -8:
        out.insert(0, _tidy(value))
    return out


def _distance(current: object, value: object) -> Decimal:
    if isinstance(current, Decimal) and isinstance(value, Decimal):
        return abs(value - current)
    if current is None and isinstance(value, Decimal):
        return abs(value)
    return ZERO if current == value else ONE


# --- Search -------------------------------------------------------------------------

Objective = Callable[[Mapping[str, Value]], Decimal]


class _Search:
    """A greedy search over levers for changes that bring an objective to a target."""

    def __init__(self, model: _Model, levers: tuple[_Lever, ...], objective: Objective) -> None:
        self.model = model
        self.levers = levers
        self.objective = objective

    def _values(self, changes: Mapping[str, Value]) -> dict[str, Value]:
        return {**self.model.values, **changes}

    def choices(self, lever: _Lever, changes: Mapping[str, Value], target: Decimal | None) -> list[Value]:
        """Values to try for one lever: each better level, and for a continuous lever the fill value."""
        values = self._values(changes)
        out = self.model.solver.options(lever, values)
        if target is not None and not lever.discrete:
            value = _fill(self.model.solver, self.objective, lever, changes, values, target)
            if value is not None and value not in out:
                out.append(value)
        return out

    def run(self, target: Decimal, start: Mapping[str, Value] | None = None) -> tuple[dict[str, Value], Decimal, bool]:
        """
        Greedy: while the objective is short of *target*, take the single
        change that reaches it with the least overshoot, else the change that
        gains the most. Returns (changes, objective, reached).
        """
        changes: dict[str, Value] = dict(start or {})
        current = self.objective(changes)
        for _ in range(4 * len(self.levers) + 8):
            if current >= target:
                return changes, current, True
            reach: tuple[tuple[object, ...], dict[str, Value], Decimal] | None = None
            gain: tuple[tuple[object, ...], dict[str, Value], Decimal] | None = None
            for order, lever in enumerate(self.levers):
                for value in self.choices(lever, changes, target):
                    if changes.get(lever.indicator, self.model.values.get(lever.indicator)) == value:
                        continue
                    trial = {**changes, lever.indicator: value}
                    reached = self.objective(trial)
                    if reached >= target:
                        key: tuple[object, ...] = (reached, len(trial), order)
                        if reach is None or key < reach[0]:
                            reach = (key, trial, reached)
                    elif reached > current:
                        key = (-reached, len(trial), order)
                        if gain is None or key < gain[0]:
                            gain = (key, trial, reached)
            chosen = reach or gain
            if chosen is None:
                return changes, current, False
            changes, current = chosen[1], chosen[2]
        return changes, current, current >= target

    def trim(self, changes: dict[str, Value], target: Decimal) -> dict[str, Value]:
        """Drop or lower changes one at a time while the objective stays at or above *target*."""
        changes = dict(changes)
        current = self.objective(changes)
        for _ in range(4 * len(changes) + 4):
            improved = False
            for indicator in reversed(list(changes)):
                rest = {k: v for k, v in changes.items() if k != indicator}
                reached = self.objective(rest)
                if reached >= target:
                    changes, current, improved = rest, reached, True
                    break
                best: tuple[Decimal, dict[str, Value]] | None = None
                for lever in self.levers:
                    if lever.indicator != indicator:
                        continue
                    for value in self.choices(lever, rest, target):
                        trial = {**rest, indicator: value}
                        reached = self.objective(trial)
                        if target <= reached < current and (best is None or reached < best[0]):
                            best = (reached, trial)
                if best is not None:
                    current, changes, improved = best[0], best[1], True
                    break
            if not improved:
                break
        return changes


def _fill(solver: _Solver, objective: Objective, lever: _Lever, changes: Mapping[str, Value], values: Mapping[str, Value], target: Decimal) -> Value | None:
    """
    The value of a continuous lever that brings *objective* to *target* with
    the least overshoot, *changes* applied (*values*: the agency's values with
    them): a bisection on the leaf's points between where it is now and its best.
    """
    sense = lever.sense
    now = objective(changes)
    full = solver.solve(lever, lever.max if sense > 0 else ZERO, values)
    if full is None or now >= target:
        return None
    best_value, far = full
    best = objective({**changes, lever.indicator: best_value})
    if best < target:
        return None
    near = solver.leaf_points(lever, values)
    if near is None:
        near = ZERO if sense > 0 else lever.max
    current = values.get(lever.indicator)
    tried: set[object] = set()
    with localcontext(CONTEXT):
        # The objective is linear in one leaf's points until a cap bites,
        # so the interpolated guess is usually exact; a few halvings
        # handle caps and the rounding of proposed values.
        guess = near + (far - near) * (target - now) / (best - now)
        for _ in range(16):
            found = solver.solve(lever, guess, values)
            if found is None:
                break
            value, points = found
            if value in tried:
                break
            tried.add(value)
            reached = objective({**changes, lever.indicator: value})
            if reached >= target:
                if (reached, _distance(current, value)) < (best, _distance(current, best_value)):
                    best, best_value = reached, value
                if reached == target:
                    break
                far = guess
            else:
                near = points
            if (far - near) * sense <= Decimal("1e-9"):
                break
            guess = (near + far) / 2
    return best_value


_NOISE = Decimal("1e-24")


def _snap(value: Decimal) -> Decimal:
    """*value* snapped as :func:`round_points` snaps it before rounding (division noise removed)."""
    return value.quantize(_NOISE) if value.adjusted() < 15 else value


def _as_changes(model: _Model, changes: Mapping[str, Value]) -> tuple[ValueChange, ...]:
    order = {i.id: n for n, i in enumerate(model.ruleset.indicators)}
    return tuple(
        ValueChange(indicator=k, current=model.values.get(k), value=v) for k, v in sorted(changes.items(), key=lambda kv: order.get(kv[0], len(order)))
    )


# --- Why-not -------------------------------------------------------------------------


def _said(code: str, **params: object) -> Label:
    """A text of the one catalogue as a label in both languages (see :func:`indicator_index._messages.texts`)."""
    vi, en = texts(code, **params)
    return Label(vi=vi, en=en)


def _reason(e: _Entry, model: _Model) -> Label:
    """Why an entry earned what it earned, in Vietnamese and English."""
    r = e.result
    rs = model.ruleset
    parts = r.reason.parts if isinstance(r.reason, Message) else ()
    codes = {part.code for part in parts}
    refused = bool(codes & {"claim_refused", "no_value_claim_refused"}) or r.reason.startswith("claim that it is outside")

    def prefix(lang: str) -> str:
        return text("explain.refused_prefix", lang) if refused else ""

    if r.status == "info":
        return _said("explain.info", prefix="")
    if r.status == "excluded":
        evidence = next((str(p.params.get("evidence", "")) for p in parts if p.code == "excluded_on_evidence"), "")
        if not evidence:
            found = _EVIDENCE.search(r.reason)  # a reason read back as plain text
            evidence = found.group(1) if found else ""
        return _said("explain.excluded", evidence=evidence)
    if r.status == "not_applicable":
        rule = e.item.rule
        denominator = rule.denominator if isinstance(rule, Ratio) else ""
        return _said("explain.not_applicable", denominator=lambda lang: _named(rs, denominator, lang) if denominator else "")
    lacking = e.item.rule.missing(model.values)

    def missing(lang: str) -> str:
        return ", ".join(_named(rs, i, lang) for i in lacking)

    if r.status == "missing_excluded":
        return _said("explain.missing_excluded", prefix=prefix, missing=missing)
    if r.status == "missing_zero":
        return _said("explain.missing_zero", prefix=prefix, missing=missing)
    points = r.points if r.points is not None else ZERO
    inputs = functools.partial(_inputs_text, r.inputs, rs=rs)
    if e.kind == "penalty":
        if points == ZERO:
            return _said("explain.nothing_deducted")
        return _said(
            "explain.deducted", points=lambda lang: _num(points, lang, rs), max=lambda lang: _num(r.max_points, lang, rs), inputs=lambda lang: inputs(lang)
        )
    if points >= r.max_points:
        return _said("explain.full_marks", prefix=prefix)
    missed = r.max_points - points
    return _said(
        "explain.missed",
        prefix=prefix,
        missed=lambda lang: _num(missed, lang, rs),
        max=lambda lang: _num(r.max_points, lang, rs),
        inputs=lambda lang: inputs(lang),
        points=lambda lang: _num(points, lang, rs),
    )


def _benchmarks(e: _Entry, model: _Model) -> tuple[Benchmark, ...]:
    """The best values in the group for the cohort-relative leaves of an entry."""
    out: list[Benchmark] = []
    leaves: list[Rule] = []

    def walk(rule: Rule) -> None:
        if isinstance(rule, SumOf | BestOf):
            for part in rule.parts if isinstance(rule, SumOf) else rule.alternatives:
                walk(part.rule)
        elif isinstance(rule, Relative | MinMax):
            leaves.append(rule)

    walk(e.item.rule)
    for rule in leaves:
        assert isinstance(rule, Relative | MinMax)
        pairs = list(model.others.get(e.item.id, {}).get(rule.indicator, []))
        own = model.values.get(rule.indicator)
        if e.result.status == "scored" and isinstance(own, Decimal):
            pairs.append((model.score.agency, own))
        if not pairs:
            continue
        pick = max if rule.direction == "higher" else min
        best = pick(v for _, v in pairs)
        holders = tuple(a for a, v in pairs if v == best)
        benchmark = Benchmark(indicator=rule.indicator, value=best, direction=rule.direction, agencies=holders)
        if benchmark not in out:
            out.append(benchmark)
    return tuple(out)


def _shortfall(e: _Entry, model: _Model) -> Shortfall:
    r = e.result
    points = r.points
    if r.points is None or r.status == "info":
        missed = ZERO
    elif e.kind == "penalty":
        missed = r.points
    else:
        missed = max(r.max_points - r.points, ZERO)
    full = nxt = None
    levers = _levers(model, [e])
    if levers and (missed > ZERO or r.status == "missing_excluded"):
        item = e.item.id
        sense = -1 if e.kind == "penalty" else 1

        def objective(changes: Mapping[str, Value]) -> Decimal:
            value = model.evaluate(changes).points[item]
            return _snap(value if value is not None else ZERO) * sense

        search = _Search(model, levers, objective)
        goal = e.group_max if sense > 0 else ZERO
        changes, reached, ok = search.run(goal)
        changes = search.trim(changes, goal if ok else reached)
        now = objective({})
        if changes and reached > now:
            got = model.evaluate(changes).points[item]
            assert got is not None
            full = Suggestion(changes=_as_changes(model, changes), points=got, full=ok)
            # The next step of a stepped rule: the smallest single change that gains.
            step: tuple[tuple[object, ...], dict[str, Value]] | None = None
            for order, lever in enumerate(levers):
                if not lever.discrete:
                    continue
                for value in model.solver.options(lever, model.values):
                    trial = {lever.indicator: value}
                    gained = objective(trial)
                    if gained > now:
                        key: tuple[object, ...] = (gained, order)
                        if step is None or key < step[0]:
                            step = (key, trial)
                        break
            if step is not None and objective(step[1]) < objective(changes):
                got = model.evaluate(step[1]).points[item]
                assert got is not None
                nxt = Suggestion(changes=_as_changes(model, step[1]), points=got, full=False)
    return Shortfall(
        item=e.item.id,
        kind=e.kind,
        section=r.section,
        status=r.status,
        points=points,
        max_points=r.max_points,
        missed=missed,
        inputs=r.inputs,
        why=_reason(e, model),
        full=full,
        next=nxt,
        best_in_group=_benchmarks(e, model),
    )


def why_not(assessment: Assessment, agency: str) -> tuple[Shortfall, ...]:
    """
    Why one agency earned what it earned on each criterion, bonus and penalty
    item, and which values would have earned more.

    For every item: the points missed (or deducted), the inputs that decided
    them, and the values that would earn full marks (or the most the rule
    allows) and, for a stepped rule, the next step; for a rule relative to
    the group, the current best in the group. Exclusions, refused claims and
    missing values are explained in words. Proposed values respect each
    indicator's type and range, and are scored with the rest of the cohort
    unchanged: applied and re-scored, they earn the promised points.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        agency: The agency's id.

    Returns:
        One :class:`Shortfall` per criterion, then per bonus and penalty
        item, in the ruleset's order.

    Raises:
        KeyError: if no agency has that id.
        ValueError: if the agency's total was decided and published (it has no figures).

    .. versionadded:: 0.1.0
    """
    model = _Model(assessment, agency)
    return tuple(_shortfall(e, model) for e in model.entries)


# --- Gap to the next band -----------------------------------------------------------


def apply_changes(
    submissions: Iterable[Submission],
    agency: str,
    changes: Mapping[str, Value] | Iterable[ValueChange],
    *,
    source: str | None = None,
) -> tuple[Submission, ...]:
    """
    The submissions with one agency's values replaced: a what-if.

    Each changed indicator gets one figure with the new value, from *source*
    (by default the source of the figure it replaces, else ``"agency"``);
    the figures it had are dropped.

    Args:
        submissions: Every agency's submission.
        agency: The id of the agency to change.
        changes: Indicator id -> new value, or :class:`ValueChange` records.
        source: The source to record for the new figures.

    Returns:
        New submissions; the ones passed in are not modified.

    Raises:
        KeyError: if no submission has that agency id.

    .. versionadded:: 0.1.0
    """
    pairs = [(nfc(str(k)), v) for k, v in changes.items()] if isinstance(changes, Mapping) else [(nfc(c.indicator), c.value) for c in changes]
    key = nfc(agency)
    out: list[Submission] = []
    found = False
    for sub in submissions:
        if nfc(sub.agency) != key:
            out.append(sub)
            continue
        found = True
        values: dict[str, object] = dict(sub.values.items())
        fallback = next((f.source for figures in sub.values.values() for f in figures), "agency")
        for indicator, value in pairs:
            old = [k for k in values if nfc(k) == indicator]
            figures: tuple[Figure, ...] = tuple(f for k in old for f in values[k])  # type: ignore[attr-defined]
            for k in old:
                del values[k]
            origin = source or (figures[0].source if figures else fallback)
            values[indicator] = (Figure(value=value, source=origin, reference="what-if"),)
        out.append(attrs.evolve(sub, values=values))
    if not found:
        msg = f"no agency {agency!r} in the submissions"
        raise KeyError(msg)
    return tuple(out)


def _bands_up(ruleset: Ruleset) -> list[Band]:
    return sorted(ruleset.bands, key=lambda b: b.min)


def _band_label(ruleset: Ruleset, band_id: str | None, lang: str) -> str:
    if band_id is None:
        return "—"
    return ruleset.band(band_id).label.text(lang)


def _steps(model: _Model, before: Score, after: Score, changes: Mapping[str, Value]) -> tuple[PlanStep, ...]:
    out = []
    old = {r.criterion: r for r in (*before.criteria, *before.bonuses, *before.penalties)}
    for r in (*after.criteria, *after.bonuses, *after.penalties):
        prev = old.get(r.criterion)
        if prev is None or (prev.points == r.points and prev.status == r.status):
            continue
        entry = model.by_id[r.criterion]
        used = set(entry.item.rule.indicator_ids())
        mine = {k: v for k, v in changes.items() if k in used}
        out.append(
            PlanStep(item=r.criterion, kind=entry.kind, changes=_as_changes(model, mine), points=prev.points, new_points=r.points, max_points=r.max_points)
        )
    return tuple(out)


def _cohort(submissions: Iterable[Submission], agency: str) -> tuple[Submission, ...]:
    """The submissions of the agency's group, its cohort: ranks and group statistics are per group."""
    key = nfc(agency)
    everyone = tuple(submissions)
    mine = next((sub for sub in everyone if nfc(sub.agency) == key), None)
    if mine is None:
        msg = f"no agency {agency!r} in the submissions"
        raise KeyError(msg)
    return tuple(sub for sub in everyone if nfc(sub.group) == nfc(mine.group))


def _target(ruleset: Ruleset, s: Score, band: str | None) -> Band | Gap:
    """
    The band a gap plan aims at: *band*, or by default the next band up from
    the agency's. The answer itself, a :class:`Gap`, when there is nothing
    to plan: the agency is not scorable, or already in the top band, or
    already in *band* or above.

    Raises:
        KeyError: if no band has id *band*.
    """
    gap = functools.partial(Gap, agency=s.agency, name=s.name, group=s.group, total=s.total, band=s.band)
    if s.total is None or s.band is None:
        why = _said("explain.not_scorable")
        return gap(status="not_scorable", target_band=None, target_min=None, needed=None, why=why)
    current = ruleset.band(s.band)
    if band is None:
        higher = [b for b in _bands_up(ruleset) if b.min > current.min]
        if not higher:
            why = _said("explain.top_band", band=current.label.text)
            return gap(
                status="top_band",
                target_band=None,
                target_min=None,
                needed=None,
                why=why,
                new_total=s.total,
                new_band=s.band,
                new_rank=s.rank,
                gain=ZERO,
            )
        return higher[0]
    target = ruleset.band(band)
    if target.min <= current.min:
        why = _said("explain.reached", target=target.label.text, band=current.label.text)
        return gap(
            status="reached",
            target_band=target.id,
            target_min=target.min,
            needed=ZERO,
            why=why,
            new_total=s.total,
            new_band=s.band,
            new_rank=s.rank,
            gain=ZERO,
        )
    return target


def _improve(ruleset: Ruleset, subs: tuple[Submission, ...], assessment: Assessment, agency: str, goal: Decimal) -> tuple[dict[str, Value], bool, Assessment]:
    """
    The changes of a gap plan, whether they reach a total of *goal*, and the
    cohort re-scored with them. Each round searches from the cohort re-scored
    with the changes so far (raising a value can change the best in the
    group), until the re-scored total reaches *goal*, a search falls short or
    adds nothing, or four rounds have run.
    """
    # Aim at the band's minimum itself, not at the rounding slack below it:
    # a plan must not hang on half a hundredth of a point.
    threshold = goal
    changes: dict[str, Value] = {}
    reached = False
    final = assessment
    state = assessment
    for _ in range(4):
        model = _Model(state, agency)

        def objective(trial: Mapping[str, Value], model: _Model = model) -> Decimal:
            value = model.evaluate(trial).unrounded
            return _snap(value) if value is not None else ZERO

        search = _Search(model, _levers(model), objective)
        extra, best, reached = search.run(threshold)
        extra = search.trim(extra, threshold if reached else best)
        changes = {**changes, **extra}
        final = score(ruleset, apply_changes(subs, agency, changes))
        after = final.score_for(agency)
        if after.total is not None and after.total >= goal:
            reached = True
            break
        if not reached or not extra:
            reached = False
            break
        state = final
    return changes, reached, final


def _gap_why(ruleset: Ruleset, target: Band, needed: Decimal, after: Score, reached: bool) -> Label:
    """A gap plan's answer in words: the points needed and the total with the plan, or the best total found."""
    goal = target.min
    if reached:
        return _said(
            "explain.gap_reached",
            needed=lambda lang: _num(needed, lang, ruleset),
            target=target.label.text,
            goal=lambda lang: _num(goal, lang),
            total=lambda lang: _total(after.total, lang),
        )
    return _said(
        "explain.gap_unreachable",
        target=target.label.text,
        goal=lambda lang: _num(goal, lang),
        total=lambda lang: _total(after.total, lang),
        band=lambda lang: _band_label(ruleset, after.band, lang),
    )


def plan_gap(
    ruleset: Ruleset,
    submissions: Iterable[Submission],
    agency: str,
    *,
    band: str | None = None,
) -> Gap:
    """
    The smallest improvement that lifts one agency to the next band (or to
    *band*), and a concrete, feasible plan: which criteria, to what values.

    The plan changes as few criteria as it can and ends as close above the
    band's minimum as the rules' steps allow; every proposed value respects
    the rule's maximum and the indicator's type and range. The plan is then
    applied and the agency's whole cohort (every agency of its group, with
    which it is ranked and compared) re-scored with
    :func:`~indicator_index.score`, so the promised total, band and rank are
    those of the re-scored cohort (raising a value can change the best in
    the group). "Already in the top
    band" and "cannot reach it" are answers too (see :attr:`Gap.status`).

    Args:
        ruleset: A loaded ruleset.
        submissions: Every agency's submission (the cohort).
        agency: The agency's id.
        band: The band to aim at; the next band up by default.

    Returns:
        A :class:`Gap`.

    Raises:
        ScoringError: if the submissions of the agency's group do not fit the
            ruleset.
        KeyError: if no agency has that id, or no band has id *band*.
        ValueError: if the agency's total was decided and published (it has no figures).

    .. versionadded:: 0.1.0
    """
    subs = _cohort(submissions, agency)
    assessment = score(ruleset, subs)
    s = _explainable(assessment.score_for(agency))
    target = _target(ruleset, s, band)
    if isinstance(target, Gap):
        return target
    assert s.total is not None  # else _target gave the answer "not scorable"
    goal = target.min
    needed = goal - s.total
    changes, reached, final = _improve(ruleset, subs, assessment, agency, goal)
    base_model = _Model(assessment, agency)
    after = final.score_for(agency)
    return Gap(
        agency=s.agency,
        name=s.name,
        group=s.group,
        total=s.total,
        band=s.band,
        status="reachable" if reached else "unreachable",
        target_band=target.id,
        target_min=goal,
        needed=needed,
        why=_gap_why(ruleset, target, needed, after, reached),
        changes=_as_changes(base_model, changes),
        steps=_steps(base_model, s, after, changes),
        new_total=after.total,
        new_band=after.band,
        new_rank=after.rank,
        gain=after.total - s.total if after.total is not None else None,
    )
