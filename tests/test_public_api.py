"""
Tests for the public surface of ``indicator_index``: the ``__all__`` snapshot,
docstrings, ``py.typed``, the version, and the layering rule that keeps the
engine pure (it never reads files, parses TOML or uses cattrs).
"""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
from importlib import metadata, resources
from pathlib import Path

import pytest

import indicator_index
from indicator_index._version import VERSION


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "indicator_index"

# The public API. Update this one literal when a public name is added or removed.
EXPECTED_ALL = {
    "Block",
    "DecidedTotal",
    "PublishedCohort",
    "load_round",
    "read_assessment",
    "read_publication",
    "AgencyChange",
    "AgencyGroup",
    "AgencyImpact",
    "Assessment",
    "Band",
    "BatchResult",
    "BatchScorer",
    "Benchmark",
    "BestOf",
    "Bonus",
    "Case",
    "CaseFailure",
    "CaseReport",
    "Comparison",
    "CaseSuite",
    "Choice",
    "Cohort",
    "Claim",
    "Criterion",
    "CriterionResult",
    "DataError",
    "Discrepancy",
    "Expectation",
    "FieldChange",
    "Figure",
    "Flip",
    "Gap",
    "GroupImpact",
    "Impact",
    "Indicator",
    "IndicatorIndexError",
    "Info",
    "Input",
    "ItemChange",
    "Label",
    "LegalBasis",
    "MinMax",
    "Option",
    "Part",
    "Penalty",
    "PerItem",
    "Period",
    "PlanStep",
    "Problem",
    "Proportional",
    "Provenance",
    "RankRange",
    "Ratio",
    "Relative",
    "Robustness",
    "Rounding",
    "Ruleset",
    "RulesetDiff",
    "RulesetError",
    "RulesetMapping",
    "RulesetSyntaxError",
    "RulesetValidationError",
    "Score",
    "ScoringError",
    "Section",
    "SectionResult",
    "Shortfall",
    "Submission",
    "Suggestion",
    "SumOf",
    "Tier",
    "Tiers",
    "ValueChange",
    "YesNo",
    "apply_changes",
    "assessment_schema",
    "assessment_to_dict",
    "bundled_rulesets",
    "bundled_samples",
    "cases_from_dict",
    "cases_path",
    "compare_assessments",
    "criteria_frame",
    "decision_chain",
    "diff_rulesets",
    "discrepancies",
    "error_to_dict",
    "errors",
    "explanation_to_dict",
    "impact",
    "load_cases",
    "load_mapping",
    "load_ruleset",
    "mapping_from_dict",
    "parse_ruleset",
    "plan_gap",
    "read_cohort",
    "read_submissions",
    "reason_text",
    "render_report",
    "robustness",
    "ruleset_for",
    "ruleset_from_dict",
    "ruleset_to_dict",
    "run_case",
    "run_cases",
    "score",
    "score_totals",
    "score_json",
    "submission_schema",
    "submissions_from_dataframe",
    "submissions_from_dict",
    "to_csv",
    "to_dataframe",
    "to_html",
    "to_json",
    "to_markdown",
    "to_xlsx",
    "why_not",
    "write_report",
    "write_template",
}

# The engine and the model it runs on: pure computation over values in memory.
ENGINE_MODULES = ("_scoring", "_plan", "_arithmetic", "_messages", "_rules", "_model", "_text", "_mapping")
# What they may import: the standard library's pure parts, attrs, and each other.
ALLOWED_IMPORTS = {
    "__future__",
    "attrs",
    "collections.abc",
    "datetime",
    "decimal",
    "difflib",
    "fractions",
    "functools",
    "html",
    "itertools",
    "math",
    "operator",
    "re",
    "typing",
    "unicodedata",
    "indicator_index._arithmetic",
    "indicator_index._catalogue_data",
    "indicator_index._catalogue_ui",
    "indicator_index._catalogue_errors",
    "indicator_index._mapping",
    "indicator_index._messages",
    "indicator_index._model",
    "indicator_index._plan",
    "indicator_index._rules",
    "indicator_index._text",
    "indicator_index._version",
    "indicator_index.errors",
}
# Extra imports per module: the model hashes its canonical JSON for the digest (pure), and imports the
# notebook views of the reports inside Assessment.display and Score.display only, when one is shown
# (the engine never loads them: test_engine_import_closure and tests/test_notebook_display.py).
EXTRA_IMPORTS = {"_model": {"hashlib", "json", "indicator_index._report"}}
# Names and attributes that would mean I/O, a clock, the environment or executing text.
FORBIDDEN_NAMES = {"open", "eval", "exec", "compile", "__import__", "input", "print", "breakpoint", "globals"}
FORBIDDEN_ATTRIBUTES = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "now", "today", "utcnow", "environ", "getenv", "load", "dump"}


def _public(name: str) -> object:
    return getattr(indicator_index, name)


