"""
Every engine result equals the reference scorer's (``tests/oracle.py``), on generated rulesets and cohorts.

The oracle shares nothing with the engine but the model types, so a mistake made the same way in every engine
path still shows here. Both the traced scorer (``score``) and the batch scorer (``score_totals``) are checked. Each property draws one ruleset
and two or three cohorts for it; together they score at least 3,000 cohorts in the CI profile.

How results are compared, by the rules of ``docs/scoring.md`` ("Settling and exact sums"):

- statuses, bands, ranks, band counts, applicable maxima and rounded totals are equal exactly;
- a criterion's points equal the oracle's exact points settled at 30 places (rounded half-even there when they
  carry more);
- earned points, base, bonus, penalty and the unrounded total may differ from the exact values by the settling
  of the terms added up: half a unit in the 30th place per term, so at most ``TOLERANCE`` for any ruleset here;
- where the oracle refuses, the engine raises a ``ScoringError`` naming the same (agency, criterion, indicator)
  triples.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_index import Block, Label, Ruleset, ScoringError, Submission, score, score_totals
from tests.oracle import OracleRefusal, oracle_score, round_to
from tests.strategies import COHORT_KINDS, EVIDENCE, INVISIBLE_EVIDENCE, NO_EVIDENCE, UNREADABLE_EVIDENCE, rulesets, submissions


pytestmark = pytest.mark.property

# Half a unit in the 30th place for each of at most 2,000 settled terms (criteria, sections, items).
TOLERANCE = Fraction(1, 10**27)
# Claims with evidence, and with blank, white-space-only or invisible-only evidence (refused).
CLAIMS = (*EVIDENCE, *NO_EVIDENCE, *INVISIBLE_EVIDENCE)


def settled(x: Fraction) -> Fraction:
    """*x* settled at 30 places: rounded half-even there when it carries more (docs/scoring.md)."""
    return x if (10**30 * x).denominator == 1 else round_to(x, 30, "half_even")


def _f(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def _close(got: Decimal | None, want: Fraction | None, tolerance: Fraction = TOLERANCE) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(Fraction(got) - want) <= tolerance


def scaled_tolerance(ruleset: Ruleset, applicable_max: Fraction) -> Fraction:
    """
    How far the base and the unrounded total may be from the exact fraction, by docs/scoring.md: each
    criterion's points are settled (off by at most half a unit in the 30th place) *before* a section's
    points are multiplied by scale ÷ applicable maximum, and each section's share is settled again.
    """
    half = Fraction(1, 2 * 10**30)
    items = len(ruleset.criteria) + len(ruleset.bonuses) + len(ruleset.penalties)
    factor = max(Fraction(1), Fraction(ruleset.scale) / applicable_max) if applicable_max else Fraction(1)
    return items * half * factor + (len(ruleset.sections) + items) * half


def mismatches(ruleset: Ruleset, subs: Any) -> list[str]:
    """Every way the engine's assessment of *subs* differs from the oracle's; empty when they agree."""
    subs = tuple(subs)
    try:
        expected = oracle_score(ruleset, subs)
    except OracleRefusal as refusal:
        out = []
        for name, engine in (("score", score), ("score_totals", score_totals)):
            try:
                engine(ruleset, subs)
            except ScoringError as exc:
                got = Counter((p.agency, p.criterion, p.indicator) for p in exc.problems)
                want = Counter(refusal.problems)
                if got != want:
                    out.append(f"{name}: refusals differ: engine {sorted(got, key=str)}, oracle {sorted(want, key=str)}")
            else:
                out.append(f"{name} scored a cohort the oracle refuses: {refusal.problems}")
        return out
    try:
        assessment = score(ruleset, subs)
        batch = score_totals(ruleset, subs)
    except ScoringError as exc:
        return [f"the engine refused a cohort the oracle scores: {exc}"]
    out: list[str] = []
    for agency, group, total, band, rank in zip(batch.agencies, batch.groups, batch.totals, batch.bands, batch.ranks, strict=True):
        o = expected.agencies.get(agency)
        if o is None or (group, _f(total), band, rank) != (o.group, o.total, o.band, o.rank):
            out.append(f"score_totals {agency}: {(group, total, band, rank)}, oracle {o and (o.group, o.total, o.band, o.rank)}")
    if {g: dict(counts) for g, counts in batch.band_counts.items()} != expected.band_counts:
        out.append(f"score_totals band counts: {batch.band_counts}, oracle {expected.band_counts}")
    if sorted(s.agency for s in assessment.scores) != sorted(expected.agencies):
        return [f"agencies differ: {[s.agency for s in assessment.scores]} vs {list(expected.agencies)}"]
    for s in assessment.scores:
        o = expected.agencies[s.agency]
        exact = {
            "group": (s.group, o.group),
            "status": (s.status, o.status),
            "applicable_max": (_f(s.applicable_max), o.applicable_max),
            "cohort": (s.cohort, expected_cohort(ruleset, s.group, s.parent)),
            "total": (_f(s.total), o.total),
            "band": (s.band, o.band),
            "rank": (s.rank, o.rank),
        }
        for name, (got, want) in exact.items():
            if got != want:
                out.append(f"{s.agency}.{name}: engine {got}, oracle {want}")
        near = {"earned": (s.earned, o.earned), "base": (s.base, o.base), "bonus": (s.bonus, o.bonus), "penalty": (s.penalty, o.penalty)}
        near["unrounded"] = (s.unrounded, o.unrounded)
        amplified = scaled_tolerance(ruleset, o.applicable_max or Fraction(0))
        for name, (got_d, want_f) in near.items():
            if not _close(got_d, want_f, amplified if name in ("base", "unrounded") else TOLERANCE):
                out.append(f"{s.agency}.{name}: engine {got_d}, oracle {want_f} ({None if want_f is None else float(want_f)})")
        results = {r.criterion: r for r in (*s.criteria, *s.bonuses, *s.penalties)}
        if sorted(results) != sorted(o.criteria):
            out.append(f"{s.agency}: items differ: engine {sorted(results)}, oracle {sorted(o.criteria)}")
            continue
        for item, (status, points) in o.criteria.items():
            r = results[item]
            want = None if points is None else settled(points)
            if (r.status, _f(r.points)) != (status, want):
                out.append(f"{s.agency}.{item}: engine {r.status} {r.points}, oracle {status} {want} ({None if want is None else float(want)})")
    got_counts = {g: dict(counts) for g, counts in assessment.band_counts.items()}
    if got_counts != expected.band_counts:
        out.append(f"band counts: engine {got_counts}, oracle {expected.band_counts}")
    return out


def expected_cohort(ruleset: Ruleset, group: str, parent: str) -> str:
    """The ranking cohort as docs/scoring.md names it, read off the ruleset's groups and blocks."""
    scope = next(g for g in ruleset.groups if g.id == group)
    block = next((b.id for b in ruleset.blocks if group in b.groups), group)
    return f"{block}/{parent}" if scope.ranked_within == "parent" else block


