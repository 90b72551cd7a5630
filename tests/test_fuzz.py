"""
Fuzzing the loader (and the scoring call): hostile bytes, random TOML, and
structured mutations of the shipped rulesets.

The contract: ``load_ruleset``, ``parse_ruleset`` and ``ruleset_from_dict``
either return a ruleset or raise a ``RulesetError`` subclass; never a
``KeyError``, ``TypeError``, ``RecursionError`` or anything else, and never
hang. ``score`` raises only ``ScoringError``.

The seeded loops run well over 10,000 generated inputs in about a minute on
two cores; the Hypothesis tests add more under the active profile. A crash is
reported with the seed and the input's description, so it can be replayed.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import random
import signal
import string
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import tomllib
from hypothesis import given
from hypothesis import strategies as st

from indicator_index import (
    Figure,
    RulesetError,
    RulesetSyntaxError,
    ScoringError,
    Submission,
    bundled_rulesets,
    load_ruleset,
    parse_ruleset,
    ruleset_from_dict,
    score,
)


ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "rulesets" / "example-2024.toml").read_text(encoding="utf-8")
SEED = 20240115
# The most one input may take before the loader counts as hung.
PER_INPUT_SECONDS = 5.0


class Hang(Exception):  # noqa: N818 - it is what it reports
    """Raised by the watchdog when one input takes longer than PER_INPUT_SECONDS."""


@contextmanager
def watchdog(seconds: float = PER_INPUT_SECONDS) -> Iterator[None]:
    """Raise Hang in the main thread after *seconds* (POSIX); a no-op elsewhere."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Tally:
    """Counts inputs by outcome and keeps the first crashes with how to replay them."""

    def __init__(self, allowed: type[BaseException]) -> None:
        self.allowed = allowed
        self.inputs = 0
        self.accepted = 0
        self.refused = 0
        self.crashes: list[str] = []

    def run(self, label: str, call: Callable[..., object], *args: object, **kwargs: object) -> None:
        """Run ``call(*args, **kwargs)`` as one input and count its outcome."""
        self.inputs += 1
        try:
            with watchdog():
                call(*args, **kwargs)
        except self.allowed:
            self.refused += 1
        except Exception as exc:
            if len(self.crashes) < 5:
                tail = "".join(traceback.format_exception(exc)[-3:])
                self.crashes.append(f"{label}: {type(exc).__name__}: {exc}\n{tail}")
        else:
            self.accepted += 1


# --- Mutations ------------------------------------------------------------------

WEIRD: tuple[object, ...] = (
    "",
    " ",
    "x",
    "Ｃ001",
    "1.1",
    "c\u0301",
    "\u0000",
    "a" * 300,
    0,
    -1,
    1,
    10**30,
    -(10**30),
    10**5000,
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("1e400"),
    Decimal("-0"),
    Decimal("1e-400"),
    Decimal("0.1234567890123456789"),
    0.5,
    float("nan"),
    float("inf"),
    True,
    False,
    [],
    {},
    [1, "a", None],
    {"a": 1},
    {"kind": "sum"},
    {"kind": "tiers", "indicator": "x"},
    {"kind": "best_of", "alternatives": []},
    {"kind": "choice", "indicator": "it_officer_degree"},
    {"id": "x"},
    dt.date(2024, 1, 1),
    dt.datetime(2024, 1, 1, 8, 0),
    dt.time(8, 0),
    None,
)
KEYS = ("extra", "maxpoints", "kind", "id", "groups", "section", "rule", "max_points", "tiers", "parts", "extends", "remove", "modify", "label", "min")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def mutate(data: dict[str, Any], rng: random.Random, *, allow_none: bool = True) -> dict[str, Any]:
    """One to four structural mutations: drop a key, swap a type, huge or non-finite numbers, deep nesting, duplicate items, extra keys."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 4)):
        paths = list(_paths(data))[1:]
        if not paths:
            break
        path = rng.choice(paths)
        parent, key = _get(data, path[:-1]), path[-1]
        op = rng.randrange(7)
        if op == 0:
            del parent[key]
        elif op == 1:
            weird = rng.choice(WEIRD)
            if weird is not None or allow_none:
                parent[key] = copy.deepcopy(weird)
        elif op == 2 and isinstance(parent, list):
            parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(parent[key]))  # a duplicate id
        elif op == 3:
            value = parent[key]
            for _ in range(rng.randint(1, 40)):
                value = [value] if rng.random() < 0.5 else {"k": value}
            parent[key] = value
        elif op == 4:
            value = parent[key]
            if isinstance(value, int | Decimal) and not isinstance(value, bool) and (not isinstance(value, Decimal) or value.is_finite()):
                parent[key] = value * rng.choice((10**20, -1, Decimal("1e-30"), 0, Decimal("1.000000000001")))
            elif isinstance(value, str):
                parent[key] = rng.choice((value.upper(), value + "x", value[:-1], " " + value, value.replace(".", "_"), value + value))
        elif op == 5 and isinstance(parent, dict):
            parent[rng.choice(KEYS)] = copy.deepcopy(rng.choice(WEIRD[:-1]))
        elif op == 6 and isinstance(parent, list) and len(parent) > 1:
            rng.shuffle(parent)
    return data


def _strip_none(value: Any) -> Any:
    """TOML has no null: drop None values so tomli-w can write the rest."""
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value if v is not None]
    return value


def mutate_text(text: str, rng: random.Random) -> str:
    """Line- and character-level damage: delete, duplicate or swap lines, insert or delete characters, cut the file."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(6)
        i = rng.randrange(len(lines))
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            line = lines[i]
            k = rng.randrange(len(line) + 1)
            lines[i] = line[:k] + rng.choice("[]{}\"'=#,.\\\n\t \u00a0xé0-+") + line[k:]
        elif op == 4 and lines[i]:
            k = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + lines[i][k + 1 :]
        else:
            lines = lines[: i + 1]
    return "".join(lines)


