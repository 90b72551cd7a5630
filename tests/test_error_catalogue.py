"""
The bad-input catalogue: every error the library raises on purpose, with its
exact message and what to do about it.

Each case runs the real code on one bad input and checks the full message, the
exception class, and that nothing was partially applied: no result is returned,
the inputs (texts, dicts, submissions, files on disk) are unchanged, a ruleset
loaded before is unaffected, and scoring valid data afterwards gives the same
result as before.

``docs/errors.md`` is rendered from the ``CASES`` table; after changing a
message on purpose, run ``python -m tests.test_error_catalogue --update`` from
the repository root and review the diff.
"""

# ruff: noqa: E501 - the catalogue is a table: one case per entry, messages verbatim

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from indicator_index import (
    Claim,
    DataError,
    Figure,
    Ruleset,
    RulesetError,
    RulesetSyntaxError,
    RulesetValidationError,
    ScoringError,
    Submission,
    bundled_rulesets,
    load_ruleset,
    parse_ruleset,
    ruleset_from_dict,
    ruleset_to_dict,
    score,
)
from indicator_index._cli import UsageError
from indicator_index._cli_analysis import _UsageError as AnalysisUsageError
from indicator_index._data import bundled_samples, read_submissions
from indicator_index._mapping import FrozenDict


ROOT = Path(__file__).resolve().parents[1]
ERRORS_MD = ROOT / "docs" / "errors.md"

# A minimal valid ruleset (Decision 448's bands on top); each loader case changes one thing in it.
MINI = """\
schema_version = 1
id = "mini"
version = "1"
title = { vi = "Bộ chỉ số tối thiểu", en = "Minimal index" }
scale = 100

[legal_basis]
number = "448/QĐ-UBND"
issuer = "UBND thành phố Đà Nẵng"
date = 2022-02-09

[effective]
start = 2022-02-09

[[bands]]
id = "tot"
label = { vi = "Tốt" }
min = 80

[[bands]]
id = "yeu"
label = { vi = "Yếu" }
min = 0

[[groups]]
id = "department"
label = { vi = "Sở, ban, ngành" }

[[sections]]
id = "infrastructure"
label = { vi = "Hạ tầng kỹ thuật CNTT" }

[[indicators]]
id = "computer_share"
label = { vi = "Tỷ lệ cán bộ có máy tính" }
type = "ratio"

[[indicators]]
id = "meetings"
label = { vi = "Số cuộc họp ban chỉ đạo" }
type = "count"

[[criteria]]
id = "1.1"
section = "infrastructure"
label = { vi = "Máy tính" }
max_points = 60
rule = { kind = "proportional", indicator = "computer_share" }
provenance = { status = "decision", citation = "Phụ lục 1" }

[[criteria]]
id = "1.2"
section = "infrastructure"
label = { vi = "Họp ban chỉ đạo" }
max_points = 40
rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }
provenance = { status = "decision", citation = "Phụ lục 1" }
"""


def mini(*patches: tuple[str, str], append: str = "") -> str:
    """MINI with each (old, new) replaced once (old must occur) and *append* added at the end."""
    text = MINI
    for old, new in patches:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    return text + append


Make = Callable[[Path], tuple[Callable[[], object], object]]


@dataclass(frozen=True)
class Case:
    """One catalogued error: where it arises, the exact message, and what to do."""

    code: str
    level: str
    situation: str
    make: Make
    error: type[Exception]
    message: str
    fix: str

    def expected(self) -> str:
        """The message, with the bundled rulesets and samples of this installation filled in."""
        return self.message.replace("{bundled}", ", ".join(bundled_rulesets())).replace("{samples}", ", ".join(bundled_samples()))


def parse(text: str, source: str = "mini.toml") -> Make:
    """Parse *text* as a ruleset file named *source*, relative ``extends`` read from the working directory."""
    return lambda tmp: ((lambda: parse_ruleset(text, source=source, base_dir=tmp)), text)


def load(name: str, files: dict[str, str | bytes] | None = None) -> Make:
    """Write *files* into the working directory, then ``load_ruleset(name)``."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        for file, content in (files or {}).items():
            path = tmp / file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return (lambda: load_ruleset(name)), name

    return make


def from_dict(change: Callable[[dict[str, Any]], Any]) -> Make:
    """``ruleset_from_dict`` of MINI as a dict, changed by *change* (which may return a replacement)."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        data = ruleset_to_dict(parse_ruleset(MINI))
        replaced = change(data)
        data = data if replaced is None else replaced
        return (lambda: ruleset_from_dict(data, source="mini.dict")), data

    return make


# --- A ruleset and a cohort for the scoring-call cases ----------------------

SCORING = mini(
    (
        '[[groups]]\nid = "department"\nlabel = { vi = "Sở, ban, ngành" }\n',
        '[[groups]]\nid = "department"\nlabel = { vi = "Sở, ban, ngành" }\n\n[[groups]]\nid = "commune"\nlabel = { vi = "UBND xã" }\ntotal = 110\n',
    ),
    (
        '[[sections]]\nid = "infrastructure"\nlabel = { vi = "Hạ tầng kỹ thuật CNTT" }\n',
        '[[sections]]\nid = "infrastructure"\nlabel = { vi = "Hạ tầng kỹ thuật CNTT" }\n\n[[sections]]\nid = "society"\nlabel = { vi = "Xã hội số" }\ngroups = ["commune"]\n',
    ),
    ("max_points = 60", "max_points = 30"),
    ("max_points = 40", "max_points = 20"),
    ("tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }]", "tiers = [{ at_least = 4, points = 20 }, { at_least = 2, points = 10 }]"),
    (
        'type = "count"\n',
        'type = "count"\n\n[[indicators]]\nid = "bandwidth"\nlabel = { vi = "Băng thông" }\ntype = "number"\nmin = 0\nmax = 1000\n\n'
        '[[indicators]]\nid = "network"\nlabel = { vi = "Mạng chuyên dùng" }\ntype = "yes_no"\n\n'
        '[[indicators]]\nid = "degree"\nlabel = { vi = "Trình độ" }\ntype = "choice"\noptions = [{ id = "university" }, { id = "college" }]\n\n'
        '[[indicators]]\nid = "teams"\nlabel = { vi = "Tổ công nghệ số" }\ntype = "count"\n',
    ),
    append="""
[[criteria]]
id = "1.3"
section = "infrastructure"
label = { vi = "Băng thông" }
max_points = 20
excludable = true
rule = { kind = "relative", indicator = "bandwidth" }
provenance = { status = "decision", citation = "Phụ lục 1" }

[[criteria]]
id = "1.4"
section = "infrastructure"
label = { vi = "Mạng chuyên dùng" }
max_points = 15
rule = { kind = "yes_no", indicator = "network" }
provenance = { status = "decision", citation = "Phụ lục 1" }

[[criteria]]
id = "1.5"
section = "infrastructure"
label = { vi = "Trình độ cán bộ" }
max_points = 15
rule = { kind = "choice", indicator = "degree", points_by_option = { university = 15, college = 10 } }
provenance = { status = "decision", citation = "Phụ lục 1" }

[[criteria]]
id = "2.1"
section = "society"
label = { vi = "Tổ công nghệ số cộng đồng" }
max_points = 10
excludable = true
rule = { kind = "per_item", indicator = "teams", points_per_item = 2 }
provenance = { status = "decision", citation = "Phụ lục 1" }
""",
)
SCORING_RULESET = parse_ruleset(SCORING, source="scoring.toml")
GOOD = {"computer_share": Decimal("0.9"), "meetings": 4, "bandwidth": Decimal(20), "network": True, "degree": "university"}
GOOD_SUBS = (
    Submission(agency="so-noi-vu", group="department", name="Sở Nội vụ", values=GOOD),
    Submission(agency="xa-hoa-bac", group="commune", name="Xã Hòa Bắc", values={**GOOD, "teams": 3}),
)
GOOD_RESULT = score(SCORING_RULESET, GOOD_SUBS)
BONUS_RULESET = parse_ruleset(
    mini(
        ("scale = 100", "scale = 100\nbonus_cap = 5"),
        append='\n[[indicators]]\nid = "initiatives"\nlabel = { vi = "Sáng kiến" }\ntype = "count"\n\n'
        '[[sections]]\nid = "adjustments"\nlabel = { vi = "Điểm thưởng" }\n\n'
        '[[bonuses]]\nid = "B1"\nsection = "adjustments"\nlabel = { vi = "Sáng kiến" }\nmax_points = 3\n'
        'rule = { kind = "per_item", indicator = "initiatives", points_per_item = 1 }\nprovenance = { status = "decision", citation = "Điều 5" }\n',
    ),
    source="bonus.toml",
)


MANY_PROBLEMS = (
    (
        Submission(agency=1, group="department"),  # type: ignore[arg-type]
        Submission(agency=2, group="department"),  # type: ignore[arg-type]
        Submission(agency=" ", group="department"),
        Submission(agency="", group="department"),
        Submission(agency="a", group="department", values=FrozenDict({7: (Figure(value=1),), 8: (Figure(value=1),)})),
        Submission(
            agency="b",
            group="department",
            values={
                "meetings": [Figure(value=4, source=1), Figure(value=4, source=2)],  # type: ignore[arg-type]
                "network": [Figure(value=True, source="inspection"), Figure(value=True, source="audit")],
                "degree": [Figure(value="college"), Figure(value="college"), Figure(value="college")],
                "computer_share": [Figure(value=None, source="records"), Figure(value=2, source="verification"), Figure(value=3)],
            },
            claims=[Claim(criterion="1.3", evidence=None), Claim(criterion="1.3", evidence=1)],  # type: ignore[arg-type]
        ),
    ),
)


def scoring(*subs: Any, good: bool = True) -> Make:
    """Score the valid cohort plus *subs* (or *subs* alone when not *good*) under the scoring ruleset."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        items = (*GOOD_SUBS, *subs) if good else subs[0]
        return (lambda: score(SCORING_RULESET, items)), items

    return make


def hand_ranked_within_parent() -> Make:
    """Score the valid cohort under the scoring ruleset with its departments ranked within parents."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        groups = tuple(attrs.evolve(g, ranked_within="parent") if g.id == "department" else g for g in SCORING_RULESET.groups)
        ruleset = attrs.evolve(SCORING_RULESET, groups=groups)
        return (lambda: score(ruleset, GOOD_SUBS)), GOOD_SUBS

    return make


def agency(values: dict[str, object] | None = None, drop: tuple[str, ...] = (), **kwargs: Any) -> Submission:
    """A department's submission: the valid values, changed by *values*, without *drop*."""
    merged = {k: v for k, v in {**GOOD, **(values or {})}.items() if k not in drop}
    return Submission(agency=kwargs.pop("agency", "so-tai-chinh"), group=kwargs.pop("group", "department"), values=merged, **kwargs)


def hand_built(**changes: Any) -> Make:
    """Build a Ruleset in Python from the fields of the scoring ruleset, with *changes*."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        fields = {
            a: getattr(SCORING_RULESET, a)
            for a in ("schema_version", "id", "version", "title", "legal_basis", "effective", "scale", "bands", "groups", "sections", "indicators", "criteria")
        }
        fields.update(changes)
        return (lambda: Ruleset(**fields)), fields

    return make


def _unreadable(tmp: Path) -> tuple[Callable[[], object], object]:
    """A file the process may not read (simulated, since tests may run as root)."""
    (tmp / "locked.toml").write_text(MINI, encoding="utf-8")

    def call() -> object:
        original = Path.read_bytes

        def deny(self: Path) -> bytes:
            if self.name == "locked.toml":
                raise PermissionError(13, "Permission denied", str(self))
            return original(self)

        Path.read_bytes = deny  # type: ignore[method-assign]
        try:
            return load_ruleset("locked.toml")
        finally:
            Path.read_bytes = original  # type: ignore[method-assign]

    return call, "locked.toml"


def data(name: str, files: dict[str, str | bytes] | None = None, **kwargs: Any) -> Make:
    """Write *files* into the working directory, then ``read_submissions(name, **kwargs)``."""
    inner = load(name, files)

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        inner(tmp)
        return (lambda: read_submissions(name, **kwargs)), name

    return make


def template(agencies: list[object] | None = None, **kwargs: Any) -> Make:
    """``write_template`` of the scoring ruleset's department group into the working directory, with *agencies* and *kwargs*."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        from indicator_index._template import write_template

        return (lambda: write_template(SCORING_RULESET, "department.xlsx", group="department", agencies=agencies, **kwargs)), agencies  # type: ignore[arg-type]

    return make


def _xlsx(rows: list[list[object]]) -> bytes:
    """An XLSX workbook whose first sheet holds *rows* (openpyxl writes a cell starting with "=" as a formula, with no saved value)."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _agencies(body: str) -> str:
    """A JSON data document listing the agency objects written in *body*."""
    return '{"agencies": [' + body + "]}"


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def cli(*argv: str) -> Make:
    """The command ``indicator-index ARGV`` as the command line runs it, after parsing (run in the working directory)."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        from indicator_index._cli import _COMMANDS, build_parser

        args = build_parser()[0].parse_args(list(argv))
        return (lambda: _COMMANDS[args.command](args)), list(argv)

    return make


def analysis_cli(*argv: str) -> Make:
    """The analysis command ``indicator-index ARGV`` (``impact``, ``test``, ...) as the command line runs it, after parsing."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        from indicator_index._cli import build_parser
        from indicator_index._cli_analysis import _HANDLERS

        args = build_parser()[0].parse_args(list(argv))
        return (lambda: _HANDLERS[args.command](args, "en")), list(argv)

    return make


def case_file_without_ruleset(name: str) -> Make:
    """``indicator-index test NAME`` on a case file that declares no ruleset and has no ruleset file beside it."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        (tmp / name).write_text('schema_version = 1\n[[cases]]\nid = "a"\ndata = "example-2024"\n[cases.expect.so-noi-vu]\nrank = 1\n', encoding="utf-8")
        return analysis_cli("test", name)(tmp)

    return make


def unfilled_template(*argv: str) -> Make:
    """The command ``indicator-index ARGV`` on ``mau.csv``, the unfilled CSV template of ``example-2024``'s departments."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        from indicator_index._cli import _COMMANDS, build_parser
        from indicator_index._template import write_template

        write_template(load_ruleset("example-2024"), tmp / "mau.csv", group="department")
        args = build_parser()[0].parse_args(list(argv))
        return (lambda: _COMMANDS[args.command](args)), list(argv)

    return make


def lookup(call: Callable[[], object]) -> Make:
    return lambda tmp: (call, None)


AMENDMENT = 'schema_version = 1\nextends = "mini.toml"\nid = "mini-2023"\nversion = "2"\n'
BASE_FILES = {"mini.toml": MINI}


def amend(body: str, files: dict[str, str] | None = None) -> Make:
    """Load an amendment of mini.toml (written to the working directory) with *body*."""
    return load("amendment.toml", {**BASE_FILES, **(files or {}), "amendment.toml": AMENDMENT + body})


def upload(text: str, files: dict[str, str] | None = None) -> Make:
    """``parse_ruleset(text)`` without base_dir, as a portal parses an upload, with *files* lying in the working directory."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        for file, content in (files or {}).items():
            (tmp / file).write_text(content, encoding="utf-8")
        return (lambda: parse_ruleset(text, source="upload.toml")), text

    return make