def check(ruleset: Ruleset, cohorts: list[Any]) -> None:
    """Assert that the engine agrees with the oracle on every cohort."""
    for subs in cohorts:
        found = mismatches(ruleset, subs)
        assert not found, "\n".join(found)


@st.composite
def cohorts(draw: st.DrawFn, ruleset_strategy: st.SearchStrategy[Ruleset], **options: Any) -> tuple[Ruleset, list[Any]]:
    """A ruleset and two or three cohorts for it: five properties × 300 examples × 2 is 3,000 cohorts or more in CI."""
    ruleset = draw(ruleset_strategy)
    return ruleset, draw(st.lists(submissions(ruleset, **options), min_size=2, max_size=3))


EVERYTHING = {"evidence": CLAIMS, "blank_figures": True}


@st.composite
def scoped(draw: st.DrawFn) -> tuple[Ruleset, list[Any]]:
    """
    A ruleset whose groups are ranked and compared within parents or not (each drawn), with a block of
    some groups or none, and cohorts whose agencies have drawn parents and some decided totals.
    """
    ruleset = draw(rulesets(kinds=(*COHORT_KINDS, "proportional", "tiers", "sum")))
    scopes = st.sampled_from(("group", "parent"))
    groups = tuple(attrs.evolve(g, ranked_within=draw(scopes), compared_within=draw(scopes)) for g in ruleset.groups)
    blocks: tuple[Block, ...] = ()
    ids = [g.id for g in groups]
    chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    if chosen:
        same = [g for g in chosen if next(x for x in groups if x.id == g).ranked_within == next(x for x in groups if x.id == chosen[0]).ranked_within]
        blocks = (Block(id="khoi", label=Label(vi="Khối", en="Block"), groups=tuple(same)),)
    ruleset = attrs.evolve(ruleset, groups=groups, blocks=blocks)
    step = Fraction(1, 10**ruleset.rounding.places)
    cohorts = []
    for _ in range(draw(st.integers(2, 3))):
        subs = list(draw(submissions(ruleset, min_size=2, max_size=7, **EVERYTHING)))
        subs = [attrs.evolve(sub, parent=draw(st.sampled_from(("d1", "d2")))) for sub in subs]
        for k in range(draw(st.integers(0, 2))):
            units = draw(st.integers(0, int(Fraction(ruleset.scale) / step)))
            total = Decimal(units) * Decimal(step.numerator) / Decimal(step.denominator)
            subs.append(
                Submission(
                    agency=f"decided-{k}",
                    group=draw(st.sampled_from(ids)),
                    parent=draw(st.sampled_from(("d1", "d2"))),
                    decided={"total": total, "source": "TB 1"},
                )
            )
        cohorts.append(draw(st.permutations(subs)))
    return ruleset, cohorts


