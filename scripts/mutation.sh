#!/usr/bin/env bash
# Mutation testing of the scoring engine with mutmut 3 (on demand, not in CI).
#
#   scripts/mutation.sh [WORKDIR]      run, then print the summary and the survivors
#   scripts/mutation.sh --results DIR  print the summary of an earlier run again
#
# Mutates the engine's arithmetic: src/indicator_index/_arithmetic.py (settling,
# shares, rescaling, caps, clamp, rounding, bands, ranks), _plan.py (the compiled
# plan: one closure per rule kind, the aggregation, group statistics) and
# _scoring.py (the input checks and the traces). _rules.py is not mutated: since
# the one engine its rule classes are data and compute no points. Each mutant
# runs the engine's tests, the independent oracle's among them. The run happens
# in a copy of the repository (WORKDIR, default: $TMPDIR/indicator-index-mutation),
# so the checkout never gets a mutants/ directory and a run can go on while you
# work. The mutmut configuration is written there as setup.cfg; pyproject.toml
# needs none.
# mutmut needs fork(): Linux or macOS (on Windows, WSL). Install it into the
# venv with `python -m pip install mutmut`. About 2,060 mutants; about an hour on
# two cores (MUTATE="_arithmetic.py _plan.py": about 1,030, half an hour). An
# interrupted run goes on where it stopped with `cd WORKDIR && python -m mutmut run`
# (mutmut keeps each mutant's result; removing a module from only_mutate in
# WORKDIR/setup.cfg keeps the others'). See docs/mutation.md for the last score
# and the survivors.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python}"

summary() {
    cd "$1"
    "$python" - <<'PY'
import collections, subprocess, sys
out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], capture_output=True, text=True, check=True).stdout
status = collections.Counter(line.rsplit(": ", 1)[1] for line in out.splitlines() if ": " in line)
total = sum(status.values())
killed = status.get("killed", 0) + status.get("caught by type check", 0) + status.get("timeout", 0)
considered = total - status.get("no tests", 0) - status.get("skipped", 0)
print(f"mutants: {total}  " + "  ".join(f"{k}: {v}" for k, v in sorted(status.items())))
if considered:
    print(f"score: {killed}/{considered} = {100 * killed / considered:.1f}% killed (timeouts count as killed; mutants without tests left out)")
print("survivors (show one with: python -m mutmut show NAME):")
for line in out.splitlines():
    if ": " in line and not line.rstrip().endswith(": killed"):
        print("  " + line.strip())
PY
}

if [[ "${1:-}" == "--results" ]]; then
    summary "${2:?usage: scripts/mutation.sh --results WORKDIR}"
    exit 0
fi

work="${1:-${TMPDIR:-/tmp}/indicator-index-mutation}"
rm -rf "$work"
mkdir -p "$work"
cp -r "$repo/src" "$repo/tests" "$repo/rulesets" "$repo/samples" "$repo/docs" "$repo/pyproject.toml" "$work/"
# The tests: the oracle's properties and hand-worked examples (the strongest check),
# the arithmetic's and the one engine's tests, the edge and scoring properties and
# the scoring, case, Da Nang, robustness and error-catalogue tests. Of the oracle
# plants only the unplanted run: the plants test the oracle, not the engine, and
# each takes seconds. Left out: the hash-seed tests (they score in fresh
# interpreters that import the unmutated package) and two checks that read the
# engine's source text (one definition per arithmetic rule, no quotient outside
# _arithmetic.py), which mutmut's rewritten copy of the source cannot pass.
# MUTATE names the modules to mutate (default: all three); MUTATE="_arithmetic.py _plan.py"
# leaves out the input checks' thousand mutants and halves the run.
only_mutate="$(for f in ${MUTATE:-_arithmetic.py _plan.py _scoring.py}; do printf '    src/indicator_index/%s\n' "$f"; done)"
cat > "$work/setup.cfg" <<CFG
[mutmut]
timeout_multiplier = 5
source_paths = src/
only_mutate =
$only_mutate
also_copy =
    rulesets/
    samples/
    docs/
pytest_add_cli_args_test_selection =
    tests/property/test_oracle_properties.py
    tests/property/test_edges.py
    tests/property/test_scoring_properties.py
    tests/test_oracle_examples.py
    tests/test_oracle_plants.py::test_unplanted_engine_agrees
    tests/test_arithmetic.py
    tests/test_one_engine.py
    tests/test_mutation_survivors.py
    tests/test_scoring.py
    tests/test_cases.py
    tests/test_danang.py
    tests/test_robustness.py
    tests/test_error_catalogue.py
pytest_add_cli_args =
    -p
    no:cacheprovider
    -k
    not hash_seeds and not no_quotient_outside_the_arithmetic and not defined_once
CFG
# In the copy only, a "mutation" Hypothesis profile: few examples, the same
# ones for every mutant (derandomised), no shrinking (a failure is all a kill
# needs, and shrinking a mutant's failure can take minutes), and no health
# checks (mutmut runs each test from several executors, which Hypothesis flags).
cat >> "$work/tests/conftest.py" <<'PY'


from hypothesis import Phase  # noqa: E402

settings.register_profile(
    "mutation",
    max_examples=int(os.environ.get("MUTATION_EXAMPLES", "15")),
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("mutation")
PY
cd "$work"
"$python" -m mutmut run --max-children "${JOBS:-2}"
summary "$work"
