"""A class on one hub, for real: `make hub-test` (not part of `make test`).

    python -m benchmarks.hub --students 5 [--spread 60] [--fault kernel|server|cull ...] [--cull-timeout 60]
        [--memory-floor-mb 5120] [--abort-below-mb 4096] [--student-mb 500] [--out build/hub-test.json]

Starts a real JupyterHub on 127.0.0.1: ``jupyterhub`` from PyPI (version below) in a Python made
from binder/requirements.txt and binder/postBuild (what a school's hub installs, deploy/README.md),
``configurable-http-proxy`` from npm, JupyterHub's local-process spawner (every student's server a
process of this user, home folders under build/hub-test/homes), and the dummy authenticator (any
name, one shared password). The course is the student edition (tools/student_edition.py) committed
as the ``student`` branch of a local git repository, so no network is needed.

Each simulated student, arriving staggered over ``--spread`` seconds as a class does:

1. logs in (the hub's login form);
2. follows the nbgitpuller link to lesson 05 (tools/hub_links.py makes it), which starts the
   student's server, then pulls the course through nbgitpuller's API, as the link's page does;
3. opens lesson 05 (JupyterLab's page, then the notebook through the contents API);
4. starts a kernel and runs every code cell through it (Jupyter's websocket protocol), collecting
   every chart and widget the lesson displays; an error in any cell is a failure;
5. moves the excess-deaths explorer's under-registration control: the comm message the page sends
   when a student presses a key, then checks that the kernel's copy moved and recomputed;
6. opens the lesson's exercise set and runs its first check (``check("q1")``).

Faults (``--fault``, repeatable; each student meets every fault given, in this order):

- ``kernel``: half way through the lesson the student saves the notebook (a note of their own
  added), the lesson's kernel is killed (SIGKILL, as the out-of-memory killer does); the page is
  told "restarting", the server's restarter starts a new kernel, the student presses Restart, runs
  the cells above again and carries on. The notebook on the server must still hold what was saved.
- ``server``: after the check the student saves the exercise notebook and their single-user server
  is killed; their next request gets the proxy's 503, the link again brings the server back (the
  hub starts it), the course is pulled again, the saved notebook must be unchanged and the check
  runs again. Kernels left running by the dead server are counted (and killed).
- ``cull``: jupyterhub-idle-culler runs as a hub service with ``--cull-timeout`` (servers report
  activity every 10 s for it); the student saves and stops; the culler must stop the server, and
  the student comes back through the link with the saved notebook unchanged.

Memory guard (for class-sized runs on a shared machine): a student is admitted only while the
available memory, less ``--student-mb`` for each student admitted and not yet through the lesson,
stays above ``--memory-floor-mb``; once refused, no one else is admitted and the report says how
many servers were running, their memory and the available memory. If available memory still
falls below ``--abort-below-mb`` every student's server is killed at once (emergency stop).

"Time to a usable lesson" is from the login to the last output of step 4 (every chart delivered).
Memory per student: resident memory of the student's server process and its kernels, after step
6. CPU: the hub's and the proxy's processes, over the whole run. Failures are reported by step.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
import venv
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "hub-test"
JUPYTERHUB = "jupyterhub==6.1.1"
# the idle culler TLJH and Z2JH run as a hub service (deploy/README.md); hub side only, not in the students' lock
CULLER = "jupyterhub-idle-culler==2.0.0"
CHP = "configurable-http-proxy@5.3.0"
PASSWORD = "class-of-" + secrets.token_hex(4)
LESSON = "notebooks/05_counting_the_dead.ipynb"
EXERCISE = "exercises/student/05_counting.ipynb"
sys.path.insert(0, str(ROOT / "tools"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd, **kw):
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


# ------------------------------------------------------------------ the hub's environment

def hub_python() -> Path:
    """build/hub-test/venv: binder/requirements.txt, binder/postBuild, and jupyterhub."""
    env = WORK / "venv"
    marker = env / ".installed"
    want = (ROOT / "binder" / "requirements.txt").read_text() + JUPYTERHUB + CULLER + (ROOT / "pyproject.toml").read_text()
    if not (marker.exists() and marker.read_text() == want):
        shutil.rmtree(env, ignore_errors=True)
        venv.create(env, with_pip=True)
        pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        print("installing the hub's Python (binder/requirements.txt + jupyterhub + the idle culler) ...", flush=True)
        _run(pip + ["-r", str(ROOT / "binder" / "requirements.txt"), JUPYTERHUB, CULLER])
        _run(["bash", "binder/postBuild"], cwd=ROOT, env={**os.environ, "PATH": f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}"})
        marker.write_text(want)
    return env


def proxy_command() -> Path:
    node = WORK / "node"
    chp = node / "node_modules" / ".bin" / "configurable-http-proxy"
    if not chp.exists():
        node.mkdir(parents=True, exist_ok=True)
        print(f"npm install {CHP} ...", flush=True)
        _run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(node), CHP])
    return chp


def course_repository() -> Path:
    """The student edition committed as the `student` branch of a local repository."""
    import student_edition

    repo = WORK / "course" / "gleap"
    shutil.rmtree(repo, ignore_errors=True)
    student_edition.build(repo)
    git = ["git", "-c", "user.name=gleap", "-c", "user.email=gleap@example.invalid", "-c", "init.defaultBranch=student"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "student edition"]):
        _run(git + command, cwd=repo)
    return repo


CONFIG = """\
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{work}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/homes/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.environment = {{"GLEAP_LANG": "en", "JUPYTERLAB_SETTINGS_DIR": "{work}/lab-settings"}}
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.concurrent_spawn_limit = 200
c.JupyterHub.active_server_limit = 0
c.JupyterHub.load_roles = [{{"name": "loadtest", "scopes": ["admin:users", "admin:servers", "read:users"],
                             "services": ["loadtest"]}}]
