"""Benchmark: segstats.load_indicators() against a bare pandas.read_csv of the same processed file.

    .venv/bin/python bench/bench_indicators.py [--repeat N]

Both are timed in this one process, alternately, after one warm-up each; the ratio of the
medians is printed (target: at most 1.5), and the peak memory of a load (target: under 500 MB).
"""

import argparse
import resource
import statistics
import time
import tracemalloc

import pandas as pd

from segstats import load_indicators, paths


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each (default: %(default)s)")
    args = parser.parse_args()
    path = paths.processed_dir() / paths.INDICATORS_FILE

    def bare() -> pd.DataFrame:
        return pd.read_csv(path)

    table = load_indicators()
    bare()
    loads, reads = [], []
    for _ in range(args.repeat):
        reads.append(_seconds(bare))
        loads.append(_seconds(load_indicators))
    tracemalloc.start()
    load_indicators()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux

    read, load = statistics.median(reads), statistics.median(loads)
    regso = table[table["geo_kind"] == "regso"]["geo_code"].nunique()
    print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, {len(table):,} rows, {regso:,} RegSOs")
    print(f"pandas.read_csv          {read * 1000:7.1f} ms (median of {args.repeat})")
    print(f"load_indicators()        {load * 1000:7.1f} ms (read, dtypes, validation)")
    print(f"ratio                    {load / read:7.2f}   (target <= 1.5)")
    print(f"peak memory of a load    {peak / 1e6:7.1f} MB (Python and numpy allocations; target < 500 MB)")
    print(f"peak RSS of this process {rss:7.1f} MB (interpreter and libraries included)")


if __name__ == "__main__":
    main()
