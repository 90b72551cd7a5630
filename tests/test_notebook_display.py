"""
Notebook views: a short ``repr`` for an :class:`Assessment` and a
:class:`Score`, their ``_repr_html_`` tables (Vietnamese by default, another
language through ``display(lang=...)`` and never through global state), the
bands of the DataFrames as an ordered categorical, and a real notebook kernel
showing a Decision 448 assessment without filling the notebook.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser

import attrs
import pytest

from indicator_index import criteria_frame, load_ruleset, read_submissions, score, to_dataframe
from indicator_index._model import Assessment


REPR_LIMIT = 1_000
VOID = {"br", "meta", "img", "hr", "input", "link"}


@pytest.fixture(scope="module")
def example() -> Assessment:
    """The bundled example: two groups of three agencies."""
    ruleset = load_ruleset("example-2024")
    return score(ruleset, read_submissions("example-2024", ruleset))


@pytest.fixture(scope="module")
def city() -> Assessment:
    """The Decision 448 ruleset over the sample city: the assessment whose repr once ran to 2 MB."""
    ruleset = load_ruleset("danang-448-2022")
    return score(ruleset, read_submissions("danang-2021", ruleset))


class Page(HTMLParser):
    """A parsed fragment: its tags (checked to nest properly), its text, and the cells of each table."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.open: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()
        assert self.open == [], f"unclosed: {self.open}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in VOID:
            return
        self.open.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def _comma(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


class TestRepr:
    """``repr`` is one short line that says what the object is."""

    def test_assessment_of_the_city(self, city: Assessment) -> None:
        """The 448 assessment: ruleset id, version and hash, agencies, groups and how many were scored, in under 1,000 characters."""
        text = repr(city)
        groups = {s.group for s in city.scores}
        scored = [s for s in city.scores if s.total is not None]
        assert len(text) <= REPR_LIMIT
        assert "\n" not in text
        assert text == (
            f"<Assessment {city.ruleset_id} {city.ruleset_version} sha256 {city.ruleset_digest[:12]}: "
            f"{len(city.scores)} agencies in {len(groups)} groups, {len(scored)} scored>"
        )

    def test_every_score_of_the_city(self, city: Assessment) -> None:
        """Every score of the 448 assessment: agency, name, group, total, band and rank in under 1,000 characters."""
        for s in city.scores:
            text = repr(s)
            assert len(text) <= REPR_LIMIT
            assert text.startswith(f"<Score {s.agency} {s.name!r} ({s.group}): ")
            assert f"total {s.total}, band {s.band}, rank {s.rank}>" in text

    def test_long_names_are_cut(self, example: Assessment) -> None:
        """A name of 5,000 characters and a ruleset id and version of 1,000 still give a short repr."""
        s = attrs.evolve(example.scores[0], name="Ủy ban " * 700, agency="x" * 1000)
        big = attrs.evolve(example, scores=(s,), ruleset_id="r" * 1000, ruleset_version="v" * 1000)
        assert len(repr(s)) <= REPR_LIMIT and "…" in repr(s)
        assert len(repr(big)) <= REPR_LIMIT and repr(big).endswith(": 1 agency in 1 group, 1 scored>")

    def test_not_scorable(self, example: Assessment) -> None:
        """A score without a total says so, and the assessment does not count it as scored."""
        s = attrs.evolve(example.scores[0], total=None, band=None, rank=None, status="not_scorable")
        assert repr(s).endswith(": not scorable>")
        assert repr(attrs.evolve(example, scores=(s, *example.scores[1:]))).endswith("6 agencies in 2 groups, 5 scored>")

    def test_still_frozen_and_equal_by_value(self, example: Assessment) -> None:
        """The custom repr leaves the attrs classes as they were: immutable, compared by value."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            example.scores[0].name = "x"  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            example.ruleset_id = "x"  # type: ignore[misc]
        assert attrs.evolve(example) == example
        assert attrs.evolve(example.scores[0], name="other") != example.scores[0]


class TestAssessmentHtml:
    """``Assessment._repr_html_``: the ranking of each group, in Vietnamese."""

    def test_one_table_per_cohort_in_rank_order(self, city: Assessment) -> None:
        """
        Each ranking cohort has a table with a row per agency, in rank order, with its total and band:
        4 groups ranked alone, then the wards of each of the 7 districts (Decision 448 ranks wards within their district).
        """
        page = Page(city._repr_html_())
        cohorts = city.cohorts()
        assert len(page.tables) == len(cohorts) == 4 + 7
        bands = {b.id: b.label.vi for b in city.ruleset.bands}
        for (cohort, scores), table in zip(cohorts.items(), page.tables, strict=True):
            header, *rows = table
            assert header == ["Hạng", "Mã", "Đơn vị", "Tổng điểm", "Xếp loại"]
            expected = [[str(s.rank), s.agency, s.name, _comma(s.total), bands[s.band]] for s in scores if s.total is not None and s.band]
            assert rows == expected
            assert [int(r[0]) for r in rows] == sorted(int(r[0]) for r in rows) and rows[0][0] == "1"
            assert f"{city.cohort_label(cohort, 'vi')} ({len(rows)} đơn vị)" in page.all_text
        assert "UBND phường, xã — UBND quận Hải Châu (13 đơn vị)" in page.all_text

    def test_heading_names_the_ruleset(self, example: Assessment) -> None:
        """The view starts with the ruleset's title, id, version and hash."""
        text = Page(example._repr_html_()).all_text
        assert example.ruleset.title.vi in text
        assert f"{example.ruleset_id} {example.ruleset_version} · sha256 {example.ruleset_digest[:12]}" in text

    def test_small_enough_for_a_notebook(self, city: Assessment) -> None:
        """The 448 ranking is tens of kilobytes, not megabytes."""
        assert len(city._repr_html_()) < 60_000

    def test_display_in_english(self, example: Assessment) -> None:
        """``display("en")`` is the same ranking in English, with a decimal point."""
        view = example.display("en")
        page = Page(view._repr_html_())
        assert page.tables[0][0] == ["Rank", "Id", "Agency", "Total", "Band"]
        third = example.in_group("department")[2]
        assert [str(third.rank), third.agency, third.name, format(third.total, "f"), example.ruleset.band(third.band).label.en] in page.tables[0]
        assert repr(view) == f"<HtmlView: ranking of {example.ruleset_id}, {len(example.scores)} agencies, en>"

    def test_no_global_state(self, example: Assessment) -> None:
        """Showing one view in English does not change the default: ``_repr_html_`` is still Vietnamese."""
        before = example._repr_html_()
        example.display("en")
        assert example._repr_html_() == before == example.display("vi")._repr_html_() == example.display()._repr_html_()
        assert "lang='vi'" in before

    def test_unknown_language(self, example: Assessment) -> None:
        """A language other than vi and en is refused."""
        with pytest.raises(ValueError, match="lang must be 'vi' or 'en', got 'fr'"):
            example.display("fr")
        with pytest.raises(ValueError, match="lang must be 'vi' or 'en', got 'fr'"):
            example.scores[0].display("fr")

    def test_markup_in_names_is_escaped(self, example: Assessment) -> None:
        """An agency named like markup shows as text."""
        s = attrs.evolve(example.scores[0], name="<script>alert(1)</script> & Co", agency="a'b")
        odd = attrs.evolve(example, scores=(s, *example.scores[1:]))
        for view in (odd._repr_html_(), s._repr_html_(), odd.display("en", agency="a'b")._repr_html_()):
            page = Page(view)
            assert "script" not in page.tags
            assert "<script>alert(1)</script> & Co" in page.all_text


class TestScoreHtml:
    """``Score._repr_html_`` and ``Assessment.display(agency=...)``: the criterion breakdown."""

    def test_a_row_per_item(self, example: Assessment) -> None:
        """One row per criterion, bonus and penalty item, with points and maximum in Vietnamese numbers."""
        s = example.score_for("so-tai-chinh")
        page = Page(s._repr_html_())
        header, *rows = page.tables[0]
        items = (*s.criteria, *s.bonuses, *s.penalties)
        assert len(rows) == len(items)
        assert header == ["Tiêu chí", "Loại", "Trạng thái", "Điểm", "Tối đa", "Số liệu", "Cách tính"]
        for row, item in zip(rows, items, strict=True):
            assert row[0] == item.criterion
            assert row[6] == item.rule.vi
            if item.points is not None:
                assert Decimal(row[3].replace(",", ".")) == item.points
        assert _comma(s.total) in page.all_text

    def test_reasons_and_notes_in_vietnamese(self, example: Assessment) -> None:
        """The broadcaster's exclusion is explained in Vietnamese; the English reason is not shown."""
        d = example.score_for("dai-phat-thanh")
        excluded = d.criterion("3.1")
        assert excluded.status == "excluded" and excluded.reason.startswith("outside the agency's function")
        text = Page(d._repr_html_()).all_text
        assert "ngoài chức năng, nhiệm vụ của đơn vị" in text
        assert "outside the agency" not in text

    def test_with_names_through_the_assessment(self, example: Assessment) -> None:
        """``display(agency=...)`` adds each criterion's name, and the group's and band's names."""
        d = example.score_for("dai-phat-thanh")
        view = example.display("en", agency="dai-phat-thanh")
        page = Page(view._repr_html_())
        header, *rows = page.tables[0]
        assert header[:2] == ["Criterion", "Name"]
        assert [row[1] for row in rows[: len(d.criteria)]] == [example.ruleset.criterion(r.criterion).label.en for r in d.criteria]
        assert example.ruleset.band(d.band).label.en in page.all_text
        assert "outside the agency's function" in page.all_text
        assert repr(view) == f"<HtmlView: breakdown of dai-phat-thanh, {len(rows)} items, en>"

    def test_unknown_agency(self, example: Assessment) -> None:
        """An agency that was not scored is a KeyError, as with ``score_for``."""
        with pytest.raises(KeyError, match="no agency 'so-y-te' in this assessment"):
            example.display(agency="so-y-te")


class TestDataFrameBands:
    """Bands as an ordered categorical, from the worst band to the best."""

    def test_to_dataframe(self, city: Assessment) -> None:
        """Categories are the band ids by ascending lower bound; values are each agency's band; comparisons follow the totals."""
        pytest.importorskip("pandas")
        frame = to_dataframe(city)
        band = frame["band"]
        assert band.dtype.name == "category" and band.cat.ordered
        expected_order = [b.id for b in sorted(city.ruleset.bands, key=lambda b: b.min)]
        assert list(band.cat.categories) == expected_order
        assert list(band.astype(object)) == [s.band for s in city.scores]
        best = max(city.ruleset.bands, key=lambda b: b.min)
        second = sorted(city.ruleset.bands, key=lambda b: b.min)[-2]
        at_least_second = {s.agency for s in city.scores if s.total is not None and s.total >= second.min}
        assert set(frame[band >= second.id]["agency"]) == at_least_second
        assert set(frame[band == band.max()]["agency"]) == {s.agency for s in city.scores if s.band == best.id}

    def test_not_scorable_has_no_band(self, example: Assessment) -> None:
        """An agency without a total has a missing band, not a made-up one."""
        pd = pytest.importorskip("pandas")
        s = attrs.evolve(example.scores[0], total=None, band=None, rank=None, status="not_scorable")
        frame = to_dataframe(attrs.evolve(example, scores=(s, *example.scores[1:])))
        assert pd.isna(frame.set_index("agency").loc[s.agency, "band"])
        assert frame["band"].cat.ordered

    def test_criteria_frame(self, example: Assessment) -> None:
        """The long trace carries the agency's band, with the same ordered categories."""
        pytest.importorskip("pandas")
        trace = criteria_frame(example)
        wide = to_dataframe(example)
        assert list(trace.columns[:5]) == ["group", "agency", "name", "band", "kind"]
        assert list(trace["band"].cat.categories) == list(wide["band"].cat.categories)
        assert trace["band"].cat.ordered
        bands = {s.agency: s.band for s in example.scores}
        assert all(band == bands[agency] for agency, band in zip(trace["agency"], trace["band"].astype(object), strict=True))


class TestLoading:
    """The views live with the reports and are loaded only when shown."""

    def test_scoring_and_repr_load_no_report_module(self) -> None:
        """In a fresh interpreter, scoring and ``repr`` do not import ``indicator_index._report``; ``_repr_html_`` does."""
        program = (
            "import sys, indicator_index as ii\n"
            "r = ii.load_ruleset('example-2024')\n"
            "a = ii.score(r, ii.read_submissions('example-2024', r))\n"
            "repr(a); repr(a.scores[0])\n"
            "before = 'indicator_index._report' in sys.modules\n"
            "html = a._repr_html_()\n"
            "print(before, 'indicator_index._report' in sys.modules, html.startswith('<div'))\n"
        )
        out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True)  # noqa: S603
        assert out.stdout.split() == ["False", "True", "True"]


