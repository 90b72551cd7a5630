"""
Every command of the command line, on the bundled samples, speaks Vietnamese by default.

Issue #12's acceptance: under ``--lang vi`` the output of every CLI command on the bundled samples
contains no message the catalogue lacks in Vietnamese. The check is built from the catalogue itself:
the fixed words of its English templates that no Vietnamese template uses must not appear in what a
command prints (the words of the data, agency names and ids, are not the catalogue's). The same
commands under ``--lang en`` must show some of those words, so that the check can fail.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from indicator_index._cli import main
from indicator_index._messages import CATALOGUE


WORD = re.compile(r"[A-Za-z]{4,}")

# Words the English templates share with data and formats that stay as written in Vietnamese output:
# the ruleset ids' and file names' parts, JSON keys and format names.
KEPT = {"danang", "example", "json", "toml", "xlsx", "html", "markdown", "sha256", "utf", "parent"}  # "parent": a value of ranked_within


def _words(template: str) -> set[str]:
    literal = "".join(part for part, _, _, _ in string.Formatter().parse(template))
    return {w.lower() for w in WORD.findall(re.sub(r"'[^']*'|`[^`]*`|\[[^\]]*\]", " ", literal))}


def _english_only() -> set[str]:
    english = set().union(*(_words(t["en"]) for t in CATALOGUE.values()))
    vietnamese = set().union(*(_words(t["vi"]) for t in CATALOGUE.values()))
    return english - vietnamese - KEPT


ENGLISH_ONLY = _english_only()

COMMANDS = [
    ["list"],
    ["validate", "danang-448-2022", "danang-2901-2023", "danang-2386-2025"],
    ["test", "danang-2901-2023"],
    ["score", "danang-448-2022", "danang-2021"],
    ["score", "danang-448-2022", "danang-2021", "--format", "markdown"],
    ["explain", "danang-448-2022", "danang-2021", "so-noi-vu"],
    ["explain-gap", "danang-448-2022", "danang-2021", "so-noi-vu"],
    ["compare", "danang-448-2022", "danang-2021", "danang-2386-2025", "danang-2025"],
    ["impact", "danang-448-2022", "danang-2386-2025", "danang-2021"],
    ["diff", "danang-448-2022", "danang-2386-2025"],
    ["robustness", "danang-448-2022", "danang-2021", "--draws", "2"],
    ["template", "danang-448-2022", "--group", "ward", "--output", "phuong.xlsx"],
]


def _run(argv: list[str], folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(folder)
    code = main(argv)
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out + out.err


# Ids, option values, file paths and sample names are data written as they are (`unit_without_procedures`,
# `danang-2023-published`, `/rulesets/`): a token holding "_", "-", "/" or "." between letters is one of them.
IDENTIFIER = re.compile(r"\S*[A-Za-z0-9][_/.\-][A-Za-z0-9]\S*")


QUOTED = re.compile(r"'[^'\n]*'|\{[^}\n]*\}|\[[^\]\n]*\]|\b[\w.]+:")  # quoted ids, JSON, lists of ids, field names


def _ids() -> set[str]:
    """Every id of the bundled rulesets (groups, sections, indicators, options, criteria and their parts, bands): data, kept as written."""
    from indicator_index import bundled_rulesets, load_ruleset, ruleset_to_dict

    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "id" and isinstance(item, str):
                    found.add(item.lower())
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for name in bundled_rulesets():
        walk(ruleset_to_dict(load_ruleset(name)))
    return found


IDS = _ids()
# The free texts of a ruleset that `diff` shows changing (English labels, descriptions, citations, notes) are data.
FREE_TEXT = (".en:", "description:", "provenance.", "note:")


def _english_left(text: str) -> set[str]:
    lines = [line for line in text.splitlines() if not any(key in line for key in FREE_TEXT)]
    plain = IDENTIFIER.sub(" ", QUOTED.sub(" ", "\n".join(lines)))
    return {w.lower() for w in WORD.findall(plain)} & ENGLISH_ONLY - IDS


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_command_speaks_vietnamese(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the default language a command on the bundled samples prints no English-only word of the catalogue."""
    assert _english_left(_run(argv, tmp_path, capsys, monkeypatch)) == set()


def test_the_check_can_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The same commands in English show English-only words: the check above sees them."""
    seen: set[str] = set()
    for argv in COMMANDS:
        seen |= _english_left(_run(["--lang", "en", *argv], tmp_path, capsys, monkeypatch))
    assert len(seen) > 20


def test_reason_text_reads_every_engine_reason_through_the_catalogue() -> None:
    """A reason kept as English text (a JSON document) is rendered in Vietnamese through the catalogue's own templates."""
    from indicator_index._messages import Message
    from indicator_index._report import _REASON_CODES, reason_text

    samples = {"evidence": "Công văn 12/SNV", "criterion": "1.2", "names": "a, b", "denominator": "docs_total", "raw": "4", "cap": "3", "scale": "100"}
    for code in _REASON_CODES:
        fields = {name for _, name, _, _ in string.Formatter().parse(CATALOGUE[code]["en"]) if name}
        message = Message(code, **{name: samples[name] for name in fields})
        assert reason_text(str(message), "vi") == message.render("vi"), code
        assert reason_text(message, "vi") == message.render("vi")
    both = Message.joined(Message("bonus_capped", raw="4", cap="3"), Message("total_clamped_to_zero"))
    assert reason_text(str(both), "vi") == both.render("vi")
    assert reason_text("not a reason", "vi") == "not a reason"
