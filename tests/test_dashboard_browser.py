"""The dashboard in a real browser: Debian's headless Chromium, driven by Selenium, on `segstats dashboard`.

Skipped, with the reason, where there is no browser (``python3 dev.py setup`` installs one as root).
Set ``SEGSTATS_SCREENSHOTS`` to a folder to keep the screenshots the tests take.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PIL import Image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="no headless browser: apt-get install chromium chromium-driver (dev.py setup does it as root)",
    ),
]
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e .[test])")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# A generous bound: the target is 300 ms (p90) on an idle machine; a loaded CI machine is slower.
UPDATE_BOUND_MS = 3000
LOAD_TIMEOUT = 180

# Change a control in the page and resolve, in the page's own clock, once the view shows the
# change: its summary contains the expected text (or no longer does) and its chart has a new image.
CHANGE_AND_WAIT = r"""
const [action, target, summaryCss, expect, present, chartCss, done] = arguments;
const summary = document.querySelector(summaryCss);
const chart = document.querySelector(chartCss);
const before = chart.src;
const t0 = performance.now();
const ready = () => summary.innerText.includes(expect) === present && chart.src !== before;
const poll = () => {
  if (ready()) { done(performance.now() - t0); }
  else if (performance.now() - t0 > 20000) { done(-1); }
  else { requestAnimationFrame(poll); }
};
if (action === "select") {
  const select = document.querySelector(target[0]);
  select.selectedIndex = target[1];
  select.dispatchEvent(new Event("change", {bubbles: true}));
} else {
  target.click();
}
poll();
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    runtime = tmp_path_factory.mktemp("runtime")
    env = {**os.environ, "SEGSTATS_RUNTIME_DIR": str(runtime)}
    command = [sys.executable, "-m", "segstats.cli", "dashboard", "--no-browser"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) as cli:
        try:
            url = cli.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:") and "?token=" in url, url
            yield url
        finally:
            cli.terminate()
            cli.wait(timeout=30)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(server, downloads, tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1600,1200",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)  # no Selenium Manager: no download
    driver.set_script_timeout(30)
    try:
        driver.get(server)
        WebDriverWait(driver, LOAD_TIMEOUT).until(
            lambda d: "Skäggetorp-Tornby" in d.find_element(By.CSS_SELECTOR, ".ss-indicator-summary").text
        )
        yield driver
    finally:
        driver.quit()


def screenshot(driver, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SEGSTATS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / f"{name}.png"))


def tab(driver, title: str) -> None:
    next(t for t in driver.find_elements(By.CSS_SELECTOR, ".lm-TabBar-tab") if t.text.strip() == title).click()


def checkbox(driver, container: str, label: str):
    return driver.find_element(
        By.XPATH,
        f"//*[contains(@class, '{container}')]//label[.//span[normalize-space()='{label}']]//input",
    )


def settled(driver, view: str) -> None:
    """Wait until the view's files are ready (they are made just after each update)."""
    WebDriverWait(driver, 60).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, f".ss-{view}-downloads a.ss-download")
            and "förbereds" not in d.find_element(By.CSS_SELECTOR, f".ss-{view}-downloads").text
        )
    )


def test_page_shows_no_code_and_answers_the_indicator_half_at_once(browser, tmp_path):
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "import " not in body and "Data.load" not in body
    summary = browser.find_element(By.CSS_SELECTOR, ".ss-indicator-summary").text
    assert "Skäggetorp-Tornby (RegSO) 2024: 48 % – Linköping 15 %, skillnad +33 procentenheter." in summary
    notes = browser.find_element(By.CSS_SELECTOR, ".ss-indicator-notes").text
    assert "RegSO Skäggetorp-Tornby är större än kommunens stadsdel Skäggetorp" in notes
    assert "NaN" not in body and "True" not in body and "geo_kind" not in body
    chart = browser.find_element(By.CSS_SELECTOR, ".ss-indicator-chart")
    page = browser.find_element(By.CSS_SELECTOR, ".ss-app")
    assert chart.size["width"] >= 0.9 * page.size["width"]  # full width, not 480 px
    screenshot(browser, "dashboard-indicator", tmp_path)


