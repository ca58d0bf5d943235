"""``segstats report``: run each report notebook with papermill, export its tables, print it to PDF."""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from papermill.exceptions import PapermillExecutionError
from tqdm import tqdm
from traitlets.config import Config

from segstats import lock, paths
from segstats.errors import Interrupted, SegstatsError
from segstats.io import NO_ROOM, Transaction, remove_stale_temporaries, temporary_beside
from segstats.reports import tables
from segstats.reports.fmt import check_lang
from segstats.reports.load import load_report_data
from segstats.reports.printing import Printers, ReportError, one_line, to_html
from segstats.reports.show import TABLE_MIME, TITLE_MIME
from segstats.schema import FIRST_PLAN_YEAR
from segstats.words import Said, say

log = logging.getLogger(__name__)

# The report notebooks, in the order they are run: notebooks/<name>.py, jupytext percent format.
REPORTS = paths.REPORTS
# Installed into the project environment by dev.py; always passed, never guessed from metadata.
# What the command passes to every notebook; each notebook declares exactly these.
PARAMETERS = ("year", "baseline_year", "lang", "data_dir")
EXECUTION_TIMEOUT = 600  # seconds a cell may run before the report fails, unless it sets its own timeout
_RUNTIME_PREFIX = "segstats-kernels-"  # the kernels' runtime folders: segstats-kernels-<pid>-<random> in /tmp
START_TIMEOUT = 120  # seconds the kernel may take to start
# Tags papermill gives the cells it adds; they are not the notebook's own when counting cells.
_PAPERMILL_TAGS = {"injected-parameters", "papermill-error-cell-tag"}
# IPython's traceback names the failing line of a cell as "Cell In[7], line 12", in colour.
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


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
    """The years that have a follow-up in ``data/processed/measures.csv``.

    Read with everything a report needs (:func:`load_report_data`), which the run then finds in the cache.
    """
    return load_report_data(data_dir).years


def read_notebook(name: str):
    """The report notebook ``notebooks/<name>.py`` as a notebook object."""
    if name not in REPORTS:
        raise ReportError("messages.unknown_report", reports=", ".join(REPORTS), name=repr(name))
    path = paths.NOTEBOOKS_DIR / f"{name}.py"
    if not path.exists():
        raise ReportError("messages.no_notebook", name=name, path=path)
    return jupytext.read(path)


def declared_parameters(nb, name: str) -> list[str]:
    """The names the notebook's one ``parameters`` cell assigns; no such cell, or two, is an error."""
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ReportError("messages.parameters_cells", name=name, n=len(tagged))
    return list(papermill.inspect_notebook(nb))


def check_parameters(nb, name: str, parameters: dict) -> None:
    """Refuse to run a notebook that does not declare a parameter it would be passed (papermill only warns)."""
    unknown = sorted(set(parameters) - set(declared_parameters(nb, name)))
    if unknown:
        raise ReportError(
            "messages.undeclared_parameters", name=name, unknown=", ".join(unknown), parameters=", ".join(PARAMETERS)
        )


def run(job: Run) -> list[Path]:
    """Make every report of ``job``: the PDFs, the executed notebooks and the tables.

    The notebooks of a run execute side by side (each in its own kernel); a failed report keeps
    its previous PDF and the others are still made. Progress is a bar on a terminal and one log
    line per step otherwise. The run reads the data folder beside other reports and holds its
    output folder alone (:mod:`segstats.lock`). Ctrl-C or SIGTERM stops every kernel and
    leaves the previous files as they were; temporary files a killed run left are removed.

    Returns:
        The PDFs written.

    Raises:
        SegstatsError: a year without a follow-up (before anything runs), an output folder that
            cannot be written, a folder another command holds, or a report that failed, naming
            the report and the failing cell.
        Interrupted: Ctrl-C or SIGTERM.
    """
    check_lang(job.lang)
    with lock.holding(Path(job.data_dir), "report", shared=True):
        # Loaded and validated here once: the kernels find it in the cache (segstats.reports.load).
        data = load_report_data(job.data_dir)
        for year in job.years:
            data.followup(year)
        notebooks = {name: read_notebook(name) for name in job.reports}
        for name, nb in notebooks.items():
            check_parameters(nb, name, job.parameters(job.years[0]))
        year_dirs = [_writable(Path(job.out_dir) / str(year), Path(job.out_dir)) for year in job.years]
        printing = min(len(job.years) * len(job.reports), os.cpu_count() or 1)
        with (
            lock.holding(Path(job.out_dir), "report"),
            _runtime_dir() as runtime,
            Printers(printing) as printers,  # forked before the run's first thread
            _STOP.catching(),
        ):
            for year_dir in year_dirs:
                remove_stale_temporaries(year_dir)
                remove_stale_temporaries(year_dir / "tables")
            for pid in printers.pids:  # stopped with the kernels
                _STOP.started(pid)
            try:
                return _run_all(job, notebooks, runtime, printers)
            finally:
                for pid in printers.pids:
                    _STOP.ended(pid)


