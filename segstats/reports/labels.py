"""Tables and alt texts as a reader gets them: codes turned into labels in the report's language."""

from __future__ import annotations

import textwrap

import pandas as pd

from segstats import codes
from segstats.indicators.analysis import series_break_years
from segstats.reports import fmt, words


def word(key: str, lang: str = "sv", **values: object) -> str:
    """A word of the tables and charts (``total``, ``count``, ``measures``, …: ``words/labels.yaml``) in ``lang``."""
    return words.text(f"labels.{key}", lang, **values)


def wrap(text: object, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (chart titles and axis labels)."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def area(area_no: object, lang: str = "sv") -> str:
    """A development area as "3. Utbildning för att …"."""
    return f"{area_no}. {codes.label('area', str(area_no), lang)}"


def department(code: str, lang: str = "sv") -> str:
    """A department's (or sub-unit's) name."""
    return codes.label("department", code, lang)


def departments(codes_: str, lang: str = "sv") -> str:
    """The names of a ``;``-separated list of department codes, joined by "; "."""
    return "; ".join(department(c, lang) for c in codes_.split(";"))


def status_table(counts: pd.DataFrame, *, first: str, names: dict | None = None, lang: str = "sv") -> pd.DataFrame:
    """Status counts (:func:`segstats.measures.analysis.status_counts`, ``status_by_item``, …) with headers for readers.

    Args:
        counts: index = groups (a ``"total"`` row is labelled Totalt), columns = status codes and ``"total"``.
        first: the header of the group column ("Utvecklingsområde").
        names: group value → label; groups not in it are shown as they are.
        lang: ``sv`` or ``en``.
    """
    names = {**(names or {}), "total": word("total", lang)}
    table = counts.rename(columns=lambda c: word("total", lang) if c == "total" else codes.label("status", c, lang))
    table.insert(0, first, [names.get(i, str(i)) for i in counts.index])
    return table.reset_index(drop=True).rename_axis(columns=None)


def status_alt(counts: pd.DataFrame, *, what: str, names: dict | None = None, lang: str = "sv") -> str:
    """Alt text for a status chart: what it shows, then every group's counts in words.

    >>> c = pd.DataFrame({"done": [6], "ongoing": [9], "not_done": [1]}, index=[1])
    >>> status_alt(c, what="Staplar per utvecklingsområde", names={1: "Område 1"})
    'Staplar per utvecklingsområde. Område 1: Genomförd 6, Pågår 9, Ej genomförd 1.'
    """
    names = names or {}
    groups = [
        f"{names.get(group, group)}: "
        + ", ".join(f"{codes.label('status', s, lang)} {fmt.number(row[s], lang=lang)}" for s in codes.codes("status"))
        for group, row in counts.iterrows()
    ]
    return f"{what}. {'; '.join(groups)}."


def status_totals_table(shares: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Number and share per status (:func:`~segstats.measures.analysis.status_totals`), total row, reader headers."""
    return pd.DataFrame(
        {
            word("status", lang): [codes.label("status", s, lang) for s in shares.index] + [word("total", lang)],
            word("count", lang): [*shares["count"], shares["count"].sum()],
            word("share_percent", lang): [*shares["share"], shares["share"].sum()],
        }
    )


def shares_by_year_table(shares: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Status shares per development area, years side by side (:func:`segstats.measures.compare.status_shares`).

    Shares become per cent; each year has a column per status and one with its number of measures.
    """
    names: dict[int | str, str] = {**{int(a): area(a, lang) for a in codes.codes("area")}, "total": word("total", lang)}
    table = shares.copy()
    in_percent = [c for c in shares.columns if c[1] != "n"]
    table[in_percent] = table[in_percent] * 100
    table.columns = [
        f"{year}: {word('count', lang) if status == 'n' else codes.label('status', status, lang) + ' (%)'}"
        for year, status in shares.columns
    ]
    table.insert(0, word("area_header", lang), [names[i] for i in shares.index])
    return table.reset_index(drop=True)


def carry_over_table(by_status: pd.DataFrame, year: int, lang: str = "sv") -> pd.DataFrame:
    """Measures by handling in the next plan and status (:func:`segstats.measures.compare.carry_over_by_status`)."""
    return status_table(
        by_status,
        first=word("handling_header", lang, next_year=str(year + 1)),
        names={c: codes.label("next_plan", c, lang) for c in codes.codes("next_plan")},
        lang=lang,
    )


def missing_followups(missing: list[int], baseline_year: int, year: int, lang: str = "sv") -> str:
    """One plain sentence on the follow-ups missing from ``baseline_year`` to ``year``.

    Args:
        missing: the years without a follow-up (:func:`segstats.measures.compare.missing_followup_years`).

    >>> missing_followups([2022, 2023], 2021, 2023)
    'Uppföljningarna för 2022 och 2023 saknas.'
    >>> missing_followups([2022], 2021, 2022, "en")
    'The follow-up of 2022 is missing.'
    >>> missing_followups([], 2021, 2023, "en")
    'There is a follow-up of every year from 2021 to 2023.'
    """
    if not missing:
        return word("followups_complete", lang, baseline_year=str(baseline_year), year=str(year))
    return word("followups_missing", lang, n=len(missing), years=words.join([str(y) for y in missing], lang))


def indicator_name(entry: pd.Series, lang: str = "sv") -> str:
    """An indicator's name from its catalogue row, in ``lang``."""
    return str(entry["name_sv"] if fmt.check_lang(lang) == "sv" else entry["name_en"])


def indicator_format(entry: pd.Series) -> tuple[str | None, int]:
    """An indicator's unit and number of decimals from its catalogue row (one decimal when not given)."""
    unit = None if pd.isna(entry["unit"]) else str(entry["unit"])
    return unit, 1 if pd.isna(entry["decimals"]) else int(entry["decimals"])


def place(row: pd.Series, lang: str = "sv") -> str:
    """The place of an indicator row: a reference area by its name, a district's area by name and kind.

    >>> place(pd.Series({"district": "Skäggetorp", "geo_kind": "regso", "geo_name": "Skäggetorp-Tornby"}))
    'Skäggetorp-Tornby (RegSO)'
    >>> place(pd.Series({"district": pd.NA, "geo_kind": "riket", "geo_name": "Riket"}), "en")
    'Sweden'
    """
    if pd.isna(row["district"]):
        return codes.label("reference_area", row["geo_kind"], lang)
    return f"{row['geo_name']} ({codes.label('geo_kind', row['geo_kind'], lang)})"


def trend_alt(rows: pd.DataFrame, *, name: str, unit: str | None, decimals: int, lang: str = "sv") -> str:
    """Alt text for an indicator's trend chart: per place its first and latest value and the years missing.

    >>> rows = pd.DataFrame({"district": ["Ryd"] * 3, "geo_kind": ["regso"] * 3, "geo_name": ["Ryd"] * 3,
    ...                      "geo_code": ["R17"] * 3, "year": [2019, 2020, 2022], "value": [40.0, None, 43.0]})
    >>> trend_alt(rows, name="Låg ekonomisk standard", unit="%", decimals=0)
    'Linjediagram: Låg ekonomisk standard. Ryd (RegSO): 40\\xa0% år 2019, 43\\xa0% år 2022; saknas 2020, 2021.'
    """
    known = rows[rows["value"].notna()]
    if known.empty:
        return word("trend_no_data", lang, name=name)
    parts = []
    for _, series in known.groupby(["district", "geo_kind", "geo_code"], sort=False, dropna=False):
        points = series.sort_values("year")
        shown = [
            word("trend_value", lang, value=fmt.value(r.value, unit, decimals, lang), year=str(r.year))
            for r in points.iloc[[0, -1]].drop_duplicates("year").itertuples()
        ]
        first, last = int(points["year"].iloc[0]), int(points["year"].iloc[-1])
        missing = [str(y) for y in range(first + 1, last) if y not in set(points["year"])]
        gap = f"; {word('trend_missing', lang, years=', '.join(missing))}" if missing else ""
        parts.append(f"{place(points.iloc[0], lang)}: {', '.join(shown)}{gap}")
    return word("trend_alt", lang, name=name, places=". ".join(parts))


def reason(comparable: str, baseline_year: int, lang: str = "sv") -> str:
    """Why a change is not given (``comparable`` of :func:`~segstats.indicators.analysis.indicator_change`).

    >>> reason("no_baseline", 2021, "en")
    'no value for 2021'
    """
    return word(f"reason_{comparable}", lang, baseline_year=str(baseline_year))


def _change_text(
    row: pd.Series, unit: str | None, decimals: int, baseline_year: int, lang: str, column: str = "change"
) -> str:
    if row["comparable"] == "series_break":
        return word("not_comparable", lang, reason=reason("series_break", baseline_year, lang))
    if row["comparable"] != "yes":
        return reason(row["comparable"], baseline_year, lang)
    return _difference(row[column], unit, decimals, lang)


def _difference(value: float | None, unit: str | None, decimals: int, lang: str) -> str:
    """A signed difference: percentage points for shares, the unit otherwise."""
    return (
        fmt.points(value, decimals, lang)
        if fmt.is_percent(unit)
        else fmt.value(value, unit, decimals, lang, signed=True)
    )


def change_table(
    change: pd.DataFrame, catalogue: pd.DataFrame, *, baseline_year: int, lang: str = "sv", gap: bool = False
) -> pd.DataFrame:
    """The change since the baseline year (:func:`segstats.indicators.analysis.indicator_change`) as text for readers.

    Values keep their unit and the catalogue's decimals, so the cells are text; indicators in
    catalogue order. With ``gap``, the rows are :func:`segstats.indicators.analysis.gap_change`'s
    and the table shows each district's gap to Linköping in both years and its change.
    """
    base, latest, result = ("gap_base", "gap_latest", "gap_change") if gap else ("value_base", "value_latest", "change")
    if gap:
        headers = [word(h, lang, baseline_year=str(baseline_year)) for h in ("gap_base", "gap_latest", "gap_change")]
    else:
        headers = [str(baseline_year), word("latest_value", lang), word("change", lang)]
    shown = _difference if gap else fmt.value
    rows = []
    for _, entry in catalogue.iterrows():
        unit, decimals = indicator_format(entry)
        for _, row in change[change["indicator"] == entry["id"]].iterrows():
            rows.append(
                {
                    word("indicator", lang): indicator_name(entry, lang),
                    word("place", lang): place(row, lang),
                    headers[0]: shown(row[base], unit, decimals, lang),
                    word("latest_year", lang): fmt.MISSING if pd.isna(row["year_latest"]) else str(row["year_latest"]),
                    headers[1]: shown(row[latest], unit, decimals, lang),
                    headers[2]: _change_text(row, unit, decimals, baseline_year, lang, column=result),
                }
            )
    return pd.DataFrame(rows)


def area_type_table(types: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Each district's områdestyp (:func:`segstats.indicators.analysis.area_types`) with its name."""
    return pd.DataFrame(
        {
            word("district", lang): types["district"].tolist(),
            "RegSO": [f"{n} ({c})" for n, c in zip(types["geo_name"], types["geo_code"], strict=True)],
            word("area_type", lang): [int(t) for t in types["area_type"]],
            word("description", lang): [codes.label("area_type", str(int(t)), lang) for t in types["area_type"]],
            word("year", lang): [str(y) for y in types["year"]],
        }
    )


def peer_table(
    position: pd.DataFrame, peers: pd.DataFrame, *, unit: str | None, decimals: int, lang: str = "sv"
) -> pd.DataFrame:
    """Each district among the RegSOs of its områdestyp (:func:`~segstats.indicators.analysis.peer_position`)."""
    first = peers.groupby("district", sort=False).first()
    return pd.DataFrame(
        {
            word("district", lang): position.index.tolist(),
            word("area_type", lang): [int(first.loc[d, "area_type"]) for d in position.index],
            word("year", lang): [str(first.loc[d, "year"]) for d in position.index],
            word("value", lang): [fmt.value(v, unit, decimals, lang) for v in position["value"]],
            word("type_median", lang): [fmt.value(v, unit, decimals, lang) for v in position["median"]],
            word("rank", lang): [
                word("rank_of", lang, rank=int(r), n=int(n))
                for r, n in zip(position["rank"], position["n"], strict=True)
            ],
            word("share_below", lang): [fmt.percent(v, 0, lang) for v in position["share_below"]],
        }
    )


def peer_alt(position: pd.DataFrame, *, unit: str | None, decimals: int, lang: str = "sv") -> str:
    """Alt text for the districts among RegSOs of their områdestyp: value, rank and median per district."""
    parts = [
        word(
            "peer_district",
            lang,
            district=r.Index,
            value=fmt.value(r.value, unit, decimals, lang),
            rank=int(r.rank),
            n=int(r.n),
            median=fmt.value(r.median, unit, decimals, lang),
        )
        for r in position.itertuples()
    ]
    return word("peer_alt", lang, districts="; ".join(parts))


def catalogue_table(catalogue: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The indicator catalogue for readers: name, development area, unit, confirmed, series breaks."""
    return pd.DataFrame(
        {
            word("indicator", lang): [indicator_name(e, lang) for _, e in catalogue.iterrows()],
            word("area_header", lang): [fmt.MISSING if pd.isna(a) else str(int(a)) for a in catalogue["area_no"]],
            word("unit", lang): [indicator_format(e)[0] or fmt.MISSING for _, e in catalogue.iterrows()],
            word("confirmed", lang): [word("yes" if c else "no", lang) for c in catalogue["confirmed"]],
            word("series_breaks", lang): [
                ", ".join(map(str, series_break_years(b))) or fmt.MISSING for b in catalogue["series_breaks"]
            ],
        }
    )
