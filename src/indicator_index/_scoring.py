"""
The scoring engine: pure, exact and deterministic.

``score(ruleset, submissions)`` reads nothing, writes nothing, keeps no state
between calls and never mutates its arguments. All arithmetic is ``Decimal`` in
a local context that traps float mixing, and the total is rounded once, as the
ruleset declares. The steps, in order, are described in ``docs/scoring.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, localcontext
from typing import Any, cast

from attrs import field, frozen

from indicator_index._arithmetic import (
    CONTEXT,
    INPUT_DIGITS,
    ZERO,
    competition_ranks,
    from_units,
    section_share,
)
from indicator_index._messages import CATALOGUE, Message, did_you_mean
from indicator_index._model import (
    Assessment,
    CriterionResult,
    DecidedTotal,
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
from indicator_index._plan import (
    Bound,
    Outcome,
    Row,
    Totals,
    UnitRow,
    _Item,
    band_counts,
    comparison_cohorts,
    evaluate,
    evaluate_cohort,
    group_stats,
    plan_for,
    ranking_cohorts,
    unit_rows,
)
from indicator_index._rules import RuleText
from indicator_index._text import nfc, number_text, show, text_problem, visible
from indicator_index._version import VERSION
from indicator_index.errors import Problem, ScoringError


__all__ = ["prepare", "score"]

# The arithmetic itself lives in one module; the input checks use its context and limits.
_CONTEXT = CONTEXT


@frozen(kw_only=True)
class PreparedAgency:
    """
    An agency's submission checked against a ruleset, values resolved by source precedence.

    The values are kept as the plan lays them out (:attr:`row`, ``None`` where
    missing), with the rank of each value's source (:attr:`sources`, one small
    int per position: the source's place in ``ruleset.sources``) and its
    reference: :attr:`reference` for most, :attr:`references` (position ->
    reference) where it differs. No :class:`Input` is built per value: a trace
    builds the ones it shows (:func:`input_at`) when it is read.
    """

    agency: str
    name: str
    group: str
    row: Row
    sources: bytes | tuple[int, ...]
    reference: str
    references: Mapping[int, str] | None
    claims: Mapping[str, str]
    parent: str = ""
    decided: DecidedTotal | None = None

    def input(self, ruleset: Ruleset, indicator: str) -> Input | None:
        """The input of *indicator* as a trace shows it (value, source, reference), or ``None`` when it has no value."""
        k = plan_for(ruleset).index.get(indicator)
        if k is None or self.row[k] is None:
            return None
        return input_at(ruleset.sources, indicator, k, self.row, self.sources, self.reference, self.references)


def input_at(
    source_names: Sequence[str], indicator: str, k: int, row: Row, sources: bytes | tuple[int, ...], reference: str, references: Mapping[int, str] | None
) -> Input:
    """The :class:`Input` of the value at position *k* of an agency's *row*: what :func:`prepare` resolved, built when a trace is read."""
    found = references.get(k, reference) if references else reference
    return Input(indicator=indicator, value=row[k], source=source_names[sources[k]], reference=found)  # type: ignore[arg-type]


def pack_ranks(ranks: Sequence[int], shared: dict[object, bytes | tuple[int, ...]]) -> bytes | tuple[int, ...]:
    """Source ranks by position, compactly (one byte each), the same object for agencies whose ranks are equal (*shared*)."""
    packed: bytes | tuple[int, ...] = bytes(ranks) if max(ranks, default=0) < 256 else tuple(ranks)
    return shared.setdefault(packed, packed)


