"""The pandas and Python tools each lesson teaches, and the check that every exercise solution uses
only those (tests/test_solution_tools.py).

A lesson teaches a tool when its core path (before "Going further") runs it in a code cell or names
it in backticks in its text (for example `.min()`). An exercise set may also teach a tool by naming it
in its own text. A solution may use the tools of its lesson and of every earlier lesson, and plain
Python arithmetic, names and numbers, which are not counted as tools.

    python tools/lesson_tools.py            # print the list, lesson by lesson
    python tools/lesson_tools.py --check    # list every solution line that uses an untaught tool

What counts as a tool (read from the code with Python's own parser, `ast`): each method or attribute
(`.loc`, `.sum`, `.str`), each function called by name (`int()`, `len()`), and these forms:
`[mask]` (rows selected with a condition inside square brackets), `& |` (conditions combined),
`[a:b]` (a slice), `[[cols]]` (a list of columns), `[a, b]` (a row and a column), `[key]` (one
column or one label), a comprehension, a loop, `if`, `lambda`.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
# The package's own names are not pandas or Python tools: `gd.load`, `gd.show`, `gd.charts.x`, ...
# are taught wherever they are used, and each set names the gd function it needs.
PACKAGE_NAMES = {"gd"}


def _src(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _package_attributes(tree) -> set[str]:
    """Attributes read from the package (gd.load, gd.charts.timeline): not counted as tools."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            base = node
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in PACKAGE_NAMES:
                skip.add(id(node))
    return skip


def tools(code: str) -> set[str]:
    """The tools a piece of Python uses (see the module's docstring)."""
    code = re.sub(r"(?m)^\s*[%!].*$", "", code)  # IPython magics
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return {"<not Python>"}
    package = _package_attributes(tree)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if id(node) not in package:
                found.add("." + node.attr)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found.add(node.func.id + "()")
        elif isinstance(node, ast.Subscript):
            index = node.slice
            if isinstance(index, ast.Compare) or (isinstance(index, ast.BinOp)
                                                  and isinstance(index.op, (ast.BitAnd, ast.BitOr))):
                found.add("[mask]")
            elif isinstance(index, ast.List):
                found.add("[[cols]]")
            elif isinstance(index, ast.Tuple):
                found.add("[a, b]")
            elif isinstance(index, ast.Slice):
                found.add("[a:b]")
            else:
                found.add("[key]")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            found.add("& |")
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            found.add("comprehension")
        elif isinstance(node, (ast.For, ast.While)):
            found.add("loop")
        elif isinstance(node, (ast.If, ast.IfExp)):
            found.add("if")
        elif isinstance(node, ast.Lambda):
            found.add("lambda")
    return found


def named_in_text(markdown: str) -> set[str]:
    """Tools named in backticks in a text: `.min()`, `int()`, `employment.loc[1957]`."""
    found = set()
    for span in re.findall(r"`([^`\n]+)`", markdown):
        if re.search(r"[/\\]|\.(ipynb|py|csv|md|json)\b", span):
            continue  # a file name, not code
        parsed = tools("x" + span if span.startswith(".") else span)
        if "<not Python>" not in parsed:
            found |= parsed
        elif "gd." not in span:
            found |= {"." + a for a in re.findall(r"\.([A-Za-z_]\w*)", span)}
    return found


def _core(path: Path) -> list[dict]:
    kept = []
    for cell in json.loads(path.read_text("utf-8"))["cells"]:
        text = _src(cell)
        if cell["cell_type"] == "markdown" and text.lstrip().lower().startswith("## going further"):
            break
        kept.append(cell)
    return kept


def lesson_paths(root: Path = ROOT) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def taught_by_lesson(path: Path) -> set[str]:
    found = set()
    for cell in _core(path):
        text = _src(cell)
        found |= tools(text) if cell["cell_type"] == "code" else named_in_text(text)
    return found


def taught_up_to(number: str, root: Path = ROOT) -> set[str]:
    found = set()
    for path in lesson_paths(root):
        if path.stem[:2] <= number:
            found |= taught_by_lesson(path)
    return found


def solution_lines(path: Path) -> list[tuple[int, str]]:
    """(cell number, line) of every solution line of an exercise master."""
    lines = []
    for i, cell in enumerate(json.loads(path.read_text("utf-8"))["cells"]):
        if cell["cell_type"] != "code":
            continue
        for line in _src(cell).splitlines():
            if "# SOLUTION" in line:
                lines.append((i, line.split("# SOLUTION")[0].rstrip()))
    return lines


def set_text(path: Path) -> str:
    return "\n".join(_src(c) for c in json.loads(path.read_text("utf-8"))["cells"] if c["cell_type"] == "markdown")


def untaught(path: Path, root: Path = ROOT) -> list[tuple[int, str, list[str]]]:
    """(cell, line, tools) for every solution line of an exercise master that uses a tool neither
    its lesson, nor an earlier lesson, nor the set itself teaches."""
    allowed = taught_up_to(path.stem[:2], root) | named_in_text(set_text(path))
    problems = []
    for cell, line in solution_lines(path):
        extra = sorted(tools(line) - allowed)
        if extra:
            problems.append((cell, line.strip(), extra))
    return problems


def masters(root: Path = ROOT) -> list[Path]:
    return sorted((root / "exercises").glob("[0-9][0-9]_*.ipynb"))


def table() -> str:
    rows = ["| lesson | tools it teaches (new in this lesson) |", "|---|---|"]
    seen: set[str] = set()
    for path in lesson_paths():
        new = sorted(taught_by_lesson(path) - seen)
        seen |= set(new)
        rows.append(f"| {path.stem[:2]} | " + (", ".join(f"`{t}`" for t in new) or "–") + " |")
    return "\n".join(rows)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--check" in argv:
        bad = 0
        for path in masters():
            for cell, line, extra in untaught(path):
                bad += 1
                print(f"{path.relative_to(ROOT)} cell {cell}: {line}  <- not taught: {', '.join(extra)}")
        print(f"{bad} solution line(s) use untaught tools")
        return 1 if bad else 0
    print(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
