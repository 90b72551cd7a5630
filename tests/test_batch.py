"""The batch path gives exactly the totals, bands, ranks and errors of the traced path."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_index import (
    Figure,
    Ruleset,
    ScoringError,
    Submission,
    load_ruleset,
    ruleset_from_dict,
    ruleset_to_dict,
    score,
)
from indicator_index._batch import BatchResult, BatchScorer, Cohort, score_totals
from indicator_index._data import read_submissions
from tests.strategies import rulesets, submissions


ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "bench-100.toml"
DANANG_RULESET = ROOT / "rulesets" / "danang-448-2022.toml"
DANANG_DATA = ROOT / "samples" / "danang-2021.json"

RATIOS = [Decimal(x) for x in ("0", "0.1", "0.25", "0.333", "0.5", "0.75", "0.9", "1")]
COUNTS = [Decimal(x) for x in (0, 0, 1, 2, 3, 4, 5, 8, 12, 30)]


def _value(indicator: Any, rng: random.Random) -> object:
    """A valid value for *indicator*, from small pools so that ties, zeros and extremes are common."""
    if indicator.type == "ratio":
        return rng.choice(RATIOS)
    if indicator.type == "count":
        return rng.choice(COUNTS)
    if indicator.type == "number":
        lo = indicator.min if indicator.min is not None else Decimal(0)
        hi = indicator.max if indicator.max is not None else lo + 100
        return rng.choice([lo, hi, (lo + hi) / 2, lo + (hi - lo) / 3, lo + (hi - lo) / 7])
    if indicator.type == "yes_no":
        return rng.random() < 0.6
    return rng.choice(indicator.option_ids)


def random_submissions(
    ruleset: Ruleset,
    seed: int,
    n: int,
    *,
    missing: float = 0.0,
    claim: float = 0.0,
    refused: float = 0.0,
    sources: float = 0.0,
) -> list[Submission]:
    """*n* submissions with random values: some missing, some claims (some without evidence), some with several sources."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    groups = [g.id for g in ruleset.groups]
    out = []
    for i in range(n):
        group = groups[i] if i < len(groups) else rng.choice(groups)
        values: dict[str, object] = {}
        for indicator in ruleset.indicators:
            if rng.random() < missing:
                continue
            if rng.random() < sources:
                values[indicator.id] = [Figure(value=_value(indicator, rng), source=s) for s in rng.sample(ruleset.sources, 2)]
            else:
                values[indicator.id] = _value(indicator, rng)
        claims = {c.id: ("" if rng.random() < refused else f"CV {i}/2024") for c in ruleset.criteria_for(group) if c.excludable and rng.random() < claim}
        out.append(Submission(agency=f"a{i:03}", group=group, name=f"Agency {i}", values=values, claims=claims))
    return out


def assert_same(ruleset: Ruleset, submissions: Iterable[Submission]) -> BatchResult | None:
    """Assert the batch path gives what the traced path gives: the same numbers, or the same error."""
    subs = list(submissions)
    try:
        expected = score(ruleset, subs)
    except ScoringError as exc:
        with pytest.raises(ScoringError) as caught:
            score_totals(ruleset, subs)
        assert (caught.value.title, caught.value.problems) == (exc.title, exc.problems)
        assert str(caught.value) == str(exc)
        return None
    result = score_totals(ruleset, subs)
    want = {s.agency: (None if s.total is None else str(s.total), s.band, s.rank) for s in expected.scores}
    got = {a: (None if t is None else str(t), b, r) for a, t, b, r in zip(result.agencies, result.totals, result.bands, result.ranks, strict=True)}
    assert got == want
    assert result.band_counts == expected.band_counts
    assert result.agencies == tuple(s.agency for s in subs)
    return result


def variant(ruleset: Ruleset, **changes: object) -> Ruleset:
    """*ruleset* with some top-level keys changed."""
    data = ruleset_to_dict(ruleset)
    data.update(changes)
    return ruleset_from_dict(data)


@pytest.fixture(scope="module")
def example() -> Ruleset:
    """The example ruleset."""
    return load_ruleset("example-2024")


