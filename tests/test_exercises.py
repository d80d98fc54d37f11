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


from exercises.tools import assign, grade
from exercises.tools._common import STUDENT_DIR, masters, questions

MASTERS = masters()
SET_NAMES = [m.stem for m in MASTERS]
NOTEBOOK_NAMES = sorted(p.name for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
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
        assign.build(out, run_tests=True, lang="en")  # the Polish sets: tests/test_exercises_pl.py
    except assign.SolutionsFail as exc:
        pytest.fail(str(exc))
    return out


# ------------------------------------------------------------------ masters

def test_one_master_per_lesson():
    lessons = sorted(p.name[:2] for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
    assert [name[:2] for name in SET_NAMES] == [n for n in lessons if n != "00"], "one set per lesson 01-08"


@pytest.mark.parametrize("master", MASTERS, ids=SET_NAMES)
def test_every_set_has_a_source_question_a_chart_table_and_rubrics(master):
    text = "\n".join(_src(c) for c in _load(master)["cells"])
    assert re.search(r"\*\*Question \d+ \((sources|sourcing)[,;:)]", text), "every set has a source-criticism question"
    assert "**Reading:**" in text and "as a table" in text, "a chart with a table beside it"
    assert text.count("**Rubric") == sum(q["manual"] for q in questions(master))
    for banned in ("subsistence", "communes broken up", "median of the"):
        assert banned not in text, banned


@pytest.mark.parametrize("master", MASTERS, ids=SET_NAMES)
def test_master_shape(master):
    nb = _load(master)
    assert _src(nb["cells"][0]).startswith("# ASSIGNMENT CONFIG")
    qs = questions(master)
    assert 3 <= len(qs) <= 7, f"{master.name} has {len(qs)} questions; a set has 3 to 7"
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


@pytest.mark.parametrize("name", SET_NAMES)
def test_a_wrong_answer_scores_nothing(built, name):
    """Points go only to tests that compare the value: a form check (a year in range, "yes" or
    "no") is worth 0, so a well-formed wrong answer scores 0 of the question's points."""
    from wrong_answers import problems_with_wrong_answers

    master = [m for m in MASTERS if m.stem == name][0]
    auto = [q["name"] for q in questions(master) if not q["manual"]]
    problems, tried = problems_with_wrong_answers(built / name / "autograder" / f"{name}-autograder.zip", auto)
    assert not problems, f"{name}: " + "; ".join(problems)
    assert set(tried) == set(auto) and all(n > 0 for n, _ in tried.values()), tried


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
        assert f'Checker("{path.name}")' in _src(nb["cells"][0])
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None


def test_every_student_copy_is_run_by_a_test():
    """The student copies are not under nbval (pyproject.toml's testpaths): each one runs in
    test_unanswered_student_copy_runs_alone_and_fails_its_checks (English) or
    test_unanswered_polish_student_copy_runs_and_answers_in_polish (tests/test_exercises_pl.py)."""
    from exercises.tools._common import STUDENT_DIRS

    assert sorted(p.stem for p in STUDENT_DIR.glob("*.ipynb")) == sorted(SET_NAMES)
    assert sorted(p.stem for p in STUDENT_DIRS["pl"].glob("*.ipynb")) == sorted(m.stem for m in masters(lang="pl"))


@pytest.mark.parametrize("name", SET_NAMES)
def test_unanswered_student_copy_runs_alone_and_fails_its_checks(tmp_path, name):
    """Opened from a folder holding nothing but the notebook, with only the package installed."""
    from conftest import run_student_copy

    nb, checks = run_student_copy(STUDENT_DIR, name, tmp_path)
    auto = [q["name"] for q in questions(STUDENT_DIR.parent / f"{name}.ipynb") if not q["manual"]]
    assert len(checks) == len(auto)
    for cell in checks:
        text = json.dumps([o for o in cell.outputs])
        assert "not yet" in text, f"{cell.source} passed although unanswered"
        assert "correct" not in text and "form is right" not in text
        for word in ("Traceback", "NoneType", "tuple", "ellipsis", "Ellipsis", "def test_", "assert "):
            assert word not in text, f"{name}: feedback shows {word!r}: {text}"


def _public_tests(name):
    from otter.test_files.exception_test import ExceptionTestFile

    nb = _load(STUDENT_DIR / f"{name}.ipynb")
    return {q: ExceptionTestFile.from_metadata(src, f"{name}.ipynb")
            for q, src in nb["metadata"]["otter"]["tests"].items()}


def _feedback(name, q, value):
    """What check("q") prints for ``value``, without a kernel."""
    from gleap_data import selfcheck

    checker = selfcheck.Checker.__new__(selfcheck.Checker)
    checker.notebook, checker._tests = None, _load(STUDENT_DIR / f"{name}.ipynb")["metadata"]["otter"]["tests"]
    import gleap_data.selfcheck as sc
    sc._ipython_saved = sc._ipython
    try:
        sc._ipython = lambda: type("IP", (), {"user_ns": {q: value}, "last_execution_succeeded": True})()
        return checker.result(q)
    finally:
        sc._ipython = sc._ipython_saved


class Liar:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class LyingFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__


@pytest.mark.parametrize("name", SET_NAMES)
def test_wrong_types_and_cheats_get_a_plain_hint(name):
    import pandas as pd

    wrong = dict(WRONG_TYPES, **{"a DataFrame": pd.DataFrame({"x": [1.0, 2.0]}), "a Series": pd.Series([1.0]),
                                 "dots": Ellipsis, "a liar": Liar(), "a lying float": LyingFloat(1960)})
    for q in _public_tests(name):
        for label, value in wrong.items():
            status, message = _feedback(name, q, value)
            assert status == "wrong", f"{name} {q}: {label} was accepted: {message}"
            for word in ("NoneType", "tuple", "ellipsis", "Ellipsis", "Traceback", "assert", "def "):
                assert word not in message, f"{name} {q}: {label}: {message}"


def test_common_slips_get_their_own_hint():
    from gleap_data import selfcheck as sc

    cases = {(23, 6): "use a dot: 23.6", None: "print", "23.6": "without quotes", 21.5: "percentage"}
    for value, hint in cases.items():
        with pytest.raises(sc.NotYet, match=re.escape(hint)):
            sc.share(value, "q2") if value == 21.5 else sc.number(value, "q2")


def test_checks_say_correct_only_for_a_checked_value():
    status, message = _feedback("05_counting", "q1", 1961)   # wrong year: form only
    assert status == "form" and "correct" not in message and "marked when your teacher grades" in message
    status, _ = _feedback("05_counting", "q2", 20.0)         # wrong total: value is checked
    assert status == "wrong"
    import gleap_data as gd

    right = float(gd.excess_deaths(baseline=1957, years=(1959, 1961))["excess_deaths"].sum() / 1e6)
    assert _feedback("05_counting", "q2", right) == ("correct", "q2: correct.")
    status, message = _feedback("02_soviet_model", "q2", 79.0)  # a percentage for a share
    assert status == "wrong" and "percentage" in message


def test_checks_tell_the_truth_about_the_current_cell_in_a_kernel(tmp_path):
    """Run cells as a student would: skip the first cell, then break answer cells in the ways the
    walkthrough saw. After a failed run the check names the error in plain words and never
    describes the value left behind (not "still ... (three dots)", not the old value's hint)."""
    import nbclient
    import nbformat

    name = "05_counting"
    shutil.copy(STUDENT_DIR / f"{name}.ipynb", tmp_path)
    nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
    check = "from gleap_data.selfcheck import check\ncheck('{}')"
    steps = [  # (cell, what its output must say, what it must not say)
        ("import gleap_data as gd", (), ()),
        (check.format("q2"), ("not yet",), ("NameError",)),                       # first cell skipped
        ("official = gd.excess_deaths(baseline=1957, years=(1959, 1961))\n"
         "q2 = official['nadmiarowe_zgony'].sum() / 1e6", (), ()),               # first attempt fails
        (check.format("q2"), ("stopped with an error", "'nadmiarowe_zgony'"), ("three dots", "still")),
        ("q2 = gd.excess_deaths(baseline=1957, years=(1959, 1961))['excess_deaths'].sum() / 1e6\nq2", (), ()),
        (check.format("q2"), ("q2: correct.",), ()),
        ("q2 = gd.excess_deaths(baseline=1957, years=(1959, 1961), rates='nope')['excess_deaths'].sum() / 1e6",
         (), ()),                                                                  # error after a right answer
        (check.format("q2"), ("stopped with an error", "nope"), ("correct",)),
        ("q3 = True", (), ()),
        (check.format("q3"), ("True or False",), ()),
        ("q3 = gd.excess_deaths(baseline='linia trendu')['excess_deaths'].sum() / 1e6", (), ()),
        (check.format("q3"), ("stopped with an error", "linia trendu"), ("True or False",)),
        ("q5 = no", (), ()),                                                       # missing quotes
        (check.format("q5"), ("does not know the name no", '"no"'), ("older value",)),
        ("q4 = -0,46", (), ()),                                                    # a decimal comma
        (check.format("q4"), ("use a dot: -0.46",), (" 0.46",)),
        ("q1 = gd.load('vital_rates').query('year == 2050')['cdr']", (), ()),     # an empty selection
        (check.format("q1"), ("empty column",), ("whole column",)),
        ("q2 = 14.4", (), ()),
        (check.format("q2"), ("q2: not yet. Check the baseline",), ("Not yet", "not yet: ")),
    ]
    nb.cells = [nbformat.v4.new_code_cell(cell) for cell, _, _ in steps]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell, (source, must, must_not) in zip(nb.cells, steps):
        text = " ".join(o.get("text", "") for o in cell.outputs)
        for words in must:
            assert words in text, f"{source!r}: no {words!r} in {text!r}"
        for words in must_not:
            assert words not in text, f"{source!r}: {words!r} in {text!r}"


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

def _planted(name, code_for_q1):
    """A student copy whose q1 answer cell is replaced by ``code_for_q1``."""
    nb = _load(STUDENT_DIR / f"{name}.ipynb")
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and _src(cell).startswith("q1 = ..."):
            cell["source"] = code_for_q1
            return nb
    raise AssertionError("no q1 cell")


CHEAT = """
class Liar:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
class LyingFloat(float):
    def __eq__(self, other):
        return True
    def __sub__(self, other):
        return 0.0
    __rsub__ = __sub__
    def __abs__(self):
        return 0.0
q1 = Liar()
q2 = q3 = q4 = LyingFloat(1)
q5 = Liar()
import builtins, math
import gleap_data.selfcheck as sc
sc.close = sc.number = sc.year = sc.text = sc.share = lambda *a, **k: 1960
class G:
    def check(self, *a):
        print("correct")
grader = G()
try:
    import otter.test_files.exception_test as et
    et.ExceptionTestFile.run = lambda self, env: None
except Exception:
    pass
math.isclose = lambda *a, **k: True
"""

VANDAL = """
import os, shutil
for target in ["../ben/05_counting.ipynb", "../ana/05_counting.ipynb", "../notes.txt", "notes.txt",
               "README.md", "Makefile", "gleap_data/selfcheck.py", "../../Makefile",
               "exercises/05_counting.ipynb", "../../exercises/05_counting.ipynb"]:
    try:
        os.remove(target)
    except OSError:
        pass
    try:
        with open(target, "w") as f:
            f.write("vandalised")
    except OSError:
        pass
for folder in ["../ben", "../../exercises", "exercises"]:
    shutil.rmtree(folder, ignore_errors=True)
q1 = 1960
q1
"""


def _hashes(*folders):
    import hashlib

    out = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and ".venv" not in path.parts and ".git" not in path.parts \
                    and "__pycache__" not in path.parts:
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


LOOP_Q4 = "q4 = 0\nwhile q4 < 100:\n    q4 = q4 * 2\nq4"   # the walkthrough's loop_01: never ends
STUBBORN = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"


def _with_cell(nb, starts, code):
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and _src(cell).startswith(starts):
            cell["source"] = code
            return nb
    raise AssertionError(f"no cell starting {starts!r}")


def test_grading_survives_any_submission(built, tmp_path, capsys):
    """Planted submissions: full marks, unanswered, endless loops (one that Ctrl-C stops, one
    that ignores it), memory bomb, vandal, cheat, broken file, wrong file; each gets its rows and
    the batch finishes. A loop costs the looping question only."""
    name = "05_counting"
    subs = tmp_path / "submissions"
    for student in ("ana", "ben", "loop", "bomb", "vandal", "cheat"):
        (subs / student).mkdir(parents=True)
    teacher = built / name / "teacher" / f"{name}.ipynb"
    shutil.copy(teacher, subs / "ana" / f"{name}.ipynb")                                        # full marks
    shutil.copy(STUDENT_DIR / f"{name}.ipynb", subs / "ben" / f"{name}.ipynb")               # unanswered
    assign.write_nb(_with_cell(_load(teacher), "reconstructed = ", LOOP_Q4), subs / "loop" / f"{name}.ipynb")
    assign.write_nb(_planted(name, "hog = bytearray(8 * 1024 ** 3)\nq1 = 1960"), subs / "bomb" / f"{name}.ipynb")
    assign.write_nb(_planted(name, VANDAL), subs / "vandal" / f"{name}.ipynb")
    cheat = _load(STUDENT_DIR / f"{name}.ipynb")
    cheat["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": CHEAT})  # last, so that no later cell resets the answers
    assign.write_nb(cheat, subs / "cheat" / f"{name}.ipynb")
    (subs / "notes.txt").write_text("teacher's notes")
    (subs / "cleo.ipynb").write_text("{ this is not a notebook")                             # broken
    (subs / "eve").mkdir()
    (subs / "eve" / f"{name}.ipynb").write_text('{"cells": [')                           # truncated, set named
    (subs / "dev.pdf").write_bytes(b"%PDF-1.4")                                              # wrong file
    repo = Path(assign.REPO_ROOT)
    before = _hashes(subs, repo / "exercises", repo / "gleap_data")
    before_top = {p: p.read_bytes() for p in (repo / "Makefile", repo / "README.md")}

    out = tmp_path / "grades.csv"
    assert grade.main(["--submissions", str(subs), "--out", str(out), "--autograders", str(built),
                       "--cell-timeout", "8", "--timeout", "60"]) == 0
    assert _hashes(subs, repo / "exercises", repo / "gleap_data") == before
    assert {p: p.read_bytes() for p in before_top} == before_top

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
            continue
        assert ana["status"] == "graded" and float(ana["score"]) == float(q["points"]), ana
        assert ben["status"] == "graded" and float(ben["score"]) == 0
        assert by["cheat", q["name"]]["status"] == "graded"
        assert float(by["cheat", q["name"]]["score"]) == 0, f"the cheat scored on {q['name']}"
        expected = float(q["points"]) if q["name"] == "q1" else 0
        assert float(by["vandal", q["name"]]["score"]) == expected
    for q in qs:                            # the loop in q4's cell costs q4 and nothing else
        loop = by["loop", q["name"]]
        if q["name"] == "q4":
            assert float(loop["score"]) == 0 and loop["status"].startswith("timeout: the cell that sets q4"), loop
        elif not q["manual"]:
            assert loop["status"] == "graded" and float(loop["score"]) == float(q["points"]), loop
    assert ("loop", "") not in by
    assert by["bomb", ""]["status"] == "out of memory"
    assert by["cleo", ""]["status"].startswith("not a notebook")
    assert by["eve", ""]["status"].startswith("not a notebook") and by["eve", ""]["set"] == name
    assert by["dev", ""]["status"].startswith("not a notebook")
    assert by["notes", ""]["status"].startswith("not a notebook")


def test_a_cell_that_ignores_the_interrupt_hits_the_notebook_limit(built, tmp_path, capsys):
    """The backstop: a loop that catches Ctrl-C is stopped with the whole notebook, the row says
    so, and while it runs the progress line counts its seconds."""
    name = "05_counting"
    subs = tmp_path / "submissions"
    (subs / "stubborn").mkdir(parents=True)
    assign.write_nb(_planted(name, STUBBORN), subs / "stubborn" / f"{name}.ipynb")
    out = tmp_path / "grades.csv"
    assert grade.main(["--submissions", str(subs), "--out", str(out), "--autograders", str(built),
                       "--cell-timeout", "5", "--timeout", "15"]) == 0
    assert re.search(r"stubborn.*running 1\d s", capsys.readouterr().out), "no sign that the notebook is running"
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["status"][:38] for r in rows] == ["timeout: the notebook ran over 15 s in"]


