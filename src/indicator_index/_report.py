"""
Results out: an :class:`~indicator_index.Assessment` as JSON, CSV, Markdown,
a standalone HTML report, XLSX or a pandas DataFrame.

Every writer is a pure function of an assessment (and a language): it returns
text (or, for XLSX, writes a workbook) and reads nothing else. Machine formats
(JSON, CSV, DataFrame) carry ids and exact decimals; human formats (text table,
Markdown, HTML, XLSX labels) carry labels in Vietnamese or English, numbers
rounded for display, and a decimal comma in Vietnamese.

The JSON document is versioned (``format_version``) and described by the JSON
Schema shipped in ``indicator_index/schemas/assessment.schema.json``; see
``docs/output-json.md``.
"""

from __future__ import annotations

import csv
import html
import importlib
import io
import json
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import IO, Any

from attrs import field, frozen

from indicator_index._compare import _UI as _COMPARE_UI
from indicator_index._compare import AgencyChange, Comparison, _fixed, compare_assessments, movement_text
from indicator_index._display import indicator_value
from indicator_index._display import number as _display_number
from indicator_index._mapping import FrozenDict, frozen_dict
from indicator_index._messages import CATALOGUE, Message, got, ui_section
from indicator_index._model import (
    Assessment,
    Bonus,
    Criterion,
    CriterionResult,
    Indicator,
    Input,
    Label,
    Penalty,
    Ruleset,
    Score,
)
from indicator_index._text import show, text_problem
from indicator_index.errors import DataError, Problem


__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "REPORT_FORMATS",
    "Publication",
    "PublishedCohort",
    "assessment_schema",
    "assessment_to_dict",
    "criteria_frame",
    "explain_markdown",
    "explain_table",
    "explanation_to_dict",
    "format_for",
    "read_publication",
    "reason_text",
    "render_report",
    "to_csv",
    "to_dataframe",
    "to_html",
    "to_json",
    "to_markdown",
    "to_table",
    "to_xlsx",
    "write_report",
]

FORMAT = "indicator-index/assessment"
"""The ``format`` stamped on every JSON assessment document."""
EXPLANATION_FORMAT = "indicator-index/explanation"
"""The ``format`` of a one-agency explanation document."""
FORMAT_VERSION = 1
"""The version of the JSON document layout; bumped on any incompatible change."""
REPORT_FORMATS = ("table", "json", "csv", "markdown", "html", "xlsx")
"""The formats :func:`write_report` and the command line know."""
LANGS = ("vi", "en")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_SUFFIXES = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".txt": "table",
}

Item = Criterion | Bonus | Penalty

# --- Words ------------------------------------------------------------------

_UI: dict[str, dict[str, str]] = ui_section("report.ui.")  # from the one catalogue

_STATUS: dict[str, dict[str, str]] = ui_section("report.status.")  # from the one catalogue

_SOURCES: dict[str, dict[str, str]] = ui_section("report.source.")  # from the one catalogue

_PROVENANCE: dict[str, dict[str, str]] = ui_section("report.provenance.")  # from the one catalogue


# The engine's reasons and notes, by catalogue code: a reason read back as plain text (from a JSON document)
# is matched against these codes' English templates, built from the catalogue itself.
_REASON_CODES = (
    "excluded_on_evidence",
    "claim_refused",
    "claim_refused_for",
    "info_listed",
    "missing_scored_zero",
    "missing_left_out",
    "not_applicable_zero_denominator",
    "bonus_capped",
    "penalty_capped",
    "not_scorable",
    "total_clamped_to_scale",
    "total_clamped_to_zero",
    "no_value_claim_refused",
    "no_value",
)


class _AsWritten(str):
    """A parameter taken from an English text: shown exactly as it was written, repr included (``'1.2'``)."""

    def __repr__(self) -> str:
        return str(self)


def _template_pattern(template: str) -> re.Pattern[str]:
    """An English catalogue template as a pattern: its literal text escaped, each placeholder a named group."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(re.escape(literal))
        if name is not None:
            out.append(f"(?P<{name}>.*)")
    return re.compile("^" + "".join(out) + "$")


_REASON_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((code, _template_pattern(CATALOGUE[code]["en"])) for code in _REASON_CODES)


def reason_text(text: str, lang: str = "vi") -> str:
    """
    A reason or note of an :class:`~indicator_index.Assessment` in *lang*.

    A reason (``CriterionResult.reason``) or note (``Score.notes``) is a
    message of the one catalogue: it is rendered in *lang*. A reason read back
    as plain English text (from a JSON document) is recognised by the
    catalogue's English templates and rendered the same way; a portal can do
    the same::

        >>> reason_text("total clamped to 0", "vi")
        'tổng điểm giới hạn ở mức 0'

    Args:
        text: A reason or note, as the engine made it or as a JSON document holds it.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The text in *lang*; a text the catalogue does not know is returned as it is.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 A thin function over the message catalogue.
    """
    if isinstance(text, Message):
        return text.render(lang)
    if lang != "vi" or not text:
        return text
    # A reason of several parts ("bonus 4 capped at 3; total clamped to 0") when every part is a message;
    # otherwise one message whose parameter holds "; " (evidence may), or a text the catalogue does not know.
    pieces = text.split("; ")
    parts = [_from_catalogue(piece) for piece in pieces] if len(pieces) > 1 else []
    if parts and all(p is not None for p in parts):
        return "; ".join(p.render(lang) for p in parts if p is not None)
    whole = _from_catalogue(text)
    return whole.render(lang) if whole is not None else text


def _from_catalogue(text: str) -> Message | None:
    for code, pattern in _REASON_PATTERNS:
        found = pattern.match(text)
        if found:
            return Message(code, **{k: _AsWritten(v) for k, v in found.groupdict().items()})
    return None


def _lang(lang: str) -> str:
    if lang not in LANGS:
        msg = f"lang must be 'vi' or 'en', got {lang!r}"
        raise ValueError(msg)
    return lang


class _InputWords:
    """How one ruleset's inputs read in one language: indicators by label, values as officials read them."""

    lang: str
    indicators: dict[str, Indicator]

    def source(self, source: str) -> str:
        """A data source in words (the report's :class:`_Words` names them)."""
        raise NotImplementedError

    def value(self, value: object) -> str:
        """An input value for people, its indicator unknown (as written; yes/no in words)."""
        return indicator_value(None, value, self.lang)

    def inputs(self, inputs: Iterable[Input]) -> str:
        """Inputs by indicator id with their values, as the XLSX trace lists them."""
        parts = [f"{i.indicator} = {self.value(i.value)} ({self.source(i.source)})" for i in inputs]
        return "; ".join(parts)

    def indicator(self, indicator_id: str) -> str:
        """An indicator as a person reads it: «its label» (its id), or the id alone when it has no label."""
        indicator = self.indicators.get(indicator_id)
        text = indicator.label.text(self.lang) if indicator is not None else ""
        return f"«{text}» ({indicator_id})" if text else indicator_id

    def input_value(self, indicator_id: str, value: object) -> str:
        """An input's value for people (:func:`._display.indicator_value`): a ratio as a percentage at 2 decimals (0.8725 → 87.25 %)."""
        return indicator_value(self.indicators.get(indicator_id), value, self.lang)

    def input(self, item: Input) -> str:
        """One input as a person reads it: indicator, value and source, without the source's reference."""
        return f"{self.indicator(item.indicator)} = {self.input_value(item.indicator, item.value)} ({self.source(item.source)})"

    def shown_inputs(self, inputs: Iterable[Input]) -> str:
        """Inputs as the text and Markdown breakdowns show them: by label, ratios as percentages."""
        return "; ".join(self.input(i) for i in inputs)


class _Words(_InputWords):
    """Labels of one ruleset in one language."""

    def __init__(self, ruleset: Ruleset, lang: str) -> None:
        self.rs = ruleset
        self.lang = _lang(lang)
        self.ui = _UI[self.lang]
        items: list[Item] = []
        items.extend(ruleset.criteria)
        items.extend(ruleset.bonuses)
        items.extend(ruleset.penalties)
        self.items: dict[str, Item] = {item.id: item for item in items}
        self.indicators = {i.id: i for i in ruleset.indicators}
        self.groups = {g.id: g for g in ruleset.groups}
        self.sections = {s.id: s for s in ruleset.sections}
        self.bands = {b.id: b for b in ruleset.bands}
        self.sources: dict[str, int] = {}

    def __getitem__(self, key: str) -> str:
        return self.ui[key]

    def group(self, group_id: str) -> str:
        group = self.groups.get(group_id)
        return group.label.text(self.lang) if group else group_id

    def section(self, section_id: str | None) -> str:
        section = self.sections.get(section_id or "")
        return section.label.text(self.lang) if section else (section_id or "")

    def band(self, band_id: str | None) -> str:
        band = self.bands.get(band_id or "")
        return band.label.text(self.lang) if band else ""

    def item(self, item_id: str) -> str:
        item = self.items.get(item_id)
        return item.label.text(self.lang) if item else item_id

    def status(self, status: str) -> str:
        return _STATUS[self.lang].get(status, status)

    def said(self, text: str) -> str:
        """An engine reason or note in this language."""
        return reason_text(text, self.lang)

    def source(self, source: str) -> str:
        return _SOURCES[self.lang].get(source, source)

    def provenance(self, status: str) -> str:
        return _PROVENANCE[self.lang].get(status, status)

    def number(self, value: Decimal | None) -> str:
        """A number for people: rounded to the ruleset's places, no trailing zeros."""
        if value is None:
            return "—"
        rounding = self.rs.rounding
        return _display_number(value, rounding.places, self.lang, rounding.mode)

    def total(self, score: Score) -> str:
        """A total exactly as rounded, or 'not scorable'."""
        if score.total is None:
            return self.ui["not_scorable"]
        return self.decimal(format(score.total, "f"))

    def decimal(self, text: str) -> str:
        return text.replace(".", ",") if self.lang == "vi" else text

    def rule(self, result: CriterionResult) -> str:
        return result.rule.vi if self.lang == "vi" else result.rule.en

    def band_line(self, assessment: Assessment, group_id: str) -> str:
        counts = assessment.band_counts.get(group_id, {})
        return self.counts_line(counts)

    def counts_line(self, counts: Mapping[str, int]) -> str:
        return " · ".join(f"{self.band(b)} {n}" for b, n in counts.items())

    def decided(self, score: Score) -> str:
        """The marker of a decided (published) total, with its source; empty for a scored one."""
        if score.status != "decided":
            return ""
        return self.ui["decided"] + (f": {score.decided_source}" if score.decided_source else "")

    def decided_short(self, score: Score) -> str:
        """The marker of a decided total with the number of its source in the report's list of sources: "đã công bố [1]"."""
        if score.status != "decided":
            return ""
        if not score.decided_source:
            return self.ui["decided"]
        number = self.sources.setdefault(score.decided_source, len(self.sources) + 1)
        return f"{self.ui['decided']} [{number}]"

    def sources_lines(self) -> list[str]:
        """The legend of decided totals and their numbered sources, as marked by :meth:`decided_short`."""
        return [self.ui["decided_legend"], *(f"[{n}] {self.ui['source']}: {text}" for text, n in self.sources.items())]

    def decided_note(self, score: Score) -> str:
        """What the breakdown of a decided total says instead of the per-criterion trace."""
        return self.ui["decided_note"].format(source=f" ({score.decided_source})" if score.decided_source else "")

    def published_rank(self, text: str | None, *, full: bool = False, marked: bool = False) -> str:
        """
        A rank as published, for a cohort the report holds only part of: ``24/24``; ``2/6 (chưa xác nhận)`` for one
        given in parentheses; other text as given, marked; ``—`` without one. *full* adds the text as given to an
        unconfirmed rank (a breakdown); *marked* marks a confirmed rank as published (a sheet's rank column).
        """
        if not text:
            return "—"
        place = _published_place(text)
        if place is None:
            return f"“{text.strip()}” ({self.ui['rank_as_given']})"
        rank, size, confirmed = place
        if confirmed:
            return f"{rank}/{size}" + (f" ({self.ui['rank_published_mark']})" if marked else "")
        return f"{rank}/{size} ({self.ui['rank_unconfirmed']}" + (f": “{text.strip()}”)" if full else ")")


# --- Ranking cohorts, publications and the previous round -------------------


