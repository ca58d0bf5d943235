"""The functions behind the exploration's controls: what they select and how it reads."""

import base64
import re

import pandas as pd
import pytest

from segstats import load_indicators, load_measures
from segstats.errors import UnknownCodeError
from segstats.explore import views
from segstats.explore.views import filter_measures
from segstats.indicators.analysis import trend_rows

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def measures():
    return load_measures()


def ids(df):
    return df["measure_id"].tolist()


def test_no_control_set_keeps_everything(measures):
    assert len(filter_measures(measures)) == 60


def test_status_and_area(measures):
    assert ids(filter_measures(measures, areas=[5], statuses=["not_done"])) == ["5.1", "5.9"]


def test_the_question_area_2_aimed_at_skaggetorp_not_done(measures):
    assert ids(filter_measures(measures, areas=[2], districts=["Skäggetorp"], statuses=["not_done"])) == ["2.3"]


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


def test_measure_table_has_whole_texts_and_labels_in_the_chosen_language(measures):
    rows = filter_measures(measures, areas=[2], statuses=["not_done"])
    sv, en = views.measure_table(rows), views.measure_table(rows, "en")
    assert sv["Status"].tolist() == ["Ej genomförd"] * len(rows)
    assert en.columns[0] == "Year" and en["Status"].iloc[0] == "Not done"
    row = sv[sv["Åtgärd"] == "2.3"].iloc[0]
    assert row["Titel"].endswith("för att bredare öppna upp arbetsmarknaden för dessa grupper")  # not cut with "…"
    assert row["Kommentar"].startswith("En förstudie (Connect)")
    assert row["Utvecklingsområde"] == "2. Fler i arbete eller meningsfull sysselsättning"


def test_measure_list_opens_on_a_click_with_description_and_comment(measures):
    html = views.measure_list(filter_measures(measures, text="förstudie Connect"))
    assert html.count("<details") == 1 and "<summary><b>2.3</b>" in html
    assert "<dt>Beskrivning</dt>" in html and "<dt>Kommentar</dt><dd>En förstudie (Connect)" in html


def test_measures_sentence_says_what_was_chosen_and_counts_by_status(measures):
    rows = filter_measures(measures, areas=[2], districts=["Skäggetorp"], statuses=["not_done"])
    text = views.measures_sentence(
        rows, years=[], areas=[2], targets=["Skäggetorp"], departments=[], statuses=["not_done"], text=""
    )
    assert text == (
        "**1 åtgärd** inom utvecklingsområde 2 riktade till Skäggetorp med status Ej genomförd. "
        "Genomförd 0, Pågår 0, Ej genomförd 1."
    )


@pytest.fixture(scope="module")
def lag_ekstd():
    return trend_rows(load_indicators(), "lag_ekstd").dropna(subset=["value"])


def places(df):
    return list(zip(df["geo_kind"], df["geo_name"], df["year"], df["value"], strict=True))


def test_trend_controls_pick_district_level_years_and_comparison(lag_ekstd):
    rows = views.filter_trend(
        lag_ekstd, districts=["Ryd"], geo_kinds=["regso"], years=(2024, 2024), comparisons=["kommun", "riket"]
    )
    assert places(rows) == [("regso", "Ryd", 2024, 44.0), ("kommun", "Linköping", 2024, 15.0)]


def test_latest_value_against_linkoping_with_the_gap_in_points(lag_ekstd):
    rows = views.filter_trend(lag_ekstd, districts=["Skäggetorp"], geo_kinds=["regso"], comparisons=["kommun"])
    assert views.latest_values(rows, "%", 0) == [
        "**Skäggetorp-Tornby (RegSO)** 2024: 48\xa0% – Linköping 15\xa0%, skillnad +33\xa0procentenheter."
    ]


def test_a_comparison_or_district_without_data_is_said_not_silently_dropped(lag_ekstd):
    chosen = {"districts": ["Berga", "Skäggetorp"], "geo_kinds": ["stadsdel"], "years": (2011, 2024)}
    rows = views.filter_trend(lag_ekstd, **chosen, comparisons=["kommun", "riket"])
    notes = views.missing_notes(lag_ekstd, rows, **chosen, comparisons=["kommun", "riket"])
    assert notes == [
        "Berga har inget värde för Stadsdel (kommunens egen indelning) 2014–2024. "
        "Det finns värden för RegSO (SCB:s regionala statistikområde) 2024.",
        "Skäggetorp har inget värde för Stadsdel (kommunens egen indelning) 2014–2024. "
        "Det finns värden för RegSO (SCB:s regionala statistikområde) 2024.",
        "Sverige har inget värde för den här indikatorn 2014–2024.",
    ]


def test_skaggetorp_regso_and_stadsdel_are_told_apart(lag_ekstd):
    chosen = {"districts": ["Skäggetorp"], "geo_kinds": ["regso"], "years": (2011, 2024), "comparisons": []}
    notes = views.missing_notes(lag_ekstd, views.filter_trend(lag_ekstd, **chosen), **chosen, lang="en")
    assert notes == [
        "RegSO Skäggetorp-Tornby is larger than the municipality's city district Skäggetorp (Rosendal, Sörgården, "
        "Nygård, Ullevi koloniområde): they are two different areas, and their values are never one series."
    ]


def test_indicator_table_one_row_per_area_with_level_written_out_years_as_columns(lag_ekstd):
    rows = views.filter_trend(lag_ekstd, districts=["Ryd"], geo_kinds=["regso"], comparisons=["kommun"])
    table = views.indicator_table(rows)
    assert list(table.columns) == ["Område", "Geografi", *map(str, range(2014, 2025)), "Källa"]
    assert table["Område"].tolist() == ["Ryd (RegSO)", "Linköping"]
    assert table["Geografi"].tolist() == ["RegSO (SCB:s regionala statistikområde)", "Kommun"]
    assert table.loc[1, "2014"] == 16.0 and pd.isna(table.loc[0, "2014"])  # missing stays missing


def test_html_table_reads_as_swedish_no_nan_no_index():
    table = pd.DataFrame({"Område": ["Ryd (RegSO)", "Linköping"], "2023": [44.25, None], "Plats": [3, 10]})
    html = views.html_table(table, decimals=1, unit="%")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells == ["Ryd (RegSO)", "44,2\xa0%", "3", "Linköping", "–", "10"]
    assert "NaN" not in html and "<th" in html and ">0<" not in html


def test_download_link_carries_the_bytes():
    link = views.download_link(b"a;b\n1;2\n", "tabell.csv", "Tabell som CSV")
    match = re.fullmatch(
        r'<a class="ss-download" download="tabell.csv" href="data:text/csv;base64,([^"]+)">Tabell som CSV</a>', link
    )
    assert match and base64.b64decode(match[1]) == b"a;b\n1;2\n"


def test_geography_levels_are_written_out_in_both_languages():
    assert views.level("stadsdel") == "Stadsdel (kommunens egen indelning)"
    assert views.level("valdistrikt", "en") == "Election district"
    with pytest.raises(UnknownCodeError):
        views.level("planet")
