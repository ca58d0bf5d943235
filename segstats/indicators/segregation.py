"""Segregation across whole municipalities: dissimilarity and isolation over their areas, and where Linköping stands."""

# The two indices are the field's classics (Massey & Denton 1988), computed as PySAL's
# `segregation` computes Dissim and Isolation (the tests hold them to it), without its run-time
# weight (numba, scikit-learn, libpysal: some 700 MB) for two sums.

from __future__ import annotations

import numpy as np
import pandas as pd

from segstats.indicators import geo

DECIMALS = 4  # the indices run from 0 to 1; four decimals keep what the counts can tell


def dissimilarity(group: pd.Series | np.ndarray, other: pd.Series | np.ndarray) -> float:
    """Duncan and Duncan's index of dissimilarity between two groups over a set of areas.

    D = ½ Σᵢ |gᵢ/G − oᵢ/O|: the share of either group that would have to move for both to be
    spread alike over the areas (0 = alike, 1 = no area holds both).

    Args:
        group, other: the two groups' counts per area (the same areas, in the same order).

    Returns:
        D, or NaN where a group has no one (the index is undefined).

    >>> dissimilarity([10, 0], [0, 10]), dissimilarity([5, 5], [50, 50])
    (1.0, 0.0)
    """
    g, o = np.asarray(group, dtype=float), np.asarray(other, dtype=float)
    if g.sum() == 0 or o.sum() == 0:
        return float("nan")
    return float(0.5 * np.abs(g / g.sum() - o / o.sum()).sum())


def isolation(group: pd.Series | np.ndarray, other: pd.Series | np.ndarray) -> float:
    """Bell's isolation index of ``group``: the group's share in the area of its average member.

    xPx = Σᵢ (gᵢ/G)(gᵢ/tᵢ) with tᵢ = gᵢ + oᵢ. It cannot fall below the group's share of all
    (G/T, where the groups are spread alike) and rises with that share: read it beside it.

    Returns:
        xPx, or NaN where the group has no one. An area without residents adds nothing.

    >>> isolation([10, 0], [0, 10]), isolation([5, 5], [15, 15])
    (1.0, 0.25)
    """
    g, o = np.asarray(group, dtype=float), np.asarray(other, dtype=float)
    if g.sum() == 0:
        return float("nan")
    t = g + o
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.where(t > 0, g / t, 0.0)
    return float((g / g.sum() * within).sum())


