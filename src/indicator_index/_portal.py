"""
For portals: the JSON Schema of one agency's submission, generated from a
ruleset so that a web form can be rendered from it, and one function that
takes a JSON data document and returns a JSON result document or a structured
error document -- never an exception for bad input.

A loaded :class:`~indicator_index.Ruleset` is immutable and the engine keeps
no state, so one ruleset can be loaded at start-up and shared by every
request thread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from indicator_index import _data
from indicator_index._messages import Count, Message, _shown, text, ui_section
from indicator_index._model import Bonus, Criterion, Indicator, Penalty, Ruleset
from indicator_index._report import FORMAT_VERSION, assessment_to_dict
from indicator_index._rules import BestOf, Rule, SumOf
from indicator_index._scoring import score
from indicator_index._text import safe
from indicator_index._version import VERSION
from indicator_index.errors import DataError, IndicatorIndexError, Problem


__all__ = ["ERROR_FORMAT", "error_to_dict", "score_json", "submission_schema"]

ERROR_FORMAT = "indicator-index/error"
"""The ``format`` of an error document."""

_SCHEMA = "https://json-schema.org/draft/2020-12/schema"

_WORDS = ui_section("portal.word.")  # the schema's titles, from the one catalogue


def _json_number(value: Decimal) -> int | float:
    """A JSON number for a schema bound."""
    return int(value) if value == value.to_integral_value() else float(value)


def _value_schema(indicator: Indicator) -> dict[str, Any]:
    """The schema of one plain value of *indicator*."""
    if indicator.type == "ratio":
        return {"type": "number", "minimum": 0, "maximum": 1}
    if indicator.type == "count":
        return {"type": "integer", "minimum": 0}
    if indicator.type == "yes_no":
        return {"type": "boolean"}
    if indicator.type == "choice":
        return {
            "type": "string",
            "enum": list(indicator.option_ids),
            "oneOf": [{"const": o.id, "title": o.label.text("vi") or o.id, "description": o.label.en} for o in indicator.options],
        }
    out: dict[str, Any] = {"type": "number"}
    if indicator.min is not None:
        out["minimum"] = _json_number(indicator.min)
    if indicator.max is not None:
        out["maximum"] = _json_number(indicator.max)
    return out


def _requirement(rule: Rule) -> dict[str, Any] | None:
    """A schema on the ``values`` object that holds when *rule* has every input it needs."""
    if isinstance(rule, BestOf):
        options = [_requirement(p.rule) for p in rule.alternatives]
        if any(o is None for o in options):
            return None
        return {"anyOf": options}
    if isinstance(rule, SumOf):
        parts = [r for r in (_requirement(p.rule) for p in rule.parts) if r is not None]
        if not parts:
            return None
        if all(set(part) == {"required"} for part in parts):
            return {"required": list(dict.fromkeys(i for part in parts for i in part["required"]))}
        return {"allOf": parts}
    needed = list(rule.missing({}))
    return {"required": needed} if needed else None


def _items_for(ruleset: Ruleset, group: str) -> list[Criterion | Bonus | Penalty]:
    items: list[Criterion | Bonus | Penalty] = list(ruleset.criteria_for(group))
    items += [b for b in ruleset.bonuses if b.groups is None or group in b.groups]
    items += [p for p in ruleset.penalties if p.groups is None or group in p.groups]
    return items


def submission_schema(ruleset: Ruleset, group: str, *, lang: str = "vi", sources: bool = False) -> dict[str, Any]:
    """
    The JSON Schema (draft 2020-12) of one agency's entry in a data document,
    for agencies of *group*: its id, name, group, parent, values and claims,
    or instead of values and claims a ``decided`` total (``{"total": 96.53,
    "source": "..."}``, the total within ``[0, scale]``).

    ``parent`` (the id of the parent agency, e.g. a ward's district) is
    required when the group is ranked or compared within parents.

    ``values`` has one property per indicator the group's criteria, bonuses
    and penalties use, in the order they are first used, with its type and
    range (``ratio``: number in [0, 1]; ``count``: integer >= 0; ``number``:
    the indicator's min/max; ``yes_no``: boolean; ``choice``: ``enum`` of the
    option ids, with their labels in ``oneOf`` ``const``/``title``), its label
    in *lang* as ``title`` and the other language, unit and criteria in
    ``description``. Values a criterion needs under the ``error``
    missing-data policy are required, unless the criterion is claimed outside
    the agency's function (``claims`` has a property per excludable criterion,
    whose value is the reference of the supporting document).

    Args:
        ruleset: A loaded ruleset.
        group: The id of an agency group of *ruleset*.
        lang: The language of titles, ``"vi"`` or ``"en"``.
        sources: Also allow a value given per source (``{"agency": 0.8,
            "verification": 0.5}``), as assessors do; by default a value is
            the agency's own figure.

    Returns:
        A JSON Schema as a dict; the ruleset's id, version and digest and the
        group are under the ``x-ruleset`` annotation.

    Raises:
        KeyError: if *ruleset* has no such group.
        ValueError: if *lang* is not ``"vi"`` or ``"en"``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``parent`` and ``decided``.
    """
    _language(lang)
    other = "en" if lang == "vi" else "vi"
    words = _WORDS[lang]
    agency_group = ruleset.group(group)
    items = _items_for(ruleset, agency_group.id)
    properties = _value_properties(ruleset, items, lang, sources)
    required, conditions, claims = _requirements(ruleset, items, lang)
    values: dict[str, Any] = {
        "type": "object",
        "title": words["values"],
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        values["required"] = required
    parent: dict[str, Any] = {"type": "string", "minLength": 1, "title": words["parent"]}
    if agency_group.parent_group is not None:
        parent["description"] = f"{words['parent_of']} {agency_group.parent_group}"
    # An entry gives its figures (values, perhaps claims) or its decided total, never both.
    conditions.append(
        {
            "if": {"required": ["decided"]},
            "then": {"not": {"anyOf": [{"required": ["values"]}, {"required": ["claims"]}]}},
            "else": {"required": ["values"]},
        }
    )
    within_parent = agency_group.ranked_within == "parent" or agency_group.compared_within == "parent"
    schema: dict[str, Any] = {
        "$schema": _SCHEMA,
        "title": f"{ruleset.title.text(lang)} — {agency_group.label.text(lang)}",
        "description": f"{ruleset.id} {ruleset.version}: {agency_group.label.text(other)}",
        "x-ruleset": {"id": ruleset.id, "version": ruleset.version, "digest": ruleset.digest, "group": agency_group.id},
        "type": "object",
        "required": ["id", "group", "parent"] if within_parent else ["id", "group"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "minLength": 1, "title": words["id"]},
            "name": {"type": "string", "title": words["name"]},
            "group": {"const": agency_group.id, "default": agency_group.id, "title": words["group"]},
            "parent": parent,
            "values": values,
            "claims": {"type": "object", "title": words["claims"], "properties": claims, "additionalProperties": False},
            "decided": _decided_schema(ruleset, words),
        },
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


def _value_properties(ruleset: Ruleset, items: Any, lang: str, sources: bool) -> dict[str, Any]:
    """One property per indicator the items use, in the order first used: type and range, label, unit, users."""
    other = "en" if lang == "vi" else "vi"
    words = _WORDS[lang]
    used_by: dict[str, list[str]] = {}
    for item in items:
        for indicator_id in item.rule.indicator_ids():
            used_by.setdefault(indicator_id, []).append(item.id)
    properties: dict[str, Any] = {}
    for indicator_id, users in used_by.items():
        indicator = ruleset.indicator(indicator_id)
        plain = _value_schema(indicator)
        notes = [indicator.label.text(other)]
        if indicator.unit:
            notes.append(f"{words['unit']}: {indicator.unit}")
        if indicator.description:
            notes.append(indicator.description)
        notes.append(f"{words['used_by']} {', '.join(users)}")
        if sources:
            by_source = {
                "type": "object",
                "properties": {s: plain for s in ruleset.sources},
                "additionalProperties": False,
                "minProperties": 1,
            }
            value: dict[str, Any] = {"anyOf": [plain, by_source]}
        else:
            value = dict(plain)
        properties[indicator_id] = {"title": indicator.label.text(lang), "description": " · ".join(notes), **value}
    return properties


def _requirements(ruleset: Ruleset, items: Any, lang: str) -> tuple[list[str], list[dict[str, Any]], dict[str, Any]]:
    """The values required outright, the conditional requirements (claimable criteria, alternatives), and the claims' properties."""
    words = _WORDS[lang]
    required: list[str] = []
    conditions: list[dict[str, Any]] = []
    claims: dict[str, Any] = {}
    for item in items:
        excludable = isinstance(item, Criterion) and item.excludable
        if excludable:
            claims[item.id] = {
                "type": "string",
                "minLength": 1,
                "title": f"{item.id}: {item.label.text(lang)}",
                "description": words["evidence"],
            }
        if (item.missing or ruleset.missing) != "error" or item.rule.kind == "info":
            continue
        need = _requirement(item.rule)
        if need is None:
            continue
        if excludable:
            conditions.append(
                {
                    "anyOf": [
                        {"required": ["claims"], "properties": {"claims": {"required": [item.id]}}},
                        {"properties": {"values": need}},
                    ]
                }
            )
        elif set(need) == {"required"}:
            required += [i for i in need["required"] if i not in required]
        else:
            conditions.append({"properties": {"values": need}})
    return required, conditions, claims


