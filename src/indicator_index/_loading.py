"""
Reading rulesets: path or bundled name -> bytes -> TOML -> amendments merged ->
strict structuring -> a validated, compiled :class:`Ruleset`.

Every problem becomes a :class:`~indicator_index.errors.Problem` naming the
file, the line where one can be found, the key path and the criterion, and all
of them are raised together. Nothing is cached or registered, so a failed load
leaves nothing behind.
"""

from __future__ import annotations

import bisect
import copy
import re
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.v import transform_error

from indicator_index._converter import make_converter, suggest_key
from indicator_index._messages import Count, Message, did_you_mean, kind_of, shown, toml_detail
from indicator_index._model import SCHEMA_VERSION, Ruleset
from indicator_index.errors import Problem, RulesetSyntaxError, RulesetValidationError


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


__all__ = [
    "bundled_rulesets",
    "load_ruleset",
    "parse_ruleset",
    "ruleset_from_dict",
    "ruleset_to_dict",
]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_CHAIN = 16
"""How many rulesets a chain of amendments (``extends``) may hold, the first base included."""
_CONVERTER = make_converter()
_COLLECTIONS = ("bands", "groups", "blocks", "sections", "indicators", "criteria", "bonuses", "penalties")
_ITEMS_WITH_PROVENANCE = ("criteria", "bonuses", "penalties")
# The regular expressions of the error paths are compiled on first use (by ``re``, which keeps them), not at import.
_AT_LINE = r"\(at line (\d+), column (\d+)\)"


def _bundled_dirs() -> list[Path]:
    """Where bundled rulesets live: inside the installed package, or the checkout's ``rulesets/``."""
    # The package's folder, as ``importlib.resources.files`` gives it for a package on disk (the only
    # kind a folder can be listed in); not through that module, which brings in tempfile, shutil, zipfile.
    dirs = []
    packaged = Path(__file__).parent / "rulesets"
    if packaged.is_dir():
        dirs.append(packaged)
    checkout = Path(__file__).resolve().parents[2] / "rulesets"
    if checkout.is_dir():
        dirs.append(checkout)
    return dirs


def bundled_rulesets() -> tuple[str, ...]:
    """
    The names of the rulesets shipped with the library, e.g. ``"danang-448-2022"``.

    .. versionadded:: 0.1.0
    """
    names: set[str] = set()
    for folder in _bundled_dirs():
        names.update(p.stem for p in folder.glob("*.toml") if not p.name.endswith(".cases.toml"))
    return tuple(sorted(names))


def _bundled(stem: str) -> Path | None:
    """The file of the bundled ruleset *stem*, found by name (no other file is looked at)."""
    if stem not in bundled_rulesets():
        return None
    for folder in _bundled_dirs():
        bundled = folder / f"{stem}.toml"
        if bundled.is_file():
            return bundled
    return None  # pragma: no cover - listed, so it is there


def _resolve(name: str | Path, base_dir: Path | None = None, *, files: bool = True) -> Path:
    """The file a ruleset name or path stands for (see :func:`_find_ruleset`)."""
    return _find_ruleset(name, base_dir, files=files)[0]


def _find_ruleset(name: str | Path, base_dir: Path | None = None, *, files: bool = True) -> tuple[Path, bool]:
    """
    The file a ruleset name or path stands for, and whether it is a bundled ruleset.

    A bare name (no folder separator, no ``.toml``) is a bundled ruleset when one
    has that name, whatever files lie around; anything else is a path, relative
    to *base_dir* (or the working directory), with a bundled ruleset of the same
    stem as the fallback when no such file exists. Without *files*, only bundled
    rulesets are looked up and the file system is never consulted, so that the
    error cannot tell whether some file exists.
    """
    text = str(name)
    plain = "/" not in text and "\\" not in text
    if plain and not text.endswith(".toml"):
        bundled = _bundled(text)
        if bundled is not None:
            return bundled, True
    if not files:
        bundled = _bundled(text.removesuffix(".toml")) if plain else None
        if bundled is not None:
            return bundled, True
        msg = Message("file.not_bundled_text", name=str(name), known=_known())
        raise RulesetSyntaxError([Problem(message=msg)])
    path = Path(name)
    candidate = path if base_dir is None or path.is_absolute() else base_dir / path
    try:
        if candidate.is_file():
            return candidate, False
        is_dir = candidate.is_dir()
    except OSError as exc:  # e.g. a name longer than the file system allows
        msg = Message("file.cannot_open", name=str(name), reason=exc.strerror or str(exc))
        raise RulesetSyntaxError([Problem(message=msg)]) from None
    if plain:
        bundled = _bundled(text.removesuffix(".toml"))
        if bundled is not None:
            return bundled, True
    msg = Message("file.is_directory", name=str(name)) if is_dir else Message("file.not_found", name=str(name), known=_known())
    raise RulesetSyntaxError([Problem(message=msg)])


