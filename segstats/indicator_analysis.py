"""Pure functions on the indicator table: coverage of the districts, comparison with areas of the same områdestyp."""

from __future__ import annotations

import pandas as pd

from . import codes

# One letter per geography kind in the coverage table.
GEO_LETTERS = {"regso": "R", "deso": "D", "stadsdel": "S", "valdistrikt": "V", "kommun": "K"}
KOMMUN_BLOCK = "Linköping"
GAP = "-"


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


def omradestyp_comparison(indicators: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    """Each district's RegSO against every Swedish RegSO of the same områdestyp.

    The områdestyp is taken from the latest classification year up to ``year`` (or the
    earliest after it, when there is none before); ``omradestyp_year`` says which.

    Args:
        indicators: rows of :func:`segstats.load_indicators`.
        indicator: the indicator id to compare.
        year: the year of the values.

    Returns:
        One row per district: ``geo_code``, ``geo_name``, ``value``, ``omradestyp``,
        ``omradestyp_year``, ``peers`` (RegSOs of that type with a value, the district's
        own included), ``peer_p25``, ``peer_median``, ``peer_p75``, and ``peers_below``
        (share of the peers with a lower value, in per cent). Missing where there is no data.
    """
    regso = indicators[indicators["geo_kind"] == "regso"]
    types = regso[(regso["indicator"] == "omradestyp") & regso["value"].notna()]
    type_years = sorted(types["year"].unique())
    before = [y for y in type_years if y <= year]
    type_year = before[-1] if before else (type_years[0] if type_years else None)
    classified = types[types["year"] == type_year]
    type_of = dict(zip(classified["geo_code"].astype(str), classified["value"], strict=True))
    values = regso[(regso["indicator"] == indicator) & (regso["year"] == year) & regso["value"].notna()]
    values = values.assign(omradestyp=values["geo_code"].astype(str).map(type_of))
    rows = []
    for district in codes.codes("district"):
        own = values[values["district"] == district]
        row = {"district": district, "geo_code": None, "geo_name": None, "value": float("nan")}
        row |= {"omradestyp": float("nan"), "omradestyp_year": type_year, "peers": 0}
        if len(own):
            first = own.iloc[0]
            peers = values.loc[values["omradestyp"] == first["omradestyp"], "value"]
            row |= {
                "geo_code": str(first["geo_code"]),
                "geo_name": str(first["geo_name"]),
                "value": first["value"],
                "omradestyp": first["omradestyp"],
                "peers": len(peers),
                "peer_p25": peers.quantile(0.25),
                "peer_median": peers.median(),
                "peer_p75": peers.quantile(0.75),
                "peers_below": 100 * (peers < first["value"]).mean(),
            }
        rows.append(row)
    columns = ["district", "geo_code", "geo_name", "value", "omradestyp", "omradestyp_year", "peers"]
    columns += ["peer_p25", "peer_median", "peer_p75", "peers_below"]
    return pd.DataFrame(rows).reindex(columns=columns).set_index("district")
