"""FICTIONAL indicator data in the shape of segstats.load_indicators() / indicator_catalogue(); tests only.

Every value here is made up to exercise the code: gaps, a suppressed value, a series break,
election years only, a single year, an indicator without data, and RegSOs of other
(fictional, code 9990) municipalities to compare the districts with. Nothing here is a statistic.
"""

import pandas as pd

from segstats.indicators.catalogue import SeriesBreak

SOURCE = "FIKTIV testkälla"
DISTRICT_REGSO = {
    "Berga": ("0580R001", "Berga"),
    "Ryd": ("0580R017", "Ryd"),
    "Skäggetorp": ("0580R018", "Skäggetorp-Tornby"),
}
# Fictional områdestyp of the districts and of 30 fictional RegSOs elsewhere (types 1, 2, 3 in turn).
DISTRICT_TYPE = {"Berga": 2, "Ryd": 2, "Skäggetorp": 1}
PEERS = [(f"9990R{i:03d}", f"Fiktiva RegSO {i}", 1 + i % 3) for i in range(1, 31)]


def _row(indicator, geo_kind, geo_code, geo_name, district, year, value, unit):
    return {
        "indicator": indicator,
        "geo_kind": geo_kind,
        "geo_code": geo_code,
        "geo_name": geo_name,
        "district": district,
        "year": year,
        "value": value,
        "unit": unit,
        "source": SOURCE,
        "source_ref": f"fiktiv tabell {indicator}",
        "derived": False,
        "note": "fictional",
        "implausible": False,
    }


def indicators() -> pd.DataFrame:
    """FICTIONAL long indicator rows, in the contract's columns and dtypes."""
    rows = []
    for district, (code, name) in DISTRICT_REGSO.items():
        base = {"Berga": 30.0, "Ryd": 40.0, "Skäggetorp": 50.0}[district]
        for year in range(2019, 2024):
            if district == "Ryd" and year == 2021:
                continue  # a missing year: no row at all
            value = float("nan") if district == "Berga" and year == 2022 else base + (year - 2019)
            rows.append(_row("lag_ek_standard", "regso", code, name, district, year, value, "%"))
        for year in range(2017, 2023):
            rows.append(_row("forvarvsfrekvens", "regso", code, name, district, year, 60.0 + year - 2017, "%"))
        for year in (2022, 2023):
            rows.append(_row("medelinkomst", "regso", code, name, district, year, 200.0 + 10 * len(district), "tkr"))
            rows.append(_row("omradestyp", "regso", code, name, district, year, float(DISTRICT_TYPE[district]), "typ"))
    for number in (1, 2):  # Skäggetorp has two election districts, voting only in election years
        for year in (2018, 2022):
            rows.append(
                _row(
                    "valdeltagande",
                    "valdistrikt",
                    f"0580{number:04d}",
                    f"Skäggetorp {number}",
                    "Skäggetorp",
                    year,
                    50.0 + number + (year - 2018),
                    "%",
                )
            )
    rows.append(_row("barn_lag_ek_standard", "stadsdel", "SKÄ", "Skäggetorp", "Skäggetorp", 2020, 73.0, "%"))
    for year in range(2017, 2024):
        rows.append(_row("lag_ek_standard", "kommun", "0580", "Linköping", pd.NA, year, 15.0, "%"))
        rows.append(_row("lag_ek_standard", "riket", "00", "Sverige", pd.NA, year, 14.0, "%"))
        rows.append(_row("forvarvsfrekvens", "kommun", "0580", "Linköping", pd.NA, year, 78.0, "%"))
    rows.append(_row("barn_lag_ek_standard", "kommun", "0580", "Linköping", pd.NA, 2020, 19.0, "%"))
    for year in (2018, 2022):
        rows.append(_row("valdeltagande", "kommun", "0580", "Linköping", pd.NA, year, 85.0, "%"))
    for code, name, area_type in PEERS:
        for year in (2022, 2023):
            rows.append(_row("medelinkomst", "regso", code, name, pd.NA, year, 150.0 + 10 * int(code[-2:]), "tkr"))
            rows.append(_row("omradestyp", "regso", code, name, pd.NA, year, float(area_type), "typ"))
    df = pd.DataFrame(rows)
    text = ["indicator", "geo_kind", "geo_code", "geo_name", "district", "unit", "source", "source_ref", "note"]
    types = {"year": "int64", "value": "float64", "derived": "bool", "implausible": "bool"}
    return df.astype({c: "string" for c in text} | types)


