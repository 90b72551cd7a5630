"""
A report that holds part of a published cohort shows the published rank, never its own order as the rank.

``samples/danang-2023-published.json`` holds 7 of the 37 agencies of the 2023 round (2 of the 24
departments, 3 of the 6 central agencies, 2 of the 7 districts) and, under ``publication.ranks``, the ranks
the press published for them. The expected cells below are read off that table by hand: Đài Phát thanh -
Truyền hình "24 of 24" -> ``24/24``, Kho bạc "6 of 6" -> ``6/6``, Cục Hải quan "(2 of 6): given in
parentheses in the research note, not confirmed" -> ``2/6`` marked not confirmed. In the report's own
order they are 2nd of 2, 3rd of 3 and 2nd of 3: the cells the report showed before.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from indicator_index import Assessment, load_ruleset, score
from indicator_index._cli import main
from indicator_index._data import read_submissions
from indicator_index._report import PublishedCohort, read_publication, to_csv, to_html, to_json, to_markdown, to_table, to_xlsx
from indicator_index.errors import DataError


ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "samples" / "danang-2023-published.json"
DAI = "dai-phat-thanh-truyen-hinh-da-nang"
KHO_BAC = "kho-bac-nha-nuoc-da-nang"
HAI_QUAN = "cuc-hai-quan-thanh-pho-da-nang"
NAMES = {DAI: "Đài Phát thanh - Truyền hình Đà Nẵng", KHO_BAC: "Kho bạc Nhà nước Đà Nẵng", HAI_QUAN: "Cục Hải quan thành phố Đà Nẵng"}
EXPECTED = {
    "vi": {DAI: "24/24", KHO_BAC: "6/6", HAI_QUAN: "2/6 (chưa xác nhận)"},
    "en": {DAI: "24/24", KHO_BAC: "6/6", HAI_QUAN: "2/6 (not confirmed)"},
}
HEAD = {"vi": "Hạng đã công bố", "en": "Published rank"}


@cache
def assessment() -> Assessment:
    rs = load_ruleset("danang-2901-2023")
    return score(rs, read_submissions(PUBLISHED, rs))


def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    return data


def md_rows(text: str) -> dict[str, list[str]]:
    """The ranking rows of a Markdown report by agency name: its cells."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if line.startswith("| ") and len(cells) > 2 and cells[1] in NAMES.values():
            rows[cells[1]] = cells
    return rows


def html_rank_cells(text: str) -> dict[str, str]:
    """The first cell (the rank) of each ranking row of an HTML report, by agency id."""
    found = re.findall(r'<tr[^>]* data-agency="([^"]+)"[^>]*><td class="num[^"]*"[^>]*>([^<]*)</td>', text)
    return dict(found)


class TestReadRanks:
    def test_the_sample_ranks_are_read(self) -> None:
        pub = read_publication(PUBLISHED)
        # The ranks stand under "publication", for every cohort: each cohort carries them.
        assert pub["department"].ranks[DAI] == "24 of 24"
        assert pub["central_agency"].ranks[KHO_BAC] == "6 of 6"
        assert pub["central_agency"].ranks[HAI_QUAN].startswith("(2 of 6)")
        assert len(pub["district"].ranks) == 7

    def test_a_cohort_own_ranks_win(self) -> None:
        data = document()
        data["publication"]["cohorts"]["district"]["ranks"] = {"quan-lien-chieu": "6 of 7"}
        pub = read_publication(data)
        assert pub["district"].ranks["quan-lien-chieu"] == "6 of 7"
        assert pub["department"].ranks["quan-lien-chieu"] == "7 of 7"

    def test_without_ranks_the_field_is_empty(self) -> None:
        assert PublishedCohort(size=3).ranks == {}
        assert read_publication({"publication": {"cohorts": {"district": {"size": 7}}}})["district"].ranks == {}

    def test_ranks_beside_cohorts_without_the_cohorts_key(self) -> None:
        pub = read_publication({"publication": {"district": {"size": 7}, "ranks": {"quan-thanh-khe": "1 of 7"}}})
        assert list(pub) == ["district"] and pub["district"].ranks == {"quan-thanh-khe": "1 of 7"}