def test_measures_half_in_three_clicks_with_the_comment_on_opening(browser, tmp_path):
    tab(browser, "Åtgärder")
    checkbox(browser, "ss-measures-areas", "2. Fler i arbete eller meningsfull sysselsättning").click()
    checkbox(browser, "ss-measures-targets", "Skäggetorp").click()
    checkbox(browser, "ss-measures-statuses", "Ej genomförd").click()
    summary = browser.find_element(By.CSS_SELECTOR, ".ss-measures-summary")
    WebDriverWait(browser, 30).until(lambda d: "Ej genomförd 1." in summary.text and "med status" in summary.text)
    assert summary.text.startswith("1 åtgärd inom utvecklingsområde 2 riktade till Skäggetorp med status Ej genomförd")
    first = ".ss-measures-table details.ss-measure summary"
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, first).text.startswith("2.3 "))
    measure = browser.find_element(By.CSS_SELECTOR, first)
    assert len(browser.find_elements(By.CSS_SELECTOR, first)) == 1
    assert measure.text.startswith("2.3 Ej genomförd Genomför kompetenssatsning för timavlönade")
    assert measure.text.endswith("öppna upp arbetsmarknaden för dessa grupper (2021)")  # the whole title
    measure.click()
    opened = browser.find_element(By.CSS_SELECTOR, ".ss-measures-table details.ss-measure").text
    assert "Kommentar" in opened and "En förstudie (Connect)" in opened
    screenshot(browser, "dashboard-measures", tmp_path)
    browser.find_element(By.CSS_SELECTOR, ".ss-measures-reset").click()
    WebDriverWait(browser, 30).until(lambda d: summary.text.startswith("60 åtgärder."))
    tab(browser, "Indikatorer")


def test_district_tab_shows_skaggetorps_measures_and_indicators(browser, tmp_path):
    tab(browser, "Stadsdel")
    button = next(
        b for b in browser.find_elements(By.CSS_SELECTOR, ".ss-district-choice button") if b.text == "Skäggetorp"
    )
    button.click()
    summary = browser.find_element(By.CSS_SELECTOR, ".ss-district-summary")
    WebDriverWait(browser, 60).until(lambda d: summary.text.startswith("Skäggetorp i uppföljningen"))
    table = browser.find_element(By.CSS_SELECTOR, ".ss-district-table").text
    assert "2. Fler i arbete eller meningsfull sysselsättning 3 8 1 12 2.3" in table
    screenshot(browser, "dashboard-district", tmp_path)
    tab(browser, "Indikatorer")


def _newest(folder: Path, suffix: str, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in folder.glob(f"*{suffix}") if not p.name.endswith(".crdownload")]
        if found:
            newest = max(found, key=lambda p: p.stat().st_mtime)
            size = newest.stat().st_size
            time.sleep(0.3)
            if size and newest.stat().st_size == size:  # written to the end
                return newest
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file was downloaded within {timeout} s")


def test_downloads_are_valid_files(browser, downloads):
    settled(browser, "indicator")
    links = {a.text: a for a in browser.find_elements(By.CSS_SELECTOR, ".ss-indicator-downloads a.ss-download")}
    links["Tabell som CSV"].click()
    csv = _newest(downloads, ".csv")
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]  # what Swedish Excel opens directly
    table = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig")
    assert table.loc[table["Område"] == "Linköping", "2024"].tolist() == [15.0]
    links["Tabell som Excel-fil"].click()
    book = openpyxl.load_workbook(_newest(downloads, ".xlsx"))
    assert book.sheetnames == ["Personer med låg ekonomisk…"]
    assert book.active["A1"].value == "Område"
    links["Diagram som bild (PNG)"].click()
    image = Image.open(io.BytesIO(_newest(downloads, ".png").read_bytes()))
    assert image.format == "PNG" and image.info["dpi"][0] >= 149.9 and image.width >= 1400


