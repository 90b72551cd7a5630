"""
Tests for the Da Nang rulesets (Decision 448/QĐ-UBND and its successor 2386/QĐ-UBND), the synthetic
sample city, the golden results of scoring it, and the hand checks in ``docs/rulesets/danang-448.md``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
import warnings
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from indicator_index import Assessment, Ruleset, bundled_rulesets, load_ruleset, score
from indicator_index._data import read_submissions
from indicator_index._rules import RULE_KINDS


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


ROOT = Path(__file__).resolve().parents[1]
RULESET_FILES = sorted(p for p in (ROOT / "rulesets").glob("*.toml") if not p.name.endswith(".cases.toml"))
DANANG_FILES = (ROOT / "rulesets" / "danang-448-2022.toml", ROOT / "rulesets" / "danang-2901-2023.toml", ROOT / "rulesets" / "danang-2386-2025.toml")
DOC_448 = ROOT / "docs" / "rulesets" / "danang-448.md"
SAMPLE_2021 = ROOT / "samples" / "danang-2021.json"
SAMPLE_2025 = ROOT / "samples" / "danang-2025.json"


def _module(path: Path, name: str) -> ModuleType:
    """Import a helper script that is not part of a package."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


GOLDEN = _module(ROOT / "tests" / "golden" / "regenerate.py", "danang_golden_regenerate")


@cache
def ruleset(name: str) -> Ruleset:
    """A Da Nang ruleset, loaded once."""
    return load_ruleset(ROOT / "rulesets" / f"{name}.toml")


@cache
def assessment(name: str) -> Assessment:
    """The sample city scored under a Da Nang ruleset, once."""
    sample = {"danang-448-2022": SAMPLE_2021, "danang-2386-2025": SAMPLE_2025}[name]
    return score(ruleset(name), read_submissions(sample))


