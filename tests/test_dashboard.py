"""The dashboard's views driven as a reader drives them (no browser), and segstats dashboard serving them."""

import io
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from segstats.cli import main, parser
from segstats.explore import app, dashboard


@pytest.fixture(scope="module")
def data():
    return app.Data.load()


def text(widget) -> str:
    """What a reader sees of an HTML widget: its text, tags removed."""
    blocks = re.sub(r"</(p|h\d|td|th|summary|dd|dt)>", " ", widget.value)
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", "", blocks)).strip()


def check(checks: app.Checks, label: str, value: bool = True) -> None:
    """Click a checkbox as a reader does: one box, found by its label."""
    next(box for box in checks.boxes if box.description == label).value = value


def downloads(view) -> dict[str, bytes]:
    import base64

    links = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', view.downloads.value)
    return {name: base64.b64decode(payload) for name, payload in links}


@pytest.mark.realdata
def test_indicator_view_answers_at_once_districts_against_linkoping(data):
    view = app.IndicatorView(data)
    view.widget()
    shown = text(view.summary)
    assert shown.startswith("Personer med låg ekonomisk standard")
    assert "Skäggetorp-Tornby (RegSO) 2024: 48\xa0% – Linköping 15\xa0%, skillnad +33\xa0procentenheter." in shown
    assert "Sverige har inget värde för den här indikatorn" in text(view.notes)
    assert "RegSO Skäggetorp-Tornby är större än kommunens stadsdel Skäggetorp" in text(view.notes)
    assert bytes(view.chart.value).startswith(b"\x89PNG")


@pytest.mark.realdata
def test_same_type_comparison_is_refused_with_the_count_where_the_type_lacks_values(data):
    view = app.IndicatorView(data)
    view.widget()  # lag_ekstd 2024: only Linköping's RegSOs have values
    assert re.search(r"Skäggetorp: ingen jämförelse med samma områdestyp – .* \(2024: 1 av 162\)", text(view.summary))
    assert view.peer_chart.layout.display == "none"


@pytest.mark.realdata
def test_same_type_comparison_ranks_the_district_among_the_whole_type(data):
    view = app.IndicatorView(data)
    view.widget()
    view.indicator.value = "hyresratt"
    shown = text(view.summary)
    assert (
        "Ryd (RegSO) hör till områdestyp 2 (socioekonomiska utmaningar). 2023: 93,8\xa0% – plats 18 av 293 RegSO "
        "av samma typ i hela landet (1 = högst), typens median 61,6\xa0%."
    ) in shown
    assert view.peer_chart.layout.display == "" and bytes(view.peer_chart.value).startswith(b"\x89PNG")
    ranked = re.findall(r'<tr class="ss-own">(.*?)</tr>', view.extra.value)
    assert len(ranked) == 3 and ">18<" in ranked[1]  # each district highlighted in its type's ranking


@pytest.mark.realdata
def test_a_checkbox_adds_or_removes_one_district_and_reset_brings_the_defaults_back(data):
    view = app.IndicatorView(data)
    view.widget()
    check(view.districts, "Berga", False)
    check(view.districts, "Ryd", False)
    assert "Berga (RegSO)" not in text(view.summary) and "Skäggetorp-Tornby (RegSO)" in text(view.summary)
    check(view.districts, "Ryd")
    assert "Ryd (RegSO)" in text(view.summary) and "Berga (RegSO)" not in text(view.summary)
    view.reset_button.click()
    assert view.districts.value == ("Berga", "Ryd", "Skäggetorp")
    assert "Berga (RegSO)" in text(view.summary)


@pytest.mark.realdata
def test_no_district_chosen_says_so(data):
    view = app.IndicatorView(data)
    view.widget()
    with view.quiet():
        view.districts.value = ()
    assert "Välj minst en stadsdel." in text(view.notes)


@pytest.mark.realdata
def test_downloads_are_files_swedish_excel_opens_sheet_named_after_the_table_png_at_150_dpi(data):
    view = app.IndicatorView(data)
    view.widget()
    files = downloads(view)
    csv = files["personer-med-lag-ekonomisk-standard.csv"]
    assert csv.startswith(b"\xef\xbb\xbf")
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Område;Geografi;2014;") and "Skäggetorp-Tornby (RegSO);RegSO" in csv.decode("utf-8-sig")
    assert "nan" not in csv.decode().lower()
    book = openpyxl.load_workbook(io.BytesIO(files["personer-med-lag-ekonomisk-standard.xlsx"]))
    assert book.sheetnames == ["Personer med låg ekonomisk…"]
    image = Image.open(io.BytesIO(files["personer-med-lag-ekonomisk-standard.png"]))
    assert image.info["dpi"][0] >= 149.9 and image.width >= 1400


