"""The districts report as parts to show: for each district what was done and where it stands."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.indicators import geo
from segstats.indicators.catalogue import DesoComparison, deso_comparison
from segstats.measures.analysis import followup_year
from segstats.profile import LONG_ONGOING, POPULATION, DistrictProfile, build_profile
from segstats.reports import citations, fmt, labels, maps, pages, plots, tidy, words
from segstats.reports.load import ReportData
from segstats.reports.pages import Pages, implausible, shared
from segstats.reports.show import Chart, NewPage, Part, Say, TitlePage
from segstats.text import fold

if TYPE_CHECKING:
    import geopandas as gpd


@dataclass(frozen=True)
class Report(Pages):
    """What every page of the districts report draws on, computed once from the loaded tables."""

    this_year: pd.DataFrame  # the follow-up year's measures
    profiles: tuple[DistrictProfile, ...]
    source_line: str  # under the measures' charts
    boundaries: gpd.GeoDataFrame | None  # Linköping's RegSO and DeSO polygons (None: no maps)
    mapped: pd.DataFrame  # Linköping's DeSO values the maps draw: the DeSO comparison's first year


def report(data: ReportData, *, year: int, baseline_year: int, lang: str = "sv") -> Report:
    """The districts report of the follow-up ``year`` from its data (:func:`segstats.reports.load.load_report_data`).

    Raises:
        SegstatsError: a year without a follow-up.
    """
    measures, indicators, catalogue, geographies = data.measures, data.indicators, data.catalogue, data.geographies
    this_year = followup_year(measures, year)
    plan = catalogue[catalogue["plan"].astype(bool)].sort_values(["area_no", "id"], kind="stable")
    shown = indicators[
        indicators["indicator"].isin([*plan["id"], POPULATION, indicator_analysis.AREA_TYPE])
        & (indicators["district"].notna() | (indicators["geo_code"] == geo.KOMMUN_CODE))
    ]
    followups = citations.followups(this_year, lang)
    return Report(
        **shared(data, year=year, baseline_year=baseline_year, lang=lang),  # type: ignore[arg-type]
        catalogue=catalogue,
        plan=plan,
        this_year=this_year,
        profiles=tuple(
            build_profile(
                measures, indicators, catalogue, d, year, geographies=geographies, baseline_year=baseline_year
            )
            for d in codes.codes("district")
        ),
        sources=tuple(followups + citations.producers(shown, catalogue, lang)),
        source_line=citations.line(followups, lang),
        boundaries=data.boundaries,
        mapped=mapped_values(indicators, catalogue),
    )


def mapped_values(indicators: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Linköping's DeSO rows of the catalogue's DeSO comparison in its first year (every DeSO has a value then).

    Empty without a DeSO comparison in the catalogue (:func:`segstats.indicators.catalogue.deso_comparison`).
    """
    deso = deso_comparison(catalogue)
    if deso is None:
        return indicators.iloc[:0]
    return indicators[
        (indicators["indicator"] == deso.indicator)
        & (indicators["geo_kind"] == "deso")
        & (indicators["year"] == deso.start)
        & indicators["geo_code"].str.startswith(geo.KOMMUN_CODE)
    ]


def title(r: Report) -> Iterator[Part]:
    """The title page."""
    yield TitlePage(words.text("districts.title", r.lang), r.sources)