def _decided_schema(ruleset: Ruleset, words: Mapping[str, str]) -> dict[str, Any]:
    """A decided (published) total: within [0, scale], with its source."""
    return {
        "type": "object",
        "title": words["decided"],
        "required": ["total", "source"],
        "additionalProperties": False,
        "properties": {
            "total": {"type": "number", "minimum": 0, "maximum": _json_number(ruleset.scale), "title": words["decided_total"]},
            "source": {"type": "string", "minLength": 1, "title": words["decided_source"]},
        },
    }


def _language(lang: str) -> str:
    """*lang* when it is ``"vi"`` or ``"en"``; else ``ValueError`` with the catalogue's message."""
    if lang not in _WORDS:
        msg = Message("data.lang", lang=lang)
        raise ValueError(msg)
    return lang


def _param(value: object, lang: str) -> str | int | float | None:
    """
    A message parameter as JSON: a count or whole number as a number, a
    decimal as its exact text, anything else as the message shows it in
    *lang*, lone surrogates and control characters escaped (``\\ud800``) as
    the message escapes them, so that the document encodes as UTF-8.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and math.isfinite(value):
        return value
    if value is None:
        return None
    return safe(str(_shown(value, lang)))


def _problem_message(message: str, lang: str) -> tuple[str, str | None, dict[str, str | int | float | None]]:
    """A problem's message in *lang*, its catalogue code (``None`` for plain text) and its parameters."""
    if not isinstance(message, Message):
        return message, None, {}
    return message.render(lang), message.code, {key: _param(value, lang) for key, value in message.params.items()}


