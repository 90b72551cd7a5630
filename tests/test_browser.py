"""
The HTML report in a real browser, printed.

Debian's ``chromium`` renders the report headless, with every host name mapped
to nothing, no proxy and a NetLog of every request: the screenshot is not
blank, the page asks for nothing outside its own file, an agency's breakdown
(a ``<details>``) expands, and ``--print-to-pdf`` gives an A4 PDF (595 × 842
pt, read with ``pdfinfo``) whose pages carry the ruleset's id and hash, start
each group on a page of its own, and render (``pdftoppm``) to non-blank images.

Needs ``chromium`` and ``poppler-utils`` (``apt-get install chromium
poppler-utils``). Without them the tests are skipped on a developer's machine;
in CI (``INDICATOR_INDEX_REQUIRE_DOCS=1``) a skip is a failure, see
``tests/conftest.py``. Screenshots are decoded here (PNG: zlib and the five
row filters), so nothing beyond the test extras is needed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np  # comes with pandas, a test extra
import pytest

from indicator_index import load_ruleset, read_submissions, score, to_html
from indicator_index._cli import main
from indicator_index._model import Assessment


TOOLS = ("chromium", "pdfinfo", "pdftoppm", "pdftotext")
TIMEOUT = 120  # seconds, for every subprocess
WIDTH, HEIGHT = 800, 2400  # a window tall enough for the rankings and the first agency's breakdown
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy")
LOCAL_SCHEMES = ("file:", "data:", "about:", "chrome:", "chrome-extension:", "blob:")


# --- Tools ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    """The paths of chromium and the poppler tools; skipped (a failure in CI) when one is missing."""
    found = {name: shutil.which(name) for name in TOOLS}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}: apt-get install chromium poppler-utils")
    return {name: path for name, path in found.items() if path is not None}


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a tool with a timeout and no proxy in its environment."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARIABLES}
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, check=False, env=env)  # noqa: S603


def chromium(tools: dict[str, str], page: Path, work: Path, *action: str) -> Path:
    """
    Open *page* in headless chromium with the network blocked and do *action*
    (``--screenshot=...`` or ``--print-to-pdf=...``); return the NetLog it wrote.
    """
    netlog = work / f"{page.stem}-{len(list(work.glob('*.netlog.json')))}.netlog.json"
    args = [
        tools["chromium"],
        "--headless",
        "--no-sandbox",  # as root in a container there is no sandbox to start
        "--disable-gpu",
        f"--user-data-dir={work / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # every host name resolves to nothing
        "--no-proxy-server",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        f"--log-net-log={netlog}",
        f"--window-size={WIDTH},{HEIGHT}",
        *action,
        page.as_uri(),
    ]
    result = _run(args)
    assert result.returncode == 0, result.stderr[-3000:]
    return netlog


def page_requests(netlog: Path) -> list[str]:
    """
    The URLs the page itself asked for, from a NetLog: requests whose
    initiator is an origin (the browser's own background requests, which the
    host rules block anyway, have none), outside the local schemes.
    """
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        url = params.get("url")
        if event["type"] != start or url is None or params.get("initiator") == "not an origin":
            continue
        if not url.startswith(LOCAL_SCHEMES):
            urls.append(url)
    return urls


def read_png(path: Path) -> Any:
    """The pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what chromium writes), as a height × width × 3 array."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0) and colour in (2, 6), (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    image = np.zeros((height, stride), dtype=np.int64)
    prev = np.zeros(stride, dtype=np.int64)
    for y in range(height):
        kind_of_filter = raw[y * (stride + 1)]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=y * (stride + 1) + 1).astype(np.int64)
        if kind_of_filter == 0:  # None
            row = line
        elif kind_of_filter == 1:  # Sub: a running sum along the row, per channel
            row = np.cumsum(line.reshape(width, bpp), axis=0).reshape(-1) % 256
        elif kind_of_filter == 2:  # Up
            row = (line + prev) % 256
        else:  # Average and Paeth depend on the pixel just decoded: one byte at a time
            out, filtered, above = bytearray(stride), line.tolist(), prev.tolist()
            for i in range(stride):
                a = out[i - bpp] if i >= bpp else 0
                b = above[i]
                if kind_of_filter == 3:
                    predictor = (a + b) >> 1
                else:
                    c = above[i - bpp] if i >= bpp else 0
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
                out[i] = (filtered[i] + predictor) & 0xFF
            row = np.frombuffer(bytes(out), dtype=np.uint8).astype(np.int64)
        image[y] = row
        prev = row
    return image.reshape(height, width, bpp)[:, :, :3].astype(np.uint8)


