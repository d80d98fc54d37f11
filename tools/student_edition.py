"""Build build/student-edition/: what students may see, and nothing with solutions in it.

It holds the lessons (notebooks/, with the Polish edition notebooks/pl/ when present), the student
exercise copies (exercises/student/ and the Polish exercises/pl/student/, the paths the lessons
name), the package gleap_data, pyproject.toml, the licences, binder/ (with the student lock,
binder/student-requirements.txt, as its requirements.txt) and a student README. No exercise
masters, no autograder zips, no teacher's guide. Publish it as a `student` branch (see
exercises/README.md).

Usage: python tools/student_edition.py --out build/student-edition
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = """# gleap: student edition

Lessons and exercises about China's Great Leap Forward (1958–1962) and the famine.

* `notebooks/`: the lessons. Start with `notebooks/00_start_here.ipynb`.
* `exercises/student/`: one exercise notebook per lesson; each lesson's Exercises section names
  its file. Run the first code cell, replace each `...` with your answer, run the cell, then run
  the check cell under it. Written answers are marked by your teacher.
* Wydanie polskie: lekcje w `notebooks/pl/` (jeśli są), ćwiczenia w `exercises/pl/student/`.

On Binder your work is forgotten after a while without activity: save it often with
File → Download, and hand in the downloaded `.ipynb` file the way your teacher asks.
"""


def build(out: Path) -> Path:
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    shutil.copytree(ROOT / "notebooks", out / "notebooks", ignore=ignore)
    shutil.copytree(ROOT / "gleap_data", out / "gleap_data", ignore=ignore)
    # Binder for students: JupyterLab, a kernel and the widgets (binder/student-requirements.txt,
    # written by tools/lock.py), not the teacher's lock with otter-grader and what it brings
    shutil.copytree(ROOT / "binder", out / "binder",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "requirements.txt", "student-requirements.txt"))
    shutil.copy2(ROOT / "binder" / "student-requirements.txt", out / "binder" / "requirements.txt")
    # The student copies of both editions; notebooks/pl/ (inside notebooks/) is copied if present.
    for folder in (Path("exercises") / "student", Path("exercises") / "pl" / "student"):
        if not (ROOT / folder).is_dir():
            continue
        (out / folder).mkdir(parents=True)
        for nb in sorted((ROOT / folder).glob("*.ipynb")):
            shutil.copy2(nb, out / folder / nb.name)
    for name in ("pyproject.toml", "LICENSE", "LICENSE-content.md", "CITATION.cff"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, out / name)
    (out / "README.md").write_text(README, encoding="utf-8")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student-edition")
    args = parser.parse_args(argv)
    out = build(args.out)
    print(f"Wrote the student edition to {out}. Publish it as the `student` branch (exercises/README.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
