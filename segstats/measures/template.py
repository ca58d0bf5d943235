"""The follow-up template that departments fill in (XLSX or CSV), and reading a filled-in one back."""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from segstats import codes, schema
from segstats.errors import SegstatsError, TemplateError
from segstats.io import replacing
from segstats.measures.cells import SHEET, Formula, read_cells
from segstats.measures.followup import parse_departments, parse_districts
from segstats.measures.lineage import CARRIED, stated_links
from segstats.schema import validate
from segstats.text import fold, garbled, normalise, tolerant
from segstats.words import Said, say

log = logging.getLogger(__name__)

FORMATS = ("xlsx", "csv")
INSTRUCTIONS_SHEET = "Instruktioner"
# Empty rows below the pre-filled ones that get the drop-down lists and the text format.
_SPARE_ROWS = 200


@dataclass(frozen=True)
class Column:
    """One column of the template: its Swedish header, width, whether every row needs a value, and help."""

    header: str
    width: int
    required: bool
    help: str

    @property
    def short(self) -> str:
        """The header without its explanation in brackets ("Område (stadsdelar)" → "Område")."""
        return self.header.split(" (")[0]


YEAR = Column("År", 8, True, "Uppföljningsåret, {year}, på varje rad.")
ID = Column(
    "Åtgärds-id",
    12,
    True,
    "Åtgärdens nummer i planen {year}: utvecklingsområdets nummer, punkt, löpnummer (t.ex. 1.10).",
)
TITLE = Column("Rubrik", 50, True, "Åtgärdens rubrik i planen {year}.")
AREA = Column(
    "Utvecklingsområde", 18, True, "Utvecklingsområdets nummer 1–5 (se nedan), samma som id:ts första siffra."
)
DISTRICTS = Column(
    "Område (stadsdelar)", 24, True, "Stadsdelarna åtgärden riktar sig till; flera åtskilda med semikolon."
)
RESPONSIBLE = Column(
    "Ansvarig förvaltning", 24, True, "Förvaltning eller enhet, med kod eller namn (se nedan); flera med semikolon."
)
STATUS = Column("Status", 15, True, "Genomförd, Pågår eller Ej genomförd (välj i listan).")
COMMENT = Column("Kommentar", 60, False, "Kort kommentar om arbetet under {year}.")
NEXT_PLAN = Column(
    "Hantering i nästa års plan",
    24,
    True,
    "Hur åtgärden förs in i planen {next}: Vidmakthållen, Vidareutvecklad, Ingår i annan åtgärd "
    "eller Finns ej med (välj i listan).",
)
PREDECESSORS = Column(
    "Föregångare (åtgärds-id föregående år)",
    22,
    False,
    "Åtgärds-id i planen {previous} som åtgärden fortsätter, flera åtskilda med semikolon; tom för en ny åtgärd.",
)
NOTE = Column(
    "Underlag från föregående år (läses inte in)",
    60,
    False,
    "Vad uppföljningen {previous} skrev om hanteringen i planen {year}; ifyllt av segstats, läses inte in.",
)
COLUMNS = (YEAR, ID, TITLE, AREA, DISTRICTS, RESPONSIBLE, STATUS, COMMENT, NEXT_PLAN, PREDECESSORS, NOTE)
_ID = re.compile(r"([1-5])\.(\d{1,2})\.?")  # as MEASURE_ID, also with the heading's full stop


def template_rows(measures: pd.DataFrame, year: int) -> pd.DataFrame:
    """The template's rows for ``year``, pre-filled with the measures the previous follow-up carries over.

    Only what the previous follow-up states is filled in: the predecessor ids, the title of a
    kept or developed measure (one that stays itself), and the previous year's sentence on the
    handling as a note. Measures that the follow-up puts into the same named measure ("Ingår i
    åtgärd om brottsförebyggande arbete") share a row. The new id, status, comment and the rest
    are the department's to fill in.

    Args:
        measures: rows of :func:`segstats.load_measures`.
        year: the follow-up year of the template.

    Returns:
        One row per expected measure; columns: the template's headers; cells are text, empty
        where the department fills in.
    """
    previous = measures[measures["year"] == year - 1]
    stated = stated_links(previous)
    groups: dict[tuple[str, str], list[tuple[pd.Series, str]]] = {}
    for i, m in previous.iterrows():
        kind, target = stated.at[i, "kind"], stated.at[i, "successor_description"]
        if kind in CARRIED:
            key = ("into", fold(target)) if kind == "merged" and pd.notna(target) else ("own", m["measure_id"])
            groups.setdefault(key, []).append((m, kind))
    rows = []
    for members in groups.values():
        first, kind = members[0]
        rows.append(
            dict.fromkeys((c.header for c in COLUMNS), "")
            | {
                YEAR.header: str(year),
                TITLE.header: first["title"] if len(members) == 1 and kind in ("kept", "developed") else "",
                PREDECESSORS.header: ";".join(m["measure_id"] for m, _ in members),
                NOTE.header: " ".join(f"{m['measure_id']}: {_handling(m)}" for m, _ in members),
            }
        )
    return pd.DataFrame(rows, columns=[c.header for c in COLUMNS], dtype="string")


