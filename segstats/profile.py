"""Where each district stands: the measures aimed at it and its plan indicators, side by side.

The profile joins the two halves of segstats for one district and follow-up year. Everything
here is a pure function of the loaded tables except :func:`district_profile`, the thin loader.
Nothing is estimated: a value missing for the district stays missing, and a value from another
geography or year than the district's own RegSO in the year shown is named in its row
(``geo_kind``, ``geo_name``, ``year``, ``peer_year``) and in ``note``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.indicators import geo
from segstats.indicators.catalogue import deso_comparison, indicator_catalogue
from segstats.indicators.store import load_geographies, load_indicators
from segstats.measures.analysis import followup_year
from segstats.measures.compare import status_runs
from segstats.measures.store import load_measures
from segstats.schema import FIRST_PLAN_YEAR

# The indicator that holds each RegSO's population (the profile names the district's size).
POPULATION = "folkmangd"
# Ongoing in at least this many follow-ups in a row: the measures a reader asks about.
LONG_ONGOING = 2
# A district's value is that of its latest year; in that year its RegSO comes first, then the
# municipality's own divisions (stadsdel, then valdistrikt). DeSOs are parts, never the district.
_PLACE_ORDER = ["regso", "stadsdel", "valdistrikt"]

# What a ``note`` code says (the reports write it out in words: words/districts.yaml, note_<code>).
NOTES = {
    "no_data": "no value for the district in any geography",
    "stadsdel": "the value is for the municipality's own stadsdel, not the district's RegSO",
    "valdistrikt": "the value is for one election district in the district, not the whole district",
    "regso_larger": "the district's RegSO is larger than the municipality's stadsdel of the same name",
    "no_linkoping": "Linköping has no value for the year, so there is no gap",
    "count_unit": "a count: a gap to Linköping would compare sizes, not conditions",
    "before_baseline": "the only values are from before the baseline year: no change",
    "no_baseline": "no value for the baseline year at the same place: no change",
    "no_later_year": "no value after the baseline year: no change",
    "series_break": "a series break lies between the baseline year and the year shown: no change",
    "peer_not_regso": "the value is not for a RegSO: no same-type comparison",
    "peer_no_area_type": "the district's RegSO has no områdestyp: no same-type comparison",
    "peer_incomplete": "no year with values for nearly all RegSOs of the type: no same-type comparison",
    "peer_other_year": "the same-type comparison is for peer_year, the latest year with values for the whole type",
}

MEASURE_COLUMNS = ["done", "ongoing", "not_done", "total", "not_done_ids", "long_ongoing_ids"]
INDICATOR_COLUMNS = [
    "indicator",
    "area_no",
    "geo_kind",
    "geo_code",
    "geo_name",
    "year",
    "value",
    "linkoping_value",
    "gap",
    "baseline_value",
    "change",
    "peer_year",
    "peer_value",
    "peer_count",
    "peer_of",
    "peer_rank",
    "peer_median",
    "note",
]
DESO_COLUMNS = [
    "geo_code",
    "value_start",
    "value_end",
    "change",
    "comparable",
    "area_type",
    "area_type_year",
    "peer_year",
    "peer_count",
    "peer_rank",
    "peer_median",
]


@dataclass(frozen=True)
class DistrictProfile:
    """One district in one follow-up year: the measures aimed at it and where it stands on the plan indicators.

    Attributes:
        district: Berga, Ryd or Skäggetorp.
        year: the follow-up year of the measures.
        baseline_year: the year the indicators' change is counted from.
        regso_code, regso_name: the RegSO the district is followed through.
        regso_larger: whether that RegSO covers more than the municipality's stadsdel of the district
            (the geography table's ``larger_than_district``).
        area_type, area_type_year: its områdestyp (1–5) and the classification year (missing without one).
        population, population_year: the RegSO's population in the latest year with a value.
        measures: index development areas 1–5 and ``"total"``; columns ``done, ongoing, not_done,
            total`` (the year's measures aimed at the district, a measure aimed at all three
            districts counted in each), ``not_done_ids`` and ``long_ongoing_ids`` (tuples of measure
            ids: not done, and ongoing in :data:`LONG_ONGOING` follow-ups in a row or more).
        measure_list: the measures themselves: ``measure_id, area_no, title, status, ongoing_years``.
        indicators: one row per plan indicator in catalogue order, columns :data:`INDICATOR_COLUMNS`:
            the district's latest value (``year``; ``geo_kind``, ``geo_code``, ``geo_name`` say
            where), Linköping's the same year and the ``gap`` (district − Linköping as printed: the
            difference of the two values rounded to the catalogue's decimals,
            :func:`segstats.indicators.analysis.shown_difference`; percentage points for shares),
            the same place's ``baseline_value`` and ``change`` (only where comparable), the
            same-type comparison among all Swedish RegSOs of the district's områdestyp
            (``peer_year``, ``peer_value``, ``peer_count`` of ``peer_of`` RegSOs of the type with a
            value, ``peer_rank`` with 1 = highest, ``peer_median``; only for a year with values for
            nearly all of them), and ``note``: ``;``-separated codes of :data:`NOTES`.
        desos: one row per DeSO of the district (plan order), columns :data:`DESO_COLUMNS`: the
            indicator of the catalogue's DeSO comparison
            (:func:`segstats.indicators.catalogue.deso_comparison`) in its start and end year and
            the ``change`` as printed (``comparable`` says why one is missing:
            :func:`segstats.indicators.analysis.deso_change`), and its place among all Swedish
            DeSOs of RegSOs of the same ``area_type`` in ``peer_year`` (``peer_count`` DeSOs,
            ``peer_rank`` with 1 = highest, ``peer_median``:
            :func:`segstats.indicators.analysis.deso_peer_position`).
    """

    district: str
    year: int
    baseline_year: int
    regso_code: str
    regso_name: str
    regso_larger: bool
    area_type: int | None
    area_type_year: int | None
    population: float | None
    population_year: int | None
    measures: pd.DataFrame
    measure_list: pd.DataFrame
    indicators: pd.DataFrame
    desos: pd.DataFrame


def district_profile(
    district: str, year: int, data_dir: Path | str | None = None, *, baseline_year: int = FIRST_PLAN_YEAR
) -> DistrictProfile:
    """The profile of ``district`` in the follow-up ``year``, from the processed tables in ``data_dir``.

    The example reads the shipped data (``tests/test_profile.py`` checks the same counts):

    >>> p = district_profile("Ryd", 2021)  # doctest: +SKIP
    >>> p.measures.loc["total", ["done", "ongoing", "not_done", "total"]].tolist()  # doctest: +SKIP
    [10, 34, 5, 49]

    Raises:
        SegstatsError: an unknown district (naming the known ones) or a year without a follow-up.
    """
    return build_profile(
        load_measures(data_dir),
        load_indicators(data_dir),
        indicator_catalogue(data_dir),
        district,
        year,
        geographies=load_geographies(data_dir),
        baseline_year=baseline_year,
    )


def build_profile(
    measures: pd.DataFrame,
    indicators: pd.DataFrame,
    catalogue: pd.DataFrame,
    district: str,
    year: int,
    *,
    geographies: pd.DataFrame,
    baseline_year: int = FIRST_PLAN_YEAR,
) -> DistrictProfile:
    """The profile of ``district`` from loaded tables (:func:`segstats.load_measures`, ``load_indicators``,
    ``indicator_catalogue``, ``load_geographies``: each DeSO's RegSO); see :class:`DistrictProfile`."""
    codes.lookup("district", district)
    aimed = aimed_at(measures, district, year)
    regso = geo.DISTRICT_REGSO[district]
    types = indicator_analysis.area_types(indicators).set_index("district")
    people = indicators[
        (indicators["indicator"] == POPULATION) & (indicators["geo_code"] == regso) & indicators["value"].notna()
    ].sort_values("year")
    names = indicators.loc[indicators["geo_code"] == regso, "geo_name"]
    return DistrictProfile(
        district=district,
        year=year,
        baseline_year=baseline_year,
        regso_code=regso,
        regso_name=str(names.iloc[0]) if len(names) else regso,
        regso_larger=regso in geo.larger_regsos(geographies),
        area_type=int(types.loc[district, "area_type"]) if district in types.index else None,
        area_type_year=int(types.loc[district, "year"]) if district in types.index else None,
        population=float(people["value"].iloc[-1]) if len(people) else None,
        population_year=int(people["year"].iloc[-1]) if len(people) else None,
        measures=measure_counts(aimed),
        measure_list=aimed,
        indicators=indicator_rows(
            indicators, catalogue[catalogue["plan"].astype(bool)], district, baseline_year, geographies=geographies
        ),
        desos=deso_rows(indicators, catalogue, geographies, district),
    )


def deso_rows(
    indicators: pd.DataFrame, catalogue: pd.DataFrame, geographies: pd.DataFrame, district: str
) -> pd.DataFrame:
    """The district's DeSOs on the catalogue's DeSO comparison: change and same-type place (``desos``).

    A DeSO with a value in one year only keeps its row; what is missing stays missing. Without a
    DeSO comparison in the catalogue the table is empty.
    """
    compared = deso_comparison(catalogue)
    if compared is None:
        return pd.DataFrame(columns=DESO_COLUMNS)
    change = indicator_analysis.deso_change(indicators, catalogue, compared.indicator, compared.start, compared.end)
    peers = indicator_analysis.deso_peers(indicators, geographies, compared.indicator, compared.start)
    position = indicator_analysis.deso_peer_position(peers)
    position = position.rename(
        columns={"year": "peer_year", "n": "peer_count", "rank": "peer_rank", "median": "peer_median"}
    )
    own = change[change["district"] == district].drop(columns="district")
    place = position.loc[position["district"] == district, ["geo_code", *DESO_COLUMNS[5:]]]
    table = own.merge(place, on="geo_code", how="outer", validate="1:1").sort_values("geo_code", ignore_index=True)
    ints = ("area_type", "area_type_year", "peer_year", "peer_count", "peer_rank")
    floats = ("value_start", "value_end", "change", "peer_median")
    return table[DESO_COLUMNS].astype({c: "Int64" for c in ints} | {c: "Float64" for c in floats})


def aimed_at(measures: pd.DataFrame, district: str, year: int) -> pd.DataFrame:
    """The measures of ``year`` aimed at ``district``, with how many follow-ups in a row each has been ongoing.

    A measure aimed at "Berga, Ryd och Skäggetorp" names all three in ``districts``
    (``Berga;Ryd;Skäggetorp``) and so counts for each; one aimed at another target only
    (e.g. "Mottagande skolor") counts for none.

    Returns:
        ``measure_id, area_no, title, status, ongoing_years`` in the plan's order.
    """
    runs = status_runs(measures)
    this_year = followup_year(measures, year)
    named = this_year["districts"].str.split(";").map(lambda items: district in items)
    chosen = this_year.loc[named.astype(bool), ["year", "measure_id", "area_no", "title", "status"]]
    chosen = chosen.merge(runs[["year", "measure_id", "ongoing_years"]], on=["year", "measure_id"], validate="1:1")
    return chosen.drop(columns="year").reset_index(drop=True)


def measure_counts(aimed: pd.DataFrame) -> pd.DataFrame:
    """Status counts per development area 1–5 and in total, with the ids of the measures a reader asks about.

    Args:
        aimed: rows of :func:`aimed_at`.

    Returns:
        Index ``1 … 5, "total"``; columns :data:`MEASURE_COLUMNS` (zeros kept; ids as tuples).
    """
    areas = [int(a) for a in codes.codes("area")]
    rows = {}
    for area in [*areas, "total"]:
        block = aimed if area == "total" else aimed[aimed["area_no"] == area]
        counted = {s: int((block["status"] == s).sum()) for s in codes.codes("status")}
        rows[area] = counted | {
            "total": len(block),
            "not_done_ids": tuple(block.loc[block["status"] == "not_done", "measure_id"]),
            "long_ongoing_ids": tuple(block.loc[block["ongoing_years"] >= LONG_ONGOING, "measure_id"]),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")[MEASURE_COLUMNS]
    return table.rename_axis("area_no")


def indicator_rows(
    indicators: pd.DataFrame,
    catalogue: pd.DataFrame,
    district: str,
    baseline_year: int = FIRST_PLAN_YEAR,
    *,
    geographies: pd.DataFrame,
    peers: bool = True,
) -> pd.DataFrame:
    """One row per indicator of ``catalogue``: where ``district`` stands (see :class:`DistrictProfile` ``indicators``).

    The profile passes the plan indicators; the reports pass the comparison series for their appendix,
    with ``peers=False``: the same-type columns stay empty (and unexplained) for a table that does not
    show them, which saves the comparison's work. ``geographies`` (:func:`segstats.load_geographies`)
    says which district RegSOs are larger than the district (note ``regso_larger``).
    """
    larger = geo.larger_regsos(geographies)
    entries = catalogue.sort_values(["area_no", "id"], kind="stable")
    trend = indicator_analysis.trend_rows(indicators[indicators["indicator"].isin(entries["id"])])
    trend = trend[trend["value"].notna()]
    own = trend[(trend["district"] == district) & trend["geo_kind"].isin(_PLACE_ORDER)]
    kommun = trend[(trend["geo_kind"] == "kommun") & (trend["geo_code"] == geo.KOMMUN_CODE)]
    linkoping = kommun.set_index(["indicator", "year"])["value"].to_dict()
    change = indicator_analysis.indicator_change(indicators, entries, baseline_year)
    change = change.set_index(["indicator", "geo_kind", "geo_code"])
    rows = []
    for entry in entries.itertuples():
        row = dict.fromkeys(INDICATOR_COLUMNS) | {"indicator": entry.id, "area_no": entry.area_no}
        places = own[own["indicator"] == entry.id]
        if places.empty:
            rows.append(row | {"note": "no_data"})
            continue
        latest = places[places["year"] == places["year"].max()]
        latest = latest.sort_values(["geo_kind", "geo_code"], key=_place_key)
        place = latest.iloc[0]
        notes = [str(place["geo_kind"])] if place["geo_kind"] != "regso" else []
        if place["geo_kind"] == "regso" and place["geo_code"] in larger:
            notes.append("regso_larger")
        row |= {c: place[c] for c in ("geo_kind", "geo_code", "geo_name", "value")}
        row["year"] = int(place["year"])
        row["linkoping_value"] = linkoping.get((entry.id, row["year"]))
        if entry.unit in codes.COUNT_UNITS:
            notes.append("count_unit")
        elif row["linkoping_value"] is None:
            notes.append("no_linkoping")
        else:  # as printed: the gap of the two values rounded as the catalogue says
            row["gap"] = indicator_analysis.shown_difference(row["value"], row["linkoping_value"], int(entry.decimals))
        notes += _change(row, change, baseline_year)
        notes += _peers(row, indicators, district) if peers else []
        rows.append(row | {"note": ";".join(notes) or None})
    table = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    ints = ("area_no", "year", "peer_year", "peer_count", "peer_of", "peer_rank")
    floats = ("value", "linkoping_value", "gap", "baseline_value", "change", "peer_value", "peer_median")
    return table.astype({c: "Int64" for c in ints} | {c: "Float64" for c in floats})


def _place_key(column: pd.Series) -> pd.Series:
    return column.astype(str).map(_PLACE_ORDER.index) if column.name == "geo_kind" else column.astype(str)


def _change(row: dict, change: pd.DataFrame, baseline_year: int) -> list[str]:
    """Fill the row's baseline value and change at the same place; the note codes of what is missing."""
    if row["year"] < baseline_year:
        return ["before_baseline"]
    key = (row["indicator"], row["geo_kind"], row["geo_code"])
    if key not in change.index:
        return ["no_baseline"]
    found = change.loc[key]
    if pd.isna(found["value_base"]):
        return ["no_baseline"]
    row["baseline_value"] = float(found["value_base"])
    if found["comparable"] == "yes" and int(found["year_latest"]) == row["year"]:
        row["change"] = float(found["change"])
        return []
    return [str(found["comparable"])]


def _peers(row: dict, indicators: pd.DataFrame, district: str) -> list[str]:
    """Fill the row's same-type comparison (:func:`segstats.indicators.analysis.peer_coverage`); the note codes."""
    if row["geo_kind"] != "regso":
        return ["peer_not_regso"]
    coverage = indicator_analysis.peer_coverage(indicators, row["indicator"]).set_index("district").loc[district]
    if coverage["comparable"] == "no_area_type":
        return ["peer_no_area_type"]
    row["peer_of"] = coverage["type_count"]
    row["peer_year"], row["peer_count"] = coverage["year"], coverage["count"]
    if coverage["comparable"] != "yes":
        return ["peer_incomplete"]
    peers = indicator_analysis.peer_values(indicators, row["indicator"])
    position = indicator_analysis.peer_position(peers).loc[district]
    row |= {"peer_value": position["value"], "peer_rank": position["rank"], "peer_median": position["median"]}
    return ["peer_other_year"] if row["peer_year"] != row["year"] else []
