"""Charts of the reports: ``f(data, *, …, ax=None) -> Axes``, one palette and labels from codes.py."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from segstats import codes
from segstats.errors import SegstatsError
from segstats.indicators.analysis import place_break_years
from segstats.indicators.catalogue import SeriesBreak
from segstats.reports import fmt, labels

if TYPE_CHECKING:  # matplotlib.typing names every rc key (newer matplotlib only)
    from matplotlib.typing import RcKeyType

# A4 with 18 mm margins leaves 174 mm: figures are drawn at the size they are printed, so
# that 8 pt on the chart is 8 pt on paper.
FULL_WIDTH = 6.85
HALF_WIDTH = 3.35
# Marks that stand for data reach 3:1 contrast against the white page (WCAG 1.4.11): the peers'
# grey, and a dark edge around every bar segment.
PEER_GREY = "#8c8c8c"
EDGE = "#333333"
# A district's DeSOs each get a marker of their own (and the district's colour), so that they can
# be told apart without seeing colour.
DESO_MARKERS = ("^", "v", "D", "P", "X", "<", ">", "*", "h", "p")

_RC: dict[RcKeyType, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "figure.dpi": 100,
    "savefig.dpi": 200,
}


@contextmanager
def style() -> Iterator[None]:
    """The reports' chart style, applied only inside the ``with`` block (no global theme)."""
    with mpl.rc_context(_RC):
        yield


