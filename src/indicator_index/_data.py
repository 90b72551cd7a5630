"""
Reading agency data into submissions, and comparing data sources.

Agency data comes as JSON documents, CSV files (a *wide* layout, one row per
agency, or a *long* layout, one row per figure), XLSX workbooks (the optional
``xlsx`` extra) or pandas data frames (the optional ``pandas`` extra). Every
reader checks each value against the indicator's declared type and range when
it is given the ruleset, reports every problem at once with the file, row,
column, agency and indicator, and returns nothing when there is any problem:
nothing is ever scored from a half-read file. See ``docs/data.md``.

A JSON data document lists agencies with their group, values and claims::

    {"agencies": [
        {"id": "d1", "name": "Sở Nội vụ", "group": "department",
         "values": {"staff_computer_share": 0.9,
                    "steering_meetings": {"agency": 4, "verification": 3}},
         "claims": {"3.1": "Công văn 12/SNV"}}
    ]}

A value given as a table maps each source to its figure. Numbers are read as
``Decimal`` so that ``0.1`` stays exactly one tenth. An agency may name its
parent agency (``"parent": "quan-hai-chau"``), and a past round's agency may
give its total as decided and published instead of values and claims
(``"decided": {"total": 96.53, "source": "plo.vn, 17 Jul 2024"}``); tables
have ``parent``, ``decided_total`` and ``decided_source`` columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import importlib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from decimal import Decimal, InvalidOperation, localcontext
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs
from attrs import frozen

from indicator_index._arithmetic import CONTEXT
from indicator_index._messages import CATALOGUE, Count, Message, did_you_mean
from indicator_index._model import DecidedTotal, Figure, Indicator, Ruleset, Submission
from indicator_index._plan import plan_for
from indicator_index._scoring import Cohort, _number, check_value, cohort_of, decided_problem, pack_ranks, prepare, score
from indicator_index._text import nfc, number_text, safe, show, text_problem, visible
from indicator_index.errors import DataError, Problem, ScoringError


__all__ = [
    "Discrepancy",
    "bundled_samples",
    "discrepancies",
    "read_cohort",
    "read_submissions",
    "resolve_data",
    "submissions_from_dataframe",
    "submissions_from_dict",
]

MAX_BYTES = 64 * 1024 * 1024
"""The largest data file read, so that a wrong path cannot exhaust memory; also the most an XLSX workbook may expand to."""

MAX_CELLS = MAX_BYTES // 8
"""The most cells a table is read as (its header's width times its rows): what a file of :data:`MAX_BYTES` holds at 8 bytes a cell."""

MAX_COHORT_CELLS = MAX_BYTES // 2
"""
The most cells a CSV table read into a cohort (:func:`read_cohort`) may have: every cell a file of
:data:`MAX_BYTES` can hold (a cell takes at least one character and its delimiter), so that the byte
limit alone bounds it. A cohort keeps a checked value in one 8-byte slot of its agency's row (equal
cell texts share one value object), not a :class:`Figure` of about 300 bytes per cell, so such a file
costs at most a few hundred MB.
"""

OWN_SOURCE = "agency"
"""The source of the figures an agency reports itself."""

FORMATS = ("json", "csv", "xlsx")
_SUFFIXES = {".json": "json", ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}

YES_WORDS = ("có", "co", "yes", "true", "đúng", "1")
NO_WORDS = ("không", "khong", "no", "false", "sai", "0")
_YES_NO = {**dict.fromkeys(YES_WORDS, True), **dict.fromkeys(NO_WORDS, False)}
_YES_NO_HINT = "có, không, yes, no, true, false, 1, 0"

# Wide layout: fixed columns, and prefixes of claim and evidence columns.
ID_COLUMN, NAME_COLUMN, GROUP_COLUMN = "id", "name", "group"
PARENT_COLUMN, DECIDED_TOTAL_COLUMN, DECIDED_SOURCE_COLUMN = "parent", "decided_total", "decided_source"
HEADER_LABELS = {
    PARENT_COLUMN: ("Đơn vị cấp trên", "Parent agency"),
    DECIDED_TOTAL_COLUMN: ("Tổng điểm đã công bố", "Decided total"),
    DECIDED_SOURCE_COLUMN: ("Nguồn công bố", "Where it was published"),
}
"""The Vietnamese and English labels of the agency-level columns added in 0.2.0; a header may give either instead of the id."""
_ALIASES = {nfc(text).casefold(): key for key, labels in HEADER_LABELS.items() for text in (key, *labels)}
AGENCY_COLUMNS = (PARENT_COLUMN, DECIDED_TOTAL_COLUMN, DECIDED_SOURCE_COLUMN)
CLAIM_PREFIX = "claim:"
EVIDENCE_PREFIX = "evidence:"
SOURCE_MARK = "@"
NOTE_MARK = "#"
# Long layout columns.
LONG_COLUMNS = ("agency", "indicator", "value", "source", "evidence", "name", "group", *AGENCY_COLUMNS)
_LONG_REQUIRED = ("agency", "indicator", "value", "group")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# A JSON integer longer than this is read as a Decimal (Python refuses to read one of over 4,300 digits
# as an int); either way the engine's size limits (``check_value``) then refuse it with its path.
_INT_DIGITS = 18


# --- Bundled samples --------------------------------------------------------


def _samples_dirs() -> list[Path]:
    dirs = []
    packaged = resources.files("indicator_index") / "samples"
    if packaged.is_dir():
        dirs.append(Path(str(packaged)))
    checkout = Path(__file__).resolve().parents[2] / "samples"
    if checkout.is_dir():
        dirs.append(checkout)
    return dirs


def bundled_samples() -> tuple[str, ...]:
    """
    The names of the sample data sets shipped with the library.

    .. versionadded:: 0.1.0
    """
    names: set[str] = set()
    for folder in _samples_dirs():
        names.update(p.stem for p in folder.glob("*.json"))
    return tuple(sorted(names))


def resolve_data(path_or_name: str | Path) -> Path:
    """
    A path for a data file path or a bundled sample name.

    A bare name without an extension (``danang-2021``) is the bundled sample of that name
    when there is one, even if a file of that name lies in the working directory: write
    ``./danang-2021`` for the file.

    Raises:
        DataError: if there is no such file or bundled sample.

    .. versionadded:: 0.1.0
    """
    path = Path(path_or_name)
    text = str(path_or_name)
    # A bare name (no folder separator, no extension) is the bundled sample when there is one, whatever
    # files lie in the working directory (as for ruleset names); write ./name to read such a file.
    if "/" not in text and "\\" not in text and not path.suffix:
        for folder in _samples_dirs():
            candidate = folder / f"{text}.json"
            if candidate.is_file():
                return candidate
    if path.is_file():
        return path
    if "/" not in text and "\\" not in text:
        for folder in _samples_dirs():
            for candidate in (folder / text, folder / f"{text}.json"):
                if candidate.is_file():
                    return candidate
    if path.is_dir():
        msg = Message("data.file.directory", name=str(path_or_name))
    else:
        known = ", ".join(bundled_samples()) or Message("value.none")
        msg = Message("data.file.not_found", name=str(path_or_name), known=known)
    raise DataError([Problem(message=msg)])


# --- Values -----------------------------------------------------------------


def _is_empty(raw: object) -> bool:
    """Whether a cell holds nothing: ``None``, blank text, or a NaN from a data frame."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not nfc(raw)
    if isinstance(raw, float):
        return math.isnan(raw)
    return False


def _cell_text(raw: object) -> str:
    """A cell as text, for ids, names, groups, headers and evidence references."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return nfc(raw)
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        if math.isnan(raw):
            return ""
        if raw.is_integer():
            return str(int(raw))
        return repr(raw)
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        return raw.isoformat()
    return nfc(str(raw))


def _describe(raw: object) -> str:
    """A cell as shown in a message: text quoted, a date named as one."""
    if isinstance(raw, str):
        return show(nfc(raw))
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        return Message("data.value.date", date=raw.isoformat())
    if isinstance(raw, Decimal):
        return number_text(raw)
    return show(raw)


def _decimal(text: str) -> Decimal:
    """
    ``Decimal(text)`` of a valid number literal, also when its exponent is beyond what a Decimal holds.

    Such a number (its exponent of 19 digits or more) is read as 1 with the
    largest exponent a Decimal holds, of its sign: still far beyond every size
    limit, so the value is refused as too large or too small (or read as zero,
    when it is zero).
    """
    try:
        return Decimal(text)
    except InvalidOperation:
        mantissa, _, exponent = text.lower().partition("e")
        sign, digits, _ = Decimal(mantissa).as_tuple()
        if not any(digits):
            return Decimal(0)
        largest = 10**18 - 1  # Decimal's largest exponent: 1E+999999999999999999 is still a Decimal
        return Decimal((sign, (1,), -largest if exponent.startswith("-") else largest))


def _parse_number(text: str, indicator: Indicator | None) -> Decimal | str:
    """
    A Decimal, exactly as written, from the text of a cell; or why not.

    The decimal mark is ``.``; a single ``,`` is accepted as the decimal mark
    when there is no ``.`` (Excel writes ``0,9`` in a Vietnamese locale),
    except where it could be a thousands separator (``12,500``). A ratio may be
    written as a percentage (``85%``).
    """
    number = text.replace(" ", "") if text.endswith("%") else text
    percent = number.endswith("%")
    if percent:
        number = number[:-1]
        if indicator is None or indicator.type != "ratio":
            return Message("data.value.percent_not_ratio", text=show(text))
    if "," in number:
        whole, _, fraction = number.partition(",")
        if "." in number or "," in fraction:
            return Message("data.value.thousands", text=show(text))
        if len(fraction) == 3 and whole.lstrip("+-") not in ("", "0"):
            return Message("data.value.ambiguous_number", text=text, thousands=f"{whole}{fraction}", decimal=f"{whole}.{fraction}")
        number = f"{whole}.{fraction}"
    if not _NUMBER.fullmatch(number):
        return Message("data.value.expected_number", text=show(text))
    value = _decimal(number)  # the pattern admits only valid literals
    if percent:  # one hundredth, exactly: no arithmetic, which could overflow or underflow at the extremes
        sign, digits, exponent = value.as_tuple()
        return Decimal((sign, digits, int(exponent) - 2))
    return value


def decided_number(raw: object, ruleset: Ruleset | None) -> Decimal | str:
    """
    A decided (published) total from a cell or JSON value, exactly as written; or why not.

    Text is read as a number cell is (``96.53``, ``96,53``), never through a
    float; a JSON number is already a Decimal; an XLSX number cell through its
    shortest form. Infinite, NaN and out-of-size numbers, dates, booleans and
    percentages are refused; with a *ruleset*, a total outside ``[0, scale]`` or
    with more decimal places than the ruleset rounds to is refused too.
    """
    if hasattr(raw, "item") and not isinstance(raw, str | bytes | Decimal):
        raw = raw.item()  # a NumPy scalar from a data frame
    value: object = raw
    if isinstance(raw, str):
        value = _parse_number(nfc(raw), None)
        if isinstance(value, str):
            return value
    elif isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        return Message("data.decided.number", value=_describe(raw))
    checked = _number(value)
    if isinstance(checked, str):
        return checked
    if ruleset is not None:
        wrong = decided_problem(ruleset, checked)
        if wrong is not None:
            return wrong
    return checked


def _choice_keys(indicator: Indicator) -> dict[str, set[str]]:
    """Folded option id or label -> the option ids it may mean."""
    keys: dict[str, set[str]] = {}
    for option in indicator.options:
        for text in (option.id, option.label.vi, option.label.en):
            if text.strip():
                keys.setdefault(nfc(text).casefold(), set()).add(option.id)
    return keys


def convert_value(indicator: Indicator, raw: object) -> tuple[object, str | None]:
    """
    Read one cell or JSON value as a value of *indicator*; return (value, problem).

    An empty cell gives ``(None, None)``: no figure. Text is parsed by the
    indicator's type: numbers exactly as ``Decimal``, yes/no from the words in
    :data:`YES_WORDS` and :data:`NO_WORDS` (any case), a choice from an option id
    or an option's Vietnamese or English label. Native numbers and booleans (from
    JSON, XLSX or a data frame) are taken as they are. The value is then checked
    against the indicator's type and range.
    """
    if _is_empty(raw):
        return None, None
    kind = indicator.type
    if hasattr(raw, "item") and not isinstance(raw, str | bytes | Decimal):
        raw = raw.item()  # a NumPy scalar from a data frame
    if kind == "yes_no":
        if isinstance(raw, str):
            word = nfc(raw).casefold()
            if word in _YES_NO:
                return _YES_NO[word], None
        elif isinstance(raw, bool):
            return raw, None
        elif isinstance(raw, int | float | Decimal) and raw in (0, 1):
            return raw == 1, None
        return None, Message("data.value.expected_yes_no", hint=_YES_NO_HINT, value=_describe(raw))
    if kind == "choice":
        if isinstance(raw, str):
            text = nfc(raw)
            if text in indicator.option_ids:
                return text, None
            found = _choice_keys(indicator).get(text.casefold(), set())
            if len(found) == 1:
                return next(iter(found)), None
            if len(found) > 1:
                names = ", ".join(repr(o) for o in indicator.option_ids if o in found)
                return None, Message("data.value.ambiguous_option", text=text, names=names)
        allowed = ", ".join(repr(o) for o in indicator.option_ids)
        return None, Message("data.value.expected_option", allowed=allowed, value=_describe(raw))
    value: object = raw
    if isinstance(raw, str):
        parsed = _parse_number(nfc(raw), indicator)
        if isinstance(parsed, str):
            return None, parsed
        value = parsed
    elif isinstance(raw, dt.datetime | dt.date | dt.time):
        return None, Message("data.value.expected_number", text=_describe(raw))
    checked, problem = check_value(indicator, value)
    if problem is not None:
        return None, problem
    return checked, None


# --- The ruleset, as the readers look things up in it -----------------------


class _Lookup:
    """Names in a ruleset matched the way data files spell them: NFC, then case-insensitively."""

    def __init__(self, ruleset: Ruleset) -> None:
        plan = ruleset._plan
        self.ruleset = ruleset
        self.indicators = {i.id.casefold(): i for i in ruleset.indicators}
        self.indicator_labels: dict[str, list[Indicator]] = {}
        for indicator in ruleset.indicators:
            for text in {nfc(indicator.label.vi).casefold(), nfc(indicator.label.en).casefold()} - {""}:
                self.indicator_labels.setdefault(text, []).append(indicator)
        self.criteria = {c.id.casefold(): c.id for c in ruleset.criteria}
        self.excludable = plan.excludable
        self.sources = {s.casefold(): s for s in ruleset.sources}
        self.applicable = {g: {c.id for c, _, _ in plan.criteria_by_group[g]} for g in plan.group_order}
        self.group_keys: dict[str, set[str]] = {}
        for group in ruleset.groups:
            for text in (group.id, group.label.vi, group.label.en):
                if text.strip():
                    self.group_keys.setdefault(nfc(text).casefold(), set()).add(group.id)

    @staticmethod
    def _hint(name: str, known: Iterable[str]) -> str:
        return did_you_mean(difflib.get_close_matches(name, list(known), n=1))

    def indicator(self, name: str) -> Indicator | str:
        """The indicator whose id (or else Vietnamese or English label) is *name*, or a message."""
        key = nfc(name).casefold()
        found = self.indicators.get(key)
        if found is not None:
            return found
        labelled = self.indicator_labels.get(key, [])
        if len(labelled) == 1:
            return labelled[0]
        if labelled:
            return Message("data.lookup.ambiguous_indicator", ids=", ".join(repr(i.id) for i in labelled))
        return Message("data.lookup.unknown_indicator", hint=self._hint(name, (i.id for i in self.ruleset.indicators)))

    def source(self, name: str) -> str | tuple[str]:
        """The source called *name*, or a message (in a 1-tuple)."""
        text = nfc(name)
        if text in self.ruleset.sources:
            return text
        found = self.sources.get(text.casefold())
        if found is not None:
            return found
        known = ", ".join(repr(s) for s in self.ruleset.sources)
        return (Message("data.lookup.unknown_source", name=name, known=known),)

    def criterion(self, name: str) -> str | tuple[str, str]:
        """The id of the excludable criterion called *name*, or (message, criterion named)."""
        found = self.criteria.get(nfc(name).casefold())
        if found is None:
            return (Message("data.lookup.unknown_criterion", hint=self._hint(name, (c.id for c in self.ruleset.criteria))), nfc(name))
        if found not in self.excludable:
            return (Message("data.lookup.not_excludable"), found)
        return found

    def group(self, name: str) -> str | tuple[str]:
        """The id of the agency group called *name* (its id or label), or a message (in a 1-tuple)."""
        text = nfc(name)
        if text in self.applicable:
            return text
        found = self.group_keys.get(text.casefold(), set())
        if len(found) == 1:
            return next(iter(found))
        known = ", ".join(repr(g.id) for g in self.ruleset.groups)
        if found:
            return (Message("data.lookup.ambiguous_group", name=name, known=known),)
        return (Message("data.lookup.unknown_group", name=name, known=known),)


# --- Tables: CSV, XLSX and data frames share one reader ----------------------

Row = tuple[int, Sequence[object]]
"""A table row: its 1-based line (or row) number and its cells."""


class _Problems:
    """Problems found while reading one file, with the file name filled in."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []
        self.sheet: str | None = None  # the worksheet being read, in a workbook
        self.sheets: dict[str | None, int] = {None: -1}  # worksheet -> its place in the workbook, for the order of problems

    def add(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        path: str | None = None,
        agency: str | None = None,
        indicator: str | None = None,
        criterion: str | None = None,
    ) -> None:
        # Every text a file supplies is shown escaped where it could not be printed (a lone surrogate, a control character):
        # a catalogue message quotes its values with repr(), which escapes them, and is kept as it is for its translation.
        shown = safe(message)
        self.items.append(
            Problem(
                message=message if isinstance(message, Message) and shown == message else shown,
                file=self.file,
                line=line,
                column=column,
                path=None if path is None else safe(path),
                agency=safe(agency) if agency else None,
                indicator=None if indicator is None else safe(indicator),
                criterion=None if criterion is None else safe(criterion),
                sheet=None if self.sheet is None else safe(self.sheet),
            )
        )

    def on_sheet(self, sheet: str) -> None:
        """Place the problems added from now on on worksheet *sheet*."""
        self.sheet = sheet
        self.sheets.setdefault(safe(sheet), len(self.sheets))

    def text(self, text: str, what: str, *, identifier: bool = False, **where: Any) -> bool:
        """Whether *text* keeps the text rule (:func:`~indicator_index._text.text_problem`); if not, the problem is added."""
        wrong = text_problem(text, identifier=identifier)
        if wrong is not None:
            code = "data.what." + what.replace(" ", "_")
            self.add(Message("data.text.field", what=Message(code) if code in CATALOGUE else what, text=show(text), wrong=wrong), **where)
        return wrong is None

    def raise_if_any(self) -> None:
        """Raise every problem, in line order (a stable sort keeps the reading order otherwise)."""
        if self.items:
            ordered = sorted(self.items, key=lambda p: (self.sheets.get(p.sheet, 0), p.line is not None, p.line or 0, p.column or 0))
            raise DataError(ordered, title=Message("data.title", file=self.file))


@attrs.define
class _Agency:
    """An agency being read."""

    agency: str
    line: int
    name: str = ""
    group: str | None = None
    values: dict[str, list[Figure]] = attrs.Factory(dict)
    claims: dict[str, str] = attrs.Factory(dict)
    parent: str = ""
    decided_total: Decimal | None = None
    decided_source: str = ""
    column: int | None = None  # the column of its id
    sheet: str | None = None
    # Read for a cohort (read_cohort): the checked values by row position, their sources' ranks and references.
    row: list[object] | None = None
    ranks: bytearray | list[int] | None = None
    reference: str = ""
    refs: dict[int, str] | None = None

    def submission(self) -> Submission:
        decided = None if self.decided_total is None else DecidedTotal(total=self.decided_total, source=self.decided_source)
        return Submission(
            agency=self.agency,
            group=self.group or "",
            name=self.name,
            values=self.values,
            claims=self.claims,
            parent=self.parent,
            decided=decided,
        )


@frozen
class _ValueColumn:
    """A wide-layout column holding figures of one indicator from one source."""

    indicator: Indicator
    source: str


@frozen
class _EvidenceColumn:
    """A wide-layout column holding the evidence behind the figures of a value column."""

    indicator: Indicator
    source: str


@frozen
class _ClaimColumn:
    """A wide-layout column holding evidence that a criterion is outside the agency's function."""

    criterion: str


class _SheetRow(list[object]):
    """A worksheet row cut at its header's width, with the values found right of it (0-based index, value)."""

    beyond: list[tuple[int, object]]


def _beyond(cells: Sequence[object]) -> list[tuple[int, object]]:
    """The values of a row right of what was read of it (only a worksheet row is cut short)."""
    return cells.beyond if isinstance(cells, _SheetRow) else []


def _cell(cells: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _split_header(text: str) -> tuple[str, str | None]:
    """``indicator@source`` -> (indicator, source); a plain name has no source."""
    name, mark, source = text.partition(SOURCE_MARK)
    return name.strip(), (source.strip() if mark else None)


_CACHED = 1 << 16
"""The most cell texts a reader remembers the checked value of (so that equal cells share one value object)."""


class _Columns:
    """
    Where the columnar reader (:func:`read_cohort`) puts a checked value: straight into the agency's row, at
    the plan's position of its indicator, with its source's rank and its reference; a value from a source of
    higher precedence replaces one from a lower, as :func:`~indicator_index._scoring.prepare` resolves them.
    """

    def __init__(self, ruleset: Ruleset) -> None:
        self.index = plan_for(ruleset).index
        self.width = len(self.index)
        self.rank = ruleset._plan.source_rank
        self.fill = self.rank.get(OWN_SOURCE, 0)
        self.small = len(self.rank) <= 256
        self.shared: dict[object, bytes | tuple[int, ...]] = {}

    def put(self, record: _Agency, indicator: str, source: str, value: object, reference: str) -> None:
        """Keep *value* for *record* unless it already has one from a source of the same or higher precedence."""
        k, rank = self.index[indicator], self.rank[source]
        row, ranks = record.row, record.ranks
        if row is None or ranks is None:
            row = record.row = [None] * self.width
            ranks = record.ranks = bytearray([self.fill]) * self.width if self.small else [self.fill] * self.width
            record.reference = reference
        elif row[k] is not None and ranks[k] <= rank:
            return
        row[k] = value
        ranks[k] = rank
        if reference != record.reference:
            if record.refs is None:
                record.refs = {}
            record.refs[k] = reference
        elif record.refs:
            record.refs.pop(k, None)

    def resolved(self, record: _Agency) -> tuple[tuple[object, ...], bytes | tuple[int, ...], str, dict[int, str] | None]:
        """The agency's row, ranks and references as a cohort keeps them; the record lets go of its working copies."""
        row, ranks = record.row, record.ranks
        record.row = record.ranks = None
        if row is None or ranks is None:
            return (None,) * self.width, pack_ranks([self.fill] * self.width, self.shared), "", None
        return tuple(row), pack_ranks(ranks, self.shared), record.reference, record.refs or None


class _Cells:
    """How a table reader converts a cell (remembering cell texts) and keeps a checked figure."""

    def __init__(self, columns: _Columns | None) -> None:
        self.columns = columns
        self.cache: dict[tuple[str, str], tuple[object, str | None]] = {}

    def convert(self, indicator: Indicator, raw: object) -> tuple[object, str | None]:
        """:func:`convert_value`, remembered for cell texts: equal cells of an indicator give the same value object."""
        if type(raw) is not str:
            return convert_value(indicator, raw)
        key = (indicator.id, raw)
        found = self.cache.get(key)
        if found is None:
            found = convert_value(indicator, raw)
            if len(self.cache) < _CACHED:
                self.cache[key] = found
        return found

    def figure(self, record: _Agency, indicator: str, source: str, value: object, reference: str) -> None:
        """Keep a checked figure of *record*: as a :class:`Figure`, or in its compact row when reading a cohort."""
        if self.columns is not None:
            self.columns.put(record, indicator, source, value, reference)
        else:
            record.values.setdefault(indicator, []).append(Figure(value=value, source=source, reference=reference))


class _TableReader(_Cells):
    """Reads the rows of one table (CSV, XLSX sheet or data frame) into submissions, or compact rows (*columns*)."""

    def __init__(self, ruleset: Ruleset, file: str, problems: _Problems | None = None, sheet: str | None = None, columns: _Columns | None = None) -> None:
        self.lookup = _Lookup(ruleset)
        self.problems = problems if problems is not None else _Problems(file)
        self.short, self.sheet = (Path(file).name if not file.startswith("<") else file), sheet
        self.agencies: list[_Agency] = []
        _Cells.__init__(self, columns)
        if sheet is not None:
            self.problems.on_sheet(sheet)

    def where(self, line: int) -> str:
        """Where a row was read, as a figure's reference: ``file:row``, or ``file:Sheet!row`` in a workbook."""
        return f"{self.short}:{line}" if self.sheet is None else f"{self.short}:{self.sheet}!{line}"

    def read(self, rows: Iterable[Row]) -> tuple[Submission, ...]:
        """The submissions of the table: its header tells the layout (wide or long); every problem is raised at the end."""
        iterator = iter(rows)
        for line, header in iterator:  # noqa: B007 - the header's line is used after the loop
            if not all(_is_empty(c) for c in header):
                break
        else:
            self.problems.add(Message("data.table.empty"))
            self.problems.raise_if_any()
            return ()
        names = [_cell_text(c) for c in header]
        folded = [n.casefold() for n in names]
        below: list[bool] = []  # whether any row below the header holds anything (a template's unfilled rows do)

        def rest(rows: Iterator[Row]) -> Iterator[Row]:
            for row in rows:
                if not below and not all(_is_empty(c) for c in row[1]):
                    below.append(True)
                yield row

        iterator = rest(iterator)
        if ID_COLUMN in folded:
            agencies = _WideTable(self, line, names).read(iterator)
        elif all(c in folded for c in ("agency", "indicator", "value")):
            agencies = _LongTable(self, line, names).read(iterator)
        else:
            self.problems.add(Message("data.table.layout"), line=line)
            agencies = []
        for _ in iterator:  # the rows of a layout not understood are still read, for their problems and the limits
            pass
        if not below and not self.problems.items:
            self.problems.add(Message("data.table.no_rows"), line=line)
        self.agencies = agencies
        if self.sheet is None:
            self.problems.raise_if_any()
        return tuple(a.submission() for a in agencies)

    def decided(self, record: _Agency, raw_total: object, source: str, figures: bool, total_at: dict[str, Any], source_at: dict[str, Any]) -> None:
        """An agency's decided total and its source, checked, onto *record*."""
        if _is_empty(raw_total):
            if source:
                self.problems.add(Message("data.decided.source_alone", source=show(source)), **source_at)
            return
        total = decided_number(raw_total, self.lookup.ruleset)
        if isinstance(total, str):
            self.problems.add(total, **total_at)
            return
        if figures:
            self.problems.add(Message("data.decided.both"), **total_at)
            return
        if not visible(source):
            self.problems.add(Message("data.decided.needs_source_column"), **total_at)
            return
        if self.problems.text(source, "source", **source_at):
            record.decided_total, record.decided_source = total, source


# The wide layout: one row per agency.


def _wide_columns(reader: _TableReader, line: int, names: list[str]) -> tuple[dict[str, int], dict[int, object]]:
    """The fixed columns of a wide header by name, and every other column's meaning, checking the header."""
    fixed: dict[str, int] = {}
    columns: dict[int, object] = {}
    seen: dict[object, int] = {}
    for index, name in enumerate(names):
        column = index + 1
        key = _ALIASES.get(name.casefold(), name.casefold())
        meaning: object
        if not name or name.startswith(NOTE_MARK):
            continue
        if key in (ID_COLUMN, NAME_COLUMN, GROUP_COLUMN, *AGENCY_COLUMNS):
            meaning = key
        elif key.startswith(CLAIM_PREFIX):
            found = reader.lookup.criterion(name[len(CLAIM_PREFIX) :].strip())
            if isinstance(found, tuple):
                reader.problems.add(found[0], line=line, column=column, path=name, criterion=found[1])
                continue
            meaning = _ClaimColumn(found)
        else:
            evidence = key.startswith(EVIDENCE_PREFIX)
            base, source_name = _split_header(name[len(EVIDENCE_PREFIX) :] if evidence else name)
            indicator = reader.lookup.indicator(base)
            if isinstance(indicator, str):
                reader.problems.add(indicator, line=line, column=column, path=name, indicator=nfc(base))
                continue
            source = reader.lookup.source(source_name or OWN_SOURCE)
            if isinstance(source, tuple):
                reader.problems.add(source[0], line=line, column=column, path=name, indicator=indicator.id)
                continue
            cls = _EvidenceColumn if evidence else _ValueColumn
            meaning = cls(indicator, source)
        if meaning in seen:
            reader.problems.add(Message("data.table.duplicate_column", name=name, other=seen[meaning]), line=line, column=column, path=name)
            continue
        seen[meaning] = column
        if isinstance(meaning, str):
            fixed[meaning] = index
        else:
            columns[index] = meaning
    for index, meaning in columns.items():
        if isinstance(meaning, _EvidenceColumn) and _ValueColumn(meaning.indicator, meaning.source) not in seen:
            value_name = meaning.indicator.id + ("" if meaning.source == OWN_SOURCE else f"{SOURCE_MARK}{meaning.source}")
            reader.problems.add(Message("data.table.evidence_alone", name=value_name), line=line, column=index + 1, path=names[index])
    if GROUP_COLUMN not in fixed:
        reader.problems.add(Message("data.table.missing_column", name=GROUP_COLUMN), line=line)
    return fixed, columns


class _WideTable:
    """The rows of a wide-layout table: one row per agency, a column per indicator and source, its evidence, or a claim."""

    def __init__(self, reader: _TableReader, header_line: int, names: list[str]) -> None:
        self.reader, self.problems, self.names = reader, reader.problems, names
        fixed, columns = _wide_columns(reader, header_line, names)
        self.fixed, self.columns = fixed, columns
        self.id_at, self.name_at, self.group_at = fixed.get(ID_COLUMN), fixed.get(NAME_COLUMN), fixed.get(GROUP_COLUMN)
        self.parent_at = fixed.get(PARENT_COLUMN)
        self.evidence_at = {(m.indicator.id, m.source): i for i, m in columns.items() if isinstance(m, _EvidenceColumn)}
        self.value_at = {(m.indicator.id, m.source): i for i, m in columns.items() if isinstance(m, _ValueColumn)}
        self.ignored = {i for i, n in enumerate(names) if not n or n.startswith(NOTE_MARK)}
        self.blank_headers = {i for i, n in enumerate(names) if not n}
        self.seen: dict[str, int] = {}  # agency id -> the line it was first read on

    def read(self, rows: Iterator[Row]) -> list[_Agency]:
        """The agencies of the rows, each once (a duplicate row is reported and left out)."""
        agencies: list[_Agency] = []
        for line, cells in rows:
            record = self._row(line, cells)
            if record is not None:
                agencies.append(record)
        return agencies

    def _row(self, line: int, cells: Sequence[object]) -> _Agency | None:
        """One row's agency, checked; None for a note, a blank row, a row with no usable id, or a duplicate."""
        id_at, group_at, names = self.id_at, self.group_at, self.names
        agency_id = _cell_text(_cell(cells, id_at))
        if agency_id.startswith(NOTE_MARK):
            return None
        filled = [i for i, c in enumerate(cells) if not _is_empty(c) and i not in self.ignored and i not in (group_at, self.parent_at)]
        stray = [i for i in range(len(names), len(cells)) if not _is_empty(cells[i])]
        stray += [i for i in self.blank_headers if i < len(cells) and not _is_empty(cells[i])]
        for i, value in sorted([(i, cells[i]) for i in stray] + _beyond(cells), key=lambda item: item[0]):
            self.problems.add(Message("data.table.no_header", value=_describe(value)), line=line, column=i + 1)
        if not filled:
            return None  # a blank row, perhaps with only the group filled in (templates)
        if not agency_id:
            self.problems.add(Message("data.table.row_needs_id"), line=line, column=(id_at or 0) + 1, path=ID_COLUMN)
            return None
        if not self.problems.text(agency_id, "agency id", identifier=True, line=line, column=(id_at or 0) + 1, path=ID_COLUMN):
            return None
        record = _Agency(agency=agency_id, line=line, name=_cell_text(_cell(cells, self.name_at)), column=(id_at or 0) + 1, sheet=self.reader.sheet)
        if not self.problems.text(record.name, "name", line=line, column=(self.name_at or 0) + 1, path=NAME_COLUMN, agency=agency_id):
            record.name = ""
        duplicate = agency_id in self.seen
        if duplicate:
            message = Message("data.table.duplicate_agency", line=self.seen[agency_id])
            self.problems.add(message, line=line, column=(id_at or 0) + 1, path=ID_COLUMN, agency=agency_id)
        else:
            self.seen[agency_id] = line
        group_text = _cell_text(_cell(cells, group_at))
        if group_at is not None:
            if not group_text:
                self.problems.add(Message("data.table.no_group"), line=line, column=group_at + 1, path=GROUP_COLUMN, agency=agency_id)
            else:
                group = self.reader.lookup.group(group_text)
                if isinstance(group, tuple):
                    self.problems.add(group[0], line=line, column=group_at + 1, path=GROUP_COLUMN, agency=agency_id)
                else:
                    record.group = group
        self._agency_columns(record, line, cells)
        self._cells(record, line, cells)
        return None if duplicate else record

    def _cells(self, record: _Agency, line: int, cells: Sequence[object]) -> None:
        """A row's figures, evidence and claims, checked, onto *record*."""
        reader, problems, names = self.reader, self.problems, self.names
        here = reader.where(line)
        for index, meaning in self.columns.items():
            raw = _cell(cells, index)
            where: dict[str, Any] = {"line": line, "column": index + 1, "path": names[index], "agency": record.agency}
            if isinstance(meaning, _ValueColumn):
                value, problem = reader.convert(meaning.indicator, raw)
                if problem is not None:
                    problems.add(problem, indicator=meaning.indicator.id, **where)
                elif value is not None:
                    evidence = _cell(cells, self.evidence_at.get((meaning.indicator.id, meaning.source)))
                    reference = _cell_text(evidence) or here
                    problems.text(reference, "evidence", indicator=meaning.indicator.id, **where)
                    reader.figure(record, meaning.indicator.id, meaning.source, value, reference)
            elif isinstance(meaning, _EvidenceColumn) and not _is_empty(raw):
                paired = self.value_at.get((meaning.indicator.id, meaning.source))
                if paired is not None and _is_empty(_cell(cells, paired)):
                    message = Message("data.table.evidence_no_value_in", evidence=_cell_text(raw), column=names[paired])
                    problems.add(message, indicator=meaning.indicator.id, **where)
            elif isinstance(meaning, _ClaimColumn) and not _is_empty(raw):
                if record.group is not None and meaning.criterion not in reader.lookup.applicable[record.group]:
                    message = Message("data.table.claim_not_applicable", group=record.group)
                    problems.add(message, criterion=meaning.criterion, **where)
                evidence_text = _cell_text(raw)
                if problems.text(evidence_text, "evidence", criterion=meaning.criterion, **where):
                    record.claims[meaning.criterion] = visible(evidence_text)  # only invisible characters: no evidence

    def _agency_columns(self, record: _Agency, line: int, cells: Sequence[object]) -> None:
        """A wide row's parent and decided total, checked: a decided total comes with its source and without figures or claims."""
        agency = record.agency
        at = {key: self.fixed.get(key) for key in AGENCY_COLUMNS}

        def place(key: str) -> dict[str, Any]:
            index = at[key]
            return {"line": line, "column": None if index is None else index + 1, "path": key, "agency": agency}

        parent = _cell_text(_cell(cells, at[PARENT_COLUMN]))
        if parent and self.problems.text(parent, "parent", identifier=True, **place(PARENT_COLUMN)):
            record.parent = parent
        raw_total, source = _cell(cells, at[DECIDED_TOTAL_COLUMN]), _cell_text(_cell(cells, at[DECIDED_SOURCE_COLUMN]))
        columns = self.columns
        figures = [i for i, m in columns.items() if isinstance(m, _ValueColumn | _ClaimColumn) and not _is_empty(_cell(cells, i))]
        self.reader.decided(record, raw_total, source, bool(figures), place(DECIDED_TOTAL_COLUMN), place(DECIDED_SOURCE_COLUMN))


# The long layout: one row per figure, claim or agency.


def _long_columns(problems: _Problems, header_line: int, names: list[str]) -> dict[str, int]:
    """The columns of a long header by name, checking the header: no unknown or repeated column, none required missing."""
    at: dict[str, int] = {}
    for index, name in enumerate(names):
        key = _ALIASES.get(name.casefold(), name.casefold())
        if not name or name.startswith(NOTE_MARK):
            continue
        if key not in LONG_COLUMNS:
            allowed = ", ".join(LONG_COLUMNS)
            problems.add(Message("data.long.unknown_column", name=name, allowed=allowed), line=header_line, column=index + 1, path=name)
        elif key in at:
            problems.add(Message("data.table.duplicate_column", name=name, other=at[key] + 1), line=header_line, column=index + 1, path=name)
        else:
            at[key] = index
    for required in _LONG_REQUIRED:
        if required not in at:
            problems.add(Message("data.table.missing_column", name=required), line=header_line)
    return at


_Place = Callable[[int, str], dict[str, Any]]
"""Where a cell of a long-layout row is: (line, column key) -> the problem's line, column and path."""


class _LongItems:
    """The figures and claims of a long-layout table, one a row, each at most once per agency (and source)."""

    def __init__(self, reader: _TableReader, place: _Place) -> None:
        self.reader, self.problems, self.lookup, self.place = reader, reader.problems, reader.lookup, place
        self.figures: dict[tuple[str, str, str], int] = {}  # (agency, indicator, source) -> its line
        self.claim_lines: dict[tuple[str, str], int] = {}  # (agency, criterion) -> its line

    def add(self, line: int, texts: Mapping[str, str], record: _Agency, raw_value: object) -> None:
        """One long-layout row's figure or claim, if it has one."""
        agency_id, place = record.agency, self.place
        item = texts.get("indicator", "")
        value_text = texts.get("value", "")
        evidence = texts.get("evidence", "")
        if evidence and not self.problems.text(evidence, "evidence", agency=agency_id, **place(line, "evidence")):
            return
        if not item:
            if value_text or evidence or texts.get("source", ""):
                self.problems.add(Message("data.long.needs_indicator"), agency=agency_id, **place(line, "indicator"))
            return
        if item.casefold().startswith(CLAIM_PREFIX):
            self._claim(line, item, value_text, evidence, record)
        else:
            self._figure(line, item, texts.get("source", ""), evidence, record, raw_value)

    def _claim(self, line: int, item: str, value_text: str, evidence: str, record: _Agency) -> None:
        """A claim row: a known criterion, no value, once per agency."""
        agency_id, place = record.agency, self.place
        found = self.lookup.criterion(item[len(CLAIM_PREFIX) :].strip())
        if isinstance(found, tuple):
            self.problems.add(found[0], agency=agency_id, criterion=found[1], **place(line, "indicator"))
        elif value_text:
            self.problems.add(Message("data.long.claim_value"), agency=agency_id, criterion=found, **place(line, "value"))
        elif (agency_id, found) in self.claim_lines:
            message = Message("data.long.second_claim", criterion=found, line=self.claim_lines[(agency_id, found)])
            self.problems.add(message, agency=agency_id, criterion=found, **place(line, "indicator"))
        else:
            self.claim_lines[(agency_id, found)] = line
            record.claims[found] = visible(evidence)  # only invisible characters: no evidence

    def _figure(self, line: int, item: str, source_text: str, evidence: str, record: _Agency, raw_value: object) -> None:
        """A figure row: a known indicator and source, once per agency, a value of the indicator's kind."""
        agency_id, place = record.agency, self.place
        indicator = self.lookup.indicator(item)
        if isinstance(indicator, str):
            self.problems.add(indicator, agency=agency_id, indicator=item, **place(line, "indicator"))
            return
        source = self.lookup.source(source_text or OWN_SOURCE)
        if isinstance(source, tuple):
            self.problems.add(source[0], agency=agency_id, indicator=indicator.id, **place(line, "source"))
            return
        key = (agency_id, indicator.id, source)
        if key in self.figures:
            message = Message("data.long.second_value", source=source, line=self.figures[key])
            self.problems.add(message, agency=agency_id, indicator=indicator.id, **place(line, "indicator"))
            return
        self.figures[key] = line
        value, problem = self.reader.convert(indicator, raw_value)
        if problem is not None:
            self.problems.add(problem, agency=agency_id, indicator=indicator.id, **place(line, "value"))
        elif value is None:
            if evidence:
                message = Message("data.long.evidence_no_value", evidence=evidence)
                self.problems.add(message, agency=agency_id, indicator=indicator.id, **place(line, "evidence"))
        else:
            self.reader.figure(record, indicator.id, source, value, evidence or self.reader.where(line))

    def check_claims(self, record: _Agency, group: str) -> None:
        """Every claim of *record* is of a criterion that applies to its *group*."""
        for criterion in record.claims:
            if criterion not in self.lookup.applicable[group]:
                self.problems.add(
                    Message("data.table.claim_not_applicable", group=group),
                    agency=record.agency,
                    criterion=criterion,
                    **self.place(self.claim_lines[(record.agency, criterion)], "indicator"),
                )


class _LongTable:
    """The rows of a long-layout table: a row per figure, claim or agency detail (name, group, parent, decided total)."""

    def __init__(self, reader: _TableReader, header_line: int, names: list[str]) -> None:
        self.reader, self.problems, self.names = reader, reader.problems, names
        self.at = _long_columns(reader.problems, header_line, names)
        self.agencies: dict[str, _Agency] = {}
        self.given: dict[tuple[str, str], tuple[str, int, object]] = {}  # (agency, 'name'|'group'|...) -> (text, line, meaning)
        self.figure_rows: set[str] = set()  # agencies with a figure or claim row
        self.items = _LongItems(reader, self.place)

    def place(self, line: int, key: str) -> dict[str, Any]:
        """Where column *key* of row *line* is, for a problem."""
        index = self.at.get(key)
        return {"line": line, "column": None if index is None else index + 1, "path": key}

    def read(self, rows: Iterator[Row]) -> list[_Agency]:
        """The agencies of the rows, in the order they first appear, checked as a whole once every row is read."""
        for line, cells in rows:
            self._row(line, cells)
        for record in self.agencies.values():
            self._decided(record)
        for record in self.agencies.values():
            if GROUP_COLUMN not in self.at:
                break  # reported once, in the header
            if (record.agency, GROUP_COLUMN) not in self.given:
                self.problems.add(Message("data.long.no_group_row"), line=record.line, agency=record.agency)
                continue
            if record.group is not None:
                self.items.check_claims(record, record.group)
        return list(self.agencies.values())

    def _row(self, line: int, cells: Sequence[object]) -> None:
        """One row: its agency's details and its figure or claim."""
        at, place = self.at, self.place
        texts = {k: _cell_text(_cell(cells, i)) for k, i in at.items()}
        stray = [
            i
            for i in range(len(cells))
            if i not in at.values() and not _is_empty(cells[i]) and not (i < len(self.names) and self.names[i].startswith(NOTE_MARK))
        ]
        agency_id = texts.get("agency", "")
        if agency_id.startswith(NOTE_MARK) or not any(texts.values()):
            return
        for i, value in [(i, cells[i]) for i in stray] + _beyond(cells):
            self.problems.add(Message("data.table.no_header", value=_describe(value)), line=line, column=i + 1)
        if not agency_id:
            self.problems.add(Message("data.long.row_needs_id"), **place(line, "agency"))
            return
        if not self.problems.text(agency_id, "agency id", identifier=True, **place(line, "agency")):
            return
        agency = _Agency(agency=agency_id, line=line, column=place(line, "agency")["column"], sheet=self.reader.sheet)
        record = self.agencies.setdefault(agency_id, agency)
        self._details(line, cells, texts, record)
        if texts.get("indicator", ""):
            self.figure_rows.add(agency_id)
        self.items.add(line, texts, record, _cell(cells, at.get("value")))

    def _details(self, line: int, cells: Sequence[object], texts: Mapping[str, str], record: _Agency) -> None:
        """A row's agency details (name, group, parent, decided total and source): the same on every row that gives them."""
        agency_id, place = record.agency, self.place
        for key in (NAME_COLUMN, GROUP_COLUMN, *AGENCY_COLUMNS):
            text = texts.get(key, "")
            what = "source" if key == DECIDED_SOURCE_COLUMN else key
            if not text or not self.problems.text(text, what, identifier=key == PARENT_COLUMN, agency=agency_id, **place(line, key)):
                continue
            found: object = text
            if key == GROUP_COLUMN:
                found = self.reader.lookup.group(text)
            elif key == DECIDED_TOTAL_COLUMN:
                number = decided_number(_cell(cells, self.at[key]), self.reader.lookup.ruleset)
                found = (number,) if isinstance(number, str) else number
            meaning = text if isinstance(found, tuple) else found
            previous = self.given.get((agency_id, key))
            if previous is None:
                self.given[(agency_id, key)] = (text, line, meaning)
                if isinstance(found, tuple):
                    self.problems.add(found[0], agency=agency_id, **place(line, key))
                else:
                    setattr(record, key, found)
            elif previous[2] != meaning:
                message = Message("data.long.differs", key=key, text=text, previous=previous[0], line=previous[1])
                self.problems.add(message, agency=agency_id, **place(line, key))

    def _decided(self, record: _Agency) -> None:
        """A long-layout agency's decided total: with its source, without figures or claims."""
        total, source = self.given.get((record.agency, DECIDED_TOTAL_COLUMN)), self.given.get((record.agency, DECIDED_SOURCE_COLUMN))
        if total is None and source is not None:
            message = Message("data.decided.source_alone", source=show(source[0]))
            self.problems.add(message, agency=record.agency, **self.place(source[1], DECIDED_SOURCE_COLUMN))
        if total is None or record.decided_total is None:
            return
        if record.agency in self.figure_rows:
            message = Message("data.decided.both")
            self.problems.add(message, agency=record.agency, **self.place(total[1], DECIDED_TOTAL_COLUMN))
            record.decided_total = None
        elif source is None or not visible(record.decided_source):
            message = Message("data.decided.needs_source_column")
            self.problems.add(message, agency=record.agency, **self.place(total[1], DECIDED_TOTAL_COLUMN))
            record.decided_total = None


# --- JSON -------------------------------------------------------------------


def _key_path(base: str, key: object) -> str:
    """A key path one level down: ``$.a.b``, or ``$.a["3.1"]`` when the key is not a plain name."""
    text = str(key)
    return f"{base}.{text}" if text.isidentifier() else f"{base}[{json.dumps(text, ensure_ascii=False)}]"


def _json_figures(raw: object, reference: str) -> object:
    if isinstance(raw, Mapping):
        return [Figure(value=value, source=str(source), reference=reference) for source, value in raw.items()]
    return Figure(value=raw, reference=reference)


def _checked_json_values(
    lookup: _Lookup,
    values: Mapping[Any, Any],
    reference: str,
    path: str,
    agency: str,
    problems: _Problems,
) -> dict[str, list[Figure]]:
    """The values of one JSON agency, each converted and checked against the ruleset."""
    out: dict[str, list[Figure]] = {}
    for key, raw in values.items():
        indicator = lookup.indicator(str(key))
        where = _key_path(f"{path}.values", key)
        if isinstance(indicator, str):
            problems.add(indicator, path=where, agency=agency, indicator=str(key))
            continue
        if indicator.id in out:
            problems.add(Message("data.json.indicator_twice"), path=where, agency=agency, indicator=indicator.id)
            continue
        by_source = raw.items() if isinstance(raw, Mapping) else [(OWN_SOURCE, raw)]
        figures: list[Figure] = []
        for source_name, item in by_source:
            source = lookup.source(str(source_name))
            at = _key_path(where, source_name) if isinstance(raw, Mapping) else where
            if isinstance(source, tuple):
                problems.add(source[0], path=at, agency=agency, indicator=indicator.id)
                continue
            if isinstance(item, Mapping | list):
                problems.add(Message("data.json.expected_value", type=type(item).__name__), path=at, agency=agency, indicator=indicator.id)
                continue
            value, problem = convert_value(indicator, item)
            if problem is not None:
                problems.add(problem, path=at, agency=agency, indicator=indicator.id)
            elif value is not None:
                figures.append(Figure(value=value, source=source, reference=reference))
        out[indicator.id] = figures
    return {k: v for k, v in out.items() if v}


def _checked_json_claims(
    lookup: _Lookup,
    claims: Mapping[Any, Any],
    group: str | None,
    path: str,
    agency: str,
    problems: _Problems,
) -> dict[str, str]:
    """The claims of one JSON agency, checked against the ruleset."""
    out: dict[str, str] = {}
    for key, evidence in claims.items():
        where = _key_path(f"{path}.claims", key)
        found = lookup.criterion(str(key))
        if isinstance(found, tuple):
            problems.add(found[0], path=where, agency=agency, criterion=found[1])
        elif group is not None and found not in lookup.applicable[group]:
            problems.add(Message("data.table.claim_not_applicable", group=group), path=where, agency=agency, criterion=found)
        else:
            text = "" if evidence is None else _cell_text(evidence)
            if problems.text(text, "evidence", path=where, agency=agency, criterion=found):
                out[found] = visible(text)  # only invisible characters: no evidence
    return out


def _json_parent(entry: Mapping[str, Any], path: str, agency: str, problems: _Problems) -> str | None:
    """The ``parent`` of a JSON agency ("" when absent), or None after adding a problem."""
    raw = entry.get("parent")
    if raw is None:
        return ""
    if not isinstance(raw, str):
        problems.add(Message("data.parent_type", value=_describe(raw)), path=f"{path}.parent", agency=agency)
        return None
    parent = nfc(raw)
    if parent and not problems.text(parent, "parent", identifier=True, path=f"{path}.parent", agency=agency):
        return None
    return parent


def _json_decided(entry: Mapping[str, Any], figures: bool, ruleset: Ruleset | None, path: str, agency: str, problems: _Problems) -> DecidedTotal | bool | None:
    """The ``decided`` total of a JSON agency (None when absent), or False after adding a problem."""
    raw = entry.get("decided")
    if raw is None:
        return None
    where = f"{path}.decided"
    if not isinstance(raw, Mapping):
        problems.add(Message("data.json.decided_type", type=type(raw).__name__), path=where, agency=agency)
        return False
    before = len(problems.items)
    unknown = sorted(str(k) for k in set(raw) - {"total", "source"})
    if unknown:
        problems.add(Message("schema.unknown_keys", keys=", ".join(map(repr, unknown))), path=where, agency=agency)
    total: Decimal | str = "a decided total needs its 'total'"
    if "total" in raw:
        value = raw["total"]
        total = Message("data.decided.number", value=_describe(value)) if isinstance(value, str) else decided_number(value, ruleset)
    if isinstance(total, str):
        problems.add(total, path=f"{where}.total", agency=agency)
    source = raw.get("source")
    if not isinstance(source, str) or not visible(nfc(source)):
        problems.add(Message("data.decided.needs_source"), path=f"{where}.source", agency=agency)
    else:
        problems.text(nfc(source), "source", path=f"{where}.source", agency=agency)
    if figures:
        problems.add(Message("data.decided.both"), path=where, agency=agency)
    if len(problems.items) > before or isinstance(total, str) or not isinstance(source, str):
        return False
    return DecidedTotal(total=total, source=nfc(source))


def submissions_from_dict(
    data: Mapping[str, Any],
    *,
    source: str = "<dict>",
    ruleset: Ruleset | None = None,
) -> tuple[Submission, ...]:
    """
    Submissions from a data document (see the module docstring for its shape).

    Each agency may have a ``parent`` (the id of its parent agency) and, instead
    of ``values`` and ``claims``, a ``decided`` total: ``{"total": <number>,
    "source": "<where it was published>"}``; one with both is refused.

    Args:
        data: The parsed document, with a list ``agencies``.
        source: The name of the file it came from, for messages.
        ruleset: When given, every group, indicator, source and claim is checked
            against it and every value is read by its indicator's type (text as
            in a CSV cell), so that nothing wrong reaches the engine.

    Returns:
        One submission per agency, in document order.

    Raises:
        DataError: listing every problem, naming the agency, indicator and key path.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.1.0 *ruleset* checks values against their indicators.
    .. versionchanged:: 0.2.0 ``parent`` and ``decided``.
    """
    problems = _Problems(source)
    agencies = data.get("agencies") if isinstance(data, Mapping) else None
    if not isinstance(agencies, list):
        raise DataError([Problem(message=Message("data.json.no_list"), file=source)])
    if not agencies:
        raise DataError([Problem(message=Message("data.json.empty"), file=source, path="$.agencies")])
    lookup = _Lookup(ruleset) if ruleset is not None else None
    out: list[Submission] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(agencies):
        path = f"$.agencies[{index}]"
        if not isinstance(entry, Mapping):
            problems.add(Message("data.json.agency_not_table"), path=path)
            continue
        agency, group = entry.get("id"), entry.get("group")
        if not isinstance(agency, str) or not nfc(agency):
            problems.add(Message("data.json.agency_needs_id"), path=f"{path}.id")
            continue
        agency = nfc(agency)
        if not problems.text(agency, "agency id", identifier=True, path=f"{path}.id"):
            continue
        if agency in seen:
            problems.add(Message("data.json.duplicate_agency", path=f"$.agencies[{seen[agency]}]"), path=f"{path}.id", agency=agency)
            continue
        seen[agency] = index
        if not isinstance(group, str):
            problems.add(Message("data.json.agency_needs_group"), path=f"{path}.group", agency=agency)
            continue
        unknown = sorted(set(entry) - {"id", "name", "group", "values", "claims", "parent", "decided"})
        if unknown:
            problems.add(Message("schema.unknown_keys", keys=", ".join(map(repr, unknown))), path=path, agency=agency)
        values = entry.get("values", {})
        claims = entry.get("claims", {})
        if not isinstance(values, Mapping) or not isinstance(claims, Mapping):
            problems.add(Message("data.json.values_claims"), path=path, agency=agency)
            continue
        reference = f"{Path(source).name}:{agency}"
        name = _cell_text(entry.get("name"))
        if not problems.text(name, "name", path=f"{path}.name", agency=agency):
            continue
        parent = _json_parent(entry, path, agency, problems)
        decided = _json_decided(entry, bool(values or claims), ruleset, path, agency, problems)
        if parent is None or decided is False:
            continue
        if lookup is None:
            out.append(
                Submission(
                    agency=agency,
                    group=group,
                    name=name,
                    values={str(k): _json_figures(v, reference) for k, v in values.items()},
                    claims={str(k): ("" if v is None else str(v)) for k, v in claims.items()},
                    parent=parent,
                    decided=decided,
                )
            )
            continue
        resolved = lookup.group(group)
        if isinstance(resolved, tuple):
            problems.add(resolved[0], path=f"{path}.group", agency=agency)
        group_id = None if isinstance(resolved, tuple) else resolved
        checked = _checked_json_values(lookup, values, reference, path, agency, problems)
        checked_claims = _checked_json_claims(lookup, claims, group_id, path, agency, problems)
        out.append(Submission(agency=agency, group=group_id or group, name=name, values=checked, claims=checked_claims, parent=parent, decided=decided))
    problems.raise_if_any()
    return tuple(out)


# --- Files ------------------------------------------------------------------


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            msg = Message("data.file.too_large", size=Count(size), limit=Count(MAX_BYTES))
            raise DataError([Problem(message=msg, file=label)])
        return path.read_bytes()
    except OSError as exc:
        msg = Message("file.cannot_read", reason=str(exc.strerror or exc))
        raise DataError([Problem(message=msg, file=label)]) from exc


class _Keys(dict[str, Any]):
    """A JSON object whose text repeats a key: the repeated keys are kept to be reported with their path."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    keys = _Keys(out)
    seen: set[str] = set()
    keys.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    return keys


def _integer(text: str) -> int | Decimal:
    return int(text) if len(text) <= _INT_DIGITS else _decimal(text)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep_at(text: str, depth: int) -> tuple[int | None, int | None]:
    """The line and column where arrays and objects in a JSON *text* first nest deeper than *depth*."""
    level = 0
    for found in _JSON_TOKEN.finditer(text):
        mark = found.group()
        if mark in "[{":
            level += 1
            if level > depth:
                start = found.start()
                return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1
        elif mark in "]}":
            level -= 1
    return None, None  # pragma: no cover - only called on a text known to be too deep


def parse_json(text: str, label: str) -> object:
    """
    A JSON data document parsed within the library's limits, or a :class:`DataError` with the place.

    Numbers are read as ``Decimal`` (integers of more than 18 digits too, which
    Python would refuse to read once they reach 4,300); objects repeating a key
    are refused with the key's path (JSON would silently keep the last value);
    arrays and objects may nest at most as deep as in a ruleset
    (``MAX_DEPTH``), and the text may be at most :data:`MAX_BYTES` long.
    Used by :func:`read_submissions` and by ``score_json``, so that a file and a
    portal payload meet the same limits.
    """
    from indicator_index._loading import MAX_DEPTH  # the one nesting limit of the library's inputs

    if len(text) > MAX_BYTES:
        msg = Message("data.json.text_too_large", limit=Count(MAX_BYTES))
        raise DataError([Problem(message=msg, file=label)])
    too_deep = Message("data.json.too_deep", depth=MAX_DEPTH)
    try:
        data = json.loads(text, parse_float=_decimal, parse_int=_integer, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        msg = Message("data.json.invalid", detail=exc.msg)
        raise DataError([Problem(message=msg, file=label, line=exc.lineno, column=exc.colno)]) from None
    except RecursionError:
        line, column = _too_deep_at(text, MAX_DEPTH)
        raise DataError([Problem(message=too_deep, file=label, line=line, column=column)]) from None
    problems: list[Problem] = []
    stack: list[tuple[object, int, str]] = [(data, 1, "$")]
    while stack:
        node, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            line, column = _too_deep_at(text, MAX_DEPTH)
            raise DataError([Problem(message=too_deep, file=label, line=line, column=column)])
        if isinstance(node, dict):
            for key in getattr(node, "duplicates", ()):
                problems.append(Problem(message=Message("data.json.duplicate_key", key=show(key)), file=label, path=_key_path(path, key)))
            stack.extend((v, depth + 1, _key_path(path, k)) for k, v in reversed(node.items()) if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((v, depth + 1, f"{path}[{i}]") for i, v in reversed(list(enumerate(node))) if isinstance(v, dict | list))
    if problems:
        raise DataError(problems, title=Message("data.title", file=label))
    return data


def _decode(data: bytes, label: str) -> str:
    """Text from UTF-8 (a byte-order mark, as Excel writes, is dropped) or BOM-marked UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            msg = Message("data.file.utf16")
            raise DataError([Problem(message=msg, file=label)]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data[:start].count(b"\n") + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        msg = Message("data.file.not_utf8", byte=f"{data[start]:#04x}")
        raise DataError([Problem(message=msg, file=label, line=line, column=column)]) from None


def _delimiter(text: str) -> str:
    """The delimiter of a CSV text: whichever of ``,`` ``;`` and tab its header line uses most."""
    for line in text.splitlines():
        if not line.strip():
            continue
        counts = dict.fromkeys(",;\t", 0)
        quoted = False
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char in counts:
                counts[char] += 1
        best = max(counts, key=lambda c: (counts[c], c == ","))
        return best if counts[best] else ","
    return ","


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """
    The lines of *text* with their ends (``\\n``, ``\\r\\n`` or ``\\r``), one at a time: what
    ``io.StringIO(text, newline="")`` gives, without its copy of the text at four bytes a character.
    """
    for found in _LINE.finditer(text):
        yield found.group()


def _csv_rows(text: str, label: str, limit: int | None = None) -> Iterator[Row]:
    """The rows of a CSV text, one at a time; a text of more than *limit* (:data:`MAX_CELLS`) cells is refused."""
    limit = MAX_CELLS if limit is None else limit
    delimiter = _delimiter(text)
    cells = text.count(delimiter) + text.count("\n") + 1
    if cells > limit:
        msg = Message("data.csv.too_many_cells", limit=Count(limit))
        raise DataError([Problem(message=msg, file=label)])
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    previous = 0
    try:
        for row in reader:
            yield previous + 1, row
            previous = reader.line_num
    except csv.Error as exc:
        msg = Message("data.csv.malformed", detail=str(exc))
        raise DataError([Problem(message=msg, file=label, line=previous + 1)]) from None


def _read_csv(path: Path, label: str, ruleset: Ruleset) -> tuple[Submission, ...]:
    text = _decode(_read_bytes(path, label), label)
    return _TableReader(ruleset, label).read(_csv_rows(text, label))


def _optional(module: str, task: str, extra: str, file: str | None = None) -> Any:
    """Import an optional dependency, or raise a DataError saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        msg = Message("data.optional", task=Message(task) if task in CATALOGUE else task, module=module, extra=extra)
        raise DataError([Problem(message=msg, file=file)]) from None


_UNCACHED = object()
"""Stands for a formula cell with no value saved by the program that wrote the workbook."""


def _sparse_rows(book: Any, sheet: Any) -> Iterator[tuple[int, list[tuple[int, object]]]]:
    """
    The rows a worksheet's XML holds, each as (row number, [(column, value), ...]), one row at a time.

    The rows are read from the sheet's XML as openpyxl's read-only mode does, but
    only the cells present are kept (a row with a value in column XFD is not
    expanded to 16,384 cells), rows absent from the XML are not made up, and a
    formula cell without a saved value is marked :data:`_UNCACHED` rather than
    read as empty.
    """
    reader = importlib.import_module("openpyxl.worksheet._reader")
    internals = (getattr(reader, "WorkSheetParser", None), getattr(reader, "FORMULA_TAG", None), getattr(sheet, "_get_source", None))
    if any(part is None for part in internals):  # pragma: no cover - an openpyxl whose internals moved: its public reading, unbounded
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [(column, value) for column, value in enumerate(values, start=1) if value is not None]
        return

    class Parser(reader.WorkSheetParser):  # type: ignore[misc,name-defined]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(reader.FORMULA_TAG) is not None:
                cell["value"] = _UNCACHED
            return cell

    with sheet._get_source() as source:
        parser = Parser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            yield number, [(c["column"], c["value"]) for c in cells if c["value"] is not None]


def _sheet_rows(book: Any, sheet: Any, label: str, problems: _Problems) -> Iterator[Row]:
    """
    The rows of a worksheet as wide as its header (the first row with a value), streamed.

    A value right of the header, a formula without a saved value, and a sheet
    whose header width times its rows exceeds :data:`MAX_CELLS` are reported;
    memory stays within the header's width times the rows the file really has.
    """
    width: int | None = None
    cells = 0
    for number, row in _sparse_rows(book, sheet):
        for column, value in row:
            if value is _UNCACHED:
                msg = Message("data.xlsx.formula")
                problems.add(msg, line=number, column=column)
        present = [(c, v) for c, v in row if v is not _UNCACHED and not _is_empty(v)]
        if width is None:
            if not present:
                continue
            width = max(c for c, _ in present)
        cells += width
        if cells > MAX_CELLS:
            msg = Message("data.xlsx.too_many_cells", sheet=sheet.title, limit=Count(MAX_CELLS), width=width)
            raise DataError([Problem(message=msg, file=label, line=number, sheet=sheet.title)])
        out = _SheetRow([None] * width)
        out.beyond = []  # reported by the table reader, which knows a note row from an agency's
        for column, value in present:
            if column <= width:
                out[column - 1] = value
            else:
                out.beyond.append((column - 1, value))
        yield number, out


def _is_data_header(row: Sequence[object]) -> bool:
    """Whether a worksheet's first row is the header of agency data: an ``id`` column, or ``agency``, ``indicator`` and ``value``."""
    names = {_cell_text(c).casefold() for c in row}
    return ID_COLUMN in names or {"agency", "indicator", "value"} <= names


def _data_sheets(book: Any, label: str, chosen: str | None) -> list[Any]:
    """
    The worksheets to read: the one *chosen* (by name: exactly, else ignoring case), or every visible sheet whose
    first row is a data header; when none is, the first sheet (whose reading then says what is wrong).
    """
    sheets = list(book.worksheets)
    if chosen is not None:
        key = nfc(chosen)
        found = [s for s in sheets if nfc(s.title) == key] or [s for s in sheets if nfc(s.title).casefold() == key.casefold()]
        if len(found) != 1:
            names = ", ".join(repr(s.title) for s in sheets)
            msg = Message("data.xlsx.no_sheet", name=chosen, names=names)
            raise DataError([Problem(message=msg, file=label)])
        return found
    picked = []
    for sheet in sheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        first = next(_sheet_rows(book, sheet, label, _Problems(label)), None)
        if first is not None and _is_data_header(first[1]):
            picked.append(sheet)
    return picked or sheets[:1]


def _read_xlsx(path: Path, label: str, ruleset: Ruleset, sheet_name: str | None = None) -> tuple[Submission, ...]:
    return tuple(submission for submission, _ in _read_book(path, label, ruleset, sheet_name, None))


def _read_book(path: Path, label: str, ruleset: Ruleset, sheet_name: str | None, columns: _Columns | None) -> list[tuple[Submission, _Agency]]:
    """Each agency of a workbook's data sheets, as a submission and as read (in *columns*, when given)."""
    openpyxl = _optional("openpyxl", "data.task.read_xlsx", "xlsx", label)
    import warnings
    import zipfile

    invalid_file = importlib.import_module("openpyxl.utils.exceptions").InvalidFileException

    _read_bytes(path, label)  # the size and readability checks
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())  # a member never expands beyond its declared size
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        msg = Message("data.xlsx.not_workbook", detail=str(exc))
        raise DataError([Problem(message=msg, file=label)]) from None
    if expanded > MAX_BYTES:
        msg = Message("data.xlsx.expands", size=Count(expanded), limit=Count(MAX_BYTES))
        raise DataError([Problem(message=msg, file=label)])
    try:
        with warnings.catch_warnings():
            # Excel's extensions openpyxl does not support (slicers, some validations) do not affect values.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, invalid_file, KeyError, ValueError, OSError) as exc:
        msg = Message("data.xlsx.not_workbook", detail=str(exc))
        raise DataError([Problem(message=msg, file=label)]) from None
    try:
        if not book.worksheets:
            raise DataError([Problem(message=Message("data.xlsx.no_worksheet"), file=label)])
        problems = _Problems(label)
        out: list[tuple[Submission, _Agency]] = []
        seen: dict[str, _Agency] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. a date out of range: read as an error value, reported by its cell
            try:
                sheets = _data_sheets(book, label, sheet_name)
            except (KeyError, ValueError, TypeError, IndexError, SyntaxError) as exc:  # malformed sheet XML
                if isinstance(exc, DataError):
                    raise
                msg = Message("data.xlsx.sheet_unreadable", detail=f"{type(exc).__name__}: {show(str(exc))}")
                raise DataError([Problem(message=msg, file=label)]) from None
            for sheet in sheets:
                reader = _TableReader(ruleset, label, problems, sheet.title, columns)
                try:
                    read = reader.read(_sheet_rows(book, sheet, label, problems))
                except (KeyError, ValueError, TypeError, IndexError, SyntaxError) as exc:  # malformed sheet XML
                    if isinstance(exc, DataError):
                        raise
                    msg = Message("data.xlsx.named_sheet_unreadable", sheet=sheet.title, detail=f"{type(exc).__name__}: {show(str(exc))}")
                    raise DataError([Problem(message=msg, file=label)]) from None
                for agency, submission in zip(reader.agencies, read, strict=True):
                    first = seen.setdefault(agency.agency, agency)
                    if first is agency:
                        out.append((submission, agency))
                    else:
                        problems.on_sheet(sheet.title)
                        also = Message("data.xlsx.duplicate_agency", sheet=first.sheet, row=first.line)
                        problems.add(also, line=agency.line, column=agency.column, path=ID_COLUMN, agency=agency.agency)
        problems.raise_if_any()
        return out
    finally:
        book.close()


def _frame_cell(raw: object, isna: Callable[[object], Any]) -> object:
    """A data-frame cell as a plain Python value: missing values as None, NumPy scalars unwrapped."""
    if isinstance(raw, str | bool | int | Decimal) or raw is None:
        return raw
    try:
        missing = isna(raw)
    except (TypeError, ValueError):  # pragma: no cover - exotic objects
        missing = False
    if missing is True:
        return None
    if hasattr(raw, "to_pydatetime"):
        return raw.to_pydatetime()
    if hasattr(raw, "item"):
        return raw.item()
    return raw


def submissions_from_dataframe(df: Any, ruleset: Ruleset, *, source: str = "<DataFrame>") -> tuple[Submission, ...]:
    """
    Submissions from a pandas data frame in the wide (or long) layout of a CSV file.

    The columns are those of a CSV file's header (``id``, ``name``, ``group``
    ``parent``, ``decided_total``, ``decided_source`` and one per indicator,
    or ``agency``, ``indicator``, ``value`` …); values
    may be text, as in a CSV file, or numbers and booleans. Missing values
    (``NaN``, ``None``, ``pd.NA``) are empty cells. Row numbers in messages
    count the header as row 1, as in ``df.to_csv(index=False)``.

    Args:
        df: A ``pandas.DataFrame``.
        ruleset: The ruleset whose indicators the columns name.
        source: A name for the data frame in messages.

    Returns:
        One submission per agency, in row order.

    Raises:
        DataError: if pandas is not installed, *df* is not a data frame, or
            listing every problem in it.

    .. versionadded:: 0.1.0
    """
    pd = _optional("pandas", "data.task.read_frame", "pandas", source)
    if not isinstance(df, pd.DataFrame):
        msg = Message("data.frame.expected", type=type(df).__name__)
        raise DataError([Problem(message=msg, file=source)])
    rows: list[Row] = [(1, [_cell_text(c) for c in df.columns])]
    for position, row in enumerate(df.itertuples(index=False, name=None), start=2):
        rows.append((position, [_frame_cell(v, pd.isna) for v in row]))
    return _TableReader(ruleset, source).read(rows)


_Read = TypeVar("_Read", bound=Sized)


def require_agencies(submissions: _Read, source: str) -> _Read:
    """
    *submissions*, or a :class:`DataError` when there is none: data with no agency's row (an unfilled
    template, say) has nothing to score, and a report of nobody is not a result. The command line reads
    its data through this; the library's readers return the empty cohort as it is. *submissions* may be a
    :class:`~indicator_index.Cohort` (:func:`read_cohort`).
    """
    if not len(submissions):
        problem = Problem(message=Message("data.no_agency_rows"), file=source)
        raise DataError([problem], title=Message("data.nothing_title", file=source))
    return submissions


def read_submissions(
    path_or_name: str | Path,
    ruleset: Ruleset | None = None,
    *,
    format: str | None = None,
    sheet: str | None = None,
) -> tuple[Submission, ...]:
    """
    Read submissions from a data file (JSON, CSV or XLSX) or a bundled sample by name.

    The format comes from the file's extension (``.json``; ``.csv``, ``.tsv``
    or ``.txt``; ``.xlsx`` or ``.xlsm``) unless *format* names it. A CSV file
    may be comma-, semicolon- or tab-separated and may start with a byte-order
    mark, as Excel writes it. An XLSX workbook is read from every visible sheet
    whose first row is a data header (an ``id`` column, or ``agency``,
    ``indicator`` and ``value``), or from the one *sheet* names; problems name
    the sheet and cell (``data.xlsx: Sheet1!D2: ...``). See ``docs/data.md``
    for the layouts.

    Args:
        path_or_name: A file path or the name of a bundled sample.
        ruleset: The ruleset the data is for. Needed for CSV and XLSX (to read
            each cell by its indicator's type); with JSON, it checks every value.
        format: ``"json"``, ``"csv"`` or ``"xlsx"``, to override the extension.
        sheet: The name of the one worksheet of an XLSX workbook to read
            (exactly, or else ignoring case); refused for other formats.

    Returns:
        One submission per agency, in file order (sheet by sheet).

    Raises:
        DataError: if the file cannot be read or is malformed, listing every
            problem with the file, row, column, agency and indicator; nothing
            is returned from a file with any problem.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 every data sheet of a workbook is read; *sheet*.
    """
    path, label, kind = _data_file(path_or_name, format, sheet)
    if kind == "json":
        data = parse_json(_decode(_read_bytes(path, label), label), label)
        if not isinstance(data, Mapping):
            raise DataError([Problem(message=Message("data.json.no_list"), file=label)])
        return submissions_from_dict(data, source=label, ruleset=ruleset)
    if ruleset is None:
        msg = Message("data.file.needs_ruleset", kind=kind.upper())
        raise DataError([Problem(message=msg, file=label)])
    if kind == "csv":
        return _read_csv(path, label, ruleset)
    return _read_xlsx(path, label, ruleset, sheet)


def _data_file(path_or_name: str | Path, format: str | None, sheet: str | None) -> tuple[Path, str, str]:
    """The data file's path, its name in messages and its format (``json``, ``csv`` or ``xlsx``), checked."""
    path = resolve_data(path_or_name)
    label = str(path_or_name) if Path(str(path_or_name)).is_file() else str(path)
    if format is None:
        kind = _SUFFIXES.get(path.suffix.lower())
        if kind is None:
            msg = Message("data.file.unknown_suffix", suffix=path.suffix)
            raise DataError([Problem(message=msg, file=label)])
    else:
        kind = format.lower().lstrip(".")
        if kind not in FORMATS:
            msg = Message("data.file.format", formats=", ".join(FORMATS), format=format)
            raise DataError([Problem(message=msg, file=label)])
    if sheet is not None and kind != "xlsx":
        msg = Message("data.file.sheet_not_xlsx", sheet=sheet, kind=kind.upper())
        raise DataError([Problem(message=msg, file=label)])
    return path, label, kind


def read_cohort(path_or_name: str | Path, ruleset: Ruleset, *, format: str | None = None, sheet: str | None = None) -> Cohort:
    """
    Read a data file (JSON, CSV or XLSX) or a bundled sample straight into a checked cohort.

    The same files, checks and errors as :func:`read_submissions` followed by
    the checks of :func:`~indicator_index.score` (the reader's
    :class:`~indicator_index.DataError` first, then a
    :class:`~indicator_index.ScoringError` for what only the ruleset's
    scoring refuses, such as a parent in the wrong group). A table's cells are
    checked by their indicator's type and written straight into one compact
    row per agency: no :class:`~indicator_index.Submission` or
    :class:`~indicator_index.Figure` is kept per value, and equal cells share
    one value. A CSV table may have up to :data:`MAX_COHORT_CELLS` cells. JSON
    is read as :func:`read_submissions` reads it, then checked into the cohort.

    The cohort goes to :func:`~indicator_index.score` (the same assessment,
    traces included, as from the submissions) and to
    :meth:`BatchScorer.totals <indicator_index.BatchScorer.totals>`.

    Args:
        path_or_name: A file path or the name of a bundled sample.
        ruleset: The ruleset the data is for.
        format: ``"json"``, ``"csv"`` or ``"xlsx"``, to override the extension.
        sheet: The one worksheet of an XLSX workbook to read.

    Returns:
        A :class:`~indicator_index.Cohort`, agencies in file order.

    Raises:
        DataError: as :func:`read_submissions` raises it.
        ScoringError: as :func:`~indicator_index.score` raises it for submissions that do not fit the ruleset.

    .. versionadded:: 0.2.0
    """
    path, label, kind = _data_file(path_or_name, format, sheet)
    if kind == "json":
        with localcontext(CONTEXT):
            return cohort_of(ruleset, prepare(ruleset, read_submissions(path_or_name, ruleset, format=format)))
    columns = _Columns(ruleset)
    if kind == "csv":
        text = _decode(_read_bytes(path, label), label)
        reader = _TableReader(ruleset, label, columns=columns)
        submissions = reader.read(_csv_rows(text, label, MAX_COHORT_CELLS))
        del text
        records = reader.agencies
    else:
        pairs = _read_book(path, label, ruleset, sheet, columns)
        submissions, records = tuple(s for s, _ in pairs), [r for _, r in pairs]
        del pairs
    resolved = [columns.resolved(record) for record in records]
    del records
    return cohort_of(ruleset, prepare(ruleset, submissions, resolved))


# --- Sources: where the agency's own figure and the verified one differ -----


@frozen(kw_only=True)
class Discrepancy:
    """
    An indicator where the figure that counts differs from the agency's own.

    Args:
        agency: The agency's id.
        indicator: The indicator's id.
        agency_value: The agency's own figure (source ``agency``).
        verified_value: The figure that counts: the one from the source with the
            highest precedence, e.g. the assessor's on-site verification.
        source: The source of *verified_value*.
        difference: ``verified_value - agency_value`` for numbers; ``None`` for
            yes/no and choice indicators.
        points_moved: The agency's total as scored minus its total had only
            this figure been the agency's own (every other figure as scored):
            negative when verification cost the agency points. ``None`` when
            either total is not scorable.
        criteria: The criteria, bonus and penalty items whose points differ
            between the two.

    .. versionadded:: 0.1.0
    """

    agency: str
    indicator: str
    agency_value: object
    verified_value: object
    source: str
    difference: Decimal | None
    points_moved: Decimal | None
    criteria: tuple[str, ...]


def discrepancies(ruleset: Ruleset, submissions: Iterable[Submission]) -> tuple[Discrepancy, ...]:
    """
    Every figure where the source that counts disagrees with the agency's own report.

    The ruleset's ``sources`` declare the precedence (verification first by
    default); the engine scores the figure of the highest source present. For
    each indicator where that figure differs from the agency's own, the cohort
    is scored a second time with only that figure replaced by the agency's, to
    tell the points it moved. Pure: no I/O.

    Args:
        ruleset: The ruleset.
        submissions: The submissions, as given to :func:`~indicator_index.score`.

    Returns:
        The discrepancies in submission order, then the ruleset's indicator order.

    Raises:
        ScoringError: if the submissions cannot be scored under *ruleset*.

    .. versionadded:: 0.1.0
    """
    try:
        items = tuple(submissions)
    except TypeError:
        msg = Message("scoring.submissions", type=type(submissions).__name__)
        raise ScoringError([Problem(message=msg)]) from None
    prepared = prepare(ruleset, items)
    scored = score(ruleset, items)
    order = {ind.id: i for i, ind in enumerate(ruleset.indicators)}
    out: list[Discrepancy] = []
    for position, (submission, agency) in enumerate(zip(items, prepared, strict=True)):
        found: list[Discrepancy] = []
        for raw_key, figures in submission.values.items():
            key = nfc(raw_key)
            counted = agency.input(ruleset, key)
            own = next((f for f in figures if nfc(f.source) == OWN_SOURCE and f.value is not None), None)
            if counted is None or own is None or counted.source == OWN_SOURCE:
                continue
            own_value, _ = check_value(ruleset.indicator(key), own.value)
            if own_value == counted.value:
                continue
            values = dict(submission.values)
            values[raw_key] = (own,)
            changed = list(items)
            changed[position] = attrs.evolve(submission, values=values)
            before = score(ruleset, changed).score_for(agency.agency)
            after = scored.score_for(agency.agency)
            moved = None if after.total is None or before.total is None else after.total - before.total
            criteria = tuple(
                a.criterion
                for a, b in zip((*after.criteria, *after.bonuses, *after.penalties), (*before.criteria, *before.bonuses, *before.penalties), strict=True)
                if (a.points, a.status) != (b.points, b.status)
            )
            difference = None
            if isinstance(counted.value, Decimal) and isinstance(own_value, Decimal):
                difference = counted.value - own_value
            found.append(
                Discrepancy(
                    agency=agency.agency,
                    indicator=key,
                    agency_value=own_value,
                    verified_value=counted.value,
                    source=counted.source,
                    difference=difference,
                    points_moved=moved,
                    criteria=criteria,
                )
            )
        out.extend(sorted(found, key=lambda d: order[d.indicator]))
    return tuple(out)
