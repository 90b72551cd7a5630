"""
The plan's one fast path (``_plan.evaluate_totals``): what ``score`` and the batch path compute totals with, equal to
the plan's full evaluation; ``score`` runs the full evaluation only when a trace is read; and the cheaper common case of
checking submissions gives the same values and errors.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import indicator_index as ii
import indicator_index._scoring as scoring
from indicator_index._arithmetic import CONTEXT, from_units
from indicator_index._plan import VALUE_PLACES, Bound, comparison_cohorts, evaluate, evaluate_cohort, evaluate_totals, group_stats, plan_for, unit_rows
from indicator_index._scoring import check_value
from tests.test_batch import random_submissions, variant


ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "bench-100.toml"


@pytest.fixture(scope="module")
def bench() -> ii.Ruleset:
    """The benchmark ruleset (~100 criteria of every kind)."""
    return ii.load_ruleset(BENCH)


def _fields(outcome: object) -> tuple[object, ...]:
    """The totals of an outcome or a score, numbers as ``Decimal`` (an outcome holds integer units)."""
    names = ("earned", "applicable_max", "base", "bonus", "penalty", "unrounded", "total", "band")
    return tuple(from_units(v) if type(v) is int else v for v in (getattr(outcome, name) for name in names))


def _decimals(totals: tuple[object, ...]) -> tuple[object, ...]:
    """What ``evaluate_totals`` gives, its numbers in units made ``Decimal``."""
    return tuple(from_units(v) if type(v) is int else v for v in totals)


def _both(ruleset: ii.Ruleset, cohort: ii.Cohort) -> tuple[int, int]:
    """
    Every agency's totals, evaluated with its whole comparison cohort (what ``score`` and the batch path do), equal
    its evaluation alone (what a trace reads), digit for digit, problems included; returns how many agencies were
    plain (no claim, every item counted) and how many were not.
    """
    plan = plan_for(ruleset)
    rows, claims = cohort._units, cohort._claims
    plain = other = 0
    decided = frozenset(i for i, total in enumerate(cohort._decided) if total is not None)
    with localcontext(CONTEXT):
        for group, idxs in comparison_cohorts(ruleset, cohort.groups, cohort.parents, decided):
            compiled = plan.groups_for(cohort._places)[group]
            stats = group_stats(compiled, idxs, rows, claims)
            bound = Bound(compiled, stats)
            found: list[tuple[int, ii.Problem]] = []
            together = evaluate_cohort(
                bound, [rows[i] for i in idxs], [claims[i] for i in idxs], [cohort.agencies[i] for i in idxs], found, ruleset, earned=True
            )
            for j, i in enumerate(idxs):
                want_problems: list[ii.Problem] = []
                outcome = evaluate(bound, rows[i], claims[i], cohort.agencies[i], want_problems, ruleset)
                want = _fields(outcome)
                assert [str(x) for x in _decimals(together[j])] == [str(x) for x in want], cohort.agencies[i]
                assert [p for k, p in found if k == j] == want_problems
                got_problems: list[ii.Problem] = []
                alone = _decimals(evaluate_totals(bound, rows[i], claims[i], cohort.agencies[i], got_problems, ruleset))
                assert alone[0] is None
                assert [str(x) for x in alone[1:]] == [str(x) for x in want[1:]]
                assert got_problems == want_problems
                counted = not claims[i] and None not in (*outcome.criteria, *outcome.bonuses, *outcome.penalties)
                plain, other = (plain + 1, other) if counted else (plain, other + 1)
    return plain, other


class TestOneFastPath:
    """A cohort evaluated column by column gives what each of its agencies gives evaluated alone."""

    @pytest.mark.parametrize("missing", ["zero", "exclude", "error"])
    @pytest.mark.parametrize("seed", [1, 2])
    def test_bench_cohorts(self, bench: ii.Ruleset, missing: str, seed: int) -> None:
        """Random cohorts with missing values, claims and refused claims: every total equal, plain agencies and others."""
        ruleset = variant(bench, missing=missing)
        subs = random_submissions(ruleset, seed, 80, missing=0.003, claim=0.02, refused=0.01)
        cohort = ii.BatchScorer(ruleset).cohort(subs)
        plain, other = _both(ruleset, cohort)
        assert plain > 0
        assert other > 0

    @pytest.mark.parametrize("chunk", [1, 7])
    def test_in_chunks(self, bench: ii.Ruleset, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """A cohort evaluated in chunks (as a large one is) gives the same totals and the same problems, at the same positions."""
        import indicator_index._plan as plan_module

        ruleset = variant(bench, missing="error")
        subs = random_submissions(ruleset, 3, 40, missing=0.01, claim=0.05, refused=0.02)
        cohort = ii.BatchScorer(ruleset).cohort(subs)
        monkeypatch.setattr(plan_module, "_CHUNK", chunk)
        plain, other = _both(ruleset, cohort)
        assert plain > 0
        assert other > 0

    def test_samples(self) -> None:
        """The sample cities and the example: every agency."""
        for name, data in (("danang-448-2022", "danang-2021"), ("example-2024", "example-2024")):
            ruleset = ii.load_ruleset(name)
            cohort = ii.read_cohort(data, ruleset)
            plain, other = _both(ruleset, cohort)
            assert plain + other == len(cohort) - sum(1 for t in cohort._decided if t is not None)
            assert plain > 0

    def test_score_fields_are_the_full_evaluations(self, bench: ii.Ruleset) -> None:
        """A score's eager numbers are the full evaluation's (earned included), for fast and full agencies alike."""
        subs = random_submissions(bench, 5, 40, missing=0.02, claim=0.1)
        assessment = ii.score(bench, subs)
        cohort = ii.BatchScorer(bench).cohort(subs)
        plan = plan_for(bench)
        want = {}
        with localcontext(CONTEXT):
            for group, idxs in comparison_cohorts(bench, cohort.groups, cohort.parents, frozenset()):
                compiled = plan.groups_for(cohort._places)[group]
                bound = Bound(compiled, group_stats(compiled, idxs, cohort._units, cohort._claims))
                for i in idxs:
                    want[cohort.agencies[i]] = _fields(evaluate(bound, cohort._units[i], cohort._claims[i], cohort.agencies[i], [], bench))
        for s in assessment.scores:
            assert [str(x) for x in _fields(s)] == [str(x) for x in want[s.agency]]


class TestFullEvaluationWhenRead:
    """``score`` computes totals on the fast path; the plan's full evaluation runs when a trace is read, once."""

    def test_counted(self, monkeypatch: pytest.MonkeyPatch) -> None:
        calls: list[str] = []
        real = scoring.evaluate

        def counting(*args: object, **kwargs: object) -> object:
            calls.append(str(args[3]))
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(scoring, "evaluate", counting)
        ruleset = ii.load_ruleset("danang-448-2022")
        assessment = ii.score(ruleset, ii.read_submissions("danang-2021", ruleset))
        assert calls == []
        first = assessment.scores[0]
        assert first.criteria
        assert calls == [first.agency]
        assert first.notes is first.notes
        assert first.sections
        assert calls == [first.agency]

    def test_trace_agrees_with_the_eager_numbers(self, bench: ii.Ruleset) -> None:
        """With claims and missing values: the trace read later sums to the numbers computed up front."""
        ruleset = variant(bench, missing="exclude")
        assessment = ii.score(ruleset, random_submissions(ruleset, 7, 30, missing=0.05, claim=0.1))
        with localcontext(CONTEXT):
            for s in assessment.scores:
                counted = [r for r in s.criteria if r.points is not None]
                assert s.earned == sum((r.points for r in counted), Decimal(0))
                assert s.applicable_max == sum((r.max_points for r in counted), Decimal(0))