def _run_all(job: Run, notebooks: dict, runtime: Path, printers: Printers) -> list[Path]:
    todo = [(year, name) for year in job.years for name in job.reports]
    steps = _Steps(total=len(todo) * 3)
    # Two notebooks per core: a kernel waits on its start and on the run's messages, so more kernels
    # than cores keep the cores busy (bench/report_bench.py: 2 cores, 4 kernels and 2 printers).
    with steps, ThreadPoolExecutor(max_workers=min(len(todo), 2 * (os.cpu_count() or 1))) as pool:
        futures = [
            pool.submit(_make, notebooks[name], name, year, job, steps, runtime, printers) for year, name in todo
        ]
    if _STOP.signum is not None:
        for pdf in [f.result() for f in futures if f.exception() is None]:  # done before the stop came
            log.info(say("messages.wrote", path=pdf))
        raise Interrupted(_STOP.signum)
    errors = [e for f in futures if (e := f.exception()) is not None]
    for error in errors:
        if not isinstance(error, SegstatsError):
            raise error  # a bug, not a report that failed: with its traceback
    written = [f.result() for f in futures if f.exception() is None]
    for pdf in written:  # after the progress bar, which a log line would break
        log.info(say("messages.wrote", path=pdf))
    failures = [e.said for e in errors if isinstance(e, SegstatsError)]
    if len(failures) == 1:
        raise ReportError(failures[0])
    if failures:
        raise ReportError("messages.reports_failed", n=len(failures), failures=failures)
    return written


