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
# Report notebook of `segstats report`: the follow-up of one year as a document of its own, the
# summary first, then every measure per development area. Logic in segstats.reports.followup and
# segstats.measures, words in segstats/reports/words/status.yaml.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
from segstats.measures import analysis as measure_analysis
from segstats.measures import compare
from segstats.reports import citations, followup
from segstats.reports.load import load_report_data
from segstats.reports.show import Entry, Show

show = Show(lang)
data = load_report_data(data_dir)
this_year = data.followup(year)
areas = followup.areas(data.measures, data.lineage, data.area_summaries, year, lang)
years_shown = followup.years_shown(areas)
cited = citations.followups(data.measures[data.measures["year"].isin(years_shown)], lang)
source_line = citations.line(citations.followups(this_year, lang), lang)
# Years go into the texts as text: as numbers they would be grouped ("2 021").
when = {"year": str(year), "baseline_year": str(baseline_year), "next_year": str(year + 1)}

# %%
show.title_page(show.words("status.title"), sources=cited)
show.contents(
    show.words("status.contents_title"),
    [
        Entry(show.words("status.summary_heading"), "summary"),
        *followup.contents(areas),
        Entry(show.words("status.about_heading"), "about"),
    ],
)

# %%
shares = measure_analysis.status_totals(this_year)
show.heading(show.words("status.summary_heading"), anchor="summary")
history = show.words("status.history_shown" if len(years_shown) > 1 else "status.history_none", **when)
show.say("status.contents_intro", **when, history=history)
show.say("status.summary", **when, **followup.summary_values(shares, lang))
followup.show_totals(show, shares, year=year, source=source_line)
for by in ("area_no", "districts", "departments"):
    followup.show_status_section(show, this_year, by, year=year, source=source_line)

# %%
not_done = followup.not_done(data.measures, year, lang)
show.say("status.not_done", n=len(not_done.data), comment=show.words("status.not_done_comment"))
show.render([not_done])
if ongoing := followup.long_ongoing(areas):
    show.say("status.long_ongoing", n=len(ongoing), ids=", ".join(ongoing))

# %%
show.say("status.carried", **when)
carried = compare.carry_over(data.measures, year)
if "not_stated" in carried.index:
    show.say("labels.handling_not_stated", n=int(carried.loc["not_stated", "n"]))
show.render([followup.carry_over(data.measures, year, "status_och_nasta_plan", lang)])
followup.show_change_since_baseline(show, data.measures, baseline_year, year)

# %%
for area in areas:
    show.heading(area.heading, anchor=area.anchor)
    counted = show.words("common.measures", n=int(area.counts.sum()))
    show.say("status.area_counts", **when, measures=counted, statuses=area.statuses)
    show.say(area.summary_key, **when)
    show.originals(area.summary)
    for measure in area.measures:
        show.record(measure.fields, heading=measure.measure_id, anchor=measure.anchor, original=measure.title)

# %%
show.heading(show.words("status.about_heading"), anchor="about")
show.say("status.about", **when, sources="; ".join(cited))
