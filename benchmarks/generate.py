"""
The benchmark's inputs: a ~100-criterion ruleset of mixed rule kinds, the
straight-line Python functions that score it (``score_rows``, doing the
engine's work; ``score_cohort``, a lighter variant), and generated cohorts.

Run ``python benchmarks/generate.py`` to (re)write ``benchmarks/bench-100.toml``
and ``benchmarks/baseline.py`` from the design below. Both files are committed
so that they can be read and reviewed; ``run.py`` checks on every run that the
engine and the baseline give the same totals, bands and ranks.

The design is deterministic (a seeded ``random.Random``): 10 sections of 10
criteria (each section worth 10 points) plus one listed-not-scored criterion,
3 agency groups (two sections apply to some groups only, and two criteria have
a group-specific maximum), every rule kind, the three missing-data policies'
``zero`` and ``exclude``, excludable criteria, "not applicable" ratios, and 3
bonus and 3 penalty items with caps.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


HERE = Path(__file__).resolve().parent
RULESET_PATH = HERE / "bench-100.toml"
BASELINE_PATH = HERE / "baseline.py"
SEED = 448

D = Decimal
SECTION_MAXIMA = (D("1.5"), D(1), D(1), D(1), D("0.5"), D(1), D(1), D(1), D(1), D(1))
# 100 rule kinds, shuffled over the criteria.
KIND_COUNTS = {
    "proportional": 18,
    "ratio": 16,
    "tiers": 14,
    "yes_no": 10,
    "relative": 10,
    "choice": 8,
    "per_item": 8,
    "min_max": 8,
    "sum": 4,
    "best_of": 4,
}
GROUPS = (
    ("department", "Sở, ban, ngành", "Departments", D(90)),
    ("commune", "UBND xã", "Commune People's Committees", D(90)),
    ("district", "UBND quận, huyện", "District People's Committees", None),
)
SECTION_GROUPS = {9: ("department", "district"), 10: ("commune", "district")}
OPTIONS = ("a", "b", "c", "d")


@dataclass
class Item:
    """One criterion, bonus or penalty of the design."""

    id: str
    section: str
    max: Decimal
    kind: str
    rule: dict[str, object]
    indicators: dict[str, str]  # id -> type
    missing: str | None = None
    excludable: bool = False
    by_group: dict[str, Decimal] = field(default_factory=dict)
    groups: tuple[str, ...] | None = None


@dataclass
class Design:
    """The benchmark ruleset, as data both emitters read."""

    criteria: list[Item]
    bonuses: list[Item]
    penalties: list[Item]
    sections: list[tuple[str, tuple[str, ...] | None]]


def _rule(kind: str, n: int, base: str, m: Decimal) -> tuple[dict[str, object], dict[str, str]]:
    """The rule table and the indicators of criterion number *n* of *kind* on maximum *m*."""
    if kind == "proportional":
        return {"kind": "proportional", "indicator": base}, {base: "ratio"}
    if kind == "ratio":
        zero = ("not_applicable", "full", "zero")[n % 3]
        return {"kind": "ratio", "numerator": f"{base}n", "denominator": f"{base}d", "when_denominator_zero": zero}, {f"{base}n": "count", f"{base}d": "count"}
    if kind == "relative":
        direction = "lower" if n % 3 == 2 else "higher"
        return {"kind": "relative", "indicator": base, "direction": direction}, {base: "number"}
    if kind == "min_max":
        direction = "lower" if n % 4 == 3 else "higher"
        return {"kind": "min_max", "indicator": base, "direction": direction}, {base: "ratio"}
    if kind == "tiers":
        if n % 4 == 1:
            tiers = [{"at_most": D(1), "points": m}, {"at_most": D(3), "points": m * D("0.5")}, {"at_most": D(6), "points": m * D("0.25")}]
        else:
            tiers = [{"at_least": D(8), "points": m}, {"at_least": D(5), "points": m * D("0.6")}, {"at_least": D(2), "points": m * D("0.3")}]
        return {"kind": "tiers", "indicator": base, "tiers": tiers}, {base: "count"}
    if kind == "yes_no":
        return {"kind": "yes_no", "indicator": base}, {base: "yes_no"}
    if kind == "choice":
        if n % 2:
            return {"kind": "choice", "indicator": base, "fraction_by_option": dict(zip(OPTIONS, (D(1), D("0.6"), D("0.3"), D(0)), strict=True))}, {
                base: "choice"
            }
        return {"kind": "choice", "indicator": base, "points_by_option": dict(zip(OPTIONS, (m, m * D("0.75"), m * D("0.5"), D(0)), strict=True))}, {
            base: "choice"
        }
    if kind == "per_item":
        return {"kind": "per_item", "indicator": base, "points_per_item": m / 4}, {base: "count"}
    if kind == "sum":
        parts = [
            {"id": "share", "max_points": m * D("0.8"), "rule": {"kind": "proportional", "indicator": f"{base}r"}},
            {"id": "items", "max_points": m * D("0.4"), "rule": {"kind": "per_item", "indicator": f"{base}c", "points_per_item": m * D("0.1")}},
        ]
        return {"kind": "sum", "cap": m, "parts": parts}, {f"{base}r": "ratio", f"{base}c": "count"}
    if kind == "best_of":
        alternatives = [
            {"id": "share", "max_points": m, "rule": {"kind": "proportional", "indicator": f"{base}r"}},
            {
                "id": "level",
                "max_points": m,
                "rule": {"kind": "tiers", "indicator": f"{base}c", "tiers": [{"at_least": D(6), "points": m}, {"at_least": D(3), "points": m * D("0.5")}]},
            },
        ]
        return {"kind": "best_of", "alternatives": alternatives}, {f"{base}r": "ratio", f"{base}c": "count"}
    raise ValueError(kind)


def design(seed: int = SEED) -> Design:
    """The benchmark ruleset's design."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    kinds = [k for k, count in KIND_COUNTS.items() for _ in range(count)]
    rng.shuffle(kinds)
    criteria: list[Item] = []
    n = 0
    for s in range(1, 11):
        for j, m in enumerate(SECTION_MAXIMA, start=1):
            kind = kinds[n]
            if s == 1 and j in (1, 2):
                kind = "proportional"  # the two criteria with a group-specific maximum
            cid = f"c{s:02}.{j:02}"
            base = f"i{s:02}_{j:02}"
            rule, indicators = _rule(kind, n, base, m)
            item = Item(id=cid, section=f"s{s:02}", max=m, kind=kind, rule=rule, indicators=indicators)
            if n % 7 == 3:
                item.missing = "exclude"
            if n % 9 == 4:
                item.excludable = True
            if s == 1 and j == 1:
                item.by_group = {"commune": D(1)}
            if s == 1 and j == 2:
                item.by_group = {"commune": D("1.5")}
            criteria.append(item)
            n += 1
    criteria.insert(
        50,
        Item(
            id="c05.11", section="s05", max=D(0), kind="info", rule={"kind": "info", "indicator": "i05_11"}, indicators={"i05_11": "count"}, missing="exclude"
        ),
    )
    bonuses = [
        Item(
            id="B1", section="adj", max=D(3), kind="per_item", rule={"kind": "per_item", "indicator": "b1", "points_per_item": D(1)}, indicators={"b1": "count"}
        ),
        Item(id="B2", section="adj", max=D(2), kind="yes_no", rule={"kind": "yes_no", "indicator": "b2"}, indicators={"b2": "yes_no"}),
        Item(id="B3", section="adj", max=D(2), kind="proportional", rule={"kind": "proportional", "indicator": "b3"}, indicators={"b3": "ratio"}),
    ]
    penalties = [
        Item(
            id="P1", section="adj", max=D(3), kind="per_item", rule={"kind": "per_item", "indicator": "p1", "points_per_item": D(1)}, indicators={"p1": "count"}
        ),
        Item(id="P2", section="adj", max=D(4), kind="yes_no", rule={"kind": "yes_no", "indicator": "p2"}, indicators={"p2": "yes_no"}),
        Item(
            id="P3",
            section="adj",
            max=D(2),
            kind="tiers",
            rule={"kind": "tiers", "indicator": "p3", "tiers": [{"at_least": D(3), "points": D(2)}, {"at_least": D(1), "points": D(1)}]},
            indicators={"p3": "count"},
        ),
    ]
    sections = [(f"s{s:02}", SECTION_GROUPS.get(s)) for s in range(1, 11)] + [("adj", None)]
    return Design(criteria=criteria, bonuses=bonuses, penalties=penalties, sections=sections)


