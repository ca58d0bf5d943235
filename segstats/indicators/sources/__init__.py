"""The indicator sources in data/raw/indicators/: one module per origin, each reader giving long rows.

Every reader takes ``(path, source, key)`` and returns rows with :data:`common.ROW_COLUMNS`.
A reader checks its file's layout against what it expects (columns, titles, names) and stops
with an error naming the file, line or row and column rather than guess; lookup tables of
names (which column is which indicator, which names are deliberately not used and why) live
as YAML beside the readers.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from segstats.errors import SourceFormatError
from segstats.indicators import geo, pxweb
from segstats.indicators.sources import (
    addegezon,
    am_dashboard,
    esf,
    jkawalerowicz,
    linkoping_pages,
    lulea,
    mumbokatten,
    scb_fetched,
)
from segstats.indicators.sources.common import ROW_COLUMNS, Source

log = logging.getLogger(__name__)

__all__ = ["ROW_COLUMNS", "SOURCES", "Source", "read_source"]


def read_source(raw_dir: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """Rows of every file of ``source``; a fixed file that is missing is an error."""
    files = sorted(raw_dir.glob(source.path)) if "*" in source.path else [raw_dir / source.path]
    frames = []
    for path in files:
        if not path.exists():
            raise SourceFormatError("sources.missing_file", file=source.path)
        rows = source.read(path, source, key)
        log.debug("%s: %d values", path.relative_to(raw_dir), len(rows))
        frames.append(rows.assign(rank=source.rank))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*ROW_COLUMNS, "rank"])


# Every source, in the order of preference: SCB's responses as fetched, then SCB's files
# copied verbatim, then transcriptions.
SOURCES = (
    Source(f"{pxweb.FETCH_DIR}/*.json", "SCB", 0, scb_fetched.read_pxweb),
    Source(mumbokatten.BIRTH_REGION_FILE, "SCB", 1, mumbokatten.read_birth_region),
    Source("mumbokatten/deso_housing_tenure.csv", "SCB", 1, mumbokatten.read_tenure),
    Source("mumbokatten/deso_income.csv", "SCB", 1, mumbokatten.read_wage_income),
    Source("addegezon/regso_socioekonomisk_index_2022.csv", "SCB", 1, addegezon.read_area_type),
    Source("addegezon/regso_socioekonomisk_index_2023.csv", "SCB", 1, addegezon.read_area_type),
    *(
        Source(f"jkawalerowicz/{name}", "SCB", 1, jkawalerowicz.read_deso_export)
        for name in jkawalerowicz.LAYOUT["files"]
    ),
    Source("transcribed/am_dashboard_se_regso2025_berga_ryd_skaggetorp.csv", "SCB", 2, am_dashboard.read_am_areas),
    Source("transcribed/am_dashboard_se_regso2025_linkoping_other.csv", "SCB", 2, am_dashboard.read_am_areas),
    Source("transcribed/am_dashboard_se_deso2025_berga_ryd_skaggetorp.csv", "SCB", 2, am_dashboard.read_am_areas),
    Source("transcribed/am_dashboard_se_kommun0580_timeseries.csv", "SCB", 2, am_dashboard.read_am_series),
    Source("transcribed/lulea_samband_inflyttning_panel_0580.csv", "SCB", 3, lulea.read_lulea_panel),
    Source("transcribed/linkoping_published_page_values.csv", "", 4, linkoping_pages.read_page_values),
    Source("transcribed/esf_project_text_values.csv", "ESF-rådets projektbank", 5, esf.read_esf),
)
