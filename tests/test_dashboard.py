"""The dashboard's views on the shipped data, driven as a reader drives them (no browser), and segstats dashboard."""

import asyncio
import datetime as dt
import io
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from segstats.cli import main, parser
from segstats.explore import dashboard, model, page
from segstats.explore.app import App
from segstats.explore.district import DistrictView
from segstats.explore.indicator import IndicatorView
from segstats.explore.measures import MeasuresView
from segstats.explore.widgets import toggled


@pytest.fixture(scope="module")
def data():
    return model.Data.load()


def text(html: str) -> str:
    """What a reader sees of some HTML: its text, tags removed."""
    blocks = re.sub(r"</(p|h\d|td|th|summary|dd|dt|caption|li)>", " ", html)
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", "", blocks)).strip()


def said(sentences) -> str:
    """Sentences of a page as read (their Markdown shown)."""
    return text(page.markdown(sentences))


def downloads(view) -> dict[str, bytes]:
    return {f.name: f.data for f in view.page.files}


def click(view, control: str, option: str) -> None:
    """Click one checkbox of a group, as a reader does."""
    view.set(**{control: toggled(view.panel.choice[control], option)})


@pytest.mark.realdata
def test_indicator_view_answers_at_once_districts_against_linkoping(data):
    view = IndicatorView(data)
    assert view.page.heading == "Personer med låg ekonomisk standard"
    shown = said(view.page.summary)
    assert "Skäggetorp-Tornby (RegSO) 2024: 48\xa0% – Linköping 15\xa0%, skillnad +33\xa0procentenheter." in shown
    assert "Sverige har inget värde för den här indikatorn" in said(view.page.notes)
    assert "RegSO Skäggetorp-Tornby är större än kommunens stadsdel Skäggetorp" in said(view.page.notes)
    chart = view.page.charts[0]
    assert chart.png.startswith(b"\x89PNG") and "Skäggetorp-Tornby (RegSO): 48\xa0% år 2024" in chart.alt


@pytest.mark.realdata
def test_a_refused_regso_comparison_offers_the_deso_level_that_has_one(data):
    view = IndicatorView(data)  # lag_ekstd 2024: only Linköping's RegSOs have values
    shown = said(view.page.summary)
    assert re.search(r"Skäggetorp: ingen jämförelse med samma områdestyp – .* \(2024: 1 av 162\)", shown)
    assert "Välj nivån DeSO under Geografi: där jämförs stadsdelens DeSO med alla DeSO av samma typ 2022." in shown
    assert [c.css for c in view.page.charts] == ["ss-indicator-chart", "ss-map-chart"]  # no comparison chart


@pytest.mark.realdata
def test_same_type_comparison_ranks_the_district_among_the_whole_type(data):
    view = IndicatorView(data)
    view.set(indicator="hyresratt")
    assert (
        "Ryd (RegSO) hör till områdestyp 2 (socioekonomiska utmaningar). 2023: 93,8\xa0% – plats 18 av 293 RegSO "
        "av samma typ i hela landet (1 = högst), typens median 61,6\xa0%."
    ) in said(view.page.summary)
    peer_chart = next(c for c in view.page.charts if c.css == "ss-indicator-peer-chart")
    assert peer_chart.png.startswith(b"\x89PNG") and "plats 18 av 293" in peer_chart.alt
    ranked = re.findall(r'<tr class="ss-own">(.*?)</tr>', view.page.html())
    assert len(ranked) == 3 and ">18<" in ranked[1]  # each district highlighted in its type's ranking


@pytest.mark.realdata
def test_a_year_range_shows_the_gap_at_both_ends_and_its_change(data):
    view = IndicatorView(data)
    view.set(indicator="hyresratt", years=[2020, 2023])
    shown = said(view.page.summary)
    assert (
        "Ryd (RegSO) 2020: 93,5\xa0% – Linköping 50,4\xa0%, skillnad +43,1\xa0procentenheter; "
        "2023: 93,8\xa0% – Linköping 50,5\xa0%, skillnad +43,3\xa0procentenheter. "
        "Skillnaden ändrades med +0,2\xa0procentenheter."
    ) in shown