# --- TOML ---------------------------------------------------------------------------------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(type(value))


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else f'"{key}"'


def ruleset_toml(d: Design) -> str:
    """The benchmark ruleset as TOML."""
    out = [
        "# Generated by benchmarks/generate.py: the benchmark ruleset (fictional, ~100 criteria of every rule kind).",
        "# Do not edit by hand; change generate.py and rerun it.",
        "schema_version = 1",
        'id = "bench-100"',
        'version = "1.0.0"',
        'title = { vi = "Bộ chỉ số đo hiệu năng", en = "Benchmark index (100 criteria)" }',
        'description = "A fictional ruleset for the benchmark. Nothing in it is law."',
        "scale = 100",
        'missing = "zero"',
        "bonus_cap = 5",
        "penalty_cap = 6",
        "",
        "[legal_basis]",
        'number = "BENCH-1"',
        'issuer = "indicator-index benchmarks (fictional)"',
        "",
        "[effective]",
        "start = 2024-01-01",
        "",
        "[rounding]",
        "places = 2",
        'mode = "half_up"',
    ]
    for band_id, vi, en, low in (
        ("good", "Tốt", "Good", 80),
        ("fair", "Khá", "Fair", 65),
        ("average", "Trung bình", "Average", 50),
        ("weak", "Yếu", "Weak", 0),
    ):
        out += ["", "[[bands]]", f'id = "{band_id}"', f'label = {{ vi = "{vi}", en = "{en}" }}', f"min = {low}"]
    for group_id, vi, en, total in GROUPS:
        out += ["", "[[groups]]", f'id = "{group_id}"', f'label = {{ vi = "{vi}", en = "{en}" }}']
        if total is not None:
            out.append(f"total = {_toml_value(total)}")
    for number, (section_id, groups) in enumerate(d.sections, start=1):
        out += ["", "[[sections]]", f'id = "{section_id}"', f"number = {number}", f'label = {{ vi = "Mục {number}", en = "Section {number}" }}']
        if groups is not None:
            out.append(f"groups = {_toml_value(list(groups))}")
    indicators: dict[str, str] = {}
    for item in (*d.criteria, *d.bonuses, *d.penalties):
        indicators.update(item.indicators)
    for ind, kind in indicators.items():
        out += ["", "[[indicators]]", f'id = "{ind}"', f'label = {{ en = "Indicator {ind}" }}', f'type = "{kind}"']
        if kind == "number":
            out.append("min = 0")
        if kind == "choice":
            out.append("options = [" + ", ".join(f'{{ id = "{o}", label = {{ en = "Option {o}" }} }}' for o in OPTIONS) + "]")
    for key, items in (("criteria", d.criteria), ("bonuses", d.bonuses), ("penalties", d.penalties)):
        for item in items:
            out += [
                "",
                f"[[{key}]]",
                f'id = "{item.id}"',
                f'section = "{item.section}"',
                f'label = {{ en = "Item {item.id}" }}',
                f"max_points = {_toml_value(item.max)}",
            ]
            if item.by_group:
                out.append(f"max_points_by_group = {_toml_value(item.by_group)}")
            if item.missing:
                out.append(f'missing = "{item.missing}"')
            if item.excludable:
                out.append("excludable = true")
            out.append(f"rule = {_toml_value(item.rule)}")
            out.append('provenance = { status = "reconstructed", citation = "benchmark", method = "generated by benchmarks/generate.py" }')
    return "\n".join(out) + "\n"


