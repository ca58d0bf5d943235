"""segstats template / import: the pre-filled template, its round trip, and every mistake in a filled-in one."""

import hashlib

import openpyxl
import pytest

from segstats import codes, load_measures, paths
from segstats.cli import main
from segstats.errors import SegstatsError, TemplateError
from segstats.measures.lineage import load_lineage
from segstats.measures.store import build_measures, import_template
from segstats.measures.template import COLUMNS, template_rows, write_template

from .conftest import IMPORT_DATE, TEMPLATES, snapshot

pytestmark = pytest.mark.realdata  # every test here reads the shipped data

HEADERS = [c.header for c in COLUMNS]
PREDECESSORS = "Föregångare (åtgärds-id föregående år)"
FIXTURE_2022 = (TEMPLATES / "2022_fiktiv.csv").read_bytes().decode("utf-8-sig")


def test_template_is_prefilled_with_what_the_2021_follow_up_carries_over(measures_2021):
    rows = template_rows(measures_2021, 2022).set_index(PREDECESSORS)
    # 60 measures, 11 dropped; 1.7 + 1.12 and 2.5 + 2.13 each go into one named 2022 measure.
    assert len(rows) == 47
    assert "1.10" not in rows.index and "1.15" not in rows.index
    assert rows.loc["1.3", "Rubrik"] == "Vidareutveckla avhopparverksamheten"  # kept: same measure
    assert rows.loc["1.7;1.12", "Rubrik"] == ""  # the 2022 measure they go into is not named by title
    assert rows.loc["1.7;1.12", "Underlag från föregående år (läses inte in)"] == (
        "1.7: Ingår i åtgärd om brottsförebyggande arbete 2022. 1.12: Ingår i åtgärd om brottsförebyggande arbete 2022."
    )
    assert rows.loc["3.5", "Rubrik"] == ""  # split in two: the new titles are not known
    assert "1.14" in rows.index  # "åtgärd om samverkan med polisen" is not named as any other's target
    assert (rows["År"] == "2022").all()
    for column in ("Åtgärds-id", "Utvecklingsområde", "Område (stadsdelar)", "Ansvarig förvaltning", "Status"):
        assert (rows[column] == "").all(), column
    assert (rows["Hantering i nästa års plan"] == "").all() and (rows["Kommentar"] == "").all()


