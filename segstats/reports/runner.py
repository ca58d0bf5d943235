"""``segstats report``: run each report notebook with papermill, export its tables, print it to PDF."""

from __future__ import annotations

import datetime
import logging
import os
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import papermill
from papermill.exceptions import PapermillExecutionError
from tqdm import tqdm
from traitlets.config import Config

from segstats import paths
from segstats.errors import SegstatsError
from segstats.io import replacing
from segstats.measures.analysis import followup_year
from segstats.measures.store import load_measures
from segstats.reports import tables, words
from segstats.reports.fmt import check_lang
from segstats.reports.show import TABLE_MIME, TITLE_MIME
from segstats.schema import FIRST_PLAN_YEAR

log = logging.getLogger(__name__)

# The report notebooks, in the order they are run: notebooks/<name>.py, jupytext percent format.
REPORTS = ("status", "indicators", "comparison")
# Installed into the project environment by dev.py; always passed, never guessed from metadata.
# What the command passes to every notebook; each notebook declares exactly these.
PARAMETERS = ("year", "baseline_year", "lang", "data_dir")
EXECUTION_TIMEOUT = 600  # seconds one cell may run before the report fails
START_TIMEOUT = 120  # seconds the kernel may take to start
TEMPLATES = Path(__file__).parent / "templates"
# Tags papermill gives the cells it adds; they are not the notebook's own when counting cells.
_PAPERMILL_TAGS = {"injected-parameters", "papermill-error-cell-tag"}
# IPython's traceback names the failing line of a cell as "Cell In[7], line 12", in colour.
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PRINTING = threading.Lock()


class ReportError(SegstatsError):
    """A report notebook could not be run or printed; the previous PDF is left as it was."""


@dataclass(frozen=True)
class Run:
    """What one ``segstats report`` run makes: which reports, for which years, in which language, where."""

    years: tuple[int, ...]
    reports: tuple[str, ...] = REPORTS
    lang: str = "sv"
    out_dir: Path = paths.REPORTS_DIR
    data_dir: Path = paths.DATA_DIR
    baseline_year: int = FIRST_PLAN_YEAR

    def parameters(self, year: int) -> dict:
        """The notebook parameters for ``year``: scalars only, paths absolute."""
        return {
            "year": year,
            "baseline_year": self.baseline_year,
            "lang": self.lang,
            "data_dir": str(Path(self.data_dir).resolve()),
        }


def followup_years(data_dir: Path | str | None = None) -> list[int]:
    """The years that have a follow-up in ``data/processed/measures.csv``."""
    return sorted(int(y) for y in load_measures(data_dir)["year"].unique())


def read_notebook(name: str):
    """The report notebook ``notebooks/<name>.py`` as a notebook object."""
    if name not in REPORTS:
        raise ReportError(f"report must be one of {', '.join(REPORTS)}, but {name!r} was passed")
    path = paths.NOTEBOOKS_DIR / f"{name}.py"
    if not path.exists():
        raise ReportError(f"report {name}: the notebook {path} does not exist")
    return jupytext.read(path)


def declared_parameters(nb, name: str) -> list[str]:
    """The names the notebook's one ``parameters`` cell assigns; no such cell, or two, is an error."""
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ReportError(
            f"report {name}: the notebook must have exactly one cell tagged 'parameters', not {len(tagged)}"
        )
    return list(papermill.inspect_notebook(nb))


def check_parameters(nb, name: str, parameters: dict) -> None:
    """Refuse to run a notebook that does not declare a parameter it would be passed (papermill only warns)."""
    unknown = sorted(set(parameters) - set(declared_parameters(nb, name)))
    if unknown:
        raise ReportError(
            f"report {name}: the notebook's parameters cell does not declare {', '.join(unknown)}; "
            f"it must declare {', '.join(PARAMETERS)}"
        )


