"""
Edges: every band and tier boundary, one rounding step either side, each
rounding mode, exact totals reached through inexact divisions and long sums,
and Hypothesis ``target()`` steering generated cohorts towards band edges,
checked against an exact ``Fraction`` oracle.

The bands are Decision 448's: Tốt >= 80, Khá >= 65, Trung bình >= 50, Yếu below.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given, target
from hypothesis import strategies as st

from indicator_index import (
    AgencyGroup,
    Band,
    BestOf,
    Bonus,
    Choice,
    Criterion,
    Figure,
    Indicator,
    Info,
    Label,
    LegalBasis,
    MinMax,
    Option,
    Part,
    Penalty,
    Period,
    PerItem,
    Proportional,
    Provenance,
    Ratio,
    Relative,
    Rounding,
    Ruleset,
    ScoringError,
    Section,
    Submission,
    SumOf,
    Tier,
    Tiers,
    YesNo,
    score,
)
from tests.strategies import ROUNDING_MODES, decimals, rulesets, submissions


pytestmark = pytest.mark.property

D = Decimal
ZERO = D(0)
PROV = Provenance(status="decision", citation="tests/property/test_edges.py")
BANDS = (
    Band(id="tot", label=Label(vi="Tốt", en="Good"), min=D(80)),
    Band(id="kha", label=Label(vi="Khá", en="Fair"), min=D(65)),
    Band(id="trung-binh", label=Label(vi="Trung bình", en="Average"), min=D(50)),
    Band(id="yeu", label=Label(vi="Yếu", en="Weak"), min=D(0)),
)
EDGES = (D(50), D(65), D(80))


def _ind(ind_id: str, kind: str, **kwargs: Any) -> Indicator:
    return Indicator(id=ind_id, label=Label(en=ind_id), type=kind, **kwargs)


def _crit(crit_id: str, top: Decimal | int | str, rule: Any, section: str = "s", **kwargs: Any) -> Criterion:
    return Criterion(id=crit_id, section=section, label=Label(en=crit_id), max_points=D(top), rule=rule, provenance=PROV, **kwargs)


def _ruleset(
    criteria: tuple[Criterion, ...], indicators: tuple[Indicator, ...], *, mode: str = "half_up", places: int = 2, each: bool = False, **kwargs: Any
) -> Ruleset:
    sections = kwargs.pop("sections", (Section(id="s", label=Label(en="s")),))
    return Ruleset(
        schema_version=1,
        id="edges",
        version="1",
        title=Label(vi="Biên", en="Edges"),
        legal_basis=LegalBasis(number="448/QĐ-UBND", issuer="tests"),
        effective=Period(start=dt.date(2022, 2, 9)),
        scale=kwargs.pop("scale", D(100)),
        rounding=Rounding(places=places, mode=mode, each_criterion=each),
        bands=kwargs.pop("bands", BANDS),
        groups=kwargs.pop("groups", (AgencyGroup(id="g", label=Label(en="g")),)),
        sections=sections,
        indicators=indicators,
        criteria=criteria,
        **kwargs,
    )


def _share(mode: str = "half_up", places: int = 2) -> Ruleset:
    """One proportional criterion worth the whole scale: total = ratio × 100."""
    return _ruleset((_crit("c", 100, Proportional(indicator="r")),), (_ind("r", "ratio"),), mode=mode, places=places)


def _total(ruleset: Ruleset, values: dict[str, object], **kwargs: Any) -> tuple[str, str]:
    result = score(ruleset, [Submission(agency="x", group="g", values=values, **kwargs)]).score_for("x")
    return str(result.total), str(result.band)


# Each rounding mode at each band edge: exactly on it, half a step below, just under half a step, one step below.
MODE_EDGES = [
    # unrounded, mode, printed total, band
    *[(f"{e}", m, f"{e}.00", b) for e, b in (("80", "tot"), ("65", "kha"), ("50", "trung-binh")) for m in ROUNDING_MODES],
    *[(f"{e - 1}.995", "half_up", f"{e}.00", b) for e, b in ((80, "tot"), (65, "kha"), (50, "trung-binh"))],
    *[(f"{e - 1}.994999", "half_up", f"{e - 1}.99", b) for e, b in ((80, "kha"), (65, "trung-binh"), (50, "yeu"))],
    *[(f"{e - 1}.995", "half_even", f"{e}.00", b) for e, b in ((80, "tot"), (65, "kha"), (50, "trung-binh"))],
    *[(f"{e - 1}.985", "half_even", f"{e - 1}.98", b) for e, b in ((80, "kha"), (65, "trung-binh"), (50, "yeu"))],
    *[(f"{e - 1}.995", "half_down", f"{e - 1}.99", b) for e, b in ((80, "kha"), (65, "trung-binh"), (50, "yeu"))],
    *[(f"{e - 1}.995001", "half_down", f"{e}.00", b) for e, b in ((80, "tot"), (65, "kha"), (50, "trung-binh"))],
    *[(f"{e - 1}.9999", m, f"{e - 1}.99", b) for m in ("down", "floor") for e, b in ((80, "kha"), (65, "trung-binh"), (50, "yeu"))],
    *[(f"{e - 1}.9901", m, f"{e}.00", b) for m in ("up", "ceiling") for e, b in ((80, "tot"), (65, "kha"), (50, "trung-binh"))],
    *[(f"{e - 1}.99", m, f"{e - 1}.99", b) for m in ("up", "ceiling") for e, b in ((80, "kha"), (65, "trung-binh"), (50, "yeu"))],
    *[(f"{e}.0001", m, f"{e}.00", b) for m in ("down", "floor", "half_up") for e, b in ((80, "tot"), (65, "kha"), (50, "trung-binh"))],
    ("0", "half_up", "0.00", "yeu"),
    ("100", "down", "100.00", "tot"),
    ("49.99", "half_up", "49.99", "yeu"),
]


class TestBandEdgesByMode:
    """Every band edge (50, 65, 80) under every rounding mode, on the edge and one rounding step around it."""

    @pytest.mark.parametrize(("unrounded", "mode", "total", "band"), MODE_EDGES)
    def test_total_and_band_at_the_edge(self, unrounded: str, mode: str, total: str, band: str) -> None:
        """The total is rounded once by the declared mode and the band is read off the rounded total, lower bounds inclusive."""
        assert _total(_share(mode), {"r": D(unrounded) / 100}) == (total, band)

    @pytest.mark.parametrize(
        ("unrounded", "mode", "total", "band"),
        [
            ("79.5", "half_up", "80", "tot"),
            ("79.4999", "half_up", "79", "kha"),
            ("64.5", "half_up", "65", "kha"),
            ("64.5", "half_even", "64", "trung-binh"),
            ("65.5", "half_even", "66", "kha"),
            ("49.5", "half_down", "49", "yeu"),
            ("49.5", "half_up", "50", "trung-binh"),
        ],
    )
    def test_whole_point_rounding(self, unrounded: str, mode: str, total: str, band: str) -> None:
        """With places = 0, 64.5 is 65 half-up but 64 half-even: the declared mode decides Khá or Trung bình."""
        assert _total(_share(mode, places=0), {"r": D(unrounded) / 100}) == (total, band)

    @pytest.mark.parametrize("edge", EDGES)
    @pytest.mark.parametrize("mode", ROUNDING_MODES)
    def test_edge_reached_through_an_inexact_division(self, edge: Decimal, mode: str) -> None:
        """Three criteria of 10 points rescaled to 100 (a factor of 10/3 with no exact decimal) land exactly on the edge in every mode, even truncating ones."""
        inds = tuple(_ind(f"r{k}", "ratio") for k in range(3))
        crits = tuple(_crit(f"c{k}", 10, Proportional(indicator=f"r{k}"), section=f"s{k}") for k in range(3))
        sections = tuple(Section(id=f"s{k}", label=Label(en=f"s{k}")) for k in range(3))
        group = AgencyGroup(id="g", label=Label(en="g"), total=D(30))
        share = edge * 3 / 10 / 3 / 10  # each criterion earns edge × 3 / 10 / 3 points of 10
        ruleset = _ruleset(crits, inds, mode=mode, sections=sections, groups=(group,))
        expected = {D(80): "tot", D(65): "kha", D(50): "trung-binh"}[edge]
        assert _total(ruleset, {f"r{k}": share for k in range(3)}) == (f"{edge}.00", expected)

    @pytest.mark.parametrize("mode", ("down", "half_up"))
    def test_exclusion_rescaling_lands_exactly_on_80(self, mode: str) -> None:
        """Excluding a 30-point criterion leaves 70 points; 56 of 70 is exactly 80.00 (Tốt), not 79.99."""
        inds = (_ind("a", "ratio"), _ind("b", "ratio"), _ind("e", "ratio"))
        crits = (
            _crit("a", 40, Proportional(indicator="a")),
            _crit("b", 30, Proportional(indicator="b")),
            _crit("e", 30, Proportional(indicator="e"), excludable=True),
        )
        ruleset = _ruleset(crits, inds, mode=mode)
        values = {"a": D("0.95"), "b": D("0.6"), "e": D("0.1")}  # 38 + 18 = 56 of 70
        assert _total(ruleset, values, claims={"e": "Công văn 45/ĐPT"}) == ("80.00", "tot")
        assert _total(ruleset, values) == ("59.00", "trung-binh")

    @pytest.mark.parametrize(("count", "edge", "band"), [(800, "80", "tot"), (650, "65", "kha"), (500, "50", "trung-binh")])
    def test_long_sum_of_tenths_is_exact(self, count: int, edge: str, band: str) -> None:
        """A thousand yes/no criteria of 0.1 points: meeting 800 is 80.00 (Tốt); float addition would give 79.99999999999973."""
        assert sum([0.1] * 800) < 80  # the trap the engine must not fall into
        inds = tuple(_ind(f"y{k}", "yes_no") for k in range(1000))
        crits = tuple(_crit(f"c{k}", "0.1", YesNo(indicator=f"y{k}")) for k in range(1000))
        ruleset = _ruleset(crits, inds, mode="down")
        assert _total(ruleset, {f"y{k}": k < count for k in range(1000)}) == (f"{edge}.00", band)

    def test_section_order_does_not_change_the_unrounded_total(self) -> None:
        """Sections listed in any order give bit-identical base and unrounded totals (inexact quotients are settled at 30 places)."""
        maxima, ratios = (D(7), D(13), D(7)), (D("0.013"), D("0.79"), D("0.205"))
        sections = tuple(Section(id=f"s{k}", label=Label(en=f"s{k}")) for k in range(3))
        crits = tuple(_crit(f"c{k}", maxima[k], Proportional(indicator=f"r{k}"), section=f"s{k}") for k in range(3))
        group = AgencyGroup(id="g", label=Label(en="g"), total=sum(maxima))
        sub = Submission(agency="x", group="g", values={f"r{k}": ratios[k] for k in range(3)})
        results = []
        for order in itertools.permutations(sections):
            ruleset = _ruleset(crits, tuple(_ind(f"r{k}", "ratio") for k in range(3)), sections=order, groups=(group,))
            results.append(score(ruleset, [sub]).score_for("x"))
        assert len({r.total for r in results}) == 1  # what is printed never differs
        assert len({(r.base, r.unrounded) for r in results}) == 1


class TestRoundPoints:
    """``round_points``: the one rounding of the engine."""

    @pytest.mark.parametrize(
        ("value", "places", "mode", "expected"),
        [
            ("79.995", 2, "half_up", "80.00"),
            ("79.99499999999999999999", 2, "half_up", "79.99"),  # 1e-20 below the half step
            ("79.99499999999999999999999999", 2, "half_up", "80.00"),  # within 1e-24 of it: snapped onto 79.995
            ("79.9999999999999999999999999999", 2, "down", "80.00"),  # within 1e-24 of 80: the noise of a division
            ("79.99999999999999999999", 2, "down", "79.99"),  # 1e-20 short of 80 is a real difference
            ("123456789012345678.125", 2, "half_up", "123456789012345678.13"),  # too large to snap at 24 places
        ],
    )
    def test_round_points(self, value: str, places: int, mode: str, expected: str) -> None:
        """Values are snapped at 24 places (absorbing a division's last-digit noise), then rounded once by the mode; large values are not snapped."""
        from indicator_index._arithmetic import round_points

        assert str(round_points(D(value), places, mode)) == expected


class TestValueSizeEdges:
    """The size limits on reported numbers, exactly at and one step beyond each limit."""

    @pytest.mark.parametrize(
        ("kind", "value", "accepted"),
        [
            ("count", D("999999999999999"), True),  # 15 digits
            ("count", D("1e15"), False),
            ("number", D("-999999999999999.9"), True),
            ("number", D("-1e15"), False),
            ("ratio", D("1e-15"), True),  # the smallest size that is not 0
            ("ratio", D("0.99e-15"), False),
            ("ratio", D(0), True),
        ],
    )
    def test_number_size_limits(self, kind: str, value: Decimal, accepted: bool) -> None:
        """Numbers below 10^15 in size and, unless 0, at least 10^-15 are scored; anything beyond is refused as a ScoringError."""
        rule = (
            PerItem(indicator="v", points_per_item=D("1e-14"))
            if kind == "count"
            else Proportional(indicator="v")
            if kind == "ratio"
            else Relative(indicator="v")
        )
        inds = (_ind("v", kind),)
        if accepted:
            assert _points(rule, inds, {"v": value}) is not None
        else:
            with pytest.raises(ScoringError, match="10\\^"):
                _points(rule, inds, {"v": value})


class TestInputCheckEdges:
    """
    The checks of reported values, for every indicator type, at their limits and in every form a value
    comes in: a Decimal (checked on a fast path), an int or a float (checked on the general one), a
    text or a boolean where a number belongs.
    """

    OPTIONS = tuple(Option(id=o) for o in ("university", "college"))

    @pytest.mark.parametrize(
        ("kind", "kwargs", "raw", "expected"),
        [
            ("number", {"min": D(0), "max": D(10)}, 0, D(0)),  # exactly at the minimum, as an int
            ("number", {"min": D(0), "max": D(10)}, 10, D(10)),  # exactly at the maximum, as an int
            ("number", {"min": D(0), "max": D(10)}, 10.0, D("10.0")),
            ("number", {"min": D(0), "max": D(10)}, D(10), D(10)),
            ("number", {}, 1e-15, D("1e-15")),  # the smallest size that is not 0, as a float
            ("ratio", {}, 1, D(1)),
            ("ratio", {}, 0, D(0)),
            ("count", {}, 0, D(0)),
            ("count", {}, D(0), D(0)),
            ("choice", {}, "college", "college"),
            ("choice", {}, " college", "college"),  # white space around an option id is dropped
            ("yes_no", {}, True, True),
        ],
    )
    def test_accepted(self, kind: str, kwargs: dict[str, Any], raw: object, expected: object) -> None:
        """A value within its indicator's type and range is taken, in its exact form."""
        from indicator_index._scoring import check_value

        indicator = _ind("v", kind, options=self.OPTIONS if kind == "choice" else (), **kwargs)
        value, problem = check_value(indicator, raw)
        assert (value, problem) == (expected, None)
        assert str(value) == str(expected)

    @pytest.mark.parametrize(
        ("kind", "kwargs", "raw", "message"),
        [
            ("yes_no", {}, D(1), "expected yes/no (true or false), got Decimal('1')"),
            ("choice", {}, D(1), "expected one of 'university', 'college', got Decimal('1')"),
            ("count", {}, D("0.5"), "a count must be a whole number, got 0.5"),
            ("number", {"max": D(3)}, D(5), "must be <= 3, got 5"),
            ("number", {"min": D(6)}, D(5), "must be >= 6, got 5"),
            ("number", {"min": D(0), "max": D(10)}, 10.5, "must be <= 10, got 10.5"),
            ("ratio", {}, D("1.01"), "a ratio must be within [0, 1], got 1.01"),
            ("number", {}, 0.9e-15, "a number must be 0 or at least 10^-15 in size, got 9E-16"),
        ],
    )
    def test_refused(self, kind: str, kwargs: dict[str, Any], raw: object, message: str) -> None:
        """A value of the wrong type, or beyond its range, is refused with the reason."""
        from indicator_index._scoring import check_value

        indicator = _ind("v", kind, options=self.OPTIONS if kind == "choice" else (), **kwargs)
        assert check_value(indicator, raw) == (None, message)

    def _check(self, *subs: Submission) -> list[str]:
        ruleset = _ruleset((_crit("c", 100, Proportional(indicator="r")),), (_ind("r", "ratio"),))
        with pytest.raises(ScoringError) as info:
            score(ruleset, subs)
        return [str(p) for p in info.value.problems]

    def test_an_unknown_source_is_refused_for_every_agency(self) -> None:
        """Each agency that names an unknown source is told, not only the first."""
        subs = [Submission(agency=a, group="g", values={"r": Figure(value=D("0.5"), source="audit")}) for a in ("x", "y")]
        assert self._check(*subs) == [
            f"agency {a!r}, indicator 'r': unknown source 'audit'; the ruleset has 'verification', 'records', 'agency'" for a in ("x", "y")
        ]

    def test_a_source_or_reference_that_is_not_text(self) -> None:
        """A source that is a list (not even hashable) or a reference that is a number is refused, not crashed on."""
        subs = [
            Submission(agency="w", group="g", values={"r": D("0.5")}),  # a valid figure first: its source is then known
            Submission(agency="x", group="g", values={"r": Figure(value=D("0.5"), source=["agency"])}),  # type: ignore[arg-type]
            Submission(agency="y", group="g", values={"r": Figure(value=D("0.5"), reference=12)}),  # type: ignore[arg-type]
        ]
        assert self._check(*subs) == [
            "agency 'x', indicator 'r': a source and a reference must be strings, got ['agency'], ''",
            "agency 'y', indicator 'r': a source and a reference must be strings, got 'agency', 12",
        ]

    @given(rulesets(), st.data())
    def test_every_number_of_a_score_is_a_decimal(self, ruleset: Ruleset, data: st.DataObject) -> None:
        """Points, maxima, subtotals and totals are Decimal (not the int 0 of an empty sum), whatever is scored."""
        subs = data.draw(submissions(ruleset, complete=True))
        for s in score(ruleset, subs).scores:
            numbers = [s.earned, s.applicable_max, s.bonus, s.penalty, s.base, s.unrounded, s.total]
            numbers += [x for r in (*s.criteria, *s.bonuses, *s.penalties) for x in (r.points, r.max_points)]
            numbers += [x for sec in s.sections for x in (sec.points, sec.max_points, sec.scaled)]
            assert {type(x) for x in numbers if x is not None} == {Decimal}


class TestGapWithRoundingEachCriterion:
    """The gap plan's model of the score rounds each criterion as the engine does, capped at its maximum."""

    def test_plan_reaches_the_band(self) -> None:
        """
        Rounded up, 2.455 would be 2.46, but a criterion counts at most its maximum: three of them leave
        the agency at 79.99 (Khá), where counting 2.46 would have put it at 80.00. The plan must still lift it.
        """
        from indicator_index import apply_changes, plan_gap

        crits = (*(_crit(f"c{k}", "2.455", Proportional(indicator=f"a{k}")) for k in range(3)), _crit("d", "92.635", Proportional(indicator="b")))
        inds = (*(_ind(f"a{k}", "ratio") for k in range(3)), _ind("b", "ratio"))
        ruleset = _ruleset(crits, inds, mode="up", places=2, each=True)
        subs = [Submission(agency="x", group="g", values={"a0": 1, "a1": 1, "a2": 1, "b": D("0.7839")})]
        before = score(ruleset, subs).score_for("x")
        assert [r.points for r in before.criteria] == [D("2.455")] * 3 + [D("72.62")]
        assert (before.total, before.band) == (D("79.99"), "kha")
        gap = plan_gap(ruleset, subs, "x")
        assert gap.status == "reachable"
        assert gap.changes
        after = score(ruleset, apply_changes(subs, "x", gap.changes)).score_for("x")
        assert after.band == "tot"

    def test_model_caps_like_the_engine(self) -> None:
        """The explanation's model of a changed value gives the engine's points: 2.455 at most, not 2.46."""
        from indicator_index._explain import _Model

        crits = (_crit("c", "2.455", Proportional(indicator="a")), _crit("d", "97.545", Proportional(indicator="b")))
        ruleset = _ruleset(crits, (_ind("a", "ratio"), _ind("b", "ratio")), mode="up", places=2, each=True)
        subs = [Submission(agency="x", group="g", values={"a": D("0.5"), "b": D("0.5")})]
        model = _Model(score(ruleset, subs), "x")
        changed = model.evaluate({"a": D("0.9999")})
        engine = score(ruleset, [Submission(agency="x", group="g", values={"a": D("0.9999"), "b": D("0.5")})]).score_for("x")
        assert changed.points["c"] == engine.criterion("c").points == D("2.455")
        assert changed.total == engine.total


class TestSettle:
    """``settle``: inexact quotients are cut to 30 places, so that every sum of points is exact."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("15", "15"),  # a value with few places keeps its form
            ("0.5", "0.5"),
            ("0.12345678901234567890123456789", "0.12345678901234567890123456789"),  # 29 places
            ("0.333333333333333333333333333333", "0.333333333333333333333333333333"),  # exactly 30 places
            ("0.3333333333333333333333333333333333333333", "0.333333333333333333333333333333"),
            ("0.6666666666666666666666666666666666666667", "0.666666666666666666666666666667"),
            ("214285714.2857142857142857142857142857143", "214285714.285714285714285714285714285714"),  # 31 places
            ("1E-35", "0"),
            ("1234567890.123456789012345678901234567891", "1234567890.123456789012345678901234567891"),  # 30 places, 40 digits
            ("1234567890.1234567890123456789012345678915", "1234567890.123456789012345678901234567892"),  # 31: half-even
            ("17.00", "17"),  # the shortest form
        ],
    )
    def test_settle(self, value: str, expected: str) -> None:
        """A value with more than 30 places is rounded half-even to 30; one with at most 30 keeps its value, in its shortest form."""
        from decimal import localcontext

        from indicator_index._arithmetic import CONTEXT as _CONTEXT
        from indicator_index._arithmetic import settle

        with localcontext(_CONTEXT):  # the engine's 40-digit context, in which settle runs
            assert str(settle(D(value))) == expected


class TestTotalAtTheScale:
    """A total never rounds above the scale: it is then the largest multiple of the rounding step within it."""

    @pytest.mark.parametrize(
        ("scale", "places", "mode", "ratio", "expected"),
        [
            ("1.50", 0, "half_up", "1", "1"),  # 1.50 would round to 2, above the scale
            ("1.50", 0, "up", "0.6", "1"),  # 0.90 rounds up to 1: within the scale, as declared
            ("1.50", 1, "half_up", "1", "1.5"),  # the scale itself is a multiple of the step
            ("99.5", 0, "half_up", "1", "99"),  # 99.5 would round to 100
            ("99.5", 0, "half_up", "0.99", "99"),  # 98.505 rounds to 99, as declared
            ("100", 2, "up", "1", "100.00"),
            ("1.505", 2, "half_up", "1", "1.50"),  # 1.505 would round to 1.51: the largest cent within is 1.50
        ],
    )
    def test_total_at_scale(self, scale: str, places: int, mode: str, ratio: str, expected: str) -> None:
        """The traced engine and the batch scorer agree on the capped total."""
        from indicator_index import BatchScorer

        ruleset = self._ruleset(scale, places, mode)
        subs = [Submission(agency="x", group="g", values={"r": D(ratio)})]
        total = score(ruleset, subs).score_for("x").total
        assert str(total) == expected
        assert total <= D(scale)
        assert BatchScorer(ruleset).totals(subs).for_agency("x")[0] == total

    def _ruleset(self, scale: str, places: int, mode: str = "half_up") -> Ruleset:
        bands = (Band(id="top", label=Label(en="top"), min=D(scale)), Band(id="low", label=Label(en="low"), min=D(0)))
        return _ruleset((_crit("c", D(scale), Proportional(indicator="r")),), (_ind("r", "ratio"),), mode=mode, places=places, scale=D(scale), bands=bands)

    def test_gap_plan_knows_the_scale_cannot_be_reached(self) -> None:
        """At 0 places a scale of 1.50 tops out at 1, so the band starting at 1.50 is out of reach."""
        from indicator_index import plan_gap

        subs = [Submission(agency="x", group="g", values={"r": D("0.5")})]
        gap = plan_gap(self._ruleset("1.50", 0), subs, "x")
        assert gap.status == "unreachable"

    def test_robustness_ranks_capped_totals(self) -> None:
        """1.50 and 1.20 both total 1 at 0 places: tied, in every scenario of a zero variation."""
        from indicator_index import robustness

        subs = [Submission(agency=a, group="g", values={"r": D(r)}) for a, r in (("x", "1"), ("y", "0.8"))]
        result = score(self._ruleset("1.50", 0), subs)
        assert [s.rank for s in result.scores] == [1, 1]
        ranges = robustness(result, vary=0, draws=3, drop=False).agencies
        assert [(r.best, r.worst) for r in ranges] == [(1, 1), (1, 1)]


class TestBonusPenaltyEdges:
    """Caps and the clamp to [0, scale], at and around their edges."""

    def _ruleset(self) -> Ruleset:
        inds = (_ind("r", "ratio"), _ind("n", "count"), _ind("late", "count"))
        adj = Section(id="adj", label=Label(en="bonus and penalty"))
        return _ruleset(
            (_crit("c", 100, Proportional(indicator="r")),),
            inds,
            sections=(Section(id="s", label=Label(en="s")), adj),
            bonuses=(Bonus(id="b", label=Label(en="b"), max_points=D(5), rule=PerItem(indicator="n", points_per_item=D(1)), section="adj", provenance=PROV),),
            penalties=(
                Penalty(id="p", label=Label(en="p"), max_points=D(5), rule=PerItem(indicator="late", points_per_item=D(1)), section="adj", provenance=PROV),
            ),
            bonus_cap=D(3),
            penalty_cap=D(4),
        )

    def test_bonus_only_section(self) -> None:
        """A section holding only bonuses reports the bonus as its subtotal, and adds nothing to the base."""
        adj = Section(id="adj", label=Label(en="bonus"))
        ruleset = _ruleset(
            (_crit("c", 100, Proportional(indicator="r")),),
            (_ind("r", "ratio"), _ind("n", "count")),
            sections=(Section(id="s", label=Label(en="s")), adj),
            bonuses=(Bonus(id="b", label=Label(en="b"), max_points=D(5), rule=PerItem(indicator="n", points_per_item=D(1)), section="adj", provenance=PROV),),
            bonus_cap=D(3),
        )
        result = score(ruleset, [Submission(agency="x", group="g", values={"r": D("0.5"), "n": 2})]).score_for("x")
        assert (result.section("adj").points, result.section("adj").scaled, result.base, result.total) == (D(2), D(2), D(50), D("52.00"))

    @pytest.mark.parametrize(
        ("share", "items", "late", "total", "band", "notes"),
        [
            ("0.77", 3, 0, "80.00", "tot", ()),  # bonus exactly at its cap
            ("0.77", 4, 0, "80.00", "tot", ("bonus 4 capped at 3",)),  # above its cap counts as the cap
            ("0.77", 2, 0, "79.00", "kha", ()),
            ("0.84", 0, 4, "80.00", "tot", ()),  # penalty exactly at its cap
            ("0.84", 0, 5, "80.00", "tot", ("penalty 5 capped at 4",)),  # item max 5, all penalties capped at 4
            ("0.84", 0, 3, "81.00", "tot", ()),
            ("0.98", 3, 0, "100.00", "tot", ("total clamped to the scale (100)",)),
            ("0.97", 3, 0, "100.00", "tot", ()),  # exactly the scale: nothing clamped
            ("0.98", 0, 3, "95.00", "tot", ()),
            ("0.02", 0, 4, "0.00", "yeu", ("total clamped to 0",)),
            ("0.04", 0, 4, "0.00", "yeu", ()),  # exactly 0 before the clamp
            ("0.02", 3, 4, "1.00", "yeu", ()),
            ("0.6795", 0, 3, "64.95", "trung-binh", ()),
            ("0.61995", 3, 0, "65.00", "kha", ()),
        ],
    )
    def test_caps_and_clamp(self, share: str, items: int, late: int, total: str, band: str, notes: tuple[str, ...]) -> None:
        """Bonus and penalty are capped before they are added, the total is clamped to [0, 100] before rounding, and each cap or clamp that acted is noted."""
        ruleset = self._ruleset()
        result = score(ruleset, [Submission(agency="x", group="g", values={"r": D(share), "n": items, "late": late})]).score_for("x")
        assert (str(result.total), result.band, result.notes) == (total, band, notes)
        adjustment = result.section("adj")
        assert (adjustment.points, adjustment.max_points, adjustment.scaled) == (result.bonus - result.penalty, D(3), result.bonus - result.penalty)


def _points(rule: Any, inds: tuple[Indicator, ...], values: dict[str, object], top: str = "20", others: tuple[dict[str, object], ...] = ()) -> Decimal | None:
    """The points of criterion "c" (with maximum *top*) for agency "x", scored with *others* in its group."""
    group = AgencyGroup(id="g", label=Label(en="g"), total=D(top))
    ruleset = _ruleset((_crit("c", top, rule),), inds, groups=(group,))
    subs = [Submission(agency="x", group="g", values=values)] + [Submission(agency=f"o{i}", group="g", values=v) for i, v in enumerate(others)]
    return score(ruleset, subs).score_for("x").criterion("c").points


STEERING = Tiers(
    indicator="n",
    tiers=(Tier(at_least=D(4), points=D(20)), Tier(at_least=D(3), points=D(15)), Tier(at_least=D(2), points=D(10)), Tier(at_least=D(1), points=D(5))),
)
LATE = Tiers(indicator="n", tiers=(Tier(at_most=D(0), points=D(20)), Tier(at_most=D("2.5"), points=D(12)), Tier(at_most=D(5), points=D(4))), otherwise=D(1))


class TestTierEdges:
    """Each tier minimum (or maximum) exactly, and one step either side."""

    @pytest.mark.parametrize(
        ("value", "points"),
        [
            ("4", "20"),
            ("3.99", "15"),
            ("4.01", "20"),
            ("3", "15"),
            ("2.99", "10"),
            ("2", "10"),
            ("1.99", "5"),
            ("1", "5"),
            ("0.99", "0"),
            ("0", "0"),
            ("-1", "0"),
        ],
    )
    def test_at_least_tiers(self, value: str, points: str) -> None:
        """A value exactly at a tier's 'at_least' earns that tier; one step below earns the next (Decision 448's steering meetings: 4 → 20 … 1 → 5)."""
        assert _points(STEERING, (_ind("n", "number"),), {"n": D(value)}) == D(points)

    @pytest.mark.parametrize(("value", "points"), [("0", "20"), ("0.01", "12"), ("2.5", "12"), ("2.51", "4"), ("5", "4"), ("5.01", "1"), ("-3", "20")])
    def test_at_most_tiers(self, value: str, points: str) -> None:
        """A value exactly at a tier's 'at_most' earns that tier; one step above earns the next, and beyond the last, 'otherwise'."""
        assert _points(LATE, (_ind("n", "number"),), {"n": D(value)}) == D(points)

    @pytest.mark.parametrize(("count", "points"), [(4, "20"), (3, "15"), (1, "5"), (0, "0")])
    def test_count_tiers(self, count: int, points: str) -> None:
        """On a count indicator the tiers are reached at whole numbers."""
        assert _points(STEERING, (_ind("n", "count"),), {"n": count}) == D(points)


