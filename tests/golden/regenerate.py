#!/usr/bin/env python3
"""
Regenerate the golden results of scoring the Da Nang sample city.

``tests/test_danang.py`` scores ``samples/danang-2021.json`` under
``danang-448-2022`` and ``samples/danang-2025.json`` under ``danang-2386-2025``
and compares the outcome with ``tests/golden/<ruleset>.json`` exactly. Run this
script only on purpose, when a ruleset, a sample or the engine changed in a way
that is meant to change scores, and review the diff before committing it: every
changed line is a changed score::

    python tests/golden/regenerate.py

Each agency's entry holds its group, total (as printed, two decimals), band,
rank, applicable maximum, bonus and penalty after their caps, the points of
every criterion, bonus and penalty item (exact, as strings; ``null`` when the
item does not count), and the status of every item that was not simply scored.
"""

from __future__ import annotations

import json
import sys
from decimal import Context, Decimal
from pathlib import Path
from typing import Any


ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
CASES = (("danang-448-2022", "danang-2021"), ("danang-2386-2025", "danang-2025"))
_WIDE = Context(prec=80)


def number(value: Decimal | None) -> str | None:
    """An exact, canonical string for a Decimal: no exponent, no trailing zeros."""
    if value is None:
        return None
    return format(value.normalize(_WIDE), "f")


def snapshot(assessment: Any) -> dict[str, Any]:
    """The golden form of an :class:`~indicator_index.Assessment`."""
    agencies: dict[str, Any] = {}
    for s in assessment.scores:
        items = (*s.criteria, *s.bonuses, *s.penalties)
        agencies[s.agency] = {
            "group": s.group,
            "total": None if s.total is None else format(s.total, "f"),
            "band": s.band,
            "rank": s.rank,
            "cohort": s.cohort,
            "applicable_max": number(s.applicable_max),
            "bonus": number(s.bonus),
            "penalty": number(s.penalty),
            "criteria": {r.criterion: number(r.points) for r in s.criteria},
            "bonuses": {r.criterion: number(r.points) for r in s.bonuses},
            "penalties": {r.criterion: number(r.points) for r in s.penalties},
            "statuses": {r.criterion: r.status for r in items if r.status not in ("scored", "info")},
        }
    return {"ruleset": assessment.ruleset_id, "ruleset_version": assessment.ruleset_version, "agencies": agencies}


def render(document: dict[str, Any]) -> str:
    """JSON with one line per agency, so that a diff shows which agencies changed."""
    head = {k: v for k, v in document.items() if k != "agencies"}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "agencies": {')
    entries = list(document["agencies"].items())
    for i, (agency, entry) in enumerate(entries):
        comma = "," if i < len(entries) - 1 else ""
        lines.append(f"    {json.dumps(agency)}: {json.dumps(entry, ensure_ascii=False)}{comma}")
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def compute(ruleset_name: str, sample: str) -> dict[str, Any]:
    """Score a bundled sample under a bundled ruleset and return its golden form."""
    from indicator_index import load_ruleset, score
    from indicator_index._data import read_submissions

    ruleset = load_ruleset(ROOT / "rulesets" / f"{ruleset_name}.toml")
    return snapshot(score(ruleset, read_submissions(ROOT / "samples" / f"{sample}.json")))


def main() -> int:
    """Write every golden file; return the exit status."""
    for ruleset_name, sample in CASES:
        path = GOLDEN / f"{ruleset_name}.json"
        path.write_text(render(compute(ruleset_name, sample)), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
