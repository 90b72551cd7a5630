"""Tests for reading agency data (JSON, CSV wide and long, XLSX, DataFrame) and for the discrepancy report."""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from indicator_index import Figure, Submission, load_ruleset, score
from indicator_index._data import (
    Discrepancy,
    bundled_samples,
    convert_value,
    discrepancies,
    read_submissions,
    submissions_from_dataframe,
    submissions_from_dict,
)
from indicator_index.errors import DataError, Problem, ScoringError


ROOT = Path(__file__).resolve().parents[1]
AGENCY = ROOT / "tests" / "data" / "agency"
SAMPLE = ROOT / "samples" / "example-2024.json"
RULESET = load_ruleset("example-2024")


def _plain(assessment: object) -> list[tuple[object, ...]]:
    """An assessment without the references of its inputs (where a figure was read from differs by format)."""
    out = []
    for s in assessment.scores:  # type: ignore[attr-defined]
        items = tuple(
            (r.criterion, r.status, r.points, r.max_points, r.reason, tuple((i.indicator, i.value, i.source) for i in r.inputs))
            for r in (*s.criteria, *s.bonuses, *s.penalties)
        )
        out.append((s.agency, s.name, s.group, s.status, s.total, s.unrounded, s.band, s.rank, s.notes, items))
    return out


def _expected_sample() -> list[tuple[object, ...]]:
    return _plain(score(RULESET, read_submissions(SAMPLE)))


