"""Tables and alt texts as a reader gets them: codes turned into labels in the report's language."""

from __future__ import annotations

import textwrap

import pandas as pd

from segstats import codes
from segstats.indicators import geo
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


def target(name: str, lang: str = "sv") -> str:
    """A measure's target other than a district, in ``lang`` ("Mottagande skolor" → "receiving schools").

    >>> target("Mottagande skolor", "en"), target("Något annat", "en")
    ('receiving schools', 'Något annat')
    """
    return codes.label("target", name, lang) if name in codes.codes("target") else name


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


def unit_name(unit: str | None, lang: str = "sv") -> str:
    """An indicator's unit as a chart title names it: "%", else in words ("tusen kronor", "thousand SEK").

    >>> unit_name("%"), unit_name("tkr", "en"), unit_name("dagar", "en")
    ('%', 'thousand SEK', 'days per insured person')
    """
    if unit is None or fmt.is_percent(unit) or unit not in codes.codes("unit"):
        return unit or ""
    return codes.label("unit", unit, lang)


def place(row: pd.Series, lang: str = "sv") -> str:
    """The place of an indicator row: a reference area by its name, any other area by name and kind.

    >>> place(pd.Series({"district": "Skäggetorp", "geo_kind": "regso", "geo_name": "Skäggetorp-Tornby"}))
    'Skäggetorp-Tornby (RegSO)'
    >>> place(pd.Series({"district": pd.NA, "geo_kind": "riket", "geo_name": "Riket"}), "en")
    'Sweden'
    >>> place(pd.Series({"district": "Ryd", "geo_kind": "deso", "geo_name": "0580C1460"}))
    'Ryd 0580C1460 (DeSO)'
    """
    if pd.isna(row["district"]) and row["geo_kind"] in codes.codes("reference_area"):
        return codes.label("reference_area", row["geo_kind"], lang)
    # A DeSO's name is its code: the district says where it lies.
    name = f"{row['district']} {row['geo_name']}" if row["geo_kind"] == "deso" else row["geo_name"]
    return f"{name} ({codes.label('geo_kind', row['geo_kind'], lang)})"


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
        odd = points[points["implausible"].fillna(False).astype(bool)] if "implausible" in points else points.iloc[:0]
        flagged = [
            word("trend_implausible", lang, value=fmt.value(r.value, unit, decimals, lang), year=str(r.year))
            for r in odd.itertuples()
        ]
        flag = f"; {'; '.join(flagged)}" if flagged else ""
        parts.append(f"{place(points.iloc[0], lang)}: {', '.join(shown)}{gap}{flag}")
    return word("trend_alt", lang, name=name, places=". ".join(parts))


def dots_alt(
    rows: pd.DataFrame, peers: pd.DataFrame, *, name: str, unit: str | None, decimals: int, lang: str = "sv"
) -> str:
    """Alt text for one year's dots (:func:`segstats.reports.plots.indicator_dots`): each value, each type's median.

    >>> rows = pd.DataFrame({"district": ["Ryd", pd.NA], "geo_kind": ["regso", "kommun"],
    ...                      "geo_name": ["Ryd", "Linköping"], "year": [2024, 2024], "value": [44.0, 15.0]})
    >>> dots_alt(rows, pd.DataFrame(), name="Låg ekonomisk standard", unit="%", decimals=0)
    'Punktdiagram 2024: Låg ekonomisk standard. Ryd (RegSO) 44\xa0%; Linköping 15\xa0%.'
    """
    known = rows[rows["value"].notna()]
    parts = [
        f"{place(r, lang)}{'' if known['year'].nunique() == 1 else ' ' + str(r['year'])} "
        f"{fmt.value(r['value'], unit, decimals, lang)}"
        for _, r in known.iterrows()
    ]
    for area_type, block in peers.drop_duplicates(["area_type", "geo_code"]).groupby("area_type") if len(peers) else []:
        values = block["value"].astype(float)
        parts.append(
            word(
                "dots_type",
                lang,
                area_type=int(area_type),
                median=fmt.value(values.median(), unit, decimals, lang),
                low=fmt.value(values.quantile(0.25), unit, decimals, lang),
                high=fmt.value(values.quantile(0.75), unit, decimals, lang),
            )
        )
    years = words.join([str(y) for y in sorted(set(known["year"]))], lang)
    return word("dots_alt", lang, name=name, year=years, places="; ".join(parts))


