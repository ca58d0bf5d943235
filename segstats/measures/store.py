"""Build the processed measure and lineage tables from every year's raw follow-up, load them, import templates."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from segstats import paths, schema
from segstats.errors import SegstatsError
from segstats.io import Transaction, within, write_csv
from segstats.measures.followup import parse_area_summaries, parse_followup
from segstats.measures.lineage import lineage_from_measures, unmatched_carry_overs
from segstats.measures.template import FORMATS, read_template
from segstats.processed import read_table
from segstats.schema import FIRST_PLAN_YEAR, validate
from segstats.words import say

if TYPE_CHECKING:
    import pandera.pandas as pa

log = logging.getLogger(__name__)


# What Excel ("~$name.xlsx") and LibreOffice (".~lock.name#") leave beside a file they have open.
_OPEN_MARKS = ("~$", ".~lock.")


def read_followups(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every follow-up in ``data/raw/followups/``: the report texts, then the imported templates year by year.

    A template is checked against the years before it (its predecessor ids), so templates are
    read in year order, their year taken from the file name (``2022_uppfoljning_mall.xlsx``).

    Returns:
        The measures of every year in report order, validated.

    Raises:
        SegstatsError: no follow-up at all, two follow-ups of one year, or a bad file.
    """
    folder = paths.followups_dir(data_dir)
    reports = sorted(folder.glob("*.txt"))
    templates = []
    for path in sorted(folder.glob("*")):
        if path.name.startswith(_OPEN_MARKS):
            log.warning(say("messages.open_mark_ignored", path=path))
        elif path.suffix.lower().lstrip(".") in FORMATS:
            templates.append(path)
    templates.sort(key=_template_year)
    if not reports and not templates:
        raise SegstatsError("messages.no_followups", folder=folder)
    frames = [parse_followup(p) for p in reports]
    for path in templates:
        log.info(say("messages.reading_template", file=path.name))
        known = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(schema.MEASURES.columns))
        frames.append(read_template(path, _template_year(path), known))
    measures = sort_measures(pd.concat(frames, ignore_index=True))
    for year, files in measures.groupby("year")["source_file"].unique().items():
        if len(files) > 1:
            raise SegstatsError("messages.two_followups", year=year, folder=folder, files=", ".join(files))
    read_from = ", ".join(p.name for p in reports + templates)
    return validate(measures, schema.MEASURES, say("messages.table_built_from", table="measures", source=read_from))


def read_area_summaries(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The development areas' summaries of every follow-up report text in ``data/raw/followups/``.

    Templates have no summaries: a year whose follow-up came as a template has no rows.
    """
    reports = sorted(paths.followups_dir(data_dir).glob("*.txt"))
    frames = [parse_area_summaries(p) for p in reports]
    summaries = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(schema.AREA_SUMMARIES.columns))
    )
    return validate(
        summaries.sort_values(["year", "area_no", "paragraph"]),
        schema.AREA_SUMMARIES,
        say("messages.table_built_from", table="area summaries", source=", ".join(p.name for p in reports)),
    )


def build_measures(data_dir: Path | str | None = None, transaction: Transaction | None = None) -> Path:
    """Read every follow-up in ``data/raw/followups/`` and write ``data/processed/measures.csv``.

    The lineage derived from the measures (``lineage.csv``) and the reports' summaries per
    development area (``area_summaries.csv``) are written beside it; all three are written only
    when all are complete and valid.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).
        transaction: stage the tables in it, to be committed with other files (``segstats
            build`` commits all processed tables together); default: commit them now.

    Returns:
        The path of the measure table.
    """
    measures, lineage = _processed(read_followups(data_dir))
    summaries = read_area_summaries(data_dir)
    try:
        with within(transaction) as staging:
            _stage(staging, summaries, paths.AREA_SUMMARIES_FILE, schema.AREA_SUMMARIES, data_dir)
            return _stage_processed(staging, measures, lineage, data_dir)
    except OSError as exc:
        where = exc.filename or paths.processed_dir(data_dir)
        raise SegstatsError("messages.cannot_write_kept", path=where, reason=exc.strerror) from None


def _processed(measures: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    measures = validate(sort_measures(measures), schema.MEASURES, "measures")
    return measures, lineage_from_measures(measures)


def _stage_processed(
    transaction: Transaction, measures: pd.DataFrame, lineage: pd.DataFrame, data_dir: Path | str | None
) -> Path:
    """Stage both tables and check that they read back as written; returns the measure table's path."""
    _stage(transaction, measures, paths.MEASURES_FILE, schema.MEASURES, data_dir)
    _stage(transaction, lineage, paths.LINEAGE_FILE, schema.LINEAGE, data_dir)
    return paths.processed_dir(data_dir) / paths.MEASURES_FILE


def _stage(
    transaction: Transaction, df: pd.DataFrame, name: str, declared: pa.DataFrameSchema, data_dir: Path | str | None
) -> None:
    """Stage one processed table and check that it reads back as written."""
    target = paths.processed_dir(data_dir) / name
    staged = transaction.stage(target)
    write_csv(df, staged)
    read_table(staged, declared, name=str(target))


def load_measures(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The measures of every follow-up year, validated, with their declared dtypes.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).

    Returns:
        One row per (year, measure_id); see :data:`segstats.schema.MEASURES`.
    """
    return read_table(paths.processed_dir(data_dir) / paths.MEASURES_FILE, schema.MEASURES)


def load_area_summaries(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The summary prose of each development area, per follow-up year, validated.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).

    Returns:
        One row per paragraph; see :data:`segstats.schema.AREA_SUMMARIES`. A year whose follow-up
        came as a template has none.
    """
    return read_table(paths.processed_dir(data_dir) / paths.AREA_SUMMARIES_FILE, schema.AREA_SUMMARIES)


