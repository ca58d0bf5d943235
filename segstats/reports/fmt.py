"""Numbers and words as a report reader expects them: Swedish by default (12,5 %, 1 234), English on request."""

from __future__ import annotations

import pandas as pd

from segstats.errors import UnknownCodeError

LANGS = ("sv", "en")

# A no-break space keeps "12 %" and "1 234" on one line in tables, captions and charts.
NBSP = "\u00a0"
# Swedish typesetting uses the minus sign, not a hyphen.
MINUS = "\u2212"
MISSING = "–"

_PERCENT_UNITS = {"%", "percent", "procent", "andel (%)"}


def check_lang(lang: str) -> str:
    """``lang`` if it is a language the reports speak; otherwise an error naming the allowed ones."""
    if lang not in LANGS:
        raise UnknownCodeError(f"lang must be one of {', '.join(LANGS)}, but {lang!r} was passed")
    return lang


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
    """A change of a percentage, signed, in percentage points.

    >>> points(-2.5, 1)
    '−2,5\\xa0procentenheter'
    """
    text = number(value, decimals, lang, signed=True)
    if text == MISSING:
        return text
    return f"{text}{NBSP}{'procentenheter' if check_lang(lang) == 'sv' else 'percentage points'}"


def is_percent(unit: str | None) -> bool:
    """Whether an indicator's unit is a percentage."""
    return (unit or "").strip().lower() in _PERCENT_UNITS


def value(x: float | None, unit: str | None, decimals: int = 0, lang: str = "sv", *, signed: bool = False) -> str:
    """A value with its unit: a percentage as "12 %", anything else as "245,3 tkr".

    >>> value(245.31, "tkr", 1)
    '245,3\\xa0tkr'
    """
    if is_percent(unit):
        return percent(x, decimals, lang, signed=signed)
    text = number(x, decimals, lang, signed=signed)
    return f"{text}{NBSP}{unit}" if unit and text != MISSING else text
