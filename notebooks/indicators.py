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
# Report notebook of `segstats report`: the plan's indicators for Berga, Ryd and Skäggetorp over
# the years, against Linköping, Sweden and the RegSOs of the same områdestyp; comparison series
# in an appendix. `segstats report --year 2021` runs it and prints its outputs (never its code) to PDF.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
import matplotlib.pyplot as plt
import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.profile import DESO_INDICATOR, DESO_START, indicator_rows
from segstats.reports import citations, fmt, labels, plots
from segstats.reports.load import load_report_data
from segstats.reports.show import Show

show = Show(lang)
data = load_report_data(data_dir)
data.followup(year)  # a year without a follow-up is an error
indicators, catalogue = data.indicators, data.catalogue
catalogue = catalogue[catalogue["id"] != indicator_analysis.AREA_TYPE].sort_values(["area_no", "id"], kind="stable")
plan, series = catalogue[catalogue["plan"]], catalogue[~catalogue["plan"]]
flagged = indicator_analysis.implausible_rows(indicators, catalogue)
used = indicators[indicators["indicator"].isin([*catalogue["id"], indicator_analysis.AREA_TYPE])]
plan_rows = {d: indicator_rows(indicators, plan, d, baseline_year) for d in codes.codes("district")}
series_rows = {d: indicator_rows(indicators, series, d, baseline_year, peers=False) for d in codes.codes("district")}
charted = [
    e for _, e in plan.iterrows() if any(r.set_index("indicator")["value"].notna()[e["id"]] for r in plan_rows.values())
]

# %%
show.title_page(show.words("indicators.title"), sources=citations.producers(used))

# %%
show.say(
    "indicators.about_indicators",
    plan=len(plan),
    charted=len(charted),
    comparison=len(series),
    latest=str(int(used["year"].max()) if len(used) else year),
    year=str(year),
    baseline_year=str(baseline_year),
    larger=labels.regso_larger(indicators, lang),
)
types = indicator_analysis.area_types(indicators)
show.say("indicators.area_type")
if types.empty:
    show.say("indicators.no_area_type")
else:
    show.table(labels.area_type_table(types, lang), "omradestyp", title=show.words("indicators.area_type_title"))

# %%
show.say("indicators.plan_heading")
show.say("indicators.area_judgement")
for area_no in sorted({int(e["area_no"]) for e in charted}):
    show.say("indicators.area_heading", area=labels.area(area_no, lang))
    for entry in (e for e in charted if e["area_no"] == area_no):
        rows = indicator_analysis.trend_rows(indicators, entry["id"])
        name = labels.indicator_name(entry, lang)
        unit, decimals = labels.indicator_format(entry)
        with plots.style():
            ax = plots.indicator_trend(
                rows,
                unit=unit,
                decimals=decimals,
                breaks=entry["break_rules"],
                lang=lang,
            )
            ax.set_title(labels.wrap(f"{name} ({unit})" if unit else name, 48))
        show.figure(
            ax,
            alt=labels.trend_alt(rows, name=name, unit=unit, decimals=decimals, lang=lang),
            source=citations.line(citations.producers(rows), lang),
            half=True,
        )

# %%
missing = labels.missing_table(plan_rows, plan, lang)
show.say("indicators.missing_heading")
if missing.empty:
    show.say("indicators.missing_none")
else:
    show.table(missing, "saknas", title=show.words("indicators.missing_title"))

# %%
coverage = {e["id"]: indicator_analysis.peer_coverage(indicators, e["id"]) for _, e in plan.iterrows()}
type_years = {int(y) for c in coverage.values() for y in c["area_type_year"].dropna()}
show.say(
    "indicators.peers",
    area_type_year=", ".join(map(str, sorted(type_years))) or fmt.MISSING,
    share=fmt.percent(indicator_analysis.NEAR_COMPLETE * 100, lang=lang),
)
compared = [(e, indicator_analysis.peer_values(indicators, e["id"])) for _, e in plan.iterrows()]
compared = [(e, peers) for e, peers in compared if not peers.empty]
if compared:
    show.table(
        labels.peer_summary_table(compared, lang), "samma_omradestyp", title=show.words("indicators.peers_title")
    )
else:
    show.say("indicators.peers_none")