def _new_axes(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def status_bars(counts: pd.DataFrame, *, lang: str = "sv", wrap: int = 40, ax: Axes | None = None) -> Axes:
    """Stacked horizontal bars: measures per group (rows of ``counts``) and status, counts written on them.

    Args:
        counts: one row per group, labelled by the index; a column per status code (as from
            :func:`segstats.measures.analysis.status_counts` without its total row).
        lang: ``sv`` or ``en``, for the legend and axis.
        wrap: the width at which long group labels are wrapped.
        ax: where to draw; a new figure when omitted.

    Returns:
        The Axes: one bar container per status (legend label = status label), the count of every
        non-empty segment as text on it, and the row total after each bar.
    """
    statuses = codes.codes("status")
    missing = [s for s in statuses if s not in counts.columns]
    if missing:
        raise SegstatsError("messages.plot_status_columns", statuses=", ".join(statuses), missing=", ".join(missing))
    ax = _new_axes(ax, FULL_WIDTH, 0.9 + 0.36 * len(counts))
    y = np.arange(len(counts))
    left = np.zeros(len(counts))
    for status in statuses:
        code = codes.lookup("status", status)
        n = counts[status].to_numpy(dtype=float)
        bars = ax.barh(
            y, n, left=left, height=0.65, color=code.colour, label=code.label(lang), edgecolor=EDGE, linewidth=0.6
        )
        ax.bar_label(bars, labels=[fmt.number(v, lang=lang) if v else "" for v in n], label_type="center", fontsize=8)
        left += n
    for yi, total in enumerate(left):
        ax.text(total, yi, f" {fmt.number(total, lang=lang)}", va="center", ha="left", fontsize=8, fontweight="bold")
    ax.set_yticks(y, [labels.wrap(label, wrap) for label in counts.index])
    ax.invert_yaxis()
    ax.set_xlim(0, max(left.max(), 1) * 1.08)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(labels.word("measures", lang))
    ax.legend(ncols=len(statuses), loc="lower left", bbox_to_anchor=(0, 1.0), borderaxespad=0.2)
    return ax


def status_totals(shares: pd.DataFrame, *, lang: str = "sv", ax: Axes | None = None) -> Axes:
    """One bar per status with its count and share written out ("12 (20 %)").

    Args:
        shares: index status codes, columns ``count`` and ``share`` (:func:`segstats.measures.analysis.status_totals`).
        lang: ``sv`` or ``en``.
        ax: where to draw; a new figure when omitted.
    """
    ax = _new_axes(ax, FULL_WIDTH, 1.5)
    statuses = codes.codes("status")
    shares = shares.reindex(statuses)
    names = [codes.label("status", s, lang) for s in statuses]
    colours = [codes.lookup("status", s).colour for s in statuses]
    bars = ax.barh(names, shares["count"], color=colours, height=0.65, edgecolor=EDGE, linewidth=0.6)
    texts = [fmt.count_share(c, p, lang) for c, p in zip(shares["count"], shares["share"], strict=True)]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(shares["count"].max(), 1) * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(labels.word("measures", lang))
    return ax


def _value_formatter(unit: str | None, decimals: int, lang: str) -> FuncFormatter:
    """Axis ticks as the reports write numbers; whole ticks without decimals ("20 %", not "20,0 %")."""

    def tick(x: float, _pos: int) -> str:
        return fmt.value(x, unit if fmt.is_percent(unit) else None, 0 if float(x).is_integer() else decimals, lang)

    return FuncFormatter(tick)


def _unit_label(axis, unit: str | None) -> None:
    """The value axis names its unit: a share's ticks say "%", any other unit is the axis label."""
    if unit and not fmt.is_percent(unit):
        axis.set_label_text(unit)


def _runs(years: Sequence[int], breaks: Sequence[int]) -> list[list[int]]:
    """Split years into runs that may be joined by a line: consecutive years, not across a break."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1 and year not in breaks:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def _series_style(district: object, geo_kind: str, nth: int = 0) -> dict:
    """A series' colour, line and marker; ``nth``: which of its district's DeSOs it is (each its own marker)."""
    if pd.notna(district):
        marker = DESO_MARKERS[nth % len(DESO_MARKERS)] if geo_kind == "deso" else "o"
        return {"color": codes.lookup("district", str(district)).colour, "linestyle": "-", "marker": marker}
    reference = codes.lookup("reference_area", geo_kind)
    return {"color": reference.colour, "linestyle": "--" if geo_kind == "kommun" else ":", "marker": "s"}


def indicator_trend(
    rows: pd.DataFrame,
    *,
    unit: str | None = None,
    decimals: int = 0,
    breaks: Sequence[int] | Sequence[SeriesBreak] = (),
    lang: str = "sv",
    ax: Axes | None = None,
) -> Axes:
    """One indicator over the years: each district area, Linköping and Sweden.

    Years are joined by a line only when they are consecutive and no series break lies between
    them; a value standing alone is a point. Missing years stay gaps; nothing is interpolated.
    A value flagged ``implausible`` (outside its indicator's plausible range) is drawn as it is,
    with a hollow marker, and the legend says what a hollow marker means.

    Args:
        rows: long rows of one indicator (:func:`segstats.indicators.analysis.trend_rows`).
        unit, decimals: from the indicator catalogue, for the value axis.
        breaks: the catalogue's ``break_rules`` (each applied to the series it concerns, by
            :func:`segstats.indicators.analysis.place_break_years`: its geography kind and the
            publishers of the values beside it), or plain years that break every series; a break
            in year Y is drawn between Y-1 and Y.
        lang: ``sv`` or ``en``.
        ax: where to draw; a new figure when omitted.

    Returns:
        The Axes: per place one line per run of years (label on the first), markers on every
        value, a dashed vertical line per break, "Data saknas" when there is nothing to draw.
    """
    ax = _new_axes(ax, HALF_WIDTH, 2.6)
    ax.grid(axis="y")
    ax.grid(axis="x", visible=False)
    rows = rows[rows["value"].notna()]
    if rows.empty:
        ax.text(
            0.5, 0.5, labels.word("no_data", lang), transform=ax.transAxes, ha="center", va="center", color="#555555"
        )
        ax.set_xticks([])
        ax.set_yticks([])
        return ax
    labelled: set[str] = set()
    drawn_breaks: set[int] = set()
    desos: dict[object, int] = {}
    flagged = False
    for (district, geo_kind, _code), series in rows.groupby(
        ["district", "geo_kind", "geo_code"], sort=False, dropna=False
    ):
        label = labels.place(series.iloc[0], lang)
        if geo_kind == "deso":
            desos[district] = desos.get(district, -1) + 1
        style = _series_style(district, geo_kind, desos.get(district, 0))
        values = series.set_index("year")["value"].sort_index()
        own_breaks = _breaks_of(series, breaks)
        drawn_breaks.update(own_breaks)
        for run in _runs(values.index.tolist(), own_breaks):
            ax.plot(
                run,
                values.loc[run].to_numpy(),
                linewidth=1.5 if len(run) > 1 else 0,
                markersize=3.5,
                label=None if label in labelled else label,
                **style,
            )
            labelled.add(label)
        odd = series[series["implausible"].fillna(False).astype(bool)] if "implausible" in series else series.iloc[:0]
        if len(odd):
            ax.plot(
                odd["year"],
                odd["value"],
                markersize=5,
                markerfacecolor="white",
                markeredgewidth=1.3,
                **(style | {"linestyle": "none"}),
            )
            flagged = True
    years = sorted(rows["year"].unique())
    # A break outside the years drawn would only stretch the figure (and shrink it in the PDF).
    for i, year in enumerate(y for y in sorted(drawn_breaks) if min(years) < y <= max(years)):
        ax.axvline(year - 0.5, color="#555555", linestyle=(0, (4, 2)), linewidth=0.8)
        ax.text(
            year - 0.45,
            1.0 - 0.08 * (i % 2),  # breaks a year apart: their labels one under the other, not on top
            labels.word("break", lang),
            transform=ax.get_xaxis_transform(),
            fontsize=6.5,
            va="top",
            color="#555555",
        )
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    if max(years) - min(years) < 6:
        ax.set_xticks(range(min(years), max(years) + 1))  # every year; a locator would repeat one
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:.0f}"))
    ax.yaxis.set_major_formatter(_value_formatter(unit, decimals, lang))
    _unit_label(ax.yaxis, unit)
    if (rows["value"] >= 0).all():
        ax.set_ylim(bottom=0, top=rows["value"].max() * 1.12 or 1)
    if flagged:  # an empty line for the legend: a caller that redraws the legend keeps it
        ax.plot(
            [],
            [],
            color="#555555",
            marker="o",
            markerfacecolor="white",
            linestyle="none",
            label=labels.word("implausible_legend", lang),
        )
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=2, fontsize=6.5, handlelength=2.2)
    return ax


def title(ax: Axes, text: str) -> Axes:
    """Set a chart's title over the whole figure, from its left edge (long row labels leave the axes narrow)."""
    ax.figure.suptitle(labels.wrap(text, 48), x=0.01, ha="left", fontsize=9, fontweight="bold")
    return ax


def _breaks_of(series: pd.DataFrame, breaks: Sequence[int] | Sequence[SeriesBreak]) -> list[int]:
    """The break years of one place's series: plain years for every series, rules where they apply."""
    years = {int(b) for b in breaks if not isinstance(b, SeriesBreak)}
    rules = [b for b in breaks if isinstance(b, SeriesBreak)]
    return sorted(years | set(place_break_years(series, rules) if rules else ()))


def indicator_dots(
    rows: pd.DataFrame,
    *,
    peers: pd.DataFrame | None = None,
    unit: str | None = None,
    decimals: int = 0,
    lang: str = "sv",
    ax: Axes | None = None,
) -> Axes:
    """One year of an indicator as dots, one row per place: a series of one year needs no time axis.

    Each district area, then the RegSOs of the districts' områdestyp (where ``peers`` are given:
    a box from the lower to the upper quartile, a line at the median, whiskers to the lowest and
    highest), then Linköping and Sweden. Every place has its own row, so no dot hides another;
    its value is written beside it. A value flagged ``implausible`` is a hollow dot.

    Args:
        rows: long rows of one indicator (:func:`segstats.indicators.analysis.one_year_rows`).
        peers: :func:`segstats.indicators.analysis.peer_values` rows of the same year, or None.
        unit, decimals: from the indicator catalogue.
        lang: ``sv`` or ``en``.
        ax: where to draw; a new figure when omitted.

    Returns:
        The Axes: the rows' labels on the y axis (with the year when the rows' years differ), the
        year under the x axis when they share one, a dot per place in its colour (one collection
        per row, top to bottom) with its value as text, and a box per områdestyp.
    """
    rows = rows[rows["value"].notna()]
    years = sorted({int(y) for y in rows["year"]})
    one_year = len(years) == 1

    def label(row: pd.Series) -> str:  # wrapped, so that long names leave the values room
        return labels.wrap(labels.place(row, lang) + ("" if one_year else f" {row['year']}"), 18)

    points = rows.assign(label=[label(r) for _, r in rows.iterrows()])
    points = points.assign(own=points["district"].notna()).sort_values("own", ascending=False, kind="stable")
    boxes = pd.DataFrame(columns=["label", "value"])
    if peers is not None and len(peers):
        by_type = peers.drop_duplicates(["area_type", "year", "geo_code"])
        sizes = by_type.groupby(["area_type", "year"])["geo_code"].transform("size")
        boxes = by_type.assign(
            label=[
                labels.wrap(labels.word("type_row", lang, area_type=int(t), n=int(n)), 18)
                for t, n in zip(by_type["area_type"], sizes, strict=True)
            ]
        )[["label", "value"]]
    order = [*dict.fromkeys(points.loc[points["own"], "label"]), *dict.fromkeys(boxes["label"])]
    order += list(dict.fromkeys(points.loc[~points["own"], "label"]))
    ax = _new_axes(ax, HALF_WIDTH, 0.7 + 0.32 * len(order))
    ax.grid(axis="x")
    colours = {
        lab: _series_style(r["district"], str(r["geo_kind"]))["color"]
        for lab, (_, r) in zip(points["label"], points.iterrows(), strict=True)
    }
    types = list(dict.fromkeys(boxes["label"]))
    _spread(ax, [order.index(t) for t in types], [boxes.loc[boxes["label"] == t, "value"] for t in types])
    flagged = points["implausible"].fillna(False).astype(bool) if "implausible" in points else points["own"] & False
    for position, name in enumerate(order):
        own = points[points["label"] == name]
        if own.empty:
            continue
        odd = bool(flagged[own.index].any())
        ax.scatter(
            own["value"],
            [position] * len(own),
            s=36,
            zorder=3,
            color="white" if odd else colours[name],
            edgecolors=colours[name],
            linewidths=1.3,
        )
        for value in own["value"]:
            ax.annotate(
                fmt.value(value, unit, decimals, lang),
                (value, position),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
            )
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_ylabel("")
    shown_unit = unit if unit and not fmt.is_percent(unit) else ""  # a share's ticks say "%"
    in_year = labels.word("in_year", lang, year=str(years[0])) if one_year else ""
    ax.set_xlabel(f"{in_year} ({shown_unit})" if in_year and shown_unit else in_year or shown_unit)
    ax.xaxis.set_major_formatter(_value_formatter(unit, decimals, lang))
    low = min([*rows["value"], *boxes["value"]]) if len(rows) else 0
    high = max([*rows["value"], *boxes["value"]]) if len(rows) else 1
    if low >= 0:
        ax.set_xlim(0, high * 1.35 or 1)  # room for the value written after the highest dot
    if flagged.any():
        ax.scatter([], [], color="white", edgecolors="#555555", label=labels.word("implausible_legend", lang))
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.25), fontsize=6.5)
    return ax


