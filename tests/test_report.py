"""Tests for the writers in ``indicator_index._report`` and the notebook views on the model."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_index._data import read_submissions
from indicator_index._loading import load_ruleset, parse_ruleset
from indicator_index._model import Assessment, Submission
from indicator_index._report import (
    FORMAT,
    FORMAT_VERSION,
    REPORT_FORMATS,
    assessment_schema,
    assessment_to_dict,
    criteria_frame,
    explain_markdown,
    explain_table,
    explanation_to_dict,
    format_for,
    render_report,
    to_csv,
    to_dataframe,
    to_html,
    to_json,
    to_markdown,
    to_table,
    to_xlsx,
    write_report,
)
from indicator_index._scoring import score
from indicator_index._version import VERSION
from indicator_index.errors import ScoringError


# A two-group ruleset in which every criterion of the "unit" group may be
# claimed outside an agency's function, so that an agency claiming all of
# them is not scorable; names carry the characters writers must escape.
EDGE_RULESET = """
schema_version = 1
id = "edge"
version = "1"
title = { vi = "Bộ kiểm thử <biên>", en = "Edge <cases>" }
scale = 100
[legal_basis]
number = "T-1"
issuer = "test"
[effective]
start = 2024-01-01
[[bands]]
id = "pass"
label = { vi = "Đạt", en = "Pass" }
min = 50
[[bands]]
id = "fail"
label = { vi = "Không đạt", en = "Fail" }
min = 0
[[groups]]
id = "unit"
label = { vi = "Đơn vị", en = "Units" }
[[sections]]
id = "main"
number = 1
label = { vi = "Chính", en = "Main" }
[[indicators]]
id = "share"
label = { vi = "Tỷ lệ", en = "Share" }
type = "ratio"
[[criteria]]
id = "C1"
section = "main"
label = { vi = "Tỷ lệ", en = "Share" }
max_points = 100
excludable = true
rule = { kind = "proportional", indicator = "share" }
provenance = { status = "decision", citation = "test" }
"""

EDGE_NAMES = {"a": 'Sở "A" | <script>alert(1)</script>, một', "b": "=SUM(1,2) Đơn vị B"}


@pytest.fixture(scope="module")
def ruleset():
    """The example ruleset."""
    return load_ruleset("example-2024")


@pytest.fixture(scope="module")
def assessment(ruleset) -> Assessment:
    """The example cohort scored under the example ruleset."""
    return score(ruleset, read_submissions("example-2024", ruleset))


@pytest.fixture(scope="module")
def edge() -> Assessment:
    """One agency scored 0.3 × 100 = 30, one that claimed its only criterion (not scorable)."""
    rs = parse_ruleset(EDGE_RULESET, source="edge.toml")
    return score(
        rs,
        [
            Submission(agency="a", group="unit", name=EDGE_NAMES["a"], claims={"C1": "Công văn 1/X"}),
            Submission(agency="b", group="unit", name=EDGE_NAMES["b"], values={"share": Decimal("0.3")}),
        ],
    )


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(assessment_schema())


class TestAssessmentToDict:
    """The versioned JSON document."""

    def test_header(self, assessment):
        """The document names its format, version, library and ruleset."""
        doc = assessment_to_dict(assessment)
        assert (doc["format"], doc["format_version"], doc["library_version"]) == (FORMAT, FORMAT_VERSION, VERSION)
        assert (doc["ruleset"]["id"], doc["ruleset"]["version"], doc["ruleset"]["digest"]) == (
            "example-2024",
            "1.0.0",
            assessment.ruleset_digest,
        )

    def test_totals_are_the_rounded_decimals_as_strings(self, assessment):
        """Each total is exactly the rounded Decimal; 43.75 of 75 rescaled to 100 is 58.33."""
        doc = assessment_to_dict(assessment)
        assert [a["total"] for a in doc["agencies"]] == [format(s.total, "f") for s in assessment.scores]
        radio = next(a for a in doc["agencies"] if a["id"] == "dai-phat-thanh")
        assert (radio["total"], radio["earned"], radio["applicable_max"]) == ("58.33", "43.75", "75")

    def test_unrounded_keeps_every_digit(self, assessment):
        """The unrounded total is the engine's exact value, not cut to 28 digits."""
        doc = assessment_to_dict(assessment)
        radio = next(a for a in doc["agencies"] if a["id"] == "dai-phat-thanh")
        assert Decimal(radio["unrounded"]) == assessment.score_for("dai-phat-thanh").unrounded

    def test_order_is_the_assessments(self, assessment):
        """Agencies come by group, rank, then Vietnamese name, as the assessment orders them."""
        doc = assessment_to_dict(assessment)
        assert [a["id"] for a in doc["agencies"]] == [s.agency for s in assessment.scores]
        assert [a["group"] for a in doc["agencies"]] == ["department"] * 3 + ["commune"] * 3

    def test_band_counts_per_group(self, assessment):
        """Totals 100, 69 and 58.33 put one department in each of good, fair and average."""
        doc = assessment_to_dict(assessment)
        assert doc["groups"][0] == {
            "id": "department",
            "label": {"vi": "Sở, ban, ngành", "en": "Departments"},
            "total": "100",
            "agencies": 3,
            "band_counts": {"good": 1, "fair": 1, "average": 1, "weak": 0},
        }

    def test_criterion_trace_names_the_source(self, assessment):
        """The verified figure (0.5) beats the agency's own (0.8), and the trace says so."""
        doc = assessment_to_dict(assessment)
        finance = next(a for a in doc["agencies"] if a["id"] == "so-tai-chinh")
        item = next(c for c in finance["criteria"] if c["id"] == "3.1")
        assert item["inputs"] == [
            {
                "indicator": "online_dossier_share",
                "type": "ratio",
                "value": "0.5",
                "source": "verification",
                "reference": "example-2024.json:so-tai-chinh",
            }
        ]

    def test_criterion_rule_and_provenance(self, assessment):
        """A criterion carries its rule in both languages and where it comes from."""
        doc = assessment_to_dict(assessment)
        item = doc["agencies"][0]["criteria"][0]
        assert (item["id"], item["points"], item["max_points"]) == ("1.1", "15", "15")
        assert item["rule"] == {
            "vi": "điểm = tỷ lệ «Tỷ lệ cán bộ có máy tính» × 15",
            "en": "points = ratio «Share of staff with a computer» × 15",
        }
        assert item["provenance"] == {
            "status": "reconstructed",
            "citation": "fictional example",
            "method": "rule type 1 (proportional)",
            "file": "example-2024.toml",
        }

    def test_excluded_criterion(self, assessment):
        """A criterion claimed outside the agency's function has no points and says why."""
        doc = assessment_to_dict(assessment)
        radio = next(a for a in doc["agencies"] if a["id"] == "dai-phat-thanh")
        item = next(c for c in radio["criteria"] if c["id"] == "3.1")
        assert (item["status"], item["points"], item["max_points"]) == ("excluded", None, "0")
        assert item["reason"] == "outside the agency's function (evidence: Công văn 45/ĐPT: đơn vị không có thủ tục hành chính)"

    def test_yes_no_and_choice_inputs_keep_their_json_type(self, assessment):
        """A yes/no value stays a boolean, a choice an option id."""
        doc = assessment_to_dict(assessment)
        home = doc["agencies"][0]
        values = {i["indicator"]: i["value"] for c in home["criteria"] for i in c["inputs"]}
        assert (values["special_network"], values["it_officer_degree"]) == (True, "university")

    def test_not_scorable_agency(self, edge):
        """An agency with nothing applicable has no total, rank or band."""
        doc = assessment_to_dict(edge)
        first, second = doc["agencies"]
        assert (second["id"], second["status"], second["total"], second["rank"], second["band"]) == ("a", "not_scorable", None, None, None)
        assert (first["id"], first["total"], first["band"]["id"], first["rank"]) == ("b", "30.00", "fail", 1)


