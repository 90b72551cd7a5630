#!/usr/bin/env python3
"""
Generate the synthetic sample city of Da Nang for the bundled rulesets.

Writes, next to this file:

- ``danang-2021.json``: every agency the 2021 evaluation under Decision
  448/QĐ-UBND would cover, with their real names, in the five groups of
  ``rulesets/danang-448-2022.toml``;
- ``danang-2025.json``: the same city, on the administrative map of 2021 (not
  the one in force since 1 Jul 2025), mapped onto the three groups of
  ``rulesets/danang-2386-2025.toml`` (no districts; the units without
  administrative procedures join the departments and claim the online-service
  criteria outside their function; the 56 wards and communes of 2021).

The agencies and their names are real; every value is synthetic. The values
come from a seeded pseudo-random generator (standard library only), so running
the script again writes byte-identical files. A few agencies are written by
hand (see ``CRAFTED``) so that the sample exercises what the tests and
``docs/rulesets/danang-448.md`` check: every rule kind, exclusion claims with
and without evidence, each missing-data policy, both caps, a tie, a total
exactly on a band edge, and figures from several sources.

Run from anywhere::

    python samples/generate.py
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path


SEED = 20220209
HERE = Path(__file__).resolve().parent

NOTE_2021 = (
    "SYNTHETIC DATA. The agencies and their names are real (Da Nang, evaluation year 2021); every figure, "
    "claim and evidence reference is invented by samples/generate.py (seeded, deterministic) to exercise "
    "the danang-448-2022 ruleset. These are not real results and say nothing about any real agency."
)
NOTE_2025 = (
    "SYNTHETIC DATA. ADMINISTRATIVE MAP: that of 2021, NOT the one in force since 1 Jul 2025. The agencies "
    "are those of the 2021 sample (24 departments and units, 6 central agencies, the 56 wards and communes "
    "of the 7 districts of 2021, with their 2021 names), mapped onto the three groups of the danang-2386-2025 "
    "ruleset: the districts are left out (abolished on 1 Jul 2025); units without administrative procedures "
    "join the departments and claim the online public service criteria outside their function. The 1 Jul "
    "2025 reorganisation of commune-level units and the 2025 merger of departments are not modelled, so this "
    "is not the list of agencies a 2025 round would rank. Every figure is invented by samples/generate.py. "
    "These are not real results."
)

# --- The agencies (real names) -----------------------------------------------
# The department block of the published 2020 and 2023 results counts 24: the
# 20 below plus the 4 units without administrative procedures. The high-tech
# park authority is not a specialised department but has administrative
# procedures, so it is ranked with the departments here. Central agencies
# numbered 6 in the published rounds (2020: 3 Tốt + 3 Khá; 2023: six, the city
# police among them). The sample city has the six below in both years; the
# city police (see ``DRAWN_NOT_RANKED``) is not one of them.

DEPARTMENTS = (
    "Văn phòng UBND thành phố",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Ngoại vụ",
    "Thanh tra thành phố",
    "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng",
)
UNITS_WITHOUT_PROCEDURES = (
    "Đài Phát thanh - Truyền hình Đà Nẵng",
    "Viện Nghiên cứu phát triển kinh tế - xã hội Đà Nẵng",
    "Ban Xúc tiến và Hỗ trợ đầu tư Đà Nẵng",
    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
)
CENTRAL_AGENCIES = (
    "Cục Hải quan thành phố Đà Nẵng",
    "Cục Thuế thành phố Đà Nẵng",
    "Kho bạc Nhà nước Đà Nẵng",
    "Bảo hiểm xã hội thành phố Đà Nẵng",
    "Ngân hàng Nhà nước Việt Nam - Chi nhánh Đà Nẵng",
    "Cục Thống kê thành phố Đà Nẵng",
    "Công an thành phố Đà Nẵng",
)
# Values are still drawn for these agencies, so that the seeded sequence of
# every other agency is the one it was before they were dropped, but they are
# not written: the city police was not among the six central agencies ranked in
# 2020, and the sample city keeps six central agencies (published rounds: 6).
DRAWN_NOT_RANKED = frozenset({"cong-an-thanh-pho-da-nang"})
# District -> (kind, its wards or communes); 13 + 10 + 7 + 4 + 5 + 6 + 11 = 56.
DISTRICTS = {
    "Hải Châu": (
        "quận",
        (
            "Thanh Bình",
            "Thuận Phước",
            "Thạch Thang",
            "Hải Châu I",
            "Hải Châu II",
            "Phước Ninh",
            "Hòa Thuận Tây",
            "Hòa Thuận Đông",
            "Nam Dương",
            "Bình Hiên",
            "Bình Thuận",
            "Hòa Cường Bắc",
            "Hòa Cường Nam",
        ),
    ),
    "Thanh Khê": (
        "quận",
        ("Tam Thuận", "Thanh Khê Tây", "Thanh Khê Đông", "Xuân Hà", "Tân Chính", "Chính Gián", "Vĩnh Trung", "Thạc Gián", "An Khê", "Hòa Khê"),
    ),
    "Sơn Trà": ("quận", ("Thọ Quang", "Nại Hiên Đông", "Mân Thái", "An Hải Bắc", "Phước Mỹ", "An Hải Tây", "An Hải Đông")),
    "Ngũ Hành Sơn": ("quận", ("Mỹ An", "Khuê Mỹ", "Hòa Quý", "Hòa Hải")),
    "Liên Chiểu": ("quận", ("Hòa Hiệp Bắc", "Hòa Hiệp Nam", "Hòa Khánh Bắc", "Hòa Khánh Nam", "Hòa Minh")),
    "Cẩm Lệ": ("quận", ("Khuê Trung", "Hòa Phát", "Hòa An", "Hòa Thọ Tây", "Hòa Thọ Đông", "Hòa Xuân")),
    "Hòa Vang": (
        "huyện",
        ("Hòa Bắc", "Hòa Liên", "Hòa Ninh", "Hòa Sơn", "Hòa Nhơn", "Hòa Phú", "Hòa Phong", "Hòa Châu", "Hòa Tiến", "Hòa Phước", "Hòa Khương"),
    ),
}

# The range of each group's latent "maturity" q in [0, 1] (2021).
Q_RANGE = {
    "department": (0.60, 0.92),
    "unit_without_procedures": (0.45, 0.85),
    "central_agency": (0.72, 0.92),
    "district": (0.62, 0.90),
    "ward": (0.40, 0.93),
}
# Bounds of the cohort-relative indicators drawn at random, per group. The
# hand-written agencies below hold each group's extremes, so the hand checks in
# docs/rulesets/danang-448.md know the lowest and highest values.
BANDWIDTH = {"department": (5, 40), "unit_without_procedures": (3, 30), "central_agency": (8, 35), "district": (5, 40), "ward": (4, 45)}
DAYS = {"department": (0.8, 4.0), "unit_without_procedures": (0.8, 4.5), "central_agency": (0.8, 2.5), "district": (1.0, 4.0), "ward": (1.2, 4.8)}
PAYMENT = {"department": (0.05, 0.9), "central_agency": (0.2, 0.9), "district": (0.05, 0.7), "ward": (0.02, 0.7)}
DOCS = {"department": (1500, 6000), "unit_without_procedures": (300, 1500), "central_agency": (800, 4000), "district": (3000, 9000), "ward": (400, 1800)}
DOSSIERS = {"department": (500, 20000), "central_agency": (2000, 60000), "district": (5000, 30000), "ward": (300, 4000)}


def slug(text: str) -> str:
    """An ASCII id from a Vietnamese name: 'Sở Nội vụ' -> 'so-noi-vu'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    out, dash = [], False
    for char in plain.lower():
        if char.isalnum():
            out.append(char)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def agencies() -> list[dict[str, str]]:
    """Every agency of the 2021 evaluation: id, name, 448 group and, for a ward, its district (``parent``)."""
    out = []
    for name in DEPARTMENTS:
        out.append({"id": slug(name), "name": name, "group": "department"})
    for name in UNITS_WITHOUT_PROCEDURES:
        out.append({"id": slug(name), "name": name, "group": "unit_without_procedures"})
    for name in CENTRAL_AGENCIES:
        out.append({"id": slug(name), "name": name, "group": "central_agency"})
    for district, (kind, _) in DISTRICTS.items():
        out.append({"id": slug(f"{kind} {district}"), "name": f"UBND {kind} {district}", "group": "district"})
    for district, (kind, wards) in DISTRICTS.items():
        unit = "xã" if kind == "huyện" else "phường"
        for ward in wards:
            out.append({"id": slug(f"{unit} {ward}"), "name": f"UBND {unit} {ward}", "group": "ward", "parent": slug(f"{kind} {district}")})
    return out


