"""Build the processed measure table from every year's raw follow-up, and load it."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from . import paths
from .errors import SegstatsError
from .followup import parse_followup
from .io import read_processed_csv, write_csv_atomic
from .schema import MEASURES, validate

log = logging.getLogger(__name__)


def build_measures(data_dir: Path | str | None = None) -> Path:
    """Parse every follow-up in ``data/raw/followups/`` and write ``data/processed/measures.csv``.

    Returns:
        The path written.
    """
    sources = sorted(paths.followups_dir(data_dir).glob("*.txt"))
    if not sources:
        raise SegstatsError(f"no follow-up reports (*.txt) in {paths.followups_dir(data_dir)}")
    frames = []
    for source in sources:
        log.info("parsing %s", source.name)
        frames.append(parse_followup(source))
    measures = sort_measures(pd.concat(frames, ignore_index=True))
    measures = validate(measures, MEASURES, "measures from " + ", ".join(s.name for s in sources))
    return write_csv_atomic(measures, paths.processed_dir(data_dir) / paths.MEASURES_FILE)


def load_measures(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The measures of every follow-up year, validated, with their declared dtypes.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).

    Returns:
        One row per (year, measure_id); see :data:`segstats.schema.MEASURES`.
    """
    return read_processed_csv(paths.processed_dir(data_dir) / paths.MEASURES_FILE, MEASURES)


def sort_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """Measures in report order: year, development area, then measure number (1.2 before 1.10)."""
    number = measures["measure_id"].str.split(".").str[1].astype(int)
    order = measures.assign(_number=number).sort_values(["year", "area_no", "_number"]).index
    return measures.loc[order].reset_index(drop=True)