def overview(r: Report) -> Iterator[Part]:
    """The first page: the measures per district, then the plan's indicators side by side with Linköping."""
    lang, when = r.lang, {"year": str(r.year), "baseline_year": str(r.baseline_year)}
    yield Say("districts.overview", when)
    yield from deso_map(r)
    targeted = r.this_year["districts"].str.split(";").map(lambda d: bool(set(d) & set(codes.codes("district"))))
    others = r.this_year[~targeted.astype(bool)]
    if len(others):
        targets = sorted({labels.target(t, lang) for ts in others["districts"] for t in ts.split(";")})
        yield Say(
            "districts.not_counted",
            {"n": len(others), "targets": words.join(targets, lang), "ids": ", ".join(others["measure_id"])},
        )
    measures = tidy.measure_values(r.profiles, lang)
    yield tidy.table(
        measures_table(measures, lang),
        measures,
        "atgarder_per_stadsdel",
        title=words.text("districts.measures_table_title", lang, **when),
        sheet=words.text("districts.sheet_measures", lang),
        lang=lang,
    )
    yield Say("districts.indicator_overview", {"larger": pages.regso_larger(r.geographies, lang)})
    yield Say("labels.confirmed_note", pages.confirmed_values(r.plan, lang))
    by_district = {p.district: p.indicators for p in r.profiles}
    yield tidy.table(
        pages.overview_table(by_district, r.plan, lang),
        tidy.profile_values(tidy.district_rows(by_district, r.plan), r.plan, r.indicators, lang),
        "indikatorer_per_stadsdel",
        title=words.text("districts.overview_table_title", lang),
        sheet=words.text("districts.sheet_overview", lang),
        lang=lang,
        catalogue=r.plan,
    )
    shown = pd.concat([labels.values_shown(rows, latest="year", linkoping=True) for rows in by_district.values()])
    yield from implausible(r, shown)
    if without := pages.without_values(by_district, r.plan, lang):
        yield Say("districts.overview_no_data", {"names": ", ".join(without)})
    yield Say("districts.district_reading")


def district(r: Report, p: DistrictProfile) -> Iterator[Part]:
    """A district's pages: its RegSO, measures by status and, per development area, measures beside indicators."""
    lang = r.lang
    yield NewPage()
    yield Say("districts.district_heading", {"district": p.district})
    yield Say("districts.district_facts", facts(p, lang))
    if p.regso_larger:
        yield Say("districts.regso_larger", {"regso": p.regso_name, "district": p.district})
    total = p.measures.loc["total"]
    yield Say(
        "districts.district_measures",
        {"n": int(total["total"]), "year": str(r.year), "district": p.district, "statuses": statuses(total, lang)},
    )
    by_area = p.measures.drop(index="total")[codes.codes("status")]
    names = {a: labels.area(a, lang) for a in by_area.index}
    with plots.style():
        _, ax = plt.subplots(figsize=(plots.FULL_WIDTH, 1.4), layout="constrained")
        plots.status_bars(by_area.rename(index=names), lang=lang, wrap=70, ax=ax)
    what = words.text("districts.status_chart", lang, year=str(r.year), district=p.district)
    yield Chart(ax, labels.status_alt(by_area, what=what, names=names, lang=lang), r.source_line)
    for area_no, counts in p.measures.drop(index="total").iterrows():
        yield from _area(r, p, int(area_no), counts)
    yield from _desos(r, p)


def _area(r: Report, p: DistrictProfile, area_no: int, counts: pd.Series) -> Iterator[Part]:
    """One development area of a district: its measures in words beside the area's indicators."""
    lang = r.lang
    yield Say("districts.area_heading", {"area": labels.area(area_no, lang)})
    rows = p.indicators[p.indicators["area_no"] == area_no]
    bare = words.text("districts.area_no_indicators", lang) if rows.empty else ""
    if counts["total"]:
        said = {"n": int(counts["total"]), "statuses": statuses(counts, lang), "no_indicators": bare}
        yield Say("districts.area_measures", said)
    else:
        yield Say("districts.area_no_measures", {"district": p.district, "no_indicators": bare})
    if counts["not_done_ids"]:
        items = measure_items(p.measure_list, counts["not_done_ids"])
        yield Say("districts.not_done_list", {"n": len(counts["not_done_ids"]), "items": items})
    if counts["long_ongoing_ids"]:
        items = measure_items(p.measure_list, counts["long_ongoing_ids"])
        yield Say("districts.long_ongoing_list", {"min": LONG_ONGOING, "items": items})
    if rows["value"].notna().any():
        table = labels.profile_table(rows, r.plan, district=p.district, baseline_year=r.baseline_year, lang=lang)
        if rows["change"].isna().all():  # a column of reasons only: one sentence says it instead
            table = table.drop(columns=labels.header("change", lang, baseline_year=str(r.baseline_year)))
        yield tidy.table(
            table,
            tidy.profile_values(
                rows.assign(district=p.district),
                r.plan,
                r.indicators,
                lang,
                baseline_year=r.baseline_year,
                peers=True,
            ),
            f"{fold(p.district)}_omrade_{area_no}",
            title=words.text("districts.area_table_title", lang, district=p.district, area_no=area_no),
            sheet=words.text("districts.sheet_area", lang, district=p.district, area_no=area_no),
            lang=lang,
            catalogue=r.plan,
            keep_together=len(table) <= 3,
        )
        if rows["change"].isna().all():
            yield Say("districts.no_change", {"baseline_year": str(r.baseline_year)})
        shown = labels.values_shown(
            rows, latest="year", baseline="baseline_value", baseline_year=r.baseline_year, linkoping=True
        )
        yield from implausible(r, shown)
    missing = [labels.indicator_name(e, lang) for _, e in r.plan.iterrows() if e["id"] in _without_value(rows)]
    if missing:
        yield Say("districts.area_missing", {"district": p.district, "names": ", ".join(missing)})


