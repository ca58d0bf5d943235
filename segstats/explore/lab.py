"""Start JupyterLab on the exploration notebook with the project's kernel."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import jupytext
from jupyter_client.kernelspec import KernelSpecManager

from segstats import paths
from segstats.errors import SegstatsError

log = logging.getLogger(__name__)
EXPLORE_SOURCE = paths.NOTEBOOKS_DIR / "explore.py"


def prepare_notebook(source: Path = EXPLORE_SOURCE) -> Path:
    """Write the ``.ipynb`` paired with a text notebook when the text is newer, and return its path.

    The text file is what git keeps; the paired ``.ipynb`` (ignored by git) is what JupyterLab
    opens, and saving it in JupyterLab updates both through jupytext's pairing.
    """
    target = source.with_suffix(".ipynb")
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        notebook = jupytext.read(source)
        notebook.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
        jupytext.write(notebook, target)
    return target


def lab_command(notebook: Path, *extra: str) -> list[str]:
    """The command line that serves the project folder and opens ``notebook``."""
    relative = notebook.resolve().relative_to(paths.PROJ_ROOT)
    return [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={paths.PROJ_ROOT}", *extra, str(relative)]


def run_lab(*extra: str) -> int:
    """Open JupyterLab on the exploration notebook; returns JupyterLab's exit code.

    Raises:
        SegstatsError: the ``segstats`` kernel is not installed, so the notebook could not run.
    """
    if paths.KERNEL not in KernelSpecManager().find_kernel_specs():
        raise SegstatsError(
            f"the Jupyter kernel {paths.KERNEL!r} is not installed; run 'python3 dev.py lab', or "
            f"'python -m ipykernel install --sys-prefix --name {paths.KERNEL}' in this environment"
        )
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        # JupyterLab refuses root unless told; in a container root is the usual user.
        log.warning("running as root: passing --allow-root to JupyterLab")
        extra = (*extra, "--allow-root")
    with subprocess.Popen(lab_command(prepare_notebook(), *extra), cwd=paths.PROJ_ROOT) as server:
        try:
            return server.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches JupyterLab too, which shuts down on its own
            return server.wait()
