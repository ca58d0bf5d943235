"""Linköping's boundaries as data: the raw files kept as published, one processed layer rebuilt exactly."""

import hashlib
import json
import shutil

import pandas as pd
import pytest

from segstats import paths
from segstats.errors import SourceFormatError
from segstats.indicators import boundaries, geo
from segstats.indicators.boundaries import build_boundaries, load_boundaries, split_desos

from .conftest import copy_raw_data

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

SPLIT = {"0580C1190": ("0580C1191", "0580C1192"), "0580C1230": ("0580C1231", "0580C1232")}
SPLIT |= {"0580C1310": ("0580C1311", "0580C1312"), "0580C1600": ("0580C1601", "0580C1602")}


@pytest.fixture(scope="module")
def layer():
    return load_boundaries()


@pytest.mark.realdata
def test_fresh_build_reproduces_the_committed_layer_byte_for_byte(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    written = build_boundaries(data_dir)
    assert written.read_bytes() == (paths.processed_dir() / paths.BOUNDARIES_FILE).read_bytes()


@pytest.mark.realdata
def test_every_boundary_file_has_its_provenance_and_checksum():
    readme = (paths.raw_dir() / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in readme.splitlines() if line.startswith("| `geo/")}
    files = sorted(p for p in paths.geo_raw_dir().iterdir() if p.is_file())
    assert (
        sorted(rows)
        == [f"geo/{p.name}" for p in files]
        == [f"geo/{boundaries.DESO_FILE}", f"geo/{boundaries.REGSO_FILE}"]
    )
    for path in files:
        assert f"`{hashlib.sha256(path.read_bytes()).hexdigest()}`" in rows[f"geo/{path.name}"], path
        assert "CC0" in rows[f"geo/{path.name}"]


@pytest.mark.realdata
def test_the_layer_has_every_regso_and_deso_of_linkoping_2025(layer):
    assert layer.crs == "EPSG:4326"
    regso, deso = layer[layer["geo_kind"] == "regso"], layer[layer["geo_kind"] == "deso"]
    assert len(regso) == 32 and len(deso) == 98
    assert set(regso["division"]) == {"RegSO 2025"} and set(deso["division"]) == {"DeSO 2025"}
    assert regso.set_index("geo_code").loc["0580R018", "geo_name"] == "Skäggetorp-Tornby"
    # The districts' RegSOs and their 14 DeSOs, as in the geography table.
    districts = deso.dropna(subset=["district"]).groupby("district", observed=True)["geo_code"].agg(sorted)
    assert districts["Skäggetorp"] == ["0580C1610", "0580C1630", "0580C1660", "0580C1670", "0580C1680"]
    assert len(districts["Berga"]) == 4 and len(districts["Ryd"]) == 5
    # [lat, lon] turned into [lon, lat]: Linköping lies near 15.6 E, 58.4 N.
    x, y = layer.union_all().centroid.coords[0]
    assert 15.4 < x < 15.9 and 58.2 < y < 58.5


@pytest.mark.realdata
def test_the_desos_split_in_2025_are_worked_out_from_scbs_keys(layer):
    found = split_desos(geo.read_key(paths.indicators_raw_dir()))
    assert found.groupby("deso_2018")["deso_2025"].agg(tuple).to_dict() == SPLIT
    changed = layer[layer["changed_2025"]]
    assert sorted(changed["geo_code"]) == sorted(c for parts in SPLIT.values() for c in parts)
    assert (
        changed.set_index("geo_code")
        .loc["0580C1191", "note"]
        .startswith("new code in 2025: part of DeSO 2018 0580C1190")
    )
    # A polygon as published that crosses itself is kept and named.
    assert "not valid" in layer.set_index("geo_code").loc["0580A0120", "note"]


@pytest.mark.realdata
def test_a_damaged_layer_is_one_error(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(paths.processed_dir(), paths.processed_dir(data_dir))
    (paths.processed_dir(data_dir) / paths.BOUNDARIES_FILE).write_text('{"type": "Feature', encoding="utf-8")
    with pytest.raises(Exception, match="boundaries.geojson: not a readable GeoJSON layer .*segstats build"):
        load_boundaries(data_dir)


# Fictional keys and polygons from here on: two RegSOs, three DeSOs of 2018, one split in 2025.


def _key() -> geo.RegsoKey:
    regso = pd.DataFrame(
        {"regso_code": ["0580R001", "0580R002"], "regso_name": ["Berga", "Annat"], "kommun_code": "0580"}
    ).assign(kommun_name="Linköping")
    deso = pd.DataFrame(
        [
            ("0580C0010", "0580R001", "2018"),
            ("0580C0020", "0580R002", "2018"),
            ("0580C0010", "0580R001", "2025"),
            ("0580C0021", "0580R002", "2025"),
            ("0580C0022", "0580R002", "2025"),
        ],
        columns=["deso_code", "regso_code", "version"],
    ).assign(kommun_code="0580", kommun_name="Linköping")
    return geo.RegsoKey(regso, deso)


def _area(code: str, regso: str, lon: float) -> dict:
    ring = [[58.40, lon], [58.40, lon + 0.01], [58.41, lon + 0.01], [58.41, lon], [58.40, lon]]
    return {"code": f"{code}_DeSO2025", "name": code, "regso": f"{regso}_RegSO2025", "rings": [ring]}


def _deso_file(tmp_path, areas: list[dict]):
    path = tmp_path / boundaries.DESO_FILE
    path.write_text(json.dumps({"kommun": "0580", "areas": areas}), encoding="utf-8")
    return path


AREAS = [("0580C0010", "0580R001", 15.60), ("0580C0021", "0580R002", 15.62), ("0580C0022", "0580R002", 15.64)]


def test_split_desos_pairs_each_new_code_with_the_code_it_replaces():
    assert split_desos(_key()).to_dict("records") == [
        {"deso_2025": "0580C0021", "regso_code": "0580R002", "deso_2018": "0580C0020"},
        {"deso_2025": "0580C0022", "regso_code": "0580R002", "deso_2018": "0580C0020"},
    ]


def test_the_deso_file_is_read_in_lon_lat_and_new_codes_are_marked_changed(tmp_path):
    areas = boundaries.read_deso(_deso_file(tmp_path, [_area(*a) for a in AREAS]), _key())
    assert areas["changed_2025"].tolist() == [False, True, True]
    assert areas["district"].tolist()[0] == "Berga"
    assert areas["geometry"].iloc[0].bounds == pytest.approx((15.60, 58.40, 15.61, 58.41))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a[:2], r"the DeSOs 0580C0022 of SCB's key have no polygon"),
        (lambda a: [*a, a[0]], "DeSO 0580C0010 appears twice"),
        (
            lambda a: [a[0] | {"regso": "0580R002_RegSO2025"}, *a[1:]],
            "lies in 0580R002, but SCB's key puts it in 0580R001",
        ),
        (lambda a: [a[0] | {"code": "0580C0099_DeSO2025"}, *a[1:]], "not a DeSO 2025 of Linköping in SCB's key"),
        (lambda a: [a[0] | {"rings": [[[15.6, 58.4]] * 4]}, *a[1:]], "are longitude and latitude swapped"),
        (lambda a: [a[0] | {"rings": [a[0]["rings"][0][:-1]]}, *a[1:]], "a ring is not closed"),
        (lambda a: [a[0] | {"rings": "none"}, *a[1:]], r"rings must be lists of at least 4 \[lat, lon\] pairs"),
    ],
)
def test_a_malformed_deso_file_is_one_error_naming_the_area(tmp_path, change, message):
    path = _deso_file(tmp_path, change([_area(*a) for a in AREAS]))
    with pytest.raises(SourceFormatError, match=message) as error:
        boundaries.read_deso(path, _key())
    assert str(error.value).startswith(f"geo/{boundaries.DESO_FILE}")