def _handling(m: pd.Series) -> str:
    if isinstance(m["next_plan_text"], str):
        return m["next_plan_text"]
    return codes.label("next_plan", m["next_plan"]) + "."


def write_template(measures: pd.DataFrame, year: int, path: Path | str, fmt: str | None = None) -> Path:
    """Write the template for ``year`` as XLSX (with drop-down lists and instructions) or CSV.

    Args:
        measures: rows of :func:`segstats.load_measures`, for the pre-filled rows.
        year: the follow-up year.
        path: the file to write; replaced only when complete.
        fmt: ``xlsx`` or ``csv``; default: from the file name's suffix.

    Returns:
        The path written.
    """
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise SegstatsError("messages.unknown_format", formats=", ".join(FORMATS), format=repr(fmt))
    rows = template_rows(measures, year)
    if rows.empty:
        log.warning(say("messages.template_unfilled", previous=year - 1))
    try:
        with replacing(path) as tmp:
            (_write_xlsx if fmt == "xlsx" else _write_csv)(rows, year, tmp)
    except OSError as exc:  # a folder not writable, a folder where the file should be, a full disk
        raise SegstatsError("messages.cannot_write_nothing_written", path=path, reason=exc.strerror) from None
    return path


def _write_csv(rows: pd.DataFrame, year: int, path: Path) -> None:
    # What Swedish Excel writes and reads without questions: UTF-8 with BOM, ';', CRLF.
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(rows.columns)
        writer.writerows(rows.itertuples(index=False))


def _write_xlsx(rows: pd.DataFrame, year: int, path: Path) -> None:
    wb = openpyxl.Workbook()
    _write_instructions(wb.active, year)
    ws = wb.create_sheet(SHEET)
    ws.append([c.header for c in COLUMNS])
    for row in rows.itertuples(index=False):
        ws.append([int(v) if c is YEAR else (v or None) for c, v in zip(COLUMNS, row, strict=True)])
    last = len(rows) + 1 + _SPARE_ROWS
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for number, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(number)
        ws.column_dimensions[letter].width = column.width
        for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=number, max_col=number):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column in (ID, PREDECESSORS):
                cell.number_format = "@"  # text, so that Excel keeps "1.10" and does not make it 1.1
            if column is NOTE:
                cell.font = Font(italic=True, color="555555")
    for column, allowed in (
        (STATUS, [c.sv for c in codes.STATUSES]),
        (NEXT_PLAN, [c.sv for c in codes.NEXT_PLAN]),
        (AREA, codes.codes("area")),
    ):
        letter = get_column_letter(COLUMNS.index(column) + 1)
        listed = ", ".join(allowed)
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(allowed) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column.header,
            error=f"Välj en av: {listed}",
            promptTitle=column.header,
            prompt=listed,
        )
        validation.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(validation)
    wb.save(path)


def _write_instructions(ws, year: int) -> None:
    ws.title = INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100
    for label, text in _instructions(year):
        ws.append([label, text])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)


