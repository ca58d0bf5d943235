"""The audit's corrections (issue 12), each tested against what was wrong before."""

import pandas as pd
import pytest

from segstats import build_indicators, indicator_catalogue, load_indicators, paths
from segstats.errors import DataValidationError
from segstats.indicators import analysis
from segstats.indicators.catalogue import SeriesBreak

from . import fictional_indicators as fictional
from .conftest import copy_raw_data

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def catalogue():
    return indicator_catalogue().set_index("id", drop=False)


def test_median_economic_standard_is_in_constant_prices(catalogue):
    entry = catalogue.loc["median_ekstd"]
    assert entry["prices"] == "constant"
    assert "Fasta priser" in entry["caveats"] and "Löpande" not in entry["caveats"] + entry["series_breaks"]
    # Every amount says what its prices are.
    amounts = catalogue[catalogue["unit"] == "tkr"]
    assert amounts["prices"].isin(["constant", "current", "unknown"]).all()


@pytest.mark.realdata
def test_the_comment_of_measures_3_6_and_2_11_is_the_status_comment(measures_2021):
    rows = measures_2021.set_index("measure_id")
    assert rows.loc["3.6", "status_comment"] == "Prioriterad åtgärd enligt KOF"
    assert rows.loc["3.6", "next_plan_text"] == "Vidareutvecklad åtgärd 2022."
    assert rows.loc["2.11", "status_comment"].startswith("Ej genomförd på grund av att det inte fanns intresse")
    assert rows.loc["2.11", "next_plan_text"] == "Finns ej med i åtgärdsplan 2022."
    # A phrase inside a sentence that starts lower-case is not cut off ("… ingår i …").
    assert rows.loc["1.7", "next_plan"] == "merged"


@pytest.mark.realdata
def test_a_value_outside_the_plausible_range_is_flagged_and_kept(indicators, catalogue):
    stangebro = indicators[(indicators["indicator"] == "ekonomiskt_bistand") & (indicators["geo_code"] == "Stångebro")]
    assert stangebro[["year", "value", "implausible"]].values.tolist() == [[2021, 60.8, True]]
    assert catalogue.loc["ekonomiskt_bistand", ["plausible_low", "plausible_high"]].tolist() == [0, 30]
    others = indicators[(indicators["indicator"] == "ekonomiskt_bistand") & (indicators["geo_code"] != "Stångebro")]
    assert not others["implausible"].any() and indicators["implausible"].sum() == 1
    flagged = analysis.implausible_rows(indicators, catalogue.reset_index(drop=True))
    assert flagged[["geo_code", "value", "plausible_high"]].values.tolist() == [["Stångebro", 60.8, 30.0]]


