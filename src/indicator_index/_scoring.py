"""
The scoring engine: pure, exact and deterministic.

``score(ruleset, submissions)`` reads nothing, writes nothing, keeps no state
between calls and never mutates its arguments. All arithmetic is ``Decimal`` in
a local context that traps float mixing, and the total is rounded once, as the
ruleset declares. The steps, in order, are described in ``docs/scoring.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, localcontext
from typing import cast

from attrs import frozen

from indicator_index._arithmetic import (
    CONTEXT,
    INPUT_DIGITS,
    ZERO,
    competition_ranks,
    section_share,
)
from indicator_index._messages import Message
from indicator_index._model import (
    Assessment,
    CriterionResult,
    DecidedTotal,
    FrozenDict,
    Indicator,
    Input,
    Ruleset,
    Score,
    SectionResult,
    Submission,
    Trace,
    TraceParts,
    sort_key,
)
from indicator_index._plan import Bound, Outcome, Row, _Group, _Item, comparison_cohorts, evaluate, group_stats, plan_for, ranking_cohorts
from indicator_index._rules import RuleText
from indicator_index._text import nfc, number_text, show, text_problem, visible
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
    parent: str = ""
    decided: DecidedTotal | None = None


def _suggest(name: str, known: Iterable[str]) -> str:
    """A " (did you mean ...?)" suffix, or nothing."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# Values beyond these sizes are certainly data-entry errors, and would overflow the arithmetic context.
_LIMIT = Decimal("1e15")
_TINY = Decimal("1e-15")
_SMALLEST, _LARGEST = _TINY.adjusted(), _LIMIT.adjusted()  # the limits as exponents: sizes are told without arithmetic


def _number(raw: object) -> Decimal | str:
    """A finite Decimal from a number, or a message saying why not."""
    if isinstance(raw, bool):
        return f"expected a number, got {raw!r}"
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        if raw.bit_length() > 64:  # beyond any limit below; converted only to be shown
            return f"a number must be less than 10^15 in size, got an integer of {Decimal(raw).adjusted() + 1} digits"
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return f"expected a finite number, got {raw!r}"
        value = Decimal(repr(raw))
    else:
        return f"expected a number, got {type(raw).__name__} {raw!r}"
    if not value.is_finite():
        return f"expected a finite number, got {raw!r}"
    # Sizes are told from the exponent and digits alone: no arithmetic (which could overflow) before the value is known to be in range.
    if not value:
        exponent = cast("int", value.as_tuple().exponent)  # an int: the value is finite
        return value if _SMALLEST <= exponent <= _LARGEST else ZERO
    if value.adjusted() >= _LARGEST:
        return f"a number must be less than 10^15 in size, got {number_text(value)}"
    if value.adjusted() < _SMALLEST:
        return f"a number must be 0 or at least 10^-15 in size, got {number_text(value)}"
    significant = len(bytes(value.as_tuple().digits).rstrip(b"\0"))  # trailing zeros are not significant
    if significant > INPUT_DIGITS:
        return f"a number may have at most {INPUT_DIGITS} significant digits, got {number_text(value)} ({significant} digits)"
    return value


