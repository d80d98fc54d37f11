"""Release the exercise sets: student notebooks, autograder files and teacher copies.

Every master notebook ``exercises/NN_name.ipynb`` and ``exercises/pl/NN_nazwa.ipynb`` (the Polish
edition; otter-grader format) is run through ``otter assign``. For each set the output folder gets
(Polish sets under ``<out>/pl/``)::

    <out>/<set>/student/<set>.ipynb            to hand out: no solutions, no hidden tests;
                                                 public self-checks run with grader.check("q1")
    <out>/<set>/autograder/<set>-autograder.zip to grade with (holds the hidden tests)
    <out>/<set>/autograder/otter_config.json
    <out>/<set>/teacher/<set>.ipynb            solutions, and every test (hidden ones too)

By default ``otter assign`` also runs each master's solutions against all its tests and stops
with an error if any fails (``--no-run-tests`` skips that).

Usage (from the repository root)::

    python -m exercises.tools.assign --out build/exercises           # what `make assign` runs
    python -m exercises.tools.assign --out build/exercises --force   # `make assign FORCE=1`
    python -m exercises.tools.assign --refresh-student               # rewrite exercises/student/ and exercises/pl/student/
    python -m exercises.tools.assign --check-student                 # exit 1 if it is out of date
    python -m exercises.tools.assign --out /tmp/x --sets 01 04       # only some sets

An existing, non-empty output folder is never touched without ``--force`` (a teacher may have
edited the copies in it); with ``--force`` only the folders of the sets being generated are
replaced. ``exercises/student/`` holds the committed student copies (for Binder); refresh it
after editing a master, and commit it: ``tests/test_exercises.py`` fails while it is stale.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from gleap_data.labels import Catalogued

from ._common import LANGUAGES, REPO_ROOT, STUDENT_DIR, STUDENT_DIRS, language_of, masters, out_dir

EXIT_EXISTS = 2


class OutputExists(Exception):
    """The output folder exists and --force was not given."""


class SolutionsFail(Exception):
    """A master's solutions do not pass its own tests."""


# ------------------------------------------------------------------ notebooks

def normalise(nb: dict, stem: str) -> dict:
    """Strip outputs and execution counts and give cells stable ids, so regenerating a notebook
    from an unchanged master gives the same file (no churn in git)."""
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"{stem[:2]}-{i:03d}"
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.get("metadata", {}).pop("widgets", None)
    return nb


INIT_CELL = """# Run this cell first: it sets up the answer checks.
from gleap_data.selfcheck import Checker, check, check_all
grader = Checker("{name}")"""
#: The words the student copies add, in English; every other language from the package's catalogue
#: (gleap_data/locales/<lang>/LC_MESSAGES/gleap.po, msgctxt assign.<key>), merged by make translations.
WORDS = Catalogued("assign", {
    "init_comment": "# Run this cell first: it sets up the answer checks.",
    "check_all_note": "---\n\nTo see the checks of all your answers at once, run the cell below.",
    # otter's placeholder in the cell of a written answer, in the student's language
    "answer_placeholder": "_Type your answer here, replacing this text._",
})


class _Word:
    """One entry of WORDS by language: ``INIT_COMMENT["pl"]``."""

    def __init__(self, key: str):
        self.key = key

    def __getitem__(self, lang: str) -> str:
        return WORDS[lang][self.key]


INIT_COMMENT, CHECK_ALL_NOTE, ANSWER_PLACEHOLDER = (_Word(k) for k in ("init_comment", "check_all_note",
                                                                        "answer_placeholder"))
CHECK_CELL = """from gleap_data.selfcheck import check
check("{q}")"""
CHECK_ALL_CELL = """from gleap_data.selfcheck import check_all
check_all()"""
_CHECK = re.compile(r'^grader\.check\("(q\d+)"\)\s*$')


def plain_checks(nb: dict, filename: str, lang: str = "en") -> dict:
    """Replace otter's check cells with gleap_data.selfcheck, which answers in plain language,
    says "correct" only when it compared the value, works even if the first cell was skipped,
    and, when the cell that sets an answer failed, names that error instead of judging a stale value (otter's own output shows the test source)."""
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and src.startswith("# Initialize Otter"):
            cell["source"] = INIT_CELL.format(name=filename).replace(INIT_COMMENT["en"], INIT_COMMENT[lang])
        elif cell["cell_type"] == "code" and (m := _CHECK.match(src.strip())):
            cell["source"] = CHECK_CELL.format(q=m.group(1))
        elif cell["cell_type"] == "code" and src.strip() == "grader.check_all()":
            cell["source"] = CHECK_ALL_CELL
        elif cell["cell_type"] == "markdown" and "rerun all of the autograder tests" in src:
            cell["source"] = CHECK_ALL_NOTE[lang]
        elif cell["cell_type"] == "markdown" and lang != "en" and src.strip() == ANSWER_PLACEHOLDER["en"]:
            cell["source"] = ANSWER_PLACEHOLDER[lang]
    # The language of the checks' messages (gleap_data.selfcheck reads it from the notebook).
    nb.setdefault("metadata", {})["gleap"] = {"lang": lang}
    return nb


