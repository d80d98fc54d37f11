"""The Polish edition of the lessons (notebooks/pl/) and of the teacher's guide (docs/nauczyciele/).

- every English lesson has a Polish lesson with the same number (its code cells are the English
  ones by construction: the lessons are built by tools/translations.py, see tests/test_translations.py);
- every Polish lesson follows the lesson template with Polish headings, quotes the course text in
  Polish only, verbatim, and fits one period (the same word limit as tests/test_lessons.py);
- every Polish lesson has its page in docs/nauczyciele/ with an answer for every check item, and
  names its Polish student exercise file;
- every written question of every Polish exercise set has its rubric in docs/nauczyciele/kryteria_oceniania.md,
  with the set's own criteria and points;
- lesson 00 links the glossary in both languages, and every relative link in the Polish docs resolves.

The Polish exercise sets themselves are tested in tests/test_exercises_pl.py.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

import test_lessons as en  # noqa: E402  (the English helpers: _markdown, numbered_items, MAX_CORE_WORDS)
from exercises.tools._common import STUDENT_DIRS, masters, questions  # noqa: E402

EN_LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PL_LESSONS = sorted((ROOT / "notebooks" / "pl").glob("[0-9][0-9]_*.ipynb"))
PL_MASTERS = masters(lang="pl")
PL_STUDENT = STUDENT_DIRS["pl"]
NAUCZYCIELE = ROOT / "docs" / "nauczyciele"
RUBRYKI = NAUCZYCIELE / "kryteria_oceniania.md"
GLOSSARY = ROOT / "docs" / "slowniczek.md"
PASSAGE = "**Tekst kursu, fragment"


def _src(cell) -> str:
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def _cells(path):
    return json.loads(Path(path).read_text("utf-8"))["cells"]


def _heading(text):
    return text.lstrip().splitlines()[0].lower() if text.strip() else ""


def _section(path, heading):
    """The markdown cell that starts with ``heading`` (case-insensitive), or ""."""
    return next((t for t in en._markdown(path) if _heading(t).startswith(heading.lower())), "")


# ------------------------------------------------------------------ (a) parity with the English lessons

def _counterpart(path):
    return next((p for p in PL_LESSONS if p.name[:2] == path.name[:2]), None)


def test_the_polish_lessons_are_the_english_ones():
    assert EN_LESSONS and [p.name[:2] for p in PL_LESSONS] == [p.name[:2] for p in EN_LESSONS], (
        "notebooks/pl/ should hold one lesson per English lesson, with the same numbers: "
        f"{[p.name for p in PL_LESSONS]}")


# Code parity holds by construction: tools/translations.py builds every Polish lesson from its English
# source (code cells copied, the one declared difference being the language line in
# locales/editions.toml), and tests/test_translations.py fails when a committed Polish lesson is not
# what that build makes now.


# ------------------------------------------------------------------ (b) the template, in Polish

def core_text(path):
    """The Polish narrative prose a class works through (as tests/test_lessons.core_text)."""
    kept = []
    for text in en._markdown(path):
        heading = _heading(text)
        if heading.startswith("## dla dociekliwych"):
            break
        if heading.startswith("## źródła") or heading.startswith(PASSAGE.lower()):
            continue
        kept.extend(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    return "\n".join(kept)


def core_word_count(path):
    return en.count_words(core_text(path))


def check_items(path):
    return en.numbered_items(_section(path, "## Sprawdź, czy rozumiesz"))


@pytest.mark.parametrize("path", PL_LESSONS, ids=lambda p: p.name)
def test_core_path_fits_one_period(path):
    words = core_word_count(path)
    print(f"{path.name}: {words} core words")
    assert words <= en.MAX_CORE_WORDS, (
        f"{path.name}: the core path has {words} words (at most {en.MAX_CORE_WORDS}); "
        "move what does not fit under '## Dla dociekliwych (nieobowiązkowe)'")


@pytest.mark.parametrize("path", PL_LESSONS, ids=lambda p: p.name)
def test_lesson_template_in_polish(path):
    cells = en._markdown(path)
    number = path.name[:2]
    assert re.match(rf"# {number} · \S", cells[0]), f"{path.name}: the title should read '# {number} · Tytuł'"
    box = next((c for c in cells if c.lstrip().startswith("> **Czas:**")), "")
    for part in ("**Czas:**", "**Co trzeba znać:**", "**Otwórz:**"):
        assert part in box, f"{path.name}: the box at the top lacks {part}"
    headings = [_heading(c) for c in cells]
    for heading in ("## cele lekcji", "## sprawdź, czy rozumiesz", "## ćwiczenia", "## źródła"):
        assert heading in headings, f"{path.name}: no '{heading}' section"
    your_turns = sum(1 for c in cells for line in c.splitlines() if line.strip().lower() == "### twoja kolej")
    assert 1 <= your_turns <= 2, f"{path.name}: {your_turns} 'Twoja kolej' cells (one or two expected)"
    items = check_items(path)
    assert items and items == list(range(1, len(items) + 1)), (
        f"{path.name}: number the 'Sprawdź, czy rozumiesz' items 1, 2, 3 ...")
    if number != "00":
        assert any(c.lstrip().startswith(PASSAGE) for c in cells), f"{path.name}: no passage quoted"


@pytest.fixture(scope="module")
def course_text():
    import gleap_data as gd

    table = gd.load("course_text")
    return dict(zip(table["passage_id"], table["text_pl"])), list(table["text_en"])


@pytest.mark.parametrize("path", PL_LESSONS, ids=lambda p: p.name)
def test_passages_are_quoted_verbatim_in_polish_only(path, course_text):
    polish, english = course_text
    for text in en._markdown(path):
        if not text.lstrip().startswith(PASSAGE):
            continue
        assert "**English**" not in text, f"{path.name}: an English translation beside the course text: {text[:60]!r}"
        lines = [l for l in text.strip().splitlines() if l.strip()]
        match = re.match(r"\*\*Tekst kursu, fragment (\d\.\d+)\*\* — \S", lines[0])
        assert match, f"{path.name}: {lines[0]!r} should read '**Tekst kursu, fragment N.N** — opis'"
        pid = match.group(1)
        assert pid in polish, f"{path.name}: the course text has no passage {pid}"
        block = []
        for line in lines[1:]:  # the quotation: the ">" lines under the heading; a note may follow
            if not line.startswith(">"):
                break
            block.append(line[1:].strip())
        quoted = " ".join(block)
        assert quoted == polish[pid], f"{path.name}: passage {pid} is not quoted verbatim:\n{quoted}\nvs\n{polish[pid]}"
        assert not any(l.startswith(">") for l in lines[1 + len(block):]), (
            f"{path.name}: passage {pid}: a second quotation (an English translation?) under the Polish one")
    everything = "\n".join(en._markdown(path))
    assert "**English**" not in everything, f"{path.name}: an English translation beside the course text"
    for sentence in english:
        assert sentence[:60] not in everything, f"{path.name}: English course text: {sentence[:60]!r}"


def _is_chart(code):
    return "gd.charts." in code or "gd.widgets." in code


@pytest.mark.parametrize("path", PL_LESSONS, ids=lambda p: p.name)
def test_every_chart_has_a_readout(path):
    cells = _cells(path)
    charts = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and _is_chart(_src(c))]
    for i in charts:
        after = cells[i + 1] if i + 1 < len(cells) else None
        assert after and after["cell_type"] == "markdown" and _src(after).lstrip().startswith("**Co widać na wykresie:**"), (
            f"{path.name}: the chart cell {_src(cells[i])!r} has no '**Co widać na wykresie:**' line under it")


def _pl_set(number):
    return [m.stem for m in PL_MASTERS if m.stem[:2] == number]


@pytest.mark.parametrize("path", PL_LESSONS, ids=lambda p: p.name)
def test_exercises_section_names_the_polish_student_file(path):
    pointer = _section(path, "## Ćwiczenia")
    assert pointer, f"{path.name}: no '## Ćwiczenia' section"
    named = re.findall(r"exercises/pl/student/(\d\d_[a-z0-9_]+)\.ipynb", pointer)
    for name in named:
        assert (PL_STUDENT / f"{name}.ipynb").is_file(), f"{path.name}: names exercises/pl/student/{name}.ipynb, which does not exist"
    if path.name.startswith("00"):
        assert "exercises/pl/student/" in pointer, "lesson 00 says where the Polish exercise sets are"
        return
    wanted = _pl_set(path.name[:2])
    assert named == wanted, f"{path.name}: its 'Ćwiczenia' section names {named}, not {wanted}"


# ------------------------------------------------------------------ (c) the teacher's pages

def answer_key_items(page):
    text = page.read_text("utf-8")
    match = re.search(r"(?ms)^## Klucz odpowiedzi\s*$(.*?)(?=^## |\Z)", text)
    return en.numbered_items(match.group(1)) if match else []


@pytest.mark.parametrize("path", PL_LESSONS, ids=lambda p: p.name)
def test_every_polish_lesson_has_a_teacher_page_with_every_answer(path):
    page = NAUCZYCIELE / (path.stem + ".md")
    assert page.exists(), f"{path.name}: no teacher's page {page.relative_to(ROOT)}"
    text = page.read_text("utf-8")
    for heading in ("## Plan", "## Klucz odpowiedzi", "## Typowe błędne przekonania", "## Wariant skrócony",
                    "## Rozszerzenie"):
        assert heading in text, f"{page.name}: no '{heading}' section"
    missing = sorted(set(check_items(path)) - set(answer_key_items(page)))
    assert not missing, f"{page.name}: no answer for 'Sprawdź, czy rozumiesz' item(s) {missing}"
    index = (NAUCZYCIELE / "README.md").read_text("utf-8")
    assert f"({page.name})" in index, f"docs/nauczyciele/README.md does not link {page.name}"


# ------------------------------------------------------------------ (d) rubrics of the Polish sets

def _rubric_sections():
    """``{(set, question): section text}`` from the headings "## Zestaw `07_prowincje`, q6: ..."."""
    parts = re.split(r"(?m)^## ", RUBRYKI.read_text("utf-8"))[1:]
    out = {}
    for part in parts:
        match = re.match(r"Zestaw `(\d\d_[a-z0-9_]+)`, (q\d+)\b", part)
        assert match, f"rubryki.md: a section heading names no set and question: {part[:60]!r}"
        out[match.groups()] = part
    return out


def _master_rubric(master, question):
    """The "Kryteria oceny" bullets ("- 1 punkt: ...") of a written question, as (points, text)."""
    cells = _cells(master)
    for i, cell in enumerate(cells):
        src = _src(cell)
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN QUESTION") and f"name: {question}\n" in src + "\n":
            solution = next(_src(c) for c in cells[i + 1:]
                            if c["cell_type"] == "markdown" and "**Kryteria oceny" in _src(c))
            return re.findall(r"(?m)^- (\d+) punkt\w*: (.+)$", solution[solution.index("**Kryteria oceny"):])
    raise AssertionError(f"{master.name}: no question {question}")


def test_every_written_question_has_its_rubric_in_rubryki():
    sections = _rubric_sections()
    manual = {(m.stem, q["name"]): (m, q) for m in PL_MASTERS for q in questions(m) if q["manual"]}
    assert manual and len(PL_MASTERS) == 8
    missing = sorted(set(manual) - set(sections))
    assert not missing, f"docs/nauczyciele/kryteria_oceniania.md has no rubric for {missing}"
    stale = sorted(set(sections) - set(manual))
    assert not stale, f"docs/nauczyciele/kryteria_oceniania.md has rubrics for questions that are not written questions: {stale}"
    for key, (master, q) in manual.items():
        bullets = _master_rubric(master, q["name"])
        assert bullets and sum(int(p) for p, _ in bullets) == q["points"], f"{key}: the master's rubric points"
        rows = re.findall(r"(?m)^\| (\d+) \| (.+) \|$", sections[key])
        assert sum(int(p) for p, _ in rows) == q["points"], f"kryteria_oceniania.md {key}: the points do not add up to {q['points']}"
        for points, criterion in bullets:
            assert (points, criterion.replace("|", "/")) in rows, (
                f"kryteria_oceniania.md {key}: the master has the criterion {criterion!r} ({points}), kryteria_oceniania.md does not")


# ------------------------------------------------------------------ (e) the glossary

@pytest.mark.parametrize("lesson", ["00_start_here.ipynb", "pl/00_zacznij_tutaj.ipynb"])
def test_lesson_00_links_the_glossary(lesson):
    path = ROOT / "notebooks" / lesson
    links = [target for text in en._markdown(path) for target in _links(text)]
    resolved = [(path.parent / t.split("#")[0]).resolve() for t in links if not _external(t)]
    assert GLOSSARY.resolve() in resolved, f"notebooks/{lesson} does not link docs/slowniczek.md"


# ------------------------------------------------------------------ (f) links

def _links(text):
    """Targets of markdown links and images: [text](target) and [text](target "title")."""
    return [m.group(1) for m in re.finditer(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", text)]


def _external(target):
    return bool(re.match(r"[a-z][a-z0-9+.-]*:", target, re.I))


def _slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = "".join(ch for ch in heading.strip().lower() if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return text.replace(" ", "-")


def _anchors(path):
    seen, out = {}, set()
    for heading in re.findall(r"(?m)^#{1,6}\s+(.+?)\s*#*\s*$", path.read_text("utf-8")):
        slug = _slug(heading)
        n = seen.get(slug, 0)
        out.add(slug if n == 0 else f"{slug}-{n}")
        seen[slug] = n + 1
    return out


DOCS = sorted(NAUCZYCIELE.glob("*.md")) + [ROOT / "README.pl.md", GLOSSARY, ROOT / "exercises" / "pl" / "README.md"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(doc):
    links = [t for t in _links(doc.read_text("utf-8")) if not _external(t)]
    broken = []
    for target in links:
        file, _, anchor = target.partition("#")
        dest = (doc.parent / file).resolve() if file else doc
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{doc.relative_to(ROOT)}: broken links {broken}"
    if doc.parent == NAUCZYCIELE:
        assert links, f"{doc.name} links nothing"


def test_the_polish_teachers_guide_has_the_student_edition_binder_and_grading():
    """The Polish teacher's guide (built from docs/teachers/README.md) tells a Polish teacher how to
    publish the student edition, which Binder link to give students (the student branch and the Polish
    lesson, never main, which holds the solutions) and how to assign and grade (issue 19, section 4)."""
    guide = (NAUCZYCIELE / "README.md").read_text("utf-8")
    for words in ("make student-edition", "publish-student-edition.sh", "make assign", "make grade SUBMISSIONS=",
                  "build/grades.csv", "kryteria_oceniania.md"):
        assert words in guide, f"docs/nauczyciele/README.md does not say {words!r}"
    links = re.findall(r"https://mybinder\.org/v2/gh/[^\s>)]+", guide)
    student = [u for u in links if "/student?" in u]
    assert student and all("notebooks/pl/" in u for u in student), links
    for link in [u for u in links if "/main?" in u]:
        before = guide[:guide.index(link)].rsplit("\n\n", 1)[-1].rsplit("\n1", 1)[-1]
        assert "dla siebie" in before or "dla nauczyciela" in before, f"a link to main not marked as the teacher's: {link}"
