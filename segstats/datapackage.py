"""The processed tables described from their schemas: for people (data dictionary) and machines (datapackage.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from segstats import codes, paths, schema

DESCRIPTOR_FILE = "datapackage.json"
# How segstats build writes a table (segstats.io.write_csv): an empty field is missing, booleans are pandas'.
MISSING = ""
TRUE_VALUES, FALSE_VALUES = ["True"], ["False"]

# Who may use the data on which terms, as data/raw/README.md records them per file.
SCB_OPEN_DATA = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": 'SCB\'s open data (CC0): cite "Källa: SCB", and values segstats computed as "bearbetning av SCB-data"',
}
PUBLIC_DOCUMENTS = {
    "name": "notspecified",
    "title": "Linköpings kommun's public documents and pages (allmän handling); no licence stated",
}
RAW_README = {
    "title": "data/raw/README.md: every raw file with its publisher, reference, date, licence and sha256",
    "path": "../raw/README.md",
}


@dataclass(frozen=True)
class Table:
    """What a processed table's schema does not say: its file, what a row is, its keys, sources and licences.

    ``made_from`` names the table's sources; data/raw/README.md, which lists every raw file, is the other.
    """

    file: str
    title: str
    row: str
    made_from: str
    licenses: tuple[dict[str, str], ...]
    # Columns that name one row, where the schema's ``unique`` does not say it (a check of its own does).
    key: tuple[str, ...] = ()
    # (columns, table, its columns): values that must be found in another (or, "", the same) table.
    references: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()


TABLES = {
    "measures": Table(
        file=paths.MEASURES_FILE,
        title="Measures of the action plan against segregation, as followed up each year",
        row="follow-up year × measure",
        made_from="Linköpings kommun: Uppföljning av åtgärdsplan mot segregation (KS 2020-754), and the "
        "filled-in templates of later years (data/raw/followups/)",
        licenses=(PUBLIC_DOCUMENTS,),
    ),
    "lineage": Table(
        file=paths.LINEAGE_FILE,
        title="How each measure is carried into the next year's plan",
        row="link from a measure to next year's plan (a split gives one row per successor)",
        made_from="the follow-ups' next-plan sentences and the templates' predecessor ids (data/raw/followups/)",
        licenses=(PUBLIC_DOCUMENTS,),
        # The successor is not referenced: its id is known only where a later template names it.
        references=((("year", "measure_id"), "measures", ("year", "measure_id")),),
    ),
    "area_summaries": Table(
        file=paths.AREA_SUMMARIES_FILE,
        title="The follow-up reports' summary of each development area's year",
        row="follow-up year × development area × paragraph",
        made_from="Linköpings kommun: Uppföljning av åtgärdsplan mot segregation (KS 2020-754), the prose "
        "before each area's measures (data/raw/followups/); a filled-in template has none",
        licenses=(PUBLIC_DOCUMENTS,),
    ),
    "indicators": Table(
        file=paths.INDICATORS_FILE,
        title="District indicators: every value with its geography, year, unit and source",
        row="indicator × geography × year",
        made_from="SCB (Statistikdatabasen: RegSO and DeSO tables, områdestyp with Delmos), Linköpings kommun's "
        "published figures and the other publishers a row's source names (data/raw/indicators/)",
        licenses=(SCB_OPEN_DATA, PUBLIC_DOCUMENTS),
        key=("indicator", "geo_kind", "geo_code", "year"),
        references=((("geo_kind", "geo_code"), "geographies", ("geo_kind", "geo_code")),),
    ),
    "geographies": Table(
        file=paths.GEOGRAPHIES_FILE,
        title="Every geography a value can belong to",
        row="geography (riket, kommun, RegSO, DeSO, stadsdel, valdistrikt)",
        made_from="SCB's DeSO → RegSO keys (data/raw/indicators/) and Linköpings kommun's pages on its "
        "stadsdelar and valdistrikt",
        licenses=(SCB_OPEN_DATA, PUBLIC_DOCUMENTS),
        references=((("regso_code",), "", ("geo_code",)),),
    ),
}


def descriptor(schemas: list[pa.DataFrameSchema]) -> dict[str, Any]:
    """The Data Package descriptor of the processed tables (``data/processed/datapackage.json``).

    Each table's fields, types, constraints and keys come from its schema (the same one that
    validates it on build and load, and that docs/data-dictionary.md is made from); its file,
    sources and licences from :data:`TABLES`.

    Raises:
        KeyError: a schema without an entry in :data:`TABLES`.
    """
    licenses = {json.dumps(lic, sort_keys=True): lic for s in schemas for lic in TABLES[s.name].licenses}
    return {
        "name": "linkoping-segstats",
        "title": "Linköping's action plan against segregation: measures and district indicators",
        "description": "The processed tables of segstats, built by `segstats build` from the sources in data/raw/ "
        "(never edited by hand). Every indicator value names its source; a missing value is an empty cell, "
        "and says why in `note`. Generated from the schemas in segstats/schema.py by `python3 dev.py docs`.",
        "licenses": list(licenses.values()),
        "sources": [RAW_README],
        "resources": [_resource(s) for s in schemas],
    }


def _resource(table_schema: pa.DataFrameSchema) -> dict[str, Any]:
    table = TABLES[table_schema.name]
    nullable = {name for name, column in table_schema.columns.items() if column.nullable}
    key = list(table.key or table_schema.unique or [])
    fields: dict[str, Any] = {
        "fields": [_field(name, column) for name, column in table_schema.columns.items()],
        "missingValues": [MISSING],
    }
    if key and not nullable & set(key):
        fields["primaryKey"] = key
    elif key:  # a key with a column that may be missing is no primary key (Table Schema 2: uniqueKeys)
        fields["uniqueKeys"] = [key]
    if table.references:
        fields["foreignKeys"] = [
            {"fields": list(own), "reference": {"resource": other, "fields": list(theirs)}}
            for own, other, theirs in table.references
        ]
    return {
        "name": table_schema.name,
        "path": table.file,
        "title": table.title,
        "description": f"One row per {table.row}.",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": fields,
        "sources": [{"title": table.made_from}, RAW_README],
        "licenses": list(table.licenses),
    }


def _field(name: str, column: pa.Column) -> dict[str, Any]:
    """A Table Schema field from a pandera column: type, description, and the constraints its checks state."""
    dtype = str(column.dtype).split("[")[0]
    field: dict[str, Any] = {"name": name, "type": _TYPES.get(dtype, "string"), "description": column.description}
    if dtype == "bool":
        field |= {"trueValues": TRUE_VALUES, "falseValues": FALSE_VALUES}
    constraints: dict[str, Any] = {"required": True} if not column.nullable else {}
    for check in column.checks:
        constraints |= _constraint(check)
    declared = getattr(column.dtype.type, "categories", None)  # a categorical column's codes, where declared
    allowed = [] if declared is None else [str(c) for c in declared]
    if allowed:
        constraints["enum"] = allowed
        field |= _categories(allowed, ordered=bool(column.dtype.type.ordered))
    if constraints:
        field["constraints"] = constraints
    return field


_TYPES = {"int64": "integer", "float64": "number", "bool": "boolean", "string": "string", "category": "string"}


def _constraint(check: pa.Check) -> dict[str, Any]:
    """The Table Schema constraint a pandera check states; none for a check of its own (the description says it)."""
    stats = check.statistics or {}
    if check.name == "str_matches":  # Table Schema patterns match the whole value: no anchors
        return {"pattern": stats["pattern"].removeprefix("^").removesuffix("$")}
    if check.name == "isin":
        return {"enum": list(stats["allowed_values"])}
    if check.name == "greater_than_or_equal_to":
        return {"minimum": stats["min_value"]}
    if check.name == "in_range":
        return {"minimum": stats["min_value"], "maximum": stats["max_value"]}
    return {}


def _categories(allowed: list[str], *, ordered: bool) -> dict[str, Any]:
    """The codes' Swedish labels (Table Schema 2 ``categories``), where the codes are a kind of segstats.codes."""
    kind = next((k for k in codes.kinds() if codes.codes(k) == allowed), None)
    if kind is None:
        return {}
    labelled: dict[str, Any] = {"categories": [{"value": c, "label": codes.label(kind, c)} for c in allowed]}
    return labelled | ({"categoriesOrdered": True} if ordered else {})