@frozen(kw_only=True, eq=False)
class Cohort:
    """
    Submissions checked against a ruleset and laid out for the batch path.

    Build one with :meth:`BatchScorer.cohort`, or read one straight from a
    file with :func:`~indicator_index.read_cohort`, and score it, or variants
    of it (:meth:`BatchScorer.vary`, :meth:`BatchScorer.scenarios`), as often
    as needed: the checks are not repeated. A cohort holds one row of values
    per agency (by the plan's indicator positions) with each value's source
    and reference, compactly; :func:`~indicator_index.score` takes it too
    (not a what-if variant, which keeps no sources) and builds the same
    traces as from the submissions.

    Args:
        ruleset_id: The id of the ruleset it was checked against.
        ruleset_digest: That ruleset's digest.
        agencies: The agencies' ids, in submission order.
        groups: Each agency's group id.
        parents: Each agency's parent agency id ("" when none).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *parents*; decided totals; sources and references, for :func:`~indicator_index.score`.
    """

    ruleset_id: str
    ruleset_digest: str
    agencies: tuple[str, ...]
    groups: tuple[str, ...]
    _rows: tuple[Row, ...] = field(alias="_rows", repr=False)
    _claims: tuple[Mapping[str, str] | None, ...] = field(alias="_claims", repr=False)
    _positions: Mapping[str, int] = field(alias="_positions", repr=False)
    # The rows with every number an integer in units of 10^-_places: what the plan evaluates (see _plan.unit_rows).
    _units: tuple[UnitRow, ...] = field(default=(), alias="_units", repr=False)
    _places: int = field(default=0, alias="_places", repr=False)
    parents: tuple[str, ...] = ()
    # Each agency's decided (published) total, None for one scored from its figures.
    _decided: tuple[Decimal | None, ...] = field(default=(), alias="_decided", repr=False)
    # What traces show (see PreparedAgency), when the cohort was checked from data rather than varied:
    # names, each value's source rank and reference, each decided total's source.
    _names: tuple[str, ...] = field(default=(), alias="_names", repr=False)
    _sources: tuple[bytes | tuple[int, ...], ...] = field(default=(), alias="_sources", repr=False)
    _references: tuple[str, ...] = field(default=(), alias="_references", repr=False)
    _overrides: tuple[Mapping[int, str] | None, ...] = field(default=(), alias="_overrides", repr=False)
    _decided_sources: tuple[str, ...] = field(default=(), alias="_decided_sources", repr=False)

    def __len__(self) -> int:
        return len(self.agencies)


def cohort_of(ruleset: Ruleset, prepared: Sequence[PreparedAgency]) -> Cohort:
    """The cohort of agencies checked by :func:`~indicator_index._scoring.prepare` (or read by the columnar reader)."""
    rows = tuple(a.row for a in prepared)
    agencies = tuple(a.agency for a in prepared)
    places, written = unit_rows(plan_for(ruleset), rows)
    return Cohort(
        ruleset_id=ruleset.id,
        ruleset_digest=ruleset.digest,
        agencies=agencies,
        groups=tuple(a.group for a in prepared),
        _rows=rows,
        _claims=tuple(dict(a.claims) if a.claims else None for a in prepared),
        _positions={a: i for i, a in enumerate(agencies)},
        _units=written,
        _places=places,
        parents=tuple(a.parent for a in prepared),
        _decided=tuple(a.decided.total if a.decided is not None else None for a in prepared),
        _names=tuple(a.name for a in prepared),
        _sources=tuple(a.sources for a in prepared),
        _references=tuple(a.reference for a in prepared),
        _overrides=tuple(a.references for a in prepared),
        _decided_sources=tuple(a.decided.source if a.decided is not None else "" for a in prepared),
    )


def check_cohort(ruleset: Ruleset, cohort: object) -> None:
    """Refuse anything but a :class:`Cohort` checked against *ruleset*."""
    if not isinstance(cohort, Cohort):
        msg = Message("scoring.cohort_expected", type=type(cohort).__name__)
        raise ScoringError([Problem(message=msg)])
    if cohort.ruleset_digest != ruleset.digest:
        msg = Message("scoring.cohort_other", id=cohort.ruleset_id, digest=cohort.ruleset_digest[:12], this=ruleset.digest[:12])
        raise ScoringError([Problem(message=msg)], title=Message("scoring.cohort_title", id=ruleset.id))


def traced_cohort(ruleset: Ruleset, cohort: Cohort) -> Cohort:
    """*cohort*, checked to be one :func:`~indicator_index.score` can trace: checked against *ruleset*, from data, not varied."""
    check_cohort(ruleset, cohort)
    if len(cohort._names) != len(cohort.agencies):
        msg = Message("scoring.cohort_what_if")
        raise ScoringError([Problem(message=msg)], title=Message("scoring.cohort_title", id=ruleset.id))
    return cohort


def _suggest(name: str, known: Iterable[str]) -> str:
    """A " (did you mean ...?)" suffix, or nothing."""
    import difflib

    return did_you_mean(difflib.get_close_matches(name, list(known), n=1))


def _typed(raw: object) -> str:
    """A Python value with its type, for a message: ``str '4'`` (``chuỗi '4'``)."""
    name = type(raw).__name__
    code = f"scoring.type.{name}"
    return Message("scoring.typed", type=Message(code) if code in CATALOGUE else name, value=repr(raw))


