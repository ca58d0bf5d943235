"""The PxWeb transport on a local server that fails the ways the network does: each is one FetchError line."""

import datetime as dt
import http.server
import json
import shutil
import threading

import pytest

from segstats import paths
from segstats.cli import main
from segstats.errors import FetchError
from segstats.indicators import pxweb

from .test_pxweb import RECORDED

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


class Faulty(http.server.BaseHTTPRequestHandler):
    """Answers GET /<fault> with that fault; every answer is made here, on 127.0.0.1."""

    def do_GET(self):
        fault = self.path.strip("/")
        if fault == "ok":
            self._send(200, b'{"id": []}', "application/json")
        elif fault == "drop":  # the connection closes before any answer
            self.close_connection = True
            self.connection.shutdown(2)
        elif fault == "cut":  # the body ends before its Content-Length
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"id": [')
            self.close_connection = True
        elif fault == "html":  # a proxy's or a portal's page where the API should answer
            self._send(200, b"<html><head><title>Logga in</title></head><body>...</body></html>", "text/html")
        elif fault == "error-page":
            page = b"<html><head><title>503 Service Unavailable</title></head><body><h1>Down</h1></body></html>"
            self._send(500, page, "text/html")
        elif fault.startswith("busy"):  # 429 with a Retry-After the server chose, then fine
            Faulty.asked.append(self.path)
            if len(Faulty.asked) == 1:
                self.send_response(429)
                self.send_header("Retry-After", Faulty.retry_after)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self._send(200, b'{"id": []}', "application/json")

    def _send(self, code, body, kind):
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Faulty)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url, **kwargs):
    return pxweb.urllib_transport("GET", url, None, timeout=10, **kwargs)


def test_an_answer_is_returned(server):
    assert fetch(f"{server}/ok") == b'{"id": []}'


@pytest.mark.parametrize(
    "fault, says",
    [
        ("drop", "the connection dropped (RemoteDisconnected: "),
        ("cut", "the answer broke off after 8 bytes; try again"),
        ("html", "the answer is a web page (Logga in), not JSON; is --api-url right?"),
        ("error-page", "HTTP 500 Internal Server Error: 503 Service Unavailable"),
    ],
)
def test_each_fault_is_one_line(server, fault, says):
    with pytest.raises(FetchError) as info:
        fetch(f"{server}/{fault}")
    message = str(info.value)
    assert message.startswith(f"GET {server}/{fault}: {says}")
    assert "\n" not in message and "<" not in message


def test_nothing_listening_is_one_line():
    with pytest.raises(FetchError, match="cannot reach the API"):
        fetch("http://127.0.0.1:9/")


@pytest.mark.parametrize("header", ["5", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "1e9", "nan"])
def test_retry_after_as_seconds_as_a_date_or_unreadable(server, header):
    Faulty.asked, Faulty.retry_after = [], header
    waits = []
    assert fetch(f"{server}/busy", sleep=waits.append) == b'{"id": []}'
    assert len(Faulty.asked) == 2
    assert waits == [{"5": 5.0, "soon": 10.0, "1e9": pxweb.MAX_RETRY_WAIT, "nan": 10.0}.get(header, 0.0)]


def test_retry_after_a_future_date_waits_until_then():
    now = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    assert pxweb.retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert pxweb.retry_after("Thu, 01 Jan 2026 13:00:00 GMT", now=now) == pxweb.MAX_RETRY_WAIT
    assert pxweb.retry_after(None) == 10.0


@pytest.mark.parametrize(
    "change, says",
    [
        (lambda doc: doc.update(dimension={}), "'dimension' has no categories of 'Region' (it is empty)"),
        (lambda doc: doc.update(size=doc["size"][:-1]), "'size' is no list of a whole number for each dimension"),
        (lambda doc: doc.update(id="Region"), "'id' is no list of dimension names"),
    ],
    ids=["empty dimension", "sizes missing", "id not a list"],
)
def test_an_answer_without_its_dimensions_is_one_line(tmp_path, monkeypatch, capsys, change, says):
    def answer(method, url, body):
        doc = json.loads((RECORDED / "TAB6680_metadata.json").read_text(encoding="utf-8"))
        change(doc)
        return json.dumps(doc).encode()

    monkeypatch.setattr(pxweb, "urllib_transport", answer)
    shutil.copy(paths.catalogue_path(), paths.catalogue_path(tmp_path))
    assert main(["--data-dir", str(tmp_path), "fetch", "--indicator", "sysselsattning"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"segstats: error: TAB6680: the API's answer is not a json-stat2 dataset: {says}"
    )
    assert not (tmp_path / "raw").exists()
