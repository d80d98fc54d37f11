"""The words of the charts and explorers, by language, and the session's language.

Charts and widgets take ``lang`` and look their words up here (:func:`label`, :func:`plural`), so a
new language needs a new catalogue, not new chart code. The other user-facing texts use the same
mechanism (:class:`Catalogued`) from their own modules: the sentences of errors in
``gleap_data.errors``, the self-checks' messages in ``gleap_data.selfcheck``, the static site's
words in ``tools/site_words.py``. The English words are written here (the source); every other
language comes from the package's gettext catalogue
``gleap_data/locales/<lang>/LC_MESSAGES/gleap.po`` (msgctxt ``labels.<key>``), which
``make translations`` keeps in step with this file (a changed English text turns its entry fuzzy).
A missing or fuzzy entry shows English with a :class:`MissingTranslationWarning`, never a KeyError.
"""
from __future__ import annotations

import functools
import inspect
import os
from typing import Callable, ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")

LANGUAGES = ("en", "pl")

_ENGLISH: dict[str, dict[str, str]] = {
    "en": {
        "source": "Source",
        "cite_dataset": "{title} Dataset '{name}' in gleap_data {version}.",
        "cite_read_at": " Read at: {path}.",
        "cite_works": " Bibliography: {keys} (docs/bibliography.md).",
        # answers a student may type (gleap_data.selfcheck.text maps them to the data's codes)
        "answer_yes": "yes",
        "answer_no": "no",
        "year": "Year",
        "persons_m": "million persons",
        "per_1000": "per 1000 population",
        "mt": "million tonnes",
        # employment
        "emp_title": "Employed persons by sector, 1952–1970 (million persons, year-end)",
        "emp_primary": "Primary (farming, forestry, fishing)",
        "emp_secondary": "Secondary (industry, construction)",
        "emp_tertiary": "Tertiary (services)",
        "emp_selected": "{year}: primary {primary}, secondary {secondary}, tertiary {tertiary}",
        "emp_source": "NBS, China Statistical Yearbook, table 4-2 (transcribed)",
        "emp_slider": "Year",
        # labour model
        "lab_title": "What if farm labour leaves the fields? A model of one harvest (not history)",
        "lab_x": "Share of the 1957 farm labour force moved to furnaces and industry",
        "lab_y_mt": "Grain, million tonnes",
        "lab_x_short": "Share of farm labour moved",
        "lab_y_kg": "Grain left per rural person, kg per year",
        "lab_output": "Harvest (model)",
        "lab_procured": "State procurement (model)",
        "lab_left": "Left in the countryside (model)",
        "lab_per_person": "Grain left per rural person (model)",
        "lab_actual_output": "Actual harvest, 1957–1961",
        "lab_actual_procured": "Actual procurement (sourced years)",
        "lab_reference": "1957 level in the model",
        "lab_now": "Your choice",
        "lab_source": "Model calibrated on NBS grain and employment series, CSY 1998 rural population, CSY 1993 procurement; assumptions in help(gd.labour_allocation)",
        "lab_share": "Labour moved",
        "lab_elasticity": "Labour elasticity",
        "lab_procurement": "Procurement share",
        "lab_overreporting": "Over-reporting",
        "lab_weather": "Weather loss",
        "lab_readout": ("Moving {share} of farm labour: harvest {output} Mt, state takes {procured} Mt, "
                        "{kg} kg left per rural person a year ({kg_day} kg a day; a model level to compare between settings, "
                        "not what people ate)."),
        # vital rates
        "vr_title": "Births and deaths per 1000 population, 1949–1970: registered and reconstructed",
        "vr_cbr_official": "Birth rate, official (registered)",
        "vr_cdr_official": "Death rate, official (registered)",
        "vr_cbr_banister": "Birth rate, Banister's reconstruction",
        "vr_cdr_banister": "Death rate, Banister's reconstruction",
        "vr_source": "NBS, China Statistical Yearbook 1999; Banister (1984), Population and Development Review 10(2), table 5",
        # excess deaths
        "ex_title": "Excess deaths by year (persons) under your assumptions",
        "ex_y": "Excess deaths (million persons)",
        "ex_title_total": "Excess deaths by year, {period}: {total} in total (million persons)",
        "ex_bar": "Excess deaths",
        "ex_whiskers_short": "The whiskers: the same trend with one of the years {a}–{b} left out.",
        "ex_whiskers": ("Whiskers: how far each year's figure moves when one of the years {a}–{b} is left out "
                        "of the trend, in million persons ({items})."),
        "ex_source": "Computed with gd.excess_deaths from the official series (NBS, CSY 1999) or Banister (1984)",
        "ex_baseline": "Normal death rate",
        "ex_years": "Period",
        "ex_under": "Deaths missing from register",
        "ex_rates": "Death rates",
        "ex_official": "official",
        "ex_reconstructed": "reconstructed (Banister)",
        "ex_total": "Total {first}–{last}: {total} excess deaths (the course text says about 20 million). Years below the baseline count as negative.",
        "ex_base_1957": "the 1957 rate",
        "ex_base_1956": "the 1956 rate",
        "ex_base_range": "the 1955–1957 average",
        "ex_base_trend": "the 1953–1957 trend (assumes the fall went on)",
        # estimates
        "est_title": "Published estimates of famine deaths (million persons), by type of source",
        "est_x": "Excess deaths, million persons (line: range; dot: single figure; ▶: at least)",
        "est_course": "Course text: about 20 million",
        "est_source": "gleap_data 'death_toll_estimates': each row cites its publication",
        "est_filter": "Period",
        "est_all": "all periods",
        "est_readout": "{shown} of {every} estimates ({period}): from {low} to {high} million deaths.",
        "official": "official",
        "scholarly": "scholarly",
        "journalistic": "journalistic",
        "partisan": "partisan",
        "unverified": "unverified",
        # the Sources cell of a lesson (tools/bibliography.py renders it from gleap_data/bibliography.json)
        "bib_heading": "Sources",
        "bib_flag_polemic": "Flagged: a biography written to condemn its subject; read it for what it claims, not as a source of fact.",
        "bib_intro": ("Works that carry a figure or a quotation in this lesson; quotations from them are in our translation. "
                      "Where each figure was read, and what is still to be checked, is printed by `gd.cite(\"name\")` and "
                      "listed on the bibliography page (docs/bibliography.md). Copies that are not authorised are never "
                      "linked (docs/sources.md)."),
        # provinces
        "prov_title": "Death rates in provinces with published series (per 1000 population)",
        "prov_national": "China, official",
        "prov_source": "Provincial volumes of 《中国人口》 via Yang Jisheng, Tombstone; Anhui Statistical Yearbook 1989; county gazetteer; NBS",
        # steel
        "steel_title": "Steel in 1958: targets, announcement and usable output (million tonnes)",
        "steel_y": "Steel, million tonnes",
        "steel_output": "output",
        "steel_target": "target",
        "steel_announced": "announced",
        "steel_usable": "usable",
        "steel_unusable": "unusable",
        "steel_source": "Bo Yibo; People's Daily 22 Dec 1958; hprc.org.cn; chinanews 2009 (usable figure: news source)",
        # grain
        "grain_title": "Grain output and state procurement, 1952–1965 (million tonnes)",
        "grain_output": "Output (NBS series)",
        "grain_alt": "Output, other source",
        "grain_procured": "State procurement",
        "grain_share": "Procurement, % of output",
        "grain_share_axis": "Procurement, % of output",
        "grain_y": "Grain, million tonnes",
        "grain_source": "NBS series as compiled; procurement: Heilig citing CSY 1993, Lin & Yang (2000)",
        # timeline
        "tl_title": "Timeline, {first}–{last} (dots: a day or month; bars: events that lasted)",
        "tl_source": "gleap_data 'timeline': each event cites its source",
        "politics": "politics",
        "economy": "economy",
        "famine": "famine",
        "foreign": "foreign",
        "society": "society",
        # provinces and counties
        "pr_title_cdr": "Registered death rate by province, {year} (deaths per 1000 population)",
        "pr_title_excess": "Excess deaths by province, {first}–{last}, against {baseline} (per 1000 population)",
        "pr_x_cdr": "Deaths per 1000 population",
        "pr_x_excess": "Excess deaths per 1000 population (mid-year population of the first year)",
        "pr_y": "Province",
        "pr_panel": "Meng, Qian & Yared panel (registered)",
        "pr_other": "Sichuan: 《中国人口》 via Yang Jisheng (another source)",
        "pr_national": "China (national register): {value}",
        "pr_desc": "Bar chart: {title}. Provinces from highest to lowest: {listing}. Dashed line: national figure {national}.",
        "pr_source": "Meng, Qian & Yared (2015) replication panel; 《中国人口》 via Yang Jisheng; NBS (national)",
        "tiles_title": "Registered death rate by province, 1954–1966 (each square: 0–70 per 1000; number = 1960 rate)",
        "tiles_x": "Provinces placed roughly by geography (north at top, west at left); not a map",
        "tiles_y": "In each square: death rate 0–70 per 1000, 1954–1966",
        "tiles_national": "China, national register (in every square)",
        "tiles_panel": "Province (Meng, Qian & Yared panel)",
        "tiles_other": "Sichuan (《中国人口》 via Yang Jisheng)",
        "tiles_desc": "Tile grid of {n} provinces, each a small line chart of the registered death rate 1954–1966. 1960 rates from highest to lowest: {listing}. National 1960: {national} per 1000.",
        "tiles_source": "Meng, Qian & Yared (2015) replication panel; 《中国人口》 via Yang Jisheng (Sichuan); NBS (national)",
        "cs_title": "Counties' registered death rates in {year}, 13 provinces (deaths per 1000; one dot per county)",
        "cs_x": "Province (sorted by the middle county)",
        "cs_counties": "Counties (Cao, Xu & Zhang)",
        "cs_province": "Provincial rate (another series)",
        "cs_desc": "Box plot of county death rates in {year}, one box per province, provinces from highest to lowest median: {listing} (per 1000). Diamonds: provincial registered rates where sourced.",
        "cs_source": "Cao, Xu & Zhang (2022) county panel; provincial rates: Meng, Qian & Yared (2015), 《中国人口》 via Yang Jisheng",
        "ur_title": "Registered death rate in towns and countryside, 1954–1965 (per 1000; only the years a source gives)",
        "ur_national": "China, national register",
        "ur_urban": "Urban",
        "ur_rural": "Rural",
        "ur_desc": "Line chart of registered death rates per 1000 by area. {listing}. The national rate is drawn for 1954–1965.",
        "ur_source": "Xin Yi & Ge Ling (2008); Lin & Yang (2000), Table 2 (OCR text); NBS (national)",
        "pe_title": "Excess deaths per 1000 population, chosen provinces and China",
        "pe_title_full": "Excess deaths, {first}–{last}, against {baseline} (per 1000 population)",
        "pe_x": "Province",
        "pe_y": "Excess deaths per 1000 population",
        "pe_provinces": "Chosen provinces (Meng, Qian & Yared panel)",
        "pe_national": "China (national register)",
        "pe_china": "China",
        "pe_none": "Choose at least one province.",
        "pe_desc": "Bar chart of excess deaths per 1000, {first}–{last}: {listing}; China (national register) {national}.",
        "pe_source": "gd.excess_deaths(by='province') on the Meng, Qian & Yared (2015) panel; NBS (national)",
        "pe_select": "Provinces",
        "pe_base_trend": "a trend through only three years, 1955–1957",
        "pe_base_trend_option": "the 1955–1957 trend (only three years)",  # the menu's word (Polish: nominative; the title's is genitive)
        "pe_readout": "{listing}. Together: {total} million excess deaths. The national register gives {national} million for all of China with the same choices.",
        "pe_row": "{province}: {deaths} million ({rate} per 1000)",
        # how fragile a trend baseline is (charts.trend_baseline)
        "tb_title": "{place}: death rate and trend baselines through {a}–{b} (per 1000 population)",
        "tb_registered": "Registered death rate",
        "tb_points": "The years the trend is fitted to ({first}–{last})",
        "tb_trend": "Trend through every year {first}–{last} (baseline=\"trend\")",
        "tb_left_out": "The same trend with one of those years left out",
        "tb_without": "without {year}",
        "tb_source": "gd.analysis.trend_fits on the Meng, Qian & Yared (2015) panel",
        "tb_source_national": "gd.analysis.trend_fits on the NBS national register",
        "tb_desc": ("Line chart of {place}'s registered death rate per 1000, with the straight line through its "
                    "{a}–{b} rates that baseline=\"trend\" uses, extended to {last}: it gives {end} per 1000 for {last}; "
                    "the lines through all but one of those years give from {low} to {high}. Excess deaths "
                    "{first}–{last}: {excess} per 1000 with every year of the trend, from {excess_low} to "
                    "{excess_high} with one year left out."),
    },
}