def error_to_dict(error: IndicatorIndexError, *, lang: str = "vi") -> dict[str, Any]:
    """
    An error as a JSON-ready error document, its messages in *lang*::

        {"format": "indicator-index/error", "format_version": 1,
         "library_version": "0.1.0", "lang": "vi",
         "error": {"type": "DataError",
                   "message": "upload.json: không đọc được số liệu các đơn vị",
                   "problems": [{"message": "tỷ lệ phải nằm trong [0, 1], nhận được 1.3",
                                 "code": "scoring.value.ratio", "params": {"value": "1.3"},
                                 "file": "upload.json", "line": null,
                                 "column": null, "path": "$.agencies[0].values.x",
                                 "criterion": null, "agency": "so-noi-vu",
                                 "indicator": "x"}]}}

    *type* is the exception's class name (``DataError``, ``ScoringError``,
    ``RulesetValidationError``, ...); *message* the one-line title; each
    problem names what it can. At most ``errors.MAX_SHOWN`` (200) problems are
    listed; the message then counts the rest (all are in ``error.problems``).

    Every message a person reads (the title, the count of the rest and each
    problem's ``message``) is in *lang*; a problem's message that is plain
    text rather than a catalogue message is given as it is. Each problem also
    has ``code``, the catalogue key of its message (``None`` for plain text),
    and ``params``, its parameters (``{}`` when none): counts and whole
    numbers as JSON numbers, decimals as their exact text (``"1.3"``), a
    parameter that is itself a message as its text in *lang*, anything else
    as the message shows it, so that a portal can word the message itself.

    Args:
        error: Any error of the library.
        lang: The language of the messages, ``"vi"`` (the default) or ``"en"``.

    Raises:
        ValueError: if *lang* is not ``"vi"`` or ``"en"``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *lang* (Vietnamese by default; English before),
       ``"lang"``, and each problem's ``code`` and ``params``.
    """
    from indicator_index.errors import MAX_SHOWN

    _language(lang)
    title: str = error.title.render(lang) if isinstance(error.title, Message) else error.title
    if not title:
        title = error.problems[0].render(lang) if len(error.problems) == 1 else type(error).__name__
    count = len(error.problems)
    if count > MAX_SHOWN:
        title = text("portal.error.more", lang, title=title, count=Count(count), listed=Count(MAX_SHOWN), more=Count(count - MAX_SHOWN))
    problems = []
    for p in error.problems[:MAX_SHOWN]:
        message, code, params = _problem_message(p.message, lang)
        problems.append(
            {
                "message": message,
                "code": code,
                "params": params,
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "path": p.path,
                "criterion": p.criterion,
                "agency": p.agency,
                "indicator": p.indicator,
            }
        )
    return {
        "format": ERROR_FORMAT,
        "format_version": FORMAT_VERSION,
        "library_version": VERSION,
        "lang": lang,
        "error": {"type": type(error).__name__, "message": title, "problems": problems},
    }