# --- Random values ----------------------------------------------------------


class Draw:
    """Values for one agency from a seeded generator and its latent maturity *q*.

    Only ``random()`` is used (Mersenne Twister, stable across Python versions).
    """

    def __init__(self, rng: random.Random, q: float) -> None:
        self.rng = rng
        self.q = q

    def noise(self, spread: float) -> float:
        """A triangular deviation in [-spread, spread]."""
        return (self.rng.random() + self.rng.random() - 1.0) * spread

    def level(self, shift: float = 0.0, spread: float = 0.1) -> float:
        """The maturity moved by *shift* plus noise, clamped to [0, 1]."""
        return min(1.0, max(0.0, self.q + shift + self.noise(spread)))

    def ratio(self, shift: float = 0.0, spread: float = 0.1, places: int = 2) -> float:
        return round(self.level(shift, spread), places)

    def between(self, bounds: tuple[float, float], shift: float = 0.0, places: int = 1, *, lower: bool = False) -> float:
        lo, hi = bounds
        x = self.level(shift, 0.15)
        value = hi - (hi - lo) * x if lower else lo + (hi - lo) * x
        return round(min(hi, max(lo, value)), places)

    def count(self, lo: int, hi: int, shift: float = 0.0) -> int:
        return round(lo + (hi - lo) * self.level(shift, 0.15))

    def yes(self, shift: float = 0.0) -> bool:
        return self.rng.random() < min(1.0, max(0.0, self.q + shift))

    def grade(self, options: tuple[str, ...], shift: float = 0.0) -> str:
        """One of *options* (best first) by maturity."""
        x = self.level(shift, 0.15)
        index = min(len(options) - 1, int((1.0 - x) * len(options)))
        return options[index]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def values_448(d: Draw, group: str) -> tuple[dict[str, object], set[str]]:
    """Synthetic values for one agency under danang-448-2022; also the indicators it may leave out."""
    v: dict[str, object] = {}
    local = group in ("district", "ward")
    # 1 Hạ tầng kỹ thuật CNTT
    v["staff_computer_share"] = d.ratio(0.12, 0.06)
    v["lan_internet_share"] = d.ratio(0.12, 0.06)
    v["bandwidth_per_staff"] = d.between(BANDWIDTH[group])
    v["special_network"] = d.yes(0.25)
    v["antivirus_share"] = d.ratio(0.0, 0.12)
    if group != "ward":
        v["security_level_approval"] = d.grade(("all", "some", "none"), 0.1)
        v["city_data_centre"] = d.yes(-0.25)
        v["server_room_level"] = d.grade(("standard", "basic", "none"))
    if local:
        v["video_conference_point"] = d.yes(0.2)
    v["smart_city_components"] = d.count(0, 8, -0.2)
    # 2 Ứng dụng CNTT
    total = d.count(*DOCS[group])
    v["docs_total"] = total
    v["docs_signed"] = round(total * d.level(0.05, 0.08))
    v["work_online_share"] = d.ratio(0.0, 0.1)
    v["email_use_share"] = d.ratio(0.05, 0.08)
    v["online_meetings"] = d.count(0, 20)
    v["shared_systems"] = d.count(1, 6)
    v["portal_operating"] = d.yes(0.3)
    v["portal_news_items"] = d.count(5, 180)
    v["portal_content_share"] = d.ratio(0.0, 0.12)
    if group in ("department", "unit_without_procedures", "district"):
        v["open_datasets"] = d.count(0, 8, -0.1)
    v["doc_processing_days"] = d.between(DAYS[group], lower=True)
    v["sector_database"] = d.grade(("shared", "in_use", "building", "none"), -0.1)
    if group != "unit_without_procedures":
        v["feedback_1022_ontime_share"] = d.ratio(0.05, 0.08)
    # 3 Dịch vụ công trực tuyến
    if group != "unit_without_procedures":
        v["online_procedure_share"] = d.ratio(-0.05, 0.1)
        dossiers = d.count(*DOSSIERS[group])
        v["dossiers_total"] = dossiers
        v["online_dossiers"] = round(dossiers * d.level(-0.3, 0.12))
        v["ontime_share"] = d.ratio(0.12, 0.04)
        v["online_payment_share"] = d.between(PAYMENT[group], -0.2, 2)
        v["national_portal_share"] = d.ratio(0.0, 0.15)
        v["digitised_share"] = d.ratio(-0.2, 0.12)
        v["satisfaction_share"] = d.ratio(0.05, 0.06)
    # 4 Nguồn nhân lực CNTT
    v["it_officer_degree"] = d.grade(("university", "college", "vocational", "none"), 0.1 if not local else -0.05)
    v["training_share"] = d.ratio(0.0, 0.12)
    v["cio_assigned"] = d.yes(0.2)
    if group != "ward":
        v["advanced_course_attendees"] = d.count(0, 3, -0.2)
    v["personal_signature_share"] = d.ratio(-0.1, 0.12)
    # 5 Chính sách và đầu tư
    v["it_plan"] = d.grade(("on_time", "late", "none"), 0.25)
    v["steering_meetings"] = d.count(0, 5)
    v["it_spending_share"] = round(0.028 * d.level(-0.05, 0.2), 3)
    planned = d.count(2, 12, 0.0)
    v["it_tasks_planned"] = planned
    v["it_tasks_done"] = round(planned * d.level(0.05, 0.1))
    v["security_regulation"] = d.yes(0.15)
    meetings = d.count(1, 8)
    v["dt_meetings"] = meetings
    v["meetings_chaired_by_head"] = round(meetings * d.level(0.0, 0.2))
    # 6 Xây dựng xã hội số
    if local:
        v["community_team_share"] = d.ratio(-0.1, 0.15)
        v["ewallet_household_share"] = d.ratio(-0.4, 0.12)
        v["cashless_merchants"] = d.count(10, 320, -0.1)
        v["online_account_share"] = d.ratio(-0.35, 0.12)
        v["awareness_items"] = d.count(0, 12)
        v["broadband_household_share"] = d.ratio(0.0, 0.1)
        v["public_wifi_points"] = d.count(0, 14, -0.1)
    # 7 Điểm thưởng và điểm trừ: only what happened is reported
    _adjustments(d, v)
    optional = {"smart_city_components", "satisfaction_share", "advanced_course_attendees", "awareness_items"}
    return v, optional


