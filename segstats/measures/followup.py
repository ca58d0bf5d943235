"""Parse a yearly follow-up report (Uppföljning av åtgärdsplan mot segregation) into measures."""

from __future__ import annotations

import html
import io
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from os import PathLike
from pathlib import Path
from typing import TextIO

import pandas as pd

from segstats import codes, schema
from segstats.errors import ReportFormatError
from segstats.io import decode_text
from segstats.schema import validate
from segstats.text import fold, garbled, normalise, tolerant

log = logging.getLogger(__name__)

# The cells of the report's four-column measure table, left to right.
FIELDS = ("description", "districts", "responsible", "funding")


def _status_alternatives(suffix: str) -> str:
    # Longest label first, so that "Ej genomförd" is not read as "genomförd".
    by_length = sorted(codes.STATUSES, key=lambda c: -len(c.sv))
    return "|".join(f"(?P<{c.code}>{tolerant(c.sv)}{suffix})" for c in by_length)


_YEAR = re.compile(tolerant("uppföljning av åtgärdsplan") + r"(?:en)?\s+mot\s+segregation\s+(\d{4})")
_AREA = re.compile(r"^(?:\d+\.\d+\s+)?" + tolerant("utvecklingsområde") + r"\s+(\d)\s*:\s*(.+?)(?:\t+\d+)?\s*$")
_COUNT = re.compile(
    r"^(?:" + _status_alternatives("a?") + r")\s*:\s*(?P<n>-|\d+)(?:\s+" + tolerant("åtgärd") + r"(?:er)?)?\s*\.?$"
)
_STATUS = re.compile(r"^status\s*:\s*")
# Where an area's summary ends and its measures begin.
_MEASURES_START = re.compile(r"^" + tolerant("uppföljning åtgärder") + r"\s*:?\s*$")
_ANOTHER_STATUS = re.compile(r"(?:^|[.!?]\s+)status\s*:")
_STATUS_WORD = re.compile(r"(?:" + _status_alternatives(r"(?:a|t)?") + r")(?![a-z])[\s.:;,]*")
_HEADING = re.compile(r"^(\d{1,2})\.(\d{1,2})\.\s+(\S.*)$")
_SECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?[ \t]+[A-ZÅÄÖ][a-zåäö]")
_RULE = re.compile(r"^[-\s]*-{3,}[-\s]*$")
_FIELD_LABELS = {
    "districts": re.compile(r"^" + tolerant("område") + r"\s*:\s*"),
    "responsible": re.compile(r"^ansvarig\s*:\s*"),
    "funding": re.compile(r"^finansiering(?:\s+och\s+tid)?\s*:\s*"),
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”])")
_TOTALS = {
    "done": re.compile(r"(\d+)\s+" + tolerant("åtgärder är genomförda")),
    "ongoing": re.compile(r"(\d+)\s+" + tolerant("åtgärder pågår")),
    "not_done": re.compile(r"(\d+)\s+" + tolerant("åtgärder är ej genomförda")),
}
_NEXT_PLAN = {
    code: re.compile(r"\b(?:" + "|".join(tolerant(p) for p in phrases) + r")")
    for code, phrases in codes.NEXT_PLAN_PHRASES.items()
}


@dataclass
class _Paragraph:
    """A piece of text: a plain paragraph (column None) or one cell paragraph of a table row."""

    line: int
    text: str
    column: int | None = None


@dataclass
class _Measure:
    measure_id: str
    area_no: int
    title: str
    line: int
    fields: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    last_field: str = "description"
    status: str | None = None
    status_line: int | None = None
    after_status: list[str] = field(default_factory=list)


