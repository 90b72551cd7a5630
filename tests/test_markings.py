"""
Every statement about the Da Nang decisions is marked *decision*, *inferred* or *reconstructed*.

Checked for the rulesets of 448/QĐ-UBND, 2901/QĐ-UBND and 2386/QĐ-UBND and their pages in
``docs/rulesets/``:

- every criterion, bonus, penalty **and band** of the file, every ranking block and every group ranked
  or compared within parents has a ``provenance`` with one of the three statuses (read from the TOML
  itself, so a band without one fails although the format allows it);
- the header comment, after its first paragraph, is a list of statements each starting with
  ``[decision]``, ``[inferred]`` or ``[reconstructed]``;
- the ``description`` is made of parts that start with ``Decision``, ``Inferred`` or ``Reconstructed``;
- the page's "Statements and their status" section is a table whose every row has a status, with no
  unmarked bullet.

The checkers are run on broken copies too, so that the test is seen to fail on an unmarked item.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from indicator_index import load_ruleset, parse_ruleset
from indicator_index._model import PROVENANCE_STATUSES


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "danang-448-2022": ROOT / "docs" / "rulesets" / "danang-448.md",
    "danang-2901-2023": ROOT / "docs" / "rulesets" / "danang-2901-2023.md",
    "danang-2386-2025": ROOT / "docs" / "rulesets" / "danang-2386-2025.md",
}
STATUSES = ("decision", "inferred", "reconstructed")
_BULLET = re.compile(r"^# - \[(decision|inferred|reconstructed)\] \S")
_CONTINUATION = re.compile(r"^#   \S")


def ruleset_text(name: str) -> str:
    """The text of a bundled ruleset file."""
    return (ROOT / "rulesets" / f"{name}.toml").read_text(encoding="utf-8")


def unmarked_items(text: str) -> list[str]:
    """The criteria, bonuses, penalties and bands of a ruleset text without a valid provenance status."""
    data = tomllib.loads(text)
    out = []
    for key in ("criteria", "bonuses", "penalties", "bands", "groups", "blocks"):
        for item in data.get(key, []):
            if key == "groups" and not {"ranked_within", "compared_within", "parent_group"} & set(item):
                continue  # a group ranked on its own, as the decisions list them, says nothing beyond its name
            status = (item.get("provenance") or {}).get("status")
            if status not in STATUSES:
                out.append(f"{key} {item.get('id')!r}: {status!r}")
    return out


def unmarked_header_lines(text: str) -> list[str]:
    """The lines of the header comment, after its first paragraph, that are neither a marked statement nor its continuation."""
    header = text.split("schema_version", 1)[0].splitlines()
    if "#" not in header:
        return ["no statement list after the first paragraph"]
    statements = header[header.index("#") + 1 :]
    if not any(_BULLET.match(line) for line in statements):
        return ["no marked statement"]
    out = []
    previous_ok = False
    for line in statements:
        if _BULLET.match(line):
            previous_ok = True
        elif _CONTINUATION.match(line) and previous_ok:
            continue
        else:
            out.append(line)
            previous_ok = False
    return out


def unmarked_description(description: str) -> list[str]:
    """Parts of a ruleset description that do not start with Decision, Inferred or Reconstructed."""
    parts = re.split(r"(?<=\.) (?=(?:Decision|Inferred|Reconstructed)\b)", description.strip())
    return [p for p in parts if not re.match(r"(Decision|Inferred|Reconstructed)\b", p)]


def unmarked_doc_statements(markdown: str) -> list[str]:
    """Rows and bullets of the "Statements and their status" section of a page without a status."""
    match = re.search(r"^## Statements and their status\n(.*?)(?=^## |\Z)", markdown, flags=re.MULTILINE | re.DOTALL)
    if match is None:
        return ["no 'Statements and their status' section"]
    lines = match.group(1).splitlines()
    rows = [line for line in lines if line.startswith("|")]
    if len(rows) < 3:
        return ["no statement table"]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    if "Status" not in header:
        return ["the statement table has no Status column"]
    column = header.index("Status")
    out = []
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        if len(cells) <= column or cells[column] not in STATUSES:
            out.append(row)
    out += [line for line in lines if line.startswith("- ") and not re.match(r"- \[(decision|inferred|reconstructed)\]", line)]
    return out


@pytest.mark.parametrize("name", list(FILES))
class TestRulesetsAreMarked:
    """The three Da Nang rulesets."""

    def test_every_criterion_and_band_has_provenance(self, name: str) -> None:
        """Criteria, bonuses, penalties and bands all say where they come from."""
        assert unmarked_items(ruleset_text(name)) == []

    def test_loaded_bands_keep_their_provenance(self, name: str) -> None:
        """The loader keeps each band's provenance; statuses are the model's."""
        rs = load_ruleset(name)
        assert all(b.provenance is not None and b.provenance.status in PROVENANCE_STATUSES for b in rs.bands)

    def test_header_statements_are_marked(self, name: str) -> None:
        """Every statement of the header comment is marked."""
        assert unmarked_header_lines(ruleset_text(name)) == []

    def test_header_has_each_kind_it_needs(self, name: str) -> None:
        """Each header states something from the decision and something reconstructed."""
        header = ruleset_text(name).split("schema_version", 1)[0]
        assert "# - [decision]" in header
        assert "# - [reconstructed]" in header
        assert "# - [inferred]" in header

    def test_description_parts_are_marked(self, name: str) -> None:
        """The description is a sequence of Decision / Inferred / Reconstructed parts."""
        assert unmarked_description(load_ruleset(name).description) == []

    def test_doc_statements_are_marked(self, name: str) -> None:
        """The page's statements table marks every row."""
        assert unmarked_doc_statements(FILES[name].read_text(encoding="utf-8")) == []


