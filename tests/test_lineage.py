"""The lineage: the 2021 report's next-plan sentences seed it; later templates' predecessor ids give real links."""

import pandas as pd
import pytest

from segstats import load_measures
from segstats.errors import SegstatsError
from segstats.measures.lineage import load_lineage, measure_history, status_history
from segstats.measures.store import build_measures, import_template

from .conftest import TEMPLATES, copy_raw_data

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("english")]  # every test here reads the shipped data


def test_2021_sentences_seed_one_link_per_measure():
    lineage = load_lineage()
    assert len(lineage) == 60 and lineage["measure_id"].is_unique
    assert set(lineage["successor_year"]) == {2022} and lineage["successor_id"].isna().all()
    assert lineage["kind"].value_counts().to_dict() == {
        "kept": 23,
        "developed": 12,
        "dropped": 11,
        "merged": 7,
        "split": 7,
    }
    row = lineage.set_index("measure_id")
    for merged in ("1.7", "1.12"):  # "Ingår i åtgärd om brottsförebyggande arbete 2022."
        assert row.loc[merged, "kind"] == "merged"
        assert row.loc[merged, "successor_description"] == "åtgärd om brottsförebyggande arbete"
    assert (row.loc["3.5", "kind"], row.loc["3.5", "successor_description"]) == ("split", "två åtgärder")
    assert (row.loc["1.2", "kind"], row.loc["1.2", "successor_description"]) == ("split", "flera åtgärder")
    assert row.loc["4.3", "kind"] == "merged" and pd.isna(row.loc["4.3", "successor_description"])  # "med annan"
    assert row.loc["1.10", "kind"] == "dropped" and pd.isna(row.loc["1.10", "successor_description"])
    assert row.loc["1.3", "kind"] == "kept" and row.loc["1.1", "kind"] == "developed"
    assert (row.loc["1.7", "source_file"], row.loc["1.7", "source_line"]) == ("2021_uppfoljning_KS-2020-754.txt", 150)


def _links(lineage, year):
    rows = lineage[(lineage["year"] == year) & lineage["successor_id"].notna()]
    return {(r.measure_id, r.successor_id): r.kind for r in rows.itertuples()}


def test_lineage_through_three_years(three_years):
    lineage = load_lineage(three_years)
    assert _links(lineage, 2021) == {
        ("1.1", "1.1"): "developed",
        ("1.3", "1.3"): "kept",
        ("1.6", "1.4"): "kept",
        ("1.7", "1.2"): "merged",
        ("1.12", "1.2"): "merged",
        ("2.1", "2.1"): "kept",
        ("3.5", "3.1"): "split",
        ("3.5", "3.2"): "split",
        ("5.1", "5.1"): "merged",
        ("5.9", "5.1"): "merged",
    }
    assert _links(lineage, 2022) == {
        ("1.1", "1.1"): "kept",
        ("1.3", "1.2"): "developed",
        ("1.4", "1.3"): "kept",
        ("2.1", "2.1"): "kept",
        ("3.1", "3.1"): "kept",
        ("5.1", "5.1"): "developed",
    }
    row = lineage.set_index(["year", "measure_id", "successor_id"])
    # A link with ids keeps the 2021 sentence's description, and names the template row as its source.
    link = row.loc[(2021, "1.7", "1.2")]
    assert link["successor_description"] == "åtgärd om brottsförebyggande arbete"
    assert (link["source_file"], link["source_line"]) == ("2022_uppfoljning_mall.csv", 3)
    dropped_2022 = lineage[(lineage["year"] == 2022) & (lineage["kind"] == "dropped")]
    assert list(dropped_2022["measure_id"]) == ["1.2", "1.5", "3.2"]
    assert lineage[lineage["year"] == 2023]["successor_id"].isna().all()  # no 2024 follow-up yet


def test_measure_history_follows_a_measure_across_ids(three_years):
    measures, lineage = load_measures(three_years), load_lineage(three_years)
    history = measure_history(measures, lineage, 2023, "5.1")
    assert list(zip(history["year"], history["measure_id"], history["status"], strict=True)) == [
        (2021, "5.1", "not_done"),
        (2021, "5.9", "not_done"),
        (2022, "5.1", "not_done"),
        (2023, "5.1", "not_done"),
    ]
    split = measure_history(measures, lineage, 2021, "3.5")
    assert list(zip(split["year"], split["measure_id"], strict=True)) == [
        (2021, "3.5"),
        (2022, "3.1"),
        (2022, "3.2"),
        (2023, "3.1"),
    ]
    with pytest.raises(SegstatsError, match="no measure 9.9 in the follow-up of 2022"):
        measure_history(measures, lineage, 2022, "9.9")


def test_status_history_of_the_baseline_measures(three_years):
    history = status_history(load_measures(three_years), load_lineage(three_years), 2021)
    assert set(history["origin_id"]) == set(load_measures().loc[:, "measure_id"])  # every 2021 measure
    avhopp = history[history["origin_id"] == "1.3"]
    assert list(zip(avhopp["year"], avhopp["measure_id"], avhopp["status"], strict=True)) == [
        (2021, "1.3", "ongoing"),
        (2022, "1.3", "ongoing"),
        (2023, "1.2", "ongoing"),
    ]
    assert list(avhopp["kind"].iloc[1:]) == ["kept", "developed"] and pd.isna(avhopp["kind"].iloc[0])
    assert list(history.loc[history["origin_id"] == "1.10", "year"]) == [2021]  # dropped: no later row


def test_a_link_the_follow_up_said_was_dropped_has_no_kind(tmp_path):
    data_dir = copy_raw_data(tmp_path / "data")
    build_measures(data_dir)
    text = (TEMPLATES / "2022_fiktiv.csv").read_bytes().decode("utf-8-sig")
    path = tmp_path / "mall.csv"
    path.write_text(text.replace("Vidmakthållen;1.6;", "Vidmakthållen;1.10;"), encoding="utf-8")
    import_template(path, 2022, data_dir)
    link = load_lineage(data_dir).set_index(["year", "measure_id"]).loc[(2021, "1.10")]
    # 2021 said "tas inte med 2022", yet 2022's 1.4 names it: the sources disagree, so no kind is claimed.
    assert link["successor_id"] == "1.4" and pd.isna(link["kind"])
