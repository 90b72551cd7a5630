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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from indicator_index._data import (
    CLAIM_PREFIX,
    EVIDENCE_PREFIX,
    GROUP_COLUMN,
    ID_COLUMN,
    NAME_COLUMN,
    OWN_SOURCE,
    SOURCE_MARK,
    _Lookup,
    _optional,
)
from indicator_index._model import Bonus, Criterion, Indicator, Penalty, Ruleset
from indicator_index._rules import _fmt
from indicator_index.errors import DataError, Problem


__all__ = ["write_template"]

TEMPLATE_FORMATS = ("csv", "xlsx")
DATA_SHEET = "Dữ liệu - Data"
GUIDE_SHEET = "Hướng dẫn - Guide"
LISTS_SHEET = "Danh mục - Lists"
FIRST_DATA_ROW = 6  # row 1: column ids; rows 2-5: notes
_NOTES = ("# Tiếng Việt", "# English", "# Đơn vị · Unit", "# Giá trị · Values")
_SOURCE_LABELS = {
    "agency": ("cơ quan tự báo cáo", "agency's own report"),
    "verification": ("thẩm định", "verification"),
    "records": ("số liệu của sở, ngành", "departments' records"),
}


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
    kind: str = "value"  # value, evidence, claim, id, name, group

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


def template_columns(ruleset: Ruleset, group: str, sources: Sequence[str] = (OWN_SOURCE,)) -> tuple[_Column, ...]:
    """The columns of the template of *group*: agency, then value and evidence per indicator and source, then claims."""
    label = ruleset.group(group).label
    columns = [
        _Column(header=ID_COLUMN, vi="Mã cơ quan", en="Agency id", allowed_vi="mã riêng của mỗi cơ quan", allowed_en="a unique id", kind="id"),
        _Column(header=NAME_COLUMN, vi="Tên cơ quan", en="Agency name", kind="name"),
        _Column(
            header=GROUP_COLUMN,
            vi="Nhóm",
            en="Group",
            kind="group",
            allowed_vi=f"{group} ({label.text('vi')})",
            allowed_en=f"{group} ({label.text('en')})",
        ),
    ]
    for indicator in group_indicators(ruleset, group):
        allowed_vi, allowed_en = _allowed(indicator)
        for source in sources:
            suffix = "" if source == OWN_SOURCE else f"{SOURCE_MARK}{source}"
            source_vi, source_en = _source_label(source)
            note_vi = "" if source == OWN_SOURCE else f" ({source_vi})"
            note_en = "" if source == OWN_SOURCE else f" ({source_en})"
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
                    vi=f"Tài liệu kiểm chứng: {indicator.label.text('vi')}{note_vi}",
                    en=f"Evidence: {indicator.label.text('en')}{note_en}",
                    allowed_vi="số, ký hiệu văn bản",
                    allowed_en="document reference",
                    indicator=indicator,
                    kind="evidence",
                )
            )
    for criterion in group_claims(ruleset, group):
        columns.append(
            _Column(
                header=f"{CLAIM_PREFIX}{criterion.id}",
                vi=f"Ngoài chức năng, nhiệm vụ: {criterion.id} {criterion.label.text('vi')}",
                en=f"Outside our function: {criterion.id} {criterion.label.text('en')}",
                allowed_vi="để trống, hoặc số văn bản chứng minh",
                allowed_en="empty, or the reference of the supporting document",
                kind="claim",
            )
        )
    return tuple(columns)


