"""Tables as CSV and XLSX files, safe to open in a spreadsheet: the report tables and the dashboard's downloads."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd

from segstats.io import write_bytes_atomic

# The one CSV dialect segstats writes for spreadsheets: Swedish Excel opens a CSV straight into
# columns only with ";" between cells, a decimal comma and UTF-8 with a BOM (else it is one column).
CSV_SEPARATOR = ";"
CSV_DECIMAL = ","
CSV_ENCODING = "utf-8-sig"
# Excel's limits on a sheet name: at most 31 characters, none of []:*?/\
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection); tab and
# carriage return are on OWASP's list as well.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` in which every text cell (and header) that a spreadsheet would run is prefixed with ``'``.

    Numbers stay numbers: only text is changed, so a negative number is still a number.

    >>> neutralise(pd.DataFrame({"a": ["=1+1", "ok", "-x"], "b": [-1, 2, 3]}))
           a  b
    0  '=1+1 -1
    1     ok  2
    2    '-x  3
    """

    def safe(cell: object) -> object:
        return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell

    out = df.map(safe)
    out.columns = [safe(str(c)) for c in df.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as a CSV Swedish Excel opens directly (``;``, decimal comma, UTF-8 with BOM), formulas neutralised.

    >>> csv_bytes(pd.DataFrame({"Område": ["Ryd"], "Värde": [44.5]})).decode("utf-8-sig")
    'Område;Värde\\r\\nRyd;44,5\\r\\n'
    """
    text = neutralise(df).to_csv(index=False, sep=CSV_SEPARATOR, decimal=CSV_DECIMAL, lineterminator="\r\n")
    return text.encode(CSV_ENCODING)


def sheet_name(name: str) -> str:
    """A table's name as an Excel sheet name: characters Excel forbids replaced, at most 31 characters.

    >>> sheet_name("status-per-omrade"), sheet_name("a/b: c")
    ('status-per-omrade', 'a-b- c')
    """
    return _SHEET_FORBIDDEN.sub("-", name)[:31]


def xlsx_bytes(df: pd.DataFrame, name: str) -> bytes:
    """``df`` as an XLSX workbook whose one sheet is named after the table (``name``), formulas neutralised.

    Missing values are empty cells; numbers stay numbers. Written row by row (openpyxl's
    write-only mode), which is quicker than pandas' writer for the dashboard's larger tables.
    """
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name(name))
    safe = neutralise(df)
    sheet.append([str(c) for c in safe.columns])
    for row in safe.astype(object).where(safe.notna(), None).itertuples(index=False):
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_table(df: pd.DataFrame, directory: Path, name: str) -> list[Path]:
    """Write ``df`` as ``<name>.csv`` (:func:`csv_bytes`) and ``<name>.xlsx`` (:func:`xlsx_bytes`) in ``directory``.

    Returns:
        The two paths written; each is replaced only when complete.
    """
    csv = write_bytes_atomic(csv_bytes(df), directory / f"{name}.csv")
    xlsx = write_bytes_atomic(xlsx_bytes(df, name), directory / f"{name}.xlsx")
    return [csv, xlsx]
