"""Figures transcribed from the municipality's statistics pages and news articles."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from segstats.errors import SourceFormatError
from segstats.indicators import geo
from segstats.indicators.sources.common import Source, check_names, expect_columns, lookup, marker_notes, ref, rows
from segstats.io import parse_numbers, read_raw_csv

log = logging.getLogger(__name__)

TABLES = lookup("linkoping_pages")
PAGE_INDICATORS: dict[str, str | None] = TABLES["indicators"]
PAGE_AREA_TYPES: dict[str, str | None] = TABLES["area_types"]
PAGE_KOMMUN: str = TABLES["kommun"]
PUBLISHERS: dict[str, str] = TABLES["publishers"]
MONTHS = "January February March April May June July August September October November December".split()


def _publisher(url: str, name: str, line: int) -> str:
    host = urlparse(url.split()[0]).netloc.removeprefix("www.")
    if host not in PUBLISHERS:
        raise SourceFormatError(
            "sources.no_publisher",
            host=repr(host),
            file=name,
            line=line,
        )
    return PUBLISHERS[host]


def read_page_values(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Figures transcribed from the municipality's statistics pages and news articles, one per row."""
    name = ref(path)
    table = read_raw_csv(path, name)
    expect_columns(table, ["area", "area_type", "indicator", "period", "value", "unit", "source_url", "note"], name)
    check_names(list(dict.fromkeys(table["indicator"])), PAGE_INDICATORS, name, "sources.names_texts")
    check_names(list(dict.fromkeys(table["area_type"])), PAGE_AREA_TYPES, name, "sources.names_area_types")
    used = table[table["indicator"].map(PAGE_INDICATORS).notna() & table["area_type"].map(PAGE_AREA_TYPES).notna()]
    log.debug("%s: %d of %d rows used", name, len(used), len(table))
    period = used["period"].str.extract(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?$")
    if period["year"].isna().any():
        line = int(used.loc[period["year"].isna(), "_line"].iloc[0])
        raise SourceFormatError("sources.period", file=name, line=line, column="period")
    kind = used["area_type"].map(PAGE_AREA_TYPES)
    in_kommun = kind == "kommun"
    if (used.loc[in_kommun, "area"] != PAGE_KOMMUN).any():
        line = int(used.loc[in_kommun & (used["area"] != PAGE_KOMMUN), "_line"].iloc[0])
        raise SourceFormatError("sources.only_kommun", file=name, line=line, kommun=repr(PAGE_KOMMUN))
    values, markers = parse_numbers(used["value"], file=name, column="value", lines=used["_line"])
    month = period["month"].map(lambda m: f"{MONTHS[int(m) - 1]} (monthly figure)", na_action="ignore")
    notes = [
        "; ".join(part for part in parts if isinstance(part, str) and part)
        for parts in zip(month, used["note"], marker_notes(markers), strict=True)
    ]
    return rows(
        indicator=used["indicator"].map(PAGE_INDICATORS),
        geo_kind=kind,
        geo_code=used["area"].where(~in_kommun, geo.KOMMUN_CODE),
        year=period["year"].astype(int),
        value=values,
        source=[_publisher(u, name, line) for u, line in zip(used["source_url"], used["_line"], strict=True)],
        source_ref=name + " · " + used["source_url"],
        note=[n or None for n in notes],
    )
