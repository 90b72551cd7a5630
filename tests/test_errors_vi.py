"""
Errors in Vietnamese: what an official reads about a bad ruleset, amendment,
mapping or case file, and about agency data, a template, submissions and a
portal payload (the second half, at the end of this file).

Every problem the loaders find is a catalogue message (``Message``): its
English text is what ``str(error)`` has always said (tests/test_error_catalogue.py
checks it character for character), and ``error.render("vi")`` says the same in
Vietnamese. The checks below are built from the catalogue itself: a Vietnamese
rendering may hold none of the fixed words of the English templates, so an
entry left in English, a message built as a plain f-string or an English word
of the frame ("problems", "criterion") makes them fail.
"""

from __future__ import annotations

import os
import pickle
import re
import string
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from indicator_index import DataError, IndicatorIndexError, Problem, RulesetError, RulesetValidationError, load_ruleset
from indicator_index._cases import cases_from_dict, load_cases
from indicator_index._catalogue_data import DATA
from indicator_index._catalogue_errors import ERRORS
from indicator_index._chain import ruleset_for
from indicator_index._cli import main
from indicator_index._diff import RulesetMapping, load_mapping, mapping_from_dict
from indicator_index._messages import CATALOGUE, Count, Message, text
from indicator_index.errors import MAX_SHOWN
from tests.test_error_catalogue import CASES, mini


ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "indicator_index"
# The levels of docs/errors.md whose messages this catalogue owns.
LEVELS = ("file", "toml", "schema", "semantic", "amendment")
# The modules that build these messages: every message they make is a catalogue entry.
MODULES = ("errors", "_model", "_loading", "_converter", "_rules", "_mapping", "_chain")
# Entries that are the same in both languages on purpose: a value and its kind, a key and its hint.
SAME_IN_BOTH = {"value.got", "schema.key_hint"}
WORD = re.compile(r"[A-Za-z_]{3,}")  # a key name (max_points) is one word


def _words(template: str) -> set[str]:
    """The words of a template outside its placeholders, quotes and brackets, lower-cased."""
    literal = "".join(part for part, _, _, _ in string.Formatter().parse(template))
    return {w.lower() for w in WORD.findall(re.sub(r"'[^']*'|\[[^\]]*\]", " ", literal))}


def _english_only_words() -> set[str]:
    """
    The fixed words of the English templates of the error catalogue that no
    Vietnamese template uses (those are key names, ids and formats kept as
    written: ``max_points``, ``TOML``, ``extends``).
    """
    english = set().union(*(_words(t["en"]) for t in ERRORS.values()))
    kept = set().union(*(_words(t["vi"]) for t in ERRORS.values()))
    return english - kept


ENGLISH_ONLY = _english_only_words()


def _two_problems() -> str:
    """mini.toml with a criterion's maximum as a string (line 47) and another's section misspelt (line 53), as in M78."""
    wrong_type = ("max_points = 60", 'max_points = "60"')
    misspelt = ('section = "infrastructure"\nlabel = { vi = "Họp', 'section = "infrastructur"\nlabel = { vi = "Họp')
    return mini(wrong_type, misspelt)


# The words both languages write: key names, formats and terms an official meets as they are in the file.
# A Vietnamese template that fell back to English prose would add to them (TestEntries checks the list).
KEPT_AS_WRITTEN = {
    *("base_dir", "citation", "effective", "end", "extends", "kind", "max_points", "max_points_by_group", "method", "modify"),
    *("places", "provenance", "reconstructed", "rounding", "schema_version", "start", "status", "true", "false"),
    *("byte", "surrogate", "toml", "unicode", "utf", "yyyy"),
}


def _messages(value: object) -> Iterator[Message]:
    """*value* and every message among its parameters, depth first."""
    if isinstance(value, Message):
        yield value
        for part in value.parts if len(value.parts) > 1 else ():
            yield from _messages(part)
        for param in value.params.values():
            yield from _messages(param)
    elif isinstance(value, tuple):
        for item in value:
            yield from _messages(item)


def _values(value: object) -> Iterator[str]:
    """The plain (input) values among a message's parameters: ids, keys, file names, the OS's reasons."""
    for message in _messages(value):
        for param in message.params.values():
            if isinstance(param, str) and not isinstance(param, Message):
                yield param


def _without_input(rendered: str, exc: IndicatorIndexError) -> str:
    """*rendered* without what the input said (quoted values, key paths, file names, parameter values)."""
    values = [*_values(exc.title)]
    for problem in exc.problems:
        values += [*_values(problem.message), *(v for v in (problem.file, problem.path) if v)]
    for value in sorted(set(values), key=len, reverse=True):
        rendered = rendered.replace(value, " ")
    rendered = re.sub(r"'[^']*'|\[[^\]]*\]", " ", rendered)
    return re.sub(r" @ \S+", " ", rendered)


def _english_left(exc: IndicatorIndexError) -> set[str]:
    """The English-only catalogue words that the Vietnamese rendering of *exc* still holds."""
    return {w.lower() for w in WORD.findall(_without_input(exc.render("vi"), exc))} & ENGLISH_ONLY


def _check_messages(exc: IndicatorIndexError) -> None:
    """Every problem's message (and the title, when there is one) is a catalogue message in both languages."""
    assert isinstance(exc.title, Message) or exc.title == ""
    for problem in exc.problems:
        assert isinstance(problem.message, Message), problem
        for message in [*_messages(problem.message), *_messages(exc.title)]:
            assert set(CATALOGUE[message.code]) == {"en", "vi"}, message.code


