"""The exercise sets (exercises/): masters, generated student copies, self-checks and grading.

One session fixture runs ``otter assign`` on every master once (about 15 s a set, including
otter running each master's solutions against all its tests); the other tests reuse its output.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import sys

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `exercises` is not an installed package

from exercises.tools import assign, grade
from exercises.tools._common import STUDENT_DIR, masters, questions

MASTERS = masters()
SET_NAMES = [m.stem for m in MASTERS]
WRONG_TYPES = {
    "None": None,
    "a string": "20 million",
    "a list": [1, 2],
    "a bool": True,
}


def _src(cell) -> str:
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def _load(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every set generated once; otter also runs each master's solutions against all tests."""
    out = tmp_path_factory.mktemp("assign") / "exercises"
    try:
        assign.build(out, run_tests=True)
    except assign.SolutionsFail as exc:
        pytest.fail(str(exc))
    return out


# ------------------------------------------------------------------ masters

def test_masters_numbered_like_the_lessons():
    lessons = {p.name[:2] for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")}
    assert len(SET_NAMES) >= 5
    missing = [name for name in SET_NAMES if name[:2] not in lessons]
    assert not missing, f"exercise sets without a lesson of the same number: {missing}"


@pytest.mark.parametrize("master", MASTERS, ids=SET_NAMES)
def test_master_shape(master):
    nb = _load(master)
    assert _src(nb["cells"][0]).startswith("# ASSIGNMENT CONFIG")
    qs = questions(master)
    assert 3 <= len(qs) <= 6, f"{master.name} has {len(qs)} questions; a set has 3 to 6"
    assert any(q["manual"] for q in qs), "each set ends with a written answer"
    assert not qs[0]["manual"] and qs[-1]["manual"], "sets rise from a chart reading to judgement"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "commit masters without outputs"
        if "# BEGIN TEST CONFIG" in _src(cell):
            assert "failure_message:" in _src(cell), "every test carries a hint"


def test_every_master_passes_its_own_tests(built):
    # assign.build(run_tests=True) raises SolutionsFail unless every solution scores full marks
    for name in SET_NAMES:
        assert (built / name / "autograder" / f"{name}-autograder.zip").is_file()
        assert (built / name / "teacher" / f"{name}.ipynb").is_file()
        assert (built / name / "student" / f"{name}.ipynb").is_file()


@pytest.mark.parametrize("name", SET_NAMES)
def test_every_automatic_question_has_public_and_hidden_tests(built, name):
    import zipfile

    student = _load(built / name / "student" / f"{name}.ipynb")
    public = student["metadata"]["otter"]["tests"]
    with zipfile.ZipFile(built / name / "autograder" / f"{name}-autograder.zip") as z:
        for q in questions([m for m in MASTERS if m.stem == name][0]):
            if q["manual"]:
                assert q["name"] not in public
                continue
            assert "hidden=False" in public[q["name"]], f"{name} {q['name']}: no public self-check"
            assert "hidden=True" not in public[q["name"]]
            assert "hidden=True" in z.read(f"tests/{q['name']}.py").decode(), f"{name} {q['name']}: no hidden test"


# ------------------------------------------------------------------ student copies

def test_committed_student_copies_are_up_to_date(built):
    fresh = {f"{n}.ipynb": _load(built / n / "student" / f"{n}.ipynb") for n in SET_NAMES}
    problems = assign.stale_student_copies(STUDENT_DIR, fresh)
    assert not problems, (
        "exercises/student/ is out of date with the masters: " + "; ".join(problems)
        + ". Run: python -m exercises.tools.assign --refresh-student"
    )


def _student_files(built):
    yield from sorted(STUDENT_DIR.glob("*.ipynb"))
    for name in SET_NAMES:
        yield from sorted((built / name / "student").rglob("*"))


def test_no_solution_or_hidden_test_in_any_student_file(built):
    secrets = set()
    for master in MASTERS:
        nb = _load(master)
        inside = False
        for cell in nb["cells"]:
            src = _src(cell)
            if cell["cell_type"] == "raw" and src.startswith("# BEGIN SOLUTION"):
                inside = True
            elif cell["cell_type"] == "raw" and src.startswith("# END SOLUTION"):
                inside = False
            elif inside and cell["cell_type"] == "markdown":
                secrets.add(src.strip()[:80])
            for line in src.splitlines():
                if line.rstrip().endswith("# SOLUTION"):
                    rhs = line.split("=", 1)[-1].replace("# SOLUTION", "").strip()
                    if len(rhs) >= 10:  # a bare year such as 1958 also appears in the prose
                        secrets.add(rhs)
            secrets.update(re.findall(r"def (test_q\d+_value)\(", src))  # names of hidden tests
    markers = ["# SOLUTION", "BEGIN SOLUTION", "END SOLUTION", "BEGIN TESTS", "# BEGIN QUESTION",
               "hidden=True", "Model answer", "ASSIGNMENT CONFIG"]
    files = [p for p in _student_files(built) if p.is_file()]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for marker in markers:
            assert marker not in text, f"{path.name} contains {marker!r}"
        for secret in secrets:
            assert secret not in text, f"{path.name} contains solution text {secret!r}"


def test_student_copies_have_no_outputs_and_keep_otter_metadata():
    for path in sorted(STUDENT_DIR.glob("*.ipynb")):
        nb = _load(path)
        assert nb["metadata"]["otter"]["assignment_name"] == path.stem
        assert f'otter.Notebook("{path.name}")' in _src(nb["cells"][0])
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("name", SET_NAMES)
def test_unanswered_student_copy_runs_alone_and_fails_its_checks(tmp_path, name):
    """Opened from a folder holding nothing but the notebook, with only the package installed."""
    import nbclient
    import nbformat

    shutil.copy(STUDENT_DIR / f"{name}.ipynb", tmp_path)
    nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()  # raises on any error
    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("grader.check(")]
    auto = [q["name"] for q in questions(STUDENT_DIR.parent / f"{name}.ipynb") if not q["manual"]]
    assert len(checks) == len(auto)
    for cell in checks:
        text = json.dumps([o for o in cell.outputs])
        assert "Test case failed" in text, f"{cell.source} passed although unanswered"
        assert "All test cases passed" not in text
        assert "Traceback" not in text