@frozen(kw_only=True)
class PublishedCohort:
    """
    What was published about one ranking cohort (or one whole group): how many
    agencies it ranked and how many were in each band.

    A report of a partial publication (a round whose results were published
    for some agencies only) shows, beside each cohort's ranking, how many of
    the published agencies it holds, and the published band counts. When it
    holds fewer agencies than *size*, an agency's place in the report is not
    its rank: the report shows the published rank from *ranks* instead
    ("24/24"), or none ("—").

    Args:
        size: How many agencies the cohort ranked.
        band_counts: Band id -> number of agencies published in it.
        source: Where it was published.
        ranks: Agency id -> its rank as published, as text: ``"6 of 6"`` is
            a rank (shown ``6/6``); ``"(2 of 6): ..."`` is a rank given in
            parentheses, not confirmed (shown ``2/6 (chưa xác nhận)``); any
            other text is shown as given, marked so.

    .. versionadded:: 0.2.0
    """

    size: int
    band_counts: FrozenDict = field(factory=FrozenDict, converter=frozen_dict)
    source: str = ""
    ranks: FrozenDict = field(factory=FrozenDict, converter=frozen_dict)


# "6 of 6" (or "6/6"): a published rank. "(2 of 6)" first, with or without a note after it: given, not confirmed.
# At most 9 digits each: a longer number is no rank (it is kept as text, as given).
_RANK = re.compile(r"\s*([0-9]{1,9})\s*(?:of|/)\s*([0-9]{1,9})\s*", re.IGNORECASE)
_RANK_BRACKETED = re.compile(r"\s*\(\s*([0-9]{1,9})\s*(?:of|/)\s*([0-9]{1,9})\s*\)", re.IGNORECASE)


def _published_place(text: str) -> tuple[int, int, bool] | None:
    """
    A published rank's place, cohort size and whether it is confirmed: ``"6 of 6"`` -> (6, 6, True),
    ``"(2 of 6): ..."`` -> (2, 6, False); ``None`` for other text.
    """
    exact = _RANK.fullmatch(text)
    if exact:
        return int(exact[1]), int(exact[2]), True
    bracketed = _RANK_BRACKETED.match(text)
    if bracketed:
        return int(bracketed[1]), int(bracketed[2]), False
    return None


def _rank_problem(value: object, size: int | None = None) -> Message | None:
    """What is wrong with one entry of a table of published ranks (of a cohort of *size* agencies, when known), or ``None``."""
    if not isinstance(value, str) or not value.strip():
        return Message("publication.rank_not_text", got=got(value))
    wrong = text_problem(value)
    if wrong is not None:
        return Message("publication.rank_text", text=show(value), wrong=wrong)
    place = _published_place(value)
    if place is not None and not 1 <= place[0] <= place[1]:
        return Message("publication.rank_out_of_place", text=value, rank=place[0], size=place[1])
    if place is not None and size is not None and place[1] != size:
        return Message("publication.rank_size", text=value, size=size, among=place[1])
    return None


def _read_ranks(value: object, where: str, file: str | None, problems: list[Problem], size: int | None = None) -> dict[str, str]:
    """
    A table of published ranks (agency id -> text) of a cohort of *size* agencies (when known), read at key
    path *where*; what is wrong is added to *problems*.
    """
    if not isinstance(value, Mapping):
        problems.append(Problem(message=Message("publication.ranks_not_table", got=got(value)), file=file, path=where))
        return {}
    out: dict[str, str] = {}
    for agency, text in value.items():
        wrong = _rank_problem(text, size)
        if wrong is not None:
            problems.append(Problem(message=wrong, file=file, path=f"{where}[{json.dumps(agency, ensure_ascii=False)}]", agency=str(agency)))
        else:
            out[str(agency)] = text
    return out


Publication = Mapping[str, PublishedCohort]
"""Ranking cohort id (or group id) -> what was published about it."""


def read_publication(source: str | Path | Mapping[str, object]) -> dict[str, PublishedCohort]:
    """
    Read what was published about each ranking cohort.

    The document (a JSON file, or a mapping already read) holds, under the
    top-level key ``publication``, a table ``cohorts`` keyed by ranking cohort
    id (as :attr:`Score.cohort <indicator_index.Score.cohort>`:
    ``"department"``, ``"ward/quan-hai-chau"``) or by group id for a whole
    group, and optionally the ``source`` of them all::

        {"publication": {
            "source": "Quyết định 2901/QĐ-UBND",
            "cohorts": {
                "department": {"size": 24, "band_counts": {"xuat_sac": 4, "tot": 7}},
                "ward/quan-hai-chau": {"size": 13, "source": "Thông báo 12/TB-UBND"}}}}

    ``size`` is required; ``band_counts`` and a cohort's own ``source`` are
    optional. Other keys are left alone (the file may hold the agencies and
    the round too). The table of cohorts may also stand directly under
    ``publication`` (without ``cohorts``).

    The published ranks, agency id -> rank as published, may stand under
    ``publication`` (``"ranks": {"kho-bac-nha-nuoc-da-nang": "6 of 6"}``),
    for every cohort, or under one cohort (its own entries win). ``"N of M"``
    is a rank; ``"(N of M)"`` first, with a note or without, a rank given but
    not confirmed; any other text is kept and shown as given. A report that
    holds fewer agencies of a cohort than its ``size`` shows these instead of
    its own order (see :class:`PublishedCohort`).

    Returns:
        Cohort id -> :class:`PublishedCohort`, in the document's order.

    Raises:
        DataError: if the file cannot be read or an entry is malformed,
            naming the file, the key path and the cohort (or the agency of a
            published rank).

    .. versionadded:: 0.2.0
    """
    file = None
    data: object = source
    if isinstance(source, str | Path):
        file = str(source)
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise DataError([Problem(message=Message("publication.unreadable", detail=str(exc)), file=file)]) from None
    table = data.get("publication") if isinstance(data, Mapping) else None
    if not isinstance(table, Mapping):
        raise DataError([Problem(message=Message("publication.no_table"), file=file, path="$.publication")])
    common = table.get("source", "") if "cohorts" in table else ""
    base = "$.publication.cohorts" if "cohorts" in table else "$.publication"
    problems: list[Problem] = []
    ranks = _read_ranks(table["ranks"], "$.publication.ranks", file, problems) if "ranks" in table else {}
    if "cohorts" in table:
        table = table["cohorts"]
        if not isinstance(table, Mapping):
            raise DataError([Problem(message=Message("publication.cohorts_not_table"), file=file, path=base)])
    else:
        table = {key: value for key, value in table.items() if key != "ranks"}  # the ranks of every cohort, not a cohort
    out: dict[str, PublishedCohort] = {}
    for cohort, entry in table.items():
        where = f"{base}[{json.dumps(cohort, ensure_ascii=False)}]"
        if not isinstance(entry, Mapping):
            problems.append(Problem(message=Message("publication.cohort_not_table", cohort=cohort), file=file, path=where))
            continue
        size = entry.get("size")
        counts = entry.get("band_counts", {})
        text = entry.get("source", common if isinstance(common, str) else "")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            problems.append(Problem(message=Message("publication.size", cohort=cohort, size=repr(size)), file=file, path=f"{where}.size"))
            continue
        if not isinstance(counts, Mapping) or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()):
            problems.append(Problem(message=Message("publication.band_counts", cohort=cohort), file=file, path=f"{where}.band_counts"))
            continue
        if sum(counts.values()) > size:
            problems.append(Problem(message=Message("publication.counts_exceed", cohort=cohort, total=sum(counts.values()), size=size), file=file, path=where))
            continue
        if not isinstance(text, str):
            problems.append(Problem(message=Message("publication.source_not_text", cohort=cohort), file=file, path=f"{where}.source"))
            continue
        own = _read_ranks(entry["ranks"], f"{where}.ranks", file, problems, size) if "ranks" in entry else {}
        out[str(cohort)] = PublishedCohort(size=size, band_counts={str(k): v for k, v in counts.items()}, source=text, ranks={**ranks, **own})
    if problems:
        raise DataError(problems, title=Message("publication.invalid"))
    return out


def _publication(assessment: Assessment, publication: Publication | Mapping[str, Mapping[str, object]] | None) -> dict[str, PublishedCohort]:
    """*publication* checked against the assessment's ruleset: every band id must be one of its bands."""
    if not publication:
        return {}
    out: dict[str, PublishedCohort] = {}
    plain: dict[str, object] = {}
    for key, value in publication.items():
        if isinstance(value, PublishedCohort):
            out[key] = value
        else:
            plain[key] = value
    if plain:
        out.update(read_publication({"publication": plain}))
    out = {key: out[key] for key in publication}  # the caller's order
    bands = {b.id for b in assessment.ruleset.bands}
    for cohort, entry in out.items():
        unknown = sorted(set(entry.band_counts) - bands)
        if unknown:
            known = ", ".join(sorted(bands))
            msg = Message("publication.unknown_band", cohort=cohort, unknown=", ".join(map(repr, unknown)), ruleset=assessment.ruleset_id, known=known)
            raise ValueError(msg)
        for agency, rank in entry.ranks.items():
            wrong = _rank_problem(rank)
            if wrong is not None:
                raise ValueError(Message("publication.agency_rank", cohort=cohort, agency=agency, problem=wrong))
    return out


def _partial_cohorts(assessment: Assessment, published: Mapping[str, PublishedCohort]) -> dict[str, PublishedCohort]:
    """The cohorts of the report that hold fewer agencies than were published in them: there, a place in the report is not a rank."""
    return {key: published[key] for key, scores in assessment.cohorts().items() if key in published and len(scores) < published[key].size}


def _band_order(ruleset: Ruleset) -> list[str]:
    """Band ids from the best band to the worst, as the band counts list them."""
    return [b.id for b in sorted(ruleset.bands, key=lambda b: b.min, reverse=True)]


def _counts(ruleset: Ruleset, scores: Iterable[Score]) -> dict[str, int]:
    """Band id -> number of *scores* in it, best band first."""
    bands = [s.band for s in scores]
    return {b: bands.count(b) for b in _band_order(ruleset)}


@frozen
class _Cohort:
    """One ranking cohort of a report: its id, label in the report's language and scores in rank order."""

    id: str
    label: str
    scores: tuple[Score, ...]


def _cohorts(assessment: Assessment, lang: str) -> list[_Cohort]:
    return [_Cohort(k, assessment.cohort_label(k, lang), v) for k, v in assessment.cohorts().items()]


def _ordered(assessment: Assessment) -> list[Score]:
    """The scores cohort by cohort, each in rank order (the assessment's order when cohorts are groups)."""
    return [s for scores in assessment.cohorts().values() for s in scores]


def _split(assessment: Assessment) -> bool:
    """Whether some cohort is not one group (a block, or the wards of one district): the report then adds a city overview."""
    return any(k not in {g.id for g in assessment.ruleset.groups} for k in assessment.cohorts())


@frozen
class _OverviewRow:
    key: str
    label: str
    held: int
    counts: Mapping[str, int]
    published: PublishedCohort | None


def _overview(assessment: Assessment, words: _Words, published: Mapping[str, PublishedCohort]) -> list[_OverviewRow]:
    """The city overview: a row per cohort, then per group ranked within parents its whole-city row, then published cohorts the report does not hold."""
    rs = assessment.ruleset
    rows = [_OverviewRow(c.id, c.label, len(c.scores), _counts(rs, c.scores), published.get(c.id)) for c in _cohorts(assessment, words.lang)]
    for group in rs.groups:
        members = assessment.in_group(group.id)
        if group.ranked_within == "parent" and (members or group.id in published):
            label = f"{group.label.text(words.lang)} — {words['whole_city']}"
            rows.append(_OverviewRow(group.id, label, len(members), _counts(rs, members), published.get(group.id)))
    held = {r.key for r in rows}
    for key, entry in published.items():
        if key not in held:
            rows.append(_OverviewRow(key, assessment.cohort_label(key, words.lang), 0, _counts(rs, ()), entry))
    return rows


def _overview_cells(row: _OverviewRow, words: _Words, band_order: list[str], with_published: bool) -> list[str]:
    """One overview row as text cells: cohort, held (of published), then each band's count (of published)."""
    pub = row.published
    held = str(row.held) + (f" / {pub.size}" if pub is not None else "")
    cells = [row.label, held]
    for b in band_order:
        n = str(row.counts.get(b, 0))
        if with_published and pub is not None and pub.band_counts:
            n += f" / {pub.band_counts[b]}" if b in pub.band_counts else " / —"
        cells.append(n)
    return cells


def _partial_line(cohort_id: str, held: int, words: _Words, published: Mapping[str, PublishedCohort]) -> str:
    """
    'This report holds 12 of the 24 agencies published in this cohort.', with the published bands and, when it holds
    fewer than were published, what its ranks are; empty when nothing was published for it.
    """
    entry = published.get(cohort_id)
    if entry is None:
        return ""
    text = words["partial"].format(n=held, size=entry.size)
    if entry.band_counts:
        text += f" {words['published_bands']}: {words.counts_line(entry.band_counts)}."
    if entry.source:
        text += f" {words['source']}: {entry.source}."
    if held < entry.size:
        text += " " + words["rank_not_order"].format(size=entry.size)
    return text


