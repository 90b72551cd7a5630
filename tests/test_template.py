"""Tests for data-collection templates: their layout, and the round trip template -> filled -> read -> score."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from indicator_index import Figure, Indicator, Label, Option, Submission, load_ruleset, score
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
        assert [sheet.cell(row=r, column=3).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 5)] == ["Sở, ban, ngành"] * 4 + [None]
        assert sheet.freeze_panes == "D6"
        lists = book["Danh mục - Lists"]
        assert lists.sheet_state == "hidden"
        assert [[c.value for c in col] for col in lists.iter_cols()] == [
            ["yes_no", "có", "không", None, None],
            ["group", "Sở, ban, ngành", None, None, None],
            ["it_officer_degree", "Đại học", "Cao đẳng", "Trung cấp", "Không có"],
        ]

    def test_data_validation(self, tmp_path: Path) -> None:
        """Drop-down lists for yes/no, choices and the group; range checks for ratios, counts and bounded numbers; prompts elsewhere."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "t.xlsx"
        write_template(RULESET, path, group="department", rows=4)
        sheet = openpyxl.load_workbook(path)["Dữ liệu - Data"]
        letters = {c.value: c.column_letter for c in sheet[1]}
        rules = {str(v.sqref): (v.type, v.operator, v.formula1, v.formula2, v.allow_blank, v.showErrorMessage) for v in sheet.data_validations.dataValidation}

        def rule(name: str) -> tuple[object, ...] | None:
            return rules.get(f"{letters[name]}6:{letters[name]}1048576")

        assert rule("group") == ("list", None, "'Danh mục - Lists'!$B$2:$B$2", None, True, True)
        assert rule("special_network") == ("list", None, "'Danh mục - Lists'!$A$2:$A$3", None, True, True)
        assert rule("it_officer_degree") == ("list", None, "'Danh mục - Lists'!$C$2:$C$5", None, True, True)
        assert rule("staff_computer_share") == ("decimal", "between", "0", "1", True, True)
        assert rule("steering_meetings") == ("whole", "greaterThanOrEqual", "0", None, True, True)
        assert rule("bandwidth_per_staff") == ("decimal", "greaterThanOrEqual", "0", None, True, True)
        # Ids, names, evidence and claims take any text: their validation only carries the input prompt.
        assert rule("evidence:staff_computer_share") == (None, None, None, None, True, False)
        assert rule("claim:3.1") == (None, None, None, None, True, False)
        assert rule("id") == rule("name") == (None, None, None, None, True, False)
        assert len(rules) == len(sheet[1])

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


# --- Spreadsheets as officials use them: labels in the drop-downs, protected headers, prompts, prefilled agencies ---

DATA = "Dữ liệu - Data"
WORDS = {"vi": ("có", "không"), "en": ("yes", "no")}


def _offered(book: Any, sheet: Any, column: int) -> list[str] | None:
    """The values the drop-down of a data column offers, read from the range its validation names; None without a list."""
    letter = sheet.cell(row=1, column=column).column_letter
    for rule in sheet.data_validations.dataValidation:
        if str(rule.sqref) == f"{letter}{FIRST_DATA_ROW}:{letter}1048576":
            if rule.type != "list":
                return None
            name, _, cells = rule.formula1.rpartition("!")
            first, last = cells.replace("$", "").split(":")
            lists = book[name.strip("'")]
            return [lists[f"{first[0]}{r}"].value for r in range(int(first[1:]), int(last[1:]) + 1)]
    raise AssertionError(f"no validation on column {letter}")


def _meant(ruleset: Any, indicator: str, k: int) -> object:
    """The value the k-th agency means for *indicator*: every option and both yes/no answers occur across agencies."""
    ind = ruleset.indicator(indicator)
    if ind.type == "choice":
        return ind.options[k % len(ind.options)].id
    if ind.type == "yes_no":
        return k % 2 == 0
    if ind.type == "ratio":
        return (Decimal("0.85"), Decimal("0.5"), Decimal("1"), Decimal("0"))[k % 4]
    if ind.type == "count":
        return 3 * k + 1
    low = ind.min if ind.min is not None else Decimal(0)
    high = ind.max if ind.max is not None else low + 100
    return (low + high) / 2 + (0 if k % 2 else (high - low) / 4)


def _kinds(values: dict[str, object]) -> dict[str, tuple[bool, object]]:
    """Values with a flag for booleans, since True == 1 == Decimal(1) would hide a yes/no read back as a number."""
    return {k: (isinstance(v, bool), v) for k, v in values.items()}


