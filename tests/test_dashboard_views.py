"""The dashboard's views on FICTIONAL tables (tests/fictional_dashboard.py): what a reader sees and can reach."""

import re

import pytest

from segstats.explore import page
from segstats.explore.app import App
from segstats.explore.district import DistrictView
from segstats.explore.indicator import IndicatorView, indicator_page
from segstats.explore.measures import MeasuresView

from . import fictional_dashboard as fictional


@pytest.fixture(scope="module")
def data():
    return fictional.data()


def text(html: str) -> str:
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def said(sentences) -> str:
    return text(page.markdown(sentences))


def test_every_control_has_a_name_and_every_group_a_legend_in_both_languages(data):
    for lang in ("sv", "en"):
        for view in App(data, lang).views:
            for control in view.panel.spec:
                assert control["label"].strip(), (view.name, control)
                if control["kind"] in ("checks", "choice", "select"):
                    assert all(label.strip() for label, _ in control["options"]), control
            names = [c["name"] for c in view.panel.spec]
            assert len(names) == len(set(names))


def test_every_chart_has_alt_text_with_its_values_and_a_table_and_every_table_a_caption(data):
    view = IndicatorView(data)
    view.set(indicator="lag_ek_standard")
    html = view.page.html()
    assert re.findall(r'<img [^>]*alt="([^"]+)"', html) == [c.alt for c in view.page.charts]
    assert "Ryd (RegSO): 40,0\xa0% år 2019, 44,0\xa0% år 2023; saknas 2021" in view.page.charts[0].alt
    assert html.count("<table") == html.count("<caption") >= 1
    for other in (DistrictView(data), MeasuresView(data)):
        assert other.page.charts and all(c.alt for c in other.page.charts)
        assert "<table" in other.page.html() and "Genomförd" in other.page.charts[0].alt


def test_download_links_say_what_they_download(data):
    labels = [f.label for f in DistrictView(data).page.files]
    assert len(labels) == len(set(labels)) >= 4
    assert "Åtgärder riktade till Berga 2022, per utvecklingsområde: tabellen som CSV" in labels[0]


def test_one_change_updates_every_output_in_one_message_and_clears_the_busy_state(data):
    view = IndicatorView(data)
    sent = []
    original = view.panel.send_state
    view.panel.send_state = lambda key=None: sent.append(set(key or ())) or original(key)
    view.panel.busy = True  # as the page sends it with the reader's change
    view.set(indicator="forvarvsfrekvens")
    assert {"output", "busy"} in sent  # the whole page and the end of the busy state together
    assert not any("output" in keys and "busy" not in keys for keys in sent)
    assert view.panel.busy is False and "Förvärvsfrekvens (fiktiv)" in view.panel.output


def test_a_year_range_shows_the_gap_at_both_ends_and_its_change(data):
    view = IndicatorView(data)
    view.set(indicator="lag_ek_standard", districts=["Skäggetorp"], levels=["regso"], years=[2019, 2023])
    assert said(view.page.summary).startswith(
        "Skäggetorp-Tornby (RegSO) 2019: 50,0\xa0% – Linköping 15,0\xa0%, skillnad +35,0\xa0procentenheter; "
        "2023: 54,0\xa0% – Linköping 15,0\xa0%, skillnad +39,0\xa0procentenheter. "
        "Skillnaden ändrades med +4,0\xa0procentenheter."
    )
    view.set(years=[2021, 2021])
    assert said(view.page.summary).startswith(
        "Skäggetorp-Tornby (RegSO) 2021: 52,0\xa0% – Linköping 15,0\xa0%, skillnad +37,0\xa0procentenheter."
    )


def test_a_refused_regso_comparison_points_to_the_deso_level_which_has_one(data):
    view = IndicatorView(data)  # the DeSO indicator: no RegSO values elsewhere
    assert "Välj nivån DeSO under Geografi" in said(view.page.summary)
    view.set(levels=["regso", "deso"])
    shown = said(view.page.summary)
    assert "0580C9002 65\xa0% plats 1 av 6" in shown and "Välj nivån DeSO" not in shown
    charts = {c.css: c.alt for c in view.page.charts}
    assert set(charts) == {"ss-indicator-chart", "ss-map-chart", "ss-indicator-peer-chart"}
    assert "plats 1 av 6" in charts["ss-indicator-peer-chart"]


