"""
Year over year: two assessments of different rounds, agency by agency.

:func:`compare_assessments` pairs the agencies of an earlier and a later
assessment (possibly scored under different rulesets, e.g. ``danang-448-2022``
for round 2021 and ``danang-2386-2025`` for round 2025) by id, or through a
mapping of renamed ids, and gives each one's change of total, band and rank
within its ranking cohort ("tăng 3 bậc"), and which agencies are new or gone.
A rank moves only within a cohort of the same id in both rounds (the same
group or block, the wards of the same district).
:func:`render_comparison` writes the result as text, Markdown or JSON, in
Vietnamese or English.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from attrs import frozen

from indicator_index._messages import Message, ui_section
from indicator_index._model import Assessment, Ruleset, Score
from indicator_index._text import nfc
from indicator_index.errors import DataError, Problem


__all__ = [
    "AgencyChange",
    "Comparison",
    "cohort_of",
    "compare_assessments",
    "load_renamed",
    "load_round",
    "movement_text",
    "read_assessment",
    "render_comparison",
]

BAND_CHANGES = ("same", "up", "down", "new", "gone", "not_scorable")


@frozen(kw_only=True)
class AgencyChange:
    """
    One agency in two rounds.

    Args:
        agency: Its id in the later round (in the earlier one when it is gone).
        old_agency: Its id in the earlier round (``None`` when new); differs
            from *agency* when it was renamed.
        name: Its name in the later round (in the earlier one when it is gone).
        old_name: Its name in the earlier round (``None`` when new).
        status: ``"both"`` (in both rounds), ``"new"`` or ``"gone"``.
        old_group: Its group in the earlier round (``None`` when new).
        new_group: Its group in the later round (``None`` when gone).
        old_total: Its total in the earlier round.
        new_total: Its total in the later round.
        total_change: ``new_total - old_total`` (``None`` unless both exist).
        old_band: The id of its band in the earlier round.
        new_band: The id of its band in the later round.
        band_change: ``"same"``, ``"up"`` or ``"down"`` (bands compared by
            their minimum, so that bands of different rulesets compare), or
            ``"new"``, ``"gone"``, ``"not_scorable"`` (a total is missing).
        old_rank: Its rank in its ranking cohort in the earlier round.
        new_rank: Its rank in its ranking cohort in the later round.
        old_group_size: How many agencies its earlier ranking cohort ranked.
        new_group_size: How many agencies its later ranking cohort ranked.
        same_group: Whether both rounds ranked it in a cohort of the same id
            (its rank movement is only given then).
        rank_change: Places gained (``old_rank - new_rank``; negative: places
            lost), ``None`` when not in the same cohort in both rounds or not
            ranked in one of them.
        old_cohort: Its ranking cohort in the earlier round (``None`` when new).
        new_cohort: Its ranking cohort in the later round (``None`` when gone).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ranks, sizes and *same_group* are those of the
       ranking cohort (:attr:`Score.cohort <indicator_index.Score.cohort>`);
       *old_cohort*, *new_cohort*.
    """

    agency: str
    old_agency: str | None
    name: str
    old_name: str | None
    status: str
    old_group: str | None
    new_group: str | None
    old_total: Decimal | None
    new_total: Decimal | None
    total_change: Decimal | None
    old_band: str | None
    new_band: str | None
    band_change: str
    old_rank: int | None
    new_rank: int | None
    old_group_size: int | None
    new_group_size: int | None
    same_group: bool
    rank_change: int | None
    old_cohort: str | None = None
    new_cohort: str | None = None

    @property
    def renamed(self) -> bool:
        """Whether the agency's id changed between the rounds."""
        return self.old_agency is not None and self.status == "both" and self.old_agency != self.agency