@pytest.mark.realdata
def test_a_checkbox_adds_or_removes_one_district_and_reset_brings_the_defaults_back(data):
    view = IndicatorView(data)
    click(view, "districts", "Berga")
    click(view, "districts", "Ryd")
    assert "Berga (RegSO)" not in said(view.page.summary) and "Skäggetorp-Tornby (RegSO)" in said(view.page.summary)
    click(view, "districts", "Ryd")
    assert "Ryd (RegSO)" in said(view.page.summary) and "Berga (RegSO)" not in said(view.page.summary)
    view.panel.choice = dict(view.panel.defaults)  # what the Reset button sends
    assert "Berga (RegSO)" in said(view.page.summary)


def read_csv(data: bytes) -> pd.DataFrame:
    """A download as a script reads it (codes as text)."""
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"geo_code": str})


@pytest.mark.realdata
def test_downloads_are_tidy_typed_files_named_by_view_filter_and_language_png_at_150_dpi(data):
    view = IndicatorView(data)
    files = downloads(view)
    stem = "indicator-lag_ekstd-berga-ryd-skaggetorp-2002-2025-sv"
    assert files[f"{stem}.csv"].startswith(b"\xef\xbb\xbf")
    assert "nan" not in files[f"{stem}.csv"].decode().lower()
    table = read_csv(files[f"{stem}.csv"])
    assert table.columns.tolist()[:8] == [
        *("indicator", "indicator_name", "district", "geo_kind", "geo_code", "geo_name", "year", "value")
    ]
    skaggetorp = table[(table["geo_code"] == "0580R018") & (table["year"] == 2024)].iloc[0]
    assert (skaggetorp["value"], skaggetorp["unit"], skaggetorp["source"]) == (48, "%", "SCB")
    assert pd.api.types.is_numeric_dtype(table["value"]) and pd.api.types.is_integer_dtype(table["year"])
    assert set(table["geo_code"]) <= set(data.geographies["geo_code"].astype(str))  # joins back
    book = openpyxl.load_workbook(io.BytesIO(files[f"{stem}.xlsx"]))
    assert book.sheetnames == ["Om tabellen", "Värden per område och år"]
    about = "\n".join(" ".join(str(v) for v in row if v) for row in book["Om tabellen"].iter_rows(values_only=True))
    assert "Urval Stadsdelar: Berga, Ryd, Skäggetorp; Geografi: RegSO" in about and "År: 2002–2025" in about
    assert [c.value for c in book["Värden per område och år"][1]][:3] == ["Indikator-id", "Indikator", "Stadsdel"]
    image = Image.open(io.BytesIO(files[f"{stem}.png"]))
    assert image.info["dpi"][0] >= 149.9 and image.width >= 1400
    labels = [f.label for f in view.page.files]
    assert labels[0] == "Personer med låg ekonomisk standard: tabellen som CSV (öppnas direkt i svenska Excel)"
    assert len(set(labels)) == len(labels)  # every link says what it downloads


@pytest.mark.realdata
def test_measures_view_answers_the_question_in_three_clicks(data):
    view = MeasuresView(data)
    assert said(view.page.summary).startswith("60 åtgärder.")
    view.set(areas=["2"], districts=["Skäggetorp"], statuses=["not_done"])
    assert said(view.page.summary) == (
        "1 åtgärd inom utvecklingsområde 2 riktade till Skäggetorp med status Ej genomförd. "
        "Genomförd 0, Pågår 0, Ej genomförd 1."
    )
    html = view.page.html()
    assert "<summary><b>2.3</b>" in html and "En förstudie (Connect)" in html
    files = downloads(view)  # named by the filters, which the workbook says in words
    table = read_csv(files["measures-areas-2-districts-skaggetorp-statuses-not_done-sv.csv"])
    assert table["measure_id"].tolist() == ["2.3"] and table["status_name"].tolist() == ["Ej genomförd"]
    book = openpyxl.load_workbook(io.BytesIO(files["measures-areas-2-districts-skaggetorp-statuses-not_done-sv.xlsx"]))
    about = [row[1] for row in book["Om tabellen"].iter_rows(values_only=True) if row[0] == "Urval"]
    assert about == [
        "Utvecklingsområde: 2. Fler i arbete eller meningsfull sysselsättning; Riktad till: Skäggetorp; "
        "Status: Ej genomförd"
    ]
    view.set(areas=[], districts=[], statuses=[])
    assert "measures-all-sv.csv" in downloads(view)


