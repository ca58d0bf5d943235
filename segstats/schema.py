"""The tables' schemas, declared once and used after parsing, on build and on load.

The schemas (:data:`MEASURES`, :data:`LINEAGE`, :data:`AREA_SUMMARIES`, :data:`GEOGRAPHIES`,
:data:`BOUNDARIES`, :func:`indicators_schema`) are pandera's, made when first asked for: pandera
takes a quarter of a second to import (geopandas with it), and a report kernel, which reads its
tables validated from the cache (:mod:`segstats.reports.load`), never needs it. Modules that use
a schema name it as ``schema.MEASURES`` where they use it, not in an import at their top.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from segstats import codes
from segstats.errors import DataValidationError
from segstats.failures import plain_failures
from segstats.words import Said, say

if TYPE_CHECKING:
    import pandera.pandas as pa

    MEASURES: pa.DataFrameSchema
    LINEAGE: pa.DataFrameSchema
    AREA_SUMMARIES: pa.DataFrameSchema
    GEOGRAPHIES: pa.DataFrameSchema
    BOUNDARIES: pa.DataFrameSchema

FIRST_PLAN_YEAR = 2021

# A measure's number in its year's plan: development area, full stop, running number ("1.10").
MEASURE_ID = r"[1-5]\.\d{1,2}"


def category(kind: str) -> pd.CategoricalDtype:
    """The ordered categorical dtype of a coded column (``status``, ``next_plan``, …)."""
    return pd.CategoricalDtype(codes.codes(kind), ordered=True)


def _text(nullable: bool = False, **kwargs) -> pa.Column:
    import pandera.pandas as pa

    return pa.Column(pd.StringDtype(), nullable=nullable, **kwargs)


def _codes_list(kind: str) -> pa.Check:
    """Every ';'-separated item of the cell is a known code of ``kind``."""
    import pandera.pandas as pa

    allowed = set(codes.codes(kind))
    return pa.Check(
        lambda s: s.str.split(";").map(lambda items: set(items) <= allowed),
        element_wise=False,
        error=f"messages.check_items_{kind}",  # unique per kind: failures.py finds the check by its error
        statistics={"allowed_items": sorted(allowed)},
    )


# What each column means, as the data dictionary (docs/data-dictionary.md) shows it; every
# column of every table has one (tests/test_docs.py).
DESCRIPTIONS = {
    "measures": {
        "year": "follow-up year (2021 = the first plan, the baseline)",
        "measure_id": "the measure's number in that year's plan, e.g. `1.10` (renumbered every year)",
        "area_no": "development area 1–5",
        "area": "the development area's Swedish name",
        "title": "the measure's title, as in the report",
        "description": "the measure's description, as in the report",
        "districts": "target districts, `;`-separated: Berga / Ryd / Skäggetorp first, other targets "
        '(e.g. "Mottagande skolor") kept',
        "responsible": 'the report\'s "Ansvarig" text, unchanged',
        "departments": "normalised department codes, `;`-separated (`SOF`, `KLF`, `UAF`, `KoF`, `MoS`, `VSS`, "
        "`Leanlink`, …); a named sub-unit stands for its department (`KLF-SÄK` = KLF, säkerhetsenheten)",
        "funding": 'the report\'s "Finansiering och tid" text',
        "status": "ordered categorical `done` < `ongoing` < `not_done` (Genomförd / Pågår / Ej genomförd)",
        "status_comment": "the department's comment, without the next-plan sentence",
        "next_plan": "`kept` / `developed` / `merged` / `dropped` (Vidmakthållen / Vidareutvecklad / Ingår i, "
        "Inarbetas i, ihopslagen / Finns ej med, tas inte med)",
        "next_plan_text": "the report's sentence on next year's plan",
        "predecessors": "`;`-separated ids of the previous year's measures this one continues, as a template's "
        '"Föregångare" column gives them; empty for 2021 (a report names none) and for a new measure',
        "source_file": "the raw file below `data/raw/followups/`",
        "source_line": "the line of the measure's heading (of a template: its spreadsheet row)",
    },
    "area_summaries": {
        "year": "follow-up year",
        "area_no": "development area 1–5",
        "paragraph": "the paragraph's place in the area's summary, from 1",
        "text": "the paragraph as the report gives it (a paragraph a page break cut in two is joined)",
        "source_file": "the report text below `data/raw/followups/` (a template has no summaries)",
        "source_line": "the paragraph's first line in that file",
    },
    "lineage": {
        "year": "the measure's follow-up year",
        "measure_id": "the measure's id in that year",
        "kind": "`kept` / `developed` / `merged` / `split` / `dropped`; missing where the sources say nothing, "
        "or disagree (a later template names a measure its follow-up called dropped)",
        "successor_year": "`year` + 1",
        "successor_id": "the successor's id, known only when that year's template names this measure as "
        "predecessor; a split gives one row per successor",
        "successor_description": 'the target the next-plan sentence names, e.g. "åtgärd om brottsförebyggande '
        'arbete", "två åtgärder"',
        "source_file": "where the link is stated: the template naming the predecessor, else the measure's own "
        "follow-up",
        "source_line": "the line (or spreadsheet row) of that statement",
    },
    "indicators": {
        "indicator": "catalogue id (`data/indicators.yaml`; categorical, catalogue order)",
        "geo_kind": "`riket`, `kommun`, `regso`, `deso`, `stadsdel` or `valdistrikt`",
        "geo_code": "SCB's code (00, 0580, 0580R018, 0580C1610) or the municipality's name for its own areas",
        "geo_name": "the geography's name",
        "district": "Berga / Ryd / Skäggetorp where the area lies in one, else missing",
        "year": "reference year (a March figure says so in `note`)",
        "value": "the number, in the row's `unit`; missing only where the source says so (SCB's `..`), and then "
        "`note` says what it had",
        "unit": "`%`, `tkr`, `personer`, `hushåll`, `områdestyp`, `index` or `dagar`",
        "source": "who published the figure (SCB, Linköpings kommun, …)",
        "source_ref": "the raw file below `data/raw/indicators/` (its folder names the repository it was copied "
        "from), and the address of the page or API request where there is one",
        "derived": "computed by segstats from the source's counts",
        "note": 'for a derived value its formula; the source\'s own remark; "also X in …" where another source '
        "gives the same cell",
        "implausible": "the value lies outside the catalogue's plausible range for the indicator (`plausible`): "
        "kept as the source gives it, and to be marked wherever it is shown",
    },
    "geographies": {
        "geo_kind": "`riket`, `kommun`, `regso`, `deso`, `stadsdel` or `valdistrikt`",
        "geo_code": "the code, unique across kinds",
        "geo_name": "the name",
        "kommun_code": "the kommun's four-digit code",
        "kommun_name": "the kommun's name",
        "district": "Berga / Ryd / Skäggetorp where the area lies in one of the plan's districts",
        "regso_code": "the RegSO a DeSO lies in",
        "larger_than_district": "true for a district's RegSO that covers more than the municipality's stadsdel of "
        "that district (RegSO Skäggetorp-Tornby), false for every other area",
        "note": "what a reader should know about the area (e.g. RegSO Skäggetorp-Tornby is larger than the "
        "stadsdel Skäggetorp)",
    },
    "boundaries": {
        "geo_kind": "`regso` or `deso`",
        "geo_code": "SCB's code in the 2025 division, without suffix (0580R018, 0580C1610)",
        "geo_name": "the RegSO's name; a DeSO's code (DeSOs have no names)",
        "regso_code": "the RegSO 2025 a DeSO lies in",
        "district": "Berga / Ryd / Skäggetorp for the districts' RegSOs and their DeSOs",
        "division": "`RegSO 2025` or `DeSO 2025`: the division the polygon belongs to",
        "changed_2025": "the code is new in 2025 (SCB split the area): no value on the 2018 division belongs on it",
        "source_ref": "the raw file below `data/raw/` the polygon comes from",
        "note": "what the polygon's code replaces, or that the publisher's simplified polygon is not valid",
    },
}


def described(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """``schema`` with the description of each of its columns (:data:`DESCRIPTIONS`)."""
    texts = DESCRIPTIONS[schema.name]
    return schema.update_columns({c: {"description": texts.get(c)} for c in schema.columns})


def _table(name: str, columns: dict, *, unique: list[str] | None = None, checks: object = None) -> pa.DataFrameSchema:
    """A processed table's schema: exactly these columns in this order, each coerced to its type and described."""
    import pandera.pandas as pa

    return described(
        pa.DataFrameSchema(columns, checks=checks, unique=unique, strict=True, ordered=True, coerce=True, name=name)
    )


