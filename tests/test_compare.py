"""
Tests for year-over-year comparison (``compare_assessments`` and ``indicator-index compare``).

The acceptance check compares the sample city's round 2021 (``samples/danang-2021.json`` under
``danang-448-2022``) with its round 2025 (``samples/danang-2025.json`` under ``danang-2386-2025``).
The expected figures below were worked out by hand from the two assessments' totals and ranks as
the golden files ``tests/golden/danang-448-2022.json`` and ``tests/golden/danang-2386-2025.json``
publish them; the working is in the comments.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import attrs
import pytest

from indicator_index import Assessment, load_ruleset, score
from indicator_index._cli import main
from indicator_index._compare import AgencyChange, Comparison, compare_assessments, load_renamed, movement_text, render_comparison
from indicator_index._data import read_submissions
from indicator_index.errors import DataError


ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


@cache
def assessment(ruleset: str, sample: str) -> Assessment:
    """A bundled sample scored under a bundled ruleset, once."""
    rs = load_ruleset(ruleset)
    return score(rs, read_submissions(ROOT / "samples" / f"{sample}.json", rs))


@cache
def sample_comparison() -> Comparison:
    """Round 2021 (448) against round 2025 (2386)."""
    return compare_assessments(assessment("danang-448-2022", "danang-2021"), assessment("danang-2386-2025", "danang-2025"))


def _golden(name: str) -> dict[str, dict[str, object]]:
    agencies: dict[str, dict[str, object]] = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))["agencies"]
    return agencies


class TestAcceptance:
    """Three agencies checked by hand, 2021 (448) → 2025 (2386)."""

    def test_the_published_figures_the_working_starts_from(self) -> None:
        """The totals, bands and ranks the hand working below starts from are those of the golden files."""
        old, new = _golden("danang-448-2022"), _golden("danang-2386-2025")
        assert [old["so-thong-tin-va-truyen-thong"][k] for k in ("total", "band", "rank")] == ["97.56", "tot", 1]
        assert [new["so-thong-tin-va-truyen-thong"][k] for k in ("total", "band", "rank")] == ["93.70", "xuat_sac", 4]
        assert [old["bao-hiem-xa-hoi-thanh-pho-da-nang"][k] for k in ("total", "band", "rank")] == ["77.08", "kha", 4]
        assert [new["bao-hiem-xa-hoi-thanh-pho-da-nang"][k] for k in ("total", "band", "rank")] == ["94.79", "xuat_sac", 2]
        assert [old["ban-xuc-tien-va-ho-tro-dau-tu-da-nang"][k] for k in ("group", "total", "band", "rank")] == [
            "unit_without_procedures",
            "58.67",
            "trung_binh",
            4,
        ]
        assert [new["ban-xuc-tien-va-ho-tro-dau-tu-da-nang"][k] for k in ("group", "total", "band", "rank")] == ["department", "62.56", "trung_binh", 24]

    def test_department_of_information_and_communications(self) -> None:
        """
        97.56 → 93.70: −3.86. Tốt (from 80) → Xuất sắc (from 90): up a band although the total fell.
        Rank 1 of 20 departments → 4 of 24 (the units without procedures joined the block): 1 − 4 = −3,
        "giảm 3 bậc".
        """
        c = sample_comparison().agency("so-thong-tin-va-truyen-thong")
        assert (c.status, c.old_total, c.new_total, c.total_change) == ("both", Decimal("97.56"), Decimal("93.70"), Decimal("-3.86"))
        assert (c.old_band, c.new_band, c.band_change) == ("tot", "xuat_sac", "up")
        assert (c.old_rank, c.old_group_size, c.new_rank, c.new_group_size) == (1, 20, 4, 24)
        assert (c.same_group, c.rank_change) == (True, -3)
        assert movement_text(c, "vi") == "giảm 3 bậc"
        assert movement_text(c, "en") == "down 3 places"

    def test_social_insurance(self) -> None:
        """
        77.08 (tied 4th of 6 central agencies with the State Bank branch) → 94.79, 2nd of 6: +17.71,
        Khá → Xuất sắc (up), 4 − 2 = 2 places gained, "tăng 2 bậc".
        """
        c = sample_comparison().agency("bao-hiem-xa-hoi-thanh-pho-da-nang")
        assert (c.total_change, c.band_change, c.old_rank, c.new_rank, c.rank_change) == (Decimal("17.71"), "up", 4, 2, 2)
        assert (c.old_group_size, c.new_group_size) == (6, 6)
        assert movement_text(c, "vi") == "tăng 2 bậc"
        assert movement_text(c, "en") == "up 2 places"

    def test_investment_promotion_board_changes_block(self) -> None:
        """
        58.67 → 62.56: +3.89, Trung bình (50) → Trung bình (50): same band. Rank 4 of 4 units without
        procedures → 24 of 24 departments: another block, so no places gained or lost.
        """
        c = sample_comparison().agency("ban-xuc-tien-va-ho-tro-dau-tu-da-nang")
        assert (c.total_change, c.band_change) == (Decimal("3.89"), "same")
        assert (c.old_group, c.new_group, c.same_group, c.rank_change) == ("unit_without_procedures", "department", False, None)
        assert (c.old_rank, c.old_group_size, c.new_rank, c.new_group_size) == (4, 4, 24, 24)
        assert movement_text(c, "vi") == "khác nhóm"

    def test_districts_are_gone_and_nobody_is_new(self) -> None:
        """The seven districts were abolished in 2025; 93 − 7 = 86 agencies are in both rounds."""
        result = sample_comparison()
        assert sorted(c.agency for c in result.gone) == [
            "huyen-hoa-vang",
            "quan-cam-le",
            "quan-hai-chau",
            "quan-lien-chieu",
            "quan-ngu-hanh-son",
            "quan-son-tra",
            "quan-thanh-khe",
        ]
        assert all(c.band_change == "gone" and c.new_total is None for c in result.gone)
        assert result.arrived == ()
        assert sum(1 for c in result.agencies if c.status == "both") == 86

    def test_cli_lists_the_three_movements_in_vietnamese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The default output is Vietnamese, with decimal commas at two places."""
        status = main(["compare", "danang-448-2022", "danang-2021", "danang-2386-2025", "danang-2025"])
        out = capsys.readouterr().out
        assert status == 0
        rows = {line.split("  ")[1].strip(): line for line in out.splitlines() if line.startswith("  ") and "→" in line}
        assert "97,56 → 93,70 (-3,86)" in rows["Sở Thông tin và Truyền thông"]
        assert "Tốt → Xuất sắc (lên)" in rows["Sở Thông tin và Truyền thông"]
        assert rows["Sở Thông tin và Truyền thông"].rstrip().endswith("giảm 3 bậc")
        assert "77,08 → 94,79 (+17,71)" in rows["Bảo hiểm xã hội thành phố Đà Nẵng"]
        assert rows["Bảo hiểm xã hội thành phố Đà Nẵng"].rstrip().endswith("tăng 2 bậc")
        assert "58,67 → 62,56 (+3,89)" in rows["Ban Xúc tiến và Hỗ trợ đầu tư Đà Nẵng"]
        assert rows["Ban Xúc tiến và Hỗ trợ đầu tư Đà Nẵng"].rstrip().endswith("khác nhóm")
        assert "7 không còn" in out

    def test_cli_in_english_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang en --format json: exact strings at the ruleset's places, and the movement in English."""
        status = main(["--lang", "en", "compare", "danang-448-2022", "danang-2021", "danang-2386-2025", "danang-2025", "--format", "json"])
        document = json.loads(capsys.readouterr().out)
        assert status == 0
        assert document["format"] == "indicator-index/compare"
        by_id = {a["agency"]: a for a in document["agencies"]}
        row = by_id["so-thong-tin-va-truyen-thong"]
        assert (row["old_total"], row["new_total"], row["total_change"], row["rank_change"], row["movement"]) == (
            "97.56",
            "93.70",
            "-3.86",
            -3,
            "down 3 places",
        )
        assert by_id["bao-hiem-xa-hoi-thanh-pho-da-nang"]["movement"] == "up 2 places"


