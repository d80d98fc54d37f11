"""Grade a folder of submitted student notebooks locally (no Docker) into one CSV.

Usage (from the repository root)::

    python -m exercises.tools.grade --submissions DIR --out build/grades.csv   # `make grade SUBMISSIONS=DIR`
    python -m exercises.tools.grade --submissions DIR --autograders build/exercises

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
import io
import json
import sys
import tempfile
from pathlib import Path

from ._common import masters, questions, set_names

COLUMNS = ["student", "file", "set", "question", "score", "possible", "status"]
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", "__MACOSX"}


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
        built = self.folder / set_name / "autograder" / f"{set_name}-autograder.zip"
        if built.exists():
            return built
        if set_name not in self._made:
            from .assign import assign_one

            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="grade-autograders-")
            print(f"  (no autograder for {set_name} in {self.folder}: generating one from the master)", flush=True)
            master = masters([set_name])[0]
            target = assign_one(master, Path(self._tmp.name), run_tests=False)
            self._made[set_name] = target / "autograder" / f"{set_name}-autograder.zip"
        return self._made[set_name]

    def close(self):
        if self._tmp is not None:
            self._tmp.cleanup()


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def grade_file(path: Path, folder: Path, autograders: Autograders) -> list[dict]:
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
    qs = questions(masters([set_name])[0])
    try:
        import otter.api

        with contextlib.redirect_stderr(io.StringIO()):
            results = otter.api.grade_submission(str(path), str(autograders.zip_for(set_name)), quiet=True)
    except Exception as exc:  # a broken submission must not stop the others
        return [{**base, "status": f"failed to run: {_short(exc)}"}]
    if getattr(results, "catastrophic_error", None) is not None:
        return [{**base, "status": f"failed to run: {_short(results.catastrophic_error)}"}]
    rows = []
    for q in qs:
        row = {**base, "question": q["name"], "possible": q["points"]}
        if q["manual"]:
            rows.append({**row, "status": "manual"})
            continue
        try:
            result = results.get_result(q["name"])
            score, possible = result.score, result.possible
        except (KeyError, AttributeError):
            rows.append({**row, "score": 0, "status": "failed to run: no test result"})
            continue
        rows.append({**row, "score": _num(score), "possible": _num(possible), "status": "graded"})
    return rows


def _num(x):
    x = float(x)
    return int(x) if x.is_integer() else round(x, 3)


def grade_folder(folder: Path, out: Path, autograder_dir: Path, *, verbose: bool = True) -> list[dict]:
    folder, out = Path(folder), Path(out)
    files = find_submissions(folder)
    autograders = Autograders(autograder_dir)
    rows = []
    try:
        for i, path in enumerate(files, 1):
            if verbose:
                print(f"[{i}/{len(files)}] {path.relative_to(folder)}", flush=True)
            new = grade_file(path, folder, autograders)
            if verbose:
                status = new[0]["status"] if len(new) == 1 else _summary(new)
                print(f"    {status}", flush=True)
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exercises.tools.grade",
        description="Grade a folder of student notebooks locally (no Docker) into a CSV of scores.",
    )
    parser.add_argument("--submissions", type=Path, required=True, help="folder of submitted notebooks")
    parser.add_argument("--out", type=Path, default=Path("build/grades.csv"), help="CSV to write (default build/grades.csv)")
    parser.add_argument("--autograders", type=Path, default=Path("build/exercises"),
                        help="folder made by `make assign` (default build/exercises)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the final line")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"There is no folder {args.submissions}: give the folder that holds the students' notebooks.",
              file=sys.stderr)
        return 2
    if not find_submissions(args.submissions):
        print(f"The folder {args.submissions} holds no files to grade.", file=sys.stderr)
        return 2
    rows = grade_folder(args.submissions, args.out, args.autograders, verbose=not args.quiet)
    files = {r["file"] for r in rows}
    problems = {r["file"] for r in rows if r["status"] not in ("graded", "manual")}
    print(f"Graded {len(files) - len(problems)} of {len(files)} files into {args.out}"
          + (f"; {len(problems)} could not be graded (see the status column)." if problems else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
