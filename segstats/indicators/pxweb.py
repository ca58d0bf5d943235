"""SCB's PxWebApi 2.0: fetch catalogue indicators as json-stat2, keep the responses with provenance, read them back."""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import itertools
import json
import logging
import math
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from segstats.errors import FetchError
from segstats.indicators import geo
from segstats.indicators.catalogue import FETCHER_VARIABLES, FetchSpec, Indicator
from segstats.io import MISSING_MARKERS, Transaction
from segstats.words import Said, say

log = logging.getLogger(__name__)

API_URL = "https://statistikdatabasen.scb.se/api/v2"
FETCH_DIR = "scb_pxweb"  # below data/raw/indicators/
# Each table's metadata answer, as the last fetch got it: the requests were built from it, and a dry
# run builds them again from it without the network. Below FETCH_DIR, where the build reads no file.
METADATA_DIR = f"{FETCH_DIR}/metadata"
PROVENANCE = ".provenance.yaml"  # the file next to each response that says where it came from
LICENCE = "CC0 1.0 (SCB open data); cite 'Källa: SCB', processed data as 'bearbetning av SCB-data'"
# Which regions to ask for: Sweden, Linköping, and Linköping's RegSOs in both versions
# (codes without a suffix are the 2020 version, "_RegSO2025" the 2025 version).
_WANTED_REGION = re.compile(rf"^(?:{geo.RIKET_CODE}|{geo.KOMMUN_CODE}|{geo.KOMMUN_CODE}R\d{{3}}(?:_RegSO2025)?)$")

# (method, url, body) -> the response body; tests pass one that plays back recorded responses.
Transport = Callable[[str, str, bytes | None], bytes]


MAX_RETRY_WAIT = 120  # seconds: the longest Retry-After the fetch waits for before it asks again
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def urllib_transport(
    method: str, url: str, body: bytes | None, *, timeout: float = 60, retries: int = 3, sleep=time.sleep
) -> bytes:
    """Send one request; wait and retry when the API says too many requests (HTTP 429) or is busy (503).

    Raises:
        FetchError: one line for each way it goes wrong: the API cannot be reached, the connection
            drops, the answer breaks off, an HTTP error (with the error page's title, not its HTML),
            or a web page where JSON was expected.
    """
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": "application/json"})
    where = f"{method} {url}"
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data = response.read()
                if response.headers.get_content_type() == "text/html":
                    page = _page_text(data)
                    raise FetchError("messages.fetch_web_page", where=where, page=page)
                return data
        except urllib.error.HTTPError as exc:
            if exc.code in (429, 503) and attempt < retries:
                sleep(retry_after(exc.headers.get("Retry-After")))
                continue
            page = _page_text(_read_error(exc))
            raise FetchError("messages.fetch_http", where=where, code=exc.code, reason=exc.reason, page=page) from None
        except http.client.IncompleteRead as exc:
            raise FetchError("messages.fetch_cut", where=where, n=len(exc.partial)) from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise FetchError("messages.fetch_dropped", where=where, reason=f"{type(exc).__name__}: {exc}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise FetchError("messages.fetch_unreachable", where=where, reason=getattr(exc, "reason", exc)) from None
    raise AssertionError("unreachable: the last attempt returns or raises")


def retry_after(value: str | None, *, now: datetime | None = None) -> float:
    """Seconds to wait for a ``Retry-After`` header: a number of seconds or an HTTP date, at most MAX_RETRY_WAIT.

    A missing or unreadable header waits 10 seconds.
    """
    if value is None:
        return 10.0
    try:
        seconds = float(value)
        if math.isnan(seconds):  # "nan" reads as a float; it says no time
            return 10.0
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return 10.0
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_WAIT)


