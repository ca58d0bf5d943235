# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (segstats)
#     language: python
#     name: segstats
# ---

# %% tags=["parameters"]
# Report notebook of `segstats report`: for each district, the measures aimed at it and where it
# stands on the plan's indicators (segstats.profile), one overview page and two pages per district.
# `segstats report --year 2021` runs it and prints its outputs (never its code) to PDF.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
import matplotlib.pyplot as plt
import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.indicators import geo
from segstats.measures import analysis as measure_analysis
from segstats.profile import DESO_INDICATOR, DESO_START, LONG_ONGOING, POPULATION, build_profile
from segstats.reports import citations, labels, plots, words
from segstats.reports.load import load_report_data
from segstats.reports.show import Show
from segstats.text import fold

show = Show(lang)
data = load_report_data(data_dir)
measures, indicators, catalogue, geographies = data.measures, data.indicators, data.catalogue, data.geographies
this_year = measure_analysis.followup_year(measures, year)
flagged = indicator_analysis.implausible_rows(indicators, catalogue)
plan = catalogue[catalogue["plan"]].sort_values(["area_no", "id"], kind="stable")
profiles = [
    build_profile(measures, indicators, catalogue, district, year, geographies=geographies, baseline_year=baseline_year)
    for district in codes.codes("district")
]
shown = indicators[
    indicators["indicator"].isin([*plan["id"], POPULATION, indicator_analysis.AREA_TYPE])
    & (indicators["district"].notna() | (indicators["geo_code"] == geo.KOMMUN_CODE))
]
producers = citations.followups(this_year, lang) + citations.producers(shown)
source_line = citations.line(citations.followups(this_year, lang), lang)
deso_entry = catalogue.set_index("id").loc[DESO_INDICATOR]
deso_name = labels.indicator_name(deso_entry, lang).lower()

# %%
show.title_page(show.words("districts.title"), sources=producers)

# %%
show.say("districts.overview", year=str(year))
others = this_year[~this_year["districts"].str.split(";").map(lambda d: bool(set(d) & set(codes.codes("district"))))]
if len(others):
    show.say(
        "districts.not_counted",
        n=len(others),
        targets=words.join(sorted(set(others["districts"])), lang),
        ids=", ".join(others["measure_id"]),
    )
show.table(
    labels.district_measures_table(profiles, lang),
    "atgarder_per_stadsdel",
    title=show.words("districts.measures_table_title", year=str(year)),
)
show.say("districts.indicator_overview", larger=labels.regso_larger(indicators, lang))
by_district = {p.district: p.indicators for p in profiles}
show.table(
    labels.overview_table(by_district, plan, lang),
    "indikatorer_per_stadsdel",
    title=show.words("districts.overview_table_title"),
)
shown = pd.concat([labels.values_shown(r, latest="year", linkoping=True) for r in by_district.values()])
if odd := labels.implausible_items(shown, flagged, catalogue, lang):
    show.say("labels.implausible_note", n=len(odd), items="; ".join(odd))
without = labels.without_values(by_district, plan, lang)
if without:
    show.say("districts.overview_no_data", names=", ".join(without))
bare = [
    f"{a} ({codes.label('area', a, lang)})"
    for a in codes.codes("area")
    if int(a) not in set(plan["area_no"].dropna().astype(int))
]
show.say(
    "districts.district_reading",
    without=show.words("districts.areas_without_indicators", areas=words.join(bare, lang)) if bare else "",
)

# %%
for p in profiles:
    show.new_page()
    show.say("districts.district_heading", district=p.district)
    population = (
        show.words("districts.facts_population", population=int(p.population), population_year=str(p.population_year))
        if p.population is not None
        else ""
    )
    area_type = (
        show.words(
            "districts.facts_area_type",
            area_type=p.area_type,
            label=codes.label("area_type", str(p.area_type), lang).lower(),
            area_type_year=str(p.area_type_year),
        )
        if p.area_type is not None
        else show.words("districts.facts_no_area_type")
    )
    show.say(
        "districts.district_facts",
        district=p.district,
        regso=p.regso_name,
        code=p.regso_code,
        population=population,
        area_type=area_type,
    )
    if p.regso_code in geo.LARGER_REGSO:
        show.say("districts.regso_larger", regso=p.regso_name, district=p.district)
    total = p.measures.loc["total"]
    show.say(
        "districts.district_measures",
        n=int(total["total"]),
        year=str(year),
        district=p.district,
        statuses=labels.statuses(total, lang),
    )
    by_area = p.measures.drop(index="total")[codes.codes("status")]
    names = {a: labels.area(a, lang) for a in by_area.index}
    with plots.style():
        _, ax = plt.subplots(figsize=(plots.FULL_WIDTH, 1.4), layout="constrained")
        plots.status_bars(by_area.rename(index=names), lang=lang, wrap=70, ax=ax)
    show.figure(
        ax,
        alt=labels.status_alt(
            by_area,
            what=show.words("districts.status_chart", year=str(year), district=p.district),
            names=names,
            lang=lang,
        ),
        source=source_line,
    )
    for area_no, counts in p.measures.drop(index="total").iterrows():
        show.say("districts.area_heading", area=labels.area(area_no, lang))
        if counts["total"]:
            show.say("districts.area_measures", n=int(counts["total"]), statuses=labels.statuses(counts, lang))
        else:
            show.say("districts.area_no_measures", district=p.district)
        if counts["not_done_ids"]:
            show.say(
                "districts.not_done_list",
                n=len(counts["not_done_ids"]),
                items=labels.measure_items(p.measure_list, counts["not_done_ids"]),
            )
        if counts["long_ongoing_ids"]:
            show.say(
                "districts.long_ongoing_list",
                min=LONG_ONGOING,
                items=labels.measure_items(p.measure_list, counts["long_ongoing_ids"]),
            )
        rows = p.indicators[p.indicators["area_no"] == area_no]
        missing = [
            labels.indicator_name(plan.set_index("id").loc[i], lang)
            for i in rows.loc[rows["value"].isna(), "indicator"]
        ]
        if rows["value"].notna().any():
            show.table(
                labels.profile_table(rows, plan, district=p.district, baseline_year=baseline_year, lang=lang),
                f"{fold(p.district)}_omrade_{area_no}",
                title=show.words("districts.area_table_title", district=p.district, area_no=area_no),
                keep_together=False,
            )
            shown = labels.values_shown(
                rows, latest="year", baseline="baseline_value", baseline_year=baseline_year, linkoping=True
            )
            if odd := labels.implausible_items(shown, flagged, catalogue, lang):
                show.say("labels.implausible_note", n=len(odd), items="; ".join(odd))
        if missing:
            show.say("districts.area_missing", district=p.district, names=", ".join(missing))
    placed = p.desos[p.desos["peer_rank"].notna()]
    if len(placed):
        title = show.words(
            "districts.deso_table_title",
            district=p.district,
            n=len(p.desos),
            indicator=deso_name,
            start=str(DESO_START),
            count=words.join(sorted({str(n) for n in placed["peer_count"]}), lang),
            area_type=words.join(sorted({str(t) for t in placed["area_type"]}), lang),
            median=words.join(sorted({labels.profile_value(m, deso_entry, lang) for m in placed["peer_median"]}), lang),
        )
        show.table(labels.deso_table(p.desos, deso_entry, lang), f"{fold(p.district)}_deso", title=title)

# %%
show.say("districts.about", sources="; ".join(producers), year=str(year))
