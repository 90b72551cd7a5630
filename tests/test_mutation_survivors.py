"""
Tests written for mutants that survived ``scripts/mutation.sh`` (see ``docs/mutation.md``).

Each test pins a result that one surviving mutant of the engine's arithmetic changed without any other test
noticing; the expected values are worked by hand from ``docs/scoring.md``, not read off the engine.
"""

from __future__ import annotations
