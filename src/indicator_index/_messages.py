"""
What the engine says about a score, as codes with parameters.

A reason (``CriterionResult.reason``), a note (``Score.notes``) or a problem
(``Problem.message``) the engine makes is a :class:`Message`: a ``str`` whose
text is the English sentence (so everything that prints, compares or stores it
as text sees what it always saw) and which also carries a ``code`` and its
``params``, from which :meth:`Message.render` gives the same message in another
language. The catalogue of codes is :data:`CATALOGUE`, one entry per code with
its English and Vietnamese template.

The catalogue also holds every text the command line shows a person (help,
status lines, usage errors, report labels of the analysis commands, test-case
failures): :func:`text` renders one of them in a language.

What is wrong with a ruleset, an amendment, a mapping or a case file (and the
words of an error's frame: its title, the count, whom a problem is about) is
catalogued in :mod:`indicator_index._catalogue_errors` and merged here; the
helpers at the end of this module (:func:`got`, :func:`did_you_mean`,
:func:`either`, :func:`toml_detail`, :class:`Count`) build the pieces those
messages share, so that every word of them follows the language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from indicator_index._text import show


__all__ = ["CATALOGUE", "Count", "Message", "text", "texts"]

# code -> language -> template. Parameters are named; a Decimal parameter is shown in plain notation.
# These entries, then those of the catalogue modules, merged in when a code not among these is first
# asked for (:func:`_catalogue`): a command that needs none of them (``validate``) never imports them.
_TEMPLATES: dict[str, Mapping[str, str]] = {
    "excluded_on_evidence": {
        "en": "outside the agency's function (evidence: {evidence})",
        "vi": "ngoài chức năng, nhiệm vụ của đơn vị (minh chứng: {evidence})",
    },
    "claim_refused": {
        "en": "claim that it is outside the agency's function refused: no evidence given",
        "vi": "không chấp nhận đề nghị loại trừ (ngoài chức năng, nhiệm vụ): không có minh chứng",
    },
    "claim_refused_for": {
        "en": "claim that {criterion!r} is outside the agency's function refused: no evidence given",
        "vi": "không chấp nhận đề nghị loại trừ tiêu chí {criterion!r} (ngoài chức năng, nhiệm vụ): không có minh chứng",
    },
    "info_listed": {
        "en": "listed, not scored",
        "vi": "chỉ liệt kê, không chấm điểm",
    },
    "missing_scored_zero": {
        "en": "no value for {names}: scored 0 by the missing-data policy",
        "vi": "không có số liệu {names}: tính 0 điểm theo quy định về thiếu số liệu",
    },
    "missing_left_out": {
        "en": "no value for {names}: left out of the total by the missing-data policy",
        "vi": "không có số liệu {names}: không tính vào điểm tối đa theo quy định về thiếu số liệu",
    },
    "not_applicable_zero_denominator": {
        "en": "{denominator} is 0, which the rule declares not applicable",
        "vi": "{denominator} bằng 0: tiêu chí không áp dụng theo quy tắc tính điểm",
    },
    "bonus_capped": {
        "en": "bonus {raw} capped at {cap}",
        "vi": "điểm thưởng {raw} được tính tối đa {cap}",
    },
    "penalty_capped": {
        "en": "penalty {raw} capped at {cap}",
        "vi": "điểm trừ {raw} được tính tối đa {cap}",
    },
    "not_scorable": {
        "en": "not scorable: no criterion counts for this agency",
        "vi": "không chấm được: không có tiêu chí nào được tính cho đơn vị",
    },
    "total_clamped_to_scale": {
        "en": "total clamped to the scale ({scale})",
        "vi": "tổng điểm giới hạn ở thang điểm ({scale})",
    },
    "total_clamped_to_zero": {
        "en": "total clamped to 0",
        "vi": "tổng điểm giới hạn ở mức 0",
    },
    "no_value": {
        "en": "no value for {names}",
        "vi": "không có số liệu {names}",
    },
    "no_value_claim_refused": {
        "en": "no value for {names} (claim that it is outside the agency's function refused: no evidence given)",
        "vi": "không có số liệu {names} (không chấp nhận đề nghị loại trừ: không có minh chứng)",
    },
    # --- what the command line says (indicator_index._cli, ._cli_analysis, ._cases) ----------------------------
    # --- argparse's own words (usage, section titles, usage errors) ---------------------
    "argparse.usage": {"en": "usage: ", "vi": "cách dùng: "},
    "argparse.positionals": {"en": "positional arguments", "vi": "tham số"},
    "argparse.options": {"en": "options", "vi": "tùy chọn"},
    "argparse.help": {"en": "show this help message and exit", "vi": "hiện trợ giúp này rồi thoát"},
    "argparse.version": {"en": "show program's version number and exit", "vi": "hiện số phiên bản của chương trình rồi thoát"},
    "argparse.error": {"en": "{prog}: error: {message}", "vi": "{prog}: lỗi: {message}"},
    "argparse.argument": {"en": "argument {argument}: {message}", "vi": "tham số {argument}: {message}"},
    "argparse.unrecognized": {"en": "unrecognized arguments: {args}", "vi": "không nhận ra tham số: {args}"},
    "argparse.required": {"en": "the following arguments are required: {args}", "vi": "thiếu tham số bắt buộc: {args}"},
    "argparse.one_required": {"en": "one of the arguments {args} is required", "vi": "cần một trong các tham số {args}"},
    "argparse.invalid_choice": {
        "en": "invalid choice: {value} (choose from {choices})",
        "vi": "lựa chọn không hợp lệ: {value} (chọn một trong: {choices})",
    },
    "argparse.invalid_value": {"en": "invalid {type} value: {value}", "vi": "giá trị {type} không hợp lệ: {value}"},
    "argparse.expected_one": {"en": "expected one argument", "vi": "cần đúng một giá trị"},
    "argparse.expected_at_most_one": {"en": "expected at most one argument", "vi": "cần nhiều nhất một giá trị"},
    "argparse.expected_at_least_one": {"en": "expected at least one argument", "vi": "cần ít nhất một giá trị"},
    "argparse.expected_n": {"en": "expected {count} arguments", "vi": "cần {count} giá trị"},
    "argparse.ambiguous": {"en": "ambiguous option: {option} could match {matches}", "vi": "tùy chọn không rõ ràng: {option} có thể là {matches}"},
    "argparse.not_allowed_with": {"en": "not allowed with argument {other}", "vi": "không dùng được cùng tham số {other}"},
    "argparse.ignored_explicit": {"en": "ignored explicit argument {value}", "vi": "tùy chọn này không nhận giá trị: {value}"},
    # --- the command line: program, commands and options --------------------------------------
    "cli.description": {
        "en": "Score agencies against indicator rulesets defined in TOML.",
        "vi": "Chấm điểm các đơn vị theo bộ tiêu chí khai báo bằng TOML.",
    },
    "cli.epilog": {
        "en": "A RULESET is a TOML file or a bundled ruleset name; DATA is a data file or a bundled sample name. "
        "Exit status: 0 ok, 1 invalid ruleset or data, 2 usage error.",
        "vi": "RULESET là tệp TOML hoặc tên một bộ tiêu chí có sẵn; DATA là tệp số liệu hoặc tên một bộ số liệu mẫu có sẵn. "
        "Mã thoát: 0 thành công, 1 bộ tiêu chí hoặc số liệu không hợp lệ, 2 lệnh sai cú pháp.",
    },
    "cli.opt.lang": {"en": "language of labels and reports (default: vi)", "vi": "ngôn ngữ của nhãn và báo cáo (mặc định: vi)"},
    "cli.opt.ruleset": {"en": "a ruleset file or bundled name", "vi": "tệp bộ tiêu chí hoặc tên bộ có sẵn"},
    "cli.opt.data": {"en": "a data file or bundled sample name", "vi": "tệp số liệu hoặc tên bộ số liệu mẫu có sẵn"},
    "cli.opt.data_formats": {
        "en": "a data file (JSON, CSV, XLSX) or bundled sample name",
        "vi": "tệp số liệu (JSON, CSV, XLSX) hoặc tên bộ số liệu mẫu có sẵn",
    },
    "cli.opt.agency": {"en": "the agency's id (or its exact name)", "vi": "mã của đơn vị (hoặc đúng tên đơn vị)"},
    "cli.opt.sheet": {
        "en": "read only this sheet of an XLSX workbook (default: every data sheet)",
        "vi": "chỉ đọc trang tính này của tệp XLSX (mặc định: mọi trang có số liệu)",
    },
    "cli.opt.output": {"en": "write to FILE instead of stdout", "vi": "ghi vào FILE thay vì in ra màn hình"},
    "cli.opt.format_table": {"en": "output format (default: table)", "vi": "định dạng đầu ra (mặc định: table)"},
    "cli.opt.group": {"en": "the agency group's id", "vi": "mã nhóm đơn vị"},
    "cli.validate.help": {"en": "check rulesets", "vi": "kiểm tra bộ tiêu chí"},
    "cli.validate.description": {
        "en": "Load and check each ruleset; print a summary or every problem found.",
        "vi": "Nạp và kiểm tra từng bộ tiêu chí; in tóm tắt hoặc mọi lỗi tìm thấy.",
    },
    "cli.score.help": {"en": "score agency data and print or write the ranking", "vi": "chấm điểm số liệu các đơn vị, in hoặc ghi bảng xếp hạng"},
    "cli.score.description": {
        "en": "Score DATA under RULESET and print the ranking per group, or write a report.",
        "vi": "Chấm điểm DATA theo RULESET và in bảng xếp hạng theo nhóm, hoặc ghi báo cáo.",
    },
    "cli.score.format": {
        "en": "output format (default: implied by --output's suffix, else table)",
        "vi": "định dạng đầu ra (mặc định: theo đuôi tệp của --output, nếu không thì table)",
    },
    "cli.score.previous": {
        "en": "the previous round: an assessment JSON (score --format json) or OLD_RULESET OLD_DATA; "
        "HTML, XLSX and Markdown reports show the change of total, band and rank",
        "vi": "đợt trước: tệp JSON kết quả (score --format json) hoặc OLD_RULESET OLD_DATA; báo cáo HTML, XLSX, Markdown thêm thay đổi điểm, xếp loại, hạng",
    },
    "cli.score.publication": {
        "en": "a JSON file with a publication key: the published size and band counts of each ranking cohort",
        "vi": "tệp JSON có khóa publication: số đơn vị và phân bố xếp loại đã công bố của từng nhóm xếp hạng",
    },
    "cli.explain.publication": {
        "en": "a JSON file with a publication key: for part of a published cohort, the agency's published rank is shown, not its place in DATA",
        "vi": "tệp JSON có khóa publication: với một phần nhóm đã công bố, hiển thị hạng đã công bố của đơn vị, không phải thứ tự trong DATA",
    },
    "cli.explain.help": {"en": "show how one agency's points were computed", "vi": "cho biết điểm của một đơn vị được tính thế nào"},
    "cli.explain.description": {
        "en": "Score DATA under RULESET and show AGENCY's trace: every criterion, its inputs and rule.",
        "vi": "Chấm điểm DATA theo RULESET và trình bày cách tính của AGENCY: từng tiêu chí, số liệu đầu vào và quy tắc.",
    },
    "cli.template.help": {"en": "write a data-collection template for one agency group", "vi": "ghi biểu mẫu thu thập số liệu cho một nhóm đơn vị"},
    "cli.template.description": {
        "en": "Write an XLSX or CSV template to collect GROUP's figures under RULESET.",
        "vi": "Ghi biểu mẫu XLSX hoặc CSV để thu thập số liệu của nhóm GROUP theo RULESET.",
    },
    "cli.template.format": {
        "en": "template format (default: implied by --output's suffix, else xlsx)",
        "vi": "định dạng biểu mẫu (mặc định: theo đuôi tệp của --output, nếu không thì xlsx)",
    },
    "cli.template.output": {
        "en": "the file to write (default: RULESET-GROUP.xlsx in the current directory)",
        "vi": "tệp cần ghi (mặc định: RULESET-GROUP.xlsx trong thư mục hiện hành)",
    },
    "cli.template.sources": {
        "en": "value and evidence columns per source, e.g. agency,verification (alone: every source of the ruleset)",
        "vi": "cột giá trị và minh chứng theo từng nguồn, ví dụ agency,verification (không kèm giá trị: mọi nguồn của bộ tiêu chí)",
    },
    "cli.template.agencies": {
        "en": "fill in the ids and names of GROUP's agencies from an earlier data file",
        "vi": "điền sẵn mã và tên các đơn vị của nhóm GROUP từ một tệp số liệu trước đó",
    },
    "cli.template.per_parent": {
        "en": "XLSX: one sheet per parent agency (e.g. per district), parents from --agencies",
        "vi": "XLSX: mỗi đơn vị cấp trên (ví dụ mỗi quận, huyện) một trang tính, lấy đơn vị cấp trên từ --agencies",
    },
    "cli.schema.help": {"en": "print the JSON Schema of one agency's submission", "vi": "in JSON Schema của số liệu một đơn vị nộp"},
    "cli.schema.description": {
        "en": "Print the JSON Schema (draft 2020-12) of one GROUP agency's submission, for portal forms.",
        "vi": "In JSON Schema (draft 2020-12) của số liệu một đơn vị thuộc nhóm GROUP nộp, dùng cho biểu mẫu trên cổng thông tin.",
    },
    "cli.schema.sources": {"en": "also allow values given per source", "vi": "cho phép cả giá trị khai theo từng nguồn"},
    # --- the command line: what it reports ------------------------------------------------
    "cli.valid_ruleset": {
        "en": "{name}: valid — {id} {version}, {criteria} criteria, {bonuses} bonuses, {penalties} penalties, groups: {groups}; sha256 {digest}",
        "vi": "{name}: hợp lệ — {id} {version}, {criteria} tiêu chí, {bonuses} điểm thưởng, {penalties} điểm trừ, nhóm: {groups}; sha256 {digest}",
    },
    "cli.valid_cases": {
        "en": "{name}: valid case file — {cases} cases for {ruleset}; run them with: indicator-index test {name}",
        "vi": "{name}: tệp trường hợp kiểm thử hợp lệ — {cases} trường hợp cho {ruleset}; chạy bằng lệnh: indicator-index test {name}",
    },
    "cli.unnamed_ruleset": {"en": "an unnamed ruleset", "vi": "một bộ tiêu chí không nêu tên"},
    "cli.wrote": {"en": "wrote {path}", "vi": "đã ghi {path}"},
    "cli.wrote_format": {"en": "wrote {path} ({format})", "vi": "đã ghi {path} ({format})"},
    "cli.wrote_report": {"en": "wrote {path} ({format}, {agencies} agencies)", "vi": "đã ghi {path} ({format}, {agencies} đơn vị)"},
    "cli.wrote_template": {
        "en": "wrote {path} ({format} template for group {group!r}{filled})",
        "vi": "đã ghi {path} (biểu mẫu {format} cho nhóm {group!r}{filled})",
    },
    "cli.filled_in": {"en": ", {agencies} agencies filled in", "vi": ", đã điền sẵn {agencies} đơn vị"},
    "cli.cannot_write": {"en": "cannot write {path}: {reason}", "vi": "không ghi được {path}: {reason}"},
    "cli.cannot_encode": {
        "en": "cannot write {path}: the output contains {char}, which UTF-8 cannot encode; nothing was written",
        "vi": "không ghi được {path}: đầu ra có ký tự {char} mà UTF-8 không mã hóa được; chưa ghi gì",
    },
    "cli.unwritable_suffix": {
        "en": "cannot write {name!r}: {command} writes {suffixes} or {last} files (or give --format); "
        "for a PDF, write the HTML report ({html}), open it in a browser and print it: it is laid out for A4",
        "vi": "không ghi được {name!r}: lệnh {command} ghi tệp {suffixes} hoặc {last} (hoặc chỉ rõ --format); "
        "muốn có PDF, hãy ghi báo cáo HTML ({html}), mở bằng trình duyệt rồi in: báo cáo được dàn trang khổ A4",
    },
    "cli.xlsx_needs_output": {
        "en": "--format xlsx writes a workbook: give --output FILE.xlsx",
        "vi": "--format xlsx ghi ra một tệp Excel: hãy chỉ rõ --output FILE.xlsx",
    },
    "cli.did_you_mean": {"en": " (did you mean {name!r}?)", "vi": " (có phải là {name!r}?)"},
    "cli.in_all": {"en": "{shown}, … ({count} in all)", "vi": "{shown}, … (tất cả {count})"},
    "cli.several_agencies": {
        "en": "{wanted!r} names several agencies in {data}: {matches}; give the id",
        "vi": "{wanted!r} khớp với nhiều đơn vị trong {data}: {matches}; hãy dùng mã đơn vị",
    },
    "cli.no_agency": {
        "en": "no agency {wanted!r} in {data}{suggestion}; agencies: {agencies}",
        "vi": "không có đơn vị {wanted!r} trong {data}{suggestion}; các đơn vị: {agencies}",
    },
    "cli.no_agency_in_data": {
        "en": "no agency {wanted!r} in the data; agencies: {agencies}",
        "vi": "không có đơn vị {wanted!r} trong số liệu; các đơn vị: {agencies}",
    },
    "cli.no_group": {
        "en": "ruleset {ruleset!r} has no agency group {wanted!r}{suggestion}; groups: {groups}",
        "vi": "bộ tiêu chí {ruleset!r} không có nhóm đơn vị {wanted!r}{suggestion}; các nhóm: {groups}",
    },
    "cli.no_band": {
        "en": "ruleset {ruleset!r} has no band {wanted!r}; bands: {bands}",
        "vi": "bộ tiêu chí {ruleset!r} không có mức xếp loại {wanted!r}; các mức: {bands}",
    },
    "cli.unknown_command": {"en": "unknown command {command!r}", "vi": "không có lệnh {command!r}"},
    "cli.interrupted": {"en": "interrupted", "vi": "đã dừng giữa chừng"},
    "cli.percent_expected": {
        "en": "expected a percentage within [0, 100], got {value!r}",
        "vi": "cần một tỷ lệ phần trăm trong khoảng [0, 100], nhận được {value!r}",
    },
    "cli.count_expected": {"en": "expected a whole number >= 0, got {value!r}", "vi": "cần một số nguyên >= 0, nhận được {value!r}"},
    "cli.needs_mapping": {
        "en": "ruleset {after!r} lacks {missing} of {before!r}: give --mapping FILE pairing their ids "
        "(a mapping from {before} to {after}; see docs/explain.md); bundled mappings: {shipped}",
        "vi": "bộ tiêu chí {after!r} thiếu {missing} của {before!r}: hãy chỉ rõ --mapping FILE ghép các mã tương ứng "
        "(một tệp ánh xạ từ {before} sang {after}; xem docs/explain.md); các tệp ánh xạ có sẵn: {shipped}",
    },
    "cli.missing.groups": {"en": "groups", "vi": "nhóm"},
    "cli.missing.indicators": {"en": "indicators", "vi": "chỉ tiêu"},
    "cli.missing.and": {"en": "{first} and {second}", "vi": "{first} và {second}"},
    "cli.none": {"en": "none", "vi": "không có"},
    "cli.cases_name_no_ruleset": {
        "en": "{cases} names no ruleset and no ruleset file lies beside it; give one: indicator-index test RULESET {cases}",
        "vi": "{cases} không nêu bộ tiêu chí và bên cạnh không có tệp bộ tiêu chí nào; hãy chỉ rõ: indicator-index test RULESET {cases}",
    },
    "cli.no_case_file": {
        "en": "no case file {path} (a ruleset's cases are in <ruleset>.cases.toml beside it)",
        "vi": "không có tệp trường hợp kiểm thử {path} (các trường hợp của một bộ tiêu chí nằm trong <ruleset>.cases.toml bên cạnh nó)",
    },
    # --- progress on a terminal ---------------------------------------------------------
    "progress.scoring": {"en": "scoring {agencies} agencies", "vi": "đang chấm điểm {agencies} đơn vị"},
    "progress.impact": {"en": "scoring {agencies} agencies under two rulesets", "vi": "đang chấm điểm {agencies} đơn vị theo hai bộ tiêu chí"},
    "progress.robustness": {"en": "re-ranking: scenario {done}/{total}", "vi": "đang xếp hạng lại: kịch bản {done}/{total}"},
    "progress.elapsed": {"en": "{label} ({seconds} s)", "vi": "{label} ({seconds} giây)"},
    # --- analysis commands ----------------------------------------------------------------
    "an.opt.lang": {"en": "language of labels (default: vi)", "vi": "ngôn ngữ của nhãn (mặc định: vi)"},
    "an.gap.help": {
        "en": "why one agency missed points, and what lifts it to the next band",
        "vi": "vì sao một đơn vị bị mất điểm, và cần gì để lên mức xếp loại tiếp theo",
    },
    "an.gap.description": {
        "en": "For AGENCY scored on DATA under RULESET: per criterion, the points missed, the input "
        "that decided them and the values that would earn full marks or the next step; then the smallest "
        "improvement that reaches the next band and a feasible plan, checked by re-scoring the cohort.",
        "vi": "Với AGENCY được chấm trên DATA theo RULESET: theo từng tiêu chí, số điểm bị mất, số liệu quyết định "
        "điều đó và giá trị cần có để đạt tối đa hoặc lên bậc tiếp theo; sau đó là mức cải thiện nhỏ nhất để lên "
        "mức xếp loại tiếp theo và một kế hoạch khả thi, được kiểm chứng bằng cách chấm lại toàn bộ các đơn vị.",
    },
    "an.gap.band": {"en": "the band to aim at (default: the next band up)", "vi": "mức xếp loại muốn đạt (mặc định: mức cao hơn kế tiếp)"},
    "an.gap.part": {"en": "what to show (default: all)", "vi": "phần cần hiển thị (mặc định: all)"},
    "an.gap.all": {"en": "also list the criteria that earned full marks", "vi": "liệt kê cả các tiêu chí đã đạt điểm tối đa"},
    "an.diff.help": {"en": "what changed between two rulesets, by id and in words", "vi": "những gì thay đổi giữa hai bộ tiêu chí, theo mã và bằng lời"},
    "an.diff.description": {
        "en": "List the bands, groups, sections, indicators, criteria, bonuses and penalties added, "
        "removed or changed from RULESET_A to RULESET_B (a base and its amendment, or two years).",
        "vi": "Liệt kê các mức xếp loại, nhóm, mục, chỉ tiêu, tiêu chí, điểm thưởng và điểm trừ được thêm, "
        "bỏ hoặc sửa từ RULESET_A sang RULESET_B (bộ gốc và bản sửa đổi, hoặc hai năm).",
    },
    "an.diff.ruleset_a": {"en": "the earlier ruleset (file or bundled name)", "vi": "bộ tiêu chí trước (tệp hoặc tên bộ có sẵn)"},
    "an.diff.ruleset_b": {"en": "the later ruleset (file or bundled name)", "vi": "bộ tiêu chí sau (tệp hoặc tên bộ có sẵn)"},
    "an.diff.mapping": {
        "en": "a mapping file pairing renamed ids (default: the bundled one for the pair)",
        "vi": "tệp ánh xạ ghép các mã đã đổi tên (mặc định: tệp có sẵn cho cặp bộ tiêu chí này)",
    },
    "an.impact.help": {
        "en": "which agencies change band or rank under another ruleset",
        "vi": "những đơn vị nào đổi mức xếp loại hoặc thứ hạng theo một bộ tiêu chí khác",
    },
    "an.impact.description": {
        "en": "Score DATA under RULESET_A and RULESET_B and show, per group, who changes band or rank "
        "and by how much. Rulesets with different groups or indicators need --mapping, unless a mapping for the "
        "pair is bundled (see `indicator-index list`).",
        "vi": "Chấm điểm DATA theo RULESET_A và RULESET_B rồi cho biết, theo từng nhóm, đơn vị nào đổi mức xếp loại "
        "hoặc thứ hạng và đổi bao nhiêu. Hai bộ tiêu chí khác nhóm hoặc khác chỉ tiêu cần --mapping, trừ khi đã có sẵn "
        "tệp ánh xạ cho cặp này (xem `indicator-index list`).",
    },
    "an.impact.ruleset_a": {"en": "the ruleset the data was collected under", "vi": "bộ tiêu chí dùng khi thu thập số liệu"},
    "an.impact.ruleset_b": {"en": "the ruleset to compare with", "vi": "bộ tiêu chí cần so sánh"},
    "an.impact.mapping": {
        "en": "a mapping file: groups, indicators, criteria (default: the bundled one for the pair)",
        "vi": "tệp ánh xạ: nhóm, chỉ tiêu, tiêu chí (mặc định: tệp có sẵn cho cặp bộ tiêu chí này)",
    },
    "an.test.help": {"en": "run a ruleset's test cases", "vi": "chạy các trường hợp kiểm thử của một bộ tiêu chí"},
    "an.test.description": {
        "en": "Run the cases in CASES (default: <ruleset>.cases.toml beside RULESET; a case file given alone "
        "runs against the ruleset beside it, or the one it names) and report every "
        "figure that differs. Exit status 1 when a case fails.",
        "vi": "Chạy các trường hợp trong CASES (mặc định: <ruleset>.cases.toml bên cạnh RULESET; nếu chỉ cho tệp trường hợp "
        "thì chạy với bộ tiêu chí bên cạnh nó, hoặc bộ mà tệp nêu tên) và báo mọi con số khác với kỳ vọng. "
        "Mã thoát 1 khi có trường hợp không đạt.",
    },
    "an.test.ruleset": {
        "en": "a ruleset file or bundled name, or a case file (*.cases.toml)",
        "vi": "tệp bộ tiêu chí hoặc tên bộ có sẵn, hoặc tệp trường hợp kiểm thử (*.cases.toml)",
    },
    "an.test.cases": {"en": "a case file", "vi": "tệp trường hợp kiểm thử"},
    "an.robustness.help": {
        "en": "how stable the ranks are when maxima vary or a criterion is dropped",
        "vi": "thứ hạng ổn định đến đâu khi điểm tối đa thay đổi hoặc bỏ một tiêu chí",
    },
    "an.robustness.description": {
        "en": "Re-rank DATA under RULESET with each criterion's maximum varied by ±PCT% (alone, and "
        "in random corners drawn with --seed) and with each criterion dropped in turn.",
        "vi": "Xếp hạng lại DATA theo RULESET khi điểm tối đa của từng tiêu chí thay đổi ±PCT% (từng tiêu chí riêng, "
        "và các tổ hợp ngẫu nhiên rút theo --seed) và khi lần lượt bỏ từng tiêu chí.",
    },
    "an.robustness.vary": {"en": "vary each maximum by ±PCT percent (default: 10)", "vi": "thay đổi mỗi điểm tối đa ±PCT phần trăm (mặc định: 10)"},
    "an.robustness.draws": {"en": "number of random corners (default: 100)", "vi": "số tổ hợp ngẫu nhiên (mặc định: 100)"},
    "an.robustness.seed": {"en": "seed of the random corners (default: 0)", "vi": "hạt giống của các tổ hợp ngẫu nhiên (mặc định: 0)"},
    "an.robustness.no_drop": {"en": "do not drop criteria one at a time", "vi": "không bỏ lần lượt từng tiêu chí"},
    "an.compare.help": {
        "en": "compare two rounds agency by agency: score, band and rank movement",
        "vi": "so sánh hai kỳ đánh giá theo từng đơn vị: thay đổi điểm, mức xếp loại và thứ hạng",
    },
    "an.compare.description": {
        "en": "Score OLD_DATA under OLD_RULESET and NEW_DATA under NEW_RULESET (two rounds, possibly under "
        "different rulesets) and show, per agency, the change of total, band and rank within its group "
        "('tăng 3 bậc'), and the agencies new or gone. Numbers at each ruleset's decimal places.",
        "vi": "Chấm điểm OLD_DATA theo OLD_RULESET và NEW_DATA theo NEW_RULESET (hai kỳ, có thể theo hai bộ tiêu chí "
        "khác nhau) rồi cho biết, theo từng đơn vị, thay đổi về tổng điểm, mức xếp loại và thứ hạng trong nhóm "
        "('tăng 3 bậc'), cùng các đơn vị mới hoặc không còn. Số được làm tròn theo số chữ số thập phân của từng bộ tiêu chí.",
    },
    "an.compare.old_ruleset": {"en": "the earlier round's ruleset (file or bundled name)", "vi": "bộ tiêu chí của kỳ trước (tệp hoặc tên bộ có sẵn)"},
    "an.compare.old_data": {"en": "the earlier round's data (file or bundled sample)", "vi": "số liệu của kỳ trước (tệp hoặc bộ mẫu có sẵn)"},
    "an.compare.new_ruleset": {"en": "the later round's ruleset (file or bundled name)", "vi": "bộ tiêu chí của kỳ sau (tệp hoặc tên bộ có sẵn)"},
    "an.compare.new_data": {"en": "the later round's data (file or bundled sample)", "vi": "số liệu của kỳ sau (tệp hoặc bộ mẫu có sẵn)"},
    "an.compare.renamed": {
        "en": "a TOML or JSON table pairing earlier agency ids with later ones",
        "vi": "bảng TOML hoặc JSON ghép mã đơn vị kỳ trước với mã kỳ sau",
    },
    "an.list.help": {
        "en": "list the bundled rulesets (title, effective dates, decision chain) and samples",
        "vi": "liệt kê các bộ tiêu chí có sẵn (tên, thời gian hiệu lực, chuỗi quyết định) và các bộ số liệu mẫu",
    },
    "an.list.description": {
        "en": "List the bundled rulesets by family in the order they replaced one another, with their "
        "title, legal basis and effective period, the evaluation years each governs, and the bundled samples.",
        "vi": "Liệt kê các bộ tiêu chí có sẵn theo từng họ, theo thứ tự thay thế nhau, kèm tên, căn cứ pháp lý, "
        "thời gian hiệu lực, các năm đánh giá áp dụng, và các bộ số liệu mẫu có sẵn.",
    },
    "an.list.family": {"en": "only this family of rulesets, e.g. danang", "vi": "chỉ họ bộ tiêu chí này, ví dụ danang"},
    # --- analysis reports: test and robustness -------------------------------------------------
    "test.head": {
        "en": "{source}: {cases} cases, {passed} passed, {failed} failed",
        "vi": "{source}: {cases} trường hợp, {passed} đạt, {failed} không đạt",
    },
    "test.fail": {"en": "FAIL {message}", "vi": "KHÔNG ĐẠT {message}"},
    "robustness.head": {
        "en": "±{vary}%, seed {seed}, {scenarios} scenarios",
        "vi": "±{vary}%, hạt giống {seed}, {scenarios} kịch bản",
    },
    "robustness.by.vary": {"en": "vary", "vi": "đổi điểm tối đa"},
    "robustness.by.draw": {"en": "draw", "vi": "tổ hợp ngẫu nhiên"},
    "robustness.by.drop": {"en": "drop", "vi": "bỏ tiêu chí"},
    "robustness.scenario.baseline": {"en": "as scored", "vi": "như đã chấm"},
    "robustness.scenario.draw": {"en": "draw {number}", "vi": "tổ hợp ngẫu nhiên {number}"},
    "robustness.scenario.drop": {"en": "without {criterion}", "vi": "bỏ {criterion}"},
    # --- impact notes (indicator_index._diff) ---------------------------------------------------
    "impact.claim_dropped": {
        "en": "agency {agency!r}: claim on criterion {criterion!r} dropped: ruleset {ruleset!r} has no excludable counterpart",
        "vi": "đơn vị {agency!r}: bỏ đề nghị loại trừ tiêu chí {criterion!r}: bộ tiêu chí {ruleset!r} không có tiêu chí tương ứng được phép loại trừ",
    },
    "impact.figures_left_out": {
        "en": "figures not in ruleset {ruleset!r}, left out under it: {indicators}",
        "vi": "số liệu không có trong bộ tiêu chí {ruleset!r}, không dùng khi chấm theo bộ này: {indicators}",
    },
    "impact.figures_unpaired": {
        "en": "figures with no counterpart in ruleset {ruleset!r}: {indicators}",
        "vi": "số liệu không có chỉ tiêu tương ứng trong bộ tiêu chí {ruleset!r}: {indicators}",
    },
    "impact.group_left_out": {
        "en": "group {group!r} has no counterpart in ruleset {ruleset!r}: its agencies are left out",
        "vi": "nhóm {group!r} không có nhóm tương ứng trong bộ tiêu chí {ruleset!r}: các đơn vị của nhóm không được so sánh",
    },
    # --- test cases (indicator_index._cases) ---------------------------------------------------
    "case.failed_figure": {
        "en": "case {case!r}, agency {agency!r}: {what} expected {expected}, got {actual}",
        "vi": "trường hợp {case!r}, đơn vị {agency!r}: {what} cần là {expected}, thực tế là {actual}",
    },
    "case.what.status": {"en": "status", "vi": "trạng thái"},
    "case.what.total": {"en": "total", "vi": "tổng điểm"},
    "case.what.band": {"en": "band", "vi": "mức xếp loại"},
    "case.what.rank": {"en": "rank", "vi": "thứ hạng"},
    "case.what.bonus": {"en": "bonus", "vi": "điểm thưởng"},
    "case.what.penalty": {"en": "penalty", "vi": "điểm trừ"},
    "case.what.cohort": {"en": "ranking cohort", "vi": "nhóm xếp hạng"},
    "case.order_missing": {
        "en": "case {case!r}: order {order}: agencies not in the cohort: {agencies}",
        "vi": "trường hợp {case!r}: thứ tự {order}: các đơn vị không có trong số được chấm: {agencies}",
    },
    "case.order_cohorts": {
        "en": "case {case!r}: order {order}: expected one ranking cohort, got {actual}",
        "vi": "trường hợp {case!r}: thứ tự {order}: cần cùng một nhóm xếp hạng, thực tế là {actual}",
    },
    "case.order_wrong": {
        "en": "case {case!r}: order expected {order}, got {actual}",
        "vi": "trường hợp {case!r}: thứ tự cần là {order}, thực tế là {actual}",
    },
    "case.what.criterion": {"en": "criterion {item!r}", "vi": "tiêu chí {item!r}"},
    "case.what.criterion_status": {"en": "criterion {item!r} status", "vi": "trạng thái của tiêu chí {item!r}"},
    "case.what.criterion_points": {"en": "criterion {item!r} points", "vi": "điểm của tiêu chí {item!r}"},
    "case.what.section_points": {"en": "section {section!r} points", "vi": "điểm của mục {section!r}"},
    "case.none": {"en": "none", "vi": "không có"},
    "case.not_applicable": {"en": "not applicable to the agency's group", "vi": "không áp dụng cho nhóm của đơn vị"},
    "case.a_score": {"en": "a score", "vi": "một kết quả chấm điểm"},
    "case.an_error": {"en": "an error containing {error!r}", "vi": "một lỗi có chứa {error!r}"},
    "case.got_error": {
        "en": "case {case!r}: scoring expected {expected}, got the error: {error}",
        "vi": "trường hợp {case!r}: khi chấm điểm cần {expected}, thực tế gặp lỗi: {error}",
    },
    "case.got_score": {
        "en": "case {case!r}: scoring expected an error containing {error!r}, got a score",
        "vi": "trường hợp {case!r}: khi chấm điểm cần một lỗi có chứa {error!r}, thực tế lại chấm được điểm",
    },
    "case.agency_missing": {
        "en": "case {case!r}: agency {agency!r} expected in the cohort, got none",
        "vi": "trường hợp {case!r}: cần có đơn vị {agency!r} trong số các đơn vị được chấm, thực tế không có",
    },
    "case.other_ruleset": {
        "en": "the cases are for ruleset {declared!r}, got ruleset {actual!r}",
        "vi": "các trường hợp dành cho bộ tiêu chí {declared!r}, thực tế là bộ tiêu chí {actual!r}",
    },
    # --- report labels of the analysis commands --------------------------------------------------
    "ui.yes": {"en": "yes", "vi": "có"},
    "ui.no": {"en": "no", "vi": "không"},
    "ui.why_not": {"en": "Why not full marks", "vi": "Vì sao chưa đạt điểm tối đa"},
    "ui.gap": {"en": "Gap to the next band", "vi": "Khoảng cách đến mức xếp loại tiếp theo"},
    "ui.full": {"en": "full marks with", "vi": "đạt tối đa với"},
    "ui.no_deduction": {"en": "nothing deducted with", "vi": "không bị trừ với"},
    "ui.best": {"en": "the most possible with", "vi": "cao nhất có thể với"},
    "ui.next": {"en": "next step with", "vi": "bậc tiếp theo với"},
    "ui.best_in_group": {"en": "best in the group", "vi": "tốt nhất trong nhóm"},
    "ui.plan": {"en": "Plan", "vi": "Kế hoạch"},
    "ui.effect": {"en": "Effect", "vi": "Tác động"},
    "ui.new_total": {"en": "new total", "vi": "tổng điểm mới"},
    "ui.rank": {"en": "rank", "vi": "hạng"},
    "ui.total": {"en": "total", "vi": "tổng điểm"},
    "ui.rank_col": {"en": "Rank", "vi": "Hạng"},
    "ui.total_col": {"en": "Total", "vi": "Tổng điểm"},
    "ui.criterion": {"en": "Criterion", "vi": "Tiêu chí"},
    "ui.content": {"en": "Content", "vi": "Nội dung"},
    "ui.points": {"en": "Points", "vi": "Điểm"},
    "ui.max": {"en": "Max", "vi": "Tối đa"},
    "ui.missed": {"en": "Missed", "vi": "Mất"},
    "ui.why": {"en": "Why", "vi": "Lý do"},
    "ui.indicator": {"en": "Indicator", "vi": "Chỉ tiêu"},
    "ui.current": {"en": "Now", "vi": "Hiện tại"},
    "ui.proposed": {"en": "Proposed", "vi": "Đề xuất"},
    "ui.before": {"en": "Before", "vi": "Trước"},
    "ui.after": {"en": "After", "vi": "Sau"},
    "ui.nothing_missed": {"en": "no points missed on any criterion", "vi": "không mất điểm ở tiêu chí nào"},
    "ui.ruleset": {"en": "Ruleset", "vi": "Bộ tiêu chí"},
    "ui.no_changes": {"en": "no changes", "vi": "không có thay đổi"},
    "ui.agency": {"en": "Agency", "vi": "Đơn vị"},
    "ui.band": {"en": "Band", "vi": "Xếp loại"},
    "ui.change": {"en": "Change", "vi": "Thay đổi"},
    "ui.notes": {"en": "Notes", "vi": "Ghi chú"},
    "ui.cases": {"en": "cases", "vi": "trường hợp"},
    "ui.passed": {"en": "passed", "vi": "đạt"},
    "ui.failed": {"en": "failed", "vi": "không đạt"},
    "ui.all_passed": {"en": "all passed", "vi": "tất cả đạt"},
    "ui.scenarios": {"en": "scenarios", "vi": "kịch bản"},
    "ui.range": {"en": "Rank range", "vi": "Khoảng hạng"},
    "ui.varied": {"en": "Maxima varied", "vi": "Đổi điểm tối đa"},
    "ui.dropped": {"en": "One criterion dropped", "vi": "Bỏ một tiêu chí"},
    "ui.totals": {"en": "Total range", "vi": "Khoảng tổng điểm"},
    "ui.flips": {"en": "Pairs whose order can flip", "vi": "Các cặp có thể đổi thứ tự"},
    "ui.no_flips": {"en": "no pair changes order", "vi": "không có cặp nào đổi thứ tự"},
    "ui.left_out": {"en": "left out", "vi": "không so sánh"},
    "ui.up": {"en": "up", "vi": "lên"},
    "ui.down": {"en": "down", "vi": "xuống"},
    "ui.same": {"en": "same", "vi": "giữ nguyên"},
    "ui.not_scorable": {"en": "not scorable", "vi": "không chấm được"},
    "ui.agencies": {"en": "agencies", "vi": "đơn vị"},
    "ui.rank_changed": {"en": "rank changed", "vi": "đổi hạng"},
    "ui.in": {"en": "in", "vi": "trong"},
    "ui.collection.bands": {"en": "Bands", "vi": "Mức xếp loại"},
    "ui.collection.groups": {"en": "Agency groups", "vi": "Nhóm đối tượng"},
    "ui.collection.sections": {"en": "Sections", "vi": "Mục"},
    "ui.collection.indicators": {"en": "Indicators", "vi": "Chỉ tiêu"},
    "ui.collection.criteria": {"en": "Criteria", "vi": "Tiêu chí"},
    "ui.collection.bonuses": {"en": "Bonus items", "vi": "Điểm thưởng"},
    "ui.collection.penalties": {"en": "Penalty items", "vi": "Điểm trừ"},
}
if TYPE_CHECKING:
    CATALOGUE: Mapping[str, Mapping[str, str]]
    """The whole catalogue: code -> language -> template (loaded on first use, see :func:`_catalogue`)."""


@functools.cache
def _catalogue() -> dict[str, Mapping[str, str]]:
    """
    The whole catalogue: the entries of this module, then those of the catalogue modules, in that
    order (as merged at import before), made on first use.
    """
    # The errors in what a person wrote (rulesets, amendments, mappings, case files): indicator_index._catalogue_errors;
    # of agency data, templates, scoring: indicator_index._catalogue_data;
    # the words of the list, comparison, schema, template and diff: indicator_index._catalogue_ui.
    from indicator_index._catalogue_data import DATA
    from indicator_index._catalogue_errors import ERRORS
    from indicator_index._catalogue_ui import UI

    # A code is defined once: in particular none of this module's is redefined by a module merged after it
    # (which _render, looking here first, would not see).
    overlap = _TEMPLATES.keys() & (ERRORS.keys() | DATA.keys() | UI.keys())
    assert not overlap, overlap
    return {**_TEMPLATES, **ERRORS, **DATA, **UI}


def __getattr__(name: str) -> object:
    """:data:`CATALOGUE`, the whole catalogue, made on first use (PEP 562)."""
    if name == "CATALOGUE":
        return _catalogue()
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


class Count(int):
    """
    A count shown to a person (problems, bytes): its thousands grouped the
    language's way, ``1,234`` in English and ``1.234`` in Vietnamese.

    .. versionadded:: 0.2.0
    """

    __slots__ = ()


def _shown(value: object, lang: str) -> object:
    if isinstance(value, Message):
        return value.render(lang)
    render = getattr(value, "render", None) if isinstance(value, Exception) else None
    if callable(render):  # an IndicatorIndexError inside a message
        return render(lang)
    if isinstance(value, Count):
        grouped = f"{int(value):,}"
        return grouped.replace(",", ".") if lang == "vi" else grouped
    if isinstance(value, tuple):
        return ", ".join(str(_shown(v, lang)) for v in value)
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def _render(code: str, params: Mapping[str, object], lang: str) -> str:
    templates = _TEMPLATES.get(code)
    if templates is None:  # a code of a catalogue module not merged in yet (or no code: a KeyError)
        templates = _catalogue()[code]
    template = templates.get(lang) or templates["en"]
    return template.format(**{key: _shown(value, lang) for key, value in params.items()})


def text(code: str, lang: str = "vi", /, **params: object) -> str:
    """
    The catalogue entry *code* in *lang* (``"vi"`` or ``"en"``), filled in with *params*.

    A parameter that is a :class:`Message` is itself rendered in *lang*; a
    ``Decimal`` is shown in plain notation. Raises ``KeyError`` for a code the
    catalogue lacks.
    """
    return _render(code, params, lang)


def texts(code: str, /, **params: object) -> tuple[str, str]:
    """
    The catalogue entry *code* in Vietnamese and in English, ``(vi, en)``.

    A parameter that is a function of the language (``label.text``) is called
    with each language in turn; any other is used as :func:`text` uses it.
    """
    vi, en = (text(code, lang, **{k: v(lang) if callable(v) else v for k, v in params.items()}) for lang in ("vi", "en"))
    return vi, en


class Message(str):
    """
    A message of the engine: English text, with its ``code`` and ``params``.

    Several messages about one item are one message whose ``parts`` are them
    (its text joins theirs with ``"; "``). Messages are immutable.

    .. versionadded:: 0.2.0
    """

    code: str
    params: Mapping[str, object]
    parts: tuple[Message, ...]

    def __new__(cls, code: str, /, **params: object) -> Message:
        """A message *code* with *params*; raises ``KeyError`` for a code the catalogue lacks."""
        self = super().__new__(cls, _render(code, params, "en"))
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", dict(params))
        object.__setattr__(self, "parts", (self,))
        return self

    @classmethod
    def joined(cls, *parts: Message) -> Message:
        """One message made of several, in order (a single part is returned as it is)."""
        if len(parts) == 1:
            return parts[0]
        self = str.__new__(cls, "; ".join(parts))
        object.__setattr__(self, "code", "+".join(p.code for p in parts))
        object.__setattr__(self, "params", {})
        object.__setattr__(self, "parts", tuple(q for p in parts for q in p.parts))
        return self

    def render(self, lang: str = "en") -> str:
        """The message in *lang* (``"vi"`` or ``"en"``)."""
        if len(self.parts) > 1:
            return "; ".join(p.render(lang) for p in self.parts)
        return _render(self.code, self.params, lang)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        msg = "a Message is immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (tuple((p.code, p.params) for p in self.parts),))


def _restore(parts: tuple[tuple[str, Mapping[str, object]], ...]) -> Message:
    return Message.joined(*(Message(code, **params) for code, params in parts))


# --- pieces of the messages about what a person wrote -------------------------------------------

_KINDS = {bool: "boolean", int: "integer", Decimal: "number", float: "number", str: "string", list: "array", dict: "table"}


def _kind_word(name: str) -> str:
    """A TOML type name as a message (``string``, ``table``), any other type name as it is."""
    code = "value.kind." + name.replace("-", "_")
    return Message(code) if code in _catalogue() else name


def shown(value: object) -> str:
    """``show(value)`` (a value as TOML writes it), with the words for a very long integer in the catalogue."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return Message("value.long_integer", digits=len(str(abs(value))))
    return show(value)


