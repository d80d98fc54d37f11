"""Grading a year group: grades in parallel, the wide form and the Moodle and Canvas files
(exercises/tools/grade.py, exercises/tools/gradebook.py). No notebook is run here: the rows are
written by hand, and the parallel path is checked with a stand-in for the grading of one file.
The real grading of planted submissions is in tests/test_exercises.py; its throughput on 300 is
benchmarks/grading.py (BENCHMARKS.md)."""
from __future__ import annotations

import csv
import threading
from pathlib import Path


from exercises.tools import grade, gradebook

SET = "05_counting"          # q1 1, q2 2, q3 2, q4 2, q5 1 point; q6 3 and q7 3 written (manual)
PL = "05_liczenie"


def _rows(student, file, set_name, scores, manual=("", ""), status=None):
    """Long rows as make grade writes them; ``scores`` for q1..q5, ``manual`` typed for q6, q7."""
    points = {"q1": 1, "q2": 2, "q3": 2, "q4": 2, "q5": 1, "q6": 3, "q7": 3}
    out = []
    for i, q in enumerate(points):
        if q in ("q6", "q7"):
            out.append({"student": student, "file": file, "set": set_name, "question": q,
                        "score": manual[int(q[1]) - 6], "possible": points[q], "status": "manual"})
        else:
            out.append({"student": student, "file": file, "set": set_name, "question": q,
                        "score": scores[i], "possible": points[q], "status": (status or {}).get(q, "graded")})
    return out


