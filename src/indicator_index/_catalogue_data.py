"""
The catalogue of what is wrong with agency data: a data file or document
being read, a template being written, submissions being scored, a portal
payload, and a mapping of renamed agencies.

Merged into :data:`indicator_index._messages.CATALOGUE` beside
:mod:`indicator_index._catalogue_errors` (whose docstring explains the
design); codes are grouped by prefix: ``data.*`` (files, tables, cells and
values as a reader meets them, the text rule and the renamed agencies),
``template.*`` (the arguments of a template), ``scoring.*`` (the engine's
checks of submissions and cohorts, and missing data) and ``portal.*`` (a
payload).

The English template of every entry gives exactly the text the library has
always printed (``str(error)``, quoted in docs/errors.md); the Vietnamese one
is what an official filling a spreadsheet reads under ``--lang vi``. Ids,
column names, cell contents, numbers and values quoted from the input stay as
written in both; counts of bytes and cells are grouped the language's way.
"""

from __future__ import annotations

from collections.abc import Mapping


__all__ = ["DATA"]

DATA: Mapping[str, Mapping[str, str]] = {
    # --- the text rule: what an id, a name or a piece of evidence may not hold --------------------
    "data.text.surrogate": {
        "en": "contains a lone surrogate {code}, which no file can hold",
        "vi": "chứa ký tự surrogate đơn lẻ {code}, không tệp nào lưu được",
    },
    "data.text.noncharacter": {"en": "contains the noncharacter {code}", "vi": "chứa mã {code}, không phải là một ký tự Unicode"},
    "data.text.line_break": {"en": "contains the line break {code}", "vi": "chứa ký tự ngắt dòng {code}"},
    "data.text.control": {"en": "contains the control character {code}", "vi": "chứa ký tự điều khiển {code}"},
    "data.text.invisible": {"en": "contains the invisible character {code} ({name})", "vi": "chứa ký tự vô hình {code} ({name})"},
    "data.text.field": {"en": "the {what} {text} {wrong}", "vi": "{what} {text} {wrong}"},
    "data.what.agency_id": {"en": "agency id", "vi": "mã đơn vị"},
    "data.what.name": {"en": "name", "vi": "tên"},
    "data.what.evidence": {"en": "evidence", "vi": "minh chứng"},
    "data.what.parent": {"en": "parent", "vi": "đơn vị cấp trên"},
    "data.what.source": {"en": "source", "vi": "nguồn"},
    "data.what.group": {"en": "group", "vi": "nhóm"},
    "data.what.decided_total": {"en": "decided_total", "vi": "tổng điểm đã công bố (decided_total)"},
    "data.what.reference": {"en": "reference", "vi": "tham chiếu"},
    # --- files and documents ------------------------------------------------------------------------
    "data.file.directory": {"en": "{name}: is a directory, not a data file", "vi": "{name}: là một thư mục, không phải tệp số liệu"},
    "data.file.not_found": {
        "en": "{name}: no such file or bundled sample (bundled: {known})",
        "vi": "{name}: không có tệp hay bộ số liệu mẫu có sẵn nào mang tên này (có sẵn: {known})",
    },
    "data.file.too_large": {
        "en": "file is {size} bytes; a data file may be at most {limit}",
        "vi": "tệp có {size} byte; một tệp số liệu chỉ được tối đa {limit} byte",
    },
    "data.file.utf16": {
        "en": "the file starts with a UTF-16 byte-order mark but is not UTF-16",
        "vi": "tệp mở đầu bằng dấu thứ tự byte (BOM) của UTF-16 nhưng không được mã hóa UTF-16",
    },
    "data.file.not_utf8": {
        "en": "the file is not UTF-8: byte {byte} cannot be decoded (in Excel, save as 'CSV UTF-8')",
        "vi": "tệp không được mã hóa UTF-8: không giải mã được byte {byte} (trong Excel, hãy lưu dưới dạng 'CSV UTF-8')",
    },
    "data.file.unknown_suffix": {
        "en": "cannot tell the format from the extension {suffix!r}: expected .json, .csv or .xlsx (or pass the format)",
        "vi": "không nhận ra định dạng từ phần mở rộng {suffix!r}: cần .json, .csv hoặc .xlsx (hoặc chỉ rõ định dạng)",
    },
    "data.file.format": {"en": "format must be one of {formats}, got {format!r}", "vi": "định dạng phải là một trong {formats}, nhận được {format!r}"},
    "data.file.sheet_not_xlsx": {
        "en": "a sheet ({sheet!r}) is chosen only in an XLSX workbook; this file is read as {kind}",
        "vi": "chỉ chọn được trang tính ({sheet!r}) trong sổ tính XLSX; tệp này được đọc dưới dạng {kind}",
    },
    "data.file.needs_ruleset": {
        "en": "reading {kind} needs the ruleset, to read each cell by its indicator's type",
        "vi": "muốn đọc {kind} cần có bộ tiêu chí, để đọc từng ô theo kiểu của chỉ tiêu",
    },
    "data.optional": {
        "en": "{task} needs {module}: pip install 'indicator-index[{extra}]'",
        "vi": "{task} cần {module}: pip install 'indicator-index[{extra}]'",
    },
    "data.task.read_xlsx": {"en": "reading XLSX", "vi": "việc đọc XLSX"},
    "data.task.read_frame": {"en": "reading a DataFrame", "vi": "việc đọc DataFrame"},
    "data.task.write_template": {"en": "writing an XLSX template", "vi": "việc ghi mẫu nhập liệu XLSX"},
    "data.title": {"en": "{file}: cannot read agency data", "vi": "{file}: không đọc được số liệu của các đơn vị"},
    "data.nothing_title": {"en": "{file}: nothing to score", "vi": "{file}: không có gì để chấm điểm"},
    "data.no_agency_rows": {
        "en": "no agency to score: the data has no agency's row (an unfilled template?)",
        "vi": "không có đơn vị nào để chấm điểm: số liệu không có dòng nào của đơn vị (mẫu nhập liệu chưa điền?)",
    },
    "data.lang": {"en": "lang must be 'vi' or 'en', got {lang!r}", "vi": "lang phải là 'vi' hoặc 'en', nhận được {lang!r}"},
    # --- JSON -----------------------------------------------------------------------------------------
    "data.json.text_too_large": {
        "en": "the text is over {limit} characters; a data document may be at most that",
        "vi": "văn bản dài quá {limit} ký tự, mức tối đa của một tài liệu số liệu",
    },
    "data.json.too_deep": {
        "en": "arrays and objects nest more than {depth} deep; a data document may nest at most {depth}",
        "vi": "mảng và đối tượng lồng nhau quá {depth} cấp; một tài liệu số liệu chỉ được lồng tối đa {depth} cấp",
    },
    "data.json.invalid": {"en": "invalid JSON: {detail}", "vi": "JSON không hợp lệ: {detail}"},
    "data.json.duplicate_key": {
        "en": "duplicate key {key}: JSON would keep only its last value",
        "vi": "khóa {key} bị lặp: JSON sẽ chỉ giữ giá trị cuối cùng",
    },
    "data.json.no_list": {"en": "expected a table with a list 'agencies'", "vi": "cần một bảng có danh sách 'agencies'"},
    "data.json.empty": {"en": "no agency: the list 'agencies' is empty", "vi": "không có đơn vị nào: danh sách 'agencies' trống"},
    "data.json.agency_not_table": {"en": "an agency must be a table", "vi": "mỗi đơn vị phải là một bảng"},
    "data.json.agency_needs_id": {"en": "an agency needs a non-empty string 'id'", "vi": "mỗi đơn vị cần có 'id' là một chuỗi khác rỗng"},
    "data.json.agency_needs_group": {"en": "an agency needs a string 'group'", "vi": "mỗi đơn vị cần có 'group' là một chuỗi"},
    "data.json.duplicate_agency": {"en": "duplicate agency (also {path})", "vi": "đơn vị bị trùng (trùng với {path})"},
    "data.json.values_claims": {"en": "'values' and 'claims' must be tables", "vi": "'values' và 'claims' phải là bảng"},
    "data.json.indicator_twice": {"en": "indicator given twice", "vi": "chỉ tiêu được ghi hai lần"},
    "data.json.expected_value": {"en": "expected a value, got {type}", "vi": "cần một giá trị, nhận được {type}"},
    "data.json.decided_type": {
        "en": "'decided' must be a table with 'total' and 'source', got {type}",
        "vi": "'decided' phải là một bảng có 'total' và 'source', nhận được {type}",
    },
    # --- CSV and XLSX ---------------------------------------------------------------------------------
    "data.csv.too_many_cells": {
        "en": "the table has over {limit} cells; a data file may have at most that",
        "vi": "bảng có hơn {limit} ô, vượt mức tối đa của một tệp số liệu",
    },
    "data.csv.malformed": {"en": "malformed CSV: {detail}", "vi": "CSV sai định dạng: {detail}"},
    "data.xlsx.formula": {
        "en": "the cell has a formula without a saved value: open the workbook in Excel and save it, or type the value",
        "vi": "ô có công thức nhưng chưa lưu giá trị: hãy mở sổ tính trong Excel rồi lưu lại, hoặc nhập thẳng giá trị",
    },
    "data.xlsx.too_many_cells": {
        "en": "the sheet {sheet!r} has over {limit} cells within its header's width of {width} columns; a data file may have at most that",
        "vi": "trang tính {sheet!r} có hơn {limit} ô trong phạm vi {width} cột của dòng tiêu đề, vượt mức tối đa của một tệp số liệu",
    },
    "data.xlsx.no_sheet": {
        "en": "no sheet {name!r} in the workbook; its sheets: {names}",
        "vi": "sổ tính không có trang tính {name!r}; các trang tính: {names}",
    },
    "data.xlsx.not_workbook": {"en": "not an XLSX workbook: {detail}", "vi": "không phải sổ tính XLSX: {detail}"},
    "data.xlsx.sheet_unreadable": {
        "en": "not an XLSX workbook: a sheet cannot be read ({detail})",
        "vi": "không phải sổ tính XLSX: không đọc được một trang tính ({detail})",
    },
    "data.xlsx.named_sheet_unreadable": {
        "en": "not an XLSX workbook: the sheet {sheet!r} cannot be read ({detail})",
        "vi": "không phải sổ tính XLSX: không đọc được trang tính {sheet!r} ({detail})",
    },
    "data.xlsx.expands": {
        "en": "the workbook expands to {size} bytes; a data file may be at most {limit}",
        "vi": "sổ tính khi giải nén có {size} byte; một tệp số liệu chỉ được tối đa {limit} byte",
    },
    "data.xlsx.no_worksheet": {"en": "the workbook has no worksheet", "vi": "sổ tính không có trang tính nào"},
    "data.xlsx.duplicate_agency": {
        "en": "duplicate agency (also on sheet {sheet!r}, row {row})",
        "vi": "đơn vị bị trùng (trùng với trang tính {sheet!r}, dòng {row})",
    },
    "data.frame.expected": {"en": "expected a pandas DataFrame, got {type}", "vi": "cần một pandas DataFrame, nhận được {type}"},
    # --- a table's header and rows --------------------------------------------------------------------
    "data.table.empty": {"en": "the table is empty: expected a header row", "vi": "bảng trống: cần một dòng tiêu đề"},
    "data.table.layout": {
        "en": "cannot tell the layout: expected an 'id' column (wide: one row per agency) "
        "or 'agency', 'indicator' and 'value' columns (long: one row per figure)",
        "vi": "không nhận ra cách trình bày bảng: cần cột 'id' (dạng ngang: mỗi đơn vị một dòng) "
        "hoặc các cột 'agency', 'indicator' và 'value' (dạng dọc: mỗi số liệu một dòng)",
    },
    "data.table.no_rows": {"en": "no agency: the table has nothing below its header", "vi": "không có đơn vị nào: bảng không có gì dưới dòng tiêu đề"},
    "data.table.duplicate_column": {"en": "duplicate column {name!r} (also column {other})", "vi": "cột {name!r} bị trùng (trùng với cột {other})"},
    "data.table.evidence_alone": {
        "en": "evidence column without its value column {name!r}",
        "vi": "cột minh chứng thiếu cột giá trị {name!r} đi kèm",
    },
    "data.table.missing_column": {"en": "missing column {name!r}", "vi": "thiếu cột {name!r}"},
    "data.table.no_header": {"en": "a value in a column without a header: {value}", "vi": "có giá trị trong một cột không có tiêu đề: {value}"},
    "data.table.row_needs_id": {"en": "a row with values needs an agency id", "vi": "dòng có giá trị cần có mã đơn vị"},
    "data.table.duplicate_agency": {"en": "duplicate agency (also on line {line})", "vi": "đơn vị bị trùng (trùng với dòng {line})"},
    "data.table.no_group": {"en": "no agency group", "vi": "chưa ghi nhóm đơn vị"},
    "data.table.evidence_no_value_in": {
        "en": "evidence {evidence!r} given, but no value in column {column!r}",
        "vi": "có minh chứng {evidence!r} nhưng cột {column!r} không có giá trị",
    },
    "data.table.claim_not_applicable": {
        "en": "claim on a criterion that does not apply to group {group!r}",
        "vi": "kê khai một tiêu chí không áp dụng cho nhóm {group!r}",
    },
    "data.long.unknown_column": {
        "en": "unknown column {name!r}; the long layout has {allowed}",
        "vi": "cột {name!r} không hợp lệ; dạng dọc có các cột {allowed}",
    },
    "data.long.row_needs_id": {"en": "a row needs an agency id", "vi": "dòng cần có mã đơn vị"},
    "data.long.differs": {"en": "{key} {text!r} differs from {previous!r} on line {line}", "vi": "{key} {text!r} khác với {previous!r} ở dòng {line}"},
    "data.long.no_group_row": {"en": "unknown agency: no row gives its group", "vi": "đơn vị chưa xác định: không dòng nào ghi nhóm của đơn vị"},
    "data.long.needs_indicator": {"en": "a value, source or evidence needs an indicator", "vi": "giá trị, nguồn hoặc minh chứng cần ghi kèm chỉ tiêu"},
    "data.long.claim_value": {
        "en": "a claim takes its evidence in the 'evidence' column, not a value",
        "vi": "kê khai ghi minh chứng vào cột 'evidence', không ghi giá trị",
    },
    "data.long.second_claim": {"en": "a second claim on {criterion!r} (also on line {line})", "vi": "kê khai thứ hai cho {criterion!r} (đã có ở dòng {line})"},
    "data.long.second_value": {
        "en": "a second value from source {source!r} (also on line {line})",
        "vi": "giá trị thứ hai từ nguồn {source!r} (đã có ở dòng {line})",
    },
    "data.long.evidence_no_value": {"en": "evidence {evidence!r} given, but no value", "vi": "có minh chứng {evidence!r} nhưng không có giá trị"},
    # --- names looked up in the ruleset -----------------------------------------------------------------
    "data.lookup.unknown_indicator": {"en": "unknown indicator{hint}", "vi": "không có chỉ tiêu này trong bộ tiêu chí{hint}"},
    "data.lookup.ambiguous_indicator": {
        "en": "ambiguous indicator label: it may mean {ids}",
        "vi": "nhãn chỉ tiêu không rõ nghĩa: có thể là {ids}",
    },
    "data.lookup.unknown_source": {
        "en": "unknown source {name!r}; the ruleset has {known}",
        "vi": "nguồn {name!r} không có trong bộ tiêu chí; bộ tiêu chí có {known}",
    },
    "data.lookup.unknown_criterion": {"en": "unknown criterion{hint}", "vi": "không có tiêu chí này trong bộ tiêu chí{hint}"},
    "data.lookup.not_excludable": {
        "en": "not excludable: it cannot be claimed as outside the agency's function",
        "vi": "không được loại trừ: không thể kê khai tiêu chí này là nằm ngoài chức năng của đơn vị",
    },
    "data.lookup.unknown_group": {
        "en": "unknown agency group {name!r}; the ruleset has {known}",
        "vi": "nhóm đơn vị {name!r} không có trong bộ tiêu chí; bộ tiêu chí có {known}",
    },
    "data.lookup.ambiguous_group": {
        "en": "ambiguous agency group {name!r}; the ruleset has {known}",
        "vi": "nhóm đơn vị {name!r} không rõ nghĩa; bộ tiêu chí có {known}",
    },
    # --- a cell's value ---------------------------------------------------------------------------------
    "data.value.date": {"en": "the date {date}", "vi": "ngày {date}"},
    "data.value.percent_not_ratio": {
        "en": "a percentage is only accepted for a ratio, got {text}",
        "vi": "chỉ chỉ tiêu tỷ lệ mới được ghi dạng phần trăm, nhận được {text}",
    },
    "data.value.thousands": {
        "en": "expected a number without thousands separators, got {text}",
        "vi": "cần một số không có dấu phân cách hàng nghìn, nhận được {text}",
    },
    "data.value.ambiguous_number": {
        "en": "ambiguous number {text!r}: write {thousands} (thousands) or {decimal} (a decimal)",
        "vi": "số {text!r} không rõ nghĩa: hãy viết {thousands} (hàng nghìn) hoặc {decimal} (số thập phân)",
    },
    "data.value.expected_number": {"en": "expected a number, got {text}", "vi": "cần một số, nhận được {text}"},
    "data.value.expected_yes_no": {"en": "expected yes/no ({hint}), got {value}", "vi": "cần có/không ({hint}), nhận được {value}"},
    "data.value.ambiguous_option": {"en": "ambiguous option {text!r}: it may mean {names}", "vi": "phương án {text!r} không rõ nghĩa: có thể là {names}"},
    "data.value.expected_option": {
        "en": "expected one of {allowed} or an option's label, got {value}",
        "vi": "cần một trong {allowed} hoặc nhãn của một phương án, nhận được {value}",
    },
    "data.decided.number": {"en": "a decided total must be a number, got {value}", "vi": "tổng điểm đã công bố phải là một số, nhận được {value}"},
    "data.decided.range": {
        "en": "a decided total must be within [0, {scale}], got {value}",
        "vi": "tổng điểm đã công bố phải nằm trong [0, {scale}], nhận được {value}",
    },
    "data.decided.places": {
        "en": "a decided total has at most {places} decimal places, as the ruleset rounds, got {value}",
        "vi": "tổng điểm đã công bố chỉ có tối đa {places} chữ số thập phân, như bộ tiêu chí làm tròn, nhận được {value}",
    },
    "data.decided.source_alone": {
        "en": "a source of a decided total ({source}) without the total",
        "vi": "có nguồn của tổng điểm đã công bố ({source}) nhưng không có tổng điểm",
    },
    "data.decided.both": {
        "en": "an agency has either a decided total or figures and claims, not both",
        "vi": "một đơn vị chỉ có hoặc tổng điểm đã công bố, hoặc số liệu và kê khai, không được có cả hai",
    },
    "data.decided.needs_source": {
        "en": "a decided total needs its source: where it was published",
        "vi": "tổng điểm đã công bố cần có nguồn: nơi đã công bố",
    },
    "data.decided.needs_source_column": {
        "en": "a decided total needs its source: where it was published (column 'decided_source')",
        "vi": "tổng điểm đã công bố cần có nguồn: nơi đã công bố (cột 'decided_source')",
    },
    "data.parent_type": {
        "en": "the parent must be an agency id (a string), got {value}",
        "vi": "đơn vị cấp trên phải là một mã đơn vị (chuỗi), nhận được {value}",
    },
    # --- a mapping of renamed agencies (compare) --------------------------------------------------------
    "data.renamed.title": {"en": "the mapping of renamed agencies is invalid", "vi": "bảng đổi tên đơn vị không hợp lệ"},
    "data.renamed.not_earlier": {
        "en": "renamed: {id!r} is not an agency of the earlier assessment ({ruleset})",
        "vi": "đổi tên: {id!r} không phải là đơn vị của kỳ đánh giá trước ({ruleset})",
    },
    "data.renamed.not_later": {
        "en": "renamed: {id!r} is not an agency of the later assessment ({ruleset})",
        "vi": "đổi tên: {id!r} không phải là đơn vị của kỳ đánh giá sau ({ruleset})",
    },
    "data.renamed.both_mapped": {
        "en": "renamed: {first!r} and {second!r} are both mapped to {target!r}",
        "vi": "đổi tên: {first!r} và {second!r} cùng được đổi thành {target!r}",
    },
    "data.renamed.chained": {
        "en": "renamed: {before!r} is mapped to {after!r}, an agency the earlier assessment has too; map {after!r} as well",
        "vi": "đổi tên: {before!r} được đổi thành {after!r}, một đơn vị cũng có trong kỳ đánh giá trước; hãy ghi cả tên mới của {after!r}",
    },
    "data.renamed.cannot_read": {"en": "cannot read the renamed-agency mapping: {reason}", "vi": "không đọc được bảng đổi tên đơn vị: {reason}"},
    "data.renamed.invalid": {
        "en": "the renamed-agency mapping is not valid {format}: {detail}",
        "vi": "bảng đổi tên đơn vị không phải {format} hợp lệ: {detail}",
    },
    "data.renamed.shape": {
        "en": "the renamed-agency mapping must be a table of earlier agency id = later agency id",
        "vi": "bảng đổi tên đơn vị phải là một bảng dạng mã đơn vị kỳ trước = mã đơn vị kỳ sau",
    },
    # --- a saved assessment read back (compare) ---------------------------------------------------------
    "data.assessment.decimal": {
        "en": "{where}: expected a decimal number written as a string, got {value}",
        "vi": "{where}: cần một số thập phân viết dưới dạng chuỗi, nhận được {value}",
    },
    "data.assessment.cannot_read": {"en": "cannot read the assessment: {reason}", "vi": "không đọc được kết quả đánh giá: {reason}"},
    "data.assessment.format": {
        "en": 'not an assessment document: expected "format": "{format}" and a list of agencies, as `score --format json` writes',
        "vi": 'không phải tài liệu kết quả đánh giá: cần "format": "{format}" và một danh sách đơn vị, như `score --format json` ghi ra',
    },
    "data.assessment.no_ruleset": {
        "en": "the assessment does not name its ruleset (id, version, digest)",
        "vi": "kết quả đánh giá không ghi bộ tiêu chí đã dùng (id, version, digest)",
    },
    "data.assessment.not_bundled": {
        "en": "the assessment was scored under ruleset {id!r}, which is not bundled: give that ruleset too",
        "vi": "kết quả đánh giá được chấm theo bộ tiêu chí {id!r}, không phải bộ có sẵn: hãy đưa kèm bộ tiêu chí đó",
    },
    "data.assessment.digest": {
        "en": "the assessment was scored under {id} {version} (sha256 {digest}), not under {this} {this_version} (sha256 {this_digest}): "
        "the ruleset's content differs",
        "vi": "kết quả đánh giá được chấm theo {id} {version} (sha256 {digest}), không phải theo {this} {this_version} (sha256 {this_digest}): "
        "nội dung bộ tiêu chí khác nhau",
    },
    "data.assessment.agency": {
        "en": "agency {number}: expected an id and a group of {ruleset}",
        "vi": "đơn vị thứ {number}: cần một mã và một nhóm của {ruleset}",
    },
    "data.assessment.band": {"en": "band {band!r} is not a band of {ruleset}", "vi": "mức xếp loại {band!r} không phải là mức của {ruleset}"},
    "data.assessment.rank": {"en": "rank must be a whole number, got {rank}", "vi": "thứ hạng phải là một số nguyên, nhận được {rank}"},
    "data.assessment.round": {
        "en": "a round is an assessment JSON, or a ruleset and a data file; got {count} names",
        "vi": "một kỳ đánh giá là một tệp JSON kết quả, hoặc một bộ tiêu chí và một tệp số liệu; nhận được {count} tên",
    },
    # --- writing a template -----------------------------------------------------------------------------
    "template.title": {"en": "cannot write a template", "vi": "không ghi được mẫu nhập liệu"},
    "template.agencies": {
        "en": "agencies must be an iterable of Submission (e.g. from read_submissions), got {type}",
        "vi": "agencies phải là một dãy các Submission (chẳng hạn từ read_submissions), nhận được {type}",
    },
    "template.agencies_item": {
        "en": "agencies must be an iterable of Submission (e.g. from read_submissions), got a {type}",
        "vi": "agencies phải là một dãy các Submission (chẳng hạn từ read_submissions), nhận được một {type}",
    },
    "template.duplicate_agency": {"en": "duplicate agency in agencies", "vi": "đơn vị bị trùng trong agencies"},
    "template.note_id": {
        "en": "an agency id must not be empty or start with {mark!r}: a template row would read back as a note",
        "vi": "mã đơn vị không được để trống hay bắt đầu bằng {mark!r}: dòng đó của mẫu sẽ được đọc lại như một ghi chú",
    },
    "template.sources_once": {"en": "sources must name each source once, got {sources}", "vi": "sources phải nêu mỗi nguồn đúng một lần, nhận được {sources}"},
    "template.rows": {"en": "rows must be a whole number >= 0, got {rows}", "vi": "rows phải là một số nguyên >= 0, nhận được {rows}"},
    "template.reserved": {
        "en": "the id of this indicator is a reserved column of the wide layout",
        "vi": "mã của chỉ tiêu này trùng với một cột dành riêng của dạng ngang",
    },
    "template.per_parent_csv": {
        "en": "one sheet per parent agency needs an XLSX template, not CSV",
        "vi": "mỗi đơn vị cấp trên một trang tính chỉ làm được với mẫu XLSX, không làm được với CSV",
    },
    "template.no_parent_group": {
        "en": "the agencies of group {group!r} have no parent agencies: the group names no parent group",
        "vi": "các đơn vị của nhóm {group!r} không có đơn vị cấp trên: nhóm này không khai báo nhóm cấp trên",
    },
    "template.needs_parents": {
        "en": "one sheet per parent agency needs the parents: give agencies (an earlier data file) with the parent agencies or their children",
        "vi": "mỗi đơn vị cấp trên một trang tính cần biết các đơn vị cấp trên: hãy đưa agencies "
        "(một tệp số liệu trước đó) có các đơn vị cấp trên hoặc đơn vị trực thuộc của chúng",
    },
    "template.no_parent": {
        "en": "no parent: with one sheet per parent agency, each agency goes on its parent's sheet",
        "vi": "không có đơn vị cấp trên: khi mỗi đơn vị cấp trên một trang tính, mỗi đơn vị nằm trên trang tính của cấp trên",
    },
    "template.format": {"en": "a template is written as xlsx or csv, got {what}", "vi": "mẫu nhập liệu được ghi dưới dạng xlsx hoặc csv, nhận được {what}"},
    "template.format_named": {"en": "format {format!r}", "vi": "định dạng {format!r}"},
    "template.extension": {"en": "the extension {suffix!r}", "vi": "phần mở rộng {suffix!r}"},
    # --- scoring: submissions and cohorts ---------------------------------------------------------------
    "scoring.title": {"en": "submissions do not fit ruleset {id!r}", "vi": "các bản nộp không khớp với bộ tiêu chí {id!r}"},
    "scoring.missing_title": {"en": "missing data under ruleset {id!r}", "vi": "thiếu số liệu theo bộ tiêu chí {id!r}"},
    "scoring.changes_title": {"en": "changes do not fit ruleset {id!r}", "vi": "các thay đổi không khớp với bộ tiêu chí {id!r}"},
    "scoring.cohort_title": {"en": "cohort does not fit ruleset {id!r}", "vi": "cohort không khớp với bộ tiêu chí {id!r}"},
    "scoring.expected_ruleset": {"en": "expected a Ruleset, got {type}", "vi": "cần một Ruleset, nhận được {type}"},
    "scoring.cohort_expected": {"en": "expected a Cohort, got {type}", "vi": "cần một Cohort, nhận được {type}"},
    "scoring.cohort_other": {
        "en": "the cohort was checked against ruleset {id!r} ({digest}), not this one ({this})",
        "vi": "cohort đã được kiểm tra theo bộ tiêu chí {id!r} ({digest}), không phải bộ này ({this})",
    },
    "scoring.cohort_what_if": {
        "en": "a what-if cohort (from vary or scenarios) keeps no sources or references of its values: score it with BatchScorer.totals",
        "vi": "cohort giả định (từ vary hoặc scenarios) không giữ nguồn hay tham chiếu của các giá trị: hãy chấm điểm bằng BatchScorer.totals",
    },
    "scoring.submissions": {
        "en": "submissions must be an iterable of Submission, got {type}",
        "vi": "submissions phải là một dãy các Submission, nhận được {type}",
    },
    "scoring.submission_type": {"en": "submission {index} must be a Submission, got {type}", "vi": "bản nộp {index} phải là một Submission, nhận được {type}"},
    "scoring.submission_strings": {
        "en": "submission {index}: agency, group and name must be strings, got {shown}",
        "vi": "bản nộp {index}: agency, group và name phải là chuỗi, nhận được {shown}",
    },
    "scoring.submission_empty_id": {"en": "submission {index} has an empty agency id", "vi": "bản nộp {index} có mã đơn vị trống"},
    "scoring.submission_problem": {"en": "submission {index}: {problem}", "vi": "bản nộp {index}: {problem}"},
    "scoring.duplicate_agency": {"en": "duplicate agency (submissions {first} and {second})", "vi": "đơn vị bị trùng (bản nộp {first} và {second})"},
    "scoring.unknown_agency": {"en": "unknown agency{hint}", "vi": "không có đơn vị này trong cohort{hint}"},
    "scoring.indicator_not_string": {"en": "an indicator id must be a string, got {value}", "vi": "mã chỉ tiêu phải là một chuỗi, nhận được {value}"},
    "scoring.figure_types": {
        "en": "a source and a reference must be strings, got {source}, {reference}",
        "vi": "nguồn và tham chiếu phải là chuỗi, nhận được {source}, {reference}",
    },
    "scoring.two_values": {"en": "two values from source {source!r}", "vi": "có hai giá trị từ cùng nguồn {source!r}"},
    "scoring.value_at": {"en": "{problem} ({reference})", "vi": "{problem} ({reference})"},
    "scoring.claim_types": {
        "en": "a claim's criterion and evidence must be strings, got {criterion}, {evidence}",
        "vi": "tiêu chí và minh chứng của một kê khai phải là chuỗi, nhận được {criterion}, {evidence}",
    },
    "scoring.claim_unknown": {"en": "claim on unknown criterion {criterion!r}", "vi": "kê khai một tiêu chí không có trong bộ tiêu chí: {criterion!r}"},
    "scoring.claim_not_applicable": {
        "en": "claim on criterion that does not apply to group {group!r}: {criterion!r}",
        "vi": "kê khai một tiêu chí không áp dụng cho nhóm {group!r}: {criterion!r}",
    },
    "scoring.claim_not_excludable": {
        "en": "criterion {criterion!r} may not be claimed outside an agency's function",
        "vi": "tiêu chí {criterion!r} không được kê khai là nằm ngoài chức năng của đơn vị",
    },
    "scoring.own_parent": {"en": "an agency cannot be its own parent", "vi": "một đơn vị không thể là cấp trên của chính nó"},
    "scoring.needs_parent_ranked": {
        "en": "group {group!r} is ranked within parent agencies: the agency needs a parent",
        "vi": "nhóm {group!r} được xếp hạng trong phạm vi đơn vị cấp trên: đơn vị cần có đơn vị cấp trên",
    },
    "scoring.needs_parent_compared": {
        "en": "group {group!r} is compared within parent agencies: the agency needs a parent",
        "vi": "nhóm {group!r} được so sánh trong phạm vi đơn vị cấp trên: đơn vị cần có đơn vị cấp trên",
    },
    "scoring.parent_group": {
        "en": "the parent {parent!r} is in group {found!r}; parents of group {group!r} are in group {expected!r}",
        "vi": "đơn vị cấp trên {parent!r} thuộc nhóm {found!r}; đơn vị cấp trên của nhóm {group!r} phải thuộc nhóm {expected!r}",
    },
    "scoring.decided_type": {
        "en": "a decided total must be a DecidedTotal, got {type}",
        "vi": "tổng điểm đã công bố phải là một DecidedTotal, nhận được {type}",
    },
    "scoring.decided_finite": {
        "en": "a decided total must be a finite number, got {value}",
        "vi": "tổng điểm đã công bố phải là một số hữu hạn, nhận được {value}",
    },
    # --- scoring: a value against its indicator ---------------------------------------------------------
    "scoring.typed": {"en": "{type} {value}", "vi": "{type} {value}"},
    "scoring.type.str": {"en": "str", "vi": "chuỗi"},
    "scoring.type.int": {"en": "int", "vi": "số nguyên"},
    "scoring.type.float": {"en": "float", "vi": "số thực"},
    "scoring.type.list": {"en": "list", "vi": "danh sách"},
    "scoring.type.dict": {"en": "dict", "vi": "từ điển"},
    "scoring.value.expected_number": {"en": "expected a number, got {value}", "vi": "cần một số, nhận được {value}"},
    "scoring.value.expected_finite": {"en": "expected a finite number, got {value}", "vi": "cần một số hữu hạn, nhận được {value}"},
    "scoring.value.too_large": {
        "en": "a number must be less than 10^15 in size, got {value}",
        "vi": "độ lớn của một số phải nhỏ hơn 10^15, nhận được {value}",
    },
    "scoring.value.too_long": {
        "en": "a number must be less than 10^15 in size, got an integer of {digits} digits",
        "vi": "độ lớn của một số phải nhỏ hơn 10^15, nhận được một số nguyên có {digits} chữ số",
    },
    "scoring.value.too_small": {
        "en": "a number must be 0 or at least 10^-15 in size, got {value}",
        "vi": "một số phải bằng 0 hoặc có độ lớn từ 10^-15 trở lên, nhận được {value}",
    },
    "scoring.value.too_many_digits": {
        "en": "a number may have at most {limit} significant digits, got {value} ({digits} digits)",
        "vi": "một số chỉ được có tối đa {limit} chữ số có nghĩa, nhận được {value} ({digits} chữ số)",
    },
    "scoring.value.expected_yes_no": {"en": "expected yes/no (true or false), got {value}", "vi": "cần có/không (true hoặc false), nhận được {value}"},
    "scoring.value.expected_option": {"en": "expected one of {allowed}, got {value}", "vi": "cần một trong {allowed}, nhận được {value}"},
    "scoring.value.ratio": {"en": "a ratio must be within [0, 1], got {value}", "vi": "tỷ lệ phải nằm trong [0, 1], nhận được {value}"},
    "scoring.value.count_negative": {"en": "a count must not be negative, got {value}", "vi": "số đếm không được âm, nhận được {value}"},
    "scoring.value.count_whole": {"en": "a count must be a whole number, got {value}", "vi": "số đếm phải là số nguyên, nhận được {value}"},
    "scoring.value.min": {"en": "must be >= {bound}, got {value}", "vi": "phải >= {bound}, nhận được {value}"},
    "scoring.value.max": {"en": "must be <= {bound}, got {value}", "vi": "phải <= {bound}, nhận được {value}"},
    # --- a portal's payload -----------------------------------------------------------------------------
    "portal.too_large": {
        "en": "the payload is {size} bytes; a data document may be at most {limit}",
        "vi": "dữ liệu gửi lên có {size} byte; một tài liệu số liệu chỉ được tối đa {limit} byte",
    },
    "portal.not_utf8": {
        "en": "expected UTF-8 JSON, got a byte that is not UTF-8 at offset {offset}",
        "vi": "cần JSON mã hóa UTF-8, gặp một byte không phải UTF-8 ở vị trí {offset}",
    },
    "portal.expected_text": {"en": "expected JSON text or an object, got {type}", "vi": "cần văn bản JSON hoặc một đối tượng, nhận được {type}"},
    "portal.expected_object": {
        "en": "expected a JSON object with a list 'agencies', got {type}",
        "vi": "cần một đối tượng JSON có danh sách 'agencies', nhận được {type}",
    },
    # --- a portal's error document (indicator_index._portal.error_to_dict) --------------------------------
    "portal.error.more": {
        "en": "{title}: {count} problems ({listed} listed, and {more} more)",
        "vi": "{title}: {count} lỗi (liệt kê {listed} lỗi đầu, còn {more} lỗi khác)",
    },
    "scoring.decided_no_figures": {
        "en": "the total of {agency} was decided and published ({source}): it has no figures, so there are no missed points to explain and no plan to make",
        "vi": "tổng điểm của {agency} lấy theo kết quả đã công bố ({source}): không có số liệu, nên không có điểm bị mất để giải thích hay kế hoạch để lập",
    },
}