class TestJson:
    """JSON text and its schema."""

    def test_round_trip(self, assessment):
        """The JSON text parses back to the document."""
        assert json.loads(to_json(assessment)) == assessment_to_dict(assessment)

    def test_deterministic_and_unicode(self, assessment):
        """Two calls give the same text, with Vietnamese kept as is."""
        text = to_json(assessment)
        assert text == to_json(assessment)
        assert "Sở Nội vụ" in text

    def test_schema_is_shipped_and_valid(self):
        """The schema is a package resource and a valid draft 2020-12 schema."""
        shipped = resources.files("indicator_index") / "schemas" / "assessment.schema.json"
        assert json.loads(shipped.read_text(encoding="utf-8")) == assessment_schema()
        jsonschema.Draft202012Validator.check_schema(assessment_schema())

    def test_example_validates(self, assessment):
        """The example's JSON output validates against the schema."""
        errors = [e.message for e in _validator().iter_errors(json.loads(to_json(assessment)))]
        assert errors == []

    def test_not_scorable_validates(self, edge):
        """The edge case with a not scorable agency validates too."""
        errors = [e.message for e in _validator().iter_errors(json.loads(to_json(edge)))]
        assert errors == []

    def test_schema_rejects_a_float_total(self, assessment):
        """A total given as a JSON number breaks the contract and the schema says so."""
        doc = assessment_to_dict(assessment)
        doc["agencies"][0]["total"] = 100.0
        assert not _validator().is_valid(doc)

    def test_schema_rejects_a_scored_agency_without_total(self, assessment):
        """A scored agency must have a total."""
        doc = assessment_to_dict(assessment)
        doc["agencies"][0]["total"] = None
        assert not _validator().is_valid(doc)

    def test_explanation_validates_as_an_agency(self, assessment):
        """The one-agency explanation carries the same agency entry as the assessment."""
        doc = explanation_to_dict(assessment, "so-tai-chinh")
        schema = {**assessment_schema(), "$ref": "#/$defs/agency", "required": [], "properties": {}, "additionalProperties": True}
        assert jsonschema.Draft202012Validator(schema).is_valid(doc["agency"])
        assert doc["agency"] == next(a for a in assessment_to_dict(assessment)["agencies"] if a["id"] == "so-tai-chinh")
        assert doc["group"]["id"] == "department"

    def test_explanation_of_unknown_agency(self, assessment):
        """Explaining an agency not in the assessment raises KeyError."""
        with pytest.raises(KeyError):
            explanation_to_dict(assessment, "nobody")