def test_there_is_no_docker_grading(tmp_path, capsys):
    """Docker grading was removed (never tested, and otter's image would not install gleap):
    `--docker` is refused by the tool and `make grade DOCKER=1` says why, grading nothing."""
    import subprocess

    (tmp_path / "a.ipynb").write_text("{}")
    with pytest.raises(SystemExit):
        grade.main(["--submissions", str(tmp_path), "--docker"])
    assert "--docker" in capsys.readouterr().err
    made = subprocess.run(["make", "-s", "grade", "DOCKER=1", f"SUBMISSIONS={tmp_path}"],
                          cwd=assign.REPO_ROOT, capture_output=True, text=True)
    assert made.returncode == 2 and "no Docker grading" in made.stdout, made.stdout + made.stderr
    assert not (tmp_path / "grades.csv").exists()


class _Planted:
    """Unpickling this (pickle or dill) creates ``path``: the trace of a loaded pickle."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def _plant(folder: Path, marker: Path) -> dict:
    """Files a submission folder could carry for otter or Python to pick up: otter's log (a pickle
    that leaves ``marker`` when loaded), a test file that always passes, an otter config, and a
    gleap_data package that leaves ``marker`` when imported. Returns their bytes."""
    import pickle

    (folder / "tests").mkdir(parents=True, exist_ok=True)
    (folder / "gleap_data").mkdir(exist_ok=True)
    (folder / ".OTTER_LOG").write_bytes(pickle.dumps(_Planted(marker)))
    (folder / "tests" / "q1.py").write_text("OK_FORMAT = False\nname = 'q1'\npoints = 1\n"
                                           "from otter.test_files import test_case\n"
                                           "@test_case()\ndef test_q1(q1):\n    pass\n")
    (folder / "otter_config.json").write_text('{"pdf": false, "tests_path": "tests"}')
    for module in ("__init__.py", "selfcheck.py"):
        (folder / "gleap_data" / module).write_text(f"open({str(marker)!r}, 'w').close()\n")
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_grading_and_self_checks_load_nothing_a_submission_folder_supplies(built, tmp_path):
    """A planted pickle (.OTTER_LOG), test file, otter config and gleap_data package beside the
    notebook: make grade and a self-check use none of them (no file appears, nothing scores)."""
    name = "05_counting"
    marker = tmp_path / "LOADED"
    subs = tmp_path / "submissions"
    (subs / "ana").mkdir(parents=True)
    shutil.copy(STUDENT_DIR / f"{name}.ipynb", subs / "ana" / f"{name}.ipynb")   # unanswered
    planted = _plant(subs / "ana", marker)
    rows = _grade(subs, tmp_path / "grades.csv", built)
    assert not marker.exists(), "grading loaded a file from the submission folder"
    auto = [r for r in rows if r["status"] == "graded"]
    assert auto and all(float(r["score"]) == 0 for r in auto), auto
    assert {p: p.read_bytes() for p in planted} == planted

    from conftest import run_student_copy

    work = tmp_path / "student"
    _plant(work, marker)
    sys_path_first = work / "gleap_data"  # the kernel's folder is on its sys.path: keep the package out of it
    shutil.rmtree(sys_path_first)
    nb, checks = run_student_copy(STUDENT_DIR, name, work)
    assert not marker.exists(), "a self-check loaded a file from the student's folder"
    for cell in checks:
        text = json.dumps(cell.outputs)
        assert "not yet" in text and "correct" not in text, f"{cell.source}: {text}"


def _grade(subs, out, built):
    assert grade.main(["--submissions", str(subs), "--out", str(out), "--autograders", str(built),
                       "--timeout", "120", "-q"]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    return list(csv.DictReader(lines, delimiter=";" if ";" in lines[0] else ","))


def test_typed_marks_survive_a_rerun(built, tmp_path, capsys):
    """The teacher types a written-answer mark (and a comment column) into build/grades.csv;
    grading the same folder again keeps both, twice gives the same file, and grading a folder
    with one late submission keeps every other student's rows."""
    name = "05_counting"
    subs, late = tmp_path / "subs", tmp_path / "late"
    (subs / "ana").mkdir(parents=True)
    (late / "ben").mkdir(parents=True)
    shutil.copy(built / name / "teacher" / f"{name}.ipynb", subs / "ana" / f"{name}.ipynb")
    shutil.copy(STUDENT_DIR / f"{name}.ipynb", late / "ben" / f"{name}.ipynb")
    out = tmp_path / "grades.csv"
    first = _grade(subs, out, built)
    once = out.read_bytes()
    assert _grade(subs, out, built) == first and out.read_bytes() == once, "same submissions, same file"

    for row in first:                       # what a teacher does in a spreadsheet (a Polish one: ";")
        row["comment"] = ""
        if row["question"] == "q6":
            assert row["status"] == "manual" and row["score"] == ""
            row["score"], row["comment"] = "2", "clear, but no range"
    with out.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.DictWriter(f, fieldnames=[*grade.COLUMNS, "comment"], delimiter=";")
        writer.writeheader()
        writer.writerows(first)
    typed = out.read_bytes()
    capsys.readouterr()
    again = _grade(subs, out, built)
    assert "Kept 1 mark" in capsys.readouterr().out
    assert out.read_bytes() == typed, "a re-run changed the file the teacher typed into"
    q6 = [r for r in again if r["question"] == "q6"]
    assert [(r["score"], r["comment"]) for r in q6] == [("2", "clear, but no range")]

    with_late = _grade(late, out, built)
    assert [r for r in with_late if r["student"] == "ana"] == again, "the other students' rows were lost"
    assert {r["status"] for r in with_late if r["student"] == "ben"} == {"graded", "manual"}