def values_shown(
    rows: pd.DataFrame,
    *,
    latest: str,
    baseline: str | None = None,
    baseline_year: int | None = None,
    linkoping: bool = False,
) -> pd.DataFrame:
    """Which values a table of indicator rows shows (for :func:`implausible_items`): ``indicator, geo_code, year``.

    Args:
        rows: rows with ``indicator`` and ``geo_code`` (a profile's or :func:`indicator_change`'s).
        latest: the column of the year of the value shown.
        baseline, baseline_year: the column of a baseline value also shown, and its year.
        linkoping: whether the table also shows Linköping's value of the same year (``linkoping_value``).

    >>> rows = pd.DataFrame({"indicator": ["x"], "geo_code": ["Ryd"], "year": [2023], "baseline_value": [1.0]})
    >>> values_shown(rows, latest="year", baseline="baseline_value", baseline_year=2021)["year"].tolist()
    [2023, 2021]
    """
    known = rows[rows[latest].notna()]
    parts = [known[["indicator", "geo_code"]].assign(year=known[latest].astype(int))]
    if baseline is not None:
        parts.append(rows.loc[rows[baseline].notna(), ["indicator", "geo_code"]].assign(year=baseline_year))
    if linkoping:
        town = known[known["linkoping_value"].notna()]
        parts.append(town[["indicator"]].assign(geo_code=geo.KOMMUN_CODE, year=town[latest].astype(int)))
    return pd.concat(parts, ignore_index=True)


def implausible_items(
    shown: pd.DataFrame, flagged: pd.DataFrame, catalogue: pd.DataFrame, lang: str = "sv"
) -> list[str]:
    """The flagged values (outside their plausible range) a table shows, for its footnote ``labels.implausible_note``.

    Args:
        shown: the values the table shows: ``indicator, geo_code, year``.
        flagged: rows of :func:`segstats.indicators.analysis.implausible_rows`.
        catalogue: rows of :func:`segstats.indicator_catalogue` (the indicators' names and units).
    """
    keys = set(
        zip(shown["indicator"].astype(str), shown["geo_code"].astype(str), shown["year"].astype(int), strict=True)
    )
    entries = catalogue.set_index("id")
    items = []
    for _, r in flagged.iterrows():
        if (str(r["indicator"]), str(r["geo_code"]), int(r["year"])) not in keys:
            continue
        entry = entries.loc[r["indicator"]]
        unit, decimals = indicator_format(entry)
        items.append(
            word(
                "implausible_item",
                lang,
                indicator=indicator_name(entry, lang),
                place=place(r, lang),
                year=str(r["year"]),
                value=fmt.value(r["value"], unit, decimals, lang),
                low=fmt.value(r["plausible_low"], unit, decimals, lang),
                high=fmt.value(r["plausible_high"], unit, decimals, lang),
            )
        )
    return items


def reason(comparable: str, baseline_year: int, lang: str = "sv") -> str:
    """Why a change is not given (``comparable`` of :func:`~segstats.indicators.analysis.indicator_change`).

    >>> reason("no_baseline", 2021, "en")
    'no value for 2021'
    """
    return word(f"reason_{comparable}", lang, baseline_year=str(baseline_year))


def _change_text(row: pd.Series, entry: pd.Series, baseline_year: int, lang: str, column: str = "change") -> str:
    unit, decimals = indicator_format(entry)
    if row["comparable"] == "series_break":
        return word("not_comparable", lang, reason=reason("series_break", baseline_year, lang))
    if row["comparable"] != "yes":
        return reason(row["comparable"], baseline_year, lang)
    return _difference(row[column], unit, decimals, lang) + prices_note(entry, lang)


