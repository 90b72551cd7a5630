"""
The batch path: totals, bands and ranks for many agencies or scenarios, fast.

:class:`BatchScorer` evaluates the ruleset's compiled plan (:mod:`indicator_index._plan`,
the one place a score is computed) over a :class:`Cohort`: submissions checked
once (``prepare``, the same checks and errors as :func:`~indicator_index.score`)
and laid out as rows of values by indicator position. It builds no
per-criterion objects and keeps no state between calls.

Each comparison cohort's totals come from :func:`indicator_index._plan.evaluate_cohort`,
which :func:`~indicator_index.score` calls too: one criterion at a time over every
agency's row of integers, then sections, bonus, penalty, clamp and rounding column
by column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, localcontext

from attrs import field, frozen

from indicator_index._arithmetic import CONTEXT, band_of, competition_ranks
from indicator_index._messages import Message
from indicator_index._model import Ruleset, Submission
from indicator_index._plan import Bound, Plan, band_counts, comparison_cohorts, evaluate_cohort, group_stats, plan_for, ranking_cohorts, unit_rows
from indicator_index._scoring import Cohort, _suggest, check_cohort, check_value, cohort_of, prepare
from indicator_index._text import nfc
from indicator_index.errors import Problem, ScoringError


__all__ = ["BatchResult", "BatchScorer", "Cohort", "score_totals"]


# --- Public classes -----------------------------------------------------------------------------------------------------


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
        ranks: Each rank within its ranking cohort (ties share the best rank).
        band_counts: Group id -> band id -> number of agencies, for every
            group and band of the ruleset, as in an
            :class:`~indicator_index.Assessment`.
        cohorts: Each agency's ranking cohort (see :attr:`Score.cohort <indicator_index.Score.cohort>`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *cohorts*.
    """

    ruleset_id: str
    ruleset_digest: str
    agencies: tuple[str, ...]
    groups: tuple[str, ...]
    totals: tuple[Decimal | None, ...]
    bands: tuple[str | None, ...]
    ranks: tuple[int | None, ...]
    band_counts: Mapping[str, Mapping[str, int]]
    cohorts: tuple[str, ...] = ()

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
    _plan: Plan = field(init=False, repr=False, alias="_plan")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_plan", _compiled(self.ruleset))

    # -- building cohorts ----------------------------------------------------------------------------------------------

    def cohort(self, submissions: Iterable[Submission]) -> Cohort:
        """
        Check submissions once and lay them out for the batch path.

        The checks and their errors are those of :func:`~indicator_index.score`.
        Each value is resolved by source precedence, once.

        Args:
            submissions: One :class:`~indicator_index.Submission` per agency.

        Returns:
            A :class:`Cohort`.

        Raises:
            ScoringError: listing every problem in every submission.

        .. versionadded:: 0.1.0
        """
        with localcontext(CONTEXT):
            return cohort_of(self.ruleset, prepare(self.ruleset, submissions))

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
        return _varied(self._plan, self.ruleset, cohort, changes)

    # -- scoring -------------------------------------------------------------------------------------------------------

    def totals(self, data: Cohort | Iterable[Submission]) -> BatchResult:
        """
        Score a cohort: totals, bands and ranks, exactly as :func:`~indicator_index.score`.

        Args:
            data: A :class:`Cohort` from this scorer, or submissions (checked first).

        Returns:
            A :class:`BatchResult` in submission order.

        Raises:
            ScoringError: as :func:`~indicator_index.score` does, with the same problems.

        .. versionadded:: 0.1.0
        """
        return _score_cohort(self._plan, self.ruleset, data if isinstance(data, Cohort) else self.cohort(data))

    def scenarios(self, cohort: Cohort, variants: Iterable[Mapping[str, Mapping[str, object]]]) -> Iterator[BatchResult]:
        """
        Score many what-if variants of one cohort, lazily, one result per variant.

        Each variant is a set of changes as :meth:`vary` takes them, applied to
        *cohort* (not to the previous variant). Results are produced as the
        iterator is consumed, so millions of variants need no more memory than one.
        Each result is exactly ``totals(vary(cohort, changes))``, computed with
        less work: *cohort* is evaluated once, and a variant re-evaluates only
        the agencies it changes, or every agency they are compared with when the
        changes move a lowest or highest value a cohort-relative rule reads.

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
        yield from _scenarios(self, cohort, variants)


# --- The batch path's steps -------------------------------------------------------------------------------------------


def _compiled(ruleset: object) -> Plan:
    """The plan :class:`BatchScorer` evaluates: *ruleset*'s, once it is known to be a :class:`Ruleset`."""
    if not isinstance(ruleset, Ruleset):
        msg = Message("scoring.expected_ruleset", type=type(ruleset).__name__)
        raise TypeError(msg)
    return plan_for(ruleset)


