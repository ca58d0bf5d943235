"""The district profile: the measures aimed at each district and where it stands on the plan indicators."""

import pandas as pd
import pytest

import segstats
from segstats.errors import SegstatsError
from segstats.indicators import geo
from segstats.measures.store import load_measures
from segstats.profile import DESO_COLUMNS, INDICATOR_COLUMNS, build_profile, district_profile

from . import fictional_indicators as fictional

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("english")]  # every test here reads the shipped data

STATUSES = ["done", "ongoing", "not_done", "total"]

# Counted by hand from data/processed/measures.csv (2021, the one real follow-up): a measure
# whose districts are "Berga;Ryd;Skäggetorp" counts in each; 3.1 ("Mottagande skolor") in none.
SHIPPED_2021 = {
    "Berga": {1: [6, 9, 1, 16], 2: [3, 8, 1, 12], 3: [2, 6, 0, 8], 4: [0, 5, 1, 6], 5: [0, 6, 1, 7]},
    "Ryd": {1: [5, 9, 1, 15], 2: [3, 8, 2, 13], 3: [2, 6, 0, 8], 4: [0, 4, 1, 5], 5: [0, 7, 1, 8]},
    "Skäggetorp": {1: [5, 9, 1, 15], 2: [3, 8, 1, 12], 3: [2, 6, 0, 8], 4: [0, 8, 1, 9], 5: [0, 7, 2, 9]},
}
NOT_DONE_2021 = {
    "Berga": ("1.6", "2.3", "4.11", "5.1"),
    "Ryd": ("1.6", "2.3", "2.11", "4.11", "5.1"),
    "Skäggetorp": ("1.6", "2.3", "4.11", "5.1", "5.9"),
}


@pytest.fixture(scope="module")
def shipped():
    measures, indicators = segstats.load_measures(), segstats.load_indicators()
    catalogue = segstats.indicator_catalogue()
    places = segstats.load_geographies()
    return {d: build_profile(measures, indicators, catalogue, d, 2021, geographies=places) for d in SHIPPED_2021}


@pytest.mark.parametrize("district", list(SHIPPED_2021))
def test_measures_aimed_at_each_district_in_2021_by_area_and_status(shipped, district):
    table = shipped[district].measures
    assert {a: table.loc[a, STATUSES].tolist() for a in range(1, 6)} == SHIPPED_2021[district]
    assert table.loc["total", STATUSES].tolist() == [sum(c) for c in zip(*SHIPPED_2021[district].values(), strict=True)]
    assert table.loc["total", "not_done_ids"] == NOT_DONE_2021[district]
    assert table.loc["total", "long_ongoing_ids"] == ()  # the first follow-up: nothing ongoing twice yet


def test_a_measure_for_all_districts_counts_in_each_and_one_for_schools_in_none(shipped):
    for profile in shipped.values():
        ids = set(profile.measure_list["measure_id"])
        assert "1.1" in ids  # "Berga, Ryd och Skäggetorp"
        assert "3.1" not in ids  # "Mottagande skolor"
    assert "4.1" in set(shipped["Skäggetorp"].measure_list["measure_id"])
    assert "4.1" not in set(shipped["Berga"].measure_list["measure_id"])


def test_district_facts_name_the_regso_its_type_and_population(shipped):
    skaggetorp = shipped["Skäggetorp"]
    assert (skaggetorp.regso_code, skaggetorp.regso_name) == ("0580R018", "Skäggetorp-Tornby")
    assert (skaggetorp.area_type, skaggetorp.area_type_year) == (1, 2023)
    assert (skaggetorp.population, skaggetorp.population_year) == (10060, 2023)
    assert (shipped["Ryd"].area_type, shipped["Berga"].population) == (2, 7230)


