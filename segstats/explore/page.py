"""What one view shows after a control change, as one piece of HTML: text, charts with their alt text, tables, files.

A view's page is made whole before anything of it is shown, so that the page never names one
choice above a chart of another. Charts are drawn on a matplotlib ``Figure`` without pyplot into
PNG bytes at the resolution of their download; the page scales them to its width.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from segstats.explore.model import say
from segstats.reports import fmt, labels, plots, tables, tidy
from segstats.reports.show import table_html
from segstats.text import fold

# Charts are drawn at the resolution of their PNG download (150 dpi or more for print).
DPI = 150
WIDTH = 10.0
# The mark beside a value flagged as outside its plausible range; a footnote under it says why.
FLAG = "\u00a0*"


@dataclass
class Download:
    """A file the reader can save: its name, the link's words (what it holds) and how to make its bytes.

    A table's file is made when the reader asks for it (``panel.js`` asks the kernel, which answers
    with the bytes), so that no one waits for a file they did not ask for and the page stays light;
    ``chart`` names the class of the chart whose image the file is: its link takes the image's
    address in the page, so the picture crosses the wire once.
    """

    name: str
    label: str
    make: Callable[[], bytes]
    chart: str = ""

    @functools.cached_property
    def data(self) -> bytes:
        """The file's bytes, made once."""
        return self.make()

    def link(self) -> str:
        """An HTML link that saves the file in one click."""
        name, label = escape(self.name), escape(self.label)
        source = f'data-chart="{escape(self.chart)}"' if self.chart else f'href="#" data-file="{name}"'
        return f'<a class="ss-download" download="{name}" {source}>{label}</a>'


@dataclass(frozen=True)
class Chart:
    """A chart as PNG with the alt text that says what it shows (its values, the district's place)."""

    png: bytes
    alt: str
    css: str

    def html(self) -> str:
        """The chart as an image with its alt text, at the page's width."""
        payload = base64.b64encode(self.png).decode("ascii")
        return (
            f'<figure class="ss-figure {self.css}">'
            f'<img src="data:image/png;base64,{payload}" alt="{escape(self.alt)}"></figure>'
        )


@dataclass
class Page:
    """One view's outputs for one choice of its controls: made whole, then shown at once.

    Attributes:
        view: the view's name (``indicator``, ``district``, ``measures``): the CSS classes' prefix.
        heading: the view's heading for the choice.
        summary: sentences (Markdown: ``**bold**``, ``*italic*``) that answer the choice.
        notes: what was chosen but has no data, and what to know to read it right.
        body: the charts and tables, as HTML, in reading order.
        charts: the charts in the body (for their alt text and bytes).
        files: the downloads.
    """

    view: str
    heading: str
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    files: list[Download] = field(default_factory=list)
    lang: str = "sv"

    def add_chart(self, chart: Chart) -> None:
        """Show ``chart`` next in the body."""
        self.charts.append(chart)
        self.body.append(chart.html())

    def add_table(self, html: str) -> None:
        """Show a table (or any HTML made here) next in the body."""
        self.body.append(html)

    def offer(self, title: str, stem: str, table: Callable[[], tables.Table], *, chart: Chart | None = None) -> None:
        """Offer a table as CSV and as a workbook, and ``chart`` as PNG; the links say ``title``.

        ``table`` makes the tidy, typed table (:class:`segstats.reports.tables.Table`, its filter in
        words as ``selection``) only when the reader asks for a file. The workbook's first sheet
        says what the table is, its filter, sources and columns, and when and by what it was made.
        Each file is named ``<stem>-<lang>``: the view, what was chosen, and the language.
        """
        made = functools.cache(table)
        stem, lang = f"{file_stem(stem)}-{self.lang}", self.lang
        about = tables.About(self.heading, lang)
        self.files += [
            Download(f"{stem}.csv", say("explore.download_csv", lang, table=title), lambda: tables.csv_bytes(made())),
            Download(
                f"{stem}.xlsx",
                say("explore.download_xlsx", lang, table=title),
                lambda: tables.workbook_bytes([made()], about),
            ),
        ]
        if chart is not None:
            label = say("explore.download_png", lang, table=title)
            self.files.append(Download(f"{stem}.png", label, lambda: chart.png, chart=chart.css))

    def html(self) -> str:
        """The whole page: heading, summary, notes, body and downloads."""
        view = self.view
        parts = [
            f'<h2 class="ss-{view}-heading">{escape(self.heading)}</h2>',
            f'<div class="ss-{view}-summary">{markdown(self.summary)}</div>',
            f'<div class="ss-{view}-notes ss-note">{markdown(self.notes)}</div>' if self.notes else "",
            f'<div class="ss-{view}-body">{"".join(self.body)}</div>',
        ]
        if self.files:
            links = "".join(f"<li>{f.link()}</li>" for f in self.files)
            title = escape(say("explore.downloads", self.lang))
            parts.append(f'<section class="ss-{view}-downloads"><h3>{title}</h3><ul>{links}</ul></section>')
        return "".join(parts)


