"""segstats fetch: PxWebApi 2.0 requests, kept responses with provenance, and the build reading them; offline."""

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import pytest
import yaml

from segstats import build_indicators, load_indicators, paths
from segstats.cli import main
from segstats.errors import FetchError, SourceFormatError
from segstats.indicators import pxweb
from segstats.indicators.catalogue import FetchSpec, read_catalogue

from .conftest import FIXTURES, copy_raw_data

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

RECORDED = FIXTURES / "pxweb"
FETCHED_AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
LINKOPING_REGIONS = [
    *("00", "0580", "0580R001", "0580R017", "0580R018"),
    *("0580R001_RegSO2025", "0580R017_RegSO2025", "0580R018_RegSO2025"),
]


class Recorded:
    """Plays back the recorded answers in tests/fixtures/pxweb/ and remembers every request."""

    def __init__(self, broken: str | None = None):
        self.requests: list[tuple[str, str, dict | None]] = []
        self.broken = broken

    def __call__(self, method: str, url: str, body: bytes | None) -> bytes:
        self.requests.append((method, url, json.loads(body) if body else None))
        table, kind = urlparse(url).path.split("/")[-2:]
        if table == self.broken:
            return b"<html>Service unavailable</html>"
        return (RECORDED / f"{table}_{kind}.json").read_bytes()


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue()


@pytest.fixture(scope="module")
def fetched(tmp_path_factory, catalogue):
    """A data folder with the two recorded tables fetched and everything built."""
    data_dir = copy_raw_data(tmp_path_factory.mktemp("fetched"))
    transport = Recorded()
    written = pxweb.fetch(
        [catalogue["sysselsattning"], catalogue["omradestyp"]],
        paths.indicators_raw_dir(data_dir),
        transport=transport,
        now=FETCHED_AT,
    )
    build_indicators(data_dir)
    return data_dir, written, transport


@pytest.mark.realdata
def test_the_request_asks_for_linkoping_sweden_and_every_year(fetched):
    _, _, transport = fetched
    methods = [(m, urlparse(u).path, urlparse(u).query) for m, u, _ in transport.requests]
    # Every table's metadata first, so that every selection is checked before any data is asked for.
    assert methods == [
        ("GET", "/api/v2/tables/TAB6680/metadata", "lang=sv"),
        ("GET", "/api/v2/tables/TAB6586/metadata", "lang=sv"),
        ("POST", "/api/v2/tables/TAB6680/data", "lang=sv&outputFormat=json-stat2"),
        ("POST", "/api/v2/tables/TAB6586/data", "lang=sv&outputFormat=json-stat2"),
    ]
    assert transport.requests[2][2] == {
        "selection": [
            {"variableCode": "Region", "valueCodes": LINKOPING_REGIONS},
            {"variableCode": "Kon", "valueCodes": ["1+2"]},
            {"variableCode": "Alder", "valueCodes": ["20-64"]},
            {"variableCode": "ContentsCode", "valueCodes": ["0000089X", "0000089Y"]},
            {"variableCode": "Tid", "valueCodes": ["2022", "2023", "2024"]},
        ]
    }
    # The recorded answer is the one to exactly this request.
    answer = json.loads((RECORDED / "TAB6680_data.json").read_text(encoding="utf-8"))
    assert list(answer["dimension"]["Region"]["category"]["index"]) == LINKOPING_REGIONS


@pytest.mark.realdata
def test_each_response_is_kept_verbatim_with_its_provenance(fetched):
    data_dir, written, _ = fetched
    folder = paths.indicators_raw_dir(data_dir) / pxweb.FETCH_DIR
    assert [p.name for p in written] == ["sysselsattning_TAB6680.json", "omradestyp_TAB6586.json"]
    assert (folder / "sysselsattning_TAB6680.json").read_bytes() == (RECORDED / "TAB6680_data.json").read_bytes()
    provenance = yaml.safe_load((folder / "sysselsattning_TAB6680.provenance.yaml").read_text(encoding="utf-8"))
    assert provenance["url"] == f"{pxweb.API_URL}/tables/TAB6680/data?lang=sv&outputFormat=json-stat2"
    assert provenance["fetched"] == "2026-01-15T09:30:00+00:00"
    assert provenance["sha256"] == hashlib.sha256((RECORDED / "TAB6680_data.json").read_bytes()).hexdigest()
    assert provenance["numerator"] == {"ContentsCode": "0000089X"}
    assert provenance["updated"] == "2025-11-20T07:00:00Z" and provenance["source"] == "SCB"