@pytest.mark.parametrize("district", list(SHIPPED_2021))
def test_indicator_rows_are_the_districts_latest_values_as_loaded(shipped, indicators, district):
    rows = shipped[district].indicators
    plan = segstats.indicator_catalogue().query("plan")
    assert list(rows.columns) == INDICATOR_COLUMNS
    assert set(rows["indicator"]) == set(plan["id"])  # one row per plan indicator
    for row in rows[rows["value"].notna()].itertuples():
        own = indicators[
            (indicators["indicator"] == row.indicator)
            & (indicators["district"] == district)
            & (indicators["geo_kind"] != "deso")
            & indicators["value"].notna()
        ]
        assert row.year == own["year"].max(), row.indicator
        loaded = own[(own["geo_code"] == row.geo_code) & (own["year"] == row.year)]
        assert loaded["value"].tolist() == [row.value], row.indicator
        kommun = indicators[
            (indicators["indicator"] == row.indicator)
            & (indicators["geo_code"] == geo.KOMMUN_CODE)
            & (indicators["year"] == row.year)
        ]
        assert kommun["value"].tolist() == [row.linkoping_value], row.indicator
        # the gap as printed: the difference of the two values rounded as the catalogue says
        decimals = int(plan.set_index("id").loc[row.indicator, "decimals"])
        printed = float(f"{row.value:.{decimals}f}") - float(f"{row.linkoping_value:.{decimals}f}")
        assert row.gap == pytest.approx(round(printed, decimals)), row.indicator


def test_indicator_rows_name_geography_year_and_what_is_missing(shipped):
    rows = {d: p.indicators.set_index("indicator") for d, p in shipped.items()}
    children = rows["Skäggetorp"].loc["barn_lag_ekstd"]  # the confirmed indicator: the stadsdel's 2020 value
    assert (children["geo_kind"], children["geo_name"], children["year"], children["value"]) == (
        "stadsdel",
        "Skäggetorp",
        2020,
        73.1,
    )
    assert children["note"].split(";") == ["stadsdel", "before_baseline", "peer_not_regso"]
    assert pd.isna(children["change"]) and pd.isna(children["peer_rank"])
    assert rows["Berga"].loc["barn_lag_ekstd", "note"] == "no_data"  # nothing carried from Skäggetorp
    assert rows["Berga"].loc["barn_lag_ekstd", ["value", "year", "geo_kind"]].isna().all()
    assert rows["Ryd"].loc["ohalsotal", "note"] == "no_data"
    assert "regso_larger" in rows["Skäggetorp"].loc["utrikes_fodda", "note"]  # from the geography table
    assert [shipped[d].regso_larger for d in SHIPPED_2021] == [False, False, True]
    turnout = rows["Skäggetorp"].loc["valdeltagande_kf"]
    assert (turnout["geo_kind"], turnout["geo_name"], turnout["year"]) == ("valdistrikt", "Skäggetorp 4", 2022)


@pytest.mark.realdata
def test_the_gap_is_that_of_the_printed_values_as_in_every_other_table(shipped):
    """Skäggetorp's rental share 86,5 % against Linköping 51,1 % is +35,4, as comparison.pdf prints it."""
    rental = shipped["Skäggetorp"].indicators.set_index("indicator").loc["hyresratt"]
    assert (round(rental["value"], 1), round(rental["linkoping_value"], 1)) == (86.5, 51.1)
    assert rental["gap"] == pytest.approx(35.4)  # not the +35,5 of the unrounded 86,54 − 51,06


def test_change_only_at_the_same_place_and_when_comparable(shipped):
    rows = shipped["Skäggetorp"].indicators.set_index("indicator")
    foreign_born = rows.loc["utrikes_fodda"]  # RegSO 2021 and 2023, no break
    assert (foreign_born["baseline_value"], foreign_born["year"], foreign_born["value"]) == (59.32, 2023, 61.97)
    assert foreign_born["change"] == pytest.approx(2.7)  # as printed: 59,3 → 62,0 (not 2,65 rounded to 2,6)
    assistance = rows.loc["ekonomiskt_bistand"]  # the stadsdel's 2021 value is the latest there is
    assert (assistance["baseline_value"], assistance["year"]) == (18.9, 2021)
    assert pd.isna(assistance["change"]) and "no_later_year" in assistance["note"]
    low_standard = rows.loc["lag_ekstd"]  # 2024 only: no baseline
    assert pd.isna(low_standard["baseline_value"]) and "no_baseline" in low_standard["note"]


def test_same_type_comparison_in_a_complete_year_or_refused_with_the_count(shipped):
    rental = shipped["Ryd"].indicators.set_index("indicator").loc["hyresratt"]
    assert (rental["year"], rental["peer_year"]) == (2025, 2023)  # 2025: only the district RegSOs
    assert (rental["peer_rank"], rental["peer_count"], rental["peer_of"]) == (18, 293, 293)
    assert round(rental["peer_median"], 1) == 61.6 and rental["peer_value"] == 93.76
    assert "peer_other_year" in rental["note"]
    low_standard = shipped["Ryd"].indicators.set_index("indicator").loc["lag_ekstd"]
    assert (low_standard["peer_year"], low_standard["peer_count"], low_standard["peer_of"]) == (2024, 2, 293)
    assert pd.isna(low_standard["peer_rank"]) and pd.isna(low_standard["peer_median"])
    assert "peer_incomplete" in low_standard["note"]


