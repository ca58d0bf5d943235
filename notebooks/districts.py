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
# stands on the plan's indicators (segstats.reports.district_pages), one overview page and two
# pages per district. `segstats report --year 2021` runs it and prints its outputs (never its code) to PDF.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
from segstats.reports import district_pages
from segstats.reports.load import load_report_data
from segstats.reports.show import Show

show = Show(lang)
report = district_pages.report(load_report_data(data_dir), year=year, baseline_year=baseline_year, lang=lang)

# %%
show.render(district_pages.title(report))

# %%
show.render(district_pages.overview(report))

# %%
for profile in report.profiles:
    show.render(district_pages.district(report, profile))

# %%
show.render(district_pages.about(report))
