"""Linköping among the municipalities, as a reader gets it: the chart, its alt text, the table (fictional values)."""

import pandas as pd
from matplotlib.collections import PathCollection

from segstats.reports import whole_city

# Fictional: two indices and one share; Linköping (0580) and three other municipalities.
CATALOGUE = pd.DataFrame(
    {
        "id": ["diss_x", "isol_x", "andel_y"],
        "name_sv": ["Segregationsindex X", "Isoleringsindex X", "Andel Y"],
        "name_en": ["Dissimilarity X", "Isolation X", "Share Y"],
        "unit": ["index", "index", "%"],
        "decimals": [2, 2, 1],
    }
)
PLACEMENT = pd.DataFrame(
    [
        ("diss_x", 0.3676, 11, 290, 0.2249, 3, 23, 0.3384),
        ("andel_y", 15.97, 89, 290, 7.12, 12, 23, 15.97),
    ],
    columns=["indicator", "value", "rank", "n", "median", "rank_similar", "n_similar", "median_similar"],
)


def _values() -> pd.DataFrame:
    rows = [
        ("diss_x", "0580", "Linköping", 0.30, True, True, 2),
        ("diss_x", "0001", "A", 0.50, False, False, 1),
        ("diss_x", "0002", "B", 0.20, True, False, 3),
        ("isol_x", "0580", "Linköping", 0.10, True, True, 3),
        ("isol_x", "0001", "A", 0.40, False, False, 1),
        ("isol_x", "0003", "C", 0.20, False, False, 2),
    ]
    return pd.DataFrame(rows, columns=["indicator", "geo_code", "geo_name", "value", "similar", "own", "rank"])


def test_the_chart_draws_every_municipality_those_of_similar_size_and_linkoping():
    ax = whole_city.municipality_strips(
        _values(), names={"diss_x": "Segregationsindex X", "isol_x": "Isoleringsindex X"}
    )
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [len(c.get_offsets()) for c in dots] == [6, 3, 1, 1]  # all; similar size, Linköping too; Linköping per row
    assert [t.get_text() for t in ax.texts] == ["0,30 (plats 2 av 3)", "0,10 (plats 3 av 3)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Segregationsindex X", "Isoleringsindex X"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Alla kommuner",
        "Kommuner av liknande storlek",
        "Linköping",
    ]


def test_the_alt_text_and_table_write_an_index_bare_and_a_share_with_its_unit():
    alt = whole_city.placement_alt(PLACEMENT, CATALOGUE, year=2022)
    assert alt.startswith("Linköping bland Sveriges kommuner, ett värde per kommun och index (2022).")
    assert "Segregationsindex X: Linköping 0,37, plats 11 av 290 kommuner (median 0,22), plats 3 av 23" in alt
    assert "Andel Y: Linköping 16,0\xa0%, plats 89 av 290" in alt
    table = whole_city.placement_table(PLACEMENT, CATALOGUE, "en")
    assert table.columns[0] == "Measure" and table.iloc[0, 1:3].tolist() == ["0.37", "11 of 290"]
    assert table.iloc[1, 1] == "16.0%"


def test_the_rule_for_similar_size_is_stated_with_its_numbers():
    geographies = pd.DataFrame(
        {
            "geo_kind": "deso",
            "geo_code": [f"0580C{i:04d}" for i in range(94)],
            "kommun_code": "0580",
            "note": "DeSO 2018",
        }
    )
    assert "(94 i 2018 års indelning), alltså 47–188 DeSO" in whole_city.similar_rule(geographies)
