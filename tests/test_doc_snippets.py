"""
The ```` ```python ```` blocks of the documentation pages and the README, run.

The doctest pages (scoring, tutorial, explain, data, ...) run inside the Sphinx
doctest build; these are the plain code blocks, which show a whole program
rather than a session. Each is executed as the page prints it; only what a
page deliberately leaves to the reader (a web server's ``respond``, a request
body, the README's elided values, a filled spreadsheet) is supplied here, and
what each block promises is asserted on what it left behind.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import indicator_index as ii


ROOT = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks(page: str) -> list[str]:
    """The ```` ```python ```` blocks of *page*, a path relative to the repository."""
    return _BLOCK.findall((ROOT / page).read_text(encoding="utf-8"))


def run(code: str, namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute *code* (a documentation block) in a fresh namespace and return it."""
    namespace = {"__name__": "doc_snippet", **(namespace or {})}
    exec(compile(code, "<docs>", "exec"), namespace)  # noqa: S102 - the documented code is the thing tested
    return namespace


def test_every_python_block_is_covered() -> None:
    """A new ```` ```python ```` block in a page makes this test fail until it is run here too."""
    counts = {page: len(blocks(page)) for page in PAGES}
    assert counts == PAGES
    documented = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md") if _BLOCK.search(p.read_text(encoding="utf-8"))}
    assert documented | {"README.md"} == set(PAGES)


PAGES = {
    "README.md": 1,
    "docs/api.md": 1,
    "docs/data.md": 1,
    "docs/output-json.md": 1,
    "docs/performance.md": 1,
    "docs/portal.md": 4,
}


def test_readme() -> None:
    """The README's library example scores the bundled example ruleset (the elided values filled in)."""
    sample = next(s for s in ii.read_submissions("example-2024") if s.group == "department")
    code = blocks("README.md")[0].replace("values={...}", "values=VALUES")
    out = io.StringIO()
    ns = run(code, {"VALUES": {k: v[0].value for k, v in sample.values.items()}, "print": lambda *a: print(*a, file=out)})
    (only,) = ns["assessment"].scores
    assert only.status == "scored"
    assert out.getvalue() == f"department 1 Sở Nội vụ {only.total} {only.band}\n"
    assert only.total == ii.score(ns["ruleset"], [sample]).scores[0].total


def test_api_page() -> None:
    """The API page's import works."""
    assert run(blocks("docs/api.md")[0])["ii"] is ii


def test_data_page_reads_a_filled_template(tmp_path: Path) -> None:
    """A filled XLSX template, read through pandas as docs/data.md shows, scores as the agencies' own values do."""
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("pandas")
    from indicator_index._template import FIRST_DATA_ROW

    ruleset = ii.load_ruleset("danang-448-2022")
    wards = [a for a in _sample_json()["agencies"] if a["group"] == "ward"][:4]
    path = tmp_path / "communes.xlsx"
    ii.write_template(ruleset, path, group="ward", rows=10)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    column = {c.value: c.column for c in sheet[1]}
    direct = []
    for row, agency in enumerate(wards, start=FIRST_DATA_ROW):
        values = {k: (v["agency"] if isinstance(v, dict) else v) for k, v in agency["values"].items()}
        sheet.cell(row=row, column=column["id"], value=agency["id"])
        sheet.cell(row=row, column=column["name"], value=agency["name"])
        sheet.cell(row=row, column=column["parent"], value=agency["parent"])  # wards are ranked within their district
        for name, value in values.items():
            typed = value if isinstance(value, str) else ("có" if value else "không") if isinstance(value, bool) else value
            sheet.cell(row=row, column=column[name], value=typed)
        direct.append(ii.Submission(agency=agency["id"], group="ward", name=agency["name"], values=values, parent=agency["parent"]))
    book.save(path)
    others = [s for s in ii.read_submissions("danang-2021") if s.agency not in {a["id"] for a in wards}]

    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        ns = run(blocks("docs/data.md")[0], {"ii": ii, "ruleset": ruleset})
    finally:
        os.chdir(cwd)
    got = ns["submissions"]
    assert [s.agency for s in got] == [a["id"] for a in wards]
    from_frame = ii.score(ruleset, [*others, *got])
    expected = ii.score(ruleset, [*others, *direct])
    assert [(s.agency, s.total, s.band, s.rank) for s in from_frame.scores] == [(s.agency, s.total, s.band, s.rank) for s in expected.scores]


def test_output_json_page() -> None:
    """Both ways of getting the JSON Schema give the same document."""
    ns = run(blocks("docs/output-json.md")[0])
    assert json.loads(ns["text"]) == ns["schema"]
    assert ns["schema"]["$schema"].startswith("https://json-schema.org/")


