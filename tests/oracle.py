"""
A reference scorer: ``docs/scoring.md`` written out as plainly as possible, to check the engine against.

It is slow and obvious on purpose. Every step of the pipeline is one small function that cites the part of
``docs/scoring.md`` it implements (the numbered list under "The pipeline" and the paragraphs of "Every step
precisely"). Arithmetic is exact, in ``fractions.Fraction``: the engine's settling at 30 places is a detail of
its ``Decimal`` representation, which the tests allow for when they compare (see
``tests/property/test_oracle_properties.py``).

It reads the ruleset's data (criteria, rules, groups, bands, policies) and the submissions through their
attributes only, and imports nothing from ``indicator_index`` but the public model types (a test checks it):
no helper of the engine is used, so a mistake made the same way in every engine path still shows here.

>>> from tests.oracle import oracle_score, OracleRefusal  # doctest: +SKIP
>>> result = oracle_score(ruleset, submissions)  # doctest: +SKIP
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from indicator_index import Ruleset, Submission


__all__ = ["OracleAgency", "OracleRefusal", "OracleResult", "check_submissions", "oracle_score", "round_as_declared", "round_to"]

Problem = tuple[str | None, str | None, str | None]  # (agency, criterion or item, indicator)


class OracleRefusal(Exception):  # noqa: N818 - the name other tests code against
    """Where the engine must refuse: *problems* lists (agency, criterion or ``None``, indicator or ``None``)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s): {problems}")
        self.problems = problems


@dataclass
class OracleAgency:
    """One agency's result. ``criteria`` maps each criterion/bonus/penalty id to (status, points); points are ``None`` when not counted."""

    agency: str
    group: str
    status: str
    earned: Fraction
    applicable_max: Fraction
    base: Fraction | None
    bonus: Fraction
    penalty: Fraction
    unrounded: Fraction | None
    total: Fraction | None
    band: str | None
    rank: int | None
    criteria: dict[str, tuple[str, Fraction | None]]


@dataclass
class OracleResult:
    """The oracle's assessment: each agency by id, and the band counts per group."""

    agencies: dict[str, OracleAgency]
    band_counts: dict[str, dict[str, int]]
    stats: dict[tuple[str, str, str], list[Fraction]]

    def group_values(self, group: str, indicator: str, item: str | None = None) -> list[Fraction]:
        """The values the cohort-relative rules of *group* compare with for *indicator* (of one *item*, or of every item reading it)."""
        out: list[Fraction] = []
        for (g, i, ind), values in self.stats.items():
            if g == group and ind == indicator and item in (None, i):
                out.extend(values)
        return out


def clean_id(text: str) -> str:
    """Ids and option values: surrounding white space removed, Unicode NFC ("Every step precisely", claims)."""
    return unicodedata.normalize("NFC", text.lstrip("\ufeff").strip())


# --- Step 1: check the submissions; step 2: resolve each value by source precedence -------------------


def as_number(raw: object) -> Fraction | None:
    """An exact number from an int, a Decimal or a float (read through its repr); ``None`` if it is not a finite number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, float):
        raw = Decimal(repr(raw))
    if isinstance(raw, Decimal) and raw.is_finite():
        return Fraction(raw)
    return None


def check_value(indicator: Any, raw: object) -> tuple[bool, object]:
    """Step 1: whether *raw* is of the indicator's declared type and within its range, and the value."""
    kind = indicator.type
    if kind == "yes_no":
        return isinstance(raw, bool), raw
    if kind == "choice":
        ok = isinstance(raw, str) and clean_id(raw) in [o.id for o in indicator.options]
        return ok, clean_id(raw) if ok else raw
    value = as_number(raw)
    if value is None:
        return False, raw
    if kind == "ratio":
        return 0 <= value <= 1, value
    if kind == "count":
        return value >= 0 and value.denominator == 1, value
    low, high = indicator.min, indicator.max
    return (low is None or value >= Fraction(low)) and (high is None or value <= Fraction(high)), value


def resolve_value(ruleset: Ruleset, figures: Iterable[Any]) -> object | None:
    """Step 2: the value of the figure from the source listed first in ``sources``; blank figures supply nothing."""
    given = [f for f in figures if f.value is not None]
    if not given:
        return None
    return min(given, key=lambda f: list(ruleset.sources).index(clean_id(f.source))).value


def applies(ruleset: Ruleset, item: Any, group: str) -> bool:
    """Step 3: whether a criterion (by its groups, else its section's) or a bonus/penalty item (by its groups) applies to *group*."""
    groups = item.groups
    if groups is None and hasattr(item, "excludable"):
        groups = next(s.groups for s in ruleset.sections if s.id == item.section)
    return groups is None or group in groups


