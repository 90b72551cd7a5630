"""
Ruleset test cases: pinned inputs and the results an official expects.

A case file sits beside its ruleset and is named after it:
``rulesets/danang-448-2022.cases.toml`` for ``rulesets/danang-448-2022.toml``.
Each case gives a cohort (agencies with their values and claims, inline or
from a data file) and, per agency, the expected criterion points, section
points, bonus, penalty, total, band and rank. :func:`run_cases` scores each
case and reports every figure that differs, naming the case, the agency and
the figure. ``indicator-index test`` runs them, and the test suite collects
every ``rulesets/*.cases.toml``. See ``docs/explain.md`` for the format.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import field, frozen

from indicator_index._arithmetic import round_points
from indicator_index._data import read_submissions, submissions_from_dict
from indicator_index._loading import _resolve, toml_problem
from indicator_index._mapping import FrozenDict
from indicator_index._messages import Message
from indicator_index._model import Ruleset, Score, Submission
from indicator_index._scoring import score
from indicator_index._text import nfc
from indicator_index.errors import DataError, Problem, ScoringError


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


__all__ = [
    "Case",
    "CaseFailure",
    "CaseReport",
    "CaseSuite",
    "Expectation",
    "cases_from_dict",
    "cases_path",
    "is_case_file",
    "load_cases",
    "run_case",
    "run_cases",
    "suite_ruleset",
]

SUFFIX = ".cases.toml"
"""The suffix of a case file: ``<ruleset-stem>.cases.toml``."""

_CASE_KEYS = ("id", "description", "data", "agencies", "expect", "order", "error")
_EXPECT_NUMBERS = ("total", "bonus", "penalty")
_EXPECT_KEYS = ("total", "band", "rank", "cohort", "status", "bonus", "penalty", "points", "sections")


@frozen(kw_only=True)
class Expectation:
    """
    What one agency of a case is expected to get. Every field is optional:
    only what is given is checked.

    Args:
        agency: The agency's id.
        total: The total, as published (rounded).
        band: The band's id.
        rank: The rank within the ranking cohort.
        cohort: The ranking cohort (``"ward/quan-hai-chau"``).
        status: ``"scored"``, ``"not_scorable"`` or ``"decided"``.
        bonus: The bonus after its cap.
        penalty: The penalty after its cap.
        points: Criterion (or bonus/penalty item) id -> its points, or its
            status (``"excluded"``, ``"not_applicable"``, ``"missing_zero"``, ...).
        sections: Section id -> its points.

    Points are compared after rounding the result to the ruleset's decimal
    places (or the places the expected value is written with, if more), as
    the ruleset rounds; a total is compared exactly.

    .. versionadded:: 0.1.0
    """

    agency: str
    total: Decimal | None = None
    band: str | None = None
    rank: int | None = None
    cohort: str | None = None
    status: str | None = None
    bonus: Decimal | None = None
    penalty: Decimal | None = None
    points: FrozenDict = field(factory=FrozenDict, converter=FrozenDict)
    sections: FrozenDict = field(factory=FrozenDict, converter=FrozenDict)


@frozen(kw_only=True)
class Case:
    """
    One pinned case: a cohort and what its agencies are expected to get.

    Args:
        id: The case's id, named in every failure.
        description: What the case pins, and why.
        data: A data file (relative to the case file) or a bundled sample
            name; or ``None`` when *agencies* are given inline.
        agencies: The agencies inline, shaped like a data document's
            ``agencies`` list.
        expect: The expectations, one per agency checked.
        error: When given, scoring is expected to fail with an error whose
            message contains this text.
        file: The case file.
        line: The line of the case's id in it.
        order: Lists of agency ids, each expected in one ranking cohort and
            ranked in that order, the first best (a published order, when
            only some totals are public).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *order*.
    """

    id: str
    description: str = ""
    data: str | None = None
    agencies: tuple[Any, ...] = ()
    expect: tuple[Expectation, ...] = ()
    error: str | None = None
    file: str = ""
    line: int | None = None
    order: tuple[tuple[str, ...], ...] = ()

    def submissions(self, ruleset: Ruleset) -> tuple[Submission, ...]:
        """
        The case's cohort as submissions, read against *ruleset*.

        Raises:
            DataError: if the data cannot be read or does not fit the ruleset.
        """
        if self.data is not None:
            base = Path(self.file).parent if self.file else Path()
            candidate = base / self.data
            return read_submissions(candidate if candidate.is_file() else self.data, ruleset)
        return submissions_from_dict({"agencies": list(self.agencies)}, source=f"{self.file or '<cases>'}#{self.id}", ruleset=ruleset)


@frozen(kw_only=True)
class CaseSuite:
    """
    The cases of one case file.

    Args:
        ruleset: The id of the ruleset the cases are for, if the file says.
        cases: The cases, in file order.
        source: The file they were read from.

    .. versionadded:: 0.1.0
    """

    ruleset: str | None
    cases: tuple[Case, ...]
    source: str = ""

    def case(self, case_id: str) -> Case:
        """The case with id *case_id*."""
        for case in self.cases:
            if case.id == case_id:
                return case
        msg = f"no case {case_id!r} in {self.source or 'the suite'}"
        raise KeyError(msg)


@frozen(kw_only=True)
class CaseFailure:
    """
    One figure of one case that differs from what was expected.

    Args:
        case: The case's id.
        agency: The agency's id (``None`` for a failure of the whole case).
        figure: Which figure: ``"total"``, ``"band"``, ``"rank"``,
            ``"status"``, ``"bonus"``, ``"penalty"``, ``"points.<id>"``,
            ``"sections.<id>"``, ``"error"`` or ``"data"``.
        expected: The expected value, as text.
        actual: The actual value, as text.
        message: The failure in words, naming the case and the figure.

    .. versionadded:: 0.1.0
    """

    case: str
    agency: str | None
    figure: str
    expected: str
    actual: str
    message: str


@frozen(kw_only=True)
class CaseReport:
    """
    The result of running a case suite.

    .. versionadded:: 0.1.0
    """

    ruleset: str
    source: str
    cases: int
    passed: int
    failures: tuple[CaseFailure, ...]

    @property
    def ok(self) -> bool:
        """Whether every case passed."""
        return not self.failures


# --- Reading --------------------------------------------------------------------


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return None


def _expectation(agency: str, table: object, where: str, problems: list[Problem], source: str) -> Expectation | None:
    def add(message: str, path: str) -> None:
        problems.append(Problem(message=message, file=source, path=path, agency=agency))

    if not isinstance(table, Mapping):
        add(Message("cases.expected_figures", type=type(table).__name__), where)
        return None
    kwargs: dict[str, Any] = {"agency": nfc(agency)}
    for key, value in table.items():
        path = f"{where}.{key}"
        if key not in _EXPECT_KEYS:
            add(Message("cases.unknown_expect_key", key=key, keys=", ".join(_EXPECT_KEYS)), path)
        elif key in _EXPECT_NUMBERS:
            number = _decimal(value)
            if number is None:
                add(Message("schema.expected_number", got=f"{type(value).__name__} {value!r}"), path)
            kwargs[key] = number
        elif key == "rank":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                add(Message("cases.expected_rank", value=value), path)
            kwargs[key] = value
        elif key in ("band", "status", "cohort"):
            if not isinstance(value, str):
                add(Message("schema.expected_string", got=f"{type(value).__name__} {value!r}"), path)
            kwargs[key] = value
        else:
            if not isinstance(value, Mapping):
                add(Message("cases.expected_points_table", type=type(value).__name__), path)
                continue
            clean: dict[str, object] = {}
            for item, figure in value.items():
                number = _decimal(figure)
                if number is None and not (key == "points" and isinstance(figure, str)):
                    code = "cases.expected_number_or_status" if key == "points" else "schema.expected_number"
                    add(Message(code, got=f"{type(figure).__name__} {figure!r}"), f"{path}.{item}")
                    continue
                clean[nfc(str(item))] = number if number is not None else figure
            kwargs[key] = clean
    return Expectation(**kwargs)


def _order(raw: object, where: str, add: Any) -> tuple[tuple[str, ...], ...]:
    """``order = [["a", "b"], ["c", "d"]]``: each list of agency ids ranked in that order within one cohort."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(ids, list) for ids in raw):
        add(Message("cases.order_shape"), where)
        return ()
    out = []
    for i, ids in enumerate(raw):
        if len(ids) < 2 or not all(isinstance(a, str) and a.strip() for a in ids) or len(set(ids)) != len(ids):
            add(Message("cases.order_two", ids=ids), f"{where}[{i}]")
            continue
        out.append(tuple(nfc(a) for a in ids))
    return tuple(out)


