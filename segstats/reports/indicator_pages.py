"""The indicators report as parts to show: the plan's indicators for the districts, Linköping and Sweden."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.indicators.segregation import across_municipalities, municipality_values, placement, shared_year
from segstats.profile import indicator_rows
from segstats.reports import citations, fmt, labels, pages, plots, tidy, whole_city, words
from segstats.reports.load import ReportData
from segstats.reports.pages import Pages, implausible, shared
from segstats.reports.show import Bullets, Chart, NewPage, Part, Say, TitlePage


@dataclass(frozen=True)
class Report(Pages):
    """What every page of the indicators report draws on, computed once from the loaded tables.

    Its ``catalogue`` is every indicator but the områdestyp, in catalogue order.
    """

    series: pd.DataFrame  # the comparison series outside the plan with values for areas, not municipalities
    municipal: pd.DataFrame  # the series with values for every municipality: segregation across all of Linköping
    plan_rows: dict[str, pd.DataFrame]  # district → its rows on the plan's indicators
    series_rows: dict[str, pd.DataFrame]  # district → its rows on the comparison series


def report(data: ReportData, *, year: int, baseline_year: int, lang: str = "sv") -> Report:
    """The indicators report of the follow-up ``year`` from its data (:func:`segstats.reports.load.load_report_data`).

    Raises:
        SegstatsError: a year without a follow-up (the report belongs to one).
    """
    data.followup(year)
    indicators, catalogue, geographies = data.indicators, data.catalogue, data.geographies
    shown = catalogue[catalogue["id"] != indicator_analysis.AREA_TYPE].sort_values(["area_no", "id"], kind="stable")
    plan, series = shown[shown["plan"].astype(bool)], shown[~shown["plan"].astype(bool)]
    municipal = across_municipalities(indicators, catalogue[~catalogue["plan"].astype(bool)])  # catalogue order
    series = series[~series["id"].isin(municipal["id"])]
    used = indicators[indicators["indicator"].isin([*shown["id"], indicator_analysis.AREA_TYPE])]
    return Report(
        **shared(data, year=year, baseline_year=baseline_year, lang=lang),  # type: ignore[arg-type]
        catalogue=shown,
        plan=plan,
        series=series,
        municipal=municipal,
        plan_rows={
            d: indicator_rows(indicators, plan, d, baseline_year, geographies=geographies)
            for d in codes.codes("district")
        },
        series_rows={
            d: indicator_rows(indicators, series, d, baseline_year, geographies=geographies, peers=False)
            for d in codes.codes("district")
        },
        sources=tuple(citations.producers(used, catalogue, lang)),
    )


def charted(r: Report) -> pd.DataFrame:
    """The plan's indicators with a value for at least one district: those the report draws."""
    found = set().union(*(set(rows.loc[rows["value"].notna(), "indicator"]) for rows in r.plan_rows.values()))
    return r.plan[r.plan["id"].isin(found)]


def title(r: Report) -> Iterator[Part]:
    """The title page."""
    yield TitlePage(words.text("indicators.title", r.lang), r.sources)


