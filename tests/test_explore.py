"""The functions behind the exploration's controls: what they select and how it reads."""

import re

import pandas as pd
import pytest

from segstats import load_indicators, load_measures
from segstats.errors import UnknownCodeError
from segstats.explore import model, page, trend
from segstats.explore.measures import filter_measures, measure_list, measure_values, measures_sentence
from segstats.indicators.analysis import trend_rows

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def measures():
    return load_measures()


def ids(df):
    return df["measure_id"].tolist()


@pytest.mark.realdata
def test_no_control_set_keeps_everything(measures):
    assert len(filter_measures(measures)) == 60


@pytest.mark.realdata
def test_status_and_area(measures):
    assert ids(filter_measures(measures, areas=[5], statuses=["not_done"])) == ["5.1", "5.9"]


@pytest.mark.realdata
def test_the_question_area_2_aimed_at_skaggetorp_not_done(measures):
    assert ids(filter_measures(measures, areas=[2], districts=["Skäggetorp"], statuses=["not_done"])) == ["2.3"]


@pytest.mark.realdata
def test_department_selects_its_sub_units(measures):
    klf = filter_measures(measures, departments=["KLF"])
    assert "1.3" in ids(klf)  # KLF-SÄK with SOF
    assert set(ids(filter_measures(measures, departments=["KLF-SÄK"]))) < set(ids(klf))
    assert ids(filter_measures(measures, departments=["VSS"])) == ["1.5"]


@pytest.mark.realdata
def test_district_matches_any_named(measures):
    ryd_only = filter_measures(measures, districts=["Ryd"])
    assert {"2.11", "4.12", "5.10"} <= set(ids(ryd_only))
    assert "4.1" not in ids(ryd_only)  # Skäggetorp only
    assert ids(filter_measures(measures, districts=["Mottagande skolor"])) == ["3.1"]


@pytest.mark.realdata
def test_text_search_ignores_case_and_swedish_letters(measures):
    assert ids(filter_measures(measures, text="GLYTTINGEBADET")) == ["5.10"]
    assert ids(filter_measures(measures, text="skaggetorpsskolan mottagning")) == ["3.1"]


@pytest.mark.realdata
def test_empty_selection_is_an_empty_frame_not_an_error(measures):
    empty = filter_measures(measures, years=[2030])
    assert empty.empty and list(empty.columns) == list(measures.columns)


@pytest.mark.realdata
def test_unknown_code_names_the_allowed_ones(measures):
    with pytest.raises(UnknownCodeError, match="status must be one of done, ongoing, not_done, but 'klar'"):
        filter_measures(measures, statuses=["klar"])


@pytest.mark.realdata
def test_the_measures_download_has_whole_texts_and_each_code_beside_its_label_in_the_chosen_language(measures):
    rows = filter_measures(measures, areas=[2], statuses=["not_done"])
    sv, en = measure_values(rows), measure_values(rows, "en")
    assert list(sv.columns) == list(en.columns)  # the same keys in both languages
    assert set(sv["status"]) == {"not_done"} and set(sv["status_name"]) == {"Ej genomförd"}
    assert set(en["status_name"]) == {"Not done"}
    row = sv[sv["measure_id"] == "2.3"].iloc[0]
    assert row["title"].endswith("för att bredare öppna upp arbetsmarknaden för dessa grupper")  # not cut with "…"
    assert row["status_comment"].startswith("En förstudie (Connect)")
    assert (row["area_no"], row["area_name"]) == (2, "Fler i arbete eller meningsfull sysselsättning")
    assert sv["year"].dtype == "Int64" and sv["area_no"].dtype == "Int64"


@pytest.mark.realdata
def test_measure_list_opens_on_a_click_with_description_and_comment(measures):
    html = measure_list(filter_measures(measures, text="förstudie Connect"))
    assert html.count("<details") == 1 and "<summary><b>2.3</b>" in html
    assert "<dt>Beskrivning</dt>" in html and "<dt>Kommentar</dt><dd>En förstudie (Connect)" in html


