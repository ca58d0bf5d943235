#!/usr/bin/env python3
"""Set up the project environment and run its jobs; needs nothing but python3 (3.11+).

    python3 dev.py run     set up (as root: Debian's HarfBuzz subsetter, for faster PDF printing), build
                           data/processed/ from data/raw/, write the reports of the latest follow-up
                           year into reports/<year>/ (options after "run" go to "segstats report",
                           e.g. --lang en, --all-years)
    python3 dev.py test    set up (as root: a browser and poppler for the tests that need them), run the
                           whole test suite (options go to pytest)
    python3 dev.py quick   set up, run the quick loop: the unit tests on small fictional fixtures, not the
                           tests of the shipped data (realdata) nor those that start kernels, print PDFs
                           or drive a browser (slow); under a minute
    python3 dev.py lint    set up, run the lint, format and type checks (the test suite runs them too)
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
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if sys.platform == "win32" else "bin")
STAMP = VENV / ".segstats-setup"
# The kernel's name, from the package's one module that imports nothing (no set-up needed to read it).
PATHS = runpy.run_path(str(ROOT / "segstats" / "paths.py"))
# The quick loop's test selection (pytest markers declared in pyproject.toml).
QUICK = "not slow and not realdata"
# The lint, format and type checks: `python3 dev.py lint` runs them, and so does the test suite
# (tests/test_project.py). mypy's cache lives outside the checkout (see lint_commands).
LINT = (
    ("ruff", "check", "--quiet", "."),
    ("ruff", "format", "--check", "--quiet", "."),
    ("mypy", "--config-file", "pyproject.toml"),
)


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
    STAMP.write_text(wanted)


def lint_commands(python: str | Path) -> list[list[str]]:
    """The checks of :data:`LINT` as command lines of ``python``; mypy's cache outside the repository."""
    cache = Path(tempfile.gettempdir()) / f"segstats-mypy-{hashlib.sha256(bytes(ROOT)).hexdigest()[:12]}"
    commands = [[str(python), "-m", *check] for check in LINT]
    commands[-1] += ["--cache-dir", str(cache)]
    return commands


# What the jobs take from Debian where they can (as root with apt-get): each package, the program or
# library it brings, and what happens without it; every job still runs without them.
DEBIAN = {
    # WeasyPrint subsets the reports' fonts with HarfBuzz when it finds this library, and with
    # fontTools (about half a second more per PDF, deprecated by WeasyPrint) when it does not.
    "libharfbuzz-subset0": ("libharfbuzz-subset.so.0", "the PDFs are printed more slowly"),
    "chromium": ("chromium", "the browser tests are skipped"),
    "chromium-driver": ("chromedriver", "the browser tests are skipped"),
    "poppler-utils": ("pdftoppm", "the tests that read a PDF as page images are skipped"),
}


def debian_packages(*wanted: str) -> None:
    """Install those of ``wanted`` (keys of :data:`DEBIAN`) that are missing, as root with apt-get; best effort."""
    missing = [p for p in wanted if not _installed(DEBIAN[p][0])]
    if not missing or not shutil.which("apt-get") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    print(f"+ apt-get install {' '.join(missing)}", flush=True)
    quiet = {"cwd": ROOT, "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, "stdout": subprocess.DEVNULL}
    if (
        subprocess.run(["apt-get", "update", "-qq"], **quiet).returncode
        or subprocess.run(["apt-get", "install", "-y", "-qq", *missing], **quiet).returncode
    ):
        without = "; ".join(dict.fromkeys(DEBIAN[p][1] for p in missing))
        print(f"  could not install them: {without}", flush=True)


def _installed(name: str) -> bool:
    """Whether a program (on PATH) or a shared library (``lib….so.N``, in Debian's library folders) is there."""
    if ".so" not in name:
        return shutil.which(name) is not None
    return any(any(Path(top).glob(f"*-linux-gnu/{name}")) for top in ("/usr/lib", "/lib"))


def main() -> None:
    job = sys.argv[1] if len(sys.argv) > 1 else ""
    extra = sys.argv[2:]
    if job not in ("setup", "run", "test", "quick", "lint", "lab", "dashboard", "docs"):
        sys.exit(__doc__)
    setup()
    if job == "run":
        debian_packages("libharfbuzz-subset0")
        run(BIN / "segstats", "build")
        run(BIN / "segstats", "report", *extra)
    elif job == "test":
        debian_packages(*DEBIAN)
        run(BIN / "python", "-m", "pytest", *extra)
    elif job == "quick":
        run(BIN / "python", "-m", "pytest", "-m", QUICK, *extra)
    elif job == "lint":
        for command in lint_commands(BIN / "python"):
            run(*command)
    elif job == "lab":
        run(BIN / "segstats", "lab", *extra)
    elif job == "dashboard":
        run(BIN / "segstats", "dashboard", *extra)
    elif job == "docs":
        write = "from segstats import datapackage; datapackage.write_data_dictionary(); datapackage.write_descriptor()"
        run(BIN / "python", "-c", write)


if __name__ == "__main__":
    main()
