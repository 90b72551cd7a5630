"""
Tests for the one message catalogue (``indicator_index._messages.CATALOGUE``)
and the command line speaking it: help, usage errors, status lines, ``test``
and ``robustness`` output in Vietnamese by default and in English with
``--lang en``; progress on stderr only when stderr is a terminal (issue #12,
items 1 and 7).
"""

from __future__ import annotations

import argparse
import re
import string
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from indicator_index._cli import Progress, _argparse_message, _language, build_parser, main
from indicator_index._messages import CATALOGUE, Message, text


ROOT = Path(__file__).resolve().parents[1]
# The catalogue entries of the command line's own words: argparse's, the program's and the commands'.
CLI_PREFIXES = ("argparse.", "cli.", "an.")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def _flat(text_: str) -> str:
    """*text_* with its whitespace (argparse wraps help to the terminal's width) made single spaces."""
    return " ".join(text_.split())


def _parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The program's parser ("") and every command's, by name."""
    found = {"": parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _commands() -> list[str]:
    return [name for name in _parsers(build_parser("vi")[0]) if name]


class TestCatalogue:
    """Every entry exists in both languages, with the same placeholders."""

    def test_both_languages_same_placeholders(self) -> None:
        """An entry has exactly an English and a Vietnamese template, naming the same parameters."""
        assert len(CATALOGUE) > 100
        for code, templates in CATALOGUE.items():
            assert set(templates) == {"en", "vi"}, code
            assert templates["en"].strip() and templates["vi"].strip(), code
            assert _fields(templates["en"]) == _fields(templates["vi"]), code

    def test_command_line_entries_are_translated(self) -> None:
        """No entry of the command line says the same in both languages (an untranslated copy)."""
        same = [code for code, t in CATALOGUE.items() if code.startswith(CLI_PREFIXES) and t["en"] == t["vi"]]
        assert same == []

    def test_text_renders_each_language(self) -> None:
        """``text`` fills an entry in the language asked; a Message parameter follows that language."""
        assert text("cli.wrote", "en", path="a.csv") == "wrote a.csv"
        assert text("cli.wrote", "vi", path="a.csv") == "đã ghi a.csv"
        assert text("cli.wrote", path="a.csv") == "đã ghi a.csv"  # Vietnamese by default
        nested = Message("cli.no_agency", wanted="x", data="d", suggestion=Message("cli.did_you_mean", name="xy"), agencies="xy")
        assert nested == "no agency 'x' in d (did you mean 'xy'?); agencies: xy"
        assert nested.render("vi") == "không có đơn vị 'x' trong d (có phải là 'xy'?); các đơn vị: xy"
        assert text("robustness.head", "en", vary=Decimal("10.0"), seed=1, scenarios=3) == "±10%, seed 1, 3 scenarios"

    def test_unknown_code(self) -> None:
        """A code the catalogue lacks is a KeyError, not an empty text."""
        with pytest.raises(KeyError):
            text("cli.no_such_entry", "vi")


class TestHelp:
    """Every command's --help in Vietnamese (the default) and English."""

    @staticmethod
    def _english_texts() -> list[str]:
        """The English help and argparse texts of the catalogue (those without parameters)."""
        return [t["en"] for code, t in CATALOGUE.items() if code.startswith(CLI_PREFIXES) and not _fields(t["en"])]

    def test_every_command_is_listed(self) -> None:
        """The commands below are the parser's (so a command added later is checked too)."""
        assert {"validate", "score", "explain", "template", "schema", "test", "robustness", "impact"} <= set(_commands())

    @pytest.mark.parametrize("command", ["", *_commands()])
    def test_vietnamese_help_has_no_english(self, capsys: pytest.CaptureFixture[str], command: str) -> None:
        """``--help`` under ``--lang vi`` (and with no --lang) contains no English text of the catalogue; under en it does."""
        argv = [command] if command else []
        status, vi, _ = _run(capsys, "--lang", "vi", *argv, "--help")
        assert status == 0
        _, default, _ = _run(capsys, *argv, "--help")
        _, en, _ = _run(capsys, "--lang", "en", *argv, "--help")
        assert default == vi
        assert vi.startswith("cách dùng: ") and en.startswith("usage: ")
        assert "tùy chọn:" in vi and "options:" in en
        flat_vi, flat_en = _flat(vi), _flat(en)
        leaks = [e for e in self._english_texts() if re.search(rf"(?<![\w-]){re.escape(_flat(e))}(?![\w-])", flat_vi)]
        assert leaks == []
        # The English help does show the English texts: the scan above can find them.
        assert sum(_flat(e) in flat_en for e in self._english_texts()) >= 3

    @pytest.mark.parametrize("command", ["", *_commands()])
    def test_every_help_string_comes_from_the_catalogue(self, command: str) -> None:
        """Each option's help, each command's help and description is a catalogue text, different in vi and en."""
        vi_texts = {t["vi"].replace("%%", "%") for t in CATALOGUE.values()} | {t["vi"] for t in CATALOGUE.values()}
        vi_parser, en_parser = _parsers(build_parser("vi")[0])[command], _parsers(build_parser("en")[0])[command]
        assert vi_parser.description is None or vi_parser.description in vi_texts, vi_parser.description
        assert vi_parser.description is None or vi_parser.description != en_parser.description
        for vi_action, en_action in zip(vi_parser._actions, en_parser._actions, strict=True):
            helps = [(vi_action.help, en_action.help)]
            if isinstance(vi_action, argparse._SubParsersAction):
                helps += [(a.help, b.help) for a, b in zip(vi_action._choices_actions, en_action._choices_actions, strict=True)]
            for vi_help, en_help in helps:
                if vi_help is None or vi_help == argparse.SUPPRESS:
                    continue
                assert vi_help in vi_texts, f"{command or 'indicator-index'} {vi_action.option_strings or vi_action.dest}: {vi_help!r}"
                assert vi_help != en_help, vi_help


