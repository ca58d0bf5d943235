"""Geographies: the plan's districts as statistical areas, RegSO names to codes, the geography table."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from segstats import codes
from segstats.errors import SourceFormatError
from segstats.io import read_raw_csv
from segstats.words import say

KOMMUN_CODE, KOMMUN_NAME = "0580", "Linköping"
RIKET_CODE, RIKET_NAME = "00", "Sverige"  # SCB's region code for Sweden

# The plan's districts and the RegSO each is followed through (SCB codes, the same in the
# RegSO 2020 and 2025 versions). RegSO 0580R018 "Skäggetorp-Tornby" is larger than the
# municipality's own stadsdel Skäggetorp.
DISTRICT_REGSO = {"Berga": "0580R001", "Ryd": "0580R017", "Skäggetorp": "0580R018"}
# The district RegSOs that are larger than the municipality's stadsdel of the same district: the
# build writes it into the geography table (``larger_than_district``), which is where readers
# look it up (:func:`larger_regsos`).
_LARGER_REGSO = {"0580R018"}

# The municipality's own areas that lie in a plan district, with what is known about them.
OWN_AREAS = {
    ("stadsdel", "Skäggetorp"): (
        "Skäggetorp",
        "Linköpings kommuns stadsdel (Rosendal, Sörgården, Nygård, Ullevi koloniområde); "
        "smaller than RegSO 0580R018 Skäggetorp-Tornby",
    ),
    ("stadsdel", "Berga"): ("Berga", "Linköpings kommuns stadsdel; another geography than RegSO 0580R001 Berga"),
    ("stadsdel", "Ryd"): ("Ryd", "Linköpings kommuns stadsdel; another geography than RegSO 0580R017 Ryd"),
    ("valdistrikt", "Skäggetorp 1 (Skäggetorp C)"): ("Skäggetorp", "valdistrikt in stadsdel Skäggetorp (2018)"),
    ("valdistrikt", "Skäggetorp 4 (Skäggetorp V)"): ("Skäggetorp", "valdistrikt in stadsdel Skäggetorp (2018)"),
    ("valdistrikt", "Skäggetorp 4"): ("Skäggetorp", "valdistrikt in stadsdel Skäggetorp (2022)"),
}
OWN_AREA_NOTE = {
    "stadsdel": "Linköpings kommuns own division",
    "valdistrikt": "valdistrikt; one named 'Berga N' need not lie in the plan's Berga",
}

# SCB's key files: DeSO 2018 -> RegSO 2020 for all Sweden; DeSO 2025 -> RegSO 2025 for Linköping.
KEY_2020 = "addegezon/koppling-deso2018-regso2020.csv"
KEY_2025 = "transcribed/deso2025_regso2025_linkoping_from_fuzzy-MCP.csv"

GEOGRAPHY_COLUMNS = [
    *("geo_kind", "geo_code", "geo_name", "kommun_code", "kommun_name", "district", "regso_code"),
    *("larger_than_district", "note"),
]

_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—−"})
_REGSO = re.compile(r"^\d{4}R\d{3}$")
_DESO = re.compile(r"^\d{4}[ABC]\d{4}$")


def name_key(label: str) -> str:
    """A RegSO label ("Kommun (RegSO name)") folded so that spelling variants meet.

    Dashes of every kind become hyphens, blanks inside the brackets and around hyphens go,
    runs of white space become one space, case is ignored.

    >>> name_key("Sotenäs (Kungshamn–Smögen)") == name_key("Sotenäs (Kungshamn - Smögen)")
    True
    >>> name_key("Botkyrka (Tuna )")
    'botkyrka (tuna)'
    """
    text = unicodedata.normalize("NFC", label).translate(_DASHES)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    return re.sub(r"\s*-\s*", "-", text).casefold()


@dataclass(frozen=True)
class RegsoKey:
    """SCB's RegSO and DeSO keys: every RegSO and DeSO (2018) of Sweden, and Linköping's DeSOs of 2025."""

    regso: pd.DataFrame  # regso_code, regso_name, kommun_code, kommun_name
    deso: pd.DataFrame  # deso_code, regso_code, kommun_code, kommun_name, version ("2018" or "2025")

    def codes_of(self, labels: pd.Series, *, file: str, lines: pd.Series) -> pd.Series:
        """The RegSO code of each "Kommun (RegSO name)" label.

        Raises:
            SourceFormatError: naming every label (and its line) that matches no RegSO, or
                that matches more than one after folding.
        """
        table = self.regso.assign(key=(self.regso["kommun_name"] + " (" + self.regso["regso_name"] + ")").map(name_key))
        counts = table["key"].value_counts()
        lookup = table[table["key"].map(counts) == 1].set_index("key")["regso_code"]
        keys = labels.map(name_key)
        codes = keys.map(lookup)
        if codes.isna().any():
            ambiguous = set(counts[counts > 1].index)
            shown = []
            for i in labels.index[codes.isna()][:10]:
                why = say("messages.regso_ambiguous" if keys[i] in ambiguous else "messages.regso_unknown")
                shown.append(say("messages.line_holds_why", line=int(lines[i]), value=repr(labels[i]), why=why))
            if codes.isna().sum() > 10:
                shown.append(say("messages.and_more", n=int(codes.isna().sum()) - 10))
            raise SourceFormatError("messages.regso_names", file=file, key=KEY_2020, names=shown)
        return codes


def read_key(raw_dir: Path) -> RegsoKey:
    """Read SCB's key files from the indicator sources folder."""
    key20 = _key_table(raw_dir, KEY_2020, ["Kommun", "Kommunnamn", "DeSO_2018", "RegSO_2020", "RegSOkod_2020"])
    key25 = _key_table(raw_dir, KEY_2025, ["Kommun", "Kommunnamn", "DeSO_2025", "RegSOkod_2025", "RegSO_2025"])
    regso = (
        key20.rename(
            columns={"RegSOkod_2020": "regso_code", "RegSO_2020": "regso_name", "Kommun": "kommun_code"}
            | {"Kommunnamn": "kommun_name"}
        )[["regso_code", "regso_name", "kommun_code", "kommun_name"]]
        .drop_duplicates("regso_code")
        .sort_values("regso_code", ignore_index=True)
    )
    names = {"Kommun": "kommun_code", "Kommunnamn": "kommun_name"}
    columns = ["deso_code", "regso_code", "kommun_code", "kommun_name", "version"]
    deso = pd.concat(
        [
            key20.rename(columns={"DeSO_2018": "deso_code", "RegSOkod_2020": "regso_code"} | names).assign(
                version="2018"
            )[columns],
            key25.rename(columns={"DeSO_2025": "deso_code", "RegSOkod_2025": "regso_code"} | names).assign(
                version="2025"
            )[columns],
        ],
        ignore_index=True,
    )
    return RegsoKey(regso, deso)


