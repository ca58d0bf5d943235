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
# Report notebook of `segstats report`: the follow-up year against the baseline year.
# `segstats report --year 2023` runs it and prints its outputs (never its code) to PDF.
# Logic lives in segstats.measures.compare and segstats.indicators.analysis, words in
# segstats/reports/words/comparison.yaml.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import analysis as measure_analysis
from segstats.measures import compare
from segstats.reports import citations, fmt, labels, plots, words
from segstats.reports.load import load_report_data
from segstats.reports.show import Show
from segstats.schema import FIRST_PLAN_YEAR

show = Show(lang)
data = load_report_data(data_dir)
measures, lineage = data.measures, data.lineage
data.followup(year)  # a year without a follow-up is an error
compared = measures[measures["year"].between(baseline_year, year)]
cited = citations.followups(compared, lang)
source_line = citations.line(cited, lang)
years = sorted(int(y) for y in compared["year"].unique())
# Years go into the texts as text: as numbers they would be grouped ("2 021").
when = {
    "year": str(year),
    "baseline_year": str(baseline_year),
    "next_year": str(year + 1),
    "previous_year": str(year - 1),
}


def comparable_table(rows, table, name, title):
    """The comparable rows as a table, and a sentence counting the places without a comparable value, by reason."""
    kept = rows["comparable"] == "yes"
    reasons = rows.loc[~kept, "comparable"].value_counts()
    said = "; ".join(f"{labels.reason(r, baseline_year, lang)}: {n}" for r, n in reasons.items() if n)
    not_comparable = show.words("comparison.not_comparable", n=int((~kept).sum()), reasons=said or fmt.MISSING)
    show.say("comparison.comparable", n=int(kept.sum()), not_comparable=not_comparable)
    if kept.any():
        show.table(table(rows[kept]), name, title=title)


def measure_table(rows, name, title, extra=None):
    """A table of measures (number, title, status and ``extra`` columns), or a sentence when there are none."""
    if rows.empty:
        show.say("comparison.no_measures")
        return
    table = rows[["measure_id", "title", "status", *(extra or {})]].assign(
        status=[codes.label("status", s, lang) for s in rows["status"]]
    )
    headers = [show.words(f"labels.{h}") for h in ("number_header", "measure_header", "status")]
    show.table(table.set_axis([*headers, *(extra or {}).values()], axis=1), name, title=title)


# %%
show.title_page(
    show.words("comparison.title" if year > baseline_year else "comparison.title_baseline", **when), sources=cited
)

# %%
# The baseline year alone compares with nothing: then the next year's follow-up is the one missing.
until = max(year, baseline_year + 1)
missing = labels.missing_followups(
    compare.missing_followup_years(measures, baseline_year, until), baseline_year, until, lang
)
show.say("comparison.followups", **when, years=words.join([str(y) for y in years], lang), missing=missing)

# %%
by_year = measure_analysis.status_counts(compared, by="year").drop(index="total", errors="ignore")
with plots.style():
    ax = plots.status_bars(by_year, lang=lang)
show.figure(
    ax, alt=labels.status_alt(by_year, what=show.words("comparison.by_year_alt"), lang=lang), source=source_line
)
show.say("comparison.status_per_area")
show.table(
    labels.shares_by_year_table(compare.status_shares(measures, sorted({baseline_year, year})), lang),
    "status_per_ar",
    title=show.words("labels.shares_by_year_title", **when),
)

# %%
show.say("comparison.through_the_years")
if year > baseline_year:
    ongoing = compare.still_ongoing(measures, year)
    show.say("comparison.ongoing", **when, n=len(ongoing))
    measure_table(
        ongoing.assign(since=ongoing["since"].astype(str)),  # a year, not a number with thousands separator
        "pagar_sedan_minst_tva_ar",
        show.words("comparison.ongoing_title", **when),
        {"since": show.words("comparison.ongoing_since")},
    )
    twice = compare.not_done_repeatedly(measures, year)
    show.say("comparison.twice", **when, n=len(twice))
    measure_table(
        twice,
        "ej_genomford_tva_ganger",
        show.words("comparison.twice_title", **when),
        {"not_done_times": show.words("comparison.twice_times")},
    )
else:
    show.say("comparison.through_the_years_baseline", **when)

# %%
if year - 1 in years:
    new = compare.new_measures(measures, year)
    dropped = compare.dropped_measures(measures, lineage, year - 1)
    show.say(
        "comparison.new_and_dropped",
        **when,
        n=len(new),
        dropped=show.words("comparison.dropped", **when, n=len(dropped)),
    )
    measure_table(new, "nya_atgarder", show.words("comparison.new_title", **when))
    measure_table(
        dropped,
        "borttagna_atgarder",
        show.words("comparison.dropped_title", **when),
        {"next_plan_text": show.words("labels.comment")},
    )
elif year == FIRST_PLAN_YEAR:
    show.say("comparison.new_and_dropped_first_plan", **when, n=int((measures["year"] == year).sum()))
else:
    show.say("comparison.new_and_dropped_missing", **when)

# %%
carried = compare.carry_over(measures, year)
n = {c: int(carried.loc[c, "n"]) for c in carried.index}
show.say(
    "comparison.carried",
    **when,
    total=n["total"],
    **{c: show.words(f"comparison.carried_{c}", **when, n=n[c]) for c in codes.codes("next_plan")},
)
if "not_stated" in n:
    show.say("labels.handling_not_stated", n=n["not_stated"])
show.table(
    labels.carry_over_table(compare.carry_over_by_status(measures, year), year, lang),
    "hantering_nasta_plan",
    title=show.words("labels.carry_over_title", **when),
)

# %%
indicators, catalogue = data.indicators, data.catalogue
catalogue = catalogue[catalogue["id"] != indicator_analysis.AREA_TYPE].sort_values(["area_no", "id"], kind="stable")
change = indicator_analysis.indicator_change(indicators, catalogue, baseline_year)
counted = catalogue.loc[catalogue["unit"].isin(codes.COUNT_UNITS), "id"]  # no gaps in counts
gaps = indicator_analysis.gap_change(change[~change["indicator"].isin(counted)], indicators, baseline_year)
show.say("comparison.indicators", **when)
comparable_table(
    change,
    lambda rows: labels.change_table(rows, catalogue, baseline_year=baseline_year, lang=lang),
    "indikatorer_forandring",
    show.words("comparison.indicators_title", **when),
)
show.say("comparison.gap")
comparable_table(
    gaps,
    lambda rows: labels.change_table(rows, catalogue, baseline_year=baseline_year, lang=lang, gap=True),
    "skillnad_mot_linkoping",
    show.words("comparison.gap_title", **when),
)

# %%
show.say("comparison.about", **when, sources="; ".join(cited))
