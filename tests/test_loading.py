"""
Tests for ``indicator_index._loading``: reading, parsing, amending and
strictly validating rulesets, and the exact messages of every refusal.

The invalid fixtures live in ``tests/data/invalid``: ``<defect>.toml`` is
``tests/data/valid/minimal.toml`` with exactly one defect (named in its first
line), and ``<defect>.expected.txt`` is the exact ``str()`` of the error it
raises. They are loaded by file name from their own folder, so the messages
name ``<defect>.toml`` and an amendment's base is ``../valid/minimal.toml``.
``{bundled}`` in an expected text stands for the names of the bundled rulesets.

Fixtures listed in ``CORE_BUGS`` expect the behaviour the core should have
but does not yet; they are strict xfails, so a fix makes them fail loudly
until the entry is removed.
"""

from __future__ import annotations

import copy
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import indicator_index as ii
from indicator_index import (
    Ruleset,
    RulesetError,
    RulesetSyntaxError,
    RulesetValidationError,
    Submission,
    bundled_rulesets,
    load_ruleset,
    parse_ruleset,
    ruleset_from_dict,
    ruleset_to_dict,
    score,
)


ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
INVALID_DIR = DATA / "invalid"
VALID_DIR = DATA / "valid"
INVALID_FILES = sorted(INVALID_DIR.glob("*.toml"))
VALID_FILES = sorted(VALID_DIR.glob("*.toml"))
MINIMAL = (VALID_DIR / "minimal.toml").read_text(encoding="utf-8")

V = RulesetValidationError
S = RulesetSyntaxError

# For each invalid fixture: the error class, and for each problem, in order:
# (line, column, path, criterion, indicator). The file is always the fixture.
PROBLEMS: dict[str, tuple[type[RulesetError], list[tuple[int | None, int | None, str | None, str | None, str | None]]]] = {
    "amendment_modify_not_table": (V, [(8, None, "$.modify.criteria", None, None)]),
    "amendment_modify_unknown_id": (V, [(7, None, "$.modify.criteria.c9", "c9", None)]),
    "amendment_remove_not_array": (V, [(8, None, "$.remove.criteria", None, None)]),
    "amendment_remove_unknown_id": (V, [(8, None, "$.remove.criteria", "c9", None)]),
    "amendment_type_error": (V, [(8, None, "$.criteria[0].max_points", "c1", None)]),
    "amendment_without_id": (V, [(None, None, "$.id", None, None)]),
    "band_min_above_scale": (V, [(23, None, "$.bands[0].min", None, None)]),
    "bands_gap": (V, [(20, None, "$.bands", None, None)]),
    "bands_same_min": (V, [(28, None, "$.bands[1].min", None, None)]),
    "bonus_without_cap": (V, [(None, None, "$.bonus_cap", None, None)]),
    "bool_for_number": (V, [(63, None, "$.criteria[0].max_points", "c1", None)]),
    "cap_not_positive": (V, [(7, None, "$.bonus_cap", None, None)]),
    "choice_option_without_points": (V, [(88, None, "$.criteria[3].rule.points_by_option", "c4", None)]),
    "choice_unknown_option": (V, [(88, None, "$.criteria[3].rule.points_by_option.doctorate", "c4", None)]),
    "date_for_number": (V, [(6, None, "$.scale", None, None)]),
    "datetime_for_date": (V, [(14, None, "$.effective.start", None, None)]),
    "duplicate_band_id": (V, [(26, None, "$.bands[1].id", None, None)]),
    "duplicate_criterion_id": (V, [(68, None, "$.criteria[1].id", "c1", None)]),
    "duplicate_criterion_id_case": (V, [(68, None, "$.criteria[1].id", "C1", None)]),
    "duplicate_item_id_across_kinds": (V, [(92, None, "$.bonuses[0].id", "c2", None)]),
    "duplicate_toml_key": (S, [(64, 16, None, None, None)]),
    "effective_end_before_start": (V, [(15, None, "$.effective.end", None, None)]),
    "empty_criteria_groups": (V, [(30, None, "$.groups[0]", None, None), (64, None, "$.criteria[0].groups", "c1", None)]),
    "empty_file": (V, [(None, None, "$.schema_version", None, None)]),
    "extends_cycle": (V, [(3, None, "$.extends", None, None)]),
    "extends_missing_file": (V, [(3, None, "$.extends", None, None)]),
    "float_for_integer": (V, [(17, None, "$.rounding.places", None, None)]),
    "float_schema_version": (V, [(2, None, "$.schema_version", None, None)]),
    "group_total_mismatch": (V, [(30, None, "$.groups[0]", None, None)]),
    "huge_integer_literal": (S, [(63, None, None, None, None)]),
    "inf_number": (V, [(23, None, "$.bands[0].min", None, None)]),
    "info_with_max_points": (V, [(64, None, "$.criteria[0].rule", "c1", None)]),
    "invalid_id": (V, [(60, None, "$.criteria[0].id", "c 1", None)]),
    "invalid_toml_syntax": (S, [(69, 16, None, None, None)]),
    "invalid_utf8": (S, [(62, 21, None, None, None)]),
    "maxima_not_adding_up": (V, [(30, None, "$.groups[0]", None, None)]),
    "missing_provenance": (V, [(59, None, "$.criteria[0].provenance", "c1", None)]),
    "missing_required_key": (V, [(59, None, "$.criteria[0].section", "c1", None)]),
    "missing_rule_kind": (V, [(64, None, "$.criteria[0].rule", "c1", None)]),
    "missing_schema_version": (V, [(None, None, "$.schema_version", None, None)]),
    "nan_number": (V, [(63, None, "$.criteria[0].max_points", "c1", None)]),
    "negative_max_points": (V, [(30, None, "$.groups[0]", None, None), (63, None, "$.criteria[0].max_points", "c1", None)]),
    "per_item_zero_points": (V, [(64, None, "$.criteria[0].rule.points_per_item", "c1", None)]),
    "proportional_with_count_indicator": (V, [(64, None, "$.criteria[0].rule", "c1", None)]),
    "ratio_with_yes_no_indicator": (V, [(64, None, "$.criteria[0].rule.numerator", "c1", None)]),
    "reconstructed_without_method": (V, [(65, None, "$.criteria[0].provenance.method", "c1", None)]),
    "remove_outside_amendment": (V, [(98, None, "$.remove", None, None)]),
    "string_for_array": (V, [(8, None, "$.sources", None, None)]),
    "string_for_bool": (V, [(64, None, "$.criteria[0].excludable", "c1", None)]),
    "string_for_integer": (V, [(36, None, "$.sections[0].number", None, None)]),
    "string_for_number": (V, [(63, None, "$.criteria[0].max_points", "c1", None)]),
    "string_for_table": (V, [(62, None, "$.criteria[0].label", "c1", None)]),
    "sum_parts_not_adding": (V, [(64, None, "$.criteria[0].rule", "c1", None)]),
    "table_for_array": (V, [(72, None, "$.criteria[1].rule.tiers", "c2", None)]),
    "tier_both_bounds": (V, [(72, None, "$.criteria[1].rule.tiers[1]", "c2", None)]),
    "tier_points_above_max": (V, [(72, None, "$.criteria[1].rule.tiers[0].points", "c2", None)]),
    "tiers_not_ordered": (V, [(72, None, "$.criteria[1].rule.tiers[1].at_least", "c2", None)]),
    "too_deep_nesting": (S, [(8, None, None, None, None)]),
    "unknown_direction": (V, [(64, None, "$.criteria[0].rule.direction", "c1", None)]),
    "unknown_group": (V, [(30, None, "$.groups[0]", None, None), (37, None, "$.sections[0].groups", None, None)]),
    "unknown_indicator_in_rule": (V, [(64, None, "$.criteria[0].rule.indicator", "c1", None)]),
    "unknown_indicator_type": (V, [(41, None, "$.indicators[0].type", None, "share"), (64, None, "$.criteria[0].rule", "c1", None)]),
    "unknown_key": (V, [(63, None, "$.criteria[0].maxpoints", "c1", None)]),
    "unknown_literal": (V, [(64, None, "$.criteria[0].rule.when_denominator_zero", "c1", None)]),
    "unknown_provenance_status": (V, [(65, None, "$.criteria[0].provenance.status", "c1", None)]),
    "unknown_rounding_mode": (V, [(18, None, "$.rounding.mode", None, None)]),
    "unknown_rule_kind": (V, [(64, None, "$.criteria[0].rule", "c1", None)]),
    "unknown_section": (V, [(61, None, "$.criteria[0].section", "c1", None)]),
    "unknown_top_level_key": (V, [(8, None, "$.bonus_kap", None, None)]),
    "unsupported_schema_version": (V, [(2, None, "$.schema_version", None, None)]),
}