TOML_ALPHABET = string.ascii_letters[:12] + string.digits + " =[]{}\"'#.,-_+:\n\t\\" + "éđ"


def random_toml(rng: random.Random) -> str:
    """Short TOML-ish text: mostly invalid, sometimes valid documents of the wrong shape."""
    if rng.random() < 0.3:
        keys = ["schema_version", "id", "criteria", "bands", "rule", "a", "b.c", '"q"']
        lines = []
        for _ in range(rng.randint(1, 8)):
            choice = rng.random()
            if choice < 0.2:
                lines.append(f"[{'[' if rng.random() < 0.5 else ''}{rng.choice(keys)}{']' if rng.random() < 0.5 else ''}]")
            else:
                value = rng.choice(["1", "1.5", "nan", "inf", '"x"', "true", "[1, 2]", "{ a = 1 }", "2024-01-01", "[[1]]", "1e400", "0x1F", "", "'''a'''"])
                lines.append(f"{rng.choice(keys)} = {value}")
        return "\n".join(lines)
    return "".join(rng.choice(TOML_ALPHABET) for _ in range(rng.randint(0, 80)))


def _bundled_dicts() -> dict[str, dict[str, Any]]:
    out = {}
    for name in bundled_rulesets():
        path = ROOT / "rulesets" / f"{name}.toml"
        text = path.read_text(encoding="utf-8") if path.is_file() else None
        if text is not None and "extends" not in tomllib.loads(text):
            out[name] = tomllib.loads(text, parse_float=Decimal)
    return out


