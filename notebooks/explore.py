# ---
# jupyter:
#   kernelspec:
#     display_name: Python (segstats)
#     language: python
#     name: segstats
# ---

# %% [markdown]
# # Utforska åtgärdsplanen mot segregation
#
# Tre vyer: *Indikatorer* (stadsdelarna mot Linköping, Sverige och RegSO av samma områdestyp),
# *Stadsdel* (vad som gjordes och var stadsdelen står) och *Åtgärder* (uppföljningarnas åtgärder,
# filtrerade). `segstats dashboard` visar samma sak som en sida utan kod. The same in English: the
# switch at the top.

# %%
from IPython.display import display

from segstats.explore.app import App, Data

data = Data.load()  # data.measures, data.indicators, data.catalogue: the tables behind the views
app = App(data, lang="sv")
display(app.widget())
