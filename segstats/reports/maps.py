"""Maps of the reports: Linköping's DeSOs coloured by an indicator, from the shipped polygons (no tiles, no network)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib import colormaps
from matplotlib import patheffects as pe
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Bbox

from segstats.errors import SegstatsError
from segstats.indicators import geo
from segstats.reports import fmt, labels, words
from segstats.reports.plots import FULL_WIDTH

# ColorBrewer's YlGnBu: sequential, safe for colour-blind readers and in grey print; the
# lightest tone is left out so that a class never looks like the white of a missing value.
PALETTE = "YlGnBu"
CHANGED: dict[str, Any] = {"facecolor": "#b0b0b0", "hatch": "////", "edgecolor": "#808080"}
MISSING: dict[str, Any] = {"facecolor": "white", "hatch": "...", "edgecolor": "#808080"}
REGSO_BORDER: dict[str, Any] = {"color": "#444444", "linewidth": 0.6}
DISTRICT_BORDER: dict[str, Any] = {"color": "black", "linewidth": 1.8}
_HALO = [pe.withStroke(linewidth=2.5, foreground="white")]
# SCB's DeSO codes: category C lies mostly in the municipality's central town (the fifth character).
CENTRAL_TOWN = "C"
KEY_WIDTH = 1.9  # inches the key takes beside the map
MAX_HEIGHT = 4.2  # inches: a map and its text fit on one printed page


@dataclass(frozen=True)
class Classes:
    """Equal classes of a map's key: ``edges`` from the lowest lower bound to the highest upper bound."""

    edges: tuple[float, ...]

    def of(self, values: pd.Series) -> pd.Series:
        """The class (0 = lowest) of each value: on an inner edge the class above, on the top edge the top class."""
        inner = np.asarray(self.edges[1:-1], dtype=float)
        return pd.Series(np.searchsorted(inner, values.to_numpy(dtype=float), side="right"), index=values.index)

    def labels(self, unit: str | None, decimals: int, lang: str = "sv") -> list[str]:
        """The classes as the key writes them ("20–40 %")."""
        places = _edge_decimals(self.edges, decimals)
        unit = None if unit == "index" else unit  # an index is a bare number
        return [
            f"{fmt.number(low, places, lang)}–{fmt.value(high, unit, places, lang)}"
            for low, high in zip(self.edges, self.edges[1:], strict=False)
        ]


def equal_classes(values: pd.Series, *, target: int = 6) -> Classes:
    """Classes of one round step (1, 1.5, 2, 2.5, 3, 4 or 5 × a power of ten) covering ``values`` in about ``target``.

    >>> equal_classes(pd.Series([2.0, 77.0])).edges
    (0.0, 15.0, 30.0, 45.0, 60.0, 75.0, 90.0)
    >>> equal_classes(pd.Series([0.31, 0.52])).edges
    (0.28, 0.32, 0.36, 0.4, 0.44, 0.48, 0.52)
    """
    found = values.dropna()
    if found.empty:
        raise SegstatsError("messages.map_no_values")
    low, high = float(found.min()), float(found.max())
    raw = (high - low) / target or abs(high) or 1.0
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 1.5, 2, 2.5, 3, 4, 5, 10) if power * m >= raw)
    start = math.floor(low / step) * step
    count = max(1, math.ceil((high - start) / step - 1e-9))
    return Classes(tuple(float(round(start + i * step, 10)) for i in range(count + 1)))


def _edge_decimals(edges: Sequence[float], decimals: int) -> int:
    """The decimals the edges need (none for 20, 40, …; two for 0,35): never more than the value's."""
    for places in range(0, max(decimals, 2) + 1):
        if all(abs(e * 10**places - round(e * 10**places)) < 1e-9 for e in edges):
            return places
    return max(decimals, 2)


def division_of(values: pd.DataFrame) -> str:
    """The DeSO division of one year's values: ``"2018"`` up to 2023, ``"2025"`` from 2024 (SCB's tables)."""
    years = sorted(values["year"].dropna().unique())
    if len(years) != 1:
        raise SegstatsError("messages.map_one_year", years=", ".join(map(str, years)) or "–")
    return "2025" if int(years[0]) >= geo.FIRST_YEAR_2025_VERSION else "2018"


