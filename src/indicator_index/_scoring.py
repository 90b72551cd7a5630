"""
The scoring engine: pure, exact and deterministic.

``score(ruleset, submissions)`` reads nothing, writes nothing, keeps no state
between calls and never mutates its arguments. All arithmetic is ``Decimal`` in
a local context that traps float mixing, and the total is rounded once, as the
ruleset declares. The steps, in order, are described in ``docs/scoring.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext
from typing import Any

from attrs import frozen

from indicator_index._arithmetic import (
    CONTEXT,
    ZERO,
    capped,
    clamped,
    competition_ranks,
    criterion_points,
    round_total,
    section_share,
)
from indicator_index._model import (
    Assessment,
    CriterionResult,
    FrozenDict,
    Indicator,
    Input,
    Ruleset,
    Score,
    SectionResult,
    Submission,
    sort_key,
)
from indicator_index._rules import Ratio, RuleText
from indicator_index._text import nfc
from indicator_index._version import VERSION
from indicator_index.errors import Problem, ScoringError


__all__ = ["prepare", "score"]

# The arithmetic itself lives in one module; the input checks use its context and limits.
_CONTEXT = CONTEXT


@frozen(kw_only=True)
class PreparedAgency:
    """An agency's submission checked against a ruleset, values resolved by source precedence."""

    agency: str
    name: str
    group: str
    values: Mapping[str, object]
    inputs: Mapping[str, Input]
    claims: Mapping[str, str]


def _suggest(name: str, known: Iterable[str]) -> str:
    """A " (did you mean ...?)" suffix, or nothing."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# Values beyond these sizes are certainly data-entry errors, and would overflow the arithmetic context.
_LIMIT = Decimal("1e15")
_TINY = Decimal("1e-15")


_UNSEEN: object = object()


def _number(raw: object) -> Decimal | str:
    """A finite Decimal from a number, or a message saying why not."""
    if isinstance(raw, bool):
        return f"expected a number, got {raw!r}"
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return f"expected a finite number, got {raw!r}"
        value = Decimal(repr(raw))
    else:
        return f"expected a number, got {type(raw).__name__} {raw!r}"
    if not value.is_finite():
        return f"expected a finite number, got {raw!r}"
    return value


def check_value(indicator: Indicator, raw: object) -> tuple[object, str | None]:
    """Check *raw* against the indicator's declared type and range; return (value, problem)."""
    kind = indicator.type
    if type(raw) is Decimal and raw.is_finite():
        # The common case, a Decimal within its range, accepted at once; anything else takes
        # the general path below, which says what is wrong.
        size = abs(raw)
        if size < _LIMIT and (size >= _TINY or not raw):
            if kind == "ratio":
                if ZERO <= raw <= 1:
                    return raw, None
            elif kind == "count":
                if raw >= 0 and raw == raw.to_integral_value():
                    return raw, None
            elif kind == "number" and (indicator.min is None or raw >= indicator.min) and (indicator.max is None or raw <= indicator.max):
                return raw, None
    if kind == "yes_no":
        if isinstance(raw, bool):
            return raw, None
        shown = repr(raw) if isinstance(raw, Decimal) else f"{type(raw).__name__} {raw!r}"  # not "Decimal Decimal('1')"
        return None, f"expected yes/no (true or false), got {shown}"
    if kind == "choice":
        if type(raw) is str:
            for option in indicator.options:  # option ids are ASCII: an exact match needs no normalising
                if option.id == raw:
                    return raw, None
        if isinstance(raw, str) and nfc(raw) in indicator.option_ids:
            return nfc(raw), None
        allowed = ", ".join(repr(o) for o in indicator.option_ids)
        return None, f"expected one of {allowed}, got {raw!r}"
    value = _number(raw)
    if isinstance(value, str):
        return None, value
    if abs(value) >= _LIMIT:
        return None, f"a number must be less than 10^15 in size, got {value}"
    if value and abs(value) < _TINY:
        return None, f"a number must be 0 or at least 10^-15 in size, got {value}"
    if kind == "ratio" and not ZERO <= value <= 1:
        return None, f"a ratio must be within [0, 1], got {value}"
    if kind == "count":
        if value < 0:
            return None, f"a count must not be negative, got {value}"
        if value != value.to_integral_value():
            return None, f"a count must be a whole number, got {value}"
    if kind == "number":
        if indicator.min is not None and value < indicator.min:
            return None, f"must be >= {indicator.min}, got {value}"
        if indicator.max is not None and value > indicator.max:
            return None, f"must be <= {indicator.max}, got {value}"
    return value, None