def _raise(call: Callable[[], object]) -> IndicatorIndexError:
    with pytest.raises(IndicatorIndexError) as info:
        call()
    return info.value


def _run_case(code: str, tmp: Path) -> IndicatorIndexError:
    case = next(c for c in CASES if c.code == code)
    call, _ = case.make(tmp)
    return _raise(call)


class TestTheCheckCanFail:
    """The checks below catch English: they are not vacuous."""

    def test_english_words_are_found(self) -> None:
        """The English rendering of an error is full of catalogue words the Vietnamese one may not hold."""
        assert {"problems", "unknown", "criterion", "section", "expected", "string", "got"} <= ENGLISH_ONLY
        error = RulesetValidationError([Problem(message=Message("ruleset.no_band"), criterion="1.1")], title=Message("ruleset.invalid_title", file="a.toml"))
        english = {w.lower() for w in WORD.findall(str(error))} & ENGLISH_ONLY
        assert {"ruleset", "invalid", "problem", "criterion", "least", "band", "needed"} <= english

    def test_a_plain_message_is_caught(self) -> None:
        """A problem built as a plain English string stays English in Vietnamese, and both checks see it."""
        error = RulesetValidationError([Problem(message="unknown section 'x'")], title=Message("ruleset.invalid_title", file="a.toml"))
        assert error.render("vi") == "a.toml: bộ tiêu chí không hợp lệ: 1 lỗi\n  - unknown section 'x'"
        assert _english_left(error) == {"unknown", "section"}
        with pytest.raises(AssertionError):
            _check_messages(error)


