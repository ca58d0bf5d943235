"""Pure analysis functions: DataFrame in, DataFrame out; no I/O, no plotting."""

from __future__ import annotations

import re

import pandas as pd

from . import codes, geo
from .errors import SegstatsError


def status_counts(measures: pd.DataFrame, by: str = "area_no") -> pd.DataFrame:
    """Number of measures per ``by`` and status, every status a column (zeros kept), with a total row.

    Args:
        measures: rows of :func:`segstats.load_measures` (one follow-up year).
        by: the column to group by (``area_no``, ``year``, …).

    Returns:
        Index: the values of ``by`` plus ``"total"``; columns: status codes plus ``"total"``.
    """
    table = pd.crosstab(measures[by], measures["status"], dropna=False)
    table = table.reindex(columns=codes.codes("status"), fill_value=0)
    table.columns = pd.Index(list(table.columns), name="status")
    table.loc["total"] = table.sum()
    table["total"] = table.sum(axis=1)
    return table


def followup_year(measures: pd.DataFrame, year: int) -> pd.DataFrame:
    """The measures of one follow-up year; a year without a follow-up is an error naming those with one.

    Raises:
        SegstatsError: when ``measures`` has no row for ``year``.
    """
    years = sorted(int(y) for y in measures["year"].unique())
    if year not in years:
        raise SegstatsError(f"no follow-up for {year}; years with data: {', '.join(map(str, years)) or 'none'}")
    return measures[measures["year"] == year]


def status_totals(measures: pd.DataFrame) -> pd.DataFrame:
    """Number and share (per cent) of measures per status, every status a row (zeros kept).

    Returns:
        Index: status codes in order; columns ``count`` and ``share``.
    """
    count = measures["status"].value_counts(sort=False).reindex(codes.codes("status"), fill_value=0)
    total = int(count.sum())
    share = count / total * 100 if total else count * float("nan")
    return pd.DataFrame({"count": count.astype("int64"), "share": share}).rename_axis("status")