@pytest.mark.realdata
def test_a_table_flagged_under_another_range_fails_to_load(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    build_indicators(data_dir)
    path = paths.catalogue_path(data_dir)
    path.write_text(path.read_text(encoding="utf-8").replace("plausible: [0, 30]", "plausible: [0, 70]"), "utf-8")
    with pytest.raises(DataValidationError, match="implausible must be true exactly outside .* \\(rebuild\\?\\)"):
        load_indicators(data_dir)


def test_unemployment_is_a_share_of_the_labour_force(catalogue):
    entry = catalogue.loc["arbetsloshet"]
    assert "andel av arbetskraften" in entry["definition"] and "share of the labour force" in entry["definition_en"]


@pytest.mark.realdata
def test_the_rental_share_names_every_table_it_comes_from(catalogue, indicators):
    tables = catalogue.loc["hyresratt", "source_table"]
    for named in ("TAB6638", "000006OC", "Mumbokatten", "kommunserie"):
        assert named in tables
    files = indicators.loc[indicators["indicator"] == "hyresratt", "source_ref"].astype(str).str.split("/").str[0]
    assert set(files) == {"mumbokatten", "jkawalerowicz", "transcribed"}


@pytest.mark.realdata
def test_a_break_elsewhere_does_not_block_a_change_within_one_scb_series(indicators, catalogue):
    """Linköping's employment 20–64 (SCB BAS) 2021 → 2024: 77.6 → 78.7.

    Segregationsbarometern's change of age band in 2022 is no break of SCB's series.
    """
    change = analysis.indicator_change(indicators, catalogue.reset_index(drop=True), 2021)
    row = change[(change["indicator"] == "sysselsattning") & (change["geo_code"] == "0580")].iloc[0]
    assert (row["comparable"], row["value_base"], row["value_latest"]) == ("yes", 77.6, 78.7)
    assert row["change"] == pytest.approx(1.1)
    assert [rule.year for rule in catalogue.loc["sysselsattning", "break_rules"]] == [2019]


def _fictional_change(rows, rules, baseline_year=2014, decimals=1):
    table = fictional.indicators().head(0)
    frame = pd.DataFrame(rows, columns=["geo_kind", "geo_code", "geo_name", "district", "year", "value", "source"])
    frame = frame.assign(indicator="x", unit="%", source_ref="fiktiv", derived=False, note=None, implausible=False)
    frame = pd.concat([table, frame[table.columns]], ignore_index=True)
    catalogue = pd.DataFrame({"id": ["x"], "decimals": [decimals], "break_rules": [rules]})
    return analysis.indicator_change(frame, catalogue, baseline_year).set_index("geo_code")


def test_a_break_limited_to_some_geographies_or_publishers_blocks_only_those():
    rows = [
        ("kommun", "0580", "Linköping", None, 2014, 15.0, "SCB"),
        ("kommun", "0580", "Linköping", None, 2016, 16.0, "SCB"),
        ("regso", "0580R001", "Berga", "Berga", 2014, 30.0, "SCB"),
        ("regso", "0580R001", "Berga", "Berga", 2016, 31.0, "SCB"),
        ("riket", "00", "Sverige", None, 2014, 14.0, "Annan"),
        ("riket", "00", "Sverige", None, 2016, 14.5, "Annan"),
    ]
    by_kind = _fictional_change(rows, (SeriesBreak(2015, "fiktivt", geo_kinds=("regso", "deso")),))
    assert by_kind["comparable"].to_dict() == {"0580R001": "series_break", "0580": "yes", "00": "yes"}
    by_source = _fictional_change(rows, (SeriesBreak(2015, "fiktivt", sources=("Annan",)),))
    assert by_source["comparable"].to_dict() == {"0580R001": "yes", "0580": "yes", "00": "series_break"}


def test_no_baseline_value_is_said_as_such_not_as_a_series_break():
    rows = [("regso", "0580R001", "Berga", "Berga", 2016, 31.0, "SCB")]
    change = _fictional_change(rows, (SeriesBreak(2015, "fiktivt"),))
    assert change.loc["0580R001", "comparable"] == "no_baseline"


def test_the_change_agrees_with_the_two_rounded_values():
    rows = [
        ("regso", "0580R001", "Berga", "Berga", 2014, 77.64, "SCB"),
        ("regso", "0580R001", "Berga", "Berga", 2016, 78.08, "SCB"),
    ]
    change = _fictional_change(rows, ())
    # Printed 77.6 and 78.1: the change is +0.5, not the +0.4 that 0.44 rounds to.
    assert change.loc["0580R001", "change"] == 0.5


@pytest.mark.realdata
def test_raw_readme_gives_the_upstream_paths_exactly():
    readme = (paths.raw_dir() / "README.md").read_text(encoding="utf-8")
    for upstream in (
        "addegezon/deso_socioeconomic_index · data_in/koppling-deso2018-regso2020.csv",
        "Mumbokatten/diversity_renovation_study · data/deso_demographics/deso_foreign_born.csv",
        "deno-li/fuzzy-MCP · src/fuzzy_mcp/reference/data/deso_regso_2025.json",
        "jkawalerowicz/2022-Sweden-riots · deso_data/000006TA_20240813-153551.xlsx",
    ):
        assert upstream in readme


def test_the_gap_to_linköping_and_its_change_agree_with_the_printed_values():
    rows = [
        ("regso", "0580R001", "Berga", "Berga", 2014, 30.04, "SCB"),
        ("regso", "0580R001", "Berga", "Berga", 2016, 31.46, "SCB"),
        ("kommun", "0580", "Linköping", None, 2014, 15.06, "SCB"),
        ("kommun", "0580", "Linköping", None, 2016, 15.04, "SCB"),
    ]
    change = _fictional_change(rows, ()).reset_index()
    indicators = change.assign(indicator="x", year=2014).head(0)  # only Linköping's values are read below
    linkoping = pd.DataFrame(
        {"indicator": "x", "geo_kind": "kommun", "geo_code": "0580", "year": [2014, 2016], "value": [15.06, 15.04]}
    )
    gaps = analysis.gap_change(change, pd.concat([indicators, linkoping]), 2014).set_index("geo_code")
    # Printed: 30.0 − 15.1 = 14.9 and 31.5 − 15.0 = 16.5, so the gap grew by 1.6 (unrounded: 1.44).
    assert gaps.loc["0580R001", ["gap_base", "gap_latest", "gap_change"]].tolist() == [14.9, 16.5, 1.6]


# The audit's corrections of issue 16: each definition checked against the raw file it describes.
JKAWALEROWICZ = paths.raw_dir() / "indicators" / "jkawalerowicz"


def _export(name: str) -> list[tuple]:
    """The rows of one of SCB's 2022 DeSO exports (data/raw/indicators/jkawalerowicz/)."""
    import openpyxl

    book = openpyxl.load_workbook(JKAWALEROWICZ / name, read_only=True)
    return list(book.active.iter_rows(values_only=True))


def _deso_column(rows: list[tuple], column: int) -> dict[str, float]:
    return {r[0]: r[column] for r in rows if isinstance(r[0], str) and len(r[0]) == 9 and r[0][4] in "ABC"}


def _footnotes(rows: list[tuple]) -> str:
    return " ".join(str(c) for r in rows for c in r if isinstance(c, str) and len(c) > 40)


@pytest.mark.realdata
def test_wage_income_is_in_constant_prices_as_its_fall_in_years_of_inflation_shows(catalogue):
    raw = pd.read_csv(paths.raw_dir() / "indicators" / "mumbokatten" / "deso_income.csv")
    y2021, y2023 = raw["Medelvärde för samtliga, tkr 2021"], raw["Medelvärde för samtliga, tkr 2023"]
    assert (y2023 < y2021).mean() > 0.95  # nominal wages rose 2021–2023; only real values fall so widely
    entry = catalogue.loc["loneinkomst_medel"]
    assert entry["prices"] == "constant" and "fasta priser" in entry["definition"]


@pytest.mark.realdata
def test_economic_standard_counts_those_registered_the_whole_year_not_the_whole_population(catalogue):
    base = _deso_column(_export("000006TA_20240813-153551.xlsx"), 3)  # persons in the low-standard table
    population = _deso_column(_export("000005FB_20240813-152341.xlsx"), 4)  # population on 31 December
    assert sum(base.values()) < 0.98 * sum(population.values())  # births and arrivals of the year are not in it
    for indicator in ("lag_ekstd", "median_ekstd"):
        entry = catalogue.loc[indicator]
        assert entry["population"].startswith("folkbokförda i Sverige hela året"), indicator
        assert "hela året" in entry["definition"] and "the whole year" in entry["definition_en"], indicator


@pytest.mark.realdata
def test_both_economic_standard_indicators_note_the_revised_equivalence_scale(catalogue):
    assert "utökad ekvivalensskala" in _footnotes(_export("000006TA_20240813-153551.xlsx"))
    for indicator in ("lag_ekstd", "median_ekstd"):
        assert "ekvivalensskala" in catalogue.loc[indicator, "caveats"], indicator


@pytest.mark.realdata
def test_the_rental_share_is_defined_by_ownership_as_scb_says(catalogue):
    assert "utgår från ägarförhållandet" in _footnotes(_export("000006OC_20240813-153146.xlsx"))
    entry = catalogue.loc["hyresratt"]
    assert "vem som äger" in entry["definition"] and "who owns" in entry["definition_en"]
    assert "upplåts" not in entry["definition"]


@pytest.mark.realdata
def test_children_in_families_and_in_households_are_not_one_series(indicators, catalogue):
    """Linköping 2020 (the ESF text: 'i familjer') and 2021 (the municipality's page: 'i hushåll')."""
    rows = analysis.trend_rows(indicators, "barn_lag_ekstd")
    linkoping = rows[rows["geo_kind"] == "kommun"]
    assert linkoping["note"].str.contains("familjer").tolist() == [True, False]
    assert analysis.place_break_years(linkoping, catalogue.loc["barn_lag_ekstd", "break_rules"]) == [2021]


@pytest.mark.realdata
def test_the_districts_deso_values_of_series_without_district_values_are_named(indicators):
    from segstats.reports import indicator_pages

    series = indicator_catalogue().query("not plan")
    names = [series.set_index("id").loc[i, "name_sv"] for i in ("eftergymnasial_25_64", "sysselsattning_16_64")]
    found = indicator_pages.deso_only(indicators, series, names, "sv")
    assert found == dict.fromkeys(names, (14, "2022"))  # not "no values for the districts"


@pytest.mark.realdata
def test_a_news_page_is_cited_as_where_a_figure_was_found_never_as_its_producer(indicators):
    from segstats.reports import citations

    cited = citations.producers(indicators, indicator_catalogue())
    producers = [c.split(" (")[0] for c in cited]
    assert not {"Linköpings-Posten", "SVT", "Newsworthy", "ESF-rådets projektbank"} & set(producers)
    assert "Arbetsförmedlingen (hämtat ur Linköpings-Posten och Linköpings kommun)" in cited