def raw_items(path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """Every criterion, bonus and penalty table of a ruleset file, read as plain TOML."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [(key, item.get("id", "?"), item) for key in ("criteria", "bonuses", "penalties") for item in data.get(key, [])]


class TestRulesetFiles:
    """Every ruleset shipped in rulesets/ loads."""

    @pytest.mark.parametrize("path", RULESET_FILES, ids=[p.stem for p in RULESET_FILES])
    def test_loads_without_error_or_warning(self, path: Path) -> None:
        """The file loads, with no warning, and is bundled under its file name."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loaded = load_ruleset(path)
        assert caught == []
        assert len(loaded.digest) == 64
        assert path.stem in bundled_rulesets()

    def test_both_danang_rulesets_are_there(self) -> None:
        """The Decision 448 ruleset and its 2025 successor are among the files tested above."""
        assert set(DANANG_FILES) <= set(RULESET_FILES)


class TestDecision448Facts:
    """The facts Decision 448/QĐ-UBND states, checked against danang-448-2022.toml."""

    def test_legal_basis(self) -> None:
        """The ruleset names the decision, its date and issuer."""
        basis = ruleset("danang-448-2022").legal_basis
        assert (basis.number, basis.date) == ("448/QĐ-UBND", dt.date(2022, 2, 9))
        assert "Đà Nẵng" in basis.issuer

    def test_five_agency_groups(self) -> None:
        """The five groups, in the decision's order and with its names."""
        groups = [(g.id, g.label.vi) for g in ruleset("danang-448-2022").groups]
        assert groups == [
            ("department", "Cơ quan chuyên môn thuộc UBND thành phố"),
            ("unit_without_procedures", "Đơn vị trực thuộc UBND thành phố không có bộ thủ tục hành chính"),
            ("central_agency", "Cơ quan Trung ương đóng trên địa bàn thành phố"),
            ("district", "UBND quận, huyện"),
            ("ward", "UBND phường, xã"),
        ]

    def test_seven_sections(self) -> None:
        """Sections 1-7 with the names the decision gives them."""
        sections = [(s.number, s.label.vi) for s in ruleset("danang-448-2022").sections]
        assert sections == [
            (1, "Hạ tầng kỹ thuật CNTT"),
            (2, "Ứng dụng CNTT"),
            (3, "Dịch vụ công trực tuyến"),
            (4, "Nguồn nhân lực CNTT"),
            (5, "Chính sách và đầu tư ứng dụng CNTT"),
            (6, "Xây dựng xã hội số"),
            (7, "Điểm thưởng và điểm trừ"),
        ]

    @pytest.mark.parametrize(
        ("group", "numbers"),
        [
            ("department", [1, 2, 3, 4, 5, 7]),
            ("unit_without_procedures", [1, 2, 4, 5, 7]),
            ("central_agency", [1, 2, 3, 4, 5, 7]),
            ("district", [1, 2, 3, 4, 5, 6, 7]),
            ("ward", [1, 2, 3, 4, 5, 6, 7]),
        ],
    )
    def test_sections_per_group(self, group: str, numbers: list[int]) -> None:
        """Section 6 only for districts and wards; section 3 not for units without procedures."""
        assert [s.number for s in ruleset("danang-448-2022").sections_for(group)] == numbers

    def test_section_6_is_declared_for_districts_and_wards_only(self) -> None:
        """Section 6 itself carries the decision's restriction."""
        assert ruleset("danang-448-2022").section("digital_society").groups == ("district", "ward")

    def test_section_7_holds_every_bonus_and_penalty(self) -> None:
        """Bonus and penalty points are section 7, which holds no criterion."""
        rs = ruleset("danang-448-2022")
        assert {item.section for item in (*rs.bonuses, *rs.penalties)} == {"bonus_penalty"}
        assert [c.id for c in rs.criteria if c.section == "bonus_penalty"] == []
        assert rs.section("bonus_penalty").number == 7

    def test_four_bands(self) -> None:
        """Tốt from 80, Khá from 65, Trung bình from 50, Yếu below."""
        bands = [(b.id, b.label.vi, b.min) for b in ruleset("danang-448-2022").bands]
        assert bands == [("tot", "Tốt", 80), ("kha", "Khá", 65), ("trung_binh", "Trung bình", 50), ("yeu", "Yếu", 0)]

    @pytest.mark.parametrize(
        ("total", "band"),
        [
            ("100", "tot"),
            ("80.00", "tot"),
            ("79.99", "kha"),
            ("65.00", "kha"),
            ("64.99", "trung_binh"),
            ("50.00", "trung_binh"),
            ("49.99", "yeu"),
            ("0", "yeu"),
        ],
    )
    def test_band_edges(self, total: str, band: str) -> None:
        """Each band's lower bound is inclusive, as the decision words it."""
        assert ruleset("danang-448-2022").band_for(Decimal(total)).id == band

    @pytest.mark.parametrize("group", ["department", "unit_without_procedures", "central_agency", "district", "ward"])
    def test_every_group_adds_up_to_100(self, group: str) -> None:
        """The maxima of the criteria applying to each group add up to the 100-point scale."""
        rs = ruleset("danang-448-2022")
        assert sum(c.max_for(group) for c in rs.criteria_for(group)) == 100

    def test_some_criteria_may_be_claimed_outside_function(self) -> None:
        """Criteria an agency may claim outside its function exist, in sections 1, 2, 3 and 5."""
        rs = ruleset("danang-448-2022")
        excludable = [c for c in rs.criteria if c.excludable]
        assert {c.section for c in excludable} == {"infrastructure", "application", "online_services", "policy_investment"}

    def test_exclusion_with_evidence_leaves_the_denominator(self) -> None:
        """Criteria claimed with evidence are excluded and their maxima leave the applicable maximum."""
        rs = ruleset("danang-448-2022")
        treasury = assessment("danang-448-2022").score_for("kho-bac-nha-nuoc-da-nang")
        claimed = [treasury.criterion(cid) for cid in ("1.7", "5.3")]
        assert [(r.status, r.points, r.max_points) for r in claimed] == [("excluded", None, 0), ("excluded", None, 0)]
        removed = rs.criterion("1.7").max_for("central_agency") + rs.criterion("5.3").max_for("central_agency")
        assert removed == 6
        assert treasury.applicable_max == 100 - removed

    def test_claim_without_evidence_is_refused(self) -> None:
        """A claim with no evidence is refused: the criterion is scored and the refusal noted."""
        treasury = assessment("danang-448-2022").score_for("kho-bac-nha-nuoc-da-nang")
        result = treasury.criterion("1.4")
        assert (result.status, result.points, result.max_points) == ("scored", 0, 2)
        assert "refused" in result.reason
        assert any("'1.4'" in note and "refused" in note for note in treasury.notes)

    def test_no_criterion_claims_to_be_from_the_appendix(self) -> None:
        """The appendix is not available, so every criterion, bonus and penalty is marked reconstructed."""
        rs = ruleset("danang-448-2022")
        statuses = {item.provenance.status for item in (*rs.criteria, *rs.bonuses, *rs.penalties)}
        assert statuses == {"reconstructed"}

    def test_criteria_count_and_rule_kinds(self) -> None:
        """About 40-70 items in all, covering every rule kind of the engine."""
        rs = ruleset("danang-448-2022")
        assert 40 <= len(rs.criteria) + len(rs.bonuses) + len(rs.penalties) <= 70
        assert {c.rule.kind for c in rs.criteria} == set(RULE_KINDS)


class TestProvenance:
    """Every criterion, bonus and penalty of both Da Nang rulesets says where it comes from."""

    @pytest.mark.parametrize("path", DANANG_FILES, ids=[p.stem for p in DANANG_FILES])
    def test_every_item_in_the_file_has_provenance(self, path: Path) -> None:
        """Read as plain TOML, each item has a provenance table with a status, citation and method."""
        missing = []
        for key, item_id, item in raw_items(path):
            prov = item.get("provenance")
            if not isinstance(prov, dict):
                missing.append(f"{key} {item_id}: no provenance")
                continue
            if prov.get("status") not in ("decision", "reconstructed"):
                missing.append(f"{key} {item_id}: status {prov.get('status')!r}")
            if not str(prov.get("citation", "")).strip():
                missing.append(f"{key} {item_id}: empty citation")
            if prov.get("status") == "reconstructed" and not str(prov.get("method", "")).strip():
                missing.append(f"{key} {item_id}: reconstructed without method")
        assert missing == []

    @pytest.mark.parametrize("name", ["danang-448-2022", "danang-2386-2025"])
    def test_loaded_items_keep_their_provenance(self, name: str) -> None:
        """After loading, each item's provenance names the file that defined it."""
        rs = ruleset(name)
        files = {item.provenance.file for item in (*rs.criteria, *rs.bonuses, *rs.penalties)}
        assert files == {f"{name}.toml"}

    @pytest.mark.parametrize("path", DANANG_FILES, ids=[p.stem for p in DANANG_FILES])
    def test_header_says_what_is_official(self, path: Path) -> None:
        """The file's header comment says plainly that nothing is the law, and marks what the decision states and what is reconstructed."""
        header = path.read_text(encoding="utf-8").split("schema_version")[0]
        assert "Nothing here is the law" in header
        assert "# - [decision]" in header
        assert "# - [reconstructed]" in header


class TestDecision2386:
    """The successor Decision 2386/QĐ-UBND (2025) as data: no code change."""

    def test_eight_content_groups(self) -> None:
        """Eight sections with the decision's names, Xã hội số only for wards."""
        rs = ruleset("danang-2386-2025")
        assert [(s.number, s.label.vi) for s in rs.sections] == [
            (1, "Nhận thức số"),
            (2, "Thể chế số"),
            (3, "Hạ tầng số"),
            (4, "Ứng dụng công nghệ số"),
            (5, "Dịch vụ công trực tuyến"),
            (6, "Nhân lực số"),
            (7, "Xã hội số"),
            (8, "Điểm thưởng, điểm trừ"),
        ]
        assert rs.section("digital_society").groups == ("ward",)

    def test_three_agency_groups(self) -> None:
        """Departments (with units without procedures), central agencies, wards; no districts."""
        assert [g.id for g in ruleset("danang-2386-2025").groups] == ["department", "central_agency", "ward"]

    def test_five_bands(self) -> None:
        """Xuất sắc, Tốt, Khá, Trung bình, Yếu at the documented cut-offs 90/80/65/50."""
        bands = [(b.label.vi, b.min) for b in ruleset("danang-2386-2025").bands]
        assert bands == [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 65), ("Trung bình", 50), ("Yếu", 0)]

    @pytest.mark.parametrize("group", ["department", "central_agency", "ward"])
    def test_every_group_adds_up_to_100(self, group: str) -> None:
        """Each group's maxima add up to 100."""
        rs = ruleset("danang-2386-2025")
        assert sum(c.max_for(group) for c in rs.criteria_for(group)) == 100

    def test_units_without_procedures_claim_online_services(self) -> None:
        """A former unit without procedures is a department whose section 5 is excluded with evidence."""
        radio = assessment("danang-2386-2025").score_for("dai-phat-thanh-truyen-hinh-da-nang")
        section_5 = [r for r in radio.criteria if r.section == "online_services"]
        assert radio.group == "department"
        assert {r.status for r in section_5} == {"excluded"}
        assert radio.applicable_max == 75


