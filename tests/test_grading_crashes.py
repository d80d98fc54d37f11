"""A `crashed` row always says why, in words a teacher understands, in the set's language
(exercises/tools/grade.py, ``CRASHED``). Real crashes are planted: a notebook whose kernel dies,
and one that ends the grading process itself; each is graded by `make grade`'s own code path
(grade.main) in English set 05 and Polish set 05. The 300-submission benchmark once lost a crash's
reason (BENCHMARKS.md, "Grading a year group"): these rows must carry it."""
from __future__ import annotations

import csv
import json
import signal

import pytest

from exercises.tools import _grade_one, assign, grade
from exercises.tools._common import masters, out_dir

SETS = {"en": "05_counting", "pl": "05_liczenie"}
# a cell that ends the kernel's Python at once (the kernel dies: nbclient's DeadKernelError)
KERNEL_DIES = "import os\nos._exit(3)"
# a cell that ends the grading process that runs the notebook (its parent): no result comes back
GRADER_KILLED = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"


@pytest.fixture(scope="module")
def set05(tmp_path_factory):
    """Set 05 in both languages, assigned once (no solution run: only the zips are needed)."""
    out = tmp_path_factory.mktemp("assign05") / "exercises"
    teachers = {}
    for lang, name in SETS.items():
        master = masters([name], lang="all")[0]
        assign.assign_one(master, out_dir(out, master).parent, run_tests=False)
        teachers[lang] = json.loads((out_dir(out, master) / "teacher" / f"{name}.ipynb").read_text("utf-8"))
    return out, teachers


def _planted(nb: dict, code: str) -> dict:
    """The teacher's copy (every answer right) with ``code`` as a cell after q1's."""
    nb = json.loads(json.dumps(nb))
    at = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
              and "".join(c["source"]).lstrip().startswith("q1 = "))
    nb["cells"].insert(at + 1, {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                "source": code})
    return nb


@pytest.mark.slow  # assigns set 05 in both languages and runs four notebooks (about 20-90 s here)
def test_a_crashed_row_says_why_in_the_sets_language(set05, tmp_path):
    built, teachers = set05
    subs = tmp_path / "submissions"
    for lang, name in SETS.items():
        for student, code in (("dies", KERNEL_DIES), ("killer", GRADER_KILLED)):
            target = subs / f"{lang}_{student}" / f"{name}.ipynb"
            target.parent.mkdir(parents=True)
            assign.write_nb(_planted(teachers[lang], code), target)
    out = tmp_path / "grades.csv"
    assert grade.main(["--submissions", str(subs), "--out", str(out), "--autograders", str(built),
                       "--workers", "2", "-q"]) == 0
    with out.open(newline="", encoding="utf-8") as f:
        by = {r["student"]: r for r in csv.DictReader(f)}
    assert sorted(by) == ["en_dies", "en_killer", "pl_dies", "pl_killer"], by  # one row for each file
    expected = {
        "en_dies": grade.crashed("kernel-died", "en"),
        "pl_dies": grade.crashed("kernel-died", "pl"),
        "en_killer": grade.crashed("killed", "en", signal=f"{int(signal.SIGKILL)}, SIGKILL"),
        "pl_killer": grade.crashed("killed", "pl", signal=f"{int(signal.SIGKILL)}, SIGKILL"),
    }
    for student, status in expected.items():
        assert by[student]["status"] == status, (student, by[student]["status"])
        assert by[student]["set"] == SETS[student[:2]] and by[student]["score"] == ""
    assert "kernel died" in by["en_dies"]["status"] and "jądro Pythona" in by["pl_dies"]["status"]
    assert "SIGKILL" in by["en_killer"]["status"] and "przerwane" in by["pl_killer"]["status"]


def test_every_crash_reason_has_words_in_both_languages():
    """Every reason the grading child or grade.py can give has a sentence in English and Polish,
    with its facts filled in (a limit, a signal, the error), and nothing left as a placeholder."""
    facts = {"limit": 60, "signal": "9, SIGKILL", "code": 1, "detail": "ValueError: bad"}
    assert set(_grade_one.CRASH_REASONS) <= set(grade.CRASH_REASONS)
    for reason in grade.CRASH_REASONS:
        en, pl = grade.crashed(reason, "en", **facts), grade.crashed(reason, "pl", **facts)
        assert en.startswith("crashed: ") and pl.startswith("crashed: ") and en != pl, reason
        assert "{" not in en + pl, reason
    assert "60 s" in grade.crashed("kernel-start", "pl", limit=60)
    assert "ValueError: bad" in grade.crashed("grader-error", "en", detail="ValueError: bad")


def test_the_grading_child_names_a_kernel_that_did_not_start():
    """jupyter_client's own errors while the kernel starts (KernelClient.wait_for_ready) become
    kernel-start; nbclient's dead kernel becomes kernel-died; anything else is the tools' error."""
    from nbclient.exceptions import DeadKernelError

    assert _grade_one.crash(RuntimeError("Kernel didn't respond in 60 seconds"))["reason"] == "kernel-start"
    assert _grade_one.crash(RuntimeError("Kernel died before replying to kernel_info"))["reason"] == "kernel-start"
    assert _grade_one.crash(DeadKernelError("Kernel died"))["reason"] == "kernel-died"
    other = _grade_one.crash(KeyError("tests/q1.py"))
    assert other["reason"] == "grader-error" and "KeyError" in other["detail"]


def test_a_grading_process_that_gives_no_result_is_reported_with_its_error():
    """The error line of the child's output is kept (not a warning printed after it)."""
    lines = ["Traceback (most recent call last):", '  File "x.py", line 1', "ValueError: the zip is damaged",
             "  warnings.warn(", "FutureWarning: inplace is deprecated"]
    assert grade._last_error(lines) == grade._last_error(lines[:3]) == "ValueError: the zip is damaged"
    assert grade._last_error([]) == "none"


@pytest.mark.parametrize("lang,name,expected", [
    ("pl", "05_liczenie", ["not a notebook: niepoprawny JSON (wiersz 1)", "not a notebook: plik .txt",
                           "not a notebook: plik bez rozszerzenia"]),
    ("en", "05_counting", ["not a notebook: not valid JSON (line 1)", "not a notebook: .txt file",
                           "not a notebook: no extension"])])
def test_rows_about_a_file_are_worded_in_its_sets_language(tmp_path, lang, name, expected):
    """A file that is not a notebook, handed in for a Polish set (its name says which), gets its
    reason in Polish after the English code that the gradebook sorts by; an English set's in English."""
    subs = tmp_path / "subs"
    (subs / "ala").mkdir(parents=True)
    (subs / "ala" / f"{name}.ipynb").write_text("{ not json", encoding="utf-8")
    (subs / "ala" / f"{name}.txt").write_text("odpowiedzi", encoding="utf-8")
    (subs / "ala" / name).write_text("odpowiedzi", encoding="utf-8")
    got = sorted(r["status"] for p in grade.find_submissions(subs)
                 for r in grade.grade_file(p, subs, grade.Autograders(tmp_path / "zips")))
    assert got == sorted(expected)


def test_a_timeout_is_worded_in_the_sets_language():
    assert grade._words("timeout-question", "pl", question="q4", limit=30) == (
        "komórka, która ustawia q4, działała ponad 30 s i została zatrzymana (nieskończona pętla?); "
        "dalsze odpowiedzi i tak zostały ocenione")
    assert grade._words("timeout-notebook", "en", limit=120).startswith("the notebook ran over 120 s in all")
