"""
Data-collection templates generated from a ruleset, one per agency group.

A template is the wide layout of ``docs/data.md``: row 1 holds the column ids
the readers understand, note rows starting with ``#`` give each column's
Vietnamese and English label, unit and allowed values, and one row per agency
waits to be filled in. An XLSX template adds drop-down lists for yes/no and
choice indicators, range checks for numbers, and a sheet explaining every
indicator. A filled template reads back with
:func:`~indicator_index.read_submissions` without loss.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from indicator_index._data import (
    AGENCY_COLUMNS,
    CLAIM_PREFIX,
    EVIDENCE_PREFIX,
    GROUP_COLUMN,
    HEADER_LABELS,
    ID_COLUMN,
    NAME_COLUMN,
    NOTE_MARK,
    OWN_SOURCE,
    PARENT_COLUMN,
    SOURCE_MARK,
    _cell_text,
    _Lookup,
    _optional,
    convert_value,
)
from indicator_index._messages import Message, texts, ui_pairs, ui_section
from indicator_index._model import Bonus, Criterion, Indicator, Penalty, Ruleset, Submission
from indicator_index._rules import _fmt
from indicator_index.errors import DataError, Problem


__all__ = ["write_template"]

TEMPLATE_FORMATS = ("csv", "xlsx")
DATA_SHEET = "Dữ liệu - Data"
GUIDE_SHEET = "Hướng dẫn - Guide"
LISTS_SHEET = "Danh mục - Lists"
FIRST_DATA_ROW = 6  # row 1: column ids; rows 2-5: notes
_NOTES = ("# Tiếng Việt", "# English", "# Đơn vị · Unit", "# Giá trị · Values")
_SOURCE_LABELS = ui_pairs("template.source.")  # source names (vi, en), from the one catalogue
LANGS = ("vi", "en")
# Excel refuses (or "repairs" away) a data validation whose texts are longer than these.
_TITLE_LIMIT, _MESSAGE_LIMIT = 32, 255
_YES_NO_WORDS = {"vi": ("có", "không"), "en": ("yes", "no")}
_PROMPT_WORDS = ui_section("template.prompt.")  # the input prompts' words, from the one catalogue


@frozen(kw_only=True)
class _Column:
    """One template column: its id (header) and what people filling it need to know."""

    header: str
    vi: str
    en: str
    unit: str = ""
    allowed_vi: str = ""
    allowed_en: str = ""
    indicator: Indicator | None = None
    kind: str = "value"  # value, evidence, claim, id, name, group, parent

    @property
    def allowed(self) -> str:
        if self.allowed_vi == self.allowed_en:
            return self.allowed_vi
        return f"{self.allowed_vi} · {self.allowed_en}"


def _allowed(indicator: Indicator) -> tuple[str, str]:
    """The values an indicator allows, in Vietnamese and English."""
    kind = indicator.type
    if kind == "ratio":
        return "tỷ lệ từ 0 đến 1 (vd 0.85 hoặc 85%)", "ratio from 0 to 1 (e.g. 0.85 or 85%)"
    if kind == "count":
        return "số nguyên ≥ 0", "whole number ≥ 0"
    if kind == "yes_no":
        return "có / không", "yes / no"
    if kind == "choice":
        vi = ", ".join(f"{o.id} ({o.label.text('vi')})" if o.label.text("vi") else o.id for o in indicator.options)
        en = ", ".join(f"{o.id} ({o.label.text('en')})" if o.label.text("en") else o.id for o in indicator.options)
        return f"một trong: {vi}", f"one of: {en}"
    low, high = indicator.min, indicator.max
    if low is not None and high is not None:
        return f"số từ {_fmt(low)} đến {_fmt(high)}", f"number from {_fmt(low)} to {_fmt(high)}"
    if low is not None:
        return f"số ≥ {_fmt(low)}", f"number ≥ {_fmt(low)}"
    if high is not None:
        return f"số ≤ {_fmt(high)}", f"number ≤ {_fmt(high)}"
    return "số", "number"


def group_indicators(ruleset: Ruleset, group: str) -> tuple[Indicator, ...]:
    """The indicators the criteria, bonuses and penalties of *group* use, in the ruleset's order."""
    plan = ruleset._plan
    used: set[str] = set()
    for criterion, _, _ in plan.criteria_by_group[group]:
        used.update(criterion.rule.indicator_ids())
    for bonus, _ in plan.bonuses_by_group[group]:
        used.update(bonus.rule.indicator_ids())
    for penalty, _ in plan.penalties_by_group[group]:
        used.update(penalty.rule.indicator_ids())
    return tuple(i for i in ruleset.indicators if i.id in used)