@pytest.mark.slow
class TestKernel:
    """A real notebook kernel, as an analyst would use it."""

    def test_a_448_assessment_in_a_notebook(self) -> None:
        """
        One cell that ends with a 448 assessment shows the Vietnamese ranking as
        HTML and a one-line text; the saved notebook stays small.
        """
        nbformat = pytest.importorskip("nbformat")
        nbclient = pytest.importorskip("nbclient")
        pytest.importorskip("ipykernel")
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [
            nbformat.v4.new_code_cell(
                "import indicator_index as ii\nr = ii.load_ruleset('danang-448-2022')\nresult = ii.score(r, ii.read_submissions('danang-2021', r))\nresult"
            ),
            nbformat.v4.new_code_cell("result.display('en', agency=result.scores[0].agency)"),
            nbformat.v4.new_code_cell("ii.to_dataframe(result)[['name', 'total', 'band']].head()"),
        ]
        nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
        first, second, third = (cell.outputs for cell in notebook.cells)
        assert [o["output_type"] for o in first] == ["execute_result"]
        data = first[0]["data"]
        assert data["text/plain"].startswith("<Assessment danang-448-2022 ") and len(data["text/plain"]) <= REPR_LIMIT
        page = Page(data["text/html"])
        assert page.tables and page.tables[0][0] == ["Hạng", "Mã", "Đơn vị", "Tổng điểm", "Xếp loại"]
        assert Page(second[0]["data"]["text/html"]).tables[0][0][:2] == ["Criterion", "Name"]
        assert "<table" in third[0]["data"]["text/html"]
        assert len(json.dumps(nbformat.writes(notebook))) < 200_000