# --- The straight-line baseline -------------------------------------------------------------------------------------


class _Consts:
    """Module-level Decimal constants of the baseline, named by value."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, value: Decimal | int) -> str:
        text = format(D(value).normalize(), "f")
        if text not in self.names:
            self.names[text] = "K_" + text.replace(".", "_").replace("-", "m")
        return self.names[text]


def _applies(item: Item, group: str, d: Design) -> bool:
    groups = dict(d.sections)[item.section]
    return groups is None or group in groups


def _criterion_lines(item: Item, group: str, k: _Consts) -> list[str]:
    """Straight-line code adding one criterion's points to its section's sum (``s``) or taking it out of ``amax``."""
    m = item.by_group.get(group, item.max)
    base = item.max
    acc = "s" + item.section[1:]
    exclude = [f"amax -= {k(m)}"] if item.missing == "exclude" else []
    r = item.rule
    lines: list[str] = [f"# {item.id}: {item.kind}, max {m}"]

    def scale(expr: str) -> str:
        return expr if m == base else f"{expr} * {k(m)} / {k(base)}"

    if item.kind == "info":
        return []
    if item.kind in ("proportional", "relative", "min_max", "tiers", "yes_no", "choice", "per_item"):
        ind = r["indicator"]
        lines.append(f'x = v.get("{ind}")')
        body: list[str] = []
        if item.kind == "proportional":
            body = [f"{acc} += {scale(f'x * {k(base)}')}"]
        elif item.kind == "relative":
            body = [f'lo, hi = st["{item.id}"]']
            if r["direction"] == "higher":
                body += ["if hi > ZERO:", f"    {acc} += max(x, ZERO) / hi * {k(base)}"]
            else:
                body += ["if x <= lo:", f"    {acc} += {k(base)}", "elif lo > ZERO:", f"    {acc} += lo / x * {k(base)}"]
        elif item.kind == "min_max":
            body = [f'lo, hi = st["{item.id}"]', "if hi == lo:", f"    {acc} += {k(base)}", "else:"]
            share = "(x - lo)" if r["direction"] == "higher" else "(hi - x)"
            body += [f"    {acc} += {share} / (hi - lo) * {k(base)}"]
        elif item.kind == "tiers":
            op = ">=" if "at_least" in r["tiers"][0] else "<="  # type: ignore[index]
            for n, tier in enumerate(r["tiers"]):  # type: ignore[arg-type]
                threshold = tier.get("at_least", tier.get("at_most"))
                body += [f"{'if' if n == 0 else 'elif'} x {op} {k(threshold)}:", f"    {acc} += {k(tier['points'])}"]
        elif item.kind == "yes_no":
            body = ["if x:", f"    {acc} += {k(base)}"]
        elif item.kind == "choice":
            table = r["points_by_option"] if "points_by_option" in r else {o: f * base for o, f in r["fraction_by_option"].items()}  # type: ignore[union-attr]
            first = True
            for option, pts in table.items():  # type: ignore[union-attr]
                if pts == 0:
                    continue
                body += [f'{"if" if first else "elif"} x == "{option}":', f"    {acc} += {k(pts)}"]
                first = False
        elif item.kind == "per_item":
            body = [f"{acc} += min(x * {k(r['points_per_item'])}, {k(base)})"]  # type: ignore[arg-type]
        lines.append("if x is not None:")
        lines += ["    " + b for b in body]
        if exclude:
            lines += ["else:"] + ["    " + e for e in exclude]
    elif item.kind == "ratio":
        lines += [f'x = v.get("{r["numerator"]}")', f'y = v.get("{r["denominator"]}")']
        lines.append("if x is None or y is None:")
        lines += ["    " + e for e in exclude] or ["    pass"]
        lines.append("elif y == ZERO:")
        zero = r["when_denominator_zero"]
        lines.append(f"    amax -= {k(m)}" if zero == "not_applicable" else f"    {acc} += {k(base)}" if zero == "full" else "    pass")
        lines += ["else:", f"    {acc} += min(x / y, ONE) * {k(base)}"]
    elif item.kind == "sum":
        share, items = r["parts"]  # type: ignore[misc]
        lines += [f'x = v.get("{share["rule"]["indicator"]}")', f'y = v.get("{items["rule"]["indicator"]}")']
        lines.append("if x is None or y is None:")
        lines += ["    " + e for e in exclude] or ["    pass"]
        lines += [
            "else:",
            f"    {acc} += min(x * {k(share['max_points'])} + min(y * {k(items['rule']['points_per_item'])}, {k(items['max_points'])}), {k(base)})",
        ]
    elif item.kind == "best_of":
        share, level = r["alternatives"]  # type: ignore[misc]
        t1, t2 = level["rule"]["tiers"]
        lines += [f'x = v.get("{share["rule"]["indicator"]}")', f'y = v.get("{level["rule"]["indicator"]}")']
        lines.append("if x is None and y is None:")
        lines += ["    " + e for e in exclude] or ["    pass"]
        lines += [
            "else:",
            f"    a = x * {k(base)} if x is not None else None",
            f"    b = ({k(t1['points'])} if y >= {k(t1['at_least'])} else {k(t2['points'])} if y >= {k(t2['at_least'])} else ZERO) if y is not None else None",
            f"    {acc} += a if b is None else b if a is None else max(a, b)",
        ]
    else:  # pragma: no cover
        raise ValueError(item.kind)
    if item.excludable:
        lines = [f'if claims and claims.get("{item.id}"):', f"    amax -= {k(m)}", "else:"] + ["    " + line for line in lines]
    return lines


def _adjustment_lines(item: Item, var: str, k: _Consts) -> list[str]:
    r = item.rule
    ind = r["indicator"]
    lines = [f"# {item.id}: {item.kind}, max {item.max}", f'x = v.get("{ind}")', "if x is not None:"]
    if item.kind == "per_item":
        lines.append(f"    {var} += min(x * {k(r['points_per_item'])}, {k(item.max)})")  # type: ignore[arg-type]
    elif item.kind == "yes_no":
        lines += ["    if x:", f"        {var} += {k(item.max)}"]
    elif item.kind == "proportional":
        lines.append(f"    {var} += x * {k(item.max)}")
    elif item.kind == "tiers":
        for n, tier in enumerate(r["tiers"]):  # type: ignore[arg-type]
            lines += [f"    {'if' if n == 0 else 'elif'} x >= {k(tier['at_least'])}:", f"        {var} += {k(tier['points'])}"]
    else:  # pragma: no cover
        raise ValueError(item.kind)
    return lines


def indicator_order(d: Design) -> list[str]:
    """The indicators in the order ``ruleset_toml`` declares them: the positions of a cohort's rows."""
    indicators: dict[str, str] = {}
    for item in (*d.criteria, *d.bonuses, *d.penalties):
        indicators.update(item.indicators)
    return list(indicators)


