"""
Why-not and the gap plan name indicators by label and agencies by name, and show ratios as percentages.

The expected lines are written by hand from the bundled data: UBND quận Liên Chiểu reports
``staff_computer_share`` 0.87 (criterion 1.1, proportional, 3 points: 2.61) and
``online_payment_share`` 0.43 (criterion 3.4, min-max in the district group, 3 points: the group's
lowest is 0.34, Cẩm Lệ, its highest 0.54, Ngũ Hành Sơn, so (0.43 − 0.34) / 0.20 × 3 = 1.35).
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from typing import Any

import pytest

import indicator_index as ii
from indicator_index._cli import main
from indicator_index._cli_analysis import render_gap, render_why_not
from indicator_index._data import read_submissions
from indicator_index._display import indicator_name, indicator_value
from indicator_index._explain import Gap, Shortfall, plan_gap, why_not


AGENCY = "quan-lien-chieu"


@functools.cache
def _danang() -> tuple[ii.Ruleset, ii.Assessment, tuple[Shortfall, ...], Gap]:
    rs = ii.load_ruleset("danang-448-2022")
    subs = read_submissions("danang-2021", rs)
    assessment = ii.score(rs, subs)
    return rs, assessment, why_not(assessment, AGENCY), plan_gap(rs, subs, AGENCY)


def _why_not(lang: str, fmt: str = "table") -> str:
    _, assessment, shortfalls, _ = _danang()
    return render_why_not(assessment, AGENCY, shortfalls, fmt, lang)


def _gap(lang: str, fmt: str = "table") -> str:
    rs, _, _, gap = _danang()
    return render_gap(rs, gap, fmt, lang)


def _percent(ratio: Decimal, lang: str) -> str:
    """A ratio as the test expects it: the percentage, two decimals at most, trailing zeros dropped."""
    text = format((ratio * 100).quantize(Decimal("0.01")).normalize(), "f")
    return (text.replace(".", ",") if lang == "vi" else text) + " %"


class TestWhyNotLines:
    """The why-not lines of criteria 1.1 (a ratio) and 3.4 (a ratio relative to the group), by hand."""

    def test_vietnamese(self) -> None:
        """Vietnamese: labels in «», 87 %, the best agency by name, decimal commas."""
        out = _why_not("vi")
        assert (
            "  1.1    Tỷ lệ CBCCVC được trang bị máy tính: mất 0,39 trên 3 điểm: «Tỷ lệ CBCCVC được trang bị máy tính» = 87 % → 2,61 điểm\n"
            "         đạt tối đa với (3): «Tỷ lệ CBCCVC được trang bị máy tính» 87 % → 100 %\n"
            "  1.2    "
        ) in out
        assert (
            "  3.4    Thanh toán trực tuyến (chuẩn hóa trong nhóm): mất 1,65 trên 3 điểm: "
            "«Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến» = 43 % → 1,35 điểm\n"
            "         đạt tối đa với (3): «Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến» 43 % → 54 %\n"
            "         tốt nhất trong nhóm: «Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến» = 54 % (UBND quận Ngũ Hành Sơn)\n"
            "  3.5    "
        ) in out

    def test_english(self) -> None:
        """English: the English labels, decimal dots."""
        out = _why_not("en")
        assert (
            "  1.1    Staff with a computer: missed 0.39 of 3 points: «Share of staff with a computer» = 87 % → 2.61 points\n"
            "         full marks with (3): «Share of staff with a computer» 87 % → 100 %\n"
            "  1.2    "
        ) in out
        assert (
            "  3.4    Online payment (normalised in the group): missed 1.65 of 3 points: «Share of fee-paying dossiers paid online» = 43 % → 1.35 points\n"
            "         full marks with (3): «Share of fee-paying dossiers paid online» 43 % → 54 %\n"
            "         best in the group: «Share of fee-paying dossiers paid online» = 54 % (UBND quận Ngũ Hành Sơn)\n"
            "  3.5    "
        ) in out

    def test_no_indicator_or_agency_id_left(self) -> None:
        """No line of the text or Markdown why-not names an indicator or another agency by its id."""
        rs, assessment, _, _ = _danang()
        # Ids a label cannot hold by chance: an indicator's has "_", an agency's "-" ("initiatives" is also an English word).
        ids = {i.id for i in rs.indicators if "_" in i.id} | {s.agency for s in assessment.scores if s.agency != AGENCY}
        assert "staff_computer_share" in ids and "quan-ngu-hanh-son" in ids
        for lang in ("vi", "en"):
            for fmt in ("table", "markdown"):
                out = _why_not(lang, fmt)
                words = set(out.replace("|", " ").replace(",", " ").replace("(", " ").replace(")", " ").replace(":", " ").split())
                assert words & ids == set(), (lang, fmt)

    def test_count_and_number_values_unchanged(self) -> None:
        """A count (3.2) and a number (1.3) keep their values as written: no percentage, the label in «»."""
        out = _why_not("vi")
        assert "         đạt tối đa với (6): «Số hồ sơ nộp trực tuyến mức độ 3, 4» 11220 → 24217\n" in out
        assert "«Số hồ sơ nộp trực tuyến mức độ 3, 4» = 11220, «Tổng số hồ sơ của các thủ tục mức độ 3, 4» = 24217 → 2,78 điểm\n" in out
        assert "         đạt tối đa với (2): «Băng thông Internet bình quân trên mỗi CBCCVC» 32,2 → 37\n" in out
        assert "         tốt nhất trong nhóm: «Băng thông Internet bình quân trên mỗi CBCCVC» = 37 (UBND quận Thanh Khê)\n" in out

    def test_choice_yes_no_and_missing(self) -> None:
        """A choice by its options' labels, yes/no in words, a missing value named by its indicator's label."""
        out = _why_not("vi")
        assert (
            "         đạt tối đa với (2): «Cơ sở dữ liệu chuyên ngành» «Đang vận hành» → «Đang vận hành, kết nối nền tảng chia sẻ dữ liệu thành phố»\n"
        ) in out
        assert "         đạt tối đa với (1): «Hệ thống thông tin đặt tại Trung tâm dữ liệu thành phố» không → có\n" in out
        assert "không có số liệu «Số sáng kiến, giải pháp CNTT được công nhận»: 0 điểm\n" in out
        assert "         bậc tiếp theo với (1): «Số sáng kiến, giải pháp CNTT được công nhận» — → 1\n" in out
        en = _why_not("en")
        assert "         full marks with (2): «Ministerial or national award for IT or digital transformation» — → yes\n" in en

    def test_markdown_row(self) -> None:
        """The Markdown row of 3.4: the same words in its cells."""
        out = _why_not("vi", "markdown")
        assert (
            "| 3.4 | Thanh toán trực tuyến (chuẩn hóa trong nhóm) | 1,35 | 3 | 1,65 | "
            "mất 1,65 trên 3 điểm: «Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến» = 43 % → 1,35 điểm | "
            "«Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến» 43 % → 54 % (3) |  | "
            "«Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến» = 54 % (UBND quận Ngũ Hành Sơn) |\n"
        ) in out

    def test_penalty_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The penalty of Xã Hòa Bắc (a security incident) and what avoids it, in Vietnamese."""
        assert main(["explain-gap", "example-2024", "example-2024", "xa-hoa-bac", "--part", "why-not"]) == 0
        out = capsys.readouterr().out
        assert "bị trừ 5 điểm (tối đa 5): «Để xảy ra sự cố mất an toàn thông tin» = có\n" in out
        assert "         không bị trừ với (0): «Để xảy ra sự cố mất an toàn thông tin» có → không\n" in out


