"""Tests for why-not and the gap to the next band (``indicator_index._explain``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import indicator_index as ii
from indicator_index._data import read_submissions
from indicator_index._explain import Shortfall, Suggestion, ValueChange, apply_changes, plan_gap, why_not
from indicator_index._scoring import check_value
from indicator_index._text import nfc


ROOT = Path(__file__).resolve().parents[1]
CITIES = [
    pytest.param("example-2024", "example-2024", id="example-2024"),
    pytest.param("danang-448-2022", "danang-2021", id="danang-448-2022", marks=pytest.mark.slow),
    pytest.param("danang-2386-2025", "danang-2025", id="danang-2386-2025", marks=pytest.mark.slow),
]
"""Each shipped ruleset with its sample city (the Da Nang cities take seconds: marked slow, still run in CI)."""


@functools.cache
def _city(ruleset: str, sample: str) -> tuple[ii.Ruleset, tuple[ii.Submission, ...], ii.Assessment]:
    rs = ii.load_ruleset(ruleset)
    subs = read_submissions(sample, rs)
    return rs, subs, ii.score(rs, subs)


def _example() -> tuple[ii.Ruleset, tuple[ii.Submission, ...], ii.Assessment]:
    return _city("example-2024", "example-2024")


def _shortfall(assessment: ii.Assessment, agency: str, item: str) -> Shortfall:
    return next(s for s in why_not(assessment, agency) if s.item == item)


def _changes(suggestion: Suggestion | None) -> dict[str, object]:
    assert suggestion is not None
    return {c.indicator: c.value for c in suggestion.changes}


def _cohort(subs: Iterable[ii.Submission], agency: str) -> tuple[ii.Submission, ...]:
    """The submissions of the agency's group: the cohort it is scored and ranked with."""
    subs = tuple(subs)
    group = next(nfc(s.group) for s in subs if nfc(s.agency) == agency)
    return tuple(s for s in subs if nfc(s.group) == group)


def _small_ruleset() -> ii.Ruleset:
    """Two criteria: a tier rule whose best tier earns half its maximum, and a proportional one."""
    return ii.parse_ruleset(
        """
schema_version = 1
id = "small"
version = "1"
title = { en = "Small" }
scale = 100
legal_basis = { number = "-", issuer = "tests" }
effective = { start = 2024-01-01 }
bands = [
  { id = "good", label = { en = "Good" }, min = 80 },
  { id = "fair", label = { en = "Fair" }, min = 45 },
  { id = "weak", label = { en = "Weak" }, min = 0 },
]
groups = [{ id = "g", label = { en = "G" } }]
sections = [{ id = "s", label = { en = "S" } }]
indicators = [
  { id = "x", label = { en = "X" }, type = "count" },
  { id = "y", label = { en = "Y" }, type = "ratio" },
]

[[criteria]]
id = "c1"
section = "s"
label = { en = "Tiers" }
max_points = 50
excludable = true
rule = { kind = "tiers", indicator = "x", tiers = [{ at_least = 3, points = 10 }] }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "c2"
section = "s"
label = { en = "Share" }
max_points = 50
excludable = true
rule = { kind = "proportional", indicator = "y" }
provenance = { status = "decision", citation = "tests" }
""",
        source="small.toml",
    )


