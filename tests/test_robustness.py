"""Tests for rank robustness (``indicator_index._robustness``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import indicator_index as ii
from indicator_index._data import read_submissions
from indicator_index._robustness import Flip, RankRange, robustness


CITIES = [("example-2024", "example-2024"), ("danang-448-2022", "danang-2021"), ("danang-2386-2025", "danang-2025")]


def _pair() -> ii.Assessment:
    """
    Two agencies, two criteria of 50 each. A earns a fifth of each (10 + 10 = 20);
    B earns nothing on c1 and 0.42 of c2 (21): B is ahead, 21 to 20.
    """
    rs = ii.parse_ruleset(
        """
schema_version = 1
id = "pair"
version = "1"
title = { en = "Pair" }
scale = 100
legal_basis = { number = "-", issuer = "tests" }
effective = { start = 2024-01-01 }
bands = [{ id = "all", label = { en = "All" }, min = 0 }]
groups = [{ id = "g", label = { en = "G" } }]
sections = [{ id = "s", label = { en = "S" } }]
indicators = [{ id = "x", label = { en = "X" }, type = "ratio" }, { id = "y", label = { en = "Y" }, type = "ratio" }]

[[criteria]]
id = "c1"
section = "s"
label = { en = "C1" }
max_points = 50
rule = { kind = "proportional", indicator = "x" }
provenance = { status = "decision", citation = "tests" }

[[criteria]]
id = "c2"
section = "s"
label = { en = "C2" }
max_points = 50
rule = { kind = "proportional", indicator = "y" }
provenance = { status = "decision", citation = "tests" }
""",
        source="pair.toml",
    )
    return ii.score(
        rs,
        [
            ii.Submission(agency="a", group="g", values={"x": Decimal("0.2"), "y": Decimal("0.2")}),
            ii.Submission(agency="b", group="g", values={"x": Decimal(0), "y": Decimal("0.42")}),
        ],
    )


class TestRobustness:
    """Tests for ``robustness``: rank ranges and the pairs whose order can flip."""

    @pytest.mark.parametrize(("ruleset", "sample"), CITIES)
    def test_no_variation_reproduces_the_plain_ranking(self, ruleset: str, sample: str) -> None:
        """With ±0 % and no criterion dropped, every rank and total is exactly the assessment's, and nothing flips."""
        rs = ii.load_ruleset(ruleset)
        a = ii.score(rs, read_submissions(sample, rs))
        result = robustness(a, vary=0, drop=False)
        assert (result.scenarios, result.flips) == (1, ())
        assert [(r.agency, r.rank, r.best, r.worst, r.total, r.lowest_total, r.highest_total) for r in result.agencies] == [
            (s.agency, s.rank, s.rank, s.rank, s.total, s.total, s.total) for s in a.scores
        ]
        assert all(r.stable for r in result.agencies)

    def test_hand_checked_pair(self) -> None:
        """
        ±20 %, no draws: A keeps 20 in every scenario (the same share of both criteria);
        B has 0.42 × w2 / (w1 + w2) × 100: 19.09 with c1 at +20 %, 18.67 with c2 at −20 %, 0 without c2;
        23.33, 22.91 and 42 otherwise.
        """
        result = robustness(_pair(), vary=20, draws=0)
        assert result.scenarios == 7
        assert result.for_agency("b") == RankRange(
            agency="b",
            name="b",
            group="g",
            rank=1,
            total=Decimal("21.00"),
            best=1,
            worst=2,
            best_varied=1,
            worst_varied=2,
            best_dropped=1,
            worst_dropped=2,
            lowest_total=Decimal("0.00"),
            highest_total=Decimal("42.00"),
        )
        a = result.for_agency("a")
        assert (a.rank, a.best, a.worst, a.lowest_total, a.highest_total) == (2, 1, 2, Decimal("20.00"), Decimal("20.00"))
        assert result.flips == (Flip(group="g", ahead="b", behind="a", scenarios=3, first="c1 +20%", by=("vary", "drop")),)

    def test_small_variation_keeps_the_order(self) -> None:
        """At ±2 % B's total, 42 × f2 / (f1 + f2), stays within 20.58..21.42, above A's 20: nothing flips."""
        result = robustness(_pair(), vary=2, draws=10, drop=False)
        assert result.flips == ()
        b = result.for_agency("b")
        assert (b.best, b.worst) == (1, 1)
        assert Decimal("20.58") <= b.lowest_total <= b.highest_total <= Decimal("21.42")  # type: ignore[operator]

    def test_draws_are_seeded(self) -> None:
        """The same seed gives the same result; the scenarios count the corners and the draws."""
        a = ii.score(ii.load_ruleset("example-2024"), read_submissions("example-2024"))
        first = robustness(a, vary=30, draws=25, seed=7)
        assert first == robustness(a, vary=30, draws=25, seed=7)
        # 1 as scored + 2 × 9 scored criteria + 25 draws + 9 dropped.
        assert first.scenarios == 1 + 18 + 25 + 9
        assert (first.vary, first.draws, first.seed, first.drop) == (Decimal(30), 25, 7, True)

    def test_agencies_within_their_range(self) -> None:
        """Every agency's plain rank lies within its range."""
        a = ii.score(ii.load_ruleset("example-2024"), read_submissions("example-2024"))
        for r in robustness(a, vary=50, draws=50, seed=1).agencies:
            assert r.best is not None and r.worst is not None and r.rank is not None
            assert r.best <= r.rank <= r.worst

    @pytest.mark.parametrize(("vary", "draws"), [(-1, 10), (101, 10), ("nan", 10), (10, -1)])
    def test_bad_arguments(self, vary: object, draws: int) -> None:
        """A variation outside [0, 100] or a negative number of draws is a ValueError."""
        with pytest.raises(ValueError, match="must be"):
            robustness(_pair(), vary=vary, draws=draws)  # type: ignore[arg-type]

    def test_progress(self) -> None:
        """``progress`` hears (done, in all) once per scenario, in order; the result is the same as without it."""
        a = ii.score(ii.load_ruleset("example-2024"), read_submissions("example-2024"))
        heard: list[tuple[int, int]] = []
        result = robustness(a, vary=30, draws=5, seed=7, progress=lambda done, total: heard.append((done, total)))
        assert result == robustness(a, vary=30, draws=5, seed=7)
        assert heard == [(k, result.scenarios) for k in range(1, result.scenarios + 1)]
        assert result.scenarios == 1 + 18 + 5 + 9
