"""One writer at a time: a command locks the folders it reads or writes, and a busy folder names its holder."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import math
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock
import psutil

from segstats.errors import BusyError, SegstatsError
from segstats.words import Said, say

log = logging.getLogger(__name__)

# The lock of a folder: a small SQLite database (filelock's reader/writer lock; it stays empty), and
# beside it, for a writer, ".segstats.lock.<pid>" saying which command holds it since when. The
# project's data/ keeps its (empty) lock file in git, so that a report, which only reads it, never
# creates a file there.
LOCK_FILE = ".segstats.lock"
# How long a command waits for a busy folder before it gives up; SEGSTATS_LOCK_WAIT changes it.
WAIT_SECONDS = 10.0
MAX_WAIT_SECONDS = 24 * 3600.0


def wait_seconds() -> float:
    """The wait for a busy folder: SEGSTATS_LOCK_WAIT seconds if set, else :data:`WAIT_SECONDS`.

    Raises:
        SegstatsError: SEGSTATS_LOCK_WAIT is not a number of seconds from 0 to a day.
    """
    given = os.environ.get("SEGSTATS_LOCK_WAIT")
    if given is None:
        return WAIT_SECONDS
    try:
        seconds = float(given)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_WAIT_SECONDS:  # also nan, which compares false with everything
        raise SegstatsError("messages.lock_wait", most=f"{MAX_WAIT_SECONDS:g}", given=repr(given))
    return seconds


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
        take = lock.read_lock if shared else lock.write_lock
        try:
            acquired = take(timeout=0)
            acquired.__enter__()
        except filelock.Timeout:
            if not wait:
                raise
            log.info(say("messages.waiting", folder=folder, holders=_holders(folder), wait=f"{wait:g}"))
            acquired = take(timeout=wait)
            acquired.__enter__()
    except filelock.Timeout:
        raise BusyError(
            "messages.busy", folder=folder, holders=_holders(folder), wait=f"{wait:g}", command=command
        ) from None
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SegstatsError("messages.cannot_lock", folder=folder, command=command, reason=reason) from None
    # A writer says who it is; a reader writes nothing, so that a report leaves the folder as it was.
    record = None if shared else folder / f"{LOCK_FILE}.{os.getpid()}"
    try:
        if record is not None:
            _write_record(record, command)
        yield
    finally:
        if record is not None:
            record.unlink(missing_ok=True)
        acquired.__exit__(None, None, None)
        lock.close()


def _write_record(record: Path, command: str) -> None:
    """Say who holds the folder, and remove the records of killed holders: a writer holds it alone."""
    for other in record.parent.glob(f"{LOCK_FILE}.*"):
        if other != record and other.suffix.lstrip(".").isdigit():
            other.unlink(missing_ok=True)
    since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    text = f"{_COMMAND} segstats {command}\n{_SINCE} {since}\n{_STARTED} {_start_time(os.getpid())}\n"
    try:
        record.write_text(text, encoding="utf-8")
    except OSError as exc:  # a full disk: the lock is released on the way out, and nothing was written yet
        record.unlink(missing_ok=True)
        raise SegstatsError(
            "messages.cannot_write_record", record=record, command=command, reason=exc.strerror
        ) from None


# A record says which command holds the folder since when, and its process's start time: a process
# that ended leaves its record behind (a SIGKILL), and a new process may later get its pid; only the
# start time tells them apart. The record names no language: its reader words it.
_COMMAND, _SINCE, _STARTED = "command:", "since:", "process started:"
_LABELS = (_COMMAND, _SINCE, _STARTED)


def _holders(folder: Path) -> list[Said]:
    """The commands that hold ``folder``, from their records; records of ended processes are removed."""
    held = []
    for record in sorted(folder.glob(f"{LOCK_FILE}.*")):
        pid = record.suffix.lstrip(".")
        if not pid.isdigit():
            continue
        try:
            lines = record.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        said = {
            label: line.removeprefix(label).strip() for line in lines for label in _LABELS if line.startswith(label)
        }
        started = said.get(_STARTED, "")
        if int(pid) != os.getpid() and (not started or started != _start_time(int(pid))):
            record.unlink(missing_ok=True)  # its process ended; the pid is free or another's
            continue
        held.append(say("messages.holder", command=said.get(_COMMAND, "segstats"), pid=pid, since=said.get(_SINCE, "")))
    return held or [say("messages.reader")]  # readers leave no record


def _start_time(pid: int) -> str:
    """When process ``pid`` started (seconds since the epoch), or "" if there is none."""
    try:
        return f"{psutil.Process(pid).create_time():.2f}"
    except psutil.Error:
        return ""


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs."""
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM  # it exists, but belongs to another user
    return True