class TestRuleKindEdges:
    """Each rule kind at the values where its formula changes."""

    @pytest.mark.parametrize(
        ("a", "b", "when", "points"),
        [
            (5, 5, "zero", "20"),  # ratio exactly 1
            (6, 5, "zero", "20"),  # capped at 1
            (4, 5, "zero", "16"),
            (0, 5, "zero", "0"),
            (0, 0, "full", "20"),
            (3, 0, "zero", "0"),
            (3, 0, "not_applicable", None),
        ],
    )
    def test_ratio(self, a: int, b: int, when: str, points: str | None) -> None:
        """A ratio of exactly 1 earns the maximum, above 1 is capped, and a zero denominator gives what the rule declares."""
        rule = Ratio(numerator="a", denominator="b", when_denominator_zero=when)  # type: ignore[arg-type]
        result = _points(rule, (_ind("a", "count"), _ind("b", "count")), {"a": a, "b": b})
        assert result == (None if points is None else D(points))

    @pytest.mark.parametrize(
        ("direction", "mine", "others", "points"),
        [
            ("higher", "8", ("8", "4"), "20"),  # equal to the best
            ("higher", "4", ("8",), "10"),
            ("higher", "0", ("0",), "0"),  # best is zero: 'zero' by default
            ("lower", "2", ("2", "4"), "20"),  # equal to the lowest
            ("lower", "4", ("2",), "10"),
            ("lower", "0", ("3",), "20"),  # 0 is the best for lower-is-better
            ("lower", "3", ("0",), "0"),
        ],
    )
    def test_relative(self, direction: str, mine: str, others: tuple[str, ...], points: str) -> None:
        """Relative to the best in the group: equal to the best earns the maximum; a zero best is defined, never a division by zero."""
        rule = Relative(indicator="v", direction=direction)  # type: ignore[arg-type]
        assert _points(rule, (_ind("v", "number", min=D(0)),), {"v": D(mine)}, others=tuple({"v": D(o)} for o in others)) == D(points)

    @pytest.mark.parametrize(
        ("when", "mine", "others", "points"),
        [
            ("full", "0", ("0",), "20"),  # everyone at 0: full marks, as declared
            ("zero", "0", ("0",), "0"),
            ("full", "-3", ("-1",), "20"),  # no positive value in the group
            ("full", "0", ("4",), "0"),  # a positive best: the usual formula
        ],
    )
    def test_relative_when_the_best_is_zero(self, when: str, mine: str, others: tuple[str, ...], points: str) -> None:
        """When no agency in the group has a positive value, a higher-is-better relative rule gives what 'when_best_is_zero' declares."""
        rule = Relative(indicator="v", when_best_is_zero=when)  # type: ignore[arg-type]
        assert _points(rule, (_ind("v", "number"),), {"v": D(mine)}, others=tuple({"v": D(o)} for o in others)) == D(points)

    @pytest.mark.parametrize(("value", "points"), [(True, "3"), (False, "0.5")])
    def test_yes_no_with_declared_points(self, value: bool, points: str) -> None:
        """A yes/no rule earns its declared 'if_yes' (not the maximum) and 'if_no'."""
        rule = YesNo(indicator="y", if_yes=D(3), if_no=D("0.5"))
        assert _points(rule, (_ind("y", "yes_no"),), {"y": value}, top="5") == D(points)

    def test_best_of_relative_alternatives_with_a_missing_input(self) -> None:
        """An agency missing one alternative's input still counts in the group's best for the other alternative."""
        rule = BestOf(
            alternatives=(
                Part(id="a", max_points=D(20), rule=Relative(indicator="a")),
                Part(id="b", max_points=D(20), rule=Relative(indicator="b")),
            )
        )
        inds = (_ind("a", "count"), _ind("b", "count"))
        # x has only b = 10, the group's best b; y: a = 1 (best a is 4), b = 5 -> max(5, 10) = 10.
        assert _points(rule, inds, {"a": 1, "b": 5}, others=({"b": 10}, {"a": 4, "b": 0})) == D(10)

    @pytest.mark.parametrize(
        ("direction", "when", "mine", "others", "points"),
        [
            ("higher", "full", "10", ("0", "5"), "20"),
            ("higher", "full", "0", ("10", "5"), "0"),
            ("higher", "full", "5", ("0", "10"), "10"),
            ("lower", "full", "0", ("10",), "20"),
            ("higher", "full", "7", ("7",), "20"),  # everyone equal
            ("higher", "zero", "7", ("7",), "0"),
        ],
    )
    def test_min_max(self, direction: str, when: str, mine: str, others: tuple[str, ...], points: str) -> None:
        """Min–max in the group: the best earns the maximum, the worst 0, and an all-equal group gets what the rule declares."""
        rule = MinMax(indicator="v", direction=direction, when_all_equal=when)  # type: ignore[arg-type]
        assert _points(rule, (_ind("v", "number"),), {"v": D(mine)}, others=tuple({"v": D(o)} for o in others)) == D(points)

    @pytest.mark.parametrize(("count", "points"), [(0, "0"), (4, "16"), (5, "20"), (6, "20")])
    def test_per_item_cap(self, count: int, points: str) -> None:
        """Four points per item reach the 20-point cap at exactly 5 items and stay there."""
        assert _points(PerItem(indicator="n", points_per_item=D(4)), (_ind("n", "count"),), {"n": count}) == D(points)

    @pytest.mark.parametrize(("share", "items", "points"), [("1", 5, "20"), ("1", 0, "18"), ("0.5", 2, "11"), ("0", 2, "2")])
    def test_sum_with_cap(self, share: str, items: int, points: str) -> None:
        """A sum of parts (18 + 5 = 23) capped at the criterion's 20."""
        rule = SumOf(
            parts=(
                Part(id="share", max_points=D(18), rule=Proportional(indicator="r")),
                Part(id="items", max_points=D(5), rule=PerItem(indicator="n", points_per_item=D(1))),
            ),
            cap=D(20),
        )
        assert _points(rule, (_ind("r", "ratio"), _ind("n", "count")), {"r": D(share), "n": items}) == D(points)

    @pytest.mark.parametrize(("share", "level", "points"), [("0.5", "o1", "10"), ("0.5", "o0", "20"), ("0.75", "o2", "15"), ("0.25", "o1", "10")])
    def test_best_of(self, share: str, level: str, points: str) -> None:
        """The best of two alternatives counts, including when they tie."""
        rule = BestOf(
            alternatives=(
                Part(id="share", max_points=D(20), rule=Proportional(indicator="r")),
                Part(id="level", max_points=D(20), rule=Choice(indicator="lvl", fraction_by_option={"o0": D(1), "o1": D("0.5"), "o2": D(0)})),
            )
        )
        inds = (_ind("r", "ratio"), _ind("lvl", "choice", options=tuple(Option(id=f"o{k}") for k in range(3))))
        assert _points(rule, inds, {"r": D(share), "lvl": level}) == D(points)


