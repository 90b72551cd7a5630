"""
The columnar reader (``read_cohort``) gives exactly what ``read_submissions`` then ``score`` give.

Every bundled sample, written as a wide and a long CSV file (and a workbook), every agency data file of
the tests, and hostile tables are read both ways: the assessments are equal with every trace read (inputs,
sources, references, reasons), the batch results are equal, and a file that is refused is refused with
the same errors, in the same order, by the same exception class.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_index import (
    Assessment,
    BatchScorer,
    DataError,
    IndicatorIndexError,
    Ruleset,
    ScoringError,
    Submission,
    _data,
    load_ruleset,
    read_cohort,
    read_submissions,
    score,
)
from indicator_index._batch import Cohort


ROOT = Path(__file__).resolve().parents[1]
AGENCY_DATA = ROOT / "tests" / "data" / "agency"
EXAMPLE = load_ruleset("example-2024")
SAMPLES = {
    "example-2024": "example-2024",
    "danang-2021": "danang-448-2022",
    "danang-2023-published": "danang-2901-2023",
    "danang-2025": "danang-2386-2025",
}
_RULESETS: dict[str, Ruleset] = {}


def ruleset(name: str) -> Ruleset:
    if name not in _RULESETS:
        _RULESETS[name] = load_ruleset(ROOT / "rulesets" / f"{name}.toml")
    return _RULESETS[name]


def traced(assessment: Assessment) -> list[tuple[Any, ...]]:
    """Everything an assessment shows, every trace read."""
    return [
        (
            s.agency,
            s.name,
            s.group,
            s.parent,
            s.cohort,
            s.status,
            s.total,
            s.band,
            s.rank,
            s.decided_source,
            s.unrounded,
            s.criteria,
            s.sections,
            s.bonuses,
            s.penalties,
            s.notes,
        )
        for s in assessment.scores
    ]


def outcome(fn: Callable[[], Any]) -> Any:
    """What *fn* returns, or the class and problems of the error it raises."""
    try:
        return fn()
    except IndicatorIndexError as exc:
        return (type(exc).__name__, [str(p) for p in exc.problems])


def assert_same(path: Path | str, rs: Ruleset, **kw: Any) -> Any:
    """Read *path* both ways; the assessments (traces read), batch results and errors are the same."""
    scorer = BatchScorer(rs)
    old = outcome(lambda: traced(score(rs, read_submissions(path, rs, **kw))))
    new = outcome(lambda: traced(score(rs, read_cohort(path, rs, **kw))))
    assert new == old
    old_batch = outcome(lambda: scorer.totals(read_submissions(path, rs, **kw)))
    new_batch = outcome(lambda: scorer.totals(read_cohort(path, rs, **kw)))
    assert new_batch == old_batch
    return new


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def wide_csv(submissions: tuple[Submission, ...]) -> str:
    """The submissions as a wide table: a value and an evidence column per indicator and source, claims, parents, decided totals."""
    pairs: dict[tuple[str, str], None] = {}
    claims: dict[str, None] = {}
    for sub in submissions:
        for key, figures in sub.values.items():
            for figure in figures:
                pairs[(key, figure.source)] = None
        for claim in sub.claims:
            claims[claim.criterion] = None
    header = ["id", "name", "group", "parent", "decided_total", "decided_source"]
    header += [f"{k}@{s}" for k, s in pairs] + [f"evidence:{k}@{s}" for k, s in pairs] + [f"claim:{c}" for c in claims]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for sub in submissions:
        given = {(k, f.source): f for k, figures in sub.values.items() for f in figures}
        row = [sub.agency, sub.name, sub.group, sub.parent]
        row += [str(sub.decided.total), sub.decided.source] if sub.decided is not None else ["", ""]
        row += ["" if (k, s) not in given else _cell(given[(k, s)].value) for k, s in pairs]
        row += ["" if (k, s) not in given else given[(k, s)].reference for k, s in pairs]
        row += [next((c.evidence for c in sub.claims if c.criterion == criterion), "") for criterion in claims]
        writer.writerow(row)
    return out.getvalue()


def long_csv(submissions: tuple[Submission, ...]) -> str:
    """The submissions as a long table: a row per agency, then one per figure and claim."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["agency", "indicator", "value", "source", "evidence", "name", "group", "parent", "decided_total", "decided_source"])
    for sub in submissions:
        decided = [str(sub.decided.total), sub.decided.source] if sub.decided is not None else ["", ""]
        writer.writerow([sub.agency, "", "", "", "", sub.name, sub.group, sub.parent, *decided])
        for key, figures in sub.values.items():
            for f in figures:
                writer.writerow([sub.agency, key, _cell(f.value), f.source, f.reference if f.source != "agency" else "", "", "", "", "", ""])
        for claim in sub.claims:
            writer.writerow([sub.agency, f"claim:{claim.criterion}", "", "", claim.evidence, "", "", "", "", ""])
    return out.getvalue()