@frozen(kw_only=True)
class Comparison:
    """
    Two assessments compared agency by agency.

    Args:
        old: The earlier assessment.
        new: The later assessment.
        agencies: One :class:`AgencyChange` per agency: those of the later
            round in its order, then those gone, in the earlier round's order.

    .. versionadded:: 0.1.0
    """

    old: Assessment
    new: Assessment
    agencies: tuple[AgencyChange, ...]

    def agency(self, agency_id: str) -> AgencyChange:
        """The change of the agency with id *agency_id* (its later id, or its earlier one when gone)."""
        key = nfc(agency_id)
        for change in self.agencies:
            if change.agency == key:
                return change
        for change in self.agencies:
            if change.old_agency == key:
                return change
        msg = f"no agency {agency_id!r} in either assessment"
        raise KeyError(msg)

    @property
    def arrived(self) -> tuple[AgencyChange, ...]:
        """The agencies only the later round has."""
        return tuple(c for c in self.agencies if c.status == "new")

    @property
    def gone(self) -> tuple[AgencyChange, ...]:
        """The agencies only the earlier round has."""
        return tuple(c for c in self.agencies if c.status == "gone")


def cohort_of(score: Score) -> str:
    """The ranking cohort of *score*: its ``cohort``, or its group for a score made without one."""
    return score.cohort or score.group


def _ranked(assessment: Assessment) -> dict[str, int]:
    """Ranking cohort -> how many agencies it ranked."""
    sizes: dict[str, int] = {}
    for s in assessment.scores:
        if s.rank is not None:
            sizes[cohort_of(s)] = sizes.get(cohort_of(s), 0) + 1
    return sizes


def _band_min(ruleset: Ruleset, band: str | None) -> Decimal | None:
    return None if band is None else ruleset.band(band).min


def _pair(old: Score, new: Score, old_rs: Ruleset, new_rs: Ruleset, old_sizes: dict[str, int], new_sizes: dict[str, int]) -> AgencyChange:
    both = old.total is not None and new.total is not None
    if not both or old.band is None or new.band is None:
        band_change = "not_scorable"
    else:
        low, high = _band_min(old_rs, old.band), _band_min(new_rs, new.band)
        assert low is not None
        assert high is not None
        band_change = "same" if low == high else ("up" if high > low else "down")
    same_group = cohort_of(old) == cohort_of(new)
    ranked = old.rank is not None and new.rank is not None
    return AgencyChange(
        agency=new.agency,
        old_agency=old.agency,
        name=new.name,
        old_name=old.name,
        status="both",
        old_group=old.group,
        new_group=new.group,
        old_total=old.total,
        new_total=new.total,
        total_change=(new.total - old.total) if both else None,  # type: ignore[operator]
        old_band=old.band,
        new_band=new.band,
        band_change=band_change,
        old_rank=old.rank,
        new_rank=new.rank,
        old_group_size=old_sizes.get(cohort_of(old)),
        new_group_size=new_sizes.get(cohort_of(new)),
        same_group=same_group,
        rank_change=(old.rank - new.rank) if same_group and ranked else None,  # type: ignore[operator]
        old_cohort=cohort_of(old),
        new_cohort=cohort_of(new),
    )


def _check_renamed(renamed: Mapping[str, str], old: Assessment, new: Assessment) -> dict[str, str]:
    old_ids = {s.agency for s in old.scores}
    new_ids = {s.agency for s in new.scores}
    problems: list[Problem] = []
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for before, after in renamed.items():
        b, a = nfc(before), nfc(after)
        if b not in old_ids:
            problems.append(Problem(message=Message("data.renamed.not_earlier", id=before, ruleset=old.ruleset_id)))
        if a not in new_ids:
            problems.append(Problem(message=Message("data.renamed.not_later", id=after, ruleset=new.ruleset_id)))
        if a in seen:
            problems.append(Problem(message=Message("data.renamed.both_mapped", first=seen[a], second=before, target=after)))
        seen[a] = before
        out[b] = a
    for b, a in out.items():
        if a != b and b in old_ids and a in old_ids and a not in out:
            problems.append(Problem(message=Message("data.renamed.chained", before=b, after=a)))
    if problems:
        raise DataError(problems, title=Message("data.renamed.title"))
    return out


