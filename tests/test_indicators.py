"""segstats build / load_indicators on the real sources: reproducible, honest about geography, checked on load."""

import hashlib
import shutil

import pandas as pd
import pytest

from segstats import build_indicators, load_geographies, load_indicators, paths
from segstats.errors import DataValidationError, SegstatsError, SourceFormatError
from segstats.indicators.store import resolve_overlaps
from segstats.io import read_raw_csv

from .conftest import copy_raw_data

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

RAW = paths.indicators_raw_dir()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A fresh build from a copy of the raw data."""
    data_dir = copy_raw_data(tmp_path_factory.mktemp("data"))
    build_indicators(data_dir)
    return data_dir


def _value(df, indicator, geo_code, year):
    row = df[(df["indicator"] == indicator) & (df["geo_code"] == geo_code) & (df["year"] == year)]
    assert len(row) == 1, (indicator, geo_code, year)
    return row.iloc[0]


@pytest.mark.realdata
def test_fresh_build_reproduces_committed_tables_byte_for_byte(built):
    for name in (paths.INDICATORS_FILE, paths.GEOGRAPHIES_FILE):
        assert (paths.processed_dir(built) / name).read_bytes() == (paths.processed_dir() / name).read_bytes(), name


@pytest.mark.realdata
def test_processed_table_stays_modest():
    # 12.3 MB with every DeSO of Sweden in 2022 (docs/indicators.md, "Storage": why CSV, and when that changes).
    assert (paths.processed_dir() / paths.INDICATORS_FILE).stat().st_size < 15_000_000


@pytest.mark.realdata
def test_contract_columns_and_dtypes(indicators):
    assert list(indicators.columns) == [
        *("indicator", "geo_kind", "geo_code", "geo_name", "district", "year", "value", "unit"),
        *("source", "source_ref", "derived", "note", "implausible"),
    ]
    assert indicators["year"].dtype == "int64" and indicators["value"].dtype == "float64"
    assert indicators["derived"].dtype == "bool" and indicators["implausible"].dtype == "bool"
    assert list(indicators["geo_kind"].cat.categories) == [
        "riket",
        "kommun",
        "regso",
        "deso",
        "stadsdel",
        "valdistrikt",
    ]
    assert not indicators.duplicated(["indicator", "geo_kind", "geo_code", "year"]).any()


@pytest.mark.realdata
def test_real_values_for_districts_linkoping_sweden_and_every_regso(indicators):
    # SCB's counts: Skäggetorp-Tornby 2023 has 10 060 inhabitants, 3 826 born in Sweden.
    row = _value(indicators, "utrikes_fodda", "0580R018", 2023)
    assert row["value"] == pytest.approx(61.97) and row["derived"] and row["district"] == "Skäggetorp"
    assert row["note"] == "derived: 100*(1-Sverige/totalt)"
    assert _value(indicators, "lag_ekstd", "0580R018", 2024)["value"] == 48
    assert _value(indicators, "median_ekstd", "0580", 2024)["value"] == pytest.approx(327.9)
    assert _value(indicators, "folkmangd", "00", 2020)["value"] == 10_379_295  # Sweden, 31 Dec 2020
    regso = indicators[(indicators["geo_kind"] == "regso") & (indicators["indicator"] == "omradestyp")]
    assert regso.groupby("year").size().to_dict() == {2022: 3363, 2023: 3363}
    types = regso[regso["year"] == 2023].set_index("geo_code")["value"]
    assert (types["0580R018"], types["0580R001"], types["0580R017"]) == (1, 2, 2)
    for indicator in ("utrikes_fodda", "hyresratt", "loneinkomst_medel"):
        counts = indicators[(indicators["indicator"] == indicator) & (indicators["geo_kind"] == "regso")]
        assert counts.groupby("year").size().loc[2020:2023].min() >= 3363


@pytest.mark.realdata
def test_every_row_names_its_source_and_a_raw_file_that_exists(indicators):
    assert indicators["source"].notna().all()
    files = indicators["source_ref"].astype(str).str.split(" · ").str[0].unique()
    assert all((RAW / f).is_file() for f in files)
    page_rows = indicators["source_ref"].astype(str).str.startswith("transcribed/linkoping_published")
    assert indicators.loc[page_rows, "source_ref"].astype(str).str.contains(" · http").all()


@pytest.mark.realdata
def test_stadsdel_and_regso_of_a_district_are_different_geographies(indicators):
    skaggetorp = indicators[indicators["district"] == "Skäggetorp"]
    kinds = skaggetorp.groupby("geo_kind", observed=True)["geo_code"].unique()
    assert list(kinds["regso"]) == ["0580R018"]
    assert list(kinds["stadsdel"]) == ["Skäggetorp"]
    # The confirmed indicator's 73.1 % is the municipality's stadsdel, not RegSO Skäggetorp-Tornby.
    confirmed = skaggetorp[skaggetorp["indicator"] == "barn_lag_ekstd"]
    assert confirmed[["geo_kind", "geo_code", "year", "value"]].values.tolist() == [
        ["stadsdel", "Skäggetorp", 2020, 73.1]
    ]
    geographies = load_geographies().set_index("geo_code")
    assert "smaller than RegSO 0580R018" in geographies.loc["Skäggetorp", "note"]
    assert geographies.loc["0580R018", "geo_name"] == "Skäggetorp-Tornby"


@pytest.mark.realdata
def test_districts_have_their_deso(indicators):
    deso = load_geographies().query("geo_kind == 'deso'")
    by_district = deso.groupby("district", observed=True)["geo_code"].apply(sorted).to_dict()
    assert by_district["Berga"] == ["0580C1160", "0580C1180", "0580C1220", "0580C1250"]
    assert by_district["Ryd"] == ["0580C1380", "0580C1400", "0580C1460", "0580C1510", "0580C1620"]
    assert by_district["Skäggetorp"] == ["0580C1610", "0580C1630", "0580C1660", "0580C1670", "0580C1680"]
    values = indicators[(indicators["geo_kind"] == "deso") & (indicators["indicator"] == "lag_ekstd")]
    for year in (2022, 2024):
        in_year = values[values["year"] == year]
        assert in_year.groupby("district", observed=True).size().to_dict() == {"Berga": 4, "Ryd": 5, "Skäggetorp": 5}


@pytest.mark.realdata
def test_derived_rows_give_their_formula_and_others_do_not(indicators):
    notes = indicators["note"].astype(str)
    assert notes[indicators["derived"]].str.startswith("derived: ").all()
    assert not notes[~indicators["derived"]].str.startswith("derived: ").any()


@pytest.mark.realdata
def test_rental_share_divides_by_all_dwellings_as_scb_does():
    """SCB's published shares (am-dashboard, 3 decimals) match only with 'uppgift saknas' counted."""
    tenure = read_raw_csv(RAW / "mumbokatten/deso_housing_tenure.csv")
    linkoping = tenure[tenure["region"].str.startswith("Linköping (")]
    published = {2020: 50.423, 2021: 50.559, 2022: 50.33, 2023: 50.471}
    for year, value in published.items():
        counts = linkoping.groupby("upplåtelseform")[f"Antal {year}"].agg(lambda s: s.astype(int).sum())
        assert round(100 * counts["hyresrätt"] / counts.sum(), 3) == value
        assert round(100 * counts["hyresrätt"] / counts.drop("uppgift saknas").sum(), 3) != value


