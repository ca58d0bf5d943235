"""Reading and writing CSV: raw files in any Swedish form, processed tables in deterministic bytes, atomically."""

from __future__ import annotations

import codecs
import csv
import errno
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

from segstats.errors import SourceFormatError, UndecodableText
from segstats.interrupts import deferred
from segstats.text import normalise
from segstats.words import say

log = logging.getLogger(__name__)


# What a write fails with when the disk (or the user's quota, or the file size allowed) is full.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})

# Temporary files are named ".<target>.tmp-<random><suffix>" beside their target; a command that
# holds the folder's lock removes those a killed command left (see remove_stale_temporaries).
_TMP_MARK = ".tmp-"


def temporary_beside(path: Path) -> Path:
    """A new empty temporary file beside ``path``, with the permissions a plain open() would give."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name keeps the suffix: tools that pick a format by it (papermill) accept it.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{_TMP_MARK}", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); give it the permissions a plain open() would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return Path(tmp)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a killed command left in ``folder``; call it only while holding its lock."""
    stale = [p for p in folder.glob(f".*{_TMP_MARK}*") if p.is_file()] if folder.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
        log.info(say("messages.removed_stale", path=path))
    return stale


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; it replaces ``path`` only when the block completes."""
    tmp = temporary_beside(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class Transaction:
    """Files staged under temporary names and moved into place together, or not at all.

    Each :meth:`stage` gives a temporary file beside its target, each :meth:`remove` names a
    file to go. :meth:`commit` makes the changes in the order they were given, with Ctrl-C and
    SIGTERM held until it is done (:func:`segstats.interrupts.deferred`); if one change fails,
    those already made are undone, so the targets are as they were. A transaction left without
    commit (an error, an interrupt) removes its temporary files. Only a SIGKILL or a power cut
    in the middle of the moves can leave a part done: stage first what a later run rebuilds
    anyway, last what decides.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, Path | None] = {}  # target → its new content, or None to remove it

    def stage(self, path: Path) -> Path:
        """A temporary file to write ``path``'s new content to."""
        staged = self._staged.get(path)
        if staged is None:
            staged = self._staged[path] = temporary_beside(path)
        return staged

    def remove(self, path: Path) -> None:
        """Remove ``path`` on commit (nothing happens if it does not exist then)."""
        if self._staged.get(path) is not None:
            self._staged[path].unlink(missing_ok=True)  # type: ignore[union-attr]
        self._staged[path] = None

    def commit(self) -> None:
        """Make every staged change; on a failure, put back what was there before."""
        done: list[tuple[Path, Path | None]] = []
        try:
            with deferred():
                try:
                    for path, tmp in self._staged.items():
                        backup = None
                        if path.exists():  # a second name for the old file: readers never see it missing
                            backup = temporary_beside(path)
                            backup.unlink()
                            os.link(path, backup)
                        done.append((path, backup))
                        if tmp is None:
                            path.unlink(missing_ok=True)
                        else:
                            os.replace(tmp, path)
                except BaseException:
                    _undo(done)
                    raise
                for _, backup in done:  # before a held signal takes effect at the block's end
                    if backup is not None:
                        backup.unlink(missing_ok=True)
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove whatever is still staged."""
        for tmp in self._staged.values():
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


@contextmanager
def within(transaction: Transaction | None) -> Iterator[Transaction]:
    """``transaction`` to stage in, or, if None, a transaction of the block's own, committed when it ends."""
    if transaction is not None:
        yield transaction
        return
    with Transaction() as own:
        yield own


def _undo(done: list[tuple[Path, Path | None]]) -> None:
    """Put back the old files of the changes ``done``, last first."""
    for path, backup in reversed(done):
        if backup is None:
            path.unlink(missing_ok=True)
        elif path.exists() and os.path.samefile(backup, path):  # not yet replaced (rename would keep both)
            backup.unlink()
        else:
            os.replace(backup, path)


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as UTF-8 CSV with ``\\n`` line ends: the deterministic bytes of a processed table."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        df.to_csv(f, index=False, lineterminator="\n")
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
        raise SourceFormatError("messages.cannot_read_file", file=name, reason=exc.strerror) from None
    text = decode_text(raw, name)
    first = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise SourceFormatError("messages.file_empty", file=name) from None
    rows, lines, start = [], [], 2
    for row in reader:
        if row and len(row) != len(header):
            raise SourceFormatError(
                "messages.cells_not_header",
                file=name,
                line=start,
                cells=len(row),
                header=len(header),
                separator=repr(delimiter),
            )
        if row:
            rows.append([cell.strip() for cell in row])
            lines.append(start)
        start = reader.line_num + 1
    table = pd.DataFrame(rows, columns=header, dtype=object)
    table["_line"] = lines
    return table