def _read_error(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except (OSError, http.client.HTTPException):  # the error page itself broke off
        return b""


def _page_text(data: bytes) -> str:
    """What an error page says, in one short line: its title, else its text without tags."""
    text = data.decode("utf-8", "replace")
    found = _TITLE.search(text)
    shown = found.group(1) if found else re.sub(r"<[^>]+>", " ", text)
    return " ".join(shown.split())[:200] or "no text"


@dataclass(frozen=True)
class DataRequest:
    """One ``POST /tables/{id}/data`` that ``segstats fetch`` sends, built from the table's metadata."""

    indicator: Indicator
    spec: FetchSpec
    metadata_url: str  # the GET it was built from
    url: str
    selection: list[dict]
    meta: dict
    metadata_answer: bytes  # the metadata as the API sent it, kept beside the responses

    @property
    def body(self) -> bytes:
        """The request body: PxWebApi 2.0's ``VariablesSelection``, as sent."""
        return json.dumps({"selection": self.selection}, ensure_ascii=False).encode("utf-8")


def data_requests(
    indicators: Iterable[Indicator], *, transport: Transport | None = None, api_url: str = API_URL
) -> list[DataRequest]:
    """The data request of each indicator that has a fetch spec; reads each table's metadata (GET) to build it.

    Raises:
        FetchError: as :func:`fetch`, for the metadata requests and the selections.
    """
    transport = transport or urllib_transport
    requests = []
    for indicator in indicators:
        if indicator.fetch is None:
            continue
        spec = indicator.fetch
        url = f"{api_url}/tables/{spec.table}/data?lang=sv&outputFormat=json-stat2"
        answer = transport("GET", metadata_url(spec.table, api_url), None)
        meta = _json(answer, spec.table)
        selection = build_selection(spec, meta)
        requests.append(DataRequest(indicator, spec, metadata_url(spec.table, api_url), url, selection, meta, answer))
    return requests


def dry_run(indicators: Iterable[Indicator], indicators_raw: Path, *, api_url: str = API_URL) -> str:
    """The data requests a fetch would send, built from the metadata the last fetch recorded; nothing is sent.

    An indicator whose table has no recorded metadata is named with the metadata request a
    fetch would send first.
    """
    fetched = [i for i in indicators if i.fetch is not None]
    recorded = [i for i in fetched if i.fetch and recorded_metadata(indicators_raw, i.fetch.table).exists()]
    said = []
    for request in data_requests(recorded, transport=replaying(indicators_raw), api_url=api_url):
        body = json.dumps({"selection": request.selection}, ensure_ascii=False, indent=2)
        where = recorded_metadata(indicators_raw, request.spec.table)
        built = say("messages.dry_run_built", indicator=request.indicator.id, where=where)
        said.append(f"# {built}\nPOST {request.url}\n{body}")
    for indicator in fetched:
        if indicator not in recorded and indicator.fetch is not None:
            get = f"GET {metadata_url(indicator.fetch.table, api_url)}"
            said.append(
                f"# {say('messages.dry_run_unrecorded', indicator=indicator.id, table=indicator.fetch.table, get=get)}"
            )
    return "\n".join(said)


def metadata_url(table: str, api_url: str = API_URL) -> str:
    """The address of a table's metadata (``GET /tables/{id}/metadata``)."""
    return f"{api_url}/tables/{table}/metadata?lang=sv"


def recorded_metadata(indicators_raw: Path, table: str) -> Path:
    """Where the metadata answer of ``table`` is kept below ``data/raw/indicators/``."""
    return indicators_raw / METADATA_DIR / f"{table}.json"


def replaying(indicators_raw: Path) -> Transport:
    """A transport that answers metadata requests from the answers recorded below ``indicators_raw`` and sends nothing.

    For ``segstats fetch --dry-run``, which needs no network.
    """

    def answer(method: str, url: str, body: bytes | None) -> bytes:
        table = url.split("/tables/", 1)[-1].split("/", 1)[0]
        recorded = recorded_metadata(indicators_raw, table)
        if method != "GET" or not url.split("?")[0].endswith(f"/tables/{table}/metadata"):
            raise FetchError("messages.dry_run_sends_nothing", where=f"{method} {url}")
        try:
            return recorded.read_bytes()
        except OSError as exc:
            raise FetchError("messages.fetch_recorded_unreadable", path=recorded, reason=exc.strerror) from None

    return answer


def fetch(
    indicators: Iterable[Indicator],
    raw_dir: Path,
    *,
    transport: Transport | None = None,
    api_url: str = API_URL,
    now: datetime | None = None,
) -> list[Path]:
    """Fetch each indicator that has a fetch spec and write its response and provenance.

    Every response is fetched before anything is written, so a failure leaves the raw
    folder as it was. A response replaces an earlier one of the same indicator.

    Args:
        indicators: catalogue entries; those without ``fetch`` are skipped.
        raw_dir: ``data/raw/indicators/``; files go to its ``scb_pxweb/``.
        transport: how to send a request (default: :func:`urllib_transport`, the network).
        api_url: the PxWebApi 2.0 base address.
        now: the time to record as fetched (default: now, UTC).

    Returns:
        The response files written.

    Raises:
        FetchError: the API is unreachable, refuses a request, or answers with something
            that is not json-stat2, or a catalogue selection names a variable or value the
            table does not have (the message lists what it has).
    """
    fetched_at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    transport = transport or urllib_transport
    results = []
    metadata: dict[str, bytes] = {}
    for request in data_requests(indicators, transport=transport, api_url=api_url):
        indicator, spec, meta = request.indicator, request.spec, request.meta
        log.info(say("messages.fetching", indicator=indicator.id, table=spec.table))
        response = transport("POST", request.url, request.body)
        dataset = _json(response, spec.table)
        unpack(dataset, spec.table)  # a response that cannot be read is an error now, not at build
        provenance = {
            "indicator": indicator.id,
            "table": spec.table,
            "label": dataset.get("label"),
            "updated": dataset.get("updated"),
            "source": dataset.get("source"),
            "method": "POST",
            "url": request.url,
            "query": {"selection": request.selection},
            "numerator": {v: _resolve(v, w, meta, spec.table) for v, w in spec.numerator.items()},
            "denominator": {v: _resolve(v, w, meta, spec.table) for v, w in spec.denominator.items()},
            "fetched": fetched_at,
            "sha256": hashlib.sha256(response).hexdigest(),
            "licence": LICENCE,
        }
        results.append((f"{indicator.id}_{spec.table}", response, provenance))
        metadata[spec.table] = request.metadata_answer
    folder = raw_dir / FETCH_DIR
    written = []
    try:
        with Transaction() as transaction:  # every response with its provenance and metadata, or none
            for table, answer in metadata.items():
                transaction.stage(recorded_metadata(raw_dir, table)).write_bytes(answer)
            for stem, response, provenance in results:
                transaction.stage(folder / f"{stem}.json").write_bytes(response)
                text = yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False, width=120)
                transaction.stage(folder / f"{stem}{PROVENANCE}").write_text(text, encoding="utf-8")
                written.append(folder / f"{stem}.json")
    except OSError as exc:  # a full disk, a folder not writable: the previous responses are kept
        raise FetchError(
            "messages.cannot_write_nothing_written", path=exc.filename or folder, reason=exc.strerror
        ) from None
    return written


