"""
Hostile inputs on the reading side (issue #13): every reader refuses, with the library's own located
error, numbers beyond the size limits, text that breaks the text rule, documents too deep or too large,
and spreadsheets that are wide, formula-only or hostile; nothing escapes as a traceback.

Each class is checked at every entry point: the JSON, CSV and XLSX readers, ``Submission`` scored with
``score``, the batch path (``BatchScorer``, ``score_totals``) and the portal's ``score_json``.
"""

from __future__ import annotations

import io
import json
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from indicator_index import (
    BatchScorer,
    Claim,
    DataError,
    IndicatorIndexError,
    ScoringError,
    Submission,
    _data,
    load_ruleset,
    parse_ruleset,
    read_submissions,
    score,
    score_totals,
    write_template,
)
from indicator_index._portal import score_json
from tests.test_error_catalogue import MINI, mini


RULESET = load_ruleset("example-2024")
GOOD = {"id": "so-noi-vu", "group": "department", "values": {"staff_computer_share": "0.9", "steering_meetings": 4}}

# Numbers beyond the limits, written as a data file would hold them: every exponent, every digit count.
HUGE = ["1e1000000", "-1e1000000", "1E+999999999999999999", "9" * 5000, "1" + "0" * 15, "1e15", "-4e15"]
TINY = ["1e-1000000", "1e-16", "-1E-999999999999999999", "0." + "0" * 4999 + "1"]
LONG = ["0." + "3" * 41, "1." + "0" * 39 + "1", "0.1" + "2" * 4998]


def _message(number: str) -> str:
    """The message the limits give for *number* (a literal of one of the lists above)."""
    value = Decimal(number)
    digits = value.as_tuple().digits
    if value.adjusted() >= 15:
        return "a number must be less than 10^15 in size, got "
    if value.adjusted() < -15:
        return "a number must be 0 or at least 10^-15 in size, got "
    assert len(bytes(digits).rstrip(b"\0")) > 40
    return "a number may have at most 40 significant digits, got "


def _problems(exc: IndicatorIndexError) -> list[str]:
    return [p.message for p in exc.problems]


