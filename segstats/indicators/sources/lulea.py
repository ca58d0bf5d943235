"""Linköping's rows of the Luleå panel (Lulea-statistik/Samband-inflyttning), transcribed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from segstats.indicators import geo
from segstats.indicators.sources.common import (
    Source,
    check_names,
    expect_values,
    lookup,
    marker_notes,
    parse_years,
    ref,
    rows,
)
from segstats.io import parse_numbers, read_raw_csv

LULEA_COLUMNS: dict[str, str | None] = lookup("lulea")["columns"]


def read_lulea_panel(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Linköping's rows of the Luleå panel (one row per year, one column per measure)."""
    name = ref(path)
    table = read_raw_csv(path, name)
    check_names(list(table.columns[:-1]), LULEA_COLUMNS, name, "sources.names_columns")
    expect_values(table, "kommun", {geo.KOMMUN_CODE}, name)
    years = parse_years(table["year"], name, table["_line"])
    frames = []
    for column, indicator in LULEA_COLUMNS.items():
        if indicator is None or column not in table.columns:
            continue
        values, markers = parse_numbers(table[column], file=name, column=column, lines=table["_line"])
        keep = values.notna() | markers.notna()
        frames.append(
            rows(
                indicator=indicator,
                geo_kind="kommun",
                geo_code=geo.KOMMUN_CODE,
                year=years[keep],
                value=values[keep],
                source=source.publisher,
                source_ref=name,
                note=marker_notes(markers[keep]),
            )
        )
    return pd.concat(frames, ignore_index=True)
