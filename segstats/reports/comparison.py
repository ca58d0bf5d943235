"""What the comparison report shows: the follow-up year against the baseline, measures and indicators."""

from __future__ import annotations

import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import compare
from segstats.measures.analysis import status_counts
from segstats.reports import fmt, labels, plots, words
from segstats.reports.show import Formatter, Show


def plan_indicators(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The catalogue's indicators the comparison follows, in development-area order (the area type is no change)."""
    shown = catalogue[catalogue["id"] != indicator_analysis.AREA_TYPE]
    return shown.sort_values(["area_no", "id"], kind="stable")


def show_indicators(show: Show, indicators: pd.DataFrame, catalogue: pd.DataFrame, baseline_year: int) -> None:
    """Each indicator's change since the baseline year, and each district's gap to Linköping then and now.

    Only the same place with a value in both years is compared; the rest are counted by reason.
    """
    lang = show.lang
    when = {"baseline_year": str(baseline_year)}
    change = indicator_analysis.indicator_change(indicators, catalogue, baseline_year)
    counted = catalogue.loc[catalogue["unit"].isin(codes.COUNT_UNITS), "id"]  # a gap of counts compares sizes
    gaps = indicator_analysis.gap_change(change[~change["indicator"].isin(counted)], indicators, baseline_year)
    show.say("comparison.indicators", **when)
    for rows, name, title, gap in (
        (change, "indikatorer_forandring", "comparison.indicators_title", False),
        (gaps, "skillnad_mot_linkoping", "comparison.gap_title", True),
    ):
        if gap:
            show.say("comparison.gap")
        kept = rows["comparable"] == "yes"
        reasons = rows.loc[~kept, "comparable"].value_counts()
        said = "; ".join(f"{labels.reason(r, baseline_year, lang)}: {n}" for r, n in reasons.items() if n)
        missing = words.text("comparison.not_comparable", lang, n=int((~kept).sum()), reasons=said or fmt.MISSING)
        show.say("comparison.comparable", n=int(kept.sum()), not_comparable=missing)
        if kept.any():
            table = labels.change_table(rows[kept], catalogue, baseline_year=baseline_year, lang=lang, gap=gap)
            show.table(table, name, title=show.words(title, **when))


def show_status_by_year(show: Show, measures: pd.DataFrame, baseline_year: int, year: int, *, source: str) -> None:
    """Measures per follow-up year and status from the baseline to ``year``, and the shares per area side by side."""
    lang = show.lang
    by_year = status_counts(measures[measures["year"].between(baseline_year, year)], by="year")
    by_year = by_year.drop(index="total", errors="ignore")
    with plots.style():
        ax = plots.status_bars(by_year, lang=lang)
    show.figure(ax, alt=labels.status_alt(by_year, what=show.words("comparison.by_year_alt"), lang=lang), source=source)
    show.say("comparison.status_per_area")
    show.table(
        labels.shares_by_year_table(compare.status_shares(measures, (baseline_year, year)), lang),
        "status_per_ar",
        title=show.words("labels.shares_by_year_title", year=str(year), baseline_year=str(baseline_year)),
    )


def show_through_the_years(show: Show, measures: pd.DataFrame, lineage: pd.DataFrame, year: int) -> None:
    """The measures of ``year`` ongoing for two follow-ups or more, those not done twice, the new and the dropped."""
    when = {"year": str(year), "previous_year": str(year - 1)}
    show.say("comparison.through_the_years")
    ongoing = compare.still_ongoing(measures, year)
    show.say("comparison.ongoing", **when, n=len(ongoing))
    since = {"since": show.words("comparison.ongoing_since")}
    show_measures(show, ongoing, "pagar_sedan_minst_tva_ar", show.words("comparison.ongoing_title", **when), since)
    twice = compare.not_done_repeatedly(measures, year)
    show.say("comparison.twice", **when, n=len(twice))
    times = {"not_done_times": show.words("comparison.twice_times")}
    show_measures(show, twice, "ej_genomford_tva_ganger", show.words("comparison.twice_title", **when), times)
    if year - 1 not in set(measures["year"]):
        show.say("comparison.new_and_dropped_missing", **when)
        return
    new, dropped = compare.new_measures(measures, year), compare.dropped_measures(measures, lineage, year - 1)
    gone = show.words("comparison.dropped", **when, n=len(dropped))
    show.say("comparison.new_and_dropped", **when, n=len(new), dropped=gone)
    show_measures(show, new, "nya_atgarder", show.words("comparison.new_title", **when))
    reason = {"next_plan_text": show.words("labels.comment")}
    show_measures(show, dropped, "borttagna_atgarder", show.words("comparison.dropped_title", **when), reason)


def show_measures(show: Show, rows: pd.DataFrame, name: str, title: str, extra: dict[str, str] | None = None) -> None:
    """A table of measures (number, title, status and the ``extra`` columns, named by their headers), or a
    sentence that there are none. A year column stays a number, printed without grouping."""
    if rows.empty:
        show.say("comparison.no_measures")
        return
    extra = extra or {}
    lang = show.lang
    table = pd.DataFrame(
        {
            labels.word("number_header", lang): rows["measure_id"],
            labels.word("measure_header", lang): rows["title"],
            labels.word("status", lang): [codes.label("status", s, lang) for s in rows["status"]],
            **{header: rows[column] for column, header in extra.items()},
        }
    )
    years: dict[str, Formatter] = {header: str for column, header in extra.items() if column == "since"}
    show.table(table, name, title=title, formats=years)