def prepare(ruleset: Ruleset, submissions: Iterable[Submission]) -> tuple[PreparedAgency, ...]:
    """
    Check every submission against *ruleset* and resolve each indicator's value
    by source precedence.

    Raises:
        ScoringError: listing every problem in every submission.
    """
    plan = ruleset._plan
    problems: list[Problem] = []
    prepared: list[PreparedAgency] = []
    seen: dict[str, int] = {}
    applicable_by_group: dict[str, set[str]] = {}
    try:
        items = tuple(submissions)
    except TypeError:
        msg = f"submissions must be an iterable of Submission, got {type(submissions).__name__}"
        raise ScoringError([Problem(message=msg)]) from None
    # Indicator ids and source names repeat in every submission: each is normalised and looked up once.
    indicators: dict[str, Indicator | None] = {}
    get_indicator = plan.indicators.get
    ranks: dict[str, tuple[str, int | None]] = {}
    get_rank = plan.source_rank.get
    for index, sub in enumerate(items):
        if not isinstance(sub, Submission):
            problems.append(Problem(message=f"submission {index} must be a Submission, got {type(sub).__name__}"))
            continue
        bad = [name for name in ("agency", "group", "name") if not isinstance(getattr(sub, name), str)]
        if bad:
            shown = ", ".join(f"{name} {getattr(sub, name)!r}" for name in bad)
            problems.append(Problem(message=f"submission {index}: agency, group and name must be strings, got {shown}"))
            continue
        agency = nfc(sub.agency)
        if not agency:
            problems.append(Problem(message=f"submission {index} has an empty agency id"))
            continue
        if agency in seen:
            problems.append(Problem(message=f"duplicate agency (submissions {seen[agency]} and {index})", agency=agency))
            continue
        seen[agency] = index
        group = nfc(sub.group)
        if group not in plan.group_order:
            known = ", ".join(repr(g) for g in plan.group_order)
            problems.append(Problem(message=f"unknown agency group {sub.group!r}; the ruleset has {known}", agency=agency))
            continue
        values: dict[str, object] = {}
        inputs: dict[str, Input] = {}
        for raw_key, figures in sub.values.items():
            if not isinstance(raw_key, str):
                problems.append(Problem(message=f"an indicator id must be a string, got {raw_key!r}", agency=agency))
                continue
            indicator = indicators.get(raw_key, _UNSEEN)
            if indicator is _UNSEEN:
                indicator = indicators[raw_key] = get_indicator(nfc(raw_key))
            key = indicator.id if indicator is not None else nfc(raw_key)
            if indicator is None:
                hint = _suggest(key, plan.indicators)
                problems.append(Problem(message=f"unknown indicator{hint}", agency=agency, indicator=raw_key))
                continue
            if len(figures) == 1:
                # The common case, one figure from a known source with a valid value, in one step;
                # anything else takes the general loop below, which says what is wrong.
                figure = figures[0]
                found = ranks.get(figure.source) if type(figure.source) is str else None
                if found is not None and found[1] is not None and type(figure.reference) is str and figure.value is not None:
                    value, problem = check_value(indicator, figure.value)
                    if problem is None:
                        inputs[key] = Input(indicator=key, value=value, source=found[0], reference=figure.reference)  # type: ignore[arg-type]
                        values[key] = value
                        continue
            best: tuple[int, Input] | None = None
            sources: set[str] = set()
            for figure in figures:
                if not isinstance(figure.source, str) or not isinstance(figure.reference, str):
                    msg = f"a source and a reference must be strings, got {figure.source!r}, {figure.reference!r}"
                    problems.append(Problem(message=msg, agency=agency, indicator=key))
                    continue
                found = ranks.get(figure.source)
                if found is None:
                    source = nfc(figure.source)
                    found = ranks[figure.source] = (source, get_rank(source))
                source, rank = found
                if rank is None:
                    known = ", ".join(repr(s) for s in plan.source_rank)
                    problems.append(Problem(message=f"unknown source {figure.source!r}; the ruleset has {known}", agency=agency, indicator=key))
                    continue
                if source in sources:
                    problems.append(Problem(message=f"two values from source {source!r}", agency=agency, indicator=key))
                    continue
                sources.add(source)
                if figure.value is None:
                    continue
                value, problem = check_value(indicator, figure.value)
                if problem is not None:
                    where = f" ({figure.reference})" if figure.reference else ""
                    problems.append(Problem(message=f"{problem}{where}", agency=agency, indicator=key))
                    continue
                if best is None or rank < best[0]:
                    best = (rank, Input(indicator=key, value=value, source=source, reference=figure.reference))  # type: ignore[arg-type]
            if best is not None:
                inputs[key] = best[1]
                values[key] = best[1].value
        claims: dict[str, str] = {}
        applicable = applicable_by_group.get(group)
        if applicable is None:
            applicable = applicable_by_group[group] = {c.id for c, _, _ in plan.criteria_by_group[group]}
        for claim in sub.claims:
            if not isinstance(claim.criterion, str) or not isinstance(claim.evidence, str):
                msg = f"a claim's criterion and evidence must be strings, got {claim.criterion!r}, {claim.evidence!r}"
                problems.append(Problem(message=msg, agency=agency))
                continue
            cid = nfc(claim.criterion)
            if cid not in applicable:
                what = "unknown criterion" if all(c.id != cid for c in ruleset.criteria) else f"criterion that does not apply to group {group!r}:"
                problems.append(Problem(message=f"claim on {what} {claim.criterion!r}", agency=agency, criterion=cid))
            elif cid not in plan.excludable:
                problems.append(Problem(message=f"criterion {cid!r} may not be claimed outside an agency's function", agency=agency, criterion=cid))
            else:
                claims[cid] = claim.evidence.strip()
        prepared.append(PreparedAgency(agency=agency, name=nfc(sub.name) or agency, group=group, values=values, inputs=inputs, claims=claims))
    if problems:
        raise ScoringError(problems, title=f"submissions do not fit ruleset {ruleset.id!r}")
    return tuple(prepared)


