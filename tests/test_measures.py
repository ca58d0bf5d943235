"""segstats build / load_measures: the committed table is reproducible and loads validated."""

import shutil

import pandas as pd
import pytest

from segstats import build_measures, load_measures, paths
from segstats.errors import DataValidationError, SegstatsError

from .conftest import copy_raw_data

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the project's raw data in a temporary data/ folder."""
    return copy_raw_data(tmp_path)


@pytest.mark.realdata
def test_fresh_build_reproduces_committed_measures_byte_for_byte(data_copy):
    written = build_measures(data_copy)
    committed = paths.processed_dir() / paths.MEASURES_FILE
    assert written.read_bytes() == committed.read_bytes()


@pytest.mark.realdata
def test_fresh_build_reproduces_committed_lineage_byte_for_byte(data_copy):
    build_measures(data_copy)
    written = paths.processed_dir(data_copy) / paths.LINEAGE_FILE
    assert written.read_bytes() == (paths.processed_dir() / paths.LINEAGE_FILE).read_bytes()


@pytest.mark.realdata
def test_load_measures_returns_60_validated_measures_with_declared_dtypes():
    df = load_measures()
    assert len(df) == 60
    assert isinstance(df["status"].dtype, pd.CategoricalDtype) and df["status"].cat.ordered
    assert list(df["status"].cat.categories) == ["done", "ongoing", "not_done"]
    assert df["year"].dtype == "int64" and df["source_line"].dtype == "int64"
    assert (df.groupby("status", observed=False).size().to_dict()) == {"done": 12, "ongoing": 42, "not_done": 6}
    assert df["measure_id"].tolist()[:3] == ["1.1", "1.2", "1.3"] and df["measure_id"].iloc[15] == "1.16"


@pytest.mark.realdata
def test_load_reports_every_bad_cell_with_row_and_column(data_copy):
    build_measures(data_copy)
    csv = paths.processed_dir(data_copy) / paths.MEASURES_FILE
    df = pd.read_csv(csv, dtype=str)
    df.loc[2, "status"] = "Klar"
    df.loc[5, "area_no"] = "9"
    df.to_csv(csv, index=False)
    with pytest.raises(DataValidationError) as info:
        load_measures(data_copy)
    message = str(info.value)
    assert "row 4, column status" in message and "'Klar'" in message
    assert "row 7, column area_no" in message


def test_missing_processed_file_says_how_to_make_it(tmp_path):
    with pytest.raises(SegstatsError, match="run 'segstats build' first"):
        load_measures(tmp_path)


@pytest.mark.realdata
def test_failed_build_leaves_the_previous_table_untouched(data_copy, tmp_path):
    first = build_measures(data_copy).read_bytes()
    bad = copy_raw_data(tmp_path / "bad", replace=("Status: Genomförd.", "Status: Klar."))
    shutil.copytree(paths.processed_dir(data_copy), paths.processed_dir(bad))
    with pytest.raises(SegstatsError):
        build_measures(bad)
    assert (paths.processed_dir(bad) / paths.MEASURES_FILE).read_bytes() == first
    assert not list(paths.processed_dir(bad).glob(".*"))  # no temporary file left behind


@pytest.mark.realdata
def test_fresh_build_reproduces_committed_area_summaries_byte_for_byte(data_copy):
    build_measures(data_copy)
    written = paths.processed_dir(data_copy) / paths.AREA_SUMMARIES_FILE
    assert written.read_bytes() == (paths.processed_dir() / paths.AREA_SUMMARIES_FILE).read_bytes()


@pytest.mark.realdata
def test_a_year_whose_follow_up_came_as_a_template_has_no_area_summary(three_years):
    from segstats import load_area_summaries

    summaries = load_area_summaries(three_years)
    assert sorted(summaries["year"].unique()) == [2021]  # 2022 and 2023 are (fictional) templates
    assert summaries["area_no"].nunique() == 5
