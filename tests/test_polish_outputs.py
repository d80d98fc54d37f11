"""No English reaches a Polish student (issue 19, "Measured"): every Polish lesson is run top to
bottom in a fresh kernel (Run All), and so is every Polish exercise set's student copy (its checks
run on the unanswered `...` values, so every check says "jeszcze nie"); the texts of all their
outputs (printed text, tables, check messages, errors, and every text of every chart) are scanned
with the English-word checker of tests/test_polish.py. Code, identifiers, URLs and cited titles
are allowed, as there, and so is the provenance of each figure (source titles and the datasets'
``source`` cells), which is cited as printed and not translated yet. Wrong and wrong-typed answers are scanned in tests/test_exercises_pl.py
(test_wrong_answers_get_polish_hints); the static site's Polish pages by tests/test_site.py.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from test_polish import _report, english_words

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks" / "pl").glob("[0-9][0-9]_*.ipynb"))
STUDENT_SETS = sorted((ROOT / "exercises" / "pl" / "student").glob("[0-9][0-9]_*.ipynb"))
#: Output lines that are code a student reads as code: a pandas/numpy repr footer, a Python
#: exception's class name.
_CODE_LINES = re.compile(r"^(Name: .*dtype: \w+|dtype: \w+|Length: \d+.*)$", re.M)


def _plotly_texts(figure: dict) -> list[str]:
    """Every text of a plotly figure (as JSON): title, axes, annotations, trace names, texts, hovers."""
    layout = figure.get("layout", {})
    texts = [(layout.get("title") or {}).get("text", "")]
    for key, axis in layout.items():
        if re.match(r"[xy]axis\d*$", key) and isinstance(axis, dict):
            texts.append((axis.get("title") or {}).get("text", ""))
            texts += [t for t in axis.get("ticktext", []) or [] if isinstance(t, str)]
    texts += [a.get("text", "") for a in layout.get("annotations", [])]
    meta = layout.get("meta")
    if isinstance(meta, dict):
        texts.append(meta.get("description", ""))
    for trace in figure.get("data", []):
        texts.append(trace.get("name", "") or "")
        for prop in ("text", "hovertext", "hovertemplate", "x", "y"):
            value = trace.get(prop)
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, list):
                texts += [v for v in value if isinstance(v, str)]
    return [t for t in texts if t]


def output_texts(notebook: dict) -> list[str]:
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                texts.append("".join(output["text"]))
            elif output["output_type"] == "error":
                texts.append(f"{output['evalue']}")  # the class name is Python's, the sentence ours
            else:
                data = output.get("data", {})
                if "application/vnd.jupyter.widget-view+json" in data:
                    continue  # an explorer: its words are checked in tests/test_polish.py (_explore)
                if "application/vnd.plotly.v1+json" in data:
                    texts += _plotly_texts(data["application/vnd.plotly.v1+json"])
                elif "text/html" in data:
                    page = re.sub(r"<style[^>]*>[\s\S]*?</style>", " ", "".join(data["text/html"]))
                    texts.append(re.sub(r"<[^>]+>", " ", page))
                elif "text/markdown" in data:
                    texts.append("".join(data["text/markdown"]))
                elif "text/plain" in data:
                    texts.append(_CODE_LINES.sub(" ", "".join(data["text/plain"])))
    return [t for t in texts if t.strip()]


def _provenance() -> list[str]:
    """Where each figure was read, as the sources print it: every source title of datapackage.json
    (in English and as the catalogue gives it in Polish) and every cell of a dataset's ``source`` column. They are cited as printed (the sources are
    being re-done under the bibliography issue), so the scan leaves them out, longest first."""
    import gleap_data as gd
    from gleap_data._data import _resources
    from gleap_data.labels import text_in

    found = set()
    for name, resource in _resources().items():
        titles = {s["title"] for s in resource.get("sources", []) if s.get("title")}
        # and as gd.cite prints them in Polish (the catalogue's title: the work's title as printed)
        found |= titles | {text_in("datapackage.sources.title", title, "pl") for title in titles}
        if any(f["name"] == "source" for f in resource["schema"]["fields"]):
            found |= set(gd.load(name)["source"].dropna().astype(str))
    return sorted(found, key=len, reverse=True)


def _without_provenance(texts: list[str]) -> list[str]:
    sources = _provenance()
    out = []
    for text in texts:
        for source in sources:
            text = text.replace(source, " ")
        out.append(text)
    return out


def _run(path: Path, tmp_path: Path, tmp_path_factory) -> dict:
    import nbformat
    from nbclient import NotebookClient

    if path in STUDENT_SETS:  # run once per run, alone in a folder, with tests/test_exercises_pl.py's test of it
        from conftest import student_copy_run_once

        return json.loads(nbformat.writes(student_copy_run_once(path.parent, path.stem, tmp_path_factory)[0]))
    folder = tmp_path / path.parent.name
    shutil.copytree(path.parent, folder, dirs_exist_ok=True)
    notebook = nbformat.read(folder / path.name, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return json.loads(nbformat.writes(notebook))


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS + STUDENT_SETS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_english_in_the_outputs_of_a_polish_notebook(path, tmp_path, tmp_path_factory):
    notebook = _run(path, tmp_path, tmp_path_factory)
    texts = output_texts(notebook)
    assert texts, f"{path.name}: no outputs collected"
    found = english_words(_without_provenance(texts))
    assert not found, f"{path.name} shows English after Run All: {_report(found)}"


def test_the_output_scan_sees_charts_tables_and_messages():
    """The collector reads what a student sees (checked on hand-made outputs)."""
    notebook = {"cells": [{"outputs": [
        {"output_type": "stream", "text": ["q1: jeszcze nie. Read the table."]},
        {"output_type": "display_data", "data": {"application/vnd.plotly.v1+json": {
            "data": [{"name": "Death rate", "x": [1959]}], "layout": {"title": {"text": "Tytuł"}}}}},
        {"output_type": "display_data", "data": {"text/html": "<style>td {first-child: 1}</style><td>Source</td>"}},
        {"output_type": "error", "ename": "ArgumentValueError", "evalue": "by must be 'year'"},
    ]}]}
    texts = output_texts(notebook)
    found = english_words(texts)
    assert {"read", "death", "source"} <= set(found), found
    assert "first" not in found