def match_values(values: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The DeSO polygons, each with the value of its own code and what the map does with it.

    SCB's tables up to 2023 are on the DeSO 2018 division, the polygons on the 2025 division: a
    polygon whose code is new in 2025 (an area SCB split) gets no value of such a table, neither
    by guess nor by area, and the map draws it grey.

    Args:
        values: one year's rows of one indicator (``geo_kind``, ``geo_code``, ``year``, ``value``
            and optionally ``implausible``), as from :func:`segstats.load_indicators`.
        boundaries: the layer of :func:`segstats.indicators.boundaries.load_boundaries`.

    Returns:
        The DeSO rows of ``boundaries`` with ``value``, ``implausible`` and ``state``: ``changed``
        where the values are on the 2018 division and the polygon's code is new in 2025 (no
        value, whatever the values hold), ``value`` where a value of the same code exists,
        ``missing`` otherwise.
    """
    division = division_of(values)
    desos = values[values["geo_kind"].astype(str) == "deso"]
    by_code = desos.assign(geo_code=desos["geo_code"].astype(str)).set_index("geo_code")
    polygons = boundaries[boundaries["geo_kind"] == "deso"].copy()
    polygons["value"] = polygons["geo_code"].map(by_code["value"]).astype(float)
    flags = by_code["implausible"] if "implausible" in by_code else pd.Series(False, index=by_code.index)
    polygons["implausible"] = polygons["geo_code"].map(flags).fillna(False).astype(bool)
    changed = polygons["changed_2025"].to_numpy(dtype=bool) & (division == "2018")
    polygons.loc[changed, ["value", "implausible"]] = [np.nan, False]
    polygons["state"] = np.where(changed, "changed", np.where(polygons["value"].notna(), "value", "missing"))
    return polygons


def unmatched(values: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> pd.DataFrame:
    """Linköping's DeSO values that the map does not draw (an area SCB split in 2025): named in the alt text."""
    desos = values[(values["geo_kind"].astype(str) == "deso") & values["value"].notna()]
    polygons = match_values(values, boundaries)
    drawn = polygons.loc[polygons["state"] == "value", "geo_code"]
    linkoping = desos["geo_code"].astype(str).str[:4] == geo.KOMMUN_CODE
    return desos[linkoping & ~desos["geo_code"].astype(str).isin(drawn)]


