"""
Reports by ranking cohort, decided (published) totals, partial publications and the change since the previous round.

The sample city's round 2021 is scored under Decision 448, which ranks wards within their district: the
report has 4 lists for the groups ranked alone and 7 ward lists, one per district. The ward counts below
are those of Da Nang's districts in 2021, known independently of the engine: Hải Châu 13, Thanh Khê 10,
Sơn Trà 7, Ngũ Hành Sơn 4, Liên Chiểu 5, Cẩm Lệ 6, Hòa Vang 11 (56 in all).

The 2023 sample (``samples/danang-2023-published.json``) holds seven totals as the press published them:
each is a decided total, and the publication says how many agencies each cohort ranked (24, 6 and 7).

The movements of the Department of Information and Communications (97.56, 1st of 20 → 93.70, 4th of 24:
"giảm 3 bậc") and Social Insurance (77.08, 4th of 6 → 94.79, 2nd of 6: "tăng 2 bậc") were worked out by
hand in tests/test_compare.py from the golden files.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import attrs
import jsonschema
import pytest

from indicator_index import Assessment, load_ruleset, score
from indicator_index._cli import main
from indicator_index._compare import compare_assessments, movement_text, read_assessment
from indicator_index._data import read_submissions
from indicator_index._report import (
    PublishedCohort,
    assessment_schema,
    explain_markdown,
    explain_table,
    read_publication,
    to_csv,
    to_dataframe,
    to_html,
    to_json,
    to_markdown,
    to_table,
    to_xlsx,
)
from indicator_index.errors import DataError


ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "samples" / "danang-2023-published.json"

DISTRICT_WARDS = {
    "quan-hai-chau": 13,
    "quan-thanh-khe": 10,
    "quan-son-tra": 7,
    "quan-ngu-hanh-son": 4,
    "quan-lien-chieu": 5,
    "quan-cam-le": 6,
    "huyen-hoa-vang": 11,
}


@cache
def city2021() -> Assessment:
    rs = load_ruleset("danang-448-2022")
    return score(rs, read_submissions(ROOT / "samples" / "danang-2021.json", rs))


@cache
def city2025() -> Assessment:
    rs = load_ruleset("danang-2386-2025")
    return score(rs, read_submissions(ROOT / "samples" / "danang-2025.json", rs))


@cache
def published2023() -> Assessment:
    rs = load_ruleset("danang-2901-2023")
    return score(rs, read_submissions(PUBLISHED, rs))


def _validate(document: object) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(assessment_schema()).iter_errors(document)]


class _Sections(HTMLParser):
    """Ranking tables of an HTML report: cohort id -> agency ids in row order, and the rows' status."""

    def __init__(self) -> None:
        super().__init__()
        self.cohorts: dict[str, list[str]] = {}
        self.status: dict[str, str] = {}
        self.overview: list[str] = []
        self.text: list[str] = []
        self._table: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and "ranking" in str(a.get("class")).split():
            self._table = str(a["data-cohort"])
            self.cohorts[self._table] = []
        if tag == "tr" and self._table is not None and "data-agency" in a:
            self.cohorts[self._table].append(str(a["data-agency"]))
            self.status[str(a["data-agency"])] = str(a.get("data-status"))
        if tag == "tr" and "data-cohort" in a:
            self.overview.append(str(a["data-cohort"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _html(text: str) -> _Sections:
    page = _Sections()
    page.feed(text)
    return page


class TestWardListsPerDistrict:
    """Decision 448 ranks wards within their district: one list per district, ranks from 1 in each."""

    def test_the_cohorts(self) -> None:
        a = city2021()
        cohorts = a.cohorts()
        wards = {k.split("/", 1)[1]: len(v) for k, v in cohorts.items() if k.startswith("ward/")}
        assert wards == DISTRICT_WARDS
        assert [k for k in cohorts if "/" not in k] == ["department", "unit_without_procedures", "central_agency", "district"]
        for k, scores in cohorts.items():
            assert scores[0].rank == 1, k
            assert scores[0].total == max(s.total for s in scores if s.total is not None), k

    def test_html_one_table_per_district(self) -> None:
        a = city2021()
        page = _html(to_html(a))
        assert list(page.cohorts) == list(a.cohorts())
        assert len([k for k in page.cohorts if k.startswith("ward/")]) == 7
        assert len(page.cohorts["ward/quan-hai-chau"]) == 13
        text = "".join(page.text)
        assert "UBND phường, xã — UBND quận Hải Châu (13 đơn vị)" in text
        assert "Tổng quan toàn thành phố" in text
        # The overview: a row per cohort, then the wards of the whole city.
        assert page.overview == [*a.cohorts(), "ward"]

    def test_markdown_headings_and_band_lines(self) -> None:
        a = city2021()
        md = to_markdown(a, details=False)
        for district, n in DISTRICT_WARDS.items():
            label = a.cohort_label(f"ward/{district}", "vi")
            assert f"## {label} ({n})" in md
        assert "## UBND phường, xã (56)" not in md  # no city-wide ward ranking mixing districts
        hai_chau = md.split("## UBND phường, xã — UBND quận Hải Châu (13)")[1].split("## ")[0]
        rows = [line for line in hai_chau.splitlines() if line.startswith("| ") and line[2].isdigit()]
        assert len(rows) == 13 and rows[0].startswith("| 1 |")
        scores = a.cohorts()["ward/quan-hai-chau"]
        line = next(x for x in hai_chau.splitlines() if x.startswith("Phân bố xếp loại"))
        for band in a.ruleset.bands:
            n = sum(1 for s in scores if s.band == band.id)
            assert f"{band.label.vi} {n}" in line
        assert "## Tổng quan toàn thành phố" in md
        whole = next(x for x in md.splitlines() if x.startswith("| UBND phường, xã — toàn thành phố"))
        assert whole.split(" | ")[1] == "56"

    def test_english_labels(self) -> None:
        md = to_markdown(city2021(), "en", details=False)
        assert "## City overview" in md and "whole city" in md

    def test_xlsx_cohort_column_band_rows_and_overview(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        a = city2021()
        path = tmp_path / "city.xlsx"
        to_xlsx(a, path)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Thông tin chung", "Bảng xếp hạng", "Diễn giải cách tính", "Phân bố xếp loại", "Tổng quan toàn thành phố"]
        rows = list(book["Bảng xếp hạng"].iter_rows(values_only=True))
        assert rows[0][:3] == ("Nhóm", "Nhóm xếp hạng", "Hạng")
        hai_chau = [r for r in rows[1:] if r[1] == "UBND phường, xã — UBND quận Hải Châu"]
        assert [r[2] for r in hai_chau][:1] == [1] and len(hai_chau) == 13
        parents = {r[rows[0].index("Trực thuộc")] for r in hai_chau}
        assert parents == {"quan-hai-chau"}
        bands = list(book["Phân bố xếp loại"].iter_rows(values_only=True))
        assert len(bands) == 1 + len(a.cohorts())
        overview = {r[0]: r for r in book["Tổng quan toàn thành phố"].iter_rows(values_only=True)}
        whole = overview["UBND phường, xã — toàn thành phố"]
        assert whole[1] == 56
        assert list(whole[2:]) == list(a.band_counts["ward"].values())

    def test_csv_and_json_carry_parent_and_cohort(self) -> None:
        a = city2021()
        rows = list(csv.DictReader(io.StringIO(to_csv(a))))
        ward = next(r for r in rows if r["cohort"] == "ward/quan-hai-chau")
        assert ward["parent"] == "quan-hai-chau" and ward["group"] == "ward"
        document = json.loads(to_json(a))
        assert _validate(document) == []
        cohorts = {c["id"]: c for c in document["cohorts"]}
        assert cohorts["ward/quan-hai-chau"]["parent"] == "quan-hai-chau"
        assert cohorts["ward/quan-hai-chau"]["agencies"] == 13
        assert cohorts["ward/quan-hai-chau"]["label"]["vi"] == "UBND phường, xã — UBND quận Hải Châu"
        assert cohorts["department"]["parent"] is None and cohorts["department"]["published"] is None
        agency = next(x for x in document["agencies"] if x["cohort"] == "ward/quan-son-tra")
        assert agency["parent"] == "quan-son-tra"

    def test_explain_names_the_cohort(self) -> None:
        a = city2021()
        ward = a.cohorts()["ward/quan-ngu-hanh-son"][0]
        assert f"— UBND phường, xã — UBND quận Ngũ Hành Sơn — Hạng 1/{DISTRICT_WARDS['quan-ngu-hanh-son']}" in explain_table(a, ward.agency)


class TestDecided:
    """Published totals are marked, never mixed silently with scored ones."""

    def test_table_marks_each_and_names_the_source(self) -> None:
        a = published2023()
        text = to_table(a)
        line = next(x for x in text.splitlines() if "Sở Thông tin và Truyền thông" in x)
        assert "96,53" in line and "(đã công bố [1])" in line
        assert "[1] Nguồn: Results of the 2023 round" in text
        assert "decided (published) [1]" in to_table(a, "en")

    def test_markdown_html_and_view(self) -> None:
        a = published2023()
        md = to_markdown(a)
        assert "| Điểm đã công bố |" in md
        assert "không có chi tiết điểm theo từng tiêu chí" in md
        page = _html(to_html(a, "en"))
        assert set(page.status.values()) == {"decided"}
        assert "there is no per-criterion breakdown" in "".join(page.text)
        view = a._repr_html_()
        assert "đã công bố [1]" in view

    def test_machine_formats(self, tmp_path: Path) -> None:
        a = published2023()
        document = json.loads(to_json(a))
        assert _validate(document) == []
        ict = next(x for x in document["agencies"] if x["id"] == "so-thong-tin-va-truyen-thong")
        assert (ict["status"], ict["total"], ict["earned"], ict["criteria"]) == ("decided", "96.53", None, [])
        assert ict["decided_source"].startswith("Results of the 2023 round")
        row = next(r for r in csv.DictReader(io.StringIO(to_csv(a))) if r["agency"] == "so-thong-tin-va-truyen-thong")
        assert (row["status"], row["total"], row["earned"]) == ("decided", "96.53", "")
        assert row["decided_source"].startswith("Results of the 2023 round")
        openpyxl = pytest.importorskip("openpyxl")
        to_xlsx(a, tmp_path / "p.xlsx", "en")
        book = openpyxl.load_workbook(tmp_path / "p.xlsx")
        rows = list(book["Ranking"].iter_rows(values_only=True))
        ict_row = next(r for r in rows if r[3] == "so-thong-tin-va-truyen-thong")
        assert ict_row[5] == "decided (published)"
        assert str(ict_row[rows[0].index("Decided total")]).startswith("decided (published): Results of the 2023 round")
        trace = [r for r in book["How the points were computed"].iter_rows(values_only=True) if r[1] == "so-thong-tin-va-truyen-thong"]
        assert len(trace) == 1 and "no per-criterion breakdown" in str(trace[0][12])

    def test_dataframe_view_and_explain(self) -> None:
        a = published2023()
        pytest.importorskip("pandas")
        frame = to_dataframe(a, exact=True)
        row = frame.set_index("agency").loc["so-thong-tin-va-truyen-thong"]
        assert (row["status"], row["total"], row["cohort"], row["parent"]) == ("decided", Decimal("96.53"), "department", "")
        assert row["decided_source"].startswith("Results of the 2023 round") and row["earned"] is None
        view = a.display("en", agency="so-thong-tin-va-truyen-thong")
        assert "there is no per-criterion breakdown" in view.html and "<table" not in view.html
        text = explain_markdown(a, "so-thong-tin-va-truyen-thong")
        assert "không có chi tiết điểm theo từng tiêu chí" in text and "| Tiêu chí |" not in text
        # A cohort of decided totals only has no empty section columns.
        assert "Mục 1" not in to_html(a).split('data-cohort="department"')[1].split("</table>")[0]

    def test_a_scored_report_has_no_decided_column(self) -> None:
        assert "Điểm đã công bố" not in to_markdown(city2021(), details=False)


class TestPublication:
    """A report of a partial publication says how many agencies of each cohort it holds."""

    def test_read_the_sample(self) -> None:
        pub = read_publication(PUBLISHED)
        assert {k: v.size for k, v in pub.items()} == {"department": 24, "central_agency": 6, "district": 7}
        assert dict(pub["department"].band_counts) == {"xuat_sac": 4, "tot": 7, "kha": 9, "trung_binh_kha": 4}

    def test_reports_show_held_of_published(self, tmp_path: Path) -> None:
        a, pub = published2023(), read_publication(PUBLISHED)
        text = to_table(a, publication=pub)
        assert "Báo cáo có 2 trong số 24 đơn vị của nhóm đã công bố." in text
        assert "Báo cáo có 3 trong số 6 đơn vị" in text and "Báo cáo có 2 trong số 7 đơn vị" in text
        md = to_markdown(a, "en", publication=pub, details=False)
        assert "This report holds 2 of the 24 agencies published in this cohort." in md
        assert "Published band distribution: Excellent 4 · Good 7 · Fair 9 · Average to fair 4" in md
        overview = next(x for x in md.splitlines() if x.startswith("| Central-government"))
        # 3 held of 6 published; Excellent: 2 held (Công an 90.93, Hải quan 90.62) of 2 published.
        assert overview.split(" | ")[1:3] == ["3 / 6", "2 / 2"]
        document = json.loads(to_json(a, publication=pub))
        assert _validate(document) == []
        department = next(c for c in document["cohorts"] if c["id"] == "department")
        assert department["published"]["size"] == 24 and department["agencies"] == 2
        openpyxl = pytest.importorskip("openpyxl")
        to_xlsx(a, tmp_path / "p.xlsx", publication=pub)
        sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["Tổng quan toàn thành phố"]
        header, *rows = list(sheet.iter_rows(values_only=True))
        assert header[:3] == ("Nhóm xếp hạng", "Trong báo cáo", "Số đơn vị đã công bố")
        assert [r[1:3] for r in rows] == [(2, 24), (3, 6), (2, 7)]

    def test_plain_mappings_and_bad_input(self, tmp_path: Path) -> None:
        a = published2023()
        assert "Báo cáo có 2 trong số 7 đơn vị" in to_table(a, publication={"district": {"size": 7}})
        assert "Báo cáo có 2 trong số 7 đơn vị" in to_table(a, publication={"district": PublishedCohort(size=7)})
        with pytest.raises(ValueError, match=r"publication of cohort 'district': 'gioi' is not a band of danang-2901-2023"):
            to_table(a, publication={"district": {"size": 7, "band_counts": {"gioi": 1}}})
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"publication": {"cohorts": {"district": {"size": -1}, "department": {"size": 2, "band_counts": {"tot": 3}}}}}))
        with pytest.raises(DataError) as info:
            read_publication(bad)
        text = str(info.value)
        assert "bad.json" in text and "'district': size must be a whole number >= 0, got -1" in text
        assert "'department': the band counts add up to 3, more than its size 2" in text
        with pytest.raises(DataError, match="top-level key 'publication'"):
            read_publication({"agencies": []})


class TestPreviousRound:
    """HTML, Markdown and XLSX show the change since the previous round, computed by compare_assessments."""

    def test_markdown(self) -> None:
        md = to_markdown(city2025(), previous=city2021(), details=False)
        assert "| Điểm đợt trước | Tăng/giảm điểm | Xếp loại so với đợt trước | Thay đổi hạng |" in md
        ict = next(x for x in md.splitlines() if "| Sở Thông tin và Truyền thông |" in x)
        assert ict.split(" | ")[-4:] == ["97,56", "-3,86", "lên (Tốt → Xuất sắc)", "giảm 3 bậc |"]
        bhxh = next(x for x in md.splitlines() if "| Bảo hiểm xã hội thành phố Đà Nẵng |" in x)
        assert bhxh.split(" | ")[-4:] == ["77,08", "+17,71", "lên (Khá → Xuất sắc)", "tăng 2 bậc |"]
        # Ranked in 2021 among the 4 units without procedures, in 2025 in the block of 24: no places.
        board = next(x for x in md.splitlines() if "| Ban Xúc tiến và Hỗ trợ đầu tư Đà Nẵng |" in x)
        assert board.endswith("| khác nhóm |")
        # The districts were abolished in 2025.
        assert "Có ở đợt trước, không có ở đợt này: " in md and "UBND quận Hải Châu (" in md

    def test_html_in_english(self) -> None:
        text = to_html(city2025(), "en", previous=city2021())
        page = _html(text)
        assert "up 2 places" in page.text and "down 3 places" in page.text
        assert 'class="movement up">up 2 places' in text
        assert len(page.cohorts) == 3 and '<table class="ranking previous"' in text

    def test_xlsx_keeps_numbers(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        to_xlsx(city2025(), tmp_path / "r.xlsx", "en", previous=city2021())
        sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Ranking"]
        header = [c.value for c in sheet[1]]
        old, change, band, movement = (header.index(h) for h in ("Previous total", "Change", "Band vs previous round", "Rank movement"))
        row = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "so-thong-tin-va-truyen-thong")
        assert (row[old].value, row[change].value) == (97.56, -3.86)
        assert row[change].number_format == "+0.00;-0.00;0.00"
        assert (row[band].value, row[movement].value) == ("up (Good → Excellent)", "down 3 places")

    def test_a_new_agency(self) -> None:
        old = city2021()
        without = attrs.evolve(old, scores=tuple(s for s in old.scores if s.agency != "bao-hiem-xa-hoi-thanh-pho-da-nang"))
        md = to_markdown(city2025(), previous=without, details=False)
        bhxh = next(x for x in md.splitlines() if "| Bảo hiểm xã hội thành phố Đà Nẵng |" in x)
        assert bhxh.split(" | ")[-4:] == ["—", "mới", "mới", "mới |"]

    def test_a_comparison_is_taken_as_given(self) -> None:
        new = city2025()
        comparison = compare_assessments(city2021(), new)
        assert to_markdown(new, previous=comparison, details=False) == to_markdown(new, previous=city2021(), details=False)
        with pytest.raises(ValueError, match="not made with this assessment"):
            to_markdown(city2021(), previous=comparison)


class TestCompareCohorts:
    """Rank movement only within the same cohort id in both rounds."""

    def test_wards_of_two_districts_are_not_compared(self) -> None:
        a = city2021()
        first, second = a.cohorts()["ward/quan-hai-chau"][:2]
        # The second ward of Hải Châu, moved to Thanh Khê's list as its first: not "up 1 place".
        moved = attrs.evolve(second, cohort="ward/quan-thanh-khe", parent="quan-thanh-khe", rank=1)
        later = attrs.evolve(a, scores=tuple(moved if s.agency == second.agency else s for s in a.scores))
        change = compare_assessments(a, later).agency(second.agency)
        assert (change.old_cohort, change.new_cohort, change.same_group, change.rank_change) == (
            "ward/quan-hai-chau",
            "ward/quan-thanh-khe",
            False,
            None,
        )
        assert movement_text(change, "vi") == "khác nhóm"
        assert (change.old_group_size, change.new_group_size) == (13, 10 + 1)  # Thanh Khê's 10 and the ward moved in
        # Within the same district: 2nd -> 1st is one place up, 1st -> 2nd one down.
        swapped = attrs.evolve(a, scores=tuple(attrs.evolve(s, rank={first.agency: 2, second.agency: 1}.get(s.agency, s.rank)) for s in a.scores))
        result = compare_assessments(a, swapped)
        assert movement_text(result.agency(second.agency), "vi") == "tăng 1 bậc"
        assert movement_text(result.agency(first.agency), "en") == "down 1 place"


class TestSavedRound:
    """``score --previous OLD.json``: a round saved as JSON is read back for comparison."""

    def test_round_trip_and_cli(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        old = tmp_path / "old.json"
        assert main(["score", "danang-448-2022", "danang-2021", "--format", "json", "-o", str(old)]) == 0
        back = read_assessment(old)
        a = city2021()
        assert [(s.agency, s.total, s.band, s.rank, s.cohort, s.parent) for s in back.scores] == [
            (s.agency, s.total, s.band, s.rank, s.cohort, s.parent) for s in json_order(a)
        ]
        assert {c.rank_change for c in compare_assessments(back, a).agencies} == {0}
        out = tmp_path / "new.md"
        assert main(["score", "danang-2386-2025", "danang-2025", "--previous", str(old), "-o", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        assert "giảm 3 bậc" in text and "tăng 2 bậc" in text
        assert main(["score", "danang-2386-2025", "danang-2025", "--previous", "danang-448-2022", "danang-2021", "--format", "markdown"]) == 0
        assert "| 97,56 | -3,86 | lên (Tốt → Xuất sắc) | giảm 3 bậc |" in capsys.readouterr().out

    def test_a_changed_ruleset_is_refused(self, tmp_path: Path) -> None:
        saved = json.loads(to_json(city2021()))
        saved["ruleset"]["digest"] = "0" * 64
        path = tmp_path / "old.json"
        path.write_text(json.dumps(saved), encoding="utf-8")
        with pytest.raises(DataError, match="the ruleset's content differs"):
            read_assessment(path)
        path.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
        with pytest.raises(DataError, match="not an assessment document"):
            read_assessment(path)


def json_order(a: Assessment) -> list:
    """The agencies in the JSON document's order: cohort by cohort."""
    return [s for scores in a.cohorts().values() for s in scores]


def test_decided_totals_are_decimals() -> None:
    """The decided totals of the sample are those published (hand-copied from the press reports the sample cites)."""
    a = published2023()
    assert {s.agency: s.total for s in a.scores if s.agency in ("so-thong-tin-va-truyen-thong", "cong-an-thanh-pho-da-nang")} == {
        "so-thong-tin-va-truyen-thong": Decimal("96.53"),
        "cong-an-thanh-pho-da-nang": Decimal("90.93"),
    }
