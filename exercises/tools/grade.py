"""Grade a folder of submitted student notebooks locally (no Docker) into one CSV.

Usage (from the repository root)::

    python -m exercises.tools.grade --submissions DIR --out build/grades.csv   # `make grade SUBMISSIONS=DIR`
    python -m exercises.tools.grade --submissions DIR --autograders build/exercises

Both editions are graded: English sets (``05_counting``) and Polish ones (``05_liczenie``,
masters in ``exercises/pl/``, autograders in ``build/exercises/pl/<set>/``); the set name tells
which.

The submissions folder may be flat (``alice.ipynb``, ``bob_set4.ipynb``) or hold one folder per
student (``alice/04_how_many_died.ipynb``). The student is the name of that first-level folder,
or else the file name without ``.ipynb``. Which exercise set a notebook belongs to is read from
its metadata (written by otter into every student copy), or else from a set name in its file
name. Every file is graded separately: a file that is not a notebook, or a notebook that cannot
be run, gets a row saying so and the others are still graded.

Each notebook is run with otter-grader (``otter.api.grade_submission``, the same as ``otter run``)
against the set's autograder zip, which holds the hidden tests. The zips are taken from
``--autograders`` (default ``build/exercises``, made by ``make assign``); when a set's zip is
missing there it is generated from the master into a temporary folder.

The CSV has one row per student, file and question:

    student   the student (see above)
    file      the file's path inside the submissions folder
    set       the exercise set, e.g. 04_how_many_died (empty when unknown)
    question  q1, q2, ... (empty on a row about the whole file)
    score     points scored by the automatic tests (empty for written answers and errors)
    possible  points available for the question
    status    graded | manual (a written answer to mark by hand) | not a notebook: ... |
              unknown set: ... | failed to run: ...
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ._common import masters, out_dir, questions, set_names

COLUMNS = ["student", "file", "set", "question", "score", "possible", "status"]
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", "__MACOSX"}
DEFAULT_TIMEOUT = 300              # seconds per notebook
DEFAULT_MEMORY = 2 * 1024 ** 3     # bytes of address space per process (2 GiB)


def find_submissions(folder: Path) -> list[Path]:
    """Every file in ``folder`` (recursively), skipping hidden files and checkpoint folders."""
    files = []
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") or part in SKIP_PARTS for part in rel.parts):
            files.append(path)
    return files


def student_of(path: Path, folder: Path) -> str:
    rel = path.relative_to(folder)
    return rel.parts[0] if len(rel.parts) > 1 else Path(rel.name).stem


def read_notebook(path: Path):
    """``(notebook dict, None)`` or ``(None, reason)`` when the file is not a usable notebook."""
    if path.suffix.lower() != ".ipynb":
        return None, f"not a notebook: {path.suffix or 'no extension'} file"
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, "not a notebook: the file is not text"
    except json.JSONDecodeError as exc:
        return None, f"not a notebook: not valid JSON (line {exc.lineno})"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, "not a notebook: no cells"
    return nb, None


def set_of(nb: dict, path: Path, known: list[str]) -> str | None:
    name = (nb.get("metadata", {}).get("otter", {}) or {}).get("assignment_name")
    if name in known:
        return name
    hits = [s for s in known if s in path.name]
    return hits[0] if len(hits) == 1 else None


class Autograders:
    """Finds (or, if missing, generates) the autograder zip of each set."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._tmp = None
        self._made = {}

    def zip_for(self, set_name: str) -> Path:
        master = masters([set_name], lang="all")[0]
        built = out_dir(self.folder, master) / "autograder" / f"{set_name}-autograder.zip"
        if built.exists():
            return built
        if set_name not in self._made:
            from .assign import assign_one

            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="grade-autograders-")
            print(f"  (no autograder for {set_name} in {self.folder}: generating one from the master)", flush=True)
            target = assign_one(master, Path(self._tmp.name), run_tests=False)
            self._made[set_name] = target / "autograder" / f"{set_name}-autograder.zip"
        return self._made[set_name]

    def close(self):
        if self._tmp is not None:
            self._tmp.cleanup()


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def _limit_memory(limit_bytes: int):
    """For preexec_fn: cap the address space of the grading child; the kernel inherits the cap."""
    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    return apply


def _kill_tree(proc: subprocess.Popen) -> None:
    """Kill the grading child and everything it started (the kernel runs in its own session)."""
    try:
        import psutil

        family = psutil.Process(proc.pid).children(recursive=True)
    except Exception:
        family = []
    for p in family:
        with contextlib.suppress(Exception):
            p.kill()
    with contextlib.suppress(Exception):
        proc.kill()
    with contextlib.suppress(Exception):
        proc.wait(10)


