"""The follow-up as a document: the summary, then each development area and every measure with all said of it."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from segstats import codes
from segstats.measures import compare
from segstats.measures.analysis import measures_with_status, status_by_item, status_counts
from segstats.measures.lineage import followed
from segstats.reports import fmt, labels, plots, tidy, tidy_measures, words
from segstats.reports.district_pages import statuses
from segstats.reports.show import ORIGINAL_LANG, Entry, Field, Show, Table

# A measure ongoing in at least this many follow-ups in a row is marked.
LONG_ONGOING = 2
# The decimals of the shares per status of the year (whole per cent, as the summary says them).
TOTALS_DECIMALS = 0


@dataclass(frozen=True)
class Measure:
    """One measure as the document shows it: its number, its Swedish title, and its lines."""

    measure_id: str
    title: str
    fields: tuple[Field, ...]
    ongoing_years: int
    years: tuple[int, ...]  # the follow-ups it can be followed through

    @property
    def anchor(self) -> str:
        return "measure-" + self.measure_id.replace(".", "-")


@dataclass(frozen=True)
class Area:
    """A development area's section: its heading, the follow-up's summary of it and its measures."""

    area_no: int
    heading: str
    summary: tuple[str, ...]  # the follow-up's own paragraphs, in Swedish
    summary_key: str  # the words that introduce the summary, or say why there is none
    counts: pd.Series
    statuses: str  # the counts in words: "Genomförd 6, Pågår 9, Ej genomförd 1"
    measures: tuple[Measure, ...]

    @property
    def anchor(self) -> str:
        return f"area-{self.area_no}"


def areas(measures: pd.DataFrame, lineage: pd.DataFrame, summaries: pd.DataFrame, year: int, lang: str) -> list[Area]:
    """Every development area of the follow-up of ``year`` with every one of its measures, in report order.

    Args:
        measures: rows of :func:`segstats.load_measures`, every year (earlier and later ones give the history).
        lineage: rows of :func:`segstats.load_lineage`.
        summaries: rows of :func:`segstats.load_area_summaries`.
        year: the follow-up year.
        lang: the report's language.
    """
    this_year = measures[measures["year"] == year]
    paths = {k: g for k, g in followed(measures, lineage, year).groupby("measure_id", sort=False)}
    runs = compare.status_runs(measures).set_index(["year", "measure_id"])
    summary = summaries[summaries["year"] == year].sort_values(["area_no", "paragraph"])
    # A template has no summaries at all; a report may lack one for an area.
    missing = "status.no_summary" if len(summary) else "status.no_summary_template"
    sections = []
    for area_no, rows in this_year.groupby("area_no", sort=True):
        counts = rows["status"].value_counts().reindex(codes.codes("status"), fill_value=0)
        shown = [
            _measure(m, paths[m["measure_id"]], int(runs.loc[(year, m["measure_id"]), "ongoing_years"]), lang)
            for _, m in rows.iterrows()
        ]
        paragraphs = tuple(summary.loc[summary["area_no"] == area_no, "text"])
        sections.append(
            Area(
                area_no=int(area_no),
                heading=labels.area(area_no, lang),
                summary=paragraphs,
                summary_key="status.area_summary" if paragraphs else missing,
                counts=counts,
                statuses=statuses(counts, lang),
                measures=tuple(shown),
            )
        )
    return sections


def contents(sections: list[Area]) -> list[Entry]:
    """The table of contents' lines of the areas and their measures (number and Swedish title)."""
    return [
        entry
        for area in sections
        for entry in [
            Entry(area.heading, area.anchor),
            *(Entry(m.measure_id, m.anchor, level=2, original=m.title) for m in area.measures),
        ]
    ]


def _measure(m: pd.Series, path: pd.DataFrame, ongoing_years: int, lang: str) -> Measure:
    year = int(m["year"])
    when = {"year": str(year), "next_year": str(year + 1)}
    fields = [
        Field(
            words.text("status.field_status", lang), codes.label("status", m["status"], lang), status=str(m["status"])
        ),
        Field(words.text("status.field_responsible", lang), labels.departments(m["departments"], lang)),
        Field(words.text("status.field_districts", lang), targets(m["districts"], lang)),
        _original(
            words.text("status.field_description", lang),
            m["description"],
            words.text("status.no_description", lang, **when),
        ),
        _original(words.text("status.field_comment", lang), m["status_comment"], words.text("status.no_comment", lang)),
        _next_plan(m, lang),
    ]
    if path["year"].nunique() > 1:
        fields.append(Field(words.text("status.field_history", lang), history(path, lang)))
    if ongoing_years >= LONG_ONGOING:
        since = str(year - ongoing_years + 1)
        fields.append(
            Field(
                words.text("status.field_ongoing", lang),
                words.text("status.ongoing_value", lang, n=ongoing_years, since=since),
                flag=True,
            )
        )
    years = tuple(sorted(int(y) for y in path["year"].unique()))
    return Measure(str(m["measure_id"]), str(m["title"]), tuple(fields), ongoing_years, years)


