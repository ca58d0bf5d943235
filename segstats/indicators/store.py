"""Build the processed indicator and geography tables from data/raw/indicators/, and load them."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from segstats import codes, paths, schema
from segstats.errors import DataValidationError, SegstatsError, SourceFormatError
from segstats.indicators import geo, segregation
from segstats.indicators.catalogue import Indicator, read_catalogue
from segstats.indicators.sources import SOURCES, mumbokatten, read_source
from segstats.indicators.sources.common import DECIMALS_DERIVED
from segstats.indicators.sources.common import rows as rows_of
from segstats.io import Transaction, within, write_csv
from segstats.processed import read_table, refuse_empty
from segstats.schema import indicators_schema, validate
from segstats.words import say

log = logging.getLogger(__name__)

KEY = ["indicator", "geo_kind", "geo_code", "year"]
COLUMNS = [
    *("indicator", "geo_kind", "geo_code", "geo_name", "district", "year", "value", "unit"),
    *("source", "source_ref", "derived", "note", "implausible"),
]


def build_indicators(data_dir: Path | str | None = None, transaction: Transaction | None = None) -> list[Path]:
    """Read every indicator source and write ``geographies.csv`` and ``indicators.csv``.

    Where two sources give the same indicator, geography and year, the preferred one is
    kept (SCB's own responses, then SCB files copied verbatim, then transcriptions) and the
    other value is named in the kept row's note. Nothing is written unless both tables
    validate.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).
        transaction: stage both tables in it, to be committed with other files; default:
            commit them now.

    Returns:
        The paths written.

    Raises:
        SourceFormatError: a raw file is malformed (file, line, column, what is allowed).
        DataValidationError: the result breaks its schema (every failing row listed).
    """
    raw = paths.indicators_raw_dir(data_dir)
    catalogue = read_catalogue(data_dir)
    key = geo.read_key(raw)
    rows = pd.concat([read_source(raw, source, key) for source in SOURCES], ignore_index=True)
    files = rows["source_ref"].str.split(" · ").str[0].nunique()
    log.info(say("messages.read_values", n=len(rows), files=files, folder=raw))
    unknown = rows.loc[~rows["indicator"].isin(list(catalogue)), ["indicator", "source_ref"]].drop_duplicates(
        "indicator"
    )
    if len(unknown):
        shown = [
            say("messages.indicator_from", indicator=r.indicator, source=r.source_ref) for r in unknown.itertuples()
        ]
        raise DataValidationError("messages.not_in_catalogue", catalogue=paths.catalogue_path(data_dir), shown=shown)
    rows = resolve_overlaps(rows)
    population = mumbokatten.regso_population(raw / mumbokatten.BIRTH_REGION_FILE, key)
    rows = pd.concat([rows, area_type_rows(rows, population, key)], ignore_index=True)
    own_areas = rows[rows["geo_kind"].isin(["stadsdel", "valdistrikt"])]
    where = say("messages.table_built_from", table="geographies", source=raw)
    geographies = validate(geo.geographies(key, own_areas), schema.GEOGRAPHIES, where)
    return write_tables(rows, geographies, catalogue, paths.processed_dir(data_dir), raw, transaction=transaction)


def write_tables(
    rows: pd.DataFrame,
    geographies: pd.DataFrame,
    catalogue: dict[str, Indicator],
    out: Path,
    source: Path | str,
    *,
    transaction: Transaction | None = None,
) -> list[Path]:
    """Attach names and units to the resolved ``rows``, validate, and write both tables (nothing unless both pass).

    With a ``transaction``, both are staged in it; without, they are committed together now.

    Returns:
        The paths written: ``geographies.csv`` and ``indicators.csv`` in ``out``.
    """
    units = {i.id: i.unit for i in catalogue.values()}
    plausible = _plausible(catalogue)
    table = _attach(rows, geographies, units, plausible)
    flagged = table[table["implausible"]]
    if len(flagged):
        shown: list[object] = [
            f"{r.indicator} {r.geo_code} {r.year} = {r.value:g}" for r in flagged.head(10).itertuples()
        ]
        if len(flagged) > 10:
            shown.append(say("messages.and_more", n=len(flagged) - 10))
        log.warning(say("messages.implausible", n=len(flagged), shown=shown))
    where = say("messages.table_built_from", table="indicators", source=source)
    table = validate(table, indicators_schema(units, geographies, plausible), where)
    written = [out / paths.GEOGRAPHIES_FILE, out / paths.INDICATORS_FILE]
    with within(transaction) as staging:
        for df, path in zip((geographies, table), written, strict=True):
            write_csv(df, staging.stage(path))
    return written


def resolve_overlaps(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator, geography and year: the lowest ``rank`` wins, the others are noted.

    Raises:
        SourceFormatError: two sources of the same rank give the same cell.
    """
    rows = rows.sort_values([*KEY, "rank"], kind="stable", ignore_index=True)
    repeated = rows.duplicated(KEY, keep=False)
    if not repeated.any():
        return rows.drop(columns="rank")
    group = rows[repeated].groupby(KEY, sort=False)
    tie = group["rank"].transform(lambda r: (r == r.min()).sum() > 1)
    if tie.any():
        clash = rows[repeated][tie.to_numpy()].iloc[:2]
        first, second = clash["source_ref"].iloc[0], clash["source_ref"].iloc[1]
        raise SourceFormatError(
            "messages.two_sources",
            file=str(first),
            first=first,
            other=second,
            indicator=clash["indicator"].iloc[0],
            place=clash["geo_code"].iloc[0],
            year=int(clash["year"].iloc[0]),
        )
    first = ~rows.duplicated(KEY, keep="first")
    others = rows[repeated & ~first]
    mentions = (
        others.assign(
            text=[f"also {_number(v)} in {ref}" for v, ref in zip(others["value"], others["source_ref"], strict=True)]
        )
        .groupby(KEY, sort=False)["text"]
        .agg("; ".join)
    )
    kept = rows[first].set_index(KEY)
    extra = mentions.reindex(kept.index)
    kept["note"] = [
        "; ".join(part for part in (note, more) if isinstance(part, str)) or None
        for note, more in zip(kept["note"], extra, strict=True)
    ]
    log.info(say("messages.overlaps", n=len(mentions)))
    return kept.reset_index().drop(columns="rank")


