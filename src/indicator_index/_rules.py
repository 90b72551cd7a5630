"""
Rule kinds: the closed, typed set of ways a criterion turns inputs into points.

Every rule computes points on the criterion's *base* maximum (``max_points``);
the engine scales them when a group has its own maximum. Rules are pure: they
read a mapping of resolved indicator values and, for the cohort-relative kinds,
the lowest and highest value in the agency's group. See ``docs/scoring.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import ClassVar, Literal, Protocol, Union

from attrs import field, frozen

from indicator_index._mapping import FrozenDict, as_decimal, as_optional_decimal, as_tuple, optional_frozen_dict
from indicator_index._messages import Message, did_you_mean, either
from indicator_index._text import nfc


__all__ = [
    "RULE_KINDS",
    "BestOf",
    "Choice",
    "Info",
    "MinMax",
    "Names",
    "Part",
    "PerItem",
    "Proportional",
    "Ratio",
    "Relative",
    "Rule",
    "RuleText",
    "SumOf",
    "Tier",
    "Tiers",
    "TypedLabel",
    "YesNo",
]

ZERO = Decimal(0)
ONE = Decimal(1)

Direction = Literal["higher", "lower"]
Stats = Mapping[str, tuple[Decimal, Decimal]]
Values = Mapping[str, object]


# A number standing alone in a text (not part of an id such as "x1.2"): Vietnamese writes its decimal comma.
_DECIMAL_POINT = re.compile(r"(?<![\w.])(\d+)\.(\d+)(?![\w.])")


def _vietnamese_numbers(text: str) -> str:
    """*text* with the decimal point of its numbers written as a comma, outside the labels quoted in «»."""
    if "." not in text:  # most texts: nothing to write
        return text
    parts = re.split(r"(«[^»]*»)", text)
    return "".join(part if part.startswith("«") else _DECIMAL_POINT.sub(r"\1,\2", part) for part in parts)


@frozen
class RuleText:
    """A rule described in words, in Vietnamese (decimal comma) and English."""

    vi: str = field(converter=_vietnamese_numbers)
    en: str


class _Label(Protocol):
    """A name in two languages, as :class:`indicator_index.Label` is."""

    def text(self, lang: str = "vi") -> str: ...


@frozen
class TypedLabel:
    """
    An indicator's label together with its type, as the rulesets' :data:`Names` lookup returns it.

    A rule text reads the type to show a ratio's tier thresholds as percentages (0.9 -> 90%).
    """

    label: _Label
    type: str = ""

    def text(self, lang: str = "vi") -> str:
        """The label in *lang*."""
        return self.label.text(lang)


Names = Callable[[str], _Label | None]
"""
Looks up an indicator's label by its id; ``None`` for an id it does not know.