def descriptor_text(schemas: list[pa.DataFrameSchema]) -> str:
    """The descriptor as the file holds it: indented JSON, keys in a fixed order, UTF-8 as it is."""
    return json.dumps(descriptor(schemas), indent=2, ensure_ascii=False) + "\n"


def write_descriptor() -> Path:
    """Write data/processed/datapackage.json from the schemas (``python3 dev.py docs``)."""
    target = paths.processed_dir() / DESCRIPTOR_FILE
    target.write_text(descriptor_text(processed_schemas()), encoding="utf-8")
    return target


_DTYPE_WORDS = {"int64": "integer", "float64": "number", "bool": "true/false", "string": "text", "category": "code"}


def data_dictionary(schemas: list[pa.DataFrameSchema]) -> str:
    """The Markdown of docs/data-dictionary.md: each table's columns, their type, whether they may be missing."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from the schemas in `segstats/schema.py` by `python3 dev.py docs`; a test fails when the two drift.",
        "The same for machines: `data/processed/datapackage.json`, a Frictionless Data Package descriptor "
        "(types, constraints, keys, sources and licences; `frictionless validate data/processed/datapackage.json`).",
    ]
    for table in schemas:
        lines += ["", f"## {table.name}", "", "| column | type | may be missing | meaning |", "|---|---|---|---|"]
        for name, column in table.columns.items():
            dtype = _DTYPE_WORDS.get(str(column.dtype).split("[")[0].split("(")[0], str(column.dtype))
            missing = "yes" if column.nullable else "no"
            lines.append(f"| `{name}` | {dtype} | {missing} | {column.description or ''} |")
    return "\n".join(lines) + "\n"


def processed_schemas() -> list[pa.DataFrameSchema]:
    """The schemas of the processed tables, in the order the data dictionary lists them."""
    no_geographies = pd.DataFrame({"geo_kind": pd.Series(dtype=str), "geo_code": pd.Series(dtype=str)})
    return [
        schema.MEASURES,
        schema.LINEAGE,
        schema.AREA_SUMMARIES,
        schema.indicators_schema({}, no_geographies),
        schema.GEOGRAPHIES,
    ]


def dictionary_schemas() -> list[pa.DataFrameSchema]:
    """What the data dictionary lists: the processed tables, and the attributes of the boundary layer (GeoJSON)."""
    return [*processed_schemas(), schema.BOUNDARIES]


def write_data_dictionary() -> Path:
    """Write docs/data-dictionary.md from the schemas (``python3 dev.py docs``)."""
    target = paths.DOCS_DIR / paths.DATA_DICTIONARY_FILE
    target.write_text(data_dictionary(dictionary_schemas()), encoding="utf-8")
    return target
