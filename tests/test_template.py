"""Tests for data-collection templates: their layout, and the round trip template -> filled -> read -> score."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from indicator_index import Figure, Indicator, Label, Submission, load_ruleset, score
from indicator_index._data import read_submissions
from indicator_index._template import FIRST_DATA_ROW, write_template
from indicator_index.errors import DataError


ROOT = Path(__file__).resolve().parents[1]
RULESET = load_ruleset("example-2024")
SAMPLE = json.loads((ROOT / "samples" / "example-2024.json").read_text(encoding="utf-8"), parse_float=Decimal)

DEPARTMENT_INDICATORS = [
    "staff_computer_share",
    "bandwidth_per_staff",
    "steering_meetings",
    "docs_signed",
    "docs_total",
    "units_connected_share",
    "wan_applications",
    "online_dossier_share",
    "special_network",
    "it_officer_degree",
    "smart_city_components",
    "initiatives",
    "national_award",
    "late_reports",
    "security_incident",
]
COMMUNE_INDICATORS = [*DEPARTMENT_INDICATORS[:10], "ewallet_household_share", "community_tech_teams", *DEPARTMENT_INDICATORS[10:]]
# One claim, so the round trip carries a claim too: Xã Hòa Bắc says online services are outside its function.
CLAIMS = {"xa-hoa-bac": {"3.1": "Công văn 7/UBND"}}
EVIDENCE = {"xa-hoa-phong": {"steering_meetings": "Biên bản họp BCĐ số 4"}}


def _headers(indicators: list[str]) -> list[str]:
    out = ["id", "name", "group"]
    for name in indicators:
        out += [name, f"evidence:{name}"]
    return [*out, "claim:3.1"]


def _sample(group: str) -> list[dict[str, object]]:
    """The sample agencies of *group*, with one verified figure flattened to the agency's own."""
    out = []
    for agency in SAMPLE["agencies"]:
        if agency["group"] != group:
            continue
        values = {k: (v["agency"] if isinstance(v, dict) else v) for k, v in agency["values"].items()}
        out.append(
            {
                "id": agency["id"],
                "name": agency["name"],
                "group": group,
                "values": values,
                "claims": {**agency.get("claims", {}), **CLAIMS.get(agency["id"], {})},
            }
        )
    return out


def _direct(group: str) -> tuple[Submission, ...]:
    """The same agencies given directly as Submissions."""
    return tuple(Submission(agency=a["id"], group=a["group"], name=a["name"], values=a["values"], claims=a["claims"]) for a in _sample(group))  # type: ignore[arg-type]


def _plain(assessment: object) -> list[tuple[object, ...]]:
    """An assessment without the references of its inputs (a file location or evidence, not given directly)."""
    out = []
    for s in assessment.scores:  # type: ignore[attr-defined]
        items = tuple(
            (r.criterion, r.status, r.points, r.max_points, r.reason, tuple((i.indicator, i.value, i.source) for i in r.inputs))
            for r in (*s.criteria, *s.bonuses, *s.penalties)
        )
        out.append((s.agency, s.name, s.group, s.status, s.total, s.unrounded, s.band, s.rank, s.notes, items))
    return out


def _values(submissions: tuple[Submission, ...]) -> list[tuple[object, ...]]:
    return [
        (s.agency, s.name, s.group, {k: [(f.value, f.source) for f in v] for k, v in s.values.items()}, [(c.criterion, c.evidence) for c in s.claims])
        for s in submissions
    ]


def _cell_text(value: object) -> str:
    """A value as someone would type it into a CSV template."""
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def _labels(indicator: str) -> dict[str, str]:
    """Option id -> Vietnamese label, to fill choices the way people write them."""
    return {o.id: o.label.vi for o in RULESET.indicator(indicator).options}


class TestColumns:
    """Which columns a group's template has."""

    def test_department(self, tmp_path: Path) -> None:
        """A value and an evidence column per indicator the group's items use, and a claim column per excludable criterion."""
        path = tmp_path / "t.csv"
        write_template(RULESET, path, group="department", rows=0)
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert header == _headers(DEPARTMENT_INDICATORS)

    def test_commune_adds_the_digital_society_indicators(self, tmp_path: Path) -> None:
        """Communes also report the indicators of the digital-society section, which departments do not."""
        path = tmp_path / "t.csv"
        write_template(RULESET, path, group="UBND xã", rows=0)
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert header == _headers(COMMUNE_INDICATORS)

    def test_verification_sources(self, tmp_path: Path) -> None:
        """An assessor's template has a value and an evidence column per source."""
        path = tmp_path / "t.csv"
        write_template(RULESET, path, group="department", sources=("agency", "verification"), rows=0)
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert header[3:7] == [
            "staff_computer_share",
            "evidence:staff_computer_share",
            "staff_computer_share@verification",
            "evidence:staff_computer_share@verification",
        ]
        assert len(header) == 3 + 4 * len(DEPARTMENT_INDICATORS) + 1


