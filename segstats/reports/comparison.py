"""What the comparison report shows: the follow-up year against the baseline, measures and indicators."""

from __future__ import annotations

import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import compare
from segstats.measures.analysis import status_counts
from segstats.reports import fmt, followup, labels, plots, tidy, tidy_measures, words
from segstats.reports.show import Show


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
    for rows, name, title, sheet, gap in (
        (change, "indikatorer_forandring", "comparison.indicators_title", "indicators.sheet_change", False),
        (gaps, "skillnad_mot_linkoping", "comparison.gap_title", "comparison.sheet_gap", True),
    ):
        if gap:
            show.say("comparison.gap")
        kept = rows["comparable"] == "yes"
        reasons = rows.loc[~kept, "comparable"].value_counts()
        said = "; ".join(f"{labels.reason(r, baseline_year, lang)}: {n}" for r, n in reasons.items() if n)
        missing = words.text("comparison.not_comparable", lang, n=int((~kept).sum()), reasons=said or fmt.MISSING)
        show.say("comparison.comparable", n=int(kept.sum()), not_comparable=missing)
        if kept.any():
            table = tidy.table(
                labels.change_table(rows[kept], catalogue, baseline_year=baseline_year, lang=lang, gap=gap),
                # every place, the change or why there is none (the sentence above counts the reasons)
                tidy.change_values(rows, catalogue, baseline_year=baseline_year, lang=lang, gap=gap),
                name,
                title=show.words(title, **when),
                sheet=show.words(sheet, **when),
                lang=lang,
                catalogue=catalogue,
            )
            show.render([table])


def show_status_by_year(show: Show, measures: pd.DataFrame, baseline_year: int, year: int, *, source: str) -> None:
    """Measures per follow-up year and status from the baseline to ``year``, and the shares per area side by side."""
    lang = show.lang
    by_year = status_counts(measures[measures["year"].between(baseline_year, year)], by="year")
    by_year = by_year.drop(index="total", errors="ignore")
    with plots.style():
        ax = plots.status_bars(by_year, lang=lang)
    show.figure(ax, alt=labels.status_alt(by_year, what=show.words("comparison.by_year_alt"), lang=lang), source=source)
    show.say("comparison.status_per_area")
    show.render([followup.shares_by_year(measures, baseline_year, year, "status_per_ar", lang)])


def show_through_the_years(show: Show, measures: pd.DataFrame, lineage: pd.DataFrame, year: int) -> None:
    """The measures of ``year`` ongoing for two follow-ups or more, those not done twice, the new and the dropped."""
    when = {"year": str(year), "previous_year": str(year - 1)}
    show.say("comparison.through_the_years")
    ongoing = compare.still_ongoing(measures, year).rename(columns={"since": "ongoing_since"})
    show.say("comparison.ongoing", **when, n=len(ongoing))
    show_measures(show, ongoing, "pagar_sedan_minst_tva_ar", "ongoing", when, ("ongoing_since",))
    twice = compare.not_done_repeatedly(measures, year)
    show.say("comparison.twice", **when, n=len(twice))
    show_measures(show, twice, "ej_genomford_tva_ganger", "twice", when, ("not_done_times",))
    if year - 1 not in set(measures["year"]):
        show.say("comparison.new_and_dropped_missing", **when)
        return
    new, dropped = compare.new_measures(measures, year), compare.dropped_measures(measures, lineage, year - 1)
    gone = show.words("comparison.dropped", **when, n=len(dropped))
    show.say("comparison.new_and_dropped", **when, n=len(new), dropped=gone)
    show_measures(show, new, "nya_atgarder", "new", when)
    show_measures(show, dropped, "borttagna_atgarder", "dropped", when, ("next_plan_text",))


def show_measures(
    show: Show, rows: pd.DataFrame, name: str, key: str, when: dict[str, str], extra: tuple[str, ...] = ()
) -> None:
    """A table of measures (number, title, status and the ``extra`` columns of ``rows``), or a sentence that
    there are none; its title and sheet are ``comparison.<key>_title`` and ``comparison.sheet_<key>``."""
    if rows.empty:
        show.say("comparison.no_measures")
        return
    data = tidy_measures.measure_list(rows, ("year", "measure_id", "title", "status", *extra), show.lang)
    shown = ["measure_id", "title", "status_name", *extra]
    table = tidy.table(
        data[shown].set_axis([tidy.header(k, show.lang) for k in shown], axis=1),
        data,
        name,
        title=show.words(f"comparison.{key}_title", **when),
        sheet=show.words(f"comparison.sheet_{key}"),
        lang=show.lang,
        # a year stays a number, printed without grouping
        formats={tidy.header("ongoing_since", show.lang): str},
    )
    show.render([table])
