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
# Logic lives in segstats.measures.analysis, charts in segstats.reports.plots, words in segstats.reports.labels.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
import segstats
from segstats import codes
from segstats.measures import analysis as measure_analysis
from segstats.measures import compare
from segstats.reports import citations, fmt, labels, plots
from segstats.reports.show import Show

show = Show(lang)
t = show.t
measures = segstats.load_measures(data_dir)
this_year = measure_analysis.followup_year(measures, year)
cited = citations.followups(this_year)
source_line = citations.line(cited, lang)


def status_section(counts, name, *, what, first, names=None):
    """A stacked status chart of ``counts`` (no total row), its alt text and source, and its table."""
    shown = counts.drop(index="total", errors="ignore")
    with plots.style():
        ax = plots.status_bars(shown.rename(index=names or {}), lang=lang)
    alt = labels.status_alt(
        shown, what=t("Staplade liggande staplar: ", "Stacked horizontal bars: ") + what, names=names, lang=lang
    )
    show.figure(ax, alt=alt, source=source_line)
    show.table(labels.status_table(counts, first=first, names=names, lang=lang), name, title=what)


# %%
show.title_page(
    t(
        "Status för åtgärderna i åtgärdsplanen mot segregation",
        "Status of the measures in the action plan against segregation",
    ),
    sources=cited,
)

# %%
shares = measure_analysis.status_totals(this_year)
n = int(shares["count"].sum())
said = {s: fmt.count_share(shares.loc[s, "count"], shares.loc[s, "share"], lang) for s in shares.index}
show.text(
    f"""## Sammanfattning

Uppföljningen {year} omfattar **{n} åtgärder** i fem utvecklingsområden. **{said["done"]}** är
genomförda, **{said["ongoing"]}** pågår och **{said["not_done"]}** är ej genomförda. Statusen har
lämnats av den förvaltning som ansvarar för åtgärden. Spannet inom *Pågår* är brett: från ett
arbete som just har börjat till en process som inte har något slutdatum.""",
    f"""## Summary

The {year} follow-up covers **{n} measures** in five development areas. **{said["done"]}** are
done, **{said["ongoing"]}** are ongoing and **{said["not_done"]}** are not done. The status was
given by the department responsible for each measure. *Ongoing* is broad: from work that has
just begun to a process without an end date.""",
)
with plots.style():
    ax = plots.status_totals(shares, lang=lang)
show.figure(
    ax,
    alt=labels.status_alt(
        shares[["count"]].T,
        what=t(f"Liggande staplar: antal åtgärder per status {year}", f"Horizontal bars: measures per status, {year}"),
        names={"count": t("Alla åtgärder", "All measures")},
        lang=lang,
    ),
    source=source_line,
)
show.table(
    labels.status_totals_table(shares, lang),
    "status_totalt",
    title=t(f"Antal och andel åtgärder per status {year}", f"Number and share of measures per status, {year}"),
    formats={f"{labels.word('share', lang)} (%)": lambda v: fmt.number(v, lang=lang)},
)

# %%
show.text(
    "## Per utvecklingsområde\n\nSiffrorna i staplarna är antal åtgärder; summan står efter varje stapel.",
    "## By development area\n\nThe numbers in the bars are counts of measures; the total follows each bar.",
)
status_section(
    measure_analysis.status_counts(this_year, by="area_no"),
    "status_per_utvecklingsomrade",
    what=t(
        f"Antal åtgärder per utvecklingsområde och status {year}", f"Measures per development area and status, {year}"
    ),
    first=t("Utvecklingsområde", "Development area"),
    names={n: labels.area(n, lang) for n in this_year["area_no"].unique()},
)

# %%
show.text(
    """## Per stadsdel

En åtgärd som riktar sig till flera stadsdelar räknas i varje stadsdel, så raderna summerar till
mer än antalet åtgärder. Åtgärder som riktar sig till andra än stadsdelarna (till exempel
mottagande skolor) står på egen rad.""",
    """## By district

A measure aimed at several districts counts in each of them, so the rows add up to more than
the number of measures. Measures aimed at others than the districts (for example receiving
schools) have their own row.""",
)
status_section(
    measure_analysis.status_by_item(this_year, "districts"),
    "status_per_stadsdel",
    what=t(f"Antal åtgärder per stadsdel och status {year}", f"Measures per district and status, {year}"),
    first=t("Stadsdel eller målgrupp", "District or target group"),
)

# %%
by_department = measure_analysis.status_by_item(this_year, "departments")
show.text(
    """## Per ansvarig förvaltning

En åtgärd med flera ansvariga räknas hos var och en av dem. En enhet inom en förvaltning (till
exempel säkerhetsenheten) räknas till sin förvaltning.""",
    """## By responsible department

A measure with several responsible departments counts with each of them. A unit within a
department (for example the security unit) counts with its department.""",
)
status_section(
    by_department,
    "status_per_forvaltning",
    what=t(
        f"Antal åtgärder per ansvarig förvaltning och status {year}",
        f"Measures per responsible department and status, {year}",
    ),
    first=t("Ansvarig", "Responsible"),
    names={c: labels.department(c, lang) for c in by_department.index},
)

