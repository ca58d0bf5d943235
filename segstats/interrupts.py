"""Ctrl-C and SIGTERM stop a command where it is, except inside a commit, which they cannot split."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# What asks a command to stop: Ctrl-C, and what kill, timeout and systemd send.
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stop(KeyboardInterrupt):
    """A command was asked to stop by ``signum``; raised in the main thread, like Ctrl-C's KeyboardInterrupt.

    A KeyboardInterrupt, not an Exception, so that no ``except Exception`` on the way mistakes it
    for a failure of the file at hand. ``completed`` says that it came while a commit ran, which
    it let finish: the new files are in place.
    """

    def __init__(self, signum: int, *, completed: bool = False):
        super().__init__(signal.Signals(signum).name)
        self.signum, self.completed = signum, completed


def _raise_stop(signum: int, frame) -> None:
    raise Stop(signum)


@contextmanager
def stopping() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Stop` in the block, so that what it began is undone on the way out.

    A signal the process was started to ignore (SIGINT of a background job, ``nohup``) stays
    ignored. Outside the main thread, where Python runs no signal handler, nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise_stop) for s in SIGNALS if signal.getsignal(s) != signal.SIG_IGN}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the block runs; one that came takes effect when it ends.

    For a commit: moving files into place is quick, and a stop in its middle would leave some
    new files beside old ones. After a completed block the signal is raised as a
    :class:`Stop` with ``completed`` (if :func:`stopping` handled it); otherwise, and after a
    failed block (which put back what was there), it is delivered again to whatever handles it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are handled in the main thread; this thread's work goes on regardless
        return
    held: list[int] = []
    previous = {
        s: signal.signal(s, lambda signum, frame: held.append(signum))
        for s in SIGNALS
        if signal.getsignal(s) != signal.SIG_IGN
    }
    completed = False
    try:
        yield
        completed = True
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if held:
            if completed and previous.get(signal.Signals(held[0])) is _raise_stop:
                raise Stop(held[0], completed=True)
            signal.raise_signal(held[0])
