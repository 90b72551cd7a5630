"""
Explanations checked against the reference scorer (issue #15, item 3).

``why_not`` and ``plan_gap`` promise figures: the points a suggested value earns, the
total, band and rank a gap plan gives, and the best value in the group. Each promise
is re-scored here by the oracle (``tests/oracle.py``), which shares nothing with the
engine or its explanation model but the model types:

- a gap plan applied to the cohort reaches the promised band, with the promised
  total, band and rank (an unreachable plan: the promised best total, short of the band).
  The band is the rounded total's: where no feasible values lift the unrounded total to
  the minimum, a plan may reach the band through rounding (97.4397 published as 97.44);
- a gap plan is minimal: dropping any one of its changes leaves the total short of the
  band's minimum. As ``docs/explain.md`` says, a plan aims at the minimum itself, not
  at the rounding slack below it, so "short" is the oracle's unrounded total below the
  minimum (a plan whose changes all matter may still round up to the band without one);
- best-in-group lists have no duplicates, and say what the oracle's group statistics
  say: for each indicator a ``relative`` or ``min_max`` leaf of the item compares, the
  highest (or lowest) of the values the group compares with, and exactly the agencies
  that have it;
- each why-not suggestion (``full`` and ``next``), applied to the agency's values with
  the rest of the cohort unchanged, earns by the oracle the points it promises.

Points are compared as ``tests/property/test_oracle_properties.py`` compares them: the
engine settles at 30 places, so an item's points may differ from the exact fraction by
half a unit there per term (``TOLERANCE``). The checks are plain functions, so that
``tests/test_explain_diff_plants.py`` can run them on fixed examples with a wrong line
planted in the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from indicator_index import Band, BestOf, Label, MinMax, Relative, Ruleset, ScoringError, Submission, SumOf, score
from indicator_index._explain import Gap, apply_changes, plan_gap, why_not
from tests.oracle import OracleRefusal, OracleResult, check_submissions, oracle_score
from tests.strategies import COHORT_KINDS, rulesets, submissions


pytestmark = pytest.mark.property

# Half a unit in the 30th place for each settled term, as in test_oracle_properties.py.
TOLERANCE = Fraction(1, 10**27)


def _f(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def _rescore(ruleset: Ruleset, subs: Iterable[Submission], agency: str, changes: Any) -> OracleResult:
    """The oracle's result for the cohort with *changes* applied to *agency*; a refusal fails: a proposed value must fit."""
    changed = apply_changes(subs, agency, changes)
    try:
        return oracle_score(ruleset, changed)
    except OracleRefusal as refusal:  # pragma: no cover - reported as a failure
        msg = f"the oracle refuses the values proposed for {agency}: {refusal.problems}"
        raise AssertionError(msg) from refusal


# --- Gap plans -------------------------------------------------------------------------


def check_gap(ruleset: Ruleset, subs: tuple[Submission, ...], agency: str, band: str | None = None) -> Gap:
    """
    Assert that the gap plan of *agency* (to *band*, or the next band) keeps its promises by the
    oracle: re-scored, it gives the promised total, band and rank and points per step; a reachable
    plan reaches the band and is minimal; an unreachable one stays short of it.
    """
    gap = plan_gap(ruleset, subs, agency, band=band)
    if gap.status not in ("reachable", "unreachable"):
        return gap
    assert gap.target_min is not None
    result = _rescore(ruleset, subs, agency, gap.changes)
    got = result.agencies[agency]
    where = f"{agency} to {gap.target_band} ({gap.target_min}), plan {[(c.indicator, c.value) for c in gap.changes]}"
    assert (got.total, got.band, got.rank) == (_f(gap.new_total), gap.new_band, gap.new_rank), (
        f"{where}: promised {gap.new_total} {gap.new_band} rank {gap.new_rank}, the oracle gives {got.total} {got.band} rank {got.rank}"
    )
    for step in gap.steps:
        status, points = got.criteria[step.item]
        assert points is not None and abs(points - Fraction(step.new_points or 0)) <= TOLERANCE, (
            f"{where}: step {step.item} promises {step.new_points}, the oracle gives {status} {points}"
        )
    target = Fraction(gap.target_min)
    assert got.total is not None and got.unrounded is not None
    if gap.status == "unreachable":
        assert got.total < target, f"{where}: 'unreachable', yet the plan's total {got.total} reaches {target}"
        return gap
    reached = next(b for b in ruleset.bands if b.id == got.band)
    assert got.total >= target and reached.min >= target, f"{where}: the plan's total {got.total} ({got.band}) is short of {target}"
    assert gap.changes, f"{where}: reachable with no change"
    for change in gap.changes:
        rest = [c for c in gap.changes if c is not change]
        without = _rescore(ruleset, subs, agency, rest).agencies[agency]
        assert without.unrounded is None or without.unrounded < target, (
            f"{where}: not minimal: without {change.indicator} → {change.value} the total is still {without.unrounded} ≥ {target}"
        )
    return gap