def compare_assessments(old: Assessment, new: Assessment, *, renamed: Mapping[str, str] | None = None) -> Comparison:
    """
    Compare two assessments of different rounds agency by agency.

    Agencies are paired by id; *renamed* pairs an earlier id with a later one
    (``{"so-thong-tin-va-truyen-thong": "so-khoa-hoc-va-cong-nghe"}``). Totals
    are compared exactly, bands by their minimum (so that the bands of two
    rulesets compare: Tốt from 80 to Xuất sắc from 90 is up), and ranks only
    within a ranking cohort of the same id in both rounds: a rank in a block
    of 24 and one in a block of 4, or in the wards of two districts, are not
    places gained or lost.

    Args:
        old: The earlier assessment.
        new: The later assessment.
        renamed: Earlier id -> later id, for agencies whose id changed.

    Returns:
        A :class:`Comparison`.

    Raises:
        DataError: if *renamed* names an agency that is not in its
            assessment, or maps two agencies to one.

    .. versionadded:: 0.1.0
    """
    mapping = _check_renamed(renamed or {}, old, new)
    old_rs, new_rs = old.ruleset, new.ruleset
    old_sizes, new_sizes = _ranked(old), _ranked(new)
    later_id = {s.agency: mapping.get(s.agency, s.agency) for s in old.scores}
    by_later = {later_id[s.agency]: s for s in old.scores}
    new_ids = {s.agency for s in new.scores}
    changes: list[AgencyChange] = []
    for s in new.scores:
        before = by_later.get(s.agency)
        if before is not None:
            changes.append(_pair(before, s, old_rs, new_rs, old_sizes, new_sizes))
            continue
        changes.append(
            AgencyChange(
                agency=s.agency,
                old_agency=None,
                name=s.name,
                old_name=None,
                status="new",
                old_group=None,
                new_group=s.group,
                old_total=None,
                new_total=s.total,
                total_change=None,
                old_band=None,
                new_band=s.band,
                band_change="new",
                old_rank=None,
                new_rank=s.rank,
                old_group_size=None,
                new_group_size=new_sizes.get(cohort_of(s)),
                same_group=False,
                rank_change=None,
                new_cohort=cohort_of(s),
            )
        )
    for s in old.scores:
        if later_id[s.agency] in new_ids:
            continue
        changes.append(
            AgencyChange(
                agency=s.agency,
                old_agency=s.agency,
                name=s.name,
                old_name=s.name,
                status="gone",
                old_group=s.group,
                new_group=None,
                old_total=s.total,
                new_total=None,
                total_change=None,
                old_band=s.band,
                new_band=None,
                band_change="gone",
                old_rank=s.rank,
                new_rank=None,
                old_group_size=old_sizes.get(cohort_of(s)),
                new_group_size=None,
                same_group=False,
                rank_change=None,
                old_cohort=cohort_of(s),
            )
        )
    return Comparison(old=old, new=new, agencies=tuple(changes))


# --- Rendering -------------------------------------------------------------------------

_UI = ui_section("compare.")  # the words of the comparison, from the one catalogue


def _fixed(value: Decimal | None, places: int, lang: str, *, signed: bool = False) -> str:
    """A number at *places* decimals (the ruleset's), with a decimal comma in Vietnamese."""
    if value is None:
        return "—"
    text = format(value.quantize(Decimal(1).scaleb(-places)) if value.is_finite() else value, "f")
    if signed and value > 0:
        text = "+" + text
    return text.replace(".", ",") if lang == "vi" else text


def movement_text(change: AgencyChange, lang: str = "vi") -> str:
    """The rank movement in words: ``"tăng 3 bậc"`` / ``"up 3 places"``, or why there is none."""
    ui = _UI[lang]
    if change.status != "both":
        return ui.get(change.status, "")  # in both rounds: nothing to say
    if change.rank_change is None:
        return ui["other_group"] if not change.same_group else "—"
    n = abs(change.rank_change)
    if change.rank_change == 0:
        return ui["places_same"]
    text = ui["places_up" if change.rank_change > 0 else "places_down"].format(n=n)
    return text.replace(" places", " place") if lang == "en" and n == 1 else text


