"""segstats: Linköping's measures against segregation and its district indicators, as validated DataFrames."""

from importlib import import_module
from typing import TYPE_CHECKING

# Where each name of the package's face lives. A name is imported when first used, so that a
# command or report kernel that needs one part does not load every part (the validation library,
# every source reader) at start.
_WHERE = {
    "DistrictProfile": "segstats.profile",
    "SegstatsError": "segstats.errors",
    "build_indicators": "segstats.indicators.store",
    "build_measures": "segstats.measures.store",
    "district_profile": "segstats.profile",
    "import_template": "segstats.measures.store",
    "indicator_catalogue": "segstats.indicators.catalogue",
    "load_area_summaries": "segstats.measures.store",
    "load_boundaries": "segstats.indicators.boundaries",
    "load_geographies": "segstats.indicators.store",
    "load_indicators": "segstats.indicators.store",
    "load_lineage": "segstats.measures.lineage",
    "load_measures": "segstats.measures.store",
    "parse_followup": "segstats.measures.followup",
    "write_template": "segstats.measures.template",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'segstats' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # the same names, for type checkers and editors
    from segstats.errors import SegstatsError as SegstatsError
    from segstats.indicators.boundaries import load_boundaries as load_boundaries
    from segstats.indicators.catalogue import indicator_catalogue as indicator_catalogue
    from segstats.indicators.store import build_indicators as build_indicators
    from segstats.indicators.store import load_geographies as load_geographies
    from segstats.indicators.store import load_indicators as load_indicators
    from segstats.measures.followup import parse_followup as parse_followup
    from segstats.measures.lineage import load_lineage as load_lineage
    from segstats.measures.store import build_measures as build_measures
    from segstats.measures.store import import_template as import_template
    from segstats.measures.store import load_area_summaries as load_area_summaries
    from segstats.measures.store import load_measures as load_measures
    from segstats.measures.template import write_template as write_template
    from segstats.profile import DistrictProfile as DistrictProfile
    from segstats.profile import district_profile as district_profile
