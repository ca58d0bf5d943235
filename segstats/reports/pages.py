"""What the pages of the districts and indicators reports share: the tables every section draws on, and their notes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from segstats.indicators import analysis as indicator_analysis
from segstats.indicators.catalogue import DesoComparison, deso_comparison
from segstats.reports import fmt, labels, words
from segstats.reports.load import ReportData
from segstats.reports.show import Part, Say


@dataclass(frozen=True)
class Pages:
    """A report's year, language and the loaded tables its sections draw on, computed once."""

    year: int
    baseline_year: int
    lang: str
    indicators: pd.DataFrame
    catalogue: pd.DataFrame
    plan: pd.DataFrame  # the plan's indicators, in catalogue order
    geographies: pd.DataFrame
    flagged: pd.DataFrame  # values outside their plausible range (implausible_rows)
    deso: DesoComparison | None  # the catalogue's DeSO comparison
    sources: tuple[str, ...]  # the title page's: who produced the data


def shared(data: ReportData, *, year: int, baseline_year: int, lang: str) -> dict[str, object]:
    """The fields of :class:`Pages` that every report takes as they are from ``data``."""
    return {
        "year": year,
        "baseline_year": baseline_year,
        "lang": fmt.check_lang(lang),
        "indicators": data.indicators,
        "geographies": data.geographies,
        "flagged": indicator_analysis.implausible_rows(data.indicators, data.catalogue),
        "deso": deso_comparison(data.catalogue),
    }


def implausible(pages: Pages, shown: pd.DataFrame) -> Iterator[Part]:
    """The footnote under a table that shows values outside their plausible range (``labels.implausible_note``)."""
    if odd := labels.implausible_items(shown, pages.flagged, pages.catalogue, pages.lang):
        yield Say("labels.implausible_note", {"n": len(odd), "items": "; ".join(odd)})


def confirmed_values(plan: pd.DataFrame, lang: str = "sv") -> dict[str, object]:
    """The values of ``labels.confirmed_note``: how many of the plan's indicators a public source confirms.

    >>> plan = pd.DataFrame({"name_sv": ["A", "B", "C"], "name_en": ["A", "B", "C"], "confirmed": [True, False, False]})
    >>> confirmed_values(plan)
    {'n': 1, 'plan': 3, 'confirmed': 'a', 'others': 2}
    """
    confirmed = plan[plan["confirmed"].astype(bool)]
    names = [
        labels.indicator_name(e, lang)[:1].lower() + labels.indicator_name(e, lang)[1:] for _, e in confirmed.iterrows()
    ]
    return {
        "n": len(confirmed),
        "plan": len(plan),
        "confirmed": words.join(names, lang),
        "others": len(plan) - len(confirmed),
    }


def overview_table(
    rows_by_district: dict[str, pd.DataFrame], catalogue: pd.DataFrame, lang: str = "sv"
) -> pd.DataFrame:
    """Districts side by side on each indicator: the latest value and, in brackets, the gap to Linköping.

    Args:
        rows_by_district: district → its indicator rows (:func:`segstats.profile.indicator_rows`), in column order.
        catalogue: the indicators to show (rows of :func:`segstats.indicator_catalogue`), in order.

    Returns:
        One row per indicator, year and kind of geography with a value for some district (districts
        with values in different years or areas get a row each); indicators without any are left out.
    """
    heads = {k: labels.header(k, lang) for k in ("indicator", "geography", "year", "linkoping")}
    found = pd.concat([rows.assign(district=d) for d, rows in rows_by_district.items()], ignore_index=True)
    found = found[found["value"].notna()]
    table = []
    for _, entry in catalogue.iterrows():
        rows = found[found["indicator"] == entry["id"]]
        for _, group in rows.groupby(["year", "geo_kind"], sort=False, observed=True):
            row = {
                heads["indicator"]: labels.indicator_name(entry, lang),
                heads["geography"]: ", ".join(
                    dict.fromkeys(labels.profile_geography(r, lang) for _, r in group.iterrows())
                ),
                heads["year"]: str(group["year"].iloc[0]),
                heads["linkoping"]: labels.profile_value(group["linkoping_value"].iloc[0], entry, lang),
            }
            for district in rows_by_district:
                own = group[group["district"] == district]
                row[district] = _value_and_gap(own.iloc[0], entry, lang) if len(own) else fmt.MISSING
            table.append(row)
    return pd.DataFrame(table, columns=[*heads.values(), *rows_by_district])


def _value_and_gap(row: pd.Series, entry: pd.Series, lang: str) -> str:
    """ "245,3 tkr (−82,6)": the gap in brackets, in the value's unit (points for shares)."""
    value = labels.profile_value(row["value"], entry, lang)
    _, decimals = labels.indicator_format(entry)
    return f"{value} ({fmt.number(row['gap'], decimals, lang, signed=True)})" if pd.notna(row["gap"]) else value


def without_values(rows_by_district: dict[str, pd.DataFrame], catalogue: pd.DataFrame, lang: str = "sv") -> list[str]:
    """The names of the indicators of ``catalogue`` that no district has a value for, in catalogue order."""
    found = set().union(*(set(rows.loc[rows["value"].notna(), "indicator"]) for rows in rows_by_district.values()))
    return [labels.indicator_name(e, lang) for _, e in catalogue.iterrows() if e["id"] not in found]


def regso_larger(geographies: pd.DataFrame, lang: str = "sv") -> str:
    """The sentence(s) naming each district RegSO that is larger than the stadsdel of its district.

    Args:
        geographies: rows of :func:`segstats.load_geographies` (``larger_than_district``).

    >>> regso_larger(pd.DataFrame({"geo_name": ["Skäggetorp-Tornby"], "district": ["Skäggetorp"],
    ...                            "larger_than_district": [True]}))
    'RegSO Skäggetorp-Tornby är större än kommunens stadsdel Skäggetorp.'
    """
    larger = geographies[geographies["larger_than_district"].astype(bool)]
    return " ".join(
        words.text("districts.regso_larger", lang, regso=r.geo_name, district=r.district) for r in larger.itertuples()
    )