def introduction(r: Report) -> Iterator[Part]:
    """What the indicators are, which are confirmed, how to read the charts, and the districts' områdestyp."""
    lang = r.lang
    latest = r.indicators.loc[r.indicators["indicator"].isin(r.catalogue["id"]), "year"]
    yield Say(
        "indicators.about_indicators",
        {
            "plan": len(r.plan),
            "charted": len(charted(r)),
            "comparison": len(r.series),
            "whole_city": words.text("whole_city.pointer", lang) if len(r.municipal) else "",
            "latest": str(int(latest.max()) if len(latest) else r.year),
            "year": str(r.year),
            "baseline_year": str(r.baseline_year),
            "larger": pages.regso_larger(r.geographies, lang),
        },
    )
    yield Say("labels.confirmed_note", pages.confirmed_values(r.plan, lang))
    breaks = ["; ".join(break_scope(rule, lang) for rule in rules) for rules in r.plan["break_rules"]]
    listed = tidy.catalogue_values(r.plan, breaks, lang)
    yield tidy.table(
        catalogue_table(listed, lang),
        listed,
        "indikatorer",
        title=words.text("indicators.catalogue_title", lang),
        sheet=words.text("indicators.sheet_catalogue", lang),
        lang=lang,
        formats={labels.word("area_header", lang): lambda v: fmt.MISSING if pd.isna(v) else str(v)},
    )
    types = indicator_analysis.area_types(r.indicators)
    yield Say("indicators.area_type")
    if types.empty:
        yield Say("indicators.no_area_type")
    else:
        typed = tidy.area_type_values(types, lang)
        yield tidy.table(
            area_type_table(typed, lang),
            typed,
            "omradestyp",
            title=words.text("indicators.area_type_title", lang),
            sheet=words.text("indicators.sheet_area_type", lang),
            lang=lang,
            formats={labels.word("year", lang): str},
        )


def charts(r: Report) -> Iterator[Part]:
    """Per development area, a chart of each indicator with data: years where a district has two or more, else one
    year as dots."""
    lang = r.lang
    yield Say("indicators.plan_heading")
    yield Say("indicators.area_judgement")
    drawn = charted(r)
    for area_no in sorted({int(a) for a in drawn["area_no"]}):
        yield Say("indicators.area_heading", {"area": labels.area(area_no, lang)})
        for _, entry in drawn[drawn["area_no"] == area_no].iterrows():
            yield chart(r.indicators, entry, lang)


def chart(indicators: pd.DataFrame, entry: pd.Series, lang: str = "sv") -> Chart:
    """One indicator's chart: dots of its one year where each district area has one, else its trend over the years.

    The dots add the RegSOs of the districts' områdestyp (median and spread) where they have
    values in that year; Linköping and Sweden are there in both.
    """
    rows = indicator_analysis.trend_rows(indicators, entry["id"])
    one_year = indicator_analysis.one_year_rows(rows)
    name = labels.indicator_name(entry, lang)
    unit, decimals = labels.indicator_format(entry)
    with plots.style():
        if len(one_year):
            peers = indicator_analysis.peer_values(indicators, entry["id"])
            peers = peers[peers["year"].isin(set(one_year["year"]))]
            ax = plots.indicator_dots(one_year, peers=peers, unit=unit, decimals=decimals, lang=lang)
            alt = labels.dots_alt(one_year, peers, name=name, unit=unit, decimals=decimals, lang=lang)
            shown = one_year
        else:
            ax = plots.indicator_trend(rows, unit=unit, decimals=decimals, breaks=entry["break_rules"], lang=lang)
            alt = labels.trend_alt(rows, name=name, unit=unit, decimals=decimals, lang=lang)
            shown = rows
        plots.title(ax, f"{name} ({labels.unit_name(unit, lang)})" if unit else name)
    return Chart(ax, alt, citations.line(citations.producers(shown, _catalogue_of(entry), lang), lang), half=True)


def _catalogue_of(entry: pd.Series) -> pd.DataFrame:
    return pd.DataFrame([entry])


def missing(r: Report) -> Iterator[Part]:
    """What the plan's indicators lack for the districts, and where it is published."""
    yield Say("indicators.missing_heading")
    lacking = tidy.missing_values(r.plan_rows, r.plan, r.lang)
    if lacking.empty:
        yield Say("indicators.missing_none")
    else:
        yield tidy.table(
            missing_table(lacking, len(r.plan_rows), r.lang),
            lacking,
            "saknas",
            title=words.text("indicators.missing_title", r.lang),
            sheet=words.text("indicators.sheet_missing", r.lang),
            lang=r.lang,
        )


