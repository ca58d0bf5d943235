"""``segstats dashboard``: the exploration served by Voilà as a page without code, on 127.0.0.1 with a token."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from segstats.errors import SegstatsError
from segstats.explore import lab
from segstats.explore.server import MAX_PAGES_ENV

log = logging.getLogger(__name__)
HOST = "127.0.0.1"
# A static file of Voilà's: it answers without a token and without starting a kernel (every
# request of the page itself starts one and runs the notebook).
READY_PATH = "/voila/static/voila.js"
START_TIMEOUT = 60
# A closed or reloaded page asks Voilà to shut its kernel down (segstats.explore.server makes that
# request work). Where it cannot (a browser that crashed, a lost network), the server stops a
# kernel that has had no page connected and no activity for CULL_IDLE s, looking every
# CULL_INTERVAL s: gone within a minute. A kernel with its page open is never stopped.
CULL_IDLE = 40
CULL_INTERVAL = 10


@dataclass
class Server:
    """A running dashboard: its Voilà process and the address with the token."""

    process: subprocess.Popen
    url: str
    log_path: Path

    def stop(self, timeout: float = 15) -> None:
        """Stop Voilà, which stops its kernels; kill the whole process group if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _check_port(port: int) -> None:
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            raise SegstatsError("messages.port_in_use", port=port, host=HOST) from None


def voila_command(notebook: Path, port: int, runtime: Path) -> list[str]:
    """The Voilà command line (:mod:`segstats.explore.server`): one notebook, 127.0.0.1, the given port, a token
    from the environment, idle kernels without a page culled."""
    return [
        sys.executable,
        "-m",
        "segstats.explore.server",
        str(notebook),
        "--no-browser",  # Voilà's own opener drops the token; segstats opens the URL itself
        f"--port={port}",
        "--Voila.port_retries=0",  # a busy port is an error, not a silent move to another one
        f"--Voila.ip={HOST}",
        "--token",  # the token itself comes in JUPYTER_TOKEN, so that it is not in the process list
        f"--Voila.connection_dir_root={runtime}",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
        "--MappingKernelManager.cull_connected=False",
    ]


def start(
    port: int | None = None,
    *,
    runtime: Path | None = None,
    data_dir: Path | str | None = None,
    max_pages: int | None = None,
) -> Server:
    """Start Voilà on the exploration notebook and return once it answers.

    Args:
        port: the port on 127.0.0.1 (default: a free one).
        runtime: where the notebook, Voilà's connection files and its log go (default :func:`lab.runtime_dir`).
        data_dir: the data folder the pages show (default: the project's ``data/``).
        max_pages: pages (kernels) open at once (default :data:`segstats.explore.server.MAX_PAGES`).

    Raises:
        SegstatsError: the kernel is missing, the port is in use, or Voilà did not start (its log is named).
    """
    lab.check_kernel()
    runtime = runtime or lab.runtime_dir()
    if port is None:
        port = free_port()
    else:
        _check_port(port)
    notebook = lab.prepare_notebook(for_lab=False, directory=runtime)
    token = secrets.token_urlsafe(24)
    log_path = runtime / "dashboard.log"
    pages = {MAX_PAGES_ENV: str(max_pages)} if max_pages else {}
    with log_path.open("w") as out:
        process = subprocess.Popen(
            voila_command(notebook, port, runtime),
            cwd=runtime,
            env=lab.jupyter_env(runtime, data_dir) | {"JUPYTER_TOKEN": token} | pages,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches segstats, which stops Voilà and its kernels
        )
    server = Server(process, f"http://{HOST}:{port}/?token={token}", log_path)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise SegstatsError("messages.dashboard_stopped", code=process.returncode, log=log_path)
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{READY_PATH}", timeout=2):
                return server
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                server.stop()
                raise SegstatsError("messages.dashboard_silent", seconds=START_TIMEOUT, log=log_path) from None
            time.sleep(0.1)


@contextmanager
def running(port: int | None = None, **options: object) -> Iterator[Server]:
    """:func:`start` (with its ``options``), and stop it when the block ends."""
    server = start(port, **options)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    port: int | None = None,
    *,
    open_browser: bool = True,
    data_dir: Path | str | None = None,
    max_pages: int | None = None,
) -> int:
    """Serve the dashboard until Ctrl-C (or SIGTERM); print its address with the token on a line of its own.

    ``data_dir`` and ``max_pages`` go to :func:`start`.

    Returns:
        0 when stopped by the user; Voilà's exit code when it stopped by itself.
    """
    with running(port, data_dir=data_dir, max_pages=max_pages) as server:
        log.info("the dashboard runs at this address (Ctrl-C stops it):")
        print(server.url, flush=True)
        if open_browser:
            webbrowser.open(server.url)
        previous = signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop stops Voilà too
        try:
            return server.process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
