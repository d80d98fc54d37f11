"""The JupyterLite build (tools/build_lite.py, `make lite`): pins and checks, without building.

The build itself and its offline browser test run with `make lite-test` (lite/test_offline.py),
not in `make test`: lite/README.md, "Tests", says why.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
import build_lite  # noqa: E402

LOCK_PINS = {re.split(r"==", l)[0].lower().replace("_", "-"): l.split("==")[1].strip()
             for l in (ROOT / "binder" / "requirements.txt").read_text().splitlines() if "==" in l}


def _requirements(name: str) -> list[tuple[str, str, str]]:
    out = []
    for line in (ROOT / "lite" / name).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([A-Za-z0-9.+]+) --hash=sha256:([0-9a-f]{64})", line.strip())
            assert m, f"lite/{name}: not an exact, hashed pin: {line!r}"
            out.append(m.groups())
    return out


def test_every_page_wheel_is_pinned_by_hash_at_the_version_the_tests_run():
    pins = (_requirements("page-requirements.txt") + _requirements("page-requirements-emscripten.txt")
            + _requirements("page-requirements-sdist.txt"))
    assert {"pandas", "plotly", "ipywidgets", "anywidget", "babel", "jinja2", "markupsafe"} <= {n.lower() for n, _, _ in pins}
    for name, version, _ in pins:
        assert LOCK_PINS.get(name.lower().replace("_", "-")) == version, (
            f"lite: {name} {version} in the page, {LOCK_PINS.get(name.lower())} in binder/requirements.txt")


def test_build_python_is_pinned_and_is_the_jupyterlite_that_has_numpy():
    lines = [l for l in (ROOT / "lite" / "build-requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9.+]+", l) for l in lines), lines
    assert "jupyterlite-core==0.6.4" in lines and "jupyterlite-pyodide-kernel==0.6.1" in lines
    pins = build_lite.PINS
    assert pins["pyodide"]["version"] == "0.27.7" and re.fullmatch(r"[0-9a-f]{64}", pins["pyodide"]["lock_sha256"])
    assert re.fullmatch(r"[0-9a-f]{64}", pins["fallback"]["sha256"])


OFFICIAL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"


def test_a_pyodide_file_that_differs_from_the_official_lock_is_refused(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / OFFICIAL).write_bytes(b"not numpy")
    files = build_lite.PyodideFiles(tmp_path / "cache", str(dist))
    expected = hashlib.sha256(b"the real numpy").hexdigest()
    with pytest.raises(build_lite.BuildError, match=r"is not the official pyodide-lock.json's .* Refused"):
        files.take(OFFICIAL, expected, tmp_path / "out")
    assert not (tmp_path / "out" / OFFICIAL).exists(), "a refused file must not stay where the site is built from"
    # the same name with the official bytes is taken, and says where from
    (dist / OFFICIAL).write_bytes(b"the real numpy")
    path, origin = files.take(OFFICIAL, expected, tmp_path / "out")
    assert path.read_bytes() == b"the real numpy" and "distribution" in origin


def test_a_tampered_npm_tarball_is_refused(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"pyodide-{build_lite.PINS['pyodide']['version']}.tgz").write_bytes(b"tampered")
    with pytest.raises(build_lite.BuildError, match="integrity"):
        build_lite.pyodide_core(cache)
    assert not list(cache.glob("*.tgz")), "the tampered tarball is removed"


def test_the_page_lock_needs_every_dependency_it_names():
    lock = {"gleap": {"depends": ["pandas"]}, "pandas": {"depends": ["numpy", "ipykernel"]}, "numpy": {"depends": []}}
    assert build_lite._closure(lock, ["gleap"]) == ["gleap", "pandas", "numpy"]  # ipykernel: the kernel's own
    with pytest.raises(build_lite.BuildError, match="needed in the page"):
        build_lite._closure({"gleap": {"depends": ["plotly"]}}, ["gleap"])


def test_nbformat_stub_says_the_version_plotly_checks(tmp_path):
    wheel = build_lite.nbformat_stub(tmp_path)
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp_path / "site")
        record = z.read("nbformat-4.2.0.dist-info/RECORD").decode()
    assert "nbformat/__init__.py,sha256=" in record
    out = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); import nbformat; "
                          "print(nbformat.__version__)", str(tmp_path / "site")], capture_output=True, text=True)
    assert out.stdout.strip() == build_lite.NBFORMAT_STUB_VERSION == "4.2.0"
    name, version, requires, top = build_lite._wheel_meta(wheel)
    assert (name, version, requires, top) == ("nbformat", "4.2.0", [], ["nbformat"])


def test_page_dependencies_follow_the_browsers_platform(tmp_path):
    """pandas needs tzdata in the browser (its marker says emscripten), not numpy's test extras."""
    pandas = next((ROOT / "build" / "lite-cache" / "pypi").glob("pandas-*.whl"), None) \
        if (ROOT / "build" / "lite-cache" / "pypi").exists() else None
    meta = ("Metadata-Version: 2.1\nName: pandas\nVersion: 3.1.1\nRequires-Dist: numpy>=2.0.2; python_version < \"3.14\"\n"
            "Requires-Dist: python-dateutil>=2.9.0\nRequires-Dist: tzdata; sys_platform == \"win32\"\n"
            "Requires-Dist: tzdata; sys_platform == \"emscripten\"\nRequires-Dist: pytest; extra == \"test\"\n")
    wheel = tmp_path / "pandas-3.1.1-cp312-cp312-pyemscripten_2024_0_wasm32.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("pandas/__init__.py", "")
        z.writestr("pandas-3.1.1.dist-info/METADATA", meta)
    for w in filter(None, (wheel, pandas)):
        name, _, requires, _ = build_lite._wheel_meta(w)
        assert name == "pandas" and sorted(set(requires)) == ["numpy", "python-dateutil", "tzdata"], requires