class TestNumbers:
    """A number beyond the size limits is refused with a located error at every entry point, whatever its exponent or digits."""

    @pytest.mark.parametrize("number", HUGE + TINY + LONG)
    def test_json_file(self, number: str, tmp_path: Path) -> None:
        """A JSON data file: DataError naming the agency, the indicator and the key path."""
        path = tmp_path / "a.json"
        path.write_text(json.dumps({"agencies": [{**GOOD, "values": {"bandwidth_per_staff": 0}}]}).replace("0}", number + "}"), encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(path, RULESET)
        (problem,) = info.value.problems
        assert problem.message.startswith(_message(number))
        assert (problem.agency, problem.indicator, problem.path) == ("so-noi-vu", "bandwidth_per_staff", "$.agencies[0].values.bandwidth_per_staff")
        assert len(problem.message) < 120  # a long number is shown by its first digits and exponent

    @pytest.mark.parametrize("number", HUGE + TINY + LONG)
    def test_csv_file(self, number: str, tmp_path: Path) -> None:
        """A CSV cell: DataError naming the line and column."""
        path = tmp_path / "a.csv"
        path.write_text(f"id,group,bandwidth_per_staff\nso-noi-vu,department,{number}\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(path, RULESET)
        (problem,) = info.value.problems
        assert problem.message.startswith(_message(number))
        assert (problem.line, problem.column, problem.indicator) == (2, 3, "bandwidth_per_staff")

    @pytest.mark.parametrize("number", ["1e1000000%", "1e-999999%", "1e-1000025%", "1e-14%"])
    def test_percentage_at_the_extremes(self, number: str, tmp_path: Path) -> None:
        """A percentage is divided by 100 exactly: no overflow, and no underflow to a zero that would be accepted."""
        path = tmp_path / "a.csv"
        path.write_text(f"id,group,staff_computer_share\nso-noi-vu,department,{number}\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(path, RULESET)
        assert _problems(info.value)[0].startswith(("a number must be less than 10^15", "a number must be 0 or at least 10^-15"))

    @pytest.mark.parametrize("number", HUGE[:4] + TINY[:1])
    def test_xlsx_file(self, number: str, tmp_path: Path) -> None:
        """An XLSX cell holding the number as text (a number cell cannot hold these)."""
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        book.active.append(["id", "group", "bandwidth_per_staff"])
        book.active.append(["so-noi-vu", "department", number])
        book.save(tmp_path / "a.xlsx")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.xlsx", RULESET)
        (problem,) = info.value.problems
        assert problem.message.startswith(_message(number))
        assert (problem.line, problem.column) == (2, 3)

    @pytest.mark.parametrize("number", HUGE + TINY + LONG)
    def test_submission_and_batch(self, number: str) -> None:
        """``score``, ``BatchScorer.cohort`` and ``score_totals`` raise ScoringError, never a decimal signal."""
        sub = Submission(agency="a", group="department", values={"bandwidth_per_staff": Decimal(number)})
        for call in (lambda: score(RULESET, [sub]), lambda: BatchScorer(RULESET).cohort([sub]), lambda: score_totals(RULESET, [sub])):
            with pytest.raises(ScoringError) as info:
                call()
            assert [(p.agency, p.indicator) for p in info.value.problems if p.message.startswith(_message(number))] == [("a", "bandwidth_per_staff")]

    def test_batch_what_if(self) -> None:
        """A what-if value beyond the limits is refused by ``BatchScorer.vary`` too."""
        scorer = BatchScorer(RULESET)
        cohort = scorer.cohort(read_submissions("example-2024", RULESET))
        with pytest.raises(ScoringError) as info:
            scorer.vary(cohort, {"so-noi-vu": {"bandwidth_per_staff": Decimal("1e1000000")}})
        assert _problems(info.value) == ["a number must be less than 10^15 in size, got 1E+1000000"]

    @pytest.mark.parametrize(("value", "digits"), [(10**5000, 5001), (-(10**20), 21), (2**64 + 1, 20)], ids=["10^5000", "-10^20", "2^64+1"])
    def test_python_integers(self, value: int, digits: int) -> None:
        """A Python int of any size, including beyond the 4,300 digits ``str()`` allows."""
        with pytest.raises(ScoringError) as info:
            score(RULESET, [Submission(agency="a", group="department", values={"steering_meetings": value})])
        assert f"a number must be less than 10^15 in size, got an integer of {digits} digits" in _problems(info.value)

    def test_zero_with_any_exponent_is_zero(self) -> None:
        """``0E+1000000`` is zero, and scores as zero does."""
        sub = Submission(agency="a", group="department", values={"bandwidth_per_staff": Decimal("0E+1000000")})
        plain = Submission(agency="a", group="department", values={"bandwidth_per_staff": Decimal(0)})
        try:
            expected: object = score(RULESET, [plain]).scores[0].total
        except ScoringError as exc:
            expected = _problems(exc)
        try:
            actual: object = score(RULESET, [sub]).scores[0].total
        except ScoringError as exc:
            actual = _problems(exc)
        assert actual == expected

    @pytest.mark.parametrize("number", HUGE + TINY + LONG)
    def test_score_json(self, number: str) -> None:
        """The portal answers an error document naming the path, never a 500."""
        payload = json.dumps({"agencies": [{**GOOD, "values": {"bandwidth_per_staff": 0}}]}).replace("0}", number + "}")
        doc = score_json(RULESET, payload, lang="en")
        json.dumps(doc, allow_nan=False).encode("utf-8")
        assert doc["error"]["type"] == "DataError"
        (problem,) = doc["error"]["problems"]
        assert problem["message"].startswith(_message(number))
        assert problem["path"] == "$.agencies[0].values.bandwidth_per_staff"

    def test_score_json_full_message(self) -> None:
        """The exact message of a huge exponent in a payload."""
        doc = score_json(
            RULESET, '{"agencies": [{"id": "a", "group": "department", "values": {"steering_meetings": 1e1000000}}]}', source="upload.json", lang="en"
        )
        assert doc["error"]["message"] == "upload.json: cannot read agency data"
        assert doc["error"]["problems"][0]["message"] == "a number must be less than 10^15 in size, got 1E+1000000"


class TestText:
    """The text rule: ids, names, evidence, claims and references, at every entry point."""

    @pytest.mark.parametrize(
        ("agency", "message"),
        [
            ("a\ud800", "the agency id 'a\\ud800' contains a lone surrogate U+D800, which no file can hold"),
            ("a\x00b", "the agency id 'a\\x00b' contains the control character U+0000"),
            ("a\u200bb", "the agency id 'a\\u200bb' contains the invisible character U+200B (ZERO WIDTH SPACE)"),
            ("a\ufeffb", "the agency id 'a\\ufeffb' contains the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
            ("a\u00a0b", "the agency id 'a\\xa0b' contains the invisible character U+00A0 (NO-BREAK SPACE)"),
            ("a\u2029b", "the agency id 'a\\u2029b' contains the line break U+2029"),
            ("a\U0010ffff", "the agency id 'a\\U0010ffff' contains the noncharacter U+10FFFF"),
        ],
    )
    def test_agency_ids(self, agency: str, message: str, tmp_path: Path) -> None:
        """The same message from JSON, CSV, a Submission and score_json."""
        (tmp_path / "a.json").write_text(json.dumps({"agencies": [{**GOOD, "id": agency}]}), encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.json", RULESET)
        assert _problems(info.value) == [message]
        if "\ud800" not in agency:  # a CSV file cannot hold a lone surrogate; the JSON escape can
            (tmp_path / "a.csv").write_text(f'id,group,steering_meetings\n"{agency}",department,4\n', encoding="utf-8")
            with pytest.raises(DataError) as info:
                read_submissions(tmp_path / "a.csv", RULESET)
            assert _problems(info.value) == [message]
        with pytest.raises(ScoringError) as scored:
            score(RULESET, [Submission(agency=agency, group="department")])
        assert _problems(scored.value) == [f"submission 0: {message}"]
        doc = score_json(RULESET, {"agencies": [{**GOOD, "id": agency}]}, lang="en")
        assert [p["message"] for p in doc["error"]["problems"]] == [message]
        json.dumps(doc).encode("utf-8")

    def test_an_id_matches_in_full(self, tmp_path: Path) -> None:
        """A trailing line break inside a quoted id (not white space around it) is refused, not matched away."""
        (tmp_path / "a.csv").write_text('id,group,steering_meetings\n"so-noi-vu\nx",department,4\n', encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.csv", RULESET)
        assert _problems(info.value) == ["the agency id 'so-noi-vu\\nx' contains the control character U+000A"]

    @pytest.mark.parametrize(
        ("old", "new", "message"),
        [
            ('id = "mini"', 'id = "mini\\n"', "mini.toml:2: ruleset id must be 1-64 letters, digits, '.', '_' or '-', got 'mini\\n' @ $.id"),
            (
                'id = "department"',
                'id = "department\\n"',
                "mini.toml:26: agency group id must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit, "
                "got 'department\\n' @ $.groups[0].id",
            ),
        ],
    )
    def test_ruleset_ids_match_their_pattern_in_full(self, old: str, new: str, message: str) -> None:
        """A ruleset id with a trailing line break is refused (``re.match`` with ``$`` would accept it)."""
        with pytest.raises(IndicatorIndexError) as info:
            parse_ruleset(MINI.replace(old, new, 1), source="mini.toml")
        assert str(info.value) == f"mini.toml: ruleset is invalid: 1 problem\n  - {message}"

    def test_white_space_around_text_is_dropped(self) -> None:
        """Surrounding white space, line breaks included, is not part of a name (it is stripped before the rule)."""
        first, *rest = read_submissions("example-2024", RULESET)
        renamed = Submission(agency=first.agency, group=first.group, name="  Sở B\n", values=first.values, claims=first.claims)
        assert score(RULESET, [renamed, *rest]).score_for(first.agency).name == "Sở B"

    @pytest.mark.parametrize("name", ["Sở\u200dNội vụ", "Sở Nội vụ\u00ad", "ؓ\u200fSở"])
    def test_format_characters_are_allowed_in_names(self, name: str) -> None:
        """A name may hold format characters (joiners, direction marks): scripts need them; only ids refuse them."""
        (sub,) = _data.submissions_from_dict({"agencies": [{**GOOD, "name": name}]}, ruleset=RULESET)
        assert sub.name == name

    def test_invisible_evidence_is_no_evidence(self, tmp_path: Path) -> None:
        """A claim whose evidence is only a zero-width space or a BOM is refused like a claim without evidence."""
        subs = read_submissions("example-2024", RULESET)
        target = next(s for s in subs if s.group == "department")
        for evidence in ("\u200b", "\ufeff \u200b", "\u2060"):
            claimed = [
                Submission(agency=s.agency, group=s.group, name=s.name, values=s.values, claims=[Claim(criterion="3.1", evidence=evidence)])
                if s is target
                else s
                for s in subs
            ]
            blank = [
                Submission(agency=s.agency, group=s.group, name=s.name, values=s.values, claims=[Claim(criterion="3.1", evidence="")]) if s is target else s
                for s in subs
            ]
            got, expected = score(RULESET, claimed).score_for(target.agency), score(RULESET, blank).score_for(target.agency)
            assert got.criterion("3.1").status == expected.criterion("3.1").status != "excluded"
            assert got.total == expected.total
        (tmp_path / "a.csv").write_text("id,group,steering_meetings,claim:3.1\nso-noi-vu,department,4,\u200b\n", encoding="utf-8")
        (sub,) = read_submissions(tmp_path / "a.csv", RULESET)
        assert [(c.criterion, c.evidence) for c in sub.claims] == [("3.1", "")]

    @pytest.mark.parametrize(
        ("field", "text", "message"),
        [
            ("name", "Sở\tNội vụ", "agency 'so-noi-vu': the name 'Sở\\tNội vụ' contains the control character U+0009"),
            ("evidence", "CV\x0712", "agency 'so-noi-vu': the evidence 'CV\\x0712' contains the control character U+0007"),
            ("claim", "CV\ud83d", "agency 'so-noi-vu', criterion '3.1': the evidence 'CV\\ud83d' contains a lone surrogate U+D83D, which no file can hold"),
        ],
    )
    def test_long_layout_and_json_fields(self, field: str, text: str, message: str, tmp_path: Path) -> None:
        """Names, evidence and claims in the long CSV layout (and claims in JSON) follow the rule, with their place."""
        if field == "claim":
            (tmp_path / "a.json").write_text(json.dumps({"agencies": [{**GOOD, "claims": {"3.1": text}}]}), encoding="utf-8")
            with pytest.raises(DataError) as info:
                read_submissions(tmp_path / "a.json", RULESET)
            assert [str(p).split(": ", 1)[1] for p in info.value.problems] == [f'{message} @ $.agencies[0].claims["3.1"]']
            return
        column = "name" if field == "name" else "evidence"
        (tmp_path / "a.csv").write_text(f"agency,group,indicator,value,{column}\nso-noi-vu,department,steering_meetings,4,{text}\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.csv", RULESET)
        assert [str(p).split(": ", 1)[1] for p in info.value.problems] == [f"{message} @ {column}"]


class TestStructure:
    """Depth, size, repeated keys and empty cohorts: the file readers and score_json meet the same limits."""

    @pytest.mark.parametrize("depth", [33, 100, 5000, 200_000])
    def test_depth(self, depth: int, tmp_path: Path) -> None:
        """Any depth beyond the limit, below or beyond Python's recursion limit: one message, with the place."""
        text = '{"agencies": [' + "[" * depth + "]" * depth + "]}"
        (tmp_path / "a.json").write_text(text, encoding="utf-8")
        expected = "arrays and objects nest more than 32 deep; a data document may nest at most 32"
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.json", RULESET)
        ((problem,), doc) = info.value.problems, score_json(RULESET, text, lang="en")
        assert (problem.message, problem.line, problem.column) == (expected, 1, 45)
        assert [(p["message"], p["line"], p["column"]) for p in doc["error"]["problems"]] == [(expected, 1, 45)]

    def test_a_document_just_within_the_depth(self) -> None:
        """Nesting up to the limit is read (and then refused for its shape, not its depth)."""
        text = '{"agencies": [' + "[" * 30 + "]" * 30 + "]}"
        doc = score_json(RULESET, text, lang="en")
        assert [p["message"] for p in doc["error"]["problems"]] == ["an agency must be a table"]

    def test_repeated_keys(self, tmp_path: Path) -> None:
        """Every repeated key, at any level, with its path; the same from score_json."""
        text = '{"agencies": [{"id": "a", "id": "b", "group": "department", "values": {"x": {"agency": 1, "agency": 2}}}], "agencies": []}'
        (tmp_path / "a.json").write_text(text, encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.json", RULESET)
        assert [str(p) for p in info.value.problems] == [
            f"{tmp_path / 'a.json'}: duplicate key 'agencies': JSON would keep only its last value @ $.agencies",
        ]
        (tmp_path / "b.json").write_text(text.replace(', "agencies": []', ""), encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "b.json", RULESET)
        assert [(p.message, p.path) for p in info.value.problems] == [
            ("duplicate key 'id': JSON would keep only its last value", "$.agencies[0].id"),
            ("duplicate key 'agency': JSON would keep only its last value", "$.agencies[0].values.x.agency"),
        ]
        doc = score_json(RULESET, text.replace(', "agencies": []', ""))
        assert [p["path"] for p in doc["error"]["problems"]] == ["$.agencies[0].id", "$.agencies[0].values.x.agency"]

    def test_empty_cohort(self, tmp_path: Path) -> None:
        """No agency is an error from a JSON file, score_json, and a table with nothing below its header."""
        (tmp_path / "a.json").write_text('{"agencies": []}', encoding="utf-8")
        with pytest.raises(DataError, match=r"no agency: the list 'agencies' is empty @ \$\.agencies$"):
            read_submissions(tmp_path / "a.json")
        assert score_json(RULESET, '{"agencies": []}', lang="en")["error"]["problems"][0]["message"] == "no agency: the list 'agencies' is empty"
        (tmp_path / "a.csv").write_text("id,group\n\n\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.csv", RULESET)
        assert _problems(info.value) == ["no agency: the table has nothing below its header"]

    def test_size_limits(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The byte limit applies to a file, a payload's text and bytes; the cell limit to a CSV table."""
        monkeypatch.setattr(_data, "MAX_BYTES", 100)
        monkeypatch.setattr(_data, "MAX_CELLS", 10)
        text = json.dumps({"agencies": [GOOD, {**GOOD, "id": "b"}]})
        (tmp_path / "a.json").write_text(text, encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.json", RULESET)
        assert _problems(info.value) == [f"file is {len(text):,} bytes; a data file may be at most 100"]
        assert score_json(RULESET, text, lang="en")["error"]["problems"][0]["message"] == "the text is over 100 characters; a data document may be at most that"
        assert (
            score_json(RULESET, text.encode(), lang="en")["error"]["problems"][0]["message"]
            == f"the payload is {len(text):,} bytes; a data document may be at most 100"
        )
        (tmp_path / "a.csv").write_text("id,group\n" + "a,b\n" * 5, encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.csv", RULESET)
        assert _problems(info.value) == ["the table has over 10 cells; a data file may have at most that"]


def _workbook(rows: list[list[object]]) -> Any:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    return book


class TestSpreadsheets:
    """XLSX: streamed, as wide as the header, within a size limit; formulas need their saved values."""

    def test_xfd_wide_rows_are_read_as_wide_as_the_header(self, tmp_path: Path) -> None:
        """Rows reaching column XFD: each stray value is reported, and memory stays far below the 1 GB of a full expansion."""
        book = _workbook([["id", "group", "steering_meetings"]])
        for i in range(300):
            book.active.append([f"a{i}", "department", 4])
            book.active.cell(row=i + 2, column=16384, value="x")
        book.save(tmp_path / "wide.xlsx")
        tracemalloc.start()
        try:
            with pytest.raises(DataError) as info:
                read_submissions(tmp_path / "wide.xlsx", RULESET)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert {(p.column, p.message) for p in info.value.problems} == {(16384, "a value in a column without a header: 'x'")}
        assert len(info.value.problems) == 300
        assert peak < 30 * 1024 * 1024  # 300 rows x 16,384 columns expanded would take hundreds of MB

    def test_a_note_row_right_of_the_header_is_a_note(self, tmp_path: Path) -> None:
        """As in CSV, a note row (id starting with #) may run right of the header; an agency's row may not."""
        book = _workbook([["id", "group", "steering_meetings"], ["# ghi chú", None, None, None, "a long note"], ["so-noi-vu", "department", 4]])
        book.save(tmp_path / "a.xlsx")
        (sub,) = read_submissions(tmp_path / "a.xlsx", RULESET)
        assert sub.agency == "so-noi-vu"
        (tmp_path / "a.csv").write_text("id,group,steering_meetings\n# ghi chú,,,,a long note\nso-noi-vu,department,4,x\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.csv", RULESET)
        assert [(p.line, p.column, p.message) for p in info.value.problems] == [(3, 4, "a value in a column without a header: 'x'")]

    def test_rows_far_below_are_not_made_up(self, tmp_path: Path) -> None:
        """A value in the sheet's last row does not make a million empty rows; the agencies above are read."""
        book = _workbook([["id", "group", "steering_meetings"], ["so-noi-vu", "department", 4]])
        book.active.cell(row=1_048_576, column=1, value="# a note in the last row")
        book.save(tmp_path / "tall.xlsx")
        (sub,) = read_submissions(tmp_path / "tall.xlsx", RULESET)
        assert sub.values["steering_meetings"][0].value == Decimal(4)

    def test_cell_limit(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Header width times rows beyond the limit stops the reading with the sheet's name."""
        monkeypatch.setattr(_data, "MAX_CELLS", 9)
        book = _workbook([["id", "group", "steering_meetings"]] + [[f"a{i}", "department", 4] for i in range(5)])
        book.save(tmp_path / "big.xlsx")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "big.xlsx", RULESET)
        assert [(p.message, p.line) for p in info.value.problems] == [
            ("the sheet 'Sheet' has over 9 cells within its header's width of 3 columns; a data file may have at most that", 4)
        ]

    def test_expanded_size_limit(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A workbook whose parts expand beyond the byte limit is refused before it is opened."""
        book = _workbook([["id", "group", "steering_meetings"], ["so-noi-vu", "department", 4]])
        book.save(tmp_path / "a.xlsx")
        size = (tmp_path / "a.xlsx").stat().st_size
        monkeypatch.setattr(_data, "MAX_BYTES", size + 1)
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "a.xlsx", RULESET)
        (message,) = _problems(info.value)
        assert message.startswith("the workbook expands to ") and message.endswith(f" bytes; a data file may be at most {size + 1:,}")

    def test_formula_without_a_saved_value(self, tmp_path: Path) -> None:
        """Named by file, sheet and cell; a formula with a saved value is read as that value."""
        book = _workbook([["id", "group", "steering_meetings", "docs_total"], ["so-noi-vu", "department", "=2+2", 5]])
        book.active.title = "Dữ liệu"
        book.save(tmp_path / "f.xlsx")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "f.xlsx", RULESET)
        assert [str(p) for p in info.value.problems] == [
            f"{tmp_path / 'f.xlsx'}: 'Dữ liệu'!C2: the cell has a formula without a saved value: open the workbook in Excel and save it, or type the value"
        ]
        # The same cell with a saved value (as Excel writes it): the sheet XML holds <f> and <v>.
        import zipfile

        with zipfile.ZipFile(tmp_path / "f.xlsx") as source, zipfile.ZipFile(tmp_path / "g.xlsx", "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"<f>2+2</f><v></v>", b"<f>2+2</f><v>4</v>").replace(b"<f>2+2</f><v />", b"<f>2+2</f><v>4</v>")
                    assert b"<v>4</v>" in data
                target.writestr(item, data)
        (sub,) = read_submissions(tmp_path / "g.xlsx", RULESET)
        assert sub.values["steering_meetings"][0].value == Decimal(4)

    def test_malformed_sheet(self, tmp_path: Path) -> None:
        """A workbook whose sheet XML is broken is a DataError, not a parser's exception."""
        import zipfile

        _workbook([["id", "group"], ["a", "department"]]).save(tmp_path / "a.xlsx")
        with zipfile.ZipFile(tmp_path / "a.xlsx") as source, zipfile.ZipFile(tmp_path / "b.xlsx", "w") as target:
            for item in source.infolist():
                data = source.read(item)
                target.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "b.xlsx", RULESET)
        assert _problems(info.value)[0].startswith(("not an XLSX workbook: the first sheet cannot be read (", "not an XLSX workbook: "))

    def test_ruleset_text_in_templates_is_neutralised(self, tmp_path: Path) -> None:
        """Labels that a spreadsheet would run as formulas are written as text, in CSV notes and every XLSX sheet."""
        openpyxl = pytest.importorskip("openpyxl")
        evil = parse_ruleset(
            mini(
                ('label = { vi = "Tỷ lệ cán bộ có máy tính" }', 'label = { vi = "=HYPERLINK(\\"http://x\\")", en = "+1+1" }\nunit = "@SUM(A1)"'),
                ('title = { vi = "Bộ chỉ số tối thiểu", en = "Minimal index" }', 'title = { vi = "-2+3", en = "=1+1" }'),
            )
        )
        write_template(evil, tmp_path / "t.csv", group="department", rows=1)
        text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK" in text and "'+1+1" in text and "'@SUM(A1)" in text
        assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text
        write_template(evil, tmp_path / "t.xlsx", group="department", rows=1)
        book = openpyxl.load_workbook(tmp_path / "t.xlsx")
        formulas = [f"{s.title}!{c.coordinate}" for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []
        texts = {c.value for s in book.worksheets for row in s.iter_rows() for c in row if isinstance(c.value, str)}
        assert any(t.startswith("'=HYPERLINK") for t in texts)
        assert read_submissions(tmp_path / "t.csv", evil) == ()  # the notes still read as notes


class TestScoreJson:
    """score_json never raises for bad input and always answers a JSON-encodable document."""

    @pytest.mark.parametrize(
        "payload",
        [
            b"\xff\xfe{",
            "[" * 100_000,
            '{"agencies": [{"id": "a\\ud800", "group": "department"}]}',
            '{"agencies": [{"id": "a", "name": "\\udc80", "group": "department"}]}',
            '{"agencies": [{"id": "a", "group": "department", "values": {"\\ud800": 1}}]}',
            '{"agencies": [{"id": "a", "group": "\\ud800"}]}',
            '{"agencies": [{"id": "a", "group": "department", "values": {"steering_meetings": {"\\ud800": 1}}}]}',
            '{"agencies": [{"id": "a", "group": "department", "values": {"steering_meetings": NaN}}]}',
            '{"agencies": [{"id": "a", "group": "department", "values": {"steering_meetings": -Infinity}}]}',
            '{"agencies": [{"id": "a", "group": "department", "values": {"steering_meetings": ' + "1" * 10_000 + "}}]}",
            '{"agencies": [{"id": "a", "group": "department", "claims": {"3.1": "\\ud800"}}]}',
            {"agencies": [{"id": "a", "group": "department", "values": {"steering_meetings": 10**5000}}]},
            {"agencies": [{"id": "a", "group": "department", "values": {7: 1}}]},
        ],
        ids=lambda p: repr(p)[:40] if not isinstance(p, dict) else "mapping",
    )
    def test_error_documents_encode(self, payload: object) -> None:
        """Every answer is an error document that encodes as UTF-8 JSON."""
        doc = score_json(RULESET, payload)  # type: ignore[arg-type]
        assert doc["format"] == "indicator-index/error"
        text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
        assert json.loads(text) == doc

    def test_a_good_payload_still_scores(self) -> None:
        """The limits leave a real document alone."""
        text = (Path(__file__).resolve().parents[1] / "samples" / "example-2024.json").read_text(encoding="utf-8")
        doc = score_json(RULESET, io.StringIO(text).read())
        assert doc["format"] == "indicator-index/assessment"


class TestDecidedTotals:
    """A decided (published) total is a number within the limits, never beside figures, at every reader and in a portal."""

    @pytest.mark.parametrize(
        ("total", "message"),
        [
            ("NaN", "expected a finite number, got nan"),
            ("-Infinity", "expected a finite number, got -inf"),
            ("1e999", "a number must be less than 10^15 in size, got 1E+999"),
            ("1" * 5000, "a number must be less than 10^15 in size, got "),
            ('"96.53"', "a decided total must be a number, got '96.53'"),
            ("null", "a decided total must be a number, got None"),
        ],
    )
    def test_json_payload(self, total: str, message: str) -> None:
        """score_json answers an error document naming the agency and the key path."""
        payload = '{"agencies": [{"id": "a", "group": "department", "decided": {"total": ' + total + ', "source": "plo.vn"}}]}'
        doc = score_json(RULESET, payload, lang="en")
        (problem,) = doc["error"]["problems"]
        assert (problem["agency"], problem["path"]) == ("a", "$.agencies[0].decided.total")
        assert problem["message"].startswith(message)
        json.dumps(doc, allow_nan=False)

    def test_json_decided_with_values(self) -> None:
        """Both a decided total and figures: refused, with the agency."""
        entry = {**GOOD, "decided": {"total": 96.53, "source": "plo.vn"}}
        doc = score_json(RULESET, json.dumps({"agencies": [entry]}), lang="en")
        assert [(p["agency"], p["message"]) for p in doc["error"]["problems"]] == [
            ("so-noi-vu", "an agency has either a decided total or figures and claims, not both")
        ]

    @pytest.mark.parametrize("total", ["1e999", "-1E+999999999999999999999", "NaN", "inf", "1" * 5000, "0x60", "96.5.3", "TRUE"])
    def test_csv_cell(self, tmp_path: Path, total: str) -> None:
        """A CSV cell that is no decided total is refused with its line, column and agency, never read through float."""
        path = tmp_path / "d.csv"
        path.write_text(f"id,group,decided_total,decided_source\nso-a,department,{total},plo.vn\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_submissions(path, RULESET)
        (problem,) = info.value.problems
        assert (problem.line, problem.column, problem.agency, problem.path) == (2, 3, "so-a", "decided_total")

    def test_xlsx_cells(self, tmp_path: Path) -> None:
        """XLSX: a boolean, a date and a huge number cell are refused by sheet and cell; a number cell beside figures too."""
        import datetime as dt

        book = _workbook(
            [
                ["id", "group", "decided_total", "decided_source", "steering_meetings"],
                ["a", "department", True, "x"],
                ["b", "department", dt.datetime(2024, 7, 17), "x"],
                ["c", "department", 1e300, "x"],
                ["d", "department", 96.53, "x", 4],
            ]
        )
        book.save(tmp_path / "d.xlsx")
        with pytest.raises(DataError) as info:
            read_submissions(tmp_path / "d.xlsx", RULESET)
        assert [(p.sheet, p.line, p.column, p.agency) for p in info.value.problems] == [("Sheet", r, 3, a) for r, a in zip((2, 3, 4, 5), "abcd", strict=True)]
        assert info.value.problems[0].message == "a decided total must be a number, got true"
        assert info.value.problems[1].message == "a decided total must be a number, got the date 2024-07-17T00:00:00"
