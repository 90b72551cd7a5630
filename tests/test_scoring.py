"""Tests for ``indicator_index.score``: the worked examples of docs/scoring.md and the engine's contract."""

from __future__ import annotations

import copy
import doctest
from decimal import Decimal
from pathlib import Path

import pytest

import indicator_index as ii


ROOT = Path(__file__).resolve().parents[1]
SCORING_DOC = ROOT / "docs" / "scoring.md"


def _example_submissions() -> tuple[ii.Submission, ...]:
    from indicator_index._data import read_submissions

    return read_submissions(ROOT / "samples" / "example-2024.json")


class TestWorkedExamples:
    """The examples in docs/scoring.md run as tests, with exact Decimal expectations."""

    def test_docs_scoring_examples_pass(self) -> None:
        """Every example in docs/scoring.md gives exactly the output shown."""
        result = doctest.testfile(
            str(SCORING_DOC),
            module_relative=False,
            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
            verbose=False,
            report=True,
        )
        assert result.failed == 0
        assert result.attempted >= 80

    def test_docs_cover_every_rule_kind(self) -> None:
        """The worked examples have a section for every rule kind of the engine."""
        from indicator_index._rules import RULE_KINDS

        text = SCORING_DOC.read_text(encoding="utf-8")
        missing = [kind for kind in RULE_KINDS if f"### `{kind}`" not in text]
        assert missing == []


def _edge_ruleset(mode: str = "half_up") -> ii.Ruleset:
    head = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert "79.995" in head
    text = f"""
schema_version = 1
id = "edges"
version = "1"
title = {{ en = "Edges" }}
scale = 100
rounding = {{ places = 2, mode = "{mode}" }}
legal_basis = {{ number = "-", issuer = "tests" }}
effective = {{ start = 2024-01-01 }}
bands = [
  {{ id = "good", label = {{ vi = "Tốt" }}, min = 80 }},
  {{ id = "fair", label = {{ vi = "Khá" }}, min = 65 }},
  {{ id = "average", label = {{ vi = "Trung bình" }}, min = 50 }},
  {{ id = "weak", label = {{ vi = "Yếu" }}, min = 0 }},
]
groups = [{{ id = "g", label = {{ en = "G" }} }}]
sections = [{{ id = "s", label = {{ en = "S" }} }}]
indicators = [{{ id = "a", label = {{ en = "A" }}, type = "ratio" }}]
[[criteria]]
id = "c"
section = "s"
label = {{ en = "C" }}
max_points = 100
rule = {{ kind = "proportional", indicator = "a" }}
provenance = {{ status = "decision", citation = "tests" }}
"""
    return ii.parse_ruleset(text, source="edges.toml")


class TestBandEdges:
    """Totals exactly on 50, 65 and 80 and one rounding step below each get the band their printed total shows."""

    @pytest.mark.parametrize(
        ("unrounded", "total", "band"),
        [
            ("80", "80.00", "good"),
            ("79.995", "80.00", "good"),
            ("79.99", "79.99", "fair"),
            ("79.9949999", "79.99", "fair"),
            ("65", "65.00", "fair"),
            ("64.995", "65.00", "fair"),
            ("64.99", "64.99", "average"),
            ("50", "50.00", "average"),
            ("49.995", "50.00", "average"),
            ("49.99", "49.99", "weak"),
            ("0", "0.00", "weak"),
            ("100", "100.00", "good"),
        ],
    )
    def test_band_agrees_with_printed_total(self, unrounded: str, total: str, band: str) -> None:
        """The band is decided on the rounded total, with inclusive lower bounds."""
        ruleset = _edge_ruleset()
        sub = ii.Submission(agency="x", group="g", values={"a": Decimal(unrounded) / 100})
        score = ii.score(ruleset, [sub]).score_for("x")
        assert (str(score.total), score.band) == (total, band)
        assert ruleset.band_for(score.total).id == score.band

    @pytest.mark.parametrize(("mode", "expected"), [("half_up", "80.00"), ("half_even", "80.00"), ("down", "79.99"), ("floor", "79.99"), ("up", "80.00")])
    def test_rounding_mode_is_the_rulesets(self, mode: str, expected: str) -> None:
        """79.995 is rounded by the declared mode, never by float round()."""
        sub = ii.Submission(agency="x", group="g", values={"a": Decimal("0.79995")})
        assert str(ii.score(_edge_ruleset(mode), [sub]).score_for("x").total) == expected

    def test_float_input_is_read_through_its_repr(self) -> None:
        """A float 0.8 is exactly 8/10, so the total is exactly 80 and the band Tốt."""
        sub = ii.Submission(agency="x", group="g", values={"a": 0.8})
        score = ii.score(_edge_ruleset(), [sub]).score_for("x")
        assert (score.total, score.band) == (Decimal("80.00"), "good")


