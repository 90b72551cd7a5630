"""
The benchmark harness: every figure of issue 11 (item 8) in one run, as ratios, each target reported as met or not.

    python benchmarks/run.py                 # the full run
    python benchmarks/run.py --quick         # fewer agencies and repeats (the 100,000-agency CSV runs in both)
    python benchmarks/run.py --json out.json # also write every figure as JSON

What is measured (per agency-evaluation = one agency scored under the ~100-criterion
benchmark ruleset, ``bench-100.toml``, in a cohort that needs the group statistics,
exclusions, bonus/penalty, rounding, bands and ranks):

* the batch path (``BatchScorer.totals`` on a checked cohort) against the
  same-work hand-written function (``baseline.score_rows``: rows by position,
  the engine's context, every quotient settled to 30 places), and against the
  lighter hand-written function (``baseline.score_cohort``: string-keyed dicts,
  nothing settled), all checked to give the same totals, bands and ranks;
* the traced path (``score``, from submissions) with its traces not read, and
  with every trace read (criteria, sections, bonuses, penalties, notes);
* the peers running the same rules: a ZEN decision graph (per agency, through
  its Python API; ZEN computes in decimal, its totals come back as JSON numbers
  and are compared within a tolerance) and simpleeval expressions per criterion
  (exact ``Decimal``);
* scaling of the batch path with 100, 1,000, 10,000 and 100,000 agencies, with
  the garbage collector on, as users run it;
* 100,000 what-if evaluations (1,000 variants of a 100-agency cohort) in one
  fresh process against the same-work function's time for the same variants,
  and the peak memory; the what-if run split over every CPU;
* a real 100,000-agency cohort written to a CSV file and read back in a fresh
  process (``read_cohort``, ``BatchScorer.totals``), its time and peak memory; and
  the traced path at 100,000 agencies (``score`` of that cohort, traces not read)
  in another (``csv_memory.py`` compares them with ``read_submissions``);
* loading and validating the 448 ruleset against ``tomllib`` parsing alone, and
  a cold ``indicator-index validate`` (wall time, and CPU time against a bare
  interpreter's: user + system time of the child processes, the median of several).

Timing is ``time.perf_counter``, the minimum of several repeats after a warm-up.
The machine, the load average and the versions are recorded with the figures.
"""

from __future__ import annotations

import argparse
import csv
import gc
import itertools
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402
import generate  # noqa: E402
import peers  # noqa: E402

from indicator_index import DataError, load_ruleset, read_submissions, score  # noqa: E402
from indicator_index._arithmetic import CONTEXT as _CONTEXT  # noqa: E402
from indicator_index._batch import BatchScorer, Cohort  # noqa: E402
from indicator_index._data import MAX_CELLS, MAX_COHORT_CELLS, read_cohort  # noqa: E402
from indicator_index._plan import Plan  # noqa: E402
from indicator_index._scoring import prepare  # noqa: E402


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BENCH = HERE / "bench-100.toml"
RULESET_448 = ROOT / "rulesets" / "danang-448-2022.toml"
RULESET_FALLBACK = ROOT / "rulesets" / "example-2024.toml"
# ZEN computes in decimal (rust_decimal, 28 significant digits), takes its inputs and returns its totals as JSON numbers
# (Python floats on our side): its totals are compared within a cent.
ZEN_TOLERANCE = 0.0101
CSV_AGENCIES = 100_000

MODES = {
    # agencies for the ratios, repeats, agencies for ZEN and simpleeval, repeats per scaling size, load repeats, CLI repeats
    "quick": {"cohort": 300, "repeats": 5, "zen": 150, "simpleeval": 30, "scaling": {100: 7, 1_000: 3, 10_000: 2, 100_000: 0}, "load": 20, "cli": 3},
    "full": {"cohort": 1_000, "repeats": 9, "zen": 500, "simpleeval": 100, "scaling": {100: 21, 1_000: 9, 10_000: 3, 100_000: 2}, "load": 100, "cli": 9},
}


