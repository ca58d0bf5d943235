"""Tables as files: typed CSV for Swedish Excel and scripts, one workbook per report, formulas neutralised only."""

import datetime
import io
import json

import nbformat
import openpyxl
import pandas as pd
import pytest

from segstats.errors import SegstatsError
from segstats.io import Transaction
from segstats.reports import runner, show, tables
from segstats.reports.tables import About, Column, Table

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


MADE = datetime.datetime(2030, 1, 15, 9, 30)


def fictional_table() -> Table:
    """FICTIONAL values in the shape of a tidy indicator table: per-row units and decimals, a gap and its reason."""
    data = pd.DataFrame(
        {
            "indicator": ["lag_ekstd", "lag_ekstd", "medelinkomst"],
            "geo_code": ["0580R001", "0580R018", "0580R001"],
            "year": [2022, 2022, 2023],
            "value": [52.94, 23.0769230769, 1245.31],
            "unit": ["%", "%", "tkr"],
            "gap": [-29.84, 7.46, float("nan")],
            "gap_missing": [None, None, "a count"],
            "rank": pd.array([47, None, 3], dtype="Int64"),
            "note": ["=1+1", "-29.8", "vanlig text"],
        }
    )
    columns = {
        "indicator": Column("Indikator-id"),
        "geo_code": Column("Områdeskod"),
        "year": Column("År"),
        "value": Column("Värde", unit=data["unit"], decimals=[1, 1, 0], description="senaste värdet"),
        "unit": Column("Enhet"),
        "gap": Column(
            "Skillnad mot Linköping", unit="procentenheter", decimals=1, signed=True, why_missing="gap_missing"
        ),
        "gap_missing": Column("Varför skillnad saknas"),
        "rank": Column("Rang"),
        "note": Column("Anmärkning"),
    }
    return Table("indikatorer", "Indikatorer 2022 (fiktiva)", data, columns, selection="Stadsdel: Berga")


def counts_table() -> Table:
    """A second small FICTIONAL table: a count per district."""
    data = pd.DataFrame({"district": ["Ryd"], "total": [3]})
    return Table(
        "antal", "Antal per stadsdel", data, {"district": Column("Stadsdel"), "total": Column("Antal", decimals=0)}
    )


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")


def test_csv_has_numbers_swedish_excel_and_pandas_read_as_numbers():
    raw = tables.csv_bytes(fictional_table())
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads å, ä, ö
    lines = raw.decode("utf-8-sig").splitlines()
    assert (
        lines[0] == "indicator;geo_code;year;value;unit;gap;gap_missing;rank;note"
    )  # the keys: stable across languages
    # Rounded as the catalogue says, decimal comma, ASCII minus, no thousands separator, empty when missing.
    assert lines[1:] == [
        "lag_ekstd;0580R001;2022;52,9;%;-29,8;;47;'=1+1",
        "lag_ekstd;0580R018;2022;23,1;%;7,5;;;-29.8",
        "medelinkomst;0580R001;2023;1245;tkr;;a count;3;vanlig text",
    ]
    back = read_csv(raw)
    for key in ("year", "value", "gap", "rank"):
        assert pd.api.types.is_numeric_dtype(back[key]), key
    assert back["gap"].tolist()[:2] == [-29.8, 7.5]  # a negative number survives as a number
    assert back["gap"].isna().tolist() == [False, False, True] and back["gap_missing"][2] == "a count"


def test_workbook_cells_are_numbers_with_the_catalogues_decimals_and_per_cent_shown_as_per_cent():
    data = tables.workbook_bytes([fictional_table()], About("Fiktiv rapport", "sv", made=MADE))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Om tabellen", "Indikatorer 2022 (fiktiva)"]
    sheet = book["Indikatorer 2022 (fiktiva)"]
    assert [c.value for c in sheet[1]][:4] == ["Indikator-id", "Områdeskod", "År", "Värde"]  # headers for people
    value, gap = sheet["D2"], sheet["F2"]
    assert (value.value, value.data_type, value.number_format) == (52.9, "n", '#,##0.0" %"')
    assert (sheet["D4"].value, sheet["D4"].number_format) == (1245, "#,##0")  # tkr, no decimals: not per cent
    assert (gap.value, gap.number_format) == (-29.8, "+#,##0.0;-#,##0.0;#,##0.0")
    assert sheet["C2"].value == 2022 and sheet["C2"].number_format == "General"  # a year is not "2 022"
    assert sheet["F4"].value is None  # missing is an empty cell
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I4"
    back = pd.read_excel(io.BytesIO(data), sheet_name="Indikatorer 2022 (fiktiva)")
    for header in ("År", "Värde", "Skillnad mot Linköping", "Rang"):
        assert pd.api.types.is_numeric_dtype(back[header]), header


