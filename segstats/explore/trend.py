"""What the indicator view's controls select of an indicator's trend and how it reads: DataFrame in, text out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import pandas as pd

from segstats import codes
from segstats.explore.model import REFERENCES, level, say, years_text
from segstats.explore.page import FLAG
from segstats.indicators import analysis as indicator_analysis
from segstats.reports import fmt, labels, tidy, words


def filter_trend(
    rows: pd.DataFrame,
    *,
    districts: Iterable[str] = (),
    geo_kinds: Iterable[str] = (),
    years: tuple[int, int] | None = None,
    comparisons: Iterable[str] = (),
) -> pd.DataFrame:
    """The trend rows of one indicator (:func:`segstats.indicators.analysis.trend_rows`) that the controls choose.

    Args:
        rows: the trend rows of one indicator.
        districts: the districts whose areas to show.
        geo_kinds: the levels of the districts' areas (``regso``, ``stadsdel``, ...).
        years: first and last year to keep, both included; ``None`` keeps all.
        comparisons: reference series to add, of :data:`~segstats.explore.model.REFERENCES` (``kommun``, ``riket``).
    """
    keep = rows["district"].isin(list(districts)) & rows["geo_kind"].isin(list(geo_kinds))
    keep |= rows["district"].isna() & rows["geo_kind"].isin(list(comparisons))
    if years:
        keep &= rows["year"].between(*years)
    return rows[keep & rows["value"].notna()]


def indicator_table(rows: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Trend rows as a reader reads them: one row per area with its level written out, one column per year.

    Values stay numbers (missing where the area has none that year); the source is named per area.
    """
    place, kind, source = (
        say("explore.header_place", lang),
        say("explore.header_level", lang),
        say("explore.header_source", lang),
    )
    years = sorted(int(y) for y in rows["year"].unique())
    records = []
    for block in _areas(rows):
        values = block.groupby("year")["value"].first()
        records.append(
            {
                place: labels.place(block.iloc[0], lang),
                kind: level(str(block["geo_kind"].iloc[0]), lang),
                **{str(y): float(values.get(y, float("nan"))) for y in years},
                source: ", ".join(sorted({str(s) for s in block["source"]})),
            }
        )
    return pd.DataFrame(records, columns=[place, kind, *map(str, years), source])


# The columns of the trend's download, as data/processed/indicators.csv names them (and the indicator's name).
TREND_KEYS = (
    *("indicator", "indicator_name", "district", "geo_kind", "geo_code", "geo_name", "year", "value", "unit"),
    *("implausible", "source"),
)


def trend_values(rows: pd.DataFrame, name: str) -> pd.DataFrame:
    """Trend rows as the download holds them: one row per area and year, tidy and typed (:mod:`segstats.reports.tidy`).

    Args:
        rows: trend rows of one indicator (:func:`filter_trend`), in chart order.
        name: the indicator's name in the reader's language.
    """
    found = rows.assign(indicator_name=name).astype(object)
    return tidy.typed(found.where(found.notna(), None)[list(TREND_KEYS)].reset_index(drop=True))


def _areas(rows: pd.DataFrame) -> Iterator[pd.DataFrame]:
    """The trend rows of each area, in chart order (the rows of :func:`indicator_table`)."""
    for _, block in rows.groupby(["district", "geo_kind", "geo_code"], sort=False, dropna=False, observed=True):
        yield block


def _flagged(rows: pd.DataFrame) -> pd.Series:
    """Which rows ``segstats build`` flagged as outside their indicator's plausible range."""
    if "implausible" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["implausible"].fillna(False).astype(bool)


def flagged_cells(rows: pd.DataFrame) -> set[tuple[int, str]]:
    """The cells of :func:`indicator_table` that hold a flagged value: (row number, year column)."""
    return {(i, str(year)) for i, block in enumerate(_areas(rows)) for year in block.loc[_flagged(block), "year"]}


def flag_note(rows: pd.DataFrame, catalogue: pd.DataFrame, lang: str = "sv") -> str:
    """The footnote (Markdown) under a table or chart with a flagged value, marked :data:`FLAG`: which, and the range.

    The reports' words (``labels.implausible_note``, :func:`segstats.reports.labels.implausible_items`);
    empty when ``rows`` hold no flagged value.
    """
    flagged = rows[_flagged(rows)]
    if flagged.empty:
        return ""
    shown = flagged[["indicator", "geo_code", "year"]]
    items = labels.implausible_items(shown, indicator_analysis.implausible_rows(flagged, catalogue), catalogue, lang)
    return f"{FLAG.strip()} " + words.text("labels.implausible_note", lang, n=len(items), items="; ".join(items))