def markdown(sentences: Iterable[str], css: str = "") -> str:
    """Sentences with **bold**, *italic* and `code` as HTML paragraphs; everything else escaped."""
    paragraphs = [
        re.sub(
            r"`(.+?)`", r"<code>\1</code>", _emphasis(re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(s, quote=False)))
        )
        for s in sentences
    ]
    mark = f' class="{css}"' if css else ""
    return "".join(f"<p{mark}>{p}</p>" for p in paragraphs)


def _emphasis(text: str) -> str:
    """*Italic* as HTML; a lone asterisk (the flag's mark, followed by a space) stays as it is."""
    return re.sub(r"(?<!\*)\*(?=\S)(.+?)(?<=\S)\*(?!\*)", r"<i>\1</i>", text)


def plain(sentence: str) -> str:
    """A sentence without its Markdown marks (for an alt text)."""
    return re.sub(r"\*\*(.+?)\*\*", r"\1", sentence)


def file_stem(name: str) -> str:
    """A file name a reader recognises, without spaces or letters some systems mangle: "indicator-lag_ekstd-ryd".

    >>> file_stem("district Skäggetorp 2021 measures")
    'district-skaggetorp-2021-measures'
    """
    return "-".join(re.sub(r"[^a-z0-9_]+", " ", fold(name)).split())[:100].rstrip("-_")  # no "…-.csv"


def export(
    data: pd.DataFrame,
    title: str,
    *,
    sheet: str,
    lang: str,
    selection: str,
    catalogue: pd.DataFrame | None = None,
    sources: Iterable[object] = (),
) -> tables.Table:
    """A download's table: ``data`` tidy under the column keys of :mod:`segstats.reports.tidy`, its filter in words.

    Args:
        sheet: the workbook sheet's short name (``explore.sheet_…``).
    """
    return tables.Table(
        file_stem(title),
        title,
        data,
        tidy.describe(data, lang, catalogue),
        sheet=sheet,
        selection=selection,
        sources=tuple(sorted({str(s) for s in sources})),
    )


def selection(chosen: Iterable[tuple[str, Sequence[str]]], lang: str) -> str:
    """What a download was filtered by, in words: "Stadsdelar: Berga, Ryd; År: 2015–2024" (an empty filter is all).

    Args:
        chosen: per control, its label and the chosen options' labels.
    """
    said = [say("explore.selection_item", lang, control=c, chosen=", ".join(v)) for c, v in chosen if v]
    return "; ".join(said) or say("explore.selection_all", lang)


def figure(height: float) -> Figure:
    """An empty chart of the page's width."""
    return Figure(figsize=(WIDTH, height), dpi=DPI)


def png_bytes(chart: Figure) -> bytes:
    """``chart`` as PNG at :data:`DPI` (the resolution is written into the file), drawn once."""
    canvas = FigureCanvasAgg(chart)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, format="png", dpi=(DPI, DPI), compress_level=1)  # fast; the file stays small anyway
    return out.getvalue()


def status_chart(counts: pd.DataFrame, *, what: str, lang: str) -> Chart:
    """Measures per development area by status (``counts``: index area numbers, a column per status)."""
    names = {a: labels.area(a, lang) for a in counts.index}
    height = 0.9 + 0.36 * len(counts)
    chart = figure(height)
    with plots.style():
        ax = chart.add_subplot()
        chart.subplots_adjust(left=0.36, right=0.97, top=1 - 0.45 / height, bottom=0.5 / height)
        plots.status_bars(counts.rename(index=names), lang=lang, wrap=55, ax=ax)
        png = png_bytes(chart)
    return Chart(png, labels.status_alt(counts, what=what, names=names, lang=lang), "ss-status-chart")


def source_line(chart: Figure, sources: Iterable[str], lang: str) -> None:
    """Write the chart's sources at its foot."""
    text = say("explore.chart_source", lang, sources=", ".join(sorted({str(s) for s in sources})))
    chart.text(0.01, 0.015, text, fontsize=7, color="#444444")


def table(
    df: pd.DataFrame,
    caption: str,
    *,
    decimals: int = 1,
    unit: str | None = None,
    own: Sequence[bool] = (),
    flagged: Collection[tuple[int, str]] = (),
    lang: str = "sv",
) -> str:
    """A table as the reports show one (:func:`segstats.reports.show.table_html`), its float columns in ``unit``.

    Args:
        df: headers as the reader should see them.
        caption: the table's title.
        decimals, unit: how the float columns are written (:func:`segstats.reports.fmt.value`).
        own: per row, whether it is the district's own (set off among its peers).
        flagged: cells (row number, column) whose value is marked :data:`FLAG` (outside the plausible range).
        lang: ``sv`` or ``en``.
    """
    floats = [c for c in df if pd.api.types.is_float_dtype(df[c])]
    formats = {c: (lambda v: fmt.value(v, unit, decimals, lang)) for c in floats}
    return table_html(
        df,
        caption=caption,
        formats=formats,
        lang=lang,
        css="ss-table",
        row_css=["ss-own" if o else "" for o in own],
        marked=flagged,
        mark=FLAG,
    )