class TestCsvTemplate:
    """The CSV template: the wide layout with note rows, written for Excel."""

    def test_layout(self, tmp_path: Path) -> None:
        """A BOM for Excel, the column ids, four note rows in Vietnamese and English, and rows with the group filled in."""
        path = tmp_path / "t.csv"
        write_template(RULESET, path, group="department", rows=3)
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 1 + 4 + 3
        column = {name: i for i, name in enumerate(rows[0])}
        notes = [[row[0], row[column["name"]], row[column["bandwidth_per_staff"]], row[column["special_network"]]] for row in rows[1:5]]
        assert notes == [
            ["# Tiếng Việt", "Tên cơ quan", "Băng thông trên mỗi cán bộ", "Kết nối mạng truyền số liệu chuyên dùng"],
            ["# English", "Agency name", "Bandwidth per staff member", "Connected to the special data network"],
            ["# Đơn vị · Unit", "", "Mbps", ""],
            ["# Giá trị · Values", "", "số ≥ 0 · number ≥ 0", "có / không · yes / no"],
        ]
        assert rows[5:] == [[("department" if name == "group" else "") for name in rows[0]]] * 3
        assert rows[4][column["it_officer_degree"]] == (
            "một trong: university (Đại học), college (Cao đẳng), vocational (Trung cấp), none (Không có) · "
            "one of: university (University), college (College), vocational (Vocational), none (None)"
        )
        assert rows[2][column["claim:3.1"]] == "Outside our function: 3.1 Dossiers filed online"

    def test_unfilled_template_reads_as_no_agencies(self, tmp_path: Path) -> None:
        """Note rows and rows with only the group are skipped."""
        path = tmp_path / "t.csv"
        write_template(RULESET, path, group="commune", rows=5)
        assert read_submissions(path, RULESET) == ()

    def test_round_trip(self, tmp_path: Path) -> None:
        """Template -> filled as text (labels for choices, có/không) -> read -> score equals scoring the values directly."""
        path = tmp_path / "commune.csv"
        write_template(RULESET, path, group="commune", rows=10)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        column = {name: i for i, name in enumerate(rows[0])}
        for row, agency in zip(rows[5:], _sample("commune"), strict=False):
            row[column["id"]], row[column["name"]] = str(agency["id"]), str(agency["name"])
            for name, value in agency["values"].items():  # type: ignore[attr-defined]
                row[column[name]] = _labels(name)[value] if name == "it_officer_degree" else _cell_text(value)
            for criterion, evidence in agency["claims"].items():  # type: ignore[attr-defined]
                row[column[f"claim:{criterion}"]] = evidence
            for name, evidence in EVIDENCE.get(str(agency["id"]), {}).items():
                row[column[f"evidence:{name}"]] = evidence
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        path.write_bytes(out.getvalue().encode("utf-8-sig"))

        read = read_submissions(path, RULESET)
        assert _values(read) == _values(_direct("commune"))
        assert _plain(score(RULESET, read)) == _plain(score(RULESET, _direct("commune")))
        phong = read[1]
        assert phong.values["steering_meetings"][0].reference == "Biên bản họp BCĐ số 4"
        assert phong.values["staff_computer_share"][0].reference == "commune.csv:7"

    def test_round_trip_with_verification(self, tmp_path: Path) -> None:
        """An assessor's template carries verified figures back, and the verified figure is the one scored."""
        path = tmp_path / "assessor.csv"
        write_template(RULESET, path, group="department", sources=("agency", "verification"), rows=1)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        column = {name: i for i, name in enumerate(rows[0])}
        finance = next(a for a in SAMPLE["agencies"] if a["id"] == "so-tai-chinh")
        row = rows[5]
        row[column["id"]], row[column["name"]] = finance["id"], finance["name"]
        for name, value in finance["values"].items():
            if isinstance(value, dict):
                row[column[name]], row[column[f"{name}@verification"]] = str(value["agency"]), str(value["verification"])
                row[column[f"evidence:{name}@verification"]] = "Biên bản thẩm định"
            else:
                row[column[name]] = _cell_text(value)
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        path.write_bytes(out.getvalue().encode("utf-8-sig"))

        (read,) = read_submissions(path, RULESET)
        values = {k: [Figure(value=x, source=source) for source, x in v.items()] if isinstance(v, dict) else v for k, v in finance["values"].items()}
        direct = Submission(agency=finance["id"], group="department", name=finance["name"], values=values)
        assert _plain(score(RULESET, [read])) == _plain(score(RULESET, [direct]))
        result = score(RULESET, [read]).scores[0].criterion("3.1").inputs
        assert [(i.value, i.source, i.reference) for i in result] == [(Decimal("0.5"), "verification", "Biên bản thẩm định")]


