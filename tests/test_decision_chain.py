"""
Tests for the Da Nang decision chain: 448/QĐ-UBND (2022) → 2901/QĐ-UBND (2023) → 2386/QĐ-UBND (2025),
``ruleset_for`` (the ruleset that governs an evaluation year) and ``indicator-index list``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal

import pytest

from indicator_index import load_ruleset
from indicator_index._chain import decision_chain, family_of, ruleset_for
from indicator_index._cli import main
from indicator_index.errors import RulesetError


class TestChain:
    """The three Da Nang decisions, in the order they replaced one another."""

    def test_order_and_periods(self) -> None:
        """448 until 12 Jan 2023 (73/2023 amends it), 2901 from 27 Dec 2023 to 4 Nov 2025, 2386 from 5 Nov 2025."""
        chain = decision_chain("danang")
        assert [(r.id, r.effective.start, r.effective.end) for r in chain] == [
            ("danang-448-2022", dt.date(2022, 2, 9), dt.date(2023, 1, 12)),
            ("danang-2901-2023", dt.date(2023, 12, 27), dt.date(2025, 11, 4)),
            ("danang-2386-2025", dt.date(2025, 11, 5), None),
        ]

    def test_periods_do_not_overlap(self) -> None:
        """Each decision ends before the next one starts."""
        chain = decision_chain("danang")
        for earlier, later in itertools.pairwise(chain):
            assert earlier.effective.end is not None
            assert earlier.effective.end < later.effective.start

    @pytest.mark.parametrize(
        ("year", "expected"),
        [
            (2021, "danang-448-2022"),  # nothing in force on 31 Dec 2021; 448 came into force on 9 Feb 2022
            (2022, "danang-448-2022"),  # in force on 31 Dec 2022 (until 12 Jan 2023)
            (2023, "danang-2901-2023"),  # 2901 of 27 Dec 2023 is in force on 31 Dec 2023
            (2024, "danang-2901-2023"),
            (2025, "danang-2386-2025"),  # 2386 of 5 Nov 2025
            (2030, "danang-2386-2025"),
        ],
    )
    def test_ruleset_for_year(self, year: int, expected: str) -> None:
        """The ruleset in force on 31 December of the year, else the first to start the year after."""
        assert ruleset_for(year, family="danang").id == expected

    def test_no_ruleset_for_2020(self) -> None:
        """Round 2020 was under an earlier decision that is not bundled: an error that names the chain."""
        with pytest.raises(RulesetError) as caught:
            ruleset_for(2020)
        assert "no 'danang' ruleset governs evaluation year 2020" in str(caught.value)
        assert "danang-448-2022 (2022-02-09 – 2023-01-12)" in str(caught.value)

    def test_unknown_family(self) -> None:
        """A family with no ruleset governs nothing."""
        with pytest.raises(RulesetError, match="no 'hue' ruleset"):
            ruleset_for(2023, family="hue")

    def test_family_of(self) -> None:
        """The family is the part of the id before the first hyphen."""
        assert family_of("danang-2901-2023") == "danang"
        assert family_of(load_ruleset("example-2024")) == "example"


class TestDecision2901:
    """What is public about Decision 2901/QĐ-UBND, checked against danang-2901-2023.toml."""

    def test_legal_basis(self) -> None:
        """Number, date and title as published."""
        basis = load_ruleset("danang-2901-2023").legal_basis
        assert (basis.number, basis.date) == ("2901/QĐ-UBND", dt.date(2023, 12, 27))
        assert "chuyển đổi số" in basis.title

    def test_description_names_its_legal_basis(self) -> None:
        """QĐ 922/QĐ-BTTTT, QĐ 766/QĐ-TTg and QĐ 2870/QĐ-UBND."""
        text = load_ruleset("danang-2901-2023").description
        for act in ("922/QĐ-BTTTT", "766/QĐ-TTg", "2870/QĐ-UBND"):
            assert act in text

    def test_four_groups_with_one_block_of_departments(self) -> None:
        """Departments with units without procedures (one block of 24 in 2023), central agencies, districts, wards."""
        assert [g.id for g in load_ruleset("danang-2901-2023").groups] == ["department", "central_agency", "district", "ward"]

    @pytest.mark.parametrize("group", ["department", "central_agency", "district", "ward"])
    def test_every_group_adds_up_to_100(self, group: str) -> None:
        """Per group the criteria's maxima add up to the scale."""
        rs = load_ruleset("danang-2901-2023")
        assert sum(c.max_for(group) for c in rs.criteria_for(group)) == 100

    def test_labels_of_the_2023_round(self) -> None:
        """Xuất sắc / Tốt / Khá / Trung bình khá, and an unlabelled band below."""
        rs = load_ruleset("danang-2901-2023")
        assert [b.label.vi for b in rs.bands][:4] == ["Xuất sắc", "Tốt", "Khá", "Trung bình khá"]
        assert [b.provenance.status for b in rs.bands if b.provenance is not None] == ["inferred"] * 4 + ["reconstructed"]

    @pytest.mark.parametrize(
        ("total", "band"),
        [
            ("96.53", "Xuất sắc"),  # Sở Thông tin và Truyền thông, 1 of 24
            ("90.93", "Xuất sắc"),  # Công an thành phố, 1 of 6
            ("90.62", "Xuất sắc"),  # Cục Hải quan thành phố
            ("89.02", "Tốt"),  # UBND quận Thanh Khê, 1 of 7
            ("74.02", "Khá"),  # Kho bạc Nhà nước Đà Nẵng, 6 of 6
            ("70.16", "Khá"),  # UBND quận Liên Chiểu, 7 of 7
            ("52.95", "Trung bình khá"),  # Đài Phát thanh - Truyền hình Đà Nẵng, 24 of 24
        ],
    )
    def test_published_2023_results_fall_in_their_published_bands(self, total: str, band: str) -> None:
        """The inferred cut-offs reproduce every band published for round 2023 (plo.vn, July 2024)."""
        assert load_ruleset("danang-2901-2023").band_for(Decimal(total)).label.vi == band

    def test_district_section_digital_society(self) -> None:
        """Districts, wards and communes have the digital-society section; departments do not."""
        rs = load_ruleset("danang-2901-2023")
        assert "digital_society" in [s.id for s in rs.sections_for("district")]
        assert "digital_society" not in [s.id for s in rs.sections_for("department")]

    def test_no_method_later_than_the_decision(self) -> None:
        """No criterion of the 2023 index follows a methodology of 2025 (QĐ 405/QĐ-BKHCN)."""
        rs = load_ruleset("danang-2901-2023")
        for item in (*rs.criteria, *rs.bonuses, *rs.penalties):
            assert "405/QĐ-BKHCN" not in item.provenance.method, item.id