# Fixtures whose expected message is what the core should produce but does not
# yet (reported to the lead). Remove an entry once the core is fixed. The flag
# says whether the problems' attributes are wrong too (False: only the wording
# of the message is).
CORE_BUGS: dict[str, tuple[str, bool]] = {}


def _fixture_params(*, problems: bool = False) -> list[Any]:
    """
    One parameter per invalid fixture, a strict xfail where a known core bug
    affects the test: any bug for the message, a bug in the attributes for
    *problems*.
    """
    params = []
    for path in INVALID_FILES:
        reason, attributes_wrong = CORE_BUGS.get(path.stem, ("", False))
        affected = attributes_wrong if problems else bool(reason)
        marks = [pytest.mark.xfail(strict=True, reason=f"core bug: {reason}")] if affected else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


def _load_fixture(path: Path, monkeypatch: pytest.MonkeyPatch) -> RulesetError:
    """Load an invalid fixture by name from its folder and return the error it raises."""
    monkeypatch.chdir(path.parent)
    with pytest.raises(RulesetError) as info:
        load_ruleset(path.name)
    return info.value


def _line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the *occurrence*-th line of *text* containing *fragment*."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[occurrence - 1]


def _replace(text: str, old: str, new: str) -> str:
    """*text* with the one occurrence of *old* replaced by *new*."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _where(error: RulesetError) -> list[tuple[str | None, int | None, int | None, str | None, str | None, str | None]]:
    return [(p.file, p.line, p.column, p.path, p.criterion, p.indicator) for p in error.problems]


class TestInvalidFixtures:
    """Tests for every file in ``tests/data/invalid``: one defect each, its exact message and problems."""

    def test_fixtures_present(self) -> None:
        """There are at least 30 fixtures, each with an expected message and an entry in PROBLEMS."""
        names = {p.stem for p in INVALID_FILES}
        expected = {p.name.removesuffix(".expected.txt") for p in INVALID_DIR.glob("*.expected.txt")}
        assert len(names) >= 30
        assert names == expected
        assert names == set(PROBLEMS)
        assert set(CORE_BUGS) <= names

    @pytest.mark.parametrize("path", INVALID_FILES, ids=[p.stem for p in INVALID_FILES])
    def test_names_its_defect(self, path: Path) -> None:
        """Each fixture's first line says what its one defect is (the empty file has no line)."""
        data = path.read_bytes()
        if path.stem == "empty_file":
            assert data == b""
        else:
            assert data.startswith(b"# Defect: ")

    @pytest.mark.parametrize("path", _fixture_params())
    def test_message(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The error's full text is exactly the fixture's expected text."""
        text = path.with_suffix(".expected.txt").read_text(encoding="utf-8").removesuffix("\n")
        expected = text.replace("{bundled}", ", ".join(bundled_rulesets()))
        error = _load_fixture(path, monkeypatch)
        assert str(error) == expected

    @pytest.mark.parametrize("path", _fixture_params(problems=True))
    def test_problems(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The error has the expected class and each problem the file, line, column, key path and ids expected."""
        cls, rows = PROBLEMS[path.stem]
        error = _load_fixture(path, monkeypatch)
        assert type(error) is cls
        assert isinstance(error, ValueError)
        assert _where(error) == [(path.name, *row) for row in rows]

    @pytest.mark.parametrize("path", INVALID_FILES, ids=[p.stem for p in INVALID_FILES])
    def test_message_grammar(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every problem message is lower-case first and has no trailing period (house style)."""
        error = _load_fixture(path, monkeypatch)
        for problem in error.problems:
            assert problem.message[:1] == problem.message[:1].lower()
            assert not problem.message.endswith(".")


class TestValidFixtures:
    """Tests for the edge-case rulesets in ``tests/data/valid``."""

    def test_fixtures_present(self) -> None:
        """The valid fixtures are found."""
        assert {p.stem for p in VALID_FILES} >= {"minimal", "thousand_points", "amended", "bom", "crlf"}

    @pytest.mark.parametrize("path", VALID_FILES, ids=[p.stem for p in VALID_FILES])
    def test_loads_and_round_trips(self, path: Path) -> None:
        """Each valid fixture loads, and ruleset_from_dict(ruleset_to_dict(r)) gives an equal ruleset with the same digest."""
        ruleset = load_ruleset(path)
        again = ruleset_from_dict(ruleset_to_dict(ruleset))
        assert isinstance(ruleset, Ruleset)
        assert again == ruleset
        assert again.digest == ruleset.digest

    def test_minimal(self) -> None:
        """The base of every invalid fixture loads with the values written in it."""
        ruleset = load_ruleset(VALID_DIR / "minimal.toml")
        assert (ruleset.id, ruleset.version, ruleset.scale, ruleset.bonus_cap) == ("minimal", "1", Decimal(100), Decimal(2))
        assert [c.id for c in ruleset.criteria] == ["c1", "c2", "c3", "c4"]
        assert [c.max_points for c in ruleset.criteria] == [Decimal(40), Decimal(30), Decimal(20), Decimal(10)]
        assert [b.id for b in ruleset.bonuses] == ["b1"]
        assert ruleset.extends is None
        assert {c.provenance.file for c in ruleset.criteria} == {"minimal.toml"}

    def test_thousand_point_table_on_a_hundred_scale(self) -> None:
        """A group may declare total = 1000 while the scale is 100; another group sums to the scale through max_points_by_group."""
        ruleset = load_ruleset(VALID_DIR / "thousand_points.toml")
        department, ward = ruleset.groups
        assert (department.total, ward.total, ruleset.scale) == (Decimal(1000), None, Decimal(100))
        assert sum(c.max_for("department") for c in ruleset.criteria_for("department")) == Decimal(1000)
        assert sum(c.max_for("ward") for c in ruleset.criteria_for("ward")) == Decimal(100)

    def test_thousand_point_table_is_rescaled(self) -> None:
        """Points out of 1,000 are reported on the 100 scale: 0.8125 x 600 + 0 = 487.5 of 1000 -> 48.75 -> 48.8 (half_even, 1 place)."""
        ruleset = load_ruleset(VALID_DIR / "thousand_points.toml")
        values = {"share": Decimal("0.8125"), "has_plan": False}
        assessment = score(ruleset, [Submission(agency="d1", group="department", values=values), Submission(agency="w1", group="ward", values=values)])
        department, ward = assessment.score_for("d1"), assessment.score_for("w1")
        assert (department.earned, department.applicable_max, department.total, department.band) == (
            Decimal("487.5"),
            Decimal(1000),
            Decimal("48.8"),
            "trung_binh",
        )
        assert (ward.earned, ward.applicable_max, ward.total, ward.band) == (Decimal("48.75"), Decimal(100), Decimal("48.8"), "trung_binh")

    @pytest.mark.parametrize(
        ("total", "band"),
        [
            ("100", "xuat_sac"),
            ("90", "xuat_sac"),
            ("89.9", "tot"),
            ("80", "tot"),
            ("79.9", "kha"),
            ("65", "kha"),
            ("64.9", "trung_binh_kha"),
            ("57.5", "trung_binh_kha"),
            ("57.4", "trung_binh"),
            ("0", "trung_binh"),
        ],
    )
    def test_five_bands_listed_lowest_first(self, total: str, band: str) -> None:
        """Five bands with other labels, listed lowest first in the file, still band a total by the highest min it reaches."""
        ruleset = load_ruleset(VALID_DIR / "thousand_points.toml")
        assert ruleset.band_for(Decimal(total)).id == band

    def test_five_band_labels(self) -> None:
        """The bands keep their own labels and file order."""
        ruleset = load_ruleset(VALID_DIR / "thousand_points.toml")
        assert [(b.id, b.label.text("vi")) for b in ruleset.bands] == [
            ("trung_binh", "Trung bình"),
            ("trung_binh_kha", "Trung bình khá"),
            ("kha", "Khá"),
            ("tot", "Tốt"),
            ("xuat_sac", "Xuất sắc"),
        ]
        assert ruleset.band("xuat_sac").label.text("en") == "Excellent"
        assert ruleset.band("kha").label.text("en") == "Khá"

    def test_byte_order_mark_is_stripped(self) -> None:
        """A file saved with a UTF-8 byte-order mark (Notepad, Excel) loads: the loader drops the mark on purpose."""
        assert (VALID_DIR / "bom.toml").read_bytes().startswith(b"\xef\xbb\xbf")
        assert _without_files(ruleset_to_dict(load_ruleset(VALID_DIR / "bom.toml"))) == _without_files(
            ruleset_to_dict(load_ruleset(VALID_DIR / "minimal.toml"))
        )

    def test_windows_line_endings(self) -> None:
        """A file with CRLF line endings loads the same as with LF."""
        assert b"\r\n" in (VALID_DIR / "crlf.toml").read_bytes()
        assert _without_files(ruleset_to_dict(load_ruleset(VALID_DIR / "crlf.toml"))) == _without_files(
            ruleset_to_dict(load_ruleset(VALID_DIR / "minimal.toml"))
        )

    def test_amendment(self) -> None:
        """An amendment removes, modifies, replaces (same id, same place) and adds items, and keeps the rest of its base."""
        ruleset = load_ruleset(VALID_DIR / "amended.toml")
        assert (ruleset.id, ruleset.version, ruleset.extends) == ("minimal-amended", "2", "minimal")
        assert ruleset.title.text("en") == "Minimal index"
        assert [(c.id, c.max_points) for c in ruleset.criteria] == [("c1", Decimal(50)), ("c2", Decimal(30)), ("c3", Decimal(20))]
        assert ruleset.criterion("c3").label.text("en") == "IT plan, approved"
        assert ruleset.criterion("c3").rule == ii.YesNo(indicator="has_plan", if_no=Decimal(5))
        assert [b.id for b in ruleset.bands] == ["good", "weak", "excellent"]
        assert ruleset.band_for(Decimal(90)).id == "excellent"

    def test_amendment_provenance_names_the_file(self) -> None:
        """Each item's provenance names the file that last defined or changed it."""
        ruleset = load_ruleset(VALID_DIR / "amended.toml")
        assert [(c.id, c.provenance.file) for c in ruleset.criteria] == [("c1", "amended.toml"), ("c2", "minimal.toml"), ("c3", "amended.toml")]
        assert ruleset.criterion("c3").provenance.citation == "Amendment, art. 1"
        assert ruleset.criterion("c1").provenance.citation == "Art. 1"


def _without_files(data: Any) -> Any:
    """*data* without the ``file`` the loader records in each provenance."""
    if isinstance(data, dict):
        return {k: _without_files(v) for k, v in data.items() if k != "file"}
    if isinstance(data, list):
        return [_without_files(v) for v in data]
    return data


class TestReading:
    """Tests for finding and reading ruleset files: names, paths, size, encoding."""

    def test_bundled_by_name(self) -> None:
        """A bundled ruleset loads by name, with or without ``.toml``."""
        assert "example-2024" in bundled_rulesets()
        assert load_ruleset("example-2024") == load_ruleset("example-2024.toml")
        assert load_ruleset("example-2024").id == "example-2024"

    def test_path_object_and_string(self) -> None:
        """A Path and its string load equal rulesets."""
        path = VALID_DIR / "minimal.toml"
        assert load_ruleset(path) == load_ruleset(str(path))

    def test_missing_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A name that is neither a file nor a bundled ruleset says so and lists the bundled ones."""
        monkeypatch.chdir(tmp_path)
        with pytest.raises(RulesetSyntaxError) as info:
            load_ruleset("nope.toml")
        known = ", ".join(bundled_rulesets())
        assert str(info.value) == f"nope.toml: no such file or bundled ruleset (bundled: {known})"
        assert _where(info.value) == [(None, None, None, None, None, None)]

    def test_directory(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A directory is refused as a directory."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "rules").mkdir()
        with pytest.raises(RulesetSyntaxError) as info:
            load_ruleset("rules")
        assert str(info.value) == "rules: is a directory, not a ruleset file"

    def test_file_too_large(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file over 2 MiB is refused before it is read."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "big.toml").write_bytes(b"#" * (2 * 1024 * 1024 + 1))
        with pytest.raises(RulesetSyntaxError) as info:
            load_ruleset("big.toml")
        assert str(info.value) == "big.toml: file is 2,097,153 bytes; a ruleset may be at most 2,097,152"
        assert _where(info.value) == [("big.toml", None, None, None, None, None)]

    def test_text_too_large(self) -> None:
        """Text over 2 MiB is refused before it is parsed."""
        with pytest.raises(RulesetSyntaxError) as info:
            parse_ruleset("#" * (2 * 1024 * 1024 + 1), source="big")
        assert str(info.value) == "big: the text is over 2,097,152 bytes; a ruleset may be at most that"

    def test_invalid_utf8_position(self) -> None:
        """Invalid UTF-8 is reported at the line and column of the bad byte."""
        path = INVALID_DIR / "invalid_utf8.toml"
        data = path.read_bytes()
        offset = data.index(b"\xff")
        line = data[:offset].count(b"\n") + 1
        column = offset - data.rfind(b"\n", 0, offset)
        with pytest.raises(RulesetSyntaxError) as info:
            load_ruleset(path)
        assert (info.value.problems[0].line, info.value.problems[0].column) == (line, column)

    def test_byte_order_mark_in_text(self) -> None:
        """Text that starts with a byte-order mark parses like the file does."""
        assert parse_ruleset("\ufeff" + MINIMAL) == parse_ruleset(MINIMAL)

    def test_syntax_error_line_and_column(self) -> None:
        """A TOML syntax error gives the line and column the parser reports."""
        text = _replace(MINIMAL, "scale = 100", "scale = = 100")
        with pytest.raises(RulesetSyntaxError) as info:
            parse_ruleset(text, source="s.toml")
        line = _line_of(text, "scale = = 100")
        assert str(info.value) == f"s.toml:{line}:9: invalid TOML: invalid value"
        assert _where(info.value) == [("s.toml", line, 9, None, None, None)]

    def test_default_source_name(self) -> None:
        """Text parsed without a source name is called ``<string>``."""
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset("schema_version = 2\n")
        assert str(info.value) == "<string>:1: unsupported schema_version 2; this library reads schema_version = 1 @ $.schema_version"


class TestStrictValues:
    """Tests that values are never coerced: a wrong type is refused, never converted."""

    @pytest.mark.parametrize(
        ("old", "new", "fragment", "message", "path"),
        [
            ("max_points = 40", 'max_points = "40"', 'max_points = "40"', "expected a number, got string '40'", "$.criteria[0].max_points"),
            ("max_points = 40", "max_points = true", "max_points = true", "expected a number, got boolean true", "$.criteria[0].max_points"),
            ("max_points = 40", "max_points = -inf", "max_points = -inf", "expected a finite number, got -inf", "$.criteria[0].max_points"),
            ("max_points = 40", "max_points = 40\nexcludable = 1", "excludable = 1", "expected true or false, got integer 1", "$.criteria[0].excludable"),
            ('id = "c1"\nsection = "main"', 'id = "c1"\nsection = 1', "section = 1", "expected a string, got integer 1", "$.criteria[0].section"),
        ],
        ids=["string", "boolean", "minus-inf", "integer-for-boolean", "integer-for-string"],
    )
    def test_refused(self, old: str, new: str, fragment: str, message: str, path: str) -> None:
        """A value of the wrong TOML type is one problem naming the expected type, the criterion and the line."""
        text = _replace(MINIMAL, old, new)
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text, source="s.toml")
        line = _line_of(text, fragment)
        assert str(info.value) == f"s.toml: ruleset is invalid: 1 problem\n  - s.toml:{line}: criterion 'c1': {message} @ {path}"
        assert _where(info.value) == [("s.toml", line, None, path, "c1", None)]

    def test_decimal_exact(self) -> None:
        """TOML floats are read as exact decimals, never binary floats."""
        text = _replace(MINIMAL, "min = 50", "min = 57.15")
        assert parse_ruleset(text).band("good").min == Decimal("57.15")

    def test_python_float_in_dict_read_through_its_repr(self) -> None:
        """A Python float in a dict is read through its shortest repr: 0.1 is Decimal('0.1')."""
        data = ruleset_to_dict(parse_ruleset(MINIMAL))
        data["bands"][0]["min"] = 57.1
        assert ruleset_from_dict(data).band("good").min == Decimal("57.1")

    def test_python_nan_in_dict_refused(self) -> None:
        """A float NaN in a dict is refused like TOML's nan."""
        data = ruleset_to_dict(parse_ruleset(MINIMAL))
        data["bands"][0]["min"] = float("nan")
        with pytest.raises(RulesetValidationError) as info:
            ruleset_from_dict(data, source="dict")
        assert str(info.value) == "dict: ruleset is invalid: 1 problem\n  - dict: expected a finite number, got nan @ $.bands[0].min"

    def test_from_dict_not_a_mapping(self) -> None:
        """ruleset_from_dict refuses anything but a mapping."""
        with pytest.raises(RulesetValidationError) as info:
            ruleset_from_dict([], source="dict")  # type: ignore[arg-type]
        assert str(info.value) == "dict: a ruleset must be a table, got list"

    def test_from_dict_does_not_mutate(self) -> None:
        """ruleset_from_dict leaves its argument as it was."""
        data = ruleset_to_dict(parse_ruleset(MINIMAL))
        before = copy.deepcopy(data)
        ruleset_from_dict(data)
        assert data == before

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("bonus_cap = 2\n", 'bonus_cap = 2\nsources = "agency"\n'),
            ("bonus_cap = 2\n", "bonus_cap = 2\nsources = { agency = 1 }\n"),
            ('label = { en = "Main section" }', 'label = { en = "Main section" }\ngroups = "department"'),
            ("max_points = 40\n", 'max_points = 40\ngroups = "department"\n'),
        ],
        ids=["sources-string", "sources-table", "section-groups-string", "criterion-groups-string"],
    )
    def test_array_given_a_string_or_table(self, old: str, new: str) -> None:
        """An array field given a string or a table is one problem, 'expected an array'."""
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(_replace(MINIMAL, old, new))
        assert len(info.value.problems) == 1
        assert info.value.problems[0].message.startswith("expected an array, got ")