class TestFuzzLoader:
    """The loader raises only RulesetError subclasses and never hangs, whatever it is given."""

    def test_seeded_inputs_raise_only_library_errors(self, tmp_path: Path) -> None:
        """Over 10,000 generated inputs (bytes, TOML, mutated shipped rulesets, amendments) give a ruleset or a RulesetError, none hanging."""
        rng = random.Random(SEED)  # noqa: S311 - reproducible inputs, not secrets
        tally = Tally(RulesetError)
        started = time.perf_counter()
        shipped = _bundled_dicts()
        example = shipped.get("example-2024") or tomllib.loads(EXAMPLE, parse_float=Decimal)
        raw = EXAMPLE.encode("utf-8")
        file = tmp_path / "fuzz.toml"

        for i in range(1500):  # random bytes, and the example with bytes flipped, through the file reader
            if i % 2:
                data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
            else:
                damaged = bytearray(raw)
                for _ in range(rng.randint(1, 8)):
                    damaged[rng.randrange(len(damaged))] = rng.randrange(256)
                data = bytes(damaged)
            file.write_bytes(data)
            tally.run(f"bytes #{i}", load_ruleset, file)
        for i in range(4000):  # random TOML-ish text
            text = random_toml(rng)
            tally.run(f"toml #{i} {text[:60]!r}", parse_ruleset, text)
        for i in range(2700):  # structured mutations of the example, as a dict (None included)
            mutated = mutate(example, rng)
            tally.run(f"dict #{i}", ruleset_from_dict, mutated)
        for name, data in sorted(shipped.items()):  # the larger shipped rulesets, fewer times
            if name == "example-2024":
                continue
            for i in range(150):
                mutated = mutate(data, rng)
                tally.run(f"{name} dict #{i}", ruleset_from_dict, mutated)
        for i in range(700):  # mutated dicts written as TOML and parsed
            try:
                text = tomli_w.dumps(_strip_none(mutate(example, rng, allow_none=False)))
            except (TypeError, ValueError):
                continue  # tomli-w cannot write it (e.g. a NaN Decimal); no TOML input
            tally.run(f"toml-dump #{i}", parse_ruleset, text)
        for i in range(1000):  # line- and character-level damage to the example's text
            text = mutate_text(EXAMPLE, rng)
            tally.run(f"text #{i}", parse_ruleset, text)
        (tmp_path / "example-2024.toml").write_text(EXAMPLE, encoding="utf-8")
        for i in range(400):  # amendments with mutated remove/modify/replace tables
            amendment = {
                "schema_version": 1,
                "extends": "example-2024.toml",
                "id": "amended",
                "version": "2",
                "remove": {"criteria": ["1.1"], "bonuses": ["B2"]},
                "modify": {"criteria": {"2.1": {"max_points": 25}, "1.2": {"max_points": 10}}, "groups": {"commune": {"total": 95}}},
                "criteria": [example["criteria"][0]],
            }
            mutated = _strip_none(mutate(amendment, rng, allow_none=False))
            try:
                text = tomli_w.dumps(mutated)
            except (TypeError, ValueError):
                continue
            tally.run(f"amendment #{i}", parse_ruleset, text, source="amendment.toml", base_dir=tmp_path)

        elapsed = time.perf_counter() - started
        assert tally.crashes == [], f"seed {SEED}:\n" + "\n".join(tally.crashes)
        assert tally.inputs >= 10_000
        assert tally.refused > tally.inputs // 2  # most mutations are caught, as they should be
        assert elapsed < 240, f"{tally.inputs} inputs took {elapsed:.0f} s"

    @given(st.binary(max_size=400))
    def test_hypothesis_bytes(self, data: bytes) -> None:
        """Any bytes given to parse_ruleset after decoding, or to the file reader, give only RulesetError."""
        text = data.decode("utf-8", errors="replace")
        with watchdog(), contextlib.suppress(RulesetError):
            parse_ruleset(text)

    @given(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.decimals(allow_nan=True, allow_infinity=True) | st.text(max_size=20) | st.dates(),
            lambda children: (
                st.lists(children, max_size=4) | st.dictionaries(st.sampled_from((*KEYS, "schema_version", "criteria", "bands")), children, max_size=5)
            ),
            max_leaves=30,
        )
    )
    def test_hypothesis_documents(self, document: object) -> None:
        """Random documents (every TOML value type, NaN and infinity too), as dicts and as TOML, give only RulesetError."""
        payload = {"schema_version": 1, "x": document} if not isinstance(document, dict) else document
        with watchdog():
            with contextlib.suppress(RulesetError):
                ruleset_from_dict(payload)  # type: ignore[arg-type]
            try:
                text = tomli_w.dumps(_strip_none(payload))
            except (TypeError, ValueError):
                return
            with contextlib.suppress(RulesetError):
                parse_ruleset(text)

    @given(st.text(alphabet=st.sampled_from(TOML_ALPHABET), max_size=200))
    def test_hypothesis_toml_text(self, text: str) -> None:
        """Random text over a TOML alphabet gives only RulesetError."""
        with watchdog(), contextlib.suppress(RulesetError):
            parse_ruleset(text)

    @pytest.mark.parametrize("depth", [33, 100, 1000, 100_000])
    def test_deep_nesting_in_text_is_refused_quickly(self, depth: int) -> None:
        """Arrays nested far beyond the limit are refused before the recursive parser sees them, quickly."""
        started = time.perf_counter()
        with watchdog(), pytest.raises(RulesetError, match="nested"):
            parse_ruleset("a = " + "[" * depth + "]" * depth)
        assert time.perf_counter() - started < 2

    def test_huge_integer_is_refused(self) -> None:
        """An integer literal beyond Python's digit limit is a RulesetError, not a ValueError from int()."""
        with pytest.raises(RulesetError, match="integer literal"):
            parse_ruleset("scale = " + "9" * 5000)


