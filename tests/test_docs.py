"""
Tests for the documentation: docstrings of the public API, the ruleset examples
of ``docs/ruleset-format.md`` and ``docs/authoring.md``, the Sphinx build with
its doctests, and the tutorial notebook.

The TOML examples in those two pages are marked with a MyST comment line just
before the code block, and each is loaded here exactly as the page says:

``% check: base``
    The minimal ruleset every fragment is applied to (a whole file).
``% check: ok`` / ``% check: error``
    A fragment of the minimal ruleset: each ``[[...]]`` item replaces the item
    with the same id (or is added), any other key or table replaces the one in
    the minimal ruleset. ``error`` blocks are followed by a ``text`` block with
    the problems the loader reports, one per line, without file and line.
``% check: amendment ok`` / ``% check: amendment error``
    A whole amendment file that extends ``mini-2025.toml`` (the minimal
    ruleset); the ``text`` block after an error holds the loader's message.
``% check: file error``
    A whole file; the ``text`` block holds the loader's message.
``% check: cases ok``
    A ruleset test-case file whose cases all pass.

``docs/tutorial.ipynb`` is generated from ``docs/tutorial.md``: its Markdown
becomes Markdown cells and its doctest examples become code cells.

When the loader's messages change on purpose, or the tutorial changes, run
``python tests/test_docs.py --update`` and review the diff of the pages and the
notebook.
"""

from __future__ import annotations

import copy
import inspect
import os
import re
import subprocess
import sys
import tempfile
import types
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import indicator_index as ii


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHECKED_PAGES = (DOCS / "ruleset-format.md", DOCS / "authoring.md")
BASE_NAME = "mini-2025.toml"
_MARK = re.compile(r"^% check: (base|ok|error|amendment ok|amendment error|file error|cases ok)\s*$")
_BUNDLED = re.compile(r"\(bundled: [^)]*\)")
_FENCE = re.compile(r"^(```+|~~~+)\s*(\S*)\s*$")


# --- Helpers ---------------------------------------------------------------------


@attrs.frozen
class Example:
    """One marked TOML block of a page, and the expected output block after it."""

    page: Path
    line: int
    mode: str
    toml: str
    expected: str | None
    expected_span: tuple[int, int] | None


def _fenced_block(lines: list[str], start: int) -> tuple[str, str, int, int] | None:
    """The language, body, first and past-the-end line of the fenced block at or after *start*."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return None
    opening = _FENCE.match(lines[i])
    if opening is None:
        return None
    fence, language = opening.group(1), opening.group(2)
    j = i + 1
    while j < len(lines) and lines[j].strip() != fence:
        j += 1
    return language, "\n".join(lines[i + 1 : j]) + "\n", i + 1, j


def examples(page: Path) -> list[Example]:
    """Every marked example of *page*, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    out = []
    for index, line in enumerate(lines):
        mark = _MARK.match(line)
        if mark is None:
            continue
        block = _fenced_block(lines, index + 1)
        assert block is not None, f"{page.name}:{index + 1}: '% check' must be followed by a toml block"
        language, body, _, end = block
        assert language == "toml", f"{page.name}:{index + 1}: expected a toml block, got {language!r}"
        expected = span = None
        if mark.group(1).endswith("error"):
            result = _fenced_block(lines, end + 1)
            assert result is not None and result[0] == "text", f"{page.name}:{index + 1}: an error example needs a text block after it"
            expected, span = result[1], (result[2], result[3])
        out.append(Example(page=page, line=index + 1, mode=mark.group(1), toml=body, expected=expected, expected_span=span))
    return out


def base_text() -> str:
    """The minimal ruleset of docs/ruleset-format.md."""
    bases = [e for e in examples(DOCS / "ruleset-format.md") if e.mode == "base"]
    assert len(bases) == 1
    return bases[0].toml


