"""
Fuzzing the readers (issue #13): generated JSON, CSV and XLSX data documents -- hostile numbers, any
Unicode (lone surrogates, controls, format characters), deep and wide structures -- are either refused
with the library's own error (an ``IndicatorIndexError``) or scored; and what is scored reads back from
every writer (``to_json``, ``to_csv``, ``to_markdown``, ``to_html``, ``to_xlsx``).

Under ``HYPOTHESIS_PROFILE=ci`` a run checks about 10,600 documents in under a minute: 8,000 JSON
payloads (400 seeded examples of 20), 600 JSON files, 1,000 CSV tables, 100 documents Hypothesis builds
and shrinks, 600 submissions with hostile text and 300 with hostile numbers, and 50 XLSX workbooks (about
0.2 s each to write and read back, so fewer). Each property sets its budget with :func:`budget`, which
scales it down under the dev profile.
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from indicator_index import Assessment, DataError, Figure, IndicatorIndexError, ScoringError, Submission, read_submissions, score, score_totals
from indicator_index._data import _NUMBER, _decimal, parse_json, submissions_from_dict
from indicator_index._portal import score_json
from indicator_index._report import to_csv, to_html, to_json, to_markdown, to_xlsx
from tests.test_error_catalogue import GOOD_SUBS, SCORING_RULESET


RULESET = SCORING_RULESET
INDICATORS = [i.id for i in RULESET.indicators]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def budget(ci_examples: int, *, shrink: bool = True) -> settings:
    """
    *ci_examples* under the ci profile (300 examples a property), scaled with the profile otherwise (dev: a fifth).

    The seeded generators do not shrink (*shrink* False): a failure reports its document, which is small already.
    """
    examples = max(10, ci_examples * settings().max_examples // 300)
    phases = tuple(Phase) if shrink else (Phase.explicit, Phase.reuse, Phase.generate)
    return settings(max_examples=examples, phases=phases, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])


# --- Strategies -------------------------------------------------------------

# Any code point: hypothesis leaves lone surrogates out unless no category is excluded.
ANY_CHAR = st.characters(exclude_categories=[])
HOSTILE_TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=ANY_CHAR, max_size=12),
    st.sampled_from(
        ["", " ", "\ufeff", "\u200b", "x\n", "=1+1", "-x", "@", "a|b", "<b>&amp;", "\\", '"', "'", "#", "Sở Nội vụ", "\ud800", "\udfff", "\x00", "\u2028"]
    ),
    st.builds(
        lambda a, b: a + b, st.sampled_from(["so-noi-vu", "department", "Sở"]), st.sampled_from(["\u200b", "\n", "\ud800", " ", "\x7f", "\u00a0", "\ufffe"])
    ),
)
# Number literals as a file writes them: any exponent, any digit count, signs, percentages, separators.
NUMBER_TEXT = st.one_of(
    st.builds(
        lambda sign, whole, frac, exp: f"{sign}{whole}{frac}{exp}",
        st.sampled_from(["", "-", "+"]),
        st.one_of(st.integers(0, 10**20).map(str), st.integers(1, 6000).map(lambda n: "9" * n)),
        st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=60).map(lambda d: "." + d)),
        st.one_of(st.just(""), st.integers(-(10**20), 10**20).map(lambda e: f"e{e}")),
    ),
    st.sampled_from(
        [
            "1e1000000",
            "-1e1000000",
            "1e-1000000",
            "0E+1000000",
            "NaN",
            "Infinity",
            "-Infinity",
            "1e999999999999999999999",
            "0.5",
            "4",
            "85%",
            "1e-14%",
            "0,9",
            "12,500",
        ]
    ),
)
NUMBER = st.one_of(
    NUMBER_TEXT.filter(lambda t: not t.startswith("+")).map(lambda t: ("literal", t)),
    st.decimals(allow_nan=True, allow_infinity=True).map(lambda d: ("value", d)),
    st.integers().map(lambda i: ("value", i)),
    st.floats().map(lambda f: ("value", f)),
)


def _json_value(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(HOSTILE_TEXT, inner, max_size=3)), max_leaves=6)


LEAF = st.one_of(st.none(), st.booleans(), HOSTILE_TEXT, NUMBER_TEXT.map(lambda t: ("literal", t)))


@st.composite
def agency_entries(draw: st.DrawFn) -> dict[str, Any]:
    """One agency of a data document: mostly well formed, with hostile parts."""
    entry: dict[str, Any] = {
        "id": draw(st.one_of(st.sampled_from(["so-noi-vu", "so-tai-chinh", "xa-hoa-bac"]), HOSTILE_TEXT, LEAF)),
        "group": draw(st.one_of(st.sampled_from(["department", "commune"]), HOSTILE_TEXT)),
    }
    if draw(st.booleans()):
        entry["name"] = draw(st.one_of(HOSTILE_TEXT, LEAF))
    values = {}
    for indicator in draw(st.lists(st.sampled_from(INDICATORS), max_size=3)):
        values[indicator] = draw(st.one_of(LEAF, st.dictionaries(st.sampled_from(["agency", "verification", "records", "x"]), LEAF, max_size=2)))
    entry["values"] = values if draw(st.integers(0, 5)) else draw(_json_value(LEAF))
    if draw(st.booleans()):
        entry["claims"] = draw(st.dictionaries(st.sampled_from(["1.3", "2.1", "1.1", "9.9"]), st.one_of(HOSTILE_TEXT, LEAF), max_size=2))
    if draw(st.integers(0, 9)) == 0:
        entry[draw(HOSTILE_TEXT)] = draw(LEAF)
    return entry


def _literal(value: Any) -> str:
    """JSON text of *value*, with ("literal", text) leaves written as raw number text."""
    if isinstance(value, tuple):
        return value[1]
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


@st.composite
def json_documents(draw: st.DrawFn) -> str:
    """The text of a JSON data document: hostile entries, and sometimes deep, wide, repeated or truncated."""
    agencies = draw(st.lists(agency_entries(), max_size=3))
    text = '{"agencies": [' + ", ".join(_literal(a) for a in agencies) + "]}"
    shape = draw(st.integers(0, 9))
    if shape == 0:
        depth = draw(st.sampled_from([31, 32, 33, 40, 1500, 100_000]))
        text = text.replace('{"agencies": [', '{"agencies": [' + "[" * depth + "]" * depth + ", ", 1)
    elif shape == 1:
        text = text[: draw(st.integers(0, len(text)))]
    elif shape == 2:
        text = text.replace('"id"', '"id": "x", "id"', 1)
    elif shape == 3:
        text = '{"agencies": [' + ", ".join([f'{{"id": "a{i}", "group": "department"}}' for i in range(draw(st.integers(0, 300)))]) + "]}"
    return text


def _json_cells(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _json_cells(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_cells(v)
    elif isinstance(value, str):
        yield value


# --- Reading back what the writers wrote -------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _neutralised(text: str) -> str:
    """*text* as docs say a CSV report writes it: with a leading apostrophe when a spreadsheet would run it as a formula."""
    return f"'{text}" if text[:1] in FORMULA_START else text


def check_writers(assessment: Assessment, *, xlsx: bool) -> None:
    """Every writer's output of *assessment* reads back: the agencies' ids and names are found in it, unchanged."""
    people = [(s.agency, s.name) for s in assessment.scores]
    # JSON: parses, and holds each id and name exactly.
    doc = json.loads(to_json(assessment).encode("utf-8").decode("utf-8"))
    assert sorted((a["id"], a["name"]) for a in doc["agencies"]) == sorted(people)
    # CSV: parses; the id and name columns give back the text (with an apostrophe guarding a formula).
    rows = list(csv.DictReader(io.StringIO(to_csv(assessment).encode("utf-8").decode("utf-8"), newline="")))
    assert sorted((r["agency"], r["name"]) for r in rows) == sorted((_neutralised(a), _neutralised(n)) for a, n in people)
    # Markdown: each name (the page shows names, not ids) is on it, once its escaping is undone.
    markdown = to_markdown(assessment, lang="en").encode("utf-8").decode("utf-8")
    unescaped = html.unescape(markdown.replace("\\|", "|").replace("\\\\", "\\"))
    for _, name in people:
        assert name in unescaped
    # HTML: parses, and each name is in its text.
    page = _Text()
    page.feed(to_html(assessment, lang="en").encode("utf-8").decode("utf-8"))
    text = "".join(page.parts)
    for _, name in people:
        assert name in text
    if xlsx:
        openpyxl = pytest.importorskip("openpyxl")
        out = io.BytesIO()
        to_xlsx(assessment, out)
        out.seek(0)
        book = openpyxl.load_workbook(out, read_only=True)
        cells = {v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)}
        book.close()
        for agency, name in people:
            assert {agency, name} <= cells


def refused_or_scored(read: Any) -> Assessment | None:
    """Read and score; a refusal must be the library's own error. The assessment, or None when refused."""
    try:
        submissions = read()
        return score(RULESET, submissions)
    except IndicatorIndexError as exc:
        str(exc).encode("utf-8")  # the message can be printed
        return None