# --- Why-not ---------------------------------------------------------------------------


def _cohort_leaves(rule: Any) -> list[tuple[str, str]]:
    """(indicator, direction) of every ``relative`` and ``min_max`` leaf of *rule*, depth first."""
    if isinstance(rule, SumOf):
        return [leaf for part in rule.parts for leaf in _cohort_leaves(part.rule)]
    if isinstance(rule, BestOf):
        return [leaf for alt in rule.alternatives for leaf in _cohort_leaves(alt.rule)]
    if isinstance(rule, Relative | MinMax):
        return [(rule.indicator, rule.direction)]
    return []


def check_why_not(ruleset: Ruleset, subs: tuple[Submission, ...], agency: str) -> tuple[int, int]:
    """
    Assert that every why-not suggestion for *agency* earns, by the oracle, the points it
    promises, and that every best-in-group list is free of duplicates and matches the oracle's
    group statistics. Returns how many suggestions and benchmarks were checked.
    """
    checked = [0, 0]
    assessment = score(ruleset, subs)
    result = oracle_score(ruleset, subs)
    values = {a["agency"]: a["values"] for a in check_submissions(ruleset, subs)}
    me = result.agencies[agency]
    items = {i.id: i for i in (*ruleset.criteria, *ruleset.bonuses, *ruleset.penalties)}
    for s in why_not(assessment, agency):
        where = f"{agency}, {s.item}"
        # Best in group.
        assert len(set(s.best_in_group)) == len(s.best_in_group), f"{where}: duplicate benchmarks {s.best_in_group}"
        expected = {}
        for indicator, direction in dict.fromkeys(_cohort_leaves(items[s.item].rule)):
            compared = result.group_values(me.group, indicator, s.item)
            if not compared:
                continue
            best = max(compared) if direction == "higher" else min(compared)
            # The agencies compared: those of the group scored on the item that gave the value.
            taking_part = {
                a: values[a][indicator]
                for a, o in result.agencies.items()
                if o.group == me.group and o.criteria.get(s.item, ("", None))[0] == "scored" and indicator in values[a]
            }
            assert set(taking_part.values()) == set(compared), f"{where}: {indicator}: agencies {taking_part}, the oracle compares {compared}"
            expected[indicator, direction] = (best, sorted(a for a, v in taking_part.items() if v == best))
        got = {}
        for b in s.best_in_group:
            assert len(set(b.agencies)) == len(b.agencies), f"{where}: an agency listed twice in {b}"
            got[b.indicator, b.direction] = (Fraction(b.value), sorted(b.agencies))
            checked[1] += 1
        assert len(got) == len(s.best_in_group), f"{where}: two benchmarks for one indicator and direction: {s.best_in_group}"
        assert got == expected, f"{where}: best in group {got}, the oracle's group statistics say {expected}"
        # Suggestions.
        for name, suggestion in (("full", s.full), ("next", s.next)):
            if suggestion is None:
                continue
            checked[0] += 1
            status, points = _rescore(ruleset, subs, agency, suggestion.changes).agencies[agency].criteria[s.item]
            assert points is not None and abs(points - Fraction(suggestion.points)) <= TOLERANCE, (
                f"{where}: {name} {[(c.indicator, c.value) for c in suggestion.changes]} promises {suggestion.points}, the oracle gives {status} {points}"
            )
            if suggestion.full:
                item = items[s.item]
                top = Fraction(0) if s.kind == "penalty" else Fraction(getattr(item, "max_points_by_group", {}).get(me.group, item.max_points))
                assert abs(points - top) <= TOLERANCE, f"{where}: {name} claims full marks, the oracle gives {points} of {top}"
    return checked[0], checked[1]


# --- The properties --------------------------------------------------------------------


