"""
Hypothesis strategies for valid rulesets and the submissions that fit them.

Rulesets are built directly from the attrs classes, so every draw goes through
the same validation (``Ruleset.__attrs_post_init__``) as a loaded file. They
cover every rule kind (including ``sum`` and ``best_of`` nesting other kinds),
sections limited to some groups, criteria limited to some groups, per-group
maxima, group totals other than the scale, bands, every rounding mode, missing
data policies, excludable criteria and bonus/penalty items with caps.

Maxima are constructed to add up: in the "flat" layout the criteria partition
the scale exactly (cent by cent); in the "grouped" layout every group declares
the total its criteria add up to, unless that total happens to be the scale.

Every numeric field has an explicit strategy: no NaN, no infinity, no value
outside what the format allows. Strategies that produce invalid input on
purpose live in the tests that need them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

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
    Section,
    Submission,
    SumOf,
    Tier,
    Tiers,
    YesNo,
)


__all__ = [
    "ALL_KINDS",
    "COHORT_KINDS",
    "EVIDENCE",
    "INVISIBLE_EVIDENCE",
    "LEAF_KINDS",
    "NO_EVIDENCE",
    "ROUNDING_MODES",
    "UNREADABLE_EVIDENCE",
    "Leaf",
    "better_values",
    "decimals",
    "leaves",
    "rulesets",
    "submissions",
    "usage",
    "values_for",
]

ZERO = Decimal(0)
CENT = Decimal("0.01")
ALL_KINDS = ("proportional", "ratio", "relative", "min_max", "tiers", "yes_no", "choice", "per_item", "sum", "best_of", "info")
LEAF_KINDS = ("proportional", "ratio", "relative", "min_max", "tiers", "yes_no", "choice", "per_item")
COHORT_KINDS = ("relative", "min_max")
ROUNDING_MODES = ("half_up", "half_even", "half_down", "down", "up", "floor", "ceiling")
PROVENANCE = Provenance(status="decision", citation="tests/strategies.py (generated)")
RECONSTRUCTED = Provenance(status="reconstructed", citation="tests/strategies.py (generated)", method="rule type 1 (proportional)")
PROVENANCES = st.sampled_from((PROVENANCE, PROVENANCE, RECONSTRUCTED))
SOURCES = ("verification", "records", "agency")
# Display names in Vietnamese, so the ordering of tied agencies exercises the collation.
NAMES = ("", "Sở Nội vụ", "Sở Tài chính", "Đài Phát thanh", "Xã Hòa Bắc", "Xã Hoà Phong", "Ban Quản lý", "UBND phường Ấn Đồng")
# Claim evidence: references that count, and texts that do not (docs/scoring.md, "What counts as evidence").
EVIDENCE = ("Công văn 12/SNV", "doc-1", "doc\u200b1", " \tQĐ 5/UBND ", "\ufeffdoc-2")
NO_EVIDENCE = ("", " ", "\t\n ", "\u00a0", "\u3000")
INVISIBLE_EVIDENCE = ("\u200b", "\ufeff", " \u200b ", "\u2060", "\u00ad\u200b")
# Evidence no file should hold: a control character, a line separator (the cohort is refused).
UNREADABLE_EVIDENCE = ("doc\t1", "line\nbreak", "a\u2028b", "x\x07")
# Unbounded "number" indicators draw values from this range.
NUMBER_LO = Decimal(-100)
NUMBER_HI = Decimal(1000)


def decimals(lo: Decimal | int | str, hi: Decimal | int | str, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Finite Decimals in [lo, hi] with *places* decimal places (never NaN or infinity)."""
    return st.decimals(min_value=Decimal(lo), max_value=Decimal(hi), places=places, allow_nan=False, allow_infinity=False)


