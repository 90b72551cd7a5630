"""
Peak memory of reading an XLSX data file: a hostile workbook whose rows reach column XFD, and a normal one.

A benchmark, not a timed test: it prints the figures. Each workbook is read in a fresh subprocess, which
reports its peak memory two ways: the Python heap's peak under ``tracemalloc`` (what the reader itself
allocates) and the process's peak resident size (``ru_maxrss``, which includes the interpreter and
openpyxl). The hostile workbook is small on disk (a few tens of KB) but, expanded to full rows, would hold
``rows x 16,384`` cells; the reader keeps to its header's width, so its peak should stay near the normal
workbook's.

    python benchmarks/xlsx_memory.py            # 1,000 rows each
    python benchmarks/xlsx_memory.py --rows 5000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


CHILD = """
import json, resource, sys, time, tracemalloc
from indicator_index import DataError, load_ruleset, read_submissions

ruleset = load_ruleset("example-2024")
tracemalloc.start()
start = time.perf_counter()
try:
    outcome = f"{len(read_submissions(sys.argv[1], ruleset))} agencies read"
except DataError as exc:
    outcome = f"DataError with {len(exc.problems)} problems"
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1]
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"outcome": outcome, "seconds": seconds, "heap_peak": peak, "max_rss_kib": rss}))
"""

HEADER = ["id", "name", "group", "staff_computer_share", "steering_meetings", "special_network"]


def build(path: Path, rows: int, *, hostile: bool) -> None:
    """A workbook of *rows* agencies; a hostile one also has a value in column XFD (16,384) on every row."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for i in range(rows):
        row: list[object] = [f"agency-{i}", f"Đơn vị {i}", "department", 0.5, 4, "có"]
        if hostile:
            row += [None] * (16384 - len(row) - 1) + ["x"]
        sheet.append(row)
    book.save(path)


def measure(path: Path) -> dict[str, Any]:
    """Read *path* in a fresh interpreter; its outcome, time and peak memory."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)  # noqa: S603 - this interpreter, our script
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def main() -> None:
    """Build both workbooks, read each in a subprocess, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rows", type=int, default=1000, help="rows (agencies) in each workbook (default 1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results: dict[str, tuple[int, float, dict[str, Any]]] = {}
        for name, hostile in (("normal", False), ("hostile (XFD)", True)):
            path = Path(folder) / f"{'hostile' if hostile else 'normal'}.xlsx"
            start = time.perf_counter()
            build(path, args.rows, hostile=hostile)
            built = time.perf_counter() - start
            results[name] = (path.stat().st_size, built, measure(path))
    print(f"Reading an XLSX data file of {args.rows:,} rows ({len(HEADER)} header columns)")
    print(f"{'workbook':<15} {'file':>10} {'expanded cells':>15} {'read':>8} {'heap peak':>11} {'max RSS':>10}  outcome")
    for name, (size, _, figures) in results.items():
        cells = args.rows * (16384 if name.startswith("hostile") else len(HEADER))
        print(
            f"{name:<15} {size / 1024:>8.0f} KB {cells:>15,} {figures['seconds']:>7.2f}s "
            f"{int(figures['heap_peak']) / 2**20:>8.1f} MiB {int(figures['max_rss_kib']) / 1024:>7.1f} MiB  {figures['outcome']}"
        )
    peaks = [int(results[n][2]["heap_peak"]) for n in ("normal", "hostile (XFD)")]
    print(f"heap peak, hostile / normal: {peaks[1] / peaks[0]:.2f}")


if __name__ == "__main__":
    main()