def prices_note(entry: pd.Series, lang: str = "sv") -> str:
    """ " (fasta priser)" after a change of an amount in constant prices (a real-terms change); "" otherwise.

    >>> prices_note(pd.Series({"prices": "constant"})), prices_note(pd.Series({"prices": "current"}))
    (' (fasta priser)', '')
    """
    return f" ({word('constant_prices', lang)})" if str(entry.get("prices")) == "constant" else ""


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
                    headers[2]: _change_text(row, entry, baseline_year, lang, column=result),
                }
            )
    return pd.DataFrame(rows)


# The district profile (segstats.profile) as a reader gets it; its words are in words/districts.yaml.


def _district_words(key: str, lang: str, **values: object) -> str:
    return words.text(f"districts.{key}", lang, **values)


# Headers the profile tables share with the other tables (words/labels.yaml); the rest are the districts'.
_SHARED_HEADERS = {"indicator", "district", "year", "value", "area_type"}


def header(key: str, lang: str = "sv", **values: object) -> str:
    """A header of the profile tables: ``labels.<key>`` where other tables share it, else ``districts.header_<key>``."""
    return word(key, lang) if key in _SHARED_HEADERS else _district_words(f"header_{key}", lang, **values)


def profile_value(value: float | None, entry: pd.Series, lang: str = "sv", *, gap: bool = False) -> str:
    """A profile value in the indicator's unit and decimals; a ``gap`` signed, a share's gap without "%" (points).

    >>> entry = pd.Series({"unit": "%", "decimals": 1})
    >>> profile_value(70.81, entry), profile_value(20.5, entry, gap=True), profile_value(None, entry)
    ('70,8\\xa0%', '+20,5', '–')
    """
    unit, decimals = indicator_format(entry)
    if value is None or pd.isna(value):
        return fmt.MISSING
    if gap and fmt.is_percent(unit):
        return fmt.number(float(value), decimals, lang, signed=True)
    return fmt.value(float(value), unit, decimals, lang, signed=gap)


def profile_geography(row: pd.Series, lang: str = "sv") -> str:
    """Which area a profile value is for: its kind ("RegSO", "stadsdel"), and its name where that is not the district's.

    The district's RegSO is named once on its page; an election district is named in every row.

    >>> profile_geography(pd.Series({"geo_kind": "valdistrikt", "geo_name": "Skäggetorp 4", "district": "Skäggetorp"}))
    'valdistrikt Skäggetorp 4'
    """
    kind = codes.label("geo_kind", str(row["geo_kind"]), lang)
    if row["geo_kind"] == "regso" or row["geo_name"] == row.get("district"):
        return kind
    return _district_words("cell_geography", lang, kind=kind, name=row["geo_name"])


def _notes(row: pd.Series) -> list[str]:
    return str(row["note"]).split(";") if pd.notna(row["note"]) else []


def _profile_change(row: pd.Series, entry: pd.Series, baseline_year: int, lang: str) -> str:
    if pd.notna(row["change"]):
        return profile_value(row["change"], entry, lang, gap=True) + prices_note(entry, lang)
    return change_reason(row, baseline_year, lang) or fmt.MISSING


def change_reason(row: pd.Series, baseline_year: int, lang: str = "sv") -> str | None:
    """Why a profile row (:class:`segstats.profile.DistrictProfile` ``indicators``) has no change, in words.

    The words of the PDF's cell, and of the exported table's column ``change_missing``; ``None``
    where the row has a change or no reason is known.
    """
    reason = next((n for n in _notes(row) if n in _CHANGE_NOTES), None)
    if pd.notna(row["change"]) or reason is None:
        return None
    if reason == "before_baseline":
        return _district_words("cell_before_baseline", lang, baseline_year=str(baseline_year))
    return word(f"reason_{reason}", lang, baseline_year=str(baseline_year))


