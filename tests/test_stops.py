"""Every way to stop is safe: SIGTERM like Ctrl-C, commits a signal cannot split, lock records of the dead removed."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from segstats import io, lock, paths
from segstats.cli import main
from segstats.errors import BusyError
from segstats.interrupts import Stop, stopping
from segstats.measures import store as measure_store

from .conftest import TEMPLATES, copy_raw_data, default_signals, snapshot
from .test_report import write_notebook

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

STOPPED = "segstats: error: interrupted; the previous files are kept and nothing half-made is left"
COMPLETED = "segstats: error: interrupted after the new files were in place; nothing half-made is left"


def test_sigterm_during_a_commit_waits_for_its_end(tmp_path, monkeypatch):
    targets = [tmp_path / f"{n}.csv" for n in "abc"]
    for target in targets:
        target.write_text("old")
    real = os.replace

    def signalled_move(src, dst):
        if dst == targets[0]:  # the first move of the commit
            os.kill(os.getpid(), signal.SIGTERM)
        return real(src, dst)

    monkeypatch.setattr(io.os, "replace", signalled_move)
    with pytest.raises(Stop) as stop, stopping():
        with io.Transaction() as transaction:
            for target in targets:
                transaction.stage(target).write_text("new")
    assert stop.value.signum == signal.SIGTERM and stop.value.completed
    assert [t.read_text() for t in targets] == ["new", "new", "new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "c.csv"]


def test_a_signal_before_the_commit_leaves_everything_as_it_was(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old")
    with pytest.raises(Stop) as stop, stopping():
        with io.Transaction() as transaction:
            transaction.stage(target).write_text("new")
            os.kill(os.getpid(), signal.SIGTERM)
            raise AssertionError("SIGTERM did not stop the block")
    assert not stop.value.completed
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"] and target.read_text() == "old"


def test_a_removal_is_part_of_the_commit_and_is_undone_with_it(tmp_path, monkeypatch):
    gone, kept = tmp_path / "gone.csv", tmp_path / "kept.csv"
    gone.write_text("old")
    kept.write_text("old")
    real = os.replace

    def full_disk(src, dst):
        if dst == kept:
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(io.os, "replace", full_disk)
    transaction = io.Transaction()
    transaction.remove(gone)
    transaction.stage(kept).write_text("new")
    with pytest.raises(OSError):
        transaction.commit()
    assert gone.read_text() == "old" and kept.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gone.csv", "kept.csv"]


# --- SIGTERM at many moments of build and import ---------------------------------------------------

# The moments: just before each call of these, the command sends itself SIGTERM. They run from the
# first reading to the last move of the commit, so that every phase is hit, the commit's moves one
# by one included.
_MOMENTS = [
    (measure_store, "read_followups"),
    (measure_store, "read_template"),
    (measure_store, "validate"),
    (measure_store, "lineage_from_measures"),
    (measure_store, "read_table"),
    (measure_store, "write_csv"),
    (io, "temporary_beside"),
    (io.os, "link"),
    (io.os, "replace"),
]


def _signal_at(monkeypatch, moment: int | None, moments: list) -> list[str]:
    """Wrap the ``moments``' functions: the ``moment``-th call in all is preceded by SIGTERM; returns the calls."""
    calls: list[str] = []
    for owner, name in moments:
        real = getattr(owner, name)

        def wrapped(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            if len(calls) == moment:
                os.kill(os.getpid(), signal.SIGTERM)
            return _real(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapped)
    return calls


def _unhandled(signum, frame):
    raise AssertionError("the command did not handle SIGTERM")


def _stopped_at_every_moment(monkeypatch, capsys, tmp_path, data, command, before, after, moments=_MOMENTS):
    """Run ``command`` on a fresh copy of ``data`` once per moment; each leaves the state before or after."""
    with monkeypatch.context() as counting:
        calls = _signal_at(counting, None, moments)
        run = tmp_path / "count"
        shutil.copytree(data, run)
        assert main(["--data-dir", str(run), *command]) == 0
    assert len(calls) > 20, calls
    capsys.readouterr()
    previous = signal.signal(signal.SIGTERM, _unhandled)
    try:
        for moment in range(1, len(calls) + 1):
            run = tmp_path / f"moment{moment}"
            shutil.copytree(data, run)
            with monkeypatch.context() as stopping_there:
                _signal_at(stopping_there, moment, moments)
                code = main(["--data-dir", str(run), *command])
            err = capsys.readouterr().err.strip().splitlines()
            state = snapshot(run)
            where = f"SIGTERM before call {moment} ({calls[moment - 1]})"
            assert code == 143, where
            assert err[-1] in (STOPPED, COMPLETED), where
            assert state == (after if err[-1] == COMPLETED else before), where
            shutil.rmtree(run)
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.slow
@pytest.mark.realdata
def test_sigterm_at_any_moment_of_an_import_leaves_the_data_before_or_after_it(data_dir, tmp_path, monkeypatch, capsys):
    command = ["import", str(TEMPLATES / "2022_fiktiv.csv"), "--year", "2022"]
    done = tmp_path / "done"
    shutil.copytree(data_dir, done)
    assert main(["--data-dir", str(done), *command]) == 0
    _stopped_at_every_moment(monkeypatch, capsys, tmp_path, data_dir, command, snapshot(data_dir), snapshot(done))


@pytest.mark.slow
@pytest.mark.realdata
def test_sigterm_at_any_moment_of_a_build_leaves_the_data_before_or_after_it(tmp_path, monkeypatch, capsys):
    from segstats.indicators import store as indicator_store

    # Before: tables of an earlier build, all four different from what this build makes, so that
    # new measures beside old indicators would show. Reading the indicator sources (seconds) is
    # done once; the build's own steps run at every moment.
    data = copy_raw_data(tmp_path / "data")
    shutil.copytree(paths.processed_dir(), paths.processed_dir(data))
    for table in paths.processed_dir(data).glob("*.csv"):
        table.write_bytes(table.read_bytes().rsplit(b"\n", 2)[0] + b"\n")  # the last row dropped
    shutil.copy(TEMPLATES / "2022_fiktiv.csv", paths.followups_dir(data) / "2022_uppfoljning_mall.csv")
    read, real_read = {}, indicator_store.read_source

    def read_once(raw, source, key):
        if source not in read:
            read[source] = real_read(raw, source, key)
        return read[source].copy()

    monkeypatch.setattr(indicator_store, "read_source", read_once)
    moments = [*_MOMENTS, *((indicator_store, f) for f in ("resolve_overlaps", "validate", "write_csv"))]
    done = tmp_path / "done"
    shutil.copytree(data, done)
    assert main(["--data-dir", str(done), "build"]) == 0
    before, after = snapshot(data), snapshot(done)
    assert all(before[p] != after[p] for p in after if p.parent.name == "processed" and p.suffix == ".csv")
    _stopped_at_every_moment(monkeypatch, capsys, tmp_path, data, ["build"], before, after, moments)


@pytest.mark.realdata
def test_build_commits_all_four_tables_together(data_dir, monkeypatch):
    from segstats import cli

    moved = []
    real = os.replace
    monkeypatch.setattr(io.os, "replace", lambda src, dst: (moved.append(os.path.basename(dst)), real(src, dst)))
    monkeypatch.setattr(cli, "build_indicators", lambda data_dir, transaction: moved.append("indicators staged") or [])
    assert main(["--data-dir", str(data_dir), "build"]) == 0
    assert moved[0] == "indicators staged"  # nothing moved before every table was staged


# --- a real process stopped from outside ------------------------------------------------------------

_HOLD = """
import sys
from pathlib import Path
from segstats import lock
with lock.holding(Path(sys.argv[1]), "build"):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.mark.parametrize("command", [["build"], ["import", str(TEMPLATES / "2022_fiktiv.csv"), "--year", "2022"]])
def test_sigterm_from_outside_stops_a_waiting_command_with_one_line(tmp_path, command):
    data = tmp_path / "data"
    data.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(data)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "held\n"
    try:
        waiting = subprocess.Popen(
            [sys.executable, "-m", "segstats.cli", "--data-dir", str(data), *command],
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "SEGSTATS_LOCK_WAIT": "120"},
            preexec_fn=default_signals,
        )
        notice = waiting.stderr.readline()
        assert notice.startswith(f"segstats: {data} is in use by segstats build (pid {holder.pid}")
        waiting.send_signal(signal.SIGTERM)
        assert waiting.wait(timeout=30) == 143
        assert waiting.stderr.read().strip() == STOPPED
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)


# --- lock records ------------------------------------------------------------------------------------


def test_the_record_of_a_killed_writer_is_removed_by_the_next(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait(timeout=20)
    assert (tmp_path / f"{lock.LOCK_FILE}.{holder.pid}").exists()  # a SIGKILL leaves it
    with lock.holding(tmp_path, "build", wait=2):
        assert [p.name for p in tmp_path.glob(f"{lock.LOCK_FILE}.*")] == [f"{lock.LOCK_FILE}.{os.getpid()}"]


def test_a_record_whose_pid_now_belongs_to_another_process_names_no_holder(tmp_path):
    # A record left by a killed segstats whose pid the system gave to another process since: this
    # test's parent runs, but started at another time than the record says.
    other = psutil.Process(os.getppid())
    record = tmp_path / f"{lock.LOCK_FILE}.{other.pid}"
    said = f"segstats build (pid {other.pid}, since 2020-01-01T00:00:00+01:00)"
    record.write_text(f"{said}\nprocess started {other.create_time() - 3600:.2f}\n")
    with lock.holding(tmp_path, "report", shared=True):  # a reader holds it: a writer waits and is refused
        with pytest.raises(BusyError) as busy:
            lock.holding(tmp_path, "import", wait=0).__enter__()
    assert "segstats build" not in str(busy.value)
    assert "in use by segstats report (reading it)" in str(busy.value)
    assert not record.exists()


# --- a report's files go together ------------------------------------------------------------------

_TABLE_CELL = (
    "import pandas as pd\nfrom segstats.reports.tables import Column\n"
    'Show(lang).table(pd.DataFrame({"geo_name": ["Fiktivt"]}), "prov", title="Prov",'
    ' columns={"geo_name": Column("Område")})'
)


def previous_report(out: Path) -> dict[Path, bytes]:
    """A previous run's PDF, notebook and tables in ``out``/2021, one of them a table no longer shown."""
    year = out / "2021"
    (year / "tables").mkdir(parents=True)
    files = {
        year / "status-2021-sv.pdf": b"the previous PDF",
        year / "status-2021-sv.ipynb": b"the previous notebook",
        year / "tables" / "status-2021-sv-prov.csv": b"the previous table",
        year / "tables" / "status-2021-sv.xlsx": b"the previous workbook",
        year / "tables" / "status-2021-sv-gammal.csv": b"a table the report no longer shows",
    }
    for path, content in files.items():
        path.write_bytes(content)
    return snapshot(out)


@pytest.mark.slow
@pytest.mark.realdata
def test_a_stop_after_a_report_exported_its_tables_keeps_all_its_previous_files(tmp_path, monkeypatch, capsys):
    from segstats.reports import runner

    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    write_notebook(tmp_path, "status", _TABLE_CELL)
    out = tmp_path / "out"
    previous = previous_report(out)
    real = runner.Printers.print_pdf

    def stopped_while_printing(printers, html, path, **kwargs):
        runner._STOP._stop(signal.SIGINT, None)  # what Ctrl-C's handler does, in the main thread
        return real(printers, html, path, **kwargs)

    monkeypatch.setattr(runner.Printers, "print_pdf", stopped_while_printing)
    assert main(["report", "--year", "2021", "--report", "status", "--out", str(out)]) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == STOPPED
    assert snapshot(out) == previous  # nothing new beside the old


@pytest.mark.slow
@pytest.mark.realdata
def test_a_report_replaces_its_pdf_notebook_and_tables_together(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    write_notebook(tmp_path, "status", _TABLE_CELL)
    out = tmp_path / "out"
    previous = previous_report(out)
    assert main(["report", "--year", "2021", "--report", "status", "--out", str(out)]) == 0
    now = snapshot(out)
    assert sorted(p.as_posix() for p in now) == [
        "2021/status-2021-sv.ipynb",
        "2021/status-2021-sv.pdf",
        "2021/tables/status-2021-sv-prov.csv",
        "2021/tables/status-2021-sv.xlsx",
    ]
    assert all(now[p] != previous[p] for p in now)


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "soon", ""])
def test_a_lock_wait_that_is_no_number_of_seconds_is_one_line(tmp_path, monkeypatch, capsys, value):
    monkeypatch.setenv("SEGSTATS_LOCK_WAIT", value)
    assert main(["--data-dir", str(tmp_path), "build"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"segstats: error: SEGSTATS_LOCK_WAIT must be a number of seconds from 0 to 86400, not {value!r}"
    )
    assert not list(tmp_path.iterdir())