A label with a ``type`` attribute (a :class:`TypedLabel`) also tells the indicator's type: the tier
thresholds of a ``ratio`` are then shown as percentages. A plain label leaves them as written.
"""


def _named(names: Names | None, indicator: str) -> tuple[str, str]:
    """
    How a rule text names *indicator*: its label in «» in Vietnamese and in English.

    Without *names*, or for an id *names* does not know (or whose label is empty),
    both are the id itself, unquoted: the form a ruleset diff compares.
    """
    return _quoted(names(indicator) if names is not None else None, indicator)


def _option_named(names: Names | None, indicator: str, option: str) -> tuple[str, str]:
    """How a rule text names an option of a choice indicator: its label in «», else its id (looked up as ``"indicator:option"``)."""
    return _quoted(names(f"{indicator}:{option}") if names is not None else None, option)


def _is_ratio(names: Names | None, indicator: str) -> bool:
    """Whether *names* says *indicator* is a ratio (never without *names*: the id form shows thresholds as written)."""
    return names is not None and getattr(names(indicator), "type", None) == "ratio"


def _percent(ratio: Decimal) -> str:
    """A ratio as a percentage, exactly, without trailing zeros, written as inputs are shown (0.9 -> ``"90 %"``, 0.005 -> ``"0.5 %"``)."""
    return f"{_fmt(ratio.scaleb(2).normalize())} %"


def _quoted(label: _Label | None, fallback: str) -> tuple[str, str]:
    """A label in «» in Vietnamese and in English; *fallback* (an id) where it has no text."""
    if label is None:
        return fallback, fallback
    vi, en = label.text("vi"), label.text("en")
    return (f"«{vi}»" if vi else fallback), (f"«{en}»" if en else fallback)


def _fmt(number: Decimal) -> str:
    """Print a Decimal without exponent or trailing zeros."""
    text = format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")
    return text


def _check_kind(rule: object, ctx: RuleContext, path: str, indicator: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """Problems if *indicator* is unknown or not one of the *kinds* of indicator."""
    declared = ctx.indicator_types.get(indicator)
    if declared is None:
        hint = ctx.suggest(indicator)
        return [(Message("ruleset.unknown_ref", what=Message("noun.indicator"), ref=indicator, hint=hint), f"{path}.indicator")]
    if declared not in kinds:
        message = Message("rule.needs_kind", rule=type(rule).__name__.lower(), expected=either(kinds), id=indicator, declared=declared)
        return [(message, path)]
    return []


@frozen(kw_only=True)
class RuleContext:
    """What a rule may check itself against at load time."""

    indicator_types: Mapping[str, str]
    indicator_options: Mapping[str, tuple[str, ...]]
    max_points: Decimal

    def suggest(self, name: str) -> str:
        """A "did you mean" suffix for an unknown indicator id."""
        import difflib

        return did_you_mean(difflib.get_close_matches(name, list(self.indicator_types), n=1))


class _RuleBase:
    """
    Behaviour shared by every rule kind: what it reads, its checks and its words.

    A rule is data. Its points are computed in one place, the ruleset's compiled
    plan (:mod:`indicator_index._plan`), which turns each rule kind into a closure.
    """

    kind: ClassVar[str]
    needs_stats: ClassVar[bool] = False
    # Whether the rule's points are the ruleset's own numbers or their products, so that they
    # have at most 24 decimal places whatever the inputs and never need settling. A rule that
    # divides, or multiplies an input (which may carry any number of places), is settled.
    exact: ClassVar[bool] = True

    def indicator_ids(self) -> tuple[str, ...]:
        """The ids of the indicators the rule reads, in order."""
        return (self.indicator,)  # type: ignore[attr-defined]

    def missing(self, values: Values) -> tuple[str, ...]:
        """The indicators the rule needs that *values* lacks; empty when it can be scored."""
        return tuple([i for i in self.indicator_ids() if i not in values])

    def stats_indicators(self) -> tuple[str, ...]:
        """The indicators whose lowest and highest value in the group the rule compares with."""
        return self.indicator_ids() if self.needs_stats else ()

    def rule_max(self, max_points: Decimal) -> Decimal:
        """The most the rule can give on a criterion worth *max_points*."""
        return max_points

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        """Every problem with the rule, as (message, key path), checked against the ruleset's indicators and the criterion's maximum."""
        raise NotImplementedError

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        """
        The rule in words, in Vietnamese and English, on a criterion worth *max_points*.

        Args:
            max_points: The maximum the rule is described on.
            names: Looks up an indicator's label by id (such as
                ``lambda i: ruleset.indicator(i).label``); the Vietnamese text then
                names each indicator by its Vietnamese label and the English text by
                its English one, in «». Without it, indicators are named by id.
        """
        raise NotImplementedError


@frozen(kw_only=True)
class Proportional(_RuleBase):
    """
    Points = ratio × max (rule type 1): a ratio indicator in [0, 1] times the maximum.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "proportional"
    exact: ClassVar[bool] = False
    indicator: str

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        return _check_kind(self, ctx, path, self.indicator, ("ratio",))

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        m = _fmt(max_points)
        vi, en = _named(names, self.indicator)
        return RuleText(vi=f"điểm = tỷ lệ {vi} × {m}", en=f"points = ratio {en} × {m}")


