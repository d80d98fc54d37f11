"""Grade ONE submitted notebook; run by exercises/tools/grade.py in a child process.

Not for direct use. The parent starts this script with ``python -I`` (so the scratch folder is not
on ``sys.path``), inside a scratch folder that holds only the notebook copy and the set's
autograder zip, with HOME pointed there, a memory limit (RLIMIT_AS, inherited by the kernel) and a
time limit enforced from outside. It

1. reads the tests from the autograder zip into memory and deletes the zip, so the student's code
   never sees the hidden tests through a relative path;
2. runs the notebook in a fresh kernel (errors in cells do not stop it), then one extra cell that
   prints the answers ``q1``, ``q2``, ... as JSON, keeping only plain values of an exact type
   (int, float, numpy numbers, str, lists/tuples of these); anything else is sent as "unsupported";
3. runs the tests HERE, outside the student's kernel, on those plain values: whatever the
   submission did to ``grader``, otter or builtins inside its kernel cannot change the score;
4. writes one JSON result to the file descriptor given by ``--result-fd`` (a pipe the kernel does
   not inherit).

Each cell has its own time limit (``--cell-timeout``). A cell that runs longer is interrupted
(the kernel gets Ctrl-C) and the notebook goes on with the next cell, so an endless loop costs the
question whose cell loops, not the later answers. The cells that ran out are reported with the
answers they set.

Result: {"status": "graded" | "out of memory" | "crashed", "scores": {q: [score, possible]},
         "timed_out": [{"cell": n, "sets": [q, ...]}, ...]}; a crash also carries
         "reason" (one of ``CRASH_REASONS``) and "detail" (the error, for the teacher's words that
         grade.py writes in the set's language).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile

MARKER = "GLEAP-ANSWERS:"
# Why grading a file can fail that is not the student's answer (grade.py words each for the teacher):
#   kernel-start  the notebook's kernel did not start, or did not answer, within the start limit
#   kernel-died   the kernel died while a cell ran (the notebook ended it, or it ran out of memory)
#   grader-error  an error in the grading tools themselves (a test file that cannot be read, ...)
CRASH_REASONS = ("kernel-start", "kernel-died", "grader-error")
DEFAULT_KERNEL_START_TIMEOUT = 60  # s, as nbclient's default; grade.py passes its own
TIMEOUT_NAME = "GleapCellTimeout"  # the error nbclient records for a cell stopped at its time limit
# q4 = ..., q2 = q3 = ..., while q4 < 100: q4 = q4 * 2, q4 += 1 (not q4 == 1, not x.q4 = 1)
ASSIGNS = re.compile(r"(?<![\w.])(q\d+)\s*(?://|\*\*|>>|<<|[-+*/%@&|^])?=(?!=)")


def answers_set_by(source: str) -> list[str]:
    """The answers (q1, q2, ...) a cell assigns."""
    return list(dict.fromkeys(ASSIGNS.findall(source)))

DUMP_CELL = r'''
def __gleap_dump(names):
    import json as _json
    try:
        import numpy as _np
        _ints = (_np.int8, _np.int16, _np.int32, _np.int64, _np.uint8, _np.uint16, _np.uint32, _np.uint64)
        _floats = (_np.float16, _np.float32, _np.float64)
    except Exception:
        _ints, _floats = (), ()
    def enc(v, depth=0):
        t = type(v)
        if v is None or t is bool or t is str:
            return v
        if t is int or t in _ints:
            return {"int": str(int(v))}
        if t is float or t in _floats:
            return {"float": repr(float(v))}
        if v is Ellipsis:
            return {"ellipsis": True}
        if t in (list, tuple) and depth == 0 and len(v) <= 1000:
            return {t.__name__: [enc(x, 1) for x in v]}
        return {"unsupported": True}
    g = globals()
    out = {}
    for n in names:
        if n in g:
            try:
                out[n] = enc(g[n])
            except Exception:
                out[n] = {"unsupported": True}
    return _json.dumps(out)
print("%s" + __gleap_dump(%r))
'''


class Unsupported:
    """Stands for an answer that was not a plain value; every check refuses it."""

    def __repr__(self):
        return "an answer that is not a plain value"


def decode(v):
    if not isinstance(v, dict):
        return v
    if "int" in v:
        return int(v["int"])
    if "float" in v:
        return float(v["float"])
    if "ellipsis" in v:
        return Ellipsis
    if "list" in v:
        return [decode(x) for x in v["list"]]
    if "tuple" in v:
        return tuple(decode(x) for x in v["tuple"])
    return Unsupported()


def load_tests(zip_path: str) -> dict:
    from otter.test_files.exception_test import ExceptionTestFile

    tests = {}
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            name = info.filename
            if name.startswith("tests/") and name.endswith(".py"):
                q = name[len("tests/"):-3]
                tests[q] = ExceptionTestFile.from_string(z.read(name).decode("utf-8"), path=name)
    return tests


def answers_from(nb) -> dict | None:
    last = nb.cells[-1]
    for out in last.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            for line in out.get("text", "").splitlines():
                if line.startswith(MARKER):
                    try:
                        raw = json.loads(line[len(MARKER):])
                    except ValueError:
                        return None
                    return {k: decode(v) for k, v in raw.items() if isinstance(k, str)}
    return None


def ran_out_of_memory(nb) -> bool:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") == "MemoryError":
                return True
    return False


def _first_line(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {first}".rstrip(": ")


def crash(exc: BaseException) -> dict:
    """The result for an error that stopped the grading of a notebook (not a wrong answer)."""
    text = str(exc)
    # jupyter_client's KernelClient.wait_for_ready, called by nbclient while the kernel starts
    if isinstance(exc, RuntimeError) and ("Kernel didn't respond" in text or "before replying to kernel_info" in text):
        return {"status": "crashed", "reason": "kernel-start", "detail": _first_line(exc)}
    from nbclient.exceptions import DeadKernelError

    if isinstance(exc, DeadKernelError):
        return {"status": "crashed", "reason": "kernel-died", "detail": _first_line(exc)}
    return {"status": "crashed", "reason": "grader-error", "detail": _first_line(exc)}


def grade(notebook: str, zip_path: str, questions: list[str], cell_timeout: int,
          kernel_start_timeout: int = DEFAULT_KERNEL_START_TIMEOUT) -> dict:
    import nbclient
    import nbformat
    from nbclient.exceptions import DeadKernelError

    import gleap_data.selfcheck  # noqa: F401  (the tests import it; load it before any student code runs)

    tests = load_tests(zip_path)
    os.remove(zip_path)
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nb.cells.append(nbformat.v4.new_code_cell(DUMP_CELL % (MARKER, questions)))
    timed_out = []

    def note_timeout(cell, cell_index, execute_reply):
        if (execute_reply or {}).get("content", {}).get("ename") == TIMEOUT_NAME:
            timed_out.append({"cell": cell_index, "sets": answers_set_by(cell.source), "source": cell.source[:200]})

    client = nbclient.NotebookClient(
        nb, timeout=cell_timeout, kernel_name="python3", allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMEOUT_NAME, "evalue": f"stopped after {cell_timeout} s", "traceback": []},
        on_cell_executed=note_timeout, startup_timeout=kernel_start_timeout,
        resources={"metadata": {"path": os.getcwd()}},
    )
    try:
        client.execute()
    except DeadKernelError as exc:
        if ran_out_of_memory(nb):
            return {"status": "out of memory"}
        return crash(exc)
    except MemoryError:
        return {"status": "out of memory"}
    if ran_out_of_memory(nb):
        return {"status": "out of memory"}
    answers = answers_from(nb) or {}
    stopped = {q for t in timed_out for q in t["sets"]}
    scores = {}
    for q in questions:
        test_file = tests.get(q)
        if test_file is None:
            continue
        # The cell that sets a stopped answer did not finish: whatever value it left is not an answer.
        env = {q: None if q in stopped else answers.get(q)}
        test_file.run(env)
        scores[q] = [0.0 if q in stopped else float(test_file.score), float(test_file.possible)]
    return {"status": "graded", "scores": scores, "timed_out": timed_out}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notebook", required=True)
    parser.add_argument("--zip", required=True)
    parser.add_argument("--questions", required=True, help="JSON list of automatic question names")
    parser.add_argument("--cell-timeout", type=int, default=30, help="seconds allowed per cell")
    parser.add_argument("--kernel-start-timeout", type=int, default=DEFAULT_KERNEL_START_TIMEOUT,
                        help="seconds the kernel may take to start")
    parser.add_argument("--result-fd", type=int, required=True)
    args = parser.parse_args()
    try:
        result = grade(args.notebook, args.zip, json.loads(args.questions), args.cell_timeout,
                       args.kernel_start_timeout)
    except MemoryError:
        result = {"status": "out of memory"}
    except Exception as exc:  # reported in the CSV; the parent goes on with the next file
        result = crash(exc)
    with os.fdopen(args.result_fd, "w") as f:
        f.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