# %%
not_done = measure_analysis.measures_with_status(this_year, "not_done")
show.text(
    f"""## Åtgärder som inte genomförts

{fmt.number(len(not_done), lang=lang)} {"åtgärd" if len(not_done) == 1 else "åtgärder"} har status *Ej genomförd*.
Kommentaren är den ansvariga förvaltningens egen; – betyder att ingen kommentar lämnades.""",
    f"""## Measures not carried out

{fmt.number(len(not_done), lang=lang)} {"measure has" if len(not_done) == 1 else "measures have"} the status
*Not done*. The comment is the responsible department's own (in Swedish); – means that none was given.""",
)
show.table(
    not_done.assign(departments=[labels.departments(d, lang) for d in not_done["departments"]]).set_axis(
        [t("Nr", "No."), t("Åtgärd", "Measure"), t("Ansvarig", "Responsible"), t("Kommentar", "Comment")], axis=1
    ),
    "ej_genomforda",
    title=t(f"Åtgärder med status Ej genomförd {year}", f"Measures with the status Not done, {year}"),
)

# %%
carried = compare.carry_over(measures, year)
not_stated = int(carried.loc["not_stated", "n"]) if "not_stated" in carried.index else 0
show.text(
    f"""## Hur åtgärderna förs vidare till planen {year + 1}

Uppföljningen anger för varje åtgärd hur den hanteras i nästa års åtgärdsplan: *vidmakthållen*
(finns kvar i samma omfattning), *vidareutvecklad*, *ingår i en annan åtgärd* eller *finns ej med*."""
    + (f" För {not_stated} åtgärder anges inte hur de hanteras; de ingår inte i tabellen." if not_stated else ""),
    f"""## How the measures are carried into the {year + 1} plan

For every measure the follow-up says how next year's plan handles it: *kept* (unchanged in scope),
*developed*, *merged into another measure* or *dropped*."""
    + (f" For {not_stated} measures the handling is not stated; they are not in the table." if not_stated else ""),
)
show.table(
    labels.status_table(
        compare.carry_over_by_status(measures, year),
        first=t(f"Hantering i planen {year + 1}", f"Handling in the {year + 1} plan"),
        names={c: codes.label("next_plan", c, lang) for c in codes.codes("next_plan")},
        lang=lang,
    ),
    "status_och_nasta_plan",
    title=t(
        f"Antal åtgärder per hantering i planen {year + 1} och status {year}",
        f"Measures per handling in the {year + 1} plan and status in {year}",
    ),
)

# %%
if year > baseline_year:
    by_year = compare.status_shares(measures, (baseline_year, year))
    done = [by_year.loc["total", (y, "done")] * 100 for y in (baseline_year, year)]
    show.text(
        f"""## Förändring sedan basåret {baseline_year}

Andelen genomförda åtgärder var {fmt.percent(done[0], lang=lang)} {baseline_year} och
{fmt.percent(done[1], lang=lang)} {year} ({fmt.points(done[1] - done[0], lang=lang)}). Åtgärderna
numreras om varje år och planen ändras, så jämförelsen gäller fördelningen över status, inte
samma åtgärder. {compare.describe_missing_followups(measures, baseline_year, year, lang)}""",
        f"""## Change since the baseline year {baseline_year}

The share of measures done was {fmt.percent(done[0], lang=lang)} in {baseline_year} and
{fmt.percent(done[1], lang=lang)} in {year} ({fmt.points(done[1] - done[0], lang=lang)}). Measures
are renumbered every year and the plan changes, so this compares the distribution over statuses,
not the same measures. {compare.describe_missing_followups(measures, baseline_year, year, lang)}""",
    )
    show.table(
        labels.shares_by_year_table(by_year, lang),
        "forandring_sedan_basaret",
        title=t(
            f"Andel åtgärder per status och utvecklingsområde, {baseline_year} och {year}",
            f"Share of measures per status and development area, {baseline_year} and {year}",
        ),
    )
else:
    show.text(
        f"""## Förändring sedan basåret

{year} är basåret för åtgärdsplanen. Förändringen mot basåret redovisas från och med uppföljningen {year + 1}.""",
        f"""## Change since the baseline year

{year} is the plan's baseline year. The change from it is reported from the {year + 1} follow-up on.""",
    )

# %%
show.text(
    f"""## Om rapporten

**Datakälla.** {"; ".join(cited)}. Varje åtgärds status, ansvariga förvaltning, stadsdelar och
hantering i nästa års plan är hämtade ur uppföljningen utan ändringar; segstats har läst in och
kontrollerat uppgifterna och räknat samman tabellerna.

**Färgerna.** Grönt, gult och rött betyder här *om en åtgärd är genomförd*: grön = Genomförd,
gul = Pågår, röd (orange) = Ej genomförd, som i uppföljningen. Det är **inte** Koladas
färgmarkering, som rangordnar kommuner mot varandra. Färgerna är valda så att de går att skilja
åt även vid färgblindhet, och statusen står alltid också utskriven.

**Så tas rapporten fram.** Rapporten skapas automatiskt från data med `segstats report --year {year}`.
Tabellerna finns också som CSV- och Excelfiler i mappen `tables/` bredvid rapporten.""",
    f"""## About this report

**Data source.** {"; ".join(cited)} (in Swedish). Each measure's status, responsible department,
districts and handling in next year's plan are taken from the follow-up unchanged; segstats read
and checked them and added up the tables.

**The colours.** Green, yellow and red here mean *whether a measure was carried out*: green = Done,
yellow = Ongoing, red (orange) = Not done, as in the follow-up. They are **not** Kolada's colours,
which rank municipalities against each other. The colours can be told apart with colour-blindness,
and the status is always written out as well.

**How it is made.** The report is made automatically from the data with
`segstats report --year {year} --lang en`. The tables are also in the folder `tables/` beside the
report, as CSV and Excel files.""",
)
