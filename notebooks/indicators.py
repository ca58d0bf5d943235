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
# the years, against Linköping, Sweden and the RegSOs of the same områdestyp.
# `segstats report --year 2021` runs it and prints its outputs (never its code) to PDF.
year = 2021
baseline_year = 2021
lang = "sv"
data_dir = "../data"

# %%
import matplotlib.pyplot as plt
import pandas as pd

import segstats
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import analysis as measure_analysis
from segstats.reports import citations, labels, plots
from segstats.reports.show import Show

show = Show(lang)
t = show.t
measure_analysis.followup_year(segstats.load_measures(data_dir), year)  # a year without a follow-up is an error
indicators = segstats.load_indicators(data_dir)
catalogue = segstats.indicator_catalogue(data_dir)
catalogue = catalogue[catalogue["id"] != indicator_analysis.AREA_TYPE].sort_values(["area_no", "id"], kind="stable")
used = indicators[indicators["indicator"].isin([*catalogue["id"], indicator_analysis.AREA_TYPE])]
cited = citations.indicators(used)

# %%
show.title_page(
    t(
        "Indikatorer för Berga, Ryd och Skäggetorp",
        "Indicators for Berga, Ryd and Skäggetorp",
    ),
    sources=cited,
)

# %%
latest = int(used["year"].max()) if len(used) else year
show.text(
    f"""## Om indikatorerna

Åtgärdsplanen följer utvecklingen i stadsdelarna med {int(catalogue["plan"].sum())} indikatorer; rapporten visar
också {int((~catalogue["plan"]).sum())} jämförelseserier som inte ingår i planen. Diagrammen visar
varje stadsdel mot Linköping och, där det finns data, mot hela Sverige – alla år som finns i data,
till och med {latest}, även år efter uppföljningsåret {year}. Basåret är {baseline_year}.

**Så läser du diagrammen.** En linje binder bara ihop år som följer direkt på varandra. Ett år utan
värde är ett glapp i linjen, och ett värde som står ensamt är en punkt; inget värde är uppskattat
eller utjämnat. En streckad lodrät linje markerar ett *serieavbrott*: en ändrad definition eller
källa, så att åren före och efter inte är jämförbara. Stadsdelarnas värden gäller det område som
står i teckenförklaringen: RegSO (SCB:s regionala statistikområden) eller kommunens egna
stadsdelar och valdistrikt. RegSO *Skäggetorp-Tornby* är större än stadsdelen Skäggetorp.""",
    f"""## About the indicators

The action plan follows the districts with {int(catalogue["plan"].sum())} indicators; the report also
shows {int((~catalogue["plan"]).sum())} comparison series outside the plan. The charts show each
district against Linköping and, where there are data, Sweden as a whole – every year in the data,
up to {latest}, including years after the follow-up year {year}. The baseline year is {baseline_year}.

**Reading the charts.** A line joins only years that follow each other. A year without a value is
a gap in the line, and a value standing alone is a point; nothing is estimated or smoothed. A
dashed vertical line marks a *series break*: a changed definition or source, so that the years
before and after are not comparable. A district's values are for the area named in the legend:
a RegSO (Statistics Sweden's regional statistical areas) or the municipality's own districts and
election districts. The RegSO *Skäggetorp-Tornby* is larger than the district of Skäggetorp.""",
)

# %%
types = indicator_analysis.area_types(indicators)
show.text(
    """## Områdestyp

SCB och Delmos delar in varje RegSO i fem områdestyper efter ett socioekonomiskt index (andel med
låg ekonomisk standard, med högst förgymnasial utbildning och med långvarigt ekonomiskt bistånd
eller arbetslöshet): 1 = stora socioekonomiska utmaningar, 5 = mycket goda förutsättningar.""",
    """## Area type

Statistics Sweden and Delmos classify every RegSO into five area types by a socio-economic index
(shares with low economic standard, with at most compulsory schooling and with long-term economic
assistance or unemployment): 1 = major socio-economic challenges, 5 = very good conditions.""",
)
if types.empty:
    show.text("Områdestyp saknas i data.", "The data have no area type.")
else:
    show.table(
        labels.area_type_table(types, lang),
        "omradestyp",
        title=t("Stadsdelarnas områdestyp", "The districts' area type"),
    )

# %%
for area_no, entries in catalogue.groupby("area_no", sort=True, dropna=False):
    area = labels.area(int(area_no), lang) if pd.notna(area_no) else None
    show.text(
        f"## Utvecklingsområde {area}" if area else "## Övriga indikatorer",
        f"## Development area {area}" if area else "## Other indicators",
    )
    for _, entry in entries.iterrows():
        rows = indicator_analysis.trend_rows(indicators, entry["id"])
        name = labels.indicator_name(entry, lang)
        unit, decimals = labels.indicator_format(entry)
        with plots.style():
            ax = plots.indicator_trend(
                rows,
                unit=unit,
                decimals=decimals,
                breaks=indicator_analysis.series_break_years(entry["series_breaks"]),
                lang=lang,
            )
            ax.set_title(labels.wrap(f"{name} ({unit})" if unit else name, 48))
        show.figure(
            ax,
            alt=labels.trend_alt(rows, name=name, unit=unit, decimals=decimals, lang=lang),
            source=citations.line(citations.indicators(rows), lang)
            if len(rows)
            else t("Källa: data saknas", "Source: no data"),
            half=True,
        )

