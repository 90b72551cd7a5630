"""
What the engine says about a score, as codes with parameters.

A reason (``CriterionResult.reason``), a note (``Score.notes``) or a problem
(``Problem.message``) the engine makes is a :class:`Message`: a ``str`` whose
text is the English sentence (so everything that prints, compares or stores it
as text sees what it always saw) and which also carries a ``code`` and its
``params``, from which :meth:`Message.render` gives the same message in another
language. The catalogue of codes is :data:`CATALOGUE`, one entry per code with
its English and Vietnamese template.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NoReturn


__all__ = ["CATALOGUE", "Message"]

# code -> language -> template. Parameters are named; a Decimal parameter is shown in plain notation.
CATALOGUE: Mapping[str, Mapping[str, str]] = {
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
}


def _shown(value: object) -> object:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def _render(code: str, params: Mapping[str, object], lang: str) -> str:
    templates = CATALOGUE[code]
    template = templates.get(lang) or templates["en"]
    return template.format(**{key: _shown(value) for key, value in params.items()})


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
