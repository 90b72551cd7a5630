"""
The examples of ``docs/cli.md``, run through the real command line.

The page states the convention in a comment at its top; in short:

*Session* -- a ```` ```text ```` block whose first line starts with ``$ indicator-index``.
    Each line starting with ``$`` is a command, run by ``bash`` (``indicator-index``
    is ``python -m indicator_index`` of this checkout). The lines after it, up to the
    next ``$`` line, are what it prints: its stdout, then its stderr, compared line
    by line, exactly (trailing spaces and trailing blank lines aside). A line that is
    only ``…`` stands for any number of lines, so a quote may be an excerpt.
    ``$ echo $?`` prints the previous command's exit status; a command that is not
    followed by ``$ echo $?`` must exit with status 0.
*Commands* -- a ```` ```sh ```` block. A line with a placeholder in capitals
    (``RULESET``, ``DATA``, ``FILE``, ...) is a usage synopsis and is not run; every
    other line is run and must exit with status 0 (its output is not checked).
Any other block is an illustration and is not run.

Each block runs in a fresh folder holding a copy of the repository's ``rulesets/``,
``samples/`` and ``mappings/`` folders, as in a checkout; the commands of a block
share it, so a command can read what an earlier one wrote.

Also here: the page has a ``##`` section for every command of the parser, and the
checks fail when a quote is wrong (a hash, a number, an exit status).
"""

from __future__ import annotations

import argparse
import difflib
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from indicator_index._cli import build_parser


ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "cli.md"
FOLDERS = ("rulesets", "samples", "mappings")
ELLIPSIS = "…"
STATUS = "echo $?"
_FENCE = re.compile(r"^```(\w*)\s*$")
# A usage synopsis names what to give in capitals: RULESET, DATA, FILE, OLD_RULESET, PCT, N, ...
_PLACEHOLDER = re.compile(r"(?<![\w./-])[A-Z][A-Z_]*(?![\w./-])")
_HEADING_COMMAND = re.compile(r"`([a-z][a-z-]*)`")


@dataclass(frozen=True)
class Step:
    """One ``$`` line of a session and the output quoted under it."""

    line: int
    command: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A fenced block of the page: its language, first line number (1-based, the fence) and body lines."""

    line: int
    language: str
    body: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What a command did."""

    stdout: str
    stderr: str
    status: int


def blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown page, in order."""
    lines = text.splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        out.append(Block(line=i + 1, language=opening.group(1), body=tuple(lines[i + 1 : end])))
        i = end + 1
    return out


def is_session(block: Block) -> bool:
    """A ```text block whose first line is a ``$ indicator-index`` command."""
    return block.language == "text" and bool(block.body) and block.body[0].startswith("$ indicator-index")


def steps(block: Block) -> tuple[Step, ...]:
    """The commands of a session with the output quoted under each."""
    out: list[Step] = []
    for offset, line in enumerate(block.body):
        if line.startswith("$ "):
            out.append(Step(line=block.line + 1 + offset, command=line[2:].strip(), expected=()))
        else:
            last = out[-1]
            out[-1] = Step(line=last.line, command=last.command, expected=(*last.expected, line))
    return tuple(out)


def is_synopsis(line: str) -> bool:
    """A line of a ```sh block that shows how a command is called rather than a command to run."""
    return _PLACEHOLDER.search(line.split("#", 1)[0]) is not None


def runnable(block: Block) -> tuple[str, ...]:
    """The lines of a ```sh block that are commands to run (not synopses, blank lines or comments)."""
    if block.language != "sh":
        return ()
    lines = (line.strip() for line in block.body)
    return tuple(line for line in lines if line and not line.startswith("#") and not is_synopsis(line))


def page_blocks() -> list[Block]:
    """The blocks of docs/cli.md."""
    return blocks(PAGE.read_text(encoding="utf-8"))


@functools.cache
def run(commands: tuple[str, ...]) -> tuple[Outcome, ...]:
    """Run *commands* one after the other with bash in a fresh folder; ``echo $?`` reports the previous status."""
    bash = shutil.which("bash")
    if bash is None:  # pragma: no cover - every CI machine has bash
        pytest.skip("the examples of docs/cli.md are shell commands: bash is needed")
    with tempfile.TemporaryDirectory(prefix="cli-docs-") as tmp:
        folder = Path(tmp) / "work"
        folder.mkdir()
        for name in FOLDERS:
            shutil.copytree(ROOT / name, folder / name)
        bin_dir = Path(tmp) / "bin"
        bin_dir.mkdir()
        shim = bin_dir / "indicator-index"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m indicator_index "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
            "PYTHONIOENCODING": "utf-8",
            "PYTHONUTF8": "1",
            "LC_ALL": "C.UTF-8",
            "COLUMNS": "100",
        }
        outcomes: list[Outcome] = []
        for command in commands:
            if command == STATUS:
                previous = outcomes[-1].status if outcomes else 0
                outcomes.append(Outcome(stdout=f"{previous}\n", stderr="", status=0))
                continue
            done = subprocess.run([bash, "-c", command], cwd=folder, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)  # noqa: S603
            outcomes.append(Outcome(stdout=done.stdout, stderr=done.stderr, status=done.returncode))
        return tuple(outcomes)


def _lines(text: str | tuple[str, ...]) -> list[str]:
    lines = [line.rstrip() for line in (text.splitlines() if isinstance(text, str) else text)]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def excerpt_matches(expected: list[str], actual: list[str]) -> bool:
    """Whether *actual* is *expected*, where a line ``…`` in *expected* stands for any number of lines."""
    parts: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == ELLIPSIS:
            parts.append([])
        else:
            parts[-1].append(line)
    if len(parts) == 1:
        return expected == actual
    first, *middle, last = parts
    start, end = len(first), len(actual) - len(last)
    if end < start or actual[:start] != first or actual[end:] != last:
        return False
    for part in middle:
        found = next((i for i in range(start, end - len(part) + 1) if actual[i : i + len(part)] == part), None)
        if found is None:
            return False
        start = found + len(part)
    return True


def check(session: tuple[Step, ...], outcomes: tuple[Outcome, ...]) -> list[str]:
    """Every difference between what *session* quotes and what its commands did, as readable messages."""
    problems: list[str] = []
    for index, (step, outcome) in enumerate(zip(session, outcomes, strict=True)):
        actual = _lines(outcome.stdout) + _lines(outcome.stderr)
        if not excerpt_matches(_lines(step.expected), actual):
            diff = "\n".join(difflib.unified_diff(_lines(step.expected), actual, "docs/cli.md", "actual output", lineterm=""))
            problems.append(f"cli.md:{step.line}: $ {step.command}\n{diff}")
        checked = index + 1 < len(session) and session[index + 1].command == STATUS
        if step.command != STATUS and not checked and outcome.status != 0:
            problems.append(f"cli.md:{step.line}: $ {step.command} exited with status {outcome.status} (add `$ echo $?` to show it)\n{outcome.stderr}")
    return problems


def subcommands() -> set[str]:
    """The commands the parser of ``indicator-index`` knows."""
    parser, _ = build_parser()
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(found) == 1
    return set(found[0].choices)


def documented_commands(text: str) -> set[str]:
    """The commands named in backquotes in the ``## `` headings of the page."""
    names: set[str] = set()
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line) or (fenced and line.strip() == "```"):
            fenced = not fenced
        elif line.startswith("## ") and not fenced:
            names.update(_HEADING_COMMAND.findall(line.split(":", 1)[0]))
    return names


def _sessions() -> list[Block]:
    return [b for b in page_blocks() if is_session(b)]


def _command_blocks() -> list[Block]:
    return [b for b in page_blocks() if runnable(b)]


# --- Tests -------------------------------------------------------------------------


class TestPage:
    """The page documents every command, says how its examples are checked, and has many of them."""

    def test_every_command_has_a_section(self) -> None:
        """A ``## `command` `` heading for each command of the parser, and none for a command it does not have."""
        assert documented_commands(PAGE.read_text(encoding="utf-8")) == subcommands()

    def test_the_convention_is_stated_on_the_page(self) -> None:
        """The comment at the top of the page explains sessions, excerpts, exit statuses and synopses."""
        head = PAGE.read_text(encoding="utf-8").split("\n# ", 1)[0]
        for words in ("tests/test_cli_docs.py", "$ indicator-index", ELLIPSIS, STATUS, "synopsis"):
            assert words in head

    def test_there_are_examples_to_run(self) -> None:
        """Sessions cover most commands, and some quote an error and its status."""
        sessions = _sessions()
        commands = [s.command for b in sessions for s in steps(b)]
        assert len(sessions) >= 10
        assert commands.count(STATUS) >= 2
        shown = {c.split()[1] if not c.split()[1].startswith("--") else c.split()[3] for c in commands if c.startswith("indicator-index")}
        assert len(shown & subcommands()) >= 9

    def test_sh_blocks_are_synopses_or_commands(self) -> None:
        """Every ```sh line is a synopsis or a runnable ``indicator-index`` command; no other block language holds a command."""
        for block in page_blocks():
            if block.language == "sh":
                for line in runnable(block):
                    assert line.startswith("indicator-index "), f"cli.md:{block.line}: {line}"
            elif block.language == "text" and not is_session(block):
                commands = [line for line in block.body if line.startswith(("$", "indicator-index "))]
                assert commands == [], f"cli.md:{block.line}: a command in a text block: make it a session or a ```sh block"

    def test_synopsis_lines(self) -> None:
        """Placeholders in capitals make a synopsis; file names and options do not."""
        assert is_synopsis("indicator-index score RULESET DATA [--format table|json]")
        assert is_synopsis("indicator-index list [--family danang] [--format table|json|markdown] [--output FILE]")
        assert not is_synopsis("indicator-index --lang en score danang-448-2022 danang-2021 -o results-2021.xlsx")
        assert not is_synopsis("indicator-index validate rulesets/example-2024.cases.toml  # RULESET in a comment")