class TestWhyNot:
    """Tests for ``why_not``: the points missed, why, and the values that earn more."""

    def test_one_shortfall_per_item(self) -> None:
        """Every criterion, bonus and penalty of the agency's group gets one entry, in order."""
        _, _, a = _example()
        got = [s.item for s in why_not(a, "so-tai-chinh")]
        assert got == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "B1", "B2", "P1", "P2"]

    def test_tier_missed_points_input_and_full_marks(self) -> None:
        """3 meetings earn 15 of 20; the input is shown, and 4 meetings earn full marks."""
        _, _, a = _example()
        s = _shortfall(a, "so-tai-chinh", "2.1")
        assert (s.points, s.max_points, s.missed) == (Decimal(15), Decimal(20), Decimal(5))
        assert [(i.indicator, i.value) for i in s.inputs] == [("steering_meetings", Decimal(3))]
        assert s.why.en == "missed 5 of 20 points: «Steering committee meetings» = 3 → 15 points"
        assert s.full == Suggestion(changes=(ValueChange(indicator="steering_meetings", current=Decimal(3), value=Decimal(4)),), points=Decimal(20), full=True)
        assert s.next is None

    def test_next_tier(self) -> None:
        """2 meetings earn 10: the next tier is 3 meetings (15), full marks 4 (20)."""
        _, _, a = _example()
        s = _shortfall(a, "dai-phat-thanh", "2.1")
        assert _changes(s.next) == {"steering_meetings": Decimal(3)}
        assert s.next is not None
        assert s.next.points == Decimal(15)
        assert _changes(s.full) == {"steering_meetings": Decimal(4)}

    def test_relative_rule_names_the_best_in_group(self) -> None:
        """For bandwidth relative to the best, the best is Sở Nội vụ's 20, which earns full marks."""
        _, _, a = _example()
        s = _shortfall(a, "so-tai-chinh", "1.2")
        assert [(b.indicator, b.value, b.agencies) for b in s.best_in_group] == [("bandwidth_per_staff", Decimal(20), ("so-noi-vu",))]
        assert _changes(s.full) == {"bandwidth_per_staff": Decimal(20)}

    def test_min_max_for_the_lowest_agency(self) -> None:
        """Sở Tài chính has the lowest online share (0.5): matching the best (0.9) makes all equal, full marks."""
        _, _, a = _example()
        s = _shortfall(a, "so-tai-chinh", "3.1")
        assert s.points == Decimal(0)
        assert _changes(s.full) == {"online_dossier_share": Decimal("0.9")}
        assert s.full is not None
        assert s.full.points == Decimal(10)

    def test_sum_needs_two_values(self) -> None:
        """2.3 of Xã Hòa Bắc: 0.5 × 9 + 0 apps = 4.5; all units (9) and one application (1) reach the cap of 10."""
        _, _, a = _example()
        s = _shortfall(a, "xa-hoa-bac", "2.3")
        assert _changes(s.full) == {"units_connected_share": Decimal(1), "wan_applications": Decimal(1)}
        assert _changes(s.next) == {"wan_applications": Decimal(1)}
        assert s.next is not None
        assert s.next.points == Decimal("5.5")

    def test_exclusion_is_explained(self) -> None:
        """An excluded criterion misses nothing and says why, with the evidence."""
        _, _, a = _example()
        s = _shortfall(a, "dai-phat-thanh", "3.1")
        assert (s.status, s.missed, s.full) == ("excluded", Decimal(0), None)
        assert s.why.en == "not counted: outside the agency's function (evidence: Công văn 45/ĐPT: đơn vị không có thủ tục hành chính)"

    def test_not_applicable_is_explained(self) -> None:
        """A ratio with a zero denominator declared not applicable says so."""
        _, _, a = _example()
        s = _shortfall(a, "dai-phat-thanh", "2.2")
        assert (s.status, s.why.en, s.why.vi) == ("not_applicable", "not applicable: «Outgoing documents» is 0", "không áp dụng: «Tổng số văn bản đi» bằng 0")

    def test_refused_claim_is_explained(self) -> None:
        """A claim without evidence is refused: the criterion is scored and the reason says so."""
        rs, subs, _ = _example()
        claimed = [attrs.evolve(s, claims={"3.1": ""}) if s.agency == "so-tai-chinh" else s for s in subs]
        a = ii.score(rs, claimed)
        s = _shortfall(a, "so-tai-chinh", "3.1")
        assert s.status == "scored"
        assert s.why.en.startswith("claim that it is outside the agency's function refused (no evidence); missed 10 of 10 points")

    def test_missing_value_scored_zero(self) -> None:
        """A bonus with no value is scored 0 by policy; 3 initiatives would earn its 3 points, 1 the next point."""
        _, _, a = _example()
        s = _shortfall(a, "so-tai-chinh", "B1")
        assert (s.status, s.missed, s.why.en) == ("missing_zero", Decimal(3), "no value for «Recognised initiatives»: scored 0")
        assert s.full == Suggestion(changes=(ValueChange(indicator="initiatives", current=None, value=Decimal(3)),), points=Decimal(3), full=True)
        assert _changes(s.next) == {"initiatives": Decimal(1)}

    def test_penalty_shows_what_avoids_it(self) -> None:
        """A security incident deducts 5; without it nothing is deducted."""
        _, _, a = _example()
        s = _shortfall(a, "xa-hoa-bac", "P2")
        assert (s.kind, s.points, s.missed) == ("penalty", Decimal(5), Decimal(5))
        assert s.full == Suggestion(changes=(ValueChange(indicator="security_incident", current=True, value=False),), points=Decimal(0), full=True)

    def test_full_marks_already(self) -> None:
        """A criterion at full marks misses nothing and suggests nothing."""
        _, _, a = _example()
        s = _shortfall(a, "so-noi-vu", "2.1")
        assert (s.missed, s.full, s.next, s.why.en) == (Decimal(0), None, None, "full marks")

    def test_unknown_agency(self) -> None:
        """An unknown agency id is a KeyError."""
        _, _, a = _example()
        with pytest.raises(KeyError, match="no agency 'nobody'"):
            why_not(a, "nobody")

    def test_best_achievable_when_full_marks_are_out_of_reach(self) -> None:
        """A tier rule whose best tier earns 10 of 50 offers that tier, flagged as not full marks."""
        rs = _small_ruleset()
        a = ii.score(rs, [ii.Submission(agency="a", group="g", values={"x": 0, "y": Decimal("0.2")})])
        s = _shortfall(a, "a", "c1")
        assert s.full == Suggestion(changes=(ValueChange(indicator="x", current=Decimal(0), value=Decimal(3)),), points=Decimal(10), full=False)

    def test_value_left_out_by_policy(self) -> None:
        """A criterion left out of the total for want of a value says so, and offers the value that earns its maximum."""
        text = ii.ruleset_to_dict(_small_ruleset())
        text["criteria"][1]["missing"] = "exclude"
        rs = ii.ruleset_from_dict(text)
        a = ii.score(rs, [ii.Submission(agency="a", group="g", values={"x": 3})])
        s = _shortfall(a, "a", "c2")
        assert (s.status, s.points, s.missed, s.why.en) == ("missing_excluded", None, Decimal(0), "no value for «Y»: left out of the total")
        assert s.full == Suggestion(changes=(ValueChange(indicator="y", current=None, value=Decimal(1)),), points=Decimal(50), full=True)

    @pytest.mark.parametrize(("ruleset", "sample"), CITIES)
    def test_promised_points_are_earned(self, ruleset: str, sample: str) -> None:
        """Every suggestion, applied alone to the agency and its cohort re-scored, earns exactly the points promised."""
        rs, subs, a = _city(ruleset, sample)
        checked = 0
        for score in a.scores:
            cohort = _cohort(subs, score.agency)
            batches: list[tuple[set[str], dict[str, object], dict[str, Decimal]]] = []
            for s in why_not(a, score.agency):
                item_indicators = set(next(i for i in (*rs.criteria, *rs.bonuses, *rs.penalties) if i.id == s.item).rule.indicator_ids())
                for suggestion in (s.full, s.next):
                    if suggestion is None:
                        continue
                    # Items with disjoint indicators cannot affect each other: check them together.
                    batch = next((b for b in batches if not b[0] & item_indicators and s.item not in b[2]), None)
                    if batch is None:
                        batch = (set(), {}, {})
                        batches.append(batch)
                    batch[0].update(item_indicators)
                    batch[1].update({c.indicator: c.value for c in suggestion.changes})
                    batch[2][s.item] = suggestion.points
            for _, changes, promised in batches:
                after = ii.score(rs, apply_changes(cohort, score.agency, changes)).score_for(score.agency)
                got = {item: after.criterion(item).points for item in promised}
                assert got == promised, score.agency
                checked += len(promised)
        assert checked > 0

    @pytest.mark.parametrize(("ruleset", "sample"), CITIES)
    def test_suggested_values_fit_their_indicators(self, ruleset: str, sample: str) -> None:
        """Every suggested value is within its indicator's type and range (ratio ≤ 1, whole counts, options)."""
        rs, _, a = _city(ruleset, sample)
        for score in a.scores:
            for s in why_not(a, score.agency):
                for suggestion in (s.full, s.next):
                    for change in () if suggestion is None else suggestion.changes:
                        value, problem = check_value(rs.indicator(change.indicator), change.value)
                        assert (problem, value) == (None, change.value)