# Values beyond these sizes are certainly data-entry errors, and would overflow the arithmetic context.
_LIMIT = Decimal("1e15")
_TINY = Decimal("1e-15")
_SMALLEST, _LARGEST = _TINY.adjusted(), _LIMIT.adjusted()  # the limits as exponents: sizes are told without arithmetic
_ONE = Decimal(1)


def _number(raw: object) -> Decimal | str:
    """A finite Decimal from a number, or a message saying why not."""
    if isinstance(raw, bool):
        return Message("scoring.value.expected_number", value=repr(raw))
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        if raw.bit_length() > 64:  # beyond any limit below; converted only to be shown
            return Message("scoring.value.too_long", digits=Decimal(raw).adjusted() + 1)
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return Message("scoring.value.expected_finite", value=repr(raw))
        value = Decimal(repr(raw))
    else:
        return Message("scoring.value.expected_number", value=_typed(raw))
    if not value.is_finite():
        return Message("scoring.value.expected_finite", value=repr(raw))
    # Sizes are told from the exponent and digits alone: no arithmetic (which could overflow) before the value is known to be in range.
    if not value:
        exponent = cast("int", value.as_tuple().exponent)  # an int: the value is finite
        return value if _SMALLEST <= exponent <= _LARGEST else ZERO
    if value.adjusted() >= _LARGEST:
        return Message("scoring.value.too_large", value=number_text(value))
    if value.adjusted() < _SMALLEST:
        return Message("scoring.value.too_small", value=number_text(value))
    significant = len(bytes(value.as_tuple().digits).rstrip(b"\0"))  # trailing zeros are not significant
    if significant > INPUT_DIGITS:
        return Message("scoring.value.too_many_digits", limit=INPUT_DIGITS, value=number_text(value), digits=significant)
    return value


def check_value(indicator: Indicator, raw: object) -> tuple[object, str | None]:
    """Check *raw* against the indicator's declared type and range; return (value, problem)."""
    kind = indicator.type
    # The common case, a Decimal within its range, accepted at once; anything else takes the general
    # path below, which says what is wrong. The size is told from the exponent: abs() of a huge value
    # would overflow. A value written in at most INPUT_DIGITS characters has at most that many digits
    # (str() is a fifth of the cost of as_tuple()); a longer one is counted exactly below.
    if type(raw) is Decimal and raw.is_finite() and raw and _SMALLEST <= raw.adjusted() < _LARGEST and len(str(raw)) <= INPUT_DIGITS:
        if kind == "ratio":
            if ZERO <= raw <= _ONE:
                return raw, None
        elif kind == "count":
            if raw >= ZERO and raw == raw.to_integral_value():
                return raw, None
        elif kind == "number" and (indicator.min is None or raw >= indicator.min) and (indicator.max is None or raw <= indicator.max):
            return raw, None
    if kind == "yes_no":
        if isinstance(raw, bool):
            return raw, None
        shown = repr(raw) if isinstance(raw, Decimal) else _typed(raw)  # not "Decimal Decimal('1')"
        return None, Message("scoring.value.expected_yes_no", value=shown)
    if kind == "choice":
        if type(raw) is str:
            for option in indicator.options:  # option ids are ASCII: an exact match needs no normalising
                if option.id == raw:
                    return raw, None
        if isinstance(raw, str) and nfc(raw) in indicator.option_ids:
            return nfc(raw), None
        allowed = ", ".join(repr(o) for o in indicator.option_ids)
        return None, Message("scoring.value.expected_option", allowed=allowed, value=repr(raw))
    value = _number(raw)
    if isinstance(value, str):
        return None, value
    if kind == "ratio" and not ZERO <= value <= 1:
        return None, Message("scoring.value.ratio", value=str(value))
    if kind == "count":
        if value < 0:
            return None, Message("scoring.value.count_negative", value=str(value))
        if value != value.to_integral_value():
            return None, Message("scoring.value.count_whole", value=str(value))
    if kind == "number":
        if indicator.min is not None and value < indicator.min:
            return None, Message("scoring.value.min", bound=str(indicator.min), value=str(value))
        if indicator.max is not None and value > indicator.max:
            return None, Message("scoring.value.max", bound=str(indicator.max), value=str(value))
    return value, None


# The texts a checker remembers at most, per indicator.
_ACCEPTED_LIMIT = 4096


