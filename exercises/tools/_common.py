"""Shared helpers for the exercise tools: where the masters are, what they contain."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

EXERCISES_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = EXERCISES_DIR.parent
STUDENT_DIR = EXERCISES_DIR / "student"
MASTER_PATTERN = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
# The editions: language -> (folder of its masters, folder of its committed student copies,
# sub-folder of the build output). Set names differ between editions (01_labour, 01_praca), so a
# set name alone tells which edition and which autograder a submission belongs to.
LANGUAGES = ("en", "pl")
PL_DIR = EXERCISES_DIR / "pl"
MASTER_DIRS = {"en": EXERCISES_DIR, "pl": PL_DIR}
STUDENT_DIRS = {"en": STUDENT_DIR, "pl": PL_DIR / "student"}
OUT_SUBDIRS = {"en": "", "pl": "pl"}


def language_of(master: Path) -> str:
    """The edition a master belongs to: "pl" for exercises/pl/, else "en"."""
    return "pl" if Path(master).resolve().parent == PL_DIR.resolve() else "en"


def out_dir(out: Path, master: Path) -> Path:
    """Where a master's set goes in a build folder: ``out/<set>`` or ``out/pl/<set>``."""
    sub = OUT_SUBDIRS[language_of(master)]
    return (Path(out) / sub if sub else Path(out)) / Path(master).stem


def masters(sets=None, lang: str = "en") -> list[Path]:
    """The master notebooks, in lesson order; ``sets`` filters by name or number prefix ("01").

    ``lang`` is "en" (exercises/), "pl" (exercises/pl/) or "all" (English first, then Polish)."""
    langs = LANGUAGES if lang == "all" else (lang,)
    found = []
    for code in langs:
        found += sorted(p for p in MASTER_DIRS[code].glob("*.ipynb") if MASTER_PATTERN.match(p.name))
    if sets:
        wanted = [str(s) for s in sets]
        found = [p for p in found if any(p.stem == w or p.stem.startswith(w + "_") or p.name == w for w in wanted)]
    return found


def set_names(lang: str = "all") -> list[str]:
    return [p.stem for p in masters(lang=lang)]


def questions(master: Path) -> list[dict]:
    """Questions of a master in order: ``{"name", "points", "manual"}`` read from its BEGIN QUESTION cells."""
    nb = json.loads(Path(master).read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "raw" and source.lstrip().startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(source.split("\n", 1)[1]) or {}
            out.append({
                "name": str(config["name"]),
                "points": config.get("points", 1),
                "manual": bool(config.get("manual", False)),
            })
    return out
