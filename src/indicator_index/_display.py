"""
The one number formatter for text a person reads.

Every text, table, Markdown and HTML report, why-not and gap text writes its
numbers through :func:`number`. House decisions:

* Points, subtotals and totals are rounded to the ruleset's declared
  ``rounding.places`` with its ``rounding.mode`` (by
  :func:`~indicator_index._arithmetic.round_points`, the same rounding the
  totals get), so a person never sees more decimals than the ruleset declares.
* Indicator values (an input, a proposed value in a gap plan, the best value
  in the group) are shown at most at :data:`VALUE_PLACES` (4) decimals, half-up:
  a ratio such as ``0.5279`` is then a percentage with at most two decimals
  (52.79 %), the way officials read them. :func:`number` alone shows a value
  as the ruleset declares and the data files hold it (a ratio as a fraction).
* Trailing zeros are dropped (``21.50`` -> ``21.5``, ``21.00`` -> ``21``), no
  exponent is ever written, and ``-0`` is ``0``. A published total, which the
  engine has already rounded to the declared places, keeps its own form.
* Vietnamese uses a decimal comma (``4,03``), English a dot (``4.03``).
* Where the indicator is known (:func:`indicator_value`), a ratio's value is
  shown as a percentage at two decimals (``0.8725`` -> ``87.25 %``), a choice
  by its option's label in «», yes/no in words; an indicator is named by its
  label in «» (:func:`indicator_name`), as rule texts name it.

JSON output and the data columns of CSV keep exact values (they are for
programs); XLSX cells keep exact values.
"""

from __future__ import annotations

from decimal import Context, Decimal, localcontext
from typing import TYPE_CHECKING

from ._arithmetic import round_points
from ._messages import text as _text
from ._rules import _quoted


if TYPE_CHECKING:
    from ._model import Indicator

__all__ = ["VALUE_PLACES", "indicator_name", "indicator_value", "number"]

#: Decimal places of an indicator value shown to a person (a ratio to 4 places is a percentage to 2).
VALUE_PLACES = 4

# Enough precision for any rounding of a settled value, whatever context the caller's thread has set.
_CONTEXT = Context(prec=60)


def number(value: Decimal, places: int | None = None, lang: str = "en", mode: str = "half_up") -> str:
    """
    *value* as a person reads it.

    Args:
        value: The exact value.
        places: Round to this many decimal places with *mode* first
            (:func:`~indicator_index._arithmetic.round_points`); ``None`` shows
            the value exactly.
        lang: ``"vi"`` writes a decimal comma, anything else a dot.
        mode: A ruleset rounding mode (``"half_up"``, ``"half_even"``, ...).

    Returns:
        The value without exponent or trailing zeros.

    >>> number(Decimal("0.9744444444444444444444444444"), 2, "vi")
    '0,97'
    >>> number(Decimal("21.500"), 2)
    '21.5'
    >>> number(Decimal("1E+2"))
    '100'
    """
    if places is not None and value.is_finite():
        with localcontext(_CONTEXT):
            value = round_points(value, places, mode)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("", "-0"):
        text = "0"
    return text.replace(".", ",") if lang == "vi" else text


def indicator_name(indicator: Indicator | None, fallback: str, lang: str = "en") -> str:
    """
    An indicator as a sentence names it: its label in «», as rule texts do; *fallback* (its id) when it has no label.

    >>> indicator_name(None, "staff_computer_share")
    'staff_computer_share'
    """
    vi, en = _quoted(indicator.label if indicator is not None else None, fallback)
    return vi if lang == "vi" else en


def indicator_value(indicator: Indicator | None, value: object, lang: str = "en") -> str:
    """
    An indicator's value as a person reads it.

    A ratio's value as a percentage at two decimals (``0.8725`` -> ``87.25 %``),
    a choice's option by its label in «» (its id when it has none); any other
    value: yes/no in words, a number at :data:`VALUE_PLACES` decimals, no value
    as ``—``. Without the indicator, the value as written.

    >>> indicator_value(None, Decimal("0.87"), "vi")
    '0,87'
    >>> indicator_value(None, True, "vi"), indicator_value(None, None)
    ('có', '—')
    """
    if indicator is not None and indicator.type == "ratio" and isinstance(value, Decimal):
        return f"{number(value * 100, 2, lang)} %"
    if indicator is not None and indicator.type == "choice" and isinstance(value, str):
        label = next((o.label.text(lang) for o in indicator.options if o.id == value), "")
        return f"«{label}»" if label else value
    if isinstance(value, bool):
        return _text("ui.yes" if value else "ui.no", lang)
    if isinstance(value, Decimal):
        return number(value, VALUE_PLACES, lang)
    if value is None:
        return "—"
    return str(value)