class TestPlanGap:
    """Tests for ``plan_gap``: the smallest improvement to the next band, and a plan that reaches it."""

    def test_top_band(self) -> None:
        """An agency already in the top band is told so, with no plan."""
        rs, subs, _ = _example()
        gap = plan_gap(rs, subs, "so-noi-vu")
        assert (gap.status, gap.target_band, gap.changes, gap.why.en) == ("top_band", None, (), "already in the top band (Good)")

    def test_hand_checked_plan(self) -> None:
        """Đài PT-TH (58.33) needs 6.67: a third meeting adds 5 of 75 applicable points, 48.75/75 = 65.00 exactly."""
        rs, subs, _ = _example()
        gap = plan_gap(rs, subs, "dai-phat-thanh")
        assert (gap.status, gap.band, gap.target_band, gap.needed) == ("reachable", "average", "fair", Decimal("6.67"))
        assert gap.changes == (ValueChange(indicator="steering_meetings", current=Decimal(2), value=Decimal(3)),)
        assert (gap.new_total, gap.new_band, gap.new_rank, gap.gain) == (Decimal("65.00"), "fair", 3, Decimal("6.67"))
        assert [(s.item, s.points, s.new_points) for s in gap.steps] == [("2.1", Decimal(10), Decimal(15))]

    def test_band_asked_for(self) -> None:
        """Aiming at a band two steps up; a band already reached is an answer too."""
        rs, subs, _ = _example()
        gap = plan_gap(rs, subs, "xa-hoa-bac", band="fair")
        assert (gap.status, gap.target_band, gap.new_band) == ("reachable", "fair", "fair")
        assert gap.needed == Decimal("39.25")
        reached = plan_gap(rs, subs, "xa-hoa-ninh", band="average")
        assert (reached.status, reached.changes, reached.why.en) == ("reached", (), "already in Average or above (Fair)")

    def test_unknown_band_or_agency(self) -> None:
        """An unknown band or agency is a KeyError."""
        rs, subs, _ = _example()
        with pytest.raises(KeyError, match="no band with id 'platinum'"):
            plan_gap(rs, subs, "xa-hoa-bac", band="platinum")
        with pytest.raises(KeyError, match="no agency 'nobody'"):
            plan_gap(rs, subs, "nobody")

    def test_cannot_reach(self) -> None:
        """With tiers capped at 10 of 50, the best total is (10 + 50) / 100 × 100 = 60: Good (80) cannot be reached."""
        rs = _small_ruleset()
        subs = [ii.Submission(agency="a", group="g", values={"x": 0, "y": Decimal("0.2")})]
        gap = plan_gap(rs, subs, "a", band="good")
        assert (gap.status, gap.new_total, gap.new_band) == ("unreachable", Decimal("60.00"), "fair")
        assert {c.indicator: c.value for c in gap.changes} == {"x": Decimal(3), "y": Decimal(1)}
        assert gap.why.en == "cannot reach Good (80 or more): with feasible values the best total found is 60.00 (Fair)"

    def test_exact_fill(self) -> None:
        """From 10 (y = 0.2 of c2's 50), Fair (45) needs 35 more: y = 0.9 earns 45, exactly; the tier (10) alone cannot."""
        rs = _small_ruleset()
        subs = [ii.Submission(agency="a", group="g", values={"x": 0, "y": Decimal("0.2")})]
        gap = plan_gap(rs, subs, "a")
        assert (gap.status, gap.target_band, gap.needed, gap.new_total, gap.gain) == ("reachable", "fair", Decimal(35), Decimal("45.00"), Decimal(35))
        assert gap.changes == (ValueChange(indicator="y", current=Decimal("0.2"), value=Decimal("0.9")),)

    def test_band_minimum_not_rounding_slack(self) -> None:
        """Sở Tài chính (69) needs 11: the plan reaches 80 itself, not 79.995 that would round up to it."""
        rs, subs, _ = _example()
        gap = plan_gap(rs, subs, "so-tai-chinh")
        after = ii.score(rs, apply_changes(subs, "so-tai-chinh", gap.changes)).score_for("so-tai-chinh")
        assert after.unrounded is not None and after.unrounded >= 80
        assert (gap.new_total, gap.new_band) == (Decimal("80.00"), "good")

    def test_not_scorable(self) -> None:
        """An agency with every criterion excluded has no total and no band to improve."""
        rs = _small_ruleset()
        subs = [ii.Submission(agency="a", group="g", values={"x": 0, "y": Decimal(0)}, claims={"c1": "doc 1", "c2": "doc 2"})]
        gap = plan_gap(rs, subs, "a")
        assert (gap.status, gap.total, gap.changes) == ("not_scorable", None, ())

    def test_relative_rule_rechecked_on_the_cohort(self) -> None:
        """Raising the group's lowest value moves the group's lowest: the promised points are those of the re-scored cohort."""
        rs, subs, _ = _example()
        gap = plan_gap(rs, subs, "xa-hoa-bac")
        raised = {c.indicator: c.value for c in gap.changes}
        assert "online_dossier_share" in raised
        step = next(s for s in gap.steps if s.item == "3.1")
        # Hòa Bắc had the lowest share (0.2); raised, the lowest is Hòa Ninh's 0.5 and the highest Hòa Phong's 0.7.
        value = raised["online_dossier_share"]
        assert isinstance(value, Decimal)
        assert step.new_points == (value - Decimal("0.5")) / (Decimal("0.7") - Decimal("0.5")) * 10
        after = ii.score(rs, apply_changes(subs, "xa-hoa-bac", gap.changes))
        assert after.score_for("xa-hoa-ninh").criterion("3.1").points == Decimal(0)

    @pytest.mark.parametrize(("ruleset", "sample"), CITIES)
    def test_every_plan_reaches_the_promised_band(self, ruleset: str, sample: str) -> None:
        """For every agency of the sample city: the plan, applied and the cohort re-scored, gives the promised total and band."""
        rs, subs, a = _city(ruleset, sample)
        statuses = set()
        for score in a.scores:
            gap = plan_gap(rs, subs, score.agency)
            statuses.add(gap.status)
            assert gap.total == score.total
            if gap.status == "top_band":
                assert score.band == max(rs.bands, key=lambda b: b.min).id
                continue
            assert gap.status == "reachable", score.agency
            after = ii.score(rs, apply_changes(_cohort(subs, score.agency), score.agency, gap.changes)).score_for(score.agency)
            assert (after.total, after.band, after.rank) == (gap.new_total, gap.new_band, gap.new_rank)
            assert gap.new_band == gap.target_band
            assert gap.gain is not None and gap.needed is not None and gap.gain >= gap.needed
            for change in gap.changes:
                value, problem = check_value(rs.indicator(change.indicator), change.value)
                assert (problem, value) == (None, change.value)
        assert "reachable" in statuses


