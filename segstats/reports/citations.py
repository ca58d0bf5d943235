"""How the reports cite their data: the source line under every figure and the list on the title page."""

from __future__ import annotations

import re

import pandas as pd

from segstats.reports import words

# A follow-up's file name carries the municipality's diarienummer (data/raw/README.md).
_DIARIENUMMER = re.compile(r"KS-(\d{4})-(\d+)")


def followups(measures: pd.DataFrame, lang: str = "sv") -> list[str]:
    """The follow-up reports the rows of ``measures`` come from, cited as the municipality names them.

    >>> followups(pd.DataFrame({"year": [2021], "source_file": ["2021_uppfoljning_KS-2020-754.txt"]}))
    ['Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2021 (KS 2020-754)']
    """
    cited = []
    for (year, name), _ in measures.groupby(["year", "source_file"]):
        number = _DIARIENUMMER.search(name)
        reference = f"KS {number.group(1)}-{number.group(2)}" if number else name
        cited.append(words.text("citations.followup", lang, year=str(year), reference=reference))
    return cited


def indicators(rows: pd.DataFrame) -> list[str]:
    """The distinct sources of indicator rows (``source``, with ``source_ref`` where given), in order of use."""
    cited = []
    for source, ref in zip(rows["source"], rows["source_ref"], strict=True):
        text = f"{source} ({ref})" if pd.notna(ref) and str(ref).strip() else str(source)
        if text not in cited:
            cited.append(text)
    return cited


def line(sources: list[str], lang: str = "sv") -> str:
    """The source line under a figure: the sources, and that segstats processed them.

    >>> line(["Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2021 (KS 2020-754)"])
    'Källa: Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2021 (KS 2020-754); bearbetning: segstats'
    """
    return words.text("citations.line", lang, sources="; ".join(sources))