def _settled(expr: str) -> str:
    """*expr* settled as the engine settles: rounded once, half-even, to 30 decimal places."""
    return f"({expr}).quantize(P30, rounding=ROUND_HALF_EVEN)"


def _row_criterion_lines(item: Item, group: str, k: _Consts, pos: Mapping[str, int], stat: Mapping[str, int]) -> list[str]:
    """
    Same-work straight-line code for one criterion: values read by position from a row (``r``), and every
    quotient, sum of parts or best alternative settled to 30 places as the engine settles it.
    """
    m = item.by_group.get(group, item.max)
    base = item.max
    acc = "s" + item.section[1:]
    exclude = [f"amax -= {k(m)}"] if item.missing == "exclude" else []
    r = item.rule
    lines: list[str] = [f"# {item.id}: {item.kind}, max {m}"]
    if item.kind == "info":
        return []
    if m != base and item.kind != "proportional":  # pragma: no cover - the design rescales proportional criteria only
        raise NotImplementedError(item.kind)
    if item.kind in ("proportional", "relative", "min_max", "tiers", "yes_no", "choice", "per_item"):
        ind = r["indicator"]
        lines.append(f"x = r[{pos[ind]}]")  # type: ignore[index]
        body: list[str] = []
        if item.kind == "proportional":
            # Inputs of at most 2 places times the maximum: exact, nothing to settle, as the engine knows of a short cohort.
            body = [f"{acc} += x * {k(base)}"] if m == base else [f"{acc} += share(x * {k(base)}, {k(base)}, {k(m)})"]
        elif item.kind == "relative":
            body = [f"lo, hi = st[{stat[item.id]}]"]
            if r["direction"] == "higher":
                body += ["if hi > ZERO:", f"    {acc} += share(x, hi, {k(base)})"]
            else:
                body += ["if x <= lo:", f"    {acc} += {k(base)}", "elif lo > ZERO:", f"    {acc} += share(lo, x, {k(base)})"]
        elif item.kind == "min_max":
            body = [f"lo, hi = st[{stat[item.id]}]", "if hi == lo:", f"    {acc} += {k(base)}", "else:"]
            part = "x - lo" if r["direction"] == "higher" else "hi - x"
            body += [f"    {acc} += share({part}, hi - lo, {k(base)})"]
        elif item.kind == "tiers":
            op = ">=" if "at_least" in r["tiers"][0] else "<="  # type: ignore[index]
            for n, tier in enumerate(r["tiers"]):  # type: ignore[arg-type]
                threshold = tier.get("at_least", tier.get("at_most"))
                body += [f"{'if' if n == 0 else 'elif'} x {op} {k(threshold)}:", f"    {acc} += {k(tier['points'])}"]
        elif item.kind == "yes_no":
            body = ["if x:", f"    {acc} += {k(base)}"]
        elif item.kind == "choice":
            table = r["points_by_option"] if "points_by_option" in r else {o: f * base for o, f in r["fraction_by_option"].items()}  # type: ignore[union-attr]
            first = True
            for option, pts in table.items():  # type: ignore[union-attr]
                if pts == 0:
                    continue
                body += [f'{"if" if first else "elif"} x == "{option}":', f"    {acc} += {k(pts)}"]
                first = False
        elif item.kind == "per_item":
            body = [f"p = x * {k(r['points_per_item'])}", f"{acc} += {k(base)} if p > {k(base)} else p"]  # type: ignore[arg-type]
        lines.append("if x is not None:")
        lines += ["    " + b for b in body]
        if exclude:
            lines += ["else:"] + ["    " + e for e in exclude]
    elif item.kind == "ratio":
        lines += [f"x = r[{pos[r['numerator']]}]", f"y = r[{pos[r['denominator']]}]"]  # type: ignore[index]
        lines.append("if x is None or y is None:")
        lines += ["    " + e for e in exclude] or ["    pass"]
        lines.append("elif y == ZERO:")
        zero = r["when_denominator_zero"]
        lines.append(f"    amax -= {k(m)}" if zero == "not_applicable" else f"    {acc} += {k(base)}" if zero == "full" else "    pass")
        lines += [
            "else:",
            "    q = x / y",
            "    if q >= ONE:",
            f"        {acc} += {k(base)}",
            "    elif q * y == x:",
            f"        {acc} += {_settled(f'q * {k(base)}')}",
            "    else:",
            f"        {acc} += {_settled(f'x * {k(base)} / y')}",
        ]
    elif item.kind == "sum":
        share_part, items = r["parts"]  # type: ignore[misc]
        lines += [f"x = r[{pos[share_part['rule']['indicator']]}]", f"y = r[{pos[items['rule']['indicator']]}]"]
        lines.append("if x is None or y is None:")
        lines += ["    " + e for e in exclude] or ["    pass"]
        lines += [
            "else:",
            f"    p = y * {k(items['rule']['points_per_item'])}",
            f"    t = x * {k(share_part['max_points'])} + ({k(items['max_points'])} if p > {k(items['max_points'])} else p)",
            f"    {acc} += {k(base)} if t > {k(base)} else {_settled('t')}",
        ]
    elif item.kind == "best_of":
        share_part, level = r["alternatives"]  # type: ignore[misc]
        t1, t2 = level["rule"]["tiers"]
        lines += [f"x = r[{pos[share_part['rule']['indicator']]}]", f"y = r[{pos[level['rule']['indicator']]}]"]
        lines.append("if x is None and y is None:")
        lines += ["    " + e for e in exclude] or ["    pass"]
        lines += [
            "else:",
            f"    a = x * {k(base)} if x is not None else None",
            f"    b = ({k(t1['points'])} if y >= {k(t1['at_least'])} else {k(t2['points'])} if y >= {k(t2['at_least'])} else ZERO) if y is not None else None",
            f"    {acc} += {_settled('a if b is None else b if a is None else a if a > b else b')}",
        ]
    else:  # pragma: no cover
        raise ValueError(item.kind)
    if item.excludable:
        lines = [f'if claims and claims.get("{item.id}"):', f"    amax -= {k(m)}", "else:"] + ["    " + line for line in lines]
    return lines