@pytest.mark.realdata
def test_measures_sentence_says_what_was_chosen_and_counts_by_status(measures):
    rows = filter_measures(measures, areas=[2], districts=["Skäggetorp"], statuses=["not_done"])
    text = measures_sentence(
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


@pytest.mark.realdata
def test_trend_controls_pick_district_level_years_and_comparison(lag_ekstd):
    rows = trend.filter_trend(
        lag_ekstd, districts=["Ryd"], geo_kinds=["regso"], years=(2024, 2024), comparisons=["kommun", "riket"]
    )
    assert places(rows) == [("regso", "Ryd", 2024, 44.0), ("kommun", "Linköping", 2024, 15.0)]


@pytest.mark.realdata
def test_latest_value_against_linkoping_with_the_gap_in_points(lag_ekstd):
    rows = trend.filter_trend(lag_ekstd, districts=["Skäggetorp"], geo_kinds=["regso"], comparisons=["kommun"])
    assert trend.latest_values(rows, "%", 0) == [
        "**Skäggetorp-Tornby (RegSO)** 2024: 48\xa0% – Linköping 15\xa0%, skillnad +33\xa0procentenheter."
    ]


@pytest.mark.realdata
def test_a_comparison_or_district_without_data_is_said_not_silently_dropped(lag_ekstd):
    chosen = {"districts": ["Berga", "Skäggetorp"], "geo_kinds": ["stadsdel"], "years": (2011, 2024)}
    rows = trend.filter_trend(lag_ekstd, **chosen, comparisons=["kommun", "riket"])
    notes = trend.missing_notes(lag_ekstd, rows, **chosen, comparisons=["kommun", "riket"])
    assert notes == [
        "Berga har inget värde för Stadsdel (kommunens egen indelning) 2014–2024. "
        "Det finns värden för RegSO (SCB:s regionala statistikområde) 2024.",
        "Skäggetorp har inget värde för Stadsdel (kommunens egen indelning) 2014–2024. "
        "Det finns värden för RegSO (SCB:s regionala statistikområde) 2024.",
        "Sverige har inget värde för den här indikatorn 2014–2024.",
    ]


@pytest.mark.realdata
def test_indicator_table_one_row_per_area_with_level_written_out_years_as_columns(lag_ekstd):
    rows = trend.filter_trend(lag_ekstd, districts=["Ryd"], geo_kinds=["regso"], comparisons=["kommun"])
    table = trend.indicator_table(rows)
    assert list(table.columns) == ["Område", "Geografi", *map(str, range(2014, 2025)), "Källa"]
    assert table["Område"].tolist() == ["Ryd (RegSO)", "Linköping"]
    assert table["Geografi"].tolist() == ["RegSO (SCB:s regionala statistikområde)", "Kommun"]
    assert table.loc[1, "2014"] == 16.0 and pd.isna(table.loc[0, "2014"])  # missing stays missing


def test_html_table_reads_as_swedish_no_nan_no_index_with_a_caption():
    table = pd.DataFrame({"Område": ["Ryd (RegSO)", "Linköping"], "2023": [44.25, None], "Plats": [3, 10]})
    html = page.table(table, "Värden <fiktiva>", decimals=1, unit="%", own=[True, False])
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells == ["Ryd (RegSO)", "44,2\xa0%", "3", "Linköping", "–", "10"]
    assert "NaN" not in html and '<th scope="col"' in html and ">0<" not in html
    assert "<caption" in html and "Värden &lt;fiktiva&gt;" in html  # the title names the table, escaped
    assert '<tr class="ss-own">' in html


def test_a_download_link_says_what_it_downloads_and_its_file_is_made_once_when_asked_for():
    made = []
    table = page.Download("tabell.csv", "Låg standard: tabellen som CSV", lambda: made.append(1) or b"a;b\n1;2\n")
    assert table.link() == (
        '<a class="ss-download" download="tabell.csv" href="#" data-file="tabell.csv">'
        "Låg standard: tabellen som CSV</a>"
    )
    assert made == [] and table.data == b"a;b\n1;2\n" and table.data and made == [1]
    chart = page.Download("bild.png", "Låg standard: diagrammet som bild", lambda: b"png", chart="ss-x-chart")
    assert 'data-chart="ss-x-chart"' in chart.link() and "href" not in chart.link()  # the chart's own image


def test_geography_levels_are_written_out_in_both_languages():
    assert model.level("stadsdel") == "Stadsdel (kommunens egen indelning)"
    assert model.level("valdistrikt", "en") == "Election district"
    with pytest.raises(UnknownCodeError):
        model.level("planet")
