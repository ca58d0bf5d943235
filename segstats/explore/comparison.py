"""The indicator view's same-type comparison: each district among the RegSOs (its DeSOs among the DeSOs) of its type."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from segstats import codes
from segstats.explore import page
from segstats.explore.model import Data, regso_peers, say
from segstats.indicators import analysis as indicator_analysis
from segstats.reports import fmt, labels, plots, tidy, words


@dataclass(frozen=True)
class Comparison:
    """The comparison of the chosen districts: sentences, the nearest-ranked tables as HTML, the chart
    (``None`` where no district can be compared), and for the download the whole ranking as one tidy
    table (:data:`RANKING_KEYS`) and the publishers of its values."""

    sentences: tuple[str, ...]
    tables: str
    chart: page.Chart | None
    ranking: pd.DataFrame
    sources: tuple[str, ...] = ()


# A ranking's columns (:mod:`segstats.reports.tidy`): each area of the type, from the highest value.
_RANKED = ("area_type", "area_type_year", "year", "peer_rank", "geo_code", "geo_name", "kommun_name", "value")
RANKING_KEYS = ("indicator", "indicator_name", "district", *_RANKED, "unit", "is_district")


def peer_summary(
    coverage: pd.Series, peers: pd.DataFrame, *, unit: str | None, decimals: int, lang: str = "sv"
) -> tuple[str, pd.DataFrame, int | None]:
    """One district among the RegSOs of its områdestyp: a sentence, and the whole type sorted from the highest value.

    Args:
        coverage: the district's row of :func:`segstats.indicators.analysis.peer_coverage`.
        peers: the district's block of :func:`segstats.indicators.analysis.peer_values` (empty when refused),
            with the ``kommun_name`` of each RegSO.
        unit, decimals: from the catalogue.
        lang: ``sv`` or ``en``.

    Returns:
        The sentence (why there is no comparison, when there is none), the ranked table
        (:func:`ranking`; empty without a comparison) and the district's row in it.
    """
    if peers.empty:
        reason = {
            "no_area_type": say("explore.peer_no_type", lang),
            "no_value": say("explore.peer_no_value", lang),
            "incomplete": say(
                "explore.peer_incomplete",
                lang,
                year=str(coverage.get("year")),
                count=int(coverage.get("count") or 0),
                of=int(coverage.get("type_count") or 0),
            ),
        }.get(str(coverage.get("comparable")), say("explore.peer_no_national", lang))
        return say("explore.peer_none", lang, district=coverage["district"], reason=reason), pd.DataFrame(), None
    position = indicator_analysis.peer_position(peers).iloc[0]
    own = peers[peers["is_district"]].iloc[0]
    area_type = int(own["area_type"])
    sentence = say(
        "explore.peer_position",
        lang,
        place=labels.place(pd.Series({**own.to_dict(), "geo_kind": "regso"}), lang),
        type=area_type,
        type_label=codes.label("area_type", str(area_type), lang).lower(),
        year=str(own["year"]),
        value=fmt.value(position["value"], unit, decimals, lang),
        rank=int(position["rank"]),
        n=int(position["n"]),
        median=fmt.value(position["median"], unit, decimals, lang),
    )
    table, rows = ranking(peers)
    return sentence, table, rows[0]


def ranking(peers: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """Peers from the highest value, tidy and typed (``peer_rank`` 1 = highest, equal values sharing it; the
    area, its municipality, its value, ``is_district``), and the rows of the district's own areas."""
    ranked = peers.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    ranked = ranked.assign(peer_rank=ranked["value"].rank(ascending=False, method="min").astype(int))
    table = tidy.typed(ranked[[*_RANKED, "is_district"]])
    return table, [int(i) for i in ranked["is_district"].to_numpy().nonzero()[0]]


def _shown(table: pd.DataFrame, header: str, lang: str) -> pd.DataFrame:
    """A ranking as the page shows it: ``Plats``, the area by ``header``, ``Kommun``, ``Värde``."""
    return pd.DataFrame(
        {
            say("explore.header_rank", lang): table["peer_rank"].to_numpy(),
            say(f"explore.{header}", lang): table["geo_name"].to_numpy(),
            say("explore.header_kommun", lang): table["kommun_name"].to_numpy(),
            say("explore.header_value", lang): table["value"].to_numpy(dtype=float, na_value=float("nan")),
        },
        index=table.index,
    )


