"""Pure functions on the indicator table: trends, change since the baseline, coverage, same-type comparison."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from segstats import codes
from segstats.indicators import geo
from segstats.indicators.catalogue import SeriesBreak

# One letter per geography kind in the coverage table.
GEO_LETTERS = {"regso": "R", "deso": "D", "stadsdel": "S", "valdistrikt": "V", "kommun": "K"}
KOMMUN_BLOCK = "Linköping"
GAP = "-"


# The indicator that holds SCB's områdestyp (1 = stora socioekonomiska utmaningar … 5 = mycket
# goda förutsättningar) of each RegSO, one value per RegSO and classification year.
AREA_TYPE = "omradestyp"

_PLACE = ["indicator", "geo_kind", "geo_code", "geo_name", "district"]


def trend_rows(indicators: pd.DataFrame, indicator: str | None = None, *, desos: bool = False) -> pd.DataFrame:
    """The rows to draw as trends: the districts' own areas, Linköping and Sweden (one indicator or all).

    Other RegSOs (of Linköping or elsewhere) are left out; they are the comparison in
    :func:`peer_values`. So are the districts' DeSOs unless ``desos`` (the dashboard, where a
    reader chooses the level): fourteen small areas would bury the districts' own lines in a
    report (their values stay in the data and the tables).
    Rows come in chart order: districts as in the plan, then Linköping, Sweden.
    """
    rows = indicators if indicator is None else indicators[indicators["indicator"] == indicator]
    place = (rows["district"].notna() & (desos | (rows["geo_kind"] != "deso"))) | (rows["geo_kind"] == "riket")
    place |= (rows["geo_kind"] == "kommun") & (rows["geo_code"] == geo.KOMMUN_CODE)
    rows = rows[place]
    order = {d: i for i, d in enumerate(codes.codes("district") + codes.codes("reference_area"))}
    key = rows["district"].astype("object").where(rows["district"].notna(), rows["geo_kind"]).map(order)
    return rows.assign(_order=key).sort_values(["indicator", "_order", "geo_code", "year"]).drop(columns="_order")


def one_year_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of one indicator to draw as one year, or none when the districts need a time axis.

    Where every district area with a value has it in one year only, a chart of years would show
    lone dots: the chart is then that year, each district area against Linköping and Sweden in the
    same year (their other years are left out). Where a district area has two years or more, the
    result is empty and the trend is drawn.

    Args:
        rows: trend rows of one indicator (:func:`trend_rows`).

    Returns:
        The rows with a value: the districts' and, in their years, Linköping's and Sweden's.
    """
    known = rows[rows["value"].notna()]
    own = known[known["district"].notna()]
    if own.empty or own.groupby(["geo_kind", "geo_code"], observed=True)["year"].nunique().max() > 1:
        return known.iloc[:0]
    return known[known["district"].notna() | known["year"].isin(set(own["year"]))]


def place_break_years(series: pd.DataFrame, rules: Sequence[SeriesBreak]) -> list[int]:
    """The years of ``rules`` that break one place's series, by the rules :func:`indicator_change` uses.

    A rule of year Y breaks the series when the series has values on both sides of it and the
    rule applies to the place's kind and the publishers of the two values next to it.

    Args:
        series: the rows of one indicator at one place (``geo_kind``, ``year``, ``source``).
        rules: the catalogue's ``break_rules`` of the indicator.
    """
    known = series[series["value"].notna()].sort_values("year")
    if known.empty:
        return []
    kind = str(known["geo_kind"].iloc[0])
    found = set()
    for rule in rules:
        before, after = known[known["year"] < rule.year].tail(1), known[known["year"] >= rule.year].head(1)
        if (
            len(before)
            and len(after)
            and rule.applies(kind, {str(before["source"].iloc[0]), str(after["source"].iloc[0])})
        ):
            found.add(int(rule.year))
    return sorted(found)


