"""One writer at a time: build, import, fetch and report lock their folders; a busy folder names its holder."""

import os
import subprocess
import sys
import threading

import pandas as pd
import pytest

from segstats import lock, paths
from segstats.errors import BusyError
from segstats.io import Transaction

from .conftest import TEMPLATES, snapshot

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

# A process that holds a folder's lock as the command named, says "held" and keeps it until its stdin closes.
_HOLDER = """
import sys
from pathlib import Path
from segstats import lock
with lock.holding(Path(sys.argv[1]), sys.argv[2], shared=sys.argv[3] == "shared"):
    print("held", flush=True)
    sys.stdin.read()
"""


class Holder:
    """Another segstats command holding ``folder``, for as long as the ``with`` block lasts."""

    def __init__(self, folder, command="build", shared=False):
        self.args = [sys.executable, "-c", _HOLDER, str(folder), command, "shared" if shared else "alone"]

    def __enter__(self):
        self.process = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline() == "held\n"  # waits for the event, not for a time
        return self.process

    def __exit__(self, *exc):
        self.process.stdin.close()
        self.process.wait(timeout=20)


# Commands started together in a test wait as long as the other needs, on however busy a machine: those
# tests are about what is kept, not about the wait (a build alone takes over 10 s under load).
def patient() -> dict[str, str]:
    """The environment of a command that waits as long as another needs (the test's own locale included)."""
    return {**os.environ, "SEGSTATS_LOCK_WAIT": "300"}


def segstats_cli(*args, wait="0.5", **kwargs):
    env = {**os.environ, "SEGSTATS_LOCK_WAIT": wait}
    return subprocess.run(
        [sys.executable, "-m", "segstats.cli", *args], capture_output=True, text=True, env=env, timeout=120, **kwargs
    )


