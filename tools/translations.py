"""Build the translated editions from the English sources and their gettext catalogues.

English is the only source. For every pair listed in ``locales/editions.toml`` (English source =
translated file) this tool

1. extracts the translatable text of the source: one entry per markdown cell of a notebook, one
   entry per section (a heading and what follows it, up to the next heading) of a markdown page;
2. merges it into the catalogue ``locales/<lang>/LC_MESSAGES/<source without suffix>.po`` with
   Babel's ``Catalog.update`` (what ``msgmerge`` does): an entry whose English text changed keeps
   its old translation, turns *fuzzy* and records the old English (``#| msgid``); new text gets an
   empty entry; text that left the source leaves the catalogue;
3. builds the translated file: code cells and everything else are copied from the source, the one
   declared difference (the language line) is added, and each markdown cell or section is replaced
   by its translation. A fuzzy entry is shown with the edition's visible "translation out of date"
   marker; a file with a missing entry is NOT written (the build refuses it and says which entry);
4. prints a report of every fuzzy or missing entry.

    python tools/translations.py           # update the catalogues, build, report (make translations)
    python tools/translations.py --check   # write nothing; exit 1 if any catalogue or built file
                                           # is not what this tool would write now
    python tools/translations.py --seed    # one-off: fill the catalogues by pairing today's English
                                           # and translated files cell by cell (refuses if they
                                           # do not pair)

PO files are read and written only with Babel (``babel.messages.pofile``); this module parses no PO.
"""
from __future__ import annotations

import argparse
import ast
import copy
import datetime
import io
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
EDITIONS_FILE = LOCALES / "editions.toml"
# Fixed header dates, so that building twice writes the same bytes (the dates of a change are in git).
EPOCH = datetime.datetime(2026, 12, 7, tzinfo=datetime.timezone.utc)
LANGUAGE_NAMES = {"pl": "Polish"}


class TranslationError(Exception):
    """A translated file cannot be built (missing entries, or a source the edition cannot handle)."""


@dataclass(frozen=True)
class Edition:
    language: str
    after: str
    language_line: str
    out_of_date: str
    out_of_date_short: str
    files: dict  # English source path -> translated path, both relative to the root
    exercise_folders: tuple = ()
    hint_arguments: dict = field(default_factory=dict)  # helper name -> translated argument positions
    string_keywords: tuple = ()  # keyword arguments whose string is translated (title=)
    dict_keywords: tuple = ()    # keyword arguments whose dict's string values are translated (labels=)

    def is_exercise(self, source: str) -> bool:
        return any(source.startswith(folder) for folder in self.exercise_folders)


def editions(root: Path = ROOT) -> dict[str, Edition]:
    config = tomllib.loads((root / "locales" / "editions.toml").read_text("utf-8"))
    exercises = config.pop("exercises", {})
    return {
        lang: Edition(lang, spec["after"], spec["language_line"], spec["out_of_date"],
                      spec["out_of_date_short"], dict(spec["files"]),
                      tuple(exercises.get("folders", ())),
                      {name: tuple(at) for name, at in exercises.get("hint_arguments", {}).items()},
                      tuple(exercises.get("string_keywords", ())), tuple(exercises.get("dict_keywords", ())))
        for lang, spec in config.items()
    }


def catalogue_path(language: str, source: str, root: Path = ROOT) -> Path:
    """``locales/<lang>/LC_MESSAGES/<source without suffix>.po`` (sphinx-intl's layout, not compact)."""
    return root / "locales" / language / "LC_MESSAGES" / Path(source).with_suffix(".po")


# ------------------------------------------------------------------ segments of a source

@dataclass
class Segment:
    text: str
    where: str  # "cell 3" or "line 12", for the report and the PO location


def _src(cell) -> str:
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


TEST_CONFIG = "# BEGIN TEST CONFIG"
FAILURE_MESSAGE = re.compile(r'^failure_message: "(.*)"$', re.M)


