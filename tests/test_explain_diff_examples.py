"""
Hand-computed examples for explanations and ruleset diffs (issue #15, item 5).

Every input and every expected figure is written out here and worked by hand in the
docstrings; nothing is copied from the engine's output. The same small rulesets and
cohorts are the fixed examples on which ``tests/test_explain_diff_plants.py`` plants
wrong lines in the engine.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

import indicator_index as ii
from indicator_index._diff import FieldChange, diff_rulesets
from indicator_index._explain import ValueChange, plan_gap, why_not
from tests.property.test_diff_completeness import unchecked


HEADER = """
schema_version = 1
version = "1"
title = { en = "Hand-computed example" }
legal_basis = { number = "-", issuer = "tests" }
effective = { start = 2024-01-01 }
"""


# --- Rulesets and cohorts ------------------------------------------------------------


def gap_ruleset() -> ii.Ruleset:
    """
    Three criteria adding up to the scale of 100 and a capped bonus:

    - ``c1``: steering meetings, 40 points for 4 or more, 20 for 2 or more, else 0;
    - ``c2``: an online portal, 30 points if yes;
    - ``c3``: the share of staff with computers, proportional, 30 points;
    - ``b1``: a bonus of 5 for an initiative (all bonuses capped at 5).

    Bands: good from 70, fair from 40, weak from 0.
    """
    return ii.parse_ruleset(
        HEADER
        + """
id = "hand-gap"
scale = 100
bonus_cap = 5
bands = [
  { id = "good", label = { en = "Good" }, min = 70 },
  { id = "fair", label = { en = "Fair" }, min = 40 },
  { id = "weak", label = { en = "Weak" }, min = 0 },
]
groups = [{ id = "g", label = { en = "G" } }]
sections = [{ id = "s", label = { en = "S" } }]
indicators = [
  { id = "meetings", label = { en = "Meetings" }, type = "count" },
  { id = "portal", label = { en = "Portal" }, type = "yes_no" },
  { id = "share", label = { en = "Share" }, type = "ratio" },
  { id = "initiative", label = { en = "Initiative" }, type = "yes_no" },
]

[[criteria]]
id = "c1"
section = "s"
label = { en = "Meetings" }
max_points = 40
rule = { kind = "tiers", indicator = "meetings", tiers = [{ at_least = 4, points = 40 }, { at_least = 2, points = 20 }] }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "c2"
section = "s"
label = { en = "Portal" }
max_points = 30
rule = { kind = "yes_no", indicator = "portal" }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "c3"
section = "s"
label = { en = "Share" }
max_points = 30
rule = { kind = "proportional", indicator = "share" }
provenance = { status = "decision", citation = "tests" }

[[bonuses]]
id = "b1"
label = { en = "Initiative" }
max_points = 5
rule = { kind = "yes_no", indicator = "initiative" }
provenance = { status = "decision", citation = "tests" }
""",
        source="hand-gap.toml",
    )


def gap_cohort() -> tuple[ii.Submission, ...]:
    """
    ``a``: 2 meetings (20), no portal (0), share 0.5 (15), an initiative (bonus 5): 35 + 5 = 40.00, fair.
    ``b``: 4 meetings (40), a portal (30), share 1 (30), no initiative: 100.00, good, rank 1.
    """
    return (
        ii.Submission(agency="a", group="g", values={"meetings": 2, "portal": False, "share": Decimal("0.5"), "initiative": True}),
        ii.Submission(agency="b", group="g", values={"meetings": 4, "portal": True, "share": Decimal(1), "initiative": False}),
    )


def best_ruleset() -> ii.Ruleset:
    """
    Two criteria on one indicator, ``bandwidth`` (a number, at least 0), higher is better:

    - ``r1``: relative to the best of the group, 50 points;
    - ``r2``: the better of ``relative`` and ``min_max`` on the same indicator, 50 points,
      excludable (an agency outside its function leaves it, and its statistics).
    """
    return ii.parse_ruleset(
        HEADER
        + """
id = "hand-best"
scale = 100
bands = [{ id = "all", label = { en = "All" }, min = 0 }]
groups = [{ id = "g", label = { en = "G" } }]
sections = [{ id = "s", label = { en = "S" } }]
indicators = [{ id = "bandwidth", label = { en = "Bandwidth" }, type = "number", min = 0 }]

