"""
Hostile inputs, the writing and ruleset side (issue #13).

- Every writer goes through one helper (``_atomic.replace_file``): a failure
  midway — a serialiser that raises, a full disk, a failed rename, a character
  UTF-8 cannot hold — leaves an existing output byte for byte as it was, and no
  temporary file behind. Checked for every entry point: ``write_report`` in
  each format, ``to_xlsx``, ``write_template``, and every command's ``--output``.
- Problem reports list at most ``errors.MAX_SHOWN`` problems and count the rest,
  in ``str()``, on the command line and in error documents; ``.problems`` stays
  complete, and each problem still carries its own line.
- A chain of amendments has a depth limit; ``parse_ruleset`` without a base
  folder follows ``extends`` only to bundled rulesets, without touching the file
  system; a bare name cannot be shadowed by a file.

The portal example's request checks are tested in ``tests/test_doc_snippets.py``;
the full messages are in the error catalogue (A13, A14, C50, L20, L21).
"""

from __future__ import annotations

import errno
import io
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import attrs
import pytest

import indicator_index as ii
from indicator_index import _atomic, _report
from indicator_index._cli import main
from indicator_index._loading import MAX_CHAIN
from indicator_index.errors import MAX_SHOWN, Problem, RulesetValidationError, ScoringError


ROOT = Path(__file__).resolve().parents[1]
MINIMAL = (ROOT / "tests" / "data" / "valid" / "minimal.toml").read_text(encoding="utf-8")
AMENDMENT = str(ROOT / "tests" / "data" / "amendment" / "example-2024-amended.toml")
EARLIER = b"an earlier report: \xe1\xbb\x9f\r\nkept byte for byte\n"


# --- Faults ------------------------------------------------------------------------


