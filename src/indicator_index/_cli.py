"""
The ``indicator-index`` command line.

Commands: ``validate``, ``score``, ``explain``, ``template`` and ``schema``,
plus the analysis commands of :mod:`indicator_index._cli_analysis` when that
module is present. A ruleset is a path or a bundled name; data is a path or a
bundled sample name.

Exit status: 0 on success, 1 when a ruleset or data is invalid (any
:class:`~indicator_index.IndicatorIndexError`, or a missing optional
dependency), 2 for usage errors (bad options, a name that is not in the
ruleset or data, an output file that cannot be written). Messages go to
stderr, never as a Python traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from indicator_index._loading import load_ruleset
from indicator_index._text import match_names, nfc
from indicator_index._version import VERSION
from indicator_index.errors import IndicatorIndexError


# Each command imports the modules it uses when it runs, so that `validate` loads no data reader, engine or reports.
if TYPE_CHECKING:
    from indicator_index._model import Assessment, Ruleset


__all__ = ["main"]

PROG = "indicator-index"
SCORE_FORMATS = ("table", "json", "csv", "markdown", "html", "xlsx")
EXPLAIN_FORMATS = ("table", "json", "markdown")
TEMPLATE_FORMATS = ("xlsx", "csv")
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 141  # 128 + SIGPIPE, as a shell reports a closed pipe


class UsageError(Exception):
    """A command line that names something that is not there, or an output that cannot be written (exit 2)."""


def _say(text: str, *, stream: TextIO | None = None) -> None:
    """Write *text* to stdout (or *stream*), in UTF-8 when the console's encoding cannot hold it."""
    out = sys.stdout if stream is None else stream
    try:
        out.write(text)
    except UnicodeEncodeError:
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            out.write(text.encode("ascii", "replace").decode("ascii"))
        else:
            out.flush()
            buffer.write(text.encode("utf-8", "backslashreplace"))  # a lone surrogate is shown as \udcff
    out.flush()


def _err(text: str) -> None:
    _say(f"{PROG}: {text}\n", stream=sys.stderr)


def _write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write *text* to *path* through a temporary file, so that a failure leaves an existing file as it was."""
    from indicator_index._atomic import replace_file

    try:
        replace_file(path, text.encode(encoding))
    except (OSError, UnicodeEncodeError) as exc:
        raise _cannot_write(path, exc) from None


def _cannot_write(path: str | Path, exc: OSError | UnicodeEncodeError) -> UsageError:
    """The usage error for an output that could not be written (the file, if it existed, is unchanged)."""
    if isinstance(exc, UnicodeEncodeError):
        char = exc.object[exc.start : exc.start + 1]
        return UsageError(f"cannot write {path}: the output contains {char!a}, which UTF-8 cannot encode; nothing was written")
    return UsageError(f"cannot write {path}: {exc.strerror or exc}")


def _suggest(name: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _listing(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", … ({len(names)} in all)" if len(names) > limit else "")


# --- Commands ---------------------------------------------------------------


def _validate_cases(name: str) -> int:
    """Check the case file *name* (its shape, not its figures: ``test`` runs them) and say so."""
    from indicator_index._cases import load_cases

    try:
        suite = load_cases(name)
    except IndicatorIndexError as exc:
        _err(str(exc))
        return EXIT_INVALID
    _say(f"{name}: valid case file — {len(suite.cases)} cases for {suite.ruleset or 'an unnamed ruleset'}; run them with: indicator-index test {name}\n")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.rulesets:
        if str(name).endswith(".cases.toml"):  # a case file: checked as one, not read as a ruleset
            status = max(status, _validate_cases(name))
            continue
        try:
            ruleset = load_ruleset(name)
        except IndicatorIndexError as exc:
            _err(str(exc))
            status = EXIT_INVALID
            continue
        groups = ", ".join(g.id for g in ruleset.groups)
        _say(
            f"{name}: valid — {ruleset.id} {ruleset.version}, {len(ruleset.criteria)} criteria, "
            f"{len(ruleset.bonuses)} bonuses, {len(ruleset.penalties)} penalties, groups: {groups}; "
            f"sha256 {ruleset.digest[:12]}\n"
        )
    return status


def _assess(args: argparse.Namespace) -> tuple[Ruleset, Assessment]:
    from indicator_index._data import read_submissions, require_agencies
    from indicator_index._scoring import score

    ruleset = load_ruleset(args.ruleset)
    submissions = require_agencies(read_submissions(args.data, ruleset), args.data)
    return ruleset, score(ruleset, submissions)


def _chosen_format(args: argparse.Namespace, allowed: Sequence[str], default: str) -> str:
    """The --format given, or the one the --output suffix implies, or *default*."""
    if args.format is not None:
        chosen: str = args.format
        return chosen
    if args.output is not None:
        from indicator_index._report import format_for

        implied = format_for(args.output)
        if implied is not None and implied in allowed:
            return implied
        if Path(args.output).suffix:
            raise UsageError(_unwritable(args, allowed))
    return default


def _unwritable(args: argparse.Namespace, allowed: Sequence[str]) -> str:
    """Why --output's suffix is refused (rather than a text table written into, say, a .pdf), and how to get a PDF."""
    from indicator_index._report import _SUFFIXES

    name = Path(args.output).name
    suffixes = sorted(s for s, fmt in _SUFFIXES.items() if fmt in allowed)
    html = f"-o {Path(name).stem}.html" if "html" in allowed else "score RULESET DATA -o report.html"
    return (
        f"cannot write {name!r}: {args.command} writes {', '.join(suffixes[:-1])} or {suffixes[-1]} files (or give --format); "
        f"for a PDF, write the HTML report ({html}), open it in a browser and print it: it is laid out for A4"
    )