def decode_text(raw: bytes, name: str) -> str:
    """Decode a text file and :func:`~segstats.text.normalise` it.

    UTF-8 (a BOM is dropped), UTF-16 with its BOM (what Excel's "Unicode text" writes), or,
    failing UTF-8, Windows-1252.

    Raises:
        UndecodableText: NUL bytes without a UTF-16 BOM (a binary file, or UTF-16 without its
            mark), or bytes that are neither UTF-8 nor Windows-1252; ``offset`` says where.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return normalise(raw.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise UndecodableText("messages.utf16_cut", file=name, offset=exc.start) from None
    if b"\x00" in raw:
        raise UndecodableText("messages.not_text", file=name, offset=raw.index(0))
    try:
        return normalise(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        log.info(say("messages.reading_cp1252", file=name))
    try:
        return normalise(raw.decode("cp1252"))
    except UnicodeDecodeError as exc:
        raise UndecodableText("messages.not_utf8_nor_cp1252", file=name, offset=exc.start) from None


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
        shown = [say("messages.line_holds", line=int(lines[i]), value=repr(cells[i])) for i in cells.index[bad][:10]]
        if bad.sum() > 10:
            shown.append(say("messages.and_more", n=int(bad.sum()) - 10))
        raise SourceFormatError("messages.not_a_number", file=file, column=column, cells=shown)
    values = pd.to_numeric(text.where(number).str.replace(",", ".", regex=False), errors="coerce")
    return values.astype(np.float64), cells.where(marker)


def records_in_chunks(path: Path, fields: int, chunk_bytes: int) -> Iterator[tuple[bytes, int, np.ndarray]]:
    """The CSV file in pieces of about ``chunk_bytes`` that end at a record's end, with their record
    counts and the records in them (1 = the piece's first) whose number of fields is not ``fields``.

    As :func:`records_with_other_field_counts`, piece by piece: a record's end is a line end
    outside double quotes (a quoted note may hold a line end or a comma).
    """
    carry = b""
    with path.open("rb") as f:
        while block := f.read(chunk_bytes):
            data = carry + block
            view = np.frombuffer(data, dtype=np.uint8)
            quotes = np.flatnonzero(view == ord('"'))
            ends, commas = np.flatnonzero(view == ord("\n")), np.flatnonzero(view == ord(","))
            if len(quotes):  # only what lies outside quotes counts
                ends = ends[np.searchsorted(quotes, ends) % 2 == 0]
                commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
            if not len(ends):
                carry = data
                continue
            per_record = np.diff(np.searchsorted(commas, ends), prepend=0) + 1
            cut = int(ends[-1]) + 1
            yield data[:cut], len(ends), np.flatnonzero(per_record != fields) + 1
            carry = data[cut:]
    if carry:
        yield carry, 1, records_with_other_field_counts(carry, fields)


def records_with_other_field_counts(raw: bytes, fields: int) -> np.ndarray:
    """The rows (the header is row 1) whose number of fields differs from ``fields``.

    Counted over the bytes at once: commas and line ends outside double quotes (a quoted field
    may hold both; an escaped quote ``""`` toggles twice). A file cut inside a quoted field is
    left to the parser, which reports it.
    """
    if not raw:
        return np.array([], dtype=int)
    data = np.frombuffer(raw if raw.endswith(b"\n") else raw + b"\n", dtype=np.uint8)
    quotes = np.flatnonzero(data == ord('"'))

    def outside_quotes(positions: np.ndarray) -> np.ndarray:
        if not len(quotes):
            return positions
        return positions[np.searchsorted(quotes, positions) % 2 == 0]  # an even number of quotes before it

    ends = outside_quotes(np.flatnonzero(data == ord("\n")))
    if len(quotes) % 2:  # a quote never closed: the row it opens runs to the end of the file
        return np.array([np.searchsorted(ends, quotes[-1]) + 1])
    commas = outside_quotes(np.flatnonzero(data == ord(",")))
    per_record = np.diff(np.searchsorted(commas, ends), prepend=0) + 1
    return np.flatnonzero(per_record != fields) + 1