def _stats(ruleset: Ruleset, agencies: tuple[PreparedAgency, ...]) -> dict[tuple[str, str], dict[str, tuple[Decimal, Decimal]]]:
    """Lowest and highest value per (group, item) for the cohort-relative rules."""
    plan = ruleset._plan
    out: dict[tuple[str, str], dict[str, tuple[Decimal, Decimal]]] = {}
    for agency in agencies:
        items = [(c, c.rule) for c, _, _ in plan.criteria_by_group[agency.group]]
        items += [(b, b.rule) for b, _ in plan.bonuses_by_group[agency.group]]
        items += [(p, p.rule) for p, _ in plan.penalties_by_group[agency.group]]
        for item, rule in items:
            if not rule.needs_stats or agency.claims.get(item.id):
                continue
            if rule.missing(agency.values):
                continue
            bucket = out.setdefault((agency.group, item.id), {})
            for ind in rule.stats_indicators():
                value = agency.values.get(ind)
                if value is None:
                    continue
                lo, hi = bucket.get(ind, (value, value))
                bucket[ind] = (min(lo, value), max(hi, value))  # type: ignore[type-var]
    return out


_EMPTY: dict[str, tuple[Decimal, Decimal]] = {}


def _inputs(rule_ids: tuple[str, ...], agency: PreparedAgency) -> tuple[Input, ...]:
    inputs = agency.inputs
    return tuple([inputs[i] for i in rule_ids if i in inputs])