def value_checker(indicator: Indicator) -> Callable[[object], tuple[object, str | None]]:
    """
    :func:`check_value` for one indicator, remembering the texts of the ``Decimal`` values it accepted as they
    are. A ``Decimal``'s text tells its value and its form exactly, and the checks depend on nothing else: a
    value whose text was accepted is accepted again, as itself, at the cost of a lookup. The memory is the
    checker's own (one per :func:`prepare`), bounded.
    """
    accepted: set[str] = set()

    def check(raw: object) -> tuple[object, str | None]:
        if type(raw) is Decimal:
            text = str(raw)
            if text in accepted:
                return raw, None
            value, problem = check_value(indicator, raw)
            if problem is None and value is raw:
                if len(accepted) >= _ACCEPTED_LIMIT:
                    accepted.clear()
                accepted.add(text)
            return value, problem
        return check_value(indicator, raw)

    return check


def prepare(
    ruleset: Ruleset, submissions: Iterable[Submission], resolved: Sequence[tuple[Row, bytes | tuple[int, ...], str, Mapping[int, str] | None]] | None = None
) -> tuple[PreparedAgency, ...]:
    """
    Check every submission against *ruleset* and resolve each indicator's value
    by source precedence.

    *resolved*, when given, holds each submission's values already checked and
    resolved (row, source ranks, references: what the columnar reader keeps);
    the submissions then carry no values, and only the agency-level checks run.

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
        msg = Message("scoring.submissions", type=type(submissions).__name__)
        raise ScoringError([Problem(message=msg)]) from None
    resolver = _Resolver(ruleset)
    applicable_by_group: dict[str, set[str]] = {}
    for index, sub in enumerate(items):
        if not isinstance(sub, Submission):
            problems.append(Problem(message=Message("scoring.submission_type", index=index, type=type(sub).__name__)))
            continue
        bad = [name for name in ("agency", "group", "name") if not isinstance(getattr(sub, name), str)]
        if bad:
            shown = ", ".join(f"{name} {getattr(sub, name)!r}" for name in bad)
            problems.append(Problem(message=Message("scoring.submission_strings", index=index, shown=shown)))
            continue
        agency = nfc(sub.agency)
        if not agency:
            problems.append(Problem(message=Message("scoring.submission_empty_id", index=index)))
            continue
        wrong = text_problem(agency, identifier=True)
        if wrong is not None:
            problem = Message("data.text.field", what=Message("data.what.agency_id"), text=show(agency), wrong=wrong)
            problems.append(Problem(message=Message("scoring.submission_problem", index=index, problem=problem)))
            continue
        wrong = text_problem(nfc(sub.name))
        if wrong is not None:
            problems.append(Problem(message=Message("data.text.field", what=Message("data.what.name"), text=show(sub.name), wrong=wrong), agency=agency))
        if agency in seen:
            problems.append(Problem(message=Message("scoring.duplicate_agency", first=seen[agency], second=index), agency=agency))
            continue
        seen[agency] = index
        group = nfc(sub.group)
        if group not in plan.group_order:
            known = ", ".join(repr(g) for g in plan.group_order)
            problems.append(Problem(message=Message("data.lookup.unknown_group", name=sub.group, known=known), agency=agency))
            continue
        parent = _check_parent(ruleset, sub, agency, group, problems)
        decided = _check_decided(ruleset, sub, agency, problems)
        row, ranks, reference, references = resolver.resolve(sub, agency, problems) if resolved is None else resolved[index]
        applicable = applicable_by_group.get(group)
        if applicable is None:
            applicable = applicable_by_group[group] = {c.id for c, _, _ in plan.criteria_by_group[group]}
        claims = _check_claims(ruleset, sub, agency, group, applicable, problems)
        prepared.append(
            PreparedAgency(
                agency=agency,
                name=nfc(sub.name) or agency,
                group=group,
                row=row,
                sources=ranks,
                reference=reference,
                references=references,
                claims=claims,
                parent=parent,
                decided=decided,
            )
        )
    problems.extend(_check_parent_groups(ruleset, prepared))
    if problems:
        raise ScoringError(problems, title=Message("scoring.title", id=ruleset.id))
    return tuple(prepared)


class _Resolver:
    """Resolves each submission's figures to one checked value per indicator, by source precedence."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.plan = ruleset._plan
        self.index = plan_for(ruleset).index
        # Indicator ids and source names repeat in every submission: each is normalised and looked up once
        # (an indicator id as the indicator and its position in a row).
        self.entries: dict[str, tuple[Indicator, int, Callable[[object], tuple[object, str | None]]]] = {}
        self.ranks: dict[str, tuple[str, int | None]] = {}
        self.known: dict[str, int] = {}  # a source name as given -> its rank, for the sources that have one
        # The rank where a row has no value: the agency's own source, so that most agencies' ranks are equal (and shared).
        self.fill = self.plan.source_rank.get("agency", 0)
        self.shared: dict[object, bytes | tuple[int, ...]] = {}
        # The last reference found fine: an agency's values mostly share one, checked once (text_problem is pure).
        self.fine = ""

    def resolve(self, sub: Submission, agency: str, problems: list[Problem]) -> tuple[Row, bytes | tuple[int, ...], str, dict[int, str] | None]:
        """The agency's row of values, their sources' ranks and their references; what is wrong goes to *problems*."""
        index = self.index
        row: list[object] = [None] * len(index)
        ranks = [self.fill] * len(index)
        # The reference of the first value found is the agency's; the others are kept by position where they differ.
        common: str | None = None
        others: dict[int, str] = {}
        fine = self.fine
        entries = self.entries
        known = self.known
        for raw_key, figures in sub.values.items():
            entry = entries.get(raw_key)
            if entry is None:
                if not isinstance(raw_key, str):
                    problems.append(Problem(message=Message("scoring.indicator_not_string", value=repr(raw_key)), agency=agency))
                    continue
                indicator = self.plan.indicators.get(nfc(raw_key))
                if indicator is None:
                    hint = _suggest(nfc(raw_key), self.plan.indicators)
                    problems.append(Problem(message=Message("data.lookup.unknown_indicator", hint=hint), agency=agency, indicator=raw_key))
                    continue
                entry = entries[raw_key] = (indicator, index[indicator.id], value_checker(indicator))
            indicator, k, check = entry
            best: tuple[int, object, str] | None = None
            if len(figures) == 1:
                # The common case, one figure from a known source with a valid value, in one step;
                # anything else takes the general loop below, which says what is wrong.
                figure = figures[0]
                source = figure.source
                rank = known.get(source) if type(source) is str else None
                reference = figure.reference
                raw = figure.value
                if rank is not None and type(reference) is str and raw is not None and (reference == fine or text_problem(reference) is None):
                    fine = reference
                    value, problem = check(raw)
                    if problem is None:
                        best = (rank, value, reference)
            if best is None:
                best = self._best(indicator, check, figures, agency, problems)
                if best is None:
                    continue
            ranks[k], row[k], reference = best
            if reference != common:
                if common is None:
                    common = reference
                else:
                    others[k] = reference
            elif others:
                others.pop(k, None)  # an indicator given twice (under two spellings): its last reference
        self.fine = fine
        return tuple(row), pack_ranks(ranks, self.shared), common or "", others or None

    def _best(
        self, indicator: Indicator, check: Callable[[object], tuple[object, str | None]], figures: Sequence[Any], agency: str, problems: list[Problem]
    ) -> tuple[int, object, str] | None:
        """The checked figure of the highest-ranked source as (rank, value, reference); what is wrong goes to *problems*."""
        key = indicator.id
        # Typed as figures, but a hand-built submission may hold anything.
        best: tuple[int, object, str] | None = None
        sources: set[str] = set()
        for figure in figures:
            if not isinstance(figure.source, str) or not isinstance(figure.reference, str):
                msg = Message("scoring.figure_types", source=repr(figure.source), reference=repr(figure.reference))
                problems.append(Problem(message=msg, agency=agency, indicator=key))
                continue
            wrong = text_problem(figure.reference)
            if wrong is not None:
                message = Message("data.text.field", what=Message("data.what.reference"), text=show(figure.reference), wrong=wrong)
                problems.append(Problem(message=message, agency=agency, indicator=key))
                continue
            found = self.ranks.get(figure.source)
            if found is None:
                source = nfc(figure.source)
                found = self.ranks[figure.source] = (source, self.plan.source_rank.get(source))
            source, rank = found
            if rank is None:
                known = ", ".join(repr(s) for s in self.plan.source_rank)
                problems.append(Problem(message=Message("data.lookup.unknown_source", name=figure.source, known=known), agency=agency, indicator=key))
                continue
            self.known[figure.source] = rank  # a source with a rank: resolve's common case takes it in one step
            if source in sources:
                problems.append(Problem(message=Message("scoring.two_values", source=source), agency=agency, indicator=key))
                continue
            sources.add(source)
            if figure.value is None:
                continue
            value, problem = check(figure.value)
            if problem is not None:
                located = Message("scoring.value_at", problem=problem, reference=figure.reference) if figure.reference else problem
                problems.append(Problem(message=located, agency=agency, indicator=key))
                continue
            if best is None or rank < best[0]:
                best = (rank, value, figure.reference)
        return best