def _renamed_city() -> list[object]:
    """The 2021 sample with the Department of Science and Technology under a new id."""
    subs = read_submissions(ROOT / "samples" / "danang-2021.json")
    return [attrs.evolve(s, agency="so-khoa-hoc-cong-nghe-moi") if s.agency == "so-khoa-hoc-va-cong-nghe" else s for s in subs]


class TestRenamed:
    """Agencies whose id changed are paired through the mapping."""

    def test_without_mapping_one_is_new_and_one_gone(self) -> None:
        """An id that changed is, without a mapping, an agency gone and one new."""
        old = assessment("danang-448-2022", "danang-2021")
        new = score(old.ruleset, _renamed_city())  # type: ignore[arg-type]
        result = compare_assessments(old, new)
        assert [c.agency for c in result.arrived] == ["so-khoa-hoc-cong-nghe-moi"]
        assert [c.agency for c in result.gone] == ["so-khoa-hoc-va-cong-nghe"]
        assert result.arrived[0].band_change == "new"

    def test_with_mapping_the_agency_is_paired(self) -> None:
        """Paired: same total, same band, same rank (17 of 20), marked renamed in the output."""
        old = assessment("danang-448-2022", "danang-2021")
        new = score(old.ruleset, _renamed_city())  # type: ignore[arg-type]
        result = compare_assessments(old, new, renamed={"so-khoa-hoc-va-cong-nghe": "so-khoa-hoc-cong-nghe-moi"})
        c = result.agency("so-khoa-hoc-cong-nghe-moi")
        assert (c.old_agency, c.renamed, c.total_change, c.band_change, c.old_rank, c.rank_change) == (
            "so-khoa-hoc-va-cong-nghe",
            True,
            Decimal(0),
            "same",
            17,
            0,
        )
        assert result.arrived == ()
        assert result.gone == ()
        assert result.agency("so-khoa-hoc-va-cong-nghe") is c
        assert "đổi mã từ so-khoa-hoc-va-cong-nghe" in render_comparison(result)
        assert movement_text(c, "vi") == "giữ nguyên hạng"

    def test_mapping_naming_unknown_agencies_is_refused(self) -> None:
        """Both ends of a pair must exist; two agencies cannot become one."""
        old = assessment("danang-448-2022", "danang-2021")
        with pytest.raises(DataError) as caught:
            compare_assessments(old, old, renamed={"no-such-agency": "so-noi-vu", "so-tu-phap": "nowhere", "so-y-te": "so-noi-vu"})
        messages = [p.message for p in caught.value.problems]
        assert "renamed: 'no-such-agency' is not an agency of the earlier assessment (danang-448-2022)" in messages
        assert "renamed: 'nowhere' is not an agency of the later assessment (danang-448-2022)" in messages
        assert "renamed: 'no-such-agency' and 'so-y-te' are both mapped to 'so-noi-vu'" in messages

    def test_cli_reads_a_renamed_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--renamed takes a TOML table (here under [renamed]) and a bad one exits 1."""
        good = tmp_path / "renamed.toml"
        good.write_text('[renamed]\n"quan-hai-chau" = "phuong-hai-chau-i"\n', encoding="utf-8")
        status = main(["--lang", "en", "compare", "danang-448-2022", "danang-2021", "danang-2386-2025", "danang-2025", "--renamed", str(good)])
        err = capsys.readouterr().err
        assert status == 1  # Hải Châu I is in the 2021 round under its own id too: two agencies cannot become one
        assert "renamed: 'quan-hai-chau' is mapped to 'phuong-hai-chau-i', an agency the earlier assessment has too; map 'phuong-hai-chau-i' as well" in err
        good.write_text(
            '[renamed]\n"quan-hai-chau" = "phuong-hai-chau-i"\n"phuong-hai-chau-i" = "phuong-hai-chau-ii"\n"phuong-hai-chau-ii" = "phuong-hai-chau"\n',
            encoding="utf-8",
        )
        assert main(["--lang", "en", "compare", "danang-448-2022", "danang-2021", "danang-2386-2025", "danang-2025", "--renamed", str(good)]) == 1
        assert "'phuong-hai-chau' is not an agency of the later assessment (danang-2386-2025)" in capsys.readouterr().err
        bad = tmp_path / "renamed.json"
        bad.write_text('{"a": 1}', encoding="utf-8")
        assert main(["--lang", "en", "compare", "danang-448-2022", "danang-2021", "danang-2386-2025", "danang-2025", "--renamed", str(bad)]) == 1
        assert "must be a table of earlier agency id = later agency id" in capsys.readouterr().err

    def test_load_renamed_accepts_a_flat_json_table(self, tmp_path: Path) -> None:
        """A flat JSON object is a mapping too."""
        path = tmp_path / "m.json"
        path.write_text('{"so-a": "so-b"}', encoding="utf-8")
        assert load_renamed(path) == {"so-a": "so-b"}


class TestSameRoundTwice:
    """Compared with itself, nothing moves."""

    def test_everything_same(self) -> None:
        """Every agency: change 0, same band, 0 places; Markdown has one table per group."""
        a = assessment("danang-2386-2025", "danang-2025")
        result = compare_assessments(a, a)
        assert all(c.total_change == 0 and c.band_change == "same" and c.rank_change == 0 for c in result.agencies)
        text = render_comparison(result, "markdown", "en")
        assert text.count("| Agency | Total | Band | Rank | Rank movement |") == 3

    def test_agency_lookup_fails_for_unknown(self) -> None:
        """An id in neither round is a KeyError."""
        with pytest.raises(KeyError):
            sample_comparison().agency("no-such-agency")

    def test_changes_are_frozen(self) -> None:
        """The result objects are frozen attrs classes."""
        c = sample_comparison().agencies[0]
        assert isinstance(c, AgencyChange)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            c.rank_change = 5  # type: ignore[misc]
