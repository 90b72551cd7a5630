"""Discoverability (issue #12, item 7): bundled mappings, case files on the command line, accent-blind agency lookup."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indicator_index._cli import main
from indicator_index._diff import bundled_mapping, bundled_mappings, load_mapping
from indicator_index._text import fold, match_names


ROOT = Path(__file__).resolve().parents[1]
TEST_MAPPING = ROOT / "tests" / "data" / "mapping" / "danang-448-2022-to-2386-2025.toml"
PAIR = ("danang-448-2022", "danang-2386-2025")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


class TestBundledMappings:
    """The 448 → 2386 mapping ships with the package and `impact` finds it."""

    def test_the_pair_is_bundled_and_loads(self) -> None:
        """The bundled file is found by its pair and says the same as the test data's mapping."""
        assert PAIR in bundled_mappings()
        path = bundled_mapping(*PAIR)
        assert path is not None
        shipped, reference = load_mapping(path), load_mapping(TEST_MAPPING)
        assert (shipped.before, shipped.after) == PAIR
        for collection in ("groups", "indicators", "criteria", "sections"):
            assert getattr(shipped, collection) == getattr(reference, collection), collection
        assert shipped.missing == reference.missing

    def test_no_mapping_for_another_pair(self) -> None:
        """A pair with no bundled mapping (or the reverse direction) gives None."""
        assert bundled_mapping(PAIR[1], PAIR[0]) is None
        assert bundled_mapping("danang-448-2022", "example-2024") is None

    def test_impact_without_mapping_uses_the_bundled_one(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`impact` with no --mapping gives exactly what it gives with the mapping named explicitly."""
        status, auto, err = _run(capsys, "impact", *PAIR, "danang-2021", "--format", "json")
        assert status == 0, err
        status, explicit, err = _run(capsys, "impact", *PAIR, "danang-2021", "--format", "json", "--mapping", str(TEST_MAPPING))
        assert status == 0, err
        assert json.loads(auto) == json.loads(explicit)
        assert json.loads(auto)["agencies"]

    def test_diff_without_mapping_uses_the_bundled_one(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`diff` also pairs renamed ids through the bundled mapping."""
        status, auto, _ = _run(capsys, "diff", *PAIR, "--format", "json")
        assert status == 0
        _, explicit, _ = _run(capsys, "diff", *PAIR, "--format", "json", "--mapping", str(TEST_MAPPING))
        assert json.loads(auto) == json.loads(explicit)

    def test_impact_with_no_bundled_mapping_names_the_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With no mapping given or bundled, one usage error says to give --mapping (not hundreds of data problems)."""
        status, out, err = _run(capsys, "impact", "danang-448-2022", "example-2024", "danang-2021")
        assert status == 2
        assert out == ""
        assert "--mapping" in err
        assert "problems" not in err
        assert len(err.strip().splitlines()) == 1

    def test_same_ruleset_needs_no_mapping(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Two rulesets with the same groups and indicators still compare without any mapping."""
        status, out, err = _run(capsys, "impact", "danang-448-2022", "danang-448-2022", "danang-2021", "--format", "json")
        assert status == 0, err
        rows = json.loads(out)["agencies"]
        assert rows
        assert all(row["total_before"] == row["total_after"] and row["rank_change"] == 0 for row in rows)

    def test_list_shows_the_bundled_mappings(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`list` names the bundled mappings, in text and in JSON."""
        status, out, _ = _run(capsys, "list", "--lang", "en")
        assert status == 0
        assert "Bundled mappings" in out
        assert f"{PAIR[0]} → {PAIR[1]}" in out.split("Bundled mappings", 1)[1]
        status, out, _ = _run(capsys, "list", "--format", "json")
        assert {"before": PAIR[0], "after": PAIR[1]} in json.loads(out)["mappings"]

    def test_impact_from_another_working_directory(self, tmp_path: Path) -> None:
        """The command line finds the bundled rulesets, sample and mapping wherever it runs."""
        result = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "indicator_index", "impact", *PAIR, "danang-2021", "--format", "json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        body = json.loads(result.stdout)
        assert body["before"]["id"] == PAIR[0]
        assert body["after"]["id"] == PAIR[1]
        assert body["groups"]


class TestCaseFilesOnTheCommandLine:
    """`validate` checks case files as case files; `test CASES` finds its ruleset."""

    def test_validate_the_rulesets_folder(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`validate rulesets/*.toml` passes: rulesets as rulesets, case files as case files."""
        files = sorted(str(p) for p in (ROOT / "rulesets").glob("*.toml"))
        cases = [f for f in files if f.endswith(".cases.toml")]
        assert cases
        status, out, err = _run(capsys, "--lang", "en", "validate", *files)
        assert status == 0, err
        lines = out.splitlines()
        assert len(lines) == len(files)
        for name in cases:
            assert any(line.startswith(f"{name}: valid case file") for line in lines), name
        for name in set(files) - set(cases):
            assert any(line.startswith(f"{name}: valid —") for line in lines), name

    def test_validate_a_broken_case_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A case file with a bad key fails validation with the case-file error, exit 1."""
        bad = tmp_path / "x.cases.toml"
        bad.write_text('schema_version = 1\nruleset = "example-2024"\ncolour = 1\n[[cases]]\nid = "a"\ndata = "example-2024"\n', encoding="utf-8")
        status, _, err = _run(capsys, "--lang", "en", "validate", str(bad))
        assert status == 1
        assert "invalid case file" in err
        assert "colour" in err

    def test_case_file_alone_runs_against_its_ruleset(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`test rulesets/example-2024.cases.toml` reports what `test example-2024` does."""
        path = str(ROOT / "rulesets" / "example-2024.cases.toml")
        status, alone, err = _run(capsys, "test", path, "--format", "json")
        assert status == 0, err
        status, both, _ = _run(capsys, "test", "example-2024", path, "--format", "json")
        assert json.loads(alone) == json.loads(both)
        assert json.loads(alone)["ok"] is True

    def test_case_file_uses_the_ruleset_it_names(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A case file away from any ruleset file runs against the bundled ruleset it declares."""
        copy = tmp_path / "mine.cases.toml"
        shutil.copy(ROOT / "rulesets" / "example-2024.cases.toml", copy)
        status, out, err = _run(capsys, "test", str(copy), "--format", "json")
        assert status == 0, err
        assert json.loads(out)["report"]["ruleset"] == "example-2024"

    def test_case_file_uses_the_ruleset_beside_it(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """With no declared ruleset, `<stem>.toml` beside the case file is the ruleset; a failing case exits 1."""
        shutil.copy(ROOT / "rulesets" / "example-2024.toml", tmp_path / "mine.toml")
        text = (ROOT / "rulesets" / "example-2024.cases.toml").read_text(encoding="utf-8").replace('ruleset = "example-2024"\n', "")
        (tmp_path / "mine.cases.toml").write_text(text, encoding="utf-8")
        status, out, err = _run(capsys, "test", str(tmp_path / "mine.cases.toml"), "--format", "json")
        assert status == 0, err
        assert json.loads(out)["report"]["ruleset"] == "example-2024"
        (tmp_path / "mine.cases.toml").write_text(text.replace("rank = 1\n", "rank = 7\n", 1), encoding="utf-8")
        status, out, _ = _run(capsys, "test", str(tmp_path / "mine.cases.toml"), "--format", "json")
        assert status == 1
        assert json.loads(out)["ok"] is False


class TestAgencyLookup:
    """`explain` and `explain-gap` find an agency by its name whatever the case and accents."""

    @pytest.mark.parametrize(
        ("text", "folded"),
        [("Sở Nội vụ", "so noi vu"), ("ĐÀI PHÁT THANH", "dai phat thanh"), ("Đà  Nẵng ", "da nang"), ("so-noi-vu", "so-noi-vu")],
    )
    def test_fold(self, text: str, folded: str) -> None:
        """Case, tone marks, vowel marks and đ/Đ fold away; white space collapses."""
        assert fold(text) == folded

    def test_match_names_prefers_an_exact_id(self) -> None:
        """An exact id wins; otherwise every folded id or name that matches, in order."""
        entries = [("a", "Sở Nội vụ"), ("b", "So Noi Vu"), ("so noi vu", "Other")]
        assert match_names("so noi vu", entries) == ["so noi vu"]
        assert match_names("SỞ NỘI VỤ", entries) == ["a", "b", "so noi vu"]
        assert match_names("nobody", entries) == []

    @pytest.mark.parametrize("command", ["explain", "explain-gap"])
    @pytest.mark.parametrize(
        ("wanted", "agency"),
        [("So Noi Vu", "so-noi-vu"), ("sở nội vụ", "so-noi-vu"), ("dai phat thanh - truyen hinh da nang", "dai-phat-thanh-truyen-hinh-da-nang")],
    )
    def test_explain_finds_the_agency(self, capsys: pytest.CaptureFixture[str], command: str, wanted: str, agency: str) -> None:
        """Both commands resolve an unaccented, any-case name to the same agency id."""
        status, out, err = _run(capsys, command, "danang-448-2022", "danang-2021", wanted, "--format", "json")
        assert status == 0, err
        assert f'"{agency}"' in out

    @pytest.mark.parametrize("command", ["explain", "explain-gap"])
    def test_unknown_agency_still_fails(self, capsys: pytest.CaptureFixture[str], command: str) -> None:
        """A name no agency folds to is still a usage error."""
        status, _, err = _run(capsys, "--lang", "en", command, "danang-448-2022", "danang-2021", "So Khong Co")
        assert status == 2
        assert "no agency 'So Khong Co'" in err