def peers(r: Report) -> Iterator[Part]:
    """The districts among the RegSOs (and DeSOs) of their områdestyp, where nearly all of the type have a value."""
    lang = r.lang
    coverage = {e["id"]: indicator_analysis.peer_coverage(r.indicators, e["id"]) for _, e in r.plan.iterrows()}
    type_years = sorted({int(y) for c in coverage.values() for y in c["area_type_year"].dropna()})
    yield Say(
        "indicators.peers",
        {
            "area_type_year": ", ".join(map(str, type_years)) or fmt.MISSING,
            "share": fmt.percent(indicator_analysis.NEAR_COMPLETE * 100, lang=lang),
        },
    )
    compared = [(e, indicator_analysis.peer_values(r.indicators, e["id"])) for _, e in r.plan.iterrows()]
    compared = [(e, found) for e, found in compared if not found.empty]
    if compared:
        placed = tidy.peer_values(compared, lang)
        yield tidy.table(
            peer_summary_table(placed, r.plan, lang),
            placed,
            "samma_omradestyp",
            title=words.text("indicators.peers_title", lang),
            sheet=words.text("indicators.sheet_peers", lang),
            lang=lang,
            catalogue=r.plan,
            formats={labels.word("year", lang): str},
        )
    else:
        yield Say("indicators.peers_none")
    if refused := refusals(coverage, r.plan, lang):
        yield Say("indicators.peers_refused")
        yield Bullets(tuple(refused))
    yield from deso_peers(r)
    if compared:
        yield Say("indicators.peers_histogram")
    for entry, found in compared:
        unit, decimals = labels.indicator_format(entry)
        with plots.style():
            figure = plots.peer_distributions(found, unit=unit, decimals=decimals, lang=lang)
            plots.title(figure.axes[0], labels.indicator_name(entry, lang))
        rows = r.indicators[r.indicators["indicator"].isin([entry["id"], indicator_analysis.AREA_TYPE])]
        yield Chart(
            figure,
            peer_alt(indicator_analysis.peer_position(found), unit=unit, decimals=decimals, lang=lang),
            citations.line(citations.producers(rows, r.catalogue, lang), lang),
        )


def refusals(coverage: dict[str, pd.DataFrame], plan: pd.DataFrame, lang: str = "sv") -> list[str]:
    """One line per indicator whose same-type comparison is refused for some district, saying how few have a value.

    Districts refused for the same reason (the same count, type size and year) share it:
    "Berga och Ryd: ingen jämförelse – bara 2 av 293 områden har värde 2024".

    Args:
        coverage: indicator id → :func:`segstats.indicators.analysis.peer_coverage`.
        plan: the catalogue rows of the indicators (their names).
    """
    names = plan.set_index("id")
    lines = []
    for indicator, found in coverage.items():
        refused = found[found["comparable"] == "incomplete"]
        if refused.empty:
            continue
        groups = refused.groupby(["count", "type_count", "year"], sort=False)["district"].agg(list)
        said = "; ".join(
            f"{words.join([str(d) for d in districts], lang)}: {labels.refusal(int(n), int(of), int(y), lang)}"
            for (n, of, y), districts in groups.items()
        )
        name = labels.indicator_name(names.loc[indicator], lang)
        lines.append(words.text("indicators.peers_refused_item", lang, name=name, counts=said))
    return lines


def deso_peers(r: Report) -> Iterator[Part]:
    """The districts' DeSOs among all DeSOs of their RegSO's områdestyp, on the catalogue's DeSO comparison."""
    if r.deso is None:
        return
    lang, deso = r.lang, r.deso
    entry = r.catalogue.set_index("id").loc[deso.indicator]
    position = indicator_analysis.deso_peer_position(
        indicator_analysis.deso_peers(r.indicators, r.geographies, deso.indicator, deso.start)
    )
    if position.empty:
        return
    name = labels.indicator_name(entry, lang)
    type_year = words.join(sorted({str(int(y)) for y in position["area_type_year"]}), lang)
    yield Say("indicators.deso_peers", {"indicator": name.lower(), "year": str(deso.start), "type_year": type_year})
    shown = {labels.word(k, lang): (lambda v: labels.profile_value(v, entry, lang)) for k in ("value", "type_median")}
    placed = tidy.deso_peer_values(position, entry, lang)
    yield tidy.table(
        deso_peer_table(placed, lang),
        placed,
        "deso_samma_omradestyp",
        title=words.text("indicators.deso_peers_title", lang, indicator=name, year=str(deso.start)),
        sheet=words.text("indicators.sheet_deso_peers", lang),
        lang=lang,
        catalogue=r.catalogue,
        formats=shown,
        keep_together=False,
    )