def _escape_ruleset() -> ii.Ruleset:
    """A ratio criterion that a zero denominator makes not applicable, and a rule that rewards a low denominator."""
    return ii.parse_ruleset(
        """
schema_version = 1
id = "escape"
version = "1"
title = { en = "Escape" }
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
  { id = "signed", label = { en = "Signed" }, type = "count" },
  { id = "sent", label = { en = "Sent" }, type = "count" },
  { id = "other", label = { en = "Other" }, type = "ratio" },
]

[[criteria]]
id = "c1"
section = "s"
label = { en = "Signed share" }
max_points = 50
rule = { kind = "ratio", numerator = "signed", denominator = "sent", when_denominator_zero = "not_applicable" }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "c2"
section = "s"
label = { en = "Fewest sent" }
max_points = 30
rule = { kind = "relative", indicator = "sent", direction = "lower", when_best_is_zero = "full" }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "c3"
section = "s"
label = { en = "Other" }
max_points = 20
rule = { kind = "proportional", indicator = "other" }
provenance = { status = "decision", citation = "tests" }
""",
        source="escape.toml",
    )


class TestNoEscapeThroughZero:
    """A plan never reports nothing to leave a criterion out: no suggestion sets a not-applicable ratio's denominator to 0."""

    def test_gap_plan(self) -> None:
        ruleset = _escape_ruleset()
        subs = (
            ii.Submission(agency="a", group="g", values={"signed": Decimal(1), "sent": Decimal(10), "other": Decimal("0.2")}),
            # b sent nothing: the fewest, so a earns c2's points only by sending nothing too (which would leave c1 out).
            ii.Submission(agency="b", group="g", values={"signed": Decimal(0), "sent": Decimal(0), "other": Decimal(1)}),
        )
        gap = plan_gap(ruleset, subs, "a", band="good")
        assert gap.changes
        assert all(not (c.indicator == "sent" and c.value == 0) for c in gap.changes)
        assessment = ii.score(ruleset, subs)
        for suggestion in why_not(assessment, "a"):
            for option in (suggestion.full, suggestion.next):
                assert option is None or all(not (c.indicator == "sent" and c.value == 0) for c in option.changes)