AREA_TYPE_SHARE = "andel_omradestyp_1_2"


def area_type_rows(rows: pd.DataFrame, population: pd.Series, key: geo.RegsoKey) -> pd.DataFrame:
    """The per cent of each municipality's and Sweden's residents living in RegSOs of områdestyp 1–2.

    For every year that has both SCB's områdestyp (the ``omradestyp`` rows) and RegSO populations.

    Args:
        rows: the indicator rows read so far (with every RegSO's ``omradestyp``).
        population: residents per RegSO and year (:func:`sources.mumbokatten.regso_population`).
        key: SCB's key (each RegSO's municipality).
    """
    types = rows[(rows["indicator"] == "omradestyp") & (rows["geo_kind"] == "regso")]
    kommun_of = key.regso.set_index("regso_code")["kommun_code"]
    frames = []
    for year, typed in types.groupby("year"):
        if year not in population.index.get_level_values("year"):
            continue
        residents = population.xs(year, level="year")
        area_type = typed.set_index("geo_code")["value"]
        for kind, municipality, how in (
            ("kommun", kommun_of, "its RegSOs"),
            ("riket", pd.Series(geo.RIKET_CODE, index=kommun_of.index), "Sweden's RegSOs"),
        ):
            share = segregation.area_type_share(residents, area_type, municipality).round(DECIMALS_DERIVED)
            frames.append(
                rows_of(
                    indicator=AREA_TYPE_SHARE,
                    geo_kind=kind,
                    geo_code=share.index,
                    year=int(year),
                    value=share,
                    source="SCB",
                    source_ref=mumbokatten.BIRTH_REGION_FILE,
                    derived=True,
                    note=f"derived: 100*folkmängd i RegSO av områdestyp 1–2/folkmängd, summed over {how}; "
                    f"områdestyp from {', '.join(sorted(typed['source_ref'].astype(str).unique()))}",
                )
            )
    return pd.concat(frames, ignore_index=True)


