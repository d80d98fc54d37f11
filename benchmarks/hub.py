"""A class on one hub, for real: `make hub-test` (not part of `make test`).

    python -m benchmarks.hub --students 5 [--spread 60] [--out build/hub-test.json] [--markdown BENCHMARKS.md]

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

"Time to a usable lesson" is from the login to the last output of step 4 (every chart delivered).
Memory per student: resident memory of the student's server process and its kernels, after step
6. CPU: the hub's and the proxy's processes, over the whole run. Failures are reported by step.
"""
from __future__ import annotations

import argparse
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
    want = (ROOT / "binder" / "requirements.txt").read_text() + JUPYTERHUB + (ROOT / "pyproject.toml").read_text()
    if not (marker.exists() and marker.read_text() == want):
        shutil.rmtree(env, ignore_errors=True)
        venv.create(env, with_pip=True)
        pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        print("installing the hub's Python (binder/requirements.txt + jupyterhub) ...", flush=True)
        _run(pip + ["-r", str(ROOT / "binder" / "requirements.txt"), JUPYTERHUB])
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


class Hub:
    def __init__(self, env: Path, chp: Path):
        self.port, self.hub_port, self.proxy_api_port = _free_port(), _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        run_dir = WORK / "run"
        shutil.rmtree(run_dir, ignore_errors=True)
        (run_dir / "homes").mkdir(parents=True)
        args = ["--allow-root"] if os.geteuid() == 0 else []
        (run_dir / "jupyterhub_config.py").write_text(CONFIG.format(
            port=self.port, hub_port=self.hub_port, proxy_api_port=self.proxy_api_port, chp=str(chp), work=run_dir,
            password=PASSWORD, singleuser=str(env / "bin" / "jupyterhub-singleuser"), args=args, token=self.token))
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

    def __init__(self, student: "Student", path: str):
        self.student = student
        s = student.session
        r = s.post(f"{student.base}/api/sessions", json={"path": path, "type": "notebook", "name": "",
                                                         "kernel": {"name": "python3"}},
                   headers=student.xsrf_headers(), timeout=120)
        if r.status_code not in (200, 201):
            raise Failed("open", f"{path}: POST api/sessions {r.status_code} {r.text[:200]}")
        self.id = r.json()["kernel"]["id"]
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

    def comm_update(self, comm_id: str, state: dict) -> None:
        """What the page sends when a student moves a control of an explorer."""
        self._send("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}})

    def close(self):
        self.ws.close()


class Student:
    def __init__(self, hub: Hub, name: str, repo: str):
        self.hub, self.name, self.repo = hub.url, name, repo
        self.base = f"{hub.url}/user/{name}"
        self.session = requests.Session()
        self.times: dict[str, float] = {}
        self.result: dict = {"student": name}

    def xsrf_headers(self) -> dict:
        token = next((c.value for c in self.session.cookies if c.name == "_xsrf" and c.path.startswith(f"/user/{self.name}")),
                     None) or self.session.cookies.get("_xsrf")
        return {"X-XSRFToken": token or "", "Referer": self.base + "/lab"}

    def _mark(self, step: str, t0: float) -> None:
        self.times[step] = round(time.monotonic() - t0, 2)

    def run(self) -> dict:
        import hub_links

        t0 = time.monotonic()
        step = "login"
        try:
            s = self.session
            s.get(f"{self.hub}/hub/login", timeout=60)
            r = s.post(f"{self.hub}/hub/login?next=", data={"username": self.name, "password": PASSWORD,
                                                             "_xsrf": s.cookies.get("_xsrf", "")}, timeout=120)
            if r.status_code >= 400 or "/hub/login" in urlsplit(r.url).path:
                raise Failed(step, f"login refused ({r.status_code})")
            self._mark("login_s", t0)

            step = "spawn"
            link = hub_links.link(self.hub, self.repo, "student", LESSON)
            deadline = time.monotonic() + 600
            while True:
                r = s.get(link, timeout=600)
                if urlsplit(r.url).path.startswith(f"/user/{self.name}/git-pull") and r.ok:
                    break
                if time.monotonic() > deadline:
                    raise Failed(step, f"the server did not start in 600 s (last page {r.url}, {r.status_code})")
                time.sleep(1)
            self._mark("server_ready_s", t0)

            step = "pull"
            api = f"{self.base}/git-pull/api"
            with s.get(api, params={"repo": self.repo, "branch": "student", "targetpath": "gleap"},
                       stream=True, timeout=600) as stream:
                events = [json.loads(line[5:]) for line in stream.iter_lines(decode_unicode=True)
                          if line and line.startswith("data:")]
            if not events or events[-1].get("phase") != "finished":
                raise Failed(step, f"nbgitpuller did not finish: {events[-3:]}")
            self._mark("pulled_s", t0)

            step = "open"
            r = s.get(f"{self.base}/lab/tree/gleap/{LESSON}", timeout=120)
            if not r.ok:
                raise Failed(step, f"JupyterLab page {r.status_code}")
            r = s.get(f"{self.base}/api/contents/gleap/{LESSON}", params={"content": 1}, timeout=120)
            if not r.ok:
                raise Failed(step, f"the lesson is not in the student's home ({r.status_code})")
            cells = [c for c in r.json()["content"]["cells"] if c["cell_type"] == "code"]
            self._mark("opened_s", t0)

            step = "run"
            kernel = Kernel(self, f"gleap/{LESSON}")
            charts = widgets = 0
            explorer_id = None
            for cell in cells:
                code = "".join(cell["source"])
                for out in kernel.execute(code):
                    data = out.get("data", {})
                    charts += "application/vnd.plotly.v1+json" in data
                    if "application/vnd.jupyter.widget-view+json" in data:
                        widgets += 1
                        if "excess_deaths_explorer" in code:
                            explorer_id = data["application/vnd.jupyter.widget-view+json"]["model_id"]
            if not charts or explorer_id is None:
                raise Failed(step, f"{charts} charts, explorer {'found' if explorer_id else 'missing'}")
            self._mark("usable_s", t0)
            self.result.update(charts=charts, widgets=widgets)

            step = "explorer"
            state = kernel.comms.get(explorer_id, {}).get("state", {})
            value = dict(state.get("value") or {})
            if "underregistration" not in value:
                raise Failed(step, f"the explorer's state has no under-registration control: {sorted(value)}")
            moved = time.monotonic()
            value["underregistration"] = int(value["underregistration"]) + 1
            kernel.comm_update(explorer_id, {"value": value})
            probe = (f"from ipywidgets import Widget\nw = Widget.widgets[{explorer_id!r}]\n"
                     "print(w.controls['underregistration'].value, round(float(w.total)))")
            for _ in range(100):
                text = "".join(o.get("text", "") for o in kernel.execute(probe))
                if text.split()[0] != "0.0":
                    break
                time.sleep(0.1)
            if text.split()[0] != "0.05":
                raise Failed(step, f"the kernel did not follow the control: {text!r}")
            self.result["control_s"] = round(time.monotonic() - moved, 3)

            step = "exercise"
            exercise = Kernel(self, f"gleap/{EXERCISE}")
            r = s.get(f"{self.base}/api/contents/gleap/{EXERCISE}", params={"content": 1}, timeout=120)
            checked = None
            for cell in (c for c in r.json()["content"]["cells"] if c["cell_type"] == "code"):
                code = "".join(cell["source"])
                text = "".join(o.get("text", "") for o in exercise.execute(code))
                if 'check("q1")' in code:
                    checked = text
                    break
            if not checked or not checked.startswith("q1"):
                raise Failed(step, f"check('q1') said {checked!r}")
            self.result["check_says"] = checked.strip().splitlines()[0][:80]
            self._mark("checked_s", t0)
            kernel.close()
            exercise.close()
            self.result["ok"] = True
        except Failed as exc:
            self.result.update(ok=False, step=exc.step, error=str(exc)[:500])
        except Exception as exc:  # anything else is a failure of that step too, reported, never hidden
            self.result.update(ok=False, step=step, error=f"{type(exc).__name__}: {str(exc)[:400]}")
        self.result["times"] = self.times
        return self.result


# ------------------------------------------------------------------ the class

def _memory_mb(process: psutil.Process) -> dict:
    try:
        tree = [process] + process.children(recursive=True)
        server = process.memory_info().rss
        kernels = sum(p.memory_info().rss for p in tree[1:])
        return {"server_mb": round(server / 1e6), "kernels_mb": round(kernels / 1e6),
                "total_mb": round((server + kernels) / 1e6), "kernels": len(tree) - 1}
    except psutil.Error:
        return {}


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(0.95 * len(values) + 0.5)) - 1))]


