"""Render the one bibliography (gleap_data/bibliography.json, CSL-JSON) into what readers see.

The bibliography is the only place where a work's author, title, venue, year, pages and link are
written. From it this tool writes, with citeproc-py (a maintained CSL processor) and the CSL style
that citeproc-py ships (Harvard, "Cite Them Right"), never with formatting code of our own:

- the "Sources" cell of every English lesson (notebooks/*.ipynb): the cell's metadata
  ``gleap.works`` lists the keys of the works that carry a figure or a quotation in that lesson;
- that cell's Polish translation in the lesson's catalogue (locales/pl/LC_MESSAGES/notebooks/*.po),
  rendered with CSL's Polish locale (``s.`` for pages, Polish quotation marks), so that
  ``make translations`` builds the Polish lesson from it like from any other entry;
- docs/bibliography.md, the teachers' page: every work with its key, where each figure was read
  (the CSL ``note``), and which datasets and lessons cite it.

A teacher can import gleap_data/bibliography.json into Zotero (File > Import, CSL JSON).

Conventions of the file: a Chinese journal numbered by year and issue (《中国人口科学》 2004年第1期) has the
year as its ``volume`` and the issue as ``issue``, so the style prints "2004(1)"; a work whose title
we have not verified has a bracketed description as its title ("[article; title not verified]");
a work with no personal author has the body that issued it, or its original title, as a literal
author (citeproc-py repeats the title when CSL substitutes it for a missing author); a work that
students must meet with a warning has ``"custom": {"flag": "<name>"}`` (CSL-JSON's field for data of
one's own, which Zotero keeps), and its Sources entry ends with the package words ``bib_flag_<name>``.

    .venv/bin/python tools/bibliography.py           # write everything
    .venv/bin/python tools/bibliography.py --check   # fail if a written file is out of date

The fixed words (heading, the sentence under it) are package words: ``bib_*`` in
gleap_data/labels.py, their Polish in gleap_data/locales/pl/LC_MESSAGES/gleap.po.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

BIBLIOGRAPHY = ROOT / "gleap_data" / "bibliography.json"
PAGE = ROOT / "docs" / "bibliography.md"
LOCALES = {"en": "en-GB", "pl": "pl-PL"}
MAX_ENTRIES = 15  # the aim for a student's Sources cell


class BibliographyError(ValueError):
    """A key that the bibliography does not hold, or a lesson without its list of works."""


def works() -> list[dict]:
    return json.loads(BIBLIOGRAPHY.read_text("utf-8"))


@lru_cache(maxsize=4)
def _style(locale: str):
    import citeproc
    from citeproc import CitationStylesStyle

    path = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
    return CitationStylesStyle(str(path), locale=locale, validate=False)


def render(keys: list[str], lang: str = "en", items: list[dict] | None = None) -> list[str]:
    """The bibliography entries of ``keys`` as HTML fragments (``<i>`` for titles, which Jupyter's
    markdown shows), sorted as the style sorts them.

    >>> render(["smil1999"])[0]  # doctest: +ELLIPSIS
    "Smil, V. (1999) ‘China's great famine: 40 years later’, <i>BMJ</i>, 319, p. 1619. Available at: https://pmc..."
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    items = works() if items is None else items
    known = {w["id"] for w in items}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise BibliographyError(f"not in {BIBLIOGRAPHY.name}: {', '.join(unknown)}")
    # "custom" (our flags) is CSL-JSON data that no CSL style prints: citeproc-py warns on it
    chosen = [{k: v for k, v in w.items() if k != "custom"} for w in items if w["id"] in keys]
    if lang == "pl":
        chosen = [_polish_fields(w) for w in chosen]
    bib = CitationStylesBibliography(_style(LOCALES[lang]), CiteProcJSON(chosen), formatter.html)
    for key in keys:
        bib.register(Citation([CitationItem(key)]))
    # citeproc's html formatter escapes text for HTML; markdown cells read the same entities, but
    # a plain apostrophe or quotation mark reads better unescaped in the source of the cell.
    return [html.unescape(str(entry)) for entry in bib.bibliography()]


