"""What report notebooks call to show prose, tables and figures in the report's language.

Every output is HTML made here, with every text from data escaped, so it looks the same in JupyterLab and in the PDF. A
table also carries its data, typed, with its columns' keys, units and decimals (:data:`TABLE_MIME`,
:meth:`segstats.reports.tables.Table.payload`), and the title page its text (:data:`TITLE_MIME`):
``segstats report`` reads them from the executed notebook to write the tables as CSV and XLSX
and to set the title page.
"""

from __future__ import annotations

import base64
import io
import re
import struct
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

import pandas as pd
from IPython.display import display
from markupsafe import Markup

from segstats import codes
from segstats.errors import SegstatsError
from segstats.reports import fmt, tables, words

TABLE_MIME = "application/vnd.segstats.table+json"
TITLE_MIME = "application/vnd.segstats.title+json"

# More columns than this do not fit the width of an A4 page at a readable size.
MAX_COLUMNS = 10
DPI = 200
# A table of at most this many rows is kept on one page rather than broken across two.
SHORT_TABLE = 15
# A record of at most this many characters is kept on one page; a longer one may break between its lines.
SHORT_RECORD = 900
# A run of more characters than this without a space (a title pasted as one word, an address) may
# break after every this many: a table column is as wide as its longest unbreakable run, and one
# of thousands of characters would push the table off the page. Words are shorter.
UNBROKEN = 30
_LONG_RUN = re.compile(rf"(\S{{{UNBROKEN}}})(?=\S)")

Formatter = Callable[[Any], str]  # a table cell's value, as pandas holds it
# The language the follow-ups (titles, descriptions, comments, summaries) are written in.
ORIGINAL_LANG = "sv"


@dataclass(frozen=True)
class Field:
    """One line of a record (:meth:`Show.record`): a label and what it says.

    Attributes:
        label: in the report's language.
        value: words in the report's language (may be empty).
        original: the source's own words, in Swedish (a title, a comment), shown after ``value``
            and tagged as Swedish in an English report.
        status: a status code: ``value`` is then shown with the status's colour-safe mark.
        flag: set the line off (a measure ongoing for years).
    """

    label: str
    value: str = ""
    original: str | None = None
    status: str | None = None
    flag: bool = False


@dataclass(frozen=True)
class Entry:
    """A line of the printed table of contents: ``text`` (and a Swedish ``original``) leading to ``anchor``."""

    text: str
    anchor: str
    level: int = 1
    original: str | None = None


# What a report shows, as data: a library function that makes a report's pages yields these, and
# the notebook hands them to :meth:`Show.render`. They can be checked in a test without a kernel.
@dataclass(frozen=True)
class Say:
    """A text of the words files (:meth:`Show.say`)."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A table (:meth:`Show.table`), and what its exported files hold where that is not ``df`` as shown."""

    df: pd.DataFrame
    name: str
    title: str
    columns: Mapping[str, tables.Column]
    formats: dict[str, Formatter] | None = None
    keep_together: bool = True
    data: pd.DataFrame | None = None
    sheet: str | None = None
    selection: str | None = None
    sources: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A chart (:meth:`Show.figure`): a matplotlib Figure or Axes."""

    figure: Any
    alt: str
    source: str
    half: bool = False


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain texts (:meth:`Show.items`)."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class NewPage:
    """A new printed page (:meth:`Show.new_page`)."""


@dataclass(frozen=True)
class TitlePage:
    """The report's title and sources (:meth:`Show.title_page`)."""

    title: str
    sources: tuple[str, ...]


Part = Say | Table | Chart | Bullets | NewPage | TitlePage