def group_claims(ruleset: Ruleset, group: str) -> tuple[Criterion, ...]:
    """The criteria of *group* an agency may claim are outside its function."""
    return tuple(c for c in ruleset.criteria_for(group) if c.excludable)


def _source_label(source: str) -> tuple[str, str]:
    return _SOURCE_LABELS.get(source, (source, source))


def _clip(text: str, limit: int) -> str:
    """*text* cut to *limit* characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def choice_labels(indicator: Indicator, lang: str = "vi") -> tuple[str, ...]:
    """
    What a template's drop-down offers for each option of a choice indicator, in option order.

    The option's label in *lang* (the other language's when it has none), or
    its id when the reader would not read the label back as that option: a
    label shared with another option, or equal to another option's id.
    """
    out = []
    for option in indicator.options:
        label = option.label.text(lang)
        out.append(label if label.strip() and convert_value(indicator, label) == (option.id, None) else option.id)
    return tuple(out)


def group_text(ruleset: Ruleset, group: str, lang: str = "vi") -> str:
    """What a template writes in the group column: the group's label in *lang*, or its id when the label would not read back."""
    label = ruleset.group(group).label.text(lang)
    if label.strip() and _Lookup(ruleset).group(_cell_text(label)) == group:
        return label
    return group


def has_parents(ruleset: Ruleset, group: str) -> bool:
    """Whether the agencies of *group* have parent agencies: it names a parent group, or is ranked or compared within parents."""
    found = ruleset.group(group)
    return found.parent_group is not None or "parent" in (found.ranked_within, found.compared_within)


def _column(header: str, words: tuple[str, str], allowed: tuple[str, str], kind: str) -> _Column:
    """An agency column: its header, its name and what it allows, in Vietnamese and English."""
    return _Column(header=header, vi=words[0], en=words[1], allowed_vi=allowed[0], allowed_en=allowed[1], kind=kind)


def template_columns(ruleset: Ruleset, group: str, sources: Sequence[str] = (OWN_SOURCE,)) -> tuple[_Column, ...]:
    """
    The columns of the template of *group*: agency (with its parent when the group has parents), then value
    and evidence per indicator and source, then claims.
    """
    label = ruleset.group(group).label
    columns = [
        _column(ID_COLUMN, texts("template.column.id"), texts("template.column.id_allowed"), kind="id"),
        _column(NAME_COLUMN, texts("template.column.name"), ("", ""), kind="name"),
        _column(GROUP_COLUMN, texts("template.column.group"), texts("template.column.group_allowed", group=group, label=label.text), kind="group"),
    ]
    if has_parents(ruleset, group):
        parent_group = ruleset.group(group).parent_group
        vi, en = HEADER_LABELS[PARENT_COLUMN]
        allowed = texts("template.column.parent_allowed_in", group=parent_group) if parent_group else texts("template.column.parent_allowed")
        columns.append(
            _Column(
                header=PARENT_COLUMN,
                vi=vi,
                en=en,
                kind="parent",
                allowed_vi=allowed[0],
                allowed_en=allowed[1],
            )
        )
    for indicator in group_indicators(ruleset, group):
        allowed_vi, allowed_en = _allowed(indicator)
        for source in sources:
            suffix = "" if source == OWN_SOURCE else f"{SOURCE_MARK}{source}"
            source_vi, source_en = _source_label(source)
            note_vi = "" if source == OWN_SOURCE else f" ({source_vi})"
            note_en = "" if source == OWN_SOURCE else f" ({source_en})"
            evidence = texts("template.column.evidence", label=indicator.label.text, note={"vi": note_vi, "en": note_en}.get)
            evidence_allowed = texts("template.column.evidence_allowed")
            columns.append(
                _Column(
                    header=f"{indicator.id}{suffix}",
                    vi=indicator.label.text("vi") + note_vi,
                    en=indicator.label.text("en") + note_en,
                    unit=indicator.unit,
                    allowed_vi=allowed_vi,
                    allowed_en=allowed_en,
                    indicator=indicator,
                )
            )
            columns.append(
                _Column(
                    header=f"{EVIDENCE_PREFIX}{indicator.id}{suffix}",
                    vi=evidence[0],
                    en=evidence[1],
                    allowed_vi=evidence_allowed[0],
                    allowed_en=evidence_allowed[1],
                    indicator=indicator,
                    kind="evidence",
                )
            )
    claim_allowed = texts("template.column.claim_allowed")
    for criterion in group_claims(ruleset, group):
        claim = texts("template.column.claim", id=criterion.id, label=criterion.label.text)
        columns.append(
            _Column(
                header=f"{CLAIM_PREFIX}{criterion.id}",
                vi=claim[0],
                en=claim[1],
                allowed_vi=claim_allowed[0],
                allowed_en=claim_allowed[1],
                kind="claim",
            )
        )
    return tuple(columns)


