"""The segstats command line: output for users, one-line errors, exit codes."""

import subprocess
import sys

from segstats.cli import main

from .conftest import copy_raw_data


def test_summary_prints_the_reports_counts(capsys):
    assert main(["summary", "--year", "2021"]) == 0
    out = capsys.readouterr().out
    assert "Genomförd  Pågår  Ej genomförd" in out
    assert out.splitlines()[-1].split() == ["Totalt", "12", "42", "6", "60"]


def test_unknown_year_is_one_clear_line(capsys):
    assert main(["summary", "--year", "2019"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "segstats: error: no follow-up for 2019; years with data: 2021"


def test_bad_report_exits_non_zero_without_traceback(tmp_path):
    copy_raw_data(tmp_path, replace=("Status: Pågår.", "Status: Klar."))
    result = subprocess.run(
        [sys.executable, "-m", "segstats.cli", "--data-dir", str(tmp_path), "build"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("segstats: error:")]
    assert errors == [
        "segstats: error: 2021_uppfoljning_KS-2020-754.txt:116: measure 1.2: unknown status 'Klar'; "
        "allowed: Genomförd, Pågår, Ej genomförd"
    ]
    assert result.stderr.splitlines()[-1] == errors[0]
