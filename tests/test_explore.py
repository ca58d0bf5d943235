"""The functions behind the exploration notebook's controls."""

import pytest

from segstats import load_measures
from segstats.errors import UnknownCodeError
from segstats.explore import filter_measures


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
