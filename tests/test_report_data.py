"""The reports' one loader: everything a report reads, validated once and cached on disk per data version."""

import os
import pickle
import threading
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import segstats
from segstats.reports import load
from segstats.reports.load import INPUTS, ReportData, load_report_data

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


def tiny() -> ReportData:
    """FICTIONAL tables standing in for the loaders' (the cache does not look inside them)."""
    frame = pd.DataFrame({"year": [2021, 2023], "measure_id": ["1.1", "1.1"]})
    return ReportData(
        measures=frame,
        lineage=frame.iloc[:0],
        area_summaries=frame,
        indicators=frame,
        catalogue=frame,
        geographies=frame,
    )


@pytest.fixture
def fictional_data(tmp_path) -> Path:
    """A data folder whose input files hold FICTIONAL bytes: the cache key is their content."""
    data_dir = tmp_path / "data"
    for name in INPUTS:
        (data_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / name).write_text(f"fiktiv {name}\n", encoding="utf-8")
    return data_dir


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """Each time the tables are read and validated (instead of reading them), the data folder it was for."""
    calls: list[Path] = []

    def counted(data_dir):
        calls.append(data_dir)
        return tiny()

    monkeypatch.setattr(load, "_load", counted)
    return calls


def test_the_second_load_of_the_same_data_comes_from_the_cache(fictional_data, loads, tmp_path):
    cache = tmp_path / "cache"
    first = load_report_data(fictional_data, cache_dir=cache)
    second = load_report_data(fictional_data, cache_dir=cache)
    assert len(loads) == 1
    assert second.years == [2021, 2023]
    assert_frame_equal(second.measures, first.measures)
    assert [p.name for p in cache.iterdir()] == [f"{load.cache_key(fictional_data)}.pickle"]
    assert oct(cache.stat().st_mode & 0o777) == "0o700"  # nobody else may put a pickle there


@pytest.mark.parametrize("name", [str(n) for n in INPUTS])
def test_a_changed_input_file_is_never_served_from_the_old_entry(fictional_data, loads, tmp_path, name):
    cache = tmp_path / "cache"
    load_report_data(fictional_data, cache_dir=cache)
    with (fictional_data / name).open("a", encoding="utf-8") as f:
        f.write("en rad till\n")
    load_report_data(fictional_data, cache_dir=cache)
    load_report_data(fictional_data, cache_dir=cache)
    assert len(loads) == 2  # the change read once, then cached under its own key
    assert len(list(cache.glob("*.pickle"))) == 2