def _spread(ax: Axes, rows: Sequence[int], blocks: Sequence[pd.Series]) -> None:
    """Per row, the spread of a block of values: a box from the lower to the upper quartile, a line
    at the median, whiskers to the lowest and the highest value (one artist per kind for all rows)."""
    if not rows:
        return
    at = np.asarray(rows, dtype=float)
    spread = np.array([b.astype(float).quantile([0, 0.25, 0.5, 0.75, 1]).to_numpy(dtype=float) for b in blocks])
    ax.hlines(at, spread[:, 0], spread[:, 4], color="#999999", linewidth=1, zorder=2)
    ax.barh(at, spread[:, 3] - spread[:, 1], left=spread[:, 1], height=0.5, color="none", edgecolor="#555555", zorder=2)
    ax.vlines(spread[:, 2], at - 0.25, at + 0.25, color="#555555", linewidth=1.5, zorder=2)


def peer_distribution(
    peers: pd.DataFrame,
    *,
    unit: str | None = None,
    decimals: int = 0,
    bins: Sequence[float] | np.ndarray | int = 30,
    lang: str = "sv",
    ax: Axes | None = None,
) -> Axes:
    """The RegSOs of one områdestyp: their distribution, its median, and the districts of that type.

    Args:
        peers: the rows of one områdestyp and year from :func:`segstats.indicators.analysis.peer_values`
            (every RegSO of the type once); ``is_district`` marks each district's own RegSO.
        unit, decimals: from the indicator catalogue.
        bins: the bins' edges (the same in stacked panels, whose x axis they share) or their number.
        lang: ``sv`` or ``en``.
        ax: where to draw; a new figure when omitted.

    Returns:
        The Axes: a grey histogram of the RegSOs' values, a dotted line at their median and a thick
        line in each district's colour at its value; the values are in the legend beside the panel,
        never over the bars.
    """
    import seaborn as sns  # here, not at the top: the reports without this chart start 0.1 s sooner without it

    ax = _new_axes(ax, FULL_WIDTH, 1.4)
    own = peers[peers["is_district"]]
    if own.empty:
        raise SegstatsError("messages.plot_own_row")
    every = peers.drop_duplicates("geo_code")
    sns.histplot(x=every["value"].astype(float), bins=bins, color=PEER_GREY, edgecolor="white", linewidth=0.4, ax=ax)
    median = float(every["value"].median())
    ax.axvline(
        median,
        color="#555555",
        linestyle=":",
        linewidth=1.2,
        label=f"{labels.word('type_median', lang)}: {fmt.value(median, unit, decimals, lang)}",
    )
    for row in own.drop_duplicates("geo_code").itertuples():
        colour = codes.lookup("district", str(row.district)).colour
        ax.axvline(
            row.value,
            color=colour,
            linewidth=2.5,
            label=f"{row.geo_name}: {fmt.value(row.value, unit, decimals, lang)}",
        )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
    ax.xaxis.set_major_formatter(_value_formatter(unit, decimals, lang))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    ax.set_ylabel(labels.word("regsos", lang))
    ax.set_xlabel("")  # not seaborn's column name
    _unit_label(ax.xaxis, unit)
    return ax


