"""Numbers and words as a report reader expects them: Swedish by default (12,5 %, 1 234), English on request."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from babel import Locale

from segstats import codes
from segstats.words import LANGS, check_lang  # noqa: F401 - the languages, named where numbers are

# A no-break space keeps "12 %" and "1 234" on one line in tables, captions and charts.
NBSP = "\u00a0"
# Swedish typesetting uses the minus sign, not a hyphen.
MINUS = "\u2212"
MISSING = "–"

_PERCENT_UNITS = {"%", "percent", "procent", "andel (%)"}
# A change of a share, after its number: (one, other) by the number's plural form.
_POINTS = {"sv": ("procentenhet", "procentenheter"), "en": ("percentage point", "percentage points")}


def number(value: float | None, decimals: int = 0, lang: str = "sv", *, signed: bool = False) -> str:
    """A number with grouped thousands and a decimal comma (``sv``) or point (``en``); missing is ``–``.

    >>> number(1234.5, 1)
    '1\\xa0234,5'
    >>> number(1234.5, 1, "en")
    '1,234.5'
    >>> number(-3, signed=True)
    '−3'
    >>> number(2, signed=True), number(float("nan"))
    ('+2', '–')
    """
    if value is None or pd.isna(value):
        return MISSING
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if text.lstrip("+-") == f"{0:.{decimals}f}":  # "-0,0" and "+0" read oddly: zero has no sign
        text = text.lstrip("+-")
    if lang == "sv":
        text = text.replace(",", NBSP).replace(".", ",").replace("-", MINUS)
    return text


def percent(value: float | None, decimals: int = 0, lang: str = "sv", *, signed: bool = False) -> str:
    """A percentage (``value`` in per cent, 12.5 → "12,5 %"); English writes "12.5%".

    >>> percent(12.0)
    '12\\xa0%'
    >>> percent(12.5, 1, "en")
    '12.5%'
    """
    text = number(value, decimals, lang, signed=signed)
    if text == MISSING:
        return text
    return f"{text}{NBSP}%" if check_lang(lang) == "sv" else f"{text}%"


def count_share(count: float, share: float, lang: str = "sv") -> str:
    """A count with its share: "12 (20 %)".

    >>> count_share(12, 20.0, "en")
    '12 (20%)'
    """
    return f"{number(count, lang=lang)} ({percent(share, lang=lang)})"


def points(value: float | None, decimals: int = 0, lang: str = "sv") -> str:
    """A change of a percentage, signed, in percentage points (one point, two points).

    >>> points(-2.5, 1), points(-1), points(1, lang="en"), points(1.0, 1, "en")
    ('−2,5\\xa0procentenheter', '−1\\xa0procentenhet', '+1\\xa0percentage point', '+1.0\\xa0percentage points')
    """
    text = number(value, decimals, lang, signed=True)
    if text == MISSING:
        return text
    return f"{text}{NBSP}{_plural(_POINTS[check_lang(lang)], float(value or 0), decimals, lang)}"


def _plural(forms: tuple[str, str], value: float, decimals: int, lang: str) -> str:
    """The form of ``forms`` (one, other) for ``value`` as printed: "1" is one, "1,0" and "2" are other (CLDR)."""
    shown = Decimal(f"{abs(float(value)):.{decimals}f}")
    return forms[0] if Locale.parse(lang).plural_form(shown) == "one" else forms[1]


def is_percent(unit: str | None) -> bool:
    """Whether an indicator's unit is a percentage."""
    return (unit or "").strip().lower() in _PERCENT_UNITS


def value(x: float | None, unit: str | None, decimals: int = 0, lang: str = "sv", *, signed: bool = False) -> str:
    """A value with its unit in ``lang`` (:data:`segstats.codes.UNIT_WORDS`): "12 %", "245,3 tkr", "245.3 thousand SEK".

    A unit the table does not know is written as it is.

    >>> value(245.31, "tkr", 1), value(245.31, "tkr", 1, "en"), value(1, "personer"), value(18.7, "index", 1)
    ('245,3\\xa0tkr', '245.3\\xa0thousand SEK', '1\\xa0person', '18,7')
    """
    if is_percent(unit):
        return percent(x, decimals, lang, signed=signed)
    text = number(x, decimals, lang, signed=signed)
    if text == MISSING or not unit:
        return text
    word = _plural(codes.UNIT_WORDS.get(unit, {}).get(check_lang(lang), (unit, unit)), float(x or 0), decimals, lang)
    return f"{text}{NBSP}{word}" if word else text
