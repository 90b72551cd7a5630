"""
Invariants of ``indicator_index.score``, checked on generated rulesets and cohorts.

Each test states one fact of the domain in its docstring. The rulesets come
from ``tests/strategies.py`` and cover every rule kind, group and section
layout, band set, rounding mode and bonus/penalty arrangement.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicator_index import (
    Figure,
    Input,
    MinMax,
    Ratio,
    Relative,
    Ruleset,
    Score,
    ScoringError,
    Submission,
    load_ruleset,
    ruleset_to_dict,
    score,
)
from indicator_index._arithmetic import CONTEXT as _CONTEXT
from indicator_index._arithmetic import round_points
from indicator_index._rules import TypedLabel
from tests.strategies import COHORT_KINDS, better_values, rulesets, submissions, usage


pytestmark = pytest.mark.property

ROOT = Path(__file__).resolve().parents[2]
ZERO = Decimal(0)


def _view(s: Score) -> dict[str, Any]:
    """Everything about a score that does not depend on input order or on the other groups."""
    return {
        "group": s.group,
        "status": s.status,
        "earned": s.earned,
        "applicable_max": s.applicable_max,
        "base": s.base,
        "bonus": s.bonus,
        "penalty": s.penalty,
        "unrounded": s.unrounded,
        "total": s.total,
        "band": s.band,
        "rank": s.rank,
        "items": {r.criterion: (r.status, r.points, r.max_points) for r in (*s.criteria, *s.bonuses, *s.penalties)},
        "sections": {r.section: (r.points, r.max_points, r.scaled) for r in s.sections},
        "notes": sorted(s.notes),
    }


def _views(subs: tuple[Submission, ...], ruleset: Ruleset) -> dict[str, dict[str, Any]]:
    return {s.agency: _view(s) for s in score(ruleset, subs).scores}


def _points(s: Score) -> dict[str, Decimal | None]:
    return {r.criterion: r.points for r in (*s.criteria, *s.bonuses, *s.penalties)}


def _replace_value(sub: Submission, indicator: str, value: object) -> Submission:
    values = {k: list(v) for k, v in sub.values.items()}
    values[indicator] = value
    return attrs.evolve(sub, values=values)


def _adjustment_sections(s: Score) -> set[str]:
    """The sections holding the bonus/penalty items that apply to the agency."""
    return {r.section for r in (*s.bonuses, *s.penalties) if r.section is not None}


@st.composite
def cohorts(draw: st.DrawFn, **kwargs: Any) -> tuple[Ruleset, tuple[Submission, ...]]:
    """A generated ruleset and submissions that fit it."""
    options = {k: kwargs.pop(k) for k in ("complete", "claims", "sources", "min_size", "max_size") if k in kwargs}
    ruleset = draw(rulesets(**kwargs))
    return ruleset, draw(submissions(ruleset, **options))


class TestBounds:
    """Every number the engine reports lies where the domain says it must."""

    @given(cohorts(negative_ratio_inputs=True))
    def test_each_criterion_within_zero_and_its_maximum(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: every counted criterion, bonus and penalty earns points within [0, its maximum for the group]."""
        ruleset, subs = cohort
        for s in score(ruleset, subs).scores:
            for r in (*s.criteria, *s.bonuses, *s.penalties):
                if r.points is None:
                    assert (r.status, r.max_points) in {("excluded", ZERO), ("not_applicable", ZERO), ("missing_excluded", ZERO)}
                else:
                    assert ZERO <= r.points <= r.max_points, (r.criterion, r.points, r.max_points)

    @given(cohorts(negative_ratio_inputs=True))
    def test_total_within_zero_and_scale_at_the_declared_places(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: a scored total lies within [0, scale] and is printed with exactly the declared decimal places."""
        ruleset, subs = cohort
        for s in score(ruleset, subs).scores:
            if s.status == "not_scorable":
                assert (s.total, s.unrounded, s.band, s.rank) == (None, None, None, None)
                continue
            assert ZERO <= s.unrounded <= ruleset.scale
            assert ZERO <= s.total <= ruleset.scale
            assert s.total.as_tuple().exponent == -ruleset.rounding.places
            assert s.total.is_finite()


class TestDecomposition:
    """The total is built from its parts exactly as docs/scoring.md describes."""

    @given(cohorts())
    def test_sections_add_up_to_their_criteria(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: each section's points and maximum are the sums over its counted criteria, and earned/applicable_max sum all sections."""
        ruleset, subs = cohort
        for s in score(ruleset, subs).scores:
            adjustment = _adjustment_sections(s)
            counted = [r for r in s.criteria if r.points is not None]
            with localcontext(_CONTEXT):  # add up at the engine's precision
                assert s.earned == sum((r.points for r in counted), ZERO)
                assert s.applicable_max == sum((r.max_points for r in counted), ZERO)
                for sec in s.sections:
                    if sec.section in adjustment:
                        continue
                    mine = [r for r in counted if r.section == sec.section]
                    assert sec.points == sum((r.points for r in mine), ZERO)
                    assert sec.max_points == sum((r.max_points for r in mine), ZERO)
            assert {sec.section for sec in s.sections} >= {r.section for r in s.criteria}

    @given(cohorts())
    def test_total_is_scaled_sections_plus_capped_bonus_minus_capped_penalty(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: base = Σ section.scaled = earned/applicable_max × scale; total = round(clamp(base + min(Σbonus, cap) − min(Σpenalty, cap)))."""
        ruleset, subs = cohort
        for s in score(ruleset, subs).scores:
            adjustment = _adjustment_sections(s)
            with localcontext(_CONTEXT):
                bonus_raw = sum((r.points for r in s.bonuses if r.points is not None), ZERO)
                penalty_raw = sum((r.points for r in s.penalties if r.points is not None), ZERO)
            assert s.bonus == (bonus_raw if ruleset.bonus_cap is None else min(bonus_raw, ruleset.bonus_cap))
            assert s.penalty == (penalty_raw if ruleset.penalty_cap is None else min(penalty_raw, ruleset.penalty_cap))
            if s.status == "not_scorable":
                assert s.applicable_max == ZERO
                continue
            with localcontext(_CONTEXT):
                base = ZERO
                for sec in s.sections:
                    if sec.section in adjustment:
                        assert (sec.points, sec.scaled) == (s.bonus - s.penalty, s.bonus - s.penalty)
                        assert sec.max_points == (ruleset.bonus_cap or ZERO)
                    else:
                        base += sec.scaled
                assert s.base == base
                exact = s.earned * ruleset.scale / s.applicable_max
                assert abs(s.base - exact) <= Decimal("1e-30") * ruleset.scale
                assert s.unrounded == min(max(base + s.bonus - s.penalty, ZERO), ruleset.scale)
            # Rounded as declared, except that a total never rounds above the scale: then it is the
            # largest multiple of the rounding step that the scale allows.
            rounded = round_points(s.unrounded, ruleset.rounding.places, ruleset.rounding.mode)
            step = Decimal(1).scaleb(-ruleset.rounding.places)
            if rounded <= ruleset.scale:
                assert s.total == rounded
            else:
                assert s.total <= ruleset.scale < s.total + step
                assert s.total % step == ZERO


class TestExclusion:
    """Criteria outside an agency's function leave its denominator, and only its denominator."""

    @given(st.data())
    def test_excluded_criterion_changes_the_denominator_exactly_as_declared(self, data: st.DataObject) -> None:
        """Invariant: a claim with evidence removes the criterion's points from earned and its group maximum from the denominator, nothing else."""
        ruleset, subs = data.draw(cohorts(claims=False))
        candidates = [(i, c) for i, sub in enumerate(subs) for c in ruleset.criteria_for(sub.group) if c.excludable]
        assume(candidates)
        index, criterion = data.draw(st.sampled_from(candidates))
        claimed = list(subs)
        claimed[index] = attrs.evolve(subs[index], claims={criterion.id: "Công văn 45/ĐPT"})
        agency = subs[index].agency
        before = score(ruleset, subs).score_for(agency)
        after = score(ruleset, claimed).score_for(agency)
        was = before.criterion(criterion.id)
        now = after.criterion(criterion.id)
        assert (now.status, now.points, now.max_points) == ("excluded", None, ZERO)
        counted = was.points is not None
        with localcontext(_CONTEXT):
            # Points are settled at 30 places, so these sums are exact.
            assert before.applicable_max - after.applicable_max == (was.max_points if counted else ZERO)
            assert before.earned - after.earned == (was.points if counted else ZERO)
        others = lambda s: {k: v for k, v in _points(s).items() if k != criterion.id}  # noqa: E731
        assert others(after) == others(before)
        # For everyone else, the claimant has left that criterion's cohort (its best and worst).
        without = score(ruleset, subs[:index] + subs[index + 1 :])
        claimed_result = score(ruleset, claimed)
        for other in without.scores:
            if other.group == subs[index].group:
                assert claimed_result.score_for(other.agency).criterion(criterion.id) == other.criterion(criterion.id)
        if after.status == "scored":
            with localcontext(_CONTEXT):
                assert abs(after.base - after.earned * ruleset.scale / after.applicable_max) <= Decimal("1e-30") * ruleset.scale

    @given(st.data())
    def test_agency_with_nothing_applicable_is_not_scorable_and_changes_nobody(self, data: st.DataObject) -> None:
        """Invariant: under 'exclude', an agency with no data is not scorable (no total, band or rank; never 0 or NaN) and changes nobody else."""
        base = data.draw(rulesets())
        ruleset = attrs.evolve(
            base,
            missing="exclude",
            criteria=tuple(attrs.evolve(c, missing=None) for c in base.criteria),
            bonuses=tuple(attrs.evolve(b, missing=None) for b in base.bonuses),
            penalties=tuple(attrs.evolve(p, missing=None) for p in base.penalties),
        )
        subs = data.draw(submissions(ruleset))
        group = data.draw(st.sampled_from([g.id for g in ruleset.groups]))
        empty = Submission(agency="empty", group=group)
        before = _views(subs, ruleset)
        after = _views((*subs, empty), ruleset)
        lost = after.pop("empty")
        assert (lost["status"], lost["total"], lost["unrounded"], lost["base"], lost["band"], lost["rank"]) == ("not_scorable", None, None, None, None, None)
        assert lost["applicable_max"] == ZERO
        assert lost["notes"] == ["not scorable: no criterion counts for this agency"]
        assert after == before


class TestMonotonicity:
    """Doing better never scores worse (per rule kind, and per agency for the cohort-relative kinds)."""

    @given(st.data())
    def test_improving_an_input_never_lowers_criterion_section_or_total(self, data: st.DataObject) -> None:
        """Invariant: moving an input in its rule's better direction never lowers the item, its section, the base or the total (every kind)."""
        ruleset, subs = data.draw(cohorts(complete=True, sources=False))
        sub = data.draw(st.sampled_from(subs))
        applicable = {c.id for c in ruleset.criteria_for(sub.group)}
        applicable |= {i.id for i in (*ruleset.bonuses, *ruleset.penalties) if i.groups is None or sub.group in i.groups}
        single = [leaves[0] for ind, leaves in usage(ruleset).items() if len(leaves) == 1 and ind in sub.values and leaves[0].item.id in applicable]
        assume(single)
        leaf = data.draw(st.sampled_from(single))
        indicator = ruleset.indicator(leaf.indicator)
        current = sub.values[leaf.indicator][0].value
        better = data.draw(better_values(leaf, indicator, current))
        changed = tuple(_replace_value(s, leaf.indicator, better) if s is sub else s for s in subs)
        before = score(ruleset, subs).score_for(sub.agency)
        after = score(ruleset, changed).score_for(sub.agency)
        was, now = before.criterion(leaf.item.id), after.criterion(leaf.item.id)
        assert now.status == was.status
        if was.points is not None:
            if leaf.polarity > 0:
                assert now.points >= was.points
            else:
                assert now.points <= was.points
        if was.section is not None and leaf.item in ruleset.criteria:
            assert after.section(was.section).points >= before.section(was.section).points
        assert after.bonus >= before.bonus
        assert after.penalty <= before.penalty
        if before.status == "scored":
            assert after.base >= before.base
            assert after.unrounded >= before.unrounded
            assert after.total >= before.total

    @given(st.data())
    def test_improving_one_agency_never_raises_another(self, data: st.DataObject) -> None:
        """Invariant: when one agency improves, nobody else gains; only relative/min_max rules may lower others, and only in the same group."""
        ruleset, subs = data.draw(cohorts(complete=True, sources=False, min_size=2))
        sub = data.draw(st.sampled_from(subs))
        applicable = {c.id for c in ruleset.criteria_for(sub.group)} | {b.id for b in ruleset.bonuses if b.groups is None or sub.group in b.groups}
        single = [
            leaves[0]
            for ind, leaves in usage(ruleset).items()
            if len(leaves) == 1 and ind in sub.values and leaves[0].item.id in applicable and leaves[0].polarity > 0
        ]
        assume(single)
        leaf = data.draw(st.sampled_from(single))
        better = data.draw(better_values(leaf, ruleset.indicator(leaf.indicator), sub.values[leaf.indicator][0].value))
        changed = tuple(_replace_value(s, leaf.indicator, better) if s is sub else s for s in subs)
        before = {s.agency: s for s in score(ruleset, subs).scores}
        after = {s.agency: s for s in score(ruleset, changed).scores}
        cohort_rule = leaf.rule.kind in COHORT_KINDS
        for agency, was in before.items():
            if agency == sub.agency:
                continue
            now = after[agency]
            if was.group != sub.group or not cohort_rule:
                assert _points(now) == _points(was)
                continue
            for item, points in _points(was).items():
                if item == leaf.item.id and points is not None:
                    assert _points(now)[item] <= points
                else:
                    assert _points(now)[item] == points


class TestInvariance:
    """What must not matter does not matter."""

    @given(st.data())
    def test_reordering_agencies_criteria_sections_bands_and_values_changes_nothing(self, data: st.DataObject) -> None:
        """Invariant: permuting submissions, their values, and the ruleset's criteria, sections, bands, groups and indicators changes no result."""
        ruleset, subs = data.draw(cohorts())
        shuffled = attrs.evolve(
            ruleset,
            criteria=tuple(data.draw(st.permutations(ruleset.criteria))),
            sections=tuple(data.draw(st.permutations(ruleset.sections))),
            bands=tuple(data.draw(st.permutations(ruleset.bands))),
            groups=tuple(data.draw(st.permutations(ruleset.groups))),
            indicators=tuple(data.draw(st.permutations(ruleset.indicators))),
            bonuses=tuple(data.draw(st.permutations(ruleset.bonuses))),
            penalties=tuple(data.draw(st.permutations(ruleset.penalties))),
        )
        reordered = tuple(attrs.evolve(s, values=dict(reversed(list(s.values.items())))) for s in data.draw(st.permutations(subs)))
        assert _views(reordered, shuffled) == _views(subs, ruleset)

    @given(st.data())
    def test_relative_rules_unchanged_when_every_value_is_scaled(self, data: st.DataObject) -> None:
        """Invariant: scaling every agency's value of a relative/min_max indicator by the same c > 0 changes no points, total, band or rank."""
        ruleset, subs = data.draw(cohorts(kinds=("relative", "min_max", "proportional", "tiers", "sum", "best_of"), sources=False))
        relative = [
            ind
            for ind, leaves in usage(ruleset).items()
            if leaves and all(isinstance(leaf.rule, Relative | MinMax) for leaf in leaves) and ruleset.indicator(ind).type in ("ratio", "count", "number")
        ]
        assume(relative)
        ind = ruleset.indicator(data.draw(st.sampled_from(relative)))
        factors = {"count": (2, 3, 10), "ratio": ("0.5", "0.25", "0.1")}.get(ind.type, ("0.5", "0.1", "2", "3", "1.5"))
        factor = Decimal(data.draw(st.sampled_from(factors)))

        def fits(value: Decimal) -> bool:
            return (ind.min is None or value >= ind.min) and (ind.max is None or value <= ind.max) and (ind.type != "ratio" or value <= 1)

        scaled = []
        for s in subs:
            if ind.id in s.values:
                value = Decimal(s.values[ind.id][0].value) * factor
                assume(fits(value))
                s = _replace_value(s, ind.id, value)
            scaled.append(s)
        before = {a: (v["items"], v["total"], v["band"], v["rank"], v["unrounded"]) for a, v in _views(subs, ruleset).items()}
        after = {a: (v["items"], v["total"], v["band"], v["rank"], v["unrounded"]) for a, v in _views(tuple(scaled), ruleset).items()}
        assert after == before

    @given(st.data())
    def test_other_groups_do_not_affect_a_group(self, data: st.DataObject) -> None:
        """Invariant: agencies are compared only within their group, so adding agencies of other groups changes nothing for a group."""
        ruleset = data.draw(rulesets())
        assume(len(ruleset.groups) >= 2)
        first = ruleset.groups[0].id
        mine = data.draw(submissions(ruleset, groups=(first,)))
        others = data.draw(submissions(ruleset, groups=tuple(g.id for g in ruleset.groups[1:])))
        others = tuple(attrs.evolve(s, agency=f"other-{s.agency}") for s in others)
        alone = _views(mine, ruleset)
        together = _views(data.draw(st.permutations((*mine, *others))), ruleset)
        assert {a: together[a] for a in alone} == alone

    @given(st.data())
    def test_a_twin_agency_ties_with_its_original_and_changes_no_other_total(self, data: st.DataObject) -> None:
        """Invariant: a copy of an agency ties with it, changes no other total, and pushes down only the agencies ranked below it."""
        ruleset, subs = data.draw(cohorts())
        original = data.draw(st.sampled_from(subs))
        twin = attrs.evolve(original, agency="twin", name="Twin")
        before = _views(subs, ruleset)
        after = _views((*subs, twin), ruleset)
        copy_ = after.pop("twin")
        assert {k: v for k, v in copy_.items() if k != "notes"} == {k: v for k, v in after[original.agency].items() if k != "notes"}
        tie = before[original.agency]["total"]
        for agency, was in before.items():
            now = after[agency]
            assert {k: v for k, v in now.items() if k != "rank"} == {k: v for k, v in was.items() if k != "rank"}
            pushed = was["group"] == original.group and tie is not None and was["total"] is not None and was["total"] < tie
            assert now["rank"] == (None if was["rank"] is None else was["rank"] + int(pushed))


def _resolved(ruleset: Ruleset, sub: Submission) -> dict[str, tuple[object, str, str]]:
    """Indicator -> (value, source, reference) the engine must use: the first source in the ruleset's order that gave a value."""
    order = {name: i for i, name in enumerate(ruleset.sources)}
    out = {}
    for key, figures in sub.values.items():
        given = sorted((f for f in figures if f.value is not None), key=lambda f: order[f.source])
        if given:
            out[key] = (given[0].value, given[0].source, given[0].reference)
    return out


class TestTrace:
    """Each criterion's trace says faithfully what was used and why."""

    @given(cohorts())
    def test_trace_names_the_item_its_rule_its_inputs_and_why(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: each trace entry has its item's section, rule text and provenance, the inputs resolved by source precedence, its status and its reason."""
        ruleset, subs = cohort
        by_agency = {s.agency: s for s in subs}
        for s in score(ruleset, subs).scores:
            sub = by_agency[s.agency]
            assert (s.name, s.group) == (sub.name or sub.agency, sub.group)
            resolved = _resolved(ruleset, sub)
            claims = {c.criterion: c.evidence for c in sub.claims}
            items = [(r, ruleset.criterion(r.criterion), ruleset.criterion(r.criterion).max_for(s.group)) for r in s.criteria]
            items += [(r, next(i for i in (*ruleset.bonuses, *ruleset.penalties) if i.id == r.criterion), None) for r in (*s.bonuses, *s.penalties)]
            assert [r.criterion for r, _, _ in items[: len(s.criteria)]] == [c.id for c in ruleset.criteria_for(s.group)]
            for result, item, group_max in items:
                top = item.max_points if group_max is None else group_max
                assert result.section == item.section
                labels: dict[str, Any] = {i.id: TypedLabel(i.label, i.type) for i in ruleset.indicators}  # a ratio's tiers in %
                labels.update({f"{i.id}:{o.id}": o.label for i in ruleset.indicators for o in i.options})
                assert result.rule == item.rule.describe(top, labels.get)  # indicators and options named by their labels
                assert result.provenance == item.provenance.status
                expected_inputs = tuple(
                    Input(indicator=i, value=resolved[i][0], source=resolved[i][1], reference=resolved[i][2])
                    for i in item.rule.indicator_ids()
                    if i in resolved
                )
                assert result.inputs == expected_inputs
                missing = ", ".join(item.rule.missing({k: v[0] for k, v in resolved.items()}))
                refused = "claim that it is outside the agency's function refused: no evidence given" if claims.get(item.id) == "" else ""
                expected_reason = {
                    "excluded": f"outside the agency's function (evidence: {claims.get(item.id)})",
                    "info": "listed, not scored",
                    "missing_zero": f"no value for {missing}: scored 0 by the missing-data policy",
                    "missing_excluded": f"no value for {missing}: left out of the total by the missing-data policy",
                    "not_applicable": f"{getattr(item.rule, 'denominator', '')} is 0, which the rule declares not applicable",
                    "scored": "",
                }[result.status]
                if refused and result.status in ("missing_zero", "missing_excluded"):
                    expected_reason = f"{refused}; {expected_reason}"
                elif refused and result.status == "scored":
                    expected_reason = refused
                assert result.reason == expected_reason
                values = {k: v[0] for k, v in resolved.items()}
                policy = item.missing or ruleset.missing
                if claims.get(item.id):
                    status = "excluded"
                elif item.rule.kind == "info":
                    status = "info"
                elif item.rule.missing(values):
                    status = "missing_zero" if policy == "zero" else "missing_excluded"
                elif isinstance(item.rule, Ratio) and item.rule.is_not_applicable(values):
                    status = "not_applicable"
                else:
                    status = "scored"
                assert result.status == status
                if result.points is not None:
                    # settled: at most 30 decimal places, so every sum of points is exact
                    assert result.points.as_tuple().exponent >= -30
                if ruleset.rounding.each_criterion and result.status == "scored":
                    rounded = round_points(result.points, ruleset.rounding.places, ruleset.rounding.mode)
                    assert result.points == min(rounded, result.max_points)
                assert (result.max_points == ZERO) == (result.status in ("excluded", "info", "missing_excluded", "not_applicable") or top == ZERO)
                if result.max_points != ZERO:
                    assert result.max_points == top
            notes = [n for n in s.notes if "refused" in n]
            assert notes == [f"claim that {c!r} is outside the agency's function refused: no evidence given" for c, e in claims.items() if e == ""]


class TestAllProblemsAtOnce:
    """score() checks everything before it computes anything, and reports every problem in one error."""

    @given(st.data())
    def test_every_problem_in_every_submission_is_reported(self, data: st.DataObject) -> None:
        """Invariant: n independent defects spread over the submissions give one ScoringError with exactly n problems, each naming its agency."""
        ruleset, subs = data.draw(cohorts(complete=True, sources=False, claims=False, min_size=2))
        broken: list[Any] = []
        expected: list[str | None] = []
        for sub in subs:
            how = data.draw(st.sampled_from(("none", "none", "values", "group", "duplicate")))
            if how == "group":
                broken.append(attrs.evolve(sub, group="no-such-group"))
                expected.append(sub.agency)
                continue
            if how == "duplicate":
                broken.append(sub)
                broken.append(sub)
                expected.append(sub.agency)
                continue
            values = {k: list(v) for k, v in sub.values.items()}
            claims: dict[str, str] = {}
            if how == "values":
                for k in range(data.draw(st.integers(1, 3))):
                    values[f"no-such-indicator-{k}"] = Decimal(1)
                    expected.append(sub.agency)
                for key in data.draw(st.lists(st.sampled_from(sorted(values)), unique=True, max_size=3)):
                    if key.startswith("no-such"):
                        continue
                    kind = ruleset.indicator(key).type
                    values[key] = {"yes_no": 5, "choice": "no-such-option"}.get(kind, "not a number")
                    expected.append(sub.agency)
                if data.draw(st.booleans()):
                    claims["no-such-criterion"] = "doc"
                    expected.append(sub.agency)
                fixed = [c.id for c in ruleset.criteria_for(sub.group) if not c.excludable]
                if fixed and data.draw(st.booleans()):
                    claims[fixed[0]] = "doc"
                    expected.append(sub.agency)
            broken.append(attrs.evolve(sub, values=values, claims=claims))
        for _ in range(data.draw(st.integers(0, 2))):
            broken.insert(data.draw(st.integers(0, len(broken))), "not a submission")
            expected.append(None)
        assume(expected)
        with pytest.raises(ScoringError) as info:
            score(ruleset, broken)
        assert sorted(p.agency or "" for p in info.value.problems) == sorted(a or "" for a in expected)


class TestRanksAndBands:
    """Ranks and bands follow from the printed totals."""

    @given(cohorts(max_size=8))
    def test_ranks_are_competition_ranks_of_the_totals(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: rank = 1 + the number of higher totals in the group, so ties share a rank (1, 2, 2, 4); unscorable agencies have none."""
        ruleset, subs = cohort
        assessment = score(ruleset, subs)
        for s in assessment.scores:
            peers = [t.total for t in assessment.scores if t.group == s.group and t.total is not None]
            if s.total is None:
                assert s.rank is None
            else:
                assert s.rank == 1 + sum(1 for t in peers if t > s.total)
        order = {g.id: i for i, g in enumerate(ruleset.groups)}
        keys = [(order[s.group], s.rank is None, s.rank or 0) for s in assessment.scores]
        assert keys == sorted(keys)

    @given(cohorts())
    def test_band_agrees_with_the_printed_total(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: the band is the highest whose minimum the printed total reaches (read back from its text); band counts tally the scores."""
        ruleset, subs = cohort
        assessment = score(ruleset, subs)
        for s in assessment.scores:
            if s.total is None:
                assert s.band is None
                continue
            printed = Decimal(f"{s.total}")
            reachable = [b for b in ruleset.bands if b.min <= printed]
            assert s.band == max(reachable, key=lambda b: b.min).id
        for group in ruleset.groups:
            counts = assessment.band_counts[group.id]
            assert dict(counts) == {b.id: sum(1 for s in assessment.in_group(group.id) if s.band == b.id) for b in ruleset.bands}


def _encode(value: object) -> object:
    if isinstance(value, Figure):
        return {"figure": _encode(value.value), "source": value.source, "reference": value.reference}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


_HARNESS = r"""
import json, sys
from decimal import Decimal
import indicator_index as ii

def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict) and "figure" in v:
        return ii.Figure(value=decode(v["figure"]), source=v["source"], reference=v["reference"])
    if isinstance(v, dict):
        return Decimal(v["decimal"])
    return v

ruleset = ii.load_ruleset(sys.argv[1])
data = json.loads(open(sys.argv[2], encoding="utf-8").read())
subs = [
    ii.Submission(agency=a["agency"], group=a["group"], name=a["name"], values={k: decode(v) for k, v in a["values"].items()}, claims=a["claims"])
    for a in data
]
result = ii.score(ruleset, subs)
out = {"digest": result.ruleset_digest, "band_counts": {g: dict(c) for g, c in result.band_counts.items()}, "scores": [
    [s.agency, s.group, s.status, str(s.total), str(s.unrounded), s.band, s.rank, list(s.notes),
     [[r.criterion, r.status, str(r.points), str(r.max_points), r.reason] for r in (*s.criteria, *s.bonuses, *s.penalties)],
     [[r.section, str(r.points), str(r.max_points), str(r.scaled)] for r in s.sections]]
    for s in result.scores]}
print(json.dumps(out, ensure_ascii=False))
"""


def _score_in_subprocess(ruleset_path: Path, data_path: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run([sys.executable, "-c", _HARNESS, str(ruleset_path), str(data_path)], capture_output=True, text=True, env=env, check=False)  # noqa: S603
    assert run.returncode == 0, run.stderr
    return run.stdout


def _write_data(path: Path, subs: tuple[Submission, ...]) -> None:
    rows = [
        {
            "agency": s.agency,
            "group": s.group,
            "name": s.name,
            "values": {k: _encode(v) for k, v in s.values.items()},
            "claims": {c.criterion: c.evidence for c in s.claims},
        }
        for s in subs
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


class TestDeterminism:
    """The same inputs give the same outputs, always."""

    @given(cohorts())
    def test_scoring_twice_gives_equal_results_and_leaves_inputs_unchanged(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: score() is pure: two calls give equal assessments and the ruleset and submissions are left as they were."""
        ruleset, subs = cohort
        subs_before = copy.deepcopy(subs)
        digest = ruleset.digest
        first = score(ruleset, subs)
        second = score(ruleset, subs)
        assert first == second
        assert [_view(s) for s in first.scores] == [_view(s) for s in second.scores]
        assert subs == subs_before
        assert ruleset.digest == digest
        assert score(ruleset, list(subs)) == first

    def test_bundled_example_is_identical_under_different_hash_seeds(self, tmp_path: Path) -> None:
        """Invariant: the bundled example scores to the same bytes whatever PYTHONHASHSEED is."""
        from indicator_index._data import read_submissions

        subs = read_submissions(ROOT / "samples" / "example-2024.json")
        data = tmp_path / "data.json"
        _write_data(data, subs)
        outputs = {_score_in_subprocess(ROOT / "rulesets" / "example-2024.toml", data, seed) for seed in ("0", "1", "4242")}
        assert len(outputs) == 1
        assert json.loads(outputs.pop())["digest"] == load_ruleset("example-2024").digest

    @settings(max_examples=4)
    @given(cohorts())
    def test_generated_cohorts_are_identical_under_different_hash_seeds(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: a generated ruleset and cohort, written to files and scored in fresh interpreters, give the same bytes under two hash seeds."""
        ruleset, subs = cohort
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "ruleset.toml"
            path.write_text(tomli_w.dumps(ruleset_to_dict(ruleset)), encoding="utf-8")
            data = Path(folder) / "data.json"
            _write_data(data, subs)
            first = _score_in_subprocess(path, data, "1")
            second = _score_in_subprocess(path, data, "2")
        assert first == second
        assert json.loads(first)["digest"] == ruleset.digest