c.JupyterHub.services = [{{"name": "loadtest", "api_token": {token!r}}}]
"""

# --fault cull: jupyterhub-idle-culler as a hub service, as TLJH (services.cull) and Z2JH (cull:) run it,
# with a short timeout. The servers report activity every 10 s (default 300 s) so that a short
# timeout can be seen at all; the culler's own rule is unchanged: no activity for --timeout seconds.
CULL_CONFIG = """\
c.JupyterHub.last_activity_interval = 10
c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = "10"
c.JupyterHub.load_roles.append({{"name": "idle-culler", "services": ["idle-culler"],
                                 "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}})
c.JupyterHub.services.append({{"name": "idle-culler",
                               "command": [{python!r}, "-m", "jupyterhub_idle_culler",
                                           "--timeout={timeout}", "--cull-every={every}"]}})
"""


class Hub:
    def __init__(self, env: Path, chp: Path, cull_timeout: float | None = None):
        self.cull_timeout = cull_timeout
        self.port, self.hub_port, self.proxy_api_port = _free_port(), _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        run_dir = WORK / "run"
        shutil.rmtree(run_dir, ignore_errors=True)
        (run_dir / "homes").mkdir(parents=True)
        args = ["--allow-root"] if os.geteuid() == 0 else []
        (run_dir / "jupyterhub_config.py").write_text(CONFIG.format(
            port=self.port, hub_port=self.hub_port, proxy_api_port=self.proxy_api_port, chp=str(chp), work=run_dir,
            password=PASSWORD, singleuser=str(env / "bin" / "jupyterhub-singleuser"), args=args, token=self.token)
            + (CULL_CONFIG.format(python=str(env / "bin" / "python"), timeout=int(cull_timeout),
                                  every=max(5, int(cull_timeout) // 4)) if cull_timeout else ""))
        self.log = open(run_dir / "jupyterhub.log", "w")
        self.process = subprocess.Popen([str(env / "bin" / "jupyterhub"), "-f", str(run_dir / "jupyterhub_config.py")],
                                        cwd=run_dir, stdout=self.log, stderr=subprocess.STDOUT,
                                        env={**os.environ, "PATH": f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}"})
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"JupyterHub did not start; see {run_dir / 'jupyterhub.log'}")
            time.sleep(0.5)

    def processes(self) -> tuple[psutil.Process, psutil.Process | None]:
        hub = psutil.Process(self.process.pid)
        proxy = next((p for p in hub.children() if "configurable-http-proxy" in " ".join(p.cmdline())), None)
        return hub, proxy

    def servers(self) -> dict[str, psutil.Process]:
        """Each student's single-user server process, by user name."""
        out = {}
        for child in psutil.Process(self.process.pid).children():
            try:
                if "jupyterhub-singleuser" in " ".join(child.cmdline()):
                    out[child.environ().get("JUPYTERHUB_USER", "?")] = child
            except psutil.Error:
                pass
        return out

    def api(self, path: str, method: str = "get", **kw) -> requests.Response:
        return requests.request(method, f"{self.url}/hub/api{path}", headers={"Authorization": f"token {self.token}"},
                                timeout=60, **kw)

    def user(self, name: str) -> dict:
        r = self.api(f"/users/{name}")
        r.raise_for_status()
        return r.json()

    def kernel_process(self, name: str, kernel_id: str) -> psutil.Process | None:
        server = self.servers().get(name)
        for p in server.children(recursive=True) if server else []:
            with contextlib.suppress(psutil.Error):
                if any(kernel_id in part for part in p.cmdline()):
                    return p
        return None

    def kill_servers(self) -> None:
        for server in self.servers().values():
            for p in [server] + server.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    p.kill()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for child in psutil.Process().children(recursive=True):  # servers and kernels the hub left
            if "jupyterhub-singleuser" in " ".join(child.cmdline()) or "ipykernel" in " ".join(child.cmdline()):
                child.kill()
        self.log.close()


# ------------------------------------------------------------------ one student

class Failed(Exception):
    def __init__(self, step: str, message: str):
        super().__init__(f"{step}: {message}")
        self.step = step


def _decode_frame(raw) -> dict:
    """One kernel message from the websocket. A message with binary buffers (an explorer's payload)
    comes as a binary frame: a count n, n offsets (big-endian uint32), the JSON message, the
    buffers (jupyter_server's ``serialize_binary_message``); the buffers are dropped here."""
    if isinstance(raw, str):
        return json.loads(raw)
    import struct

    n = struct.unpack("!I", raw[:4])[0]
    offsets = list(struct.unpack("!" + "I" * n, raw[4:4 * (n + 1)]))
    end = offsets[1] if n > 1 else len(raw)
    return json.loads(raw[offsets[0]:end].decode("utf-8"))


class Kernel:
    """A kernel of the student's server, driven through its websocket as JupyterLab does."""

    def __init__(self, student: "Student", path: str, kernel_id: str | None = None):
        """A new session for ``path``, or (``kernel_id``) a new connection to a running kernel, as
        the page reconnects after a restart."""
        self.student = student
        s = student.session
        if kernel_id is None:
            r = s.post(f"{student.base}/api/sessions", json={"path": path, "type": "notebook", "name": "",
                                                             "kernel": {"name": "python3"}},
                       headers=student.xsrf_headers(), timeout=120)
            if r.status_code not in (200, 201):
                raise Failed("open", f"{path}: POST api/sessions {r.status_code} {r.text[:200]}")
            kernel_id = r.json()["kernel"]["id"]
        self.id = kernel_id
        self.session_id = uuid.uuid4().hex
        url = f"ws://127.0.0.1:{urlsplit(student.base).port}{urlsplit(student.base).path}/api/kernels/{self.id}/channels?session_id={self.session_id}"
        cookie = "; ".join(f"{c.name}={c.value}" for c in s.cookies)
        self.ws = websocket.create_connection(url, cookie=cookie, origin=student.hub, timeout=600)
        self.comms: dict[str, dict] = {}

    def _send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({"header": {"msg_id": msg_id, "username": self.student.name, "session": self.session_id,
                                            "msg_type": msg_type, "version": "5.3",
                                            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                                 "parent_header": {}, "metadata": {}, "content": content, "channel": channel}))
        return msg_id

    def execute(self, code: str, timeout: float = 900) -> list[dict]:
        msg_id = self._send("execute_request", {"code": code, "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        outputs, replied, idle = [], None, False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            if time.monotonic() > deadline:
                raise Failed("run", f"no reply in {timeout:.0f} s to: {code[:60]!r}")
            msg = _decode_frame(self.ws.recv())
            kind = msg["header"]["msg_type"]
            if kind == "comm_open":
                self.comms[msg["content"]["comm_id"]] = msg["content"].get("data", {})
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = msg["content"]
            elif kind in ("display_data", "execute_result", "stream", "error"):
                outputs.append(msg["content"] | {"output_type": kind})
        if replied["status"] != "ok":
            raise Failed("run", f"{replied.get('ename')}: {replied.get('evalue', '')[:300]} in {code[:60]!r}")
        return outputs

    def wait_for_state(self, states: tuple[str, ...], timeout: float) -> str:
        """The first kernel status in ``states`` the page is told about (JupyterLab shows "Kernel
        restarting" on it), or "nothing in N s"."""
        deadline = time.monotonic() + timeout
        self.ws.settimeout(5)
        try:
            while time.monotonic() < deadline:
                try:
                    msg = _decode_frame(self.ws.recv())
                except websocket.WebSocketTimeoutException:
                    continue
                except websocket.WebSocketException as exc:
                    return f"the connection closed ({type(exc).__name__})"
                if msg["header"]["msg_type"] == "status" and msg["content"]["execution_state"] in states:
                    return msg["content"]["execution_state"]
            return f"nothing in {timeout:.0f} s"
        finally:
            self.ws.settimeout(600)

    def wait_alive(self, timeout: float) -> float | None:
        """Seconds until the kernel answers a kernel_info_request (None: not in ``timeout``)."""
        start = time.monotonic()
        self.ws.settimeout(3)
        try:
            while time.monotonic() - start < timeout:
                msg_id = self._send("kernel_info_request", {})
                asked = time.monotonic()
                while time.monotonic() - asked < 5:
                    try:
                        msg = _decode_frame(self.ws.recv())
                    except websocket.WebSocketTimeoutException:
                        break
                    if msg["header"]["msg_type"] == "kernel_info_reply" and msg.get("parent_header", {}).get("msg_id") == msg_id:
                        return round(time.monotonic() - start, 1)
            return None
        finally:
            self.ws.settimeout(600)

    def comm_update(self, comm_id: str, state: dict) -> None:
        """What the page sends when a student moves a control of an explorer."""
        self._send("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}})

    def close(self):
        self.ws.close()


class Student:
    def __init__(self, hub: Hub, name: str, repo: str, faults: tuple[str, ...] = (), stopped=lambda: False):
        self.hub_server, self.hub, self.name, self.repo = hub, hub.url, name, repo
        self.stopped = stopped  # the memory guard's emergency stop: never start a server again
        self.base = f"{hub.url}/user/{name}"
        self.session = requests.Session()
        self.times: dict[str, float] = {}
        self.faults = faults
        self.result: dict = {"student": name}
        self.fault_results: dict[str, dict] = {}

    def xsrf_headers(self) -> dict:
        token = next((c.value for c in self.session.cookies if c.name == "_xsrf" and c.path.startswith(f"/user/{self.name}")),
                     None) or self.session.cookies.get("_xsrf")
        return {"X-XSRFToken": token or "", "Referer": self.base + "/lab"}

    def _mark(self, step: str, t0: float) -> None:
        self.times[step] = round(time.monotonic() - t0, 2)

    # the steps -----------------------------------------------------------------------------

    def login(self) -> None:
        s = self.session
        s.get(f"{self.hub}/hub/login", timeout=60)
        r = s.post(f"{self.hub}/hub/login?next=", data={"username": self.name, "password": PASSWORD,
                                                         "_xsrf": s.cookies.get("_xsrf", "")}, timeout=120)
        if r.status_code >= 400 or "/hub/login" in urlsplit(r.url).path:
            raise Failed("login", f"login refused ({r.status_code})")

    def follow_link(self, step: str = "spawn") -> list[str]:
        """Follow the nbgitpuller link until the server answers it. A server that is not running
        gets the hub's "not running" page, whose Launch button (or, with implicit_spawn_seconds,
        the page itself) goes to the spawn URL: the student presses it. Returns what was seen."""
        import hub_links

        s = self.session
        link = hub_links.link(self.hub, self.repo, "student", LESSON)
        seen: list[str] = []
        deadline = time.monotonic() + 600
        while True:
            if self.stopped():
                raise Failed(step, "the memory guard stopped the run")
            r = s.get(link, timeout=600)
            path = urlsplit(r.url).path
            if path.startswith(f"/user/{self.name}/git-pull") and r.ok:
                return seen
            page = f"{r.status_code} {path}"
            if not seen or seen[-1] != page:
                seen.append(page)
            spawn = re.search(r'href="([^"]*/hub/spawn/[^"]*)"', r.text)
            if spawn and r.status_code in (200, 424, 503):  # the "not running" page: press Launch
                target = spawn.group(1).replace("&amp;", "&")
                s.get(target if target.startswith("http") else self.hub + target, timeout=600)
                seen.append("pressed Launch")
            if time.monotonic() > deadline:
                raise Failed(step, f"the server did not start in 600 s (pages seen: {seen[-5:]})")
            time.sleep(1)

    def pull(self) -> None:
        with self.session.get(f"{self.base}/git-pull/api", params={"repo": self.repo, "branch": "student",
                                                                     "targetpath": "gleap"},
                              stream=True, timeout=600) as stream:
            events = [json.loads(line[5:]) for line in stream.iter_lines(decode_unicode=True)
                      if line and line.startswith("data:")]
        if not events or events[-1].get("phase") != "finished":
            raise Failed("pull", f"nbgitpuller did not finish: {events[-3:]}")

    def notebook(self, path: str, step: str) -> dict:
        r = self.session.get(f"{self.base}/api/contents/gleap/{path}", params={"content": 1}, timeout=120)
        if not r.ok:
            raise Failed(step, f"{path} is not in the student's home ({r.status_code})")
        return r.json()["content"]

    def save(self, path: str, nb: dict, step: str) -> None:
        """What JupyterLab's save does: PUT the whole notebook to the contents API."""
        r = self.session.put(f"{self.base}/api/contents/gleap/{path}", json={"type": "notebook", "format": "json",
                                                                            "content": nb},
                             headers=self.xsrf_headers(), timeout=120)
        if not r.ok:
            raise Failed(step, f"saving {path}: {r.status_code} {r.text[:200]}")

    def save_work(self, path: str, step: str, what: str) -> dict:
        """The student writes a note into the notebook and saves it; returns what was saved."""
        nb = self.notebook(path, step)
        nb["cells"].append({"cell_type": "markdown", "metadata": {}, "id": uuid.uuid4().hex[:8],
                            "source": student_note(self.name, what)})
        self.save(path, nb, step)
        return nb

    def run_lesson(self, t0: float) -> "Kernel":
        cells = [c for c in self.notebook(LESSON, "open")["cells"] if c["cell_type"] == "code"]
        self._mark("opened_s", t0)
        kernel = Kernel(self, f"gleap/{LESSON}")
        self.charts = self.widgets = 0
        self.explorer_id = None
        middle = len(cells) // 2
        for i, cell in enumerate(cells):
            if "kernel" in self.faults and i == middle:
                kernel = self.kernel_killed(kernel, cells[:i])
            self._outputs(kernel, "".join(cell["source"]))
        if not self.charts or self.explorer_id is None:
            raise Failed("run", f"{self.charts} charts, explorer {'found' if self.explorer_id else 'missing'}")
        return kernel

    def _outputs(self, kernel: "Kernel", code: str) -> None:
        for out in kernel.execute(code):
            data = out.get("data", {})
            self.charts += "application/vnd.plotly.v1+json" in data
            if "application/vnd.jupyter.widget-view+json" in data:
                self.widgets += 1
                if "excess_deaths_explorer" in code:
                    self.explorer_id = data["application/vnd.jupyter.widget-view+json"]["model_id"]

    def move_explorer(self, kernel: "Kernel") -> None:
        state = kernel.comms.get(self.explorer_id, {}).get("state", {})
        if "underregistration" not in state:  # the control's value: a synced trait of the widget
            raise Failed("explorer", f"the explorer's state has no under-registration control: {sorted(state)}")
        moved = time.monotonic()
        # what the page's slider sends when it moves one step: the trait's new value
        kernel.comm_update(self.explorer_id, {"underregistration": round(float(state["underregistration"]) + 0.05, 6)})
        probe = (f"from ipywidgets import Widget\nw = Widget.widgets[{self.explorer_id!r}]\n"
                 "print(w.underregistration, round(float(w.total)))")
        for _ in range(100):
            text = "".join(o.get("text", "") for o in kernel.execute(probe))
            if text.split()[0] != "0.0":
                break
            time.sleep(0.1)
        if text.split()[0] != "0.05":
            raise Failed("explorer", f"the kernel did not follow the control: {text!r}")
        self.result["control_s"] = round(time.monotonic() - moved, 3)

    def check_exercise(self, step: str = "exercise") -> "Kernel":
        exercise = Kernel(self, f"gleap/{EXERCISE}")
        checked = None
        for cell in (c for c in self.notebook(EXERCISE, step)["cells"] if c["cell_type"] == "code"):
            code = "".join(cell["source"])
            text = "".join(o.get("text", "") for o in exercise.execute(code))
            if 'check("q1")' in code:
                checked = text
                break
        if not checked or not checked.startswith("q1"):
            raise Failed(step, f"check('q1') said {checked!r}")
        self.result["check_says"] = checked.strip().splitlines()[0][:80]
        return exercise

    # the faults ----------------------------------------------------------------------------

    def kernel_killed(self, kernel: "Kernel", done: list[dict]) -> "Kernel":
        """Half way through the lesson: the student saves, the kernel is killed (SIGKILL, as the
        out-of-memory killer does), the student restarts it (Kernel > Restart), runs the cells
        above again and carries on. The saved notebook must be as saved."""
        step = "kernel fault"
        saved = self.save_work(LESSON, step, "before the kernel died")
        victim = self.hub_server.kernel_process(self.name, kernel.id)
        if victim is None:
            raise Failed(step, f"no process for kernel {kernel.id}")
        killed = time.monotonic()
        victim.kill()
        seen = kernel.wait_for_state(("restarting", "dead", "autorestarting"), timeout=60)
        # the server's restarter starts a new kernel at once; the student presses Restart once that
        # kernel answers (pressed while the restarter is still starting it, both bind the same
        # ports: seen on the first try, the kernel then failed to start five times)
        restarted_by_server = kernel.wait_alive(timeout=120)
        r = self.session.post(f"{self.base}/api/kernels/{kernel.id}/restart", headers=self.xsrf_headers(), timeout=120)
        if not r.ok:
            raise Failed(step, f"restart: {r.status_code} {r.text[:200]}")
        kernel.close()
        kernel = Kernel(self, f"gleap/{LESSON}", kernel_id=kernel.id)
        self.charts = self.widgets = 0  # counted again from the restart on: the lesson as the student now sees it
        self.explorer_id = None
        for cell in done:
            self._outputs(kernel, "".join(cell["source"]))
        problems = work_kept(saved, self.notebook(LESSON, step))
        if problems:
            raise Failed(step, "; ".join(problems))
        self.fault_results["kernel"] = {"seen_by_the_page": seen, "server_restarted_it_s": restarted_by_server,
                                        "restart_status": r.status_code,
                                        "back_to_where_it_was_s": round(time.monotonic() - killed, 1),
                                        "cells_run_again": len(done), "saved_work_kept": True}
        return kernel

    def server_killed(self, t0: float) -> None:
        """After the check: the student saves, their single-user server is killed (SIGKILL), and
        the student's next request (the lesson's link again) must bring it back, work kept."""
        step = "server fault"
        saved = self.save_work(EXERCISE, step, "before the server died")
        server = self.hub_server.servers().get(self.name)
        if server is None:
            raise Failed(step, "no server process")
        kernels = server.children(recursive=True)
        killed = time.monotonic()
        server.kill()
        r = self.session.get(f"{self.base}/api/status", timeout=120)
        first = f"{r.status_code} {urlsplit(r.url).path}"
        pages = self.follow_link(step)
        back = time.monotonic() - killed
        self.pull()
        problems = work_kept(saved, self.notebook(EXERCISE, step))
        if problems:
            raise Failed(step, "; ".join(problems))
        self.check_exercise(step).close()
        left = [p.pid for p in kernels if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        for p in kernels:
            with contextlib.suppress(psutil.Error):
                p.kill()
        self.fault_results["server"] = {"first_request_after": first, "pages_on_the_way_back": pages,
                                        "server_back_s": round(back, 1), "saved_work_kept": True,
                                        "check_ran_again": True, "kernels_left_running_after_server_died": len(left)}

    def culled(self, timeout: float) -> None:
        """The student stops working (closes the tab); the idle culler must stop the server after
        ``timeout`` seconds without activity; the student comes back through the link, work kept."""
        step = "culler"
        saved = self.save_work(EXERCISE, step, "before going idle")
        idle_from = time.monotonic()
        deadline = idle_from + 4 * timeout + 120
        while self.hub_server.user(self.name).get("server"):
            if time.monotonic() > deadline:
                raise Failed(step, f"the server was still running {deadline - idle_from:.0f} s after the last activity")
            time.sleep(2)
        stopped = time.monotonic() - idle_from
        came_back = time.monotonic()
        pages = self.follow_link(step)
        self.pull()
        problems = work_kept(saved, self.notebook(EXERCISE, step))
        if problems:
            raise Failed(step, "; ".join(problems))
        self.fault_results["cull"] = {"timeout_s": timeout, "stopped_after_idle_s": round(stopped, 1),
                                      "pages_on_the_way_back": pages,
                                      "server_back_s": round(time.monotonic() - came_back, 1), "saved_work_kept": True}

    def run(self) -> dict:
        t0 = time.monotonic()
        step = "login"
        try:
            self.login()
            self._mark("login_s", t0)
            step = "spawn"
            self.follow_link()
            self._mark("server_ready_s", t0)
            step = "pull"
            self.pull()
            self._mark("pulled_s", t0)
            step = "open"
            r = self.session.get(f"{self.base}/lab/tree/gleap/{LESSON}", timeout=120)
            if not r.ok:
                raise Failed(step, f"JupyterLab page {r.status_code}")
            step = "run"
            kernel = self.run_lesson(t0)
            self._mark("usable_s", t0)
            self.result.update(charts=self.charts, widgets=self.widgets)
            step = "explorer"
            self.move_explorer(kernel)
            step = "exercise"
            exercise = self.check_exercise()
            self._mark("checked_s", t0)
            self.result["memory"] = _memory_mb(self.hub_server.servers().get(self.name))
            kernel.close()
            exercise.close()
            if "server" in self.faults:
                step = "server fault"
                self.server_killed(t0)
            if "cull" in self.faults:
                step = "culler"
                self.culled(self.hub_server.cull_timeout)
            self.result["ok"] = True
        except Failed as exc:
            self.result.update(ok=False, step=exc.step, error=str(exc)[:500])
        except Exception as exc:  # anything else is a failure of that step too, reported, never hidden
            self.result.update(ok=False, step=step, error=f"{type(exc).__name__}: {str(exc)[:400]}")
        self.result["times"] = self.times
        if self.faults:
            self.result["faults"] = self.fault_results
        return self.result


def student_note(name: str, what: str) -> str:
    return f"My notes ({name}, {what}): the official series and the reconstruction differ most in 1960."


def work_kept(saved: dict, now: dict) -> list[str]:
    """What of a saved notebook is not in the notebook as the server has it now ([] when all is
    kept): every saved cell's source, in order, and the student's note."""
    def sources(nb):
        return [(c.get("cell_type"), "".join(c["source"]) if isinstance(c.get("source"), list) else c.get("source", ""))
                for c in nb.get("cells", [])]

    before, after = sources(saved), sources(now)
    problems = []
    notes = [src for kind, src in before if kind == "markdown" and src.startswith("My notes (")]
    for note in notes:
        if ("markdown", note) not in after:
            problems.append(f"the student's note is gone: {note[:50]!r}")
    if len(after) < len(before):
        problems.append(f"{len(before) - len(after)} saved cell(s) missing ({len(after)} of {len(before)})")
    changed = [i for i, (b, a) in enumerate(zip(before, after)) if b != a]
    if changed:
        problems.append(f"saved cell(s) changed: {changed[:5]}")
    return problems


# ------------------------------------------------------------------ the class

def _memory_mb(process: psutil.Process | None) -> dict:
    if process is None:
        return {}
    try:
        tree = [process] + process.children(recursive=True)
        server = process.memory_info().rss
        kernels = sum(p.memory_info().rss for p in tree[1:])
        cpu = sum(sum(p.cpu_times()[:2]) for p in tree)
        return {"server_mb": round(server / 1e6), "kernels_mb": round(kernels / 1e6),
                "total_mb": round((server + kernels) / 1e6), "kernels": len(tree) - 1, "cpu_s": round(cpu, 1)}
    except psutil.Error:
        return {}


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(0.95 * len(values) + 0.5)) - 1))]


def _available_mb() -> float:
    return psutil.virtual_memory().available / 2 ** 20


def admission(available_mb: float, growing: int, student_mb: float, floor_mb: float) -> tuple[bool, float]:
    """May one more student come in? Each student admitted and not yet through the lesson (``growing``,
    this one included) may still take up to ``student_mb``; what would be left must stay above
    ``floor_mb``. Returns (admit, the memory that would be left, MiB)."""
    left = available_mb - growing * student_mb
    return left >= floor_mb, round(left)


class MemoryGuard:
    """For a class-sized run on a shared machine: stops admitting students before memory runs
    short (``admission``), and stops the whole run if available memory still falls below
    ``abort_mb`` (other work on the machine grew, or a student took more than foreseen): every
    student's server is then killed, so that the out-of-memory killer never has to choose."""

    def __init__(self, floor_mb: float, abort_mb: float, student_mb: float, available=_available_mb):
        self.floor_mb, self.abort_mb, self.student_mb, self.available = floor_mb, abort_mb, student_mb, available
        self.growing = 0
        self.admitted = 0
        self.refused = 0
        self.stopped: dict | None = None
        self.aborted: dict | None = None
        self.lowest_mb = available()
        self.lock = threading.Lock()

    def admit(self, hub: "Hub", at_s: float) -> bool:
        with self.lock:
            if self.stopped or self.aborted:
                self.refused += 1
                return False
            available = self.available()
            ok, left = admission(available, self.growing + 1, self.student_mb, self.floor_mb)
            if not ok:
                self.refused += 1
                servers = hub.servers()
                memory = [_memory_mb(p).get("total_mb", 0) for p in servers.values()]
                self.stopped = {"reason": "memory", "after_admitting": self.admitted, "at_s": round(at_s, 1),
                                "servers_running": len(servers), "students_still_growing": self.growing,
                                "servers_memory_mb": sum(memory),
                                "server_memory_mb_median": statistics.median(memory) if memory else None,
                                "available_mb": round(available), "would_be_left_mb": left,
                                "floor_mb": self.floor_mb, "reserved_per_growing_student_mb": self.student_mb}
                print(f"memory guard: not admitting more students: {self.stopped}", flush=True)
                return False
            self.admitted += 1
            self.growing += 1
            return True

    def grown(self) -> None:
        with self.lock:
            self.growing -= 1

    def watch(self, hub: "Hub", at_s: float) -> None:
        """Called every second: the emergency stop."""
        available = self.available()
        self.lowest_mb = min(self.lowest_mb, available)
        if available < self.abort_mb and not self.aborted:
            servers = hub.servers()
            self.aborted = {"reason": "memory", "at_s": round(at_s, 1), "available_mb": round(available),
                            "abort_below_mb": self.abort_mb, "servers_running": len(servers),
                            "servers_memory_mb": sum(_memory_mb(p).get("total_mb", 0) for p in servers.values())}
            print(f"memory guard: available memory below {self.abort_mb} MiB, killing every server: {self.aborted}",
                  flush=True)
            hub.kill_servers()


def run_class(students: int, spread: float, faults: tuple[str, ...] = (), cull_timeout: float = 60,
              floor_mb: float = 5120, abort_mb: float = 4096, student_mb: float = 500) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    env, chp = hub_python(), proxy_command()
    repo = course_repository().as_uri()
    hub = Hub(env, chp, cull_timeout=cull_timeout if "cull" in faults else None)
    guard = MemoryGuard(floor_mb, abort_mb, student_mb)
    results: list[dict] = []
    peak = {"used_mb": 0, "load_1min": 0.0}
    stop = threading.Event()
    start = time.monotonic()

    def sample():
        while not stop.is_set():
            vm = psutil.virtual_memory()
            peak["used_mb"] = max(peak["used_mb"], round((vm.total - vm.available) / 1e6))
            peak["load_1min"] = max(peak["load_1min"], os.getloadavg()[0])
            guard.watch(hub, time.monotonic() - start)
            stop.wait(1)

    try:
        hub_process, proxy_process = hub.processes()
        cpu0 = {"hub": sum(hub_process.cpu_times()[:2]), "proxy": sum(proxy_process.cpu_times()[:2]) if proxy_process else 0}
        baseline_mb = round((psutil.virtual_memory().total - psutil.virtual_memory().available) / 1e6)
        threading.Thread(target=sample, daemon=True).start()
        start = time.monotonic()
        threads = []
        lock = threading.Lock()

        def one(i: int):
            time.sleep(i * spread / max(1, students))
            name = f"student{i + 1:02d}"
            if not guard.admit(hub, time.monotonic() - start):
                return
            student = Student(hub, name, repo, faults, stopped=lambda: bool(guard.aborted))
            try:
                result = student.run()
            finally:
                guard.grown()
            if guard.aborted and not result["ok"]:
                result["error"] = f"stopped by the memory guard's emergency stop ({result.get('error', '')[:200]})"
            with lock:
                results.append(result)
                print(f"{student.name}: {'ok' if result['ok'] else 'FAILED at ' + result['step']} {result['times']}"
                      f"{'' if result['ok'] else ' ' + result['error']}"
                      f"{' faults: ' + json.dumps(result['faults']) if result.get('faults') else ''}", flush=True)

        for i in range(students):
            threads.append(threading.Thread(target=one, args=(i,)))
            threads[-1].start()
        for t in threads:
            t.join()
        wall = time.monotonic() - start
        cpu = {"hub": sum(hub_process.cpu_times()[:2]) - cpu0["hub"],
               "proxy": (sum(proxy_process.cpu_times()[:2]) - cpu0["proxy"]) if proxy_process else None}
    finally:
        stop.set()
        hub.stop()
    ok = [r for r in results if r["ok"]]
    usable = [r["times"]["usable_s"] for r in ok]
    measured = [r["memory"] for r in ok if r.get("memory")]
    memory = [m["total_mb"] for m in measured]
    return {
        "students": students, "spread_s": spread, "wall_s": round(wall, 1), "cores": os.cpu_count(),
        "load_average_before": None, "jupyterhub": JUPYTERHUB, "proxy": CHP, "faults_simulated": list(faults),
        "admitted": guard.admitted, "not_admitted": guard.refused,
        "memory_guard": {"floor_mb": floor_mb, "abort_below_mb": abort_mb, "reserved_per_growing_student_mb": student_mb,
                         "stopped_admitting": guard.stopped, "emergency_stop": guard.aborted,
                         "lowest_available_mb": round(guard.lowest_mb)},
        "failures": [{k: r[k] for k in ("student", "step", "error")} for r in results if not r["ok"]],
        "usable_s": {"median": round(statistics.median(usable), 1), "p95": round(_p95(usable), 1),
                     "max": round(max(usable), 1)} if usable else None,
        "steps_median_s": {k: round(statistics.median(r["times"][k] for r in ok), 1)
                           for k in ("login_s", "server_ready_s", "pulled_s", "opened_s", "usable_s", "checked_s")} if ok else None,
        "control_s_median": round(statistics.median(r["control_s"] for r in ok), 3) if ok else None,
        "memory_per_student_mb": {"median": statistics.median(memory), "max": max(memory),
                                  "server_median": statistics.median(m["server_mb"] for m in measured),
                                  "kernels_median": statistics.median(m["kernels_mb"] for m in measured)}
        if memory else None,
        "cpu_per_student_s_median": statistics.median(m["cpu_s"] for m in measured) if measured else None,
        "machine_memory_mb": {"before": baseline_mb, "peak": peak["used_mb"], "total": round(psutil.virtual_memory().total / 1e6)},
        "load_1min_peak": round(peak["load_1min"], 2),
        "cpu_s": {k: (round(v, 1) if v is not None else None) for k, v in cpu.items()},
        "cpu_percent_of_one_core": {k: (round(100 * v / wall, 1) if v is not None else None) for k, v in cpu.items()},
        "check_says": ok[0]["check_says"] if ok else None,
        "faults": summarise_faults(results, faults),
        "results": results,
    }


def summarise_faults(results: list[dict], faults: tuple[str, ...]) -> dict:
    """Per fault: how many students met it, how many came through (their work kept), and the times."""
    out = {}
    keys = {"kernel": "back_to_where_it_was_s", "server": "server_back_s", "cull": "stopped_after_idle_s"}
    for fault in faults:
        met = [r for r in results if fault in r.get("faults", {})]
        times = [r["faults"][fault][keys[fault]] for r in met]
        out[fault] = {"students": len(results), "came_through": sum(1 for r in met if r["faults"][fault].get("saved_work_kept")),
                      "failed_here": [r["student"] for r in results if not r["ok"] and r.get("step") == FAULT_STEPS[fault]],
                      keys[fault]: times}
    return out


FAULT_STEPS = {"kernel": "kernel fault", "server": "server fault", "cull": "culler"}
FAULT_TEXT = {"kernel": "lesson kernel killed half way (student restarts it, runs the cells above again)",
              "server": "single-user server killed after the check (next request: the link again)",
              "cull": "idle culler (jupyterhub-idle-culler) after the student stops"}


SECTION = "## A class of 30"


def markdown(r: dict) -> str:
    u, m, steps = r["usable_s"] or {}, r["memory_per_student_mb"] or {}, r["steps_median_s"] or {}
    lines = [
        f"{SECTION}\n",
        f"`make hub-test STUDENTS={r['students']}` (`python -m benchmarks.hub`, {r['jupyterhub']}, {r['proxy']}, "
        f"local-process spawner, dummy sign-in; {r['cores']} cores shared with other work). {r['students']} simulated "
        f"students arrive over {r['spread_s']:.0f} s; each logs in, follows the nbgitpuller link to lesson 05 (a local "
        "clone of the `student` branch), runs every cell through its kernel, moves the excess-deaths explorer's "
        "under-registration control (the message the page sends) and runs `check(\"q1\")` of exercise set 05.\n",
        "| | figure |",
        "|---|---|",
        f"| failures | **{len(r['failures'])}** of {r.get('admitted', r['students'])} students admitted "
        f"({r['students']} arriving) |",
        f"| time to a usable lesson (login → every chart of lesson 05 delivered), median | **{u.get('median', '–')} s** |",
        f"| same, p95 | **{u.get('p95', '–')} s** (largest {u.get('max', '–')} s) |",
        "| median steps from login: server up · course pulled · lesson open · usable · check run | "
        + " · ".join(f"{steps.get(k, '–')} s" for k in ("server_ready_s", "pulled_s", "opened_s", "usable_s", "checked_s")) + " |",
        f"| explorer control → kernel updated, median | {r['control_s_median']} s |",
        f"| memory per student (server + kernel), median | {m.get('median', '–')} MB (server {m.get('server_median', '–')}, kernels {m.get('kernels_median', '–')}) |",
        f"| memory per student (server + kernel), largest: **{m.get('max', '–')} MB** | (two kernels: lesson and exercises) |",
        f"| machine memory in use, before → peak | {r['machine_memory_mb']['before']} → {r['machine_memory_mb']['peak']} MB of {r['machine_memory_mb']['total']} |",
        f"| hub CPU over the run | {r['cpu_s']['hub']} s ({r['cpu_percent_of_one_core']['hub']} % of one core) |",
        f"| proxy CPU over the run | {r['cpu_s']['proxy']} s ({r['cpu_percent_of_one_core']['proxy']} % of one core) |",
        f"| wall time of the run | {r['wall_s']} s |",
        f"| load average (1, 5, 15 min) before → after (2 cores, shared) | {_load(r.get('load_average_before'))} → "
        f"{_load(r.get('load_average_after'))} (1-minute peak {r.get('load_1min_peak', '–')}) |",
        f"| CPU per student (server + kernels, to the check), median | {r.get('cpu_per_student_s_median', '–')} s |",
    ]
    g = r.get("memory_guard") or {}
    if g:
        stopped = g.get("stopped_admitting")
        lines.append(f"| memory guard (admit while available − {g['reserved_per_growing_student_mb']:.0f} MiB per student "
                     f"still starting ≥ {g['floor_mb']:.0f} MiB) | admitted {r['admitted']} of {r['students']}"
                     + (f"; **memory stopped it** after {stopped['after_admitting']} at {stopped['at_s']} s: "
                        f"{stopped['servers_running']} servers running, {stopped['servers_memory_mb']} MB in them, "
                        f"{stopped['available_mb']} MiB available" if stopped else "") + " |")
        lines.append(f"| lowest available memory during the run | {g['lowest_available_mb']} MiB"
                     + (f"; **emergency stop** at {g['emergency_stop']['at_s']} s" if g.get("emergency_stop") else "") + " |")
    for fault, f in (r.get("faults") or {}).items():
        times = next(v for k, v in f.items() if k.endswith("_s"))
        lines.append(f"| fault: {FAULT_TEXT[fault]} | {f['came_through']} of {f['students']} came through, work kept; "
                     f"{next(k for k in f if k.endswith('_s')).replace('_', ' ')}: {', '.join(map(str, times)) or '–'} |")
    lines.append("")
    if r["failures"]:
        lines += ["Failures:", ""] + [f"- {f['student']} at {f['step']}: {f['error']}" for f in r["failures"]] + [""]
    return "\n".join(lines)


def _load(values) -> str:
    return " ".join(f"{v:.2f}" for v in values) if values else "not recorded"


def splice(path: Path, section: str, heading: str) -> None:
    """Replace (or append) the section that starts with ``heading`` in a markdown file."""
    text = path.read_text("utf-8")
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _m: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text, "utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="a real JupyterHub on 127.0.0.1 with simulated students")
    parser.add_argument("--students", type=int, default=5)
    parser.add_argument("--spread", type=float, default=None, help="seconds over which they arrive (default: 2 s each)")
    parser.add_argument("--fault", action="append", choices=sorted(FAULT_STEPS), default=[],
                        help="a fault every student meets (repeatable): kernel = their lesson's kernel killed half "
                             "way through; server = their single-user server killed after the check; cull = the idle "
                             "culler (jupyterhub-idle-culler, --cull-timeout) stops their server once they stop")
    parser.add_argument("--cull-timeout", type=float, default=60, help="the idle culler's timeout, seconds (default 60)")
    parser.add_argument("--memory-floor-mb", type=float, default=5120,
                        help="admit no more students when the machine's available memory, less --student-mb for each "
                             "student still starting, would fall below this (MiB, default 5120)")
    parser.add_argument("--abort-below-mb", type=float, default=4096,
                        help="kill every student's server at once if available memory falls below this (MiB, default 4096)")
    parser.add_argument("--student-mb", type=float, default=500,
                        help="memory a student may still take while starting (MiB; measured: 446 MB)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "hub-test.json")
    parser.add_argument("--markdown", type=Path, help="write the section into this file (BENCHMARKS.md)")
    args = parser.parse_args(argv)
    if args.students < 1 or args.cull_timeout < 10 or args.abort_below_mb > args.memory_floor_mb:
        parser.error("give --students >= 1, --cull-timeout >= 10, and --abort-below-mb <= --memory-floor-mb")
    spread = args.spread if args.spread is not None else 2.0 * args.students
    load_before = [round(x, 2) for x in os.getloadavg()]
    available_before = round(_available_mb())
    r = run_class(args.students, spread, tuple(args.fault), cull_timeout=args.cull_timeout,
                  floor_mb=args.memory_floor_mb, abort_mb=args.abort_below_mb, student_mb=args.student_mb)
    r["load_average_before"], r["load_average_after"] = load_before, [round(x, 2) for x in os.getloadavg()]
    r["available_mb_before"] = available_before
    r["taken_utc"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, indent=1))
    section = markdown(r)
    print(section)
    if args.markdown:
        splice(args.markdown, section, SECTION)
    return 1 if r["failures"] or r["memory_guard"]["emergency_stop"] else 0


if __name__ == "__main__":
    sys.exit(main())