def read_nb(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def notebook_text(nb: dict) -> str:
    """A notebook as the project writes it to a file (one-space indent, UTF-8 kept as it is)."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def write_nb(nb: dict, path: Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(notebook_text(nb), encoding="utf-8")


def comparable(nb: dict) -> dict:
    """What must agree between a committed student copy and a fresh one: cell types and
    sources, and the tests embedded in the metadata."""
    def src(cell):
        s = cell["source"]
        return "".join(s) if isinstance(s, list) else s
    return {
        "cells": [(c["cell_type"], src(c)) for c in nb["cells"]],
        "otter": nb.get("metadata", {}).get("otter", {}),
    }


# ------------------------------------------------------------------ otter

def _otter_assign(master: Path, result: Path, run_tests: bool, quiet: bool) -> None:
    import otter.assign

    sink = io.StringIO()
    redirect = contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext()
    try:
        with redirect:
            otter.assign.main(str(master), str(result), no_run_tests=not run_tests, no_pdfs=True)
    except RuntimeError as exc:
        if "autograder tests failed" in str(exc):
            raise SolutionsFail(f"The solutions in {master.name} do not pass their own tests:\n{exc}") from exc
        raise


def assign_one(master: Path, dest: Path, *, run_tests: bool = True, quiet: bool = True) -> Path:
    """Run ``otter assign`` on one master and lay the result out in ``dest/<set>/``."""
    stem = master.stem
    with tempfile.TemporaryDirectory(prefix=f"assign-{stem}-") as tmp:
        raw = Path(tmp) / "otter"
        _otter_assign(master, raw, run_tests, quiet)
        target = dest / stem
        (target / "student").mkdir(parents=True)
        (target / "autograder").mkdir()
        (target / "teacher").mkdir()
        for kind, folder in (("student", "student"), ("autograder", "teacher")):
            nb = plain_checks(read_nb(raw / kind / master.name), master.name, language_of(master))
            write_nb(normalise(nb, stem), target / folder / master.name)
        zips = sorted((raw / "autograder").glob("*.zip"))
        if len(zips) != 1:
            raise RuntimeError(f"otter assign made {len(zips)} autograder zips for {master.name}, expected 1.")
        shutil.copy2(zips[0], target / "autograder" / f"{stem}-autograder.zip")
        config = raw / "autograder" / "otter_config.json"
        if config.exists():
            shutil.copy2(config, target / "autograder" / "otter_config.json")
    return dest / stem


LAYOUT_NOTE = """Generated by `make assign` (python -m exercises.tools.assign) from the masters in exercises/.

<set>/student/     hand these to students (no solutions, no hidden tests)
<set>/autograder/  <set>-autograder.zip: used by `make grade`; it holds the hidden tests
<set>/teacher/     solutions and all tests: keep private
pl/<set>/          the same for the Polish edition (masters in exercises/pl/)

`make assign` will not overwrite this folder; `make assign FORCE=1` replaces the sets it generates.
"""


def check_out(out: Path, force: bool) -> None:
    if Path(out).exists() and any(Path(out).iterdir()) and not force:
        raise OutputExists(
            f"The folder {out} already exists, so nothing was written: it may hold copies a teacher "
            f"has edited. Move it away, or run `make assign FORCE=1` (--force) to regenerate the sets in it."
        )


def build(out: Path, *, force: bool = False, sets=None, run_tests: bool = True, quiet: bool = True,
          lang: str = "all") -> list[Path]:
    """Generate every set into ``out`` (English sets in ``out/<set>``, Polish ones in
    ``out/pl/<set>``). Refuses (``OutputExists``) when ``out`` exists and is not empty, unless
    ``force``; then only the folders of the generated sets are replaced."""
    out = Path(out)
    chosen = masters(sets, lang=lang)
    if not chosen:
        raise FileNotFoundError(f"No master notebooks matching {sets} in exercises/.")
    check_out(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Build everything in a sibling temporary folder first: a failing master leaves `out` as it was.
    with tempfile.TemporaryDirectory(prefix=".assign-", dir=out.parent) as tmp:
        staging = Path(tmp)
        for master in chosen:
            if not quiet:
                print(f"  {master.relative_to(REPO_ROOT)} ...", flush=True)
            assign_one(master, staging, run_tests=run_tests, quiet=quiet)
        out.mkdir(exist_ok=True)
        done = []
        for master in chosen:
            target = out_dir(out, master)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                shutil.rmtree(target)  # only reached with --force (or in an empty folder)
            shutil.move(str(staging / master.stem), str(target))
            done.append(target)
        (out / "README.txt").write_text(LAYOUT_NOTE, encoding="utf-8")
    return done


def student_copies(sets=None, *, quiet: bool = True, lang: str = "en") -> dict[str, dict]:
    """Fresh student notebooks for the masters of one edition, ``{file name: notebook}`` (no tests run)."""
    copies = {}
    with tempfile.TemporaryDirectory(prefix="students-") as tmp:
        for master in masters(sets, lang=lang):
            assign_one(master, Path(tmp), run_tests=False, quiet=quiet)
            copies[master.name] = read_nb(Path(tmp) / master.stem / "student" / master.name)
    return copies


def refresh_student(dest: Path | None = None, *, quiet: bool = True, lang: str = "en", sets=None) -> list[Path]:
    """Bring the committed student copies of one edition in ``dest`` (default
    ``exercises/student/`` or ``exercises/pl/student/``; one notebook per set) up to date with their
    masters: a copy is written only when its content changed, so an up-to-date folder is left as it
    is (not even touched). Other files such as its README are kept; without ``sets``, set notebooks
    that have no master any more are removed. Returns the notebooks written or removed."""
    dest = Path(dest) if dest is not None else STUDENT_DIRS[lang]
    dest.mkdir(parents=True, exist_ok=True)
    copies = student_copies(sets, quiet=quiet, lang=lang)
    changed = []
    if sets is None:
        for old in sorted(dest.glob("*.ipynb")):
            if old.name not in copies:
                old.unlink()
                changed.append(old)
    for name, nb in copies.items():
        path = dest / name
        if not path.exists() or path.read_text("utf-8") != notebook_text(nb):
            write_nb(nb, path)
            changed.append(path)
    return changed


def stale_student_copies(dest: Path = STUDENT_DIR, copies: dict | None = None, lang: str = "en") -> list[str]:
    """Names of committed student notebooks that are missing, extra or differ from the masters."""
    dest = Path(dest)
    copies = student_copies(lang=lang) if copies is None else copies
    problems = []
    committed = {p.name for p in dest.glob("*.ipynb")}
    for name, nb in copies.items():
        if name not in committed:
            problems.append(f"{name}: missing")
        elif comparable(read_nb(dest / name)) != comparable(nb):
            problems.append(f"{name}: differs from its master")
    problems += [f"{name}: has no master" for name in sorted(committed - set(copies))]
    return problems


# ------------------------------------------------------------------ command line

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exercises.tools.assign",
        description="Generate student notebooks, autograder zips and teacher copies from the exercise masters.",
    )
    parser.add_argument("--out", type=Path, default=Path("build/exercises"),
                        help="output folder (default: build/exercises)")
    parser.add_argument("--force", action="store_true",
                        help="regenerate the sets inside an existing output folder")
    parser.add_argument("--sets", nargs="+", metavar="SET", help="only these sets, e.g. 01 04 or 04_how_many_died")
    parser.add_argument("--lang", choices=["all", *LANGUAGES], default="all",
                        help="which edition: en (exercises/), pl (exercises/pl/) or all (default)")
    parser.add_argument("--no-run-tests", action="store_true",
                        help="do not run the solutions against their tests (faster)")
    parser.add_argument("--refresh-student", action="store_true",
                        help="rewrite the committed student copies (exercises/student/, exercises/pl/student/) and stop")
    parser.add_argument("--check-student", action="store_true",
                        help="check that the committed student copies are up to date with the masters and stop")
    parser.add_argument("-v", "--verbose", action="store_true", help="show otter's own output")
    args = parser.parse_args(argv)
    quiet = not args.verbose

    try:
        langs = LANGUAGES if args.lang == "all" else (args.lang,)
        if args.refresh_student:
            for code in langs:
                written = refresh_student(quiet=quiet, lang=code)
                print(f"{len(written)} student notebooks changed in {STUDENT_DIRS[code]}"
                      + (". Commit them with the masters." if written else ": all up to date."))
            return 0
        if args.check_student:
            problems = []
            for code in langs:
                problems += [f"{STUDENT_DIRS[code].relative_to(REPO_ROOT)}/{p}"
                             for p in stale_student_copies(STUDENT_DIRS[code], lang=code)]
            if problems:
                print("The committed student notebooks are out of date:\n  " + "\n  ".join(problems))
                print("Run: python -m exercises.tools.assign --refresh-student")
                return 1
            print("The committed student notebooks are up to date.")
            return 0
        check_out(args.out, args.force)
        print(f"Generating exercise sets into {args.out} (about 15 s a set) ...", flush=True)
        done = build(args.out, force=args.force, sets=args.sets, run_tests=not args.no_run_tests, quiet=quiet,
                     lang=args.lang)
    except OutputExists as exc:
        print(exc, file=sys.stderr)
        return EXIT_EXISTS
    except SolutionsFail as exc:
        print(exc, file=sys.stderr)
        print("Nothing was written. Fix the master (solution or tests) and run again.", file=sys.stderr)
        return 1
    for target in done:
        print(f"  {target}/  (student/, autograder/, teacher/)")
    print("Done. Hand out the student/ folders; keep teacher/ and autograder/ private. "
          "Grade with: make grade SUBMISSIONS=<folder>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
