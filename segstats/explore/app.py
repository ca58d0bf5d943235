"""The exploration as an app: three views (indicator, district, measures) of ipywidgets controls and outputs.

The same app runs in the dashboard (Voilà, no code shown) and in JupyterLab. A control change
redraws only what it changes: each chart is drawn once, on a matplotlib ``Figure`` without pyplot,
into PNG bytes that go to an ``Image`` widget and, at the same resolution, to the PNG download; the
tables are HTML strings. The downloads (CSV, XLSX) are made just after the page has been updated,
so that a reader never waits for a file they did not ask for.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from segstats import codes
from segstats.explore import views
from segstats.explore.views import say
from segstats.indicators import analysis as indicator_analysis
from segstats.indicators.catalogue import DesoComparison, deso_comparison, indicator_catalogue
from segstats.indicators.store import load_geographies, load_indicators
from segstats.measures import analysis as measure_analysis
from segstats.measures.store import load_measures
from segstats.profile import DistrictProfile, build_profile
from segstats.reports import fmt, labels, plots, tables

# Charts are drawn at the resolution of their PNG download; the page scales them to its width.
DPI = 150
WIDTH = 10.0
# The indicator shown first: the one the plan's annex confirms, with values for every district.
DEFAULT_INDICATOR = "lag_ekstd"
# The district levels the trend can show, and those shown first (fourteen DeSOs would bury the rest).
LEVELS = ("regso", "deso", "stadsdel", "valdistrikt")
DEFAULT_LEVELS = ("regso", "stadsdel", "valdistrikt")
# Trend charts kept for choices seen before (a PNG is about 50 kB).
TREND_CACHE = 256

STYLE = """<style>
.ss-app { max-width: 1600px; }
.ss-app p { margin: 0.25em 0; }
.ss-app .ss-table { border-collapse: collapse; margin: 0.3em 0 0.8em; font-size: 13px; }
.ss-app .ss-table th, .ss-app .ss-table td { border-bottom: 1px solid #ddd; padding: 2px 8px; }
.ss-app .ss-table th { background: #f3f3f3; text-align: left; }
.ss-app .ss-table td.num, .ss-app .ss-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ss-app .ss-table tr.ss-own td { background: #fde8f3; font-weight: bold; }
.ss-app .ss-scroll { max-height: 22em; overflow-y: auto; display: inline-block; }
.ss-app .ss-status { padding: 0 5px; border-radius: 3px; font-size: 12px; }
.ss-app details.ss-measure { margin: 2px 0; }
.ss-app details.ss-measure summary { cursor: pointer; }
.ss-app details.ss-measure dl { margin: 4px 0 8px 24px; }
.ss-app details.ss-measure dt { font-weight: bold; }
.ss-app details.ss-measure dd { margin: 0 0 4px 0; white-space: pre-wrap; }
.ss-app .ss-note { color: #6b3a00; }
.ss-app .ss-table td.ss-flagged { background: #fff3cd; outline: 1px dashed #6b3a00; }
.ss-app .ss-download { margin-right: 1.5em; }
.ss-app .widget-label { min-width: 11em; }
</style>"""


@dataclass
class Data:
    """The tables the app shows, loaded once and indexed so that a control change only looks things up."""

    measures: pd.DataFrame
    indicators: pd.DataFrame
    catalogue: pd.DataFrame
    trends: dict[str, pd.DataFrame]
    peer_frames: dict[str, pd.DataFrame]
    geographies: pd.DataFrame
    deso_peers: pd.DataFrame
    deso_position: pd.DataFrame
    deso_sources: tuple[str, ...]
    deso: DesoComparison
    _peers: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> Data:
        """The processed tables of ``data_dir`` (default: the project's ``data/``)."""
        return cls.from_tables(
            load_measures(data_dir),
            load_indicators(data_dir),
            indicator_catalogue(data_dir),
            load_geographies(data_dir),
        )

    @classmethod
    def from_tables(
        cls, measures: pd.DataFrame, indicators: pd.DataFrame, catalogue: pd.DataFrame, geographies: pd.DataFrame
    ) -> Data:
        """Index loaded tables: trend rows per indicator, per indicator its RegSO values with the områdestyp,
        and every DeSO of Sweden with its RegSO's type on the catalogue's DeSO comparison
        (:func:`~segstats.indicators.catalogue.deso_comparison`), computed once."""
        deso = deso_comparison(catalogue) or DesoComparison("", 0, 0)  # without one: no DeSO compared
        trends = indicator_analysis.trend_rows(indicators, desos=True)
        trends = {str(i): rows for i, rows in trends[trends["value"].notna()].groupby("indicator", observed=True)}
        kommun = geographies[geographies["geo_kind"] == "regso"].set_index("geo_code")["kommun_name"]
        regso = indicators[indicators["geo_kind"] == "regso"]
        regso = regso.assign(kommun_name=regso["geo_code"].astype(str).map(kommun))
        types = regso[regso["indicator"] == indicator_analysis.AREA_TYPE]
        peer_frames = {
            str(i): pd.concat([types, rows])
            for i, rows in regso[regso["value"].notna()].groupby("indicator", observed=True)
            if i != indicator_analysis.AREA_TYPE
        }
        deso_peers = indicator_analysis.deso_peers(indicators, geographies, deso.indicator, deso.start)
        names = geographies.drop_duplicates(["geo_kind", "geo_code"]).set_index(["geo_kind", "geo_code"])
        deso_peers = deso_peers.assign(
            geo_name=deso_peers["geo_code"].astype(str),  # a DeSO's name is its code
            kommun_name=[names["kommun_name"].get(("deso", c), "") for c in deso_peers["geo_code"]],
            regso_name=[names["geo_name"].get(("regso", c), c) for c in deso_peers["regso_code"]],
        )
        sources = indicators.loc[
            (indicators["indicator"] == deso.indicator)
            & (indicators["geo_kind"] == "deso")
            & (indicators["year"] == deso.start),
            "source",
        ]
        return cls(
            measures,
            indicators,
            catalogue.set_index("id", drop=False),
            trends,
            peer_frames,
            geographies,
            deso_peers,
            indicator_analysis.deso_peer_position(deso_peers),
            tuple(sorted({str(x) for x in sources})),
            deso,
        )

    def peers(self, indicator: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The same-type comparison of one indicator: coverage by district, and the peers with their kommun."""
        if indicator not in self._peers:
            frame = self.peer_frames.get(indicator)
            if frame is None:
                self._peers[indicator] = (pd.DataFrame(columns=["district"]).set_index("district"), pd.DataFrame())
            else:
                coverage = indicator_analysis.peer_coverage(frame, indicator).set_index("district", drop=False)
                peers = indicator_analysis.peer_values(frame, indicator)
                kommun = frame.drop_duplicates("geo_code").set_index("geo_code")["kommun_name"]
                self._peers[indicator] = (coverage, peers.assign(kommun_name=peers["geo_code"].map(kommun)))
        return self._peers[indicator]


def png_bytes(figure: Figure) -> bytes:
    """``figure`` as PNG at :data:`DPI` (the resolution is written into the file), drawn once."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, format="png", dpi=(DPI, DPI), compress_level=1)  # fast; the file stays small anyway
    return out.getvalue()


def _after_update(job: Callable[[], None]) -> None:
    """Run ``job`` once the kernel has sent the current update, so that the page shows it first."""
    try:
        asyncio.get_running_loop().call_later(0.005, job)
    except RuntimeError:  # no event loop: a script or a test, where nothing waits for the page
        job()


def _when_idle(job: Callable[[], None], delay: float = 0.05) -> None:
    """Run ``job`` soon in the kernel's event loop; without one (a script, a test) not at all."""
    try:
        asyncio.get_running_loop().call_later(delay, job)
    except RuntimeError:
        return


class Checks:
    """Checkboxes that add to a choice: a plain click adds or removes one option."""

    def __init__(self, options: Sequence[tuple[str, object]], value: Iterable[object] = (), css: str = ""):
        chosen = set(value)
        self.codes = [code for _, code in options]
        self.boxes = [
            w.Checkbox(
                value=code in chosen,
                description=label,
                indent=False,
                layout=w.Layout(width="auto", margin="0 1.5em 0 0"),
            )
            for label, code in options
        ]
        self.box = w.Box(self.boxes, layout=w.Layout(flex_flow="row wrap"))
        if css:
            self.box.add_class(css)

    @property
    def value(self) -> tuple:
        """The codes of the checked boxes, in the options' order."""
        return tuple(code for code, box in zip(self.codes, self.boxes, strict=True) if box.value)

    @value.setter
    def value(self, chosen: Iterable[object]) -> None:
        chosen = set(chosen)
        for code, box in zip(self.codes, self.boxes, strict=True):
            box.value = code in chosen

    def observe(self, callback: Callable) -> None:
        """Call ``callback`` whenever a box is checked or unchecked."""
        for box in self.boxes:
            box.observe(callback, names="value")

    def relabel(self, names: Sequence[str]) -> None:
        """New labels, in the options' order (another language)."""
        for box, name in zip(self.boxes, names, strict=True):
            box.description = name


class View:
    """One view: controls, a reset, and the outputs a control change updates."""

    name = ""

    def __init__(self, data: Data, lang: str):
        self.data = data
        self.lang = fmt.check_lang(lang)
        self._quiet = False
        self.summary = w.HTML()
        self.notes = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", height="auto"))
        self.extra = w.HTML()
        self.table = w.HTML()
        self.downloads = w.HTML()
        self.reset_button = w.Button(icon="undo")
        self.reset_button.on_click(lambda _button: self.reset())
        for widget, css in [
            (self.summary, "summary"),
            (self.notes, "notes"),
            (self.chart, "chart"),
            (self.extra, "extra"),
            (self.table, "table"),
            (self.downloads, "downloads"),
            (self.reset_button, "reset"),
        ]:
            widget.add_class(f"ss-{self.name}-{css}")
        self.times: list[float] = []
        self._files: list[tuple[str, Callable[[], bytes], str]] = []
        self._generation = 0

    def controls(self) -> w.Widget:
        """The view's controls, laid out."""
        raise NotImplementedError

    def defaults(self) -> None:
        """Set every control to its starting value."""
        raise NotImplementedError

    def relabel(self) -> None:
        """Write the controls' labels in :attr:`lang`."""
        self.reset_button.description = say("explore.reset", self.lang)

    def render(self) -> None:
        """Update the outputs from the controls; :meth:`offer` the files to download."""
        raise NotImplementedError

    def widget(self) -> w.Widget:
        """The whole view: controls, then the outputs."""
        self.relabel()
        self.changed()
        outputs = [self.summary, self.notes, self.chart, *self.more_outputs(), self.extra, self.table, self.downloads]
        return w.VBox([self.controls(), *outputs])

    def more_outputs(self) -> list[w.Widget]:
        """Outputs of a view beyond the common ones, shown under its chart."""
        return []

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Change several controls at once, with one update afterwards."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
        self.changed()

    def changed(self, _change: object = None) -> None:
        """A control changed: update the outputs, then (just after) the downloads; record the time taken."""
        if self._quiet:
            return
        started = time.perf_counter()
        self._files = []
        self._generation += 1
        self.downloads.value = f"<small>{escape(say('explore.downloads_pending', self.lang))}</small>"
        self.render()
        self.times.append(time.perf_counter() - started)
        generation, files = self._generation, self._files
        _after_update(lambda: self._make_downloads(generation, files))

    def _make_downloads(
        self, generation: int, files: list[tuple[str, Callable[[], bytes], str]], links: tuple[str, ...] = ()
    ) -> None:
        """Make the files one at a time, each in its own step, so that a control change can come in between."""
        if generation != self._generation:  # a later change has its own files
            return
        if not files:
            # The kernel's part of the last update, for the browser tests (hidden from the reader).
            took = f'<span class="ss-render-ms" hidden>{self.times[-1] * 1000:.0f}</span>' if self.times else ""
            self.downloads.value = "<p>" + " ".join(links) + "</p>" + took
            return
        (name, make, text), rest = files[0], files[1:]
        link = views.download_link(make(), name, text)
        _after_update(lambda: self._make_downloads(generation, rest, (*links, link)))

    def offer(self, table: pd.DataFrame, name: str, *, png: bytes | None = None) -> None:
        """Offer ``table`` as CSV and XLSX (a sheet named ``name``) and a chart as PNG, files named after ``name``."""
        stem = _file_stem(name)
        self._files += [
            (f"{stem}.csv", lambda: tables.csv_bytes(table), say("explore.download_csv", self.lang)),
            (f"{stem}.xlsx", lambda: tables.xlsx_bytes(table, name), say("explore.download_xlsx", self.lang)),
        ]
        if png is not None:
            self._files.append((f"{stem}.png", lambda: png, say("explore.download_png", self.lang)))

    def reset(self) -> None:
        """Back to the starting values."""
        with self.quiet():
            self.defaults()

    def set_lang(self, lang: str) -> None:
        """Show the view in another language."""
        self.lang = fmt.check_lang(lang)
        with self.quiet():
            self.relabel()


def _markdown(sentences: Iterable[str], css: str = "") -> str:
    """Sentences with **bold**, *italic* and `code` as HTML paragraphs."""
    paragraphs = [
        re.sub(
            r"`(.+?)`", r"<code>\1</code>", _emphasis(re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(s, quote=False)))
        )
        for s in sentences
    ]
    return "".join(f'<p class="{css}">{p}</p>' for p in paragraphs)


def _emphasis(text: str) -> str:
    """*Italic* as HTML; a lone asterisk (the flag's mark, followed by a space) stays as it is."""
    return re.sub(r"(?<!\*)\*(?=\S)(.+?)(?<=\S)\*(?!\*)", r"<i>\1</i>", text)


def _file_stem(name: str) -> str:
    """A file name a reader recognises, without spaces or letters some systems mangle: "lag-ekonomisk-standard"."""
    return "-".join(re.sub(r"[^a-z0-9]+", " ", views.fold(name)).split())[:60].rstrip("-")  # no "…-.csv"


def _figure(height: float) -> Figure:
    return Figure(figsize=(WIDTH, height), dpi=DPI)


def _source_line(figure: Figure, sources: Iterable[str], lang: str) -> None:
    text = say("explore.chart_source", lang, sources=", ".join(sorted({str(s) for s in sources})))
    figure.text(0.01, 0.015, text, fontsize=7, color="#555555")


class IndicatorView(View):
    """An indicator over the years: the districts against Linköping, Sweden and the RegSOs of their områdestyp."""

    name = "indicator"

    def __init__(self, data: Data, lang: str = "sv"):
        super().__init__(data, lang)
        shown = [i for i in data.catalogue.index if i in data.trends and i != indicator_analysis.AREA_TYPE]
        plan = data.catalogue.loc[shown, "plan"].astype(bool)
        self.ids = [*plan[plan].index, *plan[~plan].index]  # the plan's indicators first
        self.indicator = w.Dropdown(layout=w.Layout(width="38em"))
        self.indicator.add_class("ss-indicator-choice")
        self.districts = Checks([(d, d) for d in codes.codes("district")], css="ss-indicator-districts")
        self.levels = Checks([(k, k) for k in LEVELS], css="ss-indicator-levels")
        self.comparisons = Checks([(k, k) for k in (*views.REFERENCES, views.PEERS)], css="ss-indicator-compare")
        years = sorted({int(y) for rows in data.trends.values() for y in rows["year"].unique()})
        self.years = w.IntRangeSlider(
            min=years[0], max=years[-1], continuous_update=False, layout=w.Layout(width="38em")
        )
        self.years.add_class("ss-indicator-years")
        self.labels = [w.Label() for _ in range(5)]
        self.peer_chart = w.Image(format="png", layout=w.Layout(width="100%", height="auto"))
        self.peer_chart.add_class("ss-indicator-peer-chart")
        self._peer_cache: dict[tuple, tuple[list[str], str, pd.DataFrame, bytes]] = {}
        self._trend_cache: dict[tuple, bytes] = {}
        self._set_options()
        self.defaults()
        for control in (self.indicator, self.years):
            control.observe(self.changed, names="value")
        for checks in (self.districts, self.levels, self.comparisons):
            checks.observe(self.changed)

    def more_outputs(self) -> list[w.Widget]:
        return [self.peer_chart]

    def widget(self) -> w.Widget:
        whole = super().widget()
        _when_idle(self.prefetch, delay=0.5)  # once the page has its first answer
        return whole

    def _set_options(self) -> None:
        name, current, quiet = f"name_{self.lang}", self.indicator.value, self._quiet
        self._quiet = True  # new options reset the value to the first one; the current one comes back
        self.indicator.options = [(str(self.data.catalogue.loc[i, name]), i) for i in self.ids]
        self.indicator.value = current if current in self.ids else self.ids[0]
        self._quiet = quiet

    def defaults(self) -> None:
        self.indicator.value = DEFAULT_INDICATOR if DEFAULT_INDICATOR in self.ids else self.ids[0]
        self.districts.value = codes.codes("district")
        self.levels.value = DEFAULT_LEVELS
        self.comparisons.value = (*views.REFERENCES, views.PEERS)
        self.years.value = (self.years.min, self.years.max)

    def relabel(self) -> None:
        super().relabel()
        self._set_options()
        self.levels.relabel([views.level(k, self.lang) for k in LEVELS])
        self.comparisons.relabel(
            [
                *(codes.label("reference_area", k, self.lang) for k in views.REFERENCES),
                say("explore.compare_peers", self.lang),
            ]
        )
        for label, key in zip(
            self.labels,
            ["control_indicator", "control_districts", "control_levels", "control_years", "control_compare"],
            strict=True,
        ):
            label.value = say(f"explore.{key}", self.lang)

    def controls(self) -> w.Widget:
        rows = [self.indicator, self.districts.box, self.levels.box, self.years, self.comparisons.box]
        return w.VBox(
            [w.HBox([label, row]) for label, row in zip(self.labels, rows, strict=True)] + [self.reset_button]
        )

    def render(self) -> None:
        lang, indicator = self.lang, self.indicator.value
        entry = self.data.catalogue.loc[indicator]
        unit, decimals = labels.indicator_format(entry)
        name = labels.indicator_name(entry, lang)
        districts, levels, chosen = self.districts.value, self.levels.value, self.comparisons.value
        all_rows, rows = self._rows(indicator)
        notes = views.missing_notes(
            all_rows, rows, districts=districts, geo_kinds=levels, years=self.years.value, comparisons=chosen, lang=lang
        )
        if not districts:
            notes.insert(0, say("explore.no_district_chosen", lang))
        summary = views.latest_values(rows, unit, decimals, lang)
        peer_html = ""
        self.peer_chart.layout.display = "none"
        if views.PEERS in chosen and districts:
            peer_sentences, peer_html = self._peers(indicator, districts, name)
            summary += peer_sentences
            if self._desos(indicator):
                notes.append(say("explore.deso_peer_note", lang, year=str(self.data.deso.start)))
        if flag := views.flag_note(rows, self.data.catalogue, lang):
            notes.append(flag)
        self.summary.value = f"<h3>{escape(name)}</h3>" + _markdown(summary)
        self.notes.value = _markdown(notes, "ss-note")
        if rows.empty:
            self.chart.layout.display = "none"
            self.table.value = f"<p>{escape(say('explore.no_data', lang))}</p>"
        else:
            png = self._trend_png(indicator, rows)
            self.chart.value = png
            self.chart.layout.display = ""
            table = views.indicator_table(rows, lang)
            flagged = views.flagged_cells(rows)
            self.table.value = views.html_table(table, decimals=decimals, unit=unit, flagged=flagged, lang=lang)
            if flag:
                self.table.value += f"<small>{_markdown([flag], 'ss-flag-note')}</small>"
            self.offer(table, name, png=png)
        self.extra.value = peer_html

    def _state(self, indicator: str, levels: tuple[str, ...] | None = None) -> tuple:
        """What the trend chart of ``indicator`` depends on under the current controls (or other ``levels``)."""
        levels = self.levels.value if levels is None else levels
        controls = (self.districts.value, levels, self.years.value, self.comparisons.value)
        return (indicator, *controls, self.lang)

    def _rows(self, indicator: str, levels: tuple[str, ...] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Every trend row of ``indicator``, and those the controls (or other ``levels``) choose."""
        every = self.data.trends.get(indicator, pd.DataFrame(columns=["district", "geo_kind", "year", "value"]))
        chosen = views.filter_trend(
            every,
            districts=self.districts.value,
            geo_kinds=self.levels.value if levels is None else levels,
            years=self.years.value,
            comparisons=self.comparisons.value,
        )
        return every, chosen

    def _trend_png(self, indicator: str, rows: pd.DataFrame, levels: tuple[str, ...] | None = None) -> bytes:
        """The trend chart of ``indicator`` for the current controls (``rows``), drawn once per choice of them."""
        key = self._state(indicator, levels)
        if key not in self._trend_cache and not rows.empty:
            entry = self.data.catalogue.loc[indicator]
            unit, decimals = labels.indicator_format(entry)
            figure = _figure(3.6)
            with plots.style():
                ax = figure.add_subplot()
                figure.subplots_adjust(left=0.07, right=0.76, top=0.88, bottom=0.16)
                plots.indicator_trend(
                    rows,
                    unit=unit,
                    decimals=decimals,
                    breaks=entry["break_rules"],
                    lang=self.lang,
                    ax=ax,
                )
                handles, names = ax.get_legend_handles_labels()
                names = [labels.wrap(n, 36) for n in names]  # long entries (the flag's) stay on the page
                ax.legend(handles, names, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7.5)
                ax.set_title(labels.indicator_name(entry, self.lang))
                _source_line(figure, rows["source"], self.lang)
                if len(self._trend_cache) >= TREND_CACHE:
                    self._trend_cache.pop(next(iter(self._trend_cache)))  # the oldest choice goes first
                self._trend_cache[key] = png_bytes(figure)
        return self._trend_cache.get(key, b"")

    def _desos(self, indicator: str) -> bool:
        """Whether the same-type comparison is the DeSO one: DeSO chosen as a level, on the indicator it exists for."""
        return indicator == self.data.deso.indicator and "deso" in self.levels.value

    def _peers(self, indicator: str, districts: Sequence[str], name: str) -> tuple[list[str], str]:
        """Show each chosen district among the areas of its områdestyp; the sentences and tables as HTML."""
        sentences, blocks, ranked, png = self._peer_parts(indicator, tuple(districts), self._desos(indicator))
        self.peer_chart.layout.display = "" if png else "none"
        if png:
            self.peer_chart.value = png
            self.offer(ranked, f"{name} {say('explore.peer_file', self.lang)}", png=png)
        return sentences, blocks

    def _peer_parts(
        self, indicator: str, districts: tuple[str, ...], desos: bool = False
    ) -> tuple[list[str], str, pd.DataFrame, bytes]:
        """The same-type comparison of the chosen districts, computed once per indicator, districts, language and level.

        Among the RegSOs of the type, or with ``desos`` the districts' DeSOs among all DeSOs of
        RegSOs of the type (the catalogue's DeSO comparison, its start year).

        Returns:
            The sentences, the nearest-ranked tables as HTML, the whole ranking as one table (for
            the download) and the chart as PNG (empty where no district can be compared).
        """
        key = (indicator, districts, self.lang, desos)
        if key in self._peer_cache:
            return self._peer_cache[key]
        lang, entry = self.lang, self.data.catalogue.loc[indicator]
        unit, decimals = labels.indicator_format(entry)
        sentences, blocks, shown, ranked, names = [], [], [], [], {}
        block = self._deso_blocks if desos else self._peer_block
        for district in districts:
            for sentence, table, html, own, row_name in block(indicator, district, unit, decimals):
                if sentence:
                    sentences.append(sentence)
                if html:
                    blocks.append(html)
                    ranked.append(table.assign(**{say("explore.header_district", lang): district}))
                if row_name:
                    shown.append(own)
                    names[str(own["row"].iloc[0])] = row_name
        png, whole = b"", pd.DataFrame()
        if shown:
            height = 0.8 + 0.5 * len(shown)
            figure = _figure(height)
            kind = "deso_peer" if desos else "peer"
            with plots.style():
                ax = figure.add_subplot()
                figure.subplots_adjust(left=0.25, right=0.97, top=1 - 0.35 / height, bottom=0.45 / height)
                plots.peer_strips(
                    pd.concat(shown), unit=unit, decimals=decimals, lang=lang, names=names, by="row", ax=ax
                )
                title = say(f"explore.{kind}_chart_title", lang, indicator=labels.indicator_name(entry, lang))
                figure.suptitle(title, x=0.01, ha="left", fontsize=9)
                sources = self.data.deso_sources if desos else self.data.peer_frames[indicator]["source"].unique()
                _source_line(figure, sources, lang)
                figure.text(
                    0.99, 0.015, say(f"explore.{kind}_chart_key", lang), fontsize=7, color="#555555", ha="right"
                )
                png = png_bytes(figure)
            whole = pd.concat(ranked)
            whole = whole[[say("explore.header_district", lang), *ranked[0].columns[:-1]]]
        self._peer_cache[key] = (sentences, "".join(blocks), whole, png)
        return self._peer_cache[key]

    def prefetch(self, ids: Sequence[str] | None = None) -> None:
        """Draw every indicator's chart and same-type comparison for the current choice, one per idle moment.

        In the kernel each indicator is one step of the event loop, so that a control change in
        between is not held up; without an event loop (a script, the benchmark) all run at once.
        """
        remaining = list(self.ids if ids is None else ids)
        if not self.districts.value:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        for indicator in remaining[:1] if loop else remaining:
            self._trend_png(indicator, self._rows(indicator)[1])
            if (
                indicator == self.data.deso.indicator and "deso" not in self.levels.value
            ):  # the level the DeSO comparison is on
                desos = tuple(k for k in LEVELS if k in {*self.levels.value, "deso"})
                self._trend_png(indicator, self._rows(indicator, desos)[1], desos)
            if views.PEERS in self.comparisons.value:
                # Both comparisons of the indicator that has a DeSO one: a click on the level is quick too.
                for desos in {self._desos(indicator), indicator == self.data.deso.indicator}:
                    self._peer_parts(indicator, tuple(self.districts.value), desos)
        if loop and remaining[1:]:
            loop.call_later(0.05, lambda: self.prefetch(remaining[1:]))

    def _peer_block(
        self, indicator: str, district: str, unit: str | None, decimals: int
    ) -> list[tuple[str, pd.DataFrame, str, pd.DataFrame, str]]:
        """One district among the RegSOs of its type: sentence, ranked table, its HTML, the chart's row and its name."""
        lang = self.lang
        coverage, peers = self.data.peers(indicator)
        if district not in coverage.index:
            reason = say("explore.peer_no_national", lang)
            sentence = say("explore.peer_none", lang, district=district, reason=reason)
            return [(sentence, pd.DataFrame(), "", pd.DataFrame(), "")]
        own = peers[peers["district"] == district]
        sentence, table, row = views.peer_summary(coverage.loc[district], own, unit=unit, decimals=decimals, lang=lang)
        if row is None:
            return [(sentence, table, "", own, "")]
        place = str(own.loc[own["is_district"], "geo_name"].iloc[0])
        area_type, year = int(own["area_type"].iloc[0]), str(own["year"].iloc[0])
        title = say("explore.peer_table_title", lang, place=place, type=area_type, year=year)
        html = self._ranked_html(title, table, [row], unit, decimals)
        name = say("explore.peer_row", lang, place=place, type=area_type, year=year)
        return [(sentence, table, html, own.assign(row=district), name)]

    def _deso_blocks(
        self, indicator: str, district: str, unit: str | None, decimals: int
    ) -> list[tuple[str, pd.DataFrame, str, pd.DataFrame, str]]:
        """The district's DeSOs among all DeSOs of their type, one block per områdestyp (as :meth:`_peer_block`).

        Each of the district's DeSOs is one row of the chart, with every DeSO of its type as dots.
        """
        lang, peers = self.lang, self.data.deso_peers
        position = self.data.deso_position
        position = position[position["district"] == district]
        if position.empty:
            sentence = say("explore.deso_peer_none", lang, district=district, year=str(self.data.deso.start))
            return [(sentence, pd.DataFrame(), "", pd.DataFrame(), "")]
        parts = []
        for area_type, own in position.groupby("area_type", sort=False):
            same = peers[peers["area_type"] == area_type]
            same = same.assign(is_district=same["geo_code"].isin(own["geo_code"]))
            sentence, table, rows = views.deso_peer_summary(own, same, unit=unit, decimals=decimals, lang=lang)
            title = say(
                "explore.deso_peer_table_title",
                lang,
                district=district,
                type=int(area_type),
                year=str(self.data.deso.start),
            )
            html = self._ranked_html(title, table, rows, unit, decimals, width=2)
            for n, code in enumerate(own["geo_code"]):
                strip = same.assign(row=code, is_district=same["geo_code"] == code, district=district)
                name = say("explore.deso_peer_row", lang, district=district, code=code, type=int(area_type))
                parts.append((sentence if n == 0 else "", table, html if n == 0 else "", strip, name))
        return parts

    def _ranked_html(
        self, title: str, table: pd.DataFrame, rows: Sequence[int], unit: str | None, decimals: int, width: int = 5
    ) -> str:
        """A ranked table's rows nearest to the own ``rows`` (highlighted), under ``title``."""
        near = views.around(table, list(rows), width)
        highlight = [i in rows for i in near.index]
        html = views.html_table(near, decimals=decimals, unit=unit, highlight=highlight, lang=self.lang)
        return f'<p class="ss-peer-title">{escape(title)}</p>{html}'


class MeasuresView(View):
    """The measures of the follow-ups, filtered: counts by status, whole titles, description and comment on a click."""

    name = "measures"

    def __init__(self, data: Data, lang: str = "sv"):
        super().__init__(data, lang)
        measures = data.measures
        self.years = Checks([(str(y), int(y)) for y in sorted(measures["year"].unique())], css="ss-measures-years")
        self.areas = Checks([(a, int(a)) for a in codes.codes("area")], css="ss-measures-areas")
        targets = sorted({t for cell in measures["districts"] for t in cell.split(";") if t})
        targets = [*codes.codes("district"), *(t for t in targets if t not in codes.codes("district"))]
        self.targets = Checks([(t, t) for t in targets], css="ss-measures-targets")
        self.statuses = Checks([(s, s) for s in codes.codes("status")], css="ss-measures-statuses")
        used = {codes.parent_department(d) for cell in measures["departments"] for d in cell.split(";")}
        self.departments = Checks(
            [(d, d) for d in codes.codes("department") if d in used], css="ss-measures-departments"
        )
        self.text = w.Text(continuous_update=True, layout=w.Layout(width="38em"))
        self.text.add_class("ss-measures-search")
        self.labels = [w.Label() for _ in range(6)]
        self.hint = w.HTML()
        self.defaults()
        for checks in (self.years, self.areas, self.targets, self.statuses, self.departments):
            checks.observe(self.changed)
        self.text.observe(self.changed, names="value")

    def defaults(self) -> None:
        for checks in (self.years, self.areas, self.targets, self.statuses, self.departments):
            checks.value = ()
        self.text.value = ""

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        self.areas.relabel([labels.area(a, lang) for a in codes.codes("area")])
        self.statuses.relabel([codes.label("status", s, lang) for s in codes.codes("status")])
        self.departments.relabel([labels.department(str(d), lang) for d in self.departments.codes])
        self.text.placeholder = say("explore.search_placeholder", lang)
        self.hint.value = f"<small>{escape(say('explore.none_is_all', lang))}</small>"
        keys = ["control_followup", "control_areas", "control_targets", "control_statuses", "control_departments"]
        for label, key in zip(self.labels, [*keys, "control_search"], strict=True):
            label.value = say(f"explore.{key}", lang)

    def controls(self) -> w.Widget:
        self.areas.box.layout.flex_flow = "column"
        self.departments.box.layout.flex_flow = "column"
        rows = [self.years.box, self.areas.box, self.targets.box, self.statuses.box, self.departments.box, self.text]
        return w.VBox(
            [self.hint]
            + [w.HBox([label, row]) for label, row in zip(self.labels, rows, strict=True)]
            + [self.reset_button]
        )

    def render(self) -> None:
        lang = self.lang
        chosen = {
            "years": self.years.value,
            "areas": self.areas.value,
            "districts": self.targets.value,
            "statuses": self.statuses.value,
            "departments": self.departments.value,
        }
        rows = views.filter_measures(self.data.measures, **chosen, text=self.text.value)
        sentence = views.measures_sentence(
            rows,
            years=chosen["years"],
            areas=chosen["areas"],
            targets=chosen["districts"],
            departments=chosen["departments"],
            statuses=chosen["statuses"],
            text=self.text.value,
            lang=lang,
        )
        self.summary.value = _markdown([sentence])
        self.notes.value = ""
        if rows.empty:
            self.chart.layout.display = "none"
            self.table.value = f"<p>{escape(say('explore.no_data', lang))}</p>"
            self.extra.value = ""
            return
        counts = measure_analysis.status_counts(rows).drop(index="total", errors="ignore")
        counts.index = [labels.area(a, lang) for a in counts.index]
        figure = _figure(0.9 + 0.36 * len(counts))
        with plots.style():
            ax = figure.add_subplot()
            figure.subplots_adjust(
                left=0.36,
                right=0.97,
                top=1 - 0.45 / (0.9 + 0.36 * len(counts)),
                bottom=0.5 / (0.9 + 0.36 * len(counts)),
            )
            plots.status_bars(counts[codes.codes("status")], lang=lang, wrap=55, ax=ax)
            png = png_bytes(figure)
        self.chart.value = png
        self.chart.layout.display = ""
        self.extra.value = ""
        self.table.value = f"<p><small>{escape(say('explore.measures_open', lang))}</small></p>" + views.measure_list(
            rows, lang
        )
        self.offer(views.measure_table(rows, lang), say("explore.tab_measures", lang), png=png)


class DistrictView(View):
    """One district in one follow-up year: the measures aimed at it and where it stands (the district profile)."""

    name = "district"

    def __init__(self, data: Data, lang: str = "sv"):
        super().__init__(data, lang)
        self.district = w.ToggleButtons(options=codes.codes("district"))
        self.district.add_class("ss-district-choice")
        self.year = w.Dropdown(
            options=sorted(int(y) for y in data.measures["year"].unique()), layout=w.Layout(width="8em")
        )
        self.year.add_class("ss-district-year")
        self.labels = [w.Label(), w.Label()]
        self._profiles: dict[tuple[str, int], DistrictProfile] = {}
        self.defaults()
        for control in (self.district, self.year):
            control.observe(self.changed, names="value")

    def defaults(self) -> None:
        self.district.value = codes.codes("district")[0]
        self.year.value = max(self.year.options)

    def relabel(self) -> None:
        super().relabel()
        for label, key in zip(self.labels, ["explore.control_district", "explore.control_followup"], strict=True):
            label.value = say(key, self.lang)

    def controls(self) -> w.Widget:
        rows = [self.district, self.year]
        return w.VBox(
            [w.HBox([label, row]) for label, row in zip(self.labels, rows, strict=True)] + [self.reset_button]
        )

    def widget(self) -> w.Widget:
        whole = super().widget()
        _when_idle(self.prefetch, delay=1.0)
        return whole

    def profile(self, district: str, year: int) -> DistrictProfile:
        """The profile of ``district`` in ``year``, computed once (:func:`segstats.profile.build_profile`)."""
        key = (district, year)
        if key not in self._profiles:
            data = self.data
            self._profiles[key] = build_profile(
                data.measures,
                data.indicators,
                data.catalogue.reset_index(drop=True),
                district,
                year,
                geographies=data.geographies,
            )
        return self._profiles[key]

    def prefetch(self, remaining: Sequence[str] | None = None) -> None:
        """The other districts' profiles of the chosen year, one per idle moment."""
        todo = list(codes.codes("district") if remaining is None else remaining)
        if todo:
            self.profile(todo[0], int(self.year.value))
            _when_idle(lambda: self.prefetch(todo[1:]))

    def render(self) -> None:
        lang, district, year = self.lang, str(self.district.value), int(self.year.value)
        p = self.profile(district, year)
        facts = [say("explore.district_heading", lang, district=district, year=str(year))]
        if p.area_type is not None and p.population is not None:
            facts.append(
                say(
                    "explore.district_geography",
                    lang,
                    regso=p.regso_name,
                    type=p.area_type,
                    type_label=codes.label("area_type", str(p.area_type), lang).lower(),
                    type_year=str(p.area_type_year),
                    population=int(p.population),
                    population_year=str(p.population_year),
                )
            )
        self.summary.value = f"<h3>{escape(facts[0])}</h3>" + _markdown(facts[1:])
        notes = [say("explore.note_skaggetorp", lang)] if district == "Skäggetorp" else []
        missing = p.indicators.loc[p.indicators["value"].isna(), "indicator"]
        if len(missing):
            names = [labels.indicator_name(self.data.catalogue.loc[i], lang) for i in missing]
            notes.append(say("explore.district_missing", lang, district=district, names=", ".join(names)))
        self.notes.value = _markdown(notes, "ss-note")
        counts = p.measures.drop(index="total")
        counts.index = [labels.area(a, lang) for a in counts.index]
        figure = _figure(0.9 + 0.36 * len(counts))
        with plots.style():
            ax = figure.add_subplot()
            height = 0.9 + 0.36 * len(counts)
            figure.subplots_adjust(left=0.36, right=0.97, top=1 - 0.45 / height, bottom=0.5 / height)
            plots.status_bars(counts[codes.codes("status")], lang=lang, wrap=55, ax=ax)
            png = png_bytes(figure)
        self.chart.value = png
        measures = labels.status_table(
            p.measures[[*codes.codes("status"), "total"]],
            first=say("explore.header_area", lang),
            names={int(a): labels.area(a, lang) for a in codes.codes("area")},
            lang=lang,
        )
        measures[say("explore.header_not_done_ids", lang)] = [", ".join(i) for i in p.measures["not_done_ids"]]
        measures[say("explore.header_long_ongoing_ids", lang)] = [", ".join(i) for i in p.measures["long_ongoing_ids"]]
        plan = self.data.catalogue[self.data.catalogue["plan"].astype(bool)].reset_index(drop=True)
        indicators = labels.profile_table(
            p.indicators, plan, district=district, baseline_year=p.baseline_year, lang=lang
        )
        deso = self.data.deso
        entry = self.data.catalogue.loc[deso.indicator] if deso.indicator else self.data.catalogue.iloc[0]
        desos = views.deso_table(p.desos, entry, start=deso.start, end=deso.end, lang=lang)
        titles = [
            say("explore.district_measures_title", lang, district=district, year=str(year)),
            say("explore.district_indicators_title", lang, district=district),
            say(
                "explore.district_desos_title",
                lang,
                district=district,
                indicator=labels.indicator_name(entry, lang).lower(),
                start=str(deso.start),
                end=str(deso.end),
                year=str(deso.start),
            ),
        ]
        tables_shown = [measures, indicators, desos] if len(desos) else [measures, indicators]
        self.table.value = "".join(
            f"<h4>{escape(title)}</h4>{views.html_table(table, lang=lang)}"
            for title, table in zip(titles, tables_shown, strict=False)
        )
        if len(desos):
            note = say("explore.district_desos_note", lang, year=str(deso.start))
            self.table.value += f'<p class="ss-district-desos-note"><small>{escape(note)}</small></p>'
        self.offer(measures, titles[0], png=png)
        self.offer(indicators, titles[1])
        if len(desos):
            self.offer(desos, titles[2])


class App:
    """The three views in tabs, under a title and a language switch."""

    def __init__(self, data: Data, lang: str = "sv"):
        self.lang = fmt.check_lang(lang)
        self.views: list[View] = [IndicatorView(data, lang), DistrictView(data, lang), MeasuresView(data, lang)]
        self.language = w.ToggleButtons(options=[("Svenska", "sv"), ("English", "en")], value=lang)
        self.language.add_class("ss-language")
        self.language.observe(lambda change: self.set_lang(change["new"]), names="value")
        self.header = w.HTML()
        self.language_label = w.Label()
        self.tabs = w.Tab(children=[view.widget() for view in self.views])
        self._write_header()

    def _write_header(self) -> None:
        self.header.value = (
            STYLE
            + f"<h2>{escape(say('explore.title', self.lang))}</h2>"
            + _markdown([say("explore.intro", self.lang), say("explore.data_source", self.lang)])
        )
        self.language_label.value = say("explore.language", self.lang)
        self.tabs.titles = tuple(say(f"explore.tab_{view.name}", self.lang) for view in self.views)

    def set_lang(self, lang: str) -> None:
        """Everything in another language."""
        self.lang = fmt.check_lang(lang)
        self._write_header()
        for view in self.views:
            view.set_lang(lang)

    def widget(self) -> w.Widget:
        """The whole app."""
        box = w.VBox([self.header, w.HBox([self.language_label, self.language]), self.tabs])
        box.add_class("ss-app")
        return box