@frozen(kw_only=True)
class Ratio(_RuleBase):
    """
    Points = numerator ÷ denominator × max (rule type 2), the quotient kept within [0, 1].

    Args:
        numerator: A count or number indicator.
        denominator: A count or number indicator.
        when_denominator_zero: ``"full"`` (max points), ``"zero"`` or
            ``"not_applicable"`` (the criterion leaves the agency's denominator).

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "ratio"
    exact: ClassVar[bool] = False
    numerator: str
    denominator: str
    when_denominator_zero: Literal["full", "zero", "not_applicable"]

    def indicator_ids(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        out = []
        for name, key in ((self.numerator, "numerator"), (self.denominator, "denominator")):
            for message, _ in _check_kind(self, ctx, path, name, ("count", "number")):
                out.append((message, f"{path}.{key}"))
        return out

    def is_not_applicable(self, values: Values) -> bool:
        """Whether the declared result for a zero denominator is "not applicable"."""
        return self.when_denominator_zero == "not_applicable" and values.get(self.denominator) == ZERO

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        m = _fmt(max_points)
        zero_vi = {"full": "đủ điểm", "zero": "0 điểm", "not_applicable": "không áp dụng"}[self.when_denominator_zero]
        zero_en = {"full": "full points", "zero": "0 points", "not_applicable": "not applicable"}[self.when_denominator_zero]
        (num_vi, num_en), (den_vi, den_en) = _named(names, self.numerator), _named(names, self.denominator)
        return RuleText(
            vi=f"điểm = {num_vi} ÷ {den_vi} × {m} (tối đa 1); mẫu số bằng 0: {zero_vi}",
            en=f"points = {num_en} ÷ {den_en} × {m} (capped at 1); zero denominator: {zero_en}",
        )


@frozen(kw_only=True)
class Relative(_RuleBase):
    """
    Points relative to the best value in the agency's group (rule type 3).

    ``higher``: value ÷ highest × max; ``lower``: lowest ÷ value × max (a value
    of 0 is then the best and earns full points).

    Args:
        indicator: A count, number or ratio indicator.
        direction: ``"higher"`` or ``"lower"`` is better.
        when_best_is_zero: For ``higher``, the result when every value in the
            group is 0: ``"zero"`` or ``"full"``.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "relative"
    exact: ClassVar[bool] = False
    needs_stats: ClassVar[bool] = True
    indicator: str
    direction: Direction = "higher"
    when_best_is_zero: Literal["zero", "full"] = "zero"

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        return _check_kind(self, ctx, path, self.indicator, ("ratio", "count", "number"))

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        m = _fmt(max_points)
        vi, en = _named(names, self.indicator)
        if self.direction == "higher":
            return RuleText(
                vi=f"điểm = {vi} ÷ giá trị cao nhất trong nhóm × {m}",
                en=f"points = {en} ÷ the highest value in the group × {m}",
            )
        return RuleText(
            vi=f"điểm = giá trị thấp nhất trong nhóm ÷ {vi} × {m}",
            en=f"points = the lowest value in the group ÷ {en} × {m}",
        )


