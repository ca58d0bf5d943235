"""The districts report's maps and the indicators report's whole-city section as parts, on FICTIONAL tables."""

import pandas as pd
import pytest

from segstats.reports import district_pages, indicator_pages
from segstats.reports.load import ReportData
from segstats.reports.show import Chart, NewPage, Say, Show, Table

from . import fictional_indicators as fictional


def _data(indicators=None, catalogue=None, geographies=None, boundaries=None) -> ReportData:
    """FICTIONAL report tables: the fictional indicators, catalogue and geographies unless others are given."""
    return ReportData(
        measures=fictional.measures(),
        lineage=pd.DataFrame(),
        area_summaries=pd.DataFrame(),
        indicators=fictional.indicators() if indicators is None else indicators,
        catalogue=fictional.report_catalogue() if catalogue is None else catalogue,
        geographies=fictional.geographies() if geographies is None else geographies,
        boundaries=boundaries,
    )


def _districts(lang: str = "sv", *, boundaries: bool = True) -> district_pages.Report:
    indicators, catalogue = fictional.with_desos(fictional.indicators(), fictional.report_catalogue())
    data = _data(indicators, catalogue, boundaries=fictional.boundaries() if boundaries else None)
    return district_pages.report(data, year=2021, baseline_year=2021, lang=lang)


def _indicators(lang: str = "sv") -> indicator_pages.Report:
    indicators, catalogue, geographies = fictional.with_municipalities(
        fictional.indicators(), fictional.report_catalogue(), fictional.geographies()
    )
    return indicator_pages.report(_data(indicators, catalogue, geographies), year=2021, baseline_year=2021, lang=lang)


def _charts(parts) -> list[Chart]:
    return [p for p in parts if isinstance(p, Chart)]


def test_the_overview_maps_the_catalogues_deso_comparison_in_its_first_year_before_the_measures():
    parts = list(district_pages.overview(_districts()))
    keys = [p.key for p in parts if isinstance(p, Say)]
    assert keys[:3] == ["districts.overview", "districts.city_map", "districts.map_changed"]
    (chart,) = _charts(parts)
    assert parts.index(chart) < next(i for i, p in enumerate(parts) if isinstance(p, Table))
    key = chart.figure.get_legend()
    assert key.get_title().get_text() == "Låg ekonomisk standard\n(fiktiv) 2022, per DeSO"  # wrapped to the key
    assert "Indelningen ändrad 2025" in [t.get_text() for t in key.get_texts()]
    # FICTIONAL: Berga's 0580C0010 12 % the highest of the two drawn; the split 0580C0020 named, never drawn
    assert "Högst i Linköping: 0580C0010 12,0\xa0%; lägst: 0580C0030 4,0\xa0%." in chart.alt
    assert "Berga: 0580C0010 12,0\xa0% (plats 1 av 2)." in chart.alt
    assert "(0580C0020 30,0\xa0%)" in chart.alt
    assert chart.source.startswith("Källa: FIKTIV testkälla; gränser: SCB (DeSO 2025)")
    said = next(p for p in parts if isinstance(p, Say) and p.key == "districts.city_map").values
    assert said == {"indicator": "andelen låg ekonomisk standard (fiktiv)", "year": "2022"}


def test_a_districts_map_shows_its_own_desos_in_the_classes_of_the_whole_town():
    parts = list(district_pages.deso_map(_districts("en"), "Berga"))
    assert isinstance(parts[0], Say) and parts[0].key == "districts.district_map"
    (chart,) = _charts(parts)
    assert [t.get_text() for t in chart.figure.texts][0] == "C0010"  # the district's DeSO, labelled
    assert "Berga's DeSOs:" in [t.get_text() for t in chart.figure.get_legend().get_texts()]
    assert chart.alt.startswith("Map of Berga's DeSOs and their surroundings: Low economic standard (fictional) 2022")


def test_without_boundaries_or_a_deso_comparison_there_is_no_map():
    assert not _charts(district_pages.overview(_districts(boundaries=False)))
    report = district_pages.report(
        _data(boundaries=fictional.boundaries()),  # the fictional catalogue has no DeSO comparison
        year=2021,
        baseline_year=2021,
        lang="sv",
    )
    assert report.mapped.empty and not _charts(district_pages.overview(report))


