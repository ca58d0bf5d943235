"""FICTIONAL tables for the dashboard's unit tests: a few made-up measures, geographies and DeSOs; tests only.

The indicators are :mod:`tests.fictional_indicators`' (every value made up) with, added here,
FICTIONAL DeSO values of the DeSO indicator (:data:`segstats.profile.DESO_INDICATOR`) in its two
years for two DeSOs of Ryd and twelve DeSOs of fictional RegSOs elsewhere. Nothing here is a statistic.
"""

import pandas as pd

from segstats.explore.model import Data

from . import fictional_indicators as fictional

MEASURES = [
    # year, id, area, title, status, districts, departments, comment
    (2021, "1.1", 1, "Bilda fiktiva områdesteam", "done", "Berga;Ryd;Skäggetorp", "SOF", "Klart (fiktivt)."),
    (2021, "2.1", 2, "Fiktiv sommarjobbssatsning", "ongoing", "Skäggetorp", "UAF-AMC", None),
    (2021, "2.2", 2, "Fiktiv språkkurs <b>för</b> vuxna", "not_done", "Skäggetorp;Ryd", "UAF", "Ingen budget."),
    (2021, "5.1", 5, "Fiktiv upprustning av Glyttingebadet", "ongoing", "Ryd", "KoF", None),
    (2022, "1.1", 1, "Bilda fiktiva områdesteam", "ongoing", "Berga;Ryd;Skäggetorp", "SOF", None),
    (2022, "2.2", 2, "Fiktiv språkkurs <b>för</b> vuxna", "ongoing", "Skäggetorp;Ryd", "UAF", None),
]
# The DeSO comparison of these tables (the catalogue's deso_years): FICTIONAL indicator and years.
DESO_INDICATOR, DESO_START, DESO_END = "lag_ekstd", 2022, 2024
RYD_DESOS = ["0580C9001", "0580C9002"]
OTHER_DESOS = [(f"9990C{i:04d}", f"9990R{1 + i % 3:03d}") for i in range(12)]


def measures() -> pd.DataFrame:
    """FICTIONAL measures in the columns and dtypes of :func:`segstats.load_measures`."""
    rows = [
        {
            "year": year,
            "measure_id": mid,
            "area_no": area,
            "area": f"Område {area}",
            "title": title,
            "description": f"Beskrivning av {title.lower()} (fiktiv).",
            "districts": districts,
            "responsible": departments,
            "departments": departments,
            "funding": None,
            "status": status,
            "status_comment": comment,
            "next_plan": "kept",
            "next_plan_text": "Vidmakthållen åtgärd (fiktiv).",
            "predecessors": None,
            "source_file": "fiktiv.txt",
            "source_line": n + 1,
        }
        for n, (year, mid, area, title, status, districts, departments, comment) in enumerate(MEASURES)
    ]
    df = pd.DataFrame(rows)
    df["status"] = pd.Categorical(df["status"], categories=["done", "ongoing", "not_done"])
    df["next_plan"] = pd.Categorical(df["next_plan"], categories=["kept", "developed", "merged", "ended"])
    return df


def geographies() -> pd.DataFrame:
    """FICTIONAL geographies: the districts' RegSOs, fictional RegSOs elsewhere, and the DeSOs below."""
    rows = [("kommun", "0580", "Linköping", "0580", "Linköping", pd.NA, pd.NA)]
    rows += [
        ("regso", code, name, "0580", "Linköping", district, pd.NA)
        for district, (code, name) in fictional.DISTRICT_REGSO.items()
    ]
    rows += [("regso", code, name, "9990", "Fiktiva kommunen", pd.NA, pd.NA) for code, name, _ in fictional.PEERS]
    rows += [("deso", code, code, "0580", "Linköping", "Ryd", "0580R017") for code in RYD_DESOS]
    rows += [("deso", code, code, "9990", "Fiktiva kommunen", pd.NA, regso) for code, regso in OTHER_DESOS]
    columns = ["geo_kind", "geo_code", "geo_name", "kommun_code", "kommun_name", "district", "regso_code"]
    table = pd.DataFrame(rows, columns=columns)
    return table.assign(larger_than_district=table["geo_code"] == "0580R018", note=pd.NA)  # Skäggetorp-Tornby


def indicators() -> pd.DataFrame:
    """FICTIONAL indicator rows: :func:`tests.fictional_indicators.indicators` and the DeSO values."""
    rows = [
        fictional._row(DESO_INDICATOR, "deso", code, code, "Ryd", year, 60.0 + n * 5 + (year - DESO_START), "%")
        for n, code in enumerate(RYD_DESOS)
        for year in (DESO_START, DESO_END)
    ]
    rows += [
        fictional._row(DESO_INDICATOR, "deso", code, code, pd.NA, DESO_START, 10.0 + 5 * n, "%")
        for n, (code, _) in enumerate(OTHER_DESOS)
    ]
    rows += [fictional._row(DESO_INDICATOR, "kommun", "0580", "Linköping", pd.NA, DESO_END, 15.0, "%")]
    extra = pd.DataFrame(rows).astype(fictional.indicators().dtypes.to_dict())
    return pd.concat([fictional.indicators(), extra], ignore_index=True)


def catalogue() -> pd.DataFrame:
    """FICTIONAL catalogue: :func:`tests.fictional_indicators.catalogue` and the DeSO indicator (the one
    compared by DeSO, in :data:`DESO_START` and :data:`DESO_END`), all in the plan."""
    table = fictional.catalogue()
    deso = table.iloc[[0]].assign(id=DESO_INDICATOR, name_sv="Låg ekonomisk standard, DeSO (fiktiv)")
    deso = deso.assign(name_en="Low economic standard, DeSO (fictional)", decimals=0)
    table = pd.concat([table, deso], ignore_index=True).assign(plan=True, prices=pd.NA)
    compared = table["id"] == DESO_INDICATOR
    return table.assign(
        deso_start=pd.array([DESO_START if c else pd.NA for c in compared], dtype="Int64"),
        deso_end=pd.array([DESO_END if c else pd.NA for c in compared], dtype="Int64"),
    )


def boundaries():
    """FICTIONAL polygons in the shape of segstats.load_boundaries(): Ryd's RegSO with its two DeSOs and a third
    DeSO without a value."""
    import geopandas as gpd

    desos = [(code, "Ryd", fictional._box(0.01 * n)) for n, code in enumerate(RYD_DESOS)]
    desos.append(("0580C9003", None, fictional._box(0.02)))
    rows = [("regso", "0580R017", "Ryd", None, "Ryd", "RegSO 2025", False, fictional._box(0.0, 0.03))]
    rows += [("deso", code, code, "0580R017", district, "DeSO 2025", False, shape) for code, district, shape in desos]
    columns = ["geo_kind", "geo_code", "geo_name", "regso_code", "district", "division", "changed_2025", "geometry"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry="geometry", crs="EPSG:4326")


def data() -> Data:
    """The FICTIONAL tables, indexed as the dashboard indexes the shipped ones."""
    return Data.from_tables(measures(), indicators(), catalogue(), geographies(), boundaries())