def test_the_indicator_view_maps_linkopings_desos_after_the_trend(data):
    view = IndicatorView(data)  # FICTIONAL: two DeSOs of Ryd with values, a third without
    charts = [c.css for c in view.page.charts]
    assert charts.index("ss-map-chart") == charts.index("ss-indicator-chart") + 1
    html = view.page.html()
    assert html.index("ss-map-note") < html.index("ss-map-chart")
    assert "färgade efter indikatorn 2024, det år i det valda spannet då flest DeSO har värden (2 på kartan)" in text(
        html
    )  # both years have the two DeSOs: the latest
    alt = next(c.alt for c in view.page.charts if c.css == "ss-map-chart")
    assert "Högst i Linköping: 0580C9002 67\xa0%; lägst: 0580C9001 62\xa0%" in alt
    assert "0580C9003" in alt  # the DeSO without a value is named, never given one
    csv = next(f for f in view.page.files if f.name == "indicator-lag_ekstd-deso-map-2024-sv.csv")
    assert csv.data.decode("utf-8-sig").splitlines()[1:] == [
        "lag_ekstd;Låg ekonomisk standard, DeSO (fiktiv);deso;0580C9001;2024;62;%",
        "lag_ekstd;Låg ekonomisk standard, DeSO (fiktiv);deso;0580C9002;2024;67;%",
    ]
    view.set(years=[2022, 2023])  # only 2022 in the span
    assert "indikatorn 2022" in text(view.page.html())
    view.set(indicator="lag_ek_standard")  # no DeSO values: no map
    assert "ss-map-chart" not in [c.css for c in view.page.charts]


def test_without_polygons_there_is_no_map(data):
    from segstats.explore.model import Data

    bare = Data.from_tables(
        fictional.measures(), fictional.indicators(), fictional.catalogue(), fictional.geographies()
    )
    assert "ss-map-chart" not in [c.css for c in IndicatorView(bare).page.charts]


def test_reset_brings_back_the_defaults(data):
    view = IndicatorView(data)
    view.set(districts=["Ryd"], comparisons=[])
    view.panel.choice = dict(view.panel.defaults)
    assert view.panel.choice["districts"] == ["Berga", "Ryd", "Skäggetorp"]


def test_the_language_switch_sets_the_pages_language_and_title(data):
    app = App(data)
    assert (app.header.page_lang, app.header.page_title) == ("sv", "Utforska åtgärdsplanen mot segregation")
    app.header.choice = {"lang": "en"}
    assert (app.header.page_lang, app.header.page_title) == ("en", "Explore the action plan against segregation")
    assert app.views[2].page.heading == "Measures" and app.tabs.titles[0] == "Indicators"


def test_the_choices_one_click_away_are_made_ahead(data):
    view = IndicatorView(data)
    todo = list(view.neighbours(dict(view.panel.choice)))
    view._prefetch(view._round, todo[:1])  # what the kernel does in an idle moment
    hits = indicator_page.cache_info().hits
    view.set(**todo[0])
    assert indicator_page.cache_info().hits == hits + 1


def test_pages_are_made_ahead_only_once_the_browser_shows_the_view(data, monkeypatch):
    from segstats.explore import widgets

    scheduled = []
    monkeypatch.setattr(widgets, "later", lambda job, delay: scheduled.append(job))
    view = IndicatorView(data)
    assert scheduled == []  # the page still loads its widgets from the kernel: nothing may keep it busy
    view._asked(view.panel, {"shown": True}, [])
    view.set(districts=["Ryd"])
    assert len(scheduled) == 2
    scheduled[0]()  # the first round's job comes after the reader's change: it makes nothing
    assert len(scheduled) == 2


def test_text_from_the_data_is_never_markup(data):
    view = MeasuresView(data)
    html = view.page.html()
    assert "Fiktiv språkkurs &lt;b&gt;för&lt;/b&gt; vuxna" in html and "<b>för</b>" not in html


