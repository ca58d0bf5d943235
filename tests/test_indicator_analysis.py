"""Pure functions on the indicator table: coverage and the comparison with areas of the same områdestyp."""

import pandas as pd

from segstats.indicators import analysis as indicator_analysis
from segstats.indicators.analysis import coverage

from . import fictional_indicators as fictional


def _rows(*rows):
    """Fictional indicator rows: (indicator, geo_kind, geo_code, district, year, value)."""
    columns = ["indicator", "geo_kind", "geo_code", "district", "year", "value"]
    table = pd.DataFrame(rows, columns=columns).assign(geo_name=lambda d: d["geo_code"])
    return table.astype({"geo_kind": "category", "district": "category"})


def test_coverage_marks_each_geography_and_every_gap():
    table = coverage(
        _rows(
            ("a", "regso", "R1", "Berga", 2020, 1.0),
            ("a", "deso", "D1", "Berga", 2020, 1.0),
            ("a", "stadsdel", "Berga", "Berga", 2022, 1.0),
            ("a", "regso", "R2", "Ryd", 2022, float("nan")),  # missing: not coverage
            ("a", "kommun", "0580", None, 2021, 1.0),
            ("a", "regso", "R9", None, 2021, 1.0),  # outside the districts
        ),
        ["a", "b"],
    )
    assert list(table.columns) == [2020, 2021, 2022]
    assert table.loc[("Berga", "a")].tolist() == ["RD", "-", "S"]
    assert table.loc[("Ryd", "a")].tolist() == ["-", "-", "-"]
    assert table.loc[("Linköping", "a")].tolist() == ["-", "K", "-"]
    assert table.loc[("Skäggetorp", "b")].tolist() == ["-", "-", "-"]


def test_gap_to_linkoping_changes_only_where_both_years_and_linkoping_have_values():
    indicators = fictional.indicators()
    change = indicator_analysis.indicator_change(indicators, fictional.catalogue(), 2021)
    gaps = indicator_analysis.gap_change(change, indicators, 2021).set_index(["indicator", "geo_name"])
    berga = gaps.loc[("lag_ek_standard", "Berga")]  # 32 vs Linköping 15 in 2021, 34 vs 15 in 2023
    assert (berga["gap_base"], berga["gap_latest"], berga["gap_change"]) == (17, 19, 2)
    assert gaps.loc[("lag_ek_standard", "Ryd"), "comparable"] == "no_baseline"
    assert pd.isna(gaps.loc[("lag_ek_standard", "Ryd"), "gap_change"])
    assert gaps.loc[("lag_ek_standard", "Ryd"), "gap_latest"] == 29
    assert set(gaps["geo_kind"]) <= {"regso", "stadsdel", "valdistrikt"}  # district places only
    # Linköping without a value in 2023: the gap cannot change, and the reason is said
    gone = (indicators["geo_code"] == "0580") & (indicators["year"] == 2023)
    without = indicators.assign(value=indicators["value"].mask(gone))
    gaps = indicator_analysis.gap_change(change, without, 2021).set_index(["indicator", "geo_name"])
    assert gaps.loc[("lag_ek_standard", "Berga"), "comparable"] == "no_linkoping"
    assert pd.isna(gaps.loc[("lag_ek_standard", "Berga"), "gap_change"])
