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
# Logic lives in segstats.measures.compare and segstats.indicators.analysis, words in segstats.reports.labels.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
import segstats
from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import analysis as measure_analysis
from segstats.measures import compare
from segstats.measures.lineage import load_lineage
from segstats.reports import citations, labels, plots
from segstats.reports.show import Show
from segstats.schema import FIRST_PLAN_YEAR

show = Show(lang)
t = show.t
measures = segstats.load_measures(data_dir)
measure_analysis.followup_year(measures, year)  # a year without a follow-up is an error
lineage = load_lineage(data_dir)
compared = measures[measures["year"].between(baseline_year, year)]
cited = citations.followups(compared)
source_line = citations.line(cited, lang)
years = sorted(int(y) for y in compared["year"].unique())
# The baseline year alone compares with nothing: then the next year's follow-up is the one missing.
missing = compare.describe_missing_followups(measures, baseline_year, max(year, baseline_year + 1), lang)


def comparable_table(rows, table, name, title):
    """The comparable rows as a table, and a sentence counting the places without a comparable value, by reason."""
    kept = rows["comparable"] == "yes"
    reasons = rows.loc[~kept, "comparable"].value_counts()
    words = {
        "no_baseline": t(f"inget värde {baseline_year}", f"no value for {baseline_year}"),
        "no_later_year": t("inget senare värde", "no later value"),
        "series_break": t("serieavbrott", "series break"),
        "no_linkoping": t("Linköpings värde saknas", "Linköping's value is missing"),
    }
    said = "; ".join(f"{words[r]}: {n}" for r, n in reasons.items() if n)
    show.text(
        f"{int(kept.sum())} områden har ett jämförbart värde. För {int((~kept).sum())} saknas det ({said or '–'}).",
        f"{int(kept.sum())} areas have a comparable value. {int((~kept).sum())} have none ({said or '–'}).",
    )
    if kept.any():
        show.table(table(rows[kept]), name, title=title)


def measure_table(rows, name, title, extra=None):
    """A table of measures (number, title, status and ``extra`` columns), or a sentence when there are none."""
    if rows.empty:
        show.text("Inga åtgärder.", "No measures.")
        return
    table = rows[["measure_id", "title", "status", *(extra or {})]].assign(
        status=[codes.label("status", s, lang) for s in rows["status"]]
    )
    headers = [t("Nr", "No."), t("Åtgärd", "Measure"), t("Status", "Status"), *(extra or {}).values()]
    show.table(table.set_axis(headers, axis=1), name, title=title)


# %%
show.title_page(
    t(
        f"Åtgärdsplanen mot segregation: {year} jämfört med basåret {baseline_year}",
        f"The action plan against segregation: {year} against the baseline year {baseline_year}",
    )
    if year > baseline_year
    else t(
        f"Åtgärdsplanen mot segregation: basåret {baseline_year} och vägen vidare",
        f"The action plan against segregation: the baseline year {baseline_year} and what followed",
    ),
    sources=cited,
)

# %%
show.text(
    f"""## Vilka uppföljningar som finns

Rapporten jämför uppföljningsåret {year} med basåret {baseline_year}. Uppföljningar finns i data för
{", ".join(map(str, years))}. {missing} Det som kräver en saknad uppföljning redovisas inte; inget
värde är uppskattat.""",
    f"""## Which follow-ups there are

This report compares the follow-up year {year} with the baseline year {baseline_year}. The data have
follow-ups of {", ".join(map(str, years))}. {missing} What needs a missing follow-up is not reported;
no value is estimated.""",
)

# %%
by_year = measure_analysis.status_counts(compared, by="year")
with plots.style():
    ax = plots.status_bars(by_year.drop(index="total", errors="ignore"), lang=lang)
show.figure(
    ax,
    alt=labels.status_alt(
        by_year.drop(index="total", errors="ignore"),
        what=t(
            "Staplade liggande staplar: antal åtgärder per år och status",
            "Stacked horizontal bars: measures per year and status",
        ),
        lang=lang,
    ),
    source=source_line,
)
show.text(
    """## Status per utvecklingsområde, basåret och uppföljningsåret

Åtgärderna numreras om varje år och planen ändras, så tabellen jämför fördelningen över status,
inte samma åtgärder. Ett år utan uppföljning står som –.""",
    """## Status per development area, baseline and follow-up year

Measures are renumbered every year and the plan changes, so the table compares the distribution
over statuses, not the same measures. A year without a follow-up shows as –.""",
)
show.table(
    labels.shares_by_year_table(compare.status_shares(measures, sorted({baseline_year, year})), lang),
    "status_per_ar",
    title=t(
        f"Andel åtgärder per status och utvecklingsområde, {baseline_year} och {year}",
        f"Share of measures per status and development area, {baseline_year} and {year}",
    ),
)

