"""One loader of everything a report needs: read and validated once per data version, cached on disk for the kernels."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import platform
import stat
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from segstats import paths

if TYPE_CHECKING:
    import geopandas as gpd
from segstats.io import replacing

log = logging.getLogger(__name__)

# The files a report's data are read from, below the data folder; the cache key is their content.
INPUTS = (
    Path("processed") / paths.MEASURES_FILE,
    Path("processed") / paths.LINEAGE_FILE,
    Path("processed") / paths.AREA_SUMMARIES_FILE,
    Path("processed") / paths.INDICATORS_FILE,
    Path("processed") / paths.GEOGRAPHIES_FILE,
    Path("processed") / paths.BOUNDARIES_FILE,
    Path(paths.CATALOGUE_FILE),
)
# Cached data versions kept; older ones are removed when a new one is written (each is a few MB).
KEEP = 4
_SUFFIX = ".pickle"
_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ReportData:
    """Every table a report notebook reads, validated as the loaders give them. Treat them as read-only.

    Attributes:
        measures: :func:`segstats.load_measures`, every follow-up year.
        lineage: :func:`segstats.load_lineage`.
        area_summaries: :func:`segstats.load_area_summaries`, the follow-up reports' prose per development area.
        indicators: :func:`segstats.load_indicators`.
        catalogue: :func:`segstats.indicator_catalogue`.
        geographies: :func:`segstats.load_geographies`.
        boundaries: :func:`segstats.load_boundaries`, Linköping's RegSO and DeSO polygons (a
            GeoDataFrame); None only where a report is made without maps (tables built in a test).
    """

    measures: pd.DataFrame
    lineage: pd.DataFrame
    area_summaries: pd.DataFrame
    indicators: pd.DataFrame
    catalogue: pd.DataFrame
    geographies: pd.DataFrame
    boundaries: gpd.GeoDataFrame | None = None

    @property
    def years(self) -> list[int]:
        """The years that have a follow-up."""
        return sorted(int(y) for y in self.measures["year"].unique())

    def followup(self, year: int) -> pd.DataFrame:
        """The measures of one follow-up year; a year without one is an error naming those with one."""
        from segstats.measures.analysis import followup_year

        return followup_year(self.measures, year)


def load_report_data(data_dir: Path | str | None = None, *, cache_dir: Path | None = None) -> ReportData:
    """Everything a report reads from ``data_dir``, from the cache when this data version is in it.

    The cache is keyed by the sha256 of every input file (:data:`INPUTS`), the package's
    version and its code, so a changed table, catalogue or loader is never served from an old
    entry. It is written atomically (a run beside this one reads a whole entry or none); a
    cache folder that is missing, read-only or not the user's own only means no cache.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).
        cache_dir: where entries are kept (default: ``report-data/`` in :func:`segstats.paths.runtime_dir`).

    Raises:
        SegstatsError: as the loaders do, for a missing or invalid table or catalogue.
    """
    folder = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
    key = cache_key(data_dir)
    if key is None or folder is None:
        return _load(data_dir)
    entry = folder / f"{key}{_SUFFIX}"
    cached = _read(entry, key)
    if cached is not None:
        return cached
    data = _load(data_dir)
    if cache_key(data_dir) == key:  # not while a build replaced the tables under the loaders
        _write(entry, key, data)
    return data


def _default_cache_dir() -> Path | None:
    try:
        return paths.runtime_dir() / "report-data"
    except RuntimeError:  # no home folder to put it in: no cache
        return None


def cache_key(data_dir: Path | str | None = None) -> str | None:
    """The sha256 naming this data version, or None when an input is missing (then the loaders say what)."""
    digest = hashlib.sha256()
    for part in (_code_version(), platform.python_version(), pd.__version__):
        digest.update(part.encode() + b"\0")
    root = Path(data_dir or paths.DATA_DIR)
    for name in INPUTS:
        try:
            content = (root / name).read_bytes()
        except OSError:
            return None
        digest.update(f"{name}\0{hashlib.sha256(content).hexdigest()}\0".encode())
    return digest.hexdigest()


def _code_version() -> str:
    """The package's version and a digest of its code: a checkout edited since the entry was made never reads it."""
    try:
        version = metadata.version("linkoping-segstats")
    except metadata.PackageNotFoundError:
        version = "unknown"
    code = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        code.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{version}:{code.hexdigest()}"


def _load(data_dir: Path | str | None) -> ReportData:
    # Imported here: a kernel that finds its data in the cache never loads the validation library.
    from segstats.indicators.boundaries import load_boundaries
    from segstats.indicators.catalogue import indicator_catalogue
    from segstats.indicators.store import load_geographies, load_indicators
    from segstats.measures.lineage import load_lineage
    from segstats.measures.store import load_area_summaries, load_measures

    return ReportData(
        measures=load_measures(data_dir),
        lineage=load_lineage(data_dir),
        area_summaries=load_area_summaries(data_dir),
        indicators=load_indicators(data_dir),
        catalogue=indicator_catalogue(data_dir),
        geographies=load_geographies(data_dir),
        boundaries=load_boundaries(data_dir),
    )


def _own_private_folder(folder: Path) -> bool:
    """Whether ``folder`` is a folder of this user that no one else may write: only then is unpickling from it safe."""
    try:
        info = folder.stat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(entry: Path, key: str) -> ReportData | None:
    if not _own_private_folder(entry.parent):
        return None
    try:
        with entry.open("rb") as f:
            stored_key, data = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged entry, or one of another pandas: loaded anew, and replaced
        log.debug("report data cache: %s unreadable (%s); loading the tables", entry, exc)
        return None
    if stored_key != key or not isinstance(data, ReportData):
        return None
    return data


def _write(entry: Path, key: str, data: ReportData) -> None:
    """Write ``entry`` whole or not at all; any failure only means no cache."""
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _own_private_folder(entry.parent):
            log.debug("report data cache: %s is not a private folder of this user; not used", entry.parent)
            return
        with replacing(entry) as tmp:
            with tmp.open("wb") as f:
                pickle.dump((key, data), f, protocol=pickle.HIGHEST_PROTOCOL)
        _prune(entry.parent, keep=entry)
    except OSError as exc:
        log.debug("report data cache: cannot write %s (%s); the reports load the tables themselves", entry, exc)


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the :data:`KEEP` newest entries (a reader that has one open still reads it whole).

    Another run's temporary file (a dot name) is never an entry, so its write is never cut short.
    """

    def modified(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:  # removed meanwhile by a run beside this one
            return 0.0

    entries = sorted(folder.glob(f"[!.]*{_SUFFIX}"), key=modified, reverse=True)
    for old in [p for p in entries if p != keep][KEEP - 1 :]:
        old.unlink(missing_ok=True)