def _writable(folder: Path, out: Path) -> Path:
    """``folder`` made if missing, and checked to take new files; else one error naming --out."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary_beside(folder / "probe").unlink()
    except (FileExistsError, NotADirectoryError):
        file = next(p for p in (folder, *folder.parents) if p.exists())
        raise ReportError("messages.out_is_a_file", out=out, file=file) from None
    except OSError as exc:
        raise ReportError("messages.out_not_writable", out=out, folder=folder, reason=exc.strerror) from None
    return folder


def file_stem(name: str, year: int, lang: str) -> str:
    """What a report's files are named: report, year and language, so that a PDF mailed on its own says what it is.

    >>> file_stem("status", 2021, "en")
    'status-2021-en'
    """
    return f"{name}-{year}-{lang}"


def _make(nb, name: str, year: int, job: Run, steps: _Steps, runtime: Path, printers: Printers) -> Path:
    year_dir = Path(job.out_dir) / str(year)
    stem = file_stem(name, year, job.lang)
    failed = year_dir / f"{stem}_FAILED.ipynb"
    pdf = year_dir / f"{stem}.pdf"
    # The notebook, the tables and the PDF are staged, and replace the previous ones together
    # once the PDF is printed, or not at all. papermill saves the notebook as it runs.
    transaction, running = Transaction(), None
    try:
        running = transaction.stage(year_dir / f"{stem}.ipynb")
        with steps(say("messages.step_running", year=year, name=name)):
            executed = execute(nb, name, job.parameters(year), running, kept=failed, runtime=runtime / f"{year}-{name}")
        with steps(say("messages.step_tables", year=year, name=name)):
            title = _title(executed, name)
            _check_charts(executed, name)
            about = tables.About(title["title"], job.lang, tuple(title["sources"]))
            _stage_tables(executed, year_dir / "tables", name, stem, about, transaction)
        with steps(say("messages.step_printing", year=year, name=name)):
            html = to_html(executed, year=year, lang=job.lang, title=title["title"], sources=title["sources"])
            printers.print_pdf(html, pdf, transaction=transaction)
        transaction.remove(failed)
        _STOP.check()  # a stop that came while the PDF was printed keeps the previous files
        transaction.commit()  # in a worker thread: a signal, handled in the main thread, cannot split it
    except BaseException as exc:
        if _STOP.signum is not None:  # stopped, not failed: nothing of this run is kept
            transaction.discard()
            raise Interrupted(_STOP.signum) from None
        # What ran is kept as _FAILED (unless it only could not be written); the previous files stay.
        if running is not None and not isinstance(exc, OSError) and _is_notebook(running):
            os.replace(running, failed)
        transaction.discard()
        if isinstance(exc, OSError):  # a full disk, a folder that turned read-only
            where = exc.filename or year_dir
            raise ReportError("messages.report_cannot_write", name=name, path=where, reason=exc.strerror) from None
        raise
    return pdf


def _is_notebook(path: Path) -> bool:
    """Whether ``path`` holds a whole notebook (not nothing, nor one cut short by a full disk)."""
    try:
        nbformat.read(path, as_version=4)
    except Exception:
        return False
    return True


def cell_timeout(cell) -> int:
    """Seconds a cell may run: its own ``timeout`` (metadata; jupytext ``# %% timeout=5``), else the default."""
    return int(cell.get("metadata", {}).get("timeout", EXECUTION_TIMEOUT))


def execute(nb, name: str, parameters: dict, output: Path, *, kept: Path, runtime: Path | None = None):
    """Run a report notebook on the project's kernel; the executed notebook is saved to ``output`` as it runs.

    Args:
        kept: where the executed notebook is kept when the run fails (the error names it).
        runtime: where the kernel's connection file and sockets go (a short path: a socket's
            path holds about 100 bytes); default: a folder of this call's own.

    Raises:
        ReportError: naming the report, the failing cell and line, and where the notebook is kept.
    """
    if runtime is None:
        with _runtime_dir() as folder:
            return execute(nb, name, parameters, output, kept=kept, runtime=folder / name)
    try:
        return papermill.execute_notebook(
            nb,
            str(output),
            parameters=parameters,
            kernel_name=paths.KERNEL,
            execution_timeout=EXECUTION_TIMEOUT,
            start_timeout=START_TIMEOUT,
            progress_bar=False,
            # nbclient asks this for each cell's time limit, so that one slow cell has its own.
            timeout_func=cell_timeout,
            kernel_manager_class=_KernelManager,
            # Local sockets in the run's own runtime folder: nothing listens on the network,
            # ipykernel has no plain-TCP warning to print, and runs into other folders never meet.
            config=Config(
                {"KernelManager": {"transport": "ipc", "ip": str(runtime), "connection_file": f"{runtime}.json"}}
            ),
            # A kernel stopped after a timeout logs the sockets closing under it; the failing cell is
            # what the user needs, and the command says it in one line.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {one_line(exc.evalue)}"
    except Exception as exc:  # the kernel did not start or died, a cell ran out of time, or a full disk
        if isinstance(exc, OSError) and exc.errno in NO_ROOM:
            raise ReportError(
                "messages.report_cannot_write", name=name, path=output.parent, reason=exc.strerror
            ) from None
        error = _error_line(exc)
    kept_as = say("messages.kept_as", path=kept) if _is_notebook(output) else ""
    raise ReportError("messages.report_failed", name=name, where=_failing_cell(output), error=error, kept=kept_as)


def _error_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {one_line(str(exc)) or '–'}"


@contextmanager
def _runtime_dir() -> Iterator[Path]:
    """A private folder with a short path for the kernels' connection files; removed afterwards.

    Folders that runs killed before they could remove theirs (named after their process id)
    are removed first.
    """
    try:
        base = Path(tempfile.gettempdir())
        if len(str(base)) > 40 and Path("/tmp").is_dir():  # a long TMPDIR would make socket paths too long
            base = Path("/tmp")
        for stale in base.glob(f"{_RUNTIME_PREFIX}*"):
            pid = stale.name.removeprefix(_RUNTIME_PREFIX).split("-")[0]
            if stale.is_dir() and pid.isdigit() and not lock.alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix=f"{_RUNTIME_PREFIX}{os.getpid()}-", dir=base))
    except OSError as exc:  # no temporary folder that this user can write (TMPDIR, /tmp, /var/tmp, …)
        raise ReportError("messages.no_temporary_folder", reason=exc.strerror or str(exc)) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _KernelManager(AsyncKernelManager):
    """The kernel manager of report kernels: each kernel is known to :data:`_STOP` while it runs."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        await super()._async_launch_kernel(kernel_cmd, **kw)
        _STOP.started(self._pgid())

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        if self.provisioner is not None:
            _STOP.ended(self._pgid())
        await super()._async_cleanup_resources(restart=restart)

    def _pgid(self) -> int:
        # The local provisioner (the only one a report kernel uses) starts the kernel in a
        # process group of its own and knows its id; the base class does not declare it.
        return self.provisioner.pgid  # type: ignore[union-attr]


class _Stop:
    """Ctrl-C and SIGTERM during a run: remembered, and every kernel of the run is stopped at once.

    The workers then fail fast (their kernels are gone) and, seeing the signal, keep nothing.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self._kernels: set[int] = set()
        self._lock = threading.Lock()

    @contextmanager
    def catching(self) -> Iterator[None]:
        """Catch SIGINT and SIGTERM for the block (in the main thread only; elsewhere they stay as they are)."""
        self.signum = None
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        # A signal the run was started to ignore (SIGINT of a background job) stays ignored.
        previous = {
            s: signal.signal(s, self._stop)
            for s in (signal.SIGINT, signal.SIGTERM)
            if signal.getsignal(s) != signal.SIG_IGN
        }
        # Once stopped, the kernels' deaths are expected: nbclient's word on each is noise.
        quiet = logging.getLogger("papermill")
        quiet.addFilter(self._after_stop)
        try:
            yield
        finally:
            quiet.removeFilter(self._after_stop)
            for s, handler in previous.items():
                signal.signal(s, handler)

    def _after_stop(self, record: logging.LogRecord) -> bool:
        return self.signum is None

    def _stop(self, signum: int, frame) -> None:
        if self.signum is None:
            log.warning(say("messages.stopping", signal=signal.Signals(signum).name))
        self.signum = signum
        with self._lock:
            kernels = list(self._kernels)
        for pgid in kernels:
            _kill(pgid)

    def started(self, pgid: int | None) -> None:
        """A kernel began (its process group); stopped at once if the run already is."""
        if pgid is None:
            return
        with self._lock:
            self._kernels.add(pgid)
        if self.signum is not None:
            _kill(pgid)

    def ended(self, pgid: int | None) -> None:
        with self._lock:
            self._kernels.discard(pgid)

    def check(self) -> None:
        """Raise :class:`Interrupted` if the run was stopped."""
        if self.signum is not None:
            raise Interrupted(self.signum)


