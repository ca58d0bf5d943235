"""A full disk or an emptied table is one message: nothing cut, the previous files kept.

A full disk is simulated in a child process with RLIMIT_FSIZE: every write past the limit fails
in the operating system, as on a full disk, so the test reaches the writes of the libraries too
(SQLite's lock, papermill's notebook, WeasyPrint's PDF), which an error injected into segstats'
own write functions would not. The error is then EFBIG ("File too large") instead of ENOSPC; both
are an OSError of the write, and segstats treats them alike (io.NO_ROOM). A tiny tmpfs would give
ENOSPC itself but needs root to mount. Where the exact "No space left on device" matters, ENOSPC is
injected in-process.
"""

import errno
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from segstats import lock, paths
from segstats.cli import main

from .conftest import TEMPLATES, snapshot

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

TEMPLATE = TEMPLATES / "2022_fiktiv.csv"


def segstats_with_files_up_to(limit: int, *args: str) -> subprocess.CompletedProcess:
    """``segstats ARGS`` in a child that cannot write any file beyond ``limit`` bytes."""

    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "segstats.cli", *args], capture_output=True, text=True, preexec_fn=limited, timeout=300
    )


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("segstats: error:")]
    assert len(errors) == 1 and result.stderr.strip().endswith(errors[0])
    return errors[0]


@pytest.mark.realdata
@pytest.mark.parametrize(
    "limit, starts, ends",
    [
        (0, "cannot write {data}/.segstats.lock.", " for 'segstats import': File too large"),
        (1000, "cannot write {data}/raw: File too large; nothing was imported", ""),
    ],
    ids=["the lock record", "the staged files"],
)
def test_an_import_on_a_full_disk_is_one_line_and_changes_nothing(data_dir, limit, starts, ends):
    before = snapshot(data_dir)
    result = segstats_with_files_up_to(limit, "--data-dir", str(data_dir), "import", str(TEMPLATE), "--year", "2022")
    line = one_error_line(result)
    assert line.startswith("segstats: error: " + starts.format(data=data_dir)) and line.endswith(ends)
    assert snapshot(data_dir) == before  # no raw copy, no README row, no temporary file
    assert not list(data_dir.glob(f"{lock.LOCK_FILE}.*"))


@pytest.mark.slow
@pytest.mark.realdata
@pytest.mark.parametrize("limit", [1000, 1_000_000], ids=["measures", "indicators"])
def test_a_build_on_a_full_disk_keeps_all_four_previous_tables(tmp_path, data_dir, limit):
    shutil.copytree(paths.processed_dir(), paths.processed_dir(data_dir), dirs_exist_ok=True)
    measures = paths.processed_dir(data_dir) / paths.MEASURES_FILE
    measures.write_bytes(measures.read_bytes().replace(b"2021,1.1,", b"2021,1.01,", 1))  # a build changes it
    before = snapshot(data_dir)
    line = one_error_line(segstats_with_files_up_to(limit, "--data-dir", str(data_dir), "build"))
    assert line == (
        f"segstats: error: cannot write {paths.processed_dir(data_dir)}: File too large; the previous tables are kept"
    )
    assert snapshot(data_dir) == before


def test_a_lock_record_that_cannot_be_written_is_one_line_and_frees_the_lock(tmp_path, monkeypatch):
    real = Path.write_text

    def full_disk(self, *args, **kwargs):
        if self.name.startswith(f"{lock.LOCK_FILE}."):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(lock.SegstatsError) as info:
        with lock.holding(tmp_path, "import", wait=0):
            raise AssertionError("held without its record")
    assert str(info.value).endswith("for 'segstats import': No space left on device")
    monkeypatch.setattr(Path, "write_text", real)
    with lock.holding(tmp_path, "build", wait=0):  # free again at once
        pass


# --- reports -------------------------------------------------------------------------------------


