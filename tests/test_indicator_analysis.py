"""Pure functions on the indicator table: coverage and the comparison with areas of the same områdestyp."""

import math

import pandas as pd
import pytest

from segstats.indicator_analysis import coverage, omradestyp_comparison


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


def test_districts_against_their_omradestyp_in_sweden(indicators):
    table = omradestyp_comparison(indicators, "utrikes_fodda", 2023)
    skaggetorp = table.loc["Skäggetorp"]
    assert (skaggetorp["geo_code"], skaggetorp["omradestyp"], skaggetorp["omradestyp_year"]) == ("0580R018", 1, 2023)
    assert skaggetorp["peers"] == 162  # every RegSO of type 1 in Sweden, 2023
    assert skaggetorp["value"] == pytest.approx(61.97)
    assert skaggetorp["peer_p25"] < skaggetorp["peer_median"] < skaggetorp["peer_p75"]
    assert table.loc["Berga", "omradestyp"] == table.loc["Ryd", "omradestyp"] == 2


def test_the_classification_year_is_the_latest_up_to_the_value_year():
    rows = _rows(
        ("omradestyp", "regso", "R1", "Berga", 2022, 1.0),
        ("omradestyp", "regso", "R2", None, 2022, 1.0),
        ("omradestyp", "regso", "R3", None, 2022, 2.0),
        ("omradestyp", "regso", "R1", "Berga", 2023, 2.0),
        ("omradestyp", "regso", "R3", None, 2023, 2.0),
        ("x", "regso", "R1", "Berga", 2020, 10.0),
        ("x", "regso", "R2", None, 2020, 20.0),
        ("x", "regso", "R3", None, 2020, 30.0),
        ("x", "regso", "R1", "Berga", 2023, 10.0),
        ("x", "regso", "R3", None, 2023, 5.0),
    )
    early = omradestyp_comparison(rows, "x", 2020).loc["Berga"]
    assert (early["omradestyp"], early["omradestyp_year"], early["peers"]) == (1, 2022, 2)  # none before 2020
    assert early["peers_below"] == 0
    late = omradestyp_comparison(rows, "x", 2023).loc["Berga"]
    assert (late["omradestyp"], late["omradestyp_year"], late["peers"], late["peers_below"]) == (2, 2023, 2, 50)
    assert math.isnan(omradestyp_comparison(rows, "x", 2023).loc["Ryd", "value"])
