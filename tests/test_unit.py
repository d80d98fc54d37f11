"""The unit as a teacher plans it: answers for every "Your turn", the unit plan, the assessment."""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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


UNIT_PAGES = {  # English page: what it must hold (its Polish translation is checked the same way)
    "unit-plan.md": ["## The enquiry question", "## The lessons, and what each adds to the answer",
                     "## A shorter unit", "## Homework slots"],
    "assessment.md": ["## The sources", "## The questions", "## Mark scheme",
                      "## Exemplar answers to question 4", "## A matura-style variant (Polish edition)"],
    "sensitive-moments.md": ["## Denial of the famine", "## Students with family links to the events",
                             "## Political sensitivity"],
}


def _polish(page):
    import tomllib
    files = tomllib.loads((ROOT / "locales" / "editions.toml").read_text("utf-8"))["pl"]["files"]
    return ROOT / files[f"docs/teachers/{page}"]


def unit_page_problems(name, text, polish_text):
    problems = [f"{name}: no section {h!r}" for h in UNIT_PAGES[name] if not re.search(rf"(?m)^{re.escape(h)}\s*$", text)]
    if name == "unit-plan.md":
        table = _section(text, "## The lessons, and what each adds to the answer") or ""
        problems += [f"{name}: lesson {p.stem[:2]} is not in the lesson table"
                     for p in LESSONS if not re.search(rf"(?m)^\| {p.stem[:2]} · ", table)]
    if name == "assessment.md":
        levels = re.findall(r"(?m)^\| ([0-4]) \| \d+(?:–\d+)? \|", text)
        if sorted(levels) != ["0", "1", "2", "3", "4"]:
            problems.append(f"{name}: the mark scheme needs levels 0-4, found {levels}")
        if len(re.findall(r"(?m)^\*\*Level \d \(\d+ marks\)\.\*\*", text)) < 2:
            problems.append(f"{name}: exemplar answers at two levels are missing")
    if len([b for b in re.findall(r"(?m)^#+ ", polish_text)]) != len(re.findall(r"(?m)^#+ ", text)):
        problems.append(f"{name}: the Polish page has not the same sections")
    return problems


@pytest.mark.parametrize("name", sorted(UNIT_PAGES))
def test_the_unit_pages_exist_in_both_languages_and_hold_what_a_teacher_needs(name):
    page = lt.TEACHERS / name
    assert page.exists(), f"docs/teachers/{name} is missing"
    polish = _polish(name)
    assert polish.exists(), f"{polish.relative_to(ROOT)} is missing: run make translations"
    problems = unit_page_problems(name, page.read_text("utf-8"), polish.read_text("utf-8"))
    for path in (page, polish):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text("utf-8")):
            if not (path.parent / target).exists():
                problems.append(f"{path.relative_to(ROOT)}: the link {target} leads nowhere")
    index = (lt.TEACHERS / "README.md").read_text("utf-8")
    if f"({name})" not in index:
        problems.append(f"docs/teachers/README.md does not link {name}")
    assert not problems, "\n".join(problems)


def test_a_unit_plan_that_skips_a_lesson_is_caught():
    text = (lt.TEACHERS / "unit-plan.md").read_text("utf-8")
    broken = re.sub(r"(?m)^\| 05 · .*\n", "", text)
    assert any("lesson 05" in p for p in unit_page_problems("unit-plan.md", broken, _polish("unit-plan.md").read_text("utf-8")))
    assessment = (lt.TEACHERS / "assessment.md").read_text("utf-8")
    broken = re.sub(r"(?m)^\| 2 \| 5–8 \|.*\n", "", assessment)
    assert any("levels" in p for p in unit_page_problems("assessment.md", broken, _polish("assessment.md").read_text("utf-8")))
