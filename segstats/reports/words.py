"""The texts of ``words/`` as a report shows them: Markdown rendered to HTML, values as plain text.

The loader, the languages and the plain texts are :mod:`segstats.words` (the shared ground, since
the parsers' messages come from the same files); they are named here as well, so that a report
needs one module for its words.
"""

from __future__ import annotations

import re

import mistune
from markupsafe import Markup, escape

from segstats.words import (  # noqa: F401 - a report's words in one module
    PLURAL_KEY,
    WORDS_DIR,
    catalogue,
    entry,
    fill,
    join,
    placeholders,
    plural_categories,
    template_and_values,
    text,
    topics,
)


def html(key: str, lang: str = "sv", **values: object) -> str:
    """The text ``topic.name`` as HTML: its Markdown rendered, each value inserted as plain text.

    A value is never read as Markdown or HTML, wherever it comes from: a measure title
    ``<img src="http://…">`` or ``[x](file:///…)`` in a department's file is printed as written.
    Only a value made by :func:`inline` (another text of these files) goes in as the HTML it is.

    >>> html("districts.overview_no_data", "en", names="<b>x</b> [y](file:///etc)")
    '<p><strong>No values for any district:</strong> &lt;b&gt;x&lt;/b&gt; [y](file:///etc).</p>\\n'
    """
    template, shown = template_and_values(key, lang, values)
    held = list(shown.values())
    # Each value waits as a mark of private-use characters while the template alone is rendered.
    rendered = str(_MARKDOWN(fill(key, template, {name: f"\ue000{i}\ue001" for i, name in enumerate(shown)})))
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