def _instructions(year: int) -> list[tuple[str, str]]:
    previous, next_year = year - 1, year + 1
    return [
        (f"Uppföljning av åtgärdsplan mot segregation {year}", ""),
        (
            "Så här",
            f'Fyll i en rad per åtgärd i planen {year} på bladet "{SHEET}" och lämna filen till '
            f"Kommunledningsförvaltningen, som läser in den med: segstats import FIL --year {year}. "
            "Alla fel rapporteras på en gång med rad och kolumn, och inget läses in förrän allt stämmer.",
        ),
        (
            "Förifyllt",
            f"Raderna är förifyllda med de åtgärder som enligt uppföljningen {previous} förs vidare till "
            f"planen {year}. Förifyllt är bara det som uppföljningen {previous} säger: föregångarens "
            "åtgärds-id, rubriken för en vidmakthållen eller vidareutvecklad åtgärd (kontrollera den) och, "
            "i sista kolumnen, vad uppföljningen skrev om hanteringen. Allt annat fyller ni i.",
        ),
        ("Sammanslagna åtgärder", "En rad, med alla föregångarnas åtgärds-id åtskilda med semikolon (t.ex. 1.7;1.12)."),
        ("Uppdelade åtgärder", "En rad per ny åtgärd, var och en med samma föregångare."),
        ("Nya åtgärder", "Lägg till en rad och lämna Föregångare tom."),
        (f"Åtgärder som inte är med {year}", "Ta bort raden."),
        ("", ""),
        ("Kolumn", "Vad som ska stå där"),
        *[
            (
                c.header + ("" if c.required or c is NOTE else " – frivillig"),
                c.help.format(year=year, previous=previous, next=next_year),
            )
            for c in COLUMNS
        ],
        ("", ""),
        ("Status", ", ".join(c.sv for c in codes.STATUSES)),
        ("Hantering i nästa års plan", ", ".join(c.sv for c in codes.NEXT_PLAN)),
        ("Stadsdelar", ", ".join(c.sv for c in codes.DISTRICTS)),
        ("Utvecklingsområden", ""),
        *[(c.code, c.sv) for c in codes.AREAS],
        ("Förvaltningar och enheter", "kod eller namn"),
        *[(c.code, c.sv) for c in codes.DEPARTMENTS],
        ("", ""),
        (
            "Spara",
            "Som .xlsx, eller som .csv (semikolon- eller kommaavgränsad, UTF-8 eller Windows-1252) med "
            "samma kolumnrubriker på första raden.",
        ),
    ]


def read_template(path: Path | str, year: int, known: pd.DataFrame) -> pd.DataFrame:
    """Read a filled-in template into the measures of ``year``, checking every cell.

    Args:
        path: the XLSX or CSV file.
        year: the follow-up year the file must hold.
        known: the measures of the other years (for predecessor ids and other target groups).

    Returns:
        The measures, validated against :data:`segstats.schema.MEASURES`; ``source_line`` is
        the spreadsheet row.

    Raises:
        TemplateError: listing every problem, in Swedish, as ``rad N, kolumn K: …``.
    """
    path = Path(path)
    header, rows = _from_header(path.name, *read_cells(path))
    checker = _Checker(year, known)
    columns = checker.header(header, rows)
    filled = [(n, {c: values[i] if i < len(values) else None for c, i in columns.items()}) for n, values in rows]
    _check_year(path.name, year, [_text(cells.get(YEAR)) for _, cells in filled if _has_measure(cells)])
    records = []
    for number, cells in filled:
        for column, value in cells.items():
            if isinstance(value, Formula) and column is not NOTE:
                checker.problem(number, column, "template_checks.formula_without_value", formula=value.formula)
        if _has_measure(cells):
            records.append(checker.row(number, cells, path.name))
    checker.duplicates(records)
    if not records and not checker.problems:
        raise TemplateError(path.name, [say("template_checks.no_measures")])
    if checker.problems:
        raise TemplateError(path.name, checker.problems)
    return validate(pd.DataFrame(records, columns=list(schema.MEASURES.columns)), schema.MEASURES, path.name)


def _has_measure(cells: dict[Column, object]) -> bool:
    """Whether a row has anything besides the year and the note that segstats filled in."""
    return any(_text(cells.get(c)) for c in COLUMNS if c not in (YEAR, NOTE))


def _from_header(
    name: str, first: list[object], rows: list[tuple[int, list[object]]]
) -> tuple[list[object], list[tuple[int, list[object]]]]:
    """The header row and the rows below it: a title row or two above the header are set aside, with a notice.

    The header is the first of the first ten rows that names at least half of the template's
    columns; if none does, the first row is taken as the header (and its problems listed).
    """
    wanted = {_key(header) for c in COLUMNS for header in (c.header, c.short)}
    numbered = [(1, first), *rows]
    for i, (number, cells) in enumerate(numbered[:10]):
        if sum(_key(_text(v)) in wanted for v in cells) >= len(COLUMNS) // 2:
            above = [" ".join(_text(v) for v in c if _text(v)) for _, c in numbered[:i]]
            if i:
                shown = "; ".join(f'"{t[:60]}"' for t in above if t)
                log.warning(
                    say(
                        "template_checks.header_below",
                        file=name,
                        row=number,
                        above=shown or say("template_checks.empty_rows"),
                    )
                )
            return cells, numbered[i + 1 :]
    return first, rows