class TestSamples:
    """Every bundled sample, as wide and long CSV files and as a workbook, both ways."""

    @pytest.mark.parametrize("sample", sorted(SAMPLES))
    @pytest.mark.parametrize("layout", ["wide", "long"])
    def test_csv(self, sample: str, layout: str, tmp_path: Path) -> None:
        rs = ruleset(SAMPLES[sample])
        submissions = read_submissions(sample, rs)
        path = tmp_path / f"{sample}.csv"
        path.write_text((wide_csv if layout == "wide" else long_csv)(submissions), encoding="utf-8")
        found = assert_same(path, rs)
        assert isinstance(found, list) and len(found) == len(submissions)  # scored, not refused
        # Read as the sample itself (JSON), the cohort gives the sample's assessment too.
        assert traced(score(rs, read_cohort(sample, rs))) == traced(score(rs, submissions))

    @pytest.mark.parametrize("sample", sorted(SAMPLES))
    def test_xlsx(self, sample: str, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        rs = ruleset(SAMPLES[sample])
        book = openpyxl.Workbook()
        sheet = book.active
        for row in csv.reader(io.StringIO(wide_csv(read_submissions(sample, rs)))):
            sheet.append([c or None for c in row])
        path = tmp_path / f"{sample}.xlsx"
        book.save(path)
        assert isinstance(assert_same(path, rs), list)

    def test_the_sources_and_references_of_a_trace(self, tmp_path: Path) -> None:
        """A value of the higher source counts and shows its evidence; a plain value shows file and row, as before."""
        found = read_cohort(AGENCY_DATA / "example-wide.csv", EXAMPLE)
        result = score(EXAMPLE, found).score_for("so-tai-chinh")
        used = {i.indicator: i for r in result.criteria for i in r.inputs}
        assert (used["online_dossier_share"].value, used["online_dossier_share"].source) == (Decimal("0.5"), "verification")
        assert used["online_dossier_share"].reference == "Biên bản thẩm định 12/2024"
        assert used["steering_meetings"].reference == "example-wide.csv:3"


class TestTestData:
    """The agency data files of the tests, good and bad."""

    @pytest.mark.parametrize("name", sorted(p.name for p in AGENCY_DATA.glob("*.csv")))
    def test_files(self, name: str) -> None:
        assert_same(AGENCY_DATA / name, EXAMPLE)


HOSTILE = {
    "duplicate agency": "id,group,steering_meetings\na,department,4\na,department,3\n",
    "unknown group and indicator": "id,group,steering_meetings,bogus\na,ministry,4,1\n",
    "bad values": "id,group,staff_computer_share,steering_meetings,special_network\na,department,1.5,-1,maybe\nb,department,85%,2.5,có\n",
    "evidence without a value": "id,group,steering_meetings,evidence:steering_meetings\na,department,,CV 1\n",
    "claim not excludable": "id,group,claim:1.1\na,department,CV 1\n",
    "decided and figures": "id,group,decided_total,decided_source,steering_meetings\na,department,90,plo.vn,4\n",
    "decided without source": "id,group,decided_total\na,department,90\n",
    "parent of itself": "id,group,parent,steering_meetings\na,department,a,4\n",
    "control character in a name": 'id,name,group,steering_meetings\na,"x\x07y",department,4\n',
    "empty": "",
    "header only": "id,group,steering_meetings\n",
    "malformed": 'id,group,steering_meetings\na,department,"4\n',
    "value right of the header": "id,group,steering_meetings\na,department,4,5\n",
    "long: second value": "agency,indicator,value,group\na,steering_meetings,4,department\na,steering_meetings,5,department\n",
    "long: two sources": (
        "agency,indicator,value,source,evidence,group\na,steering_meetings,4,,,department\na,steering_meetings,2,verification,BB 1,department\n"
    ),
    "semicolons and a decimal comma": "id;group;staff_computer_share\na;department;0,9\n",
    "crlf and cr": "id,group,steering_meetings\r\na,department,4\rb,department,3\r\n",
    "byte-order mark": "\ufeffid,group,steering_meetings\na,department,4\n",
}


class TestHostile:
    """Small tables that are refused, or read in an unusual way: the same either way."""

    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_table(self, name: str, tmp_path: Path) -> None:
        path = tmp_path / "data.csv"
        path.write_bytes(HOSTILE[name].encode("utf-8"))
        assert_same(path, EXAMPLE)

    def test_a_parent_in_the_wrong_group_is_a_scoring_error(self, tmp_path: Path) -> None:
        """What only the scoring checks refuse is refused by read_cohort with the same ScoringError."""
        path = tmp_path / "data.csv"
        path.write_text("id,group,parent\nd1,department,\nw1,ward,d1\n", encoding="utf-8")
        found = assert_same(path, ruleset("danang-448-2022"))
        assert found == ("ScoringError", ["agency 'w1': the parent 'd1' is in group 'department'; parents of group 'ward' are in group 'district'"])


class TestLimits:
    def test_a_cohort_reads_tables_larger_than_max_cells(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """read_submissions refuses a table over MAX_CELLS; read_cohort reads it, up to MAX_COHORT_CELLS."""
        monkeypatch.setattr(_data, "MAX_CELLS", 10)
        path = tmp_path / "a.csv"
        path.write_text("id,group,steering_meetings\n" + "".join(f"a{i},department,{i}\n" for i in range(5)), encoding="utf-8")
        with pytest.raises(DataError, match="over 10 cells"):
            read_submissions(path, EXAMPLE)
        assert len(read_cohort(path, EXAMPLE)) == 5
        monkeypatch.setattr(_data, "MAX_COHORT_CELLS", 12)
        with pytest.raises(DataError, match="over 12 cells"):
            read_cohort(path, EXAMPLE)

    def test_the_cohort_limit_is_what_the_byte_limit_allows(self) -> None:
        assert _data.MAX_COHORT_CELLS == _data.MAX_BYTES // 2 > _data.MAX_CELLS


class TestCompact:
    def test_equal_cells_share_one_value(self, tmp_path: Path) -> None:
        path = tmp_path / "a.csv"
        path.write_text("id,group,staff_computer_share\na,department,0.90\nb,department,0.90\nc,department,0.9\n", encoding="utf-8")
        cohort = read_cohort(path, EXAMPLE)
        k = list(EXAMPLE.indicators).index(EXAMPLE.indicator("staff_computer_share"))
        rows = cohort._rows
        assert rows[0][k] is rows[1][k]
        assert str(rows[2][k]) == "0.9" and str(rows[0][k]) == "0.90"  # equal values, written differently, stay as written
        assert cohort._sources[0] is cohort._sources[1] is cohort._sources[2]  # one ranks object for agencies alike

    def test_a_varied_cohort_is_not_traced(self) -> None:
        scorer = BatchScorer(EXAMPLE)
        cohort = read_cohort("example-2024", EXAMPLE)
        varied = scorer.vary(cohort, {cohort.agencies[0]: {"steering_meetings": 1}})
        with pytest.raises(ScoringError, match="what-if cohort"):
            score(EXAMPLE, varied)

    def test_a_cohort_of_another_ruleset_is_refused(self) -> None:
        cohort = read_cohort("danang-2021", ruleset("danang-448-2022"))
        with pytest.raises(ScoringError, match="checked against ruleset"):
            score(EXAMPLE, cohort)
        assert isinstance(cohort, Cohort)


CELLS = ["", "0", "1", "0.5", "1.5", "-1", "3", "2.50", "85%", "0,9", "có", "không", "maybe", "university", "Đại học", "1e999", "x\x07"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "#note", ""]),
            st.sampled_from(["department", "commune", "", "Sở"]),
            st.lists(st.sampled_from(CELLS), min_size=6, max_size=6),
        ),
        min_size=0,
        max_size=5,
    )
)
def test_random_tables_read_the_same_both_ways(rows: list[tuple[str, str, list[str]]]) -> None:
    """Random wide tables of good and bad cells: the same assessment or the same errors either way."""
    import tempfile

    header = [
        "id",
        "group",
        "staff_computer_share",
        "steering_meetings",
        "special_network",
        "it_officer_degree",
        "initiatives",
        "online_dossier_share@verification",
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for agency, group, cells in rows:
        writer.writerow([agency, group, *cells])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        assert_same(path, EXAMPLE)