@pytest.mark.realdata
def test_a_value_two_sources_give_is_kept_once_with_the_other_named(indicators):
    row = _value(indicators, "hyresratt", "0580", 2020)
    assert row["source_ref"] == "mumbokatten/deso_housing_tenure.csv" and row["value"] == pytest.approx(50.42)
    assert "also 50.423 in transcribed/am_dashboard_se_kommun0580_timeseries.csv" in row["note"]
    row = _value(indicators, "lag_ekstd", "0580", 2021)
    assert row["value"] == 16 and "also 16.5 in transcribed/linkoping_published_page_values.csv" in row["note"]


@pytest.mark.realdata
def test_sources_agree_where_they_overlap(indicators):
    """Cross-checks between independent sources: RegSO sums against published totals."""
    lulea = read_raw_csv(RAW / "transcribed/lulea_samband_inflyttning_panel_0580.csv").set_index("year")
    for year in range(2020, 2024):
        linkoping = indicators[(indicators["indicator"] == "folkmangd") & (indicators["geo_kind"] == "regso")]
        total = linkoping[linkoping["year"] == year]["value"].sum()
        assert total == int(lulea.loc[str(year), "folkmangd"])
    # linkoping.se: 31 396 foreign-born in 2023, 18.8 % of the population.
    assert round(_value(indicators, "utrikes_fodda", "0580", 2023)["value"], 1) == 18.8
    born = read_raw_csv(RAW / "mumbokatten/deso_foreign_born.csv")
    counts = born[born["region"].str.startswith("Linköping (")].groupby("födelseregion")["Antal 2023"]
    counts = counts.agg(lambda s: s.astype(int).sum())
    assert counts["totalt"] - counts["Sverige"] == 31_396


