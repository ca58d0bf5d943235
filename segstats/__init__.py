"""segstats: Linköping's measures against segregation and its district indicators, as validated DataFrames."""

from .errors import SegstatsError
from .followup import parse_followup
from .measures import build_measures, load_measures

__all__ = ["SegstatsError", "build_measures", "load_measures", "parse_followup"]