class TestXlsxForOfficials:
    """An XLSX template shows labels in its drop-downs, protects its header rows, prompts for each column and can be prefilled."""

    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_drop_downs_offer_labels(self, tmp_path: Path, lang: str) -> None:
        """Choices show their labels (Vietnamese by default), yes/no its words, the group its label."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "t.xlsx"
        write_template(RULESET, path, group="department", rows=2, **({} if lang == "vi" else {"lang": lang}))
        book = openpyxl.load_workbook(path)
        sheet = book[DATA]
        column = {c.value: c.column for c in sheet[1]}
        degree = [o.label.vi if lang == "vi" else o.label.en for o in RULESET.indicator("it_officer_degree").options]
        assert _offered(book, sheet, column["it_officer_degree"]) == degree
        assert _offered(book, sheet, column["special_network"]) == list(WORDS[lang])
        label = RULESET.group("department").label
        assert _offered(book, sheet, column["group"]) == [label.vi if lang == "vi" else label.en]
        assert sheet.cell(row=FIRST_DATA_ROW, column=column["group"]).value == (label.vi if lang == "vi" else label.en)
        assert _offered(book, sheet, column["staff_computer_share"]) is None

    @pytest.mark.parametrize("lang", ["vi", "en"])
    @pytest.mark.parametrize(
        ("ruleset_name", "group"),
        [
            ("example-2024", "department"),
            ("example-2024", "commune"),
            *(("danang-448-2022", g) for g in ("department", "unit_without_procedures", "central_agency", "district", "ward")),
            ("danang-2386-2025", "ward"),
        ],
    )
    def test_filled_through_the_drop_downs_reads_back_losslessly(self, tmp_path: Path, ruleset_name: str, group: str, lang: str) -> None:
        """Filled with openpyxl the way an official picks from the drop-downs (labels with commas included), it reads back to the values meant."""
        openpyxl = pytest.importorskip("openpyxl")
        ruleset = load_ruleset(ruleset_name)
        path = tmp_path / "filled.xlsx"
        write_template(ruleset, path, group=group, rows=6, lang=lang)
        book = openpyxl.load_workbook(path)
        sheet = book[DATA]
        headers = [c.value for c in sheet[1]]
        indicators = [h for h in headers if h not in ("id", "name", "group", "parent") and ":" not in h]
        assert indicators, "the group has indicators"
        meant: list[dict[str, object]] = []
        for k in range(6):
            row = FIRST_DATA_ROW + k
            sheet.cell(row=row, column=1, value=f"agency-{k}")
            sheet.cell(row=row, column=2, value=f"Cơ quan số {k}, Đà Nẵng")
            if "parent" in headers:
                sheet.cell(row=row, column=headers.index("parent") + 1, value=f"quan-{k % 2}")
            values = {name: _meant(ruleset, name, k) for name in indicators}
            for name, value in values.items():
                at = headers.index(name) + 1
                offered = _offered(book, sheet, at)
                indicator = ruleset.indicator(name)
                if indicator.type == "choice":
                    option = next(o for o in indicator.options if o.id == value)
                    label = option.label.vi if lang == "vi" else option.label.en
                    assert offered is not None and label in offered  # the drop-down offers the option's label
                    cell: object = label
                elif indicator.type == "yes_no":
                    assert offered == list(WORDS[lang])
                    cell = WORDS[lang][0] if value else WORDS[lang][1]
                else:
                    cell = value if isinstance(value, int) else float(value)  # type: ignore[arg-type]
                sheet.cell(row=row, column=at, value=cell)
            meant.append(values)
        book.save(path)

        read = read_submissions(path, ruleset)
        assert [(s.agency, s.name, s.group) for s in read] == [(f"agency-{k}", f"Cơ quan số {k}, Đà Nẵng", group) for k in range(6)]
        assert [s.parent for s in read] == ([f"quan-{k % 2}" for k in range(6)] if "parent" in headers else [""] * 6)
        for submission, values in zip(read, meant, strict=True):
            got = {k: f[0].value for k, f in submission.values.items()}
            assert all(len(f) == 1 and f[0].source == "agency" for f in submission.values.values())
            assert _kinds(got) == _kinds(values)

    def test_header_protected_data_editable(self, tmp_path: Path) -> None:
        """The sheet is protected; the header and note rows are locked, every data cell (and any row added below) is not."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "t.xlsx"
        write_template(RULESET, path, group="commune", rows=5, agencies=_direct("commune"))
        book = openpyxl.load_workbook(path)
        sheet = book[DATA]
        width = len(sheet[1])
        assert sheet.protection.sheet is True
        assert sheet.protection.password is None  # no password: an official can unprotect to fix a header
        header = [sheet.cell(row=r, column=c).protection.locked for r in range(1, FIRST_DATA_ROW) for c in range(1, width + 1)]
        assert header and all(header)
        last = FIRST_DATA_ROW + len(_direct("commune")) + 5 - 1
        assert sheet.max_row == last
        data = [sheet.cell(row=r, column=c).protection.locked for r in range(FIRST_DATA_ROW, last + 1) for c in range(1, width + 1)]
        assert data and not any(data)
        letters = [sheet.cell(row=1, column=c).column_letter for c in range(1, width + 1)]
        assert not any(sheet.column_dimensions[letter].protection.locked for letter in letters)
        # Rows may be added, deleted, sorted and resized; columns may not be inserted or deleted.
        protection = sheet.protection
        assert (protection.insertRows, protection.deleteRows, protection.sort, protection.formatColumns) == (False, False, False, False)
        assert (protection.insertColumns, protection.deleteColumns) == (True, True)
        lists = book["Danh mục - Lists"]
        assert (lists.sheet_state, lists.protection.sheet) == ("hidden", True)

    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_input_prompts(self, tmp_path: Path, lang: str) -> None:
        """Every column prompts for its input, with the unit and the allowed range, within Excel's limits."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "t.xlsx"
        write_template(RULESET, path, group="department", rows=1, lang=lang)
        sheet = openpyxl.load_workbook(path)[DATA]
        letters = {c.value: c.column_letter for c in sheet[1]}
        rules = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
        assert len(rules) == len(letters)
        for rule in rules.values():
            assert rule.showInputMessage is True
            assert rule.promptTitle and len(rule.promptTitle) <= 32
            assert rule.prompt and len(rule.prompt) <= 255
            assert len(rule.error or "") <= 255 and len(rule.errorTitle or "") <= 32

        def prompt(name: str) -> str:
            return str(rules[f"{letters[name]}{FIRST_DATA_ROW}"].prompt)

        if lang == "vi":
            assert rules[f"{letters['bandwidth_per_staff']}6"].promptTitle == "Băng thông trên mỗi cán bộ"
            assert prompt("bandwidth_per_staff").splitlines()[1:3] == ["Đơn vị: Mbps", "Giá trị: số ≥ 0"]
            assert "Giá trị: tỷ lệ từ 0 đến 1" in prompt("staff_computer_share")
            assert "Chọn trong danh sách: Đại học; Cao đẳng; Trung cấp; Không có" in prompt("it_officer_degree")
        else:
            assert rules[f"{letters['bandwidth_per_staff']}6"].promptTitle == "Bandwidth per staff member"
            assert prompt("bandwidth_per_staff").splitlines()[1:3] == ["Unit: Mbps", "Values: number ≥ 0"]
            assert "Pick from the list: yes; no" in prompt("special_network")
        assert "staff_computer_share" in prompt("evidence:staff_computer_share")

    def test_long_texts_are_clipped_to_excels_limits(self, tmp_path: Path) -> None:
        """A 300-character label gives a prompt title of 32 characters and a prompt of 255, each ending in an ellipsis."""
        openpyxl = pytest.importorskip("openpyxl")
        long = "Tỷ lệ " + "rất dài " * 40
        changed = tuple(attrs.evolve(i, label=Label(vi=long, en="Long")) if i.id == "bandwidth_per_staff" else i for i in RULESET.indicators)
        rules = attrs.evolve(RULESET, indicators=changed)
        path = tmp_path / "t.xlsx"
        write_template(rules, path, group="department", rows=1)
        sheet = openpyxl.load_workbook(path)[DATA]
        letter = next(c.column_letter for c in sheet[1] if c.value == "bandwidth_per_staff")
        (rule,) = [v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}6:")]
        assert (len(rule.promptTitle), len(rule.prompt)) == (32, 255)
        assert rule.promptTitle.endswith("…") and rule.prompt.endswith("…")
        assert long.startswith(rule.promptTitle[:-1]) and rule.prompt.startswith(rule.promptTitle[:-1])

    def test_labels_that_would_not_read_back_are_offered_as_ids(self, tmp_path: Path) -> None:
        """An option labelled with another option's id, or two options sharing a label, are offered by id; all still read back."""
        openpyxl = pytest.importorskip("openpyxl")
        options = (
            Option(id="university", label=Label(vi="college")),
            Option(id="college", label=Label(vi="Trung cấp")),
            Option(id="vocational", label=Label(vi="Trung cấp")),
            Option(id="none", label=Label(vi="Không có")),
        )
        changed = tuple(attrs.evolve(i, options=options) if i.id == "it_officer_degree" else i for i in RULESET.indicators)
        rules = attrs.evolve(RULESET, indicators=changed)
        path = tmp_path / "t.xlsx"
        write_template(rules, path, group="department", rows=4)
        book = openpyxl.load_workbook(path)
        sheet = book[DATA]
        at = next(c.column for c in sheet[1] if c.value == "it_officer_degree")
        offered = _offered(book, sheet, at)
        assert offered == ["university", "college", "vocational", "Không có"]
        for k, text in enumerate(offered):
            sheet.cell(row=FIRST_DATA_ROW + k, column=1, value=f"a{k}")
            sheet.cell(row=FIRST_DATA_ROW + k, column=at, value=text)
        book.save(path)
        read = read_submissions(path, rules)
        assert [s.values["it_officer_degree"][0].value for s in read] == ["university", "college", "vocational", "none"]

    def test_a_long_list_with_commas_goes_through_the_lists_sheet(self, tmp_path: Path) -> None:
        """Options whose labels hold commas and together run past the 255 characters an in-cell list may hold are offered in full."""
        openpyxl = pytest.importorskip("openpyxl")
        text = "Phương án {}, có dấu phẩy, đủ dài để cả danh sách vượt quá giới hạn 255 ký tự"
        options = tuple(attrs.evolve(o, label=Label(vi=text.format(k), en=o.label.en)) for k, o in enumerate(RULESET.indicator("it_officer_degree").options))
        assert len(",".join(o.label.vi for o in options)) > 255
        changed = tuple(attrs.evolve(i, options=options) if i.id == "it_officer_degree" else i for i in RULESET.indicators)
        rules = attrs.evolve(RULESET, indicators=changed)
        path = tmp_path / "t.xlsx"
        write_template(rules, path, group="department", rows=1)
        book = openpyxl.load_workbook(path)
        sheet = book[DATA]
        at = next(c.column for c in sheet[1] if c.value == "it_officer_degree")
        offered = _offered(book, sheet, at)
        assert offered == [o.label.vi for o in rules.indicator("it_officer_degree").options]
        sheet.cell(row=FIRST_DATA_ROW, column=1, value="a")
        sheet.cell(row=FIRST_DATA_ROW, column=at, value=offered[3])
        book.save(path)
        (read,) = read_submissions(path, rules)
        assert read.values["it_officer_degree"][0].value == "none"

    def test_a_group_label_that_names_another_group_is_written_as_the_id(self, tmp_path: Path) -> None:
        """A group whose English label is another group's id gets its own id in the group column, so that it reads back."""
        openpyxl = pytest.importorskip("openpyxl")
        groups = tuple(attrs.evolve(g, label=Label(vi=g.label.vi, en="commune")) if g.id == "department" else g for g in RULESET.groups)
        rules = attrs.evolve(RULESET, groups=groups)
        path = tmp_path / "t.xlsx"
        write_template(rules, path, group="department", rows=1, lang="en")
        book = openpyxl.load_workbook(path)
        sheet = book[DATA]
        assert sheet.cell(row=FIRST_DATA_ROW, column=3).value == "department"
        assert _offered(book, sheet, 3) == ["department"]
        write_template(rules, path, group="department", rows=1)  # the Vietnamese label is unambiguous
        assert openpyxl.load_workbook(path)[DATA].cell(row=FIRST_DATA_ROW, column=3).value == "Sở, ban, ngành"