def _adjustments(d: Draw, v: dict[str, object]) -> None:
    if d.chance(max(0.0, d.q - 0.55)):
        v["initiatives"] = 1 + int(d.chance(0.3))
    if d.chance(max(0.0, d.q - 0.8)):
        v["national_award"] = True
    if d.chance(max(0.0, d.q - 0.75)):
        v["pilot_model"] = True
    if d.chance(max(0.0, 0.75 - d.q)):
        v["late_reports"] = 1 + int(d.chance(0.4))
    if d.chance(max(0.0, 0.45 - d.q) / 2):
        v["security_incident"] = True
    if d.chance(0.03):
        v["data_discrepancy"] = True


def values_2386(d: Draw, group: str, *, has_procedures: bool) -> dict[str, object]:
    """Synthetic values for one agency under danang-2386-2025."""
    v: dict[str, object] = {}
    ward = group == "ward"
    # 1 Nhận thức số
    v["head_leads_committee"] = d.grade(("head", "deputy", "none"), 0.2)
    v["steering_meetings"] = d.count(1, 5)
    meetings = d.count(2, 10)
    v["dt_meetings"] = meetings
    v["meetings_chaired_by_head"] = round(meetings * d.level(0.0, 0.2))
    if d.chance(0.95):
        v["awareness_items"] = d.count(0, 12)
    # 2 Thể chế số
    v["dt_plan"] = d.grade(("on_time", "late", "none"), 0.3)
    v["dt_regulation"] = d.yes(0.15)
    v["dt_spending_share"] = round(0.03 * d.level(-0.05, 0.2), 3)
    planned = d.count(2, 14)
    v["dt_tasks_planned"] = planned
    v["dt_tasks_done"] = round(planned * d.level(0.05, 0.1))
    # 3 Hạ tầng số
    v["staff_computer_share"] = d.ratio(0.15, 0.05)
    v["bandwidth_per_staff"] = d.between((10, 120) if not ward else (8, 80))
    v["special_network"] = d.yes(0.3)
    v["antivirus_share"] = d.ratio(0.05, 0.1)
    if not ward:
        v["city_data_centre"] = d.yes(-0.1)
        v["server_room_level"] = d.grade(("standard", "basic", "none"))
    v["smart_city_components"] = d.count(0, 10, -0.1)
    # 4 Ứng dụng công nghệ số
    total = d.count(*((2000, 7000) if not ward else (600, 2500)))
    v["docs_total"] = total
    v["docs_signed"] = round(total * d.level(0.1, 0.06))
    v["work_online_share"] = d.ratio(0.08, 0.08)
    v["shared_platforms"] = d.count(1, 6, 0.05)
    v["doc_processing_days"] = d.between((0.5, 3.5), lower=True)
    if not ward:
        v["open_datasets"] = d.count(0, 10)
        v["ai_assistant"] = d.yes(-0.2)
    v["feedback_1022_ontime_share"] = d.ratio(0.1, 0.06)
    # 5 Dịch vụ công trực tuyến
    if has_procedures:
        v["full_online_procedure_share"] = d.ratio(-0.1, 0.12)
        dossiers = d.count(*((1000, 40000) if not ward else (500, 6000)))
        v["dossiers_total"] = dossiers
        v["online_dossiers"] = round(dossiers * d.level(-0.15, 0.12))
        v["ontime_share"] = d.ratio(0.15, 0.03)
        v["online_payment_share"] = d.ratio(-0.2, 0.15)
        v["digitised_share"] = d.ratio(-0.05, 0.1)
        if d.chance(0.9):
            v["satisfaction_share"] = d.ratio(0.08, 0.05)
    # 6 Nhân lực số
    v["it_officer_degree"] = d.grade(("university", "college", "vocational", "none"), 0.15)
    v["training_share"] = d.ratio(0.05, 0.1)
    v["cio_assigned"] = d.yes(0.3)
    v["digital_skills_share"] = d.ratio(-0.05, 0.12)
    if not ward and d.chance(0.8):
        v["advanced_course_attendees"] = d.count(0, 3)
    # 7 Xã hội số
    if ward:
        v["community_team_share"] = d.ratio(0.0, 0.12)
        v["ewallet_household_share"] = d.ratio(-0.2, 0.12)
        v["cashless_merchants"] = d.count(30, 400)
        v["vneid_share"] = d.ratio(0.0, 0.1)
        v["broadband_household_share"] = d.ratio(0.05, 0.08)
        v["public_wifi_points"] = d.count(0, 15)
        v["digital_citizen_share"] = d.ratio(-0.2, 0.12)
    _adjustments(d, v)
    return v


