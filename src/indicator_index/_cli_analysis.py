"""
The analysis commands of the ``indicator-index`` command line.

``explain-gap`` (why-not per criterion and the gap to the next band),
``diff`` (what changed between two rulesets), ``impact`` (what that does to
the agencies), ``test`` (a ruleset's test cases) and ``robustness`` (how
stable the ranks are). Every command takes ``--format json|table|markdown``
and the global ``--lang vi|en``. :mod:`indicator_index._cli` registers them
with :func:`add_commands` and runs them with :func:`run`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from indicator_index._display import indicator_value, number
from indicator_index._loading import load_ruleset
from indicator_index._messages import Message
from indicator_index._messages import text as _t
from indicator_index._model import Assessment, Bonus, Criterion, Label, Penalty, Ruleset
from indicator_index._text import match_names
from indicator_index.errors import IndicatorIndexError


# Each command imports the modules it uses when it runs: building the parser loads none of them.
if TYPE_CHECKING:
    from indicator_index._cases import CaseReport
    from indicator_index._diff import Impact, RulesetDiff, RulesetMapping
    from indicator_index._explain import Gap, Shortfall
    from indicator_index._robustness import Robustness


__all__ = [
    "COMMANDS",
    "add_commands",
    "render_diff",
    "render_gap",
    "render_impact",
    "render_robustness",
    "render_test",
    "render_why_not",
    "run",
]

COMMANDS = ("explain-gap", "diff", "impact", "test", "robustness", "compare", "list")
"""The commands this module adds."""
FORMATS = ("table", "json", "markdown")
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


@functools.cache
def _ui() -> dict[str, dict[str, str]]:
    """
    The labels of the analysis reports, from the one catalogue (codes ``"ui.<key>"``), by language;
    read when a report is first rendered, not when the parser is built (``validate`` needs none).
    """
    from indicator_index._messages import CATALOGUE  # the whole catalogue: its other modules load on first use

    return {
        lang: {code.removeprefix("ui."): _t(code, lang) for code in CATALOGUE if code.startswith("ui.") and not code.startswith("ui.collection.")}
        for lang in ("vi", "en")
    }


# The titles of a diff's collections (codes "ui.collection.<name>").
_COLLECTION_TITLES = {
    lang: {name: _t(f"ui.collection.{name}", lang) for name in ("bands", "groups", "sections", "indicators", "criteria", "bonuses", "penalties")}
    for lang in ("vi", "en")
}
_MARKS = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}


class _UsageError(Exception):
    """A name on the command line that is not in the ruleset or data (exit 2)."""


# --- Plain values -------------------------------------------------------------------


def _num(value: Decimal | None, lang: str = "en", rs: Ruleset | None = None) -> str:
    """A number for people (:func:`._display.number`): points at *rs*'s declared places when given."""
    if value is None:
        return "—"
    if rs is None:
        return number(value, None, lang)
    return number(value, rs.rounding.places, lang, rs.rounding.mode)


def _total(value: Decimal | None, lang: str) -> str:
    """A total as published: every decimal place kept."""
    if value is None:
        return "—"
    text = format(value, "f")
    return text.replace(".", ",") if lang == "vi" else text


def _value(value: object, lang: str) -> str:
    """A value whose indicator is not at hand, as a person reads it (:func:`._display.indicator_value`)."""
    return indicator_value(None, value, lang)


