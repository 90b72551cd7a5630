"""
The batch path: totals, bands and ranks for many agencies or scenarios, fast.

:class:`BatchScorer` compiles a ruleset once into per-criterion closures, one
kind of closure per rule kind, with every lookup resolved: indicator ids become
positions in a row, constants are bound, and the cohort-relative rules are
bound to their group's lowest and highest values once per cohort. Scoring then
walks plain tuples and builds no per-criterion objects.

The arithmetic is the traced engine's (:func:`~indicator_index.score`), step
for step: the same ``Decimal`` context, the same operations in the same order
(a ``min`` or ``max`` is sometimes written as the comparison it makes), the
same rescaling, caps, clamp and rounding (``round_points``), the same checks of
submissions (``prepare``, ``check_value``) and the same errors, made by the
traced engine's own code. Only the result is smaller. The batch path keeps no
state between calls: the compiled plan lives in the :class:`BatchScorer` the
caller holds.

An agency is scored on a fast path when none of its criteria is claimed and
every criterion counts: its points are added up section by section and
rescaled with the group's precomputed factor. A criterion that does not count
(a value missing under the ``exclude`` or ``error`` policy, a ratio "not
applicable") shows as ``None``; adding it up raises ``TypeError`` and the
agency takes the full path, which works out the applicable maximum as the
traced engine does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, localcontext
from operator import itemgetter
from typing import Any, cast

from attrs import field, frozen

from indicator_index._arithmetic import (
    CONTEXT,
    band_of,
    capped,
    clamped,
    competition_ranks,
    round_points,
    round_total,
    section_share,
    settle,
    share,
)
from indicator_index._mapping import FrozenDict
from indicator_index._model import Ruleset, Submission
from indicator_index._rules import (
    BestOf,
    Choice,
    Info,
    MinMax,
    PerItem,
    Proportional,
    Ratio,
    Relative,
    RuleText,
    SumOf,
    Tiers,
    YesNo,
)
from indicator_index._scoring import PreparedAgency, _score_item, _suggest, check_value, prepare
from indicator_index._text import nfc
from indicator_index.errors import Problem, ScoringError


__all__ = ["BatchResult", "BatchScorer", "Cohort", "score_totals"]

ZERO = Decimal(0)
ONE = Decimal(1)

Row = tuple[object, ...]
"""An agency's resolved indicator values, by the position the plan gives each indicator; ``None`` when missing."""
_Points = Callable[[Row], Decimal | None]
_Stats = Mapping[str, tuple[Decimal, Decimal]]
_Bind = Callable[[_Stats], _Points]
_Missing = Callable[[Row], tuple[str, ...]]
_EMPTY_STATS: dict[str, tuple[Decimal, Decimal]] = {}
# The traced engine's item scorer makes the problem for a value missing under the "error" policy; this stands for
# the rule text it records alongside, which the batch path does not keep.
_NO_TEXT = RuleText(vi="", en="")


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