class TestGolden:
    """Scoring the sample city matches the committed golden results exactly."""

    @pytest.mark.parametrize(("name", "sample"), GOLDEN.CASES)
    def test_matches_golden(self, name: str, sample: str) -> None:
        """Every agency's group, total, band, rank and points equal the golden file."""
        expected = json.loads((ROOT / "tests" / "golden" / f"{name}.json").read_text(encoding="utf-8"))
        actual = GOLDEN.snapshot(assessment(name))
        assert sorted(actual["agencies"]) == sorted(expected["agencies"])
        for agency, entry in expected["agencies"].items():
            assert (agency, actual["agencies"][agency]) == (agency, entry)
        assert actual == expected

    def test_golden_render_is_stable(self) -> None:
        """Rendering the current results reproduces the committed file byte for byte."""
        actual = GOLDEN.render(GOLDEN.snapshot(assessment("danang-448-2022")))
        assert actual == (ROOT / "tests" / "golden" / "danang-448-2022.json").read_text(encoding="utf-8")


class TestSampleCity:
    """The sample city covers the 2021 evaluation and exercises what it is meant to."""

    def test_generator_is_deterministic(self) -> None:
        """Running the generator's build again gives the committed files, byte for byte."""
        generator = _module(ROOT / "samples" / "generate.py", "danang_sample_generator")
        doc_2021, doc_2025 = generator.build()
        assert generator.dump(doc_2021) == SAMPLE_2021.read_text(encoding="utf-8")
        assert generator.dump(doc_2025) == SAMPLE_2025.read_text(encoding="utf-8")

    @pytest.mark.parametrize("path", [SAMPLE_2021, SAMPLE_2025], ids=["2021", "2025"])
    def test_labelled_synthetic(self, path: Path) -> None:
        """Each sample says at the top that its data are synthetic."""
        note = json.loads(path.read_text(encoding="utf-8"))["note"]
        assert note.startswith("SYNTHETIC DATA.")

    def test_agencies_per_group(self) -> None:
        """20 departments, 4 units without procedures, 6 central agencies (as published), 7 districts, 56 wards."""
        counts = {g: len(assessment("danang-448-2022").in_group(g)) for g in ("department", "unit_without_procedures", "central_agency", "district", "ward")}
        assert counts == {"department": 20, "unit_without_procedures": 4, "central_agency": 6, "district": 7, "ward": 56}

    def test_the_city_police_is_not_among_the_central_agencies(self) -> None:
        """The six central agencies of the sample, in both rounds; the city police was not ranked in 2020."""
        for name in ("danang-448-2022", "danang-2386-2025"):
            ids = {s.agency for s in assessment(name).in_group("central_agency")}
            assert len(ids) == 6
            assert "cong-an-thanh-pho-da-nang" not in ids

    def test_the_seven_districts(self) -> None:
        """The seven districts of 2021 by name (Hoàng Sa excluded)."""
        names = sorted(s.name for s in assessment("danang-448-2022").in_group("district"))
        assert names == sorted(
            [
                "UBND quận Hải Châu",
                "UBND quận Thanh Khê",
                "UBND quận Sơn Trà",
                "UBND quận Ngũ Hành Sơn",
                "UBND quận Liên Chiểu",
                "UBND quận Cẩm Lệ",
                "UBND huyện Hòa Vang",
            ]
        )

    def test_2025_city_has_no_districts(self) -> None:
        """The 2025 mapping keeps 24 departments, 6 central agencies and the 56 wards, and says which map it uses."""
        counts = {g: len(assessment("danang-2386-2025").in_group(g)) for g in ("department", "central_agency", "ward")}
        assert counts == {"department": 24, "central_agency": 6, "ward": 56}
        note = json.loads(SAMPLE_2025.read_text(encoding="utf-8"))["note"]
        assert "ADMINISTRATIVE MAP: that of 2021, NOT the one in force since 1 Jul 2025" in note

    def test_every_rule_kind_is_exercised(self) -> None:
        """Some agency is scored (or listed) by every rule kind."""
        rs = ruleset("danang-448-2022")
        kinds = {rs.criterion(r.criterion).rule.kind for s in assessment("danang-448-2022").scores for r in s.criteria if r.status in ("scored", "info")}
        assert kinds == set(RULE_KINDS)

    def test_all_four_bands_among_wards(self) -> None:
        """Under 448 the ward group has Tốt, Khá, Trung bình and Yếu wards."""
        counts = assessment("danang-448-2022").band_counts["ward"]
        assert {band for band, n in counts.items() if n > 0} == {"tot", "kha", "trung_binh", "yeu"}
        assert sum(counts.values()) == 56

    def test_tie(self) -> None:
        """Social Insurance and the State Bank branch tie, share rank 4, and the next rank is 6."""
        result = assessment("danang-448-2022")
        pair = [result.score_for(a) for a in ("bao-hiem-xa-hoi-thanh-pho-da-nang", "ngan-hang-nha-nuoc-viet-nam-chi-nhanh-da-nang")]
        assert [(s.total, s.rank) for s in pair] == [(Decimal("77.08"), 4), (Decimal("77.08"), 4)]
        assert result.score_for("cuc-thong-ke-thanh-pho-da-nang").rank == 6

    def test_total_exactly_on_a_band_edge(self) -> None:
        """Phường Nam Dương totals exactly 80.00, the lowest Tốt total."""
        edge = assessment("danang-448-2022").score_for("phuong-nam-duong")
        assert (edge.unrounded, format(edge.total, "f"), edge.band) == (Decimal(80), "80.00", "tot")

    def test_missing_value_policies(self) -> None:
        """A missing value is zeroed under 'zero', left out under 'exclude', and none is missing under 'error'."""
        result = assessment("danang-448-2022")
        zero = result.score_for("so-noi-vu").criterion("4.4")
        left_out = result.score_for("thanh-tra-thanh-pho").criterion("3.7")
        assert (zero.status, zero.points, zero.max_points) == ("missing_zero", 0, 2)
        assert (left_out.status, left_out.points, left_out.max_points) == ("missing_excluded", None, 0)
        assert result.score_for("thanh-tra-thanh-pho").applicable_max == 98

    def test_zero_denominator_not_applicable(self) -> None:
        """A ward with no IT task planned has 5.4 declared not applicable."""
        result = assessment("danang-448-2022").score_for("phuong-an-khe")
        assert (result.criterion("5.4").status, result.applicable_max) == ("not_applicable", 98)

    def test_bonus_cap_reached(self) -> None:
        """The Department of Information and Communications earns 5 bonus points, capped at 3."""
        result = assessment("danang-448-2022").score_for("so-thong-tin-va-truyen-thong")
        assert (sum(r.points for r in result.bonuses), result.bonus) == (5, 3)

    def test_penalty_cap_reached(self) -> None:
        """Xã Hòa Bắc incurs 6.5 penalty points, capped at 4."""
        result = assessment("danang-448-2022").score_for("xa-hoa-bac")
        assert (sum(r.points for r in result.penalties), result.penalty) == (Decimal("6.5"), 4)

    def test_several_sources(self) -> None:
        """Verified figures and other departments' records take precedence over the agency's own."""
        result = assessment("danang-448-2022")
        sources = {i.source for s in result.scores for r in s.criteria for i in r.inputs}
        assert sources == {"agency", "verification", "records"}
        dossiers = result.score_for("so-thong-tin-va-truyen-thong").criterion("3.2").inputs[0]
        assert (dossiers.indicator, dossiers.value, dossiers.source) == ("online_dossiers", 9120, "verification")


