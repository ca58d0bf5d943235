"""The project's own promises: dependencies in step, CI runs the README's test command."""

import re
import runpy
import subprocess
import sys
import tomllib

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


# The lint, format and type checks are dev.py's (``python3 dev.py lint``), run here as they are there.
DEV = runpy.run_path(str(ROOT / "dev.py"))


@pytest.mark.parametrize("command", DEV["lint_commands"](sys.executable), ids=["lint", "format", "types"])
def test_code_passes_the_lint_format_and_type_checks(command):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
