"""The notebooks as files: no outputs, the whole course text quoted, the teaching frame present.

(nbval executes every lesson: see testpaths in pyproject.toml; each student copy runs in
tests/test_exercises.py and tests/test_exercises_pl.py.)
"""
import json
import re
from pathlib import Path

import pytest

import gleap_data as gd

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALL_COMMITTED = NOTEBOOKS + sorted((ROOT / "exercises").rglob("*.ipynb"))


def _cells(path):
    return json.loads(path.read_text("utf-8"))["cells"]


def _source(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _flat(text):
    """Markdown quote marks and line breaks removed, white space folded."""
    text = re.sub(r"(?m)^\s*>\s?", "", text)
    return re.sub(r"\s+", " ", text)


def test_there_is_a_sequence_with_a_start_here():
    names = [p.name for p in NOTEBOOKS]
    assert names[0].startswith("00_start_here")
    assert len(names) >= 6


@pytest.mark.parametrize("path", ALL_COMMITTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name}: a code cell has outputs"
            assert cell.get("execution_count") is None, f"{path.name}: an execution count is set"
    assert "widgets" not in nb.get("metadata", {}), f"{path.name}: widget state is saved"


def test_every_course_text_passage_is_quoted_verbatim():
    markdown = " ".join(_flat(_source(c)) for p in NOTEBOOKS for c in _cells(p) if c["cell_type"] == "markdown")
    missing = [row.passage_id for row in gd.load("course_text").itertuples() if _flat(row.text_pl) not in markdown]
    assert not missing, f"passages quoted in no notebook: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_teaching_frame(path):
    text = " ".join(_source(c) for c in _cells(path) if c["cell_type"] == "markdown").lower()
    assert "learning objectives" in text, f"{path.name}: no learning objectives"
    assert "sources" in text, f"{path.name}: no sources list"
    if not path.name.startswith("00"):
        assert "check your understanding" in text, f"{path.name}: no 'check your understanding'"
        assert "exercise" in text, f"{path.name}: no pointer to the exercise"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chart_has_a_reading_under_it(path):
    cells = _cells(path)
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code" and re.search(r"gd\.(charts|widgets)\.", _source(cell)):
            after = cells[i + 1] if i + 1 < len(cells) else None
            assert after is not None and after["cell_type"] == "markdown", (
                f"{path.name}: the chart in cell {i} has no reading under it")
            assert "reading" in _source(after).lower(), f"{path.name}: cell {i + 1} should start with a reading"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_stay_short(path):
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            lines = [l for l in _source(cell).splitlines() if l.strip() and not l.strip().startswith("#")]
            assert len(lines) <= 4, f"{path.name}: a code cell has {len(lines)} lines: move the code into gleap_data"
