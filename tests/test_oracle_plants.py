"""
Deliberately wrong engine lines that the oracle properties must catch.

Each test plants one plausible, spec-level bug in the engine (a monkeypatched function or method of
``indicator_index._rules``, ``indicator_index._scoring`` or ``indicator_index._batch``, for the duration of the test only), runs the body
of the matching property of ``tests/property/test_oracle_properties.py`` over a fixed, derandomised series of
generated cohorts, and asserts that the engine then disagrees with the oracle. The plants are listed in
``docs/mutation.md`` ("Oracle plants").
"""

from __future__ import annotations

import contextlib
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from indicator_index import BestOf, Rounding, SumOf, _batch, _rules, _scoring
from tests.property.test_oracle_properties import CLAIMS, cohorts, mismatches
from tests.strategies import COHORT_KINDS, INVISIBLE_EVIDENCE, NO_EVIDENCE, rulesets


class _CaughtError(Exception):
    """Raised at the first cohort on which the engine and the oracle disagree."""


def caught(strategy: st.SearchStrategy[tuple[Any, list[Any]]], examples: int = 150) -> list[str]:
    """The first disagreement between the (planted) engine and the oracle over *examples* drawn cohorts, or ``[]``."""
    found: list[str] = []

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def body(drawn: tuple[Any, list[Any]]) -> None:
        ruleset, cohorts_ = drawn
        for subs in cohorts_:
            try:
                lines = mismatches(ruleset, subs)
            except Exception as exc:  # a plant may also make the engine crash: that is caught too
                lines = [f"the engine raised {exc!r}"]
            if lines:
                found.extend(lines)
                raise _CaughtError

    with contextlib.suppress(_CaughtError):
        body()
    return found


NESTED = cohorts(rulesets(kinds=("sum", "best_of"), max_criteria=4), max_size=5, evidence=CLAIMS)


def test_unplanted_engine_agrees() -> None:
    """Without a plant the same series of cohorts finds nothing, so every catch below is the plant's."""
    assert caught(NESTED, 40) == []


def test_sum_counting_a_missing_part_as_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 1: a ``sum`` is missing only when all its parts are, and a missing part adds 0 (missing data silently zero)."""

    def missing(self: SumOf, values: Any) -> tuple[str, ...]:
        gaps = [p.rule.missing(values) for p in self.parts]
        return () if any(not g for g in gaps) else tuple(i for g in gaps for i in g)

    def points(self: SumOf, values: Any, max_points: Decimal, stats: Any) -> Decimal:
        total = sum((p.rule.points(values, p.max_points, stats) for p in self.parts if not p.rule.missing(values)), Decimal(0))
        return min(total, max_points)

    monkeypatch.setattr(_rules.SumOf, "missing", missing)
    monkeypatch.setattr(_rules.SumOf, "points", points)
    assert caught(NESTED)


def test_best_of_missing_when_any_alternative_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 2: a ``best_of`` is missing as soon as one alternative lacks data, instead of skipping that alternative."""

    def missing(self: BestOf, values: Any) -> tuple[str, ...]:
        return tuple(i for p in self.alternatives for i in p.rule.missing(values))

    monkeypatch.setattr(_rules.BestOf, "missing", missing)
    assert caught(NESTED)


def test_invisible_characters_counted_as_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 3: evidence is only stripped of white space, so a zero-width space or a byte-order mark counts as evidence."""
    monkeypatch.setattr(_scoring, "visible", str.strip)
    assert caught(cohorts(rulesets(), max_size=5, evidence=INVISIBLE_EVIDENCE))


def test_white_space_counted_as_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 4: evidence is not cleaned at all, so a blank of spaces or a tab counts as evidence."""
    monkeypatch.setattr(_scoring, "visible", lambda text: text)
    assert caught(cohorts(rulesets(), max_size=5, evidence=NO_EVIDENCE))


def test_refused_claim_leaving_the_cohort_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 5: an agency whose claim was refused (no evidence) is left out of the values ``relative``/``min_max`` compare with."""
    original = _scoring._stats

    def stats(ruleset: Any, agencies: Any) -> Any:
        import attrs

        marked = tuple(attrs.evolve(a, claims={k: v or "refused" for k, v in a.claims.items()}) for a in agencies)
        return original(ruleset, marked)

    monkeypatch.setattr(_scoring, "_stats", stats)
    strategy = cohorts(rulesets(kinds=COHORT_KINDS, layout="grouped"), min_size=3, max_size=7, evidence=NO_EVIDENCE)
    assert caught(strategy)


def test_half_up_rounding_half_even(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 6: a total exactly halfway is rounded half-even when the ruleset declares ``half_up`` (66.25 → 66.2, not 66.3)."""
    original = _scoring.round_total

    def round_total(unrounded: Decimal, scale: Decimal, places: int, mode: str) -> Decimal:
        return original(unrounded, scale, places, "half_even" if mode == "half_up" else mode)

    monkeypatch.setattr(_scoring, "round_total", round_total)
    strategy = cohorts(rulesets(rounding=Rounding(places=1, mode="half_up"), kinds=("tiers", "yes_no", "choice", "per_item"), layout="flat"), max_size=6)
    assert caught(strategy, 400)


def test_batch_group_maximum_upside_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 7: the batch scorer rescales a criterion to its group's maximum upside down (× base ÷ group)."""
    original = _batch._scaled

    def scaled(fn: Any, group_max: Decimal, base_max: Decimal) -> Any:
        return original(fn, base_max, group_max)

    monkeypatch.setattr(_batch, "_scaled", scaled)
    assert caught(cohorts(rulesets(layout="grouped"), max_size=5))


def test_plants_name_real_engine_functions() -> None:
    """Every plant replaces a function the engine really has, so a renamed one fails here rather than planting nothing."""
    for owner, name in ((_rules.SumOf, "missing"), (_rules.SumOf, "points"), (_rules.BestOf, "missing"), (_scoring, "visible")):
        assert callable(getattr(owner, name))
    for name in ("_stats", "round_total"):
        assert callable(getattr(_scoring, name))
    assert callable(_batch._scaled)
    assert unicodedata.category("\u200b") == "Cf"  # the invisible evidence really is invisible
