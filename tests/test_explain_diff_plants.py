"""
Wrong lines planted in the engine, which the oracle properties must catch (issue #15, acceptance).

Each test replaces one line of ``indicator_index._explain`` or ``indicator_index._diff`` for
the duration of the test (the function is recompiled from its source with the line swapped,
and monkeypatched in), then runs the property checks of ``tests/property/test_explain_oracle.py``
and ``tests/property/test_diff_completeness.py`` on a fixed list of examples: unplanted, every
example passes; planted, every example fails. ``docs/mutation.md`` ("Oracle plants:
explanations and diffs") describes the plants.

If a planted line is no longer in the engine (the code was reworded), the test fails saying
so: update the plant to the new wording, so that it still plants the same mistake.
"""

from __future__ import annotations
import __future__

import inspect
import sys
import textwrap
from collections.abc import Callable

import pytest

import indicator_index as ii
from indicator_index import _diff, _explain
from tests.property.test_diff_completeness import check_edit, edits
from tests.property.test_explain_oracle import check_gap, check_why_not
from tests.test_explain_diff_examples import best_cohort, best_ruleset, gap_cohort, gap_ruleset, group_max_cohort, group_max_ruleset


def plant(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, line: str, wrong: str) -> None:
    """Replace *line* (a fragment found exactly once) of function *name* of *owner* (a module or class) with *wrong*."""
    function = getattr(owner, name)
    source = textwrap.dedent(inspect.getsource(function))
    assert source.count(line) == 1, f"{name} no longer has the line to plant once: {line!r}"
    module = sys.modules[function.__module__]
    namespace = dict(vars(module))
    flags = __future__.annotations.compiler_flag
    exec(compile(source.replace(line, wrong), f"<{name} with a planted line>", "exec", flags=flags, dont_inherit=True), namespace)  # noqa: S102
    monkeypatch.setattr(owner, name, namespace[name])


def caught(monkeypatch: pytest.MonkeyPatch, examples: list[Callable[[], object]], *where: object, line: str, wrong: str) -> None:
    """Every example passes as the engine is, and fails its check with the line planted."""
    assert examples
    for example in examples:
        example()
    with monkeypatch.context() as m:
        plant(m, *where, line=line, wrong=wrong)  # type: ignore[misc]
        for example in examples:
            with pytest.raises(AssertionError):
                example()


def _diff_examples(op: str) -> list[Callable[[], object]]:
    ruleset = ii.load_ruleset("example-2024")
    return [lambda e=e: check_edit(ruleset, e) for e in edits(ruleset) if e.op == op]


class TestDiffPlants:
    """Plants in ``_diff._compare``, caught by the diff completeness check."""

    def test_mapping_key_added_is_dropped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """D1: a mapping field compared over the keys it had before only: a key added (``max_points_by_group.h``, a new option's points) is not reported."""
        examples = _diff_examples("map-add")
        caught(monkeypatch, examples, _diff, "_compare", line="for key in dict.fromkeys([*before, *after]):", wrong="for key in before:")

    def test_entry_added_to_a_list_with_ids_is_dropped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """D2: a list with ids (parts, alternatives, options) compared over the ids it had before only: an entry added is not reported."""
        examples = _diff_examples("id-add")
        caught(monkeypatch, examples, _diff, "_compare", line="for key in dict.fromkeys([*old, *new]):", wrong="for key in old:")


class TestExplainPlants:
    """Plants in ``_explain``, caught by the explanation checks against the oracle."""

    def test_best_in_group_without_the_agency_itself(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """E1: the best in the group taken among the other agencies only: an agency holding the best is not named."""
        example_2024 = ii.load_ruleset("example-2024")
        sample = ii.read_submissions("example-2024", example_2024)
        examples = [
            lambda: check_why_not(best_ruleset(), best_cohort(), "a"),
            lambda: check_why_not(best_ruleset(), best_cohort(), "c"),
            lambda: check_why_not(example_2024, sample, "so-noi-vu"),
        ]
        caught(monkeypatch, examples, _explain, "_benchmarks", line="pairs.append((model.score.agency, own))", wrong="pass")

    def test_best_in_group_listed_once_per_leaf(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """E2: one benchmark per relative or min-max leaf, not per indicator and direction: the same best listed twice."""
        examples = [lambda agency=agency: check_why_not(best_ruleset(), best_cohort(), agency) for agency in ("a", "b", "c")]
        caught(monkeypatch, examples, _explain, "_benchmarks", line="if benchmark not in out:", wrong="if True:")

    def test_gap_model_without_the_bonus(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        E3: the plan's model of the total forgets the bonus points. It then thinks the agency
        further from the band than it is, and plans a change more than needed: ``hand-gap``'s
        ``a`` gets the portal and a share of 0.6667, where the portal alone reaches 70.
        The promised total is still the re-scored one, so only minimality can see it.
        """
        examples = [lambda: check_gap(gap_ruleset(), gap_cohort(), "a")]
        caught(
            monkeypatch,
            examples,
            _explain._Model,
            "evaluate",
            line="clamped(base, adjust[0], adjust[1], rs.scale)",
            wrong="clamped(base, ZERO, adjust[1], rs.scale)",
        )

    def test_suggestion_on_the_base_maximum(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        E4: the model evaluates the items of another group's plan (the first group's), so an item is not
        scaled to the agency's own group maximum: the suggestion promises points the re-scored cohort does not give.
        """
        examples = [lambda: check_why_not(group_max_ruleset(), group_max_cohort(), "x")]
        caught(
            monkeypatch,
            examples,
            _explain._Model,
            "_entry_points",
            line="item_binder(self.plan, self.score.group, e.item.id)",
            wrong="item_binder(self.plan, self.ruleset.groups[0].id, e.item.id)",
        )
