"""Tests for the ``indicator-index`` command line (``indicator_index._cli``)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import types
from pathlib import Path

import jsonschema
import pytest

from indicator_index._cli import main
from indicator_index._report import assessment_schema
from indicator_index._version import VERSION


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "example-2024.json"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; return (status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


@pytest.fixture
def bad_data(tmp_path) -> Path:
    """The sample with Sở Nội vụ's share of staff with a computer set to 1.3."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["agencies"][0]["values"]["staff_computer_share"] = 1.3
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def bad_ruleset(tmp_path) -> Path:
    """A ruleset file that is not valid TOML."""
    path = tmp_path / "broken.toml"
    path.write_text('schema_version = 1\nid = "broken\n', encoding="utf-8")
    return path


class TestValidate:
    """indicator-index validate RULESET..."""

    def test_bundled_and_path(self, capsys, root):
        """A bundled name and a path both validate, each on its own line."""
        status, out, err = run(capsys, "--lang", "en", "validate", "example-2024", str(root / "rulesets" / "example-2024.toml"))
        assert (status, err) == (0, "")
        lines = out.splitlines()
        assert len(lines) == 2
        assert lines[0].startswith("example-2024: valid — example-2024 1.0.0, 10 criteria, 2 bonuses, 2 penalties")

    def test_invalid_ruleset(self, capsys, bad_ruleset):
        """Invalid TOML exits 1 with the file and line on stderr."""
        status, out, err = run(capsys, "validate", str(bad_ruleset))
        assert (status, out) == (1, "")
        assert err.startswith(f"indicator-index: {bad_ruleset}:2")

    def test_one_bad_among_good(self, capsys, bad_ruleset):
        """Every ruleset is checked; one invalid makes the status 1."""
        status, out, err = run(capsys, "--lang", "en", "validate", "example-2024", str(bad_ruleset))
        assert status == 1
        assert out.startswith("example-2024: valid")
        assert err.count("indicator-index:") == 1

    def test_missing_ruleset(self, capsys):
        """An unknown name exits 1 and lists the bundled rulesets."""
        status, _, err = run(capsys, "--lang", "en", "validate", "no-such-ruleset")
        assert status == 1
        assert err.startswith("indicator-index: no-such-ruleset: no such file or bundled ruleset (bundled: ")

    def test_needs_a_ruleset(self, capsys):
        """Without a ruleset it is a usage error."""
        status, _, err = run(capsys, "--lang", "en", "validate")
        assert status == 2
        assert "the following arguments are required: RULESET" in err