def _messages(exc: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def _indicator(name: str):  # type: ignore[no-untyped-def]
    return RULESET.indicator(name)


def _society_excludable():  # type: ignore[no-untyped-def]
    """The example ruleset with criterion 4.1 (communes only) excludable, so departments cannot claim it."""
    criteria = tuple(attrs.evolve(c, excludable=True) if c.id == "4.1" else c for c in RULESET.criteria)
    return attrs.evolve(RULESET, criteria=criteria)


class TestConvertValue:
    """One cell or JSON value read by its indicator's type."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("có", True),
            ("Có", True),
            ("CÓ", True),
            ("co", True),
            ("yes", True),
            ("Yes", True),
            ("TRUE", True),
            ("true", True),
            ("đúng", True),
            ("1", True),
            ("không", False),
            ("Không", False),
            ("khong", False),
            ("no", False),
            ("false", False),
            ("FALSE", False),
            ("sai", False),
            ("0", False),
            (unicodedata.normalize("NFD", "Có"), True),
            (unicodedata.normalize("NFD", "KHÔNG"), False),
            (True, True),
            (False, False),
            (1, True),
            (0, False),
            (1.0, True),
            (Decimal(0), False),
        ],
    )
    def test_yes_no_spellings(self, text: object, expected: bool) -> None:
        """Vietnamese and English spellings of yes and no, in any case and normalisation, and native values."""
        assert convert_value(_indicator("special_network"), text) == (expected, None)

    @pytest.mark.parametrize("raw", ["maybe", "x", "2", 2, Decimal("0.5")])
    def test_yes_no_rejects_other_values(self, raw: object) -> None:
        """Anything else is an error listing the spellings."""
        shown = repr(raw) if not isinstance(raw, Decimal) else str(raw)
        expected = f"expected yes/no (có, không, yes, no, true, false, 1, 0), got {shown}"
        assert convert_value(_indicator("special_network"), raw) == (None, expected)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("0.1", Decimal("0.1")),
            ("0.10", Decimal("0.10")),
            (" 0.9 ", Decimal("0.9")),
            ("1", Decimal(1)),
            ("0,9", Decimal("0.9")),
            ("0,125", Decimal("0.125")),
            ("85%", Decimal("0.85")),
            ("85 %", Decimal("0.85")),
            ("12.5%", Decimal("0.125")),
            (".5", Decimal("0.5")),
            ("5e-1", Decimal("0.5")),
            (0.1, Decimal("0.1")),
            (1, Decimal(1)),
        ],
    )
    def test_ratio_numbers_are_exact(self, text: object, expected: Decimal) -> None:
        """Numbers are read exactly as written (no float), with a decimal comma or as a percentage."""
        value, problem = convert_value(_indicator("staff_computer_share"), text)
        assert (value, problem) == (expected, None)
        assert isinstance(value, Decimal)
        assert str(value) == str(expected)

    @pytest.mark.parametrize(
        ("name", "raw", "message"),
        [
            ("staff_computer_share", "1.3", "a ratio must be within [0, 1], got 1.3"),
            ("staff_computer_share", "130%", "a ratio must be within [0, 1], got 1.30"),
            ("staff_computer_share", -0.5, "a ratio must be within [0, 1], got -0.5"),
            ("steering_meetings", "-1", "a count must not be negative, got -1"),
            ("steering_meetings", "2.5", "a count must be a whole number, got 2.5"),
            ("steering_meetings", "yes", "expected a number, got 'yes'"),
            ("steering_meetings", True, "expected a number, got True"),
            ("steering_meetings", "50%", "a percentage is only accepted for a ratio, got '50%'"),
            ("steering_meetings", "12,500", "ambiguous number '12,500': write 12500 (thousands) or 12.500 (a decimal)"),
            ("steering_meetings", "1.000,5", "expected a number without thousands separators, got '1.000,5'"),
            ("steering_meetings", "1 000", "expected a number, got '1 000'"),
            ("steering_meetings", "nan", "expected a number, got 'nan'"),
            ("steering_meetings", "inf", "expected a number, got 'inf'"),
            ("steering_meetings", float("inf"), "expected a finite number, got inf"),
            ("steering_meetings", "1e20", "a number must be less than 10^15 in size, got 1E+20"),
            ("steering_meetings", dt.datetime(2024, 3, 1), "expected a number, got the date 2024-03-01T00:00:00"),
            ("bandwidth_per_staff", "-3", "must be >= 0, got -3"),
        ],
    )
    def test_numbers_out_of_type_or_range(self, name: str, raw: object, message: str) -> None:
        """A ratio of 1.3, a negative count, 'yes' where a number is expected and the like are clear errors."""
        assert convert_value(_indicator(name), raw) == (None, message)

    def test_counts_accept_exponents_and_whole_decimals(self) -> None:
        """``1e3`` and ``4.0`` are whole numbers, so valid counts."""
        assert convert_value(_indicator("steering_meetings"), "1e3") == (Decimal("1e3"), None)
        assert convert_value(_indicator("steering_meetings"), 4.0) == (Decimal("4.0"), None)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("university", "university"),
            ("University", "university"),
            ("Đại học", "university"),
            (unicodedata.normalize("NFD", "Đại học"), "university"),
            ("đại học", "university"),
            ("Trung cấp", "vocational"),
            ("vocational", "vocational"),
            ("None", "none"),
            ("Không có", "none"),
        ],
    )
    def test_choice_by_id_or_label(self, raw: str, expected: str) -> None:
        """A choice is an option id, or an option's Vietnamese or English label, in any case and normalisation."""
        assert convert_value(_indicator("it_officer_degree"), raw) == (expected, None)

    def test_choice_rejects_unknown_options(self) -> None:
        """An unknown option lists the allowed ids."""
        expected = "expected one of 'university', 'college', 'vocational', 'none' or an option's label, got 'phd'"
        assert convert_value(_indicator("it_officer_degree"), "phd") == (None, expected)
        numeric = "expected one of 'university', 'college', 'vocational', 'none' or an option's label, got 3"
        assert convert_value(_indicator("it_officer_degree"), 3) == (None, numeric)

    @pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
    def test_empty_cells_give_no_value(self, raw: object) -> None:
        """Empty means no figure, never zero or no."""
        assert convert_value(_indicator("steering_meetings"), raw) == (None, None)
        assert convert_value(_indicator("special_network"), raw) == (None, None)


class TestWideCsv:
    """The wide CSV layout: one row per agency, one column per indicator."""

    def test_sample_reads_as_the_json_sample_scores(self) -> None:
        """The sample city as a wide CSV scores exactly as the JSON sample does."""
        submissions = read_submissions(AGENCY / "example-wide.csv", RULESET)
        assert _plain(score(RULESET, submissions)) == _expected_sample()

    def test_sources_evidence_and_claims(self) -> None:
        """``x@verification`` columns give verified figures, ``evidence:`` columns their references, ``claim:`` claims."""
        path = AGENCY / "example-wide.csv"
        finance, broadcaster = read_submissions(path, RULESET)[1:3]
        assert finance.values["online_dossier_share"] == (
            Figure(value=Decimal("0.8"), source="agency", reference="example-wide.csv:3"),
            Figure(value=Decimal("0.5"), source="verification", reference="Biên bản thẩm định 12/2024"),
        )
        assert [(c.criterion, c.evidence) for c in broadcaster.claims] == [("3.1", "Công văn 45/ĐPT: đơn vị không có thủ tục hành chính")]
        assert finance.claims == ()

    def test_excel_semicolon_bom_decimal_comma_and_nfd(self, tmp_path: Path) -> None:
        """A CSV from Excel in a Vietnamese locale: BOM, ';' separated, decimal commas, decomposed diacritics."""
        text = (
            "id;name;group;staff_computer_share;special_network;it_officer_degree;claim:3.1\r\n"
            "sở-nội-vụ;Sở Nội vụ;Sở, ban, ngành;0,9;Có;Đại học;\r\n"
            "xa-hoa-bac;Xã Hòa Bắc;UBND xã;85%;KHÔNG;Trung cấp;Công văn 45/ĐPT\r\n"
        )
        path = tmp_path / "excel.csv"
        path.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8-sig"))
        assert unicodedata.normalize("NFD", "Sở") != "Sở"
        one, two = read_submissions(path, RULESET)
        assert (one.agency, one.name, one.group) == ("sở-nội-vụ", "Sở Nội vụ", "department")
        assert (two.agency, two.name, two.group) == ("xa-hoa-bac", "Xã Hòa Bắc", "commune")
        assert {k: f[0].value for k, f in one.values.items()} == {
            "staff_computer_share": Decimal("0.9"),
            "special_network": True,
            "it_officer_degree": "university",
        }
        assert {k: f[0].value for k, f in two.values.items()} == {
            "staff_computer_share": Decimal("0.85"),
            "special_network": False,
            "it_officer_degree": "vocational",
        }
        assert [(c.criterion, c.evidence) for c in two.claims] == [("3.1", "Công văn 45/ĐPT")]

    def test_ids_match_after_nfc(self, tmp_path: Path) -> None:
        """The same agency id written composed and decomposed is one agency: a duplicate."""
        composed = "xã-1"
        decomposed = unicodedata.normalize("NFD", composed)
        path = tmp_path / "dup.csv"
        path.write_text(f"id,group,staff_computer_share\n{composed},commune,0.5\n{decomposed},commune,0.6\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _messages(exc) == [f"{path}:3:1: agency 'xã-1': duplicate agency (also on line 2) @ id"]

    def test_headers_are_matched_after_nfc_and_case_folding(self, tmp_path: Path) -> None:
        """Indicator and source names in the header are matched case-insensitively, like the fixed columns."""
        path = tmp_path / "case.csv"
        path.write_text("ID,Name,GROUP,Staff_Computer_Share,staff_computer_share@Verification\nd1,Sở A,department,0.5,0.4\n", encoding="utf-8")
        (sub,) = read_submissions(path, RULESET)
        assert [(f.value, f.source) for f in sub.values["staff_computer_share"]] == [(Decimal("0.5"), "agency"), (Decimal("0.4"), "verification")]

    def test_indicator_labels_as_headers(self, tmp_path: Path) -> None:
        """A column may be named by the indicator's Vietnamese or English label, in any normalisation and case."""
        path = tmp_path / "labels.csv"
        header = "id,group," + unicodedata.normalize("NFD", "Tỷ lệ cán bộ có máy tính") + ",steering committee meetings@verification"
        path.write_text(f"{header}\nd1,department,0.5,3\n", encoding="utf-8")
        (sub,) = read_submissions(path, RULESET)
        assert {k: [(f.value, f.source) for f in v] for k, v in sub.values.items()} == {
            "staff_computer_share": [(Decimal("0.5"), "agency")],
            "steering_meetings": [(Decimal(3), "verification")],
        }

    def test_ambiguous_indicator_label(self, tmp_path: Path) -> None:
        """A label two indicators share does not name a column."""
        indicators = tuple(
            attrs.evolve(i, label=attrs.evolve(i.label, vi="Văn bản")) if i.id in ("docs_signed", "docs_total") else i for i in RULESET.indicators
        )
        rules = attrs.evolve(RULESET, indicators=indicators)
        path = tmp_path / "labels.csv"
        path.write_text("id,group,văn bản\nd1,department,3\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, rules)
        assert _messages(exc) == [f"{path}:1:3: indicator 'văn bản': ambiguous indicator label: it may mean 'docs_signed', 'docs_total' @ văn bản"]

    def test_notes_comment_columns_and_blank_rows_are_skipped(self, tmp_path: Path) -> None:
        """Rows whose id starts with '#', columns whose header starts with '#', and rows with only a group are ignored."""
        path = tmp_path / "notes.csv"
        path.write_text(
            "id,name,group,# remarks,staff_computer_share\n# Tiếng Việt,Tên,Nhóm,,Tỷ lệ\nd1,Sở A,department,call back,0.5\n,,department,,\n\n,,,,\n",
            encoding="utf-8",
        )
        (sub,) = read_submissions(path, RULESET)
        assert (sub.agency, sub.name, dict(sub.values)) == ("d1", "Sở A", {"staff_computer_share": (Figure(value=Decimal("0.5"), reference="notes.csv:3"),)})

    def test_bad_file_reports_every_problem(self) -> None:
        """A ratio of 1.3, a negative count, 'yes' for a count, unknown columns, group and duplicate agency: all at once."""
        path = AGENCY / "bad-wide.csv"
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == "\n".join(
            [
                f"{path}: cannot read agency data: 12 problems",
                f"  - {path}:1:8: indicator 'docs_total': unknown source 'auditor'; the ruleset has 'verification', 'records', 'agency' @ docs_total@auditor",
                f"  - {path}:1:9: indicator 'bogus_share': unknown indicator @ bogus_share",
                f"  - {path}:1:10: criterion '2.1': not excludable: it cannot be claimed as outside the agency's function @ claim:2.1",
                f"  - {path}:2:4: agency 'so-a', indicator 'staff_computer_share': a ratio must be within [0, 1], got 1.3 @ staff_computer_share",
                f"  - {path}:2:5: agency 'so-a', indicator 'steering_meetings': a count must not be negative, got -1 @ steering_meetings",
                f"  - {path}:2:6: agency 'so-a', indicator 'special_network': expected yes/no (có, không, yes, no, true, false, 1, 0), "
                "got 'maybe' @ special_network",
                f"  - {path}:2:7: agency 'so-a', indicator 'it_officer_degree': expected one of 'university', 'college', 'vocational', 'none' "
                "or an option's label, got 'phd' @ it_officer_degree",
                f"  - {path}:3:1: agency 'so-a': duplicate agency (also on line 2) @ id",
                f"  - {path}:3:5: agency 'so-a', indicator 'steering_meetings': a count must be a whole number, got 2.5 @ steering_meetings",
                f"  - {path}:4:3: agency 'xa-b': unknown agency group 'village'; the ruleset has 'department', 'commune' @ group",
                f"  - {path}:4:5: agency 'xa-b', indicator 'steering_meetings': expected a number, got 'yes' @ steering_meetings",
                f"  - {path}:6:1: a row with values needs an agency id @ id",
            ]
        )
        first = exc.value.problems[3]
        assert first == Problem(
            message="a ratio must be within [0, 1], got 1.3",
            file=str(path),
            line=2,
            column=4,
            path="staff_computer_share",
            agency="so-a",
            indicator="staff_computer_share",
        )

    def test_header_problems(self, tmp_path: Path) -> None:
        """A missing group column, duplicate columns, evidence without values and values without a header."""
        path = tmp_path / "header.csv"
        path.write_text(
            "id,staff_computer_share,Staff_Computer_Share,evidence:docs_total,,claim:9.9\nd1,0.5,,,stray,\n",
            encoding="utf-8",
        )
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _messages(exc) == [
            f"{path}:1: missing column 'group'",
            f"{path}:1:3: duplicate column 'Staff_Computer_Share' (also column 2) @ Staff_Computer_Share",
            f"{path}:1:4: evidence column without its value column 'docs_total' @ evidence:docs_total",
            f"{path}:1:6: criterion '9.9': unknown criterion @ claim:9.9",
            f"{path}:2:5: a value in a column without a header: 'stray'",
        ]

    def test_claim_on_a_criterion_of_another_group_and_evidence_without_value(self, tmp_path: Path) -> None:
        """Claims must apply to the agency's group; evidence needs its figure."""
        rules = _society_excludable()
        path = tmp_path / "claims.csv"
        path.write_text(
            "id,group,staff_computer_share,evidence:staff_computer_share,claim:3.1,claim:4.1\nd1,department,,CV 1/2024,CV 2/2024,CV 3/2024\n",
            encoding="utf-8",
        )
        with pytest.raises(DataError) as exc:
            read_submissions(path, rules)
        assert _messages(exc) == [
            f"{path}:2:4: agency 'd1', indicator 'staff_computer_share': evidence 'CV 1/2024' given, but no value in column "
            "'staff_computer_share' @ evidence:staff_computer_share",
            f"{path}:2:6: agency 'd1', criterion '4.1': claim on a criterion that does not apply to group 'department' @ claim:4.1",
        ]

    def test_agency_without_group(self, tmp_path: Path) -> None:
        """A row must give its agency's group."""
        path = tmp_path / "nogroup.csv"
        path.write_text("id,group,steering_meetings\nd1,,2\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _messages(exc) == [f"{path}:2:2: agency 'd1': no agency group @ group"]

    def test_unknown_layout(self, tmp_path: Path) -> None:
        """A header with neither an 'id' column nor the long layout's columns."""
        path = tmp_path / "what.csv"
        path.write_text("agency_name,score\nSở A,1\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _messages(exc) == [
            f"{path}:1: cannot tell the layout: expected an 'id' column (wide: one row per agency) "
            "or 'agency', 'indicator' and 'value' columns (long: one row per figure)",
        ]

    def test_empty_file(self, tmp_path: Path) -> None:
        """An empty file has no header."""
        path = tmp_path / "empty.csv"
        path.write_bytes(b"\xef\xbb\xbf\r\n")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == f"{path}: cannot read agency data: 1 problem\n  - {path}: the table is empty: expected a header row"


class TestLongCsv:
    """The long CSV layout: one row per figure, claim or agency."""

    def test_sample_reads_as_the_json_sample_scores(self) -> None:
        """The sample city as a long CSV scores exactly as the JSON sample does."""
        submissions = read_submissions(AGENCY / "example-long.csv", RULESET)
        assert _plain(score(RULESET, submissions)) == _expected_sample()
        finance = submissions[1]
        assert finance.values["online_dossier_share"] == (
            Figure(value=Decimal("0.8"), source="agency", reference="example-long.csv:26"),
            Figure(value=Decimal("0.5"), source="verification", reference="Biên bản thẩm định 12/2024"),
        )

    def test_name_and_group_on_every_row(self, tmp_path: Path) -> None:
        """Name and group may be repeated on every row, if they agree; a claim row without evidence is a refused claim."""
        path = tmp_path / "long.csv"
        path.write_text(
            "agency,name,group,indicator,value,source,evidence\n"
            "d1,Sở A,department,staff_computer_share,0.5,,\n"
            'd1,Sở A,"Sở, ban, ngành",steering_meetings,3,verification,BB 1\n'
            "d1,,,claim:3.1,,,\n",
            encoding="utf-8",
        )
        (sub,) = read_submissions(path, RULESET)
        assert (sub.agency, sub.name, sub.group) == ("d1", "Sở A", "department")
        assert sub.values["steering_meetings"] == (Figure(value=Decimal(3), source="verification", reference="BB 1"),)
        assert [(c.criterion, c.evidence) for c in sub.claims] == [("3.1", "")]

    def test_bad_file_reports_every_problem(self) -> None:
        """Out of range, duplicates, unknown indicator, source and agency, ambiguous numbers and conflicting groups."""
        path = AGENCY / "bad-long.csv"
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == "\n".join(
            [
                f"{path}: cannot read agency data: 8 problems",
                f"  - {path}:3:3: agency 'so-a', indicator 'staff_computer_share': a ratio must be within [0, 1], got 1.3 @ value",
                f"  - {path}:4:2: agency 'so-a', indicator 'staff_computer_share': a second value from source 'agency' (also on line 3) @ indicator",
                f"  - {path}:5:2: agency 'so-a', indicator 'bogus_share': unknown indicator @ indicator",
                f"  - {path}:6:4: agency 'so-a', indicator 'steering_meetings': unknown source 'auditor'; "
                "the ruleset has 'verification', 'records', 'agency' @ source",
                f"  - {path}:7:3: agency 'so-a', indicator 'docs_total': ambiguous number '1,000': write 1000 (thousands) or 1.000 (a decimal) @ value",
                f"  - {path}:8: agency 'xa-b': unknown agency: no row gives its group",
                f"  - {path}:9:3: agency 'so-a', criterion '3.1': a claim takes its evidence in the 'evidence' column, not a value @ value",
                f"  - {path}:10:7: agency 'so-a': group 'commune' differs from 'department' on line 2 @ group",
            ]
        )

    def test_header_problems(self, tmp_path: Path) -> None:
        """Unknown and duplicate columns, and missing required ones."""
        path = tmp_path / "long.csv"
        path.write_text("agency,indicator,value,note,Value\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _messages(exc) == [
            f"{path}:1: missing column 'group'",
            f"{path}:1:4: unknown column 'note'; the long layout has agency, indicator, value, source, evidence, name, group, "
            "parent, decided_total, decided_source @ note",
            f"{path}:1:5: duplicate column 'Value' (also column 3) @ Value",
        ]

    def test_missing_group_column_is_reported_once(self, tmp_path: Path) -> None:
        """Without a group column, the header says so once, not once per agency."""
        path = tmp_path / "long.csv"
        path.write_text("agency,indicator,value\nd1,steering_meetings,2\nd2,steering_meetings,3\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _messages(exc) == [f"{path}:1: missing column 'group'"]

    def test_row_problems(self, tmp_path: Path) -> None:
        """Rows without an agency, values without an indicator, claims twice and claims on another group's criteria."""
        rules = _society_excludable()
        path = tmp_path / "long.csv"
        path.write_text(
            "agency,indicator,value,group,evidence\n"
            ",staff_computer_share,0.5,department,\n"
            "d1,,0.5,department,\n"
            "d1,claim:3.1,,,CV 1\n"
            "d1,claim:3.1,,,CV 2\n"
            "d1,docs_total,,,CV 3\n"
            "d1,claim:4.1,,,CV 4\n",
            encoding="utf-8",
        )
        with pytest.raises(DataError) as exc:
            read_submissions(path, rules)
        assert _messages(exc) == [
            f"{path}:2:1: a row needs an agency id @ agency",
            f"{path}:3:2: agency 'd1': a value, source or evidence needs an indicator @ indicator",
            f"{path}:5:2: agency 'd1', criterion '3.1': a second claim on '3.1' (also on line 4) @ indicator",
            f"{path}:6:5: agency 'd1', indicator 'docs_total': evidence 'CV 3' given, but no value @ evidence",
            f"{path}:7:2: agency 'd1', criterion '4.1': claim on a criterion that does not apply to group 'department' @ indicator",
        ]


class TestJson:
    """JSON data documents."""

    def test_without_a_ruleset_values_pass_through(self) -> None:
        """Without a ruleset the document is read as it is; the engine checks the values."""
        submissions = read_submissions(SAMPLE)
        assert [s.agency for s in submissions] == ["so-noi-vu", "so-tai-chinh", "dai-phat-thanh", "xa-hoa-bac", "xa-hoa-phong", "xa-hoa-ninh"]
        assert submissions[0].values["special_network"] == (Figure(value=True, reference="example-2024.json:so-noi-vu"),)

    def test_with_a_ruleset_scores_the_same(self) -> None:
        """With the ruleset every value is converted and checked; the scores do not change."""
        submissions = read_submissions(SAMPLE, RULESET)
        assert submissions[0].values["staff_computer_share"] == (Figure(value=Decimal(1), reference="example-2024.json:so-noi-vu"),)
        assert _plain(score(RULESET, submissions)) == _expected_sample()

    def test_bundled_sample_by_name(self) -> None:
        """A bundled sample is found by name."""
        assert read_submissions("example-2024", RULESET) == read_submissions(SAMPLE, RULESET)

    def test_text_values_are_read_like_cells(self) -> None:
        """With a ruleset, text in JSON is read as in a CSV cell: 'có', '85%', an option's label."""
        data = {
            "agencies": [
                {
                    "id": "d1",
                    "group": "Sở, ban, ngành",
                    "values": {
                        "special_network": "có",
                        "staff_computer_share": "85%",
                        "it_officer_degree": "Cao đẳng",
                        "docs_total": None,
                        "steering_meetings": {"agency": 4, "verification": "3"},
                    },
                }
            ]
        }
        (sub,) = submissions_from_dict(data, ruleset=RULESET)
        assert sub.group == "department"
        assert {k: [(f.value, f.source) for f in v] for k, v in sub.values.items()} == {
            "special_network": [(True, "agency")],
            "staff_computer_share": [(Decimal("0.85"), "agency")],
            "it_officer_degree": [("college", "agency")],
            "steering_meetings": [(Decimal(4), "agency"), (Decimal(3), "verification")],
        }

    def test_bad_document_reports_every_problem(self) -> None:
        """Out-of-range and mistyped values, unknown indicator, source and group, bad claims and duplicates."""
        path = AGENCY / "bad.json"
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == "\n".join(
            [
                f"{path}: cannot read agency data: 7 problems",
                f"  - {path}: agency 'so-a', indicator 'staff_computer_share': a ratio must be within [0, 1], got 1.3 "
                "@ $.agencies[0].values.staff_computer_share",
                f"  - {path}: agency 'so-a', indicator 'steering_meetings': expected a number, got 'yes' @ $.agencies[0].values.steering_meetings",
                f"  - {path}: agency 'so-a', indicator 'bogus_share': unknown indicator @ $.agencies[0].values.bogus_share",
                f"  - {path}: agency 'so-a', indicator 'online_dossier_share': unknown source 'auditor'; the ruleset has 'verification', 'records', "
                "'agency' @ $.agencies[0].values.online_dossier_share.auditor",
                f"  - {path}: agency 'so-a', criterion '2.1': not excludable: it cannot be claimed as outside the agency's function "
                '@ $.agencies[0].claims["2.1"]',
                f"  - {path}: agency 'so-a': duplicate agency (also $.agencies[0]) @ $.agencies[1].id",
                f"  - {path}: agency 'xa-b': unknown agency group 'village'; the ruleset has 'department', 'commune' @ $.agencies[2].group",
            ]
        )

    def test_structural_problems_without_a_ruleset(self) -> None:
        """The shape is checked with or without a ruleset."""
        data = {
            "agencies": [
                "d1",
                {"group": "department"},
                {"id": "d2"},
                {"id": "d3", "group": "department", "value": {}},
                {"id": "d4", "group": "department", "values": []},
            ]
        }
        with pytest.raises(DataError) as exc:
            submissions_from_dict(data, source="x.json")
        assert _messages(exc) == [
            "x.json: an agency must be a table @ $.agencies[0]",
            "x.json: an agency needs a non-empty string 'id' @ $.agencies[1].id",
            "x.json: agency 'd2': an agency needs a string 'group' @ $.agencies[2].group",
            "x.json: agency 'd3': unknown keys 'value' @ $.agencies[3]",
            "x.json: agency 'd4': 'values' and 'claims' must be tables @ $.agencies[4]",
        ]
        with pytest.raises(DataError) as exc:
            submissions_from_dict({"agency": []}, source="x.json")
        assert str(exc.value) == "x.json: expected a table with a list 'agencies'"

    def test_invalid_json(self, tmp_path: Path) -> None:
        """A syntax error names the line and column."""
        path = tmp_path / "broken.json"
        path.write_text('{"agencies": [\n  {"id": "d1",}\n]}', encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path)
        assert str(exc.value) == f"{path}:2:15: invalid JSON: Expecting property name enclosed in double quotes"


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.create_sheet("Other").append(["ignored"])
    book.save(path)
    return path


class TestXlsx:
    """XLSX workbooks (the optional ``xlsx`` extra): every data sheet, in the CSV layouts; a sheet without a data header is skipped."""

    def test_native_cells(self, tmp_path: Path) -> None:
        """Numbers, booleans and text cells are read by type; numeric ids become text; empty rows keep row numbers right."""
        path = _workbook(
            tmp_path / "data.xlsx",
            [
                ["id", "name", "group", "staff_computer_share", "steering_meetings", "special_network", "it_officer_degree"],
                [101, "Sở A", "department", 0.9, 4, True, "Đại học"],
                [],
                ["d2", "Sở B", "department", "85%", "3", "không", "college"],
            ],
        )
        one, two = read_submissions(path, RULESET)
        assert one.agency == "101"
        assert {k: f[0].value for k, f in one.values.items()} == {
            "staff_computer_share": Decimal("0.9"),
            "steering_meetings": Decimal(4),
            "special_network": True,
            "it_officer_degree": "university",
        }
        assert two.values["staff_computer_share"] == (Figure(value=Decimal("0.85"), reference="data.xlsx:Sheet!4"),)

    def test_long_layout(self, tmp_path: Path) -> None:
        """The long layout works in a workbook too."""
        path = _workbook(
            tmp_path / "long.xlsx",
            [
                ["agency", "indicator", "value", "source", "group"],
                ["d1", "staff_computer_share", 0.5, None, "department"],
                ["d1", "staff_computer_share", 0.25, "verification", None],
            ],
        )
        (sub,) = read_submissions(path, RULESET)
        assert [(f.value, f.source) for f in sub.values["staff_computer_share"]] == [(Decimal("0.5"), "agency"), (Decimal("0.25"), "verification")]

    def test_bad_workbook_reports_every_problem(self, tmp_path: Path) -> None:
        """Cells of the wrong type or out of range, dates where numbers belong, and unknown groups."""
        path = _workbook(
            tmp_path / "bad.xlsx",
            [
                ["id", "group", "staff_computer_share", "steering_meetings", "special_network"],
                ["d1", "department", 1.3, dt.datetime(2024, 1, 2), 2],
                ["d2", "ward", 0.5, "yes", "có"],
            ],
        )
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == "\n".join(
            [
                f"{path}: cannot read agency data: 5 problems",
                f"  - {path}: Sheet!C2: agency 'd1', indicator 'staff_computer_share': a ratio must be within [0, 1], got 1.3 @ staff_computer_share",
                f"  - {path}: Sheet!D2: agency 'd1', indicator 'steering_meetings': expected a number, got the date 2024-01-02T00:00:00 @ steering_meetings",
                f"  - {path}: Sheet!E2: agency 'd1', indicator 'special_network': "
                "expected yes/no (có, không, yes, no, true, false, 1, 0), got 2 @ special_network",
                f"  - {path}: Sheet!B3: agency 'd2': unknown agency group 'ward'; the ruleset has 'department', 'commune' @ group",
                f"  - {path}: Sheet!D3: agency 'd2', indicator 'steering_meetings': expected a number, got 'yes' @ steering_meetings",
            ]
        )

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        """A file that is not a workbook is named as such."""
        path = tmp_path / "fake.xlsx"
        path.write_text("id,group\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == f"{path}: not an XLSX workbook: File is not a zip file"

    def test_without_openpyxl(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the optional dependency the error says which extra to install."""
        path = _workbook(tmp_path / "data.xlsx", [["id", "group"]])
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == f"{path}: reading XLSX needs openpyxl: pip install 'indicator-index[xlsx]'"


class TestDataFrame:
    """pandas data frames (the optional ``pandas`` extra), in the wide layout."""

    def test_wide_frame(self) -> None:
        """Missing values are empty cells; NumPy numbers and text are read by type."""
        pd = pytest.importorskip("pandas")
        df = pd.DataFrame(
            {
                "id": ["d1", "x1"],
                "name": ["Sở A", "Xã B"],
                "group": ["department", "commune"],
                "staff_computer_share": [0.9, float("nan")],
                "steering_meetings": [4, 2],
                "special_network": ["có", None],
                "ewallet_household_share": [None, "40%"],
            }
        )
        one, two = submissions_from_dataframe(df, RULESET)
        assert {k: f[0].value for k, f in one.values.items()} == {
            "staff_computer_share": Decimal("0.9"),
            "steering_meetings": Decimal(4),
            "special_network": True,
        }
        assert {k: f[0].value for k, f in two.values.items()} == {"steering_meetings": Decimal(2), "ewallet_household_share": Decimal("0.40")}
        assert one.values["steering_meetings"][0].reference == "<DataFrame>:2"

    def test_frame_scores_like_the_csv(self) -> None:
        """The sample read into a frame from the wide CSV (as text) scores as the JSON sample."""
        pd = pytest.importorskip("pandas")
        df = pd.read_csv(AGENCY / "example-wide.csv", dtype=str, keep_default_na=False)
        assert _plain(score(RULESET, submissions_from_dataframe(df, RULESET))) == _expected_sample()

    def test_bad_frame(self) -> None:
        """Every bad cell is reported with its row (the header is row 1) and column."""
        pd = pytest.importorskip("pandas")
        df = pd.DataFrame({"id": ["d1", "d1"], "group": ["department", "department"], "staff_computer_share": [1.3, 0.5], "steering_meetings": [-1, 2]})
        with pytest.raises(DataError) as exc:
            submissions_from_dataframe(df, RULESET, source="cohort")
        assert str(exc.value) == "\n".join(
            [
                "cohort: cannot read agency data: 3 problems",
                "  - cohort:2:3: agency 'd1', indicator 'staff_computer_share': a ratio must be within [0, 1], got 1.3 @ staff_computer_share",
                "  - cohort:2:4: agency 'd1', indicator 'steering_meetings': a count must not be negative, got -1 @ steering_meetings",
                "  - cohort:3:1: agency 'd1': duplicate agency (also on line 2) @ id",
            ]
        )

    def test_not_a_frame(self) -> None:
        """Anything but a DataFrame is refused."""
        pytest.importorskip("pandas")
        with pytest.raises(DataError) as exc:
            submissions_from_dataframe([{"id": "d1"}], RULESET)
        assert str(exc.value) == "<DataFrame>: expected a pandas DataFrame, got list"

    def test_without_pandas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the optional dependency the error says which extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(DataError) as exc:
            submissions_from_dataframe(object(), RULESET)
        assert str(exc.value) == "<DataFrame>: reading a DataFrame needs pandas: pip install 'indicator-index[pandas]'"


class TestReadSubmissions:
    """The one entry point: format by extension or by name, and file-level problems."""

    def test_format_overrides_the_extension(self, tmp_path: Path) -> None:
        """A CSV file with another extension is read as CSV when asked."""
        path = tmp_path / "data.dat"
        path.write_text("id,group,steering_meetings\nd1,department,2\n", encoding="utf-8")
        (sub,) = read_submissions(path, RULESET, format="csv")
        assert sub.values["steering_meetings"][0].value == Decimal(2)

    def test_tab_separated_and_utf16(self, tmp_path: Path) -> None:
        """Excel's 'Unicode text' export: UTF-16 with a BOM, tab-separated."""
        path = tmp_path / "data.txt"
        path.write_bytes("id\tname\tgroup\tsteering_meetings\r\nd1\tSở Nội vụ\tdepartment\t2\r\n".encode("utf-16"))
        (sub,) = read_submissions(path, RULESET)
        assert (sub.name, sub.values["steering_meetings"][0].value) == ("Sở Nội vụ", Decimal(2))

    @pytest.mark.parametrize(
        ("name", "content", "kwargs", "message"),
        [
            ("data.ods", b"", {}, "cannot tell the format from the extension '.ods': expected .json, .csv or .xlsx (or pass the format)"),
            ("data.csv", b"", {"format": "parquet"}, "format must be one of json, csv, xlsx, got 'parquet'"),
            ("data.csv", b"id,group\n", {"ruleset": None}, "reading CSV needs the ruleset, to read each cell by its indicator's type"),
            ("data.xlsx", b"", {"ruleset": None}, "reading XLSX needs the ruleset, to read each cell by its indicator's type"),
        ],
    )
    def test_format_problems(self, tmp_path: Path, name: str, content: bytes, kwargs: dict[str, object], message: str) -> None:
        """Unknown extensions and formats, and tables without a ruleset, are clear errors."""
        path = tmp_path / name
        path.write_bytes(content)
        arguments = {"ruleset": RULESET, **kwargs}
        with pytest.raises(DataError) as exc:
            read_submissions(path, **arguments)  # type: ignore[arg-type]
        assert str(exc.value) == f"{path}: {message}"

    def test_missing_file_and_directory(self, tmp_path: Path) -> None:
        """A path that is not a file, or a directory, is named."""
        with pytest.raises(DataError) as exc:
            read_submissions(tmp_path / "none.csv", RULESET)
        bundled = ", ".join(bundled_samples())
        assert "example-2024" in bundled
        assert str(exc.value) == f"{tmp_path / 'none.csv'}: no such file or bundled sample (bundled: {bundled})"
        with pytest.raises(DataError) as exc:
            read_submissions(tmp_path, RULESET)
        assert str(exc.value) == f"{tmp_path}: is a directory, not a data file"

    def test_not_utf8(self, tmp_path: Path) -> None:
        """A CSV in a legacy code page is refused with the place of the first bad byte and what to do."""
        path = tmp_path / "legacy.csv"
        path.write_bytes("id,name,group\nd1,Sơ A,department\n".encode("cp1258"))
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == f"{path}:2:5: the file is not UTF-8: byte 0xf5 cannot be decoded (in Excel, save as 'CSV UTF-8')"

    def test_malformed_csv(self, tmp_path: Path) -> None:
        """A quote in the middle of a field is a CSV syntax error with its line."""
        path = tmp_path / "quote.csv"
        path.write_text('id,group\nd1,"depart"ment\n', encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert str(exc.value) == f"{path}:2: malformed CSV: ',' expected after '\"'"

    def test_nothing_is_returned_from_a_half_read_file(self, tmp_path: Path) -> None:
        """One bad cell among good rows: the whole read fails."""
        path = tmp_path / "half.csv"
        path.write_text("id,group,steering_meetings\n" + "".join(f"d{i},department,{i}\n" for i in range(50)) + "d50,department,-1\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_submissions(path, RULESET)
        assert _messages(exc) == [f"{path}:52:3: agency 'd50', indicator 'steering_meetings': a count must not be negative, got -1 @ steering_meetings"]


def _department(agency: str, **values: object) -> Submission:
    """A department with every value its criteria need, overridden by *values*."""
    base: dict[str, object] = {
        "staff_computer_share": Decimal("0.5"),
        "bandwidth_per_staff": Decimal(10),
        "steering_meetings": Decimal(4),
        "docs_signed": Decimal(10),
        "docs_total": Decimal(10),
        "units_connected_share": Decimal(1),
        "wan_applications": Decimal(1),
        "online_dossier_share": Decimal("0.5"),
        "special_network": True,
        "it_officer_degree": "university",
    }
    base.update(values)
    return Submission(agency=agency, group="department", values=base)


class TestDiscrepancies:
    """The discrepancy report: where the figure that counts differs from the agency's own."""

    def test_sample(self) -> None:
        """The sample's one verified figure: 0.8 reported, 0.5 verified; the lowest in its group either way, so no points move."""
        found = discrepancies(RULESET, read_submissions(SAMPLE))
        assert found == (
            Discrepancy(
                agency="so-tai-chinh",
                indicator="online_dossier_share",
                agency_value=Decimal("0.8"),
                verified_value=Decimal("0.5"),
                source="verification",
                difference=Decimal("-0.3"),
                points_moved=Decimal("0.00"),
                criteria=(),
            ),
        )

    def test_points_moved_per_figure(self) -> None:
        """Verification of a ratio (15 x 1.0 -> 15 x 0.8) and a yes/no (5 -> 0) moves exactly 3 and 5 points of 100."""
        a = _department(
            "a",
            staff_computer_share=[Figure(value=Decimal(1)), Figure(value=Decimal("0.8"), source="verification")],
            special_network=[Figure(value=True), Figure(value=False, source="verification")],
        )
        b = _department("b")
        found = discrepancies(RULESET, [a, b])
        assert found == (
            Discrepancy(
                agency="a",
                indicator="staff_computer_share",
                agency_value=Decimal(1),
                verified_value=Decimal("0.8"),
                source="verification",
                difference=Decimal("-0.2"),
                points_moved=Decimal("-3.00"),
                criteria=("1.1",),
            ),
            Discrepancy(
                agency="a",
                indicator="special_network",
                agency_value=True,
                verified_value=False,
                source="verification",
                difference=None,
                points_moved=Decimal("-5.00"),
                criteria=("3.2",),
            ),
        )

    def test_precedence_and_agreement(self) -> None:
        """Verification outranks records; agreeing figures and figures without an own report are not discrepancies."""
        a = _department(
            "a",
            steering_meetings=[
                Figure(value=Decimal(4)),
                Figure(value=Decimal(2), source="records"),
                Figure(value=Decimal(3), source="verification"),
            ],
            docs_total=[Figure(value=Decimal("10")), Figure(value=Decimal("10.0"), source="verification")],
            wan_applications=[Figure(value=Decimal(1), source="records")],
        )
        (found,) = discrepancies(RULESET, [a, _department("b")])
        assert found == Discrepancy(
            agency="a",
            indicator="steering_meetings",
            agency_value=Decimal(4),
            verified_value=Decimal(3),
            source="verification",
            difference=Decimal(-1),
            points_moved=Decimal("-5.00"),
            criteria=("2.1",),
        )

    def test_agency_first_precedence_has_no_discrepancy(self) -> None:
        """When a ruleset ranks the agency's report first, its figure counts and nothing is reported."""
        rules = attrs.evolve(RULESET, sources=("agency", "verification"))
        a = _department("a", staff_computer_share=[Figure(value=Decimal(1)), Figure(value=Decimal("0.8"), source="verification")])
        assert discrepancies(rules, [a]) == ()

    def test_bad_submissions_raise_scoring_errors(self) -> None:
        """Submissions that cannot be scored raise the engine's error."""
        with pytest.raises(ScoringError) as exc:
            discrepancies(RULESET, [_department("a", staff_computer_share=Decimal(2))])
        assert (
            str(exc.value) == "submissions do not fit ruleset 'example-2024': 1 problem\n"
            "  - agency 'a', indicator 'staff_computer_share': a ratio must be within [0, 1], got 2"
        )
        with pytest.raises(ScoringError) as exc:
            discrepancies(RULESET, 5)  # type: ignore[arg-type]
        assert str(exc.value) == "submissions must be an iterable of Submission, got int"

    def test_pure(self) -> None:
        """The submissions are not changed and the same report comes back each time."""
        subs = read_submissions(SAMPLE)
        snapshot = json.dumps([attrs.asdict(s, value_serializer=lambda _i, _a, v: str(v) if isinstance(v, Decimal) else v) for s in subs], default=str)
        first = discrepancies(RULESET, subs)
        assert discrepancies(RULESET, subs) == first
        assert json.dumps([attrs.asdict(s, value_serializer=lambda _i, _a, v: str(v) if isinstance(v, Decimal) else v) for s in subs], default=str) == snapshot


class TestSampleNames:
    """A bare sample name is the bundled sample, never a file of that name lying in the working directory."""

    def test_file_cannot_shadow_a_sample(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file named like a sample is read only when asked for as a path (``./name``)."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "example-2024").write_text("not data", encoding="utf-8")
        ruleset = load_ruleset("example-2024")
        by_name = read_submissions("example-2024", ruleset)
        by_path = read_submissions(bundled_sample_path(), ruleset)
        assert [(s.agency, {k: [f.value for f in v] for k, v in s.values.items()}) for s in by_name] == [
            (s.agency, {k: [f.value for f in v] for k, v in s.values.items()}) for s in by_path
        ]
        with pytest.raises(DataError, match="cannot tell the format from the extension"):
            read_submissions("./example-2024", ruleset)


def bundled_sample_path() -> Path:
    """The bundled sample file itself, by its path in the folders samples are bundled in."""
    from indicator_index._data import _samples_dirs

    return next(folder / "example-2024.json" for folder in _samples_dirs() if (folder / "example-2024.json").is_file())