def _check_year(name: str, year: int, stated: list[str]) -> None:
    """One message when every row gives the same other year: the file is another year's follow-up.

    Raises:
        TemplateError: saying which year the file holds and how to import it as that year.
    """
    years = set(stated) - {""}
    if len(years) == 1 and (other := years.pop()) != str(year) and re.fullmatch(r"\d{4}", other):
        raise TemplateError(name, [say("template_checks.other_year", other=other, year=year)])


def _text(value: object) -> str:
    """A cell as text, white space normalised; a whole number typed as 2022.0 is "2022"."""
    if value is None or isinstance(value, Formula):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return " ".join(normalise(str(value)).split())


def _key(header: str) -> str:
    return " ".join(fold(header).split())


def _code(table: tuple[codes.Code, ...], text: str) -> str | None:
    """The code whose Swedish label (any case, with or without å/ä/ö) or code is ``text``."""
    folded = fold(text).strip(" .")
    for c in table:
        if folded == fold(c.code) or re.fullmatch(tolerant(c.sv), folded):
            return c.code
    return None


class _Checker:
    """Checks a template's header and rows, collecting every problem as a message with its row and column."""

    def __init__(self, year: int, known: pd.DataFrame):
        self.year = year
        self._problems: list[tuple[int, int, Said]] = []
        self.previous_ids = set(known.loc[known["year"] == year - 1, "measure_id"])
        canonical = set(codes.codes("district"))
        self.other_targets = {fold(d): d for cell in known["districts"] for d in cell.split(";") if d not in canonical}

    @property
    def problems(self) -> list[Said]:
        """Every problem noted, by row and then column as they stand in the file."""
        return [message for *_, message in sorted(self._problems, key=lambda p: p[:2])]

    def problem(self, row: int, column: Column, key: str, **values: object) -> None:
        what = say(key, **values)
        self._problems.append(
            (row, COLUMNS.index(column), say("template_checks.at", row=row, column=column.header, what=what))
        )

    def header_problem(self, position: int, key: str, **values: object) -> None:
        self._problems.append((1, position, say(key, **values)))

    def header(self, header: list[object], rows: list[tuple[int, list[object]]]) -> dict[Column, int]:
        """The template columns found in the header row, by position; the header's problems noted."""
        wanted = {_key(name): c for c in COLUMNS for name in (c.header, c.short)}
        found: dict[Column, int] = {}
        for i, name in enumerate(header):
            text = _text(name)
            column = wanted.get(_key(text))
            letter = get_column_letter(i + 1)
            if column is None and text:
                allowed = ", ".join(c.header for c in COLUMNS)
                self.header_problem(i, "template_checks.unknown_column", letter=letter, text=text, allowed=allowed)
            elif column is None and any(i < len(v) and _text(v[i]) for _, v in rows):
                self.header_problem(i, "template_checks.values_without_header", letter=letter)
            elif column in found:
                self.header_problem(i, "template_checks.column_twice", letter=letter, header=column.header)
            elif column is not None:
                found[column] = i
        for column in COLUMNS:
            if column not in found and column is not NOTE:
                self.header_problem(len(header), "template_checks.column_missing", header=column.header)
        return found

    def row(self, number: int, cells: dict[Column, object], name: str) -> dict:
        """One measure from one row; each cell's problem is noted, with the row and column."""
        text = {c: _text(v) for c, v in cells.items()}
        for column in COLUMNS:
            if column.required and column in cells and not text[column]:
                self.problem(number, column, "template_checks.empty_cell")
            if column is not NOTE and (found := garbled(text.get(column, ""))):
                piece, meant, start = found
                cell = text[column]
                word = cell[cell.rfind(" ", 0, start) + 1 :].split(" ", 1)[0][:40]
                self.problem(number, column, "template_checks.garbled", word=word, piece=piece, meant=meant)
        self.year_of(number, text.get(YEAR, ""))
        measure_id = self.measure_id(number, ID, cells.get(ID))
        area = self.area(number, text.get(AREA, ""))
        if measure_id and area and measure_id.split(".")[0] != area:
            self.problem(
                number, ID, "template_checks.id_other_area", id=measure_id, its=measure_id.split(".")[0], area=area
            )
        return {
            "year": self.year,
            "measure_id": measure_id,
            "area_no": int(area) if area else None,
            "area": codes.label("area", area) if area else None,
            "title": text.get(TITLE) or None,
            "description": None,
            "districts": self.districts(number, text.get(DISTRICTS, "")),
            "responsible": text.get(RESPONSIBLE) or None,
            "departments": self.departments(number, text.get(RESPONSIBLE, "")),
            "funding": None,
            "status": self.code(number, STATUS, codes.STATUSES, text.get(STATUS, ""), "template_checks.no_status"),
            "status_comment": text.get(COMMENT) or None,
            "next_plan": self.code(
                number, NEXT_PLAN, codes.NEXT_PLAN, text.get(NEXT_PLAN, ""), "template_checks.no_handling"
            ),
            "next_plan_text": None,
            "predecessors": self.predecessors(number, cells.get(PREDECESSORS)),
            "source_file": name,
            "source_line": number,
        }

    def year_of(self, number: int, text: str) -> None:
        if not text:
            return
        if not re.fullmatch(r"\d{4}", text):
            self.problem(number, YEAR, "template_checks.no_year", text=text)
        elif int(text) != self.year:
            self.problem(number, YEAR, "template_checks.wrong_year", text=text, year=self.year)

    def measure_id(self, number: int, column: Column, value: object) -> str | None:
        """A measure id written as text ("1.10"); a number or a date is an error, since Excel changed it."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.problem(number, column, "template_checks.id_as_number", value=value)
            return None
        if isinstance(value, (dt.date, dt.datetime)):
            self.problem(number, column, "template_checks.id_as_date", value=_text(value))
            return None
        text = _text(value)
        found = _ID.fullmatch(text)
        if text and (not found or int(found.group(2)) == 0):
            self.problem(number, column, "template_checks.no_id", text=text)
            return None
        return f"{found.group(1)}.{int(found.group(2))}" if found else None

    def area(self, number: int, text: str) -> str | None:
        found = re.fullmatch(r"(?:utvecklingsomrade\s*)?([1-5])", fold(text))
        if found:
            return found.group(1)
        named = next((c.code for c in codes.AREAS if fold(c.sv) == fold(text)), None)
        if text and named is None:
            self.problem(number, AREA, "template_checks.no_area", text=text)
        return named

    def districts(self, number: int, text: str) -> str | None:
        named = parse_districts(text) if text else []
        canonical = codes.codes("district")
        others = ", ".join(sorted(self.other_targets.values()))
        allowed = say("template_checks.districts_and_others", districts=", ".join(canonical), others=others)
        kept = []
        for item in named:
            if item in canonical or fold(item) in self.other_targets:
                kept.append(self.other_targets.get(fold(item), item))
            else:
                self.problem(
                    number,
                    DISTRICTS,
                    "template_checks.no_district",
                    item=item,
                    allowed=allowed if others else ", ".join(canonical),
                )
        return ";".join(kept) or None

    def departments(self, number: int, text: str) -> str | None:
        for part in (p.strip() for p in re.split(r"[;,]", text)):
            if part and not parse_departments(part):
                allowed = ", ".join(codes.codes("department"))
                self.problem(number, RESPONSIBLE, "template_checks.no_department", part=part, allowed=allowed)
        return ";".join(parse_departments(text)) or None

    def code(self, number: int, column: Column, table: tuple[codes.Code, ...], text: str, unknown: str) -> str | None:
        code = _code(table, text) if text else None
        if text and code is None:
            self.problem(number, column, unknown, text=text, allowed=", ".join(c.sv for c in table))
        return code

    def predecessors(self, number: int, value: object) -> str | None:
        if value is not None and not isinstance(value, str):
            self.measure_id(number, PREDECESSORS, value)
            return None
        ids = []
        for item in re.split(r"[;,\s]+", _text(value)):
            measure_id = self.measure_id(number, PREDECESSORS, item) if item else None
            if measure_id is None:
                continue
            if not self.previous_ids:
                self.problem(number, PREDECESSORS, "template_checks.no_previous_followup", previous=self.year - 1)
                return None
            if measure_id not in self.previous_ids:
                self.problem(
                    number, PREDECESSORS, "template_checks.not_a_previous_id", id=measure_id, previous=self.year - 1
                )
            elif measure_id not in ids:
                ids.append(measure_id)
        ids.sort(key=lambda i: tuple(int(n) for n in i.split(".")))
        return ";".join(ids) or None

    def duplicates(self, records: list[dict]) -> None:
        first: dict[str, int] = {}
        for r in records:
            if r["measure_id"] in first:
                self.problem(
                    r["source_line"], ID, "template_checks.id_twice", id=r["measure_id"], first=first[r["measure_id"]]
                )
            elif r["measure_id"]:
                first[r["measure_id"]] = r["source_line"]
