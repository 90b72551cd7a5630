"""
Invariants of ranking cohorts: agencies ranked within their parent (the wards
of each district), groups ranked together in a block, and decided totals.

Each test states one fact of the domain in its docstring; the rulesets and
cohorts come from ``tests/strategies.py``, with parents, blocks and scopes drawn
on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_index import Block, Label, Ruleset, Submission, score, score_totals
from tests.strategies import rulesets, submissions


pytestmark = pytest.mark.property

PARENTS = ("p0", "p1", "p2")


def _scoped(ruleset: Ruleset, ranked: str, compared: str) -> Ruleset:
    """*ruleset* with every group ranked and compared within parents or within the group."""
    groups = tuple(attrs.evolve(g, ranked_within=ranked, compared_within=compared) for g in ruleset.groups)
    return attrs.evolve(ruleset, groups=groups)


def _with_parents(draw: st.DrawFn, subs: Sequence[Submission]) -> tuple[Submission, ...]:
    return tuple(attrs.evolve(s, parent=draw(st.sampled_from(PARENTS))) for s in subs)


def _ranks(totals: dict[str, Decimal | None]) -> dict[str, int | None]:
    """Competition ranks written out plainly (1, 2, 2, 4; no total, no rank): the oracle of this file."""
    out: dict[str, int | None] = {}
    for agency, total in totals.items():
        out[agency] = None if total is None else 1 + sum(1 for other in totals.values() if other is not None and other > total)
    return out


@st.composite
def parented(draw: st.DrawFn, ranked: str, compared: str) -> tuple[Ruleset, tuple[Submission, ...]]:
    ruleset = _scoped(draw(rulesets()), ranked, compared)
    subs = draw(submissions(ruleset, min_size=2, max_size=8))
    return ruleset, _with_parents(draw, subs)


def _view(ruleset: Ruleset, subs: Sequence[Submission]) -> dict[str, Any]:
    return {s.agency: (s.status, s.total, s.band, s.rank, s.cohort) for s in score(ruleset, subs).scores}


class TestWithinParents:
    @given(parented("parent", "parent"))
    def test_ranking_within_parents_equals_ranking_each_parent_alone(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: ranked and compared within parents, each parent's agencies get the totals, bands and ranks they get scored alone."""
        ruleset, subs = cohort
        whole = _view(ruleset, subs)
        for parent in PARENTS:
            alone = [s for s in subs if s.parent == parent]
            if alone:
                assert {a: whole[a] for a in (s.agency for s in alone)} == _view(ruleset, alone)

    @given(parented("parent", "group"))
    def test_ranks_within_parents_follow_the_cohort_totals(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """
        Invariant: ranked within parents but compared over the group, totals equal the group-wide
        scoring and each rank is the competition rank among the parent's agencies of the same group.
        """
        ruleset, subs = cohort
        flat = _view(_scoped(ruleset, "group", "group"), subs)
        scored = score(ruleset, subs)
        for s in scored.scores:
            assert (s.total, s.band) == flat[s.agency][1:3]
            assert s.cohort == f"{s.group}/{s.parent}"
        for members in scored.cohorts().values():
            assert {m.agency: m.rank for m in members} == _ranks({m.agency: m.total for m in members})

    @given(parented("parent", "parent"))
    def test_batch_path_agrees(self, cohort: tuple[Ruleset, tuple[Submission, ...]]) -> None:
        """Invariant: the batch path gives the totals, bands, ranks and cohorts of the traced path for agencies with parents."""
        ruleset, subs = cohort
        traced = {s.agency: (s.total, s.band, s.rank, s.cohort) for s in score(ruleset, subs).scores}
        batch = score_totals(ruleset, subs)
        assert {a: (batch.totals[i], batch.bands[i], batch.ranks[i], batch.cohorts[i]) for i, a in enumerate(batch.agencies)} == traced


class TestBlocks:
    @given(st.data())
    def test_a_block_ranks_its_groups_together_and_changes_no_total(self, data: st.DataObject) -> None:
        """Invariant: putting groups in one block leaves every total and band as it was and ranks the block's agencies together by competition rank."""
        ruleset = data.draw(rulesets())
        subs = data.draw(submissions(ruleset, min_size=2, max_size=8))
        ids = tuple(g.id for g in ruleset.groups)
        chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        blocked = attrs.evolve(ruleset, blocks=(Block(id="block-x", label=Label(vi="Khối", en="Block"), groups=tuple(chosen)),))
        before = _view(ruleset, subs)
        after = score(blocked, subs)
        for s in after.scores:
            assert (s.status, s.total, s.band) == before[s.agency][:3]
            assert s.cohort == ("block-x" if s.group in chosen else s.group)
        for members in after.cohorts().values():
            assert {m.agency: m.rank for m in members} == _ranks({m.agency: m.total for m in members})
        batch = score_totals(blocked, subs)
        assert dict(zip(batch.agencies, batch.ranks, strict=True)) == {s.agency: s.rank for s in after.scores}


class TestDecided:
    @given(st.data())
    def test_a_decided_total_is_banded_and_ranked_as_given(self, data: st.DataObject) -> None:
        """
        Invariant: an agency whose total is decided keeps that total, gets the band of that total,
        and is ranked by it among the scored agencies of its cohort.
        """
        ruleset = data.draw(rulesets())
        subs = list(data.draw(submissions(ruleset, min_size=1, max_size=6)))
        step = Decimal(1).scaleb(-ruleset.rounding.places)
        units = data.draw(st.integers(0, int(ruleset.scale / step)))
        total = units * step
        group = data.draw(st.sampled_from([g.id for g in ruleset.groups]))
        subs.append(Submission(agency="decided-1", group=group, decided={"total": total, "source": "Thông báo 1/TB-UBND"}))
        result = score(ruleset, subs)
        mine = result.score_for("decided-1")
        assert (mine.status, mine.total, mine.band, mine.decided_source) == ("decided", total, ruleset.band_for(total).id, "Thông báo 1/TB-UBND")
        assert mine.earned is None and mine.criteria == ()
        for members in result.cohorts().values():
            assert {m.agency: m.rank for m in members} == _ranks({m.agency: m.total for m in members})
        batch = score_totals(ruleset, subs)
        assert batch.for_agency("decided-1") == (total, mine.band, mine.rank)