RECONSTRUCTED = Provenance(status="reconstructed", citation="Phụ lục 1B", method="rule type 2 (ratio of counts)")


class TestTraceEdges:
    """The trace at the statuses that leave the usual path: not applicable, missing, refused claims."""

    def _ruleset(self, missing: str) -> Ruleset:
        rule = Ratio(numerator="a", denominator="b", when_denominator_zero="not_applicable")
        crits = (
            Criterion(id="c", section="s", label=Label(en="c"), max_points=D(60), rule=rule, provenance=RECONSTRUCTED, excludable=True, missing=missing),
            _crit("d", 40, Proportional(indicator="r")),
        )
        return _ruleset(crits, (_ind("a", "count"), _ind("b", "count"), _ind("r", "ratio")))

    def test_not_applicable(self) -> None:
        """A zero denominator declared 'not applicable' leaves the denominator, with its inputs, rule text, provenance and reason."""
        ruleset = self._ruleset("error")
        result = score(ruleset, [Submission(agency="x", group="g", values={"a": 3, "b": 0, "r": D("0.5")})]).score_for("x")
        trace = result.criterion("c")
        assert (trace.status, trace.points, trace.max_points, trace.section, trace.provenance) == ("not_applicable", None, ZERO, "s", "reconstructed")
        assert trace.reason == "b is 0, which the rule declares not applicable"
        assert [(i.indicator, i.value) for i in trace.inputs] == [("a", D(3)), ("b", D(0))]
        # The ruleset's labels of a and b are their English labels "a" and "b", which the Vietnamese text falls back to.
        assert trace.rule.vi == "điểm = «a» ÷ «b» × 60 (tối đa 1); mẫu số bằng 0: không áp dụng"
        assert trace.rule.en == "points = «a» ÷ «b» × 60 (capped at 1); zero denominator: not applicable"
        assert (result.applicable_max, result.total) == (D(40), D("50.00"))

    def test_a_claimant_leaves_the_cohort_of_the_criterion_it_claims(self) -> None:
        """An agency whose claim (with evidence) takes a relative criterion out of its denominator no longer counts as the group's best on it."""
        crits = (
            Criterion(id="c", section="s", label=Label(en="c"), max_points=D(60), rule=Relative(indicator="v"), provenance=PROV, excludable=True),
            _crit("d", 40, Proportional(indicator="r")),
        )
        ruleset = _ruleset(crits, (_ind("v", "count"), _ind("r", "ratio")))
        subs = [
            Submission(agency="best", group="g", values={"v": 10, "r": 1}, claims={"c": "Công văn 45/ĐPT"}),
            Submission(agency="x", group="g", values={"v": 4, "r": 1}),
            Submission(agency="y", group="g", values={"v": 2, "r": 1}),
        ]
        result = score(ruleset, subs)
        assert [result.score_for(a).criterion("c").points for a in ("x", "y")] == [D(60), D(30)]  # 4 is now the best, not 10

    def test_rounding_each_criterion_on_the_full_path(self) -> None:
        """A criterion scored on the engine's full path (here: a refused claim) is rounded as declared, like one on the inlined path."""
        crits = (
            Criterion(id="c", section="s", label=Label(en="c"), max_points=D(40), rule=Relative(indicator="v"), provenance=PROV, excludable=True),
            _crit("d", 60, Proportional(indicator="a")),
        )
        ruleset = _ruleset(crits, (_ind("a", "ratio"), _ind("v", "count")), places=2, each=True)
        subs = [Submission(agency="x", group="g", values={"a": D("0.5"), "v": 1}, claims={"c": ""}), Submission(agency="y", group="g", values={"a": 1, "v": 3})]
        result = score(ruleset, subs)
        assert [result.score_for(a).criterion("c").points for a in ("x", "y")] == [D("13.33"), D(40)]

    @pytest.mark.parametrize(
        ("missing", "status", "points", "note"),
        [
            ("zero", "missing_zero", ZERO, "no value for a, b: scored 0 by the missing-data policy"),
            ("exclude", "missing_excluded", None, "no value for a, b: left out of the total by the missing-data policy"),
        ],
    )
    def test_missing_values_with_a_refused_claim(self, missing: str, status: str, points: Decimal | None, note: str) -> None:
        """A claim without evidence is refused, and the missing-data policy then applies; the reason gives both, naming every missing input."""
        ruleset = self._ruleset(missing)
        result = score(ruleset, [Submission(agency="x", group="g", values={"r": D("0.5")}, claims={"c": ""})]).score_for("x")
        trace = result.criterion("c")
        assert (trace.status, trace.points, trace.section, trace.provenance, trace.inputs) == (status, points, "s", "reconstructed", ())
        assert trace.reason == f"claim that it is outside the agency's function refused: no evidence given; {note}"
        assert result.notes == ("claim that 'c' is outside the agency's function refused: no evidence given",)