class TestGapPlan:
    """The gap plan's steps: indicators by label, ratios as percentages."""

    def test_plan_lines(self) -> None:
        """Each plan step reads «label»: current → proposed; the count step is exact (3.2 full at 24217 of 24217)."""
        _, _, _, gap = _danang()
        assert [c.indicator for c in gap.changes] == ["staff_computer_share", "online_dossiers"]
        ratio = gap.changes[0]
        assert isinstance(ratio.current, Decimal)
        assert isinstance(ratio.value, Decimal)
        for lang, plan, label in (
            ("vi", "  Kế hoạch:\n", "«Tỷ lệ CBCCVC được trang bị máy tính»"),
            ("en", "  Plan:\n", "«Share of staff with a computer»"),
        ):
            out = _gap(lang)
            assert f"{plan}    {label}: 87 % → {_percent(ratio.value, lang)}\n" in out
        assert "    «Số hồ sơ nộp trực tuyến mức độ 3, 4»: 11220 → 24217\n" in _gap("vi")
        assert "    «Dossiers filed online (level 3 and 4 procedures)»: 11220 → 24217\n" in _gap("en")

    def test_markdown_plan(self) -> None:
        """The Markdown plan table: the indicator's label, its values as people read them."""
        _, _, _, gap = _danang()
        out = _gap("vi", "markdown")
        value = gap.changes[0].value
        assert isinstance(value, Decimal)
        assert f"| «Tỷ lệ CBCCVC được trang bị máy tính» | 87 % | {_percent(value, 'vi')} |\n" in out
        assert "| «Số hồ sơ nộp trực tuyến mức độ 3, 4» | 11220 | 24217 |\n" in out

    def test_cannot_reach(self) -> None:
        """Out of reach: the most a tier rule can earn, and the best plan short of the band, still by label and in percent."""
        rs = ii.parse_ruleset(_SMALL, source="small.toml")
        subs = [ii.Submission(agency="a", name="Agency A", group="g", values={"x": 0, "y": Decimal("0.2")})]
        assessment = ii.score(rs, subs)
        why = render_why_not(assessment, "a", why_not(assessment, "a"), "table", "vi")
        assert "  c1     Bậc: mất 50 trên 50 điểm: «Số X» = 0 → 0 điểm\n         cao nhất có thể với (10): «Số X» 0 → 3\n" in why
        assert "  c2     Tỷ lệ: mất 40 trên 50 điểm: «Tỷ lệ Y» = 20 % → 10 điểm\n         đạt tối đa với (50): «Tỷ lệ Y» 20 % → 100 %\n" in why
        gap = plan_gap(rs, subs, "a", band="good")
        assert gap.status == "unreachable"
        out = render_gap(rs, gap, "table", "en")
        assert "  Plan:\n    «X count»: 0 → 3\n    «Y share»: 20 % → 100 %\n" in out