def test_grading_refuses_to_replace_a_file_that_is_not_grades(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "a.ipynb").write_text("{}")
    out = tmp_path / "grades.csv"
    out.write_text("my own notes, not a grades file\n")
    assert grade.main(["--submissions", str(tmp_path / "subs"), "--out", str(out), "-q"]) == 2
    assert "nothing was graded or written" in capsys.readouterr().err
    assert out.read_text() == "my own notes, not a grades file\n"


def test_grade_explains_a_missing_folder(tmp_path, capsys):
    assert grade.main(["--submissions", str(tmp_path / "nope")]) == 2
    assert "no folder" in capsys.readouterr().err.lower()


# ------------------------------------------------------------------ student edition

def test_student_edition_holds_no_solution(built, tmp_path):
    import student_edition

    out = student_edition.build(tmp_path / "student-edition")
    files = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix == ".zip" or "teacher" in p.name.lower()]
    assert sorted(p.name for p in (out / "exercises" / "student").glob("*.ipynb")) == [f"{n}.ipynb" for n in SET_NAMES]
    polish = masters(lang="pl")
    assert polish and sorted(p.name for p in (out / "exercises" / "pl" / "student").glob("*.ipynb")) == [
        m.name for m in polish], "the Polish student copies are in the edition"
    assert not list((out / "exercises").glob("*.ipynb")), "no master in the edition"
    assert not list((out / "exercises" / "pl").glob("*.ipynb")), "no Polish master in the edition"
    secrets, public = set(), set()
    for master in MASTERS + polish:  # the solutions and hidden tests of both editions
        inside = False
        for cell in _load(master)["cells"]:
            src = _src(cell)
            if cell["cell_type"] == "raw" and src.startswith("# BEGIN SOLUTION"):
                inside = True
            elif cell["cell_type"] == "raw" and src.startswith("# END SOLUTION"):
                inside = False
            elif inside:
                secrets.update(line.replace("# SOLUTION", "").strip() for line in src.splitlines())
            if '"""' in src and "hidden: true" in src:
                secrets.update(line.strip() for line in src.splitlines())
            elif '"""' in src and "hidden: false" in src:
                public.update(line.strip() for line in src.splitlines())
    secrets = {s for s in secrets - public if len(s) > 10}
    assert secrets
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for secret in secrets:
            assert secret not in text, f"{path.relative_to(out)} contains {secret!r}"


