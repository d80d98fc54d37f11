"""The one-page handouts for students (tools/handouts.py): the timeline and the who's who, in
English and Polish, generated from the data, each printing on one A4 page."""
import html
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
import handouts  # noqa: E402

ROWS = handouts.timeline_rows()


def test_the_timeline_handout_holds_every_row_of_the_dataset_in_both_languages():
    for language, column in (("en", 2), ("pl", 3)):
        page = handouts.timeline_html(language, ROWS)
        assert page.count("<tr>") == len(ROWS), f"{language}: some timeline rows fall outside every period"
        for row in ROWS:
            assert html.escape(row[column]) in page, f"{language}: {row[0]} is missing"
    titles = [handouts.WORDS["en"][f"period_{n}"] for n in range(len(handouts.PERIODS))]
    phases = [title for title in titles if title.startswith("Phase")]
    assert len(phases) == 3
    page = handouts.timeline_html("en", ROWS)
    assert [p for p in phases if p in page] == phases, "the three phases of lesson 08 are the headings"
    assert page.index("Phase 1") < page.index("Phase 2") < page.index("Phase 3")


def test_the_whos_who_names_every_person_with_the_lessons_that_name_them():
    for language in handouts.LANGUAGES:
        page = handouts.people_html(language, ROWS)
        for person in handouts.people():
            assert f"<b>{html.escape(person['name'])}</b>" in page
            role = handouts.WORDS[language][f"role.{person['name']}"]
            assert role.strip() and html.escape(role.split("*")[0][:30]) in page, (language, person["name"])
            if language != "en":
                assert role != person["role"], f"{person['name']}: no {language} role in the catalogue"
    for person in handouts.people():
        assert handouts.lessons_naming(person["match"]), f"{person['name']} is in no lesson"
    mao = next(p for p in handouts.people() if p["name"] == "Mao Zedong")
    assert "1958-08-06" in handouts.people_html("en", ROWS).split(mao["name"])[1].split("</p>")[0]


def test_a_span_is_written_short():
    assert handouts._short_end("1958-08-17", "1958-08-30") == "30"
    assert handouts._short_end("1958-11-02", "1958-12-10") == "12-10"
    assert handouts._short_end("1959-10", "1960-04") == "1960-04"


def _pages(page, text, tmp_path, name):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    page.goto(path.as_uri())
    pdf = page.pdf(prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.browser
def test_each_handout_prints_on_one_page_and_a_longer_one_would_not(page, tmp_path):
    for language in handouts.LANGUAGES:
        for name, text in (("timeline", handouts.timeline_html(language, ROWS)),
                           ("people", handouts.people_html(language, ROWS))):
            assert _pages(page, text, tmp_path, f"{language}-{name}.html") == 1, f"{language} {name}: more than one page"
    doubled = handouts.timeline_html("en", ROWS + ROWS)
    assert _pages(page, doubled, tmp_path, "doubled.html") > 1, "the page count cannot tell one page from two"


def test_the_tool_writes_four_files(tmp_path):
    written = handouts.build(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "en/timeline.html", "en/who-is-who.html", "pl/timeline.html", "pl/who-is-who.html"]


def test_the_polish_handouts_give_dates_in_words():
    """The Polish timeline and who's who write dates with CLDR's short Polish months ("17–30 sie
    1958"), not the data's ISO form, which the English handouts keep."""
    timeline = handouts.timeline_html("pl", ROWS)
    dates = re.findall(r'class="date">([^<]*)<', timeline)
    assert "17–30 sie 1958" in dates and "27 lut 1957" in dates, dates[:12]
    assert not [d for d in dates if re.search(r"\d{4}-\d{2}", d)]
    assert not re.search(r"\d{4}-\d{2}", handouts.people_html("pl", ROWS))
    assert "1958-08-17–30" in handouts.timeline_html("en", ROWS)