class TestScore:
    """indicator-index score RULESET DATA."""

    def test_table_per_group(self, capsys):
        """The default output is the ranking per group."""
        status, out, err = run(capsys, "--lang", "en", "score", "example-2024", "example-2024")
        assert (status, err) == (0, "")
        lines = out.splitlines()
        assert lines[0] == f"Example IT application index 2024 — example-2024 1.0.0 (sha256 {lines[0][-13:-1]})"
        department = lines.index("## Departments (3)")
        assert [line.split()[0] for line in lines[department + 1 : department + 4]] == ["1", "2", "3"]
        assert "## Commune People's Committees (3)" in lines

    def test_lang_after_the_command(self, capsys):
        """--lang may also follow the command."""
        _, before, _ = run(capsys, "--lang", "en", "score", "example-2024", "example-2024")
        _, after, _ = run(capsys, "score", "example-2024", "example-2024", "--lang", "en")
        _, vietnamese, _ = run(capsys, "score", "example-2024", "example-2024")
        assert before == after
        assert "## Sở, ban, ngành (3)" in vietnamese

    def test_data_path(self, capsys):
        """Data may be a path as well as a bundled sample name."""
        _, by_name, _ = run(capsys, "score", "example-2024", "example-2024")
        _, by_path, _ = run(capsys, "score", "example-2024", str(SAMPLE))
        assert by_name == by_path

    def test_json_validates(self, capsys):
        """--format json prints the versioned document, valid against the schema."""
        status, out, _ = run(capsys, "score", "example-2024", "example-2024", "--format", "json")
        assert status == 0
        assert jsonschema.Draft202012Validator(assessment_schema()).is_valid(json.loads(out))

    def test_csv(self, capsys):
        """--format csv prints one row per agency."""
        status, out, _ = run(capsys, "score", "example-2024", "example-2024", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert (status, len(rows), rows[0]["agency"], rows[0]["total"]) == (0, 6, "so-noi-vu", "100.00")

    def test_markdown(self, capsys):
        """--format markdown prints a table per group."""
        status, out, _ = run(capsys, "--lang", "en", "score", "example-2024", "example-2024", "--format", "markdown")
        assert (status, out.count("| Rank | Agency | Total | Band |")) == (0, 2)

    def test_output_file_format_from_suffix(self, capsys, tmp_path):
        """--output report.html writes HTML and says so on stderr."""
        target = tmp_path / "report.html"
        status, out, err = run(capsys, "--lang", "en", "score", "example-2024", "example-2024", "--output", str(target))
        assert (status, out) == (0, "")
        assert err == f"indicator-index: wrote {target} (html, 6 agencies)\n"
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    def test_xlsx(self, capsys, tmp_path):
        """--format xlsx writes a workbook."""
        openpyxl = pytest.importorskip("openpyxl")
        target = tmp_path / "out.xlsx"
        status, _, _ = run(capsys, "score", "example-2024", "example-2024", "--format", "xlsx", "-o", str(target))
        assert status == 0
        assert openpyxl.load_workbook(target).active.max_row == 7

    def test_xlsx_needs_output(self, capsys):
        """A workbook cannot go to the terminal: usage error."""
        status, out, err = run(capsys, "--lang", "en", "score", "example-2024", "example-2024", "--format", "xlsx")
        assert (status, out) == (2, "")
        assert err == "indicator-index: --format xlsx writes a workbook: give --output FILE.xlsx\n"

    def test_output_in_missing_directory(self, capsys, tmp_path):
        """An output file that cannot be written is a usage error, not a traceback."""
        target = tmp_path / "missing" / "r.json"
        status, _, err = run(capsys, "--lang", "en", "score", "example-2024", "example-2024", "-o", str(target))
        assert status == 2
        assert err == f"indicator-index: cannot write {target}: No such file or directory\n"

    def test_invalid_value(self, capsys, bad_data):
        """A ratio of 1.3 exits 1 naming the agency and indicator; nothing is printed on stdout."""
        status, out, err = run(capsys, "score", "example-2024", str(bad_data))
        assert (status, out) == (1, "")
        assert "so-noi-vu" in err and "staff_computer_share" in err and "1.3" in err

    def test_not_json(self, capsys, tmp_path):
        """A data file that is not JSON exits 1."""
        path = tmp_path / "x.json"
        path.write_text("{nope", encoding="utf-8")
        status, _, err = run(capsys, "score", "example-2024", str(path))
        assert status == 1
        assert err.startswith(f"indicator-index: {path}:1:2")

    def test_missing_data(self, capsys):
        """An unknown data name exits 1."""
        status, _, err = run(capsys, "score", "example-2024", "no-such-data")
        assert status == 1
        assert err.startswith("indicator-index: no-such-data: ")

    def test_invalid_ruleset(self, capsys, bad_ruleset):
        """An invalid ruleset exits 1."""
        status, _, _ = run(capsys, "score", str(bad_ruleset), "example-2024")
        assert status == 1

    def test_unknown_format(self, capsys):
        """An unknown --format is a usage error."""
        status, _, err = run(capsys, "--lang", "en", "score", "example-2024", "example-2024", "--format", "pdf")
        assert status == 2
        assert "invalid choice: 'pdf'" in err


class TestExplain:
    """indicator-index explain RULESET DATA AGENCY."""

    def test_table(self, capsys):
        """The trace lists every criterion with its inputs and rule."""
        status, out, _ = run(capsys, "--lang", "en", "explain", "example-2024", "example-2024", "so-tai-chinh")
        assert status == 0
        assert "Sở Tài chính (so-tai-chinh) — Departments — Rank 2/3" in out
        for criterion in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "B1", "B2", "P1", "P2"):
            assert f"\n  {criterion:<6} " in out

    def test_by_name(self, capsys):
        """An agency may be named by its name, in any case."""
        _, by_id, _ = run(capsys, "explain", "example-2024", "example-2024", "so-tai-chinh")
        _, by_name, _ = run(capsys, "explain", "example-2024", "example-2024", "sở tài chính")
        assert by_id == by_name

    def test_json(self, capsys):
        """--format json prints the explanation document."""
        status, out, _ = run(capsys, "explain", "example-2024", "example-2024", "dai-phat-thanh", "--format", "json")
        doc = json.loads(out)
        assert (status, doc["format"], doc["agency"]["id"], doc["agency"]["total"]) == (
            0,
            "indicator-index/explanation",
            "dai-phat-thanh",
            "58.33",
        )

    def test_markdown_to_file(self, capsys, tmp_path):
        """--format markdown with --output writes the trace to a file."""
        target = tmp_path / "x.md"
        status, out, _ = run(capsys, "explain", "example-2024", "example-2024", "so-noi-vu", "--format", "markdown", "-o", str(target))
        assert (status, out) == (0, "")
        assert target.read_text(encoding="utf-8").startswith("# Sở Nội vụ\n")

    def test_unknown_agency(self, capsys):
        """An agency not in the data is a usage error with a suggestion."""
        status, out, err = run(capsys, "--lang", "en", "explain", "example-2024", "example-2024", "so-noi-v")
        assert (status, out) == (2, "")
        assert err.startswith("indicator-index: no agency 'so-noi-v' in example-2024 (did you mean 'so-noi-vu'?); agencies: so-noi-vu, ")

    def test_invalid_data(self, capsys, bad_data):
        """Invalid data exits 1."""
        status, _, _ = run(capsys, "explain", "example-2024", str(bad_data), "so-noi-vu")
        assert status == 1


