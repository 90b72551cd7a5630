"""
No number shown to a person has more decimals than the ruleset declares (issue #12, item 2).

Every text output a person reads -- the report as table, Markdown, HTML and CSV
in both languages, the per-agency explanation (table and Markdown), and the
``explain`` / ``explain-gap`` command texts (why-not and gap plan) -- is
rendered for the bundled samples and scanned for numbers.

How a number is found (:data:`NUMBER`): a run of digits with an optional
decimal part (``.`` or ``,`` then digits) that does not touch a letter, digit,
``_``, ``/``, ``-``, ``:``, ``#`` or ``.``/``,`` on either side, and is not
followed by another ``.``/``,`` and a digit. That leaves out what is not a
quantity: dates (``2022-01-01``), versions (``0.1.0``), legal-basis numbers
(``448/QĐ-UBND``), ids and hashes (``so-noi-vu``, ``a3f9``), clock times, CSS
values (``1.5em``) and item numbers such as ``2.1`` in a table row are still
numbers (one decimal, which is always within the places). A list such as
``3, 4`` is two integers: the separator is followed by a space.

Two checks, one weaker and one sharp:

* every number has at most :data:`VALUE_PLACES` (4) decimals -- the most an
  indicator value (a ratio, i.e. a percentage to two decimals) is shown with;
* every number a person reads as points (:data:`POINTS`: followed by
  ``điểm``/``points`` or ``/ max``, preceded by ``mất``/``missed``/``cần
  thêm``/``needs``, in a points cell of a table, or in the report's table, CSV
  and score columns) has at most the ruleset's ``rounding.places`` decimals.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from indicator_index import load_ruleset, read_submissions, render_report, score
from indicator_index._cli import main
from indicator_index._display import VALUE_PLACES, number
from indicator_index._report import explain_markdown, explain_table


PAIRS = [("danang-448-2022", "danang-2021"), ("example-2024", "example-2024")]
LANGS = ("vi", "en")

#: A number shown to a person (see the module docstring); group 1 is its decimal part.
NUMBER = re.compile(r"(?<![\w/:#.,-])\d+(?:[.,](\d+))?(?![\w/:#-]|[.,]\d)")

#: Numbers read as points: after "mất"/"missed"/"cần thêm"/"needs", or before "điểm"/"points"/"/ <max>".
POINTS = re.compile(
    r"(?:(?:mất|missed|cần thêm|needs|bị trừ|trên|of|→)\s+(?P<a>\d+(?:[.,]\d+)?)(?=\s*(?:điểm|points?|/|trên|of)\b))"
    r"|(?:(?<![\w/:#.,-])(?P<b>\d+(?:[.,]\d+)?)\s*(?:điểm|points?\b|/\s*\d))"
)


def _decimals(found: re.Match[str]) -> int:
    return len(found.group(1) or "")


def _too_long(text: str, places: int) -> list[str]:
    """The numbers in *text* with more than *places* decimals."""
    return [m.group(0) for m in NUMBER.finditer(text) if _decimals(m) > places]


def _points_too_long(text: str, places: int) -> list[str]:
    """The numbers read as points in *text* with more than *places* decimals."""
    out = []
    for m in POINTS.finditer(text):
        shown = m.group("a") or m.group("b")
        decimals = re.search(r"[.,](\d+)$", shown)
        if decimals and len(decimals.group(1)) > places:
            out.append(m.group(0))
    return out


def _agencies(data: str) -> list[str]:
    subs = read_submissions(data)
    return [s.agency for s in subs][:4]


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def _reports(ruleset: str, data: str) -> Iterator[tuple[str, str, bool]]:
    """(name, text, all-points) for every report rendering; all-points when every number in it is points."""
    assessment = score(load_ruleset(ruleset), read_submissions(data))
    for lang in LANGS:
        for fmt in ("table", "markdown", "html", "csv"):
            text = render_report(assessment, fmt, lang)
            if fmt == "csv":  # cells, not the commas between them
                text = "\n".join(" | ".join(row) for row in csv.reader(io.StringIO(text)))
            yield f"{ruleset} {data} {fmt} {lang}", text, fmt in ("table", "csv")
        for agency in _agencies(data):
            yield f"explain_table {agency} {lang}", explain_table(assessment, agency, lang), False
            yield f"explain_markdown {agency} {lang}", explain_markdown(assessment, agency, lang), False


@pytest.mark.parametrize(("ruleset", "data"), PAIRS)
def test_reports_round_to_declared_places(ruleset: str, data: str) -> None:
    """Table, Markdown, HTML, CSV and the explanations show no number past the declared places."""
    places = load_ruleset(ruleset).rounding.places
    bad: dict[str, list[str]] = {}
    for name, text, all_points in _reports(ruleset, data):
        found = _too_long(text, places if all_points else VALUE_PLACES) + _points_too_long(text, places)
        if found:
            bad[name] = found[:5]
    assert not bad, bad


@pytest.mark.parametrize(("ruleset", "data"), PAIRS)
def test_cli_texts_round_to_declared_places(ruleset: str, data: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The ``explain`` and ``explain-gap`` texts (why-not, gap plan), both languages and formats, as well."""
    places = load_ruleset(ruleset).rounding.places
    bad: dict[str, list[str]] = {}
    for agency in _agencies(data)[:2]:
        for lang in LANGS:
            for argv in (
                ("--lang", lang, "explain", ruleset, data, agency),
                ("--lang", lang, "explain-gap", ruleset, data, agency),
                ("--lang", lang, "explain-gap", ruleset, data, agency, "--format", "markdown"),
            ):
                text = _cli(capsys, *argv)
                found = _too_long(text, VALUE_PLACES) + _points_too_long(text, places)
                if found:
                    bad[" ".join(argv)] = found[:5]
    assert not bad, bad


