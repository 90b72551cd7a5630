"""
Published results as acceptance data, and the ranking cohorts of the Da Nang rulesets.

Decision 2901/QĐ-UBND's 2023 round published seven totals (press reports of
July 2024). They are shipped as decided totals in
``samples/danang-2023-published.json`` and asserted by
``rulesets/danang-2901-2023.cases.toml``; a wrong band or order must fail.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import indicator_index as ii
from indicator_index._cases import Case, load_cases, run_case


ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "danang-2023-published.json"
CASES = ROOT / "rulesets" / "danang-2901-2023.cases.toml"
RULESET = ii.load_ruleset("danang-2901-2023")
PUBLISHED = json.loads(SAMPLE.read_text(encoding="utf-8"))


def _published_case() -> Case:
    return load_cases(CASES).case("published-2023")


class TestPublishedSample:
    def test_only_the_seven_published_totals_each_with_its_source(self) -> None:
        """The sample holds the seven published totals, as decided totals with their source, and nothing invented."""
        agencies = PUBLISHED["agencies"]
        assert len(agencies) == 7
        for entry in agencies:
            assert set(entry) == {"id", "name", "group", "decided"}
            assert entry["decided"]["source"].strip()
        totals = {a["id"]: Decimal(str(a["decided"]["total"])) for a in agencies}
        assert totals["so-thong-tin-va-truyen-thong"] == Decimal("96.53")
        assert totals["dai-phat-thanh-truyen-hinh-da-nang"] == Decimal("52.95")

    def test_the_sample_holds_fewer_agencies_than_each_published_block(self) -> None:
        """A partial publication: per block, the agencies held never exceed the published size, and the band counts add up to it."""
        subs = ii.read_submissions(SAMPLE, RULESET)
        held: dict[str, int] = {}
        for sub in subs:
            held[sub.group] = held.get(sub.group, 0) + 1
        cohorts = PUBLISHED["publication"]["cohorts"]
        assert held == {"department": 2, "central_agency": 3, "district": 2}
        for cohort, published in cohorts.items():
            assert held[cohort] <= published["size"]
            assert sum(published["band_counts"].values()) == published["size"]
            assert set(published["band_counts"]) <= {b.id for b in RULESET.bands}

    def test_scored_as_decided_totals(self) -> None:
        """Each published total is banded by the ruleset's cut-offs and ranked within its block; nothing is computed."""
        assessment = ii.score(RULESET, ii.read_submissions(SAMPLE, RULESET))
        for s in assessment.scores:
            assert s.status == "decided"
            assert s.earned is None and s.criteria == () and s.decided_source
        order = {cohort: [s.agency for s in members] for cohort, members in assessment.cohorts().items()}
        assert order == {
            "department": ["so-thong-tin-va-truyen-thong", "dai-phat-thanh-truyen-hinh-da-nang"],
            "central_agency": ["cong-an-thanh-pho-da-nang", "cuc-hai-quan-thanh-pho-da-nang", "kho-bac-nha-nuoc-da-nang"],
            "district": ["quan-thanh-khe", "quan-lien-chieu"],
        }


class TestPublishedCases:
    def test_the_published_case_passes(self) -> None:
        """Under danang-2901-2023, every published band and the published order within each block hold."""
        assert run_case(RULESET, _published_case()) == ()

    @pytest.mark.parametrize("agency", [a["id"] for a in PUBLISHED["agencies"]])
    def test_a_wrong_published_band_fails(self, agency: str) -> None:
        """Expecting any other band for any of the seven agencies fails, naming the agency and the band."""
        case = _published_case()
        expect = list(case.expect)
        i = next(k for k, e in enumerate(expect) if e.agency == agency)
        other = next(b.id for b in RULESET.bands if b.id != expect[i].band)
        expect[i] = attrs.evolve(expect[i], band=other)
        failures = run_case(RULESET, attrs.evolve(case, expect=tuple(expect)))
        assert [(f.agency, f.figure, f.expected) for f in failures] == [(agency, "band", other)]

    def test_a_wrong_published_order_fails(self) -> None:
        """Swapping two agencies of a block in the expected order fails."""
        case = _published_case()
        order = (("kho-bac-nha-nuoc-da-nang", "cong-an-thanh-pho-da-nang"),)
        failures = run_case(RULESET, attrs.evolve(case, order=order, expect=()))
        assert len(failures) == 1 and failures[0].figure.startswith("order.")

    def test_an_order_across_blocks_fails(self) -> None:
        """An expected order naming agencies of two blocks fails: ranks of different cohorts are not comparable."""
        case = attrs.evolve(_published_case(), order=(("so-thong-tin-va-truyen-thong", "quan-thanh-khe"),), expect=())
        failures = run_case(RULESET, case)
        assert len(failures) == 1 and "one ranking cohort" in failures[0].message

    def test_the_command_fails_on_a_wrong_band(self, tmp_path: Path) -> None:
        """``indicator-index test`` exits 0 on the shipped cases and 1 on a copy with one wrong published band."""
        ok = subprocess.run([sys.executable, "-m", "indicator_index", "test", "danang-2901-2023"], capture_output=True, text=True, check=False)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        text = CASES.read_text(encoding="utf-8")
        wrong = text.replace('[cases.expect.quan-thanh-khe]\ntotal = 89.02\nband = "tot"', '[cases.expect.quan-thanh-khe]\ntotal = 89.02\nband = "xuat_sac"')
        assert wrong != text
        (tmp_path / "danang-2901-2023.cases.toml").write_text(wrong, encoding="utf-8")
        (tmp_path / "samples").mkdir()
        bad = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "indicator_index", "--lang", "en", "test", str(tmp_path / "danang-2901-2023.cases.toml")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert bad.returncode == 1, bad.stdout + bad.stderr
        assert "quan-thanh-khe" in bad.stdout + bad.stderr