def apply_fragment(base: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """*base* with *fragment* applied: items replace same-id items or are added; other keys replace."""
    out = copy.deepcopy(base)
    for key, value in fragment.items():
        current = out.get(key)
        if isinstance(value, list) and isinstance(current, list) and all(isinstance(v, dict) and "id" in v for v in value):
            ids = [item.get("id") for item in current]
            for item in value:
                if item["id"] in ids:
                    current[ids.index(item["id"])] = item
                else:
                    current.append(item)
                    ids.append(item["id"])
        else:
            out[key] = value
    return out


def _problem_line(problem: ii.Problem) -> str:
    return str(attrs.evolve(problem, file=None, line=None, column=None))


def outcome(example: Example, base: str) -> str | None:
    """What the loader says about *example*: ``None`` when it loads, else the message to show."""
    if example.mode == "cases ok":
        suite = ii.cases_from_dict(tomllib.loads(example.toml, parse_float=Decimal))
        report = ii.run_cases(ii.load_ruleset(suite.ruleset), suite)
        return None if report.ok else "\n".join(f.message for f in report.failures) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / BASE_NAME).write_text(base, encoding="utf-8")
        try:
            if example.mode in ("ok", "error"):
                import tomli_w

                merged = apply_fragment(tomllib.loads(base, parse_float=Decimal), tomllib.loads(example.toml, parse_float=Decimal))
                ii.parse_ruleset(tomli_w.dumps(merged), source="ruleset.toml", base_dir=folder)
            elif example.mode == "base":
                ii.parse_ruleset(example.toml, source=BASE_NAME, base_dir=folder)
            else:
                name = "amendment.toml" if example.mode.startswith("amendment") else "ruleset.toml"
                ii.parse_ruleset(example.toml, source=name, base_dir=folder)
        except ii.RulesetError as exc:
            if example.mode in ("ok", "error"):
                return "\n".join(_problem_line(p) for p in exc.problems) + "\n"
            # The list of bundled rulesets grows; the pages show it as "…".
            return _BUNDLED.sub("(bundled: …)", str(exc).replace(f"{folder}{os.sep}", "")) + "\n"
    return None


def update_pages() -> None:
    """Rewrite the expected output blocks of the checked pages from the loader's actual output."""
    base = base_text()
    for page in CHECKED_PAGES:
        if not page.exists():
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        for example in reversed(examples(page)):
            if example.expected_span is None:
                continue
            actual = outcome(example, base) or "(no problem: the example loads)\n"
            start, end = example.expected_span
            lines[start:end] = actual.rstrip("\n").split("\n")
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (DOCS / "tutorial.ipynb").write_text(_notebook_text(tutorial_notebook()), encoding="utf-8")


_ROLE = re.compile(r"\{(?:func|class|meth|attr|mod|exc)\}`~?([\w.]+)`")
_LINK = re.compile(r"\]\((?!https?:)([\w\-/]+)\.md(#[\w\-]*)?\)")
_DOCTEST_FENCE = re.compile(r"^```\{doctest\}\s*$")
NOTEBOOK_INTRO = (
    "This notebook is the [tutorial](https://github.com/indicator-index/indicator-index/blob/main/docs/tutorial.md) "
    "of the documentation, cell for cell; it is generated from `docs/tutorial.md` and run by the project's tests."
)


def _markdown_cell_text(lines: list[str]) -> str:
    """Tutorial Markdown for a notebook: Sphinx roles as code, links to pages as links to their files."""
    text = "\n".join(lines).strip("\n")
    text = _ROLE.sub(lambda m: f"`{m.group(1).rsplit('.', 1)[-1]}`", text)
    return _LINK.sub(lambda m: f"]({m.group(1)}.md{m.group(2) or ''})", text)


def _code_cells(block: str) -> list[str]:
    """The code of a doctest block, one cell per example that shows output (with the examples before it)."""
    import doctest

    cells: list[str] = []
    pending: list[str] = []
    for example in doctest.DocTestParser().get_examples(block):
        pending.append(example.source.rstrip("\n"))
        if example.want.strip():
            cells.append("\n".join(pending))
            pending = []
    if pending:
        cells.append("\n".join(pending))
    return cells


