"""Pure analysis functions: DataFrame in, DataFrame out; no I/O, no plotting."""

from __future__ import annotations

import pandas as pd

from . import codes


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
