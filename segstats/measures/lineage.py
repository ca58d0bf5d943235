"""Measure lineage: which measure of next year's plan continues each measure, and how."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from segstats import codes, paths, schema
from segstats.errors import DataValidationError, SegstatsError
from segstats.processed import read_table
from segstats.schema import category, validate
from segstats.text import fold, tolerant

_SPLIT = re.compile("|".join(tolerant(p) for p in codes.SPLIT_PHRASES))
# After these words a next-plan sentence names where the measure goes, up to the year:
# "Ingår i åtgärd om brottsförebyggande arbete 2022", "… uppdelad i två åtgärder 2022".
_TARGET = re.compile(
    r"\b(?:"
    + "|".join(tolerant(p) for p in ("ingår i", "inarbetas i", "uppdelad i", "konkretiserad i", "förtydligad i"))
    + r")\s+(.+?)\s+\d{4}\b"
)
# The link kinds by which a measure goes on into next year's plan (all but "dropped").
CARRIED = ("kept", "developed", "merged", "split")


def stated_links(measures: pd.DataFrame) -> pd.DataFrame:
    """What each measure's own follow-up says about its place in next year's plan.

    Args:
        measures: rows of :func:`segstats.load_measures`.

    Returns:
        The index of ``measures``; ``kind``: the link kind, which is ``next_plan`` except that a
        developed measure the sentence says becomes several ("uppdelad i två åtgärder",
        "konkretiserad i flera åtgärder") is ``split``; ``successor_description``: the target the
        sentence names ("åtgärd om brottsförebyggande arbete", "två åtgärder"), missing otherwise.
    """
    kinds, targets = [], []
    for next_plan, text in zip(measures["next_plan"], measures["next_plan_text"], strict=True):
        # fold() keeps one character for one, so a match's span is the same in the original text.
        folded = fold(text) if isinstance(text, str) else ""
        kind = next_plan if isinstance(next_plan, str) else None
        kinds.append("split" if kind == "developed" and _SPLIT.search(folded) else kind)
        target = _TARGET.search(folded)
        targets.append(text[target.start(1) : target.end(1)] if target else None)
    return pd.DataFrame(
        {
            "kind": pd.Series(kinds, index=measures.index, dtype=category("link")),
            "successor_description": pd.Series(targets, index=measures.index, dtype="string"),
        }
    )


def lineage_from_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """The lineage table: one row per link from a measure of one year to one of the next.

    A measure that a later year's template names as a predecessor gets one row per measure
    naming it, with that measure's id and the template as source. Otherwise the measure's own
    next-plan statement gives one row with the kind and, where the sentence names one, a
    description of the successor; the successor's id stays missing. The kind of a link with
    ids is ``split`` when the measure has several successors, ``merged`` when the successor has
    several predecessors, else what the follow-up stated (missing when it said "dropped" or
    nothing, since the ids contradict or add to it).

    Args:
        measures: rows of :func:`segstats.load_measures`, every year.

    Returns:
        Rows validated against :data:`segstats.schema.LINEAGE`, in the measures' order.

    Raises:
        DataValidationError: a predecessor id names no measure of the previous year.
    """
    stated = stated_links(measures)
    named = _named_links(measures)
    existing = set(zip(measures["year"], measures["measure_id"], strict=True))
    unknown = [f"{p.measure_id} ({p.year})" for p in named.itertuples() if (p.year, p.measure_id) not in existing]
    if unknown:
        raise DataValidationError("messages.unknown_predecessors", ids=", ".join(unknown))
    successors = dict(list(named.groupby(["year", "measure_id"], sort=False)))
    n_predecessors = named.groupby(["year", "successor_id"]).size()
    rows = []
    for i, m in measures.iterrows():
        kind, target = stated.at[i, "kind"], stated.at[i, "successor_description"]
        base = {
            "year": m["year"],
            "measure_id": m["measure_id"],
            "successor_year": m["year"] + 1,
            "successor_description": target,
        }
        links = successors.get((m["year"], m["measure_id"]))
        if links is None:
            rows.append(base | {"kind": kind, "source_file": m["source_file"], "source_line": m["source_line"]})
            continue
        for link in links.itertuples():
            linked = _linked_kind(kind, len(links), n_predecessors[(m["year"], link.successor_id)])
            rows.append(
                base
                | {
                    "kind": linked,
                    "successor_id": link.successor_id,
                    "source_file": link.source_file,
                    "source_line": link.source_line,
                }
            )
    return validate(pd.DataFrame(rows, columns=list(schema.LINEAGE.columns)), schema.LINEAGE, "lineage")


def _named_links(measures: pd.DataFrame) -> pd.DataFrame:
    """(predecessor year, predecessor id) → successor id, from the predecessors column."""
    named = measures.dropna(subset=["predecessors"])
    exploded = named.assign(predecessor=named["predecessors"].str.split(";")).explode("predecessor")
    return pd.DataFrame(
        {
            "year": exploded["year"] - 1,
            "measure_id": exploded["predecessor"],
            "successor_id": exploded["measure_id"],
            "source_file": exploded["source_file"],
            "source_line": exploded["source_line"],
        }
    )


def _linked_kind(stated: str | None, n_successors: int, n_predecessors: int) -> str | None:
    if n_successors > 1:
        return "split"
    if n_predecessors > 1:
        return "merged"
    return stated if stated in CARRIED else None


def load_lineage(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The lineage of every measure, validated, with its declared dtypes.

    Args:
        data_dir: a project ``data/`` folder (default: the project's own).

    Returns:
        One row per link; see :data:`segstats.schema.LINEAGE` and :func:`lineage_from_measures`.
    """
    return read_table(paths.processed_dir(data_dir) / paths.LINEAGE_FILE, schema.LINEAGE)


