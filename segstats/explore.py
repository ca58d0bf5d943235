"""Filters behind the exploration notebook's controls: pure, DataFrame in, DataFrame out."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import codes
from .followup import fold

NO_DATA = {"sv": "Inga data för det här urvalet.", "en": "No data for this selection."}
_SEARCHED = ("measure_id", "title", "description", "status_comment", "next_plan_text", "responsible")


def filter_measures(
    measures: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
    areas: Iterable[int] | None = None,
    departments: Iterable[str] | None = None,
    districts: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    text: str = "",
) -> pd.DataFrame:
    """The measures that match every given control; ``None`` or empty means "all".

    Args:
        measures: rows of :func:`segstats.load_measures`.
        years: follow-up years.
        areas: development area numbers 1–5.
        departments: department codes; a department also selects its sub-units
            (``KLF`` selects measures of ``KLF-SÄK``).
        districts: target districts; a measure matches when it names any of them.
        statuses: status codes (``done``, ``ongoing``, ``not_done``).
        text: words that must all occur in the id, title, description, comment or
            responsible text; case, å/ä/ö and OCR-damaged letters do not matter.
    """
    keep = pd.Series(True, index=measures.index)
    if years:
        keep &= measures["year"].isin(list(years))
    if areas:
        keep &= measures["area_no"].isin(list(areas))
    if statuses:
        keep &= measures["status"].isin([codes.lookup("status", s).code for s in statuses])
    if departments:
        wanted = {codes.lookup("department", d).code for d in departments}
        keep &= measures["departments"].map(lambda cell: bool(_with_parents(cell) & wanted))
    if districts:
        wanted = set(districts)
        keep &= measures["districts"].map(lambda cell: bool(set(cell.split(";")) & wanted))
    if words := fold(text).split():
        haystack = measures[list(_SEARCHED)].fillna("").agg(" ".join, axis=1).map(fold)
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
    return measures[keep]


def _with_parents(cell: str) -> set[str]:
    items = set(cell.split(";"))
    return items | {codes.parent_department(i) for i in items}
