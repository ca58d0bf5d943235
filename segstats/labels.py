"""Tables and alt texts as a reader gets them: codes turned into labels in the report's language."""

from __future__ import annotations

import pandas as pd

from . import codes, fmt

_WORDS = {
    "total": {"sv": "Totalt", "en": "Total"},
    "missing": {"sv": "Uppgift saknas", "en": "Not stated"},
    "count": {"sv": "Antal", "en": "Number"},
    "share": {"sv": "Andel", "en": "Share"},
    "status": {"sv": "Status", "en": "Status"},
}


def word(key: str, lang: str = "sv") -> str:
    """A word the tables use (``total``, ``missing``, ``count``, ``share``, ``status``) in ``lang``."""
    return _WORDS[key][fmt.check_lang(lang)]


def area(area_no: object, lang: str = "sv") -> str:
    """A development area as "3. Utbildning för att …"."""
    return f"{area_no}. {codes.label('area', str(area_no), lang)}"


def department(code: str, lang: str = "sv") -> str:
    """A department's (or sub-unit's) name."""
    return codes.label("department", code, lang)


def departments(codes_: str, lang: str = "sv") -> str:
    """The names of a ``;``-separated list of department codes, joined by "; "."""
    return "; ".join(department(c, lang) for c in codes_.split(";"))


def status_table(counts: pd.DataFrame, *, first: str, names: dict | None = None, lang: str = "sv") -> pd.DataFrame:
    """Status counts (:func:`segstats.analysis.status_counts` or ``status_by_item``) with headers for readers.

    Args:
        counts: index = groups (a ``"total"`` row is labelled Totalt), columns = status codes and ``"total"``.
        first: the header of the group column ("Utvecklingsområde").
        names: group value → label; groups not in it are shown as they are.
        lang: ``sv`` or ``en``.
    """
    names = {**(names or {}), "total": word("total", lang)}
    table = counts.rename(columns=lambda c: word("total", lang) if c == "total" else codes.label("status", c, lang))
    table.insert(0, first, [names.get(i, str(i)) for i in counts.index])
    return table.reset_index(drop=True).rename_axis(columns=None)


def next_plan_table(table: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Status × next-plan handling (:func:`segstats.analysis.status_by_next_plan`) with headers for readers."""

    def label(code: str) -> str:
        if code in ("total", "missing"):
            return word(code, lang)
        return codes.label("next_plan", code, lang)

    out = table.rename(columns=label)
    out.insert(
        0, word("status", lang), [label(i) if i == "total" else codes.label("status", i, lang) for i in table.index]
    )
    return out.reset_index(drop=True).rename_axis(columns=None)


def status_alt(counts: pd.DataFrame, *, what: str, names: dict | None = None, lang: str = "sv") -> str:
    """Alt text for a status chart: what it shows, then every group's counts in words.

    >>> c = pd.DataFrame({"done": [6], "ongoing": [9], "not_done": [1]}, index=[1])
    >>> status_alt(c, what="Staplar per utvecklingsområde", names={1: "Område 1"})
    'Staplar per utvecklingsområde. Område 1: Genomförd 6, Pågår 9, Ej genomförd 1.'
    """
    names = names or {}
    groups = [
        f"{names.get(group, group)}: "
        + ", ".join(f"{codes.label('status', s, lang)} {fmt.number(row[s], lang=lang)}" for s in codes.codes("status"))
        for group, row in counts.iterrows()
    ]
    return f"{what}. {'; '.join(groups)}."


def status_totals_table(shares: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Number and share per status (:func:`segstats.analysis.status_shares`) with a total row, headers for readers."""
    return pd.DataFrame(
        {
            word("status", lang): [codes.label("status", s, lang) for s in shares.index] + [word("total", lang)],
            word("count", lang): [*shares["count"], shares["count"].sum()],
            f"{word('share', lang)} (%)": [*shares["share"], shares["share"].sum()],
        }
    )


def status_change_table(change: pd.DataFrame, *, year: int, baseline_year: int, lang: str = "sv") -> pd.DataFrame:
    """The change from the baseline year (:func:`segstats.analysis.status_change`) with headers for readers."""
    share = word("share", lang)
    count = word("count", lang)
    table = change.reset_index()
    table["status"] = [codes.label("status", s, lang) for s in table["status"]]
    change_word = "Förändring" if lang == "sv" else "Change"
    return table.set_axis(
        [
            word("status", lang),
            f"{count} {baseline_year}",
            f"{share} {baseline_year} (%)",
            f"{count} {year}",
            f"{share} {year} (%)",
            f"{change_word}, {count.lower()}",
            f"{change_word}, {'procentenheter' if lang == 'sv' else 'percentage points'}",
        ],
        axis=1,
    )