# %%
show.text(
    """## Åtgärderna genom åren

En åtgärd följs bakåt genom de åtgärder i tidigare års planer som den fortsätter (uppföljningens
egna hänvisningar).""",
    """## The measures through the years

A measure is followed back through the measures of earlier plans it continues (the follow-ups'
own references).""",
)
if year > baseline_year:
    ongoing = compare.still_ongoing(measures, year)
    show.text(
        f"### Pågår sedan två år eller mer\n\n{len(ongoing)} åtgärder {year} har haft status "
        f"*Pågår* i minst två uppföljningar i rad.",
        f"### Ongoing for two years or more\n\n{len(ongoing)} measures of {year} have been "
        f"*Ongoing* in at least two follow-ups in a row.",
    )
    measure_table(
        ongoing.assign(since=ongoing["since"].astype(str)),  # a year, not a number with thousands separator
        "pagar_sedan_minst_tva_ar",
        t(f"Åtgärder {year} som pågått i minst två år", f"Measures of {year} ongoing for at least two years"),
        {"since": t("Pågår sedan", "Ongoing since")},
    )
    twice = compare.not_done_repeatedly(measures, year)
    show.text(
        f"### Ej genomförda två gånger\n\n{len(twice)} åtgärder {year} har, med sina "
        f"föregångare, haft status *Ej genomförd* minst två gånger.",
        f"### Not done twice\n\n{len(twice)} measures of {year} have, with their predecessors, "
        f"been *Not done* at least twice.",
    )
    measure_table(
        twice,
        "ej_genomford_tva_ganger",
        t(f"Åtgärder {year} som inte genomförts två gånger", f"Measures of {year} not done twice"),
        {"not_done_times": t("Gånger Ej genomförd", "Times Not done")},
    )
else:
    show.text(
        f"{year} är basåret; hur länge en åtgärd har pågått går att följa från och med uppföljningen {year + 1}.",
        f"{year} is the baseline year; how long a measure has been ongoing can be followed "
        f"from the {year + 1} follow-up on.",
    )

# %%
if year - 1 in years:
    new = compare.new_measures(measures, year)
    dropped = compare.dropped_measures(measures, lineage, year - 1)
    show.text(
        f"""## Nya och borttagna åtgärder

{len(new)} åtgärder {year} fortsätter ingen av åtgärderna {year - 1}; {len(dropped)} åtgärder {year - 1}
finns enligt uppföljningen inte med i planen {year}.""",
        f"""## New and dropped measures

{len(new)} measures of {year} continue none of the measures of {year - 1}; {len(dropped)} measures of
{year - 1} are, according to the follow-up, not in the {year} plan.""",
    )
    measure_table(new, "nya_atgarder", t(f"Nya åtgärder {year}", f"New measures, {year}"))
    measure_table(
        dropped,
        "borttagna_atgarder",
        t(f"Åtgärder {year - 1} som inte finns med {year}", f"Measures of {year - 1} not in the {year} plan"),
        {"next_plan_text": t("Kommentar", "Comment")},
    )
elif year == FIRST_PLAN_YEAR:
    show.text(
        f"## Nya och borttagna åtgärder\n\n{year} är den första planen: alla dess "
        f"{len(measures[measures['year'] == year])} åtgärder är nya.",
        f"## New and dropped measures\n\n{year} is the first plan: all its "
        f"{len(measures[measures['year'] == year])} measures are new.",
    )
else:
    show.text(
        f"## Nya och borttagna åtgärder\n\nNya och borttagna åtgärder {year} kräver "
        f"uppföljningen {year - 1}, som saknas.",
        f"## New and dropped measures\n\nNew and dropped measures in {year} need the "
        f"{year - 1} follow-up, which is missing.",
    )

