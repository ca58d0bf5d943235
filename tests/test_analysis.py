"""The report's analysis functions: the 2021 follow-up's own numbers, and indicators on FICTIONAL data."""

import pandas as pd
import pytest

from segstats import load_indicators, load_measures
from segstats.errors import SegstatsError
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import analysis as measure_analysis

from . import fictional_indicators as fictional

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def measures():
    return load_measures()


@pytest.mark.realdata
def test_status_totals_of_2021(measures):
    shares = measure_analysis.status_totals(measures)
    assert shares["count"].to_dict() == {"done": 12, "ongoing": 42, "not_done": 6}
    assert shares["share"].to_dict() == {"done": 20.0, "ongoing": 70.0, "not_done": 10.0}


@pytest.mark.realdata
def test_followup_year_names_the_years_with_data(measures):
    assert len(measure_analysis.followup_year(measures, 2021)) == 60
    with pytest.raises(SegstatsError, match="no follow-up for 2030; years with data: 2021"):
        measure_analysis.followup_year(measures, 2030)


@pytest.mark.realdata
def test_status_by_district_counts_a_measure_in_every_district_it_names(measures):
    table = measure_analysis.status_by_item(measures, "districts")
    assert list(table.index) == ["Berga", "Ryd", "Skäggetorp", "Mottagande skolor"]
    # 46 measures name all three districts, 3 only Berga: 49 in Berga.
    assert table.loc["Berga", "total"] == 49
    assert table.loc["Skäggetorp"].tolist() == [10, 38, 5, 53]
    assert "total" not in table.index


@pytest.mark.realdata
def test_status_by_department_counts_sub_units_with_their_department(measures):
    table = measure_analysis.status_by_item(measures, "departments")
    assert "KLF-SÄK" not in table.index and "MoS-SMK" not in table.index
    assert table.loc["KLF", "total"] == 14  # säkerhetsenheten, hållbarhetsenheten, HR, … together
    assert table.loc["UAF", "total"] == 19 and table.index[0] == "UAF"  # the most measures first
    # "UAF-AMI;UAF-GYVUX" is one measure of UAF, not two
    one = measures[measures["departments"] == "UAF-AMI;UAF-GYVUX"]
    assert measure_analysis.status_by_item(one, "departments")["total"].to_dict() == {"UAF": 1}


@pytest.mark.realdata
def test_measures_not_done(measures):
    table = measure_analysis.measures_with_status(measures, "not_done")
    assert table["measure_id"].tolist() == ["1.6", "2.3", "2.11", "4.11", "5.1", "5.9"]
    assert list(table.columns) == ["measure_id", "title", "departments", "status_comment"]
    with pytest.raises(SegstatsError, match="status must be one of done, ongoing, not_done"):
        measure_analysis.measures_with_status(measures, "klar")


def test_trend_rows_keep_district_areas_linkoping_and_sweden_in_chart_order():
    rows = indicator_analysis.trend_rows(fictional.indicators(), "lag_ek_standard")
    order = rows.drop_duplicates("geo_code")["geo_name"].tolist()
    assert order == ["Berga", "Ryd", "Skäggetorp-Tornby", "Linköping", "Sverige"]
    assert not rows["geo_code"].str.startswith("9990").any()


def test_indicator_change_never_estimates():
    change = indicator_analysis.indicator_change(fictional.indicators(), fictional.catalogue(), 2021).set_index(
        ["indicator", "geo_name"]
    )
    berga = change.loc[("lag_ek_standard", "Berga")]
    assert (berga["value_base"], berga["year_latest"], berga["value_latest"], berga["change"]) == (32, 2023, 34, 2)
    # Ryd has no row for 2021: no change, and the reason
    assert change.loc[("lag_ek_standard", "Ryd"), "comparable"] == "no_baseline"
    assert pd.isna(change.loc[("lag_ek_standard", "Ryd"), "change"])
    # a value only before the baseline year
    assert change.loc[("barn_lag_ek_standard", "Skäggetorp"), "comparable"] == "no_baseline"
    assert "omradestyp" not in change.index.get_level_values(0)  # not a catalogue indicator