@pytest.fixture(scope="module")
def bench() -> Ruleset:
    """The benchmark ruleset (~100 criteria of every kind)."""
    return load_ruleset(BENCH)


class TestSampleCity:
    """The sample data scores the same on both paths."""

    def test_example_sample(self, example: Ruleset) -> None:
        """Every agency of the example sample gets the traced total, band and rank."""
        result = assert_same(example, read_submissions("example-2024"))
        assert result is not None
        assert result.for_agency("dai-phat-thanh") == (Decimal("58.33"), "average", 3)

    def test_danang_sample(self) -> None:
        """The Da Nang 2021 sample scores the same on both paths under the 448 ruleset."""
        ruleset = load_ruleset(DANANG_RULESET)
        assert assert_same(ruleset, read_submissions(DANANG_DATA)) is not None

    def test_danang_generated(self) -> None:
        """Generated cohorts score the same on both paths under the 448 ruleset."""
        ruleset = load_ruleset(DANANG_RULESET)
        for seed in range(5):
            assert_same(ruleset, random_submissions(ruleset, seed, 40, missing=0.03, claim=0.2, refused=0.2, sources=0.1))


class TestGeneratedCohorts:
    """Random cohorts score the same on both paths, errors included."""

    @given(
        seed=st.integers(0, 2**32 - 1),
        n=st.integers(1, 25),
        missing=st.sampled_from([0.0, 0.02, 0.3]),
        claim=st.sampled_from([0.0, 0.2, 0.8]),
        refused=st.sampled_from([0.0, 0.5]),
    )
    def test_example(self, example: Ruleset, seed: int, n: int, missing: float, claim: float, refused: float) -> None:
        """Example ruleset (missing values are errors there, so errors must match too)."""
        assert_same(example, random_submissions(example, seed, n, missing=missing, claim=claim, refused=refused, sources=0.2))

    @given(
        seed=st.integers(0, 2**32 - 1),
        n=st.integers(1, 30),
        missing=st.sampled_from([0.0, 0.05, 0.5, 0.95]),
        claim=st.sampled_from([0.0, 0.1, 1.0]),
    )
    def test_bench(self, bench: Ruleset, seed: int, n: int, missing: float, claim: float) -> None:
        """Benchmark ruleset: every rule kind, group maxima, exclusions, "not applicable" ratios."""
        assert_same(bench, random_submissions(bench, seed, n, missing=missing, claim=claim, refused=0.3))

    @pytest.mark.parametrize("seed", range(3))
    def test_bench_large(self, bench: Ruleset, seed: int) -> None:
        """A 300-agency cohort with a few gaps and claims (mostly the fast path)."""
        assert_same(bench, random_submissions(bench, seed, 300, missing=0.005, claim=0.05))

    @given(
        seed=st.integers(0, 2**32 - 1),
        mode=st.sampled_from(["half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"]),
        places=st.integers(0, 3),
        each=st.booleans(),
    )
    def test_rounding(self, bench: Ruleset, seed: int, mode: str, places: int, each: bool) -> None:
        """Every rounding mode and precision, per criterion or on the total only."""
        ruleset = variant(bench, rounding={"places": places, "mode": mode, "each_criterion": each})
        assert_same(ruleset, random_submissions(bench, seed, 12, missing=0.05, claim=0.2))

    @given(seed=st.integers(0, 2**32 - 1), missing=st.sampled_from(["error", "zero", "exclude"]))
    def test_missing_policies(self, bench: Ruleset, seed: int, missing: str) -> None:
        """The ruleset-wide missing-data policy, with items that override it."""
        assert_same(variant(bench, missing=missing), random_submissions(bench, seed, 10, missing=0.1, claim=0.2))


class TestRandomRulesets:
    """Random valid rulesets (every rule kind, layout, rounding, policy) score the same on both paths."""

    @given(data=st.data())
    def test_any_ruleset(self, data: st.DataObject) -> None:
        """Any ruleset the shared strategies build, with any fitting submissions."""
        ruleset = data.draw(rulesets(max_criteria=8))
        assert_same(ruleset, data.draw(submissions(ruleset, max_size=8)))

    @given(data=st.data())
    def test_cohort_relative_kinds(self, data: st.DataObject) -> None:
        """Rulesets of cohort-relative rules, where the group's lowest and highest values matter."""
        ruleset = data.draw(rulesets(kinds=("relative", "min_max", "sum", "best_of"), max_criteria=5))
        assert_same(ruleset, data.draw(submissions(ruleset, min_size=2, max_size=10)))


