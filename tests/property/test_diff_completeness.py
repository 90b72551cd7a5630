"""
Completeness of the ruleset diff (issue #15, item 4).

For a ruleset and one edit of one of its fields, :func:`~indicator_index.diff_rulesets`
must report exactly the edited path: no more, no fewer. The edits are enumerated
here, independently of ``_diff``, from the model's own attrs fields and the path
language :class:`~indicator_index._diff.FieldChange` documents:

- a field of an attrs value is ``parent.field`` (``label.en``, ``rule.if_no``);
- a key of a mapping field is ``field.key`` (``max_points_by_group.g1``,
  ``rule.points_by_option.o2``), whether the key is added, removed or its value changed;
- an entry of a list of items with ids (a sum's parts, a best-of's alternatives,
  a choice indicator's options) is ``field[id]``, added, removed or changed;
- any other list (tiers, groups, sources) is one value: an entry added, removed or
  changed is a change of ``rule.tiers`` or ``groups`` as a whole;
- a band, group, section, indicator, criterion, bonus or penalty item added or
  removed is one item change (an id changed is one removed and one added);
- the loader's ``provenance.file``, the order of a collection or of a list with
  ids, and a number written with other trailing zeros are not changes.

Every edit is checked both ways: the diff from the edited ruleset back to the
original reports the same paths, with added and removed swapped.

The edited ruleset is built without the whole-ruleset check (``Ruleset`` validates
its sums on construction, and most single edits, such as a maximum or a key of
``max_points_by_group``, break a sum): the diff compares models and reads nothing
their validity guarantees.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import indicator_index as ii
from indicator_index import Ruleset
from indicator_index._diff import RulesetDiff, diff_rulesets
from indicator_index._mapping import FrozenDict
from tests.strategies import rulesets


pytestmark = pytest.mark.property

COLLECTIONS = ("bands", "groups", "blocks", "sections", "indicators", "criteria", "bonuses", "penalties")
"""The collections of a ruleset, compared item by item by id (every other field is ruleset metadata)."""

Report = tuple[str, str, str, str]
"""(collection, or ``"metadata"``; item id, or ``""``; ``"added"``, ``"removed"`` or ``"changed"``; field path, or ``""``)."""

# Enumerated string fields: an edit picks another valid value, so that the rule still reads in words.
_ENUMS: dict[str, tuple[str, ...]] = {
    "direction": ("higher", "lower"),
    "when_denominator_zero": ("full", "zero", "not_applicable"),
    "when_best_is_zero": ("zero", "full"),
    "when_all_equal": ("full", "zero"),
    "missing": ("error", "zero", "exclude"),
    "mode": ("half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"),
    "type": ("ratio", "count", "number", "yes_no", "choice"),
    "status": ("decision", "inferred", "reconstructed"),
}
# Optional fields an item cannot do without when set (a choice needs one of its tables): the
# edit from None to a value covers them, and the reverse diff the edit back to None.
_NEEDED = ("points_by_option", "fraction_by_option")


@dataclasses.dataclass(frozen=True)
class Edit:
    """One edit of a ruleset: what it does, the reports it must give, and how to make the edited ruleset."""

    op: str
    where: str
    expected: frozenset[Report]
    make: Callable[[], Ruleset] = dataclasses.field(compare=False)

    def __repr__(self) -> str:
        return f"Edit({self.op}: {self.where})"


# --- Building edited values ----------------------------------------------------------


def unchecked(ruleset: Ruleset, **fields: object) -> Ruleset:
    """*ruleset* with some fields replaced, without the whole-ruleset check (see the module docstring)."""
    out = copy.copy(ruleset)
    for name, value in fields.items():
        object.__setattr__(out, name, value)
    return out


@functools.cache
def _types(cls: type) -> dict[str, Any]:
    """The annotations of an attrs class's fields, resolved (the model's modules postpone them)."""
    return typing.get_type_hints(cls)


def _evolve(value: Any, name: str, new: object) -> Any:
    return attrs.evolve(value, **{attrs.fields_dict(type(value))[name].alias: new})


def _optional(tp: object) -> tuple[bool, object]:
    """(whether the annotation allows ``None``, the annotation without ``None``)."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        allows = len(args) < len(typing.get_args(tp))
        return allows, args[0] if len(args) == 1 else tp
    return False, tp


def _element_type(tp: object) -> object | None:
    """The element type of ``tuple[X, ...]``."""
    if typing.get_origin(tp) is tuple:
        return typing.get_args(tp)[0]
    return None