_SMALL = """
schema_version = 1
id = "small"
version = "1"
title = { en = "Small" }
scale = 100
legal_basis = { number = "-", issuer = "tests" }
effective = { start = 2024-01-01 }
bands = [
  { id = "good", label = { en = "Good" }, min = 80 },
  { id = "weak", label = { en = "Weak" }, min = 0 },
]
groups = [{ id = "g", label = { en = "G" } }]
sections = [{ id = "s", label = { en = "S" } }]
indicators = [
  { id = "x", label = { vi = "Số X", en = "X count" }, type = "count" },
  { id = "y", label = { vi = "Tỷ lệ Y", en = "Y share" }, type = "ratio" },
]

[[criteria]]
id = "c1"
section = "s"
label = { vi = "Bậc", en = "Tiers" }
max_points = 50
rule = { kind = "tiers", indicator = "x", tiers = [{ at_least = 3, points = 10 }] }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "c2"
section = "s"
label = { vi = "Tỷ lệ", en = "Share" }
max_points = 50
rule = { kind = "proportional", indicator = "y" }
provenance = { status = "decision", citation = "tests" }
"""
"""Two criteria: a tier rule whose best tier earns a fifth of its maximum (full marks out of reach), and a proportional ratio."""


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The agency's ``explain-gap --format json`` document, as the command writes it."""
    path = tmp_path_factory.mktemp("json") / "gap.json"
    assert main(["explain-gap", "danang-448-2022", "danang-2021", AGENCY, "--format", "json", "--output", str(path)]) == 0
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return found


