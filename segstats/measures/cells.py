"""The cells of a filled-in template, XLSX or CSV, read within bounds: no zip bomb, macro or link gets in."""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import get_column_letter

from segstats.errors import TemplateError, UndecodableText
from segstats.io import decode_text
from segstats.words import Said, say

log = logging.getLogger(__name__)

SHEET = "Åtgärder"
# A filled-in template is a few hundred rows and some kilobytes; far more is not a template,
# and reading it would take minutes and list thousands of problems.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# What a sheet may hold: the filled rows and the formatted empty ones below them, the template's
# eleven columns and some the user added.
MAX_SHEET_ROWS = 10 * MAX_ROWS
MAX_COLUMNS = 50
# An XLSX file is a zip archive. Its members' declared sizes bound what unpacking can produce
# (Python's zipfile stops at the declared size), so they are checked before anything is unpacked:
# a template unpacks to about 100 kB; a zip bomb to gigabytes from a few megabytes.
MAX_UNPACKED = 25 * 1024 * 1024
MAX_RATIO = 100  # a spreadsheet packs 5–30 to 1; a bomb of repeated bytes a thousand to 1
_RATIO_FROM = 1024 * 1024  # small members may pack tightly without harm
# Parts that run code or fetch data from elsewhere when a spreadsheet program opens the file.
# A template holds values typed in; the raw copy of an import is kept and opened again.
_ACTIVE_PARTS = re.compile(r"(?:^|/)(?:vbaProject\.bin|vbaProjectSignature\.bin)$|^xl/(?:macrosheets|dialogsheets)/")
_LINK_PARTS = re.compile(r"^xl/(?:externalLinks/|connections\.xml$|queryTables/)")
_MACRO_TYPES = ("macroEnabled", "vbaProject", "ms-excel.macrosheet", "ms-excel.intlmacrosheet")


@dataclass(frozen=True)
class Formula:
    """An XLSX cell holding a formula that the file saved no value for (a program that does not calculate)."""

    formula: str