@pytest.mark.slow
def test_student_edition_runs_from_its_own_folder(tmp_path):
    """The edition's lessons and student copies are the repository's, byte for byte (nbval runs those
    in this same test run, and the student Binder rehearsal runs every student copy from an edition
    folder: tests/test_binder.py); from the edition's folder, the edition's own copy of gleap_data is
    the one imported, and a lesson and a student copy in each language pass nbval there."""
    import os
    import subprocess

    import student_edition

    root = Path(__file__).resolve().parents[1]
    out = student_edition.build(tmp_path / "student-edition")
    copied = sorted(p.relative_to(out) for p in out.rglob("*.ipynb"))
    expected = sorted(p.relative_to(root) for folder in ("notebooks", "exercises/student", "exercises/pl/student")
                      for p in (root / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert copied == expected
    assert len([p for p in copied if p.parts[0] == "exercises"]) == len(SET_NAMES) + len(masters(lang="pl"))
    changed = [p for p in copied + [q.relative_to(out) for q in (out / "gleap_data").rglob("*") if q.is_file()]
               if (out / p).read_bytes() != (root / p).read_bytes()]
    assert not changed, f"the edition's copies differ from the repository's: {changed}"
    env = dict(os.environ, PYTHONPATH=str(out))  # the edition's gleap_data before the installed one
    env.pop("PYTEST_ADDOPTS", None)
    probe = subprocess.run([sys.executable, "-c", "import gleap_data; print(gleap_data.__file__)"],
                           cwd=out, env=env, capture_output=True, text=True)
    assert Path(probe.stdout.strip()).is_relative_to(out), probe.stdout + probe.stderr
    some = ["notebooks/00_start_here.ipynb", f"exercises/student/{SET_NAMES[0]}.ipynb",
            sorted(str(p.relative_to(out)) for p in (out / "exercises" / "pl" / "student").glob("*.ipynb"))[0]]
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "--nbval-lax",
                          "--nbval-current-env", "-q", *some], cwd=out, env=env, capture_output=True, text=True,
                         timeout=900)
    report = run.stdout[-4000:] + run.stderr[-2000:]
    assert run.returncode == 0, f"nbval failed in the student edition:\n{report}"
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) >= 3 * 5, report