# --- Seeded generators: thousands of documents at little cost -----------------
#
# Hypothesis draws a seeded ``random.Random`` (derandomised under the ci profile); each example then
# generates a batch of documents from it. A failure names the example's seed and the document.

SPECIAL = ["", " ", "\ufeff", "\u200b", "\u200d", "\u00a0", "x\n", "a\tb", "=1+1", "+1", "-x", "@SUM(A1)", "a|b", "<b>&amp;", "\\", '"', "'", "#", ",", ";"]
SPECIAL += ["Sở Nội vụ", "Đà Nẵng", "\ud800", "\udfff", "\x00", "\x7f", "\u2028", "\ufffe", "\U0010ffff", "🙂", "e\u0301", "so-noi-vu", "department", "commune"]
NUMBERS = ["1e1000000", "-1e1000000", "1e-1000000", "0E+1000000", "1e999999999999999999999", "0e99999999999999999999", "NaN", "Infinity", "-Infinity"]
NUMBERS += [
    "0.5",
    "0",
    "-0",
    "4",
    "3.0",
    "1e15",
    "999999999999999",
    "1e-15",
    "1e-16",
    "85%",
    "1e-14%",
    "0,9",
    "12,500",
    "1_000",
    "0x10",
    "",
    "có",
    "university",
]


