"""Keep the expected answers out of the student copies.

The public self-checks of an exercise master travel inside the student notebook (otter puts them in
its metadata), so they must not hold the expected values. Each public check of a computed answer
calls ``close_digest(value, [digests], tolerance, "qN", hint)`` (``gleap_data.selfcheck``): the
digests are made from the expected value, which lives only in the question's hidden test
(``close(value, expected, tolerance, ...)`` or ``year(...) != expected``), and the hidden tests stay
in the masters, the teacher's copies and the autograder zips.

    python tools/answer_digests.py           # (re)write the digests of every English master
    python tools/answer_digests.py --check   # exit 1 if a public check holds a value or stale digests

A public ``close(value, <number>, tolerance, ...)`` is turned into ``close_digest`` the first time.
After changing a hidden test's expected value, run this, then `make translations` (the Polish
masters copy the code) and `python -m exercises.tools.assign --refresh-student`.
tests/test_student_copies.py checks the masters with ``--check``'s function and greps every student
copy for every expected value.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from gleap_data.selfcheck import answer_digests  # noqa: E402

IMPORT = "from gleap_data.selfcheck import "


def _src(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _number(node):
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    return value if type(value) in (int, float) else None


def test_cells(nb) -> list[tuple[str, bool, int]]:
    """(question, hidden, cell index) of every test cell of a master."""
    found, question = [], None
    for i, cell in enumerate(nb["cells"]):
        text = _src(cell)
        if cell["cell_type"] == "raw" and text.startswith("# BEGIN QUESTION"):
            question = re.search(r"(?m)^name:\s*(\S+)", text).group(1)
        elif cell["cell_type"] == "code" and "# BEGIN TEST CONFIG" in text:
            found.append((question, bool(re.search(r"(?m)^hidden:\s*true", text)), i))
    return found


def expected_values(nb) -> dict[str, list]:
    """{question: [(expected, tolerance or None), ...]} read from the hidden tests: numbers from
    ``close(v, expected, tolerance, ...)`` and ``year(...) != expected`` (tolerance 0.5), texts
    from ``text(...) != "x"`` and ``same_texts(v, [...], ...)``."""
    out: dict[str, list] = {}
    for question, hidden, i in test_cells(nb):
        if not hidden:
            continue
        for node in ast.walk(ast.parse(_src(nb["cells"][i]))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "close" and _number(node.args[1]) is not None:
                    out.setdefault(question, []).append((_number(node.args[1]), _number(node.args[2])))
                elif node.func.id == "same_texts":
                    out.setdefault(question, []).append((ast.literal_eval(node.args[1]), None))
            elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.NotEq):
                right = node.comparators[0]
                left = node.left.func.id if isinstance(node.left, ast.Call) and isinstance(node.left.func, ast.Name) else (
                    node.left.func.value.func.id if isinstance(node.left, ast.Call) and isinstance(node.left.func, ast.Attribute)
                    and isinstance(node.left.func.value, ast.Call) and isinstance(node.left.func.value.func, ast.Name) else None)
                if left == "year" and _number(right) is not None:
                    out.setdefault(question, []).append((_number(right), 0.5))
                elif left == "text" and isinstance(right, ast.Constant) and isinstance(right.value, str):
                    out.setdefault(question, []).append((right.value, None))
    return out


def _rewrite(source: str, question: str, expected: list) -> str:
    """The public test ``source`` with every ``close``/``close_digest`` call holding digests of the
    hidden expected value instead of a value."""
    numbers = [(e, t) for e, t in expected if type(e) in (int, float) and t is not None]
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def pos(lineno, col):  # ast columns count UTF-8 bytes
        line = lines[lineno - 1]
        return offsets[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8"))

    edits = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("close", "close_digest") and len(node.args) == 5):
            if not numbers:
                raise SystemExit(f"{question}: a public check compares a value, but no hidden test gives one")
            value, tolerance = numbers[0]
            public_tolerance = _number(node.args[2])
            digests = answer_digests(value, public_tolerance if public_tolerance is not None else tolerance, question)
            arg = node.args[1]
            edits.append((pos(arg.lineno, arg.col_offset), pos(arg.end_lineno, arg.end_col_offset), repr(digests)))
            edits.append((pos(node.func.lineno, node.func.col_offset), pos(node.func.end_lineno, node.func.end_col_offset),
                          "close_digest"))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    if "close_digest(" in source:
        source = re.sub(r"(?m)^(\s*)" + re.escape(IMPORT) + r"(.*)$",
                        lambda m: m.group(1) + IMPORT + ", ".join(sorted(
                            set(n.strip() for n in m.group(2).split(",")) | {"close_digest"},
                            key=lambda n: (n != "NotYet", n))), source)
    return source


def refresh(path: Path, write: bool = True) -> list[str]:
    """Rewrite the public checks of one master; the list of questions whose checks changed."""
    nb = json.loads(path.read_text("utf-8"))
    expected = expected_values(nb)
    changed = []
    for question, hidden, i in test_cells(nb):
        if hidden:
            continue
        old = _src(nb["cells"][i])
        new = _rewrite(old, question, expected.get(question, []))
        if new != old:
            changed.append(question)
            nb["cells"][i]["source"] = new
    if write and changed:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return changed


def masters(root: Path = ROOT) -> list[Path]:
    return sorted((root / "exercises").glob("[0-9][0-9]_*.ipynb"))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stale = {}
    for path in masters():
        changed = refresh(path, write="--check" not in argv)
        if changed:
            stale[path.relative_to(ROOT)] = changed
    for path, questions in stale.items():
        print(f"{path}: {', '.join(questions)}" + (" hold a value or stale digests" if "--check" in argv else " rewritten"))
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main())
