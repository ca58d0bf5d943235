# ---
# jupyter:
#   kernelspec:
#     display_name: Python (segstats)
#     language: python
#     name: segstats
# ---

# %%
# The exploration: three views (indicators, a district, the measures) with their own title and
# words (segstats/reports/words/explore.yaml); `segstats dashboard` shows the same page without code.
import os

from IPython.display import display

from segstats.explore.app import App
from segstats.explore.model import Data

data = Data.load(
    os.environ.get("SEGSTATS_DATA_DIR")
)  # segstats --data-dir; data.measures, data.indicators, data.catalogue: the tables behind the views
app = App(data, lang="sv")
display(app.widget())
