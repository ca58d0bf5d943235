"""segstats lab: the exploration notebook, prepared outside the project, runs headless and JupyterLab serves it."""

import json
import os
import re
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

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    """The runtime folder of this test: nothing is written into the user's cache or the project."""
    folder = tmp_path / "runtime"
    monkeypatch.setenv("SEGSTATS_RUNTIME_DIR", str(folder))
    return folder


def test_lab_notebook_goes_to_the_runtime_folder_unpaired_first_cell_says_how_to_get_the_controls(runtime):
    target = lab.prepare_notebook()
    notebook = nbformat.read(target, as_version=4)
    assert target == runtime / "explore.ipynb"
    assert notebook.metadata.kernelspec.name == paths.KERNEL
    assert "jupytext" not in notebook.metadata  # not paired: saving it never writes notebooks/explore.py
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and "Run All Cells" in first.source and "segstats dashboard" in first.source


def test_dashboard_notebook_has_no_lab_instructions(runtime):
    notebook = nbformat.read(lab.prepare_notebook(for_lab=False), as_version=4)
    assert "Run All Cells" not in json.dumps(notebook.cells)
    assert notebook.metadata.kernelspec.name == paths.KERNEL


def test_prepare_keeps_a_lab_copy_saved_after_the_text_changed(tmp_path):
    source = tmp_path / "explore.py"
    shutil.copy(lab.EXPLORE_SOURCE, source)
    target = lab.prepare_notebook(source, directory=tmp_path / "out")
    target.write_text(target.read_text().replace("data = Data.load(", "# sparad i JupyterLab\\ndata = Data.load("))
    os.utime(source, (0, 0))  # the text is older than what JupyterLab saved
    assert "sparad i JupyterLab" in lab.prepare_notebook(source, directory=tmp_path / "out").read_text()


def test_runtime_folder_is_the_users_cache_outside_the_project(monkeypatch, tmp_path):
    monkeypatch.delenv("SEGSTATS_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lab.runtime_dir() == tmp_path / "segstats"


@pytest.mark.slow
def test_notebook_runs_headless_and_draws_its_outputs(runtime):
    notebook = nbformat.read(lab.prepare_notebook(), as_version=4)
    NotebookClient(
        notebook, kernel_name=paths.KERNEL, timeout=120, resources={"metadata": {"path": str(runtime)}}
    ).execute()
    # The first rendering of the views, without the charts' images (base64 may spell anything).
    state = re.sub(r"data:image/png;base64,[^\"]+", "", json.dumps(notebook.metadata.widgets, ensure_ascii=False))
    assert "Skäggetorp-Tornby (RegSO)</b> 2024: 48\xa0% – Linköping 15\xa0%" in state
    assert "Traceback" not in state and "NaN" not in state


def test_lab_command_serves_the_runtime_folder_and_opens_the_notebook(runtime):
    command = lab.lab_command(runtime / "explore.ipynb", "--no-browser")
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert f"--ServerApp.root_dir={runtime}" in command
    assert command[-2:] == ["--no-browser", "explore.ipynb"]


def test_cli_lab_passes_jupyter_options_on(monkeypatch):
    passed = []
    monkeypatch.setattr(lab, "run_lab", lambda *extra, data_dir: passed.extend(extra) or 0)
    with pytest.raises(SystemExit) as exit_:
        main(["lab", "--port=9000", "--no-browser"])
    assert exit_.value.code == 0 and passed == ["--port=9000", "--no-browser"]


def test_other_commands_still_refuse_unknown_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["summary", "--port=9000"])
    assert exit_.value.code == 2 and "unrecognized arguments: --port=9000" in capsys.readouterr().err


def test_lab_without_the_kernel_is_one_clear_error(monkeypatch, capsys, english):
    monkeypatch.setattr(lab.KernelSpecManager, "find_kernel_specs", lambda self: {})
    assert main(["lab"]) == 1
    assert "kernel 'segstats' is not installed" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(url: str, token: str, method: str = "GET", body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.mark.slow
def test_jupyterlab_serves_the_notebook_and_saving_it_changes_no_tracked_file(runtime):
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
    tracked = {p: p.read_bytes() for p in paths.NOTEBOOKS_DIR.iterdir() if p.is_file()}
    notebook = lab.prepare_notebook()
    server = subprocess.Popen(
        lab.lab_command(notebook, *extra),
        cwd=notebook.parent,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime / "jupyter")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _call(f"{base}/api/status", token)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "JupyterLab exited before serving"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
                time.sleep(0.5)
        opened = _call(f"{base}/api/contents/explore.ipynb", token)
        assert opened["type"] == "notebook"
        assert opened["content"]["metadata"]["kernelspec"]["name"] == paths.KERNEL
        assert paths.KERNEL in _call(f"{base}/api/kernelspecs", token)["kernelspecs"]
        # What JupyterLab's save (and autosave) does: the copy changes, the project does not.
        opened["content"]["cells"].append(nbformat.v4.new_code_cell("1 + 1"))
        _call(f"{base}/api/contents/explore.ipynb", token, "PUT", {"type": "notebook", "content": opened["content"]})
        assert "1 + 1" in notebook.read_text()
        assert {p: p.read_bytes() for p in paths.NOTEBOOKS_DIR.iterdir() if p.is_file()} == tracked
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
