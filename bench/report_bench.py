"""Benchmark: ``segstats report --year 2021`` against the same figures drawn in one process into one PDF.

    .venv/bin/python bench/report_bench.py [--repeat 3]

The baseline is what a plain script would do: one Python process that loads the data, draws
every figure of the reports (status, indicators, districts: charts and maps) with the same segstats
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
from segstats import paths
from segstats.measures import analysis as measure_analysis
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


def page_figures(year: int, lang: str = "sv"):
    """The indicators and districts reports' figures, drawn by the page functions their notebooks render.

    The sections of ``notebooks/indicators.py`` and ``notebooks/districts.py`` in their order (the
    trends and dot plots, the same-type distributions, the whole-city strips, the maps, the
    districts' status bars); their tables and texts are made too, as a script calling them would.
    """
    from segstats.reports import district_pages as d
    from segstats.reports import indicator_pages as i
    from segstats.reports.load import load_report_data
    from segstats.reports.show import Chart

    data = load_report_data(paths.DATA_DIR)
    ind = i.report(data, year=year, baseline_year=YEAR, lang=lang)
    dis = d.report(data, year=year, baseline_year=YEAR, lang=lang)
    sections = [
        *(f(ind) for f in (i.title, i.introduction, i.charts, i.missing, i.peers, i.change, i.segregation)),
        *(f(ind) for f in (i.appendix, i.about)),
        *(f(dis) for f in (d.title, d.overview)),
        *(d.district(dis, profile) for profile in dis.profiles),
        d.about(dis),
    ]
    for part in (part for section in sections for part in section):
        if isinstance(part, Chart):
            yield part.figure


def baseline(pdf: Path) -> None:
    """Draw every figure of the reports into one PDF (run in its own process by the benchmark)."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with plots.style(), PdfPages(pdf) as pages:
        figures = [status_figures(YEAR), page_figures(YEAR)]
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