def change(r: Report) -> Iterator[Part]:
    """The change since the baseline year, only where the same place has both years without a break."""
    lang, baseline = r.lang, {"baseline_year": str(r.baseline_year)}
    found = indicator_analysis.indicator_change(r.indicators, r.plan, r.baseline_year)
    kept = found["comparable"] == "yes"
    yield Say("indicators.change", baseline)
    if kept.any():
        yield tidy.table(
            labels.change_table(found[kept], r.plan, baseline_year=r.baseline_year, lang=lang),
            # every place, the change or why there is none (the report says the reasons in a sentence)
            tidy.change_values(found, r.plan, baseline_year=r.baseline_year, lang=lang),
            "forandring_sedan_basaret",
            title=words.text("indicators.change_title", lang, **baseline),
            sheet=words.text("indicators.sheet_change", lang, **baseline),
            lang=lang,
            catalogue=r.plan,
        )
        shown = labels.values_shown(
            found[kept], latest="year_latest", baseline="value_base", baseline_year=r.baseline_year
        )
        yield from implausible(r, shown)
    else:
        yield Say("indicators.change_none", baseline)
    reasons = found.loc[~kept, "comparable"].value_counts()
    if (~kept).any():
        said = "; ".join(
            words.text("indicators.reason_count", lang, reason=labels.reason(str(why), r.baseline_year, lang), n=int(n))
            for why, n in reasons.items()
            if n
        )
        yield Say("indicators.change_rest", {"n": int((~kept).sum()), "reasons": said})


def segregation(r: Report) -> Iterator[Part]:
    """Segregation across all of Linköping: its indices among Sweden's municipalities, a chart, what they mean."""
    ids = r.municipal["id"].tolist()
    year = shared_year(r.indicators, ids)
    if year is None:
        return
    lang = r.lang
    found = placement(r.indicators, r.geographies, ids, year=year)
    values = {i: municipality_values(r.indicators, r.geographies, i, year=year) for i in ids}
    similar = values[ids[0]]
    yield NewPage()
    yield Say("whole_city.section", {"year": str(year), "n": int(found["n"].max())})
    yield Say("whole_city.meaning")
    yield tidy.table(
        whole_city.placement_table(found, r.municipal, lang),
        tidy.municipal_values(found, r.municipal, year=year, lang=lang),
        "segregation_hela_linkoping",
        title=words.text("whole_city.table_title", lang, year=str(year)),
        sheet=words.text("indicators.sheet_whole_city", lang),
        lang=lang,
        catalogue=r.municipal,
    )
    yield Say(
        "whole_city.similar_names",
        {
            "rule": whole_city.similar_rule(r.geographies, lang=lang),
            "names": words.join(sorted(similar.loc[similar["similar"] & ~similar["own"], "geo_name"]), lang),
        },
    )
    indices = r.municipal[r.municipal["unit"] == "index"]
    shown = pd.concat([values[i].assign(indicator=i) for i in indices["id"]], ignore_index=True)
    with plots.style():
        names = {e["id"]: labels.indicator_name(e, lang) for _, e in indices.iterrows()}
        ax = whole_city.municipality_strips(shown, names=names, unit="index", lang=lang)
        plots.title(ax, words.text("whole_city.chart_title", lang, year=str(year)))
    rows = r.indicators[r.indicators["indicator"].isin(indices["id"]) & (r.indicators["year"] == year)]
    yield Chart(
        ax,
        whole_city.placement_alt(found[found["indicator"].isin(indices["id"])], r.municipal, year=year, lang=lang),
        citations.line(citations.producers(rows, r.municipal, lang), lang),
    )
    yield Say("whole_city.caveats", {"year": str(year)})
    yield NewPage()  # the appendix's heading never alone at the foot of the chart's page


