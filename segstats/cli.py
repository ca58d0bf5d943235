"""The ``segstats`` command line: build the data, summarise it, and report on it."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from segstats import codes, interrupts, lock, paths
from segstats.errors import Interrupted, SegstatsError
from segstats.indicators import pxweb
from segstats.indicators.analysis import GAP, GEO_LETTERS, coverage
from segstats.indicators.boundaries import build_boundaries
from segstats.indicators.catalogue import read_catalogue
from segstats.indicators.store import build_indicators, load_indicators
from segstats.io import Transaction, remove_stale_temporaries
from segstats.measures.analysis import followup_year, status_counts
from segstats.measures.store import build_measures, import_template, load_measures
from segstats.measures.template import FORMATS, write_template
from segstats.reports import words
from segstats.reports.fmt import LANGS

log = logging.getLogger("segstats")
_STOPPABLE = {"build", "import", "fetch", "template", "summary", "coverage"}


def _data(args: argparse.Namespace) -> Path:
    return Path(args.data_dir or paths.DATA_DIR)


@contextmanager
def _writing_data(args: argparse.Namespace) -> Iterator[None]:
    """The data folder held by this command alone, cleared of what a killed command left."""
    with lock.holding(_data(args), args.command):
        for folder in (
            paths.processed_dir(args.data_dir),
            paths.followups_dir(args.data_dir),
            paths.raw_dir(args.data_dir),
            paths.indicators_raw_dir(args.data_dir) / pxweb.FETCH_DIR,
            paths.indicators_raw_dir(args.data_dir) / pxweb.METADATA_DIR,
        ):
            remove_stale_temporaries(folder)
        yield


def _build(args: argparse.Namespace) -> None:
    with _writing_data(args):
        try:
            with Transaction() as transaction:  # the processed tables and the map layer together, or none
                written = [
                    build_measures(args.data_dir, transaction),
                    *build_indicators(args.data_dir, transaction),
                    build_boundaries(args.data_dir, transaction),
                ]
        except OSError as exc:  # a full disk, a folder not writable: the staged tables are gone again
            where = exc.filename or paths.processed_dir(args.data_dir)
            raise SegstatsError(f"cannot write {where}: {exc.strerror}; the previous tables are kept") from None
    for path in written:
        log.info("wrote %s", path)


def _summary(args: argparse.Namespace) -> None:
    measures = load_measures(args.data_dir)
    year = args.year or int(measures["year"].max())
    table = status_counts(followup_year(measures, year))
    total = words.text("labels.total", args.lang)
    table.columns = [codes.label("status", c, args.lang) if c != "total" else total for c in table.columns]
    table.index = [words.text("cli.area", args.lang, area=i) if i != "total" else total for i in table.index]
    print(words.text("cli.summary_heading", args.lang, year=str(year)))
    print(table.to_string())


def _report(args: argparse.Namespace) -> None:
    # jsonschema (under nbformat) imports rfc3987_syntax when installed, which builds a grammar at
    # import: a second of every run, for IRI checks a notebook's schema never makes. A module
    # marked absent is skipped by jsonschema like a missing one.
    # (typeshed types sys.modules' values as modules only; None is the import system's documented "absent".)
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    from segstats.reports import (
        runner as report,  # papermill, nbconvert and WeasyPrint load slowly; only this command needs them
    )

    years = report.followup_years(args.data_dir)
    job = report.Run(
        years=tuple(years) if args.all_years else (args.year or years[-1],),
        reports=tuple(dict.fromkeys(args.report or report.REPORTS)),
        lang=args.lang,
        out_dir=Path(args.out),
        data_dir=_data(args),
    )
    report.run(job)


def _template(args: argparse.Namespace) -> None:
    suffix = Path(args.out).suffix.lstrip(".").lower() if args.out else None
    if args.format and suffix in FORMATS and suffix != args.format:
        raise SegstatsError(f"--format {args.format} does not match the file name {args.out}")
    fmt = args.format or (suffix if suffix in FORMATS else "xlsx")
    out = Path(args.out or f"uppfoljning_{args.year}_mall.{fmt}")
    path = write_template(load_measures(args.data_dir), args.year, out, fmt)
    log.info("wrote the template of %s: %s", args.year, path)


def _import(args: argparse.Namespace) -> None:
    with _writing_data(args):
        import_template(args.file, args.year, args.data_dir)


def _coverage(args: argparse.Namespace) -> None:
    catalogue = read_catalogue(args.data_dir)
    chosen = [i.id for i in catalogue.values() if i.plan or args.all]
    table = coverage(load_indicators(args.data_dir), chosen)
    names = {kind: codes.label("geo_kind", kind, args.lang) for kind in GEO_LETTERS}
    names["stadsdel"] = words.text("cli.own_division", args.lang, kind=names["stadsdel"])
    legend = ", ".join(f"{letter} {names[kind]}" for kind, letter in GEO_LETTERS.items())
    print(words.text("cli.coverage_heading", args.lang, legend=legend, gap=GAP))
    for block in table.index.unique("district"):
        print(f"\n{block}")
        print(table.loc[block].to_string(index_names=False))


def _fetch(args: argparse.Namespace) -> None:
    catalogue = read_catalogue(args.data_dir)
    fetchable = [i for i in catalogue.values() if i.fetch]
    if args.indicator:
        unknown = sorted(set(args.indicator) - {i.id for i in fetchable})
        if unknown:
            allowed = ", ".join(i.id for i in fetchable)
            # An entry without a fetch spec names its source: the table that would bring other years.
            sources = "".join(f"; {i} comes from {catalogue[i].source_table}" for i in unknown if i in catalogue)
            raise SegstatsError(f"cannot fetch {', '.join(unknown)}; indicators with a fetch spec: {allowed}{sources}")
        fetchable = [i for i in fetchable if i.id in args.indicator]
    if args.dry_run:
        print(pxweb.dry_run(fetchable, paths.indicators_raw_dir(args.data_dir), api_url=args.api_url))
        return
    with _writing_data(args):
        written = pxweb.fetch(fetchable, paths.indicators_raw_dir(args.data_dir), api_url=args.api_url)
    for path in written:
        log.info("wrote %s", path)
    log.info("run 'segstats build' to turn them into data/processed/indicators.csv")


def _lab(args: argparse.Namespace) -> None:
    from segstats.explore import lab  # JupyterLab is only needed here

    sys.exit(lab.run_lab(*args.lab_args))


def _dashboard(args: argparse.Namespace) -> None:
    from segstats.explore import dashboard  # Voilà is only needed here

    sys.exit(dashboard.serve(args.port, open_browser=not args.no_browser))


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``segstats`` command."""
    p = argparse.ArgumentParser(prog="segstats", description=__doc__)
    p.add_argument("--data-dir", help="a project data/ folder (default: the project's own)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="parse data/raw/ into data/processed/").set_defaults(func=_build)
    summary = sub.add_parser("summary", help="print the status counts of a follow-up year")
    summary.add_argument("--year", type=int, help="follow-up year (default: the latest)")
    summary.add_argument("--lang", choices=LANGS, default="sv", help="language of the table (default: sv)")
    summary.set_defaults(func=_summary)
    report = sub.add_parser(
        "report",
        help="run the report notebooks and print them to PDF in OUT/<year>/",
        description="Run every report notebook for a follow-up year and print it to PDF, with the executed "
        "notebook beside it and every table as CSV and XLSX in OUT/<year>/tables/.",
    )
    which = report.add_mutually_exclusive_group()
    which.add_argument("--year", type=int, help="follow-up year (default: the latest)")
    which.add_argument("--all-years", action="store_true", help="every year that has a follow-up")
    report.add_argument("--lang", choices=LANGS, default="sv", help="language of the reports (default: sv)")
    report.add_argument("--out", default=str(paths.REPORTS_DIR), help="output folder (default: the project's reports/)")
    report.add_argument("--report", action="append", metavar="NAME", help="only this report (repeatable; default: all)")
    report.set_defaults(func=_report)
    template = sub.add_parser("template", help="write a year's follow-up template, pre-filled from the year before")
    template.add_argument("--year", type=int, required=True, help="follow-up year of the template")
    template.add_argument("--format", choices=FORMATS, help="xlsx (default) or csv; else from --out's suffix")
    template.add_argument("--out", help="file to write (default: uppfoljning_<year>_mall.<format>)")
    template.set_defaults(func=_template)
    imported = sub.add_parser("import", help="check a filled-in template and add it to data/raw/ and data/processed/")
    imported.add_argument("file", help="the filled-in template (.xlsx or .csv)")
    imported.add_argument("--year", type=int, required=True, help="follow-up year the template holds")
    imported.set_defaults(func=_import)
    cover = sub.add_parser(
        "coverage", help="print which indicator × district × year has data, and from which geography"
    )
    cover.add_argument("--all", action="store_true", help="also the comparison series, not only the plan's indicators")
    cover.add_argument("--lang", choices=LANGS, default="sv", help="language of the legend (default: sv)")
    cover.set_defaults(func=_coverage)
    fetch = sub.add_parser("fetch", help="fetch catalogue indicators from SCB's PxWebApi 2.0 into data/raw/indicators/")
    fetch.add_argument(
        "--indicator", action="append", help="an indicator id (repeatable; default: every fetchable one)"
    )
    fetch.add_argument("--api-url", default=pxweb.API_URL, help="the PxWebApi 2.0 base address (default: %(default)s)")
    fetch.add_argument(
        "--dry-run",
        action="store_true",
        help="print the data requests it would send, built from the tables' metadata that the last fetch "
        "recorded; send nothing and write nothing",
    )
    fetch.set_defaults(func=_fetch)
    lab = sub.add_parser(
        "lab",
        help="open JupyterLab on the exploration notebook with the segstats kernel",
        description="Open JupyterLab on notebooks/explore.ipynb with the segstats kernel; "
        "other options (e.g. --port=9000 --no-browser) go on to jupyter lab.",
    )
    lab.set_defaults(func=_lab)
    dashboard = sub.add_parser(
        "dashboard",
        help="serve the exploration as a page without code (Voilà) on 127.0.0.1, with a token",
        description="Serve the exploration notebook as a page without code on 127.0.0.1 and print its address "
        "with the token; Ctrl-C stops it.",
    )
    dashboard.add_argument("--port", type=int, help="the port (default: a free one)")
    dashboard.add_argument("--no-browser", action="store_true", help="only print the address; open no browser")
    dashboard.set_defaults(func=_dashboard)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; a user error is one line on stderr and exit code 1."""
    # segstats' own steps at INFO; the libraries under it (papermill, WeasyPrint, fontTools) only warn.
    logging.basicConfig(level=logging.WARNING, format="segstats: %(message)s")
    logging.getLogger("segstats").setLevel(logging.INFO)
    # WeasyPrint warns on every font when the system lacks HarfBuzz-Subset; the PDF is fine without it.
    logging.getLogger("weasyprint").addFilter(lambda record: "HarfBuzz-Subset" not in record.getMessage())
    p = parser()
    # Only "lab" takes options of its own: those of jupyter lab, which argparse cannot know.
    args, rest = p.parse_known_args(argv)
    if rest and args.command != "lab":
        p.error(f"unrecognized arguments: {' '.join(rest)}")
    args.lab_args = rest
    try:
        # Ctrl-C and SIGTERM stop a command that writes where it is: what it staged is removed on
        # the way out, and a commit under way is finished first. (report stops its kernels itself;
        # lab and dashboard pass the signal to their servers.)
        with interrupts.stopping() if args.command in _STOPPABLE else nullcontext():
            args.func(args)
    except SegstatsError as exc:
        print(f"segstats: error: {exc}", file=sys.stderr)
        return exc.exit_code if isinstance(exc, Interrupted) else 1
    except KeyboardInterrupt as exc:
        stop = exc if isinstance(exc, interrupts.Stop) else interrupts.Stop(signal.SIGINT)
        print(f"segstats: error: {Interrupted(stop.signum, completed=stop.completed)}", file=sys.stderr)
        return 128 + stop.signum
    return 0


if __name__ == "__main__":
    sys.exit(main())