def read_cells(path: Path) -> tuple[list[object], list[tuple[int, list[object]]]]:
    """The first row and the (spreadsheet row number, values) of every other row of a template file.

    Raises:
        TemplateError: the file is too large, damaged, not a template's format, carries macros or
            links to other files, or holds more rows or columns than a template; one message each.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refused(path, "template_checks.cannot_read", reason=exc.strerror) from None
    if size > MAX_BYTES:
        raise _refused(path, "template_checks.too_big", mb=f"{size / 1024 / 1024:.0f}", most=MAX_BYTES // 1024 // 1024)
    if path.suffix.lower() == ".xlsx":
        table = _read_xlsx(path)
    elif path.suffix.lower() == ".csv":
        table = _read_csv(path)
    else:
        raise _refused(path, "template_checks.not_xlsx_or_csv")
    if not table:
        raise _refused(path, "template_checks.empty")
    filled = sum(1 for row in table[1:] if any(_filled(v) for v in row))
    if filled > MAX_ROWS:
        raise _refused(path, "template_checks.too_many_filled", filled=filled, most=MAX_ROWS)
    return table[0], list(enumerate(table[1:], start=2))


def _filled(value: object) -> bool:
    return value is not None and not isinstance(value, Formula) and bool(str(value).strip())


def _read_xlsx(path: Path) -> list[list[object]]:
    """The rows of the measure sheet; a formula without a saved value becomes a :class:`Formula`."""
    try:
        check_archive(path)
        values = _sheet_rows(path, data_only=True)
        formulas = _sheet_rows(path, data_only=False)
    except TemplateError:
        raise
    except ValueError as exc:  # openpyxl casts a cell marked as a number and fails on text in it
        raise TemplateError(
            path.name, [_bad_number_cell(path) or say("template_checks.cell_unreadable", reason=str(exc))]
        ) from None
    except zipfile.BadZipFile:
        raise _refused(path, "template_checks.not_zip") from None
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise _refused(path, "template_checks.broken_xml", line=line, column=column) from None
    except Exception as exc:  # a damaged file fails inside openpyxl in many ways; each is the file's fault
        raise _refused(path, "template_checks.not_xlsx", kind=type(exc).__name__) from None
    for row, formula_row in zip(values, formulas, strict=False):
        for i, (value, formula) in enumerate(zip(row, formula_row, strict=False)):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                row[i] = Formula(formula)
    return values


def check_archive(path: Path) -> None:
    """Refuse an XLSX archive before it is unpacked: too large unpacked, packed like a bomb, macros, links.

    Raises:
        TemplateError: naming the part of the archive at fault.
        zipfile.BadZipFile: the file is no zip archive.
    """
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED:
            mb = f"{unpacked / 1024 / 1024:.0f}"
            raise _refused(path, "template_checks.unpacks_too_big", mb=mb, most=MAX_UNPACKED // 1024 // 1024)
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _RATIO_FROM and ratio > MAX_RATIO:
                shown = f"{ratio:.0f}"
                raise _refused(path, "template_checks.packed_bomb", part=member.filename, ratio=shown, most=MAX_RATIO)
        names = [m.filename for m in members]
        active = next((n for n in names if _ACTIVE_PARTS.search(n)), None)
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace") if "[Content_Types].xml" in names else ""
        if active:
            raise _refused(path, "template_checks.macros_in", part=active)
        if any(t in types for t in _MACRO_TYPES):
            raise _refused(path, "template_checks.macros")
        link = next((n for n in names if _LINK_PARTS.search(n)), None)
        if link:
            raise _refused(path, "template_checks.links", part=link)


def _sheet_rows(path: Path, *, data_only: bool) -> list[list[object]]:
    """Every row of the measure sheet, also rows and columns beyond the size the sheet declares."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        if SHEET not in wb.sheetnames:
            raise _refused(path, "template_checks.no_sheet", sheet=SHEET, sheets=", ".join(wb.sheetnames))
        sheet = wb[SHEET]
        declared_rows, declared_columns = sheet.max_row, sheet.max_column  # from <dimension>, before any row
        if (declared_rows or 0) > MAX_SHEET_ROWS or (declared_columns or 0) > MAX_COLUMNS:
            raise TemplateError(path.name, [_too_large(declared_rows, declared_columns, declared=True)])
        # A program may declare a smaller size than the sheet has; openpyxl would then stop at the
        # declared size and drop the rows below it, which the raw copy keeps. Every row is read.
        sheet.reset_dimensions()
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_SHEET_ROWS or len(row) > MAX_COLUMNS:  # stop before reading a million
                raise TemplateError(path.name, [_too_large(len(rows), len(row))])
        if data_only and declared_rows and len(rows) > declared_rows:
            log.info(
                say(
                    "template_checks.rows_beyond",
                    file=path.name,
                    first=declared_rows + 1,
                    last=len(rows),
                    declared=declared_rows,
                )
            )
        return rows
    finally:
        wb.close()


def _too_large(rows: int | None, columns: int | None, *, declared: bool = False) -> Said:
    """The message for a sheet (or CSV file) of more rows or columns than a template has."""
    said = say("template_checks.as_declared") if declared else ""
    if (rows or 0) > MAX_SHEET_ROWS:
        return say("template_checks.too_many_rows", rows=rows, said=said, most=MAX_SHEET_ROWS, measures=MAX_ROWS)
    letter = get_column_letter(min(columns or 1, 16384))
    return say("template_checks.too_many_columns", columns=columns, letter=letter, said=said, most=MAX_COLUMNS)


def _refused(path: Path, key: str, **values: object) -> TemplateError:
    """The error of a template file refused as a whole, for one reason."""
    return TemplateError(path.name, [say(key, **values)])


_NUMBER_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*?t="n"[^>]*>\s*<v>([^<]*)</v>')


def _bad_number_cell(path: Path) -> Said | None:
    """ "rad N, kolumn X: …" for the first cell marked as a number that holds text, if one is found."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                for letter, row, value in _NUMBER_CELL.findall(z.read(name).decode("utf-8", "replace")):
                    try:
                        float(value)
                    except ValueError:
                        return say("template_checks.text_in_number", row=row, letter=letter, value=value)
    return None


def _read_csv(path: Path) -> list[list[object]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _refused(path, "template_checks.cannot_read", reason=exc.strerror) from None
    try:
        text = decode_text(raw, path.name)
    except UndecodableText as exc:
        raise _refused(path, "template_checks.not_text", offset=exc.offset) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[object]] = []
    start = 1
    try:
        for row in reader:
            rows.append(list(row))
            start = reader.line_num + 1
            if len(rows) > MAX_SHEET_ROWS or len(row) > MAX_COLUMNS:
                raise TemplateError(path.name, [_too_large(len(rows), len(row))])
    except csv.Error:
        raise _refused(path, "template_checks.open_quote", row=start) from None
    return rows
