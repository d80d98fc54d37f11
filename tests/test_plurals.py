"""Words that depend on a number take the form the language's grammar needs, from the catalogue's
Plural-Forms (gleap_data/locales/pl/LC_MESSAGES/gleap.po): Polish has three, "1 powiat",
"74 powiaty", "35 powiatów" (issue 19: the county chart said "74 powiatów").
"""
from __future__ import annotations

import re
import shutil

import pytest

import gleap_data as gd
from gleap_data import labels

# Hand-checked Polish forms of "powiat" after a number (1: singular; 2–4 not in 12–14: "powiaty";
# everything else, 0, 5–21, 25–31, 111–114 included: "powiatów").
POWIAT = {0: "powiatów", 1: "powiat", 2: "powiaty", 3: "powiaty", 4: "powiaty", 5: "powiatów",
          11: "powiatów", 12: "powiatów", 13: "powiatów", 14: "powiatów", 15: "powiatów",
          21: "powiatów", 22: "powiaty", 24: "powiaty", 25: "powiatów", 33: "powiaty", 74: "powiaty",
          101: "powiatów", 102: "powiaty", 111: "powiatów", 112: "powiatów", 122: "powiaty", 125: "powiatów"}


def _row(n, lang):
    return labels.plural("cs_row", n, lang).format(province="X", n=n, low="1", high="2")


@pytest.mark.parametrize("n", sorted(POWIAT))
def test_polish_has_three_forms(n):
    assert _row(n, "pl") == f"X: {n} {POWIAT[n]}, 1–2"


@pytest.mark.parametrize("n,word", [(0, "counties"), (1, "county"), (2, "counties"), (74, "counties")])
def test_english_singular_and_plural(n, word):
    assert _row(n, "en") == f"X: {n} {word}, 1–2"


def test_the_rule_is_the_catalogues():
    from babel.messages.pofile import read_po

    with labels.catalogue_path("pl").open("rb") as f:
        catalogue = read_po(f, locale="pl")
    assert catalogue.num_plurals == 3
    for key, (one, many) in labels.PLURALS.items():
        message = catalogue.get(one, context=key)
        assert message is not None and message.id == (one, many), f"{key}: not in the catalogue"
        assert len(message.string) == 3 and all(message.string), f"{key}: needs all three Polish forms"
        fields = set(re.findall(r"{(\w*)}", one))
        for form in message.string:
            assert set(re.findall(r"{(\w*)}", form)) == fields, f"{key}: {form!r} has other fields than {one!r}"


def test_the_county_chart_counts_in_good_polish():
    text = gd.charts.county_spread(lang="pl").to_plotly_json()
    flat = repr(text)
    for right in ("Kuejczou: 74 powiaty", "Liaoning: 33 powiaty", "Hubei: 35 powiatów", "Henan: 101 powiatów"):
        assert right in flat, right
    assert "74 powiatów" not in flat and "33 powiatów" not in flat
    english = repr(gd.charts.county_spread(lang="en").to_plotly_json())
    assert "74 counties" in english


def test_the_timeline_description_in_polish():
    from gleap_data.charts import timeline

    fig = timeline(lang="pl")
    text = repr(fig.to_plotly_json())
    assert re.search(r"Oś czasu z \d+ datowanymi wydarzeniami", text)
    assert labels.plural("desc_timeline", 1, "pl").startswith("Oś czasu z {n} datowanym wydarzeniem")


def test_a_missing_translation_falls_back_to_english_with_a_warning(tmp_path, monkeypatch):
    po = tmp_path / "gleap.po"
    shutil.copy(labels.catalogue_path("pl"), po)
    text = po.read_text("utf-8")
    po.write_text(text[:text.index('msgctxt "desc_timeline"')], "utf-8")  # that entry removed
    monkeypatch.setattr(labels, "catalogue_path", lambda lang: po)
    labels._translations.cache_clear()
    try:
        with pytest.warns(labels.MissingTranslationWarning, match="desc_timeline"):
            words = labels.plural("desc_timeline", 3, "pl")
        assert words == "Timeline of {n} dated events, {first}–{last}: {items}"
        assert _row(74, "pl") == "X: 74 powiaty, 1–2"  # the rest of the catalogue still works
    finally:
        labels._translations.cache_clear()