class TestInstallLines:
    """The package is installed from a checkout, and the README's test command installs what the tests need."""

    _FROM_PYPI = re.compile(r"pip install\s+[\"']?indicator-index")

    def test_no_page_installs_from_pypi(self) -> None:
        """No page and not the README tells to ``pip install indicator-index``: the package is not on PyPI."""
        pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "docs").rglob("*.ipynb"))]
        found = [f"{p.relative_to(ROOT)}: {line.strip()}" for p in pages for line in p.read_text(encoding="utf-8").splitlines() if self._FROM_PYPI.search(line)]
        assert found == []

    def test_readme_test_command_is_what_ci_runs(self) -> None:
        """The README's test command is the last line of ``.ci/run``, and installs the test and docs extras."""
        readme = [line for b in blocks((ROOT / "README.md").read_text(encoding="utf-8")) if b.language == "sh" for line in b.body]
        command = [line for line in readme if line.rstrip().endswith("python -m pytest")]
        assert len(command) == 1
        ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
        assert ci[-1] == command[0]
        extras = re.search(r'pip install -e "\.\[([\w,]+)\]"', command[0])
        assert extras is not None
        assert set(extras.group(1).split(",")) == {"test", "docs"}

    def test_extras_split(self) -> None:
        """``test`` has what the tests import and no Sphinx; ``docs`` has the documentation tool chain; ``lint`` stays."""
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]

        def names(extra: str) -> set[str]:
            return {re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower() for requirement in extras[extra]}

        assert {"pytest", "hypothesis", "jsonschema", "openpyxl", "pandas", "tomli-w"} <= names("test")
        assert not names("test") & {"sphinx", "myst-parser", "furo", "nbclient", "nbformat", "ipykernel"}
        assert {"sphinx", "myst-parser", "furo", "nbclient", "nbformat", "ipykernel"} <= names("docs")
        assert {"mypy", "ruff"} <= names("lint")


class TestExcerpts:
    """The ``…`` rule of quoted output."""

    @pytest.mark.parametrize(
        ("expected", "actual", "ok"),
        [
            (["a", "b"], ["a", "b"], True),
            (["a", "b"], ["a", "b", "c"], False),
            (["a", "…"], ["a", "b", "c"], True),
            (["a", "…"], ["b", "a"], False),
            (["…", "c"], ["a", "b", "c"], True),
            (["a", "…", "c"], ["a", "c"], True),
            (["a", "  …", "c"], ["a", "b", "b", "c"], True),
            (["a", "…", "b", "…", "d"], ["a", "x", "b", "c", "d"], True),
            (["a", "…", "c", "…", "b"], ["a", "b", "c"], False),
            (["a", "…", "a"], ["a"], False),
            (["…"], [], True),
            (["a ... b"], ["a x b"], False),
        ],
    )
    def test_excerpt(self, expected: list[str], actual: list[str], ok: bool) -> None:
        """A ``…`` line matches any lines (none included); everything else is literal and in order."""
        assert excerpt_matches(expected, actual) is ok


@pytest.mark.parametrize("block", _sessions(), ids=lambda b: f"cli.md:{b.line}")
def test_session(block: Block) -> None:
    """Each command of the session prints what the page quotes and exits with the status it shows."""
    session = steps(block)
    problems = check(session, run(tuple(s.command for s in session)))
    assert problems == [], "\n\n".join(problems)


@pytest.mark.parametrize("block", _command_blocks(), ids=lambda b: f"cli.md:{b.line}")
def test_commands(block: Block) -> None:
    """Each command of a ```sh block that is not a synopsis runs and exits with status 0."""
    commands = runnable(block)
    failed = [f"$ {c}: status {o.status}\n{o.stderr}" for c, o in zip(commands, run(commands), strict=True) if o.status != 0]
    assert failed == []


def _bump_last_digit(line: str) -> str:
    """*line* with its last digit changed (9 becomes 0)."""
    i = max(i for i, c in enumerate(line) if c.isdigit())
    return line[:i] + str((int(line[i]) + 1) % 10) + line[i + 1 :]


