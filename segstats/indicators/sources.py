"""The indicator sources in data/raw/indicators/: one reader per layout, each giving long rows."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import yaml

from segstats.errors import FetchError, SourceFormatError
from segstats.indicators import geo, pxweb
from segstats.io import parse_numbers, read_raw_csv

log = logging.getLogger(__name__)

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


def read_source(raw_dir: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Rows of every file of ``source``; a fixed file that is missing is an error."""
    files = sorted(raw_dir.glob(source.path)) if "*" in source.path else [raw_dir / source.path]
    frames = []
    for path in files:
        if not path.exists():
            raise SourceFormatError("the source file is missing from data/raw/indicators/", file=source.path)
        rows = source.read(path, source, key)
        log.debug("%s: %d values", path.relative_to(raw_dir), len(rows))
        frames.append(rows.assign(rank=source.rank))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*ROW_COLUMNS, "rank"])


def _rows(**columns) -> pd.DataFrame:
    """Rows with ``ROW_COLUMNS`` from arrays or scalars (scalars apply to every row)."""
    columns = {"derived": False, "note": None} | columns
    length = max(
        (len(v) for v in columns.values() if isinstance(v, pd.Series | pd.Index | np.ndarray | list)), default=1
    )
    frame = pd.DataFrame(
        {k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in columns.items()}, index=range(length)
    )
    return frame[ROW_COLUMNS]


def _ref(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _expect_columns(table: pd.DataFrame, expected: list[str], name: str) -> None:
    found = list(table.columns[:-1])
    if found != expected:
        raise SourceFormatError(f"expected the columns {', '.join(expected)}; found {', '.join(found)}", file=name)


def _expect_values(table: pd.DataFrame, column: str, allowed: set[str], name: str) -> None:
    bad = ~table[column].isin(allowed)
    if bad.any():
        first = table[bad].iloc[0]
        raise SourceFormatError(
            f"{first[column]!r} must be one of {', '.join(sorted(allowed))}",
            file=name,
            line=int(first["_line"]),
            column=column,
        )


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """100 × part / whole, rounded; missing where the whole is zero (the share is undefined)."""
    return (100 * part / whole.where(whole != 0)).round(DECIMALS_DERIVED)


def _undefined_note(whole: pd.Series, note: str, what: str) -> pd.Series:
    return pd.Series(np.where(whole == 0, f"undefined: the source counts 0 {what}", note), index=whole.index)


# --------------------------------------------------------------------------- SCB tables copied verbatim


def _year_columns(table: pd.DataFrame, prefix: str, name: str) -> dict[str, int]:
    years = {c: int(c[len(prefix) :]) for c in table.columns if c.startswith(prefix)}
    if not years or any(not re.fullmatch(r"\d{4}", c[len(prefix) :]) for c in years):
        raise SourceFormatError(f"expected year columns named '{prefix}YYYY'", file=name)
    return years


def _long_counts(path: Path, key: geo.RegsoKey, category: str, prefix: str, fixed: dict[str, str]) -> pd.DataFrame:
    """A Mumbokatten table (region, category, [kön], one column per year) as long rows with RegSO codes."""
    name = _ref(path)
    table = read_raw_csv(path, name)
    years = _year_columns(table, prefix, name)
    _expect_columns(table, ["region", category, *fixed, *years], name)
    for column, value in fixed.items():
        _expect_values(table, column, {value}, name)
    table[category] = table[category].str.strip()
    table["geo_code"] = key.codes_of(table["region"], file=name, lines=table["_line"])
    long = table.melt(id_vars=["geo_code", category, "_line"], value_vars=list(years), var_name="column")
    long["year"] = long["column"].map(years)
    long["value"], _ = parse_numbers(long["value"], file=name, column=f"{prefix}YYYY", lines=long["_line"])
    if long["value"].isna().any():
        first = long[long["value"].isna()].iloc[0]
        raise SourceFormatError("a count is missing", file=name, line=int(first["_line"]), column=first["column"])
    duplicated = long.duplicated(["geo_code", category, "year"])
    if duplicated.any():
        raise SourceFormatError("a RegSO appears twice", file=name, line=int(long.loc[duplicated, "_line"].iloc[0]))
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
    _expect_values(long, category, set(allowed), name)
    counts = long.pivot_table(index=["geo_code", "year"], columns=category, values="value", aggfunc="sum")
    counts = counts.reindex(columns=allowed)
    if counts.isna().any().any():
        code, year = counts.index[counts.isna().any(axis=1)][0]
        missing = ", ".join(counts.columns[counts.loc[(code, year)].isna()])
        raise SourceFormatError(f"RegSO {code} has no row for {missing} ({year})", file=name)
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
            _rows(
                indicator=indicator,
                geo_kind=kind,
                geo_code=table.index.get_level_values("geo_code") if code is None else code,
                year=table.index.get_level_values("year"),
                value=_share(part(table), total),
                source=source.publisher,
                source_ref=_ref(path),
                derived=True,
                note=_undefined_note(total, note, what),
            )
        )
    return frames


