"""Sphinx configuration for the indicator-index documentation."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING


ROOT = Path(__file__).resolve().parents[1]
# The package is normally installed (``pip install -e ".[docs]"``); the source
# tree is also put on the path so a bare checkout builds the same pages.
sys.path.insert(0, str(ROOT / "src"))

from indicator_index._version import VERSION  # noqa: E402


if TYPE_CHECKING:
    from sphinx.application import Sphinx


project = "indicator-index"
author = "indicator-index contributors"
copyright = "indicator-index contributors"
version = VERSION
release = VERSION

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "tutorial.ipynb", "Thumbs.db", ".DS_Store"]
language = "en"

# MyST: ::: fences and definition lists; heading anchors for in-page links.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc: document what is public, in source order, with type hints in the
# description where they are easier to read than in long signatures.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_use_ivar = True

# doctest: every example imports the library the same way.
doctest_global_setup = """
import indicator_index as ii
from decimal import Decimal
"""
doctest_test_doctest_blocks = "default"

# No intersphinx: the documentation must build without network access.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

html_theme = "furo"
html_title = f"indicator-index {release}"
html_static_path: list[str] = []


# The changelog links each entry to its issue with a link relative to the
# repository ("issues/2"), which has no page in this site: show it as text.
_ISSUE_LINK = re.compile(r"\[(#\d+)\]\(issues/\d+\)")


def _issue_links_as_text(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """Turn the changelog's repository-relative issue links into plain "#N"."""
    if relative_path.name == "CHANGELOG.md":
        content[0] = _ISSUE_LINK.sub(r"\1", content[0])


def setup(app: Sphinx) -> dict[str, bool]:
    """Connect the changelog filter."""
    app.connect("include-read", _issue_links_as_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