[[criteria]]
id = "r1"
section = "s"
label = { en = "Relative" }
max_points = 50
rule = { kind = "relative", indicator = "bandwidth", direction = "higher" }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "r2"
section = "s"
label = { en = "Better of two" }
max_points = 50
excludable = true
provenance = { status = "decision", citation = "tests" }
[criteria.rule]
kind = "best_of"
alternatives = [
  { id = "rel", max_points = 50, rule = { kind = "relative", indicator = "bandwidth", direction = "higher" } },
  { id = "mm", max_points = 50, rule = { kind = "min_max", indicator = "bandwidth", direction = "higher" } },
]
""",
        source="hand-best.toml",
    )


def best_cohort() -> tuple[ii.Submission, ...]:
    """``a`` 20, ``b`` 10, ``c`` 20, and ``d`` 30 that claims ``r2`` (with evidence): ``d`` is compared on ``r1`` only."""
    return (
        ii.Submission(agency="a", group="g", values={"bandwidth": 20}),
        ii.Submission(agency="b", group="g", values={"bandwidth": 10}),
        ii.Submission(agency="c", group="g", values={"bandwidth": 20}),
        ii.Submission(agency="d", group="g", values={"bandwidth": 30}, claims={"r2": "Công văn 7/ĐV"}),
    )


def group_max_ruleset() -> ii.Ruleset:
    """
    Two groups; ``c1`` (proportional share) is worth 40 points, but 20 for group ``h``;
    ``c2`` (a portal) 60. Group ``h``'s criteria add up to 80, its declared total.
    """
    return ii.parse_ruleset(
        HEADER
        + """
id = "hand-groups"
scale = 100
bands = [{ id = "all", label = { en = "All" }, min = 0 }]
groups = [{ id = "g", label = { en = "G" } }, { id = "h", label = { en = "H" }, total = 80 }]
sections = [{ id = "s", label = { en = "S" } }]
indicators = [
  { id = "share", label = { en = "Share" }, type = "ratio" },
  { id = "portal", label = { en = "Portal" }, type = "yes_no" },
]

