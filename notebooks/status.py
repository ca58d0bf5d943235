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
# Report notebook of `segstats report`: the status of every measure in one follow-up year.
# `segstats report --year 2021` runs it and prints its outputs (never its code) to PDF.
# Logic lives in segstats.measures.analysis, charts in segstats.reports.plots, words in
# segstats/reports/words/status.yaml.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
from segstats.measures import analysis as measure_analysis
from segstats.measures import compare
from segstats.reports import citations, fmt, labels, plots
from segstats.reports.load import load_report_data
from segstats.reports.show import Show

show = Show(lang)
measures = load_report_data(data_dir).measures
this_year = measure_analysis.followup_year(measures, year)
cited = citations.followups(this_year, lang)
source_line = citations.line(cited, lang)
# Years go into the texts as text: as numbers they would be grouped ("2 021").
when = {"year": str(year), "baseline_year": str(baseline_year), "next_year": str(year + 1)}


def status_section(counts, name, *, what, first, names=None):
    """A stacked status chart of ``counts`` (no total row), its alt text and source, and its table."""
    shown = counts.drop(index="total", errors="ignore")
    with plots.style():
        ax = plots.status_bars(shown.rename(index=names or {}), lang=lang)
    alt = labels.status_alt(shown, what=show.words("status.stacked_alt", what=what), names=names, lang=lang)
    show.figure(ax, alt=alt, source=source_line)
    show.table(labels.status_table(counts, first=first, names=names, lang=lang), name, title=what)


# %%
show.title_page(show.words("status.title"), sources=cited)

# %%
shares = measure_analysis.status_totals(this_year)
said = {
    s: show.inline(
        f"status.summary_{s}", n=int(shares.loc[s, "count"]), share=fmt.percent(shares.loc[s, "share"], lang=lang)
    )
    for s in shares.index
}
show.say("status.summary", **when, measures=show.words("common.measures", n=int(shares["count"].sum())), **said)
with plots.style():
    ax = plots.status_totals(shares, lang=lang)
show.figure(
    ax,
    alt=labels.status_alt(
        shares[["count"]].T,
        what=show.words("status.totals_alt", **when),
        names={"count": show.words("status.all_measures")},
        lang=lang,
    ),
    source=source_line,
)
show.table(
    labels.status_totals_table(shares, lang),
    "status_totalt",
    title=show.words("status.totals_title", **when),
    formats={show.words("labels.share_percent"): lambda v: fmt.number(v, lang=lang)},
)

# %%
show.say("status.by_area")
status_section(
    measure_analysis.status_counts(this_year, by="area_no"),
    "status_per_utvecklingsomrade",
    what=show.words("status.by_area_title", **when),
    first=show.words("labels.area_header"),
    names={n: labels.area(n, lang) for n in this_year["area_no"].unique()},
)

# %%
show.say("status.by_district")
status_section(
    measure_analysis.status_by_item(this_year, "districts"),
    "status_per_stadsdel",
    what=show.words("status.by_district_title", **when),
    first=show.words("status.by_district_first"),
)

# %%
by_department = measure_analysis.status_by_item(this_year, "departments")
show.say("status.by_department")
status_section(
    by_department,
    "status_per_forvaltning",
    what=show.words("status.by_department_title", **when),
    first=show.words("labels.responsible"),
    names={c: labels.department(c, lang) for c in by_department.index},
)

# %%
not_done = measure_analysis.measures_with_status(this_year, "not_done")
show.say("status.not_done", n=len(not_done), comment=show.words("status.not_done_comment"))
show.table(
    not_done.assign(departments=[labels.departments(d, lang) for d in not_done["departments"]]).set_axis(
        [show.words(f"labels.{h}") for h in ("number_header", "measure_header", "responsible", "comment")], axis=1
    ),
    "ej_genomforda",
    title=show.words("status.not_done_title", **when),
)

# %%
carried = compare.carry_over(measures, year)
show.say("status.carried", **when)
if "not_stated" in carried.index:
    show.say("labels.handling_not_stated", n=int(carried.loc["not_stated", "n"]))
show.table(
    labels.carry_over_table(compare.carry_over_by_status(measures, year), year, lang),
    "status_och_nasta_plan",
    title=show.words("labels.carry_over_title", **when),
)

# %%
if year > baseline_year:
    by_year = compare.status_shares(measures, (baseline_year, year))
    done = [by_year.loc["total", (y, "done")] * 100 for y in (baseline_year, year)]
    missing = compare.missing_followup_years(measures, baseline_year, year)
    show.say(
        "status.change",
        **when,
        done_base=fmt.percent(done[0], lang=lang),
        done_year=fmt.percent(done[1], lang=lang),
        points=fmt.points(done[1] - done[0], lang=lang),
        missing=labels.missing_followups(missing, baseline_year, year, lang),
    )
    show.table(
        labels.shares_by_year_table(by_year, lang),
        "forandring_sedan_basaret",
        title=show.words("labels.shares_by_year_title", **when),
    )
else:
    show.say("status.change_baseline", **when)

# %%
show.say("status.about", **when, sources="; ".join(cited))