def _row(df, indicator, code, year):
    row = df[(df["indicator"] == indicator) & (df["geo_code"] == code) & (df["year"] == year)]
    assert len(row) == 1
    return row.iloc[0]


@pytest.mark.realdata
def test_the_build_reads_fetched_tables(fetched):
    data_dir, _, _ = fetched
    df = load_indicators(data_dir)
    fictional = df[df["source_ref"].astype(str).str.startswith("scb_pxweb/")]
    # The share of employed is computed by segstats and says how.
    row = _row(fictional, "sysselsattning", "0580R018", 2024)
    assert row["value"] == pytest.approx(round(100 * 3140 / 5520, 2)) and row["derived"]
    assert row["note"].startswith("derived: 100*ContentsCode=0000089X/ContentsCode=0000089Y")
    assert "also 57.777 in transcribed/am_dashboard_se_regso2025_berga_ryd_skaggetorp.csv" in row["note"]
    assert "(fetched 2026-01-15T09:30:00+00:00)" in row["source_ref"] and row["source"] == "SCB"
    assert _row(fictional, "sysselsattning", "0580R001", 2022)["value"] == 70.0
    assert _row(fictional, "sysselsattning", "00", 2023)["geo_kind"] == "riket"
    # A suppressed cell is missing, and says so.
    suppressed = _row(fictional, "sysselsattning", "0580R017", 2022)
    assert np.isnan(suppressed["value"]) and "no value: the source has '..'" in suppressed["note"]
    # Each RegSO version only in its own years: no zeros from the 2025 version before 2024.
    assert (fictional[fictional["indicator"] == "sysselsattning"]["value"] != 0).all()
    assert sorted(fictional[fictional["geo_code"] == "0580R018"]["year"].unique()) == [2022, 2023, 2024]


@pytest.mark.realdata
def test_a_published_value_is_kept_as_published(fetched):
    data_dir, _, _ = fetched
    df = load_indicators(data_dir)
    row = _row(df, "omradestyp", "0580R018", 2024)
    assert (
        row["value"] == 1 and not row["derived"] and row["source_ref"].startswith("scb_pxweb/omradestyp_TAB6586.json")
    )
    # SCB's verbatim file gave the same 2023 type; the fetched table is preferred and the other named.
    assert "also 1 in addegezon/regso_socioekonomisk_index_2023.csv" in _row(df, "omradestyp", "0580R018", 2023)["note"]
    kommun = _row(df, "omradestyp", "0580", 2023)
    assert np.isnan(kommun["value"]) and kommun["note"] == "no value: the source has '.'"


def test_selection_codes_may_be_given_as_labels(catalogue):
    meta = json.loads((RECORDED / "TAB6680_metadata.json").read_text(encoding="utf-8"))
    spec = FetchSpec("TAB6680", {"Kon": "totalt", "Alder": "20-64 år"}, {"ContentsCode": "Antal sysselsatta"})
    spec = replace(spec, denominator={"ContentsCode": "0000089Y"})
    selection = {s["variableCode"]: s["valueCodes"] for s in pxweb.build_selection(spec, meta)}
    assert selection["Kon"] == ["1+2"] and selection["Alder"] == ["20-64"]
    assert selection["ContentsCode"] == ["0000089X", "0000089Y"]
    assert "0114R001" not in selection["Region"] and "0580C1610_DeSO2025" not in selection["Region"]