def appendix(r: Report) -> Iterator[Part]:
    """The comparison series outside the plan: the districts' latest value beside Linköping's."""
    lang = r.lang
    yield Say("indicators.appendix")
    yield tidy.table(
        pages.overview_table(r.series_rows, r.series, lang),
        tidy.profile_values(tidy.district_rows(r.series_rows, r.series), r.series, r.indicators, lang),
        "jamforelseserier",
        title=words.text("indicators.appendix_title", lang),
        sheet=words.text("indicators.sheet_series", lang),
        lang=lang,
        catalogue=r.series,
    )
    shown = pd.concat([labels.values_shown(rows, latest="year", linkoping=True) for rows in r.series_rows.values()])
    yield from implausible(r, shown)
    without = pages.without_values(r.series_rows, r.series, lang)
    if without:
        only_desos = deso_only(r.indicators, r.series, [*without], lang)
        none = [n for n in without if n not in only_desos]
        if none:
            yield Say("indicators.appendix_no_data", {"names": ", ".join(none)})
        by_count: dict[tuple[int, str], list[str]] = {}
        for name, found in only_desos.items():
            by_count.setdefault(found, []).append(name)
        for (count, years), names in by_count.items():
            yield Say(
                "indicators.appendix_desos_only",
                {"names": words.join(names, lang), "n": count, "years": years, "series": len(names)},
            )


def deso_only(indicators: pd.DataFrame, catalogue: pd.DataFrame, names: list[str], lang: str = "sv") -> dict:
    """Of the indicators named ``names`` (without a value for the districts' own areas), those their DeSOs have.

    Returns:
        Name → (the number of district DeSOs with a value, their years as text).
    """
    found = {}
    for _, entry in catalogue.iterrows():
        name = labels.indicator_name(entry, lang)
        if name not in names:
            continue
        rows = indicators[
            (indicators["indicator"] == entry["id"])
            & (indicators["geo_kind"] == "deso")
            & indicators["district"].notna()
            & indicators["value"].notna()
        ]
        if len(rows):
            years = words.join([str(y) for y in sorted(set(rows["year"]))], lang)
            found[name] = (int(rows["geo_code"].nunique()), years)
    return found


def about(r: Report) -> Iterator[Part]:
    """The last section: sources, what to keep in mind, how the report is made."""
    yield Say("indicators.about", {"sources": "; ".join(r.sources), "year": str(r.year)})


