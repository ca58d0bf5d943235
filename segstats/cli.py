"""The segstats command line: build the data, summarise it, report on it; its words from words/cli.yaml."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from segstats import codes, interrupts, lock, paths, words
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
from segstats.words import LANGS, say

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
            raise SegstatsError("messages.cannot_write_kept", path=where, reason=exc.strerror) from None
    for path in written:
        log.info(say("messages.wrote", path=path))


def _summary(args: argparse.Namespace) -> None:
    lang = words.language()
    measures = load_measures(args.data_dir)
    year = args.year or int(measures["year"].max())
    table = status_counts(followup_year(measures, year))
    total = words.text("labels.total", lang)
    table.columns = [codes.label("status", c, lang) if c != "total" else total for c in table.columns]
    table.index = [
        words.text("cli.area", lang, area=str(i), name=codes.label("area", str(i), lang)) if i != "total" else total
        for i in table.index
    ]
    print(words.text("cli.summary_heading", lang, year=str(year)))
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
        lang=args.lang or "sv",  # a published report is Swedish unless English is asked for
        out_dir=Path(args.out),
        data_dir=_data(args),
    )
    report.run(job)


def _template(args: argparse.Namespace) -> None:
    suffix = Path(args.out).suffix.lstrip(".").lower() if args.out else None
    if args.format and suffix in FORMATS and suffix != args.format:
        raise SegstatsError("messages.format_and_name", format=args.format, out=args.out)
    fmt = args.format or (suffix if suffix in FORMATS else "xlsx")
    out = Path(args.out or f"uppfoljning_{args.year}_mall.{fmt}")
    path = write_template(load_measures(args.data_dir), args.year, out, fmt)
    log.info(say("messages.wrote_template", year=args.year, path=path))


def _import(args: argparse.Namespace) -> None:
    with _writing_data(args):
        import_template(args.file, args.year, args.data_dir)


def _coverage(args: argparse.Namespace) -> None:
    lang = words.language()
    catalogue = read_catalogue(args.data_dir)
    chosen = [i.id for i in catalogue.values() if i.plan or args.all]
    table = coverage(load_indicators(args.data_dir), chosen)
    names = {kind: codes.label("geo_kind", kind, lang) for kind in GEO_LETTERS}
    names["stadsdel"] = words.text("cli.own_division", lang, kind=names["stadsdel"])
    legend = ", ".join(f"{letter} {names[kind]}" for kind, letter in GEO_LETTERS.items())
    print(words.text("cli.coverage_heading", lang, legend=legend, gap=GAP))
    # The indicators by name, as the catalogue words them in the language asked for.
    named = {i.id: getattr(i, f"name_{lang}") for i in catalogue.values()}
    for block in table.index.unique("district"):
        print(f"\n{block}")
        rows = table.loc[block]
        rows.index = [named[i] for i in rows.index]
        print(rows.to_string(index_names=False))


def _fetch(args: argparse.Namespace) -> None:
    catalogue = read_catalogue(args.data_dir)
    fetchable = [i for i in catalogue.values() if i.fetch]
    if args.indicator:
        unknown = sorted(set(args.indicator) - {i.id for i in fetchable})
        if unknown:
            allowed = ", ".join(i.id for i in fetchable)
            # An entry without a fetch spec names its source: the table that would bring other years.
            sources = [
                say("messages.comes_from", indicator=i, table=catalogue[i].source_table)
                for i in unknown
                if i in catalogue
            ]
            named = say("messages.sources_of", sources=sources) if sources else ""
            raise SegstatsError("messages.cannot_fetch", unknown=", ".join(unknown), allowed=allowed, sources=named)
        fetchable = [i for i in fetchable if i.id in args.indicator]
    if args.dry_run:
        print(pxweb.dry_run(fetchable, paths.indicators_raw_dir(args.data_dir), api_url=args.api_url))
        return
    with _writing_data(args):
        written = pxweb.fetch(fetchable, paths.indicators_raw_dir(args.data_dir), api_url=args.api_url)
    for path in written:
        log.info(say("messages.wrote", path=path))
    log.info(say("messages.build_next"))


def _lab(args: argparse.Namespace) -> None:
    from segstats.explore import lab  # JupyterLab is only needed here

    sys.exit(lab.run_lab(*args.lab_args, data_dir=args.data_dir))


def _dashboard(args: argparse.Namespace) -> None:
    from segstats.explore import dashboard  # Voilà is only needed here

    sys.exit(
        dashboard.serve(args.port, open_browser=not args.no_browser, data_dir=args.data_dir, max_pages=args.max_pages)
    )


def parser(lang: str = "sv") -> argparse.ArgumentParser:
    """The argument parser of the ``segstats`` command, its help in ``lang``."""

    def said(key: str, **values: object) -> str:
        return words.text(f"cli.{key}", lang, **values)

    class Help(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):  # argparse's own "usage: "
            super().add_usage(usage, actions, groups, prefix=said("usage") if prefix is None else prefix)

    def made(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        """``parser`` with argparse's own words (its option heading, -h) in ``lang`` too."""
        parser._optionals.title = said("options")
        parser._positionals.title = said("arguments")
        parser.add_argument("-h", "--help", action="help", help=said("help_help"))
        return parser

    languages = argparse.ArgumentParser(add_help=False)
    languages.add_argument("--lang", choices=LANGS, help=said("lang_help"))
    p = made(
        argparse.ArgumentParser(
            prog="segstats", description=said("description"), parents=[languages], add_help=False, formatter_class=Help
        )
    )
    p.add_argument("--data-dir", help=said("data_dir_help"))
    sub = p.add_subparsers(dest="command", required=True, title=said("commands"))

    def command(name: str, description: str | None = None) -> argparse.ArgumentParser:
        return made(
            sub.add_parser(
                name,
                parents=[languages],
                help=said(f"{name}_help"),
                description=description,
                add_help=False,
                formatter_class=Help,
            )
        )

    command("build").set_defaults(func=_build)
    summary = command("summary")
    summary.add_argument("--year", type=int, help=said("year_latest_help"))
    summary.set_defaults(func=_summary)
    report = command("report", description=said("report_description", reports=", ".join(paths.REPORTS)))
    which = report.add_mutually_exclusive_group()
    which.add_argument("--year", type=int, help=said("year_latest_help"))
    which.add_argument("--all-years", action="store_true", help=said("all_years_help"))
    report.add_argument("--out", default=str(paths.REPORTS_DIR), help=said("out_help"))
    report.add_argument(
        "--report",
        action="append",
        choices=paths.REPORTS,
        metavar="NAME",
        help=said("report_names_help", reports=", ".join(paths.REPORTS)),
    )
    report.set_defaults(func=_report)
    template = command("template")
    template.add_argument("--year", type=int, required=True, help=said("template_year_help"))
    template.add_argument("--format", choices=FORMATS, help=said("format_help"))
    template.add_argument("--out", help=said("template_out_help"))
    template.set_defaults(func=_template)
    imported = command("import")
    imported.add_argument("file", help=said("file_help"))
    imported.add_argument("--year", type=int, required=True, help=said("import_year_help"))
    imported.set_defaults(func=_import)
    cover = command("coverage")
    cover.add_argument("--all", action="store_true", help=said("all_help"))
    cover.set_defaults(func=_coverage)
    fetch = command("fetch")
    fetch.add_argument("--indicator", action="append", help=said("indicator_help"))
    fetch.add_argument("--api-url", default=pxweb.API_URL, help=said("api_url_help", url=pxweb.API_URL))
    fetch.add_argument("--dry-run", action="store_true", help=said("dry_run_help"))
    fetch.set_defaults(func=_fetch)
    command("lab", description=said("lab_description")).set_defaults(func=_lab)
    dashboard = command("dashboard", description=said("dashboard_description"))
    dashboard.add_argument("--port", type=int, help=said("port_help"))
    dashboard.add_argument("--no-browser", action="store_true", help=said("no_browser_help"))
    dashboard.add_argument("--max-pages", type=int, help=said("max_pages_help"))
    dashboard.set_defaults(func=_dashboard)
    return p