class TestCsv:
    """The CSV ranking."""

    def _rows(self, text: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(text)))

    def test_header(self, assessment):
        """Fixed columns, a column per section, then the totals' parts."""
        header = to_csv(assessment).splitlines()[0]
        assert header == (
            "group,parent,cohort,rank,agency,name,status,total,band,decided_source,"
            "infrastructure,application,services,society,adjustments,earned,applicable_max,bonus,penalty"
        )

    def test_row(self, assessment):
        """Sở Tài chính: 13.5 + 7.5 = 21 in infrastructure, bonus 0 − penalty 1 in adjustments, total 69.00."""
        rows = self._rows(to_csv(assessment))
        finance = next(r for r in rows if r["agency"] == "so-tai-chinh")
        assert finance == {
            "group": "department",
            "parent": "",
            "cohort": "department",
            "rank": "2",
            "agency": "so-tai-chinh",
            "name": "Sở Tài chính",
            "status": "scored",
            "total": "69.00",
            "band": "fair",
            "decided_source": "",
            "infrastructure": "21",
            "application": "44",
            "services": "5",
            "society": "",
            "adjustments": "-1",
            "earned": "70",
            "applicable_max": "100",
            "bonus": "0",
            "penalty": "1",
        }

    def test_order(self, assessment):
        """One row per agency, in the assessment's order."""
        assert [r["agency"] for r in self._rows(to_csv(assessment))] == [s.agency for s in assessment.scores]

    def test_formulas_are_not_run(self, edge):
        """A name a spreadsheet would run as a formula is written with a leading apostrophe."""
        rows = self._rows(to_csv(edge))
        assert next(r for r in rows if r["agency"] == "b")["name"] == "'" + EDGE_NAMES["b"]

    def test_not_scorable_and_quoting(self, edge):
        """A not scorable agency has empty rank and total; a name with quotes, commas and pipes survives."""
        rows = self._rows(to_csv(edge))
        a = next(r for r in rows if r["agency"] == "a")
        assert (a["name"], a["status"], a["rank"], a["total"], a["band"]) == (EDGE_NAMES["a"], "not_scorable", "", "", "")


