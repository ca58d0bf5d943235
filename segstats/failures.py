"""A table's schema failures in plain words: the row, the column, what is wrong and what is allowed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from segstats.words import Said, say

if TYPE_CHECKING:
    import pandera.pandas as pa

# pandera's names of the checks that say a cell is not of the column's type; the type in words.
_TYPE_CHECKS = ("coerce_dtype", "dtype")
_TYPE_WORDS = {"int64": "messages.type_whole", "float64": "messages.type_number", "bool": "messages.type_bool"}
_UNIQUE_CHECKS = ("multiple_fields_uniqueness", "field_uniqueness")
# A check of segstats' own (schema.py) says what it allows by a text key as its error.
_OWN = "messages."


def plain_failures(cases: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Said]:
    """One sentence per failing cell (or repeated key) of pandera's ``failure_cases``, in row order.

    A cell that fails more than one check (its type, then the checks that could not run on it)
    is told once, by its first failure; a check that failed for a whole column because of such
    cells is not told at all.
    """
    cases = _named_cells(cases, schema)
    per_cell = cases[cases["index"].notna()]
    whole_column = cases[cases["index"].isna() & ~cases["column"].isin(per_cell["column"])]
    told: dict[tuple[int, str], Said] = {}
    unique = per_cell["check"].astype(str).isin(_UNIQUE_CHECKS)
    for case in per_cell[~unique].itertuples():
        column, value = _column_and_value(case)
        told.setdefault((int(case.index) + 2, column), _sentence(schema, column, str(case.check), value))
    for row, sentence in _repeated_keys(per_cell[unique], schema):
        told.setdefault((row, ""), sentence)
    lines = [
        say("messages.failure_at", row=row, column=column, what=sentence) if column else sentence
        for (row, column), sentence in sorted(told.items())
    ]
    return lines + [
        say("messages.failure_column", column=c.column, what=_check(str(c.check))) for c in whole_column.itertuples()
    ]


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


def _sentence(schema: pa.DataFrameSchema, column: str, check: str, value: object) -> Said:
    """What is wrong with ``value`` in ``column``, and what the column allows."""
    declared = schema.columns.get(column)
    shown = repr(value)
    if declared is None:
        return say("messages.failure_check", what=_check(check), value=shown)
    if check == "not_nullable" or pd.isna(value):
        return say("messages.failure_empty", column=column)
    if check.split("(")[0] in _TYPE_CHECKS:
        categories = getattr(declared.dtype, "categories", None)
        if categories is not None:
            return say("messages.failure_not_one_of", value=shown, allowed=", ".join(map(str, categories)))
        kind = _TYPE_WORDS.get(str(declared.dtype))
        return say("messages.failure_type", value=shown, kind=say(kind) if kind else str(declared.dtype))
    statistics: dict = next((c.statistics or {} for c in [*declared.checks, *schema.checks] if c.error == check), {})
    if "allowed_values" in statistics:
        return say(
            "messages.failure_not_one_of", value=shown, allowed=", ".join(map(str, statistics["allowed_values"]))
        )
    if "allowed_items" in statistics:
        return say("messages.failure_items", value=shown, allowed=", ".join(statistics["allowed_items"]))
    if {"min_value", "max_value"} <= set(statistics):
        return say("messages.failure_outside", value=shown, low=statistics["min_value"], high=statistics["max_value"])
    if "min_value" in statistics:
        return say("messages.failure_less", value=shown, low=statistics["min_value"])
    if "max_value" in statistics:
        return say("messages.failure_more", value=shown, high=statistics["max_value"])
    if "pattern" in statistics:
        return say("messages.failure_form", value=shown, form=(declared.description or "").replace("`", ""))
    return say("messages.failure_check", what=_check(check), value=shown)


def _check(check: str) -> Said | str:
    """A check's error in words: a text key of segstats' own checks, else pandera's name of it."""
    return say(check) if check.startswith(_OWN) else check


def _repeated_keys(cases: pd.DataFrame, schema: pa.DataFrameSchema) -> list[tuple[int, Said]]:
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
        told.append(
            (
                row,
                say(
                    "messages.failure_repeated",
                    rows=", ".join(map(str, same)),
                    key=", ".join(key),
                    values=", ".join(shown),
                ),
            )
        )
    return told


def false_booleans(df: pd.DataFrame, schema: pa.DataFrameSchema) -> Said | None:
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
            value = df.at[first, name]
            what = (
                say("messages.failure_empty", column=name)
                if pd.isna(value)
                else say("messages.failure_type", value=repr(value), kind=say("messages.type_bool"))
            )
            return say("messages.failure_at", row=first + 2, column=name, what=what)
        df[name] = df[name].isin(["True", True])
    return None