@pytest.mark.realdata
def test_measures_view_answers_the_question_in_three_clicks(data):
    view = app.MeasuresView(data)
    view.widget()
    assert text(view.summary).startswith("60 åtgärder.")
    check(view.areas, "2. Fler i arbete eller meningsfull sysselsättning")
    check(view.targets, "Skäggetorp")
    check(view.statuses, "Ej genomförd")
    assert text(view.summary) == (
        "1 åtgärd inom utvecklingsområde 2 riktade till Skäggetorp med status Ej genomförd. "
        "Genomförd 0, Pågår 0, Ej genomförd 1."
    )
    assert "<summary><b>2.3</b>" in view.table.value and "En förstudie (Connect)" in view.table.value
    table = pd.read_csv(io.BytesIO(downloads(view)["atgarder.csv"]), sep=";", encoding="utf-8-sig")
    assert table["Åtgärd"].tolist() == [2.3] and table["Status"].tolist() == ["Ej genomförd"]


@pytest.mark.realdata
def test_search_acts_while_typing(data):
    view = app.MeasuresView(data)
    view.widget()
    view.text.value = "glyttinge"
    assert text(view.summary).startswith("1 åtgärd med orden ”glyttinge”")


@pytest.mark.realdata
def test_language_switch_writes_everything_in_english(data):
    whole = app.App(data)
    whole.widget()
    whole.language.value = "en"
    indicator, district, measures = whole.views
    assert text(indicator.summary).startswith("Persons with low economic standard")
    assert "Sweden has no value for this indicator" in text(indicator.notes)
    assert [box.description for box in indicator.levels.boxes][0] == "RegSO (SCB's regional statistical area)"
    assert text(measures.summary).startswith("60 measures.")
    assert text(district.summary).startswith("Berga in the 2021 follow-up")
    assert whole.tabs.titles == ("Indicators", "District", "Measures")


@pytest.mark.realdata
def test_nothing_reads_as_code(data):
    whole = app.App(data)
    whole.widget()
    for view in whole.views:
        shown = " ".join(text(w) for w in (view.summary, view.notes, view.table, view.extra))
        assert not re.search(r"\bNaN\b|\bnan\b|\bTrue\b|\bFalse\b|geo_kind|area_type|is_district", shown)


def test_cli_dashboard_takes_a_port_and_no_browser(monkeypatch):
    passed = {}
    monkeypatch.setattr(dashboard, "serve", lambda port, open_browser: passed.update(port=port, open=open_browser))
    with pytest.raises(SystemExit):
        main(["dashboard", "--port", "8899", "--no-browser"])
    assert passed == {"port": 8899, "open": False}
    assert parser().parse_args(["dashboard"]).port is None


def test_voila_serves_one_notebook_on_localhost_token_not_in_the_process_list(tmp_path):
    command = dashboard.voila_command(tmp_path / "explore-dashboard.ipynb", 8899, tmp_path)
    assert command[1:4] == ["-m", "voila", str(tmp_path / "explore-dashboard.ipynb")]
    assert "--Voila.ip=127.0.0.1" in command and "--port=8899" in command and "--Voila.port_retries=0" in command
    assert "--token" in command and not any(c.startswith("--token=") for c in command)


def test_a_busy_port_is_one_clear_error(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("SEGSTATS_RUNTIME_DIR", str(tmp_path))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["dashboard", "--no-browser", "--port", str(busy.getsockname()[1])]) == 1
    assert "is in use; choose another with --port" in capsys.readouterr().err


@pytest.mark.slow
def test_segstats_dashboard_prints_the_url_with_its_token_and_serves_no_code(tmp_path):
    env = {**__import__("os").environ, "SEGSTATS_RUNTIME_DIR": str(tmp_path)}
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
        finally:
            cli.terminate()
            assert cli.wait(timeout=30) == 0
    assert "Kernel shutdown" in (tmp_path / "dashboard.log").read_text()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.realdata
def test_district_view_shows_the_profile_measures_per_area_and_indicators_with_their_geography(data):
    view = app.DistrictView(data)
    view.widget()
    view.district.value = "Skäggetorp"
    assert text(view.summary).startswith("Skäggetorp i uppföljningen 2021")
    assert "RegSO Skäggetorp-Tornby, områdestyp 1 (stora socioekonomiska utmaningar" in text(view.summary)
    assert "RegSO Skäggetorp-Tornby är större än kommunens stadsdel Skäggetorp" in text(view.notes)
    shown = text(view.table)
    assert "2. Fler i arbete eller meningsfull sysselsättning 3 8 1 12 2.3" in shown  # done, ongoing, not done
    assert "Personer med låg ekonomisk standard RegSO 2024 48\xa0% 15\xa0%" in shown
    assert "NaN" not in shown
    assert set(downloads(view)) >= {"atgarder-riktade-till-skaggetorp-2021-per-utvecklingsomrade.csv"}


@pytest.mark.realdata
def test_the_app_has_the_district_tab_where_the_profile_exists(data):
    assert app.App(data).tabs.titles == ("Indikatorer", "Stadsdel", "Åtgärder")


