"""Shared fixtures: paths to the real raw data and to the fictional test fixtures."""

import datetime as dt
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from segstats import paths

# jsonschema (under nbformat, which the notebook and dashboard modules import) imports
# rfc3987_syntax when it is installed, and that builds a grammar at import: 3–4 s of every test
# run's collection, for IRI checks no test makes. A module marked absent is skipped by jsonschema
# like a missing one (segstats report does the same, segstats/cli.py).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

FIXTURES = Path(__file__).parent / "fixtures"
REAL_REPORT = paths.followups_dir() / "2021_uppfoljning_KS-2020-754.txt"
TEMPLATES = FIXTURES / "templates"
IMPORT_DATE = dt.date(2030, 1, 15)


def copy_raw_data(data_dir: Path, replace: tuple[str, str] | None = None) -> Path:
    """Copy the project's raw data and indicator catalogue into ``data_dir``; optionally change the 2021 report once."""
    shutil.copytree(paths.raw_dir(), data_dir / "raw")
    shutil.copy(paths.catalogue_path(), paths.catalogue_path(data_dir))
    if replace:
        report = data_dir / "raw" / "followups" / REAL_REPORT.name
        report.write_text(report.read_text(encoding="utf-8").replace(*replace, 1), encoding="utf-8")
    return data_dir


@pytest.fixture(scope="session")
def real_report_text() -> str:
    return REAL_REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def measures_2021():
    from segstats import parse_followup

    return parse_followup(REAL_REPORT)


@pytest.fixture(scope="session", autouse=True)
def own_runtime_dir(tmp_path_factory):
    """The session's runtime folder (the reports' data cache, the exploration's notebooks): never the user's."""
    before = os.environ.get("SEGSTATS_RUNTIME_DIR")
    os.environ["SEGSTATS_RUNTIME_DIR"] = str(tmp_path_factory.mktemp("runtime"))
    yield
    if before is None:
        os.environ.pop("SEGSTATS_RUNTIME_DIR", None)
    else:
        os.environ["SEGSTATS_RUNTIME_DIR"] = before


@pytest.fixture(autouse=True)
def swedish(monkeypatch):
    """Every test starts in a Swedish locale, the default a user gets, whatever the machine's own is."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")


@pytest.fixture
def english(monkeypatch):
    """An English locale: messages in English (the reports stay Swedish unless --lang en)."""
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


@pytest.fixture(autouse=True)
def close_figures():
    """Every test starts without open matplotlib figures and leaves none behind."""
    yield
    if "matplotlib.pyplot" in sys.modules:  # only tests that use pyplot load it (it takes a while)
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def processed_copy(tmp_path) -> Path:
    """A data folder with a copy of the shipped processed tables and catalogue, to damage."""
    data = tmp_path / "data"
    shutil.copytree(paths.processed_dir(), paths.processed_dir(data))
    shutil.copy(paths.catalogue_path(), paths.catalogue_path(data))
    return data


@pytest.fixture
def first_template(tmp_path) -> Path:
    """The FICTIONAL 2022 template as a first follow-up would be: without predecessors (nothing before it)."""
    import pandas as pd

    table = pd.read_csv(TEMPLATES / "2022_fiktiv.csv", sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table["Föregångare (åtgärds-id föregående år)"] = ""
    path = tmp_path / "första.csv"
    table.to_csv(path, sep=";", index=False)
    return path


@pytest.fixture(scope="session")
def three_years(tmp_path_factory) -> Path:
    """A data/ folder with the real 2021 report and the fictional 2022 and 2023 templates imported."""
    from segstats.measures.store import build_measures, import_template

    data_dir = copy_raw_data(tmp_path_factory.mktemp("three_years") / "data")
    build_measures(data_dir)
    import_template(TEMPLATES / "2022_fiktiv.csv", 2022, data_dir, today=IMPORT_DATE)
    import_template(TEMPLATES / "2023_fiktiv.csv", 2023, data_dir, today=IMPORT_DATE)
    return data_dir


@pytest.fixture(scope="session")
def three_years_reports(three_years, tmp_path_factory) -> Path:
    """:func:`three_years` with the shipped indicators, geographies and boundaries: all a report reads."""
    data_dir = tmp_path_factory.mktemp("three_years_reports") / "data"
    shutil.copytree(three_years, data_dir)
    for name in (paths.INDICATORS_FILE, paths.GEOGRAPHIES_FILE, paths.BOUNDARIES_FILE):
        shutil.copy(paths.processed_dir() / name, paths.processed_dir(data_dir) / name)
    return data_dir


@pytest.fixture(scope="session")
def indicators():
    from segstats import load_indicators

    return load_indicators()


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A built copy of the project's data (the real 2021 follow-up only), to change."""
    from segstats.measures.store import build_measures

    data_dir = copy_raw_data(tmp_path / "data")
    build_measures(data_dir)
    return data_dir


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file below ``folder`` and its bytes; a lock's own file (which stays, empty) aside."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".segstats.lock"))
    return {p.relative_to(folder): p.read_bytes() for p in files}


def default_signals() -> None:
    """For ``Popen(preexec_fn=…)``: the child starts with Ctrl-C and SIGTERM as a shell's foreground job has them.

    A suite started in the background (``nohup python3 dev.py test &``) ignores SIGINT, and a
    child would inherit that: a test of what Ctrl-C does would wait in vain.
    """
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
