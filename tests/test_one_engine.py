"""
One engine: every path computes through the ruleset's compiled plan, the arithmetic is written once, traces are
built when read, and what the engine says is a code with parameters.
"""

from __future__ import annotations

import ast
import pickle
import threading
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

import indicator_index as ii
from indicator_index._arithmetic import CONTEXT
from indicator_index._messages import CATALOGUE, Message
from indicator_index._model import Trace


PACKAGE = Path(ii.__file__).resolve().parent


@pytest.fixture(scope="module")
def city() -> ii.Assessment:
    """The sample city under Decision 448."""
    ruleset = ii.load_ruleset("danang-448-2022")
    return ii.score(ruleset, ii.read_submissions("danang-2021", ruleset))


def _fresh() -> ii.Assessment:
    ruleset = ii.load_ruleset("danang-448-2022")
    return ii.score(ruleset, ii.read_submissions("danang-2021", ruleset))


class TestOneArithmetic:
    """The rules of the arithmetic are defined in one module, and rules are data."""

    NAMES = frozenset(
        {
            "settle",
            "share",
            "round_points",
            "round_total",
            "capped",
            "clamped",
            "section_share",
            "band_of",
            "competition_ranks",
            "half_even",
            "to_odd",
            "rounded",
            "points_units",
            "section_shares",
            "total_units",
            "times",
            "settle_fine",
            "rescaled",
            "round_each",
        }
    )

    def test_defined_once(self) -> None:
        """No module but ``_arithmetic`` defines a function with the name of one of its rules."""
        defined: dict[str, list[str]] = {}
        for path in sorted(PACKAGE.glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in self.NAMES:
                    defined.setdefault(node.name, []).append(path.stem)
        assert defined == {name: ["_arithmetic"] for name in self.NAMES}

    def test_rules_compute_nothing(self) -> None:
        """A rule kind has no ``points`` method: its points are computed by the plan's closure, in one place."""
        tree = ast.parse((PACKAGE / "_rules.py").read_text(encoding="utf-8"))
        methods = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert "points" not in methods
        for kind in (ii.Proportional, ii.Ratio, ii.Relative, ii.MinMax, ii.Tiers, ii.YesNo, ii.Choice, ii.PerItem, ii.SumOf, ii.BestOf, ii.Info):
            assert not hasattr(kind, "points")

    def test_no_quotient_outside_the_arithmetic(self) -> None:
        """The plan and the engine divide and round nowhere themselves: every quotient is one of the arithmetic module's."""
        for module in ("_plan", "_scoring", "_batch"):
            tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
            divisions = [
                node.lineno
                for node in ast.walk(tree)
                if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod))
                or (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("divmod", "round"))
                or (isinstance(node, ast.Attribute) and node.attr == "quantize")
            ]
            assert divisions == [], (module, divisions)


