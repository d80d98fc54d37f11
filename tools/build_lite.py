#!/usr/bin/env python3
"""Build the JupyterLite edition: the student lessons and exercises in both languages, running in
the browser with no server (Pyodide). ``make lite`` runs this; lite/README.md says how a school
hosts the result and what works in it.

    .venv/bin/python tools/build_lite.py --out build/lite [--pyodide-dist DIR|TARBALL|URL]

Step by step (every downloaded file is checked before it is used; a mismatch stops the build):

1. Pyodide 0.27.7 from npm (``npm pack``): the interpreter, its standard library and
   ``pyodide-lock.json``, the official list of Pyodide's packages with each file's sha256. The
   tarball's integrity and the lock's sha256 are pinned in lite/pins.toml.
2. Pyodide's own packages the page needs (numpy, ipython, micropip, ssl, ...: the closure of
   lite/pins.toml's ``preload`` and ``kernel`` over the lock's dependencies). Each file is taken
   from Pyodide's distribution when ``--pyodide-dist`` (or ``PYODIDE_DIST``) names one (a folder,
   the release ``.tar.bz2``, or a base URL such as Pyodide's CDN), else from the pinned PyPI
   package lite/pins.toml names as the fallback. Either way its sha256 must equal the official
   lock's entry, or it is refused.
3. The other wheels from PyPI with ``pip download --require-hashes`` (lite/page-requirements*.txt):
   pandas's PEP 783 wheel for Pyodide, plotly, ipywidgets, anywidget, babel and their pure
   dependencies. gleap's own wheel is built from this checkout; ``nbformat`` is a stub (plotly
   only checks its version; the real one cannot install in Pyodide: jsonschema needs rpds-py,
   which has no WebAssembly wheel).
3b. Bytecode, so that the page's Python does not compile every module it imports on every visit
   (its files live in memory: nothing it compiles is kept): the wheels of step 3 and gleap's get a
   ``__pycache__/*.cpython-312.pyc`` beside each ``.py``, compiled by Pyodide's own CPython 3.12
   running in Node (``with_bytecode``); the official Pyodide wheels stay byte for byte as the lock
   names them, and their bytecode goes into one more wheel, ``gleap-lite-bytecode``, of checked-hash
   pycs that the page uses only when the source's hash matches (``bytecode_for_official``).
4. A rewritten ``pyodide-lock.json`` with only the shipped files: the official entries as they are,
   the replaced and added ones with their own sha256 and their dependencies from the wheels'
   metadata. ``gleap-lite-sources.json`` beside it records, for every file, where it came from and
   how it was checked.
5. ``jupyter lite build`` in a Python made from lite/build-requirements.txt (exact versions), with
   the student edition (tools/student_edition.py: lessons and exercise copies, English and Polish)
   as contents, PyPI fallback off, and the packages preloaded when the kernel starts.

Downloads are kept in build/lite-cache, so a second build needs no network at all.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import venv
import zipfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LITE = ROOT / "lite"
PINS = tomllib.loads((LITE / "pins.toml").read_text("utf-8"))
#: the environment inside the page, for wheel metadata markers
PAGE_ENV = {**default_environment(), "sys_platform": "emscripten", "platform_system": "Emscripten",
            "platform_machine": "wasm32", "python_version": "3.12", "python_full_version": "3.12.7",
            "implementation_name": "cpython", "os_name": "posix"}
#: requirements that the Pyodide kernel satisfies itself (its own stub wheels, piplite)
KERNEL_PROVIDES = {"widgetsnbextension", "ipykernel"}
#: the version plotly's check wants (plotly/io/_renderers.py: nbformat >= 4.2.0)
NBFORMAT_STUB_VERSION = "4.2.0"


class BuildError(RuntimeError):
    """A clear reason the build stopped (shown without a traceback)."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    result = subprocess.run(cmd, text=True, capture_output=True, **kw)
    if result.returncode:
        raise BuildError(f"{' '.join(str(c) for c in cmd[:3])} ... failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result


# ------------------------------------------------------------------ 1. Pyodide core from npm

def pyodide_core(cache: Path) -> Path:
    """The unpacked npm package (``package/``), checked against the pinned integrity."""
    version = PINS["pyodide"]["version"]
    tgz = cache / f"pyodide-{version}.tgz"
    if not tgz.exists():
        run(["npm", "pack", f"pyodide@{version}", "--pack-destination", str(cache)], cwd=cache)
    algo, _, expected = PINS["pyodide"]["npm_integrity"].partition("-")
    got = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
    if got != expected:
        tgz.unlink()
        raise BuildError(f"{tgz.name}: integrity {algo}-{got} is not the pinned {algo}-{expected}; file removed")
    out = cache / f"pyodide-{version}"
    if not (out / "package" / "pyodide-lock.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        with tarfile.open(tgz) as tar:
            tar.extractall(out, filter="data")
    lock = out / "package" / "pyodide-lock.json"
    if sha256(lock) != PINS["pyodide"]["lock_sha256"]:
        raise BuildError(f"{lock}: sha256 {sha256(lock)} is not the pinned {PINS['pyodide']['lock_sha256']}")
    return out / "package"


# ------------------------------------------------------------------ 2. Pyodide's packages

class PyodideFiles:
    """Finds each official package file: in Pyodide's distribution if given, else in the fallback
    package. ``take`` returns a path only for a file whose sha256 is the official one."""

    def __init__(self, cache: Path, dist: str | None):
        self.cache, self.dist = cache, dist
        self._dist_dir: Path | None = None
        self._fallback: zipfile.ZipFile | None = None

    def _from_dist(self, name: str, dest: Path) -> bool:
        if not self.dist:
            return False
        if self.dist.startswith(("http://", "https://")):
            url = self.dist.rstrip("/") + "/" + name
            try:
                with urllib.request.urlopen(url, timeout=60) as r, open(dest, "wb") as f:
                    shutil.copyfileobj(r, f)
                return True
            except OSError as exc:
                print(f"  {name}: not from {self.dist} ({exc}); trying the fallback", flush=True)
                dest.unlink(missing_ok=True)
                return False
        if self._dist_dir is None:
            src = Path(self.dist)
            if src.is_dir():
                self._dist_dir = src
            elif tarfile.is_tarfile(src):  # Pyodide's release tarball: pyodide/<files>
                self._dist_dir = self.cache / "pyodide-dist"
                if not self._dist_dir.exists():
                    with tarfile.open(src) as tar:
                        tar.extractall(self._dist_dir, filter="data")
            else:
                raise BuildError(f"--pyodide-dist {src}: neither a folder, a tarball nor a URL")
        hits = list(self._dist_dir.rglob(name))
        if hits:
            shutil.copyfile(hits[0], dest)
            return True
        return False

    def _from_fallback(self, name: str, dest: Path) -> bool:
        if self._fallback is None:
            pin = PINS["fallback"]
            wheels = self.cache / "fallback"
            wheels.mkdir(exist_ok=True)
            found = list(wheels.glob(f"{pin['package'].replace('-', '_')}-{pin['version']}-*.whl"))
            if not found:
                req = wheels / "requirement.txt"
                req.write_text(f"{pin['package']}=={pin['version']} --hash=sha256:{pin['sha256']}\n")
                run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                     "--no-deps", "--require-hashes", "-r", str(req), "-d", str(wheels)])
                found = list(wheels.glob("*.whl"))
            self._fallback = zipfile.ZipFile(found[0])
        member = PINS["fallback"]["folder"] + name
        try:
            data = self._fallback.read(member)
        except KeyError:
            return False
        dest.write_bytes(data)
        return True

    def take(self, name: str, expected: str, dest_dir: Path) -> tuple[Path, str]:
        dest_dir.mkdir(parents=True, exist_ok=True)
        dest = dest_dir / name
        if dest.exists() and sha256(dest) == expected:
            return dest, "cache"
        for source, get in (("Pyodide's distribution " + str(self.dist), self._from_dist),
                            (f"{PINS['fallback']['package']} {PINS['fallback']['version']} (PyPI)", self._from_fallback)):
            if get(name, dest):
                got = sha256(dest)
                if got == expected:
                    return dest, source
                dest.unlink()
                raise BuildError(f"{name} from {source}: sha256 {got} is not the official pyodide-lock.json's "
                                 f"{expected}. Refused (file removed).")
        raise BuildError(f"{name}: not in Pyodide's distribution ({self.dist or 'none given'}) nor in "
                         f"{PINS['fallback']['package']}; give --pyodide-dist (lite/README.md)")


