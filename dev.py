#!/usr/bin/env python3
"""Set up the project environment and run its jobs; needs nothing but python3 (3.11+).

    python3 dev.py run     set up, build data/processed/ from data/raw/, write the reports of the
                           latest follow-up year into reports/<year>/ (options after "run" go to
                           "segstats report", e.g. --lang en, --all-years)
    python3 dev.py test    set up, run the whole test suite (options go to pytest: -m "not slow" is the quick loop)
    python3 dev.py lab     set up, open JupyterLab on the exploration notebook
    python3 dev.py dashboard  set up, serve the exploration as a page without code (options after
                           "dashboard" go to "segstats dashboard", e.g. --port 8866 --no-browser)
    python3 dev.py docs    set up, write docs/data-dictionary.md and data/processed/datapackage.json from the schemas

Set-up is a virtual environment in .venv/ with the project installed (editable, with its
test extras) and a Jupyter kernel named "segstats"; it is redone only when pyproject.toml
changes.
"""

import hashlib
import os
import runpy
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if sys.platform == "win32" else "bin")
STAMP = VENV / ".segstats-setup"
# The kernel's name, from the package's one module that imports nothing (no set-up needed to read it).
PATHS = runpy.run_path(str(ROOT / "segstats" / "paths.py"))


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT)
    if result.returncode:
        sys.exit(result.returncode)


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs under any python3
        sys.exit(f"segstats needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        try:
            venv.create(VENV, with_pip=True)
        except Exception as exc:  # Debian's python3 without ensurepip
            sys.exit(f"cannot create {VENV} ({exc}); on Debian/Ubuntu: apt-get install python3-venv")
    python = BIN / "python"
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    kernel = ("--name", PATHS["KERNEL"], "--display-name", PATHS["KERNEL_DISPLAY_NAME"])
    run(python, "-m", "ipykernel", "install", "--sys-prefix", *kernel)
    browser_for_tests()
    STAMP.write_text(wanted)


def browser_for_tests() -> None:
    """As root (a container, CI) with apt-get: Debian's chromium and chromium-driver for the browser tests.

    Best effort: without them the browser tests are skipped, each saying why.
    """
    if shutil.which("chromium") and shutil.which("chromedriver"):
        return
    if not shutil.which("apt-get") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    print("+ apt-get install chromium chromium-driver (for the browser tests)", flush=True)
    quiet = {"cwd": ROOT, "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, "stdout": subprocess.DEVNULL}
    if (
        subprocess.run(["apt-get", "update", "-qq"], **quiet).returncode
        or subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], **quiet).returncode
    ):
        print("  could not install them: the browser tests will be skipped", flush=True)


def main() -> None:
    job = sys.argv[1] if len(sys.argv) > 1 else ""
    extra = sys.argv[2:]
    if job not in ("setup", "run", "test", "lab", "dashboard", "docs"):
        sys.exit(__doc__)
    setup()
    if job == "run":
        run(BIN / "segstats", "build")
        run(BIN / "segstats", "report", *extra)
    elif job == "test":
        run(BIN / "python", "-m", "pytest", *extra)
    elif job == "lab":
        run(BIN / "segstats", "lab", *extra)
    elif job == "dashboard":
        run(BIN / "segstats", "dashboard", *extra)
    elif job == "docs":
        write = (
            "from segstats import datapackage, schema; schema.write_data_dictionary(); datapackage.write_descriptor()"
        )
        run(BIN / "python", "-c", write)


if __name__ == "__main__":
    main()