def _printed_difference(later: float, earlier: float, decimals: int) -> float:
    """``later − earlier`` of the values as printed (:func:`segstats.indicators.analysis.shown_difference`)."""
    return float(indicator_analysis.shown_difference(pd.Series([later]), pd.Series([earlier]), decimals).iloc[0])


def _gap(value: float, unit: str | None, decimals: int, lang: str) -> str:
    """A signed difference as printed: percentage points for shares, the unit otherwise."""
    return (
        fmt.points(value, decimals, lang)
        if fmt.is_percent(unit)
        else fmt.value(value, unit, decimals, lang, signed=True)
    )


def latest_values(rows: pd.DataFrame, unit: str | None, decimals: int, lang: str = "sv") -> list[str]:
    """One sentence per district area: its value and Linköping's at both ends of the years shown, the gap, its change.

    With one year (or one year in common with Linköping) the sentence gives that year's value and
    gap; over a range, the gap at its first and last common year and how much it changed, as
    printed (the change is the difference of the printed gaps). A count has no gap: it would
    compare sizes, not conditions.
    """
    kommun = rows[rows["geo_kind"] == "kommun"].set_index("year")["value"]
    sentences = []
    for _, series in rows[rows["district"].notna()].groupby(["district", "geo_kind", "geo_code"], sort=False):
        series = series.sort_values("year")
        last = series.iloc[-1]
        common = series[series["year"].isin(kommun.index)] if unit not in codes.COUNT_UNITS else series.iloc[:0]
        if common.empty:
            value = fmt.value(last["value"], unit, decimals, lang) + (FLAG if _flagged(series).loc[last.name] else "")
            sentences.append(
                say("explore.latest_value", lang, place=labels.place(last, lang), year=str(last["year"]), value=value)
            )
            continue
        ends = [common.iloc[0], common.iloc[-1]] if len(common) > 1 else [common.iloc[-1]]
        gaps = [_printed_difference(row["value"], kommun.loc[row["year"]], decimals) for row in ends]
        shown = [
            say(
                "explore.value_and_gap",
                lang,
                year=str(row["year"]),
                value=fmt.value(row["value"], unit, decimals, lang) + (FLAG if _flagged(series).loc[row.name] else ""),
                linkoping=fmt.value(kommun.loc[row["year"]], unit, decimals, lang),
                gap=_gap(gap, unit, decimals, lang),
            )
            for row, gap in zip(ends, gaps, strict=True)
        ]
        sentence = say("explore.gaps", lang, place=labels.place(last, lang), gaps="; ".join(shown))
        if len(ends) == 2:
            change = _printed_difference(gaps[1], gaps[0], decimals)
            key = "explore.gap_unchanged" if change == 0 else "explore.gap_change"
            sentence += " " + say(key, lang, change=_gap(change, unit, decimals, lang))
        sentences.append(sentence)
    return sentences


def missing_notes(
    all_rows: pd.DataFrame,
    shown: pd.DataFrame,
    *,
    districts: Sequence[str],
    geo_kinds: Sequence[str],
    years: tuple[int, int],
    comparisons: Sequence[str],
    lang: str = "sv",
) -> list[str]:
    """What the reader chose but does not see, in words: a district or a comparison without a value.

    Args:
        all_rows: every trend row of the indicator (with values).
        shown: the rows the controls chose (:func:`filter_trend`).
        districts, geo_kinds, years, comparisons: the controls.
        lang: ``sv`` or ``en``.
    """
    notes = []
    known = all_rows["year"]
    span = years_text([max(years[0], known.min()), min(years[1], known.max())] if len(known) else years, lang)
    levels = words.join([level(k, lang) for k in geo_kinds], lang)
    for district in districts:
        if (shown["district"] == district).any():
            continue
        if set(geo_kinds) >= set(all_rows.loc[all_rows["district"].notna(), "geo_kind"]):
            note = say("explore.note_district_none", lang, district=district, years=span)
        else:
            note = say("explore.note_district_missing", lang, district=district, levels=levels, years=span)
        elsewhere = all_rows[all_rows["district"] == district]
        if not elsewhere.empty:
            found = [
                f"{level(kind, lang)} {years_text(block['year'].tolist(), lang)}"
                for kind, block in elsewhere.groupby("geo_kind", observed=True, sort=False)
            ]
            note += " " + say("explore.note_available", lang, available=words.join(found, lang))
        notes.append(note)
    for kind in comparisons:
        if kind in REFERENCES and not (shown["district"].isna() & (shown["geo_kind"] == kind)).any():
            place = codes.label("reference_area", kind, lang)
            notes.append(say("explore.note_reference_missing", lang, place=place, years=span))
    return notes