def _next_plan(m: pd.Series, lang: str) -> Field:
    """How the measure goes on: the follow-up's own sentence ("Vidareutvecklad och konkretiserad i flera
    åtgärder 2022."), after its handling in words where the report is not Swedish, or the handling alone."""
    label = words.text("status.field_next_plan", lang, next_year=str(int(m["year"]) + 1))
    said = str(m["next_plan_text"]) if pd.notna(m["next_plan_text"]) else None
    if pd.isna(m["next_plan"]):
        return Field(label, "" if said else words.text("status.next_plan_not_stated", lang), original=said)
    handling = codes.label("next_plan", m["next_plan"], lang)
    return Field(label, "" if said and lang == ORIGINAL_LANG else handling, original=said)


def _original(label: str, original: object, missing: str) -> Field:
    """A line of the source's own words, or what to say where the source has none."""
    return Field(label, original=str(original)) if pd.notna(original) else Field(label, missing)


def history(path: pd.DataFrame, lang: str = "sv") -> str:
    """A measure's status through the years it can be followed (rows of :func:`segstats.measures.lineage.followed`).

    >>> path = pd.DataFrame({"year": [2021, 2021, 2022], "linked_id": ["1.7", "1.12", "1.2"],
    ...                      "status": ["done", "ongoing", "ongoing"], "onward": ["merged", "merged", pd.NA]})
    >>> history(path, "en")
    '2021: 1.7 Done (merged with another measure), 1.12 Ongoing (merged with another measure) → 2022: 1.2 Ongoing'
    """
    steps = []
    for year, rows in path.groupby("year", sort=True):
        shown = [
            f"{r.linked_id} {codes.label('status', r.status, lang)}"
            + (f" ({codes.label('link', r.onward, lang).lower()})" if pd.notna(r.onward) else "")
            for r in rows.itertuples()
        ]
        steps.append(f"{year}: {', '.join(shown)}")
    return " → ".join(steps)


def targets(districts: str, lang: str = "sv") -> str:
    """A measure's target districts (and other targets) as a sentence lists them, on a line of its own.

    >>> targets("Berga;Ryd;Skäggetorp", "en"), targets("Mottagande skolor", "en")
    ('Berga, Ryd and Skäggetorp', 'Receiving schools')
    """
    return _capital(words.join([labels.target(t, lang) for t in districts.split(";")], lang))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def years_shown(sections: list[Area]) -> list[int]:
    """The follow-up years the sections show something of (the year itself, and those of the measures' histories)."""
    return sorted({y for a in sections for m in a.measures for y in m.years})


def long_ongoing(sections: list[Area]) -> list[str]:
    """The numbers of the measures ongoing in at least :data:`LONG_ONGOING` follow-ups in a row."""
    return [m.measure_id for a in sections for m in a.measures if m.ongoing_years >= LONG_ONGOING]


# What each summary section counts by: its words (status.<key>, <key>_title), its table's file name,
# the header of its first column.
_SECTIONS = {
    "area_no": ("by_area", "status_per_utvecklingsomrade", "labels.area_header"),
    "districts": ("by_district", "status_per_stadsdel", "status.by_district_first"),
    "departments": ("by_department", "status_per_forvaltning", "labels.responsible"),
}


def summary_values(shares: pd.DataFrame, lang: str = "sv") -> dict[str, object]:
    """The values of the summary's sentence (``status.summary``): the number of measures and each status's part.

    Args:
        shares: :func:`segstats.measures.analysis.status_totals` of the year.
    """
    said: dict[str, object] = {
        s: words.inline(f"status.summary_{s}", lang, n=int(r["count"]), share=fmt.percent(r["share"], lang=lang))
        for s, r in shares.iterrows()
    }
    return said | {"measures": words.text("common.measures", lang, n=int(shares["count"].sum()))}


def show_totals(show: Show, shares: pd.DataFrame, *, year: int, source: str) -> None:
    """The year's measures per status: one bar each, and the same as a table of counts and shares."""
    when = str(year)
    with plots.style():
        ax = plots.status_totals(shares, lang=show.lang)
    names = {"count": show.words("status.all_measures")}
    alt = labels.status_alt(
        shares[["count"]].T, what=show.words("status.totals_alt", year=when), names=names, lang=show.lang
    )
    show.figure(ax, alt=alt, source=source)
    table = tidy.table(
        labels.status_totals_table(shares, show.lang),
        tidy_measures.status_totals(shares, year, show.lang),
        "status_totalt",
        title=show.words("status.totals_title", year=when),
        sheet=show.words("status.sheet_totals"),
        lang=show.lang,
        formats={show.words("labels.share_percent"): lambda v: fmt.number(v, TOTALS_DECIMALS, show.lang)},
    )
    # The files round the shares as this table prints them: whole per cent, as the summary's sentence says them.
    share = replace(table.columns["share"], decimals=TOTALS_DECIMALS)
    show.render([replace(table, columns={**table.columns, "share": share})])