Prefill = tuple[str, str, str]
"""An agency to fill in: its id, name and parent's id."""


def _prefill(
    lookup: _Lookup, group: str | None, agencies: Iterable[Submission] | None, problems: list[Problem]
) -> tuple[tuple[Prefill, ...], tuple[tuple[str, str], ...]]:
    """
    (id, name, parent) of each agency of *group* in *agencies*, in their order; and the parents known, (id, name):
    the agencies of the group's parent group, then the other parents the group's agencies name. Problems are added
    to *problems*.
    """
    if agencies is None:
        return (), ()
    try:
        items: tuple[object, ...] = tuple(agencies)
    except TypeError:
        problems.append(Problem(message=Message("template.agencies", type=type(agencies).__name__)))
        return (), ()
    out: list[Prefill] = []
    seen: set[str] = set()
    parent_group = None if group is None else lookup.ruleset.group(group).parent_group
    parents: dict[str, str] = {}
    for item in items:
        if not isinstance(item, Submission) or not isinstance(item.agency, str) or not isinstance(item.group, str):
            continue  # reported below
        if parent_group is not None and lookup.group(item.group) == parent_group and _cell_text(item.agency):
            parents.setdefault(_cell_text(item.agency), _cell_text(item.name) if isinstance(item.name, str) else "")
    for item in items:
        if not isinstance(item, Submission) or not isinstance(item.agency, str) or not isinstance(item.group, str):
            problems.append(Problem(message=Message("template.agencies_item", type=type(item).__name__)))
            continue
        if group is None or lookup.group(item.group) != group:
            continue  # another group's agency: it has its own template
        agency = _cell_text(item.agency)
        if agency in seen:
            problems.append(Problem(message=Message("template.duplicate_agency"), agency=agency))
        elif not agency.strip() or agency.startswith(NOTE_MARK):
            message = Message("template.note_id", mark=NOTE_MARK)
            problems.append(Problem(message=message, agency=agency))
        seen.add(agency)
        parent = _cell_text(item.parent) if isinstance(item.parent, str) else ""
        if parent:
            parents.setdefault(parent, "")
        out.append((agency, _cell_text(item.name) if isinstance(item.name, str) else "", parent))
    return tuple(out), tuple(parents.items())


