"""The districts and indicators reports' pages as parts, made from FICTIONAL tables (no kernel, no shipped data)."""

import pandas as pd
import pytest

from segstats.reports import district_pages, indicator_pages, tidy, words
from segstats.reports import tables as export
from segstats.reports.load import ReportData
from segstats.reports.show import Bullets, Chart, NewPage, Say, Table, TitlePage

from . import fictional_indicators as fictional


def _data(indicators: pd.DataFrame | None = None) -> ReportData:
    return ReportData(
        measures=fictional.measures(),
        lineage=pd.DataFrame(),
        area_summaries=pd.DataFrame(),
        indicators=fictional.indicators() if indicators is None else indicators,
        catalogue=fictional.report_catalogue(),
        geographies=fictional.geographies(),
    )


def districts_report(lang: str = "sv", indicators: pd.DataFrame | None = None) -> district_pages.Report:
    return district_pages.report(_data(indicators), year=2021, baseline_year=2021, lang=lang)


def indicators_report(lang: str = "sv") -> indicator_pages.Report:
    return indicator_pages.report(_data(), year=2021, baseline_year=2021, lang=lang)


def says(parts) -> dict[str, dict]:
    return {p.key: dict(p.values) for p in parts if isinstance(p, Say)}


def tables(parts) -> dict[str, pd.DataFrame]:
    return {p.name: p.df for p in parts if isinstance(p, Table)}


def test_the_title_page_names_the_report_and_who_produced_its_data():
    (title,) = district_pages.title(districts_report("en"))
    assert isinstance(title, TitlePage) and title.title == "The districts: measures and indicators"
    assert title.sources[0].startswith("Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2021 (KS 2099-1)")
    assert "FIKTIV testkälla" in title.sources


def test_the_overview_counts_each_districts_measures_and_names_a_target_outside_them_in_the_reports_language():
    parts = list(district_pages.overview(districts_report("en")))
    said = says(parts)
    assert said["districts.not_counted"] == {"n": 1, "targets": "receiving schools", "ids": "3.1"}
    measures = tables(parts)["atgarder_per_stadsdel"]
    assert measures["Total"].tolist() == [2, 2, 1]  # 1.1 counts in each district
    assert pd.api.types.is_integer_dtype(measures["Total"]) and pd.api.types.is_integer_dtype(measures["Area type"])
    assert said["labels.confirmed_note"]["others"] == 3  # the plan's unconfirmed indicators, said up front
    assert "Skäggetorp-Tornby is larger" in said["districts.indicator_overview"]["larger"]


def test_a_gap_in_the_overview_is_the_difference_of_the_values_printed_beside_it():
    # FICTIONAL: Berga 86,54 % against Linköping 51,06 % in 2023, one decimal: 86,5 − 51,1 = +35,4
    indicators = fictional.indicators()
    berga = (indicators["geo_code"] == "0580R001") & (indicators["year"] == 2023)
    town = (indicators["geo_code"] == "0580") & (indicators["year"] == 2023)
    chosen = indicators["indicator"] == "lag_ek_standard"
    indicators.loc[chosen & berga, "value"] = 86.54
    indicators.loc[chosen & town, "value"] = 51.06
    overview = tables(district_pages.overview(districts_report(indicators=indicators)))["indikatorer_per_stadsdel"]
    row = overview[overview["Indikator"] == "Låg ekonomisk standard (fiktiv)"].iloc[0]
    assert row["Linköping"] == "51,1\xa0%" and row["Berga"] == "86,5\xa0% (+35,4)"


def test_a_district_page_refuses_a_comparison_in_words_and_says_when_no_change_can_be_shown():
    r = districts_report()
    parts = list(district_pages.district(r, r.profiles[2]))  # Skäggetorp
    assert isinstance(parts[0], NewPage)
    said = says(parts)
    assert said["districts.regso_larger"] == {"regso": "Skäggetorp-Tornby", "district": "Skäggetorp"}
    area = tables(parts)["skaggetorp_omrade_2"].set_index("Indikator")
    # FICTIONAL: only the three district RegSOs have a value, 1 of the 11 RegSOs of Skäggetorp's type
    refused = area.loc["Låg ekonomisk standard (fiktiv)", "Bland RegSO av samma typ"]
    assert refused == "ingen jämförelse – bara 1 av 11 områden har värde 2023"
    assert not refused.split("–")[0].strip()[0].isdigit()  # never a number first, as a rank would be
    # no row of area 1 has a change: one sentence says so instead of a column of reasons
    assert "Förändring sedan 2021" not in tables(parts)["skaggetorp_omrade_1"].columns
    assert said["districts.no_change"] == {"baseline_year": "2021"}
    area_5 = [p for p in parts if isinstance(p, Say) and p.key == "districts.area_no_measures"][-1]
    assert area_5.values["no_indicators"] == " Ingen av planens indikatorer hör till området."  # area 5 has none
    charts = [p for p in parts if isinstance(p, Chart)]
    assert len(charts) == 1 and charts[0].alt.startswith("Staplade liggande staplar")


