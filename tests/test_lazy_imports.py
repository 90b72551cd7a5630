"""
Tests for lazy imports: ``import indicator_index`` and each command load only
the modules they use (issue #11, item 6).

Each check runs in a fresh interpreter, since this test session has long since
imported everything; the child prints what it found as JSON.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import indicator_index


ROOT = Path(__file__).resolve().parents[1]
INIT = ROOT / "src" / "indicator_index" / "__init__.py"
RULESETS = ROOT / "rulesets"
SAMPLE = ROOT / "samples" / "example-2024.json"

# The modules of the analysis commands and the reports: nothing that only loads and checks a ruleset needs them.
ANALYSIS = {"_report", "_explain", "_diff", "_portal", "_robustness", "_template", "_batch", "_cases"}
# Neither does validate read data or score.
NOT_FOR_VALIDATE = ANALYSIS | {"_data", "_scoring"}
# Optional heavy dependencies that no command may import before it writes or reads a workbook or a frame.
HEAVY = {"openpyxl", "pandas", "numpy"}
# The catalogue modules beyond the engine's and the command line's own words: validating a good ruleset needs none.
CATALOGUES = {"_catalogue_errors", "_catalogue_data", "_catalogue_ui"}
# Standard modules validate has no use for: importlib.resources (to find a bundled ruleset) brings in zipfile,
# tempfile and random; shutil (argparse's terminal width, needed only to lay out help) the compression modules.
NOT_FOR_LOOKUP = {"importlib.resources", "zipfile", "tempfile", "random", "shutil", "bz2", "lzma"}


def _child(program: str, *args: str) -> Any:
    """Run *program* in a fresh interpreter with *args*; return the JSON it printed last."""
    out = subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True, check=False, cwd=ROOT)  # noqa: S603
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _ours(modules: list[str]) -> set[str]:
    """The package's own submodules among *modules*, without the package prefix."""
    return {m.removeprefix("indicator_index.") for m in modules if m.startswith("indicator_index.")}


def _top_level(modules: list[str]) -> set[str]:
    return {m.partition(".")[0] for m in modules}


# Runs the command line in-process, then reports its status and every module it left loaded.
CLI = """
import contextlib, io, json, sys
from indicator_index._cli import main
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "out": out.getvalue(), "err": err.getvalue(), "modules": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def loaded() -> dict[str, Any]:
    """What a fresh ``import indicator_index`` loads, and what ``dir()`` then lists."""
    program = """
import json, sys
import indicator_index
names = dir(indicator_index)
print(json.dumps({"modules": sorted(sys.modules), "dir": names}))
"""
    result: dict[str, Any] = _child(program)
    return result


class TestImportPackage:
    """``import indicator_index`` on its own."""

    def test_loads_no_analysis_module(self, loaded: dict[str, Any]) -> None:
        """The reports, explain, diff, portal, robustness, template, batch and cases modules stay unloaded."""
        assert _ours(loaded["modules"]) & ANALYSIS == set()

    def test_loads_no_submodule(self, loaded: dict[str, Any]) -> None:
        """Nothing of the package beyond its ``__init__`` is loaded until a name is used."""
        assert "indicator_index" in loaded["modules"]
        assert _ours(loaded["modules"]) == set()

    def test_loads_no_third_party(self, loaded: dict[str, Any]) -> None:
        """Not even attrs or cattrs: the import costs little more than the interpreter."""
        assert _top_level(loaded["modules"]) & (HEAVY | {"attr", "attrs", "cattrs"}) == set()

    def test_dir_is_complete_before_any_use(self, loaded: dict[str, Any]) -> None:
        """``dir(indicator_index)`` lists every public name, loaded or not."""
        assert set(indicator_index.__all__) <= set(loaded["dir"])


class TestNames:
    """Every public name is reachable, from the module that defines it."""

    def test_each_name_loads_only_its_module(self) -> None:
        """Using ``load_ruleset`` loads the loader, and none of the analysis modules."""
        program = """
