"""Grades a gradebook can take: the long ``grades.csv`` turned round, and files for Moodle and Canvas.

Usage (from the repository root)::

    python -m exercises.tools.gradebook wide   --grades build/grades.csv --out build/grades-wide.csv
    python -m exercises.tools.gradebook moodle --grades build/grades.csv --roster roster.csv --match email --out moodle.csv
    python -m exercises.tools.gradebook canvas --grades build/grades.csv --roster canvas-export.csv \\
        --match "SIS Login ID" --out canvas.csv

``make grade`` writes the wide form by itself (``build/grades-wide.csv``), after the marks typed
into ``build/grades.csv`` are merged, so the written answers' marks are in it.

**The wide form**: one row per student; for every set graded, one column per question
(``05_counting q1``) and the set's total (``05_counting total``), then ``total`` and ``possible``
over all sets, and ``notes``: what a teacher must still do or know (a written answer to mark, a
file that could not be graded, a question stopped at its time limit, two files for one set). A
written answer without a typed mark is an empty cell and is not in the totals: the note says so.

**Moodle** (Grades > Import > CSV file). Moodle's grade import matches each row to a Moodle user
by one column the teacher chooses in the import preview ("Map from" that column, "Map to"
``useremail``, ``username`` or ``useridnumber``); every other column is mapped to a grade item or
to a new one (MoodleDocs, "Grade import", docs.moodle.org/311/en/Grade_import, read 2026-12-07).
The names gleap knows (the submission folders) are not Moodle identities, so the teacher gives a
roster: a CSV with a ``student`` column (the folder names) and the identity column named by
``--match`` (``email``, ``username`` or ``idnumber``). The file written has that identity column
and one column per set total (``--per-question``: also one per question), numbers with a point.

**Canvas** (Grades > Import). Canvas imports the layout it exports: the columns ``Student``,
``ID``, ``SIS User ID``, ``SIS Login ID`` and ``Section`` identify the student, and every other
column is an assignment; a column whose name is not an existing assignment becomes a new one.
Read in two universities' guides to Canvas's import (Ohio State, "Import a CSV File to Carmen
Grades", teaching.resources.osu.edu; VCU, "Gradebook Action Menu", ts.vcu.edu), which follow
Instructure's own "How do I import grades in the Gradebook?" (Canvas Instructor Guide, not
reachable from this machine). So the roster is the teacher's own Canvas export (Grades > Export):
its five identity columns are copied as they are, and ``--match`` names the column that holds
gleap's student names (default ``SIS Login ID``). One column per set total is added, named after
the set.

**Google Classroom** has no CSV import of grades (grades can be exported from it, not read in),
so there is no converter for it: type the totals from the wide form.

A student in the grades but not in the roster is never dropped silently: the converter names them
and writes nothing (``--allow-missing`` writes the others). A roster student with no submission
gets empty cells, which both platforms leave as "no grade".
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from ._common import masters, questions, set_names
from .grade import GradesFileProblem, read_grades

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_MATCH = ("email", "username", "idnumber")


class RosterProblem(Exception):
    """The roster or the grades cannot be matched; nothing was written."""


def _num(x: float):
    return int(x) if float(x).is_integer() else round(float(x), 3)


def _order(set_name: str) -> tuple[int, str]:
    known = set_names()
    return (known.index(set_name) if set_name in known else len(known), set_name)


def wide(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """``(columns, rows)``: one row per student from the long rows of ``grades.csv``."""
    by_student: dict[str, dict[str, dict[str, list[dict]]]] = {}
    unsettled: dict[str, list[str]] = {}
    for r in rows:
        student, set_name, file = r.get("student", ""), r.get("set", ""), r.get("file", "")
        by_student.setdefault(student, {})
        unsettled.setdefault(student, [])
        if not r.get("question"):
            if set_name and r.get("status", "").startswith("timeout"):
                unsettled[student].append(f"{file}: {r['status']}")
                continue
            unsettled[student].append(f"{file}: {r.get('status', '')}")
            continue
        by_student[student].setdefault(set_name, {}).setdefault(file, []).append(r)
    sets = sorted({s for per in by_student.values() for s in per}, key=_order)
    qnames = {}
    for set_name in sets:
        master = masters([set_name], lang="all")
        if master:
            qnames[set_name] = [q["name"] for q in questions(master[0])]
        else:  # a set this checkout does not know: keep the questions in the order graded
            qnames[set_name] = list(dict.fromkeys(r["question"] for per in by_student.values()
                                                  for f in per.get(set_name, {}).values() for r in f))
    columns = ["student"]
    for set_name in sets:
        columns += [f"{set_name} {q}" for q in qnames[set_name]] + [f"{set_name} total"]
    columns += ["total", "possible", "notes"]
    out = []
    for student in sorted(by_student):
        row = {c: "" for c in columns}
        row["student"] = student
        notes = list(unsettled[student])
        total = possible = 0.0
        for set_name in sets:
            files = by_student[student].get(set_name)
            if not files:
                continue
            def points(file_rows):
                return sum(float(r["score"]) for r in file_rows if str(r.get("score", "")).strip() != "")
            file, chosen = max(files.items(), key=lambda kv: (points(kv[1]), kv[0]))
            if len(files) > 1:
                notes.append(f"{len(files)} files of {set_name}: counted {file}, the one with most points")
            set_total = set_possible = 0.0
            for r in chosen:
                score = str(r.get("score", "")).strip()
                set_possible += float(r.get("possible") or 0)
                if score == "":
                    notes.append(f"{set_name} {r['question']}: "
                                 + ("a written answer to mark" if r.get("status") == "manual" else r.get("status", "")))
                    continue
                row[f"{set_name} {r['question']}"] = _num(float(score))
                set_total += float(score)
                if r.get("status", "").startswith("timeout"):
                    notes.append(f"{set_name} {r['question']}: stopped at the time limit")
            row[f"{set_name} total"] = _num(set_total)
            total += set_total
            possible += set_possible
        row["total"] = _num(total) if any(by_student[student].values()) else ""
        row["possible"] = _num(possible) if possible else ""
        row["notes"] = "; ".join(notes)
        out.append(row)
    return columns, out


def _read(grades: Path) -> list[dict]:
    try:
        rows, _, _, _ = read_grades(grades)
    except GradesFileProblem as exc:
        raise RosterProblem(str(exc)) from exc
    if not Path(grades).exists():
        raise RosterProblem(f"there is no {grades}: run make grade first")
    return rows


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".writing")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def write_wide(grades: Path, out: Path) -> Path:
    columns, rows = wide(_read(grades))
    _write(out, columns, rows)
    return Path(out)


def _roster(path: Path) -> tuple[list[str], list[dict]]:
    path = Path(path)
    if not path.is_file():
        raise RosterProblem(f"there is no roster {path}")
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if not lines:
        raise RosterProblem(f"the roster {path} is empty")
    delimiter = max(",;\t", key=lines[0].count)
    reader = csv.DictReader(lines, delimiter=delimiter)
    return list(reader.fieldnames or []), [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]


def _matched(grade_rows: dict[str, dict], roster_rows: list[dict], key: str, allow_missing: bool) -> list[tuple[dict, dict]]:
    names = [r.get(key, "") for r in roster_rows]
    doubled = sorted({n for n in names if n and names.count(n) > 1})
    if doubled:
        raise RosterProblem(f"the roster names {', '.join(doubled[:5])} more than once in {key!r}")
    in_roster = set(names)
    missing = sorted(s for s in grade_rows if s not in in_roster)
    if missing and not allow_missing:
        raise RosterProblem(f"{len(missing)} student(s) graded but not in the roster's {key!r} column: "
                            f"{', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}. Add them to the "
                            "roster, or give --allow-missing to write the others")
    return [(r, grade_rows.get(r.get(key, ""), {})) for r in roster_rows if r.get(key, "")]


def moodle(grades: Path, roster: Path, match: str, out: Path, per_question: bool = False,
           allow_missing: bool = False) -> Path:
    if match not in MOODLE_MATCH:
        raise RosterProblem(f"--match {match!r}: Moodle matches users by {', '.join(MOODLE_MATCH)}")
    columns, rows = wide(_read(grades))
    header, people = _roster(roster)
    for needed in ("student", match):
        if needed not in header:
            raise RosterProblem(f"the roster {roster} has no column {needed!r} (it has: {', '.join(header)})")
    by = {r["student"]: r for r in rows}
    items = [c for c in columns[1:-3] if per_question or c.endswith(" total")]
    out_rows = []
    for person, graded in _matched(by, people, "student", allow_missing):
        line = {match: person[match]}
        line.update({c.removesuffix(" total"): graded.get(c, "") for c in items})
        out_rows.append(line)
    _write(out, [match] + [c.removesuffix(" total") for c in items], out_rows)
    return Path(out)


def canvas(grades: Path, roster: Path, match: str, out: Path, allow_missing: bool = False) -> Path:
    columns, rows = wide(_read(grades))
    header, people = _roster(roster)
    lacking = [c for c in CANVAS_IDENTITY if c not in header]
    if lacking:
        raise RosterProblem(f"the roster {roster} is not a Canvas gradebook export: no column "
                            f"{', '.join(repr(c) for c in lacking)} (Grades > Export in Canvas)")
    if match not in header:
        raise RosterProblem(f"the roster {roster} has no column {match!r}")
    people = [p for p in people if "points possible" not in p.get("Student", "").lower()]
    by = {r["student"]: r for r in rows}
    totals = [c for c in columns[1:-3] if c.endswith(" total")]
    out_rows = []
    for person, graded in _matched(by, people, match, allow_missing):
        line = {c: person.get(c, "") for c in CANVAS_IDENTITY}
        line.update({c.removesuffix(" total"): graded.get(c, "") for c in totals})
        out_rows.append(line)
    _write(out, CANVAS_IDENTITY + [c.removesuffix(" total") for c in totals], out_rows)
    return Path(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exercises.tools.gradebook",
                                     description="Turn build/grades.csv into a gradebook's file (see the module's help).")
    sub = parser.add_subparsers(dest="form", required=True)
    for name in ("wide", "moodle", "canvas"):
        p = sub.add_parser(name)
        p.add_argument("--grades", type=Path, default=Path("build/grades.csv"))
        p.add_argument("--out", type=Path, required=True)
        if name != "wide":
            p.add_argument("--roster", type=Path, required=True)
            p.add_argument("--allow-missing", action="store_true",
                           help="write the others when a graded student is not in the roster")
        if name == "moodle":
            p.add_argument("--match", required=True, choices=MOODLE_MATCH,
                           help="the roster column Moodle matches users by")
            p.add_argument("--per-question", action="store_true", help="one column per question too")
        if name == "canvas":
            p.add_argument("--match", default="SIS Login ID",
                           help="the column of the Canvas export that holds the names of the submission folders")
    args = parser.parse_args(argv)
    try:
        if args.form == "wide":
            out = write_wide(args.grades, args.out)
        elif args.form == "moodle":
            out = moodle(args.grades, args.roster, args.match, args.out, args.per_question, args.allow_missing)
        else:
            out = canvas(args.grades, args.roster, args.match, args.out, args.allow_missing)
    except RosterProblem as exc:
        print(f"Nothing was written: {exc}.", file=sys.stderr)
        return 2
    print(f"Wrote {out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