def _has_id(tp: object) -> bool:
    return isinstance(tp, type) and attrs.has(tp) and "id" in attrs.fields_dict(tp)


def _sample(tp: object, name: str) -> object:
    """A value of annotation *tp* for an optional field that is ``None`` now."""
    if tp is Decimal:
        return Decimal("7.5")
    if tp is str:
        return _ENUMS[name][0] if name in _ENUMS else "new"
    if tp is int:
        return 9
    if tp is dt.date:
        return dt.date(2025, 3, 1)
    if tp is FrozenDict:
        return FrozenDict({"o0": Decimal(1)})
    if tp is ii.Provenance:
        return ii.Provenance(status="decision", citation="added")
    if _element_type(tp) is str:
        return ("new",)
    msg = f"no sample value for {tp!r} ({name})"
    raise AssertionError(msg)


def _new_id(ids: list[str]) -> str:
    k = 0
    while f"new{k}" in ids:
        k += 1
    return f"new{k}"


def _scalar_edits(value: object, name: str, path: str) -> Iterator[tuple[str, frozenset[str], Callable[[], object]]]:
    """(op, expected paths, new value) for a str, bool, int, Decimal or date value."""
    one = frozenset({path})
    if isinstance(value, bool):
        yield "leaf", one, lambda: not value
    elif isinstance(value, int):
        yield "leaf", one, lambda: value + 1
    elif isinstance(value, Decimal):
        yield "leaf", one, lambda: value + Decimal("0.25")
        # The same number with other trailing zeros: not a change.
        yield "no-op", frozenset(), lambda: value + Decimal("0.000")
    elif isinstance(value, str):
        if name in _ENUMS:
            other = next((v for v in _ENUMS[name] if v != value), None)
            if other is not None:
                yield "leaf", one, lambda: other
        else:
            yield "leaf", one, lambda: value + "·x"
    elif isinstance(value, dt.date):
        yield "leaf", one, lambda: value + dt.timedelta(days=1)


def _edits_of(value: Any, tp: object, name: str, path: str) -> Iterator[tuple[str, frozenset[str], Callable[[], object]]]:
    """
    Every edit of *value* (of annotation *tp*, in field *name*, at diff path *path*):
    (op, the diff paths it must give, a function making the new value).
    """
    optional, tp = _optional(tp)
    if value is None:
        if optional:
            new = _sample(tp, name)
            yield "none", frozenset({path}), lambda: new
        return
    if optional and name not in _NEEDED:
        yield "none", frozenset({path}), lambda: None
    if attrs.has(type(value)):
        if hasattr(type(value), "kind") and name == "rule":
            # Another kind of rule: the rule changes as a whole.
            other = ii.Info() if not isinstance(value, ii.Info) else ii.YesNo(indicator="new")
            yield "rule-kind", frozenset({path}), lambda: other
        for a in attrs.fields(type(value)):
            if a.name.startswith("_"):
                continue
            child = getattr(value, a.name)
            child_path = f"{path}.{a.name}" if path else a.name
            if isinstance(value, ii.Provenance) and a.name == "file":
                # The file an item was loaded from is bookkeeping, not a change.
                yield "no-op", frozenset(), functools.partial(_evolve, value, "file", child + "-elsewhere.toml")
                continue
            for op, paths, make in _edits_of(child, _types(type(value))[a.name], a.name, child_path):
                yield op, paths, functools.partial(lambda v, n, m: _evolve(v, n, m()), value, a.name, make)
        return
    if isinstance(value, Mapping):
        keys = list(value)
        for key in keys:
            old = value[key]
            rest = {k: v for k, v in value.items() if k != key}
            yield "map-change", frozenset({f"{path}.{key}"}), functools.partial(lambda k, o: FrozenDict({**value, k: o + 1}), key, old)
            yield "map-remove", frozenset({f"{path}.{key}"}), functools.partial(FrozenDict, rest)
        added = _new_id(keys)
        yield "map-add", frozenset({f"{path}.{added}"}), lambda: FrozenDict({**value, added: Decimal("0.5")})
        return
    if isinstance(value, tuple):
        element = _element_type(tp)
        if _has_id(element):
            yield from _id_list_edits(value, element, path)
            return
        yield from _list_edits(value, path)
        return
    yield from _scalar_edits(value, name, path)