class _Other(Decimal):
    """A Decimal that is not exactly ``Decimal``: it takes the general checks, never the common case."""


@pytest.fixture(scope="module")
def kinds() -> dict[str, ii.Indicator]:
    """One indicator of each numeric type."""
    ruleset = ii.load_ruleset(BENCH)
    out: dict[str, ii.Indicator] = {}
    for indicator in ruleset.indicators:
        out.setdefault(indicator.type, indicator)
    return out


class TestCheckValueCommonCase:
    """The common case of ``check_value`` accepts exactly what the general checks accept, as the same value."""

    @staticmethod
    def _same(indicator: ii.Indicator, value: Decimal) -> None:
        with localcontext(CONTEXT):
            got, problem = check_value(indicator, value)
            want, general = check_value(indicator, _Other(value))
        assert (str(got), str(problem)) == (str(want), str(general))
        if problem is None:
            assert got is value

    @pytest.mark.parametrize(
        "text",
        [
            "0.5",
            "1",
            "1.0000000000000000000000000000000000000000",  # 41 digits, one significant: accepted by the general checks
            "0.1234567890123456789012345678901234567890",  # 40 significant digits in 42 characters
            "0.12345678901234567890123456789012345678901",  # 41 significant digits: refused
            "12345678901234.5678901234567890123456789",
            "0.000000000000001",
            "1E+14",
            "1E+15",
            "1E-16",
            "-0.5",
            "3.00",
        ],
    )
    def test_edges(self, kinds: dict[str, ii.Indicator], text: str) -> None:
        for indicator in kinds.values():
            if indicator.type in ("ratio", "count", "number"):
                self._same(indicator, Decimal(text))

    @given(st.decimals(allow_nan=False, allow_infinity=False, places=None))
    def test_any_decimal(self, value: Decimal) -> None:
        kinds = {i.type: i for i in ii.load_ruleset(BENCH).indicators}
        for kind in ("ratio", "count", "number"):
            self._same(kinds[kind], value)