def test_the_measures_filters_and_search_narrow_the_list(data):
    view = MeasuresView(data)
    view.set(years=["2021"], statuses=["not_done"])
    assert said(view.page.summary).startswith("1 åtgärd i uppföljningen 2021 med status Ej genomförd.")
    view.set(years=[], statuses=[], text="GLYTTINGEBADET")
    assert "5.1" in view.page.html() and said(view.page.summary).startswith("1 åtgärd med orden")


def test_a_file_is_made_when_the_reader_asks_and_sent_as_bytes(data):
    view = DistrictView(data)
    sent = []
    view.panel.send = lambda content, buffers=None: sent.append((content, buffers))
    name = view.page.files[1].name  # the measures table as XLSX
    view._asked(view.panel, {"download": name}, [])
    assert sent[0][0] == {"download": name} and bytes(sent[0][1][0]).startswith(b"PK")  # a zip: an XLSX
    view._asked(view.panel, {"download": "../../etc/passwd"}, [])
    assert len(sent) == 1  # only the page's own files


def test_a_district_whose_regso_is_larger_than_its_stadsdel_is_told_apart(data):
    assert data.larger_regso_notes(("Berga", "Skäggetorp"), "en") == [
        "The RegSO Skäggetorp-Tornby is larger than the municipality's district of Skäggetorp. "
        "They are two different areas, and their values are never one series."
    ]
    assert data.larger_regso_notes(("Berga", "Ryd"), "en") == []


def _with_municipalities():
    """The FICTIONAL dashboard tables with FICTIONAL whole-municipality measures of four municipalities."""
    from segstats.explore.model import Data

    from . import fictional_indicators

    catalogue = fictional.catalogue().astype({"area_no": "Int64"}).assign(producer=fictional_indicators.SOURCE)
    tables = fictional_indicators.with_municipalities(fictional.indicators(), catalogue, fictional.geographies())
    return Data.from_tables(fictional.measures(), *tables)


def test_the_city_view_places_linkoping_among_all_and_similar_municipalities():
    from segstats.explore.city import CityView

    view = CityView(_with_municipalities())  # FICTIONAL: four municipalities, the first measure an index
    shown = said(view.page.summary)
    assert "Segregationsindex, fiktiv 2022: Linköping 0,30 , plats 2 av 4 kommuner (median 0,25)" in shown  # bold ends
    assert "bland de 3 kommunerna av liknande storlek plats 2 (median 0,30)" in shown
    notes = said(view.page.notes)
    assert "alltså 2–8 DeSO" in notes and "Förutom Linköping är det Fiktiv lik och Fiktiv stor." in notes
    html = view.page.html()
    assert "<i>Isoleringsindex</i>" in html and "*" not in text(html)  # the meaning's italics, not its marks
    assert "Andel i utsatta områden, fiktiv 16,0\xa0% 2 av 4" in text(html)  # every measure in the table
    (chart,) = view.page.charts
    assert "Segregationsindex, fiktiv: Linköping 0,30, plats 2 av 4 kommuner" in chart.alt
    every = next(f for f in view.page.files if f.name == "city-diss_fiktiv-2022-sv.csv").data.decode("utf-8-sig")
    assert every.splitlines()[1:3] == [
        "diss_fiktiv;Segregationsindex, fiktiv;kommun;9901;Fiktiv stor;2022;0,50;index;1;6;True",
        "diss_fiktiv;Segregationsindex, fiktiv;kommun;0580;Linköping;2022;0,30;index;2;4;True",
    ]
    view.set(measure="andel_fiktiv")
    assert "Andel i utsatta områden, fiktiv 2022: Linköping 16,0\xa0%" in said(view.page.summary)


def test_without_municipal_measures_the_city_view_says_so(data):
    from segstats.explore.city import CityView

    view = CityView(data)
    assert [c["name"] for c in view.panel.spec] == ["measure", "reset"] and not view.page.charts
    assert said(view.page.summary) == "Inga data för det här urvalet."