def _check_claims(ruleset: Ruleset, sub: Submission, agency: str, group: str, applicable: set[str], problems: list[Problem]) -> dict[str, str]:
    """The agency's claims with evidence, by criterion; refused claims go to *problems*."""
    claims: dict[str, str] = {}
    for claim in sub.claims:
        # Typed as strings, but a hand-built claim may hold anything.
        criterion: object = claim.criterion
        evidence: object = claim.evidence
        if not isinstance(criterion, str) or not isinstance(evidence, str):
            msg = Message("scoring.claim_types", criterion=repr(criterion), evidence=repr(evidence))
            problems.append(Problem(message=msg, agency=agency))
            continue
        cid = nfc(claim.criterion)
        wrong = text_problem(claim.evidence.strip())
        if wrong is not None:
            message = Message("data.text.field", what=Message("data.what.evidence"), text=show(claim.evidence), wrong=wrong)
            problems.append(Problem(message=message, agency=agency, criterion=cid if cid in applicable else None))
        elif cid not in applicable:
            if all(c.id != cid for c in ruleset.criteria):
                message = Message("scoring.claim_unknown", criterion=claim.criterion)
            else:
                message = Message("scoring.claim_not_applicable", group=group, criterion=claim.criterion)
            problems.append(Problem(message=message, agency=agency, criterion=cid))
        elif cid not in ruleset._plan.excludable:
            problems.append(Problem(message=Message("scoring.claim_not_excludable", criterion=cid), agency=agency, criterion=cid))
        else:
            claims[cid] = visible(claim.evidence)  # evidence of only invisible characters is no evidence
    return claims


