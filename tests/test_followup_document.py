"""The status report as the follow-up document, on small FICTIONAL frames: every measure, its history, its display."""

import io
import re

import pandas as pd
import pytest
from markupsafe import Markup

from segstats import codes
from segstats.measures.analysis import status_totals
from segstats.measures.lineage import followed
from segstats.reports import followup, tables
from segstats.reports.show import TABLE_MIME, Entry, Field, Show
from segstats.reports.tables import Table
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


@pytest.fixture
def exported(monkeypatch) -> list[dict]:
    """Each output a Show call displays, with a table's data for the files."""
    outputs: list[dict] = []
    monkeypatch.setattr("segstats.reports.show.display", lambda data, raw: outputs.append(data))
    return outputs


def _printed_total(html: str) -> list[str]:
    """The cells of a printed table's last row (its total row)."""
    return re.findall(r"<td[^>]*>([^<]*)</td>", html.rsplit("<tr>", 1)[1])


def test_the_status_tables_files_hold_numbers_that_add_up_to_the_printed_totals(fictional, exported):
    measures, _ = fictional
    in_2021 = measures[measures["year"] == 2021]  # 1.1 ongoing, 1.2 done, 1.3 not done, 2.1 ongoing
    show = Show("sv")
    followup.show_totals(show, status_totals(in_2021), year=2021, source="Källa: fiktiv")
    for by in ("area_no", "districts", "departments"):
        followup.show_status_section(show, in_2021, by, year=2021, source="Källa: fiktiv")
    parts = [followup.not_done(measures, 2021), followup.carry_over(measures, 2021, "plan")]
    show.render([*parts, followup.shares_by_year(measures, 2021, 2023, "andelar")])
    made = {
        o[TABLE_MIME]["name"]: (o["text/html"], Table.from_payload(o[TABLE_MIME])) for o in exported if TABLE_MIME in o
    }
    assert len(made) == 7
    for name, (_, table) in made.items():  # as Swedish Excel and pandas read them: every number a number
        csv = pd.read_csv(io.BytesIO(tables.csv_bytes(table)), sep=";", decimal=",", encoding="utf-8-sig")
        sheet = pd.read_excel(io.BytesIO(tables.workbook_bytes([table])))
        assert list(csv) == list(table.columns) and table.sheet, name
        for key, kind in table.kinds().items():
            if kind in ("integer", "number"):
                assert pd.api.types.is_numeric_dtype(csv[key]), (name, key)
                assert pd.api.types.is_numeric_dtype(sheet[table.columns[key].header]), (name, key)
    html, by_area = made["status_per_utvecklingsomrade"]
    assert _printed_total(html) == ["Totalt", "1", "2", "1", "4"]  # no total row in the files: the sum is it
    assert by_area.data[["done", "ongoing", "not_done", "total"]].sum().tolist() == [1, 2, 1, 4]
    assert by_area.data[["area_no", "area_name"]].values.tolist() == [
        [1, codes.label("area", "1")],
        [2, codes.label("area", "2")],
    ]
    html, totals = made["status_totalt"]
    assert _printed_total(html) == ["Totalt", "4", "100"]
    assert totals.data[["status", "count", "share"]].values.tolist() == [
        ["done", 1, 25.0],
        ["ongoing", 2, 50.0],
        ["not_done", 1, 25.0],
    ]
    assert made["status_per_stadsdel"][1].data["target"].tolist() == ["Berga", "Ryd", "Skäggetorp", "Mottagande skolor"]
    assert made["status_per_forvaltning"][1].data[["department", "total"]].values.tolist() == [["SOF", 4]]
    not_done = made["ej_genomforda"][1].data
    assert not_done[["year", "measure_id", "departments"]].values.tolist() == [[2021, "1.3", "SOF"]]
    plan = made["plan"][1].data.set_index("next_plan")
    assert plan["total"].to_dict() == {"kept": 1, "developed": 1, "merged": 2, "dropped": 0}
    # the shares side by side in the PDF are long in the files; an area without measures has no share
    html, shares = made["andelar"]
    assert "2021: Genomförd (%)" in html and len(shares.data) == 2 * 5 * 3
    assert shares.data.groupby("year")["count"].sum().to_dict() == {2021: 4, 2023: 3}
    area_3 = shares.data[shares.data["area_no"] == 3]
    assert area_3["count"].eq(0).all() and area_3["share"].isna().all()
    csv = tables.csv_bytes(shares).decode("utf-8-sig").splitlines()
    assert "2021;3;Utbildning för att barn och vuxna ska nå sin fulla potential;done;Genomförd;0;" in csv