class TestEdgeCases:
    """Cases the random cohorts reach rarely."""

    def test_not_scorable(self, example: Ruleset) -> None:
        """An agency with nothing applicable has no total, band or rank on both paths."""
        ruleset = variant(example, missing="exclude")
        subs = [*random_submissions(ruleset, 1, 4), Submission(agency="empty", group="commune")]
        result = assert_same(ruleset, subs)
        assert result is not None
        assert result.for_agency("empty") == (None, None, None)

    def test_relative_rule_nobody_reported(self, bench: Ruleset) -> None:
        """A cohort-relative criterion that no agency of a group reported is left out, not an error."""
        relative = {c.rule.indicator for c in bench.criteria if c.rule.kind in ("relative", "min_max")}
        subs = [attrs.evolve(s, values={k: v for k, v in s.values.items() if k not in relative}) for s in random_submissions(bench, 2, 9)]
        assert assert_same(variant(bench, missing="exclude"), subs) is not None

    def test_ties_share_rank(self, example: Ruleset) -> None:
        """Equal totals share the best rank, and the next rank skips (1, 1, 3)."""
        base = read_submissions("example-2024")[0]
        subs = [attrs.evolve(base, agency=f"copy{i}") for i in range(2)] + [read_submissions("example-2024")[1]]
        result = assert_same(example, subs)
        assert result is not None
        assert result.ranks == (1, 1, 3)

    def test_empty_cohort(self, example: Ruleset) -> None:
        """No submissions give an empty result."""
        result = score_totals(example, [])
        assert (result.agencies, result.totals, result.band_counts) == ((), (), score(example, []).band_counts)


class TestErrors:
    """Submissions that do not fit fail with the traced path's error."""

    def test_unknown_group_and_indicator(self, example: Ruleset) -> None:
        """Unknown groups, indicators, sources and bad values are all listed."""
        subs = [
            Submission(agency="x", group="nowhere"),
            Submission(agency="y", group="department", values={"nope": 1, "staff_computer_share": 2}),
            Submission(agency="z", group="department", values={"docs_total": Figure(value=3, source="rumour")}),
        ]
        assert assert_same(example, subs) is None

    def test_duplicates_and_non_submissions(self, example: Ruleset) -> None:
        """Duplicate agencies, empty ids and non-submissions are named by position."""
        good = read_submissions("example-2024")
        subs: list[Any] = [good[0], good[0], "not a submission", attrs.evolve(good[1], agency="  "), good[2]]
        assert assert_same(example, subs) is None

    def test_claims(self, example: Ruleset) -> None:
        """Claims on unknown or non-excludable criteria are refused as in the traced path."""
        sub = attrs.evolve(read_submissions("example-2024")[0], claims={"9.9": "CV 1", "1.1": "CV 2", "4.1": "CV 3"})
        assert assert_same(example, [sub]) is None

    def test_missing_under_error_policy(self, example: Ruleset) -> None:
        """Missing values under the error policy are reported for every agency, in submission order."""
        subs = read_submissions("example-2024")
        gappy = [attrs.evolve(s, values={k: v for k, v in s.values.items() if k not in ("steering_meetings", "docs_total")}) for s in subs]
        refused = attrs.evolve(gappy[0], claims={"3.1": ""}, values={k: v for k, v in gappy[0].values.items() if k != "online_dossier_share"})
        assert assert_same(example, [gappy[3], refused, *gappy[1:3]]) is None

    def test_not_iterable(self, example: Ruleset) -> None:
        """A non-iterable is refused with the traced path's message."""
        with pytest.raises(ScoringError) as batch:
            score_totals(example, 42)  # type: ignore[arg-type]
        with pytest.raises(ScoringError) as traced:
            score(example, 42)  # type: ignore[arg-type]
        assert batch.value.problems == traced.value.problems

    def test_cohort_of_another_ruleset(self, example: Ruleset, bench: Ruleset) -> None:
        """A cohort checked against one ruleset cannot be scored under another."""
        cohort = BatchScorer(example).cohort(read_submissions("example-2024"))
        with pytest.raises(ScoringError, match="checked against ruleset 'example-2024'"):
            BatchScorer(bench).totals(cohort)

    def test_not_a_ruleset(self) -> None:
        """A BatchScorer needs a Ruleset."""
        with pytest.raises(TypeError, match="expected a Ruleset, got dict"):
            BatchScorer({})  # type: ignore[arg-type]

    def test_unknown_agency_in_result(self, example: Ruleset) -> None:
        """Asking a result for an agency it does not hold raises KeyError."""
        result = score_totals(example, read_submissions("example-2024"))
        with pytest.raises(KeyError, match="no agency 'nobody'"):
            result.for_agency("nobody")