class TestTable:
    """The plain-text ranking the command line prints."""

    def test_groups_and_ranks(self, assessment):
        """A heading per group, then rank, name, total and band."""
        text = to_table(assessment, "en")
        lines = text.splitlines()
        assert "## Departments (3)" in lines
        assert "## Commune People's Committees (3)" in lines
        assert lines[lines.index("## Departments (3)") + 1].split() == ["1", "Sở", "Nội", "vụ", "100.00", "Good"]

    def test_vietnamese_uses_a_decimal_comma(self, assessment):
        """Vietnamese writes 58,33 where English writes 58.33."""
        assert "58,33" in to_table(assessment, "vi")
        assert "58.33" in to_table(assessment, "en")

    def test_not_scorable(self, edge):
        """A not scorable agency is listed last with no rank."""
        last = to_table(edge, "en").splitlines()[-2]
        assert last.split()[0] == "-"
        assert "not scorable" in last

    def test_unknown_language(self, assessment):
        """Only vi and en are known."""
        with pytest.raises(ValueError, match="lang must be 'vi' or 'en', got 'fr'"):
            to_table(assessment, "fr")


class TestMarkdown:
    """The Markdown report."""

    def test_one_table_per_group(self, assessment):
        """Each group has its ranking table."""
        text = to_markdown(assessment, "en", details=False)
        assert text.count("| Rank | Agency | Total | Band |") == 2
        assert "| 3 | Đài Phát thanh - Truyền hình | 58.33 | Average |" in text
        assert "Breakdown" not in text

    def test_details(self, assessment):
        """With details, every agency has a breakdown heading."""
        text = to_markdown(assessment, "vi")
        for s in assessment.scores:
            assert f"### {s.name}" in text
        assert "Chi tiết điểm từng đơn vị" in text

    def test_pipes_and_markup_are_escaped(self, edge):
        """A pipe in a name cannot break the table, nor markup in it run."""
        text = to_markdown(edge, "en")
        assert '| — | Sở "A" \\| &lt;script&gt;alert(1)&lt;/script&gt;, một | not scorable |  |' in text
        assert '### Sở "A" \\| &lt;script&gt;' in text
        assert "<script>" not in text

    def test_explain_markdown(self, assessment):
        """One agency's trace lists each of its criteria."""
        text = explain_markdown(assessment, "so-noi-vu", "en")
        assert text.startswith("# Sở Nội vụ\n")
        for result in assessment.score_for("so-noi-vu").criteria:
            assert f"| {result.criterion} |" in text