VOLUME_IN_TITLE = re.compile(r"\bvol\. (?=\d)")


def _polish_fields(work: dict) -> dict:
    """A work's CSL-JSON fields as a Polish reader expects them: a title in square brackets (the
    project's description of a work whose title is not verified, or of the course text) from the
    package's catalogue (msgctxt ``bibliography.title``); the place of publication in its
    Polish form where the package's place-names table has one ('Beijing' -> 'Pekin', the same table
    as the charts), and a volume written inside a title ('vol. 2') as 't. 2'. CSL's Polish locale
    does this for the ``volume`` field, but CSL-JSON has no field for a volume named inside a
    container title, so the title's own words are changed here.

    >>> _polish_fields({"publisher-place": "Beijing", "container-title": "Selected Works, vol. 2"})
    {'publisher-place': 'Pekin', 'container-title': 'Selected Works, t. 2'}
    """
    from gleap_data._data import place_name
    from gleap_data.labels import text_in

    out = dict(work)
    if out.get("title", "").startswith("["):  # our description of the work, not its printed title
        out["title"] = text_in("bibliography.title", out["title"], "pl")
    if "publisher-place" in out:
        out["publisher-place"] = place_name(out["publisher-place"], "pl")
    for field in ("title", "container-title", "collection-title"):
        if isinstance(out.get(field), str):
            out[field] = VOLUME_IN_TITLE.sub("t. ", out[field])
    return out


def _label(key: str, lang: str) -> str:
    from gleap_data.labels import label

    return label(key, lang)


def sources_cell(keys: list[str], lang: str = "en") -> str:
    """The markdown of a lesson's Sources cell for the works ``keys``."""
    if not keys:
        raise BibliographyError("a Sources cell needs at least one work")
    if len(keys) > MAX_ENTRIES:
        raise BibliographyError(f"{len(keys)} works: a Sources cell lists at most {MAX_ENTRIES}")
    items = {w["id"]: w for w in works()}
    lines = []
    for key in keys:  # one by one, so that each entry keeps its flag (CSL-JSON ``custom.flag``)
        entry = render([key], lang)[0]
        flag = items[key].get("custom", {}).get("flag")
        lines.append(f"- {entry}" + (f" **{_label('bib_flag_' + flag, lang)}**" if flag else ""))
    entries = "\n".join(lines)
    return f"## {_label('bib_heading', lang)}\n\n{_label('bib_intro', lang)}\n\n{entries}"


def lessons() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def sources_cell_of(nb: dict, name: str) -> dict:
    cells = [c for c in nb["cells"] if "works" in c.get("metadata", {}).get("gleap", {})]
    if len(cells) != 1:
        raise BibliographyError(f"{name}: {len(cells)} cells list gleap.works in their metadata; "
                                "a lesson has exactly one Sources cell")
    return cells[0]


def lesson_works() -> dict[str, list[str]]:
    """Lesson file name -> the keys its Sources cell lists."""
    out = {}
    for path in lessons():
        nb = json.loads(path.read_text("utf-8"))
        out[path.name] = list(sources_cell_of(nb, path.name)["metadata"]["gleap"]["works"])
    return out


def dataset_works() -> dict[str, list[str]]:
    """Work key -> the datasets whose sources name it (``works`` of a descriptor source)."""
    descriptor = json.loads((ROOT / "gleap_data" / "datapackage.json").read_text("utf-8"))
    out: dict[str, list[str]] = {}
    for res in descriptor["resources"]:
        for src in res.get("sources", []):
            for key in src.get("works", []):
                if res["name"] not in out.setdefault(key, []):
                    out[key].append(res["name"])
    return out


