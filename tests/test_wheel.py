"""The package as people outside this repository get it: build the sdist and the wheel, check them
with twine, install the wheel with the core dependencies only into a fresh virtual environment
outside the checkout, and use it there.

About a minute: `python -m build` makes two isolated build environments, then pip installs pandas,
numpy, plotly, babel and jinja2 into the fresh environment (from pip's cache when it is warm, at the versions of
the environment running the tests).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import gleap_data as gd

ROOT = Path(__file__).resolve().parents[1]
CORE = {"pandas", "numpy", "plotly", "babel", "jinja2"}
EXTRAS = {"widgets", "lab", "exercises", "hub", "tools", "site", "test", "all"}
#: What a core-only install must not bring in.
NOT_CORE = {"ipywidgets", "anywidget", "jupyterlab", "ipykernel", "notebook", "otter-grader", "nbconvert",
            "pytest", "playwright"}
WIDGETS_SENTENCE = ("gd.widgets needs ipywidgets and anywidget, which are not installed: run pip install "
                    "'gleap[widgets]' (or 'gleap[lab]' for JupyterLab too) and restart the kernel.")
EXCESS_ARGS = {"baseline": 1957, "years": (1959, 1961)}


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV") and not k.startswith("JUPYTER")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


def _run(command, step, cwd, env=None, timeout=600) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env or _clean_env(), capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"{step} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def readme_examples() -> list[str]:
    """The lines of the Python block in README's "The data package" section, in order."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("\n## The data package", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block, "README's 'The data package' section has no ```python block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; (]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


# ------------------------------------------------------------------ build once for the module

@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict:
    """sdist and wheel built by `python -m build` from a copy of the repository (as a release does)."""
    tmp = tmp_path_factory.mktemp("gleap-build")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
        ".ipynb_checkpoints", "test-results"))
    out = tmp / "dist"
    _run([sys.executable, "-m", "build", "--outdir", out, src], "python -m build", cwd=tmp)
    sdists, wheels = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, f"expected one sdist and one wheel, got {sorted(out.iterdir())}"
    return {"dir": out, "sdist": sdists[0], "wheel": wheels[0], "tmp": tmp}


def test_build_names_the_version_and_twine_check_passes(dist):
    assert dist["wheel"].name == f"gleap-{gd.__version__}-py3-none-any.whl"
    assert dist["sdist"].name == f"gleap-{gd.__version__}.tar.gz"
    report = _run([sys.executable, "-m", "twine", "check", "--strict", dist["sdist"], dist["wheel"]],
                  "twine check --strict", cwd=dist["tmp"])
    assert report.count("PASSED") == 2, report


def test_wheel_holds_the_package_and_nothing_else(dist):
    names = zipfile.ZipFile(dist["wheel"]).namelist()
    info = f"gleap-{gd.__version__}.dist-info/"
    stray = [n for n in names if not (n.startswith("gleap_data/") or n.startswith(info))]
    assert not stray, f"files outside the package in the wheel: {stray}"
    forbidden = [n for n in names if re.search(r"(^|/)(tests?|notebooks|exercises|data-raw|benchmarks|tools|binder)/", n)
                 or n.endswith(".ipynb") or "master" in n.lower() or "autograder" in n.lower()]
    assert not forbidden, f"the wheel holds tests, notebooks, exercise masters or raw data: {forbidden}"
    descriptor = json.loads((ROOT / "gleap_data" / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        assert f"gleap_data/{resource['path']}" in names, f"{resource['path']} is missing from the wheel"
    assert "gleap_data/datapackage.json" in names
    for module in sorted((ROOT / "gleap_data").glob("*.py")) + sorted((ROOT / "gleap_data").glob("*.js")):
        assert f"gleap_data/{module.name}" in names, f"{module.name} is missing from the wheel"
    for licence in ("LICENSE", "LICENSE-content.md"):
        assert f"{info}licenses/{licence}" in names, f"{licence} is missing from the wheel"
    for catalogue in sorted((ROOT / "gleap_data" / "locales").rglob("*.po")):  # the package's translations
        path = catalogue.relative_to(ROOT).as_posix()
        assert path in names, f"{path} is missing from the wheel"


def test_sdist_holds_no_tests_notebooks_or_exercise_masters(dist):
    with tarfile.open(dist["sdist"]) as tar:
        names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
    assert {"pyproject.toml", "README.md", "LICENSE", "gleap_data/datapackage.json"} <= set(names)
    forbidden = [n for n in names if n.endswith(".ipynb") or n.startswith(("exercises/", "notebooks/", "data-raw/", "tests/"))]
    assert not forbidden, f"the sdist (published on PyPI) holds tests, notebooks or exercises: {forbidden}"


def test_wheel_metadata_core_dependencies_and_extras(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        text = wheel.read(f"gleap-{gd.__version__}.dist-info/METADATA").decode("utf-8")
    meta = Parser().parsestr(text)
    requires = meta.get_all("Requires-Dist") or []
    core = {_name(r) for r in requires if "extra ==" not in r}
    assert core == CORE, f"core dependencies of the wheel: {sorted(core)}"
    assert set(meta.get_all("Provides-Extra") or []) == EXTRAS
    widgets = {_name(r) for r in requires if re.search(r"extra\s*==\s*['\"]widgets['\"]", r)}
    assert widgets == {"ipywidgets", "anywidget"}, widgets
    assert meta["Version"] == gd.__version__


# ------------------------------------------------------------------ a core-only install, outside the checkout

_CHECK = r'''
import hashlib, importlib.util, json
from importlib import resources
import gleap_data as gd

out = {"file": gd.__file__, "version": gd.__version__}
root = resources.files("gleap_data")
descriptor = json.loads(root.joinpath("datapackage.json").read_text("utf-8"))
out["descriptor_version"] = descriptor.get("version")
out["hashes_match"] = {r["name"]: "sha256:" + hashlib.sha256(root.joinpath(r["path"]).read_bytes()).hexdigest() == r["hash"]
                       for r in descriptor["resources"]}
out["datasets"] = gd.datasets()
out["rows"] = {name: len(gd.load(name)) for name in gd.datasets()}
out["excess"] = gd.excess_deaths(baseline=1957, years=(1959, 1961)).reset_index().to_dict("records")
fig = gd.charts.vital_rates()
out["chart"] = {"traces": len(fig.data), "title": fig.layout.title.text, "json_ok": len(fig.to_json()) > 1000}
out["cite"] = gd.cite("vital_rates").splitlines()[0]
try:
    gd.widgets
except ImportError as exc:
    out["widgets_error"] = {"type": type(exc).__name__, "message": str(exc),
                            "is_missing_extra": isinstance(exc, gd.MissingExtraError)}
else:
    out["widgets_error"] = None
out["importable"] = sorted(m for m in ("ipywidgets", "anywidget", "jupyterlab", "otter", "ipykernel", "pytest")
                           if importlib.util.find_spec(m))
print(json.dumps(out))
'''

# Runs each README line in one namespace and says what happened; a result that can render as HTML
# (gd.show's table, a chart) is rendered, since that is what a notebook does with the last value.
_README = r'''
import json, sys
import gleap_data as gd

namespace, out = {}, []
for line in json.loads(sys.argv[1]):
    try:
        value = eval(compile(line, "<README>", "eval"), namespace) if not line.startswith(("import ", "from ")) \
            else exec(line, namespace)
        html = getattr(value, "_repr_html_", None)
        if html is not None:
            html = html()
            assert isinstance(html, str) and len(html) > 100, "an empty rendering"
        out.append({"line": line, "ok": True, "type": type(value).__name__})
    except Exception as exc:
        out.append({"line": line, "ok": False, "type": type(exc).__name__, "message": str(exc),
                    "is_missing_extra": isinstance(exc, gd.MissingExtraError)})
print(json.dumps(out))
'''

_TAMPERED = r'''
import gleap_data as gd
try:
    gd.load("vital_rates")
except gd.DataIntegrityError as exc:
    print("refused:", exc)
else:
    print("loaded a changed file")
'''


@pytest.fixture(scope="module")
def core_env(dist) -> dict:
    """A fresh venv outside the checkout with the wheel and its core dependencies only."""
    tmp = dist["tmp"]
    env_dir = tmp / "core-venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = _clean_env(VIRTUAL_ENV=str(env_dir), PATH=f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}")
    # the versions the tests pass with (and the ones in pip's cache): the running environment's
    frozen = _run([sys.executable, "-m", "pip", "freeze", "--exclude-editable", "--exclude", "gleap"],
                  "pip freeze", cwd=tmp)
    constraints = tmp / "constraints.txt"
    constraints.write_text("\n".join(l for l in frozen.splitlines() if "==" in l) + "\n")
    _run([python, "-m", "pip", "install", "--quiet", "--no-compile", "--constraint", constraints, dist["wheel"]],
         "pip install <wheel> (core only)", cwd=tmp, env=env)
    _run([python, "-m", "pip", "check"], "pip check", cwd=tmp, env=env)
    installed = {_name(p["name"]) for p in json.loads(
        _run([python, "-m", "pip", "list", "--format=json"], "pip list", cwd=tmp, env=env))}
    work = tmp / "elsewhere"
    work.mkdir()
    return {"python": python, "env": env, "dir": env_dir, "installed": installed, "cwd": work}


def test_core_install_brings_only_the_core(core_env):
    installed = core_env["installed"]
    assert {"gleap"} | CORE <= installed
    assert not NOT_CORE & installed, f"a core-only install pulled in {sorted(NOT_CORE & installed)}"
    assert len(installed) < 20, f"a core-only install has {len(installed)} packages: {sorted(installed)}"


def test_core_install_works_outside_the_checkout(core_env):
    out = json.loads(_run([core_env["python"], "-c", _CHECK], "use the installed package",
                          cwd=core_env["cwd"], env=core_env["env"]).strip().splitlines()[-1])
    # the installed copy, not the checkout
    assert Path(out["file"]).resolve().is_relative_to(core_env["dir"].resolve()), out["file"]
    assert out["version"] == out["descriptor_version"] == gd.__version__
    # every dataset loads (gd.load checks the hash) and its bytes match the descriptor's hash
    assert out["datasets"] == gd.datasets()
    assert out["hashes_match"] == {name: True for name in gd.datasets()}
    assert out["rows"] == {name: len(gd.load(name)) for name in gd.datasets()}
    # the same numbers as in the repository
    here = gd.excess_deaths(**EXCESS_ARGS).reset_index().to_dict("records")
    assert len(out["excess"]) == len(here) == 3
    for theirs, ours in zip(out["excess"], here, strict=True):
        assert theirs["year"] == ours["year"]
        assert theirs["excess_deaths"] == pytest.approx(ours["excess_deaths"], rel=1e-12)
    # a chart builds
    fig = gd.charts.vital_rates()
    assert out["chart"] == {"traces": len(fig.data), "title": fig.layout.title.text, "json_ok": True}
    assert f"gleap_data {gd.__version__}" in out["cite"]
    # gd.widgets fails with one clear sentence
    assert out["widgets_error"] == {"type": "MissingExtraError", "message": WIDGETS_SENTENCE,
                                    "is_missing_extra": True}
    assert out["importable"] == []


def test_core_install_runs_every_readme_example(core_env):
    """Each line of README's "The data package" example, and gd.show, in the core-only install: all
    work except gd.widgets, which must say which extra to install."""
    lines = readme_examples()
    assert any(line.startswith("gd.show(") for line in lines), "README's example should show gd.show"
    lines += ['gd.show(gd.excess_deaths(baseline=1957, years=(1959, 1961)), lang="pl").to_html()']
    said = json.loads(_run([core_env["python"], "-c", _README, json.dumps(lines)], "run README's examples",
                           cwd=core_env["cwd"], env=core_env["env"]).strip().splitlines()[-1])
    assert [r["line"] for r in said] == lines
    for result in said:
        if result["line"].startswith("gd.widgets"):
            assert not result["ok"] and result["is_missing_extra"], result
        else:
            assert result["ok"], f"README's example fails on a core-only install: {result}"
    assert said[-1]["type"] == "str"


def test_installed_package_refuses_a_changed_data_file(core_env):
    site = Path(_run([core_env["python"], "-c", "import gleap_data, os; print(os.path.dirname(gleap_data.__file__))"],
                     "locate the package", cwd=core_env["cwd"], env=core_env["env"]).strip())
    csv = site / "data" / "vital_rates.csv"
    original = csv.read_bytes()
    try:
        csv.write_bytes(original.replace(b"25.43", b"25.44", 1))
        said = _run([core_env["python"], "-c", _TAMPERED], "load a changed file", cwd=core_env["cwd"],
                    env=core_env["env"])
    finally:
        csv.write_bytes(original)
    assert said.startswith("refused:") and "does not match its hash" in said, said