def ink(pixels: Any, threshold: int = 200) -> float:
    """The share of pixels with a channel darker than *threshold* (0 for a blank page)."""
    return float((pixels.min(axis=-1) < threshold).mean())


def read_pgm(path: Path) -> Any:
    """The pixels of a binary greyscale PGM (``pdftoppm -gray``), as a height × width array."""
    data = path.read_bytes()
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert fields is not None, f"{path} is not an 8-bit binary PGM"
    width, height = int(fields.group(1)), int(fields.group(2))
    return np.frombuffer(data, dtype=np.uint8, count=width * height, offset=fields.end()).reshape(height, width)


# --- The report -------------------------------------------------------------------


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    """The bundled example: two groups of three agencies."""
    ruleset = load_ruleset("example-2024")
    return score(ruleset, read_submissions("example-2024", ruleset))


@pytest.fixture(scope="module")
def city() -> Assessment:
    """Decision 448 over the sample city: five groups, 90-odd agencies, a real appendix."""
    ruleset = load_ruleset("danang-448-2022")
    return score(ruleset, read_submissions("danang-2021", ruleset))


@pytest.fixture(scope="module")
def pages(assessment: Assessment, city: Assessment, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Vietnamese report, a copy in which the first agency's breakdown is open, and the city's report."""
    folder = tmp_path_factory.mktemp("report")
    report = to_html(assessment, "vi")
    assert report.count("<details>") == len(assessment.scores)
    opened = report.replace("<details>", "<details open>", 1)
    paths = {"closed": folder / "report.html", "open": folder / "report-open.html", "city": folder / "city.html"}
    paths["closed"].write_text(report, encoding="utf-8")
    paths["open"].write_text(opened, encoding="utf-8")
    paths["city"].write_text(to_html(city, "vi"), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def shots(tools: dict[str, str], pages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Screenshots of both pages (decoded) and the NetLog of the first."""
    work = tmp_path_factory.mktemp("shots")
    out: dict[str, Any] = {}
    for name in ("closed", "open"):
        page = pages[name]
        png = work / f"{name}.png"
        netlog = chromium(tools, page, work, f"--screenshot={png}")
        out[name] = read_png(png)
        out[f"{name}-netlog"] = netlog
    return out


@pytest.fixture(scope="module")
def printed(tools: dict[str, str], pages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three pages printed to PDF by chromium."""
    work = tmp_path_factory.mktemp("pdf")
    out = {}
    for name, page in pages.items():
        pdf = work / f"{name}.pdf"
        out[f"{name}-netlog"] = chromium(tools, page, work, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
        assert pdf.stat().st_size > 0
        out[name] = pdf
    return out


def pdf_pages(tools: dict[str, str], pdf: Path, *, layout: bool = True) -> list[str]:
    """The text of each page of *pdf*: laid out as printed, line by line, or (``layout=False``) in the order it was drawn."""
    info = _run([tools["pdfinfo"], str(pdf)])
    count = re.search(r"^Pages:\s+(\d+)$", info.stdout, flags=re.MULTILINE)
    assert count is not None, info.stdout + info.stderr
    result = _run([tools["pdftotext"], *(["-layout"] if layout else []), "-enc", "UTF-8", str(pdf), "-"])
    assert result.returncode == 0, result.stderr
    texts = result.stdout.split("\f")[: int(count.group(1))]  # pdftotext ends every page with a form feed
    assert len(texts) == int(count.group(1))
    return texts


class _Links(HTMLParser):
    """Every URL-bearing attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "data", "poster", "srcset", "xlink:href", "formaction"):
                self.urls.append((tag, name, value or ""))


# --- Tests -------------------------------------------------------------------------


class TestSelfContained:
    """The page references nothing outside itself."""

    @pytest.mark.parametrize(("ruleset", "data"), [("example-2024", "example-2024"), ("danang-448-2022", "danang-2021")])
    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_no_external_url_in_the_html(self, ruleset: str, data: str, lang: str) -> None:
        """Every link is an in-page anchor; no ``http(s)://`` or ``//`` in ``src=``/``href=``, no ``url(`` and no ``@import``."""
        rs = load_ruleset(ruleset)
        page = to_html(score(rs, read_submissions(data, rs)), lang)
        parser = _Links()
        parser.feed(page)
        assert parser.urls, "the report has its navigation links"
        assert [u for u in parser.urls if not u[2].startswith("#")] == []
        assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, flags=re.IGNORECASE) == []
        assert re.findall(r"url\(|@import", page, flags=re.IGNORECASE) == []

    def test_the_browser_asks_for_nothing(self, shots: dict[str, Any], printed: dict[str, Path]) -> None:
        """Rendered and printed with the network blocked, the page requested no URL outside its file."""
        for netlog in (shots["closed-netlog"], shots["open-netlog"], printed["closed-netlog"], printed["city-netlog"]):
            assert page_requests(netlog) == []

    def test_the_request_check_sees_a_request(self, tools: dict[str, str], pages: dict[str, Path], tmp_path: Path) -> None:
        """The check above can fail: a copy of the report with an external image and style sheet is caught."""
        page = tmp_path / "leaky.html"
        leaky = (
            pages["closed"]
            .read_text(encoding="utf-8")
            .replace("</main>", '<img src="https://example.org/pixel.png"><link rel="stylesheet" href="http://example.net/s.css"></main>')
        )
        page.write_text(leaky, encoding="utf-8")
        netlog = chromium(tools, page, tmp_path, f"--screenshot={tmp_path / 'leaky.png'}")
        assert sorted(page_requests(netlog)) == ["http://example.net/s.css", "https://example.org/pixel.png"]