@frozen(kw_only=True)
class MinMax(_RuleBase):
    """
    Min–max normalisation within the group (rule type 4): the best value earns
    max, the worst 0, the rest in proportion.

    Args:
        indicator: A count, number or ratio indicator.
        direction: ``"higher"`` or ``"lower"`` is better.
        when_all_equal: The result when every value in the group is the same:
            ``"full"`` or ``"zero"``.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "min_max"
    exact: ClassVar[bool] = False
    needs_stats: ClassVar[bool] = True
    indicator: str
    direction: Direction = "higher"
    when_all_equal: Literal["full", "zero"] = "full"

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        return _check_kind(self, ctx, path, self.indicator, ("ratio", "count", "number"))

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        m = _fmt(max_points)
        vi, en = _named(names, self.indicator)
        if self.direction == "higher":
            return RuleText(
                vi=f"điểm = ({vi} − thấp nhất) ÷ (cao nhất − thấp nhất) trong nhóm × {m}",
                en=f"points = ({en} − lowest) ÷ (highest − lowest) in the group × {m}",
            )
        return RuleText(
            vi=f"điểm = (cao nhất − {vi}) ÷ (cao nhất − thấp nhất) trong nhóm × {m}",
            en=f"points = (highest − {en}) ÷ (highest − lowest) in the group × {m}",
        )


@frozen(kw_only=True)
class Tier:
    """
    One step of a :class:`Tiers` rule: a threshold and the points it earns.

    Exactly one of *at_least* (higher is better) and *at_most* (lower is
    better) is given; every tier of a rule uses the same one.

    .. versionadded:: 0.1.0
    """

    points: Decimal = field(converter=as_decimal)
    at_least: Decimal | None = field(default=None, converter=as_optional_decimal)
    at_most: Decimal | None = field(default=None, converter=as_optional_decimal)

    @property
    def threshold(self) -> Decimal:
        """The tier's threshold, whichever side it bounds."""
        value = self.at_least if self.at_least is not None else self.at_most
        assert value is not None
        return value


@frozen(kw_only=True)
class Tiers(_RuleBase):
    """
    Threshold tiers (rule type 5): the first tier the value reaches earns its
    points; a value below every tier earns *otherwise* (0 by default).

    Tiers are listed best first: ``at_least`` thresholds strictly decreasing,
    ``at_most`` thresholds strictly increasing, points never increasing.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "tiers"
    indicator: str
    tiers: tuple[Tier, ...] = field(converter=as_tuple)
    otherwise: Decimal = field(default=ZERO, converter=as_decimal)

    @property
    def direction(self) -> Direction:
        """``"higher"`` for ``at_least`` tiers, ``"lower"`` for ``at_most`` tiers."""
        return "higher" if self.tiers and self.tiers[0].at_least is not None else "lower"

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        out = _check_kind(self, ctx, path, self.indicator, ("ratio", "count", "number"))
        if not self.tiers:
            return [*out, (Message("rule.no_tier"), f"{path}.tiers")]
        higher = self.tiers[0].at_least is not None
        previous: Tier | None = None
        for i, tier in enumerate(self.tiers):
            where = f"{path}.tiers[{i}]"
            if (tier.at_least is None) == (tier.at_most is None):
                out.append((Message("rule.tier_one_bound"), where))
                continue
            if (tier.at_least is not None) != higher:
                out.append((Message("rule.tier_bound"), where))
                continue
            if not ZERO <= tier.points <= ctx.max_points:
                out.append((Message("rule.tier_points", max=_fmt(ctx.max_points), value=_fmt(tier.points)), f"{where}.points"))
            if previous is not None:
                if higher and not tier.threshold < previous.threshold:
                    message = Message("rule.at_least_order", value=_fmt(tier.threshold), previous=_fmt(previous.threshold))
                    out.append((message, f"{where}.at_least"))
                if not higher and not tier.threshold > previous.threshold:
                    message = Message("rule.at_most_order", value=_fmt(tier.threshold), previous=_fmt(previous.threshold))
                    out.append((message, f"{where}.at_most"))
                if tier.points > previous.points:
                    out.append((Message("rule.tier_points_order", value=_fmt(tier.points), previous=_fmt(previous.points)), f"{where}.points"))
            previous = tier
        last = self.tiers[-1].points
        if not ZERO <= self.otherwise <= last:
            out.append((Message("rule.otherwise", last=_fmt(last), value=_fmt(self.otherwise)), f"{path}.otherwise"))
        return out

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        op = "≥" if self.direction == "higher" else "≤"
        show = _percent if _is_ratio(names, self.indicator) else _fmt  # a ratio's thresholds as the act writes them
        steps = ", ".join(f"{op} {show(t.threshold)} → {_fmt(t.points)}" for t in self.tiers)
        vi, en = _named(names, self.indicator)
        return RuleText(
            vi=f"bậc theo {vi}: {steps}; còn lại → {_fmt(self.otherwise)}",
            en=f"tiers on {en}: {steps}; otherwise → {_fmt(self.otherwise)}",
        )


@frozen(kw_only=True)
class YesNo(_RuleBase):
    """
    Yes/no (rule type 6): *if_yes* points (the maximum by default) or *if_no*.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "yes_no"
    indicator: str
    if_yes: Decimal | None = field(default=None, converter=as_optional_decimal)
    if_no: Decimal = field(default=ZERO, converter=as_decimal)

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        out = _check_kind(self, ctx, path, self.indicator, ("yes_no",))
        for key, value in (("if_yes", self.if_yes), ("if_no", self.if_no)):
            if value is not None and not ZERO <= value <= ctx.max_points:
                out.append((Message("rule.key_within", key=key, max=_fmt(ctx.max_points), value=_fmt(value)), f"{path}.{key}"))
        return out

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        yes = _fmt(max_points if self.if_yes is None else self.if_yes)
        no = _fmt(self.if_no)
        vi, en = _named(names, self.indicator)
        return RuleText(vi=f"{vi}: có → {yes}, không → {no}", en=f"{en}: yes → {yes}, no → {no}")