# Values and places for the "never a foreign exception, never a Python repr" sweep.
_SWEEP_VALUES = ['"x"', "7", "2.5", "true", "[]", "{}", "2024-01-01", "08:00:00", '["a"]', "[{}]", "{ a = 1 }", "nan", "-1"]
_SWEEP_SLOTS = [
    ("schema_version", "schema_version = 1", "schema_version = {v}"),
    ("title", 'title = { vi = "Bộ chỉ số tối thiểu", en = "Minimal index" }', "title = {v}"),
    ("scale", "scale = 100", "scale = {v}"),
    ("legal_basis.number", 'number = "T-1/2024"', "number = {v}"),
    ("effective.start", "start = 2024-01-01", "start = {v}"),
    ("rounding.places", "places = 2", "places = {v}"),
    ("band.min", "min = 50", "min = {v}"),
    ("band.label", 'label = { vi = "Tốt", en = "Good" }', "label = {v}"),
    ("group.id", 'id = "department"', "id = {v}"),
    ("indicator.options", 'options = [{ id = "university" }, { id = "college" }]', "options = {v}"),
    ("criterion.max_points", "max_points = 40", "max_points = {v}"),
    ("criterion.rule", 'rule = { kind = "proportional", indicator = "share" }', "rule = {v}"),
    (
        "criterion.rule.direction",
        'rule = { kind = "proportional", indicator = "share" }',
        'rule = {{ kind = "relative", indicator = "share", direction = {v} }}',
    ),
    ("criterion.tiers", "tiers = [{ at_least = 4, points = 30 }, { at_least = 2, points = 15 }]", "tiers = {v}"),
    ("criterion.points_by_option", "points_by_option = { university = 10, college = 5 }", "points_by_option = {v}"),
    ("criterion.provenance", 'provenance = { status = "decision", citation = "Art. 1" }', "provenance = {v}"),
    ("criterion.groups", "max_points = 40\n", "max_points = 40\ngroups = {v}\n"),
    ("sources", "bonus_cap = 2\n", "bonus_cap = 2\nsources = {v}\n"),
]
_PYTHON_INTERNALS = re.compile(
    r"Decimal\(|datetime\.|\((AttributeError|CattrsError|TypeError|KeyError|ValueError)\)|object has no attribute|is not iterable|sys\."
)


