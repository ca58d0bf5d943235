"""The reports' tables as their files hold them: tidy and typed, one fact per cell, under stable column keys.

A report shows a table for readers (values with their unit, a reason where a number is missing,
several facts in one cell); the functions here make the same table for spreadsheets and scripts:
one row per fact, codes beside their names (``geo_code`` and ``geo_name``, ``indicator`` and
``indicator_name``), numbers as numbers, and a missing number's reason in a column of its own.
A key (a CSV header) means the same in every table and language, and its column's type is
given here once (:func:`typed`); :func:`describe` gives each key its header and meaning from
``words/columns.yaml`` and, for an indicator's values, the catalogue's unit and decimals, by
which the files round them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.indicators import geo
from segstats.indicators.catalogue import DesoComparison
from segstats.profile import DistrictProfile
from segstats.reports import fmt, labels, tables, words
from segstats.reports.show import Table

# An indicator's values: in its unit and decimals, which a table gives per row by its ``indicator``.
VALUES = (
    *("value", "linkoping_value", "baseline_value", "peer_value", "peer_median", "start_value", "end_value"),
    *("municipal_median", "similar_median"),
)
# Differences of two such values as printed (segstats.indicators.analysis.shown_difference): signed,
# in percentage points for shares in per cent, else in the values' unit.
DIFFERENCES = ("gap", "change", "baseline_gap", "gap_change")
# Counts: whole numbers, written grouped ("1 234").
COUNTS = (
    *("population", "peer_count", "peer_of", "municipal_count", "similar_count", "desos", "total", "count"),
    *("not_done_times", *codes.codes("status")),
)
# Shares of measures, in per cent with the decimals the reports print them with.
SHARES = ("share",)
SHARE_DECIMALS = 1
# Whole numbers that name something (a year, an area's number, a type): written as they are.
WHOLE = (
    *("year", "baseline_year", "peer_year", "start_year", "end_year", "population_year", "ongoing_since"),
    *("area_no", "area_type", "area_type_year", "peer_rank", "municipal_rank", "similar_rank"),
)
TRUTHS = ("implausible", "confirmed", "constant_prices", "is_district", "similar_size")
# Keys whose missing numbers share the reason of another column where a table has none of their own:
# the same-type comparison's, or a change's (it is missing for want of these values).
_SHARED_REASON = {
    **dict.fromkeys(("peer_year", "peer_value", "peer_rank", "peer_median"), ("peer_missing",)),
    **dict.fromkeys(("year", "baseline_value", "value"), ("change_missing", "gap_change_missing")),
    **dict.fromkeys(("baseline_gap", "gap"), ("gap_change_missing",)),
}


def header(key: str, lang: str = "sv") -> str:
    """The header of the column ``key``: a status by its label, any other key by ``words/columns.yaml``.

    >>> header("geo_code", "en"), header("not_done", "en")
    ('Area code', 'Not done')
    """
    if key in codes.codes("status"):
        return codes.label("status", key, lang)
    return words.text(f"columns.{key}", lang)


def typed(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with each column of the type its key has in every table: numbers, whole numbers, truths or text."""
    kinds = {k: "Float64" for k in (*VALUES, *DIFFERENCES, *SHARES)} | {k: "Int64" for k in (*COUNTS, *WHOLE)}
    kinds |= dict.fromkeys(TRUTHS, "boolean")
    return data.astype({c: kinds.get(c, "string") for c in data.columns})


def describe(data: pd.DataFrame, lang: str = "sv", catalogue: pd.DataFrame | None = None) -> dict[str, tables.Column]:
    """Each column of ``data`` described by its key: header, meaning, unit, decimals, and where its reasons are.

    Args:
        data: a tidy table (:func:`typed`); one with indicator values (:data:`VALUES`,
            :data:`DIFFERENCES`) has an ``indicator`` column.
        catalogue: rows of :func:`segstats.indicator_catalogue`: each row's unit and decimals.
    """
    units: list[str | None] = [None] * len(data)
    decimals: list[int | None] = [None] * len(data)
    if catalogue is not None and "indicator" in data:
        entries = catalogue.set_index("id")
        found = [labels.indicator_format(entries.loc[i]) for i in data["indicator"]]
        units, decimals = [u for u, _ in found], [d for _, d in found]
    points = words.text("columns.points", lang)
    differences = [points if fmt.is_percent(u) else u for u in units]
    meanings = words.catalogue("columns")
    described = {}
    for key in data.columns:
        why = next((w for w in (f"{key}_missing", *_SHARED_REASON.get(key, ())) if w in data), None)
        column = tables.Column(
            header(key, lang),
            description=words.text(f"columns.{key}_about", lang) if f"{key}_about" in meanings else None,
            why_missing=why,
        )
        if key in VALUES:
            column = replace(column, unit=units, decimals=decimals)
        elif key in DIFFERENCES:
            column = replace(column, unit=differences, decimals=decimals, signed=True)
        elif key in COUNTS:
            column = replace(column, decimals=0)
        elif key in SHARES:
            column = replace(column, unit="%", decimals=SHARE_DECIMALS)
        described[key] = column
    return described


