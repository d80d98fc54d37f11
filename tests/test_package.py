"""The package as a whole: a small flat API, one version, a light import."""
import subprocess
import sys
import tomllib
from pathlib import Path

import gleap_data as gd

ROOT = Path(__file__).resolve().parents[1]


def test_flat_api_is_discoverable():
    for name in ("datasets", "load", "describe", "cite", "excess_deaths", "lost_births",
                 "labour_allocation", "charts", "widgets"):
        assert name in dir(gd)
        assert getattr(gd, name).__doc__, f"{name} has no docstring"


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
    for name in ("CITATION.cff", "gleap_data/datapackage.json"):
        assert gd.__version__ not in (ROOT / name).read_text("utf-8").split("version")[-1][:20] or name
    assert '"version"' not in (ROOT / "gleap_data" / "datapackage.json").read_text("utf-8")
    assert "\nversion:" not in (ROOT / "CITATION.cff").read_text("utf-8")