def previous_year(out: Path) -> dict:
    year = out / "2021"
    (year / "tables").mkdir(parents=True)
    (year / "status.pdf").write_bytes(b"the previous PDF")
    (year / "status.ipynb").write_bytes(b"the previous notebook")
    (year / "tables" / "status-status_totalt.csv").write_bytes(b"the previous table")
    return snapshot(out)


@pytest.mark.slow
@pytest.mark.realdata
def test_a_report_whose_notebook_cannot_be_written_keeps_the_previous_files_and_no_cut_notebook(tmp_path):
    out = tmp_path / "out"
    before = previous_year(out)
    result = segstats_with_files_up_to(50_000, "report", "--year", "2021", "--report", "status", "--out", str(out))
    line = one_error_line(result)
    assert line == (
        f"segstats: error: report status: cannot write {out / '2021'}: File too large; the previous files are kept"
    )
    assert snapshot(out) == before  # no status_FAILED.ipynb cut short


@pytest.mark.slow
@pytest.mark.realdata
def test_a_report_whose_pdf_cannot_be_written_keeps_its_previous_tables_too(tmp_path, monkeypatch, capsys):
    from segstats.reports import runner

    def full_disk(printers, html, path, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runner.Printers, "print_pdf", full_disk)
    out = tmp_path / "out"
    before = previous_year(out)
    assert main(["report", "--year", "2021", "--report", "status", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"segstats: error: report status: cannot write {out / '2021'}: No space left on device; "
        "the previous files are kept"
    )
    assert snapshot(out) == before


# --- empty tables --------------------------------------------------------------------------------


@pytest.fixture
def processed(processed_copy):
    return processed_copy


def header_only(data: Path, table: str) -> Path:
    path = paths.processed_dir(data) / table
    path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n")
    return path


@pytest.mark.realdata
@pytest.mark.parametrize(
    "table, command",
    [
        (paths.MEASURES_FILE, ["summary"]),
        (paths.MEASURES_FILE, ["report", "--year", "2021"]),
        (paths.INDICATORS_FILE, ["report", "--year", "2021"]),
        (paths.GEOGRAPHIES_FILE, ["report", "--year", "2021"]),
        (paths.INDICATORS_FILE, ["coverage"]),
        (paths.LINEAGE_FILE, ["report", "--year", "2021"]),
        (paths.MEASURES_FILE, ["template", "--year", "2022"]),
    ],
)
def test_a_table_with_only_its_header_is_refused_as_damaged(processed, tmp_path, capsys, table, command):
    path = header_only(processed, table)
    out = tmp_path / "reports"
    before = previous_year(out)
    extra = ["--out", str(out)] if command[0] in ("report", "template") else []
    if command[0] == "template":
        extra = ["--out", str(tmp_path / "mall.xlsx")]
    assert main(["--data-dir", str(processed), *command, *extra]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        f"segstats: error: {path}: the table has only its header and no rows, so it is damaged; "
        "run 'segstats build' to make it again from data/raw/"
    )
    assert snapshot(out) == before  # no report printed empty over the previous one
    assert not (tmp_path / "mall.xlsx").exists()


@pytest.fixture
def no_temporary_folder(monkeypatch, tmp_path):
    """As on a system whose TMPDIR, /tmp, /var/tmp and working folder no one can write (tests run as root)."""
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(tempfile, "_candidate_tempdir_list", lambda: [str(tmp_path / "no such folder")])
    with pytest.raises(FileNotFoundError):
        tempfile.gettempdir()


@pytest.mark.realdata
def test_a_report_without_a_writable_temporary_folder_is_one_line(no_temporary_folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", "--year", "2021", "--report", "status", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("segstats: error: no temporary folder to write the report kernels' connection files in (")
    assert err.endswith("); set TMPDIR to a folder you can write")
    assert not list((out / "2021").iterdir())


@pytest.mark.realdata
def test_build_and_import_need_no_temporary_folder(no_temporary_folder, data_dir):
    assert main(["--data-dir", str(data_dir), "import", str(TEMPLATE), "--year", "2022"]) == 0
    assert main(["--data-dir", str(data_dir), "build"]) == 0
