"""The measures view: the follow-ups' measures filtered, counts by status, whole titles, description and comment."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from html import escape
from typing import Any

import pandas as pd

from segstats import codes
from segstats.explore import page
from segstats.explore.model import Data, say
from segstats.explore.widgets import View, toggled
from segstats.measures import analysis as measure_analysis
from segstats.reports import citations, fmt, labels, tidy, words
from segstats.text import fold

_SEARCHED = ("measure_id", "title", "description", "status_comment", "next_plan_text", "responsible")
# The filters, each a group of checkboxes; the search words come after them.
FILTERS = ("years", "areas", "districts", "statuses", "departments")


def filter_measures(
    measures: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
    areas: Iterable[int] | None = None,
    departments: Iterable[str] | None = None,
    districts: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    text: str = "",
) -> pd.DataFrame:
    """The measures that match every given control; ``None`` or empty means "all".

    Args:
        measures: rows of :func:`segstats.load_measures`.
        years: follow-up years.
        areas: development area numbers 1–5.
        departments: department codes; a department also selects its sub-units
            (``KLF`` selects measures of ``KLF-SÄK``).
        districts: target districts; a measure matches when it names any of them.
        statuses: status codes (``done``, ``ongoing``, ``not_done``).
        text: words that must all occur in the id, title, description, comment or
            responsible text; case, å/ä/ö and OCR-damaged letters do not matter.
    """
    keep = pd.Series(True, index=measures.index)
    if years:
        keep &= measures["year"].isin(list(years))
    if areas:
        keep &= measures["area_no"].isin(list(areas))
    if statuses:
        keep &= measures["status"].isin([codes.lookup("status", s).code for s in statuses])
    if departments:
        wanted = {codes.lookup("department", d).code for d in departments}
        keep &= measures["departments"].map(lambda cell: bool(_with_parents(cell) & wanted))
    if districts:
        wanted = set(districts)
        keep &= measures["districts"].map(lambda cell: bool(set(cell.split(";")) & wanted))
    if found := fold(text).split():
        haystack = measures[list(_SEARCHED)].fillna("").agg(" ".join, axis=1).map(fold)
        for word in found:
            keep &= haystack.str.contains(word, regex=False)
    return measures[keep]


def _with_parents(cell: str) -> set[str]:
    items = set(cell.split(";"))
    return items | {codes.parent_department(i) for i in items}


def _next_plan(code: object, lang: str) -> str:
    return fmt.MISSING if pd.isna(code) else codes.label("next_plan", str(code), lang)


def measure_list(rows: pd.DataFrame, lang: str = "sv") -> str:
    """The measures as HTML: one line each (id, status, whole title), opened by a click for the rest."""
    items = []
    for r in rows.itertuples():
        status = codes.lookup("status", r.status)
        fields = [  # named as the download's columns
            (tidy.header("description", lang), r.description),
            (tidy.header("status_comment", lang), r.status_comment),
            (tidy.header("department_names", lang), labels.departments(r.departments, lang)),
            (tidy.header("responsible", lang), r.responsible),
            (tidy.header("districts", lang), r.districts.replace(";", ", ")),
            (tidy.header("next_plan_name", lang), _next_plan(r.next_plan, lang)),
        ]
        body = "".join(
            f"<dt>{escape(name)}</dt><dd>{escape(str(text))}</dd>" for name, text in fields if not _blank(text)
        )
        items.append(
            f'<details class="ss-measure"><summary><b>{escape(r.measure_id)}</b> '
            f'<span class="ss-status-word" style="background:{status.colour}">{escape(status.label(lang))}</span> '
            f"{escape(r.title)} <small>({r.year})</small></summary><dl>{body}</dl></details>"
        )
    return "".join(items)


def _blank(text: object) -> bool:
    return text is None or (not isinstance(text, str) and pd.isna(text)) or not str(text).strip()


def measures_sentence(
    rows: pd.DataFrame,
    *,
    years: Sequence[int],
    areas: Sequence[int],
    targets: Sequence[str],
    departments: Sequence[str],
    statuses: Sequence[str],
    text: str,
    lang: str = "sv",
) -> str:
    """How many measures the filters leave, what the filters are, and the count per status, in one sentence."""
    where = (
        [say("explore.measures_where_year", lang, years=words.join([str(y) for y in sorted(years)], lang))]
        if years
        else []
    )
    if areas:
        where.append(say("explore.measures_where_areas", lang, areas=words.join([str(a) for a in sorted(areas)], lang)))
    if targets:
        where.append(say("explore.measures_where_targets", lang, targets=words.join(list(targets), lang)))
    if departments:
        names = [labels.department(d, lang) for d in departments]
        where.append(say("explore.measures_where_departments", lang, departments=words.join(names, lang)))
    if statuses:
        names = [codes.label("status", s, lang) for s in statuses]
        where.append(say("explore.measures_where_statuses", lang, statuses=words.join(names, lang)))
    if text.strip():
        where.append(say("explore.measures_where_text", lang, text=text.strip()))
    counts = rows["status"].value_counts()
    per_status = ", ".join(
        f"{codes.label('status', s, lang)} {fmt.number(int(counts.get(s, 0)), lang=lang)}"
        for s in codes.codes("status")
    )
    found = words.text("common.measures", lang, n=len(rows))
    return (
        say("explore.measures_found", lang, measures=found, where=" ".join(where)).replace(" .", ".")
        + " "
        + per_status
        + "."
    )


@functools.lru_cache(maxsize=64)
def measures_page(data: Data, chosen: tuple[tuple[str, tuple], ...], text: str, lang: str) -> page.Page:
    """The measures view's page: how many measures the filters leave (``chosen``: filter → codes), their
    counts per area and status (chart and table), the list, the files."""
    filters = dict(chosen)
    rows = filter_measures(data.measures, **filters, text=text)
    sentence = measures_sentence(
        rows,
        years=filters["years"],
        areas=filters["areas"],
        targets=filters["districts"],
        departments=filters["departments"],
        statuses=filters["statuses"],
        text=text,
        lang=lang,
    )
    shown = page.Page("measures", say("explore.tab_measures", lang), summary=[sentence], lang=lang)
    if rows.empty:
        shown.add_table(page.markdown([say("explore.no_data", lang)]))
        return shown
    counts = measure_analysis.status_counts(rows).drop(index="total", errors="ignore")
    title = say("explore.measures_chart_title", lang)
    chart = page.status_chart(counts[codes.codes("status")], what=title, lang=lang)
    shown.add_chart(chart)
    names = {int(a): labels.area(a, lang) for a in codes.codes("area")}
    table = labels.status_table(counts, first=say("explore.header_area", lang), names=names, lang=lang)
    shown.add_table(page.table(table, title, lang=lang))
    shown.add_table(page.markdown([say("explore.measures_open", lang)]) + measure_list(rows, lang))
    named = say("explore.tab_measures", lang)
    shown.offer(
        named,
        _file_stem(filters, text),
        lambda: page.export(
            measure_values(rows, lang),
            named,
            sheet=named,
            lang=lang,
            selection=_selection(filters, text, lang),
            sources=citations.followups(rows, lang),
        ),
        chart=chart,
    )
    return shown


def _file_stem(filters: dict[str, tuple], text: str) -> str:
    """The download's name: each filter used and its options ("measures areas 2 statuses not_done"), or "all"."""
    used = [f"{name} {' '.join(map(str, chosen))}" for name, chosen in filters.items() if chosen]
    searched = [f"text {text.strip()}"] if text.strip() else []
    return " ".join(["measures", *(used + searched or ["all"])])


