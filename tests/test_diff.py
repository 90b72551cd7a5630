"""Tests for ruleset diffs, mappings and impact (``indicator_index._diff``)."""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import pytest

import indicator_index as ii
from indicator_index._data import read_submissions
from indicator_index._diff import (
    FieldChange,
    RulesetMapping,
    diff_rulesets,
    impact,
    load_mapping,
    mapping_from_dict,
)
from indicator_index.errors import RulesetSyntaxError, RulesetValidationError, ScoringError


ROOT = Path(__file__).resolve().parents[1]
AMENDMENT = ROOT / "tests" / "data" / "amendment" / "example-2024-amended.toml"
MAPPING = ROOT / "tests" / "data" / "mapping" / "danang-448-2022-to-2386-2025.toml"
SHIPPED = ("example-2024", "danang-448-2022", "danang-2386-2025")


@functools.cache
def _ruleset(name: str) -> ii.Ruleset:
    return ii.load_ruleset(name)


def _amended() -> ii.Ruleset:
    return ii.load_ruleset(AMENDMENT)


class TestDiffRulesets:
    """Tests for ``diff_rulesets``: a semantic diff by id, in words."""

    @pytest.mark.parametrize("name", SHIPPED)
    def test_ruleset_against_itself_is_empty(self, name: str) -> None:
        """A ruleset compared with itself (loaded twice) has no changes and is falsy."""
        diff = diff_rulesets(ii.load_ruleset(name), ii.load_ruleset(name))
        assert (diff.metadata, diff.changes, bool(diff), diff.is_empty) == ((), (), False, True)

    def test_amendment_lists_exactly_what_it_changed(self) -> None:
        """The diff of example-2024 and its illustrative amendment is the list in the amendment's header, nothing more."""
        diff = diff_rulesets(_ruleset("example-2024"), _amended())
        assert [f.field for f in diff.metadata] == ["id", "version", "extends", "description"]
        got = [(c.collection, c.id, c.action, tuple(f.field for f in c.fields)) for c in diff.changes]
        assert got == [
            ("bands", "good", "changed", ("min",)),
            ("bands", "excellent", "added", ()),
            ("groups", "commune", "changed", ("label.vi", "label.en")),
            ("indicators", "open_data_share", "added", ()),
            ("criteria", "1.3", "removed", ()),
            (
                "criteria",
                "2.4",
                "changed",
                ("max_points", "rule.points_by_option.university", "rule.points_by_option.college", "rule.points_by_option.vocational"),
            ),
            ("criteria", "3.2", "changed", ("label.en", "rule.if_no", "provenance.citation", "provenance.method", "evidence")),
            ("criteria", "2.5", "added", ()),
            ("bonuses", "B1", "changed", ("max_points",)),
            ("penalties", "P1", "removed", ()),
        ]

    def test_changed_values(self) -> None:
        """Changed fields carry their values before and after, as plain data."""
        diff = diff_rulesets(_ruleset("example-2024"), _amended())
        assert diff.metadata[2] == FieldChange(field="extends", before=None, after="example-2024")
        assert diff.of("bands", "changed")[0].fields == (FieldChange(field="min", before="80", after="85"),)
        (criterion,) = [c for c in diff.of("criteria") if c.id == "2.4"]
        assert criterion.fields[:2] == (
            FieldChange(field="max_points", before="10", after="5"),
            FieldChange(field="rule.points_by_option.university", before="10", after="5"),
        )

    def test_changes_in_words(self) -> None:
        """Each change reads as a sentence, in Vietnamese and English; a changed rule is described as it reads."""
        diff = diff_rulesets(_ruleset("example-2024"), _amended())
        (added,) = diff.of("criteria", "added")
        assert added.text.en == "criterion 2.5 added (Open data; 5 points: points = ratio open_data_share × 5)"
        assert added.text.vi == "thêm tiêu chí 2.5 (Dữ liệu mở; 5 điểm: điểm = tỷ lệ open_data_share × 5)"
        (b1,) = diff.of("bonuses")
        assert b1.text.en == "bonus item B1 changed: rule: 1 point per initiatives, at most 3 → 1 point per initiatives, at most 2; max_points: 3 → 2"
        (removed,) = diff.of("penalties")
        assert removed.text.en == "penalty item P1 removed (Late reports; 3 points: 1 point per late_reports, at most 3)"

    def test_loader_file_is_not_a_change(self) -> None:
        """Items the amendment modified carry its file name in their provenance; that bookkeeping is not a change."""
        amended = _amended()
        assert amended.criterion("2.4").provenance.file == "example-2024-amended.toml"
        fields = [f.field for c in diff_rulesets(_ruleset("example-2024"), amended).changes for f in c.fields]
        assert "provenance.file" not in fields

    def test_448_against_2386_sections_and_groups_by_id(self) -> None:
        """448 (five groups, seven sections) against 2386 (three groups, eight sections): every change by id."""
        diff = diff_rulesets(_ruleset("danang-448-2022"), _ruleset("danang-2386-2025"))
        groups = {(c.id, c.action) for c in diff.of("groups")}
        # 448 ranks wards within their district; 2386 (after the districts were abolished) ranks them city-wide.
        assert groups == {("department", "changed"), ("unit_without_procedures", "removed"), ("district", "removed"), ("ward", "changed")}
        ward = next(c for c in diff.of("groups") if c.id == "ward")
        assert {f.field for f in ward.fields} == {"ranked_within", "compared_within", "parent_group", "provenance"}
        sections = {(c.id, c.action) for c in diff.of("sections")}
        assert sections == {
            ("infrastructure", "changed"),
            ("application", "changed"),
            ("online_services", "changed"),
            ("digital_society", "changed"),
            ("bonus_penalty", "changed"),
            ("human_resources", "removed"),
            ("policy_investment", "removed"),
            ("awareness", "added"),
            ("institutions", "added"),
            ("workforce", "added"),
        }
        (society,) = [c for c in diff.of("sections") if c.id == "digital_society"]
        assert FieldChange(field="groups", before=["district", "ward"], after=["ward"]) in society.fields
        assert diff.of("bands", "added")[0].id == "xuat_sac"

    def test_mapping_pairs_renamed_ids(self) -> None:
        """With a mapping, a section that left and the new one it maps to are one renamed section."""
        diff = diff_rulesets(_ruleset("danang-448-2022"), _ruleset("danang-2386-2025"), mapping=load_mapping(MAPPING))
        renamed = {(c.before_id, c.id) for c in diff.of("sections", "renamed")}
        assert renamed == {("human_resources", "workforce"), ("policy_investment", "institutions")}
        assert {c.id for c in diff.of("sections", "added")} == {"awareness"}
        assert {c.id for c in diff.of("sections", "removed")} == set()
        (workforce,) = [c for c in diff.of("sections") if c.id == "workforce"]
        assert workforce.fields[0] == FieldChange(field="id", before="human_resources", after="workforce")
        assert workforce.text.en.startswith("section human_resources renamed workforce: ")