[[criteria]]
id = "c1"
section = "s"
label = { en = "Share" }
max_points = 40
max_points_by_group = { h = 20 }
rule = { kind = "proportional", indicator = "share" }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "c2"
section = "s"
label = { en = "Portal" }
max_points = 60
rule = { kind = "yes_no", indicator = "portal" }
provenance = { status = "decision", citation = "tests" }
""",
        source="hand-groups.toml",
    )


def group_max_cohort() -> tuple[ii.Submission, ...]:
    """``x`` in group ``h``: share 0.25, so ``c1`` earns 0.25 × 40 × 20/40 = 5 of its 20; no portal."""
    return (ii.Submission(agency="x", group="h", values={"share": Decimal("0.25"), "portal": False}),)


# --- Explanations ------------------------------------------------------------------


class TestGapExamples:
    """Gap plans worked by hand."""

    def test_one_change_is_enough_with_the_bonus(self) -> None:
        """
        ``a`` has 40.00 (35 from criteria, 5 bonus) and needs 30 for good (70). Alone, 4 meetings
        give +20 (60), share 1 gives +15 (55), the portal +30 (70.00): the portal is the only
        single change that reaches good, and exactly. ``b`` keeps 100, so ``a`` ranks 2.
        """
        gap = plan_gap(gap_ruleset(), gap_cohort(), "a")
        assert (gap.status, gap.total, gap.band, gap.target_band, gap.needed) == ("reachable", Decimal("40.00"), "fair", "good", Decimal(30))
        assert gap.changes == (ValueChange(indicator="portal", current=False, value=True),)
        assert [(s.item, s.points, s.new_points, s.max_points) for s in gap.steps] == [("c2", Decimal(0), Decimal(30), Decimal(30))]
        assert (gap.new_total, gap.new_band, gap.new_rank, gap.gain) == (Decimal("70.00"), "good", 2, Decimal("30.00"))

    def test_two_changes_each_needed(self) -> None:
        """
        Without its initiative ``a`` has 35.00 (weak); good needs 35 more. No single change
        gives 35 (the portal's +30 is the most), so the plan takes the portal (65), then the
        change that reaches 70 with the least overshoot: the initiative's bonus, +5, exactly
        70.00 (share 0.6667 would give 70.001, 4 meetings 85). Dropping either change leaves
        the total below 70: 40 or 65.
        """
        cohort = (attrs.evolve(gap_cohort()[0], values={"meetings": 2, "portal": False, "share": Decimal("0.5"), "initiative": False}),)
        gap = plan_gap(gap_ruleset(), cohort, "a", band="good")
        assert (gap.status, gap.total, gap.needed) == ("reachable", Decimal("35.00"), Decimal(35))
        assert {c.indicator: c.value for c in gap.changes} == {"portal": True, "initiative": True}
        assert (gap.new_total, gap.new_band) == (Decimal("70.00"), "good")
        for change in gap.changes:
            rest = [c for c in gap.changes if c is not change]
            after = ii.score(gap_ruleset(), ii.apply_changes(cohort, "a", rest)).score_for("a")
            assert after.total is not None and after.total < 70


class TestBestInGroupExamples:
    """Best-in-group lists worked by hand."""

    def test_others_and_the_claimed_exclusion(self) -> None:
        """
        For ``b`` (10): on ``r1`` all four compare, and ``d``'s 30 is the best; on ``r2`` ``d``
        has claimed the criterion and is left out, so the best is 20, held by ``a`` and ``c``,
        one benchmark for the two leaves that compare the same indicator the same way.
        ``b`` earns 10/30 × 50 = 16.67 on ``r1`` (30 earns the 50); on ``r2`` relative gives
        10/20 × 50 = 25 and min-max (10 − 10)/(20 − 10) × 50 = 0: the better is 25 (20 earns 50).
        """
        assessment = ii.score(best_ruleset(), best_cohort())
        found = {s.item: s for s in why_not(assessment, "b")}
        r1, r2 = found["r1"], found["r2"]
        assert [(x.indicator, x.value, x.direction, set(x.agencies)) for x in r1.best_in_group] == [("bandwidth", Decimal(30), "higher", {"d"})]
        assert [(x.indicator, x.value, x.direction, set(x.agencies)) for x in r2.best_in_group] == [("bandwidth", Decimal(20), "higher", {"a", "c"})]
        assert r1.points is not None and r1.points.quantize(Decimal("0.01")) == Decimal("16.67")
        assert r2.points == Decimal(25)
        assert r1.full is not None and r2.full is not None
        assert ({c.indicator: c.value for c in r1.full.changes}, r1.full.points) == ({"bandwidth": Decimal(30)}, Decimal(50))
        assert ({c.indicator: c.value for c in r2.full.changes}, r2.full.points) == ({"bandwidth": Decimal(20)}, Decimal(50))

    def test_the_agency_itself_holds_the_best(self) -> None:
        """For ``a`` (20) on ``r2`` the best is its own 20, tied with ``c``: both are named, once each."""
        assessment = ii.score(best_ruleset(), best_cohort())
        (r2,) = [s for s in why_not(assessment, "a") if s.item == "r2"]
        assert [(x.value, sorted(x.agencies)) for x in r2.best_in_group] == [(Decimal(20), ["a", "c"])]
        assert r2.full is None


class TestGroupMaximumExamples:
    """A suggestion on a per-group maximum, worked by hand."""

    def test_full_marks_on_the_group_maximum(self) -> None:
        """``x`` (group ``h``) earns 5 of 20 on ``c1``; share 1 earns the group's 20, not the base 40."""
        assessment = ii.score(group_max_ruleset(), group_max_cohort())
        (c1,) = [s for s in why_not(assessment, "x") if s.item == "c1"]
        assert (c1.points, c1.max_points, c1.missed) == (Decimal(5), Decimal(20), Decimal(15))
        assert c1.full is not None
        assert ({c.indicator: c.value for c in c1.full.changes}, c1.full.points, c1.full.full) == ({"share": Decimal(1)}, Decimal(20), True)


# --- Ruleset diffs ---------------------------------------------------------------------


class TestDiffExamples:
    """Diffs of mapping fields and lists, worked by hand."""

    def test_key_added_to_max_points_by_group(self) -> None:
        """
        ``hand-groups`` with ``c2`` worth 50 for group ``h``: ``h`` now adds up to 20 + 50 = 70,
        declared as its total. Two paths changed, one of them a key added to a mapping.
        """
        before = group_max_ruleset()
        c2 = attrs.evolve(before.criterion("c2"), max_points_by_group={"h": Decimal(50)})
        h = attrs.evolve(before.group("h"), total=Decimal(70))
        after = attrs.evolve(before, criteria=(before.criterion("c1"), c2), groups=(before.group("g"), h))
        diff = diff_rulesets(before, after)
        assert [(c.collection, c.id, c.action, c.fields) for c in diff.changes] == [
            ("groups", "h", "changed", (FieldChange(field="total", before="80", after="70"),)),
            ("criteria", "c2", "changed", (FieldChange(field="max_points_by_group.h", before=None, after="50"),)),
        ]
        # And back: the key removed.
        (back,) = diff_rulesets(after, before).of("criteria")
        assert back.fields == (FieldChange(field="max_points_by_group.h", before="50", after=None),)

    def test_option_and_its_points_added(self) -> None:
        """``example-2024``: a doctorate option for ``it_officer_degree``, worth 10 on criterion 2.4."""
        before = ii.load_ruleset("example-2024")
        degree = before.indicator("it_officer_degree")
        option = ii.Option(id="doctorate", label=ii.Label(vi="Tiến sĩ", en="Doctorate"))
        indicator = attrs.evolve(degree, options=(*degree.options, option))
        c24 = before.criterion("2.4")
        criterion = attrs.evolve(c24, rule=attrs.evolve(c24.rule, points_by_option={**c24.rule.points_by_option, "doctorate": Decimal(10)}))
        after = attrs.evolve(
            before,
            indicators=tuple(indicator if i.id == degree.id else i for i in before.indicators),
            criteria=tuple(criterion if c.id == "2.4" else c for c in before.criteria),
        )
        diff = diff_rulesets(before, after)
        assert [(c.collection, c.id, c.fields) for c in diff.changes] == [
            (
                "indicators",
                "it_officer_degree",
                (FieldChange(field="options[doctorate]", before=None, after={"id": "doctorate", "label": {"vi": "Tiến sĩ", "en": "Doctorate"}}),),
            ),
            ("criteria", "2.4", (FieldChange(field="rule.points_by_option.doctorate", before=None, after="10"),)),
        ]
        # In words, the rule as it reads before and after; only the after side has the doctorate.
        before_text, after_text = diff.changes[1].text.en.removeprefix("criterion 2.4 changed: rule: ").split(" → by option")
        assert "doctorate" not in before_text and after_text.endswith("none → 0, doctorate → 10")

    def test_first_option_of_an_indicator(self) -> None:
        """
        The portal (yes/no) becomes a choice of ``full`` and ``partial``: the options are
        entries of a list with ids, reported as ``options[full]`` and ``options[partial]``,
        as an option added to a list that had some is (the diff compares models; the rule
        reading the portal is not fitted here).
        """
        before = gap_ruleset()
        portal = before.indicator("portal")
        options = (ii.Option(id="full", label=ii.Label(vi="Đầy đủ", en="Full")), ii.Option(id="partial", label=ii.Label(vi="Một phần", en="Partial")))
        changed = attrs.evolve(portal, type="choice", options=options)
        after = unchecked(before, indicators=tuple(changed if i.id == "portal" else i for i in before.indicators))
        (change,) = diff_rulesets(before, after).changes
        assert change.fields == (
            FieldChange(field="type", before="yes_no", after="choice"),
            FieldChange(field="options[full]", before=None, after={"id": "full", "label": {"vi": "Đầy đủ", "en": "Full"}}),
            FieldChange(field="options[partial]", before=None, after={"id": "partial", "label": {"vi": "Một phần", "en": "Partial"}}),
        )

    def test_tier_entry_changed(self) -> None:
        """``c1``'s second tier from 2 meetings to 3: the tier list (entries without ids) is one field, before and after."""
        before = gap_ruleset()
        c1 = before.criterion("c1")
        tiers = (c1.rule.tiers[0], attrs.evolve(c1.rule.tiers[1], at_least=Decimal(3)))
        after = attrs.evolve(before, criteria=(attrs.evolve(c1, rule=attrs.evolve(c1.rule, tiers=tiers)), *before.criteria[1:]))
        (change,) = diff_rulesets(before, after).changes
        assert change.fields == (
            FieldChange(
                field="rule.tiers",
                before=[{"points": "40", "at_least": "4"}, {"points": "20", "at_least": "2"}],
                after=[{"points": "40", "at_least": "4"}, {"points": "20", "at_least": "3"}],
            ),
        )
