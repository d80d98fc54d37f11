"""The time model: how many minutes a lesson's core path takes a class, by component.

The model is the one written in docs/teachers/README.md ("How long a lesson takes"); this file is
its only implementation. tests/test_lesson_time.py applies it to every lesson and compares the
table in docs/teachers/README.md with what this file makes now.

    python tools/lesson_time.py            # print the table
    python tools/lesson_time.py --write    # rewrite the table in docs/teachers/README.md

What is counted (the core path: every cell before "## Going further"):
- reading: the words of every markdown cell students read, at a class's reading speed. Counted:
  our prose, our English translations of the course text, the quoted primary sources, the check
  questions' own words are NOT counted here (they are in the check time), nor the Sources list
  (students do not read it in class), the Polish course text in the English edition, or Chinese
  originals. A dataset description the lesson prints for students to read counts as reading too.
- every numbered section ("## 1. ..."): the teacher introduces the step;
- every code cell: running it and looking at what it prints;
- a chart (gd.charts.*) or an explorer (gd.widgets.*) instead of a plain cell;
- every "### Your turn";
- every primary source: a quoted document from the period with its Chinese original (at least
  MIN_CJK Chinese characters in a cell that is not a course-text passage): reading it closely and
  asking who wrote it, for whom, why and when;
- every "Check your understanding" item: short, or written (an item marked "(a few sentences)");
- logistics (getting the notebooks open; the first Binder launch in lesson 00);
- one timed whole-class discussion.
"""
from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from gleap_data.labels import Catalogued

ROOT = Path(__file__).resolve().parents[1]
LESSONS_DIR = ROOT / "notebooks"
TEACHERS = ROOT / "docs" / "teachers"
README = TEACHERS / "README.md"
PERIOD_MINUTES = 45
MIN_CJK = 20
WRITTEN_MARK = "(a few sentences)"
# A check item whose question asks for reasons is a written answer whatever it is marked.
WRITTEN_WORDS = re.compile(r"\b(why|explain|rewrite|write|compute)\b", re.IGNORECASE)

# Minutes (reading in words a minute). "typical": a mixed-ability class of 16-18-year-olds, most
# of whom have never programmed; "smooth": a class that reads fast and has run notebooks before.
# The figures are the teacher's review's (../shared/research/reviews-2026-12, section 2.2).
MODELS = {
    "typical": {"words_per_minute": 120, "cell": 0.5, "chart": 1.5, "explorer": 4, "your_turn": 4,
                "primary_source": 6, "short_item": 1.5, "written_item": 3, "logistics": 4,
                "first_launch": 8, "discussion": 3, "section": 1},
    "smooth": {"words_per_minute": 160, "cell": 0.4, "chart": 1, "explorer": 3, "your_turn": 3,
               "primary_source": 4, "short_item": 1, "written_item": 2, "logistics": 2,
               "first_launch": 4, "discussion": 3, "section": 0.5},
}
COMPONENTS = ("reading", "sections", "cells", "charts", "explorers", "your_turn", "primary_sources", "check",
              "logistics", "discussion")