def _write_long(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=grade.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


LONG = (_rows("ana", "ana/05_counting.ipynb", SET, [1, 2, 2, 2, 1], manual=("3", "2"))
        + _rows("ben", "ben/05_counting.ipynb", SET, [0, 2, 0, 2, 0.5])
        # two files of one set: the one with more points counts
        + _rows("cleo", "cleo/old_05_counting.ipynb", SET, [1, 0, 0, 0, 0])
        + _rows("cleo", "cleo/05_counting.ipynb", SET, [1, 2, 0, 0, 1],
                status={"q4": "timeout: the cell that sets q4 ran over 30 s and was stopped"})
        + [{"student": "dev", "file": "dev/05_counting.ipynb", "set": SET, "question": "", "score": "",
            "possible": "", "status": "not a notebook: not valid JSON (line 1)"}]
        + _rows("ewa", "ewa/05_liczenie.ipynb", PL, [1, 2, 2, 0, 1], manual=("1", "")))


def test_wide_form_one_row_per_student_with_hand_computed_totals():
    columns, rows = gradebook.wide(LONG)
    assert columns[:9] == ["student", "05_counting q1", "05_counting q2", "05_counting q3", "05_counting q4",
                           "05_counting q5", "05_counting q6", "05_counting q7", "05_counting total"]
    assert columns[-3:] == ["total", "possible", "notes"] and f"{PL} total" in columns
    by = {r["student"]: r for r in rows}
    assert list(by) == ["ana", "ben", "cleo", "dev", "ewa"]
    # ana: 1+2+2+2+1 automatic, 3+2 typed = 13 of 14
    assert (by["ana"]["05_counting total"], by["ana"]["total"], by["ana"]["possible"], by["ana"]["notes"]) == (13, 13, 14, "")
    # ben: 0+2+0+2+0.5 = 4.5; the written answers are not marked yet, and the notes say so
    assert by["ben"]["05_counting q5"] == 0.5 and by["ben"]["total"] == 4.5 and by["ben"]["05_counting q6"] == ""
    assert "05_counting q6: a written answer to mark" in by["ben"]["notes"]
    # cleo: the file with 4 points, not the one with 1; the stopped question is named
    assert by["cleo"]["total"] == 4 and "2 files of 05_counting: counted cleo/05_counting.ipynb" in by["cleo"]["notes"]
    assert "05_counting q4: stopped at the time limit" in by["cleo"]["notes"]
    # dev: nothing could be graded; an empty total, not a zero, and the reason
    assert by["dev"]["total"] == "" and "not a notebook" in by["dev"]["notes"]
    # ewa, the Polish set: 1+2+2+0+1 + 1 typed = 7 of 14; q7 still to mark
    assert by["ewa"][f"{PL} total"] == 7 and by["ewa"]["05_counting total"] == ""
    assert f"{PL} q7: a written answer to mark" in by["ewa"]["notes"]


def test_make_grade_writes_the_wide_form_beside_the_long_one(tmp_path, monkeypatch, capsys):
    """grade.main writes <out>-wide.csv from the merged long file (so typed marks are in it)."""
    subs = tmp_path / "subs"
    (subs / "ana").mkdir(parents=True)
    (subs / "ana" / "05_counting.ipynb").write_text("{}")
    out = _write_long(tmp_path / "grades.csv", [r for r in LONG if r["student"] == "ana"])
    monkeypatch.setattr(grade, "grade_folder", lambda *a, **k: [r for r in LONG if r["student"] == "ana"
                                                                 and r["status"] != "manual"]
                        + [{**r, "score": ""} for r in LONG if r["student"] == "ana" and r["status"] == "manual"])
    assert grade.main(["--submissions", str(subs), "--out", str(out), "-q"]) == 0
    wide = _read(tmp_path / "grades-wide.csv")
    assert [(r["student"], r["total"], r["05_counting q6"]) for r in wide] == [("ana", "13", "3")], wide
    assert grade.main(["--submissions", str(subs), "--out", str(out), "-q", "--workers", "0"]) == 2
    assert "--workers 0" in capsys.readouterr().err


def test_moodle_file_matches_by_the_roster_and_never_drops_a_student(tmp_path, capsys):
    grades = _write_long(tmp_path / "grades.csv", LONG)
    roster = tmp_path / "roster.csv"
    roster.write_text("student;email\nana;ana@school.example\nben;ben@school.example\ncleo;cleo@school.example\n"
                      "dev;dev@school.example\nfrank;frank@school.example\n", encoding="utf-8")
    out = tmp_path / "moodle.csv"
    # ewa is graded but not in the roster: nothing is written, and she is named
    assert gradebook.main(["moodle", "--grades", str(grades), "--roster", str(roster), "--match", "email",
                           "--out", str(out)]) == 2
    assert "ewa" in capsys.readouterr().err and not out.exists()
    assert gradebook.main(["moodle", "--grades", str(grades), "--roster", str(roster), "--match", "email",
                           "--out", str(out), "--allow-missing"]) == 0
    rows = _read(out)
    assert list(rows[0]) == ["email", SET, PL]
    assert [(r["email"], r[SET]) for r in rows] == [("ana@school.example", "13"), ("ben@school.example", "4.5"),
                                                    ("cleo@school.example", "4"), ("dev@school.example", ""),
                                                    ("frank@school.example", "")]
    assert gradebook.main(["moodle", "--grades", str(grades), "--roster", str(roster), "--match", "username",
                           "--out", str(tmp_path / "m2.csv"), "--allow-missing"]) == 2
    assert "no column 'username'" in capsys.readouterr().err
    gradebook.moodle(grades, roster, "email", tmp_path / "perq.csv", per_question=True, allow_missing=True)
    assert list(_read(tmp_path / "perq.csv")[0])[:3] == ["email", f"{SET} q1", f"{SET} q2"]


def test_canvas_file_keeps_the_exports_identity_columns(tmp_path, capsys):
    grades = _write_long(tmp_path / "grades.csv", LONG)
    export = tmp_path / "canvas-export.csv"
    export.write_text('Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (101)\n'
                      '    Points Possible,,,,,10\n'
                      '"Nowak, Ana",11,S1,ana,7b,9\n"Kowalski, Ben",12,S2,ben,7b,8\n"Lis, Cleo",13,S3,cleo,7b,\n'
                      '"Mazur, Dev",14,S4,dev,7b,\n"Wrona, Ewa",15,S5,ewa,7b,\n', encoding="utf-8")
    out = tmp_path / "canvas.csv"
    assert gradebook.main(["canvas", "--grades", str(grades), "--roster", str(export), "--out", str(out)]) == 0
    rows = _read(out)
    assert list(rows[0]) == gradebook.CANVAS_IDENTITY + [SET, PL]
    assert [(r["Student"], r["SIS Login ID"], r[SET], r[PL]) for r in rows] == [
        ("Nowak, Ana", "ana", "13", ""), ("Kowalski, Ben", "ben", "4.5", ""), ("Lis, Cleo", "cleo", "4", ""),
        ("Mazur, Dev", "dev", "", ""), ("Wrona, Ewa", "ewa", "", "7")]
    not_canvas = tmp_path / "roster.csv"
    not_canvas.write_text("student,email\nana,a@x\n")
    assert gradebook.main(["canvas", "--grades", str(grades), "--roster", str(not_canvas), "--out",
                           str(tmp_path / "c2.csv")]) == 2
    assert "not a Canvas gradebook export" in capsys.readouterr().err and not (tmp_path / "c2.csv").exists()


def test_parallel_grading_runs_files_at_once_and_keeps_the_folders_order(tmp_path, monkeypatch):
    """With workers=3 three files are graded at the same time (each waits for the other two at a
    barrier: one at a time, the barrier breaks and every row says crashed), and the rows come back
    in the folder's order whatever order the files finish in."""
    subs = tmp_path / "subs"
    for name in ("ana", "ben", "cleo"):
        (subs / name).mkdir(parents=True)
        (subs / name / "05_counting.ipynb").write_text("{}")
    barrier = threading.Barrier(3, timeout=20)
    finish_order = []

    def fake(path, folder, autograders, **kw):
        barrier.wait()
        if path.parent.name == "ana":   # the first file finishes last
            threading.Event().wait(0.3)
        finish_order.append(path.parent.name)
        return [{"student": path.parent.name, "file": path.relative_to(folder).as_posix(), "set": SET,
                 "question": "q1", "score": 1, "possible": 1, "status": "graded"}]

    monkeypatch.setattr(grade, "grade_file", fake)
    rows = grade.grade_folder(subs, tmp_path / "none", verbose=False, workers=3)
    assert [r["student"] for r in rows] == ["ana", "ben", "cleo"] and {r["status"] for r in rows} == {"graded"}
    assert finish_order[-1] == "ana"
    assert grade.default_workers() >= 1


def test_parallel_grading_survives_a_failing_worker(tmp_path, monkeypatch):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("a", "b"):
        (subs / f"{name}.ipynb").write_text("{}")

    def fake(path, folder, autograders, **kw):
        if path.stem == "a":
            raise RuntimeError("worker broke")
        return [{"student": "b", "file": "b.ipynb", "set": SET, "question": "q1", "score": 1, "possible": 1,
                 "status": "graded"}]

    monkeypatch.setattr(grade, "grade_file", fake)
    rows = grade.grade_folder(subs, tmp_path / "none", verbose=False, workers=2)
    assert [(r["student"], r["status"]) for r in rows] == [
        ("a", grade.crashed("grader-error", detail="RuntimeError: worker broke")), ("b", "graded")]
    assert "(RuntimeError: worker broke)" in rows[0]["status"]