def test_the_deso_title_names_the_classification_its_ranks_use():
    from segstats.indicators.catalogue import DesoComparison

    r = districts_report()
    profile = r.profiles[1]
    desos = pd.DataFrame(  # FICTIONAL: one DeSO of Ryd placed by the områdestyp of 2022
        {
            "geo_code": ["0580C9999"],
            **{"value_start": [40.0], "value_end": [38.0], "change": [-2.0], "comparable": ["yes"]},
            **{"area_type": [2], "area_type_year": [2022], "peer_year": [2022], "peer_count": [467]},
            **{"peer_rank": [12], "peer_median": [26.0]},
        }
    )
    profile = profile.__class__(**{**profile.__dict__, "desos": desos})
    entry = pd.Series(
        {"id": "lag_ek_standard", "name_sv": "Låg standard", "name_en": "Low", "unit": "%", "decimals": 0}
    )
    title = district_pages.deso_title(profile, entry, DesoComparison("lag_ek_standard", 2022, 2024), "sv")
    assert "alla 467 DeSO i RegSO av områdestyp 2 (SCB:s indelning 2022)" in title
    assert profile.area_type_year == 2023  # the RegSO's own type is of another classification year


def test_one_year_is_charted_as_dots_and_years_as_a_trend():
    parts = list(indicator_pages.charts(indicators_report()))
    alts = [p.alt for p in parts if isinstance(p, Chart)]
    assert any(a.startswith("Punktdiagram 2020: Barn i låg ekonomisk standard (fiktiv)") for a in alts)
    assert any(a.startswith("Linjediagram: Låg ekonomisk standard (fiktiv)") for a in alts)
    assert all(p.half for p in parts if isinstance(p, Chart))


def test_refused_comparisons_are_said_once_per_reason_in_words():
    parts = list(indicator_pages.peers(indicators_report()))
    (refused,) = [p for p in parts if isinstance(p, Bullets)]
    assert refused.items[0] == (
        "Förvärvsfrekvens (fiktiv). Berga och Ryd: ingen jämförelse – bara 2 av 12 områden har värde 2022; "
        "Skäggetorp: ingen jämförelse – bara 1 av 11 områden har värde 2022"
    )


def test_the_catalogue_table_types_its_cells_and_says_which_indicators_are_confirmed():
    parts = list(indicator_pages.introduction(indicators_report("en")))
    table = tables(parts)["indikatorer"]
    assert table["Confirmed as the plan's indicator"].tolist() == [False, False, True, True, False]
    assert pd.api.types.is_integer_dtype(table["Development area"])
    assert set(table["Unit"]) == {"per cent"}
    assert says(parts)["labels.confirmed_note"]["n"] == 2


def test_a_series_without_district_values_names_the_desos_that_have_them():
    indicators = fictional.indicators()
    deso = indicators[indicators["indicator"] == "medelinkomst"].head(2)  # FICTIONAL DeSO values of Ryd
    deso = deso.assign(geo_kind="deso", geo_code=["0580C9998", "0580C9999"], district="Ryd", year=2022)
    found = indicator_pages.deso_only(
        pd.concat([indicators, deso]), fictional.report_catalogue(), ["Medelinkomst (fiktiv)"], "sv"
    )
    assert found == {"Medelinkomst (fiktiv)": (2, "2022")}
    text = words.text("indicators.appendix_desos_only", "sv", names="X", n=2, years="2022", series=1)
    assert "för 2 av stadsdelarnas DeSO" in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_part_of_both_reports_renders_in_both_languages(lang):
    from segstats.reports.show import Show

    shown = Show(lang)
    r = districts_report(lang)
    for parts in (district_pages.overview(r), district_pages.district(r, r.profiles[0]), district_pages.about(r)):
        shown.render(parts)
    ir = indicators_report(lang)
    for make in (indicator_pages.introduction, indicator_pages.missing, indicator_pages.change, indicator_pages.about):
        shown.render(make(ir))


def exported(parts) -> dict[str, Table]:
    return {p.name: p for p in parts if isinstance(p, Table)}


