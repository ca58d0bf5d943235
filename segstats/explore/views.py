"""What the exploration's controls select and how it reads: pure functions, DataFrame in, DataFrame or text out."""

from __future__ import annotations

import base64
from collections.abc import Collection, Iterable, Iterator, Sequence
from html import escape

import pandas as pd

from segstats import codes
from segstats.indicators import analysis as indicator_analysis
from segstats.reports import fmt, labels, words
from segstats.text import fold

# The comparison series of the trend charts, by the geo_kind of their rows.
REFERENCES = tuple(codes.codes("reference_area"))
PEERS = "peers"
# The mark beside a value flagged as outside its plausible range; a footnote under it says why.
FLAG = "\u00a0*"
_SEARCHED = ("measure_id", "title", "description", "status_comment", "next_plan_text", "responsible")


def say(key: str, lang: str, **values: object) -> str:
    """The text ``topic.name`` (here mostly ``explore.…``, ``words/explore.yaml``) in ``lang``."""
    return words.text(key, lang, **values)


def level(geo_kind: str, lang: str = "sv") -> str:
    """A geography level written out: "RegSO (SCB:s regionala statistikområde)", "Valdistrikt"."""
    codes.lookup("geo_kind", geo_kind)
    return say(f"explore.level_{geo_kind}", lang)


def years_text(years: Sequence[int], lang: str = "sv") -> str:
    """A span of years as a reader writes it: "2024", "2011–2024"."""
    first, last = min(years), max(years)
    return str(first) if first == last else say("explore.years_range", lang, first=str(first), last=str(last))


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
        comparisons: reference series to add, of :data:`REFERENCES` (``kommun``, ``riket``).
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


def latest_values(rows: pd.DataFrame, unit: str | None, decimals: int, lang: str = "sv") -> list[str]:
    """One sentence per district area: its latest value, and Linköping's in the same year with the difference."""
    kommun = rows[rows["geo_kind"] == "kommun"].set_index("year")["value"]
    sentences = []
    for _, series in rows[rows["district"].notna()].groupby(["district", "geo_kind", "geo_code"], sort=False):
        last = series.sort_values("year").iloc[-1]
        values = {
            "place": labels.place(last, lang),
            "year": str(last["year"]),
            "value": fmt.value(last["value"], unit, decimals, lang) + (FLAG if _flagged(series).loc[last.name] else ""),
        }
        if last["year"] in kommun.index and unit not in codes.COUNT_UNITS:
            gap = last["value"] - kommun.loc[last["year"]]
            values["linkoping"] = fmt.value(kommun.loc[last["year"]], unit, decimals, lang)
            values["gap"] = (
                fmt.points(gap, decimals, lang)
                if fmt.is_percent(unit)
                else fmt.value(gap, unit, decimals, lang, signed=True)
            )
            sentences.append(say("explore.latest_with_linkoping", lang, **values))
        else:
            sentences.append(say("explore.latest_value", lang, **values))
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
    if ((shown["district"] == "Skäggetorp") & shown["geo_kind"].isin(["regso", "deso", "stadsdel"])).any():
        notes.append(say("explore.note_skaggetorp", lang))
    return notes


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
        (``Plats, RegSO, Kommun, Värde``; empty without a comparison) and the district's row in it.
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
    table, rows = _ranking(peers, "header_regso", lang)
    return sentence, table, rows[0]


def _ranking(peers: pd.DataFrame, header: str, lang: str) -> tuple[pd.DataFrame, list[int]]:
    """Peers from the highest value (``Plats``, the area by ``header``, ``Kommun``, ``Värde``) and the own rows."""
    ranked = peers.sort_values("value", ascending=False, kind="stable")
    table = pd.DataFrame(
        {
            say("explore.header_rank", lang): ranked["value"]
            .rank(ascending=False, method="min")
            .astype(int)
            .to_numpy(),
            say(f"explore.{header}", lang): ranked["geo_name"].astype(str).to_numpy(),
            say("explore.header_kommun", lang): ranked["kommun_name"].astype(str).to_numpy(),
            say("explore.header_value", lang): ranked["value"].to_numpy(dtype=float),
        }
    )
    return table, [int(i) for i in ranked["is_district"].to_numpy().nonzero()[0]]


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
        sorted from the highest value (``Plats, DeSO, Kommun, Värde``) and the district's rows in it.
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
    table, rows = _ranking(peers, "header_deso", lang)
    return sentence, table, rows


def deso_table(desos: pd.DataFrame, entry: pd.Series, *, start: int, end: int, lang: str = "sv") -> pd.DataFrame:
    """A district's DeSOs as a reader reads them (:class:`segstats.profile.DistrictProfile` ``desos``): every cell text.

    Each DeSO's value in ``start`` and ``end``, the change as printed (a share's in points; where
    it is missing, why), its områdestyp and its rank of the count among all DeSOs of the type
    with the type's median.
    """
    reasons = {
        "no_start": say("explore.deso_no_value", lang, year=str(start)),
        "no_end": say("explore.deso_no_value", lang, year=str(end)),
        "series_break": labels.word("reason_series_break", lang),
    }
    rows = []
    for _, r in desos.iterrows():
        ranked = pd.notna(r["peer_rank"])
        rows.append(
            {
                say("explore.header_deso", lang): str(r["geo_code"]),
                str(start): labels.profile_value(r["value_start"], entry, lang),
                str(end): labels.profile_value(r["value_end"], entry, lang),
                say("explore.header_deso_change", lang, start=str(start), end=str(end)): (
                    labels.profile_value(r["change"], entry, lang, gap=True)
                    if pd.notna(r["change"])
                    else reasons.get(str(r["comparable"]), fmt.MISSING)
                ),
                labels.word("area_type", lang): str(r["area_type"]) if pd.notna(r["area_type"]) else fmt.MISSING,
                labels.word("rank", lang): (
                    labels.word("rank_of", lang, rank=int(r["peer_rank"]), n=int(r["peer_count"]))
                    if ranked
                    else fmt.MISSING
                ),
                labels.word("type_median", lang): labels.profile_value(r["peer_median"], entry, lang),
            }
        )
    return pd.DataFrame(rows)


