"""The measures: the yearly follow-up reports and templates, read into one validated table with its lineage.

Modules, upstream first: ``followup`` (the report parser), ``template`` (the yearly template and
its import checks), ``lineage`` (how measures go on from one plan to the next), ``store``
(build, load and import the processed tables), ``analysis`` (status counts), ``compare``
(the follow-up year against the baseline).
"""

from segstats.measures.followup import parse_followup
from segstats.measures.lineage import load_lineage
from segstats.measures.store import build_measures, import_template, load_area_summaries, load_measures
from segstats.measures.template import write_template

__all__ = [
    "build_measures",
    "import_template",
    "load_area_summaries",
    "load_lineage",
    "load_measures",
    "parse_followup",
    "write_template",
]