def test_only_text_that_would_run_as_a_formula_is_neutralised():
    df = pd.DataFrame(
        {
            "title": ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "a=b", "-29.8", "+7,5"],
            "total": [1, -2, 3, 4, 5, 6, 7, 8],
        }
    )
    table = Table("test", "Test", df, {"title": Column("Åtgärd"), "total": Column("=Antal", decimals=0)})
    # A plain number ("+1", "-29.8") is read as that number, never run: it keeps no apostrophe.
    expected = ['\'=HYPERLINK("http://x")', "+1", "'-2+3", "'@SUM(A1)", "'\tx", "a=b", "-29.8", "+7,5"]
    csv = pd.read_csv(io.BytesIO(tables.csv_bytes(table)), sep=";", encoding="utf-8-sig", dtype=str)
    assert csv["title"].tolist() == expected
    sheet = openpyxl.load_workbook(io.BytesIO(tables.workbook_bytes([table]))).active
    assert sheet["B1"].value == "'=Antal"  # a header too
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == expected
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1, -2, 3, 4, 5, 6, 7, 8]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    assert list(tables.neutralise(pd.DataFrame({"=A1": [1]})).columns) == ["'=A1"]


def test_sheet_names_are_unique_readable_and_within_excels_limit():
    titles = [
        "Antal åtgärder per utvecklingsområde och status 2021",
        "Antal åtgärder per utvecklingsområde och status 2022",
        "Berga: indikatorer i utvecklingsområde 2",
        "Berga: indikatorer i utvecklingsområde 3",
        "om tabellen",
        "status [a/b]?",
    ]
    names = tables.sheet_names(titles, taken=["Om tabellen"])
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names} | {"om tabellen"}) == len(names) + 1
    assert not any(set(n) & set("[]:*?/\\") for n in names)
    assert names[:2] == ["Antal åtgärder per … 2021", "Antal åtgärder per … 2022"]
    assert names[2:4] == ["Berga indikatorer i … 2", "Berga indikatorer i … 3"]  # cut alike: the ends tell apart
    assert names[4] == "om tabellen (2)" and names[5] == "status -a-b--"


def test_the_about_sheet_says_what_each_table_is_where_it_is_from_and_when_it_was_made():
    other = counts_table()
    about = About("Fiktiv rapport", "sv", sources=("FIKTIV källa 2030",), made=MADE)
    data = tables.workbook_bytes([fictional_table(), other], about)
    rows = list(openpyxl.load_workbook(io.BytesIO(data))["Om tabellen"].iter_rows(values_only=True))
    text = "\n".join(" | ".join(str(v) for v in row if v is not None) for row in rows)
    assert rows[0][0] == "Fiktiv rapport"
    assert "Skapad | 2030-01-15 09:30:00 av segstats " in text
    assert "Källa | FIKTIV källa 2030" in text
    assert "Flik | Indikatorer 2022 (fiktiva)" in text and "Flik | Antal per stadsdel" in text
    assert "Urval | Stadsdel: Berga" in text
    assert "Värde | value | %, tkr | 1, 0 | senaste värdet" in text  # the key beside the header
    why = "Tom cell: skälet står i kolumnen Varför skillnad saknas."  # named as the sheet heads it
    assert f"Skillnad mot Linköping | gap | procentenheter | 1 | {why}" in text
    english = tables.workbook_bytes([other], About("Fictional report", "en", made=MADE))
    assert openpyxl.load_workbook(io.BytesIO(english)).sheetnames == ["About", "Antal per stadsdel"]


def test_a_table_keeps_its_types_on_the_way_through_the_executed_notebook():
    table = fictional_table()
    back = Table.from_payload(json.loads(json.dumps(table.payload())))  # as the notebook file holds it
    assert back.data["year"].dtype == "Int64" and back.data["rank"].dtype == "Int64"  # whole numbers stay whole
    assert back.data["rank"].isna().tolist() == [False, True, False]
    assert back.data["value"].dtype == "float64" and back.data["value"][1] == 23.0769230769
    assert back.columns["value"].decimal_places(3) == [1, 1, 0]
    assert back.columns["value"].units(3) == ["%", "%", "tkr"]
    assert back.columns["gap"] == table.columns["gap"] and back.selection == "Stadsdel: Berga"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.columns.update(value=Column("Värde")), "'value' holds fractions; give its decimals"),
        (lambda t: t.columns.pop("note"), "must be the data's"),
        (lambda t: setattr(t, "data", t.data.rename(columns={"note": "Anmärkning"})), "must be the data's"),
        (lambda t: t.columns.update(value=Column("Värde", decimals=[1, 1])), "2 units or decimals .* 3 rows"),
        (lambda t: t.columns.update(gap=Column("Skillnad", decimals=1, why_missing="why")), "names 'why'"),
    ],
)
def test_a_table_that_would_not_export_as_it_promises_is_refused(change, message):
    table = fictional_table()
    change(table)
    with pytest.raises(SegstatsError, match=message):
        table.check()