def table(
    shown: pd.DataFrame,
    data: pd.DataFrame,
    name: str,
    *,
    title: str,
    sheet: str,
    lang: str,
    catalogue: pd.DataFrame | None = None,
    **options: Any,
) -> Table:
    """A table to show: ``shown`` as the PDF's readers get it, ``data`` (tidy, under keys) in its files."""
    columns = describe(data, lang, catalogue)
    return Table(shown, name, title=title, columns=columns, data=data, sheet=sheet, **options)


def records(rows: Iterable[Mapping[str, object]], keys: Sequence[str]) -> pd.DataFrame:
    """Rows of dicts as a typed table of the columns ``keys`` (missing values missing, never filled)."""
    listed = [{k: None if _missing(v) else v for k, v in r.items()} for r in rows]
    return typed(pd.DataFrame(listed, columns=list(keys)))


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def profile_values(
    rows: pd.DataFrame,
    catalogue: pd.DataFrame,
    indicators: pd.DataFrame,
    lang: str = "sv",
    *,
    baseline_year: int | None = None,
    peers: bool = False,
) -> pd.DataFrame:
    """Districts' indicator rows (:func:`segstats.profile.indicator_rows` and their ``district``) as a tidy table.

    One row per row of ``rows``: the indicator, district and area the value is for, its year, value
    and unit, whether it lies outside its plausible range and who published it (from
    ``indicators``), Linköping's value and the gap; with ``baseline_year`` also the baseline value
    and the change, with ``peers`` the place among the RegSOs of the same områdestyp. A missing
    number has its reason in words beside it (without a value, that reason for each); with both,
    ``note`` keeps the profile's codes (:data:`segstats.profile.NOTES`).
    """
    entries = catalogue.set_index("id")
    own = indicators[indicators["indicator"].isin(set(rows["indicator"]))]
    published = {
        (str(i), str(k), str(c), int(y)): (bool(flag), str(source))
        for i, k, c, y, flag, source in zip(
            own["indicator"],
            own["geo_kind"],
            own["geo_code"],
            own["year"],
            own["implausible"],
            own["source"],
            strict=True,
        )
    }
    found = []
    for _, r in rows.iterrows():
        entry = entries.loc[r["indicator"]]
        none = None if pd.notna(r["value"]) else labels.word("reason_no_data", lang)
        flag, source = (None, None) if none else published[(r["indicator"], r["geo_kind"], r["geo_code"], r["year"])]
        row = {
            "indicator": r["indicator"],
            "indicator_name": labels.indicator_name(entry, lang),
            **{k: r[k] for k in ("district", "geo_kind", "geo_code", "geo_name", "year", "value")},
            "value_missing": none,
            "unit": labels.indicator_format(entry)[0],
            "implausible": flag,
            "source": source,
            "linkoping_value": r["linkoping_value"],
            "gap": r["gap"],
            "gap_missing": none or labels.gap_reason(r, lang),
        }
        if baseline_year is not None:
            row |= {"baseline_year": baseline_year, "baseline_value": r["baseline_value"], "change": r["change"]}
            row["change_missing"] = none or labels.change_reason(r, baseline_year, lang)
        if peers:
            row |= {k: r[k] for k in ("peer_year", "peer_value", "peer_rank", "peer_count", "peer_of", "peer_median")}
            row["peer_missing"] = none or labels.peer_reason(r, lang)
        found.append(row | {"note": r["note"]})
    keys = [*_PROFILE_KEYS]
    keys += _CHANGE_KEYS if baseline_year is not None else []
    keys += _PEER_KEYS if peers else []
    # The notes are of the whole profile: only a table with all of it shows them.
    return records(found, [*keys, "note"] if baseline_year is not None and peers else keys)


