"""
Exceptions raised by *indicator_index*.

Hierarchy::

    IndicatorIndexError
    ├── RulesetError (also ValueError)
    │   ├── RulesetSyntaxError       the file cannot be read or is not valid TOML
    │   └── RulesetValidationError   well-formed TOML, but not a valid ruleset
    ├── ScoringError (also ValueError)   submissions do not fit the ruleset
    └── DataError (also ValueError)      agency data files cannot be read

Every error carries a tuple of :class:`Problem` records, so that all the problems
in one input are reported at once, each with the file, line, key path,
criterion, agency and indicator it concerns where they are known. What is
printed lists at most :data:`MAX_SHOWN` of them and counts the rest ("… and
9,800 more"); ``.problems`` always holds every one.

``str(error)`` is the English text; ``error.render("vi")`` (and
``problem.render("vi")``) gives the same in Vietnamese, as the command line
prints it by default: each message that is a catalogue message (a ``str``
with a ``code``, see ``indicator_index._messages``) is rendered in the
language, and a plain ``str`` message is shown as it is.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from attrs import frozen

from indicator_index._messages import Count, Message, text


__all__ = [
    "DataError",
    "IndicatorIndexError",
    "Problem",
    "RulesetError",
    "RulesetSyntaxError",
    "RulesetValidationError",
    "ScoringError",
]

MAX_SHOWN = 200
"""How many problems an error's message (and an error document) lists; the rest are counted, and all are in ``.problems``."""


@frozen(kw_only=True)
class Problem:
    """
    One thing wrong with an input.

    Rendered as ``file:line:column: agency 'a', criterion 'c': message @ path``
    (the indicator is named when there is no criterion), leaving out what is
    not known.

    Args:
        message: What is wrong, lower-case, no trailing period: the English
            text, which may also be a catalogue message (a ``str`` with a
            ``code`` and ``params``) that :meth:`render` shows in another language.
        file: The file the problem is in, if known.
        line: The 1-based line in *file*, if known.
        column: The 1-based column in *file*, if known.
        path: The key path inside the document, e.g. ``$.criteria[3].max_points``.
        criterion: The id of the criterion concerned, if any.
        agency: The id of the agency concerned, if any.
        indicator: The id of the indicator concerned, if any.
        sheet: The worksheet of an XLSX *file*: the place is then rendered as
            the sheet and cell, ``file: Sheet1!D2:`` (``Sheet1!2:2`` for a
            whole row), with *line* the row and *column* the column number.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *sheet*; :meth:`render` in Vietnamese or English.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    criterion: str | None = None
    agency: str | None = None
    indicator: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        """
        The problem in *lang* (``"vi"`` or ``"en"``): its place, the words that
        name the agency, criterion or indicator, and its message in that
        language. ``"en"`` is ``str(problem)``. A message that is a plain
        ``str`` (not a :class:`~indicator_index._messages.Message`) is shown as
        it is in every language; the key path (``@ $.criteria[0]``) too.

        .. versionadded:: 0.2.0
        """
        where = ""
        if self.file is not None and self.sheet is not None:
            where = f"{self.file}: {_cell_name(self.sheet, self.line, self.column)}: "
        elif self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        subject = []
        if self.agency is not None:
            subject.append(text("problem.agency", lang, id=self.agency))
        if self.criterion is not None:
            subject.append(text("problem.criterion", lang, id=self.criterion))
        elif self.indicator is not None:
            subject.append(text("problem.indicator", lang, id=self.indicator))
        context = f"{', '.join(subject)}: " if subject else ""
        message = self.message.render(lang) if isinstance(self.message, Message) else self.message
        rendered = f"{where}{context}{message}"
        if self.path:
            rendered += f" @ {self.path}"
        return rendered


def _cell_name(sheet: str, row: int | None, column: int | None) -> str:
    """A worksheet place as Excel names it: ``Sheet1!D2``, ``Sheet1!2:2`` (a row), ``'Dữ liệu'!A6`` (a quoted name)."""
    name = sheet if sheet.replace("_", "a").isalnum() and sheet.isascii() else "'" + sheet.replace("'", "''") + "'"
    if row is None:
        return name
    if column is None:
        return f"{name}!{row}:{row}"
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{name}!{letters}{row}"


class IndicatorIndexError(Exception):
    """
    The root of every exception this library raises on purpose.

    Attributes:
        problems: Every problem found, in document order.
        title: What the problems are about (``mini.toml: ruleset is invalid``),
            or ``""``; may be a catalogue message, rendered by :meth:`render`.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 :meth:`render` in Vietnamese or English.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: tuple[Problem, ...] | list[Problem], *, title: str = "") -> None:
        self.problems = tuple(problems)
        self.title = title
        super().__init__(self._render())

    def _render(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        """
        The error in *lang* (``"vi"`` or ``"en"``): its title, how many
        problems, at most :data:`MAX_SHOWN` of them and how many more.
        ``"en"`` is ``str(error)``; the command line prints this in its
        ``--lang``.

        .. versionadded:: 0.2.0
        """
        if len(self.problems) == 1 and not self.title:
            return self.problems[0].render(lang)
        title = self.title
        head = title.render(lang) if isinstance(title, Message) else title or text("error.head", lang)
        count = len(self.problems)
        code = "error.count_one" if count == 1 else "error.count"
        lines = [text(code, lang, head=head, count=Count(count))]
        lines.extend(f"  - {p.render(lang)}" for p in self.problems[:MAX_SHOWN])
        if count > MAX_SHOWN:
            lines.append(text("error.more", lang, count=Count(count - MAX_SHOWN)))
        return "\n".join(lines)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.problems, self.title))


def _rebuild(cls: type[IndicatorIndexError], problems: tuple[Problem, ...], title: str) -> IndicatorIndexError:
    """Rebuild an error when unpickling (errors cross process boundaries in portals)."""
    return cls(problems, title=title)


class RulesetError(IndicatorIndexError, ValueError):
    """
    A ruleset could not be loaded.

    .. versionadded:: 0.1.0
    """


class RulesetSyntaxError(RulesetError):
    """
    A ruleset file could not be read, is not UTF-8, is too large or too deeply
    nested, or is not valid TOML.

    .. versionadded:: 0.1.0
    """


class RulesetValidationError(RulesetError):
    """
    A ruleset is valid TOML but breaks the ruleset format: a wrong type, an
    unknown key, a dangling reference, maxima that do not add up, and so on.

    .. versionadded:: 0.1.0
    """


class ScoringError(IndicatorIndexError, ValueError):
    """
    Submissions do not fit the ruleset they are scored under: an unknown
    agency group or indicator, a value of the wrong type or out of range, a
    duplicate agency, or a missing value under the ``error`` policy.

    .. versionadded:: 0.1.0
    """


class DataError(IndicatorIndexError, ValueError):
    """
    An agency data file (CSV, JSON, XLSX) or data frame could not be read.

    .. versionadded:: 0.1.0
    """