class TestMapping:
    """Tests for ``RulesetMapping`` and its TOML file."""

    def test_shipped_mapping_fits_both_rulesets(self) -> None:
        """The 448 -> 2386 mapping reads, and every id in it exists in its ruleset."""
        mapping = load_mapping(MAPPING)
        mapping.check(_ruleset("danang-448-2022"), _ruleset("danang-2386-2025"))
        assert (mapping.before, mapping.after, mapping.missing) == ("danang-448-2022", "danang-2386-2025", "exclude")
        assert mapping.groups["district"] == ""
        assert mapping.renames("groups") == {
            "department": "department",
            "unit_without_procedures": "department",
            "central_agency": "central_agency",
            "ward": "ward",
        }

    def test_invalid_shape(self) -> None:
        """Every shape problem is reported at once."""
        with pytest.raises(RulesetValidationError) as info:
            mapping_from_dict({"colour": 1, "missing": "error", "groups": {"a": 1}, "indicators": {"x": [1]}, "criteria": []}, source="m.toml")
        assert [p.message for p in info.value.problems] == [
            "unknown key 'colour'; a mapping takes after, before, criteria, description, groups, indicators, missing, schema_version, sections",
            "missing must be one of zero, exclude, got 'error'",
            'expected an id or "", got int 1',
            'expected an id, a list of ids or "", got list [1]',
            "expected a table, got list",
        ]

    def test_unknown_ids(self) -> None:
        """Ids the rulesets lack, and two figures for one indicator, are reported."""
        mapping = mapping_from_dict(
            {"after": "other", "groups": {"nowhere": "department"}, "indicators": {"staff_computer_share": "x", "bandwidth_per_staff": ["x"]}}
        )
        with pytest.raises(RulesetValidationError) as info:
            mapping.check(_ruleset("example-2024"), _ruleset("example-2024"))
        assert [p.message for p in info.value.problems] == [
            "the mapping is for ruleset 'other' as 'after', got 'example-2024'",
            "unknown agency group 'nowhere' in ruleset 'example-2024'",
            "unknown indicator 'x' in ruleset 'example-2024'",
            "unknown indicator 'x' in ruleset 'example-2024'",
            "indicators 'staff_computer_share' and 'bandwidth_per_staff' both map to 'x'; a figure can come from one indicator only",
        ]

    def test_unreadable_file(self, tmp_path: Path) -> None:
        """A missing file or invalid TOML is a RulesetSyntaxError."""
        with pytest.raises(RulesetSyntaxError, match="cannot read the mapping"):
            load_mapping(tmp_path / "none.toml")
        bad = tmp_path / "bad.toml"
        bad.write_text("[groups", encoding="utf-8")
        with pytest.raises(RulesetSyntaxError, match="invalid TOML"):
            load_mapping(bad)