class TestCompileOnce:
    """The ruleset is compiled when the scorer is built, never while scoring."""

    def test_scoring_never_recompiles_or_revalidates(self, example: Ruleset, monkeypatch: pytest.MonkeyPatch) -> None:
        """Once the scorer exists, scoring, varying and scenarios neither compile nor validate a ruleset."""
        scorer = BatchScorer(example)
        cohort = scorer.cohort(read_submissions("example-2024"))
        expected = scorer.totals(cohort)

        def forbidden(*args: object) -> None:
            raise AssertionError("the ruleset was compiled or validated again")

        monkeypatch.setattr("indicator_index._plan._compile", forbidden)
        monkeypatch.setattr("indicator_index._model._compile", forbidden)
        monkeypatch.setattr("indicator_index._model._check", forbidden)
        assert scorer.totals(cohort) == expected
        assert list(scorer.scenarios(cohort, [{}, {}])) == [expected, expected]


class TestCohort:
    """A cohort is checked once and scored many times."""

    def test_reuse(self, example: Ruleset) -> None:
        """Scoring a cohort twice, or through score_totals with the scorer, gives the same result."""
        scorer = BatchScorer(example)
        cohort = scorer.cohort(read_submissions("example-2024"))
        assert scorer.totals(cohort) == score_totals(scorer, cohort) == scorer.totals(read_submissions("example-2024"))
        assert len(cohort) == 6
        assert cohort.groups[:3] == ("department",) * 3

    def test_streams_a_generator(self, bench: Ruleset) -> None:
        """Submissions may come from a generator, read once."""
        subs = random_submissions(bench, 5, 20)
        scorer = BatchScorer(bench)
        assert scorer.totals(scorer.cohort(s for s in subs)) == scorer.totals(subs)


def _changed(sub: Submission, changes: dict[str, object]) -> Submission:
    """*sub* with indicator values replaced (``None``: removed), as a traced-path submission."""
    values: dict[str, object] = dict(sub.values)
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return attrs.evolve(sub, values=values)


