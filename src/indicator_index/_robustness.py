"""
Rank robustness: how much each agency's rank depends on the exact maxima.

The maxima of a ruleset are choices: a criterion worth 15 could as well have
been worth 13.5 or 16.5. :func:`robustness` re-ranks a scored cohort under
small, deterministic variations of those choices and reports, per agency, the
range of ranks it can take and, per group, the pairs of agencies whose order
can flip. It is small and exact, not a statistics package: a fixed set of
scenarios, the same for a given seed, computed in ``Decimal``. See
``docs/explain.md``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from decimal import Decimal, localcontext

from attrs import frozen

from indicator_index._arithmetic import CONTEXT, clamped, round_total, section_share
from indicator_index._arithmetic import competition_ranks as rank
from indicator_index._model import Assessment, Score


__all__ = ["Flip", "RankRange", "Robustness", "robustness"]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@frozen(kw_only=True)
class RankRange:
    """
    The ranks one agency takes across the scenarios.

    Args:
        agency: The agency's id.
        name: Its name.
        group: Its group's id.
        rank: Its rank as scored.
        total: Its total as scored.
        best: Its best rank in any scenario (``None`` when never ranked).
        worst: Its worst rank in any scenario.
        best_varied: Its best rank with the maxima varied (the plain rank
            when nothing was varied).
        worst_varied: Its worst rank with the maxima varied.
        best_dropped: Its best rank with one criterion dropped (the plain
            rank when none was dropped).
        worst_dropped: Its worst rank with one criterion dropped.
        lowest_total: Its lowest total in any scenario.
        highest_total: Its highest total in any scenario.

    .. versionadded:: 0.1.0
    """

    agency: str
    name: str
    group: str
    rank: int | None
    total: Decimal | None
    best: int | None
    worst: int | None
    best_varied: int | None
    worst_varied: int | None
    best_dropped: int | None
    worst_dropped: int | None
    lowest_total: Decimal | None
    highest_total: Decimal | None

    @property
    def stable(self) -> bool:
        """Whether the agency keeps its rank in every scenario."""
        return self.best == self.worst == self.rank


@frozen(kw_only=True)
class Flip:
    """
    Two agencies of one group whose order is reversed in some scenario.

    Args:
        group: The group's id.
        ahead: The agency ranked above as scored.
        behind: The agency ranked below as scored.
        scenarios: In how many scenarios *behind* ends above *ahead*.
        first: The first such scenario, e.g. ``"2.1 +10%"``, ``"draw 7"`` or
            ``"without 3.1"``.
        by: What can flip them: ``"vary"`` (one maximum varied), ``"draw"``
            (all maxima varied at once) and/or ``"drop"`` (one criterion dropped).

    .. versionadded:: 0.1.0
    """

    group: str
    ahead: str
    behind: str
    scenarios: int
    first: str
    by: tuple[str, ...]


@frozen(kw_only=True)
class Robustness:
    """
    Ranks under varied maxima and dropped criteria.

    Args:
        vary: The variation of each maximum, in percent.
        draws: The number of random scenarios.
        seed: The seed they were drawn with.
        drop: Whether criteria were dropped one at a time.
        scenarios: The number of scenarios, the plain scoring included.
        agencies: One :class:`RankRange` per agency, in the assessment's order.
        flips: The pairs whose order can flip, by group, then by how often.

    .. versionadded:: 0.1.0
    """

    vary: Decimal
    draws: int
    seed: int
    drop: bool
    scenarios: int
    agencies: tuple[RankRange, ...]
    flips: tuple[Flip, ...]

    def for_agency(self, agency: str) -> RankRange:
        """The rank range of the agency with id *agency*."""
        for found in self.agencies:
            if found.agency == agency:
                return found
        msg = f"no agency {agency!r} in this result"
        raise KeyError(msg)


@frozen(kw_only=True)
class _Scenario:
    id: str
    kind: str
    factors: dict[str, Decimal]
    dropped: str | None = None


def _scenarios(criteria: tuple[str, ...], vary: Decimal, draws: int, seed: int, drop: bool) -> list[_Scenario]:
    """The plain scoring, each maximum alone at ±vary, random corners, and each criterion dropped."""
    out = [_Scenario(id="as scored", kind="baseline", factors={})]
    if vary > ZERO:
        up, down = ONE + vary / HUNDRED, ONE - vary / HUNDRED
        shown = format(vary.normalize(), "f")
        for c in criteria:
            out.append(_Scenario(id=f"{c} +{shown}%", kind="vary", factors={c: up}))
            out.append(_Scenario(id=f"{c} −{shown}%", kind="vary", factors={c: down}))
        rng = random.Random(seed)  # noqa: S311 - a reproducible draw, not cryptography
        for k in range(1, draws + 1):
            out.append(_Scenario(id=f"draw {k}", kind="draw", factors={c: up if rng.random() < 0.5 else down for c in criteria}))
    if drop:
        for c in criteria:
            out.append(_Scenario(id=f"without {c}", kind="drop", factors={}, dropped=c))
    return out


def _total(s: Score, scenario: _Scenario, sections: dict[str, tuple[str, ...]], scale: Decimal, places: int, mode: str) -> Decimal | None:
    """One agency's total in one scenario: its share of each criterion kept, the maxima re-weighted."""
    if s.total is None or s.bonus is None or s.penalty is None:  # a decided total is as published: nothing to vary
        return s.total
    factors = scenario.factors
    points: dict[str, Decimal] = {}
    applicable = ZERO
    for r in s.criteria:
        if r.points is None or r.criterion == scenario.dropped:
            continue
        f = factors.get(r.criterion, ONE)
        points[r.section or ""] = points.get(r.section or "", ZERO) + r.points * f
        applicable += r.max_points * f
    if applicable <= ZERO:
        return None
    base = ZERO
    for section in sections[s.group]:
        base += section_share(points.get(section, ZERO), scale, applicable)
    unrounded = clamped(base, s.bonus, s.penalty, scale)[0]
    return round_total(unrounded, scale, places, mode)


