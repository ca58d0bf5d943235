"""Every coded value of the project, with its Swedish and English labels and colours.

One place for each fact: the parser, the schema, the tables and the charts all read
these tables; an unknown code is an error naming the allowed ones.
"""

from dataclasses import dataclass

from segstats.errors import UnknownCodeError


@dataclass(frozen=True)
class Code:
    """One allowed value of a categorical column."""

    code: str
    sv: str
    en: str
    colour: str | None = None

    def label(self, lang: str = "sv") -> str:
        """The label in ``lang`` (``sv`` or ``en``)."""
        return self.en if lang == "en" else self.sv


# Measure status, in the report's order (Genomförd < Pågår < Ej genomförd).
# Colours are the Okabe–Ito palette (safe for colour-blind readers) standing in for the
# report's green / yellow / red; every chart also writes the label out. Okabe–Ito's yellow
# (#F0E442) is darkened to #A08A00, so that every mark has 3:1 contrast against white (WCAG
# 1.4.11; the yellow had 1.3:1) while black text on it keeps 6:1.
STATUSES = (
    Code("done", "Genomförd", "Done", "#009E73"),
    Code("ongoing", "Pågår", "Ongoing", "#A08A00"),
    Code("not_done", "Ej genomförd", "Not done", "#D55E00"),
)
# The mark beside a written-out status: its shape tells the statuses apart without colour
# (done full, ongoing half, not done empty).
STATUS_MARKS = {"done": "●", "ongoing": "◐", "not_done": "○"}

# How a measure is carried into next year's plan.
NEXT_PLAN = (
    Code("kept", "Vidmakthållen", "Kept"),
    Code("developed", "Vidareutvecklad", "Developed"),
    Code("merged", "Ingår i annan åtgärd", "Merged into another measure"),
    Code("dropped", "Finns ej med", "Dropped"),
)

# The phrases by which a follow-up report says how a measure is carried into next
# year's plan, most specific first: "Vidmakthållen åtgärd 2022 (ihopslagen med annan
# åtgärd)" is a merge, not a keep.
NEXT_PLAN_PHRASES = {
    "merged": ("ingår i", "inarbetas i", "ihopslagen"),
    "dropped": ("finns ej med", "finns inte med", "tas inte med", "ej med i åtgärdsplan"),
    "developed": ("vidareutvecklad",),
    "kept": ("vidmakthållen",),
}

# How a measure of one year's plan is linked to a measure of the next year's (the lineage).
# "merged" and "split" follow from the next year's predecessor ids, or from the report's words.
LINK_KINDS = (
    Code("kept", "Vidmakthållen", "Kept"),
    Code("developed", "Vidareutvecklad", "Developed"),
    Code("merged", "Sammanslagen med annan åtgärd", "Merged with another measure"),
    Code("split", "Uppdelad i flera åtgärder", "Split into several measures"),
    Code("dropped", "Finns ej med", "Dropped"),
)

# The phrases by which a report says that a developed measure becomes several
# ("Vidareutvecklad och uppdelad i två åtgärder 2022", "… konkretiserad i flera åtgärder 2022").
SPLIT_PHRASES = ("uppdelad", "i flera åtgärder", "i två åtgärder")

# Colours: Okabe–Ito, distinct from each other and from the status colours' meaning; the orange
# darkened (#E69F00 → #BF6C00) to reach 3:1 contrast against white, as every other one does.
DISTRICTS = (
    Code("Berga", "Berga", "Berga", "#0072B2"),
    Code("Ryd", "Ryd", "Ryd", "#BF6C00"),
    Code("Skäggetorp", "Skäggetorp", "Skäggetorp", "#CC79A7"),
)

# The targets of a measure other than the districts, as the follow-ups name them (a target not
# listed here is shown as the follow-up writes it).
OTHER_TARGETS = (Code("Mottagande skolor", "mottagande skolor", "receiving schools"),)

# SCB's and Delmos' socio-economic area types (områdestyp) of a RegSO, as Segregationsbarometern names them.
AREA_TYPES = (
    Code("1", "Stora socioekonomiska utmaningar", "Major socio-economic challenges"),
    Code("2", "Socioekonomiska utmaningar", "Socio-economic challenges"),
    Code("3", "Socioekonomiskt blandade områden", "Socio-economically mixed areas"),
    Code("4", "Goda socioekonomiska förutsättningar", "Good socio-economic conditions"),
    Code("5", "Mycket goda socioekonomiska förutsättningar", "Very good socio-economic conditions"),
)

# What the districts are compared with in the indicator charts (codes are geo kinds).
REFERENCE_AREAS = (
    Code("kommun", "Linköping", "Linköping", "#000000"),
    Code("riket", "Sverige", "Sweden", "#808080"),
)