def _key_table(raw_dir: Path, name: str, columns: list[str]) -> pd.DataFrame:
    table = read_raw_csv(raw_dir / name, name)
    if list(table.columns[:-1]) != columns:
        raise SourceFormatError("messages.expected_columns", file=name, columns=", ".join(columns))
    deso, regso = columns[2], next(c for c in columns if c.startswith("RegSOkod"))
    bad = ~table[deso].str.fullmatch(_DESO) | ~table[regso].str.fullmatch(_REGSO)
    if bad.any():
        raise SourceFormatError("messages.malformed_code", file=name, line=int(table.loc[bad, "_line"].iloc[0]))
    return table


def versions_differ(key: RegsoKey) -> list[str]:
    """Linköping RegSOs whose 2025 version covers other DeSOs than the 2020 version.

    A DeSO split in 2025 (0580C1230 into C1231 and C1232) keeps its area, so DeSOs are
    compared by their first eight characters.
    """
    linkoping = key.deso[key.deso["kommun_code"] == KOMMUN_CODE]
    roots = linkoping.assign(root=linkoping["deso_code"].str[:8])
    sets = roots.groupby(["regso_code", "version"])["root"].agg(frozenset).unstack()
    return sorted(sets.index[sets["2018"] != sets["2025"]])


# SCB's statistics tables name the 2025 versions of RegSO and DeSO with a suffix
# ("0580R018_RegSO2025"); codes without it are the 2020 versions (DeSO 2018). Statistics on
# the 2020 versions run to 2023, on the 2025 versions from 2024.
_VERSIONED = re.compile(r"^(?P<code>\d{4}[RABC]\d{3,4})_(?:RegSO|DeSO)(?P<version>\d{4})$")
FIRST_YEAR_2025_VERSION = 2024


def region_of(code: str) -> tuple[str | None, str, str | None]:
    """An SCB region code as (geo_kind, code without version suffix, RegSO/DeSO version or None).

    >>> region_of("0580R018_RegSO2025"), region_of("0580R018"), region_of("0580")
    (('regso', '0580R018', '2025'), ('regso', '0580R018', '2020'), ('kommun', '0580', None))
    """
    versioned = _VERSIONED.match(code)
    plain = versioned["code"] if versioned else code
    kind = kind_of_code(plain)
    if kind not in ("regso", "deso"):
        return kind, plain, None
    return kind, plain, versioned["version"] if versioned else "2020"


