"""Charts and widgets: titles, units and sources; every language; sliders update in place."""
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import gleap_data as gd
from gleap_data.labels import LABELS, LANGUAGES

CHARTS = ["employment_by_sector", "labour_model", "vital_rates", "excess_deaths_chart", "estimates",
          "provincial_death_rates", "steel_1958", "grain_and_procurement", "timeline"]


def test_every_language_has_every_label():
    keys = set(LABELS["en"])
    for lang in LANGUAGES:
        assert set(LABELS[lang]) == keys, f"{lang}: {sorted(keys ^ set(LABELS[lang]))}"
        assert all(v.strip() for v in LABELS[lang].values())


@pytest.mark.parametrize("name", CHARTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_chart_has_title_source_axis_titles_and_data(name, lang):
    fig = getattr(gd.charts, name)(lang=lang)
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    assert gd.charts.source_line(fig).startswith(LABELS[lang]["source"] + ":")
    axes = [fig.layout[k] for k in fig.layout if k.startswith("yaxis")]
    if name not in ("estimates", "timeline"):  # category axes name themselves
        assert all(ax.title.text for ax in axes), "every value axis says what it measures"
    assert any(len(t.x) if t.x is not None else 0 for t in fig.data)


def test_words_follow_lang():
    assert gd.charts.vital_rates(lang="pl").layout.title.text.replace("<br>", " ") == LABELS["pl"]["vr_title"]
    assert gd.charts.vital_rates().layout.title.text.replace("<br>", " ") == LABELS["en"]["vr_title"]
    with pytest.raises(ValueError, match="lang must be one of"):
        gd.charts.vital_rates(lang="de")


def test_excess_chart_shows_what_excess_deaths_computes():
    fig = gd.charts.excess_deaths_chart(baseline=(1955, 1957), years=(1959, 1962))
    table = gd.excess_deaths(baseline=(1955, 1957), years=(1959, 1962))
    assert list(fig.data[0].x) == [1959, 1960, 1961, 1962]
    assert np.allclose(fig.data[0].y, table.excess_deaths / 1e6, atol=1e-3)
    assert f"{table.excess_deaths.sum() / 1e6:.1f} million" in fig.layout.title.text.replace("<br>", " ")


def test_excess_bars_carry_the_trend_whiskers_of_trend_range():
    # with the trend baseline each bar has a whisker from the lowest to the highest value of that year
    # over the trend lines with one of 1953-1957 left out; with any other baseline none
    fig = gd.charts.excess_deaths_chart(baseline="trend", years=(1958, 1962))
    spread = gd.analysis.trend_range((1958, 1962))
    bars, whiskers = np.asarray(fig.data[0].y), fig.data[0].error_y
    assert whiskers.visible and not whiskers.symmetric
    assert np.allclose(bars + np.asarray(whiskers.array), spread.excess_deaths_high / 1e6, atol=1e-3)
    assert np.allclose(bars - np.asarray(whiskers.arrayminus), spread.excess_deaths_low / 1e6, atol=1e-3)
    assert (np.asarray(whiskers.array) >= 0).all() and (np.asarray(whiskers.arrayminus) >= 0).all()
    text = gd.charts.description(fig)
    assert "Whiskers" in text and "1960 11.39–11.67" in text
    gd.charts.update_excess_deaths_chart(fig, 1957, (1958, 1962), "vital_rates", 0.0)
    assert fig.data[0].error_y.visible is False and "Whiskers" not in gd.charts.description(fig)
    pl = gd.charts.excess_deaths_chart(baseline="trend", lang="pl")
    assert "Wąsy" in gd.charts.description(pl) and "11,39–11,67" in gd.charts.description(pl)


def test_estimates_chart_marks_the_course_text_and_filters_by_period():
    fig = gd.charts.estimates()
    assert any(s.x0 == 20 for s in fig.layout.shapes)
    shown = gd.charts.update_estimates(fig, "1959–1961")
    assert (shown.period_start == 1959).all() and (shown.period_end == 1961).all()
    with pytest.raises(ValueError, match="period must be one of"):
        gd.charts.update_estimates(fig, "1900–1901")


def test_labour_chart_marks_the_chosen_share():
    fig = gd.charts.labour_model(share_moved=0.3)
    assert list(fig.data[7].x) == [0.3]
    assert fig.data[7].y[0] == pytest.approx(gd.labour_allocation(0.3).grain_output_mt.iloc[0])


# ------------------------------------------------------------------ widgets

def test_excess_slider_updates_figure_in_place_and_total_matches():
    ex = gd.widgets.excess_deaths_explorer()
    fig = ex.figure
    before = list(fig.data[0].y)
    assert ex.total == pytest.approx(gd.excess_deaths().excess_deaths.sum())
    ex.underregistration = 0.2
    assert ex.figure is fig, "the figure is updated, not re-created"
    assert list(fig.data[0].y) != before
    expected = gd.excess_deaths(underregistration=0.2).excess_deaths.sum()
    assert ex.total == pytest.approx(expected)
    assert f"{expected / 1e6:.1f} million" in ex.readout.value
    ex.baseline = "trend"
    ex.years = (1958, 1962)
    ex.rates = "vital_rates_reconstructed"
    # Banister's rates already include the unregistered deaths: the correction is not applied twice
    expected = gd.excess_deaths("trend", (1958, 1962), "vital_rates_reconstructed", 0.0).excess_deaths.sum()
    assert ex.total == pytest.approx(expected)
    assert ex.disabled == {"underregistration"}
    assert "already include" in ex.readout.value
    assert list(fig.data[0].x) == [1958, 1959, 1960, 1961, 1962]
    ex.rates = "vital_rates"
    assert not ex.disabled
    assert ex.total == pytest.approx(gd.excess_deaths("trend", (1958, 1962), underregistration=0.2).excess_deaths.sum())


def test_excess_readout_words_single_years_and_negative_totals():
    ex = gd.widgets.excess_deaths_explorer()
    ex.years = (1963, 1963)
    text = ex.readout.value
    assert "1963–1963" not in text and "1963:" in text
    assert "1963–1963" not in ex.figure.layout.title.text
    ex.years = (1962, 1963)
    assert ex.total < 0 and "no excess" in ex.readout.value


def test_explorers_start_exactly_at_the_documented_defaults():
    cal = gd.labour_calibration()
    lab = gd.widgets.labour_explorer()
    assert lab.share_moved == pytest.approx(cal["share_moved_1958"], abs=1e-12)
    assert lab.procurement_share == pytest.approx(cal["procurement_share"], abs=1e-12)
    expected = gd.labour_allocation(cal["share_moved_1958"]).iloc[0]
    assert lab.point.iloc[0].grain_output_mt == pytest.approx(expected.grain_output_mt)
    assert f"{expected.grain_per_rural_person_kg:.0f} kg" in lab.readout.value
    for explorer in (lab, gd.widgets.excess_deaths_explorer()):
        for control in explorer.controls.values():
            assert control.tooltip, f"{control.description!r} has no tooltip"


def test_labour_slider_updates_model_and_readout():
    lab = gd.widgets.labour_explorer()
    fig = lab.figure
    lab.share_moved = 0.4
    assert lab.figure is fig
    assert list(fig.data[7].x) == [0.4]
    row = gd.labour_allocation(0.4).iloc[0]
    assert fig.data[7].y[0] == pytest.approx(row.grain_output_mt)
    assert f"harvest {row.grain_output_mt:.0f} Mt" in lab.readout.value
    before = list(fig.data[0].y)
    lab.labour_elasticity = 0.9
    assert list(fig.data[0].y) != before
    lab.overreporting = 1.0
    assert lab.point.procurement_mt.iloc[0] == pytest.approx(
        gd.labour_allocation(0.4, labour_elasticity=0.9, overreporting=1.0).procurement_mt.iloc[0])


def test_employment_and_estimates_explorers():
    emp = gd.widgets.employment_explorer()
    emp.year = 1960
    assert list(emp.figure.data[3].x) == [1960] * 3
    assert "1960" in emp.readout.value
    est = gd.widgets.estimates_explorer()
    every = len(est.shown)
    est.period = "1959–1961"
    assert 0 < len(est.shown) < every
    assert f"{len(est.shown)} of {every}" in est.readout.value


@pytest.mark.parametrize("lang,expected", [
    ("pl", "4 z 25 szacunków (1958–1963): od 17,0 do 27,0 mln zgonów."),
    ("en", "4 of 25 estimates (1958–1963): from 17.0 to 27.0 million deaths.")])
def test_the_estimates_readout_gives_both_ends_the_same_precision(lang, expected):
    """Review 5.7: "od 17,0 do 27 mln" mixed one decimal and none. By hand: the 1958-1963 estimates
    run from Jiang Zhenghua's 16.97 to 27 million, both written with one decimal."""
    est = gd.widgets.estimates_explorer(lang=lang)
    est.period = "1958–1963"
    assert expected in est.readout.value
    assert gd.charts._estimate_figure_text(
        pd.Series({"low": 23e6, "high": 40.5e6, "central": 30e6}), "en") == "23.0–40.5 (30.0)"


def test_one_output_carries_the_live_widget_and_the_static_explorer():
    """An explorer's output holds the widget view (JupyterLab) and, for a page with no widget
    manager (the static site), the explorer itself as HTML and a module script with its payload,
    not a still picture; and the kernel's figure for the site's tests. No mode, no variable."""
    ex = gd.widgets.excess_deaths_explorer()
    bundle, _ = ex._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == ex.model_id
    page = bundle["text/html"]
    assert "gleap-explorer-host" in page and "GLEAP.mount(" in page and "GLEAP.decodeSpec(" in page
    assert '<script type="module">' in page and "still picture" not in page
    # its data table, written by the package itself (gleap_data._describe, no tools/ on sys.path)
    assert page.count('<table class="gleap-data-table">') == 1 and "<td>1960</td>" in page
    kernel = bundle[gd.widgets.KERNEL_FIGURE_MIME]
    assert kernel["data"][0]["name"] == ex.figure.data[0].name and kernel["layout"]["title"]["text"] == ex.figure.layout.title.text
    assert bundle["text/plain"].startswith("Excess deaths")


# ------------------------------------------------------------------ readable by every student

def _look(trace) -> tuple:
    """What tells a trace apart without colour vision: colour, dash, marker symbol, kind."""
    line = getattr(trace, "line", None)
    marker = getattr(trace, "marker", None)
    mode = getattr(trace, "mode", None) or ""
    color = (line.color if line is not None and line.color and "lines" in mode else None) or \
            (marker.color if marker is not None and isinstance(marker.color, str) else None)
    dash = (line.dash or "solid") if line is not None and "lines" in mode else None
    symbol = marker.symbol if marker is not None and "markers" in mode else None
    symbol = tuple(symbol) if isinstance(symbol, (list, tuple)) else symbol
    return (trace.type, color and color.upper(), dash, symbol if "markers" in mode or trace.type != "scatter" else None)


def _series(trace) -> str:
    """Traces of one series: the same legend group, or the same name (one series in two panels)."""
    return trace.legendgroup or trace.name or ""


ALL_CHARTS = CHARTS + ["provinces_ranked", "province_tiles", "county_spread", "urban_rural",
                       "provincial_excess_chart", "trend_baseline"]


@pytest.mark.parametrize("name", ALL_CHARTS)
def test_no_two_series_look_alike_and_colours_are_colour_blind_safe(name):
    fig = getattr(gd.charts, name)()
    palette = {c.upper() for c in gd.charts.OKABE_ITO.values()}
    looks = {}
    for trace in fig.data:
        look = _look(trace)
        if look[1] is not None and not look[1].startswith("RGBA"):
            assert look[1] in palette, f"{name}: {trace.name!r} uses {look[1]}, not an Okabe–Ito colour"
        looks.setdefault(look, set()).add(_series(trace))
    clashes = {look: series for look, series in looks.items() if len(series) > 1}
    assert not clashes, f"{name}: series drawn alike (colour and dash/marker): {clashes}"


def test_every_chart_takes_its_look_from_the_registered_gleap_template():
    """The look is registered once (pio.templates["gleap"]: plotly's white theme, the Okabe–Ito
    palette as its colourway) and every chart uses it, so a trace without a colour of its own
    still gets a safe one."""
    import plotly.io as pio

    palette = gd.charts.OKABE_ITO  # the charts register the template when they are first imported
    colorway = list(pio.templates["gleap"].layout.colorway)
    assert {c.upper() for c in colorway} <= {c.upper() for c in palette.values()}
    for name in ALL_CHARTS:
        fig = getattr(gd.charts, name)()
        assert list(fig.layout.template.layout.colorway) == colorway, f"{name} does not use the gleap template"
        assert fig.layout.template.layout.plot_bgcolor == pio.templates["plotly_white"].layout.plot_bgcolor


def test_primary_and_secondary_employment_differ_in_more_than_colour():
    fig = gd.charts.employment_by_sector()
    assert fig.data[0].line.dash != fig.data[1].line.dash
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol


@pytest.mark.parametrize("name", ALL_CHARTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_has_a_description_from_its_data(name, lang):
    fig = getattr(gd.charts, name)(lang=lang)
    text = gd.charts.description(fig)
    assert len(text) > 60, f"{name}: description too short: {text!r}"
    assert any(ch.isdigit() for ch in text), f"{name}: a description without a single figure: {text!r}"
    assert fig.layout.meta["lang"] == lang


def test_description_follows_the_data():
    fig = gd.charts.employment_by_sector()
    assert "Primary (farming, forestry, fishing): 173.2 in 1952" in gd.charts.description(fig)
    assert "lowest 154.9 in 1958" in gd.charts.description(fig)
    fig = gd.charts.excess_deaths_chart(baseline=1957, years=(1959, 1961))
    table = gd.excess_deaths(baseline=1957, years=(1959, 1961))
    assert f"1960 {table.excess_deaths[1960] / 1e6:.1f}" in gd.charts.description(fig)
    gd.charts.update_excess_deaths_chart(fig, 1957, (1960, 1960), "vital_rates", 0.0)
    assert "1959" not in gd.charts.description(fig).split(".")[-2]


# ------------------------------------------------------------------ provinces and counties

PROVINCE_CHARTS = ["provinces_ranked", "province_tiles", "county_spread", "urban_rural", "provincial_excess_chart",
                   "trend_baseline"]


@pytest.mark.parametrize("name", PROVINCE_CHARTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_province_charts_have_title_source_axes_description_and_distinct_traces(name, lang):
    fig = getattr(gd.charts, name)(lang=lang)
    assert fig.layout.title.text and gd.charts.source_line(fig).startswith(LABELS[lang]["source"] + ":")
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert len(gd.charts.description(fig)) > 40
    styles = set()
    for trace in fig.data:
        line = getattr(trace, "line", None)
        marker = trace.marker
        style = (getattr(marker, "color", None) if not isinstance(getattr(marker, "color", None), (list, tuple)) else None,
                 getattr(line, "color", None) if line is not None else None,
                 getattr(line, "dash", None) if line is not None else None,
                 getattr(marker, "symbol", None), trace.type)
        assert style not in styles, f"{name}: two traces look alike"
        styles.add(style)


def test_provinces_ranked_matches_the_data_and_marks_the_nation():
    fig = gd.charts.provinces_ranked("cdr", 1960)
    bars = dict(zip(fig.data[0].y, fig.data[0].x))
    assert bars["Anhui"] == 68.58 and bars["Shanghai"] == 6.9 and len(bars) == 23
    assert dict(zip(fig.data[1].y, fig.data[1].x)) == {"Sichuan": 53.97}
    assert any(s.x0 == 25.43 for s in fig.layout.shapes)
    assert gd.charts.description(fig).startswith("Bar chart") and "Anhui 68.6" in gd.charts.description(fig)
    excess = gd.charts.provinces_ranked("excess", baseline=(1955, 1957), years=(1959, 1961))
    table = gd.excess_deaths((1955, 1957), (1959, 1961), by="province")
    assert dict(zip(excess.data[0].y, excess.data[0].x))["Guizhou"] == pytest.approx(
        table.loc["Guizhou", "excess_per_1000"], abs=0.01)
    with pytest.raises(ValueError, match="measure must be"):
        gd.charts.provinces_ranked("deaths")


def test_county_spread_uses_every_county_and_keeps_provincial_rates_apart():
    fig = gd.charts.county_spread(1960)
    counties = gd.load("county_death_rates").query("year == 1960")
    assert len(fig.data[0].y) == len(counties) == 921
    assert fig.data[1].name.startswith("Provincial rate")
    sichuan = dict(zip(fig.data[1].x, fig.data[1].y))["Sichuan"]
    assert sichuan == 53.97  # the provincial series, not the county mean (59.4)
    with pytest.raises(ValueError, match="1954–1966"):
        gd.charts.county_spread(1970)


def test_provincial_explorer_updates_in_place_and_matches_the_function():
    ex = gd.widgets.provincial_excess_explorer()
    fig = ex.figure
    assert list(fig.data[0].x) == ["Anhui", "Henan", "Gansu"]
    ex.provinces = ("Guizhou", "Shanghai")
    ex.baseline = "trend"
    assert ex.figure is fig
    expected = gd.excess_deaths("trend", (1959, 1961), by="province", provinces=["Guizhou", "Shanghai"])
    assert list(fig.data[0].x) == ["Guizhou", "Shanghai"]
    assert list(fig.data[0].y) == pytest.approx(expected.excess_per_1000.round(1).tolist())
    assert f"{expected.excess_deaths.sum() / 1e6:.2f} million" in ex.readout.value
    national = gd.excess_deaths("trend", (1959, 1961)).excess_deaths.sum()
    assert f"{national / 1e6:.1f} million" in ex.readout.value
    assert fig.data[0].x is not fig.data[1].x
    ex.provinces = ()
    assert "at least one province" in ex.readout.value  # a message, not a traceback


def test_session_language_with_per_call_override(monkeypatch):
    from gleap_data import labels

    monkeypatch.setattr(labels, "_current", "en")
    gd.set_language("pl")
    assert gd.get_language() == "pl"
    assert gd.charts.vital_rates().layout.title.text.replace("<br>", " ") == LABELS["pl"]["vr_title"]
    assert gd.charts.vital_rates(lang="en").layout.title.text.replace("<br>", " ") == LABELS["en"]["vr_title"]
    assert gd.widgets.excess_deaths_explorer().controls["baseline"].description == LABELS["pl"]["ex_baseline"]
    with pytest.raises(ValueError, match=r"lang \(język\) musi być jednym z"):
        gd.set_language("de")
    gd.set_language("en")


def test_language_from_the_environment(monkeypatch):
    from gleap_data import labels

    monkeypatch.setenv("GLEAP_LANG", "pl")
    assert labels._from_environment() == "pl"
    monkeypatch.setenv("GLEAP_LANG", "xx")
    assert labels._from_environment() == "en"


def test_trend_baseline_marks_its_years_and_draws_every_line_from_trend_fits():
    fig = gd.charts.trend_baseline("Hunan")
    fits = gd.analysis.trend_fits("Hunan")
    registered, points, left_out, full = fig.data
    rates = dict(zip(registered.x, registered.y))
    assert rates[1960] == 29.42 and min(registered.x) == 1954 and max(registered.x) == 1963
    assert list(points.x) == [1955, 1956, 1957] and list(points.y) == [16.36, 11.51, 10.41]
    assert list(full.x) == [1955, 1961]
    assert list(full.y) == [round(fits.baseline_start[0], 2), round(fits.baseline_end[0], 2)]
    assert list(full.y) == pytest.approx([15.735, -2.115], abs=0.006)
    ends = [y for x, y in zip(left_out.x, left_out.y) if x == 1961]
    assert ends == [round(v, 2) for v in fits.baseline_end[1:]] and len(ends) == 3
    text = gd.charts.description(fig)
    assert "-2.1 per 1000 for 1961" in text and "from -12.7 to 6.0" in text
    assert "56.1 per 1000" in text and "from 37.8 to 81.9" in text
    national = gd.charts.trend_baseline(None)
    assert list(national.data[1].x) == [1953, 1954, 1955, 1956, 1957]


@pytest.mark.parametrize("lang, words, menu", [("en", "only three years", "only three years"),
                                               ("pl", "zaledwie trzech lat", "tylko trzy lata")])
def test_a_provincial_trend_baseline_says_on_the_chart_that_it_rests_on_three_years(lang, words, menu):
    fig = gd.charts.provincial_excess_chart(baseline="trend", lang=lang)
    assert words in fig.layout.title.text.replace("<br>", " ")
    assert words not in gd.charts.provincial_excess_chart(baseline=1957, lang=lang).layout.title.text.replace("<br>", " ")
    explorer = gd.widgets.provincial_excess_explorer(lang=lang)
    assert any(menu in label for label, value in explorer.controls["baseline"].options if value == "trend")