# ------------------------------------------------------------------ the teacher's guide and the lessons

RUBRICS = Path(__file__).resolve().parents[1] / "docs" / "teachers" / "rubrics.md"


def _rubric_sections():
    """``{(set, question): section text}`` from the headings "## Set `07_provinces`, q6: ..."."""
    text = RUBRICS.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^## ", text)[1:]
    out = {}
    for part in parts:
        match = re.match(r"Set `(\d\d_[a-z0-9_]+)`, (q\d+)\b", part)
        assert match, f"docs/teachers/rubrics.md: a section heading does not name a set and question: {part[:60]!r}"
        out[match.groups()] = part
    return out


def _master_rubric(master, question):
    """The rubric bullets ("- 1 point: ...") of a manual question's model answer, as (points, text)."""
    cells = _load(master)["cells"]
    for i, cell in enumerate(cells):
        src = _src(cell)
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN QUESTION") and f"name: {question}\n" in src + "\n":
            solution = next(_src(c) for c in cells[i + 1:] if c["cell_type"] == "markdown" and "**Rubric" in _src(c))
            return re.findall(r"(?m)^- (\d+) points?: (.+)$", solution[solution.index("**Rubric"):])
    raise AssertionError(f"{master.name}: no question {question}")


def test_every_written_question_has_its_rubric_in_the_teachers_guide():
    sections = _rubric_sections()
    manual = {(m.stem, q["name"]): (m, q) for m in MASTERS for q in questions(m) if q["manual"]}
    assert manual
    missing = sorted(set(manual) - set(sections))
    assert not missing, f"docs/teachers/rubrics.md has no rubric for {missing}"
    stale = sorted(set(sections) - set(manual))
    assert not stale, f"docs/teachers/rubrics.md has rubrics for questions that are not written questions: {stale}"
    for key, (master, q) in manual.items():
        bullets = _master_rubric(master, q["name"])
        assert bullets and sum(int(p) for p, _ in bullets) == q["points"], f"{key}: the master's rubric points"
        rows = re.findall(r"(?m)^\| (\d+) \| (.+) \|$", sections[key])
        assert sum(int(p) for p, _ in rows) == q["points"], f"rubrics.md {key}: the points do not add up to {q['points']}"
        for points, criterion in bullets:
            assert (points, criterion.replace("|", "/")) in rows, (
                f"rubrics.md {key}: the teacher's copy has the criterion {criterion!r} ({points}), the guide does not")


def test_every_lesson_names_its_student_exercise_file():
    root = Path(__file__).resolve().parents[1]
    for lesson in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = [_src(c) for c in _load(lesson)["cells"] if c["cell_type"] == "markdown"]
        pointer = next(c for c in cells if c.lstrip().lower().startswith("## exercises"))
        if lesson.name.startswith("00"):
            assert "exercises/student/" in pointer, "lesson 00 says where the exercise sets are"
            continue
        named = re.findall(r"exercises/student/(\d\d_[a-z0-9_]+)\.ipynb", pointer)
        wanted = [n for n in SET_NAMES if n[:2] == lesson.name[:2]]
        assert named == wanted, f"{lesson.name}: its Exercises section names {named}, not {wanted}"
        assert (STUDENT_DIR / f"{named[0]}.ipynb").is_file()