def test_scanner_finds_what_it_should() -> None:
    """The scanner sees decimals in both notations and leaves dates, versions and legal numbers alone."""
    text = "mất 0,9744444444444444444444444444 trên 5 điểm; 28.04304044630404; 448/QĐ-UBND (2022-01-01) v0.1.0 so-noi-vu 2.1"
    assert _too_long(text, 2) == ["0,9744444444444444444444444444", "28.04304044630404"]
    assert _points_too_long(text, 2) == ["mất 0,9744444444444444444444444444"]
    assert _too_long("3, 4 và 1.5", 0) == ["1.5"]


@pytest.mark.parametrize(
    ("value", "places", "lang", "shown"),
    [
        ("0.9744444444444444444444444444", 2, "vi", "0,97"),
        ("4.025555555555555555555555555556", 2, "en", "4.03"),
        ("28.04304044630404", 2, "vi", "28,04"),
        ("21.50", 2, "en", "21.5"),
        ("21.00", None, "vi", "21"),
        ("1E+2", None, "en", "100"),
        ("-0.001", 2, "en", "0"),
        ("0.125", 2, "en", "0.13"),
    ],
)
def test_number(value: str, places: int | None, lang: str, shown: str) -> None:
    """The formatter rounds half-up to the places, drops trailing zeros, writes a comma in Vietnamese."""
    assert number(Decimal(value), places, lang) == shown


def test_number_uses_the_ruleset_mode() -> None:
    """A ruleset's rounding mode is honoured (half_even rounds 0.125 to 0.12)."""
    assert number(Decimal("0.125"), 2, "en", "half_even") == "0.12"
    assert number(Decimal("0.125"), 2, "en", "down") == "0.12"


def test_compare_impact_robustness_texts(capsys: pytest.CaptureFixture[str]) -> None:
    """Totals and differences in ``compare``, ``impact`` and ``robustness`` stay at the declared places."""
    places = min(load_ruleset(name).rounding.places for name in ("danang-448-2022", "danang-2386-2025"))
    mapping = str(Path(__file__).resolve().parent / "data" / "mapping" / "danang-448-2022-to-2386-2025.toml")
    bad: dict[str, list[str]] = {}
    for lang in LANGS:
        for argv in (
            ("--lang", lang, "compare", "danang-448-2022", "danang-2021", "danang-2386-2025", "danang-2025"),
            ("--lang", lang, "impact", "danang-448-2022", "danang-2386-2025", "danang-2021", "--mapping", mapping),
            ("--lang", lang, "robustness", "danang-448-2022", "danang-2021"),
        ):
            text = _cli(capsys, *argv)
            assert NUMBER.search(text), argv  # something was scanned
            found = _too_long(text, places) + _points_too_long(text, places)
            if found:
                bad[" ".join(argv)] = found[:5]
    assert not bad, bad