def got(value: object) -> str:
    """What a value is, for a message: ``string '40'`` (``chuỗi '40'``), ``integer 5``, ``table {...}``."""
    if value is None:
        return "None"
    if isinstance(value, dt.datetime):
        name = "date-time"
    elif isinstance(value, dt.date):
        name = "date"
    elif isinstance(value, dt.time):
        name = "time"
    else:
        name = _KINDS.get(type(value), type(value).__name__)
    return Message("value.got", kind=_kind_word(name), shown=shown(value))


def kind_of(value: object) -> str:
    """The TOML type of a value by its Python class only (``string``, ``array``, ..., else the class name)."""
    names = {str: "string", list: "array", dict: "table", bool: "boolean", int: "integer", Decimal: "number"}
    return _kind_word(names.get(type(value), type(value).__name__))


def did_you_mean(close: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the first of *close*, or ``""`` when there is none."""
    for name in close:
        return Message("hint.did_you_mean", name=name)
    return ""


def either(items: Iterable[str]) -> str:
    """*items* joined with "or" (``ratio or count or number``), in the language of the message."""
    words = list(items)
    if len(words) <= 1:
        return words[0] if words else ""
    return Message("value.or", first=words[0], second=either(words[1:]))


# What the TOML parser says -> the catalogue entry, and the names of the pattern's groups. The patterns are
# compiled (by ``re``, which keeps them) when a parser error first needs them: loading a valid file never does.
_PARSER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"cannot overwrite a value", "toml.parser.overwrite", ()),
    (r"escaped character is not a unicode scalar value", "toml.parser.escape_scalar", ()),
    (r"expected '=' after a key in a key/value pair", "toml.parser.expected_equals", ()),
    (r"expected '\]' at the end of a table declaration", "toml.parser.expected_table_end", ()),
    (r"expected '\]\]' at the end of an array declaration", "toml.parser.expected_array_end", ()),
    (r"expected newline or end of document after a statement", "toml.parser.expected_newline", ()),
    (r"invalid date or datetime", "toml.parser.invalid_date", ()),
    (r"invalid hex value", "toml.parser.invalid_hex", ()),
    (r"invalid initial character for a key part", "toml.parser.invalid_key_start", ()),
    (r"invalid statement", "toml.parser.invalid_statement", ()),
    (r"invalid value", "toml.parser.invalid_value", ()),
    (r"unclosed array", "toml.parser.unclosed_array", ()),
    (r"unclosed inline table", "toml.parser.unclosed_table", ()),
    (r"unescaped '\\' in a string", "toml.parser.unescaped_backslash", ()),
    (r"unterminated string", "toml.parser.unterminated_string", ()),
    (r"an object other than list found behind this key", "toml.parser.not_a_list", ()),
    (r"cannot declare (.+) twice", "toml.parser.declare_twice", ("key",)),
    (r"cannot mutate immutable namespace (.+)", "toml.parser.immutable", ("key",)),
    (r"cannot redefine namespace (.+)", "toml.parser.redefine", ("key",)),
    (r"duplicate inline table key (.+)", "toml.parser.duplicate_inline_key", ("key",)),
    (r"found invalid character (.+)", "toml.parser.invalid_character", ("char",)),
    (r"illegal character (.+)", "toml.parser.illegal_character", ("char",)),
    (r"there is no nest behind this key", "toml.parser.no_nest", ()),
    (r"expected (.+)", "toml.parser.expected", ("what",)),
)


def toml_detail(detail: str) -> str:
    """
    What Python's TOML parser said (first letter in lower case, without its
    place) as a message, or *detail* itself when it is not one the catalogue
    knows (the English text is then shown in every language).
    """
    for pattern, code, names in _PARSER:
        found = re.fullmatch(pattern, detail, re.DOTALL)
        if found:
            message = Message(code, **dict(zip(names, found.groups(), strict=True)))
            if message == detail:
                return message
    return detail


def ui_section(prefix: str) -> dict[str, dict[str, str]]:
    """The templates of one part of the catalogue by language and key: ``{"vi": {key: text}, "en": {...}}`` for codes ``prefix + key``."""
    return {lang: {code[len(prefix) :]: texts[lang] for code, texts in _catalogue().items() if code.startswith(prefix)} for lang in ("vi", "en")}


def ui_pairs(prefix: str) -> dict[str, tuple[str, str]]:
    """The templates of one part of the catalogue as ``key -> (vi, en)`` for codes ``prefix + key``."""
    return {code[len(prefix) :]: (texts["vi"], texts["en"]) for code, texts in _catalogue().items() if code.startswith(prefix)}
