"""
Comparing rulesets: what changed between two of them, and what that does to
the agencies.

:func:`diff_rulesets` lists, by id and in words, the bands, groups, sections,
indicators, criteria, bonuses and penalties added, removed or changed, and
every changed field (points, rule, groups, provenance, ...); it is a semantic
diff of the two models, not a text diff of the files. :func:`impact` scores the
same data under both rulesets and reports which agencies change band or rank,
and by how much, per group. Rulesets with different groups and indicators
(Decision 448 of 2022 against Decision 2386 of 2025) are compared through an
explicit :class:`RulesetMapping`, written in TOML; see ``docs/explain.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from attrs import field, frozen

from indicator_index._loading import toml_problem
from indicator_index._mapping import FrozenDict
from indicator_index._messages import Message, ui_pairs
from indicator_index._model import (
    Assessment,
    Label,
    Provenance,
    Ruleset,
    Submission,
)
from indicator_index._scoring import score
from indicator_index._text import nfc
from indicator_index.errors import Problem, RulesetSyntaxError, RulesetValidationError


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


__all__ = [
    "AgencyImpact",
    "FieldChange",
    "GroupImpact",
    "Impact",
    "ItemChange",
    "RulesetDiff",
    "RulesetMapping",
    "bundled_mapping",
    "bundled_mappings",
    "diff_rulesets",
    "impact",
    "load_mapping",
    "mapping_from_dict",
]

COLLECTIONS = ("bands", "groups", "blocks", "sections", "indicators", "criteria", "bonuses", "penalties")
"""The collections of a ruleset compared item by item, by id."""

_METADATA = (
    "schema_version",
    "id",
    "version",
    "title",
    "legal_basis",
    "effective",
    "scale",
    "rounding",
    "missing",
    "sources",
    "bonus_cap",
    "penalty_cap",
    "extends",
    "description",
)
_NOUNS = ui_pairs("diff.noun.")  # the word for an item of each collection (vi, en), from the one catalogue
_MAPPED = ("groups", "sections", "indicators", "criteria")
# The word for an item of each mapped collection, in the error catalogue.
_NOUN_CODES = {"groups": "noun.agency_group", "sections": "noun.section", "indicators": "noun.indicator", "criteria": "noun.criterion"}
_MISSING = ("zero", "exclude")


# --- Values in words ------------------------------------------------------------


def _plain(value: Any) -> object:
    """A model value as plain, JSON-ready data (decimals as strings), without loader bookkeeping."""
    if attrs.has(type(value)):
        out: dict[str, object] = {}
        kind = getattr(type(value), "kind", None)
        if isinstance(kind, str):
            out["kind"] = kind
        for a in attrs.fields(type(value)):
            if a.name.startswith("_") or (isinstance(value, Provenance) and a.name == "file"):
                continue
            item = getattr(value, a.name)
            if item is None or item == () or (isinstance(item, Mapping) and not item):
                continue
            out[a.name] = _plain(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return _num(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _num(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _words(value: object) -> str:
    """A plain value in a short line of text."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(value) + "]"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


# --- The diff -------------------------------------------------------------------


@frozen(kw_only=True)
class FieldChange:
    """
    One changed field of an item, or of the ruleset itself.

    Args:
        field: The field's dotted path, e.g. ``"max_points"``, ``"rule.tiers"``,
            ``"label.en"``, ``"rule.parts[connected].max_points"``.
        before: Its value before, as plain data (``None`` when absent).
        after: Its value after, as plain data (``None`` when absent).

    .. versionadded:: 0.1.0
    """

    field: str
    before: object
    after: object


@frozen(kw_only=True)
class ItemChange:
    """
    One band, group, section, indicator, criterion, bonus or penalty item that
    was added, removed, changed or renamed.

    Args:
        collection: ``"bands"``, ``"groups"``, ``"sections"``, ``"indicators"``,
            ``"criteria"``, ``"bonuses"`` or ``"penalties"``.
        id: The item's id (after the change, for a renamed one).
        action: ``"added"``, ``"removed"``, ``"changed"`` or ``"renamed"``
            (paired through a mapping).
        fields: The changed fields (for ``changed`` and ``renamed``).
        text: The change in words.
        before_id: The item's id before, for a renamed one.

    .. versionadded:: 0.1.0
    """

    collection: str
    id: str
    action: str
    fields: tuple[FieldChange, ...]
    text: Label
    before_id: str | None = None