def _asked_language(argv: list[str]) -> str:
    """The language ``argv`` asks for with ``--lang`` (before it is parsed, for the help), else the locale's."""
    for i, arg in enumerate(argv):
        given = (
            arg.split("=", 1)[1]
            if arg.startswith("--lang=")
            else argv[i + 1]
            if arg == "--lang" and i + 1 < len(argv)
            else None
        )
        if given in LANGS:
            return given
    return words.environment_language()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; a user error is one line on stderr and exit code 1.

    Messages are in the language of ``--lang``, else of the locale (English for ``en_*``),
    else Swedish; reports are Swedish unless ``--lang en`` asks for English.
    """
    # segstats' own steps at INFO; the libraries under it (papermill, WeasyPrint, fontTools) only warn.
    logging.basicConfig(level=logging.WARNING, format="segstats: %(message)s")
    logging.getLogger("segstats").setLevel(logging.INFO)
    # WeasyPrint warns on every font when the system lacks HarfBuzz-Subset; the PDF is fine without it.
    logging.getLogger("weasyprint").addFilter(lambda record: "HarfBuzz-Subset" not in record.getMessage())
    argv = sys.argv[1:] if argv is None else argv
    lang = _asked_language(argv)
    p = parser(lang)
    # Only "lab" takes options of its own: those of jupyter lab, which argparse cannot know.
    args, rest = p.parse_known_args(argv)
    if rest and args.command != "lab":
        p.error(words.text("cli.unrecognized", lang, arguments=" ".join(rest)))
    args.lab_args = rest
    with words.speaking(args.lang or lang):
        try:
            # Ctrl-C and SIGTERM stop a command that writes where it is: what it staged is removed on
            # the way out, and a commit under way is finished first. (report stops its kernels itself;
            # lab and dashboard pass the signal to their servers.)
            with interrupts.stopping() if args.command in _STOPPABLE else nullcontext():
                args.func(args)
        except SegstatsError as exc:
            print(say("messages.error_line", message=exc), file=sys.stderr)
            return exc.exit_code if isinstance(exc, Interrupted) else 1
        except KeyboardInterrupt as exc:
            stop = exc if isinstance(exc, interrupts.Stop) else interrupts.Stop(signal.SIGINT)
            interrupted = Interrupted(stop.signum, completed=stop.completed)
            print(say("messages.error_line", message=interrupted), file=sys.stderr)
            return 128 + stop.signum
        except BrokenPipeError:  # summary | head: the reader has what it wanted
            sys.stdout = open(os.devnull, "w")  # Python flushes stdout at exit, which would fail again
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