def _label(draw: st.DrawFn, what: str, index: int) -> Label:
    """A label: fixed text most of the time, sometimes drawn Vietnamese-ish text."""
    if draw(st.integers(0, 9)) == 0:
        text = draw(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ ", min_size=1, max_size=12).filter(str.strip))
        return Label(vi=text)
    return Label(vi=f"{what} {index}", en=f"{what} {index}")


class _Indicators:
    """Collects the indicators a ruleset's rules need, sharing some between rules."""

    def __init__(self, draw: st.DrawFn, *, share: bool, negative_ratio_inputs: bool) -> None:
        self.draw = draw
        self.share = share
        self.negative_ratio_inputs = negative_ratio_inputs
        self.items: list[Indicator] = []

    def new(self, types: tuple[str, ...], *, nonnegative: bool = False) -> str:
        """The id of an indicator of one of *types*: an existing one (sometimes) or a new one."""
        draw = self.draw
        if self.share:
            existing = [i for i in self.items if i.type in types and not (nonnegative and i.type == "number" and (i.min is None or i.min < ZERO))]
            if existing and draw(st.integers(0, 3)) == 0:
                return draw(st.sampled_from(existing)).id
        kind = draw(st.sampled_from(types))
        index = len(self.items)
        low: Decimal | None = None
        high: Decimal | None = None
        options: tuple[Option, ...] = ()
        if kind == "number":
            ranges: list[tuple[Decimal | None, Decimal | None]] = [(ZERO, None), (ZERO, Decimal(1000)), (ZERO, Decimal(5))]
            if not nonnegative:
                ranges += [(None, None), (Decimal(-100), Decimal(100)), (None, Decimal(500))]
            low, high = draw(st.sampled_from(ranges))
        elif kind == "choice":
            count = draw(st.integers(1, 4))
            options = tuple(Option(id=f"o{k}", label=Label(en=f"option {k}")) for k in range(count))
        self.items.append(Indicator(id=f"i{index}", label=_label(draw, "indicator", index), type=kind, min=low, max=high, options=options))
        return f"i{index}"

    def get(self, indicator_id: str) -> Indicator:
        return next(i for i in self.items if i.id == indicator_id)


def _bounds(indicator: Indicator) -> tuple[Decimal, Decimal]:
    """The range generated values of a numeric indicator are drawn from."""
    if indicator.type == "ratio":
        return ZERO, Decimal(1)
    if indicator.type == "count":
        return ZERO, Decimal(60)
    low = indicator.min if indicator.min is not None else NUMBER_LO
    high = indicator.max if indicator.max is not None else NUMBER_HI
    return low, high


def _numbers(indicator: Indicator) -> st.SearchStrategy[Decimal]:
    """Valid values of a ratio, count or number indicator, as Decimals."""
    low, high = _bounds(indicator)
    if indicator.type == "count":
        return st.integers(int(low), int(high)).map(Decimal)
    if indicator.type == "ratio":
        return st.one_of(st.sampled_from((ZERO, Decimal(1), Decimal("0.5"))), st.integers(0, 4).flatmap(lambda p: decimals(0, 1, p)))
    return st.one_of(st.sampled_from((low, high)), decimals(low, high, 2))


def _thresholds(draw: st.DrawFn, indicator: Indicator, count: int) -> list[Decimal]:
    values = draw(st.lists(_numbers(indicator), min_size=1, max_size=count, unique=True))
    return sorted(values)


def _partition(draw: st.DrawFn, total: Decimal, parts: int, *, allow_zero: bool = False) -> list[Decimal]:
    """*parts* multiples of a cent adding up exactly to *total* (positive unless *allow_zero*)."""
    cents = int(total / CENT)
    if parts <= 1:
        return [total]
    if allow_zero or cents < parts:
        cuts = sorted(draw(st.lists(st.integers(0, cents), min_size=parts - 1, max_size=parts - 1)))
    else:
        cuts = sorted(draw(st.lists(st.integers(1, cents - 1), min_size=parts - 1, max_size=parts - 1, unique=True)))
    edges = [0, *cuts, cents]
    return [Decimal(b - a) * CENT for a, b in itertools.pairwise(edges)]


def _rule(draw: st.DrawFn, kind: str, top: Decimal, inds: _Indicators, depth: int = 0, leaf_kinds: tuple[str, ...] = LEAF_KINDS) -> Any:
    """A valid rule of *kind* for a maximum of *top* points; ``sum`` and ``best_of`` nest *leaf_kinds*."""
    if kind == "proportional":
        return Proportional(indicator=inds.new(("ratio",)))
    if kind == "ratio":
        nonneg = not inds.negative_ratio_inputs
        return Ratio(
            numerator=inds.new(("count", "number"), nonnegative=nonneg),
            denominator=inds.new(("count", "number"), nonnegative=nonneg),
            when_denominator_zero=draw(st.sampled_from(("full", "zero", "not_applicable"))),
        )
    if kind == "relative":
        return Relative(
            indicator=inds.new(("ratio", "count", "number")),
            direction=draw(st.sampled_from(("higher", "lower"))),
            when_best_is_zero=draw(st.sampled_from(("zero", "full"))),
        )
    if kind == "min_max":
        return MinMax(
            indicator=inds.new(("ratio", "count", "number")),
            direction=draw(st.sampled_from(("higher", "lower"))),
            when_all_equal=draw(st.sampled_from(("full", "zero"))),
        )
    if kind == "tiers":
        indicator = inds.get(inds.new(("ratio", "count", "number")))
        thresholds = _thresholds(draw, indicator, 4)
        points = sorted((draw(decimals(0, top)) for _ in thresholds), reverse=True)
        otherwise = draw(decimals(0, points[-1]))
        if draw(st.booleans()):
            tiers = tuple(Tier(at_least=t, points=p) for t, p in zip(reversed(thresholds), points, strict=True))
        else:
            tiers = tuple(Tier(at_most=t, points=p) for t, p in zip(thresholds, points, strict=True))
        return Tiers(indicator=indicator.id, tiers=tiers, otherwise=otherwise)
    if kind == "yes_no":
        return YesNo(indicator=inds.new(("yes_no",)), if_yes=draw(st.none() | decimals(0, top)), if_no=draw(decimals(0, top)))
    if kind == "choice":
        indicator = inds.get(inds.new(("choice",)))
        if draw(st.booleans()):
            return Choice(indicator=indicator.id, points_by_option={o: draw(decimals(0, top)) for o in indicator.option_ids})
        return Choice(indicator=indicator.id, fraction_by_option={o: draw(decimals(0, 1)) for o in indicator.option_ids})
    if kind == "per_item":
        return PerItem(indicator=inds.new(("count",)), points_per_item=draw(decimals("0.25", 10)))
    if kind == "sum":
        count = draw(st.integers(1, 3))
        capped = top > ZERO and draw(st.booleans())
        maxima = _partition(draw, top, count, allow_zero=draw(st.booleans()))
        if capped:
            extra = draw(decimals(0, 5))
            index = draw(st.integers(0, count - 1))
            maxima[index] += extra
        sub_kinds = leaf_kinds + (("sum", "best_of") if depth < 1 else ())
        parts = tuple(
            Part(
                id=f"p{k}",
                max_points=m,
                rule=_rule(draw, "info" if m == ZERO and draw(st.booleans()) else draw(st.sampled_from(sub_kinds)), m, inds, depth + 1, leaf_kinds),
            )
            for k, m in enumerate(maxima)
        )
        return SumOf(parts=parts, cap=top if capped else None)
    if kind == "best_of":
        count = draw(st.integers(1, 3))
        sub_kinds = leaf_kinds + (("sum",) if depth < 1 else ())
        return BestOf(
            alternatives=tuple(
                Part(id=f"a{k}", max_points=top, rule=_rule(draw, draw(st.sampled_from(sub_kinds)), top, inds, depth + 1, leaf_kinds)) for k in range(count)
            )
        )
    if kind == "info":
        if draw(st.booleans()):
            return Info()
        return Info(indicator=inds.new(("ratio", "count", "number", "yes_no", "choice")))
    msg = f"unknown rule kind {kind!r}"
    raise ValueError(msg)


def _subset(draw: st.DrawFn, ids: tuple[str, ...]) -> tuple[str, ...]:
    """A non-empty subset of *ids*, in their order."""
    chosen = set(draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)))
    return tuple(i for i in ids if i in chosen)


