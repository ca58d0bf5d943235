"""Maps on fictional polygons: a value only on its own code, a changed division grey, the key and alt text say so."""

import geopandas as gpd
import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PatchCollection

from segstats.errors import SegstatsError
from segstats.reports import maps
from segstats.reports.maps import CHANGED, MISSING, Classes, deso_map, deso_map_alt, equal_classes, match_values

from . import fictional_indicators as fictional

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def layer() -> gpd.GeoDataFrame:
    """Fictional: RegSO 0580R001 (Berga's code) with one DeSO; 0580R002 with three, two of them split in 2025."""
    return fictional.boundaries()


def _values(year: int = 2022) -> pd.DataFrame:
    """Fictional values on the 2018 division: 0580C0020 was split (no polygon); 0580C0021 is a new code."""
    codes = {"0580C0010": 12.0, "0580C0020": 30.0, "0580C0021": 99.0, "0114A0010": 50.0}
    return pd.DataFrame(
        {"geo_kind": "deso", "geo_code": list(codes), "year": year, "value": list(codes.values()), "source": "SCB"}
    )


def test_a_value_is_drawn_only_on_its_own_code_and_a_changed_code_stays_grey(layer):
    states = match_values(_values(), layer).set_index("geo_code")[["state", "value"]]
    assert states["state"].to_dict() == {
        "0580C0010": "value",
        "0580C0021": "changed",  # a value of that code on the 2018 division is never put on it
        "0580C0022": "changed",
        "0580C0030": "missing",
    }
    assert states.loc["0580C0010", "value"] == 12 and states["value"].drop("0580C0010").isna().all()
    # The split area's 2018 value has no polygon: named, not drawn, not spread over its parts.
    assert maps.unmatched(_values(), layer)["geo_code"].tolist() == ["0580C0020", "0580C0021"]


def test_values_on_the_2025_division_go_on_the_new_codes(layer):
    states = match_values(_values(2024), layer).set_index("geo_code")
    assert states.loc["0580C0021", ["state", "value"]].tolist() == ["value", 99.0]
    assert states.loc["0580C0022", "state"] == "missing"


def test_a_map_shows_one_year_and_a_known_district(layer):
    with pytest.raises(SegstatsError, match="a map shows one year; the values have 2022, 2024"):
        match_values(pd.concat([_values(), _values(2024)]), layer)
    with pytest.raises(SegstatsError, match="district must be one of Berga, Ryd, Skäggetorp, not 'Lambohov'"):
        deso_map(_values(), layer, district="Lambohov")


def test_equal_classes_and_their_key():
    classes = equal_classes(pd.Series([2.0, 77.0]))
    assert classes.edges == (0.0, 15.0, 30.0, 45.0, 60.0, 75.0, 90.0)
    assert classes.labels("%", 0)[:2] == ["0–15\xa0%", "15–30\xa0%"] and classes.labels("%", 0, "en")[0] == "0–15%"
    assert classes.of(pd.Series([0.0, 14.9, 15.0, 90.0])).tolist() == [0, 0, 1, 5]  # an edge: the class above
    assert Classes((0.3, 0.35, 0.4)).labels(None, 2, "en") == ["0.30–0.35", "0.35–0.40"]
    with pytest.raises(SegstatsError, match="no values to draw"):
        equal_classes(pd.Series([np.nan]))


def _facecolours(ax) -> list[tuple]:
    return [tuple(c) for coll in ax.collections if isinstance(coll, PatchCollection) for c in coll.get_facecolors()]


def test_the_town_map_colours_grey_and_hatches_and_names_each_in_its_key(layer):
    ax = deso_map(_values(), layer, unit="%")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "0–15\xa0%"  # one class: the one value drawn, 12
    assert {"Indelningen ändrad 2025", "Uppgift saknas", "Planens område (RegSO)", "RegSO-gräns"} <= set(labels)
    faces = _facecolours(ax)
    assert mcolors.to_rgba(CHANGED["facecolor"]) in faces  # the split DeSOs, grey
    assert mcolors.to_rgba(MISSING["facecolor"]) in faces
    hatches = {coll.get_hatch() for coll in ax.collections if isinstance(coll, PatchCollection)}
    assert {CHANGED["hatch"], MISSING["hatch"]} <= hatches
    assert "Berga" in [t.get_text() for t in ax.texts]  # the district named on the map
    assert len(ax.child_axes) == 1  # the inset of the whole municipality


@pytest.mark.parametrize("district", [None, "Berga"])
def test_no_name_on_a_map_is_cut_at_its_edge(layer, district):
    # FICTIONAL: a RegSO with a long name reaching far beyond the map's view
    wide = gpd.GeoDataFrame(
        [
            {
                "geo_kind": "regso",
                "geo_code": "0580R003",
                "geo_name": "Ett mycket långt fiktivt omland",
                "district": None,
            }
        ],
        geometry=[fictional._box(0.005, 0.5)],
        crs=layer.crs,
    )
    ax = deso_map(_values(), pd.concat([layer, wide], ignore_index=True), unit="%", district=district)
    frame = ax.get_window_extent()
    for text in ax.texts:
        box = text.get_window_extent()
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, text


def test_the_district_map_labels_its_desos_and_lists_their_values_in_the_key(layer):
    ax = deso_map(_values(), layer, unit="%", district="Berga", lang="en")
    assert [t.get_text() for t in ax.texts] == ["C0010", "Annat"]  # its DeSO's code; a RegSO around it named
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Berga's DeSOs:" in labels and "C0010: 12%" in labels and "Division changed in 2025" in labels
    assert not ax.child_axes


def test_the_alt_text_names_the_extremes_the_districts_desos_and_the_grey_areas(layer):
    values = _values()
    values.loc[len(values)] = ["deso", "0580C0030", 2022, 4.0, "SCB"]  # now every unchanged code has a value
    text = deso_map_alt(values, layer, name="Låg ekonomisk standard", unit="%")
    assert text.startswith("Karta över Linköpings centralort: Låg ekonomisk standard 2022 per DeSO, 2 DeSO med värde")
    assert "Högst i Linköping: 0580C0010 12\xa0%; lägst: 0580C0030 4\xa0%." in text
    assert "Berga: 0580C0010 12\xa0% (plats 1 av 2)." in text
    assert "0580C0021 och 0580C0022 är grå" in text and "(0580C0020 30\xa0% och 0580C0021 99\xa0%)" in text
    assert "Uppgift saknas" not in text
    assert maps.source_line(values).startswith("Källa: SCB; gränser: SCB (DeSO 2025), förenklade av am-dashboard-se")