def _sweep() -> list[tuple[str, str, str]]:
    """(slot, value, text) for every slot and value."""
    cases = []
    for slot, old, template in _SWEEP_SLOTS:
        for value in _SWEEP_VALUES:
            cases.append((slot, value, _replace(MINIMAL, old, template.format(v=value))))
    return cases


class TestNoForeignErrors:
    """Tests that wrong values anywhere give library errors with readable messages."""

    @pytest.mark.parametrize(("slot", "value", "text"), _sweep(), ids=[f"{s}={v}" for s, v, _ in _sweep()])
    def test_only_library_errors(self, slot: str, value: str, text: str) -> None:
        """Any value in any place either loads or raises a RulesetError, never KeyError/TypeError/AttributeError."""
        try:
            parse_ruleset(text)
        except RulesetError as exc:
            assert exc.problems
            assert all(p.message for p in exc.problems)

    def test_no_python_internals_in_messages(self) -> None:
        """No message shows a Python repr (Decimal('2.5'), datetime.date(...)) or an internal exception name."""
        leaks = []
        for slot, value, text in _sweep():
            try:
                parse_ruleset(text)
            except RulesetError as exc:
                if _PYTHON_INTERNALS.search(str(exc)):
                    leaks.append(f"{slot}={value}: {exc.problems[0].message}")
        assert leaks == []


