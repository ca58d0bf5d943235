"""The indicator catalogue (data/indicators.yaml): read, check every entry, and hand it out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from segstats import codes, paths
from segstats.errors import CatalogueError
from segstats.words import Said, parse_yaml, say

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TABLE = re.compile(r"^TAB\d+$")
_TEXT_FIELDS = ("name_sv", "name_en", "definition", "definition_en", "population", "producer", "source_table")
_FIELDS = (
    *("id", "plan", "confirmed", "name_sv", "name_en", "definition", "definition_en"),
    *("unit", "decimals", "prices", "plausible", "direction", "area_no", "population", "producer", "source_table"),
    *("series_breaks", "caveats", "note", "fetch", "deso_years"),
)
# What an amount in tkr is measured in; "unknown" where the source does not say.
PRICES = ("constant", "current", "unknown")
_BREAK_FIELDS = {"year", "text", "geo_kinds", "sources"}
# The variables the fetcher chooses itself; a catalogue entry fixes every other one.
FETCHER_VARIABLES = ("Region", "Tid")


@dataclass(frozen=True)
class FetchSpec:
    """How to get an indicator from SCB's PxWebApi 2.0 (see the header of data/indicators.yaml)."""

    table: str
    select: dict[str, str]
    numerator: dict[str, str] = field(default_factory=dict)
    denominator: dict[str, str] = field(default_factory=dict)

    @property
    def is_ratio(self) -> bool:
        """Whether the value is computed by segstats as 100 × numerator / denominator."""
        return bool(self.numerator)


@dataclass(frozen=True)
class SeriesBreak:
    """A break in an indicator's series: values before ``year`` are not comparable with those from it on.

    ``geo_kinds`` and ``sources`` (publishers, as in the ``source`` column) limit it to those
    geographies and publishers; empty means every one.
    """

    year: int
    text: str
    geo_kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def applies(self, geo_kind: str, sources: set[str]) -> bool:
        """Whether the break concerns a series of ``geo_kind`` whose values come from ``sources``."""
        kind_ok = not self.geo_kinds or geo_kind in self.geo_kinds
        return kind_ok and (not self.sources or bool(sources & set(self.sources)))

    def __str__(self) -> str:
        scope = ", ".join([*self.geo_kinds, *self.sources])
        return f"{self.year}{f' ({scope})' if scope else ''}: {self.text}"


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry."""

    id: str
    plan: bool
    confirmed: bool
    name_sv: str
    name_en: str
    definition: str
    definition_en: str
    unit: str
    decimals: int
    prices: str | None
    plausible: tuple[float, float] | None
    direction: str
    area_no: int | None
    population: str
    producer: str
    source_table: str
    series_breaks: tuple[SeriesBreak, ...]
    caveats: tuple[str, ...]
    note: str | None
    fetch: FetchSpec | None
    deso_years: tuple[int, int] | None

    def name(self, lang: str = "sv") -> str:
        """The indicator's name in ``lang`` (``sv`` or ``en``)."""
        return self.name_en if lang == "en" else self.name_sv


def read_catalogue(data_dir: Path | str | None = None) -> dict[str, Indicator]:
    """The catalogue's entries by id, in file order, every entry checked.

    Raises:
        CatalogueError: listing every problem (entry, field, what is allowed) at once.
    """
    path = paths.catalogue_path(data_dir)
    return _read(path, path.stat().st_mtime_ns if path.exists() else 0)


@cache
def _read(path: Path, _mtime: int) -> dict[str, Indicator]:
    # Cached per file version: the catalogue is read by every loader, and analysts edit it.
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError("catalogue_checks.cannot_read", path=path, reason=exc.strerror) from None
    except yaml.YAMLError as exc:
        raise CatalogueError("catalogue_checks.not_yaml", path=path, reason=str(exc)) from None
    entries = doc.get("indicators") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogueError("catalogue_checks.no_list", path=path)
    problems: list[Said] = []
    catalogue: dict[str, Indicator] = {}
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        name = entry.get("id") if isinstance(entry, dict) else None
        where = say("catalogue_checks.entry", n=i, id=f" ({name})" if name else "")
        if isinstance(name, str):
            if name in seen:
                problems.append(say("catalogue_checks.duplicate_id", where=where, id=repr(name)))
            seen.add(name)
        found = _check_entry(entry, where, problems)
        if found is not None:
            catalogue[found.id] = found
    compared = [i for i, entry in catalogue.items() if entry.deso_years]
    if len(compared) > 1:
        problems.append(say("catalogue_checks.deso_years_once", ids=", ".join(compared)))
    if problems:
        raise CatalogueError("catalogue_checks.problems", path=path, n=len(problems), listed=tuple(problems))
    return catalogue