RULE_TEXTS = [
    (Proportional(indicator="r"), "15", "điểm = tỷ lệ r × 15", "points = ratio r × 15"),
    (
        Ratio(numerator="a", denominator="b", when_denominator_zero="full"),
        "15",
        "điểm = a ÷ b × 15 (tối đa 1); mẫu số bằng 0: đủ điểm",
        "points = a ÷ b × 15 (capped at 1); zero denominator: full points",
    ),
    (
        Ratio(numerator="a", denominator="b", when_denominator_zero="zero"),
        "2.5",
        "điểm = a ÷ b × 2,5 (tối đa 1); mẫu số bằng 0: 0 điểm",
        "points = a ÷ b × 2.5 (capped at 1); zero denominator: 0 points",
    ),
    (
        Ratio(numerator="a", denominator="b", when_denominator_zero="not_applicable"),
        "15",
        "điểm = a ÷ b × 15 (tối đa 1); mẫu số bằng 0: không áp dụng",
        "points = a ÷ b × 15 (capped at 1); zero denominator: not applicable",
    ),
    (Relative(indicator="v"), "40", "điểm = v ÷ giá trị cao nhất trong nhóm × 40", "points = v ÷ the highest value in the group × 40"),
    (Relative(indicator="v", direction="lower"), "40", "điểm = giá trị thấp nhất trong nhóm ÷ v × 40", "points = the lowest value in the group ÷ v × 40"),
    (
        MinMax(indicator="v"),
        "10",
        "điểm = (v − thấp nhất) ÷ (cao nhất − thấp nhất) trong nhóm × 10",
        "points = (v − lowest) ÷ (highest − lowest) in the group × 10",
    ),
    (
        MinMax(indicator="v", direction="lower"),
        "10",
        "điểm = (cao nhất − v) ÷ (cao nhất − thấp nhất) trong nhóm × 10",
        "points = (highest − v) ÷ (highest − lowest) in the group × 10",
    ),
    (
        Tiers(indicator="n", tiers=(Tier(at_least=D(4), points=D(20)), Tier(at_least=D("2.5"), points=D("10.50")))),
        "20",
        "bậc theo n: ≥ 4 → 20, ≥ 2,5 → 10,50; còn lại → 0",
        "tiers on n: ≥ 4 → 20, ≥ 2.5 → 10.50; otherwise → 0",
    ),
    (
        Tiers(indicator="n", tiers=(Tier(at_most=D(0), points=D(5)),), otherwise=D(1)),
        "5",
        "bậc theo n: ≤ 0 → 5; còn lại → 1",
        "tiers on n: ≤ 0 → 5; otherwise → 1",
    ),
    (YesNo(indicator="y"), "5", "y: có → 5, không → 0", "y: yes → 5, no → 0"),
    (YesNo(indicator="y", if_yes=D(3), if_no=D("0.5")), "5", "y: có → 3, không → 0,5", "y: yes → 3, no → 0.5"),
    (
        Choice(indicator="c", points_by_option={"university": D(10), "college": D("7.5")}),
        "10",
        "theo lựa chọn c: university → 10, college → 7,5",
        "by option of c: university → 10, college → 7.5",
    ),
    (
        Choice(indicator="c", fraction_by_option={"university": D(1), "college": D("0.5")}),
        "10",
        "theo lựa chọn c: university → 10, college → 5",
        "by option of c: university → 10, college → 5",
    ),
    (PerItem(indicator="n", points_per_item=D("0.5")), "3", "0,5 điểm cho mỗi n, tối đa 3", "0.5 points per n, at most 3"),
    (
        SumOf(
            parts=(
                Part(id="connected", max_points=D(9), rule=Proportional(indicator="r")),
                Part(id="apps", max_points=D(3), rule=PerItem(indicator="n", points_per_item=D(1))),
            )
        ),
        "12",
        "tổng: [connected: điểm = tỷ lệ r × 9] + [apps: 1 điểm cho mỗi n, tối đa 3]",
        "sum: [connected: points = ratio r × 9] + [apps: 1 point per n, at most 3]",
    ),
    (
        SumOf(
            parts=(
                Part(id="connected", max_points=D(9), rule=Proportional(indicator="r")),
                Part(id="apps", max_points=D(3), rule=PerItem(indicator="n", points_per_item=D(1))),
            ),
            cap=D(10),
        ),
        "10",
        "tổng (≤ 10): [connected: điểm = tỷ lệ r × 9] + [apps: 1 điểm cho mỗi n, tối đa 3]",
        "sum (≤ 10): [connected: points = ratio r × 9] + [apps: 1 point per n, at most 3]",
    ),
    (
        BestOf(
            alternatives=(
                Part(id="ewallet", max_points=D(10), rule=Proportional(indicator="r")),
                Part(id="teams", max_points=D(10), rule=Tiers(indicator="n", tiers=(Tier(at_least=D(5), points=D(10)),))),
            )
        ),
        "10",
        "cao nhất trong các phương án: [ewallet: điểm = tỷ lệ r × 10] | [teams: bậc theo n: ≥ 5 → 10; còn lại → 0]",
        "best of: [ewallet: points = ratio r × 10] | [teams: tiers on n: ≥ 5 → 10; otherwise → 0]",
    ),
    (Info(indicator="n"), "0", "liệt kê, không tính điểm", "listed, not scored"),
]

