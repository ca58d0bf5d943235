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
# Report notebook of `segstats report`: the plan's indicators for Berga, Ryd and Skäggetorp against
# Linköping, Sweden and the areas of the same områdestyp (segstats.reports.indicator_pages);
# comparison series in an appendix. `segstats report --year 2021` runs it and prints its outputs
# (never its code) to PDF.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
from segstats.reports import indicator_pages
from segstats.reports.load import load_report_data
from segstats.reports.show import Show

show = Show(lang)
report = indicator_pages.report(load_report_data(data_dir), year=year, baseline_year=baseline_year, lang=lang)

# %%
show.render(indicator_pages.title(report))

# %%
show.render(indicator_pages.introduction(report))

# %%
show.render(indicator_pages.charts(report))

# %%
show.render(indicator_pages.missing(report))

# %%
show.render(indicator_pages.peers(report))

# %%
show.render(indicator_pages.change(report))

# %%
show.render(indicator_pages.segregation(report))

# %%
show.render(indicator_pages.appendix(report))

# %%
show.render(indicator_pages.about(report))
