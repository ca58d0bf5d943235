"""Folding Swedish text for matching: case and diacritics away, OCR-damaged letters tolerated."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# What å, ä, ö and é become in the texts segstats reads, after fold(): the ASCII letter, and the
# damage OCR really does to them (seen in the scanned minutes of Kommunstyrelsen 2025-01-21:
# "Atgérden", "Atgirdsplan", "&r", "Atgéardsplanen", "Linkdping", "behdéver", "Engstréom").
# Nothing else passes for them: "P1g1r" is no "Pågår".
OCR_FORMS = {
    "å": ("a", "e"),
    "ä": ("ea", "a", "e", "i", "&"),
    "ö": ("de", "eo", "o", "e", "d"),
    "é": ("e",),
}


def normalise(text: str) -> str:
    """Text as segstats matches it: composed Unicode (NFC) and every line ending as ``\\n``.

    Text pasted from a PDF or written on a Mac may hold "å" as "a" and a combining ring; a
    Windows program may end lines with CR CR LF. Both would otherwise read as other text.
    """
    return re.sub(r"\r*\n|\r", "\n", unicodedata.normalize("NFC", text))


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

    Each å/ä/ö/é may be written without its marks or in one of its known OCR forms
    (:data:`OCR_FORMS`: "Pågår", "Pagar", "PÅGÅR", "Pagér"); spaces stand for any run of
    white space.
    """
    parts = []
    for char in phrase.lower():
        if char in OCR_FORMS:
            parts.append("(?:" + "|".join(re.escape(f) for f in OCR_FORMS[char]) + ")")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(_fold_char(char)))
    return "".join(parts)


# Text in UTF-8 read as Windows-1252 (a title pasted into a file saved in the other encoding):
# each non-ASCII character becomes two or three, "å" → "Ã¥", "ä" → "Ã¤", "–" → "â€“". A lead
# byte's character followed by continuation bytes' characters, which together decode as UTF-8 to
# a Latin letter or a punctuation mark, is taken for such text: Swedish writes no "Ã¥".
_CONTINUATION = "".join(
    bytes([b]).decode("cp1252") for b in range(0x80, 0xC0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)
_GARBLED = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONTINUATION)}]{{1,3}}")


def garbled(text: str) -> tuple[str, str, int] | None:
    """The first piece of ``text`` that is UTF-8 read as Windows-1252, what it stands for, and where; else None.

    >>> garbled("BerÃ¥ att fÃ¶rst")
    ('Ã¥', 'å', 3)
    >>> garbled("Skäggetorp – Åtgärd") is None
    True
    """
    for found in _GARBLED.finditer(text):
        try:
            meant = found.group().encode("cp1252").decode("utf-8")
        except UnicodeError:
            continue
        if len(meant) == 1 and ("\u00c0" <= meant <= "\u024f" or "\u2010" <= meant <= "\u2044" or meant == "€"):
            return found.group(), meant, found.start()
    return None