@frozen(kw_only=True)
class RulesetDiff:
    """
    What changed from one ruleset to another.

    Args:
        before: The id and version of the first ruleset (``"id version"``).
        after: The id and version of the second.
        metadata: Changed ruleset-level fields (id, version, scale, rounding,
            caps, ...).
        changes: The items added, removed, changed or renamed, by collection
            in the order of :data:`COLLECTIONS`.

    An empty diff (no metadata changes, no item changes) is falsy.

    .. versionadded:: 0.1.0
    """

    before: str
    after: str
    metadata: tuple[FieldChange, ...]
    changes: tuple[ItemChange, ...]

    def __bool__(self) -> bool:
        return bool(self.metadata or self.changes)

    @property
    def is_empty(self) -> bool:
        """Whether nothing changed."""
        return not self

    def of(self, collection: str, action: str | None = None) -> tuple[ItemChange, ...]:
        """The changes to one collection, optionally of one *action*."""
        return tuple(c for c in self.changes if c.collection == collection and (action is None or c.action == action))


def _compare(before: Any, after: Any, path: str, out: list[FieldChange]) -> None:
    """Append the differences between two model values, field by field."""
    if before == after and type(before) is type(after):
        return
    if attrs.has(type(before)) and type(before) is type(after):
        for a in attrs.fields(type(before)):
            if a.name.startswith("_") or (isinstance(before, Provenance) and a.name == "file"):
                continue
            _compare(getattr(before, a.name), getattr(after, a.name), f"{path}.{a.name}" if path else a.name, out)
        return
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key in dict.fromkeys([*before, *after]):
            _compare(before.get(key), after.get(key), f"{path}.{key}", out)
        return
    if _by_id(before) and _by_id(after):
        old = {x.id: x for x in before}
        new = {x.id: x for x in after}
        for key in dict.fromkeys([*old, *new]):
            where = f"{path}[{key}]"
            if key not in new:
                out.append(FieldChange(field=where, before=_plain(old[key]), after=None))
            elif key not in old:
                out.append(FieldChange(field=where, before=None, after=_plain(new[key])))
            else:
                _compare(old[key], new[key], where, out)
        return
    plain_before, plain_after = _plain(before), _plain(after)
    if plain_before != plain_after:
        out.append(FieldChange(field=path, before=plain_before, after=plain_after))


def _by_id(value: object) -> bool:
    """
    Whether *value* is a tuple of items with ids (parts, alternatives, options).

    An empty tuple counts too, so that the first option added to an indicator
    is reported as ``options[id]``, as any other option is.
    """
    return isinstance(value, tuple) and all(hasattr(v, "id") and attrs.has(type(v)) for v in value)


def _describe(item: Any) -> tuple[str, str]:
    """An item's rule in words, or '' for items without one."""
    rule = getattr(item, "rule", None)
    if rule is None:
        return "", ""
    text = rule.describe(item.max_points)
    return text.vi, text.en


# An indicator's type, as the Vietnamese summary names it (the English keeps the format's word).
_TYPES_VI = {"ratio": "tỷ lệ", "count": "số lượng", "number": "số", "yes_no": "có/không", "choice": "lựa chọn"}


def _summary(collection: str, item: Any) -> tuple[str, str]:
    """A short description of an added or removed item."""
    label: Label = item.label
    parts_vi, parts_en = [label.vi or label.en], [label.en or label.vi]
    if collection in ("criteria", "bonuses", "penalties"):
        vi, en = _describe(item)
        parts_vi.append(f"{_num(item.max_points)} điểm: {vi}")
        parts_en.append(f"{_num(item.max_points)} points: {en}")
    elif collection == "bands":
        parts_vi.append(f"từ {_num(item.min)}")
        parts_en.append(f"from {_num(item.min)}")
    elif collection == "indicators":
        parts_vi.append(_TYPES_VI.get(item.type, item.type))
        parts_en.append(item.type)
    return "; ".join(p for p in parts_vi if p), "; ".join(p for p in parts_en if p)