def show_status_section(show: Show, measures: pd.DataFrame, by: str, *, year: int, source: str) -> None:
    """Status counts of the year's ``measures`` per development area, district or department: a chart and a table.

    Args:
        by: ``area_no``, ``districts`` or ``departments`` (a measure counts with each district or department it names).
    """
    key, name, first = _SECTIONS[by]
    lang = show.lang
    counts = status_counts(measures, by="area_no") if by == "area_no" else status_by_item(measures, by)
    if by == "area_no":
        names = {n: labels.area(n, lang) for n in counts.index if n != "total"}
    elif by == "districts":
        names = {t: _capital(labels.target(t, lang)) for t in counts.index}
    else:
        names = {c: labels.department(c, lang) for c in counts.index}
    what = show.words(f"status.{key}_title", year=str(year))
    shown = counts.drop(index="total", errors="ignore")
    show.say(f"status.{key}")
    with plots.style():
        ax = plots.status_bars(shown.rename(index=names), lang=lang)
    alt = labels.status_alt(shown, what=show.words("status.stacked_alt", what=what), names=names, lang=lang)
    show.figure(ax, alt=alt, source=source)
    # The files name an area by its name alone: its number has a column of its own.
    named = {n: codes.label("area", str(n), lang) for n in names} if by == "area_no" else names
    table = tidy.table(
        labels.status_table(counts, first=show.words(first), names=names, lang=lang),
        tidy_measures.status_groups(counts, by, named, year),
        name,
        title=what,
        sheet=show.words(f"status.sheet_{key}"),
        lang=lang,
    )
    show.render([table])


def not_done(measures: pd.DataFrame, year: int, lang: str = "sv") -> Table:
    """The measures of ``year`` not carried out: number, title and responsible department, and in the files
    the departments' codes and the follow-up's comment."""
    rows = measures_with_status(measures[measures["year"] == year], "not_done").assign(year=year)
    data = tidy_measures.measure_list(rows, ("year", "measure_id", "title", "departments", "status_comment"), lang)
    shown = {"measure_id": "number_header", "title": "measure_header", "department_names": "responsible"}
    return tidy.table(
        data[list(shown)].set_axis([labels.word(w, lang) for w in shown.values()], axis=1),
        data,
        "ej_genomforda",
        title=words.text("status.not_done_title", lang, year=str(year)),
        sheet=words.text("status.sheet_not_done", lang),
        lang=lang,
    )


def carry_over(measures: pd.DataFrame, year: int, name: str, lang: str = "sv") -> Table:
    """The measures of ``year`` by their handling in the next plan and by status."""
    counts = compare.carry_over_by_status(measures, year)
    names = {c: codes.label("next_plan", c, lang) for c in codes.codes("next_plan")}
    return tidy.table(
        labels.carry_over_table(counts, year, lang),
        tidy_measures.status_groups(counts, "next_plan", names, year),
        name,
        title=words.text("labels.carry_over_title", lang, year=str(year), next_year=str(year + 1)),
        sheet=words.text("labels.sheet_carry_over", lang),
        lang=lang,
    )


def shares_by_year(measures: pd.DataFrame, baseline_year: int, year: int, name: str, lang: str = "sv") -> Table:
    """The status shares per development area in the baseline year and in ``year``, side by side; the files
    hold them long, a row per year, area and status with its count."""
    years = (baseline_year, year)
    return tidy.table(
        labels.shares_by_year_table(compare.status_shares(measures, years), lang),
        tidy_measures.status_by_year(measures, years, lang),
        name,
        title=words.text("labels.shares_by_year_title", lang, year=str(year), baseline_year=str(baseline_year)),
        sheet=words.text("labels.sheet_shares_by_year", lang),
        lang=lang,
    )


def show_change_since_baseline(show: Show, measures: pd.DataFrame, baseline_year: int, year: int) -> None:
    """The share of measures done in the baseline year and in ``year``, and the status shares side by side."""
    lang = show.lang
    when = {"year": str(year), "baseline_year": str(baseline_year)}
    if year == baseline_year:
        show.say("status.change_baseline", **when, next_year=str(year + 1))
        return
    by_year = compare.status_shares(measures, (baseline_year, year))
    # The change is the difference of the shares as printed (whole per cent), so that it adds up on the page.
    done = [round(float(by_year.loc["total", (y, "done")]) * 100) for y in (baseline_year, year)]
    show.say(
        "status.change",
        **when,
        done_base=fmt.percent(done[0], lang=lang),
        done_year=fmt.percent(done[1], lang=lang),
        points=fmt.points(done[1] - done[0], lang=lang),
        missing=labels.missing_followups(
            compare.missing_followup_years(measures, baseline_year, year), baseline_year, year, lang
        ),
    )
    show.render([shares_by_year(measures, baseline_year, year, "forandring_sedan_basaret", lang)])
