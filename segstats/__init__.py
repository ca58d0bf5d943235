"""segstats: Linköping's measures against segregation and its district indicators, as validated DataFrames."""

from .errors import SegstatsError
from .followup import parse_followup
from .lineage import load_lineage
from .measures import build_measures, import_template, load_measures
from .template import write_template

__all__ = [
    "SegstatsError",
    "build_measures",
    "import_template",
    "load_lineage",
    "load_measures",
    "parse_followup",
    "write_template",
]