def test_district_profile_loads_and_refuses_unknown_districts_and_years():
    profile = segstats.district_profile("Ryd", 2021)
    assert profile.measures.loc["total", "total"] == 49
    with pytest.raises(SegstatsError, match="Berga, Ryd, Skäggetorp"):
        district_profile("Tornby", 2021)
    with pytest.raises(SegstatsError, match="no follow-up for 2019"):
        district_profile("Ryd", 2019)


def test_later_fictional_years_show_long_ongoing_measures_and_changes(three_years):
    # FICTIONAL 2022 and 2023 follow-ups (tests/fixtures/templates) and FICTIONAL indicators
    measures = load_measures(three_years)
    catalogue = fictional.catalogue().assign(plan=True)
    places = segstats.load_geographies()
    berga = build_profile(measures, fictional.indicators(), catalogue, "Berga", 2023, geographies=places)
    assert berga.measures.loc["total", STATUSES].tolist() == [1, 5, 0, 6]
    assert berga.measures.loc["total", "long_ongoing_ids"] == ("1.1", "1.2", "2.1", "3.1")
    assert berga.measures.loc[1, "long_ongoing_ids"] == ("1.1", "1.2")
    assert dict(zip(berga.measure_list["measure_id"], berga.measure_list["ongoing_years"], strict=True))["1.2"] == 3
    skaggetorp = build_profile(measures, fictional.indicators(), catalogue, "Skäggetorp", 2023, geographies=places)
    assert skaggetorp.measures.loc[5, "not_done_ids"] == ("5.1",)
    low = berga.indicators.set_index("indicator").loc["lag_ek_standard"]  # 32 in 2021, 34 in 2023
    assert (low["baseline_value"], low["year"], low["value"], low["change"]) == (32, 2023, 34, 2)
    assert (low["linkoping_value"], low["gap"]) == (15, 19)
    income = berga.indicators.set_index("indicator").loc["medelinkomst"]
    assert (income["peer_rank"], income["peer_count"], income["peer_median"]) == (7, 12, 265)
    assert berga.indicators.set_index("indicator").loc["utan_data", "note"] == "no_data"
    assert berga.desos.empty and list(berga.desos.columns) == DESO_COLUMNS  # no DeSO values: no rows


def test_each_districts_desos_in_plan_order_with_change_and_same_type_place(shipped):
    desos = {d: p.desos for d, p in shipped.items()}
    assert {d: len(t) for d, t in desos.items()} == {"Berga": 4, "Ryd": 5, "Skäggetorp": 5}
    for table in desos.values():
        assert list(table.columns) == DESO_COLUMNS
        assert table["geo_code"].is_monotonic_increasing and (table["comparable"] == "yes").all()
        assert (table["peer_year"] == 2022).all()
    # SCB: Ryd's student DeSO 0580C1460 77 % in 2022 (2024: 72 %), second highest of the 467 DeSOs
    # in type-2 RegSOs, whose median is 26 %.
    ryd = desos["Ryd"].set_index("geo_code").loc["0580C1460"]
    assert [ryd[c] for c in ("value_start", "value_end", "change")] == [77, 72, -5]
    assert [ryd[c] for c in ("area_type", "peer_count", "peer_rank", "peer_median")] == [2, 467, 2, 26]
    # Skäggetorp's 0580C1610: 51 % → 42 %, 47th of the 293 DeSOs in type-1 RegSOs (median 40 %).
    skaggetorp = desos["Skäggetorp"].set_index("geo_code").loc["0580C1610"]
    assert [skaggetorp[c] for c in ("value_start", "value_end", "change")] == [51, 42, -9]
    assert [skaggetorp[c] for c in ("area_type", "peer_count", "peer_rank", "peer_median")] == [1, 293, 47, 40]
    # the områdestyp of 2022 (the values' year), not the later classification the RegSO row names
    assert (desos["Skäggetorp"]["area_type_year"] == 2022).all()