# %%
change = indicator_analysis.indicator_change(indicators, catalogue, baseline_year)
show.text(
    f"""## Förändring sedan basåret {baseline_year}

Värdet år {baseline_year} jämfört med det senaste året därefter. Förändringen räknas bara när
båda åren har ett värde och inget serieavbrott ligger emellan; för andelar anges den i
procentenheter.""",
    f"""## Change since the baseline year {baseline_year}

The value in {baseline_year} against the latest year after it. The change is given only when both
years have a value and no series break lies between them; for shares it is in percentage points.""",
)
show.table(
    labels.change_table(change, catalogue, baseline_year=baseline_year, lang=lang),
    "forandring_sedan_basaret",
    title=t(f"Indikatorerna {baseline_year} och senaste år", f"The indicators in {baseline_year} and the latest year"),
)

# %%
show.text(
    """## Stadsdelarna bland områden av samma typ

Varje stadsdel jämförs med alla RegSO i Sverige som har samma områdestyp, på de indikatorer där det
finns data för hela landet. Stapeldiagrammet visar hur många RegSO som har olika värden; den
tjocka linjen är stadsdelens värde och den prickade medianen för områdestypen.""",
    """## The districts among areas of the same type

Each district is compared with every RegSO in Sweden of the same area type, on the indicators with
data for the whole country. The histogram shows how many RegSOs have which values; the thick line
is the district's value and the dotted line the median of the area type.""",
)
peer_ids = indicator_analysis.peer_indicators(indicators)
if not peer_ids:
    show.text("Inga indikatorer har data för hela landet.", "No indicator has data for the whole country.")
for entry in (e for _, e in catalogue.iterrows() if e["id"] in peer_ids):
    peers = indicator_analysis.peer_values(indicators, entry["id"])
    if peers.empty:
        continue
    name, (unit, decimals) = labels.indicator_name(entry, lang), labels.indicator_format(entry)
    position = indicator_analysis.peer_position(peers)
    show.text(f"### {name}", f"### {name}")
    blocks = list(peers.groupby("district", sort=False))
    with plots.style():
        fig, axes = plt.subplots(
            len(blocks), 1, figsize=(plots.FULL_WIDTH, 1.25 * len(blocks) + 0.3), layout="constrained"
        )
        for ax, (district, block) in zip(fig.axes, blocks, strict=True):
            plots.peer_distribution(block, unit=unit, decimals=decimals, lang=lang, ax=ax)
            n, area_type = len(block), int(block["area_type"].iloc[0])
            ax.set_title(
                t(
                    f"{district}: bland {n} RegSO med områdestyp {area_type}, {int(block['year'].iloc[0])}",
                    f"{district}: among {n} RegSOs of area type {area_type}, {int(block['year'].iloc[0])}",
                )
            )
    show.figure(
        fig,
        alt=labels.peer_alt(position, unit=unit, decimals=decimals, lang=lang),
        source=citations.line(
            citations.indicators(indicators[indicators["indicator"].isin([entry["id"], indicator_analysis.AREA_TYPE])]),
            lang,
        ),
    )
    show.table(
        labels.peer_table(position, peers, unit=unit, decimals=decimals, lang=lang),
        f"jamforelse_{entry['id']}",
        title=t(
            f"{name}: stadsdelarna bland RegSO av samma områdestyp",
            f"{name}: the districts among RegSOs of the same area type",
        ),
    )

# %%
show.text(
    f"""## Om rapporten

**Datakällor.** {"; ".join(cited)}. Värdena är hämtade ur källorna utan ändringar; där segstats
har räknat fram ett värde (till exempel en andel ur två antal) står det i datafilens kolumn
`derived`. Ett värde som källan inte redovisar (till exempel för att det är för få personer)
saknas här också.

**Att tänka på.** Ryd domineras av studentbostäder, vilket ger låga inkomster och låg sysselsättning
utan att det säger så mycket om segregation. Färgerna i diagrammen skiljer stadsdelarna åt; de är
inga betyg, och de är inte Koladas färgmarkering.

**Så tas rapporten fram.** Rapporten skapas automatiskt från data med `segstats report --year {year}`.
Tabellerna finns också som CSV- och Excelfiler i mappen `tables/` bredvid rapporten.

**Indikatorerna.** Åtgärdsplanens 13 indikatorer finns i bilagor till planen. Tabellen visar för
varje indikator om en publicerad källa bekräftar att den är en av dem.""",
    f"""## About this report

**Data sources.** {"; ".join(cited)}. Values are taken from the sources unchanged; where segstats
derived a value (for example a share from two counts) the data file's column `derived` says so. A
value the source does not publish (for example because too few people are involved) is missing
here as well.

**Keep in mind.** Ryd is dominated by student housing, which means low incomes and low employment
without saying much about segregation. The colours in the charts tell the districts apart; they
are not grades, and they are not Kolada's colour ranking.

**How it is made.** The report is made automatically from the data with
`segstats report --year {year} --lang en`. The tables are also in the folder `tables/` beside the
report, as CSV and Excel files.

**The indicators.** The plan's 13 indicators are listed in appendices to the plan. The table shows
for each indicator whether a published source confirms it as one of them.""",
)
show.table(labels.catalogue_table(catalogue, lang), "indikatorer", title=t("Indikatorerna", "The indicators"))