def _field_text(before_item: Any, after_item: Any, changes: tuple[FieldChange, ...]) -> tuple[str, str]:
    """The changed fields in words; a changed rule or maximum is described as the rule reads."""
    vi: list[str] = []
    en: list[str] = []
    ruled = any(c.field == "rule" or c.field.startswith(("rule.", "max_points")) for c in changes)
    if ruled and getattr(before_item, "rule", None) is not None:
        (old_vi, old_en), (new_vi, new_en) = _describe(before_item), _describe(after_item)
        if old_en != new_en:
            vi.append(f"cách tính: {old_vi} → {new_vi}")
            en.append(f"rule: {old_en} → {new_en}")
    for c in changes:
        if ruled and c.field.startswith("rule"):
            continue
        line = f"{c.field}: {_words(c.before)} → {_words(c.after)}"
        vi.append(line)
        en.append(line)
    return "; ".join(vi), "; ".join(en)


def _item_changes(collection: str, before: Ruleset, after: Ruleset, renames: Mapping[str, str]) -> list[ItemChange]:
    noun_vi, noun_en = _NOUNS[collection]
    old = {x.id: x for x in getattr(before, collection)}
    new = {x.id: x for x in getattr(after, collection)}
    # A rename pairs an id that left with the one it maps to, when that one is new.
    targets: dict[str, list[str]] = {}
    for a, b in renames.items():
        targets.setdefault(b, []).append(a)
    pairs = {a: b for a, b in renames.items() if a in old and a not in new and b in new and b not in old and len(targets[b]) == 1}
    paired = set(pairs.values())
    out: list[ItemChange] = []
    for key, item in old.items():
        if key in pairs:
            target = pairs[key]
            fields: list[FieldChange] = []
            _compare(item, new[target], "", fields)
            body = tuple(f for f in fields if f.field != "id")
            vi, en = _field_text(item, new[target], body)
            text = Label(
                vi=f"{noun_vi} {key} đổi thành {target}" + (f": {vi}" if vi else ""),
                en=f"{noun_en} {key} renamed {target}" + (f": {en}" if en else ""),
            )
            out.append(ItemChange(collection=collection, id=target, action="renamed", before_id=key, fields=tuple(fields), text=text))
        elif key not in new:
            vi, en = _summary(collection, item)
            text = Label(vi=f"bỏ {noun_vi} {key} ({vi})", en=f"{noun_en} {key} removed ({en})")
            out.append(ItemChange(collection=collection, id=key, action="removed", fields=(), text=text))
        else:
            found: list[FieldChange] = []
            _compare(item, new[key], "", found)
            if found:
                vi, en = _field_text(item, new[key], tuple(found))
                text = Label(vi=f"{noun_vi} {key} thay đổi: {vi}", en=f"{noun_en} {key} changed: {en}")
                out.append(ItemChange(collection=collection, id=key, action="changed", fields=tuple(found), text=text))
    for key, item in new.items():
        if key not in old and key not in paired:
            vi, en = _summary(collection, item)
            text = Label(vi=f"thêm {noun_vi} {key} ({vi})", en=f"{noun_en} {key} added ({en})")
            out.append(ItemChange(collection=collection, id=key, action="added", fields=(), text=text))
    return out


def diff_rulesets(before: Ruleset, after: Ruleset, *, mapping: RulesetMapping | None = None) -> RulesetDiff:
    """
    What changed from ruleset *before* to ruleset *after*, by id and in words.

    Items are matched by id within each collection: bands, groups, sections,
    indicators, criteria, bonuses and penalties. Every changed field is
    listed (label, points, maximum per group, rule and its parameters,
    groups, provenance, ...); the file an item was loaded from is not a
    change. With a *mapping*, an id that left and the id it maps to, when
    that one is new, are paired as ``renamed``. A ruleset compared with
    itself gives an empty (falsy) diff; an amendment compared with its base
    gives exactly what the amendment changed.

    Args:
        before: The earlier ruleset (or the base of an amendment).
        after: The later ruleset (or the amendment).
        mapping: Optional id pairs for renamed groups, sections, indicators
            and criteria.

    Returns:
        A :class:`RulesetDiff`.

    .. versionadded:: 0.1.0
    """
    metadata: list[FieldChange] = []
    for name in _METADATA:
        _compare(getattr(before, name), getattr(after, name), name, metadata)
    changes: list[ItemChange] = []
    for collection in COLLECTIONS:
        renames: Mapping[str, str] = {}
        if mapping is not None and collection in _MAPPED:
            renames = mapping.renames(collection)
        changes += _item_changes(collection, before, after, renames)
    return RulesetDiff(
        before=f"{before.id} {before.version}",
        after=f"{after.id} {after.version}",
        metadata=tuple(metadata),
        changes=tuple(changes),
    )


