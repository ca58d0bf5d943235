"""A table's schema failures in plain words: the row, the column, what is wrong and what is allowed."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

# pandera's names of the checks that say a cell is not of the column's type; the type in words.
_TYPE_CHECKS = ("coerce_dtype", "dtype")
_TYPE_WORDS = {"int64": "a whole number", "float64": "a number", "bool": "True or False"}
_UNIQUE_CHECKS = ("multiple_fields_uniqueness", "field_uniqueness")


def plain_failures(cases: pd.DataFrame, schema: pa.DataFrameSchema) -> list[str]:
    """One sentence per failing cell (or repeated key) of pandera's ``failure_cases``, in row order.

    A cell that fails more than one check (its type, then the checks that could not run on it)
    is told once, by its first failure; a check that failed for a whole column because of such
    cells is not told at all.
    """
    cases = _named_cells(cases, schema)
    per_cell = cases[cases["index"].notna()]
    whole_column = cases[cases["index"].isna() & ~cases["column"].isin(per_cell["column"])]
    told: dict[tuple[int, str], str] = {}
    unique = per_cell["check"].astype(str).isin(_UNIQUE_CHECKS)
    for case in per_cell[~unique].itertuples():
        column, value = _column_and_value(case)
        told.setdefault((int(case.index) + 2, column), _sentence(schema, column, str(case.check), value))
    for row, sentence in _repeated_keys(per_cell[unique], schema):
        told.setdefault((row, ""), sentence)
    lines = [
        f"row {row}, column {column}: {sentence}" if column else sentence
        for (row, column), sentence in sorted(told.items())
    ]
    return lines + [f"column {c.column}: {c.check}" for c in whole_column.itertuples()]


def _named_cells(cases: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """A row check reports every cell of a failing row; keep the one of the column it names, if it names one."""
    named = {i: check.name for i, check in enumerate(schema.checks) if check.name in schema.columns}
    row_check = (cases["schema_context"] == "DataFrameSchema") & cases["check_number"].isin(list(named))
    return cases[~row_check | (cases["column"] == cases["check_number"].map(named))].reset_index(drop=True)


def _column_and_value(case) -> tuple[str, object]:
    """The column and value of a failure case; a table-wide check names its cell as {column: value}."""
    column, value = case.column, case.failure_case
    if isinstance(value, dict) and len(value) == 1:
        column, value = next(iter(value.items()))
    return str(column), value


def _sentence(schema: pa.DataFrameSchema, column: str, check: str, value: object) -> str:
    """What is wrong with ``value`` in ``column``, and what the column allows."""
    declared = schema.columns.get(column)
    if declared is None:
        return f"{check}; the cell holds {value!r}"
    shown = repr(value)
    if check == "not_nullable" or pd.isna(value):
        return f"the cell is empty, but {column} must have a value"
    if check.split("(")[0] in _TYPE_CHECKS:
        categories = getattr(declared.dtype, "categories", None)
        if categories is not None:
            return f"{shown} is not one of {', '.join(map(str, categories))}"
        return f"{shown} is not {_TYPE_WORDS.get(str(declared.dtype), str(declared.dtype))}"
    statistics: dict = next((c.statistics for c in declared.checks if c.error == check), {})
    if "allowed_values" in statistics:
        return f"{shown} is not one of {', '.join(map(str, statistics['allowed_values']))}"
    if {"min_value", "max_value"} <= set(statistics):
        return f"{shown} lies outside {statistics['min_value']}–{statistics['max_value']}"
    if "min_value" in statistics:
        return f"{shown} is less than {statistics['min_value']}, the smallest allowed"
    if "max_value" in statistics:
        return f"{shown} is more than {statistics['max_value']}, the largest allowed"
    if "pattern" in statistics:
        return f"{shown} is not of the form allowed: {(declared.description or '').replace('`', '')}"
    return f"{check}; the cell holds {shown}"  # a check of segstats' own: its error says what is allowed


def _repeated_keys(cases: pd.DataFrame, schema: pa.DataFrameSchema) -> list[tuple[int, str]]:
    """Each key that several rows share, told once at its first row."""
    key = list(schema.unique or cases["column"].unique())
    rows = sorted({int(i) + 2 for i in cases["index"]})
    values: dict[int, list[str]] = {r: [] for r in rows}
    for case in cases.itertuples():
        values[int(case.index) + 2].append(str(case.failure_case))
    told, seen = [], set()
    for row in rows:
        shown = tuple(values[row])
        if shown in seen:
            continue
        seen.add(shown)
        same = [r for r in rows if tuple(values[r]) == shown]
        listed = ", ".join(map(str, same[:-1])) + f" and {same[-1]}"
        told.append((row, f"rows {listed}: the same {' and '.join(key)} ({', '.join(shown)}); each may occur once"))
    return told


def false_booleans(df: pd.DataFrame, schema: pa.DataFrameSchema) -> str | None:
    """The first cell of a true/false column that holds something else, in words; such columns made bool.

    pandas reads a true/false column with another word in it as text, which pandera would then
    make True; a processed table holds only the True and False that ``write_csv`` writes.
    """
    for name, column in schema.columns.items():
        if str(column.dtype) != "bool" or df[name].dtype == bool:
            continue
        wrong = ~df[name].isin(["True", "False", True, False])
        if wrong.any():
            first = wrong.idxmax()
            cell = "the cell is empty" if pd.isna(df.at[first, name]) else repr(df.at[first, name])
            return f"row {first + 2}, column {name}: {cell}, but only True or False is allowed"
        df[name] = df[name].isin(["True", True])
    return None
