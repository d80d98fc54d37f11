"""The translated editions are built from the English sources and gettext catalogues (issue 19).

- every translated file listed in locales/editions.toml is exactly what `make translations` builds
  now from its English source and its catalogue (fastbook-style: a stale committed copy fails);
- every catalogue is up to date with its source, and on main no entry is fuzzy or missing;
- changing one English cell or section makes exactly that one entry fuzzy: the report names it and
  the built file shows the "translation out of date" marker there and nowhere else;
- new English text without a translation makes the build refuse the file (nothing is written);
- code cells come from the English source; the only difference is the declared language line.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

import translations as tr  # noqa: E402

PL = tr.editions()["pl"]
LESSON = "notebooks/03_communes_and_the_harvest.ipynb"
PAGE = "docs/teachers/03_communes_and_the_harvest.md"
MASTER = "exercises/05_counting.ipynb"


@pytest.fixture(scope="module")
def result():
    return tr.run(write=False)


def test_the_edition_covers_every_lesson_teachers_page_and_exercise_master():
    lessons = {p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    pages = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs" / "teachers").glob("*.md")}
    exercises = {p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises").glob("[0-9][0-9]_*.ipynb")}
    others = {"docs/data-gaps.md", "README.md"}  # the data gaps (the site's Polish page) and the README
    missing = sorted((lessons | pages | exercises | others) - set(PL.files))
    assert not missing, f"locales/editions.toml [pl.files] lacks {missing}"
    for source, target in PL.files.items():
        assert (ROOT / source).exists(), f"locales/editions.toml names {source}, which does not exist"
        assert tr.catalogue_path("pl", source).exists(), f"no catalogue for {source}"


def test_committed_translations_are_what_the_build_makes(result):
    assert not result.refused, f"the build refuses {result.refused} (missing translations):\n{tr.report(result)}"
    assert not result.changed_files, (
        f"{result.changed_files} differ from what `make translations` builds from the English source "
        "and the catalogue: never edit a translated file by hand; run `make translations` and commit")


def test_catalogues_are_up_to_date_with_the_english(result):
    assert not result.changed_catalogues, (
        f"{result.changed_catalogues} do not match their English sources: run `make translations`")


def test_no_fuzzy_or_missing_entry_on_main(result):
    problems = [line for line in tr.report(result).splitlines() if line.lstrip().startswith(("FUZZY", "MISSING"))]
    assert not problems, "translations out of date or missing:\n" + "\n".join(problems)
    for source in PL.files:  # and the catalogues themselves hold none (the report reads the built file)
        catalogue = tr.read_catalogue(tr.catalogue_path("pl", source), "pl")
        bad = [m.id[:60] for m in catalogue if m.id and (m.fuzzy or not m.string)]
        assert not bad, f"{tr.catalogue_path('pl', source)}: fuzzy or empty entries {bad}"


# ------------------------------------------------------------------ a small tree to change on purpose

@pytest.fixture
def tree(tmp_path):
    """A copy of one lesson and one teacher's page with their catalogues and an editions.toml that
    lists only them."""
    for source in (LESSON, PAGE, MASTER):
        for path in (source, PL.files[source], tr.catalogue_path("pl", source).relative_to(ROOT)):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / path, tmp_path / path)
    text = (ROOT / "locales" / "editions.toml").read_text("utf-8")
    head, rest = text.split("[pl.files]")
    tail = rest[rest.index("\n[exercises]"):]
    text = head + "[pl.files]\n" + "".join(f'"{s}" = "{PL.files[s]}"\n' for s in (LESSON, PAGE, MASTER)) + tail
    (tmp_path / "locales" / "editions.toml").write_text(text, "utf-8")
    assert tr.run(write=False, root=tmp_path).changed_files == []
    return tmp_path


def _edit_cell(root, index, old, new, source=LESSON):
    path = root / source
    raw = path.read_text("utf-8")
    nb = json.loads(raw)
    sort_keys = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n" == raw
    cell = nb["cells"][index]
    text = "".join(cell["source"])
    assert old in text
    text = text.replace(old, new, 1)
    cell["source"] = text.splitlines(keepends=True) if isinstance(cell["source"], list) else text
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=sort_keys) + "\n", "utf-8")
    return nb


def _cells(path):
    return ["".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"]]


def test_changing_one_english_paragraph_makes_exactly_one_entry_fuzzy(tree):
    _edit_cell(tree, 5, "haste and zeal", "haste and over-zeal")
    result = tr.run(write=True, root=tree)
    assert not result.refused
    fuzzy = [(s.source, where) for s in result.statuses for where, _ in s.fuzzy]
    assert fuzzy == [(LESSON, "cell 5")], fuzzy
    catalogue = tr.read_catalogue(tr.catalogue_path("pl", LESSON, tree), "pl")
    assert [m.id.splitlines()[0] for m in catalogue if m.id and m.fuzzy] == [
        "**Course text, passage 3.3** — haste and over-zeal"]
    report = tr.report(result)
    assert f"FUZZY   {LESSON} cell 5" in report and "1 fuzzy" in report, report
    built = _cells(tree / PL.files[LESSON])
    marked = [i for i, text in enumerate(built) if PL.out_of_date in text]
    assert marked == [5], f"the out-of-date marker should be on cell 5 only, not {marked}"
    assert built[5].startswith("**Tekst kursu, fragment 3.3**"), "the old translation is still shown"
    # once a translator confirms it (removes the fuzzy flag), the marker goes
    for message in catalogue:
        message.flags.discard("fuzzy")
    tr.catalogue_path("pl", LESSON, tree).write_bytes(tr.po_bytes(catalogue))
    tr.run(write=True, root=tree)
    assert not any(PL.out_of_date in text for text in _cells(tree / PL.files[LESSON]))


def test_changing_one_section_of_a_teachers_page_makes_one_entry_fuzzy(tree):
    page = tree / PAGE
    page.write_text(page.read_text("utf-8").replace("skip item 5.", "skip items 4 and 5."), "utf-8")
    result = tr.run(write=True, root=tree)
    fuzzy = [(s.source, first) for s in result.statuses for _, first in s.fuzzy]
    assert fuzzy == [(PAGE, "## Shorter path")], fuzzy
    built = (tree / PL.files[PAGE]).read_text("utf-8")
    assert built.count(PL.out_of_date) == 1
    section = built.split("## Wariant skrócony", 1)[1].split("\n## ", 1)[0]
    assert PL.out_of_date in section


def test_a_missing_translation_refuses_the_file(tree):
    before = (tree / PL.files[LESSON]).read_bytes()
    nb = json.loads((tree / LESSON).read_text("utf-8"))
    nb["cells"].insert(6, {"cell_type": "markdown", "id": "added01", "metadata": {},
                           "source": ["Zebra quartz: a paragraph no catalogue has ever seen."]})
    (tree / LESSON).write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    result = tr.run(write=True, root=tree)
    assert result.refused == [PL.files[LESSON]]
    assert (tree / PL.files[LESSON]).read_bytes() == before, "a file with a missing entry was written"
    assert f"MISSING {LESSON} cell 6" in tr.report(result)
    assert PL.files[PAGE] not in result.refused
    assert tr.main([], root=tree) == 1, "`make translations` should fail when it refuses a file"


def test_code_cells_come_from_the_english_source(tree):
    nb = json.loads((tree / LESSON).read_text("utf-8"))
    code = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    _edit_cell(tree, code[-1], "gd.", "gd.  ")  # any change to English code...
    tr.run(write=True, root=tree)
    english = json.loads((tree / LESSON).read_text("utf-8"))["cells"]
    polish = json.loads((tree / PL.files[LESSON]).read_text("utf-8"))["cells"]
    assert [c["id"] for c in polish] == [c["id"] for c in english]
    for i in code:
        en_code, pl_code = "".join(english[i]["source"]), "".join(polish[i]["source"])
        if i == code[0]:  # ...reaches the Polish file; the one declared difference is the language line
            lines = pl_code.split("\n")
            assert lines.count(PL.language_line) == 1
            lines.remove(PL.language_line)
            assert "\n".join(lines) == en_code
        else:
            assert pl_code == en_code, f"code cell {i} differs from the English source"


def test_building_an_unchanged_tree_changes_nothing(tree):
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    result = tr.run(write=True, root=tree)
    assert not result.changed_files and not result.changed_catalogues
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before


def test_refreshing_up_to_date_student_copies_writes_nothing(tmp_path):
    """`make translations` refreshes the Polish student copies when a Polish master changed: it
    writes only a copy whose content changed (it reported "student copies rewritten: 8" and wrote
    all eight when one master's solution changed and no copy did). An up-to-date copy is not even
    touched; a stale one is written again."""
    import os

    from exercises.tools import assign  # the repository's top is on pytest's pythonpath

    committed = assign.STUDENT_DIRS["pl"] / PL.files[MASTER].split("/")[-1]
    copy = tmp_path / committed.name
    shutil.copy(committed, copy)
    os.utime(copy, (1, 1))
    assert assign.refresh_student(tmp_path, lang="pl", sets=["05"]) == []
    assert copy.read_bytes() == committed.read_bytes() and copy.stat().st_mtime == 1
    copy.write_text(copy.read_text("utf-8").replace("Pytanie", "Pytanko", 1), "utf-8")
    assert assign.refresh_student(tmp_path, lang="pl", sets=["05"]) == [copy]
    assert copy.read_bytes() == committed.read_bytes()


# ------------------------------------------------------------------ exercise masters

def _master_cells(root, path):
    return [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            for c in json.loads((root / path).read_text("utf-8"))["cells"]]


def test_exercise_code_and_expected_values_come_from_the_english_master(tree):
    english = _master_cells(tree, MASTER)
    test_cell = next(i for i, c in enumerate(english) if "def test_q2_value" in c)
    _edit_cell(tree, test_cell, "14.554928249999998, 0.1", "14.554928249999998, 0.05", source=MASTER)
    result = tr.run(write=True, root=tree)
    assert result.changed_files == [PL.files[MASTER]] and not result.refused
    polish = _master_cells(tree, PL.files[MASTER])
    assert "14.554928249999998, 0.05" in polish[test_cell], "a changed expected value reaches the Polish master"
    assert "To nie ta suma, o którą pyta zadanie." in polish[test_cell], "its hint stays Polish"
    assert polish[0].startswith("# ASSIGNMENT CONFIG\nname: 05_liczenie\n")
    assert english[0].replace("name: 05_counting", "name: 05_liczenie") == polish[0]
    # every code cell is the English one with only the declared differences: the language line, the
    # hint sentences and the chart words (put back to English here)
    english = _master_cells(tree, MASTER)
    for i, (a, b) in enumerate(zip(english, polish)):
        kind = json.loads((tree / MASTER).read_text("utf-8"))["cells"][i]["cell_type"]
        if kind != "code":
            continue
        b = "\n".join(line for line in b.split("\n") if line != PL.language_line)
        for (start, end, _), (_, _, text) in reversed(list(zip(tr.code_spans(b, PL), tr.code_spans(a, PL)))):
            b = b[:start] + text + b[end:]
        assert a == b, f"code cell {i} of the Polish master differs from the English one"


def test_changing_one_english_hint_makes_one_entry_fuzzy_and_marks_the_hint(tree):
    english = _master_cells(tree, MASTER)
    test_cell = next(i for i, c in enumerate(english) if "def test_q2_value" in c)
    _edit_cell(tree, test_cell, '"Not the total asked for."', '"Not the total that was asked for."', source=MASTER)
    result = tr.run(write=True, root=tree)
    fuzzy = [(s.source, where, first) for s in result.statuses for where, first in s.fuzzy]
    assert fuzzy == [(MASTER, f"cell {test_cell}", "Not the total that was asked for.")], fuzzy
    polish = _master_cells(tree, PL.files[MASTER])[test_cell]
    assert f'"{PL.out_of_date_short}To nie ta suma, o którą pyta zadanie."' in polish
    compile(polish, "test cell", "exec")  # still Python


def test_chart_words_in_an_exercise_master_come_from_the_catalogue(tree):
    english = _master_cells(tree, MASTER)
    chart = next(i for i, c in enumerate(english) if "px.line(vital" in c)
    assert '"pl"' not in english[chart] and "get_language" not in english[chart], "one language in the source"
    polish = _master_cells(tree, PL.files[MASTER])[chart]
    assert 'title="Współczynnik zgonów' in polish and '"year": "Rok"' in polish
    _edit_cell(tree, chart, '"Year"', '"Years"', source=MASTER)
    result = tr.run(write=True, root=tree)
    assert [(s.source, first) for s in result.statuses for _, first in s.fuzzy] == [(MASTER, "Years")]
    polish = _master_cells(tree, PL.files[MASTER])[chart]
    assert f'"year": "{PL.out_of_date_short}Rok"' in polish