class TestExplainTable:
    """One agency's trace as text."""

    def test_lists_criteria_inputs_and_rules(self, assessment):
        """Each criterion appears with its points, its inputs and its rule."""
        text = explain_table(assessment, "so-tai-chinh", "en")
        assert "Sở Tài chính (so-tai-chinh) — Departments — Rank 2/3" in text
        assert "  1.1    Staff with a computer: 13.5 / 15 — scored" in text
        # Indicators by label (id in parentheses); a ratio as a percentage: 0.5 → 50 %.
        assert "         Inputs: «Share of dossiers filed online» (online_dossier_share) = 50 % (verification)" in text
        assert "         Rule: points = ratio «Share of staff with a computer» × 15" in text

    def test_inputs_by_label_and_ratios_as_percentages(self):
        """
        Text, Markdown and HTML name an input's indicator by its label (id in parentheses) and show a ratio as a
        percentage at 2 decimals (0.8725 → 87.25 %, with the decimal comma in Vietnamese); JSON keeps the exact value.
        """
        rs = parse_ruleset(EDGE_RULESET, source="edge.toml")
        result = score(rs, [Submission(agency="b", group="unit", values={"share": Decimal("0.87254")})])
        en, vi = "«Share» (share) = 87.25 %", "«Tỷ lệ» (share) = 87,25 %"
        assert f"         Inputs: {en} (agency's report)" in explain_table(result, "b", "en")
        assert f"         Số liệu: {vi} (đơn vị tự báo cáo)" in explain_table(result, "b", "vi")
        assert f"| {en} (agency's report) |" in explain_markdown(result, "b", "en")
        assert "«Tỷ lệ» (share) = <b>87,25 %</b>" in to_html(result, "vi")
        assert "«Share» (share) = 87.25 % (agency&#x27;s report)" in result.display("en", agency="b").html
        assert "share = 0.8725 (agency&#x27;s report)" in result.score_for("b").display("en").html  # no ruleset: no label, no type
        assert "0.8725" not in explain_table(result, "b", "en")
        entry = assessment_to_dict(result)["agencies"][0]["criteria"][0]
        assert entry["inputs"][0]["value"] == "0.87254"
        assert entry["rule"]["en"] == "points = ratio «Share» × 100"

    def test_unknown_agency(self, assessment):
        """An unknown agency raises KeyError."""
        with pytest.raises(KeyError):
            explain_table(assessment, "nobody")


class _Page(HTMLParser):
    """Collects what the HTML tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ranking: dict[str, list[str]] = {}
        self.articles: list[str] = []
        self.bars: dict[str, dict[str, int]] = {}
        self.text: list[str] = []
        self._table: str | None = None
        self._group: str | None = None

    def handle_starttag(self, tag, attrs):
        """Record a tag and what it belongs to."""
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "section" and a.get("class") == "group":
            self._group = a["data-group"]
            self.bars[self._group] = {}
        if tag == "table" and a.get("class") == "ranking":
            self._table = a["data-group"]
            self.ranking[self._table] = []
        if tag == "tr" and self._table is not None and "data-agency" in a:
            self.ranking[self._table].append(a["data-agency"])
        if tag == "article":
            self.articles.append(a["data-agency"])
        if tag == "g" and a.get("class") == "bar" and self._group is not None:
            self.bars[self._group][a["data-band"]] = int(a["data-count"])

    def handle_endtag(self, tag):
        """Close the current table or section."""
        if tag == "table":
            self._table = None
        if tag == "section":
            self._group = None

    def handle_data(self, data):
        """Keep the text."""
        self.text.append(data)


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


class TestHtml:
    """The standalone HTML report, checked by parsing it."""

    def test_one_ranking_table_per_group(self, assessment):
        """Each group has a ranking table listing its agencies in rank order."""
        page = _parse(to_html(assessment, "en"))
        expected = {g: [s.agency for s in assessment.in_group(g)] for g in ("department", "commune")}
        assert page.ranking == expected

    def test_every_agency_has_a_breakdown(self, assessment):
        """Each agency has an article with its trace in a details element."""
        page = _parse(to_html(assessment, "en"))
        assert page.articles == [s.agency for s in assessment.scores]
        assert sum(1 for tag, _ in page.tags if tag == "details") == len(assessment.scores)
        assert sum(1 for tag, a in page.tags if tag == "table" and a.get("class") == "trace") == len(assessment.scores)

    def test_band_chart_counts(self, assessment):
        """The chart of each group shows the assessment's band counts."""
        page = _parse(to_html(assessment, "vi"))
        assert page.bars == {g: dict(c) for g, c in assessment.band_counts.items()}
        assert sum(1 for tag, _ in page.tags if tag == "svg") == 2

    def test_no_external_resources(self, assessment):
        """No script, stylesheet link, image or font from anywhere: links only point inside the page."""
        text = to_html(assessment, "en")
        page = _parse(text)
        tags = {tag for tag, _ in page.tags}
        assert tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source"})
        assert [a for _, a in page.tags if "src" in a] == []
        hrefs = [a["href"] for _, a in page.tags if "href" in a]
        assert hrefs and all(h.startswith("#") for h in hrefs)
        assert "http://" not in text and "https://" not in text
        assert "url(" not in text and "@import" not in text

    def test_language(self, assessment):
        """The page is in the language asked for, with a decimal comma in Vietnamese."""
        vi, en = _parse(to_html(assessment, "vi")), _parse(to_html(assessment, "en"))
        assert vi.tags[0] == ("html", {"lang": "vi"})
        assert en.tags[0] == ("html", {"lang": "en"})
        assert "Phân bố xếp loại" in vi.text and "58,33" in vi.text
        assert "Band distribution" in en.text and "58.33" in en.text

    def test_names_are_escaped(self, edge):
        """A name holding markup is shown as text, never run."""
        page = _parse(to_html(edge, "en"))
        assert "script" not in {tag for tag, _ in page.tags}
        assert EDGE_NAMES["a"] in page.text

    def test_not_scorable_row(self, edge):
        """The not scorable agency is in its group's table, marked as such."""
        page = _parse(to_html(edge, "en"))
        assert page.ranking == {"unit": ["b", "a"]}
        rows = [a for tag, a in page.tags if tag == "tr" and a.get("data-agency") == "a"]
        assert rows[0]["class"] == "not-scorable"