def _public_tests(name):
    from otter.test_files.exception_test import ExceptionTestFile

    nb = _load(STUDENT_DIR / f"{name}.ipynb")
    return {q: ExceptionTestFile.from_metadata(src, f"{name}.ipynb")
            for q, src in nb["metadata"]["otter"]["tests"].items()}


@pytest.mark.parametrize("name", SET_NAMES)
def test_wrong_types_fail_with_a_hint_not_a_crash(name):
    """What grader.check does in the notebook: run the public tests on the student's variables."""
    import pandas as pd

    wrong = dict(WRONG_TYPES, **{"a DataFrame": pd.DataFrame({"x": [1.0, 2.0]}), "a Series": pd.Series([1.0])})
    for q, test_file in _public_tests(name).items():
        for label, value in wrong.items():
            test_file.run({q: value})
            summary = test_file.summary()
            assert "Test case failed" in summary, f"{name} {q}: {label} passed"
            assert "AssertionError" in summary, f"{name} {q}: {label} crashed the test:\n{summary}"
            assert "message:" in summary, f"{name} {q}: no hint for {label}"
            assert not re.search(r"\n\s*(TypeError|ValueError|KeyError|AttributeError|IndexError):", summary), summary


def test_a_string_answer_gets_a_specific_hint():
    test_file = _public_tests("04_how_many_died")["q2"]
    test_file.run({"q2": "20 million"})
    assert "q2 is text" in test_file.summary()


# ------------------------------------------------------------------ assign command

def test_assign_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "exercises"
    teacher_file = out / "01_labour" / "teacher" / "01_labour.ipynb"
    teacher_file.parent.mkdir(parents=True)
    teacher_file.write_text("my edited copy")
    assert assign.main(["--out", str(out), "--sets", "01", "--no-run-tests"]) == assign.EXIT_EXISTS
    assert "already exists" in capsys.readouterr().err
    assert teacher_file.read_text() == "my edited copy"


def test_assign_force_replaces_only_the_generated_sets(tmp_path):
    out = tmp_path / "exercises"
    keep = out / "my_notes" / "plan.txt"
    keep.parent.mkdir(parents=True)
    keep.write_text("keep me")
    (out / "01_labour").mkdir()
    (out / "01_labour" / "stale.txt").write_text("old")
    assert assign.main(["--out", str(out), "--sets", "01", "--no-run-tests", "--force"]) == 0
    assert keep.read_text() == "keep me"
    assert not (out / "01_labour" / "stale.txt").exists()
    assert (out / "01_labour" / "student" / "01_labour.ipynb").is_file()


# ------------------------------------------------------------------ grading

def test_grading_a_sample_submissions_folder(built, tmp_path):
    name = "04_how_many_died"
    subs = tmp_path / "submissions"
    (subs / "ana").mkdir(parents=True)
    (subs / "ben").mkdir()
    shutil.copy(built / name / "teacher" / f"{name}.ipynb", subs / "ana" / f"{name}.ipynb")  # full marks
    shutil.copy(STUDENT_DIR / f"{name}.ipynb", subs / "ben" / f"{name}.ipynb")               # unanswered
    (subs / "cleo.ipynb").write_text("{ this is not a notebook")                             # broken
    (subs / "dev.pdf").write_bytes(b"%PDF-1.4")                                              # wrong file
    out = tmp_path / "grades.csv"
    assert grade.main(["--submissions", str(subs), "--out", str(out), "--autograders", str(built), "-q"]) == 0

    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == grade.COLUMNS
    qs = questions([m for m in MASTERS if m.stem == name][0])
    by = {(r["student"], r["question"]): r for r in rows}
    for q in qs:
        ana, ben = by["ana", q["name"]], by["ben", q["name"]]
        assert ana["set"] == ben["set"] == name
        assert float(ana["possible"]) == float(q["points"])
        if q["manual"]:
            assert ana["status"] == ben["status"] == "manual" and ana["score"] == ""
        else:
            assert ana["status"] == "graded" and float(ana["score"]) == float(q["points"])
            assert ben["status"] == "graded" and float(ben["score"]) == 0
    assert by["cleo", ""]["status"].startswith("not a notebook")
    assert by["dev", ""]["status"].startswith("not a notebook")
    assert len(rows) == 2 * len(qs) + 2


def test_grade_explains_a_missing_folder(tmp_path, capsys):
    assert grade.main(["--submissions", str(tmp_path / "nope")]) == 2
    assert "no folder" in capsys.readouterr().err.lower()
