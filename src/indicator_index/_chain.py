"""
Decision chains: which bundled ruleset governs which evaluation year.

A *family* is the part of a ruleset id before its first hyphen (``danang``
for ``danang-448-2022``, ``danang-2901-2023`` and ``danang-2386-2025``). Its
rulesets, ordered by the start of their effective period, form the chain of
decisions that replaced one another. :func:`ruleset_for` picks the one that
governs a round by its evaluation year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from indicator_index._loading import bundled_rulesets, load_ruleset
from indicator_index._messages import Message, ui_section
from indicator_index._model import Ruleset
from indicator_index.errors import Problem, RulesetError


__all__ = ["decision_chain", "family_of", "governed_years", "render_list", "ruleset_for"]


def family_of(ruleset: Ruleset | str) -> str:
    """The family of a ruleset (or ruleset id): the part of its id before the first hyphen."""
    rid = ruleset if isinstance(ruleset, str) else ruleset.id
    return rid.split("-", 1)[0]


def decision_chain(family: str | None = None, *, rulesets: Iterable[Ruleset] | None = None) -> tuple[Ruleset, ...]:
    """
    The rulesets of *family* (every family when ``None``), by family, then by
    the start of their effective period.

    Args:
        family: A family such as ``"danang"``; ``None`` for all.
        rulesets: The rulesets to choose from; the bundled ones when ``None``.
            Amendments (rulesets that ``extends`` another) are left out: they
            are not links of the chain but changes to one.

    .. versionadded:: 0.1.0
    """
    pool = [load_ruleset(name) for name in bundled_rulesets()] if rulesets is None else list(rulesets)
    chosen = [r for r in pool if r.extends is None and (family is None or family_of(r) == family)]
    return tuple(sorted(chosen, key=lambda r: (family_of(r), r.effective.start, r.id)))


def _in_force(ruleset: Ruleset, day: dt.date) -> bool:
    period = ruleset.effective
    return period.start <= day and (period.end is None or day <= period.end)


def ruleset_for(year: int, *, family: str = "danang", rulesets: Iterable[Ruleset] | None = None) -> Ruleset:
    """
    The ruleset that governs the round of evaluation year *year*.

    A round is evaluated the year after its evaluation year (round 2021 of
    Da Nang was scored in 2022 under Decision 448 of 9 Feb 2022). So the
    ruleset is the one in force on 31 December of *year*; when none is, the
    first one that came into force during the following year. With the
    bundled Da Nang chain: 2021 and 2022 → ``danang-448-2022`` (its amendment
    73/QĐ-UBND of 13 Jan 2023 is not available), 2023 and 2024 →
    ``danang-2901-2023``, 2025 on → ``danang-2386-2025``.

    Args:
        year: The evaluation year.
        family: The family of rulesets, e.g. ``"danang"``.
        rulesets: The rulesets to choose from; the bundled ones when ``None``.

    Raises:
        RulesetError: if no ruleset of *family* governs *year*.

    .. versionadded:: 0.1.0
    """
    chain = decision_chain(family, rulesets=rulesets)
    year_end = dt.date(year, 12, 31)
    in_force = [r for r in chain if _in_force(r, year_end)]
    if in_force:
        return in_force[-1]
    following = [r for r in chain if r.effective.start.year == year + 1]
    if following:
        return following[0]
    spans = (f"{r.id} ({r.effective.start.isoformat()} – {r.effective.end.isoformat() if r.effective.end else '…'})" for r in chain)
    known = ", ".join(spans) or Message("value.none")
    msg = Message("chain.no_ruleset", family=family, year=year, date=year_end.isoformat(), next=year + 1, known=known)
    raise RulesetError([Problem(message=msg)])


def governed_years(chain: Iterable[Ruleset], family: str) -> dict[str, tuple[int, ...]]:
    """
    Ruleset id -> the evaluation years :func:`ruleset_for` gives it, from the
    year before the chain's first start to the last ruleset's start year.

    .. versionadded:: 0.1.0
    """
    rulesets = tuple(chain)
    out: dict[str, list[int]] = {r.id: [] for r in rulesets}
    if not rulesets:
        return {}
    first = min(r.effective.start.year for r in rulesets)
    last = max(max(r.effective.start.year, r.effective.end.year if r.effective.end else 0) for r in rulesets)
    for year in range(first - 1, last + 1):
        try:
            chosen = ruleset_for(year, family=family, rulesets=rulesets)
        except RulesetError:
            continue
        out[chosen.id].append(year)
    return {k: tuple(v) for k, v in out.items()}


_LIST_UI = ui_section("list.")  # the words of `list`, from the one catalogue


def _years(years: tuple[int, ...], open_ended: bool) -> str:
    if not years:
        return "—"
    text = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"{years[0]}–…" if open_ended else text


def render_list(fmt: str = "table", lang: str = "vi", *, family: str | None = None) -> str:
    """
    The bundled rulesets by family, in the order they replaced one another
    (title, legal basis, effective period, the evaluation years each governs),
    and the bundled samples, as text (``table``), Markdown or JSON.

    .. versionadded:: 0.1.0
    """
    import json

    from indicator_index._data import bundled_samples
    from indicator_index._diff import bundled_mappings

    ui = _LIST_UI[lang]
    every = [load_ruleset(name) for name in bundled_rulesets()]
    chain = decision_chain(family, rulesets=every)
    amendments = [r for r in every if r.extends is not None and (family is None or family_of(r) == family)]
    families = sorted({family_of(r) for r in chain})
    years: dict[str, tuple[int, ...]] = {}
    for fam in families:
        years.update(governed_years([r for r in chain if family_of(r) == fam], fam))
    samples = bundled_samples()
    mappings = bundled_mappings()
    if fmt == "json":
        entries = [
            {
                "id": r.id,
                "version": r.version,
                "family": family_of(r),
                "title": {"vi": r.title.vi, "en": r.title.en},
                "legal_basis": {"number": r.legal_basis.number, "date": None if r.legal_basis.date is None else r.legal_basis.date.isoformat()},
                "effective": {"start": r.effective.start.isoformat(), "end": None if r.effective.end is None else r.effective.end.isoformat()},
                "evaluation_years": list(years.get(r.id, ())),
                "evaluation_years_open": r.effective.end is None,
                "extends": r.extends,
            }
            for r in (*chain, *amendments)
        ]
        document = {
            "format": "indicator-index/list",
            "format_version": 1,
            "rulesets": entries,
            "samples": list(samples),
            "mappings": [{"before": a, "after": b} for a, b in mappings],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    md = fmt == "markdown"
    lines = [f"# {ui['rulesets']}" if md else f"{ui['rulesets']}:"]
    for fam in families:
        lines += ["", f"## {ui['family']} {fam}" if md else f"  {ui['family']} {fam}:"]
        for r in (x for x in chain if family_of(x) == fam):
            end = r.effective.end.isoformat() if r.effective.end else "…"
            basis = r.legal_basis.number + (f" ({r.legal_basis.date.isoformat()})" if r.legal_basis.date else "")
            head = f"{r.id} {r.version} — {basis}"
            detail = f"{ui['effective']} {r.effective.start.isoformat()} – {end}; {ui['years']} {_years(years.get(r.id, ()), r.effective.end is None)}"
            if md:
                lines += [f"- **{head}**: {r.title.text(lang)}", f"  {detail}"]
            else:
                lines += [f"    {head}", f"      {r.title.text(lang)}", f"      {detail}"]
            # An amendment is listed under the ruleset it amends: it is chosen by name, never by year.
            for a in (x for x in amendments if x.extends == r.id):
                text = f"{a.id} {a.version} — {ui['amends']} {a.extends}: {a.title.text(lang)}"
                lines.append(f"  - {text}" if md else f"      ↳ {text}")
    for a in (x for x in amendments if x.extends not in {r.id for r in chain}):
        text = f"{a.id} {a.version} — {ui['amends']} {a.extends}: {a.title.text(lang)}"
        lines.append(f"- {text}" if md else f"    {text}")
    lines += ["", f"# {ui['samples']}" if md else f"{ui['samples']}:"]
    lines += [f"- {name}" if md else f"  {name}" for name in samples] or [ui["none"]]
    lines += ["", f"# {ui['mappings']}" if md else f"{ui['mappings']}:"]
    lines += [f"- {a} → {b}" if md else f"  {a} → {b}" for a, b in mappings] or [ui["none"]]
    return "\n".join(lines) + "\n"