def _compile_rule(rule: object, m: Decimal, index: Mapping[str, int], on_missing: Decimal | None, top: bool, settled: bool = False) -> tuple[bool, _Bind]:
    """
    ``(needs_stats, binder)`` for *rule* scored on the maximum *m*.

    With *settled*, a rule that is not ``exact`` settles its result itself, as
    :func:`_settled` would, without the extra call.
    """
    if isinstance(rule, Proportional):
        k = index[rule.indicator]

        def proportional(row: Row) -> Decimal | None:
            v = row[k]
            if v is None:
                return on_missing
            r: Decimal = v * m  # type: ignore[operator]
            return settle(r) if settled else r

        return False, _const(proportional)

    if isinstance(rule, Ratio):
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
            r = share(a, b, m)  # type: ignore[arg-type]
            return settle(r) if settled else r

        return False, _const(ratio)

    if isinstance(rule, Relative):
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
                    r = share(ZERO if v < ZERO else v, hi, m)  # type: ignore[operator, arg-type]
                    return settle(r) if settled else r

                return relative_higher

            def relative_lower(row: Row) -> Decimal | None:
                v = row[k]
                if v is None:
                    return on_missing
                if v <= lo:  # type: ignore[operator]
                    return m
                if lo <= ZERO:
                    return ZERO
                r = share(lo, v, m)  # type: ignore[arg-type]
                return settle(r) if settled else r

            return relative_lower

        return True, bind_relative

    if isinstance(rule, MinMax):
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
                    r = share(v - lo, span, m)  # type: ignore[operator]
                    return settle(r) if settled else r

                return min_max_higher

            def min_max_lower(row: Row) -> Decimal | None:
                v = row[k]
                if v is None:
                    return on_missing
                r = share(hi - v, span, m)  # type: ignore[operator]
                return settle(r) if settled else r

            return min_max_lower

        return True, bind_min_max

    if isinstance(rule, Tiers):
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

    if isinstance(rule, YesNo):
        k = index[rule.indicator]
        yes = m if rule.if_yes is None else rule.if_yes
        no = rule.if_no

        def yes_no(row: Row) -> Decimal | None:
            v = row[k]
            if v is None:
                return on_missing
            return yes if v else no

        return False, _const(yes_no)

    if isinstance(rule, Choice):
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
            return table[v]  # type: ignore[index,no-any-return]

        return False, _const(choice)

    if isinstance(rule, PerItem):
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

    if isinstance(rule, SumOf):
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

    if isinstance(rule, BestOf):
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

    if isinstance(rule, Info):

        def info(row: Row) -> Decimal | None:
            return ZERO

        return False, _const(info)

    msg = f"expected a rule kind, got {type(rule).__name__}"  # pragma: no cover - the set of kinds is closed
    raise TypeError(msg)  # pragma: no cover


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
    return lambda row: tuple(i for i, k in pairs if row[k] is None)


def _scaled(fn: _Points, group_max: Decimal, base_max: Decimal) -> _Points:
    """Points on the base maximum rescaled to a group's own maximum, as the traced engine does."""

    def scaled(row: Row) -> Decimal | None:
        p = fn(row)
        if p is None:
            return None
        return settle(share(p, base_max, group_max))

    return scaled


def _settled(fn: _Points) -> _Points:
    """Points of a rule whose quotients may not terminate, settled as the traced engine does."""

    def settled(row: Row) -> Decimal | None:
        p = fn(row)
        if p is None:
            return None
        return settle(p)

    return settled


def _rounded(fn: _Points, places: int, mode: str, group_max: Decimal) -> _Points:
    """Points rounded per criterion, never above the maximum, as the traced engine does when the ruleset asks for it."""

    def rounded(row: Row) -> Decimal | None:
        p = fn(row)
        if p is None:
            return None
        return min(round_points(p, places, mode), group_max)

    return rounded