AREAS = (
    Code(
        "1",
        "Ökad trygghet, gemenskap och delaktighet i samhället",
        "Greater safety, community and participation in society",
    ),
    Code("2", "Fler i arbete eller meningsfull sysselsättning", "More people in work or meaningful occupation"),
    Code(
        "3",
        "Utbildning för att barn och vuxna ska nå sin fulla potential",
        "Education so that children and adults reach their full potential",
    ),
    Code(
        "4",
        "Trivsamma livsmiljöer för ett sammanhållet Linköping",
        "Pleasant living environments for a cohesive Linköping",
    ),
    Code("5", "En rikare fritid för alla", "A richer leisure time for all"),
)

# Departments (förvaltningar) and the sub-units the reports name; a sub-unit's code
# starts with its parent's code and a hyphen.
DEPARTMENTS = (
    Code("KLF", "Kommunledningsförvaltningen", "Municipal Executive Office"),
    Code("KLF-SÄK", "Kommunledningsförvaltningen, säkerhetsenheten", "Municipal Executive Office, security unit"),
    Code(
        "KLF-HÅLL", "Kommunledningsförvaltningen, hållbarhetsenheten", "Municipal Executive Office, sustainability unit"
    ),
    Code("KLF-HR", "Kommunledningsförvaltningen, HR", "Municipal Executive Office, HR"),
    Code(
        "KLF-NÄR",
        "Kommunledningsförvaltningen, näringsliv- och tillväxtstaben",
        "Municipal Executive Office, business and growth staff",
    ),
    Code(
        "KLF-KOM",
        "Kommunledningsförvaltningen, kommunikationsstaben",
        "Municipal Executive Office, communications staff",
    ),
    Code("SOF", "Social- och omsorgsförvaltningen", "Social and Care Administration"),
    Code("UAF", "Utbildnings- och arbetsmarknadsförvaltningen", "Education and Labour Market Administration"),
    Code(
        "UAF-AMC",
        "Utbildnings- och arbetsmarknadsförvaltningen, arbetsmarknadscenter",
        "Education and Labour Market Administration, labour-market centre",
    ),
    Code(
        "UAF-AMI",
        "Utbildnings- och arbetsmarknadsförvaltningen, arbetsmarknadsinsatser",
        "Education and Labour Market Administration, labour-market measures",
    ),
    Code(
        "UAF-GYVUX",
        "Utbildnings- och arbetsmarknadsförvaltningen, avd. för gymnasieskola och vuxenutbildning",
        "Education and Labour Market Administration, upper-secondary and adult education",
    ),
    Code("IAF", "Integration- och arbetsmarknadsförvaltningen", "Integration and Labour Market Administration"),
    Code("KoF", "Kultur- och fritidsförvaltningen", "Culture and Leisure Administration"),
    Code("MoS", "Miljö- och samhällsbyggnadsförvaltningen", "Environment and Community Development Administration"),
    Code(
        "MoS-PK",
        "Miljö- och samhällsbyggnadsförvaltningen, plankontoret",
        "Environment and Community Development Administration, planning office",
    ),
    Code(
        "MoS-SMK",
        "Miljö- och samhällsbyggnadsförvaltningen, stadsmiljökontoret",
        "Environment and Community Development Administration, urban environment office",
    ),
    Code(
        "MoS-STAB",
        "Miljö- och samhällsbyggnadsförvaltningen, stab",
        "Environment and Community Development Administration, staff",
    ),
    Code("VSS", "Verksamhetsstöd och service", "Operational Support and Service"),
    Code("Leanlink", "Leanlink", "Leanlink"),
    Code("Leanlink-RoS", "Leanlink, Råd & Stöd", "Leanlink, Advice & Support"),
    Code("ALLA", "Samtliga nämnder", "All committees"),
    Code(
        "SAMORDNINGSFÖRBUNDET",
        "Samordningsförbundet Centrala Östergötland",
        "Coordination Association of Central Östergötland",
    ),
)