def _random_text(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.35:
        return rng.choice(SPECIAL)
    size = rng.randrange(0, 9)
    if pick < 0.6:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(size))  # any code point, lone surrogates included
    if pick < 0.8:
        return "".join(chr(rng.randrange(0x20, 0x7F)) for _ in range(size))
    return rng.choice(SPECIAL) + rng.choice(SPECIAL)


def _random_number(rng: random.Random) -> str:
    """Number text as a file holds it: any sign, digit count and exponent."""
    pick = rng.random()
    if pick < 0.3:
        return rng.choice(NUMBERS)
    digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([1, 2, 3, 16, 41, 80, 5000]) if pick < 0.5 else rng.randrange(1, 4)))
    fraction = "" if rng.random() < 0.5 else "." + "".join(rng.choice("0123456789") for _ in range(rng.choice([1, 2, 15, 16, 40, 60])))
    exponent = "" if rng.random() < 0.6 else f"e{rng.choice(['', '-', '+'])}{rng.choice([1, 14, 15, 16, 999999, 1000000, 10**18, 10**25])}"
    return f"{rng.choice(['', '', '-'])}{digits.lstrip('0') or '0'}{fraction}{exponent}"


def _random_scalar(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.45:
        number = _random_number(rng)
        return (
            number
            if rng.random() < 0.6
            and number not in ("", "có", "university")
            and "%" not in number
            and "," not in number
            and "_" not in number
            and "x" not in number
            else json.dumps(number)
        )
    if pick < 0.8:
        return json.dumps(_random_text(rng))
    return rng.choice(["true", "false", "null", "[]", "{}"])


def _random_value(rng: random.Random, depth: int = 0) -> str:
    if depth > 3 or rng.random() < 0.75:
        return _random_scalar(rng)
    if rng.random() < 0.5:
        return "[" + ", ".join(_random_value(rng, depth + 1) for _ in range(rng.randrange(4))) + "]"
    return "{" + ", ".join(f"{json.dumps(_random_text(rng))}: {_random_value(rng, depth + 1)}" for _ in range(rng.randrange(4))) + "}"


_GOOD_VALUES = '"computer_share": 0.9, "meetings": 4, "bandwidth": 20, "network": true, "degree": "university"'
GOOD_ENTRIES = [
    '{"id": "so-noi-vu", "name": "Sở Nội vụ", "group": "department", "values": {' + _GOOD_VALUES + "}}",
    '{"id": "xa-hoa-bac", "name": "Xã Hòa Bắc", "group": "commune", "values": {' + _GOOD_VALUES + ', "teams": 3}}',
]
FIELDS = ["computer_share", "meetings", "bandwidth", "network", "degree", "teams"]


def _agency(rng: random.Random, number: int) -> str:
    """A third agency: valid values, some of them replaced by hostile ones, hostile text in its fields."""
    values = {"computer_share": "0.5", "meetings": "3", "bandwidth": "10", "network": "false", "degree": '"college"'}
    for _ in range(rng.choice([0, 0, 1, 2])):
        key = rng.choice([*FIELDS, _random_text(rng)])
        values[key] = _random_value(rng) if rng.random() < 0.5 else _random_number(rng) if rng.random() < 0.5 else json.dumps(_random_number(rng))
        if rng.random() < 0.2:
            values[key] = "{" + ", ".join(f"{json.dumps(s)}: {_random_scalar(rng)}" for s in rng.sample(["agency", "verification", "records", "x"], 2)) + "}"
    fields = {
        "id": json.dumps(f"so-tai-chinh-{number}" if rng.random() < 0.7 else _random_text(rng)),
        "name": json.dumps("Sở Tài chính" if rng.random() < 0.4 else _random_text(rng)),
        "group": json.dumps(rng.choice(["department", "department", "department", "commune", _random_text(rng)])),
        "values": "{" + ", ".join(f"{json.dumps(k)}: {v or 'null'}" for k, v in values.items()) + "}",
    }
    if rng.random() < 0.3:
        fields["claims"] = "{" + f"{json.dumps(rng.choice(['1.3', '2.1', '1.1', _random_text(rng)]))}: {json.dumps(_random_text(rng))}" + "}"
    if rng.random() < 0.1:
        fields[_random_text(rng)] = _random_value(rng)
    if rng.random() < 0.1:
        fields[rng.choice(list(fields))] = _random_value(rng)
    return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in fields.items()) + "}"