def robustness(
    assessment: Assessment,
    *,
    vary: Decimal | int | str = 10,
    draws: int = 100,
    seed: int = 0,
    drop: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Robustness:
    """
    How stable each agency's rank is when the criteria's maxima vary by
    ±*vary* percent and when one criterion at a time is dropped.

    Varying a criterion's maximum re-weights it: an agency keeps its share of
    the criterion's points (points ÷ maximum) and the maximum, in the
    numerator and the denominator of its total, is multiplied by the factor.
    Dropping a criterion removes it, points and maximum, for every agency.
    Bonus and penalty points are kept. The scenarios are the plain scoring;
    each criterion's maximum alone at +vary% and at −vary%; *draws* random
    corners (every maximum at +vary% or −vary%, drawn with *seed*); and, with
    *drop*, each criterion dropped. With ``vary=0`` and ``drop=False`` every
    scenario is the plain scoring, and the ranks are exactly the assessment's.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        vary: The variation of each maximum, in percent (0 to 100).
        draws: The number of random corners.
        seed: The seed of the random corners.
        drop: Whether to drop each criterion in turn.
        progress: Called with (scenarios done, scenarios in all) after each
            scenario, e.g. to show progress; it must not change anything.

    Returns:
        A :class:`Robustness`.

    Raises:
        ValueError: if *vary* is not within [0, 100] or *draws* is negative.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *progress*.
    """
    percent = Decimal(str(vary)) if not isinstance(vary, Decimal) else vary
    if not percent.is_finite() or not ZERO <= percent <= HUNDRED:
        msg = f"vary must be a percentage within [0, 100], got {vary!r}"
        raise ValueError(msg)
    if draws < 0:
        msg = f"draws must be >= 0, got {draws!r}"
        raise ValueError(msg)
    ruleset = assessment.ruleset
    criteria = tuple(c.id for c in ruleset.criteria if c.max_points > ZERO)
    scenarios = _scenarios(criteria, percent, draws, seed, drop)
    groups = tuple(g.id for g in ruleset.groups)
    sections = {g: tuple(s.id for s in ruleset.sections_for(g)) for g in groups}
    places, mode = ruleset.rounding.places, ruleset.rounding.mode
    scores = assessment.scores
    # Ranks move within each ranking cohort: a group, a block, or the agencies of one parent.
    by_group: dict[str, list[Score]] = {}
    for s in scores:
        by_group.setdefault(s.cohort or s.group, []).append(s)
    ranks: dict[str, list[tuple[_Scenario, int | None, Decimal | None]]] = {s.agency: [] for s in scores}
    flips: dict[tuple[str, str, str], list[_Scenario]] = {}
    with localcontext(CONTEXT):
        for done, scenario in enumerate(scenarios, start=1):
            for members in by_group.values():
                totals = {s.agency: _total(s, scenario, sections, ruleset.scale, places, mode) for s in members}
                positions = rank(totals.items())
                for s in members:
                    ranks[s.agency].append((scenario, positions.get(s.agency), totals[s.agency]))
                _pairs(members[0].group, members, totals, scenario, flips)
            if progress is not None:
                progress(done, len(scenarios))
    out: list[RankRange] = []
    for s in scores:
        seen = ranks[s.agency]
        every = [r for _, r, _ in seen if r is not None]
        varied = [r for sc, r, _ in seen if r is not None and sc.kind in ("baseline", "vary", "draw")]
        dropped = [r for sc, r, _ in seen if r is not None and sc.kind in ("baseline", "drop")]
        totals_seen = [t for _, _, t in seen if t is not None]
        out.append(
            RankRange(
                agency=s.agency,
                name=s.name,
                group=s.group,
                rank=s.rank,
                total=s.total,
                best=min(every, default=None),
                worst=max(every, default=None),
                best_varied=min(varied, default=None),
                worst_varied=max(varied, default=None),
                best_dropped=min(dropped, default=None),
                worst_dropped=max(dropped, default=None),
                lowest_total=min(totals_seen, default=None),
                highest_total=max(totals_seen, default=None),
            )
        )
    order = {g: i for i, g in enumerate(groups)}
    found = [
        Flip(
            group=group,
            ahead=ahead,
            behind=behind,
            scenarios=len(where),
            first=where[0].id,
            by=tuple(k for k in ("vary", "draw", "drop") if any(sc.kind == k for sc in where)),
        )
        for (group, ahead, behind), where in flips.items()
    ]
    found.sort(key=lambda f: (order[f.group], -f.scenarios, f.ahead, f.behind))
    return Robustness(
        vary=percent,
        draws=draws if percent > ZERO else 0,
        seed=seed,
        drop=drop,
        scenarios=len(scenarios),
        agencies=tuple(out),
        flips=tuple(found),
    )


def _pairs(
    group: str,
    members: Iterable[Score],
    totals: dict[str, Decimal | None],
    scenario: _Scenario,
    flips: dict[tuple[str, str, str], list[_Scenario]],
) -> None:
    """Record every pair of the group whose scored order *scenario* reverses."""
    ranked = [s for s in members if s.total is not None]
    for i, a in enumerate(ranked):
        for b in ranked[i + 1 :]:
            ahead, behind = (a, b) if a.total > b.total else (b, a) if b.total > a.total else (None, None)  # type: ignore[operator]
            if ahead is None or behind is None:
                continue
            ta, tb = totals[ahead.agency], totals[behind.agency]
            if ta is not None and tb is not None and tb > ta:
                flips.setdefault((group, ahead.agency, behind.agency), []).append(scenario)
