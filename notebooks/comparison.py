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
# Report notebook of `segstats report`: the follow-up year against the baseline year; for the
# baseline year itself, what can be compared already. Logic in segstats.reports.comparison and
# segstats.measures.compare, words in segstats/reports/words/comparison.yaml.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
from segstats import codes
from segstats.measures import compare
from segstats.reports import citations, comparison, followup, labels, words
from segstats.reports.load import load_report_data
from segstats.reports.show import Show

show = Show(lang)
data = load_report_data(data_dir)
measures = data.measures
data.followup(year)  # a year without a follow-up is an error
compared = measures[measures["year"].between(baseline_year, year)]
cited = citations.followups(compared, lang)
catalogue = comparison.plan_indicators(data.catalogue)
# Years go into the texts as text: as numbers they would be grouped ("2 021").
when = {
    "year": str(year),
    "baseline_year": str(baseline_year),
    "next_year": str(year + 1),
    "previous_year": str(year - 1),
}
later = year > baseline_year  # the baseline year is never set beside itself

# %%
show.title_page(show.words("comparison.title" if later else "comparison.title_baseline", **when), sources=cited)

# %%
if later:
    years = [str(y) for y in sorted(compared["year"].unique())]
    missing = compare.missing_followup_years(measures, baseline_year, year)
    show.say(
        "comparison.followups",
        **when,
        years=words.join(years, lang),
        missing=labels.missing_followups(missing, baseline_year, year, lang),
    )
    comparison.show_status_by_year(show, measures, baseline_year, year, source=citations.line(cited, lang))
else:  # no status to compare yet: the indicators' change since the baseline leads
    comparison.show_indicators(show, data.indicators, catalogue, baseline_year)
    missing = compare.missing_followup_years(measures, baseline_year, year + 1)
    show.say("comparison.status_later", **when, missing=labels.missing_followups(missing, year, year + 1, lang))

# %%
if later:
    comparison.show_through_the_years(show, measures, data.lineage, year)

# %%
carried = compare.carry_over(measures, year)
n = {c: int(carried.loc[c, "n"]) for c in carried.index}
handled = {c: show.words(f"comparison.carried_{c}", **when, n=n[c]) for c in codes.codes("next_plan")}
show.say("comparison.carried", **when, total=n["total"], **handled)
if "not_stated" in n:
    show.say("labels.handling_not_stated", n=n["not_stated"])
show.render([followup.carry_over(measures, year, "hantering_nasta_plan", lang)])

# %%
if later:
    comparison.show_indicators(show, data.indicators, catalogue, baseline_year)
colours = show.words("comparison.about_colours") if later else ""  # a chart of statuses only in a later year
show.say("comparison.about", **when, sources="; ".join(cited), colours=colours)