# --- Hand-written agencies ---------------------------------------------------
# Three of them are checked line by line in docs/rulesets/danang-448.md; the
# others hold their group's extremes (so those checks know the cohort's lowest
# and highest values) or form the tie.

HAND_CHECKED = {
    # Department: bonus cap reached; verification and records override the
    # agency's own figures; best_of picks the server room; sum capped.
    "so-thong-tin-va-truyen-thong": {
        "staff_computer_share": 1,
        "lan_internet_share": 1,
        "bandwidth_per_staff": 50,
        "special_network": True,
        "antivirus_share": 1,
        "security_level_approval": "all",
        "city_data_centre": False,
        "server_room_level": "standard",
        "smart_city_components": 12,
        "docs_signed": 3920,
        "docs_total": 4000,
        "work_online_share": 0.85,
        "email_use_share": 1,
        "online_meetings": 24,
        "shared_systems": 6,
        "portal_operating": True,
        "portal_news_items": 250,
        "portal_content_share": 1,
        "open_datasets": 10,
        "doc_processing_days": 0.5,
        "sector_database": "shared",
        "feedback_1022_ontime_share": 0.96,
        "online_procedure_share": 0.7,
        "online_dossiers": {"agency": 9500, "verification": 9120},
        "dossiers_total": 9600,
        "ontime_share": 1,
        "online_payment_share": 1,
        "national_portal_share": 0.95,
        "digitised_share": 0.5,
        "satisfaction_share": 0.92,
        "it_officer_degree": "university",
        "training_share": {"agency": 0.9, "records": 0.6},
        "cio_assigned": True,
        "advanced_course_attendees": 3,
        "personal_signature_share": 1,
        "it_plan": "on_time",
        "steering_meetings": 4,
        "it_spending_share": 0.025,
        "it_tasks_done": 9,
        "it_tasks_planned": 10,
        "security_regulation": True,
        "meetings_chaired_by_head": 4,
        "dt_meetings": 4,
        "initiatives": 3,
        "national_award": True,
        "pilot_model": True,
    },
    # Central agency: two criteria excluded with evidence, one claim refused
    # (no evidence); verification overrides the agency's payment figure.
    "kho-bac-nha-nuoc-da-nang": {
        "staff_computer_share": 1,
        "lan_internet_share": 1,
        "bandwidth_per_staff": 20,
        "special_network": False,
        "antivirus_share": 1,
        "security_level_approval": "all",
        "docs_signed": 1170,
        "docs_total": 1200,
        "work_online_share": 0.9,
        "email_use_share": 1,
        "online_meetings": 10,
        "shared_systems": 2,
        "portal_operating": True,
        "portal_news_items": 40,
        "portal_content_share": 0.9,
        "doc_processing_days": 1.25,
        "sector_database": "shared",
        "feedback_1022_ontime_share": 1,
        "online_procedure_share": 0.6,
        "online_dossiers": 2400,
        "dossiers_total": 3000,
        "ontime_share": 1,
        "online_payment_share": {"agency": 0.6, "verification": 0.55},
        "national_portal_share": 0.5,
        "digitised_share": 0.4,
        "satisfaction_share": 0.95,
        "it_officer_degree": "university",
        "training_share": 0.7,
        "cio_assigned": True,
        "advanced_course_attendees": 1,
        "personal_signature_share": 1,
        "it_plan": "on_time",
        "steering_meetings": 2,
        "it_tasks_done": 3,
        "it_tasks_planned": 4,
        "security_regulation": True,
        "meetings_chaired_by_head": 1,
        "dt_meetings": 2,
    },
    # Ward: total exactly 80.00 (the edge of Tốt) after a 0.5 penalty.
    "phuong-nam-duong": {
        "staff_computer_share": 0.95,
        "lan_internet_share": 1,
        "bandwidth_per_staff": 30,
        "special_network": True,
        "antivirus_share": 0.8,
        "video_conference_point": True,
        "smart_city_components": 2,
        "docs_signed": 900,
        "docs_total": 1000,
        "work_online_share": 0.75,
        "email_use_share": 0.9,
        "online_meetings": 12,
        "shared_systems": 3,
        "portal_operating": True,
        "portal_news_items": 60,
        "portal_content_share": 0.5,
        "doc_processing_days": 2,
        "sector_database": "in_use",
        "feedback_1022_ontime_share": 0.85,
        "online_procedure_share": 0.8,
        "online_dossiers": 600,
        "dossiers_total": 1000,
        "ontime_share": 0.99,
        "online_payment_share": 0.4,
        "national_portal_share": 0.7,
        "digitised_share": 0.8,
        "satisfaction_share": 0.9,
        "it_officer_degree": "college",
        "training_share": 0.8,
        "cio_assigned": True,
        "personal_signature_share": 0.8,
        "it_plan": "on_time",
        "steering_meetings": 4,
        "it_spending_share": 0.021,
        "it_tasks_done": 4,
        "it_tasks_planned": 5,
        "security_regulation": True,
        "meetings_chaired_by_head": 3,
        "dt_meetings": 4,
        "community_team_share": 0.73,
        "ewallet_household_share": 0.3,
        "cashless_merchants": 120,
        "online_account_share": 0.6,
        "awareness_items": 6,
        "broadband_household_share": 0.85,
        "public_wifi_points": 6,
        "late_reports": 1,
    },
}
HAND_CHECKED_CLAIMS = {
    "kho-bac-nha-nuoc-da-nang": {
        "1.4": "",  # refused: no evidence given
        "1.7": "Công văn 215/KBĐN-TH: hệ thống đặt tại Trung tâm dữ liệu của Kho bạc Nhà nước",
        "5.3": "Công văn 216/KBĐN-TH: kinh phí CNTT do Kho bạc Nhà nước (Trung ương) bố trí",
    },
}

