"""
Deliberately wrong engine lines that the oracle properties must catch.

Each test plants one plausible, spec-level bug in the engine (a monkeypatched function or method of
``indicator_index._plan`` (the compiled plan every path evaluates) or ``indicator_index._scoring``, for the duration of the test only), runs the body
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

from indicator_index import BestOf, Rounding, SumOf, _plan, _scoring
from indicator_index._arithmetic import settle_fine
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


def _planted_sum(rule: SumOf, m: Decimal, index: Any, on_missing: int | None, top: bool, sc: Any) -> Any:
    """A ``sum`` closure that adds the parts it has and skips the missing ones (as 0)."""
    fine = _plan._Scale(True, sc.value_places)
    parts = [_plan._compile_rule(p.rule, p.max_points, index, None, False, fine) for p in rule.parts]
    cap = fine.points(m)

    def bind(stats: Any) -> Any:
        fns = [b(stats) for _, b in parts]

        def one(found: tuple[int | None, ...]) -> int | None:
            if all(p is None for p in found):
                return on_missing
            total = min(sum(p for p in found if p is not None), cap)
            return total if sc.fine else settle_fine(total)

        def sum_of(rows: Any) -> list[int | None]:
            return [one(found) for found in zip(*[fn(rows) for fn in fns], strict=True)]

        return sum_of

    return any(n for n, _ in parts), bind


def test_sum_counting_a_missing_part_as_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 1: a ``sum`` is missing only when all its parts are, and a missing part adds 0 (missing data silently zero)."""
    original = _plan._compile_missing

    def missing(rule: Any, index: Any) -> Any:
        if isinstance(rule, SumOf):
            parts = [original(p.rule, index) for p in rule.parts]
            return lambda row: () if any(not fn(row) for fn in parts) else tuple(i for fn in parts for i in fn(row))
        return original(rule, index)

    monkeypatch.setattr(_plan, "_compile_missing", missing)
    monkeypatch.setitem(_plan._COMPILERS, SumOf, _planted_sum)
    assert caught(NESTED)


def test_best_of_missing_when_any_alternative_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 2: a ``best_of`` is missing as soon as one alternative lacks data, instead of skipping that alternative."""
    original = _plan._COMPILERS[BestOf]

    def best_of(rule: BestOf, m: Decimal, index: Any, on_missing: int | None, top: bool, sc: Any) -> Any:
        needs, bind = original(rule, m, index, on_missing, top, sc)
        gaps = [_plan._compile_missing(p.rule, index) for p in rule.alternatives]

        def planted(stats: Any) -> Any:
            fn = bind(stats)
            return lambda rows: [on_missing if any(gap(row) for gap in gaps) else p for row, p in zip(rows, fn(rows), strict=True)]

        return needs, planted

    original_missing = _plan._compile_missing

    def missing(rule: Any, index: Any) -> Any:
        if isinstance(rule, BestOf):
            gaps = [original_missing(p.rule, index) for p in rule.alternatives]
            return lambda row: tuple(i for gap in gaps for i in gap(row))
        return original_missing(rule, index)

    monkeypatch.setitem(_plan._COMPILERS, BestOf, best_of)
    monkeypatch.setattr(_plan, "_compile_missing", missing)
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
    original = _plan._cohort_stats

    def stats(group: Any, idxs: Any, rows: Any, claims: Any) -> Any:
        marked = [None if c is None else {k: v or "refused" for k, v in c.items()} for c in claims]
        return original(group, idxs, rows, marked)

    monkeypatch.setattr(_plan, "_cohort_stats", stats)
    strategy = cohorts(rulesets(kinds=COHORT_KINDS, layout="grouped"), min_size=3, max_size=7, evidence=NO_EVIDENCE)
    assert caught(strategy)


def test_half_up_rounding_half_even(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 6: a total exactly halfway is rounded half-even when the ruleset declares ``half_up`` (66.25 → 66.2, not 66.3)."""
    original = _plan.total_units

    def total_units(numerator: int, denominator: int, scale: int, places: int, mode: str) -> int:
        return original(numerator, denominator, scale, places, "half_even" if mode == "half_up" else mode)

    monkeypatch.setattr(_plan, "total_units", total_units)
    strategy = cohorts(rulesets(rounding=Rounding(places=1, mode="half_up"), kinds=("tiers", "yes_no", "choice", "per_item"), layout="flat"), max_size=6)
    assert caught(strategy, 400)


def test_group_maximum_upside_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant 7: the plan rescales a criterion to its group's maximum upside down (× base ÷ group), for every path at once."""
    original = _plan._adjusted

    def adjusted(fn: Any, base_max: int, group_max: int, rounding: Any, fine: bool) -> Any:
        return original(fn, group_max, base_max, rounding, fine)

    monkeypatch.setattr(_plan, "_adjusted", adjusted)
    assert caught(cohorts(rulesets(layout="grouped"), max_size=5))


def test_plants_name_real_engine_functions() -> None:
    """Every plant replaces a function the engine really has, so a renamed one fails here rather than planting nothing."""
    for owner, name in (
        (_plan, "_compile_missing"),
        (_plan, "_compile_rule"),
        (_plan, "_cohort_stats"),
        (_plan, "total_units"),
        (_plan, "_adjusted"),
        (_scoring, "visible"),
    ):
        assert callable(getattr(owner, name))
    assert {SumOf, BestOf} <= set(_plan._COMPILERS)
    assert unicodedata.category("\u200b") == "Cf"  # the invisible evidence really is invisible
