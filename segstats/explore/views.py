"""Filters behind the exploration notebook's controls: pure, DataFrame in, DataFrame out."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable

import pandas as pd
from matplotlib.figure import Figure

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.reports import labels
from segstats.reports.tables import neutralise
from segstats.text import fold

NO_DATA = {"sv": "Inga data för det här urvalet.", "en": "No data for this selection."}
# The comparison series of the trend charts, by the geo_kind of their rows.
COMPARISONS = {"kommun": "Linköping", "riket": "Sverige"}
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


def filter_indicators(
    indicators: pd.DataFrame,
    indicator: str,
    *,
    districts: Iterable[str] | None = None,
    geo_kinds: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    comparisons: Iterable[str] = (),
) -> pd.DataFrame:
    """The trend rows of one indicator (:func:`segstats.indicators.analysis.trend_rows`) that match the controls.

    Args:
        indicators: rows of :func:`segstats.load_indicators`.
        indicator: an indicator id.
        districts: districts to show; ``None`` or empty means all three.
        geo_kinds: the districts' geography levels (``regso``, ``stadsdel``, ...); ``None`` or empty means all.
        years: years to keep; ``None`` or empty means all.
        comparisons: comparison series to add, keys of :data:`COMPARISONS` (``kommun``, ``riket``).
    """
    rows = indicator_analysis.trend_rows(indicators, indicator)
    own = rows["district"].notna()
    if districts:
        own &= rows["district"].isin(list(districts))
    if geo_kinds:
        own &= rows["geo_kind"].isin(list(geo_kinds))
    keep = own | rows["district"].isna() & rows["geo_kind"].isin(list(comparisons))
    if years:
        keep &= rows["year"].isin(list(years))
    return rows[keep]


def peer_rows(indicators: pd.DataFrame, indicator: str, districts: Iterable[str] | None = None) -> pd.DataFrame:
    """The RegSOs of the same områdestyp as the chosen districts (:func:`segstats.indicators.analysis.peer_values`)."""
    peers = indicator_analysis.peer_values(indicators, indicator)
    return peers[peers["district"].isin(list(districts))] if districts else peers


_HEADERS = {
    "year": ("År", "Year"),
    "measure_id": ("Åtgärd", "Measure"),
    "area_no": ("Utvecklingsområde", "Development area"),
    "title": ("Titel", "Title"),
    "status": ("Status", "Status"),
    "departments": ("Förvaltningar", "Departments"),
    "districts": ("Stadsdelar", "Districts"),
    "geo_name": ("Område", "Area"),
    "geo_kind": ("Geografi", "Geography"),
    "district": ("Stadsdel", "District"),
    "value": ("Värde", "Value"),
    "unit": ("Enhet", "Unit"),
    "source": ("Källa", "Source"),
}


def _headed(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    index = 0 if lang == "sv" else 1
    return table.rename(columns={c: _HEADERS[c][index] for c in table.columns}).reset_index(drop=True)


def measure_table(rows: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Filtered measures as shown and copied out: codes written out as labels, headers in ``lang``.

    >>> rows = pd.DataFrame({"year": [2021], "measure_id": ["5.1"], "area_no": [5], "title": ["T"],
    ...     "status": ["not_done"], "departments": ["KoF"], "districts": ["Ryd"]})
    >>> measure_table(rows).iloc[0]["Status"]
    'Ej genomförd'
    """
    table = rows[["year", "measure_id", "area_no", "title", "status", "departments", "districts"]].assign(
        area_no=rows["area_no"].map(lambda a: labels.area(a, lang)),
        status=rows["status"].map(lambda s: codes.label("status", s, lang)),
        departments=rows["departments"].map(lambda d: labels.departments(d, lang)),
        districts=rows["districts"].str.replace(";", ", "),
    )
    return _headed(table, lang)


def indicator_table(rows: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Filtered indicator rows as shown and copied out: geography written out, values kept as numbers."""
    table = rows[["geo_name", "geo_kind", "district", "year", "value", "unit", "source"]].assign(
        geo_kind=rows["geo_kind"].map(lambda k: codes.label("geo_kind", k, lang))
    )
    return _headed(table, lang)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as UTF-8 CSV (with BOM, so Excel reads å/ä/ö), formula-like text neutralised."""
    return neutralise(table).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as an XLSX workbook, formula-like text neutralised."""
    out = io.BytesIO()
    neutralise(table).to_excel(out, index=False, engine="openpyxl")
    return out.getvalue()


def png_bytes(figure: Figure) -> bytes:
    """``figure`` as PNG at the reports' resolution."""
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
}


def download_link(data: bytes, filename: str, text: str) -> str:
    """An HTML link that saves ``data`` as ``filename`` in one click (a data: URI, no server needed)."""
    mime = MIME[filename.rsplit(".", 1)[-1]]
    payload = base64.b64encode(data).decode("ascii")
    return f'<a download="{filename}" href="data:{mime};base64,{payload}">{text}</a>'
