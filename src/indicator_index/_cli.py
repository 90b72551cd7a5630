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

Everything the command line itself says (help, usage errors, status lines)
comes from the catalogue of :mod:`indicator_index._messages`, in the language
of ``--lang`` (Vietnamese by default): the parser is built for that language,
which :func:`_language` reads from the arguments first. Long work shows a
progress line on stderr when stderr is a terminal (:class:`Progress`).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

from indicator_index._loading import load_ruleset
from indicator_index._messages import Message
from indicator_index._messages import text as _t
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
PROGRESS_INTERVAL = 0.5  # seconds between two writes of a progress line


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
        return UsageError(Message("cli.cannot_encode", path=str(path), char=ascii(char)))
    return UsageError(Message("cli.cannot_write", path=str(path), reason=exc.strerror or str(exc)))


def _suggest(name: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return Message("cli.did_you_mean", name=close[0]) if close else ""


def _listing(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return Message("cli.in_all", shown=shown, count=len(names)) if len(names) > limit else shown


def _localized(exc: BaseException, lang: str) -> str:
    """The text of *exc* in *lang* when its message is a catalogue :class:`Message`, else as it is."""
    message = exc.args[0] if len(exc.args) == 1 else None
    return message.render(lang) if isinstance(message, Message) else str(exc)


class Progress:
    """
    A progress line on stderr for long work, shown only when stderr is a terminal.

    Used as a context manager: the line (*label*, then ``done/total`` through
    :meth:`update`) is written at once, rewritten with a carriage return at
    most every *interval* seconds (:data:`PROGRESS_INTERVAL`), and cleared at the end. When stderr is not
    a terminal (a pipe, a file, a test) nothing is written.
    """

    def __init__(self, label: str, lang: str, *, interval: float | None = None) -> None:
        self.label = label
        self.lang = lang
        self.interval = PROGRESS_INTERVAL if interval is None else interval
        self.active = False
        self._width = 0
        self._started = self._last = 0.0

    def __enter__(self) -> Progress:
        isatty = getattr(sys.stderr, "isatty", None)
        self.active = bool(isatty is not None and isatty())
        self._started = self._last = time.monotonic()
        self._show(self.label)
        return self

    def update(self, label: str) -> None:
        """Show *label* as the progress, if *interval* has passed since the line was last written."""
        now = time.monotonic()
        if self.active and now - self._last >= self.interval:
            self._last = now
            seconds = int(now - self._started)
            self._show(_t("progress.elapsed", self.lang, label=label, seconds=seconds) if seconds else label)

    def _show(self, line: str) -> None:
        if not self.active:
            return
        _say("\r" + line.ljust(self._width), stream=sys.stderr)
        self._width = max(self._width, len(line))

    def __exit__(self, *exc: object) -> None:
        if self.active and self._width:
            _say("\r" + " " * self._width + "\r", stream=sys.stderr)
        self.active = False


# --- Commands ---------------------------------------------------------------


def _validate_cases(name: str, lang: str) -> int:
    """Check the case file *name* (its shape, not its figures: ``test`` runs them) and say so."""
    from indicator_index._cases import load_cases

    try:
        suite = load_cases(name)
    except IndicatorIndexError as exc:
        _err(exc.render(lang))
        return EXIT_INVALID
    ruleset = suite.ruleset or _t("cli.unnamed_ruleset", lang)
    _say(_t("cli.valid_cases", lang, name=name, cases=len(suite.cases), ruleset=ruleset) + "\n")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.rulesets:
        if str(name).endswith(".cases.toml"):  # a case file: checked as one, not read as a ruleset
            status = max(status, _validate_cases(name, args.lang))
            continue
        try:
            ruleset = load_ruleset(name)
        except IndicatorIndexError as exc:
            _err(exc.render(args.lang))
            status = EXIT_INVALID
            continue
        groups = ", ".join(g.id for g in ruleset.groups)
        counts = {"criteria": len(ruleset.criteria), "bonuses": len(ruleset.bonuses), "penalties": len(ruleset.penalties)}
        summary = _t("cli.valid_ruleset", args.lang, name=name, id=ruleset.id, version=ruleset.version, groups=groups, digest=ruleset.digest[:12], **counts)
        _say(summary + "\n")
    return status


def _assess(args: argparse.Namespace) -> tuple[Ruleset, Assessment]:
    from indicator_index._data import read_cohort, require_agencies
    from indicator_index._scoring import score

    ruleset = load_ruleset(args.ruleset)
    # Read straight into a checked cohort: the same assessment and errors as from submissions, in far less memory.
    cohort = require_agencies(read_cohort(args.data, ruleset, sheet=getattr(args, "sheet", None)), args.data)
    with Progress(_t("progress.scoring", args.lang, agencies=len(cohort)), args.lang):
        return ruleset, score(ruleset, cohort)


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


def _unwritable(args: argparse.Namespace, allowed: Sequence[str]) -> Message:
    """Why --output's suffix is refused (rather than a text table written into, say, a .pdf), and how to get a PDF."""
    from indicator_index._report import _SUFFIXES

    name = Path(args.output).name
    suffixes = sorted(s for s, fmt in _SUFFIXES.items() if fmt in allowed)
    html = f"-o {Path(name).stem}.html" if "html" in allowed else "score RULESET DATA -o report.html"
    return Message("cli.unwritable_suffix", name=name, command=args.command, suffixes=", ".join(suffixes[:-1]), last=suffixes[-1], html=html)


def _cmd_score(args: argparse.Namespace) -> int:
    from indicator_index._report import render_report, write_report

    fmt = _chosen_format(args, SCORE_FORMATS, "table")
    if fmt == "xlsx" and args.output is None:
        raise UsageError(Message("cli.xlsx_needs_output"))
    _, assessment = _assess(args)
    extra = _report_extras(args)
    if args.output is None:
        _say(render_report(assessment, fmt, args.lang, **extra))
        return EXIT_OK
    path = Path(args.output)
    try:
        write_report(assessment, path, fmt, args.lang, **extra)
    except (OSError, UnicodeEncodeError) as exc:
        raise _cannot_write(path, exc) from None
    _err(_t("cli.wrote_report", args.lang, path=path, format=fmt, agencies=len(assessment.scores)))
    return EXIT_OK


def _report_extras(args: argparse.Namespace) -> dict[str, Any]:
    """The previous round (``--previous``) and the publication (``--publication``) the report shows, if given."""
    from indicator_index._compare import load_round
    from indicator_index._report import read_publication

    extra: dict[str, Any] = {}
    if getattr(args, "previous", None):
        extra["previous"] = load_round(list(args.previous))
    if getattr(args, "publication", None):
        extra["publication"] = read_publication(args.publication)
    elif getattr(args, "data", None):
        # A JSON data file that holds a publication table (as the 2023 sample does) is its own publication.
        from indicator_index._data import resolve_data

        path = resolve_data(args.data)
        if path.suffix.lower() == ".json" and b'"publication"' in path.read_bytes():
            extra["publication"] = read_publication(path)
    return extra


def _find_agency(assessment: Assessment, wanted: str, data: str) -> str:
    """The id of the agency *wanted* names: its id, or its name, ignoring case, accents and Unicode form."""
    key = nfc(wanted)
    ids = [s.agency for s in assessment.scores]
    matches = match_names(key, ((s.agency, s.name) for s in assessment.scores))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(Message("cli.several_agencies", wanted=wanted, data=data, matches=", ".join(matches)))
    raise UsageError(Message("cli.no_agency", wanted=wanted, data=data, suggestion=_suggest(key, ids), agencies=_listing(ids)))


def _cmd_explain(args: argparse.Namespace) -> int:
    from indicator_index._report import explain_markdown, explain_table, explanation_to_dict

    _, assessment = _assess(args)
    agency = _find_agency(assessment, args.agency, args.data)
    fmt = _chosen_format(args, EXPLAIN_FORMATS, "table")
    publication = _report_extras(args).get("publication")
    if fmt == "json":
        text = json.dumps(explanation_to_dict(assessment, agency), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "markdown":
        text = explain_markdown(assessment, agency, args.lang, publication=publication)
    else:
        text = explain_table(assessment, agency, args.lang, publication=publication)
    if args.output is None:
        _say(text)
    else:
        _write_text(Path(args.output), text)
        _err(_t("cli.wrote_format", args.lang, path=args.output, format=fmt))
    return EXIT_OK


def _group_id(ruleset: Ruleset, wanted: str) -> str:
    ids = [g.id for g in ruleset.groups]
    key = nfc(wanted)
    for group in ruleset.groups:
        if key in (group.id, group.label.vi, group.label.en) or key.casefold() == group.id.casefold():
            return group.id
    raise UsageError(Message("cli.no_group", ruleset=ruleset.id, wanted=wanted, suggestion=_suggest(key, ids), groups=", ".join(ids)))


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
        write_template(ruleset, path, group=group, format=fmt, sources=sources, lang=args.lang, agencies=agencies, per_parent=args.per_parent)
    except (OSError, UnicodeEncodeError) as exc:
        raise _cannot_write(path, exc) from None
    prefilled = "" if agencies is None else _t("cli.filled_in", args.lang, agencies=sum(1 for a in agencies if a.group == group))
    _err(_t("cli.wrote_template", args.lang, path=path, format=fmt, group=group, filled=prefilled))
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
        _err(_t("cli.wrote", args.lang, path=args.output))
    return EXIT_OK


_COMMANDS = {
    "validate": _cmd_validate,
    "score": _cmd_score,
    "explain": _cmd_explain,
    "template": _cmd_template,
    "schema": _cmd_schema,
}


# --- Parser -----------------------------------------------------------------


# argparse's usage errors (Python 3.10 to 3.13 wordings) -> the catalogue entry saying the same in another language.
# The patterns are compiled (by ``re``, which keeps them) when a usage error first needs them, not at every start.
_ARGPARSE_ERRORS: tuple[tuple[str, str], ...] = (
    ("argparse.argument", r"argument (?P<argument>[^:\s]+(?:/[^:\s]+)*): (?P<message>.+)"),
    ("argparse.unrecognized", r"unrecognized arguments: (?P<args>.*)"),
    ("argparse.required", r"the following arguments are required: (?P<args>.*)"),
    ("argparse.one_required", r"one of the arguments (?P<args>.*) is required"),
    ("argparse.invalid_choice", r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)"),
    ("argparse.invalid_value", r"invalid (?P<type>\S+) value: (?P<value>.*)"),
    ("argparse.expected_one", r"expected one argument"),
    ("argparse.expected_at_most_one", r"expected at most one argument"),
    ("argparse.expected_at_least_one", r"expected at least one argument"),
    ("argparse.expected_n", r"expected (?P<count>\d+) arguments?"),
    ("argparse.ambiguous", r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)"),
    ("argparse.not_allowed_with", r"not allowed with argument (?P<other>.*)"),
    ("argparse.ignored_explicit", r"ignored explicit argument (?P<value>.*)"),
)


def _argparse_message(message: str, lang: str) -> str:
    """An argparse usage error in *lang*: the same facts (names, values, choices), the catalogue's wording."""
    for code, pattern in _ARGPARSE_ERRORS:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found is not None:
            params = found.groupdict()
            if "message" in params:  # "argument --format: <what is wrong with it>"
                params["message"] = _argparse_message(params["message"], lang)
            return _t(code, lang, **params)
    return message


class _Formatter(argparse.HelpFormatter):
    """
    The help formatter: argparse's "usage: " in the parser's language.

    argparse makes a formatter for every argument it adds (to check its metavar), and each one
    measures the terminal (importing ``shutil``, which brings in the compression modules); this one
    measures it when help is first laid out, with argparse's own formula, so that building the
    parser measures nothing.
    """

    def __init__(self, prog: str, *, lang: str = "vi") -> None:
        # A width so large that argparse's help position is its maximum, which is read back below.
        super().__init__(prog, width=_UNMEASURED)
        self._lang = lang
        self._help_position_limit = self.__dict__["_max_help_position"]
        self._measured = False

    def _measure(self) -> None:
        """The width and help position ``HelpFormatter.__init__`` gives when it is given no width."""
        if not self._measured:
            import shutil

            width = shutil.get_terminal_size().columns - 2
            self.__dict__["_width"] = width
            self.__dict__["_max_help_position"] = min(self._help_position_limit, max(width - 20, self._indent_increment * 2))
            self._measured = True

    @property
    def _width(self) -> int:
        self._measure()
        return int(self.__dict__["_width"])

    @_width.setter
    def _width(self, value: int) -> None:
        self.__dict__["_width"] = value

    @property
    def _max_help_position(self) -> int:
        self._measure()
        return int(self.__dict__["_max_help_position"])

    @_max_help_position.setter
    def _max_help_position(self, value: int) -> None:
        self.__dict__["_max_help_position"] = value

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """Add the usage line, headed by the catalogue's "usage: " unless *prefix* is given."""
        super().add_usage(usage, actions, groups, _t("argparse.usage", self._lang) if prefix is None else prefix)


_UNMEASURED = 1 << 20


class _Parser(argparse.ArgumentParser):
    """An argument parser speaking its language: help, section titles and usage errors, which say which command they concern."""

    lang = "vi"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", functools.partial(_Formatter, lang=self.lang))
        super().__init__(*args, **kwargs)
        self._positionals.title = _t("argparse.positionals", self.lang)
        self._optionals.title = _t("argparse.options", self.lang)
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = _t("argparse.help", self.lang)

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in the parser's language; exit 2."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, _t("argparse.error", self.lang, prog=self.prog, message=_argparse_message(message, self.lang)) + "\n")


@functools.cache
def _parser_class(lang: str) -> type[_Parser]:
    """The parser class speaking *lang* (subparsers are made by class, so the language is the class's)."""
    return type(f"_Parser_{lang}", (_Parser,), {"lang": lang})


def _language(argv: Sequence[str]) -> str:
    """
    The ``--lang`` the arguments give, read before the parser is built (the parser speaks it).

    The last one counts, as it does for argparse (an option or its unambiguous
    prefix, with its value after a space or ``=``); ``"vi"`` when none names a
    language, so that a wrong value is reported by the parser in Vietnamese.
    """
    lang = "vi"
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        option, equals, value = arg.partition("=")
        if len(option) < 3 or not "--lang".startswith(option):
            continue
        if not equals:
            value = args[i + 1] if i + 1 < len(args) else ""
        if value in ("vi", "en"):
            lang = value
    return lang


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

    def __init__(self, commands: Any, taken: frozenset[str], lang: str = "vi") -> None:
        self._commands = commands
        self._taken = taken
        self.lang = lang

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name in self._taken:
            return _parser_class(self.lang)(prog=f"{PROG} {name}", add_help=False)  # detached: never reached from the command line
        parser: argparse.ArgumentParser = self._commands.add_parser(name, **kwargs)
        return parser

    def __getattr__(self, name: str) -> Any:
        return getattr(self._commands, name)


def build_parser(lang: str = "vi") -> tuple[argparse.ArgumentParser, frozenset[str]]:
    """The argument parser speaking *lang* (help and usage errors), and the names of the commands the analysis module added."""
    parser_class = _parser_class(lang)
    parser = parser_class(prog=PROG, description=_t("cli.description", lang), epilog=_t("cli.epilog", lang))
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}", help=_t("argparse.version", lang))
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help=_t("cli.opt.lang", lang))
    # Never shown: its options join each command's own; a plain parser, so that its section title is the one they start with.
    common = cast("_Parser", argparse.ArgumentParser(add_help=False, formatter_class=_Formatter))  # _Formatter: measures no terminal
    common.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS, help=_t("cli.opt.lang", lang))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=parser_class)

    def add(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(name, parents=[common], **kwargs)
        return sub

    validate = add("validate", help=_t("cli.validate.help", lang), description=_t("cli.validate.description", lang))
    validate.add_argument("rulesets", nargs="+", metavar="RULESET", help=_t("cli.opt.ruleset", lang))

    run = add(
        "score",
        help=_t("cli.score.help", lang),
        description=_t("cli.score.description", lang),
    )
    run.add_argument("ruleset", metavar="RULESET", help=_t("cli.opt.ruleset", lang))
    run.add_argument("data", metavar="DATA", help=_t("cli.opt.data_formats", lang))
    run.add_argument("--sheet", metavar="NAME", default=None, help=_t("cli.opt.sheet", lang))
    run.add_argument("--format", choices=SCORE_FORMATS, default=None, help=_t("cli.score.format", lang))
    run.add_argument("--output", "-o", metavar="FILE", default=None, help=_t("cli.opt.output", lang))
    run.add_argument(
        "--previous",
        nargs="+",
        metavar="OLD",
        default=None,
        help=_t("cli.score.previous", lang),
    )
    run.add_argument(
        "--publication",
        metavar="FILE",
        default=None,
        help=_t("cli.score.publication", lang),
    )

    explain = add(
        "explain",
        help=_t("cli.explain.help", lang),
        description=_t("cli.explain.description", lang),
    )
    explain.add_argument("ruleset", metavar="RULESET", help=_t("cli.opt.ruleset", lang))
    explain.add_argument("data", metavar="DATA", help=_t("cli.opt.data", lang))
    explain.add_argument("--sheet", metavar="NAME", default=None, help=_t("cli.opt.sheet", lang))
    explain.add_argument("agency", metavar="AGENCY", help=_t("cli.opt.agency", lang))
    explain.add_argument("--format", choices=EXPLAIN_FORMATS, default=None, help=_t("cli.opt.format_table", lang))
    explain.add_argument("--output", "-o", metavar="FILE", default=None, help=_t("cli.opt.output", lang))
    explain.add_argument("--publication", metavar="FILE", default=None, help=_t("cli.explain.publication", lang))

    template = add(
        "template",
        help=_t("cli.template.help", lang),
        description=_t("cli.template.description", lang),
    )
    template.add_argument("ruleset", metavar="RULESET", help=_t("cli.opt.ruleset", lang))
    template.add_argument("--group", "-g", required=True, help=_t("cli.opt.group", lang))
    template.add_argument("--format", choices=TEMPLATE_FORMATS, default=None, help=_t("cli.template.format", lang))
    template.add_argument("--output", "-o", metavar="FILE", default=None, help=_t("cli.template.output", lang))
    template.add_argument(
        "--sources",
        nargs="?",
        const="",
        default=None,
        metavar="SOURCE,...",
        help=_t("cli.template.sources", lang),
    )
    template.add_argument("--agencies", metavar="DATA", default=None, help=_t("cli.template.agencies", lang))
    template.add_argument("--per-parent", action="store_true", help=_t("cli.template.per_parent", lang))

    schema = add(
        "schema",
        help=_t("cli.schema.help", lang),
        description=_t("cli.schema.description", lang),
    )
    schema.add_argument("ruleset", metavar="RULESET", help=_t("cli.opt.ruleset", lang))
    schema.add_argument("--group", "-g", required=True, help=_t("cli.opt.group", lang))
    schema.add_argument("--sources", action="store_true", help=_t("cli.schema.sources", lang))
    schema.add_argument("--output", "-o", metavar="FILE", default=None, help=_t("cli.opt.output", lang))

    # The analysis commands come after the core ones; a name a core command has stays the core command's.
    core = frozenset(commands.choices)
    analysis: frozenset[str] = frozenset()
    module = _analysis_module()
    if module is not None:
        module.add_commands(_Registry(commands, core, lang))
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
        raise UsageError(Message("cli.unknown_command", command=args.command))
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
    lang = _language(sys.argv[1:] if argv is None else argv)
    parser, analysis = build_parser(lang)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    lang = getattr(args, "lang", lang)
    try:
        return _dispatch(args, analysis)
    except UsageError as exc:
        _err(_localized(exc, lang))
        return EXIT_USAGE
    except IndicatorIndexError as exc:
        _err(exc.render(lang))
        return EXIT_INVALID
    except ImportError as exc:  # an optional dependency (openpyxl, pandas) is missing
        _err(str(exc))
        return EXIT_INVALID
    except BrokenPipeError:  # e.g. `indicator-index score ... | head`
        _silence_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        _err(_t("cli.interrupted", lang))
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
