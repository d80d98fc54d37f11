"""What a student's kernel needs: the self-checks run without otter-grader (otter writes the sets and
the teacher grades with it; a student's kernel only reads the public tests in the notebook)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gleap_data import selfcheck

ROOT = Path(__file__).resolve().parents[1]
STUDENT_COPIES = sorted((ROOT / "exercises" / "student").glob("*.ipynb")) + sorted(
    (ROOT / "exercises" / "pl" / "student").glob("*.ipynb"))


def _tests(path: Path) -> dict[str, str]:
    return json.loads(path.read_text("utf-8"))["metadata"]["otter"]["tests"]


def test_there_are_student_copies_with_public_tests():
    assert len(STUDENT_COPIES) >= 16
    assert all(_tests(p) for p in STUDENT_COPIES)


@pytest.mark.parametrize("path", STUDENT_COPIES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_public_tests_read_as_otter_reads_them(path):
    """The same cases, in the same order, with the same messages, as otter's own parser."""
    from otter.test_files.exception_test import ExceptionTestFile

    for question, source in _tests(path).items():
        ours = selfcheck.public_test_cases(source, question)
        theirs = ExceptionTestFile.from_metadata(source, path.name).test_cases
        assert [(f.__name__, message) for f, message in ours] == \
            [(c.body.test_func.__name__, c.failure_message) for c in theirs], f"{path.name} {question}"


# A kernel in which `import otter` fails: every check of every student copy still answers in plain words.
_NO_OTTER = r'''
import json, sys
sys.modules["otter"] = None          # `import otter` (and otter.anything) now raises ImportError
import gleap_data.selfcheck as sc

said = {}
for path in json.loads(sys.argv[1]):
    tests = json.load(open(path, encoding="utf-8"))["metadata"]["otter"]["tests"]
    for question in tests:
        checker = sc.Checker.__new__(sc.Checker)
        checker.notebook, checker._tests = None, tests
        for label, value in (("unanswered", ...), ("a string", "abc"), ("None", None)):
            sc._ipython = lambda: type("IP", (), {"user_ns": {question: value}, "last_execution_succeeded": True})()
            said[f"{path} {question} {label}"] = checker.result(question)
print(json.dumps({"said": said, "otter_loaded": any(m.startswith("otter") and sys.modules[m] is not None
                                                    for m in sys.modules)}))
'''


def test_self_checks_run_in_a_kernel_without_otter():
    done = subprocess.run([sys.executable, "-c", _NO_OTTER, json.dumps([str(p) for p in STUDENT_COPIES])],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert not out["otter_loaded"]
    assert len(out["said"]) >= 3 * 16
    for where, (status, message) in out["said"].items():
        assert status == "wrong", f"{where}: {status} {message}"
        for word in ("otter", "Traceback", "ImportError", "ModuleNotFoundError", "def test_"):
            assert word not in message, f"{where}: {message}"
