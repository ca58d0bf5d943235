"""Linköping's RegSO and DeSO boundaries (SCB's open geodata, 2025 division) as one processed layer."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import shapely

from segstats import paths, schema
from segstats.errors import DataValidationError, SegstatsError, SourceFormatError
from segstats.indicators import geo
from segstats.io import Transaction, within
from segstats.schema import validate
from segstats.words import Said, say

if TYPE_CHECKING:  # geopandas is imported where a layer is built or read, not with the package
    import geopandas as gpd

# The two boundary files below data/raw/geo/ (data/raw/README.md: origin, licence, sha256).
REGSO_FILE = "headroom_regso_0580.geojson"
DESO_FILE = "am_dashboard_deso_0580.json"
CRS = "EPSG:4326"  # both files are WGS84, rounded to 5 decimals by their publishers
DIVISION = {"regso": "RegSO 2025", "deso": "DeSO 2025"}
# Linköping lies well inside this box; a point outside it is a wrong file or [lat, lon] read as [lon, lat].
_LON, _LAT = (14.5, 16.8), (57.8, 58.9)
_DESO_2025 = re.compile(r"^(?P<code>\d{4}[ABC]\d{4})_DeSO2025$")
_REGSO_2025 = re.compile(r"^(?P<code>\d{4}R\d{3})_RegSO2025$")
_GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


def build_boundaries(data_dir: Path | str | None = None, transaction: Transaction | None = None) -> Path:
    """Read both boundary files and write ``boundaries.geojson``, only when the layer is complete and valid.

    With a ``transaction``, the layer is staged in it (``segstats build`` replaces it with the
    processed tables); without, it replaces the previous layer at once.

    Returns:
        The path written.

    Raises:
        SourceFormatError: a boundary file is malformed, or its codes are not those of SCB's key
            (file, area, what is allowed).
    """
    import geopandas as gpd

    raw = paths.geo_raw_dir(data_dir)
    key = geo.read_key(paths.indicators_raw_dir(data_dir))
    areas = pd.concat([read_regso(raw / REGSO_FILE, key), read_deso(raw / DESO_FILE, key)], ignore_index=True)
    order = {"regso": 0, "deso": 1}
    areas = areas.sort_values(["geo_kind", "geo_code"], key=lambda c: c.map(order) if c.name == "geo_kind" else c)
    areas = areas.reset_index(drop=True)
    where = say("messages.table_built_from", table="boundaries", source=raw)
    layer = _checked(gpd.GeoDataFrame(areas, geometry="geometry", crs=CRS), where)
    out = io.BytesIO()
    # GDAL's GeoJSON writer gives the same bytes for the same layer, so the file is rebuilt exactly.
    layer.to_file(out, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=5, WRITE_NAME="NO")
    target = paths.processed_dir(data_dir) / paths.BOUNDARIES_FILE
    with within(transaction) as staging:
        staging.stage(target).write_bytes(out.getvalue())
    return target


def load_boundaries(data_dir: Path | str | None = None) -> gpd.GeoDataFrame:
    """Linköping's RegSO and DeSO polygons of SCB's 2025 division, one row per area.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).

    Returns:
        The columns of ``BOUNDARIES`` in :mod:`segstats.schema` and ``geometry`` (WGS84). A DeSO
        with ``changed_2025`` has a code that SCB's 2018 division does not have: no value of a
        table on the 2018 division (every DeSO value up to 2023) belongs on it. The polygons
        are simplified by their publishers: fit for drawing, not for areas or overlays.
    """
    import geopandas as gpd

    path = paths.processed_dir(data_dir) / paths.BOUNDARIES_FILE
    if not path.exists():
        raise SegstatsError("messages.no_table", path=path)
    try:
        layer = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio's errors share no base class with a clear name
        reason = " ".join(str(exc).split())[:200]
        raise DataValidationError("messages.layer_unreadable", path=path, reason=reason) from None
    return _checked(layer, str(path))


def split_desos(key: geo.RegsoKey, kommun: str = geo.KOMMUN_CODE) -> pd.DataFrame:
    """The DeSOs of ``kommun`` whose division changed in 2025: each 2018 code without a 2025 code, and its parts.

    SCB keeps a DeSO's code while its boundary stays and gives an area that is split or
    changed a new code, using the code's last (reserve) position: 0580C1190 became 0580C1191
    and 0580C1192. A 2025 code is taken as part of a 2018 code when both share the first
    eight characters and the RegSO.

    Returns:
        One row per 2025 code that is not in the 2018 division: ``deso_2025``, ``regso_code``
        and ``deso_2018`` (the code it replaces, or missing when none matches).
    """
    deso = key.deso[key.deso["kommun_code"] == kommun]
    old = deso[deso["version"] == "2018"]
    new = deso[deso["version"] == "2025"]
    gone = old[~old["deso_code"].isin(new["deso_code"])]
    parts = new[~new["deso_code"].isin(old["deso_code"])].assign(root=lambda d: d["deso_code"].str[:8])
    parents = gone.assign(root=gone["deso_code"].str[:8]).rename(columns={"deso_code": "deso_2018"})
    found = parts.merge(parents[["root", "regso_code", "deso_2018"]], on=["root", "regso_code"], how="left")
    return (
        found.rename(columns={"deso_code": "deso_2025"})[["deso_2025", "regso_code", "deso_2018"]]
        .sort_values("deso_2025")
        .reset_index(drop=True)
    )


def read_regso(path: Path, key: geo.RegsoKey) -> pd.DataFrame:
    """The RegSO 2025 polygons (a GeoJSON FeatureCollection with ``code`` and ``name``) as layer rows.

    Raises:
        SourceFormatError: naming the file and the area: an unreadable file, a code or name that
            is not SCB's, a polygon outside Linköping, a RegSO missing.
    """
    import geopandas as gpd

    name = _ref(path)
    try:
        table = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio's errors share no base class with a clear name
        reason = " ".join(str(exc).split())[:200]
        raise SourceFormatError("sources.not_geojson", file=name, reason=reason) from None
    if not {"code", "name"} <= set(table.columns):
        raise SourceFormatError("sources.feature_properties", file=name, found=list(map(str, table.columns)))
    linkoping = key.regso[key.regso["kommun_code"] == geo.KOMMUN_CODE].set_index("regso_code")["regso_name"]
    in_2025 = set(
        key.deso.loc[(key.deso["version"] == "2025") & (key.deso["kommun_code"] == geo.KOMMUN_CODE), "regso_code"]
    )
    for i, row in table.iterrows():
        where = say("sources.feature", n=i + 1, code=row["code"])
        if row["code"] not in in_2025:
            raise SourceFormatError("sources.not_regso_2025", file=name, where=where, key=geo.KEY_2025)
        if row["code"] in linkoping and row["name"] != linkoping[row["code"]]:
            scb = repr(linkoping[row["code"]])
            raise SourceFormatError(
                "sources.not_scbs_name", file=name, where=where, name=repr(row["name"]), scb=scb, key=geo.KEY_2020
            )
    _check_polygons(table["geometry"], table["code"], name)
    _check_complete(table["code"], in_2025, name, "RegSO")
    changed = set(geo.versions_differ(key)) | (in_2025 - set(linkoping.index))
    return pd.DataFrame(
        {
            "geo_kind": "regso",
            "geo_code": table["code"],
            "geo_name": table["name"],
            "regso_code": None,
            "district": table["code"].map({c: d for d, c in geo.DISTRICT_REGSO.items()}),
            "division": DIVISION["regso"],
            "changed_2025": table["code"].isin(changed),
            "source_ref": f"geo/{path.name}",
            "note": _validity_notes(table["geometry"]),
            "geometry": table["geometry"].to_numpy(),
        }
    )


def read_deso(path: Path, key: geo.RegsoKey) -> pd.DataFrame:
    """The DeSO 2025 polygons (am-dashboard-se's JSON: areas with ``code``, ``regso`` and ``rings`` in [lat, lon]).

    The file's own statistics (``pop``, ``income``, …) are that project's and are not read.

    Raises:
        SourceFormatError: naming the file and the area: unreadable JSON, a code or RegSO not
            in SCB's key, a ring that is not closed or lies outside Linköping, a DeSO missing.
    """
    name = _ref(path)
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise SourceFormatError("sources.not_json", file=name, reason=str(exc)) from None
    areas = doc.get("areas") if isinstance(doc, dict) else None
    if not isinstance(areas, list) or doc.get("kommun") != geo.KOMMUN_CODE:
        raise SourceFormatError("sources.areas_doc", file=name, kommun=geo.KOMMUN_CODE)
    key_2025 = key.deso[(key.deso["version"] == "2025") & (key.deso["kommun_code"] == geo.KOMMUN_CODE)]
    regso_of = key_2025.set_index("deso_code")["regso_code"]
    codes, regsos, polygons = [], [], []
    for i, area in enumerate(areas, start=1):
        area = area if isinstance(area, dict) else {}
        code, regso = _DESO_2025.match(str(area.get("code"))), _REGSO_2025.match(str(area.get("regso")))
        where = say("sources.area", n=i, code=area.get("code"))
        if not code or not regso:
            raise SourceFormatError("sources.area_codes", file=name, where=where)
        if code["code"] not in regso_of:
            raise SourceFormatError("sources.not_deso_2025", file=name, where=where, key=geo.KEY_2025)
        if regso_of[code["code"]] != regso["code"]:
            scb = regso_of[code["code"]]
            raise SourceFormatError("sources.lies_in", file=name, where=where, regso=regso["code"], scb=scb)
        codes.append(code["code"])
        regsos.append(regso["code"])
        polygons.append(_polygon(area.get("rings"), where, name))
    geometry = pd.Series(polygons, index=codes)
    _check_polygons(geometry, pd.Series(codes, index=codes), name)
    _check_complete(pd.Series(codes), set(regso_of.index), name, "DeSO")
    in_2018 = set(key.deso.loc[key.deso["version"] == "2018", "deso_code"])
    replaced = split_desos(key).set_index("deso_2025")["deso_2018"]
    changed = [c not in in_2018 for c in codes]
    notes = [_changed_note(replaced.get(c)) if new else None for c, new in zip(codes, changed, strict=True)]
    validity = _validity_notes(geometry)
    return pd.DataFrame(
        {
            "geo_kind": "deso",
            "geo_code": codes,
            "geo_name": codes,  # DeSOs have codes, not names
            "regso_code": regsos,
            "district": pd.Series(regsos).map({c: d for d, c in geo.DISTRICT_REGSO.items()}).to_numpy(),
            "division": DIVISION["deso"],
            "changed_2025": changed,
            "source_ref": f"geo/{path.name}",
            "note": ["; ".join(n for n in (a, b) if n) or None for a, b in zip(notes, validity, strict=True)],
            "geometry": polygons,
        }
    )


def _changed_note(parent: object) -> str:
    if isinstance(parent, str):
        return f"new code in 2025: part of DeSO 2018 {parent}, which SCB split"
    return "new code in 2025: not in SCB's 2018 division"


def _polygon(rings: object, where: Said, name: str) -> shapely.Polygon:
    """One area's rings ([lat, lon] pairs, the first the outer one) as a polygon in [lon, lat]."""
    points: list[list[tuple[float, float]]] = []
    if isinstance(rings, list) and rings and all(isinstance(r, list) and len(r) >= 4 for r in rings):
        try:
            points = [[(float(lon), float(lat)) for lat, lon in ring] for ring in rings]
        except (TypeError, ValueError):
            points = []
    if not points:
        raise SourceFormatError("sources.rings", file=name, where=where)
    if any(ring[0] != ring[-1] for ring in points):
        raise SourceFormatError("sources.ring_open", file=name, where=where)
    return shapely.Polygon(points[0], points[1:])


def _check_polygons(geometry: pd.Series, codes: pd.Series, name: str) -> None:
    """Every area is a polygon inside Linköping's box."""
    for shape, code in zip(geometry, codes, strict=True):
        if shape is None or shape.is_empty or shape.geom_type not in _GEOMETRY_TYPES:
            raise SourceFormatError("sources.not_polygon", file=name, code=code)
        lon_min, lat_min, lon_max, lat_max = shape.bounds
        if lon_min < _LON[0] or lon_max > _LON[1] or lat_min < _LAT[0] or lat_max > _LAT[1]:
            lon, lat = f"{_LON[0]}–{_LON[1]}", f"{_LAT[0]}–{_LAT[1]}"
            raise SourceFormatError("sources.outside_linkoping", file=name, code=code, lon=lon, lat=lat)


def _check_complete(found: pd.Series, expected: set[str], name: str, kind: str) -> None:
    repeated = found[found.duplicated()]
    if len(repeated):
        raise SourceFormatError("sources.area_twice", file=name, kind=kind, code=repeated.iloc[0])
    missing = sorted(expected - set(found))
    if missing:
        raise SourceFormatError("sources.no_polygons", file=name, kind=kind, codes=", ".join(missing))


def _validity_notes(geometry: pd.Series) -> list[str | None]:
    """Where a polygon is not valid (its publisher's simplification made a ring cross itself), say so."""
    return [
        None if shapely.is_valid(shape) else f"polygon as published is not valid ({shapely.is_valid_reason(shape)})"
        for shape in geometry
    ]


def _checked(layer: gpd.GeoDataFrame, where: str | Said) -> gpd.GeoDataFrame:
    """The layer, its attributes validated against ``BOUNDARIES`` and every row given a polygon."""
    import geopandas as gpd

    attributes = validate(pd.DataFrame(layer.drop(columns="geometry")), schema.BOUNDARIES, where)
    shapes = layer.geometry
    missing = shapes.isna() | shapes.is_empty | ~shapes.geom_type.isin(list(_GEOMETRY_TYPES))
    if missing.any():
        code = attributes["geo_code"][missing.to_numpy()].iloc[0]
        raise DataValidationError("messages.no_polygon", where=where, code=code)
    return gpd.GeoDataFrame(attributes, geometry=shapes.to_numpy(), crs=CRS)


def _ref(path: Path) -> str:
    return f"geo/{path.name}"