def _replace_step(session: tuple[Step, ...], index: int, expected: tuple[str, ...]) -> tuple[Step, ...]:
    step = session[index]
    return (*session[:index], Step(line=step.line, command=step.command, expected=expected), *session[index + 1 :])


@pytest.mark.parametrize("block", _sessions(), ids=lambda b: f"cli.md:{b.line}")
def test_every_quoted_number_is_checked(block: Block) -> None:
    """Changing any one digit of a session's quote (a total, a count, a hash, an exit status) fails the check."""
    session = steps(block)
    outcomes = run(tuple(s.command for s in session))
    assert check(session, outcomes) == []
    mutated = 0
    for index, step in enumerate(session):
        for n, line in enumerate(step.expected):
            if line.strip() == ELLIPSIS or not any(c.isdigit() for c in line):
                continue
            wrong = (*step.expected[:n], _bump_last_digit(line), *step.expected[n + 1 :])
            assert check(_replace_step(session, index, wrong), outcomes) != [], f"cli.md:{step.line + n + 1}: {line}"
            mutated += 1
    assert mutated >= 1


class TestMutatedQuotes:
    """The session check fails when a quote is wrong: a hash, a label, a line missing, too many or out of order, a status."""

    @staticmethod
    def _session(first_command: str) -> tuple[Step, ...]:
        found = [steps(b) for b in _sessions() if steps(b)[0].command == first_command]
        assert len(found) == 1, first_command
        return found[0]

    def test_score_quote(self) -> None:
        """The ranking of ``score``: a wrong hash letter, a wrong band, a line missing or two lines swapped fail the check."""
        session = self._session("indicator-index --lang en score example-2024 example-2024")
        outcomes = run(tuple(s.command for s in session))
        assert check(session, outcomes) == []
        quote = session[0].expected
        digest = re.search(r"sha256 ([0-9a-f]{12})", quote[0])
        assert digest is not None
        letters = [c for c in digest.group(1) if c in "abcdef"]
        assert letters
        wrong_digest = quote[0].replace(digest.group(1), digest.group(1).replace(letters[0], "f" if letters[0] != "f" else "e", 1))
        band = next(i for i, line in enumerate(quote) if line.rstrip().endswith("Fair"))
        ranked = [i for i, line in enumerate(quote) if re.match(r"^\s+\d+\s+\S", line)]
        first, second = ranked[0], ranked[1]
        wrong = [
            (wrong_digest, *quote[1:]),
            (*quote[:band], quote[band].replace("Fair", "Good"), *quote[band + 1 :]),
            (*quote[:second], *quote[second + 1 :]),
            (*quote[:first], quote[second], quote[first], *quote[second + 1 :]),
        ]
        assert second == first + 1
        for expected in wrong:
            assert check(_replace_step(session, 0, expected), outcomes) != [], expected

    def test_excerpt_quote(self) -> None:
        """In an excerpt (``explain``), a line that is not in the output fails the check, before or after the ``…``."""
        session = self._session("indicator-index explain example-2024 example-2024 dai-phat-thanh --lang en")
        quote = session[0].expected
        assert any(line.strip() == ELLIPSIS for line in quote)
        outcomes = run(tuple(s.command for s in session))
        assert check(session, outcomes) == []
        extra = "  9.9    A criterion that is not there: 1 / 1"
        assert check(_replace_step(session, 0, (*quote, extra)), outcomes) != []
        assert check(_replace_step(session, 0, (extra, *quote)), outcomes) != []
        assert check(_replace_step(session, 0, (*quote[:3], extra, *quote[3:])), outcomes) != []

    def test_error_quote(self) -> None:
        """An error example: a wrong exit status, a wrong message, or the message missing fail the check."""
        sessions = [steps(b) for b in _sessions() if any(s.command == STATUS for s in steps(b))]
        assert sessions
        for session in sessions:
            outcomes = run(tuple(s.command for s in session))
            assert check(session, outcomes) == []
            index = next(i for i, s in enumerate(session) if s.command == STATUS)
            status = session[index].expected[0]
            wrong = Step(line=session[index].line, command=STATUS, expected=(str(int(status) + 1),))
            assert check((*session[:index], wrong, *session[index + 1 :]), outcomes) != []
            silent = Step(line=session[index - 1].line, command=session[index - 1].command, expected=())
            assert check((*session[: index - 1], silent, *session[index:]), outcomes) != []
            # Without `$ echo $?` a failing command fails the check even when its output is quoted.
            assert status == "0" or check((*session[:index], *session[index + 1 :]), (*outcomes[:index], *outcomes[index + 1 :])) != []