LABELS = {
    "r": Label(vi="Tỷ lệ kết nối", en="Share connected"),
    "a": Label(vi="Văn bản ký số", en="Signed documents"),
    "b": Label(vi="Tổng văn bản", en="All documents"),
    "n": Label(vi="Số ứng dụng", en="Applications"),
    "v": Label(vi="Băng thông", en="Bandwidth"),
    "y": Label(vi="Có kế hoạch", en="Has a plan"),
    "c": Label(vi="Trình độ", en="Degree"),
    "w": Label(vi="Ví điện tử"),
}

LABELLED_RULE_TEXTS = [
    (Proportional(indicator="r"), "15", "điểm = tỷ lệ «Tỷ lệ kết nối» × 15", "points = ratio «Share connected» × 15"),
    (
        Ratio(numerator="a", denominator="b", when_denominator_zero="zero"),
        "2.5",
        "điểm = «Văn bản ký số» ÷ «Tổng văn bản» × 2,5 (tối đa 1); mẫu số bằng 0: 0 điểm",
        "points = «Signed documents» ÷ «All documents» × 2.5 (capped at 1); zero denominator: 0 points",
    ),
    (
        Relative(indicator="v", direction="lower"),
        "40",
        "điểm = giá trị thấp nhất trong nhóm ÷ «Băng thông» × 40",
        "points = the lowest value in the group ÷ «Bandwidth» × 40",
    ),
    (
        MinMax(indicator="v"),
        "10",
        "điểm = («Băng thông» − thấp nhất) ÷ (cao nhất − thấp nhất) trong nhóm × 10",
        "points = («Bandwidth» − lowest) ÷ (highest − lowest) in the group × 10",
    ),
    (
        Tiers(indicator="n", tiers=(Tier(at_most=D(0), points=D(5)),), otherwise=D(1)),
        "5",
        "bậc theo «Số ứng dụng»: ≤ 0 → 5; còn lại → 1",
        "tiers on «Applications»: ≤ 0 → 5; otherwise → 1",
    ),
    (YesNo(indicator="y"), "5", "«Có kế hoạch»: có → 5, không → 0", "«Has a plan»: yes → 5, no → 0"),
    (
        Choice(indicator="c", fraction_by_option={"university": D(1), "college": D("0.5")}),
        "10",
        "theo lựa chọn «Trình độ»: university → 10, college → 5",
        "by option of «Degree»: university → 10, college → 5",
    ),
    (PerItem(indicator="q", points_per_item=D("0.5")), "3", "0,5 điểm cho mỗi q, tối đa 3", "0.5 points per q, at most 3"),
    (
        SumOf(
            parts=(
                Part(id="connected", label="LAN/WAN", max_points=D(9), rule=Proportional(indicator="r")),
                Part(id="apps", max_points=D(3), rule=PerItem(indicator="n", points_per_item=D(1))),
            ),
            cap=D(10),
        ),
        "10",
        "tổng (≤ 10): [điểm = tỷ lệ «Tỷ lệ kết nối» × 9] + [1 điểm cho mỗi «Số ứng dụng», tối đa 3]",
        "sum (≤ 10): [points = ratio «Share connected» × 9] + [1 point per «Applications», at most 3]",
    ),
    (
        BestOf(
            alternatives=(
                Part(id="ewallet", max_points=D(10), rule=Proportional(indicator="w")),
                Part(id="teams", max_points=D(10), rule=Tiers(indicator="n", tiers=(Tier(at_least=D(5), points=D(10)),))),
            )
        ),
        "10",
        "cao nhất trong các phương án: [điểm = tỷ lệ «Ví điện tử» × 10] | [bậc theo «Số ứng dụng»: ≥ 5 → 10; còn lại → 0]",
        "best of: [points = ratio «Ví điện tử» × 10] | [tiers on «Applications»: ≥ 5 → 10; otherwise → 0]",
    ),
]


