"""SCB's områdestyp per RegSO, as copied from addegezon/deso_socioeconomic_index (a PxWeb export)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from segstats.errors import SourceFormatError
from segstats.indicators import geo
from segstats.indicators.sources.common import Source, marker_notes, ref, rows
from segstats.io import parse_numbers, read_raw_csv


def read_area_type(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """SCB's områdestyp per RegSO for one year: a PxWeb export with its footer of table notes."""
    name = ref(path)
    table = read_raw_csv(path, name)
    if len(table.columns) != 3 or not re.fullmatch(r"\d{4}", table.columns[1]):
        raise SourceFormatError("sources.two_columns", file=name)
    label, year = table.columns[0], int(table.columns[1])
    # The export ends with an empty row and then SCB's notes on the table.
    blank = table.index[table[label] == ""]
    body = table.loc[: blank[0] - 1] if len(blank) else table
    values, markers = parse_numbers(body[table.columns[1]], file=name, column=str(year), lines=body["_line"])
    bad = values.notna() & ~values.isin(range(1, 6))
    if bad.any():
        raise SourceFormatError(
            "sources.omradestyp", file=name, line=int(body.loc[bad, "_line"].iloc[0]), column=str(year)
        )
    return rows(
        indicator="omradestyp",
        geo_kind="regso",
        geo_code=key.codes_of(body[label], file=name, lines=body["_line"]),
        year=year,
        value=values,
        source=source.publisher,
        source_ref=name,
        note=marker_notes(markers),
    )
