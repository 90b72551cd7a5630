"""Tests for ``indicator_index._portal``: submission schemas, JSON in / JSON out, sharing a ruleset across threads."""

from __future__ import annotations

import copy
import decimal
import json
import re
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from indicator_index._data import read_submissions
from indicator_index._loading import load_ruleset
from indicator_index._portal import error_to_dict, score_json, submission_schema
from indicator_index._report import assessment_schema, assessment_to_dict
from indicator_index._scoring import score


@pytest.fixture(scope="module")
def ruleset():
    """The example ruleset."""
    return load_ruleset("example-2024")


@pytest.fixture(scope="module")
def document() -> dict:
    """The example data document, parsed as plain JSON."""
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "example-2024.json"


def _valid(schema: dict, instance: object) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(instance)]


def _error_schema() -> dict:
    text = (resources.files("indicator_index") / "schemas" / "error.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _agency(document: dict, agency: str) -> dict:
    return copy.deepcopy(next(a for a in document["agencies"] if a["id"] == agency))


class TestSubmissionSchema:
    """The JSON Schema of one agency's submission."""

    def test_is_a_valid_schema(self, ruleset):
        """The schema of each group is itself a valid draft 2020-12 schema."""
        for group in ("department", "commune"):
            jsonschema.Draft202012Validator.check_schema(submission_schema(ruleset, group))

    def test_names_the_ruleset(self, ruleset):
        """The schema says which ruleset and group it was made from."""
        schema = submission_schema(ruleset, "department")
        assert schema["x-ruleset"] == {"id": "example-2024", "version": "1.0.0", "digest": ruleset.digest, "group": "department"}
        assert schema["properties"]["group"]["const"] == "department"

    def test_indicator_types(self, ruleset):
        """Each indicator has its type and range."""
        values = submission_schema(ruleset, "department")["properties"]["values"]["properties"]
        assert {k: v for k, v in values["staff_computer_share"].items() if k not in ("title", "description")} == {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
        }
        assert (values["steering_meetings"]["type"], values["steering_meetings"]["minimum"]) == ("integer", 0)
        assert values["bandwidth_per_staff"]["minimum"] == 0 and "maximum" not in values["bandwidth_per_staff"]
        assert values["special_network"]["type"] == "boolean"

    def test_choice_has_enum_and_labels(self, ruleset):
        """A choice lists its options and their labels."""
        degree = submission_schema(ruleset, "department")["properties"]["values"]["properties"]["it_officer_degree"]
        assert degree["enum"] == ["university", "college", "vocational", "none"]
        assert degree["oneOf"][0] == {"const": "university", "title": "Đại học", "description": "University"}

    def test_labels_in_the_language_asked_for(self, ruleset):
        """Titles are in lang; the description has the other language, the unit and the criteria using it."""
        vi = submission_schema(ruleset, "department")["properties"]["values"]["properties"]["bandwidth_per_staff"]
        en = submission_schema(ruleset, "department", lang="en")["properties"]["values"]["properties"]["bandwidth_per_staff"]
        assert vi["title"] == "Băng thông trên mỗi cán bộ"
        assert en["title"] == "Bandwidth per staff member"
        assert en["description"] == "Băng thông trên mỗi cán bộ · unit: Mbps · used by 1.2"

    def test_only_the_groups_indicators(self, ruleset):
        """Departments have no digital-society section, so its indicators are not asked for."""
        department = submission_schema(ruleset, "department")["properties"]["values"]["properties"]
        commune = submission_schema(ruleset, "commune")["properties"]["values"]["properties"]
        assert "ewallet_household_share" not in department
        assert set(commune) - set(department) == {"ewallet_household_share", "community_tech_teams"}

    def test_required_values(self, ruleset):
        """Values the error policy needs for unclaimable criteria are required; not 1.3 (info), 3.1 (excludable), bonuses (zero)."""
        values = submission_schema(ruleset, "department")["properties"]["values"]
        assert values["required"] == [
            "staff_computer_share",
            "bandwidth_per_staff",
            "steering_meetings",
            "docs_signed",
            "docs_total",
            "units_connected_share",
            "wan_applications",
            "it_officer_degree",
            "special_network",
        ]

    def test_samples_validate(self, ruleset, document):
        """Every sample agency's entry validates against its group's schema (values per source allowed)."""
        for entry in document["agencies"]:
            assert _valid(submission_schema(ruleset, entry["group"], sources=True), entry) == []

    def test_values_per_source_only_when_asked(self, ruleset, document):
        """By default a value is the agency's own figure, not a table of sources."""
        entry = _agency(document, "so-tai-chinh")
        assert _valid(submission_schema(ruleset, "department"), entry) != []
        entry["values"]["online_dossier_share"] = 0.8
        assert _valid(submission_schema(ruleset, "department"), entry) == []

    def test_excludable_needs_value_or_claim(self, ruleset, document):
        """3.1's value may be left out only when the agency claims 3.1 with a document."""
        schema = submission_schema(ruleset, "department")
        entry = _agency(document, "dai-phat-thanh")
        assert _valid(schema, entry) == []
        del entry["claims"]
        assert _valid(schema, entry) != []
        entry["claims"] = {"3.1": ""}
        assert _valid(schema, entry) != []
        entry["claims"] = {}
        entry["values"]["online_dossier_share"] = 0.4
        assert _valid(schema, entry) == []

    def test_claims_only_on_excludable_criteria(self, ruleset):
        """Only excludable criteria may be claimed."""
        claims = submission_schema(ruleset, "department")["properties"]["claims"]
        assert list(claims["properties"]) == ["3.1"]
        assert claims["additionalProperties"] is False

    def test_best_of_needs_one_alternative(self, ruleset, document):
        """4.1 takes the best of two alternatives: either value will do, neither will not."""
        schema = submission_schema(ruleset, "commune")
        entry = _agency(document, "xa-hoa-phong")
        del entry["values"]["ewallet_household_share"]
        assert _valid(schema, entry) == []
        del entry["values"]["community_tech_teams"]
        assert _valid(schema, entry) != []

    def test_agrees_with_the_reader_on_bad_values(self, ruleset, document):
        """A ratio of 1.3, a negative count, 'yes' for a number and an unknown indicator fail both the schema and scoring."""
        schema = submission_schema(ruleset, "department")
        for key, bad in (("staff_computer_share", 1.3), ("steering_meetings", -1), ("bandwidth_per_staff", "yes"), ("nope", 1)):
            entry = _agency(document, "so-noi-vu")
            entry["values"][key] = bad
            assert _valid(schema, entry) != []
            result = score_json(ruleset, {"agencies": [entry]})
            assert "error" in result

    def test_unknown_group(self, ruleset):
        """An unknown group raises KeyError."""
        with pytest.raises(KeyError):
            submission_schema(ruleset, "ward")

    def test_unknown_language(self, ruleset):
        """Only vi and en are known."""
        with pytest.raises(ValueError, match="lang must be 'vi' or 'en', got 'fr'"):
            submission_schema(ruleset, "department", lang="fr")


class TestScoreJson:
    """JSON in, JSON out."""

    def test_text_and_mapping_give_the_assessment(self, ruleset):
        """JSON text, bytes or a parsed document give the same document as scoring directly."""
        text = SAMPLE.read_text(encoding="utf-8")
        expected = assessment_to_dict(score(ruleset, read_submissions("example-2024", ruleset)))
        name = "example-2024.json"
        assert score_json(ruleset, text, source=name) == expected
        assert score_json(ruleset, text.encode("utf-8"), source=name) == expected
        assert score_json(ruleset, json.loads(text), source=name) == expected

    def test_references_cite_the_source(self, ruleset, document):
        """Input references cite the payload's name."""
        result = score_json(ruleset, document, source="upload-7.json")
        assert result["agencies"][0]["criteria"][0]["inputs"][0]["reference"] == "upload-7.json:so-noi-vu"

    def test_output_validates(self, ruleset, document):
        """The output validates against the assessment schema."""
        assert _valid(assessment_schema(), score_json(ruleset, document)) == []

    def test_not_json(self, ruleset):
        """Text that is not JSON gives a DataError document with line and column."""
        result = score_json(ruleset, '{"agencies": [}', lang="en")
        assert result["error"]["type"] == "DataError"
        problem = result["error"]["problems"][0]
        assert (problem["message"], problem["line"], problem["column"]) == ("invalid JSON: Expecting value", 1, 15)
        vi = score_json(ruleset, '{"agencies": [}')["error"]  # Vietnamese by default; the title is the one problem, with its place
        assert (vi["message"], vi["problems"][0]["message"]) == ("<payload>:1:15: JSON không hợp lệ: Expecting value", "JSON không hợp lệ: Expecting value")
        assert (vi["problems"][0]["code"], vi["problems"][0]["params"]) == ("data.json.invalid", {"detail": "Expecting value"})

    def test_wrong_shape(self, ruleset):
        """A JSON array, a number or a Python object of the wrong type give a DataError document."""
        for payload in ("[1, 2]", 42, None):
            result = score_json(ruleset, payload)
            assert result["error"]["type"] == "DataError"

    def test_bad_bytes(self, ruleset):
        """Bytes that are not UTF-8 give a DataError document."""
        result = score_json(ruleset, b"\xff\xfe{")
        assert result["error"]["type"] == "DataError"

    def test_deep_nesting(self, ruleset):
        """Absurdly deep JSON gives an error document, not a RecursionError."""
        result = score_json(ruleset, "[" * 100_000)
        assert result["error"]["type"] == "DataError"

    def test_problems_name_agency_and_indicator(self, ruleset, document):
        """An out-of-range value is reported with its agency and indicator."""
        entry = _agency(document, "so-noi-vu")
        entry["values"]["staff_computer_share"] = 1.3
        problems = score_json(ruleset, {"agencies": [entry]})["error"]["problems"]
        assert [(p["agency"], p["indicator"]) for p in problems] == [("so-noi-vu", "staff_computer_share")]

    def test_unknown_group_is_an_error_document(self, ruleset, document):
        """An agency of a group the ruleset lacks is refused."""
        entry = _agency(document, "so-noi-vu")
        entry["group"] = "ward"
        result = score_json(ruleset, {"agencies": [entry]})
        assert result["error"]["problems"][0]["agency"] == "so-noi-vu"

    def test_error_documents_validate(self, ruleset, document):
        """Every error document validates against the shipped error schema."""
        schema = _error_schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        entry = _agency(document, "so-noi-vu")
        del entry["values"]["staff_computer_share"]
        for payload in ("{", "[]", 7, {"agencies": [entry]}, {"agencies": [{"id": "x", "group": "department", "values": {"nope": 1}}]}):
            result = score_json(ruleset, payload)
            assert _valid(schema, result) == [], payload

    def test_error_to_dict(self):
        """An error's problems are carried field by field."""
        from indicator_index.errors import Problem, ScoringError

        error = ScoringError([Problem(message="bad", agency="a", indicator="i", path="$.x")], title="nope")
        assert error_to_dict(error)["error"] == {
            "type": "ScoringError",
            "message": "nope",
            "problems": [
                {
                    "message": "bad",
                    "code": None,
                    "params": {},
                    "file": None,
                    "line": None,
                    "column": None,
                    "path": "$.x",
                    "criterion": None,
                    "agency": "a",
                    "indicator": "i",
                }
            ],
        }


class TestErrorLanguage:
    """The error document in Vietnamese (the default) or English, with each problem's catalogue code and parameters."""

    @pytest.fixture
    def bad_entry(self, document: dict) -> dict:
        """Sở Nội vụ with a share of 1.3 and -2 steering meetings."""
        entry = _agency(document, "so-noi-vu")
        entry["values"]["staff_computer_share"] = 1.3
        entry["values"]["steering_meetings"] = -2
        return entry

    def test_data_error_in_vietnamese_by_default(self, ruleset, bad_entry):
        """A payload that does not fit the ruleset: title and problems in Vietnamese, codes and parameters beside them."""
        result = score_json(ruleset, {"agencies": [bad_entry]}, source="upload.json")
        assert result["lang"] == "vi"
        assert result["error"]["type"] == "DataError"
        assert result["error"]["message"] == "upload.json: không đọc được số liệu của các đơn vị"
        assert [(p["message"], p["code"], p["params"], p["indicator"]) for p in result["error"]["problems"]] == [
            ("tỷ lệ phải nằm trong [0, 1], nhận được 1.3", "scoring.value.ratio", {"value": "1.3"}, "staff_computer_share"),
            ("số đếm không được âm, nhận được -2", "scoring.value.count_negative", {"value": "-2"}, "steering_meetings"),
        ]
        assert score_json(ruleset, {"agencies": [bad_entry]}, source="upload.json", lang="vi") == result

    def test_data_error_in_english(self, ruleset, bad_entry):
        """The same document in English: only the messages and ``lang`` differ."""
        vi = score_json(ruleset, {"agencies": [bad_entry]}, source="upload.json")
        en = score_json(ruleset, {"agencies": [bad_entry]}, source="upload.json", lang="en")
        assert en["lang"] == "en"
        assert en["error"]["message"] == "upload.json: cannot read agency data"
        assert [p["message"] for p in en["error"]["problems"]] == [
            "a ratio must be within [0, 1], got 1.3",
            "a count must not be negative, got -2",
        ]
        plain = [{k: v for k, v in p.items() if k != "message"} for p in en["error"]["problems"]]
        assert plain == [{k: v for k, v in p.items() if k != "message"} for p in vi["error"]["problems"]]
        assert {k: v for k, v in en.items() if k not in ("lang", "error")} == {k: v for k, v in vi.items() if k not in ("lang", "error")}

    def test_ruleset_error_in_both_languages(self):
        """A ruleset that failed to load: its title and problems, a parameter that is itself a message rendered in the language."""
        from indicator_index._loading import parse_ruleset
        from indicator_index.errors import RulesetValidationError

        with pytest.raises(RulesetValidationError) as info:
            parse_ruleset('schema_version = 1\nid = "x"\nversion = 1\n[[criteria]]\nid = "c"\nmax_points = "a"\n', source="up.toml")
        vi, en = error_to_dict(info.value), error_to_dict(info.value, lang="en")
        assert (vi["lang"], en["lang"]) == ("vi", "en")
        assert vi["error"]["type"] == en["error"]["type"] == "RulesetValidationError"
        assert vi["error"]["message"] == "up.toml: bộ tiêu chí không hợp lệ"
        assert en["error"]["message"] == "up.toml: ruleset is invalid"
        by_path = {lang: {p["path"]: p for p in doc["error"]["problems"]} for lang, doc in (("vi", vi), ("en", en))}
        version = {lang: by_path[lang]["$.version"] for lang in ("vi", "en")}
        assert (version["vi"]["message"], version["vi"]["params"]) == ("cần một chuỗi, nhận được số nguyên 1", {"got": "số nguyên 1"})
        assert (version["en"]["message"], version["en"]["params"]) == ("expected a string, got integer 1", {"got": "integer 1"})
        assert version["vi"]["code"] == version["en"]["code"] == "schema.expected_string"
        assert (version["vi"]["file"], version["vi"]["line"]) == ("up.toml", 3)
        section = {lang: by_path[lang]["$.criteria[0].section"] for lang in ("vi", "en")}
        assert section["vi"]["message"] == "thiếu khóa bắt buộc 'section'"
        assert section["en"]["message"] == "required key 'section' is missing"
        assert section["vi"]["code"] == "schema.required_key"
        assert section["vi"]["params"] == section["en"]["params"] == {"key": "section"}
        assert section["vi"]["criterion"] == "c"
        schema = _error_schema()
        assert _valid(schema, vi) == [] and _valid(schema, en) == []

    def test_parameters_are_json_ready(self):
        """Counts are numbers (grouped only in the message), decimals their exact text; the document encodes as JSON."""
        from decimal import Decimal

        from indicator_index._messages import Count, Message
        from indicator_index.errors import DataError, Problem

        error = DataError(
            [
                Problem(message=Message("portal.too_large", size=Count(1_234_567), limit=Count(100)), file="up.json"),
                Problem(message=Message("scoring.value.min", bound=Decimal("1E+2"), value="-1"), agency="a", indicator="i"),
            ],
            title="t",
        )
        vi, en = error_to_dict(error), error_to_dict(error, lang="en")
        assert [(p["message"], p["params"]) for p in vi["error"]["problems"]] == [
            ("dữ liệu gửi lên có 1.234.567 byte; một tài liệu số liệu chỉ được tối đa 100 byte", {"size": 1234567, "limit": 100}),
            ("phải >= 100, nhận được -1", {"bound": "100", "value": "-1"}),
        ]
        assert [p["message"] for p in en["error"]["problems"]] == [
            "the payload is 1,234,567 bytes; a data document may be at most 100",
            "must be >= 100, got -1",
        ]
        assert vi["error"]["message"] == en["error"]["message"] == "t"  # a plain-text title is given as it is
        assert json.loads(json.dumps(vi, ensure_ascii=False)) == vi

    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_parameters_quoting_a_lone_surrogate_encode(self, ruleset, lang):
        """A parameter quoting the payload is escaped as the message escapes it, so the document encodes as UTF-8."""
        result = score_json(ruleset, '{"agencies": [{"id": "a", "group": "\\ud800"}]}', lang=lang)
        (problem,) = result["error"]["problems"]
        assert (problem["code"], problem["params"]["name"]) == ("data.lookup.unknown_group", "\\ud800")
        assert "'\\ud800'" in problem["message"]
        json.dumps(result, ensure_ascii=False).encode("utf-8")

    @pytest.mark.parametrize(
        ("count", "vi", "en"),
        [
            (201, "t: 201 lỗi (liệt kê 200 lỗi đầu, còn 1 lỗi khác)", "t: 201 problems (200 listed, and 1 more)"),
            (10_000, "t: 10.000 lỗi (liệt kê 200 lỗi đầu, còn 9.800 lỗi khác)", "t: 10,000 problems (200 listed, and 9,800 more)"),
        ],
    )
    def test_more_than_200_problems(self, count, vi, en):
        """The count of the problems not listed is in the language, its thousands grouped the language's way."""
        from indicator_index.errors import Problem, ScoringError

        error = ScoringError([Problem(message=f"problem {i}") for i in range(count)], title="t")
        for lang, expected in (("vi", vi), ("en", en)):
            document = error_to_dict(error, lang=lang)
            assert document["error"]["message"] == expected
            assert len(document["error"]["problems"]) == 200
            assert document["error"]["problems"][0] == {
                "message": "problem 0",
                "code": None,
                "params": {},
                "file": None,
                "line": None,
                "column": None,
                "path": None,
                "criterion": None,
                "agency": None,
                "indicator": None,
            }
            assert _valid(_error_schema(), document) == []

    def test_200_problems_have_no_count(self):
        """Exactly 200 problems are all listed, the title alone."""
        from indicator_index.errors import Problem, ScoringError

        error = ScoringError([Problem(message=f"problem {i}") for i in range(200)], title="t")
        assert error_to_dict(error)["error"]["message"] == error_to_dict(error, lang="en")["error"]["message"] == "t"

    @pytest.mark.parametrize("lang", ["fr", "VI", "", "vi-VN"])
    def test_unknown_language_refused(self, ruleset, document, lang):
        """Only vi and en: error_to_dict and score_json raise ValueError with the catalogue's message, whatever the payload."""
        from indicator_index.errors import Problem, ScoringError

        expected = f"lang must be 'vi' or 'en', got {lang!r}"
        with pytest.raises(ValueError, match="^" + re.escape(expected) + "$"):
            error_to_dict(ScoringError([Problem(message="bad")]), lang=lang)
        for payload in ("{", document):
            with pytest.raises(ValueError, match="^" + re.escape(expected) + "$"):
                score_json(ruleset, payload, lang=lang)

    def test_score_document_is_the_same_in_either_language(self, ruleset, document):
        """A payload that scores gives the same assessment document whatever the language."""
        assert score_json(ruleset, document, lang="en") == score_json(ruleset, document) == score_json(ruleset, document, lang="vi")


def _variant(document: dict, n: int) -> dict:
    """The sample with Sở Nội vụ's share of staff with a computer set to n/10."""
    doc = copy.deepcopy(document)
    doc["agencies"][0]["values"]["staff_computer_share"] = n / 10
    return doc


class TestSharedAcrossThreads:
    """One loaded ruleset serves many threads at once."""

    def test_score_json_in_threads_matches_one_thread(self, ruleset, document):
        """200 concurrent requests, in 5 variants, each get the same document as in one thread."""
        payloads = [_variant(document, n) for n in range(5, 10)]
        expected = [score_json(ruleset, p) for p in payloads]

        def request(i: int) -> tuple[int, dict]:
            # A request thread may have changed its own decimal context: the results must not depend on it.
            ctx = decimal.getcontext()
            ctx.prec, ctx.rounding = 3 + i % 5, decimal.ROUND_DOWN
            return i % 5, score_json(ruleset, json.dumps(payloads[i % 5]))

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(request, range(200)))
        assert all(result == expected[k] for k, result in results)
        assert len({json.dumps(e, sort_keys=True) for e in expected}) == 5

    def test_score_in_threads_matches_one_thread(self, ruleset):
        """Scoring the same submissions in many threads gives equal assessments."""
        submissions = read_submissions("example-2024", ruleset)
        expected = score(ruleset, submissions)
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda _: score(ruleset, submissions), range(100)))
        assert all(r == expected for r in results)
        assert ruleset.digest == load_ruleset("example-2024").digest
