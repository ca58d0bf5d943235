"""What every source reader shares: the rows it returns, checks of a file's layout, derived shares, lookup tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from segstats.errors import SourceFormatError
from segstats.indicators import geo
from segstats.words import parse_yaml, say

# What every reader returns; geo_name, district and unit are added from the geography
# table and the catalogue, so that each fact has one place.
ROW_COLUMNS = ["indicator", "geo_kind", "geo_code", "year", "value", "source", "source_ref", "derived", "note"]
DECIMALS_DERIVED = 2  # shares computed by segstats are rounded to hundredths of a per cent


@dataclass(frozen=True)
class Source:
    """One raw file (or, with a wildcard, a family of files) and how to read it."""

    path: str  # below data/raw/indicators/
    publisher: str  # the `source` column; "" when each row names its own
    rank: int  # where two sources give the same cell, the one with the lower rank is kept
    read: Callable[[Path, Source, geo.RegsoKey], pd.DataFrame]


@cache
def lookup(name: str) -> dict:
    """A reader's lookup table, kept as YAML beside the readers (``sources/<name>.yaml``)."""
    return parse_yaml((Path(__file__).parent / f"{name}.yaml").read_text(encoding="utf-8"))


def rows(**columns) -> pd.DataFrame:
    """Rows with ``ROW_COLUMNS`` from arrays or scalars (scalars apply to every row)."""
    columns = {"derived": False, "note": None} | columns
    length = max(
        (len(v) for v in columns.values() if isinstance(v, pd.Series | pd.Index | np.ndarray | list)), default=1
    )
    frame = pd.DataFrame(
        {k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in columns.items()}, index=range(length)
    )
    return frame[ROW_COLUMNS]


def ref(path: Path) -> str:
    """How ``source_ref`` names a raw file: its folder (the origin) and its name."""
    return f"{path.parent.name}/{path.name}"


def expect_columns(table: pd.DataFrame, expected: list[str], name: str) -> None:
    found = list(table.columns[:-1])
    if found != expected:
        raise SourceFormatError("sources.columns", file=name, expected=", ".join(expected), found=", ".join(found))


def expect_values(table: pd.DataFrame, column: str, allowed: set[str], name: str) -> None:
    bad = ~table[column].isin(allowed)
    if bad.any():
        first = table[bad].iloc[0]
        raise SourceFormatError(
            "sources.one_of",
            value=repr(first[column]),
            allowed=", ".join(sorted(allowed)),
            file=name,
            line=int(first["_line"]),
            column=column,
        )


def check_names(found: list[str], known: dict, name: str, what: str) -> None:
    """Every column or indicator text of a file is one the lookup table knows (used or not)."""
    unknown = [c for c in found if c not in known]
    if unknown:
        raise SourceFormatError(
            "sources.unknown_names",
            file=name,
            what=say(what),
            names=", ".join(map(repr, unknown)),
            known=", ".join(known),
        )


def parse_years(cells: pd.Series, name: str, lines: pd.Series) -> pd.Series:
    bad = ~cells.str.fullmatch(r"\d{4}")
    if bad.any():
        raise SourceFormatError(
            "sources.year",
            value=repr(cells[bad].iloc[0]),
            file=name,
            line=int(lines[bad].iloc[0]),
            column="year",
        )
    return cells.astype(int)


def share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """100 × part / whole, rounded; missing where the whole is zero (the share is undefined)."""
    return (100 * part / whole.where(whole != 0)).round(DECIMALS_DERIVED)


def undefined_note(whole: pd.Series, note: str, what: str) -> pd.Series:
    return pd.Series(np.where(whole == 0, f"undefined: the source counts 0 {what}", note), index=whole.index)


def marker_notes(markers: pd.Series) -> pd.Series:
    """What a source has in place of a value ("no value: the source has '..'"), where it has a symbol."""
    return markers.map(lambda m: f"no value: the source has {m!r}", na_action="ignore")