def test_xlsx_template_has_drop_downs_text_ids_and_swedish_instructions(measures_2021, tmp_path):
    wb = openpyxl.load_workbook(write_template(measures_2021, 2022, tmp_path / "mall.xlsx"))
    assert wb.sheetnames == ["Instruktioner", "Åtgärder"]
    ws = wb["Åtgärder"]
    assert [c.value for c in ws[1]] == HEADERS and ws[1][0].font.bold
    assert ws.freeze_panes == "A2"
    lists = {str(v.sqref)[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert lists["G"] == '"Genomförd,Pågår,Ej genomförd"'  # Status
    assert lists["I"] == '"Vidmakthållen,Vidareutvecklad,Ingår i annan åtgärd,Finns ej med"'
    assert ws["B2"].number_format == "@" and ws["J60"].number_format == "@"  # ids stay text ("1.10")
    assert ws.column_dimensions["C"].width == 50
    assert [ws.cell(2, i).value for i in (1, 3, 10)] == [2022, "Bilda områdesteam", "1.1"]
    text = " ".join(str(v) for row in wb["Instruktioner"].iter_rows(values_only=True) for v in row if v)
    assert "segstats import FIL --year 2022" in text
    assert "KLF-SÄK Kommunledningsförvaltningen, säkerhetsenheten" in text
    assert "Genomförd, Pågår, Ej genomförd" in text


def test_csv_template_is_what_swedish_excel_saves(measures_2021, tmp_path):
    raw = write_template(measures_2021, 2022, tmp_path / "mall.csv").read_bytes()
    assert raw.startswith("\ufeffÅr;Åtgärds-id;".encode())
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";") == HEADERS
    assert lines[1] == "2022;;Bilda områdesteam;;;;;;;1.1;1.1: Vidareutvecklad åtgärd 2022."
    assert len(lines) == 1 + 47 + 1  # header, rows, and the empty string after the last line end


def _fill_in(path):
    """Answer every pre-filled row as a department would (fictional answers)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Åtgärder"]
    col = {c.value: c.column for c in ws[1]}
    numbers: dict[str, int] = {}
    statuses = ["Genomförd", "Pågår", "Ej genomförd"]
    for row in range(2, ws.max_row + 1):
        predecessors = ws.cell(row, col[PREDECESSORS]).value
        if not predecessors:
            continue
        area = predecessors[0]
        numbers[area] = numbers.get(area, 0) + 1
        answers = {
            "Åtgärds-id": f"{area}.{numbers[area]}",
            "Utvecklingsområde": int(area),
            "Område (stadsdelar)": "Berga; Ryd",
            "Ansvarig förvaltning": "KoF",
            "Status": statuses[row % 3],
            "Hantering i nästa års plan": "Vidmakthållen",
        }
        if not ws.cell(row, col["Rubrik"]).value:
            answers["Rubrik"] = f"Fiktiv åtgärd på rad {row}"
        for header, value in answers.items():
            ws.cell(row, col[header], value)
    wb.save(path)
    return path


def test_xlsx_round_trip_adds_2022_to_the_measures(data_dir, tmp_path):
    filled = tmp_path / "från förvaltningarna.xlsx"
    assert main(["--data-dir", str(data_dir), "template", "--year", "2022", "--out", str(filled)]) == 0
    _fill_in(filled)
    raw = import_template(filled, 2022, data_dir, today=IMPORT_DATE)

    measures = load_measures(data_dir)
    assert measures.groupby("year").size().to_dict() == {2021: 60, 2022: 47}
    m2022 = measures[measures["year"] == 2022].set_index("measure_id")
    assert m2022.loc["1.10", "predecessors"] == "1.11"  # "1.10" stays text, not the number 1.1
    assert m2022.loc["1.1", "title"] == "Bilda områdesteam" and m2022.loc["1.1", "predecessors"] == "1.1"
    assert m2022.loc["1.1", "departments"] == "KoF" and m2022.loc["1.1", "districts"] == "Berga;Ryd"
    lineage = load_lineage(data_dir).set_index(["year", "measure_id"])
    merged = lineage.loc[[(2021, "1.7"), (2021, "1.12")]]
    assert merged["successor_id"].nunique() == 1 and set(merged["kind"]) == {"merged"}
    assert raw.read_bytes() == filled.read_bytes() and raw.name == "2022_uppfoljning_mall.xlsx"
    readme = (paths.raw_dir(data_dir) / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if "2022_uppfoljning_mall.xlsx" in line)
    assert "inskickad mall, importerad 2030-01-15" in row and "från förvaltningarna.xlsx" in row
    assert f"`{hashlib.sha256(filled.read_bytes()).hexdigest()}`" in row


def test_csv_import_normalises_names_and_a_rebuild_gives_the_same_bytes(three_years):
    m = load_measures(three_years).set_index(["year", "measure_id"])
    assert m.loc[(2022, "1.2"), "predecessors"] == "1.7;1.12"
    assert m.loc[(2022, "5.1"), "predecessors"] == "5.1;5.9"  # written "5.1; 5.9"
    assert m.loc[(2022, "1.2"), "districts"] == "Berga;Ryd;Skäggetorp"  # written "Berga, Ryd och Skäggetorp"
    assert m.loc[(2022, "1.3"), "departments"] == "KLF-SÄK;SOF"  # "Social- och omsorgsförvaltningen; KLF-SÄK"
    assert m.loc[(2022, "1.5"), "departments"] == "KLF-SÄK"  # "KLF, säkerhetsenheten"
    assert m.loc[(2022, "2.1"), "departments"] == "UAF;ALLA"  # "Samtliga nämnder; UAF"
    assert m.loc[(2022, "1.1"), "status_comment"] == "Fiktiv kommentar, med kommatecken."
    assert m.loc[(2023, "5.1"), "departments"] == "KoF"  # Windows-1252, comma-separated file
    assert (m.loc[(2022, "1.1"), "source_file"], m.loc[(2022, "1.1"), "source_line"]) == (
        "2022_uppfoljning_mall.csv",
        2,
    )
    before = snapshot(paths.processed_dir(three_years))
    build_measures(three_years)  # segstats build reads the imported templates from data/raw/
    assert snapshot(paths.processed_dir(three_years)) == before


def _import_text(data_dir, tmp_path, text, name="2022_fel.csv", year=2022):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig", newline="")
    before = snapshot(data_dir)
    with pytest.raises(TemplateError) as info:
        import_template(path, year, data_dir, today=IMPORT_DATE)
    assert snapshot(data_dir) == before, "nothing may be written when the template has mistakes"
    return info.value


DEPARTMENTS = ", ".join(codes.codes("department"))
COLUMN_LIST = ", ".join(HEADERS)


@pytest.mark.parametrize(
    "old, new, problem",
    [
        (
            ";Pågår;Fiktiv kommentar",
            ";Klar;Fiktiv kommentar",
            'rad 2, kolumn Status: "Klar" är ingen känd status (Genomförd, Pågår, Ej genomförd)',
        ),
        (
            "Vidmakthållen;1.6",
            "Fortsätter;1.6",
            'rad 5, kolumn Hantering i nästa års plan: "Fortsätter" är ingen känd hantering '
            "(Vidmakthållen, Vidareutvecklad, Ingår i annan åtgärd, Finns ej med)",
        ),
        (
            ";KLF-HÅLL;",
            ";Gatukontoret;",
            f'rad 5, kolumn Ansvarig förvaltning: "Gatukontoret" är ingen känd förvaltning eller enhet ({DEPARTMENTS})',
        ),
        (
            ";Ryd;KLF, säk",
            ";Rydd;KLF, säk",
            'rad 6, kolumn Område (stadsdelar): "Rydd" är ingen känd stadsdel '
            "(Berga, Ryd, Skäggetorp; andra målgrupper som förekommit: Mottagande skolor)",
        ),
        (
            "del B;3;",
            "del B;6;",
            'rad 9, kolumn Utvecklingsområde: "6" är inget utvecklingsområde (1, 2, 3, 4 eller 5)',
        ),
        (
            "2022;1.5;",
            "2022;1,5;",
            'rad 6, kolumn Åtgärds-id: "1,5" är inget åtgärds-id '
            "(utvecklingsområde 1–5, punkt och löpnummer, t.ex. 1.10)",
        ),
        (
            "2022;2.1;",
            "2022;3.3;",
            "rad 7, kolumn Åtgärds-id: 3.3 hör till utvecklingsområde 3, men raden anger utvecklingsområde 2",
        ),
        ("2022;1.5;", "2022;1.4;", "rad 6, kolumn Åtgärds-id: 1.4 finns redan på rad 5"),
        (
            "Vidmakthållen;1.6;",
            "Vidmakthållen;1.99;",
            "rad 5, kolumn Föregångare (åtgärds-id föregående år): 1.99 finns inte bland åtgärderna 2021",
        ),
        ("2022;1.3;", "2021;1.3;", "rad 4, kolumn År: 2021 är fel år: mallen läses in som uppföljningen 2022"),
        ("Fiktiv: Avhopparverksamheten", "", "rad 4, kolumn Rubrik: tom cell, men kolumnen måste fyllas i"),
    ],
)
def test_each_mistake_is_named_with_row_and_column_and_nothing_is_written(data_dir, tmp_path, old, new, problem):
    assert old in FIXTURE_2022
    err = _import_text(data_dir, tmp_path, FIXTURE_2022.replace(old, new, 1))
    assert err.problems == [problem]


def test_a_missing_or_misnamed_column(data_dir, tmp_path):
    err = _import_text(data_dir, tmp_path, FIXTURE_2022.replace(";Status;", ";Statusen;", 1))
    assert err.problems == [
        f'rad 1, kolumn G: okänd kolumn "Statusen" (mallens kolumner: {COLUMN_LIST})',
        'rad 1: kolumnen "Status" saknas',
    ]


def test_every_mistake_is_reported_at_once_in_row_order(data_dir, tmp_path):
    text = FIXTURE_2022.replace("2022;5.1;", "2022;5.1.1;").replace(";Pågår;Fiktiv", ";Klar;Fiktiv")
    text = text.replace("2022;1.5;", "2022;1.4;")
    err = _import_text(data_dir, tmp_path, text)
    assert [p.split(":")[0] for p in err.problems] == [
        "rad 2, kolumn Status",
        "rad 6, kolumn Åtgärds-id",
        "rad 10, kolumn Åtgärds-id",
    ]
    assert str(err).splitlines()[0] == "2022_fel.csv: 3 fel i mallen, inget har skrivits:"


def test_predecessors_need_the_previous_years_follow_up(data_dir):
    before = snapshot(data_dir)
    with pytest.raises(TemplateError) as info:
        import_template(TEMPLATES / "2023_fiktiv.csv", 2023, data_dir)
    assert snapshot(data_dir) == before
    column = "kolumn Föregångare (åtgärds-id föregående år)"
    assert info.value.problems == [
        f"rad {row}, {column}: det finns ingen uppföljning för 2022 att hänvisa till" for row in (2, 3, 4, 5, 6, 8)
    ]


def test_an_id_that_excel_turned_into_a_number(data_dir, tmp_path):
    path = tmp_path / "mall.xlsx"
    write_template(load_measures(data_dir), 2022, path)
    _fill_in(path)
    wb = openpyxl.load_workbook(path)
    wb["Åtgärder"]["B2"] = 1.1
    wb.save(path)
    before = snapshot(data_dir)
    with pytest.raises(TemplateError) as info:
        import_template(path, 2022, data_dir)
    assert snapshot(data_dir) == before
    assert info.value.problems == [
        "rad 2, kolumn Åtgärds-id: 1.1 är sparat som ett tal, så en nolla på slutet kan ha försvunnit "
        "(1.10 blir 1.1); skriv id:t som text"
    ]


def test_a_workbook_without_the_measure_sheet(data_dir, tmp_path):
    path = tmp_path / "annat.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    wb.save(path)
    with pytest.raises(TemplateError) as info:
        import_template(path, 2022, data_dir)
    assert info.value.problems == ['bladet "Åtgärder" saknas (bladen i filen: Blad1)']


def test_a_year_is_imported_once(three_years):
    before = snapshot(three_years)
    with pytest.raises(SegstatsError, match=r"uppföljningen 2022 finns redan i data \(2022_uppfoljning_mall.csv\)"):
        import_template(TEMPLATES / "2022_fiktiv.csv", 2022, three_years)
    assert snapshot(three_years) == before


def test_cli_import_prints_every_problem_and_exits_1(data_dir, tmp_path, capsys):
    path = tmp_path / "2022_fel.csv"
    path.write_text(FIXTURE_2022.replace(";Pågår;Fiktiv", ";Klar;Fiktiv"), encoding="utf-8-sig")
    assert main(["--data-dir", str(data_dir), "import", str(path), "--year", "2022"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == [
        "segstats: fel: 2022_fel.csv: 1 fel i mallen, inget har skrivits:",
        '  rad 2, kolumn Status: "Klar" är ingen känd status (Genomförd, Pågår, Ej genomförd)',
    ]
