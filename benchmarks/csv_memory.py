"""
Peak memory of a real 100,000-agency cohort read from CSV, before and after the columnar reader, in one run.

    python benchmarks/csv_memory.py                       # the columnar paths and the submission paths of this tree
    python benchmarks/csv_memory.py --before /tmp/old/src # also the same paths of another source tree (e.g. a release)
    python benchmarks/csv_memory.py --agencies 10000      # a smaller cohort

The cohort (``bench-100.toml``, generated as in ``run.py``) is written once as wide CSV: one file, and the
same agencies split into parts of at most ``MAX_CELLS`` cells (what the submission reader, which refuses
larger tables, has to be given). Each workload runs in a fresh interpreter and reports its time and its peak
resident set size (Linux ``VmHWM``):

* ``submissions-batch``: ``read_submissions`` of the parts, ``BatchScorer.cohort``, ``totals``;
* ``submissions-traced``: ``read_submissions`` of the parts, ``score`` (traces not read);
* ``columnar-batch``: ``read_cohort`` of the one file, ``BatchScorer.totals``;
* ``columnar-traced``: ``read_cohort`` of the one file, ``score`` (traces not read).

Every workload's totals are hashed; the run checks that all of them agree.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BENCH = HERE / "bench-100.toml"
KINDS = ("submissions-batch", "submissions-traced", "columnar-batch", "columnar-traced")


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux ``VmHWM``), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0  # pragma: no cover - not Linux


def digest(totals: Any) -> str:
    """A short hash of a sequence of totals, to tell that every workload agrees."""
    return hashlib.sha256("\n".join(str(t) for t in totals).encode()).hexdigest()[:16]


def child(kind: str, folder: Path) -> None:
    """Run one workload in this (fresh) process and print its figures as JSON."""
    from indicator_index import BatchScorer, load_ruleset, read_submissions, score

    ruleset = load_ruleset(BENCH)
    start = time.perf_counter()
    out: dict[str, Any] = {"kind": kind}
    if kind.startswith("submissions"):
        data: Any = [s for part in sorted(folder.glob("part-*.csv")) for s in read_submissions(str(part), ruleset)]
    else:
        from indicator_index import read_cohort  # type: ignore[attr-defined]

        data = read_cohort(str(folder / "all.csv"), ruleset)
    out["read_seconds"] = time.perf_counter() - start
    if kind.endswith("batch"):
        scorer = BatchScorer(ruleset)
        cohort = data if not isinstance(data, list) else scorer.cohort(data)
        del data
        totals = scorer.totals(cohort).totals
    else:
        assessment = score(ruleset, data)
        totals = tuple(s.total for s in sorted(assessment.scores, key=lambda s: s.agency))
        out["agencies"] = len(assessment.scores)
    if kind.endswith("batch"):
        out["agencies"] = len(totals)
    out["seconds"] = time.perf_counter() - start
    out["peak_rss_mb"] = peak_rss_mb()
    out["totals"] = digest(totals if kind.endswith("traced") else [t for _, t in sorted(zip(cohort.agencies, totals, strict=True))])
    print(json.dumps(out))


def write_csv(folder: Path, n: int, chunk: int = 1_000) -> dict[str, Any]:
    """*n* generated agencies as ``all.csv`` and as ``part-*.csv`` files of at most ``MAX_CELLS`` cells each."""
    import generate

    from indicator_index import load_ruleset
    from indicator_index._data import MAX_CELLS

    ruleset = load_ruleset(BENCH)
    indicators = [i.id for i in ruleset.indicators]
    claimable = [c.id for c in ruleset.criteria if c.excludable]
    header = ["id", "group", *indicators, *(f"claim:{c}" for c in claimable)]
    per_part = max(chunk, (MAX_CELLS // len(header) - 1) // chunk * chunk)
    with (folder / "all.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for k in range(0, n, chunk):
            for j, (_, group, values, claims) in enumerate(generate.cohort_records(ruleset, min(chunk, n - k), seed=1_000 + k // chunk)):
                cells = ["" if values.get(i) is None else ("yes" if values[i] else "no") if isinstance(values[i], bool) else str(values[i]) for i in indicators]
                writer.writerow([f"a{k + j:06}", group, *cells, *(claims.get(c, "") for c in claimable)])
    lines = (folder / "all.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    parts = 0
    for start in range(1, len(lines), per_part):
        parts += 1
        (folder / f"part-{parts:02}.csv").write_text(lines[0] + "".join(lines[start : start + per_part]), encoding="utf-8")
    return {"agencies": n, "columns": len(header), "cells": n * len(header), "megabytes": (folder / "all.csv").stat().st_size / 1e6, "parts": parts}


def run_child(kind: str, folder: Path, src: str | None) -> dict[str, Any]:
    """:func:`child` in a fresh interpreter, importing the library from *src* when given."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--path", str(folder)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)  # noqa: S603
    if done.returncode:
        return {"kind": kind, "failed": done.stderr.strip().splitlines()[-1:] or ["?"]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--agencies", type=int, default=100_000)
    parser.add_argument("--before", metavar="SRC", help="another source tree (its src/ folder) to run the submission paths of")
    parser.add_argument("--folder", help="where to write the CSV files (kept); a temporary folder by default")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, Path(args.path))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-csv-") as tmp:
        folder = Path(args.folder or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        figures: dict[str, Any] = {"file": write_csv(folder, args.agencies) if not (folder / "all.csv").exists() or args.folder is None else "reused"}
        runs: list[tuple[str, str, str | None]] = []
        if args.before:
            runs += [("before", kind, args.before) for kind in KINDS[:2]]
        runs += [("after", kind, None) for kind in KINDS]
        for label, kind, src in runs:
            figures[f"{label} {kind}"] = found = run_child(kind, folder, src)
            print(
                f"{label:6} {kind:20} {found.get('peak_rss_mb', 0):8.0f} MB {found.get('seconds', 0):7.1f} s  {found.get('totals', found.get('failed'))}",
                flush=True,
            )
    hashes = {f.get("totals") for k, f in figures.items() if k != "file"}
    figures["same_totals"] = len(hashes) == 1
    print("every workload gives the same totals:", figures["same_totals"])
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
