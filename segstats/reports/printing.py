"""A report's executed notebook printed: HTML for print with the project's template, then a tagged PDF by WeasyPrint."""

from __future__ import annotations

import contextlib
import datetime
import logging
import multiprocessing
import os
import queue
import signal
import threading
import traceback
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
    Printed in this process, one PDF at a time; a report run prints in :class:`Printers`.

    Args:
        transaction: stage the PDF in it, to replace ``path`` with the report's other files;
            default: replace ``path`` as soon as it is printed.

    Raises:
        ReportError: the HTML asks for something from outside, or the PDF would not be accessible.
    """
    with _PRINTING, within(transaction) as staging:  # one at a time: Pango is not thread-safe
        _print(html, staging.stage(path), path.name)
    return path


def _print(html: str, target: Path, name: str) -> None:
    """Print ``html`` into the file ``target``; errors name the PDF ``name``."""
    import weasyprint  # imported when first needed, so that its loading overlaps the kernels' work

    problems = _Collect(logging.ERROR)
    fetcher = _own_assets()
    printer = logging.getLogger("weasyprint")
    with _languages_tagged():
        printer.addFilter(problems)
        try:
            weasyprint.HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher).write_pdf(
                target, pdf_variant=PDF_VARIANT
            )
        finally:
            printer.removeFilter(problems)
    if fetcher.refused:
        raise ReportError("messages.pdf_asks", name=name, url=fetcher.refused[0][:120])
    # WeasyPrint only logs what breaks PDF/UA (no document language, an image without alt text).
    if problems.messages:
        shown = "; ".join(one_line(m)[:160] for m in problems.messages[:3])
        raise ReportError("messages.pdf_not_accessible", name=name, shown=shown)


class Printers:
    """Processes of their own that print a run's PDFs side by side (:func:`print_pdf` in each).

    WeasyPrint prints one document at a time in a process (Pango is not thread-safe) and holds
    Python's lock while it lays pages out: printed in the run's own process, the last reports of
    a run waited for each other, and the notebooks' messages for them (``bench/report_bench.py``).
    Each printer is forked before the run starts a thread (forking a process with threads is
    unsafe) and loads WeasyPrint while the kernels start. It leads a process group of its own, so
    that a stop ends it as it ends a kernel (:attr:`pids`); it ignores Ctrl-C, which the run
    handles, and ends when its pipe to the run closes, however the run ends. Where processes
    cannot be forked, or this process already runs threads, the PDFs are printed in this process.
    """

    def __init__(self, processes: int):
        self._idle: queue.SimpleQueue[_Printer] = queue.SimpleQueue()
        self._printers: list[_Printer] = []
        if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
            for _ in range(processes):
                printer = _Printer(context, others=[p.connection for p in self._printers])
                self._printers.append(printer)
                self._idle.put(printer)

    @property
    def pids(self) -> list[int]:
        """The printers' process ids, each also the id of its process group."""
        return [p.pid for p in self._printers]

    def print_pdf(self, html: str, path: Path, *, transaction: Transaction | None = None) -> Path:
        """:func:`print_pdf` in the first printer free; in this process if that printer has died."""
        if not self._printers:
            return print_pdf(html, path, transaction=transaction)
        printer = self._idle.get()
        try:
            if not printer.alive:  # killed (out of memory, say) after a report it failed: not the others
                return print_pdf(html, path, transaction=transaction)
            with within(transaction) as staging:
                printer.print(html, staging.stage(path), path.name)
        finally:
            self._idle.put(printer)
        return path

    def __enter__(self) -> Printers:
        return self

    def __exit__(self, *exc) -> None:
        for printer in self._printers:
            printer.close()


class _Printer:
    """One printing process, and the run's end of the pipe to it."""

    def __init__(self, context, *, others: list):
        self.connection, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, [self.connection, *others]), daemon=True)
        process.start()
        with contextlib.suppress(OSError):  # set by the printer too; by both, it holds before either goes on
            os.setpgid(process.pid, process.pid)
        theirs.close()
        self._process = process
        self._gone = False
        self.pid: int = process.pid

    @property
    def alive(self) -> bool:
        return not self._gone and self._process.is_alive()

    def print(self, html: str, target: Path, name: str) -> None:
        try:
            self.connection.send((html, str(target), name))
            outcome, value = self.connection.recv()
        except (EOFError, BrokenPipeError):  # the printer was stopped (the run then says so) or died
            self._gone = True
            raise ReportError("messages.printer_gone", name=name) from None
        if outcome == "said":
            raise ReportError(value)
        if outcome == "oserror":  # a full disk, a folder turned read-only
            raise value
        if outcome == "bug":
            raise RuntimeError(f"printing {name} failed in the printer:\n{value}")

    def close(self) -> None:
        self.connection.close()  # the printer sees the end of its pipe and ends
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _serve(connection, runs_ends: list) -> None:
    """A printer's life: print each (html, file, name) the run sends, answer how it went; end with the pipe."""
    for end in runs_ends:  # the run's ends, copied by the fork: only the run may hold them open
        end.close()
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import weasyprint  # noqa: F401 - loaded while the kernels start, not when the first report is done

    while True:
        try:
            html, target, name = connection.recv()
        except EOFError:
            return
        try:
            _print(html, Path(target), name)
            connection.send(("done", None))
        except ReportError as exc:
            connection.send(("said", exc.said))
        except OSError as exc:
            connection.send(("oserror", exc))
        except Exception:
            connection.send(("bug", traceback.format_exc()))


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
