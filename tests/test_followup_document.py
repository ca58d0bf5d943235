"""The status report as the follow-up document, on small FICTIONAL frames: every measure, its history, its display."""

import pandas as pd
import pytest
from markupsafe import Markup

from segstats import codes
from segstats.measures.lineage import followed
from segstats.reports import followup
from segstats.reports.show import Entry, Field, Show
from segstats.schema import AREA_SUMMARIES, validate

from . import fictional_measures


@pytest.fixture(scope="module")
def fictional():
    """FICTIONAL measures of 2021–2023 and their lineage (tests/fictional_measures.py)."""
    return fictional_measures.three_years()


SUMMARIES = validate(
    pd.DataFrame(
        [
            {
                "year": 2021,
                "area_no": 1,
                "paragraph": 1,
                "text": "Fiktivt år.",
                "source_file": "f.txt",
                "source_line": 5,
            },
            {"year": 2021, "area_no": 1, "paragraph": 2, "text": "Mer.", "source_file": "f.txt", "source_line": 7},
        ]
    ),
    AREA_SUMMARIES,
    "fictional",
)


def test_a_measure_is_followed_back_and_forth_through_renumbering_merges_and_splits(fictional):
    measures, lineage = fictional
    path = followed(measures, lineage, 2023)
    one = path[path["measure_id"] == "1.1"]
    assert list(zip(one["year"], one["linked_id"], one["status"], strict=True)) == [
        (2021, "1.1", "ongoing"),
        (2022, "1.2", "ongoing"),
        (2023, "1.1", "ongoing"),
    ]
    assert path.loc[path["measure_id"] == "1.2", "linked_id"].tolist() == ["1.2"]  # new in 2023: itself only
    merged = followed(measures, lineage, 2022)
    rows = merged[merged["measure_id"] == "1.1"]
    assert list(zip(rows["year"], rows["linked_id"], rows["onward"].astype(object).fillna(""), strict=True)) == [
        (2021, "1.2", "merged"),
        (2021, "1.3", "merged"),
        (2022, "1.1", ""),
    ]
    split = followed(measures, lineage, 2021)
    assert split.loc[split["measure_id"] == "2.1", "linked_id"].tolist() == ["2.1", "2.1", "2.2", "2.1"]


def test_every_measure_of_the_year_stands_under_its_area_with_all_the_follow_up_says(fictional):
    measures, lineage = fictional
    areas = followup.areas(measures, lineage, SUMMARIES, 2021, "sv")
    assert [a.area_no for a in areas] == [1, 2]
    assert [m.measure_id for a in areas for m in a.measures] == ["1.1", "1.2", "1.3", "2.1"]
    first = {f.label: f for f in areas[0].measures[0].fields}
    assert first["Status"].status == "ongoing" and first["Status"].value == "Pågår"
    assert first["Ansvarig förvaltning"].value == "Social- och omsorgsförvaltningen"
    assert first["Stadsdelar"].value == "Berga, Ryd och Skäggetorp"
    assert first["Vad planen säger"].original == "Fiktiv plan."
    assert first["Förvaltningens kommentar"].original == "Fiktiv kommentar <b>utan</b> markup."
    assert first["I planen 2022"].value == "Vidmakthållen"
    assert first["Genom åren"].value == "2021: 1.1 Pågår → 2022: 1.2 Pågår → 2023: 1.1 Pågår"
    second = {f.label: f for f in areas[0].measures[1].fields}
    assert second["Vad planen säger"].value == "Uppföljningen 2021 återger inte planens beskrivning."
    assert second["Förvaltningens kommentar"].value == "Ingen kommentar lämnades."
    assert areas[0].summary == ("Fiktivt år.", "Mer.") and areas[0].summary_key == "status.area_summary"
    assert areas[1].summary == () and areas[1].summary_key == "status.no_summary"  # the report has none for area 2
    assert areas[0].counts.to_dict() == {"done": 1, "ongoing": 1, "not_done": 1}


def test_a_template_year_has_no_summary_and_says_so(fictional):
    measures, lineage = fictional
    areas = followup.areas(measures, lineage, SUMMARIES, 2023, "en")
    assert {a.summary_key for a in areas} == {"status.no_summary_template"}
    fields = {f.label: f for f in areas[0].measures[1].fields}
    assert fields["In the 2024 plan"].value == "The follow-up does not say how the measure is carried on."
    assert [m.measure_id for a in areas for m in a.measures if m.ongoing_years >= 2] == ["1.1"]


