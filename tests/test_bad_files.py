"""A user's or a damaged file is one clear message — file, row or line, column, what is allowed — never wrong data."""

import codecs
import io
import re
import unicodedata
import zipfile

import openpyxl
import pandas as pd
import pytest

from segstats import codes, parse_followup, paths
from segstats.cli import main
from segstats.errors import DataValidationError, ReportFormatError, SegstatsError, TemplateError
from segstats.indicators.store import load_indicators
from segstats.measures.cells import MAX_BYTES, MAX_ROWS, SHEET
from segstats.measures.store import import_template, load_measures
from segstats.measures.template import _code, read_template
from segstats.text import tolerant

from .conftest import FIXTURES, IMPORT_DATE, REAL_REPORT, TEMPLATES, copy_raw_data, snapshot

TEMPLATE_2022 = TEMPLATES / "2022_fiktiv.csv"


@pytest.fixture(scope="module")
def known():
    return parse_followup(REAL_REPORT)


def template_error(path, known, year=2022) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        read_template(path, year, known)
    return info.value


# --- report texts ---------------------------------------------------------------------------


@pytest.mark.realdata
def test_cr_cr_lf_line_endings_parse_exactly_like_lf(real_report_text, measures_2021, tmp_path):
    path = tmp_path / "crcrlf.txt"
    path.write_bytes(real_report_text.replace("\n", "\r\r\n").encode("utf-8"))
    parsed = parse_followup(path)
    pd.testing.assert_frame_equal(parsed.drop(columns="source_file"), measures_2021.drop(columns="source_file"))


@pytest.mark.realdata
def test_decomposed_unicode_parses_like_composed(real_report_text, measures_2021):
    decomposed = unicodedata.normalize("NFD", real_report_text)
    assert decomposed != real_report_text
    pd.testing.assert_frame_equal(
        parse_followup(io.StringIO(decomposed)), parse_followup(io.StringIO(real_report_text))
    )


@pytest.mark.realdata
def test_the_ocr_damage_of_the_scanned_minutes_is_read(real_report_text, measures_2021):
    # The forms the scan of Kommunstyrelsen 2025-01-21 really has: "Atgérden", "&r", "Linkdping".
    damaged = real_report_text.translate(str.maketrans({"å": "é", "ä": "&", "ö": "d", "Å": "A"}))
    df = parse_followup(io.StringIO(damaged))
    pd.testing.assert_series_equal(df["status"], measures_2021["status"])
    pd.testing.assert_series_equal(df["next_plan"], measures_2021["next_plan"])


@pytest.mark.parametrize("word", ["P1g1r", "P#g#r", "Pxgxr", "P g r"])
def test_other_characters_do_not_pass_for_swedish_letters(word):
    assert not re.fullmatch(tolerant("Pågår"), word.lower())
    assert _code(codes.STATUSES, word) is None  # nor in a template's Status column
    text = (FIXTURES / "followups" / "page_break.txt").read_text(encoding="utf-8")
    with pytest.raises(ReportFormatError, match="status"):
        parse_followup(io.StringIO(text.replace("Status: Pågår.", f"Status: {word}.")))


@pytest.mark.realdata
def test_a_utf16_report_is_read(real_report_text, measures_2021, tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + real_report_text.encode("utf-16-le"))
    assert parse_followup(path)["status"].tolist() == measures_2021["status"].tolist()


def test_a_binary_report_is_one_line(tmp_path, english):
    path = tmp_path / "bild.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(SegstatsError) as info:
        parse_followup(path)
    assert str(info.value) == (
        "bild.txt: the file is not text: a binary file, or UTF-16 without its BOM (byte offset 8); "
        "save it as UTF-8 text"
    )


# --- templates ------------------------------------------------------------------------------


@pytest.mark.realdata
def test_a_utf16_template_is_imported_like_utf8(tmp_path, known):
    path = tmp_path / "utf16.csv"
    path.write_bytes(TEMPLATE_2022.read_text(encoding="utf-8-sig").encode("utf-16"))
    pd.testing.assert_frame_equal(
        read_template(path, 2022, known).drop(columns="source_file"),
        read_template(TEMPLATE_2022, 2022, known).drop(columns="source_file"),
    )


@pytest.mark.realdata
def test_a_template_without_text_is_one_swedish_line(tmp_path, known):
    path = tmp_path / "mall.csv"
    path.write_bytes(TEMPLATE_2022.read_text(encoding="utf-8-sig").encode("utf-16-le"))  # no BOM
    assert template_error(path, known).problems == [
        "filen är ingen text som segstats läser (byte 1); spara mallen som CSV (UTF-8, UTF-16 eller Windows-1252) "
        "eller som .xlsx"
    ]


@pytest.mark.realdata
def test_decomposed_unicode_in_a_template_is_matched(tmp_path, known):
    path = tmp_path / "nfd.csv"
    path.write_text(unicodedata.normalize("NFD", TEMPLATE_2022.read_text(encoding="utf-8-sig")), encoding="utf-8")
    assert (
        read_template(path, 2022, known)["status"].tolist()
        == read_template(TEMPLATE_2022, 2022, known)["status"].tolist()
    )