@cache
def _measures() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return _table(
        "measures",
        {
            "year": pa.Column("int64", pa.Check.ge(FIRST_PLAN_YEAR)),
            "measure_id": _text(checks=pa.Check.str_matches(f"^{MEASURE_ID}$")),
            "area_no": pa.Column("int64", pa.Check.isin(range(1, 6))),
            "area": _text(checks=pa.Check.isin([c.sv for c in codes.AREAS])),
            "title": _text(),
            "description": _text(nullable=True),
            # ';'-separated: Berga / Ryd / Skäggetorp first, other targets ("Mottagande skolor") kept.
            "districts": _text(),
            "responsible": _text(),
            "departments": _text(checks=_codes_list("department")),
            "funding": _text(nullable=True),
            "status": pa.Column(category("status")),
            "status_comment": _text(nullable=True),
            "next_plan": pa.Column(category("next_plan"), nullable=True),
            "next_plan_text": _text(nullable=True),
            # ';'-separated ids of the previous year's measures this one continues (from a template's
            # "Föregångare" column); empty where the source does not name them, as in the 2021 report.
            "predecessors": _text(nullable=True, checks=pa.Check.str_matches(f"^{MEASURE_ID}(;{MEASURE_ID})*$")),
            "source_file": _text(),
            "source_line": pa.Column("int64", pa.Check.ge(1)),
        },
        unique=["year", "measure_id"],
    )


