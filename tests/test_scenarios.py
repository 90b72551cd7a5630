"""
What-if scenarios do less work, never other work: each result is exactly ``totals(vary(cohort, changes))``.

``BatchScorer.scenarios`` evaluates the base cohort once and, per variant, only the agencies the variant
changes, unless the changes move a lowest or highest value that a cohort-relative rule reads (then every
agency compared with them). These tests hold it to the full rescoring: on random rulesets and changes, with
errors; and they check that the shortcut is really taken, and really left when the statistics move.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_index import ScoringError, _batch, load_ruleset
from indicator_index._batch import BatchResult, BatchScorer
from indicator_index._model import Ruleset
from tests.strategies import rulesets, submissions, values_for
from tests.test_batch import BENCH, random_submissions


def _outcome(fn: Callable[[], BatchResult]) -> BatchResult | tuple[str, tuple[Any, ...]]:
    """A result, or the error's title and problems."""
    try:
        return fn()
    except ScoringError as exc:
        return (str(exc.title), tuple(exc.problems))


def _each(scorer: BatchScorer, cohort: Any, variants: list[dict[str, dict[str, object]]]) -> list[BatchResult | tuple[str, tuple[Any, ...]]]:
    """The scenarios' results one by one; an error ends the iterator, as it does for a caller."""
    out: list[BatchResult | tuple[str, tuple[Any, ...]]] = []
    results: Iterator[BatchResult] = scorer.scenarios(cohort, variants)
    for _ in variants:
        try:
            out.append(next(results))
        except ScoringError as exc:
            out.append((str(exc.title), tuple(exc.problems)))
            break
    return out


@st.composite
def changes(draw: st.DrawFn, ruleset: Ruleset, agencies: tuple[str, ...]) -> dict[str, dict[str, object]]:
    """Changes to some agencies: new valid values, or ``None`` (the value removed)."""
    out: dict[str, dict[str, object]] = {}
    for agency in draw(st.lists(st.sampled_from(agencies), max_size=3)):
        for indicator in draw(st.lists(st.sampled_from(ruleset.indicators), min_size=1, max_size=3)):
            out.setdefault(agency, {})[indicator.id] = draw(st.one_of(st.none(), values_for(indicator)))
    return out


class TestSameAsFullRescoring:
    """Each scenario's result, or error, is the full rescoring's."""

    @given(data=st.data())
    def test_random_rulesets(self, data: st.DataObject) -> None:
        """Any ruleset, any cohort, any sequence of changes: scenario k equals totals(vary(cohort, changes k))."""
        ruleset = data.draw(rulesets(max_criteria=5))
        subs = data.draw(submissions(ruleset, min_size=2, max_size=7))
        scorer = BatchScorer(ruleset)
        cohort = scorer.cohort(subs)
        variants = data.draw(st.lists(changes(ruleset, cohort.agencies), min_size=1, max_size=5))
        got = _each(scorer, cohort, variants)
        want = [_outcome(lambda v=v: scorer.totals(scorer.vary(cohort, v))) for v in variants]  # type: ignore[misc]
        assert got == want[: len(got)]

    @pytest.mark.parametrize("seed", range(4))
    def test_bench(self, seed: int) -> None:
        """The ~100-criterion benchmark ruleset, claims and missing values included, variants that move extremes too."""
        bench = load_ruleset(BENCH)
        scorer = BatchScorer(bench)
        cohort = scorer.cohort(random_submissions(bench, seed, 40, missing=0.05, claim=0.2, refused=0.05))
        rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        numeric = [i for i in bench.indicators if i.type in ("ratio", "count", "number")]
        variants: list[dict[str, dict[str, object]]] = []
        for _ in range(12):
            agency = rng.choice(cohort.agencies)
            indicator = rng.choice(numeric)
            # 0 and large counts move the lowest or highest value of a group; the middle usually does not.
            value = {"ratio": rng.choice([Decimal(0), Decimal("0.5"), Decimal(1)]), "count": Decimal(rng.choice([0, 3, 60]))}.get(indicator.type)
            variants.append({agency: {indicator.id: value}})
        got = _each(scorer, cohort, variants)
        assert got == [_outcome(lambda v=v: scorer.totals(scorer.vary(cohort, v))) for v in variants]  # type: ignore[misc]

    def test_base_errors_fixed_by_a_variant(self) -> None:
        """A value missing under the ``error`` policy fails the base, and each variant that leaves it missing; one that gives it passes."""
        example = load_ruleset("example-2024")
        scorer = BatchScorer(example)
        cohort = scorer.cohort(random_submissions(example, 1, 8))
        strict = next(c for c in example.criteria if (c.missing or example.missing) == "error" and c.rule.kind != "info")
        indicator = strict.rule.indicator_ids()[0]
        agency = next(a for a, g in zip(cohort.agencies, cohort.groups, strict=True) if strict in example.criteria_for(g))
        broken = scorer.vary(cohort, {agency: {indicator: None}})
        value = scorer.vary(cohort, {})._rows[cohort._positions[agency]][scorer._plan.index[indicator]]
        other = next(a for a in cohort.agencies if a != agency)
        variants = [{other: {}}, {agency: {indicator: value}}]
        got = _each(scorer, broken, variants)
        assert isinstance(got[0], tuple)
        assert got[0] == _outcome(lambda: scorer.totals(broken))
        assert len(got) == 1  # the error ends the iterator
        assert _each(scorer, broken, variants[1:]) == [scorer.totals(cohort)]