def catalogue() -> pd.DataFrame:
    """FICTIONAL catalogue rows for the indicators above (and one without any data)."""
    rows = [
        (
            "lag_ek_standard",
            "Låg ekonomisk standard (fiktiv)",
            "Low economic standard (fictional)",
            "%",
            1,
            "lower",
            2,
            True,
            None,
        ),
        (
            "forvarvsfrekvens",
            "Förvärvsfrekvens (fiktiv)",
            "Employment rate (fictional)",
            "%",
            1,
            "higher",
            2,
            False,
            "2019",
        ),
        ("valdeltagande", "Valdeltagande (fiktivt)", "Voter turnout (fictional)", "%", 1, "higher", 1, False, None),
        ("medelinkomst", "Medelinkomst (fiktiv)", "Mean income (fictional)", "tkr", 0, "higher", 2, False, None),
        (
            "barn_lag_ek_standard",
            "Barn i låg ekonomisk standard (fiktiv)",
            "Children, low economic standard (fictional)",
            "%",
            1,
            "lower",
            3,
            True,
            None,
        ),
        (
            "utan_data",
            "Indikator utan data (fiktiv)",
            "Indicator without data (fictional)",
            "%",
            1,
            "lower",
            4,
            False,
            None,
        ),
    ]
    columns = ["id", "name_sv", "name_en", "unit", "decimals", "direction", "area_no", "confirmed", "series_breaks"]
    table = pd.DataFrame(rows, columns=columns).astype(
        {"id": "string", "name_sv": "string", "name_en": "string", "unit": "string", "series_breaks": "string"}
    )
    table["break_rules"] = [
        (SeriesBreak(int(b), "fictional break"),) if pd.notna(b) else () for b in table["series_breaks"]
    ]
    return table


def report_catalogue() -> pd.DataFrame:
    """FICTIONAL catalogue rows with every column the reports read: the plan's indicators above and one series.

    ``medelinkomst`` is a comparison series (not the plan's); ``barn_lag_ek_standard`` is the one
    confirmed. No DeSO comparison (``deso_start`` missing).
    """
    table = catalogue()
    plan = table["id"] != "medelinkomst"
    return table.assign(
        plan=plan,
        area_no=table["area_no"].where(plan).astype("Int64"),
        producer=SOURCE,
        source_table="FIKTIV tabell",
        fetch_table=pd.Series([pd.NA] * len(table), dtype="string"),
        prices=None,
        plausible_low=pd.NA,
        plausible_high=pd.NA,
        deso_start=pd.array([pd.NA] * len(table), dtype="Int64"),
        deso_end=pd.array([pd.NA] * len(table), dtype="Int64"),
    )


def measures() -> pd.DataFrame:
    """FICTIONAL follow-up of 2021: four measures, one for every district, one for a target outside them."""
    rows = [
        ("1.1", 1, "FIKTIV åtgärd för alla", "ongoing", "Berga;Ryd;Skäggetorp"),
        ("1.2", 1, "FIKTIV åtgärd i Berga", "not_done", "Berga"),
        ("2.1", 2, "FIKTIV åtgärd i Ryd", "done", "Ryd"),
        ("3.1", 3, "FIKTIV åtgärd för skolor", "ongoing", "Mottagande skolor"),
    ]
    table = pd.DataFrame(rows, columns=["measure_id", "area_no", "title", "status", "districts"])
    return table.assign(year=2021, predecessors=None, source_file="2021_fiktiv_uppfoljning_KS-2099-1.txt")


def geographies() -> pd.DataFrame:
    """FICTIONAL geography rows: the districts' RegSOs (Skäggetorp-Tornby larger than its stadsdel) and Linköping."""
    rows = [(kind, code, name, district) for district, (code, name) in DISTRICT_REGSO.items() for kind in ["regso"]]
    table = pd.DataFrame(rows, columns=["geo_kind", "geo_code", "geo_name", "district"])
    table = pd.concat(
        [table, pd.DataFrame([("kommun", "0580", "Linköping", None)], columns=table.columns)], ignore_index=True
    )
    return table.assign(regso_code=None, kommun_name="Linköping", larger_than_district=table["geo_code"] == "0580R018")


def _box(x: float, width: float = 0.01):
    import shapely

    return shapely.box(15.60 + x, 58.40, 15.60 + x + width, 58.41)


def boundaries():
    """FICTIONAL polygons in the shape of segstats.load_boundaries(): RegSO 0580R001 (Berga's code) with one
    DeSO; 0580R002 with three, two of them split in 2025 (new codes 0580C0021 and 0580C0022)."""
    import geopandas as gpd

    desos = [
        ("0580C0010", "0580R001", "Berga", False, _box(0.00)),
        ("0580C0021", "0580R002", None, True, _box(0.01)),
        ("0580C0022", "0580R002", None, True, _box(0.02)),
        ("0580C0030", "0580R002", None, False, _box(0.03)),
    ]
    rows = [
        ("regso", "0580R001", "Berga", None, "Berga", "RegSO 2025", False, _box(0.00)),
        ("regso", "0580R002", "Annat", None, None, "RegSO 2025", False, _box(0.01, 0.03)),
        *(("deso", c, c, r, d, "DeSO 2025", ch, g) for c, r, d, ch, g in desos),
    ]
    columns = ["geo_kind", "geo_code", "geo_name", "regso_code", "district", "division", "changed_2025", "geometry"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry="geometry", crs="EPSG:4326")