_PROFILE_KEYS = (
    *("indicator", "indicator_name", "district", "geo_kind", "geo_code", "geo_name", "year", "value"),
    *("value_missing", "unit", "implausible", "source", "linkoping_value", "gap", "gap_missing"),
)
_CHANGE_KEYS = ("baseline_year", "baseline_value", "change", "change_missing")
_PEER_KEYS = ("peer_year", "peer_value", "peer_rank", "peer_count", "peer_of", "peer_median", "peer_missing")


def district_rows(rows_by_district: Mapping[str, pd.DataFrame], catalogue: pd.DataFrame) -> pd.DataFrame:
    """The districts' indicator rows in one table with their ``district``: indicator by indicator (catalogue
    order), each indicator's districts in the plan's order; only indicators with a value for some district."""
    rows = pd.concat([r.assign(district=d) for d, r in rows_by_district.items()], ignore_index=True)
    shown = set(rows.loc[rows["value"].notna(), "indicator"])
    order = {i: n for n, i in enumerate(catalogue["id"])}
    rows = rows[rows["indicator"].isin(shown)]
    return rows.sort_values("indicator", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def change_values(
    change: pd.DataFrame, catalogue: pd.DataFrame, *, baseline_year: int, lang: str = "sv", gap: bool = False
) -> pd.DataFrame:
    """The change since the baseline year (:func:`segstats.indicators.analysis.indicator_change`) as a tidy table.

    One row per indicator (catalogue order) and place: baseline value, latest year and value, the
    change as printed, ``comparable`` (the code) and, where the change is missing, why in words;
    ``constant_prices`` says whether an amount's change is in real terms (empty where the catalogue
    does not say, or for a share). With ``gap``, the rows are
    :func:`segstats.indicators.analysis.gap_change`'s and the change is that of the district's gap
    to Linköping: the gap in the baseline year and the latest year, and its change.
    """
    found = []
    for _, entry in catalogue.iterrows():
        for _, r in change[change["indicator"] == entry["id"]].iterrows():
            why = None if r["comparable"] == "yes" else labels.reason(str(r["comparable"]), baseline_year, lang)
            row = {
                "indicator": entry["id"],
                "indicator_name": labels.indicator_name(entry, lang),
                **{k: r[k] for k in ("district", "geo_kind", "geo_code", "geo_name")},
                "baseline_year": baseline_year,
                "baseline_value": r["value_base"],
                "year": r["year_latest"],
                "value": r["value_latest"],
                "unit": entry["unit"],
            }
            if gap:
                row |= {"baseline_gap": r["gap_base"], "gap": r["gap_latest"], "gap_change": r["gap_change"]}
            else:
                row |= {"change": r["change"]}
            row |= {
                f"{_CHANGED[gap]}_missing": why,
                "comparable": r["comparable"],
                "constant_prices": _PRICES.get(str(entry.get("prices"))),
            }
            found.append(row)
    keys = (
        *("indicator", "indicator_name", "district", "geo_kind", "geo_code", "geo_name", "baseline_year"),
        *("baseline_value", "year", "value", "unit", *(("baseline_gap", "gap", "gap_change") if gap else ("change",))),
        *(f"{_CHANGED[gap]}_missing", "comparable", "constant_prices"),
    )
    return records(found, keys)


# The column a change table's reasons are for: the value's change, or (``gap``) the gap's.
_CHANGED = {False: "change", True: "gap_change"}
# An amount's prices (the catalogue's ``prices``): whether its change is in real terms; unknown where not said.
_PRICES = {"constant": True, "current": False}


def deso_reason(comparable: str, deso: DesoComparison, lang: str = "sv") -> str | None:
    """Why a DeSO has no change on the catalogue's DeSO comparison, in words (``None`` where it has one).

    >>> deso_reason("no_start", DesoComparison("x", 2022, 2024), "en")
    'no value for 2022'
    """
    if comparable == "yes":
        return None
    years = {"no_start": deso.start, "no_end": deso.end}
    if comparable in years:
        return labels.word("reason_no_baseline", lang, baseline_year=str(years[comparable]))
    return labels.word(f"reason_{comparable}", lang)


def deso_values(p: DistrictProfile, entry: pd.Series, deso: DesoComparison, lang: str = "sv") -> pd.DataFrame:
    """A district's DeSOs (``desos`` of its profile) as a tidy table: both years' values, the change or why
    not, and the place among all DeSOs of the RegSO's områdestyp."""
    found = [
        {
            "indicator": entry.name,
            "indicator_name": labels.indicator_name(entry, lang),
            "district": p.district,
            "geo_code": r["geo_code"],
            "start_year": deso.start,
            "start_value": r["value_start"],
            "end_year": deso.end,
            "end_value": r["value_end"],
            "unit": labels.indicator_format(entry)[0],
            "change": r["change"],
            "change_missing": deso_reason(str(r["comparable"]), deso, lang),
            "comparable": r["comparable"],
            **{k: r[k] for k in ("area_type", "area_type_year", "peer_year", "peer_rank", "peer_count", "peer_median")},
        }
        for _, r in p.desos.iterrows()
    ]
    keys = (
        *("indicator", "indicator_name", "district", "geo_code", "start_year", "start_value", "end_year"),
        *("end_value", "unit", "change", "change_missing", "comparable", "area_type", "area_type_year"),
        *("peer_year", "peer_rank", "peer_count", "peer_median"),
    )
    return records(found, keys)


def measure_values(profiles: Sequence[DistrictProfile], lang: str = "sv") -> pd.DataFrame:
    """Per district: its RegSO, områdestyp, population and the year's measures aimed at it by status."""
    found = [
        {
            "district": p.district,
            "geo_code": p.regso_code,
            "geo_name": p.regso_name,
            "area_type": p.area_type,
            "area_type_name": None if p.area_type is None else codes.label("area_type", str(p.area_type), lang),
            "area_type_year": p.area_type_year,
            "population": p.population,
            "population_year": p.population_year,
            **{k: int(p.measures.loc["total", k]) for k in (*codes.codes("status"), "total")},
        }
        for p in profiles
    ]
    keys = ("district", "geo_code", "geo_name", "area_type", "area_type_name", "area_type_year", "population")
    return records(found, (*keys, "population_year", *codes.codes("status"), "total"))


def peer_values(blocks: Sequence[tuple[pd.Series, pd.DataFrame]], lang: str = "sv") -> pd.DataFrame:
    """The districts among the RegSOs of their områdestyp as a tidy table, one row per indicator and district.

    Args:
        blocks: (catalogue entry, :func:`segstats.indicators.analysis.peer_values` rows) per indicator.
    """
    found = []
    for entry, rows in blocks:
        own = rows[rows["is_district"]].set_index("district")
        for district, p in indicator_analysis.peer_position(rows).iterrows():
            r = own.loc[district]
            found.append(
                {
                    "indicator": entry["id"],
                    "indicator_name": labels.indicator_name(entry, lang),
                    "district": district,
                    "geo_code": r["geo_code"],
                    "geo_name": r["geo_name"],
                    **{k: r[k] for k in ("area_type", "area_type_year", "year")},
                    "value": p["value"],
                    "unit": entry["unit"],
                    "peer_median": p["median"],
                    "peer_rank": p["rank"],
                    "peer_count": p["n"],
                    "peer_of": p["of"],
                }
            )
    keys = ("indicator", "indicator_name", "district", "geo_code", "geo_name", "area_type", "area_type_year")
    return records(found, (*keys, "year", "value", "unit", "peer_median", "peer_rank", "peer_count", "peer_of"))


def deso_peer_values(position: pd.DataFrame, entry: pd.Series, lang: str = "sv") -> pd.DataFrame:
    """The districts' DeSOs among all DeSOs of their RegSO's områdestyp as a tidy table, one row per DeSO.

    Args:
        position: rows of :func:`segstats.indicators.analysis.deso_peer_position`.
        entry: the catalogue row of the compared indicator (its index is the id).
    """
    found = [
        {
            "indicator": entry.name,
            "indicator_name": labels.indicator_name(entry, lang),
            **{k: r[k] for k in ("district", "geo_code", "area_type", "area_type_year", "year", "value")},
            "unit": entry["unit"],
            "peer_median": r["median"],
            "peer_rank": r["rank"],
            "peer_count": r["n"],
        }
        for _, r in position.iterrows()
    ]
    keys = ("indicator", "indicator_name", "district", "geo_code", "area_type", "area_type_year", "year")
    return records(found, (*keys, "value", "unit", "peer_median", "peer_rank", "peer_count"))


def catalogue_values(catalogue: pd.DataFrame, breaks: Sequence[str], lang: str = "sv") -> pd.DataFrame:
    """The indicator catalogue for the files: id and name, development area, unit, confirmed, series breaks.

    Args:
        breaks: per indicator, its series breaks in words ("" for none).
    """
    found = [
        {
            "indicator": e["id"],
            "indicator_name": labels.indicator_name(e, lang),
            "area_no": e["area_no"],
            "area_name": codes.label("area", str(e["area_no"]), lang),
            "unit": e["unit"],
            "confirmed": bool(e["confirmed"]),
            "series_breaks": b or None,
        }
        for (_, e), b in zip(catalogue.iterrows(), breaks, strict=True)
    ]
    return records(found, ("indicator", "indicator_name", "area_no", "area_name", "unit", "confirmed", "series_breaks"))


def area_type_values(types: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Each district's områdestyp (:func:`segstats.indicators.analysis.area_types`) with its RegSO and name."""
    found = [
        {
            **{k: r[k] for k in ("district", "geo_code", "geo_name", "area_type")},
            "area_type_name": codes.label("area_type", str(int(r["area_type"])), lang),
            "area_type_year": r["year"],
        }
        for _, r in types.iterrows()
    ]
    return records(found, ("district", "geo_code", "geo_name", "area_type", "area_type_name", "area_type_year"))


def missing_values(
    rows_by_district: Mapping[str, pd.DataFrame], catalogue: pd.DataFrame, lang: str = "sv"
) -> pd.DataFrame:
    """Each indicator and district without a value (in any year or area), and where the indicator is published.

    Returns:
        ``indicator, indicator_name, district, source_table`` and ``fetch_table`` (the SCB table
        ``segstats fetch`` takes it from; empty where it is not fetched), in catalogue order.
    """
    found = [
        {
            "indicator": e["id"],
            "indicator_name": labels.indicator_name(e, lang),
            "district": district,
            "source_table": e["source_table"],
            "fetch_table": e["fetch_table"],
        }
        for _, e in catalogue.iterrows()
        for district, rows in rows_by_district.items()
        if rows.loc[rows["indicator"] == e["id"], "value"].isna().all()
    ]
    return records(found, ("indicator", "indicator_name", "district", "source_table", "fetch_table"))


# The tidy keys' endings and the placement's columns (rank, n, median; among similar ones with "_similar").
_PLACED = (("rank", "rank"), ("count", "n"), ("median", "median"))


def municipal_values(placement: pd.DataFrame, catalogue: pd.DataFrame, *, year: int, lang: str = "sv") -> pd.DataFrame:
    """Linköping among Sweden's municipalities as a tidy table, one row per whole-city measure.

    Args:
        placement: rows of :func:`segstats.indicators.segregation.placement`.
        catalogue: the measures' catalogue rows (names and units).
        year: the values' year.
    """
    entries = catalogue.set_index("id")
    found = [
        {
            "indicator": r["indicator"],
            "indicator_name": labels.indicator_name(entries.loc[r["indicator"]], lang),
            "geo_code": geo.KOMMUN_CODE,
            "geo_name": geo.KOMMUN_NAME,
            "year": year,
            "value": r["value"],
            "unit": entries.loc[r["indicator"], "unit"],
            **{f"municipal_{k}": r[key] for k, key in _PLACED},
            **{f"similar_{k}": r[f"{key}_similar"] for k, key in _PLACED},
        }
        for _, r in placement.iterrows()
    ]
    keys = ("indicator", "indicator_name", "geo_code", "geo_name", "year", "value", "unit")
    ranks = tuple(f"{g}_{k}" for g in ("municipal", "similar") for k in ("rank", "count", "median"))
    return records(found, (*keys, *ranks))


def municipality_rows(values: pd.DataFrame, entry: pd.Series, *, year: int, lang: str = "sv") -> pd.DataFrame:
    """Every municipality's value of one whole-city measure as a tidy table, highest first.

    Args:
        values: :func:`segstats.indicators.segregation.municipality_values`.
        entry: the measure's catalogue row.
    """
    found = [
        {
            "indicator": entry["id"],
            "indicator_name": labels.indicator_name(entry, lang),
            "geo_kind": "kommun",
            **{k: r[k] for k in ("geo_code", "geo_name")},
            "year": year,
            "value": r["value"],
            "unit": entry["unit"],
            "municipal_rank": r["rank"],
            "desos": r["desos"],
            "similar_size": bool(r["similar"]),
        }
        for _, r in values.iterrows()
    ]
    keys = ("indicator", "indicator_name", "geo_kind", "geo_code", "geo_name", "year", "value", "unit")
    return records(found, (*keys, "municipal_rank", "desos", "similar_size"))