def failing_write(argv: tuple[str, ...], existing: str, fault: Callable[[Any], Any]) -> Make:
    """The command line ARGV writing over an *existing* file in the working directory while *fault* (given pytest's monkeypatch) breaks the write."""

    def make(tmp: Path) -> tuple[Callable[[], object], object]:
        (tmp / existing).write_bytes(b"an earlier report\n")
        inner, inputs = cli(*argv)(tmp)

        def call() -> object:
            with pytest.MonkeyPatch.context() as patch:
                fault(patch)
                return inner()

        return call, inputs

    return make


def _disk_full(patch: Any) -> None:
    """The disk fills up as the written file is flushed to it."""
    import errno
    import os

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    patch.setattr(os, "fsync", full)


def _surrogate_slips_through(patch: Any) -> None:
    """The JSON report comes out holding a lone surrogate (the readers refuse one; this stands for one that got past them)."""
    from indicator_index import _report

    rendered = _report.render_report
    patch.setattr(_report, "render_report", lambda *a, **k: rendered(*a, **k).replace("Sở Nội vụ", "S\udcff Nội vụ", 1))


SHOWN = 200  # errors.MAX_SHOWN, written out: the catalogue states the cap


CASES: list[Case] = [
    # --- File ---------------------------------------------------------------
    Case(
        "F01",
        "file",
        "No file and no bundled ruleset by that name",
        load("missing.toml"),
        RulesetSyntaxError,
        message="missing.toml: no such file or bundled ruleset (bundled: {bundled})",
        fix="Check the path (relative paths are read from the working directory), or use one of the bundled names listed.",
    ),
    Case(
        "F02",
        "file",
        "A bundled name that does not exist",
        load("danang-1999"),
        RulesetSyntaxError,
        message="danang-1999: no such file or bundled ruleset (bundled: {bundled})",
        fix="Use one of the bundled names listed, or give the path of your own file.",
    ),
    Case(
        "F03",
        "file",
        "The path is a directory",
        load("rulesets", {"rulesets/readme.txt": "x"}),
        RulesetSyntaxError,
        message="rulesets: is a directory, not a ruleset file",
        fix="Name the `.toml` file inside the directory.",
    ),
    Case(
        "F04",
        "file",
        "The file is larger than 2 MiB",
        load("big.toml", {"big.toml": "#" * (2 * 1024 * 1024) + "\n"}),
        RulesetSyntaxError,
        message="big.toml: file is 2,097,153 bytes; a ruleset may be at most 2,097,152",
        fix="A ruleset is a few hundred lines; a file this large is not one. Split generated content or check you picked the right file.",
    ),
    Case(
        "F05",
        "file",
        "The file is not UTF-8 (e.g. saved as Latin-1)",
        load("latin1.toml", {"latin1.toml": b'schema_version = 1\nid = "mini"\ntitle = { vi = "B\xf4 ch\xec s\xf3" }\n'}),
        RulesetSyntaxError,
        message="latin1.toml:3:18: the file is not UTF-8: byte 0xf4 cannot be decoded (save it as UTF-8)",
        fix="Save the file as UTF-8 (in Notepad: *Save as* → *Encoding: UTF-8*). A UTF-8 byte-order mark is accepted.",
    ),
    Case(
        "F06",
        "file",
        "The file cannot be read (permissions)",
        lambda tmp: _unreadable(tmp),
        RulesetSyntaxError,
        message="locked.toml: cannot read the file: Permission denied",
        fix="Give the process read permission on the file.",
    ),
    Case(
        "F07",
        "file",
        "A text over 2 MiB given to `parse_ruleset`",
        parse("#" * (2 * 1024 * 1024 + 1)),
        RulesetSyntaxError,
        message="mini.toml: the text is over 2,097,152 bytes; a ruleset may be at most that",
        fix="As F04: this is not a ruleset.",
    ),
    Case(
        "F08",
        "file",
        "A file name longer than the system allows (over 255 bytes)",
        load("a" * 300),
        RulesetSyntaxError,
        message="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: cannot be opened: File name too long",
        fix="Shorten the name; a ruleset file is named after its scheme and year, e.g. `danang-448-2022.toml`.",
    ),
    # --- TOML ---------------------------------------------------------------
    Case(
        "T01",
        "toml",
        "A key without a value",
        parse(mini(("scale = 100", "scale ="))),
        RulesetSyntaxError,
        message="mini.toml:5:8: invalid TOML: invalid value",
        fix="Fix the TOML at the line and column shown; the message is the TOML parser's.",
    ),
    Case(
        "T02",
        "toml",
        "A key given twice in one table",
        parse(mini(("max_points = 60\n", "max_points = 60\nmax_points = 50\n"))),
        RulesetSyntaxError,
        message="mini.toml:48:16: invalid TOML: cannot overwrite a value",
        fix="Delete one of the two lines; TOML allows each key once per table.",
    ),
    Case(
        "T03",
        "toml",
        "A table declared twice",
        parse(mini(append="\n[effective]\nstart = 2023-01-01\n")),
        RulesetSyntaxError,
        message="mini.toml:59:11: invalid TOML: cannot declare ('effective',) twice",
        fix="Merge the two tables into one.",
    ),
    Case(
        "T04",
        "toml",
        "An unterminated string",
        parse(mini(('version = "1"', 'version = "1'))),
        RulesetSyntaxError,
        message="mini.toml:3:13: invalid TOML: illegal character '\\n'",
        fix='Close the string on the same line (use `"""` for text over several lines).',
    ),
    Case(
        "T05",
        "toml",
        "A bare carriage return (old Mac line ending)",
        parse(mini(('version = "1"\n', 'version = "1"\r'))),
        RulesetSyntaxError,
        message="mini.toml:3:14: invalid TOML: expected newline or end of document after a statement",
        fix="Save the file with Unix (LF) or Windows (CRLF) line endings.",
    ),
    Case(
        "T06",
        "toml",
        "A control character in a string",
        parse(mini(('version = "1"', 'version = "1\x01"'))),
        RulesetSyntaxError,
        message="mini.toml:3:13: invalid TOML: illegal character '\\x01'",
        fix="Remove the invisible character (often pasted from a PDF or a spreadsheet).",
    ),
    Case(
        "T07",
        "toml",
        "Arrays or inline tables nested deeper than 32",
        parse(mini(append="deep = " + "[" * 33 + "]" * 33 + "\n")),
        RulesetSyntaxError,
        message="mini.toml:58: arrays and tables are nested 33 deep; at most 32 is allowed",
        fix="No ruleset needs this nesting; the limit protects the parser. Flatten the value.",
    ),
    Case(
        "T08",
        "toml",
        "An integer literal with more than 4,300 digits",
        parse(mini(("scale = 100", "scale = " + "9" * 4301))),
        RulesetSyntaxError,
        message="mini.toml:5: invalid TOML: an integer literal has 4301 digits; at most 4300 are allowed",
        fix="Write the number you mean; a maximum needs at most 15 digits.",
    ),
    Case(
        "T09",
        "toml",
        "A value where a table header is expected (garbage line)",
        parse(mini(append="this is not toml\n")),
        RulesetSyntaxError,
        message="mini.toml:58:6: invalid TOML: expected '=' after a key in a key/value pair",
        fix="Delete the line or turn it into a comment with `#`.",
    ),
    Case(
        "T10",
        "toml",
        "Text holding a lone surrogate (bytes decoded with `errors='surrogateescape'`)",
        parse('id = "\udcff"'),
        RulesetSyntaxError,
        message="mini.toml:1: the text contains a lone surrogate character, which no UTF-8 file can hold",
        fix="Read the file as UTF-8 bytes and let `load_ruleset` decode it, or decode with `errors='strict'`.",
    ),
    # --- Schema ---------------------------------------------------------------
    Case(
        "S01",
        "schema",
        "`schema_version` is missing",
        parse(mini(("schema_version = 1\n", ""))),
        RulesetValidationError,
        message="mini.toml: schema_version is missing; this library reads schema_version = 1 @ $.schema_version",
        fix="Add `schema_version = 1` as the first line.",
    ),
    Case(
        "S02",
        "schema",
        "`schema_version` is one this library does not read",
        parse(mini(("schema_version = 1", "schema_version = 2"))),
        RulesetValidationError,
        message="mini.toml:1: unsupported schema_version 2; this library reads schema_version = 1 @ $.schema_version",
        fix="Use a library version that reads this schema, or convert the file to schema_version 1.",
    ),
    Case(
        "S03",
        "schema",
        "`schema_version` is a string",
        parse(mini(("schema_version = 1", 'schema_version = "1"'))),
        RulesetValidationError,
        message="mini.toml:1: unsupported schema_version '1'; this library reads schema_version = 1 @ $.schema_version",
        fix="Write the number without quotes: `schema_version = 1`.",
    ),
    Case(
        "S04",
        "schema",
        "A misspelt key",
        parse(mini(("max_points = 60", "maxpoints = 60"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:47: criterion '1.1': unknown key 'maxpoints' (did you mean 'max_points'?) @ $.criteria[0].maxpoints",
        fix="Use the suggested key. Unknown keys are never ignored, so a typo cannot silently drop a value.",
    ),
    Case(
        "S05",
        "schema",
        "A required key is missing",
        parse(mini(('section = "infrastructure"\nlabel = { vi = "Máy tính" }', 'label = { vi = "Máy tính" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:43: criterion '1.1': required key 'section' is missing @ $.criteria[0].section",
        fix="Add the key; see docs/ruleset-format.md for the keys each table needs.",
    ),
    Case(
        "S06",
        "schema",
        "A number written as a string",
        parse(mini(("max_points = 60", 'max_points = "60"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:47: criterion '1.1': expected a number, got string '60' @ $.criteria[0].max_points",
        fix="Remove the quotes; numbers are never converted from text.",
    ),
    Case(
        "S07",
        "schema",
        "A boolean where a number is expected",
        parse(mini(("max_points = 60", "max_points = true"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:47: criterion '1.1': expected a number, got boolean true @ $.criteria[0].max_points",
        fix="Write the number of points.",
    ),
    Case(
        "S08",
        "schema",
        "A fraction where an integer is expected",
        parse(mini(append="\n[rounding]\nplaces = 2.5\n")),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:60: expected an integer, got number 2.5 @ $.rounding.places",
        fix="Write a whole number (the value is never truncated for you).",
    ),
    Case(
        "S09",
        "schema",
        "A string where `true`/`false` is expected",
        parse(mini(("max_points = 60\n", 'max_points = 60\nexcludable = "false"\n'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': expected true or false, got string 'false' @ $.criteria[0].excludable",
        fix='Write `true` or `false` without quotes (the string "false" would otherwise read as true).',
    ),
    Case(
        "S10",
        "schema",
        "A date-time where a date is expected",
        parse(mini(("date = 2022-02-09", "date = 2022-02-09T08:00:00"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:10: expected a date (YYYY-MM-DD), got a date-time 2022-02-09T08:00:00 @ $.legal_basis.date",
        fix="Write the date only: `2022-02-09`.",
    ),
    Case(
        "S11",
        "schema",
        "`nan` as a number",
        parse(mini(("max_points = 60", "max_points = nan"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:47: criterion '1.1': expected a finite number, got nan @ $.criteria[0].max_points",
        fix="Write a finite number.",
    ),
    Case(
        "S12",
        "schema",
        "`inf` as a number",
        parse(mini(("min = 80", "min = inf"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:18: expected a finite number, got inf @ $.bands[0].min",
        fix="Write a finite number; the top band simply has the highest `min`.",
    ),
    Case(
        "S13",
        "schema",
        "A number with more digits than any ruleset needs (`1e400`)",
        parse(mini(("max_points = 60", "max_points = 1e400"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:47: criterion '1.1': a number must have at most 15 digits before and 12 after the decimal point, got 1e+400 @ $.criteria[0].max_points",
        fix="Write the number you mean (at most 15 digits before and 12 after the point).",
    ),
    Case(
        "S14",
        "schema",
        "An unknown rule kind",
        parse(mini(('kind = "proportional"', 'kind = "proportionnal"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': rule kind must be one of proportional, ratio, relative, min_max, tiers, yes_no, choice, per_item, sum, best_of, info, got 'proportionnal' (did you mean 'proportional'?) @ $.criteria[0].rule",
        fix="Use the suggested kind; the list of kinds is closed (see docs/scoring.md).",
    ),
    Case(
        "S15",
        "schema",
        "A rule without `kind`",
        parse(mini(('rule = { kind = "proportional", indicator', "rule = { indicator"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': a rule needs a 'kind', one of proportional, ratio, relative, min_max, tiers, yes_no, choice, per_item, sum, best_of, info @ $.criteria[0].rule",
        fix='Add `kind = "..."` to the rule.',
    ),
    Case(
        "S16",
        "schema",
        "A rule that is not a table",
        parse(mini(('rule = { kind = "proportional", indicator = "computer_share" }', 'rule = "proportional"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': expected a table with a 'kind', got string 'proportional' @ $.criteria[0].rule",
        fix='Write the rule as a table: `rule = { kind = "proportional", indicator = "..." }`.',
    ),
    Case(
        "S17",
        "schema",
        "A misspelt key inside a rule",
        parse(mini(('indicator = "computer_share" }', 'indicater = "computer_share" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': unknown key 'indicater' (did you mean 'indicator'?) @ $.criteria[0].rule.indicater",
        fix="Use the suggested key.",
    ),
    Case(
        "S18",
        "schema",
        "A value outside a closed list (direction)",
        parse(
            mini(
                (
                    'rule = { kind = "proportional", indicator = "computer_share" }',
                    'rule = { kind = "relative", indicator = "computer_share", direction = "up" }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': expected one of 'higher', 'lower', got 'up' @ $.criteria[0].rule.direction",
        fix="Use one of the values listed.",
    ),
    Case(
        "S19",
        "schema",
        "A table where an array of tables is expected",
        parse(mini(('[[groups]]\nid = "department"', '[groups]\nid = "department"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:25: expected an array, got table {...} @ $.groups",
        fix="Write `[[groups]]` (double brackets) for each item of a list.",
    ),
    Case(
        "S20",
        "schema",
        "A number where a table is expected",
        parse(
            mini(('rule = { kind = "tiers", indicator = "meetings", tiers', 'rule = { kind = "choice", indicator = "meetings", points_by_option = 5, tiers'))
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:56: criterion '1.2': expected a table, got integer 5 @ $.criteria[1].rule.points_by_option\n  - mini.toml:56: criterion '1.2': unknown key 'tiers' @ $.criteria[1].rule.tiers",
        fix="Give a table mapping each option to its points.",
    ),
    Case(
        "S21",
        "schema",
        "`remove`/`modify` in a ruleset that extends nothing",
        parse(mini(append='\n[remove]\ncriteria = ["1.1"]\n')),
        RulesetValidationError,
        message="mini.toml:59: 'remove' is only allowed in an amendment (a ruleset with 'extends') @ $.remove",
        fix='Add `extends = "<base ruleset>"`, or drop the table.',
    ),
    Case(
        "S22",
        "schema",
        "`ruleset_from_dict` given something that is not a mapping",
        lambda tmp: ((lambda: ruleset_from_dict([1, 2], source="mini.dict")), [1, 2]),
        RulesetValidationError,
        message="mini.dict: a ruleset must be a table, got list",
        fix="Pass the dict that `tomllib.load` (or `ruleset_to_dict`) returns.",
    ),
    Case(
        "S23",
        "schema",
        "A dict with a float NaN (built in Python)",
        from_dict(lambda d: d["criteria"][0].__setitem__("max_points", float("nan"))),
        RulesetValidationError,
        message="mini.dict: ruleset is invalid: 1 problem\n  - mini.dict: criterion '1.1': expected a finite number, got nan @ $.criteria[0].max_points",
        fix="Use finite numbers; a `Decimal` or an `int` is best.",
    ),
    Case(
        "S24",
        "schema",
        "A dict nested 1,000 levels deep (built in Python)",
        from_dict(lambda d: d.__setitem__("description", _nested(1000))),
        RulesetSyntaxError,
        message="mini.dict: arrays and tables are nested 33 deep or more; at most 32 is allowed",
        fix="As T07: no ruleset needs this nesting; the limit also protects `ruleset_from_dict`.",
    ),
    # --- Semantic ---------------------------------------------------------------
    Case(
        "M01",
        "semantic",
        "Two criteria with the same id (case and Unicode form ignored)",
        parse(mini(('id = "1.2"', 'id = "1.1"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:52: criterion '1.1': duplicate id '1.1': another criterion already has it @ $.criteria[1].id",
        fix="Give each criterion, bonus and penalty its own id.",
    ),
    Case(
        "M02",
        "semantic",
        "An id with a space",
        parse(mini(('id = "1.2"', 'id = "1 2"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:52: criterion '1 2': criterion id must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit, got '1 2' @ $.criteria[1].id",
        fix="Use letters, digits, `.`, `_` and `-` only.",
    ),
    Case(
        "M03",
        "semantic",
        "The ruleset id is not an id",
        parse(mini(('id = "mini"', 'id = "Bộ chỉ số 2024"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:2: ruleset id must be 1-64 letters, digits, '.', '_' or '-', got 'Bộ chỉ số 2024' @ $.id",
        fix="Use a short id such as `danang-448-2022`; the title holds the name.",
    ),
    Case(
        "M04",
        "semantic",
        "An empty version",
        parse(mini(('version = "1"', 'version = " "'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:3: version must not be empty @ $.version",
        fix='Give the ruleset\'s own version, e.g. `"2022.1"`.',
    ),
    Case(
        "M05",
        "semantic",
        "A label with neither language",
        parse(mini(('label = { vi = "Máy tính" }', 'label = { vi = "" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:46: criterion '1.1': a label needs a Vietnamese ('vi') or English ('en') text @ $.criteria[0].label",
        fix="Give the Vietnamese name (`vi`), the English one (`en`), or both.",
    ),
    Case(
        "M06",
        "semantic",
        "A scale of 0 or less",
        parse(mini(("scale = 100", "scale = 0"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 3 problems\n  - mini.toml:5: scale must be > 0, got 0 @ $.scale\n  - mini.toml:18: band min must be within [0, 0], got 80 @ $.bands[0].min\n  - mini.toml:25: the maxima of the criteria applying to group 'department' add up to 100, not 0 (the scale) @ $.groups[0]",
        fix="Use the scale totals are reported on, usually 100.",
    ),
    Case(
        "M07",
        "semantic",
        "The period ends before it starts",
        parse(mini(("start = 2022-02-09", "start = 2022-02-09\nend = 2021-12-31"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:14: effective.end (2021-12-31) must not be before effective.start (2022-02-09) @ $.effective.end",
        fix="Swap or correct the dates.",
    ),
    Case(
        "M08",
        "semantic",
        "Too many decimal places",
        parse(mini(append="\n[rounding]\nplaces = 11\n")),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:60: rounding.places must be within [0, 10], got 11 @ $.rounding.places",
        fix="Round to between 0 and 10 places (published totals use 2).",
    ),
    Case(
        "M09",
        "semantic",
        "An unknown rounding mode",
        parse(mini(append='\n[rounding]\nmode = "bankers"\n')),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:60: rounding.mode must be one of half_up, half_even, half_down, down, up, floor, ceiling, got 'bankers' @ $.rounding.mode",
        fix="Use one of the modes listed; `half_up` is what people expect from a desk calculator.",
    ),
    Case(
        "M10",
        "semantic",
        "An unknown missing-data policy",
        parse(mini(("scale = 100", 'scale = 100\nmissing = "skip"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:6: missing must be one of error, zero, exclude, got 'skip' @ $.missing",
        fix="Use `error` (the default), `zero` or `exclude`.",
    ),
    Case(
        "M11",
        "semantic",
        "No data sources",
        parse(mini(("scale = 100", "scale = 100\nsources = []"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:6: sources must list at least one data source @ $.sources",
        fix="List the sources, highest precedence first, or leave `sources` out for the default.",
    ),
    Case(
        "M12",
        "semantic",
        "A data source listed twice",
        parse(mini(("scale = 100", 'scale = 100\nsources = ["agency", "agency"]'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:6: sources must not repeat @ $.sources",
        fix="List each source once.",
    ),
    Case(
        "M13",
        "semantic",
        "A band above the scale",
        parse(mini(("min = 80", "min = 180"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:18: band min must be within [0, 100], got 180 @ $.bands[0].min",
        fix="Band minimums lie within [0, scale].",
    ),
    Case(
        "M14",
        "semantic",
        "Two bands starting at the same total",
        parse(mini(("min = 80", "min = 0"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:23: bands 'tot' and 'yeu' overlap: both start at 0 @ $.bands[1].min",
        fix="Each band starts at its own total; bands are lower bounds (80 is Tốt).",
    ),
    Case(
        "M15",
        "semantic",
        "No band starts at 0",
        parse(mini(("min = 0", "min = 50"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:15: the bands leave a gap: no band starts at 0 (the lowest starts at 50) @ $.bands",
        fix="Give the lowest band `min = 0`, so every total has a band.",
    ),
    Case(
        "M16",
        "semantic",
        "Two sections with the same number",
        parse(
            mini(
                (
                    'id = "infrastructure"\nlabel = { vi = "Hạ tầng kỹ thuật CNTT" }',
                    'id = "infrastructure"\nnumber = 1\nlabel = { vi = "Hạ tầng kỹ thuật CNTT" }\n\n[[sections]]\nid = "application"\nnumber = 1\nlabel = { vi = "Ứng dụng CNTT" }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:36: duplicate section number 1 @ $.sections[1].number",
        fix="Number sections 1, 2, 3, ...",
    ),
    Case(
        "M17",
        "semantic",
        "An unknown indicator type",
        parse(mini(('type = "ratio"', 'type = "percent"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:36: indicator 'computer_share': indicator type must be one of ratio, count, number, yes_no, choice, got 'percent' @ $.indicators[0].type\n  - mini.toml:48: criterion '1.1': a proportional rule needs a ratio indicator, got 'computer_share' of type 'percent' @ $.criteria[0].rule",
        fix="Use `ratio` (0–1), `count`, `number`, `yes_no` or `choice`; a percentage is a ratio.",
    ),
    Case(
        "M18",
        "semantic",
        "A choice indicator without options",
        parse(mini(('type = "count"', 'type = "choice"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:38: indicator 'meetings': a choice indicator needs at least one option @ $.indicators[1].options\n  - mini.toml:56: criterion '1.2': a tiers rule needs a ratio or count or number indicator, got 'meetings' of type 'choice' @ $.criteria[1].rule",
        fix='List the options: `options = [{ id = "university" }, ...]`.',
    ),
    Case(
        "M19",
        "semantic",
        "`min`/`max` on an indicator that is not a number",
        parse(mini(('type = "count"', 'type = "count"\nmax = 10'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:38: indicator 'meetings': only a number indicator takes min/max, not a 'count' one @ $.indicators[1]",
        fix="Only `number` indicators take a range; a count is already whole and >= 0, a ratio within [0, 1].",
    ),
    Case(
        "M20",
        "semantic",
        "An indicator's `min` above its `max`",
        parse(mini(('type = "count"', 'type = "number"\nmin = 10\nmax = 5'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:42: indicator 'meetings': indicator min (10) must not exceed max (5) @ $.indicators[1].min",
        fix="Swap the bounds.",
    ),
    Case(
        "M21",
        "semantic",
        "No criteria",
        parse(MINI[: MINI.index("[[criteria]]")].replace("scale = 100\n", "scale = 100\ncriteria = []\n")),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:6: at least one criterion is needed @ $.criteria\n  - mini.toml:26: the maxima of the criteria applying to group 'department' add up to 0, not 100 (the scale) @ $.groups[0]",
        fix="A ruleset scores at least one criterion.",
    ),
    Case(
        "M22",
        "semantic",
        "A criterion in an unknown section",
        parse(mini(('section = "infrastructure"', 'section = "infrastucture"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:45: criterion '1.1': unknown section 'infrastucture' (did you mean 'infrastructure'?) @ $.criteria[0].section",
        fix="Use the suggested section id.",
    ),
    Case(
        "M23",
        "semantic",
        "A criterion for an unknown group",
        parse(mini(("max_points = 60", 'max_points = 60\ngroups = ["departments"]'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:25: the maxima of the criteria applying to group 'department' add up to 40, not 100 (the scale) @ $.groups[0]\n  - mini.toml:48: criterion '1.1': unknown agency group 'departments' (did you mean 'department'?) @ $.criteria[0].groups",
        fix="Use the suggested group id.",
    ),
    Case(
        "M24",
        "semantic",
        "A negative maximum",
        parse(mini(("max_points = 60", "max_points = -60"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:25: the maxima of the criteria applying to group 'department' add up to 40, not 100 (the scale) @ $.groups[0]\n  - mini.toml:47: criterion '1.1': max_points must be >= 0, got -60 @ $.criteria[0].max_points",
        fix="Maxima are positive; penalties are separate `[[penalties]]` items.",
    ),
    Case(
        "M25",
        "semantic",
        "A zero maximum on a scored rule",
        parse(mini(("max_points = 40", "max_points = 0"), ("points = 40 }, { at_least = 2, points = 20 }", "points = 0 }, { at_least = 2, points = 0 }"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:25: the maxima of the criteria applying to group 'department' add up to 60, not 100 (the scale) @ $.groups[0]\n  - mini.toml:55: criterion '1.2': max_points must be > 0 (only an 'info' rule has 0) @ $.criteria[1].max_points",
        fix='Give the maximum, or make the criterion `kind = "info"` (listed, not scored).',
    ),
    Case(
        "M26",
        "semantic",
        "A per-group maximum for a group the criterion does not apply to",
        parse(mini(("max_points = 60", "max_points = 60\nmax_points_by_group = { commune = 30 }"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': max_points_by_group names unknown agency group: 'commune' @ $.criteria[0].max_points_by_group.commune",
        fix="Name a group the criterion applies to (its own `groups`, else its section's).",
    ),
    Case(
        "M27",
        "semantic",
        "Maxima that do not add up to the scale",
        parse(mini(("max_points = 60", "max_points = 65"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:25: the maxima of the criteria applying to group 'department' add up to 105, not 100 (the scale) @ $.groups[0]",
        fix="Fix the maxima, or declare the group's `total` if its table is on another scale (e.g. `total = 1000`).",
    ),
    Case(
        "M28",
        "semantic",
        "A rule naming an unknown indicator",
        parse(mini(('indicator = "computer_share" }', 'indicator = "computer_shares" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': unknown indicator 'computer_shares' (did you mean 'computer_share'?) @ $.criteria[0].rule.indicator",
        fix="Use the suggested indicator id, or declare the indicator.",
    ),
    Case(
        "M29",
        "semantic",
        "A rule given an indicator of the wrong type",
        parse(mini(('indicator = "computer_share" }', 'indicator = "meetings" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': a proportional rule needs a ratio indicator, got 'meetings' of type 'count' @ $.criteria[0].rule",
        fix="A proportional rule multiplies a ratio (0–1); for a count use `ratio` (two counts), `tiers` or `per_item`.",
    ),
    Case(
        "M30",
        "semantic",
        "Tier thresholds out of order",
        parse(mini(("at_least = 4, points = 40 }, { at_least = 2", "at_least = 2, points = 40 }, { at_least = 4"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'at_least' thresholds must be strictly decreasing, got 4 after 2 @ $.criteria[1].rule.tiers[1].at_least",
        fix="List tiers best first: `at_least` thresholds decreasing.",
    ),
    Case(
        "M31",
        "semantic",
        "Tier points that rise down the list",
        parse(mini(("points = 40 }, { at_least = 2, points = 20 }", "points = 20 }, { at_least = 2, points = 40 }"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': tier points must not increase down the list, got 40 after 20 @ $.criteria[1].rule.tiers[1].points",
        fix="A lower tier cannot earn more than a higher one.",
    ),
    Case(
        "M32",
        "semantic",
        "Tier points above the criterion's maximum",
        parse(mini(("at_least = 4, points = 40 }", "at_least = 4, points = 45 }"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': tier points must be within [0, 40], got 45 @ $.criteria[1].rule.tiers[0].points",
        fix="Tier points lie within [0, max_points].",
    ),
    Case(
        "M33",
        "semantic",
        "Tiers mixing `at_least` and `at_most`",
        parse(mini(("{ at_least = 2, points = 20 }", "{ at_most = 2, points = 20 }"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': all tiers of a rule must use the same bound ('at_least' or 'at_most') @ $.criteria[1].rule.tiers[1]",
        fix="Use `at_least` (higher is better) or `at_most` (lower is better) for every tier of a rule.",
    ),
    Case(
        "M34",
        "semantic",
        "A tier with both bounds",
        parse(mini(("{ at_least = 2, points = 20 }", "{ at_least = 2, at_most = 3, points = 20 }"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': a tier needs exactly one of 'at_least' and 'at_most' @ $.criteria[1].rule.tiers[1]",
        fix="Give each tier one bound.",
    ),
    Case(
        "M35",
        "semantic",
        "A tiers rule with no tiers",
        parse(mini(("tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }]", "tiers = []"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': a tiers rule needs at least one tier @ $.criteria[1].rule.tiers",
        fix="Add the tiers, best first.",
    ),
    Case(
        "M36",
        "semantic",
        "`otherwise` above the last tier",
        parse(mini(("{ at_least = 2, points = 20 }]", "{ at_least = 2, points = 20 }], otherwise = 30"))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'otherwise' must be within [0, 20] (the last tier's points), got 30 @ $.criteria[1].rule.otherwise",
        fix="`otherwise` is what a value below every tier earns: at most the last tier's points.",
    ),
    Case(
        "M37",
        "semantic",
        "Yes/no points above the maximum",
        parse(
            mini(
                ('indicator = "computer_share" }', 'indicator = "network", if_yes = 70 }'),
                ('rule = { kind = "proportional"', 'rule = { kind = "yes_no"'),
                ('type = "ratio"', 'type = "yes_no"'),
                ('id = "computer_share"', 'id = "network"'),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': 'if_yes' must be within [0, 60], got 70 @ $.criteria[0].rule.if_yes",
        fix="`if_yes` and `if_no` lie within [0, max_points].",
    ),
    Case(
        "M38",
        "semantic",
        "A choice rule missing an option",
        parse(
            mini(
                ('type = "count"', 'type = "choice"\noptions = [{ id = "chairman" }, { id = "deputy" }]'),
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "choice", indicator = "meetings", points_by_option = { chairman = 40 } }',
                ),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:57: criterion '1.2': option 'deputy' of indicator 'meetings' has no points @ $.criteria[1].rule.points_by_option",
        fix="Give every option its points (0 is allowed), so no value is left unscored.",
    ),
    Case(
        "M39",
        "semantic",
        "A choice rule naming an option the indicator lacks",
        parse(
            mini(
                ('type = "count"', 'type = "choice"\noptions = [{ id = "chairman" }]'),
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "choice", indicator = "meetings", points_by_option = { chairman = 40, vice = 20 } }',
                ),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:57: criterion '1.2': option 'vice' is not an option of indicator 'meetings' @ $.criteria[1].rule.points_by_option.vice",
        fix="Use the indicator's option ids, or add the option to the indicator.",
    ),
    Case(
        "M40",
        "semantic",
        "A choice rule with both points and fractions",
        parse(
            mini(
                ('type = "count"', 'type = "choice"\noptions = [{ id = "chairman" }]'),
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "choice", indicator = "meetings", points_by_option = { chairman = 40 }, fraction_by_option = { chairman = 1 } }',
                ),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:57: criterion '1.2': a choice rule needs exactly one of 'points_by_option' and 'fraction_by_option' @ $.criteria[1].rule",
        fix="Keep one of the two tables.",
    ),
    Case(
        "M41",
        "semantic",
        "Per-item points of 0",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "per_item", indicator = "meetings", points_per_item = 0 }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'points_per_item' must be > 0, got 0 @ $.criteria[1].rule.points_per_item",
        fix="Give the points each item earns; the criterion's maximum is the cap.",
    ),
    Case(
        "M42",
        "semantic",
        "A sum whose cap exceeds its parts",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "sum", cap = 40, parts = [{ id = "a", max_points = 20, rule = { kind = "per_item", indicator = "meetings", points_per_item = 5 } }, { id = "b", max_points = 10, rule = { kind = "per_item", indicator = "meetings", points_per_item = 1 } }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'cap' (40) must not exceed the sum of the parts' maxima (30) @ $.criteria[1].rule.cap",
        fix="A cap below the parts' total limits the block (Decision-style 'at most 60'); it cannot add points.",
    ),
    Case(
        "M43",
        "semantic",
        "A sum whose parts do not add up to the criterion",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "sum", parts = [{ id = "a", max_points = 20, rule = { kind = "per_item", indicator = "meetings", points_per_item = 5 } }, { id = "b", max_points = 10, rule = { kind = "per_item", indicator = "meetings", points_per_item = 1 } }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': the parts' maxima add up to 30, which must equal the criterion's max_points (40) @ $.criteria[1].rule",
        fix="Make the parts' maxima add up to max_points, or declare a `cap` equal to it.",
    ),
    Case(
        "M44",
        "semantic",
        "A sum with two parts of the same id",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "sum", parts = [{ id = "a", max_points = 20, rule = { kind = "per_item", indicator = "meetings", points_per_item = 5 } }, { id = "a", max_points = 20, rule = { kind = "per_item", indicator = "meetings", points_per_item = 1 } }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': duplicate part id 'a' @ $.criteria[1].rule.parts[1].id",
        fix="Give each part its own id.",
    ),
    Case(
        "M45",
        "semantic",
        "A best-of alternative with another maximum",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "best_of", alternatives = [{ id = "a", max_points = 30, rule = { kind = "per_item", indicator = "meetings", points_per_item = 10 } }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': an alternative's max_points (30) must equal the criterion's (40) @ $.criteria[1].rule.alternatives[0].max_points",
        fix="Every alternative is scored on the criterion's maximum; give it the same max_points.",
    ),
    Case(
        "M46",
        "semantic",
        "An info (listed, not scored) criterion with points",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "info", indicator = "meetings" }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': an info rule is listed but not scored, so max_points must be 0, got 40 @ $.criteria[1].rule",
        fix="Set max_points = 0 (and move the 40 points to the criteria that score them).",
    ),
    Case(
        "M47",
        "semantic",
        "Bonuses without a `bonus_cap`",
        parse(
            mini(
                append='\n[[bonuses]]\nid = "B1"\nlabel = { vi = "Sáng kiến" }\nmax_points = 3\nrule = { kind = "per_item", indicator = "meetings", points_per_item = 1 }\nprovenance = { status = "decision", citation = "Điều 5" }\n'
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml: bonus_cap is required when there are bonuses @ $.bonus_cap",
        fix="Declare the most all bonuses together may add, e.g. `bonus_cap = 5`.",
    ),
    Case(
        "M48",
        "semantic",
        "A bonus cap of 0",
        parse(
            mini(
                ("scale = 100", "scale = 100\nbonus_cap = 0"),
                append='\n[[bonuses]]\nid = "B1"\nlabel = { vi = "Sáng kiến" }\nmax_points = 3\nrule = { kind = "per_item", indicator = "meetings", points_per_item = 1 }\nprovenance = { status = "decision", citation = "Điều 5" }\n',
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:6: bonus_cap must be > 0, got 0 @ $.bonus_cap",
        fix="Give a positive cap, or drop the bonuses.",
    ),
    Case(
        "M49",
        "semantic",
        "A bonus with the id of a criterion",
        parse(
            mini(
                ("scale = 100", "scale = 100\nbonus_cap = 5"),
                append='\n[[bonuses]]\nid = "1.1"\nlabel = { vi = "Sáng kiến" }\nmax_points = 3\nrule = { kind = "per_item", indicator = "meetings", points_per_item = 1 }\nprovenance = { status = "decision", citation = "Điều 5" }\n',
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:61: criterion '1.1': duplicate id '1.1': a criterion already has it @ $.bonuses[0].id",
        fix="Criteria, bonuses and penalties share one id space (traces name them); rename one.",
    ),
    Case(
        "M50",
        "semantic",
        "A section holding both criteria and bonuses",
        parse(
            mini(
                ("scale = 100", "scale = 100\nbonus_cap = 5"),
                append='\n[[bonuses]]\nid = "B1"\nsection = "infrastructure"\nlabel = { vi = "Sáng kiến" }\nmax_points = 3\nrule = { kind = "per_item", indicator = "meetings", points_per_item = 1 }\nprovenance = { status = "decision", citation = "Điều 5" }\n',
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:44: section 'infrastructure' holds bonus/penalty items, so it must hold no criteria @ $.criteria",
        fix="Put bonus and penalty items in their own section (Decision 448's section 7).",
    ),
    Case(
        "M51",
        "semantic",
        "An unknown provenance status",
        parse(mini(('provenance = { status = "decision", citation = "Phụ lục 1" }', 'provenance = { status = "official", citation = "Phụ lục 1" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:49: criterion '1.1': provenance.status must be 'decision', 'inferred' or 'reconstructed', got 'official' @ $.criteria[0].provenance.status",
        fix="Use `decision` (the act states it) or `reconstructed` (rebuilt following a methodology).",
    ),
    Case(
        "M52",
        "semantic",
        "A provenance with no citation",
        parse(mini(('provenance = { status = "decision", citation = "Phụ lục 1" }', 'provenance = { status = "decision", citation = "" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:49: criterion '1.1': provenance.citation must say where the item comes from @ $.criteria[0].provenance.citation",
        fix="Cite the article, appendix or methodology the item comes from.",
    ),
    Case(
        "M53",
        "semantic",
        "A reconstructed item without its method",
        parse(mini(('provenance = { status = "decision", citation = "Phụ lục 1" }', 'provenance = { status = "reconstructed", citation = "Phụ lục 1B" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:49: criterion '1.1': a reconstructed item must name the methodology it follows in provenance.method @ $.criteria[0].provenance.method",
        fix="Name the methodology followed in `provenance.method`, so readers can tell official rules from reconstructions.",
    ),
    Case(
        "M54",
        "semantic",
        "A criterion limited to a group its section does not cover",
        parse(SCORING.replace('id = "1.3"\nsection = "infrastructure"', 'id = "1.3"\nsection = "society"\ngroups = ["department"]')),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:29: the maxima of the criteria applying to group 'commune' add up to 90, not 110 (its total) @ $.groups[1]\n  - mini.toml:95: criterion '1.3': group 'department' is not among the groups of section 'society' @ $.criteria[2].groups",
        fix="Move the criterion to a section that covers the group, or add the group to the section.",
    ),
    Case(
        "M55",
        "semantic",
        "A ruleset built in Python with a field of the wrong type",
        hand_built(bands=None),
        RulesetValidationError,
        message="ruleset 'mini' is invalid: 1 problem\n  - expected an array, got None @ $.bands",
        fix="Pass the types the class documents (tuples of model objects, Decimals); every field of the wrong type is named with its key path.",
    ),
    Case(
        "M56",
        "semantic",
        "A ratio rule naming an unknown numerator",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "ratio", numerator = "meeting", denominator = "meetings", when_denominator_zero = "zero" }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': unknown indicator 'meeting' (did you mean 'meetings'?) @ $.criteria[1].rule.numerator",
        fix="Use the suggested indicator id.",
    ),
    Case(
        "M57",
        "semantic",
        "A ratio rule over a yes/no denominator",
        parse(
            mini(
                ('type = "count"', 'type = "count"\n\n[[indicators]]\nid = "network"\nlabel = { vi = "Mạng chuyên dùng" }\ntype = "yes_no"'),
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "ratio", numerator = "meetings", denominator = "network", when_denominator_zero = "zero" }',
                ),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:61: criterion '1.2': a ratio rule needs a count or number indicator, got 'network' of type 'yes_no' @ $.criteria[1].rule.denominator",
        fix="A ratio divides two counts or numbers; a yes/no indicator takes a `yes_no` rule.",
    ),
    Case(
        "M58",
        "semantic",
        "A relative rule on a yes/no indicator",
        parse(
            mini(
                ('type = "count"', 'type = "count"\n\n[[indicators]]\nid = "network"\nlabel = { vi = "Mạng chuyên dùng" }\ntype = "yes_no"'),
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "relative", indicator = "network" }',
                ),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:61: criterion '1.2': a relative rule needs a ratio or count or number indicator, got 'network' of type 'yes_no' @ $.criteria[1].rule",
        fix="Compare agencies on a count, number or ratio; score a yes/no indicator with a `yes_no` rule.",
    ),
    Case(
        "M59",
        "semantic",
        "A min–max rule naming an unknown indicator",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "min_max", indicator = "meeting" }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': unknown indicator 'meeting' (did you mean 'meetings'?) @ $.criteria[1].rule.indicator",
        fix="Use the suggested indicator id.",
    ),
    Case(
        "M60",
        "semantic",
        "A yes/no rule on a count",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "yes_no", indicator = "meetings" }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': a yesno rule needs a yes_no indicator, got 'meetings' of type 'count' @ $.criteria[1].rule",
        fix="Use a `yes_no` indicator, or a `tiers`/`per_item` rule for a count.",
    ),
    Case(
        "M61",
        "semantic",
        "Yes/no points for 'no' above the maximum",
        parse(
            mini(
                ('type = "count"', 'type = "count"\n\n[[indicators]]\nid = "network"\nlabel = { vi = "Mạng chuyên dùng" }\ntype = "yes_no"'),
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "yes_no", indicator = "network", if_no = 45 }',
                ),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:61: criterion '1.2': 'if_no' must be within [0, 40], got 45 @ $.criteria[1].rule.if_no",
        fix="`if_no` lies within [0, max_points] (usually 0).",
    ),
    Case(
        "M62",
        "semantic",
        "A choice rule on a ratio",
        parse(
            mini(
                (
                    'rule = { kind = "proportional", indicator = "computer_share" }',
                    'rule = { kind = "choice", indicator = "computer_share", points_by_option = { a = 1 } }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': a choice rule needs a choice indicator, got 'computer_share' of type 'ratio' @ $.criteria[0].rule",
        fix="Use a `choice` indicator with its options.",
    ),
    Case(
        "M63",
        "semantic",
        "A choice fraction above 1",
        parse(
            mini(
                (
                    'type = "count"',
                    'type = "count"\n\n[[indicators]]\nid = "degree"\nlabel = { vi = "Trình độ" }\ntype = "choice"\noptions = [{ id = "university" }, { id = "college" }]',
                ),
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "choice", indicator = "degree", fraction_by_option = { university = 1.5, college = 0.5 } }',
                ),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:62: criterion '1.2': option 'university' must earn within [0, 1], got 1.5 @ $.criteria[1].rule.fraction_by_option.university",
        fix="Fractions of the maximum lie within [0, 1]; use `points_by_option` for points.",
    ),
    Case(
        "M64",
        "semantic",
        "A per-item rule on a ratio",
        parse(
            mini(
                (
                    'rule = { kind = "proportional", indicator = "computer_share" }',
                    'rule = { kind = "per_item", indicator = "computer_share", points_per_item = 6 }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': a peritem rule needs a count indicator, got 'computer_share' of type 'ratio' @ $.criteria[0].rule",
        fix="Per-item points count whole items: use a `count` indicator.",
    ),
    Case(
        "M65",
        "semantic",
        "Per-item points below 0, with many decimals",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "per_item", indicator = "meetings", points_per_item = -0.0000001 }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'points_per_item' must be > 0, got -0.0000001 @ $.criteria[1].rule.points_per_item",
        fix="Give the points each item earns (> 0).",
    ),
    Case(
        "M66",
        "semantic",
        "`at_most` tier thresholds out of order",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_most = 2, points = 40 }, { at_most = 1, points = 20 }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'at_most' thresholds must be strictly increasing, got 1 after 2 @ $.criteria[1].rule.tiers[1].at_most",
        fix="List tiers best first: `at_most` thresholds increasing.",
    ),
    Case(
        "M67",
        "semantic",
        "Two `at_least` tiers with the same threshold",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 4, points = 20 }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'at_least' thresholds must be strictly decreasing, got 4 after 4 @ $.criteria[1].rule.tiers[1].at_least",
        fix="Each tier needs its own threshold; merge the two.",
    ),
    Case(
        "M68",
        "semantic",
        "Two `at_most` tiers with the same threshold",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_most = 1, points = 40 }, { at_most = 1, points = 20 }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'at_most' thresholds must be strictly increasing, got 1 after 1 @ $.criteria[1].rule.tiers[1].at_most",
        fix="Each tier needs its own threshold; merge the two.",
    ),
    Case(
        "M69",
        "semantic",
        "Several tier problems in one rule, all reported",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, at_most = 9, points = 40 }, { at_most = 2, points = 20 }, { at_least = 1, points = 45.50 }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 3 problems\n  - mini.toml:56: criterion '1.2': a tier needs exactly one of 'at_least' and 'at_most' @ $.criteria[1].rule.tiers[0]\n  - mini.toml:56: criterion '1.2': all tiers of a rule must use the same bound ('at_least' or 'at_most') @ $.criteria[1].rule.tiers[1]\n  - mini.toml:56: criterion '1.2': tier points must be within [0, 40], got 45.50 @ $.criteria[1].rule.tiers[2].points",
        fix="Fix each tier; every problem is listed at once.",
    ),
    Case(
        "M70",
        "semantic",
        "A sum with a cap of 0",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "sum", cap = 0, parts = [{ id = "a", max_points = 40, rule = { kind = "per_item", indicator = "meetings", points_per_item = 10 } }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:56: criterion '1.2': 'cap' must be > 0, got 0 @ $.criteria[1].rule.cap\n  - mini.toml:56: criterion '1.2': 'cap' (0) must equal the criterion's max_points (40) @ $.criteria[1].rule",
        fix="Leave `cap` out, or give the criterion's maximum.",
    ),
    Case(
        "M71",
        "semantic",
        "A sum whose cap is not the criterion's maximum",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "sum", cap = 30, parts = [{ id = "a", max_points = 40, rule = { kind = "per_item", indicator = "meetings", points_per_item = 10 } }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': 'cap' (30) must equal the criterion's max_points (40) @ $.criteria[1].rule",
        fix="The cap is the criterion's maximum: make them equal.",
    ),
    Case(
        "M72",
        "semantic",
        "A sum part with a negative maximum, and a broken part after it",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "sum", parts = [{ id = "a", max_points = -5, rule = { kind = "per_item", indicator = "meetings", points_per_item = 1 } }, { id = "b", max_points = 45, rule = { kind = "per_item", indicator = "meeting", points_per_item = 1 } }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:56: criterion '1.2': 'max_points' must be >= 0, got -5 @ $.criteria[1].rule.parts[0].max_points\n  - mini.toml:56: criterion '1.2': unknown indicator 'meeting' (did you mean 'meetings'?) @ $.criteria[1].rule.parts[1].rule.indicator",
        fix="Give each part a maximum >= 0; each part's rule is checked like a criterion's.",
    ),
    Case(
        "M73",
        "semantic",
        "A sum with no parts",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "sum", parts = [] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:56: criterion '1.2': 'parts' needs at least one entry @ $.criteria[1].rule.parts\n  - mini.toml:56: criterion '1.2': the parts' maxima add up to 0, which must equal the criterion's max_points (40) @ $.criteria[1].rule",
        fix="List the parts, or use the part's rule directly.",
    ),
    Case(
        "M74",
        "semantic",
        "A best-of alternative naming an unknown indicator",
        parse(
            mini(
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "best_of", alternatives = [{ id = "a", max_points = 40, rule = { kind = "per_item", indicator = "meeting", points_per_item = 10 } }] }',
                )
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:56: criterion '1.2': unknown indicator 'meeting' (did you mean 'meetings'?) @ $.criteria[1].rule.alternatives[0].rule.indicator",
        fix="Use the suggested indicator id.",
    ),
    Case(
        "M75",
        "semantic",
        "An info criterion naming an unknown indicator",
        parse(
            mini(
                append='\n[[criteria]]\nid = "1.3"\nsection = "infrastructure"\nlabel = { vi = "Đô thị thông minh" }\nmax_points = 0\nrule = { kind = "info", indicator = "meeting" }\nprovenance = { status = "decision", citation = "Phụ lục 1" }\n'
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:64: criterion '1.3': unknown indicator 'meeting' (did you mean 'meetings'?) @ $.criteria[2].rule.indicator",
        fix="Use the suggested indicator id, or leave `indicator` out.",
    ),
    Case(
        "M76",
        "semantic",
        "An unknown indicator with no close match",
        parse(mini(('rule = { kind = "proportional", indicator = "computer_share" }', 'rule = { kind = "proportional", indicator = "zzz" }'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:48: criterion '1.1': unknown indicator 'zzz' @ $.criteria[0].rule.indicator",
        fix="Declare the indicator in `[[indicators]]`, or fix the id.",
    ),
    Case(
        "M77",
        "semantic",
        "A min–max rule on a choice indicator",
        parse(
            mini(
                (
                    'type = "count"',
                    'type = "count"\n\n[[indicators]]\nid = "degree"\nlabel = { vi = "Trình độ" }\ntype = "choice"\noptions = [{ id = "university" }, { id = "college" }]',
                ),
                (
                    'rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }',
                    'rule = { kind = "min_max", indicator = "degree" }',
                ),
            )
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:62: criterion '1.2': a minmax rule needs a ratio or count or number indicator, got 'degree' of type 'choice' @ $.criteria[1].rule",
        fix="Min–max compares numbers; score options with a `choice` rule.",
    ),
    Case(
        "M78",
        "semantic",
        "A wrong type in one criterion and an unknown section in another, reported together",
        parse(mini(("max_points = 60", 'max_points = "60"'), ('id = "1.2"\nsection = "infrastructure"', 'id = "1.2"\nsection = "infrastructur"'))),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:47: criterion '1.1': expected a number, got string '60' @ $.criteria[0].max_points\n  - mini.toml:53: criterion '1.2': unknown section 'infrastructur' (did you mean 'infrastructure'?) @ $.criteria[1].section",
        fix="Fix both: a criterion of the wrong type is set aside while the rest is checked, so the problems of meaning come in the same list.",
    ),
    Case(
        "M79",
        "semantic",
        "A group ranked within an unknown scope (`ranked_within` and `compared_within` take `group` or `parent`)",
        parse(
            mini(('id = "department"\nlabel = { vi = "Sở, ban, ngành" }', 'id = "department"\nlabel = { vi = "Sở, ban, ngành" }\nranked_within = "district"'))
        ),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 1 problem\n  - mini.toml:28: ranked_within must be one of group, parent, got 'district' @ $.groups[0].ranked_within",
        fix="Write `ranked_within = \"parent\"` to rank the group's agencies per parent (the wards of each district), and name the parents' group in `parent_group`.",
    ),
    Case(
        "M80",
        "semantic",
        "A ranking block with the id of a group, naming a group that does not exist",
        parse(mini(append='\n[[blocks]]\nid = "department"\nlabel = { vi = "Khối", en = "Block" }\ngroups = ["departments"]\n')),
        RulesetValidationError,
        message="mini.toml: ruleset is invalid: 2 problems\n  - mini.toml:60: duplicate id 'department': an agency group already has it @ $.blocks[0].id\n"
        "  - mini.toml:62: unknown agency group 'departments' (did you mean 'department'?) @ $.blocks[0].groups",
        fix="Give the block an id of its own and list the ids of the groups it ranks together (docs/ruleset-format.md, Ranking blocks).",
    ),
    # --- Amendments -------------------------------------------------------------
    Case(
        "A01",
        "amendment",
        "`extends` names no file or bundled ruleset",
        load("amendment.toml", {"amendment.toml": AMENDMENT.replace("mini.toml", "mini-2022.toml")}),
        RulesetValidationError,
        message="amendment.toml:2: mini-2022.toml: no such file or bundled ruleset (bundled: {bundled}) @ $.extends",
        fix="Point `extends` at the base file (relative to the amendment) or a bundled name.",
    ),
    Case(
        "A02",
        "amendment",
        "`extends` is not a string",
        load("amendment.toml", {"amendment.toml": AMENDMENT.replace('"mini.toml"', "2022")}),
        RulesetValidationError,
        message="amendment.toml:2: extends must be a ruleset name or path, got 2022 @ $.extends",
        fix="Write the base's name or path in quotes.",
    ),
    Case(
        "A03",
        "amendment",
        "Rulesets extending each other in a cycle",
        load("a.toml", {"a.toml": AMENDMENT.replace("mini.toml", "b.toml"), "b.toml": AMENDMENT.replace("mini.toml", "a.toml")}),
        RulesetValidationError,
        message="b.toml:2: extends makes a cycle: a.toml -> b.toml -> a.toml @ $.extends",
        fix="Each amendment extends an earlier ruleset; break the cycle.",
    ),
    Case(
        "A04",
        "amendment",
        "An amendment without its own id",
        load("amendment.toml", {**BASE_FILES, "amendment.toml": 'schema_version = 1\nextends = "mini.toml"\nversion = "2"\n'}),
        RulesetValidationError,
        message="amendment.toml: amendment is invalid: 1 problem\n  - amendment.toml: an amendment must declare its own 'id' @ $.id",
        fix="Give the amendment its own `id` and `version`; it is a new ruleset.",
    ),
    Case(
        "A05",
        "amendment",
        "Removing an id the base does not have",
        amend('\n[remove]\ncriteria = ["1.9"]\n'),
        RulesetValidationError,
        message="amendment.toml: amendment is invalid: 1 problem\n  - amendment.toml:7: criterion '1.9': cannot remove criterion '1.9': the base has no such id @ $.remove.criteria",
        fix="Use an id from the base ruleset.",
    ),
    Case(
        "A06",
        "amendment",
        "Modifying an id the base does not have",
        amend('\n[modify.criteria."1.9"]\nmax_points = 50\n'),
        RulesetValidationError,
        message="amendment.toml: amendment is invalid: 1 problem\n  - amendment.toml:6: criterion '1.9': cannot modify '1.9' in criteria: the base has no such id @ $.modify.criteria.1.9",
        fix="Use an id from the base ruleset, or add the item with `[[criteria]]`.",
    ),
    Case(
        "A07",
        "amendment",
        "`remove` is not a table",
        amend('remove = ["1.1"]\n'),
        RulesetValidationError,
        message="amendment.toml: amendment is invalid: 1 problem\n  - amendment.toml:5: 'remove' must be a table @ $.remove",
        fix='Write `[remove]` then `criteria = ["1.1"]`.',
    ),
    Case(
        "A08",
        "amendment",
        "`remove.criteria` is not an array",
        amend('\n[remove]\ncriteria = "1.1"\n'),
        RulesetValidationError,
        message="amendment.toml: amendment is invalid: 1 problem\n  - amendment.toml:7: 'remove.criteria' must be an array of ids, got string '1.1' @ $.remove.criteria",
        fix='Write the ids as an array: `criteria = ["1.1"]`.',
    ),
    Case(
        "A09",
        "amendment",
        "`modify.criteria` is not a table",
        amend('\n[modify]\ncriteria = ["1.1"]\n'),
        RulesetValidationError,
        message="amendment.toml: amendment is invalid: 1 problem\n  - amendment.toml:7: 'modify.criteria' must be a table of ids, got array [...] @ $.modify.criteria",
        fix='Write one table per changed item: `[modify.criteria."1.1"]`.',
    ),
    Case(
        "A10",
        "amendment",
        "A modify entry that is not a table",
        amend('\n[modify.criteria]\n"1.1" = 50\n'),
        RulesetValidationError,
        message="amendment.toml: amendment is invalid: 1 problem\n  - amendment.toml: modify.criteria.1.1 must be a table of changed keys @ $.modify.criteria.1.1",
        fix='List the changed keys: `[modify.criteria."1.1"]` then `max_points = 50`.',
    ),
    Case(
        "A11",
        "amendment",
        "An unknown collection in `remove`",
        amend('\n[remove]\ncriterias = ["1.1"]\n'),
        RulesetValidationError,
        message="amendment.toml: amendment is invalid: 1 problem\n  - amendment.toml:7: unknown key 'criterias' (did you mean 'criteria'?); 'remove' takes bands, groups, blocks, sections, indicators, criteria, bonuses, penalties @ $.remove.criterias",
        fix="Use the suggested collection name.",
    ),
    Case(
        "A12",
        "amendment",
        "An amendment that breaks the base's sums",
        amend('\n[modify.criteria."1.1"]\nmax_points = 50\n'),
        RulesetValidationError,
        message="amendment.toml: ruleset is invalid: 1 problem\n  - amendment.toml: the maxima of the criteria applying to group 'department' add up to 90, not 100 (the scale) @ $.groups[0]",
        fix="Change the other maxima in the same amendment so they add up again.",
    ),
    Case(
        "A13",
        "amendment",
        "A chain of more than 16 amendments (here 17, each extending the next, the last extending mini.toml)",
        load("a0.toml", {**BASE_FILES, **{f"a{i}.toml": AMENDMENT.replace("mini.toml", f"a{i + 1}.toml" if i < 16 else "mini.toml") for i in range(17)}}),
        RulesetValidationError,
        message="a15.toml:2: extends makes a chain of more than 16 rulesets; at most 16 may build on one another @ $.extends",
        fix="Merge some of the amendments into one file: a decision that amends an amended decision is still one amendment of the ruleset in force.",
    ),
    Case(
        "A14",
        "amendment",
        "Text parsed without `base_dir` (an upload) whose `extends` names a file — refused whether or not the file exists (here `mini.toml` does)",
        upload(AMENDMENT, BASE_FILES),
        RulesetValidationError,
        message="upload.toml:2: mini.toml: not a bundled ruleset (bundled: {bundled}); a text parsed without base_dir can extend only a bundled ruleset @ $.extends",
        fix="Extend a bundled ruleset by name, or parse with `base_dir=` the folder whose files the text may extend (`load_ruleset(path)` uses the file's own folder). "
        "See *How `extends` and a RULESET name are resolved* in docs/ruleset-format.md.",
    ),
    # --- Scoring call -------------------------------------------------------------
    Case(
        "C01",
        "scoring",
        "Submissions that are not iterable",
        lambda tmp: ((lambda: score(SCORING_RULESET, 5)), 5),  # type: ignore[arg-type]
        ScoringError,
        message="submissions must be an iterable of Submission, got int",
        fix="Pass a list of `Submission` objects (`read_submissions` makes one from a file).",
    ),
    Case(
        "C02",
        "scoring",
        "A plain dict instead of a Submission",
        scoring({"agency": "so-tai-chinh"}),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - submission 2 must be a Submission, got dict",
        fix="Build `Submission(agency=..., group=..., values=...)`, or read the data with `read_submissions`.",
    ),
    Case(
        "C03",
        "scoring",
        "An empty agency id",
        scoring(agency(agency=" ")),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - submission 2 has an empty agency id",
        fix="Give every agency a stable id.",
    ),
    Case(
        "C04",
        "scoring",
        "The same agency twice",
        scoring(agency(agency="so-noi-vu")),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-noi-vu': duplicate agency (submissions 0 and 2)",
        fix="Merge the two rows; figures from several sources go in one submission as `Figure`s.",
    ),
    Case(
        "C05",
        "scoring",
        "An unknown agency group",
        scoring(agency(group="ward")),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh': unknown agency group 'ward'; the ruleset has 'department', 'commune'",
        fix="Use one of the ruleset's groups listed.",
    ),
    Case(
        "C06",
        "scoring",
        "An unknown indicator",
        scoring(agency({"computer_shares": Decimal("0.5")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'computer_shares': unknown indicator (did you mean 'computer_share'?)",
        fix="Use the suggested indicator id (the ruleset's ids, not the labels).",
    ),
    Case(
        "C07",
        "scoring",
        "An unknown data source",
        scoring(agency({"meetings": Figure(value=4, source="inspection")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': unknown source 'inspection'; the ruleset has 'verification', 'records', 'agency'",
        fix="Use one of the ruleset's sources listed.",
    ),
    Case(
        "C08",
        "scoring",
        "Two values from the same source",
        scoring(agency({"meetings": [Figure(value=4), Figure(value=3)]})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': two values from source 'agency'",
        fix="Keep one figure per source; the ruleset's source order decides which source wins.",
    ),
    Case(
        "C09",
        "scoring",
        "A number for a yes/no indicator",
        scoring(agency({"network": 1})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'network': expected yes/no (true or false), got int 1",
        fix="Give `True` or `False` (data files accept có/không, yes/no, x).",
    ),
    Case(
        "C10",
        "scoring",
        "An option the choice indicator does not have",
        scoring(agency({"degree": "master"})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'degree': expected one of 'university', 'college', got 'master'",
        fix="Use one of the option ids listed.",
    ),
    Case(
        "C11",
        "scoring",
        "NaN",
        scoring(agency({"computer_share": float("nan")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'computer_share': expected a finite number, got nan",
        fix="Give the figure, or leave it out and let the missing-data policy decide; NaN is never scored (it would band as Yếu).",
    ),
    Case(
        "C12",
        "scoring",
        "Infinity",
        scoring(agency({"bandwidth": Decimal("Infinity")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'bandwidth': expected a finite number, got Decimal('Infinity')",
        fix="Give a finite figure.",
    ),
    Case(
        "C13",
        "scoring",
        "A boolean for a number",
        scoring(agency({"meetings": True})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': expected a number, got True",
        fix="Give the count itself.",
    ),
    Case(
        "C14",
        "scoring",
        "A number written as text",
        scoring(agency({"meetings": "4"})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': expected a number, got str '4'",
        fix="Pass numbers as `int`, `Decimal` or `float`; `read_submissions` converts cells of data files.",
    ),
    Case(
        "C15",
        "scoring",
        "A ratio above 1 (a percentage)",
        scoring(agency({"computer_share": 95})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'computer_share': a ratio must be within [0, 1], got 95",
        fix="Give ratios as fractions: 95% is 0.95.",
    ),
    Case(
        "C16",
        "scoring",
        "A negative count",
        scoring(agency({"meetings": -1})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': a count must not be negative, got -1",
        fix="Counts are whole numbers >= 0.",
    ),
    Case(
        "C17",
        "scoring",
        "A fractional count",
        scoring(agency({"meetings": Decimal("2.5")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': a count must be a whole number, got 2.5",
        fix="Counts are whole numbers; check the figure.",
    ),
    Case(
        "C18",
        "scoring",
        "A number below the indicator's minimum",
        scoring(agency({"bandwidth": -5})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'bandwidth': must be >= 0, got -5",
        fix="The ruleset declares the range; check the figure or its unit.",
    ),
    Case(
        "C19",
        "scoring",
        "A number above the indicator's maximum",
        scoring(agency({"bandwidth": 1500})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'bandwidth': must be <= 1000, got 1500",
        fix="As C18.",
    ),
    Case(
        "C20",
        "scoring",
        "A claim on an unknown criterion",
        scoring(agency(claims={"9.9": "Công văn 1/SNV"})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', criterion '9.9': claim on unknown criterion '9.9'",
        fix="Use the id of an excludable criterion that applies to the agency's group.",
    ),
    Case(
        "C21",
        "scoring",
        "A claim on a criterion of another group",
        scoring(agency(claims={"2.1": "Công văn 1/SNV"})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', criterion '2.1': claim on criterion that does not apply to group 'department': '2.1'",
        fix="The criterion already does not count for this group; drop the claim.",
    ),
    Case(
        "C22",
        "scoring",
        "A claim on a criterion that may not be claimed",
        scoring(agency(claims={"1.1": "Công văn 1/SNV"})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', criterion '1.1': criterion '1.1' may not be claimed outside an agency's function",
        fix="Only criteria marked `excludable = true` may leave an agency's denominator.",
    ),
    Case(
        "C23",
        "scoring",
        "A missing value under the `error` policy",
        scoring(agency(drop=("meetings",))),
        ScoringError,
        message="missing data under ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', criterion '1.2': no value for meetings",
        fix="Give the figure, or choose a `missing` policy (`zero` or `exclude`) in the ruleset.",
    ),
    Case(
        "C24",
        "scoring",
        "A missing value with a claim refused for want of evidence",
        scoring(agency(drop=("bandwidth",), claims=[Claim(criterion="1.3")])),
        ScoringError,
        message="missing data under ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', criterion '1.3': no value for bandwidth (claim that it is outside the agency's function refused: no evidence given)",
        fix="Attach the evidence document to the claim (then the criterion leaves the denominator), or give the figure.",
    ),
    Case(
        "C25",
        "scoring",
        "Several problems at once, all reported",
        scoring(agency({"computer_share": 2, "meetings": -1}, agency="a"), agency(group="ward", agency="b")),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 3 problems\n  - agency 'a', indicator 'computer_share': a ratio must be within [0, 1], got 2\n  - agency 'a', indicator 'meetings': a count must not be negative, got -1\n  - agency 'b': unknown agency group 'ward'; the ruleset has 'department', 'commune'",
        fix="Fix each line; every problem in every submission is listed in one error.",
    ),
    Case(
        "C26",
        "scoring",
        "A number of 10^15 or more (a data-entry error, or a unit mix-up)",
        scoring(agency({"meetings": Decimal("1e15")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': a number must be less than 10^15 in size, got 1E+15",
        fix="Check the figure and its unit; no indicator in a ruleset needs 16 digits.",
    ),
    Case(
        "C27",
        "scoring",
        "A number below 10^-15 that is not 0",
        scoring(agency({"computer_share": Decimal("1e-16")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'computer_share': a number must be 0 or at least 10^-15 in size, got 1E-16",
        fix="Give 0, or the figure with at most 15 decimal places.",
    ),
    Case(
        "C28",
        "scoring",
        "An agency id or group that is not a string (e.g. a number from a spreadsheet)",
        scoring(Submission(agency=2024, group=1, values=GOOD)),  # type: ignore[arg-type]
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - submission 2: agency, group and name must be strings, got agency 2024, group 1",
        fix="Pass ids as text: `str(value)`, or read the data with `read_submissions`.",
    ),
    Case(
        "C29",
        "scoring",
        "A source that is not a string",
        scoring(agency({"meetings": Figure(value=4, source=1)})),  # type: ignore[arg-type]
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': a source and a reference must be strings, got 1, ''",
        fix="Use one of the ruleset's source names.",
    ),
    Case(
        "C30",
        "scoring",
        "A claim whose evidence is not a string",
        scoring(agency(claims=[Claim(criterion="1.3", evidence=None)])),  # type: ignore[arg-type]
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh': a claim's criterion and evidence must be strings, got '1.3', None",
        fix="Give the evidence document's reference as text (an empty string means no evidence).",
    ),
    Case(
        "C31",
        "scoring",
        "An indicator id that is a number",
        scoring(agency({1: Decimal(1)})),  # type: ignore[dict-item]
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator '1': unknown indicator",
        fix="Use the ruleset's indicator ids (text) as keys; a number key is read as its text and matches no indicator.",
    ),
    Case(
        "C32",
        "scoring",
        "A wrong value whose figure names where it was read",
        scoring(agency({"meetings": Figure(value=-2, reference="data.csv:12")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': a count must not be negative, got -2 (data.csv:12)",
        fix="Fix the cell the reference names (`read_submissions` fills it in as file:line).",
    ),
    Case(
        "C33",
        "scoring",
        "A bonus's value missing under the `error` policy",
        lambda tmp: ((lambda: score(BONUS_RULESET, [agency(drop=("bandwidth", "network", "degree"), values={"meetings": 4})])), None),
        ScoringError,
        message="missing data under ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', criterion 'B1': no value for initiatives",
        fix='Give the figure, or set `missing = "zero"` on the bonus (most bonuses: no initiative, no points).',
    ),
    Case(
        "C34",
        "scoring",
        "Values keyed by something other than a string (a pre-built table)",
        scoring(Submission(agency="so-tai-chinh", group="department", values=FrozenDict({7: (Figure(value=1),)}))),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh': an indicator id must be a string, got 7",
        fix="Key values by the ruleset's indicator ids (text).",
    ),
    Case(
        "C35",
        "scoring",
        "Every kind of submission problem twice over: all of them are reported, none hides the next",
        scoring(*MANY_PROBLEMS, good=False),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 16 problems\n  - submission 0: agency, group and name must be strings, got agency 1\n  - submission 1: agency, group and name must be strings, got agency 2\n  - submission 2 has an empty agency id\n  - submission 3 has an empty agency id\n  - agency 'a': an indicator id must be a string, got 7\n  - agency 'a': an indicator id must be a string, got 8\n  - agency 'b', indicator 'meetings': a source and a reference must be strings, got 1, ''\n  - agency 'b', indicator 'meetings': a source and a reference must be strings, got 2, ''\n  - agency 'b', indicator 'network': unknown source 'inspection'; the ruleset has 'verification', 'records', 'agency'\n  - agency 'b', indicator 'network': unknown source 'audit'; the ruleset has 'verification', 'records', 'agency'\n  - agency 'b', indicator 'degree': two values from source 'agency'\n  - agency 'b', indicator 'degree': two values from source 'agency'\n  - agency 'b', indicator 'computer_share': a ratio must be within [0, 1], got 2\n  - agency 'b', indicator 'computer_share': a ratio must be within [0, 1], got 3\n  - agency 'b': a claim's criterion and evidence must be strings, got '1.3', None\n  - agency 'b': a claim's criterion and evidence must be strings, got '1.3', 1",
        fix="Fix each line; the checks go on past every problem, so one run lists them all.",
    ),
    Case(
        "C36",
        "scoring",
        "A `Submission` value beyond the size limits (any exponent: here 10^1,000,000)",
        scoring(agency({"meetings": Decimal("1e1000000")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': a number must be less than 10^15 in size, got 1E+1000000",
        fix="Correct the figure: values are less than 10^15 in size, 0 or at least 10^-15, with at most 40 significant digits.",
    ),
    Case(
        "C37",
        "scoring",
        "An agency id with a lone surrogate",
        scoring(agency(agency="so-tai-chinh\ud800")),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - submission 2: the agency id 'so-tai-chinh\\ud800' contains a lone surrogate U+D800, which no file can hold",
        fix="Fix whatever produced the text (often bytes decoded with `errors='surrogateescape'`); ids follow the text rule of docs/data.md.",
    ),
    Case(
        "C38",
        "scoring",
        "A name with a line break inside",
        scoring(agency(name="Sở Tài\nchính")),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh': the name 'Sở Tài\\nchính' contains the control character U+000A",
        fix="Write the name on one line (white space around it is dropped).",
    ),
    Case(
        "C39",
        "scoring",
        "Evidence for a claim with a control character",
        scoring(agency(claims={"1.3": "Công văn\x0012"})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', criterion '1.3': the evidence 'Công văn\\x0012' contains the control character U+0000",
        fix="Remove the character. Evidence of only invisible characters (a zero-width space) is not an error but counts as no evidence.",
    ),
    Case(
        "C40",
        "scoring",
        "A figure's reference with a line separator",
        scoring(agency({"meetings": Figure(value=4, reference="data.csv:\u2028")})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-tai-chinh', indicator 'meetings': the reference 'data.csv:\\u2028' contains the line break U+2028",
        fix="Remove the character from the reference.",
    ),
    Case(
        "C50",
        "scoring",
        "More than 200 problems (here 250 submissions that are not Submissions): the first 200 are listed, the rest counted",
        scoring([1] * 250, good=False),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 250 problems\n"
        + "\n".join(f"  - submission {i} must be a Submission, got int" for i in range(SHOWN))
        + f"\n  … and {250 - SHOWN} more",
        fix="Fix the problems listed and run again; a program finds every one in the error's `.problems`. Every error's message lists at most 200 problems.",
    ),
    Case(
        "C51",
        "scoring",
        "An agency of a group ranked within parents names no parent",
        hand_ranked_within_parent(),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-noi-vu': group 'department' is ranked within parent agencies: the agency needs a parent",
        fix='Give the agency its parent (a ward\'s district): `"parent"` in JSON, a `parent` column in CSV and XLSX.',
    ),
    Case(
        "C52",
        "scoring",
        "A decided (published) total beside figures",
        scoring(agency(agency="so-x", decided={"total": 90, "source": "TB 1"})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-x': an agency has either a decided total or figures and claims, not both",
        fix="Keep one: a total as published (a past round whose figures are not public) or the figures to score.",
    ),
    Case(
        "C53",
        "scoring",
        "A decided total without its source",
        scoring(Submission(agency="so-x", group="department", decided={"total": 90, "source": ""})),
        ScoringError,
        message="submissions do not fit ruleset 'mini': 1 problem\n  - agency 'so-x': a decided total needs its source: where it was published",
        fix="Say where the total was published (the decision, notice or article), so that every report can cite it.",
    ),
    # --- Agency data files (JSON; CSV and XLSX layouts: docs/data.md) ------------
    Case(
        "D01",
        "data",
        "No data file and no bundled sample by that name",
        data("missing.json"),
        DataError,
        message="missing.json: no such file or bundled sample (bundled: {samples})",
        fix="Check the path, or use one of the bundled sample names listed.",
    ),
    Case(
        "D02",
        "data",
        "An extension that names no format",
        data("agencies.txt.bak", {"agencies.txt.bak": "{}"}),
        DataError,
        message="agencies.txt.bak: cannot tell the format from the extension '.bak': expected .json, .csv or .xlsx (or pass the format)",
        fix="Rename the file to .json, .csv or .xlsx, or pass `format=`.",
    ),
    Case(
        "D03",
        "data",
        "An unknown `format`",
        data("agencies.json", {"agencies.json": "{}"}, format="yaml"),
        DataError,
        message="agencies.json: format must be one of json, csv, xlsx, got 'yaml'",
        fix="Use one of the formats listed.",
    ),
    Case(
        "D04",
        "data",
        "Invalid JSON",
        data("agencies.json", {"agencies.json": '{"agencies": [\n  {"id": "so-noi-vu",}\n]}'}),
        DataError,
        message="agencies.json:2:22: invalid JSON: Expecting property name enclosed in double quotes",
        fix="Fix the JSON at the line and column shown (here: a trailing comma).",
    ),
    Case(
        "D05",
        "data",
        "A JSON document without an `agencies` list",
        data("agencies.json", {"agencies.json": '{"agency": []}'}),
        DataError,
        message="agencies.json: expected a table with a list 'agencies'",
        fix="Put the agencies in a list under the key `agencies` (see docs/data.md).",
    ),
    Case(
        "D06",
        "data",
        "An agency that is not a table",
        data("agencies.json", {"agencies.json": '{"agencies": ["so-noi-vu"]}'}),
        DataError,
        message="agencies.json: cannot read agency data: 1 problem\n  - agencies.json: an agency must be a table @ $.agencies[0]",
        fix="Write each agency as an object with `id`, `group` and `values`.",
    ),
    Case(
        "D07",
        "data",
        "An agency without an id",
        data("agencies.json", {"agencies.json": '{"agencies": [{"group": "department", "values": {}}]}'}),
        DataError,
        message="agencies.json: cannot read agency data: 1 problem\n  - agencies.json: an agency needs a non-empty string 'id' @ $.agencies[0].id",
        fix="Give every agency a non-empty string `id`.",
    ),
    Case(
        "D08",
        "data",
        "A CSV file read without the ruleset",
        data("agencies.csv", {"agencies.csv": "id,group\nso-noi-vu,department\n"}),
        DataError,
        message="agencies.csv: reading CSV needs the ruleset, to read each cell by its indicator's type",
        fix="Pass the ruleset: `read_submissions(path, ruleset)`; cells are read by their indicator's type.",
    ),
    Case(
        "D09",
        "data",
        "A JSON file not in UTF-8",
        data("agencies.json", {"agencies.json": b'{"agencies": [{"id": "s\xf4", "group": "department"}]}'}),
        DataError,
        message="agencies.json:1:24: the file is not UTF-8: byte 0xf4 cannot be decoded (in Excel, save as 'CSV UTF-8')",
        fix="Save the file as UTF-8 (in Excel: *CSV UTF-8*; most editors: *Encoding: UTF-8*).",
    ),
    Case(
        "W01",
        "data",
        "`write_template` with a language other than Vietnamese or English",
        template(lang="fr"),
        DataError,
        message="cannot write a template: 1 problem\n  - lang must be 'vi' or 'en', got 'fr'",
        fix='Use `lang="vi"` (the default) or `lang="en"`: the language of the drop-down lists and input prompts.',
    ),
    Case(
        "W02",
        "data",
        "`write_template(agencies=...)` given something other than submissions",
        template(["so-noi-vu"]),
        DataError,
        message="cannot write a template: 1 problem\n  - agencies must be an iterable of Submission (e.g. from read_submissions), got a str",
        fix="Pass the submissions of an earlier data file: `agencies=read_submissions(path, ruleset)`.",
    ),
    Case(
        "W03",
        "data",
        "`write_template(agencies=...)` with the same agency twice",
        template([Submission(agency="so-noi-vu", group="department"), Submission(agency="so-noi-vu", group="department")]),
        DataError,
        message="cannot write a template: 1 problem\n  - agency 'so-noi-vu': duplicate agency in agencies",
        fix="Give each agency once; a template has one row per agency.",
    ),
    Case(
        "W04",
        "data",
        "`write_template(agencies=...)` with an agency id starting with `#`",
        template([Submission(agency="#1", group="department")]),
        DataError,
        message="cannot write a template: 1 problem\n  - agency '#1': an agency id must not be empty or start with '#': a template row would read back as a note",
        fix="Rename the agency: in the wide layout a row whose id starts with `#` is a note row and is skipped.",
    ),
    Case(
        "D10",
        "data",
        "A number beyond the size limits (any exponent: here 10^1,000,000)",
        data(
            "agencies.json",
            {"agencies.json": _agencies('{"id": "so-noi-vu", "group": "department", "values": {"meetings": 1e1000000}}')},
            ruleset=SCORING_RULESET,
        ),
        DataError,
        message="agencies.json: cannot read agency data: 1 problem\n  - agencies.json: agency 'so-noi-vu', indicator 'meetings': a number must be less than 10^15 in size, got 1E+1000000 @ $.agencies[0].values.meetings",
        fix="Correct the figure: values are less than 10^15 in size (and 0 or at least 10^-15), whatever the file format.",
    ),
    Case(
        "D11",
        "data",
        "An integer of 5,000 digits in a JSON file (beyond what Python reads as an integer)",
        data(
            "agencies.json",
            {"agencies.json": _agencies('{"id": "so-noi-vu", "group": "department", "values": {"meetings": ' + "9" * 5000 + "}}")},
            ruleset=SCORING_RULESET,
        ),
        DataError,
        message="agencies.json: cannot read agency data: 1 problem\n  - agencies.json: agency 'so-noi-vu', indicator 'meetings': a number must be less than 10^15 in size, got 9.999999…E+4999 @ $.agencies[0].values.meetings",
        fix="Correct the figure; a long number is shown by its first digits and its exponent.",
    ),
    Case(
        "D12",
        "data",
        "A number with more significant digits than the engine keeps exact",
        data("agencies.csv", {"agencies.csv": "id,group,computer_share\nso-noi-vu,department,0." + "3" * 60 + "\n"}, ruleset=SCORING_RULESET),
        DataError,
        message="agencies.csv: cannot read agency data: 1 problem\n  - agencies.csv:2:3: agency 'so-noi-vu', indicator 'computer_share': a number may have at most 40 significant digits, got 3.333333…E-1 (60 digits) @ computer_share",
        fix="Give the figure to at most 40 significant digits (a ratio of two counts is better given as the two counts).",
    ),
    Case(
        "D13",
        "data",
        "A JSON data file nested deeper than the library reads (the same limit as a ruleset and a portal payload)",
        data(
            "agencies.json",
            {"agencies.json": '{"agencies": [{"id": "so-noi-vu", "group": "department", "values": {"meetings": ' + "[" * 40 + "]" * 40 + "}}]}"},
        ),
        DataError,
        message="agencies.json:1:109: arrays and objects nest more than 32 deep; a data document may nest at most 32",
        fix="A data document nests five levels deep (agencies, agency, values, value, source); check what produced this one.",
    ),
    Case(
        "D14",
        "data",
        "A JSON object that repeats a key",
        data("agencies.json", {"agencies.json": _agencies('{"id": "so-noi-vu", "group": "department", "values": {"meetings": 4, "meetings": 40}}')}),
        DataError,
        message="agencies.json: cannot read agency data: 1 problem\n  - agencies.json: duplicate key 'meetings': JSON would keep only its last value @ $.agencies[0].values.meetings",
        fix="Keep one of the two entries; JSON readers differ on which one wins, so the library takes neither.",
    ),
    Case(
        "D15",
        "data",
        "A JSON data document with no agency",
        data("agencies.json", {"agencies.json": '{"agencies": []}'}),
        DataError,
        message="agencies.json: no agency: the list 'agencies' is empty @ $.agencies",
        fix="List the agencies of the evaluation; an empty cohort has nothing to score.",
    ),
    Case(
        "D16",
        "data",
        "A CSV or XLSX table with nothing below its header",
        data("agencies.csv", {"agencies.csv": "id,group,meetings\n"}, ruleset=SCORING_RULESET),
        DataError,
        message="agencies.csv: cannot read agency data: 1 problem\n  - agencies.csv:1: no agency: the table has nothing below its header",
        fix="Fill in one row per agency (a template's unfilled rows, with only the group, read as no agency without an error).",
    ),
    Case(
        "D17",
        "data",
        "An agency id with a lone surrogate (a `\\ud800` escape in JSON)",
        data("agencies.json", {"agencies.json": _agencies('{"id": "so-noi-vu\\ud800", "group": "department"}')}),
        DataError,
        message="agencies.json: cannot read agency data: 1 problem\n  - agencies.json: the agency id 'so-noi-vu\\ud800' contains a lone surrogate U+D800, which no file can hold @ $.agencies[0].id",
        fix="Fix whatever produced the text: half of a UTF-16 pair is not a character, and no report could be written with it.",
    ),
    Case(
        "D18",
        "data",
        "An agency id with an invisible character (a zero-width space pasted from a web page)",
        data("agencies.csv", {"agencies.csv": "id,group,meetings\nso-noi-vu\u200b,department,4\n"}, ruleset=SCORING_RULESET),
        DataError,
        message="agencies.csv: cannot read agency data: 1 problem\n  - agencies.csv:2:1: the agency id 'so-noi-vu\\u200b' contains the invisible character U+200B (ZERO WIDTH SPACE) @ id",
        fix="Retype the id: ids may not hold format characters (zero-width spaces, joiners, byte-order marks) or spaces other than U+0020 (docs/data.md).",
    ),
    Case(
        "D19",
        "data",
        "A name with a control character",
        data("agencies.json", {"agencies.json": _agencies('{"id": "so-noi-vu", "name": "Sở\\u0007Nội vụ", "group": "department"}')}),
        DataError,
        message="agencies.json: cannot read agency data: 1 problem\n  - agencies.json: agency 'so-noi-vu': the name 'Sở\\x07Nội vụ' contains the control character U+0007 @ $.agencies[0].name",
        fix="Remove the character; names, evidence and claims hold no control characters, tabs or line breaks.",
    ),
    Case(
        "D20",
        "data",
        "An XLSX cell holding a formula with no saved value (a workbook written by a program, never opened in Excel)",
        data("agencies.xlsx", {"agencies.xlsx": _xlsx([["id", "group", "meetings"], ["so-noi-vu", "department", "=2+2"]])}, ruleset=SCORING_RULESET),
        DataError,
        message="agencies.xlsx: cannot read agency data: 1 problem\n  - agencies.xlsx: Sheet!C2: the cell has a formula without a saved value: open the workbook in Excel and save it, or type the value",
        fix="Open and save the workbook in Excel (which saves each formula's value), or type the value instead of the formula.",
    ),
    Case(
        "D21",
        "data",
        "An XLSX value right of the header (here in the last column, XFD): the sheet is read only as wide as its header",
        data(
            "agencies.xlsx",
            {"agencies.xlsx": _xlsx([["id", "group", "meetings"], ["so-noi-vu", "department", 4, *([None] * 16380), "x"]])},
            ruleset=SCORING_RULESET,
        ),
        DataError,
        message="agencies.xlsx: cannot read agency data: 1 problem\n  - agencies.xlsx: Sheet!XFD2: a value in a column without a header: 'x'",
        fix="Give the column a header, or clear the stray cell.",
    ),
    # --- Lookups (KeyError, like a mapping) ------------------------------------
    Case(
        "K01",
        "lookup",
        "`Ruleset.criterion` with an unknown id",
        lookup(lambda: SCORING_RULESET.criterion("9.9")),
        KeyError,
        message="no criterion with id '9.9'",
        fix="Use an id from `ruleset.criteria`.",
    ),
    Case(
        "K02",
        "lookup",
        "`Assessment.score_for` with an unknown agency",
        lookup(lambda: GOOD_RESULT.score_for("so-y-te")),
        KeyError,
        message="no agency 'so-y-te' in this assessment",
        fix="Use an agency id that was scored.",
    ),
    Case(
        "K03",
        "lookup",
        "`Score.criterion` with a criterion of another group",
        lookup(lambda: GOOD_RESULT.score_for("so-noi-vu").criterion("2.1")),
        KeyError,
        message="agency 'so-noi-vu' has no result for '2.1'",
        fix="Use `ruleset.criteria_for(score.group)` for the criteria that apply.",
    ),
    Case(
        "K04",
        "lookup",
        "`Ruleset.describe_rule` with an unknown id",
        lookup(lambda: SCORING_RULESET.describe_rule("B9")),
        KeyError,
        message="no criterion, bonus or penalty with id 'B9'",
        fix="Use a criterion, bonus or penalty id.",
    ),
    Case(
        "K05",
        "lookup",
        "`ruleset_for` with an evaluation year no bundled ruleset of the family governs",
        lookup(lambda: __import__("indicator_index").ruleset_for(2020)),
        RulesetError,
        message="no 'danang' ruleset governs evaluation year 2020: none is in force on 2020-12-31 or comes into force in 2021 (chain: danang-448-2022 (2022-02-09 – 2023-01-12), danang-2901-2023 (2023-12-27 – 2025-11-04), danang-2386-2025 (2025-11-05 – …))",
        fix="Pass a year the chain covers (see `indicator-index list`), or load the ruleset of an earlier decision yourself.",
    ),
    Case(
        "K06",
        "lookup",
        "`compare_assessments` with a mapping of renamed agencies that names an agency the assessment lacks",
        lookup(lambda: __import__("indicator_index").compare_assessments(GOOD_RESULT, GOOD_RESULT, renamed={"so-khong-co": "so-noi-vu"})),
        DataError,
        message=f"the mapping of renamed agencies is invalid: 1 problem\n  - renamed: 'so-khong-co' is not an agency of the earlier assessment ({GOOD_RESULT.ruleset_id})",
        fix="Map ids of the earlier assessment to ids of the later one; an agency whose id is unchanged needs no entry.",
    ),
    # --- Command line (exit status 2) --------------------------------------------
    Case(
        "L01",
        "cli",
        "`indicator-index score ... -o out.pdf`: an output suffix the command does not write",
        cli("score", "example-2024", "example-2024", "-o", "out.pdf"),
        UsageError,
        message="cannot write 'out.pdf': score writes .csv, .htm, .html, .json, .markdown, .md, .txt or .xlsx files (or give --format); "
        "for a PDF, write the HTML report (-o out.html), open it in a browser and print it: it is laid out for A4",
        fix="Write `-o out.html` and print it from the browser (*Save as PDF*): the report has print styles for an A4 appendix, with the ruleset's id and hash on every page. "
        "To write a format under another name, give `--format`.",
    ),
    Case(
        "L02",
        "cli",
        "`indicator-index explain ... -o trace.html`: a suffix of a format `explain` does not write",
        cli("explain", "example-2024", "example-2024", "so-noi-vu", "-o", "trace.html"),
        UsageError,
        message="cannot write 'trace.html': explain writes .json, .markdown, .md or .txt files (or give --format); "
        "for a PDF, write the HTML report (score RULESET DATA -o report.html), open it in a browser and print it: it is laid out for A4",
        fix="Use `.txt`, `.md` or `.json`; the HTML report of `score` holds every agency's trace.",
    ),
    Case(
        "L03",
        "cli",
        "`indicator-index score example-2024 mau.csv` on a template nobody filled in: no agency, nothing to score",
        unfilled_template("score", "example-2024", "mau.csv"),
        DataError,
        message="mau.csv: nothing to score: 1 problem\n  - mau.csv: no agency to score: the data has no agency's row (an unfilled template?)",
        fix="Fill in one row per agency below the template's note rows (or give the file that was filled in); a report of nobody is not a result.",
    ),
    Case(
        "L30",
        "cli",
        "`indicator-index impact A B DATA` when B lacks groups or indicators of A, no `--mapping` is given and none is bundled for the pair",
        analysis_cli("impact", "danang-448-2022", "example-2024", "danang-2021"),
        AnalysisUsageError,
        message="ruleset 'example-2024' lacks groups and indicators of 'danang-448-2022': give --mapping FILE pairing their ids "
        "(a mapping from danang-448-2022 to example-2024; see docs/explain.md); bundled mappings: danang-448-2022 → danang-2386-2025",
        fix="Write a mapping file (groups, indicators, criteria; see docs/explain.md) and give it with `--mapping`. "
        "For a pair with a bundled mapping (`indicator-index list` shows them) none is needed.",
    ),
    Case(
        "L31",
        "cli",
        "`indicator-index test CASES` on a case file that names no ruleset (no `ruleset = ...`) and has no ruleset file beside it",
        case_file_without_ruleset("x.cases.toml"),
        AnalysisUsageError,
        message="x.cases.toml names no ruleset and no ruleset file lies beside it; give one: indicator-index test RULESET x.cases.toml",
        fix='Give the ruleset first (`indicator-index test RULESET CASES`), add `ruleset = "<id>"` to the case file, or put it beside its ruleset as `<ruleset>.cases.toml`.',
    ),
    Case(
        "L20",
        "cli",
        "`indicator-index score ... -o ket-qua.json` when the disk fills up while the report is written: the earlier `ket-qua.json` is kept",
        failing_write(("score", "example-2024", "example-2024", "-o", "ket-qua.json"), "ket-qua.json", _disk_full),
        UsageError,
        message="cannot write ket-qua.json: No space left on device",
        fix="Free some space (or write elsewhere) and run again. Every output goes to a temporary file beside the target and is renamed into place, "
        "so the earlier file is unchanged and no temporary file is left behind.",
    ),
    Case(
        "L21",
        "cli",
        "`indicator-index score ... -o ket-qua.json` when the report holds a character UTF-8 cannot encode (a lone surrogate)",
        failing_write(("score", "example-2024", "example-2024", "-o", "ket-qua.json"), "ket-qua.json", _surrogate_slips_through),
        UsageError,
        message="cannot write ket-qua.json: the output contains '\\udcff', which UTF-8 cannot encode; nothing was written",
        fix="The readers refuse a lone surrogate in names and labels; one that reaches a report came from a `Submission` or `Ruleset` built in Python. "
        "Correct the text there; the earlier file is unchanged.",
    ),
]


def _message(exc: BaseException) -> str:
    """The message as shown: ``str(exc)``, except a KeyError's own text (``str`` would quote it)."""
    return str(exc.args[0]) if isinstance(exc, KeyError) else str(exc)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(case: Case, tmp: Path) -> BaseException:
    """Run *case* in *tmp* (the working directory); return the exception after checking nothing was applied."""
    previous = load_ruleset("example-2024")
    digest = previous.digest
    bundled = bundled_rulesets()
    call, inputs = case.make(tmp)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))  # S24's input is nested 1,000 deep
    try:
        snapshot = repr(copy.deepcopy(inputs))
    finally:
        sys.setrecursionlimit(limit)
    files = _files(tmp)
    returned: list[object] = []
    try:
        returned.append(call())
    except case.error as exc:
        caught: BaseException = exc
    else:  # pragma: no cover - only reached when a case is wrong
        pytest.fail(f"{case.code}: no {case.error.__name__} raised, got {returned[0]!r}")
    assert returned == []
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        assert repr(inputs) == snapshot  # repr, not ==, because NaN != NaN
    finally:
        sys.setrecursionlimit(limit)
    assert _files(tmp) == files
    assert load_ruleset("example-2024") == previous
    assert previous.digest == digest
    assert bundled_rulesets() == bundled
    assert SCORING_RULESET.digest == GOOD_RESULT.ruleset_digest
    assert score(SCORING_RULESET, GOOD_SUBS) == GOOD_RESULT
    return caught


class TestCatalogue:
    """Every catalogued error: exact class and message, nothing partially applied."""

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
    def test_message_and_nothing_applied(self, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The error is raised with exactly the catalogued message, and no input, file or earlier result is touched."""
        monkeypatch.chdir(tmp_path)
        exc = run(case, tmp_path)
        assert type(exc) is case.error
        assert _message(exc) == case.expected()

    @pytest.mark.parametrize("case", [c for c in CASES if c.error not in (KeyError, UsageError, AnalysisUsageError)], ids=lambda c: c.code)
    def test_problems_follow_the_house_style(self, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each problem's message starts in lower case (or with a quoted value, number or file name) and has no trailing period."""
        monkeypatch.chdir(tmp_path)
        exc = run(case, tmp_path)
        assert exc.problems  # type: ignore[attr-defined]
        for problem in exc.problems:  # type: ignore[attr-defined]
            assert not problem.message.endswith("."), problem.message
            assert not problem.message[:1].isupper() or problem.message.split(":")[0].endswith((".toml", ".json", ".dict")), problem.message


class TestCatalogueDocument:
    """docs/errors.md is the catalogue, rendered from CASES."""

    def test_at_least_forty_cases_across_the_levels(self) -> None:
        """The catalogue covers file, TOML, schema, semantic and scoring-call errors with at least 40 cases, each code unique."""
        levels = {c.level for c in CASES}
        assert {"file", "toml", "schema", "semantic", "scoring"} <= levels
        assert len(CASES) >= 40
        assert len({c.code for c in CASES}) == len(CASES)

    def test_docs_errors_md_is_up_to_date(self) -> None:
        """docs/errors.md is exactly what CASES render to (run this module with --update after changing a message)."""
        assert ERRORS_MD.read_text(encoding="utf-8") == render()


LEVELS = {
    "file": ("File", "Reading a ruleset file: `load_ruleset(path_or_name)` and `parse_ruleset(text)`. Raised as `RulesetSyntaxError`; nothing is parsed."),
    "toml": ("TOML syntax", "The text is not valid TOML. Raised as `RulesetSyntaxError` with the line and column the parser reports."),
    "schema": (
        "Schema",
        "Valid TOML that does not have the ruleset's shape: unknown or missing keys, wrong types. Raised as `RulesetValidationError`, "
        'listing every problem with its line, criterion and key path. Values are never coerced: `"5"` is not 5 and `"false"` is not false.',
    ),
    "semantic": (
        "Semantic",
        "Every key has the right type, but the rules do not hold together: references, sums, orderings, ranges. Raised as "
        "`RulesetValidationError` by the loader and by `Ruleset(...)` built in Python, with all problems at once.",
    ),
    "amendment": ("Amendments", "Problems specific to a ruleset that `extends` another (see docs/authoring.md). Raised as `RulesetValidationError`."),
    "scoring": (
        "Scoring call",
        "`score(ruleset, submissions)` checks every submission before computing anything and raises `ScoringError` listing every "
        "problem in every submission; no partial assessment is ever returned.",
    ),
    "data": (
        "Agency data files",
        "`read_submissions(path, ruleset=None, format=None)` for JSON, CSV and XLSX files (and `score_json` for a portal's payload). "
        "Raised as `DataError`; nothing is returned from a file with any problem.",
    ),
    "lookup": ("Lookups", "Accessors that find one item by id raise `KeyError`, like a mapping (not an `IndicatorIndexError`)."),
    "cli": (
        "Command line",
        "Usage errors of the `indicator-index` command: the message goes to stderr after `indicator-index: ` and the exit status is 2; nothing is written.",
    ),
}


DEFECTS_FOUND = [
    "## Defects found",
    "",
    "Inputs that once escaped as something other than the errors above, or scored out of bounds. The",
    "property and fuzz tests found them; each is fixed and kept as a regression test (`TestFoundDefects`",
    "in `tests/property/test_edges.py`, `TestFoundLoaderDefects` in `tests/test_fuzz.py`).",
    "",
    "| Input | What happened | Now |",
    "|---|---|---|",
    "| A `ratio` rule over `number` indicators that allow negatives; `a = -5`, `b = 10` | the criterion scored -50 % of its maximum | the quotient is kept within [0, 1] |",
    "| `rounding = { places = 1, each_criterion = true }`, `max_points = 1.45`, full marks | the criterion printed 1.5, above its maximum | rounded points are capped at the maximum |",
    "| Finite values near Decimal's limits (`min_max` over ±9e999999, `ratio` 1e999999 / 1e-999999, `per_item` 9e999999 × 50) | `decimal.Overflow` escaped `score()` | C26, C27 |",
    "| `Submission(agency=2024)`, `group=1`, `Figure(source=7)`, `Claim(evidence=None)` | `AttributeError` | C28–C30 |",
    "| `parse_ruleset` of text with a lone surrogate | `UnicodeEncodeError` | T10 |",
    '| `load_ruleset("a" * 300)`, or an `extends` that long | `OSError: [Errno 36] File name too long` | F08 |',
    "| `ruleset_from_dict` of a dict nested 1,000 levels deep | `RecursionError` (from `copy.deepcopy`) | S24 |",
    "| A chain of 1,000 amendments, each `extends`-ing the next | `RecursionError` | A13 |",
    "| A report holding a lone surrogate, written with `--output` over an earlier file | a traceback, and the earlier file left empty | L21 |",
    "| Sections listed in another order | `base` and `unrounded` differed in the 40th digit | inexact quotients are settled at 30 places, so sums are exact |",
    "",
]


def render() -> str:
    """docs/errors.md, from CASES."""
    lines = [
        "# Error catalogue",
        "",
        "Every error *indicator-index* raises on purpose, with its exact message and what to do about it.",
        "Each entry is a test in `tests/test_error_catalogue.py`: the test runs the bad input, checks the",
        "message below character for character, and checks that nothing was partially applied (no result is",
        "returned, the inputs and the files on disk are unchanged, a ruleset loaded earlier is unaffected, and",
        "scoring valid data afterwards gives the same result as before). This page is rendered from those",
        "tests: after changing a message on purpose, run `python -m tests.test_error_catalogue --update`.",
        "",
        "The command line shows messages in Vietnamese by default (`--lang vi`) and in English with",
        '`--lang en`; in Python, `str(error)` is the English text and `error.render("vi")` the Vietnamese one.',
        "This page quotes the English text. The Vietnamese wording is in the message catalogue (for rulesets,",
        "amendments, mappings and case files: `src/indicator_index/_catalogue_errors.py`); ids, key paths and",
        "values quoted from the input stay as written in both languages.",
        "",
        "All errors derive from `IndicatorIndexError`; the ruleset and data errors are also `ValueError`s:",
        "",
        "```text",
        "IndicatorIndexError",
        "├── RulesetError (ValueError)",
        "│   ├── RulesetSyntaxError       file level and TOML syntax",
        "│   └── RulesetValidationError   schema, semantic, amendments",
        "├── ScoringError (ValueError)    the scoring call",
        "└── DataError (ValueError)       agency data files",
        "```",
        "",
        "Each error carries `.problems`, a tuple of `Problem(message, file, line, column, path, criterion,",
        "agency, indicator)`; `str(error)` is what is shown below. Messages are lower-case, without a final",
        "period, and name the file, line, criterion, agency and key path (`@ $.criteria[0].max_points`) when",
        "they are known. Inputs in the examples are variations of a minimal ruleset (`mini.toml`, in the test",
        "module) and, for the scoring call, a small cohort under it. `{bundled}` and `{samples}` stand for",
        "the rulesets and samples shipped with the installed version.",
        "",
        f"{len(CASES)} entries.",
        "",
    ]
    for level, (title, intro) in LEVELS.items():
        cases = [c for c in CASES if c.level == level]
        lines += [f"## {title}", "", intro, ""]
        for case in cases:
            lines += [
                f"### {case.code}: {case.situation}",
                "",
                f"`{case.error.__name__}`",
                "",
                "```text",
                case.message,
                "```",
                "",
                f"**What to do:** {case.fix}",
                "",
            ]
    lines += DEFECTS_FOUND
    lines += [
        "## Not errors",
        "",
        "- A UTF-8 byte-order mark at the start of a ruleset file (Notepad, Excel) is dropped, not refused.",
        "- A value given both by the agency and by verification is not a conflict: the ruleset's `sources`",
        "  order decides which one counts, and both are kept in the trace.",
        "- A claim that a criterion is outside the agency's function, made without evidence, is refused but",
        "  is not an error: the criterion is scored as usual and the refusal is noted in `Score.notes`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    if "--update" in sys.argv:
        ERRORS_MD.write_text(render(), encoding="utf-8")
        print(f"wrote {ERRORS_MD} ({len(CASES)} entries)")
    else:
        print("usage: python -m tests.test_error_catalogue --update")