def _read_all(fd: int, chunks: list) -> None:
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)


def run_isolated(notebook: Path, zip_path: Path, auto_questions: list[str], *,
                 timeout: int = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY) -> dict:
    """Grade one notebook in its own process, in a scratch folder, within the limits."""
    scratch = Path(tempfile.mkdtemp(prefix="gleap-grade-"))
    try:
        nb_copy = scratch / notebook.name
        shutil.copyfile(notebook, nb_copy)
        zip_copy = scratch / "autograder.zip"
        shutil.copyfile(zip_path, zip_copy)
        env = {
            "HOME": str(scratch), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": os.environ.get("LANG", "C.UTF-8"), "MALLOC_ARENA_MAX": "2",
            "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
        }
        read_fd, write_fd = os.pipe()
        cmd = [sys.executable, "-I", str(Path(__file__).with_name("_grade_one.py")),
               "--notebook", str(nb_copy), "--zip", str(zip_copy),
               "--questions", json.dumps(auto_questions), "--timeout", str(timeout),
               "--result-fd", str(write_fd)]
        errors = tempfile.TemporaryFile()
        proc = subprocess.Popen(cmd, cwd=scratch, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=errors, pass_fds=(write_fd,),
                                preexec_fn=_limit_memory(memory), start_new_session=True)
        os.close(write_fd)
        chunks = []
        reader = threading.Thread(target=_read_all, args=(read_fd, chunks), daemon=True)
        reader.start()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            return {"status": "timeout"}
        finally:
            _kill_tree(proc)  # also ends anything the notebook left running
            reader.join(5)
            os.close(read_fd)
        raw = b"".join(chunks).decode("utf-8", "replace")
        try:
            return json.loads(raw)
        except ValueError:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()
            if any("MemoryError" in line for line in tail):
                return {"status": "out of memory"}
            why = tail[-1][:200] if tail else f"the grading process ended with code {proc.returncode}"
            return {"status": f"crashed: {why}"}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def grade_file(path: Path, folder: Path, autograders: Autograders, *,
               timeout: int = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY) -> list[dict]:
    """Rows for one submitted file. Never raises for a bad submission."""
    base = {"student": student_of(path, folder), "file": path.relative_to(folder).as_posix(),
            "set": "", "question": "", "score": "", "possible": ""}
    nb, problem = read_notebook(path)
    if problem:
        return [{**base, "status": problem}]
    known = set_names()
    set_name = set_of(nb, path, known)
    if set_name is None:
        return [{**base, "status": "unknown set: no otter metadata and no set name in the file name"}]
    base["set"] = set_name
    qs = questions(masters([set_name], lang="all")[0])
    auto = [q["name"] for q in qs if not q["manual"]]
    try:
        result = run_isolated(path, autograders.zip_for(set_name), auto, timeout=timeout, memory=memory)
    except Exception as exc:  # a broken submission must not stop the others
        return [{**base, "status": f"crashed: {_short(exc)}"}]
    if result.get("status") != "graded":
        return [{**base, "status": str(result.get("status", "crashed: no result"))}]
    scores = result.get("scores", {})
    rows = []
    for q in qs:
        row = {**base, "question": q["name"], "possible": q["points"]}
        if q["manual"]:
            rows.append({**row, "status": "manual"})
            continue
        if q["name"] not in scores:
            rows.append({**row, "score": 0, "status": "crashed: no test result"})
            continue
        score, possible = scores[q["name"]]
        rows.append({**row, "score": _num(score), "possible": _num(possible), "status": "graded"})
    return rows


def _num(x):
    x = float(x)
    return int(x) if x.is_integer() else round(x, 3)


def grade_folder(folder: Path, out: Path, autograder_dir: Path, *, verbose: bool = True,
                 timeout: int = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY) -> list[dict]:
    from tqdm import tqdm

    folder, out = Path(folder), Path(out)
    files = find_submissions(folder)
    autograders = Autograders(autograder_dir)
    rows = []
    try:
        bar = tqdm(files, unit="notebook", disable=not verbose, file=sys.stdout)
        for path in bar:
            bar.set_description(student_of(path, folder)[:30])
            new = grade_file(path, folder, autograders, timeout=timeout, memory=memory)
            if verbose:
                status = new[0]["status"] if len(new) == 1 else _summary(new)
                bar.write(f"{path.relative_to(folder)}: {status}")
            rows += new
    finally:
        autograders.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def _summary(rows: list[dict]) -> str:
    auto = [r for r in rows if r["status"] == "graded"]
    got = sum(float(r["score"]) for r in auto)
    can = sum(float(r["possible"]) for r in auto)
    manual = sum(1 for r in rows if r["status"] == "manual")
    return f"{got:g} / {can:g} automatic points; {manual} written answer(s) to mark"


