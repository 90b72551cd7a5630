"""
The benchmark harness: every figure of issue 7 in one run, as ratios, each target reported as met or not.

    python benchmarks/run.py                 # the full run (a few minutes)
    python benchmarks/run.py --quick         # under a minute, fewer agencies and repeats
    python benchmarks/run.py --json out.json # also write every figure as JSON

What is measured (per agency-evaluation = one agency scored under the ~100-criterion
benchmark ruleset, ``bench-100.toml``, in a cohort that needs the group statistics,
exclusions, bonus/penalty, rounding, bands and ranks):

* the batch path (``BatchScorer.totals`` on a checked cohort) and the traced path
  (``score``, from submissions, with the full trace) against the straight-line
  function in ``baseline.py``, all three checked to give the same totals, bands
  and ranks;
* the peers running the same rules: a ZEN decision graph (per agency, through
  its Python API; totals compared in float within a tolerance) and simpleeval
  expressions per criterion (exact ``Decimal``);
* scaling of the batch path with 100, 1,000, 10,000 and 100,000 agencies;
* 100,000 agency-evaluations as a what-if run (1,000 variants of a 100-agency
  cohort) and as one 100,000-agency cohort, with the peak memory of each in a
  fresh process; and the what-if run split over every CPU;
* loading and validating the 448 ruleset against ``tomllib`` parsing alone, and
  a cold ``indicator-index validate``.

Timing is ``time.perf_counter``, the minimum of several repeats after a warm-up.
The machine, the load average and the versions are recorded with the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
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

from indicator_index import load_ruleset, score  # noqa: E402
from indicator_index._batch import BatchScorer, Cohort  # noqa: E402
from indicator_index._arithmetic import CONTEXT as _CONTEXT  # noqa: E402
from indicator_index._scoring import prepare  # noqa: E402


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BENCH = HERE / "bench-100.toml"
RULESET_448 = ROOT / "rulesets" / "danang-448-2022.toml"
RULESET_FALLBACK = ROOT / "rulesets" / "example-2024.toml"
ZEN_TOLERANCE = 0.0101  # ZEN works in float: totals may differ by a cent where a float lands on the other side of half a cent

MODES = {
    # agencies for the ratios, repeats, agencies for ZEN and simpleeval, repeats per scaling size, load repeats, CLI repeats
    "quick": {"cohort": 300, "repeats": 5, "zen": 150, "simpleeval": 30, "scaling": {100: 7, 1_000: 3, 10_000: 2, 100_000: 0}, "load": 20, "cli": 3},
    "full": {"cohort": 1_000, "repeats": 9, "zen": 500, "simpleeval": 100, "scaling": {100: 21, 1_000: 9, 10_000: 3, 100_000: 2}, "load": 100, "cli": 9},
}


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
        _short=cohort._short,  # the same values: as short as the cohort's
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


def child(kind: str) -> None:
    """Run one 100,000 agency-evaluation workload in this (fresh) process and print its time and peak RSS as JSON."""
    ruleset = load_ruleset(BENCH)
    scorer = BatchScorer(ruleset)
    base = scorer.cohort(generate.submissions(generate.cohort_records(ruleset, 100 if kind == "scenarios" else 1_000, seed=11)))
    if kind == "scenarios":
        todo = variants(base, ruleset, 1_000, seed=12)
        start = time.perf_counter()
        kept = [result.totals for result in scorer.scenarios(base, todo)]
        elapsed = time.perf_counter() - start
        evaluations = sum(len(t) for t in kept)
    else:
        cohort = replicate(base, 100_000)
        start = time.perf_counter()
        result = scorer.totals(cohort)
        elapsed = time.perf_counter() - start
        evaluations = len(result.totals)
    print(json.dumps({"kind": kind, "evaluations": evaluations, "seconds": elapsed, "peak_rss_mb": peak_rss_mb()}))


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


def run_child(kind: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind], capture_output=True, text=True, check=True)  # noqa: S603
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
    """Do the traced path, the batch path and the straight-line function agree, agency by agency?"""
    traced = score(ruleset, subs)
    batch = scorer.totals(cohort)
    totals, bands, ranks = baseline.score_cohort(records)
    want = {s.agency: (s.total, s.band, s.rank) for s in traced.scores}
    got_batch = {a: (t, b, r) for a, t, b, r in zip(batch.agencies, batch.totals, batch.bands, batch.ranks, strict=True)}
    got_line = {rec[0]: (t, b, r) for rec, t, b, r in zip(records, totals, bands, ranks, strict=True)}
    return {
        "agencies": len(subs),
        "batch_equals_traced": got_batch == want,
        "baseline_equals_traced": got_line == want,
        "bands": {b: sum(1 for x in batch.bands if x == b) for b in ("good", "fair", "average", "weak")},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer agencies and repeats: under a minute")
    parser.add_argument("--json", metavar="FILE", help="write every figure to FILE as JSON")
    parser.add_argument("--child", choices=("scenarios", "cohort"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0

    mode = "quick" if args.quick else "full"
    cfg = MODES[mode]
    began = time.perf_counter()
    figures: dict[str, Any] = {"mode": mode, "machine": machine()}
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
    figures["compile_ms"] = best_of(lambda: BatchScorer(ruleset), cfg["repeats"]) * 1e3

    # -- engine vs the straight-line function
    reps = cfg["repeats"]
    per = {
        name: seconds / n
        for name, seconds in best_of_each({"hand_written": lambda: baseline.score_cohort(records), "batch": lambda: scorer.totals(cohort)}, 3 * reps).items()
    }
    slow = {
        "batch_with_checks": lambda: scorer.totals(subs),
        "traced": lambda: score(ruleset, subs),
        "checks_only": lambda: prepare(ruleset, subs),
        "hand_written_again": lambda: baseline.score_cohort(records),
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
    for turn in range(max(cfg["scaling"].values())):
        for size, big in cohorts.items():
            if turn < cfg["scaling"][size]:
                start = time.perf_counter()
                scorer.totals(big)
                scaling[size] = min(scaling[size], time.perf_counter() - start)
    del cohorts

    # -- 100,000 agency-evaluations, each in a fresh process for its peak memory
    figures["what_if_100k"] = run_child("scenarios")
    figures["cohort_100k"] = run_child("cohort")
    figures["what_if_100k_parallel"] = parallel_scenarios(os.cpu_count() or 1)
    # The fresh process's 100,000-agency cohort is one more sample of that size.
    scaling[100_000] = min(scaling[100_000], figures["cohort_100k"]["seconds"])
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
    return {"command": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(command)), "validate_ms": validate * 1e3, "bare_python_ms": bare * 1e3}


def targets(f: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of the issue, its figure and whether it is met."""
    per = f["seconds_per_agency"]
    rows = []

    def add(name: str, figure: str, met: bool, note: str = "") -> None:
        rows.append({"target": name, "figure": figure, "met": bool(met), "note": note})

    ratio = per["batch"] / per["hand_written"]
    add("batch path <= 1.5x the hand-written function", f"{ratio:.2f}x", ratio <= 1.5)
    ratio = per["traced"] / per["hand_written"]
    add("traced path <= 5x the hand-written function", f"{ratio:.1f}x", ratio <= 5, "from submissions: includes checking them")
    if "zen" in per:
        ratio = per["zen"] / per["batch"]
        own = f["zen"]["engine_reported_seconds_per_agency_median"] * 1e6
        add("faster than zen-engine per agency-evaluation", f"{ratio:.1f}x faster", ratio > 1, f"ZEN's own reported time: {own:.0f} µs")
    else:
        add("faster than zen-engine per agency-evaluation", "not measured", False, f["zen"]["skipped"])
    if "simpleeval" in per:
        ratio = per["simpleeval"] / per["batch"]
        add(">= 5x faster than simpleeval", f"{ratio:.0f}x faster", ratio >= 5)
    else:
        add(">= 5x faster than simpleeval", "not measured", False, f["simpleeval"]["skipped"])
    worst = max(f["scaling_ratios"].values())
    add("10x the agencies costs <= 11x the time", f"worst {worst:.1f}x", worst <= 11, ", ".join(f"{k}: {v:.1f}x" for k, v in f["scaling_ratios"].items()))
    what_if = f["what_if_100k"]
    limit = per["hand_written"] * 100_000
    add(
        "100,000 agency-evaluations <= 3 s",
        f"{what_if['seconds']:.2f} s",
        what_if["seconds"] <= 3,
        f"1,000 what-if variants of 100 agencies, one process; the hand-written function would need {limit:.2f} s",
    )
    cohort = f["cohort_100k"]
    add("100,000 agency-evaluations <= 3 s (one cohort)", f"{cohort['seconds']:.2f} s", cohort["seconds"] <= 3, "one cohort of 100,000 agencies, one process")
    parallel = f["what_if_100k_parallel"]
    add(
        "100,000 agency-evaluations <= 3 s (all CPUs)",
        f"{parallel['seconds']:.2f} s",
        parallel["seconds"] <= 3,
        f"the what-if run over {parallel['workers']} processes, pool start-up included",
    )
    peak = max(what_if["peak_rss_mb"], cohort["peak_rss_mb"])
    add(
        "100,000 agency-evaluations <= 300 MB peak",
        f"{peak:.0f} MB",
        peak <= 300,
        f"what-if {what_if['peak_rss_mb']:.0f} MB, one cohort {cohort['peak_rss_mb']:.0f} MB (peak RSS)",
    )
    load = f["load"]
    add(
        f"load + validate {load['ruleset']} <= 10 ms warm",
        f"{load['load_validate_ms']:.1f} ms",
        load["load_validate_ms"] <= 10,
        f"tomllib alone {load['tomllib_only_ms']:.1f} ms",
    )
    cli = f["cli"]
    add(
        "cold `indicator-index validate` <= 300 ms",
        f"{cli['validate_ms']:.0f} ms",
        cli["validate_ms"] <= 300,
        f"bare interpreter {cli['bare_python_ms']:.0f} ms",
    )
    agree = f["agreement"]
    add(
        "batch, traced and hand-written give the same results",
        f"{agree['agencies']} agencies",
        agree["batch_equals_traced"] and agree["baseline_equals_traced"],
    )
    if "zen" in per and "simpleeval" in per:
        add(
            "peers compute the same totals",
            "simpleeval exact, ZEN within 0.01",
            f["simpleeval"]["totals_equal"] and f["zen"]["within_tolerance"],
            f"ZEN max \\|diff\\| {f['zen']['max_abs_difference']}",
        )
    return rows