class Show:
    """Shows a report's prose, tables and figures in one language (``sv`` or ``en``)."""

    def __init__(self, lang: str = "sv"):
        self.lang = fmt.check_lang(lang)

    def render(self, parts: Iterable[Part]) -> None:
        """Show each part in turn, as the matching method would."""
        for part in parts:
            match part:
                case Say():
                    self.say(part.key, **part.values)
                case Table():
                    self.table(
                        part.df,
                        part.name,
                        title=part.title,
                        formats=part.formats,
                        keep_together=part.keep_together,
                        columns=part.columns,
                        data=part.data,
                        sheet=part.sheet,
                        selection=part.selection,
                        sources=part.sources,
                        definitions=part.definitions,
                    )
                case Chart():
                    self.figure(part.figure, alt=part.alt, source=part.source, half=part.half)
                case Bullets():
                    self.items(part.items)
                case NewPage():
                    self.new_page()
                case TitlePage():
                    self.title_page(part.title, sources=part.sources)

    def say(self, key: str, **values: object) -> None:
        """Show the text ``topic.name`` of ``segstats/reports/words/`` in the report's language.

        The text's Markdown is rendered; the values (titles, names, sources) are shown as plain text.
        """
        html = words.html(key, self.lang, **values)
        display({"text/html": html, "text/plain": words.text(key, self.lang, **values)}, raw=True)

    def inline(self, key: str, **values: object) -> Markup:
        """The text ``topic.name`` as HTML, to be a value of another text shown by :meth:`say`."""
        return words.inline(key, self.lang, **values)

    def items(self, items: Sequence[str]) -> None:
        """Show a bulleted list of plain texts (never read as markup)."""
        html = "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
        display({"text/html": html, "text/plain": "\n".join(f"- {i}" for i in items)}, raw=True)

    def words(self, key: str, **values: object) -> str:
        """The text ``topic.name`` in the report's language, for a title, a header or an alt text."""
        return words.text(key, self.lang, **values)

    def title_page(self, title: str, *, sources: Sequence[str]) -> None:
        """Declare the report's title and data sources, which ``segstats report`` sets on the title page."""
        plain = f"{title}\n\n" + "\n".join(f"- {s}" for s in sources)
        display({TITLE_MIME: {"title": title, "sources": list(sources)}, "text/plain": plain}, raw=True)

    def table(
        self,
        df: pd.DataFrame,
        name: str,
        *,
        title: str,
        columns: Mapping[str, tables.Column],
        formats: dict[str, Formatter] | None = None,
        keep_together: bool = True,
        data: pd.DataFrame | None = None,
        sheet: str | None = None,
        selection: str | None = None,
        sources: Sequence[str] = (),
        definitions: Sequence[str] = (),
    ) -> None:
        """Show a table and hand it to ``segstats report``, which exports it as CSV and in the report's workbook.

        Two ways, by what the reader and the files should get:

        - ``columns`` alone: ``df`` is tidy and typed, its column names are the keys of
          ``columns`` (stable, code-like: ``value``, ``linkoping_value``); the PDF shows each
          column's header and its numbers with the column's decimals and unit, the files hold the
          numbers as numbers under the keys.
        - ``columns`` and ``data``: ``df`` is what the PDF shows (headers in the report's language,
          facts merged in a cell as "52,9 % (−29,8)"); ``data`` is the same table tidy and typed,
          one fact per column, described by ``columns``, and is what the files hold. ``data`` may
          have more columns than fit the page.

        Args:
            df: the table for the PDF (see above).
            name: the table's name in its file name (``status_per_area``).
            title: shown above the table and kept with the exported data.
            formats: per column of the PDF's table, a function from a value to its text; by
                default a typed column is written as its :class:`~segstats.reports.tables.Column`
                says, integers are grouped ("1 234"), other numbers get one decimal, and missing values are "–".
            keep_together: a short table moves whole to the next page rather than break; without,
                it may break between rows (its header repeated), so a page does not end half empty.
            columns: per key, the exported column's header, unit, decimals and meaning.
            data: the exported table, where it is not ``df``.
            sheet: its sheet's name in the workbook (at most 31 characters; default: the title, shortened).
            selection: the filter the table was made with, in words, for the workbook's "About" sheet.
            sources: the table's own sources, where they are not the whole report's.
            definitions: what its terms mean, for the "About" sheet.

        Raises:
            SegstatsError: when the table has more columns than fit an A4 page, or its exported
                columns are not described as :meth:`~segstats.reports.tables.Table.check` asks.
        """
        if len(df.columns) > MAX_COLUMNS:
            raise SegstatsError("messages.table_too_wide", name=repr(name), n=len(df.columns), most=MAX_COLUMNS)
        exported = tables.Table(
            name,
            title,
            df if data is None else data,
            dict(columns),
            sheet=sheet,
            selection=selection,
            sources=tuple(sources),
            definitions=tuple(definitions),
        )
        exported.check()
        described = exported.columns if data is None else {}
        texts = {c: self._texts(df[c], (formats or {}).get(c), described.get(c)) for c in df}
        headers = {c: described[c].header if c in described else str(c) for c in df}
        short = " short" if keep_together and len(df) <= SHORT_TABLE else ""
        html = f'<div class="table{short}">{table_html(df, caption=title, texts=texts, headers=headers)}</div>'
        display({"text/html": html, TABLE_MIME: exported.payload()}, raw=True)

    def _texts(self, column: pd.Series, formatter: Formatter | None, described: tables.Column | None) -> list[str]:
        """The column's cells as the PDF shows them."""
        if formatter is None and described is not None and not pd.api.types.is_bool_dtype(column):
            rows = len(column)
            places, units = described.decimal_places(rows), described.units(rows)
            return [described.text(v, u, d, self.lang) for v, u, d in zip(column, units, places, strict=True)]
        shown = formatter or cell_formatter(column, self.lang)
        return [shown(v) for v in column]

    def figure(self, figure, *, alt: str, source: str, half: bool = False) -> None:
        """Show a chart at its printed size, with alt text for screen readers and its source under it.

        Args:
            figure: the chart (a Figure, or an Axes of it); it is closed after it is shown.
            alt: what the chart shows, in words, for a reader who cannot see it.
            source: the source line ("Källa: …").
            half: half the page width, so that two such charts stand side by side.
        """
        import matplotlib.pyplot as plt  # only a notebook that shows charts needs pyplot

        fig = figure.figure  # an Axes knows its Figure, and a Figure is its own
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.04)
        plt.close(fig)
        png = buffer.getvalue()
        width = struct.unpack(">I", png[16:20])[0] / DPI  # the PNG header's width, in inches at DPI
        html = (
            f'<figure class="{"half" if half else "full"}">'
            f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{escape(alt)}" '
            f'style="width: {width:.2f}in">'
            f"<figcaption>{escape(source)}</figcaption></figure>"
        )
        display({"text/html": html, "text/plain": alt}, raw=True)

    def heading(
        self, text: str, *, level: int = 2, anchor: str | None = None, original: str | None = None, page: bool = False
    ) -> None:
        """Show a heading (a PDF bookmark), with an ``anchor`` the table of contents can point to.

        Args:
            original: the source's own Swedish words after ``text`` (a measure's title).
            page: begin a new printed page with it.
        """
        attributes = (f' id="{escape(anchor)}"' if anchor else "") + (' class="new-page"' if page else "")
        html = f"<h{level}{attributes}>{self._words_and_original(text, original)}</h{level}>"
        display({"text/html": html, "text/plain": " ".join(filter(None, (text, original)))}, raw=True)

    def contents(self, title: str, entries: Sequence[Entry]) -> None:
        """Show a printed table of contents: each entry with the page its anchor is printed on."""
        lines = "".join(
            f'<li class="level-{e.level}"><a href="#{escape(e.anchor)}">{self._words_and_original(e.text, e.original)}'
            "</a></li>"
            for e in entries
        )
        html = f'<nav class="contents"><h2>{escape(title)}</h2><ul>{lines}</ul></nav>'
        plain = "\n".join(" ".join(filter(None, (e.text, e.original))) for e in entries)
        display({"text/html": html, "text/plain": f"{title}\n{plain}"}, raw=True)

    def record(
        self, fields: Sequence[Field], *, heading: str = "", anchor: str | None = None, original: str | None = None
    ) -> None:
        """Show labelled lines (a measure's status, department, comment …) under a heading, kept on one page
        where they fit; text from data is never markup.

        Args:
            heading, original, anchor: the heading (a PDF bookmark) as for :meth:`heading`, one level below a section.
        """
        lines = []
        # Where the report is not Swedish, each of the source's own words says it is.
        marked = (
            "" if self.lang == ORIGINAL_LANG else f' <span class="lang-note">({self.words("common.in_swedish")})</span>'
        )
        for f in fields:
            value = self._status(f.status, f.value) if f.status else self._words_and_original(f.value, f.original, ": ")
            value += marked if f.original and not f.status else ""
            lines.append(
                f'<div class="line{" flag" if f.flag else ""}"><dt>{escape(f.label)}</dt><dd>{value}</dd></div>'
            )
        title = ""
        if heading or original:
            named = f' id="{escape(anchor)}"' if anchor else ""
            title = f"<h3{named}>{self._words_and_original(heading, original)}</h3>"
        size = sum(len(f.label) + len(f.value) + len(f.original or "") for f in fields)
        short = " short" if size <= SHORT_RECORD else ""
        html = f'<section class="record{short}">{title}<dl>{"".join(lines)}</dl></section>'
        plain = "\n".join(f"{f.label}: {' '.join(filter(None, (f.value, f.original)))}" for f in fields)
        display({"text/html": html, "text/plain": f"{heading} {original or ''}\n{plain}"}, raw=True)

    def originals(self, paragraphs: Sequence[str]) -> None:
        """Show paragraphs of the source's own Swedish words (an area's summary) as plain text; none shows nothing."""
        if not paragraphs:
            return
        html = "".join(f"<p{self._original_lang()}>{escape(p)}</p>" for p in paragraphs)
        display({"text/html": f'<div class="originals">{html}</div>', "text/plain": "\n\n".join(paragraphs)}, raw=True)

    def _original_lang(self) -> str:
        """The ``lang`` attribute of the source's Swedish words in this report: none where the report is Swedish."""
        return "" if self.lang == ORIGINAL_LANG else f' lang="{ORIGINAL_LANG}"'

    def _words_and_original(self, text: str, original: str | None, between: str = " ") -> str:
        shown = escape(text)
        if original:
            shown += (
                between if shown else ""
            ) + f'<span class="original"{self._original_lang()}>{escape(original)}</span>'
        return shown

    def _status(self, status: str, text: str) -> str:
        """A status written out after its mark: a shape and a colour, safe for colour-blind readers."""
        code = codes.lookup("status", status)
        mark = f'<span class="status-mark" style="background: {code.colour}">{codes.STATUS_MARKS[status]}</span>'
        return f"{mark} {escape(text or code.label(self.lang))}"

    def new_page(self) -> None:
        """Start a new printed page here (a district's pages begin on a page of their own)."""
        display({"text/html": '<div style="break-before: page"></div>', "text/plain": ""}, raw=True)