def _rank(rank: int | None, size: int | None) -> str:
    return "—" if rank is None else f"{rank}/{size}"


def render_comparison(result: Comparison, fmt: str = "table", lang: str = "vi") -> str:
    """
    A comparison as text (``table``), Markdown or JSON.

    Totals and their change are written at each ruleset's decimal places
    (with a decimal comma in Vietnamese); bands with their labels in *lang*.

    Args:
        result: The result of :func:`compare_assessments`.
        fmt: ``"table"``, ``"markdown"`` or ``"json"``.
        lang: ``"vi"`` (default) or ``"en"``.

    .. versionadded:: 0.1.0
    """
    ui = _UI[lang]
    old_rs, new_rs = result.old.ruleset, result.new.ruleset
    old_places, new_places = old_rs.rounding.places, new_rs.rounding.places
    places = max(old_places, new_places)
    if fmt == "json":
        return _render_json(result, old_places, new_places, places, lang)
    md = fmt == "markdown"

    def band(rs: Ruleset, band_id: str | None) -> str:
        return "—" if band_id is None else rs.band(band_id).label.text(lang)

    def cohort(a: Assessment, cohort_id: str | None) -> str:
        return "—" if cohort_id is None else a.cohort_label(cohort_id, lang)

    def row(c: AgencyChange) -> list[str]:
        name = c.name + (f" ({ui['renamed'].format(old=c.old_agency)})" if c.renamed else "")
        totals = f"{_fixed(c.old_total, old_places, lang)} → {_fixed(c.new_total, new_places, lang)}"
        if c.total_change is not None:
            totals += f" ({_fixed(c.total_change, places, lang, signed=True)})"
        bands = f"{band(old_rs, c.old_band)} → {band(new_rs, c.new_band)}"
        if c.band_change in ("up", "down", "same"):
            bands += f" ({ui[c.band_change]})"
        ranks = f"{_rank(c.old_rank, c.old_group_size)} → {_rank(c.new_rank, c.new_group_size)}"
        if c.status == "both" and not c.same_group:
            ranks += f" [{cohort(result.old, c.old_cohort or c.old_group)}]"
        return [name, totals, bands, ranks, movement_text(c, lang)]

    head = f"{old_rs.id} {old_rs.version} → {new_rs.id} {new_rs.version}"
    counts = {k: sum(1 for c in result.agencies if c.band_change == k) for k in BAND_CHANGES}
    summary = ui["summary"].format(n=len(result.agencies), **counts)
    lines = [f"# {head}" if md else head, "", summary]
    header = [ui["agency"], ui["total"], ui["band"], ui["rank"], ui["movement"]]
    sections: list[tuple[str, list[AgencyChange]]] = [
        (cohort(result.new, k), [c for c in result.agencies if c.status != "gone" and (c.new_cohort or c.new_group) == k]) for k in result.new.cohorts()
    ]
    sections.append((ui["gone_title"], list(result.gone)))
    for title, changes in sections:
        if not changes:
            continue
        rows = [row(c) for c in changes]
        if md:
            lines += ["", f"## {title}", "", "| " + " | ".join(header) + " |", "| --- | --- | --- | --- | --- |"]
            lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in rows]
        else:
            widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
            lines += ["", f"{title}:"]
            lines += ["  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]]
    return "\n".join(lines) + "\n"


def _render_json(result: Comparison, old_places: int, new_places: int, places: int, lang: str) -> str:
    def side(a: Assessment) -> dict[str, object]:
        return {"id": a.ruleset_id, "version": a.ruleset_version, "digest": a.ruleset_digest}

    agencies = []
    for c in result.agencies:
        agencies.append(
            {
                "agency": c.agency,
                "old_agency": c.old_agency,
                "name": c.name,
                "status": c.status,
                "old_group": c.old_group,
                "new_group": c.new_group,
                "old_total": None if c.old_total is None else _fixed(c.old_total, old_places, "en"),
                "new_total": None if c.new_total is None else _fixed(c.new_total, new_places, "en"),
                "total_change": None if c.total_change is None else _fixed(c.total_change, places, "en"),
                "old_band": c.old_band,
                "new_band": c.new_band,
                "band_change": c.band_change,
                "old_rank": c.old_rank,
                "new_rank": c.new_rank,
                "old_group_size": c.old_group_size,
                "new_group_size": c.new_group_size,
                "same_group": c.same_group,
                "rank_change": c.rank_change,
                "old_cohort": c.old_cohort,
                "new_cohort": c.new_cohort,
                "movement": movement_text(c, lang),
            }
        )
    document = {"format": "indicator-index/compare", "format_version": 1, "old": side(result.old), "new": side(result.new), "agencies": agencies}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load_renamed(path: str | Path) -> dict[str, str]:
    """
    Read a mapping of renamed agencies: a TOML or JSON table of earlier id ->
    later id, at the top level or under ``renamed``.

    Raises:
        DataError: if the file cannot be read or is not such a table.

    .. versionadded:: 0.1.0
    """
    import tomllib

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(message=Message("data.renamed.cannot_read", reason=str(exc)), file=str(file))]) from None
    try:
        data: object = json.loads(text) if file.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if file.suffix.lower() == ".json" else "TOML"
        raise DataError([Problem(message=Message("data.renamed.invalid", format=kind, detail=str(exc)), file=str(file))]) from None
    if isinstance(data, dict) and set(data) == {"renamed"}:
        data = data["renamed"]
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise DataError([Problem(message=Message("data.renamed.shape"), file=str(file))])
    return dict(data)


