"""SCB's PxWebApi 2.0 answers as `segstats fetch` keeps them, with their provenance files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import yaml

from segstats.errors import FetchError, SourceFormatError
from segstats.indicators import geo, pxweb
from segstats.indicators.sources.common import Source, marker_notes, ref, rows, share
from segstats.words import parse_yaml


def read_pxweb(path: Path, source: Source, key: geo.RegsoKey) -> pd.DataFrame:
    """A table fetched from SCB's PxWebApi by ``segstats fetch``: the json-stat2 answer and its provenance file."""
    name = ref(path)
    sidecar = path.with_name(path.stem + pxweb.PROVENANCE)
    try:
        provenance = parse_yaml(sidecar.read_text(encoding="utf-8"))
        raw = path.read_bytes()
        dataset = json.loads(raw)
        if hashlib.sha256(raw).hexdigest() != provenance["sha256"]:
            raise SourceFormatError("sources.response_changed", file=name)
        cells = pxweb.unpack(dataset, provenance["table"])
    except OSError:
        raise SourceFormatError("sources.no_provenance", file=name, sidecar=sidecar.name) from None
    except (json.JSONDecodeError, yaml.YAMLError, KeyError, TypeError, FetchError) as exc:
        raise SourceFormatError("sources.unreadable_response", file=name, reason=str(exc)) from None
    regions = pd.DataFrame(cells["Region"].map(geo.region_of).tolist(), columns=["geo_kind", "geo_code", "version"])
    cells = pd.concat([cells, regions.set_index(cells.index)], axis=1)
    if cells["geo_kind"].isna().any():
        unknown = cells.loc[cells["geo_kind"].isna(), "Region"].iloc[0]
        raise SourceFormatError("sources.unknown_region", file=name, code=repr(unknown))
    if not cells["Tid"].str.fullmatch(r"\d{4}").all():
        raise SourceFormatError("sources.yearly_only", file=name)
    cells["year"] = cells["Tid"].astype(int)
    # Each RegSO or DeSO version holds statistics only for its own years; SCB's tables list
    # both versions for every year, with '..' or 0 outside them.
    outside = (cells["version"] == "2025") != (cells["year"] >= geo.FIRST_YEAR_2025_VERSION)
    cells = cells[cells["version"].isna() | ~outside].reset_index(drop=True)
    numerator = provenance.get("numerator") or {}
    if numerator:
        cells = _ratio(cells, numerator, provenance.get("denominator") or {})
    else:
        cells = cells.assign(note=marker_notes(cells["status"].rename(None)).to_numpy())
    return rows(
        indicator=provenance["indicator"],
        geo_kind=cells["geo_kind"],
        geo_code=cells["geo_code"],
        year=cells["year"],
        value=cells["value"],
        source=source.publisher,
        source_ref=f"{name} · {provenance['url']} (fetched {provenance['fetched']})",
        derived=bool(numerator),
        note=cells["note"],
    )


def _ratio(cells: pd.DataFrame, numerator: dict[str, str], denominator: dict[str, str]) -> pd.DataFrame:
    """100 × numerator / denominator per region and year, with a note giving the formula."""
    keys = ["geo_kind", "geo_code", "year"]

    def pick(selection: dict[str, str]) -> pd.DataFrame:
        part = cells
        for variable, code in selection.items():
            part = part[part[variable] == code]
        return part.set_index(keys)[["value", "status"]]

    both = pick(numerator).join(pick(denominator), how="inner", suffixes=("_num", "_den")).reset_index()
    formula = "derived: 100*" + ",".join(f"{k}={v}" for k, v in numerator.items())
    formula += "/" + ",".join(f"{k}={v}" for k, v in denominator.items())
    status = marker_notes(both["status_num"].fillna(both["status_den"]))
    return both.assign(
        value=share(both["value_num"], both["value_den"]),
        note=[formula if pd.isna(s) else f"{formula}; {s}" for s in status],
    )