class TestLessWork:
    """The shortcut is taken when the statistics stay, and left when they move."""

    @pytest.fixture
    def counted(self, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        """The agencies the plan evaluates, in order."""
        seen: list[str] = []
        real = _batch.evaluate_cohort

        def counting(bound: Any, rows: Any, claims: Any, agencies: list[str], *rest: Any, **kw: Any) -> Any:
            seen.extend(agencies)
            return real(bound, rows, claims, agencies, *rest, **kw)

        monkeypatch.setattr(_batch, "evaluate_cohort", counting)
        return seen

    def test_only_the_changed_agency(self, counted: list[str]) -> None:
        """A change that moves no extreme re-evaluates the changed agency alone."""
        example = load_ruleset("example-2024")
        scorer = BatchScorer(example)
        cohort = scorer.cohort(random_submissions(example, 2, 12))
        agency = cohort.agencies[5]
        # A yes/no value feeds no cohort-relative rule: it can move no lowest or highest value.
        yes_no = next(i.id for i in example.indicators if i.type == "yes_no")
        counted.clear()
        results = list(scorer.scenarios(cohort, [{agency: {yes_no: True}}, {agency: {yes_no: False}}]))
        base = len(cohort.agencies)
        assert sorted(counted[:base]) == sorted(cohort.agencies)  # the base once, every agency
        assert counted[base:] == [agency, agency]  # then one agency per variant
        assert results == [scorer.totals(scorer.vary(cohort, {agency: {yes_no: v}})) for v in (True, False)]

    def test_moved_extreme_rescores_the_group(self, counted: list[str]) -> None:
        """A change that raises a group's highest value of a relative rule's indicator re-evaluates that whole group."""
        bench = load_ruleset(BENCH)
        scorer = BatchScorer(bench)
        cohort = scorer.cohort(random_submissions(bench, 5, 30))
        relative = next(c for c in bench.criteria if c.rule.kind == "relative" and c.rule.direction == "higher")
        indicator = relative.rule.indicator
        group = next(g.id for g in bench.groups if relative in bench.criteria_for(g.id))
        members = [a for a, g in zip(cohort.agencies, cohort.groups, strict=True) if g == group]
        column = scorer._plan.index[indicator]
        top = max(r[column] for a, r in zip(cohort.agencies, cohort._rows, strict=True) if a in members and r[column] is not None)
        counted.clear()
        changes = {members[0]: {indicator: top + 1}}
        result = next(scorer.scenarios(cohort, [changes]))
        assert sorted(counted[len(cohort.agencies) :]) == sorted(members)  # every agency of the group, and no other
        assert result == scorer.totals(scorer.vary(cohort, changes))