class TestPrefilledAgencies:
    """``agencies=``: the agencies of an earlier data file, one row each."""

    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_ids_names_and_group_of_the_group_only(self, tmp_path: Path, fmt: str) -> None:
        """The group's agencies in file order (other groups' left out), then the empty rows; unfilled, they read back without values."""
        if fmt == "xlsx":
            pytest.importorskip("openpyxl")
        earlier = read_submissions("example-2024", RULESET)
        path = tmp_path / f"t.{fmt}"
        write_template(RULESET, path, group="commune", rows=2, agencies=earlier)
        communes = [(a["id"], a["name"]) for a in SAMPLE["agencies"] if a["group"] == "commune"]
        assert len(communes) < len(earlier)
        read = read_submissions(path, RULESET)
        assert [(s.agency, s.name, s.group, dict(s.values), s.claims) for s in read] == [(i, n, "commune", {}, ()) for i, n in communes]
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
            assert [r[:3] for r in rows[5:]] == [[i, n, "commune"] for i, n in communes] + [["", "", "commune"]] * 2

    def test_a_name_like_a_formula_stays_text(self, tmp_path: Path) -> None:
        """An id or name starting with '=' is written as text, never as a formula, and reads back unchanged."""
        openpyxl = pytest.importorskip("openpyxl")
        agencies = [Submission(agency="=1+1", group="department", name='=HYPERLINK("http://x")')]
        path = tmp_path / "t.xlsx"
        write_template(RULESET, path, group="department", rows=0, agencies=agencies)
        sheet = openpyxl.load_workbook(path)[DATA]
        cells = [sheet.cell(row=FIRST_DATA_ROW, column=c) for c in (1, 2)]
        assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s"), ('=HYPERLINK("http://x")', "s")]
        (read,) = read_submissions(path, RULESET)
        assert (read.agency, read.name) == ("=1+1", '=HYPERLINK("http://x")')

    def test_bad_agencies_and_language(self, tmp_path: Path) -> None:
        """Things that are not submissions, a duplicate, an id read back as a note and an unknown language are reported together."""
        path = tmp_path / "t.xlsx"
        agencies = [
            Submission(agency="so-a", group="department"),
            Submission(agency="so-a", group="Sở, ban, ngành"),
            Submission(agency="#1", group="department"),
            "so-b",
        ]
        with pytest.raises(DataError) as exc:
            write_template(RULESET, path, group="department", agencies=agencies, lang="fr")  # type: ignore[list-item]
        assert str(exc.value) == "\n".join(
            [
                "cannot write a template: 4 problems",
                "  - lang must be 'vi' or 'en', got 'fr'",
                "  - agency 'so-a': duplicate agency in agencies",
                "  - agency '#1': an agency id must not be empty or start with '#': a template row would read back as a note",
                "  - agencies must be an iterable of Submission (e.g. from read_submissions), got a str",
            ]
        )
        with pytest.raises(DataError) as exc:
            write_template(RULESET, path, group="department", agencies=3)  # type: ignore[arg-type]
        assert str(exc.value).endswith("  - agencies must be an iterable of Submission (e.g. from read_submissions), got int")
        assert not path.exists()


