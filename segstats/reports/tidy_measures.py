"""The follow-ups' measures as the files hold them: status counts, shares and lists of measures, tidy and typed.

The same vocabulary as :mod:`segstats.reports.tidy` (``words/columns.yaml``): each code beside its
name (``status`` and ``status_name``, ``area_no`` and ``area_name``), counts and shares as numbers,
and no total row, which is the sum of the rows (or, where a measure counts for each district or
department it names, no sum at all).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from segstats import codes
from segstats.measures.analysis import status_counts
from segstats.reports import labels
from segstats.reports.tidy import records

# What a table of status counts is grouped by (the measures' column): the keys of the group's code and name.
GROUPS = {
    "area_no": ("area_no", "area_name"),
    "districts": ("target", "target_name"),
    "departments": ("department", "department_name"),
    "next_plan": ("next_plan", "next_plan_name"),
}
STATUS_COUNTS = (*codes.codes("status"), "total")
_AREAS = [int(a) for a in codes.codes("area")]


def status_totals(shares: pd.DataFrame, year: int, lang: str = "sv") -> pd.DataFrame:
    """The measures of ``year`` per status (:func:`segstats.measures.analysis.status_totals`): count and share."""
    found = [
        {
            "year": year,
            "status": s,
            "status_name": codes.label("status", s, lang),
            "count": r["count"],
            "share": r["share"],
        }
        for s, r in shares.iterrows()
    ]
    return records(found, ("year", "status", "status_name", "count", "share"))


def status_groups(counts: pd.DataFrame, by: str, names: Mapping[Any, str], year: int) -> pd.DataFrame:
    """Status counts per group (:func:`segstats.measures.analysis.status_counts`, ``status_by_item``) without
    the total row: the group's code and name, then the number of measures per status and in all.

    Args:
        by: what the groups are (a key of :data:`GROUPS`).
        names: each group's name, as the report shows it.
    """
    code, name = GROUPS[by]
    found = [
        {"year": year, code: group, name: names[group], **{s: r[s] for s in STATUS_COUNTS}}
        for group, r in counts.drop(index="total", errors="ignore").iterrows()
    ]
    return records(found, ("year", code, name, *STATUS_COUNTS))


def status_by_year(measures: pd.DataFrame, years: Sequence[int], lang: str = "sv") -> pd.DataFrame:
    """The measures per year, development area and status, long: the count and its share of the area's measures.

    Each status of each area a row, zeros kept; a year without a follow-up has no rows (nothing
    is filled in); an area without measures in a year has counts 0 and no share.
    """
    found = []
    for year in years:
        rows = measures[measures["year"] == year]
        if rows.empty:
            continue
        counts = status_counts(rows).drop(index="total").reindex(_AREAS, fill_value=0)
        for area_no, r in counts.iterrows():
            for s in codes.codes("status"):
                found.append(
                    {
                        "year": year,
                        "area_no": area_no,
                        "area_name": codes.label("area", str(area_no), lang),
                        "status": s,
                        "status_name": codes.label("status", s, lang),
                        "count": r[s],
                        "share": r[s] / r["total"] * 100 if r["total"] else None,
                    }
                )
    return records(found, ("year", "area_no", "area_name", "status", "status_name", "count", "share"))


def measure_list(rows: pd.DataFrame, keys: Sequence[str], lang: str = "sv") -> pd.DataFrame:
    """Measures as a tidy table of the columns ``keys`` of ``rows``, a code's name after it: ``status_name``
    after ``status``, ``department_names`` after ``departments``."""
    named = {"status": "status_name", "departments": "department_names"}
    columns = [c for k in keys for c in (k, named.get(k)) if c]
    found = []
    for _, r in rows.iterrows():
        row = {k: r[k] for k in keys}
        if "status" in row:
            row["status_name"] = codes.label("status", r["status"], lang)
        if "departments" in row:
            row["department_names"] = labels.departments(r["departments"], lang)
        found.append(row)
    return records(found, columns)
