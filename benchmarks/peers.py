"""
The peers: the benchmark ruleset run by GoRules ZEN (a JDM decision graph) and
by simpleeval (one expression per criterion).

Both are built from the same design as ``bench-100.toml`` (``generate.design``)
and score one agency per call, as their users would. What the engines cannot
hold is prepared outside the timed loop, in their favour: the group's lowest
and highest values for the cohort-relative criteria are computed once per
group in Python and passed in, and ranks are not asked of them.

* ZEN computes in decimal (``rust_decimal``, 28 significant digits), but its
  inputs and outputs cross the Python API as binary floats: its totals are
  compared with the engine's within a tolerance.
* simpleeval evaluates Python expressions over the values we pass, so it is
  given ``Decimal`` values and ``Decimal`` constants and must reproduce the
  engine's totals exactly; the glue around the expressions (sections,
  rescaling, bonus, penalty, clamp, rounding) is plain Python, the same as
  the baseline's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from generate import GROUPS, Design, Item, Record, _applies


D = Decimal


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _key(item_id: str) -> str:
    return "c" + item_id[1:].replace(".", "_")


# --- ZEN ----------------------------------------------------------------------------------------------------------------


def _zen_points(item: Item, group: str) -> str:
    """A ZEN expression giving the criterion's points, or null when it does not count."""
    m = item.by_group.get(group, item.max)
    k = _key(item.id)
    miss = "null" if item.missing == "exclude" else "0"
    r = item.rule
    kind = item.kind
    if kind in ("proportional", "relative", "min_max", "tiers", "yes_no", "choice", "per_item"):
        x = r["indicator"]
        if kind == "proportional":
            body = f"{x} * {_num(m)}"
        elif kind == "relative":
            lo, hi = f"lo_{k}", f"hi_{k}"
            if r["direction"] == "higher":
                body = f"{hi} <= 0 ? 0 : max([{x}, 0]) / {hi} * {_num(m)}"
            else:
                body = f"{x} <= {lo} ? {_num(m)} : ({lo} <= 0 ? 0 : {lo} / {x} * {_num(m)})"
        elif kind == "min_max":
            lo, hi = f"lo_{k}", f"hi_{k}"
            share = f"({x} - {lo})" if r["direction"] == "higher" else f"({hi} - {x})"
            body = f"{hi} == {lo} ? {_num(m)} : {share} / ({hi} - {lo}) * {_num(m)}"
        elif kind == "tiers":
            op = ">=" if "at_least" in r["tiers"][0] else "<="  # type: ignore[index]
            body = ""
            for tier in r["tiers"]:  # type: ignore[attr-defined]
                threshold = tier.get("at_least", tier.get("at_most"))
                body += f"{x} {op} {_num(threshold)} ? {_num(tier['points'])} : "
            body += "0"
        elif kind == "yes_no":
            body = f"{x} == true ? {_num(m)} : 0"
        elif kind == "choice":
            table = r["points_by_option"] if "points_by_option" in r else {o: f * m for o, f in r["fraction_by_option"].items()}  # type: ignore[union-attr]
            body = "".join(f"{x} == '{o}' ? {_num(p)} : " for o, p in table.items()) + "0"  # type: ignore[union-attr]
        else:
            body = f"min([{x} * {_num(r['points_per_item'])}, {_num(m)}])"  # type: ignore[arg-type]
        expr = f"{x} == null ? {miss} : ({body})"
    elif kind == "ratio":
        x, y = r["numerator"], r["denominator"]
        zero = {"not_applicable": "null", "full": _num(m), "zero": "0"}[r["when_denominator_zero"]]  # type: ignore[index]
        expr = f"{x} == null or {y} == null ? {miss} : ({y} == 0 ? {zero} : min([{x} / {y}, 1]) * {_num(m)})"
    elif kind == "sum":
        share, items = r["parts"]  # type: ignore[misc]
        x, y = share["rule"]["indicator"], items["rule"]["indicator"]
        body = f"min([{x} * {_num(share['max_points'])} + min([{y} * {_num(items['rule']['points_per_item'])}, {_num(items['max_points'])}]), {_num(m)}])"
        expr = f"{x} == null or {y} == null ? {miss} : ({body})"
    elif kind == "best_of":
        share, level = r["alternatives"]  # type: ignore[misc]
        t1, t2 = level["rule"]["tiers"]
        x, y = share["rule"]["indicator"], level["rule"]["indicator"]
        tiers = f"({y} >= {_num(t1['at_least'])} ? {_num(t1['points'])} : {y} >= {_num(t2['at_least'])} ? {_num(t2['points'])} : 0)"
        expr = f"{x} == null and {y} == null ? {miss} : max([{x} == null ? 0 : {x} * {_num(m)}, {y} == null ? 0 : {tiers}])"
    else:  # pragma: no cover
        raise ValueError(kind)
    if item.excludable:
        expr = f"claims.{k} == true ? null : ({expr})"
    return expr