@st.composite
def rulesets(
    draw: st.DrawFn,
    *,
    kinds: tuple[str, ...] = ALL_KINDS,
    min_criteria: int = 1,
    max_criteria: int = 6,
    layout: str | None = None,
    adjustments: bool | None = None,
    missing: str | None = None,
    rounding: Rounding | None = None,
    share_indicators: bool = True,
    negative_ratio_inputs: bool = False,
    shuffle_sources: bool = False,
) -> Ruleset:
    """
    A valid ruleset.

    Args:
        kinds: The rule kinds criteria may use (``sum`` and ``best_of`` nest leaf kinds).
        min_criteria: The fewest criteria (before any added to give every group one).
        max_criteria: The most criteria drawn.
        layout: ``"flat"`` (every section and criterion applies to every group and the
            maxima partition the scale) or ``"grouped"``; drawn when ``None``.
        adjustments: Whether there are bonus/penalty items; drawn when ``None``.
        missing: The ruleset's missing-data policy; drawn when ``None``.
        rounding: The rounding; drawn when ``None``.
        share_indicators: Whether rules may share an indicator.
        negative_ratio_inputs: Whether ratio rules may use ``number`` indicators
            that allow negative values (their points are kept within [0, max],
            but a higher numerator is then not always better, so the
            monotonicity properties leave them out).
        shuffle_sources: Whether the ruleset lists its ``sources`` in a drawn order
            (otherwise the default order).
    """
    layout = layout or draw(st.sampled_from(("flat", "grouped")))
    scorable = tuple(k for k in kinds if k != "info")
    if not scorable:
        msg = "rulesets() needs at least one rule kind other than 'info'"
        raise ValueError(msg)
    inds = _Indicators(draw, share=share_indicators, negative_ratio_inputs=negative_ratio_inputs)
    leaf_kinds = tuple(k for k in kinds if k in LEAF_KINDS) or LEAF_KINDS

    group_ids = tuple(f"g{i}" for i in range(draw(st.integers(1, 3))))
    groups_label = {g: _label(draw, "group", i) for i, g in enumerate(group_ids)}
    section_ids = tuple(f"s{i}" for i in range(draw(st.integers(1, 3))))
    section_groups: dict[str, tuple[str, ...] | None] = {}
    for i, s in enumerate(section_ids):
        section_groups[s] = None if i == 0 or layout == "flat" or draw(st.booleans()) else _subset(draw, group_ids)

    def applies(s: str) -> tuple[str, ...]:
        return section_groups[s] or group_ids

    count = draw(st.integers(min_criteria, max_criteria))
    if layout == "flat":
        scale = draw(st.sampled_from((Decimal(100), Decimal(100), Decimal(10), Decimal(1000))))
        maxima = _partition(draw, scale, count)
        plan = [(draw(st.sampled_from(scorable)), m) for m in maxima]
        if "info" in kinds and draw(st.booleans()):
            plan.insert(draw(st.integers(0, len(plan))), ("info", ZERO))
    else:
        scale = ZERO
        plan = []
        for _ in range(count):
            kind = draw(st.sampled_from(kinds))
            plan.append((kind, ZERO if kind == "info" else draw(decimals("0.5", 40))))

    criteria: list[Criterion] = []

    def add(kind: str, top: Decimal, section: str, groups: tuple[str, ...] | None, by_group: dict[str, Decimal]) -> None:
        index = len(criteria)
        criteria.append(
            Criterion(
                id=f"c{index}",
                section=section,
                label=_label(draw, "criterion", index),
                max_points=top,
                max_points_by_group=by_group,
                rule=_rule(draw, kind, top, inds, 0, leaf_kinds),
                groups=groups,
                excludable=draw(st.booleans()),
                missing=draw(st.none() | st.sampled_from(("error", "zero", "exclude"))),
                provenance=draw(PROVENANCES),
            )
        )

    for kind, top in plan:
        section = draw(st.sampled_from(section_ids))
        groups = None
        by_group: dict[str, Decimal] = {}
        if layout == "grouped":
            if draw(st.booleans()):
                groups = _subset(draw, applies(section))
            if kind != "info":
                for g in groups or applies(section):
                    if draw(st.integers(0, 3)) == 0:
                        by_group[g] = draw(decimals("0.5", 40))
        add(kind, top, section, groups, by_group)

    def group_sum(g: str) -> Decimal:
        total = ZERO
        for c in criteria:
            if g in (c.groups or applies(c.section)):
                total += c.max_for(g)
        return total

    for g in group_ids:
        if group_sum(g) == ZERO:
            add(draw(st.sampled_from(scorable)), draw(decimals("0.5", 40)), section_ids[0], (g,), {})
    sums = {g: group_sum(g) for g in group_ids}
    if layout == "grouped":
        scale = draw(st.sampled_from((Decimal(100), Decimal(1000), sums[group_ids[0]])))
    groups = tuple(AgencyGroup(id=g, label=groups_label[g], total=None if sums[g] == scale else sums[g]) for g in group_ids)

    sections = [Section(id=s, label=_label(draw, "section", i), number=i + 1, groups=section_groups[s]) for i, s in enumerate(section_ids)]
    bonuses: list[Bonus] = []
    penalties: list[Penalty] = []
    bonus_cap = penalty_cap = None
    if adjustments if adjustments is not None else draw(st.booleans()):
        sections.append(Section(id="adj", label=Label(vi="Điểm thưởng và điểm trừ", en="Bonus and penalty"), number=len(sections) + 1))
        n_bonus = draw(st.integers(0, 2))
        n_penalty = draw(st.integers(0 if n_bonus else 1, 2))
        for cls, target, n, prefix in ((Bonus, bonuses, n_bonus, "b"), (Penalty, penalties, n_penalty, "p")):
            for k in range(n):
                top = draw(decimals("0.5", 10))
                target.append(
                    cls(
                        id=f"{prefix}{k}",
                        label=_label(draw, "adjustment", k),
                        max_points=top,
                        rule=_rule(draw, draw(st.sampled_from(leaf_kinds)), top, inds, 0, leaf_kinds),
                        section=draw(st.sampled_from(("adj", None))),
                        groups=None if len(group_ids) == 1 or draw(st.booleans()) else _subset(draw, group_ids),
                        missing=draw(st.none() | st.sampled_from(("zero", "exclude"))),
                        provenance=draw(PROVENANCES),
                    )
                )
        bonus_cap = draw(decimals("0.5", 10)) if bonuses or draw(st.booleans()) else None
        penalty_cap = draw(decimals("0.5", 10)) if penalties or draw(st.booleans()) else None
    sections = draw(st.permutations(sections))

    band_mins = [ZERO, *draw(st.lists(decimals(CENT, scale), max_size=4, unique=True))]
    bands = tuple(Band(id=f"b{i}", label=_label(draw, "band", i), min=m) for i, m in enumerate(sorted(set(band_mins), reverse=True)))
    bands = tuple(draw(st.permutations(bands)))

    if rounding is None:
        rounding = Rounding(
            places=draw(st.sampled_from((2, 2, 0, 1, 3))),
            mode=draw(st.sampled_from(ROUNDING_MODES)),
            each_criterion=draw(st.booleans()),
        )
    return Ruleset(
        schema_version=1,
        id=draw(st.sampled_from(("generated", "gen-2024", "Gen_1.0"))),
        version="1.0.0",
        title=Label(vi="Bộ chỉ số sinh tự động", en="Generated index"),
        legal_basis=LegalBasis(number="0/TEST", issuer="tests", date=dt.date(2024, 1, 1)),
        effective=Period(start=dt.date(2024, 1, 1)),
        scale=scale,
        rounding=rounding,
        missing=missing or draw(st.sampled_from(("error", "zero", "exclude"))),
        bands=bands,
        groups=groups,
        sections=tuple(sections),
        indicators=tuple(inds.items),
        criteria=tuple(criteria),
        bonuses=tuple(bonuses),
        penalties=tuple(penalties),
        bonus_cap=bonus_cap,
        penalty_cap=penalty_cap,
        sources=tuple(draw(st.permutations(SOURCES))) if shuffle_sources else SOURCES,
    )