@frozen(kw_only=True)
class Choice(_RuleBase):
    """
    One of a list (rule type 7): each option earns its *points*, or its
    *fraction_by_option* of the maximum; exactly one of the two tables is given and it
    names every option of the indicator.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "choice"
    indicator: str
    points_by_option: FrozenDict | None = field(default=None, converter=optional_frozen_dict)
    fraction_by_option: FrozenDict | None = field(default=None, converter=optional_frozen_dict)

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        out = _check_kind(self, ctx, path, self.indicator, ("choice",))
        if (self.points_by_option is None) == (self.fraction_by_option is None):
            return [*out, (Message("rule.choice_table"), path)]
        table = self.points_by_option if self.points_by_option is not None else self.fraction_by_option
        key = "points_by_option" if self.points_by_option is not None else "fraction_by_option"
        assert table is not None
        limit = ctx.max_points if key == "points_by_option" else ONE
        for option, value in table.items():
            if not ZERO <= value <= limit:
                out.append((Message("rule.option_within", option=option, limit=_fmt(limit), value=_fmt(value)), f"{path}.{key}.{option}"))
        options = ctx.indicator_options.get(self.indicator)
        if options is not None:
            for option in options:
                if option not in table:
                    out.append((Message("rule.option_no_points", option=option, indicator=self.indicator), f"{path}.{key}"))
            for option in table:
                if option not in options:
                    out.append((Message("rule.not_an_option", option=option, indicator=self.indicator), f"{path}.{key}.{option}"))
        return out

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        if self.points_by_option is not None:
            points = {k: _fmt(v) for k, v in self.points_by_option.items()}
        else:
            assert self.fraction_by_option is not None
            points = {k: _fmt(v * max_points) for k, v in self.fraction_by_option.items()}
        options = {k: _option_named(names, self.indicator, k) for k in points}
        parts_vi = ", ".join(f"{options[k][0]} → {p}" for k, p in points.items())
        parts_en = ", ".join(f"{options[k][1]} → {p}" for k, p in points.items())
        vi, en = _named(names, self.indicator)
        return RuleText(vi=f"theo lựa chọn {vi}: {parts_vi}", en=f"by option of {en}: {parts_en}")


@frozen(kw_only=True)
class PerItem(_RuleBase):
    """
    Per item with a cap (rule type 8): *points_per_item* for each item counted,
    at most the criterion's maximum.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "per_item"
    exact: ClassVar[bool] = False
    indicator: str
    points_per_item: Decimal = field(converter=as_decimal)

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        out = _check_kind(self, ctx, path, self.indicator, ("count",))
        if self.points_per_item <= ZERO:
            out.append((Message("rule.per_item_positive", value=_fmt(self.points_per_item)), f"{path}.points_per_item"))
        return out

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        p, m = _fmt(self.points_per_item), _fmt(max_points)
        vi, en = _named(names, self.indicator)
        return RuleText(
            vi=f"{p} điểm cho mỗi {vi}, tối đa {m}",
            en=f"{p} {'point' if self.points_per_item == 1 else 'points'} per {en}, at most {m}",
        )