# --- Hand checks in docs/rulesets/danang-448.md -------------------------------

_HEADING = re.compile(r"^### Hand check \d+: .*\(`([^`]+)`\)\s*$")
_ITEM = re.compile(r"^(\d+\.\d+|[BP]\d+)$")
_SECTION = re.compile(r"^(\d) ")
_RESULT_KEYS = ("Earned", "Applicable maximum", "Base", "Bonus", "Penalty", "Total (unrounded)", "Total", "Band", "Rank")


def hand_checks(text: str) -> dict[str, list[list[str]]]:
    """Agency id -> the table rows (cells) of its hand check."""
    checks: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in text.splitlines():
        found = _HEADING.match(line)
        if found:
            current = checks.setdefault(found.group(1), [])
        elif line.startswith("#"):
            current = None
        elif current is not None and line.startswith("|") and not set(line) <= set("|- "):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return checks


HAND_CHECKS = hand_checks(DOC_448.read_text(encoding="utf-8"))


def same(actual: Decimal | None, written: str) -> bool:
    """Whether *actual* is the number written in the doc; '≈ x' compares at x's decimal places."""
    if actual is None:
        return False
    if written.startswith("≈"):
        expected = Decimal(written.removeprefix("≈").strip())
        return actual.quantize(expected) == expected
    return actual == Decimal(written)