def _several_semantic() -> str:
    text = MINIMAL
    text = _replace(text, 'id = "c1"\nsection = "main"', 'id = "c1"\nsection = "mains"')
    text = _replace(
        text, "tiers = [{ at_least = 4, points = 30 }, { at_least = 2, points = 15 }]", "tiers = [{ at_least = 2, points = 30 }, { at_least = 4, points = 15 }]"
    )
    text = _replace(text, "min = 0", "min = 10")
    text = _replace(text, "bonus_cap = 2", "bonus_cap = 0")
    return _replace(
        text,
        'rule = { kind = "yes_no", indicator = "has_plan" }\nprovenance = { status = "decision", citation = "Art. 3" }',
        'rule = { kind = "yes_no", indicator = "has_plans" }\nprovenance = { status = "decision", citation = "Art. 3" }',
    )


def _several_structural() -> str:
    text = MINIMAL
    text = _replace(text, "max_points = 40", 'max_points = "40"')
    text = _replace(text, "max_points = 30", "max_points = nan")
    text = _replace(text, "max_points = 20", "max_points = 20\nexcludable = 1")
    return _replace(text, "places = 2", "places = 2\nmod = 1")


class TestSeveralProblems:
    """Tests that every problem in a ruleset is reported at once."""

    def test_semantic_problems_together(self) -> None:
        """Five semantic defects (and the sum they upset) are six problems in one error, each located."""
        text = _several_semantic()
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text, source="several.toml")
        error = info.value
        assert str(error).splitlines()[0] == "several.toml: ruleset is invalid: 5 problems"
        assert sorted(_where(error), key=lambda row: row[1] or 0) == [
            ("several.toml", _line_of(text, "bonus_cap = 0"), None, "$.bonus_cap", None, None),
            ("several.toml", _line_of(text, "[[bands]]"), None, "$.bands", None, None),
            ("several.toml", _line_of(text, 'section = "mains"'), None, "$.criteria[0].section", "c1", None),
            ("several.toml", _line_of(text, "at_least = 2, points = 30"), None, "$.criteria[1].rule.tiers[1].at_least", "c2", None),
            ("several.toml", _line_of(text, '"has_plans"'), None, "$.criteria[2].rule.indicator", "c3", None),
        ]
        assert sorted(p.message for p in error.problems) == sorted(
            [
                "'at_least' thresholds must be strictly decreasing, got 4 after 2",
                "bonus_cap must be > 0, got 0",
                "the bands leave a gap: no band starts at 0 (the lowest starts at 10)",
                "unknown indicator 'has_plans' (did you mean 'has_plan'?)",
                "unknown section 'mains' (did you mean 'main'?)",
            ]
        )

    def test_structural_problems_together(self) -> None:
        """Four wrong types or keys are four problems in one error, each located."""
        text = _several_structural()
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text, source="several.toml")
        error = info.value
        assert str(error).splitlines()[0] == "several.toml: ruleset is invalid: 4 problems"
        string, nan, integer, key = (_line_of(text, fragment) for fragment in ('max_points = "40"', "max_points = nan", "excludable = 1", "mod = 1"))
        assert sorted(str(p) for p in error.problems) == sorted(
            [
                f"several.toml:{string}: criterion 'c1': expected a number, got string '40' @ $.criteria[0].max_points",
                f"several.toml:{nan}: criterion 'c2': expected a finite number, got nan @ $.criteria[1].max_points",
                f"several.toml:{integer}: criterion 'c3': expected true or false, got integer 1 @ $.criteria[2].excludable",
                f"several.toml:{key}: unknown key 'mod' (did you mean 'mode'?) @ $.rounding.mod",
            ]
        )

    def test_structural_and_semantic_together(self) -> None:
        """A wrong type and an unknown section in one file are both reported at once, and nothing else."""
        text = _replace(_replace(MINIMAL, "max_points = 30", 'max_points = "30"'), 'id = "c1"\nsection = "main"', 'id = "c1"\nsection = "mains"')
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text, source="r.toml")
        section, points = _line_of(text, 'section = "mains"'), _line_of(text, 'max_points = "30"')
        assert [str(p) for p in info.value.problems] == [
            f"r.toml:{section}: criterion 'c1': unknown section 'mains' (did you mean 'main'?) @ $.criteria[0].section",
            f"r.toml:{points}: criterion 'c2': expected a number, got string '30' @ $.criteria[1].max_points",
        ]

    def test_a_set_aside_item_raises_no_false_alarm(self) -> None:
        """
        An indicator and a criterion with wrong types are set aside while the rest is checked: the
        criterion that refers to the indicator and the group whose maxima no longer add up are not
        reported, a real problem elsewhere (a later criterion's path keeps its index) is.
        """
        meetings = 'id = "meetings"\nlabel = { en = "Steering meetings" }\ntype = '
        text = _replace(MINIMAL, f'{meetings}"count"', f"{meetings}3")
        text = _replace(text, "max_points = 40", "max_points = [40]")
        art3 = '" }\nprovenance = { status = "decision", citation = "Art. 3" }'
        text = _replace(text, f'indicator = "has_plan{art3}', f'indicator = "has_plans{art3}')
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text)
        assert [(p.message, p.path, p.criterion) for p in info.value.problems] == [
            ("expected a string, got integer 3", "$.indicators[1].type", None),
            ("expected a number, got array [...]", "$.criteria[0].max_points", "c1"),
            ("unknown indicator 'has_plans' (did you mean 'has_plan'?)", "$.criteria[2].rule.indicator", "c3"),
        ]

    def test_a_wrong_type_outside_the_items_is_reported_alone(self) -> None:
        """A wrong scale leaves nothing to check the rest against: the semantic problems come once it is fixed."""
        text = _replace(_replace(MINIMAL, "scale = 100", 'scale = "100"'), 'id = "c1"\nsection = "main"', 'id = "c1"\nsection = "mains"')
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text)
        assert [(p.message, p.path) for p in info.value.problems] == [("expected a number, got string '100'", "$.scale")]

    def test_document_order(self) -> None:
        """Problems in one file are listed in the order of their lines, as IndicatorIndexError documents."""
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(_several_semantic(), source="several.toml")
        lines = [p.line or 0 for p in info.value.problems]
        assert lines == sorted(lines)