def _score_item(
    item_id: str,
    section: str | None,
    rule: object,
    base_max: Decimal,
    group_max: Decimal,
    missing_policy: str,
    text: RuleText,
    provenance: str,
    agency: PreparedAgency,
    stats: Mapping[str, tuple[Decimal, Decimal]],
    problems: list[Problem],
    places: int | None,
    mode: str,
    claim: str | None = None,
) -> CriterionResult:
    """Score one criterion or bonus/penalty item for one agency."""
    inputs = _inputs(rule.indicator_ids(), agency)  # type: ignore[attr-defined]
    reason = ""
    if claim is not None:
        if claim:
            return CriterionResult(
                criterion=item_id,
                section=section,
                status="excluded",
                points=None,
                max_points=ZERO,
                inputs=inputs,
                rule=text,
                reason=f"outside the agency's function (evidence: {claim})",
                provenance=provenance,
            )
        reason = "claim that it is outside the agency's function refused: no evidence given"
    if rule.kind == "info":  # type: ignore[attr-defined]
        return CriterionResult(
            criterion=item_id,
            section=section,
            status="info",
            points=ZERO,
            max_points=ZERO,
            inputs=inputs,
            rule=text,
            reason="listed, not scored",
            provenance=provenance,
        )
    missing = rule.missing(agency.values)  # type: ignore[attr-defined]
    if missing:
        names = ", ".join(missing)
        if missing_policy == "error":
            why = f" ({reason})" if reason else ""
            problems.append(Problem(message=f"no value for {names}{why}", agency=agency.agency, criterion=item_id, indicator=missing[0]))
            return CriterionResult(
                criterion=item_id, section=section, status="missing_zero", points=ZERO, max_points=group_max, inputs=inputs, rule=text, provenance=provenance
            )
        if missing_policy == "zero":
            note = f"no value for {names}: scored 0 by the missing-data policy"
            return CriterionResult(
                criterion=item_id,
                section=section,
                status="missing_zero",
                points=ZERO,
                max_points=group_max,
                inputs=inputs,
                rule=text,
                reason=f"{reason}; {note}" if reason else note,
                provenance=provenance,
            )
        note = f"no value for {names}: left out of the total by the missing-data policy"
        return CriterionResult(
            criterion=item_id,
            section=section,
            status="missing_excluded",
            points=None,
            max_points=ZERO,
            inputs=inputs,
            rule=text,
            reason=f"{reason}; {note}" if reason else note,
            provenance=provenance,
        )
    if isinstance(rule, Ratio) and rule.is_not_applicable(agency.values):
        return CriterionResult(
            criterion=item_id,
            section=section,
            status="not_applicable",
            points=None,
            max_points=ZERO,
            inputs=inputs,
            rule=text,
            reason=f"{rule.denominator} is 0, which the rule declares not applicable",
            provenance=provenance,
        )
    raw = rule.points(agency.values, base_max, stats)  # type: ignore[attr-defined]
    points = criterion_points(raw, base_max, group_max, None if places is None else (places, mode))
    return CriterionResult(
        criterion=item_id, section=section, status="scored", points=points, max_points=group_max, inputs=inputs, rule=text, reason=reason, provenance=provenance
    )


def _steps(ruleset: Ruleset) -> Mapping[str, tuple[tuple[Any, ...], ...]]:
    """Per group, each criterion with what the inlined path needs, prepared once per ruleset."""
    cache = ruleset._plan.cache
    steps = cache.get("steps")
    if steps is None:
        steps = {}
        for group, entries in ruleset._plan.criteria_by_group.items():
            rows = []
            for criterion, group_max, text in entries:
                rule = criterion.rule
                # info, "not applicable" ratios and best_of (which skips missing alternatives) take the full path.
                plain = rule.kind not in ("info", "best_of") and not (isinstance(rule, Ratio) and rule.when_denominator_zero == "not_applicable")
                rows.append((criterion, group_max, text, rule.indicator_ids(), plain, criterion.provenance.status))
            steps[group] = tuple(rows)
        cache["steps"] = steps
    return steps  # type: ignore[no-any-return]