def test_indicator_change_across_a_series_break_is_not_comparable():
    change = indicator_analysis.indicator_change(fictional.indicators(), fictional.catalogue(), 2018)
    employment = change[change["indicator"] == "forvarvsfrekvens"]
    assert set(employment["comparable"]) == {"series_break"}  # break in 2019, between 2018 and 2022
    assert employment["change"].isna().all()


def test_area_types_and_peers():
    indicators = fictional.indicators()
    types = indicator_analysis.area_types(indicators)
    assert dict(zip(types["district"], types["area_type"], strict=True)) == {"Berga": 2, "Ryd": 2, "Skäggetorp": 1}
    assert indicator_analysis.peer_indicators(indicators) == ["medelinkomst"]
    peers = indicator_analysis.peer_values(indicators, "medelinkomst")
    berga = peers[peers["district"] == "Berga"]
    assert set(berga["area_type"]) == {2} and set(berga["year"]) == {2023}
    # every RegSO of type 2 (Berga and Ryd themselves, and the fictional ones), Berga marked
    assert len(berga) == 12 and berga.loc[berga["is_district"], "geo_code"].tolist() == ["0580R001"]
    position = indicator_analysis.peer_position(peers)
    assert position.loc["Berga"].to_dict() == {
        "value": 250.0,
        "n": 12,
        "of": 12,
        "rank": 7,
        "median": 265.0,
        "share_below": pytest.approx(4 / 11 * 100),
    }


def test_same_type_comparison_is_refused_with_the_count_when_only_a_few_regsos_have_a_value():
    indicators = fictional.indicators()
    # FICTIONAL: a 2024 value for the districts alone, as the shipped rental share has for 2025
    later = indicators[(indicators["indicator"] == "medelinkomst") & indicators["district"].notna()]
    later = later[later["year"] == 2023].assign(year=2024)
    with_later = pd.concat([indicators, later], ignore_index=True)
    coverage = indicator_analysis.peer_coverage(with_later, "medelinkomst").set_index("district")
    # the comparison keeps to 2023, when every RegSO of the type has a value: 12 of 12
    assert coverage.loc["Berga", ["year", "count", "type_count", "comparable"]].tolist() == [2023, 12, 12, "yes"]
    peers = indicator_analysis.peer_values(with_later, "medelinkomst")
    assert set(peers["year"]) == {2023}
    # with only the districts' own values there is no year to compare in: refused, with the count
    alone = with_later[~((with_later["indicator"] == "medelinkomst") & with_later["district"].isna())]
    refused = indicator_analysis.peer_coverage(alone, "medelinkomst").set_index("district")
    assert refused.loc["Berga", ["year", "count", "type_count", "comparable"]].tolist() == [2024, 2, 12, "incomplete"]
    assert refused.loc["Skäggetorp", ["count", "type_count"]].tolist() == [1, 11]
    assert indicator_analysis.peer_values(alone, "medelinkomst").empty


@pytest.mark.realdata
def test_rental_share_is_compared_in_2023_among_all_293_regsos_of_type_2(indicators):
    # the shipped data: 2025 has values only for the districts' RegSOs; 2023 for all 3 363
    position = indicator_analysis.peer_position(indicator_analysis.peer_values(indicators, "hyresratt"))
    ryd = position.loc["Ryd"]
    assert (ryd["n"], ryd["of"], ryd["rank"]) == (293, 293, 18)
    assert round(ryd["median"], 1) == 61.6
    coverage = indicator_analysis.peer_coverage(indicators, "lag_ekstd").set_index("district")
    assert set(coverage["comparable"]) == {"incomplete"}  # 2024: Linköping's RegSOs only
    assert coverage.loc["Ryd", ["year", "count", "type_count"]].tolist() == [2024, 2, 293]


def test_without_area_types_there_are_no_peers():
    indicators = fictional.indicators()
    no_types = indicators[indicators["indicator"] != indicator_analysis.AREA_TYPE]
    assert indicator_analysis.area_types(no_types).empty
    assert indicator_analysis.peer_values(no_types, "medelinkomst").empty


@pytest.mark.realdata
def test_trend_rows_leave_out_the_districts_desos():
    rows = indicator_analysis.trend_rows(load_indicators(), "lag_ekstd")
    assert "deso" not in set(rows["geo_kind"])
    assert {"regso", "kommun"} <= set(rows["geo_kind"])
