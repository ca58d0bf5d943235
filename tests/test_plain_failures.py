"""A processed table that breaks its schema is told in plain words: file, row, column, what is allowed."""

import pandas as pd
import pytest

from segstats import paths
from segstats.cli import main

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("english")]  # damages copies of shipped tables


@pytest.fixture
def processed(processed_copy):
    return processed_copy


def damage(data, table: str, change) -> str:
    path = paths.processed_dir(data) / table
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(df)
    df.to_csv(path, index=False)
    return str(path)


REBUILD = "run 'segstats build' to make it again from data/raw/"


@pytest.mark.parametrize(
    "column, value, says",
    [
        ("status", "klar", "'klar' is not one of done, ongoing, not_done"),
        ("year", "20x1", "'20x1' is not a whole number"),
        ("year", "2019", "2019 is less than 2021, the smallest allowed"),
        ("area_no", "", "the cell is empty, but area_no must have a value"),
        ("area_no", "7", "7 is not one of 1, 2, 3, 4, 5"),
        (
            "measure_id",
            "1.4x",
            "'1.4x' is not of the form allowed: the measure's number in that year's plan, e.g. 1.10 "
            "(renumbered every year)",
        ),
    ],
)
def test_a_damaged_measure_cell_is_one_plain_line(processed, capsys, column, value, says):
    path = damage(
        processed, paths.MEASURES_FILE, lambda df: df.__setitem__(column, df[column].where(df.index != 3, value))
    )
    assert main(["--data-dir", str(processed), "summary"]) == 1
    assert capsys.readouterr().err.strip() == f"segstats: error: {path}: row 5, column {column}: {says}; {REBUILD}"


def test_a_repeated_key_names_both_rows_once(processed, capsys):
    def repeat(df):
        df.loc[11, "measure_id"] = df.loc[10, "measure_id"]

    path = damage(processed, paths.MEASURES_FILE, repeat)
    assert main(["--data-dir", str(processed), "summary"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"segstats: error: {path}: rows 12, 13: the same year, measure_id (2021, 1.11); each may occur once; {REBUILD}"
    )


def test_a_true_false_column_with_another_word_is_refused_not_read_as_true(processed, capsys):
    path = damage(
        processed,
        paths.INDICATORS_FILE,
        lambda df: df.__setitem__("derived", df["derived"].where(df.index != 5, "kanske")),
    )
    assert main(["--data-dir", str(processed), "coverage"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"segstats: error: {path}: row 7, column derived: 'kanske' is not True or False; {REBUILD}"
    )


def test_several_damaged_cells_are_listed_in_row_order(processed, capsys):
    def several(df):
        df.loc[8, "status"] = "klar"
        df.loc[2, "source_line"] = "-3"

    path = damage(processed, paths.MEASURES_FILE, several)
    assert main(["--data-dir", str(processed), "summary"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"segstats: error: {path}: 2 values that the measures table does not allow:",
        "  row 4, column source_line: -3 is less than 1, the smallest allowed",
        "  row 10, column status: 'klar' is not one of done, ongoing, not_done",
        "Run 'segstats build' to make it again from data/raw/",
    ]