@pytest.mark.realdata
def test_search_acts_on_the_words_typed(data):
    view = MeasuresView(data)
    view.set(text="glyttinge")
    assert said(view.page.summary).startswith("1 åtgärd med orden ”glyttinge”")


@pytest.mark.realdata
def test_language_switch_writes_everything_in_english(data):
    app = App(data)
    app.header.choice = {"lang": "en"}
    indicator, district, measures, city = app.views
    assert indicator.page.heading == "Persons with low economic standard"
    assert "Sweden has no value for this indicator" in said(indicator.page.notes)
    levels = next(f for f in indicator.panel.spec if f["name"] == "levels")
    assert levels["options"][0] == ["RegSO (SCB's regional statistical area)", "regso"]
    assert said(measures.page.summary).startswith("60 measures.")
    assert district.page.heading.startswith("Berga in the 2021 follow-up")
    assert app.tabs.titles == ("Indicators", "District", "Measures", "All of Linköping")
    assert city.page.heading == "Segregation across all of Linköping in 2022"
    assert app.header.page_lang == "en" and app.header.page_title == "Explore the action plan against segregation"


@pytest.mark.realdata
def test_nothing_reads_as_code(data):
    for view in App(data).views:
        shown = text(view.page.html())
        assert not re.search(r"\bNaN\b|\bnan\b|\bTrue\b|\bFalse\b|geo_kind|area_type|is_district", shown)


@pytest.mark.realdata
def test_district_view_shows_the_profile_measures_per_area_and_indicators_with_their_geography(data):
    view = DistrictView(data)
    view.set(district="Skäggetorp")
    assert view.page.heading == "Skäggetorp i uppföljningen 2021"
    assert "RegSO Skäggetorp-Tornby, områdestyp 1 (stora socioekonomiska utmaningar" in said(view.page.summary)
    assert "RegSO Skäggetorp-Tornby är större än kommunens stadsdel Skäggetorp" in said(view.page.notes)
    shown = text(view.page.html())
    assert "2. Fler i arbete eller meningsfull sysselsättning 3 8 1 12 2.3" in shown  # done, ongoing, not done
    assert "Personer med låg ekonomisk standard RegSO 2024 48\xa0% 15\xa0%" in shown
    assert "Genomförd 3, Pågår 8, Ej genomförd 1" in view.page.charts[0].alt
    files = downloads(view)
    measures = read_csv(files["district-skaggetorp-2021-measures-sv.csv"])
    area = measures.set_index("area_no").loc[2]
    assert (area["done"], area["ongoing"], area["not_done"], area["not_done_measures"]) == (3, 8, 1, "2.3")
    assert measures["total"].sum() == 53  # no total row: a column sums to the district's measures
    indicators = read_csv(files["district-skaggetorp-2021-indicators-sv.csv"]).set_index("indicator")
    assert indicators.loc["lag_ekstd", ["value", "linkoping_value", "gap"]].tolist() == [48, 15, 33]
    assert indicators.loc["lag_ekstd", "peer_missing"].startswith("ingen jämförelse")
    labels = [f.label for f in view.page.files]
    assert len(set(labels)) == len(labels)  # three tables, each link saying which


@pytest.mark.realdata
def test_the_app_has_the_district_tab_where_the_profile_exists(data):
    assert App(data).tabs.titles == ("Indikatorer", "Stadsdel", "Åtgärder", "Hela Linköping")


