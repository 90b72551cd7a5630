"""
The one cattrs converter factory, with strict hooks.

cattrs coerces by calling the type (``int(5.7)`` is 5, ``bool("false")`` is
True); a scoring library must not. These hooks accept only the TOML-native type
of each field, refuse ``nan`` and ``inf``, and dispatch rules on their ``kind``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from indicator_index._mapping import FrozenDict
from indicator_index._messages import Message, did_you_mean, got, shown
from indicator_index._model import Ruleset
from indicator_index._rules import RULE_KINDS, Rule
from indicator_index._text import show


__all__ = ["make_converter", "show", "suggest_key"]

MAX_DIGITS = 15
MAX_PLACES = 12


def _origin(tp: object) -> object:
    """``get_origin`` for a type the predicates get as ``Any``, where its overloads would pick ``ParamSpec``."""
    return get_origin(tp)


def _with_kind(base: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """A rule's unstructure hook: *base*'s fields after the rule's ``kind``."""

    def unstructure_rule(rule: Any) -> dict[str, Any]:
        return {"kind": rule.kind, **base(rule)}

    return unstructure_rule


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        msg = Message("schema.expected_string", got=got(value))
        raise TypeError(msg)
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = Message("schema.expected_integer", got=got(value))
        raise TypeError(msg)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        msg = Message("schema.expected_bool", got=got(value))
        raise TypeError(msg)
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        msg = Message("schema.expected_number", got=got(value))
        raise TypeError(msg)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = Message("schema.expected_finite", value=repr(value))
            raise ValueError(msg)
        value = Decimal(repr(value))
    result = Decimal(value)
    if not result.is_finite():
        msg = Message("schema.expected_finite", value=shown(value))
        raise ValueError(msg)
    if result.adjusted() > MAX_DIGITS or (result != 0 and result.as_tuple().exponent < -MAX_PLACES):  # type: ignore[operator]
        msg = Message("schema.too_many_digits", digits=MAX_DIGITS, places=MAX_PLACES, value=shown(result))
        raise ValueError(msg)
    return result


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        msg = Message("schema.expected_date_not_time", value=value.isoformat())
        raise TypeError(msg)
    if isinstance(value, dt.date):
        return value
    msg = Message("schema.expected_date", got=got(value))
    raise TypeError(msg)


def suggest_key(key: str, cls: type) -> str:
    """A "did you mean" suffix naming the closest field of *cls*."""
    import difflib  # only when a key is wrong

    names = [a.alias or a.name for a in attrs.fields(cls) if a.init]
    return did_you_mean(difflib.get_close_matches(key, names, n=1, cutoff=0.6))


def make_converter() -> Converter:
    """
    Build a fresh converter for rulesets: unknown keys forbidden, no coercion.

    .. versionadded:: 0.1.0
    """
    converter = Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(dt.date, _structure_date)

    def structure_table(value: object, _: type) -> FrozenDict:
        if not isinstance(value, dict):
            msg = Message("schema.expected_table", got=got(value))
            raise TypeError(msg)
        out = {}
        for key, item in value.items():
            try:
                out[key] = _structure_decimal(item, Decimal)
            except (TypeError, ValueError) as exc:
                problem = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)
                raise type(exc)(Message("schema.for_key", problem=problem, key=key)) from None
        return FrozenDict(out)

    converter.register_structure_hook(FrozenDict, structure_table)
    converter.register_unstructure_hook(FrozenDict, lambda table: {k: converter.unstructure(v) for k, v in table.items()})

    def structure_rule(value: object, _: type) -> Any:
        if not isinstance(value, dict):
            msg = Message("schema.expected_rule_table", got=got(value))
            raise TypeError(msg)
        kind = value.get("kind")
        cls = RULE_KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            import difflib

            kinds = ", ".join(RULE_KINDS)
            hint = did_you_mean(difflib.get_close_matches(str(kind), list(RULE_KINDS), n=1))
            msg = Message("schema.rule_kind", kinds=kinds, kind=kind, hint=hint) if kind is not None else Message("schema.rule_needs_kind", kinds=kinds)
            raise ValueError(msg)
        return converter.structure({k: v for k, v in value.items() if k != "kind"}, cls)

    converter.register_structure_hook(Rule, structure_rule)

    def tuple_factory(cls: Any) -> Any:
        def structure_tuple(value: object, type_: type) -> Any:
            if not isinstance(value, list | tuple):
                msg = Message("schema.expected_array", got=got(value))
                raise TypeError(msg)
            return converter._structure_tuple(value, type_)

        return structure_tuple

    converter.register_structure_hook_factory(lambda t: _origin(t) is tuple, tuple_factory)

    def literal_factory(cls: Any) -> Any:
        allowed = get_args(cls)

        def structure_literal(value: object, _: type) -> Any:
            if isinstance(value, str) and value in allowed:
                return value
            import difflib

            options = ", ".join(repr(a) for a in allowed)
            hint = did_you_mean(difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1))
            msg = Message("schema.expected_one_of", options=options, value=shown(value), hint=hint)
            raise ValueError(msg)

        return structure_literal

    converter.register_structure_hook_factory(lambda t: _origin(t) is Literal, literal_factory)

    # One generated structure function per class: cattrs asks the factory again for every field of that
    # type (``Label`` in a dozen classes), and would generate (and compile) it again each time.
    generated_hooks: dict[Any, Callable[[object, type], Any]] = {}

    def attrs_factory(cls: Any, *, tables_only: bool = True) -> Any:
        hook = generated_hooks.get(cls)
        if hook is not None:
            return hook
        generated = make_dict_structure_fn(cls, converter)

        def structure_attrs(value: Any, type_: type) -> Any:
            if tables_only and not isinstance(value, dict):
                msg = Message("schema.expected_table", got=got(value))
                raise TypeError(msg)
            return generated(value, type_)

        generated_hooks[cls] = structure_attrs
        return structure_attrs

    converter.register_structure_hook_factory(lambda t: t is not FrozenDict and attrs.has(t) and t not in RULE_KINDS.values(), attrs_factory)
    # The rule kinds: structure_rule has checked the table (and taken out its kind).
    converter.register_structure_hook_factory(lambda t: t in RULE_KINDS.values(), lambda cls: attrs_factory(cls, tables_only=False))

    # The unstructure hooks (for ruleset_to_dict) are generated on first use: loading never needs them.
    def rule_unstructure_factory(cls: Any) -> Callable[[Any], dict[str, Any]]:
        return _with_kind(make_dict_unstructure_fn(cls, converter))

    def ruleset_unstructure_factory(_: Any) -> Callable[[Any], dict[str, Any]]:
        return make_dict_unstructure_fn(Ruleset, converter, _plan=override(omit=True))

    converter.register_unstructure_hook_factory(lambda t: t in RULE_KINDS.values(), rule_unstructure_factory)
    converter.register_unstructure_hook_factory(lambda t: t is Ruleset, ruleset_unstructure_factory)
    return converter
