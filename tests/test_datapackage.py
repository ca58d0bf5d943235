"""The processed tables described for machines: a Data Package descriptor that says what the schemas say."""

import json

import frictionless
import pytest

from segstats import datapackage, paths

DESCRIPTOR = paths.processed_dir() / datapackage.DESCRIPTOR_FILE

# FICTIONAL processed tables (kommun 9990 does not exist), one or two rows each, in the tables' columns.
FICTIONAL = {
    "measures.csv": [
        "year,measure_id,area_no,area,title,description,districts,responsible,departments,funding,status,"
        "status_comment,next_plan,next_plan_text,predecessors,source_file,source_line",
        '2030,1.1,1,"Ökad trygghet, gemenskap och delaktighet i samhället",Fiktiv åtgärd,,Berga,SOF,SOF,,done,,'
        "kept,,,fiktiv.csv,2",
    ],
    "lineage.csv": [
        "year,measure_id,kind,successor_year,successor_id,successor_description,source_file,source_line",
        "2030,1.1,kept,2031,,,fiktiv.csv,2",
    ],
    "area_summaries.csv": [
        "year,area_no,paragraph,text,source_file,source_line",
        '2030,1,1,"Fiktivt år, med kommatecken.",fiktiv.txt,12',
    ],
    "geographies.csv": [
        "geo_kind,geo_code,geo_name,kommun_code,kommun_name,district,regso_code,larger_than_district,note",
        "kommun,9990,Fiktiv kommun,9990,Fiktiv kommun,,,False,",
        "regso,9990R001,Fiktiva RegSO 1,9990,Fiktiv kommun,,,False,",
        "deso,9990A0001,9990A0001,9990,Fiktiv kommun,,9990R001,False,",
    ],
    "indicators.csv": [
        "indicator,geo_kind,geo_code,geo_name,district,year,value,unit,source,source_ref,derived,note,implausible",
        "fiktiv,regso,9990R001,Fiktiva RegSO 1,,2030,12.5,%,FIKTIV,fiktiv tabell,False,,False",
        "fiktiv,kommun,9990,Fiktiv kommun,,2030,,%,FIKTIV,fiktiv tabell,False,the source has ..,False",
    ],
}


def _package(folder, change=None):
    """The fictional tables and the schemas' descriptor in ``folder``; ``change`` = (file, old, new) once."""
    folder.mkdir()
    for name, lines in FICTIONAL.items():
        text = "\n".join(lines) + "\n"
        if change and change[0] == name:
            assert change[1] in text
            text = text.replace(change[1], change[2], 1)
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / datapackage.DESCRIPTOR_FILE
    path.write_text(datapackage.descriptor_text(datapackage.processed_schemas()), encoding="utf-8")
    return path


def _errors(path) -> set[str]:
    report = frictionless.validate(str(path))
    return {error.type for task in report.tasks for error in task.errors} | {e.type for e in report.errors}


def test_every_processed_table_has_its_file_sources_and_licences():
    undeclared = [s.name for s in datapackage.processed_schemas() if s.name not in datapackage.TABLES]
    assert not undeclared, f"processed tables without an entry in segstats/datapackage.py TABLES: {undeclared}"


def test_the_descriptor_describes_each_column_as_its_schema_does():
    resources = {r["name"]: r for r in datapackage.descriptor(datapackage.processed_schemas())["resources"]}
    measures = {f["name"]: f for f in resources["measures"]["schema"]["fields"]}
    assert measures["year"]["type"] == "integer" and measures["year"]["constraints"]["minimum"] == 2021
    assert measures["status"]["constraints"]["enum"] == ["done", "ongoing", "not_done"]
    assert measures["status"]["categories"][0] == {"value": "done", "label": "Genomförd"}
    assert measures["status_comment"].get("constraints", {}).get("required") is None  # may be missing
    assert resources["measures"]["schema"]["primaryKey"] == ["year", "measure_id"]
    # A key with a column that may be missing is no primary key.
    assert "primaryKey" not in resources["lineage"]["schema"]
    assert resources["lineage"]["schema"]["uniqueKeys"] == [["year", "measure_id", "successor_id"]]
    indicators = {f["name"]: f for f in resources["indicators"]["schema"]["fields"]}
    assert indicators["value"]["type"] == "number" and "unit" in indicators["value"]["description"]
    assert [c["label"] for c in indicators["unit"]["categories"]][:2] == ["procent", "tusen kronor"]
    assert indicators["derived"]["trueValues"] == ["True"]
    assert resources["indicators"]["schema"]["missingValues"] == [""]
    assert {lic["name"] for lic in resources["indicators"]["licenses"]} == {"CC0-1.0", "notspecified"}


def test_a_fictional_package_with_the_descriptor_is_valid(tmp_path):
    assert _errors(_package(tmp_path / "processed")) == set()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (("measures.csv", ",done,", ",klar,"), "constraint-error"),  # an unknown status
        (("measures.csv", ",1.1,", ",1.100,"), "constraint-error"),  # not a measure number
        (("indicators.csv", ",9990R001,", ",9990R999,"), "foreign-key"),  # a geography that is not in the table
        (("indicators.csv", "fiktiv,kommun,9990,", "fiktiv,regso,9990R001,"), "primary-key"),  # one key, two rows
        (("indicators.csv", "12.5", "12,5"), "type-error"),  # a decimal comma in the machines' CSV
        (("indicators.csv", ",False,,False", ",nej,,False"), "type-error"),
        (("lineage.csv", "2030,1.1,", "2030,1.2,"), "foreign-key"),  # a link from a measure that does not exist
    ],
)
def test_the_descriptor_catches_what_the_schemas_forbid(tmp_path, change, error):
    assert error in _errors(_package(tmp_path / "processed", change))


@pytest.mark.realdata
def test_the_committed_descriptor_is_the_one_the_schemas_give():
    written = DESCRIPTOR.read_text(encoding="utf-8")
    assert written == datapackage.descriptor_text(datapackage.processed_schemas()), (
        "data/processed/datapackage.json differs from the schemas; run: python3 dev.py docs"
    )
    assert json.loads(written)["resources"][0]["path"] == paths.MEASURES_FILE


@pytest.mark.realdata
@pytest.mark.slow  # reads every row of the 12 MB indicator table: about 8 s
def test_the_shipped_tables_are_valid_against_their_descriptor():
    report = frictionless.validate(str(DESCRIPTOR))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