# Chart descriptions (accessible names, data tables) and explorer wording: issue "What students see".
_ENGLISH["en"].update({
    "desc_line": "Line chart",
    "desc_bar": "Bar chart",
    "desc_points": "Chart",
    "desc_series": "{name}: {first} in {x0}, {last} in {x1}; highest {high} in {xhigh}, lowest {low} in {xlow}",
    "desc_single": "{name}: {value} at {x}",
    "desc_bars": "{name}: {items}",
    "desc_estimates": ("Range chart of {n} published estimates of famine deaths, million persons: lowest figure "
                       "{low}, highest {high}; {above} of them reach above the course text's 20 million"),
    "table_summary": "Data table",
    "table_series": "Series",
    "table_text": "Label",
    "ex_total_single": "{first}: {total} excess deaths (the course text says about 20 million for the whole famine).",
    "ex_total_negative": ("Total {first}–{last}: {total}: fewer deaths than the baseline, so no excess under these "
                          "assumptions (the course text says about 20 million)."),
    "ex_under_reconstructed": ("Banister's reconstructed rates already include the deaths missing from the register, "
                               "so the under-registration correction is switched off for them."),
    "million_short": "{value} million",
    "est_readout_one": "{shown} of {every} estimates ({period}): {low} million deaths.",
    "lab_share_tip": "Share of the 1957 farm labour force moved to furnaces and industry",
    "lab_elasticity_tip": "How much the harvest falls when labour falls (0.5: 10% less labour, about 5% less grain)",
    "lab_procurement_tip": "Share of the harvest the state takes",
    "lab_overreporting_tip": "How much the harvest was over-reported, so procurement is set on a larger figure",
    "lab_weather_tip": "Share of the harvest lost to bad weather",
    "ex_baseline_tip": "The death rate taken as normal, without the famine",
    "ex_years_tip": "First and last year counted",
    "ex_under_tip": "Share of deaths missing from the register, added back",
    "ex_rates_tip": "Official registered rates or Banister's reconstruction",
    "emp_slider_tip": "The year whose shares are read out",
    "pe_select_tip": "Type a province's name and press Enter to add it; Backspace removes the last one",
    "est_filter_tip": "Show only the estimates for one period",
    "million_unit": "m",
    "no_date": "n.d.",
    "et_al": "et al.",
    "county_place": "{province}: {county} county",
    "provincial_volume": "provincial volume for {}",
})