@pytest.mark.realdata
def test_percentages_lie_within_0_and_100(indicators):
    percent = indicators[indicators["unit"] == "%"]["value"].dropna()
    assert percent.between(0, 100).all()


def test_resolve_overlaps_keeps_the_preferred_source_and_names_the_other():
    rows = pd.DataFrame(
        {
            "indicator": ["x", "x", "x"],
            "geo_kind": ["kommun"] * 3,
            "geo_code": ["0580"] * 3,
            "year": [2020, 2020, 2021],
            "value": [1.5, 1.0, 2.0],
            "source": ["B", "A", "A"],
            "source_ref": ["b.csv", "a.csv", "a.csv"],
            "derived": [False] * 3,
            "note": ["fictional", None, None],
            "rank": [2, 1, 1],
        }
    )
    kept = resolve_overlaps(rows)
    assert kept[["year", "value", "source_ref"]].values.tolist() == [[2020, 1.0, "a.csv"], [2021, 2.0, "a.csv"]]
    assert kept["note"].iloc[0] == "also 1.5 in b.csv" and pd.isna(kept["note"].iloc[1])
    rows.loc[0, "rank"] = 1
    with pytest.raises(SourceFormatError, match="both give x for 0580 2020; keep one"):
        resolve_overlaps(rows)


def _corrupt(data_dir, change) -> None:
    csv = paths.processed_dir(data_dir) / paths.INDICATORS_FILE
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    change(df)
    df.to_csv(csv, index=False)


@pytest.mark.realdata
def test_load_reports_every_bad_cell(built, tmp_path):
    data_dir = copy_raw_data(tmp_path)
    paths.processed_dir(data_dir).mkdir()
    for name in (paths.INDICATORS_FILE, paths.GEOGRAPHIES_FILE):
        (paths.processed_dir(data_dir) / name).write_bytes((paths.processed_dir(built) / name).read_bytes())

    def change(df):
        df.loc[0, "value"] = "140"  # barn_lag_ekstd, per cent
        df.loc[1, "indicator"] = "no_such_indicator"
        df.loc[2, "geo_code"] = "0580R999"
        df.loc[3, "value"] = ""  # missing, and no note says why
        df.loc[3, "note"] = ""
        df.loc[5] = df.loc[4]  # the same indicator, place and year twice

    _corrupt(data_dir, change)
    with pytest.raises(DataValidationError) as info:
        load_indicators(data_dir)
    message = str(info.value)
    assert "row 2, column value: 140.0 lies outside 0–100" in message
    assert "row 3, column indicator: 'no_such_indicator' is not one of barn_lag_ekstd, lag_ekstd," in message
    assert "row 4, column geo_code: geo_kind and geo_code must name a known geography" in message
    assert "'0580R999'" in message
    assert "row 5, column source_ref: a missing value needs a note" in message
    assert "row 6" in message and "row 7" in message
    assert "6 values that the indicators table does not allow:" in message
    assert message.endswith("Run 'segstats build' to make it again from data/raw/")


@pytest.mark.realdata
def test_missing_processed_table_says_how_to_make_it(tmp_path):
    copy_raw_data(tmp_path)
    with pytest.raises(SegstatsError, match="run 'segstats build' first"):
        load_indicators(tmp_path)