class TestXlsx:
    """The XLSX workbook."""

    def test_sheets_and_values(self, assessment, tmp_path):
        """A cover and three sheets; the ranking holds numbers and labels in the language asked for."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "r.xlsx"
        to_xlsx(assessment, path, "en")
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == ["About", "Ranking", "How the points were computed", "Band distribution"]
        rows = list(wb["Ranking"].iter_rows(values_only=True))
        assert len(rows) == 1 + len(assessment.scores)
        assert rows[1][:8] == ("Departments", "Departments", 1, "so-noi-vu", "Sở Nội vụ", "scored", 100, "Good")
        trace_rows = sum(len(s.criteria) + len(s.bonuses) + len(s.penalties) for s in assessment.scores)
        assert wb["How the points were computed"].max_row == 1 + trace_rows
        assert list(wb["Band distribution"].iter_rows(values_only=True))[1] == ("Departments", 1, 1, 1, 0)

    def test_formulas_stay_text(self, edge, tmp_path):
        """A name starting with '=' is stored as text, not as a formula."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "edge.xlsx"
        to_xlsx(edge, path, "en")
        cell = openpyxl.load_workbook(path)["Ranking"]["E2"]
        assert (cell.value, cell.data_type) == (EDGE_NAMES["b"], "s")

    def test_without_openpyxl(self, assessment, tmp_path, monkeypatch):
        """Without openpyxl the error says how to install it."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(ImportError, match=r"pip install 'indicator-index\[xlsx\]'"):
            to_xlsx(assessment, tmp_path / "r.xlsx")


class TestDataFrame:
    """pandas frames."""

    def test_one_row_per_agency(self, assessment):
        """One row per agency in the assessment's order, with float totals by default."""
        pytest.importorskip("pandas")
        frame = to_dataframe(assessment)
        assert list(frame["agency"]) == [s.agency for s in assessment.scores]
        assert list(frame.columns[:10]) == ["group", "parent", "cohort", "rank", "agency", "name", "status", "total", "band", "decided_source"]
        assert frame.loc[2, "total"] == pytest.approx(58.33)
        assert str(frame["rank"].dtype) == "Int64"

    def test_exact(self, assessment):
        """exact=True keeps Decimals."""
        pytest.importorskip("pandas")
        frame = to_dataframe(assessment, exact=True)
        assert frame.loc[2, "total"] == Decimal("58.33")

    def test_not_scorable(self, edge):
        """A not scorable agency has a missing rank and total."""
        pd = pytest.importorskip("pandas")
        frame = to_dataframe(edge)
        assert pd.isna(frame.loc[1, "rank"]) and pd.isna(frame.loc[1, "total"])

    def test_criteria_frame(self, assessment):
        """One row per agency and criterion, bonus or penalty."""
        pytest.importorskip("pandas")
        frame = criteria_frame(assessment)
        assert len(frame) == sum(len(s.criteria) + len(s.bonuses) + len(s.penalties) for s in assessment.scores)
        row = frame[(frame["agency"] == "so-tai-chinh") & (frame["item"] == "3.1")].iloc[0]
        assert (row["kind"], row["points"], row["inputs"]) == ("criterion", 0.0, "online_dossier_share=0.5 (verification)")

    def test_without_pandas(self, assessment, monkeypatch):
        """Without pandas the error says how to install it."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"pip install 'indicator-index\[pandas\]'"):
            to_dataframe(assessment)


class TestWriteReport:
    """Writing reports to files."""

    def test_format_from_suffix(self, assessment, tmp_path):
        """The suffix picks the format."""
        for name, start in (("r.json", "{"), ("r.md", "# "), ("r.html", "<!DOCTYPE html>"), ("r.txt", "Bộ chỉ số")):
            path = write_report(assessment, tmp_path / name)
            assert path.read_text(encoding="utf-8").startswith(start)

    def test_csv_has_a_bom_for_excel(self, assessment, tmp_path):
        """CSV files start with a byte-order mark so Excel reads Vietnamese."""
        path = write_report(assessment, tmp_path / "r.csv")
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data[3:].decode("utf-8") == to_csv(assessment)

    def test_unknown_suffix(self, assessment, tmp_path):
        """A suffix that names no format needs an explicit one."""
        with pytest.raises(ValueError, match=r"cannot tell the format from 'r\.dat'"):
            write_report(assessment, tmp_path / "r.dat")

    def test_missing_directory(self, assessment, tmp_path):
        """A file in a missing directory cannot be written."""
        with pytest.raises(OSError):
            write_report(assessment, tmp_path / "nope" / "r.json")

    def test_suffixes_cover_every_format(self):
        """Every report format has a file suffix that implies it."""
        assert {format_for(Path(f"x{s}")) for s in (".json", ".csv", ".md", ".html", ".xlsx", ".txt")} == set(REPORT_FORMATS)

    def test_render_rejects_xlsx_and_unknown(self, assessment):
        """render_report only does text formats."""
        with pytest.raises(ValueError, match="xlsx is a binary format"):
            render_report(assessment, "xlsx")
        with pytest.raises(ValueError, match="format must be one of table, json, csv, markdown, html, xlsx, got 'pdf'"):
            render_report(assessment, "pdf")


class TestDecimalContext:
    """Writers do not depend on the caller's decimal context."""

    def test_tiny_precision(self, assessment):
        """With 3 significant digits and rounding down in the caller's context, every writer gives the same text."""
        import decimal

        expected = [to_table(assessment), to_markdown(assessment), to_html(assessment), to_json(assessment), assessment._repr_html_()]
        with decimal.localcontext() as ctx:
            ctx.prec, ctx.rounding = 3, decimal.ROUND_DOWN
            actual = [to_table(assessment), to_markdown(assessment), to_html(assessment), to_json(assessment), assessment._repr_html_()]
        assert actual == expected