def _row_adjustment_lines(item: Item, var: str, k: _Consts, pos: Mapping[str, int]) -> list[str]:
    r = item.rule
    lines = [f"# {item.id}: {item.kind}, max {item.max}", f"x = r[{pos[r['indicator']]}]", "if x is not None:"]  # type: ignore[index]
    if item.kind == "per_item":
        lines += [f"    p = x * {k(r['points_per_item'])}", f"    {var} += {k(item.max)} if p > {k(item.max)} else p"]  # type: ignore[arg-type]
    elif item.kind == "yes_no":
        lines += ["    if x:", f"        {var} += {k(item.max)}"]
    elif item.kind == "proportional":
        lines.append(f"    {var} += x * {k(item.max)}")
    elif item.kind == "tiers":
        for n, tier in enumerate(r["tiers"]):  # type: ignore[arg-type]
            lines += [f"    {'if' if n == 0 else 'elif'} x >= {k(tier['at_least'])}:", f"        {var} += {k(tier['points'])}"]
    else:  # pragma: no cover
        raise ValueError(item.kind)
    return lines


def same_work_source(d: Design, k: _Consts) -> str:
    """
    The same-work functions: the engine's work written out by hand for this one ruleset. Values are read
    by position from a cohort's rows (tuples), as the batch path reads them; the context is the engine's
    (80 digits, ``ROUND_05UP``); every quotient is settled once to 30 places, and every section's share
    of the scale is settled, as ``indicator_index._arithmetic`` settles them.
    """
    pos = {ind: n for n, ind in enumerate(indicator_order(d))}
    funcs: list[str] = []
    for group, _, _, _ in GROUPS:
        crits = [c for c in d.criteria if _applies(c, group, d)]
        relatives = [c for c in crits if c.kind in ("relative", "min_max")]
        stat = {c.id: n for n, c in enumerate(relatives)}
        full = sum((c.by_group.get(group, c.max) for c in crits if c.kind != "info"), D(0))
        sections = [s for s, g in d.sections if s != "adj" and (g is None or group in g)]
        body = [f"amax = {k(full)}"] + [f"s{s[1:]} = ZERO" for s in sections]
        for c in crits:
            body += _row_criterion_lines(c, group, k, pos, stat)
        body += ["if amax <= ZERO:", "    return None", "base = ZERO"]
        body += [f"base += {_settled(f's{s[1:]} * K_100 / amax')}" for s in sections]
        body += ["bonus = ZERO"]
        for b in d.bonuses:
            body += _row_adjustment_lines(b, "bonus", k, pos)
        body += ["penalty = ZERO"]
        for p in d.penalties:
            body += _row_adjustment_lines(p, "penalty", k, pos)
        body += [
            "if bonus > BONUS_CAP:",
            "    bonus = BONUS_CAP",
            "if penalty > PENALTY_CAP:",
            "    penalty = PENALTY_CAP",
            "t = base + bonus - penalty",
            "if t < ZERO:",
            "    return ZERO",
            "if t > K_100:",
            "    return K_100",
            "return t",
        ]
        funcs.append(f"def _row_score_{group}(r, claims, st):\n    " + "\n    ".join(body) + "\n")
        lines = [f"def _row_stats_{group}(rows, claims):", "    st = []"]
        for c in relatives:
            at = pos[c.rule["indicator"]]  # type: ignore[index]
            if c.excludable:
                lines.append(f'    vals = [r[{at}] for r, c in zip(rows, claims, strict=True) if r[{at}] is not None and not (c and c.get("{c.id}"))]')
            else:
                lines.append(f"    vals = [r[{at}] for r in rows if r[{at}] is not None]")
            lines.append("    st.append((min(vals), max(vals)) if vals else None)")
        lines.append("    return st")
        funcs.append("\n".join(lines) + "\n")
    groups = "".join(f'    "{g}": (_row_score_{g}, _row_stats_{g}),\n' for g, _, _, _ in GROUPS)
    indicators = "".join(f'    "{i}",\n' for i in pos)
    return f"""# --- Same work: rows by position, quotients settled as the engine settles them ---------------------------------------


ENGINE_CONTEXT = Context(prec=80, rounding=ROUND_05UP, traps=[InvalidOperation, DivisionByZero, Overflow, FloatOperation])
P30 = Decimal("1e-30")
INDICATORS = (
{indicators})
\"\"\"The indicator at each position of a row: the engine's order (run.py checks it).\"\"\"


def share(part, whole, points):
    \"\"\"*part* / *whole* * *points* with the division last, settled to 30 places, as the engine's ``share``.\"\"\"
    q = part / whole
    if q * whole == part:
        return (q * points).quantize(P30, rounding=ROUND_HALF_EVEN)
    return (part * points / whole).quantize(P30, rounding=ROUND_HALF_EVEN)


{(chr(10) * 2).join(funcs)}

ROW_GROUPS = {{
{groups}}}


def score_rows(groups, rows, claims):
    \"\"\"
    Totals, bands and ranks of a cohort given as the batch path holds it: a group per agency, a row (tuple of
    values in ``INDICATORS`` order, ``None`` when missing) per agency and its claims (``None`` or criterion -> evidence).
    \"\"\"
    with localcontext(ENGINE_CONTEXT):
        members = {{}}
        for i, group in enumerate(groups):
            members.setdefault(group, []).append(i)
        totals = [None] * len(rows)
        bands = [None] * len(rows)
        ranks = [None] * len(rows)
        for group, idxs in members.items():
            score, stats = ROW_GROUPS[group]
            st = stats([rows[i] for i in idxs], [claims[i] for i in idxs])
            for i in idxs:
                t = score(rows[i], claims[i], st)
                if t is None:
                    continue
                if t.adjusted() < 15:
                    t = t.quantize(NOISE, rounding=ROUND_HALF_EVEN)
                t = t.quantize(CENT, rounding=ROUND_HALF_UP)
                totals[i] = t
                bands[i] = "good" if t >= 80 else "fair" if t >= 65 else "average" if t >= 50 else "weak"
            order = sorted((i for i in idxs if totals[i] is not None), key=totals.__getitem__, reverse=True)
            previous = None
            for position, i in enumerate(order, start=1):
                if totals[i] != previous:
                    rank = position
                    previous = totals[i]
                ranks[i] = rank
    return totals, bands, ranks
"""