import json, sys
import indicator_index
indicator_index.load_ruleset
print(json.dumps(sorted(sys.modules)))
"""
        loaded = _ours(_child(program))
        assert "_loading" in loaded
        assert loaded & ANALYSIS == set()

    def test_star_import(self) -> None:
        """``from indicator_index import *`` binds every name of ``__all__``, in a fresh interpreter."""
        program = """
import json
namespace = {}
exec("from indicator_index import *", namespace)
print(json.dumps(sorted(k for k in namespace if k != "__builtins__")))
"""
        assert _child(program) == sorted(indicator_index.__all__)

    @pytest.mark.parametrize("name", sorted(indicator_index.__all__))
    def test_reachable(self, name: str) -> None:
        """Each public name is the object of the same name in the module the lazy table gives for it."""
        module = importlib.import_module(f"indicator_index.{indicator_index._MODULES[name]}")
        expected = module if name == "errors" else getattr(module, name)
        assert getattr(indicator_index, name) is expected

    def test_table_covers_all(self) -> None:
        """The lazy table maps exactly the public names."""
        assert set(indicator_index._MODULES) == set(indicator_index.__all__)

    def test_type_checkers_see_every_name(self) -> None:
        """
        The ``if TYPE_CHECKING:`` imports name every public name, from the module the lazy table gives,
        so a type checker sees what the package exports at run time.
        """
        tree = ast.parse(INIT.read_text(encoding="utf-8"))
        blocks = [node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
        assert len(blocks) == 1
        imported: dict[str, str] = {}
        for node in ast.walk(blocks[0]):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    module = node.module or ""
                    imported[alias.asname or alias.name] = alias.name if module == "indicator_index" else module.removeprefix("indicator_index.")
        assert imported == indicator_index._MODULES

    def test_unknown_name(self) -> None:
        """A name the package does not have is an AttributeError that names it."""
        with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
            indicator_index.no_such_name  # noqa: B018 - the attribute access is the thing tested


class TestCommands:
    """Each command loads the modules it uses and no others."""

    @pytest.mark.parametrize("ruleset", ["example-2024.toml", "danang-448-2022.toml"])
    def test_validate(self, ruleset: str) -> None:
        """``validate FILE`` loads the loader but no data reader, engine, report or analysis module."""
        result = _child(CLI, "--lang", "en", "validate", str(RULESETS / ruleset))
        assert (result["status"], result["err"]) == (0, "")
        assert ": valid — " in result["out"]
        loaded = _ours(result["modules"])
        assert {"_cli", "_loading", "_model"} <= loaded
        assert loaded & NOT_FOR_VALIDATE == set()
        assert _top_level(result["modules"]) & HEAVY == set()
        assert loaded & CATALOGUES == set()
        assert set(result["modules"]) & NOT_FOR_LOOKUP == set()

    def test_validate_bundled_name(self) -> None:
        """``validate NAME`` finds the bundled file without importlib.resources, and needs no catalogue module either."""
        result = _child(CLI, "validate", "danang-448-2022")
        assert (result["status"], result["err"]) == (0, "")
        assert result["out"].startswith("danang-448-2022: hợp lệ — ")
        assert _ours(result["modules"]) & (NOT_FOR_VALIDATE | CATALOGUES) == set()
        assert set(result["modules"]) & NOT_FOR_LOOKUP == set()

    def test_validate_failure(self, tmp_path: Path) -> None:
        """An invalid ruleset is reported without loading more: the suggestions need no analysis module."""
        path = tmp_path / "bad.toml"
        path.write_text((RULESETS / "example-2024.toml").read_text(encoding="utf-8").replace("max_points", "max_pionts", 1), encoding="utf-8")
        result = _child(CLI, "validate", str(path))
        assert result["status"] == 1
        assert "max_pionts" in result["err"]
        assert _ours(result["modules"]) & NOT_FOR_VALIDATE == set()

    def test_validate_failure_reads_the_error_catalogue(self, tmp_path: Path) -> None:
        """A problem's words come from the error catalogue, loaded when the first one is made: in both languages."""
        path = tmp_path / "bad.toml"
        path.write_text((RULESETS / "example-2024.toml").read_text(encoding="utf-8").replace("max_points", "max_pionts", 1), encoding="utf-8")
        english = _child(CLI, "--lang", "en", "validate", str(path))
        vietnamese = _child(CLI, "validate", str(path))
        assert "unknown key 'max_pionts' (did you mean 'max_points'?)" in english["err"]
        assert "max_pionts" in vietnamese["err"]
        assert "unknown key" not in vietnamese["err"]
        assert "_catalogue_errors" in _ours(english["modules"])

    def test_score(self) -> None:
        """``score`` reads data, scores and renders, and loads no analysis module."""
        result = _child(CLI, "score", str(RULESETS / "example-2024.toml"), str(SAMPLE))
        assert (result["status"], result["err"]) == (0, "")
        loaded = _ours(result["modules"])
        assert {"_data", "_scoring", "_report"} <= loaded
        assert loaded & (ANALYSIS - {"_report"}) == set()
        assert _top_level(result["modules"]) & HEAVY == set()

    def test_help(self) -> None:
        """``--help`` builds the whole parser, the analysis commands' included, and loads none of their modules."""
        result = _child(CLI, "--help")
        assert result["status"] == 0
        assert "validate" in result["out"]
        assert _ours(result["modules"]) & NOT_FOR_VALIDATE == set()

    def test_analysis_command_loads_its_module(self) -> None:
        """An analysis command imports its module when it runs: ``diff`` loads the diff module and not robustness."""
        ruleset = str(RULESETS / "example-2024.toml")
        result = _child(CLI, "diff", ruleset, ruleset)
        assert result["status"] == 0, result["err"]
        loaded = _ours(result["modules"])
        assert "_diff" in loaded
        assert loaded & {"_robustness", "_cases", "_template", "_portal", "_batch"} == set()


