"""parse_followup on the real 2021 report, on each layout, on OCR damage and on bad input."""

import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segstats import SegstatsError, parse_followup
from segstats.errors import ReportFormatError
from segstats.measures.followup import parse_departments, parse_districts

from .conftest import FIXTURES

# The report's own counts per development area: (genomförda, pågår, ej genomförda).
STATED_2021 = {1: (6, 9, 1), 2: (3, 8, 2), 3: (3, 6, 0), 4: (0, 11, 1), 5: (0, 8, 2)}


# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


def counts(df: pd.DataFrame) -> dict[int, tuple[int, int, int]]:
    table = pd.crosstab(df["area_no"], df["status"], dropna=False)
    return {area: tuple(int(n) for n in row) for area, row in table.iterrows()}


@pytest.mark.realdata
def test_real_report_has_60_measures_with_the_reports_own_counts(measures_2021):
    assert len(measures_2021) == 60
    assert measures_2021["measure_id"].is_unique
    assert counts(measures_2021) == STATED_2021
    assert measures_2021["status"].value_counts().to_dict() == {"done": 12, "ongoing": 42, "not_done": 6}
    assert set(measures_2021["year"]) == {2021}


@pytest.mark.realdata
def test_real_report_fields(measures_2021):
    m = measures_2021.set_index("measure_id")
    assert m.loc["1.1", "title"] == "Bilda områdesteam"
    assert m.loc["1.3", "departments"] == "KLF-SÄK;SOF"
    assert m.loc["1.3", "responsible"] == "SOF och KLF (SÄK)"
    assert m.loc["1.4", "districts"] == "Berga"
    assert m.loc["3.1", "districts"] == "Mottagande skolor"
    assert m.loc["2.1", "departments"] == "UAF;ALLA"
    assert m.loc["1.7", "status"] == "done"  # "Status: Genomförd" without a full stop
    assert m.loc["2.9", "status"] == "ongoing"  # "Status: Pågår En förstudie …"
    assert m.loc["2.9", "status_comment"].startswith("En förstudie har genomförts")
    # 4.10 is a table broken over a page: its cells continue on the next row.
    assert m.loc["4.10", "districts"] == "Berga;Ryd;Skäggetorp"
    assert m.loc["4.10", "description"].endswith("Ev. sammankopplat med lokala brottsförebyggande grupper.")
    # 1.2's description continues in HTML cells after the plain "Finansiering" block.
    assert "uppfylla samhällskontraktet" in m.loc["1.2", "description"]
    assert m.loc["1.2", "funding"].startswith("Utredning genomförs inom ram.")


@pytest.mark.realdata
def test_real_report_next_plan(measures_2021):
    m = measures_2021.set_index("measure_id")
    assert m["next_plan"].notna().all()
    assert m.loc["1.3", "next_plan"] == "kept"
    assert m.loc["1.1", "next_plan"] == "developed"
    assert m.loc["1.7", "next_plan"] == "merged"
    assert m.loc["1.14", "next_plan"] == "merged"  # "Inarbetas i åtgärd …"
    assert m.loc["4.3", "next_plan"] == "merged"  # "Vidmakthållen … (ihopslagen med annan åtgärd)"
    assert m.loc["1.15", "next_plan"] == "dropped"  # "… finns inte med som åtgärd 2022."
    assert m.loc["1.10", "next_plan_text"] == "Åtgärd tas inte med 2022 eftersom den är genomförd."
    # The last measure, on the file's last line (no newline after it), is read whole.
    assert m.loc["5.10", "next_plan_text"] == "Vidmakthållen åtgärd 2022."
    assert m.loc["1.1", "status_comment"].endswith("Vidareutveckling sker kontinuerligt.")


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "plain.txt",
            {
                "1.1": ("done", "Berga;Ryd;Skäggetorp", "SOF;Leanlink", "kept"),
                "1.2": ("ongoing", "Ryd", "KoF", "dropped"),
            },
        ),
        ("dashed_table.txt", {"2.1": ("not_done", "Skäggetorp", "KLF-SÄK", "merged")}),
        ("html_cells.txt", {"3.1": ("ongoing", "Mottagande skolor", "UAF-AMC", "developed")}),
        ("page_break.txt", {"4.1": ("ongoing", "Berga;Ryd;Skäggetorp", "KLF-SÄK", "developed")}),
    ],
)
def test_each_layout(name, expected):
    df = parse_followup(FIXTURES / "followups" / name).set_index("measure_id")
    got = {i: (r.status, r.districts, r.departments, r.next_plan) for i, r in df.iterrows()}
    assert got == expected
    assert set(df["year"]) == {2023}