def _varied(plan: Plan, ruleset: Ruleset, cohort: Cohort, changes: Mapping[str, Mapping[str, object]]) -> Cohort:
    """:meth:`BatchScorer.vary` under the scorer's *plan*: *cohort* with *changes*, each checked."""
    check_cohort(ruleset, cohort)
    index = plan.index
    indicators = ruleset._plan.indicators
    problems: list[Problem] = []
    rows = list(cohort._rows)
    positions = cohort._positions
    with localcontext(CONTEXT):
        for raw_agency, values in changes.items():
            agency = nfc(raw_agency)
            position = positions.get(agency)
            if position is None:
                problems.append(Problem(message=Message("scoring.unknown_agency", hint=_suggest(agency, positions)), agency=raw_agency))
                continue
            row = list(rows[position])
            for raw_key, raw in values.items():
                key = nfc(raw_key)
                indicator = indicators.get(key)
                if indicator is None:
                    message = Message("data.lookup.unknown_indicator", hint=_suggest(key, indicators))
                    problems.append(Problem(message=message, agency=agency, indicator=raw_key))
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
        raise ScoringError(problems, title=Message("scoring.changes_title", id=ruleset.id))
    # The changed rows written in units; a value with more places than the cohort's writes every row with more.
    changed = sorted({positions[nfc(a)] for a in changes})
    places, written = unit_rows(plan, [rows[i] for i in changed], cohort._places)
    if places == cohort._places:
        unit = list(cohort._units)
        for i, written_row in zip(changed, written, strict=True):
            unit[i] = written_row
        written = tuple(unit)
    else:
        places, written = unit_rows(plan, rows, places)
    return Cohort(
        ruleset_id=cohort.ruleset_id,
        ruleset_digest=cohort.ruleset_digest,
        agencies=cohort.agencies,
        groups=cohort.groups,
        _rows=tuple(rows),
        _claims=cohort._claims,
        _positions=positions,
        _units=written,
        _places=places,
        parents=cohort.parents,
        _decided=cohort._decided,
    )


def _scenarios(scorer: BatchScorer, cohort: Cohort, variants: Iterable[Mapping[str, Mapping[str, object]]]) -> Iterator[BatchResult]:
    """:meth:`BatchScorer.scenarios`: the base cohort evaluated once, then per variant only what its changes can move (see :class:`_Round`)."""
    check_cohort(scorer.ruleset, cohort)
    base: _Round | None = None
    positions = cohort._positions
    for changes in variants:
        varied = scorer.vary(cohort, changes)
        with localcontext(CONTEXT):
            if base is None:
                base = _Round(scorer._plan, scorer.ruleset, cohort)
            result = _result(scorer.ruleset, varied, _Round(scorer._plan, scorer.ruleset, varied, base, frozenset(positions[nfc(a)] for a in changes)))
        yield result  # outside the arithmetic context: the caller's code runs in its own


def _score_cohort(plan: Plan, ruleset: Ruleset, cohort: Cohort) -> BatchResult:
    """:meth:`BatchScorer.totals` under the scorer's *plan*: the plan's evaluation per comparison cohort, then ranks per ranking cohort."""
    check_cohort(ruleset, cohort)
    with localcontext(CONTEXT):
        return _result(ruleset, cohort, _Round(plan, ruleset, cohort))


