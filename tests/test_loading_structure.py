"""The ruleset converter generates each attrs class's structure function once, however many fields hold the class."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import pytest
import tomllib

from indicator_index import _converter
from indicator_index._loading import _CONVERTER
from indicator_index._model import Ruleset


ROOT = Path(__file__).resolve().parents[1]


def test_each_class_generated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Structuring the 448 ruleset with a fresh converter makes one function per class (``Label`` sits in a dozen)."""
    data = tomllib.loads((ROOT / "rulesets" / "danang-448-2022.toml").read_text(encoding="utf-8"))
    expected = _CONVERTER.structure(data, Ruleset)
    made: collections.Counter[str] = collections.Counter()
    real = _converter.make_dict_structure_fn

    def counting(cls: Any, converter: Any, *args: Any, **kwargs: Any) -> Any:
        made[cls.__name__] += 1
        return real(cls, converter, *args, **kwargs)

    monkeypatch.setattr(_converter, "make_dict_structure_fn", counting)
    converter = _converter.make_converter()
    assert converter.structure(data, Ruleset) == expected
    assert made["Label"] == 1
    assert made["Ruleset"] == 1
    assert max(made.values()) == 1, made