def _cmd_score(args: argparse.Namespace) -> int:
    from indicator_index._report import render_report, write_report

    fmt = _chosen_format(args, SCORE_FORMATS, "table")
    if fmt == "xlsx" and args.output is None:
        raise UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
    _, assessment = _assess(args)
    if args.output is None:
        _say(render_report(assessment, fmt, args.lang))
        return EXIT_OK
    path = Path(args.output)
    try:
        write_report(assessment, path, fmt, args.lang)
    except (OSError, UnicodeEncodeError) as exc:
        raise _cannot_write(path, exc) from None
    _err(f"wrote {path} ({fmt}, {len(assessment.scores)} agencies)")
    return EXIT_OK


def _find_agency(assessment: Assessment, wanted: str, data: str) -> str:
    """The id of the agency *wanted* names: its id, or its name, ignoring case, accents and Unicode form."""
    key = nfc(wanted)
    ids = [s.agency for s in assessment.scores]
    matches = match_names(key, ((s.agency, s.name) for s in assessment.scores))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(f"{wanted!r} names several agencies in {data}: {', '.join(matches)}; give the id")
    raise UsageError(f"no agency {wanted!r} in {data}{_suggest(key, ids)}; agencies: {_listing(ids)}")


def _cmd_explain(args: argparse.Namespace) -> int:
    from indicator_index._report import explain_markdown, explain_table, explanation_to_dict

    _, assessment = _assess(args)
    agency = _find_agency(assessment, args.agency, args.data)
    fmt = _chosen_format(args, EXPLAIN_FORMATS, "table")
    if fmt == "json":
        text = json.dumps(explanation_to_dict(assessment, agency), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "markdown":
        text = explain_markdown(assessment, agency, args.lang)
    else:
        text = explain_table(assessment, agency, args.lang)
    if args.output is None:
        _say(text)
    else:
        _write_text(Path(args.output), text)
        _err(f"wrote {args.output} ({fmt})")
    return EXIT_OK


def _group_id(ruleset: Ruleset, wanted: str) -> str:
    ids = [g.id for g in ruleset.groups]
    key = nfc(wanted)
    for group in ruleset.groups:
        if key in (group.id, group.label.vi, group.label.en) or key.casefold() == group.id.casefold():
            return group.id
    raise UsageError(f"ruleset {ruleset.id!r} has no agency group {wanted!r}{_suggest(key, ids)}; groups: {', '.join(ids)}")


def _cmd_template(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(args.ruleset)
    group = _group_id(ruleset, args.group)
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = "csv" if suffix == ".csv" else "xlsx"
    path = Path(args.output) if args.output else Path(f"{ruleset.id}-{group}.{fmt}")
    from indicator_index._data import OWN_SOURCE, read_submissions
    from indicator_index._template import write_template

    sources: tuple[str, ...] = (OWN_SOURCE,)
    if args.sources == "":  # --sources alone: every source of the ruleset, the agency's own first
        sources = (OWN_SOURCE, *(s for s in ruleset.sources if s != OWN_SOURCE))
    elif args.sources is not None:
        sources = tuple(s.strip() for s in args.sources.split(","))
    agencies = read_submissions(args.agencies, ruleset) if args.agencies is not None else None
    try:
        write_template(ruleset, path, group=group, format=fmt, sources=sources, lang=args.lang, agencies=agencies)
    except (OSError, UnicodeEncodeError) as exc:
        raise _cannot_write(path, exc) from None
    prefilled = "" if agencies is None else f", {sum(1 for a in agencies if a.group == group)} agencies filled in"
    _err(f"wrote {path} ({fmt} template for group {group!r}{prefilled})")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from indicator_index._portal import submission_schema

    ruleset = load_ruleset(args.ruleset)
    group = _group_id(ruleset, args.group)
    text = json.dumps(submission_schema(ruleset, group, lang=args.lang, sources=args.sources), ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        _say(text)
    else:
        _write_text(Path(args.output), text)
        _err(f"wrote {args.output}")
    return EXIT_OK


_COMMANDS = {
    "validate": _cmd_validate,
    "score": _cmd_score,
    "explain": _cmd_explain,
    "template": _cmd_template,
    "schema": _cmd_schema,
}


# --- Parser -----------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors say which command they concern."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _analysis_module() -> ModuleType | None:
    """The module of analysis commands, when this checkout has it."""
    try:
        return importlib.import_module("indicator_index._cli_analysis")
    except ModuleNotFoundError as exc:
        if exc.name == "indicator_index._cli_analysis":
            return None
        raise


class _Registry:
    """The subparsers, as the analysis module sees them: a name a core command has is kept by the core command."""

    def __init__(self, commands: Any, taken: frozenset[str]) -> None:
        self._commands = commands
        self._taken = taken

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name in self._taken:
            return _Parser(prog=f"{PROG} {name}", add_help=False)  # detached: never reached from the command line
        parser: argparse.ArgumentParser = self._commands.add_parser(name, **kwargs)
        return parser

    def __getattr__(self, name: str) -> Any:
        return getattr(self._commands, name)


def build_parser() -> tuple[argparse.ArgumentParser, frozenset[str]]:
    """The argument parser, and the names of the commands the analysis module added."""
    parser = _Parser(
        prog=PROG,
        description="Score agencies against indicator rulesets defined in TOML.",
        epilog="A RULESET is a TOML file or a bundled ruleset name; DATA is a data file or a bundled sample name. "
        "Exit status: 0 ok, 1 invalid ruleset or data, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of labels and reports (default: vi)")
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS, help="language of labels and reports (default: vi)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def add(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(name, parents=[common], **kwargs)
        return sub

    validate = add("validate", help="check rulesets", description="Load and check each ruleset; print a summary or every problem found.")
    validate.add_argument("rulesets", nargs="+", metavar="RULESET", help="a ruleset file or bundled name")

    run = add(
        "score",
        help="score agency data and print or write the ranking",
        description="Score DATA under RULESET and print the ranking per group, or write a report.",
    )
    run.add_argument("ruleset", metavar="RULESET", help="a ruleset file or bundled name")
    run.add_argument("data", metavar="DATA", help="a data file (JSON, CSV, XLSX) or bundled sample name")
    run.add_argument("--format", choices=SCORE_FORMATS, default=None, help="output format (default: implied by --output's suffix, else table)")
    run.add_argument("--output", "-o", metavar="FILE", default=None, help="write to FILE instead of stdout")

    explain = add(
        "explain",
        help="show how one agency's points were computed",
        description="Score DATA under RULESET and show AGENCY's trace: every criterion, its inputs and rule.",
    )
    explain.add_argument("ruleset", metavar="RULESET", help="a ruleset file or bundled name")
    explain.add_argument("data", metavar="DATA", help="a data file or bundled sample name")
    explain.add_argument("agency", metavar="AGENCY", help="the agency's id (or its exact name)")
    explain.add_argument("--format", choices=EXPLAIN_FORMATS, default=None, help="output format (default: table)")
    explain.add_argument("--output", "-o", metavar="FILE", default=None, help="write to FILE instead of stdout")

    template = add(
        "template",
        help="write a data-collection template for one agency group",
        description="Write an XLSX or CSV template to collect GROUP's figures under RULESET.",
    )
    template.add_argument("ruleset", metavar="RULESET", help="a ruleset file or bundled name")
    template.add_argument("--group", "-g", required=True, help="the agency group's id")
    template.add_argument("--format", choices=TEMPLATE_FORMATS, default=None, help="template format (default: implied by --output's suffix, else xlsx)")
    template.add_argument("--output", "-o", metavar="FILE", default=None, help="the file to write (default: RULESET-GROUP.xlsx in the current directory)")
    template.add_argument(
        "--sources",
        nargs="?",
        const="",
        default=None,
        metavar="SOURCE,...",
        help="value and evidence columns per source, e.g. agency,verification (alone: every source of the ruleset)",
    )
    template.add_argument("--agencies", metavar="DATA", default=None, help="fill in the ids and names of GROUP's agencies from an earlier data file")

    schema = add(
        "schema",
        help="print the JSON Schema of one agency's submission",
        description="Print the JSON Schema (draft 2020-12) of one GROUP agency's submission, for portal forms.",
    )
    schema.add_argument("ruleset", metavar="RULESET", help="a ruleset file or bundled name")
    schema.add_argument("--group", "-g", required=True, help="the agency group's id")
    schema.add_argument("--sources", action="store_true", help="also allow values given per source")
    schema.add_argument("--output", "-o", metavar="FILE", default=None, help="write to FILE instead of stdout")

    # The analysis commands come after the core ones; a name a core command has stays the core command's.
    core = frozenset(commands.choices)
    analysis: frozenset[str] = frozenset()
    module = _analysis_module()
    if module is not None:
        module.add_commands(_Registry(commands, core))
        analysis = frozenset(set(commands.choices) - core)
    return parser, analysis


def _dispatch(args: argparse.Namespace, analysis: frozenset[str]) -> int:
    module = _analysis_module() if args.command in analysis else None
    if module is not None:
        status = module.run(args)
        if status is not None:
            return int(status)
    command = _COMMANDS.get(args.command)
    if command is None:  # an analysis command its module declined
        raise UsageError(f"unknown command {args.command!r}")
    return command(args)


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the ``indicator-index`` command line.

    Args:
        argv: The arguments, without the program name (``sys.argv[1:]`` when ``None``).

    Returns:
        The exit status: 0 on success, 1 for an invalid ruleset or data, 2 for
        a usage error.

    .. versionadded:: 0.1.0
    """
    parser, analysis = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return _dispatch(args, analysis)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except IndicatorIndexError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except ImportError as exc:  # an optional dependency (openpyxl, pandas) is missing
        _err(str(exc))
        return EXIT_INVALID
    except BrokenPipeError:  # e.g. `indicator-index score ... | head`
        _silence_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at devnull so that the interpreter's final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout without a file descriptor
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