def _check(
    ruleset: Ruleset,
    group: str,
    sources: Sequence[str],
    rows: int,
    lang: str = "vi",
    agencies: Iterable[Submission] | None = None,
    per_parent: str | None = None,
) -> tuple[str, tuple[Prefill, ...], tuple[tuple[str, str], ...]]:
    """
    The id of *group*, the agencies to prefill and the parents known, after checking the arguments (*per_parent*:
    the format, when one sheet per parent is asked for); raises DataError listing every problem.
    """
    lookup = _Lookup(ruleset)
    problems: list[Problem] = []
    found = lookup.group(group)
    if isinstance(found, tuple):
        problems.append(Problem(message=found[0]))
    for source in sources:
        if source not in ruleset.sources:
            known = ", ".join(repr(s) for s in ruleset.sources)
            problems.append(Problem(message=Message("data.lookup.unknown_source", name=source, known=known)))
    if len(set(sources)) != len(sources) or not sources:
        problems.append(Problem(message=Message("template.sources_once", sources=repr(tuple(sources)))))
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
        problems.append(Problem(message=Message("template.rows", rows=repr(rows))))
    reserved = [i.id for i in ruleset.indicators if i.id.casefold() in (ID_COLUMN, NAME_COLUMN, GROUP_COLUMN, *AGENCY_COLUMNS)]
    for indicator in reserved:
        problems.append(Problem(message=Message("template.reserved"), indicator=indicator))
    if lang not in LANGS:
        problems.append(Problem(message=Message("data.lang", lang=lang)))
    prefill, parents = _prefill(lookup, found if isinstance(found, str) else None, agencies, problems)
    if per_parent is not None and isinstance(found, str):
        if per_parent != "xlsx":
            problems.append(Problem(message=Message("template.per_parent_csv")))
        if not has_parents(ruleset, found):
            problems.append(Problem(message=Message("template.no_parent_group", group=found)))
        elif not parents:
            message = Message("template.needs_parents")
            problems.append(Problem(message=message))
        for agency, _, parent in prefill:
            if not parent:
                problems.append(Problem(message=Message("template.no_parent"), agency=agency))
    if problems:
        raise DataError(problems, title=Message("template.title"))
    assert isinstance(found, str)
    return found, prefill, parents


def write_template(
    ruleset: Ruleset,
    path: str | Path,
    *,
    group: str,
    format: str | None = None,
    sources: Sequence[str] = (OWN_SOURCE,),
    rows: int = 100,
    lang: str = "vi",
    agencies: Iterable[Submission] | None = None,
    per_parent: bool = False,
) -> None:
    """
    Write a data-collection template for the agencies of one group.

    The template has a column ``id``, ``name`` and ``group`` (and ``parent``
    when the group's agencies have parent agencies: the group names a
    ``parent_group`` or is ranked or compared within parents), then for each
    indicator the group's criteria, bonuses and penalties use a value column
    and an ``evidence:`` column, then a ``claim:`` column for each criterion
    the agency may claim is outside its function. Row 1 holds the column ids;
    four note rows (first cell starting with ``#``) give labels in Vietnamese
    and English, units and allowed values; then one row per agency of
    *agencies* in the group (id and name filled in), and *rows* more rows
    with only the group filled in wait for one agency each.

    An XLSX template adds drop-down lists for the group, yes/no and choice
    indicators, offering the labels in *lang* (which the readers accept as
    well as the ids), range checks for numbers, an input prompt on every
    column saying what to enter (unit and allowed values), and a sheet
    explaining each indicator. Its header rows are protected (no password);
    the data cells stay editable. See ``docs/data.md``.

    Args:
        ruleset: The ruleset.
        path: Where to write; the extension (``.xlsx`` or ``.csv``) picks the
            format unless *format* is given.
        group: The agency group (its id or label).
        format: ``"xlsx"`` or ``"csv"``.
        sources: The sources to collect, each with its own columns:
            ``("agency",)`` for the agencies' own report (the default), or
            e.g. ``("agency", "verification")`` for an assessor's sheet.
        rows: How many empty agency rows to prepare.
        lang: ``"vi"`` (the default) or ``"en"``: the language of the XLSX
            drop-down lists, group cells and input prompts. The note rows
            and the guide are in both languages.
        agencies: Submissions (e.g. from :func:`~indicator_index.read_submissions`
            of an earlier data file) whose agencies of *group* are filled in,
            one row each (id, name, group and parent), in their order; other
            groups' agencies are left out, but the agencies of the group's
            parent group are offered in the parent column's drop-down list.
        per_parent: Write one data sheet per parent agency (XLSX only), named
            after it, holding its agencies and *rows* empty rows with the
            group and the parent filled in. The parents are the agencies of
            the group's parent group in *agencies*, then any other parent its
            agencies name. The workbook reads back whole (every data sheet),
            or one parent's sheet at a time with ``sheet=``.

    Raises:
        DataError: for an unknown group or source, an unknown format or
            language, a duplicate agency, or a missing ``openpyxl`` (XLSX);
            nothing is written then.
        OSError: if the file cannot be written.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.1.0 *lang* and *agencies*; XLSX input prompts,
       labels in the drop-down lists and protected header rows.
    .. versionchanged:: 0.2.0 the ``parent`` column; *per_parent*.
    """
    target = Path(path)
    kind = (format or target.suffix).lower().lstrip(".")
    if kind not in TEMPLATE_FORMATS:
        what = Message("template.format_named", format=format) if format else Message("template.extension", suffix=target.suffix)
        msg = Message("template.format", what=what)
        raise DataError([Problem(message=msg, file=str(path))])
    group_id, prefill, parents = _check(ruleset, group, tuple(sources), rows, lang, agencies, kind if per_parent else None)
    columns = template_columns(ruleset, group_id, tuple(sources))
    from indicator_index._atomic import replace_file  # a failure leaves an existing file as it was

    if kind == "csv":
        replace_file(target, _csv_template(columns, group_id, rows, prefill).encode("utf-8-sig"))
    else:
        book = _xlsx_template(ruleset, columns, group_id, rows, tuple(sources), lang, prefill, parents, per_parent=per_parent)
        replace_file(target, book.save)