def area_type_table(types: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Each district's områdestyp (:func:`segstats.reports.tidy.area_type_values`) for readers."""
    return pd.DataFrame(
        {
            labels.word("district", lang): types["district"].to_numpy(),
            "RegSO": [f"{n} ({c})" for n, c in zip(types["geo_name"], types["geo_code"], strict=True)],
            labels.word("area_type", lang): types["area_type"].to_numpy(),
            labels.word("description", lang): types["area_type_name"].to_numpy(),
            labels.word("year", lang): types["area_type_year"].to_numpy(),
        }
    )


def peer_alt(position: pd.DataFrame, *, unit: str | None, decimals: int, lang: str = "sv") -> str:
    """Alt text for the districts among RegSOs of their områdestyp: value, rank and median per district."""
    parts = [
        labels.word(
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
    return labels.word("peer_alt", lang, districts="; ".join(parts))


def break_scope(rule, lang: str = "sv") -> str:
    """A series break's year and what it concerns (geography kinds, publishers), as the catalogue table shows it.

    >>> from segstats.indicators.catalogue import SeriesBreak
    >>> break_scope(SeriesBreak(2015, "x", geo_kinds=("regso", "deso"))), break_scope(SeriesBreak(2019, "x"))
    ('2015 (RegSO, DeSO)', '2019')
    """
    scope = [codes.label("geo_kind", k, lang) for k in rule.geo_kinds] + list(rule.sources)
    return f"{rule.year} ({', '.join(scope)})" if scope else str(rule.year)


def catalogue_table(listed: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The indicator catalogue (:func:`segstats.reports.tidy.catalogue_values`) for readers: name, development
    area, unit, confirmed, series breaks."""
    return pd.DataFrame(
        {
            labels.word("indicator", lang): listed["indicator_name"].to_numpy(),
            labels.word("area_header", lang): listed["area_no"].to_numpy(),
            labels.word("unit", lang): [codes.label("unit", str(u), lang) for u in listed["unit"]],
            labels.word("confirmed", lang): listed["confirmed"].astype(bool).to_numpy(),
            labels.word("series_breaks", lang): listed["series_breaks"].fillna(fmt.MISSING).to_numpy(),
        }
    )


def missing_table(lacking: pd.DataFrame, districts: int, lang: str = "sv") -> pd.DataFrame:
    """The indicators some district has no value for (:func:`segstats.reports.tidy.missing_values`), one row
    each for readers: which districts lack it ("alla tre" for all ``districts``), where it is published, and
    whether segstats fetches it from SCB (with its table)."""
    head = {k: _header(k, lang) for k in ("indicator", "missing_for", "source", "fetch")}
    table = []
    for _, rows in lacking.groupby("indicator", sort=False):
        first, fetch = rows.iloc[0], rows["fetch_table"].iloc[0]
        table.append(
            {
                head["indicator"]: first["indicator_name"],
                head["missing_for"]: words.text("indicators.all_districts", lang)
                if len(rows) == districts
                else words.join(list(rows["district"]), lang),
                head["source"]: str(first["source_table"]),
                head["fetch"]: labels.word("no", lang)
                if pd.isna(fetch)
                else words.text("indicators.fetch_yes", lang, table=fetch),
            }
        )
    return pd.DataFrame(table, columns=list(head.values()))


def peer_summary_table(placed: pd.DataFrame, catalogue: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The districts among the RegSOs of their områdestyp (:func:`segstats.reports.tidy.peer_values`) for readers.

    Values are text in their indicator's unit (one column holds several indicators); områdestyp,
    year, rank and counts are numbers.
    """
    entries = catalogue.set_index("id")
    formats = [labels.indicator_format(entries.loc[i]) for i in placed["indicator"]]
    keys = {"indicator_name": "indicator", "district": "district", "area_type": "area_type", "year": "year"}
    table = pd.DataFrame({_header(h, lang): placed[k].to_numpy() for k, h in keys.items()})
    for key, head in (("value", "value"), ("peer_median", "type_median")):
        table[_header(head, lang)] = [fmt.value(v, u, d, lang) for v, (u, d) in zip(placed[key], formats, strict=True)]
    for key, head in (("peer_rank", "rank"), ("peer_count", "count"), ("peer_of", "type_count")):
        table[_header(head, lang)] = placed[key].to_numpy()
    return table


def deso_peer_table(placed: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The districts' DeSOs among all DeSOs of their RegSO's områdestyp (:func:`segstats.reports.tidy.deso_peer_values`)
    for readers, one row per DeSO, numbers as numbers."""
    head = {k: _header(k, lang) for k in ("district", "area_type", "value", "type_median", "rank")}
    head |= {"deso": words.text("districts.header_deso", lang), "count": _header("deso_count", lang)}
    keys = {"district": "district", "deso": "geo_code", "area_type": "area_type", "value": "value"}
    keys |= {"type_median": "peer_median", "rank": "peer_rank", "count": "peer_count"}
    return pd.DataFrame({head[h]: placed[k].to_numpy() for h, k in keys.items()})


def _header(key: str, lang: str) -> str:
    shared = {"indicator", "district", "year", "value", "area_type", "type_median", "rank"}
    return labels.word(key, lang) if key in shared else words.text(f"indicators.header_{key}", lang)