def measure_history(measures: pd.DataFrame, lineage: pd.DataFrame, year: int, measure_id: str) -> pd.DataFrame:
    """A measure with every measure it continues and every measure that continues it, year by year.

    Args:
        measures: rows of :func:`segstats.load_measures`.
        lineage: rows of :func:`load_lineage`.
        year, measure_id: the measure to follow (ids are renumbered every year).

    Returns:
        Its ancestors, itself and its descendants: ``year``, ``measure_id``, ``title``,
        ``status``, ``next_plan``, ``predecessors``, in year and report order.

    Raises:
        SegstatsError: there is no such measure.
    """
    start = (year, measure_id)
    if start not in set(zip(measures["year"], measures["measure_id"], strict=True)):
        raise SegstatsError("messages.no_such_measure", id=measure_id, year=year)
    forward: dict[tuple[int, str], list[tuple[int, str]]] = {}
    backward: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for a, b, _ in _id_links(lineage):
        forward.setdefault(a, []).append(b)
        backward.setdefault(b, []).append(a)
    family = _reach(start, forward) | _reach(start, backward)
    keys = list(zip(measures["year"], measures["measure_id"], strict=True))
    chosen = measures[[k in family for k in keys]]
    return chosen[["year", "measure_id", "title", "status", "next_plan", "predecessors"]].reset_index(drop=True)


def status_history(measures: pd.DataFrame, lineage: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """Every measure of ``start_year`` followed forward through the later measures that continue it.

    Args:
        measures: rows of :func:`segstats.load_measures`.
        lineage: rows of :func:`load_lineage`.
        start_year: the year whose measures are followed (usually the baseline, 2021).

    Returns:
        One row per (origin measure, measure of a later year that continues it, directly or
        through others): ``origin_id``, ``year``, ``measure_id``, ``title``, ``status`` and
        ``kind`` (the link from the year before; missing on the origin's own row). A measure
        with no known successor has only its own row.
    """
    forward: dict[tuple[int, str], list[tuple[tuple[int, str], object]]] = {}
    for a, b, kind in _id_links(lineage):
        forward.setdefault(a, []).append((b, kind))
    info = measures.set_index(["year", "measure_id"])
    rows = []
    for origin in measures.loc[measures["year"] == start_year, "measure_id"]:
        seen: set[tuple[int, str]] = set()
        frontier: list[tuple[tuple[int, str], object]] = [((start_year, origin), pd.NA)]
        while frontier:
            key, kind = frontier.pop(0)
            if key in seen:
                continue
            seen.add(key)
            row = info.loc[key]
            rows.append((origin, *key, row["title"], row["status"], kind))
            frontier += forward.get(key, [])
    history = pd.DataFrame(rows, columns=["origin_id", "year", "measure_id", "title", "status", "kind"])
    history["status"] = history["status"].astype(category("status"))
    history["kind"] = history["kind"].astype(category("link"))
    return history


def followed(measures: pd.DataFrame, lineage: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every measure of ``year`` with the measures of other years it can be followed to, back and forth.

    A measure is followed through the links whose successor id is known (a later template names
    its predecessors): back to the measures it continues, forward to those that continue it.

    Args:
        measures: rows of :func:`segstats.load_measures`.
        lineage: rows of :func:`load_lineage`.
        year: the follow-up year whose measures are followed.

    Returns:
        One row per measure of ``year`` (``measure_id``) and measure it reaches, itself included:
        ``year``, ``linked_id``, ``status`` of that measure and ``onward``: how that measure went on
        into the next year's plan where it was ``merged`` with others or ``split`` (missing
        otherwise). In ``measure_id``'s report order, then year and report order.
    """
    forward: dict[tuple[int, str], list[tuple[int, str]]] = {}
    backward: dict[tuple[int, str], list[tuple[int, str]]] = {}
    onward: dict[tuple[int, str], object] = {}
    for a, b, kind in _id_links(lineage):
        forward.setdefault(a, []).append(b)
        backward.setdefault(b, []).append(a)
        if kind in ("merged", "split"):
            onward[a] = kind
    order = {key: i for i, key in enumerate(zip(measures["year"], measures["measure_id"], strict=True))}
    status = dict(zip(order, measures["status"], strict=True))
    rows = []
    for measure_id in measures.loc[measures["year"] == year, "measure_id"]:
        start = (year, measure_id)
        for key in sorted(_reach(start, forward) | _reach(start, backward), key=order.__getitem__):
            rows.append((measure_id, *key, status[key], onward.get(key, pd.NA)))
    table = pd.DataFrame(rows, columns=["measure_id", "year", "linked_id", "status", "onward"])
    return table.astype({"year": "int64", "status": category("status"), "onward": category("link")})


def _id_links(lineage: pd.DataFrame) -> list[tuple[tuple[int, str], tuple[int, str], object]]:
    """The links whose successor id is known: ((year, id), (successor year, successor id), kind)."""
    linked = lineage.dropna(subset=["successor_id"])
    columns = (linked[c] for c in ("year", "measure_id", "successor_year", "successor_id", "kind"))
    return [((int(y), m), (int(sy), s), kind) for y, m, sy, s, kind in zip(*columns, strict=True)]


def _reach(start, edges: dict) -> set:
    seen, stack = {start}, [start]
    while stack:
        for nxt in edges.get(stack.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def unmatched_carry_overs(lineage: pd.DataFrame, year: int) -> pd.DataFrame:
    """Links from ``year`` that the follow-up says go on, but no measure of the next year names.

    Only meaningful when the next year has a follow-up; before that every successor is unnamed.

    Returns:
        The lineage rows of those links.
    """
    carried = lineage["kind"].isin(CARRIED)
    return lineage[(lineage["year"] == year) & carried & lineage["successor_id"].isna()].reset_index(drop=True)
