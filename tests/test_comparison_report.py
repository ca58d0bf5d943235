"""The comparison report on small FICTIONAL frames: measures through the years, indicators since the baseline."""

import re

import pandas as pd
import pytest

from segstats.reports import comparison
from segstats.reports.show import TABLE_MIME, Show

from . import fictional_indicators, fictional_measures


@pytest.fixture
def shown(monkeypatch) -> list[dict]:
    """Each output a Show call displays: its HTML, its plain text and a table's data."""
    outputs: list[dict] = []
    monkeypatch.setattr("segstats.reports.show.display", lambda data, raw: outputs.append(data))
    return outputs


def texts(outputs: list[dict]) -> str:
    return " ".join(o.get("text/plain", "") for o in outputs)


def tables(outputs: list[dict]) -> dict[str, dict]:
    return {o[TABLE_MIME]["name"]: o[TABLE_MIME] for o in outputs if TABLE_MIME in o}


def test_the_measures_through_the_years_name_the_long_ongoing_the_new_and_the_dropped(shown):
    measures, lineage = fictional_measures.three_years()
    comparison.show_through_the_years(Show("en"), measures, lineage, 2023)
    said = texts(shown)
    assert "1 measure of 2023 has been *Ongoing* in at least two follow-ups in a row." in said  # 1.1
    assert "1 measure of 2023 continues none of the measures of 2022; 1 measure of 2022 is" in said  # 1.2; 2.2
    made = tables(shown)
    ongoing = made["pagar_sedan_minst_tva_ar"]
    # the files: one fact per cell, the status's code beside its name, years as numbers
    assert ongoing["keys"] == ["year", "measure_id", "title", "status", "status_name", "ongoing_since"]
    assert [c["header"] for c in ongoing["columns"]] == [
        "Year",
        "No.",
        "Measure",
        "Status (code)",
        "Status",
        "Ongoing since",
    ]
    assert ongoing["data"] == [[2023, "1.1", "Fiktiv åtgärd 1.1 (2023)", "ongoing", "Ongoing", 2021]]
    assert ongoing["types"][-1] == "integer" and ongoing["sheet"] == "Ongoing two years or more"
    # the PDF: number, title, status and the year the run began, printed without grouping (no "2,021")
    html = next(o["text/html"] for o in shown if TABLE_MIME in o)
    assert re.findall(r"<th[^>]*>([^<]*)</th>", html) == ["No.", "Measure", "Status", "Ongoing since"]
    assert '<td class="num">2021</td>' in html
    assert [row[1] for row in made["nya_atgarder"]["data"]] == ["1.2"]
    dropped = made["borttagna_atgarder"]
    assert [row[:2] for row in dropped["data"]] == [[2022, "2.2"]]  # dropped from the 2022 plan
    assert dropped["keys"][-1] == "next_plan_text"


def test_without_the_previous_follow_up_new_and_dropped_are_not_guessed(shown):
    measures, lineage = fictional_measures.three_years()
    comparison.show_through_the_years(Show("sv"), measures[measures["year"] != 2022], lineage, 2023)
    assert "Nya och borttagna åtgärder 2023 kräver uppföljningen 2022, som saknas." in texts(shown)
    assert "nya_atgarder" not in tables(shown)


def test_no_measures_is_said_not_shown_as_an_empty_table(shown):
    measures, _ = fictional_measures.three_years()
    comparison.show_measures(Show("sv"), measures.iloc[:0], "tom", "new", {"year": "2023"})
    assert texts(shown) == "Inga åtgärder." and not tables(shown)


def test_the_indicators_since_the_baseline_count_what_cannot_be_compared_by_reason(shown):
    catalogue = fictional_indicators.catalogue()
    comparison.show_indicators(Show("en"), fictional_indicators.indicators(), catalogue, 2021)
    said = texts(shown)
    assert "combinations of indicator and area have a comparable change" in said
    made = tables(shown)
    assert set(made) <= {"indikatorer_forandring", "skillnad_mot_linkoping"} and "indikatorer_forandring" in made
    change, gaps = made["indikatorer_forandring"], made["skillnad_mot_linkoping"]
    assert change["keys"][:2] == ["indicator", "indicator_name"] and change["sheet"] == "Change since 2021"
    # every place is in the files, the missing change with its reason beside it (the PDF leaves it out)
    ryd = next(r for r in change["data"] if r[2] == "Ryd")
    row = dict(zip(change["keys"], ryd, strict=True))
    assert (row["baseline_value"], row["change"], row["change_missing"]) == (None, None, "no value for 2021")
    assert {row["comparable"] for row in (dict(zip(change["keys"], r, strict=True)) for r in change["data"])} >= {
        "yes",
        "no_baseline",
    }
    # the gap to Linköping in both years and its change, each a number of its own
    berga = dict(zip(gaps["keys"], gaps["data"][0], strict=True))
    assert (berga["baseline_gap"], berga["gap"], berga["gap_change"]) == (17.0, 19.0, 2.0)
    assert gaps["columns"][gaps["keys"].index("gap_change")]["unit"][0] == "percentage points"


def test_the_plans_indicators_leave_out_the_area_type_and_follow_the_development_areas():
    catalogue = pd.DataFrame({"id": ["b", "omradestyp", "a"], "area_no": pd.array([2, 1, 1], "Int64")})
    assert comparison.plan_indicators(catalogue)["id"].tolist() == ["a", "b"]