def test_the_deso_table_keeps_numbers_as_numbers_and_says_why_a_change_is_missing(shipped):
    from dataclasses import replace

    from segstats.indicators.catalogue import DesoComparison
    from segstats.reports import district_pages, tidy

    entry = segstats.indicator_catalogue().set_index("id").loc["lag_ekstd"]
    deso = DesoComparison("lag_ekstd", 2022, 2024)
    profile = shipped["Skäggetorp"]
    table = district_pages.deso_table(tidy.deso_values(profile, entry, deso, "sv"), entry, deso, "sv")
    assert table.columns.tolist()[:4] == ["DeSO", "2022", "2024", "Förändring"]
    assert table.iloc[0].tolist() == ["0580C1610", 51, 42, "−9", 47, 293]
    # FICTIONAL gaps: a DeSO without a 2024 value, one without a place
    desos = profile.desos.copy()
    desos.loc[0, ["value_end", "change", "comparable"]] = [pd.NA, pd.NA, "no_end"]
    desos.loc[1, ["peer_rank", "peer_count"]] = [pd.NA, pd.NA]
    data = tidy.deso_values(replace(profile, desos=desos), entry, deso, "en")
    table = district_pages.deso_table(data, entry, deso, "en")
    assert pd.isna(table.iloc[0, 2]) and table.iloc[0, 3] == "no value for 2024"
    assert pd.isna(table.iloc[1, 4])
    # the files: one fact per cell, the change missing with its reason and code beside it
    first = data.iloc[0]
    assert [first[k] for k in ("geo_code", "start_year", "start_value", "end_year")] == ["0580C1610", 2022, 51, 2024]
    assert pd.isna(first["end_value"]) and pd.isna(first["change"])
    assert (first["change_missing"], first["comparable"]) == ("no value for 2024", "no_end")
    assert data["change"].dtype == "Float64" and data["peer_rank"].dtype == "Int64"


def test_a_table_that_shows_a_flagged_value_gets_a_footnote_naming_it(indicators):
    from segstats.indicators import analysis
    from segstats.reports import labels, words

    catalogue = segstats.indicator_catalogue()
    flagged = analysis.implausible_rows(indicators, catalogue)
    # the source page's 60.8 % for the stadsdel Stångebro 2021, against 3.2 % for Linköping
    shown = pd.DataFrame({"indicator": ["ekonomiskt_bistand"], "geo_code": ["Stångebro"], "year": [2021]})
    items = labels.implausible_items(shown, flagged, catalogue, "sv")
    assert items == ["Vuxna med ekonomiskt bistånd, Stångebro (stadsdel) 2021: 60,8\xa0% (rimligt 0,0\xa0%–30,0\xa0%)"]
    note = words.text("labels.implausible_note", "sv", n=1, items=items[0])
    assert "Värdet ligger utanför det rimliga intervallet" in note and "visas som källan anger det" in note
    assert labels.implausible_items(shown.assign(year=2023), flagged, catalogue, "sv") == []
    profile_rows = pd.DataFrame(
        {"indicator": ["x"], "geo_code": ["Ryd"], "year": [2023], "baseline_value": [1.0], "linkoping_value": [2.0]}
    )
    seen = labels.values_shown(
        profile_rows, latest="year", baseline="baseline_value", baseline_year=2021, linkoping=True
    )
    assert seen.values.tolist() == [["x", "Ryd", 2023], ["x", "Ryd", 2021], ["x", "0580", 2023]]


def test_a_change_of_an_amount_in_constant_prices_says_so(indicators):
    from segstats.indicators import analysis
    from segstats.reports import labels

    catalogue = segstats.indicator_catalogue()
    median = catalogue[catalogue["id"] == "median_ekstd"]
    change = analysis.indicator_change(indicators, median, 2021)
    table = labels.change_table(change[change["comparable"] == "yes"], median, baseline_year=2021, lang="sv")
    # SCB TAB6684 is in constant prices: Linköping 329,5 → 320,3 tkr is a real-terms fall
    assert table.iloc[0].tolist()[-1] == "−9,2\xa0tkr (fasta priser)"
    english = labels.change_table(change[change["comparable"] == "yes"], median, baseline_year=2021, lang="en")
    assert english.iloc[0].tolist()[-1].endswith("(constant prices)")
    share = catalogue[catalogue["id"] == "sysselsattning"]
    assert "priser" not in " ".join(
        labels.change_table(analysis.indicator_change(indicators, share, 2021), share, baseline_year=2021).iloc[:, -1]
    )