@pytest.mark.parametrize(
    "select, message",
    [
        (
            {"Kön": "1+2", "Alder": "20-64"},
            "TAB6680 has no variable 'Kön'; it has Region, Kon, Alder, ContentsCode, Tid",
        ),
        ({"Alder": "20-74"}, "TAB6680: Alder has no code or label '20-74'; it has 16-64 (16-64 år), 20-64 (20-64 år)"),
        ({"Kon": "1+2"}, "TAB6680 needs a value for 'Alder' (it cannot be left out); give it in the catalogue's"),
    ],
)
def test_a_selection_the_table_cannot_answer_says_what_it_has(select, message):
    meta = json.loads((RECORDED / "TAB6680_metadata.json").read_text(encoding="utf-8"))
    spec = FetchSpec("TAB6680", select, {"ContentsCode": "0000089X"}, {"ContentsCode": "0000089Y"})
    with pytest.raises(FetchError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pxweb.build_selection(spec, meta)


def test_nothing_is_written_when_a_later_answer_is_wrong(tmp_path, catalogue):
    with pytest.raises(FetchError, match="TAB6586: the API's answer is not JSON"):
        pxweb.fetch(
            [catalogue["sysselsattning"], catalogue["omradestyp"]], tmp_path, transport=Recorded(broken="TAB6586")
        )
    assert not (tmp_path / pxweb.FETCH_DIR).exists()


@pytest.mark.realdata
def test_a_response_changed_after_fetching_is_refused(tmp_path, catalogue):
    data_dir = copy_raw_data(tmp_path)
    raw = paths.indicators_raw_dir(data_dir)
    [response] = pxweb.fetch([catalogue["omradestyp"]], raw, transport=Recorded(), now=FETCHED_AT)
    response.write_bytes(response.read_bytes().replace(b'"value": [', b'"value":['))
    with pytest.raises(SourceFormatError, match="differs from the one its provenance file records"):
        build_indicators(data_dir)


def test_json_stat2_value_and_status_in_every_form():
    dataset = {
        "id": ["Region", "Tid"],
        "size": [1, 3],
        "dimension": {
            "Region": {"category": {"index": ["0580"], "label": {"0580": "Linköping"}}},
            "Tid": {"category": {"index": {"2022": 0, "2023": 1, "2024": 2}}},
        },
        "value": {"0": 1.5, "2": 3},
        "status": ["", "..", ""],
    }
    cells = pxweb.unpack(dataset, "TAB0")
    assert cells["Tid"].tolist() == ["2022", "2023", "2024"]
    assert cells["value"].tolist()[0] == 1.5 and np.isnan(cells["value"][1]) and cells["value"][2] == 3
    assert cells["status"].isna().tolist() == [True, False, True] and cells["status"][1] == ".."
    dataset["value"] = [1, 2]
    with pytest.raises(FetchError, match="2 values for 3 cells"):
        pxweb.unpack(dataset, "TAB0")


@pytest.mark.realdata
def test_cli_fetch_without_network_is_one_line(monkeypatch, capsys, tmp_path):
    def offline(method, url, body):
        raise FetchError(f"{method} {url}: cannot reach the API (no network)")

    monkeypatch.setattr(pxweb, "urllib_transport", offline)
    copy_raw_data(tmp_path)
    assert main(["--data-dir", str(tmp_path), "fetch", "--indicator", "lag_ekstd"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        f"segstats: error: GET {pxweb.API_URL}/tables/TAB6685/metadata?lang=sv: cannot reach the API (no network)"
    )
    assert main(["--data-dir", str(tmp_path), "fetch", "--indicator", "ohalsotal"]) == 1
    assert "cannot fetch ohalsotal; indicators with a fetch spec: lag_ekstd," in capsys.readouterr().err
    # A whole-city index is computed from every DeSO of Sweden: the error names the table that brings other years.
    assert main(["--data-dir", str(tmp_path), "fetch", "--indicator", "diss_utrikes_fodda"]) == 1
    assert "diss_utrikes_fodda comes from SCB, folkmängd per DeSO efter födelseregion" in capsys.readouterr().err


@pytest.mark.realdata
def test_cli_fetch_writes_and_build_reads(monkeypatch, tmp_path):
    monkeypatch.setattr(pxweb, "urllib_transport", Recorded())
    data_dir = copy_raw_data(tmp_path)
    assert main(["--data-dir", str(data_dir), "fetch", "--indicator", "omradestyp"]) == 0
    assert main(["--data-dir", str(data_dir), "build"]) == 0
    table = pd.read_csv(paths.processed_dir(data_dir) / paths.INDICATORS_FILE, dtype=str)
    assert table["source_ref"].str.startswith("scb_pxweb/omradestyp_TAB6586.json · ").any()
