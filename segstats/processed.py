"""Reading a processed table: the whole file checked, parsed with its schema's types, validated.

A processed table is read as :func:`segstats.io.write_csv` wrote it; a file that is missing,
empty, cut short, binary or not UTF-8 is one error that names it and says that a build makes it
again, never a table read with rows missing or filled in.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from segstats.errors import DataValidationError, SegstatsError
from segstats.failures import false_booleans
from segstats.io import records_in_chunks, records_with_other_field_counts
from segstats.schema import validate
from segstats.words import say

if TYPE_CHECKING:
    import pandera.pandas as pa

# Processed tables up to this size are checked and parsed in memory, in one pass; larger ones
# (a national panel: 226 MB) in chunks, which bounds the memory (see read_table).
ONE_PASS_BYTES = 64_000_000
CHUNK_BYTES = 2_000_000


def read_table(path: Path, schema: pa.DataFrameSchema, *, name: str | None = None) -> pd.DataFrame:
    """Read a processed table and validate it; a missing, damaged or truncated file is one error.

    A row that lost fields (a file cut short, a bad merge) is an error naming it, never a row
    read with missing values: pandas would fill the missing fields in silently.

    Args:
        path: the CSV file, as :func:`segstats.io.write_csv` writes it.
        schema: its schema.
        name: how messages name the file (default: ``path``).
    """
    name = name or str(path)
    try:
        one_pass = path.stat().st_size <= ONE_PASS_BYTES
        chunks = [path.read_bytes()] if one_pass else None
    except FileNotFoundError:
        raise SegstatsError("messages.no_table", path=path) from None
    except OSError as exc:
        raise _damaged(name, "messages.table_unreadable", reason=exc.strerror) from None
    columns = list(schema.columns)
    wrong: list[int] = []
    rows_before = 0
    fields = len(columns)
    pieces: Iterable[tuple[bytes, int, np.ndarray]]
    if chunks is not None:
        pieces = [(chunks[0], 0, records_with_other_field_counts(chunks[0], fields))]
    else:
        pieces = records_in_chunks(path, fields, CHUNK_BYTES)
    for i, (records, count, wrong_here) in enumerate(pieces):
        if b"\x00" in records:
            raise _damaged(name, "messages.table_binary")
        if i == 0:
            header = records.split(b"\n", 1)[0].decode("utf-8", "replace").strip().split(",")
            if records and header != columns:
                raise _damaged(name, "messages.table_header", table=schema.name, columns=", ".join(columns))
        wrong += [rows_before + int(r) for r in wrong_here]
        rows_before += count
    if len(wrong):
        rows = [str(r) for r in wrong[:10]] + ([say("messages.and_more", n=len(wrong) - 10)] if len(wrong) > 10 else [])
        raise _damaged(name, "messages.table_cut", rows=rows, n=len(columns))
    # Numbers and booleans are parsed as declared, categorical columns as categories of the
    # values found (the schema then sets the declared ones and reports any value outside
    # them), other text as text. One pass over the whole file (low_memory=False) spares the
    # parser from merging categories chunk by chunk, which is slow; a large file is parsed in
    # chunks from disk, which bounds the parser's memory (the panel: 410 MB instead of 820).
    dtypes = {}
    for column_name, column in schema.columns.items():
        declared = str(column.dtype)
        if declared not in ("int64", "float64", "bool"):
            dtypes[column_name] = "category" if declared == "category" else "string"
    try:
        df = pd.read_csv(
            BytesIO(chunks[0]) if chunks is not None else path,
            dtype=dtypes,
            keep_default_na=False,
            na_values=[""],
            low_memory=not one_pass,
            encoding="utf-8",
        )
    except UnicodeDecodeError as exc:
        raise _damaged(name, "messages.table_not_utf8", offset=exc.start) from None
    except pd.errors.EmptyDataError:
        raise _damaged(name, "messages.file_empty") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise _damaged(name, "messages.table_unparsed", reason=_one_line(exc)) from None
    refuse_empty(df, name)
    if not_boolean := false_booleans(df, schema):
        raise DataValidationError("messages.rebuild", what=say("messages.invalid_one", where=name, what=not_boolean))
    try:
        return validate(df, schema, name)
    except DataValidationError as exc:  # the table breaks its schema: made again, it would not
        many = exc.said.key == "messages.invalid_many"
        raise DataValidationError("messages.rebuild_below" if many else "messages.rebuild", what=exc.said) from None


# Every processed table has rows: a follow-up has measures, and the indicator tables hold all of
# Sweden. A header alone is a table emptied by accident, and read as it is it would print empty
# reports in place of the previous ones (report reads every table before a kernel starts).
def refuse_empty(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """``df``, if it has a row; else the error of a damaged processed table named ``name``."""
    if df.empty:
        raise _damaged(name, "messages.table_no_rows")
    return df


def _damaged(name: str, key: str, **values: object) -> DataValidationError:
    """The error of a processed table that cannot be read as it is: what is wrong, and that a build makes it again."""
    return DataValidationError(
        "messages.rebuild", what=say("messages.invalid_one", where=name, what=say(key, **values))
    )


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
