"""The processes a report run prints its PDFs in: errors reach the run as if printed in it, and none outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from segstats.reports import printing

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("english")]

_PAGE = '<html lang="{lang}"><head><title>Prov</title></head><body><h1>Fiktiv rapport</h1>{body}</body></html>'


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that ended but was not yet reaped is a zombie: gone for every purpose here.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def wait_until_gone(pids: list[int], seconds: float = 20) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := [p for p in pids if alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_two_printers_print_side_by_side_in_processes_of_their_own(tmp_path):
    with printing.Printers(2) as printers:
        assert len(printers.pids) == 2 and os.getpid() not in printers.pids
        assert all(os.getpgid(pid) == pid for pid in printers.pids)  # a group of its own: a stop ends it
        pdfs = [printers.print_pdf(_PAGE.format(lang="sv", body=f"<p>{n}</p>"), tmp_path / f"{n}.pdf") for n in "ab"]
    assert [p.read_bytes()[:5] for p in pdfs] == [b"%PDF-"] * 2
    assert wait_until_gone(printers.pids) == []


def test_a_refusal_in_a_printer_reaches_the_run_in_words_and_keeps_the_previous_pdf(tmp_path):
    pdf = tmp_path / "prov.pdf"
    pdf.write_bytes(b"the previous PDF")
    page = _PAGE.format(lang="sv", body='<img src="file:///etc/hostname" alt="bild">')
    with printing.Printers(1) as printers, pytest.raises(printing.ReportError) as refused:
        printers.print_pdf(page, pdf)
    assert str(refused.value) == (
        "prov.pdf was not printed: it asks for file:///etc/hostname, and a report may only hold its own charts "
        "(nothing from files or the network)"
    )
    assert pdf.read_bytes() == b"the previous PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["prov.pdf"]  # no staged file left


def test_a_printer_stopped_while_it_prints_leaves_the_previous_pdf_and_says_so_and_the_next_is_printed(tmp_path):
    pdf = tmp_path / "prov.pdf"
    pdf.write_bytes(b"the previous PDF")
    long_page = _PAGE.format(lang="sv", body="<p>Fiktiv text.</p>" * 20_000)
    with printing.Printers(1) as printers:
        (pid,) = printers.pids
        stopper = subprocess.Popen([sys.executable, "-c", f"import os, time; time.sleep(1); os.killpg({pid}, 15)"])
        with pytest.raises(printing.ReportError, match="the printing process ended before the PDF was done"):
            printers.print_pdf(long_page, pdf)
        stopper.wait()
        assert pdf.read_bytes() == b"the previous PDF"
        assert [p.name for p in tmp_path.iterdir()] == ["prov.pdf"]
        # The run's other reports are still printed, in the run's own process.
        other = printers.print_pdf(_PAGE.format(lang="sv", body="<p>Nästa</p>"), tmp_path / "nasta.pdf")
    assert other.read_bytes()[:5] == b"%PDF-"


def test_no_printer_outlives_a_run_that_was_killed(tmp_path):
    run = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from segstats.reports.printing import Printers\n"
            "printers = Printers(2)\nprint(*printers.pids, flush=True)\ntime.sleep(600)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    pids = [int(p) for p in run.stdout.readline().split()]
    assert len(pids) == 2 and all(alive(p) for p in pids)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert wait_until_gone(pids) == []  # each saw its pipe to the run close, and ended