def _payload(payload: object, source: str) -> Mapping[str, Any]:
    """The data document in *payload*: JSON text (str or UTF-8 bytes) or an already-parsed mapping."""
    if isinstance(payload, Mapping):
        return payload
    if isinstance(payload, bytes | bytearray):
        if len(payload) > _data.MAX_BYTES:
            raise DataError([Problem(message=Message("portal.too_large", size=Count(len(payload)), limit=Count(_data.MAX_BYTES)), file=source)])
        try:
            payload = bytes(payload).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError([Problem(message=Message("portal.not_utf8", offset=exc.start), file=source)]) from None
    if not isinstance(payload, str):
        raise DataError([Problem(message=Message("portal.expected_text", type=type(payload).__name__), file=source)])
    data = _data.parse_json(payload.lstrip("\ufeff"), source)  # the limits of a data file: size, nesting, numbers, repeated keys
    if not isinstance(data, Mapping):
        raise DataError([Problem(message=Message("portal.expected_object", type=type(data).__name__), file=source, path="$")])
    return data


def score_json(ruleset: Ruleset, payload: str | bytes | Mapping[str, Any], *, source: str = "<payload>", lang: str = "vi") -> dict[str, Any]:
    """
    Score a JSON data document under *ruleset*: JSON in, JSON out.

    The payload is a data document, ``{"agencies": [{"id", "name", "group",
    "parent", "values", "claims"}, ...]}`` (or ``"decided"`` instead of values and claims) (each entry as :func:`submission_schema`
    describes it), as JSON text or already parsed. Scoring is cohort-wide:
    send every agency of the evaluation, since some rules compare an agency
    with the best in its group.

    Args:
        ruleset: A loaded ruleset; one may be shared by any number of threads.
        payload: JSON text, UTF-8 bytes, or a mapping.
        source: The name problems and input references cite, e.g. an
            upload's file name or a request id.
        lang: The language of the error document's messages, ``"vi"`` (the
            default) or ``"en"``; the assessment document is the same in
            either (labels in both languages, see :func:`assessment_to_dict`).

    Returns:
        On success, the assessment document of :func:`assessment_to_dict`
        (``format`` ``"indicator-index/assessment"``). On bad input (not JSON,
        wrong shape, unknown agency group or indicator, value of the wrong type
        or out of range, missing value, no agency) and on input beyond the
        limits a data file meets (over 64 MiB, nested over 32 deep, a repeated
        key, a number beyond the size limits whatever its exponent or digits,
        text breaking the text rule: see docs/data.md), the error document of
        :func:`error_to_dict` (``format`` ``"indicator-index/error"``, an
        ``"error"`` key): it never raises for bad input, and either document
        encodes as JSON (lone surrogates in what it quotes are escaped).

    Raises:
        ValueError: if *lang* is not ``"vi"`` or ``"en"`` (a mistake of the
            caller, not of the input; checked before the payload is read).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *lang*: the error document in Vietnamese by
       default (English before).
    """
    _language(lang)
    try:
        data = _payload(payload, source)
        submissions = _data.submissions_from_dict(data, source=source, ruleset=ruleset)
        assessment = score(ruleset, submissions)
    except IndicatorIndexError as exc:
        return error_to_dict(exc, lang=lang)
    return assessment_to_dict(assessment)
