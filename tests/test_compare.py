"""The comparison with the baseline: known numbers from the real 2021 report and the fictional 2022/2023 fixtures."""

import pandas as pd
import pytest

from segstats import load_measures
from segstats.errors import SegstatsError
from segstats.measures.compare import (
    carry_over,
    carry_over_by_status,
    dropped_measures,
    missing_followup_years,
    new_measures,
    not_done_repeatedly,
    status_shares,
    still_ongoing,
)
from segstats.measures.lineage import load_lineage, unmatched_carry_overs
from segstats.reports.labels import missing_followups

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("english")]  # every test here reads the shipped data


@pytest.fixture(scope="module")
def fixture_data(three_years):
    return load_measures(three_years), load_lineage(three_years)


def test_status_shares_side_by_side(fixture_data):
    measures, _ = fixture_data
    shares = status_shares(measures, [2021, 2023, 2024])
    # 2021 (real): area 1 has 6 done, 9 ongoing, 1 not done of 16; in all 12 / 42 / 6 of 60.
    assert shares.loc[1, (2021, "done")] == pytest.approx(6 / 16) and shares.loc[1, (2021, "n")] == 16
    assert [shares.loc["total", (2021, s)] for s in ("done", "ongoing", "not_done")] == pytest.approx([0.2, 0.7, 0.1])
    # 2023 (fictional): area 1 = 1.1 Pågår, 1.2 Pågår, 1.3 Genomförd; 7 measures in all, 1 / 5 / 1.
    assert [shares.loc[1, (2023, s)] for s in ("done", "ongoing", "not_done")] == pytest.approx([1 / 3, 2 / 3, 0])
    assert [shares.loc["total", (2023, s)] for s in ("done", "ongoing", "not_done", "n")] == pytest.approx(
        [1 / 7, 5 / 7, 1 / 7, 7]
    )
    assert shares[2024].isna().all().all()  # no follow-up of 2024: missing, not zero


def test_status_shares_leave_an_area_without_measures_missing():
    measures = load_measures()
    shares = status_shares(measures[measures["area_no"] != 4], [2021])
    assert shares.loc[4, (2021, "n")] == 0 and pd.isna(shares.loc[4, (2021, "done")])


def test_measures_still_ongoing_after_two_years(fixture_data):
    measures, _ = fixture_data
    ongoing = still_ongoing(measures, 2023)
    assert dict(zip(ongoing["measure_id"], ongoing["since"], strict=True)) == {
        "1.1": 2022,  # Genomförd 2021, then Pågår 2022 and 2023
        "1.2": 2021,  # 2021's 1.3 → 2022's 1.3 → 1.2
        "2.1": 2021,
        "3.1": 2021,  # 2021's 3.5, split → 2022's 3.1 → 3.1
    }
    assert still_ongoing(measures, 2023, min_years=3)["measure_id"].tolist() == ["1.2", "2.1", "3.1"]


def test_measures_not_carried_out_twice(fixture_data):
    measures, _ = fixture_data
    twice = not_done_repeatedly(measures, 2022)  # 2021's 1.6 → 1.4, and 5.1 + 5.9 → 5.1
    assert dict(zip(twice["measure_id"], twice["not_done_times"], strict=True)) == {"1.4": 2, "5.1": 2}
    thrice = not_done_repeatedly(measures, 2023, min_times=2)
    # 1.3 is Genomförd in 2023, but its line was not carried out in 2021 (1.6) and 2022 (1.4).
    assert dict(zip(thrice["measure_id"], thrice["not_done_times"], strict=True)) == {"1.3": 2, "5.1": 3}
    assert thrice.set_index("measure_id").loc["1.3", "status"] == "done"


def test_new_and_dropped_measures(fixture_data):
    measures, lineage = fixture_data
    assert new_measures(measures, 2022)["measure_id"].tolist() == ["1.5"]
    assert new_measures(measures, 2023)["measure_id"].tolist() == ["4.1"]
    assert dropped_measures(measures, lineage, 2022)["measure_id"].tolist() == ["1.2", "1.5", "3.2"]
    assert len(dropped_measures(measures, lineage, 2021)) == 11
    assert unmatched_carry_overs(lineage, 2022).empty
    with pytest.raises(SegstatsError, match="need the follow-up of 2020"):
        new_measures(measures, 2021)


def test_how_2021_was_carried_into_2022():
    measures = load_measures()
    table = carry_over(measures, 2021)
    assert table["n"].to_dict() == {"kept": 23, "developed": 19, "merged": 7, "dropped": 11, "total": 60}
    assert table.loc["dropped", "share"] == pytest.approx(11 / 60)
    by_status = carry_over_by_status(measures, 2021)
    assert by_status.loc["dropped"].to_dict() == {"done": 7, "ongoing": 2, "not_done": 2, "total": 11}
    assert by_status.loc["total"].to_dict() == {"done": 12, "ongoing": 42, "not_done": 6, "total": 60}


def test_missing_follow_ups_are_said_plainly(fixture_data):
    shipped = load_measures()
    assert missing_followup_years(shipped, 2021, 2022) == [2022]
    assert (
        missing_followups(missing_followup_years(shipped, 2021, 2022), 2021, 2022) == "Uppföljningen för 2022 saknas."
    )
    assert missing_followups(missing_followup_years(shipped, 2021, 2024), 2021, 2024, "en") == (
        "The follow-ups of 2022, 2023 and 2024 are missing."
    )
    measures, _ = fixture_data
    assert missing_followup_years(measures, 2021, 2023) == []
    assert missing_followups([], 2021, 2023) == "Uppföljningar finns för alla år från 2021 till 2023."