@cache
def _lineage() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return _table(
        "lineage",
        {
            "year": pa.Column("int64", pa.Check.ge(FIRST_PLAN_YEAR)),
            "measure_id": _text(checks=pa.Check.str_matches(f"^{MEASURE_ID}$")),
            "kind": pa.Column(category("link"), nullable=True),
            "successor_year": pa.Column("int64"),
            # Known only when the successor year's template names this measure as a predecessor.
            "successor_id": _text(nullable=True, checks=pa.Check.str_matches(f"^{MEASURE_ID}$")),
            # Where the next-plan sentence says where the measure goes ("åtgärd om brottsförebyggande arbete").
            "successor_description": _text(nullable=True),
            "source_file": _text(),
            "source_line": pa.Column("int64", pa.Check.ge(1)),
        },
        unique=["year", "measure_id", "successor_id"],
        checks=pa.Check(lambda df: df["successor_year"] == df["year"] + 1, error="messages.check_successor_year"),
    )


# The prose a follow-up report gives each development area before its measures ("Uppföljning
# åtgärder:"), one row per paragraph; a year whose follow-up came as a template has none.
@cache
def _area_summaries() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return _table(
        "area_summaries",
        {
            "year": pa.Column("int64", pa.Check.ge(FIRST_PLAN_YEAR)),
            "area_no": pa.Column("int64", pa.Check.isin(range(1, 6))),
            "paragraph": pa.Column("int64", pa.Check.ge(1)),
            "text": _text(),
            "source_file": _text(),
            "source_line": pa.Column("int64", pa.Check.ge(1)),
        },
        unique=["year", "area_no", "paragraph"],
    )


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, where: str | Said) -> pd.DataFrame:
    """Validate ``df`` against ``schema``, reporting every failing cell in one error.

    Raises:
        DataValidationError: naming ``where`` (file), and each failing column, row and value.
    """
    from pandera.errors import SchemaErrors

    try:
        with warnings.catch_warnings():
            # pandas warns when a value outside a categorical's categories is coerced;
            # pandera reports that value as a failure case below, which is what users need.
            warnings.filterwarnings("ignore", message="Constructing a Categorical with a dtype and values")
            return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        lines = plain_failures(exc.failure_cases, schema)
        if len(lines) == 1:
            raise DataValidationError("messages.invalid_one", where=where, what=lines[0]) from None
        shown = lines[:20] + ([say("messages.and_more", n=len(lines) - 20)] if len(lines) > 20 else [])
        raise DataValidationError(
            "messages.invalid_many", where=where, n=len(lines), table=schema.name, listed=tuple(shown)
        ) from None


