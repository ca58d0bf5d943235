"""Segregation across whole municipalities: the indices by hand, against PySAL's segregation, and Linköping's 2022."""

import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from segstats import paths
from segstats.errors import SourceFormatError
from segstats.indicators import geo, segregation
from segstats.indicators.segregation import area_type_share, by_municipality, dissimilarity, isolation
from segstats.indicators.sources import jkawalerowicz, mumbokatten
from segstats.indicators.sources.common import Source

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

REFERENCE = Path(__file__).parent / "fixtures" / "segregation" / "reference.json"
EXPORTS = paths.indicators_raw_dir() / "jkawalerowicz"
PAIRS = {  # indicator ids of each pair of groups, as in sources/jkawalerowicz.yaml
    "utrikes_fodda": ("diss_utrikes_fodda", "isol_utrikes_fodda"),
    "sysselsatta_16_64": ("diss_sysselsatta_16_64", "isol_ej_sysselsatta_16_64"),
    "forgymnasial_25_64": ("diss_forgymnasial_25_64", "isol_forgymnasial_25_64"),
}

# Fictional DeSOs, worked out by hand.
#   g = 10, 20, 70 (G = 100); o = 90, 80, 30 (O = 200)
#   D = ½ (|.10 − .45| + |.20 − .40| + |.70 − .15|) = ½ (.35 + .20 + .55) = .55
#   xPx = .10 · 10/100 + .20 · 20/100 + .70 · 70/100 = .01 + .04 + .49 = .54
THREE = ([10, 20, 70], [90, 80, 30])


def test_dissimilarity_and_isolation_of_three_fictional_desos():
    assert dissimilarity(*THREE) == pytest.approx(0.55)
    assert isolation(*THREE) == pytest.approx(0.54)


def test_the_indices_at_their_bounds_and_where_undefined():
    # Alike: every area holds both groups in the same proportion; D = 0 and xPx = the group's share (1/3).
    assert dissimilarity([1, 2, 3], [2, 4, 6]) == 0 and isolation([1, 2, 3], [2, 4, 6]) == pytest.approx(1 / 3)
    # Apart: no area holds both.
    assert dissimilarity([5, 0], [0, 7]) == 1 and isolation([5, 0], [0, 7]) == 1
    # An area without residents adds nothing: g = 0, 5; o = 0, 5 → xPx = 1 · 5/10.
    assert isolation([0, 5], [0, 5]) == 0.5 and dissimilarity([0, 5], [0, 5]) == 0
    # A group with no one: undefined, never 0.
    assert math.isnan(dissimilarity([0, 0], [3, 4])) and math.isnan(isolation([0, 0], [3, 4]))


def test_by_municipality_computes_each_over_its_own_desos():
    codes = ["A1", "A2", "A3", "B1", "B2"]
    group = pd.Series([10, 20, 70, 4, 6], index=codes)
    other = pd.Series([90, 80, 30, 6, 4], index=codes)
    kommun = pd.Series(["A", "A", "A", "B", "B"], index=codes)
    table = by_municipality(group, other, kommun)
    # B: g = 4, 6 (G = 10), o = 6, 4 (O = 10): D = ½ (.2 + .2) = .2; xPx = .4 · .4 + .6 · .6 = .52.
    assert table.loc["A", ["dissimilarity", "isolation"]].tolist() == pytest.approx([0.55, 0.54])
    assert table.loc["B", ["dissimilarity", "isolation"]].tolist() == pytest.approx([0.2, 0.52])
    assert table["areas"].tolist() == [3, 2] and table.loc["B", ["group", "other"]].tolist() == [10, 10]


def test_the_share_in_areas_of_type_1_and_2():
    population = pd.Series({"R1": 300, "R2": 200, "R3": 500, "R4": 100})
    area_type = pd.Series({"R1": 1, "R2": 2, "R3": 5})  # R4 has no type: in the whole, never in the part
    kommun = pd.Series({"R1": "K", "R2": "K", "R3": "K", "R4": "L"})
    shares = area_type_share(population, area_type, kommun)
    assert shares.to_dict() == {"K": 50.0, "L": 0.0}  # K: (300 + 200) / 1 000


