"""Geographies: the districts as RegSOs and DeSOs, RegSO names to codes, the two RegSO versions."""

import pandas as pd
import pytest

from segstats import paths
from segstats.errors import SourceFormatError
from segstats.indicators import geo
from segstats.io import read_raw_csv

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

RAW = paths.indicators_raw_dir()


@pytest.fixture(scope="module")
def key():
    return geo.read_key(RAW)


@pytest.mark.realdata
def test_the_districts_are_the_regso_of_the_data_readme(key):
    regso = key.regso.set_index("regso_code")
    assert geo.DISTRICT_REGSO == {"Berga": "0580R001", "Ryd": "0580R017", "Skäggetorp": "0580R018"}
    assert regso.loc[["0580R001", "0580R017", "0580R018"], "regso_name"].tolist() == [
        "Berga",
        "Ryd",
        "Skäggetorp-Tornby",
    ]
    assert len(key.regso) == 3363 and key.regso["regso_code"].is_unique


@pytest.mark.realdata
def test_linkopings_regso_cover_the_same_areas_in_both_versions(key):
    """So a RegSO's 2020–2023 values (2020 version) and 2024 values (2025 version) are one area."""
    assert geo.versions_differ(key) == []
    split = key.deso[key.deso["deso_code"].isin(["0580C1230", "0580C1231", "0580C1232"])]
    assert set(split["regso_code"]) == {"0580R004"}


@pytest.mark.realdata
def test_every_regso_label_of_the_national_files_maps_to_one_code(key):
    for name in ("mumbokatten/deso_income.csv", "addegezon/regso_socioekonomisk_index_2023.csv"):
        table = read_raw_csv(RAW / name)
        labels = table.iloc[:3363, 0]
        codes = key.codes_of(labels, file=name, lines=table["_line"][:3363])
        assert codes.is_unique and len(codes) == 3363


@pytest.mark.parametrize(
    "label, code",
    [
        ("Sotenäs (Kungshamn-Smögen-Hovenäset-Väjern)", "1427R002"),  # hyphens where SCB writes en dashes
        ("Botkyrka (Tuna )", "0127R017"),  # a blank before the bracket, as in the Mumbokatten files
        ("  luleå  (tuna)", "2580R028"),
    ],
)
@pytest.mark.realdata
def test_spelling_variants_of_a_label_meet(key, label, code):
    assert key.codes_of(pd.Series([label]), file="f.csv", lines=pd.Series([2])).tolist() == [code]


@pytest.mark.realdata
def test_tuna_is_told_apart_by_its_kommun(key):
    codes = key.codes_of(pd.Series(["Botkyrka (Tuna)", "Luleå (Tuna)"]), file="f.csv", lines=pd.Series([2, 3]))
    assert [c[:4] for c in codes] == ["0127", "2580"]


@pytest.mark.realdata
def test_a_label_that_matches_no_regso_is_an_error(key):
    with pytest.raises(SourceFormatError) as info:
        key.codes_of(pd.Series(["Linköping (Berga)", "Linköping (Bergaa)"]), file="f.csv", lines=pd.Series([2, 3]))
    assert str(info.value).startswith("f.csv: RegSO names that cannot be mapped to a code with ")
    assert "line 3: 'Linköping (Bergaa)' (no such RegSO in SCB's key)" in str(info.value)


def test_a_label_that_folds_onto_two_regso_is_an_error_naming_it():
    # Fictional key: two RegSOs whose names differ only in a dash.
    regso = pd.DataFrame(
        {
            "regso_code": ["9999R001", "9999R002"],
            "regso_name": ["Norr–Söder", "Norr-Söder"],
            "kommun_code": ["9999", "9999"],
            "kommun_name": ["Fiktiv", "Fiktiv"],
        }
    )
    fictional = geo.RegsoKey(regso, pd.DataFrame(columns=["deso_code", "regso_code", "version"]))
    with pytest.raises(SourceFormatError, match=r"line 2: 'Fiktiv \(Norr-Söder\)' \(matches several RegSOs\)"):
        fictional.codes_of(pd.Series(["Fiktiv (Norr-Söder)"]), file="f.csv", lines=pd.Series([2]))


def test_region_codes_say_their_kind():
    assert [geo.kind_of_code(c) for c in ["00", "0580", "0580R018", "0580C1610", "Skäggetorp"]] == [
        "riket",
        "kommun",
        "regso",
        "deso",
        None,
    ]
