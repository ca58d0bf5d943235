"""Reading and writing the processed CSV tables: deterministic bytes, atomic writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .errors import SegstatsError
from .schema import validate


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; moved onto ``path`` only if the block succeeds.

    A reader never sees a half-written file, and a failed write leaves the previous file as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv_atomic(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as UTF-8 CSV with ``\\n`` line ends, replacing ``path`` only when complete."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        df.to_csv(f, index=False, lineterminator="\n")
    return path


def read_processed_csv(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read a processed table and validate it; a missing file says how to make it."""
    if not path.exists():
        raise SegstatsError(f"{path} does not exist; run 'segstats build' first")
    text_columns = [name for name, col in schema.columns.items() if str(col.dtype) not in ("int64", "float64")]
    df = pd.read_csv(path, dtype={c: "string" for c in text_columns}, keep_default_na=False, na_values=[""])
    return validate(df, schema, str(path))
