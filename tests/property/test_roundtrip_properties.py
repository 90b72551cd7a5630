"""
Round trips of rulesets: dict and TOML there-and-back, and amendments that
change nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from indicator_index import (
    Ruleset,
    Submission,
    bundled_rulesets,
    load_ruleset,
    parse_ruleset,
    ruleset_from_dict,
    ruleset_to_dict,
    score,
)
from tests.strategies import rulesets, submissions


pytestmark = pytest.mark.property


def _results(ruleset: Ruleset, subs: tuple[Submission, ...]) -> dict[str, Any]:
    """Per agency: total, band, rank and every item's status and points (not the ruleset's id or digest)."""
    return {
        s.agency: (
            s.status,
            s.total,
            s.unrounded,
            s.band,
            s.rank,
            {r.criterion: (r.status, r.points, r.max_points) for r in (*s.criteria, *s.bonuses, *s.penalties)},
        )
        for s in score(ruleset, subs).scores
    }


class TestDictRoundTrip:
    """``ruleset_from_dict(ruleset_to_dict(r)) == r``."""

    @given(rulesets())
    def test_dump_then_load_is_the_identity(self, ruleset: Ruleset) -> None:
        """Invariant: a ruleset dumped to a dict and loaded back is equal to the original, with the same digest."""
        again = ruleset_from_dict(ruleset_to_dict(ruleset))
        assert again == ruleset
        assert again.digest == ruleset.digest

    @given(rulesets())
    def test_load_then_dump_is_a_fixed_point(self, ruleset: Ruleset) -> None:
        """Invariant: dumping is idempotent: dump(load(dump(r))) == dump(r), and loading does not change the dict it is given."""
        dumped = ruleset_to_dict(ruleset)
        snapshot = ruleset_to_dict(ruleset)
        assert ruleset_to_dict(ruleset_from_dict(dumped)) == dumped
        assert dumped == snapshot


class TestTomlRoundTrip:
    """TOML written with tomli-w and read with the loader gives the same ruleset."""

    @given(rulesets())
    def test_toml_dump_then_parse_is_the_identity(self, ruleset: Ruleset) -> None:
        """Invariant: parse_ruleset(tomli_w.dumps(ruleset_to_dict(r))) == r, with the same digest."""
        text = tomli_w.dumps(ruleset_to_dict(ruleset))
        again = parse_ruleset(text, source="generated.toml")
        assert again == ruleset
        assert again.digest == ruleset.digest
        assert tomli_w.dumps(ruleset_to_dict(again)) == text

    @pytest.mark.parametrize("name", bundled_rulesets())
    def test_bundled_rulesets_survive_a_toml_round_trip(self, name: str) -> None:
        """Invariant: every shipped ruleset, dumped to TOML and parsed again, equals the loaded one."""
        ruleset = load_ruleset(name)
        again = parse_ruleset(tomli_w.dumps(ruleset_to_dict(ruleset)), source=f"{name}.toml")
        assert again == ruleset
        assert again.digest == ruleset.digest


class TestNoOpAmendment:
    """An amendment that changes nothing scores exactly like its base."""

    @given(st.data())
    def test_amendment_that_changes_nothing_scores_like_its_base(self, data: st.DataObject) -> None:
        """Invariant: an amendment that only renames, sets keys to their values, or replaces or re-adds identical items scores like its base."""
        base = data.draw(rulesets())
        subs = data.draw(submissions(base))
        dumped = ruleset_to_dict(base)
        how = data.draw(st.sampled_from(("nothing", "modify", "replace", "remove-and-add")))
        collection = data.draw(st.sampled_from([k for k in ("criteria", "bands", "groups", "sections", "indicators", "bonuses", "penalties") if dumped.get(k)]))
        item = data.draw(st.sampled_from(dumped[collection]))
        amendment: dict[str, Any] = {"schema_version": 1, "extends": "base.toml", "id": "amended", "version": "2"}
        if how == "modify":
            key = data.draw(st.sampled_from(sorted(k for k in item if k != "id")))
            amendment["modify"] = {collection: {item["id"]: {key: item[key]}}}
        elif how == "replace":
            amendment[collection] = [item]
        elif how == "remove-and-add":
            amendment["remove"] = {collection: [item["id"]]}
            amendment[collection] = [item]
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "base.toml").write_text(tomli_w.dumps(dumped), encoding="utf-8")
            amended = parse_ruleset(tomli_w.dumps(amendment), source="amendment.toml", base_dir=folder)
        assert amended.extends == base.id
        assert (amended.id, amended.version) == ("amended", "2")
        assert _results(amended, subs) == _results(base, subs)
        if how in ("nothing", "replace"):
            stamped = attrs.evolve(base, id="amended", version="2", extends=base.id)
            assert ruleset_to_dict(amended) == ruleset_to_dict(stamped)


_ITEM_KEYS = ("bands", "groups", "sections", "indicators", "criteria", "bonuses", "penalties")


def _leaves(value: Any, path: str) -> list[tuple[str, Any]]:
    """Every scalar leaf under *value*, with its key path."""
    if isinstance(value, dict):
        return [leaf for key, sub in value.items() for leaf in _leaves(sub, f"{path}.{key}")]
    if isinstance(value, list):
        return [leaf for i, sub in enumerate(value) for leaf in _leaves(sub, f"{path}[{i}]")]
    return [(path, value)]


def _set(data: Any, path: str, value: Any) -> None:
    parts = [int(p) if p.isdigit() else p for p in path.replace("[", ".").replace("]", "").split(".")[1:]]
    for part in parts[:-1]:
        data = data[part]
    data[parts[-1]] = value


class TestWrongTypeInOneItem:
    """A wrong type in one item of a valid ruleset is reported alone: setting the item aside raises no false alarm elsewhere."""

    @given(rulesets(), st.data())
    def test_one_wrong_type_is_one_problem(self, ruleset: Ruleset, data: st.DataObject) -> None:
        """Put a table where an item's scalar belongs: exactly that key path is reported, nothing else."""
        from indicator_index import RulesetValidationError

        document = ruleset_to_dict(ruleset)
        leaves = [(path, value) for key in _ITEM_KEYS for path, value in _leaves(document.get(key, []), f"$.{key}") if not isinstance(value, dict)]
        path, _ = data.draw(st.sampled_from(leaves), label="leaf")
        _set(document, path, {"oops": 1})
        with pytest.raises(RulesetValidationError) as info:
            ruleset_from_dict(document)
        (problem,) = info.value.problems
        # At the leaf itself, or at the table that holds it (a rule whose kind it is, a mapping whose value it is).
        assert path == problem.path or (path.startswith(f"{problem.path}.") and path.count(".") == problem.path.count(".") + 1)