def test_a_control_change_updates_the_page_quickly(browser, record_property):
    select = ".ss-indicator-choice select"
    options = browser.find_elements(By.CSS_SELECTOR, f"{select} option")
    names = [o.get_attribute("textContent").replace("\xa0", " ") for o in options]  # ipywidgets: no-break spaces
    cycle = [
        "Hyresrätter",
        "Utrikes födda",
        "Medianvärde för ekonomisk standard",
        "Personer med låg ekonomisk standard",
    ]
    times, kernel = [], []

    def measured(*args) -> None:
        times.append(browser.execute_async_script(CHANGE_AND_WAIT, *args))
        settled(browser, "indicator")
        kernel.append(float(browser.find_element(By.CSS_SELECTOR, ".ss-render-ms").get_attribute("textContent")))

    for name in cycle * 3:
        measured("select", [select, names.index(name)], ".ss-indicator-summary", name, True, ".ss-indicator-chart")
    for label in ["Berga", "Ryd"] * 2:
        box = checkbox(browser, "ss-indicator-districts", label)
        measured(
            "click", box, ".ss-indicator-summary", f"{label} (RegSO)", not box.is_selected(), ".ss-indicator-chart"
        )
    assert -1 not in times, f"an update did not show within 20 s: {times}"
    p90, kernel_p90 = (sorted(t)[int(0.9 * (len(t) - 1))] for t in (times, kernel))
    record_property("update_ms_median", round(statistics.median(times)))
    record_property("update_ms_p90", round(p90))
    record_property("kernel_ms_p90", round(kernel_p90))
    print(
        f"\ncontrol change → page updated: median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, n={len(times)}"
        f" (of it in the kernel: median {statistics.median(kernel):.0f} ms, p90 {kernel_p90:.0f} ms)"
    )
    assert p90 < UPDATE_BOUND_MS


def test_deso_level_shows_the_desos_among_all_desos_of_their_type(browser, tmp_path, record_property):
    browser.find_element(By.CSS_SELECTOR, ".ss-indicator-reset").click()
    summary = browser.find_element(By.CSS_SELECTOR, ".ss-indicator-summary")
    WebDriverWait(browser, 30).until(lambda d: "(2024: 1 av 162)" in summary.text)
    box = checkbox(browser, "ss-indicator-levels", "DeSO (SCB:s demografiska statistikområde)")
    took = browser.execute_async_script(
        CHANGE_AND_WAIT, "click", box, ".ss-indicator-summary", "DeSO i RegSO av samma typ", True, ".ss-indicator-chart"
    )
    record_property("deso_level_ms", round(took))
    assert 0 <= took < UPDATE_BOUND_MS
    shown = summary.text.replace("\xa0", " ")
    # Checked against the data: of the 467 DeSOs in RegSOs of type 2 in 2022, only Uppsala's 0380C1460 is higher.
    assert "0580C1460 77 % plats 2 av 467" in shown and "typens median 26 %" in shown
    assert "(2024: 1 av 162)" not in shown
    screenshot(browser, "dashboard-deso-summary", tmp_path)
    notes = browser.find_element(By.CSS_SELECTOR, ".ss-indicator-notes")
    WebDriverWait(browser, 30).until(lambda d: "ett mindre område inom en RegSO" in notes.text)
    rows = ".ss-indicator-extra tr.ss-own"
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, rows)) == 14)  # each DeSO set off
    own = [r.text.replace("\xa0", " ") for r in browser.find_elements(By.CSS_SELECTOR, rows)]
    assert "2 0580C1460 Linköping 77 %" in own
    chart = browser.find_element(By.CSS_SELECTOR, ".ss-indicator-peer-chart")
    WebDriverWait(browser, 30).until(lambda d: chart.is_displayed() and chart.size["height"] > 300)
    browser.execute_script("arguments[0].scrollIntoView()", chart)
    screenshot(browser, "dashboard-deso-comparison", tmp_path)
    browser.execute_script(
        "arguments[0].scrollIntoView()", browser.find_element(By.CSS_SELECTOR, ".ss-indicator-extra")
    )
    screenshot(browser, "dashboard-deso-ranking", tmp_path)
    browser.find_element(By.CSS_SELECTOR, ".ss-indicator-reset").click()
    WebDriverWait(browser, 30).until(lambda d: "(2024: 1 av 162)" in summary.text)


def test_district_tab_shows_the_district_desos_change_and_place(browser, tmp_path):
    tab(browser, "Stadsdel")
    button = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".ss-district-choice button") if b.text == "Ryd")
    button.click()
    table = browser.find_element(By.CSS_SELECTOR, ".ss-district-table")
    WebDriverWait(browser, 60).until(lambda d: "Ryds DeSO" in table.text)
    assert "0580C1460 77 % 72 % −5 2 2 av 467 26 %" in table.text.replace("\xa0", " ")
    browser.execute_script("arguments[0].scrollIntoView(false)", table)
    screenshot(browser, "dashboard-district-desos", tmp_path)
    tab(browser, "Indikatorer")