def baseline_source(d: Design) -> str:
    """The straight-line baseline module for the design."""
    k = _Consts()
    k(0)
    k(1)
    k(100)
    funcs: list[str] = []
    stats: list[str] = []
    for group, _, _, _ in GROUPS:
        crits = [c for c in d.criteria if _applies(c, group, d)]
        full = sum((c.by_group.get(group, c.max) for c in crits if c.kind != "info"), D(0))
        sections = [s for s, g in d.sections if s != "adj" and (g is None or group in g)]
        body = [f"amax = {k(full)}"] + [f"s{s[1:]} = ZERO" for s in sections]
        for c in crits:
            body += _criterion_lines(c, group, k)
        body += ["if amax <= ZERO:", "    return None", "f = K_100 / amax", "base = " + " + ".join(f"s{s[1:]} * f" for s in sections)]
        body += ["bonus = ZERO"]
        for b in d.bonuses:
            body += _adjustment_lines(b, "bonus", k)
        body += ["penalty = ZERO"]
        for p in d.penalties:
            body += _adjustment_lines(p, "penalty", k)
        body += [
            "if bonus > BONUS_CAP:",
            "    bonus = BONUS_CAP",
            "if penalty > PENALTY_CAP:",
            "    penalty = PENALTY_CAP",
            "t = base + bonus - penalty",
            "if t < ZERO:",
            "    return ZERO",
            "if t > K_100:",
            "    return K_100",
            "return t",
        ]
        funcs.append(f"def _score_{group}(v, claims, st):\n    " + "\n    ".join(body) + "\n")
        relatives = [c for c in crits if c.kind in ("relative", "min_max")]
        lines = [f"def _stats_{group}(records):", "    st = {}"]
        for c in relatives:
            ind = c.rule["indicator"]
            cond = f' and not (c and c.get("{c.id}"))' if c.excludable else ""
            lines += [
                f'    vals = [v["{ind}"] for _, _, v, c in records if v.get("{ind}") is not None{cond}]',
                "    if vals:",
                f'        st["{c.id}"] = (min(vals), max(vals))',
            ]
        lines.append("    return st")
        stats.append("\n".join(lines) + "\n")
    same_work = same_work_source(d, k)  # before the constants are written: it names some of its own
    consts = "\n".join(f'{name} = Decimal("{text}")' for text, name in sorted(k.names.items(), key=lambda kv: kv[1]))
    groups = ", ".join(f'"{g}": (_score_{g}, _stats_{g})' for g, _, _, _ in GROUPS)
    return f'''# ruff: noqa: SIM102, SIM114 - generated: one branch per rule step, as the rule reads
"""
The straight-line baselines: bench-100.toml scored by plain Python, one line per rule.

Generated by benchmarks/generate.py from the same design as bench-100.toml
(do not edit by hand). Each is what one would write by hand for this one
ruleset: no rule objects, no dispatch, constants inline, points on a
criterion's maximum, sections rescaled to 100 over the applicable maximum,
capped bonus and penalty, clamp, round once half-up to 2 places, and
competition ranks per group. There are two:

* ``score_rows`` does the engine's work: it reads values by position from
  rows (tuples), as the batch path's cohort holds them, computes in the
  engine's context (80 digits, ``ROUND_05UP``) and settles every quotient, and
  every section's share of the scale, once to 30 places, as
  ``indicator_index._arithmetic`` does. This is the baseline of the targets.
* ``score_cohort`` is the older, lighter variant: values from string-keyed
  dicts, a 40-digit context, sections rescaled by one factor and nothing
  settled. It does less than the engine must, and is kept as a second,
  labelled reference.

benchmarks/run.py checks that both give the engine's totals, bands and ranks.
"""

from decimal import ROUND_05UP, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, FloatOperation, InvalidOperation, Overflow, localcontext


CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow, FloatOperation])
NOISE = Decimal("1e-24")
CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
BONUS_CAP = Decimal(5)
PENALTY_CAP = Decimal(6)
{consts}


{(chr(10) * 2).join(funcs)}

{(chr(10) * 2).join(stats)}

GROUPS = {{{groups}}}


def score_cohort(records):
    """Totals, bands and ranks of ``(agency, group, values, claims)`` records, in record order."""
    with localcontext(CONTEXT):
        members = {{}}
        for i, record in enumerate(records):
            members.setdefault(record[1], []).append(i)
        totals = [None] * len(records)
        bands = [None] * len(records)
        ranks = [None] * len(records)
        for group, idxs in members.items():
            score, stats = GROUPS[group]
            st = stats([records[i] for i in idxs])
            for i in idxs:
                t = score(records[i][2], records[i][3], st)
                if t is None:
                    continue
                if t.adjusted() < 15:
                    t = t.quantize(NOISE, rounding=ROUND_HALF_EVEN)
                t = t.quantize(CENT, rounding=ROUND_HALF_UP)
                totals[i] = t
                bands[i] = "good" if t >= 80 else "fair" if t >= 65 else "average" if t >= 50 else "weak"
            order = sorted((i for i in idxs if totals[i] is not None), key=totals.__getitem__, reverse=True)
            previous = None
            for position, i in enumerate(order, start=1):
                if totals[i] != previous:
                    rank = position
                    previous = totals[i]
                ranks[i] = rank
    return totals, bands, ranks


{same_work}'''


