"""
The domain model: a ruleset and its parts, an agency's submission, and the
results of scoring.

Every class is a frozen attrs class. A :class:`Ruleset` checks its own
cross-references and sums when it is built, whether it came from a TOML file or
from Python, so the engine never has to; it also prepares, once, the lookups
the engine needs (its evaluation plan).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from attrs import field, frozen

from indicator_index._arithmetic import band_of
from indicator_index._mapping import FrozenDict, as_decimal, as_optional_decimal, as_optional_tuple, as_tuple, frozen_dict
from indicator_index._messages import Message, did_you_mean, got
from indicator_index._rules import (
    Names,
    Rule,
    RuleContext,
    RuleText,
    TypedLabel,
    _fmt,
)
from indicator_index._text import Collated, nfc
from indicator_index.errors import Problem, RulesetValidationError


if TYPE_CHECKING:  # the notebook views live with the reports, imported only when one is shown
    from indicator_index._report import HtmlView


__all__ = [
    "AgencyGroup",
    "Assessment",
    "Band",
    "Block",
    "Bonus",
    "Claim",
    "Criterion",
    "CriterionResult",
    "DecidedTotal",
    "Figure",
    "FrozenDict",
    "Indicator",
    "Input",
    "Label",
    "LegalBasis",
    "Option",
    "Penalty",
    "Period",
    "Provenance",
    "Rounding",
    "Ruleset",
    "Score",
    "Section",
    "SectionResult",
    "Submission",
]

ZERO = Decimal(0)
SCHEMA_VERSION = 1
# Sums of maxima are checked exactly: 60 significant digits cover any number the loader accepts.
_CHECK_CONTEXT = Context(prec=60)
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}\Z")  # \Z, not $: "$" would let a trailing line break through
ROUNDING_MODES = ("half_up", "half_even", "half_down", "down", "up", "floor", "ceiling")
MISSING_POLICIES = ("error", "zero", "exclude")
INDICATOR_TYPES = ("ratio", "count", "number", "yes_no", "choice")
PROVENANCE_STATUSES = ("decision", "inferred", "reconstructed")
RANKING_SCOPES = ("group", "parent")

Value = Decimal | bool | str
"""A resolved indicator value: a Decimal (ratio, count, number), a bool (yes/no) or an option id (choice)."""


@frozen(kw_only=True)
class Label:
    """
    A name in Vietnamese and English. Either may be empty, not both.

    .. versionadded:: 0.1.0
    """

    vi: str = ""
    en: str = ""

    def text(self, lang: str = "vi") -> str:
        """The label in *lang* (``"vi"`` or ``"en"``), falling back to the other language."""
        if lang == "en":
            return self.en or self.vi
        return self.vi or self.en


@frozen(kw_only=True)
class LegalBasis:
    """
    The act a ruleset encodes: its number, date and issuer.

    .. versionadded:: 0.1.0
    """

    number: str
    issuer: str
    date: dt.date | None = None
    title: str = ""
    url: str = ""


@frozen(kw_only=True)
class Period:
    """
    When a ruleset is in force: from *start*, until *end* (inclusive) if given.

    .. versionadded:: 0.1.0
    """

    start: dt.date
    end: dt.date | None = None


@frozen(kw_only=True)
class Rounding:
    """
    How the total is rounded: to *places* decimal places with *mode* (one of
    ``half_up``, ``half_even``, ``half_down``, ``down``, ``up``, ``floor``,
    ``ceiling``). With *each_criterion*, criterion points are rounded the same
    way before they are added up.

    .. versionadded:: 0.1.0
    """

    places: int = 2
    mode: str = "half_up"
    each_criterion: bool = False


@frozen(kw_only=True)
class Provenance:
    """
    Where a criterion, bonus/penalty item or band comes from.

    Args:
        status: ``"decision"`` when the act itself states it, ``"inferred"``
            when it is deduced from what is published (results, the
            decision's wording) but not stated, ``"reconstructed"`` when it
            was rebuilt following a methodology.
        citation: The article, appendix or methodology it follows; for an
            inference, what it is inferred from.
        method: For a reconstruction, the methodology it follows.
        file: The ruleset file that defined the item (filled in by the loader,
            so an amendment's items name the amendment).

    .. versionadded:: 0.1.0
    """

    status: str
    citation: str
    method: str = ""
    file: str = ""


@frozen(kw_only=True)
class Band:
    """
    A rating band: totals from *min* (inclusive) up to the next band's *min*.

    Args:
        id: Stable identifier, e.g. ``"tot"``.
        label: Its name.
        min: The lowest total in the band.
        provenance: Where the band and its cut-off come from (optional; a band
            without one adds nothing to the ruleset's digest).

    .. versionadded:: 0.1.0
    """

    id: str
    label: Label
    min: Decimal = field(converter=as_decimal)
    provenance: Provenance | None = None


@frozen(kw_only=True)
class AgencyGroup:
    """
    A group of agencies ranked together (nhóm đối tượng).

    Args:
        id: Stable identifier, e.g. ``"ward"``.
        label: Its name.
        total: The sum of the maxima of the criteria that apply to the group;
            the ruleset's *scale* when not given. A 1,000-point table reported on
            a 100-point scale declares ``total = 1000``.
        ranked_within: Where its agencies are ranked: ``"group"`` (one list
            for the group, or for its block) or ``"parent"`` (one list per
            parent agency, e.g. the wards of each district).
        compared_within: Over which agencies a cohort-relative rule (best in
            group, min-max) takes its lowest and highest values: ``"group"``
            or ``"parent"``.
        parent_group: The group the parent agencies belong to (e.g.
            ``"district"``), when the group's agencies have parents.
        provenance: Where the way the group is ranked comes from.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *ranked_within*, *compared_within*, *parent_group*, *provenance*.
    """

    id: str
    label: Label
    total: Decimal | None = field(default=None, converter=as_optional_decimal)
    ranked_within: str = "group"
    compared_within: str = "group"
    parent_group: str | None = None
    provenance: Provenance | None = None


@frozen(kw_only=True)
class Block:
    """
    Agency groups ranked together in one list (khối xếp hạng), each keeping its own rules.

    In 2020 and 2023 Da Nang ranked its departments and its units without
    administrative procedures in one block of 24.

    Args:
        id: Stable identifier, distinct from every group id it does not hold.
        label: Its name.
        groups: The ids of the groups ranked together.
        provenance: Where the block comes from.

    .. versionadded:: 0.2.0
    """

    id: str
    label: Label
    groups: tuple[str, ...] = field(converter=as_tuple)
    provenance: Provenance | None = None


@frozen(kw_only=True)
class Section:
    """
    A section of the index (mục), applying to *groups* (every group when ``None``).

    .. versionadded:: 0.1.0
    """

    id: str
    label: Label
    number: int | None = None
    groups: tuple[str, ...] | None = field(default=None, converter=as_optional_tuple)


@frozen(kw_only=True)
class Option:
    """
    One allowed value of a ``choice`` indicator.

    .. versionadded:: 0.1.0
    """

    id: str
    label: Label = Label()


@frozen(kw_only=True)
class Indicator:
    """
    A figure an agency reports (chỉ tiêu).

    Args:
        id: Stable identifier used by rules and data files.
        label: Its name.
        type: ``ratio`` (0–1), ``count`` (whole number >= 0), ``number``
            (optionally within *min*..*max*), ``yes_no`` or ``choice`` (one of
            *options*).
        unit: Unit shown to people filling in data.
        options: The allowed values of a ``choice`` indicator.
        min: Lowest allowed value of a ``number``.
        max: Highest allowed value of a ``number``.
        description: How to measure it.
        records_from: The department whose records cross-check it, if any.

    .. versionadded:: 0.1.0
    """

    id: str
    label: Label
    type: str
    unit: str = ""
    options: tuple[Option, ...] = field(default=(), converter=as_tuple)
    min: Decimal | None = field(default=None, converter=as_optional_decimal)
    max: Decimal | None = field(default=None, converter=as_optional_decimal)
    description: str = ""
    records_from: str = ""

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The ids of the options of a ``choice`` indicator."""
        return tuple(o.id for o in self.options)


@frozen(kw_only=True)
class Criterion:
    """
    One scored requirement (tiêu chí).

    Args:
        id: Stable identifier, unique among criteria and bonus/penalty items.
        section: The id of its section.
        label: Its name.
        max_points: Its maximum (điểm tối đa); 0 only for ``info`` rules.
        max_points_by_group: A different maximum for some groups.
        rule: How points are computed (one of the rule kinds).
        groups: The groups it applies to; the section's groups when ``None``.
        excludable: Whether an agency may claim it is outside its function.
        missing: The missing-data policy for this criterion, overriding the ruleset's.
        evidence: The evidence documents expected.
        verifier: Who verifies the figure.
        provenance: Where it comes from.
        note: Anything else an official should know.

    .. versionadded:: 0.1.0
    """

    id: str
    section: str
    label: Label
    max_points: Decimal = field(converter=as_decimal)
    rule: Rule
    provenance: Provenance
    max_points_by_group: FrozenDict = field(factory=FrozenDict, converter=frozen_dict)
    groups: tuple[str, ...] | None = field(default=None, converter=as_optional_tuple)
    excludable: bool = False
    missing: str | None = None
    evidence: str = ""
    verifier: str = ""
    note: str = ""

    def max_for(self, group: str) -> Decimal:
        """The criterion's maximum for agencies of *group*."""
        value: Decimal = self.max_points_by_group.get(group, self.max_points)
        return value


@frozen(kw_only=True)
class _Adjustment:
    """Fields shared by bonus and penalty items."""

    id: str
    label: Label
    max_points: Decimal = field(converter=as_decimal)
    rule: Rule
    provenance: Provenance
    section: str | None = None
    groups: tuple[str, ...] | None = field(default=None, converter=as_optional_tuple)
    missing: str | None = None
    evidence: str = ""
    verifier: str = ""
    note: str = ""


@frozen(kw_only=True)
class Bonus(_Adjustment):
    """
    A bonus item (điểm thưởng): points its rule earns, at most *max_points*,
    added after rescaling; all bonuses together at most the ruleset's *bonus_cap*.

    .. versionadded:: 0.1.0
    """


@frozen(kw_only=True)
class Penalty(_Adjustment):
    """
    A penalty item (điểm trừ): points its rule computes, at most *max_points*,
    deducted after rescaling; all penalties together at most the ruleset's
    *penalty_cap*.

    .. versionadded:: 0.1.0
    """


class RuleTextLater:
    """
    A rule in words, made the first time it is read: loading a ruleset builds none of them (most
    loads, ``validate`` among them, never show one), a trace asks for each once.
    """

    __slots__ = ("_made", "_max_points", "_names", "_rule")

    def __init__(self, rule: Rule, max_points: Decimal, names: Names) -> None:
        self._rule, self._max_points, self._names = rule, max_points, names
        self._made: RuleText | None = None

    def get(self) -> RuleText:
        """The rule in words (two threads asking at once both get equal texts)."""
        made = self._made
        if made is None:
            made = self._made = self._rule.describe(self._max_points, self._names)
        return made


@frozen(kw_only=True)
class _Plan:
    """What the engine needs, prepared once when a ruleset is built."""

    # Filled on first use: the digest costs a canonical dump of the whole ruleset.
    cache: dict[str, Any]
    indicators: Mapping[str, Indicator]
    # Each item with its rule in words, made when first read (see RuleTextLater).
    criteria_by_group: Mapping[str, tuple[tuple[Criterion, Decimal, RuleTextLater], ...]]
    sections_by_group: Mapping[str, tuple[Section, ...]]
    bonuses_by_group: Mapping[str, tuple[tuple[Bonus, RuleTextLater], ...]]
    penalties_by_group: Mapping[str, tuple[tuple[Penalty, RuleTextLater], ...]]
    bands_desc: tuple[Band, ...]
    group_order: Mapping[str, int]
    source_rank: Mapping[str, int]
    excludable: frozenset[str]
    # Group id -> the id its agencies are ranked under: its block's, or its own.
    block_of: Mapping[str, str]
    ranked_by_parent: frozenset[str]
    compared_by_parent: frozenset[str]


@frozen(kw_only=True)
class Ruleset:
    """
    A complete, validated set of rules for one evaluation scheme.

    Building one (by hand or through :func:`~indicator_index.load_ruleset`) checks every cross-reference and sum
    and raises :class:`~indicator_index.RulesetValidationError` listing every problem.

    Args:
        schema_version: The ruleset format version (1).
        id: Stable identifier, e.g. ``"danang-448-2022"``.
        version: The ruleset's own version.
        title: Its title.
        legal_basis: The act it encodes.
        effective: When it is in force.
        scale: The scale totals are reported on (100).
        rounding: How totals are rounded.
        missing: The default missing-data policy: ``error``, ``zero`` or ``exclude``.
        sources: Data sources, highest precedence first.
        bands: The rating bands.
        groups: The agency groups.
        sections: The sections.
        indicators: The figures agencies report.
        criteria: The scored criteria.
        bonuses: Bonus items.
        penalties: Penalty items.
        bonus_cap: The most all bonuses together may add.
        penalty_cap: The most all penalties together may deduct.
        extends: The id of the ruleset this one amends, if any.
        description: Free text: what is official and what is reconstructed.
        blocks: Groups ranked together in one list (each group alone when in no block).

    .. versionadded:: 0.1.0
    """

    schema_version: int
    id: str
    version: str
    title: Label
    legal_basis: LegalBasis
    effective: Period
    scale: Decimal = field(converter=as_decimal)
    bands: tuple[Band, ...] = field(converter=as_tuple)
    groups: tuple[AgencyGroup, ...] = field(converter=as_tuple)
    sections: tuple[Section, ...] = field(converter=as_tuple)
    indicators: tuple[Indicator, ...] = field(converter=as_tuple)
    criteria: tuple[Criterion, ...] = field(converter=as_tuple)
    rounding: Rounding = Rounding()
    missing: str = "error"
    sources: tuple[str, ...] = field(default=("verification", "records", "agency"), converter=as_tuple)
    bonuses: tuple[Bonus, ...] = field(default=(), converter=as_tuple)
    penalties: tuple[Penalty, ...] = field(default=(), converter=as_tuple)
    bonus_cap: Decimal | None = field(default=None, converter=as_optional_decimal)
    penalty_cap: Decimal | None = field(default=None, converter=as_optional_decimal)
    extends: str | None = None
    description: str = ""
    blocks: tuple[Block, ...] = field(default=(), converter=as_tuple)
    _plan: _Plan = field(init=False, repr=False, eq=False, hash=False, alias="_plan")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_plan", _checked_plan(self))

    @property
    def digest(self) -> str:
        """A SHA-256 of the ruleset's content, stamped on every Assessment."""
        return _cached_digest(self)

    def group(self, group_id: str) -> AgencyGroup:
        """The agency group with id *group_id*."""
        return _by_id(self.groups, group_id, "agency group")

    def cohort_of(self, group_id: str, parent: str = "") -> str:
        """
        The ranking cohort of an agency of group *group_id* with parent *parent*.

        As :attr:`Score.cohort <indicator_index.Score.cohort>`: ``"ward/quan-hai-chau"``.

        .. versionadded:: 0.2.0
        """
        return _cohort_of(self, nfc(group_id), parent)

    def cohort_label(self, cohort: str, lang: str = "vi", names: Mapping[str, str] | None = None) -> str:
        """
        A ranking cohort in words: the block or group's label, then the parent's name (from *names*, agency id -> name) or id.

        .. versionadded:: 0.2.0
        """
        return _cohort_label(self, cohort, lang, names or {})

    def section(self, section_id: str) -> Section:
        """The section with id *section_id*."""
        return _by_id(self.sections, section_id, "section")

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with id *criterion_id*."""
        return _by_id(self.criteria, criterion_id, "criterion")

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with id *indicator_id*."""
        return _by_id(self.indicators, indicator_id, "indicator")

    def band(self, band_id: str) -> Band:
        """The band with id *band_id*."""
        return _by_id(self.bands, band_id, "band")

    def band_for(self, total: Decimal) -> Band:
        """The band a (rounded) *total* falls in: the highest band whose *min* it reaches."""
        return band_of(total, self._plan.bands_desc)

    def criteria_for(self, group_id: str) -> tuple[Criterion, ...]:
        """The criteria that apply to agencies of *group_id*, in file order."""
        return tuple(c for c, _, _ in self._plan.criteria_by_group[self.group(group_id).id])

    def sections_for(self, group_id: str) -> tuple[Section, ...]:
        """The sections that apply to agencies of *group_id*."""
        return self._plan.sections_by_group[self.group(group_id).id]

    def describe_rule(self, item_id: str, lang: str = "en") -> str:
        """The rule of a criterion, bonus or penalty in words, naming indicators by their label in *lang*."""
        return _describe_rule(self, item_id, lang)


def _checked_plan(rs: Ruleset) -> _Plan:
    """The compiled plan of *rs*, once :func:`_validate` finds no problem in it."""
    _validate(rs)
    return _compile(rs)


def _cached_digest(rs: Ruleset) -> str:
    """:attr:`Ruleset.digest`: :func:`_digest`, worked out once and kept in the plan's cache."""
    cache = rs._plan.cache
    if "digest" not in cache:
        cache["digest"] = _digest(rs)
    return str(cache["digest"])


def _cohort_of(rs: Ruleset, group_id: str, parent: str) -> str:
    """:meth:`Ruleset.cohort_of` for an NFC *group_id*: its block's id, then ``/`` and *parent* when ranked within parents."""
    block = rs._plan.block_of[group_id]
    return f"{block}/{parent}" if group_id in rs._plan.ranked_by_parent else block


def _validate(rs: Ruleset) -> None:
    """Raise :class:`RulesetValidationError` listing every problem of *rs*."""
    try:
        with localcontext(_CHECK_CONTEXT):
            problems = _check(rs)
    except (AttributeError, TypeError) as exc:
        # Only a ruleset built by hand in Python can reach this: the loader's
        # strict hooks guarantee every field's type. Say which fields, as the loader would.
        problems = _type_problems(rs) or [Problem(message=Message("ruleset.wrong_type", error=str(exc)))]
        raise RulesetValidationError(problems, title=Message("ruleset.invalid_id_title", id=rs.id)) from exc
    if problems:
        raise RulesetValidationError(problems, title=Message("ruleset.invalid_id_title", id=rs.id))


def _digest(rs: Ruleset) -> str:
    """The SHA-256 of a ruleset's canonical content."""
    payload = json.dumps(_canonical(rs), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _cohort_label(rs: Ruleset, cohort: str, lang: str, names: Mapping[str, str]) -> str:
    """A ranking cohort in words: the block or group's label, then the parent's name or id."""
    block, _, parent = cohort.partition("/")
    found = [b.label for b in rs.blocks if b.id == block] or [g.label for g in rs.groups if g.id == block]
    text = found[0].text(lang) if found else block
    return f"{text} — {names.get(parent) or parent}" if parent else text


def _describe_rule(rs: Ruleset, item_id: str, lang: str) -> str:
    """The rule of an item in words, indicators named by their label in *lang*."""
    items: tuple[Criterion | Bonus | Penalty, ...] = (*rs.criteria, *rs.bonuses, *rs.penalties)
    for item in items:
        if item.id == item_id:
            text = item.rule.describe(item.max_points, _indicator_labels(rs))
            return text.vi if lang == "vi" else text.en
    msg = f"no criterion, bonus or penalty with id {item_id!r}"
    raise KeyError(msg)


_Identified = TypeVar("_Identified", AgencyGroup, Section, Criterion, Indicator, Band)


def _by_id(items: Iterable[_Identified], item_id: str, what: str) -> _Identified:
    key = nfc(item_id)
    for item in items:
        if item.id == key:
            return item
    msg = f"no {what} with id {item_id!r}"
    raise KeyError(msg)


_DIGEST_OPTIONAL = frozenset(
    {
        (Band, "provenance"),
        (AgencyGroup, "ranked_within"),
        (AgencyGroup, "compared_within"),
        (AgencyGroup, "parent_group"),
        (AgencyGroup, "provenance"),
        (Block, "provenance"),
        (Ruleset, "blocks"),
    }
)


def _canonical(value: object) -> object:
    """A JSON-ready, order-stable form of a model value, for the content digest."""
    cls = type(value)
    if attrs.has(cls):
        out: dict[str, object] = {}
        kind = getattr(cls, "kind", None)
        if isinstance(kind, str):
            out["kind"] = kind
        for a in attrs.fields(cls):
            # The file an item came from is where, not what: it stays out of the digest.
            if a.name.startswith("_") or (type(value) is Provenance and a.name == "file"):
                continue
            # Optional fields added after the first release leave the digest of rulesets without them unchanged.
            if (cls, a.name) in _DIGEST_OPTIONAL and getattr(value, a.name) == a.default:
                continue
            out[a.name] = _canonical(getattr(value, a.name))
        return out
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if isinstance(value, Decimal):
        return _fmt(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _indicator_labels(rs: Ruleset) -> Names:
    """
    The lookup rule texts name indicators by: an indicator id -> its label with its type (so that a ratio's
    tier thresholds read as percentages), ``"indicator:option"`` -> the option's label, ``None`` for an unknown id.
    """
    labels: dict[str, Label | TypedLabel] = {i.id: TypedLabel(i.label, i.type) for i in rs.indicators}
    labels.update({f"{i.id}:{o.id}": o.label for i in rs.indicators for o in i.options})
    return labels.get


def _compile(rs: Ruleset) -> _Plan:
    """Prepare the per-group lookups the engine uses, once."""
    all_groups = tuple(g.id for g in rs.groups)
    section_groups = {s.id: (s.groups if s.groups is not None else all_groups) for s in rs.sections}
    criteria_by_group: dict[str, tuple[tuple[Criterion, Decimal, RuleTextLater], ...]] = {}
    sections_by_group: dict[str, tuple[Section, ...]] = {}
    bonuses: dict[str, tuple[tuple[Bonus, RuleTextLater], ...]] = {}
    penalties: dict[str, tuple[tuple[Penalty, RuleTextLater], ...]] = {}
    texts: dict[tuple[str, Decimal], RuleTextLater] = {}  # a criterion's text, once per distinct maximum
    names = _indicator_labels(rs)  # rule texts name indicators by their label
    for group in all_groups:
        crits = []
        for c in rs.criteria:
            groups = c.groups if c.groups is not None else section_groups[c.section]
            if group in groups:
                top = c.max_for(group)
                text = texts.get((c.id, top))
                if text is None:
                    text = texts[(c.id, top)] = RuleTextLater(c.rule, top, names)
                crits.append((c, top, text))
        criteria_by_group[group] = tuple(crits)
        used = {c.section for c, _, _ in crits}
        sections_by_group[group] = tuple(s for s in rs.sections if group in section_groups[s.id] or s.id in used)
        bonuses[group] = tuple((b, RuleTextLater(b.rule, b.max_points, names)) for b in rs.bonuses if b.groups is None or group in b.groups)
        penalties[group] = tuple((p, RuleTextLater(p.rule, p.max_points, names)) for p in rs.penalties if p.groups is None or group in p.groups)
    return _Plan(
        cache={},
        indicators=FrozenDict((i.id, i) for i in rs.indicators),
        criteria_by_group=FrozenDict(criteria_by_group),
        sections_by_group=FrozenDict(sections_by_group),
        bonuses_by_group=FrozenDict(bonuses),
        penalties_by_group=FrozenDict(penalties),
        bands_desc=tuple(sorted(rs.bands, key=lambda b: b.min, reverse=True)),
        group_order=FrozenDict((g, i) for i, g in enumerate(all_groups)),
        source_rank=FrozenDict((s, i) for i, s in enumerate(rs.sources)),
        excludable=frozenset(c.id for c in rs.criteria if c.excludable),
        block_of=FrozenDict({**{g: g for g in all_groups}, **{g: b.id for b in rs.blocks for g in b.groups}}),
        ranked_by_parent=frozenset(g.id for g in rs.groups if g.ranked_within == "parent"),
        compared_by_parent=frozenset(g.id for g in rs.groups if g.compared_within == "parent"),
    )


class _Checker:
    """Collects problems found while checking a ruleset."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, message: str, path: str, criterion: str | None = None, indicator: str | None = None) -> None:
        self.problems.append(Problem(message=message, path=path, criterion=criterion, indicator=indicator))

    def ids(self, items: Iterable[Any], key: str, what: str, seen: dict[str, tuple[str, str]] | None = None) -> dict[str, tuple[str, str]]:
        """Check id syntax and uniqueness (after NFC and case folding); return folded id -> (id, what)."""
        seen = {} if seen is None else seen
        item_key = key in ("criteria", "bonuses", "penalties")
        for i, item in enumerate(items):
            path = f"$.{key}[{i}].id"
            criterion = item.id if item_key and isinstance(item.id, str) else None
            if not isinstance(item.id, str) or not ID_PATTERN.match(item.id):
                self.add(Message("ruleset.bad_item_id", what=_noun(what), id=item.id), path, criterion)
                continue
            folded = nfc(item.id).casefold()
            if folded in seen:
                other, other_what = seen[folded]
                same = "" if other == item.id else Message("ruleset.same_folded", other=other)
                article = "ruleset.used_an" if other_what[0] in "aeiou" else "ruleset.used_a"
                used = Message("ruleset.used_another" if other_what == what else article, what=_noun(other_what))
                self.add(Message("ruleset.duplicate_id", id=item.id, same=same, used=used), path, criterion)
            else:
                seen[folded] = (item.id, what)
        return seen

    def label(self, label: Label, path: str, criterion: str | None = None) -> None:
        if not (label.vi.strip() or label.en.strip()):
            self.add(Message("ruleset.label_text"), path, criterion)

    def refs(self, refs: tuple[str, ...] | None, known: Iterable[str], path: str, what: str, criterion: str | None = None) -> None:
        if refs is None:
            return
        known = tuple(known)
        if not refs:
            self.add(Message("ruleset.groups_empty", what=_noun(what)), path, criterion)
        for ref in refs:
            if ref not in known:
                self.add(Message("ruleset.unknown_ref", what=_noun(what), ref=ref, hint=_suggest(ref, known)), path, criterion)


def _suggest(name: str, known: Iterable[str]) -> str:
    import difflib

    return did_you_mean(difflib.get_close_matches(name, list(known), n=1))


def _noun(what: str) -> str:
    """The word for a kind of item (``agency group``), in the language a message is shown in."""
    return Message("noun." + what.replace(" ", "_"))


def _check(rs: Ruleset) -> list[Problem]:
    """Every semantic problem with a ruleset, in document order."""
    ck = _Checker()
    _check_head(ck, rs)
    _check_bands(ck, rs)
    seen_groups = _check_groups(ck, rs)
    _check_blocks(ck, rs, seen_groups)
    section_groups = _check_sections(ck, rs)
    seen_items, maxima = _check_criteria(ck, rs, section_groups)
    _check_group_totals(ck, rs, maxima)
    _check_adjustments(ck, rs, seen_items)
    return ck.problems


def _check_head(ck: _Checker, rs: Ruleset) -> None:
    """Identity, scale, period, rounding, the missing-data policy and the sources."""
    if rs.schema_version != SCHEMA_VERSION:
        ck.add(Message("schema.version_must", expected=SCHEMA_VERSION, value=rs.schema_version), "$.schema_version")
    if not ID_PATTERN.match(rs.id):
        ck.add(Message("ruleset.bad_ruleset_id", id=rs.id), "$.id")
    if not rs.version.strip():
        ck.add(Message("ruleset.version_empty"), "$.version")
    ck.label(rs.title, "$.title")
    if not rs.scale.is_finite() or rs.scale <= ZERO:
        ck.add(Message("ruleset.scale_positive", value=_fmt(rs.scale)), "$.scale")
    if rs.effective.end is not None and rs.effective.end < rs.effective.start:
        ck.add(Message("ruleset.effective_order", end=str(rs.effective.end), start=str(rs.effective.start)), "$.effective.end")
    if not 0 <= rs.rounding.places <= 10:
        ck.add(Message("ruleset.rounding_places", places=rs.rounding.places), "$.rounding.places")
    if rs.rounding.mode not in ROUNDING_MODES:
        ck.add(Message("schema.one_of", key="rounding.mode", choices=", ".join(ROUNDING_MODES), value=rs.rounding.mode), "$.rounding.mode")
    if rs.missing not in MISSING_POLICIES:
        ck.add(Message("schema.one_of", key="missing", choices=", ".join(MISSING_POLICIES), value=rs.missing), "$.missing")
    if not rs.sources:
        ck.add(Message("ruleset.sources_empty"), "$.sources")
    for i, source in enumerate(rs.sources):
        if not ID_PATTERN.match(source):
            ck.add(Message("ruleset.source_id", value=source), f"$.sources[{i}]")
    if len(set(rs.sources)) != len(rs.sources):
        ck.add(Message("ruleset.sources_repeat"), "$.sources")


def _check_bands(ck: _Checker, rs: Ruleset) -> None:
    """Bands: lower bounds, inclusive; distinct; one at 0; none above the scale."""
    if not rs.bands:
        ck.add(Message("ruleset.no_band"), "$.bands")
    ck.ids(rs.bands, "bands", "band")
    mins: dict[Decimal, str] = {}
    for i, band in enumerate(rs.bands):
        ck.label(band.label, f"$.bands[{i}].label")
        if not band.min.is_finite() or not ZERO <= band.min <= rs.scale:
            ck.add(Message("ruleset.band_min", scale=_fmt(rs.scale), value=_fmt(band.min)), f"$.bands[{i}].min")
        if band.min in mins:
            ck.add(Message("ruleset.bands_overlap", first=mins[band.min], second=band.id, value=_fmt(band.min)), f"$.bands[{i}].min")
        mins.setdefault(band.min, band.id)
        if band.provenance is not None:
            _check_provenance(ck, band.provenance, f"$.bands[{i}].provenance", None)
    if rs.bands and ZERO not in mins:
        low = min(mins)
        ck.add(Message("ruleset.bands_gap", value=_fmt(low)), "$.bands")


def _check_groups(ck: _Checker, rs: Ruleset) -> dict[str, tuple[str, str]]:
    """Agency groups, their totals and ranking scopes; returns the ids seen (blocks share their namespace)."""
    if not rs.groups:
        ck.add(Message("ruleset.no_group"), "$.groups")
    seen_groups = ck.ids(rs.groups, "groups", "agency group")
    for i, group in enumerate(rs.groups):
        ck.label(group.label, f"$.groups[{i}].label")
        if group.total is not None and (not group.total.is_finite() or group.total <= ZERO):
            ck.add(Message("ruleset.group_total", value=_fmt(group.total)), f"$.groups[{i}].total")
        for key in ("ranked_within", "compared_within"):
            scope = getattr(group, key)
            if scope not in RANKING_SCOPES:
                ck.add(Message("schema.one_of", key=key, choices=", ".join(RANKING_SCOPES), value=scope), f"$.groups[{i}].{key}")
        if group.parent_group is not None:
            if group.parent_group == group.id:
                ck.add(Message("ruleset.own_parent", id=group.id), f"$.groups[{i}].parent_group")
            else:
                ck.refs((group.parent_group,), [g.id for g in rs.groups], f"$.groups[{i}].parent_group", "agency group")
        if group.provenance is not None:
            _check_provenance(ck, group.provenance, f"$.groups[{i}].provenance", None)
    return seen_groups


def _check_blocks(ck: _Checker, rs: Ruleset, seen_groups: dict[str, tuple[str, str]]) -> None:
    """Ranking blocks: known groups, each in one block, ranked within one scope."""
    ck.ids(rs.blocks, "blocks", "block", dict(seen_groups))
    in_block: dict[str, str] = {}
    scopes = {g.id: g.ranked_within for g in rs.groups}
    for i, block in enumerate(rs.blocks):
        ck.label(block.label, f"$.blocks[{i}].label")
        ck.refs(block.groups, [g.id for g in rs.groups], f"$.blocks[{i}].groups", "agency group")
        for g in block.groups:
            if g in in_block:
                ck.add(Message("ruleset.two_blocks", group=g, first=in_block[g], second=block.id), f"$.blocks[{i}].groups")
            in_block.setdefault(g, block.id)
        ranked = {scopes[g] for g in block.groups if g in scopes}
        if len(ranked) > 1:
            ck.add(Message("ruleset.block_scope", id=block.id), f"$.blocks[{i}].groups")
        if block.provenance is not None:
            _check_provenance(ck, block.provenance, f"$.blocks[{i}].provenance", None)


def _check_sections(ck: _Checker, rs: Ruleset) -> dict[str, tuple[str, ...]]:
    """Sections; returns each section's groups."""
    group_ids = tuple(g.id for g in rs.groups)
    if not rs.sections:
        ck.add(Message("ruleset.no_section"), "$.sections")
    ck.ids(rs.sections, "sections", "section")
    numbers: set[int] = set()
    for i, section in enumerate(rs.sections):
        ck.label(section.label, f"$.sections[{i}].label")
        ck.refs(section.groups, group_ids, f"$.sections[{i}].groups", "agency group")
        if section.number is not None:
            if section.number in numbers:
                ck.add(Message("ruleset.section_number", number=section.number), f"$.sections[{i}].number")
            numbers.add(section.number)
    section_groups = {s.id: (s.groups if s.groups is not None else group_ids) for s in rs.sections}
    _check_indicators(ck, rs)
    return section_groups


def _check_indicators(ck: _Checker, rs: Ruleset) -> None:
    """Indicators: types, options and ranges."""
    ck.ids(rs.indicators, "indicators", "indicator")
    for i, ind in enumerate(rs.indicators):
        path = f"$.indicators[{i}]"
        ck.label(ind.label, f"{path}.label", None)
        if ind.type not in INDICATOR_TYPES:
            ck.add(Message("ruleset.indicator_type", choices=", ".join(INDICATOR_TYPES), value=ind.type), f"{path}.type", indicator=ind.id)
        if ind.type == "choice":
            if not ind.options:
                ck.add(Message("ruleset.choice_needs_option"), f"{path}.options", indicator=ind.id)
            ck.ids(ind.options, f"indicators[{i}].options", "option")
        elif ind.options:
            ck.add(Message("ruleset.options_only_choice", type=ind.type), f"{path}.options", indicator=ind.id)
        if (ind.min is not None or ind.max is not None) and ind.type != "number":
            ck.add(Message("ruleset.minmax_only_number", type=ind.type), path, indicator=ind.id)
        if ind.min is not None and ind.max is not None and ind.min > ind.max:
            ck.add(Message("ruleset.indicator_min_max", min=_fmt(ind.min), max=_fmt(ind.max)), f"{path}.min", indicator=ind.id)


def _rule_contexts(rs: Ruleset) -> Callable[[Decimal], RuleContext]:
    """What a rule's checks need to know of the indicators, for an item of a given maximum."""
    types = {i.id: i.type for i in rs.indicators}
    options = {i.id: i.option_ids for i in rs.indicators if i.type == "choice"}
    return lambda max_points: RuleContext(indicator_types=types, indicator_options=options, max_points=max_points)


def _check_criteria(ck: _Checker, rs: Ruleset, section_groups: dict[str, tuple[str, ...]]) -> tuple[dict[str, tuple[str, str]], dict[str, Decimal]]:
    """Criteria: sections, groups, maxima and rules; returns the ids seen and each group's sum of maxima."""
    group_ids = tuple(g.id for g in rs.groups)
    context = _rule_contexts(rs)
    seen_items = ck.ids(rs.criteria, "criteria", "criterion")
    if not rs.criteria:
        ck.add(Message("ruleset.no_criterion"), "$.criteria")
    section_ids = {s.id for s in rs.sections}
    maxima: dict[str, Decimal] = dict.fromkeys(group_ids, ZERO)
    for i, c in enumerate(rs.criteria):
        path = f"$.criteria[{i}]"
        ck.label(c.label, f"{path}.label", c.id)
        _check_provenance(ck, c.provenance, f"{path}.provenance", c.id)
        if c.section not in section_ids:
            ck.add(Message("ruleset.unknown_ref", what=_noun("section"), ref=c.section, hint=_suggest(c.section, section_ids)), f"{path}.section", c.id)
        # An unknown section still lets the rest of the criterion be checked, against every group.
        allowed = section_groups.get(c.section, group_ids)
        ck.refs(c.groups, group_ids, f"{path}.groups", "agency group", c.id)
        for g in c.groups or ():
            if g in group_ids and g not in allowed:
                ck.add(Message("ruleset.group_not_in_section", group=g, section=c.section), f"{path}.groups", c.id)
        groups = tuple(g for g in (c.groups if c.groups is not None else allowed) if g in group_ids)
        if c.missing is not None and c.missing not in MISSING_POLICIES:
            ck.add(Message("schema.one_of", key="missing", choices=", ".join(MISSING_POLICIES), value=c.missing), f"{path}.missing", c.id)
        bad_max = not c.max_points.is_finite() or c.max_points < ZERO
        if bad_max:
            ck.add(Message("ruleset.max_points_nonneg", value=_fmt(c.max_points)), f"{path}.max_points", c.id)
        for g, value in c.max_points_by_group.items():
            if g not in groups:
                code = "ruleset.by_group_unknown" if g not in group_ids else "ruleset.by_group_not_applying"
                ck.add(Message(code, group=g), f"{path}.max_points_by_group.{g}", c.id)
            elif not value.is_finite() or value < ZERO:
                ck.add(Message("ruleset.by_group_nonneg", group=g, value=_fmt(value)), f"{path}.max_points_by_group.{g}", c.id)
        if bad_max:
            continue
        if c.max_points == ZERO and c.rule.kind != "info":
            ck.add(Message("ruleset.max_points_zero"), f"{path}.max_points", c.id)
        ctx = context(c.max_points)
        for message, rule_path in c.rule.problems(ctx, f"{path}.rule"):
            ck.add(message, rule_path, c.id)
        for g in groups:
            value = c.max_for(g)
            if value.is_finite():
                maxima[g] += value
    return seen_items, maxima


def _check_group_totals(ck: _Checker, rs: Ruleset, maxima: dict[str, Decimal]) -> None:
    """Each group's criteria add up to its total (or the scale)."""
    for i, group in enumerate(rs.groups):
        declared = group.total if group.total is not None else rs.scale
        actual = maxima.get(group.id, ZERO)
        if declared.is_finite() and actual != declared:
            code = "ruleset.maxima_total" if group.total is not None else "ruleset.maxima_scale"
            ck.add(Message(code, group=group.id, actual=_fmt(actual), declared=_fmt(declared)), f"$.groups[{i}]")


def _check_adjustments(ck: _Checker, rs: Ruleset, seen_items: dict[str, tuple[str, str]]) -> None:
    """Bonus and penalty items, their caps, and the one section that holds them."""
    group_ids = tuple(g.id for g in rs.groups)
    context = _rule_contexts(rs)
    section_ids = {s.id for s in rs.sections}
    for key, items, cap, cap_key in (("bonuses", rs.bonuses, rs.bonus_cap, "bonus_cap"), ("penalties", rs.penalties, rs.penalty_cap, "penalty_cap")):
        ck.ids(items, key, "bonus" if key == "bonuses" else "penalty", seen_items)
        for i, item in enumerate(items):
            path = f"$.{key}[{i}]"
            ck.label(item.label, f"{path}.label", item.id)
            _check_provenance(ck, item.provenance, f"{path}.provenance", item.id)
            if item.section is not None and item.section not in section_ids:
                unknown = Message("ruleset.unknown_ref", what=_noun("section"), ref=item.section, hint=_suggest(item.section, section_ids))
                ck.add(unknown, f"{path}.section", item.id)
            ck.refs(item.groups, group_ids, f"{path}.groups", "agency group", item.id)
            if item.missing is not None and item.missing not in MISSING_POLICIES:
                ck.add(Message("schema.one_of", key="missing", choices=", ".join(MISSING_POLICIES), value=item.missing), f"{path}.missing", item.id)
            if not item.max_points.is_finite() or item.max_points <= ZERO:
                ck.add(Message("ruleset.max_points_positive", value=_fmt(item.max_points)), f"{path}.max_points", item.id)
                continue
            ctx = context(item.max_points)
            for message, rule_path in item.rule.problems(ctx, f"{path}.rule"):
                ck.add(message, rule_path, item.id)
        if items and cap is None:
            ck.add(Message("ruleset.cap_required", cap_key=cap_key, key=key), f"$.{cap_key}")
        if cap is not None and (not cap.is_finite() or cap <= ZERO):
            ck.add(Message("ruleset.cap_positive", cap_key=cap_key, value=_fmt(cap)), f"$.{cap_key}")
    adjustment_sections = {item.section for item in (*rs.bonuses, *rs.penalties) if item.section is not None}
    if len(adjustment_sections) > 1:
        names = ", ".join(repr(x) for x in sorted(adjustment_sections))
        ck.add(Message("ruleset.adjustment_sections", names=names), "$.bonuses")
    for section_id in sorted(adjustment_sections):
        if any(c.section == section_id for c in rs.criteria):
            ck.add(Message("ruleset.adjustment_section_criteria", id=section_id), "$.criteria")


_ITEM_KEYS = ("criteria", "bonuses", "penalties")
_EXPECTED = {
    Decimal: "schema.expected_number",
    str: "schema.expected_string",
    bool: "schema.expected_bool",
    int: "schema.expected_integer",
    dt.date: "schema.expected_date",
}


def _type_problems(rs: Ruleset) -> list[Problem]:
    """
    The fields of a hand-built ruleset whose values have the wrong type, in the
    loader's words and key paths: ``expected a number, got string '40'``.
    """
    import typing

    out: list[Problem] = []

    def expect(value: object, tp: Any, path: str, item: str | None) -> None:
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Union or (origin is None and type(tp).__name__ == "UnionType"):
            if value is None and type(None) in args:
                return
            choices = [a for a in args if a is not type(None)]
            if len(choices) == 1:
                expect(value, choices[0], path, item)
            elif attrs.has(type(value)) and type(value) in choices:
                expect(value, type(value), path, item)
            elif not any(isinstance(value, a) for a in choices if isinstance(a, type)):
                out.append(Problem(message=Message("schema.expected_table", got=got(value)), path=path, criterion=item))
        elif origin is tuple:
            if not isinstance(value, tuple):
                out.append(Problem(message=Message("schema.expected_array", got=got(value)), path=path, criterion=item))
                return
            for i, element in enumerate(value):
                sub = f"{path}[{i}]"
                inner = item
                if path in (f"$.{k}" for k in _ITEM_KEYS) and isinstance(getattr(element, "id", None), str):
                    inner = element.id
                expect(element, args[0], sub, inner)
        elif tp in _EXPECTED:
            ok = isinstance(value, tp) and not (tp is not bool and isinstance(value, bool))
            if not ok or (tp is dt.date and isinstance(value, dt.datetime)):
                out.append(Problem(message=Message(_EXPECTED[tp], got=got(value)), path=path, criterion=item))
        elif isinstance(tp, type) and attrs.has(tp):
            if not isinstance(value, tp):
                out.append(Problem(message=Message("schema.expected_table", got=got(value)), path=path, criterion=item))
                return
            hints = typing.get_type_hints(tp)
            for f in attrs.fields(tp):
                if not f.init:
                    continue
                expect(getattr(value, f.name), hints[f.name], f"{path}.{f.name}" if path else f"$.{f.name}", item)

    expect(rs, Ruleset, "", None)
    return out


def _check_provenance(ck: _Checker, prov: Provenance, path: str, item: str | None) -> None:
    if prov.status not in PROVENANCE_STATUSES:
        ck.add(Message("ruleset.provenance_status", value=prov.status), f"{path}.status", item)
    if not prov.citation.strip():
        ck.add(Message("ruleset.provenance_citation"), f"{path}.citation", item)
    if prov.status == "reconstructed" and not prov.method.strip():
        ck.add(Message("ruleset.provenance_method"), f"{path}.method", item)


# --- Submissions ------------------------------------------------------------


@frozen(kw_only=True)
class Figure:
    """
    One reported value of an indicator and where it came from.

    Args:
        value: The value: a number (``Decimal``, ``int``, or ``float``, read
            through its shortest ``repr``), a ``bool`` for yes/no, an option id
            for a choice.
        source: Which source supplied it (one of the ruleset's *sources*:
            ``agency``, ``verification``, ``records`` by default).
        reference: Where it was read from or the evidence behind it, e.g.
            ``"data.csv:12"``.

    .. versionadded:: 0.1.0
    """

    value: object
    source: str = "agency"
    reference: str = ""


def _figures(value: object) -> tuple[Figure, ...]:
    if isinstance(value, Figure):
        return (value,)
    if isinstance(value, tuple | list) and value and all(isinstance(v, Figure) for v in value):
        return tuple(value)
    return (Figure(value=value),)


def _values(values: Mapping[str, object] | None) -> FrozenDict:
    if isinstance(values, FrozenDict) and all(isinstance(v, tuple) for v in values.values()):
        return values
    return FrozenDict((str(k), _figures(v)) for k, v in (values or {}).items())


@frozen(kw_only=True)
class Claim:
    """
    An agency's claim that a criterion is outside its function and duty.

    Backed by *evidence* (a document reference), the criterion leaves the
    agency's denominator; without evidence the claim is refused.

    .. versionadded:: 0.1.0
    """

    criterion: str
    evidence: str = ""


def _claims(claims: Mapping[str, str] | Iterable[Claim | str] | None) -> tuple[Claim, ...]:
    if claims is None:
        return ()
    if isinstance(claims, str):
        return (Claim(criterion=claims),)
    if isinstance(claims, Mapping):
        return tuple(Claim(criterion=str(k), evidence=str(v or "")) for k, v in claims.items())
    return tuple(c if isinstance(c, Claim) else Claim(criterion=str(c)) for c in claims)


@frozen(kw_only=True)
class DecidedTotal:
    """
    An agency's total as decided and published, in place of its figures.

    No per-criterion inputs of a past round are public; a published total is
    banded and ranked like a scored one, and every output marks it as decided.

    Args:
        total: The total as published (already rounded).
        source: Where it was published (a decision, notice or article).

    .. versionadded:: 0.2.0
    """

    total: Decimal = field(converter=as_decimal)
    source: str = ""


def _decided(value: Any) -> Any:
    """A mapping ``{"total": ..., "source": ...}`` becomes a :class:`DecidedTotal`; anything else is left for the input checks to name."""
    if isinstance(value, Mapping):
        return DecidedTotal(total=value.get("total"), source=value.get("source", ""))
    return value


@frozen(kw_only=True)
class Submission:
    """
    One agency's data for one evaluation.

    Args:
        agency: The agency's stable id.
        group: The id of its agency group.
        name: Its display name (the id when empty).
        values: Indicator id -> value, :class:`Figure`, or a list of figures
            from different sources. Plain values are the agency's own report.
        claims: Criteria the agency claims are outside its function: a mapping
            criterion id -> evidence reference, or :class:`Claim` objects.
        parent: The id of its parent agency (a ward's district), if any.
        decided: Its total as decided and published, instead of *values*.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *parent* and *decided*.
    """

    agency: str
    group: str
    name: str = ""
    values: FrozenDict = field(factory=FrozenDict, converter=_values)
    claims: tuple[Claim, ...] = field(default=(), converter=_claims)
    parent: str = ""
    decided: DecidedTotal | None = field(default=None, converter=_decided)

    @property
    def display_name(self) -> str:
        """The name, or the id when there is no name."""
        return self.name or self.agency


# --- Results ----------------------------------------------------------------


@frozen(kw_only=True)
class Input:
    """
    An input a criterion used: the value, and which source supplied it.

    .. versionadded:: 0.1.0
    """

    indicator: str
    value: Value
    source: str
    reference: str = ""


@frozen(kw_only=True)
class CriterionResult:
    """
    The trace of one criterion (or bonus/penalty item) for one agency.

    Args:
        criterion: The criterion's id.
        section: Its section's id (``None`` for an unsectioned bonus/penalty).
        status: ``scored``; ``excluded`` (outside the agency's function, with
            evidence); ``not_applicable`` (declared by the rule, e.g. a zero
            denominator); ``missing_zero`` or ``missing_excluded`` (no data,
            handled by policy); ``info`` (listed, not scored).
        points: The points earned (``None`` when excluded).
        max_points: The maximum for this agency's group; 0 when excluded.
        inputs: The inputs used.
        rule: The rule in words (Vietnamese and English).
        reason: Why it was excluded, zeroed or refused, in words.
        provenance: ``decision`` or ``reconstructed``.

    .. versionadded:: 0.1.0
    """

    criterion: str
    section: str | None
    status: str
    points: Decimal | None
    max_points: Decimal
    inputs: tuple[Input, ...]
    rule: RuleText
    reason: str = ""
    provenance: str = "decision"

    @property
    def counted(self) -> bool:
        """Whether the criterion counts in the agency's denominator."""
        return self.points is not None


@frozen(kw_only=True)
class SectionResult:
    """
    A section's subtotal for one agency: *points* of *max_points*, and its
    contribution on the ruleset's scale (*scaled*). Bonus/penalty sections
    carry the adjustment instead.

    .. versionadded:: 0.1.0
    """

    section: str
    points: Decimal
    max_points: Decimal
    scaled: Decimal


TraceParts = tuple[tuple["CriterionResult", ...], tuple["SectionResult", ...], tuple["CriterionResult", ...], tuple["CriterionResult", ...], tuple[str, ...]]


class Trace:
    """
    The per-item part of a :class:`Score`: criteria, sections, bonuses, penalties and notes.

    The engine computes totals, bands and ranks from its plan and keeps what a
    trace needs; the trace itself is built the first time it is read, once, and
    then kept. Reading it from many threads at once gives every reader the same
    objects. Two traces are equal when their parts are.

    .. versionadded:: 0.2.0
    """

    __slots__ = ("_build", "_parts")

    def __init__(self, build: Callable[[], TraceParts] | None = None, parts: TraceParts | None = None) -> None:
        self._build = build
        self._parts: dict[str, TraceParts] = {} if parts is None else {"parts": parts}

    def parts(self) -> TraceParts:
        """The trace, built on first call."""
        found = self._parts.get("parts")
        if found is None:
            build = self._build
            if build is None:  # another thread has just stored it
                return self._parts["parts"]
            # dict.setdefault is atomic: the first trace stored is the one every reader gets.
            found = self._parts.setdefault("parts", build())
            self._build = None
        return found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Trace):
            return NotImplemented
        return self is other or self.parts() == other.parts()

    def __hash__(self) -> int:
        return hash(self.parts())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Trace, (None, self.parts()))


@frozen(kw_only=True)
class Score:
    """
    One agency's result.

    Args:
        agency: The agency's id.
        name: Its display name.
        group: Its group's id.
        status: ``scored``; ``not_scorable`` (nothing applicable); or
            ``decided`` (a published total, not computed from figures).
        criteria: Each applicable criterion's trace.
        sections: Each section's subtotal.
        bonuses: Each bonus item's trace.
        penalties: Each penalty item's trace.
        earned: Points earned over the counted criteria.
        applicable_max: The maximum of the counted criteria (the denominator).
        base: *earned* rescaled to the scale, before bonus and penalty.
        bonus: Bonus after its cap.
        penalty: Penalty after its cap.
        unrounded: ``base + bonus - penalty``, clamped to [0, scale].
        total: *unrounded* rounded as the ruleset declares; ``None`` when not scorable.
        band: The id of the band of *total*.
        rank: Rank within the ranking cohort (ties share the best rank).
        notes: Refused claims and other remarks, in words.
        parent: The id of the agency's parent agency, if any.
        cohort: The ranking cohort: the group's id (or its block's), followed
            by ``/`` and the parent's id when the group is ranked within parents.
        decided_source: For a ``decided`` total, where it was published.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *parent*, *cohort*, *decided_source*; *earned*,
       *applicable_max*, *bonus* and *penalty* are ``None`` for a decided total.
    """

    agency: str
    name: str
    group: str
    status: str
    earned: Decimal | None
    applicable_max: Decimal | None
    base: Decimal | None
    bonus: Decimal | None
    penalty: Decimal | None
    unrounded: Decimal | None
    total: Decimal | None
    band: str | None
    rank: int | None
    _trace: Trace = field(alias="trace", repr=False)
    parent: str = ""
    cohort: str = ""
    decided_source: str = ""

    @property
    def criteria(self) -> tuple[CriterionResult, ...]:
        """Each applicable criterion's trace (built when first read)."""
        return self._trace.parts()[0]

    @property
    def sections(self) -> tuple[SectionResult, ...]:
        """Each section's subtotal."""
        return self._trace.parts()[1]

    @property
    def bonuses(self) -> tuple[CriterionResult, ...]:
        """Each bonus item's trace."""
        return self._trace.parts()[2]

    @property
    def penalties(self) -> tuple[CriterionResult, ...]:
        """Each penalty item's trace."""
        return self._trace.parts()[3]

    @property
    def notes(self) -> tuple[str, ...]:
        """Refused claims and other remarks (:class:`~indicator_index._messages.Message`, English as text)."""
        return self._trace.parts()[4]

    def criterion(self, criterion_id: str) -> CriterionResult:
        """The trace of one criterion, bonus or penalty item."""
        for result in (*self.criteria, *self.bonuses, *self.penalties):
            if result.criterion == criterion_id:
                return result
        msg = f"agency {self.agency!r} has no result for {criterion_id!r}"
        raise KeyError(msg)

    def section(self, section_id: str) -> SectionResult:
        """The subtotal of one section."""
        for result in self.sections:
            if result.section == section_id:
                return result
        msg = f"agency {self.agency!r} has no result for section {section_id!r}"
        raise KeyError(msg)

    def __repr__(self) -> str:
        total = "not scorable" if self.total is None else f"total {self.total}, band {self.band}, rank {self.rank}"
        return f"<Score {_short(self.agency)} {_short(self.name)!r} ({_short(self.group)}): {total}>"

    def display(self, lang: str = "vi") -> HtmlView:
        """
        A view of this result for a notebook: the total, band and rank, then
        every criterion, bonus and penalty item with its status and reason,
        points, maximum, inputs and rule, in *lang* (``"vi"`` or ``"en"``).
        Criteria, groups and bands are shown by id: for their names, use
        ``assessment.display(lang, agency=...)``.

        Returns:
            An object that a notebook shows as an HTML table.

        Raises:
            ValueError: if *lang* is not ``"vi"`` or ``"en"``.

        .. versionadded:: 0.1.0
        """
        from indicator_index._report import score_view  # the views are not part of the engine: loaded when shown

        return score_view(self, lang)

    def _repr_html_(self) -> str:
        """The agency's breakdown as HTML, in Vietnamese, for Jupyter (see :meth:`display`)."""
        return self.display("vi").html


@frozen(kw_only=True)
class Assessment:
    """
    The results of scoring a cohort under one ruleset.

    Scores are ordered by group (as the ruleset lists them), then rank, then
    name in Vietnamese alphabetical order.

    Args:
        ruleset_id: The ruleset's id.
        ruleset_version: Its version.
        ruleset_digest: The SHA-256 of its content.
        library_version: The version of indicator-index that scored it.
        scores: One :class:`Score` per agency.
        band_counts: Group id -> band id -> number of agencies.
        ruleset: The ruleset itself.

    .. versionadded:: 0.1.0
    """

    ruleset_id: str
    ruleset_version: str
    ruleset_digest: str
    library_version: str
    scores: tuple[Score, ...]
    band_counts: FrozenDict
    ruleset: Ruleset = field(eq=False, repr=False)

    def score_for(self, agency: str) -> Score:
        """The score of the agency with id *agency*."""
        key = nfc(agency)
        for score in self.scores:
            if score.agency == key:
                return score
        msg = f"no agency {agency!r} in this assessment"
        raise KeyError(msg)

    def in_group(self, group: str) -> tuple[Score, ...]:
        """The scores of one group, in rank order."""
        return tuple(s for s in self.scores if s.group == group)

    def cohorts(self) -> FrozenDict:
        """
        Ranking cohort -> its scores in rank order: one entry per group, per
        block of groups ranked together, or per parent (the wards of each
        district), in the order of the ruleset's groups.

        .. versionadded:: 0.2.0
        """
        out: dict[str, list[Score]] = {}
        for s in self.scores:
            out.setdefault(s.cohort or s.group, []).append(s)
        return FrozenDict((k, tuple(sorted(v, key=sort_key))) for k, v in out.items())

    def cohort_label(self, cohort: str, lang: str = "vi") -> str:
        """A ranking cohort in words, parents named as in this assessment (see :meth:`Ruleset.cohort_label`)."""
        return self.ruleset.cohort_label(cohort, lang, {s.agency: s.name or s.agency for s in self.scores})

    def __repr__(self) -> str:
        groups = len({s.group for s in self.scores})
        scored = sum(1 for s in self.scores if s.total is not None)
        agencies = f"{len(self.scores)} agenc{'y' if len(self.scores) == 1 else 'ies'} in {groups} group{'' if groups == 1 else 's'}"
        return f"<Assessment {_short(self.ruleset_id)} {_short(self.ruleset_version)} sha256 {self.ruleset_digest[:12]}: {agencies}, {scored} scored>"

    def display(self, lang: str = "vi", *, agency: str | None = None) -> HtmlView:
        """
        A view of the results for a notebook, in *lang* (``"vi"`` or ``"en"``):
        per group, a compact ranking (rank, id, name, total, band) and the band
        distribution; or, with *agency*, that agency's breakdown (as
        :meth:`Score.display`, with the names of its criteria, group and band).

        In a notebook, ``assessment`` alone shows the same ranking in
        Vietnamese; ``assessment.display("en")`` shows it in English. Nothing
        is set globally.

        Returns:
            An object that a notebook shows as HTML tables.

        Raises:
            ValueError: if *lang* is not ``"vi"`` or ``"en"``.
            KeyError: if no agency has the id *agency*.

        .. versionadded:: 0.1.0
        """
        from indicator_index._report import assessment_view, score_view  # the views are not part of the engine: loaded when shown

        if agency is not None:
            return score_view(self.score_for(agency), lang, self.ruleset)
        return assessment_view(self, lang)

    def _repr_html_(self) -> str:
        """The ranking per group as HTML, in Vietnamese, for Jupyter (see :meth:`display`)."""
        return self.display("vi").html


def _short(text: str, limit: int = 80) -> str:
    """*text* cut to *limit* characters, for a ``repr`` that stays short."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sort_key(score: Score) -> tuple[object, ...]:
    """Rank first (unscorable last), then the name in Vietnamese order."""
    return (score.rank is None, score.rank or 0, Collated(score.name))