def _json(raw: bytes, table: str) -> dict:
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError("messages.fetch_not_json", table=table, reason=str(exc)) from None
    if not isinstance(doc, dict) or not {"id", "size", "dimension"} <= set(doc):
        raise FetchError("messages.fetch_not_dataset", table=table)
    fault = _dataset_fault(doc)
    if fault:
        raise FetchError("messages.fetch_dataset_fault", table=table, fault=fault)
    return doc


def _dataset_fault(doc: dict) -> Said | None:
    """What makes ``doc`` no json-stat2 dataset that segstats can read (its dimensions), or None."""
    ids, sizes, dimensions = doc["id"], doc["size"], doc["dimension"]
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        return say("messages.dataset_ids")
    if not (isinstance(sizes, list) and len(sizes) == len(ids) and all(isinstance(n, int) for n in sizes)):
        return say("messages.dataset_sizes")
    if not isinstance(dimensions, dict):
        return say("messages.dataset_dimension")
    for name in ids:
        category = dimensions.get(name, {}).get("category") if isinstance(dimensions.get(name), dict) else None
        if not isinstance(category, dict) or not isinstance(category.get("index", category.get("label")), dict | list):
            return say("messages.dataset_categories" if dimensions else "messages.dataset_empty", name=repr(name))
    return None