def _check(ruleset: Ruleset, group: str, sources: Sequence[str], rows: int) -> str:
    """The id of *group*, after checking the arguments; raises DataError listing every problem."""
    lookup = _Lookup(ruleset)
    problems: list[Problem] = []
    found = lookup.group(group)
    if isinstance(found, tuple):
        problems.append(Problem(message=found[0]))
    for source in sources:
        if source not in ruleset.sources:
            known = ", ".join(repr(s) for s in ruleset.sources)
            problems.append(Problem(message=f"unknown source {source!r}; the ruleset has {known}"))
    if len(set(sources)) != len(sources) or not sources:
        problems.append(Problem(message=f"sources must name each source once, got {tuple(sources)!r}"))
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
        problems.append(Problem(message=f"rows must be a whole number >= 0, got {rows!r}"))
    reserved = [i.id for i in ruleset.indicators if i.id.casefold() in (ID_COLUMN, NAME_COLUMN, GROUP_COLUMN)]
    for indicator in reserved:
        problems.append(Problem(message="the id of this indicator is a reserved column of the wide layout", indicator=indicator))
    if problems:
        raise DataError(problems, title="cannot write a template")
    assert isinstance(found, str)
    return found


def write_template(
    ruleset: Ruleset,
    path: str | Path,
    *,
    group: str,
    format: str | None = None,
    sources: Sequence[str] = (OWN_SOURCE,),
    rows: int = 100,
) -> None:
    """
    Write a data-collection template for the agencies of one group.

    The template has a column ``id``, ``name`` and ``group``, then for each
    indicator the group's criteria, bonuses and penalties use a value column
    and an ``evidence:`` column, then a ``claim:`` column for each criterion
    the agency may claim is outside its function. Row 1 holds the column ids;
    four note rows (first cell starting with ``#``) give labels in Vietnamese
    and English, units and allowed values; then *rows* rows with the group
    filled in wait for one agency each. An XLSX template adds drop-down lists
    for yes/no and choice indicators, range checks for numbers, and sheets
    explaining each indicator. See ``docs/data.md``.

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

    Raises:
        DataError: for an unknown group or source, an unknown format, or a
            missing ``openpyxl`` (XLSX); nothing is written then.
        OSError: if the file cannot be written.

    .. versionadded:: 0.1.0
    """
    target = Path(path)
    kind = (format or target.suffix).lower().lstrip(".")
    if kind not in TEMPLATE_FORMATS:
        what = f"format {format!r}" if format else f"the extension {target.suffix!r}"
        msg = f"a template is written as xlsx or csv, got {what}"
        raise DataError([Problem(message=msg, file=str(path))])
    group_id = _check(ruleset, group, tuple(sources), rows)
    columns = template_columns(ruleset, group_id, tuple(sources))
    if kind == "csv":
        target.write_bytes(_csv_template(columns, group_id, rows).encode("utf-8-sig"))
    else:
        _xlsx_template(ruleset, columns, group_id, rows, tuple(sources)).save(target)


def _note_rows(columns: Sequence[_Column]) -> list[list[str]]:
    rows = []
    for marker, field in zip(_NOTES, ("vi", "en", "unit", "allowed"), strict=True):
        cells = [getattr(c, field) for c in columns]
        cells[0] = marker
        rows.append(cells)
    return rows