def random_document(rng: random.Random) -> str:
    """The text of a JSON data document: usually the valid cohort plus a hostile agency; sometimes deep, wide, repeated, cut short or empty."""
    shape = rng.random()
    agencies = [*GOOD_ENTRIES, *(_agency(rng, i) for i in range(rng.randrange(1, 3)))]
    if shape < 0.05:
        depth = rng.choice([31, 32, 33, 40, 1500, 50_000])
        agencies.insert(rng.randrange(len(agencies) + 1), "[" * depth + "]" * depth)
    elif shape < 0.08:
        agencies = [f'{{"id": "a{i}", "group": "department"}}' for i in range(rng.choice([0, 1, 400]))]
    elif shape < 0.12:
        agencies = [_random_value(rng) for _ in range(rng.randrange(3))]
    text = '{"agencies": [' + ", ".join(agencies) + "]}"
    if 0.12 <= shape < 0.15:
        text = text[: rng.randrange(len(text))]
    elif 0.15 <= shape < 0.18:
        text = text.replace('"group"', '"group": "commune", "group"', 1)
    return text


TABLE_HEADERS = [
    "id",
    "name",
    "group",
    *FIELDS,
    "evidence:meetings",
    "claim:1.3",
    "claim:2.1",
    "meetings@verification",
    "#note",
    "",
    "agency",
    "indicator",
    "value",
    "source",
    "evidence",
]