def check_value(indicator: Indicator, raw: object) -> tuple[object, str | None]:
    """Check *raw* against the indicator's declared type and range; return (value, problem)."""
    kind = indicator.type
    # The common case, a Decimal within its range, accepted at once; anything else takes the general
    # path below, which says what is wrong. The size is told from the exponent: abs() of a huge value
    # would overflow.
    if type(raw) is Decimal and raw.is_finite() and raw and _SMALLEST <= raw.adjusted() < _LARGEST and len(raw.as_tuple().digits) <= INPUT_DIGITS:
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
    try:
        # Typed as submissions, but checked one by one: a caller may pass anything.
        items: tuple[object, ...] = tuple(submissions)
    except TypeError:
        msg = f"submissions must be an iterable of Submission, got {type(submissions).__name__}"
        raise ScoringError([Problem(message=msg)]) from None
    resolver = _Resolver(ruleset)
    applicable_by_group: dict[str, set[str]] = {}
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
        wrong = text_problem(agency, identifier=True)
        if wrong is not None:
            problems.append(Problem(message=f"submission {index}: the agency id {show(agency)} {wrong}"))
            continue
        wrong = text_problem(nfc(sub.name))
        if wrong is not None:
            problems.append(Problem(message=f"the name {show(sub.name)} {wrong}", agency=agency))
        if agency in seen:
            problems.append(Problem(message=f"duplicate agency (submissions {seen[agency]} and {index})", agency=agency))
            continue
        seen[agency] = index
        group = nfc(sub.group)
        if group not in plan.group_order:
            known = ", ".join(repr(g) for g in plan.group_order)
            problems.append(Problem(message=f"unknown agency group {sub.group!r}; the ruleset has {known}", agency=agency))
            continue
        parent = _check_parent(ruleset, sub, agency, group, problems)
        decided = _check_decided(ruleset, sub, agency, problems)
        values, inputs = resolver.resolve(sub, agency, problems)
        applicable = applicable_by_group.get(group)
        if applicable is None:
            applicable = applicable_by_group[group] = {c.id for c, _, _ in plan.criteria_by_group[group]}
        claims = _check_claims(ruleset, sub, agency, group, applicable, problems)
        prepared.append(
            PreparedAgency(
                agency=agency, name=nfc(sub.name) or agency, group=group, values=values, inputs=inputs, claims=claims, parent=parent, decided=decided
            )
        )
    problems.extend(_check_parent_groups(ruleset, prepared))
    if problems:
        raise ScoringError(problems, title=f"submissions do not fit ruleset {ruleset.id!r}")
    return tuple(prepared)


class _Resolver:
    """Resolves each submission's figures to one checked value per indicator, by source precedence."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.plan = ruleset._plan
        # Indicator ids and source names repeat in every submission: each is normalised and looked up once.
        self.indicators: dict[str, Indicator | None] = {}
        self.ranks: dict[str, tuple[str, int | None]] = {}

    def resolve(self, sub: Submission, agency: str, problems: list[Problem]) -> tuple[dict[str, object], dict[str, Input]]:
        """The agency's value and input per indicator; what is wrong goes to *problems*."""
        values: dict[str, object] = {}
        inputs: dict[str, Input] = {}
        for raw_key, figures in sub.values.items():
            if not isinstance(raw_key, str):
                problems.append(Problem(message=f"an indicator id must be a string, got {raw_key!r}", agency=agency))
                continue
            if raw_key in self.indicators:
                indicator = self.indicators[raw_key]
            else:
                indicator = self.indicators[raw_key] = self.plan.indicators.get(nfc(raw_key))
            key = indicator.id if indicator is not None else nfc(raw_key)
            if indicator is None:
                hint = _suggest(key, self.plan.indicators)
                problems.append(Problem(message=f"unknown indicator{hint}", agency=agency, indicator=raw_key))
                continue
            if len(figures) == 1:
                # The common case, one figure from a known source with a valid value, in one step;
                # anything else takes the general loop below, which says what is wrong.
                figure = figures[0]
                found = self.ranks.get(figure.source) if type(figure.source) is str else None
                if (
                    found is not None
                    and found[1] is not None
                    and type(figure.reference) is str
                    and figure.value is not None
                    and text_problem(figure.reference) is None
                ):
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
                wrong = text_problem(figure.reference)
                if wrong is not None:
                    problems.append(Problem(message=f"the reference {show(figure.reference)} {wrong}", agency=agency, indicator=key))
                    continue
                found = self.ranks.get(figure.source)
                if found is None:
                    source = nfc(figure.source)
                    found = self.ranks[figure.source] = (source, self.plan.source_rank.get(source))
                source, rank = found
                if rank is None:
                    known = ", ".join(repr(s) for s in self.plan.source_rank)
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
        return values, inputs


