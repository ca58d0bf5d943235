"""The texts in both languages: none missing in one, the same placeholders, every plural form."""

import pytest

from segstats.errors import SegstatsError
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
    with pytest.raises(SegstatsError, match="needs the value 'n'"):
        words.text("common.measures", "sv")
    with pytest.raises(SegstatsError, match="no text 'common.nothing'"):
        words.text("common.nothing")
