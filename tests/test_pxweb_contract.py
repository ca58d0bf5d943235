"""segstats fetch held to PxWebApi 2.0's official description (tests/fixtures/pxweb/PxAPI-2.yml).

Every request body the fetcher builds is validated against the spec's ``VariablesSelection``, and
every answer the tests replay (metadata and data) against its json-stat2 ``Dataset``, with
jsonschema. The spec is OpenAPI 3.0; its schemas become JSON Schema (draft 4, which OpenAPI 3.0's
schema object extends) by turning ``nullable: true`` into a ``null`` type. Two faults of the spec
itself are patched here, each against what SCB's API really does (docs/indicators.md, "The contract with PxWebApi 2.0"):
``VariableSelection`` requires a property ``values`` it never defines (the API, and every
client, send ``valueCodes``), and ``updated`` allows a date only, where SCB sends a date-time.
"""

import copy
import json
import shutil
from functools import cache

import jsonschema
import pytest
import yaml

from segstats import paths
from segstats.cli import main
from segstats.indicators import pxweb
from segstats.indicators.catalogue import read_catalogue

from .conftest import FIXTURES, snapshot
from .test_pxweb import RECORDED, Recorded

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

SPEC = FIXTURES / "pxweb" / "PxAPI-2.yml"
SPEC_SHA256 = "8fb7e357776c85d4494ff1bda0dcb1e7ee6f4c580c9e1a34275601b99c31c175"


def _json_schema(node):
    """An OpenAPI 3.0 schema object as JSON Schema: ``nullable: true`` becomes a ``null`` type."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _json_schema(v) for k, v in node.items() if k not in ("example", "examples")}
    if node.pop("nullable", False) is True:
        if "type" in node:
            node["type"] = [node["type"], "null"]
        elif "enum" in node:
            node["enum"] = [*node["enum"], None]
    return node


@cache
def _spec() -> dict:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    # The spec's own faults (see the module docstring); nothing else is changed.
    assert schemas["VariableSelection"]["required"] == ["variableCode", "values"]
    schemas["VariableSelection"]["required"] = ["variableCode", "valueCodes"]
    assert schemas["updated"]["pattern"].endswith(")$")
    schemas["updated"]["pattern"] = (
        schemas["updated"]["pattern"][:-1] + "(T\\d\\d:\\d\\d(:\\d\\d)?(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)?)?$"
    )
    return {"components": {"schemas": _json_schema(schemas)}}


def validate(instance: object, schema: str) -> None:
    """Validate ``instance`` against ``#/components/schemas/<schema>`` of the spec; raise on the first fault."""
    root = copy.copy(_spec()) | {"$ref": f"#/components/schemas/{schema}"}
    jsonschema.Draft4Validator(root).validate(instance)


def test_the_spec_is_the_official_copy():
    import hashlib

    assert hashlib.sha256(SPEC.read_bytes()).hexdigest() == SPEC_SHA256
    assert yaml.safe_load(SPEC.read_text(encoding="utf-8"))["info"]["version"] == "2.0"


@pytest.mark.parametrize("name", sorted(p.name for p in RECORDED.glob("TAB*.json")))
def test_every_recorded_answer_is_a_json_stat2_dataset_of_the_spec(name):
    validate(json.loads((RECORDED / name).read_text(encoding="utf-8")), "Dataset")


def test_every_request_body_the_fetcher_sends_is_a_variables_selection_of_the_spec(tmp_path):
    catalogue = read_catalogue()
    transport = Recorded()
    pxweb.fetch([catalogue["sysselsattning"], catalogue["omradestyp"]], tmp_path, transport=transport)
    bodies = [body for method, _, body in transport.requests if method == "POST"]
    assert len(bodies) == 2
    for body in bodies:
        validate(body, "VariablesSelection")


def test_the_check_catches_what_the_spec_forbids():
    with pytest.raises(jsonschema.ValidationError, match="'valueCodes' is a required property"):
        validate({"selection": [{"variableCode": "Tid", "values": ["2024"]}]}, "VariablesSelection")
    dataset = json.loads((RECORDED / "TAB6680_data.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="'dimension' is a required property"):
        validate({k: v for k, v in dataset.items() if k != "dimension"}, "Dataset")
    with pytest.raises(jsonschema.ValidationError, match="does not match"):
        validate(dataset | {"updated": "20 november 2025"}, "Dataset")


def test_fetch_dry_run_builds_the_requests_from_recorded_metadata_without_the_network(tmp_path, monkeypatch, capsys):
    def no_network(method, url, body):
        raise AssertionError(f"a dry run sent {method} {url}")

    monkeypatch.setattr(pxweb, "urllib_transport", no_network)
    shutil.copy(paths.catalogue_path(), paths.catalogue_path(tmp_path))
    recorded = pxweb.recorded_metadata(paths.indicators_raw_dir(tmp_path), "TAB6680")
    recorded.parent.mkdir(parents=True)
    shutil.copy(RECORDED / "TAB6680_metadata.json", recorded)  # as a fetch records it
    before = snapshot(tmp_path)
    command = ["--data-dir", str(tmp_path), "fetch", "--dry-run", "--indicator", "sysselsattning"]
    assert main([*command, "--indicator", "lag_ekstd"]) == 0
    out = capsys.readouterr().out
    assert f"# sysselsattning (built from the metadata recorded in {recorded})" in out
    assert "POST https://statistikdatabasen.scb.se/api/v2/tables/TAB6680/data?lang=sv&outputFormat=json-stat2" in out
    body = json.loads(out[out.index("{") : out.index("\n}") + 2])
    validate(body, "VariablesSelection")
    assert {"variableCode": "Alder", "valueCodes": ["20-64"]} in body["selection"]
    assert out.strip().endswith(
        "# lag_ekstd: no metadata of TAB6685 is recorded yet; a fetch first sends\n"
        "GET https://statistikdatabasen.scb.se/api/v2/tables/TAB6685/metadata?lang=sv\n"
        "and builds its request from the answer"
    )
    assert snapshot(tmp_path) == before  # nothing written


def test_fetch_records_each_tables_metadata_for_the_next_dry_run(tmp_path):
    catalogue = read_catalogue()
    raw = paths.indicators_raw_dir(tmp_path)
    pxweb.fetch([catalogue["sysselsattning"]], raw, transport=Recorded())
    recorded = pxweb.recorded_metadata(raw, "TAB6680")
    assert recorded.read_bytes() == (RECORDED / "TAB6680_metadata.json").read_bytes()  # verbatim
    assert "POST " in pxweb.dry_run([catalogue["sysselsattning"]], raw)