# Text that repeats over many rows is held as categories: a fraction of the memory, and
# fast to check.
_TEXT_CATEGORY = pd.CategoricalDtype()
# Values in per cent must lie within this range.
PERCENT_RANGE = (0, 100)
FIRST_INDICATOR_YEAR, LAST_INDICATOR_YEAR = 1990, 2100


def indicators_schema(
    catalogue_units: dict[str, str],
    geographies: pd.DataFrame,
    plausible: dict[str, tuple[float, float]] | None = None,
) -> pa.DataFrameSchema:
    """The schema of the long indicator table, for a catalogue and a geography table.

    Args:
        catalogue_units: the unit of each indicator id, in the catalogue's order.
        geographies: the known geographies (``geo_kind``, ``geo_code``); a code is unique
            across kinds, so each code's kind is looked up.
        plausible: the catalogue's plausible range per indicator; ``implausible`` must be
            true exactly for the values outside it (a table built before a range changed fails).
    """
    import pandera.pandas as pa

    ranges = plausible or {}
    kind_of = dict(
        zip(geographies["geo_code"].astype(str).tolist(), geographies["geo_kind"].astype(str).tolist(), strict=True)
    )

    def known_geography(df: pd.DataFrame) -> pd.Series:
        return pd.Series(_per_row(df["geo_code"], kind_of) == _per_row(df["geo_kind"]), index=df.index)

    def percent_in_range(df: pd.DataFrame) -> pd.Series:
        return (df["unit"] != "%") | df["value"].isna() | df["value"].between(*PERCENT_RANGE)

    def unit_of_catalogue(df: pd.DataFrame) -> pd.Series:
        expected = _per_row(df["indicator"], catalogue_units)  # None for an unknown indicator, reported on its own
        return pd.Series((expected == None) | (expected == _per_row(df["unit"])), index=df.index)  # noqa: E711

    def missing_says_why(df: pd.DataFrame) -> pd.Series:
        return df["value"].notna() | df["note"].notna()

    def one_row_per_key(df: pd.DataFrame) -> pd.Series:
        # pandera's `unique` hashes the four columns' values, which costs a large table as much as
        # the rest of its validation; the categories' codes give the same answer at a fraction.
        key = np.zeros(len(df), dtype=np.int64)
        for name in ("indicator", "geo_kind", "geo_code"):
            part = df[name] if isinstance(df[name].dtype, pd.CategoricalDtype) else df[name].astype("category")
            key = key * (len(part.cat.categories) + 1) + part.cat.codes.to_numpy().astype(np.int64) + 1
        key = key * (LAST_INDICATOR_YEAR - FIRST_INDICATOR_YEAR + 1) + (df["year"].to_numpy() - FIRST_INDICATOR_YEAR)
        return pd.Series(~pd.Series(key).duplicated(keep=False).to_numpy(), index=df.index)

    def flagged_as_the_catalogue_says(df: pd.DataFrame) -> pd.Series:
        low = pd.Series(_per_row(df["indicator"], {k: v[0] for k, v in ranges.items()}), index=df.index, dtype=float)
        high = pd.Series(_per_row(df["indicator"], {k: v[1] for k, v in ranges.items()}), index=df.index, dtype=float)
        outside = df["value"].notna() & low.notna() & ((df["value"] < low) | (df["value"] > high))
        return df["implausible"] == outside

    return _table(
        "indicators",
        {
            "indicator": pa.Column(pd.CategoricalDtype(list(catalogue_units), ordered=True)),
            "geo_kind": pa.Column(category("geo_kind")),
            "geo_code": pa.Column(_TEXT_CATEGORY),
            "geo_name": pa.Column(_TEXT_CATEGORY),
            "district": pa.Column(category("district"), nullable=True),
            "year": pa.Column("int64", pa.Check.in_range(FIRST_INDICATOR_YEAR, LAST_INDICATOR_YEAR)),
            "value": pa.Column("float64", nullable=True),
            "unit": pa.Column(pd.CategoricalDtype(codes.codes("unit"))),
            "source": pa.Column(_TEXT_CATEGORY),
            "source_ref": pa.Column(_TEXT_CATEGORY),
            "derived": pa.Column("bool"),
            "note": pa.Column(_TEXT_CATEGORY, nullable=True),
            "implausible": pa.Column("bool"),
        },
        # Row checks name (Check.name) the column an error reports; ignore_na=False spares
        # pandera a pass over every cell of the table.
        checks=[
            pa.Check(
                known_geography,
                name="geo_code",
                ignore_na=False,
                error="messages.check_known_geography",
            ),
            pa.Check(
                percent_in_range,
                name="value",
                ignore_na=False,
                error="messages.check_percent",
                statistics={"min_value": PERCENT_RANGE[0], "max_value": PERCENT_RANGE[1]},
            ),
            pa.Check(
                unit_of_catalogue,
                name="unit",
                ignore_na=False,
                error="messages.check_unit",
            ),
            # Named by its source: the missing value itself would not show in the error.
            pa.Check(
                missing_says_why,
                name="source_ref",
                ignore_na=False,
                error="messages.check_missing_says_why",
            ),
            pa.Check(
                one_row_per_key,
                name="year",
                ignore_na=False,
                error="messages.check_one_row_per_key",
            ),
            pa.Check(
                flagged_as_the_catalogue_says,
                name="implausible",
                ignore_na=False,
                error="messages.check_implausible",
            ),
        ],
    )


