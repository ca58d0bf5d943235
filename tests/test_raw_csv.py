"""Raw indicator files in the forms Swedish users produce: semicolon, decimal comma, BOM, Windows-1252, CR CR LF."""

import pandas as pd
import pytest

from segstats import build_indicators, paths
from segstats.errors import SourceFormatError
from segstats.indicators.sources import SOURCES, read_source
from segstats.io import parse_numbers, read_raw_csv

from .conftest import copy_raw_data

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

PAGES = "transcribed/linkoping_published_page_values.csv"


def _excel_swedish(table: pd.DataFrame) -> str:
    """The table as Excel with Swedish settings saves it: semicolons, decimal commas."""
    text = table.drop(columns="_line").copy()
    text["value"] = text["value"].str.replace(".", ",", regex=False)
    return text.to_csv(sep=";", index=False, lineterminator="\r\n")


def _forms(original: bytes, table: pd.DataFrame) -> dict[str, bytes]:
    text = original.decode("utf-8")
    return {
        "utf-8 with BOM": b"\xef\xbb\xbf" + original,
        "Windows-1252": text.encode("cp1252"),
        "semicolon and decimal comma": _excel_swedish(table).encode("utf-8"),
        "Excel, Windows-1252, semicolon, decimal comma": _excel_swedish(table).encode("cp1252"),
        "CR CR LF line ends": text.replace("\n", "\r\r\n").encode("utf-8"),
    }


@pytest.fixture(scope="module")
def expected_pages():
    source = next(s for s in SOURCES if s.path == PAGES)
    from segstats.indicators import geo

    key = geo.read_key(paths.indicators_raw_dir())
    return source, key, read_source(paths.indicators_raw_dir(), source, key)


@pytest.mark.parametrize(
    "form",
    [
        "utf-8 with BOM",
        "Windows-1252",
        "semicolon and decimal comma",
        "Excel, Windows-1252, semicolon, decimal comma",
        "CR CR LF line ends",
    ],
)
@pytest.mark.realdata
def test_each_form_gives_the_same_values(tmp_path, expected_pages, form):
    source, key, expected = expected_pages
    original = (paths.indicators_raw_dir() / PAGES).read_bytes()
    table = read_raw_csv(paths.indicators_raw_dir() / PAGES)
    folder = tmp_path / "raw" / "indicators"
    (folder / "transcribed").mkdir(parents=True)
    (folder / PAGES).write_bytes(_forms(original, table)[form])
    got = read_source(folder, source, key)
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.realdata
def test_a_whole_build_from_an_excel_saved_file_gives_the_committed_table(tmp_path):
    data_dir = copy_raw_data(tmp_path)
    path = paths.indicators_raw_dir(data_dir) / "transcribed/am_dashboard_se_regso2025_linkoping_other.csv"
    table = read_raw_csv(path)
    numeric = [c for c in table.columns if c not in ("regso_2025", "name", "_line")]
    excel = table.drop(columns="_line")
    excel[numeric] = excel[numeric].apply(lambda s: s.str.replace(".", ",", regex=False))
    path.write_bytes(excel.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252"))
    build_indicators(data_dir)
    written = paths.processed_dir(data_dir) / paths.INDICATORS_FILE
    assert written.read_bytes() == (paths.processed_dir() / paths.INDICATORS_FILE).read_bytes()


def _numbers(*cells):
    series = pd.Series(list(cells), dtype=object)
    return parse_numbers(series, file="f.csv", column="c", lines=pd.Series(range(2, 2 + len(cells))))


def test_numbers_in_swedish_and_english_form():
    values, markers = _numbers("12,5", "12.5", "1 234", "1\u00a0234,5", "\u22123", "-3", "7")
    assert values.tolist() == [12.5, 12.5, 1234.0, 1234.5, -3.0, -3.0, 7.0]
    assert markers.isna().all()


def test_missing_value_symbols_are_missing_and_kept():
    values, markers = _numbers("..", ".", "–", "", "4")
    assert values.isna().tolist() == [True, True, True, True, False]
    assert markers.tolist()[:3] == ["..", ".", "–"] and pd.isna(markers.tolist()[3])


def test_a_cell_that_is_no_number_names_line_column_and_text():
    with pytest.raises(SourceFormatError) as info:
        _numbers("12,5", "ca 13", "<68")
    assert str(info.value) == (
        "f.csv: column 'c': not a number (line 3: 'ca 13', line 4: '<68'); numbers look like 12,5 or 12.5, "
        "a missing value like .. or is left blank"
    )


def test_row_with_too_many_cells_names_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a;b\n1;2\n3;4;5\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"t.csv:3: 3 cells where the header has 2 \(separator ';'\)"):
        read_raw_csv(path)


def test_quoted_line_breaks_keep_line_numbers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,4\n', encoding="utf-8")
    table = read_raw_csv(path)
    assert table["_line"].tolist() == [2, 5]
    assert table["b"].tolist() == ["two\nlines", "4"]


def test_text_in_no_known_encoding_is_an_error(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n\x81,2\n")
    with pytest.raises(SourceFormatError, match="neither UTF-8 nor Windows-1252"):
        read_raw_csv(path)
