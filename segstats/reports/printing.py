"""A report's executed notebook printed: HTML for print with the project's template, then a tagged PDF by WeasyPrint."""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from segstats.errors import SegstatsError
from segstats.io import Transaction, within
from segstats.reports import words
from segstats.reports.show import TITLE_MIME

PDF_VARIANT = "pdf/ua-1"  # tagged, for screen readers: EN 301 549 / WCAG 2.1 for published reports
TEMPLATES = Path(__file__).parent / "templates"
_PRINTING = threading.Lock()


class ReportError(SegstatsError):
    """A report notebook could not be run or printed; the previous PDF is left as it was."""


def print_pdf(html: str, path: Path, *, transaction: Transaction | None = None) -> Path:
    """Print report HTML to a tagged PDF (PDF/UA-1) at ``path``, replacing it only when complete.

    The PDF carries the document's language and title, and a structure tree with its headings,
    table headers and every figure's alt text, so that a screen reader can read it; an element
    in another language than the document's (``lang="sv"`` in an English report) says so.

    Args:
        transaction: stage the PDF in it, to replace ``path`` with the report's other files;
            default: replace ``path`` as soon as it is printed.
    """
    import weasyprint  # imported when first needed, so that its loading overlaps the kernels' work

    problems = _Collect(logging.ERROR)
    fetcher = _own_assets()
    printer = logging.getLogger("weasyprint")
    with _PRINTING, _languages_tagged(), within(transaction) as staging:  # one at a time: Pango is not thread-safe
        printer.addFilter(problems)
        try:
            weasyprint.HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher).write_pdf(
                staging.stage(path), pdf_variant=PDF_VARIANT
            )
        finally:
            printer.removeFilter(problems)
        if fetcher.refused:
            raise ReportError("messages.pdf_asks", name=path.name, url=fetcher.refused[0][:120])
        # WeasyPrint only logs what breaks PDF/UA (no document language, an image without alt text).
        if problems.messages:
            shown = "; ".join(one_line(m)[:160] for m in problems.messages[:3])
            raise ReportError("messages.pdf_not_accessible", name=path.name, shown=shown)
    return path


@contextmanager
def _languages_tagged() -> Iterator[None]:
    """While printing, each structure element of an HTML element with its own ``lang`` carries it (``/Lang``).

    WeasyPrint (70) puts the document's language in the PDF's catalogue only, so a screen reader
    would read the Swedish titles and comments of an English report with English rules. Its tag
    tree is built by one recursive function of ``weasyprint.pdf.tags``; it is wrapped here for the
    print only (printing holds ``_PRINTING``, so no other print sees it).
    """
    import pydyf  # WeasyPrint's own PDF writer, installed with it
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def with_language(box, parent, pdf, *rest):
        for element in build(box, parent, pdf, *rest):
            lang = box.element.get("lang") if box.element is not None else None
            if lang and box.element_tag not in ("html", "body") and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = with_language
    try:
        yield
    finally:
        tags._build_box_tree = build


def _own_assets():
    """A fetcher for the PDF printer that loads only the report's own embedded charts (``data:``).

    WeasyPrint would otherwise fetch every address it meets (``file:``, ``http:``) and embed the
    targets of ``rel="attachment"`` links. What it asked for and was refused is in ``refused``.
    """
    from weasyprint.urls import URLFetcher

    class OwnAssets(URLFetcher):
        refused: list[str] = []

        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                self.refused.append(url)
                raise ValueError(f"a report loads nothing from outside: {url[:120]}")
            return super().fetch(url, headers)

    fetcher = OwnAssets(allowed_protocols={"data"})
    fetcher.refused = []
    return fetcher


class _Collect(logging.Filter):
    """Keeps the messages of the records at ``level`` or above, instead of letting them be logged.

    WeasyPrint's own message holds the image's whole data URI; the error says it in one line.
    """

    def __init__(self, level: int):
        super().__init__()
        self.level = level
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= self.level:
            self.messages.append(record.getMessage())
            return False
        return True


def to_html(nb, *, year: int, lang: str, title: str, sources: Sequence[str]) -> str:
    """The executed notebook as one HTML page for print: no code, a title page, A4 page numbers."""
    from nbconvert import HTMLExporter  # imported when first needed, like WeasyPrint

    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    fixed = {name: words.text(f"title_page.{name}", lang) for name in words.catalogue("title_page")}
    resources = {
        "segstats": {
            **fixed,
            "page_word_css": css_string(fixed["page_word"]),
            "of_word_css": css_string(fixed["of_word"]),
            "footer": css_string(f"{title} – {year}"),
            "lang": lang,
            "year": year,
            "title": title,
            "sources": list(sources),
            "run_date": datetime.date.today().isoformat(),
            "title_mime": TITLE_MIME,
        }
    }
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    return html


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, for the page footer: quotes, backslashes and ``<`` escaped.

    >>> css_string('Rapport "x" </style>')
    '"Rapport \\\\22 x\\\\22  \\\\3C /style>"'
    """
    escaped = "".join(f"\\{ord(c):X} " if c in '"\\<\n\r' else c for c in text)
    return f'"{escaped}"'


def one_line(text: str) -> str:
    """``text`` on one line, at most 300 characters: for a message of one line."""
    return " ".join(str(text).split())[:300]