class _Round:
    """
    One evaluation of a cohort: each agency's total, band and problems, and each comparison cohort's statistics
    and bound closures (in the order of :func:`~indicator_index._plan.comparison_cohorts`).

    Given the *base* round of the cohort a what-if variant was made from and the positions of the agencies it
    *changed*, a comparison cohort with no changed agency takes the base's results as they are, and one whose
    statistics the changes leave as they were evaluates only its changed agencies, with the base's bound
    closures: the results are those of evaluating every agency (the plan is pure), with less work.
    """

    __slots__ = ("bands", "bound", "cohorts", "places", "problems", "stats", "totals")

    def __init__(self, plan: Plan, ruleset: Ruleset, cohort: Cohort, base: _Round | None = None, changed: frozenset[int] = frozenset()) -> None:
        rows, claims, agencies = cohort._units, cohort._claims, cohort.agencies
        count = len(rows)
        self.places = places = cohort._places
        self.totals: list[Decimal | None] = [None] * count
        self.bands: list[str | None] = [None] * count
        self.problems: dict[int, list[Problem]] = {}
        self.stats: list[dict[str, dict[str, tuple[int, int]]]] = []
        self.bound: list[Bound] = []
        groups = cohort.groups
        parents = cohort.parents or ("",) * count
        self.cohorts: tuple[str, ...] = base.cohorts if base is not None else tuple(ruleset.cohort_of(g, p) for g, p in zip(groups, parents, strict=True))
        decided = cohort._decided or (None,) * count
        skip = frozenset(i for i, total in enumerate(decided) if total is not None)
        for i in skip:
            self.totals[i] = decided[i]
            self.bands[i] = band_of(decided[i], ruleset._plan.bands_desc).id  # type: ignore[arg-type]
        reuse = base is not None and base.places == places
        compiled_groups = plan.groups_for(places)
        for c, (group, idxs) in enumerate(comparison_cohorts(ruleset, groups, parents, skip)):
            compiled = compiled_groups[group]
            todo = idxs
            if reuse:
                assert base is not None
                todo = [i for i in idxs if i in changed]
                stats, bound = base.stats[c], base.bound[c]
                if todo and compiled.stats_items:
                    fresh = group_stats(compiled, idxs, rows, claims)
                    if fresh != stats:  # the changes move a lowest or highest value: the whole comparison cohort again
                        stats, bound, todo = fresh, Bound(compiled, fresh), idxs
                if todo is not idxs:
                    self._keep(base, idxs, changed)
            else:
                stats = group_stats(compiled, idxs, rows, claims)
                bound = Bound(compiled, stats)
            self.stats.append(stats)
            self.bound.append(bound)
            # The plan's evaluation of the agencies to (re-)evaluate, column by column.
            found: list[tuple[int, Problem]] = []
            results = evaluate_cohort(bound, [rows[i] for i in todo], [claims[i] for i in todo], [agencies[i] for i in todo], found, ruleset)
            for j, problem in found:
                self.problems.setdefault(todo[j], []).append(problem)
            for i, result in zip(todo, results, strict=True):
                self.totals[i], self.bands[i] = result[6], result[7]

    def _keep(self, base: _Round, idxs: list[int], changed: frozenset[int]) -> None:
        """The base round's results for the agencies of *idxs* that did not change."""
        for i in idxs:
            if i not in changed:
                self.totals[i], self.bands[i] = base.totals[i], base.bands[i]
                if i in base.problems:
                    self.problems[i] = base.problems[i]


def _result(ruleset: Ruleset, cohort: Cohort, evaluated: _Round) -> BatchResult:
    """The :class:`BatchResult` of an evaluated round: ranks per ranking cohort, or every problem at once."""
    if evaluated.problems:
        problems = [p for i in sorted(evaluated.problems) for p in evaluated.problems[i]]
        raise ScoringError(problems, title=Message("scoring.missing_title", id=ruleset.id))
    count = len(cohort.agencies)
    ranks: list[int | None] = [None] * count
    for idxs in ranking_cohorts(ruleset, cohort.groups, cohort.parents or ("",) * count).values():
        _rank(idxs, evaluated.totals, ranks)
    return BatchResult(
        ruleset_id=ruleset.id,
        ruleset_digest=ruleset.digest,
        agencies=cohort.agencies,
        groups=cohort.groups,
        totals=tuple(evaluated.totals),
        bands=tuple(evaluated.bands),
        ranks=tuple(ranks),
        band_counts=band_counts(ruleset, cohort.groups, evaluated.bands),
        cohorts=evaluated.cohorts,
    )


def _rank(idxs: list[int], totals: list[Decimal | None], ranks: list[int | None]) -> None:
    """Competition ranks within a ranking cohort (1, 2, 2, 4), highest total first, by the one ranking rule."""
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