def test_a_negative_group_is_an_error_naming_the_deso():
    table = pd.DataFrame(
        {"antal totalt": [5.0, 10.0], "antal sysselsatta": [7.0, 3.0]}, index=["0580C1010", "0580C1020"]
    )
    pair = {"group": "antal totalt - antal sysselsatta", "other": "antal sysselsatta"} | {
        "dissimilarity": "d",
        "isolation": "i",
    }
    key = geo.RegsoKey(pd.DataFrame(), pd.DataFrame({"deso_code": [], "kommun_code": [], "version": []}))
    with pytest.raises(SourceFormatError, match="x.xlsx: DeSO 0580C1010: a group counts fewer than 0"):
        jkawalerowicz._segregation(table, pair, Source("x", "SCB", 1, jkawalerowicz.read_deso_export), "x.xlsx", key)


def _reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.mark.realdata
def test_every_municipalitys_indices_are_pysal_segregations(indicators):
    """The built values against PySAL segregation's Dissim and Isolation on the same counts (recorded)."""
    reference = _reference()["values"]
    for pair, (diss, isol) in PAIRS.items():
        for indicator, kind in ((diss, "dissimilarity"), (isol, "isolation")):
            rows = indicators[(indicators["indicator"] == indicator) & (indicators["geo_kind"] == "kommun")]
            built = rows.set_index(rows["geo_code"].astype(str))["value"]
            expected = pd.Series({k: v[kind] for k, v in reference[pair].items()})
            assert len(built) == len(expected) == 290, indicator
            assert np.allclose(built.sort_index(), expected.sort_index(), rtol=0, atol=5e-5), indicator


@pytest.mark.realdata
def test_pysal_segregation_itself_gives_the_recorded_values():
    """Checks the recording where PySAL's package is installed (no dependency: it weighs some 700 MB)."""
    singlegroup = pytest.importorskip(
        "segregation.singlegroup", reason="PySAL segregation not installed; the recorded values are checked instead"
    )
    group, other = _linkoping_counts("000005FB_20240813-152341.xlsx", [2, 3], [1])
    frame = pd.DataFrame({"group": group, "total": group + other})
    recorded = _reference()["values"]["utrikes_fodda"][geo.KOMMUN_CODE]
    assert singlegroup.Dissim(frame, "group", "total").statistic == pytest.approx(recorded["dissimilarity"])
    assert singlegroup.Isolation(frame, "group", "total").statistic == pytest.approx(recorded["isolation"])