class TestRuleText:
    """Every rule kind and variant in words, in both languages, as traces and reports print it."""

    @pytest.mark.parametrize(("rule", "top", "vi", "en"), RULE_TEXTS, ids=lambda v: getattr(v, "kind", None))
    def test_describe(self, rule: Any, top: str, vi: str, en: str) -> None:
        """The rule's description names its inputs, its maximum and each special case (zero denominators, caps, tiers, options)."""
        text = rule.describe(D(top))
        assert (text.vi, text.en) == (vi, en)

    @pytest.mark.parametrize(("rule", "top", "vi", "en"), LABELLED_RULE_TEXTS, ids=lambda v: getattr(v, "kind", None))
    def test_describe_by_label(self, rule: Any, top: str, vi: str, en: str) -> None:
        """
        Given the indicators' labels, each text names them by the label in its own language, in «», nested parts too;
        a part is introduced by nothing: its id is internal and its label has no declared language.

        ``w`` has a Vietnamese label only, so the English text falls back to it; ``q`` is unknown and stays an id.
        """
        text = rule.describe(D(top), LABELS.get)
        assert (text.vi, text.en) == (vi, en)

    def test_an_empty_label_leaves_the_id(self) -> None:
        """A label empty in both languages (which a loaded ruleset refuses) names the indicator by id, not by «»."""
        text = Proportional(indicator="r").describe(D(1), {"r": Label()}.get)
        assert (text.vi, text.en) == ("điểm = tỷ lệ r × 1", "points = ratio r × 1")


