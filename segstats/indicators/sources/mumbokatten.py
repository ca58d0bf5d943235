"""SCB's RegSO tables copied from Mumbokatten/diversity_renovation_study: birth region, tenure, wage income."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from segstats.errors import SourceFormatError
from segstats.indicators import geo
from segstats.indicators.sources.common import Source, expect_columns, expect_values, ref, rows, share, undefined_note
from segstats.io import parse_numbers, read_raw_csv

TENURES = ["bostadsrätt", "hyresrätt", "uppgift saknas", "äganderätt"]


def _year_columns(table: pd.DataFrame, prefix: str, name: str) -> dict[str, int]:
    years = {c: int(c[len(prefix) :]) for c in table.columns if c.startswith(prefix)}
    if not years or any(not re.fullmatch(r"\d{4}", c[len(prefix) :]) for c in years):
        raise SourceFormatError("sources.year_columns", file=name, prefix=prefix)
    return years


def _long_counts(path: Path, key: geo.RegsoKey, category: str, prefix: str, fixed: dict[str, str]) -> pd.DataFrame:
    """A Mumbokatten table (region, category, [kön], one column per year) as long rows with RegSO codes."""
    name = ref(path)
    table = read_raw_csv(path, name)
    years = _year_columns(table, prefix, name)
    expect_columns(table, ["region", category, *fixed, *years], name)
    for column, value in fixed.items():
        expect_values(table, column, {value}, name)
    table[category] = table[category].str.strip()
    table["geo_code"] = key.codes_of(table["region"], file=name, lines=table["_line"])
    long = table.melt(id_vars=["geo_code", category, "_line"], value_vars=list(years), var_name="column")
    long["year"] = long["column"].map(years)
    long["value"], _ = parse_numbers(long["value"], file=name, column=f"{prefix}YYYY", lines=long["_line"])
    if long["value"].isna().any():
        first = long[long["value"].isna()].iloc[0]
        raise SourceFormatError("sources.count_missing", file=name, line=int(first["_line"]), column=first["column"])
    duplicated = long.duplicated(["geo_code", category, "year"])
    if duplicated.any():
        raise SourceFormatError("sources.regso_twice", file=name, line=int(long.loc[duplicated, "_line"].iloc[0]))
    return long


def _aggregates(counts: pd.DataFrame, key: geo.RegsoKey) -> list[tuple[str, str, pd.DataFrame, str]]:
    """Counts summed over Linköping's RegSOs and over all of Sweden's (RegSOs tile both)."""
    in_kommun = counts.index.get_level_values("geo_code").str[:4] == geo.KOMMUN_CODE
    n_kommun = int((key.regso["kommun_code"] == geo.KOMMUN_CODE).sum())
    return [
        (
            "kommun",
            geo.KOMMUN_CODE,
            counts[in_kommun].groupby("year").sum(),
            f"summed over Linköping's {n_kommun} RegSOs",
        ),
        ("riket", geo.RIKET_CODE, counts.groupby("year").sum(), f"summed over Sweden's {len(key.regso)} RegSOs"),
    ]


def _pivot(long: pd.DataFrame, category: str, allowed: list[str], name: str) -> pd.DataFrame:
    """Counts by RegSO and year (rows) and category (columns); every RegSO must give every category."""
    expect_values(long, category, set(allowed), name)
    counts = long.pivot_table(index=["geo_code", "year"], columns=category, values="value", aggfunc="sum")
    counts = counts.reindex(columns=allowed)
    if counts.isna().any().any():
        code, year = counts.index[counts.isna().any(axis=1)][0]
        missing = ", ".join(counts.columns[counts.loc[(code, year)].isna()])
        raise SourceFormatError("sources.regso_row_missing", file=name, code=code, missing=missing, year=year)
    return counts


def _shares(
    counts: pd.DataFrame,
    key: geo.RegsoKey,
    part: Callable[[pd.DataFrame], pd.Series],
    whole: Callable[[pd.DataFrame], pd.Series],
    *,
    indicator: str,
    formula: str,
    what: str,
    source: Source,
    path: Path,
) -> list[pd.DataFrame]:
    """A share computed from counts: every RegSO, and Linköping and Sweden from the sums over their RegSOs."""
    frames = []
    for kind, code, table, how in [("regso", None, counts, None), *_aggregates(counts, key)]:
        total = whole(table)
        note = formula if how is None else f"{formula}, {how}"
        frames.append(
            rows(
                indicator=indicator,
                geo_kind=kind,
                geo_code=table.index.get_level_values("geo_code") if code is None else code,
                year=table.index.get_level_values("year"),
                value=share(part(table), total),
                source=source.publisher,
                source_ref=ref(path),
                derived=True,
                note=undefined_note(total, note, what),
            )
        )
    return frames


BIRTH_REGION_FILE = "mumbokatten/deso_foreign_born.csv"


def _birth_region_counts(path: Path, key: geo.RegsoKey) -> pd.DataFrame:
    long = _long_counts(path, key, "födelseregion", "Antal ", {"kön": "totalt"})
    return _pivot(long, "födelseregion", ["Sverige", "totalt"], ref(path))


def regso_population(path: Path, key: geo.RegsoKey) -> pd.Series:
    """Residents of every Swedish RegSO by year (index ``geo_code``, ``year``), the birth-region table's totals."""
    return _birth_region_counts(path, key)["totalt"]