def _linkoping_counts(name: str, group_columns: list[int], other_columns: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Linköping's DeSO rows of an export, read cell by cell (openpyxl, not segstats' reader): group and other."""
    sheet = openpyxl.load_workbook(EXPORTS / name, read_only=True).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if str(r[0]).startswith(geo.KOMMUN_CODE) and len(r) > 2]
    assert len(rows) == 94  # Linköping's DeSOs of 2018
    group = np.array([sum(r[c] for c in group_columns) for r in rows], dtype=float)
    other = np.array([sum(r[c] for c in other_columns) for r in rows], dtype=float)
    return group, other


def _by_hand(group: np.ndarray, other: np.ndarray) -> tuple[float, float]:
    """D and xPx written out a second time, for the check against the built values."""
    d = 0.5 * sum(abs(g / group.sum() - o / other.sum()) for g, o in zip(group, other, strict=True))
    x = sum((g / group.sum()) * (g / (g + o)) for g, o in zip(group, other, strict=True) if g + o)
    return d, x


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("pair", "name", "group_columns", "other_columns"),
    [
        ("utrikes_fodda", "000005FB_20240813-152341.xlsx", [2, 3], [1]),
        ("forgymnasial_25_64", "000005MO_20240813-151714.xlsx", [1], [2, 3, 4]),
        ("sysselsatta_16_64", "000007A8_20240813-151334.xlsx", [5], [1]),
    ],
)
def test_linkopings_2022_indices_recomputed_from_the_raw_counts(indicators, pair, name, group_columns, other_columns):
    group, other = _linkoping_counts(name, group_columns, other_columns)
    if pair == "sysselsatta_16_64":
        group = group - other  # not employed = SCB's total − the employed
    expected = _by_hand(group, other)
    for indicator, value in zip(PAIRS[pair], expected, strict=True):
        row = indicators[(indicators["indicator"] == indicator) & (indicators["geo_code"] == geo.KOMMUN_CODE)]
        assert len(row) == 1 and row["year"].iloc[0] == 2022 and bool(row["derived"].iloc[0])
        assert row["value"].iloc[0] == round(value, segregation.DECIMALS), indicator
        assert "over the kommun's 94 DeSOs" in str(row["note"].iloc[0])


@pytest.mark.realdata
def test_linkopings_2022_values_are_those_the_documentation_quotes(indicators):
    linkoping = indicators[(indicators["geo_code"] == geo.KOMMUN_CODE) & (indicators["year"] == 2022)]
    values = linkoping.set_index(linkoping["indicator"].astype(str))["value"]
    assert values["diss_utrikes_fodda"] == 0.3676 and values["isol_utrikes_fodda"] == 0.3148
    assert values["diss_sysselsatta_16_64"] == 0.2690 and values["diss_forgymnasial_25_64"] == 0.3002
    assert values["andel_omradestyp_1_2"] == 15.97


@pytest.mark.realdata
def test_the_area_type_share_sums_the_regsos_of_each_municipality(indicators):
    rows = indicators[indicators["indicator"] == "andel_omradestyp_1_2"]
    assert set(rows["year"]) == {2022, 2023}
    assert (rows["geo_kind"] == "kommun").sum() == 2 * 290 and (rows["geo_kind"] == "riket").sum() == 2
    # Linköping 2022 once more: its RegSOs' residents, those in RegSOs of type 1–2 over all.
    key = geo.read_key(paths.indicators_raw_dir())
    residents = mumbokatten.regso_population(paths.indicators_raw_dir() / mumbokatten.BIRTH_REGION_FILE, key)
    residents = residents.xs(2022, level="year")
    types = indicators[(indicators["indicator"] == "omradestyp") & (indicators["year"] == 2022)]
    types = types.set_index(types["geo_code"].astype(str))["value"]
    ours = [c for c in residents.index if c.startswith("0580R")]
    challenged = [c for c in ours if types[c] <= 2]
    assert {"0580R001", "0580R017", "0580R018"} <= set(challenged)
    share = 100 * residents[challenged].sum() / residents[ours].sum()
    row = rows[(rows["geo_code"] == geo.KOMMUN_CODE) & (rows["year"] == 2022)]
    assert row["value"].iloc[0] == round(share, 2) == 15.97


def _fictional_municipalities():
    """Fictional: Linköping (10 DeSOs) and four others with 4, 5, 20 and 21 DeSOs (similar: 5–20)."""
    desos = {"0580": 10, "0001": 4, "0002": 5, "0003": 20, "0004": 21}
    geographies = pd.DataFrame(
        [("deso", f"{k}C{i:04d}", k, "DeSO 2018") for k, n in desos.items() for i in range(n)]
        + [("deso", "0580C9991", "0580", "DeSO 2025")],  # a 2025 code does not count
        columns=["geo_kind", "geo_code", "kommun_code", "note"],
    )
    values = {"0580": 0.30, "0001": 0.50, "0002": 0.30, "0003": 0.40, "0004": 0.10}
    indicators = pd.DataFrame(
        {
            "indicator": "diss_x",
            "geo_kind": "kommun",
            "geo_code": list(values),
            "geo_name": ["Linköping", "A", "B", "C", "D"],
            "year": 2022,
            "value": list(values.values()),
        }
    )
    return indicators, geographies


def test_linkoping_is_placed_among_all_and_among_municipalities_of_similar_size():
    indicators, geographies = _fictional_municipalities()
    table = segregation.municipality_values(indicators, geographies, "diss_x", year=2022)
    assert table["geo_code"].tolist() == ["0001", "0003", "0002", "0580", "0004"]  # highest first
    assert table.set_index("geo_code")["rank"].to_dict() == {"0001": 1, "0003": 2, "0002": 3, "0580": 3, "0004": 5}
    assert sorted(table.loc[table["similar"], "geo_code"]) == ["0002", "0003", "0580"]  # 5–20 DeSOs
    placed = segregation.placement(indicators, geographies, ["diss_x", "diss_none"], year=2022)
    assert placed.to_dict("records") == [
        {
            "indicator": "diss_x",
            "value": 0.30,
            "rank": 3,
            "n": 5,
            "median": 0.30,
            "rank_similar": 2,  # after C's 0.40; B's equal 0.30 shares the rank
            "n_similar": 3,
            "median_similar": 0.30,
        }
    ]