def _round(value: Fraction, places: int, mode: str) -> Fraction:
    """An independent rounding oracle in exact rational arithmetic (for values >= 0)."""
    step = Fraction(1, 10**places)
    units = value / step
    low = math.floor(units)
    rest = units - low
    if mode in ("down", "floor"):
        chosen = low
    elif mode in ("up", "ceiling"):
        chosen = low if rest == 0 else low + 1
    elif rest != Fraction(1, 2):
        chosen = low if rest < Fraction(1, 2) else low + 1
    elif mode == "half_up":
        chosen = low + 1
    elif mode == "half_down":
        chosen = low
    else:
        chosen = low if low % 2 == 0 else low + 1
    return chosen * step


def _band(ruleset: Ruleset, total: Fraction) -> str:
    return max((b for b in ruleset.bands if Fraction(b.min) <= total), key=lambda b: b.min).id


def _distance_to_an_edge(ruleset: Ruleset, value: Decimal) -> float:
    return min(abs(float(value - b.min)) for b in ruleset.bands)


class TestSteeredTowardsEdges:
    """Hypothesis ``target()`` hill-climbs towards band edges; an exact Fraction oracle checks each total and band there."""

    @example(ratio=D("0.79995"), mode="half_up")
    @example(ratio=D("0.7999499999"), mode="half_up")
    @example(ratio=D("0.64995"), mode="half_down")
    @example(ratio=D("0.499999999"), mode="down")
    @example(ratio=D("0.4999999999"), mode="ceiling")
    @given(ratio=decimals(0, 1, places=10), mode=st.sampled_from(ROUNDING_MODES))
    def test_single_criterion_total_matches_the_oracle(self, ratio: Decimal, mode: str) -> None:
        """Invariant: near every band edge the total is the exact value rounded once by the declared mode, and the band is read off it."""
        ruleset = _share(mode)
        result = score(ruleset, [Submission(agency="x", group="g", values={"r": ratio})]).score_for("x")
        target(-_distance_to_an_edge(ruleset, result.unrounded), label="distance to a band edge")
        exact = _round(Fraction(ratio) * 100, 2, mode)
        assert Fraction(result.total) == exact
        assert result.band == _band(ruleset, exact)

    @given(st.data())
    def test_generated_cohort_totals_match_the_exact_oracle(self, data: st.DataObject) -> None:
        """Invariant: total = round(clamp(Σpoints/Σmax × scale + bonus − penalty)) in exact rationals, and the band follows, also at steered band edges."""
        exact_kinds = ("proportional", "tiers", "yes_no", "choice", "per_item", "sum", "best_of", "info")
        ruleset = data.draw(rulesets(kinds=exact_kinds, layout="flat", share_indicators=False))
        subs = data.draw(submissions(ruleset, max_size=3))
        result = score(ruleset, subs)
        scored = [s for s in result.scores if s.total is not None]
        if scored:
            target(-min(_distance_to_an_edge(ruleset, s.unrounded) for s in scored), label="distance to a band edge")
        for s in scored:
            earned = sum((Fraction(r.points) for r in s.criteria if r.points is not None), Fraction(0))
            top = sum((Fraction(r.max_points) for r in s.criteria if r.points is not None), Fraction(0))
            value = earned / top * Fraction(ruleset.scale) + Fraction(s.bonus) - Fraction(s.penalty)
            value = min(max(value, Fraction(0)), Fraction(ruleset.scale))
            exact = _round(value, ruleset.rounding.places, ruleset.rounding.mode)
            assert Fraction(s.total) == exact
            assert s.band == _band(ruleset, exact)


