"""segstats report stopped by Ctrl-C, SIGTERM or SIGKILL: kernels stopped, previous PDFs kept, nothing half-made left.

Each test starts real kernels (slow). A report notebook here tells the test through a FIFO that its
long cell has begun, so that the signal comes while a kernel works — no sleeping to guess when.
"""

import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from segstats.reports.runner import _RUNTIME_PREFIX

from .conftest import default_signals
from .test_report import pdf_text, write_notebook

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("english")]

# segstats report with the notebooks of a test's own folder.
_RUN = """
import sys
from pathlib import Path
from segstats import paths
paths.NOTEBOOKS_DIR = Path(sys.argv[1])
from segstats.cli import main
sys.exit(main(sys.argv[2:]))
"""


# The text the test notebooks show (words/status.yaml): a PDF that carries it was made by this run.
TITLE = "Status för åtgärderna i åtgärdsplanen mot segregation"


def start(notebooks: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-c", _RUN, str(notebooks), "report", "--year", "2021", "--report", "status"]
    return subprocess.Popen(
        [*command, "--out", str(out)], stderr=subprocess.PIPE, text=True, preexec_fn=default_signals
    )


def long_notebook(folder: Path) -> Path:
    """A status notebook whose last cell writes its kernel's pid to a FIFO, then works for two minutes."""
    fifo = folder / "started"
    os.mkfifo(fifo)
    cell = f"import os, time\nwith open({str(fifo)!r}, 'w') as f:\n    f.write(str(os.getpid()))\ntime.sleep(120)"
    write_notebook(folder, "status", cell)
    return fifo


def kernel_pid(fifo: Path) -> int:
    """Wait (at most 60 s) until the kernel opens the FIFO and says its pid."""
    said = []
    reader = threading.Thread(target=lambda: said.append(fifo.read_text()), daemon=True)
    reader.start()
    reader.join(60)
    assert said, "the kernel never reached its long cell"
    return int(said[0])


def ended(pid: int, within: float = 15) -> bool:
    """Whether process ``pid`` ends within ``within`` seconds (awaited through a pidfd, not polled)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], within)[0])
    finally:
        os.close(fd)


def runtime_dirs(pid: int) -> list[Path]:
    base = Path(tempfile.gettempdir()) if len(tempfile.gettempdir()) <= 40 else Path("/tmp")
    return list(base.glob(f"{_RUNTIME_PREFIX}{pid}-*"))


@pytest.fixture
def previous(tmp_path):
    """An output folder holding the previous run's PDF and notebook."""
    year = tmp_path / "out" / "2021"
    year.mkdir(parents=True)
    (year / "status-2021-sv.pdf").write_bytes(b"the previous PDF")
    (year / "status-2021-sv.ipynb").write_bytes(b"the previous notebook")
    return year


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_report_and_its_kernel_and_keeps_the_previous_files(tmp_path, previous, signum):
    fifo = long_notebook(tmp_path)
    report = start(tmp_path, previous.parent)
    kernel = kernel_pid(fifo)
    report.send_signal(signum)
    assert report.wait(timeout=20) == 128 + signum
    err = report.stderr.read()
    assert "Traceback" not in err and "Kernel died" not in err  # the kernel was stopped on purpose
    assert err.strip().splitlines()[-1] == (
        "segstats: error: interrupted; the previous files are kept and nothing half-made is left"
    )
    assert ended(kernel)
    assert (previous / "status-2021-sv.pdf").read_bytes() == b"the previous PDF"
    assert (previous / "status-2021-sv.ipynb").read_bytes() == b"the previous notebook"
    assert sorted(p.name for p in previous.iterdir()) == [
        "status-2021-sv.ipynb",
        "status-2021-sv.pdf",
    ]  # no temporary, no _FAILED
    assert not runtime_dirs(report.pid)  # the kernel's connection file and sockets


def test_after_a_sigkill_no_half_file_stands_and_the_next_run_removes_what_was_left(tmp_path, previous):
    fifo = long_notebook(tmp_path)
    report = start(tmp_path, previous.parent)
    kernel = kernel_pid(fifo)
    report.kill()
    report.wait(timeout=20)
    assert ended(kernel)  # the kernel sees its parent gone and stops
    assert (previous / "status-2021-sv.pdf").read_bytes() == b"the previous PDF"
    left = [p for p in previous.iterdir() if p.name.startswith(".")]
    assert left and all(".tmp-" in p.name for p in left)  # only temporary names, never the real ones
    assert runtime_dirs(report.pid)

    write_notebook(tmp_path, "status", 'Show(lang).say("status.title")')
    again = start(tmp_path, previous.parent)
    assert again.wait(timeout=120) == 0, again.stderr.read()
    assert sorted(p.name for p in previous.iterdir()) == ["status-2021-sv.ipynb", "status-2021-sv.pdf"]
    assert TITLE in pdf_text(previous / "status-2021-sv.pdf")
    assert not runtime_dirs(report.pid)


def test_parallel_runs_into_different_long_folders(tmp_path):
    write_notebook(tmp_path, "status", 'Show(lang).say("status.title")')
    outs = []
    for side in "ab":
        deep = tmp_path / side
        deep = deep / ("d" * (120 - len(str(deep)) - 1))  # a 120-character --out, as a deep checkout has
        assert len(str(deep)) == 120
        outs.append(deep)
    runs = [start(tmp_path, out) for out in outs]
    results = [(r.wait(timeout=120), r.stderr.read()) for r in runs]
    assert [code for code, _ in results] == [0, 0], results
    for out in outs:
        assert TITLE in pdf_text(out / "2021" / "status-2021-sv.pdf")
        assert not [p for p in (out / "2021").rglob(".*")]