def _zen_adjustment(item: Item) -> str:
    r = item.rule
    x = r["indicator"]
    if item.kind == "per_item":
        return f"({x} == null ? 0 : min([{x} * {_num(r['points_per_item'])}, {_num(item.max)}]))"  # type: ignore[arg-type]
    if item.kind == "yes_no":
        return f"({x} == true ? {_num(item.max)} : 0)"
    if item.kind == "proportional":
        return f"({x} == null ? 0 : {x} * {_num(item.max)})"
    steps = "".join(f"{x} >= {_num(t['at_least'])} ? {_num(t['points'])} : " for t in r["tiers"])  # type: ignore[attr-defined]
    return f"({x} == null ? 0 : ({steps}0))"


def zen_graph(d: Design, group: str) -> dict[str, Any]:
    """The JDM decision graph scoring one agency of *group*: criteria, then totals."""
    crits = [c for c in d.criteria if _applies(c, group, d) and c.kind != "info"]
    sections = [s for s, g in d.sections if s != "adj" and (g is None or group in g)]
    criteria = [{"id": f"e{n}", "key": _key(c.id), "value": _zen_points(c, group)} for n, c in enumerate(crits)]
    amax = " + ".join(f"({_key(c.id)} == null ? 0 : {_num(c.by_group.get(group, c.max))})" for c in crits)
    totals = [{"id": "amax", "key": "amax", "value": amax}]
    for s in sections:
        members = [c for c in crits if c.section == s]
        totals.append({"id": s, "key": s, "value": " + ".join(f"({_key(c.id)} ?? 0)" for c in members) or "0"})
    totals += [
        {"id": "base", "key": "base", "value": f"$.amax > 0 ? ({' + '.join('$.' + s for s in sections)}) * 100 / $.amax : null"},
        {"id": "bonus", "key": "bonus", "value": "min([" + " + ".join(_zen_adjustment(b) for b in d.bonuses) + ", 5])"},
        {"id": "penalty", "key": "penalty", "value": "min([" + " + ".join(_zen_adjustment(p) for p in d.penalties) + ", 6])"},
        {"id": "total", "key": "total", "value": "$.base == null ? null : round(max([min([$.base + $.bonus - $.penalty, 100]), 0]), 2)"},
    ]
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "in", "name": "agency", "type": "inputNode", "position": {"x": 0, "y": 0}},
            {
                "id": "crit",
                "name": "criteria",
                "type": "expressionNode",
                "position": {"x": 200, "y": 0},
                "content": {"expressions": criteria, "passThrough": True},
            },
            {"id": "tot", "name": "totals", "type": "expressionNode", "position": {"x": 400, "y": 0}, "content": {"expressions": totals, "passThrough": False}},
            {"id": "out", "name": "result", "type": "outputNode", "position": {"x": 600, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "type": "edge", "sourceId": "in", "targetId": "crit"},
            {"id": "e2", "type": "edge", "sourceId": "crit", "targetId": "tot"},
            {"id": "e3", "type": "edge", "sourceId": "tot", "targetId": "out"},
        ],
    }