def _rank_head(cohort_id: str, words: _Words, partial: Mapping[str, PublishedCohort]) -> str:
    """The head of a cohort's rank column: "Hạng đã công bố" where the report holds part of a published cohort, else "Hạng"."""
    return words["published_rank"] if cohort_id in partial else words["rank"]


def _rank_cell(score: Score, words: _Words, partial: Mapping[str, PublishedCohort], none: str = "—", *, marked: bool = False) -> str:
    """
    An agency's rank as a ranking shows it: its rank in the cohort; where the report holds part of a published
    cohort, the rank published for it (``24/24``), never its place in the report (*none* without a rank).
    """
    entry = partial.get(score.cohort or score.group)
    if entry is not None:
        return words.published_rank(entry.ranks.get(score.agency), marked=marked)
    return none if score.rank is None else str(score.rank)


def _rank_detail(score: Score, assessment: Assessment, words: _Words, partial: Mapping[str, PublishedCohort]) -> tuple[str, str]:
    """The label and text of an agency's rank in its breakdown: ("Hạng", "3/24"), or ("Hạng đã công bố", "24/24") as :func:`_rank_cell`."""
    entry = partial.get(score.cohort or score.group)
    if entry is not None:
        return words["published_rank"], words.published_rank(entry.ranks.get(score.agency), full=True)
    return words["rank"], "—" if score.rank is None else f"{score.rank}/{_cohort_size(assessment, score)}"


def rank_words(assessment: Assessment, agency: str, lang: str = "vi", publication: Publication | None = None) -> tuple[str, str] | None:
    """
    Where *publication* says the assessment holds only part of the agency's cohort: the label and text of its
    published rank (``("Hạng đã công bố", "24/24")``), as the reports show it; ``None`` where its rank among the
    agencies held is its rank.
    """
    partial = _partial_cohorts(assessment, _publication(assessment, publication))
    s = assessment.score_for(agency)
    if (s.cohort or s.group) not in partial:
        return None
    return _rank_detail(s, assessment, _Words(assessment.ruleset, lang), partial)


class _Previous:
    """The change of each agency since the previous round (from :func:`compare_assessments`), as a report shows it."""

    def __init__(self, comparison: Comparison, words: _Words) -> None:
        self.comparison = comparison
        self.words = words
        self.lang = words.lang
        self.by_agency = {c.agency: c for c in comparison.agencies if c.status != "gone"}
        self.gone = comparison.gone
        # As `indicator-index compare` writes them: each total at its ruleset's places, the change at the larger.
        self._old_places = comparison.old.ruleset.rounding.places
        self._places = max(self._old_places, comparison.new.ruleset.rounding.places)

    def header(self) -> list[str]:
        w = self.words
        return [w["previous_total"], w["change"], w["band_change"], w["movement"]]

    def old_total(self, c: AgencyChange) -> str:
        return _fixed(c.old_total, self._old_places, self.lang)

    def change(self, c: AgencyChange) -> str:
        return _fixed(c.total_change, self._places, self.lang, signed=True)

    def band_change(self, c: AgencyChange) -> str:
        said = _COMPARE_UI[self.lang]
        if c.band_change in ("new", "not_scorable"):
            return said[c.band_change]
        if c.band_change == "same":
            return said["same"]
        old_rs, new_rs = self.comparison.old.ruleset, self.comparison.new.ruleset
        old = old_rs.band(c.old_band).label.text(self.lang) if c.old_band else "—"
        new = new_rs.band(c.new_band).label.text(self.lang) if c.new_band else "—"
        return f"{said[c.band_change]} ({old} → {new})"

    def cells(self, agency: str) -> list[str]:
        c = self.by_agency.get(agency)
        if c is None:
            return ["—", "—", "—", "—"]
        change = self.change(c) if c.total_change is not None else ("—" if c.status == "both" else _COMPARE_UI[self.lang]["new"])
        return [self.old_total(c), change, self.band_change(c), movement_text(c, self.lang)]

    def gone_line(self) -> str:
        if not self.gone:
            return ""
        return f"{self.words['gone']}: " + ", ".join(f"{c.name} ({self.old_total(c)})" for c in self.gone)


def _previous(assessment: Assessment, previous: Assessment | Comparison | None, words: _Words) -> _Previous | None:
    """The comparison with the previous round, or ``None`` without one. A :class:`Comparison` is taken as it is (e.g. made with renamed ids)."""
    if previous is None:
        return None
    comparison = previous if isinstance(previous, Comparison) else compare_assessments(previous, assessment)
    if comparison.new is not assessment and comparison.new.scores != assessment.scores:
        msg = "previous: the comparison given was not made with this assessment as its later round"
        raise ValueError(msg)
    return _Previous(comparison, words)


# --- Numbers ----------------------------------------------------------------


def _num(value: Decimal) -> str:
    """An exact decimal as a plain string: no exponent, no trailing zeros (``21.0`` -> ``"21"``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else _num(value)


def _label(label: Label) -> dict[str, str]:
    return {"vi": label.vi, "en": label.en}


def _input_value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


# --- JSON -------------------------------------------------------------------


def _ruleset_dict(ruleset: Ruleset) -> dict[str, Any]:
    basis = ruleset.legal_basis
    return {
        "id": ruleset.id,
        "version": ruleset.version,
        "digest": ruleset.digest,
        "title": _label(ruleset.title),
        "legal_basis": {
            "number": basis.number,
            "issuer": basis.issuer,
            "date": basis.date.isoformat() if basis.date else None,
            "title": basis.title,
        },
        "scale": _num(ruleset.scale),
        "rounding": {
            "places": ruleset.rounding.places,
            "mode": ruleset.rounding.mode,
            "each_criterion": ruleset.rounding.each_criterion,
        },
        "sources": list(ruleset.sources),
        "bands": [{"id": b.id, "label": _label(b.label), "min": _num(b.min)} for b in ruleset.bands],
        "sections": [{"id": s.id, "number": s.number, "label": _label(s.label)} for s in ruleset.sections],
    }


def _item_dict(result: CriterionResult, words: _Words) -> dict[str, Any]:
    item = words.items.get(result.criterion)
    prov = item.provenance if item is not None else None
    return {
        "id": result.criterion,
        "section": result.section,
        "label": _label(item.label) if item is not None else {"vi": "", "en": result.criterion},
        "status": result.status,
        "points": _opt(result.points),
        "max_points": _num(result.max_points),
        "inputs": [
            {
                "indicator": i.indicator,
                "type": words.indicators[i.indicator].type,
                "value": _input_value(i.value),
                "source": i.source,
                "reference": i.reference,
            }
            for i in result.inputs
        ],
        "rule": {"vi": result.rule.vi, "en": result.rule.en},
        "reason": result.reason,
        "provenance": {
            "status": result.provenance,
            "citation": prov.citation if prov else "",
            "method": prov.method if prov else "",
            "file": prov.file if prov else "",
        },
        "evidence": item.evidence if item is not None else "",
        "verifier": item.verifier if item is not None else "",
    }


def _score_dict(score: Score, words: _Words) -> dict[str, Any]:
    band = words.bands.get(score.band or "")
    return {
        "id": score.agency,
        "name": score.name,
        "group": score.group,
        "parent": score.parent or None,
        "cohort": score.cohort or score.group,
        "status": score.status,
        "decided_source": score.decided_source if score.status == "decided" else None,
        "rank": score.rank,
        "total": None if score.total is None else format(score.total, "f"),
        "unrounded": _opt(score.unrounded),
        "band": None if band is None else {"id": band.id, "label": _label(band.label)},
        "earned": _opt(score.earned),
        "applicable_max": _opt(score.applicable_max),
        "base": _opt(score.base),
        "bonus": _opt(score.bonus),
        "penalty": _opt(score.penalty),
        "sections": [
            {
                "id": s.section,
                "label": _label(words.sections[s.section].label) if s.section in words.sections else {"vi": "", "en": s.section},
                "points": _num(s.points),
                "max_points": _num(s.max_points),
                "scaled": _num(s.scaled),
            }
            for s in score.sections
        ],
        "criteria": [_item_dict(r, words) for r in score.criteria],
        "bonuses": [_item_dict(r, words) for r in score.bonuses],
        "penalties": [_item_dict(r, words) for r in score.penalties],
        "notes": list(score.notes),
    }


def _cohort_dict(assessment: Assessment, cohort: str, scores: tuple[Score, ...], published: PublishedCohort | None) -> dict[str, Any]:
    block, _, parent = cohort.partition("/")
    groups = list(dict.fromkeys(s.group for s in scores))
    return {
        "id": cohort,
        "label": {"vi": assessment.cohort_label(cohort, "vi"), "en": assessment.cohort_label(cohort, "en")},
        "block": block,
        "groups": groups,
        "parent": parent or None,
        "agencies": len(scores),
        "band_counts": _counts(assessment.ruleset, scores),
        "published": None
        if published is None
        else {"size": published.size, "band_counts": {b: int(n) for b, n in published.band_counts.items()}, "source": published.source},
    }


def assessment_to_dict(assessment: Assessment, *, publication: Publication | None = None) -> dict[str, Any]:
    """
    The assessment as a JSON-ready, versioned document.

    Decimals are strings holding the exact value (``"58.33"`` for a total, as
    rounded; ``"13.5"`` for points), so nothing is lost to binary floats.
    Agencies are listed by ranking cohort (``cohorts``: a group, a block of
    groups ranked together, or the wards of one district), rank, then name in
    Vietnamese alphabetical order. The layout is described by
    :func:`assessment_schema` and ``docs/output-json.md``.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        publication: What was published about each cohort (see
            :func:`read_publication`), written under each cohort's ``published``.

    Returns:
        A dict of plain JSON types (str, int, bool, None, list, dict).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``cohorts``; ``parent``, ``cohort`` and
       ``decided_source`` per agency; *publication*.
    """
    published = _publication(assessment, publication)
    rs = assessment.ruleset
    words = _Words(rs, "en")
    groups = []
    for group in rs.groups:
        members = assessment.in_group(group.id)
        counts = assessment.band_counts.get(group.id, {})
        groups.append(
            {
                "id": group.id,
                "label": _label(group.label),
                "total": _num(group.total if group.total is not None else rs.scale),
                "agencies": len(members),
                "band_counts": {band: int(n) for band, n in counts.items()},
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "library_version": assessment.library_version,
        "ruleset": {**_ruleset_dict(rs), "id": assessment.ruleset_id, "version": assessment.ruleset_version, "digest": assessment.ruleset_digest},
        "groups": groups,
        "cohorts": [_cohort_dict(assessment, k, v, published.get(k)) for k, v in assessment.cohorts().items()],
        "agencies": [_score_dict(s, words) for s in _ordered(assessment)],
    }


def explanation_to_dict(assessment: Assessment, agency: str) -> dict[str, Any]:
    """
    One agency's full trace as a JSON-ready document: the ruleset, the
    agency's group and its entry exactly as in :func:`assessment_to_dict`.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        agency: The agency's id.

    Returns:
        ``{"format": "indicator-index/explanation", "format_version": 1,
        "library_version", "ruleset", "group", "agency"}``.

    Raises:
        KeyError: if no agency has that id.

    .. versionadded:: 0.1.0
    """
    score = assessment.score_for(agency)
    full = assessment_to_dict(assessment)
    return {
        "format": EXPLANATION_FORMAT,
        "format_version": FORMAT_VERSION,
        "library_version": full["library_version"],
        "ruleset": full["ruleset"],
        "group": next(g for g in full["groups"] if g["id"] == score.group),
        "agency": next(a for a in full["agencies"] if a["id"] == score.agency),
    }


def to_json(assessment: Assessment, *, indent: int | None = 2, publication: Publication | None = None) -> str:
    """
    The assessment as JSON text (see :func:`assessment_to_dict`), UTF-8
    characters kept as they are, keys in a fixed order, ending with a newline.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *publication*.
    """
    return json.dumps(assessment_to_dict(assessment, publication=publication), ensure_ascii=False, indent=indent) + "\n"


def assessment_schema() -> dict[str, Any]:
    """
    The JSON Schema (draft 2020-12) of the documents :func:`assessment_to_dict`
    returns, as shipped in ``indicator_index/schemas/assessment.schema.json``.

    .. versionadded:: 0.1.0
    """
    text = (resources.files("indicator_index") / "schemas" / "assessment.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- CSV --------------------------------------------------------------------


def _section_columns(ruleset: Ruleset) -> list[str]:
    return [s.id for s in ruleset.sections]


def _text_cell(text: str) -> str:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) gets a leading apostrophe."""
    return f"'{text}" if text[:1] in _FORMULA_START else text