def _check_order(case: Case, ids: tuple[str, ...], by_id: Mapping[str, Score]) -> list[CaseFailure]:
    """The agencies *ids* are in one ranking cohort, ranked in that order (each strictly after the one before)."""
    figure = f"order.{'>'.join(ids)}"
    expected = " > ".join(ids)
    missing = [a for a in ids if a not in by_id]
    if missing:
        message = Message("case.order_missing", case=case.id, order=expected, agencies=", ".join(missing))
        return [CaseFailure(case=case.id, agency=missing[0], figure=figure, expected=expected, actual="missing", message=message)]
    scores = [by_id[a] for a in ids]
    cohorts = {s.cohort or s.group for s in scores}
    actual = " > ".join(f"{s.agency} ({s.cohort or s.group} #{'-' if s.rank is None else s.rank})" for s in scores)
    if len(cohorts) > 1:
        message = Message("case.order_cohorts", case=case.id, order=expected, actual=actual)
        return [CaseFailure(case=case.id, agency=None, figure=figure, expected=expected, actual=actual, message=message)]
    ranks = [s.rank for s in scores]
    if any(r is None for r in ranks) or any(a >= b for a, b in itertools.pairwise(ranks)):  # type: ignore[operator]
        message = Message("case.order_wrong", case=case.id, order=expected, actual=actual)
        return [CaseFailure(case=case.id, agency=None, figure=figure, expected=expected, actual=actual, message=message)]
    return []