# explorers drawn in the page (gleap_data/explorer.js)
_ENGLISH["en"].update({
    "x_from": "from", "x_to": "to", "x_tags_hint": "type a name, Enter adds it, Backspace removes the last",
    "x_tags_unknown": "“{name}” is not one of the provinces with data (the list shows their names as you type).",
    "x_table": "Data table", "x_series": "Series", "x_x": "x", "x_y": "y", "x_text": "Label",
})


# Tables (gd.show): headings of computed columns and of the model's calibration (dataset columns take
# their titles from datapackage.json), and the words for data codes that a table shows.
_ENGLISH["en"].update({
    "col_baseline_cdr": "Baseline death rate (per 1000 population)",
    "col_baseline_cbr": "Baseline birth rate (per 1000 population)",
    "col_population": "Population",
    "col_province": "Province",
    "col_excess_deaths": "Excess deaths (persons)",
    "col_excess_per_1000": "Excess deaths per 1000 population",
    "col_lost_births": "Lost or postponed births",
    "col_count": "Number",
    "col_share_moved": "Share of farm labour moved",
    "col_farm_labour": "Farm labour left (persons)",
    "col_moved_workers": "Workers moved (persons)",
    "col_grain_output_mt": "Harvest, model (million tonnes)",
    "col_reported_output_mt": "Reported harvest, model (million tonnes)",
    "col_grain_left_mt": "Grain left in the countryside, model (million tonnes)",
    "col_grain_per_rural_person_kg": "Grain left per rural person, model (kg per year)",
    "col_grain_per_rural_person_kg_per_day": "Grain left per rural person, model (kg per day)",
    "col_steel_mt": "Steel, model (million tonnes)",
    "col_base_grain_mt": "Grain output 1957 (million tonnes)",
    "col_base_farm_labour": "Farm labour, end of 1957 (persons)",
    "col_rural_population": "Rural population, end of 1957 (persons)",
    "col_procurement_share": "State procurement, share of the 1957 harvest",
    "col_share_moved_1958": "Share of farm labour moved in 1958",
    "col_base_steel_mt": "Steel output 1957 (million tonnes)",
    "col_steel_per_moved_worker_t": "Usable steel added in 1958 per worker moved (tonnes)",
    "area_urban": "urban",
    "area_rural": "rural",
    "area_national": "whole country",
    "level_province": "province",
    "level_county": "county",
    "series_nbs": "NBS series",
    "series_zhou_zhen_2009": "Zhou Zhen (2009), rounded",
})