def run_class(students: int, spread: float) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    env, chp = hub_python(), proxy_command()
    repo = course_repository().as_uri()
    hub = Hub(env, chp)
    results: list[dict] = []
    peak = {"used_mb": 0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            vm = psutil.virtual_memory()
            peak["used_mb"] = max(peak["used_mb"], round((vm.total - vm.available) / 1e6))
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
            student = Student(hub, f"student{i + 1:02d}", repo)
            result = student.run()
            result["memory"] = _memory_mb(hub.servers().get(student.name)) if hub.servers().get(student.name) else {}
            with lock:
                results.append(result)
                print(f"{student.name}: {'ok' if result['ok'] else 'FAILED at ' + result['step']} {result['times']}"
                      f"{'' if result['ok'] else ' ' + result['error']}", flush=True)

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
    memory = [r["memory"]["total_mb"] for r in ok if r.get("memory")]
    return {
        "students": students, "spread_s": spread, "wall_s": round(wall, 1), "cores": os.cpu_count(),
        "load_average_before": None, "jupyterhub": JUPYTERHUB, "proxy": CHP,
        "failures": [{k: r[k] for k in ("student", "step", "error")} for r in results if not r["ok"]],
        "usable_s": {"median": round(statistics.median(usable), 1), "p95": round(_p95(usable), 1),
                     "max": round(max(usable), 1)} if usable else None,
        "steps_median_s": {k: round(statistics.median(r["times"][k] for r in ok), 1)
                           for k in ("login_s", "server_ready_s", "pulled_s", "opened_s", "usable_s", "checked_s")} if ok else None,
        "control_s_median": round(statistics.median(r["control_s"] for r in ok), 3) if ok else None,
        "memory_per_student_mb": {"median": statistics.median(memory), "max": max(memory),
                                  "server_median": statistics.median(r["memory"]["server_mb"] for r in ok if r.get("memory")),
                                  "kernels_median": statistics.median(r["memory"]["kernels_mb"] for r in ok if r.get("memory"))}
        if memory else None,
        "machine_memory_mb": {"before": baseline_mb, "peak": peak["used_mb"], "total": round(psutil.virtual_memory().total / 1e6)},
        "cpu_s": {k: (round(v, 1) if v is not None else None) for k, v in cpu.items()},
        "cpu_percent_of_one_core": {k: (round(100 * v / wall, 1) if v is not None else None) for k, v in cpu.items()},
        "check_says": ok[0]["check_says"] if ok else None,
        "results": results,
    }


SECTION = "## A class on one hub"


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
        f"| failures | **{len(r['failures'])}** of {r['students']} |",
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
        f"{_load(r.get('load_average_after'))} |",
        "",
    ]
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
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "hub-test.json")
    parser.add_argument("--markdown", type=Path, help="write the section into this file (BENCHMARKS.md)")
    args = parser.parse_args(argv)
    spread = args.spread if args.spread is not None else 2.0 * args.students
    load_before = [round(x, 2) for x in os.getloadavg()]
    r = run_class(args.students, spread)
    r["load_average_before"], r["load_average_after"] = load_before, [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, indent=1))
    section = markdown(r)
    print(section)
    if args.markdown:
        splice(args.markdown, section, SECTION)
    return 1 if r["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