def _check_parent(ruleset: Ruleset, sub: Submission, agency: str, group: str, problems: list[Problem]) -> str:
    """The agency's parent id, checked: an id, not the agency itself, present where the group is ranked or compared within parents."""
    raw: object = sub.parent
    if not isinstance(raw, str):
        problems.append(Problem(message=Message("data.parent_type", value=repr(raw)), agency=agency))
        return ""
    parent = nfc(raw.strip())
    if parent:
        wrong = text_problem(parent, identifier=True)
        if wrong is not None:
            problems.append(Problem(message=Message("data.text.field", what=Message("data.what.parent"), text=show(parent), wrong=wrong), agency=agency))
            return ""
        if parent == agency:
            problems.append(Problem(message=Message("scoring.own_parent"), agency=agency))
            return ""
    elif group in ruleset._plan.ranked_by_parent or group in ruleset._plan.compared_by_parent:
        how = "ranked" if group in ruleset._plan.ranked_by_parent else "compared"
        problems.append(Problem(message=Message(f"scoring.needs_parent_{how}", group=group), agency=agency))
    return parent


def decided_problem(ruleset: Ruleset, total: Decimal) -> Message | None:
    """
    Why a decided (published) total does not fit *ruleset*, or ``None``: the one rule.

    A decided total lies within ``[0, scale]`` and has at most the ruleset's
    declared places (``96.50`` is fine at 2 places, ``96.505`` is not).
    The readers call it so that their errors name the cell; the engine
    calls it for submissions built in Python.
    """
    if not ZERO <= total <= ruleset.scale:
        return Message("data.decided.range", scale=number_text(ruleset.scale), value=number_text(total))
    places = ruleset.rounding.places
    if -cast("int", total.normalize().as_tuple().exponent) > places:
        return Message("data.decided.places", places=places, value=number_text(total))
    return None


def _check_decided(ruleset: Ruleset, sub: Submission, agency: str, problems: list[Problem]) -> DecidedTotal | None:
    """A decided (published) total, checked: a number within the scale at the ruleset's places, with its source, and no figures beside it."""
    decided: object = sub.decided
    if decided is None:
        return None
    if not isinstance(decided, DecidedTotal):
        problems.append(Problem(message=Message("scoring.decided_type", type=type(decided).__name__), agency=agency))
        return None
    before = len(problems)
    total: object = decided.total
    source: object = decided.source
    if sub.values or sub.claims:
        problems.append(Problem(message=Message("data.decided.both"), agency=agency))
    if isinstance(total, bool) or not isinstance(total, Decimal) or not total.is_finite():
        problems.append(Problem(message=Message("scoring.decided_finite", value=show(total)), agency=agency))
    else:
        unfit = decided_problem(ruleset, total)
        if unfit is not None:
            problems.append(Problem(message=unfit, agency=agency))
    if not isinstance(source, str) or not visible(source).strip():
        problems.append(Problem(message=Message("data.decided.needs_source"), agency=agency))
    elif text_problem(source) is not None:
        wrong = text_problem(source)
        problems.append(Problem(message=Message("data.text.field", what=Message("data.what.source"), text=show(source), wrong=wrong), agency=agency))
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
            out.append(Problem(message=Message("scoring.parent_group", parent=a.parent, found=found, group=a.group, expected=expected), agency=a.agency))
    return out