def deso_map(
    values: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    unit: str | None = None,
    decimals: int = 0,
    district: str | None = None,
    title: str | None = None,
    lang: str = "sv",
    ax: Axes | None = None,
) -> Axes:
    """Linköping's DeSOs coloured by one indicator of one year, the RegSO borders and the plan's districts.

    Without ``district`` the map shows the central town (the DeSOs of SCB's category C) with
    an inset of the whole municipality; with it, that district's RegSO and its surroundings,
    each of its DeSOs labelled with its code and value. The classes are equal steps over all
    of Linköping's values, so a district's map and the town's read alike.

    Args:
        values: one year's rows of one indicator, as for :func:`match_values`.
        boundaries: the layer of :func:`segstats.indicators.boundaries.load_boundaries`.
        unit, decimals: from the indicator catalogue.
        district: Berga, Ryd or Skäggetorp for one district's map.
        title: the key's title: what the colours show ("Låg ekonomisk standard 2022").
        lang: ``sv`` or ``en``.
        ax: where to draw; a new figure when omitted.

    Returns:
        The Axes: one PatchCollection of DeSOs per state drawn (values, missing, changed), the
        RegSO borders, the districts' outlines, texts (the districts' names in bold, or on a
        district's map its DeSOs' codes; the other RegSOs' names in grey where they fit), a
        legend whose entries are the classes and, where drawn, "uppgift saknas" and
        "indelningen ändrad 2025".
    """
    if district is not None and district not in geo.DISTRICT_REGSO:
        raise SegstatsError("messages.map_district", districts=", ".join(geo.DISTRICT_REGSO), district=repr(district))
    polygons = match_values(values, boundaries)
    classes = equal_classes(polygons["value"])
    colours = _colours(len(classes.edges) - 1)
    figure = None
    if ax is None:  # the map on the left, its key in the figure's right margin
        figure = plt.figure(figsize=(FULL_WIDTH, 4))
        ax = figure.add_axes((0, 0, 1 - KEY_WIDTH / FULL_WIDTH, 1))
    _draw_desos(ax, polygons, classes, colours)
    regsos = boundaries[boundaries["geo_kind"] == "regso"]
    regsos.boundary.plot(ax=ax, **REGSO_BORDER)
    outlined = regsos[
        regsos["geo_code"].isin([geo.DISTRICT_REGSO[district]] if district else geo.DISTRICT_REGSO.values())
    ]
    outlined.boundary.plot(ax=ax, **DISTRICT_BORDER)
    if district is None:
        _zoom(ax, polygons[polygons["geo_code"].str[4] == CENTRAL_TOWN], margin=0.0)
        _name_districts(ax, outlined)
        _inset(ax, polygons, regsos, classes, colours)
    else:
        _zoom(ax, outlined, margin=0.25)
        _label_desos(ax, polygons[polygons["district"] == district])
    ax.set_axis_off()
    _key(ax, polygons, classes, colours, unit, decimals, lang, district=district, title=title)
    if figure is not None:
        _fit_figure(figure, ax)
    _name_regsos(
        ax, regsos[~regsos["geo_code"].isin(outlined["geo_code"] if district else geo.DISTRICT_REGSO.values())]
    )
    return ax


def indicator_map(
    values: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    entry: pd.Series,
    *,
    district: str | None = None,
    lang: str = "sv",
    ax: Axes | None = None,
) -> tuple[Axes, str]:
    """:func:`deso_map` of a catalogue indicator, its key titled with the indicator's name and year, and its alt text.

    Args:
        values, boundaries, district, lang, ax: as for :func:`deso_map`.
        entry: the indicator's catalogue row (name, unit, decimals).
    """
    unit, decimals = labels.indicator_format(entry)
    name = labels.indicator_name(entry, lang)
    title = _word("key_title", lang, indicator=name, year=str(int(values["year"].iloc[0])))
    ax = deso_map(values, boundaries, unit=unit, decimals=decimals, district=district, title=title, lang=lang, ax=ax)
    return ax, deso_map_alt(values, boundaries, name=name, unit=unit, decimals=decimals, district=district, lang=lang)