class GcClock:
    """
    The time the garbage collector spends, from its callbacks, while in a ``with`` block: a measurement of
    what the collector costs as users run it (on), not a way of switching it off. Reset ``seconds`` to start over.
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self._start = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)


def best_of(fn: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    """The shortest of *repeats* timed calls, after *warmup* untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def best_of_each(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """
    The shortest time of each function, measured in turns (one call of each per round, after a warm-up round),
    so that whatever else runs on the machine weighs on every contestant alike.
    """
    for fn in fns.values():
        fn()
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def machine() -> dict[str, Any]:
    """The machine and software the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    versions = {}
    for dist in ("indicator-index", "zen-engine", "simpleeval", "attrs", "cattrs"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
        "versions": versions,
    }


def replicate(cohort: Cohort, n: int) -> Cohort:
    """
    A cohort of *n* agencies repeating the checked rows of *cohort* under new ids.

    Building it is not timed. Every row is a new tuple (holding the same value
    objects, as a cohort from a generator that draws from value pools would), so
    the memory of a large cohort is what a checked cohort of that size holds.
    """
    rows = cohort._rows
    written = cohort._units
    claims = cohort._claims
    m = len(rows)
    agencies = tuple(f"r{i:06}" for i in range(n))
    return Cohort(
        ruleset_id=cohort.ruleset_id,
        ruleset_digest=cohort.ruleset_digest,
        agencies=agencies,
        groups=tuple(cohort.groups[i % m] for i in range(n)),
        _rows=tuple(tuple(list(rows[i % m])) for i in range(n)),
        _claims=tuple(claims[i % m] for i in range(n)),
        _positions={a: i for i, a in enumerate(agencies)},
        _units=tuple(tuple(list(written[i % m])) for i in range(n)),  # type: ignore[misc]
        _places=cohort._places,  # the same values, written with the cohort's places
    )


def variants(cohort: Cohort, ruleset: Any, count: int, seed: int) -> list[dict[str, dict[str, object]]]:
    """*count* what-if variants: each moves 5 values of random agencies to other valid values."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    ratios = [i.id for i in ruleset.indicators if i.type == "ratio"]
    counts = [i.id for i in ruleset.indicators if i.type == "count"]
    out = []
    for _ in range(count):
        changes: dict[str, dict[str, object]] = {}
        for _ in range(5):
            agency = rng.choice(cohort.agencies)
            if rng.random() < 0.5:
                changes.setdefault(agency, {})[rng.choice(ratios)] = Decimal(rng.randint(0, 100)).scaleb(-2)
            else:
                changes.setdefault(agency, {})[rng.choice(counts)] = Decimal(rng.randint(0, 30))
        out.append(changes)
    return out


# --- Child processes: 100,000 agency-evaluations with their peak memory ------------------------------------------------------


def hand_written_scenarios(cohort: Cohort, todo: list[dict[str, dict[str, object]]]) -> list[list[Decimal | None]]:
    """
    The same-work function over what-if variants: each variant's rows built by position from the cohort's
    (a changed agency gets a new tuple, as ``BatchScorer.vary`` gives it), then every agency scored.
    """
    index = {ind: k for k, ind in enumerate(baseline.INDICATORS)}
    rows0, groups, claims, positions = cohort._rows, cohort.groups, cohort._claims, cohort._positions
    out = []
    for changes in todo:
        rows = list(rows0)
        for agency, values in changes.items():
            i = positions[agency]
            row = list(rows[i])
            for ind, value in values.items():
                row[index[ind]] = value
            rows[i] = tuple(row)
        out.append(baseline.score_rows(groups, rows, claims)[0])
    return out


def child(kind: str, path: str | None = None) -> None:
    """Run one 100,000 agency-evaluation workload in this (fresh) process and print its times and peak RSS as JSON."""
    ruleset = load_ruleset(BENCH)
    scorer = BatchScorer(ruleset)
    out: dict[str, Any] = {"kind": kind, "gc_enabled": gc.isenabled()}
    if kind == "scenarios":
        base = scorer.cohort(generate.submissions(generate.cohort_records(ruleset, 100, seed=11)))
        todo = variants(base, ruleset, 1_000, seed=12)
        start = time.perf_counter()
        kept = [result.totals for result in scorer.scenarios(base, todo)]
        out["seconds"] = time.perf_counter() - start
        out["evaluations"] = sum(len(t) for t in kept)
        out["peak_rss_mb"] = peak_rss_mb()  # before the hand-written run, which holds one variant at a time
        start = time.perf_counter()
        hand = hand_written_scenarios(base, todo)
        out["hand_written_seconds"] = time.perf_counter() - start
        out["hand_written_equal"] = hand == [list(t) for t in kept]
        # The same variants each scored in full, as the engine did before scenarios re-evaluated only what changes.
        start = time.perf_counter()
        full = [scorer.totals(scorer.vary(base, changes)).totals for changes in todo]
        out["full_rescore_seconds"] = time.perf_counter() - start
        out["full_rescore_equal"] = full == kept
    elif kind == "cohort":
        base = scorer.cohort(generate.submissions(generate.cohort_records(ruleset, 1_000, seed=11)))
        cohort = replicate(base, 100_000)
        with GcClock() as clock:
            start = time.perf_counter()
            result = scorer.totals(cohort)
            out["seconds"] = time.perf_counter() - start
        out["gc_seconds"] = clock.seconds
        out["evaluations"] = len(result.totals)
        out["peak_rss_mb"] = peak_rss_mb()
    elif kind == "csv":
        # What a user runs: the file read straight into a checked cohort (`read_cohort`), scored by the batch path.
        start = time.perf_counter()
        cohort = read_cohort(str(Path(str(path)) / "all.csv"), ruleset)
        out["read_seconds"] = time.perf_counter() - start
        out["rss_after_read_mb"] = rss_mb()
        mark = time.perf_counter()
        result = scorer.totals(cohort)
        out["totals_seconds"] = time.perf_counter() - mark
        out["seconds"] = time.perf_counter() - start
        out["evaluations"] = len(result.totals)
        out["peak_rss_mb"] = peak_rss_mb()
    else:  # "csv-traced": score() of the same cohort, no trace read
        start = time.perf_counter()
        cohort = read_cohort(str(Path(str(path)) / "all.csv"), ruleset)
        out["read_seconds"] = time.perf_counter() - start
        out["rss_after_read_mb"] = rss_mb()
        assessment = score(ruleset, cohort)
        out["score_seconds"] = time.perf_counter() - start - out["read_seconds"]
        out["seconds"] = time.perf_counter() - start
        out["evaluations"] = len(assessment.scores)
        out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


def write_cohort_csv(folder: Path, ruleset: Any, n: int, chunk: int = 1_000) -> dict[str, Any]:
    """
    *n* generated agencies of *ruleset* as wide CSV (``docs/data.md``): ``id``, ``group``, a column per
    indicator, a ``claim:`` column per excludable criterion. Drawn in chunks, each with its own seed, so
    that every agency is its own; nothing is held in memory.

    ``read_submissions`` refuses a table of more than ``MAX_CELLS`` cells, which 100,000 agencies of the
    benchmark ruleset exceed: the agencies are written as ``part-*.csv`` files, each within that limit, and
    then once more as one file, ``all.csv``, which is offered to ``read_submissions`` to record whether it
    still refuses it, and kept: ``read_cohort`` reads it (up to ``MAX_COHORT_CELLS``), as the CSV children do.
    """
    indicators = [i.id for i in ruleset.indicators]
    claimable = [c.id for c in ruleset.criteria if c.excludable]
    header = ["id", "group", *indicators, *(f"claim:{c}" for c in claimable)]
    per_part = max(chunk, (MAX_CELLS // len(header) - 1) // chunk * chunk)
    start = time.perf_counter()
    parts: list[Path] = []
    writer: Any = None
    fh = None
    for k in range(0, n, chunk):
        if k % per_part == 0:
            if fh is not None:
                fh.close()
            parts.append(folder / f"part-{len(parts) + 1:02}.csv")
            fh = parts[-1].open("w", newline="", encoding="utf-8")
            writer = csv.writer(fh)
            writer.writerow(header)
        for j, (_, group, values, claims) in enumerate(generate.cohort_records(ruleset, min(chunk, n - k), seed=1_000 + k // chunk)):
            cells = []
            for ind in indicators:
                v = values.get(ind)
                cells.append("" if v is None else ("yes" if v else "no") if isinstance(v, bool) else str(v))
            writer.writerow([f"a{k + j:06}", group, *cells, *(claims.get(c, "") for c in claimable)])
    if fh is not None:
        fh.close()
    seconds = time.perf_counter() - start
    whole = folder / "all.csv"
    with whole.open("w", encoding="utf-8") as out:
        for number, part in enumerate(parts):
            with part.open(encoding="utf-8") as fh_in:
                if number:
                    fh_in.readline()  # the header, once
                shutil.copyfileobj(fh_in, out)
    try:
        read_submissions(str(whole), ruleset)
        refused = None
    except DataError as exc:
        refused = str(exc)
    return {
        "agencies": n,
        "columns": len(header),
        "cells": n * len(header),
        "reader_max_cells": MAX_CELLS,
        "cohort_max_cells": MAX_COHORT_CELLS,
        "parts": len(parts),
        "megabytes": sum(p.stat().st_size for p in parts) / 1e6,
        "write_seconds": seconds,
        "one_file_refused": refused,
    }


def rss_mb() -> float:
    """This process's resident set size now (Linux ``VmRSS``; 0 where it cannot be read)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb() -> float:
    """
    This process's peak resident set size. Linux's ``VmHWM`` is read first: ``ru_maxrss``
    survives ``exec`` and would report the parent's size when that was larger.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1024 / 1024


def run_child(kind: str, path: Path | None = None) -> dict[str, Any]:
    """Run :func:`child` in a fresh interpreter and return what it printed."""
    extra = [] if path is None else ["--path", str(path)]
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind, *extra], capture_output=True, text=True, check=False)  # noqa: S603
    if out.returncode:
        msg = f"the {kind} child failed ({out.returncode}):\n{out.stderr[-3000:]}"
        raise RuntimeError(msg)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _worker(args: tuple[int, int, int]) -> list[tuple[Decimal | None, ...]]:
    """A process of the parallel what-if run: its own scorer and cohort, its share of the variants."""
    start, stop, seed = args
    ruleset = load_ruleset(BENCH)
    scorer = BatchScorer(ruleset)
    base = scorer.cohort(generate.submissions(generate.cohort_records(ruleset, 100, seed=11)))
    todo = variants(base, ruleset, 1_000, seed=seed)[start:stop]
    return [result.totals for result in scorer.scenarios(base, todo)]


def parallel_scenarios(workers: int) -> dict[str, Any]:
    """1,000 variants of a 100-agency cohort over *workers* processes, timed from pool start to the last result."""
    from concurrent.futures import ProcessPoolExecutor

    bounds = [(k * 1_000 // workers, (k + 1) * 1_000 // workers, 12) for k in range(workers)]
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        parts = list(pool.map(_worker, bounds))
    elapsed = time.perf_counter() - start
    return {"workers": workers, "evaluations": sum(len(t) for part in parts for t in part), "seconds": elapsed}


# --- The run -----------------------------------------------------------------------------------------------------------------


def check_same(ruleset: Any, subs: list[Any], records: list[Any], scorer: BatchScorer, cohort: Cohort) -> dict[str, Any]:
    """Do the traced path, the batch path and both straight-line functions agree, agency by agency?"""
    traced = score(ruleset, subs)
    batch = scorer.totals(cohort)
    totals, bands, ranks = baseline.score_cohort(records)
    same = baseline.score_rows(cohort.groups, cohort._rows, cohort._claims)
    want = {s.agency: (s.total, s.band, s.rank) for s in traced.scores}
    got_batch = {a: (t, b, r) for a, t, b, r in zip(batch.agencies, batch.totals, batch.bands, batch.ranks, strict=True)}
    got_line = {rec[0]: (t, b, r) for rec, t, b, r in zip(records, totals, bands, ranks, strict=True)}
    got_same = {a: (t, b, r) for a, t, b, r in zip(cohort.agencies, *same, strict=True)}
    return {
        "agencies": len(subs),
        "rows_in_engine_order": tuple(scorer._plan.index) == baseline.INDICATORS,
        "batch_equals_traced": got_batch == want,
        "same_work_equals_traced": got_same == want,
        "baseline_equals_traced": got_line == want,
        "bands": {b: sum(1 for x in batch.bands if x == b) for b in ("good", "fair", "average", "weak")},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer agencies and repeats: under a minute")
    parser.add_argument("--json", metavar="FILE", help="write every figure to FILE as JSON")
    parser.add_argument("--child", choices=("scenarios", "cohort", "csv", "csv-traced"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.path)
        return 0

    mode = "quick" if args.quick else "full"
    cfg = MODES[mode]
    began = time.perf_counter()
    figures: dict[str, Any] = {"mode": mode, "machine": machine(), "gc_enabled": gc.isenabled()}
    print(f"indicator-index benchmark ({mode}) on {figures['machine']['cpu']} x{figures['machine']['nproc']}, Python {figures['machine']['python']}")

    # -- the cohort every ratio is measured on
    ruleset = load_ruleset(BENCH)
    design = generate.design()
    scorer = BatchScorer(ruleset)
    records = generate.cohort_records(ruleset, cfg["cohort"], seed=3)
    subs = list(generate.submissions(records))
    cohort = scorer.cohort(subs)
    n = len(subs)
    figures["ruleset"] = {
        "id": ruleset.id,
        "criteria": len(ruleset.criteria),
        "bonuses": len(ruleset.bonuses),
        "penalties": len(ruleset.penalties),
        "indicators": len(ruleset.indicators),
        "kinds": {k: sum(1 for c in ruleset.criteria if c.rule.kind == k) for k in sorted({c.rule.kind for c in ruleset.criteria})},
    }
    figures["agreement"] = check_same(ruleset, subs, records, scorer, cohort)
    figures["compile_ms"] = best_of(lambda: Plan(ruleset), cfg["repeats"]) * 1e3  # a BatchScorer reuses the ruleset's compiled plan

    # -- engine vs the straight-line functions
    reps = cfg["repeats"]
    groups, rows, claims = cohort.groups, cohort._rows, cohort._claims

    def same_work() -> object:
        return baseline.score_rows(groups, rows, claims)

    def traced_read() -> object:
        assessment = score(ruleset, subs)
        for s in assessment.scores:
            _ = (s.criteria, s.sections, s.bonuses, s.penalties, s.notes)
        return assessment

    fast = {"hand_written": same_work, "hand_written_light": lambda: baseline.score_cohort(records), "batch": lambda: scorer.totals(cohort)}
    per = {name: seconds / n for name, seconds in best_of_each(fast, 3 * reps).items()}
    slow = {
        "batch_with_checks": lambda: scorer.totals(subs),
        "traced": lambda: score(ruleset, subs),
        "traced_read": traced_read,
        "checks_only": lambda: prepare(ruleset, subs),
        "hand_written_again": same_work,
    }
    per.update({name: seconds / n for name, seconds in best_of_each(slow, max(3, reps // 2)).items()})
    # The slow contestants are compared with the hand-written function timed in the same rounds.
    per["hand_written"] = min(per["hand_written"], per.pop("hand_written_again"))

    per["traced_without_checks"] = per["traced"] - per["checks_only"]

    # -- the peers (the `bench` extra installs them; without them their figures are reported as not measured)
    figures["zen"] = measure_zen(design, records, scorer, cohort, cfg, per)
    figures["simpleeval"] = measure_simpleeval(design, records, scorer, cohort, cfg, per)
    figures["seconds_per_agency"] = per

    # -- scaling: sizes measured in turns, so that a busy moment on the machine does not fall on one size only
    base_1000 = cohort if n >= 1_000 else scorer.cohort(generate.submissions(generate.cohort_records(ruleset, 1_000, seed=3)))
    # (0 repeats: the size is measured only in the fresh process below)
    cohorts = {size: replicate(base_1000, size) for size, repeats in cfg["scaling"].items() if repeats}
    for size, big in cohorts.items():
        if size <= 10_000:
            scorer.totals(big)  # warm-up
    scaling = dict.fromkeys(cfg["scaling"], float("inf"))
    gc_share: dict[int, float] = {}
    with GcClock() as clock:
        for turn in range(max(cfg["scaling"].values())):
            for size, big in cohorts.items():
                if turn < cfg["scaling"][size]:
                    clock.seconds = 0.0
                    start = time.perf_counter()
                    scorer.totals(big)
                    elapsed = time.perf_counter() - start
                    if elapsed < scaling[size]:
                        scaling[size] = elapsed
                        gc_share[size] = clock.seconds / elapsed
    del cohorts

    # -- 100,000 agency-evaluations, each in a fresh process for its peak memory
    figures["what_if_100k"] = run_child("scenarios")
    figures["cohort_100k"] = run_child("cohort")
    figures["what_if_100k_parallel"] = parallel_scenarios(os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="bench-csv-") as folder:
        figures["csv_file"] = write_cohort_csv(Path(folder), ruleset, CSV_AGENCIES)
        figures["csv_100k"] = run_child("csv", Path(folder))
        figures["csv_100k_traced"] = run_child("csv-traced", Path(folder))
    # The fresh process's 100,000-agency cohort is one more sample of that size.
    if figures["cohort_100k"]["seconds"] < scaling[100_000]:
        scaling[100_000] = figures["cohort_100k"]["seconds"]
        gc_share[100_000] = figures["cohort_100k"]["gc_seconds"] / figures["cohort_100k"]["seconds"]
    figures["scaling_gc_share"] = {str(k): v for k, v in sorted(gc_share.items())}
    sizes = sorted(scaling)
    figures["scaling_seconds"] = {str(k): v for k, v in scaling.items()}
    figures["scaling_ratios"] = {f"{a}->{b}": scaling[b] / scaling[a] for a, b in itertools.pairwise(sizes)}

    # -- loading the 448 ruleset, and a cold CLI start
    target = RULESET_448 if RULESET_448.is_file() else RULESET_FALLBACK
    figures["load"] = {
        "ruleset": target.name,
        "is_448": target == RULESET_448,
        "criteria": len(load_ruleset(target).criteria),
        "load_validate_ms": best_of(lambda: load_ruleset(target), cfg["load"]) * 1e3,
        "tomllib_only_ms": best_of(lambda: tomllib.loads(target.read_text(encoding="utf-8")), cfg["load"]) * 1e3,
        "bench_100_load_validate_ms": best_of(lambda: load_ruleset(BENCH), max(5, cfg["load"] // 4)) * 1e3,
    }
    figures["load"]["ratio"] = figures["load"]["load_validate_ms"] / figures["load"]["tomllib_only_ms"]
    figures["cli"] = cold_cli(target, cfg["cli"])

    figures["targets"] = targets(figures)
    figures["elapsed_seconds"] = time.perf_counter() - began
    figures["machine"]["load_average_at_end"] = os.getloadavg()
    print()
    print(render(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


def measure_zen(design: Any, records: list[Any], scorer: BatchScorer, cohort: Cohort, cfg: dict[str, Any], per: dict[str, float]) -> dict[str, Any]:
    """ZEN per agency through each of its Python calls, and how close its totals come to the engine's."""
    try:
        zen_peer = peers.ZenPeer(design)
    except ImportError:
        return {"skipped": "zen-engine is not installed (pip install -e '.[bench]')"}
    zen_records = records[: cfg["zen"]]
    contexts = zen_peer.contexts(zen_records, records)
    zen_calls = {
        "engine.evaluate": zen_peer.evaluate_all,
        "engine.evaluate_batch": zen_peer.evaluate_all_batch,
        "decision.evaluate": zen_peer.evaluate_all_decisions,
    }
    reps = max(2, cfg["repeats"] // 3)
    zen_times = {name: best_of(lambda fn=fn: fn(contexts), reps) / len(zen_records) for name, fn in zen_calls.items()}
    zen_best = min(zen_times, key=zen_times.__getitem__)
    zen_totals = zen_calls[zen_best](contexts)
    performance = [_zen_seconds(zen_peer.engine.evaluate(group, context)["performance"]) for group, context in contexts[:50]]
    batch_totals = scorer.totals(cohort).totals[: len(zen_records)]
    diffs = [abs(float(a) - b) for a, b in zip(batch_totals, zen_totals, strict=True) if a is not None and b is not None]
    per["zen"] = zen_times[zen_best]
    return {
        "agencies": len(zen_records),
        "seconds_per_agency_by_call": zen_times,
        "fastest_call": zen_best,
        "engine_reported_seconds_per_agency_median": sorted(performance)[len(performance) // 2],
        "max_abs_difference": max(diffs) if diffs else None,
        "within_tolerance": all(d <= ZEN_TOLERANCE for d in diffs) and len(diffs) == sum(1 for a in batch_totals if a is not None),
        "tolerance": ZEN_TOLERANCE,
    }


def measure_simpleeval(design: Any, records: list[Any], scorer: BatchScorer, cohort: Cohort, cfg: dict[str, Any], per: dict[str, float]) -> dict[str, Any]:
    """simpleeval per agency, and whether its totals equal the engine's."""
    try:
        se_peer = peers.SimpleEvalPeer(design, _CONTEXT)
    except ImportError:
        return {"skipped": "simpleeval is not installed (pip install -e '.[bench]')"}
    se_records = records[: cfg["simpleeval"]]
    per["simpleeval"] = best_of(lambda: se_peer.score_all(se_records, records), max(2, cfg["repeats"] // 3)) / len(se_records)
    se_totals = se_peer.score_all(se_records, records)
    return {"agencies": len(se_records), "totals_equal": list(se_totals) == list(scorer.totals(cohort).totals[: len(se_records)])}


def _zen_seconds(text: str) -> float:
    """ZEN's own timing string ("83.2µs", "1.2ms", "950ns") in seconds."""
    for unit, scale in (("µs", 1e-6), ("us", 1e-6), ("ms", 1e-3), ("ns", 1e-9), ("s", 1.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    return float("nan")


def cold_cli(target: Path, repeats: int) -> dict[str, Any]:
    """The shortest wall time of a fresh ``indicator-index validate <ruleset>``, and of a bare interpreter for reference."""
    script = Path(sys.executable).with_name("indicator-index")
    command = [str(script)] if script.is_file() else [shutil.which("indicator-index") or sys.executable]
    if command[0] == sys.executable:
        command += ["-m", "indicator_index"]
    command += ["validate", str(target)]

    def once(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)  # noqa: S603
        return time.perf_counter() - start

    validate = min(once(command) for _ in range(repeats))
    bare = min(once([sys.executable, "-c", "pass"]) for _ in range(repeats))
    cpu = cold_cpu(command, max(5, repeats))
    return {
        "command": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(command)),
        "validate_ms": validate * 1e3,
        "bare_python_ms": bare * 1e3,
        **cpu,
    }


def child_cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    """The user + system CPU time of one run of *cmd*, from this process's ``RUSAGE_CHILDREN`` before and after."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, capture_output=True, check=True, env=env)  # noqa: S603
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold_cpu(command: list[str], repeats: int) -> dict[str, Any]:
    """
    The median CPU time of a fresh *command* and of a bare ``python -c pass``, run in turns, and their ratio.

    CPU time, not wall time, so that other work on the machine weighs less. The children run with
    their bytecode cached, as an installed package's is: in a temporary ``PYTHONPYCACHEPREFIX`` (the
    checkout is left alone), filled by one untimed run of each, even where ``PYTHONDONTWRITEBYTECODE``
    is set. The ratio without the cache, every module compiled on every start, is reported beside it.
    """
    bare_command = [sys.executable, "-c", "pass"]
    import_command = [sys.executable, "-c", "import indicator_index"]
    plain = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        for label, env in (("", {**plain, "PYTHONPYCACHEPREFIX": cache}), ("_no_bytecode_cache", {**plain, "PYTHONDONTWRITEBYTECODE": "1"})):
            child_cpu_seconds(command, env)
            child_cpu_seconds(bare_command, env)
            validate, bare, imported = [], [], []
            for _ in range(repeats):
                bare.append(child_cpu_seconds(bare_command, env))
                validate.append(child_cpu_seconds(command, env))
                if not label:
                    imported.append(child_cpu_seconds(import_command, env))
            if imported:
                out["import_cpu_ms"] = statistics.median(imported) * 1e3
            out[f"validate_cpu_ms{label}"] = statistics.median(validate) * 1e3
            out[f"bare_python_cpu_ms{label}"] = statistics.median(bare) * 1e3
            out[f"cpu_ratio{label}"] = out[f"validate_cpu_ms{label}"] / out[f"bare_python_cpu_ms{label}"]
    out["cpu_runs"] = repeats
    return out


def targets(f: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of issue 11 (item 8), its figure and whether it is met."""
    per = f["seconds_per_agency"]
    hw = per["hand_written"]
    rows = []

    def add(name: str, figure: str, met: bool, note: str = "") -> None:
        rows.append({"target": name, "figure": figure, "met": bool(met), "note": note})

    ratio = per["batch"] / hw
    add(
        "batch path <= 0.8x the same-work hand-written function",
        f"{ratio:.2f}x",
        ratio <= 0.8,
        f"{per['batch'] / per['hand_written_light']:.2f}x the lighter hand-written variant (dicts, nothing settled)",
    )
    ratio = per["traced"] / hw
    add("traced path, traces not read <= 3x", f"{ratio:.1f}x", ratio <= 3, "`score` from submissions: includes checking them")
    ratio = per["traced_read"] / hw
    add("traced path, every trace read <= 10x", f"{ratio:.1f}x", ratio <= 10, "criteria, sections, bonuses, penalties and notes of every score")
    what_if = f["what_if_100k"]
    ratio = what_if["seconds"] / what_if["hand_written_seconds"]
    add(
        "100,000 what-if evaluations <= 0.6x the hand-written function",
        f"{ratio:.2f}x",
        ratio <= 0.6,
        f"1,000 variants of 100 agencies in one process: {what_if['seconds']:.2f} s against {what_if['hand_written_seconds']:.2f} s; "
        f"`scenarios` re-evaluates only what a variant's changes can move, the hand-written function rescores every agency; "
        f"every variant rescored in full by the engine: {what_if['full_rescore_seconds']:.2f} s "
        f"({what_if['full_rescore_seconds'] / what_if['hand_written_seconds']:.2f}x)",
    )
    csv_run = f["csv_100k"]
    file = f["csv_file"]
    files = f"{file['megabytes']:.0f} MB of CSV, {file['cells']:,} cells in one file, read by `read_cohort` (up to {file['cohort_max_cells']:,} cells)" + (
        f"; `read_submissions` refuses it (over {file['reader_max_cells']:,} cells)" if file["one_file_refused"] else ""
    )
    add(
        "100,000 agencies read from CSV: peak RSS <= 500 MB",
        f"{csv_run['peak_rss_mb']:.0f} MB",
        csv_run["peak_rss_mb"] <= 500,
        f"read and checked into a cohort {csv_run['read_seconds']:.1f} s ({csv_run['rss_after_read_mb']:.0f} MB RSS), "
        f"batch totals {csv_run['totals_seconds']:.2f} s; {files}; `benchmarks/csv_memory.py` compares the submission path",
    )
    traced = f["csv_100k_traced"]
    add(
        "traced path at 100,000 agencies: peak RSS <= 2 GB",
        f"{traced['peak_rss_mb']:.0f} MB",
        traced["peak_rss_mb"] <= 2048,
        f"the same file: `read_cohort` {traced['read_seconds']:.1f} s ({traced['rss_after_read_mb']:.0f} MB RSS), "
        f"`score` of the cohort {traced['score_seconds']:.1f} s, traces not read",
    )
    worst = max(f["scaling_ratios"].values())
    add(
        "10x the agencies costs <= 11x the time (gc on)",
        f"worst {worst:.1f}x",
        worst <= 11 and f["gc_enabled"],
        ", ".join(f"{k}: {v:.1f}x" for k, v in f["scaling_ratios"].items())
        + "; time in the garbage collector: "
        + ", ".join(f"{int(k):,}: {v:.0%}" for k, v in f["scaling_gc_share"].items()),
    )
    cli = f["cli"]
    add(
        "cold `indicator-index validate` <= 12x a bare interpreter (CPU time)",
        f"{cli['cpu_ratio']:.1f}x",
        cli["cpu_ratio"] <= 12,
        f"user+sys median of {cli['cpu_runs']}: {cli['validate_cpu_ms']:.0f} ms against {cli['bare_python_cpu_ms']:.1f} ms, bytecode cached; "
        f"{cli['cpu_ratio_no_bytecode_cache']:.1f}x with no bytecode cache; `import indicator_index` alone {cli['import_cpu_ms']:.0f} ms; "
        f"wall {cli['validate_ms']:.0f} ms",
    )
    load = f["load"]
    add(
        f"load + validate {load['ruleset']} <= 1.3x the tomllib parse of the file",
        f"{load['ratio']:.2f}x",
        load["ratio"] <= 1.3,
        f"{load['load_validate_ms']:.1f} ms against {load['tomllib_only_ms']:.1f} ms",
    )
    if "zen" in per:
        ratio = per["zen"] / per["batch"]
        own = f["zen"]["engine_reported_seconds_per_agency_median"] * 1e6
        add("ahead of zen-engine per agency-evaluation", _faster(ratio), ratio > 1, f"ZEN's own reported time: {own:.0f} µs")
    else:
        add("ahead of zen-engine per agency-evaluation", "not measured", False, f["zen"]["skipped"])
    if "simpleeval" in per:
        ratio = per["simpleeval"] / per["batch"]
        add(">= 5x ahead of simpleeval", _faster(ratio), ratio >= 5)
    else:
        add(">= 5x ahead of simpleeval", "not measured", False, f["simpleeval"]["skipped"])
    agree = f["agreement"]
    add(
        "batch, traced and both hand-written functions give the same results",
        f"{agree['agencies']} agencies",
        agree["batch_equals_traced"] and agree["same_work_equals_traced"] and agree["baseline_equals_traced"] and agree["rows_in_engine_order"],
        "totals, bands and ranks, agency by agency; the what-if totals too, and those of rescoring each variant in full"
        if what_if["hand_written_equal"] and what_if["full_rescore_equal"]
        else "**the what-if totals differ**",
    )
    if "zen" in per and "simpleeval" in per:
        add(
            "peers compute the same totals",
            "simpleeval exact, ZEN within 0.01",
            f["simpleeval"]["totals_equal"] and f["zen"]["within_tolerance"],
            f"ZEN max \\|diff\\| {f['zen']['max_abs_difference']}",
        )
    return rows


def _faster(ratio: float) -> str:
    """A peer's time over the batch path's, in words."""
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"


def render(f: dict[str, Any]) -> str:
    """The figures as Markdown tables."""
    per = f["seconds_per_agency"]
    hw = per["hand_written"]
    lines = ["| per agency-evaluation | µs | vs hand-written |", "|---|---:|---:|"]
    names = {
        "hand_written": "hand-written, same work (`baseline.score_rows`: rows, settled)",
        "hand_written_light": "hand-written, lighter (`baseline.score_cohort`: dicts, nothing settled)",
        "batch": "batch path (`BatchScorer.totals` on a checked cohort)",
        "batch_with_checks": "batch path from submissions (checks included)",
        "traced": "traced path (`score`, from submissions, traces not read)",
        "traced_read": "traced path, every trace read",
        "checks_only": "checking submissions alone (`prepare`)",
        "traced_without_checks": "traced path less the checks (difference of the two above)",
        "zen": f"zen-engine, JDM graph ({f['zen'].get('fastest_call')})",
        "simpleeval": "simpleeval, one expression per criterion",
    }
    for key, label in names.items():
        if key in per:
            lines.append(f"| {label} | {per[key] * 1e6:,.1f} | {per[key] / hw:.2f}x |")
    lines += ["", "| agencies | batch path, s | per agency, µs |", "|---:|---:|---:|"]
    for size, seconds in f["scaling_seconds"].items():
        lines.append(f"| {int(size):,} | {seconds:.4f} | {seconds / int(size) * 1e6:.1f} |")
    lines += ["", "| 100,000 agency-evaluations, each in a fresh process | s | peak RSS, MB |", "|---|---:|---:|"]
    w, c, parallel = f["what_if_100k"], f["cohort_100k"], f["what_if_100k_parallel"]
    lines += [
        f"| what-if: 1,000 variants of 100 agencies (`scenarios`) | {w['seconds']:.2f} | {w['peak_rss_mb']:.0f} |",
        f"| the same variants, hand-written same-work function | {w['hand_written_seconds']:.2f} | |",
        f"| what-if over {parallel['workers']} processes (pool start-up included) | {parallel['seconds']:.2f} | |",
        f"| one cohort of 100,000 agencies, batch totals (rows repeated in memory) | {c['seconds']:.2f} | {c['peak_rss_mb']:.0f} |",
    ]
    for key, label in (
        ("csv_100k", "100,000 agencies from CSV: `read_cohort`, batch totals"),
        ("csv_100k_traced", "100,000 agencies from CSV: `read_cohort`, `score`"),
    ):
        run = f[key]
        lines.append(f"| {label} | {run['seconds']:.1f} | {run['peak_rss_mb']:.0f} |")
    lines += ["", "| target | figure | met | note |", "|---|---|---|---|"]
    for row in f["targets"]:
        lines.append(f"| {row['target']} | {row['figure']} | {'yes' if row['met'] else '**no**'} | {row['note']} |")
    m = f["machine"]
    lines += [
        "",
        f"Ruleset: {f['ruleset']['id']} ({f['ruleset']['criteria']} criteria, {f['ruleset']['bonuses']} bonuses, {f['ruleset']['penalties']} penalties, "
        f"{f['ruleset']['indicators']} indicators); ratios on {f['agreement']['agencies']} agencies; compile once: {f['compile_ms']:.1f} ms.",
        f"Machine: {m['cpu']}, {m['nproc']} CPUs, {m['implementation']} {m['python']}; load average {m['load_average_at_start'][0]:.2f} at start, "
        f"{m['load_average_at_end'][0]:.2f} at end; {f['elapsed_seconds']:.0f} s in all ({f['mode']}); garbage collector "
        f"{'on' if f['gc_enabled'] else 'OFF'}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
