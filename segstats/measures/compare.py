"""Comparing a follow-up year with the baseline: pure functions, DataFrame in, DataFrame out."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from segstats import codes
from segstats.errors import SegstatsError
from segstats.measures.analysis import status_counts
from segstats.words import say

_AREAS = [int(a) for a in codes.codes("area")]


def status_shares(measures: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """The share of measures in each status per development area, the years side by side.

    Args:
        measures: rows of :func:`segstats.load_measures`.
        years: the years to compare, e.g. ``(2021, 2022)``.

    Returns:
        Index: development areas 1–5 and ``"total"``. Columns: (year, status code) with the
        share of that year's measures in the area (0–1), and (year, ``"n"``) with their number.
        A year without a follow-up is all missing, and so is the share in an area without
        measures: nothing is filled in.
    """
    index = pd.Index([*_AREAS, "total"], dtype=object, name="area_no")
    tables = {}
    for year in years:
        rows = measures[measures["year"] == year]
        counts = status_counts(rows).reindex(index, fill_value=0) if not rows.empty else None
        if counts is None:
            shares = pd.DataFrame(pd.NA, index=index, columns=codes.codes("status"), dtype="Float64")
            n = pd.Series(pd.NA, index=index, dtype="Int64")
        else:
            shares = counts[codes.codes("status")].div(counts["total"].where(counts["total"] > 0), axis=0)
            shares, n = shares.astype("Float64"), counts["total"].astype("Int64")
        tables[year] = shares.assign(n=n)
    return pd.concat(tables, axis=1, names=["year", "status"])


def status_runs(measures: pd.DataFrame) -> pd.DataFrame:
    """How long each measure, through its predecessors, has been ongoing, and how often not carried out.

    Ids change every year, so a measure is followed through the ``predecessors`` of the later
    years' templates. Where a measure has several predecessors the longest line counts.

    Args:
        measures: rows of :func:`segstats.load_measures`.

    Returns:
        ``year``, ``measure_id``, ``title``, ``status`` and ``ongoing_years``: the number of
        follow-ups in a row, ending with this one, in which it was "Pågår" (0 when it is not
        ongoing now); ``not_done_times``: the follow-ups along its line in which it was
        "Ej genomförd".
    """
    runs: dict[tuple[int, str], tuple[int, int]] = {}
    for m in measures.sort_values("year", kind="stable").itertuples():
        ids = m.predecessors.split(";") if isinstance(m.predecessors, str) else []
        before = [runs[(m.year - 1, i)] for i in ids if (m.year - 1, i) in runs]
        ongoing = 1 + max((b[0] for b in before), default=0) if m.status == "ongoing" else 0
        not_done = int(m.status == "not_done") + max((b[1] for b in before), default=0)
        runs[(m.year, m.measure_id)] = (ongoing, not_done)
    keys = zip(measures["year"], measures["measure_id"], strict=True)
    ongoing_years, not_done_times = zip(*(runs[k] for k in keys), strict=True) if len(measures) else ((), ())
    return measures[["year", "measure_id", "title", "status"]].assign(
        ongoing_years=list(ongoing_years), not_done_times=list(not_done_times)
    )


def still_ongoing(measures: pd.DataFrame, year: int, min_years: int = 2) -> pd.DataFrame:
    """The measures of ``year`` that have been "Pågår" in at least ``min_years`` follow-ups in a row.

    Returns:
        The rows of :func:`status_runs` for those measures, with ``since``: the first year of the run.
    """
    runs = status_runs(measures)
    chosen = runs[(runs["year"] == year) & (runs["ongoing_years"] >= min_years)]
    return chosen.assign(since=chosen["year"] - chosen["ongoing_years"] + 1).reset_index(drop=True)


def not_done_repeatedly(measures: pd.DataFrame, year: int, min_times: int = 2) -> pd.DataFrame:
    """The measures of ``year`` that, along their predecessors, were "Ej genomförd" at least ``min_times``.

    Returns:
        The rows of :func:`status_runs` for those measures.
    """
    runs = status_runs(measures)
    return runs[(runs["year"] == year) & (runs["not_done_times"] >= min_times)].reset_index(drop=True)


def new_measures(measures: pd.DataFrame, year: int) -> pd.DataFrame:
    """The measures of ``year`` that continue none of the previous year's (no predecessor ids).

    Raises:
        SegstatsError: the previous year has no follow-up, so new and continued cannot be told apart.
    """
    _require_years(measures, [year - 1, year], "messages.what_new_measures")
    rows = measures[(measures["year"] == year) & measures["predecessors"].isna()]
    return rows[["year", "measure_id", "title", "area_no", "status"]].reset_index(drop=True)


def dropped_measures(measures: pd.DataFrame, lineage: pd.DataFrame, year: int) -> pd.DataFrame:
    """The measures of ``year`` that the follow-up says are not in the next year's plan.

    Returns:
        ``year``, ``measure_id``, ``title``, ``status`` and ``next_plan_text`` (the reason, where given).
    """
    _require_years(measures, [year], "messages.what_dropped_measures")
    dropped = lineage[(lineage["year"] == year) & (lineage["kind"] == "dropped")]
    rows = measures[(measures["year"] == year) & measures["measure_id"].isin(dropped["measure_id"])]
    return rows[["year", "measure_id", "title", "status", "next_plan_text"]].reset_index(drop=True)


def carry_over(measures: pd.DataFrame, year: int) -> pd.DataFrame:
    """How the measures of ``year`` are carried into the next year's plan: number and share per handling.

    Returns:
        Index: the next-plan codes (every one, zeros kept), ``"not_stated"`` when some measure's
        handling is missing, and ``"total"``; columns ``n`` and ``share`` (0–1 of all measures).
    """
    _require_years(measures, [year], "messages.what_carry_over")
    handling = measures.loc[measures["year"] == year, "next_plan"]
    counts = handling.value_counts().reindex(codes.codes("next_plan"), fill_value=0)
    if handling.isna().any():
        counts["not_stated"] = int(handling.isna().sum())
    counts["total"] = len(handling)
    table = pd.DataFrame({"n": counts.astype(int)})
    table["share"] = table["n"] / len(handling)
    table.index.name = "next_plan"
    return table


def carry_over_by_status(measures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Measures of ``year`` by handling in the next plan (rows) and status (columns), with totals.

    Returns:
        :func:`segstats.measures.analysis.status_counts` by ``next_plan``, every handling a row (zeros kept).
    """
    _require_years(measures, [year], "messages.what_carry_over")
    table = status_counts(measures[measures["year"] == year], by="next_plan")
    return table.reindex([*codes.codes("next_plan"), "total"], fill_value=0)


def missing_followup_years(measures: pd.DataFrame, baseline: int, year: int) -> list[int]:
    """The years from ``baseline`` to ``year`` (both included) that have no follow-up in the data."""
    present = set(measures["year"])
    return [y for y in range(baseline, year + 1) if y not in present]


def _require_years(measures: pd.DataFrame, years: list[int], what: str) -> None:
    missing = [str(y) for y in years if y not in set(measures["year"])]
    if missing:
        have = ", ".join(str(y) for y in sorted(set(measures["year"])))
        raise SegstatsError("messages.need_followups", what=say(what), missing=", ".join(missing), have=have)