def _check_claims(ruleset: Ruleset, sub: Submission, agency: str, group: str, applicable: set[str], problems: list[Problem]) -> dict[str, str]:
    """The agency's claims with evidence, by criterion; refused claims go to *problems*."""
    claims: dict[str, str] = {}
    for claim in sub.claims:
        # Typed as strings, but a hand-built claim may hold anything.
        criterion: object = claim.criterion
        evidence: object = claim.evidence
        if not isinstance(criterion, str) or not isinstance(evidence, str):
            msg = f"a claim's criterion and evidence must be strings, got {criterion!r}, {evidence!r}"
            problems.append(Problem(message=msg, agency=agency))
            continue
        cid = nfc(claim.criterion)
        wrong = text_problem(claim.evidence.strip())
        if wrong is not None:
            problems.append(Problem(message=f"the evidence {show(claim.evidence)} {wrong}", agency=agency, criterion=cid if cid in applicable else None))
        elif cid not in applicable:
            what = "unknown criterion" if all(c.id != cid for c in ruleset.criteria) else f"criterion that does not apply to group {group!r}:"
            problems.append(Problem(message=f"claim on {what} {claim.criterion!r}", agency=agency, criterion=cid))
        elif cid not in ruleset._plan.excludable:
            problems.append(Problem(message=f"criterion {cid!r} may not be claimed outside an agency's function", agency=agency, criterion=cid))
        else:
            claims[cid] = visible(claim.evidence)  # evidence of only invisible characters is no evidence
    return claims


def _check_parent(ruleset: Ruleset, sub: Submission, agency: str, group: str, problems: list[Problem]) -> str:
    """The agency's parent id, checked: an id, not the agency itself, present where the group is ranked or compared within parents."""
    raw: object = sub.parent
    if not isinstance(raw, str):
        problems.append(Problem(message=f"the parent must be an agency id (a string), got {raw!r}", agency=agency))
        return ""
    parent = nfc(raw.strip())
    if parent:
        wrong = text_problem(parent, identifier=True)
        if wrong is not None:
            problems.append(Problem(message=f"the parent {show(parent)} {wrong}", agency=agency))
            return ""
        if parent == agency:
            problems.append(Problem(message="an agency cannot be its own parent", agency=agency))
            return ""
    elif group in ruleset._plan.ranked_by_parent or group in ruleset._plan.compared_by_parent:
        how = "ranked" if group in ruleset._plan.ranked_by_parent else "compared"
        problems.append(Problem(message=f"group {group!r} is {how} within parent agencies: the agency needs a parent", agency=agency))
    return parent


def _check_decided(ruleset: Ruleset, sub: Submission, agency: str, problems: list[Problem]) -> DecidedTotal | None:
    """A decided (published) total, checked: a number within the scale at the ruleset's places, with its source, and no figures beside it."""
    decided: object = sub.decided
    if decided is None:
        return None
    if not isinstance(decided, DecidedTotal):
        problems.append(Problem(message=f"a decided total must be a DecidedTotal, got {type(decided).__name__}", agency=agency))
        return None
    before = len(problems)
    total: object = decided.total
    source: object = decided.source
    places = ruleset.rounding.places
    if sub.values or sub.claims:
        problems.append(Problem(message="an agency has either a decided total or figures and claims, not both", agency=agency))
    if isinstance(total, bool) or not isinstance(total, Decimal) or not total.is_finite():
        problems.append(Problem(message=f"a decided total must be a finite number, got {show(total)}", agency=agency))
    elif not ZERO <= total <= ruleset.scale:
        problems.append(Problem(message=f"a decided total must be within [0, {number_text(ruleset.scale)}], got {number_text(total)}", agency=agency))
    elif -cast("int", total.normalize().as_tuple().exponent) > places:
        problems.append(Problem(message=f"a decided total has at most {places} decimal places, as the ruleset rounds, got {number_text(total)}", agency=agency))
    if not isinstance(source, str) or not visible(source).strip():
        problems.append(Problem(message="a decided total needs its source: where it was published", agency=agency))
    elif text_problem(source) is not None:
        problems.append(Problem(message=f"the source {show(source)} {text_problem(source)}", agency=agency))
    return decided if len(problems) == before else None


