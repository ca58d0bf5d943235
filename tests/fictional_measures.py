"""FICTIONAL measures of three follow-up years in the measure table's shape, and their lineage; tests only.

Every row is made up to exercise renumbering, a merge, a split, a new measure and a measure ongoing
for three years. Nothing here is a real measure.
"""

from functools import cache

import pandas as pd

from segstats import codes
from segstats.measures.lineage import lineage_from_measures
from segstats.schema import MEASURES, validate


def measure(year, measure_id, status, *, predecessors=None, next_plan="kept", comment=None, description=None):
    """A FICTIONAL measure row with every column of the measure table."""
    return {
        "year": year,
        "measure_id": measure_id,
        "area_no": int(measure_id.split(".")[0]),
        "area": codes.label("area", measure_id.split(".")[0]),
        "title": f"Fiktiv åtgärd {measure_id} ({year})",
        "description": description,
        "districts": "Berga;Ryd;Skäggetorp" if measure_id != "2.1" else "Mottagande skolor",
        "responsible": "SOF",
        "departments": "SOF",
        "funding": None,
        "status": status,
        "status_comment": comment,
        "next_plan": next_plan,
        "next_plan_text": None,
        "predecessors": predecessors,
        "source_file": f"{year}_fiktiv.csv",
        "source_line": 2,
    }


@cache
def three_years() -> tuple[pd.DataFrame, pd.DataFrame]:
    """FICTIONAL: 1.1 renumbered 1.2 → 1.1, ongoing all three years; 1.2 and 1.3 merged into 2022's 1.3;
    2.1 split into 2022's 2.1 and 2.2; 2023 has a new measure 1.2."""
    rows = [
        measure(2021, "1.1", "ongoing", comment="Fiktiv kommentar <b>utan</b> markup.", description="Fiktiv plan."),
        measure(2021, "1.2", "done", next_plan="merged"),
        measure(2021, "1.3", "not_done", next_plan="merged"),
        measure(2021, "2.1", "ongoing", next_plan="developed"),
        measure(2022, "1.1", "not_done", predecessors="1.2;1.3"),
        measure(2022, "1.2", "ongoing", predecessors="1.1"),
        measure(2022, "2.1", "ongoing", predecessors="2.1"),
        measure(2022, "2.2", "done", predecessors="2.1", next_plan="dropped"),
        measure(2023, "1.1", "ongoing", predecessors="1.2"),
        measure(2023, "1.2", "done", next_plan=None),
        measure(2023, "2.1", "done", predecessors="2.1"),
    ]
    measures = validate(pd.DataFrame(rows, columns=list(MEASURES.columns)), MEASURES, "fictional")
    return measures, lineage_from_measures(measures)