# Changes to random values: group extremes, the tie, missing values, caps.
OVERRIDES = {
    # Department group: nobody reports below TTTT's 0.5 days (random >= 0.8).
    "so-noi-vu": {"advanced_course_attendees": None},  # missing -> 0 by the 'zero' policy
    "thanh-tra-thanh-pho": {"satisfaction_share": None},  # missing -> left out by the 'exclude' policy
    # Central agencies: Customs holds the highest bandwidth, shortest processing
    # time and highest online payment; Statistics the longest time and lowest payment.
    "cuc-hai-quan-thanh-pho-da-nang": {"bandwidth_per_staff": 40, "doc_processing_days": 0.5, "online_payment_share": 0.95},
    "cuc-thong-ke-thanh-pho-da-nang": {"bandwidth_per_staff": 10, "doc_processing_days": 3, "online_payment_share": 0.15},
    # Wards: Hải Châu I holds the highest bandwidth, the shortest processing time
    # and the highest online payment; Hòa Bắc the longest time and the lowest
    # payment, and reaches the penalty cap.
    "phuong-hai-chau-i": {"bandwidth_per_staff": 50, "doc_processing_days": 1, "online_payment_share": 0.8},
    "xa-hoa-bac": {"doc_processing_days": 5, "online_payment_share": 0, "late_reports": 3, "security_incident": True, "data_discrepancy": True},
    # 448 compares a ward with the wards of its own district: in quận Hải Châu
    # (Nam Dương's district, hand check 3) Bình Hiên holds the longest time and
    # the lowest payment, as Hòa Bắc does city-wide.
    "phuong-binh-hien": {"doc_processing_days": 5, "online_payment_share": 0},
    "phuong-hoa-quy": {"awareness_items": None},  # missing -> 0 by the 'zero' policy
    "phuong-an-khe": {"it_tasks_planned": 0, "it_tasks_done": 0},  # ratio not applicable
    "xa-hoa-khuong": {"satisfaction_share": None},  # missing -> left out
    # A verification that differs from the agency's own figure.
    "cuc-thue-thanh-pho-da-nang": {"online_dossiers": "verify"},
}
# Central agencies with claims backed by evidence (besides the Treasury).
CLAIMS = {
    "cuc-hai-quan-thanh-pho-da-nang": {
        "1.7": "Công văn 88/HQĐNg-CNTT: hệ thống đặt tại Trung tâm dữ liệu Tổng cục Hải quan",
    },
    "cuc-thue-thanh-pho-da-nang": {
        "5.3": "Công văn 1021/CTĐNA-TCCB: kinh phí CNTT do Tổng cục Thuế bố trí",
    },
}
# The tie: the same figures except that one has every staff member on a
# computer and no MAN connection, the other half its staff on a computer and
# the MAN connection: 4 + 0 = 2 + 2 points in section 1, so the totals tie.
TIE = ("bao-hiem-xa-hoi-thanh-pho-da-nang", "ngan-hang-nha-nuoc-viet-nam-chi-nhanh-da-nang")
TIE_BASE = {
    "lan_internet_share": 1,
    "bandwidth_per_staff": 25,
    "antivirus_share": 0.9,
    "security_level_approval": "some",
    "city_data_centre": False,
    "server_room_level": "standard",
    "docs_signed": 1800,
    "docs_total": 2000,
    "work_online_share": 0.8,
    "email_use_share": 0.95,
    "online_meetings": 8,
    "shared_systems": 3,
    "portal_operating": True,
    "portal_news_items": 80,
    "portal_content_share": 0.8,
    "doc_processing_days": 1.5,
    "sector_database": "in_use",
    "feedback_1022_ontime_share": 0.9,
    "online_procedure_share": 0.8,
    "online_dossiers": 12000,
    "dossiers_total": 20000,
    "ontime_share": 0.97,
    "online_payment_share": 0.5,
    "national_portal_share": 0.8,
    "digitised_share": 0.6,
    "satisfaction_share": 0.9,
    "it_officer_degree": "university",
    "training_share": 0.75,
    "cio_assigned": True,
    "advanced_course_attendees": 1,
    "personal_signature_share": 0.9,
    "it_plan": "on_time",
    "steering_meetings": 3,
    "it_spending_share": 0.012,
    "it_tasks_done": 5,
    "it_tasks_planned": 6,
    "security_regulation": True,
    "meetings_chaired_by_head": 2,
    "dt_meetings": 3,
}
TIE_DIFF = (
    {"staff_computer_share": 1, "special_network": False},
    {"staff_computer_share": 0.5, "special_network": True},
)