class _HalfWriter:
    """A file whose first write puts half its bytes on disk and then fails, as a disk that fills up."""

    def __init__(self, inner: BinaryIO) -> None:
        self._inner = inner

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self._inner.write(data[: len(data) // 2])
        self._inner.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()


def _half_written(patch: pytest.MonkeyPatch) -> str:
    """Every file opened for binary writing through a descriptor fails halfway through its first write."""
    real = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real(fd, mode, *args, **kwargs)
        return _HalfWriter(handle) if mode == "wb" else handle

    patch.setattr(os, "fdopen", fdopen)
    return os.strerror(errno.ENOSPC)


def _fsync_fails(patch: pytest.MonkeyPatch) -> str:
    """The data is written but cannot be flushed to the disk."""

    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    patch.setattr(os, "fsync", fsync)
    return os.strerror(errno.EIO)


def _rename_fails(patch: pytest.MonkeyPatch) -> str:
    """The finished file cannot be renamed into place."""

    def replace(src: object, dst: object) -> None:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    patch.setattr(os, "replace", replace)
    return os.strerror(errno.EACCES)


FAULTS: dict[str, Callable[[pytest.MonkeyPatch], str]] = {"half written": _half_written, "fsync fails": _fsync_fails, "rename fails": _rename_fails}


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _assert_untouched(folder: Path, before: dict[str, bytes]) -> None:
    """The folder holds exactly the files it held, byte for byte: the earlier output is intact and no temporary file is left."""
    assert _listing(folder) == before


@pytest.fixture(scope="module")
def assessment() -> ii.Assessment:
    ruleset = ii.load_ruleset("example-2024")
    return ii.score(ruleset, ii.read_submissions("example-2024", ruleset))


def _with_surrogate(assessment: ii.Assessment) -> ii.Assessment:
    """The assessment with a lone surrogate in the first agency's name (the readers refuse one; this one slipped through)."""
    first = assessment.scores[0]
    return attrs.evolve(assessment, scores=(attrs.evolve(first, name=first.name + "\udcff"), *assessment.scores[1:]))


# --- The helper ----------------------------------------------------------------------


class TestReplaceFile:
    """``_atomic.replace_file``: all or nothing."""

    def test_replaces_and_keeps_the_permissions(self, tmp_path: Path) -> None:
        """An existing file gets the new bytes and keeps its permission bits; nothing else is left in the folder."""
        target = tmp_path / "out.json"
        target.write_bytes(EARLIER)
        target.chmod(0o640)
        assert _atomic.replace_file(target, b"new") == target
        assert target.read_bytes() == b"new"
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert [p.name for p in tmp_path.iterdir()] == ["out.json"]

    def test_a_new_file_gets_the_umask_permissions(self, tmp_path: Path) -> None:
        """A new file is created as open() would create it (0o666 less the umask), not private like a temporary file."""
        mask = os.umask(0o022)
        try:
            _atomic.replace_file(tmp_path / "new.csv", lambda out: out.write(b"a,b\n"))
        finally:
            os.umask(mask)
        assert (tmp_path / "new.csv").read_bytes() == b"a,b\n"
        assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644

    @pytest.mark.parametrize("error", [ValueError("serialiser broke"), KeyboardInterrupt()], ids=["error", "interrupt"])
    def test_a_writer_that_fails_halfway(self, tmp_path: Path, error: BaseException) -> None:
        """A serialiser that has written half its output and then raises (or is interrupted) changes nothing."""
        target = tmp_path / "report.xlsx"
        target.write_bytes(EARLIER)

        def write(out: BinaryIO) -> None:
            out.write(b"PK\x03\x04 half a workbook")
            raise error

        with pytest.raises(type(error)):
            _atomic.replace_file(target, write)
        _assert_untouched(tmp_path, {"report.xlsx": EARLIER})

    @pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
    def test_faults_of_the_file_system(self, tmp_path: Path, fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """A full disk, a failed flush, a failed rename: OSError, the earlier file intact, no temporary file."""
        target = tmp_path / "out.txt"
        target.write_bytes(EARLIER)
        strerror = FAULTS[fault](monkeypatch)
        with pytest.raises(OSError, match=strerror):
            _atomic.replace_file(target, b"x" * 100_000)
        monkeypatch.undo()
        _assert_untouched(tmp_path, {"out.txt": EARLIER})

    def test_a_symbolic_link_is_followed(self, tmp_path: Path) -> None:
        """Writing to a link replaces the file it points to; the link stays a link."""
        real = tmp_path / "real.md"
        real.write_bytes(EARLIER)
        link = tmp_path / "link.md"
        link.symlink_to(real)
        _atomic.replace_file(link, b"new")
        assert link.is_symlink() and real.read_bytes() == b"new"

    def test_a_device_is_written_in_place(self) -> None:
        """/dev/null cannot be replaced by a rename; it is written to and stays a device."""
        _atomic.replace_file(os.devnull, b"discarded")
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)

    def test_a_directory_is_not_replaced(self, tmp_path: Path) -> None:
        """A folder as the target is an OSError, and the folder is unchanged."""
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / "inside.txt").write_bytes(EARLIER)
        with pytest.raises(OSError):
            _atomic.replace_file(tmp_path / "out", b"x")
        assert _listing(tmp_path / "out") == {"inside.txt": EARLIER}
        assert [p.name for p in tmp_path.iterdir()] == ["out"]


# --- Every library writer ----------------------------------------------------------------

FORMATS = {"table": "out.txt", "json": "out.json", "csv": "out.csv", "markdown": "out.md", "html": "out.html", "xlsx": "out.xlsx"}


class TestLibraryWriters:
    """``write_report`` (each format), ``to_xlsx`` and ``write_template`` (CSV and XLSX) leave an earlier file intact on failure."""

    @pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
    @pytest.mark.parametrize("fmt", FORMATS, ids=list(FORMATS))
    def test_write_report(self, assessment: ii.Assessment, tmp_path: Path, fmt: str, fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """write_report in every format, failing midway."""
        target = tmp_path / FORMATS[fmt]
        target.write_bytes(EARLIER)
        strerror = FAULTS[fault](monkeypatch)
        with pytest.raises(OSError, match=strerror):
            ii.write_report(assessment, target, fmt)
        monkeypatch.undo()
        _assert_untouched(tmp_path, {target.name: EARLIER})
        ii.write_report(assessment, target, fmt)  # and without the fault it is written
        assert target.read_bytes() != EARLIER

    @pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "xlsx"])
    def test_write_report_writes_the_rendered_text(self, assessment: ii.Assessment, tmp_path: Path, fmt: str) -> None:
        """What lands in the file is the rendered report, encoded (CSV with a byte-order mark for Excel)."""
        target = tmp_path / FORMATS[fmt]
        ii.write_report(assessment, target, fmt)
        text = ii.render_report(assessment, fmt)
        assert target.read_bytes() == (b"\xef\xbb\xbf" if fmt == "csv" else b"") + text.encode("utf-8")

    @pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "xlsx"])
    def test_write_report_with_a_lone_surrogate(self, assessment: ii.Assessment, tmp_path: Path, fmt: str) -> None:
        """A text report that UTF-8 cannot hold fails before any file is touched (once, the file was left empty)."""
        target = tmp_path / FORMATS[fmt]
        target.write_bytes(EARLIER)
        with pytest.raises(UnicodeEncodeError):
            ii.write_report(_with_surrogate(assessment), target, fmt)
        _assert_untouched(tmp_path, {target.name: EARLIER})

    @pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
    def test_to_xlsx(self, assessment: ii.Assessment, tmp_path: Path, fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """to_xlsx to a path, failing midway."""
        target = tmp_path / "book.xlsx"
        target.write_bytes(EARLIER)
        strerror = FAULTS[fault](monkeypatch)
        with pytest.raises(OSError, match=strerror):
            ii.to_xlsx(assessment, target)
        monkeypatch.undo()
        _assert_untouched(tmp_path, {"book.xlsx": EARLIER})

    def test_to_xlsx_serialiser_fails(self, assessment: ii.Assessment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """openpyxl raising after writing part of the workbook changes nothing."""
        from openpyxl.workbook.workbook import Workbook

        def save(self: Workbook, filename: BinaryIO) -> None:
            filename.write(b"PK\x03\x04 part of a workbook")
            raise TypeError("cannot serialise this cell")

        target = tmp_path / "book.xlsx"
        target.write_bytes(EARLIER)
        monkeypatch.setattr(Workbook, "save", save)
        with pytest.raises(TypeError):
            ii.to_xlsx(assessment, target)
        _assert_untouched(tmp_path, {"book.xlsx": EARLIER})

    def test_to_xlsx_to_a_stream(self, assessment: ii.Assessment) -> None:
        """A binary stream is still written directly."""
        out = io.BytesIO()
        ii.to_xlsx(assessment, out)
        assert out.getvalue().startswith(b"PK")

    @pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
    @pytest.mark.parametrize("name", ["template.csv", "template.xlsx"])
    def test_write_template(self, tmp_path: Path, name: str, fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """write_template in both formats, failing midway."""
        ruleset = ii.load_ruleset("example-2024")
        target = tmp_path / name
        target.write_bytes(EARLIER)
        strerror = FAULTS[fault](monkeypatch)
        with pytest.raises(OSError, match=strerror):
            ii.write_template(ruleset, target, group="department")
        monkeypatch.undo()
        _assert_untouched(tmp_path, {name: EARLIER})
        ii.write_template(ruleset, target, group="department")
        assert target.read_bytes() != EARLIER


# --- Every command's output --------------------------------------------------------------

COMMANDS: dict[str, tuple[str, ...]] = {
    "score table": ("score", "example-2024", "example-2024", "--format", "table", "-o", "{out}"),
    "score json": ("score", "example-2024", "example-2024", "-o", "{out}.json"),
    "score csv": ("score", "example-2024", "example-2024", "-o", "{out}.csv"),
    "score markdown": ("score", "example-2024", "example-2024", "-o", "{out}.md"),
    "score html": ("score", "example-2024", "example-2024", "-o", "{out}.html"),
    "score xlsx": ("score", "example-2024", "example-2024", "-o", "{out}.xlsx"),
    "explain": ("explain", "example-2024", "example-2024", "so-noi-vu", "-o", "{out}.json"),
    "template xlsx": ("template", "example-2024", "--group", "department", "-o", "{out}.xlsx"),
    "template csv": ("template", "example-2024", "--group", "department", "-o", "{out}.csv"),
    "schema": ("schema", "example-2024", "--group", "department", "-o", "{out}.json"),
    "explain-gap": ("explain-gap", "example-2024", "example-2024", "so-noi-vu", "-o", "{out}"),
    "diff": ("diff", "example-2024", AMENDMENT, "--format", "json", "-o", "{out}"),
    "impact": ("impact", "example-2024", AMENDMENT, "example-2024", "--mapping", "{mapping}", "-o", "{out}"),
    "test": ("test", "example-2024", "-o", "{out}"),
    "robustness": ("robustness", "example-2024", "example-2024", "--draws", "3", "-o", "{out}"),
    "compare": ("compare", "example-2024", "example-2024", "example-2024", "example-2024", "-o", "{out}"),
    "list": ("list", "--format", "json", "-o", "{out}"),
}


def _argv(command: str, out: Path, mapping: Path) -> list[str]:
    return [a.format(out=out, mapping=mapping) for a in COMMANDS[command]]


class TestCommandOutputs:
    """Every command that writes ``--output``: a failure is exit status 2 with one line on stderr, and the earlier file is intact."""

    @pytest.fixture
    def mapping(self, tmp_path_factory: pytest.TempPathFactory) -> Path:
        path = tmp_path_factory.mktemp("mapping") / "m.toml"
        path.write_text('missing = "exclude"\n', encoding="utf-8")
        return path

    @pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
    @pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
    def test_failure_leaves_the_earlier_file(
        self, command: str, fault: str, tmp_path: Path, mapping: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The command fails midway; the earlier output is byte for byte as it was."""
        argv = _argv(command, tmp_path / "out", mapping)
        target = Path(argv[-1])
        target.write_bytes(EARLIER)
        strerror = FAULTS[fault](monkeypatch)
        status = main(["--lang", "en", *argv])
        monkeypatch.undo()
        out, err = capsys.readouterr()
        assert (status, out, err) == (2, "", f"indicator-index: cannot write {target}: {strerror}\n")
        _assert_untouched(tmp_path, {target.name: EARLIER})

    @pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
    def test_success_replaces_and_keeps_the_permissions(self, command: str, tmp_path: Path, mapping: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a fault the output replaces the earlier file, with the earlier file's permission bits and no temporary file left."""
        argv = _argv(command, tmp_path / "out", mapping)
        target = Path(argv[-1])
        target.write_bytes(EARLIER)
        target.chmod(0o604)
        assert main(argv) == 0, capsys.readouterr().err
        assert target.read_bytes() != EARLIER
        assert stat.S_IMODE(target.stat().st_mode) == 0o604
        assert [p.name for p in tmp_path.iterdir()] == [target.name]

    @pytest.mark.parametrize("suffix", [".json", ".md", ".csv"])
    def test_a_lone_surrogate_that_slips_through(
        self, suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A report holding a lone surrogate: exit 2, a message naming the character, no traceback, the earlier file intact."""
        rendered = _report.render_report
        monkeypatch.setattr(_report, "render_report", lambda *a, **k: rendered(*a, **k) + "\udcff")
        target = tmp_path / f"out{suffix}"
        target.write_bytes(EARLIER)
        status = main(["--lang", "en", "score", "example-2024", "example-2024", "-o", str(target)])
        out, err = capsys.readouterr()
        assert (status, out) == (2, "")
        assert err == f"indicator-index: cannot write {target}: the output contains '\\udcff', which UTF-8 cannot encode; nothing was written\n"
        _assert_untouched(tmp_path, {target.name: EARLIER})

    def test_explain_output_with_a_lone_surrogate(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """The same through explain's writer (the one the command line shares with schema)."""
        monkeypatch.setattr(_report, "explain_markdown", lambda *a, **k: "# S\udcff\n")
        target = tmp_path / "trace.md"
        target.write_bytes(EARLIER)
        status = main(["--lang", "en", "explain", "example-2024", "example-2024", "so-noi-vu", "-o", str(target)])
        assert (status, capsys.readouterr().err) == (
            2,
            f"indicator-index: cannot write {target}: the output contains '\\udcff', which UTF-8 cannot encode; nothing was written\n",
        )
        _assert_untouched(tmp_path, {"trace.md": EARLIER})

    def test_analysis_output_with_a_lone_surrogate(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """The same through the analysis commands' writer."""
        from indicator_index import _cli_analysis

        monkeypatch.setattr(_cli_analysis, "render_test", lambda *a, **k: "S\udcff\n")
        target = tmp_path / "cases.txt"
        target.write_bytes(EARLIER)
        status = main(["--lang", "en", "test", "example-2024", "-o", str(target)])
        assert (status, capsys.readouterr().err) == (
            2,
            f"indicator-index: cannot write {target}: the output contains '\\udcff', which UTF-8 cannot encode; nothing was written\n",
        )
        _assert_untouched(tmp_path, {"cases.txt": EARLIER})

    def test_a_lone_surrogate_on_stdout(self, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """Printed rather than written, a lone surrogate is shown escaped instead of ending in a traceback."""
        rendered = _report.render_report
        monkeypatch.setattr(_report, "render_report", lambda *a, **k: rendered(*a, **k) + "S\udcff\n")
        assert main(["score", "example-2024", "example-2024"]) == 0
        out, err = capsysbinary.readouterr()
        assert out.endswith(b"S\\udcff\n") and err == b""


# --- Problem reports -------------------------------------------------------------------


def _many(count: int) -> str:
    """The minimal ruleset with *count* extra criteria, each with max_points of the wrong type."""
    extra = "".join(
        f'\n[[criteria]]\nid = "x{i}"\nsection = "main"\nlabel = {{ en = "X" }}\nmax_points = "{i}"\n'
        'rule = { kind = "yes_no", indicator = "has_plan" }\nprovenance = { status = "decision", citation = "A" }\n'
        for i in range(count)
    )
    return MINIMAL + extra


class TestProblemReports:
    """At most MAX_SHOWN problems are printed, the rest counted; ``.problems`` is complete and each problem has its own line."""

    def test_the_cap(self) -> None:
        assert MAX_SHOWN == 200

    @pytest.mark.parametrize(("count", "tail"), [(199, None), (200, None), (201, "  … and 1 more"), (12_345, "  … and 12,145 more")])
    def test_str_lists_the_first_and_counts_the_rest(self, count: int, tail: str | None) -> None:
        problems = [Problem(message=f"problem {i}", file="f.toml", line=i + 1) for i in range(count)]
        error = RulesetValidationError(problems, title="f.toml: ruleset is invalid")
        lines = str(error).split("\n")
        assert lines[0] == f"f.toml: ruleset is invalid: {count:,} problems"
        assert lines[1 : 1 + min(count, 200)] == [f"  - f.toml:{i + 1}: problem {i}" for i in range(min(count, 200))]
        assert lines[1 + min(count, 200) :] == ([tail] if tail else [])
        assert error.problems == tuple(problems)

    def test_error_document(self) -> None:
        """error_to_dict lists the first 200 and counts the rest in its message; the document still fits its schema."""
        import jsonschema

        problems = [Problem(message=f"problem {i}", agency=f"a{i}") for i in range(250)]
        document = ii.error_to_dict(ScoringError(problems, title="submissions do not fit ruleset 'x'"), lang="en")
        assert document["error"]["message"] == "submissions do not fit ruleset 'x': 250 problems (200 listed, and 50 more)"
        assert [p["agency"] for p in document["error"]["problems"]] == [f"a{i}" for i in range(200)]
        schema = json.loads((ROOT / "src" / "indicator_index" / "schemas" / "error.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(document, schema)
        few = ii.error_to_dict(ScoringError(problems[:3], title="t"), lang="en")
        assert (few["error"]["message"], len(few["error"]["problems"])) == ("t", 3)

    def test_every_problem_keeps_its_own_line(self) -> None:
        """With a thousand problems, each one is still at the line of its own max_points."""
        text = _many(1000)
        with pytest.raises(RulesetValidationError) as info:
            ii.parse_ruleset(text, source="many.toml")
        lines = text.splitlines()
        expected = {f"x{i}": lines.index(f'max_points = "{i}"') + 1 for i in range(1000)}
        assert len(info.value.problems) == 1000
        assert {p.criterion: p.line for p in info.value.problems} == expected

    def test_lines_in_an_amendment_are_found_by_id(self, tmp_path: Path) -> None:
        """In a merged amendment (where positions shift) each problem is found by its item's id, at its own line."""
        (tmp_path / "minimal.toml").write_text(MINIMAL, encoding="utf-8")
        body = _many(300).removeprefix(MINIMAL)
        text = 'schema_version = 1\nextends = "minimal.toml"\nid = "a"\nversion = "2"\n\n[remove]\ncriteria = ["c1"]\n' + body
        (tmp_path / "a.toml").write_text(text, encoding="utf-8")
        with pytest.raises(RulesetValidationError) as info:
            ii.load_ruleset(tmp_path / "a.toml")
        lines = text.splitlines()
        found = {p.criterion: p.line for p in info.value.problems if p.criterion and p.criterion.startswith("x")}
        assert found == {f"x{i}": lines.index(f'max_points = "{i}"') + 1 for i in range(300)}

    def test_command_line_prints_the_first_200(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """validate prints 200 problems and the count of the rest."""
        (tmp_path / "many.toml").write_text(_many(1000), encoding="utf-8")
        assert main(["--lang", "en", "validate", str(tmp_path / "many.toml")]) == 1
        err = capsys.readouterr().err.splitlines()
        assert err[0] == f"indicator-index: {tmp_path / 'many.toml'}: ruleset is invalid: 1,000 problems"
        assert sum(1 for line in err if line.startswith("  - ")) == 200
        assert err[-1] == "  … and 800 more"


# --- Amendment chains and name resolution ------------------------------------------------


def _chain(folder: Path, length: int) -> Path:
    """*length* amendment files, a0 extending a1 ... the last extending minimal.toml; the path of a0."""
    (folder / "minimal.toml").write_text(MINIMAL, encoding="utf-8")
    for i in range(length):
        base = f"a{i + 1}.toml" if i + 1 < length else "minimal.toml"
        (folder / f"a{i}.toml").write_text(f'schema_version = 1\nextends = "{base}"\nid = "a{i}"\nversion = "2"\n', encoding="utf-8")
    return folder / "a0.toml"


class TestAmendmentChains:
    def test_the_longest_chain_loads(self, tmp_path: Path) -> None:
        """MAX_CHAIN rulesets in all (MAX_CHAIN - 1 amendments on the base) load."""
        assert MAX_CHAIN == 16
        assert ii.load_ruleset(_chain(tmp_path, MAX_CHAIN - 1)).id == "a0"

    def test_one_more_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(RulesetValidationError) as info:
            ii.load_ruleset(_chain(tmp_path, MAX_CHAIN))
        assert [(Path(p.file or "").name, p.line, p.path) for p in info.value.problems] == [(f"a{MAX_CHAIN - 1}.toml", 2, "$.extends")]

    def test_a_thousand_amendments(self, tmp_path: Path) -> None:
        """The chain of the issue: a clear error, not a RecursionError."""
        with pytest.raises(RulesetValidationError, match="extends makes a chain of more than 16 rulesets"):
            ii.load_ruleset(_chain(tmp_path, 1000))


UPLOAD = 'schema_version = 1\nextends = "{}"\nid = "u"\nversion = "2"\n'


class TestNameResolution:
    """Bare names are bundled rulesets; a text without base_dir extends only bundled rulesets, without looking at files."""

    @pytest.fixture
    def no_files(self, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        """Record every path looked at outside the library's own folders (where the bundled rulesets are)."""
        library = (str(ROOT / "src"), str(ROOT / "rulesets"), str(Path(ii.__file__).parent))
        seen: list[str] = []
        for name in ("is_file", "is_dir", "exists", "stat", "read_bytes", "open"):
            original = getattr(Path, name)

            def spy(self: Path, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
                if not str(self).startswith(library):
                    seen.append(str(self))
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(Path, name, spy)
        return seen

    @pytest.mark.parametrize("name", ["mini.toml", "secret", "../secret.toml", "/etc/passwd", "sub/mini.toml", "a" * 300, "nul\x00.toml"])
    def test_upload_cannot_extend_a_file(self, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_files: list[str]) -> None:
        """The same refusal whether or not the file exists, and no file is looked at."""
        monkeypatch.chdir(tmp_path)
        messages = []
        for exists in (False, True):
            if exists and "\x00" not in name and len(name) < 200 and not name.startswith("/"):
                (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / name).write_text(MINIMAL, encoding="utf-8")
            no_files.clear()  # what the test wrote
            with pytest.raises(RulesetValidationError) as info:
                ii.parse_ruleset(UPLOAD.format(name.replace("\x00", "\\u0000")), source="upload.toml")
            assert no_files == []
            messages.append(str(info.value))
        assert messages[0] == messages[1]
        assert messages[0].startswith(f"upload.toml:2: {name}: not a bundled ruleset (bundled: ")

    @pytest.mark.parametrize("name", ["example-2024", "example-2024.toml"])
    def test_upload_can_extend_a_bundled_ruleset(self, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bundled name (with or without .toml) is followed, even with a file of that name in the working directory."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / name).write_text("not toml at all [", encoding="utf-8")
        ruleset = ii.parse_ruleset(UPLOAD.format(name), source="upload.toml")
        assert (ruleset.id, ruleset.extends) == ("u", "example-2024")
        assert ruleset.criteria == ii.load_ruleset("example-2024").criteria

    def test_base_dir_allows_its_files_only(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """With base_dir, a path is read from there; the working directory is no longer a fallback."""
        folder, elsewhere = tmp_path / "rulesets", tmp_path / "cwd"
        folder.mkdir()
        elsewhere.mkdir()
        (folder / "minimal.toml").write_text(MINIMAL, encoding="utf-8")
        (elsewhere / "other.toml").write_text(MINIMAL, encoding="utf-8")
        monkeypatch.chdir(elsewhere)
        assert ii.parse_ruleset(UPLOAD.format("minimal.toml"), base_dir=folder).extends == "minimal"
        with pytest.raises(RulesetValidationError, match=r"other\.toml: no such file or bundled ruleset"):
            ii.parse_ruleset(UPLOAD.format("other.toml"), base_dir=folder)

    def test_a_bare_name_is_not_shadowed(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file named like a bundled ruleset, in the working directory or beside an amendment, does not replace it; ./name reads the file."""
        monkeypatch.chdir(tmp_path)
        impostor = MINIMAL.replace('id = "minimal"', 'id = "example-2024"')
        (tmp_path / "example-2024").write_text(impostor, encoding="utf-8")
        bundled = ii.load_ruleset("example-2024")
        assert [c.id for c in bundled.criteria][:2] == ["1.1", "1.2"]
        assert ii.load_ruleset("example-2024").digest == bundled.digest
        assert [c.id for c in ii.load_ruleset("./example-2024").criteria] == ["c1", "c2", "c3", "c4"]
        (tmp_path / "amend.toml").write_text(UPLOAD.format("example-2024"), encoding="utf-8")
        assert ii.load_ruleset("amend.toml").criteria == bundled.criteria
        (tmp_path / "amend.toml").write_text(UPLOAD.format("./example-2024"), encoding="utf-8")
        assert [c.id for c in ii.load_ruleset("amend.toml").criteria] == ["c1", "c2", "c3", "c4"]

    def test_command_line_uses_the_bundled_ruleset(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """`indicator-index validate example-2024` validates the bundled ruleset, not a same-named broken file."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "example-2024").write_text("broken [", encoding="utf-8")
        assert main(["--lang", "en", "validate", "example-2024"]) == 0
        assert capsys.readouterr().out.startswith("example-2024: valid")