def peer_distributions(peers: pd.DataFrame, *, unit: str | None = None, decimals: int = 0, lang: str = "sv") -> Figure:
    """One panel per områdestyp of the districts (:func:`peer_distribution`), stacked on one shared x axis.

    Districts of the same type (Berga and Ryd) share a panel: the RegSOs they are compared with
    are the same. The bins are the same in every panel, so that bars line up.

    Args:
        peers: rows of :func:`segstats.indicators.analysis.peer_values` (one block per district).

    Returns:
        The Figure; each Axes titled with the type, the number of RegSOs and the year.
    """
    blocks = []
    for (area_type, year), block in peers.groupby(["area_type", "year"], sort=False):
        owners = block.loc[block["is_district"]].set_index("geo_code")["district"]  # each district's own RegSO
        first = block[block["district"] == block["district"].iloc[0]]  # every RegSO of the type once
        first = first.assign(
            is_district=first["geo_code"].isin(owners.index),
            district=first["geo_code"].map(owners).fillna(first["district"]),
        )
        blocks.append((int(area_type), int(year), first))
    values = peers["value"].astype(float)
    edges = np.histogram_bin_edges(values, bins=30)
    fig, axes = plt.subplots(
        len(blocks),
        1,
        figsize=(FULL_WIDTH, 1.25 * len(blocks) + 0.35),
        sharex=True,
        layout="constrained",
        squeeze=False,
    )
    for ax, (area_type, year, block) in zip(axes[:, 0], blocks, strict=True):
        peer_distribution(block, unit=unit, decimals=decimals, bins=edges, lang=lang, ax=ax)
        ax.set_title(labels.word("type_panel", lang, area_type=area_type, n=len(block), year=str(year)))
        ax.tick_params(axis="x", labelbottom=True)  # every panel keeps its values: a reader reads one panel
    return fig