HEADINGS = {"reading": "reading", "sections": "sections", "cells": "cells", "charts": "charts", "explorers": "explorers",
            "your_turn": "Your turn", "primary_sources": "primary sources", "check": "check items",
            "logistics": "logistics", "discussion": "discussion"}

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def _src(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def count_words(text: str) -> int:
    """Words a student reads: inline code is one word, links none, Chinese script none."""
    text = _CJK.sub(" ", text)
    text = re.sub(r"`[^`]*`", " x ", text)
    text = re.sub(r"https?://\S+", " ", text)
    return len(re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", text))


def _heading(text: str) -> str:
    return text.lstrip().splitlines()[0].lower() if text.strip() else ""


def core_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text("utf-8"))["cells"]
    kept = []
    for cell in cells:
        if cell["cell_type"] == "markdown" and _heading(_src(cell)).startswith("## going further"):
            break
        kept.append(cell)
    return kept


def check_items(text: str) -> list[tuple[int, str]]:
    return [(int(m[1]), m[2].strip()) for m in re.finditer(r"(?ms)^(\d+)\.\s(.*?)(?=^\d+\.\s|\Z)", text)]


def is_written(item: str) -> bool:
    return WRITTEN_MARK in item or bool(WRITTEN_WORDS.search(item))


def _is_passage(text: str) -> bool:
    return text.lstrip().startswith("**Course text, passage")


def _reading_text(text: str) -> str:
    """What a student of the English edition reads in one markdown cell."""
    if _is_passage(text):
        # the Polish line is for those who read Polish; our English is read by everyone
        return "\n".join(l for l in text.splitlines()
                         if not (l.lstrip().startswith(">") and "**English**" not in l))
    return text


def _description_words(code: str) -> int:
    """A code cell that prints a dataset's description gives the class that text to read."""
    names = re.findall(r"""gd\.describe\(["'](\w+)["']\)\[["']description["']\]""", code)
    if not names:
        return 0
    package = json.loads((ROOT / "gleap_data" / "datapackage.json").read_text("utf-8"))
    by_name = {r["name"]: r for r in package["resources"]}
    return sum(count_words(by_name[n].get("description", "")) for n in names)


@dataclass
class Lesson:
    name: str
    words: int = 0
    sections: int = 0
    cells: int = 0
    charts: int = 0
    explorers: int = 0
    your_turns: int = 0
    primary_sources: int = 0
    short_items: int = 0
    written_items: int = 0
    first_launch: bool = False
    items: list = field(default_factory=list)

    def minutes(self, model: str = "typical") -> dict[str, float]:
        m = MODELS[model]
        parts = {
            "reading": self.words / m["words_per_minute"],
            "sections": self.sections * m["section"],
            "cells": self.cells * m["cell"],
            "charts": self.charts * m["chart"],
            "explorers": self.explorers * m["explorer"],
            "your_turn": self.your_turns * m["your_turn"],
            "primary_sources": self.primary_sources * m["primary_source"],
            "check": self.short_items * m["short_item"] + self.written_items * m["written_item"],
            "logistics": m["first_launch"] if self.first_launch else m["logistics"],
            "discussion": m["discussion"],
        }
        return parts

    def total(self, model: str = "typical") -> float:
        return sum(self.minutes(model).values())

    def check_minutes(self, model: str = "typical") -> float:
        return self.minutes(model)["check"]


def measure(path: Path) -> Lesson:
    lesson = Lesson(name=path.stem, first_launch=path.stem.startswith("00_"))
    for cell in core_cells(path):
        text = _src(cell)
        if cell["cell_type"] == "code":
            if "gd.widgets." in text:
                lesson.explorers += 1
            elif "gd.charts." in text:
                lesson.charts += 1
            else:
                lesson.cells += 1
            lesson.words += _description_words(text)
            continue
        if cell["cell_type"] != "markdown":
            continue
        heading = _heading(text)
        if heading.startswith("## sources"):
            continue
        if heading.startswith("## check your understanding"):
            for number, item in check_items(text):
                lesson.items.append((number, is_written(item)))
                if is_written(item):
                    lesson.written_items += 1
                else:
                    lesson.short_items += 1
            continue
        lesson.sections += sum(1 for l in text.splitlines() if re.match(r"## \d+\.\s", l))
        lesson.your_turns += sum(1 for l in text.splitlines() if l.strip().lower() == "### your turn")
        if not _is_passage(text) and len("".join(_CJK.findall(text))) >= MIN_CJK:
            lesson.primary_sources += 1
        lesson.words += count_words(_reading_text(text))
    return lesson


def lessons(root: Path = ROOT) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


#: The words of the minutes table, in English; other languages from the package's catalogue
#: (gleap_data/locales/<lang>/LC_MESSAGES/gleap.po, msgctxt lesson_time.<key>), merged by make translations.
TABLE_WORDS = Catalogued("lesson_time", {**HEADINGS, "first": "lesson", "typical": "typical class",
                                          "smooth": "smooth class", "heading": "## Minutes by lesson, by the model"})


def overruns(paths=None, model: str = "typical") -> list[Path]:
    """The lessons whose core path needs more than one period."""
    paths = lessons() if paths is None else paths
    return [p for p in paths if measure(p).total(model) > PERIOD_MINUTES + 1e-9]


def _fmt(x: float, language: str = "en") -> str:
    text = f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"
    return text.replace(".", ",") if language == "pl" else text


def table(paths=None, language: str = "en") -> str:
    """The minutes table for docs/teachers/README.md (English) or its Polish translation."""
    paths = lessons() if paths is None else paths
    names = TABLE_WORDS[language]
    head = [names["first"]] + [names[c] for c in COMPONENTS] + [f"**{names['typical']}**", names["smooth"]]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for path in paths:
        lesson = measure(path)
        parts = lesson.minutes("typical")
        cells = [path.stem[:2]] + [_fmt(parts[c], language) for c in COMPONENTS]
        cells += [f"**{math.ceil(lesson.total('typical'))}**", str(math.ceil(lesson.total("smooth")))]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


BEGIN = "<!-- minutes table: generated by tools/lesson_time.py, do not edit by hand -->"
END = "<!-- end of minutes table -->"


def replace_table(text: str, new_table: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{README.relative_to(ROOT)} has no minutes table between the markers "
                         f"{BEGIN!r} and {END!r}")
    return pattern.sub(lambda _: f"{BEGIN}\n{new_table}\n{END}", text)




def write_polish_entry() -> Path:
    """The Polish catalogue entry of the table's section is generated too (only numbers and column
    names): run `make translations` afterwards to build docs/nauczyciele/README.md."""
    sys.path.insert(0, str(ROOT / "tools"))
    import translations  # noqa: E402  (tools/translations.py: Babel catalogues)
    return translations.write_generated_entry("pl", README.relative_to(ROOT).as_posix(), BEGIN,
                                              f"{TABLE_WORDS['pl']['heading']}\n\n{BEGIN}\n{table(language='pl')}\n{END}")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    new = table()
    if "--write" in argv:
        README.write_text(replace_table(README.read_text("utf-8"), new), "utf-8")
        print(f"wrote the minutes table in {README.relative_to(ROOT)}")
        print(f"wrote its Polish entry in {write_polish_entry().relative_to(ROOT)}; now run make translations")
    else:
        print(new)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