class TestCatalogueInVietnamese:
    """Every catalogued error of rulesets and amendments, rendered in Vietnamese."""

    @pytest.mark.parametrize("code", [c.code for c in CASES if c.level in LEVELS])
    def test_no_english_words(self, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The Vietnamese text holds no English catalogue word; the English text is the catalogued one."""
        monkeypatch.chdir(tmp_path)
        exc = _run_case(code, tmp_path)
        assert _english_left(exc) == set(), exc.render("vi")
        assert exc.render("en") == str(exc)
        assert exc.render("vi") != str(exc)

    @pytest.mark.parametrize("code", [c.code for c in CASES if c.level in LEVELS])
    def test_every_message_is_catalogued(self, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each problem's message is a Message whose code the catalogue has in both languages."""
        monkeypatch.chdir(tmp_path)
        _check_messages(_run_case(code, tmp_path))

    def test_pickled_errors_still_render(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """An error sent across processes (pickled) keeps its problems and renders the same in both languages."""
        monkeypatch.chdir(tmp_path)
        exc = _run_case("M78", tmp_path)
        copy = pickle.loads(pickle.dumps(exc))  # noqa: S301 - our own object
        assert (copy.problems, str(copy)) == (exc.problems, str(exc))
        assert copy.render("vi") == exc.render("vi")


class TestFrame:
    """The words around the problems: title, count, the rest, and whom a problem is about."""

    def test_two_problems_by_hand(self, tmp_path: Path) -> None:
        """A ruleset with a wrong type and an unknown section, in the words an official reads."""
        text_ = _two_problems()
        path = tmp_path / "mini.toml"
        path.write_text(text_, encoding="utf-8")
        exc = _raise(lambda: load_ruleset(path))
        assert exc.render("vi") == (
            f"{path}: bộ tiêu chí không hợp lệ: 2 lỗi\n"
            f"  - {path}:47: tiêu chí '1.1': cần một số, nhận được chuỗi '60' @ $.criteria[0].max_points\n"
            f"  - {path}:53: tiêu chí '1.2': không có mục 'infrastructur' (có phải là 'infrastructure'?) @ $.criteria[1].section"
        )

    def test_agency_and_indicator(self) -> None:
        """The agency and the indicator are named in Vietnamese; a plain message shows as it is."""
        problem = Problem(message="x", file="d.csv", line=3, agency="so-a", indicator="meetings")
        assert problem.render("vi") == "d.csv:3: đơn vị 'so-a', chỉ tiêu 'meetings': x"
        assert problem.render("en") == str(problem) == "d.csv:3: agency 'so-a', indicator 'meetings': x"

    def test_more_than_shown(self) -> None:
        """Past MAX_SHOWN problems, the rest are counted, with the thousands grouped the language's way."""
        problems = [Problem(message=Message("ruleset.no_band"))] * (MAX_SHOWN + 1234)
        exc = RulesetValidationError(problems)
        vi, en = exc.render("vi").splitlines(), str(exc).splitlines()
        assert (vi[0], vi[-1]) == ("lỗi: 1.434 lỗi", "  … và 1.234 lỗi khác")
        assert (en[0], en[-1]) == ("error: 1,434 problems", "  … and 1,234 more")
        assert len(vi) == len(en) == MAX_SHOWN + 2

    def test_counts(self) -> None:
        """A Count is grouped with a comma in English and a dot in Vietnamese; a year is not a Count."""
        assert text("file.too_large", "en", size=Count(2097153), limit=Count(2097152)) == "file is 2,097,153 bytes; a ruleset may be at most 2,097,152"
        assert (
            text("file.too_large", "vi", size=Count(2097153), limit=Count(2097152)) == "tệp có 2.097.153 byte; một bộ tiêu chí chỉ được tối đa 2.097.152 byte"
        )


def _bad_mappings() -> list[tuple[str, Callable[[Path], object]]]:
    """Bad mapping files and mappings that do not fit their rulesets."""
    example = load_ruleset("example-2024")

    def write(tmp: Path, body: str) -> Path:
        path = tmp / "m.mapping.toml"
        path.write_text(body, encoding="utf-8")
        return path

    return [
        (
            "shape",
            lambda tmp: mapping_from_dict(
                {"schema_version": 2, "colour": 1, "before": 5, "missing": "skip", "groups": 3, "indicators": {"a": 5}, "criteria": {"b": ["c"]}}
            ),
        ),
        ("not a table", lambda tmp: mapping_from_dict([])),  # type: ignore[arg-type]
        ("toml", lambda tmp: load_mapping(write(tmp, "groups = {\n"))),
        ("unreadable", lambda tmp: load_mapping(tmp / "missing.toml")),
        (
            "misfit",
            lambda tmp: RulesetMapping(before="other", indicators={"nope": "x", "meetings": "y", "sessions": "y"}).check(example, example),
        ),
    ]


def _bad_case_files() -> list[tuple[str, Callable[[Path], object]]]:
    """Bad case files: their shape, their TOML, their expectations."""
    bad = {
        "schema_version": 3,
        "ruleset": 5,
        "colour": 1,
        "cases": [
            "x",
            {"description": "no id"},
            {
                "id": "a",
                "data": 5,
                "agencies": {},
                "error": 1,
                "colour": 2,
                "order": [["a"]],
                "expect": {"so-a": {"total": "x", "rank": 0, "band": 1, "points": {"1.1": []}, "colour": 1}, "so-b": 5},
            },
            {"id": "a", "expect": 5, "order": 5},
        ],
    }

    def write(tmp: Path, body: str) -> Path:
        path = tmp / "x.cases.toml"
        path.write_text(body, encoding="utf-8")
        return path

    return [
        ("shape", lambda tmp: cases_from_dict(bad, source="x.cases.toml")),
        ("no cases", lambda tmp: cases_from_dict({"cases": []}, source="x.cases.toml")),
        ("not a table", lambda tmp: cases_from_dict([], source="x.cases.toml")),  # type: ignore[arg-type]
        ("toml", lambda tmp: load_cases(write(tmp, "[[cases]\n"))),
        ("unreadable", lambda tmp: load_cases(tmp / "missing.cases.toml")),
    ]


class TestMappingsAndCaseFiles:
    """The errors of mapping files and case files, which docs/errors.md does not list one by one."""

    @pytest.mark.parametrize(("name", "make"), _bad_mappings() + _bad_case_files(), ids=lambda v: v if isinstance(v, str) else "")
    def test_vietnamese(self, name: str, make: Callable[[Path], object], tmp_path: Path) -> None:
        """No English catalogue word in Vietnamese, every message catalogued, English unchanged by rendering."""
        exc = _raise(lambda: make(tmp_path))
        _check_messages(exc)
        assert _english_left(exc) == set(), exc.render("vi")
        assert exc.render("en") == str(exc)

    def test_mapping_shape_by_hand(self) -> None:
        """Every problem of a mapping's shape is listed, in Vietnamese, with its key path."""
        exc = _raise(lambda: mapping_from_dict({"schema_version": 2, "missing": "skip"}, source="m.toml"))
        assert exc.render("vi") == (
            "m.toml: tệp ánh xạ không hợp lệ: 2 lỗi\n"
            "  - m.toml: schema_version phải là 1, nhận được 2 @ $.schema_version\n"
            "  - m.toml: missing phải là một trong zero, exclude, nhận được 'skip' @ $.missing"
        )
        assert str(exc) == (
            "m.toml: mapping is invalid: 2 problems\n"
            "  - m.toml: schema_version must be 1, got 2 @ $.schema_version\n"
            "  - m.toml: missing must be one of zero, exclude, got 'skip' @ $.missing"
        )

    def test_case_file_toml_by_hand(self, tmp_path: Path) -> None:
        """A case file that is not TOML is named with its line and column, as a ruleset is."""
        path = tmp_path / "x.cases.toml"
        path.write_text("schema_version = 1\n[[cases]\n", encoding="utf-8")
        exc = _raise(lambda: load_cases(path))
        assert isinstance(exc, DataError)
        assert str(exc) == f"{path}:2:8: invalid TOML: expected ']]' at the end of an array declaration"
        assert exc.render("vi") == f"{path}:2:8: TOML không hợp lệ: cần dấu ']]' ở cuối phần khai báo mảng bảng"

    def test_no_ruleset_for_the_year(self) -> None:
        """The decision chain names the year it has no ruleset for."""
        exc = _raise(lambda: ruleset_for(1990))
        assert isinstance(exc, RulesetError)
        _check_messages(exc)
        assert exc.render("vi").startswith("không có bộ tiêu chí 'danang' nào áp dụng cho năm đánh giá 1990: không bộ nào có hiệu lực vào ngày 1990-12-31")
        assert _english_left(exc) == set(), exc.render("vi")


class TestCommandLine:
    """``validate`` prints the error in the language of ``--lang`` (Vietnamese by default)."""

    @pytest.fixture
    def broken(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
        monkeypatch.chdir(tmp_path)
        text_ = _two_problems()
        (tmp_path / "mini.toml").write_text(text_, encoding="utf-8")
        return "mini.toml"

    def test_vietnamese_by_default(self, capsys: pytest.CaptureFixture[str], broken: str) -> None:
        """The default language prints the problems in Vietnamese, and nothing of the English catalogue."""
        status = main(["validate", broken])
        out, err = capsys.readouterr()
        assert (status, out) == (1, "")
        assert err == (
            "indicator-index: mini.toml: bộ tiêu chí không hợp lệ: 2 lỗi\n"
            "  - mini.toml:47: tiêu chí '1.1': cần một số, nhận được chuỗi '60' @ $.criteria[0].max_points\n"
            "  - mini.toml:53: tiêu chí '1.2': không có mục 'infrastructur' (có phải là 'infrastructure'?) @ $.criteria[1].section\n"
        )

    def test_english_is_the_catalogued_text(self, capsys: pytest.CaptureFixture[str], broken: str) -> None:
        """``--lang en`` prints exactly the catalogued English message (M78 in docs/errors.md)."""
        status = main(["--lang", "en", "validate", broken])
        _, err = capsys.readouterr()
        expected = next(c for c in CASES if c.code == "M78").message
        assert (status, err) == (1, f"indicator-index: {expected}\n")

    def test_missing_ruleset_in_vietnamese(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A name that is neither a file nor bundled: the analysis commands print it in Vietnamese too."""
        monkeypatch.chdir(tmp_path)
        status = main(["diff", "example-2024", "no-such-ruleset"])
        _, err = capsys.readouterr()
        assert status == 1
        assert err.startswith("indicator-index: no-such-ruleset: không có tệp hay bộ tiêu chí có sẵn nào mang tên này (có sẵn: ")

    def test_broken_case_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``validate`` of a broken case file names the bad key in Vietnamese."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "x.cases.toml").write_text('schema_version = 1\ncolour = 1\n[[cases]]\nid = "a"\ndata = "example-2024"\n', encoding="utf-8")
        status = main(["validate", "x.cases.toml"])
        _, err = capsys.readouterr()
        assert status == 1
        assert err.startswith("indicator-index: x.cases.toml: tệp trường hợp kiểm thử không hợp lệ: 2 lỗi\n")
        assert "  - x.cases.toml: khóa không hợp lệ 'colour'; tệp trường hợp kiểm thử chỉ nhận 'schema_version', 'ruleset', 'cases' @ $.colour\n" in err


class TestEntries:
    """The error catalogue's entries themselves (placeholders in both languages: tests/test_catalogue.py)."""

    def test_same_conversions(self) -> None:
        """
        A placeholder is shown the same way in both languages, for every entry of the one catalogue: the
        same conversion (``{id!r}`` quoted in both) and format spec (tests/test_catalogue.py checks the names).
        """
        for code, templates in CATALOGUE.items():
            fields = [{(name, conv, spec) for _, name, spec, conv in string.Formatter().parse(t) if name} for t in (templates["en"], templates["vi"])]
            assert fields[0] == fields[1], code

    def test_shared_words_are_names(self) -> None:
        """The only words an English and a Vietnamese template share are names of keys and formats, kept as written."""
        english = set().union(*(_words(t["en"]) for t in ERRORS.values()))
        vietnamese = set().union(*(_words(t["vi"]) for t in ERRORS.values()))
        assert english & vietnamese == KEPT_AS_WRITTEN

    def test_translated(self) -> None:
        """No entry says the same in both languages, but a value with its kind and a key with its hint."""
        same = {code for code, t in ERRORS.items() if t["en"] == t["vi"]}
        assert same == SAME_IN_BOTH

    def test_grouped_by_prefix(self) -> None:
        """Codes are grouped by what they are about, and merged into the one catalogue unchanged."""
        prefixes = {code.split(".")[0] for code in ERRORS}
        assert prefixes == {"error", "problem", "value", "hint", "noun", "file", "toml", "schema", "ruleset", "rule", "amendment", "chain", "mapping", "cases"}
        assert all(CATALOGUE[code] == templates for code, templates in ERRORS.items())

    @pytest.mark.parametrize("module", MODULES)
    def test_codes_in_the_source_exist(self, module: str) -> None:
        """Every code written in the modules that build these messages is in the catalogue (a typo would be a KeyError at the worst time)."""
        source = (SRC / f"{module}.py").read_text(encoding="utf-8")
        codes = set(re.findall(r'Message\(\s*"([a-z_]+\.[a-z_.]+)"', source)) | set(re.findall(r'"((?:schema|ruleset|rule|error|problem)\.[a-z_]+)"', source))
        assert codes, module
        assert codes - CATALOGUE.keys() == set()

    @pytest.mark.parametrize("module", MODULES)
    def test_no_english_f_strings_left(self, module: str) -> None:
        """
        The modules build no problem from an English text any more (``message=f"..."``, ``ck.add(f"...``,
        ``msg = f"...``); a lookup's ``KeyError`` (not a problem of an input) keeps its text.
        """
        source = (SRC / f"{module}.py").read_text(encoding="utf-8")
        found = re.findall(r'(?:message=|\.add\(|msg = |out\.append\(\()f?"[a-z][^\n]*\n[^\n]*', source)
        assert [f for f in found if "raise KeyError(msg)" not in f] == []


def test_environment_does_not_choose_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """``str(error)`` is English whatever the locale: only ``render`` and the CLI's ``--lang`` choose."""
    monkeypatch.setitem(os.environ, "LANG", "vi_VN.UTF-8")
    exc = RulesetValidationError([Problem(message=Message("ruleset.no_band"))], title=Message("ruleset.invalid_title", file="a.toml"))
    assert str(exc) == "a.toml: ruleset is invalid: 1 problem\n  - at least one band is needed"
    assert exc.render("vi") == "a.toml: bộ tiêu chí không hợp lệ: 1 lỗi\n  - cần ít nhất một mức xếp loại"


# --- agency data, templates, submissions, portals: indicator_index._catalogue_data ---------------------------

# The levels of docs/errors.md whose messages come from the readers, the template writer and the engine.
DATA_LEVELS = ("data", "scoring", "lookup", "cli")
# The modules that build them (the text rule's "contains ..." included).
DATA_MODULES = ("_data", "_template", "_portal", "_scoring", "_batch", "_compare", "_text")
# What the data catalogue says the same in both languages: a problem with its reference, a value with its type.
DATA_SAME_IN_BOTH = {"scoring.value_at", "scoring.typed"}
# Words both languages write in the data catalogue: names of columns, keys, classes and formats an official
# or a programmer meets as they are (TestDataEntries checks the list).
DATA_KEPT_AS_WRITTEN = {
    *("agencies", "claims", "decided", "decided_source", "decided_total", "values", "source", "total", "group", "name"),
    *("agency", "indicator", "value", "evidence", "lang", "rows", "sources", "submissions"),
    *("submission", "cohort", "cohorts", "ruleset", "batchscorer", "dataframe", "decidedtotal", "pandas", "pip", "install"),
    *("indicator_index", "read_submissions", "scenarios", "vary", "totals", "true", "false", "format", "json", "csv", "xlsx"),
    *("toml", "utf", "bom", "byte", "excel", "sha", "version", "digest", "score", "writes", "surrogate"),
}


def _english_only_data() -> set[str]:
    """The fixed words of the English templates of both error catalogues that no Vietnamese template of them uses."""
    both = {**ERRORS, **DATA}
    english = set().union(*(_words(t["en"]) for t in both.values()))
    kept = set().union(*(_words(t["vi"]) for t in both.values()))
    return english - kept


ENGLISH_ONLY_DATA = _english_only_data()


def _english_left_data(exc: IndicatorIndexError) -> set[str]:
    """The English-only words of both catalogues that the Vietnamese rendering of *exc* still holds (sheet names are input)."""
    rendered = exc.render("vi")
    for sheet in {p.sheet for p in exc.problems if p.sheet}:
        rendered = rendered.replace(sheet, " ")
    return {w.lower() for w in WORD.findall(_without_input(rendered, exc))} & ENGLISH_ONLY_DATA


def _check_data_error(exc: IndicatorIndexError) -> None:
    """Every message catalogued in both languages, no English word left in Vietnamese, English as ``str(error)``."""
    _check_messages(exc)
    assert _english_left_data(exc) == set(), exc.render("vi")
    assert exc.render("en") == str(exc)
    assert exc.render("vi") != str(exc)


DATA_CASES = [c.code for c in CASES if c.level in DATA_LEVELS and issubclass(c.error, IndicatorIndexError)]


class TestDataCatalogueInVietnamese:
    """Every catalogued error of data files, templates, submissions and lookups that is an IndicatorIndexError."""

    def test_the_check_can_fail(self) -> None:
        """A reader's problem built as a plain English string is caught by both checks."""
        error = DataError([Problem(message="unknown indicator (did you mean 'meetings'?)", file="d.csv")], title=Message("data.title", file="d.csv"))
        assert _english_left_data(error) == {"unknown", "indicator", "did", "you", "mean"}
        with pytest.raises(AssertionError):
            _check_data_error(error)

    def test_the_cases_are_there(self) -> None:
        """The four levels are covered: readers (D), templates (W), the engine (C), lookups (K) and the CLI's (L03)."""
        prefixes = {code[0] for code in DATA_CASES}
        assert prefixes == {"C", "D", "W", "K", "L"}
        assert len(DATA_CASES) >= 70

    @pytest.mark.parametrize("code", DATA_CASES)
    def test_vietnamese(self, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """No English catalogue word in Vietnamese, every message catalogued, the English text the catalogued one."""
        monkeypatch.chdir(tmp_path)
        exc = _run_case(code, tmp_path)
        _check_data_error(exc)
        expected = next(c for c in CASES if c.code == code).expected()
        assert str(exc) == expected

    def test_a_cell_by_hand(self, tmp_path: Path) -> None:
        """The brief's example: a word where a number is expected, in the words an official reads."""
        exc = _raise(lambda: read_csv_text("id,name,group,meetings\nso-a,Sở A,department,nhiều\n", tmp=tmp_path))
        assert exc.render("vi").endswith("/d.csv:2:4: đơn vị 'so-a', chỉ tiêu 'meetings': cần một số, nhận được 'nhiều' @ meetings")
        assert str(exc).endswith("/d.csv:2:4: agency 'so-a', indicator 'meetings': expected a number, got 'nhiều' @ meetings")

    def test_the_text_rule(self) -> None:
        """What an id may not hold is said in the language, the code point as written."""
        from indicator_index._text import text_problem

        wrong = text_problem("so-a\u200b", identifier=True)
        assert isinstance(wrong, Message)
        assert wrong.render("vi") == "chứa ký tự vô hình U+200B (ZERO WIDTH SPACE)"
        assert wrong == "contains the invisible character U+200B (ZERO WIDTH SPACE)"
        assert text_problem("Sở A") is None


def _mini_ruleset(tmp: Path) -> object:
    from tests.test_error_catalogue import MINI

    path = tmp / "mini.toml"
    path.write_text(MINI, encoding="utf-8")
    return load_ruleset(path)


def read_csv_text(body: str, name: str = "d.csv", tmp: Path | None = None) -> object:
    """``read_submissions`` of *body* as a CSV file under MINI, in a fresh folder."""
    import tempfile

    from indicator_index import read_submissions
    from tests.test_error_catalogue import MINI

    folder = tmp or Path(tempfile.mkdtemp())
    ruleset = load_ruleset(_write(folder, "mini.toml", MINI))
    return read_submissions(_write(folder, name, body), ruleset)


def _write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def _bad_data() -> list[tuple[str, Callable[[Path], object]]]:
    """Bad data beyond docs/errors.md's cases: layouts, JSON shapes, workbooks, templates, payloads, what-ifs, comparisons."""
    from indicator_index import BatchScorer, Submission, read_submissions, write_template
    from indicator_index._compare import load_renamed, read_assessment
    from indicator_index._portal import _payload
    from indicator_index._scoring import check_cohort
    from tests.test_error_catalogue import MINI

    def json_data(tmp: Path, data: str) -> object:
        ruleset = load_ruleset(_write(tmp, "mini.toml", MINI))
        return read_submissions(_write(tmp, "d.json", data), ruleset)

    def workbook(tmp: Path, sheet: str | None) -> object:
        import openpyxl

        book = openpyxl.Workbook()
        first = book.active
        first.title = "Sở"
        first.append(["id", "name", "group", "meetings"])
        first.append(["so-a", "Sở A", "department", 3])
        second = book.create_sheet("Xã")
        second.append(["id", "name", "group", "meetings", None])
        second.append(["so-a", "Sở A", "department", "3,5", "x"])
        book.save(tmp / "d.xlsx")
        ruleset = load_ruleset(_write(tmp, "mini.toml", MINI))
        return read_submissions(tmp / "d.xlsx", ruleset, sheet=sheet)

    def template(tmp: Path, **kwargs: object) -> object:
        return write_template(load_ruleset("example-2024"), tmp / str(kwargs.pop("name", "t.xlsx")), **kwargs)  # type: ignore[arg-type]

    def vary(tmp: Path) -> object:
        scorer = BatchScorer(load_ruleset(_write(tmp, "mini.toml", MINI)))
        cohort = scorer.cohort(read_csv_text("id,name,group,computer_share,meetings\nso-a,Sở A,department,0.5,4\n", tmp=tmp))  # type: ignore[arg-type]
        return scorer.vary(cohort, {"so-b": {"meetings": 1}, "so-a": {"meetingz": 1, "computer_share": 2}})

    def decided(tmp: Path) -> object:
        from decimal import Decimal

        from indicator_index import DecidedTotal, score

        ruleset = load_ruleset(_write(tmp, "mini.toml", MINI))
        subs = [
            Submission(agency="so-a", group="department", decided=DecidedTotal(total=Decimal("101.555"), source="")),
            Submission(agency="so-b", group="department", parent="so-b", claims=[]),
        ]
        return score(ruleset, subs)

    return [
        (
            "long layout",
            lambda tmp: read_csv_text(
                "agency,indicator,value,source,evidence,colour\n"
                "so-a,meetings,4,,,\nso-a,meetings,5,,,\nso-a,claim:1.1,x,,,\nso-a,,3,,,\n,meetings,2,,,\n"
                "so-a,computer_share,,,CV 12,\nso-a,meetings,1,inspection,,\n",
                tmp=tmp,
            ),
        ),
        (
            "wide layout",
            lambda tmp: read_csv_text(
                "id,name,group,meetings,meetings,evidence:computer_share,meetingz,claim:9.9\n"
                "so-a,Sở A,,4,4,CV,1,x\nso-a,Sở A,ward,1,1,,,\n,,department,1,,,,\nso-c,Sở C,department,85%,,,,\n",
                tmp=tmp,
            ),
        ),
        ("no layout", lambda tmp: read_csv_text("colour,size\nred,1\n", tmp=tmp)),
        ("empty table", lambda tmp: read_csv_text("\n\n", tmp=tmp)),
        ("numbers", lambda tmp: read_csv_text('id,group,meetings,computer_share\nso-a,department,"12,500","1,2,3"\n', tmp=tmp)),
        (
            "json shapes",
            lambda tmp: json_data(
                tmp,
                '{"agencies": [{"id": "a", "group": "department", "colour": 1, "values": {"meetings": 1, "Meetings": 2}},'
                ' {"id": "b", "group": "department", "parent": 5, "decided": 7},'
                ' {"id": "c", "group": "department", "values": [], "claims": []},'
                ' {"id": "a", "group": 1}]}',
            ),
        ),
        ("json decided", lambda tmp: json_data(tmp, '{"agencies": [{"id": "a", "group": "department", "decided": {"total": "x", "colour": 1}}]}')),
        ("json not a table", lambda tmp: json_data(tmp, "[1]")),
        ("json not utf-8 text", lambda tmp: json_data(tmp, "\ufeff")),
        ("workbook", lambda tmp: workbook(tmp, None)),
        ("no such sheet", lambda tmp: workbook(tmp, "Phường")),
        ("sheet of a csv", lambda tmp: read_submissions(_write(tmp, "d.csv", "id\n"), load_ruleset("example-2024"), sheet="A")),
        ("not a workbook", lambda tmp: read_submissions(_write(tmp, "d.xlsx", "not a zip"), load_ruleset("example-2024"))),
        ("a directory", lambda tmp: read_submissions(tmp, load_ruleset("example-2024"))),
        ("template format", lambda tmp: template(tmp, name="t.pdf", group="commune")),
        ("template arguments", lambda tmp: template(tmp, group="commune", sources=("agency", "agency", "auditor"), rows=-1, per_parent=True)),
        ("template group", lambda tmp: template(tmp, group="wardz", agencies=5)),
        ("payload bytes", lambda tmp: _payload(b'{"agencies": "\xff"}', "<payload>")),
        ("payload type", lambda tmp: _payload(5, "<payload>")),
        ("payload list", lambda tmp: _payload("[1, 2]", "<payload>")),
        ("what-if", vary),
        ("decided totals", decided),
        ("not a cohort", lambda tmp: check_cohort(load_ruleset("example-2024"), 5)),
        ("renamed file", lambda tmp: load_renamed(_write(tmp, "r.json", '{"a": 1}'))),
        ("renamed toml", lambda tmp: load_renamed(_write(tmp, "r.toml", "a = "))),
        ("assessment", lambda tmp: read_assessment(_write(tmp, "a.json", '{"format": "x"}'))),
    ]


class TestMoreDataErrors:
    """Problems of layouts, shapes, workbooks, templates, payloads and what-ifs that docs/errors.md does not list one by one."""

    @pytest.mark.parametrize(("name", "make"), _bad_data(), ids=lambda v: v if isinstance(v, str) else "")
    def test_vietnamese(self, name: str, make: Callable[[Path], object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """No English catalogue word in Vietnamese, every message catalogued, English unchanged by rendering."""
        monkeypatch.chdir(tmp_path)
        exc = _raise(lambda: make(tmp_path))
        _check_data_error(exc)

    def test_many_problems_of_a_long_table(self, tmp_path: Path) -> None:
        """The long layout's problems are all there, each in its language."""
        body = "agency,indicator,value,source,evidence,colour\nso-a,meetings,4,,,\nso-a,meetings,5,,,\nso-a,claim:1.1,x,,,\n"
        exc = _raise(lambda: read_csv_text(body, tmp=tmp_path))
        vi = exc.render("vi")
        assert "d.csv:1:6: cột 'colour' không hợp lệ; dạng dọc có các cột agency, " in vi
        assert "d.csv:3:2: đơn vị 'so-a', chỉ tiêu 'meetings': giá trị thứ hai từ nguồn 'agency' (đã có ở dòng 2) @ indicator" in vi
        assert (
            "d.csv:4:2: đơn vị 'so-a', tiêu chí '1.1': không được loại trừ: không thể kê khai tiêu chí này là nằm ngoài chức năng của đơn vị @ indicator" in vi
        )
        assert "d.csv:1: thiếu cột 'group'\n" in vi
        assert "d.csv:3:2: agency 'so-a', indicator 'meetings': a second value from source 'agency' (also on line 2) @ indicator" in str(exc)

    def test_a_case_that_got_an_error(self, tmp_path: Path) -> None:
        """A case expecting a score that meets an engine error shows that error in the language of the message."""
        from indicator_index import run_case
        from tests.test_error_catalogue import MINI

        ruleset = load_ruleset(_write(tmp_path, "mini.toml", MINI))
        suite = cases_from_dict(
            {"schema_version": 1, "cases": [{"id": "x", "agencies": [{"id": "so-a", "group": "ward"}], "expect": {"so-a": {"total": 1}}}]},
            source="x.cases.toml",
        )
        (failure,) = run_case(ruleset, suite.cases[0])
        assert isinstance(failure.message, Message)
        assert failure.message.render("vi") == (
            "trường hợp 'x': khi chấm điểm cần một kết quả chấm điểm, thực tế gặp lỗi: x.cases.toml#x: không đọc được số liệu của các đơn vị: 1 lỗi\n"
            "  - x.cases.toml#x: đơn vị 'so-a': nhóm đơn vị 'ward' không có trong bộ tiêu chí; bộ tiêu chí có 'department' @ $.agencies[0].group"
        )
        assert failure.message == failure.message.render("en")
        assert (
            "got the error: x.cases.toml#x: cannot read agency data: 1 problem\n  - x.cases.toml#x: agency 'so-a': unknown agency group 'ward'"
            in failure.message
        )
        assert pickle.loads(pickle.dumps(failure.message)).render("vi") == failure.message.render("vi")  # noqa: S301 - our own object


def _broken(tmp: Path, what: str, kind: str) -> str:
    """A data file under MINI with a wrong value, an unknown indicator or a missing value, as CSV or XLSX (sheet 'Dữ liệu')."""
    from tests.test_error_catalogue import MINI

    _write(tmp, "mini.toml", MINI)
    rows = {
        "value": [["id", "name", "group", "computer_share", "meetings"], ["so-a", "Sở A", "department", 0.5, "nhiều"]],
        "unknown": [["id", "name", "group", "computer_share", "meetingz"], ["so-a", "Sở A", "department", 0.5, 4]],
        "missing": [["id", "name", "group", "computer_share", "meetings"], ["so-a", "Sở A", "department", 0.5, None]],
    }[what]
    name = f"{what}.{kind}"
    if kind == "csv":
        _write(tmp, name, "".join(",".join("" if c is None else str(c) for c in row) + "\n" for row in rows))
    else:
        import openpyxl

        book = openpyxl.Workbook()
        book.active.title = "Dữ liệu"
        for row in rows:
            book.active.append(row)
        book.save(tmp / name)
    return name


# (what, the place of the problem in a CSV and in an XLSX, Vietnamese, English): written by hand from the catalogue.
BROKEN = [
    (
        "value",
        {"csv": "value.csv:2:5: ", "xlsx": "value.xlsx: 'Dữ liệu'!E2: "},
        "{file}: không đọc được số liệu của các đơn vị: 1 lỗi\n  - {place}đơn vị 'so-a', chỉ tiêu 'meetings': cần một số, nhận được 'nhiều' @ meetings\n",
        "{file}: cannot read agency data: 1 problem\n  - {place}agency 'so-a', indicator 'meetings': expected a number, got 'nhiều' @ meetings\n",
    ),
    (
        "unknown",
        {"csv": "unknown.csv:1:5: ", "xlsx": "unknown.xlsx: 'Dữ liệu'!E1: "},
        "{file}: không đọc được số liệu của các đơn vị: 1 lỗi\n"
        "  - {place}chỉ tiêu 'meetingz': không có chỉ tiêu này trong bộ tiêu chí (có phải là 'meetings'?) @ meetingz\n",
        "{file}: cannot read agency data: 1 problem\n  - {place}indicator 'meetingz': unknown indicator (did you mean 'meetings'?) @ meetingz\n",
    ),
    (
        "missing",
        {"csv": "", "xlsx": ""},
        "thiếu số liệu theo bộ tiêu chí 'mini': 1 lỗi\n  - đơn vị 'so-a', tiêu chí '1.2': không có số liệu meetings\n",
        "missing data under ruleset 'mini': 1 problem\n  - agency 'so-a', criterion '1.2': no value for meetings\n",
    ),
]


class TestScoreCommand:
    """``score`` of a broken CSV or XLSX: Vietnamese by default, today's English with ``--lang en``."""

    @pytest.mark.parametrize("kind", ["csv", "xlsx"])
    @pytest.mark.parametrize(("what", "places", "vi", "en"), BROKEN, ids=[b[0] for b in BROKEN])
    def test_broken_file(
        self,
        what: str,
        places: dict[str, str],
        vi: str,
        en: str,
        kind: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The same problem in both languages, named by its cell (a sheet's) or its line and column (a CSV's)."""
        monkeypatch.chdir(tmp_path)
        name = _broken(tmp_path, what, kind)
        fill = {"file": name, "place": places[kind]}
        assert main(["score", "mini.toml", name]) == 1
        out, err = capsys.readouterr()
        assert (out, err) == ("", "indicator-index: " + vi.format(**fill))
        assert main(["--lang", "en", "score", "mini.toml", name]) == 1
        out, err = capsys.readouterr()
        assert (out, err) == ("", "indicator-index: " + en.format(**fill))


class TestDataEntries:
    """The data catalogue's entries: translated, grouped, merged once, used by the modules that build the messages."""

    def test_translated(self) -> None:
        """No entry says the same in both languages, but a problem with its reference and a value with its type."""
        assert {code for code, t in DATA.items() if t["en"] == t["vi"]} == DATA_SAME_IN_BOTH
        assert all(set(t) == {"en", "vi"} for t in DATA.values())

    def test_shared_words_are_names(self) -> None:
        """The only words an English and a Vietnamese data template share are names of columns, keys, classes and formats."""
        english = set().union(*(_words(t["en"]) for t in DATA.values()))
        vietnamese = set().union(*(_words(t["vi"]) for t in DATA.values()))
        assert english & vietnamese <= DATA_KEPT_AS_WRITTEN, (english & vietnamese) - DATA_KEPT_AS_WRITTEN

    def test_grouped_and_merged(self) -> None:
        """Codes are data.*, template.*, scoring.*, portal.*; defined once across the catalogues, merged unchanged."""
        assert {code.split(".")[0] for code in DATA} == {"data", "template", "scoring", "portal"}
        assert not DATA.keys() & ERRORS.keys()
        assert all(CATALOGUE[code] == templates for code, templates in DATA.items())

    @pytest.mark.parametrize("module", DATA_MODULES)
    def test_codes_in_the_source_exist(self, module: str) -> None:
        """Every code written in these modules is in the catalogue."""
        source = (SRC / f"{module}.py").read_text(encoding="utf-8")
        written = r'Message\(\s*"([a-z_]+\.[a-z_.]+)"'
        codes = set(re.findall(written, source)) | set(re.findall(r'"((?:data|template|scoring|portal)\.[a-z_]+\.?[a-z_]*)"', source))
        assert codes, module
        assert {c for c in codes if not c.endswith(".")} - CATALOGUE.keys() == set()

    @pytest.mark.parametrize("module", DATA_MODULES)
    def test_no_english_f_strings_left(self, module: str) -> None:
        """No problem is built from an English text any more; a lookup's KeyError (not a problem of an input) keeps its text."""
        source = (SRC / f"{module}.py").read_text(encoding="utf-8")
        found = re.findall(r'(?:message=|\.add\(|msg = |out\.append\(\(|return f?"|return None, f?"|title=)f?"[a-z][^\n]*\n[^\n]*', source)
        assert [f for f in found if "raise KeyError(msg)" not in f and 'return ""' not in f] == []
