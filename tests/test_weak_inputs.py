"""Inputs that were read wrongly or told badly: each is read as meant or refused with one located message.

All files here are fictional (tests/fixtures).
"""

import io
import shutil

import pandas as pd
import pytest

from segstats import parse_followup, paths
from segstats.errors import ReportFormatError, TemplateError
from segstats.measures.store import read_followups
from segstats.measures.template import read_template

from .conftest import FIXTURES, TEMPLATES
from .test_bounded_imports import NO_MEASURES

PLAIN = (FIXTURES / "followups" / "plain.txt").read_text(encoding="utf-8")


def report_error(text: str) -> str:
    with pytest.raises(ReportFormatError) as info:
        parse_followup(io.StringIO(text))
    return str(info.value)


@pytest.mark.parametrize(
    "status, shown",
    [
        ("Genomförd delvis.", "Genomförd delvis"),
        ("Genomförd, men ej helt.", "Genomförd, men ej helt"),
        ("Pågår ej", "Pågår ej"),
    ],
)
def test_a_status_with_a_qualifier_is_refused_not_read_as_the_status(status, shown, english):
    assert report_error(PLAIN.replace("Status: Genomförd.", f"Status: {status}", 1)) == (
        f"<text>:33: measure 1.1: status {shown!r} is not one of Genomförd, Pågår, Ej genomförd; write the status "
        "alone ('Status: Pågår.') and anything more after a full stop"
    )


def test_a_status_followed_by_a_new_sentence_without_a_full_stop_is_read():
    # The real 2021 report has "Status: Pågår En förstudie har genomförts …".
    measures = parse_followup(io.StringIO(PLAIN.replace("Status: Genomförd.", "Status: Genomförd Läxhjälpen", 1)))
    assert measures.loc[0, "status"] == "done" and measures.loc[0, "status_comment"].startswith("Läxhjälpen")


@pytest.mark.parametrize(
    "second, says",
    [
        ("Status: Genomförd. Status: Pågår.", "<text>:33: measure 1.1: a second status line in the same paragraph"),
        ("Status: Genomförd.\nStatus: Pågår.", "<text>:33: measure 1.1: a second status line in the same paragraph"),
        (
            "Status: Genomförd.\n\nKlart i mars. Status: Pågår.",
            "<text>:35: measure 1.1: a second status line (the first is at line 33)",
        ),
    ],
)
def test_a_second_status_is_refused_not_kept_in_the_comment(second, says, english):
    assert report_error(PLAIN.replace("Status: Genomförd.", second, 1)) == f"{says}; keep the one that holds"


def test_utf8_read_as_windows_1252_in_a_report_is_refused_with_its_line(english):
    garbled = PLAIN.replace("Läxhjälpen öppnade", "LÃ¤xhjÃ¤lpen Ã¶ppnade", 1)
    assert report_error(garbled) == (
        '<text>:35: "Ã¤" is "ä" in UTF-8 read as Windows-1252; save the report as UTF-8 text'
    )


# --- templates ----------------------------------------------------------------------------------


def template_problems(path, year=2022) -> list[str]:
    with pytest.raises(TemplateError) as info:
        read_template(path, year, NO_MEASURES)
    return info.value.problems


def test_a_title_row_above_the_header_is_set_aside_with_a_notice(first_template, tmp_path, caplog, english):
    titled = tmp_path / "rubrik.csv"
    titled.write_text("Uppföljning 2022, Fiktiva förvaltningen;;;\n;;\n" + first_template.read_text(), encoding="utf-8")
    with caplog.at_level("WARNING", logger="segstats"):
        read = read_template(titled, 2022, NO_MEASURES)
    plain = read_template(first_template, 2022, NO_MEASURES)
    assert read["source_line"].tolist() == [n + 2 for n in plain["source_line"]]  # the rows as the file numbers them
    pd.testing.assert_frame_equal(
        read.drop(columns=["source_file", "source_line"]), plain.drop(columns=["source_file", "source_line"])
    )
    assert (
        "rubrik.csv: the template's header is on row 3; the rows above it are not read: "
        '"Uppföljning 2022, Fiktiva förvaltningen"' in caplog.text
    )


def test_a_template_of_another_year_is_one_message_not_two_per_row():
    assert template_problems(TEMPLATES / "2022_fiktiv.csv", year=2023) == [
        "kolumnen År säger 2022 på varje rad, men mallen läses in som uppföljningen 2023 (--year 2023); är det "
        "uppföljningen 2022, läs då in den med --year 2022"
    ]


def test_utf8_pasted_into_a_windows_1252_template_is_refused_with_its_cell(first_template, tmp_path):
    text = first_template.read_text(encoding="utf-8").replace(
        "Fiktiv: Brottsförebyggande", "Fiktiv: BrottsfÃ¶rebyggande"
    )
    path = tmp_path / "blandad.csv"
    path.write_bytes(text.encode("cp1252"))  # a UTF-8 title pasted into a file Excel saved as Windows-1252
    assert template_problems(path) == [
        'rad 3, kolumn Rubrik: "BrottsfÃ¶rebyggande": "Ã¶" är "ö" i UTF-8 som har lästs som Windows-1252; skriv in '
        "texten igen, eller spara filen som CSV UTF-8"
    ]


def test_an_excel_lock_file_among_the_follow_ups_is_ignored_with_a_notice(tmp_path, caplog, english):
    followups = paths.followups_dir(tmp_path)
    followups.mkdir(parents=True)
    shutil.copy(FIXTURES / "followups" / "plain.txt", followups / "2023_uppfoljning.txt")
    (followups / "~$2024_uppfoljning_mall.xlsx").write_bytes(b"\x0bFiktiv\x00")  # what Excel leaves while open
    with caplog.at_level("WARNING", logger="segstats"):
        measures = read_followups(tmp_path)
    assert measures["year"].unique().tolist() == [2023]
    assert "~$2024_uppfoljning_mall.xlsx is ignored: a program leaves such a file while it has a template open" in (
        caplog.text
    )
