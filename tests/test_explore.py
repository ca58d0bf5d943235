"""The functions behind the exploration notebook's controls."""

import base64
import io
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from segstats import load_indicators, load_measures
from segstats.errors import UnknownCodeError
from segstats.explore import views as explore
from segstats.explore.views import filter_measures


@pytest.fixture(scope="module")
def measures():
    return load_measures()


def ids(df):
    return df["measure_id"].tolist()


def test_no_control_set_keeps_everything(measures):
    assert len(filter_measures(measures)) == 60


def test_status_and_area(measures):
    assert ids(filter_measures(measures, areas=[5], statuses=["not_done"])) == ["5.1", "5.9"]


def test_department_selects_its_sub_units(measures):
    klf = filter_measures(measures, departments=["KLF"])
    assert "1.3" in ids(klf)  # KLF-SÄK with SOF
    assert set(ids(filter_measures(measures, departments=["KLF-SÄK"]))) < set(ids(klf))
    assert ids(filter_measures(measures, departments=["VSS"])) == ["1.5"]


def test_district_matches_any_named(measures):
    ryd_only = filter_measures(measures, districts=["Ryd"])
    assert {"2.11", "4.12", "5.10"} <= set(ids(ryd_only))
    assert "4.1" not in ids(ryd_only)  # Skäggetorp only
    assert ids(filter_measures(measures, districts=["Mottagande skolor"])) == ["3.1"]


def test_text_search_ignores_case_and_swedish_letters(measures):
    assert ids(filter_measures(measures, text="GLYTTINGEBADET")) == ["5.10"]
    assert ids(filter_measures(measures, text="skaggetorpsskolan mottagning")) == ["3.1"]


def test_empty_selection_is_an_empty_frame_not_an_error(measures):
    empty = filter_measures(measures, years=[2030])
    assert empty.empty and list(empty.columns) == list(measures.columns)


def test_unknown_code_names_the_allowed_ones(measures):
    with pytest.raises(UnknownCodeError, match="status must be one of done, ongoing, not_done, but 'klar'"):
        filter_measures(measures, statuses=["klar"])


@pytest.fixture(scope="module")
def indicators():
    return load_indicators()


def places(df):
    return list(zip(df["geo_kind"], df["geo_name"], df["year"], df["value"], strict=True))


def test_indicator_controls_pick_district_level_year_and_comparison(indicators):
    rows = explore.filter_indicators(
        indicators, "lag_ekstd", districts=["Ryd"], geo_kinds=["regso"], years=[2024], comparisons=["kommun", "riket"]
    )
    assert places(rows) == [("regso", "Ryd", 2024, 44.0), ("kommun", "Linköping", 2024, 15.0)]


def test_indicator_without_comparison_shows_only_the_districts(indicators):
    rows = explore.filter_indicators(indicators, "lag_ekstd")
    assert rows["district"].notna().all()
    assert set(rows["district"]) == {"Berga", "Ryd", "Skäggetorp"}


def test_empty_indicator_selection_is_the_no_data_path(indicators):
    assert explore.filter_indicators(indicators, "lag_ekstd", years=[1900], comparisons=["kommun"]).empty
    assert explore.NO_DATA["sv"] == "Inga data för det här urvalet."


def test_peers_keep_the_chosen_districts(indicators):
    peers = explore.peer_rows(indicators, "hyresratt", ["Ryd"])
    assert set(peers["district"]) == {"Ryd"}
    assert peers["is_district"].sum() == 1
    assert (len(peers), set(peers["year"])) == (293, {2023})  # every RegSO of type 2, in a complete year
    # 2024: Linköping's RegSOs alone, two of them of Ryd's type; no comparison rather than a rank among two
    assert explore.peer_rows(indicators, "lag_ekstd", ["Ryd"]).empty


TABLE = pd.DataFrame({"title": ['=HYPERLINK("x")', "Trygghet i Ryd"], "value": [-1.5, 44.0]})


def test_csv_download_round_trips_with_formulas_neutralised():
    back = pd.read_csv(io.BytesIO(explore.csv_bytes(TABLE)), encoding="utf-8-sig")
    assert back["title"].tolist() == ['\'=HYPERLINK("x")', "Trygghet i Ryd"]
    assert back["value"].tolist() == [-1.5, 44.0]


def test_xlsx_download_round_trips_with_formulas_neutralised():
    back = pd.read_excel(io.BytesIO(explore.xlsx_bytes(TABLE)), engine="openpyxl")
    assert back["title"].tolist() == ['\'=HYPERLINK("x")', "Trygghet i Ryd"]
    assert back["value"].tolist() == [-1.5, 44.0]


def test_png_download_is_the_figure():
    figure, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    data = explore.png_bytes(figure)
    plt.close(figure)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")


def test_download_link_carries_the_bytes():
    link = explore.download_link(b"a;b\n1;2\n", "tabell.csv", "Tabell som CSV")
    match = re.fullmatch(r'<a download="tabell.csv" href="data:text/csv;base64,([^"]+)">Tabell som CSV</a>', link)
    assert match and base64.b64decode(match[1]) == b"a;b\n1;2\n"


def test_measure_table_writes_codes_out_in_the_chosen_language(measures):
    rows = filter_measures(measures, areas=[5], statuses=["not_done"])
    sv, en = explore.measure_table(rows), explore.measure_table(rows, "en")
    assert sv["Status"].tolist() == ["Ej genomförd", "Ej genomförd"]
    assert en["Status"].tolist() == ["Not done", "Not done"] and en.columns[0] == "Year"
    assert sv.loc[0, "Förvaltningar"] == "Kultur- och fritidsförvaltningen"


def test_indicator_table_keeps_values_as_numbers(indicators):
    rows = explore.filter_indicators(indicators, "lag_ekstd", districts=["Ryd"], years=[2024], comparisons=["kommun"])
    table = explore.indicator_table(rows)
    assert table.loc[table["Område"] == "Linköping", "Värde"].tolist() == [15.0]
    assert set(table["Geografi"]) >= {"RegSO", "kommun"}