def test_layout_details():
    plain = parse_followup(FIXTURES / "followups" / "plain.txt").set_index("measure_id")
    assert plain.loc["1.1", "description"] == "Fiktiv beskrivning av en åtgärd som fortsätter på nästa rad."
    assert plain.loc["1.1", "funding"] == "Genomförs inom ram."
    assert pd.isna(plain.loc["1.2", "funding"])
    html_cells = parse_followup(FIXTURES / "followups" / "html_cells.txt").set_index("measure_id")
    assert html_cells.loc["3.1", "description"] == "Fiktiv beskrivning & mer."
    assert html_cells.loc["3.1", "status_comment"] == "Fiktiv kommentar."
    broken = parse_followup(FIXTURES / "followups" / "page_break.txt").set_index("measure_id")
    assert broken.loc["4.1", "description"] == "Kommunen startar en fiktiv samverkan över sidbrytningen."
    assert broken.loc["4.1", "funding"] == "Genomförs inom ram. Påbörjas 2023."


@pytest.mark.realdata
def test_report_without_swedish_letters_gives_the_same_statuses(real_report_text, measures_2021):
    damaged = real_report_text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
    df = parse_followup(io.StringIO(damaged))
    pd.testing.assert_series_equal(df["status"], measures_2021["status"])
    pd.testing.assert_series_equal(df["next_plan"], measures_2021["next_plan"])


@pytest.mark.parametrize("word", ["Pågår", "Pagar", "PÅGÅR", "pagår", "Pagér"])
def test_status_word_survives_ocr_damage(word):
    text = (FIXTURES / "followups" / "page_break.txt").read_text(encoding="utf-8")
    df = parse_followup(io.StringIO(text.replace("Status: Pågår.", f"Status: {word}.")))
    assert df["status"].tolist() == ["ongoing"]


def test_windows_1252_report_is_read(tmp_path):
    text = (FIXTURES / "followups" / "plain.txt").read_text(encoding="utf-8")
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    assert parse_followup(path)["title"].tolist() == [
        "Starta en fiktiv läxhjälp",
        "Pröva en fiktiv kvällsöppen mötesplats",
    ]


def _error(text: str, year=None) -> ReportFormatError:
    with pytest.raises(ReportFormatError) as info:
        parse_followup(io.StringIO(text), year=year)
    return info.value


def _plain() -> str:
    return (FIXTURES / "followups" / "plain.txt").read_text(encoding="utf-8")


def test_missing_status_names_line_and_measure():
    err = _error(_plain().replace("Status: Pågår\n", ""))
    assert (err.line, err.measure) == (39, "1.2")
    assert "no status line" in str(err) and "<text>:39" in str(err)


def test_unknown_status_word_names_allowed_ones():
    err = _error(_plain().replace("Status: Genomförd.", "Status: Klar."))
    assert (err.line, err.measure) == (33, "1.1")
    assert "'Klar'" in str(err) and "Genomförd, Pågår, Ej genomförd" in str(err)


def test_duplicate_measure_id():
    err = _error(_plain().replace("1.2. Pröva", "1.1. Pröva"))
    assert (err.line, err.measure) == (39, "1.1")
    assert "duplicate measure id (first at line 15)" in str(err)


def test_count_mismatch_names_the_count_line():
    err = _error(_plain().replace("Pågår: 1 åtgärd", "Pågår: 2 åtgärder"))
    assert err.line == 11
    assert "states 2 measures 'Pågår', but the measures give 1 (1.2)" in str(err)


def test_missing_counts_are_an_error():
    err = _error(_plain().replace("Ej genomförda: -", ""))
    assert "does not state its count of Ej genomförd" in str(err)


@pytest.mark.realdata
def test_total_mismatch(real_report_text):
    err = _error(real_report_text.replace("visar att 12 åtgärder", "visar att 13 åtgärder"))
    assert "states 13 measures 'Genomförd' in all, but the measures give 12" in str(err)


def test_wrong_year():
    err = _error(_plain(), year=2022)
    assert "the report is the follow-up of 2023, but year 2022 was passed" in str(err)
    assert err.line == 3


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(ReportFormatError, match="cannot read the report"):
        parse_followup(tmp_path / "missing.txt")


