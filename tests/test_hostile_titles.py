"""Text from a department's file is never markup in a published report (issue 19, first item).

A FICTIONAL 2022 follow-up whose titles and comments hold HTML, Markdown and addresses is imported
as a user would (`segstats import`) and every report of 2022 is printed; the PDFs must show those
texts as written, embed nothing, link nowhere, and the printer must have asked no address.
"""

import csv
import http.server
import shutil
import subprocess
import threading

import pikepdf
import pytest

from tests.conftest import TEMPLATES, copy_raw_data
from tests.test_report import pdf_text, segstats_cli

# imports, then starts kernels and prints four PDFs; the printer's message is checked in English
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("english")]


class _Requests(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def listener():
    """A web server on this machine that only records what is asked of it."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Requests)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Requests.seen
    server.shutdown()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, listener):
    """The reports of a FICTIONAL 2022 follow-up whose measure 1.4 (not done) and 1.1 carry hostile text."""
    base, _ = listener
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text("HEMLIGT-INNEHALL-SOM-INTE-FAR-PUBLICERAS", encoding="utf-8")
    titles = {
        "1.4": f'<a rel="attachment" href="file://{secret}">bilaga</a> <img src="{base}/img.png">',
        "1.1": f"[länk]({base}/md) ![bild]({base}/mdimg) <style>@import url({base}/css);</style> {base}/bare",
    }
    with (TEMPLATES / "2022_fiktiv.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    for row in rows[1:]:
        if row[1] in titles:
            row[2] = titles[row[1]]
            row[7] = f'<iframe src="{base}/comment"></iframe> **fet** <b>fet</b>'
    template = root / "2022_fientlig.csv"
    with template.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    data_dir = copy_raw_data(root / "data")
    for args in (("build",), ("import", str(template), "--year", "2022")):
        result = segstats_cli("--data-dir", str(data_dir), *args)
        assert result.returncode == 0, result.stderr
    out = root / "reports"
    result = segstats_cli("--data-dir", str(data_dir), "report", "--year", "2022", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return sorted((out / "2022").glob("*.pdf")), secret


def test_the_reports_show_the_hostile_titles_as_written(hostile):
    pdfs, _ = hostile
    assert len(pdfs) == 4
    districts = pdf_text(next(p for p in pdfs if p.stem == "districts-2022-sv"))
    assert '<a rel="attachment" href="file://' in districts  # measure 1.4, not done, is named
    assert "<img src=" in districts


def test_no_report_embeds_a_file_or_links_anywhere(hostile):
    pdfs, secret = hostile
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            names = pdf.Root.get("/Names", {})
            assert "/EmbeddedFiles" not in names, path.name
            for page in pdf.pages:
                for annotation in page.get("/Annots", []):
                    assert annotation.get("/Subtype") != "/FileAttachment", path.name
                    if annotation.get("/Subtype") == "/Link":  # only the contents' jumps to a page of its own
                        assert "/Dest" in annotation and "/A" not in annotation, path.name
        assert b"HEMLIGT-INNEHALL" not in path.read_bytes(), path.name


def test_the_printer_asked_no_address(hostile, listener):
    _, seen = listener
    assert seen == []


def test_the_printer_refuses_any_address_and_keeps_the_previous_pdf(tmp_path, listener):
    from segstats.reports.printing import ReportError, print_pdf

    base, seen = listener
    pdf = tmp_path / "status.pdf"
    pdf.write_bytes(b"previous")
    html = f'<html lang="sv"><title>t</title><body><p>x</p><img src="{base}/direct.png" alt="bild"></body></html>'
    with pytest.raises(ReportError, match="only hold its own charts"):
        print_pdf(html, pdf)
    assert pdf.read_bytes() == b"previous"
    assert f"{base}/direct.png" not in seen and "/direct.png" not in seen


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler's pdftoppm (Debian: poppler-utils)")
def test_a_title_of_10000_characters_in_a_table_wraps_within_the_page(tmp_path, monkeypatch):
    import nbformat
    import pandas as pd
    from PIL import Image

    from segstats.reports import show, tidy
    from segstats.reports.printing import print_pdf, to_html

    shown = []
    monkeypatch.setattr(show, "display", lambda bundle, raw: shown.append(bundle))
    title = "Fiktivrubrik" * 834  # one word of 10 008 characters, as a title pasted without spaces
    table = pd.DataFrame({"measure_id": ["1.4"], "title": [title], "department_names": ["Fiktiv förvaltning"]})
    show.Show("sv").table(table, "prov", title="Åtgärder", columns=tidy.describe(table))
    cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data=b) for b in shown])
    html = to_html(nbformat.v4.new_notebook(cells=[cell]), year=2022, lang="sv", title="Prov", sources=["Fiktiv"])
    pdf = print_pdf(html, tmp_path / "lang.pdf")
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2  # the title page, then the table
    for page in pages:
        ink = Image.open(page).point(lambda v: 255 if v < 200 else 0).getbbox()  # what is printed on it
        assert ink is None or ink[2] <= image_width(page) * 0.95, (page.name, ink)  # within the right margin
    text = pdf_text(pdf).replace("\u200b", "").replace(" ", "")
    assert text.count("Fiktivrubrik") == 834 and "Fiktivförvaltning" in text  # all of it, and the next column


def image_width(path) -> int:
    from PIL import Image

    with Image.open(path) as image:
        return image.width