class TestOnScreen:
    """The report on screen."""

    def test_screenshot_is_not_blank(self, shots: dict[str, Any]) -> None:
        """The rendered page has text, tables and charts: a few percent of its pixels are ink, and not most of them."""
        pixels = shots["closed"]
        assert pixels.shape == (HEIGHT, WIDTH, 3)
        assert 0.02 < ink(pixels) < 0.5

    def test_screenshot_shows_the_band_chart(self, shots: dict[str, Any], pages: dict[str, Path]) -> None:
        """The first bar of the first band chart is painted in the colour the page gives it."""
        fill = re.search(r'<rect [^>]*fill="#([0-9a-f]{6})"', pages["closed"].read_text(encoding="utf-8"))
        assert fill is not None
        colour = np.frombuffer(bytes.fromhex(fill.group(1)), dtype=np.uint8)
        painted = int((shots["closed"] == colour).all(axis=-1).sum())
        assert painted > 500

    def test_breakdown_expands(self, shots: dict[str, Any]) -> None:
        """
        With the first agency's ``<details>`` open, the page is the same down to
        that agency's breakdown and different for hundreds of rows below it,
        where its trace table now is.
        """
        closed, opened = shots["closed"], shots["open"]
        differing = np.flatnonzero((closed != opened).any(axis=(1, 2)))
        assert len(differing) > 0, "opening a <details> changed nothing on screen"
        first = int(differing[0])
        assert first > HEIGHT // 4  # the rankings above are untouched
        assert len(differing) > 300
        assert ink(opened[first:]) > ink(closed[first:])  # a table full of text where the next agency's summary was