def _item_result(
    item: _Item,
    section: str | None,
    group_max: Decimal,
    text: RuleText,
    provenance: str,
    inputs: Callable[[str, int], Input],
    row: Row,
    claim: str | None,
    points: Decimal | None,
) -> CriterionResult:
    """The trace of one criterion, bonus or penalty item of one agency, from the plan's *points* for it."""
    used = tuple([inputs(i, k) for i, k in item.positions if row[k] is not None])
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


def _builder(ruleset: Ruleset, cohort: Cohort, i: int, bound: Bound) -> Callable[[], TraceParts]:
    """
    What builds one agency's trace when it is first read: the plan's full evaluation of the agency (*bound*:
    its comparison cohort's closures), then its items, sections and notes from that outcome.
    """

    def build() -> TraceParts:
        plan = ruleset._plan
        group = bound.group
        name = cohort.groups[i]
        claims: Mapping[str, str] = cohort._claims[i] or {}
        row = cohort._rows[i]
        sources, reference, references = cohort._sources[i], cohort._references[i], cohort._overrides[i]
        source_names = ruleset.sources

        def inputs(indicator: str, k: int) -> Input:
            return input_at(source_names, indicator, k, row, sources, reference, references)

        with localcontext(CONTEXT):
            # Problems were reported when the totals were computed (an assessment is built only without any).
            outcome = evaluate(bound, cohort._units[i], cohort._claims[i], cohort.agencies[i], [], ruleset)
            dec = outcome.decimal
            criteria = tuple(
                _item_result(item, c.section, group_max, text.get(), c.provenance.status, inputs, row, claims.get(c.id), dec(points))
                for item, (c, group_max, text), points in zip(group.criteria, plan.criteria_by_group[name], outcome.criteria, strict=True)
            )
            bonuses = tuple(
                _item_result(item, b.section, item.max, text.get(), b.provenance.status, inputs, row, None, dec(points))
                for item, (b, text), points in zip(group.bonuses, plan.bonuses_by_group[name], outcome.bonuses, strict=True)
            )
            penalties = tuple(
                _item_result(item, q.section, item.max, text.get(), q.provenance.status, inputs, row, None, dec(points))
                for item, (q, text), points in zip(group.penalties, plan.penalties_by_group[name], outcome.penalties, strict=True)
            )
            sections = _sections(ruleset, name, criteria, (*bonuses, *penalties), outcome)
        notes: list[Message] = [Message("claim_refused_for", criterion=c.id) for c, _, _ in plan.criteria_by_group[name] if claims.get(c.id) == ""]
        if outcome.bonus_raw > outcome.bonus:
            notes.append(Message("bonus_capped", raw=dec(outcome.bonus_raw), cap=dec(outcome.bonus)))
        if outcome.penalty_raw > outcome.penalty:
            notes.append(Message("penalty_capped", raw=dec(outcome.penalty_raw), cap=dec(outcome.penalty)))
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
            net = from_units(outcome.bonus - outcome.penalty)
            out.append(SectionResult(section=section.id, points=net, max_points=ruleset.bonus_cap or ZERO, scaled=net))
            continue
        pts = points.get(section.id, ZERO)
        scaled = section_share(pts, ruleset.scale, from_units(outcome.applicable_max)) if scorable else ZERO
        out.append(SectionResult(section=section.id, points=pts, max_points=maxima.get(section.id, ZERO), scaled=scaled))
    return tuple(out)


rank = competition_ranks
_NO_TRACE: TraceParts = ((), (), (), (), ())