def run(job: Run) -> list[Path]:
    """Make every report of ``job``: the PDFs, the executed notebooks and the tables.

    The notebooks of a run execute side by side (each in its own kernel); a failed report keeps
    its previous PDF and the others are still made. Progress is a bar on a terminal and one log
    line per step otherwise.

    Returns:
        The PDFs written.

    Raises:
        SegstatsError: a year without a follow-up (before anything runs), or a report that failed,
            naming the report and the failing cell.
    """
    check_lang(job.lang)
    measures = load_measures(job.data_dir)
    for year in job.years:
        followup_year(measures, year)
    notebooks = {name: read_notebook(name) for name in job.reports}
    for name, nb in notebooks.items():
        check_parameters(nb, name, job.parameters(job.years[0]))
    todo = [(year, name) for year in job.years for name in job.reports]
    steps = _Steps(total=len(todo) * 3)
    with steps, ThreadPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
        futures = [pool.submit(_make, notebooks[name], name, year, job, steps) for year, name in todo]
    errors = [e for f in futures if (e := f.exception()) is not None]
    for error in errors:
        if not isinstance(error, SegstatsError):
            raise error  # a bug, not a report that failed: with its traceback
    written = [f.result() for f in futures if f.exception() is None]
    for pdf in written:  # after the progress bar, which a log line would break
        log.info("wrote %s", pdf)
    failures = [str(e) for e in errors]
    if failures:
        raise ReportError(
            failures[0] if len(failures) == 1 else f"{len(failures)} reports failed: " + "; ".join(failures)
        )
    return written


def _make(nb, name: str, year: int, job: Run, steps: _Steps) -> Path:
    year_dir = Path(job.out_dir) / str(year)
    failed = year_dir / f"{name}_FAILED.ipynb"
    pdf = year_dir / f"{name}.pdf"
    # papermill saves the notebook as it runs; it becomes <name>.ipynb once the PDF is printed.
    with replacing(year_dir / f"{name}.ipynb") as running:
        try:
            with steps(f"{year} {name}: running the notebook"):
                executed = execute(nb, name, job.parameters(year), running)
            with steps(f"{year} {name}: exporting the tables"):
                title = _title(executed, name)
                _check_charts(executed, name)
                _write_tables(executed, year_dir / "tables", name)
            with steps(f"{year} {name}: printing the PDF"):
                html = to_html(executed, year=year, lang=job.lang, title=title["title"], sources=title["sources"])
                print_pdf(html, pdf)
        except BaseException:
            if running.stat().st_size:  # whatever ran is kept; the previous PDF and notebook stay
                os.replace(running, failed)
            raise
    failed.unlink(missing_ok=True)
    return pdf


