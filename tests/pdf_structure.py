"""What a screen reader gets from a tagged PDF: its structure tree read with pikepdf, marked text with pypdf."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pikepdf
from pypdf import PdfReader

from segstats.reports.show import TABLE_MIME


def _walk(elem, page=None):
    """Every structure element below ``elem`` in document order: (type, element, its page's object id)."""
    page = elem.Pg.objgen if "/Pg" in elem else page
    if "/S" in elem:
        yield str(elem.S), elem, page
    kids = elem.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            yield from _walk(kid, page)


def _content_ids(elem, page):
    """The (page, marked-content id) pairs an element's text is drawn under."""
    kids = elem.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            yield page, int(kid)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            yield (kid.Pg.objgen if "/Pg" in kid else page), int(kid.MCID)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _content_ids(kid, kid.Pg.objgen if "/Pg" in kid else page)


def _marked_text(path: Path) -> dict[tuple[int, int], str]:
    """The text drawn under each (page number, marked-content id), decoded by pypdf."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(PdfReader(path).pages):
        _page_marked_text(page, number, texts)
    return texts


def _page_marked_text(page, number: int, texts: dict[tuple[int, int], str]) -> None:
    stack: list[int | None] = []

    def operator(op, args, cm, tm):
        if op in (b"BDC", b"BMC"):
            props = args[1] if op == b"BDC" and len(args) > 1 else None
            stack.append(props.get("/MCID") if hasattr(props, "get") else None)
        elif op == b"EMC" and stack:
            stack.pop()

    def text(t, *_):
        current = next((m for m in reversed(stack) if m is not None), None)
        if current is not None:
            texts[(number, int(current))] = texts.get((number, int(current)), "") + t

    page.extract_text(visitor_operand_before=operator, visitor_text=text)


def read_structure(path: Path) -> dict:
    """Language, title, PDF/UA part, the figures' alt texts and the table headers' texts, in reading order."""
    texts = _marked_text(path)
    with pikepdf.open(path) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return {"tagged": False}
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        elements = list(_walk(pdf.Root.StructTreeRoot))
        return {
            "tagged": True,
            "lang": str(pdf.Root.get("/Lang", "")),
            "title": str(pdf.docinfo.get("/Title", "")),
            "ua": pdf.open_metadata().get("pdfuaid:part"),
            "display_title": bool(pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
            "types": {kind for kind, _, _ in elements},
            "figures": [str(e.Alt) if "/Alt" in e else None for kind, e, _ in elements if kind == "/Figure"],
            "headers": [
                " ".join("".join(texts.get((pages[pg], m), "") for pg, m in _content_ids(e, page)).split())
                for kind, e, page in elements
                if kind == "/TH"
            ],
        }


def notebook_figures_and_headers(path: Path) -> tuple[list[str], set[str]]:
    """The alt texts of the executed notebook's figures, in order, and the headers of its tables."""
    outputs = [o for c in nbformat.read(path, as_version=4).cells for o in c.get("outputs", [])]
    alts = [
        html.unescape(alt)
        for o in outputs
        for alt in re.findall(r'<img [^>]*alt="([^"]*)"', o.get("data", {}).get("text/html", ""))
    ]
    # The headers as printed (a table's exported data may have other columns: Show.table's data=).
    headers = {
        html.unescape(header)
        for o in outputs
        if TABLE_MIME in o.get("data", {})
        for header in re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', o["data"]["text/html"])
    }
    return alts, headers


def languages(path: Path) -> dict[str, list[str]]:
    """The texts of the structure elements that declare their own language (``/Lang``), by language; the
    document's own language has the key of the catalogue's ``/Lang``, with no texts."""
    texts = _marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        found: dict[str, list[str]] = {str(pdf.Root.get("/Lang", "")): []}
        for _, element, page in _walk(pdf.Root.StructTreeRoot):
            if "/Lang" in element:
                said = "".join(texts.get((pages[pg], m), "") for pg, m in _content_ids(element, page))
                found.setdefault(str(element.Lang), []).append(" ".join(said.split()))
        return found


def reading_text(path: Path) -> str:
    """The document's text in the structure tree's order: what a screen reader reads, one line."""
    texts = _marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        document = pdf.Root.StructTreeRoot
        said = "".join(texts.get((pages[pg], m), "") + " " for pg, m in _content_ids(document, None))
    return " ".join(said.split())
