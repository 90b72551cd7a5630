"""
Spreadsheets as officials use them, and the agency-level columns of 0.2.0.

- XLSX problems name the sheet and cell (``f.xlsx: Sheet1!D2: ...``), CSV keeps ``file:line:column``;
- every data sheet of a workbook is read (a guide, a hidden or an empty sheet is not), or the one ``sheet=`` names;
- ``parent`` and a decided total (``decided_total``/``decided_source``, JSON ``decided``) in every format;
- templates: the parent column, parents prefilled, one sheet per parent agency.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from indicator_index import DecidedTotal, Submission, load_ruleset
from indicator_index._data import read_submissions, submissions_from_dataframe, submissions_from_dict
from indicator_index._template import FIRST_DATA_ROW, GUIDE_SHEET, LISTS_SHEET, sheet_titles, write_template
from indicator_index.errors import DataError, Problem


openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
RULESET = load_ruleset("example-2024")  # scale 100, two decimal places, no parents
WARDS = load_ruleset("danang-448-2022")  # wards ranked within their district


def _book(path: Path, sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def _problems(exc: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


HEADER = ["id", "name", "group", "staff_computer_share"]


class TestPositions:
    """Where a problem is: the sheet and cell in a workbook, the line and column in a CSV file."""

    def test_rendering(self) -> None:
        """Excel's names: a plain title bare, another quoted (an apostrophe doubled); a whole row as 2:2."""
        assert str(Problem(message="m", file="f.xlsx", sheet="Sheet1", line=2, column=4)) == "f.xlsx: Sheet1!D2: m"
        assert str(Problem(message="m", file="f.xlsx", sheet="Quận 1's", line=2, column=28)) == "f.xlsx: 'Quận 1''s'!AB2: m"
        assert str(Problem(message="m", file="f.xlsx", sheet="S", line=3)) == "f.xlsx: S!3:3: m"
        assert str(Problem(message="m", file="f.csv", line=2, column=4)) == "f.csv:2:4: m"

    def test_xlsx_names_sheet_and_cell_csv_line_and_column(self, tmp_path: Path) -> None:
        """The same bad value: D2 of its sheet in a workbook, 2:4 in a CSV file; a header problem names the row."""
        path = _book(tmp_path / "ward-bad.xlsx", {"Sheet1": [HEADER, ["d1", "Sở A", "department", 1.3]], "Phường 2": [[*HEADER, "nope"]]})
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _problems(exc)[0] == (
            f"{path}: Sheet1!D2: agency 'd1', indicator 'staff_computer_share': a ratio must be within [0, 1], got 1.3 @ staff_computer_share"
        )
        assert _problems(exc)[1].startswith(f"{path}: 'Phường 2'!E1: indicator 'nope': unknown indicator")
        assert [(p.sheet, p.line, p.column) for p in exc.value.problems] == [("Sheet1", 2, 4), ("Phường 2", 1, 5)]
        csv_path = tmp_path / "ward-bad.csv"
        csv_path.write_text("id,name,group,staff_computer_share\nd1,Sở A,department,1.3\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(csv_path, RULESET)
        assert _problems(exc)[0].startswith(f"{csv_path}:2:4: agency 'd1'")
        assert exc.value.problems[0].sheet is None

    def test_references_name_the_sheet(self, tmp_path: Path) -> None:
        """A figure without evidence cites where it was read: file:Sheet!row."""
        path = _book(tmp_path / "r.xlsx", {"Quận A": [HEADER, ["d1", "Sở A", "department", 0.5]]})
        (sub,) = read_submissions(path, RULESET)
        assert sub.values["staff_computer_share"][0].reference == "r.xlsx:Quận A!2"


class TestSheets:
    """Which sheets of a workbook are read."""

    def test_every_data_sheet_is_read_in_order(self, tmp_path: Path) -> None:
        """Agencies of every data sheet, sheet by sheet; a guide, a hidden and an empty sheet are skipped; long and wide mix."""
        path = _book(
            tmp_path / "w.xlsx",
            {
                "Hướng dẫn": [["Điền mỗi cơ quan một dòng"], ["id là mã cơ quan"]],
                "Quận A": [HEADER, ["d1", "Sở A", "department", 0.5], ["d2", "Sở B", "department", 0.6]],
                "Trống": [],
                "Ẩn": [HEADER, ["hidden", "Ẩn", "department", 0.9]],
                "Quận B": [["agency", "indicator", "value", "group"], ["x1", "staff_computer_share", 0.7, "commune"]],
            },
            hidden=("Ẩn",),
        )
        read = read_submissions(path, RULESET)
        assert [(s.agency, s.values["staff_computer_share"][0].value) for s in read] == [
            ("d1", Decimal("0.5")),
            ("d2", Decimal("0.6")),
            ("x1", Decimal("0.7")),
        ]

    def test_duplicates_across_sheets(self, tmp_path: Path) -> None:
        """An agency on two sheets is reported on the second, naming the first."""
        path = _book(tmp_path / "d.xlsx", {"A": [HEADER, ["d1", "Sở A", "department", 0.5]], "B": [HEADER, [], ["d1", "Sở A", "department", 0.6]]})
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _problems(exc) == [f"{path}: B!A3: agency 'd1': duplicate agency (also on sheet 'A', row 2) @ id"]

    def test_problems_of_every_sheet_at_once_in_sheet_order(self, tmp_path: Path) -> None:
        """Each data sheet's problems, the workbook's sheet order first, then row and column."""
        path = _book(
            tmp_path / "p.xlsx",
            {"Z": [HEADER, ["d1", "", "department", 2]], "A": [HEADER, ["d2", "", "nowhere", 0.5], ["d3", "", "department", -1]]},
        )
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert [(p.sheet, p.line, p.column) for p in exc.value.problems] == [("Z", 2, 4), ("A", 2, 3), ("A", 3, 4)]

    def test_no_data_sheet_reads_the_first(self, tmp_path: Path) -> None:
        """When no sheet has a data header, the first is read and says what is wrong with it."""
        path = _book(tmp_path / "n.xlsx", {"Bảng 1": [["Mã", "Nhóm"], ["d1", "department"]], "Bảng 2": [["x"]]})
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _problems(exc) == [
            f"{path}: 'Bảng 1'!1:1: cannot tell the layout: expected an 'id' column (wide: one row per agency) "
            "or 'agency', 'indicator' and 'value' columns (long: one row per figure)"
        ]

    def test_sheet_chosen(self, tmp_path: Path) -> None:
        """sheet= reads that sheet only (by name, else ignoring case), even a hidden one; an unknown name lists the sheets."""
        path = _book(
            tmp_path / "c.xlsx",
            {
                "Quận A": [HEADER, ["d1", "Sở A", "department", 0.5]],
                "Quận B": [HEADER, ["d2", "Sở B", "department", 3]],
                "Ẩn": [HEADER, ["h", "", "department", 0.1]],
            },
            hidden=("Ẩn",),
        )
        assert [s.agency for s in read_submissions(path, RULESET, sheet="Quận A")] == ["d1"]
        assert [s.agency for s in read_submissions(path, RULESET, sheet="quận a")] == ["d1"]
        assert [s.agency for s in read_submissions(path, RULESET, sheet="Ẩn")] == ["h"]
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET, sheet="Quận B")
        assert [(p.sheet, p.line, p.column) for p in exc.value.problems] == [("Quận B", 2, 4)]
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET, sheet="Quận C")
        assert str(exc.value) == f"{path}: no sheet 'Quận C' in the workbook; its sheets: 'Quận A', 'Quận B', 'Ẩn'"

    def test_sheet_only_for_workbooks(self, tmp_path: Path) -> None:
        """A sheet named for a CSV or JSON file is a mistake, said so."""
        path = tmp_path / "d.csv"
        path.write_text("id,group\nd1,department\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET, sheet="Sheet1")
        assert str(exc.value) == f"{path}: a sheet ('Sheet1') is chosen only in an XLSX workbook; this file is read as CSV"

    def test_sheet_on_the_command_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """score, explain and the analysis commands that read DATA take --sheet."""
        from indicator_index._cli import main

        rows = list(csv.reader(io.StringIO((ROOT / "tests" / "data" / "agency" / "example-wide.csv").read_text(encoding="utf-8"))))
        departments = [r for r in rows[1:] if r[2] == "department"]
        communes = [r for r in rows[1:] if r[2] == "commune"]
        path = _book(tmp_path / "c.xlsx", {"Sở": [rows[0], *departments], "Xã": [rows[0], *communes]})
        assert main(["score", "example-2024", str(path), "--format", "json", "--sheet", "Xã"]) == 0
        scored = [a["id"] for a in json.loads(capsys.readouterr().out)["agencies"]]
        assert sorted(scored) == sorted(r[0] for r in communes)
        assert main(["score", "example-2024", str(path), "--format", "json"]) == 0
        assert len(json.loads(capsys.readouterr().out)["agencies"]) == len(departments) + len(communes)
        assert main(["--lang", "en", "score", "example-2024", str(path), "--sheet", "C"]) == 1
        assert "no sheet 'C' in the workbook" in capsys.readouterr().err
        for command in (
            ["explain", "example-2024", str(path), "d2"],
            ["explain-gap", "example-2024", str(path), "d2"],
            ["robustness", "example-2024", str(path)],
        ):
            main(["--lang", "en", *command, "--sheet", "C"])
            assert "no sheet 'C' in the workbook" in capsys.readouterr().err, command


# --- parent and decided totals, in every format --------------------------------------------------

CSV_WIDE = (
    "id,name,group,Đơn vị cấp trên,decided_total,Nguồn công bố,staff_computer_share\n"
    'd1,Sở A,department,q1,96.53,"plo.vn, 17 Jul 2024",\n'
    "d2,Sở B,department,q1,,,0.5\n"
)
CSV_LONG = (
    "agency,indicator,value,group,parent,decided_total,decided_source\n"
    'd1,,,department,q1,"96,53","plo.vn, 17 Jul 2024"\n'
    "d2,,,department,q1,,\n"
    "d2,staff_computer_share,0.5,,q1,,\n"
)
EXPECTED = [("d1", "q1", DecidedTotal(total=Decimal("96.53"), source="plo.vn, 17 Jul 2024"), {}), ("d2", "q1", None, {"staff_computer_share": Decimal("0.5")})]


def _seen(subs: tuple[Submission, ...]) -> list[tuple[object, ...]]:
    return [(s.agency, s.parent, s.decided, {k: f[0].value for k, f in s.values.items()}) for s in subs]


class TestParentAndDecided:
    """The parent and a decided total in JSON, CSV (wide and long), XLSX and data frames."""

    def test_json(self) -> None:
        """JSON: "parent" and "decided": {"total", "source"}; the total exactly as written."""
        doc = json.loads(
            '{"agencies": [{"id": "d1", "group": "department", "parent": "q1", "decided": {"total": 96.53, "source": "plo.vn, 17 Jul 2024"}},'
            ' {"id": "d2", "group": "department", "parent": "q1", "values": {"staff_computer_share": 0.5}}]}',
            parse_float=Decimal,
        )
        assert _seen(submissions_from_dict(doc, ruleset=RULESET)) == EXPECTED
        assert _seen(submissions_from_dict(doc)) == EXPECTED  # without a ruleset too
        assert type(submissions_from_dict(doc)[0].decided.total) is Decimal  # type: ignore[union-attr]

    def test_csv_wide_with_vietnamese_headers(self, tmp_path: Path) -> None:
        """CSV wide: the template's Vietnamese labels are accepted as headers."""
        path = tmp_path / "w.csv"
        path.write_text(CSV_WIDE, encoding="utf-8")
        assert _seen(read_submissions(path, RULESET)) == EXPECTED

    def test_csv_long(self, tmp_path: Path) -> None:
        """CSV long: agency-level columns, on any row, agreeing; a decimal comma is read as in a number cell."""
        path = tmp_path / "l.csv"
        path.write_text(CSV_LONG, encoding="utf-8")
        assert _seen(read_submissions(path, RULESET)) == EXPECTED

    def test_xlsx_number_and_text_cells(self, tmp_path: Path) -> None:
        """XLSX: a number cell through its shortest form (96.53, not 96.5300000000000011...), a text cell exactly."""
        rows: list[list[object]] = [
            ["id", "group", "parent", "decided_total", "decided_source", "staff_computer_share"],
            ["d1", "department", "q1", 96.53, "plo.vn, 17 Jul 2024"],
            ["d2", "department", "q1", None, None, 0.5],
            ["d3", "department", "q2", "88.1", "báo Đà Nẵng"],
        ]
        path = _book(tmp_path / "x.xlsx", {"Sheet1": rows})
        read = read_submissions(path, RULESET)
        assert _seen(read[:2]) == EXPECTED
        assert read[2].decided == DecidedTotal(total=Decimal("88.1"), source="báo Đà Nẵng")

    def test_data_frame(self) -> None:
        """Data frames: the columns of a CSV file; NaN is an empty cell."""
        pd = pytest.importorskip("pandas")
        df = pd.DataFrame(
            {
                "id": ["d1", "d2"],
                "group": ["department", "department"],
                "parent": ["q1", "q1"],
                "decided_total": ["96.53", None],
                "decided_source": ["plo.vn, 17 Jul 2024", None],
                "staff_computer_share": [float("nan"), 0.5],
            }
        )
        assert _seen(submissions_from_dataframe(df, RULESET)) == EXPECTED

    @pytest.mark.parametrize(
        ("total", "source", "figure", "message"),
        [
            ("96.53", "plo.vn", "0.5", "an agency has either a decided total or figures and claims, not both"),
            ("96.53", "", "", "a decided total needs its source: where it was published (column 'decided_source')"),
            ("", "plo.vn", "", "a source of a decided total ('plo.vn') without the total"),
            ("abc", "plo.vn", "", "expected a number, got 'abc'"),
            ("nan", "plo.vn", "", "expected a number, got 'nan'"),
            ("inf", "plo.vn", "", "expected a number, got 'inf'"),
            ("1e999", "plo.vn", "", "a number must be less than 10^15 in size, got 1E+999"),
            ("96%", "plo.vn", "", "a percentage is only accepted for a ratio, got '96%'"),
            ("100.01", "plo.vn", "", "a decided total must be within [0, 100], got 100.01"),
            ("-1", "plo.vn", "", "a decided total must be within [0, 100], got -1"),
            ("96.531", "plo.vn", "", "a decided total has at most 2 decimal places, as the ruleset rounds, got 96.531"),
        ],
    )
    def test_bad_decided_in_a_row(self, tmp_path: Path, total: str, source: str, figure: str, message: str) -> None:
        """Each refusal names the file, row, column and agency; nothing is returned."""
        path = tmp_path / "b.csv"
        path.write_text(f"id,group,decided_total,decided_source,staff_computer_share\nd1,department,{total},{source},{figure}\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        (problem,) = exc.value.problems
        column = 4 if not total else 3
        assert (problem.file, problem.line, problem.column, problem.agency, problem.message) == (str(path), 2, column, "d1", message)

    def test_bad_decided_in_json(self) -> None:
        """JSON: the total a number (not text, NaN or huge), a source, no figures beside it, no other keys."""
        doc = {
            "agencies": [
                {"id": "a", "group": "department", "decided": {"total": Decimal("90"), "source": "s"}, "values": {"staff_computer_share": Decimal("0.5")}},
                {"id": "b", "group": "department", "decided": {"total": "96.5", "source": "s"}},
                {"id": "c", "group": "department", "decided": {"total": float("nan"), "source": "s"}},
                {"id": "d", "group": "department", "decided": {"total": Decimal("1e999"), "source": "s"}},
                {"id": "e", "group": "department", "decided": {"total": True, "source": "s"}},
                {"id": "f", "group": "department", "decided": {"total": Decimal(90), "source": " ", "by": "x"}},
                {"id": "g", "group": "department", "decided": 90},
                {"id": "h", "group": "department", "parent": 7},
            ]
        }
        before = copy.deepcopy(doc)
        with pytest.raises(DataError) as exc:
            submissions_from_dict(doc, ruleset=RULESET, source="d.json")
        assert [(p.agency, p.path, p.message) for p in exc.value.problems] == [
            ("a", "$.agencies[0].decided", "an agency has either a decided total or figures and claims, not both"),
            ("b", "$.agencies[1].decided.total", "a decided total must be a number, got '96.5'"),
            ("c", "$.agencies[2].decided.total", "expected a finite number, got nan"),
            ("d", "$.agencies[3].decided.total", "a number must be less than 10^15 in size, got 1E+999"),
            ("e", "$.agencies[4].decided.total", "a decided total must be a number, got true"),
            ("f", "$.agencies[5].decided", "unknown keys 'by'"),
            ("f", "$.agencies[5].decided.source", "a decided total needs its source: where it was published"),
            ("g", "$.agencies[6].decided", "'decided' must be a table with 'total' and 'source', got int"),
            ("h", "$.agencies[7].parent", "the parent must be an agency id (a string), got 7"),
        ]
        assert doc == before

    def test_bad_parent_in_a_row(self, tmp_path: Path) -> None:
        """A parent is an id: the text rule for ids applies."""
        path = tmp_path / "p.csv"
        path.write_text("id,group,parent\nd1,department,quận\u00a0một\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        (problem,) = exc.value.problems
        assert (problem.line, problem.column, problem.agency, problem.path) == (2, 3, "d1", "parent")
        assert problem.message.startswith("the parent 'quận\\xa0một'")

    def test_long_layout_disagreeing_rows(self, tmp_path: Path) -> None:
        """Long layout: the agency's parent or total given twice must agree."""
        path = tmp_path / "l.csv"
        path.write_text("agency,indicator,value,group,parent\nd1,,,department,q1\nd1,staff_computer_share,0.5,,q2\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert [(p.line, p.message) for p in exc.value.problems] == [(3, "parent 'q2' differs from 'q1' on line 2")]


# --- templates ---------------------------------------------------------------------------------------------


def _wards() -> tuple[Submission, ...]:
    return read_submissions("danang-2021", WARDS)


class TestTemplates:
    """The parent column, parents prefilled, one sheet per parent agency."""

    def test_parent_column_only_where_there_are_parents(self, tmp_path: Path) -> None:
        """Wards (ranked within districts) get a parent column after the group; districts do not."""
        write_template(WARDS, tmp_path / "w.csv", group="ward", rows=0)
        write_template(WARDS, tmp_path / "d.csv", group="district", rows=0)
        ward = list(csv.reader(io.StringIO((tmp_path / "w.csv").read_text(encoding="utf-8-sig"))))
        district = next(csv.reader(io.StringIO((tmp_path / "d.csv").read_text(encoding="utf-8-sig"))))
        assert ward[0][:4] == ["id", "name", "group", "parent"]
        assert [r[3] for r in ward[1:3]] == ["Đơn vị cấp trên", "Parent agency"]
        assert "parent" not in district

    def test_prefilled_parents_read_back(self, tmp_path: Path) -> None:
        """--agencies fills ids, names, group and parent; the unfilled template reads back to exactly those agencies' ids and parents."""
        earlier = _wards()
        wards = [(s.agency, s.name, s.parent) for s in earlier if s.group == "ward"]
        for name in ("w.csv", "w.xlsx"):
            write_template(WARDS, tmp_path / name, group="ward", rows=1, agencies=earlier)
            # read back: a row with only id, name, group and parent is an agency without figures
            read = read_submissions(tmp_path / name, WARDS)
            assert [(s.agency, s.name, s.parent, s.group) for s in read] == [(*w, "ward") for w in wards], name

    def test_parent_drop_down_offers_the_districts(self, tmp_path: Path) -> None:
        """With agencies, the parent column's drop-down lists the districts' ids; its prompt says what a parent is."""
        write_template(WARDS, tmp_path / "w.xlsx", group="ward", rows=1, agencies=_wards())
        book = openpyxl.load_workbook(tmp_path / "w.xlsx")
        sheet = book["Dữ liệu - Data"]
        (rule,) = [dv for dv in sheet.data_validations.dataValidation if str(dv.sqref) == f"D{FIRST_DATA_ROW}:D1048576"]
        lists = book[LISTS_SHEET]
        ref = rule.formula1.split("!")[1].replace("$", "")
        offered = [c.value for row in lists[ref] for c in row]
        assert offered == [s.agency for s in _wards() if s.group == "district"]
        assert rule.promptTitle == "Đơn vị cấp trên"
        assert rule.prompt.startswith("mã của đơn vị cấp trên (nhóm district)")

    def test_per_parent_one_sheet_per_district(self, tmp_path: Path) -> None:
        """One protected sheet per district (named after it), its wards prefilled and empty rows with its id; reads back whole or by sheet."""
        earlier = _wards()
        districts = [(s.agency, s.name) for s in earlier if s.group == "district"]
        path = tmp_path / "wards.xlsx"
        write_template(WARDS, path, group="ward", rows=2, agencies=earlier, per_parent=True)
        book = openpyxl.load_workbook(path)
        titles = sheet_titles(districts)
        assert book.sheetnames == [*titles, GUIDE_SHEET, LISTS_SHEET]
        assert titles[0] == "UBND quận Hải Châu"
        for (district, _), title in zip(districts, titles, strict=True):
            sheet = book[title]
            mine = [s.agency for s in earlier if s.group == "ward" and s.parent == district]
            ids = [sheet.cell(row=r, column=1).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(mine) + 2)]
            parents = {sheet.cell(row=r, column=4).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(mine) + 2)}
            assert ids == [*mine, None, None] and parents == {district}
            assert sheet.protection.sheet is True
            assert sheet.cell(row=1, column=5).protection.locked is True
            assert sheet.cell(row=FIRST_DATA_ROW - 1, column=5).protection.locked is True
            assert sheet.cell(row=FIRST_DATA_ROW, column=5).protection.locked is False
            assert sheet.freeze_panes == f"E{FIRST_DATA_ROW}"
            prompts = {str(dv.sqref)[:1]: dv for dv in sheet.data_validations.dataValidation}
            assert prompts["E"].prompt.startswith("Tỷ lệ CBCCVC") and "từ 0 đến 1" in prompts["E"].prompt
        whole = read_submissions(path, WARDS)
        assert [(s.agency, s.parent) for s in whole] == [(s.agency, s.parent) for s in earlier if s.group == "ward"]
        one = read_submissions(path, WARDS, sheet=titles[1])
        assert {s.parent for s in one} == {districts[1][0]} and len(one) == sum(1 for s in earlier if s.parent == districts[1][0])

    def test_per_parent_filled_reads_back_losslessly(self, tmp_path: Path) -> None:
        """Filled on two district sheets through the drop-down labels, the workbook reads back the values meant."""
        earlier = _wards()
        path = tmp_path / "wards.xlsx"
        write_template(WARDS, path, group="ward", rows=0, agencies=earlier, per_parent=True)
        book = openpyxl.load_workbook(path)
        meant: dict[str, dict[str, object]] = {}
        for title in book.sheetnames[:2]:
            sheet = book[title]
            headers = [c.value for c in sheet[1]]
            agency = sheet.cell(row=FIRST_DATA_ROW, column=1).value
            sheet.cell(row=FIRST_DATA_ROW, column=headers.index("staff_computer_share") + 1, value=0.85)
            sheet.cell(row=FIRST_DATA_ROW, column=headers.index("special_network") + 1, value="có") if "special_network" in headers else None
            meant[agency] = {"staff_computer_share": Decimal("0.85"), **({"special_network": True} if "special_network" in headers else {})}
        book.save(path)
        read = {s.agency: {k: f[0].value for k, f in s.values.items()} for s in read_submissions(path, WARDS)}
        assert {a: read[a] for a in meant} == meant
        assert all(not v for a, v in read.items() if a not in meant)

    def test_sheet_titles_follow_excels_rules(self) -> None:
        """At most 31 characters, no []:*?/\\, unique ignoring case, never a template sheet's title."""
        titles = sheet_titles([("a", "Quận [1]: Hải/Châu*?"), ("b", "quận ( 1 ) hải châu"), ("c", "x" * 40), ("d", "X" * 40), ("e", ""), ("f", GUIDE_SHEET)])
        assert titles[:2] == ("Quận 1 Hải Châu", "quận ( 1 ) hải châu")
        assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)
        assert len({t.casefold() for t in titles}) == len(titles)
        assert titles[2] == "x" * 31 and titles[3] == "X" * 27 + " (2)"
        assert titles[4] == "e" and titles[5] != GUIDE_SHEET

    def test_per_parent_refusals(self, tmp_path: Path) -> None:
        """CSV, a group without parents, no agencies, an agency without a parent: refused together, nothing written."""
        path = tmp_path / "t.csv"
        with pytest.raises(DataError) as exc:
            write_template(WARDS, path, group="district", per_parent=True)
        assert [p.message for p in exc.value.problems] == [
            "one sheet per parent agency needs an XLSX template, not CSV",
            "the agencies of group 'district' have no parent agencies: the group names no parent group",
        ]
        with pytest.raises(DataError) as exc:
            write_template(WARDS, tmp_path / "t.xlsx", group="ward", per_parent=True)
        assert [p.message for p in exc.value.problems] == [
            "one sheet per parent agency needs the parents: give agencies (an earlier data file) with the parent agencies or their children"
        ]
        agencies = [Submission(agency="p1", group="ward", parent="q1"), Submission(agency="p2", group="ward")]
        with pytest.raises(DataError) as exc:
            write_template(WARDS, tmp_path / "t.xlsx", group="ward", per_parent=True, agencies=agencies)
        assert [(p.agency, p.message) for p in exc.value.problems] == [
            ("p2", "no parent: with one sheet per parent agency, each agency goes on its parent's sheet")
        ]
        assert not path.exists() and not (tmp_path / "t.xlsx").exists()

    def test_per_parent_command(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """indicator-index template --per-parent."""
        from indicator_index._cli import main

        target = tmp_path / "wards.xlsx"
        assert main(["template", "danang-448-2022", "-g", "ward", "--agencies", "danang-2021", "--per-parent", "-o", str(target)]) == 0
        assert openpyxl.load_workbook(target).sheetnames[0] == "UBND quận Hải Châu"
        assert main(["--lang", "en", "template", "danang-448-2022", "-g", "ward", "--per-parent", "-o", str(tmp_path / "x.xlsx")]) == 1
        assert "needs the parents" in capsys.readouterr().err


# --- the JSON Schema ------------------------------------------------------------------------------------------


def _valid(schema: dict[str, Any], instance: object) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(instance)]


class TestSchema:
    """The submission schema carries parent and decided."""

    def test_parent_and_decided(self) -> None:
        """A decided entry validates without values; with values it does not; a ward needs its parent."""
        from indicator_index._portal import submission_schema

        schema = submission_schema(RULESET, "department")
        assert schema["properties"]["decided"]["properties"]["total"] == {"type": "number", "minimum": 0, "maximum": 100, "title": "Tổng điểm"}
        assert schema["properties"]["decided"]["required"] == ["total", "source"]
        decided = {"id": "d1", "group": "department", "decided": {"total": 96.53, "source": "plo.vn"}}
        assert _valid(schema, decided) == []
        assert _valid(schema, {**decided, "values": {}}) != []
        assert _valid(schema, {**decided, "decided": {"total": 96.53}}) != []
        assert _valid(schema, {**decided, "decided": {"total": 101, "source": "x"}}) != []
        assert _valid(schema, {"id": "d1", "group": "department"}) != []  # neither figures nor a decided total
        ward = submission_schema(WARDS, "ward")
        assert "parent" in ward["required"] and "parent" not in schema["required"]
        assert ward["properties"]["parent"]["description"].endswith("district")