def _id_list_edits(value: tuple[Any, ...], element: object, path: str) -> Iterator[tuple[str, frozenset[str], Callable[[], object]]]:
    """Edits of a list of items with ids: each reported at ``path[id]``."""
    ids = [x.id for x in value]
    for index, item in enumerate(value):
        where = f"{path}[{item.id}]"

        def put(new: object, index: int = index) -> tuple[Any, ...]:
            return (*value[:index], new, *value[index + 1 :])

        for op, paths, make in _edits_of(item, element, "", where):
            if paths == {f"{where}.id"}:
                # A new id: the entry with the old id is removed and one with the new id added.
                renamed = _new_id(ids)
                yield (
                    "id-rename",
                    frozenset({where, f"{path}[{renamed}]"}),
                    functools.partial(lambda put, item, renamed: put(attrs.evolve(item, id=renamed)), put, item, renamed),
                )
                continue
            yield op, paths, functools.partial(lambda put, make: put(make()), put, make)
        if len(value) > 1:
            yield "id-remove", frozenset({where}), functools.partial(lambda index: (*value[:index], *value[index + 1 :]), index)
    if value or _has_id(element):
        added = _new_id(ids)
        template = value[-1] if value else ii.Option(id="x")
        yield "id-add", frozenset({f"{path}[{added}]"}), lambda: (*value, attrs.evolve(template, id=added))
    if len(value) > 1:
        yield "no-op", frozenset(), lambda: tuple(reversed(value))


def _list_edits(value: tuple[Any, ...], path: str) -> Iterator[tuple[str, frozenset[str], Callable[[], object]]]:
    """Edits of a list without ids (tiers, groups, sources): reported as the whole list."""
    whole = frozenset({path})
    for index, item in enumerate(value):
        if isinstance(item, ii.Tier):
            new: object = attrs.evolve(item, points=item.points + 1)
        else:
            new = f"{item}·x"
        yield "list-entry", whole, functools.partial(lambda index, new: (*value[:index], new, *value[index + 1 :]), index, new)
        if len(value) > 1:
            yield "list-remove", whole, functools.partial(lambda index: (*value[:index], *value[index + 1 :]), index)
    if value:
        last = value[-1]
        extra = attrs.evolve(last, points=last.points + 1) if isinstance(last, ii.Tier) else f"{last}-new"
        yield "list-add", whole, lambda: (*value, extra)


def edits(ruleset: Ruleset) -> list[Edit]:
    """Every edit of *ruleset* this module knows, with the reports each must give."""
    out: list[Edit] = []
    for a in attrs.fields(Ruleset):
        if a.name.startswith("_"):
            continue
        value = getattr(ruleset, a.name)
        if a.name not in COLLECTIONS:
            for op, paths, make in _edits_of(value, _types(Ruleset)[a.name], a.name, a.name):
                expected = frozenset(("metadata", "", "changed", p) for p in paths)
                out.append(Edit(op, ", ".join(sorted(paths)) or f"{a.name} (no change)", expected, functools.partial(_set, ruleset, a.name, make)))
            continue
        element = _element_type(_types(Ruleset)[a.name])
        ids = [x.id for x in value]
        for index, item in enumerate(value):

            def put(new: object, index: int = index, value: tuple[Any, ...] = value) -> tuple[Any, ...]:
                return (*value[:index], new, *value[index + 1 :])

            for op, paths, make in _edits_of(item, element, "", ""):
                if paths == {"id"}:
                    renamed = _new_id(ids)
                    expected = frozenset({(a.name, item.id, "removed", ""), (a.name, renamed, "added", "")})
                    maker = functools.partial(lambda put, item, renamed: put(attrs.evolve(item, id=renamed)), put, item, renamed)
                    out.append(Edit("item-rename", f"{a.name} {item.id} -> {renamed}", expected, functools.partial(_set, ruleset, a.name, maker)))
                    continue
                expected = frozenset((a.name, item.id, "changed", p) for p in paths)
                where = f"{a.name} {item.id}: " + (", ".join(sorted(paths)) or "no change")
                out.append(Edit(op, where, expected, functools.partial(_set, ruleset, a.name, functools.partial(lambda put, make: put(make()), put, make))))
            remove = functools.partial(lambda index, value: (*value[:index], *value[index + 1 :]), index, value)
            out.append(
                Edit(
                    "item-remove",
                    f"{a.name} {item.id} removed",
                    frozenset({(a.name, item.id, "removed", "")}),
                    functools.partial(_set, ruleset, a.name, remove),
                )
            )
        if value:
            added = _new_id(ids)
            add = functools.partial(lambda value, added: (*value, attrs.evolve(value[-1], id=added)), value, added)
            out.append(Edit("item-add", f"{a.name} {added} added", frozenset({(a.name, added, "added", "")}), functools.partial(_set, ruleset, a.name, add)))
        if len(value) > 1:
            out.append(
                Edit(
                    "no-op",
                    f"{a.name} reordered",
                    frozenset(),
                    functools.partial(_set, ruleset, a.name, functools.partial(lambda v: tuple(reversed(v)), value)),
                )
            )
    return out


