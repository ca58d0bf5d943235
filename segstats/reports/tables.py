"""Tables as files for spreadsheets and scripts: typed CSV, and one XLSX workbook per report or download."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from segstats.errors import SegstatsError
from segstats.io import Transaction, within
from segstats.reports import fmt, words

# The one CSV dialect segstats writes for spreadsheets: Swedish Excel opens a CSV straight into
# columns only with ";" between cells, a decimal comma and UTF-8 with a BOM (else it is one column).
CSV_SEPARATOR = ";"
CSV_DECIMAL = ","
CSV_ENCODING = "utf-8-sig"
# Excel's limits on a sheet name: at most 31 characters, none of []:*?/\, unique whatever the case.
SHEET_LENGTH = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# A sheet name cut after a word leaves at most this many characters of its room unused; else it is cut inside a word.
_WORD_SLACK = 8

# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection); tab and
# carriage return are on OWASP's list as well.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A text that is a plain number ("-29.8", "+7,5") is no formula: a spreadsheet reads it as that number.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
# A column's name in the CSV: stable across languages and years, so that scripts can rely on it.
KEY = re.compile(r"[a-z][a-z0-9_]*")
PROJECT = "linkoping-segstats"


@dataclass(frozen=True)
class Column:
    """One column of an exported table: its header in the report's language, and how its numbers are written.

    ``unit`` and ``decimals`` are one value for the column or one per row: a long table of several
    indicators takes each row's from the catalogue. A column with decimals holds quantities, rounded
    to them in every file (and in the PDF); a whole-number column without them (a year, a rank, an
    områdestyp) is written as it is. A unit ``%`` is shown as per cent ("52,9 %"); the number stays
    52.9, as in the CSV and in ``data/processed/``.

    Attributes:
        header: the column's header in the report's language.
        unit: ``%``, ``tkr``, ``procentenheter``, … (shown in the workbook's "About" sheet).
        decimals: the catalogue's decimals.
        signed: a difference, shown with its sign ("+7,5").
        description: what the column holds, for the "About" sheet.
        why_missing: the key of the column that says why a cell of this one is empty.
    """

    header: str
    unit: str | Sequence[str | None] | None = None
    decimals: int | Sequence[int | None] | None = None
    signed: bool = False
    description: str | None = None
    why_missing: str | None = None

    def units(self, rows: int) -> list[str | None]:
        """The unit of each of ``rows`` rows."""
        return _per_row(self.unit, rows)

    def decimal_places(self, rows: int) -> list[int | None]:
        """The decimals of each of ``rows`` rows (``None``: written as it is)."""
        return _per_row(self.decimals, rows)

    def text(self, value: Any, unit: str | None, decimals: int | None, lang: str) -> str:
        """A cell as a reader sees it in the PDF: "52,9 %", "+7,5", "1 234", "2021"; missing is "–"."""
        if value is None or pd.isna(value):
            return fmt.MISSING
        if decimals is None:
            return str(value)
        shown = fmt.percent if fmt.is_percent(unit) else fmt.number
        return shown(value, decimals, lang, signed=self.signed)


def _per_row(value: Any, rows: int) -> list:
    if not pd.api.types.is_list_like(value):
        return [value] * rows
    values = [None if pd.isna(v) else v for v in value]
    if len(values) != rows:
        raise SegstatsError("messages.table_per_row", n=len(values), rows=rows)
    return values


@dataclass
class Table:
    """A table as the files hold it: tidy typed data under stable column keys, and what the workbook says of it.

    Attributes:
        name: the table's name in file names (``status_per_area``).
        title: its title, as above the table in the report.
        data: the data; its column names are the keys of ``columns``.
        columns: per key, the column's header, unit and decimals.
        sheet: the sheet's name in the workbook (default: the title, shortened).
        selection: the filter a download was made with, in words.
        sources: the table's own sources, where they are not the report's.
        definitions: what its terms mean.
    """

    name: str
    title: str
    data: pd.DataFrame
    columns: dict[str, Column]
    sheet: str | None = None
    selection: str | None = None
    sources: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()

    def check(self) -> None:
        """Refuse a table whose files would not be what they promise: names, keys and decimals declared.

        Raises:
            SegstatsError: naming the table and the column.
        """
        table = repr(self.name)
        if list(self.columns) != list(self.data.columns):
            described, data = ", ".join(self.columns), ", ".join(map(str, self.data.columns))
            raise SegstatsError("messages.table_columns", table=table, described=described, data=data)
        for key, column in self.columns.items():
            if not KEY.fullmatch(key):
                raise SegstatsError("messages.table_key", table=table, key=repr(key))
            if _kind(self.data[key]) == "number" and column.decimals is None:
                raise SegstatsError("messages.table_fractions", table=table, key=repr(key))
            if column.why_missing is not None and column.why_missing not in self.columns:
                raise SegstatsError(
                    "messages.table_why_missing", table=table, key=repr(key), why=repr(column.why_missing)
                )
            try:  # one unit and one number of decimals per row, where given per row
                column.units(len(self.data))
                column.decimal_places(len(self.data))
            except SegstatsError as exc:
                raise SegstatsError("messages.table_column", table=table, key=repr(key), what=exc.said) from None

    def kinds(self) -> dict[str, str]:
        """Each column's kind, in Table Schema's words: ``integer``, ``number``, ``boolean`` or ``string``."""
        return {key: _kind(self.data[key]) for key in self.columns}

    def rounded(self) -> pd.DataFrame:
        """The data with each number rounded to its decimals, as the PDF shows it."""
        data = self.data.copy()
        for key, column in self.columns.items():
            if _kind(data[key]) == "number":
                places = column.decimal_places(len(data))
                data[key] = [_round(v, d) for v, d in zip(data[key], places, strict=True)]
        return data

    def payload(self) -> dict[str, Any]:
        """The table as JSON-ready data, for ``segstats report`` to read from the executed notebook."""
        rows = len(self.data)
        return {
            "name": self.name,
            "title": self.title,
            "keys": list(self.columns),
            "types": list(self.kinds().values()),
            "data": self.data.astype(object).where(self.data.notna(), None).values.tolist(),
            "columns": [
                {
                    "header": c.header,
                    "unit": c.units(rows) if _varies(c.unit) else c.unit,
                    "decimals": [_int(d) for d in c.decimal_places(rows)] if _varies(c.decimals) else c.decimals,
                    "signed": c.signed,
                    "description": c.description,
                    "why_missing": c.why_missing,
                }
                for c in self.columns.values()
            ],
            "sheet": self.sheet,
            "selection": self.selection,
            "sources": list(self.sources),
            "definitions": list(self.definitions),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Table:
        """The table :meth:`payload` describes, each column of its type again (whole numbers stay whole)."""
        keys, types = payload["keys"], payload["types"]
        data = pd.DataFrame(payload["data"], columns=keys, dtype=object)
        for key, kind in zip(keys, types, strict=True):
            data[key] = data[key].astype(_DTYPES[kind])
        columns = {k: Column(**c) for k, c in zip(keys, payload["columns"], strict=True)}
        return cls(
            payload["name"],
            payload["title"],
            data,
            columns,
            sheet=payload["sheet"],
            selection=payload["selection"],
            sources=tuple(payload["sources"]),
            definitions=tuple(payload["definitions"]),
        )


# Table Schema's names for the kinds of column, and the dtypes they are read back as.
_DTYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string"}


def _kind(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    if pd.api.types.is_integer_dtype(column):
        return "integer"
    if pd.api.types.is_numeric_dtype(column):
        return "number"
    return "string"


def _varies(value: Any) -> bool:
    return pd.api.types.is_list_like(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _round(value: Any, decimals: int | None) -> float | None:
    """``value`` rounded as the PDF shows it (Python's formatting, not binary rounding)."""
    if value is None or pd.isna(value):
        return None
    return float(value) if decimals is None else float(f"{value:.{decimals}f}")


@dataclass(frozen=True)
class About:
    """What the workbook's first sheet says of all its tables: what they are from, when and by what made."""

    title: str
    lang: str = "sv"
    sources: tuple[str, ...] = ()
    made: datetime.datetime = field(default_factory=lambda: datetime.datetime.now().replace(microsecond=0))


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` in which every text cell (and header) that a spreadsheet would run is prefixed with ``'``.

    Numbers stay numbers, and a text that is a plain number ("-29.8") is read as one, not run.

    >>> neutralise(pd.DataFrame({"a": ["=1+1", "-29.8", "-x"], "b": [-1, 2, 3]}))
           a  b
    0  '=1+1 -1
    1  -29.8  2
    2    '-x  3
    """
    out = df.map(_safe)
    out.columns = [_safe(str(c)) for c in df.columns]
    return out


def _safe(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return f"'{cell}"
    return cell


def csv_bytes(table: Table) -> bytes:
    """A table as CSV for Swedish Excel and for scripts: the keys as header, numbers with a decimal comma.

    ``;`` between cells, UTF-8 with BOM; each number rounded to its decimals, without thousands
    separator, with an ASCII minus; missing is an empty cell; text that would run as a formula
    is neutralised (:func:`neutralise`). ``pandas.read_csv(path, sep=";", decimal=",")`` reads
    the numbers back as numbers.

    >>> data = pd.DataFrame({"district": ["Ryd"], "value": [44.54]})
    >>> table = Table("t", "T", data, {"district": Column("Stadsdel"), "value": Column("Värde", "%", 1)})
    >>> csv_bytes(table).decode("utf-8-sig")
    'district;value\\r\\nRyd;44,5\\r\\n'
    """
    data = table.data
    cells = {key: _csv_cells(data[key], column.decimal_places(len(data))) for key, column in table.columns.items()}
    text = pd.DataFrame(cells, columns=list(table.columns)).pipe(neutralise)
    return text.to_csv(index=False, sep=CSV_SEPARATOR, lineterminator="\r\n").encode(CSV_ENCODING)


def _csv_cells(column: pd.Series, decimals: list[int | None]) -> list[object]:
    kind = _kind(column)
    if kind not in ("number", "integer"):
        return [None if pd.isna(v) else str(v) for v in column]
    return [_csv_number(v, d, kind) for v, d in zip(column, decimals, strict=True)]


def _csv_number(value: Any, decimals: int | None, kind: str) -> str | None:
    if value is None or pd.isna(value):
        return None
    if decimals is None:
        text = str(int(value)) if kind == "integer" else repr(float(value))
    else:
        text = f"{value:.{decimals}f}"
        text = text.lstrip("-") if text.lstrip("-") == f"{0:.{decimals}f}" else text  # no "-0,0"
    return text.replace(".", CSV_DECIMAL)


def sheet_names(wanted: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Sheet names Excel takes: forbidden characters dropped, at most 31 characters, unique whatever the case.

    A long name is cut ("…"); names that would be cut alike keep their last words too, which tell
    them apart (a year, an area's number); any still alike are numbered.

    >>> sheet_names(["a/b: c", "Antal åtgärder per utvecklingsområde och status 2021", "A/B: C"])
    ['a-b c', 'Antal åtgärder per utvecklings…', 'A-B C (2)']
    >>> sheet_names(["Berga: indikatorerna för utvecklingsområde 2", "Berga: indikatorerna för utvecklingsområde 3"])
    ['Berga indikatorerna för … 2', 'Berga indikatorerna för … 3']
    """
    bases = [
        " ".join(_SHEET_FORBIDDEN.sub(lambda m: "" if m[0] == ":" else "-", w).split()).strip("'") or "1"
        for w in wanted
    ]
    used = {t.casefold() for t in taken}
    cut = [_cut(b, SHEET_LENGTH) for b in bases]
    alike = Counter(c.casefold() for c in cut)
    names = []
    for base, first in zip(bases, cut, strict=True):
        sheet = _cut(base, SHEET_LENGTH, keep_end=True) if alike[first.casefold()] > 1 else first
        n = 1
        while sheet.casefold() in used:
            n += 1
            sheet = _cut(base, SHEET_LENGTH - len(f" ({n})")) + f" ({n})"
        used.add(sheet.casefold())
        names.append(sheet)
    return names


def _cut(text: str, length: int, *, keep_end: bool = False) -> str:
    """``text`` in at most ``length`` characters: cut after a word, or inside a long one, with "…".

    With ``keep_end``, the last words (up to a third of the length) stay after the "…".
    """
    if len(text) <= length:
        return text
    words = text.split()
    tail: list[str] = []
    while keep_end and len(words) > len(tail) + 1 and len(" ".join(words[-len(tail) - 1 :])) <= length // 3:
        tail = words[-len(tail) - 1 :]
    end = " … " + " ".join(tail) if tail else "…"
    room = length - len(end)
    head = text[: room + 1].rsplit(" ", 1)[0] if " " in text[: room + 1] else ""
    if len(head) < room - _WORD_SLACK:  # cut after a word only where that keeps most of the room
        head = text[:room]
    return head.rstrip(" ,;:-–") + end


def workbook_bytes(tables: Sequence[Table], about: About | None = None) -> bytes:
    """The tables as one XLSX workbook: a sheet each, numbers as numbers, and first a sheet "About" when given.

    A sheet has the headers in the report's language (frozen, with a filter), and each number
    with a number format of its decimals ("#,##0.0", per cent as "0.0 %", a difference signed).
    Written row by row (openpyxl's write-only mode), quick for the dashboard's larger tables.
    """
    book = openpyxl.Workbook(write_only=True)
    about_sheet = [words.text("export.about_sheet", about.lang)] if about else []
    names = sheet_names([t.sheet or t.title or t.name for t in tables], taken=about_sheet)
    if about:
        _write_about(book.create_sheet(about_sheet[0]), tables, names, about)
    for table, name in zip(tables, names, strict=True):
        _write_sheet(book.create_sheet(name), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def number_format(decimals: int | None, unit: str | None = None, *, signed: bool = False) -> str:
    """The Excel number format of a number with ``decimals`` (``General`` without), per cent with " %".

    >>> number_format(1, "%"), number_format(0, signed=True), number_format(None)
    ('#,##0.0" %"', '+#,##0;-#,##0;#,##0', 'General')
    """
    if decimals is None:
        return "General"
    shown = "#,##0" + ("." + "0" * decimals if decimals else "") + ('" %"' if fmt.is_percent(unit) else "")
    return f"+{shown};-{shown};{shown}" if signed else shown


_BOLD = Font(bold=True)
_WIDEST = 60  # characters: a column of long texts is not wider than this


def _write_sheet(sheet, table: Table) -> None:
    data, rows = table.rounded(), len(table.data)
    headers = [c.header for c in table.columns.values()]
    # A plain value is quicker to write than a cell object: only numbers with decimals get one.
    formats = {
        k: [number_format(d, u, signed=c.signed) for d, u in zip(c.decimal_places(rows), c.units(rows), strict=True)]
        for k, c in table.columns.items()
        if _kind(table.data[k]) in ("number", "integer") and c.decimals is not None
    }
    for i, key in enumerate(table.columns):
        longest = max([len(headers[i]), *(len(str(v)) for v in data[key].head(500))])
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(longest + 2, _WIDEST)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{rows + 1}"
    sheet.append([_cell(sheet, _safe(h), bold=True) for h in headers])
    safe = neutralise(data).astype(object).where(data.notna(), None)
    for r, values in enumerate(safe.itertuples(index=False)):
        sheet.append(
            [
                _cell(sheet, v, number_format=formats[k][r]) if k in formats and v is not None else v
                for k, v in zip(table.columns, values, strict=True)
            ]
        )


def _cell(sheet, value: object, *, bold: bool = False, number_format: str | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = _BOLD
    if number_format:
        cell.number_format = number_format
    return cell


def _write_about(sheet, tables: Sequence[Table], names: Sequence[str], about: About) -> None:
    """The sheet "Om tabellen" / "About": the tables' titles, filters, sources, definitions, columns; when, by what."""

    def row(*values: object, bold: bool = False) -> None:
        sheet.append([_cell(sheet, _safe(v), bold=bold) for v in values])

    lang = about.lang
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 28, 80
    row(about.title, bold=True)
    version = metadata.version(PROJECT)
    row(
        words.text("export.made", lang),
        words.text("export.made_by", lang, when=about.made.isoformat(sep=" "), version=version),
    )
    for source in about.sources:
        row(words.text("export.source", lang), source)
    row(words.text("export.numbers", lang), words.text("export.numbers_text", lang))
    for table, name in zip(tables, names, strict=True):
        row()
        row(words.text("export.sheet", lang), name, bold=True)
        row(words.text("export.table", lang), table.title)
        if table.selection:
            row(words.text("export.selection", lang), table.selection)
        for source in table.sources:
            row(words.text("export.source", lang), source)
        for definition in table.definitions:
            row(words.text("export.definition", lang), definition)
        row(
            *(words.text(f"export.{h}", lang) for h in ("column", "key", "unit", "decimals", "meaning")),
            bold=True,
        )
        rows = len(table.data)
        for key, column in table.columns.items():
            meaning = column.description or ""
            if column.why_missing:  # named as the sheet heads it
                why = words.text("export.why_missing", lang, column=table.columns[column.why_missing].header)
                meaning = f"{meaning} {why}".strip()
            units = ", ".join(dict.fromkeys(str(u) for u in column.units(rows) if u is not None))
            places = ", ".join(dict.fromkeys(str(d) for d in column.decimal_places(rows) if d is not None))
            row(column.header, key, units, places, meaning)


def write_report_tables(
    tables: Sequence[Table], directory: Path, stem: str, about: About, *, transaction: Transaction | None = None
) -> list[Path]:
    """A report's tables as ``<stem>-<table>.csv`` each and all in ``<stem>.xlsx``, in ``directory``.

    ``stem`` is ``<report>-<year>-<lang>``. The files are staged in ``transaction`` (a report replaces
    its tables with its PDF), or, without one, replaced together once all are complete.

    Returns:
        The paths written.

    Raises:
        SegstatsError: two tables of the report have the same name (one file would overwrite the other).
    """
    names = [t.name for t in tables]
    if twice := sorted({n for n in names if names.count(n) > 1}):
        raise SegstatsError("messages.table_names_twice", stem=stem, names=", ".join(twice))
    files = {directory / f"{stem}-{t.name}.csv": csv_bytes(t) for t in tables}
    if tables:
        files[directory / f"{stem}.xlsx"] = workbook_bytes(tables, about)
    with within(transaction) as staging:
        for path, content in files.items():
            staging.stage(path).write_bytes(content)
    return list(files)
