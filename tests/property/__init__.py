"""Property-based tests (Hypothesis): invariants of scoring and loading."""