def _set(ruleset: Ruleset, name: str, make: Callable[[], object]) -> Ruleset:
    return unchecked(ruleset, **{name: make()})


# --- Reading a diff ------------------------------------------------------------------


def reports(diff: RulesetDiff) -> frozenset[Report]:
    """The paths a diff reports, as :data:`Report` tuples; a reported field must differ before and after."""
    out: set[Report] = set()
    for f in diff.metadata:
        assert f.before != f.after, f"metadata {f.field} reported with the same value on both sides: {f.before!r}"
        out.add(("metadata", "", "changed", f.field))
    for c in diff.changes:
        if c.action in ("added", "removed"):
            assert c.fields == (), f"{c.collection} {c.id} {c.action} with fields {c.fields}"
            out.add((c.collection, c.id, c.action, ""))
            continue
        assert c.action == "changed", f"unexpected action {c.action!r} without a mapping"
        assert c.fields, f"{c.collection} {c.id} changed with no field"
        for f in c.fields:
            assert f.before != f.after, f"{c.collection} {c.id}: {f.field} reported with the same value on both sides: {f.before!r}"
            out.add((c.collection, c.id, "changed", f.field))
    return frozenset(out)


def _mirror(expected: frozenset[Report]) -> frozenset[Report]:
    swap = {"added": "removed", "removed": "added", "changed": "changed"}
    return frozenset((where, item, swap[action], path) for where, item, action, path in expected)


def check_edit(ruleset: Ruleset, edit: Edit) -> None:
    """Assert that the diff of *ruleset* and its *edit* reports exactly the edited paths, both ways."""
    edited = edit.make()
    forward = reports(diff_rulesets(ruleset, edited))
    assert forward == edit.expected, f"{edit!r}: missing {sorted(edit.expected - forward)}, extra {sorted(forward - edit.expected)}"
    backward = reports(diff_rulesets(edited, ruleset))
    assert backward == _mirror(edit.expected), (
        f"{edit!r} reversed: missing {sorted(_mirror(edit.expected) - backward)}, extra {sorted(backward - _mirror(edit.expected))}"
    )


# --- The properties ------------------------------------------------------------------

OPS = ("leaf", "none", "map-add", "map-remove", "map-change", "list-entry", "list-add", "list-remove", "id-add", "id-remove", "id-rename", "rule-kind")
OPS += ("item-add", "item-remove", "item-rename", "no-op")


@given(rulesets(), st.data())
def test_one_edit_is_reported_exactly(ruleset: Ruleset, data: st.DataObject) -> None:
    """
    A generated ruleset and one generated edit of any of its fields (a key of a mapping
    added, removed or changed, an entry of a tier or option list, an item, a scalar, ...):
    the diff reports exactly the edited path, and the reverse diff the same path reversed.
    """
    every = edits(ruleset)
    by_op: dict[str, list[Edit]] = {}
    for e in every:
        by_op.setdefault(e.op, []).append(e)
    # The kind of edit first, so that rarer ones (a key added to a mapping) are drawn as often as a label.
    op = data.draw(st.sampled_from([o for o in OPS if o in by_op]), label="op")
    edit = data.draw(st.sampled_from(by_op[op]), label="edit")
    check_edit(ruleset, edit)


@pytest.mark.parametrize("name", ["example-2024", "danang-2386-2025"])
def test_every_edit_of_a_shipped_ruleset(name: str) -> None:
    """Every edit this module knows of a shipped ruleset, one at a time: each reported exactly."""
    ruleset = ii.load_ruleset(name)
    every = edits(ruleset)
    assert {e.op for e in every} == set(OPS), "the shipped ruleset no longer offers every kind of edit"
    for edit in every:
        check_edit(ruleset, edit)
