"""The Polish edition of the exercise sets (exercises/pl/): parity with the English sets, Polish
text and feedback, the committed Polish student copies, and grading a Polish submission.

Parity: every English set has a Polish counterpart (same lesson number), built from it by
tools/translations.py (see tests/test_translations.py), so its code, questions, points and expected
values are the English ones by construction; the hidden tests of the generated autograders are
compared here, and the Polish text and hints are checked for English words.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest


from exercises.tools import assign, grade
from exercises.tools._common import STUDENT_DIRS, masters, questions

EN = masters(lang="en")
PL = masters(lang="pl")
PL_STUDENT = STUDENT_DIRS["pl"]
PL_NAMES = [m.stem for m in PL]
# Words that show an English sentence (checked in Polish prose and messages, outside `code`).
ENGLISH = re.compile(r"\b(the|and|which|what|this|that|is|are|not yet|give|use|correct|question|"
                     r"reading|answer|model answer|rubric|point|points|run|check|number)\b", re.I)


def _src(cell) -> str:
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def _load(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _pairs():
    by_number = {m.name[:2]: m for m in PL}
    return [(en, by_number.get(en.name[:2])) for en in EN]


def _prose(text: str) -> str:
    """Text without code spans, quoted strings and identifiers: what should read as Polish."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r'"[^"]*"', " ", text)
    text = re.sub(r"'[^']*'", " ", text)
    return text


# Which argument of which helper is a sentence for the student (0-based positions): declared once,
# in locales/editions.toml, for the build that translates them.
import translations  # noqa: E402

_HINT_ARGS = translations.editions()["pl"].hint_arguments


def _hint_nodes(tree):
    """The string constants of a test that are hints (the failure message aside)."""
    import ast

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _HINT_ARGS:
            for i in _HINT_ARGS[node.func.id]:
                if i < len(node.args) and isinstance(node.args[i], ast.Constant) and isinstance(node.args[i].value, str):
                    yield node.args[i]


def _message_strings(src: str) -> list[str]:
    """The hint sentences of a test cell: its failure_message and the hints its code raises."""
    return [text for _, _, text in translations.hint_spans(src, _HINT_ARGS)]


# ------------------------------------------------------------------ parity

def test_every_english_set_has_a_polish_counterpart():
    assert len(PL) == len(EN) == 8
    for en, pl in _pairs():
        assert pl is not None, f"{en.name} has no Polish master in exercises/pl/"
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", pl.name) and pl.name.isascii()
        assert pl.stem != en.stem, "set names differ between editions, so grading can tell them apart"


# Code parity holds by construction: tools/translations.py builds every Polish master from its English
# one (code cells, questions, points and expected values copied; the declared differences, in
# locales/editions.toml, are the language line, the set name in ASSIGNMENT CONFIG and the hint
# sentences of the tests), and tests/test_translations.py fails when a committed Polish master is not
# what that build makes now. This replaced an ast comparison of the two masters' code.


def test_polish_students_get_the_same_hidden_tests(tmp_path):
    """The Polish autograders hold the same hidden tests, apart from their hint sentences."""
    import zipfile

    built = tmp_path / "exercises"
    assign.build(built, sets=["05"], run_tests=False)  # 05_counting and 05_liczenie
    zips = {lang: zipfile.ZipFile(built / sub / name / "autograder" / f"{name}-autograder.zip")
            for lang, sub, name in (("en", "", "05_counting"), ("pl", "pl", "05_liczenie"))}
    names = {lang: sorted(n for n in z.namelist() if n.startswith("tests/")) for lang, z in zips.items()}
    assert names["en"] == names["pl"] and names["en"]
    import ast

    def decisive(source: str) -> str:
        tree = ast.parse(source)
        for node in _hint_nodes(tree):
            node.value = "<hint>"
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "failure_message":
                node.value = ast.Constant("<hint>")
        return ast.unparse(tree)

    for name in names["en"]:
        en, pl = (zips[lang].read(name).decode() for lang in ("en", "pl"))
        assert "hidden=True" in en and "hidden=True" in pl
        assert decisive(en) == decisive(pl), name


# ------------------------------------------------------------------ Polish text

@pytest.mark.parametrize("en,pl", _pairs(), ids=[m.stem for m in EN])
def test_polish_prose_hints_and_rubrics(en, pl):
    en_cells = [c for c in _load(en)["cells"]]
    pl_cells = [c for c in _load(pl)["cells"]]
    text = "\n".join(_src(c) for c in pl_cells if c["cell_type"] == "markdown")
    assert re.search(r"\*\*Pytanie \d+ \((źródła|pochodzenie źródła)[,;:)]", text), "every set has a source-criticism question"
    assert "**Co widać na wykresie:**" in text and "jako tabela" in text, "a chart with a table beside it"
    manual = sum(q["manual"] for q in questions(pl))
    assert text.count("**Kryteria oceny") == manual and text.count("**Przykładowa odpowiedź.**") == manual
    for a, b in zip(en_cells, pl_cells):
        if a["cell_type"] == "markdown":
            assert b["cell_type"] == "markdown" and _src(a) != _src(b), f"{pl.name}: untranslated: {_src(a)[:60]}"
            english = ENGLISH.findall(_prose(_src(b)))
            assert not english, f"{pl.name}: English words {english} in: {_src(b)[:120]}"
    hints = [m for c in pl_cells if "# BEGIN TEST CONFIG" in _src(c) for m in _message_strings(_src(c))]
    assert hints
    for message in hints:
        english = ENGLISH.findall(_prose(message))
        assert not english, f"{pl.name}: a hint with English words {english}: {message}"


def test_rubric_points_add_up():
    for master in PL:
        for q in questions(master):
            if not q["manual"]:
                continue
            cells = _load(master)["cells"]
            start = next(i for i, c in enumerate(cells)
                         if _src(c).startswith("# BEGIN QUESTION") and f"name: {q['name']}\n" in _src(c) + "\n")
            answer = next(_src(c) for c in cells[start:] if "**Kryteria oceny" in _src(c))
            rubric = answer[answer.index("**Kryteria oceny"):]
            points = re.findall(r"(?m)^- (\d+) punkt\w*: ", rubric)
            assert sum(map(int, points)) == q["points"], f"{master.name} {q['name']}"


# ------------------------------------------------------------------ check messages

def test_every_message_has_a_polish_version():
    from gleap_data.selfcheck import MESSAGES

    assert set(MESSAGES["en"]) == set(MESSAGES["pl"])
    for key, en in MESSAGES["en"].items():
        pl = MESSAGES["pl"][key]
        assert pl != en, key
        assert set(re.findall(r"{\w+}", pl)) == set(re.findall(r"{\w+}", en)), key


SLIPS = {  # value: (what the Polish hint must say, the helper)
    (23, 6): ("W Pythonie liczby piszemy z kropką", "23.6"),
    None: ("print", "bez print"),
    "23.6": ("bez cudzysłowu", "q2 = 23.6"),
    21.5: ("procent", "0.215"),
    "dwadzieścia": ("tekst w cudzysłowie", "23.6"),
}


@pytest.mark.parametrize("value", list(SLIPS), ids=[repr(v) for v in SLIPS])
def test_common_slips_get_a_polish_hint_without_english(value):
    import gleap_data as gd
    from gleap_data import selfcheck as sc

    before = gd.get_language()
    gd.set_language("pl")
    try:
        with pytest.raises(sc.NotYet) as info:
            sc.share(value, "q2") if value == 21.5 else sc.number(value, "q2")
    finally:
        gd.set_language(before)
    message = str(info.value)
    for must in SLIPS[value]:
        assert must in message, message
    english = ENGLISH.findall(message.replace("print(...)", ""))
    assert not english, f"English words {english} in the Polish hint: {message}"


def test_polish_decimal_comma_keeps_the_sign_and_an_empty_selection_is_called_empty(monkeypatch):
    """PL 07 q4: `q4 = -0,46` is the tuple (0, 46); the hint must say -0.46, not 0.46."""
    import pandas as pd

    import gleap_data as gd
    from gleap_data import selfcheck as sc

    monkeypatch.setitem(sc._SOURCES, "q4", "q4 = -0,46  # korelacja")
    before = gd.get_language()
    gd.set_language("pl")
    try:
        with pytest.raises(sc.NotYet, match=r"z przecinkiem: -0\.46$"):
            sc.number((0, 46), "q4", -1e9, 1e9)
        with pytest.raises(sc.NotYet, match=r"z przecinkiem: -1\.5$"):
            sc.number((-1, 5), "q9")                      # no source known: the sign of the value
        with pytest.raises(sc.NotYet, match="pusta kolumna") as info:
            sc.number(pd.Series([], dtype=float), "q1")   # in_chart[... == "Kuejczou"]["cdr"]
    finally:
        gd.set_language(before)
    assert "cała" not in str(info.value)


def _feedback(path, q, value):
    """What check("q") prints for ``value`` in the student notebook ``path``, without a kernel."""
    from gleap_data import selfcheck as sc

    checker = sc.Checker.__new__(sc.Checker)
    checker.notebook, checker._tests = str(path), _load(path)["metadata"]["otter"]["tests"]
    saved = sc._ipython
    try:
        sc._ipython = lambda: type("IP", (), {"user_ns": {q: value}, "last_execution_succeeded": True})()
        return checker.result(q)
    finally:
        sc._ipython = saved


def test_polish_feedback_in_a_polish_notebook_even_in_an_english_session():
    import gleap_data as gd

    assert gd.get_language() == "en"
    path = PL_STUDENT / "05_liczenie.ipynb"
    right = float(gd.excess_deaths(baseline=1957, years=(1959, 1961))["excess_deaths"].sum() / 1e6)
    assert _feedback(path, "q2", right) == ("correct", "q2: dobrze.")
    status, message = _feedback(path, "q2", 20.0)
    assert status == "wrong" and message.startswith("q2: jeszcze nie. ")
    status, message = _feedback(path, "q1", 1961)  # a year: only the form is checked
    assert status == "form" and "oceni nauczyciel" in message and "dobrze" not in message
    status, message = _feedback(path, "q2", (14, 6))
    assert status == "wrong" and "z kropką" in message and "14.6" in message
    # ... and the English notebook still answers in English
    assert _feedback(STUDENT_DIRS["en"] / "05_counting.ipynb", "q2", right) == ("correct", "q2: correct.")


def test_polish_check_after_a_failed_cell_names_the_error_in_polish(monkeypatch):
    """The cell that sets q2 (or q5) failed: the check says so in Polish and judges no old value."""
    import gleap_data as gd
    from gleap_data import selfcheck as sc

    path = PL_STUDENT / "05_liczenie.ipynb"
    right = float(gd.excess_deaths(baseline=1957, years=(1959, 1961))["excess_deaths"].sum() / 1e6)
    slips = {"q2": KeyError("nadmiarowe_zgony"), "q5": NameError("name 'nie' is not defined", name="nie"),
             "q3": SyntaxError("incomplete input", ("<cell>", 2, 1, "q3 = (1 +"))}
    for q, error in slips.items():
        monkeypatch.setitem(sc._FAILED, q, error)
        status, message = _feedback(path, q, right if q == "q2" else ...)
        assert status == "stale" and "zatrzymała się na błędzie" in message, message
        assert "dobrze" not in message and "trzy kropki" not in message, message
        english = ENGLISH.findall(_prose(message))
        assert not english, f"English words {english} in: {message}"
    assert "Python nie zna nazwy nie" in _feedback(path, "q5", ...)[1]
    assert "'nadmiarowe_zgony'" in _feedback(path, "q2", right)[1]
    assert "wiersza 2" in _feedback(path, "q3", ...)[1]


@pytest.mark.parametrize("name", PL_NAMES)
def test_wrong_answers_get_polish_hints(name):
    import pandas as pd

    path = PL_STUDENT / f"{name}.ipynb"
    wrong = {"None": None, "text": "20 milionów", "list": [1, 2], "bool": True, "dots": Ellipsis,
             "table": pd.DataFrame({"x": [1.0]})}
    for q in _load(path)["metadata"]["otter"]["tests"]:
        for label, value in wrong.items():
            status, message = _feedback(path, q, value)
            assert status == "wrong" and message.startswith(f"{q}: jeszcze nie."), (name, q, label, message)
            english = ENGLISH.findall(_prose(message))
            assert not english, f"{name} {q} {label}: English words {english}: {message}"


# ------------------------------------------------------------------ student copies, grading

@pytest.fixture(scope="module")
def built_pl(tmp_path_factory):
    """Every Polish set generated once; otter runs each master's solutions against all tests."""
    out = tmp_path_factory.mktemp("assign-pl") / "exercises"
    try:
        assign.build(out, run_tests=True, lang="pl")
    except assign.SolutionsFail as exc:
        pytest.fail(str(exc))
    return out


def test_polish_sets_build_into_their_own_folder(built_pl):
    for name in PL_NAMES:
        for kind in ("student", "teacher"):
            assert (built_pl / "pl" / name / kind / f"{name}.ipynb").is_file()
        assert (built_pl / "pl" / name / "autograder" / f"{name}-autograder.zip").is_file()


def test_committed_polish_student_copies_are_up_to_date(built_pl):
    fresh = {f"{n}.ipynb": _load(built_pl / "pl" / n / "student" / f"{n}.ipynb") for n in PL_NAMES}
    problems = assign.stale_student_copies(PL_STUDENT, fresh, lang="pl")
    assert not problems, ("exercises/pl/student/ is out of date with the masters: " + "; ".join(problems)
                          + ". Run: python -m exercises.tools.assign --refresh-student")
    for name in PL_NAMES:
        nb = _load(PL_STUDENT / f"{name}.ipynb")
        assert nb["metadata"]["gleap"]["lang"] == "pl" and nb["metadata"]["otter"]["assignment_name"] == name
        first = _src(nb["cells"][0])
        assert first.startswith("# Uruchom najpierw") and f'Checker("{name}.ipynb")' in first
        placeholders = [_src(c) for c in nb["cells"] if "otter_answer_cell" in c["metadata"].get("tags", [])
                        and c["cell_type"] == "markdown"]
        assert placeholders and all(p.startswith("_Wpisz tu") for p in placeholders), placeholders


def test_no_polish_solution_or_hidden_test_in_a_student_file(built_pl):
    secrets = set()
    for master in PL:
        inside = False
        for cell in _load(master)["cells"]:
            src = _src(cell)
            if cell["cell_type"] == "raw" and src.startswith("# BEGIN SOLUTION"):
                inside = True
            elif cell["cell_type"] == "raw" and src.startswith("# END SOLUTION"):
                inside = False
            elif inside and cell["cell_type"] == "markdown":
                secrets.add(src.strip()[:80])
            elif inside:
                secrets.update(l.replace("# SOLUTION", "").strip() for l in src.splitlines()
                               if len(l.replace("# SOLUTION", "").strip()) > 10)
            if '"""' in src and "hidden: true" in src:
                secrets.update(re.findall(r"def (test_q\d+_value)\(", src))
    assert secrets
    markers = ["# SOLUTION", "BEGIN SOLUTION", "hidden=True", "Przykładowa odpowiedź", "Kryteria oceny",
               "ASSIGNMENT CONFIG"]
    files = sorted(PL_STUDENT.glob("*.ipynb")) + sorted((built_pl / "pl").glob("*/student/*"))
    assert len(files) >= 2 * len(PL_NAMES)
    for path in files:
        text = path.read_text(encoding="utf-8")
        for secret in [*markers, *secrets]:
            assert secret not in text, f"{path.name} contains {secret!r}"


@pytest.mark.parametrize("name", PL_NAMES)
def test_a_wrong_answer_scores_nothing_in_polish_sets(built_pl, name):
    """As in the English sets: a well-formed wrong answer scores 0 (form checks are worth 0)."""
    from wrong_answers import problems_with_wrong_answers

    master = PL[PL_NAMES.index(name)]
    auto = [q["name"] for q in questions(master) if not q["manual"]]
    zip_path = built_pl / "pl" / name / "autograder" / f"{name}-autograder.zip"
    problems, tried = problems_with_wrong_answers(zip_path, auto)
    assert not problems, f"{name}: " + "; ".join(problems)
    assert set(tried) == set(auto) and all(n > 0 for n, _ in tried.values()), tried


@pytest.mark.parametrize("name", PL_NAMES)
def test_unanswered_polish_student_copy_runs_and_answers_in_polish(tmp_path_factory, name):
    from conftest import student_copy_run_once  # the same run as tests/test_polish_outputs.py reads

    nb, checks = student_copy_run_once(PL_STUDENT, name, tmp_path_factory)
    assert len(checks) == sum(not q["manual"] for q in questions(PL_STUDENT.parent / f"{name}.ipynb"))
    for cell in checks:
        text = " ".join(o.get("text", "") for o in cell.outputs)
        assert "jeszcze nie" in text and "dobrze" not in text, f"{name}: {cell.source}: {text}"
        english = ENGLISH.findall(_prose(text))
        assert not english, f"{name}: English words {english} in: {text}"
    printed = " ".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Traceback" not in printed


def test_grading_finds_the_polish_autograder(built_pl, tmp_path):
    name = "05_liczenie"
    subs = tmp_path / "subs"
    (subs / "ala").mkdir(parents=True)
    (subs / "ola").mkdir()
    shutil.copy(built_pl / "pl" / name / "teacher" / f"{name}.ipynb", subs / "ala" / f"{name}.ipynb")  # full marks
    shutil.copy(PL_STUDENT / f"{name}.ipynb", subs / "ola" / "praca_domowa.ipynb")  # unanswered; set from metadata
    out = tmp_path / "grades.csv"
    assert grade.main(["--submissions", str(subs), "--out", str(out), "--autograders", str(built_pl),
                       "--timeout", "120", "-q"]) == 0
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    by = {(r["student"], r["question"]): r for r in rows}
    for q in questions(PL[[m.stem for m in PL].index(name)]):
        ala, ola = by["ala", q["name"]], by["ola", q["name"]]
        assert ala["set"] == ola["set"] == name
        if q["manual"]:
            assert ala["status"] == "manual"
            continue
        assert ala["status"] == "graded" and float(ala["score"]) == float(q["points"]), ala
        assert ola["status"] == "graded" and float(ola["score"]) == 0, ola