def _group_stats(d: Design, group: str, records: Sequence[Record]) -> dict[str, Decimal]:
    """``lo_<criterion>`` and ``hi_<criterion>`` for the group's cohort-relative criteria."""
    out: dict[str, Decimal] = {}
    for c in d.criteria:
        if c.kind in ("relative", "min_max") and _applies(c, group, d):
            ind = c.rule["indicator"]
            vals = [v[ind] for _, g, v, cl in records if g == group and v.get(ind) is not None and not cl.get(c.id)]  # type: ignore[call-overload]
            if vals:
                out[f"lo_{_key(c.id)}"], out[f"hi_{_key(c.id)}"] = min(vals), max(vals)
    return out


def _plain(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


class ZenPeer:
    """The benchmark ruleset as three ZEN decision graphs (one per agency group), pre-compiled by the engine."""

    def __init__(self, d: Design) -> None:
        import zen

        self.design = d
        self.graphs = {g: zen_graph(d, g) for g, _, _, _ in GROUPS}
        self.engine = zen.ZenEngine({"loader": {"type": "static", "content": self.graphs}})
        self.decisions = {g: self.engine.create_decision(json.dumps(graph)) for g, graph in self.graphs.items()}

    def contexts(self, records: Sequence[Record], cohort: Sequence[Record] | None = None) -> list[tuple[str, dict[str, Any]]]:
        """
        One (group, context) per record: values as JSON numbers, claims, and the statistics of the record's
        group in *cohort* (the records themselves by default).
        """
        everyone = records if cohort is None else cohort
        stats = {g: {k: float(v) for k, v in _group_stats(self.design, g, everyone).items()} for g, _, _, _ in GROUPS}
        out = []
        for _, group, values, claims in records:
            context = {k: _plain(v) for k, v in values.items()}
            context.update(stats[group])
            context["claims"] = {_key(c): True for c, evidence in claims.items() if evidence}
            out.append((group, context))
        return out

    def evaluate_all(self, contexts: Sequence[tuple[str, dict[str, Any]]]) -> list[float | None]:
        """Every agency's total: one decision evaluation per agency, through the engine's loader cache."""
        evaluate = self.engine.evaluate
        return [evaluate(group, context)["result"]["total"] for group, context in contexts]

    def evaluate_all_batch(self, contexts: Sequence[tuple[str, dict[str, Any]]]) -> list[float | None]:
        """Every agency's total through ZEN's own batch call."""
        results = self.engine.evaluate_batch([{"key": group, "context": context} for group, context in contexts])
        return [r["data"]["result"]["total"] for r in results]

    def evaluate_all_decisions(self, contexts: Sequence[tuple[str, dict[str, Any]]]) -> list[float | None]:
        """Every agency's total through pre-created decision objects."""
        return [self.decisions[group].evaluate(context)["result"]["total"] for group, context in contexts]


# --- simpleeval ---------------------------------------------------------------------------------------------------------


def _py_points(item: Item, group: str) -> str:
    """A Python expression (for simpleeval) giving the criterion's points, or None when it does not count."""
    m = item.by_group.get(group, item.max)
    base = item.max
    k = _key(item.id)
    km = f"K{k}"  # the maximum, a Decimal name (simpleeval would parse a literal as float)
    miss = "None" if item.missing == "exclude" else "ZERO"
    r = item.rule
    kind = item.kind
    if kind in ("proportional", "relative", "min_max", "tiers", "yes_no", "choice", "per_item"):
        x = r["indicator"]
        if kind == "proportional":
            body = f"{x} * B{k}" if m == base else f"{x} * B{k} * {km} / B{k}"
        elif kind == "relative":
            lo, hi = f"lo_{k}", f"hi_{k}"
            if r["direction"] == "higher":
                body = f"ZERO if {hi} <= 0 else max({x}, ZERO) / {hi} * {km}"
            else:
                body = f"{km} if {x} <= {lo} else (ZERO if {lo} <= 0 else {lo} / {x} * {km})"
        elif kind == "min_max":
            lo, hi = f"lo_{k}", f"hi_{k}"
            share = f"({x} - {lo})" if r["direction"] == "higher" else f"({hi} - {x})"
            body = f"{km} if {hi} == {lo} else {share} / ({hi} - {lo}) * {km}"
        elif kind == "tiers":
            op = ">=" if "at_least" in r["tiers"][0] else "<="  # type: ignore[index]
            body = ""
            for n, _tier in enumerate(r["tiers"]):  # type: ignore[arg-type]
                body += f"T{k}_{n}p if {x} {op} T{k}_{n} else "
            body += "ZERO"
        elif kind == "yes_no":
            body = f"{km} if {x} else ZERO"
        elif kind == "choice":
            body = "".join(f"O{k}_{o} if {x} == '{o}' else " for o in ("a", "b", "c")) + "ZERO"
        else:
            body = f"min({x} * P{k}, {km})"
        expr = f"{miss} if {x} is None else ({body})"
    elif kind == "ratio":
        x, y = r["numerator"], r["denominator"]
        zero = {"not_applicable": "None", "full": km, "zero": "ZERO"}[r["when_denominator_zero"]]  # type: ignore[index]
        expr = f"{miss} if {x} is None or {y} is None else ({zero} if {y} == 0 else min({x} / {y}, 1) * {km})"
    elif kind == "sum":
        x, y = r["parts"][0]["rule"]["indicator"], r["parts"][1]["rule"]["indicator"]  # type: ignore[index]
        expr = f"{miss} if {x} is None or {y} is None else min({x} * S{k}_1 + min({y} * S{k}_p, S{k}_2), {km})"
    elif kind == "best_of":
        x, y = r["alternatives"][0]["rule"]["indicator"], r["alternatives"][1]["rule"]["indicator"]  # type: ignore[index]
        tiers = f"(T{k}_0p if {y} >= T{k}_0 else T{k}_1p if {y} >= T{k}_1 else ZERO)"
        expr = f"{miss} if {x} is None and {y} is None else ({x} * {km} if {y} is None else {tiers} if {x} is None else max({x} * {km}, {tiers}))"
    else:  # pragma: no cover
        raise ValueError(kind)
    if item.excludable:
        expr = f"None if claimed_{k} else ({expr})"
    return expr


def _py_constants(item: Item, group: str) -> dict[str, Decimal]:
    """The Decimal names an item's expression uses."""
    k = _key(item.id)
    r = item.rule
    out = {f"K{k}": item.by_group.get(group, item.max), f"B{k}": item.max}
    if item.kind == "tiers":
        for n, tier in enumerate(r["tiers"]):  # type: ignore[arg-type]
            out[f"T{k}_{n}"] = tier.get("at_least", tier.get("at_most"))
            out[f"T{k}_{n}p"] = tier["points"]
    if item.kind == "choice":
        table = r["points_by_option"] if "points_by_option" in r else {o: f * item.max for o, f in r["fraction_by_option"].items()}  # type: ignore[union-attr]
        out.update({f"O{k}_{o}": p for o, p in table.items()})  # type: ignore[union-attr]
    if item.kind == "per_item":
        out[f"P{k}"] = r["points_per_item"]  # type: ignore[assignment]
    if item.kind == "sum":
        share, items = r["parts"]  # type: ignore[misc]
        out.update({f"S{k}_1": share["max_points"], f"S{k}_2": items["max_points"], f"S{k}_p": items["rule"]["points_per_item"]})
    if item.kind == "best_of":
        for n, tier in enumerate(r["alternatives"][1]["rule"]["tiers"]):  # type: ignore[index]
            out[f"T{k}_{n}"] = tier["at_least"]
            out[f"T{k}_{n}p"] = tier["points"]
    return out


class SimpleEvalPeer:
    """The benchmark ruleset as one simpleeval expression per criterion, each parsed once."""

    def __init__(self, d: Design, context: Any) -> None:
        from simpleeval import SimpleEval

        self.design = d
        self.context = context
        self.evaluator = SimpleEval(functions={"min": min, "max": max})
        indicators: set[str] = set()
        for item in (*d.criteria, *d.bonuses, *d.penalties):
            indicators.update(item.indicators)
        self.plans: dict[str, tuple[dict[str, object], list[tuple[str, Any, str, Decimal]], list[str]]] = {}
        for group, _, _, _ in GROUPS:
            crits = [c for c in d.criteria if _applies(c, group, d) and c.kind != "info"]
            names: dict[str, object] = dict.fromkeys(indicators)
            names["ZERO"] = D(0)
            compiled = []
            for c in crits:
                names.update(_py_constants(c, group))
                if c.excludable:
                    names[f"claimed_{_key(c.id)}"] = False
                expr = _py_points(c, group)
                compiled.append((expr, self.evaluator.parse(expr), c.section, c.by_group.get(group, c.max)))
            sections = [s for s, g in d.sections if s != "adj" and (g is None or group in g)]
            self.plans[group] = (names, compiled, sections)

    def score_all(self, records: Sequence[Record], cohort: Sequence[Record] | None = None) -> list[Decimal | None]:
        """Every agency's total, the criteria evaluated by simpleeval, with the statistics of *cohort* (the records by default)."""
        evaluate = self.evaluator.eval
        out: list[Decimal | None] = []
        with localcontext(self.context):
            everyone = records if cohort is None else cohort
            stats = {g: _group_stats(self.design, g, everyone) for g, _, _, _ in GROUPS}
            for _, group, values, claims in records:
                base_names, compiled, sections = self.plans[group]
                names = {**base_names, **stats[group], **values}
                for c in claims:
                    names[f"claimed_{_key(c)}"] = True
                self.evaluator.names = names
                amax = D(0)
                sums = dict.fromkeys(sections, D(0))
                for expr, parsed, section, top in compiled:
                    p = evaluate(expr, previously_parsed=parsed)
                    if p is not None:
                        sums[section] += p
                        amax += top
                out.append(_finish(sums, amax, values))
        return out


def _finish(sums: dict[str, Decimal], amax: Decimal, v: dict[str, object]) -> Decimal | None:
    """Rescale, add the capped bonus, take the capped penalty, clamp and round: the benchmark ruleset's last steps."""
    if amax <= 0:
        return None
    f = D(100) / amax
    base = D(0)
    for s in sums.values():
        base += s * f
    bonus = D(0)
    if v.get("b1") is not None:
        bonus += min(v["b1"] * D(1), D(3))  # type: ignore[operator]
    if v.get("b2"):
        bonus += D(2)
    if v.get("b3") is not None:
        bonus += v["b3"] * D(2)  # type: ignore[operator]
    penalty = D(0)
    if v.get("p1") is not None:
        penalty += min(v["p1"] * D(1), D(3))  # type: ignore[operator]
    if v.get("p2"):
        penalty += D(4)
    p3 = v.get("p3")
    if p3 is not None:
        penalty += D(2) if p3 >= 3 else D(1) if p3 >= 1 else D(0)  # type: ignore[operator]
    t = min(max(base + min(bonus, D(5)) - min(penalty, D(6)), D(0)), D(100))
    if t.adjusted() < 15:
        t = t.quantize(D("1e-24"), rounding=ROUND_HALF_EVEN)
    return t.quantize(D("0.01"), rounding=ROUND_HALF_UP)


Evaluate = Callable[[Sequence[Record]], list[Any]]