def _selection(filters: dict[str, tuple], text: str, lang: str) -> str:
    """The filters in words, for a download's sheet "Om tabellen"."""
    shown: dict[str, Callable[[Any], str]] = {
        "years": str,
        "areas": lambda a: labels.area(a, lang),
        "districts": str,
        "statuses": lambda s: codes.label("status", s, lang),
        "departments": lambda d: labels.department(d, lang),
    }
    chosen = [
        (say(f"explore.control_{key}", lang), [shown[name](v) for v in filters[name]])
        for name, key in zip(FILTERS, _CONTROLS, strict=True)
    ]
    searched = [text.strip()] if text.strip() else []
    return page.selection([*chosen, (say("explore.control_search", lang), searched)], lang)


# The words of each filter's control (explore.control_<key>), in the order of FILTERS.
_CONTROLS = ("followup", "areas", "targets", "statuses", "departments")

# The columns of the measures' download: as data/processed/measures.csv names them, and the codes' labels.
MEASURE_KEYS = (
    *("year", "measure_id", "area_no", "area_name", "title", "status", "status_name", "departments"),
    *("department_names", "districts", "responsible", "description", "status_comment", "next_plan", "next_plan_name"),
)


def measure_values(rows: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Filtered measures as the download holds them: tidy and typed (:mod:`segstats.reports.tidy`), each code
    as the processed table has it beside its label in ``lang``, the texts whole."""
    found = [
        {
            **{k: r[k] for k in ("year", "measure_id", "area_no", "title", "status", "departments", "districts")},
            **{k: r[k] for k in ("responsible", "description", "status_comment", "next_plan")},
            "area_name": codes.label("area", str(r["area_no"]), lang),
            "status_name": codes.label("status", r["status"], lang),
            "department_names": labels.departments(r["departments"], lang),
            "next_plan_name": None if pd.isna(r["next_plan"]) else _next_plan(r["next_plan"], lang),
        }
        for _, r in rows.iterrows()
    ]
    return tidy.records(found, MEASURE_KEYS)


class MeasuresView(View):
    """The measures of the follow-ups, filtered: counts by status, whole titles, description and comment on a click."""

    name = "measures"

    def options(self) -> dict[str, list[list[Any]]]:
        """Each filter's options, [label, code], in :attr:`lang`."""
        measures, lang = self.data.measures, self.lang
        targets = sorted({t for cell in measures["districts"] for t in cell.split(";") if t})
        targets = [*codes.codes("district"), *(t for t in targets if t not in codes.codes("district"))]
        used = {codes.parent_department(d) for cell in measures["departments"] for d in cell.split(";")}
        return {
            "years": [[str(y), str(y)] for y in sorted(int(y) for y in measures["year"].unique())],
            "areas": [[labels.area(a, lang), str(a)] for a in codes.codes("area")],
            "districts": [[t, t] for t in targets],
            "statuses": [[codes.label("status", s, lang), s] for s in codes.codes("status")],
            "departments": [[labels.department(d, lang), d] for d in codes.codes("department") if d in used],
        }

    def spec(self) -> list[dict[str, Any]]:
        lang = self.lang
        return [
            {"kind": "hint", "name": "hint", "label": say("explore.none_is_all", lang)},
            *(
                {"kind": "checks", "name": name, "label": say(f"explore.control_{key}", lang), "options": options}
                for (name, options), key in zip(self.options().items(), _CONTROLS, strict=True)
            ),
            {
                "kind": "search",
                "name": "text",
                "label": say("explore.control_search", lang),
                "placeholder": say("explore.search_placeholder", lang),
            },
            {"kind": "reset", "name": "reset", "label": say("explore.reset", lang)},
        ]

    def default_choice(self) -> dict[str, Any]:
        return {**{name: [] for name in FILTERS}, "text": ""}

    def make_page(self, choice: dict[str, Any], lang: str) -> page.Page:
        numbers = {"years", "areas"}
        chosen = tuple(
            (name, tuple(sorted(int(v) if name in numbers else str(v) for v in choice[name]))) for name in FILTERS
        )
        return measures_page(self.data, chosen, str(choice["text"]), lang)

    def neighbours(self, choice: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Each filter's options clicked on or off."""
        for name, options in self.options().items():
            for _, code in options:
                yield {**choice, name: toggled(choice[name], code)}
