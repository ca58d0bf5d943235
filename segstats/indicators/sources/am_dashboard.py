"""Rows transcribed from real-estate-war-lord/am-dashboard-se: the districts' RegSOs and DeSOs, Linköping's series."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from segstats.errors import SourceFormatError
from segstats.indicators import geo
from segstats.indicators.sources.common import (
    Source,
    check_names,
    expect_columns,
    expect_values,
    lookup,
    marker_notes,
    parse_years,
    ref,
    rows,
)
from segstats.io import parse_numbers, read_raw_csv

TABLES = lookup("am_dashboard")
# Each used column: (indicator, year); the others map to None.
AM_COLUMNS = {c: (t["indicator"], t["year"]) if t else None for c, t in TABLES["columns"].items()}
AM_SERIES: dict[str, str | None] = TABLES["series"]
INCOME_COMPONENTS, EK_BISTAND_COMPONENT = TABLES["income_components"], TABLES["ek_bistand_component"]


def _components(cells: pd.Series, name: str, column: str, lines: pd.Series) -> pd.Series:
    """The ekonomiskt bistånd part of a '|'-separated list of the 13 income components."""
    parts = cells.str.split("|")
    bad = parts.map(len) != INCOME_COMPONENTS
    if bad.any():
        raise SourceFormatError(
            "sources.income_components",
            n=INCOME_COMPONENTS,
            file=name,
            line=int(lines[bad].iloc[0]),
            column=column,
        )
    return parts.str[EK_BISTAND_COMPONENT - 1]


def read_am_areas(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """An am-dashboard-se file with one row per RegSO or DeSO and one column per measure and year."""
    name = ref(path)
    table = read_raw_csv(path, name)
    check_names(list(table.columns[:-1]), AM_COLUMNS, name, "sources.names_columns")
    code_column = "deso_2025" if "deso_2025" in table.columns else "regso_2025"
    kind = "deso" if code_column == "deso_2025" else "regso"
    known = set(key.deso["deso_code"]) if kind == "deso" else set(key.regso["regso_code"])
    expect_values(table, code_column, known, name)
    if kind == "deso":
        parent = key.deso.drop_duplicates("deso_code").set_index("deso_code")["regso_code"]
        wrong = table["deso_2025"].map(parent) != table["regso_2025"]
        if wrong.any():
            raise SourceFormatError("sources.deso_regso", file=name, line=int(table.loc[wrong, "_line"].iloc[0]))
    frames = []
    for column, target in AM_COLUMNS.items():
        if target is None or column not in table.columns:
            continue
        cells = table[column]
        if target[0] == "ek_bistand_medel":
            cells = _components(cells, name, column, table["_line"])
        values, markers = parse_numbers(cells, file=name, column=column, lines=table["_line"])
        keep = values.notna() | markers.notna()  # a blank cell: the source has no value there
        frames.append(
            rows(
                indicator=target[0],
                geo_kind=kind,
                geo_code=table.loc[keep, code_column],
                year=target[1],
                value=values[keep],
                source=source.publisher,
                source_ref=name,
                note=marker_notes(markers[keep]),
            )
        )
    return pd.concat(frames, ignore_index=True)


def read_am_series(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """The am-dashboard-se time series for Linköping (kommun, indicator, year, value)."""
    name = ref(path)
    table = read_raw_csv(path, name)
    expect_columns(table, ["kommun", "indicator", "year", "value"], name)
    expect_values(table, "kommun", {geo.KOMMUN_CODE}, name)
    check_names(list(dict.fromkeys(table["indicator"])), AM_SERIES, name, "sources.names_indicators")
    table = table[table["indicator"].map(AM_SERIES).notna()].copy()
    components = table["indicator"] == "dist_income_2024_mean_tkr_13_components"
    table.loc[components, "value"] = _components(table.loc[components, "value"], name, "value", table["_line"])
    values, markers = parse_numbers(table["value"], file=name, column="value", lines=table["_line"])
    return rows(
        indicator=table["indicator"].map(AM_SERIES),
        geo_kind="kommun",
        geo_code=geo.KOMMUN_CODE,
        year=parse_years(table["year"], name, table["_line"]),
        value=values,
        source=source.publisher,
        source_ref=name,
        note=marker_notes(markers),
    )