def _line_of(lines: list[str], case_id: str) -> int | None:
    pattern = re.compile(r"^\s*id\s*=\s*[\"']" + re.escape(case_id) + r"[\"']")
    for number, line in enumerate(lines, start=1):
        if pattern.search(line):
            return number
    return None


def cases_from_dict(data: Mapping[str, Any], *, source: str = "<dict>", text: str = "") -> CaseSuite:
    """
    A :class:`CaseSuite` from a dict shaped like a case file.

    Args:
        data: The parsed case file.
        source: The file's name (data paths are relative to its folder).
        text: The file's text, to find each case's line.

    Raises:
        DataError: listing every problem with the file's shape.

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []

    def add(message: str, path: str) -> None:
        problems.append(Problem(message=message, file=source, path=path))

    if not isinstance(data, Mapping):
        raise DataError([Problem(message=Message("cases.not_table", type=type(data).__name__), file=source)])
    for key in data:
        if key not in ("schema_version", "ruleset", "cases"):
            add(Message("cases.unknown_key", key=key), f"$.{key}")
    version = data.get("schema_version", 1)
    if isinstance(version, bool) or version != 1:
        add(Message("schema.version_must", expected=1, value=version), "$.schema_version")
    ruleset = data.get("ruleset")
    if ruleset is not None and not isinstance(ruleset, str):
        add(Message("cases.ruleset_id", value=ruleset), "$.ruleset")
        ruleset = None
    raw_cases = data.get("cases", [])
    if not isinstance(raw_cases, list) or not raw_cases:
        add(Message("cases.no_cases"), "$.cases")
        raw_cases = []
    lines = text.splitlines()
    cases: list[Case] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_cases):
        where = f"$.cases[{index}]"
        if not isinstance(raw, Mapping):
            add(Message("cases.case_table"), where)
            continue
        case_id = raw.get("id")
        if not isinstance(case_id, str) or not case_id.strip():
            add(Message("cases.case_id"), f"{where}.id")
            continue
        case_id = nfc(case_id)
        if case_id in seen:
            add(Message("cases.duplicate_id", id=case_id), f"{where}.id")
        seen.add(case_id)
        for key in raw:
            if key not in _CASE_KEYS:
                add(Message("cases.unknown_case_key", key=key, keys=", ".join(_CASE_KEYS)), f"{where}.{key}")
        data_ref, agencies = raw.get("data"), raw.get("agencies")
        if (data_ref is None) == (agencies is None):
            add(Message("cases.data_or_agencies"), where)
        if data_ref is not None and not isinstance(data_ref, str):
            add(Message("cases.data_type", value=data_ref), f"{where}.data")
            data_ref = None
        if agencies is not None and not isinstance(agencies, list):
            add(Message("cases.agencies_type"), f"{where}.agencies")
            agencies = None
        error = raw.get("error")
        if error is not None and not isinstance(error, str):
            add(Message("cases.error_type", value=error), f"{where}.error")
            error = None
        expect_table = raw.get("expect", {})
        expectations: list[Expectation] = []
        if not isinstance(expect_table, Mapping):
            add(Message("cases.expect_type"), f"{where}.expect")
        else:
            for agency, table in expect_table.items():
                found = _expectation(str(agency), table, f"{where}.expect.{agency}", problems, source)
                if found is not None:
                    expectations.append(found)
        order = _order(raw.get("order"), f"{where}.order", add)
        if not expectations and not order and error is None:
            add(Message("cases.needs_expectation"), where)
        description = raw.get("description", "")
        cases.append(
            Case(
                id=case_id,
                description=description if isinstance(description, str) else "",
                data=data_ref,
                agencies=tuple(agencies or ()),
                expect=tuple(expectations),
                error=error,
                file=source,
                line=_line_of(lines, case_id),
                order=order,
            )
        )
    if problems:
        raise DataError(problems, title=Message("cases.invalid_title", source=source))
    return CaseSuite(ruleset=ruleset, cases=tuple(cases), source=source)


def load_cases(path: str | Path) -> CaseSuite:
    """
    Read a case file (TOML; numbers are read as exact decimals).

    Raises:
        DataError: if the file cannot be read, is not valid TOML, or is not a
            valid case file.

    .. versionadded:: 0.1.0
    """
    label = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(message=Message("cases.cannot_read", reason=str(exc)), file=label)]) from exc
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise DataError([toml_problem(exc, label)]) from exc
    return cases_from_dict(data, source=label, text=text)


def cases_path(ruleset: str | Path) -> Path:
    """
    The case file of a ruleset: ``<stem>.cases.toml`` beside the ruleset file
    (for a bundled name, beside the bundled ruleset).

    Raises:
        RulesetSyntaxError: if there is no such ruleset file or bundled ruleset.

    .. versionadded:: 0.1.0
    """
    path = _resolve(ruleset)
    return path.with_name(path.name[: -len(".toml")] + SUFFIX if path.name.endswith(".toml") else path.name + SUFFIX)


def is_case_file(path: str | Path) -> bool:
    """
    Whether *path* names a case file (``*.cases.toml``) rather than a ruleset.

    .. versionadded:: 0.1.0
    """
    return str(path).endswith(SUFFIX)


def suite_ruleset(path: str | Path, suite: CaseSuite) -> str | None:
    """
    The ruleset the case file at *path* is for: ``<stem>.toml`` beside it when
    there is one, else the ruleset id the file declares (a bundled name), else
    ``None``.

    .. versionadded:: 0.1.0
    """
    file = Path(path)
    if file.name.endswith(SUFFIX):
        beside = file.with_name(file.name[: -len(SUFFIX)] + ".toml")
        if beside.is_file():
            return str(beside)
    return suite.ruleset


# --- Running ---------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return Message("case.none")
    if isinstance(value, str):
        return value  # a Message stays one, so that it can be shown in another language
    if isinstance(value, Decimal):
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def _places(expected: Decimal, ruleset: Ruleset) -> int:
    """The places a figure is compared at: the ruleset's, or more if the expected value is written with more."""
    exponent = expected.as_tuple().exponent
    return max(ruleset.rounding.places, -exponent if isinstance(exponent, int) else 0)