DOCKER_MISSING = (
    "make grade DOCKER=1 grades inside Docker containers, but the `docker` command was not found. "
    "Install Docker (https://docs.docker.com/get-docker/) and start it, or grade without DOCKER=1 "
    "(that runs the students' code on this machine: see exercises/README.md)."
)


def docker_grade(folder: Path, out: Path, autograder_dir: Path) -> int:
    """Grade with otter's own Docker grading (`otter grade`), one run per exercise set.

    Each set's notebooks are copied to a temporary folder and passed to `otter grade`, which runs
    every notebook in a container; otter's per-question scores are written to ``out`` in the
    same columns as local grading.
    """
    if shutil.which("docker") is None:
        print(DOCKER_MISSING, file=sys.stderr)
        return 2
    folder, out = Path(folder), Path(out)
    autograders = Autograders(autograder_dir)
    rows, by_set = [], {}
    try:
        for path in find_submissions(folder):
            base = {"student": student_of(path, folder), "file": path.relative_to(folder).as_posix(),
                    "set": "", "question": "", "score": "", "possible": ""}
            nb, problem = read_notebook(path)
            set_name = None if problem else set_of(nb, path, set_names())
            if problem or set_name is None:
                rows.append({**base, "status": problem or "unknown set: no otter metadata and no set name in the file name"})
                continue
            by_set.setdefault(set_name, []).append((path, base))
        for set_name, items in by_set.items():
            with tempfile.TemporaryDirectory(prefix="gleap-docker-") as tmp:
                subs, res = Path(tmp) / "subs", Path(tmp) / "out"
                subs.mkdir()
                names = {}
                for i, (path, base) in enumerate(items):
                    name = f"s{i:04d}.ipynb"
                    shutil.copyfile(path, subs / name)
                    names[f"s{i:04d}"] = base
                subprocess.run([sys.executable, "-m", "otter", "grade", "-a", str(autograders.zip_for(set_name)),
                                "-p", str(subs), "--ext", "ipynb", "-o", str(res), "-n", set_name], check=False)
                found = {}
                grades_csv = res / "final_grades.csv"
                if grades_csv.exists():
                    with grades_csv.open(newline="") as f:
                        for r in csv.DictReader(f):
                            found[Path(r.get("file", "")).stem] = r
                qs = questions(masters([set_name], lang="all")[0])
                for key, base in names.items():
                    r = found.get(key)
                    if r is None:
                        rows.append({**base, "set": set_name, "status": "crashed: no result from otter grade"})
                        continue
                    for q in qs:
                        row = {**base, "set": set_name, "question": q["name"], "possible": q["points"]}
                        if q["manual"]:
                            rows.append({**row, "status": "manual"})
                        else:
                            try:
                                score = _num(r.get(q["name"], 0) or 0) * 1
                            except ValueError:
                                score = 0
                            rows.append({**row, "score": score, "status": "graded"})
    finally:
        autograders.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"Graded with Docker into {out}.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exercises.tools.grade",
        description="Grade a folder of student notebooks into a CSV of scores. Each notebook runs in "
                    "its own process with a time and memory limit. This runs the students' code on "
                    "this machine: it is not a sandbox (use --docker for that).",
    )
    parser.add_argument("--submissions", type=Path, required=True, help="folder of submitted notebooks")
    parser.add_argument("--out", type=Path, default=Path("build/grades.csv"), help="CSV to write (default build/grades.csv)")
    parser.add_argument("--autograders", type=Path, default=Path("build/exercises"),
                        help="folder made by `make assign` (default build/exercises)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                        help=f"seconds allowed per notebook (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--memory-gb", type=float, default=DEFAULT_MEMORY / 1024 ** 3,
                        help="memory allowed per notebook, in GiB (default 2)")
    parser.add_argument("--docker", action="store_true", help="grade with otter's Docker grading instead")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the final line")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"There is no folder {args.submissions}: give the folder that holds the students' notebooks.",
              file=sys.stderr)
        return 2
    if not find_submissions(args.submissions):
        print(f"The folder {args.submissions} holds no files to grade.", file=sys.stderr)
        return 2
    if args.docker:
        return docker_grade(args.submissions, args.out, args.autograders)
    rows = grade_folder(args.submissions, args.out, args.autograders, verbose=not args.quiet,
                        timeout=args.timeout, memory=int(args.memory_gb * 1024 ** 3))
    files = {r["file"] for r in rows}
    problems = {r["file"] for r in rows if r["status"] not in ("graded", "manual")}
    print(f"Graded {len(files) - len(problems)} of {len(files)} files into {args.out}"
          + (f"; {len(problems)} could not be graded (see the status column)." if problems else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