class TestReferencesChecked:
    """A reference is still checked on every value when the agency's others share a good one."""

    def test_bad_reference_after_good_ones(self) -> None:
        ruleset = ii.load_ruleset("example-2024")
        subs = list(ii.read_submissions("example-2024", ruleset))
        first = subs[0]
        key = next(iter(first.values))
        figure = first.values[key][0]
        bad = ii.Figure(value=figure.value, source=figure.source, reference="row\x007")
        values = {k: v for k, v in first.values.items() if k != key}
        values[key] = (bad,)
        subs[0] = ii.Submission(agency=first.agency, group=first.group, name=first.name, values=values, parent=first.parent)
        with pytest.raises(ii.ScoringError) as caught:
            ii.score(ruleset, subs)
        problems = caught.value.problems
        assert len(problems) == 1
        assert problems[0].agency == first.agency
        assert problems[0].indicator == key
        assert "U+0000" in str(problems[0].message)


def _places(value: Decimal) -> int:
    """The decimal places *value* needs, trailing zeros left out (0 for zero)."""
    exponent = value.normalize(CONTEXT).as_tuple().exponent if value else 0
    assert isinstance(exponent, int)
    return max(0, -exponent)


class TestValueUnits:
    """A cohort's numbers are written as integers in units of 10^-K exactly: K is 18, or the most places a value carries."""

    @given(st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda v: -70 < v.as_tuple().exponent < 30))  # type: ignore[operator]
    def test_exact(self, value: Decimal) -> None:
        plan = plan_for(ii.load_ruleset(BENCH))
        row = [None] * len(plan.index)
        k = plan.numeric[0]
        row[k] = value  # type: ignore[call-overload]
        places, (written,) = unit_rows(plan, [tuple(row)])
        assert places == max(VALUE_PLACES, _places(value))
        assert Fraction(written[k]) / 10**places == Fraction(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("text", ["1E-19", "1E-18", "0E-19", "1.0000000000000000000", "0.123456789012345678", "-0.1234567890123456789", "1E+20"])
    def test_edges(self, text: str) -> None:
        """The places of a cohort are its longest value's, whatever the form of the others."""
        plan = plan_for(ii.load_ruleset(BENCH))
        k = plan.numeric[0]
        rows = []
        for v in (Decimal("1.5"), Decimal(text), None):
            row: list[object] = [None] * len(plan.index)
            row[k] = v
            rows.append(tuple(row))
        places, written = unit_rows(plan, rows)
        assert places == max(VALUE_PLACES, _places(Decimal(text)))
        assert [Fraction(r[k]) / 10**places if r[k] is not None else None for r in written] == [Fraction("1.5"), Fraction(Decimal(text)), None]  # type: ignore[arg-type]