def read_birth_region(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Population by birth region per RegSO: the foreign-born share (derived), and population."""
    long = _long_counts(path, key, "födelseregion", "Antal ", {"kön": "totalt"})
    counts = _pivot(long, "födelseregion", ["Sverige", "totalt"], _ref(path))
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
        _rows(
            indicator="folkmangd",
            geo_kind="regso",
            geo_code=linkoping.index.get_level_values("geo_code"),
            year=linkoping.index.get_level_values("year"),
            value=linkoping["totalt"],
            source=source.publisher,
            source_ref=_ref(path),
        )
    )
    kind, code, sweden, how = _aggregates(counts, key)[1]
    frames.append(
        _rows(
            indicator="folkmangd",
            geo_kind=kind,
            geo_code=code,
            year=sweden.index,
            value=sweden["totalt"],
            source=source.publisher,
            source_ref=_ref(path),
            derived=True,
            note=f"derived: totalt {how}",
        )
    )
    return pd.concat(frames, ignore_index=True)


TENURES = ["bostadsrätt", "hyresrätt", "uppgift saknas", "äganderätt"]


def read_tenure(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Dwellings by tenure per RegSO: the rental share (derived)."""
    long = _long_counts(path, key, "upplåtelseform", "Antal ", {})
    counts = _pivot(long, "upplåtelseform", TENURES, _ref(path))
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
    _expect_values(long, "inkomstkomponent", {"löneinkomst"}, _ref(path))
    return _rows(
        indicator="loneinkomst_medel",
        geo_kind="regso",
        geo_code=long["geo_code"],
        year=long["year"],
        value=long["value"],
        source=source.publisher,
        source_ref=_ref(path),
    )


def read_area_type(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """SCB's områdestyp per RegSO for one year: a PxWeb export with its footer of table notes."""
    name = _ref(path)
    table = read_raw_csv(path, name)
    if len(table.columns) != 3 or not re.fullmatch(r"\d{4}", table.columns[1]):
        raise SourceFormatError("expected two columns: the RegSO label and one year", file=name)
    label, year = table.columns[0], int(table.columns[1])
    # The export ends with an empty row and then SCB's notes on the table.
    blank = table.index[table[label] == ""]
    body = table.loc[: blank[0] - 1] if len(blank) else table
    values, markers = parse_numbers(body[table.columns[1]], file=name, column=str(year), lines=body["_line"])
    bad = values.notna() & ~values.isin(range(1, 6))
    if bad.any():
        raise SourceFormatError(
            "områdestyp must be 1–5", file=name, line=int(body.loc[bad, "_line"].iloc[0]), column=str(year)
        )
    return _rows(
        indicator="omradestyp",
        geo_kind="regso",
        geo_code=key.codes_of(body[label], file=name, lines=body["_line"]),
        year=year,
        value=values,
        source=source.publisher,
        source_ref=name,
        note=_marker_notes(markers),
    )


def _marker_notes(markers: pd.Series) -> pd.Series:
    """What a source has in place of a value ("no value: the source has '..'"), where it has a symbol."""
    return markers.map(lambda m: f"no value: the source has {m!r}", na_action="ignore")


# --------------------------------------------------------------------------- transcribed files

# Columns of the am-dashboard-se files: (indicator, year); a column that is not used maps
# to None (why is said in the README), an unknown column is an error.
AM_COLUMNS: dict[str, tuple[str, int] | None] = {
    "foreign_bg_pct_2024": ("utlandsk_bakgrund", 2024),
    "foreign_bg_pct_2025": ("utlandsk_bakgrund", 2025),
    "income_med_equiv_disp_tkr_2024": ("median_ekstd", 2024),
    "low_econ_pct_2024": ("lag_ekstd", 2024),
    "unemp_pct_20_64_2024": ("arbetsloshet", 2024),
    "employment_pct_20_64_2024": ("sysselsattning", 2024),
    "higher_ed_pct_2024": ("eftergymnasial", 2024),
    "higher_ed_pct_2025": ("eftergymnasial", 2025),
    "renters_pct_2024": ("hyresratt", 2024),
    "renters_pct_2025": ("hyresratt", 2025),
    # The shared README: the RegSO files hold 2024 values; this column has no year of its own.
    "socio_index_value": ("socioek_index", 2024),
    "dist_income_2024_mean_tkr_13_components": ("ek_bistand_medel", 2024),
    **dict.fromkeys(
        [
            *("regso_2025", "deso_2025", "regso_name", "name", "pop", "growth_2025", "growth_pct_2025"),
            *("young_2024", "young_2025", "single_2024", "single_2025", "young_20_34_pct_2024", "young_20_34_pct_2025"),
            *("income_mean_net_tkr_2024", "capital_inc_pct_2024", "flats_2024", "flats_2025"),
            *("vulnerable_area_share_pct_snapshot_2025_12", "vulnerable_area_class"),
            *("tenure_dwellings_hyr_br_ag_missing", "selfsuff_pct_20_64_2024_all_bornSweden_foreignborn"),
        ]
    ),
}
# The same measures in the Linköping time series, by its `indicator` names.
AM_SERIES: dict[str, str | None] = {
    "foreign_bg_pct": "utlandsk_bakgrund",
    "income_med_equiv_disp_tkr": "median_ekstd",
    "low_econ_pct_all_ages": "lag_ekstd",
    "higher_ed_pct_25_65": "eftergymnasial",
    "renters_pct_dwellings": "hyresratt",
    "dist_income_2024_mean_tkr_13_components": "ek_bistand_medel",
    # Last month of a monthly series (2026 = June): another measure than the annual register.
    "unemp_pct_20_64_TAB6260_monthly_latest_month": None,
    "employment_pct_20_64_TAB6260_monthly_latest_month": None,
    **dict.fromkeys(
        [
            *("income_mean_net_tkr_constant_prices", "capital_inc_pct", "growth_pct", "pop"),
            *("selfsuff_pct_20_64_all_bornSweden_foreignborn", "vulnerable_area_share_pct_land_snapshot_2025_12"),
        ]
    ),
}
# SCB's 13 income components in the am-dashboard order; ekonomiskt bistånd is the 12th.
INCOME_COMPONENTS = 13
EK_BISTAND_COMPONENT = 12


def _components(cells: pd.Series, name: str, column: str, lines: pd.Series) -> pd.Series:
    """The ekonomiskt bistånd part of a '|'-separated list of the 13 income components."""
    parts = cells.str.split("|")
    bad = parts.map(len) != INCOME_COMPONENTS
    if bad.any():
        raise SourceFormatError(
            f"expected {INCOME_COMPONENTS} '|'-separated income components",
            file=name,
            line=int(lines[bad].iloc[0]),
            column="year",
        )
    return parts.str[EK_BISTAND_COMPONENT - 1]


def _check_names(found: list[str], known: dict, name: str, what: str) -> None:
    unknown = [c for c in found if c not in known]
    if unknown:
        raise SourceFormatError(
            f"unknown {what} {', '.join(map(repr, unknown))}; segstats knows: {', '.join(known)}", file=name
        )


def read_am_areas(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """An am-dashboard-se file with one row per RegSO or DeSO and one column per measure and year."""
    name = _ref(path)
    table = read_raw_csv(path, name)
    _check_names(list(table.columns[:-1]), AM_COLUMNS, name, "column(s)")
    code_column = "deso_2025" if "deso_2025" in table.columns else "regso_2025"
    kind = "deso" if code_column == "deso_2025" else "regso"
    known = set(key.deso["deso_code"]) if kind == "deso" else set(key.regso["regso_code"])
    _expect_values(table, code_column, known, name)
    if kind == "deso":
        parent = key.deso.drop_duplicates("deso_code").set_index("deso_code")["regso_code"]
        wrong = table["deso_2025"].map(parent) != table["regso_2025"]
        if wrong.any():
            raise SourceFormatError(
                "the DeSO's RegSO disagrees with SCB's key", file=name, line=int(table.loc[wrong, "_line"].iloc[0])
            )
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
            _rows(
                indicator=target[0],
                geo_kind=kind,
                geo_code=table.loc[keep, code_column],
                year=target[1],
                value=values[keep],
                source=source.publisher,
                source_ref=name,
                note=_marker_notes(markers[keep]),
            )
        )
    return pd.concat(frames, ignore_index=True)


def read_am_series(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """The am-dashboard-se time series for Linköping (kommun, indicator, year, value)."""
    name = _ref(path)
    table = read_raw_csv(path, name)
    _expect_columns(table, ["kommun", "indicator", "year", "value"], name)
    _expect_values(table, "kommun", {geo.KOMMUN_CODE}, name)
    _check_names(list(dict.fromkeys(table["indicator"])), AM_SERIES, name, "indicator name(s)")
    table = table[table["indicator"].map(AM_SERIES).notna()].copy()
    components = table["indicator"] == "dist_income_2024_mean_tkr_13_components"
    table.loc[components, "value"] = _components(table.loc[components, "value"], name, "value", table["_line"])
    values, markers = parse_numbers(table["value"], file=name, column="value", lines=table["_line"])
    return _rows(
        indicator=table["indicator"].map(AM_SERIES),
        geo_kind="kommun",
        geo_code=geo.KOMMUN_CODE,
        year=_years(table["year"], name, table["_line"]),
        value=values,
        source=source.publisher,
        source_ref=name,
        note=_marker_notes(markers),
    )


def _years(cells: pd.Series, name: str, lines: pd.Series) -> pd.Series:
    bad = ~cells.str.fullmatch(r"\d{4}")
    if bad.any():
        raise SourceFormatError(
            f"a year must be four digits, not {cells[bad].iloc[0]!r}",
            file=name,
            line=int(lines[bad].iloc[0]),
            column="year",
        )
    return cells.astype(int)


# The Luleå panel's columns: indicator, or None where segstats does not use the column.
LULEA_COLUMNS: dict[str, str | None] = {
    "folkmangd": "folkmangd",
    "sysselsattningsgrad": "sysselsattning",
    "arbetsloshet": "arbetsloshet",
    "andel_eftergymnasial": "eftergymnasial_25_64",
    **dict.fromkeys(["kommun", "year", "inflyttade", "inkomst_tkr", "andel_smahus", "andel_studerande"]),
    "sysselsatta_totalt": None,
}


def read_lulea_panel(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Linköping's rows of the Luleå panel (one row per year, one column per measure)."""
    name = _ref(path)
    table = read_raw_csv(path, name)
    _check_names(list(table.columns[:-1]), LULEA_COLUMNS, name, "column(s)")
    _expect_values(table, "kommun", {geo.KOMMUN_CODE}, name)
    years = _years(table["year"], name, table["_line"])
    frames = []
    for column, indicator in LULEA_COLUMNS.items():
        if indicator is None or column not in table.columns:
            continue
        values, markers = parse_numbers(table[column], file=name, column=column, lines=table["_line"])
        keep = values.notna() | markers.notna()
        frames.append(
            _rows(
                indicator=indicator,
                geo_kind="kommun",
                geo_code=geo.KOMMUN_CODE,
                year=years[keep],
                value=values[keep],
                source=source.publisher,
                source_ref=name,
                note=_marker_notes(markers[keep]),
            )
        )
    return pd.concat(frames, ignore_index=True)


# The municipality's published figures: each `indicator` text of the file, and the catalogue
# id it is (None: not used; the reason is in the comment and the README).
PAGE_INDICATORS: dict[str, str | None] = {
    "arbetslöshet 18-64 (öppet arbetslösa + i program, andel av befolkningen 18-64)": "arbetslosa_af",
    "arbetslöshet 18-64 (andel av befolkningen 18-64)": "arbetslosa_af",
    "öppet arbetslösa + i program 18-64 (andel av befolkningen)": "arbetslosa_af",
    "öppet arbetslösa 18-64 (andel av befolkningen)": "oppet_arbetslosa_af",
    "andel av befolkningen (18+) med ekonomiskt bistånd någon gång under året": "ekonomiskt_bistand",
    "andel av befolkningen (18+) med ekonomiskt bistånd": "ekonomiskt_bistand",
    "andel av befolkningen 18+ med ekonomiskt bistånd": "ekonomiskt_bistand",
    # The same page; its note gives the 18+ figures by sex.
    "andel av befolkningen med ekonomiskt bistånd": "ekonomiskt_bistand",
    "andel vuxna 18+ med ekonomiskt bistånd någon gång under året": "ekonomiskt_bistand",
    "trångbodda hushåll (norm 3), antal": "trangbodda_hushall_antal",
    "trångbodda hushåll (norm 3), andel av hushåll": "trangbodda_hushall",
    "trångbodda hushåll, andel av alla hushåll": "trangbodda_hushall",
    "trångbodda hushåll med barn 0-17, andel av barnhushåll": "trangboddhet_barn",
    "trångbodda hushåll med barn 0-17, andel": "trangboddhet_barn",
    "låg ekonomisk standard, andel av befolkningen": "lag_ekstd",
    "barn 0-17 i hushåll med låg ekonomisk standard, andel": "barn_lag_ekstd",
    "valdeltagande kommunfullmäktigeval": "valdeltagande_kf",
    "valdeltagande riksdagsval": "valdeltagande_rd",
    "utländsk bakgrund, andel": "utlandsk_bakgrund",
    # Not used: no year stated.
    "öppet arbetslösa eller i program med aktivitetsstöd (andel)": None,
    # Not used: counts where segstats keeps the share, or another measure than the catalogue's.
    "utrikes födda, antal": None,
    "utländsk bakgrund, antal": None,
    "biståndsmottagare med långvarigt bistånd (andel av mottagare)": None,
    "lång eftergymnasial utbildning, andel 20-64": None,
    "inskrivna arbetslösa, andel av arbetskraften": None,
    # Not used: Ekonomifakta's compilations state neither age band nor source table.
    "medianinkomst (sammanräknad förvärvsinkomst)": None,
    "sysselsättningsgrad": None,
    "arbetslöshet (Arbetsförmedlingen)": None,
    "andel bidragsförsörjda": None,
    "andel högutbildade": None,
    # Not used: a school, not an area, and no year.
    "andel nior med gymnasiebehörighet": None,
}
# The file's area types: a geo_kind, or None for areas segstats does not use (the
# municipality's approximate "stadsdelsaggregat" of valdistrikt, and a school).
PAGE_AREA_TYPES: dict[str, str | None] = {
    "stadsdel (kommunens indelning)": "stadsdel",
    "valdistrikt": "valdistrikt",
    "kommun": "kommun",
    "stadsdelsaggregat": None,
    "skola (åk 9)": None,
}
PAGE_KOMMUN = "Linköping kommun"
# Who published a page, by the address's host.
PUBLISHERS = {
    "linkoping.se": "Linköpings kommun",
    "linkopingsposten.se": "Linköpings-Posten",
    "newsworthy.se": "Newsworthy",
    "svt.se": "SVT",
    "esf.se": "ESF-rådet, projektbanken",
}
MONTHS = "January February March April May June July August September October November December".split()


def _publisher(url: str, name: str, line: int) -> str:
    host = urlparse(url.split()[0]).netloc.removeprefix("www.")
    if host not in PUBLISHERS:
        raise SourceFormatError(
            f"no publisher known for {host!r}; add it to segstats.indicators.sources.PUBLISHERS", file=name, line=line
        )
    return PUBLISHERS[host]


def read_page_values(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Figures transcribed from the municipality's statistics pages and news articles, one per row."""
    name = _ref(path)
    table = read_raw_csv(path, name)
    _expect_columns(table, ["area", "area_type", "indicator", "period", "value", "unit", "source_url", "note"], name)
    _check_names(list(dict.fromkeys(table["indicator"])), PAGE_INDICATORS, name, "indicator text(s)")
    _check_names(list(dict.fromkeys(table["area_type"])), PAGE_AREA_TYPES, name, "area type(s)")
    used = table[table["indicator"].map(PAGE_INDICATORS).notna() & table["area_type"].map(PAGE_AREA_TYPES).notna()]
    log.debug("%s: %d of %d rows used", name, len(used), len(table))
    period = used["period"].str.extract(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?$")
    if period["year"].isna().any():
        line = int(used.loc[period["year"].isna(), "_line"].iloc[0])
        raise SourceFormatError("the period must be YYYY or YYYY-MM", file=name, line=line, column="period")
    kind = used["area_type"].map(PAGE_AREA_TYPES)
    in_kommun = kind == "kommun"
    if (used.loc[in_kommun, "area"] != PAGE_KOMMUN).any():
        line = int(used.loc[in_kommun & (used["area"] != PAGE_KOMMUN), "_line"].iloc[0])
        raise SourceFormatError(f"the only kommun segstats knows is {PAGE_KOMMUN!r}", file=name, line=line)
    values, markers = parse_numbers(used["value"], file=name, column="value", lines=used["_line"])
    month = period["month"].map(lambda m: f"{MONTHS[int(m) - 1]} (monthly figure)", na_action="ignore")
    notes = [
        "; ".join(part for part in parts if isinstance(part, str) and part)
        for parts in zip(month, used["note"], _marker_notes(markers), strict=True)
    ]
    return _rows(
        indicator=used["indicator"].map(PAGE_INDICATORS),
        geo_kind=kind,
        geo_code=used["area"].where(~in_kommun, geo.KOMMUN_CODE),
        year=period["year"].astype(int),
        value=values,
        source=[_publisher(u, name, line) for u, line in zip(used["source_url"], used["_line"], strict=True)],
        source_ref=name + " · " + used["source_url"],
        note=[n or None for n in notes],
    )


# The ESF+ project text: its indicator names, and where its areas lie.
ESF_INDICATORS = {
    "barn_0_17_i_familjer_med_lag_ekonomisk_standard": "barn_lag_ekstd",
    # Not used: no year; SCB's own files give the områdestyp for 2022 and 2023.
    "omradestyp_segregationsbarometern": None,
}
# The project text names Skäggetorp's parts (Rosendal, Sörgården, Nygård, Ullevi
# koloniområde): the municipality's stadsdel, not RegSO Skäggetorp-Tornby.
ESF_AREAS = {"Skäggetorp": ("stadsdel", "Skäggetorp"), "Linköping (kommun)": ("kommun", geo.KOMMUN_CODE)}
ESF_NOTE = (
    "project text: 'andelen barn 0-17 år i familjer med låg ekonomisk standard', from the municipality's analysis unit"
)


def read_esf(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """The figures quoted in the municipality's ESF+ project description."""
    name = _ref(path)
    table = read_raw_csv(path, name)
    _expect_columns(table, ["indicator", "district", "year", "value", "unit", "source_url"], name)
    _check_names(list(dict.fromkeys(table["indicator"])), ESF_INDICATORS, name, "indicator name(s)")
    used = table[table["indicator"].map(ESF_INDICATORS).notna()]
    _expect_values(used, "district", set(ESF_AREAS), name)
    _expect_values(used, "unit", {"percent"}, name)
    values, markers = parse_numbers(used["value"], file=name, column="value", lines=used["_line"])
    areas = used["district"].map(ESF_AREAS)
    return _rows(
        indicator=used["indicator"].map(ESF_INDICATORS),
        geo_kind=areas.str[0],
        geo_code=areas.str[1],
        year=_years(used["year"], name, used["_line"]),
        value=values,
        source=source.publisher,
        source_ref=name + " · " + used["source_url"],
        note=ESF_NOTE,
    )


def read_pxweb(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """A table fetched from SCB's PxWebApi by ``segstats fetch``: the json-stat2 answer and its provenance file."""
    name = _ref(path)
    sidecar = path.with_name(path.stem + pxweb.PROVENANCE)
    try:
        provenance = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        raw = path.read_bytes()
        dataset = json.loads(raw)
        if hashlib.sha256(raw).hexdigest() != provenance["sha256"]:
            raise SourceFormatError("the response differs from the one its provenance file records (sha256)", file=name)
        cells = pxweb.unpack(dataset, provenance["table"])
    except OSError:
        raise SourceFormatError(f"no provenance file {sidecar.name} next to the response", file=name) from None
    except (json.JSONDecodeError, yaml.YAMLError, KeyError, TypeError, FetchError) as exc:
        raise SourceFormatError(f"cannot be read with its provenance file: {exc}", file=name) from None
    regions = pd.DataFrame(cells["Region"].map(geo.region_of).tolist(), columns=["geo_kind", "geo_code", "version"])
    cells = pd.concat([cells, regions.set_index(cells.index)], axis=1)
    if cells["geo_kind"].isna().any():
        raise SourceFormatError(
            f"unknown region code {cells.loc[cells['geo_kind'].isna(), 'Region'].iloc[0]!r}", file=name
        )
    if not cells["Tid"].str.fullmatch(r"\d{4}").all():
        raise SourceFormatError("segstats reads yearly tables only (Tid must be a year)", file=name)
    cells["year"] = cells["Tid"].astype(int)
    # Each RegSO or DeSO version holds statistics only for its own years; SCB's tables list
    # both versions for every year, with '..' or 0 outside them.
    outside = (cells["version"] == "2025") != (cells["year"] >= geo.FIRST_YEAR_2025_VERSION)
    cells = cells[cells["version"].isna() | ~outside].reset_index(drop=True)
    numerator = provenance.get("numerator") or {}
    if numerator:
        cells = _ratio(cells, numerator, provenance.get("denominator") or {})
    else:
        cells = cells.assign(note=_marker_notes(cells["status"].rename(None)).to_numpy())
    return _rows(
        indicator=provenance["indicator"],
        geo_kind=cells["geo_kind"],
        geo_code=cells["geo_code"],
        year=cells["year"],
        value=cells["value"],
        source=source.publisher,
        source_ref=f"{name} · {provenance['url']} (fetched {provenance['fetched']})",
        derived=bool(numerator),
        note=cells["note"],
    )


def _ratio(cells: pd.DataFrame, numerator: dict[str, str], denominator: dict[str, str]) -> pd.DataFrame:
    """100 × numerator / denominator per region and year, with a note giving the formula."""
    keys = ["geo_kind", "geo_code", "year"]

    def pick(selection: dict[str, str]) -> pd.DataFrame:
        part = cells
        for variable, code in selection.items():
            part = part[part[variable] == code]
        return part.set_index(keys)[["value", "status"]]

    both = pick(numerator).join(pick(denominator), how="inner", suffixes=("_num", "_den")).reset_index()
    formula = "derived: 100*" + ",".join(f"{k}={v}" for k, v in numerator.items())
    formula += "/" + ",".join(f"{k}={v}" for k, v in denominator.items())
    status = _marker_notes(both["status_num"].fillna(both["status_den"]))
    return both.assign(
        value=_share(both["value_num"], both["value_den"]),
        note=[formula if pd.isna(s) else f"{formula}; {s}" for s in status],
    )


# Every source, in the order of preference: SCB's responses as fetched, then SCB's files
# copied verbatim, then transcriptions.
SOURCES = (
    Source(f"{pxweb.FETCH_DIR}/*.json", "SCB", 0, read_pxweb),
    Source("mumbokatten/deso_foreign_born.csv", "SCB", 1, read_birth_region),
    Source("mumbokatten/deso_housing_tenure.csv", "SCB", 1, read_tenure),
    Source("mumbokatten/deso_income.csv", "SCB", 1, read_wage_income),
    Source("addegezon/regso_socioekonomisk_index_2022.csv", "SCB", 1, read_area_type),
    Source("addegezon/regso_socioekonomisk_index_2023.csv", "SCB", 1, read_area_type),
    Source("transcribed/am_dashboard_se_regso2025_berga_ryd_skaggetorp.csv", "SCB", 2, read_am_areas),
    Source("transcribed/am_dashboard_se_regso2025_linkoping_other.csv", "SCB", 2, read_am_areas),
    Source("transcribed/am_dashboard_se_deso2025_berga_ryd_skaggetorp.csv", "SCB", 2, read_am_areas),
    Source("transcribed/am_dashboard_se_kommun0580_timeseries.csv", "SCB", 2, read_am_series),
    Source("transcribed/lulea_samband_inflyttning_panel_0580.csv", "SCB", 3, read_lulea_panel),
    Source("transcribed/linkoping_published_page_values.csv", "", 4, read_page_values),
    Source("transcribed/esf_project_text_values.csv", "ESF-rådet, projektbanken (Linköpings kommun)", 5, read_esf),
)