class TestXlsxTemplate:
    """The XLSX template: the same layout, with drop-down lists, range checks and a guide."""

    def test_layout(self, tmp_path: Path) -> None:
        """Sheets, column ids, note rows, frozen panes and the hidden lists sheet."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "t.xlsx"
        write_template(RULESET, path, group="department", rows=4)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Dữ liệu - Data", "Hướng dẫn - Guide", "Danh mục - Lists"]
        sheet = book["Dữ liệu - Data"]
        assert [c.value for c in sheet[1]] == _headers(DEPARTMENT_INDICATORS)
        assert [sheet.cell(row=r, column=1).value for r in range(2, 6)] == ["# Tiếng Việt", "# English", "# Đơn vị · Unit", "# Giá trị · Values"]
        assert [sheet.cell(row=r, column=4).value for r in (2, 3)] == ["Tỷ lệ cán bộ có máy tính", "Share of staff with a computer"]
        assert [sheet.cell(row=r, column=3).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 5)] == ["department"] * 4 + [None]
        assert sheet.freeze_panes == "D6"
        lists = book["Danh mục - Lists"]
        assert lists.sheet_state == "hidden"
        assert [[c.value for c in col] for col in lists.iter_cols()] == [
            ["yes_no", "có", "không", None, None],
            ["it_officer_degree", "university", "college", "vocational", "none"],
        ]

    def test_data_validation(self, tmp_path: Path) -> None:
        """Drop-down lists for yes/no, choices and the group; range checks for ratios, counts and bounded numbers."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "t.xlsx"
        write_template(RULESET, path, group="department", rows=4)
        sheet = openpyxl.load_workbook(path)["Dữ liệu - Data"]
        letters = {c.value: c.column_letter for c in sheet[1]}
        rules = {str(v.sqref): (v.type, v.operator, v.formula1, v.formula2, v.allow_blank, v.showErrorMessage) for v in sheet.data_validations.dataValidation}

        def rule(name: str) -> tuple[object, ...] | None:
            return rules.get(f"{letters[name]}6:{letters[name]}1048576")

        assert rule("group") == ("list", None, '"department"', None, True, True)
        assert rule("special_network") == ("list", None, "'Danh mục - Lists'!$A$2:$A$3", None, True, True)
        assert rule("it_officer_degree") == ("list", None, "'Danh mục - Lists'!$B$2:$B$5", None, True, True)
        assert rule("staff_computer_share") == ("decimal", "between", "0", "1", True, True)
        assert rule("steering_meetings") == ("whole", "greaterThanOrEqual", "0", None, True, True)
        assert rule("bandwidth_per_staff") == ("decimal", "greaterThanOrEqual", "0", None, True, True)
        assert rule("evidence:staff_computer_share") is None
        assert rule("claim:3.1") is None
        assert len(rules) == 1 + len(DEPARTMENT_INDICATORS)

    def test_guide(self, tmp_path: Path) -> None:
        """The guide sheet explains each indicator (type, unit, allowed values, the criteria using it) and each claim."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "t.xlsx"
        write_template(RULESET, path, group="department", rows=1)
        sheet = openpyxl.load_workbook(path)["Hướng dẫn - Guide"]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[0][0] == "Mẫu thu thập số liệu · Data-collection template — Bộ chỉ số ví dụ về ứng dụng CNTT 2024 · Example IT application index 2024"
        table = {row[0]: row for row in rows if row[0] in {*DEPARTMENT_INDICATORS, "claim:3.1"}}
        assert list(table) == [*DEPARTMENT_INDICATORS, "claim:3.1"]
        assert table["docs_total"] == [
            "docs_total",
            "Tổng số văn bản đi",
            "Outgoing documents",
            "count",
            None,
            "số nguyên ≥ 0 · whole number ≥ 0",
            None,
            "2.2",
            None,
        ]
        assert table["bandwidth_per_staff"][3:6] == ["number", "Mbps", "số ≥ 0 · number ≥ 0"]
        assert table["claim:3.1"][:4] == [
            "claim:3.1",
            "Ngoài chức năng, nhiệm vụ: 3.1 Hồ sơ trực tuyến",
            "Outside our function: 3.1 Dossiers filed online",
            "claim",
        ]

    def test_round_trip(self, tmp_path: Path) -> None:
        """Template -> filled with typed cells (numbers, drop-down values) -> read -> score equals scoring the values directly."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "commune.xlsx"
        write_template(RULESET, path, group="commune", rows=10)
        book = openpyxl.load_workbook(path)
        sheet = book["Dữ liệu - Data"]
        column = {c.value: c.column for c in sheet[1]}
        for row, agency in enumerate(_sample("commune"), start=FIRST_DATA_ROW):
            sheet.cell(row=row, column=column["id"], value=agency["id"])
            sheet.cell(row=row, column=column["name"], value=agency["name"])
            for name, value in agency["values"].items():  # type: ignore[attr-defined]
                typed = value if isinstance(value, str) else ("có" if value else "không") if isinstance(value, bool) else float(value)
                sheet.cell(row=row, column=column[name], value=typed)
            for criterion, evidence in agency["claims"].items():  # type: ignore[attr-defined]
                sheet.cell(row=row, column=column[f"claim:{criterion}"], value=evidence)
        book.save(path)

        read = read_submissions(path, RULESET)
        assert _values(read) == _values(_direct("commune"))
        assert _plain(score(RULESET, read)) == _plain(score(RULESET, _direct("commune")))

    def test_without_openpyxl(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the optional dependency the error says which extra to install, and nothing is written."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        path = tmp_path / "t.xlsx"
        with pytest.raises(DataError) as exc:
            write_template(RULESET, path, group="department")
        assert str(exc.value) == "writing an XLSX template needs openpyxl: pip install 'indicator-index[xlsx]'"
        assert not path.exists()


class TestTemplateErrors:
    """Bad arguments are reported together, and nothing is written."""

    def test_bad_arguments(self, tmp_path: Path) -> None:
        """An unknown group and source, a repeated source and a negative row count."""
        path = tmp_path / "t.csv"
        with pytest.raises(DataError) as exc:
            write_template(RULESET, path, group="ward", sources=("agency", "auditor", "agency"), rows=-1)
        assert str(exc.value) == "\n".join(
            [
                "cannot write a template: 4 problems",
                "  - unknown agency group 'ward'; the ruleset has 'department', 'commune'",
                "  - unknown source 'auditor'; the ruleset has 'verification', 'records', 'agency'",
                "  - sources must name each source once, got ('agency', 'auditor', 'agency')",
                "  - rows must be a whole number >= 0, got -1",
            ]
        )
        assert not path.exists()

    @pytest.mark.parametrize(
        ("name", "fmt", "message"),
        [
            ("t.ods", None, "a template is written as xlsx or csv, got the extension '.ods'"),
            ("t.csv", "json", "a template is written as xlsx or csv, got format 'json'"),
        ],
    )
    def test_unknown_format(self, tmp_path: Path, name: str, fmt: str | None, message: str) -> None:
        """Only XLSX and CSV templates exist."""
        path = tmp_path / name
        with pytest.raises(DataError) as exc:
            write_template(RULESET, path, group="department", format=fmt)
        assert str(exc.value) == f"{path}: {message}"

    def test_format_overrides_the_extension(self, tmp_path: Path) -> None:
        """``format`` picks the format whatever the file is called."""
        path = tmp_path / "template.txt"
        write_template(RULESET, path, group="department", format="csv", rows=0)
        assert path.read_text(encoding="utf-8-sig").startswith("id,name,group,staff_computer_share,")

    def test_reserved_indicator_id(self, tmp_path: Path) -> None:
        """An indicator whose id is a fixed column of the wide layout cannot have a template column."""
        extra = Indicator(id="name", label=Label(en="Name"), type="count")
        rules = attrs.evolve(RULESET, indicators=(*RULESET.indicators, extra))
        with pytest.raises(DataError) as exc:
            write_template(rules, tmp_path / "t.csv", group="department")
        assert str(exc.value) == "cannot write a template: 1 problem\n  - indicator 'name': the id of this indicator is a reserved column of the wide layout"