def sort_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """Measures in report order: year, development area, then measure number (1.2 before 1.10)."""
    number = measures["measure_id"].str.split(".").str[1].astype(int)
    order = measures.assign(_number=number).sort_values(["year", "area_no", "_number"]).index
    return measures.loc[order].reset_index(drop=True)


def import_template(
    source: Path | str, year: int, data_dir: Path | str | None = None, today: dt.date | None = None
) -> Path:
    """Check a filled-in template of ``year``, add it to the raw data and rebuild the processed tables.

    The file is copied unchanged to ``data/raw/followups/<year>_uppfoljning_mall.<xlsx|csv>``
    with a row in ``data/raw/README.md`` (import date, sha256; who filled it in is not known).
    Nothing is written unless the template and the rebuilt tables are complete and valid.

    Args:
        source: the filled-in template (XLSX or CSV).
        year: the follow-up year it holds.
        data_dir: a project ``data/`` folder (default: the project's own).
        today: the import date for the provenance row (default: today).

    Returns:
        The path of the raw copy.

    Raises:
        TemplateError: every problem in the file, in Swedish, with row and column.
        SegstatsError: the year is before the first plan or already has a follow-up.
    """
    source = Path(source)
    check_followup_year(year, today)
    known = read_followups(data_dir)
    existing = known.loc[known["year"] == year, "source_file"]
    if not existing.empty:
        raise SegstatsError("messages.already_imported", year=year, file=existing.iloc[0])
    target = paths.followups_dir(data_dir) / f"{year}_uppfoljning_mall{source.suffix.lower()}"
    new = read_template(source, year, known).assign(source_file=target.name)
    measures, lineage = _processed(pd.concat([known, new], ignore_index=True))
    _warn_unnamed(lineage, year)
    content = source.read_bytes()
    readme = paths.raw_dir(data_dir) / "README.md"
    row = _provenance_row(target, source.name, year, len(new), hashlib.sha256(content).hexdigest(), today)
    text = _add_followup_row(readme.read_text(encoding="utf-8") if readme.exists() else "", row, target)
    # One transaction, staged in the order it is moved into place: the processed tables (which a
    # build remakes from data/raw/), the provenance row (which a retry replaces), then the raw
    # copy, which decides that the follow-up is in the data.
    try:
        with Transaction() as transaction:
            _stage_processed(transaction, measures, lineage, data_dir)
            transaction.stage(readme).write_text(text, encoding="utf-8")
            staged = transaction.stage(target)
            staged.write_bytes(content)
            if staged.read_bytes() != content:
                raise SegstatsError("messages.copy_differs", target=target, source=source)
    except OSError as exc:  # a folder not writable, a full disk: the data is as it was, so a retry works
        where = exc.filename or paths.raw_dir(data_dir)
        raise SegstatsError("messages.cannot_write_not_imported", path=where, reason=exc.strerror) from None
    log.info(say("messages.imported", year=year, n=len(new), target=target))
    return target


def check_followup_year(year: int, today: dt.date | None = None) -> None:
    """A follow-up year lies between the first plan and this year (its follow-up is written after it begins).

    Raises:
        SegstatsError: naming the years allowed.
    """
    this_year = (today or dt.date.today()).year
    if not FIRST_PLAN_YEAR <= year <= this_year:
        raise SegstatsError("messages.year_outside", year=year, first=FIRST_PLAN_YEAR, this_year=this_year)


def _template_year(path: Path) -> int:
    found = re.match(r"(\d{4})_", path.name)
    if not found:
        raise SegstatsError("messages.template_name", path=path)
    return int(found.group(1))


def _warn_unnamed(lineage: pd.DataFrame, year: int) -> None:
    """Say which measures the previous follow-up carries over but no row of the template names."""
    unnamed = unmatched_carry_overs(lineage, year - 1)
    if not unnamed.empty:
        ids = ", ".join(unnamed["measure_id"].unique())
        log.warning(say("messages.unnamed_carry_overs", n=len(unnamed), previous=year - 1, year=year, ids=ids))


def _provenance_row(target: Path, submitted: str, year: int, n: int, sha256: str, today: dt.date | None) -> str:
    day = (today or dt.date.today()).isoformat()
    what = (
        f"inskickad mall, importerad {day}: uppföljningen {year} av {n} åtgärder, ifylld mall från "
        f"`segstats template` (inskickad som `{submitted}`); vem som fyllt i den framgår inte av filen"
    )
    return f"| `followups/{target.name}` | {what} | okänd | – | {day} | okänd | `{sha256}` |"


def _add_followup_row(readme: str, row: str, target: Path) -> str:
    """The raw-data README with ``row`` at the end of the follow-ups table (made if missing).

    A row for the same file (left by an import that was killed before its copy was in place)
    is replaced, so that a retry leaves one row.
    """
    lines = [line for line in readme.splitlines() if not line.startswith(f"| `followups/{target.name}` |")]
    heading = next((i for i, line in enumerate(lines) if line.startswith("## Measure follow-ups")), None)
    if heading is None:
        header = "| file | what it is | publisher | reference | date | licence | sha256 |"
        lines += ["", "## Measure follow-ups (`followups/`)", "", header, "|---|---|---|---|---|---|---|", row]
        return "\n".join(lines).lstrip("\n") + "\n"
    end = heading + 1
    while end < len(lines) and not lines[end].startswith(("|", "## ")):
        end += 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join([*lines[:end], row, *lines[end:]]) + "\n"
