"""segstats: Linköping's measures against segregation and its district indicators, as validated DataFrames."""

from .catalogue import indicator_catalogue
from .errors import SegstatsError
from .followup import parse_followup
from .indicators import build_indicators, load_geographies, load_indicators
from .lineage import load_lineage
from .measures import build_measures, import_template, load_measures
from .template import write_template

__all__ = [
    "SegstatsError",
    "build_indicators",
    "build_measures",
    "import_template",
    "indicator_catalogue",
    "load_geographies",
    "load_indicators",
    "load_lineage",
    "load_measures",
    "parse_followup",
    "write_template",
]