class _Item:
    """One criterion, bonus or penalty item of one group, compiled."""

    __slots__ = (
        "base_max",
        "bind",
        "bind_short",
        "count_max",
        "excludable",
        "id",
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
        info = rule.kind == "info"
        # What a counted item adds to the applicable maximum: an info rule adds 0 whatever its maximum.
        self.count_max = ZERO if info else group_max
        # Under the "zero" policy a missing input scores 0 and still counts, exactly what the closure returns.
        on_missing = ZERO if policy == "zero" else None
        # These rules settle their own results; any other inexact rule is wrapped.
        inline = not info and group_max == base_max and not rule.exact and isinstance(rule, _SETTLING)
        needs, bind = _compile_rule(rule, base_max, index, on_missing, True, settled=inline)
        if not info and group_max != base_max:
            bind = _wrap(bind, lambda fn: _scaled(fn, group_max, base_max))
        elif not info and not rule.exact and not inline:
            bind = _wrap(bind, _settled)
        # Proportional and per-item points carry the places of their input. When every input of
        # a cohort has at most SHORT_PLACES places, those points have at most 30 and settling
        # cannot change them: such a cohort is scored with the closures that skip it.
        self.input_places = inline and isinstance(rule, Proportional | PerItem)
        short: _Bind | None = _compile_rule(rule, base_max, index, on_missing, True)[1] if self.input_places else None
        if not info and rounding is not None:
            places, mode = rounding
            bind = _wrap(bind, lambda fn: _rounded(fn, places, mode, group_max))
            if short is not None:
                short = _wrap(short, lambda fn: _rounded(fn, places, mode, group_max))
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

    __slots__ = ("bonuses", "count_maxima", "criteria", "full_max", "penalties", "sections", "slices", "stats_items", "strict_criteria")

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
        position = {c.id: k for k, (c, _, _) in enumerate(plan.criteria_by_group[group])}
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
            if v is not None and v.as_tuple().exponent < -SHORT_PLACES:  # type: ignore[attr-defined]
                return False
    return True


# --- Public classes -----------------------------------------------------------------------------------------------------


@frozen(kw_only=True, eq=False)
class Cohort:
    """
    Submissions checked against a ruleset and laid out for the batch path.

    Build one with :meth:`BatchScorer.cohort` and score it, or variants of it
    (:meth:`BatchScorer.vary`, :meth:`BatchScorer.scenarios`), as often as
    needed: the checks are not repeated.

    Args:
        ruleset_id: The id of the ruleset it was checked against.
        ruleset_digest: That ruleset's digest.
        agencies: The agencies' ids, in submission order.
        groups: Each agency's group id.

    .. versionadded:: 0.1.0
    """

    ruleset_id: str
    ruleset_digest: str
    agencies: tuple[str, ...]
    groups: tuple[str, ...]
    _rows: tuple[Row, ...] = field(alias="_rows", repr=False)
    _claims: tuple[Mapping[str, str] | None, ...] = field(alias="_claims", repr=False)
    _positions: Mapping[str, int] = field(alias="_positions", repr=False)
    # Whether every value the proportional and per-item rules read has at most SHORT_PLACES places.
    _short: bool = field(default=False, alias="_short", repr=False)

    def __len__(self) -> int:
        return len(self.agencies)


@frozen(kw_only=True)
class BatchResult:
    """
    Totals, bands and ranks of a cohort, without per-criterion detail.

    The tuples are aligned with :attr:`agencies`, in submission order. A
    ``None`` total, band and rank mark an agency that is not scorable (nothing
    applicable). The numbers equal those of :func:`~indicator_index.score`.

    Args:
        ruleset_id: The ruleset's id.
        ruleset_digest: The ruleset's digest.
        agencies: The agencies' ids.
        groups: Each agency's group id.
        totals: Each rounded total.
        bands: Each band id.
        ranks: Each rank within its group (ties share the best rank).
        band_counts: Group id -> band id -> number of agencies, for every
            group and band of the ruleset, as in an
            :class:`~indicator_index.Assessment`.

    .. versionadded:: 0.1.0
    """

    ruleset_id: str
    ruleset_digest: str
    agencies: tuple[str, ...]
    groups: tuple[str, ...]
    totals: tuple[Decimal | None, ...]
    bands: tuple[str | None, ...]
    ranks: tuple[int | None, ...]
    band_counts: Mapping[str, Mapping[str, int]]

    def __len__(self) -> int:
        return len(self.agencies)

    def for_agency(self, agency: str) -> tuple[Decimal | None, str | None, int | None]:
        """
        The ``(total, band, rank)`` of one agency.

        Raises:
            KeyError: if the agency is not in the result.
        """
        key = nfc(agency)
        try:
            i = self.agencies.index(key)
        except ValueError:
            msg = f"no agency {agency!r} in this result"
            raise KeyError(msg) from None
        return self.totals[i], self.bands[i], self.ranks[i]


@frozen(eq=False)
class BatchScorer:
    """
    A ruleset compiled once for scoring many cohorts or scenarios fast.

    The compiled plan resolves every lookup: one closure per criterion, by
    rule kind, reading indicator values by position. Scoring returns totals,
    bands and ranks only (:class:`BatchResult`), exactly as
    :func:`~indicator_index.score` computes them; use :func:`~indicator_index.score`
    when the full trace is wanted.

    Args:
        ruleset: A loaded ruleset.

    Example::

        scorer = BatchScorer(load_ruleset("example-2024"))
        cohort = scorer.cohort(read_submissions("example-2024"))
        result = scorer.totals(cohort)
        what_if = scorer.totals(scorer.vary(cohort, {"so-noi-vu": {"steering_meetings": 1}}))

    .. versionadded:: 0.1.0
    """

    ruleset: Ruleset
    _index: Mapping[str, int] = field(init=False, repr=False, alias="_index")
    _groups: Mapping[str, _Group] = field(init=False, repr=False, alias="_groups")
    _place_columns: tuple[int, ...] = field(init=False, repr=False, alias="_place_columns")

    def __attrs_post_init__(self) -> None:
        ruleset: object = self.ruleset
        if not isinstance(ruleset, Ruleset):
            msg = f"expected a Ruleset, got {type(ruleset).__name__}"
            raise TypeError(msg)
        index, groups = _compile(self.ruleset)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_groups", groups)
        object.__setattr__(self, "_place_columns", _place_columns(groups))

    # -- building cohorts ----------------------------------------------------------------------------------------------

    def cohort(self, submissions: Iterable[Submission]) -> Cohort:
        """
        Check submissions once and lay them out for the batch path.

        The checks and their errors are those of :func:`~indicator_index.score`:
        unknown groups, indicators, sources or criteria, values of the wrong type
        or out of range, duplicate agencies and claims that cannot be made.
        Each value is resolved by source precedence, once.

        Args:
            submissions: One :class:`~indicator_index.Submission` per agency.

        Returns:
            A :class:`Cohort`.

        Raises:
            ScoringError: listing every problem in every submission.

        .. versionadded:: 0.1.0
        """
        ruleset = self.ruleset
        index = self._index
        width = len(index)
        with localcontext(CONTEXT):
            prepared = prepare(ruleset, submissions)
        rows: list[Row] = []
        for agency in prepared:
            row: list[object] = [None] * width
            for key, value in agency.values.items():
                row[index[key]] = value
            rows.append(tuple(row))
        agencies = tuple(a.agency for a in prepared)
        return Cohort(
            ruleset_id=ruleset.id,
            ruleset_digest=ruleset.digest,
            agencies=agencies,
            groups=tuple(a.group for a in prepared),
            _rows=tuple(rows),
            _claims=tuple(dict(a.claims) if a.claims else None for a in prepared),
            _positions={a: i for i, a in enumerate(agencies)},
            _short=_short(rows, self._place_columns),
        )

    def vary(self, cohort: Cohort, changes: Mapping[str, Mapping[str, object]]) -> Cohort:
        """
        A variant of *cohort* with some indicator values changed: a what-if.

        Each new value replaces the agency's resolved value (whatever its source)
        and is checked like a submitted one; ``None`` removes the value, so the
        missing-data policy applies. Agencies not named keep their values.

        Args:
            cohort: A cohort built by this scorer.
            changes: Agency id -> indicator id -> new value (or ``None``).

        Returns:
            A new :class:`Cohort`; *cohort* is unchanged.

        Raises:
            ScoringError: naming every unknown agency or indicator and every
                value of the wrong type or out of range.

        .. versionadded:: 0.1.0
        """
        self._check_cohort(cohort)
        index = self._index
        indicators = self.ruleset._plan.indicators
        problems: list[Problem] = []
        rows = list(cohort._rows)
        positions = cohort._positions
        with localcontext(CONTEXT):
            for raw_agency, values in changes.items():
                agency = nfc(raw_agency)
                position = positions.get(agency)
                if position is None:
                    problems.append(Problem(message=f"unknown agency{_suggest(agency, positions)}", agency=raw_agency))
                    continue
                row = list(rows[position])
                for raw_key, raw in values.items():
                    key = nfc(raw_key)
                    indicator = indicators.get(key)
                    if indicator is None:
                        problems.append(Problem(message=f"unknown indicator{_suggest(key, indicators)}", agency=agency, indicator=raw_key))
                        continue
                    if raw is None:
                        row[index[key]] = None
                        continue
                    value, problem = check_value(indicator, raw)
                    if problem is not None:
                        problems.append(Problem(message=problem, agency=agency, indicator=key))
                        continue
                    row[index[key]] = value
                rows[position] = tuple(row)
        if problems:
            raise ScoringError(problems, title=f"changes do not fit ruleset {self.ruleset.id!r}")
        return Cohort(
            ruleset_id=cohort.ruleset_id,
            ruleset_digest=cohort.ruleset_digest,
            agencies=cohort.agencies,
            groups=cohort.groups,
            _rows=tuple(rows),
            _claims=cohort._claims,
            _positions=positions,
            _short=cohort._short and _short((rows[positions[nfc(a)]] for a in changes), self._place_columns),
        )

    # -- scoring -------------------------------------------------------------------------------------------------------

    def totals(self, data: Cohort | Iterable[Submission]) -> BatchResult:
        """
        Score a cohort: totals, bands and ranks, exactly as :func:`~indicator_index.score`.

        Args:
            data: A :class:`Cohort` from this scorer, or submissions (checked first).

        Returns:
            A :class:`BatchResult` in submission order.

        Raises:
            ScoringError: as :func:`~indicator_index.score` does, with the same
                problems: submissions that do not fit, and missing values under
                the ``error`` policy.

        .. versionadded:: 0.1.0
        """
        cohort = data if isinstance(data, Cohort) else self.cohort(data)
        self._check_cohort(cohort)
        with localcontext(CONTEXT):
            return self._totals(cohort)

    def scenarios(self, cohort: Cohort, variants: Iterable[Mapping[str, Mapping[str, object]]]) -> Iterator[BatchResult]:
        """
        Score many what-if variants of one cohort, lazily, one result per variant.

        Each variant is a set of changes as :meth:`vary` takes them, applied to
        *cohort* (not to the previous variant). Results are produced as the
        iterator is consumed, so millions of variants need no more memory than one.

        Args:
            cohort: A cohort built by this scorer.
            variants: Changes per variant.

        Returns:
            An iterator of :class:`BatchResult`, one per variant, in order.

        Raises:
            ScoringError: when a variant's changes do not fit, or a variant
                leaves a value missing under the ``error`` policy.

        .. versionadded:: 0.1.0
        """
        self._check_cohort(cohort)
        for changes in variants:
            yield self.totals(self.vary(cohort, changes))

    # -- internals -----------------------------------------------------------------------------------------------------

    def _check_cohort(self, cohort: object) -> None:
        if not isinstance(cohort, Cohort):
            msg = f"expected a Cohort, got {type(cohort).__name__}"
            raise ScoringError([Problem(message=msg)])
        if cohort.ruleset_digest != self.ruleset.digest:
            msg = f"the cohort was checked against ruleset {cohort.ruleset_id!r} ({cohort.ruleset_digest[:12]}), not this one ({self.ruleset.digest[:12]})"
            raise ScoringError([Problem(message=msg)], title=f"cohort does not fit ruleset {self.ruleset.id!r}")

    def _totals(self, cohort: Cohort) -> BatchResult:
        ruleset = self.ruleset
        rows = cohort._rows
        claims = cohort._claims
        short = cohort._short
        agencies = cohort.agencies
        count = len(rows)
        scale = ruleset.scale
        places = ruleset.rounding.places
        mode = ruleset.rounding.mode
        bonus_cap = ruleset.bonus_cap
        penalty_cap = ruleset.penalty_cap
        bands_desc = ruleset._plan.bands_desc
        totals: list[Decimal | None] = [None] * count
        bands: list[str | None] = [None] * count
        ranks: list[int | None] = [None] * count
        problems: list[tuple[int, Problem]] = []

        members: dict[str, list[int]] = {}
        for i, group in enumerate(cohort.groups):
            members.setdefault(group, []).append(i)

        for group, idxs in members.items():
            plan = self._groups[group]
            stats = _cohort_stats(plan, idxs, rows, claims)
            # Short inputs need no settling of the points that carry their places (see _Item).
            crit_fns = [(item.bind_short if short else item.bind)(stats.get(item.id, _EMPTY_STATS)) for item in plan.criteria]
            bonus_fns = [(item.bind_short if short else item.bind)(stats.get(item.id, _EMPTY_STATS)) for item in plan.bonuses]
            penalty_fns = [(item.bind_short if short else item.bind)(stats.get(item.id, _EMPTY_STATS)) for item in plan.penalties]
            crit_position = {item.id: k for k, item in enumerate(plan.criteria)}
            slices = plan.slices
            # The fast path adds up what the closures return; a None among them raises TypeError on purpose.
            fast_crit = cast("list[Callable[[Row], Decimal]]", crit_fns)
            fast_bonus = cast("list[Callable[[Row], Decimal]]", bonus_fns)
            fast_penalty = cast("list[Callable[[Row], Decimal]]", penalty_fns)
            section_fns = [[fast_crit[k] for k in section] for section in plan.sections]
            fast = plan.full_max > ZERO
            full_max = plan.full_max
            for i in idxs:
                row = rows[i]
                agency_claims = claims[i]
                unrounded: Decimal | None = None
                pts: list[Decimal | None] | None = None
                # The common case: no claims and every criterion counts. A missing value that is not simply scored 0,
                # or a "not applicable" ratio, surfaces as None, whose sum raises TypeError: the agency then takes
                # the full path, which finds out why.
                try:
                    if agency_claims is not None or not fast:
                        raise TypeError
                    base = ZERO
                    if slices is not None:
                        points = [fn(row) for fn in fast_crit]
                        pts = cast("list[Decimal | None]", points)
                        for lo, hi in slices:
                            base += section_share(sum(points[lo:hi], ZERO), scale, full_max)
                    else:
                        for fns in section_fns:
                            base += section_share(sum([fn(row) for fn in fns], ZERO), scale, full_max)
                    bonus = sum([fn(row) for fn in fast_bonus], ZERO)
                    penalty = sum([fn(row) for fn in fast_penalty], ZERO)
                except TypeError:
                    if agency_claims is not None:
                        pts = [fn(row) for fn in crit_fns]
                        for cid, evidence in agency_claims.items():
                            if evidence:  # claimed with evidence: out of the agency's denominator
                                pts[crit_position[cid]] = None
                    elif pts is None:
                        pts = [fn(row) for fn in crit_fns]
                    found: list[Problem] = []
                    unrounded = _full_path(plan, pts, bonus_fns, penalty_fns, row, agency_claims, agencies[i], found, scale, bonus_cap, penalty_cap)
                    problems.extend((i, p) for p in found)
                else:
                    unrounded = clamped(base, capped(bonus, bonus_cap), capped(penalty, penalty_cap), scale)[0]
                if unrounded is None:
                    continue
                total = round_total(unrounded, scale, places, mode)
                totals[i] = total
                bands[i] = band_of(total, bands_desc).id
            _rank(idxs, totals, ranks)

        if problems:
            problems.sort(key=lambda ip: ip[0])
            raise ScoringError([p for _, p in problems], title=f"missing data under ruleset {ruleset.id!r}")
        return BatchResult(
            ruleset_id=ruleset.id,
            ruleset_digest=ruleset.digest,
            agencies=agencies,
            groups=cohort.groups,
            totals=tuple(totals),
            bands=tuple(bands),
            ranks=tuple(ranks),
            band_counts=_band_counts(ruleset, cohort.groups, bands),
        )


def _band_counts(ruleset: Ruleset, groups: tuple[str, ...], bands: list[str | None]) -> FrozenDict:
    """Group id -> band id -> count over every group and band, shaped as ``Assessment.band_counts``."""
    counts = {group: dict.fromkeys((b.id for b in ruleset._plan.bands_desc), 0) for group in ruleset._plan.group_order}
    for group, band in zip(groups, bands, strict=True):
        if band is not None:
            counts[group][band] += 1
    return FrozenDict((group, FrozenDict(per_band)) for group, per_band in counts.items())


def _cohort_stats(
    plan: _Group, idxs: list[int], rows: tuple[Row, ...], claims: tuple[Mapping[str, str] | None, ...]
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


def _full_path(
    plan: _Group,
    pts: list[Decimal | None],
    bonus_fns: list[_Points],
    penalty_fns: list[_Points],
    row: Row,
    claims: Mapping[str, str] | None,
    agency: str,
    problems: list[Problem],
    scale: Decimal,
    bonus_cap: Decimal | None,
    penalty_cap: Decimal | None,
) -> Decimal | None:
    """
    One agency with claims, missing values or "not applicable" ratios: the traced engine's steps, without objects.

    *pts* holds each criterion's points from its closure, ``None`` for a claimed criterion and for one whose
    closure found an input missing (under a policy other than ``zero``) or a ratio "not applicable".
    """
    # None means "not counted" (claimed, missing under "exclude", or a ratio "not applicable"), except for a
    # value missing under the "error" policy, which counts 0 and is a problem: only those items need a look.
    criteria = plan.criteria
    for k in plan.strict_criteria:
        if pts[k] is None:
            item = criteria[k]
            claim = claims.get(item.id) if claims else None
            if not claim:
                pts[k] = _unscored(item, row, agency, problems, claim)
    adjustments = []
    for items, fns in ((plan.bonuses, bonus_fns), (plan.penalties, penalty_fns)):
        found = [fn(row) for fn in fns]
        for k, item in enumerate(items):
            if found[k] is None and item.policy == "error":
                found[k] = _unscored(item, row, agency, problems, None)
        adjustments.append(sum([p for p in found if p is not None], ZERO))
    bonus_raw, penalty_raw = adjustments
    bonus = capped(bonus_raw, bonus_cap)
    penalty = capped(penalty_raw, penalty_cap)
    applicable_max = sum([top for top, p in zip(plan.count_maxima, pts, strict=True) if p is not None], ZERO)
    if not applicable_max > ZERO:
        return None
    base = ZERO
    # As the traced engine: points × scale ÷ applicable maximum per section, settled, then added.
    if plan.slices is not None:
        for lo, hi in plan.slices:
            base += section_share(sum([p for p in pts[lo:hi] if p is not None], ZERO), scale, applicable_max)
    else:
        for section in plan.sections:
            base += section_share(sum([p for p in [pts[k] for k in section] if p is not None], ZERO), scale, applicable_max)
    return clamped(base, bonus, penalty, scale)[0]


def _unscored(item: _Item, row: Row, agency: str, problems: list[Problem], claim: str | None) -> Decimal | None:
    """
    The points of an item under the ``error`` policy whose closure gave ``None``: a missing value counts 0 and
    is recorded with the traced engine's own problem; otherwise it was a ratio "not applicable" (not counted).
    """
    if item.missing(row):
        values = {i: row[k] for i, k in item.positions if row[k] is not None}
        prepared = PreparedAgency(agency=agency, name=agency, group="", values=values, inputs={}, claims={})
        result = _score_item(item.id, None, item.rule, item.base_max, item.max, "error", _NO_TEXT, "", prepared, _EMPTY_STATS, problems, None, "half_up", claim)
        return result.points
    return None


def _rank(idxs: list[int], totals: list[Decimal | None], ranks: list[int | None]) -> None:
    """Competition ranks within a group (1, 2, 2, 4), highest total first, by the one ranking rule."""
    for i, r in competition_ranks((i, totals[i]) for i in idxs).items():
        ranks[i] = r


def score_totals(ruleset: Ruleset | BatchScorer, data: Cohort | Iterable[Submission]) -> BatchResult:
    """
    Totals, bands and ranks of every agency, without per-criterion detail.

    A shortcut for ``BatchScorer(ruleset).totals(data)``. To score more than
    once under the same ruleset, hold a :class:`BatchScorer` and pass it
    instead of the ruleset, so the ruleset is compiled only once.

    Args:
        ruleset: A loaded ruleset, or a :class:`BatchScorer` compiled from one.
        data: Submissions, or a :class:`Cohort` from the same scorer.

    Returns:
        A :class:`BatchResult` in submission order, with the totals, bands and
        ranks :func:`~indicator_index.score` gives.

    Raises:
        ScoringError: as :func:`~indicator_index.score` does.

    .. versionadded:: 0.1.0
    """
    scorer = ruleset if isinstance(ruleset, BatchScorer) else BatchScorer(ruleset)
    return scorer.totals(data)
