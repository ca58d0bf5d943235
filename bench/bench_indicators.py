"""Benchmark: build and load the indicator table, on the shipped data and on a fictional national panel.

    .venv/bin/python bench/bench_indicators.py [--repeat N] [--panel-only]

Two tables, each timed in this one process: the shipped ``data/processed/indicators.csv``, and a
**fictional** national panel of full size written into a temporary folder: every RegSO and DeSO
of Sweden (and Sweden, Linköping), the plan's 13 indicators, 2011–2024, random values (labelled
fictional in ``source``). For each: ``load_indicators()`` against a bare ``pandas.read_csv`` of the
same file, alternately after one warm-up, and the ratio of the medians (target: at most 1.5); the
peak memory of a process that only loads it (target: under 500 MB). For the panel also the time
to validate and write it with ``segstats build``'s own writer.
"""

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from segstats import load_geographies, load_indicators, paths
from segstats.indicators.catalogue import read_catalogue
from segstats.indicators.sources import ROW_COLUMNS
from segstats.indicators.store import write_tables

FICTIONAL = "FIKTIV / fictional (bench/bench_indicators.py)"
YEARS = range(2011, 2025)
# Fictional values: a range per unit.
RANGES = {"%": (0, 100), "tkr": (100, 600), "dagar": (5, 60)}


def fictional_panel(geographies: pd.DataFrame, catalogue: dict, seed: int = 2024) -> pd.DataFrame:
    """Rows for every plan indicator × national geography (riket, kommun, RegSO, DeSO) × year."""
    rng = np.random.default_rng(seed)
    places = geographies[geographies["geo_kind"].isin(["riket", "kommun", "regso", "deso"])]
    plan = [i for i in catalogue.values() if i.plan]
    n_places, n_years = len(places), len(YEARS)
    frames = []
    for indicator in plan:
        low, high = indicator.plausible or RANGES[indicator.unit]  # within the catalogue's plausible range
        value = rng.uniform(low, high, n_places * n_years).round(indicator.decimals)
        value[rng.random(value.size) < 0.02] = np.nan  # a few suppressed cells, as SCB's ".."
        frames.append(
            pd.DataFrame(
                {
                    "indicator": indicator.id,
                    "geo_kind": np.repeat(places["geo_kind"].astype(str).to_numpy(), n_years),
                    "geo_code": np.repeat(places["geo_code"].to_numpy(), n_years),
                    "year": np.tile(np.array(YEARS), n_places),
                    "value": value,
                    "source": FICTIONAL,
                    "source_ref": "bench/fictional",
                    "derived": False,
                    "note": np.where(np.isnan(value), "no value: the source has '..'", None),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[ROW_COLUMNS]


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# The peak RSS of the process itself: VmHWM belongs to the process's own memory map, whereas
# getrusage's ru_maxrss in a child also counts what its parent held when it forked.
_PEAK = "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"


def _peak_mb(code: str, *args: str) -> float:
    out = subprocess.run([sys.executable, "-c", f"{code}; {_PEAK}", *args], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1]) / 1024  # kB


def _peak_mb_of_a_load(data_dir: Path) -> float:
    """Peak RSS of a fresh process that imports segstats and loads the table (interpreter included)."""
    return _peak_mb("import sys, segstats; segstats.load_indicators(sys.argv[1])", str(data_dir))


def _peak_mb_of_imports() -> float:
    return _peak_mb("import segstats")


def compare(label: str, data_dir: Path | None, repeat: int) -> None:
    path = paths.processed_dir(data_dir) / paths.INDICATORS_FILE

    def bare() -> pd.DataFrame:
        return pd.read_csv(path)

    table = load_indicators(data_dir)
    bare()
    loads, reads = [], []
    for _ in range(repeat):
        reads.append(_seconds(bare))
        loads.append(_seconds(lambda: load_indicators(data_dir)))
    read, load = statistics.median(reads), statistics.median(loads)
    kinds = table.groupby("geo_kind", observed=True)["geo_code"].nunique().to_dict()
    print(f"\n{label}: {path.stat().st_size / 1e6:.1f} MB, {len(table):,} rows, geographies {kinds}")
    print(f"  pandas.read_csv            {read * 1000:8.0f} ms (median of {repeat})")
    print(f"  load_indicators()          {load * 1000:8.0f} ms (read, dtypes, validation)")
    print(f"  ratio                      {load / read:8.2f}    (target <= 1.5)")
    print(f"  peak RSS of a load         {_peak_mb_of_a_load(data_dir or paths.DATA_DIR):8.0f} MB (target < 500 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (default: %(default)s)")
    parser.add_argument("--panel-only", action="store_true", help="only the fictional national panel")
    args = parser.parse_args()
    print(f"peak RSS of 'import segstats' alone: {_peak_mb_of_imports():.0f} MB")
    if not args.panel_only:
        compare("shipped data/processed/indicators.csv", None, args.repeat)
    catalogue = read_catalogue()
    geographies = load_geographies()
    rows = fictional_panel(geographies, catalogue)
    with tempfile.TemporaryDirectory(prefix="segstats-bench-") as tmp:
        data_dir = Path(tmp)
        shutil.copy(paths.catalogue_path(), paths.catalogue_path(data_dir))
        out = paths.processed_dir(data_dir)
        out.mkdir()
        write = _seconds(lambda: write_tables(rows, geographies, catalogue, out, "the fictional panel"))
        print(f"\nfictional national panel: validated and written by segstats build's writer in {write:.1f} s")
        compare("fictional national panel", data_dir, max(1, args.repeat // 2))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"\npeak RSS of this benchmark process {rss:.0f} MB (bare reads and the panel itself included)")


if __name__ == "__main__":
    main()