def test_a_column_key_must_be_code_like():
    table = Table("t", "T", pd.DataFrame({"Värde": [1]}), {"Värde": Column("Värde")})
    with pytest.raises(SegstatsError, match="column key 'Värde' must be lower-case ASCII"):
        table.check()


@pytest.fixture
def shown(monkeypatch) -> list[dict]:
    """What Show displays, instead of displaying it."""
    outputs: list[dict] = []
    monkeypatch.setattr(show, "display", lambda data, raw: outputs.append(data))
    return outputs


def test_show_prints_a_typed_table_with_its_headers_and_formats_and_exports_the_numbers(shown):
    table = fictional_table()
    show.Show("sv").table(table.data, "indikatorer", title="Indikatorer", columns=table.columns)
    html, payload = shown[0]["text/html"], shown[0][show.TABLE_MIME]
    assert '<th scope="col" class="num">Skillnad mot Linköping</th>' in html
    assert '<td class="num">52,9\u00a0%</td>' in html and '<td class="num">−29,8</td>' in html
    assert '<td class="num">+7,5</td>' in html and '<td class="num">1\u00a0245</td>' in html
    assert '<td class="num">2022</td>' in html  # a year, not "2 022"
    assert payload["keys"][3] == "value" and payload["data"][0][3] == 52.94


def test_show_prints_the_merged_cells_and_exports_the_tidy_data(shown):
    table = fictional_table()
    printed = pd.DataFrame({"Område": ["Berga"], "Värde": ["52,9 % (−29,8)"]})
    show.Show("sv").table(printed, "indikatorer", title="Indikatorer", columns=table.columns, data=table.data)
    assert "52,9 % (−29,8)" in shown[0]["text/html"]
    assert Table.from_payload(shown[0][show.TABLE_MIME]).data["gap"].tolist()[:2] == [-29.84, 7.46]


def test_show_refuses_an_undescribed_typed_table(shown):
    with pytest.raises(SegstatsError, match="holds fractions"):
        show.Show("sv").table(pd.DataFrame({"share": [23.07]}), "t", title="T", columns={"share": Column("Andel")})
    assert not shown


def _executed(*payloads: dict):
    """An executed notebook as the runner reads it: one output per table."""
    outputs = [{"output_type": "display_data", "data": {show.TABLE_MIME: p}, "metadata": {}} for p in payloads]
    return nbformat.from_dict({"cells": [{"cell_type": "code", "outputs": outputs}]})


def test_a_report_writes_one_csv_per_table_and_one_workbook_named_by_report_year_and_language(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    older = [folder / "status-status_totalt.csv", folder / "status-status_totalt.xlsx"]  # the layout before
    other_language = folder / "status-2021-en-totals.csv"
    for path in [*older, other_language, folder / "status-2021-sv-not_shown_any_more.csv"]:
        path.write_text("x")
    second = counts_table()
    nb = _executed(json.loads(json.dumps(fictional_table().payload())), second.payload())
    with Transaction() as transaction:  # as a report stages them, to replace them with its PDF
        runner._stage_tables(nb, folder, "status", "status-2021-sv", About("Status", "sv", made=MADE), transaction)
    assert sorted(p.name for p in folder.iterdir()) == [
        "status-2021-en-totals.csv",  # another language's files stay
        "status-2021-sv-antal.csv",
        "status-2021-sv-indikatorer.csv",
        "status-2021-sv.xlsx",
    ]
    book = pd.read_excel(folder / "status-2021-sv.xlsx", sheet_name=None)
    assert list(book) == ["Om tabellen", "Indikatorer 2022 (fiktiva)", "Antal per stadsdel"]
    assert pd.api.types.is_numeric_dtype(book["Antal per stadsdel"]["Antal"])
    assert read_csv((folder / "status-2021-sv-indikatorer.csv").read_bytes())["value"].tolist() == [52.9, 23.1, 1245]


def test_two_tables_of_one_name_are_refused(tmp_path):
    table = counts_table()
    with pytest.raises(SegstatsError, match="more than one table is named antal"):
        tables.write_report_tables([table, table], tmp_path, "status-2021-sv", About("Status"))
    assert not list(tmp_path.iterdir())