def _check_parent_groups(ruleset: Ruleset, prepared: list[PreparedAgency]) -> list[Problem]:
    """A parent that is itself in the cohort must belong to the group the ruleset names for parents."""
    groups = {a.agency: a.group for a in prepared}
    wanted = {g.id: g.parent_group for g in ruleset.groups if g.parent_group is not None}
    out = []
    for a in prepared:
        expected = wanted.get(a.group)
        found = groups.get(a.parent)
        if expected is not None and found is not None and found != expected:
            out.append(
                Problem(message=f"the parent {a.parent!r} is in group {found!r}; parents of group {a.group!r} are in group {expected!r}", agency=a.agency)
            )
    return out


def _item_result(
    item: _Item,
    section: str | None,
    group_max: Decimal,
    text: RuleText,
    provenance: str,
    inputs: Mapping[str, Input],
    row: Row,
    claim: str | None,
    points: Decimal | None,
) -> CriterionResult:
    """The trace of one criterion, bonus or penalty item of one agency, from the plan's *points* for it."""
    used = tuple([inputs[i] for i, _ in item.positions if i in inputs])
    if claim:
        reason = Message("excluded_on_evidence", evidence=claim)
        return CriterionResult(
            criterion=item.id, section=section, status="excluded", points=None, max_points=ZERO, inputs=used, rule=text, reason=reason, provenance=provenance
        )
    refused = Message("claim_refused") if claim is not None else None
    if item.info:
        reason = Message("info_listed")
        return CriterionResult(
            criterion=item.id, section=section, status="info", points=ZERO, max_points=ZERO, inputs=used, rule=text, reason=reason, provenance=provenance
        )
    # An input is missing only where the plan gave no points or 0 (the "zero" policy's points): look only there.
    missing = item.missing(row) if points is None or not points else ()
    if missing:
        names = ", ".join(missing)
        if item.policy == "error":  # scoring stopped with a problem: this trace is never published
            return CriterionResult(
                criterion=item.id, section=section, status="missing_zero", points=ZERO, max_points=group_max, inputs=used, rule=text, provenance=provenance
            )
        if item.policy == "zero":
            note = Message("missing_scored_zero", names=names)
            return CriterionResult(
                criterion=item.id,
                section=section,
                status="missing_zero",
                points=ZERO,
                max_points=group_max,
                inputs=used,
                rule=text,
                reason=note if refused is None else Message.joined(refused, note),
                provenance=provenance,
            )
        note = Message("missing_left_out", names=names)
        return CriterionResult(
            criterion=item.id,
            section=section,
            status="missing_excluded",
            points=None,
            max_points=ZERO,
            inputs=used,
            rule=text,
            reason=note if refused is None else Message.joined(refused, note),
            provenance=provenance,
        )
    if item.not_applicable is not None and item.not_applicable(row):
        reason = Message("not_applicable_zero_denominator", denominator=item.rule.denominator)
        return CriterionResult(
            criterion=item.id,
            section=section,
            status="not_applicable",
            points=None,
            max_points=ZERO,
            inputs=used,
            rule=text,
            reason=reason,
            provenance=provenance,
        )
    return CriterionResult(
        criterion=item.id,
        section=section,
        status="scored",
        points=points,
        max_points=group_max,
        inputs=used,
        rule=text,
        reason=refused or "",
        provenance=provenance,
    )


