"""A student's slip gets one line: the errors a student can trigger with an argument from the
lessons (a wrong word, a Polish word, forgotten quotes, a column the table does not have) show as
one sentence in the student's language, naming what is allowed, with no traceback through the
package; and no raw repr (``Ellipsis``, ``np.float64(...)``) in an answer cell's output.

Each slip runs in a real kernel (nbclient), as a student's cell would, and the test counts the
lines of the error output JupyterLab would show.
"""
from __future__ import annotations

import re

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")

SETUP = "import gleap_data as gd\nofficial = gd.excess_deaths(baseline=1957, years=(1959, 1961))"
# (cell, words the one line must hold in English, in Polish)
SLIPS = [
    ('gd.excess_deaths(rates="zrekonstruowane")', ["'vital_rates_reconstructed'", "'zrekonstruowane'"],
     ["musi być", "'vital_rates_reconstructed'", "'zrekonstruowane'"]),
    ('gd.excess_deaths(baseline="linia trendu")', ["'trend'", "'linia trendu'"], ["'trend'", "'linia trendu'"]),
    ("gd.excess_deaths(baseline=trend)", ['"trend"', "quotes"], ['"trend"', "cudzysłów"]),     # trend undefined
    ("trend = gd.excess_deaths(baseline='trend')\ngd.excess_deaths(baseline=trend)",            # trend a table
     ["'trend' in quotes", "not a table"], ["'trend' w cudzysłowie", "a nie tabelą"]),
    ('gd.excess_deaths(by="prowincja")', ["'year'", "'province'", "'prowincja'"], ["'province'", "a nie 'prowincja'"]),
    ('official["nadmiarowe_zgony"]', ["'nadmiarowe_zgony'", "excess_deaths"], ["nie ma kolumny", "excess_deaths"]),
    ("q5 = no", ['"no"', "quotes"], ['"no"', "cudzysłów"]),
    ('gd.load("zgony")', ["'zgony'", "vital_rates"], ["Nie ma zbioru", "vital_rates"]),
]
PACKAGE_INSIDES = ("Traceback", "File ", "site-packages", "gleap_data/", ", line ", "DataFrame\n", "population ")


def _run(cells, tmp_path, env=None):
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb.cells


def _shown(cell) -> str:
    """What JupyterLab shows under a cell: streams, plain-text results and error tracebacks."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "error":
            parts.append(ANSI.sub("", "\n".join(out.traceback)))
        elif out.output_type == "stream":
            parts.append(out.text)
        elif "text/plain" in out.get("data", {}):
            parts.append(out.data["text/plain"])
    return "\n".join(parts).strip()


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_each_slip_is_one_sentence_in_the_students_language(tmp_path, lang):
    setup = SETUP + (f'\ngd.set_language("{lang}")')
    cells = _run([setup, *[cell for cell, _, _ in SLIPS]], tmp_path)
    assert not [o for o in cells[0].outputs if o.output_type == "error"], _shown(cells[0])
    for (source, en, pl), cell in zip(SLIPS, cells[1:]):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        text = _shown(cell)
        assert len(errors) == 1, f"{source!r}: {text}"
        lines = [line for line in text.splitlines() if line.strip()]
        assert len(lines) == 1, f"{source!r} shows {len(lines)} lines:\n{text}"
        for words in (en if lang == "en" else pl):
            assert words in text, f"{source!r}: no {words!r} in {text!r}"
        for inside in PACKAGE_INSIDES:
            assert inside not in text, f"{source!r}: {inside!r} in {text!r}"


def test_other_errors_keep_their_traceback(tmp_path):
    """Only the slips are shortened: a real error (here, in a student's own code) keeps it all."""
    cells = _run([SETUP, "1 / 0", '{"a": 1}["b"]', "def f():\n    return undefined_inside\nf()"], tmp_path)
    for cell in cells[1:3]:
        assert len(_shown(cell).splitlines()) > 1 and "Traceback" in _shown(cell), _shown(cell)
    assert "undefined_inside" in _shown(cells[3])


def test_answers_show_as_plain_values(tmp_path):
    cells = _run([SETUP, "q1 = ...\nq1", 'q2 = official["excess_deaths"].sum() / 1e6\nq2',
                  "import numpy as np\n[np.int64(1960), np.float64(0.5), np.True_]"], tmp_path)
    shown = [_shown(c) for c in cells[1:]]
    assert shown[0] == "..."
    assert re.fullmatch(r"14\.55\d*", shown[1]), shown[1]
    assert shown[2] == "[1960, 0.5, True]"
    for text in shown:
        assert "Ellipsis" not in text and "np." not in text and "float64" not in text, text


def test_gleap_tracebacks_asks_for_pythons_own(tmp_path, monkeypatch):
    """An author can have the full tracebacks back: GLEAP_TRACEBACKS=1."""
    monkeypatch.setenv("GLEAP_TRACEBACKS", "1")
    cells = _run([SETUP, 'gd.excess_deaths(rates="zrekonstruowane")'], tmp_path)
    assert "Traceback" in _shown(cells[1]) and "vital_rates_reconstructed" in _shown(cells[1])


def test_check_names_a_slip_shown_in_one_line_even_before_the_first_check(tmp_path):
    """The first cell skipped, `q5 = no` fails, then the check: it names the unknown name."""
    import shutil
    from pathlib import Path

    student = Path(__file__).resolve().parents[1] / "exercises" / "student" / "05_counting.ipynb"
    shutil.copy(student, tmp_path)
    cells = _run(["import gleap_data as gd", "q5 = no", "from gleap_data.selfcheck import check\ncheck('q5')"],
                 tmp_path)
    text = _shown(cells[2])
    assert "stopped with an error" in text and "does not know the name no" in text, text
