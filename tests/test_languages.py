"""Every message in the user's language: Swedish by default, English with --lang en or an English locale."""

import logging

import pytest

from segstats import words
from segstats.cli import main, parser
from segstats.errors import SegstatsError
from segstats.measures.template import read_template

from .conftest import TEMPLATES
from .test_bounded_imports import NO_MEASURES

pytestmark = pytest.mark.realdata  # the CLI's data is the project's own


def error_of(capsys, *args: str) -> str:
    assert main(list(args)) == 1
    return capsys.readouterr().err.strip()


def test_an_error_is_swedish_by_default(capsys):
    assert (
        error_of(capsys, "summary", "--year", "2019") == "segstats: fel: ingen uppföljning för 2019; år med data: 2021"
    )


def test_lang_en_gives_it_in_english(capsys):
    assert error_of(capsys, "summary", "--year", "2019", "--lang", "en") == (
        "segstats: error: no follow-up for 2019; years with data: 2021"
    )
    assert error_of(capsys, "--lang", "en", "summary", "--year", "2019").startswith("segstats: error: no follow-up")


@pytest.mark.parametrize(
    "variables, says",
    [
        ({"LANG": "en_GB.UTF-8"}, "segstats: error: no follow-up"),
        ({"LANG": "sv_SE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "segstats: error: no follow-up"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "C"}, "segstats: fel: ingen uppföljning"),  # C: a bare system
        ({"LANG": "de_DE.UTF-8"}, "segstats: fel: ingen uppföljning"),  # a language segstats does not speak
    ],
)
def test_the_environments_locale_chooses_when_lang_is_not_given(capsys, monkeypatch, variables, says):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert error_of(capsys, "summary", "--year", "2019").startswith(says)


def test_a_templates_problems_are_told_in_english_on_request(tmp_path, capsys):
    path = tmp_path / "2022_fel.csv"
    text = (TEMPLATES / "2022_fiktiv.csv").read_text(encoding="utf-8-sig")
    path.write_text(text.replace(";Pågår;Fiktiv", ";Klar;Fiktiv", 1), encoding="utf-8-sig")
    with words.speaking("en"), pytest.raises(SegstatsError) as info:
        read_template(path, 2022, NO_MEASURES)
    with words.speaking("en"):
        assert '  row 2, column Status: "Klar" is no known status (Genomförd, Pågår, Ej genomförd)' in str(info.value)
    # The same error read again in Swedish: a message is put into words when it is shown.
    assert '  rad 2, kolumn Status: "Klar" är ingen känd status (Genomförd, Pågår, Ej genomförd)' in str(info.value)


def test_a_notice_follows_the_language(tmp_path, first_template, caplog):
    titled = tmp_path / "rubrik.csv"
    titled.write_text("Uppföljning 2022\n" + first_template.read_text(), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="segstats"):
        read_template(titled, 2022, NO_MEASURES)
        with words.speaking("en"):
            read_template(titled, 2022, NO_MEASURES)
    said = caplog.text.splitlines()  # as the records were shown, each when it was logged
    assert [line.split(".py:", 1)[1].split(" ", 1)[1] for line in said] == [
        'rubrik.csv: mallens rubrikrad står på rad 2; raderna ovanför läses inte in: "Uppföljning 2022"',
        'rubrik.csv: the template\'s header is on row 2; the rows above it are not read: "Uppföljning 2022"',
    ]


@pytest.mark.parametrize(
    "lang, headings", [("sv", ("användning:", "flaggor:", "kommandon:")), ("en", ("usage:", "options:", "commands:"))]
)
def test_help_is_in_the_language_without_source_markup_and_lists_the_reports(lang, headings):
    top = parser(lang).format_help()
    assert "``" not in top
    assert all(heading in top for heading in headings)
    report = next(a for a in parser(lang)._subparsers._group_actions[0].choices.items() if a[0] == "report")[1]
    shown = report.format_help()
    assert "status, indicators, comparison, districts" in shown
    assert "``" not in shown


def test_help_is_asked_for_in_the_language_of_lang(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    assert "follows up Linköping's action plan against segregation" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "följer upp Linköpings åtgärdsplan mot segregation" in capsys.readouterr().out


def test_reports_stay_swedish_in_an_english_locale_unless_lang_en(monkeypatch, english):
    from segstats.reports import runner

    jobs = []
    monkeypatch.setattr(runner, "run", jobs.append)
    assert main(["report", "--year", "2021"]) == 0
    assert main(["report", "--year", "2021", "--lang", "en"]) == 0
    assert [job.lang for job in jobs] == ["sv", "en"]


def test_a_message_of_code_that_predates_the_words_files_is_shown_as_written():
    assert str(SegstatsError("the dashboard could not start")) == "the dashboard could not start"
