"""segstats: Linköping's measures against segregation and its district indicators, as validated DataFrames."""

from segstats.errors import SegstatsError
from segstats.indicators import (
    build_indicators,
    indicator_catalogue,
    load_boundaries,
    load_geographies,
    load_indicators,
)
from segstats.measures import (
    build_measures,
    import_template,
    load_area_summaries,
    load_lineage,
    load_measures,
    parse_followup,
    write_template,
)
from segstats.profile import DistrictProfile, district_profile

__all__ = [
    "DistrictProfile",
    "SegstatsError",
    "build_indicators",
    "build_measures",
    "district_profile",
    "import_template",
    "indicator_catalogue",
    "load_area_summaries",
    "load_boundaries",
    "load_geographies",
    "load_indicators",
    "load_lineage",
    "load_measures",
    "parse_followup",
    "write_template",
]