def peer_strips(
    peers: pd.DataFrame,
    *,
    unit: str | None = None,
    decimals: int = 0,
    lang: str = "sv",
    names: dict[str, str] | None = None,
    by: str = "district",
    ax: Axes | None = None,
) -> Axes:
    """Each district among the areas of its områdestyp, one row per district (or per own area), on one axis.

    Args:
        peers: blocks of :func:`segstats.indicators.analysis.peer_values`, one per district; or,
            with ``by``, one block per value of that column, each with one ``is_district`` row.
        unit, decimals: from the indicator catalogue.
        lang: ``sv`` or ``en``, for the numbers.
        names: row key → the label of its row (default: the name of the own area).
        by: the column whose values make the rows: ``district`` (plan order), or another
            (such as one row per district DeSO, in the order of ``peers``).
        ax: where to draw; a new figure when omitted.

    Returns:
        The Axes: per district (top to bottom in the plan's order) the RegSOs of its type as faint
        dots, a box from the lower to the upper quartile with a line at the median, and the
        district's own value as a large dot in its colour, written out beside it.
    """
    if by == "district":
        districts = [d for d in codes.codes("district") if d in set(peers["district"])]
    else:
        districts = list(dict.fromkeys(peers[by]))
    ax = _new_axes(ax, FULL_WIDTH, 0.5 + 0.45 * len(districts))
    ax.grid(axis="x")
    blocks = [peers[peers[by] == d] for d in districts]
    rows = np.arange(len(districts))
    own = np.array([float(b.loc[b["is_district"], "value"].iloc[0]) for b in blocks])
    # One artist per kind for all rows at once: drawing stays quick with thousands of RegSOs.
    every = np.concatenate([b["value"].to_numpy(dtype=float) for b in blocks])
    ax.scatter(every, np.repeat(rows, [len(b) for b in blocks]), s=5, color=PEER_GREY, linewidths=0, zorder=1)
    _spread(ax, list(rows), [b["value"] for b in blocks])
    colours = [codes.lookup("district", str(b.loc[b["is_district"], "district"].iloc[0])).colour for b in blocks]
    ax.scatter(own, rows, s=60, color=colours, zorder=3)
    for row, value in zip(rows, own, strict=True):
        ax.annotate(
            f" {fmt.value(value, unit, decimals, lang)}",
            (value, row),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=7.5,
            fontweight="bold",
        )
    own_names = peers[peers["is_district"]].set_index(by)["geo_name"]
    ax.set_yticks(range(len(districts)), [(names or {}).get(d, str(own_names[d])) for d in districts])
    ax.set_ylim(len(districts) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(_value_formatter(unit, decimals, lang))
    _unit_label(ax.xaxis, unit)
    return ax