def test_changed_code_is_a_new_data_version(fictional_data, loads, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    load_report_data(fictional_data, cache_dir=cache)
    monkeypatch.setattr(load, "_code_version", lambda: "a checkout edited since")
    load_report_data(fictional_data, cache_dir=cache)
    assert len(loads) == 2


def test_a_missing_input_has_no_key_and_leaves_the_message_to_the_loaders(fictional_data, loads, tmp_path):
    (fictional_data / INPUTS[0]).unlink()
    assert load.cache_key(fictional_data) is None
    load_report_data(fictional_data, cache_dir=tmp_path / "cache")
    assert len(loads) == 1 and not (tmp_path / "cache").exists()


def test_a_cache_location_that_cannot_be_made_means_no_cache_not_an_error(fictional_data, loads, tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    for _ in range(2):
        assert load_report_data(fictional_data, cache_dir=blocked / "cache").years == [2021, 2023]
    assert len(loads) == 2


def test_a_read_only_cache_means_no_cache_and_nothing_half_written(fictional_data, loads, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)

    def read_only(*args):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    for _ in range(2):
        assert load_report_data(fictional_data, cache_dir=cache).years == [2021, 2023]
    assert len(loads) == 2
    assert list(cache.iterdir()) == []  # the temporary file removed


def test_a_folder_others_may_write_is_never_read_from(fictional_data, loads, tmp_path):
    cache = tmp_path / "cache"
    load_report_data(fictional_data, cache_dir=cache)
    cache.chmod(0o777)  # someone could have put any pickle here
    load_report_data(fictional_data, cache_dir=cache)
    assert len(loads) == 2


def test_a_damaged_entry_is_loaded_anew_and_replaced(fictional_data, loads, tmp_path):
    cache = tmp_path / "cache"
    load_report_data(fictional_data, cache_dir=cache)
    entry = next(cache.iterdir())
    entry.write_bytes(entry.read_bytes()[:100])  # cut short
    assert load_report_data(fictional_data, cache_dir=cache).years == [2021, 2023]
    assert load_report_data(fictional_data, cache_dir=cache).years == [2021, 2023]
    assert len(loads) == 2


def test_an_entry_stored_under_another_key_is_not_used(fictional_data, loads, tmp_path):
    cache = tmp_path / "cache"
    load_report_data(fictional_data, cache_dir=cache)
    entry = next(cache.iterdir())
    entry.write_bytes(pickle.dumps(("another key", tiny())))  # e.g. copied in by hand
    load_report_data(fictional_data, cache_dir=cache)
    assert len(loads) == 2


def test_tables_replaced_while_they_were_read_are_not_cached(fictional_data, monkeypatch, tmp_path):
    def build_meanwhile(data_dir):
        (fictional_data / INPUTS[2]).write_text("a build wrote this meanwhile\n", encoding="utf-8")
        return tiny()

    monkeypatch.setattr(load, "_load", build_meanwhile)
    load_report_data(fictional_data, cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").glob("*.pickle")) == []


def test_only_the_newest_entries_are_kept(fictional_data, loads, tmp_path):
    cache = tmp_path / "cache"
    for i in range(load.KEEP + 2):
        (fictional_data / INPUTS[0]).write_text(f"version {i}\n", encoding="utf-8")
        load_report_data(fictional_data, cache_dir=cache)
    assert len(list(cache.glob("*.pickle"))) == load.KEEP
    assert (cache / f"{load.cache_key(fictional_data)}.pickle").exists()


def test_runs_at_once_each_get_whole_data(fictional_data, loads, tmp_path):
    cache = tmp_path / "cache"
    results: list[ReportData] = []
    threads = [
        threading.Thread(target=lambda: results.append(load_report_data(fictional_data, cache_dir=cache)))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.years for r in results] == [[2021, 2023]] * 6
    assert [p.name for p in cache.iterdir()] == [f"{load.cache_key(fictional_data)}.pickle"]  # no temporary left


def test_a_report_kernel_that_finds_its_data_in_the_cache_never_loads_the_validation_library(
    fictional_data, loads, tmp_path
):
    import subprocess
    import sys

    cache = tmp_path / "cache"
    load_report_data(fictional_data, cache_dir=cache)  # the command's load, which the kernels then find
    kernel = (
        "import sys\n"
        "from segstats.reports import comparison, district_pages, followup, indicator_pages, show\n"
        "from segstats.reports.load import load_report_data\n"
        f"data = load_report_data({str(fictional_data)!r}, cache_dir={str(cache)!r})\n"
        "print(data.years, 'pandera' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", kernel], capture_output=True, text=True, check=True)
    # pandera takes a quarter of a second to import, and a report kernel needs none of it.
    assert loaded.stdout.strip() == "[2021, 2023] False"


def test_a_year_without_a_follow_up_is_an_error_naming_the_years():
    with pytest.raises(segstats.SegstatsError, match="no follow-up for 2022; years with data: 2021, 2023"):
        tiny().followup(2022)


@pytest.mark.realdata
def test_the_cached_data_are_the_loaders_own(tmp_path):
    cache = tmp_path / "cache"
    load_report_data(cache_dir=cache)
    data = load_report_data(cache_dir=cache)
    assert_frame_equal(data.measures, segstats.load_measures())
    assert_frame_equal(data.lineage, segstats.load_lineage())
    assert_frame_equal(data.area_summaries, segstats.load_area_summaries())
    assert_frame_equal(data.indicators, segstats.load_indicators())
    assert_frame_equal(data.geographies, segstats.load_geographies())
    assert_frame_equal(data.catalogue, segstats.indicator_catalogue())