def execute(nb, name: str, parameters: dict, output: Path):
    """Run a report notebook on the project's kernel; the executed notebook is saved to ``output`` as it runs.

    Raises:
        ReportError: naming the report, the failing cell and line, and where the notebook is kept.
    """
    kept = output.parent / f"{name}_FAILED.ipynb"
    try:
        return papermill.execute_notebook(
            nb,
            str(output),
            parameters=parameters,
            kernel_name=paths.KERNEL,
            execution_timeout=EXECUTION_TIMEOUT,
            start_timeout=START_TIMEOUT,
            progress_bar=False,
            # Local sockets: nothing listens on the network, and ipykernel has no plain-TCP warning to print.
            config=Config({"KernelManager": {"transport": "ipc", "ip": str(output.parent / f".{name}.kernel")}}),
            # A kernel stopped after a timeout logs the sockets closing under it; the failing cell is
            # what the user needs, and the command says it in one line.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {_one_line(exc.evalue)}"
    except Exception as exc:  # the kernel did not start or died, or a cell ran out of time
        error = f"{type(exc).__name__}: {_one_line(str(exc)) or 'no message'}"
    kept_as = f"; the executed notebook is kept as {kept}" if output.stat().st_size else ""
    raise ReportError(f"report {name} failed{_failing_cell(output)}: {error}{kept_as}")


def print_pdf(html: str, path: Path) -> Path:
    """Print report HTML to a PDF at ``path``, replacing it only when complete."""
    import weasyprint  # imported when first needed, so that its loading overlaps the kernels' work

    with _PRINTING, replacing(path) as tmp:  # one at a time: Pango is not safe across threads
        weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(tmp)
    return path


def _write_tables(executed, directory: Path, name: str) -> None:
    """Every table the notebook showed, as CSV and XLSX; tables it no longer shows are removed."""
    written = {
        path
        for payload in _outputs(executed, TABLE_MIME)
        for path in tables.write_table(
            pd.DataFrame(payload["data"], columns=payload["columns"]), directory, f"{name}-{payload['name']}"
        )
    }
    for stale in (set(directory.glob(f"{name}-*.csv")) | set(directory.glob(f"{name}-*.xlsx"))) - written:
        stale.unlink()


def _failing_cell(path: Path) -> str:
    """Where a run stopped, as " in cell N, line L ('that line')", counted as in the notebook file."""
    try:
        cells = _own_cells(nbformat.read(path, as_version=4))
    except Exception:  # nothing was saved: the kernel never started
        return ""
    started = [
        (number, cell)
        for number, cell in enumerate(cells, start=1)
        if cell.cell_type == "code" and cell.metadata.get("papermill", {}).get("start_time")
    ]
    failed = [
        (number, cell)
        for number, cell in started
        if cell.metadata["papermill"].get("exception") or any(o.output_type == "error" for o in cell.outputs)
    ]
    if not (failed or started):
        return ""
    number, cell = (failed or started)[-1]
    lines = cell.source.splitlines()
    traceback = _ANSI.sub("", "\n".join(t for o in cell.outputs if o.output_type == "error" for t in o.traceback))
    found = _CELL_LINE.search(traceback)
    if found and 0 < int(found.group(1)) <= len(lines):
        return f" in cell {number}, line {found.group(1)} ({lines[int(found.group(1)) - 1].strip()[:60]!r})"
    first_line = next((line.strip() for line in lines if line.strip()), "")
    return f" in cell {number} ({first_line[:60]!r})"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


def _outputs(nb, mime: str) -> list:
    return [o["data"][mime] for c in nb.cells for o in c.get("outputs", []) if mime in o.get("data", {})]


def _own_cells(nb) -> list:
    return [c for c in nb.cells if not _PAPERMILL_TAGS & set(c.metadata.get("tags", []))]


def _title(nb, name: str) -> dict:
    """The title page the notebook declared with Show.title_page()."""
    titles = _outputs(nb, TITLE_MIME)
    if len(titles) != 1:
        raise ReportError(f"report {name}: the notebook must call Show.title_page() once, not {len(titles)} times")
    return titles[0]


def _check_charts(nb, name: str) -> None:
    """Every chart must have come through Show.figure(), which gives it alt text and a source line."""
    bare = [
        number
        for number, cell in enumerate(_own_cells(nb), start=1)
        for output in cell.get("outputs", [])
        if any(mime.startswith("image/") for mime in output.get("data", {}))
    ]
    if bare:
        raise ReportError(f"report {name}: cell {bare[0]} shows a chart without alt text and source; use Show.figure()")


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
    resources = {
        "segstats": {
            **{name: words.text(f"title_page.{name}", lang) for name in words.catalogue("title_page")},
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


class _Steps:
    """A progress bar on a terminal; one log line per step otherwise (a bar would flood a log file)."""

    def __init__(self, total: int):
        self.bar = tqdm(total=total, unit="step") if sys.stderr.isatty() else None
        self.lock = threading.Lock()

    @contextmanager
    def __call__(self, message: str) -> Iterator[None]:
        """A step: announced as it begins, counted on the bar when it is done."""
        if self.bar is None:
            log.info("%s", message)
        else:
            with self.lock:
                self.bar.set_description(message)
        yield
        if self.bar is not None:
            with self.lock:
                self.bar.update()

    def __enter__(self) -> _Steps:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
