"""How the reports cite their data: the source line under every figure and the list on the title page."""

from __future__ import annotations

import re

import pandas as pd

from segstats.reports import words

# A follow-up's file name carries the municipality's diarienummer (data/raw/README.md).
_DIARIENUMMER = re.compile(r"KS-(\d{4})-(\d+)")


def followups(measures: pd.DataFrame, lang: str = "sv") -> list[str]:
    """The follow-up reports the rows of ``measures`` come from, cited as the municipality names them.

    A report is named by its diarienummer; a follow-up handed in as a template has none, and is
    called a filled-in template (never by the file name it was saved under).

    >>> for cited in followups(pd.DataFrame({"year": [2021, 2022], "source_file": [
    ...     "2021_uppfoljning_KS-2020-754.txt", "2022_uppfoljning_mall.csv"]}), "en"):
    ...     print(cited)
    Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2021 (KS 2020-754)
    Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2022 (filled-in template)
    """
    cited = []
    for (year, name), _ in measures.groupby(["year", "source_file"]):
        number = _DIARIENUMMER.search(name)
        reference = f"KS {number.group(1)}-{number.group(2)}" if number else words.text("citations.template", lang)
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


def producers(rows: pd.DataFrame, catalogue: pd.DataFrame, lang: str = "sv") -> list[str]:
    """Who produced the statistics of indicator rows, in order of use, each with where a figure was found.

    A row's ``source`` is who published the figure. Where that is one of the producers the
    catalogue names for the indicator (``producer``, ``;``-separated), it is cited as the
    producer; otherwise (a newspaper, a project text or the municipality's page that quotes
    someone else's figure) the catalogue's producers are cited, and the publisher as where it was found.

    >>> catalogue = pd.DataFrame({"id": ["a", "b"], "producer": ["SCB", "Arbetsförmedlingen"]})
    >>> rows = pd.DataFrame({"indicator": ["a", "b", "b"], "source": ["SCB", "Arbetsförmedlingen", "Tidningen"]})
    >>> producers(rows, catalogue)
    ['SCB', 'Arbetsförmedlingen (hämtat ur Tidningen)']
    """
    named = zip(catalogue["id"].astype(str), catalogue["producer"].astype(str), strict=True)
    made_by = {indicator: [p.strip() for p in producer.split(";")] for indicator, producer in named}
    found: dict[str, list[str]] = {}
    for indicator, source in zip(rows["indicator"].astype(str), rows["source"].astype(str), strict=True):
        own = made_by.get(indicator, [source])
        for producer in [source] if source in own else own:
            places = found.setdefault(producer, [])
            if source not in own and source not in places:
                places.append(source)
    return [
        words.text("citations.found_in", lang, producer=p, places=words.join(places, lang)) if places else p
        for p, places in found.items()
    ]


def line(sources: list[str], lang: str = "sv") -> str:
    """The source line under a figure: the sources, and that segstats processed them.

    >>> line(["Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2021 (KS 2020-754)"])
    'Källa: Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2021 (KS 2020-754); bearbetning: segstats'
    """
    return words.text("citations.line", lang, sources="; ".join(sources))