@pytest.mark.realdata
def test_deso_level_compares_the_districts_desos_with_all_desos_of_the_type_in_2022(data):
    view = IndicatorView(data)
    click(view, "levels", "deso")
    shown = said(view.page.summary)
    # Checked against the data: 467 DeSOs of Sweden lie in RegSOs of type 2 (2022); only Uppsala's
    # 0380C1460 (80 %) is higher than Ryd's 0580C1460 (77 %); the type's median is 26 %.
    assert (
        "Ryd, DeSO (mindre områden inom RegSO Ryd, områdestyp 2: socioekonomiska utmaningar, indelning 2022) 2022 "
        "bland alla 467 DeSO i RegSO av samma typ i hela landet (1 = högst), typens median 26\xa0%"
    ) in shown
    assert "0580C1460 77\xa0% plats 2 av 467" in shown
    assert "0580C1680 56\xa0% plats 24 av 293" in shown  # Skäggetorp's DeSOs: type 1
    assert "ingen jämförelse med samma områdestyp" not in shown  # the refused RegSO comparison is replaced
    assert "En DeSO (SCB:s demografiska statistikområde) är ett mindre område inom en RegSO" in said(view.page.notes)
    ryd = view.page.html().split("Ryds DeSO bland")[1].split("Skäggetorps DeSO")[0]
    own = re.findall(r'<tr class="ss-own">(.*?)</tr>', ryd)
    assert len(own) == 5 and ">2<" in own[0] and "0580C1460" in own[0]  # each of Ryd's DeSOs highlighted
    ranking = read_csv(downloads(view)["indicator-lag_ekstd-same-type-deso-berga-ryd-skaggetorp-sv.csv"])
    ryd = ranking[ranking["district"] == "Ryd"]
    assert len(ryd) == 467 and ryd["is_district"].sum() == 5
    own = ryd.set_index("geo_code").loc["0580C1460"]
    assert (own["peer_rank"], own["value"], own["kommun_name"], own["area_type"]) == (2, 77, "Linköping", 2)


@pytest.mark.realdata
def test_deso_comparison_only_for_low_economic_standard_other_indicators_keep_the_regso_one(data):
    view = IndicatorView(data)
    click(view, "levels", "deso")
    view.set(indicator="hyresratt")
    shown = said(view.page.summary)
    assert "plats 18 av 293 RegSO av samma typ" in shown and "DeSO i RegSO av samma typ" not in shown
    view.set(indicator="lag_ekstd")
    click(view, "levels", "deso")
    assert "(2024: 1 av 162)" in said(view.page.summary)  # without the DeSO level: today's refusal


@pytest.mark.realdata
def test_deso_comparison_in_english(data):
    view = IndicatorView(data, lang="en")
    click(view, "levels", "deso")
    shown = said(view.page.summary)
    assert "among all 467 DeSOs in RegSOs of the same type in all of Sweden" in shown
    assert "0580C1460 77% rank 2 of 467" in shown


@pytest.mark.realdata
def test_district_view_shows_each_deso_2022_to_2024_and_its_place_among_the_type_as_the_report_does(data):
    view = DistrictView(data)
    view.set(district="Ryd")
    shown = text(view.page.html())
    assert "Ryds 5 DeSO (mindre områden inom RegSO:n): personer med låg ekonomisk standard 2022 och 2024" in shown
    assert "0580C1460 77\xa0% 72\xa0% −5 2 467" in shown  # the reports' DeSO table: 2022, 2024, change, rank, of
    assert "mindre område inom stadsdelens RegSO" in shown
    desos = read_csv(downloads(view)["district-ryd-2021-desos-sv.csv"]).set_index("geo_code")
    assert desos.loc["0580C1460", ["start_value", "end_value", "change", "peer_rank", "peer_count"]].tolist() == [
        *(77, 72, -5, 2, 467)
    ]


def flagged_data(data):
    """The shipped tables with one FICTIONAL flag: Ryd's stadsdel 2021 ekonomiskt bistånd (5,7 %) marked implausible."""
    indicators = data.indicators.copy()
    row = (
        (indicators["indicator"] == "ekonomiskt_bistand")
        & (indicators["district"] == "Ryd")
        & (indicators["year"] == 2021)
    )
    assert row.sum() == 1
    indicators.loc[row, "implausible"] = True
    return model.Data.from_tables(data.measures, indicators, data.catalogue.reset_index(drop=True), data.geographies)