class TestJson:
    """JSON keeps ids and exact values; only its human ``why`` texts follow the new wording."""

    def test_ids_and_exact_values(self, doc: dict[str, Any]) -> None:
        """Changes and the best in the group by id, values exact, agencies by id."""
        by_item = {s["item"]: s for s in doc["shortfalls"]}
        assert by_item["1.1"]["full"]["changes"] == [{"indicator": "staff_computer_share", "current": "0.87", "value": "1"}]
        assert by_item["3.4"]["best_in_group"] == [
            {"indicator": "online_payment_share", "value": "0.54", "direction": "higher", "agencies": ["quan-ngu-hanh-son"]}
        ]
        assert by_item["3.4"]["inputs"][0]["indicator"] == "online_payment_share"
        assert [c["indicator"] for c in doc["gap"]["changes"]] == ["staff_computer_share", "online_dossiers"]
        assert doc["gap"]["changes"][1] == {"indicator": "online_dossiers", "current": "11220", "value": "24217"}

    def test_only_why_is_worded(self, doc: dict[str, Any]) -> None:
        """Labels in «» and percentages appear only in the ``why`` texts, which read as the table does."""

        def walk(value: object, key: str = "") -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    if k != "why":
                        walk(v, k)
            elif isinstance(value, list):
                for v in value:
                    walk(v, key)
            elif isinstance(value, str):
                assert "«" not in value and "%" not in value, (key, value)

        walk(doc)
        first = next(s for s in doc["shortfalls"] if s["item"] == "1.1")
        assert first["why"] == {
            "vi": "mất 0,39 trên 3 điểm: «Tỷ lệ CBCCVC được trang bị máy tính» = 87 % → 2,61 điểm",
            "en": "missed 0.39 of 3 points: «Share of staff with a computer» = 87 % → 2.61 points",
        }


class TestDisplayHelpers:
    """The one helper that shows an indicator's value, shared with the trace."""

    def test_ratio_percentages(self) -> None:
        """A ratio at two decimals of a percent, decimal comma in Vietnamese, trailing zeros dropped."""
        rs = ii.load_ruleset("danang-448-2022")
        share = rs.indicator("staff_computer_share")
        assert indicator_value(share, Decimal("0.8725"), "vi") == "87,25 %"
        assert indicator_value(share, Decimal("0.8725"), "en") == "87.25 %"
        assert indicator_value(share, Decimal("0.018"), "vi") == "1,8 %"
        assert indicator_value(share, Decimal(1), "en") == "100 %"
        assert indicator_value(share, None, "vi") == "—"

    def test_other_types(self) -> None:
        """A count as written, a choice by its option's label, yes/no in words; a name by label, else the id."""
        rs = ii.load_ruleset("danang-448-2022")
        assert indicator_value(rs.indicator("online_dossiers"), Decimal(11220), "vi") == "11220"
        assert indicator_value(rs.indicator("sector_database"), "in_use", "en") == "«In use»"
        assert indicator_value(rs.indicator("national_award"), False, "vi") == "không"
        assert indicator_name(rs.indicator("online_dossiers"), "online_dossiers", "en") == "«Dossiers filed online (level 3 and 4 procedures)»"
        assert indicator_name(None, "online_dossiers", "en") == "online_dossiers"

    def test_trace_still_shows_percentages(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The trace, which now shows its inputs through the same helper, reads as before."""
        assert main(["explain", "danang-448-2022", "danang-2021", AGENCY]) == 0
        out = capsys.readouterr().out
        assert "Số liệu: «Tỷ lệ CBCCVC được trang bị máy tính» (staff_computer_share) = 87 % (đơn vị tự báo cáo)\n" in out
        assert "«Phòng máy chủ của cơ quan» (server_room_level) = «Đạt tiêu chuẩn kỹ thuật» (đơn vị tự báo cáo)\n" in out
