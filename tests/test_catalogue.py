"""The indicator catalogue (data/indicators.yaml): the shipped one is complete, a broken one says what is wrong."""

import pytest
import yaml

from segstats import codes, indicator_catalogue, paths
from segstats.errors import CatalogueError
from segstats.indicators.catalogue import read_catalogue

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

CONTRACT = [
    *("id", "name_sv", "name_en", "definition", "unit", "decimals", "direction", "area_no"),
    *("population", "producer", "source_table", "confirmed", "series_breaks"),
]


def test_catalogue_has_the_plans_13_indicators_each_complete():
    table = indicator_catalogue()
    plan = table[table["plan"]]
    assert len(plan) == 13
    assert table["id"].is_unique
    assert set(CONTRACT) <= set(table.columns)
    assert set(table["unit"]) <= set(codes.codes("unit"))
    assert set(table["direction"]) <= set(codes.codes("direction"))
    assert plan["area_no"].between(1, 5).all()
    for column in ("name_sv", "name_en", "definition", "definition_en", "population", "producer", "source_table"):
        assert (table[column].str.strip() != "").all(), column
    # Only the one indicator a public source names is marked confirmed.
    assert table.loc[table["confirmed"], "id"].tolist() == ["barn_lag_ekstd"]


def test_default_set_is_kept_with_its_changes():
    ids = indicator_catalogue().query("plan")["id"].tolist()
    assert ids == [
        *("barn_lag_ekstd", "lag_ekstd", "median_ekstd", "sysselsattning", "arbetsloshet"),
        *("ekonomiskt_bistand", "eftergymnasial", "gymnasiebehorighet", "valdeltagande_kf"),
        *("utrikes_fodda", "hyresratt", "trangboddhet_barn", "ohalsotal"),
    ]
    catalogue = read_catalogue()
    # Post-secondary follows the district data (25–65); Linköping's 25–64 series is its own id.
    assert catalogue["eftergymnasial"].population.startswith("25–65")
    assert catalogue["eftergymnasial_25_64"].plan is False


def test_fetch_specs_are_read():
    spec = read_catalogue()["sysselsattning"].fetch
    assert spec.table == "TAB6680"
    assert spec.select == {"Kon": "1+2", "Alder": "20-64"}
    assert spec.is_ratio and spec.numerator == {"ContentsCode": "0000089X"}
    assert read_catalogue()["omradestyp"].fetch.is_ratio is False
    assert read_catalogue()["ohalsotal"].fetch is None


def _write(tmp_path, entries) -> None:
    paths.catalogue_path(tmp_path).write_text(yaml.safe_dump({"indicators": entries}, allow_unicode=True))


def _entry(**changes) -> dict:
    entry = yaml.safe_load(paths.catalogue_path().read_text(encoding="utf-8"))["indicators"][1]  # lag_ekstd
    return {**entry, **changes}


def test_a_broken_catalogue_lists_every_problem(tmp_path):
    broken = [
        _entry(unit="procent"),
        _entry(id="lag_ekstd", direction="up"),
        {k: v for k, v in _entry(id="no_name").items() if k != "name_sv"},
        _entry(id="no_area", area_no=None),
        _entry(id="fixed_region", fetch={"table": "TAB6685", "select": {"Region": "0580"}}),
        _entry(id="number_code", fetch={"table": "TAB6685", "select": {"ContentsCode": 89}}),
        _entry(id="Bad-Id", colour="red"),
    ]
    _write(tmp_path, broken)
    with pytest.raises(CatalogueError) as info:
        read_catalogue(tmp_path)
    message = str(info.value)
    assert "unit must be one of %, tkr" in message and "'procent'" in message
    assert "duplicate id 'lag_ekstd'" in message
    assert "direction must be one of higher_is_better" in message
    assert "missing field(s) name_sv" in message
    assert "area_no must be a development area 1–5 for a plan indicator" in message
    assert "Region are chosen by the fetcher" in message
    assert "write the value of ContentsCode in quotes" in message
    assert "id must be lower-case ASCII" in message and "unknown field(s) colour" in message


def test_a_catalogue_that_is_not_yaml_is_one_clear_error(tmp_path):
    paths.catalogue_path(tmp_path).write_text("indicators: [unclosed\n")
    with pytest.raises(CatalogueError, match="not valid YAML"):
        read_catalogue(tmp_path)


def test_an_edited_catalogue_is_read_again(tmp_path):
    _write(tmp_path, [_entry()])
    assert list(read_catalogue(tmp_path)) == ["lag_ekstd"]
    _write(tmp_path, [_entry(), _entry(id="another", deso_years=None)])
    assert list(read_catalogue(tmp_path)) == ["lag_ekstd", "another"]


def test_the_deso_comparison_is_a_fact_of_the_catalogue_not_of_the_code(tmp_path):
    from segstats.indicators.catalogue import DesoComparison, deso_comparison

    # Next year's data: the years change in data/indicators.yaml, and every report follows.
    _write(tmp_path, [_entry(deso_years=[2022, 2025]), _entry(id="another", deso_years=None)])
    assert deso_comparison(indicator_catalogue(tmp_path)) == DesoComparison("lag_ekstd", 2022, 2025)
    _write(tmp_path, [_entry(deso_years=None)])
    assert deso_comparison(indicator_catalogue(tmp_path)) is None
    _write(tmp_path, [_entry(deso_years=[2024, 2022]), _entry(id="a"), _entry(id="b")])
    with pytest.raises(CatalogueError) as info:
        read_catalogue(tmp_path)
    assert "(lag_ekstd): deso_years must be null or [start, end], two years with start < end" in str(info.value)
    assert "at most one indicator compares the districts' DeSOs, but a, b do" in str(info.value)


def test_prices_ranges_and_breaks_are_checked(tmp_path):
    broken = [
        _entry(id="amount_without_prices", unit="tkr", prices=None),
        _entry(id="share_with_prices", prices="constant"),
        _entry(id="range_upside_down", plausible=[30, 0]),
        _entry(id="break_as_text", series_breaks=["SCB bytte källa 2019"]),
        _entry(id="break_of_unknown_kind", series_breaks=[{"year": 2019, "text": "x", "geo_kinds": ["lan"]}]),
    ]
    _write(tmp_path, broken)
    with pytest.raises(CatalogueError) as info:
        read_catalogue(tmp_path)
    message = str(info.value)
    assert "(amount_without_prices): prices must be one of constant, current, unknown for an amount in tkr" in message
    assert "(share_with_prices): prices must be null for a unit other than tkr" in message
    assert "(range_upside_down): plausible must be null or [low, high] with low < high" in message
    assert "(break_as_text): series_breaks #1 must be a list of {year, text}" in message
    assert "a text without a year is a caveat" in message
    assert "(break_of_unknown_kind): series_breaks #1: year must be a whole number" in message


def test_a_break_is_read_with_its_scope():
    lag_ekstd = read_catalogue()["lag_ekstd"]
    (only,) = lag_ekstd.series_breaks
    assert (only.year, only.geo_kinds) == (2015, ("regso", "deso"))
    assert only.applies("deso", {"SCB"}) and not only.applies("kommun", {"SCB"})
    assert str(only).startswith("2015 (regso, deso): SCB kopplar personer")


def test_an_id_that_is_not_a_name_is_a_problem_not_a_crash(tmp_path):
    _write(tmp_path, [_entry(id=["lag", "ekstd"])])
    with pytest.raises(CatalogueError, match="id must be lower-case ASCII"):
        read_catalogue(tmp_path)
