"""Report tables as CSV and XLSX files, safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from segstats.io import replacing, write_csv_atomic

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


def write_table(df: pd.DataFrame, directory: Path, name: str) -> list[Path]:
    """Write ``df`` as ``<name>.csv`` (UTF-8) and ``<name>.xlsx`` in ``directory``, formula cells neutralised.

    Returns:
        The two paths written; each is replaced only when complete.
    """
    safe = neutralise(df)
    csv = write_csv_atomic(safe, directory / f"{name}.csv")
    xlsx = directory / f"{name}.xlsx"
    with replacing(xlsx) as tmp:
        safe.to_excel(tmp, index=False, sheet_name=name[:31], engine="openpyxl")
    return [csv, xlsx]