class TestTheCheckersFail:
    """The checkers above find what is unmarked (so that the tests can fail)."""

    def test_a_band_without_provenance(self) -> None:
        """Removing one band's provenance line is caught, and the ruleset still loads (provenance on bands is optional)."""
        text = ruleset_text("danang-448-2022")
        start = text.index('[[bands]]\nid = "kha"')
        line = text.index("provenance = ", start)
        broken = text[:line] + text[text.index("\n", line) + 1 :]
        assert unmarked_items(broken) == ["bands 'kha': None"]
        assert parse_ruleset(broken).band("kha").provenance is None

    def test_a_group_ranked_within_parents_without_provenance(self) -> None:
        """The wards' ranking within their district must say where it comes from."""
        text = ruleset_text("danang-448-2022")
        start = text.index('[[groups]]\nid = "ward"')
        line = text.index("provenance = ", start)
        broken = text[:line] + text[text.index("\n", line) + 1 :]
        assert unmarked_items(broken) == ["groups 'ward': None"]

    def test_a_block_without_provenance(self) -> None:
        """A ranking block must say where it comes from."""
        text = (ROOT / "rulesets" / "danang-448-2022-blocks.toml").read_text(encoding="utf-8")
        assert unmarked_items(text) == []
        broken = "\n".join(line for line in text.splitlines() if not line.startswith("provenance = "))
        assert unmarked_items(broken) == ["blocks 'department_and_unit': None"]

    def test_a_criterion_with_an_unknown_status(self) -> None:
        """An unknown status is caught here, and refused by the loader."""
        text = ruleset_text("danang-2901-2023").replace('status = "reconstructed"', 'status = "official"', 1)
        assert len(unmarked_items(text)) == 1

    def test_an_unmarked_header_line(self) -> None:
        """A bullet without a marker, or loose prose, is caught."""
        text = ruleset_text("danang-2386-2025")
        broken = text.replace("# - [inferred] Each group is ranked separately.", "# - Each group is ranked separately.", 1)
        assert broken != text
        assert unmarked_header_lines(broken) == ["# - Each group is ranked separately."]
        assert unmarked_header_lines("# Title\n#\n# just prose\nschema_version = 1\n") == ["no marked statement"]

    def test_an_unmarked_description_part(self) -> None:
        """Text before the first marker is caught."""
        assert unmarked_description("Official: the groups. Reconstructed: the rest.") == ["Official: the groups."]
        assert unmarked_description("Decision: the groups. Reconstructed: the rest.") == []

    def test_an_unmarked_doc_row(self) -> None:
        """A row with no status, or a loose bullet, is caught."""
        page = (
            "## Statements and their status\n\n| Statement | Status | Where |\n|---|---|---|\n"
            "| a | decision | x |\n| b | official | y |\n\n- loose\n\n## Next\n"
        )
        assert unmarked_doc_statements(page) == ["| b | official | y |", "- loose"]
        assert unmarked_doc_statements("# Page\n") == ["no 'Statements and their status' section"]


class TestCorrections:
    """The corrections of December 2026, with their dates."""

    def test_issuer_of_448_is_the_chairman(self) -> None:
        """448 was issued by the Chairman of the People's Committee."""
        assert load_ruleset("danang-448-2022").legal_basis.issuer.startswith("Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng")

    def test_criterion_6_1_says_it_cannot_apply_to_2021(self) -> None:
        """Community digital-technology teams date from 5 Mar 2022 (Công văn 793/BTTTT-THH)."""
        c = load_ruleset("danang-448-2022").criterion("6.1")
        assert "2022-03-05" in c.note
        assert "round 2021" in c.note
        assert "793/BTTTT-THH" in c.provenance.citation

    def test_criterion_1_9_does_not_rest_on_922(self) -> None:
        """QĐ 922/QĐ-BTTTT (20 May 2022) postdates 448: 1.9's method says so instead of following it."""
        method = load_ruleset("danang-448-2022").criterion("1.9").provenance.method
        assert method.startswith("rule type 12")
        assert "2022-05-20" in method

    @pytest.mark.parametrize("name", ["danang-448-2022", "danang-2386-2025"])
    def test_bands_are_marked_as_the_sources_allow(self, name: str) -> None:
        """448's bands are stated by the decision; 2386's labels are not attested, so reconstructed."""
        expected = {"danang-448-2022": "decision", "danang-2386-2025": "reconstructed"}[name]
        assert {b.provenance.status for b in load_ruleset(name).bands if b.provenance is not None} == {expected}
