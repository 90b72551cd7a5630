"""An immutable mapping for tables inside frozen model objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any


__all__ = ["FrozenDict", "as_decimal", "as_optional_decimal", "as_optional_tuple", "as_tuple", "frozen_dict"]


class FrozenDict(Mapping[str, Any]):
    """
    An immutable, hashable mapping, used for tables inside the model.

    .. versionadded:: 0.1.0
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        self._data = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: str, default: Any = None) -> Any:
        """The value for *key*, or *default*."""
        return self._data.get(key, default)

    def keys(self) -> Any:
        """A view of the keys."""
        return self._data.keys()

    def values(self) -> Any:
        """A view of the values."""
        return self._data.values()

    def items(self) -> Any:
        """A view of the (key, value) pairs."""
        return self._data.items()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(sorted(self._data.items(), key=lambda kv: kv[0])))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


def frozen_dict(value: Mapping[str, Any] | None) -> FrozenDict:
    """*value* as a FrozenDict (``None`` gives an empty one)."""
    return value if isinstance(value, FrozenDict) else FrozenDict(value or {})


def optional_frozen_dict(value: Mapping[str, Any] | None) -> FrozenDict | None:
    """*value* as a FrozenDict, keeping ``None``."""
    return None if value is None else frozen_dict(value)


def as_decimal(value: Any) -> Any:
    """Let Python callers write ``max_points=40`` or ``0.5``: ints and floats become Decimal (floats through their repr)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def as_optional_decimal(value: Any) -> Any:
    """:func:`as_decimal`, keeping ``None``."""
    return None if value is None else as_decimal(value)


def as_tuple(value: Any) -> Any:
    """Let Python callers pass lists where the model keeps tuples; a string is not a sequence of ids."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, str):
        from indicator_index._messages import Message, got
        from indicator_index.errors import Problem, RulesetValidationError

        msg = Message("schema.expected_array", got=got(value))
        raise RulesetValidationError([Problem(message=msg)])
    return value


def as_optional_tuple(value: Any) -> Any:
    """:func:`as_tuple`, keeping ``None``."""
    return None if value is None else as_tuple(value)