def _note_rows(columns: Sequence[_Column]) -> list[list[str]]:
    from indicator_index._report import _text_cell  # ruleset text a spreadsheet would run as a formula, neutralised as in reports

    rows = []
    for marker, field in zip(_NOTES, ("vi", "en", "unit", "allowed"), strict=True):
        cells = [_text_cell(getattr(c, field)) for c in columns]
        cells[0] = marker
        rows.append(cells)
    return rows


def _agency_row(columns: Sequence[_Column], agency: str, name: str, group: str, parent: str = "") -> list[str | None]:
    """A data row with the agency's id, name, group and parent filled in."""
    fixed = {"id": agency, "name": name, "group": group, "parent": parent}
    return [fixed.get(c.kind) or None for c in columns]


def _csv_template(columns: Sequence[_Column], group: str, rows: int, prefill: Sequence[Prefill] = ()) -> str:
    """The text of a CSV template (the caller writes it with a byte-order mark, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    writer.writerows(_note_rows(columns))
    for agency, name, parent in prefill:
        writer.writerow(_agency_row(columns, agency, name, group, parent))
    for _ in range(rows):
        writer.writerow([group if c.kind == "group" else "" for c in columns])
    return out.getvalue()


def _prompt(column: _Column, lang: str, offered: Sequence[str]) -> tuple[str, str]:
    """The input prompt of a column: a title and what to enter, in *lang*, within Excel's limits."""
    words = _PROMPT_WORDS[lang]
    label = column.vi if lang == "vi" else column.en
    title = label or column.header
    if column.kind == "id":
        lines = [words["id"]]
    elif column.kind == "name":
        lines = [words["name"]]
    elif column.kind == "group":
        lines = [f"{words['group']}: {'; '.join(offered)}"]
    elif column.kind == "parent":
        lines = [column.allowed_vi if lang == "vi" else column.allowed_en]
        if offered:
            lines.append(f"{words['pick']}: {'; '.join(offered)}")
    elif column.kind == "evidence":
        lines = [f"{words['evidence']} {column.header[len(EVIDENCE_PREFIX) :]}."]
    elif column.kind == "claim":
        lines = [label, column.allowed_vi if lang == "vi" else column.allowed_en]
    else:
        lines = [label]
        if column.unit:
            lines.append(f"{words['unit']}: {column.unit}")
        if offered:
            lines.append(f"{words['pick']}: {'; '.join(offered)}")
        else:
            lines.append(f"{words['values']}: {column.allowed_vi if lang == 'vi' else column.allowed_en}")
        lines.append(words["empty"])
    return _clip(title, _TITLE_LIMIT), _clip("\n".join(line for line in lines if line), _MESSAGE_LIMIT)


_BAD_TITLE = re.compile(r"[\\/*?:\[\]]")