def test_a_source_distribution_becomes_a_pure_wheel_with_its_dependencies(tmp_path):
    """MarkupSafe has no WebAssembly wheel: its sdist's Python files are shipped as a pure wheel,
    without the C speed-up, with the sdist's Requires-Dist kept for the lock's closure."""
    import io
    import tarfile

    sdist = tmp_path / "demo_pkg-1.2.tar.gz"
    members = {"demo_pkg-1.2/PKG-INFO": "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.2\n"
                                         "Requires-Dist: markupsafe>=2.0\nRequires-Dist: pytest; extra == \"test\"\n\nlong text\n",
               "demo_pkg-1.2/src/demo_pkg/__init__.py": "try:\n    from ._speedups import f\nexcept ImportError:\n"
                                                        "    from ._native import f\n",
               "demo_pkg-1.2/src/demo_pkg/_native.py": "def f():\n    return 'pure'\n",
               "demo_pkg-1.2/src/demo_pkg/_speedups.c": "/* C */",
               "demo_pkg-1.2/src/demo_pkg.egg-info/PKG-INFO": "x",
               "demo_pkg-1.2/tests/test_x.py": "assert False"}
    with tarfile.open(sdist, "w:gz") as tar:
        for name, text in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(text.encode())
            tar.addfile(info, io.BytesIO(text.encode()))
    wheel = build_lite.pure_wheel(sdist, tmp_path / "pure")
    assert wheel.name == "demo_pkg-1.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        assert sorted(n for n in z.namelist() if not n.startswith("demo_pkg-1.2.dist-info")) == [
            "demo_pkg/__init__.py", "demo_pkg/_native.py"]
        z.extractall(tmp_path / "site")
    out = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); import demo_pkg; "
                          "print(demo_pkg.f())", str(tmp_path / "site")], capture_output=True, text=True)
    assert out.stdout.strip() == "pure", out.stderr
    name, version, requires, top = build_lite._wheel_meta(wheel)
    assert (name, version, requires, top) == ("demo-pkg", "1.2", ["markupsafe"], ["demo_pkg"])