# --- What rules read ------------------------------------------------------


class Leaf:
    """One place where an item's rule reads an indicator."""

    def __init__(self, item: Any, rule: Any, indicator: str, role: str, top: Decimal, polarity: int) -> None:
        self.item = item
        self.rule = rule
        self.indicator = indicator
        self.role = role
        self.top = top
        self.polarity = polarity

    def __repr__(self) -> str:
        return f"Leaf({self.item.id!r}, {self.rule.kind!r}, {self.indicator!r}, {self.role!r})"


def leaves(rule: Any, top: Decimal) -> Iterator[tuple[Any, str, str, Decimal]]:
    """(leaf rule, indicator, role, maximum the leaf is scored on) for every indicator *rule* reads."""
    if isinstance(rule, SumOf):
        for part in rule.parts:
            yield from leaves(part.rule, part.max_points)
    elif isinstance(rule, BestOf):
        for part in rule.alternatives:
            yield from leaves(part.rule, top)
    elif isinstance(rule, Ratio):
        yield rule, rule.numerator, "numerator", top
        yield rule, rule.denominator, "denominator", top
    elif isinstance(rule, Info):
        if rule.indicator is not None:
            yield rule, rule.indicator, "info", top
    else:
        yield rule, rule.indicator, "value", top


def usage(ruleset: Ruleset) -> dict[str, list[Leaf]]:
    """Indicator id -> every place a criterion, bonus or penalty reads it."""
    out: dict[str, list[Leaf]] = {i.id: [] for i in ruleset.indicators}
    for items, polarity in ((ruleset.criteria, 1), (ruleset.bonuses, 1), (ruleset.penalties, -1)):
        for item in items:
            for rule, indicator, role, top in leaves(item.rule, item.max_points):
                out[indicator].append(Leaf(item, rule, indicator, role, top, polarity))
    return out