# ------------------------------------------------------------------ 3. PyPI wheels

def pypi_wheels(cache: Path) -> list[Path]:
    dest = cache / "pypi"
    dest.mkdir(exist_ok=True)
    common = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
              "--require-hashes", "--only-binary=:all:", "--python-version", "3.12", "-d", str(dest)]
    run(common + ["--platform", "any", "--implementation", "py", "--abi", "none",
                  "-r", str(LITE / "page-requirements.txt")])
    run(common + ["--platform", "pyemscripten_2024_0_wasm32", "--implementation", "cp", "--abi", "cp312",
                  "-r", str(LITE / "page-requirements-emscripten.txt")])
    sdists = dest / "sdist"
    sdists.mkdir(exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--require-hashes", "--no-binary=:all:", "-d", str(sdists), "-r", str(LITE / "page-requirements-sdist.txt")])
    pinned = {}
    for req_file in ("page-requirements.txt", "page-requirements-emscripten.txt", "page-requirements-sdist.txt"):
        for line in (LITE / req_file).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                spec, _, digest = line.partition(" --hash=sha256:")
                name, version = spec.split("==")
                pinned[canonicalize_name(name)] = (version, digest.strip())
    out = []
    for wheel in sorted(dest.glob("*.whl")) + sorted(sdists.glob("*.tar.gz")):
        name, version = wheel.name.removesuffix(".tar.gz").split("-")[:2]
        pin = pinned.get(canonicalize_name(name))
        if pin and pin[0] == version:
            if sha256(wheel) != pin[1]:  # pip checked it; this guards a cache changed by hand
                raise BuildError(f"{wheel}: sha256 is not the pinned one")
            out.append(pure_wheel(wheel, dest / "pure") if wheel.name.endswith(".tar.gz") else wheel)
    if len(out) != len(pinned):
        raise BuildError(f"PyPI wheels: expected {sorted(pinned)}, got {[w.name for w in out]}")
    return out


def pure_wheel(sdist: Path, dest: Path) -> Path:
    """A py3-none-any wheel of the Python files in a checked source distribution's ``src/<package>/``
    (no C extension: lite/page-requirements-sdist.txt says why that is enough). Its dependencies
    come from the sdist's PKG-INFO, so the lock's closure still sees them."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(sdist) as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        top = sdist.name.removesuffix(".tar.gz")
        info = tar.extractfile(members[f"{top}/PKG-INFO"]).read().decode()
        fields = dict(line.split(": ", 1) for line in info.split("\n\n", 1)[0].splitlines() if ": " in line)
        files = {}
        for path, member in members.items():
            rel = path.removeprefix(f"{top}/src/")
            if path.startswith(f"{top}/src/") and not rel.split("/")[0].endswith(".egg-info") \
                    and rel.endswith((".py", ".pyi", "py.typed")):
                files[rel] = tar.extractfile(member).read().decode()
    if not files:
        raise BuildError(f"{sdist.name}: no Python files under src/")
    name, version = canonicalize_name(fields["Name"]).replace("-", "_"), fields["Version"]
    requires = [line.partition(": ")[2] for line in info.split("\n\n", 1)[0].splitlines()
                if line.startswith("Requires-Dist: ")]
    return _write_wheel(dest / f"{name}-{version}-py3-none-any.whl",
                        name, version, files, requires=requires,
                        summary=f"pure-Python build of {sdist.name} (sha256 {sha256(sdist)}) by tools/build_lite.py")


def gleap_wheel(dest: Path) -> Path:
    for old in dest.glob("gleap-*.whl"):
        old.unlink()
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
         "-w", str(dest), str(ROOT)])
    return next(dest.glob("gleap-*.whl"))


def _write_wheel(path: Path, name: str, version: str, files: dict[str, str], requires: list[str] = (),
                 summary: str = "gleap's JupyterLite stub (tools/build_lite.py)") -> Path:
    dist_info = f"{name}-{version}.dist-info"
    files = {**files,
             f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
                                      f"Summary: {summary}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires),
             f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: gleap build_lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = []
    for member, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{member},sha256={digest},{len(text.encode())}")
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = "\n".join(record) + "\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, text in sorted(files.items()):
            info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            z.writestr(info, text)
    return path


def nbformat_stub(dest: Path) -> Path:
    """plotly's notebook renderer imports nbformat only to check its version (>= 4.2.0)."""
    return _write_wheel(dest / f"nbformat-{NBFORMAT_STUB_VERSION}-py3-none-any.whl", "nbformat", NBFORMAT_STUB_VERSION, {
        "nbformat/__init__.py": (
            '"""Not nbformat: a stub for JupyterLite, where nbformat cannot install (its jsonschema needs\n'
            'rpds-py, which has no WebAssembly wheel). plotly imports it only to check the version."""\n'
            f'__version__ = "{NBFORMAT_STUB_VERSION}"\n'),
    })


def _wheel_meta(wheel: Path) -> tuple[str, str, list[str], list[str]]:
    """(name, version, requirements in the page, top-level import names) from a wheel."""
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = next(n for n in names if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        text = z.read(meta).decode()
        top = sorted({n.split("/")[0] for n in names if "/" in n and not n.split("/")[0].endswith((".dist-info", ".data"))
                      and n.endswith(".py")} | {n[:-3] for n in names if "/" not in n and n.endswith(".py")})
    fields = {}
    requires = []
    for line in text.split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(": ")
        if key == "Requires-Dist":
            req = Requirement(value)
            if req.marker is None or req.marker.evaluate({**PAGE_ENV, "extra": ""}):
                requires.append(canonicalize_name(req.name))
        elif key in ("Name", "Version"):
            fields[key] = value
    return canonicalize_name(fields["Name"]), fields["Version"], requires, top


# ------------------------------------------------------------------ 3b. bytecode for the page

#: compiles every .py of the wheels named on the command line into a ``__pycache__/*.cpython-312.pyc``
#: beside it (unchecked-hash pycs, PEP 552: used as they are, whatever the installed file's mtime),
#: with Pyodide's own CPython 3.12 running in Node, so the magic number is the page's.
COMPILE_JS = r"""
const [core, hostDir, ...names] = process.argv.slice(2);
(async () => {
  const { loadPyodide } = require(core + "/pyodide.js");
  const py = await loadPyodide({ indexURL: core + "/" });
  py.FS.mkdirTree("/host");
  py.FS.mount(py.FS.filesystems.NODEFS, { root: hostDir }, "/host");
  py.globals.set("names", py.toPy(names));
  py.globals.set("loose", names.length > 0 && names[0] === "--loose");
  py.runPython(String.raw`
import base64, hashlib, importlib.util, os, py_compile, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
if loose:  # the official wheels: their files stay untouched; checked-hash pycs go beside them
    for name in names[1:]:
        with zipfile.ZipFile("/host/in/" + name) as zin:
            for info in zin.infolist():
                f = info.filename
                if not f.endswith(".py") or ".dist-info/" in f or "/tests/" in f:
                    continue
                data = zin.read(info)
                try:
                    code = compile(data, "/lib/python3.12/site-packages/" + f, "exec", dont_inherit=True)
                except (SyntaxError, ValueError):
                    continue
                folder, _, stem = f.rpartition("/")
                pyc = "/host/loose/" + (folder + "/" if folder else "") + "__pycache__/" + stem[:-3] + "." + sys.implementation.cache_tag + ".pyc"
                os.makedirs(os.path.dirname(pyc), exist_ok=True)
                with open(pyc, "wb") as out:
                    out.write(bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=True)))
    names = []
`);
  py.runPython(String.raw`
import base64, hashlib, importlib.util, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
tag = sys.implementation.cache_tag
for name in names:
    src, dst = "/host/in/" + name, "/host/out/" + name
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        record_name = next(n for n in zin.namelist() if n.endswith(".dist-info/RECORD") and n.count("/") == 1)
        record = [line for line in zin.read(record_name).decode().splitlines() if line.strip()]
        added = 0
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename != record_name:
                zout.writestr(info, data)
            if not info.filename.endswith(".py") or ".dist-info/" in info.filename or "/tests/" in info.filename:
                continue  # a package's own test suite is never imported in the page: no bytecode for it
            try:
                code = compile(data, "/lib/python3.12/site-packages/" + info.filename, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):  # a file the page's Python cannot import anyway (compileall skips it too)
                continue
            folder, _, stem = info.filename.rpartition("/")
            pyc = (folder + "/" if folder else "") + "__pycache__/" + stem[:-3] + "." + tag + ".pyc"
            blob = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
            entry = zipfile.ZipInfo(pyc, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(entry, blob)
            digest = base64.urlsafe_b64encode(hashlib.sha256(blob).digest()).rstrip(b"=").decode()
            record.insert(-1, pyc + ",sha256=" + digest + "," + str(len(blob)))
            added += 1
        zout.writestr(zin.getinfo(record_name), "\n".join(record) + "\n")
    print(name, added)
`);
})().catch(e => { console.error(e); process.exit(1); });
"""


def with_bytecode(wheels: list[Path], core: Path, cache: Path) -> dict[Path, Path]:
    """Each wheel with its Python files compiled for the page's CPython 3.12 (``COMPILE_JS``).

    Why: the page's Python would otherwise compile every module it imports, on every visit (its
    files live in memory, so nothing it compiles is kept): measured in Node with Pyodide 0.27.7,
    ``import pandas`` took 38 s from source and 12 s with the bytecode beside it (2 cores, load
    about 12). The sources stay in the wheel (for tracebacks). The compiled wheel is kept in
    build/lite-cache, named by the source wheel's sha256, so a second build does not compile again."""
    done = cache / "bytecode"
    work = done / "work"
    shutil.rmtree(work, ignore_errors=True)
    (work / "in").mkdir(parents=True)
    (work / "out").mkdir()
    out, todo = {}, []
    for wheel in wheels:
        target = done / sha256(wheel)[:16] / wheel.name
        out[wheel] = target
        if not target.exists():
            shutil.copyfile(wheel, work / "in" / wheel.name)
            todo.append(wheel)
    if todo:
        script = work / "compile.js"
        script.write_text(COMPILE_JS)
        run(["node", str(script), str(core), str(work)] + [w.name for w in todo])
        for wheel in todo:
            out[wheel].parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(work / "out" / wheel.name), out[wheel])
    shutil.rmtree(work, ignore_errors=True)
    return out


BYTECODE_WHEEL = "gleap-lite-bytecode"


def bytecode_for_official(wheels: list[Path], core: Path, cache: Path) -> Path:
    """One wheel holding only ``__pycache__/*.pyc`` files for the official Pyodide wheels' Python
    files (numpy, IPython, jedi, ...), which are shipped unchanged (their sha256 is the official
    lock's). The pycs are checked-hash (PEP 552): the page's Python hashes each source and uses the
    pyc only if it matches, so a pyc can never stand for other code. Kept in build/lite-cache by
    the sha256 of the wheels it was made from."""
    key = hashlib.sha256("".join(sorted(sha256(w) for w in wheels)).encode()).hexdigest()[:16]
    target = cache / "bytecode" / key / f"{BYTECODE_WHEEL.replace('-', '_')}-1.0-py3-none-any.whl"
    if target.exists():
        return target
    work = cache / "bytecode" / "work-official"
    shutil.rmtree(work, ignore_errors=True)
    (work / "in").mkdir(parents=True)
    (work / "loose").mkdir()
    for wheel in wheels:
        shutil.copyfile(wheel, work / "in" / wheel.name)
    script = work / "compile.js"
    script.write_text(COMPILE_JS)
    run(["node", str(script), str(core), str(work), "--loose"] + [w.name for w in wheels])
    name = BYTECODE_WHEEL.replace("-", "_")
    dist_info = f"{name}-1.0.dist-info"
    members = {p.relative_to(work / "loose").as_posix(): p.read_bytes()
               for p in sorted((work / "loose").rglob("*.pyc"))}
    members[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {BYTECODE_WHEEL}\nVersion: 1.0\nSummary: checked-hash bytecode for "
        f"the official Pyodide wheels {', '.join(w.name for w in wheels)} (tools/build_lite.py)\n").encode()
    members[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: gleap build_lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{m},sha256={base64.urlsafe_b64encode(hashlib.sha256(b).digest()).rstrip(b'=').decode()},{len(b)}"
              for m, b in members.items()] + [f"{dist_info}/RECORD,,"]
    members[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    shutil.rmtree(work, ignore_errors=True)
    return target


# ------------------------------------------------------------------ 4. the lock

def _closure(lock: dict, roots: list[str]) -> list[str]:
    seen, todo = [], [canonicalize_name(r) for r in roots]
    while todo:
        name = todo.pop(0)
        if name in seen or name in KERNEL_PROVIDES:
            continue
        if name not in lock:
            raise BuildError(f"{name}: needed in the page but neither in Pyodide's lock nor in lite/page-requirements*.txt")
        seen.append(name)
        todo += [canonicalize_name(d) for d in lock[name].get("depends", [])]
    return seen


def build_pyodide(out: Path, cache: Path, dist: str | None) -> dict:
    """static/pyodide for the site in ``out``: core, checked packages, rewritten lock. Returns the
    sources record."""
    core = pyodide_core(cache)
    official = json.loads((core / "pyodide-lock.json").read_text())
    packages = {canonicalize_name(k): v for k, v in official["packages"].items()}
    out.mkdir(parents=True, exist_ok=True)
    for f in ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "package.json"):
        shutil.copyfile(core / f, out / f)
    sources = {"pyodide": PINS["pyodide"]["version"], "official_lock_sha256": sha256(core / "pyodide-lock.json"),
               "files": {}}
    for f in ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"):
        sources["files"][f] = {"from": f"npm pyodide@{PINS['pyodide']['version']}", "sha256": sha256(out / f),
                               "checked": "npm integrity (lite/pins.toml)"}

    staging = cache / "wheels"
    staging.mkdir(exist_ok=True)
    added = pypi_wheels(cache) + [gleap_wheel(staging), nbformat_stub(staging)]
    compiled = with_bytecode(added, core, cache)
    replaced = {canonicalize_name(n) for n in PINS["page"]["replaced"]}
    ours = {}
    for source_wheel in added:
        wheel = compiled[source_wheel]
        name, version, requires, top = _wheel_meta(wheel)
        if name in packages and name not in replaced:
            raise BuildError(f"{wheel.name}: {name} is a Pyodide package; list it in lite/pins.toml [page] replaced "
                             "or drop it from lite/page-requirements*.txt")
        ours[name] = (wheel, {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
                              "sha256": sha256(wheel), "package_type": "package", "imports": top,
                              "depends": sorted(set(requires) - KERNEL_PROVIDES), "unvendored_tests": False,
                              "shared_library": False})
    lock_packages = {**{k: v for k, v in packages.items() if k not in replaced}, **{k: e for k, (_, e) in ours.items()}}
    needed = _closure(lock_packages, PINS["page"]["preload"] + PINS["page"]["kernel"])
    files = PyodideFiles(cache, dist or os.environ.get("PYODIDE_DIST") or None)
    for name in needed:
        entry = lock_packages[name]
        if name in ours:
            wheel = ours[name][0]
            shutil.copyfile(wheel, out / wheel.name)
            source_wheel = next(w for w in added if compiled[w] == wheel)
            origin = "built from this checkout" if name == "gleap" else (
                "stub written by tools/build_lite.py" if name == "nbformat" else
                "PyPI source distribution, its Python files as a pure wheel" if source_wheel.parent.name == "pure"
                else "PyPI")
            sources["files"][wheel.name] = {"from": origin, "sha256": entry["sha256"],
                                            "checked": "pip --require-hashes (lite/page-requirements*.txt)"
                                            if origin.startswith("PyPI") else "its own",
                                            "source_wheel_sha256": sha256(source_wheel),
                                            "bytecode": "each .py compiled beside it by Pyodide's CPython 3.12 "
                                                        "(unchecked-hash .pyc, tools/build_lite.py with_bytecode)"}
        else:
            _, origin = files.take(entry["file_name"], entry["sha256"], cache / "pyodide-packages")
            shutil.copyfile(cache / "pyodide-packages" / entry["file_name"], out / entry["file_name"])
            sources["files"][entry["file_name"]] = {"from": origin, "sha256": entry["sha256"],
                                                    "checked": "equal to the official pyodide-lock.json"}
    official_wheels = [cache / "pyodide-packages" / lock_packages[n]["file_name"] for n in needed
                       if n not in ours and lock_packages[n]["file_name"].endswith(".whl")]
    companion = bytecode_for_official(official_wheels, core, cache)
    shutil.copyfile(companion, out / companion.name)
    lock_packages[BYTECODE_WHEEL] = {"name": BYTECODE_WHEEL, "version": "1.0", "file_name": companion.name,
                                     "install_dir": "site", "sha256": sha256(companion), "package_type": "package",
                                     "imports": [], "depends": [], "unvendored_tests": False, "shared_library": False}
    needed.append(BYTECODE_WHEEL)
    sources["files"][companion.name] = {
        "from": "written by tools/build_lite.py", "sha256": sha256(companion), "checked": "its own",
        "bytecode": "checked-hash .pyc of the official wheels " + ", ".join(w.name for w in official_wheels)}
    lock = {"info": official["info"], "packages": {k: lock_packages[k] for k in sorted(needed)}}
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    (out / "gleap-lite-sources.json").write_text(json.dumps(sources, indent=1, sort_keys=True))
    return sources


# ------------------------------------------------------------------ 5. jupyter lite build

def build_venv(cache: Path) -> Path:
    env = cache / "venv"
    marker = env / ".requirements"
    want = (LITE / "build-requirements.txt").read_text()
    if not (marker.exists() and marker.read_text() == want):
        shutil.rmtree(env, ignore_errors=True)
        venv.create(env, with_pip=True)
        run([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", str(LITE / "build-requirements.txt")])
        marker.write_text(want)
    return env


def contents(dest: Path) -> Path:
    """The student edition's lessons and exercise copies (no solutions), both languages."""
    sys.path.insert(0, str(ROOT / "tools"))
    import student_edition  # noqa: E402 (tools/ is not a package)
    edition = student_edition.build(dest / "edition")
    files = dest / "files"
    shutil.rmtree(files, ignore_errors=True)
    files.mkdir(parents=True)
    shutil.copytree(edition / "notebooks", files / "notebooks")
    shutil.copytree(edition / "exercises", files / "exercises")
    shutil.rmtree(dest / "edition")
    return files


def lite_config(lite_dir: Path) -> None:
    settings = {"disablePyPIFallback": True,
                "loadPyodideOptions": {"packages": PINS["page"]["preload"] + [BYTECODE_WHEEL]}}
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": "gleap", "disabledExtensions": [],
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": settings}}}
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(config, indent=2))
    # Binder's settings (no news pop-up), and every cell drawn (JupyterLite 0.6's notebook draws only
    # the cells in view by default: a reader's Ctrl+F and the browser test would miss the others)
    overrides = json.loads((ROOT / "binder" / "overrides.json").read_text("utf-8"))
    overrides["@jupyterlab/notebook-extension:tracker"] = {"windowingMode": "none"}
    (lite_dir / "overrides.json").write_text(json.dumps(overrides, indent=2))


def build(out: Path, dist: str | None = None) -> Path:
    out = out.resolve()
    cache = out.parent / "lite-cache"
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="gleap-lite-"))
    try:
        lite_dir = work / "lite"
        build_pyodide(lite_dir / "static" / "pyodide", cache, dist)
        lite_config(lite_dir)
        files = contents(work)
        env = build_venv(cache)
        site = work / "site"
        run([str(env / "bin" / "jupyter"), "lite", "build", "--lite-dir", str(lite_dir), "--contents", str(files),
             "--output-dir", str(site), "--no-sourcemaps", "--no-libarchive"],
            cwd=work, env={**os.environ, "PATH": f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}",
                           "JUPYTER_PLATFORM_DIRS": "1"})
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(site), str(out))
        shutil.rmtree(out / ".cache", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lite")
    parser.add_argument("--pyodide-dist", help="Pyodide's own distribution: a folder, the release .tar.bz2, or a "
                        "base URL (e.g. " + PINS["pyodide"]["cdn"] + "); default: PYODIDE_DIST, else the fallback")
    args = parser.parse_args(argv)
    try:
        site = build(args.out, args.pyodide_dist)
    except BuildError as exc:
        print(f"make lite: {exc}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    print(f"JupyterLite edition: {site} ({size / 1e6:.0f} MB). Serve it: python -m http.server -d {site} "
          "--bind 127.0.0.1 8000, then open http://127.0.0.1:8000/lab/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