def _sample_448() -> ii.Assessment:
    return ii.score(ii.load_ruleset("danang-448-2022"), ii.read_submissions("danang-2021"))


class TestWardsByDistrict:
    def test_seven_ward_rankings_one_per_district(self) -> None:
        """448 ranks the 56 wards of the sample city in 7 lists, one per district, each ranked from 1."""
        assessment = _sample_448()
        wards = {k: v for k, v in assessment.cohorts().items() if k.startswith("ward/")}
        districts = {s.agency for s in assessment.scores if s.group == "district"}
        assert {k.partition("/")[2] for k in wards} == districts
        assert sum(len(v) for v in wards.values()) == 56
        for members in wards.values():
            assert min(m.rank for m in members if m.rank is not None) == 1
            assert all(m.parent == members[0].parent for m in members)

    def test_a_ward_without_its_district_is_refused(self) -> None:
        """A ward with no parent cannot be ranked within its district: scoring names the agency."""
        subs = [attrs.evolve(s, parent="") if s.agency == "phuong-nam-duong" else s for s in ii.read_submissions("danang-2021")]
        with pytest.raises(ii.ScoringError) as info:
            ii.score(ii.load_ruleset("danang-448-2022"), subs)
        assert [p.agency for p in info.value.problems] == ["phuong-nam-duong"]
        assert "parent" in info.value.problems[0].message

    def test_a_parent_in_the_wrong_group_is_refused(self) -> None:
        """A ward whose parent is an agency of another group than the districts is refused."""
        subs = [attrs.evolve(s, parent="so-noi-vu") if s.agency == "phuong-nam-duong" else s for s in ii.read_submissions("danang-2021")]
        with pytest.raises(ii.ScoringError) as info:
            ii.score(ii.load_ruleset("danang-448-2022"), subs)
        assert "'district'" in info.value.problems[0].message

    def test_decided_total_with_figures_is_refused(self) -> None:
        """A submission with a decided total and figures is refused: the two are never mixed."""
        sub = ii.Submission(agency="x", group="department", values={"steering_meetings": 4}, decided={"total": 90, "source": "TB 1"})
        with pytest.raises(ii.ScoringError) as info:
            ii.score(RULESET, [sub])
        assert "not both" in str(info.value)

    @pytest.mark.parametrize(
        ("total", "source", "fragment"),
        [
            (Decimal("100.01"), "TB 1", "within [0, 100]"),
            (Decimal("90.125"), "TB 1", "at most 2 decimal places"),
            (Decimal("NaN"), "TB 1", "finite number"),
            (Decimal(90), " ", "needs its source"),
        ],
    )
    def test_bad_decided_totals(self, total: Decimal, source: str, fragment: str) -> None:
        """A decided total outside the scale, with more places than the ruleset rounds to, not a number, or without source is refused."""
        sub = ii.Submission(agency="x", group="department", decided={"total": total, "source": source})
        with pytest.raises(ii.ScoringError) as info:
            ii.score(RULESET, [sub])
        assert fragment in str(info.value)


_WARD_TABLE = re.compile(r"^### (.+?) \(`(ward/[a-z0-9-]+)`, (\d+) wards\)\n\n((?:\|.*\n)+)", re.MULTILINE)
_WARD_ROW = re.compile(r"^\| (\d+) \| .+? \(`([a-z0-9-]+)`\) \| (\d+\.\d\d) \| (.+?) \|$")
# The 448 cut-offs as the decision states them, written out here rather than read from the ruleset.
_BANDS_448 = ((Decimal(80), "Tốt"), (Decimal(65), "Khá"), (Decimal(50), "Trung bình"), (Decimal(0), "Yếu"))


def _ward_tables() -> dict[str, list[tuple[int, str, Decimal, str]]]:
    text = (ROOT / "docs" / "rulesets" / "danang-448.md").read_text(encoding="utf-8")
    section = text.split("## Wards ranked by their district", 1)[1].split("\n## ", 1)[0]
    out = {}
    for match in _WARD_TABLE.finditer(section):
        rows = []
        for line in match.group(4).splitlines()[2:]:
            row = _WARD_ROW.match(line)
            assert row is not None, line
            rows.append((int(row.group(1)), row.group(2), Decimal(row.group(3)), row.group(4)))
        assert len(rows) == int(match.group(3))
        out[match.group(2)] = rows
    return out


class TestWardRankingsInTheDocs:
    def test_seven_tables_one_per_district(self) -> None:
        """docs/rulesets/danang-448.md shows one ward ranking per district of the sample city: 7 tables, 56 wards."""
        tables = _ward_tables()
        assert len(tables) == 7
        assert sum(len(rows) for rows in tables.values()) == 56

    def test_each_table_is_right_by_hand(self) -> None:
        """Within each table, every rank is the competition rank of its total and every band is read off 80 / 65 / 50."""
        for rows in _ward_tables().values():
            for rank, _, total, band in rows:
                assert rank == 1 + sum(1 for _, _, other, _ in rows if other > total)
                assert band == next(label for floor, label in _BANDS_448 if total >= floor)

    def test_each_table_agrees_with_the_engine(self) -> None:
        """Every row of the seven tables is what scoring the sample city gives: cohort, rank, total and band."""
        assessment = _sample_448()
        rs = assessment.ruleset
        for cohort, rows in _ward_tables().items():
            members = assessment.cohorts()[cohort]
            assert [(m.rank, m.agency, m.total, rs.band(m.band).label.vi) for m in members] == rows  # type: ignore[arg-type]