#: The datapackage's units as a table heading shows them (``gd.show``): English here, every other
#: language from the package's catalogue (msgctxt ``units.<unit>``); a unit not listed shows as written.
UNIT_TEXTS = ("births per woman", "code", "kg per person per year", "million tonnes", "paragraph number",
              "per 1000 population", "percent", "persons", "sentence number", "year")


def unit(text: str, lang: str | None = None) -> str:
    """A unit from datapackage.json in ``lang`` (as written there when no translation is known)."""
    return UNITS[resolve(lang)].get(text, text)


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        from .errors import shown, value_error

        raise value_error("lang", allowed=", ".join(repr(x) for x in LANGUAGES), value=shown(lang))
    return lang


def _from_environment() -> str:
    """GLEAP_LANG (e.g. ``pl``) sets the starting language; anything unknown falls back to English."""
    value = os.environ.get("GLEAP_LANG", "en").strip().lower()[:2]
    return value if value in LANGUAGES else "en"


_current = _from_environment()


def set_language(lang: str) -> None:
    """Set the language of every chart, explorer and readout in this session ("en" or "pl").
    A ``lang=`` argument still overrides it for one call. The starting value comes from the
    environment variable ``GLEAP_LANG``."""
    global _current
    _current = _check(lang)
    for func in DOCUMENTED.values():
        _set_doc(func, _current)