def _plain(value: Any) -> object:
    """Any result object as JSON-ready data: decimals as exact strings, labels as {vi, en}."""
    if isinstance(value, Assessment):
        return None
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return {a.name: _plain(getattr(value, a.name)) for a in fields if not isinstance(getattr(value, a.name), Assessment)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return _num(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json(kind: str, body: dict[str, Any]) -> str:
    document = {"format": f"indicator-index/{kind}", "format_version": 1, **body}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _md(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def _text(label: Label, lang: str) -> str:
    return label.text(lang)


# --- explain-gap ---------------------------------------------------------------------


def _items(ruleset: Ruleset) -> dict[str, Criterion | Bonus | Penalty]:
    found: dict[str, Criterion | Bonus | Penalty] = {i.id: i for i in ruleset.criteria}
    found.update({i.id: i for i in ruleset.bonuses})
    found.update({i.id: i for i in ruleset.penalties})
    return found


def _shown(shortfalls: Sequence[Shortfall], every: bool) -> list[Shortfall]:
    if every:
        return list(shortfalls)
    return [s for s in shortfalls if s.missed > 0 or s.status in ("excluded", "not_applicable", "missing_excluded") or s.why.en.startswith("claim")]


def render_why_not(assessment: Assessment, agency: str, shortfalls: Sequence[Shortfall], fmt: str, lang: str, *, every: bool = False) -> str:
    """
    One agency's why-not as text (``table``), Markdown or JSON.

    Args:
        assessment: The assessment the shortfalls come from.
        agency: The agency's id.
        shortfalls: The result of :func:`~indicator_index.why_not`.
        fmt: ``"table"``, ``"markdown"`` or ``"json"``.
        lang: ``"vi"`` or ``"en"``.
        every: Also show the items that earned full marks.
    """
    rs = assessment.ruleset
    ui = _ui()[lang]
    s = assessment.score_for(agency)
    items = _items(rs)
    shown = _shown(shortfalls, every)
    from indicator_index._explain import benchmark_text, changes_text  # loaded already: the shortfalls come from it

    names = {x.agency: x.name for x in assessment.scores}

    def pts(value: Decimal | None) -> str:  # points at the ruleset's places
        return _num(value, lang, rs)

    if fmt == "json":
        return _json("why-not", {"agency": s.agency, "shortfalls": _plain(list(shortfalls))})
    lines: list[str] = []
    if fmt == "markdown":
        lines += [f"## {ui['why_not']}", ""]
        if not shown:
            return "\n".join([*lines, ui["nothing_missed"], ""])
        lines.append(_row([ui["criterion"], ui["content"], ui["points"], ui["max"], ui["missed"], ui["why"], ui["full"], ui["next"], ui["best_in_group"]]))
        lines.append("| --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |")
        for f in shown:
            full = "" if f.full is None else f"{changes_text(rs, f.full.changes, lang)} ({pts(f.full.points)})"
            nxt = "" if f.next is None else f"{changes_text(rs, f.next.changes, lang)} ({pts(f.next.points)})"
            best = "; ".join(benchmark_text(rs, b, names, lang) for b in f.best_in_group)
            label = items[f.item].label.text(lang)
            lines.append(_row([f.item, label, pts(f.points), pts(f.max_points), pts(f.missed), _text(f.why, lang), full, nxt, best]))
        lines.append("")
        return "\n".join(lines)
    lines += [f"{ui['why_not']}:"]
    if not shown:
        lines.append(f"  {ui['nothing_missed']}")
    for f in shown:
        lines.append(f"  {f.item:<6} {items[f.item].label.text(lang)}: {_text(f.why, lang)}")
        if f.full is not None:
            word = (ui["no_deduction"] if f.kind == "penalty" else ui["full"]) if f.full.full else ui["best"]
            lines.append(f"         {word} ({pts(f.full.points)}): {changes_text(rs, f.full.changes, lang)}")
        if f.next is not None:
            lines.append(f"         {ui['next']} ({pts(f.next.points)}): {changes_text(rs, f.next.changes, lang)}")
        for b in f.best_in_group:
            lines.append(f"         {ui['best_in_group']}: {benchmark_text(rs, b, names, lang)}")
    return "\n".join(lines) + "\n"


def render_gap(ruleset: Ruleset, gap: Gap, fmt: str, lang: str) -> str:
    """
    A gap plan as text (``table``), Markdown or JSON.

    Args:
        ruleset: The ruleset the plan is for.
        gap: The result of :func:`~indicator_index.plan_gap`.
        fmt: ``"table"``, ``"markdown"`` or ``"json"``.
        lang: ``"vi"`` or ``"en"``.
    """
    ui = _ui()[lang]
    if fmt == "json":
        return _json("gap", {"gap": _plain(gap)})
    items = _items(ruleset)
    from indicator_index._explain import change_cells  # loaded already: the gap comes from it

    def pts(value: Decimal | None) -> str:  # points at the ruleset's places
        return _num(value, lang, ruleset)

    band = "" if gap.new_band is None else ruleset.band(gap.new_band).label.text(lang)
    after = f"{ui['new_total']} {_total(gap.new_total, lang)} ({band}), {ui['rank']} {gap.new_rank if gap.new_rank is not None else '—'}"
    if fmt == "markdown":
        lines = [f"## {ui['gap']}", "", _text(gap.why, lang), ""]
        if gap.changes:
            lines += [f"### {ui['plan']}", "", _row([ui["indicator"], ui["current"], ui["proposed"]]), "| --- | ---: | ---: |"]
            lines += [_row(change_cells(ruleset, c, lang)) for c in gap.changes]
            lines += ["", f"### {ui['effect']}", "", _row([ui["criterion"], ui["content"], ui["before"], ui["after"], ui["max"]])]
            lines.append("| --- | --- | ---: | ---: | ---: |")
            for st in gap.steps:
                lines.append(_row([st.item, items[st.item].label.text(lang), pts(st.points), pts(st.new_points), pts(st.max_points)]))
            lines += ["", after, ""]
        return "\n".join(lines)
    lines = [f"{ui['gap']}:", f"  {_text(gap.why, lang)}"]
    if gap.changes:
        lines.append(f"  {ui['plan']}:")
        lines += ["    {}: {} → {}".format(*change_cells(ruleset, c, lang)) for c in gap.changes]
        lines.append(f"  {ui['effect']}:")
        for st in gap.steps:
            label = items[st.item].label.text(lang)
            lines.append(f"    {st.item:<6} {label}: {pts(st.points)} → {pts(st.new_points)} / {pts(st.max_points)}")
        lines.append(f"  {after}")
    return "\n".join(lines) + "\n"


def _header(assessment: Assessment, agency: str, lang: str, publication: Mapping[str, Any] | None = None) -> str:
    """The agency, its cohort, rank (the published one where the data holds part of a published cohort), total and band."""
    from indicator_index._report import rank_words

    rs = assessment.ruleset
    s = assessment.score_for(agency)
    size = len(assessment.cohorts().get(s.cohort or s.group, ()))
    band = "" if s.band is None else f" ({rs.band(s.band).label.text(lang)})"
    label, rank = _ui()[lang]["rank"], "—" if s.rank is None else f"{s.rank}/{size}"
    published = rank_words(assessment, agency, lang, publication) if publication else None
    if published is not None:
        label, rank = published[0].lower(), published[1]
    group = assessment.cohort_label(s.cohort or s.group, lang)
    return f"{s.name} ({s.agency}) — {group} — {label} {rank} — {_ui()[lang]['total']} {_total(s.total, lang)}{band}"


def _find_agency(assessment: Assessment, wanted: str) -> str:
    """The id of the agency *wanted* names: its id, or its name, ignoring case, accents and Unicode form."""
    ids = [s.agency for s in assessment.scores]
    matches = match_names(wanted, ((s.agency, s.name) for s in assessment.scores))
    if len(matches) == 1:
        return matches[0]
    shown: str = ", ".join(ids[:12])
    if len(ids) > 12:
        shown = Message("cli.in_all", shown=shown, count=len(ids))
    raise _UsageError(Message("cli.no_agency_in_data", wanted=wanted, agencies=shown))


def _cmd_explain_gap(args: argparse.Namespace, lang: str) -> int:
    from indicator_index._data import read_submissions, require_agencies
    from indicator_index._explain import plan_gap, why_not
    from indicator_index._scoring import score

    ruleset = load_ruleset(args.ruleset)
    submissions = require_agencies(read_submissions(args.data, ruleset, sheet=args.sheet), args.data)
    from indicator_index._cli import Progress

    with Progress(_t("progress.scoring", lang, agencies=len(submissions)), lang):
        assessment = score(ruleset, submissions)
    agency = _find_agency(assessment, args.agency)
    if args.band is not None and args.band not in {b.id for b in ruleset.bands}:
        raise _UsageError(Message("cli.no_band", ruleset=ruleset.id, wanted=args.band, bands=", ".join(b.id for b in ruleset.bands)))
    from indicator_index._cli import _report_extras

    publication = _report_extras(args).get("publication")  # the data file's own publication table, if any
    decided = assessment.score_for(agency)
    if decided.status == "decided":  # a published total: no figures, nothing missed to explain, no plan
        said = Message("scoring.decided_no_figures", agency=decided.name, source=decided.decided_source or "")
        if args.format == "json":
            found = {"agency": agency, "decided": {"total": str(decided.total), "source": decided.decided_source}, "said": said.render(lang)}
            _emit(args, _json("explain-gap", {"ruleset": {"id": ruleset.id, "version": ruleset.version, "digest": ruleset.digest}, **found}))
        else:
            head = _header(assessment, agency, lang, publication)
            title = f"# {head}" if args.format == "markdown" else f"{ruleset.title.text(lang)} — {ruleset.id} {ruleset.version}\n{head}"
            _emit(args, f"{title}\n\n{said.render(lang)}\n")
        return EXIT_OK
    shortfalls = why_not(assessment, agency) if args.part in ("all", "why-not") else None
    gap = plan_gap(ruleset, submissions, agency, band=args.band) if args.part in ("all", "gap") else None
    fmt = args.format
    if fmt == "json":
        body: dict[str, Any] = {"ruleset": {"id": ruleset.id, "version": ruleset.version, "digest": ruleset.digest}, "agency": agency}
        if shortfalls is not None:
            body["shortfalls"] = _plain(list(shortfalls))
        if gap is not None:
            body["gap"] = _plain(gap)
        _emit(args, _json("explain-gap", body))
        return EXIT_OK
    parts = []
    if fmt == "markdown":
        parts.append(f"# {_header(assessment, agency, lang, publication)}\n")
    else:
        parts.append(f"{ruleset.title.text(lang)} — {ruleset.id} {ruleset.version}\n{_header(assessment, agency, lang, publication)}\n")
    if shortfalls is not None:
        parts.append(render_why_not(assessment, agency, shortfalls, fmt, lang, every=args.all))
    if gap is not None:
        parts.append(render_gap(ruleset, gap, fmt, lang))
    _emit(args, "\n".join(parts))
    return EXIT_OK


# --- diff ------------------------------------------------------------------------------


def render_diff(diff: RulesetDiff, fmt: str, lang: str) -> str:
    """
    A ruleset diff as text (``table``), Markdown or JSON.

    Args:
        diff: The result of :func:`~indicator_index.diff_rulesets`.
        fmt: ``"table"``, ``"markdown"`` or ``"json"``.
        lang: ``"vi"`` or ``"en"``.
    """
    ui = _ui()[lang]
    if fmt == "json":
        return _json("diff", {"diff": _plain(diff), "empty": diff.is_empty})
    md = fmt == "markdown"
    lines = [f"# {diff.before} → {diff.after}" if md else f"{diff.before} → {diff.after}"]
    if diff.is_empty:
        lines.append(("" if not md else "\n") + ui["no_changes"])
        return "\n".join(lines) + "\n"
    if diff.metadata:
        lines += ["", f"## {ui['ruleset']}", ""] if md else ["", f"{ui['ruleset']}:"]
        for f in diff.metadata:
            text = f"{f.field}: {_brief(f.before)} → {_brief(f.after)}"
            lines.append(f"- {text}" if md else f"  ~ {text}")
    titles = _COLLECTION_TITLES[lang]
    for collection, title in titles.items():
        changes = diff.of(collection)
        if not changes:
            continue
        lines += ["", f"## {title}", ""] if md else ["", f"{title}:"]
        for c in changes:
            text = _text(c.text, lang)
            lines.append(f"- `{_MARKS[c.action]}` {text}" if md else f"  {_MARKS[c.action]} {text}")
    return "\n".join(lines) + "\n"


def _brief(value: object) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 100 else text[:97] + "…"


def _mapping(args: argparse.Namespace, before: Ruleset | None = None, after: Ruleset | None = None) -> RulesetMapping | None:
    """The mapping given with ``--mapping``, else the one bundled for *before* → *after*, else ``None``."""
    from indicator_index._diff import bundled_mapping, load_mapping

    if args.mapping is not None:
        return load_mapping(args.mapping)
    if before is None or after is None:
        return None
    path = bundled_mapping(before.id, after.id)
    return None if path is None else load_mapping(path)


def _needs_mapping(before: Ruleset, after: Ruleset) -> None:
    """Raise a usage error naming ``--mapping`` when *after* lacks groups or indicators of *before* (they must be paired)."""
    from indicator_index._diff import bundled_mappings

    differ = [
        name
        for name, first, second in (
            ("groups", {g.id for g in before.groups}, {g.id for g in after.groups}),
            ("indicators", {i.id for i in before.indicators}, {i.id for i in after.indicators}),
        )
        if not first <= second
    ]
    if differ:
        shipped = ", ".join(f"{a} → {b}" for a, b in bundled_mappings()) or Message("cli.none")
        names = [Message(f"cli.missing.{name}") for name in differ]
        missing = names[0] if len(names) == 1 else Message("cli.missing.and", first=names[0], second=names[1])
        raise _UsageError(Message("cli.needs_mapping", after=after.id, before=before.id, missing=missing, shipped=shipped))


def _cmd_diff(args: argparse.Namespace, lang: str) -> int:
    from indicator_index._diff import diff_rulesets

    before, after = load_ruleset(args.ruleset_a), load_ruleset(args.ruleset_b)
    _emit(args, render_diff(diff_rulesets(before, after, mapping=_mapping(args, before, after)), args.format, lang))
    return EXIT_OK


# --- impact ----------------------------------------------------------------------------


def render_impact(result: Impact, fmt: str, lang: str) -> str:
    """
    An impact as text (``table``), Markdown or JSON.

    Args:
        result: The result of :func:`~indicator_index.impact`.
        fmt: ``"table"``, ``"markdown"`` or ``"json"``.
        lang: ``"vi"`` or ``"en"``.
    """
    ui = _ui()[lang]
    first, second = result.before.ruleset, result.after.ruleset
    if fmt == "json":
        body = {
            "before": {"id": first.id, "version": first.version, "digest": first.digest},
            "after": {"id": second.id, "version": second.version, "digest": second.digest},
            "agencies": _plain(list(result.agencies)),
            "groups": _plain(list(result.groups)),
            "notes": list(result.notes),
        }
        return _json("impact", body)
    md = fmt == "markdown"

    def band(rs: Ruleset, band_id: str | None) -> str:
        return "—" if band_id is None else rs.band(band_id).label.text(lang)

    def group(rs: Ruleset, group_id: str | None) -> str:
        return "—" if group_id is None else rs.group(group_id).label.text(lang)

    def signed(value: Decimal | int | None) -> str:
        if value is None:
            return "—"
        # A change of totals keeps the totals' places (-2.40, not -2.4); a change of rank is a whole number.
        text = _total(value, lang) if isinstance(value, Decimal) else str(value)
        return text if value <= 0 else f"+{text}"

    lines = [f"# {first.id} {first.version} → {second.id} {second.version}" if md else f"{first.id} {first.version} → {second.id} {second.version}"]
    for summary in result.groups:
        rows = [r for r in result.agencies if r.group_before == summary.group]
        targets = ", ".join(group(second, g) for g in summary.groups_after) or ui["left_out"]
        title = f"{group(first, summary.group)} → {targets}"
        counts = (
            f"{summary.agencies} {ui['agencies']}: {ui['up']} {summary.band_up}, {ui['down']} {summary.band_down}, "
            f"{ui['same']} {summary.band_same}, {ui['rank_changed']} {summary.rank_changed}"
            + (f", {ui['left_out']} {summary.left_out}" if summary.left_out else "")
        )
        if md:
            lines += ["", f"## {title}", "", counts, "", _row([ui["agency"], ui["total_col"], ui["band"], ui["rank_col"], ui["change"]])]
            lines.append("| --- | --- | --- | --- | --- |")
        else:
            lines += ["", f"{title}:", f"  {counts}"]
        width = max(len(r.name) for r in rows)
        for r in rows:
            totals = f"{_total(r.total_before, lang)} → {_total(r.total_after, lang)} ({signed(r.total_change)})"
            bands = f"{band(first, r.band_before)} → {band(second, r.band_after)}"
            ranks = f"{r.rank_before if r.rank_before is not None else '—'} → {r.rank_after if r.rank_after is not None else '—'} ({signed(r.rank_change)})"
            if md:
                lines.append(_row([r.name, totals, bands, ranks, ui.get(r.band_change, r.band_change)]))
            else:
                lines.append(f"  {r.name:<{width}}  {totals:<28} {bands:<28} {ranks:<14} {ui.get(r.band_change, r.band_change)}")
    if result.notes:
        lines += ["", f"## {ui['notes']}", ""] if md else ["", f"{ui['notes']}:"]
        notes = [n.render(lang) if isinstance(n, Message) else n for n in result.notes]
        lines += [f"- {n}" if md else f"  - {n}" for n in notes]
    return "\n".join(lines) + "\n"


def _cmd_impact(args: argparse.Namespace, lang: str) -> int:
    from indicator_index._data import read_submissions, require_agencies
    from indicator_index._diff import impact

    before, after = load_ruleset(args.ruleset_a), load_ruleset(args.ruleset_b)
    mapping = _mapping(args, before, after)
    if mapping is None:
        _needs_mapping(before, after)
    submissions = require_agencies(read_submissions(args.data, before, sheet=args.sheet), args.data)
    from indicator_index._cli import Progress

    with Progress(_t("progress.impact", lang, agencies=len(submissions)), lang):
        result = impact(before, after, submissions, mapping=mapping)
    _emit(args, render_impact(result, args.format, lang))
    return EXIT_OK


# --- test ------------------------------------------------------------------------------


def render_test(report: CaseReport, fmt: str, lang: str) -> str:
    """
    A case report as text (``table``), Markdown or JSON.

    Args:
        report: The result of :func:`~indicator_index.run_cases`.
        fmt: ``"table"``, ``"markdown"`` or ``"json"``.
        lang: ``"vi"`` or ``"en"``.
    """
    ui = _ui()[lang]
    if fmt == "json":
        return _json("test-report", {"report": _plain(report), "ok": report.ok})
    head = _t("test.head", lang, source=report.source, cases=report.cases, passed=report.passed, failed=report.cases - report.passed)
    failures = [f.message.render(lang) if isinstance(f.message, Message) else f.message for f in report.failures]
    if fmt == "markdown":
        lines = [f"# {report.ruleset}", "", head, ""]
        lines += [f"- {message}" for message in failures] or [ui["all_passed"]]
        return "\n".join(lines) + "\n"
    lines = [head]
    lines += ["  " + _t("test.fail", lang, message=message) for message in failures]
    return "\n".join(lines) + "\n"


def _cmd_test(args: argparse.Namespace, lang: str) -> int:
    from indicator_index._cases import cases_path, is_case_file, load_cases, run_cases, suite_ruleset

    if args.cases is None and is_case_file(args.ruleset):  # `test CASES`: the case file says its ruleset
        suite = load_cases(args.ruleset)
        target = suite_ruleset(args.ruleset, suite)
        if target is None:
            raise _UsageError(Message("cli.cases_name_no_ruleset", cases=args.ruleset))
        report = run_cases(load_ruleset(target), suite)
        _emit(args, render_test(report, args.format, lang))
        return EXIT_OK if report.ok else EXIT_INVALID
    ruleset = load_ruleset(args.ruleset)
    path = Path(args.cases) if args.cases is not None else cases_path(args.ruleset)
    if not path.is_file():
        raise _UsageError(Message("cli.no_case_file", path=str(path)))
    report = run_cases(ruleset, load_cases(path))
    _emit(args, render_test(report, args.format, lang))
    return EXIT_OK if report.ok else EXIT_INVALID


# --- robustness ------------------------------------------------------------------------


def render_robustness(result: Robustness, ruleset: Ruleset, fmt: str, lang: str) -> str:
    """
    A robustness result as text (``table``), Markdown or JSON.

    Args:
        result: The result of :func:`~indicator_index.robustness`.
        ruleset: The ruleset it was computed under.
        fmt: ``"table"``, ``"markdown"`` or ``"json"``.
        lang: ``"vi"`` or ``"en"``.
    """
    ui = _ui()[lang]
    if fmt == "json":
        body = {"ruleset": {"id": ruleset.id, "version": ruleset.version, "digest": ruleset.digest}, "robustness": _plain(result)}
        return _json("robustness", body)
    md = fmt == "markdown"
    names = {a.agency: a.name for a in result.agencies}

    def span(lo: int | None, hi: int | None) -> str:
        if lo is None or hi is None:
            return "—"
        return str(lo) if lo == hi else f"{lo}–{hi}"

    head = _t("robustness.head", lang, vary=_num(result.vary, lang), seed=result.seed, scenarios=result.scenarios)
    lines = [f"# {ruleset.id} {ruleset.version}" if md else f"{ruleset.id} {ruleset.version}", head]
    for group in ruleset.groups:
        rows = [a for a in result.agencies if a.group == group.id]
        if not rows:
            continue
        title = group.label.text(lang)
        if md:
            lines += ["", f"## {title}", "", _row([ui["rank_col"], ui["agency"], ui["total_col"], ui["range"], ui["varied"], ui["dropped"], ui["totals"]])]
            lines.append("| ---: | --- | ---: | --- | --- | --- | --- |")
        else:
            lines += ["", f"{title}:"]
        width = max(len(a.name) for a in rows)
        for a in rows:
            totals = f"{_total(a.lowest_total, lang)}–{_total(a.highest_total, lang)}"
            cells = [
                a.rank if a.rank is not None else "—",
                a.name,
                _total(a.total, lang),
                span(a.best, a.worst),
                span(a.best_varied, a.worst_varied),
                span(a.best_dropped, a.worst_dropped),
                totals,
            ]
            if md:
                lines.append(_row(cells))
            else:
                lines.append(
                    f"  {cells[0]!s:>3}  {a.name:<{width}}  {cells[2]:>7}  {ui['range']}: {cells[3]:<6} "
                    f"{ui['varied']}: {cells[4]:<6} {ui['dropped']}: {cells[5]:<6} {ui['totals']}: {totals}"
                )
        flips = [f for f in result.flips if f.group == group.id]
        lines += ["", f"{ui['flips']}:", ""] if md else [f"  {ui['flips']}:"]
        if not flips:
            lines.append(f"- {ui['no_flips']}" if md else f"    {ui['no_flips']}")
        for f in flips:
            by = ", ".join(_t(f"robustness.by.{kind}", lang) for kind in f.by)
            text = f"{names[f.ahead]} / {names[f.behind]}: {f.scenarios} {ui['scenarios']} ({by}; {_scenario(f.first, lang)})"
            lines.append(f"- {text}" if md else f"    {text}")
    return "\n".join(lines) + "\n"


def _scenario(scenario: str, lang: str) -> str:
    """A scenario's id (``"as scored"``, ``"c1 +10%"``, ``"draw 3"``, ``"without c1"``) in *lang*."""
    if scenario == "as scored":
        return _t("robustness.scenario.baseline", lang)
    kind, _, rest = scenario.partition(" ")
    if kind == "draw" and rest.isdigit():
        return _t("robustness.scenario.draw", lang, number=rest)
    if kind == "without" and rest:
        return _t("robustness.scenario.drop", lang, criterion=rest)
    return scenario  # "<criterion> ±<pct>%": the same in both languages


def _cmd_robustness(args: argparse.Namespace, lang: str) -> int:
    from indicator_index._cli import Progress
    from indicator_index._data import read_submissions, require_agencies
    from indicator_index._robustness import robustness
    from indicator_index._scoring import score

    ruleset = load_ruleset(args.ruleset)
    submissions = require_agencies(read_submissions(args.data, ruleset, sheet=args.sheet), args.data)
    with Progress(_t("progress.scoring", lang, agencies=len(submissions)), lang) as progress:

        def step(done: int, total: int) -> None:
            progress.update(_t("progress.robustness", lang, done=done, total=total))

        assessment = score(ruleset, submissions)
        result = robustness(assessment, vary=args.vary, draws=args.draws, seed=args.seed, drop=not args.no_drop, progress=step)
    _emit(args, render_robustness(result, ruleset, args.format, lang))
    return EXIT_OK


# --- compare and list (rendered by _compare and _chain) ------------------------------------


def _cmd_compare(args: argparse.Namespace, lang: str) -> int:
    from indicator_index._compare import compare_assessments, load_renamed, render_comparison
    from indicator_index._data import read_submissions, require_agencies
    from indicator_index._scoring import score

    old_rs, new_rs = load_ruleset(args.old_ruleset), load_ruleset(args.new_ruleset)
    old = score(old_rs, require_agencies(read_submissions(args.old_data, old_rs), args.old_data))
    new = score(new_rs, require_agencies(read_submissions(args.new_data, new_rs), args.new_data))
    renamed = None if args.renamed is None else load_renamed(args.renamed)
    _emit(args, render_comparison(compare_assessments(old, new, renamed=renamed), args.format, lang))
    return EXIT_OK


def _cmd_list(args: argparse.Namespace, lang: str) -> int:
    from indicator_index._chain import render_list

    _emit(args, render_list(args.format, lang, family=args.family))
    return EXIT_OK


# --- Registration ------------------------------------------------------------------------


def _out(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))  # a lone surrogate is shown as \udcff
    sys.stdout.flush()


def _emit(args: argparse.Namespace, text: str) -> None:
    """Print *text*, or write it to ``--output``."""
    path = getattr(args, "output", None)
    if path is None:
        _out(text)
        return
    from indicator_index._atomic import replace_file

    try:
        replace_file(path, text.encode("utf-8"))  # encoded first, then renamed into place: a failure leaves an existing file as it was
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.start + 1]
        raise _UsageError(Message("cli.cannot_encode", path=str(path), char=ascii(char))) from None
    except OSError as exc:
        raise _UsageError(Message("cli.cannot_write", path=str(path), reason=exc.strerror or str(exc))) from None
    print("indicator-index: " + _t("cli.wrote", getattr(args, "lang", "vi"), path=path), file=sys.stderr)


def _percent(text: str, lang: str = "vi") -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite() or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(_t("cli.percent_expected", lang, value=text))
    return value


def _count(text: str, lang: str = "vi") -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(_t("cli.count_expected", lang, value=text))
    return value


_HANDLERS: dict[str, Callable[[argparse.Namespace, str], int]] = {
    "explain-gap": _cmd_explain_gap,
    "diff": _cmd_diff,
    "impact": _cmd_impact,
    "test": _cmd_test,
    "robustness": _cmd_robustness,
    "compare": _cmd_compare,
    "list": _cmd_list,
}


def add_commands(subparsers: Any, lang: str | None = None) -> None:
    """
    Register the analysis commands on an ``argparse`` subparsers object.

    Each command gets ``--format json|table|markdown`` and accepts ``--lang``
    after the command too (the global ``--lang`` is used otherwise). Help is
    in *lang* (default: the ``lang`` attribute of *subparsers*, else ``"vi"``).
    """
    if lang is None:
        lang = str(getattr(subparsers, "lang", "vi"))

    def add(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = subparsers.add_parser(name, **kwargs)
        sub.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS, help=_t("an.opt.lang", lang))
        sub.add_argument("--format", choices=FORMATS, default="table", help=_t("cli.opt.format_table", lang))
        sub.add_argument("--output", "-o", metavar="FILE", default=None, help=_t("cli.opt.output", lang))
        sub.set_defaults(analysis_command=name)
        return sub

    gap = add(
        "explain-gap",
        help=_t("an.gap.help", lang),
        description=_t("an.gap.description", lang),
    )
    gap.add_argument("ruleset", metavar="RULESET", help=_t("cli.opt.ruleset", lang))
    gap.add_argument("data", metavar="DATA", help=_t("cli.opt.data", lang))
    gap.add_argument("--sheet", metavar="NAME", default=None, help=_t("cli.opt.sheet", lang))
    gap.add_argument("agency", metavar="AGENCY", help=_t("cli.opt.agency", lang))
    gap.add_argument("--band", default=None, help=_t("an.gap.band", lang))
    gap.add_argument("--part", choices=("all", "why-not", "gap"), default="all", help=_t("an.gap.part", lang))
    gap.add_argument("--all", action="store_true", help=_t("an.gap.all", lang))

    diff = add(
        "diff",
        help=_t("an.diff.help", lang),
        description=_t("an.diff.description", lang),
    )
    diff.add_argument("ruleset_a", metavar="RULESET_A", help=_t("an.diff.ruleset_a", lang))
    diff.add_argument("ruleset_b", metavar="RULESET_B", help=_t("an.diff.ruleset_b", lang))
    diff.add_argument("--mapping", metavar="FILE", default=None, help=_t("an.diff.mapping", lang))

    imp = add(
        "impact",
        help=_t("an.impact.help", lang),
        description=_t("an.impact.description", lang),
    )
    imp.add_argument("ruleset_a", metavar="RULESET_A", help=_t("an.impact.ruleset_a", lang))
    imp.add_argument("ruleset_b", metavar="RULESET_B", help=_t("an.impact.ruleset_b", lang))
    imp.add_argument("data", metavar="DATA", help=_t("cli.opt.data", lang))
    imp.add_argument("--sheet", metavar="NAME", default=None, help=_t("cli.opt.sheet", lang))
    imp.add_argument("--mapping", metavar="FILE", default=None, help=_t("an.impact.mapping", lang))

    test = add(
        "test",
        help=_t("an.test.help", lang),
        description=_t("an.test.description", lang),
    )
    test.add_argument("ruleset", metavar="RULESET", help=_t("an.test.ruleset", lang))
    test.add_argument("cases", metavar="CASES", nargs="?", default=None, help=_t("an.test.cases", lang))

    rob = add(
        "robustness",
        help=_t("an.robustness.help", lang),
        description=_t("an.robustness.description", lang),
    )
    rob.add_argument("ruleset", metavar="RULESET", help=_t("cli.opt.ruleset", lang))
    rob.add_argument("data", metavar="DATA", help=_t("cli.opt.data", lang))
    rob.add_argument("--sheet", metavar="NAME", default=None, help=_t("cli.opt.sheet", lang))
    rob.add_argument("--vary", metavar="PCT", type=functools.partial(_percent, lang=lang), default=Decimal(10), help=_t("an.robustness.vary", lang))
    rob.add_argument("--draws", metavar="N", type=functools.partial(_count, lang=lang), default=100, help=_t("an.robustness.draws", lang))
    rob.add_argument("--seed", metavar="N", type=int, default=0, help=_t("an.robustness.seed", lang))
    rob.add_argument("--no-drop", action="store_true", help=_t("an.robustness.no_drop", lang))

    cmp = add(
        "compare",
        help=_t("an.compare.help", lang),
        description=_t("an.compare.description", lang),
    )
    cmp.add_argument("old_ruleset", metavar="OLD_RULESET", help=_t("an.compare.old_ruleset", lang))
    cmp.add_argument("old_data", metavar="OLD_DATA", help=_t("an.compare.old_data", lang))
    cmp.add_argument("new_ruleset", metavar="NEW_RULESET", help=_t("an.compare.new_ruleset", lang))
    cmp.add_argument("new_data", metavar="NEW_DATA", help=_t("an.compare.new_data", lang))
    cmp.add_argument("--renamed", metavar="FILE", default=None, help=_t("an.compare.renamed", lang))

    lst = add(
        "list",
        help=_t("an.list.help", lang),
        description=_t("an.list.description", lang),
    )
    lst.add_argument("--family", default=None, help=_t("an.list.family", lang))


def run(args: argparse.Namespace) -> int | None:
    """
    Run an analysis command; ``None`` when *args* are for another command.

    Returns the exit status: 0 on success, 1 for an invalid ruleset, data,
    mapping or case file (or a failing test case), 2 for a name that is not
    in the ruleset or data. Messages go to stderr.
    """
    name = getattr(args, "analysis_command", None)
    handler = _HANDLERS.get(name) if isinstance(name, str) else None
    if handler is None:
        return None
    lang = getattr(args, "lang", "vi")
    try:
        return handler(args, lang)
    except _UsageError as exc:
        message = exc.args[0] if len(exc.args) == 1 else None
        print(f"indicator-index: {message.render(lang) if isinstance(message, Message) else exc}", file=sys.stderr)
        return EXIT_USAGE
    except IndicatorIndexError as exc:
        print(f"indicator-index: {exc.render(lang)}", file=sys.stderr)
        return EXIT_INVALID