class TestTemplate:
    """indicator-index template RULESET --group G."""

    def test_csv(self, capsys, tmp_path):
        """A CSV template for a group has a column per indicator it needs."""
        target = tmp_path / "t.csv"
        status, _, err = run(capsys, "--lang", "en", "template", "example-2024", "--group", "commune", "-o", str(target))
        assert status == 0
        assert err == f"indicator-index: wrote {target} (csv template for group 'commune')\n"
        header = next(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        assert header[:4] == ["id", "name", "group", "staff_computer_share"]
        assert "ewallet_household_share" in header and "claim:3.1" in header

    def test_xlsx(self, capsys, tmp_path):
        """An XLSX template is written where asked."""
        openpyxl = pytest.importorskip("openpyxl")
        target = tmp_path / "t.xlsx"
        status, _, _ = run(capsys, "template", "example-2024", "--group", "department", "--format", "xlsx", "-o", str(target))
        assert status == 0
        assert openpyxl.load_workbook(target).sheetnames

    def test_default_name(self, capsys, tmp_path, monkeypatch):
        """Without --output the template is named after the ruleset and group."""
        pytest.importorskip("openpyxl")
        monkeypatch.chdir(tmp_path)
        status, _, _ = run(capsys, "template", "example-2024", "--group", "department")
        assert status == 0
        assert (tmp_path / "example-2024-department.xlsx").is_file()

    def test_unknown_group(self, capsys, tmp_path):
        """An unknown group is a usage error listing the groups; nothing is written."""
        target = tmp_path / "t.csv"
        status, _, err = run(capsys, "--lang", "en", "template", "example-2024", "--group", "ward", "-o", str(target))
        assert status == 2
        assert err == "indicator-index: ruleset 'example-2024' has no agency group 'ward'; groups: department, commune\n"
        assert not target.exists()

    def test_needs_a_group(self, capsys):
        """--group is required."""
        status, _, err = run(capsys, "--lang", "en", "template", "example-2024")
        assert status == 2
        assert "the following arguments are required: --group/-g" in err

    def test_unwritable(self, capsys, tmp_path):
        """A template in a missing directory is a usage error."""
        status, _, err = run(capsys, "--lang", "en", "template", "example-2024", "--group", "commune", "-o", str(tmp_path / "no" / "t.csv"))
        assert status == 2
        assert err.startswith("indicator-index: cannot write ")


class TestSchema:
    """indicator-index schema RULESET --group G."""

    def test_prints_a_schema(self, capsys):
        """The submission schema of a group is printed as JSON."""
        status, out, _ = run(capsys, "schema", "example-2024", "--group", "commune")
        schema = json.loads(out)
        assert (status, schema["x-ruleset"]["group"]) == (0, "commune")
        jsonschema.Draft202012Validator.check_schema(schema)

    def test_unknown_group(self, capsys):
        """An unknown group is a usage error."""
        status, out, _ = run(capsys, "schema", "example-2024", "--group", "nope")
        assert (status, out) == (2, "")


class TestUsage:
    """Usage errors, help and version."""

    def test_no_command(self, capsys):
        """A command is required."""
        status, _, err = run(capsys, "--lang", "en")
        assert status == 2
        assert err.startswith("usage: indicator-index")

    def test_unknown_command(self, capsys):
        """An unknown command is a usage error."""
        status, _, err = run(capsys, "--lang", "en", "rank")
        assert status == 2
        assert "invalid choice: 'rank'" in err

    def test_unknown_language(self, capsys):
        """Only vi and en are languages."""
        status, _, _ = run(capsys, "--lang", "fr", "score", "example-2024", "example-2024")
        assert status == 2

    def test_version(self, capsys):
        """--version prints the version and exits 0."""
        status, out, _ = run(capsys, "--version")
        assert (status, out) == (0, f"indicator-index {VERSION}\n")

    def test_help(self, capsys):
        """--help lists the commands and exits 0."""
        status, out, _ = run(capsys, "--help")
        assert status == 0
        for command in ("validate", "score", "explain", "template"):
            assert command in out


class TestAnalysisCommands:
    """Commands added by indicator_index._cli_analysis are dispatched to it."""

    def _fake(self, monkeypatch, result: int | None, names: tuple[str, ...] = ("hello",)) -> list[str]:
        calls: list[str] = []
        module = types.ModuleType("indicator_index._cli_analysis")

        def add_commands(subparsers):
            for name in names:
                sub = subparsers.add_parser(name, help="say hello")
                sub.add_argument("name")

        def run_(args):
            calls.append(args.name)
            return result

        module.add_commands = add_commands
        module.run = run_
        monkeypatch.setitem(sys.modules, "indicator_index._cli_analysis", module)
        return calls

    def test_dispatch(self, capsys, monkeypatch):
        """A command the module added runs through its run(); its status is the exit status."""
        calls = self._fake(monkeypatch, 0)
        status, _, _ = run(capsys, "hello", "world")
        assert (status, calls) == (0, ["world"])

    def test_core_commands_still_work(self, capsys, monkeypatch):
        """The module's commands come in addition to the core ones."""
        self._fake(monkeypatch, 0)
        status, out, _ = run(capsys, "--lang", "en", "validate", "example-2024")
        assert status == 0 and out.startswith("example-2024: valid")

    def test_core_names_stay_core(self, capsys, monkeypatch):
        """A module that also registers 'score' neither breaks the parser nor takes the core command over."""
        calls = self._fake(monkeypatch, 0, names=("score", "hello"))
        status, out, _ = run(capsys, "--lang", "en", "score", "example-2024", "example-2024")
        assert (status, calls) == (0, [])
        assert "## Departments (3)" in out
        assert run(capsys, "hello", "x")[0] == 0 and calls == ["x"]

    def test_module_declines(self, capsys, monkeypatch):
        """When the module's run() returns None for its own command, the command line reports a usage error."""
        self._fake(monkeypatch, None)
        status, _, err = run(capsys, "--lang", "en", "hello", "world")
        assert status == 2
        assert err == "indicator-index: unknown command 'hello'\n"

    def test_absent_module(self, capsys, monkeypatch):
        """Without the module only the core commands exist."""
        monkeypatch.setitem(sys.modules, "indicator_index._cli_analysis", None)
        status, _, err = run(capsys, "--lang", "en", "hello", "world")
        assert status == 2
        assert "invalid choice: 'hello'" in err


class TestEndToEnd:
    """The installed command line, run as a separate process."""

    def _run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "indicator_index", *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    def test_score(self):
        """python -m indicator_index score prints the ranking per group and exits 0."""
        done = self._run("score", "example-2024", "example-2024")
        assert (done.returncode, done.stderr) == (0, "")
        assert "## Sở, ban, ngành (3)" in done.stdout and "## UBND xã (3)" in done.stdout

    def test_bad_input(self, bad_data):
        """Bad data exits 1 with a message and no traceback."""
        done = self._run("score", "example-2024", str(bad_data))
        assert done.returncode == 1
        assert done.stderr.startswith("indicator-index: ")
        assert "Traceback" not in done.stderr

    def test_usage_error(self):
        """A usage error exits 2 with no traceback."""
        done = self._run("score", "example-2024")
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
