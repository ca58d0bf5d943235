"""Reading and writing CSV: raw files in any Swedish form, processed tables in deterministic bytes, atomically."""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from segstats.errors import SourceFormatError

log = logging.getLogger(__name__)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; it replaces ``path`` only when the block completes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name keeps the suffix: tools that pick a format by it (papermill) accept it.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); give it the permissions a plain open() would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv_atomic(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as UTF-8 CSV with ``\\n`` line ends, replacing ``path`` only when complete."""
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        df.to_csv(f, index=False, lineterminator="\n")
    return path


def write_bytes_atomic(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path``, replacing it only when complete."""
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return path


# How a statistics table says that a cell has no value: SCB's ".." (not available or too
# uncertain), "." (cannot occur) and dashes; the value is missing and the symbol is kept.
MISSING_MARKERS = frozenset({"..", ".", "...", "-", "–", "—"})
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
# Thousands separators Swedish files use: space, no-break space, narrow no-break space.
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009")
_DELIMITERS = ";,\t"


def read_raw_csv(path: Path, name: str | None = None) -> pd.DataFrame:
    """Read a CSV in any of the forms Swedish users produce, every cell as text.

    UTF-8 with or without BOM, or Windows-1252 (what Excel saves); comma, semicolon or tab
    separated (the separator is the one the header line uses most); CRLF, LF, or the
    CR CR LF a Windows program can write. Cells are stripped of surrounding blanks; numbers
    stay text, for :func:`parse_numbers`. Blank lines are skipped.

    Args:
        path: the file.
        name: how messages name the file (default: the file name).

    Returns:
        The header's columns plus ``_line``, the line each row starts on (the header is line 1).

    Raises:
        SourceFormatError: the file cannot be read or decoded, or a row has the wrong number of cells.
    """
    name = name or path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceFormatError(f"cannot read the file: {exc.strerror}", file=name) from None
    text = re.sub(r"\r+\n", "\n", decode_text(raw, name))
    first = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise SourceFormatError("the file is empty", file=name) from None
    rows, lines, start = [], [], 2
    for row in reader:
        if row and len(row) != len(header):
            raise SourceFormatError(
                f"{len(row)} cells where the header has {len(header)} (separator {delimiter!r})", file=name, line=start
            )
        if row:
            rows.append([cell.strip() for cell in row])
            lines.append(start)
        start = reader.line_num + 1
    table = pd.DataFrame(rows, columns=header, dtype=object)
    table["_line"] = lines
    return table


def decode_text(raw: bytes, name: str) -> str:
    """Decode a text file as UTF-8 (a BOM is dropped) or, failing that, as Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.info("%s is not UTF-8; reading it as Windows-1252", name)
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(
            f"the text is neither UTF-8 nor Windows-1252 (byte {raw[exc.start]:#x} at offset {exc.start})", file=name
        ) from None


def parse_numbers(cells: pd.Series, *, file: str, column: str, lines: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers written the Swedish or the English way: ``12,5``, ``12.5``, ``1 234``, ``−3``.

    Args:
        cells: the text cells.
        file: the file, named in an error.
        column: the column, named in an error.
        lines: the line of each cell, named in an error.

    Returns:
        ``(values, markers)``: the numbers (missing where a cell is blank or a missing-value
        symbol such as SCB's ``..``), and the symbol itself where there was one (else missing).

    Raises:
        SourceFormatError: naming the line and the text of every cell that is no number.
    """
    text = cells.fillna("").astype(str).str.translate(_GROUPING).str.replace("\u2212", "-", regex=False)
    marker = text.isin(MISSING_MARKERS)
    number = text.str.fullmatch(_NUMBER)
    bad = ~(number | marker | (text == ""))
    if bad.any():
        shown = ", ".join(f"line {lines[i]}: {cells[i]!r}" for i in cells.index[bad][:10])
        more = f" and {int(bad.sum()) - 10} more" if bad.sum() > 10 else ""
        raise SourceFormatError(
            f"not a number ({shown}{more}); numbers look like 12,5 or 12.5, a missing value like .. or is left blank",
            file=file,
            column=column,
        )
    values = pd.to_numeric(text.where(number).str.replace(",", ".", regex=False), errors="coerce")
    return values.astype(np.float64), cells.where(marker)
