"""One writer at a time: a command locks the folders it reads or writes, and a busy folder names its holder."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from segstats.errors import BusyError, SegstatsError

# The lock of a folder: a small SQLite database (filelock's reader/writer lock; it stays empty), and
# beside it, for a writer, ".segstats.lock.<pid>" saying which command holds it since when. The
# project's data/ keeps its (empty) lock file in git, so that a report, which only reads it, never
# creates a file there.
LOCK_FILE = ".segstats.lock"
# How long a command waits for a busy folder before it gives up; SEGSTATS_LOCK_WAIT changes it.
WAIT_SECONDS = 10.0


def wait_seconds() -> float:
    """The wait for a busy folder: SEGSTATS_LOCK_WAIT seconds if set, else :data:`WAIT_SECONDS`."""
    try:
        return float(os.environ.get("SEGSTATS_LOCK_WAIT", WAIT_SECONDS))
    except ValueError:
        raise SegstatsError(
            f"SEGSTATS_LOCK_WAIT must be a number of seconds, not {os.environ['SEGSTATS_LOCK_WAIT']!r}"
        ) from None


@contextmanager
def holding(folder: Path, command: str, *, shared: bool = False, wait: float | None = None) -> Iterator[None]:
    """Hold ``folder`` for ``command``: alone (a writer), or ``shared`` with other readers.

    ``segstats build`` and ``import`` write the data folder, so they hold it alone;
    ``report`` only reads it, so reports share it (and hold their output folder alone). A
    read-only folder is read without a lock: no command of this user can write it either.

    Raises:
        BusyError: the folder is still held by another command after ``wait`` seconds
            (default :func:`wait_seconds`); the message names that command.
        SegstatsError: a writer cannot create the lock in ``folder``.
    """
    wait = wait_seconds() if wait is None else wait
    if shared and not (folder.is_dir() and os.access(folder, os.W_OK)):
        yield  # nothing there to read (the reader says so), or nothing anyone here could write
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = filelock.ReadWriteLock(folder / LOCK_FILE, is_singleton=False)
        acquired = (lock.read_lock if shared else lock.write_lock)(timeout=wait)
        acquired.__enter__()
    except filelock.Timeout:
        raise BusyError(
            f"{folder} is in use by {_holders(folder)}; waited {wait:g} s for it to finish. "
            f"Run 'segstats {command}' again when it has (SEGSTATS_LOCK_WAIT sets the wait)"
        ) from None
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SegstatsError(f"cannot lock {folder} for 'segstats {command}': {reason}") from None
    # A writer says who it is; a reader writes nothing, so that a report leaves the folder as it was.
    record = None if shared else folder / f"{LOCK_FILE}.{os.getpid()}"
    try:
        if record is not None:
            since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
            record.write_text(f"segstats {command} (pid {os.getpid()}, since {since})\n", encoding="utf-8")
        yield
    finally:
        if record is not None:
            record.unlink(missing_ok=True)
        acquired.__exit__(None, None, None)
        lock.close()


def _holders(folder: Path) -> str:
    """The commands that hold ``folder``, from their records; records of ended processes are removed."""
    held = []
    for record in sorted(folder.glob(f"{LOCK_FILE}.*")):
        pid = record.suffix.lstrip(".")
        if not pid.isdigit():
            continue
        if int(pid) != os.getpid() and not alive(int(pid)):
            record.unlink(missing_ok=True)
            continue
        try:
            held.append(record.read_text(encoding="utf-8").strip())
        except OSError:
            continue
    return ", ".join(held) or "segstats report (reading it)"  # readers leave no record


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs."""
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM  # it exists, but belongs to another user
    return True