def _decided_score(ruleset: Ruleset, cohort: Cohort, i: int, rank: int | None) -> Score:
    """The score of an agency whose total was decided and published: banded and ranked as given, nothing computed."""
    total = cohort._decided[i]
    assert total is not None
    return Score(
        agency=cohort.agencies[i],
        name=cohort._names[i],
        group=cohort.groups[i],
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
        parent=cohort.parents[i],
        cohort=ruleset.cohort_of(cohort.groups[i], cohort.parents[i]),
        decided_source=cohort._decided_sources[i],
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


def score(ruleset: Ruleset, submissions: Iterable[Submission] | Cohort) -> Assessment:
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
        submissions: One :class:`~indicator_index.Submission` per agency, or
            a :class:`~indicator_index.Cohort` already checked against
            *ruleset* (:func:`~indicator_index.read_cohort`,
            :meth:`BatchScorer.cohort <indicator_index.BatchScorer.cohort>`):
            the same assessment, without checking again.

    Returns:
        An :class:`~indicator_index.Assessment` stamped with the ruleset's id,
        version and digest and the library version.

    Raises:
        ScoringError: listing every problem: unknown groups, indicators or
            criteria, values of the wrong type or out of range, duplicate
            agencies, claims on criteria that cannot be claimed, and missing
            values under the ``error`` policy.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 a checked :class:`~indicator_index.Cohort` is accepted.
    """
    if isinstance(submissions, Cohort):
        cohort = traced_cohort(ruleset, submissions)
    else:
        with localcontext(CONTEXT):
            cohort = cohort_of(ruleset, prepare(ruleset, submissions))
    return _assess(ruleset, cohort)


def _assess(ruleset: Ruleset, cohort: Cohort) -> Assessment:
    """The assessment of a checked cohort: totals, bands and ranks from the plan's evaluation of each comparison cohort, each trace built when read."""
    plan = plan_for(ruleset)
    rows, claims, groups, parents, agencies = cohort._units, cohort._claims, cohort.groups, cohort.parents, cohort.agencies
    decided = frozenset(i for i, total in enumerate(cohort._decided) if total is not None)
    results: list[Totals | None] = [None] * len(agencies)
    # Each agency's comparison cohort bound to its statistics: what its trace is evaluated with when it is read.
    bounds: list[Bound | None] = [None] * len(agencies)
    with localcontext(CONTEXT):
        found: list[tuple[int, Problem]] = []
        for group, idxs in comparison_cohorts(ruleset, groups, parents, decided):
            compiled = plan.groups_for(cohort._places)[group]
            bound = Bound(compiled, group_stats(compiled, idxs, rows, claims))
            found_here: list[tuple[int, Problem]] = []
            computed = evaluate_cohort(bound, [rows[i] for i in idxs], [claims[i] for i in idxs], [agencies[i] for i in idxs], found_here, ruleset, earned=True)
            found.extend((idxs[j], p) for j, p in found_here)
            for i, totals_of in zip(idxs, computed, strict=True):
                results[i] = totals_of
                bounds[i] = bound
        if found:
            found.sort(key=lambda ip: ip[0])
            raise ScoringError([p for _, p in found], title=Message("scoring.missing_title", id=ruleset.id))
        totals = [cohort._decided[i] if i in decided else results[i][6] for i in range(len(agencies))]  # type: ignore[index]
        ranks: dict[int, int] = {}
        for idxs in ranking_cohorts(ruleset, groups, parents).values():
            ranks.update(rank((i, totals[i]) for i in idxs))
    scores = []
    # A group's maximum, and most bonuses and penalties, repeat from agency to agency: each made a Decimal once.
    made: dict[int, Decimal] = {}

    def shared(amount: int) -> Decimal:
        found = made.get(amount)
        if found is None:
            found = made[amount] = from_units(amount)
        return found

    for i, result in enumerate(results):
        if result is None:
            scores.append(_decided_score(ruleset, cohort, i, ranks.get(i)))
            continue
        earned, applicable_max, base, bonus, penalty, unrounded, total, band = result
        scores.append(
            Score(
                agency=agencies[i],
                name=cohort._names[i],
                group=groups[i],
                status="scored" if total is not None else "not_scorable",
                earned=from_units(earned),  # type: ignore[arg-type]
                applicable_max=shared(applicable_max),
                base=None if base is None else from_units(base),
                bonus=shared(bonus),
                penalty=shared(penalty),
                unrounded=None if unrounded is None else from_units(unrounded),
                total=total,
                band=band,
                rank=ranks.get(i),
                trace=Trace(_builder(ruleset, cohort, i, bounds[i])),  # type: ignore[arg-type]
                parent=parents[i],
                cohort=ruleset.cohort_of(groups[i], parents[i]),
            )
        )
    scores.sort(key=_order(ruleset, scores))
    counts = band_counts(ruleset, [s.group for s in scores], [s.band for s in scores])
    return Assessment(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        ruleset_digest=ruleset.digest,
        library_version=VERSION,
        scores=tuple(scores),
        band_counts=counts,
        ruleset=ruleset,
    )