def _same_number(expected: Decimal, actual: Decimal | None, ruleset: Ruleset) -> bool:
    """Whether *actual*, rounded as the ruleset rounds to the places *expected* needs, equals *expected*."""
    if actual is None:
        return False
    return round_points(actual, _places(expected, ruleset), ruleset.rounding.mode) == expected


def _shown(expected: Decimal, actual: Decimal | None, ruleset: Ruleset) -> Decimal | None:
    """*actual* as it was compared."""
    if actual is None:
        return None
    return round_points(actual, _places(expected, ruleset), ruleset.rounding.mode)


def _check(case: Case, e: Expectation, s: Score, ruleset: Ruleset) -> list[CaseFailure]:
    out: list[CaseFailure] = []

    def fail(figure: str, what: str, expected: object, actual: object, **item: str) -> None:
        exp, act = _text(expected), _text(actual)
        message = Message("case.failed_figure", case=case.id, agency=e.agency, what=Message(f"case.what.{what}", **item), expected=exp, actual=act)
        out.append(CaseFailure(case=case.id, agency=e.agency, figure=figure, expected=exp, actual=act, message=message))

    if e.status is not None and e.status != s.status:
        fail("status", "status", e.status, s.status)
    if e.total is not None and (s.total is None or s.total != e.total):
        fail("total", "total", e.total, s.total)
    if e.band is not None and e.band != s.band:
        fail("band", "band", e.band, s.band)
    if e.rank is not None and e.rank != s.rank:
        fail("rank", "rank", e.rank, s.rank)
    if e.cohort is not None and e.cohort != s.cohort:
        fail("cohort", "cohort", e.cohort, s.cohort)
    for name in ("bonus", "penalty"):
        expected = getattr(e, name)
        if expected is not None and not _same_number(expected, getattr(s, name), ruleset):
            fail(name, name, expected, _shown(expected, getattr(s, name), ruleset))
    results = {r.criterion: r for r in (*s.criteria, *s.bonuses, *s.penalties)}
    for item, expected in e.points.items():
        result = results.get(item)
        if result is None:
            fail(f"points.{item}", "criterion", expected, Message("case.not_applicable"), item=item)
        elif isinstance(expected, str):
            if expected != result.status:
                fail(f"points.{item}", "criterion_status", expected, result.status, item=item)
        elif result.points is None:
            fail(f"points.{item}", "criterion_points", expected, result.status, item=item)
        elif not _same_number(expected, result.points, ruleset):
            fail(f"points.{item}", "criterion_points", expected, _shown(expected, result.points, ruleset), item=item)
    sections = {r.section: r.points for r in s.sections}
    for section, expected in e.sections.items():
        actual = sections.get(section)
        if not _same_number(expected, actual, ruleset):
            fail(f"sections.{section}", "section_points", expected, _shown(expected, actual, ruleset), section=section)
    return out


