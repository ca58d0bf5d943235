"""The dashboard's widgets: a panel of accessible controls over the page it shows, and the view that drives one.

The controls are plain HTML made by ``panel.js`` (an anywidget): labelled selects, fieldsets with
legends for groups of checkboxes, toggle buttons that say whether they are pressed, visible year
fields. A reader's change sends the whole choice at once with ``busy`` set; the view makes the
whole page and sends it with ``busy`` cleared, in one message, so the page is never half updated
and says it is working in between.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from segstats.explore.model import Data, say
from segstats.explore.page import Page
from segstats.reports import fmt

HERE = Path(__file__).parent
# The prefetch starts once the reader has paused this long (s): a job (one page, up to a few hundred
# ms) must not stand in the way of clicks that come one after the other.
PAUSE = 0.5


class Panel(anywidget.AnyWidget):
    """Controls described by ``spec`` (see ``panel.js``), the reader's ``choice``, and the ``output`` HTML under them.

    ``page_lang`` and ``page_title``, where set, become the page's language and title.
    """

    _esm = HERE / "panel.js"
    _css = HERE / "panel.css"
    spec: traitlets.List[dict] = traitlets.List().tag(sync=True)
    choice = traitlets.Dict().tag(sync=True)
    defaults = traitlets.Dict().tag(sync=True)
    output = traitlets.Unicode("").tag(sync=True)
    busy = traitlets.Bool(False).tag(sync=True)
    busy_text = traitlets.Unicode("").tag(sync=True)
    output_first = traitlets.Bool(False).tag(sync=True)
    page_lang = traitlets.Unicode("").tag(sync=True)
    page_title = traitlets.Unicode("").tag(sync=True)


def later(job: Callable[[], None], delay: float = 0.05) -> None:
    """Run ``job`` soon in the kernel's event loop, between the reader's changes; without a loop (a script,
    a test) not at all. The one way the dashboard schedules work: the idle prefetch of likely choices."""
    try:
        asyncio.get_running_loop().call_later(delay, job)
    except RuntimeError:
        return


class View:
    """One view: a :class:`Panel` whose choice makes a :class:`~segstats.explore.page.Page`, and the prefetch
    of the choices one click away, so that the next click finds its page made."""

    name = ""

    def __init__(self, data: Data, lang: str = "sv"):
        self.data = data
        self.lang = fmt.check_lang(lang)
        self.page: Page | None = None
        self.panel = Panel()
        self.panel.add_class(f"ss-{self.name}")
        self._round = 0
        self._shown = False  # whether the browser shows the panel (it says so once its widgets have loaded)
        self.set_lang(self.lang)
        self.panel.observe(lambda _change: self.update(), names="choice")
        self.panel.on_msg(self._asked)
        self.panel.choice = self.panel.defaults

    def spec(self) -> list[dict[str, Any]]:
        """The controls, in :attr:`lang` (see ``panel.js`` for the kinds)."""
        raise NotImplementedError

    def default_choice(self) -> dict[str, Any]:
        """What the controls start with (and Reset brings back)."""
        raise NotImplementedError

    def make_page(self, choice: dict[str, Any], lang: str) -> Page:
        """The page for ``choice`` in ``lang`` (a cached function of the model)."""
        raise NotImplementedError

    def neighbours(self, choice: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The choices one click away from ``choice``, likeliest first."""
        return iter(())

    def set(self, **changes: Any) -> None:
        """Change controls as a reader does (the page updates once)."""
        self.panel.choice = {**self.panel.choice, **changes}

    def set_lang(self, lang: str) -> None:
        """Show the view in another language."""
        self.lang = fmt.check_lang(lang)
        with self.panel.hold_sync():
            self.panel.spec = self.spec()
            self.panel.defaults = self.default_choice()
            self.panel.busy_text = say("explore.busy", self.lang)
        if self.panel.choice:
            self.update()

    def update(self) -> None:
        """Make the page for the panel's choice, show it whole (and the panel no longer busy), then prefetch."""
        self.panel.busy = True  # the page says it is working while it does (a change from Python has no busy)
        self.page = self.make_page(dict(self.panel.choice), self.lang)
        with self.panel.hold_sync():
            self.panel.output = self.page.html()
            self.panel.busy = False
        self._prefetch_soon()

    def _prefetch_soon(self) -> None:
        """Make the pages one click away once the reader pauses, but only once the browser shows the panel:
        until then the page is loading its widgets' state from the kernel, and a kernel busy making pages
        answers too late (the widget manager waits 4 s, then shows "model not found" for good)."""
        if not self._shown:
            return
        self._round += 1
        round_, todo = self._round, list(self.neighbours(dict(self.panel.choice)))
        later(lambda: self._prefetch(round_, todo), delay=PAUSE)

    def _asked(self, _panel: Panel, content: dict[str, Any], _buffers: list) -> None:
        """The browser shows the panel (start the prefetch), or the reader asked for a file of the page: send
        its bytes (``panel.js`` saves them under its name)."""
        if content.get("shown") and not self._shown:
            self._shown = True
            self._prefetch_soon()
        name = content.get("download")
        found = [f for f in (self.page.files if self.page else []) if f.name == name]
        if found:
            self.panel.send({"download": name}, buffers=[found[0].data])

    def _prefetch(self, round_: int, todo: list[dict[str, Any]]) -> None:
        """One neighbour's page per idle moment, until the reader changes something (a new round)."""
        if round_ != self._round or not todo:
            return
        self.make_page(todo[0], self.lang)
        later(lambda: self._prefetch(round_, todo[1:]), delay=0.01)

    def widget(self) -> Panel:
        """The view's panel."""
        return self.panel


def toggled(values: tuple | list, value: object) -> list:
    """``values`` with ``value`` added or removed (a checkbox clicked)."""
    return [v for v in values if v != value] if value in values else [*values, value]