def random_table(rng: random.Random) -> list[list[str]]:
    """A table in the wide or long layout, mostly well formed, with hostile headers and cells, some rows wider than the header."""
    if rng.random() < 0.7:
        header = ["id", "name", "group", "computer_share", "meetings", "bandwidth", "network", "degree"]
        rows = [
            ["so-noi-vu", "Sở Nội vụ", "department", "0.9", "4", "20", "có", "university"],
            ["so-tai-chinh", "Sở Tài chính", "department", "0.5", "3", "10", "không", "college"],
        ]
        if rng.random() < 0.3:
            header += ["claim:1.3", "evidence:meetings"]
            rows = [[*row, _random_text(rng), _random_text(rng)] for row in rows]
    else:
        header = [rng.choice(TABLE_HEADERS) if rng.random() < 0.8 else _random_text(rng) for _ in range(rng.randrange(1, 7))]
        rows = [[_random_text(rng) for _ in header] for _ in range(rng.randrange(4))]
    for _ in range(rng.randrange(4)):
        if rows:
            row = rng.choice(rows)
            column = rng.randrange(len(row) + 2)
            cell = _random_number(rng) if rng.random() < 0.5 else _random_text(rng)
            if column < len(row):
                row[column] = cell
            else:
                row.append(cell)
    if rng.random() < 0.05:
        rows = []
    return [header, *rows]