class TestLineLocation:
    """Tests that problems point at the line where the key is written."""

    def test_key_in_a_sub_table(self) -> None:
        """An unknown key in a ``[criteria.rule]`` sub-table points at its own line."""
        inline = 'max_points = 40\nrule = { kind = "proportional", indicator = "share" }\nprovenance = { status = "decision", citation = "Art. 1" }\n'
        table = (
            'max_points = 40\nprovenance = { status = "decision", citation = "Art. 1" }\n\n'
            '[criteria.rule]\nkind = "proportional"\nindicator = "share"\nweight = 2\n'
        )
        text = _replace(MINIMAL, inline, table)
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text, source="s.toml")
        assert _where(info.value) == [("s.toml", _line_of(text, "weight = 2"), None, "$.criteria[0].rule.weight", "c1", None)]

    def test_key_in_an_array_of_sub_tables(self) -> None:
        """A wrong value inside ``[[criteria.rule.alternatives]]`` points at its line in the right criterion."""
        text = (ROOT / "rulesets" / "example-2024.toml").read_text(encoding="utf-8")
        text = _replace(text, 'id = "teams"\nmax_points = 10', 'id = "teams"\nmax_points = "10"')
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text, source="e.toml")
        assert _where(info.value) == [("e.toml", _line_of(text, 'max_points = "10"'), None, "$.criteria[9].rule.alternatives[1].max_points", "4.1", None)]

    def test_missing_key_in_the_last_entry(self) -> None:
        """A required key missing from the last ``[[bands]]`` entry points at that entry, not at the same key in a later table."""
        text = _replace(MINIMAL, 'label = { vi = "Yếu", en = "Weak" }\n', "")
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text, source="s.toml")
        assert _where(info.value) == [("s.toml", _line_of(text, "[[bands]]", occurrence=2), None, "$.bands[1].label", None, None)]

    def test_comment_is_not_the_key(self) -> None:
        """A comment that mentions ``bonus_cap = 0`` is not taken for the key itself."""
        text = "# Note: bonus_cap = 0 would be refused.\n" + _replace(MINIMAL, "bonus_cap = 2", "bonus_cap = 0")
        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset(text, source="s.toml")
        assert info.value.problems[0].line == _line_of(text, "bonus_cap = 0", occurrence=2)


