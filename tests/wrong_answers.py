"""Wrong but well-formed answers for every automatic question, scored as `make grade` scores them.

Used by tests/test_exercises.py (English sets) and tests/test_exercises_pl.py (Polish sets).

No answer is written down by hand: the candidates come from the literals of the question's own
tests (the expected value, the allowed choices, the range) and small changes to them (a year
either side, the number times 1.5, the other choices, a list with one name missing). Each
candidate is scored with the autograder zip's tests, by the same code as grading
(``exercises/tools/_grade_one.py``). A candidate that passes every test is a right answer; any
other is wrong, and it is *well-formed* when it is of the same kind (a number, a text, a list of
texts) as a right one. A wrong answer must score 0, a right one the question's points.
"""
from __future__ import annotations

import ast
import zipfile
from pathlib import Path


def _literals(source: str):
    """Numbers, short texts and lists of texts written in a test file's code."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            if type(node.operand.value) in (int, float):
                yield -node.operand.value
        elif isinstance(node, ast.Constant):
            v = node.value
            if type(v) in (int, float) or (type(v) is str and 0 < len(v) <= 40 and "\n" not in v):
                yield v
        elif isinstance(node, ast.List) and node.elts and all(
                isinstance(e, ast.Constant) and type(e.value) is str for e in node.elts):
            yield [e.value for e in node.elts]


def candidates(source: str) -> list:
    """Answers to try: the test's literals and small changes to them."""
    found = []
    for v in _literals(source):
        if type(v) in (int, float):
            found += [v, v + 1, v - 1, v * 1.5, v * 0.5, -v, v + 0.5]
            if type(v) is float:
                found += [int(round(v)) + 1]
        elif type(v) is str:
            found += [v, v.upper(), v.lower()]
        else:
            found += [v, v[:-1], v + ["x"], [v[0]]]
    unique, seen = [], set()
    for v in found:
        key = (type(v).__name__, repr(v))
        if key not in seen and v != []:
            seen.add(key)
            unique.append(v)
    return unique


def kind(v) -> str:
    return "number" if type(v) in (int, float) else "text" if type(v) is str else "texts"


def test_sources(zip_path: Path) -> dict[str, str]:
    """``{question: test file source}`` from an autograder zip."""
    with zipfile.ZipFile(zip_path) as z:
        return {n[len("tests/"):-3]: z.read(n).decode("utf-8")
                for n in z.namelist() if n.startswith("tests/") and n.endswith(".py")}


def score(source: str, question: str, answer) -> tuple[float, float, bool, bool]:
    """``(score, possible, passed every test, passed every public test)`` as grading computes it."""
    from otter.test_files.exception_test import ExceptionTestFile

    test_file = ExceptionTestFile.from_string(source, path=f"tests/{question}.py")
    test_file.run({question: answer})
    return (float(test_file.score), float(test_file.possible), test_file.passed_all,
            test_file.passed_all_public)


def problems_with_wrong_answers(zip_path: Path, auto_questions: list[str]) -> tuple[list[str], dict]:
    """Every question's wrong answers that earn points, and its right answers that do not.

    Also returns ``{question: (number of well-formed wrong answers, of which pass the public
    self-check)}``, so a test can see that each question was really tried."""
    sources = test_sources(zip_path)
    problems, tried = [], {}
    for q in auto_questions:
        source = sources[q]
        results = [(v, *score(source, q, v)) for v in candidates(source)]
        right = [r for r in results if r[3]]
        kinds = {kind(r[0]) for r in right}
        wrong = [r for r in results if not r[3] and kind(r[0]) in kinds]
        if not right:
            problems.append(f"{q}: no right answer found among the tests' literals")
        if not wrong:
            problems.append(f"{q}: no well-formed wrong answer to try")
        for v, got, possible, _, public in wrong:
            if got != 0:
                problems.append(f"{q} = {v!r} (wrong{', passes the self-check' if public else ''}) "
                                f"scores {got:g} of {possible:g}")
        for v, got, possible, _, _ in right:
            if got != possible or possible <= 0:
                problems.append(f"{q} = {v!r} (right) scores {got:g} of {possible:g}")
        tried[q] = (len(wrong), sum(1 for r in wrong if r[4]))
    return problems, tried