def to_csv(assessment: Assessment) -> str:
    """
    The ranking as CSV: one row per agency, ordered by group, rank and name.

    Columns: ``group, parent, cohort, rank, agency, name, status, total,
    band, decided_source``, then one column per section (the points earned in
    that section before rescaling; for the bonus/penalty section, bonus minus
    penalty; empty where a section does not apply to the agency's group), then
    ``earned, applicable_max, bonus, penalty``. ``rank`` is the rank within
    the ranking cohort ``cohort``; rows come cohort by cohort. A decided
    (published) total has ``status`` ``decided``, its source in
    ``decided_source`` and no section or ``earned`` figures. Ids, not labels, and decimals with a ``.``;
    ``total`` is exactly the rounded total, empty when not scorable; the
    section columns and the totals' parts are rounded to the ruleset's
    ``rounding.places`` (no trailing zeros) -- for exact values use
    :func:`to_json` or :func:`to_dataframe` with ``exact=True``. An
    agency id or name that a spreadsheet would take for a formula (starting
    with ``=``, ``+``, ``-`` or ``@``) is written with a leading apostrophe.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``parent``, ``cohort`` and ``decided_source``.
    """
    sections = _section_columns(assessment.ruleset)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["group", "parent", "cohort", "rank", "agency", "name", "status", "total", "band", "decided_source"]
    writer.writerow([*header, *sections, "earned", "applicable_max", "bonus", "penalty"])
    rounding = assessment.ruleset.rounding

    def shown(value: Decimal | None) -> str:  # the points a person reads, at the ruleset's places (issue #12)
        return "" if value is None else _display_number(value, rounding.places, "en", rounding.mode)

    for s in _ordered(assessment):
        by_section = {r.section: shown(r.points) for r in s.sections}
        writer.writerow(
            [
                s.group,
                _text_cell(s.parent),
                _text_cell(s.cohort or s.group),
                "" if s.rank is None else s.rank,
                _text_cell(s.agency),
                _text_cell(s.name),
                s.status,
                "" if s.total is None else format(s.total, "f"),
                s.band or "",
                _text_cell(s.decided_source) if s.status == "decided" else "",
                *(by_section.get(sid, "") for sid in sections),
                shown(s.earned),
                shown(s.applicable_max),
                shown(s.bonus),
                shown(s.penalty),
            ]
        )
    return out.getvalue()


# --- Plain text -------------------------------------------------------------


def _header(assessment: Assessment, words: _Words) -> str:
    rs = assessment.ruleset
    return f"{rs.title.text(words.lang)} — {assessment.ruleset_id} {assessment.ruleset_version} (sha256 {assessment.ruleset_digest[:12]})"