# --- Values and submissions -------------------------------------------------


def values_for(indicator: Indicator) -> st.SearchStrategy[object]:
    """Valid raw values of *indicator* (Decimals, and ints for counts)."""
    if indicator.type == "yes_no":
        return st.booleans()
    if indicator.type == "choice":
        return st.sampled_from(indicator.option_ids)
    if indicator.type == "count":
        return st.one_of(_numbers(indicator), st.integers(0, 60))
    return _numbers(indicator)


def _policy(ruleset: Ruleset, item: Any) -> str:
    return str(item.missing or ruleset.missing)


def _needed(ruleset: Ruleset, group: str) -> dict[str, bool]:
    """Indicator id -> whether it may be left out (no item needing it has the ``error`` policy) for *group*."""
    items = [*ruleset.criteria_for(group)]
    items += [b for b in ruleset.bonuses if b.groups is None or group in b.groups]
    items += [p for p in ruleset.penalties if p.groups is None or group in p.groups]
    out: dict[str, bool] = {}
    for item in items:
        if item.rule.kind == "info":
            for ind in item.rule.indicator_ids():
                out.setdefault(ind, True)
            continue
        droppable = _policy(ruleset, item) != "error"
        for ind in item.rule.indicator_ids():
            out[ind] = out.get(ind, True) and droppable
    return out