def deso_peer_summary(
    position: pd.DataFrame, peers: pd.DataFrame, *, unit: str | None, decimals: int, lang: str = "sv"
) -> tuple[str, pd.DataFrame, list[int]]:
    """A district's DeSOs in one områdestyp among all DeSOs of RegSOs of that type: a sentence and the ranking.

    Args:
        position: the district's rows of :func:`segstats.indicators.analysis.deso_peer_position`
            for one area type.
        peers: the DeSOs of that type (:func:`segstats.indicators.analysis.deso_peers`) with
            ``geo_name``, ``kommun_name`` and ``regso_name``; ``is_district`` marks this district's.
        unit, decimals: from the catalogue.
        lang: ``sv`` or ``en``.

    Returns:
        The sentence (each DeSO's value, rank of the count, the type's median), the type's DeSOs
        sorted from the highest value (:func:`ranking`) and the district's rows in it.
    """
    first = position.iloc[0]
    area_type = int(first["area_type"])
    desos = [
        say(
            "explore.deso_rank",
            lang,
            code=str(r["geo_code"]),
            value=fmt.value(r["value"], unit, decimals, lang),
            rank=int(r["rank"]),
            n=int(r["n"]),
        )
        for _, r in position.iterrows()
    ]
    regsos = sorted(set(peers.loc[peers["is_district"], "regso_name"].astype(str)))
    sentence = say(
        "explore.deso_peer_position",
        lang,
        district=str(first["district"]),
        regso=words.join(regsos, lang),
        type=area_type,
        type_label=codes.label("area_type", str(area_type), lang).lower(),
        type_year=str(first["area_type_year"]),
        year=str(first["year"]),
        n=int(first["n"]),
        median=fmt.value(first["median"], unit, decimals, lang),
        desos=", ".join(desos),
    )
    table, rows = ranking(peers)
    return sentence, table, rows


def around(table: pd.DataFrame, row: int | Sequence[int], width: int = 5) -> pd.DataFrame:
    """The rows of a ranked table nearest to ``row`` (or to each of several): ``width`` above and below."""
    rows = [row] if isinstance(row, int) else row
    near = sorted({i for r in rows for i in range(max(r - width, 0), min(r + width + 1, len(table)))})
    return table.iloc[near]


# One district's part: its sentence, its ranked table, that table's nearest rows as HTML, and per
# row of the chart the peers with the own area marked and the row's name.
_Part = tuple[str, pd.DataFrame, str, list[tuple[pd.DataFrame, str]]]


def _ranked_html(
    title: str, table: pd.DataFrame, rows: Sequence[int], header: str, unit, decimals: int, lang: str, width=5
) -> str:
    near = _shown(around(table, list(rows), width), header, lang)
    return page.table(near, title, decimals=decimals, unit=unit, own=[i in rows for i in near.index], lang=lang)


def _regso_part(data: Data, indicator: str, district: str, unit: str | None, decimals: int, lang: str) -> _Part:
    coverage, peers = regso_peers(data, indicator)
    own = peers[peers["district"] == district] if district in coverage.index else pd.DataFrame()
    if district in coverage.index:
        sentence, table, row = peer_summary(coverage.loc[district], own, unit=unit, decimals=decimals, lang=lang)
    else:
        reason = say("explore.peer_no_national", lang)
        sentence, table, row = say("explore.peer_none", lang, district=district, reason=reason), pd.DataFrame(), None
    if row is None:
        if data.deso is not None and indicator == data.deso.indicator:  # the DeSO level, one click away, has one
            sentence += " " + say("explore.peer_try_deso", lang, year=str(data.deso.start))
        return sentence, table, "", []
    place = str(own.loc[own["is_district"], "geo_name"].iloc[0])
    area_type, year = int(own["area_type"].iloc[0]), str(own["year"].iloc[0])
    title = say("explore.peer_table_title", lang, place=place, type=area_type, year=year)
    name = say("explore.peer_row", lang, place=place, type=area_type, year=year)
    html = _ranked_html(title, table, [row], "header_regso", unit, decimals, lang)
    return sentence, table, html, [(own.assign(row=district), name)]