class TestApplyChanges:
    """Tests for ``apply_changes``: a what-if on one agency's values."""

    def test_replaces_figures_and_leaves_the_rest(self) -> None:
        """The changed indicator gets one figure; other agencies and indicators are untouched, the input not mutated."""
        _, subs, _ = _example()
        out = apply_changes(subs, "so-tai-chinh", {"online_dossier_share": Decimal("0.9")})
        before = next(s for s in subs if s.agency == "so-tai-chinh")
        after = next(s for s in out if s.agency == "so-tai-chinh")
        assert [(f.value, f.source) for f in after.values["online_dossier_share"]] == [(Decimal("0.9"), "agency")]
        assert len(before.values["online_dossier_share"]) == 2
        assert {k: v for k, v in after.values.items() if k != "online_dossier_share"} == {k: v for k, v in before.values.items() if k != "online_dossier_share"}
        assert [s for s in out if s.agency != "so-tai-chinh"] == [s for s in subs if s.agency != "so-tai-chinh"]

    def test_unknown_agency(self) -> None:
        """Changing an agency that is not there is a KeyError."""
        _, subs, _ = _example()
        with pytest.raises(KeyError, match="no agency 'nobody' in the submissions"):
            apply_changes(subs, "nobody", [ValueChange(indicator="x", current=None, value=Decimal(1))])