def read_birth_region(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Population by birth region per RegSO: the foreign-born share (derived), and population."""
    counts = _birth_region_counts(path, key)
    frames = _shares(
        counts,
        key,
        lambda t: t["totalt"] - t["Sverige"],
        lambda t: t["totalt"],
        indicator="utrikes_fodda",
        formula="derived: 100*(1-Sverige/totalt)",
        what="inhabitants",
        source=source,
        path=path,
    )
    # Population itself: Linköping's RegSOs and Sweden (Linköping's own series is the Luleå panel's).
    linkoping = counts[counts.index.get_level_values("geo_code").str[:4] == geo.KOMMUN_CODE]
    frames.append(
        rows(
            indicator="folkmangd",
            geo_kind="regso",
            geo_code=linkoping.index.get_level_values("geo_code"),
            year=linkoping.index.get_level_values("year"),
            value=linkoping["totalt"],
            source=source.publisher,
            source_ref=ref(path),
        )
    )
    kind, code, sweden, how = _aggregates(counts, key)[1]
    frames.append(
        rows(
            indicator="folkmangd",
            geo_kind=kind,
            geo_code=code,
            year=sweden.index,
            value=sweden["totalt"],
            source=source.publisher,
            source_ref=ref(path),
            derived=True,
            note=f"derived: totalt {how}",
        )
    )
    return pd.concat(frames, ignore_index=True)


def read_tenure(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Dwellings by tenure per RegSO: the rental share (derived)."""
    long = _long_counts(path, key, "upplåtelseform", "Antal ", {})
    counts = _pivot(long, "upplåtelseform", TENURES, ref(path))
    # SCB's published shares divide by every dwelling ("alla"), "uppgift saknas" included.
    frames = _shares(
        counts,
        key,
        lambda t: t["hyresrätt"],
        lambda t: t.sum(axis=1),
        indicator="hyresratt",
        formula="derived: 100*hyresrätt/alla",
        what="dwellings",
        source=source,
        path=path,
    )
    return pd.concat(frames, ignore_index=True)


def read_wage_income(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Mean wage income per RegSO, as published."""
    long = _long_counts(path, key, "inkomstkomponent", "Medelvärde för samtliga, tkr ", {"kön": "totalt"})
    expect_values(long, "inkomstkomponent", {"löneinkomst"}, ref(path))
    return rows(
        indicator="loneinkomst_medel",
        geo_kind="regso",
        geo_code=long["geo_code"],
        year=long["year"],
        value=long["value"],
        source=source.publisher,
        source_ref=ref(path),
    )