def _regso_file(tmp_path, names: dict[str, str]):
    square = [[[15.6, 58.4], [15.61, 58.4], [15.61, 58.41], [15.6, 58.41], [15.6, 58.4]]]
    features = [
        {
            "type": "Feature",
            "properties": {"code": c, "name": n},
            "geometry": {"type": "Polygon", "coordinates": square},
        }
        for c, n in names.items()
    ]
    path = tmp_path / boundaries.REGSO_FILE
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_a_regso_name_that_is_not_scbs_is_an_error(tmp_path):
    good = boundaries.read_regso(_regso_file(tmp_path, {"0580R001": "Berga", "0580R002": "Annat"}), _key())
    assert good["district"].tolist()[0] == "Berga" and not good["changed_2025"].any()
    path = _regso_file(tmp_path, {"0580R001": "Bergа", "0580R002": "Annat"})  # a Cyrillic а
    with pytest.raises(SourceFormatError, match="feature 1 \\(0580R001\\): the name 'Bergа' is not SCB's 'Berga'"):
        boundaries.read_regso(path, _key())
    with pytest.raises(SourceFormatError, match="the RegSOs 0580R002 of SCB's key have no polygon"):
        boundaries.read_regso(_regso_file(tmp_path, {"0580R001": "Berga"}), _key())