@pytest.mark.realdata
def test_a_flagged_value_is_marked_in_the_table_with_a_footnote_and_in_the_chart(data):
    view = IndicatorView(flagged_data(data))
    view.set(indicator="ekonomiskt_bistand")
    unflagged = IndicatorView(data)
    unflagged.set(indicator="ekonomiskt_bistand")
    cells = re.findall(r'<td class="num flagged">([^<]*)</td>', view.page.html())
    assert cells == ["5,7\xa0%\xa0*"]  # the value kept, marked
    assert "flagged" not in unflagged.page.html()
    note = (
        "* Värdet ligger utanför det rimliga intervallet för indikatorn och visas som källan anger det: "
        "Vuxna med ekonomiskt bistånd, Ryd (stadsdel) 2021: 5,7\xa0% (rimligt 0,0\xa0%–30,0\xa0%)."
    )
    assert note in text(view.page.html()) and note in said(view.page.notes)
    assert "5,7\xa0%\xa0*" in said(view.page.summary)
    assert view.page.charts[0].png != unflagged.page.charts[0].png  # the chart differs by the marked point


def test_cli_dashboard_takes_a_port_no_browser_and_a_cap_on_pages(monkeypatch):
    passed = {}
    monkeypatch.setattr(dashboard, "serve", lambda port, **kwargs: passed.update(port=port, **kwargs))
    with pytest.raises(SystemExit):
        main(["--data-dir", "/somewhere/data", "dashboard", "--port", "8899", "--no-browser", "--max-pages", "3"])
    assert passed == {"port": 8899, "open_browser": False, "data_dir": "/somewhere/data", "max_pages": 3}
    assert parser().parse_args(["dashboard"]).port is None


def test_voila_serves_one_notebook_on_localhost_token_not_in_the_process_list(tmp_path):
    command = dashboard.voila_command(tmp_path / "explore-dashboard.ipynb", 8899, tmp_path)
    assert command[1:3] == ["-m", "segstats.explore.server"] and str(tmp_path / "explore-dashboard.ipynb") in command
    assert "--Voila.ip=127.0.0.1" in command and "--port=8899" in command and "--Voila.port_retries=0" in command
    assert "--token" in command and not any(c.startswith("--token=") for c in command)


def test_a_busy_port_is_one_clear_error(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("SEGSTATS_RUNTIME_DIR", str(tmp_path))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["dashboard", "--no-browser", "--port", str(busy.getsockname()[1])]) == 1
    assert "används redan; välj en annan med --port" in capsys.readouterr().err  # Swedish by default


@pytest.mark.slow
@pytest.mark.realdata
def test_segstats_dashboard_prints_the_url_with_its_token_and_serves_no_code(tmp_path):
    env = {**os.environ, "SEGSTATS_RUNTIME_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "segstats.cli", "dashboard", "--no-browser"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as cli:
        try:
            url = cli.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", url), url
            with pytest.raises(urllib.error.HTTPError):  # no token, no page
                opener = urllib.request.build_opener(NoRedirect)
                opener.open(url.split("?")[0], timeout=30)
            with urllib.request.urlopen(url, timeout=120) as page:
                html = page.read().decode()
            assert "Data.load()" not in html and "import" not in html.split("<body", 1)[1]  # outputs, no code
            assert '<html lang="sv">' in html and "<title>Utforska åtgärdsplanen mot segregation</title>" in html
        finally:
            cli.terminate()
            assert cli.wait(timeout=30) == 0
    assert "Kernel shutdown" in (tmp_path / "dashboard.log").read_text()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FakeKernels:
    """Voilà's kernel manager as the prelaunch hook sees it: kernels, each connected to a page or not, and idle
    for some seconds."""

    def __init__(self, connected: int, gone: int = 0, idle: float = 60):
        since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=idle)
        self.kernels = {f"page{i}": (1, since) for i in range(connected)} | {
            f"gone{i}": (0, since) for i in range(gone)
        }
        self.stopped: list[str] = []

    def list_kernel_ids(self):
        return [k for k in self.kernels if k not in self.stopped]

    def get_kernel(self, kernel_id):
        return SimpleNamespace(last_activity=self.kernels[kernel_id][1], execution_state="idle")

    def kernel_model(self, kernel_id):
        return {"connections": self.kernels[kernel_id][0]}

    async def shutdown_kernel(self, kernel_id):
        self.stopped.append(kernel_id)


class FakeRequest:
    """What Voilà's prelaunch hook gets of a page request: its kernels, and a response to write (tornado's names)."""

    def __init__(self, kernels: FakeKernels):
        self.kernel_manager = kernels
        self.status, self.written, self.cookies = 200, "", []

    def set_status(self, status):
        self.status = status

    def set_header(self, *_):
        pass

    def write(self, text):
        self.written += text

    @property
    def xsrf_token(self):
        self.cookies.append("_xsrf")
        return b"token"