@st.composite
def submissions(
    draw: st.DrawFn,
    ruleset: Ruleset,
    *,
    min_size: int = 1,
    max_size: int = 6,
    complete: bool = False,
    claims: bool = True,
    sources: bool = True,
    groups: tuple[str, ...] | None = None,
    evidence: tuple[str, ...] = ("Công văn 12/SNV", "doc-1", ""),
    blank_figures: bool = False,
    drop_any: bool = False,
    bad_claims: bool = False,
) -> tuple[Submission, ...]:
    """
    Valid submissions for *ruleset*: one per agency, ids ``a0``, ``a1``, ...

    Args:
        ruleset: The ruleset they must fit.
        min_size: The fewest agencies.
        max_size: The most agencies.
        complete: Give every indicator an item needs (otherwise values are left
            out where the missing-data policy allows it).
        claims: Whether agencies may claim excludable criteria (with evidence, or
            without, which is refused).
        sources: Whether some values come as figures from several sources.
        groups: The groups agencies are drawn from (all when ``None``).
        evidence: The evidence texts claims are drawn from (see ``EVIDENCE``,
            ``NO_EVIDENCE`` and ``INVISIBLE_EVIDENCE``).
        blank_figures: Whether a figure from a higher-precedence source may be
            blank (``value=None``), so that the next source's figure wins, or the
            only figure blank, so that there is no value.
        drop_any: Whether values may be left out even where the missing-data
            policy is ``error`` (the cohort is then refused).
        bad_claims: Whether agencies may claim criteria that may not be claimed
            (the cohort is then refused).
    """
    group_ids = groups or tuple(g.id for g in ruleset.groups)
    count = draw(st.integers(min_size, max_size))
    indicators = {i.id: i for i in ruleset.indicators}
    out = []
    for k in range(count):
        group = draw(st.sampled_from(group_ids))
        values: dict[str, object] = {}
        for ind, droppable in _needed(ruleset, group).items():
            if not complete and (droppable or (drop_any and draw(st.integers(0, 5)) == 0)) and draw(st.integers(0, 4)) == 0:
                continue
            value = draw(values_for(indicators[ind]))
            if blank_figures and draw(st.integers(0, 4)) == 0:
                # A blank figure from the first source: the next one's value wins, or none at all.
                order = ruleset.sources
                figures = [Figure(value=None, source=order[0], reference="blank")]
                if draw(st.integers(0, 3)) > 0 or (not drop_any and not droppable):
                    figures.append(Figure(value=value, source=draw(st.sampled_from(order[1:])), reference="ref"))
                values[ind] = figures
            elif sources and draw(st.integers(0, 5)) == 0:
                chosen = draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=3, unique=True))
                figures = [Figure(value=value if s == chosen[0] else draw(values_for(indicators[ind])), source=s, reference=f"ref-{s}") for s in chosen]
                figures.sort(key=lambda f: SOURCES.index(f.source))
                values[ind] = figures
            else:
                values[ind] = value
        claimed: dict[str, str] = {}
        if claims:
            for c in ruleset.criteria_for(group):
                if (c.excludable or (bad_claims and draw(st.integers(0, 5)) == 0)) and draw(st.integers(0, 3)) == 0:
                    claimed[c.id] = draw(st.sampled_from(evidence))
        out.append(Submission(agency=f"a{k}", group=group, name=draw(st.sampled_from(NAMES)), values=values, claims=claimed))
    return tuple(out)