def _copy_valid(tmp_path: Path, *names: str) -> None:
    for name in names:
        shutil.copy(VALID_DIR / name, tmp_path / name)


class TestAmendments:
    """Tests for ``extends``, ``[remove]``, ``[modify]`` and same-id replacement."""

    def test_amendment_of_an_amendment(self, tmp_path: Path) -> None:
        """Amendments chain: each item's provenance names the file that last defined it."""
        _copy_valid(tmp_path, "minimal.toml", "amended.toml")
        (tmp_path / "again.toml").write_text(
            'schema_version = 1\nextends = "amended.toml"\nid = "again"\nversion = "3"\n\n[modify.criteria.c2]\nlabel = { en = "Meetings held" }\n',
            encoding="utf-8",
        )
        ruleset = load_ruleset(tmp_path / "again.toml")
        assert (ruleset.id, ruleset.extends) == ("again", "minimal-amended")
        assert [(c.id, c.provenance.file) for c in ruleset.criteria] == [("c1", "amended.toml"), ("c2", "again.toml"), ("c3", "amended.toml")]
        assert ruleset.criterion("c2").label.text("en") == "Meetings held"

    def test_extends_a_bundled_ruleset(self, tmp_path: Path) -> None:
        """An amendment may extend a bundled ruleset by name."""
        (tmp_path / "amend.toml").write_text(
            'schema_version = 1\nextends = "example-2024"\nid = "example-2025"\nversion = "1"\n\n[modify.criteria."1.1"]\nevidence = "Asset register"\n',
            encoding="utf-8",
        )
        ruleset = load_ruleset(tmp_path / "amend.toml")
        base = load_ruleset("example-2024")
        assert (ruleset.id, ruleset.extends) == ("example-2025", "example-2024")
        assert ruleset.criterion("1.1").evidence == "Asset register"
        assert ruleset.criterion("1.1").provenance.file == "amend.toml"
        assert ruleset.criterion("1.2") == base.criterion("1.2")

    def test_problem_in_the_base_names_the_base(self, tmp_path: Path) -> None:
        """A defect in the base file is reported in the base file, at its line."""
        base = _replace(MINIMAL, "max_points = 40", 'max_points = "40"')
        (tmp_path / "base.toml").write_text(base, encoding="utf-8")
        (tmp_path / "child.toml").write_text('schema_version = 1\nextends = "base.toml"\nid = "child"\nversion = "2"\n', encoding="utf-8")
        with pytest.raises(RulesetValidationError) as info:
            load_ruleset(tmp_path / "child.toml")
        base_label = str(tmp_path / "base.toml")
        assert _where(info.value) == [(base_label, _line_of(base, 'max_points = "40"'), None, "$.criteria[0].max_points", "c1", None)]

    def test_merged_sum_is_checked(self, tmp_path: Path) -> None:
        """The merged ruleset is validated like any other: removing a criterion upsets the sum."""
        _copy_valid(tmp_path, "minimal.toml")
        (tmp_path / "child.toml").write_text(
            'schema_version = 1\nextends = "minimal.toml"\nid = "child"\nversion = "2"\n\n[remove]\ncriteria = ["c4"]\n', encoding="utf-8"
        )
        with pytest.raises(RulesetValidationError) as info:
            load_ruleset(tmp_path / "child.toml")
        assert [p.message for p in info.value.problems] == ["the maxima of the criteria applying to group 'department' add up to 90, not 100 (the scale)"]

    def test_two_file_cycle_is_refused(self, tmp_path: Path) -> None:
        """Two files that extend each other are refused at 'extends', not followed for ever."""
        (tmp_path / "a.toml").write_text('schema_version = 1\nextends = "b.toml"\nid = "a"\nversion = "1"\n', encoding="utf-8")
        (tmp_path / "b.toml").write_text('schema_version = 1\nextends = "a.toml"\nid = "b"\nversion = "1"\n', encoding="utf-8")
        with pytest.raises(RulesetValidationError) as info:
            load_ruleset(tmp_path / "a.toml")
        assert [p.path for p in info.value.problems] == ["$.extends"]
        assert info.value.problems[0].message.startswith("extends makes a cycle: ")

    def test_two_file_cycle_message(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The cycle is shown from the file loaded, at the line of the 'extends' that closes it."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "a.toml").write_text('schema_version = 1\nextends = "b.toml"\nid = "a"\nversion = "1"\n', encoding="utf-8")
        (tmp_path / "b.toml").write_text('schema_version = 1\nextends = "a.toml"\nid = "b"\nversion = "1"\n', encoding="utf-8")
        with pytest.raises(RulesetValidationError) as info:
            load_ruleset("a.toml")
        assert str(info.value) == "b.toml:2: extends makes a cycle: a.toml -> b.toml -> a.toml @ $.extends"

    def test_remove_non_string_id(self, tmp_path: Path) -> None:
        """A number in ``remove.criteria`` is refused at that item, like a number in any other array of ids."""
        _copy_valid(tmp_path, "minimal.toml")
        (tmp_path / "child.toml").write_text(
            'schema_version = 1\nextends = "minimal.toml"\nid = "child"\nversion = "2"\n\n[remove]\ncriteria = [1]\n', encoding="utf-8"
        )
        with pytest.raises(RulesetValidationError) as info:
            load_ruleset(tmp_path / "child.toml")
        assert [(p.message, p.line, p.path) for p in info.value.problems] == [("expected a string, got integer 1", 7, "$.remove.criteria[0]")]

    def test_failed_load_leaves_nothing_behind(self, tmp_path: Path) -> None:
        """A failed amendment does not change what its base loads as."""
        _copy_valid(tmp_path, "minimal.toml")
        before = load_ruleset(tmp_path / "minimal.toml")
        (tmp_path / "child.toml").write_text(
            'schema_version = 1\nextends = "minimal.toml"\nid = "child"\nversion = "2"\n\n[remove]\ncriteria = ["c9"]\n', encoding="utf-8"
        )
        with pytest.raises(RulesetValidationError):
            load_ruleset(tmp_path / "child.toml")
        after = load_ruleset(tmp_path / "minimal.toml")
        assert after == before
        assert after.digest == before.digest
