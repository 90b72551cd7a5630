"""The ``indicator-index`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from indicator_index._data import read_submissions
from indicator_index._loading import load_ruleset
from indicator_index._model import Assessment
from indicator_index._scoring import score
from indicator_index.errors import IndicatorIndexError


__all__ = ["main"]


def _table(assessment: Assessment, lang: str) -> str:
    ruleset = assessment.ruleset
    lines = [f"{ruleset.title.text(lang)} — {ruleset.id} {ruleset.version} (sha256 {assessment.ruleset_digest[:12]})"]
    for group in ruleset.groups:
        scores = assessment.in_group(group.id)
        if not scores:
            continue
        lines.append("")
        lines.append(f"## {group.label.text(lang)} ({len(scores)})")
        width = max(len(s.name) for s in scores)
        for s in scores:
            rank = "-" if s.rank is None else str(s.rank)
            total = "not scorable" if s.total is None else f"{s.total:>6}"
            band = "" if s.band is None else ruleset.band(s.band).label.text(lang)
            lines.append(f"{rank:>3}  {s.name:<{width}}  {total}  {band}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 invalid input, 2 usage)."""
    parser = argparse.ArgumentParser(prog="indicator-index", description="Score agencies against indicator rulesets.")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of labels (default: vi)")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a ruleset")
    validate.add_argument("ruleset", help="a path or a bundled ruleset name")
    run = commands.add_parser("score", help="score agency data under a ruleset")
    run.add_argument("ruleset", help="a path or a bundled ruleset name")
    run.add_argument("data", help="a data file or a bundled sample name")
    args = parser.parse_args(argv)
    try:
        ruleset = load_ruleset(args.ruleset)
        if args.command == "validate":
            print(f"{args.ruleset}: valid ({len(ruleset.criteria)} criteria, sha256 {ruleset.digest[:12]})")
            return 0
        assessment = score(ruleset, read_submissions(args.data))
        print(_table(assessment, args.lang))
    except IndicatorIndexError as exc:
        print(f"indicator-index: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
