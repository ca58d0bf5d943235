"""Folding Swedish text for matching: case and diacritics away, OCR-damaged letters tolerated."""

from __future__ import annotations

import re
import unicodedata
from functools import cache


@cache
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold(text: str) -> str:
    """Lower-case ``text`` and drop diacritics, one character for one (å→a, Ö→o, é→e)."""
    return "".join(_fold_char(c) for c in text)


def tolerant(phrase: str) -> str:
    """A regex for a Swedish phrase that also matches it in folded, OCR-damaged text.

    Each å/ä/ö/é may have become any one character ("Pågår", "Pagar", "PÅGÅR", "Pagér");
    spaces stand for any run of white space.
    """
    parts = []
    for char in phrase.lower():
        if char in "åäöé":
            parts.append(r"\S")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(_fold_char(char)))
    return "".join(parts)
