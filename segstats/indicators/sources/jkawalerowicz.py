"""SCB's 2022 DeSO exports for all of Sweden (xlsx from Statistikdatabasen), read with their own headers."""

from __future__ import annotations

import re
from pathlib import Path
from zipfile import BadZipFile

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from segstats.errors import SourceFormatError
from segstats.indicators import geo, segregation
from segstats.indicators.sources.common import Source, lookup, ref, rows, share
from segstats.words import say

LAYOUT = lookup("jkawalerowicz")
_TERM = re.compile(r"\s+([+-])\s+")


def read_deso_export(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """One export: its title and header rows checked, one row per DeSO, the file's series as long rows."""
    name = ref(path)
    spec = LAYOUT["files"].get(path.name)
    if spec is None:
        raise SourceFormatError("sources.no_layout", file=name, known=", ".join(LAYOUT["files"]))
    table = _read_sheet(path, name, spec, set(key.deso.loc[key.deso["version"] == "2018", "deso_code"]))
    frames = []
    for series in spec["series"]:
        if "value" in series:
            value, derived, note = table[series["value"]], False, None
        else:
            part, whole = _terms(table, series["part"]), _terms(table, series["whole"])
            undefined = "undefined: the source counts 0 in " + series["whole"]
            value, derived, note = share(part, whole), True, np.where(whole == 0, undefined, series["formula"])
        frames.append(
            rows(
                indicator=series["indicator"],
                geo_kind="deso",
                geo_code=table.index,
                year=LAYOUT["year"],
                value=value,
                source=source.publisher,
                source_ref=name,
                derived=derived,
                note=note,
            )
        )
    frames += [_segregation(table, pair, source, name, key) for pair in spec.get("segregation", [])]
    return pd.concat(frames, ignore_index=True)


# How a segregation index's rows say how it was computed (g, o: the two groups' counts per DeSO).
_INDEX_FORMULA = {"dissimilarity": "½Σ|g/G−o/O|", "isolation": "Σ(g/G)·g/(g+o)"}


def _segregation(table: pd.DataFrame, pair: dict, source: Source, name: str, key: geo.RegsoKey) -> pd.DataFrame:
    """The dissimilarity and isolation index of each municipality over its DeSOs, for one pair of groups."""
    group, other = _terms(table, pair["group"]), _terms(table, pair["other"])
    negative = (group < 0) | (other < 0)
    if negative.any():
        code = table.index[negative.to_numpy()][0]
        raise SourceFormatError(
            "sources.negative_count", file=name, code=code, group=pair["group"], other=pair["other"]
        )
    deso = key.deso[key.deso["version"] == "2018"].set_index("deso_code")["kommun_code"]
    indices = segregation.by_municipality(group, other, deso)
    return pd.concat(
        [
            rows(
                indicator=pair[kind],
                geo_kind="kommun",
                geo_code=indices.index,
                year=LAYOUT["year"],
                value=indices[kind].round(segregation.DECIMALS),
                source=source.publisher,
                source_ref=name,
                derived=True,
                note=[
                    f"derived: {_INDEX_FORMULA[kind]} over the kommun's {n} DeSOs; "
                    f"g = {pair['group']}, o = {pair['other']}"
                    + ("" if pd.notna(value) else " (undefined: a group counts 0)")
                    for n, value in zip(indices["areas"], indices[kind], strict=True)
                ],
            )
            for kind in ("dissimilarity", "isolation")
        ],
        ignore_index=True,
    )


def _terms(table: pd.DataFrame, expression: str) -> pd.Series:
    """The sum of columns joined by " + " and " - " (names as in the file's header)."""
    parts = _TERM.split(" ".join(expression.split()))
    total = table[parts[0]].copy()
    for sign, column in zip(parts[1::2], parts[2::2], strict=True):
        total = total + table[column] if sign == "+" else total - table[column]
    return total


def _read_sheet(path: Path, name: str, spec: dict, known: set[str]) -> pd.DataFrame:
    """The data rows of the export's one sheet: index DeSO code, one float column per header name."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, BadZipFile, KeyError, ValueError) as exc:
        raise SourceFormatError("sources.not_xlsx", file=name, reason=str(exc)) from None
    try:
        sheet = workbook.worksheets[0]
        lines = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    header, first = spec["header"], LAYOUT["first_header_row"]
    width = len(header[0])

    def cell(row: int, column: int) -> object:  # 1-based, as the sheet shows them
        line = lines[row - 1] if row <= len(lines) else ()
        return line[column - 1] if column <= len(line) else None

    def fail(key: str, row: int, column: int, /, **values: object) -> SourceFormatError:
        return SourceFormatError(key, file=name, line=row, column=get_column_letter(column), **values)

    if cell(1, 1) != spec["title"]:
        raise fail("sources.title", 1, 1, want=repr(spec["title"]), have=repr(cell(1, 1)))
    for offset, expected in enumerate(header):
        row = first + offset
        found = [cell(row, c) for c in range(2, 2 + width)]
        for c, (want, have) in enumerate(zip(expected, found, strict=True), start=2):
            if want != have:
                raise fail("sources.header", row, c, want=repr(want), have=repr(have))
    names = header[spec["names_row"] - 1]
    start = first + len(header)
    codes, values = [], []
    row = start
    while cell(row, 1) is not None:
        code = cell(row, 1)
        if not isinstance(code, str) or code not in known:
            raise fail("sources.no_deso", row, 1, code=repr(code), key=geo.KEY_2020)
        extra = next((c for c in range(2 + width, len(lines[row - 1]) + 1) if cell(row, c) is not None), None)
        if extra is not None:
            raise fail("sources.cell_beyond", row, extra, width=width)
        numbers = [cell(row, c) for c in range(2, 2 + width)]
        for c, number in enumerate(numbers, start=2):
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise fail("sources.not_number", row, c, value=repr(number), name=repr(names[c - 2]))
        codes.append(code)
        values.append(numbers)
        row += 1
    table = pd.DataFrame(values, index=pd.Index(codes, name="geo_code"), columns=names, dtype=np.float64)
    repeated = table.index.duplicated()
    if repeated.any():
        raise fail("sources.deso_twice", start + int(np.argmax(repeated)), 1, code=table.index[repeated][0])
    missing = sorted(known - set(codes))
    if missing:
        shown: list = missing[:5] + ([say("messages.and_more", n=len(missing) - 5)] if len(missing) > 5 else [])
        raise fail("sources.desos_missing", row, 1, shown=shown)
    return table
