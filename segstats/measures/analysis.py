"""Pure functions on the measure table: status counts and shares by area, district and department."""

from __future__ import annotations

import pandas as pd

from segstats import codes
from segstats.errors import SegstatsError


def status_counts(measures: pd.DataFrame, by: str = "area_no") -> pd.DataFrame:
    """Number of measures per ``by`` and status, every status a column (zeros kept), with a total row.

    Args:
        measures: rows of :func:`segstats.load_measures` (one follow-up year).
        by: the column to group by (``area_no``, ``year``, …).

    Returns:
        Index: the values of ``by`` plus ``"total"``; columns: status codes plus ``"total"``.
    """
    table = pd.crosstab(measures[by], measures["status"], dropna=False)
    table = table.reindex(columns=codes.codes("status"), fill_value=0)
    table.columns = pd.Index(list(table.columns), name="status")
    table.loc["total"] = table.sum()
    table["total"] = table.sum(axis=1)
    return table


def followup_year(measures: pd.DataFrame, year: int) -> pd.DataFrame:
    """The measures of one follow-up year; a year without a follow-up is an error naming those with one.

    Raises:
        SegstatsError: when ``measures`` has no row for ``year``.
    """
    years = sorted(int(y) for y in measures["year"].unique())
    if year not in years:
        raise SegstatsError("messages.no_followup_of", year=year, years=", ".join(map(str, years)) or "–")
    return measures[measures["year"] == year]


def status_totals(measures: pd.DataFrame) -> pd.DataFrame:
    """Number and share (per cent) of measures per status, every status a row (zeros kept).

    Returns:
        Index: status codes in order; columns ``count`` and ``share``.
    """
    count = measures["status"].value_counts(sort=False).reindex(codes.codes("status"), fill_value=0)
    total = int(count.sum())
    share = count / total * 100 if total else count * float("nan")
    return pd.DataFrame({"count": count.astype("int64"), "share": share}).rename_axis("status")


def explode_items(measures: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per measure and item of a ``;``-separated column (``districts``, ``departments``).

    Departments are counted as their parent department (``KLF-SÄK`` → ``KLF``), once per measure.
    """
    items = measures[column].str.split(";")
    if column == "departments":
        items = items.map(lambda codes_: list(dict.fromkeys(codes.parent_department(c) for c in codes_)))
    return measures.assign(**{column: items}).explode(column).reset_index(drop=True)


def status_by_item(measures: pd.DataFrame, column: str) -> pd.DataFrame:
    """Status counts per item of a ``;``-separated column; a measure counts once for every item it names.

    Because a measure can name several districts or departments, the rows add up to more than the
    number of measures, so there is no total row. Districts come in the plan's order, other
    targets (e.g. "Mottagande skolor") after them; departments by number of measures.

    Returns:
        Index: the items; columns: status codes plus ``"total"``.
    """
    table = status_counts(explode_items(measures, column), by=column).drop(index="total")
    if column == "districts":
        known = [d for d in codes.codes("district") if d in table.index]
        return table.loc[known + sorted(set(table.index) - set(known))]
    return table.sort_values("total", ascending=False, kind="stable")


def measures_with_status(measures: pd.DataFrame, status: str) -> pd.DataFrame:
    """The measures of one status: id, title, departments and the department's comment, in report order."""
    codes.lookup("status", status)
    columns = ["measure_id", "title", "departments", "status_comment"]
    return measures.loc[measures["status"] == status, columns].reset_index(drop=True)