@pytest.mark.realdata
def test_an_indicator_missing_from_the_catalogue_is_an_error(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    catalogue = paths.catalogue_path(data_dir)
    text = catalogue.read_text(encoding="utf-8")
    start = text.index("  - id: loneinkomst_medel")
    end = text.index("  - id: omradestyp")
    catalogue.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(
        DataValidationError, match=r"has no entry for: loneinkomst_medel \(from mumbokatten/deso_income.csv\)"
    ):
        build_indicators(data_dir)


@pytest.mark.realdata
def test_a_regso_name_that_cannot_be_mapped_is_an_error_not_a_lost_row(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    source = paths.indicators_raw_dir(data_dir) / "mumbokatten/deso_income.csv"
    source.write_bytes(source.read_bytes().replace(b"Link\xc3\xb6ping (Ryd)", b"Link\xc3\xb6ping (Rydd)"))
    with pytest.raises(SourceFormatError) as info:
        build_indicators(data_dir)
    assert "mumbokatten/deso_income.csv" in str(info.value)
    assert "'Linköping (Rydd)' (no such RegSO in SCB's key)" in str(info.value)
    assert not (paths.processed_dir(data_dir) / paths.INDICATORS_FILE).exists()


@pytest.mark.realdata
def test_a_bad_number_names_file_line_and_column(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    source = paths.indicators_raw_dir(data_dir) / "transcribed/am_dashboard_se_regso2025_linkoping_other.csv"
    source.write_text(source.read_text(encoding="utf-8").replace(",309.5,", ",ca 310,"), encoding="utf-8")
    with pytest.raises(SourceFormatError) as info:
        build_indicators(data_dir)
    assert str(info.value).startswith(
        "transcribed/am_dashboard_se_regso2025_linkoping_other.csv: column 'income_med_equiv_disp_tkr_2024': "
        "not a number (line 3: 'ca 310')"
    )


@pytest.mark.realdata
def test_an_unknown_column_or_indicator_text_is_an_error(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    pages = paths.indicators_raw_dir(data_dir) / "transcribed/linkoping_published_page_values.csv"
    pages.write_text(pages.read_text(encoding="utf-8").replace("valdeltagande riksdagsval", "valdeltagande EU-val", 1))
    with pytest.raises(SourceFormatError, match="unknown indicator text\\(s\\) 'valdeltagande EU-val'"):
        build_indicators(data_dir)


@pytest.mark.realdata
def test_a_missing_source_file_is_an_error(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    (paths.indicators_raw_dir(data_dir) / "transcribed/esf_project_text_values.csv").unlink()
    with pytest.raises(SourceFormatError, match="esf_project_text_values.csv: the source file is missing"):
        build_indicators(data_dir)


@pytest.mark.realdata
def test_every_raw_indicator_file_has_its_provenance_and_checksum():
    readme = (paths.raw_dir() / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in readme.splitlines() if line.startswith("| `indicators/")}
    files = sorted(p for p in RAW.rglob("*") if p.is_file() and p.parent.name != "scb_pxweb")
    assert sorted(rows) == [f"indicators/{p.relative_to(RAW)}" for p in files]
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"`{digest}`" in rows[f"indicators/{path.relative_to(RAW)}"], path


@pytest.mark.realdata
def test_a_regso_without_one_of_its_counts_is_an_error(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    source = paths.indicators_raw_dir(data_dir) / "mumbokatten/deso_housing_tenure.csv"
    lines = source.read_bytes().split(b"\r\r\n")
    source.write_bytes(b"\r\r\n".join(x for x in lines if not x.startswith('"Linköping (Ryd)","uppgift'.encode())))
    with pytest.raises(SourceFormatError, match="RegSO 0580R017 has no row for uppgift saknas"):
        build_indicators(data_dir)


@pytest.mark.realdata
def test_a_large_table_is_checked_and_read_in_chunks_with_the_same_result(tmp_path, monkeypatch, indicators):
    from segstats import processed

    data_dir = copy_raw_data(tmp_path)
    shutil.copytree(paths.processed_dir(), paths.processed_dir(data_dir))
    monkeypatch.setattr(processed, "ONE_PASS_BYTES", 1_000_000)  # the shipped table counts as large
    monkeypatch.setattr(processed, "CHUNK_BYTES", 300_000)  # and is read in some 40 pieces
    pd.testing.assert_frame_equal(load_indicators(data_dir), indicators)
    # A row cut short deep in the file is named by its row, as in one pass.
    path = paths.processed_dir(data_dir) / paths.INDICATORS_FILE
    lines = path.read_bytes().split(b"\n")
    lines[70_000] = lines[70_000].rsplit(b",", 2)[0]
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(DataValidationError, match="row 70001 does not have the header's 13 fields"):
        load_indicators(data_dir)


@pytest.mark.realdata
def test_a_duplicated_row_is_an_error_naming_both_rows(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    shutil.copytree(paths.processed_dir(), paths.processed_dir(data_dir))
    path = paths.processed_dir(data_dir) / paths.INDICATORS_FILE
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join([*lines, lines[6]]))  # the sixth row once more, at the end
    with pytest.raises(DataValidationError) as error:
        load_indicators(data_dir)
    assert "row 7, column year: indicator, geo_kind, geo_code and year must name one row" in str(error.value)
    assert f"row {len(lines) + 1}, column year" in str(error.value)