def _score_agency(
    ruleset: Ruleset, agency: PreparedAgency, stats: dict[tuple[str, str], dict[str, tuple[Decimal, Decimal]]], problems: list[Problem]
) -> dict[str, object]:
    """Everything about one agency's Score except its rank."""
    plan = ruleset._plan
    group = agency.group
    places = ruleset.rounding.places if ruleset.rounding.each_criterion else None
    mode = ruleset.rounding.mode
    rounding = None if places is None else (places, mode)
    results: list[CriterionResult] = []
    notes: list[str] = []
    values, inputs, claims = agency.values, agency.inputs, agency.claims
    for criterion, group_max, text, ids, plain, prov in _steps(ruleset)[group]:
        # The common case, inlined: no claim, every input present, nothing special about the rule.
        if plain and criterion.id not in claims:
            for i in ids:
                if i not in values:
                    break
            else:
                raw = criterion.rule.points(values, criterion.max_points, stats.get((group, criterion.id), _EMPTY))
                points = criterion_points(raw, criterion.max_points, group_max, rounding)
                results.append(
                    CriterionResult(
                        criterion=criterion.id,
                        section=criterion.section,
                        status="scored",
                        points=points,
                        max_points=group_max,
                        inputs=tuple([inputs[i] for i in ids if i in inputs]),
                        rule=text,
                        reason="",
                        provenance=prov,
                    )
                )
                continue
        claim = claims.get(criterion.id)
        if claim == "":
            notes.append(f"claim that {criterion.id!r} is outside the agency's function refused: no evidence given")
        results.append(
            _score_item(
                criterion.id,
                criterion.section,
                criterion.rule,
                criterion.max_points,
                group_max,
                criterion.missing or ruleset.missing,
                text,
                criterion.provenance.status,
                agency,
                stats.get((group, criterion.id), _EMPTY),
                problems,
                places,
                mode,
                claim,
            )
        )
    adjustments: list[list[CriterionResult]] = [[], []]
    for slot, entries in ((0, plan.bonuses_by_group[group]), (1, plan.penalties_by_group[group])):
        for item, text in entries:
            adjustments[slot].append(
                _score_item(
                    item.id,
                    item.section,
                    item.rule,
                    item.max_points,
                    item.max_points,
                    item.missing or ruleset.missing,
                    text,
                    item.provenance.status,
                    agency,
                    stats.get((group, item.id), _EMPTY),
                    problems,
                    places,
                    mode,
                )
            )
    bonus_raw = sum((r.points for r in adjustments[0] if r.points is not None), ZERO)
    penalty_raw = sum((r.points for r in adjustments[1] if r.points is not None), ZERO)
    bonus = capped(bonus_raw, ruleset.bonus_cap)
    penalty = capped(penalty_raw, ruleset.penalty_cap)
    if bonus_raw > bonus:
        notes.append(f"bonus {bonus_raw.normalize():f} capped at {bonus.normalize():f}")
    if penalty_raw > penalty:
        notes.append(f"penalty {penalty_raw.normalize():f} capped at {penalty.normalize():f}")

    # One pass: points and maxima of the counted criteria, per section.
    section_points: dict[str | None, Decimal] = {}
    section_max: dict[str | None, Decimal] = {}
    earned = applicable_max = ZERO
    for r in results:
        if r.points is not None:
            earned += r.points
            applicable_max += r.max_points
            section_points[r.section] = section_points.get(r.section, ZERO) + r.points
            section_max[r.section] = section_max.get(r.section, ZERO) + r.max_points
    scorable = applicable_max > ZERO
    adjustment_sections = {r.section for r in (*adjustments[0], *adjustments[1]) if r.section is not None}
    sections: list[SectionResult] = []
    base = ZERO
    for section in plan.sections_by_group[group]:
        if section.id in adjustment_sections:
            net = bonus - penalty
            sections.append(SectionResult(section=section.id, points=net, max_points=ruleset.bonus_cap or ZERO, scaled=net))
            continue
        pts = section_points.get(section.id, ZERO)
        top = section_max.get(section.id, ZERO)
        # points × scale ÷ applicable maximum, in that order: an exact result stays exact.
        scaled = section_share(pts, ruleset.scale, applicable_max) if scorable else ZERO
        base += scaled
        sections.append(SectionResult(section=section.id, points=pts, max_points=top, scaled=scaled))
    if not scorable:
        notes.append("not scorable: no criterion counts for this agency")
        unrounded = total = None
        band = None
        base_out: Decimal | None = None
    else:
        base_out = base
        unrounded, side = clamped(base, bonus, penalty, ruleset.scale)
        if side > 0:
            notes.append(f"total clamped to the scale ({ruleset.scale.normalize():f})")
        elif side < 0:
            notes.append("total clamped to 0")
        total = round_total(unrounded, ruleset.scale, ruleset.rounding.places, mode)
        band = ruleset.band_for(total).id
    return {
        "agency": agency.agency,
        "name": agency.name,
        "group": group,
        "status": "scored" if scorable else "not_scorable",
        "criteria": tuple(results),
        "sections": tuple(sections),
        "bonuses": tuple(adjustments[0]),
        "penalties": tuple(adjustments[1]),
        "earned": earned,
        "applicable_max": applicable_max,
        "base": base_out,
        "bonus": bonus,
        "penalty": penalty,
        "unrounded": unrounded,
        "total": total,
        "band": band,
        "notes": tuple(notes),
    }


