"""Report tables as files: CSV and XLSX with the reader's headers, formula cells neutralised."""

import io

import openpyxl
import pandas as pd

from segstats.measures.analysis import status_counts
from segstats.measures.store import load_measures
from segstats.reports import labels, tables


def test_cells_a_spreadsheet_would_run_are_neutralised_in_csv_and_xlsx(tmp_path):
    df = pd.DataFrame(
        {
            "Åtgärd": ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "vanlig text", "a=b"],
            "Antal": [1, -2, 3, 4, 5, 6],
        }
    )
    csv, xlsx = tables.write_table(df, tmp_path / "tables", "status-test")
    assert (csv.name, xlsx.name) == ("status-test.csv", "status-test.xlsx")
    expected = ['\'=HYPERLINK("http://x")', "'+1", "'-2+3", "'@SUM(A1)", "vanlig text", "a=b"]
    assert pd.read_csv(csv, sep=";", encoding="utf-8-sig")["Åtgärd"].tolist() == expected
    sheet = openpyxl.load_workbook(xlsx).active
    cells = [row for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == ("Åtgärd", "Antal")
    assert [c[0] for c in cells[1:]] == expected
    assert [c[1] for c in cells[1:]] == [1, -2, 3, 4, 5, 6]  # numbers stay numbers, negative ones too
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    assert not list((tmp_path / "tables").glob(".*"))  # no temporary file left behind


def test_headers_are_neutralised_too():
    assert list(tables.neutralise(pd.DataFrame({"=A1": [1]})).columns) == ["'=A1"]


def test_a_status_table_keeps_swedish_headers_in_both_files(tmp_path):
    counts = status_counts(load_measures(), by="area_no")
    table = labels.status_table(counts, first="Utvecklingsområde", lang="sv")
    csv, xlsx = tables.write_table(table, tmp_path, "status-per-omrade")
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Utvecklingsområde;Genomförd;Pågår;Ej genomförd;Totalt"
    assert lines[-1] == "Totalt;12;42;6;60"
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet.title == "status-per-omrade"
    assert [c.value for c in sheet[1]] == ["Utvecklingsområde", "Genomförd", "Pågår", "Ej genomförd", "Totalt"]
    assert [c.value for c in sheet[sheet.max_row]] == ["Totalt", 12, 42, 6, 60]


def test_csv_is_what_swedish_excel_opens_directly(tmp_path):
    table = pd.DataFrame({"Område": ["Skäggetorp-Tornby (RegSO)"], "Värde": [48.25], "År": [2024]})
    csv, _ = tables.write_table(table, tmp_path, "indikator")
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads å, ä, ö
    assert raw.decode("utf-8-sig").splitlines() == ["Område;Värde;År", "Skäggetorp-Tornby (RegSO);48,25;2024"]


def test_xlsx_sheet_is_named_after_its_table():
    data = tables.xlsx_bytes(pd.DataFrame({"a": [1]}), "atgarder: urval/2021 och en mycket lång rest")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "atgarder- urval-2021 och en myc"
