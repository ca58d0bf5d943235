"""segstats report: notebooks run with papermill and printed to PDF; checked on the PDFs' own text.

The reports are made once per session (a kernel start and a PDF take seconds) and inspected by
several tests.
"""

import datetime
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

import segstats
from segstats import codes, paths
from segstats.cli import main
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import compare
from segstats.reports import printing, tidy
from segstats.reports import runner as report
from segstats.reports import tables as export
from segstats.reports.show import TABLE_MIME

from .pdf_structure import reading_text

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

# Starts kernels and prints PDFs: left out of the quick loop (python3 dev.py test -m "not slow").
slow = pytest.mark.slow


def segstats_cli(*args: str) -> subprocess.CompletedProcess:
    """The command as a user runs it, without a terminal (so progress comes as log lines), in an English locale.

    Session fixtures run it before any test's own locale is set; the reports stay Swedish.
    """
    env = {**os.environ, "LANG": "en_GB.UTF-8"}
    return subprocess.run([sys.executable, "-m", "segstats.cli", *args], capture_output=True, text=True, env=env)


def page_text(page) -> str:
    """A page's text as one line: line breaks and the no-break spaces of "12 %" read as spaces."""
    return " ".join(page.extract_text().split())


def pdf_text(path: Path) -> str:
    return " ".join(page_text(page) for page in PdfReader(path).pages)


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    """``segstats report --year 2021`` on the shipped data, into a temporary folder."""
    out = tmp_path_factory.mktemp("reports")
    result = segstats_cli("report", "--year", "2021", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "2021", result


@pytest.fixture(scope="session")
def made_en_2023(three_years_reports, tmp_path_factory):
    """The status, comparison and districts reports in English for 2023, on the real 2021 follow-up and
    FICTIONAL 2022 and 2023 ones (with the shipped indicators)."""
    out = tmp_path_factory.mktemp("reports_en")
    result = segstats_cli(
        "--data-dir",
        str(three_years_reports),
        "report",
        "--year",
        "2023",
        "--lang",
        "en",
        "--out",
        str(out),
        "--report",
        "status",
        "--report",
        "comparison",
        "--report",
        "districts",
    )
    assert result.returncode == 0, result.stderr
    return out / "2023", result


def write_notebook(directory: Path, name: str, *cells: str) -> None:
    """A report notebook in jupytext's percent format, with the four parameters."""
    header = (
        "# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python (segstats)\n"
        "#     language: python\n#     name: segstats\n# ---\n"
    )
    parameters = '# %% tags=["parameters"]\nyear = 2021\nbaseline_year = 2021\nlang = "sv"\ndata_dir = ""\n'
    title = '# %%\nfrom segstats.reports.show import Show\nShow(lang).title_page("Prov", sources=[])\n'
    # A cell that opens with its own "# %% key=value" line keeps it (its metadata, e.g. timeout=1).
    body = "".join(f"{cell}\n" if cell.startswith("# %%") else f"# %%\n{cell}\n" for cell in cells)
    (directory / f"{name}.py").write_text(header + parameters + title + body, encoding="utf-8")


def test_every_notebook_declares_exactly_the_parameters_the_command_passes():
    passed = set(report.Run(years=(2021,)).parameters(2021))
    assert passed == set(report.PARAMETERS)
    for name in report.REPORTS:
        assert set(report.declared_parameters(report.read_notebook(name), name)) == passed, name


def test_a_parameter_the_notebook_does_not_declare_is_refused():
    nb = jupytext.reads('# %% tags=["parameters"]\nyear = 2021\n', fmt="py:percent")
    nb.metadata["kernelspec"] = {"name": "segstats", "language": "python", "display_name": "segstats"}
    with pytest.raises(report.ReportError, match="does not declare baseline_year, data_dir, lang"):
        report.check_parameters(nb, "status", report.Run(years=(2021,)).parameters(2021))


def test_a_notebook_needs_exactly_one_parameters_cell():
    nb = jupytext.reads('# %% tags=["parameters"]\nyear = 1\n# %% tags=["parameters"]\nlang = "sv"\n', fmt="py:percent")
    with pytest.raises(report.ReportError, match="exactly one cell tagged 'parameters', not 2"):
        report.declared_parameters(nb, "status")


@slow
def test_status_pdf_has_the_reports_own_numbers(made):
    text = pdf_text(made[0] / "status-2021-sv.pdf")
    assert "Uppföljningen 2021 omfattar 60 åtgärder" in text
    assert "12 (20 %) är genomförda, 42 (70 %) pågår och 6 (10 %) är ej genomförda" in text
    for status in ("Genomförd", "Pågår", "Ej genomförd"):
        assert status in text
    assert re.search(r"Totalt 12 42 6 60", text)  # the table per development area
    assert "Om rapporten" in text and "inte Koladas" in text
    assert "Källa: Linköpings kommun, Uppföljning av åtgärdsplan mot segregation 2021 (KS 2020-754)" in text
    assert not re.search(r"\b(Source|Done|Ongoing|Page)\b", text)  # no English in the Swedish report


@slow
def test_title_page_names_year_run_date_and_source_and_pages_are_numbered(made):
    reader = PdfReader(made[0] / "status-2021-sv.pdf")
    title = page_text(reader.pages[0])
    assert "Status för åtgärderna i åtgärdsplanen mot segregation" in title
    assert "Uppföljningsår 2021" in title
    assert datetime.date.today().isoformat() in title
    assert "Uppföljning av åtgärdsplan mot segregation 2021 (KS 2020-754)" in title
    pages = len(reader.pages)
    assert pages >= 3
    assert f"Sida 2 av {pages}" in page_text(reader.pages[1])
    assert f"Sida {pages} av {pages}" in page_text(reader.pages[-1])
    assert reader.metadata.title == "Status för åtgärderna i åtgärdsplanen mot segregation – 2021"


@slow
def test_executed_notebook_is_kept_and_the_pdf_shows_no_code(made):
    executed = nbformat.read(made[0] / "status-2021-sv.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "year = 2021" in injected[0].source
    html = printing.to_html(executed, year=2021, lang="sv", title="t", sources=[])
    assert '<html lang="sv">' in html
    assert "import segstats" not in html and "show.figure(" not in html
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 4  # totals, per development area, per district, per department
    assert all(re.search(r'alt="[^"]{40,}"', img) for img in images)  # every chart described in words
    assert 'alt="Staplade liggande staplar: Antal åtgärder per utvecklingsområde och status 2021. 1. Ökad' in html


@slow
def test_every_table_is_written_as_csv_and_in_one_workbook_per_report_with_swedish_headers(made):
    tables = made[0] / "tables"
    assert sorted(p.name for p in tables.glob("status-*.xlsx")) == ["status-2021-sv.xlsx"]
    assert sorted(p.stem for p in tables.glob("status-*.csv")) == [
        "status-2021-sv-ej_genomforda",
        "status-2021-sv-status_och_nasta_plan",
        "status-2021-sv-status_per_forvaltning",
        "status-2021-sv-status_per_stadsdel",
        "status-2021-sv-status_per_utvecklingsomrade",
        "status-2021-sv-status_totalt",
    ]
    by_area = pd.read_csv(tables / "status-2021-sv-status_per_utvecklingsomrade.csv", sep=";", encoding="utf-8-sig")
    assert list(by_area) == ["year", "area_no", "area_name", "done", "ongoing", "not_done", "total"]
    # no total row: the sums are the PDF's "Totalt 12 42 6 60"
    totals = re.search(r"Totalt (\d+) (\d+) (\d+) (\d+)", pdf_text(made[0] / "status-2021-sv.pdf")).groups()
    assert (
        by_area[["done", "ongoing", "not_done", "total"]].sum().tolist() == [int(n) for n in totals] == [12, 42, 6, 60]
    )
    assert by_area["area_no"].tolist() == [1, 2, 3, 4, 5] and by_area["area_name"][0].startswith("Ökad trygghet")
    book = openpyxl.load_workbook(tables / "status-2021-sv.xlsx")
    assert book.sheetnames == [
        "Om tabellen",
        "Per status",
        "Per utvecklingsområde",
        "Per stadsdel",
        "Per förvaltning",
        "Ej genomförda",
        "Nästa års plan",
    ]
    not_done = book["Ej genomförda"]
    assert [c.value for c in not_done[1]] == [
        "År",
        "Nr",
        "Åtgärd",
        "Förvaltningar (koder)",
        "Ansvarig förvaltning",
        "Kommentar",
    ]
    assert [row[1] for row in not_done.iter_rows(min_row=2, values_only=True)] == [
        "1.6",
        "2.3",
        "2.11",
        "4.11",
        "5.1",
        "5.9",
    ]
    per_status = pd.read_excel(tables / "status-2021-sv.xlsx", sheet_name="Per status")
    assert per_status["Antal åtgärder"].tolist() == [12, 42, 6] and per_status["Andel"].sum() == 100
    assert book["Per status"]["E2"].number_format == '#,##0" %"'  # 20 shown as "20 %", as the PDF prints it


# A number written as text, alone or with its unit or a bracketed difference: "52,9 %", "−29,8", "47 (+3)".
FORMATTED_NUMBER = re.compile(r"[−+-]?\d[\d\s]*(?:[.,]\d+)?\s?(?:%|tkr)?(?:\s?\([−+-]?\d[\d\s]*(?:[.,]\d+)?\))?")
# Codes that look like numbers and are text ("0580" is Linköping, "1.6" a measure); a list of years.
CODES = ("geo_code", "measure_id", "series_breaks")
# Each code column of the measures' tables and the codes it may hold.
MEASURE_CODES = {
    "status": set(codes.codes("status")),
    "next_plan": set(codes.codes("next_plan")),
    "area_no": {int(a) for a in codes.codes("area")},
}


@slow
@pytest.mark.parametrize("reports", ["made", "made_en_2023"])
def test_every_exported_table_reads_back_with_its_numbers_as_numbers(reports, request):
    """Every table of every report, as pandas reads the CSV and the workbook: numbers as numbers, one fact per
    cell, codes that join back to data/processed/ (2023 in English: the tables only a later year has)."""
    folder, result = request.getfixturevalue(reports)
    year, lang = ("2021", "sv") if reports == "made" else ("2023", "en")
    data_dir = Path(result.args[result.args.index("--data-dir") + 1]) if "--data-dir" in result.args else None
    places, catalogue = set(segstats.load_geographies()["geo_code"].astype(str)), segstats.indicator_catalogue()
    measures = segstats.load_measures(data_dir)
    numbers = (*tidy.VALUES, *tidy.DIFFERENCES, *tidy.COUNTS, *tidy.SHARES, *tidy.WHOLE)
    made = [name for name in report.REPORTS if (folder / f"{name}-{year}-{lang}.ipynb").exists()]
    assert len(made) >= 3
    for name in made:
        executed = nbformat.read(folder / f"{name}-{year}-{lang}.ipynb", as_version=4)
        shown = [export.Table.from_payload(p) for p in report._outputs(executed, TABLE_MIME)]
        book = pd.read_excel(folder / "tables" / f"{name}-{year}-{lang}.xlsx", sheet_name=None)
        about = "Om tabellen" if lang == "sv" else "About"
        sheets = export.sheet_names([t.sheet or t.title for t in shown], taken=[about])
        assert list(book) == [about, *sheets]
        assert all(t.sheet for t in shown), name  # short names from the words files
        assert all(len(s) <= 31 for s in sheets)
        for table, sheet in zip(shown, sheets, strict=True):
            where = (name, table.name)
            path = folder / "tables" / f"{name}-{year}-{lang}-{table.name}.csv"
            csv = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={c: str for c in CODES})
            headers = {k: c.header for k, c in table.columns.items()}
            assert list(book[sheet].columns) == list(headers.values()), where  # the report's language
            numeric = [k for k, kind in table.kinds().items() if kind in ("integer", "number")]
            for key in {*numeric, *(k for k in numbers if k in csv)}:  # every value column, whatever it declares
                assert pd.api.types.is_numeric_dtype(csv[key]), (*where, key)
                assert pd.api.types.is_numeric_dtype(book[sheet][headers[key]]), (*where, key)
                csv[key].sum()  # a column one can sum
            assert all(export.KEY.fullmatch(c) for c in csv.columns), where  # stable keys, not headers
            for key in csv.columns.difference([*numeric, *CODES]):
                texts = csv[key].dropna().astype(str)
                assert not any(FORMATTED_NUMBER.fullmatch(t) for t in texts), (*where, key)  # one fact per cell
            if "geo_code" in csv:  # the codes join back to data/processed/
                assert set(csv["geo_code"].dropna()) <= places, where
            if "indicator" in csv:
                assert set(csv["indicator"]) <= set(catalogue["id"]), where
            if "measure_id" in csv:  # a measure by its year and number, as in measures.csv
                known = set(zip(measures["year"], measures["measure_id"], strict=True))
                assert set(zip(csv["year"], csv["measure_id"], strict=True)) <= known, where
            for key, allowed in MEASURE_CODES.items():
                if key in csv:
                    assert set(csv[key]) <= allowed, (*where, key)


@slow
def test_progress_is_one_log_line_per_step_without_a_terminal(made):
    lines = made[1].stderr.splitlines()
    for name in report.REPORTS:
        for step in ("running the notebook", "exporting the tables", "printing the PDF"):
            assert f"segstats: 2021 {name}: {step}" in lines
    assert "Traceback" not in made[1].stderr and "\r" not in made[1].stderr


def test_progress_is_a_bar_on_a_terminal(monkeypatch, caplog):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with report._Steps(total=2) as steps:
        with steps("2021 status: running the notebook"):
            pass
        with steps("2021 status: printing the PDF"):
            pass
    shown = terminal.getvalue()
    assert "2021 status: printing the PDF" in shown and "2/2" in shown
    assert not caplog.records  # no log lines through the bar


@slow
def test_nothing_temporary_is_left_behind(made):
    assert not [p for p in made[0].rglob(".*")]
    assert sorted(p.name for p in made[0].iterdir() if p.is_file()) == sorted(
        f"{name}-2021-sv{ext}" for name in report.REPORTS for ext in (".ipynb", ".pdf")
    )


@slow
def test_no_pdf_shows_markdown_marks(made, made_en_2023):
    for folder in (made[0], made_en_2023[0]):
        for pdf in folder.glob("*.pdf"):
            text = pdf_text(pdf)
            assert "**" not in text and "](" not in text and "<p>" not in text and "<strong>" not in text, pdf


@slow
def test_english_report_of_a_later_year_shows_the_change_from_the_baseline(made_en_2023):
    text = pdf_text(made_en_2023[0] / "status-2023-en.pdf")
    # fictional 2023: 1.3 done; 1.1, 1.2, 2.1, 3.1, 4.1 ongoing; 5.1 not done
    assert "The 2023 follow-up covers 7 measures" in text
    assert "1 (14%) is done, 5 (71%) are ongoing and 1 (14%) is not done" in text  # one is, several are
    assert "Change since the baseline year 2021" in text
    assert "The share of measures done was 20% in 2021 and 14% in 2023 (-6 percentage points)" in text
    assert "There is a follow-up of every year from 2021 to 2023." in text
    assert re.search(r"Total 20\.0 70\.0 10\.0 60 14\.3 71\.4 14\.3 7", text)  # shares side by side
    assert "Page 2 of" in text and "Sida" not in text and "Genomförd" not in text
    tables = made_en_2023[0] / "tables"
    header = (tables / "status-2023-en-status_per_utvecklingsomrade.csv").read_text(encoding="utf-8-sig")
    assert header.splitlines()[0] == "year;area_no;area_name;done;ongoing;not_done;total"  # keys in every language
    sheet = pd.read_excel(tables / "status-2023-en.xlsx", sheet_name="By development area")
    assert list(sheet)[:4] == ["Year", "Development area (no.)", "Development area", "Done"]
    # the shares side by side in the PDF are long in the files: a row per year, area and status
    shares = pd.read_csv(tables / "status-2023-en-forandring_sedan_basaret.csv", sep=";", decimal=",")
    assert shares.groupby("year")["count"].sum().to_dict() == {2021: 60, 2023: 7}  # the PDF's "Total … 60 … 7"
    done = shares[(shares["year"] == 2021) & (shares["status"] == "done")]
    assert round(done["count"].sum() / 60 * 100, 1) == 20.0  # the PDF's "Total 20.0" of 2021


@slow
def test_a_typed_table_reaches_the_files_through_the_executed_notebook(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    table = (
        "import pandas as pd\nfrom segstats.reports.tables import Column\n"
        "data = pd.DataFrame({'district': ['Berga', 'Ryd'], 'year': [2022, 2022], 'value': [52.94, 23.0769],"
        " 'gap': [-29.84, 7.46], 'note': ['=1+1', 'FIKTIV']})\n"
        "columns = {'district': Column('Stadsdel'), 'year': Column('År'),"
        " 'value': Column('Värde', unit='%', decimals=1),"
        " 'gap': Column('Skillnad', unit='procentenheter', decimals=1, signed=True), 'note': Column('Anmärkning')}\n"
        "Show(lang).table(data, 'fiktiv', title='Fiktiv tabell', columns=columns)"
    )
    write_notebook(tmp_path, "status", table)
    out = tmp_path / "out"
    assert main(["report", "--year", "2021", "--report", "status", "--out", str(out)]) == 0
    csv = pd.read_csv(out / "2021" / "tables" / "status-2021-sv-fiktiv.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert csv.to_dict("list") == {
        "district": ["Berga", "Ryd"],
        "year": [2022, 2022],
        "value": [52.9, 23.1],
        "gap": [-29.8, 7.5],
        "note": ["'=1+1", "FIKTIV"],
    }
    sheet = openpyxl.load_workbook(out / "2021" / "tables" / "status-2021-sv.xlsx")["Fiktiv tabell"]
    assert [c.value for c in sheet[2]] == ["Berga", 2022, 52.9, -29.8, "'=1+1"]
    assert sheet["C2"].number_format == '#,##0.0" %"'


@slow
def test_an_english_run_keeps_the_swedish_files_and_each_file_says_its_report_year_and_language(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    write_notebook(
        tmp_path,
        "status",
        "import pandas as pd\nfrom segstats.reports.tables import Column\n"
        "Show(lang).table(pd.DataFrame({'n': [1]}), 'prov', title='Prov', columns={'n': Column('Antal')})",
    )
    out = tmp_path / "out"
    for lang in ("sv", "en"):
        assert main(["report", "--year", "2021", "--report", "status", "--lang", lang, "--out", str(out)]) == 0
    made = sorted(p.relative_to(out / "2021").as_posix() for p in (out / "2021").rglob("*") if p.is_file())
    assert made == [
        "status-2021-en.ipynb",
        "status-2021-en.pdf",
        "status-2021-sv.ipynb",
        "status-2021-sv.pdf",
        "tables/status-2021-en-prov.csv",
        "tables/status-2021-en.xlsx",
        "tables/status-2021-sv-prov.csv",
        "tables/status-2021-sv.xlsx",
    ]


@slow
def test_a_failed_report_keeps_the_previous_pdf_names_the_cell_and_exits_non_zero(tmp_path, monkeypatch, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", notebooks)
    out = tmp_path / "reports"
    (out / "2021").mkdir(parents=True)
    (out / "2021" / "status-2021-sv.pdf").write_bytes(b"the previous PDF")
    write_notebook(notebooks, "status", "x = 1\n1 / 0")

    assert main(["report", "--year", "2021", "--report", "status", "--out", str(out)]) == 1

    failed = out / "2021" / "status-2021-sv_FAILED.ipynb"
    assert capsys.readouterr().err.splitlines()[-1] == (
        "segstats: error: report status failed in cell 3, line 2 ('1 / 0'): ZeroDivisionError: division by zero; "
        f"the executed notebook is kept as {failed}"
    )
    assert (out / "2021" / "status-2021-sv.pdf").read_bytes() == b"the previous PDF"
    errors = [
        o for c in nbformat.read(failed, as_version=4).cells for o in c.get("outputs", []) if o.output_type == "error"
    ]
    assert [e.ename for e in errors] == ["ZeroDivisionError"]
    assert sorted(p.name for p in (out / "2021").iterdir()) == ["status-2021-sv.pdf", "status-2021-sv_FAILED.ipynb"]

    write_notebook(notebooks, "status", 'Show(lang).say("status.title")')
    assert main(["report", "--year", "2021", "--report", "status", "--out", str(out)]) == 0
    assert "Status för åtgärderna i åtgärdsplanen mot segregation" in pdf_text(out / "2021" / "status-2021-sv.pdf")
    assert not failed.exists()  # the failure it stood for is over


@slow
def test_a_cell_that_runs_too_long_fails_the_report_and_names_the_cell(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    # Only the sleeping cell has a 1-second limit: the import cells before it keep the default,
    # however busy the machine.
    write_notebook(tmp_path, "status", "# %% timeout=1\nimport time\ntime.sleep(30)")
    assert main(["report", "--year", "2021", "--report", "status", "--out", str(tmp_path / "out")]) == 1
    captured = capfd.readouterr().err  # the kernel's own output too
    assert "Traceback" not in captured
    err = captured.splitlines()[-1]
    assert err.startswith(
        "segstats: error: report status failed in cell 3, line 2 ('time.sleep(30)'): CellTimeoutError:"
    )
    assert err.endswith(f"the executed notebook is kept as {tmp_path / 'out' / '2021' / 'status-2021-sv_FAILED.ipynb'}")


@slow
def test_a_chart_without_alt_text_fails_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    write_notebook(tmp_path, "status", "import matplotlib.pyplot as plt\nplt.plot([1, 2])")
    assert main(["report", "--year", "2021", "--report", "status", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.startswith("segstats: error: report status: cell 3 shows a chart without alt text and source")
    assert not (tmp_path / "out" / "2021" / "status-2021-sv.pdf").exists()


@pytest.mark.realdata
def test_a_year_without_a_follow_up_is_a_clear_error(tmp_path, capsys):
    assert main(["report", "--year", "2019", "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.strip() == "segstats: error: no follow-up for 2019; years with data: 2021"
    assert not (tmp_path / "out").exists()


@pytest.mark.realdata
def test_which_years_are_made(monkeypatch, three_years_reports):
    jobs = []
    monkeypatch.setattr(report, "run", jobs.append)
    data = ["--data-dir", str(three_years_reports)]
    main([*data, "report"])
    main([*data, "report", "--all-years", "--lang", "en"])
    main([*data, "report", "--year", "2022", "--report", "status", "--report", "status"])
    assert [(j.years, j.lang, j.reports) for j in jobs] == [
        ((2023,), "sv", report.REPORTS),
        ((2021, 2022, 2023), "en", report.REPORTS),
        ((2022,), "sv", ("status",)),
    ]
    with pytest.raises(SystemExit):
        main(["report", "--year", "2021", "--all-years"])


@slow
def test_indicators_pdf_shows_every_catalogue_indicator(made):
    text = pdf_text(made[0] / "indicators-2021-sv.pdf")
    catalogue = segstats.indicator_catalogue()
    joined = " ".join(text.split()).replace("– ", "–")  # a table cell may break a name after "18–"
    for name in catalogue.loc[catalogue["id"] != indicator_analysis.AREA_TYPE, "name_sv"]:
        assert " ".join(name.split()).replace("– ", "–") in joined, name
    assert "Områdestyp" in text and "Förändring sedan basåret 2021" in text
    assert "Källa:" in text and "Sida 2 av" in text


@slow
def test_comparison_pdf_on_the_shipped_data_shows_the_carry_over_and_the_missing_follow_up(made):
    text = pdf_text(made[0] / "comparison-2021-sv.pdf")
    assert "Uppföljningen för 2022 saknas." in text
    carried = compare.carry_over(segstats.load_measures(), 2021)["n"]  # 23 / 19 / 7 / 11 of 60
    assert (
        f"Av de {carried['total']} åtgärderna 2021 är {carried['kept']} vidmakthållna, {carried['developed']} "
        f"vidareutvecklade, {carried['merged']} ingår i en annan åtgärd och {carried['dropped']} finns inte med "
        "i planen 2022." in text
    )
    assert "Av de 60 åtgärderna 2021 är 23 vidmakthållna, 19 vidareutvecklade, 7 ingår" in text
    assert re.search(r"Finns ej med 7 2 2 11 Totalt 12 42 6 60", text)
    # the baseline is never set beside itself: the indicators since 2021 lead, status waits for a later follow-up
    assert not re.search(r"2021 (och|med basåret) 2021", text)
    assert "Åtgärdernas status jämförs med basåret 2021 först i rapporten för en senare uppföljning." in text
    assert text.index("Indikatorerna sedan basåret 2021") < text.index("Hur åtgärderna 2021 förs vidare")
    assert "Skillnaden mot Linköping" in text and "kombinationer av indikator och område" in text
    assert "Folkmängd" not in text.split("Skillnaden mot Linköping")[1].split("Om rapporten")[0]
    # rented flats: Berga 70,2 % and Linköping 50,6 % in 2021, 71,3 % and 51,1 % in 2025
    assert "Hyresrätter Berga (RegSO) +19,6 procentenheter 2025 +20,2 procentenheter +0,6 procentenheter" in text
    assert (made[0] / "tables" / "comparison-2021-sv-hantering_nasta_plan.csv").exists()
    assert not re.search(r"\b(Source|Done|Ongoing|Page)\b", text)  # no English in the Swedish report


@slow
def test_comparison_of_2023_shows_the_fictional_follow_ups_known_numbers(made_en_2023):
    text = pdf_text(made_en_2023[0] / "comparison-2023-en.pdf")
    assert "There is a follow-up of every year from 2021 to 2023." in text
    assert "Total 20.0 70.0 10.0 60 14.3 71.4 14.3 7" in text  # 2021 and 2023 side by side
    assert "4 measures of 2023 have been Ongoing in at least two follow-ups in a row." in text
    assert "1.2 Fiktiv: Avhopparverksamheten, utvecklad Ongoing 2021" in text
    assert "2 measures of 2023 have, with their predecessors, been Not done at least twice." in text
    assert "1 measure of 2023 continues none of the measures of 2022; 3 measures of 2022 are" in text
    assert "4.1 Fiktiv ny åtgärd: belysning i Berga" in text
    assert "Of the 7 measures of 2023, 6 are kept, 0 developed, 0 merged into another measure and 1 dropped" in text


@slow
def test_every_pdf_is_tagged_for_screen_readers(made):
    from .pdf_structure import notebook_figures_and_headers, read_structure

    for name in report.REPORTS:
        pdf = made[0] / f"{name}-2021-sv.pdf"
        structure = read_structure(pdf)
        alts, headers = notebook_figures_and_headers(made[0] / f"{name}-2021-sv.ipynb")
        assert structure["tagged"] and structure["ua"] == "1", name
        assert structure["lang"] == "sv" and structure["display_title"], name
        assert structure["title"].endswith("– 2021") and len(structure["title"]) > len("– 2021"), name
        assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Caption"} <= structure["types"], name
        # Every figure reaches a screen reader with the alt text the notebook gave it, in reading order.
        # (The baseline year's comparison has tables only: there is no later status to chart.)
        assert structure["figures"] == alts and (alts or name == "comparison"), name
        # Every table header is a header cell (a table over two pages repeats its headers).
        assert set(structure["headers"]) == headers, name
        if shutil.which("pdfinfo"):  # poppler's own reading, where it is installed
            assert "Tagged:          yes" in subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout


# A 1×1 PNG.
_PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@slow
@pytest.mark.parametrize(
    "page, says",
    [
        (
            f'<html lang="sv"><head><title>P</title></head><body><img src="data:image/png;base64,{_PIXEL}"></body>',
            "Image",
        ),
        ("<html><head><title>P</title></head><body><p>Text</p></body></html>", 'Missing required "lang"'),
    ],
    ids=["image without alt", "no language"],
)
def test_a_pdf_a_screen_reader_could_not_read_is_refused(tmp_path, page, says):
    pdf = tmp_path / "prov.pdf"
    pdf.write_bytes(b"the previous PDF")
    with pytest.raises(printing.ReportError, match=rf"prov.pdf would not be accessible \(PDF/UA\): {says}"):
        printing.print_pdf(page, pdf)
    assert pdf.read_bytes() == b"the previous PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["prov.pdf"]


@pytest.mark.slow
def test_districts_pdf_says_per_district_what_was_done_and_where_it_stands(made):
    reader = PdfReader(made[0] / "districts-2021-sv.pdf")
    assert len(reader.pages) <= 13
    text = pdf_text(made[0] / "districts-2021-sv.pdf")
    # counted by hand from data/processed/measures.csv (tests/test_profile.py)
    assert (
        "49 åtgärder i uppföljningen 2021 riktar sig till Berga. Status: Genomförd 11, Pågår 34, Ej genomförd 4" in text
    )
    assert (
        "49 åtgärder i uppföljningen 2021 riktar sig till Ryd. Status: Genomförd 10, Pågår 34, Ej genomförd 5" in text
    )
    assert "53 åtgärder i uppföljningen 2021 riktar sig till Skäggetorp. Status: Genomförd 10, Pågår 38" in text
    assert "Åtgärder: 13 åtgärder – Genomförd 3, Pågår 8, Ej genomförd 2." in text  # Ryd, area 2
    assert "Ej genomförda: 2.3 Genomför kompetenssatsning" in text
    assert "1 åtgärd riktar sig inte till någon stadsdel utan till mottagande skolor (3.1)" in text
    assert "RegSO Skäggetorp-Tornby är större än kommunens stadsdel Skäggetorp." in text
    assert "Hyresrätter RegSO 2025 93,7 % 51,1 % +42,6 +0,1 plats 18 av 293, median 61,6 % (2023)" in text
    assert "Barn 0–17 år i hushåll med låg ekonomisk standard stadsdel 2020 73,1 % 19,6 % +53,5 ej RegSO-värde" in text
    assert "Hyresrätter RegSO 2025 86,5 % 51,1 % +35,4" in text  # the printed values' gap, as in comparison.pdf
    # refused in words, never like a rank
    assert "ingen jämförelse – bara 2 av 293 områden har värde 2024" in text and "för få" not in text
    assert "Bara en av dem, barn 0–17 år i hushåll med låg ekonomisk standard, bekräftas" in text
    assert "Inga värden för Berga: Barn 0–17 år i hushåll med låg ekonomisk standard, Ohälsotal." in text
    for district, first_page in (("Berga", 4), ("Ryd", 7), ("Skäggetorp", 10)):  # two pages each, the DeSOs a third
        assert page_text(reader.pages[first_page - 1]).startswith(district), district
    assert not re.search(r"\b(Source|Done|Ongoing|Page)\b", text)
    # words for readers: no code names, file paths or column names, and "−1 procentenhet" in the singular
    assert not re.search(r"segstats\.\w|data/|\.csv|source_ref|[−+]1 procentenheter", text)
    assert (made[0] / "tables" / "districts-2021-sv-indikatorer_per_stadsdel.csv").exists()


@pytest.mark.slow
def test_districts_pdf_shows_each_districts_desos_on_its_own_pages(made):
    reader = PdfReader(made[0] / "districts-2021-sv.pdf")
    pages = {"Berga": (6,), "Ryd": (9,), "Skäggetorp": (12,)}  # each district's DeSOs on a page of their own
    for district, own in pages.items():
        text = " ".join(page_text(reader.pages[n - 1]) for n in own)
        said = f"{district}s {4 if district == 'Berga' else 5} DeSO (mindre områden inom RegSO:n): personer med"
        assert said in text and "låg ekonomisk standard 2022 och 2024;" in text, district
    text = pdf_text(made[0] / "districts-2021-sv.pdf")
    # SCB: Ryd's 0580C1460 77 % (2022) → 72 % (2024), 2nd of the 467 DeSOs in type-2 RegSOs (median 26 %),
    # by the områdestyp of 2022, which the title names (the RegSO's own is of 2023)
    assert "plats bland alla 467 DeSO i RegSO av områdestyp 2 (SCB:s indelning 2022), median 26 %" in text
    assert "0580C1460 77 % 72 % −5 2 467" in text
    # Skäggetorp's 0580C1610 51 % → 42 %, 47th of the 293 DeSOs in type-1 RegSOs (median 40 %)
    assert "0580C1610 51 % 42 % −9 47 293" in text
    assert "områdestyp 1 (SCB:s indelning 2022), median 40 %" in text
    assert (made[0] / "tables" / "districts-2021-sv-skaggetorp_deso.csv").exists()


@pytest.mark.slow
def test_indicators_pdf_is_short_and_never_ranks_a_district_among_a_handful(made):
    reader = PdfReader(made[0] / "indicators-2021-sv.pdf")
    assert len(reader.pages) <= 12
    text = pdf_text(made[0] / "indicators-2021-sv.pdf")
    assert "Hyresrätter Ryd 2 2023 93,8 % 61,6 % 18 293 293" in text
    assert not re.search(r"(?<!Sida )\b\d av [1-9]\b", text)  # no "2 av 2", "1 av 1" (but "Sida 2 av 9")
    assert (
        "Arbetslöshet 20–64 år. Berga och Ryd: ingen jämförelse – bara 2 av 293 områden har värde 2024; "
        "Skäggetorp: ingen jämförelse – bara 1 av 162 områden har värde 2024" in text
    )
    assert "Planens indikatorer utan värden för en stadsdel" in text and "Ohälsotal alla tre" in text
    assert "27 serier (en indikator i ett område) har värden men ingen jämförbar förändring" in text
    assert "men 2022 för 14 av stadsdelarnas DeSO" in text  # not "no values" for what their DeSOs have
    assert "Bilaga: jämförelseserier" in text


@pytest.mark.slow
def test_indicators_pdf_places_the_districts_desos_among_all_desos_of_their_type(made):
    text = pdf_text(made[0] / "indicators-2021-sv.pdf")
    assert "SCB:s egen export för 2022 har ett värde för varje DeSO i Sverige" in text
    # SCB 2022: Ryd's 0580C1460 second of the 467 DeSOs in type-2 RegSOs (median 26 %)
    assert "Ryd 0580C1460 2 77 % 26 % 2 467" in text
    assert "Skäggetorp 0580C1610 1 51 % 40 % 47 293" in text


@pytest.mark.slow
def test_reports_say_what_is_judgement_and_which_amounts_are_in_constant_prices(made):
    judgement = "Vilket utvecklingsområde en indikator hör till är segstats bedömning: planens bilaga med"
    for name in ("indicators", "districts"):
        assert pdf_text(made[0] / f"{name}-2021-sv.pdf").count(judgement) == 1, name
    text = pdf_text(made[0] / "indicators-2021-sv.pdf")
    assert "Medianvärde för ekonomisk standard Linköping 337,1 tkr 2024 327,9 tkr −9,2 tkr (fasta priser)" in text
    # low economic standard's 2015 break concerns RegSO and DeSO only: the catalogue says so
    assert "Personer med låg ekonomisk standard 2 procent nej 2015 (RegSO, DeSO)" in text


@pytest.mark.slow
def test_english_districts_report_of_a_fictional_later_year_lists_the_long_ongoing(made_en_2023):
    text = pdf_text(made_en_2023[0] / "districts-2023-en.pdf")
    # FICTIONAL 2023: for Berga 1.1, 1.2, 2.1 and 3.1 ongoing in two follow-ups or more
    assert "6 measures of the 2023 follow-up are aimed at Berga. Status: Done 1, Ongoing 5, Not done 0." in text
    assert (
        "Ongoing in at least 2 follow-ups in a row: 1.1 Fiktiv: Områdesteamen; 1.2 Fiktiv: Avhopparverksamheten" in text
    )
    assert "Not done: 5.1 Fiktiv: Aktivitetspark i Skäggetorp." in text
    assert "rank 18 of 293, median 61.6% (2023)" in text
    assert "no comparison – only 2 of 293 areas have a value for 2024" in text
    assert "thousand SEK" in text and not re.search(r"\d (tkr|personer|hushåll|dagar)\b", text)
    assert "Mottagande skolor" not in text
    assert "Sida" not in text and "Genomförd" not in text


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks as (level, title, page number from 1), in order."""

    def walk(items, level=0):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield level, " ".join(item.title.split()), reader.get_destination_page_number(item) + 1

    return list(walk(reader.outline))


@slow
@pytest.mark.realdata
def test_a_reader_finds_any_measures_status_comment_and_handling_in_two_steps(made):
    reader = PdfReader(made[0] / "status-2021-sv.pdf")
    measures = segstats.load_measures()
    marks = outline(reader)
    # bookmarks: per development area, and under it every one of its measures
    areas = [title for level, title, _ in marks if re.match(r"\d\. ", title) and level == 1]
    assert areas == [f"{n}. {name}" for n, name in enumerate([c.sv for c in segstats.codes.AREAS], start=1)]
    shown = {title: page for level, title, page in marks if level == 2}
    for m in measures.itertuples():
        assert f"{m.measure_id} {' '.join(m.title.split())}" in shown, m.measure_id
    # step 1, the printed contents: measure 1.6 and its page; step 2, that page: status, department, comment, handling
    contents = " ".join(page_text(reader.pages[n]) for n in (1, 2))
    page = int(re.search(r"1\.6 Ta fram kommuninternt utbildningspaket.*?(\d+) 1\.7 ", contents).group(1))
    assert (
        page
        == shown[
            "1.6 Ta fram kommuninternt utbildningspaket för att höja kunskapsnivån kring rättighetsbaserat "
            "arbete, inriktning segregation"
        ]
    )
    assert "1.6 Ta fram kommuninternt" in page_text(reader.pages[page - 1])
    read = reading_text(made[0] / "status-2021-sv.pdf")  # in the order a screen reader reads it
    card = read[read.rindex("1.6 Ta fram") : read.rindex("1.7 Vidareutveckla metoden EST")]
    for said in (
        "Status ○ Ej genomförd",
        "Ansvarig förvaltning Kommunledningsförvaltningen, hållbarhetsenheten",
        "Stadsdelar Berga, Ryd och Skäggetorp",
        "Vad planen säger Ett internt utbildningspaket ska tas fram och spridas.",
        "Förvaltningens kommentar Ingen kommentar lämnades.",
        "I planen 2022 Vidmakthållen åtgärd 2022.",
    ):
        assert said in card, said
    whole = pdf_text(made[0] / "status-2021-sv.pdf")
    assert "Uppföljningens sammanfattning av året Under året har Linköping skakats av flera skjutningar" in whole
    assert "Ingen annan uppföljning hänvisar till åtgärderna 2021" in whole  # no history yet: said, not invented
    assert not re.search(r"2021 (och|med basåret) 2021|\.txt|\.csv|segstats report|tables/", whole)


@slow
def test_the_english_follow_up_of_a_later_year_shows_each_measures_history_in_swedish_originals(made_en_2023):
    from .pdf_structure import languages

    pdf = made_en_2023[0] / "status-2023-en.pdf"
    text = reading_text(pdf)
    # FICTIONAL 2023: 1.3 continues 2022's 1.4, which continues 2021's 1.6
    assert "1.3 Fiktiv: Utbildning i rättighetsbaserat arbete Status ● Done" in text
    assert "Through the years 2021: 1.6 Not done → 2022: 1.4 Not done → 2023: 1.3 Done" in text
    assert "Ongoing for years ▲ Ongoing in 3 follow-ups in a row, since 2021" in text  # 3.1 via 2021's split 3.5
    assert "2021: 3.5 Ongoing (split into several measures) → 2022: 3.1 Ongoing → 2023: 3.1 Ongoing" in text
    assert (
        "The 2023 follow-up was handed in as a filled-in template, which has no summary per development area." in text
    )
    assert "(filled-in template)" in text and not re.search(r"\.csv|\.txt|segstats report|tables/", text)
    assert "Genomförd" not in text and "Sida" not in text
    # the Swedish titles and comments are Swedish for a screen reader too
    tagged = languages(pdf)
    assert "en" in tagged and "Fiktiv: Utbildning i rättighetsbaserat arbete" in tagged["sv"]
    assert "Fiktiv kommentar, med kommatecken." not in text  # a 2022 comment: not in the 2023 follow-up


@slow
def test_the_comparison_of_a_later_year_sets_it_beside_the_baseline(made_en_2023):
    text = pdf_text(made_en_2023[0] / "comparison-2023-en.pdf")
    assert "This report compares the follow-up year 2023 with the baseline year 2021." in text
    assert "combinations of indicator and area have a comparable change" in text
    assert "(filled-in template)" in text and not re.search(r"\.csv|\.txt|segstats report|tables/", text)


@pytest.mark.slow
def test_districts_pdf_maps_where_the_districts_lie_and_each_districts_desos(made):
    from .pdf_structure import read_structure

    reader = PdfReader(made[0] / "districts-2021-sv.pdf")
    overview = page_text(reader.pages[1])
    assert "Var stadsdelarna ligger. Kartan visar Linköpings centralort indelad i DeSO" in overview
    assert "färgade efter andelen personer med låg ekonomisk standard 2022" in overview
    assert "Källa: SCB; gränser: SCB (DeSO 2025)" in overview
    for district, page in (("Berga", 6), ("Ryd", 9), ("Skäggetorp", 12)):
        assert page_text(reader.pages[page - 1]).startswith(f"{district}s DeSO Kartan visar {district}s DeSO"), district
    alts = read_structure(made[0] / "districts-2021-sv.pdf")["figures"]
    city = next(a for a in alts if a.startswith("Karta över Linköpings centralort")).replace("\xa0", " ")
    # SCB 2022: Ryd's 0580C1460 has the highest share of Linköping's 90 DeSOs drawn, 77 %
    assert "90 DeSO med värde" in city and "Högst i Linköping: 0580C1460 77 %" in city
    assert "0580C1191, 0580C1192, 0580C1231, 0580C1232, 0580C1311, 0580C1312, 0580C1601 och 0580C1602 är grå" in city
    assert sum(a.startswith("Karta över") for a in alts) == 4  # the town and each district


@pytest.mark.slow
def test_indicators_pdf_places_linkoping_among_all_municipalities(made):
    reader = PdfReader(made[0] / "indicators-2021-sv.pdf")
    text = pdf_text(made[0] / "indicators-2021-sv.pdf")
    section = next(page_text(p) for p in reader.pages if page_text(p).startswith("Segregationen i hela Linköping"))
    assert "hur segregerat Linköping är som helhet 2022, jämfört med Sveriges 290 kommuner" in section
    # SCB's exact 2022 DeSO counts: born abroad against born in Sweden, 0,37, 11th of 290 and 3rd of 23
    assert "Segregationsindex, utrikes födda – födda i Sverige 0,37 11 av 290 0,22 3 av 23 0,34" in text
    assert "alltså 47–188 DeSO" in text and "Förutom Linköping är det Borås, Botkyrka" in text
    assert "Studerande räknas som ej sysselsatta" in text and "Måtten finns bara för 2022" in text
    assert "Utan värden för stadsdelarna: Personer 0–19 år med låg ekonomisk standard." in text  # not the indices
    assert (made[0] / "tables" / "indicators-2021-sv-segregation_hela_linkoping.csv").exists()
