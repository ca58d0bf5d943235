"""The exploration as an app: four views (indicator, district, measures, whole city) in tabs, under a language switch.

The same app runs in the dashboard (Voilà, no code shown) and in JupyterLab.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from segstats.explore.city import CityView
from segstats.explore.district import DistrictView
from segstats.explore.indicator import IndicatorView
from segstats.explore.measures import MeasuresView
from segstats.explore.model import Data, say
from segstats.explore.page import markdown
from segstats.explore.widgets import Panel, View
from segstats.reports import fmt

LANGUAGES = [["Svenska", "sv"], ["English", "en"]]


class App:
    """The four views in tabs, under a title and a language switch that also sets the page's language and title."""

    def __init__(self, data: Data, lang: str = "sv"):
        self.lang = fmt.check_lang(lang)
        self.views: list[View] = [
            IndicatorView(data, lang),
            DistrictView(data, lang),
            MeasuresView(data, lang),
            CityView(data, lang),
        ]
        self.header = Panel(output_first=True, choice={"lang": self.lang}, defaults={"lang": self.lang})
        self.header.add_class("ss-header")
        self.header.observe(lambda change: self.set_lang(change["new"]["lang"]), names="choice")
        self.tabs = w.Tab(children=[view.widget() for view in self.views])
        self._write_header()

    def _write_header(self) -> None:
        lang = self.lang
        with self.header.hold_sync():
            self.header.spec = [
                {"kind": "choice", "name": "lang", "label": say("explore.language", lang), "options": LANGUAGES}
            ]
            self.header.output = f"<h1>{escape(say('explore.title', lang))}</h1>" + markdown(
                [say("explore.intro", lang), say("explore.data_source", lang)]
            )
            self.header.page_lang = lang
            self.header.page_title = say("explore.title", lang)
            self.header.busy = False
        self.tabs.titles = tuple(say(f"explore.tab_{view.name}", lang) for view in self.views)

    def set_lang(self, lang: str) -> None:
        """Everything in another language."""
        if fmt.check_lang(lang) == self.lang:
            self.header.busy = False
            return
        self.lang = lang
        self._write_header()
        for view in self.views:
            view.set_lang(lang)

    def widget(self) -> w.Widget:
        """The whole app."""
        box = w.VBox([self.header, self.tabs])
        box.add_class("ss-app")
        return box