# %%
carried = compare.carry_over(measures, year)
n = {c: int(carried.loc[c, "n"]) for c in carried.index}
show.text(
    f"""## Hur åtgärderna {year} förs vidare till planen {year + 1}

Av de {n["total"]} åtgärderna {year} är {n["kept"]} vidmakthållna, {n["developed"]} vidareutvecklade,
{n["merged"]} ingår i en annan åtgärd och {n["dropped"]} finns inte med i planen {year + 1}."""
    + (f" För {n['not_stated']} åtgärder anges inte hanteringen." if "not_stated" in n else ""),
    f"""## How the measures of {year} are carried into the {year + 1} plan

Of the {n["total"]} measures of {year}, {n["kept"]} are kept, {n["developed"]} developed,
{n["merged"]} merged into another measure and {n["dropped"]} dropped from the {year + 1} plan."""
    + (f" For {n['not_stated']} measures the handling is not stated." if "not_stated" in n else ""),
)
show.table(
    labels.status_table(
        compare.carry_over_by_status(measures, year),
        first=t(f"Hantering i planen {year + 1}", f"Handling in the {year + 1} plan"),
        names={c: codes.label("next_plan", c, lang) for c in codes.codes("next_plan")},
        lang=lang,
    ),
    "hantering_nasta_plan",
    title=t(
        f"Antal åtgärder per hantering i planen {year + 1} och status {year}",
        f"Measures per handling in the {year + 1} plan and status in {year}",
    ),
)

# %%
indicators = segstats.load_indicators(data_dir)
catalogue = segstats.indicator_catalogue(data_dir)
catalogue = catalogue[catalogue["id"] != indicator_analysis.AREA_TYPE].sort_values(["area_no", "id"], kind="stable")
change = indicator_analysis.indicator_change(indicators, catalogue, baseline_year)
counted = catalogue.loc[catalogue["unit"].isin(codes.COUNT_UNITS), "id"]  # no gaps in counts
gaps = indicator_analysis.gap_change(change[~change["indicator"].isin(counted)], indicators, baseline_year)
show.text(
    f"""## Indikatorerna sedan basåret {baseline_year}

Värdet {baseline_year} jämförs med det senaste året med data, som kan ligga efter uppföljningsåret.
En förändring räknas bara för samma område (samma slags område, RegSO eller stadsdel) när båda
åren har ett värde och inget serieavbrott ligger emellan; annars står skälet.""",
    f"""## The indicators since the baseline year {baseline_year}

The value in {baseline_year} is compared with the latest year with data, which may be after the
follow-up year. A change is given only for the same area (the same kind of area, RegSO or district)
when both years have a value and no series break lies between them; otherwise the reason is given.""",
)
comparable_table(
    change,
    lambda rows: labels.change_table(rows, catalogue, baseline_year=baseline_year, lang=lang),
    "indikatorer_forandring",
    t(f"Indikatorerna {baseline_year} och senaste år", f"The indicators in {baseline_year} and the latest year"),
)
show.text(
    """### Skillnaden mot Linköping

Skillnaden är stadsdelens värde minus Linköpings samma år. Den räknas bara när Linköping har ett
värde båda åren.""",
    """### The gap to Linköping

The gap is the district's value minus Linköping's in the same year. It is given only when
Linköping has a value in both years.""",
)
comparable_table(
    gaps,
    lambda rows: labels.change_table(rows, catalogue, baseline_year=baseline_year, lang=lang, gap=True),
    "skillnad_mot_linkoping",
    t(
        f"Stadsdelarnas skillnad mot Linköping, {baseline_year} och senaste år",
        f"The districts' gap to Linköping, {baseline_year} and the latest year",
    ),
)

# %%
show.text(
    f"""## Om rapporten

**Datakällor.** Uppföljningarna av åtgärdsplanen ({"; ".join(cited)}) och indikatorerna i
rapporten *Indikatorer*. Statusfärgerna betyder om en åtgärd är genomförd, inte Koladas
färgmarkering; statusen står alltid också utskriven.

**Så tas rapporten fram.** Rapporten skapas automatiskt från data med `segstats report --year {year}`.
Tabellerna finns också som CSV- och Excelfiler i mappen `tables/` bredvid rapporten.""",
    f"""## About this report

**Data sources.** The follow-ups of the action plan ({"; ".join(cited)}, in Swedish) and the
indicators of the *Indicators* report. The status colours mean whether a measure was carried out,
not Kolada's colours; the status is always written out as well.

**How it is made.** The report is made automatically from the data with
`segstats report --year {year} --lang en`. The tables are also in the folder `tables/` beside the
report, as CSV and Excel files.""",
)
