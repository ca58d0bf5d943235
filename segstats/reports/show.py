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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

import pandas as pd
from IPython.display import display
from markupsafe import Markup

from segstats.errors import SegstatsError
from segstats.reports import fmt, tables, words

TABLE_MIME = "application/vnd.segstats.table+json"
TITLE_MIME = "application/vnd.segstats.title+json"

# More columns than this do not fit the width of an A4 page at a readable size.
MAX_COLUMNS = 10
DPI = 200
# A table of at most this many rows is kept on one page rather than broken across two.
SHORT_TABLE = 15
# A run of more characters than this without a space (a title pasted as one word, an address) may
# break after every this many: a table column is as wide as its longest unbreakable run, and one
# of thousands of characters would push the table off the page. Words are shorter.
UNBROKEN = 30
_LONG_RUN = re.compile(rf"(\S{{{UNBROKEN}}})(?=\S)")

Formatter = Callable[[Any], str]  # a table cell's value, as pandas holds it


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
    formats: dict[str, Formatter] | None = None
    keep_together: bool = True
    columns: Mapping[str, tables.Column] | None = None
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
        formats: dict[str, Formatter] | None = None,
        keep_together: bool = True,
        columns: Mapping[str, tables.Column] | None = None,
        data: pd.DataFrame | None = None,
        sheet: str | None = None,
        selection: str | None = None,
        sources: Sequence[str] = (),
        definitions: Sequence[str] = (),
    ) -> None:
        """Show a table and hand it to ``segstats report``, which exports it as CSV and in the report's workbook.

        Three ways, by what the reader and the files should get:

        - ``columns`` alone: ``df`` is tidy and typed, its column names are the keys of
          ``columns`` (stable, code-like: ``value``, ``linkoping_value``); the PDF shows each
          column's header and its numbers with the column's decimals and unit, the files hold the
          numbers as numbers under the keys.
        - ``columns`` and ``data``: ``df`` is what the PDF shows (headers in the report's language,
          facts merged in a cell as "52,9 % (−29,8)"); ``data`` is the same table tidy and typed,
          one fact per column, described by ``columns``, and is what the files hold. ``data`` may
          have more columns than fit the page.
        - neither (the tables not yet converted): ``df`` is shown and exported as it is, its headers as names.

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
        if columns is None:
            exported = tables.Table.plain(df, name, title)
        else:
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
        described = exported.columns if columns is not None and data is None else {}
        texts = {c: self._texts(df[c], (formats or {}).get(c), described.get(c)) for c in df}
        headers = {c: described[c].header if c in described else str(c) for c in df}
        numeric = {c: pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in df}
        kind = {c: "num" if numeric[c] else "text" for c in df}
        head = "".join(f'<th scope="col" class="{kind[c]}">{escape(headers[c])}</th>' for c in df)
        body = "".join(
            "<tr>" + "".join(f'<td class="{kind[c]}">{breakable(texts[c][i])}</td>' for c in df) + "</tr>"
            for i in range(len(df))
        )
        short = " short" if keep_together and len(df) <= SHORT_TABLE else ""
        html = (
            # The title as the table's caption: a screen reader names the table by it.
            f'<div class="table{short}"><table>'
            f'<caption class="table-title">{escape(title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )
        display({"text/html": html, TABLE_MIME: exported.payload()}, raw=True)

    def _texts(self, column: pd.Series, formatter: Formatter | None, described: tables.Column | None) -> list[str]:
        """The column's cells as the PDF shows them."""
        if formatter is None and described is not None and not pd.api.types.is_bool_dtype(column):
            rows = len(column)
            places, units = described.decimal_places(rows), described.units(rows)
            return [described.text(v, u, d, self.lang) for v, u, d in zip(column, units, places, strict=True)]
        shown = formatter or self._formatter(column)
        return [shown(v) for v in column]

    def _formatter(self, column: pd.Series) -> Formatter:
        if pd.api.types.is_bool_dtype(column):
            return lambda v: fmt.MISSING if pd.isna(v) else self.words("labels.yes" if v else "labels.no")
        if pd.api.types.is_integer_dtype(column):
            return lambda v: fmt.number(v, 0, self.lang)
        if pd.api.types.is_numeric_dtype(column):
            return lambda v: fmt.number(v, 1, self.lang)
        return lambda v: fmt.MISSING if pd.isna(v) else str(v)

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

    def new_page(self) -> None:
        """Start a new printed page here (a district's pages begin on a page of their own)."""
        display({"text/html": '<div style="break-before: page"></div>', "text/plain": ""}, raw=True)


def breakable(text: str) -> str:
    """``text`` escaped as HTML, with a break opportunity (``<wbr>``) in every run longer than :data:`UNBROKEN`.

    >>> breakable("<b>" + "x" * 35)
    '&lt;b&gt;xxxxxxxxxxxxxxxxxxxxxxxxxxx<wbr>xxxxxxxx'
    """
    return escape(_LONG_RUN.sub("\\1\ue002", text)).replace("\ue002", "<wbr>")