def test_a_page_over_the_cap_gets_a_page_that_says_so_and_no_kernel(monkeypatch):
    from tornado.web import Finish

    from segstats.explore import server

    monkeypatch.setenv(server.MAX_PAGES_ENV, "2")
    request = FakeRequest(FakeKernels(connected=2))
    with pytest.raises(Finish):
        server.prelaunch(request, notebook=None, cwd=".")
    assert request.status == 503 and '<html lang="sv">' in request.written
    assert "Just nu är 2 sidor öppna" in request.written and "2 pages are open right now" in request.written


def test_a_page_under_the_cap_gets_the_cookie_that_makes_its_shutdown_work_and_a_title(monkeypatch):
    import nbformat

    from segstats.explore import server

    monkeypatch.setenv(server.MAX_PAGES_ENV, "2")
    request = FakeRequest(FakeKernels(connected=1))
    notebook = server.prelaunch(request, notebook=nbformat.v4.new_notebook(), cwd=".")
    assert request.cookies == ["_xsrf"] and notebook.metadata["title"] == "Utforska åtgärdsplanen mot segregation"


def test_at_the_cap_the_kernels_of_gone_pages_make_room_and_open_pages_keep_theirs(monkeypatch):
    import nbformat

    from segstats.explore import server

    monkeypatch.setenv(server.MAX_PAGES_ENV, "3")
    kernels = FakeKernels(connected=1, gone=2)  # two tabs closed without their shutdown request reaching us

    async def page_request():
        notebook = server.prelaunch(FakeRequest(kernels), notebook=nbformat.v4.new_notebook(), cwd=".")
        await asyncio.sleep(0)  # the shutdowns run
        return notebook

    assert asyncio.run(page_request()) is not None
    assert sorted(kernels.stopped) == ["gone0", "gone1"]


def test_at_the_cap_a_page_just_served_keeps_its_kernel_until_it_connects(monkeypatch):
    from tornado.web import Finish

    from segstats.explore import server

    monkeypatch.setenv(server.MAX_PAGES_ENV, "2")
    kernels = FakeKernels(connected=1, gone=1, idle=server.RECLAIM_IDLE / 3)  # served, not yet connected
    with pytest.raises(Finish):
        server.prelaunch(FakeRequest(kernels), notebook=None, cwd=".")
    assert kernels.stopped == []


def test_dashboard_and_lab_pass_the_data_folder_on_and_write_nothing_in_a_read_only_home(monkeypatch, tmp_path):
    from segstats.explore import lab

    monkeypatch.delenv("SEGSTATS_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "/proc/segstats-no-home")  # cannot be made or written, not even by root
    runtime = lab.runtime_dir()
    assert runtime.is_dir() and not str(runtime).startswith("/proc")
    env = lab.jupyter_env(runtime, tmp_path / "data")
    assert env[lab.DATA_DIR_ENV] == str((tmp_path / "data").resolve())
    for variable in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR", "JUPYTERLAB_WORKSPACES_DIR"):
        assert env[variable].startswith(str(runtime)), variable


@pytest.mark.slow
def test_segstats_dashboard_serves_with_a_read_only_home_and_another_data_folder(tmp_path):
    from .conftest import copy_raw_data

    data_dir = copy_raw_data(tmp_path / "data")
    assert main(["--data-dir", str(data_dir), "build"]) == 0
    env = {**os.environ, "HOME": "/proc/segstats-no-home", "SEGSTATS_RUNTIME_DIR": str(tmp_path / "runtime")}
    env.pop("XDG_CACHE_HOME", None)
    command = [sys.executable, "-m", "segstats.cli", "--data-dir", str(data_dir), "dashboard", "--no-browser"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as cli:
        try:
            url = cli.stdout.readline().strip()
            with urllib.request.urlopen(url, timeout=180) as served:
                html = served.read().decode()
            assert "There was an error when executing" not in html and "Traceback" not in html
        finally:
            cli.terminate()
            assert cli.wait(timeout=30) == 0
    log = (tmp_path / "runtime" / "dashboard.log").read_text()
    assert "Traceback" not in log and "Kernel started" in log
