"""Tests for the analysis commands of the command line (``indicator_index._cli_analysis``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from indicator_index import _cli_analysis
from indicator_index._cli import main


ROOT = Path(__file__).resolve().parents[1]
AMENDMENT = str(ROOT / "tests" / "data" / "amendment" / "example-2024-amended.toml")
MAPPING = str(ROOT / "tests" / "data" / "mapping" / "danang-448-2022-to-2386-2025.toml")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _parser() -> argparse.ArgumentParser:
    """A bare parser with only the analysis commands, as ``_cli`` builds it."""
    parser = argparse.ArgumentParser(prog="indicator-index")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    commands = parser.add_subparsers(dest="command", required=True)
    _cli_analysis.add_commands(commands)
    return parser


class TestRegistration:
    """Tests for ``add_commands`` and ``run``."""

    def test_commands_registered(self) -> None:
        """Every analysis command is added to the subparsers."""
        parser = _parser()
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert set(action.choices) == set(_cli_analysis.COMMANDS)

    def test_other_commands_are_not_ours(self) -> None:
        """``run`` returns None for a command it did not add."""
        assert _cli_analysis.run(argparse.Namespace(command="score")) is None

    def test_run_through_argparse(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The module runs without the main command line: parse, then run."""
        args = _parser().parse_args(["--lang", "en", "diff", "example-2024", "example-2024"])
        assert _cli_analysis.run(args) == 0
        assert capsys.readouterr().out == "example-2024 1.0.0 → example-2024 1.0.0\nno changes\n"

    def test_lang_after_the_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--lang`` may follow the command."""
        status, out, _ = _run(capsys, "diff", "example-2024", AMENDMENT, "--lang", "vi")
        assert status == 0
        assert "Tiêu chí:" in out


class TestExplainGap:
    """Tests for ``indicator-index explain-gap``."""

    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table shows each shortfall with the values that earn more, then the plan and its effect."""
        status, out, _ = _run(capsys, "--lang", "en", "explain-gap", "example-2024", "example-2024", "dai-phat-thanh")
        assert status == 0
        assert "Đài Phát thanh - Truyền hình (dai-phat-thanh) — Departments — rank 3/3 — total 58.33 (Average)" in out
        assert "  2.1    Steering committee meetings: missed 10 of 20 points: «Steering committee meetings» = 2 → 10 points\n" in out
        assert "         full marks with (20): «Steering committee meetings» 2 → 4\n" in out
        assert "         next step with (15): «Steering committee meetings» 2 → 3\n" in out
        assert "  3.1    Dossiers filed online: not counted: outside the agency's function" in out
        assert "    «Steering committee meetings»: 2 → 3\n" in out
        assert "  new total 65.00 (Fair), rank 3\n" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON carries ids and exact decimals as strings, without trailing zeros."""
        status, out, _ = _run(capsys, "explain-gap", "example-2024", "example-2024", "so-tai-chinh", "--format", "json")
        assert status == 0
        doc = json.loads(out)
        assert (doc["format"], doc["format_version"], doc["agency"]) == ("indicator-index/explain-gap", 1, "so-tai-chinh")
        assert doc["gap"]["status"] == "reachable"
        assert (doc["gap"]["target_band"], doc["gap"]["new_total"]) == ("good", "80")
        tier = next(s for s in doc["shortfalls"] if s["item"] == "2.1")
        assert tier["full"]["changes"] == [{"indicator": "steering_meetings", "current": "3", "value": "4"}]

    def test_markdown_in_vietnamese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Markdown, in Vietnamese with decimal commas."""
        status, out, _ = _run(capsys, "explain-gap", "example-2024", "example-2024", "Xã Hòa Bắc", "--format", "markdown", "--part", "why-not")
        assert status == 0
        assert out.startswith("# Xã Hòa Bắc (xa-hoa-bac) — UBND xã — hạng 3/3 — tổng điểm 25,75 (Yếu)\n")
        assert "## Vì sao chưa đạt điểm tối đa" in out
        assert "| 2.2 | Văn bản ký số | 3,75 | 15 | 11,25 |" in out
        assert "Khoảng cách" not in out

    def test_top_band(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An agency in the top band is told so."""
        status, out, _ = _run(capsys, "--lang", "en", "explain-gap", "example-2024", "example-2024", "so-noi-vu", "--part", "gap")
        assert status == 0
        assert out.endswith("Gap to the next band:\n  already in the top band (Good)\n")

    def test_unknown_agency_or_band(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An agency or band that is not there is a usage error (2)."""
        status, _, err = _run(capsys, "--lang", "en", "explain-gap", "example-2024", "example-2024", "nobody")
        assert (status, err.startswith("indicator-index: no agency 'nobody' in the data")) == (2, True)
        status, _, err = _run(capsys, "--lang", "en", "explain-gap", "example-2024", "example-2024", "so-tai-chinh", "--band", "gold")
        assert (status, err) == (2, "indicator-index: ruleset 'example-2024' has no band 'gold'; bands: good, fair, average, weak\n")


class TestDiff:
    """Tests for ``indicator-index diff``."""

    def test_amendment_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Changes are grouped by collection and marked + - ~."""
        status, out, _ = _run(capsys, "--lang", "en", "diff", "example-2024", AMENDMENT)
        assert status == 0
        assert "Penalty items:\n  - penalty item P1 removed (Late reports; 3 points: 1 point per late_reports, at most 3)\n" in out
        assert "  + band excellent added (Excellent; from 95)\n" in out
        assert "  ~ version: 1.0.0 → 1.1.0\n" in out

    def test_json_and_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON says whether the diff is empty; Markdown has a heading per collection."""
        _, out, _ = _run(capsys, "diff", "example-2024", "example-2024", "--format", "json")
        assert json.loads(out)["empty"] is True
        _, out, _ = _run(capsys, "--lang", "en", "diff", "danang-448-2022", "danang-2386-2025", "--format", "markdown", "--mapping", MAPPING)
        assert "## Sections\n" in out
        assert "- `>` section human_resources renamed workforce" in out
        assert "- `-` agency group district removed (District People's Committees)" in out

    def test_output_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """``--output FILE`` writes the report to FILE and says so on stderr."""
        target = tmp_path / "diff.md"
        status, out, err = _run(capsys, "--lang", "en", "diff", "example-2024", AMENDMENT, "--format", "markdown", "-o", str(target))
        assert (status, out, err) == (0, "", f"indicator-index: wrote {target}\n")
        assert target.read_text(encoding="utf-8").startswith("# example-2024 1.0.0 → example-2024-amended 1.1.0\n")

    def test_invalid_ruleset(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A ruleset that cannot be loaded is an invalid-input error (1)."""
        status, _, err = _run(capsys, "--lang", "en", "diff", "example-2024", "no-such-ruleset")
        assert status == 1
        assert "no such file or bundled ruleset" in err


class TestImpact:
    """Tests for ``indicator-index impact``."""

    def test_448_against_2386(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Per group: who changes band or rank; districts are left out, with a note."""
        status, out, _ = _run(capsys, "--lang", "en", "impact", "danang-448-2022", "danang-2386-2025", "danang-2021", "--mapping", MAPPING)
        assert status == 0
        assert "District People's Committees → left out:\n  7 agencies: up 0, down 0, same 0, rank changed 0, left out 7\n" in out
        assert "Notes:\n  - group 'district' has no counterpart in ruleset 'danang-2386-2025': its agencies are left out\n" in out

    def test_json(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """JSON rows carry totals, bands and ranks before and after."""
        mapping = tmp_path / "m.toml"
        mapping.write_text('missing = "exclude"\n', encoding="utf-8")
        status, out, _ = _run(capsys, "impact", "example-2024", AMENDMENT, "example-2024", "--mapping", str(mapping), "--format", "json")
        assert status == 0
        doc = json.loads(out)
        row = next(r for r in doc["agencies"] if r["agency"] == "so-tai-chinh")
        assert (row["total_before"], row["total_after"], row["total_change"], row["band_change"]) == ("69", "70.53", "1.53", "same")

    def test_missing_values_without_policy(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Data lacking a value the second ruleset needs, with no mapping policy, is an error (1) naming it."""
        status, _, err = _run(capsys, "--lang", "en", "impact", "example-2024", AMENDMENT, "example-2024")
        assert status == 1
        assert "no value for open_data_share" in err


class TestTest:
    """Tests for ``indicator-index test``."""

    def test_shipped_cases_pass(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example's cases pass: exit 0."""
        status, out, _ = _run(capsys, "--lang", "en", "test", "example-2024")
        assert status == 0
        assert out.endswith("example-2024.cases.toml: 6 cases, 6 passed, 0 failed\n")

    def test_wrong_expectation_fails(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A deliberately wrong figure fails: exit 1, and the message names the case and the figure."""
        cases = tmp_path / "wrong.cases.toml"
        cases.write_text(
            'ruleset = "example-2024"\n[[cases]]\nid = "sample"\ndata = "example-2024"\n[cases.expect.so-tai-chinh]\ntotal = 70\npoints = { "2.1" = 15 }\n',
            encoding="utf-8",
        )
        status, out, _ = _run(capsys, "--lang", "en", "test", "example-2024", str(cases))
        assert status == 1
        assert out.endswith(": 1 cases, 0 passed, 1 failed\n  FAIL case 'sample', agency 'so-tai-chinh': total expected 70, got 69\n")

    def test_json_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON report says ok and counts the cases."""
        _, out, _ = _run(capsys, "test", "danang-448-2022", "--format", "json")
        doc = json.loads(out)
        assert (doc["ok"], doc["report"]["cases"], doc["report"]["failures"]) == (True, 2, [])

    def test_no_case_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A ruleset without a case file is a usage error (2)."""
        status, _, err = _run(capsys, "--lang", "en", "test", "example-2024", str(tmp_path / "none.cases.toml"))
        assert status == 2
        assert "no case file" in err


class TestRobustness:
    """Tests for ``indicator-index robustness``."""

    def test_no_variation_is_the_plain_ranking(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--vary 0 --no-drop``: one scenario, every rank range is the rank itself."""
        status, out, _ = _run(capsys, "robustness", "example-2024", "example-2024", "--vary", "0", "--no-drop", "--format", "json")
        assert status == 0
        doc = json.loads(out)["robustness"]
        assert (doc["scenarios"], doc["flips"]) == (1, [])
        assert {(a["rank"], a["best"], a["worst"]) for a in doc["agencies"]} == {(1, 1, 1), (2, 2, 2), (3, 3, 3)}

    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table lists each group's agencies with their ranges, then the pairs that can flip."""
        status, out, _ = _run(capsys, "--lang", "en", "robustness", "example-2024", "example-2024", "--vary", "20", "--draws", "10", "--seed", "3")
        assert status == 0
        assert out.startswith("example-2024 1.0.0\n±20%, seed 3, 38 scenarios\n\nDepartments:\n")
        assert "  Pairs whose order can flip:\n    no pair changes order\n" in out

    def test_bad_percentage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A variation outside [0, 100] is a usage error."""
        status, _, err = _run(capsys, "--lang", "en", "robustness", "example-2024", "example-2024", "--vary", "150")
        assert status == 2
        assert "expected a percentage within [0, 100], got '150'" in err