def sheet_titles(parents: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """
    The worksheet title of each parent agency (id, name): its name (else its id) within Excel's rules for
    titles (at most 31 characters, none of ``\\ / * ? : [ ]``, no apostrophe at either end), unique
    ignoring case and distinct from the template's other sheets; a repeated title gets `` (2)``, `` (3)`` ….
    """
    taken = {DATA_SHEET.casefold(), GUIDE_SHEET.casefold(), LISTS_SHEET.casefold()}
    out = []
    for agency, name in parents:
        base = " ".join(_BAD_TITLE.sub(" ", name or agency).split()).strip("'")[:31].strip() or _BAD_TITLE.sub("-", agency)[:31]
        title, n = base, 1
        while title.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            title = base[: 31 - len(suffix)] + suffix
        taken.add(title.casefold())
        out.append(title)
    return tuple(out)


def _xlsx_template(
    ruleset: Ruleset,
    columns: Sequence[_Column],
    group: str,
    rows: int,
    sources: Sequence[str],
    lang: str = "vi",
    prefill: Sequence[Prefill] = (),
    parents: Sequence[tuple[str, str]] = (),
    *,
    per_parent: bool = False,
) -> Any:
    """An openpyxl workbook holding the XLSX template: one data sheet, or one per parent (*per_parent*)."""
    openpyxl = _optional("openpyxl", "data.task.write_template", "xlsx")
    styles = _optional("openpyxl.styles", "data.task.write_template", "xlsx")
    validation = _optional("openpyxl.worksheet.datavalidation", "data.task.write_template", "xlsx")
    utils = _optional("openpyxl.utils", "data.task.write_template", "xlsx")
    book = openpyxl.Workbook()
    bold = styles.Font(bold=True)
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    group_cell = group_text(ruleset, group, lang)
    # (sheet, its parent's id or "" for the one data sheet)
    data: list[tuple[Any, str]] = []
    if per_parent:
        for (parent, _), title in zip(parents, sheet_titles(parents), strict=True):
            sheet = book.active if not data else book.create_sheet(title)
            sheet.title = title
            data.append((sheet, parent))
    else:
        book.active.title = DATA_SHEET
        data.append((book.active, ""))
    for sheet, parent in data:
        mine = [p for p in prefill if p[2] == parent] if per_parent else list(prefill)
        _data_sheet(sheet, columns, rows, mine, group_cell, parent, styles, utils)

    # The drop-down lists live on a hidden sheet: a list written into the validation itself may not
    # hold commas (labels do) nor exceed 255 characters.
    lists = book.create_sheet(LISTS_SHEET)
    ranges: dict[tuple[str, str], str] = {}
    offered: dict[tuple[str, str], tuple[str, ...]] = {}

    def add_list(key: tuple[str, str], values: Sequence[str]) -> None:
        column = len(ranges) + 1
        letter = utils.get_column_letter(column)
        lists.cell(row=1, column=column, value=key[1])
        for offset, value in enumerate(values, start=2):
            cell = lists.cell(row=offset, column=column, value=value)
            if cell.data_type == "f":  # a label starting with "=" is offered as text
                cell.data_type = "s"
        ranges[key] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        offered[key] = tuple(values)

    add_list(("yes_no", "yes_no"), _YES_NO_WORDS[lang])
    add_list(("group", "group"), (group_cell,))
    has_parent = any(c.kind == "parent" for c in columns)
    if has_parent and per_parent:
        for _, parent in data:
            add_list(("parent", parent), (parent,))
    elif has_parent and parents:
        add_list(("parent", ""), tuple(p for p, _ in parents))
    for column in columns:
        indicator = column.indicator
        if indicator is not None and indicator.type == "choice" and ("choice", indicator.id) not in ranges:
            add_list(("choice", indicator.id), choice_labels(indicator, lang))
    lists.sheet_state = "hidden"
    lists.protection.sheet = True

    def check(column: _Column, parent: str) -> Any:
        """The data validation of a column: a check where the type has one, and always an input prompt."""
        indicator = column.indicator
        kind = column.kind if column.kind in ("group", "parent") else (indicator.type if indicator is not None and column.kind == "value" else None)
        if kind == "parent":
            key = ("parent", parent)
        elif kind in ("group", "yes_no"):
            key = (kind or "", kind or "")
        else:
            key = ("choice", indicator.id if indicator is not None and kind == "choice" else "")
        title, prompt = _prompt(column, lang, offered.get(key, ()))
        common: dict[str, Any] = {"allow_blank": True, "showInputMessage": True, "promptTitle": title, "prompt": prompt}
        checked = {
            **common,
            "showErrorMessage": True,
            "errorTitle": _clip(_PROMPT_WORDS[lang]["invalid"], _TITLE_LIMIT),
            "error": _clip(f"{column.allowed_vi} · {column.allowed_en}", _MESSAGE_LIMIT),
        }
        if key in ranges:
            return validation.DataValidation(type="list", formula1=ranges[key], **checked)
        if kind == "ratio":
            return validation.DataValidation(type="decimal", operator="between", formula1="0", formula2="1", **checked)
        if kind == "count":
            return validation.DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **checked)
        if kind == "number" and indicator is not None:
            low, high = indicator.min, indicator.max
            if low is not None and high is not None:
                return validation.DataValidation(type="decimal", operator="between", formula1=_fmt(low), formula2=_fmt(high), **checked)
            if low is not None:
                return validation.DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=_fmt(low), **checked)
            if high is not None:
                return validation.DataValidation(type="decimal", operator="lessThanOrEqual", formula1=_fmt(high), **checked)
        return validation.DataValidation(**common)  # any value: the prompt only

    for sheet, parent in data:
        for index, column in enumerate(columns, start=1):
            rule = check(column, parent)
            letter = utils.get_column_letter(index)
            rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}1048576")
            sheet.add_data_validation(rule)

    _guide(book.create_sheet(GUIDE_SHEET, len(data)), ruleset, columns, group, sources, bold, wrap, [s.title for s, _ in data])
    return book


