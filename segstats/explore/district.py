"""The district view: one district in one follow-up year, its measures and where it stands (the district profile)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pandas as pd

from segstats import codes
from segstats.explore import page
from segstats.explore.model import Data, profile, say
from segstats.explore.widgets import View
from segstats.measures.analysis import followup_year
from segstats.profile import DistrictProfile
from segstats.reports import citations, district_pages, labels, tidy


@functools.lru_cache(maxsize=16)
def district_page(data: Data, district: str, year: int, lang: str) -> page.Page:
    """The district view's page: the measures aimed at ``district`` in ``year`` by area and status (chart and
    table), its indicators against Linköping and its type, its DeSOs (the reports' tables), the files."""
    p = profile(data, district, year)
    shown = page.Page("district", say("explore.district_heading", lang, district=district, year=str(year)), lang=lang)
    if p.area_type is not None and p.population is not None:
        shown.summary.append(
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
    shown.notes = data.larger_regso_notes((district,), lang)
    missing = p.indicators.loc[p.indicators["value"].isna(), "indicator"]
    if len(missing):
        names = [labels.indicator_name(data.catalogue.loc[i], lang) for i in missing]
        shown.notes.append(say("explore.district_missing", lang, district=district, names=", ".join(names)))
    titles = {
        "measures": say("explore.district_measures_title", lang, district=district, year=str(year)),
        "indicators": say("explore.district_indicators_title", lang, district=district),
    }
    chart = page.status_chart(p.measures.drop(index="total")[codes.codes("status")], what=titles["measures"], lang=lang)
    shown.add_chart(chart)
    measures = labels.status_table(
        p.measures[[*codes.codes("status"), "total"]],
        first=say("explore.header_area", lang),
        names={int(a): labels.area(a, lang) for a in codes.codes("area")},
        lang=lang,
    )
    measures[say("explore.header_not_done_ids", lang)] = [", ".join(i) for i in p.measures["not_done_ids"]]
    measures[say("explore.header_long_ongoing_ids", lang)] = [", ".join(i) for i in p.measures["long_ongoing_ids"]]
    plan = data.catalogue[data.catalogue["plan"].astype(bool)].reset_index(drop=True)
    indicators = labels.profile_table(p.indicators, plan, district=district, baseline_year=p.baseline_year, lang=lang)
    shown.add_table(page.table(measures, titles["measures"], lang=lang))
    shown.add_table(page.table(indicators, titles["indicators"], lang=lang))
    chosen = page.selection(
        [(say("explore.control_district", lang), [district]), (say("explore.control_followup", lang), [str(year)])],
        lang,
    )
    stem = f"district {district} {year}"
    shown.offer(
        titles["measures"],
        f"{stem} measures",
        lambda: page.export(
            measure_values(p, lang),
            titles["measures"],
            sheet=say("explore.sheet_district_measures", lang),
            lang=lang,
            selection=chosen,
            sources=citations.followups(followup_year(data.measures, year), lang),
        ),
        chart=chart,
    )
    shown.offer(
        titles["indicators"],
        f"{stem} indicators",
        lambda: page.export(
            tidy.profile_values(
                p.indicators.assign(district=district),
                plan,
                data.indicators,
                lang,
                baseline_year=p.baseline_year,
                peers=True,
            ),
            titles["indicators"],
            sheet=say("explore.sheet_district_indicators", lang),
            lang=lang,
            selection=chosen,
            catalogue=plan,
        ),
    )
    placed = p.desos[p.desos["peer_rank"].notna()]
    if data.deso is not None and len(placed):
        entry = data.catalogue.loc[data.deso.indicator]
        unit, decimals = labels.indicator_format(entry)
        title = district_pages.deso_title(p, entry, data.deso, lang)
        found = tidy.deso_values(p, entry, data.deso, lang)
        desos = district_pages.deso_table(found, entry, data.deso, lang)
        shown.add_table(page.table(desos, title, decimals=decimals, unit=unit, lang=lang))
        shown.add_table(page.markdown([say("explore.district_desos_note", lang, year=str(data.deso.start))]))
        named = say("explore.district_desos_file", lang, district=district)
        shown.offer(
            named,
            f"{stem} desos",
            lambda: page.export(
                found,
                named,
                sheet=say("explore.sheet_district_desos", lang),
                lang=lang,
                selection=chosen,
                catalogue=data.catalogue,
            ),
        )
    return shown


def measure_values(p: DistrictProfile, lang: str = "sv") -> pd.DataFrame:
    """The district's measures per development area by status, tidy and typed (:mod:`segstats.reports.tidy`).

    No row of totals: each column sums to it. The measures a reader asks about are listed by number.
    """
    found = [
        {
            "district": p.district,
            "year": p.year,
            "area_no": area_no,
            "area_name": codes.label("area", str(area_no), lang),
            **{k: row[k] for k in (*codes.codes("status"), "total")},
            "not_done_measures": ", ".join(row["not_done_ids"]) or None,
            "long_ongoing_measures": ", ".join(row["long_ongoing_ids"]) or None,
        }
        for area_no, row in p.measures.drop(index="total").iterrows()
    ]
    keys = ("district", "year", "area_no", "area_name", *codes.codes("status"), "total")
    return tidy.records(found, (*keys, "not_done_measures", "long_ongoing_measures"))


class DistrictView(View):
    """One district in one follow-up year: the measures aimed at it and where it stands (the district profile)."""

    name = "district"

    def spec(self) -> list[dict[str, Any]]:
        years = sorted(int(y) for y in self.data.measures["year"].unique())
        return [
            {
                "kind": "choice",
                "name": "district",
                "label": say("explore.control_district", self.lang),
                "options": [[d, d] for d in codes.codes("district")],
            },
            {
                "kind": "select",
                "name": "year",
                "label": say("explore.control_followup", self.lang),
                "options": [[str(y), str(y)] for y in years],
            },
            {"kind": "reset", "name": "reset", "label": say("explore.reset", self.lang)},
        ]

    def default_choice(self) -> dict[str, Any]:
        return {"district": codes.codes("district")[0], "year": str(int(self.data.measures["year"].max()))}

    def make_page(self, choice: dict[str, Any], lang: str) -> page.Page:
        return district_page(self.data, str(choice["district"]), int(choice["year"]), lang)

    def neighbours(self, choice: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The other districts of the year."""
        for district in codes.codes("district"):
            if district != choice["district"]:
                yield {**choice, "district": district}