def test_performance_page() -> None:
    """The batch-path example runs and agrees with the traced path, variant by variant."""
    out = io.StringIO()
    ns = run(blocks("docs/performance.md")[0], {"print": lambda *a: print(*a, file=out)})
    ruleset = ii.load_ruleset("danang-448-2022")
    subs = ii.read_submissions("danang-2021")
    traced = ii.score(ruleset, subs).score_for("quan-lien-chieu")
    assert ns["scorer"].totals(ns["cohort"]).for_agency("quan-lien-chieu") == (traced.total, traced.band, traced.rank)
    lines = out.getvalue().splitlines()
    assert len(lines) == 6
    for n, line in enumerate(lines):
        changed = [s if s.agency != "quan-lien-chieu" else _with(s, steering_meetings=n) for s in subs]
        again = ii.score(ruleset, changed).score_for("quan-lien-chieu")
        assert line.startswith(repr((again.total, again.band, again.rank)))


def _with(sub: ii.Submission, **values: object) -> ii.Submission:
    import attrs

    return attrs.evolve(sub, values={**{k: v for k, v in sub.values.items()}, **values})


def test_portal_page_snippets() -> None:
    """The three short portal snippets: load once, a schema per group, score a request body."""
    first, second, third, _ = blocks("docs/portal.md")
    ns = run(first)
    ns = run(second, ns)
    assert ns["schema"]["type"] == "object"
    responses: list[tuple[int, dict[str, Any]]] = []
    good = (ROOT / "samples" / "danang-2021.json").read_bytes()
    for body in (good, b"{not json"):
        run(third, {**ns, "request_body": body, "respond": lambda status, result: responses.append((status, result))})
    assert [status for status, _ in responses] == [200, 422]
    assert responses[0][1]["format"] == "indicator-index/assessment"
    assert responses[1][1]["error"]["problems"]


def test_portal_wsgi_app() -> None:
    """The whole WSGI example, without its last line (serving forever), answers GET /schema/<group> and POST /score."""
    code = blocks("docs/portal.md")[3]
    assert code.rstrip().endswith(".serve_forever()")
    ns = run(code.rstrip().rsplit("\n", 1)[0])
    app = ns["app"]

    stream = _CountingStream(b"")

    def call(method: str, path: str, body: bytes = b"", *, length: str | None = None, kind: str | None = "application/json") -> tuple[str, dict[str, Any]]:
        nonlocal stream
        seen: list[str] = []
        stream = _CountingStream(body)
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(body)) if length is None else length, "wsgi.input": stream}
        if kind is not None:
            environ["CONTENT_TYPE"] = kind
        chunks = app(environ, lambda status, headers: seen.append(status))
        return seen[0], json.loads(b"".join(chunks))

    status, doc = call("GET", "/schema/ward")
    assert status == "200 OK" and doc["type"] == "object"
    status, doc = call("GET", "/schema/nowhere")
    assert status.startswith("404") and "nowhere" in doc["error"]["message"]
    status, doc = call("POST", "/score", (ROOT / "samples" / "danang-2021.json").read_bytes())
    assert status == "200 OK", doc
    ruleset = ii.load_ruleset("danang-448-2022")
    expected = ii.score(ruleset, ii.read_submissions("danang-2021"))
    assert doc["format"] == "indicator-index/assessment"
    totals = {a["id"]: Decimal(a["total"]) for a in doc["agencies"]}
    assert totals == {s.agency: s.total for s in expected.scores}
    status, doc = call("POST", "/score", b'{"submissions": [{"agency": 1}]}')
    assert status.startswith("422") and doc["error"]["problems"]
    status, _ = call("DELETE", "/score")
    assert status.startswith("400")
    # The request is checked before a byte of the body is read: length, then size, then type.
    good = (ROOT / "samples" / "danang-2021.json").read_bytes()
    status, doc = call("POST", "/score", good, kind="application/json; charset=utf-8")
    assert status == "200 OK" and stream.read_bytes == len(good)
    for length, expected in (("", "411"), ("-1", "400"), ("abc", "400"), ("1e3", "400"), (" 12", "400"), ("٣", "400"), ("9" * 5000, "413")):
        status, doc = call("POST", "/score", good, length=length)
        assert status.startswith(expected), (length, status)
        assert doc["error"]["message"] and stream.read_bytes == 0
    status, doc = call("POST", "/score", b"x" * (ns["MAX_BODY"] + 1))
    assert status.startswith("413") and stream.read_bytes == 0
    assert "8,388,608 bytes" in doc["error"]["message"]
    status, doc = call("POST", "/score", b" " * ns["MAX_BODY"] + b"{}", length=str(ns["MAX_BODY"]).zfill(40))
    assert status.startswith("422") and stream.read_bytes == ns["MAX_BODY"], "leading zeros are a number like any other"
    for kind in (None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        status, doc = call("POST", "/score", good, kind=kind)
        assert status.startswith("415") and stream.read_bytes == 0, kind


class _CountingStream(io.BytesIO):
    """A request body that remembers how many bytes the app read from it."""

    def __init__(self, body: bytes) -> None:
        super().__init__(body)
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def _sample_json() -> Any:
    return json.loads((ROOT / "samples" / "danang-2021.json").read_text(encoding="utf-8"))
