"""The indicator view's map: Linköping's DeSOs coloured by an indicator in one year, from the shipped polygons."""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass

import pandas as pd

from segstats.explore import page
from segstats.explore.model import Data, say
from segstats.indicators import geo
from segstats.reports import labels, maps, plots, tidy, words

# The map beside its key, at the page's width; the source line (the boundaries' origin) below.
HEIGHT = 5.4
MAP_BOX = (0.0, 0.1, 0.66, 0.9)


@dataclass(frozen=True)
class DesoMap:
    """A map for the page: the chart, what to read first, and the DeSO values it draws (for the download)."""

    chart: page.Chart
    sentences: tuple[str, ...]
    values: pd.DataFrame
    sources: tuple[str, ...]


def mapped_rows(data: Data, indicator: str, years: tuple[int, int]) -> pd.DataFrame:
    """Linköping's DeSO values of ``indicator`` in one year of ``years``: the one where most DeSOs have a value,
    the latest of equals (2022, when SCB published every DeSO, rather than 2024's fourteen). Empty without any."""
    rows = data.indicators[
        (data.indicators["indicator"] == indicator)
        & (data.indicators["geo_kind"] == "deso")
        & data.indicators["geo_code"].astype(str).str.startswith(geo.KOMMUN_CODE)
        & data.indicators["year"].between(*years)
        & data.indicators["value"].notna()
    ]
    if rows.empty:
        return rows
    counts = rows.groupby("year").size()
    return rows[rows["year"] == max(counts.index, key=lambda y: (counts[y], y))]


@functools.lru_cache(maxsize=32)
def deso_map(data: Data, indicator: str, years: tuple[int, int], lang: str) -> DesoMap | None:
    """The map of ``indicator`` over Linköping's DeSOs (:func:`mapped_rows`), or None without polygons or values."""
    rows = mapped_rows(data, indicator, years)
    if data.boundaries is None or rows.empty:
        return None
    entry = data.catalogue.loc[indicator]
    year = int(rows["year"].iloc[0])
    chart = page.figure(HEIGHT)
    with plots.style():
        ax = chart.add_axes(MAP_BOX)
        _, alt = maps.indicator_map(rows, data.boundaries, entry, lang=lang, ax=ax)
        chart.text(0.01, 0.012, textwrap.fill(maps.source_line(rows, lang), 170), fontsize=7, color="#444444")
        png = page.png_bytes(chart)
    drawn = maps.match_values(rows, data.boundaries)
    sentences = [say("explore.map_intro", lang, year=str(year), n=int((drawn["state"] == "value").sum()))]
    if maps.any_changed(rows, data.boundaries):
        sentences.append(words.text("districts.map_changed", lang, year=str(year)))
    sources = tuple(sorted({str(s) for s in rows["source"]}))
    return DesoMap(page.Chart(png, alt, "ss-map-chart"), tuple(sentences), _values(rows, entry, lang), sources)


def _values(rows: pd.DataFrame, entry: pd.Series, lang: str) -> pd.DataFrame:
    """The drawn DeSO values as a tidy table (the download), one row per DeSO."""
    found = [
        {
            "indicator": entry["id"],
            "indicator_name": labels.indicator_name(entry, lang),
            "geo_kind": "deso",
            "geo_code": code,
            "year": year,
            "value": value,
            "unit": entry["unit"],
        }
        for code, year, value in zip(rows["geo_code"], rows["year"], rows["value"], strict=True)
    ]
    keys = ("indicator", "indicator_name", "geo_kind", "geo_code", "year", "value", "unit")
    return tidy.records(sorted(found, key=lambda r: str(r["geo_code"])), keys)