def shown_difference(later: Any, earlier: Any, decimals: pd.Series | int) -> Any:
    """``later − earlier`` as a reader sees it: the difference of the two values rounded as printed.

    The one way every report, table and the dashboard compute a printed gap or change, so that
    it agrees with the two values printed beside it: from 77.64 to 78.08 is printed as 77.6 and
    78.1, so the change is +0.5, not the +0.4 that rounding 0.44 would print. Rounding is
    :mod:`segstats.reports.fmt`'s (Python's format, half to even on the binary value).

    Args:
        later, earlier: two Series on one index, or two numbers (a missing one gives a missing difference).
        decimals: the catalogue's decimals, per row (a Series) or for all (an int).

    Returns:
        A float Series on ``later``'s index, or a float for two numbers.

    >>> shown_difference(pd.Series([78.08]), pd.Series([77.64]), 1).tolist()
    [0.5]
    >>> shown_difference(86.54, 51.06, 1), shown_difference(320.31, None, 1)
    (35.4, nan)
    """
    if not isinstance(later, pd.Series):
        pair = pd.Series([later], dtype="float64"), pd.Series([earlier], dtype="float64")
        return float(shown_difference(*pair, decimals).iloc[0])
    digits = pd.Series(decimals, index=later.index) if isinstance(decimals, int) else decimals

    def shown(values: pd.Series) -> pd.Series:
        return pd.Series(
            [np.nan if pd.isna(v) else float(f"{v:.{int(d)}f}") for v, d in zip(values, digits, strict=True)],
            index=values.index,
            dtype="float64",
        )

    difference = shown(later) - shown(earlier)
    return pd.Series(
        [np.nan if pd.isna(v) else round(v, int(d)) for v, d in zip(difference, digits, strict=True)],
        index=later.index,
        dtype="float64",
    )


def indicator_change(indicators: pd.DataFrame, catalogue: pd.DataFrame, baseline_year: int) -> pd.DataFrame:
    """Per catalogue indicator and place: the value in the baseline year, the latest value after it, the change.

    Nothing is estimated: without a value in the baseline year or without a later one, the change
    is missing and ``comparable`` says which (``no_baseline`` before ``no_later_year``); with both,
    a series break between them (``catalogue.break_rules``, for the place's kind and the values'
    publishers) makes it ``series_break``. The change is the difference of the two values rounded
    to the catalogue's decimals (:func:`shown_difference`), so that it agrees with them in print.

    Returns:
        One row per indicator and place that has any value (district areas, Linköping, Sweden),
        with columns ``indicator, geo_kind, geo_code, geo_name, district, value_base, year_latest,
        value_latest, change, comparable`` (``"yes"``, ``"no_baseline"``, ``"no_later_year"`` or
        ``"series_break"``) and ``decimals`` (the catalogue's, which :func:`gap_change` rounds by).
    """
    rows = trend_rows(indicators[indicators["indicator"].isin(catalogue["id"])])
    rows = rows[rows["value"].notna()]
    places = rows[_PLACE].drop_duplicates()
    base = rows.loc[rows["year"] == baseline_year, [*_PLACE, "value", "source"]]
    base = base.rename(columns={"value": "value_base", "source": "_source_base"})
    later = rows[rows["year"] > baseline_year].sort_values("year").groupby(_PLACE, dropna=False, observed=True).tail(1)
    later = later[[*_PLACE, "year", "value", "source"]]
    later = later.rename(columns={"year": "year_latest", "value": "value_latest", "source": "_source_latest"})
    table = places.merge(base, on=_PLACE, how="left").merge(later, on=_PLACE, how="left")
    rules = dict(zip(catalogue["id"], catalogue["break_rules"], strict=True))
    crossed = [
        any(
            baseline_year < rule.year <= latest and rule.applies(str(kind), {str(a), str(b)})
            for rule in rules.get(indicator, ())
        )
        for indicator, kind, latest, a, b in zip(
            table["indicator"],
            table["geo_kind"],
            table["year_latest"],
            table["_source_base"],
            table["_source_latest"],
            strict=True,
        )
    ]
    table["comparable"] = "yes"
    table.loc[table["year_latest"].isna(), "comparable"] = "no_later_year"
    table.loc[table["value_base"].isna(), "comparable"] = "no_baseline"
    table.loc[pd.Series(crossed, index=table.index) & (table["comparable"] == "yes"), "comparable"] = "series_break"
    table["decimals"] = table["indicator"].map(dict(zip(catalogue["id"], catalogue["decimals"], strict=True)))
    table["change"] = shown_difference(table["value_latest"], table["value_base"], table["decimals"]).where(
        table["comparable"] == "yes"
    )
    table["year_latest"] = table["year_latest"].astype("Int64")
    return table.drop(columns=["_source_base", "_source_latest"]).reset_index(drop=True)