def get_language() -> str:
    """The session's language (see :func:`set_language`)."""
    return _current


def resolve(lang: str | None = None) -> str:
    """``lang`` checked, or the session's language when it is None."""
    return _current if lang is None else _check(lang)


def uses_language(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorator: a ``lang`` argument left at None becomes the session's language.

    The package's own functions write ``lang = resolve(lang)`` as their first line instead: mypy
    checks a decorated body with ``lang: str | None`` whatever the decorator does, and the explicit
    line costs no ``inspect.signature`` binding per call. Kept (typed, signature preserved) for code
    that still uses it."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        bound = signature.bind_partial(*args, **kwargs)
        bound.arguments["lang"] = resolve(bound.arguments.get("lang"))
        return func(*bound.args, **bound.kwargs)

    return wrapper


# ------------------------------------------------------------------ words that depend on a number
# gettext plural forms. The English singular and plural are here (gettext's msgid and msgid_plural);
# every other language's forms are in the package's catalogue
# gleap_data/locales/<lang>/LC_MESSAGES/gleap.po (msgctxt: the key below), and that catalogue's
# Plural-Forms header picks the form for n: Polish has three (1 powiat; 2–4, 22–24, ... powiaty;
# 5–21, 25–31, ... powiatów). `make translations` keeps the catalogue in step with this table.
PLURALS: dict[str, tuple[str, str]] = {
    "cs_row": ("{province}: {n} county, {low}–{high}", "{province}: {n} counties, {low}–{high}"),
    "desc_timeline": ("Timeline of {n} dated event, {first}–{last}: {items}",
                      "Timeline of {n} dated events, {first}–{last}: {items}"),
}
DOMAIN = "gleap"


class MissingTranslationWarning(UserWarning):
    """A message has no translation in the language asked for; English is shown instead."""


def catalogue_path(lang: str):
    """The package's gettext catalogue for ``lang`` (a file inside the package, so it works from a wheel)."""
    from importlib.resources import files

    return files(__package__).joinpath(f"locales/{lang}/LC_MESSAGES/{DOMAIN}.po")


@functools.cache
def _translations(lang: str):
    """(Babel catalogue, gettext translations) for ``lang``: the PO file compiled in memory with Babel
    (no .mo file to keep in step); fuzzy entries are left out, so they show English."""
    import gettext
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = catalogue_path(lang)
    if lang == "en" or not path.is_file():
        return None, gettext.NullTranslations()
    with path.open("rb") as f:
        catalogue = read_po(f, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalogue)
    buf.seek(0)
    return catalogue, gettext.GNUTranslations(buf)


def plural(key: str, n: int, lang: str | None = None) -> str:
    """The words for ``key`` in the form the number ``n`` needs in ``lang`` (to be ``.format``-ted).

    >>> plural("cs_row", 74, "pl").format(province="Kuejczou", n=74, low="10,1", high="213,2")
    'Kuejczou: 74 powiaty, 10,1–213,2'
    >>> plural("cs_row", 1, "en").format(province="Anhui", n=1, low="1", high="2")
    'Anhui: 1 county, 1–2'
    """
    import warnings

    lang = resolve(lang)
    singular, many = PLURALS[key]
    catalogue, translations = _translations(lang)
    if catalogue is not None:
        message = catalogue.get(singular, context=key)
        if message is None or message.fuzzy or not all(message.string):
            warnings.warn(f"no {lang!r} translation of the plural message {key!r} in {catalogue_path(lang)}; "
                          "showing English", MissingTranslationWarning, stacklevel=2)
    return translations.npgettext(key, singular, many, n)


def label(key: str, lang: str | None = None) -> str:
    """The word(s) for ``key`` in ``lang`` (default: the session's language); a clear error for a
    language we do not have."""
    return LABELS[resolve(lang)][key]


# ------------------------------------------------------------------ words looked up by key
class Catalogued(dict):
    """Words by language for one area of the package (``labels``, ``selfcheck``, ``errors``,
    ``units``): ``self["en"]`` is the English source written in the code; any other language of
    :data:`LANGUAGES` is read from the package's catalogue the first time it is asked for (msgctxt
    ``<area>.<key>``, msgid the English text). A missing or fuzzy entry keeps its English, with a
    :class:`MissingTranslationWarning` naming the keys, so a student never meets a KeyError.

    >>> Catalogued("labels", {"source": "Source"})["pl"]["source"]
    'Źródło'
    """

    _all: list = []

    def __init__(self, area: str, english: dict[str, str]):
        super().__init__(en=english)
        self.area = area
        Catalogued._all.append(self)

    def __contains__(self, lang) -> bool:
        return lang in LANGUAGES

    def __missing__(self, lang: str) -> dict[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        table = translated(self.area, self["en"], lang)
        self[lang] = table
        return table

    @classmethod
    def forget(cls) -> None:
        """Drop every translated table (they are read again from the catalogue when next asked for)."""
        _translations.cache_clear()
        for table in cls._all:
            for lang in [x for x in table if x != "en"]:
                del table[lang]

    def __iter__(self):
        return iter(dict.keys(self))


def translated(area: str, english: dict[str, str], lang: str) -> dict[str, str]:
    """``english`` ({key: text}) in ``lang``, from the package's catalogue (msgctxt ``<area>.<key>``)."""
    import warnings

    catalogue, _ = _translations(lang)
    if catalogue is None:
        return dict(english)
    table, missing = {}, []
    for key, text in english.items():
        message = catalogue.get(text, context=f"{area}.{key}")
        if message is None or message.fuzzy or not message.string:
            missing.append(key)
            table[key] = text
        else:
            table[key] = message.string
    if missing:
        warnings.warn(f"no {lang!r} translation of {area} {', '.join(missing)} in {catalogue_path(lang)}; "
                      "showing English", MissingTranslationWarning, stacklevel=3)
    return table


def text_in(context: str, english, lang: str | None = None):
    """One text of the data package in ``lang``: ``english`` as written in datapackage.json or a CSV,
    its translation from the package's catalogue (msgctxt ``context``: ``datapackage.<resource>.title``,
    ``datapackage.<resource>.<field>.description``, ``data.<column>`` for a dataset's text column).
    A missing or fuzzy entry gives the English with a :class:`MissingTranslationWarning`; anything
    that is not a text is returned as it is.

    >>> text_in("data.measure", "output", "pl"), text_in("datapackage.steel.title", "x", "en")
    ('output', 'x')
    """
    import warnings

    lang = resolve(lang)
    if lang == "en" or not isinstance(english, str) or not english:
        return english
    catalogue, _ = _translations(lang)
    message = catalogue.get(english, context=context) if catalogue is not None else None
    if message is None or message.fuzzy or not message.string:
        if context.startswith("data.") and context[5:] not in _TRANSLATABLE_COLUMNS():
            return english  # a column whose texts are not translated (codes, names, sources)
        warnings.warn(f"no {lang!r} translation of the {context} text {english[:60]!r} in "
                      f"{catalogue_path(lang)}; showing English", MissingTranslationWarning, stacklevel=2)
        return english
    return message.string


@functools.cache
def _TRANSLATABLE_COLUMNS() -> frozenset:
    """Columns whose texts the catalogue translates (``x-translatable`` in datapackage.json)."""
    from ._data import _resources

    return frozenset(f["name"] for r in _resources().values() for f in r.get("schema", {}).get("fields", [])
                     if f.get("x-translatable"))


#: Every word on a chart, widget or table heading, by language (English source above).
LABELS: Catalogued = Catalogued("labels", _ENGLISH["en"])
UNITS: Catalogued = Catalogued("units", {text: text for text in UNIT_TEXTS})
del _ENGLISH


# ------------------------------------------------------------------ help() in the session's language
#: The functions whose help() the lessons and exercises send students to: {name: function}. Their
#: English docstring is the source; the catalogue holds its translation (msgctxt ``docs.<name>``).
DOCUMENTED: dict = {}


def _set_doc(func, lang: str) -> None:
    english = func.__gleap_doc__
    if lang == "en":
        func.__doc__ = english
        return
    key = func.__name__
    func.__doc__ = translated("docs", {key: inspect.cleandoc(english)}, lang)[key]


def documented(func):
    """Decorator: ``help(func)`` speaks the session's language (``gd.set_language``); the examples
    in a translation are the English ones, so they stay runnable."""
    func.__gleap_doc__ = func.__doc__
    DOCUMENTED[func.__name__] = func
    if _current != "en":
        _set_doc(func, _current)
    return func


def english_docs() -> dict[str, str]:
    """{name: English docstring, cleaned} of every :data:`DOCUMENTED` function (for the catalogue)."""
    from . import _data, analysis, labour  # noqa: F401  (they register their functions)

    return {name: inspect.cleandoc(func.__gleap_doc__) for name, func in sorted(DOCUMENTED.items())}