rank = competition_ranks


def score(ruleset: Ruleset, submissions: Iterable[Submission]) -> Assessment:
    """
    Score every agency's submission under *ruleset*.

    The steps, in order: applicability by group; each criterion's points
    (exact ``Decimal``); exclusions claimed with evidence; section subtotals;
    rescaling to the scale over the applicable maximum; bonus and penalty with
    their caps, clamped to the scale; rounding as declared; the band of the
    rounded total; rank within the group (ties share the best rank) and band
    counts per group. See ``docs/scoring.md``.

    Args:
        ruleset: A loaded ruleset.
        submissions: One :class:`~indicator_index.Submission` per agency.

    Returns:
        An :class:`~indicator_index.Assessment` stamped with the ruleset's id,
        version and digest and the library version.

    Raises:
        ScoringError: listing every problem: unknown groups, indicators or
            criteria, values of the wrong type or out of range, duplicate
            agencies, claims on criteria that cannot be claimed, and missing
            values under the ``error`` policy.

    .. versionadded:: 0.1.0
    """
    with localcontext(_CONTEXT):
        agencies = prepare(ruleset, submissions)
        stats = _stats(ruleset, agencies)
        problems: list[Problem] = []
        partial = [_score_agency(ruleset, agency, stats, problems) for agency in agencies]
        if problems:
            raise ScoringError(problems, title=f"missing data under ruleset {ruleset.id!r}")
        ranks: dict[str, int] = {}
        for group in ruleset._plan.group_order:
            ranks.update(rank((p["agency"], p["total"]) for p in partial if p["group"] == group))  # type: ignore[misc]
        scores = [Score(rank=ranks.get(p["agency"]), **p) for p in partial]  # type: ignore[arg-type]
    order = ruleset._plan.group_order
    scores.sort(key=lambda s: (order[s.group], *sort_key(s)))
    counts = {group: FrozenDict((b.id, sum(1 for s in scores if s.group == group and s.band == b.id)) for b in ruleset._plan.bands_desc) for group in order}
    return Assessment(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        ruleset_digest=ruleset.digest,
        library_version=VERSION,
        scores=tuple(scores),
        band_counts=FrozenDict(counts),
        ruleset=ruleset,
    )