def with_desos(indicators: pd.DataFrame, catalogue: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """FICTIONAL DeSO values of lag_ek_standard in 2022 (the 2018 division: 0580C0020 was split in 2025), and the
    catalogue declaring it the DeSO comparison of 2022 and 2024."""
    rows = [
        _row("lag_ek_standard", "deso", code, code, district, 2022, value, "%")
        for code, district, value in (
            ("0580C0010", "Berga", 12.0),
            ("0580C0020", pd.NA, 30.0),
            ("0580C0030", pd.NA, 4.0),
        )
    ]
    more = pd.concat([indicators, pd.DataFrame(rows).astype(indicators.dtypes.to_dict())], ignore_index=True)
    chosen = catalogue["id"] == "lag_ek_standard"
    catalogue = catalogue.assign(
        deso_start=pd.array([2022 if c else pd.NA for c in chosen], "Int64"),
        deso_end=pd.array([2024 if c else pd.NA for c in chosen], "Int64"),
    )
    return more, catalogue


# FICTIONAL municipalities: code, name, DeSOs (2018 division); Linköping's own is 0580 with 4.
MUNICIPALITIES = [
    ("0580", "Linköping", 4),
    ("9901", "Fiktiv stor", 6),
    ("9902", "Fiktiv lik", 3),
    ("9903", "Fiktiv liten", 1),
]
# FICTIONAL values per municipality: an index of dissimilarity, one of isolation and a share in per cent.
MUNICIPAL = {
    "diss_fiktiv": (
        "Segregationsindex, fiktiv",
        "Index of dissimilarity, fictional",
        "index",
        2,
        [0.30, 0.50, 0.20, 0.10],
    ),
    "isol_fiktiv": ("Isoleringsindex, fiktiv", "Isolation index, fictional", "index", 2, [0.25, 0.40, 0.25, 0.05]),
    "andel_fiktiv": (
        "Andel i utsatta områden, fiktiv",
        "Share in deprived areas, fictional",
        "%",
        1,
        [16.0, 20.0, 7.0, 0.0],
    ),
}


def with_municipalities(
    indicators: pd.DataFrame, catalogue: pd.DataFrame, geographies: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """FICTIONAL whole-municipality series for four municipalities in 2022 (the share also in 2023, Linköping only),
    their catalogue entries (comparison series, not the plan's) and the municipalities' DeSOs."""
    rows = [
        _row(i, "kommun", code, name, pd.NA, 2022, values[n], unit)
        for i, (_, _, unit, _, values) in MUNICIPAL.items()
        for n, (code, name, _) in enumerate(MUNICIPALITIES)
    ]
    rows.append(_row("andel_fiktiv", "kommun", "0580", "Linköping", pd.NA, 2023, 15.0, "%"))
    more = pd.concat([indicators, pd.DataFrame(rows).astype(indicators.dtypes.to_dict())], ignore_index=True)
    entries = pd.DataFrame(
        [
            {"id": i, "name_sv": sv, "name_en": en, "unit": unit, "decimals": decimals, "direction": "lower"}
            for i, (sv, en, unit, decimals, _) in MUNICIPAL.items()
        ]
    ).assign(area_no=pd.NA, confirmed=False, series_breaks=pd.NA, break_rules=[()] * len(MUNICIPAL), plan=False)
    entries = entries.assign(producer=SOURCE, source_table="FIKTIV tabell", fetch_table=pd.NA, prices=None)
    entries = entries.assign(plausible_low=pd.NA, plausible_high=pd.NA, deso_start=pd.NA, deso_end=pd.NA)
    more_catalogue = pd.concat([catalogue, entries.astype(catalogue.dtypes.to_dict())], ignore_index=True)
    desos = pd.DataFrame(
        [
            ("deso", f"{code}A{n:04d}", f"{code}A{n:04d}", None, code, "DeSO 2018")
            for code, _, count in MUNICIPALITIES
            for n in range(count)
        ],
        columns=["geo_kind", "geo_code", "geo_name", "district", "kommun_code", "note"],
    )
    more_geographies = pd.concat([geographies, desos], ignore_index=True)
    return more, more_catalogue, more_geographies