class TestTemplateCommand:
    """``indicator-index template``: --agencies, --sources and --lang."""

    def test_agencies_sources_and_lang(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The agencies of a data file are filled in, the sources named get their columns, and --lang picks the labels."""
        openpyxl = pytest.importorskip("openpyxl")
        from indicator_index._cli import main

        target = tmp_path / "t.xlsx"
        status = main(
            [
                "--lang",
                "en",
                "template",
                "example-2024",
                "-g",
                "department",
                "--agencies",
                "example-2024",
                "--sources",
                "agency,verification",
                "-o",
                str(target),
            ]
        )
        err = capsys.readouterr().err
        departments = [(a["id"], a["name"]) for a in SAMPLE["agencies"] if a["group"] == "department"]
        assert (status, err) == (0, f"indicator-index: wrote {target} (xlsx template for group 'department', {len(departments)} agencies filled in)\n")
        book = openpyxl.load_workbook(target)
        sheet = book[DATA]
        headers = [c.value for c in sheet[1]]
        assert headers[3:5] == ["staff_computer_share", "evidence:staff_computer_share"]
        assert headers[5:7] == ["staff_computer_share@verification", "evidence:staff_computer_share@verification"]
        rows = [[c.value for c in row[:3]] for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + len(departments) - 1)]
        assert rows == [[i, n, "Departments"] for i, n in departments]
        assert _offered(book, sheet, headers.index("special_network@verification") + 1) == ["yes", "no"]

    def test_sources_alone_means_every_source(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--sources without a list gives columns for every source of the ruleset, the agency's own first."""
        from indicator_index._cli import main

        target = tmp_path / "t.csv"
        assert main(["template", "example-2024", "-g", "commune", "-o", str(target), "--sources"]) == 0
        header = next(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        assert header[3:9:2] == ["staff_computer_share", "staff_computer_share@verification", "staff_computer_share@records"]
        assert main(["--lang", "en", "template", "example-2024", "-g", "commune", "-o", str(target), "--sources", "agency,auditor"]) == 1
        assert "unknown source 'auditor'" in capsys.readouterr().err