def every_table(lang: str) -> dict[str, Table]:
    r, ir = districts_report(lang), indicators_report(lang)
    parts = [*district_pages.overview(r), *(p for profile in r.profiles for p in district_pages.district(r, profile))]
    for make in (indicator_pages.introduction, indicator_pages.missing, indicator_pages.peers, indicator_pages.change):
        parts += make(ir)
    return exported([*parts, *indicator_pages.appendix(ir)])


def test_every_table_of_both_reports_exports_tidy_typed_data_under_the_same_keys_in_both_languages():
    swedish, english = every_table("sv"), every_table("en")
    assert swedish.keys() == english.keys() and len(swedish) >= 10
    for name, table in swedish.items():
        files = export.Table(name, table.title, table.data, dict(table.columns), sheet=table.sheet)
        files.check()  # keys code-like, every column described, fractions with their decimals
        assert list(table.data.columns) == list(english[name].data.columns), name
        assert table.sheet and table.sheet != english[name].sheet, name
        for key, kind in files.kinds().items():
            if key in (*tidy.VALUES, *tidy.DIFFERENCES):
                assert kind == "number" and table.columns[key].decimals is not None, (name, key)
            if key in (*tidy.COUNTS, *tidy.WHOLE):
                assert kind == "integer", (name, key)
        assert {"indicator", "indicator_name"} <= set(table.data) or "indicator" not in table.data, name


def test_the_overview_exports_one_row_per_indicator_and_district_with_the_gap_as_printed():
    # FICTIONAL: Berga 86,54 % against Linköping 51,06 % in 2023, one decimal: 86,5 − 51,1 = +35,4
    indicators = fictional.indicators()
    chosen = (indicators["indicator"] == "lag_ek_standard") & (indicators["year"] == 2023)
    indicators.loc[chosen & (indicators["geo_code"] == "0580R001"), "value"] = 86.54
    indicators.loc[chosen & (indicators["geo_code"] == "0580"), "value"] = 51.06
    table = exported(district_pages.overview(districts_report("en", indicators)))["indikatorer_per_stadsdel"]
    rows = table.data.set_index(["indicator", "district"])
    berga = rows.loc[("lag_ek_standard", "Berga")]
    assert (berga["geo_kind"], berga["geo_code"], berga["year"], berga["gap"]) == ("regso", "0580R001", 2023, 35.4)
    assert berga["unit"] == "%" and berga["source"] == "FIKTIV testkälla" and not berga["implausible"]
    files = export.Table("x", "x", table.data, dict(table.columns))
    line = next(row for row in export.csv_bytes(files).decode("utf-8-sig").splitlines() if "lag_ek_standard;" in row)
    assert ";2023;86,5;;%;False;FIKTIV testkälla;51,1;35,4;" in line  # rounded as printed, numbers as numbers
    # a district without a value for an indicator some district has: a row saying why, never a number
    missing = rows.loc[("barn_lag_ek_standard", "Berga")]
    assert pd.isna(missing["value"]) and pd.isna(missing["gap"])
    assert missing["value_missing"] == missing["gap_missing"] == "no value for the district in any geography"
    assert table.columns["gap"].units(len(table.data))[0] == "percentage points" and table.columns["gap"].signed


def test_a_district_area_table_exports_each_reason_beside_its_missing_number():
    r = districts_report()
    table = exported(district_pages.district(r, r.profiles[2]))["skaggetorp_omrade_2"]  # Skäggetorp
    row = table.data.set_index("indicator").loc["lag_ek_standard"]
    # FICTIONAL: only the three district RegSOs have a value, 1 of the 11 RegSOs of Skäggetorp's type
    assert pd.isna(row["peer_rank"]) and (row["peer_count"], row["peer_of"], row["peer_year"]) == (1, 11, 2023)
    assert row["peer_missing"] == "ingen jämförelse – bara 1 av 11 områden har värde 2023"
    assert "peer_incomplete" in row["note"].split(";")
    assert table.columns["peer_rank"].why_missing == "peer_missing"
    assert table.columns["change"].why_missing == "change_missing" and table.columns["change"].signed
    assert table.sheet == "Skäggetorp område 2"


def test_the_change_table_exports_every_place_with_the_change_or_its_reason():
    parts = list(indicator_pages.change(indicators_report("en")))
    data = exported(parts)["forandring_sedan_basaret"].data
    assert set(data["comparable"]) > {"yes"}  # the places without a change too, each with its code …
    missing = data[data["comparable"] != "yes"]
    assert missing["change"].isna().all() and missing["change_missing"].notna().all()  # … and its reason
    shown = data[data["comparable"] == "yes"]
    assert shown["change_missing"].isna().all() and shown["change"].notna().all()
    assert (data["baseline_year"] == 2021).all() and data["constant_prices"].isna().all()  # shares: not said