# --- Cohorts ----------------------------------------------------------------------------------------------------------


Record = tuple[str, str, dict[str, object], dict[str, str]]
"""``(agency id, group id, indicator id -> value, criterion id -> evidence)``."""


def cohort_records(ruleset: object, n: int, seed: int = 1, *, missing_rate: float = 0.005, claim_rate: float = 0.02) -> list[Record]:
    """
    *n* agencies with random values for *ruleset* (any ruleset).

    Each agency has a quality in [0.1, 1] and draws every value near it, so
    that totals spread over every band: ratios to 2 places, counts 0-30,
    numbers within their bounds (0-100 by default) to 1 place, yes with the
    quality's probability, options better or worse in the same way. A value
    is left out with *missing_rate* when every item using it has the ``zero``
    or ``exclude`` policy; an excludable criterion is claimed, with evidence,
    with *claim_rate*. Groups take turns for the first agencies, then are
    drawn at random.
    """
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    rs = ruleset
    groups = [g.id for g in rs.groups]  # type: ignore[attr-defined]
    strict: set[str] = set()
    for item in (*rs.criteria, *rs.bonuses, *rs.penalties):  # type: ignore[attr-defined]
        if (item.missing or rs.missing) == "error":  # type: ignore[attr-defined]
            strict.update(item.rule.indicator_ids())
    ratios = [D(i).scaleb(-2) for i in range(101)]
    counts = [D(i) for i in range(31)]
    numbers = [D(i).scaleb(-1) for i in range(1001)]
    kinds = []
    for ind in rs.indicators:  # type: ignore[attr-defined]
        if ind.type == "number":
            lo = ind.min if ind.min is not None else D(0)
            hi = ind.max if ind.max is not None else D(100)
            pool: list[object] = [v for v in numbers if lo <= v <= hi] or [lo]
        elif ind.type == "choice":
            pool = list(ind.option_ids)[::-1]  # the first option is usually the best
        elif ind.type == "yes_no":
            pool = [False, True]
        else:
            pool = list(ratios if ind.type == "ratio" else counts)
        kinds.append((ind.id, pool, len(pool) - 1, ind.id not in strict))
    excludable = {g: [c.id for c in rs.criteria_for(g) if c.excludable] for g in groups}  # type: ignore[attr-defined]
    out: list[Record] = []
    for i in range(n):
        group = groups[i] if i < len(groups) else rng.choice(groups)
        quality = 0.1 + 0.9 * rng.random()
        values: dict[str, object] = {}
        for ind, pool, top, droppable in kinds:
            if droppable and rng.random() < missing_rate:
                continue
            at = round((quality + rng.gauss(0, 0.25)) * top)
            values[ind] = pool[min(max(at, 0), top)]
        claims = {cid: f"CV {i}/2024" for cid in excludable[group] if rng.random() < claim_rate}
        out.append((f"a{i:06}", group, values, claims))
    return out


def submissions(records: Iterable[Record]) -> Iterable[object]:
    """The records as :class:`~indicator_index.Submission` objects, lazily."""
    from indicator_index import Submission

    for agency, group, values, claims in records:
        yield Submission(agency=agency, group=group, values=values, claims=claims)


def main() -> int:
    d = design()
    RULESET_PATH.write_text(ruleset_toml(d), encoding="utf-8")
    BASELINE_PATH.write_text(baseline_source(d), encoding="utf-8")
    print(f"wrote {RULESET_PATH.name} ({len(d.criteria)} criteria) and {BASELINE_PATH.name} (score_rows, same work; score_cohort, lighter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