def parse_followup(source: str | PathLike | TextIO, year: int | None = None) -> pd.DataFrame:
    """Read a follow-up report text into one validated row per measure.

    Args:
        source: path of the report text, or an open text stream.
        year: the follow-up year; read from the report's title when not given, and an
            error when it disagrees with the title.

    Returns:
        The measures, validated against :data:`segstats.schema.MEASURES`.

    Raises:
        ReportFormatError: the text lacks a structure the parser needs, holds an unknown
            status word or a duplicate measure id, or its own counts disagree with the
            statuses found. The message names the file, the line and the measure.
    """
    name, text = _read(source)
    if found := garbled(text):
        piece, meant, start = found
        line = text[:start].count("\n") + 1
        raise ReportFormatError("report_text.garbled", file=name, line=line, piece=piece, meant=meant)
    lines = text.splitlines()
    report_year = _report_year(name, text, year)
    measures = _Parser(name).run(_paragraphs(lines))
    _check_totals(name, text, measures)
    rows = [_row(name, report_year, m) for m in measures]
    return validate(pd.DataFrame(rows, columns=list(schema.MEASURES.columns)), schema.MEASURES, name)


def parse_area_summaries(source: str | PathLike | TextIO, year: int | None = None) -> pd.DataFrame:
    """Read the summary a follow-up report gives each development area before its measures.

    The summary is the prose between the area's heading ("2.1 Utvecklingsområde 1: …") and
    "Uppföljning åtgärder:". A paragraph that a page break cut in two (it ends without a full
    stop and the next begins in lower case) is joined again; the text is otherwise as written.
    An area without such prose has no rows.

    Args:
        source: path of the report text, or an open text stream.
        year: the follow-up year; read from the report's title when not given.

    Returns:
        One row per paragraph, validated against :data:`segstats.schema.AREA_SUMMARIES`.
    """
    name, text = _read(source)
    report_year = _report_year(name, text, year)
    summaries: dict[int, list[_Paragraph]] = {}
    area: int | None = None
    for p in _paragraphs(text.splitlines()):
        folded = fold(p.text)
        if heading := _AREA.match(folded):
            # The table of contents names every area first; its summary is the text under the heading.
            area = int(heading.group(1))
            summaries[area] = []
        elif _MEASURES_START.match(folded) or _is_structural(p.text):
            area = None
        elif area is not None and p.column is None:
            _add_paragraph(summaries[area], p)
    rows = [
        {
            "year": report_year,
            "area_no": area_no,
            "paragraph": number,
            "text": p.text,
            "source_file": name,
            "source_line": p.line,
        }
        for area_no, paragraphs in sorted(summaries.items())
        for number, p in enumerate(paragraphs, start=1)
    ]
    return validate(pd.DataFrame(rows, columns=list(schema.AREA_SUMMARIES.columns)), schema.AREA_SUMMARIES, name)


def _add_paragraph(paragraphs: list[_Paragraph], p: _Paragraph) -> None:
    """Add ``p``, or join it to the paragraph before when a page break cut that one mid-sentence."""
    if paragraphs and not re.search(r"[.!?:\"”)]$", paragraphs[-1].text) and p.text[:1].islower():
        paragraphs[-1].text += " " + p.text
    else:
        paragraphs.append(_Paragraph(p.line, p.text))


