"""Segregation in the whole municipality: Linköping among Sweden's municipalities, as a chart, in words and a table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation

from segstats import codes
from segstats.indicators import geo
from segstats.indicators.segregation import SIMILAR_SIZE, desos_per_municipality
from segstats.reports import fmt, labels, words
from segstats.reports.plots import FULL_WIDTH, _new_axes, _value_formatter


def _word(key: str, lang: str, **values: object) -> str:
    return words.text(f"whole_city.{key}", lang, **values)


def similar_rule(geographies: pd.DataFrame, kommun: str = geo.KOMMUN_CODE, lang: str = "sv") -> str:
    """The rule for municipalities of similar size, in words, with its numbers for ``kommun``."""
    own = int(desos_per_municipality(geographies).get(kommun, 0))
    low, high = (int(round(own * f)) for f in SIMILAR_SIZE)
    return _word("similar_rule", lang, own=own, low=low, high=high)


def shown(value: float, unit: str | None, decimals: int, lang: str = "sv") -> str:
    """A value as the section writes it: an index (0–1) as a bare number, anything else with its unit.

    >>> shown(0.3676, "index", 2), shown(15.97, "%", 1)
    ('0,37', '16,0\xa0%')
    """
    return fmt.value(value, None if unit == "index" else unit, decimals, lang)


def _shown_rows(placement: pd.DataFrame, catalogue: pd.DataFrame, lang: str) -> list[dict]:
    """Each row of the placement as a reader gets it: the indicator's name, the numbers written out, the ranks."""
    entries = catalogue.set_index("id")
    found = []
    for r in placement.itertuples():
        entry = entries.loc[r.indicator]
        unit, decimals = str(entry["unit"]), int(entry["decimals"])
        found.append(
            {
                "name": labels.indicator_name(entry, lang),
                "value": shown(r.value, unit, decimals, lang),
                "median": shown(r.median, unit, decimals, lang),
                "median_similar": shown(r.median_similar, unit, decimals, lang),
            }
            | {k: int(getattr(r, k)) for k in ("rank", "n", "rank_similar", "n_similar")}
        )
    return found


def placement_alt(placement: pd.DataFrame, catalogue: pd.DataFrame, *, year: int, lang: str = "sv") -> str:
    """Alt text for :func:`municipality_strips`: per indicator the value and its ranks.

    Args:
        placement: :func:`segstats.indicators.segregation.placement`.
        catalogue: :func:`segstats.indicator_catalogue` (names, units, decimals).
        year: the values' year.
        lang: ``sv`` or ``en``.
    """
    parts = [_word("alt_row", lang, **row) for row in _shown_rows(placement, catalogue, lang)]
    return _word("alt", lang, year=str(year), rows=" ".join(parts))


def placement_table(placement: pd.DataFrame, catalogue: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The placement as a reader's table: indicator, value, rank among all and among similar municipalities."""
    return pd.DataFrame(
        [
            {
                _word("header_indicator", lang): row["name"],
                _word("header_value", lang): row["value"],
                _word("header_rank", lang): _word("rank_of", lang, rank=row["rank"], n=row["n"]),
                _word("header_median", lang): row["median"],
                _word("header_rank_similar", lang): _word(
                    "rank_of", lang, rank=row["rank_similar"], n=row["n_similar"]
                ),
                _word("header_median_similar", lang): row["median_similar"],
            }
            for row in _shown_rows(placement, catalogue, lang)
        ]
    )


# Linköping among the municipalities: all faint, those of similar size as rings, Linköping large.
_ALL_GREY, _SIMILAR_GREY = "#c8c8c8", "#555555"


def municipality_strips(
    values: pd.DataFrame,
    *,
    names: dict[str, str],
    unit: str | None = None,
    decimals: int = 2,
    lang: str = "sv",
    ax: Axes | None = None,
) -> Axes:
    """Linköping among Sweden's municipalities, one row per indicator on one axis.

    Args:
        values: :func:`segstats.indicators.segregation.municipality_values` of each indicator,
            concatenated with a column ``indicator`` (one unit: draw indices and shares apart).
        names: indicator id → the row's label, in the order the rows are drawn (top first).
        unit, decimals: the indicators' unit and decimals (catalogue).
        lang: ``sv`` or ``en``.
        ax: where to draw; a new figure when omitted.

    Returns:
        The Axes: per row every municipality as a faint dot, those of similar size as dark rings,
        and the own municipality as a large dot with its value and rank written beside it; a
        legend of the three.
    """
    ids = [i for i in names if i in set(values["indicator"])]
    own_colour = codes.lookup("reference_area", "kommun").colour
    ax = _new_axes(ax, FULL_WIDTH, 0.8 + 0.5 * len(ids))
    ax.grid(axis="x")
    blocks = [values[values["indicator"] == i] for i in ids]
    rows = np.arange(len(ids))
    ax.scatter(
        np.concatenate([b["value"].to_numpy(dtype=float) for b in blocks]),
        np.repeat(rows, [len(b) for b in blocks]),
        s=6,
        color=_ALL_GREY,
        linewidths=0,
        zorder=1,
    )
    similar = [b[b["similar"]] for b in blocks]
    ax.scatter(
        np.concatenate([b["value"].to_numpy(dtype=float) for b in similar]),
        np.repeat(rows, [len(b) for b in similar]),
        s=16,
        facecolors="none",
        edgecolors=_SIMILAR_GREY,
        linewidths=0.8,
        zorder=2,
    )
    for row, block in zip(rows, blocks, strict=True):
        own = block[block["own"]]
        if own.empty:
            continue
        value = float(own["value"].iloc[0])
        ax.scatter([value], [row], s=55, color=own_colour, zorder=3)
        ax.annotate(
            _word(
                "own_rank",
                lang,
                value=fmt.value(value, unit if fmt.is_percent(unit) else None, decimals, lang),  # as the ticks
                rank=int(own["rank"].iloc[0]),
                n=len(block),
            ),
            (value, row),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            fontweight="bold",
        )
    ax.set_yticks(rows, [labels.wrap(names[i], 32) for i in ids])
    ax.set_ylim(len(ids) - 0.4, -0.6)
    ax.xaxis.set_major_formatter(_value_formatter(unit, decimals, lang))
    own_name = str(values.loc[values["own"], "geo_name"].iloc[0]) if values["own"].any() else ""
    ax.legend(
        handles=[
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=3,
                color=_ALL_GREY,
                label=_word("all", lang),
            ),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=4.5,
                markerfacecolor="none",
                markeredgecolor=_SIMILAR_GREY,
                label=_word("similar", lang),
            ),
            Line2D([], [], linestyle="none", marker="o", markersize=7, color=own_colour, label=own_name),
        ],
        loc="upper left",
        bbox_to_anchor=(0, 0),  # below the tick labels, whatever the axes' height (one row or six)
        bbox_transform=ax.transAxes + ScaledTranslation(0, -22 / 72, ax.figure.dpi_scale_trans),
        ncols=3,
        fontsize=7,
    )
    return ax
