"""Voilà for the dashboard, with a hook before each page's kernel: a cap on kernels, a working shutdown, a title.

``python -m segstats.explore.server NOTEBOOK [Voilà options]`` runs Voilà with
:func:`prelaunch`, which Voilà calls before it starts the kernel of a page request:

- at :data:`MAX_PAGES` kernels (or ``$SEGSTATS_MAX_PAGES``) it first stops the kernels of pages that
  are gone (no page connected, idle for :data:`RECLAIM_IDLE` s: a closed tab whose shutdown request was
  lost), and if none is, answers with a page that says so, instead of starting one more kernel of about 250 MB;
- it sets the ``_xsrf`` cookie, which Voilà's page reads when it is closed or reloaded to ask the
  server to shut its kernel down (without the cookie that request is refused, voila#1458, and the
  kernel stays until culled);
- it gives the page its title and language (Swedish; the language switch changes both).

The page loads only the front-end extensions it uses (:data:`FRONTEND_EXTENSIONS`): Voilà would
otherwise load every JupyterLab extension installed anywhere on the machine (the user's, the
system's), and one that does not fit breaks or slows the page.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from html import escape

import tornado.web
from traitlets.config import Config

from segstats.reports import words

# Kernels at once: each holds the data and its charts (docs/operations.md has the measured size).
MAX_PAGES = 8
MAX_PAGES_ENV = "SEGSTATS_MAX_PAGES"
# A kernel with no page connected and no activity for this long, when the cap is reached, is a gone
# page's (a page connects within seconds of being served); the culler would stop it later anyway.
RECLAIM_IDLE = 15
# The kernels being stopped to make room.
_stopping: set[asyncio.Future] = set()
# The widgets and the controls (an anywidget): everything the page needs in the browser.
FRONTEND_EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8", "anywidget"]


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


def gone_pages(kernels) -> list[str]:  # noqa: ANN001 - jupyter_server's MappingKernelManager
    """The kernels whose page is gone: none connected, not busy, no activity for :data:`RECLAIM_IDLE` s."""
    now = dt.datetime.now(dt.UTC)
    gone = []
    for kernel_id in kernels.list_kernel_ids():
        kernel = kernels.get_kernel(kernel_id)
        idle = now - getattr(kernel, "last_activity", now)
        if (
            kernels.kernel_model(kernel_id)["connections"] == 0
            and getattr(kernel, "execution_state", "") != "busy"
            and idle > dt.timedelta(seconds=RECLAIM_IDLE)
        ):
            gone.append(kernel_id)
    return gone


def prelaunch(req: tornado.web.RequestHandler, notebook, cwd: str):  # noqa: ANN001 - Voilà's hook signature
    """Voilà's ``prelaunch_hook``: refuse a kernel over the cap (after stopping gone pages' kernels), set the
    ``_xsrf`` cookie, title the page."""
    kernels = req.kernel_manager  # type: ignore[attr-defined]
    running = len(kernels.list_kernel_ids())
    if running >= max_pages():
        gone = gone_pages(kernels)
        for kernel_id in gone:  # stopping takes a moment; the new page need not wait for it
            stopping = asyncio.ensure_future(kernels.shutdown_kernel(kernel_id))
            _stopping.add(stopping)  # asyncio keeps only a weak reference to a task
            stopping.add_done_callback(_stopping.discard)
        running -= len(gone)
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
    config.VoilaConfiguration.extension_allowlist = FRONTEND_EXTENSIONS
    app = Voila(config=config)
    app.initialize(sys.argv[1:] if argv is None else argv)
    app.start()


if __name__ == "__main__":
    main()