def _csv_bytes(table: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode("utf-8", "surrogatepass")  # a lone surrogate makes the file invalid UTF-8, as a broken export would


TEXT_FIELDS = ("agency", "name", "group", "evidence", "claim", "reference")


def _with_text(field: str, text: str) -> tuple[dict[str, Any], Submission]:
    """A third agency as a JSON entry and as a Submission, with *text* in *field*."""
    entry: dict[str, Any] = {
        "id": "so-tai-chinh",
        "name": "Sở Tài chính",
        "group": "department",
        "values": {**_entry(GOOD_SUBS[0])["values"], "computer_share": "0.5"},
    }
    reference = "data.csv:4"
    claims: dict[str, str] = {}
    if field == "agency":
        entry["id"] = text
    elif field == "name":
        entry["name"] = text
    elif field == "group":
        entry["group"] = text
    elif field == "evidence":
        claims = {"1.3": text}
        entry["claims"] = claims
    elif field == "claim":
        claims = {text: "Công văn 12"}
        entry["claims"] = claims
    else:
        reference = text
    values = {**dict(GOOD_SUBS[0].values), "computer_share": [Figure(value=Decimal("0.5"), reference=reference)]}
    sub = Submission(agency=entry["id"], group=entry["group"], name=entry["name"], values=values, claims=claims)
    return entry, sub


def _entry(sub: Submission) -> dict[str, Any]:
    return {
        "id": sub.agency,
        "name": sub.name,
        "group": sub.group,
        "values": {k: (v[0].value if not isinstance(v[0].value, Decimal) else str(v[0].value)) for k, v in sub.values.items()},
    }


# --- Properties ---------------------------------------------------------------


def test_the_generators_reach_the_writers() -> None:
    """The documents are not all refused: enough are scored for the writers' read-back to be tested."""
    rng = random.Random(0)  # noqa: S311 - test data, not secrets
    scored = sum(score_json(RULESET, random_document(rng))["format"] == "indicator-index/assessment" for _ in range(400))
    assert scored >= 20
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.csv"
        tables = 0
        for _ in range(100):
            path.write_bytes(_csv_bytes(random_table(rng)))
            tables += refused_or_scored(lambda: read_submissions(path, RULESET)) is not None
    assert tables >= 10
    for field, text in [("agency", "so-tai-chinh"), ("name", "=1+1"), ("group", "department"), ("evidence", "CV 1"), ("claim", "1.3"), ("reference", "x")]:
        entry, sub = _with_text(field, text)
        score(RULESET, submissions_from_dict({"agencies": [*map(_entry, GOOD_SUBS), entry]}, ruleset=RULESET))
        score(RULESET, (*GOOD_SUBS, sub))


class TestJsonDocuments:
    """JSON text, as a portal payload and as a file."""

    @budget(400, shrink=False)
    @given(st.randoms(use_true_random=False))
    def test_score_json_answers_a_json_document(self, rng: random.Random) -> None:
        """20 documents an example: score_json never raises, answers UTF-8-encodable JSON, and a scored document reads back from the text writers."""
        for _ in range(20):
            text = random_document(rng)
            doc = score_json(RULESET, text)
            assert doc["format"] in ("indicator-index/assessment", "indicator-index/error"), text[:500]
            json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")
            if doc["format"] == "indicator-index/assessment":
                data = parse_json(text, "<doc>")  # the library's parser, as score_json reads the text
                assert isinstance(data, dict)
                check_writers(score(RULESET, submissions_from_dict(data, ruleset=RULESET)), xlsx=False)

    @budget(60, shrink=False)
    @given(st.randoms(use_true_random=False))
    def test_file_reader_agrees_with_score_json(self, rng: random.Random) -> None:
        """10 documents an example, as files: refused exactly when the payload is, with the same problems."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "a.json"
            for _ in range(10):
                text = random_document(rng)
                path.write_bytes(text.encode("utf-8", "surrogatepass"))
                doc = score_json(RULESET, text, source=str(path), lang="en")  # compared with the English messages
                try:
                    score(RULESET, read_submissions(path, RULESET))
                except IndicatorIndexError as exc:
                    if not any(0xD800 <= ord(c) < 0xE000 for c in text):  # a raw lone surrogate is not UTF-8 in a file
                        shown = [p["message"] for p in doc["error"]["problems"]]  # a long list is cut short in the document
                        assert [p.message for p in exc.problems][: len(shown)] == shown, text[:500]
                else:
                    assert doc["format"] == "indicator-index/assessment", text[:500]

    @budget(100)
    @given(json_documents())
    @example('{"agencies": [{"id": "a", "group": "department", "values": {"meetings": 1e1000000}}]}')
    @example('{"agencies": [{"id": "a", "group": "department", "values": {"meetings": ' + "9" * 5000 + "}}]}")
    @example('{"agencies": [{"id": "a", "group": "department", "values": {"meetings": 0e1000000000000000000}}]}')
    @example('{"agencies": ' + "[" * 5000 + "]" * 5000 + "}")
    def test_structured_documents(self, text: str) -> None:
        """Documents Hypothesis builds and shrinks: score_json answers an encodable document, from text and from UTF-8 bytes alike."""
        doc = score_json(RULESET, text)
        assert doc["format"] in ("indicator-index/assessment", "indicator-index/error")
        json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")
        assert score_json(RULESET, text.encode("utf-8", "surrogatepass"))["format"] == doc["format"]


class TestNumbers:
    """Hostile numbers at the Python entry points: Submission, score, the batch path."""

    @budget(300)
    @given(st.sampled_from(["computer_share", "meetings", "bandwidth", "teams"]), NUMBER)
    @example("meetings", ("value", Decimal("1e1000000")))
    @example("bandwidth", ("value", 10**5000))
    @example("computer_share", ("literal", "1e999999999999999999999"))
    def test_refused_or_within_the_limits(self, indicator: str, number: tuple[str, Any]) -> None:
        """Refused with ScoringError by score and score_totals alike, or scored with the value within the limits."""
        kind, raw = number
        if kind == "literal":  # number text as a Python caller might pass it: a Decimal where it is one
            raw = _decimal(raw) if _NUMBER.fullmatch(raw) else raw
        subs = (*GOOD_SUBS, Submission(agency="so-tai-chinh", group="department", values={**dict(GOOD_SUBS[0].values), indicator: raw}))
        try:
            result = score(RULESET, subs)
        except ScoringError as refused:
            with pytest.raises(ScoringError) as batch:
                score_totals(RULESET, subs)
            assert [p.message for p in batch.value.problems] == [p.message for p in refused.problems]
            return
        batch = score_totals(RULESET, subs)
        assert {a: batch.for_agency(a)[0] for a in batch.agencies} == {s.agency: s.total for s in result.scores}
        for criterion in result.score_for("so-tai-chinh").criteria:
            for used in criterion.inputs:
                if isinstance(used.value, Decimal):
                    assert used.value == 0 or Decimal("1e-15") <= abs(used.value) < Decimal("1e15")


class TestTextFields:
    """Any Unicode text in any text field of a submission is refused with the library's error, or round-trips through every writer."""

    @budget(300)
    @given(st.sampled_from(TEXT_FIELDS), HOSTILE_TEXT)
    @example("agency", "a\ud800")
    @example("name", '=HYPERLINK("http://x")')
    @example("name", "a|b\\c<d>&e")
    @example("evidence", "\u200b")
    def test_refused_or_round_trips(self, field: str, text: str) -> None:
        """Through the JSON reader and as a Submission: DataError or ScoringError, or every text writer reads it back."""
        entry, sub = _with_text(field, text)
        reads = {"json": lambda: submissions_from_dict({"agencies": [*map(_entry, GOOD_SUBS), entry]}, ruleset=RULESET), "python": lambda: (*GOOD_SUBS, sub)}
        for path, read in reads.items():
            try:
                assessment = score(RULESET, read())
            except (DataError, ScoringError) as exc:
                str(exc).encode("utf-8")
                continue
            check_writers(assessment, xlsx=False)
            if field == "reference" and text and path == "python":  # a JSON document cannot set a reference
                assert text in set(_json_cells(json.loads(to_json(assessment))))

    @budget(20)
    @given(st.sampled_from(("agency", "name")), HOSTILE_TEXT)
    @example("name", "=1+1")
    def test_xlsx_report_reads_back(self, field: str, text: str) -> None:
        """The XLSX report too (slow: a workbook is written and read for each example)."""
        entry, _ = _with_text(field, text)
        try:
            assessment = score(RULESET, submissions_from_dict({"agencies": [*map(_entry, GOOD_SUBS), entry]}, ruleset=RULESET))
        except (DataError, ScoringError):
            return
        check_writers(assessment, xlsx=True)


class TestTables:
    """CSV text and XLSX sheets of any shape and content."""

    @budget(100, shrink=False)
    @given(st.randoms(use_true_random=False))
    def test_csv(self, rng: random.Random) -> None:
        """10 tables an example: refused with the library's error or scored; a scored table's report reads back from the text writers."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "a.csv"
            for _ in range(10):
                path.write_bytes(_csv_bytes(random_table(rng)))
                assessment = refused_or_scored(lambda: read_submissions(path, RULESET))
                if assessment is not None:
                    check_writers(assessment, xlsx=False)

    @budget(30, shrink=False)
    @given(st.randoms(use_true_random=False), st.integers(0, 3))
    def test_xlsx(self, rng: random.Random, shape: int) -> None:
        """The same tables as workbooks, sometimes reaching column XFD or row 100,000, or holding a formula with no saved value."""
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        for row in random_table(rng):
            sheet.append(["".join(ch for ch in c if ch.isprintable() and not 0xD800 <= ord(ch) < 0xE000) for c in row])  # what a cell can hold
        if shape == 1:
            sheet.cell(row=2, column=16384, value="x")
        elif shape == 2:
            sheet.cell(row=100_000, column=1, value="#")
        elif shape == 3:
            sheet.cell(row=2, column=4, value="=A1")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "a.xlsx"
            book.save(path)
            assessment = refused_or_scored(lambda: read_submissions(path, RULESET))
        if assessment is not None:
            check_writers(assessment, xlsx=True)