class TestEngineContract:
    """Purity, determinism and all-at-once errors."""

    def test_inputs_are_not_mutated(self) -> None:
        """Scoring leaves the submissions exactly as they were."""
        ruleset = ii.load_ruleset("example-2024")
        subs = list(_example_submissions())
        before = copy.deepcopy(subs)
        ii.score(ruleset, subs)
        assert subs == before

    def test_same_inputs_same_output(self) -> None:
        """Two runs give equal assessments, and reversing the input order changes nothing."""
        ruleset = ii.load_ruleset("example-2024")
        subs = _example_submissions()
        first = ii.score(ruleset, subs)
        assert ii.score(ruleset, subs) == first
        assert ii.score(ruleset, tuple(reversed(subs))) == first

    def test_stamp(self) -> None:
        """The assessment carries ruleset id, version, digest and the library version."""
        from indicator_index._version import VERSION

        ruleset = ii.load_ruleset("example-2024")
        a = ii.score(ruleset, _example_submissions())
        assert (a.ruleset_id, a.ruleset_version, a.ruleset_digest, a.library_version) == ("example-2024", "1.0.0", ruleset.digest, VERSION)

    def test_all_problems_reported_at_once(self) -> None:
        """Every bad value in every submission is reported in one ScoringError."""
        ruleset = ii.load_ruleset("example-2024")
        subs = [
            ii.Submission(agency="a", group="department", values={"staff_computer_share": Decimal("1.3")}),
            ii.Submission(agency="b", group="department", values={"steering_meetings": -1, "special_network": "yes"}),
            ii.Submission(agency="b", group="department"),
            ii.Submission(agency="c", group="district"),
            ii.Submission(agency="d", group="department", values={"nonexistent": 1}),
        ]
        with pytest.raises(ii.ScoringError) as info:
            ii.score(ruleset, subs)
        assert str(info.value) == "\n".join(
            [
                "submissions do not fit ruleset 'example-2024': 6 problems",
                "  - agency 'a', indicator 'staff_computer_share': a ratio must be within [0, 1], got 1.3",
                "  - agency 'b', indicator 'steering_meetings': a count must not be negative, got -1",
                "  - agency 'b', indicator 'special_network': expected yes/no (true or false), got str 'yes'",
                "  - agency 'b': duplicate agency (submissions 1 and 2)",
                "  - agency 'c': unknown agency group 'district'; the ruleset has 'department', 'commune'",
                "  - agency 'd', indicator 'nonexistent': unknown indicator",
            ]
        )
        assert [(p.agency, p.indicator) for p in info.value.problems] == [
            ("a", "staff_computer_share"),
            ("b", "steering_meetings"),
            ("b", "special_network"),
            ("b", None),
            ("c", None),
            ("d", "nonexistent"),
        ]
        assert isinstance(info.value, ValueError)

    def test_missing_value_names_agency_and_indicator(self) -> None:
        """Under the default policy a missing value stops scoring and says whose and which."""
        ruleset = ii.load_ruleset("example-2024")
        subs = [s for s in _example_submissions() if s.agency != "so-tai-chinh"]
        values = dict(next(s for s in _example_submissions() if s.agency == "so-tai-chinh").values)
        del values["steering_meetings"]
        subs.append(ii.Submission(agency="so-tai-chinh", group="department", values=values))
        with pytest.raises(ii.ScoringError) as info:
            ii.score(ruleset, subs)
        (problem,) = info.value.problems
        assert (problem.agency, problem.indicator, problem.criterion) == ("so-tai-chinh", "steering_meetings", "2.1")
        assert str(problem) == "agency 'so-tai-chinh', criterion '2.1': no value for steering_meetings"

    def test_claim_on_criterion_that_cannot_be_claimed(self) -> None:
        """Only criteria marked excludable may be claimed outside an agency's function."""
        ruleset = ii.load_ruleset("example-2024")
        sub = ii.Submission(agency="a", group="department", claims={"1.1": "letter"})
        with pytest.raises(ii.ScoringError) as info:
            ii.score(ruleset, [sub])
        assert info.value.problems[0].message == "criterion '1.1' may not be claimed outside an agency's function"

    def test_nan_and_bool_refused(self) -> None:
        """NaN, infinity and booleans are never numbers."""
        ruleset = ii.load_ruleset("example-2024")
        subs = [
            ii.Submission(agency="a", group="department", values={"bandwidth_per_staff": float("nan")}),
            ii.Submission(agency="b", group="department", values={"bandwidth_per_staff": Decimal("Infinity")}),
            ii.Submission(agency="c", group="department", values={"bandwidth_per_staff": True}),
        ]
        with pytest.raises(ii.ScoringError) as info:
            ii.score(ruleset, subs)
        assert [p.message for p in info.value.problems] == [
            "expected a finite number, got nan",
            "expected a finite number, got Decimal('Infinity')",
            "expected a number, got True",
        ]

    def test_sample_ranking(self) -> None:
        """The bundled example ranks its agencies per group, each band agreeing with its total."""
        ruleset = ii.load_ruleset("example-2024")
        a = ii.score(ruleset, _example_submissions())
        for s in a.scores:
            assert s.total is not None
            assert ruleset.band_for(s.total).id == s.band
        assert [s.agency for s in a.in_group("department")] == ["so-noi-vu", "so-tai-chinh", "dai-phat-thanh"]
        assert [s.rank for s in a.in_group("commune")] == [1, 2, 3]

    def test_verification_overrides_agency_figure(self) -> None:
        """A verified figure takes precedence over the agency's own, and the trace says so."""
        ruleset = ii.load_ruleset("example-2024")
        a = ii.score(ruleset, _example_submissions())
        result = a.score_for("so-tai-chinh").criterion("3.1")
        assert [(i.indicator, i.value, i.source) for i in result.inputs] == [("online_dossier_share", Decimal("0.5"), "verification")]