def indicator_catalogue(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The indicator catalogue as a table, one row per indicator in the file's order.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).

    Returns:
        Columns ``id``, ``plan``, ``confirmed``, ``name_sv``, ``name_en``, ``definition``,
        ``definition_en``, ``unit``, ``decimals``, ``direction``, ``area_no`` (nullable),
        ``population``, ``producer``, ``source_table``, ``series_breaks`` (``"; "``-joined, each
        "YEAR: text" or "YEAR (scope): text"), ``caveats`` (``"; "``-joined), ``note``,
        ``fetch_table`` (SCB table id, or missing when not fetchable), ``prices`` (for tkr:
        constant, current or unknown), ``plausible_low``, ``plausible_high`` (missing where the
        catalogue declares no range), and ``break_rules`` (the :class:`SeriesBreak` objects,
        for :func:`segstats.indicators.analysis.indicator_change`), ``deso_start`` and ``deso_end``
        (the years the districts' DeSOs are compared in, :func:`deso_comparison`; missing elsewhere).
    """
    rows = [
        {name: getattr(ind, name) for name in _FIELDS if name not in ("fetch", "plausible", "deso_years")}
        | {
            "series_breaks": "; ".join(map(str, ind.series_breaks)),
            "caveats": "; ".join(ind.caveats),
            "fetch_table": ind.fetch.table if ind.fetch else None,
            "plausible_low": ind.plausible[0] if ind.plausible else None,
            "plausible_high": ind.plausible[1] if ind.plausible else None,
            "break_rules": ind.series_breaks,
            "deso_start": ind.deso_years[0] if ind.deso_years else None,
            "deso_end": ind.deso_years[1] if ind.deso_years else None,
        }
        for ind in read_catalogue(data_dir).values()
    ]
    table = pd.DataFrame(rows)
    table[["area_no", "deso_start", "deso_end"]] = table[["area_no", "deso_start", "deso_end"]].astype("Int64")
    table[["plausible_low", "plausible_high"]] = table[["plausible_low", "plausible_high"]].astype("Float64")
    numeric = (
        *("plan", "confirmed", "decimals", "area_no", "plausible_low", "plausible_high", "break_rules"),
        *("deso_start", "deso_end"),
    )
    text = [c for c in table.columns if c not in numeric]
    return table.astype({c: "string" for c in text})


def _check_entry(entry: object, where: Said, problems: list[Said]) -> Indicator | None:
    if not isinstance(entry, dict):
        problems.append(say("catalogue_checks.not_mapping", where=where))
        return None
    before = len(problems)
    missing = [f for f in _FIELDS if f not in entry]
    unknown = sorted(set(entry) - set(_FIELDS))
    if missing:
        problems.append(say("catalogue_checks.missing_fields", where=where, fields=", ".join(missing)))
    if unknown:
        allowed = ", ".join(_FIELDS)
        problems.append(say("catalogue_checks.unknown_fields", where=where, fields=", ".join(unknown), allowed=allowed))
    if missing:
        return None

    def need(ok: bool, name: str, allowed: str, **values: object) -> None:
        if not ok:
            given = repr(entry[name])
            problems.append(
                say("catalogue_checks.must_be", where=where, field=name, allowed=say(allowed, **values), given=given)
            )

    need(isinstance(entry["id"], str) and bool(_ID.match(entry["id"])), "id", "catalogue_checks.allowed_id")
    need(isinstance(entry["plan"], bool), "plan", "catalogue_checks.allowed_bool")
    need(isinstance(entry["confirmed"], bool), "confirmed", "catalogue_checks.allowed_bool")
    for name in _TEXT_FIELDS:
        need(isinstance(entry[name], str) and bool(entry[name].strip()), name, "catalogue_checks.allowed_text")
    units, directions = ", ".join(codes.codes("unit")), ", ".join(codes.codes("direction"))
    need(entry["unit"] in codes.codes("unit"), "unit", "catalogue_checks.allowed_one_of", values=units)
    need(
        type(entry["decimals"]) is int and 0 <= entry["decimals"] <= 3, "decimals", "catalogue_checks.allowed_decimals"
    )
    need(
        entry["direction"] in codes.codes("direction"),
        "direction",
        "catalogue_checks.allowed_one_of",
        values=directions,
    )
    area = entry["area_no"]
    if entry["plan"] is True:
        need(type(area) is int and 1 <= area <= 5, "area_no", "catalogue_checks.allowed_plan_area")
    else:
        need(area is None or (type(area) is int and 1 <= area <= 5), "area_no", "catalogue_checks.allowed_area")
    if entry["unit"] == "tkr":
        need(entry["prices"] in PRICES, "prices", "catalogue_checks.allowed_prices", values=", ".join(PRICES))
    else:
        need(entry["prices"] is None, "prices", "catalogue_checks.allowed_no_prices")
    plausible = entry["plausible"]
    need(
        plausible is None
        or (
            isinstance(plausible, list)
            and len(plausible) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in plausible)
            and plausible[0] < plausible[1]
        ),
        "plausible",
        "catalogue_checks.allowed_plausible",
    )
    caveats = entry["caveats"]
    texts = isinstance(caveats, list) and all(isinstance(c, str) for c in caveats)
    need(texts, "caveats", "catalogue_checks.allowed_texts")
    breaks = _check_breaks(entry["series_breaks"], where, problems)
    need(entry["note"] is None or isinstance(entry["note"], str), "note", "catalogue_checks.allowed_note")
    fetch = _check_fetch(entry["fetch"], where, problems)
    years = entry["deso_years"]
    need(
        years is None
        or (isinstance(years, list) and len(years) == 2 and all(type(y) is int for y in years) and years[0] < years[1]),
        "deso_years",
        "catalogue_checks.allowed_deso_years",
    )
    if len(problems) > before:
        return None
    skipped = ("series_breaks", "caveats", "plausible", "fetch", "deso_years")
    return Indicator(
        **{name: entry[name] for name in _FIELDS if name not in skipped},
        deso_years=(years[0], years[1]) if years else None,
        plausible=tuple(plausible) if plausible else None,
        series_breaks=breaks,
        caveats=tuple(caveats),
        fetch=fetch,
    )


def _check_breaks(breaks: object, entry_at: Said, problems: list[Said]) -> tuple[SeriesBreak, ...]:
    where = say("catalogue_checks.field", where=entry_at, field="series_breaks")
    if not isinstance(breaks, list):
        problems.append(say("catalogue_checks.breaks", where=where))
        return ()
    found = []
    for i, entry in enumerate(breaks, start=1):
        if not isinstance(entry, dict) or not {"year", "text"} <= set(entry) <= _BREAK_FIELDS:
            problems.append(say("catalogue_checks.break", where=where, n=i, given=repr(entry)))
            continue
        kinds, sources = entry.get("geo_kinds") or [], entry.get("sources") or []
        bad_kinds = [k for k in kinds if k not in codes.codes("geo_kind")]
        ok = type(entry["year"]) is int and isinstance(entry["text"], str) and not bad_kinds
        ok = ok and isinstance(sources, list) and all(isinstance(x, str) for x in sources)
        if not ok:
            kinds_allowed = ", ".join(codes.codes("geo_kind"))
            problems.append(
                say("catalogue_checks.break_fields", where=where, n=i, kinds=kinds_allowed, given=repr(entry))
            )
            continue
        found.append(SeriesBreak(entry["year"], entry["text"].strip(), tuple(kinds), tuple(sources)))
    return tuple(found)


def _check_fetch(spec: object, entry_at: Said, problems: list[Said]) -> FetchSpec | None:
    if spec is None:
        return None

    def at(field: str) -> Said:
        return say("catalogue_checks.field", where=entry_at, field=field)

    if not isinstance(spec, dict) or not set(spec) <= {"table", "select", "ratio"}:
        problems.append(say("catalogue_checks.fetch", where=at("fetch")))
        return None
    table = spec.get("table")
    if not (isinstance(table, str) and _TABLE.match(table)):
        problems.append(say("catalogue_checks.fetch_table", where=at("fetch.table"), given=repr(table)))
    ratio = spec.get("ratio") or {}
    if not isinstance(ratio, dict) or (ratio and set(ratio) != {"numerator", "denominator"}):
        problems.append(say("catalogue_checks.fetch_ratio", where=at("fetch.ratio")))
        ratio = {}
    parts = {
        name: _selection(spec.get(name) if name == "select" else ratio.get(name), at(f"fetch.{name}"), problems)
        for name in ("select", "numerator", "denominator")
    }
    select, numerator, denominator = parts["select"], parts["numerator"], parts["denominator"]
    if not isinstance(table, str) or select is None or numerator is None or denominator is None:
        return None
    return FetchSpec(table, select, numerator, denominator)


def _selection(value: object, where: Said, problems: list[Said]) -> dict[str, str] | None:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(say("catalogue_checks.selection", where=where))
        return None
    bad = [k for k, v in value.items() if not isinstance(v, str)]
    fixed = [k for k in value if k in FETCHER_VARIABLES]
    if bad:
        problems.append(say("catalogue_checks.selection_quotes", where=where, variables=", ".join(bad)))
    if fixed:
        problems.append(say("catalogue_checks.selection_fixed", where=where, variables=", ".join(fixed)))
    return None if bad or fixed else dict(value)


@dataclass(frozen=True)
class DesoComparison:
    """The one indicator on which the districts' DeSOs are compared (the catalogue's ``deso_years``).

    ``start`` is a year with a value for every DeSO of Sweden (the same-type comparison), ``end``
    the latest year of the districts' DeSOs (the change from ``start``).
    """

    indicator: str
    start: int
    end: int


def deso_comparison(catalogue: pd.DataFrame) -> DesoComparison | None:
    """The DeSO comparison the catalogue table (:func:`indicator_catalogue`) declares, or None without one.

    >>> deso_comparison(pd.DataFrame({"id": ["a", "b"], "deso_start": [None, 2022], "deso_end": [None, 2024]}))
    DesoComparison(indicator='b', start=2022, end=2024)
    """
    if "deso_start" not in catalogue:
        return None
    chosen = catalogue[catalogue["deso_start"].notna()]
    if chosen.empty:
        return None
    row = chosen.iloc[0]
    return DesoComparison(str(row["id"]), int(row["deso_start"]), int(row["deso_end"]))
