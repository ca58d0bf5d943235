"""The texts in both languages: none missing in one, the same placeholders, every plural form."""

import ast
import re
from pathlib import Path

import pytest

from segstats.reports import words
from segstats.reports.fmt import LANGS

ENTRIES = [(topic, name) for topic in words.topics() for name in words.catalogue(topic)]


@pytest.mark.parametrize(("topic", "name"), ENTRIES, ids=[f"{t}.{n}" for t, n in ENTRIES])
def test_every_text_exists_in_both_languages_with_the_same_placeholders(topic, name):
    found = words.catalogue(topic)[name]
    assert set(found) - {words.PLURAL_KEY} == set(LANGS), f"{topic}.{name}: languages {sorted(found)}"
    forms = {}
    for lang in LANGS:
        texts = found[lang]
        if words.PLURAL_KEY in found:
            assert isinstance(texts, dict), f"{topic}.{name} is a plural; {lang} must give one text per category"
            assert set(texts) == words.plural_categories(lang), f"{topic}.{name} ({lang}): categories {sorted(texts)}"
            assert str(found[words.PLURAL_KEY]).isidentifier(), f"{topic}.{name}: count must name a value"
            texts = texts.values()
        else:
            assert isinstance(texts, str) and texts.strip(), f"{topic}.{name} ({lang}) is empty"
            texts = [texts]
        forms[lang] = set().union(*(words.placeholders(t) for t in texts))
    assert forms["sv"] == forms["en"], f"{topic}.{name}: placeholders differ {forms}"


def test_plurals_follow_the_number():
    assert words.text("common.measures", "sv", n=1) == "1 åtgärd"
    assert words.text("common.measures", "sv", n=0) == "0 åtgärder"
    assert words.text("common.measures", "en", n=1) == "1 measure"
    assert words.text("common.measures", "en", n=2) == "2 measures"


def test_a_missing_value_or_text_is_a_clear_error():
    # A bug in the code, not the user's mistake: a KeyError with its traceback.
    with pytest.raises(KeyError, match="needs the value 'n'"):
        words.text("common.measures", "sv")
    with pytest.raises(KeyError, match="no text 'common.nothing'"):
        words.text("common.nothing")


ROOT = Path(__file__).parents[1]
SOURCES = sorted([*(ROOT / "notebooks").glob("*.py"), *(ROOT / "segstats").rglob("*.py")])
# The report notebooks whose every sentence comes from words/; the others join as they are converted.
CONVERTED = ("status", "comparison", "indicators", "districts")


def literal_strings(node: ast.AST) -> list[str]:
    """The literal texts an argument can be: a string, or either branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return literal_strings(node.body) + literal_strings(node.orelse)
    return []


def used_keys(path: Path) -> list[tuple[int, str]]:
    """The literal text keys a file uses, with their lines.

    ``show.say("t.k")``, ``Say("t.k", …)``, ``show.words("t.k")``, ``words.text("t.k", …)`` and ``labels.word("k")``
    (``word("k")`` inside labels.py), which is ``labels.k``. Keys built at run time (f-strings) are
    not seen here; the report tests run them.
    """
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        owner = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
        for key in literal_strings(node.args[0]):
            if name in ("say", "words", "Say") or (name == "text" and owner == "words"):
                found.append((node.lineno, key))
            elif name == "word" and owner in ("labels", ""):
                found.append((node.lineno, f"labels.{key}"))
    return found


def test_every_text_key_in_the_code_exists_in_the_words_files():
    keys = [(path, line, key) for path in SOURCES for line, key in used_keys(path)]
    assert len(keys) > 100, "the scan found too few keys; has the way texts are called changed?"
    for path, line, key in keys:
        topic, _, name = key.partition(".")
        assert topic in words.topics(), f"{path.relative_to(ROOT)}:{line}: no words/{topic}.yaml for {key!r}"
        assert name in words.catalogue(topic), f"{path.relative_to(ROOT)}:{line}: no text {key!r}"


def test_every_key_in_the_words_files_is_a_name():
    for topic in words.topics():
        for name in words.catalogue(topic):  # YAML reads a bare yes: or no: as a boolean
            assert isinstance(name, str) and name.isidentifier(), f"words/{topic}.yaml: key {name!r} must be a name"


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of a module's and its functions' docstring nodes."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and ast.get_docstring(node) is not None:
            found.add(id(node.body[0].value))
    return found


@pytest.mark.parametrize("name", CONVERTED)
def test_a_converted_notebook_has_no_prose_of_its_own(name):
    tree = ast.parse((ROOT / "notebooks" / f"{name}.py").read_text(encoding="utf-8"))
    skip = docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            assert called not in ("text", "t", "Markdown", "display"), (
                f"notebooks/{name}.py:{node.lineno}: {called}() shows text written in the code; use show.say()"
            )
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            assert not re.search(r"[åäöÅÄÖ]", text), f"notebooks/{name}.py:{node.lineno}: Swedish in the code: {text!r}"
            assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", text), (
                f"notebooks/{name}.py:{node.lineno}: a sentence in the code: {text!r}"
            )


@pytest.mark.parametrize(
    ("key", "lang", "values", "said"),
    [
        ("status.summary_done", "sv", {"n": 1, "share": "14 %"}, "**1 (14 %)** är genomförd"),
        ("status.summary_done", "sv", {"n": 12, "share": "20 %"}, "**12 (20 %)** är genomförda"),
        ("status.summary_not_done", "en", {"n": 1, "share": "14%"}, "**1 (14%)** is not done"),
        ("comparison.dropped", "en", {"n": 1, "previous_year": "2022", "year": "2023"}, "1 measure of 2022 is,"),
        ("comparison.carried_kept", "sv", {"n": 1}, "1 vidmakthållen"),
        ("comparison.carried_kept", "en", {"n": 0}, "0 are kept"),
        ("labels.handling_not_stated", "sv", {"n": 1}, "För 1 åtgärd anges inte hur den hanteras; den ingår"),
        ("labels.followups_missing", "sv", {"n": 2, "years": "2022 och 2023"}, "Uppföljningarna för 2022 och 2023"),
    ],
)
def test_the_reports_counts_agree_with_their_number(key, lang, values, said):
    assert said in words.text(key, lang, **values)


def test_a_sentence_with_two_counts_agrees_with_each():
    dropped = words.text("comparison.dropped", "en", n=3, previous_year="2022", year="2023")
    text = words.text("comparison.new_and_dropped", "en", n=1, year="2023", previous_year="2022", dropped=dropped)
    assert "1 measure of 2023 continues none of the measures of 2022; 3 measures of 2022 are," in text


# The topics of the messages (errors and notices of the parsers and the command line).
MESSAGE_TOPICS = ("messages", "template_checks", "report_text", "catalogue_checks", "sources", "cli")


def test_every_message_key_in_the_code_exists_in_the_words_files():
    pattern = re.compile(rf"^(?:{'|'.join(MESSAGE_TOPICS)})\.[a-z0-9_]*[a-z0-9]$")  # not an f-string's head
    keys = [
        (path, node.lineno, node.value)
        for path in SOURCES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and pattern.match(node.value)
    ]
    assert len(keys) > 200, "the scan found too few message keys; has the way messages are written changed?"
    for path, line, key in keys:
        topic, _, name = key.partition(".")
        assert name in words.catalogue(topic), f"{path.relative_to(ROOT)}:{line}: no text {key!r}"
