"""
How the time to report a ruleset's problems grows with their number.

A ruleset with many problems (a generated file gone wrong, an upload meant to
hurt) must be reported in time linear in the number of problems: each problem
is located through indexes built once per file, not by a scan of the text per
problem. This script builds rulesets with 1,000 and 10,000 broken criteria,
times ``parse_ruleset`` up to the printed error (the minimum of a few runs) and
prints the ratio; linear is about 10, the old scan per problem gave about 100.

A benchmark figure, not a timed test: the ratio wanders on a loaded machine.
For reference, the last column is the same ratio for ``tomllib.loads`` of the
same texts, the part of the work no problem report adds to: Python's garbage
collector makes even that grow a little faster than the text (``--no-gc``
shows the figures without it).

    python benchmarks/problems.py [--repeat 3] [--no-gc]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

import tomllib


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import indicator_index as ii  # noqa: E402 - after the path is set, to run from a checkout


BASE = (ROOT / "tests" / "data" / "valid" / "minimal.toml").read_text(encoding="utf-8")

# Each kind adds one broken criterion per problem: a wrong type (found while structuring) or an unknown section (found by the checks of meaning).
KINDS: dict[str, Callable[[int], str]] = {
    "wrong type": lambda i: (
        f'\n[[criteria]]\nid = "x{i}"\nsection = "main"\nlabel = {{ en = "X" }}\nmax_points = "0"\n'
        'rule = { kind = "yes_no", indicator = "has_plan" }\nprovenance = { status = "decision", citation = "A" }\n'
    ),
    "unknown section": lambda i: (
        f'\n[[criteria]]\nid = "x{i}"\nsection = "nowhere"\nlabel = {{ en = "X" }}\nmax_points = 0\n'
        'rule = { kind = "yes_no", indicator = "has_plan" }\nprovenance = { status = "decision", citation = "A" }\n'
    ),
}


def ruleset_text(kind: str, count: int) -> str:
    """The minimal ruleset with *count* criteria broken in the way *kind* names."""
    return BASE + "".join(KINDS[kind](i) for i in range(count))


def report(text: str) -> tuple[int, int]:
    """Parse *text*, which must fail; the number of problems and the length of the printed error."""
    try:
        ii.parse_ruleset(text, source="many.toml")
    except ii.RulesetError as exc:
        return len(exc.problems), len(str(exc))
    raise AssertionError("the ruleset was expected to be invalid")


def timed(text: str, repeat: int) -> tuple[float, int]:
    """The fastest of *repeat* runs of :func:`report`, in seconds, and the number of problems."""
    best = float("inf")
    problems = 0
    for _ in range(repeat):
        start = time.perf_counter()
        problems, _ = report(text)
        best = min(best, time.perf_counter() - start)
    return best, problems


def parsed(text: str, repeat: int) -> float:
    """The fastest of *repeat* runs of ``tomllib.loads`` of *text*, in seconds (the reference)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        tomllib.loads(text)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    """Time 1,000 and 10,000 problems of each kind and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts (default: 3)")
    parser.add_argument("--no-gc", action="store_true", help="switch the garbage collector off while timing")
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()
    print(f"{'kind':<16} {'problems':>9} {'seconds':>9}   {'problems':>9} {'seconds':>9}   ratio   tomllib ratio")
    for kind in KINDS:
        texts = ruleset_text(kind, 1_000), ruleset_text(kind, 10_000)
        (small, n_small), (large, n_large) = (timed(text, args.repeat) for text in texts)
        reference = parsed(texts[1], args.repeat) / parsed(texts[0], args.repeat)
        print(f"{kind:<16} {n_small:>9,} {small:>9.3f}   {n_large:>9,} {large:>9.3f}   {large / small:5.1f}   {reference:13.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