def test_the_whole_city_section_places_linkoping_among_all_and_among_similar_municipalities():
    r = _indicators()
    parts = list(indicator_pages.segregation(r))
    assert isinstance(parts[0], NewPage) and isinstance(parts[-1], NewPage)  # a section of its own pages
    said = {p.key: dict(p.values) for p in parts if isinstance(p, Say)}
    assert said["whole_city.section"] == {"year": "2022", "n": 4}  # the share's 2023 has no indices beside it
    (table,) = [p for p in parts if isinstance(p, Table)]
    # FICTIONAL: 0,30 second of four (0,50 higher); among the three of similar size (2–8 DeSOs) second as well
    assert table.df.iloc[0].tolist() == ["Segregationsindex, fiktiv", "0,30", "2 av 4", "0,25", "2 av 3", "0,30"]
    assert table.df.iloc[2, 1] == "16,0\xa0%"  # a share keeps its unit, an index is bare
    data = table.data
    assert data["indicator"].tolist() == ["diss_fiktiv", "isol_fiktiv", "andel_fiktiv"]  # the catalogue's order
    ranks = ["geo_code", "municipal_rank", "municipal_count", "similar_rank", "similar_count"]
    assert data.iloc[0][ranks].tolist() == ["0580", 2, 4, 2, 3]
    assert pd.api.types.is_integer_dtype(data["municipal_rank"]) and pd.api.types.is_float_dtype(data["value"])
    assert table.sheet == "Hela Linköping"
    assert table.columns["similar_rank"].header.startswith("Plats bland kommuner av liknande")
    assert table.columns["value"].units(3) == ["index", "index", "%"]
    assert table.columns["value"].decimal_places(3) == [2, 2, 1]
    # the rule in words and the municipalities it takes; the one with 1 DeSO and the one with 6 are out and in
    similar = said["whole_city.similar_names"]
    assert (
        "mellan hälften och dubbelt så många DeSO som Linköping (4 i 2018 års indelning), alltså 2–8 DeSO"
        in (similar["rule"])
    )
    assert similar["names"] == "Fiktiv lik och Fiktiv stor"
    (chart,) = _charts(parts)
    assert [t.get_text() for t in chart.figure.get_yticklabels()] == [
        "Segregationsindex, fiktiv",
        "Isoleringsindex, fiktiv",
    ]
    assert "Segregationsindex, fiktiv: Linköping 0,30, plats 2 av 4 kommuner" in chart.alt
    assert "Andel" not in chart.alt  # the share is in the table, not on the indices' axis
    assert said["whole_city.caveats"] == {"year": "2022"}


def test_the_whole_city_series_are_no_longer_comparison_series_without_district_values():
    r = _indicators("en")
    assert r.municipal["id"].tolist() == ["diss_fiktiv", "isol_fiktiv", "andel_fiktiv"]
    assert not set(r.series["id"]) & set(r.municipal["id"])
    appendix = {p.key: dict(p.values) for p in indicator_pages.appendix(r) if isinstance(p, Say)}
    assert "indicators.appendix_no_data" not in appendix  # else: "Without values for the districts: …, fictional"
    intro = {p.key: dict(p.values) for p in indicator_pages.introduction(r) if isinstance(p, Say)}
    assert intro["indicators.about_indicators"]["whole_city"].startswith("A section then describes segregation")


def test_without_municipal_series_the_section_is_left_out():
    r = indicator_pages.report(_data(), year=2021, baseline_year=2021)
    assert r.municipal.empty and not list(indicator_pages.segregation(r))
    intro = {p.key: dict(p.values) for p in indicator_pages.introduction(r) if isinstance(p, Say)}
    assert intro["indicators.about_indicators"]["whole_city"] == ""


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_maps_and_the_whole_city_section_render_in_both_languages(lang):
    shown = Show(lang)
    r = _districts(lang)
    shown.render(district_pages.overview(r))
    shown.render(district_pages.deso_map(r, "Berga"))
    shown.render(indicator_pages.segregation(_indicators(lang)))
