"""Tests for ruleset test cases (``indicator_index._cases``), and every shipped ``rulesets/*.cases.toml`` run as tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import indicator_index as ii
from indicator_index._cases import (
    CaseFailure,
    Expectation,
    cases_from_dict,
    cases_path,
    load_cases,
    run_case,
    run_cases,
)
from indicator_index.errors import DataError


ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"
CASE_FILES = sorted(RULESETS.glob("*.cases.toml"))
SHIPPED = sorted(p for p in RULESETS.glob("*.toml") if not p.name.endswith(".cases.toml"))


def _collected() -> list[object]:
    """One pytest parameter per case of every shipped case file."""
    params = []
    for path in CASE_FILES:
        for case in load_cases(path).cases:
            params.append(pytest.param(path, case.id, id=f"{path.name[: -len('.cases.toml')]}::{case.id}"))
    return params


AGENCY = {
    "id": "d1",
    "group": "department",
    "values": {
        "staff_computer_share": Decimal("0.5"),
        "bandwidth_per_staff": 3,
        "steering_meetings": 4,
        "docs_signed": 10,
        "docs_total": 40,
        "units_connected_share": 0,
        "wan_applications": 5,
        "online_dossier_share": Decimal("0.3"),
        "special_network": False,
        "it_officer_degree": "none",
    },
}
"""A department alone in its group; hand-computed in rulesets/example-2024.cases.toml (alone-in-group): 59.25."""


def _suite(expect: dict[str, object], **extra: object) -> dict[str, object]:
    case: dict[str, object] = {"id": "pinned", "agencies": [AGENCY], "expect": {"d1": expect}, **extra}
    return {"schema_version": 1, "ruleset": "example-2024", "cases": [case]}


class TestShippedCases:
    """Every case of every ``rulesets/*.cases.toml`` passes against its ruleset."""

    def test_case_files_found(self) -> None:
        """The glob finds the case files (guards against an empty parametrisation)."""
        assert [p.name for p in CASE_FILES] != []

    def test_every_shipped_ruleset_has_cases(self) -> None:
        """Each shipped ruleset comes with a case file beside it."""
        missing = [p.name for p in SHIPPED if not p.with_name(p.stem + ".cases.toml").is_file()]
        assert missing == []

    @pytest.mark.parametrize(("path", "case_id"), _collected())
    def test_case(self, path: Path, case_id: str) -> None:
        """The case's expected figures are the ones the ruleset computes."""
        suite = load_cases(path)
        ruleset = ii.load_ruleset(path.with_name(path.name.replace(".cases.toml", ".toml")))
        assert suite.ruleset == ruleset.id
        failures = run_case(ruleset, suite.case(case_id))
        assert [f.message for f in failures] == []


class TestRunCases:
    """Tests for ``run_cases`` and ``run_case``: every differing figure is reported by case, agency and figure."""

    def test_passing_suite(self) -> None:
        """A suite whose expectations hold reports every case passed."""
        rs = ii.load_ruleset("example-2024")
        suite = cases_from_dict(_suite({"total": Decimal("59.25"), "band": "average", "rank": 1, "points": {"2.2": Decimal("3.75")}}))
        report = run_cases(rs, suite)
        assert (report.cases, report.passed, report.failures, report.ok) == (1, 1, (), True)

    def test_wrong_expectation_names_case_and_figure(self) -> None:
        """A deliberately wrong total and criterion points fail with messages naming the case, agency and figure."""
        rs = ii.load_ruleset("example-2024")
        suite = cases_from_dict(_suite({"total": 60, "points": {"2.1": 15, "2.2": Decimal("3.75")}}))
        report = run_cases(rs, suite)
        assert (report.passed, report.ok) == (0, False)
        assert report.failures == (
            CaseFailure(
                case="pinned", agency="d1", figure="total", expected="60", actual="59.25", message="case 'pinned', agency 'd1': total expected 60, got 59.25"
            ),
            CaseFailure(
                case="pinned",
                agency="d1",
                figure="points.2.1",
                expected="15",
                actual="20",
                message="case 'pinned', agency 'd1': criterion '2.1' points expected 15, got 20",
            ),
        )

    def test_wrong_band_rank_status_and_sections(self) -> None:
        """Band, rank, criterion status and section points are compared too."""
        rs = ii.load_ruleset("example-2024")
        suite = cases_from_dict(_suite({"band": "good", "rank": 2, "points": {"3.1": "excluded"}, "sections": {"services": 5}}))
        messages = [f.message for f in run_cases(rs, suite).failures]
        assert messages == [
            "case 'pinned', agency 'd1': band expected good, got average",
            "case 'pinned', agency 'd1': rank expected 2, got 1",
            "case 'pinned', agency 'd1': criterion '3.1' status expected excluded, got scored",
            "case 'pinned', agency 'd1': section 'services' points expected 5, got 10",
        ]

    def test_points_compared_at_the_ruleset_places(self) -> None:
        """Points are rounded as the ruleset rounds before comparing: 13.5 written as 13.50 passes, 13 fails."""
        rs = ii.load_ruleset("example-2024")
        agency = {**AGENCY, "values": {**AGENCY["values"], "staff_computer_share": Decimal("0.9")}}  # type: ignore[dict-item]
        ok = cases_from_dict({"cases": [{"id": "p", "agencies": [agency], "expect": {"d1": {"points": {"1.1": Decimal("13.50")}}}}]})
        assert run_cases(rs, ok).ok
        wrong = cases_from_dict({"cases": [{"id": "p", "agencies": [agency], "expect": {"d1": {"points": {"1.1": 13}}}}]})
        assert [f.message for f in run_cases(rs, wrong).failures] == ["case 'p', agency 'd1': criterion '1.1' points expected 13, got 13.5"]

    def test_expected_error(self) -> None:
        """A case may expect the data to be refused; it fails when the data is accepted, naming the case."""
        rs = ii.load_ruleset("example-2024")
        bad = {**AGENCY, "values": {**AGENCY["values"], "staff_computer_share": Decimal("1.5")}}  # type: ignore[dict-item]
        refused = cases_from_dict({"cases": [{"id": "bad", "agencies": [bad], "error": "a ratio must be within [0, 1]"}]})
        assert run_cases(rs, refused).ok
        accepted = cases_from_dict({"cases": [{"id": "fine", "agencies": [AGENCY], "error": "a ratio must be within [0, 1]"}]})
        assert [f.message for f in run_cases(rs, accepted).failures] == [
            "case 'fine': scoring expected an error containing 'a ratio must be within [0, 1]', got a score",
        ]

    def test_unexpected_data_error(self) -> None:
        """Data the ruleset refuses fails the case with the reason."""
        rs = ii.load_ruleset("example-2024")
        bad = {**AGENCY, "values": {**AGENCY["values"], "steering_meetings": Decimal("2.5")}}  # type: ignore[dict-item]
        failures = run_case(rs, cases_from_dict({"cases": [{"id": "bad", "agencies": [bad], "expect": {"d1": {"total": 1}}}]}).cases[0])
        assert [(f.case, f.figure) for f in failures] == [("bad", "data")]
        assert "a count must be a whole number" in failures[0].message

    def test_missing_agency(self) -> None:
        """An expectation for an agency not in the cohort fails by name."""
        rs = ii.load_ruleset("example-2024")
        suite = cases_from_dict({"cases": [{"id": "c", "agencies": [AGENCY], "expect": {"d2": {"total": 1}}}]})
        assert [f.message for f in run_cases(rs, suite).failures] == ["case 'c': agency 'd2' expected in the cohort, got none"]

    def test_wrong_ruleset(self) -> None:
        """A suite for another ruleset fails as a whole."""
        rs = ii.load_ruleset("example-2024")
        suite = cases_from_dict({"ruleset": "danang-448-2022", "cases": [{"id": "c", "agencies": [AGENCY], "expect": {"d1": {"total": 1}}}]})
        report = run_cases(rs, suite)
        assert [f.message for f in report.failures] == ["the cases are for ruleset 'danang-448-2022', got ruleset 'example-2024'"]


class TestLoading:
    """Tests for reading case files."""

    def test_cases_path_beside_the_ruleset(self) -> None:
        """A ruleset's case file is <stem>.cases.toml beside it, for a bundled name or a path."""
        assert cases_path("example-2024").name == "example-2024.cases.toml"
        assert cases_path(RULESETS / "danang-448-2022.toml") == RULESETS / "danang-448-2022.cases.toml"

    def test_case_lines_and_expectations(self) -> None:
        """Each case knows its line; expectations are exact decimals."""
        suite = load_cases(RULESETS / "example-2024.cases.toml")
        case = suite.case("sample-city")
        text = (RULESETS / "example-2024.cases.toml").read_text(encoding="utf-8").splitlines()
        assert case.line is not None
        assert text[case.line - 1] == 'id = "sample-city"'
        first = case.expect[0]
        assert first == Expectation(
            agency="so-noi-vu",
            total=Decimal(100),
            band="good",
            rank=1,
            bonus=Decimal(4),
            penalty=Decimal(0),
            points={"1.2": Decimal(15), "2.2": Decimal("14.25"), "2.3": Decimal(10), "3.1": Decimal(10)},
        )

    def test_invalid_case_file(self) -> None:
        """Every problem of a malformed case file is reported at once."""
        with pytest.raises(DataError) as info:
            cases_from_dict(
                {
                    "schema_version": 2,
                    "extra": 1,
                    "cases": [
                        {"id": "a", "data": "x", "agencies": [], "expect": {"d": {"total": "high", "colour": 1}}},
                        {"id": "a"},
                    ],
                },
                source="bad.cases.toml",
            )
        assert [p.message for p in info.value.problems] == [
            "unknown key 'extra'; a case file takes schema_version, ruleset, cases",
            "schema_version must be 1, got 2",
            "a case needs exactly one of 'data' (a data file) and 'agencies' (inline)",
            "expected a number, got str 'high'",
            "unknown key 'colour'; an expectation takes total, band, rank, cohort, status, bonus, penalty, points, sections",
            "duplicate case id 'a'",
            "a case needs exactly one of 'data' (a data file) and 'agencies' (inline)",
            "a case needs expectations ([cases.expect.<agency>]), an expected 'order' or an expected 'error'",
        ]

    def test_unreadable_file(self, tmp_path: Path) -> None:
        """A missing file or invalid TOML is a DataError naming the file."""
        with pytest.raises(DataError, match="cannot read the case file"):
            load_cases(tmp_path / "none.cases.toml")
        bad = tmp_path / "bad.cases.toml"
        bad.write_text("cases = [", encoding="utf-8")
        with pytest.raises(DataError, match="invalid TOML"):
            load_cases(bad)

    def test_data_relative_to_the_case_file(self, tmp_path: Path) -> None:
        """A case's data file is found relative to the case file."""
        (tmp_path / "cohort.json").write_text(
            '{"agencies": [{"id": "d1", "group": "department", "values": {"staff_computer_share": 0.5, '
            '"bandwidth_per_staff": 3, "steering_meetings": 4, "docs_signed": 10, "docs_total": 40, '
            '"units_connected_share": 0, "wan_applications": 5, "online_dossier_share": 0.3, '
            '"special_network": false, "it_officer_degree": "none"}}]}',
            encoding="utf-8",
        )
        path = tmp_path / "x.cases.toml"
        path.write_text('[[cases]]\nid = "file"\ndata = "cohort.json"\n[cases.expect.d1]\ntotal = 59.25\n', encoding="utf-8")
        assert run_cases(ii.load_ruleset("example-2024"), load_cases(path)).ok
