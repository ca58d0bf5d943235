"""The project's own promises: dependencies in step, CI runs the README's test command."""

import hashlib
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
import yaml

from segstats import paths

ROOT = paths.PROJ_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))["dependencies"]
    conda = {_name(d) for d in env if isinstance(d, str)} - {"python", "pip"}
    pip = {_name(d) for section in env if isinstance(section, dict) for d in section["pip"]}
    assert conda | pip == wanted
    assert not conda & pip


def _readme_commands() -> list[str]:
    """The command lines in the code blocks of the README's "Quick start" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\w*\n(.*?)```", quick_start, flags=re.S)
    return [
        line.strip() for block in blocks for line in block.splitlines() if line.strip() and not line.startswith("#")
    ]


def test_quick_start_is_two_commands_and_ci_runs_the_test_one():
    commands = _readme_commands()
    assert commands == ["python3 dev.py run", "python3 dev.py test"]
    ci = [
        line
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line and not line.startswith(("#", "set ", "cd "))
    ]
    assert ci == [commands[1]]


@pytest.mark.parametrize("check", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_code_is_ruff_clean(check):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *check, "--quiet", str(ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_mypy_clean():
    # mypy's cache (a cold check takes ~10 s of CPU, a warm one under a second) lives outside the
    # repository, one per checkout.
    cache = Path(tempfile.gettempdir()) / f"segstats-mypy-{hashlib.sha256(bytes(ROOT)).hexdigest()[:12]}"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
