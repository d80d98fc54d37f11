"""A Polish student answers in the words the Polish tables show (issue 19, section 3): "tak"/"nie",
"wynik ogłoszony", "naukowe", the Polish name of a series. The checks map them to the data's codes,
so the public and the hidden tests of the Polish sets accept both the Polish word and the code.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gleap_data import selfcheck
from gleap_data._data import _resources
from gleap_data.display import CODE_COLUMNS
from gleap_data.labels import LABELS, LANGUAGES

ROOT = Path(__file__).resolve().parents[1]

# (Polish master, question, answers that must pass, answers that must not)
CASES = [
    ("exercises/pl/03_komuny.ipynb", "q5", ["b", "B", " b "], ["a", "c", "seria NBS", "nbs"]),
    ("exercises/pl/05_liczenie.ipynb", "q5", ["b", "B", " b "], ["a", "c", "nie", "no"]),
    ("exercises/pl/06_szacunki.ipynb", "q1", ["niesprawdzone", "Niesprawdzone", "„niesprawdzone”", "unverified"],
     ["oficjalne", "official", "naukowe"]),
]


def _tests(master: str, question: str) -> list[str]:
    """The code of every test cell (public and hidden) of ``question`` in a master."""
    cells = json.loads((ROOT / master).read_text("utf-8"))["cells"]
    out, inside, in_tests = [], False, False
    for cell in cells:
        src = "".join(cell["source"])
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN QUESTION"):
            inside = f"name: {question}\n" in src + "\n"
        elif inside and cell["cell_type"] == "raw" and src.startswith("# BEGIN TESTS"):
            in_tests = True
        elif inside and cell["cell_type"] == "raw" and src.startswith("# END TESTS"):
            in_tests = inside = False
        elif in_tests and cell["cell_type"] == "code":
            out.append(src)
    assert out, f"{master}: no tests for {question}"
    return out


def _passes(master: str, question: str, answer) -> bool:
    for code in _tests(master, question):
        try:
            exec(compile(code, master, "exec"), {question: answer})
        except selfcheck.NotYet:
            return False
    return True


def _right_answer(master, question):
    """The code the master's solution gives (from the English master, so the code itself)."""
    cells = json.loads((ROOT / master).read_text("utf-8"))["cells"]
    for cell in cells:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and src.startswith(f"{question} = ") and "# SOLUTION" in src:
            return eval(src.split("=", 1)[1].split("# SOLUTION")[0])
    raise AssertionError(f"{master}: no solution line for {question}")


@pytest.mark.parametrize("master,question,right,wrong", CASES)
def test_polish_words_pass_the_public_and_hidden_tests(master, question, right, wrong):
    code = _right_answer(master, question)
    shown = {LABELS["pl"][k] for k in LABELS["pl"]}
    right = right or [w for w in shown if selfcheck._fold(w) in selfcheck._shown_words()
                      and selfcheck._shown_words()[selfcheck._fold(w)] == code]
    assert right, f"{master} {question}: no Polish word for {code!r}"
    for answer in right:
        assert _passes(master, question, answer), f"{master} {question}: {answer!r} should pass"
    for answer in wrong:
        if selfcheck._as_code(answer) != code:
            assert not _passes(master, question, answer), f"{master} {question}: {answer!r} should fail"


def test_no_shown_word_stands_for_two_codes():
    seen: dict[str, set] = {}
    for resource in _resources().values():
        for field in resource["schema"]["fields"]:
            if field["name"] in CODE_COLUMNS:
                for code in field.get("constraints", {}).get("enum", []):
                    for lang in LANGUAGES:
                        word = LABELS[lang].get(CODE_COLUMNS[field["name"]].format(code))
                        for w in filter(None, (code, word)):
                            seen.setdefault(selfcheck._fold(w), set()).add(code)
    clashes = {w: codes for w, codes in seen.items() if len(codes) > 1}
    assert not clashes, f"one word for two codes, a typed answer would be ambiguous: {clashes}"
    assert selfcheck._shown_words()["wynik ogłoszony"] == "announced"
    assert selfcheck._shown_words()["tak"] == "yes"


def test_other_texts_are_left_as_typed():
    assert selfcheck.text(" ashton1984 ", "q4") == "ashton1984"
    assert selfcheck.texts(["rummel1991", "Becker1996"], "q4") == ["rummel1991", "Becker1996"]


def test_polish_questions_ask_for_polish_words():
    for master, question in [("exercises/pl/05_liczenie.ipynb", "q5"), ("exercises/pl/01_praca.ipynb", "q4")]:
        text = (ROOT / master).read_text("utf-8")
        assert "po angielsku" not in text, master
    assert '`q5 = \\"a\\"`' in (ROOT / "exercises/pl/05_liczenie.ipynb").read_text("utf-8")