def cell_formatter(column: pd.Series, lang: str = "sv") -> Formatter:
    """How a table writes the cells of ``column`` by default: integers grouped ("1 234"), other numbers
    with one decimal, yes/no for truth values, missing as "–", anything else as it is."""
    if pd.api.types.is_bool_dtype(column):
        return lambda v: fmt.MISSING if pd.isna(v) else words.text("labels.yes" if v else "labels.no", lang)
    if pd.api.types.is_integer_dtype(column):
        return lambda v: fmt.number(v, 0, lang)
    if pd.api.types.is_numeric_dtype(column):
        return lambda v: fmt.number(v, 1, lang)
    return lambda v: fmt.MISSING if pd.isna(v) else str(v)


def table_html(
    df: pd.DataFrame,
    *,
    caption: str,
    texts: Mapping[Any, Sequence[str]] | None = None,
    headers: Mapping[Any, str] | None = None,
    formats: Mapping[Any, Formatter] | None = None,
    lang: str = "sv",
    css: str = "",
    row_css: Sequence[str] = (),
    marked: Collection[tuple[int, Any]] = (),
    mark: str = "",
) -> str:
    """A table as the reports and the dashboard show it: its caption (a screen reader names the table by
    it), column headers, no row index, numbers right-aligned, every cell escaped.

    Args:
        df: the table, headers as the reader should see them.
        caption: the table's title.
        texts: per column, its cells as text; a column without is written by ``formats``.
        headers: per column, its header (default: the column's name).
        formats: per column, a function from a value to its text (default :func:`cell_formatter`).
        lang: ``sv`` or ``en``.
        css: the table's class.
        row_css: per row, a class ("" for none): the dashboard sets off the district among its peers.
        marked: cells (row number, column) written with ``mark`` after the value and class ``flagged``.
        mark: the mark of a flagged value.
    """
    formats, headers = formats or {}, headers or {}
    cells = {
        c: list((texts or {}).get(c) or [(formats.get(c) or cell_formatter(df[c], lang))(v) for v in df[c]]) for c in df
    }
    numeric = {c: pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in df}
    kind = {c: "num" if numeric[c] else "text" for c in df}
    head = "".join(f'<th scope="col" class="{kind[c]}">{escape(str(headers.get(c, c)))}</th>' for c in df)
    rows = []
    for i in range(len(df)):
        row = "".join(
            f'<td class="{kind[c]} flagged">{breakable(cells[c][i] + mark)}</td>'
            if (i, c) in marked
            else f'<td class="{kind[c]}">{breakable(cells[c][i])}</td>'
            for c in df
        )
        row_class = f' class="{row_css[i]}"' if i < len(row_css) and row_css[i] else ""
        rows.append(f"<tr{row_class}>{row}</tr>")
    table_class = f' class="{css}"' if css else ""
    return (
        f'<table{table_class}><caption class="table-title">{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def breakable(text: str) -> str:
    """``text`` escaped as HTML, with a break opportunity (``<wbr>``) in every run longer than :data:`UNBROKEN`.

    >>> breakable("<b>" + "x" * 35)
    '&lt;b&gt;xxxxxxxxxxxxxxxxxxxxxxxxxxx<wbr>xxxxxxxx'
    """
    return escape(_LONG_RUN.sub("\\1\ue002", text)).replace("\ue002", "<wbr>")
