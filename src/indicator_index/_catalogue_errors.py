"""
The catalogue of what is wrong with an input a person wrote: a ruleset, an
amendment, a mapping or a case file, and the words around every problem.

Merged into :data:`indicator_index._messages.CATALOGUE`; codes are grouped by
prefix (``error.*`` and ``problem.*`` the frame of an error, ``value.*`` and
``noun.*`` the words inside messages, ``file.*``, ``toml.*``, ``schema.*``,
``ruleset.*``, ``rule.*``, ``amendment.*``, ``chain.*``, ``mapping.*``,
``cases.*``). Another module may add its own entries the same way (a reader's
``data.*``, the engine's ``scoring.*``) without touching these.

The English template of every entry gives exactly the text the library has
always printed (``str(error)``, quoted in docs/errors.md); the Vietnamese one
is what an official reads under ``--lang vi``. Ids, key names, key paths and
values quoted from the input stay as written in both, numbers from the input
included (``2.5`` keeps its dot: it is what the file says); counts of problems
and bytes are grouped the language's way (``1,234`` and ``1.234``).
"""

from __future__ import annotations

from collections.abc import Mapping


__all__ = ["ERRORS"]

ERRORS: Mapping[str, Mapping[str, str]] = {
    # --- the frame of an error: title, count, the rest, and the words naming the place ---------
    "error.head": {"en": "error", "vi": "lỗi"},
    "error.count_one": {"en": "{head}: {count} problem", "vi": "{head}: {count} lỗi"},
    "error.count": {"en": "{head}: {count} problems", "vi": "{head}: {count} lỗi"},
    "error.more": {"en": "  … and {count} more", "vi": "  … và {count} lỗi khác"},
    "problem.agency": {"en": "agency {id!r}", "vi": "đơn vị {id!r}"},
    "problem.criterion": {"en": "criterion {id!r}", "vi": "tiêu chí {id!r}"},
    "problem.indicator": {"en": "indicator {id!r}", "vi": "chỉ tiêu {id!r}"},
    # --- words inside messages ----------------------------------------------------------------
    "value.got": {"en": "{kind} {shown}", "vi": "{kind} {shown}"},
    "value.long_integer": {"en": "an integer of {digits} digits", "vi": "một số nguyên có {digits} chữ số"},
    "value.kind.string": {"en": "string", "vi": "chuỗi"},
    "value.kind.integer": {"en": "integer", "vi": "số nguyên"},
    "value.kind.number": {"en": "number", "vi": "số"},
    "value.kind.boolean": {"en": "boolean", "vi": "giá trị đúng/sai"},
    "value.kind.array": {"en": "array", "vi": "mảng"},
    "value.kind.table": {"en": "table", "vi": "bảng"},
    "value.kind.date": {"en": "date", "vi": "ngày"},
    "value.kind.date_time": {"en": "date-time", "vi": "ngày giờ"},
    "value.kind.time": {"en": "time", "vi": "giờ"},
    "value.or": {"en": "{first} or {second}", "vi": "{first} hoặc {second}"},
    "value.none": {"en": "none", "vi": "không có"},
    "hint.did_you_mean": {"en": " (did you mean {name!r}?)", "vi": " (có phải là {name!r}?)"},
    "noun.band": {"en": "band", "vi": "mức xếp loại"},
    "noun.agency_group": {"en": "agency group", "vi": "nhóm đơn vị"},
    "noun.block": {"en": "block", "vi": "khối xếp hạng"},
    "noun.ranking_block": {"en": "ranking block", "vi": "khối xếp hạng"},
    "noun.section": {"en": "section", "vi": "mục"},
    "noun.indicator": {"en": "indicator", "vi": "chỉ tiêu"},
    "noun.criterion": {"en": "criterion", "vi": "tiêu chí"},
    "noun.bonus": {"en": "bonus", "vi": "điểm thưởng"},
    "noun.penalty": {"en": "penalty", "vi": "điểm trừ"},
    "noun.option": {"en": "option", "vi": "phương án"},
    # --- reading a ruleset file -----------------------------------------------------------------
    "file.not_bundled_text": {
        "en": "{name}: not a bundled ruleset (bundled: {known}); a text parsed without base_dir can extend only a bundled ruleset",
        "vi": "{name}: không phải bộ tiêu chí có sẵn (có sẵn: {known}); văn bản đọc không kèm base_dir chỉ có thể mở rộng (extends) một bộ tiêu chí có sẵn",
    },
    "file.cannot_open": {"en": "{name}: cannot be opened: {reason}", "vi": "{name}: không mở được: {reason}"},
    "file.is_directory": {"en": "{name}: is a directory, not a ruleset file", "vi": "{name}: là một thư mục, không phải tệp bộ tiêu chí"},
    "file.not_found": {
        "en": "{name}: no such file or bundled ruleset (bundled: {known})",
        "vi": "{name}: không có tệp hay bộ tiêu chí có sẵn nào mang tên này (có sẵn: {known})",
    },
    "file.too_large": {
        "en": "file is {size} bytes; a ruleset may be at most {limit}",
        "vi": "tệp có {size} byte; một bộ tiêu chí chỉ được tối đa {limit} byte",
    },
    "file.cannot_read": {"en": "cannot read the file: {reason}", "vi": "không đọc được tệp: {reason}"},
    "file.not_utf8": {
        "en": "the file is not UTF-8: byte {byte} cannot be decoded (save it as UTF-8)",
        "vi": "tệp không được mã hóa UTF-8: không giải mã được byte {byte} (hãy lưu tệp dưới dạng UTF-8)",
    },
    # --- TOML syntax ----------------------------------------------------------------------------
    "toml.lone_surrogate": {
        "en": "the text contains a lone surrogate character, which no UTF-8 file can hold",
        "vi": "văn bản chứa một ký tự surrogate đơn lẻ, không tệp UTF-8 nào chứa được",
    },
    "toml.text_too_large": {
        "en": "the text is over {limit} bytes; a ruleset may be at most that",
        "vi": "văn bản dài quá {limit} byte, mức tối đa của một bộ tiêu chí",
    },
    "toml.invalid": {"en": "invalid TOML: {detail}", "vi": "TOML không hợp lệ: {detail}"},
    "toml.integer_digits": {
        "en": "invalid TOML: an integer literal has {digits} digits; at most 4300 are allowed",
        "vi": "TOML không hợp lệ: một số nguyên có {digits} chữ số; tối đa 4300 chữ số",
    },
    "toml.integer_long": {
        "en": "invalid TOML: an integer literal is too long; at most 4300 are allowed",
        "vi": "TOML không hợp lệ: một số nguyên quá dài; tối đa 4300 chữ số",
    },
    "toml.too_deep": {"en": "invalid TOML: nested too deeply", "vi": "TOML không hợp lệ: lồng nhau quá sâu"},
    "toml.nested": {
        "en": "arrays and tables are nested {depth} deep; at most {limit} is allowed",
        "vi": "mảng và bảng lồng nhau {depth} cấp; tối đa {limit} cấp",
    },
    "toml.nested_or_more": {
        "en": "arrays and tables are nested {depth} deep or more; at most {limit} is allowed",
        "vi": "mảng và bảng lồng nhau từ {depth} cấp trở lên; tối đa {limit} cấp",
    },
    # What Python's TOML parser says (tomllib), first letter in lower case.
    "toml.parser.overwrite": {"en": "cannot overwrite a value", "vi": "không được ghi đè một giá trị đã có"},
    "toml.parser.escape_scalar": {
        "en": "escaped character is not a Unicode scalar value",
        "vi": "ký tự thoát không phải là một giá trị Unicode hợp lệ",
    },
    "toml.parser.expected_equals": {
        "en": "expected '=' after a key in a key/value pair",
        "vi": "cần dấu '=' sau khóa trong một cặp khóa/giá trị",
    },
    "toml.parser.expected_table_end": {
        "en": "expected ']' at the end of a table declaration",
        "vi": "cần dấu ']' ở cuối phần khai báo bảng",
    },
    "toml.parser.expected_array_end": {
        "en": "expected ']]' at the end of an array declaration",
        "vi": "cần dấu ']]' ở cuối phần khai báo mảng bảng",
    },
    "toml.parser.expected_newline": {
        "en": "expected newline or end of document after a statement",
        "vi": "cần xuống dòng hoặc hết tệp sau một câu lệnh",
    },
    "toml.parser.invalid_date": {"en": "invalid date or datetime", "vi": "ngày hoặc ngày giờ sai định dạng"},
    "toml.parser.invalid_hex": {"en": "invalid hex value", "vi": "giá trị thập lục phân sai định dạng"},
    "toml.parser.invalid_key_start": {"en": "invalid initial character for a key part", "vi": "ký tự mở đầu của khóa sai quy cách"},
    "toml.parser.invalid_statement": {"en": "invalid statement", "vi": "câu lệnh sai cú pháp"},
    "toml.parser.invalid_value": {"en": "invalid value", "vi": "giá trị sai cú pháp"},
    "toml.parser.unclosed_array": {"en": "unclosed array", "vi": "mảng chưa được đóng"},
    "toml.parser.unclosed_table": {"en": "unclosed inline table", "vi": "bảng viết trên một dòng chưa được đóng"},
    "toml.parser.unescaped_backslash": {"en": "unescaped '\\' in a string", "vi": "dấu '\\' chưa được thoát trong chuỗi"},
    "toml.parser.unterminated_string": {"en": "unterminated string", "vi": "chuỗi chưa được đóng"},
    "toml.parser.not_a_list": {"en": "an object other than list found behind this key", "vi": "khóa này đã mang một giá trị không phải mảng"},
    "toml.parser.declare_twice": {"en": "cannot declare {key} twice", "vi": "không được khai báo {key} hai lần"},
    "toml.parser.immutable": {
        "en": "cannot mutate immutable namespace {key}",
        "vi": "không được thay đổi bảng {key} đã khai báo trọn vẹn",
    },
    "toml.parser.redefine": {"en": "cannot redefine namespace {key}", "vi": "không được khai báo lại bảng {key}"},
    "toml.parser.duplicate_inline_key": {"en": "duplicate inline table key {key}", "vi": "khóa {key} lặp lại trong bảng viết trên một dòng"},
    "toml.parser.expected": {"en": "expected {what}", "vi": "cần {what}"},
    "toml.parser.invalid_character": {"en": "found invalid character {char}", "vi": "gặp ký tự sai quy cách {char}"},
    "toml.parser.illegal_character": {"en": "illegal character {char}", "vi": "ký tự không được phép {char}"},
    "toml.parser.no_nest": {"en": "there is no nest behind this key", "vi": "khóa này không chứa bảng lồng nhau"},
    # --- the shape of a document: types, keys, versions (rulesets, mappings, case files) ---------
    "schema.expected_string": {"en": "expected a string, got {got}", "vi": "cần một chuỗi, nhận được {got}"},
    "schema.expected_integer": {"en": "expected an integer, got {got}", "vi": "cần một số nguyên, nhận được {got}"},
    "schema.expected_bool": {"en": "expected true or false, got {got}", "vi": "cần true hoặc false, nhận được {got}"},
    "schema.expected_number": {"en": "expected a number, got {got}", "vi": "cần một số, nhận được {got}"},
    "schema.expected_finite": {"en": "expected a finite number, got {value}", "vi": "cần một số hữu hạn, nhận được {value}"},
    "schema.too_many_digits": {
        "en": "a number must have at most {digits} digits before and {places} after the decimal point, got {value}",
        "vi": "một số chỉ được có tối đa {digits} chữ số trước và {places} chữ số sau dấu thập phân, nhận được {value}",
    },
    "schema.expected_date_not_time": {
        "en": "expected a date (YYYY-MM-DD), got a date-time {value}",
        "vi": "cần một ngày (YYYY-MM-DD), nhận được ngày giờ {value}",
    },
    "schema.expected_date": {
        "en": "expected a date (YYYY-MM-DD, unquoted), got {got}",
        "vi": "cần một ngày (YYYY-MM-DD, không đặt trong dấu nháy), nhận được {got}",
    },
    "schema.expected_table": {"en": "expected a table, got {got}", "vi": "cần một bảng, nhận được {got}"},
    "schema.expected_array": {"en": "expected an array, got {got}", "vi": "cần một mảng, nhận được {got}"},
    "schema.for_key": {"en": "{problem} for key {key!r}", "vi": "{problem} ở khóa {key!r}"},
    "schema.expected_rule_table": {"en": "expected a table with a 'kind', got {got}", "vi": "cần một bảng có 'kind', nhận được {got}"},
    "schema.rule_kind": {
        "en": "rule kind must be one of {kinds}, got {kind!r}{hint}",
        "vi": "loại quy tắc tính điểm (kind) phải là một trong {kinds}, nhận được {kind!r}{hint}",
    },
    "schema.rule_needs_kind": {"en": "a rule needs a 'kind', one of {kinds}", "vi": "quy tắc tính điểm cần có 'kind', là một trong {kinds}"},
    "schema.expected_one_of": {"en": "expected one of {options}, got {value}{hint}", "vi": "cần một trong {options}, nhận được {value}{hint}"},
    "schema.unknown_key": {"en": "unknown key {keys}", "vi": "khóa không hợp lệ {keys}"},
    "schema.unknown_keys": {"en": "unknown keys {keys}", "vi": "các khóa không hợp lệ {keys}"},
    "schema.key_hint": {"en": "{key!r}{hint}", "vi": "{key!r}{hint}"},
    "schema.required_key": {"en": "required key {key!r} is missing", "vi": "thiếu khóa bắt buộc {key!r}"},
    "schema.required_key_any": {"en": "a required key is missing", "vi": "thiếu một khóa bắt buộc"},
    "schema.invalid_table": {"en": "invalid table", "vi": "bảng sai cấu trúc"},
    "schema.invalid_value": {"en": "invalid value ({type})", "vi": "giá trị sai kiểu ({type})"},
    "schema.version_missing": {
        "en": "schema_version is missing; this library reads schema_version = {version}",
        "vi": "thiếu schema_version; thư viện này đọc schema_version = {version}",
    },
    "schema.version_unsupported": {
        "en": "unsupported schema_version {value}; this library reads schema_version = {version}",
        "vi": "không hỗ trợ schema_version {value}; thư viện này đọc schema_version = {version}",
    },
    "schema.version_must": {"en": "schema_version must be {expected}, got {value!r}", "vi": "schema_version phải là {expected}, nhận được {value!r}"},
    "schema.one_of": {"en": "{key} must be one of {choices}, got {value!r}", "vi": "{key} phải là một trong {choices}, nhận được {value!r}"},
    # --- a ruleset that does not hold together ----------------------------------------------------
    "ruleset.invalid_title": {"en": "{file}: ruleset is invalid", "vi": "{file}: bộ tiêu chí không hợp lệ"},
    "ruleset.invalid_id_title": {"en": "ruleset {id!r} is invalid", "vi": "bộ tiêu chí {id!r} không hợp lệ"},
    "ruleset.not_table": {"en": "a ruleset must be a table, got {type}", "vi": "bộ tiêu chí phải là một bảng, nhận được {type}"},
    "ruleset.wrong_type": {"en": "a field has the wrong type: {error}", "vi": "một trường có kiểu sai: {error}"},
    "ruleset.bad_item_id": {
        "en": "{what} id must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit, got {id!r}",
        "vi": "mã {what} phải gồm 1-64 chữ cái, chữ số, '.', '_' hoặc '-' và bắt đầu bằng chữ cái hoặc chữ số, nhận được {id!r}",
    },
    "ruleset.duplicate_id": {"en": "duplicate id {id!r}{same}: {used} already has it", "vi": "mã {id!r} bị trùng{same}: {used} đã dùng mã này"},
    "ruleset.same_folded": {
        "en": " (the same as {other!r} once case and Unicode form are ignored)",
        "vi": " (trùng với {other!r} khi không phân biệt chữ hoa, chữ thường và dạng Unicode)",
    },
    "ruleset.used_another": {"en": "another {what}", "vi": "một {what} khác"},
    "ruleset.used_a": {"en": "a {what}", "vi": "một {what}"},
    "ruleset.used_an": {"en": "an {what}", "vi": "một {what}"},
    "ruleset.label_text": {
        "en": "a label needs a Vietnamese ('vi') or English ('en') text",
        "vi": "nhãn cần có nội dung tiếng Việt ('vi') hoặc tiếng Anh ('en')",
    },
    "ruleset.groups_empty": {
        "en": "'groups' must list at least one {what}, or be left out",
        "vi": "'groups' phải liệt kê ít nhất một {what}, hoặc không khai báo khóa này",
    },
    "ruleset.unknown_ref": {"en": "unknown {what} {ref!r}{hint}", "vi": "không có {what} {ref!r}{hint}"},
    "ruleset.bad_ruleset_id": {
        "en": "ruleset id must be 1-64 letters, digits, '.', '_' or '-', got {id!r}",
        "vi": "mã bộ tiêu chí phải gồm 1-64 chữ cái, chữ số, '.', '_' hoặc '-', nhận được {id!r}",
    },
    "ruleset.version_empty": {"en": "version must not be empty", "vi": "'version' không được để trống"},
    "ruleset.scale_positive": {"en": "scale must be > 0, got {value}", "vi": "'scale' (thang điểm) phải > 0, nhận được {value}"},
    "ruleset.effective_order": {
        "en": "effective.end ({end}) must not be before effective.start ({start})",
        "vi": "effective.end ({end}) không được trước effective.start ({start})",
    },
    "ruleset.rounding_places": {
        "en": "rounding.places must be within [0, 10], got {places}",
        "vi": "rounding.places phải nằm trong khoảng [0, 10], nhận được {places}",
    },
    "ruleset.sources_empty": {"en": "sources must list at least one data source", "vi": "'sources' phải liệt kê ít nhất một nguồn số liệu"},
    "ruleset.source_id": {"en": "a source must be an id, got {value!r}", "vi": "mỗi nguồn phải là một mã, nhận được {value!r}"},
    "ruleset.sources_repeat": {"en": "sources must not repeat", "vi": "các nguồn trong 'sources' không được lặp lại"},
    "ruleset.no_band": {"en": "at least one band is needed", "vi": "cần ít nhất một mức xếp loại"},
    "ruleset.band_min": {
        "en": "band min must be within [0, {scale}], got {value}",
        "vi": "'min' của mức xếp loại phải nằm trong khoảng [0, {scale}], nhận được {value}",
    },
    "ruleset.bands_overlap": {
        "en": "bands {first!r} and {second!r} overlap: both start at {value}",
        "vi": "hai mức xếp loại {first!r} và {second!r} chồng lên nhau: cùng bắt đầu từ {value}",
    },
    "ruleset.bands_gap": {
        "en": "the bands leave a gap: no band starts at 0 (the lowest starts at {value})",
        "vi": "các mức xếp loại để hở một khoảng: không mức nào bắt đầu từ 0 (mức thấp nhất bắt đầu từ {value})",
    },
    "ruleset.no_group": {"en": "at least one agency group is needed", "vi": "cần ít nhất một nhóm đơn vị"},
    "ruleset.group_total": {"en": "group total must be > 0, got {value}", "vi": "'total' của nhóm phải > 0, nhận được {value}"},
    "ruleset.own_parent": {"en": "group {id!r} cannot be its own parent group", "vi": "nhóm {id!r} không thể là nhóm cấp trên của chính nó"},
    "ruleset.two_blocks": {
        "en": "group {group!r} is in two blocks: {first!r} and {second!r}",
        "vi": "nhóm {group!r} thuộc hai khối xếp hạng: {first!r} và {second!r}",
    },
    "ruleset.block_scope": {
        "en": "the groups of block {id!r} must all be ranked within the same scope (group or parent)",
        "vi": "các nhóm của khối {id!r} phải được xếp hạng trong cùng một phạm vi ('group' hoặc 'parent')",
    },
    "ruleset.no_section": {"en": "at least one section is needed", "vi": "cần ít nhất một mục"},
    "ruleset.section_number": {"en": "duplicate section number {number}", "vi": "số thứ tự mục {number} bị trùng"},
    "ruleset.indicator_type": {
        "en": "indicator type must be one of {choices}, got {value!r}",
        "vi": "loại chỉ tiêu phải là một trong {choices}, nhận được {value!r}",
    },
    "ruleset.choice_needs_option": {"en": "a choice indicator needs at least one option", "vi": "chỉ tiêu lựa chọn ('choice') cần ít nhất một phương án"},
    "ruleset.options_only_choice": {
        "en": "only a choice indicator has options, not a {type!r} one",
        "vi": "chỉ chỉ tiêu lựa chọn ('choice') mới có 'options', chỉ tiêu loại {type!r} thì không",
    },
    "ruleset.minmax_only_number": {
        "en": "only a number indicator takes min/max, not a {type!r} one",
        "vi": "chỉ chỉ tiêu số ('number') mới nhận 'min'/'max', chỉ tiêu loại {type!r} thì không",
    },
    "ruleset.indicator_min_max": {
        "en": "indicator min ({min}) must not exceed max ({max})",
        "vi": "'min' của chỉ tiêu ({min}) không được lớn hơn 'max' ({max})",
    },
    "ruleset.no_criterion": {"en": "at least one criterion is needed", "vi": "cần ít nhất một tiêu chí"},
    "ruleset.group_not_in_section": {
        "en": "group {group!r} is not among the groups of section {section!r}",
        "vi": "nhóm {group!r} không thuộc các nhóm của mục {section!r}",
    },
    "ruleset.max_points_nonneg": {"en": "max_points must be >= 0, got {value}", "vi": "max_points phải >= 0, nhận được {value}"},
    "ruleset.by_group_unknown": {
        "en": "max_points_by_group names unknown agency group: {group!r}",
        "vi": "max_points_by_group nêu một nhóm đơn vị không có: {group!r}",
    },
    "ruleset.by_group_not_applying": {
        "en": "max_points_by_group names a group the criterion does not apply to: {group!r}",
        "vi": "max_points_by_group nêu một nhóm mà tiêu chí không áp dụng: {group!r}",
    },
    "ruleset.by_group_nonneg": {
        "en": "max_points_by_group.{group} must be >= 0, got {value}",
        "vi": "max_points_by_group.{group} phải >= 0, nhận được {value}",
    },
    "ruleset.max_points_zero": {
        "en": "max_points must be > 0 (only an 'info' rule has 0)",
        "vi": "max_points phải > 0 (chỉ quy tắc 'info' mới có 0)",
    },
    "ruleset.maxima_total": {
        "en": "the maxima of the criteria applying to group {group!r} add up to {actual}, not {declared} (its total)",
        "vi": "điểm tối đa của các tiêu chí áp dụng cho nhóm {group!r} cộng lại được {actual}, không phải {declared} ('total' của nhóm)",
    },
    "ruleset.maxima_scale": {
        "en": "the maxima of the criteria applying to group {group!r} add up to {actual}, not {declared} (the scale)",
        "vi": "điểm tối đa của các tiêu chí áp dụng cho nhóm {group!r} cộng lại được {actual}, không phải {declared} (thang điểm)",
    },
    "ruleset.max_points_positive": {"en": "max_points must be > 0, got {value}", "vi": "max_points phải > 0, nhận được {value}"},
    "ruleset.cap_required": {"en": "{cap_key} is required when there are {key}", "vi": "cần khai báo {cap_key} khi có {key}"},
    "ruleset.cap_positive": {"en": "{cap_key} must be > 0, got {value}", "vi": "{cap_key} phải > 0, nhận được {value}"},
    "ruleset.adjustment_sections": {
        "en": "bonus and penalty items must all belong to one section, got {names}",
        "vi": "các khoản điểm thưởng và điểm trừ phải cùng thuộc một mục, nhận được {names}",
    },
    "ruleset.adjustment_section_criteria": {
        "en": "section {id!r} holds bonus/penalty items, so it must hold no criteria",
        "vi": "mục {id!r} chứa các khoản điểm thưởng/điểm trừ nên không được chứa tiêu chí",
    },
    "ruleset.provenance_status": {
        "en": "provenance.status must be 'decision', 'inferred' or 'reconstructed', got {value!r}",
        "vi": "provenance.status phải là 'decision', 'inferred' hoặc 'reconstructed', nhận được {value!r}",
    },
    "ruleset.provenance_citation": {
        "en": "provenance.citation must say where the item comes from",
        "vi": "provenance.citation phải nêu nội dung này lấy từ văn bản nào",
    },
    "ruleset.provenance_method": {
        "en": "a reconstructed item must name the methodology it follows in provenance.method",
        "vi": "nội dung được dựng lại (reconstructed) phải nêu phương pháp áp dụng trong provenance.method",
    },
    # --- a scoring rule -----------------------------------------------------------------------------
    "rule.needs_kind": {
        "en": "a {rule} rule needs a {expected} indicator, got {id!r} of type {declared!r}",
        "vi": "quy tắc {rule} cần chỉ tiêu loại {expected}, nhận được {id!r} thuộc loại {declared!r}",
    },
    "rule.no_tier": {"en": "a tiers rule needs at least one tier", "vi": "quy tắc 'tiers' cần ít nhất một bậc"},
    "rule.tier_one_bound": {
        "en": "a tier needs exactly one of 'at_least' and 'at_most'",
        "vi": "mỗi bậc cần đúng một trong hai ngưỡng 'at_least' hoặc 'at_most'",
    },
    "rule.choice_table": {
        "en": "a choice rule needs exactly one of 'points_by_option' and 'fraction_by_option'",
        "vi": "quy tắc 'choice' cần đúng một trong hai bảng 'points_by_option' hoặc 'fraction_by_option'",
    },
    "rule.tier_bound": {
        "en": "all tiers of a rule must use the same bound ('at_least' or 'at_most')",
        "vi": "mọi bậc của một quy tắc phải dùng cùng một loại ngưỡng ('at_least' hoặc 'at_most')",
    },
    "rule.tier_points": {"en": "tier points must be within [0, {max}], got {value}", "vi": "điểm của bậc phải nằm trong khoảng [0, {max}], nhận được {value}"},
    "rule.at_least_order": {
        "en": "'at_least' thresholds must be strictly decreasing, got {value} after {previous}",
        "vi": "các ngưỡng 'at_least' phải giảm dần, nhận được {value} sau {previous}",
    },
    "rule.at_most_order": {
        "en": "'at_most' thresholds must be strictly increasing, got {value} after {previous}",
        "vi": "các ngưỡng 'at_most' phải tăng dần, nhận được {value} sau {previous}",
    },
    "rule.tier_points_order": {
        "en": "tier points must not increase down the list, got {value} after {previous}",
        "vi": "điểm của bậc sau không được cao hơn bậc trước, nhận được {value} sau {previous}",
    },
    "rule.otherwise": {
        "en": "'otherwise' must be within [0, {last}] (the last tier's points), got {value}",
        "vi": "'otherwise' phải nằm trong khoảng [0, {last}] (điểm của bậc cuối), nhận được {value}",
    },
    "rule.key_within": {"en": "'{key}' must be within [0, {max}], got {value}", "vi": "'{key}' phải nằm trong khoảng [0, {max}], nhận được {value}"},
    "rule.option_within": {
        "en": "option {option!r} must earn within [0, {limit}], got {value}",
        "vi": "phương án {option!r} phải có số điểm trong khoảng [0, {limit}], nhận được {value}",
    },
    "rule.option_no_points": {
        "en": "option {option!r} of indicator {indicator!r} has no points",
        "vi": "phương án {option!r} của chỉ tiêu {indicator!r} chưa được gán điểm",
    },
    "rule.not_an_option": {
        "en": "option {option!r} is not an option of indicator {indicator!r}",
        "vi": "{option!r} không phải là phương án của chỉ tiêu {indicator!r}",
    },
    "rule.per_item_positive": {"en": "'points_per_item' must be > 0, got {value}", "vi": "'points_per_item' phải > 0, nhận được {value}"},
    "rule.needs_entry": {"en": "'{key}' needs at least one entry", "vi": "'{key}' cần ít nhất một phần tử"},
    "rule.duplicate_part": {"en": "duplicate part id {id!r}", "vi": "mã phần {id!r} bị trùng"},
    "rule.part_max_nonneg": {"en": "'max_points' must be >= 0, got {value}", "vi": "'max_points' phải >= 0, nhận được {value}"},
    "rule.cap_positive": {"en": "'cap' must be > 0, got {value}", "vi": "'cap' phải > 0, nhận được {value}"},
    "rule.cap_exceeds": {
        "en": "'cap' ({cap}) must not exceed the sum of the parts' maxima ({total})",
        "vi": "'cap' ({cap}) không được vượt tổng điểm tối đa của các phần ({total})",
    },
    "rule.cap_must_equal": {
        "en": "'cap' ({cap}) must equal the criterion's max_points ({max})",
        "vi": "'cap' ({cap}) phải bằng max_points của tiêu chí ({max})",
    },
    "rule.parts_must_equal": {
        "en": "the parts' maxima add up to {total}, which must equal the criterion's max_points ({max})",
        "vi": "điểm tối đa của các phần cộng lại được {total}, phải bằng max_points của tiêu chí ({max})",
    },
    "rule.alternative_max": {
        "en": "an alternative's max_points ({value}) must equal the criterion's ({max})",
        "vi": "max_points của mỗi phương án thay thế ({value}) phải bằng max_points của tiêu chí ({max})",
    },
    "rule.info_max": {
        "en": "an info rule is listed but not scored, so max_points must be 0, got {value}",
        "vi": "quy tắc 'info' chỉ liệt kê, không chấm điểm, nên max_points phải bằng 0, nhận được {value}",
    },
    # --- amendments (a ruleset that extends another) -------------------------------------------------
    "amendment.invalid_title": {"en": "{file}: amendment is invalid", "vi": "{file}: văn bản sửa đổi không hợp lệ"},
    "amendment.own_key": {"en": "an amendment must declare its own {key!r}", "vi": "văn bản sửa đổi phải tự khai báo {key!r}"},
    "amendment.must_be_table": {"en": "'{name}' must be a table", "vi": "'{name}' phải là một bảng"},
    "amendment.unknown_collection": {
        "en": "unknown key {key!r}{hint}; '{name}' takes {collections}",
        "vi": "khóa không hợp lệ {key!r}{hint}; '{name}' chỉ nhận {collections}",
    },
    "amendment.remove_array": {
        "en": "'remove.{key}' must be an array of ids, got {got}",
        "vi": "'remove.{key}' phải là một mảng các mã, nhận được {got}",
    },
    "amendment.modify_table": {
        "en": "'modify.{key}' must be a table of ids, got {got}",
        "vi": "'modify.{key}' phải là một bảng theo mã, nhận được {got}",
    },
    "amendment.cannot_remove": {
        "en": "cannot remove {what} {id!r}: the base has no such id",
        "vi": "không xóa được {what} {id!r}: bộ tiêu chí gốc không có mã này",
    },
    # The item of each collection, in the singular.
    "amendment.item.bands": {"en": "band", "vi": "mức xếp loại"},
    "amendment.item.groups": {"en": "group", "vi": "nhóm"},
    "amendment.item.blocks": {"en": "block", "vi": "khối xếp hạng"},
    "amendment.item.sections": {"en": "section", "vi": "mục"},
    "amendment.item.indicators": {"en": "indicator", "vi": "chỉ tiêu"},
    "amendment.item.criteria": {"en": "criterion", "vi": "tiêu chí"},
    "amendment.item.bonuses": {"en": "bonus item", "vi": "điểm thưởng"},
    "amendment.item.penalties": {"en": "penalty item", "vi": "điểm trừ"},
    "amendment.cannot_modify": {
        "en": "cannot modify {id!r} in {key}: the base has no such id",
        "vi": "không sửa được {id!r} trong {key}: bộ tiêu chí gốc không có mã này",
    },
    "amendment.modify_item_table": {
        "en": "modify.{key}.{id} must be a table of changed keys",
        "vi": "modify.{key}.{id} phải là một bảng gồm các khóa được sửa",
    },
    "amendment.only_in_amendment": {
        "en": "'{key}' is only allowed in an amendment (a ruleset with 'extends')",
        "vi": "'{key}' chỉ được dùng trong văn bản sửa đổi (bộ tiêu chí có 'extends')",
    },
    "amendment.extends_type": {
        "en": "extends must be a ruleset name or path, got {value!r}",
        "vi": "extends phải là tên hoặc đường dẫn của một bộ tiêu chí, nhận được {value!r}",
    },
    "amendment.chain_too_long": {
        "en": "extends makes a chain of more than {limit} rulesets; at most {limit} may build on one another",
        "vi": "extends tạo thành một chuỗi dài hơn {limit} bộ tiêu chí; tối đa {limit} bộ được nối tiếp nhau",
    },
    "amendment.cycle": {"en": "extends makes a cycle: {chain}", "vi": "extends tạo thành vòng lặp: {chain}"},
    # --- the chain of decisions of a family ----------------------------------------------------------
    "chain.no_ruleset": {
        "en": "no {family!r} ruleset governs evaluation year {year}: none is in force on {date} or comes into force in {next} (chain: {known})",
        "vi": "không có bộ tiêu chí {family!r} nào áp dụng cho năm đánh giá {year}: không bộ nào có hiệu lực vào ngày {date} "
        "hoặc bắt đầu có hiệu lực trong năm {next} (chuỗi: {known})",
    },
    # --- mapping files (ids of one ruleset to another's) ---------------------------------------------
    "mapping.invalid_title": {"en": "{source}: mapping is invalid", "vi": "{source}: tệp ánh xạ không hợp lệ"},
    "mapping.misfit_title": {"en": "{source}: mapping does not fit the rulesets", "vi": "{source}: tệp ánh xạ không khớp với các bộ tiêu chí"},
    "mapping.wrong_ruleset": {
        "en": "the mapping is for ruleset {declared!r} as {key!r}, got {actual!r}",
        "vi": "tệp ánh xạ dành cho bộ tiêu chí {declared!r} ở vị trí {key!r}, thực tế là {actual!r}",
    },
    "mapping.unknown_id": {"en": "unknown {noun} {id!r} in ruleset {ruleset!r}", "vi": "không có {noun} {id!r} trong bộ tiêu chí {ruleset!r}"},
    "mapping.same_target": {
        "en": "indicators {first!r} and {second!r} both map to {target!r}; a figure can come from one indicator only",
        "vi": "hai chỉ tiêu {first!r} và {second!r} cùng ánh xạ sang {target!r}; một số liệu chỉ lấy được từ một chỉ tiêu",
    },
    "mapping.not_table": {"en": "a mapping must be a table, got {type}", "vi": "tệp ánh xạ phải là một bảng, nhận được {type}"},
    "mapping.unknown_key": {"en": "unknown key {key!r}; a mapping takes {keys}", "vi": "khóa không hợp lệ {key!r}; tệp ánh xạ chỉ nhận {keys}"},
    "mapping.expected_ids": {
        "en": 'expected an id, a list of ids or "", got {got}',
        "vi": 'cần một mã, một danh sách mã hoặc "", nhận được {got}',
    },
    "mapping.expected_id": {"en": 'expected an id or "", got {got}', "vi": 'cần một mã hoặc "", nhận được {got}'},
    "mapping.cannot_read": {"en": "cannot read the mapping: {reason}", "vi": "không đọc được tệp ánh xạ: {reason}"},
    # --- case files (a ruleset's test cases) ---------------------------------------------------------
    "cases.invalid_title": {"en": "{source}: invalid case file", "vi": "{source}: tệp trường hợp kiểm thử không hợp lệ"},
    "cases.cannot_read": {"en": "cannot read the case file: {reason}", "vi": "không đọc được tệp trường hợp kiểm thử: {reason}"},
    "cases.not_table": {"en": "a case file must be a table, got {type}", "vi": "tệp trường hợp kiểm thử phải là một bảng, nhận được {type}"},
    "cases.unknown_key": {
        "en": "unknown key {key!r}; a case file takes schema_version, ruleset, cases",
        "vi": "khóa không hợp lệ {key!r}; tệp trường hợp kiểm thử chỉ nhận 'schema_version', 'ruleset', 'cases'",
    },
    "cases.ruleset_id": {"en": "ruleset must be a ruleset id, got {value!r}", "vi": "'ruleset' phải là mã của một bộ tiêu chí, nhận được {value!r}"},
    "cases.no_cases": {"en": "expected at least one [[cases]]", "vi": "cần ít nhất một [[cases]]"},
    "cases.case_table": {"en": "a case must be a table", "vi": "mỗi trường hợp phải là một bảng"},
    "cases.case_id": {"en": "a case needs a non-empty string 'id'", "vi": "mỗi trường hợp cần một 'id' là chuỗi khác rỗng"},
    "cases.duplicate_id": {"en": "duplicate case id {id!r}", "vi": "mã trường hợp {id!r} bị trùng"},
    "cases.unknown_case_key": {"en": "unknown key {key!r}; a case takes {keys}", "vi": "khóa không hợp lệ {key!r}; mỗi trường hợp chỉ nhận {keys}"},
    "cases.data_or_agencies": {
        "en": "a case needs exactly one of 'data' (a data file) and 'agencies' (inline)",
        "vi": "mỗi trường hợp cần đúng một trong hai: 'data' (tệp số liệu) hoặc 'agencies' (khai báo ngay trong tệp)",
    },
    "cases.data_type": {
        "en": "data must be a file path or a bundled sample name, got {value!r}",
        "vi": "'data' phải là đường dẫn tệp hoặc tên một bộ số liệu mẫu có sẵn, nhận được {value!r}",
    },
    "cases.agencies_type": {
        "en": "agencies must be an array of tables ([[cases.agencies]])",
        "vi": "'agencies' phải là một mảng bảng ([[cases.agencies]])",
    },
    "cases.error_type": {
        "en": "error must be the text of the expected error, got {value!r}",
        "vi": "'error' phải là nội dung của lỗi mong đợi, nhận được {value!r}",
    },
    "cases.expect_type": {
        "en": "expect must be a table of agency id -> expected figures",
        "vi": "'expect' phải là một bảng mã đơn vị -> số liệu mong đợi",
    },
    "cases.needs_expectation": {
        "en": "a case needs expectations ([cases.expect.<agency>]), an expected 'order' or an expected 'error'",
        "vi": "mỗi trường hợp cần kết quả mong đợi ([cases.expect.<agency>]), một 'order' mong đợi hoặc một 'error' mong đợi",
    },
    "cases.expected_figures": {
        "en": "expected a table of expected figures, got {type}",
        "vi": "cần một bảng các số liệu mong đợi, nhận được {type}",
    },
    "cases.unknown_expect_key": {
        "en": "unknown key {key!r}; an expectation takes {keys}",
        "vi": "khóa không hợp lệ {key!r}; phần kết quả mong đợi chỉ nhận {keys}",
    },
    "cases.expected_rank": {
        "en": "expected a rank (a whole number >= 1), got {value!r}",
        "vi": "cần một thứ hạng (số nguyên >= 1), nhận được {value!r}",
    },
    "cases.expected_points_table": {"en": "expected a table of id = points, got {type}", "vi": "cần một bảng mã = điểm, nhận được {type}"},
    "cases.expected_number_or_status": {
        "en": "expected a number or a status, got {got}",
        "vi": "cần một số hoặc một trạng thái, nhận được {got}",
    },
    "cases.order_shape": {
        "en": "order must be an array of arrays of agency ids, each ranked in that order within one cohort",
        "vi": "'order' phải là một mảng gồm các mảng mã đơn vị, mỗi mảng được xếp hạng đúng thứ tự đó trong cùng một nhóm xếp hạng",
    },
    "cases.order_two": {
        "en": "expected at least two distinct agency ids, got {ids!r}",
        "vi": "cần ít nhất hai mã đơn vị khác nhau, nhận được {ids!r}",
    },
}