class TestReprHtml:
    """Notebook views."""

    def test_assessment_table_per_group(self, assessment):
        """An assessment shows one ranking table per group (in Vietnamese: a decimal comma)."""
        page = _parse(assessment._repr_html_())
        assert sum(1 for tag, _ in page.tags if tag == "table") == 2
        assert "Sở Nội vụ" in page.text and "58,33" in page.text

    def test_score_table(self, assessment):
        """A score shows a row per criterion, bonus and penalty."""
        s = assessment.score_for("so-tai-chinh")
        page = _parse(s._repr_html_())
        rows = sum(1 for tag, _ in page.tags if tag == "tr")
        assert rows == 1 + len(s.criteria) + len(s.bonuses) + len(s.penalties)
        assert "69,00" in page.text and "13,5" in page.text

    def test_escaped(self, edge):
        """Names holding markup are escaped in both views."""
        for view in (edge._repr_html_(), edge.score_for("a")._repr_html_()):
            page = _parse(view)
            assert "script" not in {tag for tag, _ in page.tags}
            assert "không chấm được" in "".join(page.text)


class TestVietnameseReasons:
    """The engine's reasons and notes, written in English, are shown in Vietnamese in the Vietnamese reports."""

    @staticmethod
    def _said(assessment: Assessment) -> list[str]:
        return [text for s in assessment.scores for text in (*(r.reason for r in (*s.criteria, *s.bonuses, *s.penalties)), *s.notes) if text]

    @pytest.mark.parametrize(("ruleset", "data"), [("danang-448-2022", "danang-2021"), ("danang-2386-2025", "danang-2025"), ("example-2024", "example-2024")])
    def test_every_reason_of_the_samples_is_translated(self, ruleset: str, data: str) -> None:
        """No reason or note of a bundled sample is left in English, and English keeps them as they are."""
        from indicator_index import reason_text as said

        texts = self._said(score(load_ruleset(ruleset), read_submissions(data)))
        assert texts
        assert [t for t in texts if said(t, "vi") == t] == []
        assert [said(t, "en") for t in texts] == texts

    @given(st.data())
    @settings(max_examples=60)
    def test_every_reason_the_engine_writes_is_translated(self, data: st.DataObject) -> None:
        """Whatever the ruleset and the submissions, every reason and note has a Vietnamese rendering."""
        from indicator_index import reason_text as said
        from tests.strategies import rulesets, submissions

        ruleset = data.draw(rulesets(), label="ruleset")
        subs = data.draw(submissions(ruleset), label="submissions")
        try:
            assessment = score(ruleset, subs)
        except ScoringError:
            return  # missing data under the "error" policy: nothing to show
        assert [t for t in self._said(assessment) if said(t, "vi") == t] == []

    @pytest.mark.parametrize(
        ("text", "vi"),
        [
            ("outside the agency's function (evidence: CV 12; phụ lục)", "ngoài chức năng, nhiệm vụ của đơn vị (minh chứng: CV 12; phụ lục)"),
            (
                "claim that it is outside the agency's function refused: no evidence given; no value for x: scored 0 by the missing-data policy",
                "không chấp nhận đề nghị loại trừ (ngoài chức năng, nhiệm vụ): không có minh chứng; "
                "không có số liệu x: tính 0 điểm theo quy định về thiếu số liệu",
            ),
            ("total clamped to 0", "tổng điểm giới hạn ở mức 0"),
            ("something else", "something else"),
        ],
    )
    def test_said(self, text: str, vi: str) -> None:
        """Evidence with a semicolon stays whole; a reason of two parts is rendered part by part; an unknown text is kept."""
        from indicator_index import reason_text as said

        assert said(text, "vi") == vi

    def test_vietnamese_html_shows_them(self) -> None:
        """The Vietnamese HTML report of the sample city holds the Vietnamese reasons, not the English ones."""
        page = to_html(score(load_ruleset("danang-448-2022"), read_submissions("danang-2021")), lang="vi")
        assert "tính 0 điểm theo quy định về thiếu số liệu" in page
        assert "by the missing-data policy" not in page
        assert "outside the agency&#x27;s function" not in page and "outside the agency's function" not in page
