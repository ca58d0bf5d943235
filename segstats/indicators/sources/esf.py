"""The figures quoted in the municipality's ESF+ project description."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from segstats.indicators import geo
from segstats.indicators.sources.common import (
    Source,
    check_names,
    expect_columns,
    expect_values,
    lookup,
    parse_years,
    ref,
    rows,
)
from segstats.io import parse_numbers, read_raw_csv

TABLES = lookup("esf")
ESF_INDICATORS: dict[str, str | None] = TABLES["indicators"]
ESF_AREAS = {name: (area["geo_kind"], area.get("geo_code", geo.KOMMUN_CODE)) for name, area in TABLES["areas"].items()}
ESF_NOTE: str = TABLES["note"]


def read_esf(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """The figures quoted in the municipality's ESF+ project description."""
    name = ref(path)
    table = read_raw_csv(path, name)
    expect_columns(table, ["indicator", "district", "year", "value", "unit", "source_url"], name)
    check_names(list(dict.fromkeys(table["indicator"])), ESF_INDICATORS, name, "sources.names_indicators")
    used = table[table["indicator"].map(ESF_INDICATORS).notna()]
    expect_values(used, "district", set(ESF_AREAS), name)
    expect_values(used, "unit", {"percent"}, name)
    values, markers = parse_numbers(used["value"], file=name, column="value", lines=used["_line"])
    areas = used["district"].map(ESF_AREAS)
    return rows(
        indicator=used["indicator"].map(ESF_INDICATORS),
        geo_kind=areas.str[0],
        geo_code=areas.str[1],
        year=parse_years(used["year"], name, used["_line"]),
        value=values,
        source=source.publisher,
        source_ref=name + " · " + used["source_url"],
        note=ESF_NOTE,
    )
