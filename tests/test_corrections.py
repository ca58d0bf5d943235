"""The audit's corrections (issue 12), each tested against what was wrong before."""

import pandas as pd
import pytest

from segstats import build_indicators, indicator_catalogue, load_indicators, paths
from segstats.errors import DataValidationError
from segstats.indicators import analysis
from segstats.indicators.catalogue import SeriesBreak

from . import fictional_indicators as fictional
from .conftest import copy_raw_data


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


def test_the_comment_of_measures_3_6_and_2_11_is_the_status_comment(measures_2021):
    rows = measures_2021.set_index("measure_id")
    assert rows.loc["3.6", "status_comment"] == "Prioriterad åtgärd enligt KOF"
    assert rows.loc["3.6", "next_plan_text"] == "Vidareutvecklad åtgärd 2022."
    assert rows.loc["2.11", "status_comment"].startswith("Ej genomförd på grund av att det inte fanns intresse")
    assert rows.loc["2.11", "next_plan_text"] == "Finns ej med i åtgärdsplan 2022."
    # A phrase inside a sentence that starts lower-case is not cut off ("… ingår i …").
    assert rows.loc["1.7", "next_plan"] == "merged"


def test_a_value_outside_the_plausible_range_is_flagged_and_kept(indicators, catalogue):
    stangebro = indicators[(indicators["indicator"] == "ekonomiskt_bistand") & (indicators["geo_code"] == "Stångebro")]
    assert stangebro[["year", "value", "implausible"]].values.tolist() == [[2021, 60.8, True]]
    assert catalogue.loc["ekonomiskt_bistand", ["plausible_low", "plausible_high"]].tolist() == [0, 30]
    others = indicators[(indicators["indicator"] == "ekonomiskt_bistand") & (indicators["geo_code"] != "Stångebro")]
    assert not others["implausible"].any() and indicators["implausible"].sum() == 1
    flagged = analysis.implausible_rows(indicators, catalogue.reset_index(drop=True))
    assert flagged[["geo_code", "value", "plausible_high"]].values.tolist() == [["Stångebro", 60.8, 30.0]]


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


def test_the_rental_share_names_every_table_it_comes_from(catalogue, indicators):
    tables = catalogue.loc["hyresratt", "source_table"]
    for named in ("TAB6638", "000006OC", "Mumbokatten", "kommunserie"):
        assert named in tables
    files = indicators.loc[indicators["indicator"] == "hyresratt", "source_ref"].astype(str).str.split("/").str[0]
    assert set(files) == {"mumbokatten", "jkawalerowicz", "transcribed"}


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
