"""The segstats command line: output for users, one-line errors, exit codes."""

import subprocess
import sys

import pytest

from segstats.cli import main

from .conftest import copy_raw_data

pytestmark = pytest.mark.realdata  # every test here reads the shipped data


def test_summary_prints_the_reports_counts(capsys):
    assert main(["summary", "--year", "2021"]) == 0
    out = capsys.readouterr().out
    assert "Genomförd  Pågår  Ej genomförd" in out
    assert out.splitlines()[-1].split() == ["Totalt", "12", "42", "6", "60"]


def test_unknown_year_is_one_clear_line(capsys):
    assert main(["summary", "--year", "2019"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "segstats: fel: ingen uppföljning för 2019; år med data: 2021"


def test_bad_report_exits_non_zero_without_traceback(tmp_path):
    copy_raw_data(tmp_path, replace=("Status: Pågår.", "Status: Klar."))
    result = subprocess.run(
        [sys.executable, "-m", "segstats.cli", "--data-dir", str(tmp_path), "build"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("segstats: fel:")]
    assert errors == [
        "segstats: fel: 2021_uppfoljning_KS-2020-754.txt:116: åtgärd 1.2: okänd status 'Klar'; "
        "tillåtna: Genomförd, Pågår, Ej genomförd"
    ]
    assert result.stderr.splitlines()[-1] == errors[0]


def test_coverage_shows_data_and_gaps_by_geography(capsys):
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Värden per indikator och år, och från vilken geografi (R RegSO, D DeSO, S stadsdel")
    blocks = out.split("\n\n")[1:]
    assert [b.splitlines()[0] for b in blocks] == ["Berga", "Ryd", "Skäggetorp", "Linköping"]
    skaggetorp = blocks[2].splitlines()
    years = skaggetorp[1].split()
    cells = {line[: -5 * len(years)].strip(): line[-5 * len(years) :].split() for line in skaggetorp[2:]}
    cells = {name: dict(zip(years, row, strict=True)) for name, row in cells.items()}
    assert len(cells) == 13  # the plan's indicators only, each by its name
    assert cells["Barn 0–17 år i hushåll med låg ekonomisk standard"]["2020"] == "S"  # the stadsdel, not the RegSO
    assert cells["Utrikes födda"]["2023"] == "R" and cells["Personer med låg ekonomisk standard"]["2024"] == "RD"
    assert set(cells["Ohälsotal"].values()) == {"-"}


def test_coverage_all_includes_the_comparison_series(capsys):
    assert main(["coverage", "--all"]) == 0
    assert "Områdestyp" in capsys.readouterr().out


def test_summary_names_the_development_areas(capsys):
    assert main(["summary", "--year", "2021"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].startswith("1. Ökad trygghet, gemenskap och delaktighet i samhället ")
    assert lines[6].startswith("5. En rikare fritid för alla ")


def test_summary_and_coverage_speak_english_with_lang_en(capsys):
    assert main(["summary", "--year", "2021", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Status of the measures in the 2021 follow-up:"
    assert out.splitlines()[1].split() == ["Done", "Ongoing", "Not", "done", "Total"]
    assert out.splitlines()[2].startswith("1. Greater safety, community and participation in society ")
    assert out.splitlines()[2].split()[-4:] == ["6", "9", "1", "16"]
    assert out.splitlines()[-1].split() == ["Total", "12", "42", "6", "60"]
    assert main(["coverage", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Values per indicator and year, and from which geography (R RegSO, D DeSO, S city district")
    assert "saknas" not in out and "stadsdel" not in out
    assert "Children 0–17 in households with low economic standard" in out and "barn_lag_ekstd" not in out
