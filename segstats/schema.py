"""The tables' schemas, declared once and used after parsing, on build and on load."""

from __future__ import annotations

import warnings

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from . import codes
from .errors import DataValidationError

FIRST_PLAN_YEAR = 2021

# A measure's number in its year's plan: development area, full stop, running number ("1.10").
MEASURE_ID = r"[1-5]\.\d{1,2}"


def category(kind: str) -> pd.CategoricalDtype:
    """The ordered categorical dtype of a coded column (``status``, ``next_plan``, …)."""
    return pd.CategoricalDtype(codes.codes(kind), ordered=True)


def _text(nullable: bool = False, **kwargs) -> pa.Column:
    return pa.Column(pd.StringDtype(), nullable=nullable, **kwargs)


def _codes_list(kind: str) -> pa.Check:
    """Every ';'-separated item of the cell is a known code of ``kind``."""
    allowed = set(codes.codes(kind))
    return pa.Check(
        lambda s: s.str.split(";").map(lambda items: set(items) <= allowed),
        element_wise=False,
        error=f"every item must be one of {', '.join(sorted(allowed))}",
    )


MEASURES = pa.DataFrameSchema(
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
    strict=True,
    ordered=True,
    coerce=True,
    name="measures",
)

LINEAGE = pa.DataFrameSchema(
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
    checks=pa.Check(lambda df: df["successor_year"] == df["year"] + 1, error="successor_year must be year + 1"),
    unique=["year", "measure_id", "successor_id"],
    strict=True,
    ordered=True,
    coerce=True,
    name="lineage",
)


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, where: str) -> pd.DataFrame:
    """Validate ``df`` against ``schema``, reporting every failing cell in one error.

    Raises:
        DataValidationError: naming ``where`` (file), and each failing column, row and value.
    """
    try:
        with warnings.catch_warnings():
            # pandas warns when a value outside a categorical's categories is coerced;
            # pandera reports that value as a failure case below, which is what users need.
            warnings.filterwarnings("ignore", message="Constructing a Categorical with a dtype and values")
            return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        lines = [
            f"  row {_row(r['index'])}, column {r['column']}: {r['check']} (value: {r['failure_case']!r})"
            for _, r in cases.head(20).iterrows()
        ]
        more = f"\n  … and {len(cases) - 20} more" if len(cases) > 20 else ""
        raise DataValidationError(
            f"{where}: {len(cases)} value(s) break the {schema.name} schema:\n" + "\n".join(lines) + more
        ) from None


def _row(index) -> str:
    # Rows are counted from 1 as a spreadsheet user sees them (header is row 1).
    return str(int(index) + 2) if pd.notna(index) else "-"
