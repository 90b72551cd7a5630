"""Tests for the XLSX report (``to_xlsx``): cover sheet, number formats, layout and a band chart per group."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs
import pytest

from indicator_index import Assessment, Ruleset, load_ruleset, read_submissions, score
from indicator_index._model import Rounding
from indicator_index._report import to_xlsx


openpyxl = pytest.importorskip("openpyxl")
CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    """The example ruleset."""
    return load_ruleset("example-2024")


@pytest.fixture(scope="module")
def assessment(ruleset: Ruleset) -> Assessment:
    """The example cohort scored under the example ruleset."""
    return score(ruleset, read_submissions("example-2024", ruleset))


def _book(assessment: Assessment, tmp_path: Path, *lang: str) -> Any:
    path = tmp_path / "r.xlsx"
    to_xlsx(assessment, path, *lang)
    return openpyxl.load_workbook(path)


def _cover(book: Any) -> dict[str, object]:
    """The cover's label -> value rows."""
    return {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=3, values_only=True) if row[0] is not None and row[1] is not None}


class TestCover:
    """The first sheet says which ruleset, which version of it and which library produced the workbook."""

    def test_vietnamese_by_default(self, assessment: Assessment, ruleset: Ruleset, tmp_path: Path) -> None:
        """Vietnamese labels; the ruleset's title, id, version, full SHA-256, legal basis and period; the library version."""
        book = _book(assessment, tmp_path)
        assert book.sheetnames[0] == "Thông tin chung"
        assert book.active.title == "Bảng xếp hạng"  # it opens on the ranking
        assert book.worksheets[0]["A1"].value == ruleset.title.vi
        cover = _cover(book)
        assert cover["Mã bộ tiêu chí"] == "example-2024"
        assert cover["Phiên bản"] == ruleset.version
        assert cover["Mã băm SHA-256 của bộ tiêu chí"] == ruleset.digest
        assert re.fullmatch(r"[0-9a-f]{64}", str(cover["Mã băm SHA-256 của bộ tiêu chí"]))
        basis = ruleset.legal_basis
        assert cover["Căn cứ pháp lý"] == f"{basis.number} ({basis.date}), {basis.issuer}"
        assert cover["Trích yếu"] == basis.title
        assert cover["Hiệu lực"] == f"từ {ruleset.effective.start.isoformat()}"
        assert cover["Số đơn vị"] == len(assessment.scores)
        assert cover["Phần mềm tính điểm"] == f"indicator-index {metadata.version('indicator-index')}"

    def test_english(self, assessment: Assessment, ruleset: Ruleset, tmp_path: Path) -> None:
        """With lang='en' the cover is in English."""
        book = _book(assessment, tmp_path, "en")
        assert book.sheetnames == ["About", "Ranking", "How the points were computed", "Band distribution"]
        cover = _cover(book)
        assert book.worksheets[0]["A1"].value == ruleset.title.en
        assert (cover["Ruleset id"], cover["Version"], cover["Ruleset SHA-256"]) == ("example-2024", ruleset.version, ruleset.digest)
        assert cover["Rounding"] == "2 decimal places (half_up)"
        assert all(cell.data_type != "f" for row in book.worksheets[0].iter_rows() for cell in row)


class TestNumbers:
    """Points and totals shown at the ruleset's places; the cells keep the values as computed."""

    def test_points_format_and_exact_values(self, assessment: Assessment, tmp_path: Path) -> None:
        """Total, section, earned, maximum, bonus and penalty cells show 0.00 and hold the assessment's numbers."""
        book = _book(assessment, tmp_path, "en")
        ranking = book["Ranking"]
        header = [c.value for c in ranking[1]]
        text = ("Group", "Ranking cohort", "Rank", "Id", "Agency", "Status", "Band", "Parent", "Decided total")
        numeric = [i for i, name in enumerate(header) if name not in text]
        assert len(numeric) == 1 + len(assessment.ruleset.sections) + 4
        for row, s in zip(ranking.iter_rows(min_row=2), assessment.scores, strict=True):
            assert {row[i].number_format for i in numeric} == {"0.00"}
            assert row[2].number_format == "General"  # the rank is a whole number
            by_section = {r.section: r.points for r in s.sections}
            expected = [s.total, *(by_section.get(sec.id) for sec in assessment.ruleset.sections), s.earned, s.applicable_max, s.bonus, s.penalty]
            assert [row[i].value for i in numeric] == [None if v is None else float(v) for v in expected]
        trace = book["How the points were computed"]
        assert [c.value for c in trace[1]][8:10] == ["Points", "Max"]
        formats = {(row[8].number_format, row[9].number_format) for row in trace.iter_rows(min_row=2)}
        assert formats == {("0.00", "0.00")}

    @pytest.mark.parametrize(("places", "shown"), [(0, "0"), (1, "0.0"), (3, "0.000")])
    def test_the_rulesets_places(self, ruleset: Ruleset, tmp_path: Path, places: int, shown: str) -> None:
        """The format follows rounding.places; a section subtotal keeps its value as computed, even with more places than shown."""
        changed = attrs.evolve(ruleset, rounding=Rounding(places=places))
        result = score(changed, read_submissions("example-2024", changed))
        book = _book(result, tmp_path, "en")
        ranking = book["Ranking"]
        header = [c.value for c in ranking[1]]
        section = changed.section("application")
        total, application = header.index("Total"), header.index(f"{section.number}. {section.label.en}")
        rows = list(ranking.iter_rows(min_row=2))
        assert {(r[total].number_format, r[application].number_format) for r in rows} == {(shown, shown)}
        first = next(s for s in result.scores if s.agency == "so-noi-vu")
        points = next(r.points for r in first.sections if r.section == "application")
        assert points == Decimal("54.25")
        assert rows[0][3].value == "so-noi-vu"
        assert rows[0][application].value == 54.25  # not rounded to the places shown