class TestTracesOnDemand:
    """Totals come from the plan; a score's trace is built when first read, once."""

    def test_not_built_until_read(self) -> None:
        """Scoring builds no trace; reading one agency's criteria builds that agency's trace only."""
        assessment = _fresh()
        traces = [s._trace for s in assessment.scores]
        assert all(t._parts == {} for t in traces)
        first = assessment.scores[0]
        assert first.criteria
        assert traces[0]._parts != {}
        assert all(t._parts == {} for t in traces[1:])

    def test_built_once(self) -> None:
        """Every read returns the same objects."""
        s = _fresh().scores[0]
        assert s.criteria is s.criteria
        assert s.notes is s.notes
        assert s.criterion(s.criteria[0].criterion) is s.criteria[0]

    def test_threads_read_identical_traces(self) -> None:
        """Sixteen threads reading the same traces at once all get the very same objects."""
        assessment = _fresh()
        start = threading.Barrier(16)
        seen: list[list[tuple[object, ...]]] = [[] for _ in range(16)]

        def read(k: int) -> None:
            start.wait()
            seen[k] = [(s.criteria, s.sections, s.bonuses, s.penalties, s.notes) for s in assessment.scores]

        threads = [threading.Thread(target=read, args=(k,)) for k in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k in range(1, 16):
            assert len(seen[k]) == len(seen[0])
            for mine, first in zip(seen[k], seen[0], strict=True):
                assert all(a is b for a, b in zip(mine, first, strict=True))

    def test_totals_agree_with_the_trace(self, city: ii.Assessment) -> None:
        """The totals the plan computed are the sums of the trace built from it."""
        with localcontext(CONTEXT):  # sums at the engine's precision, exact
            self._agree(city)

    @staticmethod
    def _agree(city: ii.Assessment) -> None:
        for s in city.scores:
            counted = [r for r in s.criteria if r.points is not None]
            assert s.earned == sum((r.points for r in counted), Decimal(0))
            assert s.applicable_max == sum((r.max_points for r in counted), Decimal(0))
            adjustment = {r.section for r in (*s.bonuses, *s.penalties)}
            if s.base is not None:
                assert s.base == sum((sec.scaled for sec in s.sections if sec.section not in adjustment), Decimal(0))

    def test_equal_and_picklable(self, city: ii.Assessment) -> None:
        """Two scorings of the same data are equal; an assessment survives pickling with its traces."""
        again = _fresh()
        assert again == city
        assert hash(again.scores[0]) == hash(city.scores[0])
        restored = pickle.loads(pickle.dumps(city))  # noqa: S301 - our own object, round-tripped in the test
        assert restored == city
        assert restored.scores[3].criteria == city.scores[3].criteria

    def test_trace_equality_is_by_parts(self) -> None:
        """A trace compares by what it holds, built or not."""
        parts = ((), (), (), (), ("x",))
        assert Trace(parts=parts) == Trace(build=lambda: parts)
        assert Trace(parts=parts) != Trace(parts=((), (), (), (), ("y",)))


class TestMessages:
    """Reasons, notes and problems are codes with parameters, whose text is today's English."""

    def test_reasons_and_notes_are_codes(self, city: ii.Assessment) -> None:
        """Every non-empty reason and every note of the sample city is a catalogued Message."""
        seen = set()
        for s in city.scores:
            for r in (*s.criteria, *s.bonuses, *s.penalties):
                if r.reason:
                    assert isinstance(r.reason, Message)
                    seen.update(p.code for p in r.reason.parts)
            for note in s.notes:
                assert isinstance(note, Message)
                seen.add(note.code)
        assert seen <= set(CATALOGUE)
        assert seen  # the sample city has claims, refusals and caps

    def test_text_is_english_and_renders_vietnamese(self) -> None:
        """``str()`` is the English sentence; ``render('vi')`` the Vietnamese one, with the same parameters."""
        message = Message("bonus_capped", raw=Decimal("4.50"), cap=Decimal(3))
        assert message == "bonus 4.5 capped at 3"
        assert message.code == "bonus_capped"
        assert message.params == {"raw": Decimal("4.50"), "cap": Decimal(3)}
        assert message.render("vi") == "điểm thưởng 4.5 được tính tối đa 3"
        both = Message.joined(Message("claim_refused"), Message("missing_scored_zero", names="a, b"))
        assert both == "claim that it is outside the agency's function refused: no evidence given; no value for a, b: scored 0 by the missing-data policy"
        assert both.render("vi").count("; ") == 1
        assert pickle.loads(pickle.dumps(both)) == both  # noqa: S301
        assert pickle.loads(pickle.dumps(both)).render("vi") == both.render("vi")  # noqa: S301
        with pytest.raises(AttributeError):
            message.code = "other"  # type: ignore[misc]

    def test_every_entry_in_both_languages(self) -> None:
        """Every catalogue entry has an English and a Vietnamese template with the same placeholders."""
        import string

        for code, templates in CATALOGUE.items():
            assert set(templates) == {"en", "vi"}, code
            fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in templates.values()]
            assert fields[0] == fields[1], code

    def test_problems_are_codes(self) -> None:
        """A value missing under the ``error`` policy is a problem whose message is a code naming the indicator."""
        ruleset = ii.load_ruleset("example-2024")
        subs = list(ii.read_submissions("example-2024", ruleset))
        first = subs[0]
        key = next(iter(first.values))
        values = {k: v for k, v in first.values.items() if k != key}
        import attrs

        broken = [attrs.evolve(first, values=values), *subs[1:]]
        with pytest.raises(ii.ScoringError) as info:
            ii.score(ruleset, broken)
        messages = [p.message for p in info.value.problems]
        assert messages
        assert all(isinstance(m, Message) and m.code in {"no_value", "no_value_claim_refused"} for m in messages)
        assert all(key in m for m in messages)


class TestOnePlanForEveryPath:
    """``score``, the batch path and the explanations evaluate the same compiled plan."""

    def test_compiled_once_per_ruleset(self) -> None:
        """The plan is compiled on first use and then reused by every path."""
        from indicator_index._plan import plan_for

        ruleset = ii.load_ruleset("example-2024")
        subs = ii.read_submissions("example-2024", ruleset)
        assessment = ii.score(ruleset, subs)
        plan = plan_for(ruleset)
        assert ii.BatchScorer(ruleset)._plan is plan
        ii.why_not(assessment, assessment.scores[-1].agency)
        assert plan_for(ruleset) is plan