class TestHandChecks:
    """The agencies checked by hand in docs/rulesets/danang-448.md score exactly as written there."""

    def test_at_least_three_agencies(self) -> None:
        """The doc hand-checks three agencies, one of them on a band edge."""
        assert list(HAND_CHECKS) == ["so-thong-tin-va-truyen-thong", "kho-bac-nha-nuoc-da-nang", "phuong-nam-duong"]

    @pytest.mark.parametrize("agency", list(HAND_CHECKS))
    def test_criteria(self, agency: str) -> None:
        """Every criterion, bonus and penalty line: the same items, maxima and points as the engine's."""
        rs = ruleset("danang-448-2022")
        result = assessment("danang-448-2022").score_for(agency)
        rows = {cells[0]: cells for cells in HAND_CHECKS[agency] if _ITEM.match(cells[0])}
        engine = {r.criterion: r for r in (*result.criteria, *result.bonuses, *result.penalties)}
        assert sorted(rows) == sorted(engine)
        items = {i.id: i for i in (*rs.bonuses, *rs.penalties)}
        wrong = []
        for item_id, cells in rows.items():
            written_max, written = cells[-2], cells[-1]
            r = engine[item_id]
            top = items[item_id].max_points if item_id in items else rs.criterion(item_id).max_for(result.group)
            status = {"excluded": "excluded", "info": "info", "n/a": "not_applicable"}.get(written)
            ok = top == Decimal(written_max) and (r.status == status if status else same(r.points, written))
            if not ok:
                wrong.append((item_id, written_max, written, str(top), r.status, str(r.points)))
        assert wrong == []

    @pytest.mark.parametrize("agency", list(HAND_CHECKS))
    def test_sections(self, agency: str) -> None:
        """Every section line: points, maximum and scaled contribution."""
        rs = ruleset("danang-448-2022")
        result = assessment("danang-448-2022").score_for(agency)
        by_number = {s.number: s.id for s in rs.sections}
        rows = [cells for cells in HAND_CHECKS[agency] if _SECTION.match(cells[0])]
        assert [int(cells[0][0]) for cells in rows] == [s.number for s in rs.sections_for(result.group) if s.id != "bonus_penalty"]
        wrong = []
        for cells in rows:
            section = result.section(by_number[int(cells[0][0])])
            actual = (section.points, section.max_points, section.scaled)
            if not all(same(a, w) for a, w in zip(actual, cells[1:4], strict=True)):
                wrong.append((cells, [str(a) for a in actual]))
        assert wrong == []

    @pytest.mark.parametrize("agency", list(HAND_CHECKS))
    def test_result(self, agency: str) -> None:
        """Earned, applicable maximum, base, bonus, penalty, totals, band and rank."""
        result = assessment("danang-448-2022").score_for(agency)
        rows = {cells[0]: cells[-1] for cells in HAND_CHECKS[agency] if cells[0] in _RESULT_KEYS}
        assert tuple(rows) == _RESULT_KEYS
        numbers = {
            "Earned": result.earned,
            "Applicable maximum": result.applicable_max,
            "Base": result.base,
            "Bonus": result.bonus,
            "Penalty": result.penalty,
            "Total (unrounded)": result.unrounded,
        }
        assert {k: same(v, rows[k]) for k, v in numbers.items()} == dict.fromkeys(numbers, True)
        band = re.search(r"`([^`]+)`", rows["Band"])
        assert band is not None
        assert (format(result.total, "f"), result.band, result.rank) == (rows["Total"], band.group(1), int(rows["Rank"]))