def hint_spans(code: str, hint_arguments: dict) -> list[tuple[int, int, str]]:
    """(start, end, text) of each sentence a test cell shows a student, as character offsets of the
    text between its quotes: the TEST CONFIG's failure_message and the declared string arguments of
    the selfcheck helpers. Cells that are not tests have none."""
    if TEST_CONFIG not in code:
        return []
    spans = []
    for m in FAILURE_MESSAGE.finditer(code):
        if "\\" in m.group(1):
            raise TranslationError(f"a failure_message with a backslash cannot be translated: {m.group(1)}")
        spans.append((m.start(1), m.end(1), m.group(1)))
    offset = _offsets(code)
    for node in ast.walk(ast.parse(code)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        for i in hint_arguments.get(node.func.id, ()):
            span = _literal_span(code, node.args[i], offset) if i < len(node.args) else None
            if span:
                spans.append(span)
    return sorted(spans)


def _literal_span(code: str, node, offset) -> tuple[int, int, str] | None:
    """(start, end, text) between the quotes of a plain one-line string literal ``node``."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or node.value.startswith("["):
        return None  # not a sentence (a variable, or a code example such as '["a", "b"]')
    start, end = offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)
    literal = code[start:end]
    if literal[0] not in "\"'" or literal[1] == literal[0] or literal[-1] != literal[0] or "\\" in literal:
        raise TranslationError(f"only plain one-line string literals without a backslash can be translated: {literal}")
    return start + 1, end - 1, node.value


def _offsets(code: str):
    starts = [0]
    lines = code.split("\n")
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(lineno, col):  # ast columns count UTF-8 bytes
        return starts[lineno - 1] + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))

    return offset


def chart_word_spans(code: str, string_keywords=(), dict_keywords=()) -> list[tuple[int, int, str]]:
    """(start, end, text) of the chart words of a code cell: the strings given to ``string_keywords``
    (title=) and the string values of the dicts given to ``dict_keywords`` (labels=)."""
    if not (string_keywords or dict_keywords):
        return []
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []  # a student's cell with ... or a magic: nothing to translate
    offset, spans = _offsets(code), []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            values = []
            if keyword.arg in string_keywords:
                values = [keyword.value]
            elif keyword.arg in dict_keywords and isinstance(keyword.value, ast.Dict):
                values = keyword.value.values
            spans += [s for s in (_literal_span(code, v, offset) for v in values) if s]
    return sorted(spans)


def code_spans(code: str, edition: "Edition") -> list[tuple[int, int, str]]:
    """Every translated span of an exercise master's code cell (locales/editions.toml, [exercises])."""
    return sorted(hint_spans(code, edition.hint_arguments)
                  + chart_word_spans(code, edition.string_keywords, edition.dict_keywords))


def _quoted(text: str, quote: str) -> str:
    """``text`` checked to stand between two ``quote`` characters of a one-line literal as it is."""
    if "\\" in text or "\n" in text or quote in text:
        raise TranslationError(f"a translated hint may not hold a backslash, a line break or {quote}: {text!r}")
    return text


def markdown_sections(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each section: a heading line and what follows it up to the next
    heading (a preamble before the first heading is a section too). Lines inside fenced code blocks
    are never headings. Trailing blank lines are not part of a section."""
    sections: list[tuple[int, list[str]]] = []
    fence = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence):
                fence = None
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif line.startswith("#") or not sections:
            sections.append((number, []))
        sections[-1][1].append(line)
    out = []
    for number, lines in sections:
        body = "\n".join(lines).strip("\n")
        if body.strip():
            out.append((number, body))
    return out


def segments(source: Path, edition: "Edition | None" = None) -> list[Segment]:
    """The translatable text of a source file, in order: markdown cells (and, in an exercise master,
    the hints of its test cells), or the sections of a markdown page."""
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text("utf-8"))["cells"]
        out = []
        for i, c in enumerate(cells):
            if c["cell_type"] == "markdown" and _src(c).strip():
                out.append(Segment(_src(c), f"cell {i}"))
            elif c["cell_type"] == "code" and edition:
                out += [Segment(text, f"cell {i}") for _, _, text in code_spans(_src(c), edition)]
        return out
    if source.suffix == ".md":
        return [Segment(body, f"line {n}") for n, body in markdown_sections(source.read_text("utf-8"))]
    raise TranslationError(f"{source}: only .ipynb and .md sources can be translated")


# ------------------------------------------------------------------ catalogues

def new_catalogue(language: str, source: str) -> Catalog:
    return Catalog(
        locale=language, project="gleap", version="main", fuzzy=False,
        header_comment=(f"# {LANGUAGE_NAMES.get(language, language)} translation of {source}.\n"
                        "# English is the source: translate msgstr only; `make translations` builds the\n"
                        "# translated file (locales/editions.toml says which) and marks changed text fuzzy."),
        creation_date=EPOCH, revision_date=EPOCH,
        last_translator="gleap translators", language_team=f"{LANGUAGE_NAMES.get(language, language)}")


def template(source: str, root: Path = ROOT, edition: Edition | None = None) -> Catalog:
    """The POT-equivalent catalogue of one source file."""
    catalogue = Catalog(project="gleap", fuzzy=False, creation_date=EPOCH, revision_date=EPOCH)
    exercise = edition if edition and edition.is_exercise(source) else None
    for segment in segments(root / source, exercise):
        catalogue.add(segment.text, locations=[(source, _location_number(segment))])
    return catalogue


def _location_number(segment: Segment) -> int:
    return int(segment.where.split()[-1])


def read_catalogue(path: Path, language: str) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=language)


def po_bytes(catalogue: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalogue, width=100, ignore_obsolete=True)
    return buf.getvalue()


def updated_catalogue(language: str, source: str, root: Path = ROOT) -> Catalog:
    """The catalogue of ``source`` merged with the source's text as it is now (nothing written)."""
    path = catalogue_path(language, source, root)
    catalogue = read_catalogue(path, language) if path.exists() else new_catalogue(language, source)
    catalogue.update(template(source, root, editions(root)[language]), update_creation_date=False)
    return catalogue


def write_generated_entry(language: str, source: str, marker: str, text: str, root: Path = ROOT) -> Path:
    """Set the translation of the one entry of ``source`` that holds ``marker`` (a section a tool
    generates, such as a table of numbers) to ``text``, not fuzzy, and write the catalogue; run
    `make translations` afterwards to build the translated file."""
    catalogue = updated_catalogue(language, source, root)
    found = [m for m in catalogue if m.id and marker in m.id]
    if len(found) != 1:
        raise SystemExit(f"{source}: expected one section holding {marker!r}, found {len(found)}")
    found[0].string = text
    found[0].flags.discard("fuzzy")
    path = catalogue_path(language, source, root)
    path.write_bytes(po_bytes(catalogue))
    return path


def _same_po(a: bytes, b: bytes) -> bool:
    """Equal apart from the Generated-By header line (the Babel version that wrote the file)."""
    def strip(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(b'"Generated-By:')]
    return strip(a) == strip(b)


# ------------------------------------------------------------------ building a translated file

@dataclass
class Status:
    source: str
    target: str
    entries: int = 0
    fuzzy: list = field(default_factory=list)    # (where, first line)
    missing: list = field(default_factory=list)  # (where, first line)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0]
    return line if len(line) <= 70 else line[:67] + "..."


def _translate(segment: Segment, catalogue: Catalog, edition: Edition, status: Status,
               inline: bool = False) -> str:
    """The translation of one segment; the source text where it is missing (the file is then
    refused), with the out-of-date marker where it is fuzzy (after a block; before a sentence in code)."""
    message = catalogue.get(segment.text)
    status.entries += 1
    if message is None or not message.string:
        status.missing.append((segment.where, _first_line(segment.text)))
        return segment.text
    if message.fuzzy:
        status.fuzzy.append((segment.where, _first_line(segment.text)))
        if inline:
            return edition.out_of_date_short + message.string
        return message.string.rstrip("\n") + "\n\n" + edition.out_of_date
    return message.string


def _with_language_line(code: str, edition: Edition) -> str | None:
    lines = code.split("\n")
    if edition.after not in lines:
        return None
    at = lines.index(edition.after) + 1
    return "\n".join(lines[:at] + [edition.language_line] + lines[at:])


ASSIGNMENT_CONFIG = "# ASSIGNMENT CONFIG"


def _translated_code(code: str, where: str, catalogue: Catalog, edition: Edition, status: Status) -> str:
    """An exercise master's code cell with its hints and chart words translated (locales/editions.toml)."""
    for start, end, text in reversed(code_spans(code, edition)):
        translation = _translate(Segment(text, where), catalogue, edition, status, inline=True)
        code = code[:start] + _quoted(translation, code[start - 1]) + code[end:]
    return code


def render(source: str, catalogue: Catalog, edition: Edition, root: Path = ROOT) -> tuple[str, Status]:
    """The translated text of ``source`` and what the catalogue lacked. The caller refuses a file
    whose status has missing entries."""
    target = edition.files[source]
    status = Status(source, target)
    path = root / source
    raw = path.read_text("utf-8")
    if path.suffix == ".md":
        parts = [_translate(Segment(body, f"line {n}"), catalogue, edition, status)
                 for n, body in markdown_sections(raw)]
        return "\n\n".join(p.rstrip("\n") for p in parts) + "\n", status
    nb = json.loads(raw)
    sort_keys = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n" == raw
    exercise = edition.is_exercise(source)
    out = copy.deepcopy(nb)
    language_set = False
    for i, cell in enumerate(out["cells"]):
        text = _src(cell)
        new = text
        if cell["cell_type"] == "markdown" and text.strip():
            new = _translate(Segment(text, f"cell {i}"), catalogue, edition, status)
        elif cell["cell_type"] == "code":
            if exercise:
                new = _translated_code(new, f"cell {i}", catalogue, edition, status)
            if not language_set:
                changed = _with_language_line(new, edition)
                if changed is not None:
                    new, language_set = changed, True
        elif cell["cell_type"] == "raw" and exercise and text.startswith(ASSIGNMENT_CONFIG):
            name = f"name: {Path(source).stem}\n"
            if name not in text:
                raise TranslationError(f"{source}: its ASSIGNMENT CONFIG should say {name.strip()!r}")
            new = text.replace(name, f"name: {Path(target).stem}\n", 1)
        if new != text:  # keep the source's form: a list of lines or one string
            cell["source"] = _lines(new) if isinstance(cell["source"], list) else new
    if not language_set:
        raise TranslationError(f"{source}: no code cell has the line {edition.after!r}, so the "
                               f"language line {edition.language_line!r} has nowhere to go")
    return json.dumps(out, indent=1, ensure_ascii=False, sort_keys=sort_keys) + "\n", status


# ------------------------------------------------------------------ the whole edition

@dataclass
class Result:
    statuses: list
    changed_catalogues: list   # paths whose content differs from what is on disk
    changed_files: list        # translated paths whose content differs from what is on disk
    refused: list              # translated paths not built because entries are missing


def run(write: bool, root: Path = ROOT, languages=None) -> Result:
    result = Result([], [], [], [])
    for language, edition in editions(root).items():
        if languages and language not in languages:
            continue
        for source, target in edition.files.items():
            catalogue = updated_catalogue(language, source, root)
            po_path = catalogue_path(language, source, root)
            data = po_bytes(catalogue)
            if not po_path.exists() or not _same_po(po_path.read_bytes(), data):
                result.changed_catalogues.append(po_path.relative_to(root).as_posix())
                if write:
                    po_path.parent.mkdir(parents=True, exist_ok=True)
                    po_path.write_bytes(data)
            text, status = render(source, catalogue, edition, root)
            result.statuses.append(status)
            if status.missing:
                result.refused.append(target)
                continue
            target_path = root / target
            if not target_path.exists() or target_path.read_text("utf-8") != text:
                result.changed_files.append(target)
                if write:
                    target_path.parent.mkdir(parents=True, exist_ok=True)
                    target_path.write_text(text, "utf-8")
    _run_package(result, write, root)
    return result


# ------------------------------------------------------------------ the package's own words

PACKAGE_SOURCE = "gleap_data/labels.py"


def package_catalogue_path(language: str, root: Path = ROOT) -> Path:
    return root / "gleap_data" / "locales" / language / "LC_MESSAGES" / "gleap.po"


def package_tables() -> list[tuple[str, str, dict]]:
    """(source file, area, {key: English}) of every table of words the package shows; the area and
    the key make the entry's msgctxt (``labels.emp_title``), as gleap_data.labels.Catalogued reads it."""
    from gleap_data import errors, labels, selfcheck

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import exercise_skills
    import handouts
    import lesson_time
    import site_words

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from exercises.tools import assign, grade

    return [("gleap_data/labels.py", "labels", labels.LABELS["en"]),
            ("gleap_data/labels.py", "units", labels.UNITS["en"]),
            ("gleap_data/selfcheck.py", "selfcheck", selfcheck.MESSAGES["en"]),
            ("gleap_data/errors.py", "errors", errors.MESSAGES["en"]),
            ("gleap_data (docstrings)", "docs", labels.english_docs()),
            ("tools/site_words.py", "site", site_words.SITE["en"]),
            ("tools/site_words.py", "theme", site_words.THEME["en"]),
            ("tools/handouts.py", "handouts", handouts.WORDS["en"]),
            ("exercises/tools/assign.py", "assign", assign.WORDS["en"]),
            ("exercises/tools/grade.py", "grade", grade.WORDS["en"]),
            ("tools/exercise_skills.py", "skills", exercise_skills.TABLE_WORDS["en"]),
            ("tools/lesson_time.py", "lesson_time", lesson_time.TABLE_WORDS["en"])]


def package_template() -> Catalog:
    """The package's words: the plural messages (gleap_data.labels.PLURALS, msgctxt = the key) and
    every table of :func:`package_tables` (msgctxt = area.key)."""
    from gleap_data.labels import PLURALS

    catalogue = Catalog(project="gleap", fuzzy=False, creation_date=EPOCH, revision_date=EPOCH)
    for key, forms in PLURALS.items():
        catalogue.add(forms, context=key, locations=[(PACKAGE_SOURCE, 0)])
    for source, area, table in package_tables():
        for key, text in table.items():
            catalogue.add(text, context=f"{area}.{key}", locations=[(source, 0)])
    for context, text, location in data_texts():
        message = catalogue.get(text, context=context)
        if message is None:
            catalogue.add(text, context=context, locations=[location])
        elif location not in message.locations:
            message.locations.append(location)
    return catalogue


#: The texts of a source in datapackage.json that a reader sees translated (msgctxt
#: ``datapackage.sources.<key>``): its title (a work's title stays as printed in the translation, the
#: words around it do not: pages, dates, "as cited in"), its kind and the note on how it was read.
SOURCE_TEXTS = ("title", "quality", "note")


def data_texts(root: Path = ROOT):
    """(msgctxt, English, location) of every text of the data package a reader sees translated: the
    titles and descriptions in datapackage.json (``datapackage.<resource>[.<field>].<key>``), its
    sources' titles, kinds and provenance notes (``datapackage.sources.<key>``, :data:`SOURCE_TEXTS`) and
    every text of a column marked ``x-translatable`` (``data.<column>``, located by CSV line)."""
    import csv

    descriptor_path = root / "gleap_data" / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text("utf-8"))
    where = (descriptor_path.relative_to(root).as_posix(), 0)
    for key in ("title", "description"):
        if descriptor.get(key):
            yield f"datapackage.{key}", descriptor[key], where
    for licence in descriptor.get("licenses") or []:  # what the licence covers (the site's dataset pages)
        if licence.get("note"):
            yield "datapackage.licenses.note", licence["note"], where
    for resource in descriptor["resources"]:
        name = resource["name"]
        for licence in resource.get("licenses") or []:
            if licence.get("note"):
                yield "datapackage.licenses.note", licence["note"], where
        for key in ("title", "description"):
            if resource.get(key):
                yield f"datapackage.{name}.{key}", resource[key], where
        # what each source is, what kind, and how it was read (the site's dataset pages): one entry per text,
        # shared by every dataset that cites the same source
        for source in resource.get("sources") or []:
            for key in SOURCE_TEXTS:
                if source.get(key):
                    yield f"datapackage.sources.{key}", source[key], where
        fields = resource["schema"]["fields"]
        for f in fields:
            for key in ("title", "description"):
                if f.get(key):
                    yield f"datapackage.{name}.{f['name']}.{key}", f[key], where
        columns = [f["name"] for f in fields if f.get("x-translatable")]
        if columns:
            path = root / "gleap_data" / resource["path"]
            with path.open(encoding="utf-8", newline="") as handle:
                for line, row in enumerate(csv.DictReader(handle), start=2):
                    for column in columns:
                        if row[column]:
                            yield f"data.{column}", row[column], (path.relative_to(root).as_posix(), line)
    if (root / "gleap_data" / "bibliography.json").exists():
        for title in described_titles(root):
            yield "bibliography.title", title, ("gleap_data/bibliography.json", 0)


def described_titles(root: Path = ROOT) -> list[str]:
    """The titles in gleap_data/bibliography.json that are the project's description of a work, in
    square brackets (a title not verified, the course text), not a printed title: a Sources cell
    shows them translated (tools/bibliography.py; msgctxt ``bibliography.title``)."""
    works = json.loads((root / "gleap_data" / "bibliography.json").read_text("utf-8"))
    return [w["title"] for w in works if w.get("title", "").startswith("[")]


def package_status(language: str, catalogue: Catalog) -> Status:
    status = Status("gleap_data (labels, units, selfcheck, errors, docs, site, assign, skills, lesson_time, datapackage, data)", package_catalogue_path(language).relative_to(ROOT).as_posix())
    for message in catalogue:
        if not message.id:
            continue
        status.entries += 1
        first = (message.id[0] if isinstance(message.id, tuple) else message.id).split("\n", 1)[0]
        where = f"msgctxt {message.context}"
        if not message.string or not all(message.string):
            status.missing.append((where, first))
        elif message.fuzzy:
            status.fuzzy.append((where, first))
    return status


def _run_package(result: "Result", write: bool, root: Path) -> None:
    for language in editions(root):
        path = package_catalogue_path(language, root)
        if not path.exists():
            continue  # a copy of the tree without the package (the tests' small trees)
        catalogue = read_catalogue(path, language)
        catalogue.update(package_template(), update_creation_date=False)
        data = po_bytes(catalogue)
        if not _same_po(path.read_bytes(), data):
            result.changed_catalogues.append(path.relative_to(root).as_posix())
            if write:
                path.write_bytes(data)
        result.statuses.append(package_status(language, catalogue))


def report(result: Result) -> str:
    lines = []
    entries = sum(s.entries for s in result.statuses)
    fuzzy = sum(len(s.fuzzy) for s in result.statuses)
    missing = sum(len(s.missing) for s in result.statuses)
    lines.append(f"translations: {len(result.statuses)} files, {entries} translated texts, "
                 f"{fuzzy} fuzzy (translation out of date), {missing} missing")
    for s in result.statuses:
        for where, first in s.fuzzy:
            lines.append(f"  FUZZY   {s.source} {where} -> {s.target}: {first}")
        for where, first in s.missing:
            lines.append(f"  MISSING {s.source} {where} -> {s.target}"
                         f"{'' if s.source.startswith('gleap_data') else ' NOT BUILT'}: {first}")
    for path in result.changed_catalogues:
        lines.append(f"  catalogue updated: {path}")
    for path in result.changed_files:
        lines.append(f"  built: {path}")
    return "\n".join(lines)


# ------------------------------------------------------------------ seeding (one-off)

def _pairs(root: Path, name: str, target: str, edition: Edition) -> list[tuple[str, str]]:
    """(English, translation) for each segment, by position; refuses files that do not pair."""
    source, translated = root / name, root / target
    if source.suffix == ".md":
        a = [b for _, b in markdown_sections(source.read_text("utf-8"))]
        b = [b for _, b in markdown_sections(translated.read_text("utf-8"))]
        levels = lambda sections: [s.split(" ", 1)[0] if s.startswith("#") else "" for s in sections]  # noqa: E731
        if levels(a) != levels(b):
            raise TranslationError(f"{translated}: its headings do not pair with {source}'s")
        return list(zip(a, b))
    en = json.loads(source.read_text("utf-8"))["cells"]
    tr = json.loads(translated.read_text("utf-8"))["cells"]
    if [c["cell_type"] for c in en] != [c["cell_type"] for c in tr]:
        raise TranslationError(f"{translated}: its cells do not pair with {source}'s")
    exercise = edition.is_exercise(name)
    pairs = []
    for i, (x, y) in enumerate(zip(en, tr)):
        if x["cell_type"] == "markdown" and _src(x).strip():
            pairs.append((_src(x), _src(y)))
        elif x["cell_type"] == "code":
            theirs = "\n".join(line for line in _src(y).split("\n") if line != edition.language_line)
            ours, their_spans = _src(x), code_spans(theirs, edition) if exercise else []
            our_spans = code_spans(ours, edition) if exercise else []
            if len(our_spans) != len(their_spans):
                raise TranslationError(f"{translated} cell {i}: {len(their_spans)} hints, the source {len(our_spans)}")
            pairs += [(a[2], b[2]) for a, b in zip(our_spans, their_spans)]
            for (start, end, _), (_, _, text) in reversed(list(zip(our_spans, their_spans))):
                ours = ours[:start] + text + ours[end:]
            if ours != theirs:
                raise TranslationError(f"{translated} cell {i}: its code differs from {source}'s "
                                       "other than in its hints")
    return pairs


def seed(root: Path = ROOT) -> None:
    for language, edition in editions(root).items():
        for source, target in edition.files.items():
            path = catalogue_path(language, source, root)
            if path.exists():
                continue
            catalogue = new_catalogue(language, source)
            catalogue.update(template(source, root, edition), update_creation_date=False)
            for english, translation in _pairs(root, source, target, edition):
                message = catalogue.get(english)
                if message.string and message.string != translation:
                    raise TranslationError(f"{target}: the same English text has two translations:\n{english}")
                message.string = translation
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(po_bytes(catalogue))
            print(f"seeded {path.relative_to(root)}")


def main(argv=None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if anything is out of date")
    parser.add_argument("--seed", action="store_true", help="create missing catalogues from today's files")
    args = parser.parse_args(argv)
    if args.seed:
        seed(root)
    result = run(write=not args.check, root=root)
    print(report(result))
    masters = [path for path in result.changed_files if path.startswith("exercises/")]
    if masters and not args.check and root == ROOT:
        # The student copies of a translated master come from the existing assign tooling (otter).
        sys.path.insert(0, str(ROOT))
        from exercises.tools import assign

        for language in sorted({lang for lang, e in editions(root).items() if set(masters) & set(e.files.values())}):
            written = assign.refresh_student(lang=language)  # only the copies whose content changed
            folder = assign.STUDENT_DIRS[language].relative_to(ROOT)
            for path in written:
                print(f"  student copy {'built' if path.exists() else 'removed'}: {path.relative_to(ROOT)}")
            if not written:
                print(f"  student copies up to date: {folder}")
    if result.refused:
        print(f"REFUSED (missing translations): {', '.join(result.refused)}", file=sys.stderr)
        return 1
    if args.check and (result.changed_catalogues or result.changed_files):
        print("out of date: run `make translations` and commit the result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
