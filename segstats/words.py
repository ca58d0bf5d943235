"""Every sentence a user reads, in Swedish and English, from the words files; and the language it is read in.

Each file ``segstats/reports/words/<topic>.yaml`` maps a key to its text in both languages::

    intro:
      sv: Uppföljningen {year} omfattar …
      en: The {year} follow-up covers …
    measures:                 # a plural: one text per plural category of each language
      count: n                # the placeholder whose number chooses the category
      sv: {one: "{n} åtgärd", other: "{n} åtgärder"}
      en: {one: "{n} measure", other: "{n} measures"}

The counted value need not be shown: "Uppföljningarna för {years} saknas" is chosen by the
number of years (``count: n``) and writes only the years. Texts are Markdown with ``str.format``
placeholders. The plural categories are CLDR's, chosen by Babel (``one`` and ``other`` for both
languages); ``tests/test_words.py`` fails when a text is missing in one language, when the
languages' placeholders differ, or when a plural lacks a category.

The loader lives here, in the shared ground, because every part has something to say: the
errors and notices of the parsers (``say``, :class:`segstats.errors.SegstatsError`) as well as
the reports (which render the same texts as HTML, :mod:`segstats.reports.words`). The files stay
with the reports, where most texts are.
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

WORDS_DIR = Path(__file__).parent / "reports" / "words"
PLURAL_KEY = "count"
LANGS = ("sv", "en")
_NBSP = "\u00a0"


def check_lang(lang: str) -> str:
    """``lang`` if segstats speaks it; otherwise an error naming the languages it speaks."""
    if lang not in LANGS:
        from segstats.errors import UnknownCodeError  # errors renders its messages with this module

        raise UnknownCodeError("messages.unknown_lang", langs=", ".join(LANGS), lang=repr(lang))
    return lang


# --- the language -----------------------------------------------------------------------------

_SPOKEN: list[str] = []  # what a command was asked to speak (--lang), innermost last


def language() -> str:
    """The language messages are given in: the command's ``--lang``, else the environment's locale, else Swedish.

    The locale is the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, as POSIX
    programs read it: ``en_GB.UTF-8`` or ``en`` is English, anything else Swedish (segstats is
    Swedish first: ``C`` and ``POSIX``, a bare system's locale, are Swedish too).
    """
    if _SPOKEN:
        return _SPOKEN[-1]
    return environment_language()


def environment_language() -> str:
    """The language the environment's locale asks for (see :func:`language`)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else "sv"
    return "sv"


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Give every message in ``lang`` while the block runs (a command's ``--lang``)."""
    _SPOKEN.append(check_lang(lang))
    try:
        yield
    finally:
        _SPOKEN.pop()


# --- the texts --------------------------------------------------------------------------------


@cache
def catalogue(topic: str) -> dict[str, dict]:
    """The texts of one topic (``words/<topic>.yaml``), as read from the file.

    Raises:
        KeyError: there is no such file (a text key in the code that names no topic: a bug).
    """
    path = WORDS_DIR / f"{topic}.yaml"
    if not path.exists():
        raise KeyError(f"no texts for {topic!r}: {path} does not exist (topics: {', '.join(topics())})")
    return parse_yaml(path.read_text(encoding="utf-8")) or {}


# libyaml's parser where PyYAML was built with it (its wheels are): the same values, ten times
# faster than the pure-Python one, which took a quarter of a second of every report kernel's start.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """A YAML document (the words, the catalogue, lookup tables, provenance files) by YAML's safe rules.

    Raises:
        yaml.YAMLError: not YAML; its message says where.
    """
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


def topics() -> list[str]:
    """The topics that have a text file."""
    return sorted(p.stem for p in WORDS_DIR.glob("*.yaml"))


def plural_categories(lang: str) -> set[str]:
    """The CLDR plural categories of a language (``{"one", "other"}`` for Swedish and English)."""
    return set(Locale.parse(check_lang(lang)).plural_form.tags) | {"other"}


def entry(key: str) -> dict:
    """The entry ``topic.name`` as written in its file.

    Raises:
        KeyError: no such text (a bug: ``tests/test_words.py`` checks every literal key).
    """
    topic, _, name = key.partition(".")
    texts = catalogue(topic)
    if name not in texts:
        raise KeyError(f"no text {key!r} in {WORDS_DIR / topic}.yaml")
    return texts[name]


def text(key: str, lang: str = "sv", **values: object) -> str:
    """The text ``topic.name`` in ``lang`` with its placeholders filled in.

    Whole numbers are written with the language's grouping ("1 234"); other numbers must come
    formatted (``segstats.reports.fmt``), since only the caller knows their decimals and unit.

    >>> text("common.measures", "sv", n=1), text("common.measures", "en", n=1234)
    ('1 åtgärd', '1,234 measures')
    """
    template, shown = template_and_values(key, lang, values)
    return fill(key, template, shown)


def template_and_values(
    key: str, lang: str, values: dict[str, object], *, grouped: bool = True
) -> tuple[str, dict[str, object]]:
    """The text's template in ``lang`` (its plural form chosen by the counted value) and the values as shown."""
    lang = check_lang(lang)
    found = entry(key)
    template: str = found[lang]
    if PLURAL_KEY in found:
        if found[PLURAL_KEY] not in values:
            raise KeyError(f"text {key!r} needs the value '{found[PLURAL_KEY]}'")
        count = values[found[PLURAL_KEY]]
        template = found[lang][Locale.parse(lang).plural_form(abs(count))]  # type: ignore[arg-type]
    shown = {k: _whole(v, lang) if grouped and _is_whole(v) else v for k, v in values.items()}
    return template, shown


def fill(key: str, template: str, values: dict[str, object]) -> str:
    """``template`` with ``values`` in its placeholders."""
    try:
        return template.format(**values)
    except KeyError as missing:
        raise KeyError(f"text {key!r} needs the value {missing}") from None


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _whole(value: object, lang: str) -> str:
    """A whole number as the language writes it (as ``segstats.reports.fmt.number``): "−1 234" or "-1,234"."""
    written = f"{value:,}"
    return written.replace(",", _NBSP).replace("-", "\u2212") if lang == "sv" else written


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


# --- messages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """A message to the user: a text key and its values, put into words when it is shown.

    ``str()`` gives it in the current :func:`language`, so that an error raised deep in a parser
    reads in the language of the command that shows it. Numbers are not grouped: a message's
    numbers are rows, years and codes.
    """

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.in_language(language())

    def in_language(self, lang: str) -> str:
        """The message in ``lang``; a value that is a message, or a list of them, is given in ``lang`` too.

        A "key" with a space in it is a sentence written in the code, as by code that predates the
        messages in the words files; it is shown as it is, in the one language it was written in.
        """
        if " " in self.key:
            return self.key
        shown = {k: _shown(v, lang) for k, v in self.values.items()}
        template, _ = template_and_values(self.key, lang, shown, grouped=False)
        return fill(self.key, template, shown)


def _shown(value: object, lang: str) -> object:
    """A message's value in ``lang``: a list of messages in a row ("rad 2: …, rad 5: …"), a tuple one on each line."""
    if isinstance(value, Said):
        return value.in_language(lang)
    if isinstance(value, list):
        return ", ".join(str(_shown(v, lang)) for v in value)
    if isinstance(value, tuple):
        return "\n".join(f"  {_shown(v, lang)}" for v in value)
    return value


def say(key: str, /, **values: object) -> Said:
    """The message ``topic.name`` with its values, for a log record, an error or a list of problems.

    >>> with speaking("en"):
    ...     str(say("messages.interrupted"))
    'interrupted; the previous files are kept and nothing half-made is left'
    """
    return Said(key, values)
