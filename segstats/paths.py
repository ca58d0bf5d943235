"""Where the project's files live; the one place that knows the layout."""

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJ_ROOT / "data"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
DOCS_DIR = PROJ_ROOT / "docs"

# The report notebooks, notebooks/<name>.py, in the order they are run.
REPORTS = ("status", "indicators", "comparison", "districts")

# The Jupyter kernel that set-up installs (dev.py reads it from here) and every notebook runs on.
KERNEL = "segstats"
KERNEL_DISPLAY_NAME = "Python (segstats)"

MEASURES_FILE = "measures.csv"
LINEAGE_FILE = "lineage.csv"
AREA_SUMMARIES_FILE = "area_summaries.csv"
INDICATORS_FILE = "indicators.csv"
GEOGRAPHIES_FILE = "geographies.csv"
BOUNDARIES_FILE = "boundaries.geojson"
CATALOGUE_FILE = "indicators.yaml"
DATA_DICTIONARY_FILE = "data-dictionary.md"


def raw_dir(data_dir: Path | str | None = None) -> Path:
    """The raw-data folder below ``data_dir`` (default: the project's ``data/``)."""
    return Path(data_dir or DATA_DIR) / "raw"


def followups_dir(data_dir: Path | str | None = None) -> Path:
    """Where the follow-up reports (and, later, filled-in templates) of every year lie."""
    return raw_dir(data_dir) / "followups"


def indicators_raw_dir(data_dir: Path | str | None = None) -> Path:
    """Where the indicator sources lie: one folder per origin, ``scb_pxweb/`` for fetched tables."""
    return raw_dir(data_dir) / "indicators"


def geo_raw_dir(data_dir: Path | str | None = None) -> Path:
    """Where the boundary files lie (SCB's open geodata for Linköping, as copied)."""
    return raw_dir(data_dir) / "geo"


def catalogue_path(data_dir: Path | str | None = None) -> Path:
    """The indicator catalogue (``data/indicators.yaml``), which analysts edit."""
    return Path(data_dir or DATA_DIR) / CATALOGUE_FILE


def processed_dir(data_dir: Path | str | None = None) -> Path:
    """The processed-data folder below ``data_dir`` (default: the project's ``data/``)."""
    return Path(data_dir or DATA_DIR) / "processed"


def runtime_dir() -> Path:
    """Where segstats keeps what it makes for itself, never inside the project: the exploration's
    notebooks, the dashboard's log, the reports' data cache.

    ``$SEGSTATS_RUNTIME_DIR`` when set, else ``segstats/`` in the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``).
    """
    if os.environ.get("SEGSTATS_RUNTIME_DIR"):
        return Path(os.environ["SEGSTATS_RUNTIME_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "segstats"