def _data_sheet(sheet: Any, columns: Sequence[_Column], rows: int, prefill: Sequence[Prefill], group_cell: str, parent: str, styles: Any, utils: Any) -> None:
    """A data sheet: the column ids, the note rows, the agencies to fill in and *rows* empty rows; its header rows protected."""
    bold = styles.Font(bold=True)
    note_font = styles.Font(italic=True, color="555555")
    note_fill = styles.PatternFill("solid", fgColor="EEEEEE")
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    unlocked = styles.Protection(locked=False)
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = bold
    for note in _note_rows(columns):
        sheet.append(note)
    for row in sheet.iter_rows(min_row=2, max_row=FIRST_DATA_ROW - 1):
        for cell in row:
            cell.font, cell.fill, cell.alignment = note_font, note_fill, wrap
    for agency, name, own_parent in prefill:
        sheet.append(_agency_row(columns, agency, name, group_cell, own_parent))
    for _ in range(rows):
        sheet.append(_agency_row(columns, "", "", group_cell, parent))
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=len(columns)):
        for cell in row:
            cell.protection = unlocked
            if cell.data_type == "f":  # an id or name from the data that starts with "=": text, never a formula
                cell.data_type = "s"
    fixed = sum(1 for c in columns if c.kind in ("id", "name", "group", "parent"))
    sheet.freeze_panes = f"{utils.get_column_letter(fixed + 1)}{FIRST_DATA_ROW}"
    widths = {"id": 16, "name": 32, "group": 14, "parent": 16, "value": 18, "evidence": 24, "claim": 30}
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[utils.get_column_letter(index)]
        dimension.width = widths[column.kind]
        dimension.protection = unlocked  # rows added below the prepared ones stay editable too
    # The header rows are protected without a password; rows may be added, deleted, sorted and resized.
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.insertRows = protection.deleteRows = False
    protection.sort = protection.autoFilter = False