class TestWhatIf:
    """Variants of a cohort score like the changed submissions would."""

    def test_vary_matches_traced(self, example: Ruleset) -> None:
        """A changed value, a removed value and a value from a better source all match the traced path."""
        subs = read_submissions("example-2024")
        changes = {"so-noi-vu": {"steering_meetings": 1, "initiatives": None}, "xa-hoa-bac": {"online_dossier_share": Decimal("0.95")}}
        scorer = BatchScorer(example)
        cohort = scorer.cohort(subs)
        varied = scorer.totals(scorer.vary(cohort, changes))
        expected = assert_same(example, [_changed(s, changes.get(s.agency, {})) for s in subs])
        assert varied == expected
        assert varied.for_agency("so-noi-vu") != scorer.totals(cohort).for_agency("so-noi-vu")

    def test_vary_leaves_the_cohort(self, example: Ruleset) -> None:
        """The original cohort is unchanged by a variant."""
        scorer = BatchScorer(example)
        cohort = scorer.cohort(read_submissions("example-2024"))
        before = scorer.totals(cohort)
        scorer.vary(cohort, {"so-noi-vu": {"staff_computer_share": 0}})
        assert scorer.totals(cohort) == before

    def test_vary_removing_a_required_value(self, example: Ruleset) -> None:
        """Removing a value the error policy requires fails as the traced path does."""
        subs = read_submissions("example-2024")
        scorer = BatchScorer(example)
        with pytest.raises(ScoringError) as batch:
            scorer.totals(scorer.vary(scorer.cohort(subs), {"xa-hoa-bac": {"docs_total": None}}))
        with pytest.raises(ScoringError) as traced:
            score(example, [_changed(s, {"docs_total": None}) if s.agency == "xa-hoa-bac" else s for s in subs])
        assert batch.value.problems == traced.value.problems

    def test_vary_errors(self, example: Ruleset) -> None:
        """Unknown agencies and indicators and bad values are all listed."""
        scorer = BatchScorer(example)
        cohort = scorer.cohort(read_submissions("example-2024"))
        with pytest.raises(ScoringError) as caught:
            scorer.vary(cohort, {"nobody": {"docs_total": 1}, "so-noi-vu": {"docs_totl": 1, "staff_computer_share": Decimal(2), "special_network": "yes"}})
        assert [str(p) for p in caught.value.problems] == [
            "agency 'nobody': unknown agency",
            "agency 'so-noi-vu', indicator 'docs_totl': unknown indicator (did you mean 'docs_total'?)",
            "agency 'so-noi-vu', indicator 'staff_computer_share': a ratio must be within [0, 1], got 2",
            "agency 'so-noi-vu', indicator 'special_network': expected yes/no (true or false), got str 'yes'",
        ]
        assert caught.value.title == "changes do not fit ruleset 'example-2024'"

    def test_vary_needs_a_cohort(self, example: Ruleset) -> None:
        """Varying something that is not a cohort is refused."""
        with pytest.raises(ScoringError, match="expected a Cohort, got list"):
            BatchScorer(example).vary([], {})  # type: ignore[arg-type]

    def test_scenarios(self, bench: Ruleset) -> None:
        """Each scenario applies its changes to the base cohort and scores like the changed submissions."""
        scorer = BatchScorer(bench)
        subs = random_submissions(bench, 7, 30)
        cohort = scorer.cohort(subs)
        rng = random.Random(3)  # noqa: S311 - test data, not secrets
        ratios = [i.id for i in bench.indicators if i.type == "ratio"]
        variants = [{rng.choice(cohort.agencies): {rng.choice(ratios): rng.choice(RATIOS)} for _ in range(3)} for _ in range(6)]
        results = list(scorer.scenarios(cohort, iter(variants)))
        assert len(results) == 6
        for changes, result in zip(variants, results, strict=True):
            assert result == assert_same(bench, [_changed(s, changes.get(s.agency, {})) for s in subs])

    def test_scenarios_are_lazy(self, example: Ruleset) -> None:
        """An endless stream of scenarios is scored one at a time, as it is consumed."""
        scorer = BatchScorer(example)
        cohort = scorer.cohort(read_submissions("example-2024"))
        endless = ({"xa-hoa-bac": {"steering_meetings": n % 5}} for n in itertools.count())
        first = list(itertools.islice(scorer.scenarios(cohort, endless), 5))
        assert [r.for_agency("xa-hoa-bac") for r in first] == [
            scorer.totals(scorer.vary(cohort, {"xa-hoa-bac": {"steering_meetings": n}})).for_agency("xa-hoa-bac") for n in range(5)
        ]

    def test_cohort_type(self, example: Ruleset) -> None:
        """A cohort is a Cohort stamped with its ruleset."""
        cohort = BatchScorer(example).cohort(read_submissions("example-2024"))
        assert isinstance(cohort, Cohort)
        assert (cohort.ruleset_id, cohort.ruleset_digest) == ("example-2024", example.digest)


def _long(value: object, rng: random.Random) -> object:
    """*value* with up to 40 significant digits, as a data file may hold: ratios and numbers only."""
    if isinstance(value, Decimal) and value != value.to_integral_value() and "." in str(value):
        # Keep to the 40 significant digits an input may have: cut the value's own digits, then add random ones.
        short = value.quantize(Decimal("1e-8"))
        room = 40 - len(short.as_tuple().digits) - 1
        digits = "".join(rng.choice("0123456789") for _ in range(room))
        return Decimal(f"{short}{digits}1")
    return value