def group_max(item: Any, group: str) -> Fraction:
    """Step 3: the item's maximum for *group*: its ``max_points_by_group`` entry, else its ``max_points``."""
    by_group = getattr(item, "max_points_by_group", {})
    return Fraction(by_group[group]) if group in by_group else Fraction(item.max_points)


def check_submissions(ruleset: Ruleset, submissions: Iterable[Submission]) -> list[dict[str, Any]]:
    """Step 1 and 2: every agency's group, values and claims, or a refusal listing every problem."""
    problems: list[Problem] = []
    agencies: list[dict[str, Any]] = []
    indicators = {i.id: i for i in ruleset.indicators}
    for sub in submissions:
        agency, group = clean_id(sub.agency), clean_id(sub.group)
        if any(a["agency"] == agency for a in agencies):
            problems.append((agency, None, None))
            continue
        if group not in [g.id for g in ruleset.groups]:
            problems.append((agency, None, None))
            continue
        values: dict[str, Any] = {}
        for key, figures in sub.values.items():
            indicator = indicators.get(clean_id(key))
            if indicator is None:
                problems.append((agency, None, key))
                continue
            sources = [clean_id(f.source) for f in figures]
            for k, figure in enumerate(figures):
                unknown = sources[k] not in ruleset.sources or sources[k] in sources[:k]
                if unknown or (figure.value is not None and not check_value(indicator, figure.value)[0]):
                    problems.append((agency, None, indicator.id))
            if any(s not in ruleset.sources for s in sources):
                continue
            chosen = resolve_value(ruleset, figures)
            if chosen is not None and check_value(indicator, chosen)[0]:
                values[indicator.id] = check_value(indicator, chosen)[1]
        claims: dict[str, str] = {}
        for claim in sub.claims:
            cid = clean_id(claim.criterion)
            criterion = next((c for c in ruleset.criteria if c.id == cid), None)
            fits = criterion is not None and applies(ruleset, criterion, group)
            if unreadable(claim.evidence.strip()):
                problems.append((agency, cid if fits else None, None))
            elif not fits or not criterion.excludable:
                problems.append((agency, cid, None))
            else:
                claims[cid] = claim.evidence
        entry = {"agency": agency, "group": group, "values": values, "claims": claims, "parent": clean_id(sub.parent), "decided": None}
        entry["compare"] = compared_in(ruleset, entry)
        if sub.decided is not None:
            if sub.values or sub.claims or not decided_total_fits(ruleset, sub.decided.total, sub.decided.source):
                problems.append((agency, None, None))
            entry["decided"] = Fraction(sub.decided.total) if isinstance(sub.decided.total, Decimal) and sub.decided.total.is_finite() else None
        scope = next(g for g in ruleset.groups if g.id == group)
        if not entry["parent"] and "parent" in (scope.ranked_within, scope.compared_within):
            problems.append((agency, None, None))
        agencies.append(entry)
    groups = {a["agency"]: a["group"] for a in agencies}
    for entry in agencies:
        wanted = next(g for g in ruleset.groups if g.id == entry["group"]).parent_group
        if wanted is not None and entry["parent"] in groups and groups[entry["parent"]] != wanted:
            problems.append((entry["agency"], None, None))
    if problems:
        raise OracleRefusal(problems)
    return agencies


def compared_in(ruleset: Ruleset, agency: dict[str, Any]) -> str:
    """Step 4 ("Which agencies a cohort-relative rule compares with"): the group, or the group and parent when it is compared within parents."""
    group = next(g for g in ruleset.groups if g.id == agency["group"])
    return f"{group.id}/{agency['parent']}" if group.compared_within == "parent" else group.id


def ranked_in(ruleset: Ruleset, agency: OracleAgency, parent: str) -> str:
    """Step 11: the ranking cohort: the block holding the group (else the group), and the parent when the group is ranked within parents."""
    group = next(g for g in ruleset.groups if g.id == agency.group)
    block = next((b.id for b in ruleset.blocks if group.id in b.groups), group.id)
    return f"{block}/{parent}" if group.ranked_within == "parent" else block


def decided_total_fits(ruleset: Ruleset, total: object, source: object) -> bool:
    """Decided totals: a finite number within [0, scale] with at most the ruleset's places, and a source with something visible."""
    if isinstance(total, bool) or not isinstance(total, Decimal) or not total.is_finite():
        return False
    places_ok = total == round_to(Fraction(total), ruleset.rounding.places, "down")
    return places_ok and 0 <= total <= ruleset.scale and isinstance(source, str) and has_evidence(source) and not unreadable(source)