def any_changed(values: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> bool:
    """Whether :func:`deso_map` draws a DeSO grey as split in 2025 (its value belongs to the undivided area)."""
    return bool((match_values(values, boundaries)["state"] == "changed").any())


def _fit_figure(figure: Figure, ax: Axes) -> None:
    """The figure as tall as the map is at the printed width beside its key, at most ``MAX_HEIGHT``: a taller
    map is widened around its middle instead."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    width = FULL_WIDTH - KEY_WIDTH
    height = width * (y1 - y0) * float(ax.get_aspect()) / (x1 - x0)
    if height > MAX_HEIGHT:
        middle, half = (x0 + x1) / 2, (x1 - x0) / 2 * height / MAX_HEIGHT
        ax.set_xlim(middle - half, middle + half)
        height = MAX_HEIGHT
    figure.set_size_inches(FULL_WIDTH, height)


def _colours(n: int) -> list:
    ramp = colormaps[PALETTE]
    return [ramp(x) for x in np.linspace(0.2, 0.95, n)]


def _draw_desos(ax: Axes, polygons: gpd.GeoDataFrame, classes: Classes, colours: list) -> None:
    shown = polygons[polygons["state"] == "value"]
    if len(shown):
        shown.plot(ax=ax, color=[colours[c] for c in classes.of(shown["value"])], edgecolor="white", linewidth=0.4)
    for state, style in (("missing", MISSING), ("changed", CHANGED)):
        part = polygons[polygons["state"] == state]
        if len(part):
            part.plot(ax=ax, linewidth=0.4, **style)
    odd = polygons[polygons["implausible"]]
    if len(odd):  # a doubtful value is drawn as it is, and marked
        points = odd.representative_point()
        ax.plot(points.x, points.y, linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="black")


def _zoom(ax: Axes, shapes: gpd.GeoDataFrame, margin: float) -> None:
    x0, y0, x1, y1 = shapes.total_bounds
    dx, dy = (x1 - x0) * margin, (y1 - y0) * margin
    ax.set_xlim(x0 - dx, x1 + dx)
    ax.set_ylim(y0 - dy, y1 + dy)


def _name_districts(ax: Axes, outlined: gpd.GeoDataFrame) -> None:
    names = {code: name for name, code in geo.DISTRICT_REGSO.items()}
    for code, point in zip(outlined["geo_code"], outlined.representative_point(), strict=True):
        ax.annotate(
            names[code],
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=8.5,
            fontweight="bold",
            path_effects=_HALO,
        )


def _name_regsos(ax: Axes, regsos: gpd.GeoDataFrame) -> None:
    """The other RegSOs' names, small and grey, where the name fits inside the area's visible part.

    A reader finds places they know; a name that would cover its neighbours (the small RegSOs of
    the town centre) is left out rather than overlap.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    view = shapely.box(x0, y0, x1, y1)
    to_points = ax.transData.transform
    size = 5.5  # points
    pixels = size * ax.figure.dpi / 72
    for name, shape in zip(regsos["geo_name"], regsos.geometry, strict=True):
        visible = shape.intersection(view)
        if visible.is_empty:
            continue
        radius = shapely.maximum_inscribed_circle(visible, tolerance=(x1 - x0) / 500)
        (cx, cy), (bx, by) = to_points(np.asarray(radius.coords))
        lines = name.replace("-", "-\n").split("\n")
        width, height = 0.55 * pixels * max(len(line) for line in lines), 1.25 * pixels * len(lines)
        if math.hypot(bx - cx, by - cy) < 0.45 * math.hypot(width, height):
            continue
        centre = radius.coords[0]
        label = ax.annotate(
            "\n".join(lines),
            centre,
            ha="center",
            va="center",
            fontsize=size,
            fontstyle="italic",
            color="#333333",
            path_effects=_HALO,
        )
        if not _inside(label.get_window_extent(), ax.get_window_extent()):
            label.remove()  # a name cut at the map's edge ("Åkerbo omlan") misleads more than none


def _inside(box: Bbox, frame: Bbox) -> bool:
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def _label_desos(ax: Axes, desos: gpd.GeoDataFrame) -> None:
    # The code without its municipality (C1610): small DeSOs lie close, and the key gives each value.
    # Each at the centre of the largest circle inside its DeSO: the label stays in its own area.
    for code, shape in zip(desos["geo_code"], desos.geometry, strict=True):
        centre = shapely.maximum_inscribed_circle(shape, tolerance=1e-4).coords[0]
        ax.annotate(code[4:], centre, ha="center", va="center", fontsize=6.5, path_effects=_HALO)


def _inset(ax: Axes, polygons: gpd.GeoDataFrame, regsos: gpd.GeoDataFrame, classes: Classes, colours: list) -> None:
    """The whole municipality, small, with the main map's frame on it."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    inset = ax.inset_axes((0.0, 0.0, 0.3, 0.42))
    _draw_desos(inset, polygons, classes, colours)
    regsos.dissolve().boundary.plot(ax=inset, color="#444444", linewidth=0.5)
    inset.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="black", linewidth=1))
    inset.set(xticks=[], yticks=[], xlabel="", ylabel="", facecolor="white")


def _key(
    ax: Axes,
    polygons: gpd.GeoDataFrame,
    classes: Classes,
    colours: list,
    unit: str | None,
    decimals: int,
    lang: str,
    district: str | None = None,
    title: str | None = None,
) -> None:
    """The legend beside the map: classes, the grey and hatched states drawn, borders; a district's DeSOs and values."""
    handles: list[Artist] = [
        Patch(facecolor=c, edgecolor="white", label=label)
        for c, label in zip(colours, classes.labels(unit, decimals, lang), strict=True)
    ]
    present = set(polygons["state"])
    handles += [Patch(**MISSING, label=_word("key_missing", lang))] if "missing" in present else []
    handles += [Patch(**CHANGED, label=_word("key_changed", lang))] if "changed" in present else []
    handles += [Line2D([], [], label=_word("key_district", lang), **DISTRICT_BORDER)]
    handles += [Line2D([], [], label=_word("key_regso", lang), **REGSO_BORDER)]
    if polygons["implausible"].any():
        handles += [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markerfacecolor="white",
                markeredgecolor="black",
                label=words.text("labels.implausible_legend", lang),
            )
        ]
    if district is not None:
        own = polygons[polygons["district"] == district].sort_values("geo_code")
        handles += [Patch(visible=False, label=_word("key_desos_of", lang, district=district))]
        handles += [
            Patch(
                **(
                    {"facecolor": colours[classes.of(pd.Series([row.value])).iloc[0]]}
                    if row.state == "value"
                    else (CHANGED if row.state == "changed" else MISSING)
                ),
                label=f"{row.geo_code[4:]}: {fmt.value(row.value, unit, decimals, lang)}",
            )
            for row in own.itertuples()
        ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7,
        handlelength=1.6,
        title=textwrap.fill(title, 30) if title else None,
        title_fontsize=7.5,
        alignment="left",
    )