def run_case(ruleset: Ruleset, case: Case) -> tuple[CaseFailure, ...]:
    """
    Score one case and compare every expected figure.

    Args:
        ruleset: The ruleset the case is for.
        case: The case.

    Returns:
        Every figure that differs (none when the case passes).

    .. versionadded:: 0.1.0
    """

    def whole(figure: str, expected: str, actual: str, message: Message) -> tuple[CaseFailure, ...]:
        return (CaseFailure(case=case.id, agency=None, figure=figure, expected=expected, actual=actual, message=message),)

    try:
        assessment = score(ruleset, case.submissions(ruleset))
    except (DataError, ScoringError) as exc:
        figure = "data" if isinstance(exc, DataError) else "error"
        if case.error is not None and case.error in str(exc):
            return ()
        expected = Message("case.an_error", error=case.error) if case.error is not None else Message("case.a_score")
        # The error itself is the parameter: the message shows it in the language it is rendered in.
        return whole(figure, expected, str(exc), Message("case.got_error", case=case.id, expected=expected, error=exc))
    if case.error is not None:
        expected = Message("case.an_error", error=case.error)
        return whole("error", expected, Message("case.a_score"), Message("case.got_score", case=case.id, error=case.error))
    out: list[CaseFailure] = []
    for e in case.expect:
        try:
            s = assessment.score_for(e.agency)
        except KeyError:
            message = Message("case.agency_missing", case=case.id, agency=e.agency)
            out.append(CaseFailure(case=case.id, agency=e.agency, figure="agency", expected=e.agency, actual=Message("case.none"), message=message))
            continue
        out += _check(case, e, s, ruleset)
    by_id = {s.agency: s for s in assessment.scores}
    for ids in case.order:
        out += _check_order(case, ids, by_id)
    return tuple(out)


def run_cases(ruleset: Ruleset, suite: CaseSuite | Iterable[Case]) -> CaseReport:
    """
    Run every case of a suite against *ruleset*.

    Args:
        ruleset: The ruleset the cases are for.
        suite: A :class:`CaseSuite` (from :func:`load_cases`) or cases.

    Returns:
        A :class:`CaseReport`: how many cases passed and every failure, each
        naming the case, the agency and the figure that differs. A suite that
        names another ruleset id fails as a whole.

    .. versionadded:: 0.1.0
    """
    if isinstance(suite, CaseSuite):
        cases, source, declared = suite.cases, suite.source, suite.ruleset
    else:
        cases, source, declared = tuple(suite), "", None
    if declared is not None and declared != ruleset.id:
        message = Message("case.other_ruleset", declared=declared, actual=ruleset.id)
        failure = CaseFailure(case="*", agency=None, figure="ruleset", expected=declared, actual=ruleset.id, message=message)
        return CaseReport(ruleset=ruleset.id, source=source, cases=len(cases), passed=0, failures=(failure,))
    failures: list[CaseFailure] = []
    passed = 0
    for case in cases:
        found = run_case(ruleset, case)
        failures += found
        passed += not found
    return CaseReport(ruleset=ruleset.id, source=source, cases=len(cases), passed=passed, failures=tuple(failures))
