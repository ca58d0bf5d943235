"""The ``segstats`` command line: build the data, summarise it, and (later) report on it."""

from __future__ import annotations

import argparse
import logging
import sys

from . import codes
from .analysis import status_counts
from .errors import SegstatsError
from .measures import build_measures, load_measures

log = logging.getLogger("segstats")


def _build(args: argparse.Namespace) -> None:
    path = build_measures(args.data_dir)
    log.info("wrote %s", path)


def _summary(args: argparse.Namespace) -> None:
    measures = load_measures(args.data_dir)
    years = sorted(measures["year"].unique())
    year = args.year or years[-1]
    if year not in years:
        raise SegstatsError(f"no follow-up for {year}; years with data: {', '.join(map(str, years))}")
    table = status_counts(measures[measures["year"] == year])
    table.columns = [codes.label("status", c) if c != "total" else "Totalt" for c in table.columns]
    table.index = [f"Område {i}" if i != "total" else "Totalt" for i in table.index]
    print(f"Status för åtgärderna i uppföljningen {year}:")
    print(table.to_string())


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``segstats`` command."""
    p = argparse.ArgumentParser(prog="segstats", description=__doc__)
    p.add_argument("--data-dir", help="a project data/ folder (default: the project's own)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="parse data/raw/ into data/processed/").set_defaults(func=_build)
    summary = sub.add_parser("summary", help="print the status counts of a follow-up year")
    summary.add_argument("--year", type=int, help="follow-up year (default: the latest)")
    summary.set_defaults(func=_summary)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; a user error is one line on stderr and exit code 1."""
    logging.basicConfig(level=logging.INFO, format="segstats: %(message)s")
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except SegstatsError as exc:
        print(f"segstats: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