def _text_overview(assessment: Assessment, words: _Words, published: Mapping[str, PublishedCohort]) -> list[str]:
    """The city overview as plain-text lines: per cohort, the agencies and the band counts (of those published)."""
    order = _band_order(assessment.ruleset)
    rows = [_overview_cells(r, words, order, with_published=True) for r in _overview(assessment, words, published)]
    head = [words["cohort"], words["held"] + (f" / {words['published']}" if published else ""), *(words.band(b) for b in order)]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    out = ["", f"## {words['overview']}"]
    out += ["  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip() for r in [head, *rows]]
    return out


def to_table(assessment: Assessment, lang: str = "vi", *, publication: Publication | None = None) -> str:
    """
    The ranking per ranking cohort (a group, a block of groups ranked
    together, the wards of one district) as a plain-text table, as the
    command line prints it; then, when some cohort is not a whole group or
    *publication* is given, the city overview (agencies and band counts per
    cohort, with those published).

    A decided (published) total is marked ``[đã công bố: source]``. A cohort
    the report holds only part of (fewer agencies than *publication* says it
    ranked) shows, under the head "Hạng đã công bố", the published rank of
    each agency ("24/24") or "—", not its place in the report.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 one ranking per cohort; *publication*.
    """
    words = _Words(assessment.ruleset, lang)
    published = _publication(assessment, publication)
    ranked_part = _partial_cohorts(assessment, published)
    lines = [_header(assessment, words)]
    for cohort in _cohorts(assessment, words.lang):
        scores = cohort.scores
        lines.append("")
        lines.append(f"## {cohort.label} ({len(scores)})")
        width = max(len(s.name) for s in scores)
        totals = [words.total(s) for s in scores]
        total_width = max(len(t) for t in totals)
        ranks = [_rank_cell(s, words, ranked_part, "-") for s in scores]
        if cohort.id in ranked_part:  # published ranks ("24/24", "2/6 (chưa xác nhận)"), under a head saying so
            rank_width = max(len(r) for r in [*ranks, words["published_rank"]])
            lines.append(f"  {words['published_rank']}")
            ranks = ["  " + r.ljust(rank_width) for r in ranks]
        else:
            ranks = [r.rjust(3) for r in ranks]
        bands = [words.band(s.band) for s in scores]
        band_width = max(len(b) for b in bands)
        for s, total, rank, band in zip(scores, totals, ranks, bands, strict=True):
            marker = f"  ({words.decided_short(s)})" if s.status == "decided" else ""
            lines.append(f"{rank}  {s.name:<{width}}  {total:>{total_width}}  {band:<{band_width}}{marker}".rstrip())
        lines.append(f"     {words['bands']}: {words.counts_line(_counts(assessment.ruleset, scores))}")
        partial = _partial_line(cohort.id, len(scores), words, published)
        if partial:
            lines.append(f"     {partial}")
    if any(s.status == "decided" for s in assessment.scores):
        lines += ["", *words.sources_lines()]
    if _split(assessment) or published:
        lines += _text_overview(assessment, words, published)
    return "\n".join(lines) + "\n"


def _cohort_size(assessment: Assessment, score: Score) -> int:
    """How many agencies the cohort of *score* holds."""
    return len(assessment.cohorts().get(score.cohort or score.group, ()))


def _explain_items(title: str, results: tuple[CriterionResult, ...], words: _Words) -> list[str]:
    if not results:
        return []
    lines = ["", title]
    for r in results:
        points = words.number(r.points)
        lines.append(f"  {r.criterion:<6} {words.item(r.criterion)}: {points} / {words.number(r.max_points)} — {words.status(r.status)}")
        lines.append(f"         {words['inputs']}: {words.shown_inputs(r.inputs) or words['no_inputs']}")
        lines.append(f"         {words['rule']}: {words.rule(r)}")
        if r.reason and r.status != "info":
            lines.append(f"         {words['reason']}: {words.said(r.reason)}")
        lines.append(f"         {words['provenance']}: {words.provenance(r.provenance)}")
    return lines


def explain_table(assessment: Assessment, agency: str, lang: str = "vi", *, publication: Publication | None = None) -> str:
    """
    One agency's per-criterion trace as plain text.

    With a *publication* (:func:`read_publication`) whose cohort ranked more
    agencies than the assessment holds, the agency's published rank is shown
    ("Hạng đã công bố 24/24"), never its place among the agencies held.

    Raises:
        KeyError: if no agency has that id.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *publication*.
    """
    words = _Words(assessment.ruleset, lang)
    s = assessment.score_for(agency)
    rank_label, rank = _rank_detail(s, assessment, words, _partial_cohorts(assessment, _publication(assessment, publication)))
    lines = [
        _header(assessment, words),
        "",
        f"{s.name} ({s.agency}) — {assessment.cohort_label(s.cohort or s.group, words.lang)} — {rank_label} {rank}",
        f"{words['total']}: {words.total(s)}" + (f" ({words.band(s.band)})" if s.band else ""),
    ]
    if s.status == "decided":
        return "\n".join([*lines, words.decided_note(s)]) + "\n"
    lines += [
        f"{words['earned']}: {words.number(s.earned)} / {words.number(s.applicable_max)}"
        f" → {words['base']}: {words.number(s.base)} + {words['bonus']} {words.number(s.bonus)}"
        f" − {words['penalty']} {words.number(s.penalty)}",
    ]
    lines.append("")
    lines.append(f"{words['section']}:")
    for sec in s.sections:
        lines.append(f"  {words.section(sec.section)}: {words.number(sec.points)} / {words.number(sec.max_points)}")
    lines += _explain_items(f"{words['criterion']}:", s.criteria, words)
    lines += _explain_items(f"{words['bonus']}:", s.bonuses, words)
    lines += _explain_items(f"{words['penalty']}:", s.penalties, words)
    if s.notes:
        lines.append("")
        lines.append(f"{words['notes']}:")
        lines.extend(f"  - {words.said(n)}" for n in s.notes)
    return "\n".join(lines) + "\n"


# --- Markdown ---------------------------------------------------------------


def _md(text: object) -> str:
    """A Markdown table cell: on one line, pipes escaped, markup shown as text (``<``, ``>``, ``&`` as entities)."""
    cell = html.escape(str(text), quote=False)
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _md_row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def _md_agency(s: Score, assessment: Assessment, words: _Words, level: str, partial: Mapping[str, PublishedCohort] | None = None) -> list[str]:
    rank_label, rank = _rank_detail(s, assessment, words, partial or {})
    cohort = s.cohort or s.group
    where = f"{words['group']}: {_md(words.group(s.group))}"
    if cohort != s.group:
        where += f" · {words['cohort']}: {_md(assessment.cohort_label(cohort, words.lang))}"
    lines = [
        f"{level} {_md(s.name)}",
        "",
        f"{where} · {rank_label}: {_md(rank)} · {words['total']}: **{words.total(s)}**" + (f" ({_md(words.band(s.band))})" if s.band else ""),
        "",
    ]
    if s.status == "decided":
        return [*lines, f"*{_md(words.decided_note(s))}*", ""]
    lines += [
        f"{words['earned']}: {words.number(s.earned)} / {words.number(s.applicable_max)} → {words['base']} {words.number(s.base)}"
        f" · {words['bonus']} {words.number(s.bonus)} · {words['penalty']} {words.number(s.penalty)}",
        "",
        _md_row([words["criterion"], words["content"], words["status"], words["points"], words["max"], words["inputs"], words["rule"], words["provenance"]]),
        "| --- | --- | --- | ---: | ---: | --- | --- | --- |",
    ]
    for r in (*s.criteria, *s.bonuses, *s.penalties):
        status = words.status(r.status) + (f" ({words.said(r.reason)})" if r.reason and r.status != "info" else "")
        lines.append(
            _md_row(
                [
                    r.criterion,
                    words.item(r.criterion),
                    status,
                    words.number(r.points),
                    words.number(r.max_points),
                    words.shown_inputs(r.inputs),
                    words.rule(r),
                    words.provenance(r.provenance),
                ]
            )
        )
    if s.notes:
        lines.append("")
        lines.append(f"{words['notes']}:")
        lines.append("")
        lines.extend(f"- {words.said(n)}" for n in s.notes)
    lines.append("")
    return lines


def _md_overview(assessment: Assessment, words: _Words, published: Mapping[str, PublishedCohort]) -> list[str]:
    order = _band_order(assessment.ruleset)
    head = [words["cohort"], words["held"] + (f" / {words['published']}" if published else ""), *(words.band(b) for b in order)]
    lines = [f"## {_md(words['overview'])}", "", _md_row(head), "| --- | ---: |" + " ---: |" * len(order)]
    lines += [_md_row(_overview_cells(r, words, order, with_published=True)) for r in _overview(assessment, words, published)]
    return [*lines, ""]


def to_markdown(
    assessment: Assessment,
    lang: str = "vi",
    *,
    details: bool = True,
    publication: Publication | None = None,
    previous: Assessment | Comparison | None = None,
) -> str:
    """
    The assessment as Markdown: a ranking table and the band distribution per
    ranking cohort (a group, a block of groups ranked together, the wards of
    one district), the city overview when some cohort is not a whole group,
    then (with *details*) each agency's breakdown with its trace.

    A decided (published) total is marked in a column naming its source, and
    its breakdown says there is no per-criterion breakdown.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        lang: ``"vi"`` or ``"en"``.
        details: Whether to add each agency's per-criterion breakdown.
        publication: What was published about each cohort (see
            :func:`read_publication`): each cohort says how many of its
            published agencies the report holds, and the overview shows the
            published band counts. A cohort the report holds only part of
            shows the published rank ("Hạng đã công bố": ``24/24``, ``2/6
            (chưa xác nhận)``, or "—"), not the agency's place in the report.
        previous: The previous round's assessment (or a :class:`Comparison`
            of it with *assessment*): the rankings gain the previous total,
            the change of total and band, and the rank movement within the
            cohort ("tăng 3 bậc").

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 one ranking per cohort; *publication*, *previous*.
    """
    words = _Words(assessment.ruleset, lang)
    published = _publication(assessment, publication)
    ranked_part = _partial_cohorts(assessment, published)
    prev = _previous(assessment, previous, words)
    decided = any(s.status == "decided" for s in assessment.scores)
    rs = assessment.ruleset
    lines = [
        f"# {_md(rs.title.text(words.lang))}",
        "",
        f"{words['ruleset']}: `{assessment.ruleset_id}` {assessment.ruleset_version} · sha256 `{assessment.ruleset_digest[:12]}`"
        f" · {words['legal_basis']}: {rs.legal_basis.number} · indicator-index {assessment.library_version}",
        "",
    ]
    head = [words["agency"], words["total"], words["band"]]
    rule = "| ---: | --- | ---: | --- |"
    if decided:
        head.append(words["decided_column"])
        rule += " --- |"
    if prev is not None:
        head += prev.header()
        rule += " ---: | ---: | --- | --- |"
    for cohort in _cohorts(assessment, words.lang):
        scores = cohort.scores
        lines += [f"## {_md(cohort.label)} ({len(scores)})", "", _md_row([_rank_head(cohort.id, words, ranked_part), *head]), rule]
        for s in scores:
            cells: list[object] = [_rank_cell(s, words, ranked_part), s.name, words.total(s), words.band(s.band)]
            if decided:
                cells.append(words.decided_short(s))
            if prev is not None:
                cells += prev.cells(s.agency)
            lines.append(_md_row(cells))
        lines += ["", f"{words['bands']}: {words.counts_line(_counts(rs, scores))}", ""]
        partial = _partial_line(cohort.id, len(scores), words, published)
        if partial:
            lines += [_md(partial), ""]
    if prev is not None and prev.gone:
        lines += [_md(prev.gone_line()), ""]
    if decided:
        legend, *sources = words.sources_lines()
        lines += [f"*{_md(legend)}*", "", *(f"- {_md(line)}" for line in sources), ""]
    if _split(assessment) or published:
        lines += _md_overview(assessment, words, published)
    if details and assessment.scores:
        lines += [f"## {words['breakdown']}", ""]
        for s in _ordered(assessment):
            lines += _md_agency(s, assessment, words, "###", ranked_part)
    return "\n".join(lines).rstrip("\n") + "\n"


def explain_markdown(assessment: Assessment, agency: str, lang: str = "vi", *, publication: Publication | None = None) -> str:
    """
    One agency's per-criterion trace as Markdown; *publication* as :func:`explain_table`.

    Raises:
        KeyError: if no agency has that id.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *publication*.
    """
    words = _Words(assessment.ruleset, lang)
    s = assessment.score_for(agency)
    partial = _partial_cohorts(assessment, _publication(assessment, publication))
    return "\n".join(_md_agency(s, assessment, words, "#", partial)).rstrip("\n") + "\n"


# --- HTML -------------------------------------------------------------------

_CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --head: #f0f4f8; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { margin-bottom: .25rem; }
.meta, .muted { color: var(--muted); font-size: .9rem; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.not-scorable td { color: var(--muted); font-style: italic; }
tr.decided td { background: #fffbea; }
table.ranking th.prev { white-space: normal; }
table.ranking.previous td.agency { min-width: 12rem; }
.decided-mark { display: inline-block; padding: 0 .4rem; border: 1px solid #b7791f; border-radius: .6rem; color: #744210; font-size: .8rem; }
.up { color: #2f855a; } .down { color: #c53030; }
.band { display: inline-block; padding: 0 .45rem; border-radius: .6rem; color: #fff; font-size: .85rem; white-space: nowrap; }
figure.bands { margin: .5rem 0 1rem; }
figure.bands figcaption { font-weight: 600; margin-bottom: .25rem; }
details { margin: .5rem 0 1.5rem; }
summary { cursor: pointer; font-weight: 600; }
article.agency { border-top: 1px solid var(--line); padding-top: .5rem; }
.status-excluded td, .status-not_applicable td, .status-missing_excluded td, .status-info td { color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  /* An A4 page holds the ranking with its section columns: smaller type and tighter cells, the name column kept readable. */
  table { font-size: 8pt; }
  th, td { padding: 2pt 3pt; }
  table.ranking td.agency { min-width: 9em; }
  .band { font-size: 7pt; padding: 0 2pt; }
  table { max-width: 100%; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  section.group ~ section.group, section.breakdown { break-before: page; }
  section.group[data-continues] { break-before: auto; }
  h2, h3, figcaption { break-after: avoid; }
  tr, figure.bands, article.agency, table.sections { break-inside: avoid; }
  thead { display: table-header-group; }
  details:not([open]) { display: none; }
  summary { list-style: none; cursor: auto; }
  summary::-webkit-details-marker { display: none; }
}
"""

# The printed page: A4, and on every page a header naming the ruleset and its hash (HEADER, filled in by _page_css).
_PAGE_CSS = """
@page {
  size: A4; margin: 18mm 14mm 16mm;
  @top-left { content: HEADER; font: 8pt system-ui, "Noto Sans", Arial, sans-serif; color: #52606d; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt system-ui, "Noto Sans", Arial, sans-serif; color: #52606d; }
}
"""

# From the best band to the worst: green, blue, amber, orange, red.
_BAND_COLOURS = ("#2f855a", "#2b6cb0", "#b7791f", "#c05621", "#c53030")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _css_string(text: str) -> str:
    """*text* as a quoted CSS string that cannot end the string or the ``<style>`` element."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or not ch.isprintable():
            out.append(f"\\{ord(ch):06x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _page_css(assessment: Assessment, words: _Words) -> str:
    """The ``@page`` rule: A4, with the ruleset's id, version and hash at the top of every printed page."""
    header = f"{words['ruleset']} {assessment.ruleset_id} {assessment.ruleset_version} · sha256 {assessment.ruleset_digest[:12]}"
    return _PAGE_CSS.replace("HEADER", _css_string(header), 1)


def _anchor(kind: str, ident: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in ident)
    return f"{kind}-{safe}"


def _band_colours(ruleset: Ruleset) -> dict[str, str]:
    """A colour per band: the best green, the worst red, the rest spread in between."""
    ordered = sorted(ruleset.bands, key=lambda b: b.min, reverse=True)
    last = len(_BAND_COLOURS) - 1
    if len(ordered) == 1:
        return {ordered[0].id: _BAND_COLOURS[0]}
    return {b.id: _BAND_COLOURS[round(i * last / (len(ordered) - 1))] for i, b in enumerate(ordered)}


def _band_chart(counts: Mapping[str, int], label: str, words: _Words, colours: Mapping[str, str]) -> str:
    """An inline SVG bar chart of the number of agencies per band."""
    top = max(counts.values(), default=0) or 1
    # Wide enough for the longest band label at 13 px (about 7 px a character), so no label runs into its bar.
    longest = max((len(words.band(band)) for band in counts), default=0)
    label_width, bar_width, row = max(130, 12 + 7 * longest), 300, 24
    height = row * len(counts) + 4
    title = f"{words['bands']}: {label}"
    parts = [
        f'<svg role="img" width="{label_width + bar_width + 50}" height="{height}"'
        f' viewBox="0 0 {label_width + bar_width + 50} {height}" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
    ]
    for i, (band, n) in enumerate(counts.items()):
        y = i * row + 2
        width = round(bar_width * int(n) / top)
        parts.append(
            f'<g class="bar" data-band="{_e(band)}" data-count="{int(n)}">'
            f'<text x="0" y="{y + 16}" font-size="13">{_e(words.band(band))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{width}" height="{row - 6}" fill="{colours.get(band, "#718096")}"></rect>'
            f'<text x="{label_width + width + 6}" y="{y + 16}" font-size="13">{int(n)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _html_band(band_id: str | None, words: _Words, colours: Mapping[str, str]) -> str:
    if not band_id:
        return ""
    return f'<span class="band" style="background:{colours.get(band_id, "#718096")}">{_e(words.band(band_id))}</span>'


def _sections_of(ruleset: Ruleset, scores: Iterable[Score]) -> list[Any]:
    """The sections of the groups of *scores* (a block may hold several groups), in the ruleset's order."""
    groups = list(dict.fromkeys(s.group for s in scores))
    wanted = {sec.id for g in groups for sec in ruleset.sections_for(g)}
    return [sec for sec in ruleset.sections if sec.id in wanted]


def _html_ranking(
    assessment: Assessment,
    cohort: _Cohort,
    words: _Words,
    colours: Mapping[str, str],
    decided: bool,
    prev: _Previous | None,
    partial: Mapping[str, PublishedCohort] | None = None,
) -> str:
    rs = assessment.ruleset
    scores = cohort.scores
    partial = partial or {}
    # A cohort of decided totals only has no section subtotals to show.
    sections = _sections_of(rs, scores) if any(s.sections for s in scores) else []
    head = [f'<th class="num">{_e(_rank_head(cohort.id, words, partial))}</th>', f"<th>{_e(words['agency'])}</th>"]
    for sec in sections:
        number = sec.number if sec.number is not None else sec.id
        head.append(f'<th class="num" title="{_e(sec.label.text(words.lang))}">{_e(words["section"])} {_e(number)}</th>')
    head += [f'<th class="num">{_e(words["total"])}</th>', f"<th>{_e(words['band'])}</th>"]
    if decided:
        head.append(f"<th>{_e(words['decided_column'])}</th>")
    if prev is not None:
        head += [f'<th class="{"num prev" if i < 2 else "prev"}">{_e(h)}</th>' for i, h in enumerate(prev.header())]
    rows = []
    for s in scores:
        by_section = {r.section: r for r in s.sections}
        published = partial[cohort.id].ranks.get(s.agency) if cohort.id in partial else None
        place = _published_place(published) if published else None
        as_given = f' title="{_e(published)}"' if published and (place is None or not place[2]) else ""  # the text as published, on hover
        cells = [
            f'<td class="num{" published-rank" if cohort.id in partial else ""}"{as_given}>{_e(_rank_cell(s, words, partial))}</td>',
            f'<td class="agency"><a href="#{_e(_anchor("agency", s.agency))}">{_e(s.name)}</a></td>',
        ]
        for sec in sections:
            result = by_section.get(sec.id)
            cells.append(f'<td class="num">{_e(words.number(result.points)) if result else ""}</td>')
        cells += [f'<td class="num">{_e(words.total(s))}</td>', f"<td>{_html_band(s.band, words, colours)}</td>"]
        if decided:
            mark = ""
            if s.status == "decided":
                mark = f'<span class="decided-mark" title="{_e(s.decided_source)}">{_e(words.decided_short(s))}</span>'
            cells.append(f"<td>{mark}</td>")
        if prev is not None:
            change = prev.by_agency.get(s.agency)
            trend = "" if change is None or change.rank_change is None or change.rank_change == 0 else (" up" if change.rank_change > 0 else " down")
            old, diff, band, movement = prev.cells(s.agency)
            cells += [
                f'<td class="num">{_e(old)}</td>',
                f'<td class="num">{_e(diff)}</td>',
                f"<td>{_e(band)}</td>",
                f'<td class="movement{trend}">{_e(movement)}</td>',
            ]
        css = ' class="not-scorable"' if s.total is None else (' class="decided"' if s.status == "decided" else "")
        rows.append(f'<tr{css} data-agency="{_e(s.agency)}" data-status="{_e(s.status)}">{"".join(cells)}</tr>')
    return (
        f'<table class="ranking{" previous" if prev is not None else ""}" data-group="{_e(cohort.id)}" data-cohort="{_e(cohort.id)}">'
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _html_trace(results: Iterable[CriterionResult], words: _Words) -> str:
    head = ["criterion", "content", "status", "points", "max", "inputs", "rule", "provenance"]
    cells = "".join(f"<th{' class=num' if h in ('points', 'max') else ''}>{_e(words[h])}</th>" for h in head)
    rows = []
    for r in results:
        inputs = "<br>".join(
            f"{_e(words.indicator(i.indicator))} = <b>{_e(words.input_value(i.indicator, i.value))}</b> ({_e(words.source(i.source))}"
            + (f", {_e(i.reference)}" if i.reference else "")
            + ")"
            for i in r.inputs
        )
        status = _e(words.status(r.status))
        if r.reason and r.status != "info":
            status += f'<br><span class="muted">{_e(words.said(r.reason))}</span>'
        item = words.items.get(r.criterion)
        prov = _e(words.provenance(r.provenance))
        if item is not None:
            prov += f'<br><span class="muted">{_e(item.provenance.citation)}'
            prov += f"; {_e(item.provenance.method)}</span>" if item.provenance.method else "</span>"
        rows.append(
            f'<tr class="status-{_e(r.status)}" data-criterion="{_e(r.criterion)}"><td>{_e(r.criterion)}</td>'
            f"<td>{_e(words.item(r.criterion))}</td><td>{status}</td>"
            f'<td class="num">{_e(words.number(r.points))}</td><td class="num">{_e(words.number(r.max_points))}</td>'
            f"<td>{inputs}</td><td>{_e(words.rule(r))}</td><td>{prov}</td></tr>"
        )
    return f'<table class="trace"><thead><tr>{cells}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _html_agency(s: Score, assessment: Assessment, words: _Words, colours: Mapping[str, str], partial: Mapping[str, PublishedCohort] | None = None) -> str:
    rank_label, rank = _rank_detail(s, assessment, words, partial or {})
    cohort = s.cohort or s.group
    where = f"{_e(words['group'])}: {_e(words.group(s.group))}"
    if cohort != s.group:
        where += f" · {_e(words['cohort'])}: {_e(assessment.cohort_label(cohort, words.lang))}"
    head = (
        f'<article class="agency" id="{_e(_anchor("agency", s.agency))}" data-agency="{_e(s.agency)}">'
        f"<h3>{_e(s.name)} <small class=muted>({_e(s.agency)})</small></h3>"
        f"<p>{where} · {_e(rank_label)}: {_e(rank)} · "
        f"{_e(words['total'])}: <b>{_e(words.total(s))}</b> {_html_band(s.band, words, colours)}</p>"
    )
    if s.status == "decided":
        return f'{head}<p class="decided-note"><span class="decided-mark">{_e(words["decided"])}</span> {_e(words.decided_note(s))}</p></article>'
    summary = (
        f'<p class="muted">{_e(words["earned"])}: {_e(words.number(s.earned))} / {_e(words.number(s.applicable_max))}'
        f" → {_e(words['base'])} {_e(words.number(s.base))} · {_e(words['bonus'])} {_e(words.number(s.bonus))}"
        f" · {_e(words['penalty'])} {_e(words.number(s.penalty))}</p>"
    )
    sec_rows = "".join(
        f"<tr><td>{_e(words.section(r.section))}</td><td class=num>{_e(words.number(r.points))}</td><td class=num>{_e(words.number(r.max_points))}</td></tr>"
        for r in s.sections
    )
    sections = (
        f'<table class="sections"><thead><tr><th>{_e(words["section"])}</th><th class=num>{_e(words["points"])}</th>'
        f"<th class=num>{_e(words['max'])}</th></tr></thead><tbody>{sec_rows}</tbody></table>"
    )
    notes = ""
    if s.notes:
        notes = f"<p>{_e(words['notes'])}:</p><ul>" + "".join(f"<li>{_e(words.said(n))}</li>" for n in s.notes) + "</ul>"
    trace = _html_trace((*s.criteria, *s.bonuses, *s.penalties), words)
    return f"{head}{summary}{sections}{notes}<details><summary>{_e(words['trace'])}</summary>{trace}</details></article>"


def _html_overview(assessment: Assessment, words: _Words, published: Mapping[str, PublishedCohort]) -> str:
    order = _band_order(assessment.ruleset)
    held = words["held"] + (f" / {words['published']}" if published else "")
    head = f"<th>{_e(words['cohort'])}</th><th class=num>{_e(held)}</th>" + "".join(f"<th class=num>{_e(words.band(b))}</th>" for b in order)
    rows = []
    for r in _overview(assessment, words, published):
        cells = _overview_cells(r, words, order, with_published=True)
        rows.append(f'<tr data-cohort="{_e(r.key)}"><td>{_e(cells[0])}</td>' + "".join(f"<td class=num>{_e(c)}</td>" for c in cells[1:]) + "</tr>")
    return (
        f'<section class="overview" id="overview"><h2>{_e(words["overview"])}</h2>'
        f'<table class="overview"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def to_html(
    assessment: Assessment,
    lang: str = "vi",
    *,
    publication: Publication | None = None,
    previous: Assessment | Comparison | None = None,
) -> str:
    """
    A standalone HTML report: per ranking cohort (a group, a block of groups
    ranked together, the wards of one district), a ranking table and a band
    distribution chart (inline SVG); the city overview (agencies and band
    counts per cohort) when some cohort is not a whole group or *publication*
    is given; then each agency's breakdown with its trace in a collapsible
    ``<details>``.

    A decided (published) total is marked "đã công bố" with its source, and
    its breakdown says there is no per-criterion breakdown.

    The page references nothing outside itself (inline CSS, no scripts, no
    fonts, no images), so it works offline, by e-mail and on an intranet.

    Printed from a browser (or saved as PDF), it is an A4 result appendix:
    the ruleset's id, version and hash at the top of every page and the page
    number at the bottom, each group on a page of its own, table rows never
    split across pages and table headings repeated. An agency's trace is
    printed when it is expanded on screen, and left out when it is not.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        lang: ``"vi"`` or ``"en"``.
        publication: What was published about each cohort (see
            :func:`read_publication`): each cohort says how many of its
            published agencies the report holds, with the published band
            counts, and the overview shows them beside the report's. A cohort
            the report holds only part of shows the published rank, not the
            agency's place in the report (as :func:`to_markdown`).
        previous: The previous round's assessment (or a :class:`Comparison`
            of it with *assessment*): each ranking gains the previous total,
            the change of total and of band, and the rank movement within the
            cohort ("tăng 3 bậc", "mới" for a new agency); agencies gone
            since are listed.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 one ranking per cohort, the city overview,
       decided totals; *publication*, *previous*.
    """
    words = _Words(assessment.ruleset, lang)
    rs = assessment.ruleset
    published = _publication(assessment, publication)
    ranked_part = _partial_cohorts(assessment, published)
    prev = _previous(assessment, previous, words)
    decided = any(s.status == "decided" for s in assessment.scores)
    colours = _band_colours(rs)
    title = rs.title.text(words.lang)
    cohorts = _cohorts(assessment, words.lang)
    overview = _split(assessment) or bool(published)
    nav_links = [f'<a href="#{_e(_anchor("group", c.id))}">{_e(c.label)}</a>' for c in cohorts]
    if overview:
        nav_links.append(f'<a href="#overview">{_e(words["overview"])}</a>')
    nav = " ".join(nav_links)
    body = []
    seen_blocks: set[str] = set()
    for cohort in cohorts:
        scores = cohort.scores
        block = cohort.id.partition("/")[0]
        continues = " data-continues" if block in seen_blocks else ""  # the next district's wards: no page of their own when printed
        seen_blocks.add(block)
        partial = _partial_line(cohort.id, len(scores), words, published)
        chart = _band_chart(_counts(rs, scores), cohort.label, words, colours)
        body.append(
            f'<section class="group" id="{_e(_anchor("group", cohort.id))}" data-group="{_e(cohort.id)}" data-cohort="{_e(cohort.id)}"{continues}>'
            f"<h2>{_e(cohort.label)} <small class=muted>({len(scores)} {_e(words['agencies'])})</small></h2>"
            + (f'<p class="publication">{_e(partial)}</p>' if partial else "")
            + f'<figure class="bands"><figcaption>{_e(words["bands"])}</figcaption>{chart}</figure>'
            f"{_html_ranking(assessment, cohort, words, colours, decided, prev, ranked_part)}</section>"
        )
    if prev is not None and prev.gone:
        body.append(f'<p class="gone">{_e(prev.gone_line())}</p>')
    if overview:
        body.append(_html_overview(assessment, words, published))
    agencies = "".join(_html_agency(s, assessment, words, colours, ranked_part) for s in _ordered(assessment))
    legend = "".join(f"<p>{_e(line)}</p>" for line in words.sources_lines()) if decided else ""
    basis = rs.legal_basis
    meta = (
        f"{_e(words['ruleset'])}: <code>{_e(assessment.ruleset_id)}</code> {_e(assessment.ruleset_version)}"
        f" · sha256 <code>{_e(assessment.ruleset_digest[:12])}</code>"
        f" · {_e(words['legal_basis'])}: {_e(basis.number)}"
        + (f" ({_e(basis.date.isoformat())})" if basis.date else "")
        + f" · {_e(words['scale'])} {_e(_num(rs.scale))}"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{words.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="indicator-index {_e(assessment.library_version)}">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}{_page_css(assessment, words)}</style>\n</head>\n<body>\n"
        f'<header><h1>{_e(title)}</h1><p class="meta">{meta}</p><nav>{nav}</nav></header>\n'
        "<main>\n" + "\n".join(body) + f'\n<section class="breakdown"><h2>{_e(words["breakdown"])}</h2>{agencies}</section>\n</main>\n'
        f"<footer>{legend}<p>{_e(words['reconstructed_note'])}</p>"
        f"<p>{_e(words['generated'])} indicator-index {_e(assessment.library_version)}; sha256 {_e(assessment.ruleset_digest)}</p></footer>\n"
        "</body>\n</html>\n"
    )


# --- Notebooks --------------------------------------------------------------


@frozen
class HtmlView:
    """
    What :meth:`Assessment.display <indicator_index.Assessment.display>` and
    :meth:`Score.display <indicator_index.Score.display>` return: shown as an
    HTML table in a notebook (``_repr_html_``), as one short line anywhere else.

    Args:
        html: The HTML fragment.
        what: What it shows, in a few words (for ``repr``).

    .. versionadded:: 0.1.0
    """

    html: str
    what: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<HtmlView: {self.what}>"


class _BareWords(_Words):
    """The words of one language for a :class:`Score` alone: ids for labels, numbers to at most four places."""

    def __init__(self, lang: str) -> None:  # no ruleset: nothing to look labels up in
        self.lang = _lang(lang)
        self.ui = _UI[self.lang]
        self.items = {}
        self.indicators = {}
        self.groups = {}
        self.sections = {}
        self.bands = {}
        self.sources = {}

    def band(self, band_id: str | None) -> str:
        return band_id or ""

    def number(self, value: Decimal | None) -> str:
        if value is None:
            return "—"
        return _display_number(value, 4, self.lang)


_RIGHT = " style='text-align:right'"


def _view_head(assessment: Assessment, words: _Words) -> str:
    rs = assessment.ruleset
    return (
        f"<p><b>{_e(rs.title.text(words.lang))}</b><br>{_e(words['ruleset'])}: <code>{_e(assessment.ruleset_id)}</code>"
        f" {_e(assessment.ruleset_version)} · sha256 <code>{_e(assessment.ruleset_digest[:12])}</code>"
        f" · {len(assessment.scores)} {_e(words['agencies'])}</p>"
    )


def assessment_view(assessment: Assessment, lang: str = "vi") -> HtmlView:
    """
    An assessment for a notebook: per ranking cohort (a group, a block, the
    wards of one district), a compact ranking (rank, id, name, total, band,
    and "đã công bố" with its source for a decided total) and the band
    distribution, in *lang*.

    Raises:
        ValueError: if *lang* is not ``"vi"`` or ``"en"``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 one ranking per cohort; decided totals marked.
    """
    words = _Words(assessment.ruleset, lang)
    parts = [f"<div class='indicator-index-assessment' lang='{words.lang}'>", _view_head(assessment, words)]
    decided = any(s.status == "decided" for s in assessment.scores)
    columns = ["rank", "id", "agency", "total", "band", *(["decided_column"] if decided else [])]
    head = "".join(f"<th{_RIGHT if h in ('rank', 'total') else ''}>{_e(words[h])}</th>" for h in columns)
    for cohort in _cohorts(assessment, words.lang):
        scores = cohort.scores
        rows = "".join(
            f"<tr data-agency='{_e(s.agency)}' data-status='{_e(s.status)}'><td{_RIGHT}>{'—' if s.rank is None else s.rank}</td><td>{_e(s.agency)}</td>"
            f"<td>{_e(s.name)}</td><td{_RIGHT}>{_e(words.total(s))}</td><td>{_e(words.band(s.band))}</td>"
            + (f"<td>{_e(words.decided_short(s))}</td>" if decided else "")
            + "</tr>"
            for s in scores
        )
        parts.append(
            f"<h4>{_e(cohort.label)} ({len(scores)} {_e(words['agencies'])})</h4>"
            f"<table data-group='{_e(cohort.id)}' data-cohort='{_e(cohort.id)}'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            f"<p>{_e(words['bands'])}: {_e(words.counts_line(_counts(assessment.ruleset, scores)))}</p>"
        )
    if decided:
        parts.append("".join(f"<p><small>{_e(line)}</small></p>" for line in words.sources_lines()))
    parts.append("</div>")
    return HtmlView("".join(parts), f"ranking of {assessment.ruleset_id}, {len(assessment.scores)} agencies, {words.lang}")


def score_view(score: Score, lang: str = "vi", ruleset: Ruleset | None = None) -> HtmlView:
    """
    One agency's result for a notebook: its total, band and rank, then the
    criterion breakdown (status and reason, points, maximum, inputs and their
    sources, the rule in words), bonus and penalty items included, in *lang*.

    Args:
        score: One agency's :class:`~indicator_index.Score`.
        lang: ``"vi"`` or ``"en"``.
        ruleset: The ruleset it was scored under, for the names of groups,
            criteria and bands (without it, their ids are shown).

    Raises:
        ValueError: if *lang* is not ``"vi"`` or ``"en"``.

    .. versionadded:: 0.1.0
    """
    words = _Words(ruleset, lang) if ruleset is not None else _BareWords(lang)
    band = f" · {_e(words['band'])}: {_e(words.band(score.band))}" if score.band else ""
    cohort = score.cohort or score.group
    where = f"{_e(words['group'])}: {_e(words.group(score.group))}"
    if cohort != score.group:
        where += f" · {_e(words['cohort'])}: {_e(ruleset.cohort_label(cohort, words.lang) if ruleset is not None else cohort)}"
    summary = (
        f"<p><b>{_e(score.name)}</b> ({_e(score.agency)}) · {where}"
        f" · {_e(words['rank'])}: {'—' if score.rank is None else score.rank} · {_e(words['total'])}: <b>{_e(words.total(score))}</b>{band}</p>"
    )
    if score.status == "decided":
        note = f"<div class='indicator-index-score' lang='{words.lang}'>{summary}<p><i>{_e(words.decided_note(score))}</i></p></div>"
        return HtmlView(note, f"decided total of {score.agency}, no breakdown, {words.lang}")
    head = (
        summary + f"<p>{_e(words['earned'])}: {_e(words.number(score.earned))} / {_e(words.number(score.applicable_max))}"
        f" → {_e(words['base'])} {_e(words.number(score.base))} · {_e(words['bonus'])} {_e(words.number(score.bonus))}"
        f" · {_e(words['penalty'])} {_e(words.number(score.penalty))}</p>"
    )
    labelled = ruleset is not None
    columns = ["criterion", *(["content"] if labelled else []), "kind", "status", "points", "max", "inputs", "rule"]
    cells = "".join(f"<th{_RIGHT if h in ('points', 'max') else ''}>{_e(words[h])}</th>" for h in columns)
    rows = []
    for kind, results in (("criterion", score.criteria), ("bonus", score.bonuses), ("penalty", score.penalties)):
        for r in results:
            status = _e(words.status(r.status))
            if r.reason and r.status != "info":
                status += f"<br><small>{_e(words.said(r.reason))}</small>"
            inputs = "<br>".join(_e(words.input(i)) for i in r.inputs)
            content = f"<td>{_e(words.item(r.criterion))}</td>" if labelled else ""
            rows.append(
                f"<tr data-criterion='{_e(r.criterion)}'><td>{_e(r.criterion)}</td>{content}<td>{_e(words[kind])}</td><td>{status}</td>"
                f"<td{_RIGHT}>{_e(words.number(r.points))}</td><td{_RIGHT}>{_e(words.number(r.max_points))}</td>"
                f"<td>{inputs}</td><td>{_e(words.rule(r))}</td></tr>"
            )
    table = f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    notes = ""
    if score.notes:
        notes = f"<p>{_e(words['notes'])}:</p><ul>" + "".join(f"<li>{_e(words.said(n))}</li>" for n in score.notes) + "</ul>"
    html_text = f"<div class='indicator-index-score' lang='{words.lang}'>{head}{table}{notes}</div>"
    return HtmlView(html_text, f"breakdown of {score.agency}, {len(rows)} items, {words.lang}")


# --- XLSX -------------------------------------------------------------------


_XLSX_WORDS: dict[str, dict[str, str]] = ui_section("report.xlsx.")  # from the one catalogue


def _xlsx_cover(sheet: Any, assessment: Assessment, words: _Words) -> None:
    """The cover sheet: which ruleset (id, version, hash, legal basis) and which library produced the workbook."""
    rs = assessment.ruleset
    said = _XLSX_WORDS[words.lang]
    basis = rs.legal_basis
    act = basis.number + (f" ({basis.date.isoformat()})" if basis.date else "") + (f", {basis.issuer}" if basis.issuer else "")
    period = f"{said['from']} {rs.effective.start.isoformat()}" + (f" {said['to']} {rs.effective.end.isoformat()}" if rs.effective.end else "")
    rows: list[tuple[str, object]] = [
        (said["title"], rs.title.text(words.lang)),
        (said["ruleset_id"], assessment.ruleset_id),
        (said["version"], assessment.ruleset_version),
        (said["digest"], assessment.ruleset_digest),
        (said["legal_basis"], act),
    ]
    if basis.title:
        rows.append((said["legal_title"], basis.title))
    if basis.url:
        rows.append((said["url"], basis.url))
    rows += [
        (said["effective"], period),
        (said["scale"], rs.scale),
        (said["rounding"], f"{rs.rounding.places} {said['places']} ({rs.rounding.mode})"),
        (said["agencies"], len(assessment.scores)),
        (said["library"], f"indicator-index {assessment.library_version}"),
    ]
    sheet.append([rs.title.text(words.lang)])
    sheet.append([])
    for label, value in rows:
        sheet.append([label, value])
    sheet.append([])
    sheet.append([said["note"]])
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 80


def _xlsx_band_charts(sheet: Any, rows: Sequence[tuple[str, Mapping[str, int]]], words: _Words, band_order: list[str], colours: Mapping[str, str]) -> None:
    """A bar chart per row of the band table (a ranking cohort): the number of agencies in each band, in the band's colour."""
    charts = importlib.import_module("openpyxl.chart")
    marker = importlib.import_module("openpyxl.chart.marker")
    sources = importlib.import_module("openpyxl.chart.data_source")
    said = _XLSX_WORDS[words.lang]
    last_column = 1 + len(band_order)
    anchor = len(rows) + 3
    for row, (label, _) in enumerate(rows, start=2):
        chart = charts.BarChart()
        chart.type = "col"
        chart.title = f"{words['bands']}: {label}"
        chart.y_axis.title = said["count"]
        chart.x_axis.title = words["band"]
        chart.y_axis.numFmt = "0"
        chart.y_axis.majorUnit = 1
        chart.x_axis.delete = chart.y_axis.delete = False  # shown: some Excel versions hide axes left unset
        chart.legend = None
        data = charts.Reference(sheet, min_col=2, max_col=last_column, min_row=row, max_row=row)
        chart.add_data(data, from_rows=True, titles_from_data=False)
        series = chart.series[0]
        # The band labels are text: a string reference (set_categories would write a numeric one).
        labels = charts.Reference(sheet, min_col=2, max_col=last_column, min_row=1, max_row=1)
        series.cat = sources.AxDataSource(strRef=sources.StrRef(f=str(labels)))
        for index, band in enumerate(band_order):
            point = marker.DataPoint(idx=index)
            point.graphicalProperties.solidFill = colours.get(band, "#718096").lstrip("#")
            series.dPt.append(point)
        chart.width, chart.height = 16, 7.5
        sheet.add_chart(chart, f"A{anchor}")
        anchor += 16


def _need(module: str, extra: str, what: str) -> Any:
    """Import an optional dependency, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        msg = f"{what} needs the optional dependency {module}; install it with: pip install 'indicator-index[{extra}]'"
        raise ImportError(msg) from exc


def _xlsx_ranking(
    sheet: Any,
    cohorts: Sequence[_Cohort],
    sections: Sequence[Any],
    words: _Words,
    prev: _Previous | None,
    partial: Mapping[str, PublishedCohort] | None = None,
) -> None:
    """
    The ranking sheet: a header, then a row per agency, cohort by cohort, with the previous round's columns when given.
    In a cohort the report holds only part of (*partial*), the rank column holds the published rank as text, marked.
    """
    partial = partial or {}
    sheet.title = words["ranking"][:31]
    header = [words["group"], words["cohort"], words["rank"], words["id"], words["agency"], words["status"], words["total"], words["band"]]
    header += [f"{s.number if s.number is not None else s.id}. {s.label.text(words.lang)}" for s in sections]
    header += [words["earned"], words["applicable_max"], words["bonus"], words["penalty"], words["parent"], words["decided_column"]]
    if prev is not None:
        header += prev.header()
    sheet.append(header)
    for cohort in cohorts:
        for s in cohort.scores:
            by_section = {r.section: r.points for r in s.sections}
            row: list[object] = [
                words.group(s.group),
                cohort.label,
                _rank_cell(s, words, partial, marked=True) if cohort.id in partial else s.rank,
                s.agency,
                s.name,
                words.status(s.status),
                s.total,
                words.band(s.band),
                *(by_section.get(sec.id) for sec in sections),
                s.earned,
                s.applicable_max,
                s.bonus,
                s.penalty,
                s.parent or None,
                words.decided(s) or None,
            ]
            if prev is not None:
                change = prev.by_agency.get(s.agency)
                _, _, band, movement = prev.cells(s.agency)
                row += [None if change is None else change.old_total, None if change is None else change.total_change, band, movement]
            sheet.append(row)


_TRACE_KINDS = {"vi": ("tiêu chí", "điểm thưởng", "điểm trừ"), "en": ("criterion", "bonus", "penalty")}
"""The kind of a trace row (criterion, bonus, penalty) by language."""


def _xlsx_trace(sheet: Any, assessment: Assessment, words: _Words) -> None:
    """The trace sheet: a row per agency and criterion, bonus or penalty; one row saying there is none for a decided total."""
    heads = ("group", "id", "agency", "kind", "criterion", "content", "section", "status", "points", "max", "inputs", "rule", "reason", "provenance")
    sheet.append([words[head] for head in heads])
    kinds = _TRACE_KINDS[words.lang]
    for s in _ordered(assessment):
        if s.status == "decided":
            decided = [words["decided"], None, None, None, words.status(s.status), None, None, None, None, words.decided_note(s)]
            sheet.append([words.group(s.group), s.agency, s.name, *decided])
            continue
        for kind, results in zip(kinds, (s.criteria, s.bonuses, s.penalties), strict=True):
            for r in results:
                sheet.append(
                    [
                        words.group(s.group),
                        s.agency,
                        s.name,
                        kind,
                        r.criterion,
                        words.item(r.criterion),
                        words.section(r.section),
                        words.status(r.status),
                        r.points,
                        r.max_points,
                        words.inputs(r.inputs),
                        words.rule(r),
                        words.said(r.reason),
                        words.provenance(r.provenance),
                    ]
                )


def _xlsx_overview(sheet: Any, assessment: Assessment, words: _Words, published: Mapping[str, PublishedCohort], band_order: list[str]) -> None:
    """The city overview sheet: agencies and band counts per cohort, beside those published."""
    pub_head = [f"{words['published']}: {words.band(b)}" for b in band_order] if published else []
    sheet.append([words["cohort"], words["held"], *([words["published_size"]] if published else []), *(words.band(b) for b in band_order), *pub_head])
    for line in _overview(assessment, words, published):
        pub = line.published
        cells: list[object] = [line.label, line.held]
        if published:
            cells.append(None if pub is None else pub.size)
        cells += [int(line.counts.get(b, 0)) for b in band_order]
        if published:
            cells += [None if pub is None or not pub.band_counts else int(pub.band_counts.get(b, 0)) for b in band_order]
        sheet.append(cells)


def _xlsx_headers(cover: Any, sheets: Sequence[Any], panes: Sequence[tuple[Any, str]]) -> None:
    """Data text kept as text (never a formula), the cover's labels and every header row bold, headers frozen and filterable."""
    styles = importlib.import_module("openpyxl.styles")
    bold = styles.Font(bold=True)
    for sheet in (cover, *sheets):
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                if cell.data_type == "f":  # text from the data that starts with "=": keep it text, never a formula
                    cell.data_type = "s"
    cover["A1"].font = styles.Font(bold=True, size=14)
    for row_cells in cover.iter_rows(min_row=3, max_col=1):
        row_cells[0].font = bold
    header_style = styles.Alignment(wrap_text=True, vertical="top")
    for sheet, pane in panes:
        for cell in sheet[1]:
            cell.font, cell.alignment = bold, header_style
        sheet.freeze_panes = pane  # the header row, and the columns naming the agency
        sheet.auto_filter.ref = sheet.dimensions


def _points_format(places: int) -> str:
    """The number format showing *places* decimal places: ``0``, ``0.0``, ``0.00``..."""
    return "0" if places == 0 else "0." + "0" * places


def _xlsx_number_formats(ranking: Any, trace: Any, rs: Ruleset, prev: _Previous | None) -> None:
    """Points and totals shown at the ruleset's places (the previous round's at its own); the cells keep the values as computed."""
    places = rs.rounding.places
    points_format = _points_format(places)
    first_section = 9
    last_points = first_section + len(rs.sections) + 3  # the sections, earned, applicable maximum, bonus, penalty
    point_columns: list[tuple[Any, tuple[int, ...], str]] = [
        (ranking, (7, *range(first_section, last_points + 1)), points_format),
        (trace, (9, 10), points_format),
    ]
    if prev is not None:
        old_places = prev.comparison.old.ruleset.rounding.places
        old_format = _points_format(old_places)
        change_format = _points_format(max(places, old_places))
        point_columns += [(ranking, (last_points + 3,), old_format), (ranking, (last_points + 4,), f"+{change_format};-{change_format};{change_format}")]
    for sheet, numbers, number_format in point_columns:
        for number in numbers:
            for row_cells in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                row_cells[0].number_format = number_format


def _xlsx_widths(sheets: Sequence[Any], sections: int, bands: int, prev: _Previous | None) -> None:
    """Column widths of the ranking, trace, bands and (if there) overview sheets."""
    utils = importlib.import_module("openpyxl.utils")
    ranking, trace, band_sheet = sheets[:3]
    ranking_widths = [24, 30, 7, 18, 34, 18, 11, 14, *([14] * sections), 12, 14, 11, 11, 18, 30, *([14, 12, 24, 18] if prev is not None else [])]
    trace_widths = [24, 18, 30, 12, 10, 40, 24, 18, 9, 9, 50, 50, 40, 18]
    bands_widths = [40, *([12] * bands)]
    widths_of = [(ranking, ranking_widths), (trace, trace_widths), (band_sheet, bands_widths)]
    if len(sheets) > 3:
        widths_of.append((sheets[3], [40, 12, *([12] * (sheets[3].max_column - 2))]))
    for sheet, widths in widths_of:
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[utils.get_column_letter(index)].width = width


def to_xlsx(
    assessment: Assessment,
    path: str | Path | IO[bytes],
    lang: str = "vi",
    *,
    publication: Publication | None = None,
    previous: Assessment | Comparison | None = None,
) -> None:
    """
    Write the assessment as an XLSX workbook (needs the ``xlsx`` extra, openpyxl).

    Sheets: a cover (the ruleset's title, id, version, SHA-256 digest, legal
    basis and period, and the library version that scored it), the ranking
    (one row per agency, ranking cohort by ranking cohort: group, cohort,
    rank within the cohort, section subtotals, total, band, then the parent
    agency and, for a decided total, "đã công bố" with its source), the
    per-criterion trace (one row per agency and criterion, bonus or penalty;
    one row saying there is none for a decided total), the band distribution
    per ranking cohort with a bar chart per cohort, and, when some cohort is
    not a whole group or *publication* is given, the city overview (agencies
    and band counts per cohort, beside those published). Numbers are stored as
    numbers, shown at the ruleset's rounding places (``0.00``); labels are in
    *lang*. Headers are frozen and filterable.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        path: A file path or a binary file object.
        lang: ``"vi"`` or ``"en"``.
        publication: What was published about each cohort (see
            :func:`read_publication`). In a cohort the report holds only part
            of, the rank column holds the published rank as text, marked
            ("24/24 (đã công bố)", "2/6 (chưa xác nhận)", "—").
        previous: The previous round's assessment (or a :class:`Comparison`
            of it with *assessment*): the ranking gains the previous total,
            the change of total (a number, signed), the change of band and the
            rank movement within the cohort in words.

    Raises:
        ImportError: if openpyxl is not installed, saying how to install it.
        OSError: if the file cannot be written.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ranking cohorts, decided totals, the overview
       sheet; *publication*, *previous*.
    """
    words = _Words(assessment.ruleset, lang)
    openpyxl = _need("openpyxl", "xlsx", "writing XLSX")
    rs = assessment.ruleset
    published = _publication(assessment, publication)
    prev = _previous(assessment, previous, words)
    cohorts = _cohorts(assessment, words.lang)
    wb = openpyxl.Workbook()
    ranking = wb.active
    _xlsx_ranking(ranking, cohorts, list(rs.sections), words, prev, _partial_cohorts(assessment, published))
    trace = wb.create_sheet(words["trace"][:31])
    _xlsx_trace(trace, assessment, words)
    bands = wb.create_sheet(words["bands"][:31])
    band_order = _band_order(rs)
    band_rows = [(c.label, _counts(rs, c.scores)) for c in cohorts]
    bands.append([words["cohort"], *(words.band(b) for b in band_order)])
    for label, counts in band_rows:
        bands.append([label, *(int(counts.get(b, 0)) for b in band_order)])
    sheets = [ranking, trace, bands]
    panes = [(ranking, "F2"), (trace, "D2"), (bands, "B2")]
    if _split(assessment) or published:
        overview = wb.create_sheet(words["overview"][:31])
        _xlsx_overview(overview, assessment, words, published, band_order)
        sheets.append(overview)
        panes.append((overview, "B2"))
    cover = wb.create_sheet(_XLSX_WORDS[words.lang]["cover"][:31], 0)
    _xlsx_cover(cover, assessment, words)
    wb.active = ranking  # the cover is the first tab; the workbook opens on the ranking
    _xlsx_headers(cover, sheets, panes)
    _xlsx_number_formats(ranking, trace, rs, prev)
    _xlsx_widths(sheets, len(rs.sections), len(band_order), prev)
    if band_order and band_rows:
        _xlsx_band_charts(bands, band_rows, words, band_order, _band_colours(rs))
    wb.properties.creator = f"indicator-index {assessment.library_version}"
    wb.properties.title = rs.title.text(words.lang)
    if isinstance(path, str | Path):
        from indicator_index._atomic import replace_file

        replace_file(path, wb.save)  # a failure leaves an existing file as it was
    else:
        wb.save(path)


# --- DataFrame --------------------------------------------------------------


def _number(value: Decimal | None, exact: bool) -> object:
    if value is None:
        return None
    return value if exact else float(value)


def to_dataframe(assessment: Assessment, *, exact: bool = False) -> Any:
    """
    The assessment as a pandas DataFrame, one row per agency (needs the
    ``pandas`` extra).

    Columns: ``group, parent, cohort, rank, agency, name, status, total,
    band, decided_source``, one column per section (the points earned in it,
    before rescaling), then ``earned, applicable_max, base, bonus, penalty``.
    Rows come ranking cohort by ranking cohort (``cohort``: a group, a block,
    the wards of one district), each by rank (within the cohort), then
    Vietnamese alphabetical name. A decided (published) total has ``status``
    ``decided``, its source in ``decided_source`` and no section or
    ``earned`` figures; ``parent`` is empty for an agency without one.

    ``band`` holds band ids as an ordered categorical whose categories run
    from the worst band to the best (by their lower bounds), so that
    ``frame.band >= "kha"`` selects that band and the better ones and sorting
    by band sorts like sorting by total; a not scorable agency has none.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        exact: Keep numbers as ``Decimal`` objects instead of floats.

    Raises:
        ImportError: if pandas is not installed, saying how to install it.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``parent``, ``cohort``, ``decided_source``.
    """
    pd = _need("pandas", "pandas", "to_dataframe()")
    sections = _section_columns(assessment.ruleset)
    rows = []
    for s in _ordered(assessment):
        by_section = {r.section: r.points for r in s.sections}
        row: dict[str, object] = {
            "group": s.group,
            "parent": s.parent,
            "cohort": s.cohort or s.group,
            "rank": s.rank,
            "agency": s.agency,
            "name": s.name,
            "status": s.status,
            "total": _number(s.total, exact),
            "band": s.band,
            "decided_source": s.decided_source if s.status == "decided" else "",
        }
        row.update({sid: _number(by_section.get(sid), exact) for sid in sections})
        row.update(
            {
                "earned": _number(s.earned, exact),
                "applicable_max": _number(s.applicable_max, exact),
                "base": _number(s.base, exact),
                "bonus": _number(s.bonus, exact),
                "penalty": _number(s.penalty, exact),
            }
        )
        rows.append(row)
    columns = ["group", "parent", "cohort", "rank", "agency", "name", "status", "total", "band", "decided_source"]
    columns += [*sections, "earned", "applicable_max", "base", "bonus", "penalty"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["rank"] = frame["rank"].astype("Int64")
    frame["band"] = _band_categorical(pd, assessment.ruleset, frame["band"])
    return frame


def _band_categorical(pd: Any, ruleset: Ruleset, bands: Any) -> Any:
    """Band ids as an ordered categorical, from the worst band to the best."""
    order = [b.id for b in sorted(ruleset.bands, key=lambda b: b.min)]
    return pd.Categorical(bands, categories=order, ordered=True)


def criteria_frame(assessment: Assessment, *, exact: bool = False) -> Any:
    """
    The per-criterion trace as a long pandas DataFrame: one row per agency and
    criterion, bonus or penalty item (needs the ``pandas`` extra).

    Columns: ``group, agency, name, band`` (the agency's band, an ordered
    categorical from the worst band to the best, as in :func:`to_dataframe`),
    ``kind`` (``criterion``, ``bonus`` or ``penalty``),
    ``item, section, status, points, max_points, inputs``
    (``indicator=value (source)``, ``; ``-separated), ``reason, provenance``.

    Raises:
        ImportError: if pandas is not installed, saying how to install it.

    .. versionadded:: 0.1.0
    """
    pd = _need("pandas", "pandas", "criteria_frame()")
    rows = []
    for s in _ordered(assessment):
        for kind, results in (("criterion", s.criteria), ("bonus", s.bonuses), ("penalty", s.penalties)):
            for r in results:
                rows.append(
                    {
                        "group": s.group,
                        "agency": s.agency,
                        "name": s.name,
                        "band": s.band,
                        "kind": kind,
                        "item": r.criterion,
                        "section": r.section,
                        "status": r.status,
                        "points": _number(r.points, exact),
                        "max_points": _number(r.max_points, exact),
                        "inputs": "; ".join(f"{i.indicator}={_input_value(i.value)} ({i.source})" for i in r.inputs),
                        "reason": r.reason,
                        "provenance": r.provenance,
                    }
                )
    columns = ["group", "agency", "name", "band", "kind", "item", "section", "status", "points", "max_points", "inputs", "reason", "provenance"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["band"] = _band_categorical(pd, assessment.ruleset, frame["band"])
    return frame


# --- Files ------------------------------------------------------------------


def format_for(path: str | Path) -> str | None:
    """The report format a file name implies by its suffix, if any."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def render_report(
    assessment: Assessment,
    format: str = "table",
    lang: str = "vi",
    *,
    publication: Publication | None = None,
    previous: Assessment | Comparison | None = None,
) -> str:
    """
    The assessment in one of the text formats: ``table``, ``json``, ``csv``,
    ``markdown`` or ``html``.

    Args:
        assessment: The result of :func:`~indicator_index.score`.
        format: The format.
        lang: ``"vi"`` or ``"en"``.
        publication: What was published about each cohort (table, JSON,
            Markdown, HTML; see :func:`read_publication`).
        previous: The previous round (Markdown and HTML; see :func:`to_html`).

    Raises:
        ValueError: for an unknown format, or ``xlsx`` (a binary format: use
            :func:`write_report` or :func:`to_xlsx`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *publication*, *previous*.
    """
    _lang(lang)
    if format == "table":
        return to_table(assessment, lang, publication=publication)
    if format == "json":
        return to_json(assessment, publication=publication)
    if format == "csv":
        return to_csv(assessment)
    if format == "markdown":
        return to_markdown(assessment, lang, publication=publication, previous=previous)
    if format == "html":
        return to_html(assessment, lang, publication=publication, previous=previous)
    if format == "xlsx":
        msg = "xlsx is a binary format: write it to a file with write_report() or to_xlsx()"
        raise ValueError(msg)
    known = ", ".join(REPORT_FORMATS)
    msg = f"format must be one of {known}, got {format!r}"
    raise ValueError(msg)


def write_report(
    assessment: Assessment,
    path: str | Path,
    format: str | None = None,
    lang: str = "vi",
    *,
    publication: Publication | None = None,
    previous: Assessment | Comparison | None = None,
) -> Path:
    """
    Write the assessment to *path* in *format* (by default, the one its suffix
    implies: ``.json``, ``.csv``, ``.md``, ``.html``, ``.xlsx``, ``.txt``).

    Text is written as UTF-8; CSV with a byte-order mark so that Excel reads
    Vietnamese correctly.

    Returns:
        The path written.

    Raises:
        ValueError: if the format is unknown or cannot be inferred.
        ImportError: for ``xlsx`` without openpyxl.
        OSError: if the file cannot be written.
        UnicodeEncodeError: if the text holds a lone surrogate.

    The report is written to a temporary file beside *path* and renamed over
    it, so that on any failure an existing file is left as it was.

    *publication* and *previous* are passed to the format's writer (see
    :func:`render_report` and :func:`to_xlsx`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *publication*, *previous*.
    """
    target = Path(path)
    chosen = format or format_for(target)
    if chosen is None:
        msg = f"cannot tell the format from {target.name!r}: expected a suffix among {', '.join(sorted(_SUFFIXES))}, or give format"
        raise ValueError(msg)
    if chosen == "xlsx":
        to_xlsx(assessment, target, lang, publication=publication, previous=previous)
        return target
    text = render_report(assessment, chosen, lang, publication=publication, previous=previous)
    encoding = "utf-8-sig" if chosen == "csv" else "utf-8"
    from indicator_index._atomic import replace_file

    replace_file(target, text.encode(encoding))  # encoded first: nothing is touched if the text cannot be
    return target