class TestCatalogue:
    """The message catalogue loads its modules on first need, and is then what it always was."""

    PROGRAM = """
import json, sys
from indicator_index import _messages
before = sorted(m for m in sys.modules if m.startswith("indicator_index._catalogue"))
english = _messages.Message(sys.argv[1]) if sys.argv[1] else None
after = sorted(m for m in sys.modules if m.startswith("indicator_index._catalogue"))
from indicator_index._catalogue_data import DATA
from indicator_index._catalogue_errors import ERRORS
from indicator_index._catalogue_ui import UI
whole = list(_messages.CATALOGUE.items())
core = [(k, v) for k, v in whole if k not in ERRORS and k not in DATA and k not in UI]
print(json.dumps({"before": before, "after": after, "english": english, "whole": whole, "expected": list({**dict(core), **ERRORS, **DATA, **UI}.items())}))
"""

    def test_not_loaded_for_the_engines_words(self) -> None:
        """A message of the engine or the command line loads no catalogue module."""
        result = _child(self.PROGRAM, "cli.interrupted")
        assert result["before"] == result["after"] == []
        assert result["english"] == "interrupted"

    def test_loaded_for_an_error(self) -> None:
        """A ruleset error's code is found in its module, which is then loaded, with the others."""
        result = _child(self.PROGRAM, "ruleset.label_text")
        assert result["before"] == []
        assert result["after"] == ["indicator_index._catalogue_data", "indicator_index._catalogue_errors", "indicator_index._catalogue_ui"]
        assert result["english"]

    def test_whole_catalogue_in_order(self) -> None:
        """``CATALOGUE`` is this module's entries then the errors', the data's and the tools' words, in that order."""
        result = _child(self.PROGRAM, "")
        assert result["whole"] == result["expected"]
        assert len(result["whole"]) > 500
