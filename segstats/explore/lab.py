"""The exploration notebook, prepared outside the project, and JupyterLab opened on it with the project's kernel."""

from __future__ import annotations

import getpass
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat
from jupyter_client.kernelspec import KernelSpecManager

from segstats import paths
from segstats.errors import SegstatsError
from segstats.reports import words

log = logging.getLogger(__name__)
EXPLORE_SOURCE = paths.NOTEBOOKS_DIR / "explore.py"


# The data folder the exploration notebook loads (``segstats --data-dir``), passed on to its kernel.
DATA_DIR_ENV = "SEGSTATS_DATA_DIR"
# Where Jupyter, IPython and matplotlib write in the home folder, and the runtime subfolder each
# gets instead when the home folder cannot be written (a locked-down account, a read-only home).
_HOME_WRITERS = {
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
}


def _writable(folder: Path) -> bool:
    """Whether ``folder`` exists or can be made, and a file can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def runtime_dir() -> Path:
    """Where the exploration's notebooks are written and run: never inside the project.

    :func:`segstats.paths.runtime_dir`, else, where that cannot be written, ``segstats-<user>/`` in
    the system's temporary folder. JupyterLab saves there, so that opening, running or saving the
    notebook changes no file git tracks; ``notebooks/explore.py`` stays the one source.
    """
    chosen = paths.runtime_dir()
    if _writable(chosen):
        return chosen
    fallback = Path(tempfile.gettempdir()) / f"segstats-{getpass.getuser()}"
    fallback.mkdir(mode=0o700, exist_ok=True)
    return fallback


def jupyter_env(runtime: Path, data_dir: Path | str | None = None) -> dict[str, str]:
    """The environment for JupyterLab or Voilà and their kernels: the data folder to show, and, when the home
    folder cannot be written, folders under ``runtime`` for what Jupyter, IPython and matplotlib write there."""
    env = dict(os.environ)
    if data_dir is not None:
        env[DATA_DIR_ENV] = str(Path(data_dir).resolve())
    if not _writable(Path.home()):
        for variable, folder in _HOME_WRITERS.items():
            env.setdefault(variable, str(runtime / folder))
    return env


def prepare_notebook(source: Path = EXPLORE_SOURCE, *, for_lab: bool = True, directory: Path | None = None) -> Path:
    """Write the ``.ipynb`` of a text notebook into the runtime folder, and return its path.

    Args:
        source: the text notebook kept in git.
        for_lab: add a first cell that says how to get the controls (JupyterLab shows the
            notebook as code until it has run); the dashboard, which runs it at once, has none.
        directory: where to write it (default :func:`runtime_dir`).

    The copy is not paired with the text file: nothing JupyterLab saves reaches the project. A
    JupyterLab copy saved after the text file last changed is kept, with the analyst's work in it.
    """
    target = (directory or runtime_dir()) / f"{source.stem}{'' if for_lab else '-dashboard'}.ipynb"
    if for_lab and target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    if for_lab:
        text = "\n\n".join(words.text("explore.lab_first_cell", lang) for lang in ("sv", "en"))
        notebook.cells.insert(0, nbformat.v4.new_markdown_cell(text))
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target


def check_kernel() -> None:
    """Raise a clear error unless the ``segstats`` kernel is installed.

    Raises:
        SegstatsError: the kernel is missing, so the notebook could not run.
    """
    if paths.KERNEL not in KernelSpecManager().find_kernel_specs():
        raise SegstatsError("messages.no_kernel", kernel=paths.KERNEL)


def lab_command(notebook: Path, *extra: str) -> list[str]:
    """The command line that serves the notebook's folder and opens ``notebook``."""
    return [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={notebook.parent}", *extra, notebook.name]


def run_lab(*extra: str, data_dir: Path | str | None = None) -> int:
    """Open JupyterLab on the exploration notebook of ``data_dir``'s data; returns JupyterLab's exit code.

    Raises:
        SegstatsError: the ``segstats`` kernel is not installed, so the notebook could not run.
    """
    check_kernel()
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        # JupyterLab refuses root unless told; in a container root is the usual user.
        log.warning("running as root: passing --allow-root to JupyterLab")
        extra = (*extra, "--allow-root")
    notebook = prepare_notebook()
    log.info("opening %s (a copy of %s; edit that file to change the notebook)", notebook, EXPLORE_SOURCE)
    env = jupyter_env(notebook.parent, data_dir)
    with subprocess.Popen(lab_command(notebook, *extra), cwd=notebook.parent, env=env) as server:
        try:
            return server.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches JupyterLab too, which shuts down on its own
            return server.wait()