class TestOracleCohorts:
    """Ranking cohorts (groups, blocks, parents) and decided totals, against the oracle."""

    @given(scoped())
    def test_parents_blocks_and_decided_totals(self, drawn: tuple[Ruleset, list[Any]]) -> None:
        """Totals, bands, ranks, cohorts and band counts equal the oracle's with parents, blocks and decided totals."""
        check(*drawn)


class TestOracle:
    """The engine's results equal the oracle's."""

    @given(cohorts(rulesets(shuffle_sources=True), max_size=6, **EVERYTHING))
    def test_every_rule_kind_policy_and_rounding(self, drawn: tuple[Ruleset, list[Any]]) -> None:
        """Totals, bands, ranks, band counts and every item's status and points equal the oracle's, on any ruleset."""
        check(*drawn)

    @given(cohorts(rulesets(kinds=("sum", "best_of", "info", "ratio", "relative"), max_criteria=4), max_size=5, **EVERYTHING))
    def test_nested_sum_and_best_of_with_missing_parts(self, drawn: tuple[Ruleset, list[Any]]) -> None:
        """A ``sum`` or ``best_of`` with parts missing is scored, zeroed, left out or refused as the oracle says: never silently 0."""
        check(*drawn)

    @given(cohorts(rulesets(kinds=(*COHORT_KINDS, "sum", "best_of"), layout="grouped"), min_size=2, max_size=7, **EVERYTHING))
    def test_cohort_relative_rules_within_groups(self, drawn: tuple[Ruleset, list[Any]]) -> None:
        """``relative`` and ``min_max`` compare with the agencies of the same group that can be scored on the item and have not excluded it."""
        check(*drawn)

    @given(cohorts(rulesets(adjustments=True), max_size=5, **EVERYTHING))
    def test_bonus_penalty_caps_and_clamp(self, drawn: tuple[Ruleset, list[Any]]) -> None:
        """Bonus and penalty items, their caps and the clamp to [0, scale] agree with the oracle."""
        check(*drawn)

    @given(cohorts(rulesets(), max_size=4, drop_any=True, bad_claims=True, blank_figures=True, evidence=(*CLAIMS, *UNREADABLE_EVIDENCE)))
    def test_refusals_name_the_same_agency_criterion_and_indicator(self, drawn: tuple[Ruleset, list[Any]]) -> None:
        """Where the oracle refuses (a value missing under ``error``, a claim that may not be made, unreadable evidence) the engine raises alike."""
        check(*drawn)
