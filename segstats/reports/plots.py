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
        raise SegstatsError(
            f"counts must have a column per status ({', '.join(statuses)}), but {', '.join(missing)} is missing"
        )
    ax = _new_axes(ax, FULL_WIDTH, 0.9 + 0.36 * len(counts))
    y = np.arange(len(counts))
    left = np.zeros(len(counts))
    for status in statuses:
        code = codes.lookup("status", status)
        n = counts[status].to_numpy(dtype=float)
        bars = ax.barh(y, n, left=left, height=0.65, color=code.colour, label=code.label(lang), edgecolor="white")
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
    bars = ax.barh(names, shares["count"], color=colours, height=0.65)
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


def _runs(years: Sequence[int], breaks: Sequence[int]) -> list[list[int]]:
    """Split years into runs that may be joined by a line: consecutive years, not across a break."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1 and year not in breaks:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def _series_style(district: object, geo_kind: str) -> dict:
    if pd.notna(district):
        marker = "^" if geo_kind == "deso" else "o"  # a district's DeSOs apart from its larger areas
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
    flagged = False
    for (district, geo_kind, _code), series in rows.groupby(
        ["district", "geo_kind", "geo_code"], sort=False, dropna=False
    ):
        label = labels.place(series.iloc[0], lang)
        style = _series_style(district, geo_kind)
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


def _breaks_of(series: pd.DataFrame, breaks: Sequence[int] | Sequence[SeriesBreak]) -> list[int]:
    """The break years of one place's series: plain years for every series, rules where they apply."""
    years = {int(b) for b in breaks if not isinstance(b, SeriesBreak)}
    rules = [b for b in breaks if isinstance(b, SeriesBreak)]
    return sorted(years | set(place_break_years(series, rules) if rules else ()))


def peer_distribution(
    peers: pd.DataFrame,
    *,
    unit: str | None = None,
    decimals: int = 0,
    lang: str = "sv",
    ax: Axes | None = None,
) -> Axes:
    """One district among all RegSOs of its områdestyp: their distribution and the district's value.

    Args:
        peers: one district's block of :func:`segstats.indicators.analysis.peer_values` (``is_district`` marks its row).
        unit, decimals: from the indicator catalogue.
        lang: ``sv`` or ``en``.
        ax: where to draw; a new figure when omitted.

    Returns:
        The Axes: a grey histogram of the RegSOs' values, a line at their median and a thick line
        in the district's colour at its value, labelled with the value.
    """
    ax = _new_axes(ax, FULL_WIDTH, 1.4)
    own = peers[peers["is_district"]]
    if own.empty:
        raise SegstatsError("peers must contain the district's own row (is_district true), but none was passed")
    district, value = own["district"].iloc[0], float(own["value"].iloc[0])
    ax.hist(peers["value"], bins=30, color="#bbbbbb", edgecolor="white", linewidth=0.4)
    median = float(peers["value"].median())
    ax.axvline(median, color="#555555", linestyle=":", linewidth=1)
    ax.text(
        median,
        1.0,
        f" {labels.word('median', lang)}",
        transform=ax.get_xaxis_transform(),
        fontsize=6.5,
        va="top",
        color="#555555",
    )
    colour = codes.lookup("district", str(district)).colour
    ax.axvline(value, color=colour, linewidth=2.5)
    low, high = ax.get_xlim()
    right_half = value > (low + high) / 2  # the label goes where there is room, left or right of the line
    ax.text(
        value,
        0.55,
        f" {own['geo_name'].iloc[0]}: {fmt.value(value, unit, decimals, lang)} ",
        transform=ax.get_xaxis_transform(),
        ha="right" if right_half else "left",
        fontsize=7.5,
        fontweight="bold",
        color="black",
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
    )
    ax.xaxis.set_major_formatter(_value_formatter(unit, decimals, lang))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    ax.set_ylabel(labels.word("regsos", lang))
    return ax


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
    spread = np.array([b["value"].quantile([0, 0.25, 0.5, 0.75, 1]).to_numpy(dtype=float) for b in blocks])
    own = np.array([float(b.loc[b["is_district"], "value"].iloc[0]) for b in blocks])
    # One artist per kind for all rows at once: drawing stays quick with thousands of RegSOs.
    every = np.concatenate([b["value"].to_numpy(dtype=float) for b in blocks])
    ax.scatter(every, np.repeat(rows, [len(b) for b in blocks]), s=5, color="#bbbbbb", linewidths=0, zorder=1)
    ax.hlines(rows, spread[:, 0], spread[:, 4], color="#999999", linewidth=1, zorder=2)
    ax.barh(
        rows, spread[:, 3] - spread[:, 1], left=spread[:, 1], height=0.5, color="none", edgecolor="#555555", zorder=2
    )
    ax.vlines(spread[:, 2], rows - 0.25, rows + 0.25, color="#555555", linewidth=1.5, zorder=2)
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
    return ax