def _kill(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGTERM)
    except OSError:  # already gone
        pass


_STOP = _Stop()


def _stage_tables(
    executed, directory: Path, name: str, stem: str, about: tables.About, transaction: Transaction
) -> None:
    """Every table the notebook showed, as ``<stem>-<table>.csv`` and together in ``<stem>.xlsx``, staged.

    The files of tables it no longer shows are to be removed, and so are the report's files of the
    layout before file names carried year and language (``<report>-<table>.csv``, ``.xlsx``); the
    other years' and languages' files stay.
    """
    shown = [tables.Table.from_payload(payload) for payload in _outputs(executed, TABLE_MIME)]
    written = set(tables.write_report_tables(shown, directory, stem, about, transaction=transaction))
    this_run = set(directory.glob(f"{stem}-*.csv")) | set(directory.glob(f"{stem}.xlsx"))
    current = re.compile(rf"{re.escape(name)}-\d{{4}}-[a-z]{{2}}[-.].*")
    older = {p for p in directory.glob(f"{name}-*") if p.suffix in (".csv", ".xlsx") and not current.fullmatch(p.name)}
    for stale in (this_run | older) - written:
        transaction.remove(stale)


def _failing_cell(path: Path) -> Said | str:
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
        shown = repr(lines[int(found.group(1)) - 1].strip()[:60])
        return say("messages.in_cell_line", cell=number, line=int(found.group(1)), shown=shown)
    first_line = next((line.strip() for line in lines if line.strip()), "")
    return say("messages.in_cell", cell=number, shown=repr(first_line[:60]))


def _outputs(nb, mime: str) -> list:
    return [o["data"][mime] for c in nb.cells for o in c.get("outputs", []) if mime in o.get("data", {})]


def _own_cells(nb) -> list:
    return [c for c in nb.cells if not _PAPERMILL_TAGS & set(c.metadata.get("tags", []))]


def _title(nb, name: str) -> dict:
    """The title page the notebook declared with Show.title_page()."""
    titles = _outputs(nb, TITLE_MIME)
    if len(titles) != 1:
        raise ReportError("messages.title_pages", name=name, n=len(titles))
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
        raise ReportError("messages.bare_chart", name=name, cell=bare[0])


class _Steps:
    """A progress bar on a terminal; one log line per step otherwise (a bar would flood a log file)."""

    def __init__(self, total: int):
        self.bar = tqdm(total=total, unit="step") if sys.stderr.isatty() else None
        self.lock = threading.Lock()

    @contextmanager
    def __call__(self, message: Said) -> Iterator[None]:
        """A step: announced as it begins, counted on the bar when it is done; none begins once the run is stopped."""
        _STOP.check()
        if self.bar is None:
            log.info(message)
        else:
            with self.lock:
                self.bar.set_description(str(message))
        yield
        if self.bar is not None:
            with self.lock:
                self.bar.update()

    def __enter__(self) -> _Steps:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