@st.composite
def _cohort(draw: st.DrawFn, kinds: tuple[str, ...] | None = None, **options: Any) -> tuple[Ruleset, tuple[Submission, ...], str]:
    """A ruleset, a cohort the engine scores, and one of its agencies."""
    ruleset = draw(rulesets(**options) if kinds is None else rulesets(kinds=kinds, **options))
    subs = draw(submissions(ruleset, min_size=1, max_size=5))
    try:
        score(ruleset, subs)
    except ScoringError:
        assume(False)
    agency = draw(st.sampled_from([s.agency for s in subs]))
    return ruleset, subs, agency


@st.composite
def _gap_case(draw: st.DrawFn, kinds: tuple[str, ...] | None = None, **options: Any) -> tuple[Ruleset, tuple[Submission, ...], str]:
    """
    A ruleset, a cohort and one of its agencies with a total, the ruleset's bands replaced by
    one at 0 and one to three placed above the agency's total (on the rounding grid): so that
    there is a gap to plan.
    """
    ruleset, subs, agency = draw(_cohort(kinds, **options))
    total = score(ruleset, subs).score_for(agency).total
    assume(total is not None and total < ruleset.scale)
    assert total is not None
    # Minimums on the grid of published totals, as a band's minimum is one.
    unit = Decimal(1).scaleb(-ruleset.rounding.places)
    room = int((ruleset.scale - total) / unit)
    assume(room >= 1)
    # Half the minimums in the top quarter of the room: a plan of several changes.
    near_top = st.integers(max(1, room * 3 // 4), room)
    above = draw(st.lists(st.one_of(st.integers(1, room), near_top), min_size=1, max_size=3, unique=True))
    mins = [Decimal(0), *(total + k * unit for k in above)]
    bands = tuple(Band(id=f"b{n}", label=Label(en=f"band {n}"), min=m) for n, m in enumerate(sorted(set(mins))))
    return attrs.evolve(ruleset, bands=bands), subs, agency


def _band(ruleset: Ruleset, pick: int) -> str | None:
    """The band to aim at: ``None`` (the next one) for *pick* 0, else one of the bands above 0."""
    bands = sorted(ruleset.bands, key=lambda b: b.min)[1:]
    return None if pick == 0 else bands[(pick - 1) % len(bands)].id


@given(_gap_case(min_criteria=3, max_criteria=8), st.integers(0, 3))
def test_gap_plan_reaches_the_band_and_is_minimal(drawn: tuple[Ruleset, tuple[Submission, ...], str], pick: int) -> None:
    """A gap plan re-scored by the oracle gives the promised total, band and rank, and dropping any change misses the band."""
    ruleset, subs, agency = drawn
    gap = check_gap(ruleset, subs, agency, _band(ruleset, pick))
    event(f"{gap.status}, {min(len(gap.changes), 3)}+ changes")


@given(_gap_case(kinds=(*COHORT_KINDS, "sum", "best_of", "tiers", "proportional"), layout="grouped"), st.integers(0, 3))
def test_gap_plan_with_cohort_relative_rules(drawn: tuple[Ruleset, tuple[Submission, ...], str], pick: int) -> None:
    """With rules relative to the group, raising a value moves the group's best: the plan still keeps its promises by the oracle."""
    ruleset, subs, agency = drawn
    gap = check_gap(ruleset, subs, agency, _band(ruleset, pick))
    event(f"{gap.status}, {min(len(gap.changes), 3)}+ changes")


@given(_cohort())
def test_why_not_suggestions_and_best_in_group(drawn: tuple[Ruleset, tuple[Submission, ...], str]) -> None:
    """Every suggestion earns, by the oracle, the points it promises; every best-in-group list matches the oracle's group statistics."""
    counts = check_why_not(*drawn)
    event(f"{min(counts[0], 3)}+ suggestions, {min(counts[1], 2)}+ benchmarks")


@given(_cohort(kinds=(*COHORT_KINDS, "sum", "best_of")))
def test_best_in_group_with_nested_cohort_rules(drawn: tuple[Ruleset, tuple[Submission, ...], str]) -> None:
    """Relative and min-max leaves inside sums and best-ofs, sharing indicators: one benchmark per indicator and direction, as the oracle's statistics say."""
    counts = check_why_not(*drawn)
    event(f"{min(counts[0], 3)}+ suggestions, {min(counts[1], 2)}+ benchmarks")