def _word(key: str, lang: str, **values: object) -> str:
    return words.text(f"maps.{key}", lang, **values)


def deso_map_alt(
    values: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    name: str,
    unit: str | None = None,
    decimals: int = 0,
    district: str | None = None,
    lang: str = "sv",
) -> str:
    """What :func:`deso_map` shows, in words: the highest and lowest DeSOs and where the districts' DeSOs fall.

    Args:
        values, boundaries, unit, decimals, district, lang: as for :func:`deso_map`.
        name: the indicator's name in ``lang``.
    """
    polygons = match_values(values, boundaries)
    shown = polygons[polygons["state"] == "value"].sort_values(["value", "geo_code"], ascending=[False, True])
    year = str(int(values["year"].iloc[0]))

    def one(row) -> str:
        return f"{row.geo_code} {fmt.value(row.value, unit, decimals, lang)}"

    ranks = dict(zip(shown["geo_code"], shown["value"].rank(method="min", ascending=False).astype(int), strict=True))
    parts = [
        _word("alt_district" if district else "alt_city", lang, name=name, year=year, n=len(shown), district=district),
        _word("alt_extremes", lang, highest=one(shown.iloc[0]), lowest=one(shown.iloc[-1])),
    ]
    for place in [district] if district else list(geo.DISTRICT_REGSO):
        own = shown[shown["district"] == place]
        if len(own):
            items = [
                f"{one(r)} ({_word('alt_rank', lang, rank=ranks[r.geo_code], n=len(shown))})" for r in own.itertuples()
            ]
            parts.append(_word("alt_desos_of", lang, district=place, items=words.join(items, lang)))
    changed = polygons[polygons["state"] == "changed"]
    if len(changed):
        parts.append(
            _word(
                "alt_changed",
                lang,
                n=len(changed),
                codes=words.join(sorted(changed["geo_code"]), lang),
                parents=words.join([one(r) for r in unmatched(values, boundaries).itertuples()], lang),
            )
        )
    missing = polygons[polygons["state"] == "missing"]
    if len(missing):
        parts.append(_word("alt_missing", lang, n=len(missing), codes=words.join(sorted(missing["geo_code"]), lang)))
    return " ".join(parts)


def source_line(values: pd.DataFrame, lang: str = "sv") -> str:
    """The line under a map: the values' publishers and the boundaries' origin ("Källa: SCB; gränser: …")."""
    producers = list(dict.fromkeys(str(s) for s in values["source"]))
    return _word("source", lang, sources="; ".join(producers))