_CHANGE_NOTES = ("before_baseline", "no_baseline", "no_later_year", "series_break")


def _profile_peers(row: pd.Series, entry: pd.Series, lang: str) -> str:
    if pd.notna(row["peer_rank"]):
        median = profile_value(row["peer_median"], entry, lang)
        return _district_words(
            "cell_peer",
            lang,
            rank=int(row["peer_rank"]),
            count=int(row["peer_count"]),
            median=median,
            year=str(row["peer_year"]),
        )
    return peer_reason(row, lang) or fmt.MISSING


def peer_reason(row: pd.Series, lang: str = "sv") -> str | None:
    """Why a profile row is not placed among the RegSOs of its type, in words (as :func:`change_reason`)."""
    notes = _notes(row)
    if pd.notna(row["peer_rank"]):
        return None
    if "peer_incomplete" in notes:
        return refusal(int(row["peer_count"]), int(row["peer_of"]), int(row["peer_year"]), lang)
    reason = next((n for n in notes if n in ("peer_not_regso", "peer_no_area_type")), None)
    return _district_words(f"cell_{reason}", lang) if reason else None


def refusal(count: int, of: int, year: int, lang: str = "sv") -> str:
    """A refused same-type comparison in words, never like a rank: how few of the type have a value.

    >>> refusal(2, 293, 2024)
    'ingen jämförelse – bara 2 av 293 områden har värde 2024'
    >>> refusal(1, 162, 2024, "en")
    'no comparison – only 1 of 162 areas has a value for 2024'
    """
    return word("refusal", lang, count=count, of=of, year=str(year))


def _profile_gap(row: pd.Series, entry: pd.Series, lang: str) -> str:
    if pd.notna(row["gap"]):
        return profile_value(row["gap"], entry, lang, gap=True)
    if "count_unit" in _notes(row):  # the cell is narrow; the reason's longer words are in the files
        return _district_words("cell_count_unit", lang)
    return gap_reason(row, lang) or fmt.MISSING


def gap_reason(row: pd.Series, lang: str = "sv") -> str | None:
    """Why a profile row has no gap to Linköping, in words (as :func:`change_reason`; the PDF's narrow cell
    says a count's reason shorter)."""
    notes = _notes(row)
    if pd.notna(row["gap"]):
        return None
    if "no_linkoping" in notes:
        return word("reason_no_linkoping", lang)
    return word("reason_count_unit", lang) if "count_unit" in notes else None


def profile_table(
    rows: pd.DataFrame, catalogue: pd.DataFrame, *, district: str, baseline_year: int, lang: str = "sv"
) -> pd.DataFrame:
    """A district's indicator rows that have a value (:class:`segstats.profile.DistrictProfile` ``indicators``).

    Every cell is text: values in their unit, and where a gap, change or comparison is missing, why.
    """
    entries = catalogue.set_index("id")
    shown = rows[rows["value"].notna()].assign(district=district)
    heads = {
        key: header(key, lang, baseline_year=str(baseline_year))
        for key in ("indicator", "geography", "year", "value", "linkoping", "gap", "change", "peers")
    }
    table = [
        {
            heads["indicator"]: indicator_name(entries.loc[r["indicator"]], lang),
            heads["geography"]: profile_geography(r, lang),
            heads["year"]: str(r["year"]),
            heads["value"]: profile_value(r["value"], entries.loc[r["indicator"]], lang),
            heads["linkoping"]: profile_value(r["linkoping_value"], entries.loc[r["indicator"]], lang),
            heads["gap"]: _profile_gap(r, entries.loc[r["indicator"]], lang),
            heads["change"]: _profile_change(r, entries.loc[r["indicator"]], baseline_year, lang),
            heads["peers"]: _profile_peers(r, entries.loc[r["indicator"]], lang),
        }
        for _, r in shown.iterrows()
    ]
    return pd.DataFrame(table, columns=list(heads.values()))