def _categories(meta: dict, variable: str) -> dict[str, str]:
    """Codes of a variable in the metadata's order, with their labels."""
    category = meta["dimension"][variable]["category"]
    index = category.get("index") or list(category.get("label", {}))
    order = sorted(index, key=index.__getitem__) if isinstance(index, dict) else list(index)
    labels = category.get("label", {})
    return {code: labels.get(code, code) for code in order}


def _resolve(variable: str, wanted: str, meta: dict, table: str) -> str:
    """A code of ``variable``, given as the code or as its label."""
    if variable not in meta["dimension"]:
        raise FetchError("messages.fetch_no_variable", table=table, variable=repr(variable), has=", ".join(meta["id"]))
    categories = _categories(meta, variable)
    if wanted in categories:
        return wanted
    by_label = {label.casefold(): code for code, label in categories.items()}
    if wanted.casefold() in by_label:
        return by_label[wanted.casefold()]
    shown = ", ".join(f"{c} ({label})" for c, label in itertools.islice(categories.items(), 20))
    raise FetchError("messages.fetch_no_code", table=table, variable=variable, wanted=repr(wanted), has=shown)


def build_selection(spec: FetchSpec, meta: dict) -> list[dict]:
    """The PxWebApi 2.0 ``selection`` for an indicator: its fixed codes, the wanted regions, every year."""
    chosen: dict[str, list[str]] = {}
    for part in (spec.select, spec.numerator, spec.denominator):
        for variable, wanted in part.items():
            code = _resolve(variable, wanted, meta, spec.table)
            chosen.setdefault(variable, [])
            if code not in chosen[variable]:
                chosen[variable].append(code)
    for variable in FETCHER_VARIABLES:
        if variable not in meta["dimension"]:
            raise FetchError("messages.fetch_by_region_and_year", table=spec.table, variable=repr(variable))
    regions = [code for code in _categories(meta, "Region") if _WANTED_REGION.match(code)]
    if not regions:
        raise FetchError("messages.fetch_no_regions", table=spec.table)
    chosen["Region"] = regions
    chosen["Tid"] = list(_categories(meta, "Tid"))
    selection = []
    for variable in meta["id"]:
        if variable in chosen:
            selection.append({"variableCode": variable, "valueCodes": chosen[variable]})
        elif not meta["dimension"][variable].get("extension", {}).get("elimination", False):
            codes = ", ".join(itertools.islice(_categories(meta, variable), 20))
            raise FetchError("messages.fetch_needs_value", table=spec.table, variable=repr(variable), codes=codes)
    return selection


def unpack(dataset: dict, table: str) -> pd.DataFrame:
    """A json-stat2 dataset as one row per cell: a column of codes per dimension, ``value`` and ``status``.

    A cell whose status is a missing-value symbol (:data:`segstats.io.MISSING_MARKERS`, e.g. SCB's ``..``)
    has a missing value, never zero.
    """
    dims: list[str] = dataset["id"]
    sizes: list[int] = dataset["size"]
    orders = [list(_categories(dataset, d)) for d in dims]
    if [len(o) for o in orders] != list(sizes):
        raise FetchError("messages.dataset_sizes_differ", table=table, sizes=sizes)
    n = int(np.prod(sizes)) if sizes else 0
    raw = dataset.get("value", [])
    values: list = [None] * n
    if isinstance(raw, dict):  # the sparse form {"index": value}
        for i, v in raw.items():
            values[int(i)] = v
    elif len(raw) == n:
        values = list(raw)
    else:
        raise FetchError("messages.dataset_values", table=table, values=len(raw), cells=n)
    status = dataset.get("status") or {}
    if isinstance(status, str):
        status = dict.fromkeys(map(str, range(n)), status)
    elif isinstance(status, list):
        status = {str(i): s for i, s in enumerate(status) if s}
    cells = list(itertools.product(*orders))
    frame = pd.DataFrame(cells, columns=dims, dtype=object) if cells else pd.DataFrame(columns=dims)
    try:
        frame["value"] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    except (TypeError, ValueError):
        raise FetchError("messages.dataset_value", table=table) from None
    frame["status"] = [status.get(str(i)) for i in range(n)]
    frame.loc[frame["status"].isin(MISSING_MARKERS), "value"] = np.nan
    return frame