def _guide(
    sheet: Any, ruleset: Ruleset, columns: Sequence[_Column], group: str, sources: Sequence[str], bold: Any, wrap: Any, data: Sequence[str] = (DATA_SHEET,)
) -> None:
    """The sheet explaining how to fill the template and what each indicator is."""
    label = ruleset.group(group).label
    plan = ruleset._plan
    users: dict[str, list[str]] = {}
    items: list[Criterion | Bonus | Penalty] = [c for c, _, _ in plan.criteria_by_group[group]]
    items += [b for b, _ in plan.bonuses_by_group[group]]
    items += [p for p, _ in plan.penalties_by_group[group]]
    for item in items:
        for used in item.rule.indicator_ids():
            users.setdefault(used, []).append(item.id)
    if len(data) == 1:
        where_vi, where_en = f"trang '{data[0]}'", f"the '{data[0]}' sheet"
    else:
        where_vi = f"trang của đơn vị cấp trên của mình (mỗi đơn vị cấp trên một trang: {', '.join(data)})"
        where_en = f"its parent agency's sheet (one sheet per parent agency: {', '.join(data)})"
    lines = [
        f"Mẫu thu thập số liệu · Data-collection template — {ruleset.title.text('vi')} · {ruleset.title.text('en')}",
        f"Bộ chỉ số · Ruleset: {ruleset.id} {ruleset.version}; nhóm · group: {group} — {label.text('vi')} · {label.text('en')}",
        "",
        f"Mỗi cơ quan điền một dòng trên {where_vi}, từ dòng {FIRST_DATA_ROW}. Không sửa dòng 1 (mã cột); các dòng bắt đầu bằng # chỉ là ghi chú.",
        f"One row per agency on {where_en}, from row {FIRST_DATA_ROW}. Do not change row 1 (the column ids); rows starting with # are notes.",
        f"Dòng 1 đến {FIRST_DATA_ROW - 1} được khoá (không đặt mật khẩu: Review › Unprotect Sheet); các ô số liệu vẫn sửa được. "
        "Chọn giá trị trong danh sách thả xuống; khi chọn một ô, ghi chú cho biết cần nhập gì.",
        f"Rows 1 to {FIRST_DATA_ROW - 1} are protected (no password: Review › Unprotect Sheet); the data cells stay editable. "
        "Pick values from the drop-down lists; selecting a cell shows what to enter.",
        "Để trống ô chưa có số liệu. Có/không: có, không (cũng nhận yes, no, true, false, 1, 0). Tỷ lệ: từ 0 đến 1, hoặc phần trăm (85%).",
        "Leave a cell empty when there is no figure. Yes/no: có, không (yes, no, true, false, 1, 0 also work). Ratios: 0 to 1, or a percentage (85%).",
        "Cột 'evidence:…': số, ký hiệu văn bản kiểm chứng số liệu. Cột 'claim:…': chỉ điền khi tiêu chí nằm ngoài chức năng, "
        "nhiệm vụ của cơ quan, ghi số văn bản chứng minh; tiêu chí đó không tính vào tổng điểm tối đa.",
        "'evidence:…' columns: the reference of the document behind the figure. 'claim:…' columns: only when the criterion is outside "
        "the agency's function; give the supporting document; the criterion then leaves the agency's maximum.",
    ]
    if tuple(sources) != (OWN_SOURCE,):
        names = ", ".join(f"{s} ({_source_label(s)[0]} · {_source_label(s)[1]})" for s in sources)
        lines.append(
            f"Nguồn số liệu · Sources: {names}. Cột 'chỉ_tiêu@nguồn' · 'indicator@source' columns. Thứ tự ưu tiên · precedence: {', '.join(ruleset.sources)}."
        )
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = bold
    sheet.append([])
    header = [
        "Cột · Column",
        "Tên (tiếng Việt)",
        "Name (English)",
        "Kiểu · Type",
        "Đơn vị · Unit",
        "Giá trị hợp lệ · Allowed values",
        "Mô tả · Description",
        "Tiêu chí · Criteria",
        "Đối chiếu · Cross-checked by",
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column in columns:
        indicator = column.indicator
        if column.kind == "value" and indicator is not None:
            sheet.append(
                [
                    column.header,
                    column.vi,
                    column.en,
                    indicator.type,
                    indicator.unit,
                    column.allowed,
                    indicator.description,
                    ", ".join(users.get(indicator.id, [])),
                    indicator.records_from,
                ]
            )
        elif column.kind == "claim":
            criterion = ruleset.criterion(column.header[len(CLAIM_PREFIX) :])
            sheet.append([column.header, column.vi, column.en, "claim", "", column.allowed, criterion.evidence, criterion.id, criterion.verifier])
    from indicator_index._report import _text_cell

    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = _text_cell(cell.value)  # ruleset text a spreadsheet would run as a formula, neutralised as in reports
            if cell.row >= len(lines) + 2:
                cell.alignment = wrap
    for letter, width in zip("ABCDEFGHI", (30, 40, 40, 10, 10, 40, 40, 16, 24), strict=True):
        sheet.column_dimensions[letter].width = width
