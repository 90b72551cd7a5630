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
  (52.79 %), the way officials read them. Values are shown as ratios, as the
  ruleset declares and the data files hold them, not converted to percentages.
* Trailing zeros are dropped (``21.50`` -> ``21.5``, ``21.00`` -> ``21``), no
  exponent is ever written, and ``-0`` is ``0``. A published total, which the
  engine has already rounded to the declared places, keeps its own form.
* Vietnamese uses a decimal comma (``4,03``), English a dot (``4.03``).

JSON output and the data columns of CSV keep exact values (they are for
programs); XLSX cells keep exact values.
"""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

from ._arithmetic import round_points


__all__ = ["VALUE_PLACES", "number"]

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