@frozen(kw_only=True)
class Part:
    """
    One sub-criterion of a :class:`SumOf` or alternative of a :class:`BestOf`.

    .. versionadded:: 0.1.0
    """

    id: str
    max_points: Decimal = field(converter=as_decimal)
    rule: Rule
    label: str = ""


def _part_name(part: Part, names: Names | None) -> str:
    """
    How a rule text introduces a part: ``"id: "`` in the id form (without *names*), nothing in words for people.

    A part's id is internal (often the id of the indicator it reads), and its label is one string in no
    declared language; the part's own text already names its indicators by label in the text's language.
    """
    return f"{part.id}: " if names is None else ""


def _parts_problems(parts: tuple[Part, ...], ctx: RuleContext, path: str, key: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    if not parts:
        out.append((Message("rule.needs_entry", key=key), f"{path}.{key}"))
    for i, part in enumerate(parts):
        where = f"{path}.{key}[{i}]"
        if nfc(part.id) in seen:
            out.append((Message("rule.duplicate_part", id=part.id), f"{where}.id"))
        seen.add(nfc(part.id))
        if part.max_points < ZERO:
            out.append((Message("rule.part_max_nonneg", value=_fmt(part.max_points)), f"{where}.max_points"))
            continue
        sub = RuleContext(indicator_types=ctx.indicator_types, indicator_options=ctx.indicator_options, max_points=part.max_points)
        out.extend(part.rule.problems(sub, f"{where}.rule"))
    return out


@frozen(kw_only=True)
class SumOf(_RuleBase):
    """
    Sum of parts (rule types 9 and 11): the parts' points added up, capped at
    *cap* when one is given. The criterion's maximum must equal *cap*, or the
    sum of the parts' maxima when there is no cap.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "sum"
    exact: ClassVar[bool] = False
    parts: tuple[Part, ...] = field(converter=as_tuple)
    cap: Decimal | None = field(default=None, converter=as_optional_decimal)

    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for p in self.parts for i in p.rule.indicator_ids()))

    def missing(self, values: Values) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for p in self.parts for i in p.rule.missing(values)))

    def stats_indicators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for p in self.parts for i in p.rule.stats_indicators()))

    @property
    def needs_stats(self) -> bool:  # type: ignore[override]
        """Whether any part compares with the group."""
        return any(p.rule.needs_stats for p in self.parts)

    def rule_max(self, max_points: Decimal) -> Decimal:
        return self.cap if self.cap is not None else sum((p.max_points for p in self.parts), ZERO)

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        out = _parts_problems(self.parts, ctx, path, "parts")
        total = sum((p.max_points for p in self.parts), ZERO)
        if self.cap is not None:
            if self.cap <= ZERO:
                out.append((Message("rule.cap_positive", value=_fmt(self.cap)), f"{path}.cap"))
            elif self.cap > total:
                out.append((Message("rule.cap_exceeds", cap=_fmt(self.cap), total=_fmt(total)), f"{path}.cap"))
        if self.rule_max(ctx.max_points) != ctx.max_points:
            if self.cap is not None:
                message = Message("rule.cap_must_equal", cap=_fmt(self.cap), max=_fmt(ctx.max_points))
            else:
                message = Message("rule.parts_must_equal", total=_fmt(total), max=_fmt(ctx.max_points))
            out.append((message, path))
        return out

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        texts = [(_part_name(p, names), p.rule.describe(p.max_points, names)) for p in self.parts]
        vi = " + ".join(f"[{i}{t.vi}]" for i, t in texts)
        en = " + ".join(f"[{i}{t.en}]" for i, t in texts)
        cap = "" if self.cap is None else f" (≤ {_fmt(self.cap)})"
        return RuleText(vi=f"tổng{cap}: {vi}", en=f"sum{cap}: {en}")


@frozen(kw_only=True)
class BestOf(_RuleBase):
    """
    The best of several alternatives (rule type 10): each alternative is scored
    on the criterion's maximum and the highest counts. Alternatives whose
    inputs are missing are skipped; all missing makes the criterion missing.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "best_of"
    exact: ClassVar[bool] = False
    alternatives: tuple[Part, ...] = field(converter=as_tuple)

    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for p in self.alternatives for i in p.rule.indicator_ids()))

    def missing(self, values: Values) -> tuple[str, ...]:
        gaps = [p.rule.missing(values) for p in self.alternatives]
        if any(not gap for gap in gaps):
            return ()
        return tuple(dict.fromkeys(i for gap in gaps for i in gap))

    def stats_indicators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for p in self.alternatives for i in p.rule.stats_indicators()))

    @property
    def needs_stats(self) -> bool:  # type: ignore[override]
        """Whether any alternative compares with the group."""
        return any(p.rule.needs_stats for p in self.alternatives)

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        out = _parts_problems(self.alternatives, ctx, path, "alternatives")
        for i, part in enumerate(self.alternatives):
            if part.max_points != ctx.max_points:
                out.append(
                    (
                        Message("rule.alternative_max", value=_fmt(part.max_points), max=_fmt(ctx.max_points)),
                        f"{path}.alternatives[{i}].max_points",
                    )
                )
        return out

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        texts = [(_part_name(p, names), p.rule.describe(max_points, names)) for p in self.alternatives]
        vi = " | ".join(f"[{i}{t.vi}]" for i, t in texts)
        en = " | ".join(f"[{i}{t.en}]" for i, t in texts)
        return RuleText(vi=f"cao nhất trong các phương án: {vi}", en=f"best of: {en}")


