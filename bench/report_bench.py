"""Benchmark: ``segstats report --year 2021`` against the same figures drawn in one process into one PDF.

    .venv/bin/python bench/report_bench.py [--repeat 3]

The baseline is what a plain script would do: one Python process that loads the data, draws
every figure of the reports (status, indicators, districts) with the same segstats plot
functions and writes them into one PDF with matplotlib's PdfPages. Both run as fresh
processes, in the same run, alternately; the ratio of their medians is printed (target: at
most 1.5). Then the report pipeline is taken apart to show where its time goes: the command's
start, the kernel's start, the notebooks' execution, the HTML export and WeasyPrint.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import segstats
from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import analysis as measure_analysis
from segstats.profile import build_profile
from segstats.reports import labels, plots
from segstats.reports.runner import REPORTS, file_stem

YEAR = 2021
TARGET = 1.5  # issue 16: the report run at most 1.5 times the one-process baseline


def status_figures(year: int, lang: str = "sv"):
    """The status report's figures, drawn as the notebook draws them."""
    measures = measure_analysis.followup_year(segstats.load_measures(), year)
    yield plots.status_totals(measure_analysis.status_totals(measures), lang=lang)
    by_area = measure_analysis.status_counts(measures, by="area_no").drop(index="total")
    yield plots.status_bars(by_area.rename(index=lambda n: labels.area(n, lang)), lang=lang)
    yield plots.status_bars(measure_analysis.status_by_item(measures, "districts"), lang=lang)
    by_department = measure_analysis.status_by_item(measures, "departments")
    yield plots.status_bars(by_department.rename(index=lambda c: labels.department(c, lang)), lang=lang)


def indicator_figures(lang: str = "sv"):
    """The indicator report's figures: a trend per plan indicator with district data, a peer chart per comparison."""
    import matplotlib.pyplot as plt

    indicators, catalogue = segstats.load_indicators(), segstats.indicator_catalogue()
    plan = catalogue[catalogue["plan"]]
    for _, entry in plan.iterrows():
        rows = indicator_analysis.trend_rows(indicators, entry["id"])
        if rows.loc[rows["district"].notna(), "value"].isna().all():
            continue
        unit, decimals = labels.indicator_format(entry)
        breaks = entry["break_rules"]
        yield plots.indicator_trend(rows, unit=unit, decimals=decimals, breaks=breaks, lang=lang)
    for _, entry in plan.iterrows():
        blocks = list(indicator_analysis.peer_values(indicators, entry["id"]).groupby("district", sort=False))
        if not blocks:
            continue
        fig, axes = plt.subplots(len(blocks), 1, figsize=(plots.FULL_WIDTH, 1.2 * len(blocks) + 0.3))
        for ax, (_, block) in zip(fig.axes, blocks, strict=True):
            plots.peer_distribution(block, unit=entry["unit"], decimals=int(entry["decimals"]), lang=lang, ax=ax)
        yield axes[0]


def district_figures(year: int, lang: str = "sv"):
    """The districts report's figures: per district its measures by development area and status."""
    import matplotlib.pyplot as plt

    measures, indicators, catalogue, geographies = (
        segstats.load_measures(),
        segstats.load_indicators(),
        segstats.indicator_catalogue(),
        segstats.load_geographies(),
    )
    for district in codes.codes("district"):
        profile = build_profile(measures, indicators, catalogue, district, year, geographies=geographies)
        by_area = profile.measures.drop(index="total")[codes.codes("status")]
        _, ax = plt.subplots(figsize=(plots.FULL_WIDTH, 1.8), layout="constrained")
        yield plots.status_bars(by_area.rename(index=lambda n: labels.area(n, lang)), lang=lang, wrap=70, ax=ax)


def baseline(pdf: Path) -> None:
    """Draw every figure of the reports into one PDF (run in its own process by the benchmark)."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with plots.style(), PdfPages(pdf) as pages:
        figures = [status_figures(YEAR), indicator_figures(), district_figures(YEAR)]
        for ax in (ax for drawn in figures for ax in drawn):
            pages.savefig(ax.figure)
            plt.close("all")


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def where_the_time_goes(out: Path) -> list[tuple[str, float]]:
    """The report pipeline's steps, timed one by one on the notebooks the timed run executed."""
    import nbformat

    from segstats.reports.printing import print_pdf, to_html

    command = [sys.executable, "-c", "import sys; sys.modules['rfc3987_syntax'] = None; import segstats.reports.runner"]
    parts = [("command start: Python and imports", timed(command))]
    for name in REPORTS:
        executed = nbformat.read(out / str(YEAR) / f"{file_stem(name, YEAR, 'sv')}.ipynb", as_version=4)
        cells = sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in executed.cells)
        parts.append((f"{name}: kernel start and papermill", executed.metadata["papermill"]["duration"] - cells))
        parts.append((f"{name}: notebook execution (its cells)", cells))
        start = time.perf_counter()
        html = to_html(executed, year=YEAR, lang="sv", title=name, sources=[])
        parts.append((f"{name}: HTML export (nbconvert)", time.perf_counter() - start))
        start = time.perf_counter()
        print_pdf(html, out / f"{name}-again.pdf")
        parts.append((f"{name}: PDF (WeasyPrint)", time.perf_counter() - start))
    return parts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3, help="runs of each (default 3); the medians are compared")
    p.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)  # the baseline's own process
    args = p.parse_args()
    if args.baseline:
        baseline(args.baseline)
        return
    segstats_cli = Path(sys.executable).with_name("segstats")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        report_cmd = [str(segstats_cli), "report", "--year", str(YEAR), "--out", str(out)]
        baseline_cmd = [sys.executable, __file__, "--baseline", str(out / "baseline.pdf")]
        report_times, baseline_times = [], []
        for _ in range(args.repeat):
            report_times.append(timed(report_cmd))
            baseline_times.append(timed(baseline_cmd))
        report_s, baseline_s = statistics.median(report_times), statistics.median(baseline_times)
        print(f"segstats report --year {YEAR} ({', '.join(REPORTS)}): {report_s:6.2f} s (median of {args.repeat})")
        print(f"baseline: same figures, one process, PdfPages: {baseline_s:6.2f} s")
        print(f"ratio: {report_s / baseline_s:.2f} (target: at most {TARGET})")
        print("\nwhere the report's time goes (seconds, measured one by one):")
        for what, seconds in where_the_time_goes(out):
            print(f"  {what:<58} {seconds:5.2f}")


if __name__ == "__main__":
    main()