class TestLanguageOption:
    """The language is known before the parser is built."""

    @pytest.mark.parametrize(
        ("argv", "lang"),
        [
            ([], "vi"),
            (["score", "r", "d"], "vi"),
            (["--lang", "en", "score"], "en"),
            (["score", "r", "d", "--lang", "en"], "en"),
            (["--lang=en", "validate", "x"], "en"),
            (["--la", "en", "validate"], "en"),
            (["--lang", "en", "score", "--lang", "vi"], "vi"),  # the last one counts, as in argparse
            (["--lang", "fr"], "vi"),  # not a language: the parser says so, in Vietnamese
            (["--lang"], "vi"),
            (["validate", "--", "--lang", "en"], "vi"),
        ],
    )
    def test_language(self, argv: list[str], lang: str) -> None:
        """``_language`` reads --lang (or a prefix, or --lang=) wherever it is."""
        assert _language(argv) == lang


class TestUsageErrors:
    """argparse's usage errors, with the same facts in Vietnamese."""

    def test_unrecognized(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown option: 'không nhận ra tham số' and the option."""
        status, _, err = _run(capsys, "validate", "example-2024", "--nope")
        assert status == 2
        assert err.splitlines()[0].startswith("cách dùng: indicator-index")
        assert err.splitlines()[-1] == "indicator-index: lỗi: không nhận ra tham số: --nope"
        _, _, en = _run(capsys, "--lang", "en", "validate", "example-2024", "--nope")
        assert en.splitlines()[-1] == "indicator-index: error: unrecognized arguments: --nope"

    def test_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A missing argument is named."""
        status, _, err = _run(capsys, "template", "example-2024")
        assert status == 2
        assert err.splitlines()[-1] == "indicator-index template: lỗi: thiếu tham số bắt buộc: --group/-g"

    def test_invalid_choice(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A wrong choice names the option, the value and the choices."""
        status, _, err = _run(capsys, "score", "example-2024", "example-2024", "--format", "pdf")
        assert status == 2
        last = err.splitlines()[-1]
        assert last.startswith("indicator-index score: lỗi: tham số --format: lựa chọn không hợp lệ: 'pdf' (chọn một trong: ")
        assert "'html'" in last or "html" in last

    def test_no_command_and_unknown_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No command, or one that does not exist, is a usage error in Vietnamese."""
        status, _, err = _run(capsys)
        assert status == 2 and err.startswith("cách dùng: indicator-index")
        assert "thiếu tham số bắt buộc: COMMAND" in err
        status, _, err = _run(capsys, "rank")
        assert status == 2 and "lựa chọn không hợp lệ: 'rank'" in err

    def test_unknown_language(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang fr is refused in Vietnamese, naming the languages."""
        status, _, err = _run(capsys, "--lang", "fr", "validate", "example-2024")
        assert status == 2
        assert "tham số --lang: lựa chọn không hợp lệ: 'fr'" in err

    def test_type_errors(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The robustness options' own checks speak the language too."""
        status, _, err = _run(capsys, "robustness", "example-2024", "example-2024", "--vary", "150")
        assert status == 2
        assert err.splitlines()[-1] == "indicator-index robustness: lỗi: tham số --vary: cần một tỷ lệ phần trăm trong khoảng [0, 100], nhận được '150'"
        _, _, err = _run(capsys, "robustness", "example-2024", "example-2024", "--draws", "-1", "--lang", "en")
        assert err.splitlines()[-1] == "indicator-index robustness: error: argument --draws: expected a whole number >= 0, got '-1'"

    @pytest.mark.parametrize(
        ("english", "vietnamese"),
        [
            ("expected one argument", "cần đúng một giá trị"),
            ("argument -o/--output: expected one argument", "tham số -o/--output: cần đúng một giá trị"),
            ("argument --seed: invalid int value: 'x'", "tham số --seed: giá trị int không hợp lệ: 'x'"),
            ("ambiguous option: --f could match --format, --family", "tùy chọn không rõ ràng: --f có thể là --format, --family"),
            ("something argparse may say one day", "something argparse may say one day"),  # unknown: left as it is
        ],
    )
    def test_argparse_wordings(self, english: str, vietnamese: str) -> None:
        """Each wording of argparse is matched with its facts kept."""
        assert _argparse_message(english, "vi") == vietnamese
        assert _argparse_message(english, "en") == english


class TestStatusLines:
    """What the commands say on stderr and in their errors."""

    def test_validate(self, capsys: pytest.CaptureFixture[str]) -> None:
        """validate's summary in Vietnamese by default."""
        status, out, _ = _run(capsys, "validate", "example-2024")
        assert status == 0
        assert out.startswith("example-2024: hợp lệ — example-2024 1.0.0, 10 tiêu chí, 2 điểm thưởng, 2 điểm trừ, nhóm: department, commune; sha256 ")

    def test_wrote(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """'đã ghi FILE' (Vietnamese) or 'wrote FILE' (English)."""
        target = tmp_path / "r.json"
        status, _, err = _run(capsys, "score", "example-2024", "example-2024", "-o", str(target))
        assert (status, err) == (0, f"indicator-index: đã ghi {target} (json, 6 đơn vị)\n")
        status, _, err = _run(capsys, "diff", "example-2024", "example-2024", "-o", str(tmp_path / "d.txt"))
        assert (status, err) == (0, f"indicator-index: đã ghi {tmp_path / 'd.txt'}\n")
        status, _, err = _run(capsys, "--lang", "en", "diff", "example-2024", "example-2024", "-o", str(tmp_path / "d.txt"))
        assert (status, err) == (0, f"indicator-index: wrote {tmp_path / 'd.txt'}\n")

    def test_usage_errors_of_the_commands(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Names that are not there, and outputs that cannot be written, in Vietnamese."""
        _, _, err = _run(capsys, "explain", "example-2024", "example-2024", "so-noi-v")
        assert err.startswith("indicator-index: không có đơn vị 'so-noi-v' trong example-2024 (có phải là 'so-noi-vu'?); các đơn vị: so-noi-vu, ")
        _, _, err = _run(capsys, "template", "example-2024", "--group", "ward")
        assert err == "indicator-index: bộ tiêu chí 'example-2024' không có nhóm đơn vị 'ward'; các nhóm: department, commune\n"
        _, _, err = _run(capsys, "score", "example-2024", "example-2024", "--format", "xlsx")
        assert err == "indicator-index: --format xlsx ghi ra một tệp Excel: hãy chỉ rõ --output FILE.xlsx\n"
        _, _, err = _run(capsys, "explain-gap", "example-2024", "example-2024", "nobody")
        assert err.startswith("indicator-index: không có đơn vị 'nobody' trong số liệu; các đơn vị: ")
        _, _, err = _run(capsys, "explain-gap", "example-2024", "example-2024", "so-tai-chinh", "--band", "gold")
        assert err.startswith("indicator-index: bộ tiêu chí 'example-2024' không có mức xếp loại 'gold'; các mức: ")
        target = tmp_path / "missing" / "r.json"
        status, _, err = _run(capsys, "score", "example-2024", "example-2024", "-o", str(target))
        assert (status, err) == (2, f"indicator-index: không ghi được {target}: No such file or directory\n")


class TestTestAndRobustnessOutput:
    """``test`` and ``robustness`` output in both languages."""

    @pytest.fixture
    def failing(self, tmp_path: Path) -> Path:
        """A case file with one case whose total is wrong."""
        path = tmp_path / "x.cases.toml"
        path.write_text(
            'schema_version = 1\nruleset = "example-2024"\n\n[[cases]]\nid = "wrong"\ndata = "example-2024"\n\n'
            '[cases.expect.so-noi-vu]\ntotal = 1\npoints = { "1.1" = 99 }\n',
            encoding="utf-8",
        )
        return path

    def test_failures(self, capsys: pytest.CaptureFixture[str], failing: Path) -> None:
        """Counts and each failing figure in Vietnamese; the same facts in English."""
        status, out, _ = _run(capsys, "test", "example-2024", str(failing))
        assert status == 1
        lines = out.splitlines()
        assert lines[0] == f"{failing}: 1 trường hợp, 0 đạt, 1 không đạt"
        assert lines[1].startswith("  KHÔNG ĐẠT trường hợp 'wrong', đơn vị 'so-noi-vu': tổng điểm cần là 1, thực tế là ")
        assert lines[2].startswith("  KHÔNG ĐẠT trường hợp 'wrong', đơn vị 'so-noi-vu': điểm của tiêu chí '1.1' cần là 99, thực tế là ")
        status, out, _ = _run(capsys, "--lang", "en", "test", "example-2024", str(failing))
        lines = out.splitlines()
        assert lines[0] == f"{failing}: 1 cases, 0 passed, 1 failed"
        assert lines[1].startswith("  FAIL case 'wrong', agency 'so-noi-vu': total expected 1, got ")
        assert lines[2].startswith("  FAIL case 'wrong', agency 'so-noi-vu': criterion '1.1' points expected 99, got ")
        # The figures are the same in both languages.
        assert out.splitlines()[1].rsplit(" ", 1)[-1] == lines[1].rsplit(" ", 1)[-1]

    def test_passing(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The shipped cases of example-2024 pass; the head line says so in Vietnamese."""
        status, out, _ = _run(capsys, "test", "example-2024")
        assert status == 0
        assert re.fullmatch(r".*example-2024\.cases\.toml: (\d+) trường hợp, \1 đạt, 0 không đạt\n", out)

    def test_robustness(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The head line and the flips' reasons in each language."""
        argv = ("robustness", "example-2024", "example-2024", "--vary", "20", "--draws", "10", "--seed", "3")
        _, vi, _ = _run(capsys, *argv)
        _, en, _ = _run(capsys, "--lang", "en", *argv)
        # 9 criteria with a maximum above 0 (1.3 has none): 1 as scored + 9 x 2 varied + 10 draws + 9 dropped = 38.
        assert vi.splitlines()[1] == "±20%, hạt giống 3, 38 kịch bản"
        assert en.splitlines()[1] == "±20%, seed 3, 38 scenarios"
        assert "Các cặp có thể đổi thứ tự:" in vi and "Pairs whose order can flip:" in en

    def test_robustness_flips(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Why a pair can flip (which kinds of scenario, the first one) is said in each language, with the same counts."""
        argv = ("robustness", "danang-448-2022", "danang-2021", "--vary", "30", "--draws", "20")
        _, vi, _ = _run(capsys, *argv)
        _, en, _ = _run(capsys, "--lang", "en", *argv)
        flips_vi = re.findall(r"^    (.+) / (.+): (\d+) kịch bản \((.+); (.+)\)$", vi, re.MULTILINE)
        flips_en = re.findall(r"^    (.+) / (.+): (\d+) scenarios \((.+); (.+)\)$", en, re.MULTILINE)
        assert flips_vi and len(flips_vi) == len(flips_en)
        assert [f[:3] for f in flips_vi] == [f[:3] for f in flips_en]
        kinds = {"vary": "đổi điểm tối đa", "draw": "tổ hợp ngẫu nhiên", "drop": "bỏ tiêu chí"}
        for f_vi, f_en in zip(flips_vi, flips_en, strict=True):
            assert f_vi[3] == ", ".join(kinds[k] for k in f_en[3].split(", "))
            first = f_en[4]
            if first.startswith("draw "):
                assert f_vi[4] == "tổ hợp ngẫu nhiên " + first.removeprefix("draw ")
            elif first.startswith("without "):
                assert f_vi[4] == "bỏ " + first.removeprefix("without ")
            else:
                assert f_vi[4] == first and re.fullmatch(r"\S+ [+−]30%", first)


class TestProgress:
    """A progress line on stderr only when stderr is a terminal (issue #12, item 7)."""

    @staticmethod
    def _tty(monkeypatch: pytest.MonkeyPatch, value: bool) -> None:
        monkeypatch.setattr(sys.stderr, "isatty", lambda: value)

    def test_terminal(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """On a terminal: the label at once, updates at most every interval, the line cleared at the end."""
        self._tty(monkeypatch, True)
        with Progress("đang chấm điểm", "vi", interval=0) as progress:
            progress.update("bước 1/2")
            progress.update("bước 2/2")
        err = capsys.readouterr().err
        assert err.startswith("\rđang chấm điểm")
        assert "\rbước 1/2" in err and "\rbước 2/2" in err
        assert err.endswith("\r" + " " * len("đang chấm điểm") + "\r")

    def test_interval(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """Updates within the interval are not written."""
        self._tty(monkeypatch, True)
        with Progress("x", "en", interval=3600) as progress:
            progress.update("never shown")
        assert "never shown" not in capsys.readouterr().err

    def test_not_a_terminal(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """Piped or redirected: nothing at all."""
        self._tty(monkeypatch, False)
        with Progress("x", "en", interval=0) as progress:
            progress.update("y")
        assert capsys.readouterr().err == ""

    def test_robustness_command(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """robustness shows its scenarios on a terminal, clears the line, and leaves stdout as it is."""
        monkeypatch.setattr("indicator_index._cli.PROGRESS_INTERVAL", 0)
        argv = ("robustness", "example-2024", "example-2024", "--draws", "5")
        self._tty(monkeypatch, False)
        _, quiet_out, quiet_err = _run(capsys, *argv)
        assert quiet_err == ""
        self._tty(monkeypatch, True)
        _, out, err = _run(capsys, *argv)
        assert out == quiet_out
        assert "\rđang xếp hạng lại: kịch bản 1/" in err
        total = int(re.findall(r"kịch bản \d+/(\d+)", err)[-1])
        assert f"kịch bản {total}/{total}" in err
        assert err.endswith("\r")

    def test_score_command(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """score says what it scores on a terminal (cleared after), and nothing when piped."""
        self._tty(monkeypatch, True)
        _, out, err = _run(capsys, "--lang", "en", "score", "example-2024", "example-2024")
        assert err.startswith("\rscoring 6 agencies") and err.endswith("\r")
        self._tty(monkeypatch, False)
        _, piped, err = _run(capsys, "--lang", "en", "score", "example-2024", "example-2024")
        assert (piped, err) == (out, "")


class TestImpactNotes:
    """What impact leaves out, said in each language."""

    def test_notes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The notes of a 448 -> 2386 impact (a group and figures without a counterpart) in Vietnamese and English."""
        argv = ("impact", "danang-448-2022", "danang-2386-2025", "danang-2021")
        status, vi, _ = _run(capsys, *argv)
        assert status == 0
        _, en, _ = _run(capsys, "--lang", "en", *argv)
        assert "  - nhóm 'district' không có nhóm tương ứng trong bộ tiêu chí 'danang-2386-2025': các đơn vị của nhóm không được so sánh" in vi
        assert "  - group 'district' has no counterpart in ruleset 'danang-2386-2025': its agencies are left out" in en
        assert "has no counterpart" not in vi