def _builder(ruleset: Ruleset, group: _Group, agency: PreparedAgency, row: Row, outcome: Outcome) -> Callable[[], TraceParts]:
    """What builds one agency's trace when it is first read: its items, sections and notes, from the plan's outcome."""

    def build() -> TraceParts:
        plan = ruleset._plan
        name = agency.group
        claims, inputs = agency.claims, agency.inputs
        with localcontext(CONTEXT):
            criteria = tuple(
                _item_result(item, c.section, group_max, text, c.provenance.status, inputs, row, claims.get(c.id), points)
                for item, (c, group_max, text), points in zip(group.criteria, plan.criteria_by_group[name], outcome.criteria, strict=True)
            )
            bonuses = tuple(
                _item_result(item, b.section, item.max, text, b.provenance.status, inputs, row, None, points)
                for item, (b, text), points in zip(group.bonuses, plan.bonuses_by_group[name], outcome.bonuses, strict=True)
            )
            penalties = tuple(
                _item_result(item, q.section, item.max, text, q.provenance.status, inputs, row, None, points)
                for item, (q, text), points in zip(group.penalties, plan.penalties_by_group[name], outcome.penalties, strict=True)
            )
            sections = _sections(ruleset, name, criteria, (*bonuses, *penalties), outcome)
        notes: list[Message] = [Message("claim_refused_for", criterion=c.id) for c, _, _ in plan.criteria_by_group[name] if claims.get(c.id) == ""]
        if outcome.bonus_raw > outcome.bonus:
            notes.append(Message("bonus_capped", raw=outcome.bonus_raw, cap=outcome.bonus))
        if outcome.penalty_raw > outcome.penalty:
            notes.append(Message("penalty_capped", raw=outcome.penalty_raw, cap=outcome.penalty))
        if outcome.total is None:
            notes.append(Message("not_scorable"))
        elif outcome.side > 0:
            notes.append(Message("total_clamped_to_scale", scale=ruleset.scale))
        elif outcome.side < 0:
            notes.append(Message("total_clamped_to_zero"))
        return criteria, sections, bonuses, penalties, tuple(notes)

    return build


def _sections(
    ruleset: Ruleset, group: str, criteria: tuple[CriterionResult, ...], adjustments: tuple[CriterionResult, ...], outcome: Outcome
) -> tuple[SectionResult, ...]:
    """Each section's subtotal of counted points and maxima and its share of the scale; bonus and penalty sections carry the net adjustment."""
    points: dict[str | None, Decimal] = {}
    maxima: dict[str | None, Decimal] = {}
    for r in criteria:
        if r.points is not None:
            points[r.section] = points.get(r.section, ZERO) + r.points
            maxima[r.section] = maxima.get(r.section, ZERO) + r.max_points
    adjustment_sections = {r.section for r in adjustments if r.section is not None}
    scorable = outcome.total is not None
    out = []
    for section in ruleset._plan.sections_by_group[group]:
        if section.id in adjustment_sections:
            net = outcome.bonus - outcome.penalty
            out.append(SectionResult(section=section.id, points=net, max_points=ruleset.bonus_cap or ZERO, scaled=net))
            continue
        pts = points.get(section.id, ZERO)
        scaled = section_share(pts, ruleset.scale, outcome.applicable_max) if scorable else ZERO
        out.append(SectionResult(section=section.id, points=pts, max_points=maxima.get(section.id, ZERO), scaled=scaled))
    return tuple(out)


rank = competition_ranks
_NO_TRACE: TraceParts = ((), (), (), (), ())


def _decided_total(agency: PreparedAgency) -> Decimal:
    assert agency.decided is not None
    return agency.decided.total


def _decided_score(ruleset: Ruleset, agency: PreparedAgency, cohort: str, rank: int | None) -> Score:
    """The score of an agency whose total was decided and published: banded and ranked as given, nothing computed."""
    total = _decided_total(agency)
    return Score(
        agency=agency.agency,
        name=agency.name,
        group=agency.group,
        status="decided",
        earned=None,
        applicable_max=None,
        base=None,
        bonus=None,
        penalty=None,
        unrounded=None,
        total=total,
        band=ruleset.band_for(total).id,
        rank=rank,
        trace=Trace(parts=_NO_TRACE),
        parent=agency.parent,
        cohort=cohort,
        decided_source=agency.decided.source if agency.decided is not None else "",
    )


