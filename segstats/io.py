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


def read_processed_csv(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read a processed table and validate it; a missing file says how to make it."""
    if not path.exists():
        raise SegstatsError(f"{path} does not exist; run 'segstats build' first")
    text_columns = [name for name, col in schema.columns.items() if str(col.dtype) not in ("int64", "float64")]
    df = pd.read_csv(path, dtype={c: "string" for c in text_columns}, keep_default_na=False, na_values=[""])
    return validate(df, schema, str(path))
