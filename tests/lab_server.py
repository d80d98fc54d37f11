"""A JupyterLab of this Python, started for the browser tests and the browser benchmarks.

It serves a temporary copy of ``notebooks/``, with no user configuration, its kernel from this
Python, and Binder's ``overrides.json`` as its application settings (so the browser sees what a
Binder user sees).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAB_START_TIMEOUT = 120  # s


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen
    runtime: Path

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.url}{path}?token={self.token}", timeout=10) as r:
            return json.load(r)

    def shut_down_kernels(self) -> None:
        """End every notebook session, so the next test starts from a fresh kernel and a quiet machine."""
        for session in self.api("/api/sessions"):
            request = urllib.request.Request(f"{self.url}/api/sessions/{session['id']}?token={self.token}",
                                             method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lab_settings(folder: Path) -> None:
    """Every cell kept in the page (no windowing); the notebook's kernel started without a
    'Select Kernel' dialog. (The 'Jupyter news?' pop-up is turned off by Binder's own
    overrides.json, which the fixture installs as Binder does, and a test checks.)"""
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
            {"windowingMode": "none", "autoStartDefaultKernel": True},
    }
    for name, value in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))



def start_lab(tmp: Path, notebooks: Path = ROOT / "notebooks") -> Lab:
    """Start JupyterLab in ``tmp`` on a copy of ``notebooks``; raise RuntimeError if it does not answer."""
    root = tmp / "repo"
    shutil.copytree(notebooks, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _lab_settings(tmp / "settings")
    (tmp / "app-settings").mkdir()
    shutil.copy(ROOT / "binder" / "overrides.json", tmp / "app-settings" / "overrides.json")
    for sub in ("config", "data", "runtime", "workspaces"):
        (tmp / sub).mkdir()
    env = {**os.environ,
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
           "JUPYTER_CONFIG_DIR": str(tmp / "config"),      # no user configuration,
           "JUPYTER_DATA_DIR": str(tmp / "data"),          # no user kernels: this Python's own
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTER_PLATFORM_DIRS": "1",
           "PYTHONUNBUFFERED": "1"}
    port, token = _free_port(), uuid.uuid4().hex
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
               "--ServerApp.port_retries=0", "--ServerApp.open_browser=False",
               f"--LabApp.app_settings_dir={tmp / 'app-settings'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = tmp / "jupyterlab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, root, log, process, tmp / "runtime")
    deadline = time.monotonic() + LAB_START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            lab.api("/api/status")
            return lab
        except OSError:
            if time.monotonic() > deadline:
                stop_lab(lab)
                raise RuntimeError(f"JupyterLab did not answer in {LAB_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)


def stop_lab(lab: Lab) -> None:
    lab.process.terminate()  # the server shuts its kernels down
    try:
        lab.process.wait(30)
    except subprocess.TimeoutExpired:
        lab.process.kill()
        lab.process.wait(10)
    try:  # anything of this Lab still alive (a kernel), in its own process group
        os.killpg(lab.process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
