"""The time model (docs/teachers/README.md, "How long a lesson takes") applied to every lesson.

tools/lesson_time.py is the model; these tests check that its table in the teacher's guide is the
one it makes now, that it counts what it says it counts (a hand-computed notebook), and that it
catches a lesson padded on purpose.
"""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
import lesson_time as lt  # noqa: E402

LESSONS = lt.lessons()


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": None}


def _write(tmp_path, cells, name="09_test.ipynb"):
    path = tmp_path / name
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "utf-8")
    return path


def test_the_model_counts_a_hand_made_lesson(tmp_path):
    """240 words, 1 section, 2 plain cells, 1 chart, 1 explorer, 1 Your turn, 1 primary source,
    1 short and 2 written check items; nothing after Going further or in Sources counts."""
    words = " ".join(["word"] * 100)
    source = "**A letter.** " + " ".join(["word"] * 18) + "\n\n> 人民日报一九五八年十二月二十二日钢铁生产报告全文"
    cells = [
        _md("# 09 · Test " + " ".join(["word"] * 97)),                    # 99 words ("09", "Test")
        _md("**Course text, passage 1.1** — x\n\n> Polskie słowa tutaj nie liczą się wcale\n\n"
            "> **English** (our translation): *one two three four five six seven*"),  # 6 + 10, no Polish
        _md("## 1. A section\n\nsix more words are here now"),             # 9 words
        _code("import gleap_data as gd"),
        _code("gd.show(gd.load('grain'))"),
        _code("gd.charts.vital_rates()"),
        _code("gd.widgets.labour_explorer()"),
        _md("### Your turn\n\n" + " ".join(["word"] * 98)),                  # 2 + 98 = 100
        _md(source),                                        # 20 words; the Chinese counts none
        _md("## Check your understanding\n\n1. Give the year.\n2. Why did it fall?\n"
            "3. Compare the two rows *(a few sentences)*."),
        _md("## Sources\n\n" + words),
        _md("## Going further (optional)\n\n" + words),
        _code("gd.widgets.estimates_explorer()"),
    ]
    lesson = lt.measure(_write(tmp_path, cells))
    assert (lesson.sections, lesson.cells, lesson.charts, lesson.explorers) == (1, 2, 1, 1)
    assert (lesson.your_turns, lesson.primary_sources) == (1, 1)
    assert (lesson.short_items, lesson.written_items) == (1, 2)
    assert lesson.words == 99 + 16 + 9 + 100 + 20
    m = lesson.minutes("typical")
    assert m["reading"] == pytest.approx(244 / 120)
    assert (m["sections"], m["cells"], m["charts"], m["explorers"]) == (1, 1.0, 1.5, 4)
    assert (m["your_turn"], m["primary_sources"], m["check"]) == (4, 6, 1.5 + 3 + 3)
    assert (m["logistics"], m["discussion"]) == (4, 3)


def test_the_first_lesson_pays_for_the_first_binder_launch(tmp_path):
    cells = [_md("# 00 · Start"), _md("## Check your understanding\n\n1. Give the year.")]
    assert lt.measure(_write(tmp_path, cells, "00_start.ipynb")).minutes("typical")["logistics"] == 8
    assert lt.measure(_write(tmp_path, cells, "03_other.ipynb")).minutes("typical")["logistics"] == 4


def test_a_question_that_asks_why_is_a_written_answer_however_it_is_marked():
    assert lt.is_written("Why did the harvest fall?")
    assert lt.is_written("Explain the difference.")
    assert lt.is_written("Compare the rows *(a few sentences)*.")
    assert not lt.is_written("Give the urban death rate for 1960.")


def test_the_minutes_table_in_the_teachers_guide_is_up_to_date():
    text = lt.README.read_text("utf-8")
    assert lt.replace_table(text, lt.table()) == text, (
        "docs/teachers/README.md: the minutes table is out of date; run "
        "`python tools/lesson_time.py --write` and then `make translations`")
    polish = (ROOT / "docs" / "nauczyciele" / "README.md").read_text("utf-8")
    assert lt.table(language="pl") in polish, (
        "docs/nauczyciele/README.md: the Polish minutes table is out of date; run "
        "`python tools/lesson_time.py --write` and then `make translations`")


def _pad(path, tmp_path, words):
    """A copy of a lesson with ``words`` words of extra prose in its core path."""
    nb = json.loads(path.read_text("utf-8"))
    cells = nb["cells"]
    at = next(i for i, c in enumerate(cells) if lt._heading(lt._src(c)).startswith("## check your"))
    cells.insert(at, _md("Padding. " + " ".join(["word"] * words)))
    padded = tmp_path / path.name
    padded.write_text(json.dumps(nb), "utf-8")
    return padded


