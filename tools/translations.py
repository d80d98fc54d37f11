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
import copy
import datetime
import io
import json
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
    files: dict  # English source path -> translated path, both relative to the root


def editions(root: Path = ROOT) -> dict[str, Edition]:
    config = tomllib.loads((root / "locales" / "editions.toml").read_text("utf-8"))
    return {
        lang: Edition(lang, spec["after"], spec["language_line"], spec["out_of_date"], dict(spec["files"]))
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


def segments(source: Path) -> list[Segment]:
    """The translatable text of a source file, in order."""
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text("utf-8"))["cells"]
        return [Segment(_src(c), f"cell {i}") for i, c in enumerate(cells)
                if c["cell_type"] == "markdown" and _src(c).strip()]
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


def template(source: str, root: Path = ROOT) -> Catalog:
    """The POT-equivalent catalogue of one source file."""
    catalogue = Catalog(project="gleap", fuzzy=False, creation_date=EPOCH, revision_date=EPOCH)
    for segment in segments(root / source):
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
    catalogue.update(template(source, root), update_creation_date=False)
    return catalogue


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


def _translate(segment: Segment, catalogue: Catalog, edition: Edition, status: Status) -> str:
    message = catalogue.get(segment.text)
    status.entries += 1
    if message is None or not message.string:
        status.missing.append((segment.where, _first_line(segment.text)))
        return segment.text
    if message.fuzzy:
        status.fuzzy.append((segment.where, _first_line(segment.text)))
        return message.string.rstrip("\n") + "\n\n" + edition.out_of_date
    return message.string


def _with_language_line(code: str, edition: Edition) -> str | None:
    lines = code.split("\n")
    if edition.after not in lines:
        return None
    at = lines.index(edition.after) + 1
    return "\n".join(lines[:at] + [edition.language_line] + lines[at:])


def render(source: str, catalogue: Catalog, edition: Edition, root: Path = ROOT) -> tuple[str, Status]:
    """The translated text of ``source`` and what the catalogue lacked. Raises nothing: the caller
    refuses a file whose status has missing entries."""
    status = Status(source, edition.files[source])
    path = root / source
    if path.suffix == ".md":
        parts = [_translate(Segment(body, f"line {n}"), catalogue, edition, status)
                 for n, body in markdown_sections(path.read_text("utf-8"))]
        return "\n\n".join(p.rstrip("\n") for p in parts) + "\n", status
    nb = json.loads(path.read_text("utf-8"))
    out = copy.deepcopy(nb)
    language_set = False
    for i, cell in enumerate(out["cells"]):
        text = _src(cell)
        if cell["cell_type"] == "markdown" and text.strip():
            cell["source"] = _lines(_translate(Segment(text, f"cell {i}"), catalogue, edition, status))
        elif cell["cell_type"] == "code" and not language_set:
            changed = _with_language_line(text, edition)
            if changed is not None:
                cell["source"] = _lines(changed)
                language_set = True
    if not language_set:
        raise TranslationError(f"{source}: no code cell has the line {edition.after!r}, so the "
                               f"language line {edition.language_line!r} has nowhere to go")
    return json.dumps(out, indent=1, ensure_ascii=False, sort_keys=True) + "\n", status


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
    return result


def report(result: Result) -> str:
    lines = []
    entries = sum(s.entries for s in result.statuses)
    fuzzy = sum(len(s.fuzzy) for s in result.statuses)
    missing = sum(len(s.missing) for s in result.statuses)
    lines.append(f"translations: {len(result.statuses)} files, {entries} entries, "
                 f"{fuzzy} fuzzy (translation out of date), {missing} missing")
    for s in result.statuses:
        for where, first in s.fuzzy:
            lines.append(f"  FUZZY   {s.source} {where} -> {s.target}: {first}")
        for where, first in s.missing:
            lines.append(f"  MISSING {s.source} {where} -> {s.target} NOT BUILT: {first}")
    for path in result.changed_catalogues:
        lines.append(f"  catalogue updated: {path}")
    for path in result.changed_files:
        lines.append(f"  built: {path}")
    return "\n".join(lines)


# ------------------------------------------------------------------ seeding (one-off)

def _pairs(source: Path, translated: Path, edition: Edition) -> list[tuple[str, str]]:
    """(English, translation) for each segment, by position; refuses files that do not pair."""
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
    pairs = []
    for i, (x, y) in enumerate(zip(en, tr)):
        if x["cell_type"] == "markdown" and _src(x).strip():
            pairs.append((_src(x), _src(y)))
        elif x["cell_type"] == "code":
            stripped = "\n".join(line for line in _src(y).split("\n") if line != edition.language_line)
            if stripped != _src(x):
                raise TranslationError(f"{translated} cell {i}: its code differs from {source}'s")
    return pairs


def seed(root: Path = ROOT) -> None:
    for language, edition in editions(root).items():
        for source, target in edition.files.items():
            path = catalogue_path(language, source, root)
            if path.exists():
                continue
            catalogue = new_catalogue(language, source)
            catalogue.update(template(source, root), update_creation_date=False)
            for english, translation in _pairs(root / source, root / target, edition):
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
    if result.refused:
        print(f"REFUSED (missing translations): {', '.join(result.refused)}", file=sys.stderr)
        return 1
    if args.check and (result.changed_catalogues or result.changed_files):
        print("out of date: run `make translations` and commit the result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
