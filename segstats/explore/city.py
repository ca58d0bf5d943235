"""The whole-city view: segregation across all of Linköping among Sweden's municipalities (the plan's first leg)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd

from segstats.explore import page
from segstats.explore.model import Data, say
from segstats.explore.widgets import View
from segstats.indicators.segregation import across_municipalities, municipality_values, placement, shared_year
from segstats.reports import citations, labels, plots, tidy, whole_city, words


@functools.lru_cache(maxsize=4)
def municipal(data: Data) -> pd.DataFrame:
    """The catalogue's series with values for every municipality (outside the plan), in catalogue order."""
    series = data.catalogue[~data.catalogue["plan"].astype(bool)].reset_index(drop=True)
    return across_municipalities(data.indicators, series)


@functools.lru_cache(maxsize=16)
def city_page(data: Data, indicator: str, lang: str) -> page.Page:
    """The view's page: ``indicator`` for every municipality with Linköping marked, every measure's placement,
    the municipalities of similar size, how to read them, the files."""
    measures = municipal(data)
    ids = measures["id"].tolist()
    year = shared_year(data.indicators, ids)
    shown = page.Page("city", say("explore.city_heading", lang, year=str(year or "")), lang=lang)
    if year is None or indicator not in ids:
        shown.summary.append(say("explore.no_data", lang))
        return shown
    entry = data.catalogue.loc[indicator]
    unit, decimals = labels.indicator_format(entry)
    name = labels.indicator_name(entry, lang)
    found = placement(data.indicators, data.geographies, ids, year=year)
    own = found.set_index("indicator").loc[indicator]
    values = municipality_values(data.indicators, data.geographies, indicator, year=year)
    similar = sorted(values.loc[values["similar"] & ~values["own"], "geo_name"])
    shown.summary += [
        say("explore.city_intro", lang),
        say(
            "explore.city_placed",
            lang,
            indicator=name,
            year=str(year),
            value=whole_city.shown(own["value"], unit, decimals, lang),
            rank=int(own["rank"]),
            n=int(own["n"]),
            median=whole_city.shown(own["median"], unit, decimals, lang),
            rank_similar=int(own["rank_similar"]),
            n_similar=int(own["n_similar"]),
            median_similar=whole_city.shown(own["median_similar"], unit, decimals, lang),
        ),
    ]
    rule = whole_city.similar_rule(data.geographies, lang=lang)
    shown.notes = [
        words.text("whole_city.similar_names", lang, rule=rule, names=words.join(similar, lang)),
        words.text("whole_city.caveats", lang, year=str(year)),
    ]
    rows = data.indicators[(data.indicators["indicator"] == indicator) & (data.indicators["year"] == year)]
    chart = _strip_chart(values.assign(indicator=indicator), entry, name, rows, found, measures, year, lang)
    shown.add_chart(chart)
    # one line per paragraph: the words file's line breaks would cut its *italic* marks apart
    meaning = [" ".join(p.split()) for p in words.text("whole_city.meaning", lang).split("\n\n")]
    shown.add_table(page.markdown(meaning))
    title = words.text("whole_city.table_title", lang, year=str(year))
    shown.add_table(page.table(whole_city.placement_table(found, measures, lang), title, lang=lang))
    sources = citations.producers(rows, measures, lang)

    def offer(title: str, stem: str, table: Callable[[], pd.DataFrame], sheet: str, chosen: list, **chart) -> None:
        """Offer ``table`` (made only when the reader asks) as CSV and workbook, and ``chart`` as PNG."""
        shown.offer(
            title,
            stem,
            lambda: page.export(
                table(),
                title,
                sheet=say(sheet, lang),
                lang=lang,
                selection=page.selection(chosen, lang),
                catalogue=measures,
                sources=sources,
            ),
            **chart,
        )

    offer(
        title,
        f"city placement {year}",
        lambda: tidy.municipal_values(found, measures, year=year, lang=lang),
        "explore.sheet_city",
        [],
    )
    every = say("explore.city_every_title", lang, indicator=name, year=str(year))
    offer(
        every,
        f"city {indicator} {year}",
        lambda: tidy.municipality_rows(values, entry, year=year, lang=lang),
        "explore.sheet_city_every",
        [(say("explore.control_measure", lang), [name])],
        chart=chart,
    )
    return shown


def _strip_chart(values, entry, name, rows, found, measures, year, lang) -> page.Chart:
    """Linköping among every municipality on one measure (:func:`segstats.reports.whole_city.municipality_strips`)."""
    unit, decimals = labels.indicator_format(entry)
    chart = page.figure(3.0)
    with plots.style():
        ax = chart.add_subplot()
        chart.subplots_adjust(left=0.22, right=0.97, top=0.8, bottom=0.42)
        whole_city.municipality_strips(
            values, names={entry["id"]: name}, unit=unit, decimals=decimals, lang=lang, ax=ax
        )
        ax.set_title(labels.wrap(say("explore.city_chart_title", lang, indicator=name, year=str(year)), 90))
        page.source_line(chart, citations.producers(rows, measures, lang), lang)
        png = page.png_bytes(chart)
    alt = whole_city.placement_alt(found[found["indicator"] == entry["id"]], measures, year=year, lang=lang)
    return page.Chart(png, alt, "ss-city-chart")


class CityView(View):
    """Segregation across all of Linköping: one measure for every municipality, and the placement on each."""

    name = "city"

    def spec(self) -> list[dict[str, Any]]:
        measures = municipal(self.data)
        return [
            {
                "kind": "select",
                "name": "measure",
                "label": say("explore.control_measure", self.lang),
                "options": [[labels.indicator_name(e, self.lang), e["id"]] for _, e in measures.iterrows()],
            },
            {"kind": "reset", "name": "reset", "label": say("explore.reset", self.lang)},
        ]

    def default_choice(self) -> dict[str, Any]:
        ids = municipal(self.data)["id"].tolist()
        return {"measure": ids[0] if ids else ""}

    def make_page(self, choice: dict[str, Any], lang: str) -> page.Page:
        return city_page(self.data, str(choice["measure"]), lang)

    def neighbours(self, choice: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The other measures."""
        for indicator in municipal(self.data)["id"]:
            if indicator != choice["measure"]:
                yield {**choice, "measure": indicator}