def _csv_template(columns: Sequence[_Column], group: str, rows: int) -> str:
    """The text of a CSV template (the caller writes it with a byte-order mark, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    writer.writerows(_note_rows(columns))
    for _ in range(rows):
        writer.writerow([group if c.kind == "group" else "" for c in columns])
    return out.getvalue()


def _xlsx_template(ruleset: Ruleset, columns: Sequence[_Column], group: str, rows: int, sources: Sequence[str]) -> Any:
    """An openpyxl workbook holding the XLSX template."""
    openpyxl = _optional("openpyxl", "writing an XLSX template", "xlsx")
    styles = _optional("openpyxl.styles", "writing an XLSX template", "xlsx")
    validation = _optional("openpyxl.worksheet.datavalidation", "writing an XLSX template", "xlsx")
    utils = _optional("openpyxl.utils", "writing an XLSX template", "xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    bold = styles.Font(bold=True)
    note_font = styles.Font(italic=True, color="555555")
    note_fill = styles.PatternFill("solid", fgColor="EEEEEE")
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = bold
    for note in _note_rows(columns):
        sheet.append(note)
    for row in sheet.iter_rows(min_row=2, max_row=FIRST_DATA_ROW - 1):
        for cell in row:
            cell.font, cell.fill, cell.alignment = note_font, note_fill, wrap
    for _ in range(rows):
        sheet.append([group if c.kind == "group" else None for c in columns])
    sheet.freeze_panes = f"D{FIRST_DATA_ROW}"
    widths = {"id": 16, "name": 32, "group": 14, "value": 18, "evidence": 24, "claim": 30}
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[utils.get_column_letter(index)].width = widths[column.kind]

    lists = book.create_sheet(LISTS_SHEET)
    lists.append(["yes_no"])
    lists.append(["có"])
    lists.append(["không"])
    choice_ranges: dict[str, str] = {}
    list_column = 1
    for column in columns:
        indicator = column.indicator
        if indicator is None or indicator.type != "choice" or indicator.id in choice_ranges:
            continue
        list_column += 1
        letter = utils.get_column_letter(list_column)
        lists.cell(row=1, column=list_column, value=indicator.id)
        for offset, option in enumerate(indicator.options, start=2):
            lists.cell(row=offset, column=list_column, value=option.id)
        choice_ranges[indicator.id] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(indicator.options) + 1}"
    lists.sheet_state = "hidden"

    def check(column: _Column) -> Any:
        """The data validation of a column, if it has one."""
        indicator = column.indicator
        kind = "group" if column.kind == "group" else (indicator.type if indicator is not None and column.kind == "value" else None)
        common = {"allow_blank": True, "error": f"{column.allowed_vi} · {column.allowed_en}", "errorTitle": "Giá trị không hợp lệ · Invalid value"}
        if kind == "group":
            return validation.DataValidation(type="list", formula1=f'"{group}"', **common)
        if kind == "yes_no":
            return validation.DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!$A$2:$A$3", **common)
        if kind == "choice" and indicator is not None:
            return validation.DataValidation(type="list", formula1=choice_ranges[indicator.id], **common)
        if kind == "ratio":
            return validation.DataValidation(type="decimal", operator="between", formula1="0", formula2="1", **common)
        if kind == "count":
            return validation.DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **common)
        if kind == "number" and indicator is not None:
            low, high = indicator.min, indicator.max
            if low is not None and high is not None:
                return validation.DataValidation(type="decimal", operator="between", formula1=_fmt(low), formula2=_fmt(high), **common)
            if low is not None:
                return validation.DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=_fmt(low), **common)
            if high is not None:
                return validation.DataValidation(type="decimal", operator="lessThanOrEqual", formula1=_fmt(high), **common)
        return None

    for index, column in enumerate(columns, start=1):
        rule = check(column)
        if rule is None:
            continue
        rule.showErrorMessage = True
        letter = utils.get_column_letter(index)
        rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}1048576")
        sheet.add_data_validation(rule)

    _guide(book.create_sheet(GUIDE_SHEET, 1), ruleset, columns, group, sources, bold, wrap)
    return book


def _guide(sheet: Any, ruleset: Ruleset, columns: Sequence[_Column], group: str, sources: Sequence[str], bold: Any, wrap: Any) -> None:
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
    lines = [
        f"Mẫu thu thập số liệu · Data-collection template — {ruleset.title.text('vi')} · {ruleset.title.text('en')}",
        f"Bộ chỉ số · Ruleset: {ruleset.id} {ruleset.version}; nhóm · group: {group} — {label.text('vi')} · {label.text('en')}",
        "",
        f"Mỗi cơ quan điền một dòng trên trang '{DATA_SHEET}', từ dòng {FIRST_DATA_ROW}. Không sửa dòng 1 (mã cột); các dòng bắt đầu bằng # chỉ là ghi chú.",
        f"One row per agency on the '{DATA_SHEET}' sheet, from row {FIRST_DATA_ROW}. Do not change row 1 (the column ids); rows starting with # are notes.",
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
    for row in sheet.iter_rows(min_row=len(lines) + 2):
        for cell in row:
            cell.alignment = wrap
    for letter, width in zip("ABCDEFGHI", (30, 40, 40, 10, 10, 40, 40, 16, 24), strict=True):
        sheet.column_dimensions[letter].width = width