def around(table: pd.DataFrame, row: int | Sequence[int], width: int = 5) -> pd.DataFrame:
    """The rows of a ranked table nearest to ``row`` (or to each of several): ``width`` above and below."""
    rows = [row] if isinstance(row, int) else row
    near = sorted({i for r in rows for i in range(max(r - width, 0), min(r + width + 1, len(table)))})
    return table.iloc[near]


def measure_table(rows: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Filtered measures as copied out: whole texts, codes written out as labels, headers in ``lang``.

    >>> rows = pd.DataFrame({"year": [2021], "measure_id": ["5.1"], "area_no": [5], "title": ["T"],
    ...     "status": ["not_done"], "departments": ["KoF"], "districts": ["Ryd"], "description": ["D"],
    ...     "status_comment": [None], "responsible": ["KoF"], "next_plan": ["kept"]})
    >>> measure_table(rows).iloc[0]["Status"]
    'Ej genomförd'
    """
    return pd.DataFrame(
        {
            say("explore.header_year", lang): rows["year"].to_numpy(),
            say("explore.header_measure", lang): rows["measure_id"].astype(str).to_numpy(),
            say("explore.header_area", lang): [labels.area(a, lang) for a in rows["area_no"]],
            say("explore.header_title", lang): rows["title"].astype(str).to_numpy(),
            say("explore.header_status", lang): [codes.label("status", s, lang) for s in rows["status"]],
            say("explore.header_departments", lang): [labels.departments(d, lang) for d in rows["departments"]],
            say("explore.header_targets", lang): rows["districts"].str.replace(";", ", ").to_numpy(),
            say("explore.header_description", lang): rows["description"].fillna("").astype(str).to_numpy(),
            say("explore.header_comment", lang): rows["status_comment"].fillna("").astype(str).to_numpy(),
            say("explore.header_next_plan", lang): [_next_plan(p, lang) for p in rows["next_plan"]],
        }
    )


def _next_plan(code: object, lang: str) -> str:
    return fmt.MISSING if pd.isna(code) else codes.label("next_plan", str(code), lang)


def measure_list(rows: pd.DataFrame, lang: str = "sv") -> str:
    """The measures as HTML: one line each (id, status, whole title), opened by a click for the rest."""
    items = []
    for r in rows.itertuples():
        status = codes.lookup("status", r.status)
        fields = [
            (say("explore.header_description", lang), r.description),
            (say("explore.header_comment", lang), r.status_comment),
            (say("explore.header_departments", lang), labels.departments(r.departments, lang)),
            (say("explore.header_responsible", lang), r.responsible),
            (say("explore.header_targets", lang), r.districts.replace(";", ", ")),
            (say("explore.header_next_plan", lang), _next_plan(r.next_plan, lang)),
        ]
        body = "".join(
            f"<dt>{escape(name)}</dt><dd>{escape(str(text))}</dd>" for name, text in fields if not _blank(text)
        )
        items.append(
            f'<details class="ss-measure"><summary><b>{escape(r.measure_id)}</b> '
            f'<span class="ss-status" style="background:{status.colour}">{escape(status.label(lang))}</span> '
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


def html_table(
    table: pd.DataFrame,
    *,
    decimals: int = 1,
    unit: str | None = None,
    highlight: Sequence[bool] | None = None,
    flagged: Collection[tuple[int, str]] = (),
    lang: str = "sv",
) -> str:
    """A table as HTML a reader reads: no row index, numbers with a decimal comma, missing as "–".

    Args:
        table: headers as the reader should see them.
        decimals, unit: how the float columns are written (:func:`segstats.reports.fmt.value`).
        highlight: rows to set off (the district among its peers).
        flagged: cells (row number, column) whose value is marked :data:`FLAG` (outside the plausible range).
        lang: ``sv`` or ``en``.
    """
    floats = [pd.api.types.is_float_dtype(table[c]) for c in table.columns]
    head = "".join(
        f'<th class="{"num" if f else "text"}">{escape(str(c))}</th>'
        for c, f in zip(table.columns, floats, strict=True)
    )
    body = []
    for i, row in enumerate(table.itertuples(index=False)):
        cells = "".join(
            f'<td class="num ss-flagged">{escape(fmt.value(v, unit, decimals, lang) + FLAG)}</td>'
            if f and (i, c) in flagged
            else f'<td class="num">{escape(fmt.value(v, unit, decimals, lang))}</td>'
            if f
            else f'<td class="text">{escape(_cell(v, lang))}</td>'
            for v, f, c in zip(row, floats, table.columns, strict=True)
        )
        mark = ' class="ss-own"' if highlight is not None and highlight[i] else ""
        body.append(f"<tr{mark}>{cells}</tr>")
    return f'<table class="ss-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _cell(value: object, lang: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return fmt.MISSING
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt.number(value, 0, lang)
    return str(value)


MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
}


def download_link(data: bytes, filename: str, text: str) -> str:
    """An HTML link that saves ``data`` as ``filename`` in one click (a data: URI, no server needed)."""
    mime = MIME[filename.rsplit(".", 1)[-1]]
    payload = base64.b64encode(data).decode("ascii")
    return f'<a class="ss-download" download="{filename}" href="data:{mime};base64,{payload}">{escape(text)}</a>'