def page() -> str:
    """docs/bibliography.md: every work, its key, its provenance, and who cites it."""
    items = works()
    by_lesson: dict[str, list[str]] = {}
    for lesson, keys in lesson_works().items():
        for key in keys:
            by_lesson.setdefault(key, []).append(lesson[:2])
    by_dataset = dataset_works()
    order = render([w["id"] for w in items], "en", items)  # sorted by the style
    rendered = {w["id"]: render([w["id"]], "en", items)[0] for w in items}
    position = {text: i for i, text in enumerate(order)}
    lines = [
        "# Bibliography (generated: do not edit)",
        "",
        "Every work the package cites, rendered by `tools/bibliography.py` from the one bibliography file",
        "`gleap_data/bibliography.json` (CSL-JSON: import it into Zotero with File > Import). Each entry gives",
        "its key (the descriptor's sources and the lessons' Sources cells cite these keys), where its figures",
        "were read and what is still to be checked (the teachers' full provenance; `gd.cite(\"name\")` prints",
        "the same for a dataset), and which datasets and lessons use it. Copies that are not authorised are",
        "named by kind and never linked (docs/sources.md); figures still to be checked are in docs/data-gaps.md.",
        "",
    ]
    for work in sorted(items, key=lambda w: position[rendered[w["id"]]]):
        key = work["id"]
        lines.append(f"- {rendered[key]}  ")
        used = []
        if by_dataset.get(key):
            used.append("datasets: " + ", ".join(f"`{d}`" for d in by_dataset[key]))
        if by_lesson.get(key):
            used.append("lessons: " + ", ".join(by_lesson[key]))
        lines.append(f"  key `{key}`" + ("; " + "; ".join(used) if used else "") + "."
                     + (f" {work['note']}" if work.get("note") else ""))
    return "\n".join(lines) + "\n"


def _catalogue_update(source: Path, english: str, polish: str, write: bool) -> bool:
    """Put ``polish`` as the translation of the entry ``english`` in the lesson's catalogue.
    Returns whether the catalogue changed (or would change)."""
    import translations as tr

    rel = source.relative_to(ROOT).as_posix()
    catalogue = tr.updated_catalogue("pl", rel)
    message = catalogue.get(english)
    if message is None:
        raise BibliographyError(f"{rel}: its Sources cell is not an entry of its catalogue")
    if message.string == polish and not message.fuzzy:
        return False
    if write:
        message.string = polish
        message.flags.discard("fuzzy")
        tr.catalogue_path("pl", rel).write_bytes(tr.po_bytes(catalogue))
    return True


def run(write: bool) -> list[str]:
    """Write (or, with ``write=False``, only compare) every rendered file; the stale ones."""
    stale = []
    for path in lessons():
        raw = path.read_text("utf-8")
        nb = json.loads(raw)
        cell = sources_cell_of(nb, path.name)
        keys = cell["metadata"]["gleap"]["works"]
        english = sources_cell(keys, "en")
        current = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if current != english:
            stale.append(f"notebooks/{path.name}")
            if write:
                lines = english.splitlines(keepends=True)
                cell["source"] = lines
                sort_keys = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n" == raw
                path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=sort_keys) + "\n", "utf-8")
    for path in lessons():
        nb = json.loads(path.read_text("utf-8"))
        cell = sources_cell_of(nb, path.name)
        english = "".join(cell["source"])
        if english != sources_cell(cell["metadata"]["gleap"]["works"], "en"):
            continue  # only in --check mode: already reported above
        if _catalogue_update(path, english, sources_cell(cell["metadata"]["gleap"]["works"], "pl"), write):
            stale.append(f"locales/pl/LC_MESSAGES/notebooks/{path.stem}.po")
    text = page()
    if not PAGE.exists() or PAGE.read_text("utf-8") != text:
        stale.append(f"docs/{PAGE.name}")
        if write:
            PAGE.write_text(text, "utf-8")
    return stale


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a file is out of date")
    args = parser.parse_args(argv)
    stale = run(write=not args.check)
    for name in stale:
        print(("out of date: " if args.check else "written: ") + name)
    if stale and not args.check:
        print("now run `make translations` to build the Polish lessons")
    return 1 if (stale and args.check) else 0


if __name__ == "__main__":
    raise SystemExit(main())
