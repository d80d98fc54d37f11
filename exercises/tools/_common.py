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


def masters(sets=None) -> list[Path]:
    """The master notebooks, in lesson order; ``sets`` filters by name or number prefix ("01")."""
    found = sorted(p for p in EXERCISES_DIR.glob("*.ipynb") if MASTER_PATTERN.match(p.name))
    if sets:
        wanted = [str(s) for s in sets]
        found = [p for p in found if any(p.stem == w or p.stem.startswith(w + "_") or p.name == w for w in wanted)]
    return found


def set_names() -> list[str]:
    return [p.stem for p in masters()]


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