def _deso_part(data: Data, district: str, unit: str | None, decimals: int, lang: str) -> _Part:
    """The district's DeSOs among all DeSOs of their type (one ranking per områdestyp), one chart row per DeSO."""
    position = data.deso_position[data.deso_position["district"] == district]
    year = str(data.deso.start if data.deso else "")
    if position.empty:
        return say("explore.deso_peer_none", lang, district=district, year=year), pd.DataFrame(), "", []
    sentences, tables, html, rows = [], [], [], []
    for area_type, own in position.groupby("area_type", sort=False):
        same = data.deso_peers[data.deso_peers["area_type"] == area_type]
        same = same.assign(is_district=same["geo_code"].isin(own["geo_code"]))
        sentence, table, ranks = deso_peer_summary(own, same, unit=unit, decimals=decimals, lang=lang)
        title = say("explore.deso_peer_table_title", lang, district=district, type=int(area_type), year=year)
        sentences.append(sentence)
        tables.append(table)
        html.append(_ranked_html(title, table, ranks, "header_deso", unit, decimals, lang, width=2))
        for code in own["geo_code"]:
            strip = same.assign(row=code, is_district=same["geo_code"] == code, district=district)
            rows.append((strip, say("explore.deso_peer_row", lang, district=district, code=code, type=int(area_type))))
    return " ".join(sentences), pd.concat(tables), "".join(html), rows


@functools.lru_cache(maxsize=64)
def comparison(data: Data, indicator: str, districts: tuple[str, ...], desos: bool, lang: str) -> Comparison:
    """Each of ``districts`` among the RegSOs of its områdestyp, or with ``desos`` its DeSOs among all DeSOs
    of RegSOs of the type (the catalogue's DeSO comparison: ``data.deso``)."""
    entry = data.catalogue.loc[indicator]
    unit, decimals = labels.indicator_format(entry)
    sentences, tables, ranked, rows = [], [], [], []
    for district in districts:
        if desos:
            sentence, table, html, own = _deso_part(data, district, unit, decimals, lang)
        else:
            sentence, table, html, own = _regso_part(data, indicator, district, unit, decimals, lang)
        sentences.append(sentence)
        if html:
            tables.append(html)
            ranked.append(table.assign(district=district))
        rows += own
    if not rows:
        return Comparison(tuple(sentences), "", None, pd.DataFrame(columns=RANKING_KEYS))
    kind = "deso_peer" if desos else "peer"
    height = 0.8 + 0.5 * len(rows)
    chart = page.figure(height)
    with plots.style():
        ax = chart.add_subplot()
        chart.subplots_adjust(left=0.25, right=0.97, top=1 - 0.35 / height, bottom=0.6 / height)
        names = {str(strip["row"].iloc[0]): name for strip, name in rows}
        plots.peer_strips(
            pd.concat([strip for strip, _ in rows]),
            unit=unit,
            decimals=decimals,
            lang=lang,
            names=names,
            by="row",
            ax=ax,
        )
        title = say(f"explore.{kind}_chart_title", lang, indicator=labels.indicator_name(entry, lang))
        chart.suptitle(title, x=0.01, ha="left", fontsize=9)
        sources = tuple(data.deso_sources if desos else data.peer_frames[indicator]["source"].dropna().unique())
        page.source_line(chart, sources, lang)
        chart.text(0.99, 0.015, say(f"explore.{kind}_chart_key", lang), fontsize=7, color="#444444", ha="right")
        png = page.png_bytes(chart)
    alt = " ".join([f"{title}.", *(page.plain(s) for s in sentences)])
    whole = pd.concat(ranked, ignore_index=True).assign(
        indicator=indicator, indicator_name=labels.indicator_name(entry, lang), unit=unit
    )
    whole = tidy.typed(whole[list(RANKING_KEYS)])
    chart_of = page.Chart(png, alt, "ss-indicator-peer-chart")
    return Comparison(tuple(sentences), "".join(tables), chart_of, whole, tuple(str(s) for s in sources))
