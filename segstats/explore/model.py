"""The dashboard's model: the tables loaded once, and pure functions of them, each cached by its arguments.

The model knows no widgets. Every function here and in the views' page functions is cached the
same way, with :func:`functools.lru_cache` on hashable arguments: a :class:`Data` is hashed by
identity, so a cache entry belongs to the tables it was computed from, and a choice of the
controls is a frozen dataclass. ``cache_clear()`` on a function empties its cache (the benchmark
does, to time a first visit).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.indicators import geo
from segstats.indicators.boundaries import load_boundaries
from segstats.indicators.catalogue import DesoComparison, deso_comparison, indicator_catalogue
from segstats.indicators.store import load_geographies, load_indicators
from segstats.measures.store import load_measures
from segstats.profile import DistrictProfile, build_profile
from segstats.reports import pages, words

if TYPE_CHECKING:
    import geopandas as gpd

# The comparison series of the trend charts, by the geo_kind of their rows.
REFERENCES = tuple(codes.codes("reference_area"))
PEERS = "peers"


def say(key: str, lang: str, **values: object) -> str:
    """The text ``topic.name`` (here mostly ``explore.…``, ``words/explore.yaml``) in ``lang``."""
    return words.text(key, lang, **values)


def level(geo_kind: str, lang: str = "sv") -> str:
    """A geography level written out: "RegSO (SCB:s regionala statistikområde)", "Valdistrikt"."""
    codes.lookup("geo_kind", geo_kind)
    return say(f"explore.level_{geo_kind}", lang)


def years_text(years: list[int] | tuple[int, ...], lang: str = "sv") -> str:
    """A span of years as a reader writes it: "2024", "2011–2024"."""
    first, last = min(years), max(years)
    return str(first) if first == last else say("explore.years_range", lang, first=str(first), last=str(last))


@dataclass(eq=False, frozen=True)
class Data:
    """The tables the dashboard shows, loaded once and indexed so that a control change only looks things up.

    Attributes:
        measures, indicators, geographies: the processed tables.
        catalogue: the indicator catalogue, indexed by ``id``.
        trends: per indicator its trend rows with a value (:func:`~segstats.indicators.analysis.trend_rows`).
        peer_frames: per indicator its RegSO rows with a value, with each RegSO's områdestyp rows and kommun.
        deso: the catalogue's DeSO comparison (its indicator and years), or None without one.
        deso_peers: every DeSO of Sweden with the DeSO indicator's value in its first year and its RegSO's type.
        deso_position: the districts' DeSOs among them (:func:`~segstats.indicators.analysis.deso_peer_position`).
        deso_sources: the publishers of those DeSO values (for the chart's source line).
        boundaries: Linköping's RegSO and DeSO polygons (:func:`segstats.load_boundaries`), or None:
            then no map is drawn.
    """

    measures: pd.DataFrame
    indicators: pd.DataFrame
    catalogue: pd.DataFrame
    geographies: pd.DataFrame
    trends: dict[str, pd.DataFrame]
    peer_frames: dict[str, pd.DataFrame]
    deso: DesoComparison | None
    deso_peers: pd.DataFrame
    deso_position: pd.DataFrame
    deso_sources: tuple[str, ...]
    boundaries: gpd.GeoDataFrame | None = None

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> Data:
        """The processed tables of ``data_dir`` (default: the project's ``data/``)."""
        return cls.from_tables(
            load_measures(data_dir),
            load_indicators(data_dir),
            indicator_catalogue(data_dir),
            load_geographies(data_dir),
            boundaries=load_boundaries(data_dir),
        )

    @classmethod
    def from_tables(
        cls,
        measures: pd.DataFrame,
        indicators: pd.DataFrame,
        catalogue: pd.DataFrame,
        geographies: pd.DataFrame,
        boundaries: gpd.GeoDataFrame | None = None,
    ) -> Data:
        """Index loaded tables (the DeSO comparison the catalogue declares:
        :func:`~segstats.indicators.catalogue.deso_comparison`), once per page."""
        deso = deso_comparison(catalogue)
        trends = indicator_analysis.trend_rows(indicators, desos=True)
        trends = {str(i): rows for i, rows in trends[trends["value"].notna()].groupby("indicator", observed=True)}
        kommun = geographies[geographies["geo_kind"] == "regso"].set_index("geo_code")["kommun_name"]
        regso = indicators[indicators["geo_kind"] == "regso"]
        regso = regso.assign(kommun_name=regso["geo_code"].astype(str).map(kommun))
        types = regso[regso["indicator"] == indicator_analysis.AREA_TYPE]
        peer_frames = {
            str(i): pd.concat([types, rows])
            for i, rows in regso[regso["value"].notna()].groupby("indicator", observed=True)
            if i != indicator_analysis.AREA_TYPE
        }
        compared = deso or DesoComparison("", 0, 0)  # without one, no DeSO has its value: none is compared
        deso_peers = indicator_analysis.deso_peers(indicators, geographies, compared.indicator, compared.start)
        names = geographies.drop_duplicates(["geo_kind", "geo_code"]).set_index(["geo_kind", "geo_code"])
        deso_peers = deso_peers.assign(
            geo_name=deso_peers["geo_code"].astype(str),  # a DeSO's name is its code
            kommun_name=[names["kommun_name"].get(("deso", c), "") for c in deso_peers["geo_code"]],
            regso_name=[names["geo_name"].get(("regso", c), c) for c in deso_peers["regso_code"]],
        )
        sources = indicators.loc[
            (indicators["indicator"] == compared.indicator)
            & (indicators["geo_kind"] == "deso")
            & (indicators["year"] == compared.start),
            "source",
        ]
        return cls(
            measures=measures,
            indicators=indicators,
            catalogue=catalogue.set_index("id", drop=False),
            geographies=geographies,
            trends=trends,
            deso=deso,
            peer_frames=peer_frames,
            deso_peers=deso_peers,
            deso_position=indicator_analysis.deso_peer_position(deso_peers),
            deso_sources=tuple(sorted({str(x) for x in sources})),
            boundaries=boundaries,
        )

    def trend(self, indicator: str) -> pd.DataFrame:
        """Every trend row of ``indicator`` with a value (empty for one without any)."""
        return self.trends.get(indicator, pd.DataFrame(columns=["district", "geo_kind", "geo_code", "year", "value"]))

    def indicator_ids(self) -> list[str]:
        """The indicators with values the dashboard offers, the plan's first (the områdestyp is not one to show)."""
        shown = [i for i in self.catalogue.index if i in self.trends and i != indicator_analysis.AREA_TYPE]
        plan = self.catalogue.loc[shown, "plan"].astype(bool)
        return [*plan[plan].index, *plan[~plan].index]

    def larger_regso_notes(self, districts: tuple[str, ...], lang: str) -> list[str]:
        """For ``districts`` followed through a RegSO larger than its stadsdel (the geographies'
        ``larger_than_district``): the reports' sentence, and that the two are never one series."""
        larger = geo.larger_regsos(self.geographies)
        chosen = [geo.DISTRICT_REGSO[d] for d in districts if geo.DISTRICT_REGSO.get(d) in larger]
        if not chosen:
            return []
        regsos = self.geographies[(self.geographies["geo_kind"] == "regso") & self.geographies["geo_code"].isin(chosen)]
        return [f"{pages.regso_larger(regsos, lang)} {say('explore.never_one_series', lang)}"]

    def is_deso_comparison(self, indicator: str, levels: tuple[str, ...]) -> bool:
        """Whether the same-type comparison is the DeSO one: DeSO chosen as a level, on its indicator."""
        return self.deso is not None and indicator == self.deso.indicator and "deso" in levels

    def years(self) -> list[int]:
        """Every year some indicator has a value."""
        return sorted({int(y) for rows in self.trends.values() for y in rows["year"].unique()})


@functools.lru_cache(maxsize=32)
def regso_peers(data: Data, indicator: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same-type comparison of one indicator: coverage by district, and the peers with their kommun."""
    frame = data.peer_frames.get(indicator)
    if frame is None:
        return pd.DataFrame(columns=["district"]).set_index("district"), pd.DataFrame()
    coverage = indicator_analysis.peer_coverage(frame, indicator).set_index("district", drop=False)
    peers = indicator_analysis.peer_values(frame, indicator)
    kommun = frame.drop_duplicates("geo_code").set_index("geo_code")["kommun_name"]
    return coverage, peers.assign(kommun_name=peers["geo_code"].map(kommun))


@functools.lru_cache(maxsize=16)
def profile(data: Data, district: str, year: int) -> DistrictProfile:
    """The profile of ``district`` in the follow-up ``year`` (:func:`segstats.profile.build_profile`)."""
    return build_profile(
        data.measures,
        data.indicators,
        data.catalogue.reset_index(drop=True),
        district,
        year,
        geographies=data.geographies,
    )
