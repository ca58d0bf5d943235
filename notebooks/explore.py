# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (segstats)
#     language: python
#     name: segstats
# ---

# %% [markdown]
# # Utforska åtgärdsplanen mot segregation
#
# Välj i kontrollerna; diagrammet och tabellen under dem uppdateras direkt.
#
# **Indikatorer.** *Indikator* väljer vad som visas, *Stadsdelar* vilka stadsdelar (Berga, Ryd,
# Skäggetorp), *Geografi* vilken områdesnivå stadsdelens värden gäller (RegSO, kommunens stadsdel,
# valdistrikt), *År* vilka år, och *Jämför med* Linköping, Sverige och/eller RegSO:er av samma
# områdestyp i hela landet (visas som tabell).
#
# **Åtgärder.** Filtrera på utvecklingsområde, förvaltning, stadsdel, status och fritext (id, titel,
# beskrivning, kommentar, ansvarig). Utan val visas allt; ett urval utan träffar visar
# "Inga data för det här urvalet."
#
# **Kopiera ut.** Länkarna under varje del sparar den aktuella tabellen som CSV eller XLSX och
# diagrammet som PNG.
#
# **Data** kommer från `data/processed/` (byggd av `segstats build` ur `data/raw/`, där varje fil har
# sitt ursprung beskrivet): kommunens årliga uppföljningar av åtgärderna och indikatorer från SCB och
# Linköpings kommun. Diagrammen och etiketterna är desamma som i rapporterna.

# %%
import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import HTML, display

import segstats
from segstats import codes
from segstats.explore import views as explore
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import analysis as measure_analysis
from segstats.reports import labels, plots

lang = "sv"
indicators = segstats.load_indicators()
catalogue = segstats.indicator_catalogue().set_index("id")
measures = segstats.load_measures()


def show_downloads(table, name, figure=None):
    links = [
        explore.download_link(explore.csv_bytes(table), f"{name}.csv", "Tabell som CSV"),
        explore.download_link(explore.xlsx_bytes(table), f"{name}.xlsx", "Tabell som XLSX"),
    ]
    if figure is not None:
        links.append(explore.download_link(explore.png_bytes(figure), f"{name}.png", "Diagram som PNG"))
    display(HTML(" · ".join(links)))


# %% [markdown]
# ## Indikatorer

# %%
shown = [i for i in catalogue.index if i != indicator_analysis.AREA_TYPE]
indicator = w.Dropdown(options=[(catalogue.loc[i, f"name_{lang}"], i) for i in shown], description="Indikator")
districts = w.SelectMultiple(
    options=[(codes.label("district", d, lang), d) for d in codes.codes("district")], description="Stadsdelar"
)
geo_kinds = w.SelectMultiple(
    options=[
        (codes.label("geo_kind", k, lang), k)
        for k in codes.codes("geo_kind")
        if k in set(indicators.loc[indicators["district"].notna(), "geo_kind"])
    ],
    description="Geografi",
)
years = w.SelectMultiple(options=sorted(set(indicators["year"])), description="År")
comparisons = w.SelectMultiple(
    options=[*((name, kind) for kind, name in explore.COMPARISONS.items()), ("Samma områdestyp", "peers")],
    value=("kommun", "riket"),
    description="Jämför med",
)


def show_indicator(indicator, districts, geo_kinds, years, comparisons):
    rows = explore.filter_indicators(
        indicators, indicator, districts=districts, geo_kinds=geo_kinds, years=years, comparisons=comparisons
    )
    if rows.empty:
        display(HTML(f"<p>{explore.NO_DATA[lang]}</p>"))
        return
    entry = catalogue.loc[indicator]
    with plots.style():
        ax = plots.indicator_trend(
            rows,
            unit=entry["unit"],
            decimals=int(entry["decimals"]),
            breaks=indicator_analysis.series_break_years(entry["series_breaks"]),
            lang=lang,
        )
        ax.set_title(entry[f"name_{lang}"])
        figure = ax.figure
        plt.show()
    table = explore.indicator_table(rows, lang)
    display(table)
    show_downloads(table, f"indikator_{indicator}", figure)
    plt.close(figure)
    if "peers" in comparisons:
        peers = explore.peer_rows(indicators, indicator, districts)
        display(HTML("<h4>RegSO:er av samma områdestyp</h4>"))
        if peers.empty:
            display(HTML(f"<p>{explore.NO_DATA[lang]}</p>"))
        else:
            display(peers)
            show_downloads(peers, f"omradestyp_{indicator}")


controls = dict(indicator=indicator, districts=districts, geo_kinds=geo_kinds, years=years, comparisons=comparisons)
display(w.HBox([w.VBox([indicator, districts, geo_kinds]), w.VBox([years, comparisons])]))
display(w.interactive_output(show_indicator, controls))

# %% [markdown]
# ## Åtgärder

# %%
m_years = w.SelectMultiple(options=sorted(set(measures["year"])), description="År")
m_areas = w.SelectMultiple(options=[(labels.area(a, lang), int(a)) for a in codes.codes("area")], description="Område")
m_departments = w.SelectMultiple(
    options=[(labels.department(d, lang), d) for d in codes.codes("department")], description="Förvaltning"
)
m_districts = w.SelectMultiple(
    options=sorted({d for cell in measures["districts"] for d in cell.split(";") if d}), description="Stadsdel"
)
m_statuses = w.SelectMultiple(
    options=[(codes.label("status", s, lang), s) for s in codes.codes("status")], description="Status"
)
m_text = w.Text(description="Sök", continuous_update=False)


def show_measures(years, areas, departments, districts, statuses, text):
    rows = explore.filter_measures(
        measures, years=years, areas=areas, departments=departments, districts=districts, statuses=statuses, text=text
    )
    if rows.empty:
        display(HTML(f"<p>{explore.NO_DATA[lang]}</p>"))
        return
    with plots.style():
        ax = plots.status_bars(measure_analysis.status_counts(rows), lang=lang)
        figure = ax.figure
        plt.show()
    table = explore.measure_table(rows, lang)
    display(table)
    show_downloads(table, "atgarder", figure)
    plt.close(figure)


m_controls = dict(
    years=m_years, areas=m_areas, departments=m_departments, districts=m_districts, statuses=m_statuses, text=m_text
)
display(w.HBox([w.VBox([m_years, m_areas, m_departments]), w.VBox([m_districts, m_statuses, m_text])]))
display(w.interactive_output(show_measures, m_controls))
