"""Shared fixtures and Hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings


# ci: many examples, the same on every run, so that a green run stays green on a fresh machine.
# dev: fewer, random examples. deep: a bug hunt run by hand (HYPOTHESIS_PROFILE=deep), random
# and ten times ci; what it finds becomes an @example or an edge test.
settings.register_profile("ci", max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("deep", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """
    In CI (``INDICATOR_INDEX_REQUIRE_DOCS=1``, set by ``.ci/run``) a skipped test is a failure: every
    optional dependency (openpyxl, pandas, the docs tool chain) is installed there, so a skip could
    only hide a test that no longer runs.
    """
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("INDICATOR_INDEX_REQUIRE_DOCS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be skipped: {report.longrepr}"
