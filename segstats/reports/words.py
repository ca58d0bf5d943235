"""Every sentence a reader sees, in Swedish and English, from the text files in ``words/``.

Each file ``words/<topic>.yaml`` maps a key to its text in both languages::

    intro:
      sv: Uppföljningen {year} omfattar …
      en: The {year} follow-up covers …
    measures:                 # a plural: one text per plural category of each language
      count: n                # the placeholder whose number chooses the category
      sv: {one: "{n} åtgärd", other: "{n} åtgärder"}
      en: {one: "{n} measure", other: "{n} measures"}

The counted value need not be shown: "Uppföljningarna för {years} saknas" is chosen by the
number of years (``count: n``) and writes only the years. Texts are Markdown with ``str.format``
placeholders. The plural categories are CLDR's, chosen by
Babel (``one`` and ``other`` for both languages); ``tests/test_words.py`` fails when a text is
missing in one language, when the languages' placeholders differ, or when a plural lacks a
category. Whole numbers given as values are written with the language's grouping ("1 234");
other numbers must come formatted (``segstats.reports.fmt``), since only the caller knows how
many decimals and which unit they take.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

import mistune
import yaml
from babel import Locale
from markupsafe import Markup, escape

from segstats.errors import SegstatsError
from segstats.reports import fmt

WORDS_DIR = Path(__file__).parent / "words"
PLURAL_KEY = "count"


@cache
def catalogue(topic: str) -> dict[str, dict]:
    """The texts of one topic (``words/<topic>.yaml``), as read from the file."""
    path = WORDS_DIR / f"{topic}.yaml"
    if not path.exists():
        known = ", ".join(sorted(topics()))
        raise SegstatsError(f"no texts for {topic!r}: {path} does not exist (topics: {known})")
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def topics() -> list[str]:
    """The topics that have a text file."""
    return sorted(p.stem for p in WORDS_DIR.glob("*.yaml"))


def plural_categories(lang: str) -> set[str]:
    """The CLDR plural categories of a language (``{"one", "other"}`` for Swedish and English)."""
    return set(Locale.parse(fmt.check_lang(lang)).plural_form.tags) | {"other"}


def entry(key: str) -> dict:
    """The entry ``topic.name`` as written in its file."""
    topic, _, name = key.partition(".")
    texts = catalogue(topic)
    if name not in texts:
        raise SegstatsError(f"no text {key!r} in {WORDS_DIR / topic}.yaml")
    return texts[name]


def text(key: str, lang: str = "sv", **values: object) -> str:
    """The text ``topic.name`` in ``lang`` with its placeholders filled in.

    >>> text("common.measures", "sv", n=1), text("common.measures", "en", n=1234)
    ('1 åtgärd', '1,234 measures')
    """
    template, shown = _template(key, lang, values)
    return _fill(key, template, shown)


def html(key: str, lang: str = "sv", **values: object) -> str:
    """The text ``topic.name`` as HTML: its Markdown rendered, each value inserted as plain text.

    A value is never read as Markdown or HTML, wherever it comes from: a measure title
    ``<img src="http://…">`` or ``[x](file:///…)`` in a department's file is printed as written.
    Only a value made by :func:`inline` (another text of these files) goes in as the HTML it is.

    >>> html("districts.overview_no_data", "en", names="<b>x</b> [y](file:///etc)")
    '<p><strong>No values for any district:</strong> &lt;b&gt;x&lt;/b&gt; [y](file:///etc).</p>\\n'
    """
    template, shown = _template(key, lang, values)
    held = list(shown.values())
    # Each value waits as a mark of private-use characters while the template alone is rendered.
    rendered = str(_MARKDOWN(_fill(key, template, {name: f"\ue000{i}\ue001" for i, name in enumerate(shown)})))
    return _HELD.sub(lambda m: str(escape(held[int(m[1])])), rendered)


def inline(key: str, lang: str = "sv", **values: object) -> Markup:
    """The text ``topic.name`` as HTML to stand inside another text (:func:`html`), without a paragraph.

    >>> inline("status.summary_done", "en", n=1, share="5 %")
    Markup('<strong>1 (5 %)</strong> is done')
    """
    return Markup(html(key, lang, **values).strip().removeprefix("<p>").removesuffix("</p>"))


# The words files hold no HTML; escape=True shows any as text. No plugins: a web address stays text.
_MARKDOWN = mistune.create_markdown(escape=True)
_HELD = re.compile("\ue000(\\d+)\ue001")


def _template(key: str, lang: str, values: dict[str, object]) -> tuple[str, dict[str, object]]:
    """The text's template in ``lang`` (its plural form chosen by the counted value) and the values as shown."""
    lang = fmt.check_lang(lang)
    found = entry(key)
    template: str = found[lang]
    if PLURAL_KEY in found:
        if found[PLURAL_KEY] not in values:
            raise SegstatsError(f"text {key!r} needs the value '{found[PLURAL_KEY]}'")
        count = values[found[PLURAL_KEY]]
        template = found[lang][Locale.parse(lang).plural_form(abs(count))]  # type: ignore[arg-type]
    shown = {
        k: fmt.number(v, 0, lang) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()
    }
    return template, shown


def _fill(key: str, template: str, values: dict[str, object]) -> str:
    try:
        return template.format(**values)
    except KeyError as missing:
        raise SegstatsError(f"text {key!r} needs the value {missing}") from None


def placeholders(template: str) -> set[str]:
    """The names of a text's placeholders (``{year}`` → ``year``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def join(items: list[str], lang: str = "sv") -> str:
    """Items as a sentence lists them: "a, b och c" / "a, b and c".

    >>> join(["2022", "2023"], "sv"), join(["a", "b", "c"], "en")
    ('2022 och 2023', 'a, b and c')
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('common.and', lang)} {items[-1]}"