class TestFuzzScoring:
    """score() raises only ScoringError for submissions that do not fit, whatever their values."""

    def test_seeded_submissions_raise_only_scoring_errors(self) -> None:
        """Thousands of submissions with swapped types, non-finite and out-of-range values, unknown ids and sources give an assessment or a ScoringError."""
        ruleset = load_ruleset("example-2024")
        from indicator_index._data import read_submissions

        good = read_submissions(ROOT / "samples" / "example-2024.json")
        rng = random.Random(SEED)  # noqa: S311 - reproducible inputs, not secrets
        tally = Tally(ScoringError)
        values_pool: tuple[object, ...] = (
            *(w for w in WEIRD if not isinstance(w, int) or abs(w) < 10**40),
            Decimal("0.5"),
            Decimal(3),
            Decimal("1e50"),
            Decimal("-1e50"),
            "university",
            "college",
            Figure(value=Decimal("0.5"), source="verification"),
            [Figure(value=1, source="agency"), Figure(value=2, source="agency")],
            [Figure(value=1, source="agency"), Figure(value=None, source="records")],
            Figure(value=1, source=3),  # type: ignore[arg-type]
            Figure(value=1, reference=None),  # type: ignore[arg-type]
        )
        for i in range(1500):
            subs = list(good)
            for _ in range(rng.randint(1, 4)):
                k = rng.randrange(len(subs))
                sub = subs[k]
                values = {key: list(v) for key, v in sub.values.items()}
                op = rng.randrange(5)
                if op == 0 and values:
                    values[rng.choice(sorted(values))] = copy.deepcopy(rng.choice(values_pool))
                elif op == 1 and values:
                    del values[rng.choice(sorted(values))]
                elif op == 2:
                    values[rng.choice(("x", "staff_computer_share ", "STAFF_COMPUTER_SHARE"))] = Decimal(1)
                elif op == 3:
                    subs.append(sub)  # a duplicate agency
                    continue
                subs[k] = Submission(
                    agency=sub.agency,
                    group=rng.choice((sub.group, sub.group, "ward", "", 7, None)),
                    name=sub.name,
                    values=values,
                    claims=rng.choice(({}, {"3.1": "doc"}, {"1.1": "doc"}, {"9": ""}, {"3.1": ""})),
                )
            tally.run(f"submissions #{i}", score, ruleset, list(subs))
        assert tally.crashes == [], f"seed {SEED}:\n" + "\n".join(tally.crashes)
        assert tally.inputs == 1500
        assert tally.accepted > 0
        assert tally.refused > 0


class TestFoundLoaderDefects:
    """
    Regression tests for loader defects fuzzing found (all fixed): each input once escaped as something
    other than a RulesetError. docs/errors.md lists them under "Defects found".
    """

    def test_lone_surrogate_is_a_syntax_error(self) -> None:
        """A str holding a lone surrogate (e.g. from bytes decoded with surrogateescape) is refused as a RulesetSyntaxError."""
        with pytest.raises(RulesetSyntaxError):
            parse_ruleset('id = "\udcff"')

    @pytest.mark.parametrize("how", ["load", "extends"])
    def test_over_long_file_name_is_a_ruleset_error(self, how: str, tmp_path: Path) -> None:
        """A ruleset name or `extends` of 300 characters is refused as a RulesetError, not an OSError."""
        name = "a" * 300
        with pytest.raises(RulesetError, match="cannot be opened: File name too long"):
            if how == "load":
                load_ruleset(name)
            else:
                parse_ruleset(f'schema_version = 1\nextends = "{name}"\nid = "x"\nversion = "1"\n', base_dir=tmp_path)

    def test_deeply_nested_dict_is_refused(self) -> None:
        """A dict nested 1,000 levels deep given to ruleset_from_dict is refused as a RulesetError, as the same nesting in TOML is."""
        value: object = 1
        for _ in range(1000):
            value = [value]
        data = tomllib.loads(EXAMPLE, parse_float=Decimal)
        data["description"] = value
        with pytest.raises(RulesetError, match="nested"):
            ruleset_from_dict(data)


if __name__ == "__main__":  # pragma: no cover
    print(sys.argv)