class TestListCommand:
    """``indicator-index list`` shows the bundled rulesets as a chain, and the samples."""

    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The Da Nang chain in order, with effective dates and the years each governs."""
        assert main(["list", "--family", "danang"]) == 0
        out = capsys.readouterr().out
        positions = [out.index(rid) for rid in ("danang-448-2022", "danang-2901-2023", "danang-2386-2025")]
        assert positions == sorted(positions)
        assert "hiệu lực 2023-12-27 – 2025-11-04; năm đánh giá 2023–2024" in out
        assert "hiệu lực 2022-02-09 – 2023-01-12; năm đánh giá 2021–2022" in out
        assert "example-2024 1.0.0" not in out  # another family; the sample of the same name is still listed
        assert "danang-2021" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON: every bundled ruleset with its period and governed years, and the samples."""
        assert main(["--lang", "en", "list", "--format", "json"]) == 0
        document = json.loads(capsys.readouterr().out)
        by_id = {r["id"]: r for r in document["rulesets"]}
        assert by_id["danang-2386-2025"]["effective"] == {"start": "2025-11-05", "end": None}
        assert by_id["danang-2386-2025"]["evaluation_years"][0] == 2025
        assert by_id["danang-448-2022"]["evaluation_years"] == [2021, 2022]
        assert {"danang-2021", "danang-2025"} <= set(document["samples"])
