"""The districts' DeSOs among all DeSOs of RegSOs of the same områdestyp: count, rank, median."""

import pandas as pd
import pytest

from segstats import indicator_catalogue, load_geographies
from segstats.indicators import analysis


def _frame(rows):
    columns = ["indicator", "geo_kind", "geo_code", "district", "year", "value"]
    return pd.DataFrame(rows, columns=columns)


def test_a_district_deso_is_ranked_among_the_deso_of_its_regsos_type():
    """FICTIONAL: RegSOs A (type 1, a district's) and B (type 1) and C (type 2); five DeSOs."""
    indicators = _frame(
        [
            ("omradestyp", "regso", "9990R001", "Ryd", 2022, 1.0),
            ("omradestyp", "regso", "9990R002", None, 2022, 1.0),
            ("omradestyp", "regso", "9990R003", None, 2022, 2.0),
            ("omradestyp", "regso", "9990R003", None, 2021, 1.0),  # an older classification: not used
            ("lag_ekstd", "deso", "9990C0001", "Ryd", 2022, 40.0),
            ("lag_ekstd", "deso", "9990C0002", "Ryd", 2022, 10.0),
            ("lag_ekstd", "deso", "9990C0003", None, 2022, 30.0),
            ("lag_ekstd", "deso", "9990C0004", None, 2022, 50.0),
            ("lag_ekstd", "deso", "9990C0005", None, 2022, 90.0),  # type 2: not a peer
            ("lag_ekstd", "deso", "9990C0001", "Ryd", 2024, 99.0),  # another year: not compared
        ]
    )
    geographies = pd.DataFrame(
        {
            "geo_kind": "deso",
            "geo_code": [f"9990C000{i}" for i in range(1, 6)],
            "regso_code": ["9990R001", "9990R001", "9990R002", "9990R002", "9990R003"],
        }
    )
    peers = analysis.deso_peers(indicators, geographies, "lag_ekstd", 2022)
    assert peers.groupby("area_type").size().to_dict() == {1: 4, 2: 1}
    position = analysis.deso_peer_position(peers).set_index("geo_code")
    assert position.loc["9990C0001", ["n", "rank", "median"]].tolist() == [4, 2, 35.0]
    assert position.loc["9990C0002", ["n", "rank", "share_below"]].tolist() == [4, 4, 0.0]
    assert (position["area_type_year"] == 2022).all() and (position["year"] == 2022).all()


def test_without_area_types_or_values_the_comparison_is_empty():
    empty = analysis.deso_peers(_frame([]), pd.DataFrame(columns=["geo_kind", "geo_code", "regso_code"]), "x", 2022)
    assert empty.empty and analysis.deso_peer_position(empty).empty


@pytest.mark.realdata
def test_the_districts_deso_on_low_economic_standard_2022(indicators):
    peers = analysis.deso_peers(indicators, load_geographies(), "lag_ekstd", 2022)
    assert len(peers) == 5984  # every DeSO of Sweden lies in a RegSO with a type
    position = analysis.deso_peer_position(peers).set_index("geo_code")
    assert len(position) == 14
    assert position.groupby("district", observed=True)["area_type"].unique().map(list).to_dict() == {
        "Berga": [2],
        "Ryd": [2],
        "Skäggetorp": [1],
    }
    # Ryd's student DeSO C1460 (77 %) is second highest of the 467 DeSOs in type-2 RegSOs.
    assert position.loc["0580C1460", ["value", "n", "rank"]].tolist() == [77.0, 467, 2]
    type_1 = peers[peers["area_type"] == 1]["value"]
    assert position.loc["0580C1660", "median"] == pytest.approx(type_1.median())


@pytest.mark.realdata
def test_the_districts_deso_change_from_2022_to_2024_on_low_economic_standard(indicators):
    from segstats import indicator_catalogue

    change = analysis.deso_change(indicators, indicator_catalogue(), "lag_ekstd", 2022, 2024).set_index("geo_code")
    assert len(change) == 14 and (change["comparable"] == "yes").all()
    # SCB: Skäggetorp's 0580C1610 51 % (2022) → 42 % (2024); Ryd's 0580C1460 77 → 72.
    assert change.loc["0580C1610", ["district", "value_start", "value_end", "change"]].tolist() == [
        "Skäggetorp",
        51.0,
        42.0,
        -9.0,
    ]
    assert change.loc["0580C1460", "change"] == -5.0
    assert list(change["district"].unique()) == ["Berga", "Ryd", "Skäggetorp"]


@pytest.mark.realdata
def test_the_deso_comparison_table_of_the_indicators_report_keeps_numbers_as_numbers(indicators):
    from segstats.reports import indicator_pages, tidy

    position = analysis.deso_peer_position(analysis.deso_peers(indicators, load_geographies(), "lag_ekstd", 2022))
    entry = indicator_catalogue().set_index("id").loc["lag_ekstd"]
    table = indicator_pages.deso_peer_table(tidy.deso_peer_values(position, entry, "en"), "en")
    assert len(table) == 14 and table.columns[:3].tolist() == ["District", "DeSO", table.columns[2]]
    ryd = table[table["DeSO"] == "0580C1460"].iloc[0].tolist()
    assert ryd == ["Ryd", "0580C1460", 2, 77, 26, 2, 467]