def _order(ruleset: Ruleset, scores: list[Score]) -> Callable[[Score], tuple[object, ...]]:
    """Scores in the ruleset's group order (a block where its first group is), parents' lists in data order, then rank."""
    order = ruleset._plan.group_order
    first = {block.id: min(order[g] for g in block.groups) for block in ruleset.blocks}
    parents: dict[str, int] = {}
    for s in scores:
        parents.setdefault(s.parent, len(parents))

    def key(score: Score) -> tuple[object, ...]:
        block = score.cohort.partition("/")[0]
        within = parents[score.parent] if "/" in score.cohort else 0
        return (first.get(block, order[score.group]), within, *sort_key(score))

    return key


def score(ruleset: Ruleset, submissions: Iterable[Submission]) -> Assessment:
    """
    Score every agency's submission under *ruleset*.

    The steps, in order: applicability by group; each criterion's points
    (exact ``Decimal``); exclusions claimed with evidence; section subtotals;
    rescaling to the scale over the applicable maximum; bonus and penalty with
    their caps, clamped to the scale; rounding as declared; the band of the
    rounded total; rank within the group (ties share the best rank) and band
    counts per group. See ``docs/scoring.md``.

    Totals, bands and ranks come from the ruleset's compiled plan, the same
    plan the batch path and the explanations evaluate; each score's
    per-criterion trace is built from what the plan kept, the first time it is
    read.

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
    with localcontext(CONTEXT):
        agencies = prepare(ruleset, submissions)
        plan = plan_for(ruleset)
        rows = [plan.row(agency.values) for agency in agencies]
        claims = [dict(agency.claims) if agency.claims else None for agency in agencies]
        groups = [agency.group for agency in agencies]
        parents = [agency.parent for agency in agencies]
        decided = frozenset(i for i, agency in enumerate(agencies) if agency.decided is not None)
        outcomes: list[Outcome | None] = [None] * len(agencies)
        found: list[tuple[int, Problem]] = []
        for group, idxs in comparison_cohorts(ruleset, groups, parents, decided):
            compiled = plan.groups[group]
            bound = Bound(compiled, group_stats(compiled, idxs, rows, claims), short=False)
            for i in idxs:
                problems: list[Problem] = []
                outcomes[i] = evaluate(bound, rows[i], claims[i], agencies[i].agency, problems, ruleset)
                found.extend((i, p) for p in problems)
        if found:
            found.sort(key=lambda ip: ip[0])
            raise ScoringError([p for _, p in found], title=f"missing data under ruleset {ruleset.id!r}")
        totals = [_decided_total(agency) if i in decided else outcomes[i].total for i, agency in enumerate(agencies)]  # type: ignore[union-attr]
        ranks: dict[int, int] = {}
        for idxs in ranking_cohorts(ruleset, groups, parents).values():
            ranks.update(rank((i, totals[i]) for i in idxs))
    scores = []
    for i, agency in enumerate(agencies):
        cohort = ruleset.cohort_of(agency.group, agency.parent)
        outcome = outcomes[i]
        if outcome is None:
            scores.append(_decided_score(ruleset, agency, cohort, ranks.get(i)))
            continue
        scores.append(
            Score(
                agency=agency.agency,
                name=agency.name,
                group=agency.group,
                status="scored" if outcome.total is not None else "not_scorable",
                earned=outcome.earned,
                applicable_max=outcome.applicable_max,
                base=outcome.base,
                bonus=outcome.bonus,
                penalty=outcome.penalty,
                unrounded=outcome.unrounded,
                total=outcome.total,
                band=outcome.band,
                rank=ranks.get(i),
                trace=Trace(_builder(ruleset, plan.groups[agency.group], agency, rows[i], outcome)),
                parent=agency.parent,
                cohort=cohort,
            )
        )
    scores.sort(key=_order(ruleset, scores))
    order = ruleset._plan.group_order
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
