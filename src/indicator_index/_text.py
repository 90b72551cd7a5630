"""Text: Unicode normalisation, Vietnamese alphabetical order, and values shown in messages."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal


__all__ = ["fold", "got", "match_names", "nfc", "number_text", "safe", "show", "text_problem", "type_name", "vietnamese_key", "visible"]

# The Vietnamese alphabet in its own order: đ after d, ă and â after a, and so on.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# Letters that carry a vowel-quality mark, which is part of the letter, not a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# Tones in dictionary order: level (none), grave, hook, tilde, acute, dot below.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC with surrounding white space and a leading BOM removed."""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFC", text.lstrip("\ufeff").strip())


def fold(text: str) -> str:
    """
    *text* folded for lookup: case, accents and tone marks ignored, ``đ`` read
    as ``d``, runs of white space as one space (``"Sở Nội vụ"`` → ``"so noi vu"``).
    """
    decomposed = unicodedata.normalize("NFD", nfc(text).casefold().replace("đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def match_names(wanted: str, entries: Iterable[tuple[str, str]]) -> list[str]:
    """
    The ids of *entries* (``(id, name)`` pairs) that *wanted* names: the one
    whose id it is exactly, else every id or name equal to it once both are
    :func:`folded <fold>`, in the order of *entries*.
    """
    pairs = list(entries)
    key = nfc(wanted)
    if any(ident == key for ident, _ in pairs):
        return [key]
    folded = fold(key)
    return [ident for ident, name in pairs if folded in (fold(ident), fold(name))]


class Collated:
    """
    A name that sorts in Vietnamese order (:func:`vietnamese_key`), its key made only when it is compared:
    in a sort by rank first, the names of agencies that do not tie are never collated.
    """

    __slots__ = ("_key", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._key: tuple[object, ...] | None = None

    def key(self) -> tuple[object, ...]:
        """:func:`vietnamese_key` of the text, made once."""
        found = self._key
        if found is None:
            found = self._key = vietnamese_key(self.text)
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Collated) and self.key() == other.key()

    def __lt__(self, other: Collated) -> bool:
        return self.key() < other.key()

    __hash__ = None  # type: ignore[assignment]


def _letters(text: str) -> tuple[list[tuple[int, int | str]], list[int]]:
    letters: list[tuple[int, int | str]] = []
    tones: list[int] = []
    digits = ""
    for char in unicodedata.normalize("NFC", text).lower() + "\0":
        if char.isdecimal():  # what int() reads: "²" is a digit, but not a decimal one
            digits += char
            continue
        if digits:
            # A run of digits sorts as one number: Phường 2 before Phường 10.
            letters.append((-1, int(digits)))
            tones.append(0)
            digits = ""
        if char == "\0":
            break
        if char == "đ":
            letters.append((0, _LETTER_RANK["đ"]))
            tones.append(0)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        letter = base
        for mark in marks:
            if mark in _LETTER_MARKS:
                letter = unicodedata.normalize("NFC", letter + mark)
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
        if letter in _LETTER_RANK:
            letters.append((0, _LETTER_RANK[letter]))
        elif letter.isspace():
            letters.append((-2, " "))
        else:
            letters.append((1, letter))
        tones.append(tone)
    return letters, tones


def vietnamese_key(text: str) -> tuple[object, ...]:
    """
    Return a sort key that orders *text* as a Vietnamese dictionary does.

    Letters compare first in the Vietnamese alphabet (``a ă â b c d đ e ê …``),
    and only words equal in their letters compare by tone (level, grave, hook,
    tilde, acute, dot below), so ``Đ`` sorts after ``D`` and ``Hòa`` next to
    ``Hoa``, not after ``Z`` as code-point order would put them.
    """
    letters, tones = _letters(text)
    return (letters, tones, text)


def type_name(value: object) -> str:
    """The TOML name of *value*'s type: ``string``, ``integer``, ``number``, ``table``, ..."""
    names = {bool: "boolean", int: "integer", Decimal: "number", float: "number", str: "string", list: "array", dict: "table"}
    if isinstance(value, dt.datetime):
        return "date-time"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    return names.get(type(value), type(value).__name__)


def show(value: object) -> str:
    """*value* as it would be written in TOML, shortened: ``true``, ``2.5``, ``'text'``, ``2024-01-01``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | float):
        text = str(value).lower().replace("infinity", "inf")
    elif isinstance(value, int):
        text = str(value) if abs(value) < 10**30 else f"an integer of {len(str(abs(value)))} digits"
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, list):
        text = "[...]" if value else "[]"
    elif isinstance(value, dict):
        text = "{...}" if value else "{}"
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def got(value: object) -> str:
    """What a value is, for a message: ``string '40'``, ``integer 5``, ``table {...}``."""
    if value is None:  # only from Python: TOML and JSON data have no null here
        return "None"
    return f"{type_name(value)} {show(value)}"


# --- The text rule: which code points ids, names, evidence and claims may hold ------------

# Refused in every text: control characters (Cc), line and paragraph separators (Zl, Zp), lone
# surrogates (Cs) and noncharacters (U+FDD0..U+FDEF and the last two code points of every plane).
_FORBIDDEN = (
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
    + "]"
)


@functools.cache
def _forbidden() -> re.Pattern[str]:
    """:data:`_FORBIDDEN`, compiled when a text first needs it (not at import: ``validate`` never does)."""
    return re.compile(_FORBIDDEN)


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def text_problem(text: str, *, identifier: bool = False) -> str | None:
    """
    Why *text* may not be an id (*identifier*) or a piece of free text (a name, evidence), or ``None``:
    a catalogue message (``data.text.*``) that reads "contains ...".

    Every field refuses a lone surrogate (Unicode category Cs: no file can hold
    one), a control character (Cc: tab and line breaks included, after the
    surrounding white space is stripped), a line or paragraph separator (Zl,
    Zp) and a noncharacter (U+FFFE, U+FDD0 ...). An id also refuses format
    characters (Cf: zero-width spaces and joiners, byte-order marks, direction
    marks, soft hyphens) and any space other than U+0020, which look like
    nothing on screen and would make two ids that print alike differ.
    """
    if text.isascii() and text.isprintable():
        return None
    from indicator_index._messages import Message  # which imports this module

    found = _forbidden().search(text)
    if found is not None:
        char = found.group()
        category = unicodedata.category(char)
        if category == "Cs":
            return Message("data.text.surrogate", code=_code(char))
        if category == "Cn":
            return Message("data.text.noncharacter", code=_code(char))
        if category in ("Zl", "Zp"):
            return Message("data.text.line_break", code=_code(char))
        return Message("data.text.control", code=_code(char))
    if identifier:
        for char in text:
            if not char.isascii() and unicodedata.category(char) in ("Cf", "Zs"):
                return Message("data.text.invisible", code=_code(char), name=unicodedata.name(char, "unnamed"))
    return None


def visible(text: str) -> str:
    """*text* stripped, or ``""`` when it has nothing visible: only white space and format characters (Cf)."""
    stripped = text.strip()
    if stripped.isascii() or any(not c.isspace() and unicodedata.category(c) != "Cf" for c in stripped):
        return stripped
    return ""


def safe(text: str) -> str:
    """*text* with each lone surrogate and control character written as an escape, so that a message can be printed and encoded."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def number_text(value: Decimal) -> str:
    """A Decimal as a message shows it: in full up to 30 digits, else its first digits and exponent (``9.999999…E+4999``)."""
    digits = value.as_tuple().digits
    if len(digits) <= 30 and -30 <= value.adjusted() <= 30:
        return str(value)
    sign = "-" if value.is_signed() else ""
    lead = "".join(map(str, digits[:7]))
    return f"{sign}{lead[0]}.{lead[1:]}…E{value.adjusted():+d}" if len(lead) > 1 else f"{sign}{lead}E{value.adjusted():+d}"
