"""Numbers as a reader gets them: the unit in the report's language, and the plural the number asks for."""

import pytest

from segstats import codes
from segstats.indicators.analysis import one_year_rows, shown_difference, trend_rows
from segstats.reports import fmt, labels

from . import fictional_indicators as fictional

NB = fmt.NBSP


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "said"),
    [
        (-1, 0, "sv", f"−1{NB}procentenhet"),
        (1, 0, "sv", f"+1{NB}procentenhet"),
        (-2, 0, "sv", f"−2{NB}procentenheter"),
        (1.0, 1, "sv", f"+1,0{NB}procentenheter"),  # CLDR: "1,0" is not one
        (0.5, 1, "en", f"+0.5{NB}percentage points"),
        (-1, 0, "en", f"-1{NB}percentage point"),
    ],
)
def test_percentage_points_agree_with_their_number(value, decimals, lang, said):
    assert fmt.points(value, decimals, lang) == said


@pytest.mark.parametrize(
    ("unit", "value", "decimals", "sv", "en"),
    [
        ("tkr", 245.31, 1, f"245,3{NB}tkr", f"245.3{NB}thousand SEK"),
        ("personer", 7230, 0, f"7{NB}230{NB}personer", f"7,230{NB}people"),
        ("personer", 1, 0, f"1{NB}person", f"1{NB}person"),
        ("hushåll", 642, 0, f"642{NB}hushåll", f"642{NB}households"),
        ("dagar", 21.5, 1, f"21,5{NB}dagar", f"21.5{NB}days"),
        ("index", 18.7, 1, "18,7", "18.7"),
    ],
)
def test_every_unit_is_written_in_the_reports_language(unit, value, decimals, sv, en):
    assert (fmt.value(value, unit, decimals, "sv"), fmt.value(value, unit, decimals, "en")) == (sv, en)


def test_every_unit_of_the_catalogue_has_its_words_in_both_languages():
    assert set(codes.UNIT_WORDS) | {"%"} == set(codes.codes("unit"))
    assert labels.unit_name("personer", "en") == "number of persons"


def test_a_printed_gap_is_the_difference_of_the_printed_values():
    # Skäggetorp's rental share against Linköping: 86,5 and 51,1 are printed, so the gap is +35,4.
    assert shown_difference(86.54, 51.06, 1) == pytest.approx(35.4)
    assert shown_difference(86.54, None, 1) != shown_difference(86.54, None, 1)  # missing stays missing (nan)


def test_one_year_rows_only_where_no_district_area_has_two_years():
    indicators = fictional.indicators()
    children = one_year_rows(trend_rows(indicators, "barn_lag_ek_standard"))
    assert sorted(zip(children["geo_name"], children["year"], strict=True)) == [
        ("Linköping", 2020),
        ("Skäggetorp", 2020),
    ]
    assert one_year_rows(trend_rows(indicators, "lag_ek_standard")).empty  # years: a time axis
    assert one_year_rows(trend_rows(indicators, "utan_data")).empty