@frozen(kw_only=True)
class Info(_RuleBase):
    """
    Listed but not scored (rule type 12): the criterion's maximum must be 0;
    its indicator, if any, is recorded in the trace.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "info"
    indicator: str | None = None

    def indicator_ids(self) -> tuple[str, ...]:
        return () if self.indicator is None else (self.indicator,)

    def missing(self, values: Values) -> tuple[str, ...]:
        return ()

    def problems(self, ctx: RuleContext, path: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self.indicator is not None and self.indicator not in ctx.indicator_types:
            message = Message("ruleset.unknown_ref", what=Message("noun.indicator"), ref=self.indicator, hint=ctx.suggest(self.indicator))
            out.append((message, f"{path}.indicator"))
        if ctx.max_points != ZERO:
            out.append((Message("rule.info_max", value=_fmt(ctx.max_points)), path))
        return out

    def describe(self, max_points: Decimal, names: Names | None = None) -> RuleText:
        return RuleText(vi="liệt kê, không tính điểm", en="listed, not scored")


Rule = Union[  # noqa: UP007 - a runtime Union object that cattrs dispatches on
    Proportional, Ratio, Relative, MinMax, Tiers, YesNo, Choice, PerItem, SumOf, BestOf, Info
]
"""Any one of the rule kinds."""

RULE_KINDS: Mapping[str, type] = {cls.kind: cls for cls in (Proportional, Ratio, Relative, MinMax, Tiers, YesNo, Choice, PerItem, SumOf, BestOf, Info)}