# --- Improving a value --------------------------------------------------------


def _direction(leaf: Leaf) -> str | None:
    """``"higher"``, ``"lower"`` or ``None`` (no better direction) for what the leaf reads."""
    rule = leaf.rule
    if leaf.role in ("denominator", "info"):
        return None
    if isinstance(rule, Proportional | Ratio | PerItem):
        return "higher"
    if isinstance(rule, Relative | MinMax | Tiers):
        return rule.direction
    return None


def _option_points(leaf: Leaf) -> Mapping[object, Decimal]:
    """Value -> points for the discrete kinds (yes/no and choice)."""
    rule = leaf.rule
    if isinstance(rule, YesNo):
        yes = leaf.top if rule.if_yes is None else rule.if_yes
        return {True: yes, False: rule.if_no}
    if rule.points_by_option is not None:
        return dict(rule.points_by_option)
    return {o: f * leaf.top for o, f in rule.fraction_by_option.items()}


def better_values(leaf: Leaf, indicator: Indicator, current: object) -> st.SearchStrategy[object]:
    """
    Values of *indicator* at least as good as *current* for the item *leaf* belongs to.

    "Good" follows the rule's declared direction (``higher``/``lower``), and for
    yes/no and choice rules the value earning at least as many points; for a
    penalty, good means fewer penalty points.
    """
    if isinstance(leaf.rule, YesNo | Choice):
        table = _option_points(leaf)
        now = table[current]
        better = [v for v, p in table.items() if (p >= now if leaf.polarity > 0 else p <= now)]
        return st.sampled_from(sorted(better, key=str))
    direction = _direction(leaf)
    if direction is None:
        return st.just(current)
    if leaf.polarity < 0:
        direction = "lower" if direction == "higher" else "higher"
    value = Decimal(current)  # type: ignore[arg-type]
    low, high = _bounds(indicator)
    if indicator.type == "number":
        low = indicator.min if indicator.min is not None else min(value, NUMBER_LO) - 500
        high = indicator.max if indicator.max is not None else max(value, NUMBER_HI) + 500
    if indicator.type == "count":
        high = max(high, value) + 20
    if direction == "higher":
        room = high - value
        steps = st.integers(0, int(room)).map(Decimal) if indicator.type == "count" else decimals(0, room.quantize(CENT, rounding="ROUND_DOWN"))
        return st.one_of(st.just(high), st.just(value), steps.map(lambda d: value + d))
    room = value - low
    steps = st.integers(0, int(room)).map(Decimal) if indicator.type == "count" else decimals(0, room.quantize(CENT, rounding="ROUND_DOWN"))
    return st.one_of(st.just(low), st.just(value), steps.map(lambda d: value - d))
