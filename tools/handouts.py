"""One-page handouts for students, in English and Polish, generated from the data:

- the timeline (every row of the `timeline` dataset, grouped into the unit's periods, the three
  phases of the retreat among them, as lesson 08 teaches them);
- the who's who (docs/handouts/people.toml: who each person was, as the lessons say; the tool adds
  the lessons in which the name appears and the timeline's dated events that name them).

    python tools/handouts.py [--out build/handouts]     # = make handouts

writes <out>/<language>/timeline.html and who-is-who.html, printable on one A4 page each
(tests/test_handouts.py prints them with Chromium and counts the pages).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from gleap_data.labels import Catalogued  # noqa: E402
from gleap_data.display import date_range_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = ROOT / "docs" / "handouts" / "people.toml"
LANGUAGES = ("en", "pl")

# The unit's periods; the three phases of the retreat are lesson 08's (section 1). Their titles, and
# every other word of the handouts, are in WORDS below (Polish: the package's catalogue).
PERIODS = [("0000", "1958-11"), ("1958-11", "1959-07"), ("1959-07", "1960-11"), ("1960-11", "1963"), ("1963", "9999")]
#: The handouts' words, in English: other languages come from the package's catalogue
#: (gleap_data/locales/<language>/LC_MESSAGES/gleap.po, msgctxt ``handouts.<key>``), merged by
#: ``make translations``; each person's role is ``role.<name>`` (docs/handouts/people.toml holds
#: the English).
WORDS = Catalogued("handouts", {
    "period_0": 'The Leap is launched (1957 – October 1958)',
    "period_1": 'Phase 1: first corrections (November 1958 – June 1959)',
    "period_2": 'Phase 2: radicalism renewed after Lushan (July 1959 – 1960)',
    "period_3": 'Phase 3: the retreat (November 1960 – 1962)',
    "period_4": 'Afterwards',
    "timeline": 'Timeline: the Great Leap Forward and the famine, 1957–1966',
    'people': "Who's who: the people in the lessons",
    'from_timeline': 'Dataset `timeline` (gleap_data); each row\'s source: gd.load("timeline").',
    'from_people': 'Roles as the lessons give them; events from the dataset `timeline` (gleap_data).',
    'lessons': 'lessons',
    'events': 'in the timeline',
    **{f"role.{person['name']}": person["role"] for person in tomllib.loads(PEOPLE.read_text("utf-8"))["person"]},
})


STYLE = """
@page { size: A4; margin: 10mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; line-height: 1.15; margin: 0; }
h1 { font-size: 13pt; margin: 0 0 4pt; }
h2 { font-size: 9.5pt; margin: 6pt 0 2pt; border-bottom: 0.5pt solid #888; }
table { border-collapse: collapse; width: 100%; }
td { vertical-align: top; padding: 1pt 4pt 1pt 0; }
td.date { white-space: nowrap; width: 5.5em; font-weight: bold; }
p.person { margin: 0 0 5pt; font-size: 9.5pt; }
p.foot { margin-top: 6pt; font-size: 7.5pt; color: #444; }
div.columns { column-count: 2; column-gap: 8mm; }
div.columns h2:first-child { margin-top: 0; }
"""


def _page(title: str, body: str, foot: str, language: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
            f"<h1>{html.escape(title)}</h1>\n{body}\n<p class=\"foot\">{html.escape(foot)}</p>\n</body></html>\n")


def _inline(text: str) -> str:
    """Markdown emphasis of the people file (*title*) as HTML."""
    return re.sub(r"\*([^*]+)\*", r"<i>\1</i>", html.escape(text))


def _short_end(start: str, end: str) -> str:
    """The end of a span without what it shares with the start: 1958-08-17 to 1958-08-30 is
    1958-08-17–30; 1958-03-08 to 1958-03-26 is 1958-03-08–26; 1959-10 to 1960-04 stays whole."""
    if start[:7] == end[:7] and len(end) == 10:
        return end[8:]
    if start[:4] == end[:4] and len(end) >= 7:
        return end[5:]
    return end


def timeline_rows():
    import gleap_data as gd
    table = gd.load("timeline")
    from gleap_data.labels import text_in

    return [(str(r.date), "" if str(r.date_end) in ("", "nan", "<NA>", "None") else str(r.date_end),
             str(r.event), text_in("data.event", str(r.event), "pl")) for r in table.itertuples()]


def timeline_html(language: str, rows=None) -> str:
    rows = timeline_rows() if rows is None else rows
    parts = []
    t = WORDS[language]
    for number, (start, end) in enumerate(PERIODS):
        inside = [r for r in rows if start <= r[0] < end]
        if not inside:
            continue
        parts.append(f"<h2>{html.escape(t[f'period_{number}'])}</h2>\n<table>")
        for date, date_end, event, event_pl in inside:
            # English as the data write it; other languages in words (CLDR's short months: the column
            # stays about as wide as the ISO dates, and the page still prints on one sheet)
            when = (date + (f"–{_short_end(date, date_end)}" if date_end else "") if language == "en"
                    else date_range_text(date, date_end, language, short=True))
            parts.append(f'<tr><td class="date">{html.escape(when)}</td>'
                         f"<td>{html.escape(event if language == 'en' else event_pl)}</td></tr>")
        parts.append("</table>")
    return _page(t["timeline"], '<div class="columns">' + "\n".join(parts) + "</div>", t["from_timeline"], language)


def people():
    return tomllib.loads(PEOPLE.read_text("utf-8"))["person"]


def lessons_naming(match: str) -> list[str]:
    """The numbers of the English lessons whose markdown names the person."""
    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text("utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        if re.search(rf"\b{re.escape(match)}\b", text):
            found.append(path.stem[:2])
    return found


def people_html(language: str, rows=None) -> str:
    rows = timeline_rows() if rows is None else rows
    t = WORDS[language]
    parts = []
    for person in people():
        role = t[f"role.{person['name']}"]
        lessons = ", ".join(lessons_naming(person["match"]))
        dates = [r[0] for r in rows if re.search(rf"\b{re.escape(person['match'])}\b", r[2])]
        if language != "en":
            dates = [date_range_text(d, None, language, short=True) for d in dates]
        extra = f" ({t['lessons']} {lessons}" + (f"; {t['events']}: {', '.join(dates)}" if dates else "") + ")"
        parts.append(f'<p class="person"><b>{html.escape(person["name"])}</b>: {_inline(role)}'
                     f"<span class=\"refs\">{html.escape(extra)}</span></p>")
    return _page(t["people"], "\n".join(parts), t["from_people"], language)


def build(out: Path) -> list[Path]:
    rows = timeline_rows()
    written = []
    for language in LANGUAGES:
        folder = out / language
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("timeline.html", timeline_html(language, rows)),
                           ("who-is-who.html", people_html(language, rows))):
            path = folder / name
            path.write_text(text, "utf-8")
            written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "handouts")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