# --- The mapping ------------------------------------------------------------------


def _targets(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(value)  # type: ignore[arg-type]


@frozen(kw_only=True)
class RulesetMapping:
    """
    How the ids of one ruleset correspond to another's: the explicit bridge
    that lets :func:`impact` score data collected under ruleset *before* under
    ruleset *after*, and lets :func:`diff_rulesets` pair renamed items.

    Ids not mentioned map to the same id when the other ruleset has it.

    Args:
        before: The id of the ruleset the data was collected under (checked
            when given).
        after: The id of the ruleset it is compared with (checked when given).
        groups: Group id before -> group id after; ``""`` when the group has no
            counterpart (its agencies are left out of the comparison). Several
            groups may map to one.
        indicators: Indicator id before -> indicator id(s) after: the figure
            is carried over under the new id. A mapping renames, it does not
            convert units or types.
        criteria: Criterion id before -> criterion id after (claims that a
            criterion is outside an agency's function follow it).
        sections: Section id before -> section id after (for the diff only).
        missing: How ruleset *after* treats values the data lacks: ``"zero"``
            or ``"exclude"`` instead of its own policy (``None`` keeps it).
        description: Free text: where the correspondence comes from.
        source: The file it was read from.

    .. versionadded:: 0.1.0
    """

    before: str | None = None
    after: str | None = None
    groups: FrozenDict = field(factory=FrozenDict, converter=FrozenDict)
    indicators: FrozenDict = field(factory=FrozenDict, converter=FrozenDict)
    criteria: FrozenDict = field(factory=FrozenDict, converter=FrozenDict)
    sections: FrozenDict = field(factory=FrozenDict, converter=FrozenDict)
    missing: str | None = None
    description: str = ""
    source: str = ""

    def renames(self, collection: str) -> dict[str, str]:
        """The one-to-one id pairs of one collection (``groups``, ``sections``, ``indicators``, ``criteria``)."""
        table: Mapping[str, Any] = getattr(self, collection)
        out = {}
        for key, value in table.items():
            targets = _targets(value)
            if len(targets) == 1:
                out[key] = targets[0]
        return out

    def check(self, before: Ruleset, after: Ruleset) -> None:
        """
        Check every id against the two rulesets.

        Raises:
            RulesetValidationError: listing every unknown id.
        """
        problems: list[Problem] = []

        def add(message: str, path: str) -> None:
            problems.append(Problem(message=message, file=self.source or None, path=path))

        for key, rs in (("before", before), ("after", after)):
            declared = getattr(self, key)
            if declared is not None and declared != rs.id:
                add(Message("mapping.wrong_ruleset", declared=declared, key=key, actual=rs.id), f"$.{key}")
        for collection in _MAPPED:
            old = {x.id for x in getattr(before, collection)}
            new = {x.id for x in getattr(after, collection)}
            seen: dict[str, str] = {}
            for key, value in getattr(self, collection).items():
                if key not in old:
                    add(Message("mapping.unknown_id", noun=Message(_NOUN_CODES[collection]), id=key, ruleset=before.id), f"$.{collection}.{key}")
                for target in _targets(value):
                    if target not in new:
                        add(Message("mapping.unknown_id", noun=Message(_NOUN_CODES[collection]), id=target, ruleset=after.id), f"$.{collection}.{key}")
                    if collection == "indicators":
                        if target in seen:
                            message = Message("mapping.same_target", first=seen[target], second=key, target=target)
                            add(message, f"$.indicators.{key}")
                        seen[target] = key
        if problems:
            raise RulesetValidationError(problems, title=Message("mapping.misfit_title", source=self.source or "<mapping>"))


def mapping_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> RulesetMapping:
    """
    A :class:`RulesetMapping` from a dict shaped like its TOML file.

    Raises:
        RulesetValidationError: listing every problem with its shape.

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []

    def add(message: str, path: str) -> None:
        problems.append(Problem(message=message, file=source, path=path))

    if not isinstance(data, Mapping):
        raise RulesetValidationError([Problem(message=Message("mapping.not_table", type=type(data).__name__), file=source)])
    known = {"schema_version", "before", "after", "description", "missing", *_MAPPED}
    for key in data:
        if key not in known:
            add(Message("mapping.unknown_key", key=key, keys=", ".join(sorted(known))), f"$.{key}")
    version = data.get("schema_version", 1)
    if version != 1 or isinstance(version, bool):
        add(Message("schema.version_must", expected=1, value=version), "$.schema_version")
    kwargs: dict[str, Any] = {"source": source}
    for key in ("before", "after", "description"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            add(Message("schema.expected_string", got=f"{type(value).__name__} {value!r}"), f"$.{key}")
        elif value is not None:
            kwargs[key] = value
    missing = data.get("missing")
    if missing is not None and missing not in _MISSING:
        add(Message("schema.one_of", key="missing", choices=", ".join(_MISSING), value=missing), "$.missing")
    else:
        kwargs["missing"] = missing
    for collection in _MAPPED:
        table = data.get(collection, {})
        if not isinstance(table, Mapping):
            add(Message("schema.expected_table", got=type(table).__name__), f"$.{collection}")
            continue
        clean: dict[str, object] = {}
        for key, value in table.items():
            many = collection == "indicators" and isinstance(value, list) and all(isinstance(v, str) and v for v in value)
            if not (isinstance(value, str) or many):
                code = "mapping.expected_ids" if collection == "indicators" else "mapping.expected_id"
                add(Message(code, got=f"{type(value).__name__} {value!r}"), f"$.{collection}.{key}")
                continue
            clean[nfc(str(key))] = nfc(value) if isinstance(value, str) else tuple(nfc(v) for v in value)
        kwargs[collection] = clean
    if problems:
        raise RulesetValidationError(problems, title=Message("mapping.invalid_title", source=source))
    return RulesetMapping(**kwargs)


def load_mapping(path: str | Path) -> RulesetMapping:
    """
    Read a :class:`RulesetMapping` from a TOML file (see ``docs/explain.md``).

    Raises:
        RulesetSyntaxError: if the file cannot be read or is not valid TOML.
        RulesetValidationError: listing every problem with its shape.

    .. versionadded:: 0.1.0
    """
    label = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetSyntaxError([Problem(message=Message("mapping.cannot_read", reason=str(exc)), file=label)]) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetSyntaxError([toml_problem(exc, label)]) from exc
    return mapping_from_dict(data, source=label)


MAPPING_SUFFIX = ".mapping.toml"
"""How a bundled mapping file ends: ``<before>--<after>.mapping.toml``."""


def _mapping_dirs() -> list[Path]:
    """Where bundled mappings live: inside the installed package, or the checkout's ``mappings/``."""
    from importlib import resources  # here, not at import: it brings in tempfile, shutil and random

    dirs = []
    packaged = resources.files("indicator_index") / "mappings"
    if packaged.is_dir():
        dirs.append(Path(str(packaged)))
    checkout = Path(__file__).resolve().parents[2] / "mappings"
    if checkout.is_dir():
        dirs.append(checkout)
    return dirs


def bundled_mappings() -> tuple[tuple[str, str], ...]:
    """
    The (before, after) ruleset id pairs of the mappings shipped with the
    library, e.g. ``("danang-448-2022", "danang-2386-2025")``.

    .. versionadded:: 0.1.0
    """
    pairs: set[tuple[str, str]] = set()
    for folder in _mapping_dirs():
        for path in folder.glob(f"*{MAPPING_SUFFIX}"):
            before, sep, after = path.name[: -len(MAPPING_SUFFIX)].partition("--")
            if sep and before and after:
                pairs.add((before, after))
    return tuple(sorted(pairs))


def bundled_mapping(before: str, after: str) -> Path | None:
    """
    The file of the bundled mapping from ruleset id *before* to ruleset id
    *after*, or ``None`` when none is shipped.

    .. versionadded:: 0.1.0
    """
    if (before, after) not in bundled_mappings():
        return None
    for folder in _mapping_dirs():
        path = folder / f"{before}--{after}{MAPPING_SUFFIX}"
        if path.is_file():
            return path
    return None  # pragma: no cover - listed, so it is there


# --- Impact -------------------------------------------------------------------------


@frozen(kw_only=True)
class AgencyImpact:
    """
    One agency scored under two rulesets.

    Args:
        agency: Its id.
        name: Its name.
        group_before: Its group under the first ruleset.
        group_after: Its group under the second (``None`` when left out).
        total_before: Its total under the first ruleset.
        total_after: Its total under the second.
        band_before: Its band under the first ruleset.
        band_after: Its band under the second.
        rank_before: Its rank in its group under the first ruleset.
        rank_after: Its rank in its group under the second.
        total_change: ``total_after - total_before``.
        rank_change: ``rank_before - rank_after``: places gained (negative: lost).
        band_change: ``"same"`` (the same band id), ``"up"`` or ``"down"``
            (other bands, compared by their minimum), or ``"left_out"`` /
            ``"not_scorable"``.

    .. versionadded:: 0.1.0
    """

    agency: str
    name: str
    group_before: str
    group_after: str | None
    total_before: Decimal | None
    total_after: Decimal | None
    band_before: str | None
    band_after: str | None
    rank_before: int | None
    rank_after: int | None
    total_change: Decimal | None
    rank_change: int | None
    band_change: str


@frozen(kw_only=True)
class GroupImpact:
    """
    The agencies of one group (under the first ruleset), counted by what
    changed for them.

    .. versionadded:: 0.1.0
    """

    group: str
    groups_after: tuple[str, ...]
    agencies: int
    band_up: int
    band_down: int
    band_same: int
    rank_changed: int
    left_out: int
    largest_gain: Decimal | None
    largest_loss: Decimal | None


@frozen(kw_only=True)
class Impact:
    """
    The same data scored under two rulesets.

    Args:
        before: The assessment under the first ruleset.
        after: The assessment under the second.
        agencies: One row per agency, in the first ruleset's group order
            and rank.
        groups: A summary per group of the first ruleset.
        notes: What the comparison left out: groups with no counterpart,
            figures no indicator takes, claims on criteria the second
            ruleset does not have.

    .. versionadded:: 0.1.0
    """

    before: Assessment = field(eq=False, repr=False)
    after: Assessment = field(eq=False, repr=False)
    agencies: tuple[AgencyImpact, ...]
    groups: tuple[GroupImpact, ...]
    notes: tuple[str, ...] = ()


def _translate(
    submissions: Iterable[Submission],
    before: Ruleset,
    after: Ruleset,
    mapping: RulesetMapping,
    notes: list[str],
) -> tuple[tuple[Submission, ...], tuple[Submission, ...]]:
    """The submissions fitted to *before*, and translated to *after* through *mapping*."""
    old_indicators = {i.id for i in before.indicators}
    new_indicators = {i.id for i in after.indicators}
    new_groups = {g.id for g in after.groups}
    new_criteria = {c.id: c for c in after.criteria}
    dropped_before: set[str] = set()
    dropped_after: set[str] = set()
    fitted: list[Submission] = []
    moved: list[Submission] = []
    for sub in submissions:
        values = {nfc(k): v for k, v in sub.values.items()}
        keep = {k: v for k, v in values.items() if k in old_indicators}
        dropped_before.update(k for k in values if k not in old_indicators)
        fitted.append(attrs.evolve(sub, values=keep))
        group = nfc(sub.group)
        target = mapping.groups.get(group, group if group in new_groups else "")
        if not target:
            continue
        carried: dict[str, object] = {}
        for key, figures in values.items():
            default: tuple[str, ...] = (key,) if key in new_indicators else ()
            targets = _targets(mapping.indicators[key]) if key in mapping.indicators else default
            if not targets:
                dropped_after.add(key)
            for t in targets:
                if t in carried:
                    continue
                carried[t] = figures
        claims = {}
        for claim in sub.claims:
            cid = nfc(claim.criterion)
            new_id = mapping.criteria.get(cid, cid if cid in new_criteria else "")
            criterion = new_criteria.get(new_id) if new_id else None
            if criterion is None or not criterion.excludable:
                notes.append(Message("impact.claim_dropped", agency=sub.agency, criterion=cid, ruleset=after.id))
                continue
            claims[new_id] = claim.evidence
        moved.append(attrs.evolve(sub, group=target, values=carried, claims=claims))
    if dropped_before:
        notes.append(Message("impact.figures_left_out", ruleset=before.id, indicators=", ".join(sorted(dropped_before))))
    if dropped_after:
        notes.append(Message("impact.figures_unpaired", ruleset=after.id, indicators=", ".join(sorted(dropped_after))))
    return tuple(fitted), tuple(moved)


def _with_missing(ruleset: Ruleset, policy: str | None) -> Ruleset:
    """*ruleset* with its 'error' missing-data policies replaced by *policy*."""
    if policy is None:
        return ruleset

    def fix(items: Iterable[Any]) -> tuple[Any, ...]:
        return tuple(attrs.evolve(i, missing=policy) if i.missing == "error" else i for i in items)

    return attrs.evolve(
        ruleset,
        missing=policy if ruleset.missing == "error" else ruleset.missing,
        criteria=fix(ruleset.criteria),
        bonuses=fix(ruleset.bonuses),
        penalties=fix(ruleset.penalties),
    )


def impact(
    before: Ruleset,
    after: Ruleset,
    submissions: Iterable[Submission],
    *,
    mapping: RulesetMapping | None = None,
) -> Impact:
    """
    Score the same data under two rulesets and report which agencies change
    band or rank, and by how much, per group.

    The data fits ruleset *before*. Under ruleset *after* each agency moves
    to the group the *mapping* gives (the same id by default; agencies of a
    group with no counterpart are left out), its figures are carried over to
    the mapped indicator ids (the same id by default), and its claims follow
    the mapped criteria. Figures neither ruleset takes are left out, with a
    note. With ``mapping.missing``, ruleset *after* scores values the data
    lacks under that policy instead of refusing them.

    Args:
        before: The ruleset the data was collected under.
        after: The ruleset to compare it with.
        submissions: Every agency's submission.
        mapping: The correspondence of ids; needed when groups or indicators
            differ.

    Returns:
        An :class:`Impact`.

    Raises:
        RulesetValidationError: if the mapping names ids the rulesets lack.
        ScoringError: if the data does not fit a ruleset (for example a value
            missing under ruleset *after* with no ``missing`` policy in the
            mapping).

    .. versionadded:: 0.1.0
    """
    mapping = mapping if mapping is not None else RulesetMapping()
    mapping.check(before, after)
    notes: list[str] = []
    fitted, moved = _translate(submissions, before, after, mapping, notes)
    first = score(before, fitted)
    second = score(_with_missing(after, mapping.missing), moved)
    band_min_before = {b.id: b.min for b in before.bands}
    band_min_after = {b.id: b.min for b in after.bands}
    rows: list[AgencyImpact] = []
    for s in first.scores:
        try:
            t = second.score_for(s.agency)
        except KeyError:
            t = None
        if t is None:
            change = "left_out"
        elif s.band is None or t.band is None:
            change = "not_scorable"
        elif s.band == t.band:
            change = "same"
        else:
            old, new = band_min_before[s.band], band_min_after[t.band]
            change = "up" if new > old else "down" if new < old else "same"
        rows.append(
            AgencyImpact(
                agency=s.agency,
                name=s.name,
                group_before=s.group,
                group_after=None if t is None else t.group,
                total_before=s.total,
                total_after=None if t is None else t.total,
                band_before=s.band,
                band_after=None if t is None else t.band,
                rank_before=s.rank,
                rank_after=None if t is None else t.rank,
                total_change=None if t is None or t.total is None or s.total is None else t.total - s.total,
                rank_change=None if t is None or t.rank is None or s.rank is None else s.rank - t.rank,
                band_change=change,
            )
        )
    groups: list[GroupImpact] = []
    for group in before.groups:
        mine = [r for r in rows if r.group_before == group.id]
        if not mine:
            continue
        changes = [r.total_change for r in mine if r.total_change is not None]
        gains = [c for c in changes if c > 0]
        losses = [c for c in changes if c < 0]
        groups.append(
            GroupImpact(
                group=group.id,
                groups_after=tuple(dict.fromkeys(r.group_after for r in mine if r.group_after is not None)),
                agencies=len(mine),
                band_up=sum(r.band_change == "up" for r in mine),
                band_down=sum(r.band_change == "down" for r in mine),
                band_same=sum(r.band_change == "same" for r in mine),
                rank_changed=sum(bool(r.rank_change) for r in mine),
                left_out=sum(r.band_change == "left_out" for r in mine),
                largest_gain=max(gains) if gains else None,
                largest_loss=min(losses) if losses else None,
            )
        )
    left = {r.group_before for r in rows if r.band_change == "left_out"}
    for g in sorted(left):
        notes.insert(0, Message("impact.group_left_out", group=g, ruleset=after.id))
    return Impact(before=first, after=second, agencies=tuple(rows), groups=tuple(groups), notes=tuple(notes))