def tutorial_cells() -> list[tuple[str, str]]:
    """The tutorial as (cell type, source) pairs: Markdown prose and the code of its examples."""
    lines = (DOCS / "tutorial.md").read_text(encoding="utf-8").splitlines()
    cells: list[tuple[str, str]] = []
    prose: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _DOCTEST_FENCE.match(line):
            end = lines.index("```", i + 1)
            if "".join(prose).strip():
                cells.append(("markdown", _markdown_cell_text(prose)))
            prose = []
            cells.extend(("code", code) for code in _code_cells("\n".join(lines[i + 1 : end]) + "\n"))
            i = end + 1
            continue
        if line.startswith("The tutorial is also a notebook"):
            line = NOTEBOOK_INTRO
        prose.append(line)
        i += 1
    if "".join(prose).strip():
        cells.append(("markdown", _markdown_cell_text(prose)))
    return cells


def tutorial_notebook() -> Any:
    """docs/tutorial.ipynb as generated from docs/tutorial.md (not executed)."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for index, (kind, source) in enumerate(tutorial_cells()):
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        cell["id"] = f"cell-{index}"
        notebook.cells.append(cell)
    return notebook


def _notebook_text(notebook: Any) -> str:
    import nbformat

    return nbformat.writes(notebook) + "\n"


def _all_examples() -> Iterator[Example]:
    for page in CHECKED_PAGES:
        if page.exists():
            yield from examples(page)


def _public_members(cls: type) -> Iterator[tuple[str, object]]:
    """Public methods and properties of *cls* defined in this library (not by attrs or builtins)."""
    for klass in cls.__mro__:
        if not klass.__module__.startswith("indicator_index"):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            if isinstance(member, (types.FunctionType, property)):
                yield name, member


DOCS_TOOLS = ("sphinx", "myst_parser", "furo", "nbclient", "nbformat", "ipykernel")
REQUIRE_DOCS = "INDICATOR_INDEX_REQUIRE_DOCS"


@pytest.fixture
def docs_tools() -> None:
    """Skip when the ``docs`` extra is not installed, unless ``INDICATOR_INDEX_REQUIRE_DOCS=1`` (as in CI)."""
    import importlib.util

    missing = [name for name in DOCS_TOOLS if importlib.util.find_spec(name) is None]
    if missing:
        message = f"the docs extra is not installed (missing {', '.join(missing)}): pip install -e '.[docs]'"
        if os.environ.get(REQUIRE_DOCS) == "1":
            pytest.fail(message)
        pytest.skip(message)


def _sphinx(builder: str, tmp_path: Path, *options: str) -> list[str]:
    """The command that builds the documentation with *builder* into *tmp_path*, warnings as errors."""
    return [sys.executable, "-m", "sphinx", "-W", "--keep-going", *options, "-b", builder, "-d", str(tmp_path / "doctrees"), "docs", str(tmp_path / builder)]


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)  # noqa: S603


# --- Tests -------------------------------------------------------------------------


class TestDocstrings:
    """Every public name, and every public method of a public class, is documented."""

    def test_every_public_name_has_a_docstring(self) -> None:
        """Each name in ``indicator_index.__all__`` has a docstring of its own."""
        missing = []
        for name in ii.__all__:
            obj = getattr(ii, name)
            doc = obj.__doc__ if isinstance(obj, types.ModuleType) else inspect.getdoc(obj)
            if isinstance(obj, type) and obj.__doc__ is None:
                doc = None
            if not (doc or "").strip():
                missing.append(name)
        assert missing == []

    def test_every_public_method_has_a_docstring(self) -> None:
        """Each public method or property of a public class has a docstring (its own or the one it overrides)."""
        missing = []
        for name in ii.__all__:
            obj = getattr(ii, name)
            if not isinstance(obj, type):
                continue
            for member_name, member in _public_members(obj):
                if not (inspect.getdoc(getattr(obj, member_name)) if not isinstance(member, property) else member.__doc__):
                    missing.append(f"{name}.{member_name}")
        assert sorted(set(missing)) == []

    def test_every_public_name_is_in_the_api_reference(self) -> None:
        """docs/api.md documents each name in ``indicator_index.__all__``."""
        text = (DOCS / "api.md").read_text(encoding="utf-8")
        documented = set(re.findall(r"^\.\. (?:auto\w+|py:\w+):: (?:indicator_index\.)?([\w.]+)", text, flags=re.MULTILINE))
        missing = [name for name in ii.__all__ if name not in documented and f"indicator_index.{name}" not in documented]
        assert missing == []


class TestRulesetExamples:
    """The TOML examples of the format reference and the authoring guide do what the pages say."""

    def test_pages_have_examples(self) -> None:
        """The format reference has its base ruleset and many checked examples."""
        found = list(examples(DOCS / "ruleset-format.md"))
        assert [e.mode for e in found].count("base") == 1
        assert len(found) >= 40

    @pytest.mark.parametrize("example", list(_all_examples()), ids=lambda e: f"{e.page.name}:{e.line}")
    def test_example(self, example: Example) -> None:
        """The example loads when marked ok, and otherwise reports exactly the problems shown."""
        actual = outcome(example, base_text())
        if example.mode.endswith("error"):
            assert actual == example.expected
        else:
            assert actual is None


class TestNotebook:
    """The tutorial notebook is the tutorial page, cell for cell."""

    def test_notebook_is_generated_from_the_tutorial(self) -> None:
        """docs/tutorial.ipynb is what ``python tests/test_docs.py --update`` makes of docs/tutorial.md."""
        pytest.importorskip("nbformat")
        actual = (DOCS / "tutorial.ipynb").read_text(encoding="utf-8")
        assert actual == _notebook_text(tutorial_notebook())

    def test_notebook_has_the_tutorial_code(self) -> None:
        """Every example of the tutorial is in a code cell, and there is prose between them."""
        cells = tutorial_cells()
        assert [kind for kind, _ in cells].count("code") >= 20
        assert "ii.score(ruleset, submissions)" in "\n".join(source for kind, source in cells if kind == "code")
        assert not any("{doctest}" in source or "{func}" in source for _, source in cells)


@pytest.mark.slow
@pytest.mark.usefixtures("docs_tools")
class TestBuild:
    """The documentation builds without a warning, its doctests pass and the notebook runs."""

    def test_sphinx_html_has_no_warnings(self, tmp_path: Path) -> None:
        """``sphinx-build -W -b html`` succeeds."""
        result = _run(_sphinx("html", tmp_path, "-q"))
        assert (result.returncode, result.stderr) == (0, "")

    def test_sphinx_doctests_pass(self, tmp_path: Path) -> None:
        """``sphinx-build -b doctest`` runs the examples of the pages and they all pass."""
        result = _run(_sphinx("doctest", tmp_path))
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
        summary = (tmp_path / "doctest" / "output.txt").read_text(encoding="utf-8")
        tests = re.search(r"^\s*(\d+) tests?$", summary, flags=re.MULTILINE)
        failures = re.search(r"^\s*(\d+) failures? in tests$", summary, flags=re.MULTILINE)
        assert tests is not None and int(tests.group(1)) >= 20
        assert failures is None or int(failures.group(1)) == 0

    def test_tutorial_notebook_runs(self) -> None:
        """docs/tutorial.ipynb executes top to bottom without an error."""
        import nbclient
        import nbformat

        notebook = nbformat.read(DOCS / "tutorial.ipynb", as_version=4)
        client = nbclient.NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(DOCS)}},
        )
        client.execute()
        outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
        errors = [f"{o['ename']}: {o['evalue']}" for o in outputs if o.get("output_type") == "error"]
        assert errors == []
        assert len(outputs) >= 20


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--update"]:
        update_pages()
    else:
        sys.exit("usage: python tests/test_docs.py --update")