def _apply(values: dict[str, object], changes: dict[str, object], rng: random.Random) -> None:
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        elif value == "verify":
            own = values[key]
            if isinstance(own, dict):  # already checked
                continue
            values[key] = {"agency": own, "verification": round(own * (0.9 + 0.05 * rng.random()))}
        else:
            values[key] = value


def build() -> tuple[dict[str, object], dict[str, object]]:
    """The two data documents."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible synthetic data, not security
    city = agencies()
    maturity: dict[str, float] = {}
    docs_2021 = []
    for agency in city:
        lo, hi = Q_RANGE[agency["group"]]
        q = lo + (hi - lo) * rng.random()
        maturity[agency["id"]] = q
        values, optional = values_448(Draw(rng, q), agency["group"])
        # Some agencies leave optional figures out (handled by the missing-data policies).
        for key in sorted(optional):
            if key in values and rng.random() < 0.08:
                del values[key]
        # Some agencies' figures were checked: verification or another department's records differ.
        if "online_dossiers" in values and rng.random() < 0.15:
            _apply(values, {"online_dossiers": "verify"}, rng)
        if rng.random() < 0.15:
            own = values["training_share"]
            values["training_share"] = {"agency": own, "records": round(max(0.0, own - 0.1 * rng.random()), 2)}
        _apply(values, OVERRIDES.get(agency["id"], {}), rng)
        if agency["id"] in TIE:
            values = {**TIE_BASE, **TIE_DIFF[TIE.index(agency["id"])]}
        if agency["id"] in HAND_CHECKED:
            values = dict(HAND_CHECKED[agency["id"]])
        entry: dict[str, object] = {"id": agency["id"], "name": agency["name"], "group": agency["group"]}
        if "parent" in agency:  # a ward names its district: 448 ranks wards within their district
            entry["parent"] = agency["parent"]
        entry["values"] = values
        claims = {**CLAIMS.get(agency["id"], {}), **HAND_CHECKED_CLAIMS.get(agency["id"], {})}
        if claims:
            entry["claims"] = dict(sorted(claims.items()))
        if agency["id"] not in DRAWN_NOT_RANKED:
            docs_2021.append(entry)

    rng = random.Random(SEED + 2025)  # noqa: S311 - reproducible synthetic data, not security
    docs_2025 = []
    for agency in city:
        if agency["group"] == "district":
            continue
        group = {"unit_without_procedures": "department"}.get(agency["group"], agency["group"])
        has_procedures = agency["group"] != "unit_without_procedures"
        q = min(0.98, maturity[agency["id"]] + 0.08)
        values = values_2386(Draw(rng, q), group, has_procedures=has_procedures)
        entry = {"id": agency["id"], "name": agency["name"], "group": group, "values": values}
        if not has_procedures:
            evidence = f"Đơn vị không có bộ thủ tục hành chính ({agency['name']})"
            entry["claims"] = {c: evidence for c in ("5.1", "5.2", "5.3", "5.4", "5.5", "5.6")}
        if agency["id"] not in DRAWN_NOT_RANKED:
            docs_2025.append(entry)
    return {"note": NOTE_2021, "agencies": docs_2021}, {"note": NOTE_2025, "agencies": docs_2025}


def dump(document: dict[str, object]) -> str:
    """JSON with one line per agency value table, stable and diff-friendly."""
    lines = ["{", f'  "note": {json.dumps(document["note"], ensure_ascii=False)},', '  "agencies": [']
    entries = document["agencies"]
    assert isinstance(entries, list)
    for i, entry in enumerate(entries):
        text = json.dumps(entry, ensure_ascii=False, separators=(", ", ": "))
        lines.append(f"    {text}{',' if i < len(entries) - 1 else ''}")
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write both sample files next to this script."""
    doc_2021, doc_2025 = build()
    for name, document in (("danang-2021.json", doc_2021), ("danang-2025.json", doc_2025)):
        (HERE / name).write_text(dump(document), encoding="utf-8")
        print(f"wrote {HERE / name} ({len(document['agencies'])} agencies)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