refused = [
    show.words(
        "indicators.peers_refused_item",
        name=labels.indicator_name(plan.set_index("id").loc[i], lang),
        counts=", ".join(
            show.words(
                "indicators.peers_refused_count", district=r.district, year=str(r.year), count=r.count, of=r.type_count
            )
            for r in c.itertuples()
            if r.comparable == "incomplete"
        ),
    )
    for i, c in coverage.items()
    if (c["comparable"] == "incomplete").any()
]
if refused:
    show.say("indicators.peers_refused")
    show.items(refused)
deso_entry = catalogue.set_index("id").loc[DESO_INDICATOR]
deso_name = labels.indicator_name(deso_entry, lang)
deso_position = indicator_analysis.deso_peer_position(
    indicator_analysis.deso_peers(indicators, data.geographies, DESO_INDICATOR, DESO_START)
)
if len(deso_position):
    show.say("indicators.deso_peers", indicator=deso_name.lower(), year=str(DESO_START))
    show.table(
        labels.deso_peer_table(deso_position, deso_entry, lang),
        "deso_samma_omradestyp",
        title=show.words("indicators.deso_peers_title", indicator=deso_name, year=str(DESO_START)),
        keep_together=False,
    )
if compared:
    show.say("indicators.peers_histogram")
for entry, peers in compared:
    name, (unit, decimals) = labels.indicator_name(entry, lang), labels.indicator_format(entry)
    show.say("indicators.indicator_heading", name=name)
    blocks = list(peers.groupby("district", sort=False))
    with plots.style():
        fig, axes = plt.subplots(
            len(blocks), 1, figsize=(plots.FULL_WIDTH, 1.2 * len(blocks) + 0.3), layout="constrained"
        )
        for ax, (district, block) in zip(fig.axes, blocks, strict=True):
            plots.peer_distribution(block, unit=unit, decimals=decimals, lang=lang, ax=ax)
            ax.set_title(
                show.words(
                    "indicators.peer_panel",
                    district=district,
                    n=len(block),
                    area_type=int(block["area_type"].iloc[0]),
                    year=str(block["year"].iloc[0]),
                )
            )
    show.figure(
        fig,
        alt=labels.peer_alt(indicator_analysis.peer_position(peers), unit=unit, decimals=decimals, lang=lang),
        source=citations.line(
            citations.producers(indicators[indicators["indicator"].isin([entry["id"], indicator_analysis.AREA_TYPE])]),
            lang,
        ),
    )

# %%
change = indicator_analysis.indicator_change(indicators, plan, baseline_year)
kept = change["comparable"] == "yes"
show.say("indicators.change", baseline_year=str(baseline_year))
if kept.any():
    show.table(
        labels.change_table(change[kept], plan, baseline_year=baseline_year, lang=lang),
        "forandring_sedan_basaret",
        title=show.words("indicators.change_title", baseline_year=str(baseline_year)),
    )
    shown = labels.values_shown(change[kept], latest="year_latest", baseline="value_base", baseline_year=baseline_year)
    if odd := labels.implausible_items(shown, flagged, catalogue, lang):
        show.say("labels.implausible_note", n=len(odd), items="; ".join(odd))
else:
    show.say("indicators.change_none", baseline_year=str(baseline_year))
reasons = change.loc[~kept, "comparable"].value_counts()
if (~kept).any():
    show.say(
        "indicators.change_rest",
        n=int((~kept).sum()),
        reasons="; ".join(
            show.words(
                "indicators.reason_count",
                reason=labels.word(f"reason_{r}", lang, baseline_year=str(baseline_year)),
                n=int(n),
            )
            for r, n in reasons.items()
            if n
        ),
    )

# %%
show.say("indicators.appendix")
show.table(
    labels.overview_table(series_rows, series, lang),
    "jamforelseserier",
    title=show.words("indicators.appendix_title"),
)
shown = pd.concat([labels.values_shown(r, latest="year", linkoping=True) for r in series_rows.values()])
if odd := labels.implausible_items(shown, flagged, catalogue, lang):
    show.say("labels.implausible_note", n=len(odd), items="; ".join(odd))
without = labels.without_values(series_rows, series, lang)
if without:
    show.say("indicators.appendix_no_data", names=", ".join(without))

# %%
show.say("indicators.about", sources="; ".join(citations.producers(used)), year=str(year))
show.table(labels.catalogue_table(plan, lang), "indikatorer", title=show.words("indicators.catalogue_title"))