def _plausible(catalogue: dict[str, Indicator]) -> dict[str, tuple[float, float]]:
    return {i.id: i.plausible for i in catalogue.values() if i.plausible}


def flag_implausible(table: pd.DataFrame, plausible: dict[str, tuple[float, float]]) -> pd.Series:
    """True where a value lies outside its indicator's plausible range (catalogue ``plausible``); never changes it."""
    indicator = table["indicator"].astype(str)
    low = indicator.map({k: v[0] for k, v in plausible.items()})
    high = indicator.map({k: v[1] for k, v in plausible.items()})
    return (table["value"].notna() & low.notna() & ((table["value"] < low) | (table["value"] > high))).astype(bool)


def _number(value: float) -> str:
    return "no value" if pd.isna(value) else f"{value:g}"


def _attach(
    rows: pd.DataFrame, geographies: pd.DataFrame, units: dict[str, str], plausible: dict[str, tuple[float, float]]
) -> pd.DataFrame:
    """Add geo_name, district, unit and the plausibility flag, and sort: catalogue order, geography kind, code, year."""
    places = geographies.set_index(["geo_kind", "geo_code"])[["geo_name", "district"]]
    places.index = places.index.set_levels(places.index.levels[0].astype(str), level=0)
    table = rows.join(places, on=["geo_kind", "geo_code"])
    table["unit"] = table["indicator"].map(units)
    table["implausible"] = flag_implausible(table, plausible)
    order = {
        "indicator": {name: i for i, name in enumerate(units)},
        "geo_kind": {name: i for i, name in enumerate(codes.codes("geo_kind"))},
    }
    table = table.sort_values(KEY, key=lambda s: s.map(order[s.name]) if s.name in order else s, kind="stable")
    return table[COLUMNS].reset_index(drop=True)


def load_indicators(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every indicator value: districts, Linköping, Sweden and every Swedish RegSO the sources hold.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).

    Returns:
        One row per indicator, geography and year (long format), validated:
        ``indicator`` (categorical in catalogue order), ``geo_kind`` (riket, kommun, regso,
        deso, stadsdel, valdistrikt), ``geo_code``, ``geo_name``, ``district`` (Berga / Ryd /
        Skäggetorp or missing), ``year`` (int), ``value`` (float; missing only where the
        source says so, and then ``note`` says what it has), ``unit``, ``source``,
        ``source_ref`` (raw file below data/raw/indicators/, and the address where there is
        one), ``derived`` (computed by segstats; ``note`` gives the formula), ``note``,
        ``implausible`` (the value lies outside the catalogue's plausible range for the
        indicator: shown as the source gives it, and marked wherever it is shown).
        A stadsdel and a RegSO of the same name are different geographies: tell series
        apart by ``geo_kind`` and ``geo_code``, never by ``district`` alone.
    """
    catalogue = read_catalogue(data_dir)
    units = {i.id: i.unit for i in catalogue.values()}
    # Only the codes are needed to check the values' geographies; load_geographies checks the rest.
    places = paths.processed_dir(data_dir) / paths.GEOGRAPHIES_FILE
    if not places.exists():
        raise SegstatsError("messages.no_table", path=places)
    codes = refuse_empty(
        pd.read_csv(places, usecols=["geo_kind", "geo_code"], dtype=str, keep_default_na=False), str(places)
    )
    declared = indicators_schema(units, codes, _plausible(catalogue))
    return read_table(paths.processed_dir(data_dir) / paths.INDICATORS_FILE, declared)


def load_geographies(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every geography an indicator value can belong to (see ``GEOGRAPHY_COLUMNS`` in :mod:`segstats.indicators.geo`).

    One row per geography: kind, code, name, kommun, plan district (for the districts'
    RegSOs, their DeSOs and the municipality's own areas that lie in them), parent RegSO
    of a DeSO, and a note on what the area is.
    """
    return read_table(paths.processed_dir(data_dir) / paths.GEOGRAPHIES_FILE, schema.GEOGRAPHIES)
