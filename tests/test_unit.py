"""The unit as a teacher plans it: answers for every "Your turn", the unit plan, the assessment."""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import lesson_time as lt  # noqa: E402

LESSONS = lt.lessons()


def _section(text, heading):
    match = re.search(rf"(?ms)^{re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text)
    return match.group(1).strip() if match else None


def your_turns(path):
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return sum(1 for c in cells if c["cell_type"] == "markdown"
               for line in "".join(c["source"]).splitlines() if line.strip().lower() == "### your turn")


def answers_missing(lesson, page):
    """Problems with the page's "Your turn" answers: one bullet per "Your turn" (or one paragraph
    when the lesson has a single one)."""
    body = _section(page.read_text("utf-8"), "## Your turn: answers")
    if not body:
        return [f"{page.name}: no '## Your turn: answers' section"]
    n = your_turns(lesson)
    bullets = len(re.findall(r"(?m)^- \*\*", body))
    if n > 1 and bullets < n:
        return [f"{page.name}: {n} 'Your turn' tasks in {lesson.name} but {bullets} answers"]
    return []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_your_turn_has_an_answer_for_the_teacher(path):
    problems = answers_missing(path, lt.TEACHERS / f"{path.stem}.md")
    assert not problems, "\n".join(problems)


def test_a_page_without_the_answers_is_caught(tmp_path):
    lesson = next(p for p in LESSONS if your_turns(p) == 2)
    page = tmp_path / "page.md"
    page.write_text("## Plan\n\n## Your turn: answers\n\n- **One.** An answer.\n\n## Misconceptions\n", "utf-8")
    assert answers_missing(lesson, page)
    page.write_text("## Plan\n\n## Misconceptions\n", "utf-8")
    assert answers_missing(lesson, page)
