"""Voilà for the dashboard, with a hook before each page's kernel: a cap on kernels, a working shutdown, a title.

``python -m segstats.explore.server NOTEBOOK [Voilà options]`` runs Voilà with
:func:`prelaunch`, which Voilà calls before it starts the kernel of a page request:

- at :data:`MAX_PAGES` kernels (or ``$SEGSTATS_MAX_PAGES``) it answers with a page that says so,
  instead of starting one more kernel of about 250 MB;
- it sets the ``_xsrf`` cookie, which Voilà's page reads when it is closed or reloaded to ask the
  server to shut its kernel down (without the cookie that request is refused, voila#1458, and the
  kernel stays until culled);
- it gives the page its title and language (Swedish; the language switch changes both).
"""

from __future__ import annotations

import os
import sys
from html import escape

import tornado.web
from traitlets.config import Config

from segstats.reports import words

# Kernels at once: each holds the data and its charts (docs/operations.md has the measured size).
MAX_PAGES = 8
MAX_PAGES_ENV = "SEGSTATS_MAX_PAGES"


def max_pages() -> int:
    """The cap on kernels: ``$SEGSTATS_MAX_PAGES`` (``segstats dashboard --max-pages``), else :data:`MAX_PAGES`."""
    return int(os.environ.get(MAX_PAGES_ENV) or MAX_PAGES)


def full_page(count: int) -> str:
    """The page a reader gets when the dashboard has as many pages open as it may: what to do, in both languages."""
    parts = [
        f'<section lang="{lang}"><h1>{escape(words.text("explore.full_title", lang))}</h1>'
        f"<p>{escape(words.text('explore.full_text', lang, count=count))}</p></section>"
        for lang in ("sv", "en")
    ]
    title = escape(words.text("explore.full_title", "sv"))
    head = f'<head><meta charset="utf-8"><title>{title}</title></head>'
    return f'<!DOCTYPE html><html lang="sv">{head}<body>{"".join(parts)}</body></html>'


def prelaunch(req: tornado.web.RequestHandler, notebook, cwd: str):  # noqa: ANN001 - Voilà's hook signature
    """Voilà's ``prelaunch_hook``: refuse a kernel over the cap, set the ``_xsrf`` cookie, title the page."""
    running = len(req.kernel_manager.list_kernel_ids())  # type: ignore[attr-defined]
    if running >= max_pages():
        req.set_status(503)
        req.set_header("Content-Type", "text/html; charset=utf-8")
        req.set_header("Retry-After", "60")
        req.write(full_page(running))
        raise tornado.web.Finish()
    req.xsrf_token  # noqa: B018 - reading it sets the cookie that the page's shutdown request sends back
    notebook.metadata["title"] = words.text("explore.title", "sv")
    return notebook


def main(argv: list[str] | None = None) -> None:
    """Run Voilà with :func:`prelaunch` on the arguments of the command line."""
    from voila.app import Voila  # Voilà loads slowly; only the server needs it

    config = Config()
    config.VoilaConfiguration.prelaunch_hook = prelaunch
    config.HTMLExporter.language_code = "sv"
    app = Voila(config=config)
    app.initialize(sys.argv[1:] if argv is None else argv)
    app.start()


if __name__ == "__main__":
    main()