def by_municipality(group: pd.Series, other: pd.Series, municipality: pd.Series) -> pd.DataFrame:
    """Both indices for each municipality over its areas.

    Args:
        group, other: counts per area (index: area code).
        municipality: the municipality code of each area (index: area code).

    Returns:
        One row per municipality (index ``kommun_code``, sorted): ``dissimilarity``,
        ``isolation`` (of ``group``), ``areas`` (how many), ``group``, ``other`` (their totals).
    """
    counts = pd.DataFrame({"group": group, "other": other, "kommun_code": municipality.reindex(group.index)})
    rows = {
        code: {
            "dissimilarity": dissimilarity(part["group"], part["other"]),
            "isolation": isolation(part["group"], part["other"]),
            "areas": len(part),
            "group": part["group"].sum(),
            "other": part["other"].sum(),
        }
        for code, part in counts.groupby("kommun_code", sort=True)
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "kommun_code"
    return table


def area_type_share(population: pd.Series, area_type: pd.Series, municipality: pd.Series, types=(1, 2)) -> pd.Series:
    """Per municipality, the per cent of its population that lives in areas of the given types.

    Args:
        population: residents per area (index: area code).
        area_type: each area's type (index: area code); an area without a type counts in the
            whole, never in the part.
        municipality: each area's municipality code (index: area code).
        types: the types counted (SCB's områdestyp 1 and 2: major and some socio-economic challenges).

    Returns:
        100 × residents in areas of ``types`` / all residents, by municipality code (sorted);
        NaN for a municipality without residents.

    >>> area_type_share(pd.Series({"a": 30, "b": 70}), pd.Series({"a": 1, "b": 4}), pd.Series({"a": "k", "b": "k"}))
    kommun_code
    k    30.0
    dtype: float64
    """
    frame = pd.DataFrame({"population": population, "kommun_code": municipality.reindex(population.index)})
    frame["counted"] = frame["population"].where(area_type.reindex(population.index).isin(types), 0)
    sums = frame.groupby("kommun_code", sort=True)[["counted", "population"]].sum()
    return 100 * sums["counted"] / sums["population"].where(sums["population"] > 0)


# Municipalities of similar size: between half and twice the own number of DeSOs (2018 division).
# DeSOs were drawn at 700–2 700 residents, so their number follows the population; and the
# indices depend on how many areas a municipality is cut into, which makes like with like.
SIMILAR_SIZE = (0.5, 2.0)


def desos_per_municipality(geographies: pd.DataFrame) -> pd.Series:
    """How many DeSOs of the 2018 division (those SCB's 2022 tables use) each municipality has."""
    desos = geographies[(geographies["geo_kind"] == "deso") & geographies["note"].astype(str).str.contains("2018")]
    return desos.groupby("kommun_code").size().rename("desos")


def municipality_values(
    indicators: pd.DataFrame, geographies: pd.DataFrame, indicator: str, *, year: int, kommun: str = geo.KOMMUN_CODE
) -> pd.DataFrame:
    """Every municipality's value of one indicator in one year, and whether it is ``kommun`` or of similar size.

    Returns:
        One row per municipality with a value, highest first: ``geo_code``, ``geo_name``, ``value``,
        ``desos`` (its number of DeSOs, 2018), ``similar`` (between half and twice ``kommun``'s
        number of DeSOs, ``kommun`` included), ``own`` (it is ``kommun``) and ``rank`` (1 = the
        highest value; equal values share the better rank).
    """
    rows = indicators[
        (indicators["indicator"] == indicator)
        & (indicators["geo_kind"] == "kommun")
        & (indicators["year"] == year)
        & indicators["value"].notna()
    ]
    desos = desos_per_municipality(geographies)
    low, high = (desos.get(kommun, np.nan) * f for f in SIMILAR_SIZE)
    table = pd.DataFrame(
        {
            "geo_code": rows["geo_code"].astype(str).to_numpy(),
            "geo_name": rows["geo_name"].astype(str).to_numpy(),
            "value": rows["value"].to_numpy(dtype=float),
        }
    )
    table["desos"] = table["geo_code"].map(desos).astype("Int64")
    table["similar"] = table["desos"].between(low, high).fillna(False).astype(bool)
    table["own"] = table["geo_code"] == kommun
    table["rank"] = table["value"].rank(method="min", ascending=False).astype(int)
    return table.sort_values(["rank", "geo_code"], ignore_index=True)


def placement(
    indicators: pd.DataFrame,
    geographies: pd.DataFrame,
    ids: list[str],
    *,
    year: int,
    kommun: str = geo.KOMMUN_CODE,
) -> pd.DataFrame:
    """Where ``kommun`` stands on each indicator among all municipalities and among those of similar size.

    Returns:
        One row per indicator of ``ids`` that ``kommun`` has a value of: ``indicator``, ``value``,
        ``rank`` and ``n`` (1 = the highest of ``n`` municipalities with a value), ``median``;
        ``rank_similar``, ``n_similar``, ``median_similar`` among those of similar size
        (:data:`SIMILAR_SIZE`, ``kommun`` included).
    """
    found = []
    for indicator in ids:
        table = municipality_values(indicators, geographies, indicator, year=year, kommun=kommun)
        own = table[table["own"]]
        if own.empty:
            continue
        similar = table[table["similar"]]
        found.append(
            {
                "indicator": indicator,
                "value": float(own["value"].iloc[0]),
                "rank": int(own["rank"].iloc[0]),
                "n": len(table),
                "median": float(table["value"].median()),
                "rank_similar": int((similar["value"] > own["value"].iloc[0]).sum() + 1),
                "n_similar": len(similar),
                "median_similar": float(similar["value"].median()),
            }
        )
    return pd.DataFrame(found, columns=PLACEMENT_COLUMNS)


PLACEMENT_COLUMNS = ["indicator", "value", "rank", "n", "median", "rank_similar", "n_similar", "median_similar"]


def across_municipalities(
    indicators: pd.DataFrame, catalogue: pd.DataFrame, kommun: str = geo.KOMMUN_CODE
) -> pd.DataFrame:
    """The catalogue's entries with values for municipalities other than ``kommun``: those it can be placed among.

    Returns:
        The rows of ``catalogue`` (in its order) of the indicators with a value for another
        municipality (``geo_kind`` ``kommun``) in some year.
    """
    others = indicators[
        (indicators["geo_kind"] == "kommun") & (indicators["geo_code"] != kommun) & indicators["value"].notna()
    ]
    return catalogue[catalogue["id"].isin(set(others["indicator"].astype(str)))]


def shared_year(indicators: pd.DataFrame, ids: list[str], kommun: str = geo.KOMMUN_CODE) -> int | None:
    """The latest year in which ``kommun`` has a value of every indicator of ``ids``, or None without one.

    >>> rows = pd.DataFrame({"indicator": ["a", "b", "b"], "geo_kind": "kommun", "geo_code": "0580",
    ...                      "year": [2022, 2022, 2023], "value": [0.3, 15.0, 14.0]})
    >>> shared_year(rows, ["a", "b"])
    2022
    """
    own = indicators[
        indicators["indicator"].isin(ids)
        & (indicators["geo_kind"] == "kommun")
        & (indicators["geo_code"] == kommun)
        & indicators["value"].notna()
    ]
    counts = own.groupby("year")["indicator"].nunique()
    years = counts.index[counts == len(set(ids))]
    return int(years.max()) if len(years) else None
