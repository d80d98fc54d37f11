"""tools/lesson_tools.py: the tools each lesson teaches, and the check of exercise solutions
against them: every solution line of every master (English and Polish) may use only the tools of its
lesson, of an earlier lesson, or named in its own set's text (seen failing with the 18 lines that
used masks, .iloc, .str.contains, .fillna, .tolist, .corr and int() before they were rewritten)."""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
import lesson_tools as lt  # noqa: E402


def test_the_parser_names_the_tools_a_line_uses():
    assert lt.tools('steel[(steel["year"] == 1958) & (steel["m"] == "a")]["v"].iloc[0]') >= {"[mask]", "& |", ".iloc"}
    assert lt.tools('employment.loc[1952:1962, "primary"].idxmin()') == {".loc", "[a, b]", ".idxmin"}
    assert lt.tools("gd.excess_deaths(baseline=1957)") == set()
    assert lt.named_in_text("use `.min()` and open `exercises/student/01_labour.ipynb`") == {".min"}


def test_lessons_teach_the_table_tools_in_order():
    assert {".loc", ".set_index", ".sum", ".idxmin", ".min", ".max"} <= lt.taught_up_to("01")
    assert ".query" not in lt.taught_up_to("01") and ".query" in lt.taught_up_to("02")


def test_a_solution_with_an_untaught_tool_is_caught(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# 01 set"},
             {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": 'q1 = t[t["year"] == 1958]["v"].iloc[0] # SOLUTION\nq2 = t.loc[1958, "v"] # SOLUTION'}]
    path = tmp_path / "01_x.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "utf-8")
    found = lt.untaught(path)
    assert [line for _, line, _ in found] == ['q1 = t[t["year"] == 1958]["v"].iloc[0]']
    assert set(found[0][2]) == {"[mask]", ".iloc"}


def test_every_solution_uses_only_the_tools_its_lesson_or_an_earlier_one_teaches():
    masters = lt.masters() + sorted((ROOT / "exercises" / "pl").glob("[0-9][0-9]_*.ipynb"))
    assert len(masters) == 16
    problems = [f"{path.relative_to(ROOT)} cell {cell}: {line}  <- not taught: {', '.join(extra)}"
                for path in masters for cell, line, extra in lt.untaught(path)]
    assert not problems, "solutions use tools no lesson up to theirs teaches:\n" + "\n".join(problems)