ASSESSMENT_FORMAT = "indicator-index/assessment"


def _decimal_field(value: object, where: str, file: str) -> Decimal | None:
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError
    except (ValueError, ArithmeticError):
        raise DataError([Problem(message=Message("data.assessment.decimal", where=where, value=repr(value)), file=file)]) from None
    return number


def read_assessment(path: str | Path, ruleset: Ruleset | None = None) -> Assessment:
    """
    Read back the ranking of an assessment saved as JSON (by
    ``indicator-index score --format json`` or :func:`~indicator_index.to_json`),
    for comparing rounds.

    What is read back is each agency's group, parent, ranking cohort, status,
    totals, band and rank: enough for :func:`compare_assessments` and the
    previous-round columns of the reports. The per-criterion traces are not:
    the scores read back have none (explain a saved round by scoring its data).

    Args:
        path: The JSON document.
        ruleset: The ruleset it was scored under; by default the bundled
            ruleset of the id the document names.

    Raises:
        DataError: if the file cannot be read, is not an assessment document,
            names a ruleset that is not bundled (pass *ruleset*), or was scored
            under a ruleset whose content differs (its SHA-256 digest) from
            the one given or bundled.

    .. versionadded:: 0.2.0
    """
    from indicator_index._loading import load_ruleset
    from indicator_index._model import FrozenDict, Trace
    from indicator_index.errors import IndicatorIndexError

    file = str(path)
    try:
        document: object = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DataError([Problem(message=Message("data.assessment.cannot_read", reason=str(exc)), file=file)]) from None
    if not isinstance(document, dict) or document.get("format") != ASSESSMENT_FORMAT or not isinstance(document.get("agencies"), list):
        msg = Message("data.assessment.format", format=ASSESSMENT_FORMAT)
        raise DataError([Problem(message=msg, file=file)])
    meta = document.get("ruleset")
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str) for k in ("id", "version", "digest")):
        raise DataError([Problem(message=Message("data.assessment.no_ruleset"), file=file, path="$.ruleset")])
    if ruleset is None:
        try:
            ruleset = load_ruleset(meta["id"])
        except IndicatorIndexError:
            msg = Message("data.assessment.not_bundled", id=meta["id"])
            raise DataError([Problem(message=msg, file=file, path="$.ruleset.id")]) from None
    if ruleset.digest != meta["digest"]:
        msg = Message(
            "data.assessment.digest",
            id=meta["id"],
            version=meta["version"],
            digest=meta["digest"][:12],
            this=ruleset.id,
            this_version=ruleset.version,
            this_digest=ruleset.digest[:12],
        )
        raise DataError([Problem(message=msg, file=file, path="$.ruleset.digest")])
    groups = {g.id for g in ruleset.groups}
    bands = {b.id for b in ruleset.bands}
    scores: list[Score] = []
    for i, entry in enumerate(document["agencies"]):
        where = f"$.agencies[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or entry.get("group") not in groups:
            raise DataError([Problem(message=Message("data.assessment.agency", number=i + 1, ruleset=ruleset.id), file=file, path=where)])
        band = entry.get("band")
        band_id = band.get("id") if isinstance(band, dict) else None
        if band_id is not None and band_id not in bands:
            message = Message("data.assessment.band", band=band_id, ruleset=ruleset.id)
            raise DataError([Problem(message=message, file=file, path=f"{where}.band", agency=entry["id"])])
        rank = entry.get("rank")
        if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int)):
            raise DataError([Problem(message=Message("data.assessment.rank", rank=repr(rank)), file=file, path=f"{where}.rank", agency=entry["id"])])

        def number(key: str, entry: dict[str, object] = entry, where: str = where) -> Decimal | None:
            return _decimal_field(entry.get(key), f"{where}.{key}", file)

        scores.append(
            Score(
                agency=nfc(entry["id"]),
                name=str(entry.get("name") or entry["id"]),
                group=entry["group"],
                status=str(entry.get("status") or "scored"),
                earned=number("earned"),
                applicable_max=number("applicable_max"),
                base=number("base"),
                bonus=number("bonus"),
                penalty=number("penalty"),
                unrounded=number("unrounded"),
                total=number("total"),
                band=band_id,
                rank=rank,
                trace=Trace(parts=((), (), (), (), ())),
                parent=str(entry.get("parent") or ""),
                cohort=str(entry.get("cohort") or entry["group"]),
                decided_source=str(entry.get("decided_source") or ""),
            )
        )
    order = sorted(ruleset.bands, key=lambda b: b.min, reverse=True)
    counts = {g.id: FrozenDict((b.id, sum(1 for s in scores if s.group == g.id and s.band == b.id)) for b in order) for g in ruleset.groups}
    return Assessment(
        ruleset_id=meta["id"],
        ruleset_version=meta["version"],
        ruleset_digest=meta["digest"],
        library_version=str(document.get("library_version") or ""),
        scores=tuple(scores),
        band_counts=FrozenDict(counts),
        ruleset=ruleset,
    )


def load_round(spec: str | Path | tuple[str, str] | list[str]) -> Assessment:
    """
    One round for comparison, as the command line names it: an assessment JSON
    written by ``score --format json`` (see :func:`read_assessment`), or a
    ruleset and a data file (files or bundled names) scored here.

    Raises:
        DataError: if the inputs cannot be read or scored.

    .. versionadded:: 0.2.0
    """
    from indicator_index._data import read_submissions, require_agencies
    from indicator_index._loading import load_ruleset
    from indicator_index._scoring import score

    if isinstance(spec, str | Path):
        return read_assessment(spec)
    if len(spec) == 1:
        return read_assessment(spec[0])
    if len(spec) != 2:
        msg = Message("data.assessment.round", count=len(spec))
        raise DataError([Problem(message=msg)])
    rs = load_ruleset(spec[0])
    return score(rs, require_agencies(read_submissions(spec[1], rs), spec[1]))