def _without_value(rows: pd.DataFrame) -> set[str]:
    return set(rows.loc[rows["value"].isna(), "indicator"])


def deso_map(r: Report, district: str | None = None) -> Iterator[Part]:
    """The map of Linköping's DeSOs in the DeSO comparison's first year (or of one district's), and how to read it."""
    if r.deso is None or r.boundaries is None or r.mapped["value"].isna().all():
        return
    lang, year = r.lang, str(r.deso.start)
    entry = r.catalogue.set_index("id").loc[r.deso.indicator]
    name = labels.indicator_name(entry, lang).lower()
    what = words.text("districts.map_share", lang, indicator=name) if fmt.is_percent(entry["unit"]) else name
    if district is None:
        yield Say("districts.city_map", {"indicator": what, "year": year})
        if maps.any_changed(r.mapped, r.boundaries):
            yield Say("districts.map_changed", {"year": year})
    else:
        yield Say("districts.district_map", {"indicator": what, "year": year, "district": district})
    ax, alt = maps.indicator_map(r.mapped, r.boundaries, entry, district=district, lang=lang)
    yield Chart(ax, alt, maps.source_line(r.mapped, lang))


def _desos(r: Report, p: DistrictProfile) -> Iterator[Part]:
    """The district's DeSOs on the catalogue's DeSO comparison: a map, and where they are placed among their type."""
    placed = p.desos[p.desos["peer_rank"].notna()]
    if r.deso is None or placed.empty:
        return
    yield from deso_map(r, p.district)
    entry = r.catalogue.set_index("id").loc[r.deso.indicator]
    header = deso_headers(r.deso, r.lang)
    shown = {header[k]: lambda v: labels.profile_value(v, entry, r.lang) for k in ("start", "end")}
    data = tidy.deso_values(p, entry, r.deso, r.lang)
    yield tidy.table(
        deso_table(data, entry, r.deso, r.lang),
        data,
        f"{fold(p.district)}_deso",
        title=deso_title(p, entry, r.deso, r.lang),
        sheet=words.text("districts.sheet_deso", r.lang, district=p.district),
        lang=r.lang,
        catalogue=r.catalogue,
        formats=shown,
    )


def about(r: Report) -> Iterator[Part]:
    """The last section: sources, colours, how the report is made."""
    yield Say("districts.about", {"sources": "; ".join(r.sources), "year": str(r.year)})


def facts(p: DistrictProfile, lang: str = "sv") -> dict[str, object]:
    """The values of ``districts.district_facts``: the RegSO, its population and its områdestyp."""
    population = (
        words.text(
            "districts.facts_population",
            lang,
            population=int(p.population),
            population_year=str(p.population_year),
        )
        if p.population is not None
        else ""
    )
    area_type = (
        words.text(
            "districts.facts_area_type",
            lang,
            area_type=p.area_type,
            label=codes.label("area_type", str(p.area_type), lang).lower(),
            area_type_year=str(p.area_type_year),
        )
        if p.area_type is not None
        else words.text("districts.facts_no_area_type", lang)
    )
    return {
        "district": p.district,
        "regso": p.regso_name,
        "code": p.regso_code,
        "population": population,
        "area_type": area_type,
    }


