"""segstats lab: the exploration notebook runs headless and JupyterLab serves it with the project kernel."""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import nbformat
import pytest
from nbclient import NotebookClient

from segstats import paths
from segstats.cli import main
from segstats.explore import lab


def test_prepared_notebook_is_paired_and_uses_the_project_kernel(tmp_path):
    source = tmp_path / "explore.py"
    shutil.copy(lab.EXPLORE_SOURCE, source)
    target = lab.prepare_notebook(source)
    notebook = nbformat.read(target, as_version=4)
    assert target == tmp_path / "explore.ipynb"
    assert notebook.metadata.kernelspec.name == paths.KERNEL
    assert notebook.metadata.jupytext.formats == "ipynb,py:percent"
    assert "Utforska" in notebook.cells[0].source and notebook.cells[0].cell_type == "markdown"


def test_prepare_keeps_an_ipynb_newer_than_its_text(tmp_path):
    source = tmp_path / "explore.py"
    shutil.copy(lab.EXPLORE_SOURCE, source)
    target = lab.prepare_notebook(source)
    target.write_text(target.read_text().replace("Utforska", "Utforska (sparad i JupyterLab)"))
    os.utime(source, (0, 0))  # the text is older than what JupyterLab saved
    assert "sparad i JupyterLab" in lab.prepare_notebook(source).read_text()


@pytest.mark.slow
def test_notebook_runs_headless_and_draws_its_outputs(tmp_path):
    source = tmp_path / "explore.py"
    shutil.copy(lab.EXPLORE_SOURCE, source)
    notebook = nbformat.read(lab.prepare_notebook(source), as_version=4)
    NotebookClient(
        notebook, kernel_name=paths.KERNEL, timeout=120, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    state = json.dumps(notebook.metadata.widgets)
    # The outputs of the controls' first rendering: both charts, and the links to copy them out.
    assert state.count("image/png") >= 2
    assert "data:text/csv;base64," in state and "data:image/png;base64," in state
    assert "Traceback" not in state


def test_lab_command_serves_the_project_and_opens_the_notebook():
    command = lab.lab_command(paths.NOTEBOOKS_DIR / "explore.ipynb", "--no-browser")
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert f"--ServerApp.root_dir={paths.PROJ_ROOT}" in command
    assert command[-2:] == ["--no-browser", "notebooks/explore.ipynb"]


def test_cli_lab_passes_jupyter_options_on(monkeypatch):
    passed = []
    monkeypatch.setattr(lab, "run_lab", lambda *extra: passed.extend(extra) or 0)
    with pytest.raises(SystemExit) as exit_:
        main(["lab", "--port=9000", "--no-browser"])
    assert exit_.value.code == 0 and passed == ["--port=9000", "--no-browser"]


def test_other_commands_still_refuse_unknown_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["summary", "--port=9000"])
    assert exit_.value.code == 2 and "unrecognized arguments: --port=9000" in capsys.readouterr().err


def test_lab_without_the_kernel_is_one_clear_error(monkeypatch, capsys):
    monkeypatch.setattr(lab.KernelSpecManager, "find_kernel_specs", lambda self: {})
    assert main(["lab"]) == 1
    assert "kernel 'segstats' is not installed" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


@pytest.mark.slow
def test_jupyterlab_serves_the_notebook_with_the_project_kernel(tmp_path):
    port, token = _free_port(), "segstats-test-token"
    base = f"http://127.0.0.1:{port}"
    extra = (
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
    )
    if os.geteuid() == 0:  # containers and CI run as root; JupyterLab refuses that unless told
        extra += ("--allow-root",)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    server = subprocess.Popen(
        lab.lab_command(lab.prepare_notebook(), *extra),
        cwd=paths.PROJ_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/api/status", token)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "JupyterLab exited before serving"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
                time.sleep(0.5)
        notebook = _get(f"{base}/api/contents/notebooks/explore.ipynb", token)
        assert notebook["type"] == "notebook"
        assert notebook["content"]["metadata"]["kernelspec"]["name"] == paths.KERNEL
        assert paths.KERNEL in _get(f"{base}/api/kernelspecs", token)["kernelspecs"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
