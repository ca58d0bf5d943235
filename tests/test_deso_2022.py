"""SCB's 2022 DeSO exports: every DeSO of Sweden, read with the files' own headers, a changed layout an error."""

import shutil

import openpyxl
import pytest

from segstats import build_indicators, load_geographies, paths
from segstats.errors import SourceFormatError
from segstats.indicators import geo
from segstats.indicators.sources import jkawalerowicz
from segstats.io import read_raw_csv

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("english")]  # every test here reads the shipped data

RAW = paths.indicators_raw_dir()
EXPORTS = RAW / "jkawalerowicz"
LOW_ECONOMIC_STANDARD = "000006TA_20240813-153551.xlsx"


def _value(df, indicator, code, year=2022):
    row = df[(df["indicator"] == indicator) & (df["geo_code"] == code) & (df["year"] == year)]
    assert len(row) == 1, (indicator, code, year)
    return row.iloc[0]


def test_every_deso_of_sweden_has_its_2022_values(indicators):
    deso_2018 = load_geographies().query("geo_kind == 'deso' and note.str.contains('2018')")
    assert len(deso_2018) == 5984 and deso_2018["regso_code"].notna().all()
    for indicator in ("lag_ekstd", "utlandsk_bakgrund", "utrikes_fodda", "hyresratt"):
        rows = indicators[(indicators["indicator"] == indicator) & (indicators["geo_kind"] == "deso")]
        assert set(rows.loc[rows["year"] == 2022, "geo_code"]) == set(deso_2018["geo_code"]), indicator
    for indicator in ("eftergymnasial_25_64", "sysselsattning_16_64", "nettoinkomst_median"):
        rows = indicators[(indicators["indicator"] == indicator) & (indicators["geo_kind"] == "deso")]
        assert (rows["year"] == 2022).sum() == 5984, indicator


def test_the_values_are_scbs_and_the_shares_say_how(indicators):
    # As in the files (SCB's examples): low economic standard 50 % and 77 %, median net income 245.5.
    row = _value(indicators, "lag_ekstd", "0580C1660")
    assert row["value"] == 50 and not row["derived"] and row["district"] == "Skäggetorp"
    assert row["source_ref"] == f"jkawalerowicz/{LOW_ECONOMIC_STANDARD}" and row["source"] == "SCB"
    assert _value(indicators, "lag_ekstd", "0580C1460")["value"] == 77
    assert _value(indicators, "nettoinkomst_median", "0580C1160")["value"] == 245.5
    # 0580C1160: 779 of 1 899 with foreign background; 795 of 945 dwellings let as rentals.
    row = _value(indicators, "utlandsk_bakgrund", "0580C1160")
    assert row["value"] == round(100 * 779 / 1899, 2) and row["derived"]
    assert row["note"] == "derived: 100*utländsk bakgrund/totalt"
    assert _value(indicators, "hyresratt", "0580C1160")["value"] == round(100 * 795 / (795 + 36 + 114 + 0), 2)
    # Employment 16-64 divides by SCB's published total (its parts need not add up): 831 of 1 200.
    assert _value(indicators, "sysselsattning_16_64", "0580C1160")["value"] == round(100 * 831 / 1200, 2)


def test_the_districts_deso_have_2022_and_2024_in_one_series(indicators):
    rows = indicators[(indicators["indicator"] == "lag_ekstd") & (indicators["geo_code"] == "0580C1610")]
    assert rows.set_index("year")["value"].to_dict() == {2022: 51, 2024: 42}


def test_post_secondary_25_64_of_the_deso_sums_to_the_luleå_panels_linköping_value(indicators):
    """One series: Linköping's DeSO counts give exactly the 2022 value the Luleå panel has."""
    workbook = openpyxl.load_workbook(EXPORTS / "000005MO_20240813-151714.xlsx", read_only=True)
    counts = [r[1:6] for r in workbook.worksheets[0].iter_rows(min_row=5, values_only=True) if str(r[0])[:4] == "0580"]
    totals = [sum(column) for column in zip(*counts, strict=True)]
    panel = read_raw_csv(RAW / "transcribed/lulea_samband_inflyttning_panel_0580.csv")
    published = float(panel.loc[panel["year"] == "2022", "andel_eftergymnasial"].iloc[0])
    assert 100 * (totals[2] + totals[3]) / sum(totals) == published


def test_no_regso_value_is_summed_from_the_deso(indicators):
    from_exports = indicators[indicators["source_ref"].astype(str).str.startswith("jkawalerowicz/")]
    # DeSO values, and the municipalities' segregation indices over their DeSOs; never a RegSO.
    assert set(from_exports["geo_kind"]) == {"deso", "kommun"}
    per_kommun = from_exports[from_exports["geo_kind"] == "kommun"]
    assert per_kommun["indicator"].astype(str).str.match("^(diss|isol)_").all()


def test_the_geography_table_has_each_deso_with_its_regso_and_kommun():
    places = load_geographies().set_index("geo_code")
    assert places.loc["0114A0010", ["regso_code", "kommun_code", "kommun_name"]].tolist() == [
        "0114R010",
        "0114",
        "Upplands Väsby",
    ]
    assert places.loc["0580C1610", "district"] == "Skäggetorp"


def _changed_export(tmp_path, change) -> tuple:
    data_dir = tmp_path / "data"
    (data_dir / "raw" / "indicators").mkdir(parents=True)
    shutil.copytree(RAW, data_dir / "raw" / "indicators", dirs_exist_ok=True)
    shutil.copy(paths.catalogue_path(), paths.catalogue_path(data_dir))
    path = paths.indicators_raw_dir(data_dir) / "jkawalerowicz" / LOW_ECONOMIC_STANDARD
    workbook = openpyxl.load_workbook(path)
    change(workbook.worksheets[0])
    workbook.save(path)
    return data_dir


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.__setitem__("A1", "Låg ekonomisk standard efter region"), ":1: column 'A': the title must be"),
        (lambda s: s.__setitem__("C4", "2023"), ":4: column 'C': the header must be '2022', but the file has '2023'"),
        (lambda s: s.__setitem__("B3", "Hög ekonomisk standard, procent"), ":3: column 'B': the header must be"),
        (lambda s: s.__setitem__("B10", ".."), ":10: column 'B': '..' is not a number"),
        (lambda s: s.__setitem__("E7", 5), ":7: column 'E': a cell beyond the 3 columns"),
        (lambda s: s.__setitem__("A8", "0114C9999"), ":8: column 'A': '0114C9999' is no DeSO of SCB's key"),
        (lambda s: s.delete_rows(8), "the export lacks DeSOs of SCB's key: 0114C1020"),
    ],
    ids=["title", "year", "column", "not-a-number", "extra-column", "unknown-deso", "missing-deso"],
)
def test_a_changed_layout_is_an_error_naming_file_row_and_column(tmp_path, change, message):
    data_dir = _changed_export(tmp_path, change)
    with pytest.raises(SourceFormatError, match=f"jkawalerowicz/{LOW_ECONOMIC_STANDARD}") as error:
        build_indicators(data_dir)
    assert message in str(error.value)
    assert not (paths.processed_dir(data_dir) / paths.INDICATORS_FILE).exists()


def test_every_export_read_has_its_layout_and_every_layout_its_file():
    assert sorted(p.name for p in EXPORTS.iterdir()) == sorted(jkawalerowicz.LAYOUT["files"])
    assert geo.KEY_2020.startswith("addegezon/")