@pytest.mark.realdata
def test_deso_level_compares_the_districts_desos_with_all_desos_of_the_type_in_2022(data):
    view = app.IndicatorView(data)
    view.widget()
    check(view.levels, "DeSO (SCB:s demografiska statistikområde)")
    shown = text(view.summary)
    # Checked against the data: 467 DeSOs of Sweden lie in RegSOs of type 2 (2022); only Uppsala's
    # 0380C1460 (80 %) is higher than Ryd's 0580C1460 (77 %); the type's median is 26 %.
    assert (
        "Ryd, DeSO (mindre områden inom RegSO Ryd, områdestyp 2: socioekonomiska utmaningar, indelning 2022) 2022 "
        "bland alla 467 DeSO i RegSO av samma typ i hela landet (1 = högst), typens median 26\xa0%"
    ) in shown
    assert "0580C1460 77\xa0% plats 2 av 467" in shown
    assert "0580C1680 56\xa0% plats 24 av 293" in shown  # Skäggetorp's DeSOs: type 1
    assert "ingen jämförelse med samma områdestyp" not in shown  # the refused RegSO comparison is replaced
    assert "En DeSO (SCB:s demografiska statistikområde) är ett mindre område inom en RegSO" in text(view.notes)
    ryd = view.extra.value.split("Ryds DeSO bland")[1].split("Skäggetorps DeSO")[0]
    own = re.findall(r'<tr class="ss-own">(.*?)</tr>', ryd)
    assert len(own) == 5 and ">2<" in own[0] and "0580C1460" in own[0]  # each of Ryd's DeSOs highlighted
    assert view.peer_chart.layout.display == "" and bytes(view.peer_chart.value).startswith(b"\x89PNG")
    ranking = pd.read_csv(
        io.BytesIO(downloads(view)["personer-med-lag-ekonomisk-standard-samma-omradestyp.csv"]),
        sep=";",
        encoding="utf-8-sig",
        dtype=str,
    )
    assert ranking.columns.tolist() == ["Stadsdel", "Plats", "DeSO", "Kommun", "Värde"]
    assert len(ranking[ranking["Stadsdel"] == "Ryd"]) == 467


@pytest.mark.realdata
def test_deso_comparison_only_for_low_economic_standard_other_indicators_keep_the_regso_one(data):
    view = app.IndicatorView(data)
    view.widget()
    check(view.levels, "DeSO (SCB:s demografiska statistikområde)")
    view.indicator.value = "hyresratt"
    shown = text(view.summary)
    assert "plats 18 av 293 RegSO av samma typ" in shown and "DeSO i RegSO av samma typ" not in shown
    view.indicator.value = "lag_ekstd"
    check(view.levels, "DeSO (SCB:s demografiska statistikområde)", False)
    assert "(2024: 1 av 162)" in text(view.summary)  # without the DeSO level: today's refusal


@pytest.mark.realdata
def test_deso_comparison_in_english(data):
    view = app.IndicatorView(data, lang="en")
    view.widget()
    check(view.levels, "DeSO (SCB's demographic statistical area)")
    shown = text(view.summary)
    assert "among all 467 DeSOs in RegSOs of the same type in all of Sweden" in shown
    assert "0580C1460 77% rank 2 of 467" in shown


@pytest.mark.realdata
def test_district_view_shows_each_deso_2022_to_2024_and_its_place_among_the_type(data):
    view = app.DistrictView(data)
    view.widget()
    view.district.value = "Ryd"
    shown = text(view.table)
    assert "Ryds DeSO: personer med låg ekonomisk standard 2022 och 2024" in shown
    assert "0580C1460 77\xa0% 72\xa0% −5 2 2 av 467 26\xa0%" in shown  # value 2022, 2024, change, type, rank, median
    assert "mindre område inom stadsdelens RegSO" in shown
    assert "ryds-deso-personer-med-lag-ekonomisk-standard-2022-och-2024.csv" in downloads(view)


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
    return app.Data.from_tables(data.measures, indicators, data.catalogue.reset_index(drop=True), data.geographies)


@pytest.mark.realdata
def test_a_flagged_value_is_marked_in_the_table_with_a_footnote_and_in_the_chart(data):
    view = app.IndicatorView(flagged_data(data))
    view.widget()
    view.indicator.value = "ekonomiskt_bistand"
    unflagged = app.IndicatorView(data)
    unflagged.widget()
    unflagged.indicator.value = "ekonomiskt_bistand"
    cells = re.findall(r'<td class="num ss-flagged">([^<]*)</td>', view.table.value)
    assert cells == ["5,7\xa0%\xa0*"]  # the value kept, marked
    assert not re.findall(r"ss-flagged", unflagged.table.value)
    note = (
        "* Värdet ligger utanför det rimliga intervallet för indikatorn och visas som källan anger det: "
        "Vuxna med ekonomiskt bistånd, Ryd (stadsdel) 2021: 5,7\xa0% (rimligt 0,0\xa0%–30,0\xa0%)."
    )
    assert note in text(view.table) and note in text(view.notes)
    assert "5,7\xa0%\xa0*" in text(view.summary)
    assert bytes(view.chart.value) != bytes(unflagged.chart.value)  # the chart differs by the marked point