def test_helpers_on_their_own():
    assert parse_districts("Berga, Ryd\noch\nSkäggetorp") == ["Berga", "Ryd", "Skäggetorp"]
    assert parse_districts("Skaggetorp") == ["Skäggetorp"]
    assert parse_departments("UAF (AMI i samverkan med avd. för gymnasieskola) och vuxen- utbildning))") == [
        "UAF-AMI",
        "UAF-GYVUX",
    ]
    assert parse_departments("KLF (Näringsliv- och tillväxtstaben)") == ["KLF-NÄR"]


_REPORT_WORDS = st.sampled_from(
    [
        "Status: Pågår.",
        "Status: Klar",
        "1.1. Rubrik",
        "2.1 Utvecklingsområde 1: Namn",
        "Genomförda: 1 åtgärd",
        "Pågår: -",
        "Ej genomförda: 2",
        "Område: Berga",
        "Ansvarig: KoF",
        "<p>",
        "</p>",
        "\t",
        "\n",
        "\n\n",
        "----",
        "Uppföljning av åtgärdsplan mot segregation 2021",
        "Vidmakthållen åtgärd 2022.",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_REPORT_WORDS, st.text(max_size=30)), max_size=40))
def test_arbitrary_text_parses_or_raises_the_projects_error(pieces):
    try:
        df = parse_followup(io.StringIO("".join(pieces)))
    except SegstatsError:
        return
    assert len(df) > 0 and df["status"].notna().all()


# FICTIONAL: a report with a table of contents, an area whose summary a page break cut, and an
# area without a summary.
SUMMARY_REPORT = """Uppföljning av åtgärdsplan mot segregation 2023

2.1\tUtvecklingsområde 1: Ökad trygghet, gemenskap och delaktighet i samhället\t6
2.2\tUtvecklingsområde 2: Fler i arbete eller meningsfull sysselsättning\t9

2 Uppföljning av åtgärdsplan mot segregation

Fiktiv inledning som inte hör till något område.

2.1 Utvecklingsområde 1: Ökad trygghet, gemenskap och delaktighet i samhället

Fiktivt: året började
lugnt.

Fiktivt: arbetet med att

fortsatte efter sidbrytningen.

Uppföljning åtgärder:

Genomförda: 1 åtgärd

Pågår: -

Ej genomförda: -

1.1. Fiktiv åtgärd

Område: Berga

Ansvarig: SOF

Status: Genomförd.

2.2 Utvecklingsområde 2: Fler i arbete eller meningsfull sysselsättning

Uppföljning åtgärder:

Genomförda: -

Pågår: 1 åtgärd

Ej genomförda: -

2.1. Fiktiv åtgärd två

Område: Ryd

Ansvarig: UAF

Status: Pågår.
"""


def test_area_summaries_are_the_prose_under_each_area_heading():
    from segstats.measures.followup import parse_area_summaries

    summaries = parse_area_summaries(io.StringIO(SUMMARY_REPORT))
    assert summaries[["year", "area_no", "paragraph"]].values.tolist() == [[2023, 1, 1], [2023, 1, 2]]
    assert summaries["text"].tolist() == [
        "Fiktivt: året började lugnt.",
        "Fiktivt: arbetet med att fortsatte efter sidbrytningen.",  # a page break's cut joined again
    ]
    assert summaries["source_line"].tolist() == [12, 15]  # area 2 has no summary: no row, nothing invented


@pytest.mark.realdata
def test_the_real_report_has_a_summary_for_every_area():
    from segstats.measures.followup import parse_area_summaries

    from .conftest import REAL_REPORT

    summaries = parse_area_summaries(REAL_REPORT)
    assert summaries.groupby("area_no").size().to_dict() == {1: 5, 2: 5, 3: 5, 4: 5, 5: 4}
    first = summaries.set_index(["area_no", "paragraph"])["text"]
    assert first[(1, 1)].startswith("Under året har Linköping skakats av flera skjutningar")
    assert first[(5, 1)] == "Coronapandemin har haft stor påverkan på detta utvecklingsområde."
    # cut by a page break in the report, joined again
    assert "anpassa och utöka nyföretagarrådgivningen till invånare med utländsk bakgrund" in first[(2, 4)]
    assert not summaries["text"].str.contains("Uppföljning åtgärder|Genomförda:|Utvecklingsområde \\d:").any()