def _known() -> str:
    """The bundled rulesets' names for an error (the folders are listed only when a name is not found)."""
    return ", ".join(bundled_rulesets()) or Message("value.none")


def _read(path: Path) -> str:
    """The text of a ruleset file, checked for size and encoding."""
    label = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            msg = Message("file.too_large", size=Count(size), limit=Count(MAX_BYTES))
            raise RulesetSyntaxError([Problem(message=msg, file=label)])
        data = path.read_bytes()
    except OSError as exc:
        msg = Message("file.cannot_read", reason=exc.strerror or str(exc))
        raise RulesetSyntaxError([Problem(message=msg, file=label)]) from exc
    return _decode(data, label)


def _decode(data: bytes, label: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = Message("file.not_utf8", byte=f"{data[exc.start]:#04x}")
        raise RulesetSyntaxError([Problem(message=msg, file=label, line=line, column=column)]) from None
    # A byte-order mark (Notepad, Excel) is dropped on purpose; TOML does not allow one.
    return text.removeprefix("\ufeff")


_SIGNIFICANT = r"""[\[\]{}"'#\n\\]"""


def _nesting_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of arrays and inline tables, and the line where it occurs."""
    depth = deepest = 0
    line = deepest_line = 1
    quote = ""
    skip_until = 0
    for match in re.finditer(_SIGNIFICANT, text):
        i = match.start()
        char = match.group()
        if char == "\n":
            line += 1
            continue
        if i < skip_until:
            continue
        if quote:
            if char == "\\" and quote == '"':
                skip_until = i + 2
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            end = text.find("\n", i)
            skip_until = len(text) if end < 0 else end
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest, deepest_line


def _parse_toml(text: str, label: str) -> dict[str, Any]:
    """TOML text -> dict, every parser failure translated into a RulesetSyntaxError."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        msg = Message("toml.lone_surrogate")
        raise RulesetSyntaxError([Problem(message=msg, file=label, line=line)]) from None
    if size > MAX_BYTES:
        msg = Message("toml.text_too_large", limit=Count(MAX_BYTES))
        raise RulesetSyntaxError([Problem(message=msg, file=label)])
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetSyntaxError([toml_problem(exc, label)]) from exc
    except ValueError as exc:  # an integer literal beyond Python's digit limit
        digits = re.search(r"[0-9_]{4000,}|0x[0-9a-fA-F_]{3000,}|0b[01_]{10000,}|0o[0-7_]{4000,}", text)
        digits_line = text.count("\n", 0, digits.start()) + 1 if digits else None
        msg = Message("toml.integer_digits", digits=len(digits.group(0))) if digits else Message("toml.integer_long")
        raise RulesetSyntaxError([Problem(message=msg, file=label, line=digits_line)]) from exc
    except RecursionError:
        _check_nesting(text, label)
        msg = Message("toml.too_deep")
        raise RulesetSyntaxError([Problem(message=msg, file=label)]) from None
    # The text is scanned for its nesting (and the line of the deepest point) only when the
    # parsed document comes near the limit: the scan costs as much as a third of the parse.
    if _dict_depth(data) >= MAX_DEPTH - 2:
        _check_nesting(text, label)
    return data


def _check_nesting(text: str, label: str) -> None:
    """Refuse text whose arrays and tables nest deeper than the limit, naming the line."""
    depth, line = _nesting_depth(text)
    if depth > MAX_DEPTH:
        msg = Message("toml.nested", depth=depth, limit=MAX_DEPTH)
        raise RulesetSyntaxError([Problem(message=msg, file=label, line=line)])


def _code(line: str) -> str:
    """A line without its comment (a ``#`` outside quotes)."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:i]
    return line


_HEADER = r"^\s*\[\[\s*(.*?)\s*\]\]"
_WORD = r"[\w\-]+"
_ID_LINE = r"^\s*id\s*=\s*[\"'](.*)[\"']\s*$"


def _path_keys(path: str | None) -> list[tuple[str, int | None]]:
    """
    The keys of a key path such as ``$.criteria[2].rule.tiers[0]``, in order,
    each with the array index written after it (``None`` when there is none).
    """
    tokens = re.findall(r"\.([^.\[\]]+)|\[(\d+)\]", (path or "$")[1:])
    keys: list[tuple[str, int | None]] = []
    for key, index in tokens:
        if key:
            keys.append((key, None))
        elif keys:
            keys[-1] = (keys[-1][0], int(index))
    return keys


class _LineIndex:
    """
    A file's lines without comments, and indexes of them: the ``[[...]]``
    headers, the lines that start with ``[``, the lines each word occurs on,
    and the entry each item id is written in. A query looks only at the lines
    that can match, so that locating *n* problems costs time linear in *n*,
    not a scan of the file per problem.
    """

    def __init__(self, text: str) -> None:
        self.lines = [_code(line) for line in text.splitlines()]
        self._headers_by_key: dict[str, list[int]] = {}
        self._header_lines: list[int] = []
        self._bracket_lines: list[int] = []
        self._words: dict[str, list[int]] = {}
        self._ids: dict[str, dict[str, int]] = {}
        self._ends: dict[tuple[str, int], int] = {}
        self._nested: dict[tuple[str, int, int], list[int]] = {}
        self._word = re.compile(_WORD)
        header = re.compile(_HEADER)
        for i, line in enumerate(self.lines):
            if line.lstrip().startswith("["):
                self._bracket_lines.append(i)
                found = header.search(line)
                if found:
                    self._header_lines.append(i)
                    self._headers_by_key.setdefault(found.group(1), []).append(i)
            for word in set(self._word.findall(line)):
                self._words.setdefault(word, []).append(i)

    def find(self, pattern: re.Pattern[str], start: int, stop: int, key: str) -> int | None:
        """The first line in [start, stop) that *pattern* (which matches *key* as written) matches."""
        lines = self.lines
        stop = min(stop, len(lines))
        first = self._word.match(key)
        if first is None:  # a key that starts with no word character: look at every line
            candidates: Sequence[int] = range(start, stop)
        else:  # a line that holds the key holds its first word as a whole word
            within = self._words.get(first.group(), [])
            candidates = within[bisect.bisect_left(within, start) : bisect.bisect_left(within, stop)]
        for i in candidates:
            if pattern.search(lines[i]):
                return i
        return None

    def block_end(self, collection: str, start: int) -> int:
        """Where the array-of-tables entry starting at *start* ends: the next header not inside it."""
        memo = (collection, start)
        if memo not in self._ends:
            inner = re.compile(r"^\s*\[\[?\s*" + re.escape(collection) + r"\.")
            end = len(self.lines)
            brackets = self._bracket_lines
            for position in range(bisect.bisect_right(brackets, start), len(brackets)):  # no slice: that would copy the rest of the file's list
                if not inner.match(self.lines[brackets[position]]):
                    end = brackets[position]
                    break
            self._ends[memo] = end
        return self._ends[memo]

    def headers(self, key: str) -> list[int]:
        """The lines of the ``[[key]]`` headers."""
        return self._headers_by_key.get(key, [])

    def nested_headers(self, key: str, start: int, stop: int) -> list[int]:
        """The lines of the ``[[... .key]]`` headers in [start, stop)."""
        memo = (key, start, stop)
        if memo not in self._nested:
            nested = re.compile(r"^\s*\[\[\s*[\w.]*\b" + re.escape(key) + r"\s*\]\]")
            headers = self._header_lines
            within = headers[bisect.bisect_left(headers, start) : bisect.bisect_left(headers, min(stop, len(self.lines)))]
            self._nested[memo] = [i for i in within if nested.search(self.lines[i])]
        return self._nested[memo]

    def entry_with_id(self, collection: str, item_id: str) -> int | None:
        """The position among the ``[[collection]]`` headers of the first entry that writes ``id = "<item_id>"``."""
        if collection not in self._ids:
            hits = self.headers(collection)
            ids: dict[str, int] = {}
            id_line = re.compile(_ID_LINE)
            for n, head in enumerate(hits):
                end = hits[n + 1] if n + 1 < len(hits) else len(self.lines)
                for i in range(head, end):
                    found = id_line.match(self.lines[i])
                    if found:
                        ids.setdefault(found.group(1), n)
            self._ids[collection] = ids
        return self._ids[collection].get(item_id)


class _Source:
    """
    A file's text, and where in it a key path or item id is written.

    The lines are indexed (:class:`_LineIndex`) once, when the first problem
    needs a line number.
    """

    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self._text = text
        self._index: _LineIndex | None = None

    @property
    def index(self) -> _LineIndex:
        """The file's lines and their indexes, built when first needed."""
        if self._index is None:
            self._index = _LineIndex(self._text)
        return self._index

    def _entry(self, collection: str, index: int | None, item_id: str | None, by_index: bool) -> tuple[int, int] | None:
        """
        The lines [start, stop) of the ``[[collection]]`` entry a key path
        starts in: the one at *index* (``by_index``), else the one that writes
        ``id = "<item_id>"``; ``None`` when neither is found.
        """
        lines = self.index
        hits = lines.headers(collection)
        if by_index and index is not None and index < len(hits):
            return hits[index], lines.block_end(collection, hits[index])
        if item_id is not None:
            n = lines.entry_with_id(collection, item_id)
            if n is not None:
                return hits[n], hits[n + 1] if n + 1 < len(hits) else len(lines.lines)
        return None

    def locate(self, path: str | None, item_id: str | None = None, *, by_index: bool = True) -> int | None:
        """
        The 1-based line of *path*, if it can be found.

        An array-of-tables entry is found by its position (``by_index``) or,
        in a merged amendment where positions shift, by its ``id``.
        """
        lines = self.index
        start, stop = 0, len(lines.lines)
        keys = _path_keys(path)
        found: int | None = None
        if keys and keys[0][1] is not None:
            collection, index = keys[0]
            entry = self._entry(collection, index, item_id, by_index)
            if entry is not None:
                start, stop = entry
                found = start
                keys = keys[1:]
        for key, index in keys:
            if index is not None:
                hits = lines.nested_headers(key, start, stop)
                if index < len(hits):
                    start = found = hits[index]
                    stop = hits[index + 1] if index + 1 < len(hits) else stop
                    continue
            pattern = re.compile(r"(^|[\s{,.\[])\"?" + re.escape(key) + r"\"?\s*(=|\]|\.)")
            hit = lines.find(pattern, start, stop, key)
            if hit is None:
                break
            found = start = hit
        return None if found is None else found + 1


def _format(exc: BaseException, _type: type | None) -> str:
    """One cattrs leaf error in our message grammar."""
    if isinstance(exc, ForbiddenExtraKeysError):
        keys = sorted(exc.extra_fields)
        parts = tuple(Message("schema.key_hint", key=key, hint=suggest_key(key, exc.cl)) for key in keys)
        return Message("schema.unknown_key" if len(keys) == 1 else "schema.unknown_keys", keys=parts)
    if isinstance(exc, KeyError):
        return Message("schema.required_key", key=exc.args[0]) if exc.args else Message("schema.required_key_any")
    if isinstance(exc, TypeError | ValueError) and str(exc):
        if exc.args and isinstance(exc.args[0], Message):
            return exc.args[0]
        message = str(exc)
        if message.startswith(("__init__() missing", "__init__() got")):
            return Message("schema.invalid_table")
        return message
    return Message("schema.invalid_value", type=type(exc).__name__)


def _item_id(data: Mapping[str, Any], path: str) -> str | None:
    """The id of the criterion/bonus/penalty a key path points into, if any."""
    found = re.match(r"^\$\.(criteria|bonuses|penalties)\[(\d+)\]", path)
    if not found:
        return None
    items = data.get(found.group(1))
    index = int(found.group(2))
    if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
        item_id = items[index].get("id")
        return item_id if isinstance(item_id, str) else None
    return None


_ITEMS = ("bands", "groups", "blocks", "sections", "indicators", "criteria", "bonuses", "penalties")
_ITEM_PATH = r"^\$\.(" + "|".join(_ITEMS) + r")\[(\d+)\]"
# Semantic messages that setting aside an item of each collection can cause by itself;
# while items are set aside, these would be false alarms, so they wait for the next round.
_DEPENDENT = {
    "bands": ("the bands leave a gap", "at least one band is needed"),
    "groups": ("the maxima of the criteria", "at least one agency group is needed"),
    "sections": ("the maxima of the criteria", "at least one section is needed"),
    "criteria": ("the maxima of the criteria", "at least one criterion is needed"),
}
# A reference to a set-aside item: the collection, and the id referred to.
_REFERENCE = r"^(?:unknown (indicator|section|agency group) |max_points_by_group names unknown (agency group): )'([^']*)'"
_REFERRED = {"indicator": "indicators", "section": "sections", "agency group": "groups"}


def _id_of(item: object) -> str | None:
    """The id of a raw item, if it has a readable one."""
    item_id = item.get("id") if isinstance(item, dict) else None
    return item_id if isinstance(item_id, str) else None


def _salvaged_problems(data: dict[str, Any], structural: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """
    The semantic problems of the rest of a ruleset whose items have wrong types.

    The items (criteria, indicators, bands, ...) that failed to structure are set
    aside and the rest is checked like any ruleset, so that a wrong type and, say,
    an unknown section elsewhere are reported in one round. Problems that setting
    items aside could cause by itself (a group's maxima no longer adding up, a
    reference to a set-aside item) are left out. A wrong type outside the items
    (the scale, the rounding, ...) is reported alone.
    """
    drop: dict[str, set[int]] = {}
    for problem in structural:
        found = re.match(_ITEM_PATH, problem.path or "")
        if not found or not isinstance(data.get(found.group(1)), list):
            return ()
        drop.setdefault(found.group(1), set()).add(int(found.group(2)))
    kept: dict[str, list[int]] = {}
    rest = dict(data)
    for key, indices in drop.items():
        kept[key] = [i for i in range(len(data[key])) if i not in indices]
        rest[key] = [data[key][i] for i in kept[key]]
    try:
        _CONVERTER.structure(rest, Ruleset)
    except RulesetValidationError as exc:
        found_problems = exc.problems
    except (ClassValidationError, IterableValidationError) as exc:
        # Only the ruleset's own checks count: anything else is for the next round.
        found_problems = tuple(p for e in exc.exceptions if isinstance(e, RulesetValidationError) for p in e.problems)
    else:
        return ()
    skip = tuple(m for key in drop for m in _DEPENDENT.get(key, ()))
    set_aside: dict[str, set[object]] = {key: {_id_of(data[key][i]) for i in indices} for key, indices in drop.items()}
    out = []
    for problem in found_problems:
        if problem.message.startswith(skip):
            continue
        reference = re.match(_REFERENCE, problem.message)
        if reference:
            ids = set_aside.get(_REFERRED[reference.group(1) or reference.group(2)], set())
            if reference.group(3) in ids or None in ids:  # None: an item whose own id is unreadable
                continue
        path = problem.path or ""
        found = re.match(_ITEM_PATH, path)
        if found and found.group(1) in kept:
            path = f"$.{found.group(1)}[{kept[found.group(1)][int(found.group(2))]}]{path[found.end() :]}"
        out.append(attrs.evolve(problem, path=path))
    return tuple(out)


def _structure(data: dict[str, Any], sources: Mapping[str, _Source], owners: Mapping[str, str], main: str) -> Ruleset:
    """Structure a merged dict into a Ruleset, translating every failure into Problems."""
    try:
        return _CONVERTER.structure(data, Ruleset)
    except RulesetValidationError as exc:
        raw = exc.problems
    except (ClassValidationError, IterableValidationError) as exc:
        semantic = [e for e in exc.exceptions if isinstance(e, RulesetValidationError)]
        raw = tuple(p for e in semantic for p in e.problems)
        if not semantic:
            raw = ()
            made: dict[str, str] = {}  # the messages, by their text: transform_error gives only text

            def format_exception(leaf: BaseException, tp: type | None) -> str:
                message = _format(leaf, tp)
                made[message] = message
                return message

            for line in transform_error(exc, format_exception=format_exception):
                message, _, path = line.rpartition(" @ ")
                raw += (Problem(message=made.get(message, message), path=path),)
            raw += _salvaged_problems(data, raw)
    # "unknown key 'maxpoints' (did you mean 'max_points'?)" already says what a
    # "required key 'max_points' is missing" at the same place would.
    suggested = set()
    for problem in raw:
        hint = re.match(r"^unknown key '[^']+' \(did you mean '([^']+)'\?\)$", problem.message)
        if hint:
            suggested.add(f"{problem.path}.{hint.group(1)}")
    amended = len(sources) > 1
    problems = []
    for problem in raw:
        if problem.message.startswith("required key") and problem.path in suggested:
            continue
        extra = re.match(r"^unknown key '([^']+)'", problem.message)
        if extra and problem.path is not None:
            problem = attrs.evolve(problem, path=f"{problem.path}.{extra.group(1)}")
        item = problem.criterion or _item_id(data, problem.path or "")
        file = owners.get(item, main) if item else main
        source = sources.get(file)
        located = source.locate(problem.path, item, by_index=not amended) if source else None
        problems.append(attrs.evolve(problem, file=file, line=located, criterion=item))
    # Document order: by file, then line; problems without a line keep their place at the end.
    problems.sort(key=lambda p: (p.file != main, p.line is None, p.line or 0))
    raise RulesetValidationError(problems, title=Message("ruleset.invalid_title", file=main)) from None


def _check_schema_version(data: Mapping[str, Any], source: _Source) -> None:
    version = data.get("schema_version")
    if version == SCHEMA_VERSION and type(version) is int:
        return
    line = source.locate("$.schema_version", None)
    if version is None:
        msg = Message("schema.version_missing", version=SCHEMA_VERSION)
        raise RulesetValidationError([Problem(message=msg, file=source.label, path="$.schema_version")])
    if isinstance(version, bool) or not isinstance(version, int) or version != SCHEMA_VERSION:
        msg = Message("schema.version_unsupported", value=shown(version), version=SCHEMA_VERSION)
        raise RulesetValidationError([Problem(message=msg, file=source.label, line=line, path="$.schema_version")])


def _stamp(data: dict[str, Any], label: str, owners: dict[str, str]) -> None:
    """Record in each item's provenance the file that defined it."""
    name = Path(label).name
    for key in _ITEMS_WITH_PROVENANCE:
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict):
                if isinstance(item.get("id"), str):
                    owners[item["id"]] = label
                provenance = item.get("provenance")
                if isinstance(provenance, dict):
                    provenance.setdefault("file", name)


def _merge(base: dict[str, Any], child: dict[str, Any], source: _Source, owners: dict[str, str]) -> dict[str, Any]:
    """Apply an amendment (*child*) to its base: remove, then add or replace, then modify."""
    problems: list[Problem] = []
    merged = copy.deepcopy(base)
    for key in ("id", "version"):
        if key not in child:
            problems.append(Problem(message=Message("amendment.own_key", key=key), file=source.label, path=f"$.{key}"))
    remove = child.get("remove", {})
    modify = child.get("modify", {})
    for name, table in (("remove", remove), ("modify", modify)):
        if not isinstance(table, dict):
            message = Message("amendment.must_be_table", name=name)
            problems.append(Problem(message=message, file=source.label, line=source.locate(f"$.{name}", None), path=f"$.{name}"))
        else:
            for key in table:
                if key not in _COLLECTIONS:
                    hint = suggest_key_in(key, _COLLECTIONS)
                    problems.append(
                        Problem(
                            message=Message("amendment.unknown_collection", key=key, hint=hint, name=name, collections=", ".join(_COLLECTIONS)),
                            file=source.label,
                            line=source.locate(f"$.{name}.{key}", None),
                            path=f"$.{name}.{key}",
                        )
                    )
    for key, value in remove.items() if isinstance(remove, dict) else ():
        line = source.locate(f"$.remove.{key}", None)
        if not isinstance(value, list):
            msg = Message("amendment.remove_array", key=key, got=_got_kind(value))
            problems.append(Problem(message=msg, file=source.label, line=line, path=f"$.remove.{key}"))
            continue
        for i, item in enumerate(value):
            if not isinstance(item, str):
                msg = Message("schema.expected_string", got=_got_kind(item))
                problems.append(Problem(message=msg, file=source.label, line=line, path=f"$.remove.{key}[{i}]"))
    for key, value in modify.items() if isinstance(modify, dict) else ():
        if not isinstance(value, dict):
            msg = Message("amendment.modify_table", key=key, got=_got_kind(value))
            problems.append(Problem(message=msg, file=source.label, line=source.locate(f"$.modify.{key}", None), path=f"$.modify.{key}"))
    if problems:
        raise RulesetValidationError(problems, title=Message("amendment.invalid_title", file=source.label))
    name = Path(source.label).name
    for key, value in child.items():
        if key in ("remove", "modify", "schema_version"):
            continue
        if key not in _COLLECTIONS:
            merged[key] = copy.deepcopy(value)
    for key in _COLLECTIONS:
        items: list[Any] = merged.setdefault(key, [])
        ids = [item.get("id") if isinstance(item, dict) else None for item in items]
        for gone in remove.get(key, []) if isinstance(remove, dict) else []:
            if gone not in ids:
                problems.append(
                    Problem(
                        message=Message("amendment.cannot_remove", what=Message(f"amendment.item.{key}"), id=gone),
                        file=source.label,
                        line=source.locate(f"$.remove.{key}", None),
                        path=f"$.remove.{key}",
                        criterion=gone if key in _ITEMS_WITH_PROVENANCE else None,
                    )
                )
                continue
            index = ids.index(gone)
            del items[index]
            del ids[index]
        for item in child.get(key, []) if isinstance(child.get(key), list) else []:
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id is not None and item_id in ids:
                items[ids.index(item_id)] = copy.deepcopy(item)
            else:
                items.append(copy.deepcopy(item))
                ids.append(item_id)
        for item_id, changes in (modify.get(key, {}) or {}).items():
            if item_id not in ids:
                problems.append(
                    Problem(
                        message=Message("amendment.cannot_modify", id=item_id, key=key),
                        file=source.label,
                        line=source.locate(f"$.modify.{key}", None),
                        path=f"$.modify.{key}.{item_id}",
                        criterion=item_id if key in _ITEMS_WITH_PROVENANCE else None,
                    )
                )
                continue
            if not isinstance(changes, dict):
                message = Message("amendment.modify_item_table", key=key, id=item_id)
                problems.append(Problem(message=message, file=source.label, path=f"$.modify.{key}.{item_id}"))
                continue
            target = items[ids.index(item_id)]
            target.update(copy.deepcopy(changes))
            if key in _ITEMS_WITH_PROVENANCE:
                owners[item_id] = source.label
                if isinstance(target.get("provenance"), dict) and "provenance" not in changes:
                    target["provenance"] = {**target["provenance"], "file": name}
        if not items:
            del merged[key]
    if problems:
        raise RulesetValidationError(problems, title=Message("amendment.invalid_title", file=source.label))
    merged["extends"] = base.get("id")
    return merged


def _got_kind(value: object) -> str:
    """What a value of an amendment's ``remove``/``modify`` is: ``string 'x'``, ``table {...}``."""
    return Message("value.got", kind=kind_of(value), shown=shown(value))


def suggest_key_in(key: str, names: tuple[str, ...]) -> str:
    import difflib

    return did_you_mean(difflib.get_close_matches(key, list(names), n=1))


def toml_problem(exc: ValueError, label: str) -> Problem:
    """A TOML parser error as a problem: ``invalid TOML: <what the parser says>`` at its line and column."""
    message = str(exc)
    found = re.search(_AT_LINE, message)
    lineno = int(found.group(1)) if found else None
    colno = int(found.group(2)) if found else None
    text_msg = re.sub(_AT_LINE, "", message).strip()
    detail = toml_detail(f"{text_msg[:1].lower()}{text_msg[1:]}")
    return Problem(message=Message("toml.invalid", detail=detail), file=label, line=lineno, column=colno)


def _raw(text: str, label: str, base_dir: Path | None, sources: dict[str, _Source], owners: dict[str, str], chain: tuple[str, ...]) -> dict[str, Any]:
    """Parse one file and, if it extends another, merge it onto its base."""
    source = _Source(label, text)
    sources[label] = source
    data = _parse_toml(text, label)
    _check_schema_version(data, source)
    extends = data.get("extends")
    if extends is None:
        for key in ("remove", "modify"):
            if key in data:
                msg = Message("amendment.only_in_amendment", key=key)
                raise RulesetValidationError([Problem(message=msg, file=label, line=source.locate(f"$.{key}", None), path=f"$.{key}")])
        _stamp(data, label, owners)
        return data
    if not isinstance(extends, str):
        msg = Message("amendment.extends_type", value=extends)
        raise RulesetValidationError([Problem(message=msg, file=label, line=source.locate("$.extends", None), path="$.extends")])
    here = chain if chain else (label,)
    if len(here) >= MAX_CHAIN:
        msg = Message("amendment.chain_too_long", limit=MAX_CHAIN)
        raise RulesetValidationError([Problem(message=msg, file=label, line=source.locate("$.extends", None), path="$.extends")])
    try:
        base_path = _resolve(extends, base_dir, files=base_dir is not None)
    except RulesetSyntaxError as exc:
        problem = attrs.evolve(exc.problems[0], file=label, line=source.locate("$.extends", None), path="$.extends")
        raise RulesetValidationError([problem]) from None
    key = str(base_path.resolve())
    if key in chain:
        msg = Message("amendment.cycle", chain=" -> ".join(Path(c).name for c in (*chain, key)))
        raise RulesetValidationError([Problem(message=msg, file=label, line=source.locate("$.extends", None), path="$.extends")])
    base = _raw(_read(base_path), str(base_path), base_path.parent, sources, owners, (*here, key))
    child = {k: v for k, v in data.items() if k != "extends"}
    _stamp(child, label, owners)
    return _merge(base, child, source, owners)


def parse_ruleset(text: str, *, source: str = "<string>", base_dir: str | Path | None = None, _chain: tuple[str, ...] = ()) -> Ruleset:
    """
    Parse a ruleset from TOML *text*.

    Args:
        text: The TOML document.
        source: A name for the text, used in error messages.
        base_dir: The folder whose files ``extends`` may name (relative
            paths are read from it). Without it, ``extends`` can name only a
            bundled ruleset, and no file is looked at: text from an upload
            can neither read the server's files nor learn which exist.

    A chain of amendments may hold at most ``MAX_CHAIN`` (16) rulesets. A bare
    name in ``extends`` (no folder separator, no ``.toml``) is always the
    bundled ruleset of that name; see docs/ruleset-format.md.

    Raises:
        RulesetSyntaxError: if the text is not valid TOML or is too large or deep.
        RulesetValidationError: listing every problem with the ruleset.

    .. versionadded:: 0.1.0
    """
    sources: dict[str, _Source] = {}
    owners: dict[str, str] = {}
    folder = Path(base_dir) if base_dir is not None else None
    # A byte-order mark is dropped on purpose, as for files.
    data = _raw(text.removeprefix("\ufeff"), source, folder, sources, owners, _chain)
    return _structure(data, sources, owners, source)


def load_ruleset(path_or_name: str | Path) -> Ruleset:
    """
    Load a ruleset from a TOML file, or a bundled ruleset by name.

    Args:
        path_or_name: A path such as ``"rulesets/danang-448-2022.toml"`` or a
            bundled name such as ``"danang-448-2022"``. A bare name (no
            folder separator, no ``.toml``) is the bundled ruleset of that
            name even if a file of that name is in the working directory;
            write ``"./name"`` for the file.

    Raises:
        RulesetSyntaxError: if the file cannot be read or is not valid TOML.
        RulesetValidationError: listing every problem with the ruleset.

    .. versionadded:: 0.1.0
    """
    path, bundled = _find_ruleset(path_or_name)
    label = str(path) if bundled else str(path_or_name)
    return parse_ruleset(_read(path), source=label, base_dir=path.parent, _chain=(str(path.resolve()),))


def ruleset_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> Ruleset:
    """
    Build a ruleset from a dict shaped like the TOML file (no amendments).

    .. versionadded:: 0.1.0
    """
    given: object = data  # typed as a mapping, but a caller may pass anything
    if not isinstance(given, Mapping):
        msg = Message("ruleset.not_table", type=type(given).__name__)
        raise RulesetValidationError([Problem(message=msg, file=source)])
    depth = _dict_depth(data)
    if depth > MAX_DEPTH:
        msg = Message("toml.nested_or_more", depth=depth, limit=MAX_DEPTH)
        raise RulesetSyntaxError([Problem(message=msg, file=source)])
    copied = copy.deepcopy(dict(data))
    _check_schema_version(copied, _Source(source, ""))
    return _structure(copied, {}, {}, source)


_NESTING = frozenset({dict, list})
_PLAIN = frozenset({str, int, Decimal, bool, float})


def _nests(value: object) -> bool:
    """Whether *value* is a table or an array (a mapping, list or tuple), told apart from the common leaves first."""
    kind = type(value)
    return kind in _NESTING or (kind not in _PLAIN and isinstance(value, Mapping | list | tuple))


def _dict_depth(data: object) -> int:
    """How deeply tables and arrays nest in *data* (counted level by level, without recursion, stopping past the limit)."""
    depth = 0
    level: list[object] = [data] if _nests(data) else []
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return depth
        # The next level: the tables and arrays inside this one's (the test inlined: it runs once per value).
        level = [
            child
            for value in level
            for child in (value.values() if isinstance(value, Mapping) else cast("list[object]", value))
            if type(child) in _NESTING or (type(child) not in _PLAIN and isinstance(child, Mapping | list | tuple))
        ]
    return depth


def ruleset_to_dict(ruleset: Ruleset) -> dict[str, Any]:
    """
    The ruleset as a dict shaped like the TOML file: ``ruleset_from_dict`` of it
    gives an equal ruleset. Empty optional values are left out.

    .. versionadded:: 0.1.0
    """
    pruned: dict[str, Any] = _prune(_CONVERTER.unstructure(ruleset))
    return pruned


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_prune(v) for v in value]
    return value