def statuses(counts: pd.Series, lang: str = "sv") -> str:
    """A row of status counts in words: "Genomförd 11, Pågår 34, Ej genomförd 4".

    >>> statuses(pd.Series({"done": 1, "ongoing": 0, "not_done": 2}), "en")
    'Done 1, Ongoing 0, Not done 2'
    """
    return ", ".join(
        f"{codes.label('status', s, lang)} {fmt.number(counts[s], lang=lang)}" for s in codes.codes("status")
    )


def measure_items(measure_list: pd.DataFrame, ids: tuple) -> str:
    """The measures ``ids`` by number and title: "1.6 Utbilda …; 2.3 …"."""
    titles = measure_list.set_index("measure_id")["title"]
    return "; ".join(f"{i} {titles[i]}" for i in ids)


def measures_table(measures: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Per district (:func:`segstats.reports.tidy.measure_values`): områdestyp, population and the measures
    aimed at it by status, numbers as numbers, for readers."""
    keys = ["district", "area_type", "population", *codes.codes("status"), "total"]
    return measures[keys].set_axis([tidy.header(k, lang) for k in keys], axis=1)


def deso_title(p: DistrictProfile, entry: pd.Series, deso: DesoComparison, lang: str = "sv") -> str:
    """The title of a district's DeSO table: the indicator, the years, and the type each DeSO is placed among.

    The områdestyp is that of the classification the ranks use (its year is said, since the
    district's own RegSO is described by a later one).
    """
    placed = p.desos[p.desos["peer_rank"].notna()]
    entry_unit, decimals = labels.indicator_format(entry)
    types = sorted({(int(t), int(y)) for t, y in zip(placed["area_type"], placed["area_type_year"], strict=True)})
    medians = sorted({fmt.value(m, entry_unit, decimals, lang) for m in placed["peer_median"]})
    return words.text(
        "districts.deso_table_title",
        lang,
        district=p.district,
        n=len(p.desos),
        indicator=labels.indicator_name(entry, lang).lower(),
        start=str(deso.start),
        end=str(deso.end),
        count=words.join(sorted({fmt.number(n, lang=lang) for n in placed["peer_count"]}), lang),
        area_type=words.join([str(t) for t, _ in types], lang),
        area_type_year=words.join(sorted({str(y) for _, y in types}), lang),
        median=words.join(medians, lang),
    )


def deso_table(data: pd.DataFrame, entry: pd.Series, deso: DesoComparison, lang: str = "sv") -> pd.DataFrame:
    """A district's DeSOs (:func:`segstats.reports.tidy.deso_values`) for readers: start, end, change, rank.

    Values, rank and count are numbers (a value is shown by :func:`segstats.reports.labels.profile_value`);
    the change is text, since a missing change says why. The type's median is the same for all of a
    district's DeSOs: the title says it.
    """
    header = deso_headers(deso, lang)
    changes = [
        why if pd.isna(change) else labels.profile_value(change, entry, lang, gap=True)
        for change, why in zip(data["change"], data["change_missing"], strict=True)
    ]
    return pd.DataFrame(
        {
            header["deso"]: data["geo_code"].to_numpy(),
            header["start"]: data["start_value"].to_numpy(),
            header["end"]: data["end_value"].to_numpy(),
            header["change"]: changes,
            header["rank"]: data["peer_rank"].to_numpy(),
            header["count"]: data["peer_count"].to_numpy(),
        }
    )


def deso_headers(deso: DesoComparison, lang: str = "sv") -> dict[str, str]:
    """The headers of :func:`deso_table`."""
    start, end = str(deso.start), str(deso.end)
    return {
        "deso": words.text("districts.header_deso", lang),
        "start": start,
        "end": end,
        "change": words.text("districts.header_deso_change", lang),
        "rank": words.text("districts.header_deso_rank", lang, year=start),
        "count": words.text("districts.header_deso_count", lang),
    }