def render(f: dict[str, Any]) -> str:
    """The figures as Markdown tables."""
    per = f["seconds_per_agency"]
    hw = per["hand_written"]
    lines = ["| per agency-evaluation | µs | vs hand-written |", "|---|---:|---:|"]
    names = {
        "hand_written": "hand-written straight-line function (baseline.py)",
        "batch": "batch path (`BatchScorer.totals` on a checked cohort)",
        "batch_with_checks": "batch path from submissions (checks included)",
        "traced": "traced path (`score`, from submissions, full trace)",
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
    lines += ["", "| target | figure | met | note |", "|---|---|---|---|"]
    for row in f["targets"]:
        lines.append(f"| {row['target']} | {row['figure']} | {'yes' if row['met'] else '**no**'} | {row['note']} |")
    m = f["machine"]
    lines += [
        "",
        f"Ruleset: {f['ruleset']['id']} ({f['ruleset']['criteria']} criteria, {f['ruleset']['bonuses']} bonuses, {f['ruleset']['penalties']} penalties, "
        f"{f['ruleset']['indicators']} indicators); ratios on {f['agreement']['agencies']} agencies; compile once: {f['compile_ms']:.1f} ms.",
        f"Machine: {m['cpu']}, {m['nproc']} CPUs, {m['implementation']} {m['python']}; load average {m['load_average_at_start'][0]:.2f} at start, "
        f"{m['load_average_at_end'][0]:.2f} at end; {f['elapsed_seconds']:.0f} s in all ({f['mode']}).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