def test_a_measure_ongoing_for_years_is_marked_and_the_history_names_merges(fictional):
    measures, lineage = fictional
    areas = followup.areas(measures, lineage, SUMMARIES, 2023, "en")
    fields = {f.label: f for f in areas[0].measures[0].fields}
    assert fields["Ongoing for years"].flag
    assert fields["Ongoing for years"].value == "Ongoing in 3 follow-ups in a row, since 2021"
    merged = {f.label: f for f in followup.areas(measures, lineage, SUMMARIES, 2022, "en")[0].measures[0].fields}
    assert merged["Through the years"].value == (
        "2021: 1.2 Done (merged with another measure), 1.3 Not done (merged with another measure) → 2022: 1.1 Not done"
    )
    assert followup.long_ongoing(areas) == ["1.1"]
    assert followup.years_shown(areas) == [2021, 2022, 2023]


def test_other_targets_are_translated_and_the_contents_lead_to_every_measure(fictional):
    measures, lineage = fictional
    areas = followup.areas(measures, lineage, SUMMARIES, 2021, "en")
    assert {f.label: f.value for f in areas[1].measures[0].fields}["Districts"] == "Receiving schools"
    entries = followup.contents(areas)
    assert [(e.text, e.anchor, e.level) for e in entries[:2]] == [
        ("1. Greater safety, community and participation in society", "area-1", 1),
        ("1.1", "measure-1-1", 2),
    ]
    assert entries[1].original == "Fiktiv åtgärd 1.1 (2021)"


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """The HTML of each output a Show call displays."""
    outputs: list[str] = []
    monkeypatch.setattr("segstats.reports.show.display", lambda data, raw: outputs.append(data["text/html"]))
    return outputs


def test_a_record_escapes_the_sources_words_and_tags_them_swedish_in_an_english_report(shown):
    Show("en").record(
        [
            Field("Status", "Ongoing", status="ongoing"),
            Field("Comment", original="<img src=x> & Pågår"),
            Field("Ongoing for years", "Ongoing in 2 follow-ups", flag=True),
        ],
        heading="1.6",
        anchor="measure-1-6",
        original="Fiktiv <titel>",
    )
    html = shown[-1]
    assert '<h3 id="measure-1-6">1.6 <span class="original" lang="sv">Fiktiv &lt;titel&gt;</span></h3>' in html
    assert '<span class="original" lang="sv">&lt;img src=x&gt; &amp; Pågår</span>' in html
    assert "(in Swedish)" in html and "<img" not in html
    assert "◐" in html and 'class="line flag"' in html


def test_a_swedish_report_needs_no_language_tags(shown):
    Show("sv").record([Field("Kommentar", original="Fiktiv.")], heading="1.1", original="Fiktiv")
    Show("sv").originals(["Fiktivt stycke."])
    Show("en").originals(["Fiktivt stycke."])
    assert all('lang="sv"' not in html and "på svenska" not in html for html in shown[:2])
    assert shown[2] == '<div class="originals"><p lang="sv">Fiktivt stycke.</p></div>'


def test_no_summary_shows_nothing(shown):
    Show("en").originals([])
    assert shown == []


def test_the_contents_point_to_anchors_the_pdf_fills_with_page_numbers(shown):
    Show("en").contents("Contents", [Entry("Summary", "summary"), Entry("1.1", "measure-1-1", 2, "Fiktiv")])
    assert '<li class="level-1"><a href="#summary">Summary</a></li>' in shown[-1]
    assert '<a href="#measure-1-1">1.1 <span class="original" lang="sv">Fiktiv</span></a>' in shown[-1]


def test_the_summary_values_say_each_status_with_its_share():
    shares = pd.DataFrame({"count": [1, 5, 1], "share": [100 / 7, 500 / 7, 100 / 7]}, index=codes.codes("status"))
    said = followup.summary_values(shares, "en")
    assert said["measures"] == "7 measures"
    assert said["done"] == Markup("<strong>1 (14%)</strong> is done")
    assert said["ongoing"] == Markup("<strong>5 (71%)</strong> are ongoing")