class TestPrinted:
    """The report printed to PDF by the browser."""

    def test_a4(self, tools: dict[str, str], printed: dict[str, Path]) -> None:
        """``pdfinfo`` reports A4 pages: 595 × 842 pt."""
        info = _run([tools["pdfinfo"], str(printed["closed"])]).stdout
        size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, flags=re.MULTILINE)
        assert size is not None, info
        assert (round(float(size.group(1))), round(float(size.group(2)))) == (595, 842)

    @pytest.mark.parametrize("which", ["closed", "city"])
    def test_every_page_names_the_ruleset_and_its_hash(
        self, tools: dict[str, str], printed: dict[str, Path], which: str, request: pytest.FixtureRequest
    ) -> None:
        """Each page has the ruleset's id, version and hash at the top and its number at the bottom."""
        assessment = request.getfixturevalue("assessment" if which == "closed" else "city")
        texts = pdf_pages(tools, printed[which])
        groups = sum(1 for g in assessment.ruleset.groups if assessment.in_group(g.id))
        assert len(texts) >= groups + 1  # a page per group, then the breakdown
        for number, text in enumerate(texts, start=1):
            assert f"{assessment.ruleset_id} {assessment.ruleset_version} · sha256 {assessment.ruleset_digest[:12]}" in text, number
            assert re.search(rf"^\s*{number} ?/ ?{len(texts)}\s*$", text, flags=re.MULTILINE), number

    @pytest.mark.parametrize(("which", "groups", "cohorts"), [("closed", 2, 2), ("city", 5, 11)])
    def test_each_group_starts_a_page(
        self, tools: dict[str, str], printed: dict[str, Path], which: str, groups: int, cohorts: int, request: pytest.FixtureRequest
    ) -> None:
        """
        The first group follows the title; every other group, and the breakdown, opens a page. The wards
        of the next district follow those of the one before on the same page when they fit (448 ranks wards
        within their district: 4 groups ranked alone and 7 ward lists).
        """
        assessment = request.getfixturevalue("assessment" if which == "closed" else "city")
        texts = pdf_pages(tools, printed[which])
        lists = [(k.partition("/")[0], _squash(f"{assessment.cohort_label(k, 'vi')} ({len(v)} đơn vị)")) for k, v in assessment.cohorts().items()]
        assert len(lists) == cohorts
        firsts = [heading for i, (block, heading) in enumerate(lists) if all(b != block for b, _ in lists[:i])]
        assert len(firsts) == groups
        assert firsts[0] in _squash(texts[0])
        bodies = [_squash(" ".join(_body_lines(t, assessment))) for t in texts]
        for heading in [*firsts[1:], _squash("Chi tiết điểm từng đơn vị")]:
            starting = [b for b in bodies if b.startswith(heading)]
            assert len(starting) == 1, heading
        for _, heading in lists:
            assert sum(1 for b in bodies if heading in b) == 1, heading

    @pytest.mark.parametrize("which", ["closed", "city"])
    def test_an_agency_is_never_split(self, tools: dict[str, str], printed: dict[str, Path], which: str, request: pytest.FixtureRequest) -> None:
        """
        Each agency's breakdown — heading, summary and every section row — is
        printed on one page: on the page with its heading, the text from the
        heading to the next agency's (or the page's end) holds its total and
        all its section labels, in order.
        """
        assessment = request.getfixturevalue("assessment" if which == "closed" else "city")
        pages = [_squash(text) for text in pdf_pages(tools, printed[which])]
        headings = {s.agency: _squash(f"{s.name} ({s.agency})") for s in assessment.scores}
        for s in assessment.scores:
            holding = [text for text in pages if headings[s.agency] in text]
            assert len(holding) == 1, s.agency
            page = holding[0]
            start = page.index(headings[s.agency])
            ends = [page.find(h, start + 1) for a, h in headings.items() if a != s.agency]
            block = page[start : min([e for e in ends if e > start], default=len(page))]
            total = "không chấm được" if s.total is None else format(s.total, "f").replace(".", ",")
            expected = [_squash(f"Tổng điểm: {total}"), *(_squash(assessment.ruleset.section(r.section).label.vi) for r in s.sections)]
            position = 0
            for text in expected:
                position = block.find(text, position)
                assert position >= 0, (s.agency, text)

    def test_pages_render(self, tools: dict[str, str], printed: dict[str, Path], tmp_path: Path) -> None:
        """``pdftoppm`` renders every page to an image with ink on it."""
        result = _run([tools["pdftoppm"], "-r", "30", "-gray", str(printed["closed"]), str(tmp_path / "page")])
        assert result.returncode == 0, result.stderr
        images = sorted(tmp_path.glob("page-*.pgm"))
        assert len(images) == len(pdf_pages(tools, printed["closed"]))
        for image in images:
            assert float((read_pgm(image) < 160).mean()) > 0.003, image.name

    def test_a_trace_is_printed_when_open(self, tools: dict[str, str], printed: dict[str, Path], assessment: Assessment) -> None:
        """A closed breakdown's trace is left out of the print; the open one is printed."""
        first = assessment.scores[0]
        rule = first.criteria[0].rule.vi
        closed = "\n".join(pdf_pages(tools, printed["closed"], layout=False))
        opened = "\n".join(pdf_pages(tools, printed["open"], layout=False))
        assert "Cách tính" not in closed and "Cách tính" in opened
        # A long rule wraps inside its cell, and pdftotext may interleave a wrapped cell with its neighbours':
        # each piece of the rule (its formula's head, the «label» it names) is looked for on its own.
        pieces = [piece for piece in re.split(r"[«»]", rule) if piece.strip(" ×0123456789")]
        assert pieces
        for piece in pieces:
            assert _squash(piece) in _squash(opened) and _squash(piece) not in _squash(closed), piece