def unreadable(text: str) -> bool:
    """Step 1: free text holding a control character, a line or paragraph separator, a lone surrogate or a noncharacter."""
    bad = ("Cc", "Cs", "Zl", "Zp")
    return any(unicodedata.category(ch) in bad or 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE for ch in text)


# --- Step 5: what counts as evidence --------------------------------------------------------------------


def has_evidence(text: str) -> bool:
    """Step 5 ("What counts as evidence"): at least one character that is neither white space nor invisible (category Cf)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


# --- Step 4 and 6: the rule kinds, missing inputs, the cohort --------------------------------------------


def indicators_read(rule: Any) -> list[str]:
    """Every indicator a rule reads, in order, at any depth."""
    kind = rule.kind
    if kind == "sum":
        return [i for p in rule.parts for i in indicators_read(p.rule)]
    if kind == "best_of":
        return [i for p in rule.alternatives for i in indicators_read(p.rule)]
    if kind == "ratio":
        return [rule.numerator, rule.denominator]
    return [] if rule.indicator is None else [rule.indicator]


def cohort_indicators(rule: Any) -> list[str]:
    """The indicators that ``relative`` and ``min_max`` rules read, at any depth inside ``sum`` and ``best_of``."""
    kind = rule.kind
    if kind in ("sum", "best_of"):
        parts = rule.parts if kind == "sum" else rule.alternatives
        return [i for p in parts for i in cohort_indicators(p.rule)]
    return [rule.indicator] if kind in ("relative", "min_max") else []


def missing_inputs(rule: Any, values: dict[str, Any]) -> list[str]:
    """Step 6 ("Missing inputs of a rule"): the indicators whose absence makes the rule unscorable, in order."""
    kind = rule.kind
    if kind == "info":
        return []
    if kind == "sum":
        return [i for p in rule.parts for i in missing_inputs(p.rule, values)]
    if kind == "best_of":
        gaps = [missing_inputs(p.rule, values) for p in rule.alternatives]
        return [] if any(not gap for gap in gaps) else [i for gap in gaps for i in gap]
    return [i for i in indicators_read(rule) if i not in values]


def rule_points(rule: Any, m: Fraction, values: dict[str, Any], lo_hi: dict[str, tuple[Fraction, Fraction]]) -> Fraction:
    """Step 4 ("The rule kinds exactly"): the points of *rule* scored on a maximum of *m*."""
    kind = rule.kind
    r = rule
    if kind == "proportional":
        return values[r.indicator] * m
    if kind == "ratio":
        a, b = values[r.numerator], values[r.denominator]
        if b == 0:
            return m if r.when_denominator_zero == "full" else Fraction(0)
        return min(max(a / b, Fraction(0)), Fraction(1)) * m
    if kind == "relative":
        v, (lo, hi) = values[r.indicator], lo_hi[r.indicator]
        if r.direction == "higher":
            if hi <= 0:
                return m if r.when_best_is_zero == "full" else Fraction(0)
            return max(v, Fraction(0)) / hi * m
        if v <= lo:
            return m
        return Fraction(0) if lo <= 0 else lo / v * m
    if kind == "min_max":
        v, (lo, hi) = values[r.indicator], lo_hi[r.indicator]
        if hi == lo:
            return m if r.when_all_equal == "full" else Fraction(0)
        share = v - lo if r.direction == "higher" else hi - v
        return share / (hi - lo) * m
    if kind == "tiers":
        v = values[r.indicator]
        for tier in r.tiers:
            if (tier.at_least is not None and v >= Fraction(tier.at_least)) or (tier.at_most is not None and v <= Fraction(tier.at_most)):
                return Fraction(tier.points)
        return Fraction(r.otherwise)
    if kind == "yes_no":
        if values[r.indicator]:
            return m if r.if_yes is None else Fraction(r.if_yes)
        return Fraction(r.if_no)
    if kind == "choice":
        option = values[r.indicator]
        if r.points_by_option is not None:
            return Fraction(r.points_by_option[option])
        return Fraction(r.fraction_by_option[option]) * m
    if kind == "per_item":
        return min(values[r.indicator] * Fraction(r.points_per_item), m)
    if kind == "sum":
        return min(sum((rule_points(p.rule, Fraction(p.max_points), values, lo_hi) for p in r.parts), Fraction(0)), m)
    if kind == "best_of":
        return max(rule_points(p.rule, m, values, lo_hi) for p in r.alternatives if not missing_inputs(p.rule, values))
    return Fraction(0)  # info


def all_items(ruleset: Ruleset) -> list[Any]:
    """Criteria, then bonus items, then penalty items."""
    return [*ruleset.criteria, *ruleset.bonuses, *ruleset.penalties]


def excluded_by_claim(agency: dict[str, Any], item: Any) -> bool:
    """Step 5: the agency claimed the item with evidence."""
    claims: dict[str, str] = agency["claims"]
    return item.id in claims and has_evidence(claims[item.id])


def cohort_stats(ruleset: Ruleset, agencies: list[dict[str, Any]]) -> dict[tuple[str, str, str], list[Fraction]]:
    """Step 4 ("Which agencies a cohort-relative rule compares with"): (group, item, indicator) -> the values compared with."""
    out: dict[tuple[str, str, str], list[Fraction]] = {}
    for agency in agencies:
        if agency["decided"] is not None:
            continue  # a decided total has no figures to compare with
        group, values = agency["group"], agency["values"]
        for item in all_items(ruleset):
            if not applies(ruleset, item, group) or excluded_by_claim(agency, item) or missing_inputs(item.rule, values):
                continue
            for indicator in cohort_indicators(item.rule):
                if indicator in values:
                    out.setdefault((agency["compare"], item.id, indicator), []).append(values[indicator])
    return out


# --- Steps 4 to 6 for one item: its status and points ------------------------------------------------------


def item_result(
    ruleset: Ruleset, item: Any, agency: dict[str, Any], stats: dict[tuple[str, str, str], list[Fraction]]
) -> tuple[str, Fraction | None, str | None]:
    """Steps 4-6 ("Each item's status"): (status, points or ``None`` when not counted, the missing indicator under ``error``)."""
    group, values = agency["group"], agency["values"]
    rule = item.rule
    if excluded_by_claim(agency, item):
        return "excluded", None, None
    if rule.kind == "info":
        return "info", Fraction(0), None
    gaps = missing_inputs(rule, values)
    if gaps:
        policy = item.missing or ruleset.missing
        if policy == "error":
            return "error", None, gaps[0]
        return ("missing_zero", Fraction(0), None) if policy == "zero" else ("missing_excluded", None, None)
    if rule.kind == "ratio" and rule.when_denominator_zero == "not_applicable" and values[rule.denominator] == 0:
        return "not_applicable", None, None
    lo_hi = {ind: (min(vs), max(vs)) for (g, i, ind), vs in stats.items() if g == agency["compare"] and i == item.id}
    top = group_max(item, group)
    points = rule_points(rule, Fraction(item.max_points), values, lo_hi)
    if top != Fraction(item.max_points):
        points = points * top / Fraction(item.max_points)
    if ruleset.rounding.each_criterion:
        points = min(round_as_declared(points, ruleset.rounding.places, ruleset.rounding.mode), top)
    return "scored", points, None


# --- Step 9: rounding ----------------------------------------------------------------------------------------


def round_to(x: Fraction, places: int, mode: str) -> Fraction:
    """*x* rounded to *places* decimal places with a rounding *mode* (``half_up`` and ``up`` away from zero)."""
    scaled = x * 10**places
    low = scaled.numerator // scaled.denominator  # floor
    rest = scaled - low
    away = low + 1 if x >= 0 else low  # the neighbour away from zero
    toward = low if x >= 0 else low + 1
    if rest == 0 or mode == "floor":
        n = low
    elif mode == "ceiling":
        n = low + 1
    elif mode == "down":
        n = toward
    elif mode == "up":
        n = away
    else:
        half = Fraction(1, 2)
        if rest != half:
            n = low if rest < half else low + 1
        elif mode == "half_up":
            n = away
        elif mode == "half_down":
            n = toward
        else:
            n = low if low % 2 == 0 else low + 1
    return Fraction(n, 10**places)


def round_as_declared(x: Fraction, places: int, mode: str) -> Fraction:
    """Step 9 ("Rounding the total"): snapped to 24 places half-even, then rounded to *places* with *mode*."""
    return round_to(round_to(x, 24, "half_even"), places, mode)


def total_of(unrounded: Fraction, ruleset: Ruleset) -> Fraction:
    """Step 9: the rounded total, never above the scale (else the scale rounded down to ``places``)."""
    places = ruleset.rounding.places
    total = round_as_declared(unrounded, places, ruleset.rounding.mode)
    scale = Fraction(ruleset.scale)
    return round_to(scale, places, "down") if total > scale else total


def band_of(total: Fraction, ruleset: Ruleset) -> str:
    """Step 10: the band with the highest ``min`` the rounded total reaches, else the band with the lowest ``min``."""
    reached = [b for b in ruleset.bands if total >= Fraction(b.min)]
    pool = reached or ruleset.bands
    pick = max if reached else min
    return pick(pool, key=lambda b: Fraction(b.min)).id


def competition_ranks(totals: dict[str, Fraction]) -> dict[str, int]:
    """Step 11: highest total first, ties share the best rank (1, 2, 2, 4)."""
    return {agency: 1 + sum(1 for other in totals.values() if other > total) for agency, total in totals.items()}


# --- The whole pipeline ----------------------------------------------------------------------------------------


def score_agency(ruleset: Ruleset, agency: dict[str, Any], stats: dict[tuple[str, str, str], list[Fraction]], refusals: list[Problem]) -> OracleAgency:
    """Steps 3-9 for one agency (rank left for the cohort)."""
    group: str = agency["group"]
    results: dict[str, tuple[str, Fraction | None]] = {}
    earned = applicable = Fraction(0)
    by_section: dict[str, Fraction] = {}
    adjustment = {"bonus": Fraction(0), "penalty": Fraction(0)}
    for kind, items in (("criterion", ruleset.criteria), ("bonus", ruleset.bonuses), ("penalty", ruleset.penalties)):
        for item in items:
            if not applies(ruleset, item, group):
                continue
            status, points, gap = item_result(ruleset, item, agency, stats)
            if status == "error":
                refusals.append((agency["agency"], item.id, gap))
                continue
            results[item.id] = (status, points)
            if points is None:
                continue
            if kind == "criterion":
                earned += points
                applicable += 0 if status == "info" else group_max(item, group)
                by_section[item.section] = by_section.get(item.section, Fraction(0)) + points
            else:
                adjustment[kind] += min(points, Fraction(item.max_points))
    bonus, penalty = adjustment["bonus"], adjustment["penalty"]
    if ruleset.bonus_cap is not None:
        bonus = min(bonus, Fraction(ruleset.bonus_cap))
    if ruleset.penalty_cap is not None:
        penalty = min(penalty, Fraction(ruleset.penalty_cap))
    out = OracleAgency(agency["agency"], group, "not_scorable", earned, applicable, None, bonus, penalty, None, None, None, None, results)
    if applicable > 0:
        scale = Fraction(ruleset.scale)
        out.base = sum((points * scale / applicable for points in by_section.values()), Fraction(0))
        out.unrounded = min(max(out.base + bonus - penalty, Fraction(0)), scale)
        out.total = total_of(out.unrounded, ruleset)
        out.band = band_of(out.total, ruleset)
        out.status = "scored"
    return out


def decided_agency(ruleset: Ruleset, agency: dict[str, Any]) -> OracleAgency:
    """Decided totals: the published total, banded as it is; nothing computed (earned and maxima ``None``)."""
    total: Fraction = agency["decided"]
    return OracleAgency(agency["agency"], agency["group"], "decided", None, None, None, None, None, None, total, band_of(total, ruleset), None, {})  # type: ignore[arg-type]


def oracle_score(ruleset: Ruleset, submissions: Iterable[Submission]) -> OracleResult:
    """Score *submissions* under *ruleset* as ``docs/scoring.md`` says, or raise :class:`OracleRefusal`."""
    agencies = check_submissions(ruleset, list(submissions))
    stats = cohort_stats(ruleset, agencies)
    refusals: list[Problem] = []
    scored = {a["agency"]: decided_agency(ruleset, a) if a["decided"] is not None else score_agency(ruleset, a, stats, refusals) for a in agencies}
    if refusals:
        raise OracleRefusal(refusals)
    parents = {a["agency"]: a["parent"] for a in agencies}
    cohorts = {agency: ranked_in(ruleset, o, parents[agency]) for agency, o in scored.items()}
    for cohort in set(cohorts.values()):
        totals = {a.agency: a.total for a in scored.values() if cohorts[a.agency] == cohort and a.total is not None}
        for agency, rank in competition_ranks(totals).items():
            scored[agency].rank = rank
    counts = {g.id: {b.id: sum(1 for a in scored.values() if a.group == g.id and a.band == b.id) for b in ruleset.bands} for g in ruleset.groups}
    return OracleResult(agencies=scored, band_counts=counts, stats=stats)