def implausible_rows(indicators: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """The values ``segstats build`` flagged as outside their indicator's plausible range, with the range.

    Reports mark these (a hollow marker in a chart, a footnote under a table); the values are
    the source's, never changed or left out.

    Returns:
        The flagged rows of ``indicators`` with ``plausible_low`` and ``plausible_high`` added.
    """
    ranges = catalogue.set_index("id")[["plausible_low", "plausible_high"]]
    flagged = indicators[indicators["implausible"]]
    return flagged.join(ranges, on="indicator").reset_index(drop=True)


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


# A same-type comparison describes the type only in a year in which (nearly) every RegSO of that type
# has a value: in 2025 only the districts' own RegSOs have a rental share, and a "median of the type"
# would be the median of Berga and Ryd. Below this share of the type's RegSOs the comparison is refused.
NEAR_COMPLETE = 0.95


def peer_coverage(indicators: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """For each district, the year in which it can be compared with all Swedish RegSOs of its områdestyp.

    The områdestyp is that of the latest classification year. The year is the latest in which
    the district's RegSO has a value and at least :data:`NEAR_COMPLETE` of the RegSOs of its type
    have one too; without such a year the comparison is refused, and the columns say why.

    Returns:
        One row per district RegSO with ``district, geo_code, geo_name, area_type,
        area_type_year, type_count`` (RegSOs of the type), ``year`` and ``count`` (RegSOs of the
        type with a value that year) and ``comparable``: ``"yes"``; ``"no_area_type"`` (the
        district's RegSO has no områdestyp); ``"no_value"`` (no RegSO value for the district);
        ``"incomplete"`` (no year with values for nearly all of the type; ``year`` and ``count``
        are then those of the district's latest year, the count that made the comparison fail).
    """
    columns = ["district", "geo_code", "geo_name", "area_type", "area_type_year", "type_count", "year", "count"]
    indicators = _regso_rows(indicators, indicator)
    types = indicators[indicators["indicator"] == AREA_TYPE]
    types = types[types["value"].notna()]
    type_year = int(types["year"].max()) if len(types) else None
    type_of = types[types["year"] == type_year].set_index("geo_code")["value"]
    values = indicators[
        (indicators["indicator"] == indicator) & (indicators["geo_kind"] == "regso") & indicators["value"].notna()
    ]
    with_type = values.assign(area_type=values["geo_code"].map(type_of).astype(float))
    counts = with_type.groupby(["area_type", "year"])["geo_code"].nunique()
    rows = []
    for code in dict.fromkeys(geo.DISTRICT_REGSO.values()):
        own = values[values["geo_code"] == code]
        district = next(d for d, c in geo.DISTRICT_REGSO.items() if c == code)
        row = dict.fromkeys(columns) | {"district": district, "geo_code": code, "area_type_year": type_year}
        named = types.loc[types["geo_code"] == code, "geo_name"]
        row["geo_name"] = own["geo_name"].iloc[0] if len(own) else named.iloc[0] if len(named) else None
        if code not in type_of.index:
            rows.append(row | {"comparable": "no_area_type"})
            continue
        area_type = float(type_of[code])
        type_count = int((type_of == area_type).sum())
        row |= {"area_type": int(area_type), "type_count": type_count}
        years = sorted(own["year"].unique(), reverse=True)
        if not years:
            rows.append(row | {"comparable": "no_value"})
            continue
        complete = [y for y in years if counts.get((area_type, y), 0) >= NEAR_COMPLETE * type_count]
        year = complete[0] if complete else years[0]
        row |= {"year": int(year), "count": int(counts.get((area_type, year), 0))}
        rows.append(row | {"comparable": "yes" if complete else "incomplete"})
    table = pd.DataFrame(rows, columns=[*columns, "comparable"])
    return table.astype({c: "Int64" for c in ("area_type", "area_type_year", "type_count", "year", "count")})


def _regso_rows(indicators: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The RegSO rows of ``indicator`` and of the områdestyp: all a same-type comparison reads (selected once)."""
    return indicators[indicators["indicator"].isin([indicator, AREA_TYPE]) & (indicators["geo_kind"] == "regso")]


def peer_values(indicators: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Each district's RegSO among all Swedish RegSOs of the same områdestyp, on one indicator.

    Only in the year :func:`peer_coverage` chose: one in which nearly every RegSO of the type has
    a value. A district without such a year has no block (:func:`peer_coverage` says why).

    Returns:
        Columns ``district, area_type, area_type_year, type_count, year, geo_code, geo_name, value,
        is_district``; one block of rows per district (its own row included, ``is_district`` true).
    """
    columns = ["district", "area_type", "area_type_year", "type_count", "year", "geo_code", "geo_name", "value"]
    indicators = _regso_rows(indicators, indicator)
    types = indicators[indicators["indicator"] == AREA_TYPE]
    values = indicators[
        (indicators["indicator"] == indicator) & (indicators["geo_kind"] == "regso") & indicators["value"].notna()
    ]
    blocks = []
    for own in peer_coverage(indicators, indicator).itertuples():
        if own.comparable != "yes":
            continue
        same_type = types[(types["year"] == own.area_type_year) & (types["value"] == own.area_type)]["geo_code"]
        peers = values[(values["year"] == own.year) & values["geo_code"].isin(same_type)]
        blocks.append(
            peers[["year", "geo_code", "geo_name", "value"]].assign(
                district=own.district,
                area_type=int(own.area_type),
                area_type_year=int(own.area_type_year),
                type_count=int(own.type_count),
                is_district=peers["geo_code"] == own.geo_code,
            )
        )
    empty = pd.DataFrame(columns=[*columns, "is_district"])
    return pd.concat(blocks, ignore_index=True)[[*columns, "is_district"]] if blocks else empty


def peer_position(peers: pd.DataFrame) -> pd.DataFrame:
    """Where each district stands among its peers (:func:`peer_values`): rank from the top, median, share below.

    Returns:
        Index: district; columns ``value, n`` (RegSOs of the type with a value), ``of`` (RegSOs
        of the type), ``rank`` (1 = highest value), ``median`` and ``share_below`` (per cent of
        the other RegSOs with a lower value).
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
                "of": int(block["type_count"].iloc[0]),
                "rank": int((block["value"] > own).sum()) + 1,
                "median": float(block["value"].median()),
                "share_below": float((others < own).mean() * 100) if len(others) else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index("district")


def coverage(indicators: pd.DataFrame, indicator_ids: list[str]) -> pd.DataFrame:
    """Which geographies hold a value for each district, indicator and year.

    Args:
        indicators: rows of :func:`segstats.load_indicators`.
        indicator_ids: the indicators to show, in this order (those without any value too).

    Returns:
        Index ``(district, indicator)`` for Berga, Ryd, Skäggetorp and then Linköping (the
        kommun's own values); one column per year from the first to the last year with a
        value; each cell the letters of the geography kinds with a value (R RegSO, D DeSO,
        S stadsdel, V valdistrikt, K kommun; see :data:`GEO_LETTERS`), or ``-`` where none has.
    """
    found = indicators[indicators["value"].notna() & indicators["indicator"].isin(indicator_ids)]
    block = found["district"].astype(object).where(found["geo_kind"] != "kommun", KOMMUN_BLOCK)
    found = found.assign(block=block)[block.notna()]
    blocks = [*codes.codes("district"), KOMMUN_BLOCK]
    years = range(int(found["year"].min()), int(found["year"].max()) + 1) if len(found) else range(0)
    letters = (
        found.assign(letter=found["geo_kind"].astype(str).map(GEO_LETTERS))
        .groupby(["block", "indicator", "year"], observed=True)["letter"]
        .agg(lambda s: "".join(sorted(set(s), key=list(GEO_LETTERS.values()).index)))
    )
    table = letters.unstack("year").reindex(
        index=pd.MultiIndex.from_product([blocks, indicator_ids], names=["district", "indicator"]),
        columns=list(years),
    )
    table.columns.name = "year"
    return table.fillna(GAP)


def gap_change(change: pd.DataFrame, indicators: pd.DataFrame, baseline_year: int) -> pd.DataFrame:
    """How the gap between each district and Linköping changed from the baseline year to the latest year.

    The gap is the district's value minus Linköping's in the same year, so it is only computed for
    the two years of :func:`segstats.indicators.analysis.indicator_change` (same place, hence same geography
    kind, in both) and only where Linköping has a value in both of them; nothing is filled in.
    The gaps are those of the values as printed (``change``'s ``decimals``) and the gap's change
    that of the printed gaps (:func:`shown_difference`), so that the printed numbers agree.

    Args:
        change: rows of :func:`segstats.indicators.analysis.indicator_change` for one baseline year.
        indicators: rows of :func:`segstats.load_indicators` (for Linköping's values).
        baseline_year: the baseline year ``change`` was computed for.

    Returns:
        The district rows of ``change`` with ``gap_base``, ``gap_latest`` and
        ``gap_change``; ``comparable`` is ``"no_linkoping"`` where the district's change is
        comparable but Linköping lacks a value in one of the two years.
    """
    kommun = indicators[(indicators["geo_kind"] == "kommun") & (indicators["geo_code"] == geo.KOMMUN_CODE)]
    value = kommun.dropna(subset=["value"]).set_index(["indicator", "year"])["value"].astype(float).to_dict()
    rows = change[change["district"].notna()].copy()
    at_base = [value.get((i, baseline_year)) for i in rows["indicator"]]
    at_latest = [
        value.get((i, int(y))) if pd.notna(y) else None
        for i, y in zip(rows["indicator"], rows["year_latest"], strict=True)
    ]
    linkoping_base = pd.Series(at_base, index=rows.index, dtype="float64")
    linkoping_latest = pd.Series(at_latest, index=rows.index, dtype="float64")
    # As printed: the gaps of the printed values, and the change of the printed gaps.
    digits = rows["decimals"]
    rows["gap_base"] = shown_difference(rows["value_base"], linkoping_base, digits).astype("Float64")
    rows["gap_latest"] = shown_difference(rows["value_latest"], linkoping_latest, digits).astype("Float64")
    gap_change = shown_difference(rows["gap_latest"], rows["gap_base"], digits)
    missing = (rows["comparable"] == "yes") & (rows["gap_base"].isna() | rows["gap_latest"].isna())
    rows.loc[missing, "comparable"] = "no_linkoping"
    rows["gap_change"] = gap_change.where(rows["comparable"] == "yes")
    return rows.reset_index(drop=True)


def deso_peers(indicators: pd.DataFrame, geographies: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    """Every DeSO of Sweden with a value in ``year``, with the områdestyp of the RegSO it lies in.

    Områdestyp is classified per RegSO only; a DeSO takes its RegSO's (SCB's key DeSO 2018 →
    RegSO 2020, ``geographies.regso_code``), from the latest classification year up to ``year``
    (or the first one after it, when there is none before). This lets the districts' DeSOs be
    placed among all DeSOs of the same type, which the RegSO values cannot give.

    Args:
        indicators: rows of :func:`segstats.load_indicators`.
        geographies: rows of :func:`segstats.load_geographies` (each DeSO's RegSO).
        indicator: the catalogue id (the catalogue's DeSO comparison: ``deso_comparison``).
        year: the values' year (one in which every DeSO of Sweden has a value).

    Returns:
        Columns ``geo_code, regso_code, district, area_type, area_type_year, year, value,
        is_district``; one row per DeSO whose RegSO has a type. Empty when nothing matches.
    """
    columns = ["geo_code", "regso_code", "district", "area_type", "area_type_year", "year", "value", "is_district"]
    types = indicators[(indicators["indicator"] == AREA_TYPE) & (indicators["geo_kind"] == "regso")]
    types = types[types["value"].notna()]
    values = indicators[
        (indicators["indicator"] == indicator)
        & (indicators["geo_kind"] == "deso")
        & (indicators["year"] == year)
        & indicators["value"].notna()
    ]
    if types.empty or values.empty:
        return pd.DataFrame(columns=columns)
    years = sorted(types["year"].unique())
    type_year = int(max((y for y in years if y <= year), default=years[0]))
    in_year = types[types["year"] == type_year]
    type_of = pd.Series(in_year["value"].to_numpy(), index=in_year["geo_code"].astype(str))
    regso_of = geographies[geographies["geo_kind"] == "deso"].set_index("geo_code")["regso_code"]
    rows = pd.DataFrame(
        {
            "geo_code": values["geo_code"].astype(str).to_numpy(),
            "district": values["district"].to_numpy(),
            "year": values["year"].to_numpy(),
            "value": values["value"].to_numpy(),
        }
    )
    rows["regso_code"] = rows["geo_code"].map(regso_of)
    rows["area_type"] = rows["regso_code"].map(type_of).astype("Int64")
    rows = rows[rows["area_type"].notna()].assign(area_type_year=type_year, is_district=lambda r: r["district"].notna())
    return rows[columns].sort_values(["area_type", "geo_code"], ignore_index=True)


def deso_peer_position(peers: pd.DataFrame) -> pd.DataFrame:
    """Where each district DeSO stands among all DeSOs of its RegSO's områdestyp (:func:`deso_peers`).

    Returns:
        One row per district DeSO, in plan order: ``district, geo_code, regso_code, area_type,
        area_type_year, year, value, n`` (DeSOs of that type with a value, its own included),
        ``rank`` (1 = the highest value; ties share the better rank), ``median`` (of the ``n``)
        and ``share_below`` (per cent of the other DeSOs of the type with a lower value).
    """
    columns = [
        *("district", "geo_code", "regso_code", "area_type", "area_type_year", "year", "value"),
        *("n", "rank", "median", "share_below"),
    ]
    own = peers[peers["is_district"]]
    if own.empty:
        return pd.DataFrame(columns=columns)
    by_type = {t: block["value"].to_numpy() for t, block in peers.groupby("area_type")}
    rows = []
    for r in own.itertuples():
        same = by_type[r.area_type]
        others = len(same) - 1
        rows.append(
            {
                **{c: getattr(r, c) for c in ("district", "geo_code", "regso_code", "area_type", "area_type_year")},
                "year": r.year,
                "value": r.value,
                "n": len(same),
                "rank": int((same > r.value).sum()) + 1,
                "median": float(np.median(same)),
                "share_below": float(100 * (same < r.value).sum() / others) if others else float("nan"),
            }
        )
    order = {d: i for i, d in enumerate(codes.codes("district"))}
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["district", "geo_code"], key=lambda s: s.map(order) if s.name == "district" else s)
    return table.reset_index(drop=True)


def deso_change(
    indicators: pd.DataFrame, catalogue: pd.DataFrame, indicator: str, start: int, end: int
) -> pd.DataFrame:
    """Each district DeSO's value in ``start`` and ``end`` and the change between them, as printed.

    The DeSO codes of the three districts are the same in the 2018 and 2025 versions, so a DeSO's
    2022 value (SCB's 2018 version) and its 2024 value (2025 version) are one series. The change
    is :func:`shown_difference` at the catalogue's decimals; a series break of the catalogue
    that applies to DeSOs between the two years leaves it missing with ``comparable`` saying so.

    Returns:
        One row per district DeSO with a value in either year, in plan order: ``district,
        geo_code, value_start, value_end, change, comparable`` (``yes``, ``no_start``,
        ``no_end`` or ``series_break``).
    """
    columns = ["district", "geo_code", "value_start", "value_end", "change", "comparable"]
    rows = indicators[
        (indicators["indicator"] == indicator) & (indicators["geo_kind"] == "deso") & indicators["district"].notna()
    ]
    rows = rows[rows["year"].isin([start, end]) & rows["value"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    table = rows.pivot_table(index=["district", "geo_code"], columns="year", values="value", observed=True)
    table = table.reindex(columns=[start, end]).reset_index()
    table.columns = ["district", "geo_code", "value_start", "value_end"]
    entry = catalogue.set_index("id").loc[indicator]
    sources = set(rows["source"].astype(str))
    crossed = any(start < rule.year <= end and rule.applies("deso", sources) for rule in entry["break_rules"])
    table["comparable"] = "series_break" if crossed else "yes"
    table.loc[table["value_end"].isna(), "comparable"] = "no_end"
    table.loc[table["value_start"].isna(), "comparable"] = "no_start"
    table["change"] = shown_difference(table["value_end"], table["value_start"], int(entry["decimals"])).where(
        table["comparable"] == "yes"
    )
    order = {d: i for i, d in enumerate(codes.codes("district"))}
    table["district"] = table["district"].astype(str)
    table = table.sort_values(["district", "geo_code"], key=lambda s: s.map(order) if s.name == "district" else s)
    return table[columns].reset_index(drop=True)