def _squash(text: str) -> str:
    """*text* without spaces, line breaks and hyphens, which pdftotext moves, adds and drops where lines wrap."""
    return re.sub(r"[\s\-]+", "", text)


def _body_lines(text: str, assessment: Assessment) -> list[str]:
    """The lines of a printed page without the running header and page number."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [line for line in lines if assessment.ruleset_digest[:12] not in line and not re.fullmatch(r"\d+ ?/ ?\d+", line) and line != "\f"]


class TestCommandLine:
    """``-o`` with a suffix the command line cannot write is refused, saying how to print the HTML."""

    def test_pdf_refused(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """``score ... -o out.pdf`` writes nothing, exits 2 and points at ``-o out.html`` and the browser."""
        target = tmp_path / "out.pdf"
        status = main(["--lang", "en", "score", "example-2024", "example-2024", "-o", str(target)])
        err = capsys.readouterr().err
        assert status == 2
        assert not target.exists()
        assert err.startswith("indicator-index: cannot write 'out.pdf': ")
        assert "-o out.html" in err and "print it" in err
        status = main(["score", "example-2024", "example-2024", "-o", str(target)])  # Vietnamese by default
        err = capsys.readouterr().err
        assert status == 2
        assert not target.exists()
        assert err.startswith("indicator-index: không ghi được 'out.pdf': ")
        assert "-o out.html" in err

    def test_explicit_format_still_writes(self, tmp_path: Path) -> None:
        """An explicit ``--format`` is obeyed whatever the name, and a name without a suffix is written as a table."""
        named = tmp_path / "ranking.tsv"
        assert main(["score", "example-2024", "example-2024", "--format", "csv", "-o", str(named)]) == 0
        assert named.read_text(encoding="utf-8-sig").startswith("group,")
        bare = tmp_path / "ranking"
        assert main(["score", "example-2024", "example-2024", "-o", str(bare)]) == 0
        assert "Sở Nội vụ" in bare.read_text(encoding="utf-8")
