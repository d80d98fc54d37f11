"""Every lesson fits one 45-minute period, follows the lesson template, and has a teacher's page.

The core path of a lesson is its narrative prose before "Going further (optional)": quotations
(lines starting with ">"), the course-text passages, code and the sources list are not counted.
Run ``pytest tests/test_lessons.py -s`` to see each lesson's word count.
"""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TEACHERS = ROOT / "docs" / "teachers"
MAX_CORE_WORDS = 1500


def _markdown(path):
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == "markdown"]


def core_text(path):
    """The narrative prose a class works through: what the word limit counts."""
    kept = []
    for text in _markdown(path):
        heading = text.lstrip().splitlines()[0].lower() if text.strip() else ""
        if heading.startswith("## going further"):
            break
        if heading.startswith("## sources") or heading.startswith("**course text, passage"):
            continue
        kept.extend(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    return "\n".join(kept)


def count_words(text: str) -> int:
    """Words of prose: inline code counts as one word, links as none."""
    text = re.sub(r"`[^`]*`", " x ", text)
    text = re.sub(r"https?://\S+", " ", text)
    return len(re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", text))


def core_word_count(path):
    return count_words(core_text(path))


def numbered_items(text):
    return [int(n) for n in re.findall(r"(?m)^(\d+)\.\s", text)]


def check_items(path):
    for text in _markdown(path):
        if text.lstrip().lower().startswith("## check your understanding"):
            return numbered_items(text)
    return []


def teacher_page(path):
    return TEACHERS / (path.stem + ".md")


def answer_key_items(page):
    text = page.read_text("utf-8")
    match = re.search(r"(?ms)^## Answer key\s*$(.*?)(?=^## |\Z)", text)
    return numbered_items(match.group(1)) if match else []


def test_the_lessons_are_numbered_without_gaps_in_their_names():
    names = [p.stem for p in LESSONS]
    assert names and names[0] == "00_start_here"
    numbers = [int(n[:2]) for n in names]
    assert numbers == sorted(set(numbers)), f"two lessons share a number: {names}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_core_path_fits_one_period(path):
    words = core_word_count(path)
    print(f"{path.name}: {words} core words")
    assert words <= MAX_CORE_WORDS, (
        f"{path.name}: the core path has {words} words (at most {MAX_CORE_WORDS}); "
        "move what does not fit under '## Going further (optional)' or split the lesson")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_template(path):
    cells = _markdown(path)
    number = path.name[:2]
    assert re.match(rf"# {number} · \S", cells[0]), f"{path.name}: the title should read '# {number} · Title'"
    box = next((c for c in cells if c.lstrip().startswith("> **Time:**")), "")
    for part in ("**Time:**", "**Prerequisites:**", "**Open:**"):
        assert part in box, f"{path.name}: the box at the top lacks {part}"
    headings = [c.lstrip().splitlines()[0].lower() for c in cells if c.strip()]
    for heading in ("## learning objectives", "## check your understanding", "## exercises", "## sources"):
        assert heading in headings, f"{path.name}: no '{heading}' section"
    your_turns = sum(1 for c in cells for line in c.splitlines() if line.strip().lower() == "### your turn")
    assert 1 <= your_turns <= 2, f"{path.name}: {your_turns} 'Your turn' cells (one or two expected)"
    exercises = next(c for c in cells if c.lstrip().lower().startswith("## exercises"))
    assert "exercise set" in exercises.lower(), f"{path.name}: the exercises section names no exercise set"
    if number != "00":
        assert any(c.lstrip().startswith("**Course text, passage") for c in cells), f"{path.name}: no passage quoted"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_passages_share_one_format(path):
    for text in _markdown(path):
        if text.lstrip().startswith("**Course text, passage"):
            lines = [l for l in text.strip().splitlines() if l.strip()]
            assert re.match(r"\*\*Course text, passage \d\.\d+\*\* — \S", lines[0]), f"{path.name}: {lines[0]!r}"
            assert lines[1].startswith("> ") and not lines[1].startswith("> **English**"), f"{path.name}: Polish first"
            assert lines[2].startswith("> **English** (our translation): *"), f"{path.name}: then our English"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_check_your_understanding_is_numbered(path):
    items = check_items(path)
    assert items and items == list(range(1, len(items) + 1)), f"{path.name}: number the items 1, 2, 3 ..."


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_has_a_teacher_page_with_every_answer(path):
    page = teacher_page(path)
    assert page.exists(), f"{path.name}: no teacher's page {page.relative_to(ROOT)}"
    text = page.read_text("utf-8")
    for heading in ("## Plan", "## Answer key", "## Misconceptions", "## Shorter path", "## Extension",
                    "## In a Polish school"):  # the Polish curriculum and matura, on every lesson page
        assert heading in text, f"{page.name}: no '{heading}' section"
    missing = sorted(set(check_items(path)) - set(answer_key_items(page)))
    assert not missing, f"{page.name}: no answer for check-your-understanding item(s) {missing}"


def test_teachers_index_links_every_page():
    index = (TEACHERS / "README.md").read_text("utf-8")
    for path in LESSONS:
        assert f"({path.stem}.md)" in index, f"docs/teachers/README.md does not link {path.stem}.md"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/teachers/" in readme, "README.md does not link the teacher's guide"


def test_lesson_code_cells_are_one_or_two_lines():
    for path in LESSONS:
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                lines = [l for l in src.splitlines() if l.strip() and not l.strip().startswith("#")]
                assert len(lines) <= 2, f"{path.name}: a code cell has {len(lines)} lines"


def test_lesson_00_asks_for_no_python():
    cells = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text("utf-8"))["cells"]
    for text in _markdown(ROOT / "notebooks" / "00_start_here.ipynb"):
        assert "write a line of python" not in text.lower() and "change the code" not in text.lower()
    assert all(len("".join(c["source"]).splitlines()) <= 1 for c in cells if c["cell_type"] == "code")


def test_the_labour_readout_names_no_steel():
    from gleap_data.labels import label
    for lang in ("en", "pl"):
        text = label("lab_readout", lang)
        assert "steel" not in text.lower() and "stal" not in text.lower(), f"{lang}: {text}"


UNOPENABLE = re.compile(r"research notes?|notatk\w* badawcz\w*|unpublished notes|private communication", re.I)


def test_nothing_cites_what_a_student_cannot_open():
    """A lesson, its Polish edition, a teacher's page or an exercise set cites only what is in its
    Sources (issue 21): never the project's "research notes", which no student can read.
    Seen failing on lesson 07's "(research notes: Luo Pinghan, 党史文苑 2014)"."""
    files = (sorted((ROOT / "notebooks").glob("**/[0-9][0-9]_*.ipynb")) + sorted((ROOT / "exercises").glob("**/[0-9][0-9]_*.ipynb"))
             + sorted((ROOT / "docs" / "teachers").glob("*.md")) + sorted((ROOT / "docs" / "nauczyciele").glob("*.md")))
    assert len(files) > 40
    found = [f"{p.relative_to(ROOT)}: {m.group(0)!r}" for p in files for m in UNOPENABLE.finditer(p.read_text("utf-8"))]
    assert not found, "\n".join(found)