# Words (folded: lower case, no diacritics, no hyphens) by which a report names each
# department; a sub-unit's words are enough on their own.
DEPARTMENT_WORDS = {
    "KLF": ("klf",),
    "KLF-SÄK": ("sak", "sakerhetsenheten"),
    "KLF-HÅLL": ("hallbarhetsenheten",),
    "KLF-HR": ("hr",),
    "KLF-NÄR": ("naringsliv", "tillvaxtstaben"),
    "KLF-KOM": ("kommunikationsstaben",),
    "SOF": ("sof",),
    "UAF": ("uaf",),
    "UAF-AMC": ("amc",),
    "UAF-AMI": ("ami",),
    "UAF-GYVUX": ("gymnasieskola",),
    "IAF": ("iaf",),
    "KoF": ("kof",),
    "MoS": ("mos",),
    "MoS-PK": ("pk",),
    "MoS-SMK": ("smk",),
    "MoS-STAB": ("stab",),
    "VSS": ("vss",),
    "Leanlink": ("leanlink",),
    "Leanlink-RoS": ("rad",),
    "ALLA": ("samtliga",),
    "SAMORDNINGSFÖRBUNDET": ("samordningsforbundet",),
}

# The kinds of geography an indicator value can belong to, from the largest down.
# A stadsdel and a valdistrikt are Linköping's own divisions: a stadsdel value and a
# RegSO value of the same name are different areas and never one series.
GEO_KINDS = (
    Code("riket", "riket", "Sweden"),
    Code("kommun", "kommun", "municipality"),
    Code("regso", "RegSO", "RegSO"),
    Code("deso", "DeSO", "DeSO"),
    Code("stadsdel", "stadsdel", "city district"),
    Code("valdistrikt", "valdistrikt", "election district"),
)

# Units of the indicator values; a value in per cent lies within 0–100.
UNITS = (
    Code("%", "procent", "per cent"),
    Code("tkr", "tusen kronor", "thousand SEK"),
    Code("personer", "antal personer", "number of persons"),
    Code("hushåll", "antal hushåll", "number of households"),
    Code("områdestyp", "områdestyp 1–5", "area type 1–5"),
    Code("index", "indexvärde", "index value"),
    Code("dagar", "dagar per försäkrad", "days per insured person"),
)

# How a value in each unit is written after its number in each language: (one, other) by the
# number's plural form; empty where the indicator's name says what the number is. Per cent is
# written by segstats.reports.fmt ("12 %", "12%").
UNIT_WORDS = {
    "tkr": {"sv": ("tkr", "tkr"), "en": ("thousand SEK", "thousand SEK")},
    "personer": {"sv": ("person", "personer"), "en": ("person", "people")},
    "hushåll": {"sv": ("hushåll", "hushåll"), "en": ("household", "households")},
    "dagar": {"sv": ("dag", "dagar"), "en": ("day", "days")},
    "områdestyp": {"sv": ("", ""), "en": ("", "")},
    "index": {"sv": ("", ""), "en": ("", "")},
}

# Units that count (persons, households): a difference between two areas in such a unit
# compares their sizes, not their conditions.
COUNT_UNITS = ("personer", "hushåll")

# Which way an indicator should move.
DIRECTIONS = (
    Code("higher_is_better", "Högre är bättre", "Higher is better"),
    Code("lower_is_better", "Lägre är bättre", "Lower is better"),
    Code("neither", "Varken eller", "Neither"),
)

_TABLES = {
    "status": STATUSES,
    "next_plan": NEXT_PLAN,
    "link": LINK_KINDS,
    "district": DISTRICTS,
    "target": OTHER_TARGETS,
    "reference_area": REFERENCE_AREAS,
    "area_type": AREA_TYPES,
    "area": AREAS,
    "department": DEPARTMENTS,
    "geo_kind": GEO_KINDS,
    "unit": UNITS,
    "direction": DIRECTIONS,
}


def kinds() -> list[str]:
    """The kinds of code there are (``status``, ``next_plan``, ``district``, …)."""
    return list(_TABLES)


def codes(kind: str) -> list[str]:
    """The allowed codes of ``kind`` (``status``, ``next_plan``, ``district``, …) in order."""
    return [c.code for c in _table(kind)]


def lookup(kind: str, code: str) -> Code:
    """The :class:`Code` of ``kind`` with this code; an unknown code is an error naming the allowed ones."""
    for c in _table(kind):
        if c.code == code:
            return c
    allowed = ", ".join(codes(kind))
    raise UnknownCodeError("messages.unknown_code", kind=kind, allowed=allowed, code=repr(code))


def label(kind: str, code: str, lang: str = "sv") -> str:
    """The label of a code in ``lang``."""
    return lookup(kind, code).label(lang)


def parent_department(code: str) -> str:
    """The department a sub-unit belongs to (``KLF-SÄK`` → ``KLF``); a department is its own parent."""
    return lookup("department", code).code.split("-")[0]


def _table(kind: str) -> tuple[Code, ...]:
    try:
        return _TABLES[kind]
    except KeyError:
        raise KeyError(f"kind must be one of {', '.join(_TABLES)}, but {kind!r} was passed") from None  # a bug