class TestFoundDefects:
    """
    Regression tests for defects these property and fuzz tests found (all fixed): each input once escaped
    the library's errors or scored out of bounds. docs/errors.md lists them under "Defects found".
    """

    def test_ratio_of_a_negative_number_is_not_below_zero(self) -> None:
        """A ratio rule over number indicators that allow negatives keeps its points within [0, max]: -5 / 10 scores 0, not -50 % of the maximum."""
        inds = (_ind("a", "number"), _ind("b", "number"))
        rule = Ratio(numerator="a", denominator="b", when_denominator_zero="zero")
        assert _points(rule, inds, {"a": D(-5), "b": D(10)}) == ZERO
        assert _points(rule, inds, {"a": D(-5), "b": D(-10)}) == D(10)

    def test_rounding_each_criterion_keeps_points_within_the_maximum(self) -> None:
        """With each_criterion rounding to 1 place, full marks on a 1.45-point criterion stay 1.45, not 1.5."""
        crits = (_crit("c", "1.45", Proportional(indicator="r")), _crit("d", "98.55", Proportional(indicator="s")))
        ruleset = _ruleset(crits, (_ind("r", "ratio"), _ind("s", "ratio")), places=1, each=True)
        result = score(ruleset, [Submission(agency="x", group="g", values={"r": 1, "s": 0})]).score_for("x")
        assert result.criterion("c").points == D("1.45")
        assert result.total == D("1.5")

    @pytest.mark.parametrize(
        ("rule", "kind", "values", "others"),
        [
            (MinMax(indicator="a"), "number", {"a": D("-9e999999")}, ({"a": D("9e999999")},)),
            (Ratio(numerator="a", denominator="b", when_denominator_zero="zero"), "number", {"a": D("1e999999"), "b": D("1e-999999")}, ()),
            (PerItem(indicator="a", points_per_item=D(50)), "count", {"a": D("9e999999")}, ()),
        ],
    )
    def test_extreme_values_raise_a_scoring_error(self, rule: Any, kind: str, values: dict[str, object], others: tuple[dict[str, object], ...]) -> None:
        """A value the arithmetic cannot hold (near Decimal's exponent limits) is refused with a ScoringError, never an ArithmeticError."""
        inds = tuple(_ind(i, kind) for i in sorted({*values, *(k for o in others for k in o)}))
        with pytest.raises(ScoringError, match=r"a number must be (less than 10\^15|0 or at least 10\^-15)"):
            _points(rule, inds, values, others=others)

    @pytest.mark.parametrize("field", ["agency", "group", "source"])
    def test_non_string_ids_raise_a_scoring_error(self, field: str) -> None:
        """An agency id, group or source that is not a string (e.g. a number from a spreadsheet) is reported as a ScoringError."""
        ruleset = _share()
        value: object = Figure(value=D("0.5"), source=7) if field == "source" else D("0.5")  # type: ignore[arg-type]
        sub = Submission(agency=123 if field == "agency" else "x", group=1 if field == "group" else "g", values={"r": value})  # type: ignore[arg-type]
        with pytest.raises(ScoringError, match="must be strings"):
            score(ruleset, [sub])