def explode_items(measures: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per measure and item of a ``;``-separated column (``districts``, ``departments``).

    Departments are counted as their parent department (``KLF-SÄK`` → ``KLF``), once per measure.
    """
    items = measures[column].str.split(";")
    if column == "departments":
        items = items.map(lambda codes_: list(dict.fromkeys(codes.parent_department(c) for c in codes_)))
    return measures.assign(**{column: items}).explode(column).reset_index(drop=True)


def status_by_item(measures: pd.DataFrame, column: str) -> pd.DataFrame:
    """Status counts per item of a ``;``-separated column; a measure counts once for every item it names.

    Because a measure can name several districts or departments, the rows add up to more than the
    number of measures, so there is no total row. Districts come in the plan's order, other
    targets (e.g. "Mottagande skolor") after them; departments by number of measures.

    Returns:
        Index: the items; columns: status codes plus ``"total"``.
    """
    table = status_counts(explode_items(measures, column), by=column).drop(index="total")
    if column == "districts":
        known = [d for d in codes.codes("district") if d in table.index]
        return table.loc[known + sorted(set(table.index) - set(known))]
    return table.sort_values("total", ascending=False, kind="stable")


def measures_with_status(measures: pd.DataFrame, status: str) -> pd.DataFrame:
    """The measures of one status: id, title, departments and the department's comment, in report order."""
    codes.lookup("status", status)
    columns = ["measure_id", "title", "departments", "status_comment"]
    return measures.loc[measures["status"] == status, columns].reset_index(drop=True)


# The indicator that holds SCB's områdestyp (1 = stora socioekonomiska utmaningar … 5 = mycket
# goda förutsättningar) of each RegSO, one value per RegSO and classification year.
AREA_TYPE = "omradestyp"

_PLACE = ["indicator", "geo_kind", "geo_code", "geo_name", "district"]


def trend_rows(indicators: pd.DataFrame, indicator: str | None = None) -> pd.DataFrame:
    """The rows to draw as trends: the districts' own areas, Linköping and Sweden (one indicator or all).

    Other RegSOs (of Linköping or elsewhere) are left out; they are the comparison in
    :func:`peer_values`. Rows come in chart order: districts as in the plan, then Linköping, Sweden.
    """
    rows = indicators if indicator is None else indicators[indicators["indicator"] == indicator]
    place = rows["district"].notna() | (rows["geo_kind"] == "riket")
    place |= (rows["geo_kind"] == "kommun") & (rows["geo_code"] == geo.KOMMUN_CODE)
    rows = rows[place]
    order = {d: i for i, d in enumerate(codes.codes("district") + codes.codes("reference_area"))}
    key = rows["district"].astype("object").where(rows["district"].notna(), rows["geo_kind"]).map(order)
    return rows.assign(_order=key).sort_values(["indicator", "_order", "geo_code", "year"]).drop(columns="_order")


def series_break_years(text: str | None) -> list[int]:
    """The years in a catalogue's ``series_breaks`` text: a break in year Y separates Y from the years before.

    >>> series_break_years("2019: SCB changed source; 2022: ages 20-64")
    [2019, 2022]
    >>> series_break_years(None)
    []
    """
    if text is None or pd.isna(text):
        return []
    return sorted({int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", str(text))})


def indicator_change(indicators: pd.DataFrame, catalogue: pd.DataFrame, baseline_year: int) -> pd.DataFrame:
    """Per catalogue indicator and place: the value in the baseline year, the latest value after it, the change.

    Nothing is estimated: without a value in the baseline year, without a later one, or with a
    series break between the two (``catalogue.series_breaks``), the change is missing and
    ``comparable`` says why.

    Returns:
        One row per indicator and place that has any value (district areas, Linköping, Sweden),
        with columns ``indicator, geo_kind, geo_code, geo_name, district, value_base, year_latest,
        value_latest, change, comparable`` (``"yes"``, ``"no_baseline"``, ``"no_later_year"`` or
        ``"series_break"``).
    """
    rows = trend_rows(indicators[indicators["indicator"].isin(catalogue["id"])])
    rows = rows[rows["value"].notna()]
    places = rows[_PLACE].drop_duplicates()
    base = rows.loc[rows["year"] == baseline_year, _PLACE + ["value"]].rename(columns={"value": "value_base"})
    later = rows[rows["year"] > baseline_year].sort_values("year").groupby(_PLACE, dropna=False).tail(1)
    later = later[_PLACE + ["year", "value"]].rename(columns={"year": "year_latest", "value": "value_latest"})
    table = places.merge(base, on=_PLACE, how="left").merge(later, on=_PLACE, how="left")
    breaks = {r.id: series_break_years(r.series_breaks) for r in catalogue.itertuples()}
    crossed = [
        pd.notna(latest) and any(baseline_year < b <= latest for b in breaks.get(indicator, []))
        for indicator, latest in zip(table["indicator"], table["year_latest"], strict=True)
    ]
    table["comparable"] = "yes"
    table.loc[table["year_latest"].isna(), "comparable"] = "no_later_year"
    table.loc[table["value_base"].isna(), "comparable"] = "no_baseline"
    table.loc[crossed, "comparable"] = "series_break"
    table["change"] = (table["value_latest"] - table["value_base"]).where(table["comparable"] == "yes")
    table["year_latest"] = table["year_latest"].astype("Int64")
    return table.reset_index(drop=True)


def area_types(indicators: pd.DataFrame) -> pd.DataFrame:
    """Each district's områdestyp in the latest classification year (one row per district RegSO).

    Returns:
        Columns ``district, geo_code, geo_name, year, area_type``; empty when the data have none.
    """
    rows = indicators[(indicators["indicator"] == AREA_TYPE) & indicators["district"].notna()]
    rows = rows[rows["value"].notna()].sort_values("year").groupby("geo_code").tail(1)
    order = {d: i for i, d in enumerate(codes.codes("district"))}
    rows = rows.sort_values("district", key=lambda s: s.map(order))
    return rows[["district", "geo_code", "geo_name", "year", "value"]].rename(columns={"value": "area_type"})


def peer_indicators(indicators: pd.DataFrame) -> list[str]:
    """Indicators with values for RegSOs outside Linköping: those a district can be compared on nationally."""
    regso = indicators[(indicators["geo_kind"] == "regso") & indicators["value"].notna()]
    elsewhere = regso[~regso["geo_code"].str.startswith(geo.KOMMUN_CODE)]
    return sorted(set(elsewhere["indicator"]) - {AREA_TYPE})


def peer_values(indicators: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Each district's RegSO among all Swedish RegSOs of the same områdestyp, on one indicator.

    The områdestyp is that of the latest classification year; the values are those of the latest
    year in which the district has one, for every RegSO of that type with a value in that year.

    Returns:
        Columns ``district, area_type, area_type_year, year, geo_code, geo_name, value, is_district``;
        one block of rows per district (the district's own row included, ``is_district`` true).
    """
    columns = ["district", "area_type", "area_type_year", "year", "geo_code", "geo_name", "value", "is_district"]
    types = indicators[(indicators["indicator"] == AREA_TYPE) & (indicators["geo_kind"] == "regso")]
    types = types[types["value"].notna()]
    if types.empty:
        return pd.DataFrame(columns=columns)
    type_year = int(types["year"].max())
    type_of = types[types["year"] == type_year].set_index("geo_code")["value"]
    values = indicators[
        (indicators["indicator"] == indicator) & (indicators["geo_kind"] == "regso") & indicators["value"].notna()
    ]
    blocks = []
    for own in area_types(indicators).itertuples():
        own_values = values[values["geo_code"] == own.geo_code]
        if own_values.empty or own.geo_code not in type_of.index:
            continue
        year = int(own_values["year"].max())
        same_year = values[values["year"] == year]
        peers = same_year[same_year["geo_code"].map(type_of) == type_of[own.geo_code]]
        blocks.append(
            peers[["year", "geo_code", "geo_name", "value"]].assign(
                district=own.district,
                area_type=int(type_of[own.geo_code]),
                area_type_year=type_year,
                is_district=peers["geo_code"] == own.geo_code,
            )
        )
    return pd.concat(blocks, ignore_index=True)[columns] if blocks else pd.DataFrame(columns=columns)


def peer_position(peers: pd.DataFrame) -> pd.DataFrame:
    """Where each district stands among its peers (:func:`peer_values`): rank from the top, median, share below.

    Returns:
        Index: district; columns ``value, n, rank`` (1 = highest value), ``median`` and
        ``share_below`` (per cent of the other RegSOs with a lower value).
    """
    rows = []
    for district, block in peers.groupby("district", sort=False):
        own = float(block.loc[block["is_district"], "value"].iloc[0])
        others = block.loc[~block["is_district"], "value"]
        rows.append(
            {
                "district": district,
                "value": own,
                "n": len(block),
                "rank": int((block["value"] > own).sum()) + 1,
                "median": float(block["value"].median()),
                "share_below": float((others < own).mean() * 100) if len(others) else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index("district")