class TestImpact:
    """Tests for ``impact``: the same data under two rulesets."""

    def test_same_ruleset_changes_nothing(self) -> None:
        """Under the same ruleset every agency keeps its total, band and rank."""
        rs = _ruleset("example-2024")
        result = impact(rs, rs, read_submissions("example-2024", rs))
        assert {(r.total_change, r.rank_change, r.band_change) for r in result.agencies} == {(Decimal(0), 0, "same")}
        assert [(g.group, g.agencies, g.band_same) for g in result.groups] == [("department", 3, 3), ("commune", 3, 3)]

    def test_amendment_hand_checked(self) -> None:
        """Under the amendment (2.4 worth 5, no late-report penalty, open data unreported and left out), by hand."""
        rs = _ruleset("example-2024")
        subs = read_submissions("example-2024", rs)
        with pytest.raises(ScoringError, match="no value for open_data_share"):
            impact(rs, _amended(), subs)
        result = impact(rs, _amended(), subs, mapping=RulesetMapping(missing="exclude"))
        rows = {r.agency: (r.total_before, r.total_after, r.band_before, r.band_after, r.band_change, r.rank_change) for r in result.agencies}
        assert rows == {
            # 94.25 of 95 (2.5 left out) + 4 bonus, clamped to 100: Excellent from 95.
            "so-noi-vu": (Decimal("100.00"), Decimal("100.00"), "good", "excellent", "up", 0),
            # 13.5 + 7.5 + 15 + 12 + 10 + 4 (college) + 0 + 5 = 67 of 95 = 70.526…; the late report no longer deducted.
            "so-tai-chinh": (Decimal("69.00"), Decimal("70.53"), "fair", "fair", "same", 0),
            # 12 + 11.25 + 10 + 5.5 + 2 (vocational) + 1 (no network) = 41.75 of 70 = 59.642…
            "dai-phat-thanh": (Decimal("58.33"), Decimal("59.64"), "average", "average", "same", 0),
            # 92.5 of 95 = 97.368… + 1 initiative.
            "xa-hoa-phong": (Decimal("96.50"), Decimal("98.37"), "good", "excellent", "up", 0),
            # 68.2 of 95 = 71.789…; two late reports no longer deducted.
            "xa-hoa-ninh": (Decimal("70.20"), Decimal("71.79"), "fair", "fair", "same", 0),
            # 30.75 of 95 = 32.368… − 5 (security incident).
            "xa-hoa-bac": (Decimal("25.75"), Decimal("27.37"), "weak", "weak", "same", 0),
        }
        assert [(g.group, g.band_up, g.band_same, g.largest_gain) for g in result.groups] == [
            ("department", 1, 2, Decimal("1.53")),
            ("commune", 1, 2, Decimal("1.87")),
        ]

    def test_448_against_2386_through_the_mapping(self) -> None:
        """The 2021 data under 2386: districts left out, units without procedures ranked with departments, figures renamed."""
        before, after = _ruleset("danang-448-2022"), _ruleset("danang-2386-2025")
        subs = read_submissions("danang-2021", before)
        result = impact(before, after, subs, mapping=load_mapping(MAPPING))
        by_group = {g.group: g for g in result.groups}
        assert (by_group["district"].left_out, by_group["district"].groups_after) == (7, ())
        assert by_group["unit_without_procedures"].groups_after == ("department",)
        assert result.notes[0] == "group 'district' has no counterpart in ruleset 'danang-2386-2025': its agencies are left out"
        assert len(result.after.in_group("department")) == 24
        for row in result.agencies:
            if row.band_change == "left_out":
                assert (row.group_after, row.total_after) == (None, None)
                continue
            assert row.rank_change == row.rank_before - row.rank_after  # type: ignore[operator]
            assert row.total_change == row.total_after - row.total_before  # type: ignore[operator]
            old, new = before.band(row.band_before).min, after.band(row.band_after).min  # type: ignore[arg-type]
            expected = "same" if row.band_before == row.band_after else "up" if new > old else "down" if new < old else "same"
            assert row.band_change == expected
        for group in result.groups:
            assert group.band_up + group.band_down + group.band_same + group.left_out == group.agencies
        # A renamed figure is carried over: the IT plan of 2021 is the digital-transformation plan under 2386.
        office = result.after.score_for("van-phong-ubnd-thanh-pho")
        plan = next(i for i in office.criterion("2.1").inputs if i.indicator == "dt_plan")
        source = next(s for s in subs if s.agency == "van-phong-ubnd-thanh-pho")
        assert plan.value == source.values["it_plan"][0].value