def kind_of_code(code: str) -> str | None:
    """The geo_kind of an SCB region code: ``00`` riket, ``0580`` kommun, RegSO, DeSO; else None."""
    if code == RIKET_CODE:
        return "riket"
    if re.fullmatch(r"\d{4}", code):
        return "kommun"
    if _REGSO.match(code):
        return "regso"
    if _DESO.match(code):
        return "deso"
    return None


def geographies(key: RegsoKey, own_areas: pd.DataFrame) -> pd.DataFrame:
    """Every geography a value can belong to.

    Args:
        key: SCB's keys (every RegSO and DeSO of Sweden, Linköping's DeSOs of 2025).
        own_areas: the municipality's own areas the sources use (``geo_kind``, ``geo_code``).

    Returns:
        One row per geography with :data:`GEOGRAPHY_COLUMNS`, sorted by kind and code.
    """
    district_of_regso = {code: name for name, code in DISTRICT_REGSO.items()}
    differ = set(versions_differ(key))
    linkoping = key.regso["kommun_code"] == KOMMUN_CODE
    regso = key.regso.assign(
        geo_kind="regso",
        geo_code=key.regso["regso_code"],
        geo_name=key.regso["regso_name"],
        district=key.regso["regso_code"].map(district_of_regso),
        regso_code=None,
        larger_than_district=key.regso["regso_code"].isin(_LARGER_REGSO),
        note=None,
    )
    regso.loc[linkoping, "note"] = [
        "RegSO 2025 covers other DeSOs than RegSO 2020" if c in differ else "same DeSOs in RegSO 2020 and 2025"
        for c in regso.loc[linkoping, "geo_code"]
    ]
    versions = key.deso.groupby(["deso_code", "regso_code", "kommun_code", "kommun_name"])["version"].agg(
        lambda v: " and ".join(sorted(v))
    )
    deso = versions.reset_index().assign(
        geo_kind="deso",
        geo_code=lambda d: d["deso_code"],
        geo_name=lambda d: d["deso_code"],
        district=lambda d: d["regso_code"].map(district_of_regso),
        larger_than_district=False,
        note=lambda d: "DeSO " + d["version"],
    )
    top = pd.DataFrame(
        [("riket", RIKET_CODE, RIKET_NAME, None, None, None, None, False, None)], columns=GEOGRAPHY_COLUMNS
    )
    # Every municipality: the segregation indices place Linköping among all of them.
    kommuner = key.regso[["kommun_code", "kommun_name"]].drop_duplicates("kommun_code")
    kommuner = kommuner.assign(
        geo_kind="kommun", geo_code=kommuner["kommun_code"], geo_name=kommuner["kommun_name"], district=None
    ).assign(regso_code=None, larger_than_district=False, note=None)
    own = own_areas[["geo_kind", "geo_code"]].drop_duplicates()
    known = [
        OWN_AREAS.get((k, c), (None, OWN_AREA_NOTE[k])) for k, c in zip(own["geo_kind"], own["geo_code"], strict=True)
    ]
    own = own.assign(
        geo_name=own["geo_code"],
        kommun_code=KOMMUN_CODE,
        kommun_name=KOMMUN_NAME,
        district=[district for district, _ in known],
        regso_code=None,
        larger_than_district=False,
        note=[note for _, note in known],
    )
    table = pd.concat(
        [top, kommuner[GEOGRAPHY_COLUMNS], regso[GEOGRAPHY_COLUMNS], deso[GEOGRAPHY_COLUMNS], own[GEOGRAPHY_COLUMNS]]
    )
    order = {kind: i for i, kind in enumerate(codes.codes("geo_kind"))}
    table = table.sort_values(["geo_kind", "geo_code"], key=lambda s: s.map(order) if s.name == "geo_kind" else s)
    return table.reset_index(drop=True)


def larger_regsos(geographies: pd.DataFrame) -> set[str]:
    """The districts' RegSOs that cover more than the municipality's stadsdel of their district.

    Args:
        geographies: rows of :func:`segstats.load_geographies` (``larger_than_district``).

    >>> larger_regsos(pd.DataFrame({"geo_code": ["0580R001", "0580R018"], "larger_than_district": [False, True]}))
    {'0580R018'}
    """
    return set(geographies.loc[geographies["larger_than_district"].astype(bool), "geo_code"].astype(str))