def _imports(tree: ast.AST) -> set[str]:
    """Every module a source tree imports, anywhere in it (function bodies included)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative imports are not used in this package"
            found.add(node.module or "")
    return found


class TestAll:
    """Tests for ``indicator_index.__all__``."""

    def test_snapshot(self) -> None:
        """The public names are exactly the expected set."""
        assert set(indicator_index.__all__) == EXPECTED_ALL

    def test_no_duplicates(self) -> None:
        """No name is listed twice."""
        assert len(indicator_index.__all__) == len(set(indicator_index.__all__))

    def test_sorted(self) -> None:
        """``__all__`` is sorted, as the house style asks."""
        assert indicator_index.__all__ == sorted(indicator_index.__all__)

    @pytest.mark.parametrize("name", sorted(EXPECTED_ALL))
    def test_importable(self, name: str) -> None:
        """Every public name can be imported from the package."""
        namespace: dict[str, object] = {}
        exec(f"from indicator_index import {name}", namespace)  # noqa: S102 - the import statement is the thing tested
        assert namespace[name] is _public(name)

    @pytest.mark.parametrize("name", sorted(EXPECTED_ALL))
    def test_documented(self, name: str) -> None:
        """Every public class, function and module has a docstring."""
        obj = _public(name)
        assert inspect.isclass(obj) or inspect.isfunction(obj) or inspect.ismodule(obj)
        assert (inspect.getdoc(obj) or "").strip()

    @pytest.mark.parametrize("name", sorted(n for n in EXPECTED_ALL if n != "errors"))
    def test_version_added(self, name: str) -> None:
        """Every public class and function says when it was added."""
        assert ".. versionadded::" in (inspect.getdoc(_public(name)) or "")

    def test_errors_module(self) -> None:
        """``errors`` is the public errors module and its classes are re-exported at the top level."""
        assert indicator_index.errors.__name__ == "indicator_index.errors"
        for name in indicator_index.errors.__all__:
            assert getattr(indicator_index, name) is getattr(indicator_index.errors, name)

    def test_no_version_attribute(self) -> None:
        """There is no ``__version__``: the version comes from the distribution metadata."""
        assert not hasattr(indicator_index, "__version__")


class TestPackaging:
    """Tests for the package's files and version."""

    def test_py_typed(self) -> None:
        """``py.typed`` is present in the package."""
        assert (resources.files("indicator_index") / "py.typed").is_file()

    def test_version_matches_pyproject(self) -> None:
        """The library version stamped on assessments is the one in pyproject.toml."""
        with (ROOT / "pyproject.toml").open("rb") as f:
            project = tomllib.load(f)["project"]
        assert project["version"] == VERSION

    def test_version_matches_metadata(self) -> None:
        """The installed distribution's version is the library version."""
        assert metadata.version("indicator-index") == VERSION


class TestLayering:
    """Tests that the engine and the model stay pure: no file reading, no TOML, no cattrs."""

    @pytest.mark.parametrize("module", ENGINE_MODULES)
    def test_imports_allowed(self, module: str) -> None:
        """An engine module imports only pure standard-library modules, attrs and other engine modules."""
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        assert _imports(tree) - ALLOWED_IMPORTS - EXTRA_IMPORTS.get(module, set()) == set()

    @pytest.mark.parametrize("module", ENGINE_MODULES)
    def test_no_io_names(self, module: str) -> None:
        """An engine module uses no open(), eval(), print(), clock or environment."""
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        assert names & FORBIDDEN_NAMES == set()
        assert attributes & FORBIDDEN_ATTRIBUTES == set()

    @pytest.mark.parametrize("module", ENGINE_MODULES)
    def test_no_global_state(self, module: str) -> None:
        """An engine module never rebinds module state (no ``global`` or ``nonlocal``)."""
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        assert [node for node in ast.walk(tree) if isinstance(node, ast.Global | ast.Nonlocal)] == []

    def test_rules_cannot_reach_the_loader(self) -> None:
        """The forbidden modules are really outside the allowed set, so the check above means something."""
        assert {
            "cattrs",
            "tomllib",
            "tomli",
            "os",
            "pathlib",
            "io",
            "json",
            "indicator_index._loading",
            "indicator_index._converter",
            "indicator_index._data",
        } & ALLOWED_IMPORTS == set()

    def test_engine_import_closure(self) -> None:
        """
        Importing the engine in a fresh interpreter, without the package's
        ``__init__`` (which re-exports the loader too), loads no loader,
        converter, data reader, TOML parser, cattrs or pathlib.
        """
        program = """
import importlib.util, json, sys, types
spec = importlib.util.find_spec("indicator_index")
package = types.ModuleType("indicator_index")
package.__path__ = list(spec.submodule_search_locations)
sys.modules["indicator_index"] = package
before = set(sys.modules)
if sys.argv[1] == "engine":
    import indicator_index._scoring
print(json.dumps(sorted(set(sys.modules) - before)))
"""

        def new_modules(what: str) -> set[str]:
            out = subprocess.run([sys.executable, "-c", program, what], capture_output=True, text=True, check=True)  # noqa: S603
            return set(json.loads(out.stdout))

        loaded = new_modules("engine") - new_modules("baseline")
        forbidden = {
            "cattrs",
            "tomllib",
            "tomli",
            "pathlib",
            "importlib.resources",
            "indicator_index._loading",
            "indicator_index._converter",
            "indicator_index._data",
            "indicator_index._cli",
        }
        assert "indicator_index._scoring" in loaded
        assert {m for m in loaded if m in forbidden or m.startswith("cattrs.")} == set()