class TestMalformedRanks:
    """A malformed table of ranks is refused, naming the file, the key path and the agency; nothing is read."""

    @pytest.mark.parametrize(
        ("ranks", "path", "en", "vi"),
        [
            (["1 of 24"], "$.publication.ranks", "'ranks' must be a table of agency ids to published ranks", "'ranks' phải là bảng mã đơn vị"),
            ({DAI: 24}, f'$.publication.ranks["{DAI}"]', "the published rank must be text such as", "hạng đã công bố phải là văn bản"),
            ({DAI: "  "}, f'$.publication.ranks["{DAI}"]', "the published rank must be text such as", "hạng đã công bố phải là văn bản"),
            (
                {DAI: "25 of 24"},
                f'$.publication.ranks["{DAI}"]',
                "published rank '25 of 24': 25 is not a place among 24 agencies",
                "25 không phải là một thứ hạng trong số 24 đơn vị",
            ),
            ({DAI: "(0 of 24)"}, f'$.publication.ranks["{DAI}"]', "0 is not a place among 24 agencies", "0 không phải là một thứ hạng"),
        ],
    )
    def test_refused(self, tmp_path: Path, ranks: object, path: str, en: str, vi: str) -> None:
        data = document()
        data["publication"]["ranks"] = ranks
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        before = bad.read_bytes()
        with pytest.raises(DataError) as info:
            read_publication(bad)
        (problem,) = info.value.problems
        assert problem.path == path and problem.file == str(bad)
        assert en in problem.render("en") and vi in problem.render("vi")
        if isinstance(ranks, dict):
            assert problem.agency == DAI and f"'{DAI}'" in problem.render("vi")
        assert info.value.render("vi").startswith("thông tin đã công bố không hợp lệ")
        assert str(info.value).startswith("the publication is invalid")
        assert bad.read_bytes() == before

    def test_a_cohort_own_ranks_are_checked_too(self) -> None:
        data = document()
        data["publication"]["cohorts"]["district"]["ranks"] = {"quan-thanh-khe": 1}
        with pytest.raises(DataError) as info:
            read_publication(data)
        assert [p.path for p in info.value.problems] == ['$.publication.cohorts["district"].ranks["quan-thanh-khe"]']

    def test_the_command_line_says_it_in_vietnamese(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        data = document()
        data["publication"]["ranks"][KHO_BAC] = "7 of 6"
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out = tmp_path / "out.md"
        assert main(["score", "danang-2901-2023", str(PUBLISHED), "--publication", str(bad), "-o", str(out)]) == 1
        err = capsys.readouterr().err
        assert "thông tin đã công bố không hợp lệ" in err and f'@ $.publication.ranks["{KHO_BAC}"]' in err
        assert "7 không phải là một thứ hạng trong số 6 đơn vị" in err
        assert not out.exists()

    def test_a_published_cohort_given_directly(self) -> None:
        with pytest.raises(ValueError, match=r"publication of cohort 'district': agency 'quan-thanh-khe': the published rank must be text"):
            to_markdown(assessment(), publication={"district": PublishedCohort(size=7, ranks={"quan-thanh-khe": 1})})


class TestPartialCohortShowsPublishedRank:
    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_markdown(self, lang: str) -> None:
        text = to_markdown(assessment(), lang, publication=read_publication(PUBLISHED))
        rows = md_rows(text)
        for agency, cell in EXPECTED[lang].items():
            assert rows[NAMES[agency]][0] == cell
        assert text.count(f"| {HEAD[lang]} | ") == 3  # every cohort of the sample is partial
        assert f"| {'Hạng' if lang == 'vi' else 'Rank'} | " not in text
        # The breakdown: the published rank, and the text as given for one not confirmed.
        assert f"{HEAD[lang]}: 24/24 ·" in text and f"{HEAD[lang]}: 6/6 ·" in text
        assert f"{HEAD[lang]}: {EXPECTED[lang][HAI_QUAN][:-1]}: “(2 of 6): given in parentheses in the research note, not confirmed”) ·" in text
        # Never the report's own order as the rank: Đài PT-TH is 2nd of the 2 departments held, Kho bạc 3rd of 3.
        assert "2/2" not in text and "3/3" not in text and "| 2 | Đài" not in text
        assert ("không phải thứ tự trong báo cáo" if lang == "vi" else "not the order in this report") in text

    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_html(self, lang: str) -> None:
        text = to_html(assessment(), lang, publication=read_publication(PUBLISHED))
        cells = html_rank_cells(text)
        assert {a: cells[a] for a in EXPECTED[lang]} == EXPECTED[lang]
        assert text.count(f'<th class="num">{HEAD[lang]}</th>') == 3
        assert 'title="(2 of 6): given in parentheses in the research note, not confirmed"' in text
        assert f"{HEAD[lang]}: 24/24 ·" in text and "2/2" not in text

    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_table(self, lang: str) -> None:
        text = to_table(assessment(), lang, publication=read_publication(PUBLISHED))
        lines = text.splitlines()
        for agency, cell in EXPECTED[lang].items():
            line = next(x for x in lines if NAMES[agency] in x and "[1]" in x)
            assert line.split(NAMES[agency])[0].strip() == cell
        assert lines.count(f"  {HEAD[lang]}") == 3

    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_xlsx(self, tmp_path: Path, lang: str) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        to_xlsx(assessment(), tmp_path / "r.xlsx", lang, publication=read_publication(PUBLISHED))
        sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Bảng xếp hạng" if lang == "vi" else "Ranking"]
        rows = {r[3]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
        mark = "đã công bố" if lang == "vi" else "published"
        assert rows[DAI] == f"24/24 ({mark})" and rows[KHO_BAC] == f"6/6 ({mark})"
        assert rows[HAI_QUAN] == EXPECTED[lang][HAI_QUAN]

    def test_no_published_rank_and_other_text(self) -> None:
        data = document()
        ranks = data["publication"]["ranks"]
        del ranks[DAI]
        ranks[KHO_BAC] = "last of the six"
        text = to_markdown(assessment(), "en", publication=read_publication(data), details=False)
        rows = md_rows(text)
        assert rows[NAMES[DAI]][0] == "—"
        assert rows[NAMES[KHO_BAC]][0] == "“last of the six” (as given)"

    def test_json_and_csv_keep_the_engine_rank(self) -> None:
        a, pub = assessment(), read_publication(PUBLISHED)
        agencies = {x["id"]: x for x in json.loads(to_json(a, publication=pub))["agencies"]}
        # The rank among the agencies scored (2nd of the 2 departments held); nothing more is added.
        assert (agencies[DAI]["rank"], agencies[KHO_BAC]["rank"], agencies[HAI_QUAN]["rank"]) == (2, 3, 2)
        cohorts = json.loads(to_json(a, publication=pub))["cohorts"]
        assert all(set(c["published"]) == {"size", "band_counts", "source"} for c in cohorts)
        rows = {r["agency"]: r["rank"] for r in csv.DictReader(io.StringIO(to_csv(a)))}
        assert (rows[DAI], rows[KHO_BAC]) == ("2", "3")


class TestWholeCohortUnchanged:
    """Without a publication, or when the report holds the whole cohort, the report's own ranks stay."""

    def whole(self, with_ranks: bool) -> dict[str, Any]:
        data = document()
        for cohort, held in {"department": 2, "central_agency": 3, "district": 2}.items():
            data["publication"]["cohorts"][cohort] = {"size": held}
        if not with_ranks:
            del data["publication"]["ranks"]
        return data

    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_whole_cohorts_keep_their_ranks(self, lang: str) -> None:
        a = assessment()
        with_ranks = read_publication(self.whole(True))
        assert with_ranks["central_agency"].ranks[KHO_BAC] == "6 of 6"  # given, but the report holds the whole cohort
        without = read_publication(self.whole(False))
        for render in (to_markdown, to_html, to_table):
            assert render(a, lang, publication=with_ranks) == render(a, lang, publication=without)
        rows = md_rows(to_markdown(a, lang, publication=with_ranks))
        assert (rows[NAMES[DAI]][0], rows[NAMES[KHO_BAC]][0], rows[NAMES[HAI_QUAN]][0]) == ("2", "3", "2")
        assert HEAD[lang] not in to_markdown(a, lang, publication=with_ranks)

    def test_without_a_publication(self) -> None:
        a = assessment()
        text = to_markdown(a)
        assert md_rows(text)[NAMES[DAI]][0] == "2" and "Hạng: 2/2 ·" in text and "Hạng đã công bố" not in text
        assert html_rank_cells(to_html(a))[KHO_BAC] == "3"

    def test_only_the_partial_cohort_changes(self) -> None:
        data = copy.deepcopy(self.whole(True))
        data["publication"]["cohorts"]["central_agency"] = {"size": 6}
        rows = md_rows(to_markdown(assessment(), publication=read_publication(data), details=False))
        assert rows[NAMES[DAI]][0] == "2"  # the departments: all held
        assert (rows[NAMES[KHO_BAC]][0], rows[NAMES[HAI_QUAN]][0]) == ("6/6", "2/6 (chưa xác nhận)")


class TestHostileRanks:
    """A cohort's own ranks must count its published size; rank texts are text a person can read; every error in both languages."""

    def _with_rank(self, text: str) -> dict[str, Any]:
        doc = copy.deepcopy(document())
        doc["publication"]["cohorts"]["department"]["ranks"] = {"so-thong-tin-va-truyen-thong": text}
        return doc

    def test_rank_among_another_size(self) -> None:
        """'3 of 25' under a cohort published with 24 agencies is refused, naming the rank, the size and the key path."""
        with pytest.raises(DataError) as caught:
            read_publication(self._with_rank("3 of 25"))
        where = '$.publication.cohorts["department"].ranks["so-thong-tin-va-truyen-thong"]'
        assert str(caught.value.problems[0]) == f"agency 'so-thong-tin-va-truyen-thong': published rank '3 of 25': the cohort had 24 agencies, not 25 @ {where}"
        assert "hạng đã công bố '3 of 25': nhóm có 24 đơn vị, không phải 25" in caught.value.render("vi")

    def test_control_character(self) -> None:
        """A rank holding a control character is refused like any other text of a person's."""
        with pytest.raises(DataError) as caught:
            read_publication(self._with_rank("1 of 24\u0000"))
        assert "control character U+0000" in str(caught.value)
        assert "ký tự điều khiển U+0000" in caught.value.render("vi")

    def test_huge_numbers_are_text(self) -> None:
        """Numbers of more than 9 digits are no rank: the text is kept as given."""
        text = "9" * 40 + " of " + "9" * 40
        assert read_publication(self._with_rank(text))["department"].ranks["so-thong-tin-va-truyen-thong"] == text

    def test_cohort_errors_in_vietnamese(self) -> None:
        """The other errors of a publication come from the catalogue too."""
        with pytest.raises(DataError) as caught:
            read_publication({"publication": {"cohorts": {"department": {"size": -1}, "district": {"size": 2, "band_counts": {"tot": 3}}}}})
        vi = caught.value.render("vi")
        assert "nhóm 'department': size phải là số nguyên >= 0; nhận được -1" in vi
        assert "nhóm 'district': tổng số đơn vị theo xếp loại là 3, nhiều hơn số đơn vị của nhóm (2)" in vi
        assert "'district': the band counts add up to 3, more than its size 2" in str(caught.value)


class TestExplain:
    """`explain` of an agency of a partial publication shows its published rank, not its place among the agencies held."""

    def test_table_and_markdown(self) -> None:
        """Đài PT-TH: 'Hạng đã công bố 24/24' with the publication, 'Hạng 2/2' (its place in the data) without."""
        from indicator_index._report import explain_markdown, explain_table

        published = read_publication(document())
        head = explain_table(assessment(), "dai-phat-thanh-truyen-hinh-da-nang", "vi", publication=published).splitlines()[2]
        assert head.endswith("— Hạng đã công bố 24/24")
        plain = explain_table(assessment(), "dai-phat-thanh-truyen-hinh-da-nang", "vi").splitlines()[2]
        assert plain.endswith("— Hạng 2/2")
        md = explain_markdown(assessment(), "kho-bac-nha-nuoc-da-nang", "en", publication=published)
        assert md.splitlines()[2] == "Group: Central-government agencies in the city · Published rank: 6/6 · Total: **74.02** (Fair)"

    def test_cli(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`explain --publication FILE` prints the published rank."""
        sample = str(Path(__file__).resolve().parents[1] / "samples" / "danang-2023-published.json")
        assert main(["explain", "danang-2901-2023", "danang-2023-published", "dai-phat-thanh-truyen-hinh-da-nang", "--publication", sample]) == 0
        assert "Hạng đã công bố 24/24" in capsys.readouterr().out


class TestOwnPublication:
    """A JSON data file holding a `publication` table is its own publication for `score` and `explain`."""

    def test_sample_needs_no_flag(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`score` and `explain` of the 2023 sample show the published ranks without `--publication`."""
        assert main(["score", "danang-2901-2023", "danang-2023-published"]) == 0
        out = capsys.readouterr().out
        assert re.search(r"^  24/24 +Đài Phát thanh - Truyền hình Đà Nẵng ", out, re.MULTILINE)
        assert main(["explain", "danang-2901-2023", "danang-2023-published", "kho-bac-nha-nuoc-da-nang"]) == 0
        assert "— Hạng đã công bố 6/6" in capsys.readouterr().out

    def test_without_a_table_nothing_changes(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The same data without its publication table: ranks are places among the agencies held."""
        doc = copy.deepcopy(document())
        del doc["publication"]
        path = tmp_path / "plain.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        assert main(["explain", "danang-2901-2023", str(path), "kho-bac-nha-nuoc-da-nang"]) == 0
        assert "— Hạng 3/3" in capsys.readouterr().out

    def test_broken_table_is_an_error(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A malformed publication table in the data file is refused, naming the file and the key path; nothing is written."""
        doc = copy.deepcopy(document())
        doc["publication"]["cohorts"]["department"]["size"] = -1
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        out = tmp_path / "report.html"
        assert main(["score", "danang-2901-2023", str(path), "--output", str(out)]) == 1
        err = capsys.readouterr().err
        assert "broken.json" in err and '$.publication.cohorts["department"].size' in err and "size phải là số nguyên" in err
        assert not out.exists()


class TestDecidedHasNothingToExplain:
    """A decided (published) total has no figures: why-not and the gap plan say so instead of "no point missed"."""

    def test_library_refuses(self) -> None:
        """`why_not` and `plan_gap` raise ValueError naming the agency and the source."""
        from indicator_index._explain import plan_gap, why_not

        ruleset = load_ruleset("danang-2901-2023")
        with pytest.raises(ValueError, match="was decided and published") as caught:
            why_not(assessment(), "kho-bac-nha-nuoc-da-nang")
        assert "it has no figures" in str(caught.value)
        with pytest.raises(ValueError, match="was decided and published"):
            plan_gap(ruleset, read_submissions("danang-2023-published", ruleset), "kho-bac-nha-nuoc-da-nang")

    def test_cli(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`explain-gap` prints the head with the published rank and the sentence, and exits 0; JSON says `decided`."""
        assert main(["explain-gap", "danang-2901-2023", "danang-2023-published", "dai-phat-thanh-truyen-hinh-da-nang"]) == 0
        out = capsys.readouterr().out
        assert "— hạng đã công bố 24/24 — tổng điểm 52,95 (Trung bình khá)" in out
        assert "lấy theo kết quả đã công bố" in out and "không có số liệu" in out
        assert "không mất điểm" not in out
        assert main(["explain-gap", "danang-2901-2023", "danang-2023-published", "dai-phat-thanh-truyen-hinh-da-nang", "--format", "json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert doc["decided"]["total"] == "52.95" and "shortfalls" not in doc and "gap" not in doc