class TestLayout:
    """Frozen headers, filters and column widths."""

    def test_frozen_filtered_and_wide_enough(self, assessment: Assessment, tmp_path: Path) -> None:
        """Each table's header row is frozen (with the columns naming the agency), filterable, and every column has a width."""
        book = _book(assessment, tmp_path, "en")
        expected = {"Ranking": "F2", "How the points were computed": "D2", "Band distribution": "B2"}
        for name, panes in expected.items():
            sheet = book[name]
            assert sheet.freeze_panes == panes
            last = sheet.cell(row=1, column=len(sheet[1])).column_letter
            rows = sum(1 for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row))
            assert sheet.auto_filter.ref == f"A1:{last}{rows}"
            for cell in sheet[1]:
                dimension = sheet.column_dimensions[cell.column_letter]
                assert dimension.customWidth and dimension.width >= 7, (name, cell.value)
                assert cell.font.bold
        assert book["Ranking"].column_dimensions["E"].width >= 30  # agency names


def _charts(path: Path) -> list[dict[str, Any]]:
    """Each chart in the workbook: its title, category and value references, and bar colours."""
    out = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart")):
            root = ElementTree.fromstring(archive.read(name))  # noqa: S314 - a file this test just wrote
            (series,) = root.iter(f"{CHART}ser")
            out.append(
                {
                    "title": "".join(t.text or "" for t in root.find(f"{CHART}chart/{CHART}title").iter(f"{DRAWING}t")),  # type: ignore[union-attr]
                    "kind": root.find(f".//{CHART}barDir").get("val"),  # type: ignore[union-attr]
                    "categories": series.find(f"{CHART}cat/{CHART}strRef/{CHART}f").text,  # type: ignore[union-attr]
                    "values": series.find(f"{CHART}val/{CHART}numRef/{CHART}f").text,  # type: ignore[union-attr]
                    "colours": [p.find(f".//{DRAWING}srgbClr").get("val") for p in series.iter(f"{CHART}dPt")],  # type: ignore[union-attr]
                }
            )
    return out


def _cells(book: Any, reference: str) -> list[object]:
    sheet, _, cells = reference.rpartition("!")
    return [c.value for row in book[sheet.strip("'")][cells.replace("$", "")] for c in row]


class TestBandCharts:
    """A bar chart per group: agencies per band."""

    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_one_chart_per_group(self, assessment: Assessment, tmp_path: Path, lang: str) -> None:
        """Each group's chart plots its row of the band table against the band labels, one colour per band."""
        path = tmp_path / "r.xlsx"
        to_xlsx(assessment, path, lang)
        book = openpyxl.load_workbook(path)
        charts = _charts(path)
        groups = assessment.ruleset.groups
        assert len(charts) == len(groups) == len(book.worksheets[3]._charts)
        bands = [b.id for b in sorted(assessment.ruleset.bands, key=lambda b: b.min, reverse=True)]
        labels = [assessment.ruleset.band(b).label.text(lang) for b in bands]
        title = "Phân bố xếp loại" if lang == "vi" else "Band distribution"
        for chart, group in zip(sorted(charts, key=lambda c: int(c["values"].rsplit("$", 1)[1])), groups, strict=True):
            assert chart["kind"] == "col"
            assert chart["title"] == f"{title}: {group.label.text(lang)}"
            assert _cells(book, chart["categories"]) == labels
            assert _cells(book, chart["values"]) == [assessment.band_counts[group.id][b] for b in bands]
            assert len(chart["colours"]) == len(bands) == len(set(chart["colours"]))