class TestLongInputs:
    """
    Values with many decimal places (up to 40 significant digits): proportional and per-item points
    then carry more than 30 places, and are settled like quotients; the batch path settles them too,
    and skips that only for cohorts whose values are short enough for it to change nothing.
    """

    @pytest.mark.parametrize("seed", range(4))
    def test_long_values_match_traced(self, bench: Ruleset, seed: int) -> None:
        """A cohort with long values scores the same on both paths."""
        rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        subs = random_submissions(bench, seed, 40, missing=0.02, claim=0.1)
        subs = [attrs.evolve(s, values={k: _long(v[0].value, rng) for k, v in s.values.items()}) for s in subs]
        scorer = BatchScorer(bench)
        cohort = scorer.cohort(subs)
        assert cohort._places > 18
        assert assert_same(bench, subs) == scorer.totals(cohort)

    def test_places_follow_the_values(self, bench: Ruleset) -> None:
        """Values with at most 18 places are written in units of 10^-18; one longer value in a what-if writes the variant with its places."""
        subs = random_submissions(bench, 1, 20)
        scorer = BatchScorer(bench)
        cohort = scorer.cohort(subs)
        longest = max(-v.as_tuple().exponent for row in cohort._rows for v in row if isinstance(v, Decimal))
        assert cohort._places == max(18, longest)
        column = next(c.rule.indicator for c in bench.criteria if c.rule.kind == "proportional")
        long_value = Decimal("0.1") + Decimal(1).scaleb(-cohort._places - 1)  # one place more than the cohort's
        varied = scorer.vary(cohort, {subs[0].agency: {column: long_value}})
        assert varied._places == cohort._places + 1
        assert scorer.vary(cohort, {subs[0].agency: {column: Decimal("0.123456789012345678")}})._places == cohort._places
        changed = [_changed(s, {column: long_value}) if s.agency == subs[0].agency else s for s in subs]
        assert scorer.totals(varied) == assert_same(bench, changed)


class TestOrderWithLongInputs:
    """The traced path's sums do not depend on the order of the criteria, even with 40-digit values."""

    def test_permuted_criteria(self) -> None:
        """Six proportional criteria of one section, in many orders, give the same earned points and total."""
        import itertools

        from indicator_index import AgencyGroup as Group
        from indicator_index import Band, Criterion, Indicator, Label, LegalBasis, Period, Proportional, Provenance, Rounding, Section

        maxima = ["10.01", "20.02", "30.03", "9.99", "19.97", "9.98"]
        indicators = tuple(Indicator(id=f"i{k}", label=Label(en="i"), type="ratio") for k in range(6))
        prov = Provenance(status="decision", citation="x")
        criteria = [
            Criterion(id=f"c{k}", section="s", label=Label(en="c"), max_points=Decimal(m), rule=Proportional(indicator=f"i{k}"), provenance=prov)
            for k, m in enumerate(maxima)
        ]

        def ruleset(order: tuple[Criterion, ...]) -> Ruleset:
            return Ruleset(
                schema_version=1,
                id="t",
                version="1",
                title=Label(en="t"),
                legal_basis=LegalBasis(number="1", issuer="x"),
                effective=Period(start=__import__("datetime").date(2024, 1, 1)),
                scale=Decimal(100),
                rounding=Rounding(places=10, mode="half_up"),
                bands=(Band(id="a", label=Label(en="a"), min=Decimal(0)),),
                groups=(Group(id="g", label=Label(en="g")),),
                sections=(Section(id="s", label=Label(en="s")),),
                indicators=indicators,
                criteria=order,
            )

        rng = random.Random(1)  # noqa: S311 - test data, not secrets
        for _ in range(20):
            values = {f"i{k}": Decimal("0." + "".join(rng.choice("0123456789") for _ in range(39)) + "7") for k in range(6)}
            sub = Submission(agency="x", group="g", values=values)
            seen = {
                (s.earned, s.base, s.unrounded, s.total)
                for order in itertools.islice(itertools.permutations(criteria), 0, 720, 37)
                for s in score(ruleset(order), [sub]).scores
            }
            assert len(seen) == 1