def _read(source: str | PathLike | TextIO) -> tuple[str, str]:
    if isinstance(source, io.TextIOBase) or hasattr(source, "read"):
        return getattr(source, "name", "<text>"), normalise(source.read())
    path = Path(source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportFormatError("report_text.cannot_read", file=str(path), reason=exc.strerror) from None
    return path.name, decode_text(raw, path.name)


def _report_year(name: str, text: str, year: int | None) -> int:
    found = _YEAR.search(fold(text))
    stated = int(found.group(1)) if found else None
    if year is None and stated is None:
        raise ReportFormatError("report_text.no_year", file=name)
    if year is not None and found is not None and year != stated:
        line = text[: found.start()].count("\n") + 1
        raise ReportFormatError("report_text.wrong_year", file=name, line=line, stated=stated, year=year)
    if year is not None:
        return year
    assert stated is not None  # no year at all raised above
    return stated


def _paragraphs(lines: list[str]):
    """Cut the report's lines into paragraphs: plain blocks, and cells of table rows."""
    block: list[tuple[int, str]] = []

    def flush():
        if block:
            yield _Paragraph(block[0][0], " ".join(text for _, text in block))
            block.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip() or _RULE.match(line):
            yield from flush()
        elif "\t" in line or "<p" in line.lower():
            yield from flush()
            for column, cell in enumerate(line.split("\t")):
                for text in _cell_paragraphs(cell):
                    yield _Paragraph(number, text, column)
        elif _is_structural(line.strip()):
            yield from flush()
            yield _Paragraph(number, line.strip())
        else:
            block.append((number, line.strip()))
    yield from flush()


def _cell_paragraphs(cell: str) -> list[str]:
    pieces = re.split(r"</?p\b[^>]*>", cell, flags=re.I)
    texts = (" ".join(html.unescape(p).split()) for p in pieces)
    return [t for t in texts if t]


def _is_structural(line: str) -> bool:
    folded = fold(line)
    return bool(_HEADING.match(line) or _AREA.match(folded) or _COUNT.match(folded) or _SECTION.match(line))


class _Parser:
    """Walks the paragraphs: development areas, their stated counts, and the measures."""

    def __init__(self, name: str):
        self.name = name
        self.area: int | None = None
        self.stated: dict[int, dict[str, tuple[int, int]]] = {}
        self.measures: dict[str, _Measure] = {}
        self.current: _Measure | None = None

    def error(self, key: str, line: int | None = None, measure: str | None = None, **values) -> ReportFormatError:
        return ReportFormatError(key, file=self.name, line=line, measure=measure, **values)

    def run(self, paragraphs) -> list[_Measure]:
        for p in paragraphs:
            self.step(p)
        self.close()
        if not self.measures:
            raise self.error("report_text.no_measures")
        self.check_counts()
        return list(self.measures.values())

    def step(self, p: _Paragraph) -> None:
        folded = fold(p.text)
        if area := _AREA.match(folded):
            self.close()
            self.area = int(area.group(1))
            if str(self.area) not in codes.codes("area"):
                raise self.error(
                    "report_text.unknown_area", p.line, area=self.area, allowed=", ".join(codes.codes("area"))
                )
        elif count := _COUNT.match(folded):
            self.close()
            self.count(p, count)
        elif p.column is None and (heading := _HEADING.match(p.text)):
            self.close()
            self.open(p, heading)
        elif p.column is None and _SECTION.match(p.text):
            self.close()
        elif self.current is not None:
            self.add(self.current, p, folded)

    def count(self, p: _Paragraph, match: re.Match) -> None:
        if self.area is None:
            raise self.error("report_text.counts_before_area", p.line)
        status = next(code for code in codes.codes("status") if match.group(code))
        n = 0 if match.group("n") == "-" else int(match.group("n"))
        self.stated.setdefault(self.area, {})[status] = (n, p.line)

    def open(self, p: _Paragraph, heading: re.Match) -> None:
        measure_id = f"{int(heading.group(1))}.{int(heading.group(2))}"
        area_no = int(heading.group(1))
        if self.area is None:
            raise self.error("report_text.measure_before_area", p.line, measure_id)
        if area_no != self.area:
            raise self.error("report_text.measure_under_other_area", p.line, measure_id, id=measure_id, area=self.area)
        if measure_id in self.measures:
            first = self.measures[measure_id].line
            raise self.error("report_text.id_twice", p.line, measure_id, first=first)
        self.current = _Measure(measure_id, area_no, " ".join(heading.group(3).split()), p.line)
        self.measures[measure_id] = self.current

    def add(self, m: _Measure, p: _Paragraph, folded: str) -> None:
        status = _STATUS.match(folded)
        if status and m.status is not None:
            raise self.error("report_text.second_status", p.line, m.measure_id, first=m.status_line)
        if status:
            rest = p.text[status.end() :]
            word = _STATUS_WORD.match(fold(rest))
            if not word:
                shown = re.split(r"[.\n]", rest.strip(), maxsplit=1)[0][:40]
                allowed = ", ".join(c.sv for c in codes.STATUSES)
                raise self.error(
                    "report_text.unknown_status", p.line, m.measure_id, status=repr(shown), allowed=allowed
                )
            after = rest[word.end() :]
            if after[:1].islower() and not re.search(r"[.:;]", rest[: word.end()]):
                # "Genomförd delvis", "Pågår ej": a word that qualifies the status; a new sentence
                # ("Pågår En förstudie …") begins with a capital.
                shown = re.split(r"[.;\n]", rest.strip(), maxsplit=1)[0][:40]
                allowed = ", ".join(c.sv for c in codes.STATUSES)
                raise self.error(
                    "report_text.qualified_status", p.line, m.measure_id, status=repr(shown), allowed=allowed
                )
            m.status = word.lastgroup
            m.status_line = p.line
            if comment := after.strip():
                self.check_one_status(m, comment, p.line)
                m.after_status.append(comment)
            return
        if m.status is not None:
            self.check_one_status(m, p.text, p.line)
            m.after_status.append(p.text)
            return
        name, text = self.field_of(m, p, folded)
        if text:
            m.fields[name].append(text)
        m.last_field = name

    def check_one_status(self, m: _Measure, text: str, line: int) -> None:
        """Refuse a second "Status:" after the status line: which of the two holds is not segstats' to guess."""
        if _ANOTHER_STATUS.search(fold(text)):
            if line == m.status_line:
                raise self.error("report_text.second_status_same_paragraph", line, m.measure_id)
            raise self.error("report_text.second_status", line, m.measure_id, first=m.status_line)

    @staticmethod
    def field_of(m: _Measure, p: _Paragraph, folded: str) -> tuple[str, str]:
        for name, label in _FIELD_LABELS.items():
            if found := label.match(folded):
                return name, p.text[found.end() :].strip()
        if p.column is not None:
            return FIELDS[min(p.column, len(FIELDS) - 1)], p.text
        return m.last_field, p.text

    def close(self) -> None:
        m, self.current = self.current, None
        if m is None:
            return
        if m.status is None:
            raise self.error("report_text.no_status", m.line, m.measure_id)
        for required, label in (("districts", "Område:"), ("responsible", "Ansvarig:")):
            if not m.fields[required]:
                raise self.error("report_text.no_cell", m.line, m.measure_id, label=label)

    def check_counts(self) -> None:
        found: dict[int, dict[str, list[str]]] = {}
        for m in self.measures.values():
            assert m.status is not None  # close() refuses a measure without a status line
            found.setdefault(m.area_no, {s: [] for s in codes.codes("status")})[m.status].append(m.measure_id)
        for area in sorted(set(found) | set(self.stated)):
            stated = self.stated.get(area, {})
            missing = [codes.label("status", s) for s in codes.codes("status") if s not in stated]
            if missing:
                raise self.error("report_text.count_missing", area=area, missing=", ".join(missing))
            for status, (n, line) in stated.items():
                ids = found.get(area, {}).get(status, [])
                if n != len(ids):
                    label = codes.label("status", status)
                    given = ", ".join(ids) or "–"
                    raise self.error(
                        "report_text.count_differs", line, area=area, n=n, label=label, found=len(ids), ids=given
                    )


def _check_totals(name: str, text: str, measures: list[_Measure]) -> None:
    """Compare the report's overall counts ("12 åtgärder är genomförda …"), where it states them."""
    folded = fold(text)
    for status, pattern in _TOTALS.items():
        if stated := pattern.search(folded):
            n = sum(m.status == status for m in measures)
            if int(stated.group(1)) != n:
                line = text[: stated.start()].count("\n") + 1
                label = codes.label("status", status)
                raise ReportFormatError(
                    "report_text.total_differs", file=name, line=line, n=int(stated.group(1)), label=label, found=n
                )


def _row(name: str, year: int, m: _Measure) -> dict:
    comment, next_plan, next_plan_text = _split_next_plan(" ".join(m.after_status), year + 1)
    joined = {f: " ".join(" ".join(m.fields[f]).split()) or None for f in FIELDS}
    assert joined["districts"] and joined["responsible"]  # close() refuses a measure without these cells
    return {
        "year": year,
        "measure_id": m.measure_id,
        "area_no": m.area_no,
        "area": codes.label("area", str(m.area_no)),
        "title": m.title,
        "description": joined["description"],
        "districts": ";".join(parse_districts(joined["districts"])),
        "responsible": joined["responsible"],
        "departments": ";".join(parse_departments(joined["responsible"])),
        "funding": joined["funding"],
        "status": m.status,
        "status_comment": comment,
        "next_plan": next_plan,
        "next_plan_text": next_plan_text,
        "predecessors": None,  # a report names no ids of the previous year's plan
        "source_file": name,
        "source_line": m.line,
    }


def parse_districts(text: str) -> list[str]:
    """The target districts named in an "Område:" cell, canonical names first, others kept.

    >>> parse_districts("Berga, Ryd och Skäggetorp")
    ['Berga', 'Ryd', 'Skäggetorp']
    >>> parse_districts("Mottagande skolor")
    ['Mottagande skolor']
    """
    known = {fold(c.code): c.code for c in codes.DISTRICTS}
    parts = (" ".join(p.split()).strip(" .") for p in re.split(r",|;|/|&|\boch\b", text))
    named = [known.get(fold(p), p) for p in parts if p]
    canonical = [d for d in codes.codes("district") if d in named]
    return canonical + [p for p in named if p not in canonical]


def parse_departments(text: str) -> list[str]:
    """Department codes named in an "Ansvarig:" cell; a named sub-unit stands for its parent.

    A part of the cell between commas or semicolons that is a department's code or full
    name ("Leanlink-RoS", "Kultur- och fritidsförvaltningen") names that department.

    >>> parse_departments("SOF och KLF (SÄK)")
    ['KLF-SÄK', 'SOF']
    >>> parse_departments("Leanlink-RoS; Kultur- och fritidsförvaltningen")
    ['KoF', 'Leanlink-RoS']
    """
    folded = fold(text)
    words = set(re.findall(r"\w+", folded))
    compact = re.sub(r"\W+", "", folded)
    exact = _department_names()
    named = [exact[part] for part in (" ".join(p.split()) for p in re.split(r"[;,]", folded)) if part in exact]
    named += [
        code
        for code, aliases in codes.DEPARTMENT_WORDS.items()
        if any(a in words or (len(a) > 4 and a in compact) for a in aliases)
    ]
    subunit_parents = {codes.parent_department(c) for c in named if codes.parent_department(c) != c}
    return [c for c in codes.codes("department") if c in named and c not in subunit_parents]


@cache
def _department_names() -> dict[str, str]:
    """Each department's folded code and full Swedish name → its code."""
    return {fold(name): c.code for c in codes.DEPARTMENTS for name in (c.code, c.sv)}


def _split_next_plan(text: str, next_year: int) -> tuple[str | None, str | None, str | None]:
    """Split a status comment into (comment, next-plan code, the sentence that says it).

    The handling is the last sentence that names next year and one of the known phrases.
    """
    sentences = [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]
    for i in range(len(sentences) - 1, -1, -1):
        folded = fold(sentences[i])
        if str(next_year) not in folded:
            continue
        for code, pattern in _NEXT_PLAN.items():
            found = pattern.search(folded)
            if found:
                # A report may run the comment into the handling without a full stop
                # ("Prioriterad åtgärd enligt KOF Vidareutvecklad åtgärd 2022."): a phrase that
                # starts with a capital after other words begins the sentence on handling.
                start = found.start()
                head = sentences[i][:start].strip() if start and sentences[i][start].isupper() else ""
                said = sentences[i][len(head) :].strip() if head else sentences[i]
                rest = " ".join([*sentences[:i], *([head] if head else []), *sentences[i + 1 :]]) or None
                return rest, code, said
    return " ".join(sentences) or None, None, None