def test_a_lesson_padded_on_purpose_does_not_fit(tmp_path):
    """The lesson with the most room, padded with enough prose to pass 45 minutes, is caught."""
    roomiest = min(LESSONS, key=lambda p: lt.measure(p).total())
    spare = lt.PERIOD_MINUTES - lt.measure(roomiest).total()
    padded = _pad(roomiest, tmp_path, int(max(spare, 0) * 120) + 130)
    assert lt.measure(padded).total() > lt.PERIOD_MINUTES
    assert [p.name for p in lt.overruns([padded])] == [padded.name]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_fits_one_period_for_a_typical_class(path):
    lesson = lt.measure(path)
    minutes = lesson.minutes("typical")
    assert lesson.total() <= lt.PERIOD_MINUTES, (
        f"{path.name}: the core path needs {lesson.total():.1f} minutes for a typical class "
        f"(at most {lt.PERIOD_MINUTES}): " + ", ".join(f"{k} {v:.1f}" for k, v in minutes.items())
        + ". Move material to '## Going further (optional)' or split the lesson")


PLAN_WORDS = {"en": ("Check your understanding", "Discussion:"),
              "pl": ("Sprawdź, czy rozumiesz", "Dyskusja:")}


def _translated_page(page):
    import tomllib
    files = tomllib.loads((ROOT / "locales" / "editions.toml").read_text("utf-8"))["pl"]["files"]
    return ROOT / files[page.relative_to(ROOT).as_posix()]


def plan_rows(page):
    """(start, end, text) of each row of the page's plan table."""
    import re
    text = page.read_text("utf-8")
    match = re.search(r"(?ms)^## Plan\s*$(.*?)(?=^## |\Z)", text)
    assert match, f"{page.name}: no '## Plan' section"
    rows = []
    for line in match.group(1).splitlines():
        m = re.match(r"\|\s*(\d+)\s*[–-]\s*(\d+)\s*\|(.*)\|\s*$", line)
        if m:
            rows.append((int(m[1]), int(m[2]), m[3]))
    return rows


def plan_problems(page, lesson, language):
    check_words, discussion_word = PLAN_WORDS[language]
    rows = plan_rows(page)
    problems = []
    if not rows:
        return [f"{page.name}: the plan has no rows 'a–b'"]
    ends = [0] + [end for _, end, _ in rows]
    if [start for start, _, _ in rows] != ends[:-1] or ends[-1] != lt.PERIOD_MINUTES:
        problems.append(f"{page.name}: the plan's rows must run 0–{lt.PERIOD_MINUTES} without gaps: "
                        + ", ".join(f"{s}–{e}" for s, e, _ in rows))
    check = [end - start for start, end, text in rows if check_words in text]
    need = lesson.check_minutes("typical")
    if not check or check[0] < need:
        problems.append(f"{page.name}: the plan gives the check items {check[0] if check else 0} minutes; "
                        f"the model needs {need:g} ({lesson.short_items} short, {lesson.written_items} written)")
    talk = [end - start for start, end, text in rows if discussion_word in text]
    if len(talk) != 1 or talk[0] < lt.MODELS["typical"]["discussion"]:
        problems.append(f"{page.name}: the plan needs one timed discussion row '{discussion_word} \"prompt\"' "
                        f"of at least {lt.MODELS['typical']['discussion']} minutes")
    return problems


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_teachers_plan_adds_up_to_45_with_check_time_and_one_discussion(path):
    lesson = lt.measure(path)
    page = lt.TEACHERS / f"{path.stem}.md"
    problems = plan_problems(page, lesson, "en") + plan_problems(_translated_page(page), lesson, "pl")
    assert not problems, "\n".join(problems)


def test_a_plan_that_skimps_on_the_check_items_is_caught(tmp_path):
    path = next(p for p in LESSONS if p.stem.startswith("05_"))
    lesson = lt.measure(path)
    page = tmp_path / "05.md"
    page.write_text("## Plan\n\n| Time | a | b |\n|---|---|---|\n| 0–42 | Everything | x |\n"
                    "| 42–45 | Check your understanding | Items |\n", "utf-8")
    problems = plan_problems(page, lesson, "en")
    assert any("check items 3 minutes" in p for p in problems), problems
    assert any("timed discussion" in p for p in problems), problems
