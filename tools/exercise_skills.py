"""Exercise questions by skill, counted from the sets themselves.

Each question of an exercise master says what it practises in the brackets of its label, for
example ``**Question 6 (primary source: sourcing, corroboration; written answer).**``. This tool
reads those labels from the English masters (the Polish sets have the same questions) and counts
the questions per skill:

| label word | column |
|---|---|
| reading the chart | chart |
| computing, computing with the model | computing |
| sources | metadata look-up (the auto-checked *sources* questions read a code, a note or a flag) |
| written answer | written |
| primary source | primary source |
| sourcing, corroboration, chronology | the same |

    python tools/exercise_skills.py                  # print the table
    python tools/exercise_skills.py --write          # rewrite its section in docs/teachers/README.md
                                                     # and the Polish catalogue entry (then make translations)
    python tools/exercise_skills.py --before REV     # the counts of the masters at a git revision

tests/test_exercise_skills.py compares the section in the teacher's guide (both languages) with what
this tool makes now, and fails on a label word it does not know.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from gleap_data.labels import Catalogued

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "docs" / "teachers" / "README.md"
EXERCISES = ROOT / "exercises"

SKILLS = ["chart", "computing", "metadata", "written", "primary", "sourcing", "corroboration", "chronology"]
WORDS = {"reading the chart": "chart", "computing": "computing", "computing with the model": "computing",
         "sources": "metadata", "written answer": "written", "primary source": "primary",
         "sourcing": "sourcing", "corroboration": "corroboration", "chronology": "chronology"}
BEFORE_REV = "fa2cef4"
#: The words of the skills table, in English; other languages from the package's catalogue
#: (gleap_data/locales/<lang>/LC_MESSAGES/gleap.po, msgctxt skills.<key>), merged by make translations.
TABLE_WORDS = Catalogued("skills", {
    "set": "set", "questions": "questions", "chart": "chart reading", "computing": "computing",
    "metadata": "metadata look-up", "written": "written (marked by you)", "primary": "primary source",
    "sourcing": "sourcing", "corroboration": "corroboration", "chronology": "chronology", "all": "all sets",
    "before": "all sets before issue 21 (commit `{rev}`)",
    "heading": "## Exercise questions by skill",
    "intro": ("Counted from the labels of the questions in the sets (a question can practise several skills). "
              "The metadata look-ups are the auto-checked *sources* questions; the primary-source questions are "
              "written answers marked with the rubrics in [{rubrics}]({rubrics})."),
})
#: The rubric page of each edition (its file name differs).
RUBRICS = {"en": "rubrics.md", "pl": "kryteria_oceniania.md"}


class _ByLanguage:
    """One word of TABLE_WORDS by language, as the old {language: text} tables were read."""

    def __init__(self, key: str, **fields):
        self.key, self.fields = key, fields

    def __getitem__(self, language: str) -> str:
        text = TABLE_WORDS[language][self.key]
        return text.format(**{k: (v[language] if isinstance(v, dict) else v) for k, v in self.fields.items()})


HEADINGS = type("Headings", (), {"__getitem__": lambda self, language: TABLE_WORDS[language]})()
BEFORE_LABEL = _ByLanguage("before", rev=BEFORE_REV)
LABEL = re.compile(r"\*\*Question (\d+) \(([^)]*)\)\.\*\*")


def skills_of(label: str) -> set[str]:
    """The skills named in the brackets of one question label (see the module docstring)."""
    found = set()
    for part in label.split(";"):
        for piece in part.split(":"):
            for word in piece.split(","):
                word = word.strip().lower()
                if word not in WORDS:
                    raise ValueError(f"unknown skill word {word!r} in the label ({label})")
                found.add(WORDS[word])
    return found


def questions(nb: dict) -> dict[int, set[str]]:
    """{question number: skills} of one master notebook."""
    out = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for number, label in LABEL.findall(text):
            out[int(number)] = skills_of(label)
    return out


def counts(notebooks: dict[str, dict]) -> dict[str, dict[str, int]]:
    """{set name: {"questions": n, skill: n, ...}} for the given {set name: notebook}."""
    table = {}
    for name, nb in sorted(notebooks.items()):
        qs = questions(nb)
        row = {"questions": len(qs)} | {s: sum(s in skills for skills in qs.values()) for s in SKILLS}
        table[name] = row
    return table


def masters_now() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(EXERCISES.glob("[0-9][0-9]_*.ipynb"))}


def masters_at(rev: str) -> dict[str, dict]:
    """The English masters as they were at a git revision."""
    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", rev, "exercises/"],
                           check=True, capture_output=True, text=True).stdout.split()
    return {Path(n).stem: json.loads(subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{n}"], check=True,
                                                    capture_output=True, text=True).stdout)
            for n in names if re.fullmatch(r"exercises/\d\d_[a-z0-9_]+\.ipynb", n)}


def total(table: dict[str, dict[str, int]]) -> dict[str, int]:
    return {k: sum(row[k] for row in table.values()) for k in ["questions"] + SKILLS}


def _row(first: str, row: dict[str, int]) -> str:
    return "| " + " | ".join([first] + [str(row[k]) for k in ["questions"] + SKILLS]) + " |"


def markdown(table, before: dict[str, int] | None, language: str = "en") -> str:
    names = HEADINGS[language]
    head = [names["set"], names["questions"]] + [names[s] for s in SKILLS]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rows += [_row(f"`{name}`", row) for name, row in table.items()]
    rows.append(_row(f"**{names['all']}**", total(table)))
    if before is not None:
        rows.append(_row(BEFORE_LABEL[language], before))
    return "\n".join(rows)


BEGIN = "<!-- skills table: generated by tools/exercise_skills.py, do not edit by hand -->"
END = "<!-- end of skills table -->"
HEADING = _ByLanguage("heading")
INTRO = _ByLanguage("intro", rubrics=RUBRICS)


def section(table, before, language: str = "en") -> str:
    return f"{HEADING[language]}\n\n{INTRO[language]}\n\n{BEGIN}\n{markdown(table, before, language)}\n{END}"


def before_in(text: str) -> dict[str, int] | None:
    """The 'before' row as the README holds it (it is written once from git, see --write)."""
    for line in text.splitlines():
        if line.startswith("| " + BEFORE_LABEL["en"]) or line.startswith("| " + BEFORE_LABEL["pl"]):
            cells = [c.strip() for c in line.strip("|").split("|")][1:]
            return dict(zip(["questions"] + SKILLS, map(int, cells)))
    return None


def replace_section(text: str, new: str) -> str:
    pattern = re.compile(re.escape(HEADING["en"]) + r"\n.*?" + re.escape(END), re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: new, text)
    anchor = "\n## Before the first lesson"
    if anchor not in text:
        raise SystemExit(f"{README.relative_to(ROOT)}: no place for the skills table")
    return text.replace(anchor, f"\n{new}\n{anchor}", 1)


def write_polish_entry(table, before) -> Path:
    sys.path.insert(0, str(ROOT / "tools"))
    import translations  # noqa: E402  (tools/translations.py: Babel catalogues)
    return translations.write_generated_entry("pl", README.relative_to(ROOT).as_posix(), BEGIN,
                                              section(table, before, "pl"))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--before" in argv:
        print(markdown(counts(masters_at(argv[argv.index("--before") + 1])), None))
        return 0
    table = counts(masters_now())
    if "--write" in argv:
        text = README.read_text("utf-8")
        before = before_in(text) or total(counts(masters_at(BEFORE_REV)))
        README.write_text(replace_section(text, section(table, before)), "utf-8")
        print(f"wrote the skills table in {README.relative_to(ROOT)}")
        print(f"wrote its Polish entry in {write_polish_entry(table, before).relative_to(ROOT)}; now run make translations")
        return 0
    print(markdown(table, None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