@pytest.mark.realdata
def test_a_second_writer_waits_then_names_the_command_that_holds_the_folder(data_dir):
    before = snapshot(data_dir)
    with Holder(data_dir, "build") as holder:
        result = segstats_cli(
            "--data-dir", str(data_dir), "import", str(TEMPLATES / "2022_fiktiv.csv"), "--year", "2022"
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    waiting, line = result.stderr.strip().splitlines()
    assert waiting.startswith(f"segstats: {data_dir} is in use by segstats build (pid {holder.pid}, since ")
    assert waiting.endswith("; waiting up to 0.5 s")
    assert line.startswith(f"segstats: error: {data_dir} is in use by segstats build (pid {holder.pid}, since ")
    assert "waited 0.5 s" in line and "Run 'segstats import' again" in line
    assert snapshot(data_dir) == before


@pytest.mark.realdata
def test_readers_share_the_data_folder_and_a_writer_waits_for_them(data_dir):
    with Holder(data_dir, "report", shared=True):
        assert not list(data_dir.glob(f"{lock.LOCK_FILE}.*"))  # a reader writes nothing
        with lock.holding(data_dir, "report", shared=True, wait=0):
            pass  # a second report reads beside the first
        with pytest.raises(BusyError, match=r"in use by segstats report \(reading it\)"):
            with lock.holding(data_dir, "build", wait=0.2):
                pass
    with lock.holding(data_dir, "build", wait=0):  # free again once the reader is done
        assert (data_dir / f"{lock.LOCK_FILE}.{os.getpid()}").exists()
    assert not list(data_dir.glob(f"{lock.LOCK_FILE}.*"))  # the holder's record goes with it


@pytest.mark.realdata
def test_a_killed_holder_frees_the_folder(data_dir):
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(data_dir), "import", "alone"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait(timeout=20)
    with lock.holding(data_dir, "build", wait=2):
        pass


@pytest.mark.realdata
def test_report_waits_for_its_output_folder(tmp_path):
    out = tmp_path / "out"
    with Holder(out, "report") as holder:
        result = segstats_cli("report", "--year", "2021", "--report", "status", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{out} is in use by segstats report (pid {holder.pid}" in result.stderr
    assert not (out / "2021" / "status-2021-sv.pdf").exists()


@pytest.mark.slow  # several segstats processes at once: seconds each on a busy machine
def test_two_imports_at_once_give_one_follow_up(tmp_path, data_dir):
    # The same year as CSV and as XLSX, started together: one is imported, the other is told so.
    from openpyxl import Workbook

    xlsx = tmp_path / "2022.xlsx"
    table = pd.read_csv(TEMPLATES / "2022_fiktiv.csv", sep=";", dtype=str, keep_default_na=False)
    wb = Workbook()
    ws = wb.active
    ws.title = "Åtgärder"
    ws.append(list(table.columns))
    for row in table.itertuples(index=False):
        ws.append(list(row))
    wb.save(xlsx)
    commands = [
        [sys.executable, "-m", "segstats.cli", "--data-dir", str(data_dir), "import", str(f), "--year", "2022"]
        for f in (TEMPLATES / "2022_fiktiv.csv", xlsx)
    ]
    runs = [subprocess.Popen(c, stderr=subprocess.PIPE, text=True, env=patient()) for c in commands]
    results = [(r.wait(timeout=120), r.stderr.read()) for r in runs]
    assert sorted(code for code, _ in results) == [0, 1], results
    refused = next(err for code, err in results if code == 1)
    assert "the follow-up of 2022 is already in the data" in refused or "is in use by segstats import" in refused
    assert len(list(paths.followups_dir(data_dir).glob("2022_*"))) == 1
    readme = (paths.raw_dir(data_dir) / "README.md").read_text(encoding="utf-8")
    assert readme.count("| `followups/2022_uppfoljning_mall.") == 1
    assert segstats_cli("--data-dir", str(data_dir), "build").returncode == 0


@pytest.mark.slow  # several segstats processes at once
def test_import_beside_build_keeps_the_imported_year(data_dir):
    import_ = subprocess.Popen(
        [sys.executable, "-m", "segstats.cli", "--data-dir", str(data_dir), "import"]
        + [str(TEMPLATES / "2022_fiktiv.csv"), "--year", "2022"],
        stderr=subprocess.PIPE,
        env=patient(),
    )
    build = subprocess.Popen(
        [sys.executable, "-m", "segstats.cli", "--data-dir", str(data_dir), "build"],
        stderr=subprocess.PIPE,
        env=patient(),
    )
    assert (import_.wait(timeout=600), build.wait(timeout=600)) == (0, 0)
    measures = pd.read_csv(paths.processed_dir(data_dir) / paths.MEASURES_FILE)
    assert sorted(measures["year"].unique()) == [2021, 2022]  # whichever ran first, 2022 is in


@pytest.mark.realdata
def test_a_killed_writer_leaves_temporaries_that_the_next_writer_removes(data_dir):
    processed = paths.processed_dir(data_dir)
    transaction = Transaction()
    transaction.stage(processed / paths.MEASURES_FILE).write_text("half")  # as if killed before commit
    stale = list(processed.glob(".*"))
    assert stale
    result = segstats_cli("--data-dir", str(data_dir), "build")
    assert result.returncode == 0, result.stderr
    assert not [p for p in processed.glob(".*")]


@pytest.mark.realdata
def test_a_thread_of_the_same_process_waits_too(data_dir):
    held, release = threading.Event(), threading.Event()

    def hold():
        with lock.holding(data_dir, "import"):
            held.set()
            release.wait(20)

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(20)
    try:
        with pytest.raises(BusyError, match="segstats import"):
            with lock.holding(data_dir, "build", wait=0.1):
                pass
    finally:
        release.set()
        thread.join(20)


def test_a_report_on_the_projects_data_writes_nothing_there():
    before = {p.name: p.stat().st_size for p in paths.DATA_DIR.iterdir()}
    with lock.holding(paths.DATA_DIR, "report", shared=True, wait=0):
        pass
    assert {p.name: p.stat().st_size for p in paths.DATA_DIR.iterdir()} == before
    assert (paths.DATA_DIR / lock.LOCK_FILE).stat().st_size == 0  # kept in git, empty
