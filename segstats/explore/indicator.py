"""The indicator view: an indicator over the years, the districts against Linköping, Sweden and areas of their type."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from segstats import codes
from segstats.explore import page
from segstats.explore.comparison import comparison
from segstats.explore.deso_map import DesoMap, deso_map
from segstats.explore.model import PEERS, REFERENCES, Data, level, say, years_text
from segstats.explore.trend import (
    filter_trend,
    flag_note,
    flagged_cells,
    indicator_table,
    latest_values,
    missing_notes,
    trend_values,
)
from segstats.explore.widgets import View, toggled
from segstats.reports import labels, plots

# The indicator shown first: the one the plan's annex confirms, with values for every district.
DEFAULT_INDICATOR = "lag_ekstd"
# The district levels the trend can show, and those shown first (fourteen DeSOs would bury the rest).
LEVELS = ("regso", "deso", "stadsdel", "valdistrikt")
DEFAULT_LEVELS = ("regso", "stadsdel", "valdistrikt")
COMPARISONS = (*REFERENCES, PEERS)


@dataclass(frozen=True)
class IndicatorChoice:
    """What the indicator view's controls hold (in the options' order, so that equal choices are one)."""

    indicator: str
    districts: tuple[str, ...]
    levels: tuple[str, ...]
    years: tuple[int, int]
    comparisons: tuple[str, ...]
    lang: str

    @classmethod
    def of(cls, choice: dict[str, Any], lang: str) -> IndicatorChoice:
        """The choice the panel sends."""
        first, last = sorted(int(y) for y in choice["years"])
        return cls(
            indicator=str(choice["indicator"]),
            districts=tuple(d for d in codes.codes("district") if d in choice["districts"]),
            levels=tuple(k for k in LEVELS if k in choice["levels"]),
            years=(first, last),
            comparisons=tuple(k for k in COMPARISONS if k in choice["comparisons"]),
            lang=lang,
        )


def _trend_chart(data: Data, choice: IndicatorChoice, rows, name: str) -> page.Chart:
    entry = data.catalogue.loc[choice.indicator]
    unit, decimals = labels.indicator_format(entry)
    chart = page.figure(3.6)
    with plots.style():
        ax = chart.add_subplot()
        chart.subplots_adjust(left=0.08, right=0.76, top=0.88, bottom=0.16)
        plots.indicator_trend(rows, unit=unit, decimals=decimals, breaks=entry["break_rules"], lang=choice.lang, ax=ax)
        handles, names = ax.get_legend_handles_labels()
        names = [labels.wrap(n, 36) for n in names]  # long entries (the flag's) stay on the page
        ax.legend(handles, names, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7.5)
        ax.set_title(name)
        page.source_line(chart, rows["source"], choice.lang)
        png = page.png_bytes(chart)
    alt = labels.trend_alt(rows, name=name, unit=unit, decimals=decimals, lang=choice.lang)
    return page.Chart(png, alt, "ss-indicator-chart")


@functools.lru_cache(maxsize=96)
def indicator_page(data: Data, choice: IndicatorChoice) -> page.Page:
    """The indicator view's page for ``choice``: the values and gaps, what is missing, the trend chart and its
    table, the same-type comparison, the files."""
    lang, entry = choice.lang, data.catalogue.loc[choice.indicator]
    unit, decimals = labels.indicator_format(entry)
    name = labels.indicator_name(entry, lang)
    every = data.trend(choice.indicator)
    rows = filter_trend(
        every, districts=choice.districts, geo_kinds=choice.levels, years=choice.years, comparisons=choice.comparisons
    )
    shown = page.Page("indicator", name, lang=lang)
    shown.notes = missing_notes(
        every,
        rows,
        districts=choice.districts,
        geo_kinds=choice.levels,
        years=choice.years,
        comparisons=choice.comparisons,
        lang=lang,
    )
    if not choice.districts:
        shown.notes.insert(0, say("explore.no_district_chosen", lang))
    own_levels = rows[rows["district"].notna() & rows["geo_kind"].isin(["regso", "deso", "stadsdel"])]
    shown.notes += data.larger_regso_notes(tuple(own_levels["district"].unique()), lang)
    shown.summary = latest_values(rows, unit, decimals, lang)
    if flag := flag_note(rows, data.catalogue, lang):
        shown.notes.append(flag)
    if rows.empty:
        shown.add_table(page.markdown([say("explore.no_data", lang)]))
    else:
        chart = _trend_chart(data, choice, rows, name)
        shown.add_chart(chart)
        table = indicator_table(rows, lang)
        caption = say("explore.trend_table_title", lang, indicator=name)
        shown.add_table(
            page.table(table, caption, decimals=decimals, unit=unit, flagged=flagged_cells(rows), lang=lang)
        )
        if flag:
            shown.add_table(page.markdown([flag], "ss-flag-note"))
        districts = " ".join(choice.districts)
        shown.offer(
            name,
            f"indicator {choice.indicator} {districts} {choice.years[0]} {choice.years[1]}",
            lambda: page.export(
                trend_values(rows, name),
                caption,
                sheet=say("explore.sheet_trend", lang),
                lang=lang,
                selection=_selection(choice),
                catalogue=data.catalogue,
                sources=rows["source"],
            ),
            chart=chart,
        )
    if (found := deso_map(data, choice.indicator, choice.years, lang)) is not None:
        _add_map(shown, found, choice, name, data.catalogue)
    if PEERS in choice.comparisons and choice.districts:
        desos = data.is_deso_comparison(choice.indicator, choice.levels)
        compared = comparison(data, choice.indicator, choice.districts, desos, lang)
        shown.summary += list(compared.sentences)
        if desos and data.deso is not None:
            shown.notes.append(say("explore.deso_peer_note", lang, year=str(data.deso.start)))
        if compared.chart is not None:
            shown.add_chart(compared.chart)
            shown.add_table(compared.tables)
            ranked = f"{name} {say('explore.peer_file', lang)}"
            kind = "deso" if desos else "regso"
            shown.offer(
                ranked,
                f"indicator {choice.indicator} same type {kind} {' '.join(choice.districts)}",
                lambda: page.export(
                    compared.ranking,
                    say("explore.deso_peer_chart_title" if desos else "explore.peer_chart_title", lang, indicator=name),
                    sheet=say("explore.sheet_peers", lang),
                    lang=lang,
                    selection=_selection(choice),
                    catalogue=data.catalogue,
                    sources=compared.sources,
                ),
                chart=compared.chart,
            )
    return shown


def _add_map(shown: page.Page, found: DesoMap, choice: IndicatorChoice, name: str, catalogue: pd.DataFrame) -> None:
    """The DeSO map after the trend: how to read it, the map, its values and picture to save."""
    lang, year = choice.lang, str(found.values["year"].iloc[0])
    shown.add_table(page.markdown(found.sentences, "ss-map-note"))
    shown.add_chart(found.chart)
    title = say("explore.map_title", lang, indicator=name, year=year)
    shown.offer(
        title,
        f"indicator {choice.indicator} deso map {year}",
        lambda: page.export(
            found.values,
            title,
            sheet=say("explore.sheet_map", lang),
            lang=lang,
            selection=page.selection([(say("explore.control_years", lang), [year])], lang),
            catalogue=catalogue,
            sources=found.sources,
        ),
        chart=found.chart,
    )


def _selection(choice: IndicatorChoice) -> str:
    """The view's controls in words, for a download's sheet "Om tabellen"."""
    lang = choice.lang
    compared = {k: codes.label("reference_area", k, lang) for k in REFERENCES}
    compared[PEERS] = say("explore.compare_peers", lang)
    return page.selection(
        [
            (say("explore.control_districts", lang), choice.districts),
            (say("explore.control_levels", lang), [level(k, lang) for k in choice.levels]),
            (say("explore.control_years", lang), [years_text(choice.years, lang)]),
            (say("explore.control_compare", lang), [compared[k] for k in choice.comparisons]),
        ],
        lang,
    )


class IndicatorView(View):
    """An indicator over the years: the districts against Linköping, Sweden and the RegSOs of their områdestyp."""

    name = "indicator"

    def spec(self) -> list[dict[str, Any]]:
        lang, catalogue = self.lang, self.data.catalogue
        years = self.data.years()
        return [
            {
                "kind": "select",
                "name": "indicator",
                "label": say("explore.control_indicator", lang),
                "options": [[labels.indicator_name(catalogue.loc[i], lang), i] for i in self.data.indicator_ids()],
            },
            {
                "kind": "checks",
                "name": "districts",
                "label": say("explore.control_districts", lang),
                "options": [[d, d] for d in codes.codes("district")],
            },
            {
                "kind": "checks",
                "name": "levels",
                "label": say("explore.control_levels", lang),
                "options": [[level(k, lang), k] for k in LEVELS],
            },
            {
                "kind": "years",
                "name": "years",
                "label": say("explore.control_years", lang),
                "from_label": say("explore.year_from", lang),
                "to_label": say("explore.year_to", lang),
                "min": years[0],
                "max": years[-1],
            },
            {
                "kind": "checks",
                "name": "comparisons",
                "label": say("explore.control_compare", lang),
                "options": [
                    *([codes.label("reference_area", k, lang), k] for k in REFERENCES),
                    [say("explore.compare_peers", lang), PEERS],
                ],
            },
            {"kind": "reset", "name": "reset", "label": say("explore.reset", lang)},
        ]

    def default_choice(self) -> dict[str, Any]:
        ids, years = self.data.indicator_ids(), self.data.years()
        return {
            "indicator": DEFAULT_INDICATOR if DEFAULT_INDICATOR in ids else ids[0],
            "districts": list(codes.codes("district")),
            "levels": list(DEFAULT_LEVELS),
            "years": [years[0], years[-1]],
            "comparisons": list(COMPARISONS),
        }

    def make_page(self, choice: dict[str, Any], lang: str) -> page.Page:
        return indicator_page(self.data, IndicatorChoice.of(choice, lang))

    def neighbours(self, choice: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Each level, district and comparison clicked on or off (the DeSO level first: a refused comparison
        points to it), then every other indicator."""
        for name, options in (("levels", LEVELS), ("districts", codes.codes("district")), ("comparisons", COMPARISONS)):
            for option in options:
                yield {**choice, name: toggled(choice[name], option)}
        for indicator in self.data.indicator_ids():
            if indicator != choice["indicator"]:
                yield {**choice, "indicator": indicator}