@cache
def _geographies() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return _table(
        "geographies",
        {
            "geo_kind": pa.Column(category("geo_kind")),
            "geo_code": _text(),
            "geo_name": _text(),
            "kommun_code": _text(nullable=True, checks=pa.Check.str_matches(r"^\d{4}$")),
            "kommun_name": _text(nullable=True),
            "district": pa.Column(category("district"), nullable=True),
            "regso_code": _text(nullable=True, checks=pa.Check.str_matches(r"^\d{4}R\d{3}$")),
            "larger_than_district": pa.Column("bool"),
            "note": _text(nullable=True),
        },
        unique=["geo_code"],
    )


# The attributes of boundaries.geojson; its polygons are checked in segstats.indicators.boundaries.
@cache
def _boundaries() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return _table(
        "boundaries",
        {
            "geo_kind": _text(checks=pa.Check.isin(["regso", "deso"])),
            "geo_code": _text(checks=pa.Check.str_matches(r"^\d{4}(R\d{3}|[ABC]\d{4})$")),
            "geo_name": _text(),
            "regso_code": _text(nullable=True, checks=pa.Check.str_matches(r"^\d{4}R\d{3}$")),
            "district": pa.Column(category("district"), nullable=True),
            "division": _text(checks=pa.Check.isin(["RegSO 2025", "DeSO 2025"])),
            "changed_2025": pa.Column("bool"),
            "source_ref": _text(),
            "note": _text(nullable=True),
        },
        unique=["geo_code"],
    )


def _per_row(column: pd.Series, mapping: Mapping[str, object] | None = None) -> np.ndarray:
    """``mapping[value]`` (the value itself without a mapping) for every row, worked out once per category."""
    column = column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype("category")
    values = column.cat.categories.astype(str).tolist()
    per_category = np.array([mapping.get(v) if mapping is not None else v for v in values] + [None], dtype=object)
    return per_category[column.cat.codes.to_numpy()]  # a missing value (code -1) picks the trailing None


# The schemas made when first asked for (see the module's docstring).
_MADE_ON_FIRST_USE: dict[str, Callable[[], pa.DataFrameSchema]] = {
    "MEASURES": _measures,
    "LINEAGE": _lineage,
    "AREA_SUMMARIES": _area_summaries,
    "GEOGRAPHIES": _geographies,
    "BOUNDARIES": _boundaries,
}


def __getattr__(name: str) -> pa.DataFrameSchema:
    if name in _MADE_ON_FIRST_USE:
        return _MADE_ON_FIRST_USE[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