@pytest.mark.realdata
def test_an_unbalanced_quote_names_its_row(tmp_path, known):
    lines = TEMPLATE_2022.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace(";", ';"', 1)
    path = tmp_path / "citat.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert template_error(path, known).problems == [
        'rad 4: ett citattecken (") öppnar en cell som aldrig stängs; stäng cellen eller ta bort det'
    ]


@pytest.mark.realdata
def test_many_problems_list_the_first_50_and_count_the_rest(tmp_path, known):
    header = TEMPLATE_2022.read_text(encoding="utf-8-sig").splitlines()[0]
    rows = [f"2022;1.{i};Rubrik;1;Berga;SOF;Klar;;Vidmakthållen;" for i in range(1, 81)]
    path = tmp_path / "fel.csv"
    path.write_text("\n".join([header, *rows]), encoding="utf-8")
    err = template_error(path, known)
    assert len(err.problems) == 80
    lines = str(err).splitlines()
    assert lines[0] == "fel.csv: 80 fel i mallen, inget har skrivits:"
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == "  … de första 50 felen visas, och 30 till"


@pytest.mark.realdata
def test_a_huge_file_is_refused_at_once(tmp_path, known):
    path = tmp_path / "stor.csv"
    header = TEMPLATE_2022.read_text(encoding="utf-8-sig").splitlines()[0]
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        row = "2022;1.1;" + "x" * 200 + ";1;Berga;SOF;Pågår;;Vidmakthållen;\n"
        f.writelines(row for _ in range(MAX_BYTES // len(row) + 10))
    assert template_error(path, known).problems == ["filen är 5 MB; en ifylld mall är högst 5 MB"]


@pytest.mark.realdata
def test_too_many_rows_are_refused(tmp_path, known):
    header = TEMPLATE_2022.read_text(encoding="utf-8-sig").splitlines()[0]
    path = tmp_path / "rader.csv"
    path.write_text("\n".join([header] + ["2022;1.1;R;1;Berga;SOF;Pågår;;Vidmakthållen;"] * 2001), encoding="utf-8")
    assert template_error(path, known).problems == [
        f"filen har 2001 ifyllda rader; en mall har högst {MAX_ROWS} åtgärder"
    ]


def xlsx_from(csv_path, path, edit=None):
    """The CSV template as an XLSX file; ``edit(ws)`` may change the sheet first."""
    table = pd.read_csv(csv_path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(table.columns))
    for row in table.itertuples(index=False):
        ws.append(list(row))
    if edit:
        edit(ws)
    wb.save(path)
    return path


def rewrite_sheet(path, change):
    """``path`` with its sheet XML changed by ``change``, as a damaged or hand-made file would be."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = change(parts[sheet].decode()).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.realdata
def test_a_formula_without_a_saved_value_is_named(tmp_path, known):
    def formula(ws):
        ws["H2"] = '="Kommentar "&B2'  # openpyxl, like some programs, saves no value for it

    err = template_error(xlsx_from(TEMPLATE_2022, tmp_path / "formel.xlsx", formula), known)
    assert err.problems == [
        'rad 2, kolumn Kommentar: cellen har formeln ="Kommentar "&B2 men inget sparat värde; öppna filen i Excel '
        "och spara den, eller skriv in värdet"
    ]


@pytest.mark.realdata
def test_malformed_xlsx_xml_is_one_line(tmp_path, known):
    path = rewrite_sheet(xlsx_from(TEMPLATE_2022, tmp_path / "trasig.xlsx"), lambda xml: xml[: len(xml) // 2])
    (problem,) = template_error(path, known).problems
    assert re.fullmatch(
        r"filen är skadad \(trasig XML på rad 1, tecken \d+ i ett blad\); spara den i Excel igen", problem
    )


@pytest.mark.realdata
def test_a_binary_file_named_xlsx_is_one_swedish_line(tmp_path, known):
    path = tmp_path / "bild.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert template_error(path, known).problems == [
        "filen är ingen xlsx-fil (en xlsx-fil är ett zip-arkiv); spara den som .xlsx"
    ]


@pytest.mark.realdata
def test_text_in_a_number_cell_names_the_cell(tmp_path, known):
    def number(ws):
        ws["D3"] = 2

    path = xlsx_from(TEMPLATE_2022, tmp_path / "tal.xlsx", number)
    path = rewrite_sheet(path, lambda xml: re.sub(r'(<c r="D3"[^>]*t="n"[^>]*>\s*<v>)2(</v>)', r"\1två\2", xml))
    assert template_error(path, known).problems == [
        'rad 3, kolumn D: cellen är sparad som ett tal men innehåller texten "två"; '
        "skriv in värdet igen i Excel och spara"
    ]


# --- processed tables ------------------------------------------------------------------------


@pytest.fixture
def processed(tmp_path):
    """A data folder with the shipped processed tables, to damage."""
    data = copy_raw_data(tmp_path / "data")
    import shutil

    shutil.copytree(paths.processed_dir(), paths.processed_dir(data))
    return data


@pytest.mark.realdata
def test_a_truncated_indicator_row_is_an_error_not_a_changed_value(processed, english):
    path = paths.processed_dir(processed) / paths.INDICATORS_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # the row loses its last fields ("note" and "implausible"), as a file cut short or a bad merge leaves it
    lines[5] = ",".join(lines[5].split(",")[:-2]) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_indicators(processed)
    assert str(info.value) == (
        f"{path}: row 6 does not have the header's 13 fields: the file was cut short or damaged; "
        "run 'segstats build' to make it again from data/raw/"
    )


def _real_measures() -> str:
    return (paths.processed_dir() / paths.MEASURES_FILE).read_text(encoding="utf-8")


def _open_a_quote(text: str) -> str:
    lines = text.splitlines(keepends=True)
    lines[10] = lines[10].replace(",", ',"', 1)
    return "".join(lines)


@pytest.mark.parametrize(
    "damage, says",
    [
        (lambda text: b"", "the file is empty"),
        (lambda text: b"\x00\x01\x02PK\x03\x04" * 50, "not a readable table (a binary file)"),
        (lambda text: text.encode("cp1252"), "not UTF-8 text (byte offset"),
        (lambda text: _open_a_quote(text).encode("utf-8"), "row 11 does not have the header's 17 fields"),
        (lambda text: text.replace("year,", "år,", 1).encode("utf-8"), "not a readable table (its header is not"),
    ],
    ids=["empty", "binary", "windows-1252", "unbalanced quote", "other header"],
)
@pytest.mark.realdata
def test_a_damaged_measure_table_is_one_line(processed, capsys, damage, says, english):
    path = paths.processed_dir(processed) / paths.MEASURES_FILE
    path.write_bytes(damage(_real_measures()))
    assert main(["--data-dir", str(processed), "summary"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith(f"segstats: error: {path}: {says}")
    assert err.strip().endswith("run 'segstats build' to make it again from data/raw/")


@pytest.mark.realdata
def test_an_import_from_a_bad_file_writes_nothing(data_dir, tmp_path):
    before = snapshot(data_dir)
    path = rewrite_sheet(xlsx_from(TEMPLATE_2022, tmp_path / "trasig.xlsx"), lambda xml: xml[:100])
    with pytest.raises(TemplateError):
        import_template(path, 2022, data_dir, today=IMPORT_DATE)
    assert snapshot(data_dir) == before
    assert sorted(load_measures(data_dir)["year"].unique()) == [2021]


# --- output folders ---------------------------------------------------------------------------


@pytest.mark.realdata
def test_report_into_a_file_is_one_line(tmp_path, capsys, english):
    out = tmp_path / "reports.pdf"
    out.write_bytes(b"not a folder")
    assert main(["report", "--year", "2021", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"segstats: error: --out {out}: {out} is a file, not a folder; name a folder for the reports"
    )
    assert out.read_bytes() == b"not a folder"


@pytest.mark.realdata
def test_report_into_a_read_only_folder_is_one_line(tmp_path, monkeypatch, capsys, english):
    from segstats.reports import runner

    out = tmp_path / "out"
    real = runner.temporary_beside

    def read_only(path):  # as a folder without write permission (chmod does not stop root, who runs the tests)
        if out in path.parents:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(runner, "temporary_beside", read_only)
    assert main(["report", "--year", "2021", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"segstats: error: --out {out}: cannot write in {out / '2021'} (Permission denied); name a folder you can write"
    )


@pytest.mark.realdata
def test_template_into_a_folder_is_one_line(tmp_path, capsys, english):
    folder = tmp_path / "mall.xlsx"
    folder.mkdir()
    assert main(["template", "--year", "2022", "--out", str(folder)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"segstats: error: cannot write {folder}: Is a directory; nothing was written"
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())


@pytest.mark.realdata
def test_a_sheet_of_too_many_rows_is_refused_before_it_is_read_whole(tmp_path, known, monkeypatch):
    from segstats.measures import cells

    monkeypatch.setattr(cells, "MAX_SHEET_ROWS", 30)

    def many(ws):
        for n in range(60):
            ws.append([2022, f"1.{n + 10}"])

    path = xlsx_from(TEMPLATE_2022, tmp_path / "lang.xlsx", many)
    assert template_error(path, known).problems == [
        f"mallen har 70 rader enligt bladets angivna storlek; en mall har högst 30 rader och {MAX_ROWS} åtgärder"
    ]


@pytest.mark.realdata
def test_ctrl_c_during_build_leaves_the_tables_as_they_were(data_dir, monkeypatch, capsys, english):
    from segstats import cli

    before = snapshot(data_dir)

    def interrupted(data_dir, transaction):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_indicators", interrupted)
    assert main(["--data-dir", str(data_dir), "build"]) == 130
    assert capsys.readouterr().err.strip() == (
        "segstats: error: interrupted; the previous files are kept and nothing half-made is left"
    )
    assert snapshot(data_dir) == before
