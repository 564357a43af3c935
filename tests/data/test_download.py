"""Downloads through the same pooch-based path users hit (``download_release``, reached from
``load_atop`` when no data folder is given), against a real HTTP server on 127.0.0.1 in this test
process: success, HTTP 404, a server that stalls, a response cut short, a body that is not a zip,
files whose hashes differ from the pinned ones, no server at all (offline). Only https, or a local
zip, is accepted unless ATOP_ALLOW_HTTP=1. No test reaches any address but 127.0.0.1: a guard
below refuses every other connection and name lookup. After every failure the cache holds no
partial or wrong file."""

from __future__ import annotations

import http.server
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

import atoplib as al
from atoplib import paths
from atoplib.data import registry

from support import FIXTURES, one_line

MINI = FIXTURES / "mini"


# --------------------------------------------------------------------------- guard and server

@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Any connection or name lookup beyond 127.0.0.1/localhost is refused and fails the test
    (recorded, since the download code turns every exception into a DownloadError)."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo
    attempts: list[str] = []

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost"):
            attempts.append(f"connect {address}")
            raise ConnectionRefusedError(f"test guard: {address} is not loopback")
        return real_connect(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            attempts.append(f"lookup {host}")
            raise socket.gaierror(f"test guard: {host} is not loopback")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield
    assert attempts == [], f"a test tried to leave 127.0.0.1: {attempts}"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ATOP_CACHE_DIR", str(folder))
    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.delenv("ATOP_DOWNLOAD_URL", raising=False)
    monkeypatch.delenv("ATOP_ALLOW_HTTP", raising=False)
    monkeypatch.setattr(registry, "_warned", {"atop:5.9"})  # mini's unpinned warning: tested elsewhere
    return folder


def official_zip_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "served.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(MINI.glob("*.csv")):
            zf.write(p, f"ATOP 5.9 (.csv)/{p.name}")
    return path.read_bytes()


class Server:
    """Routes: /atop.zip (the zip), /short (half the body, full Content-Length), /stall (headers,
    100 bytes, then silence), /page (an HTML page), anything else 404."""

    def __init__(self, body: bytes):
        self.body = body
        self.hits: list[str] = []
        self.release = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.hits.append(self.path)
                body = server.body
                if self.path == "/atop.zip":
                    self._send(200, body, len(body))
                elif self.path == "/short":
                    self._send(200, body[: len(body) // 2], len(body))
                    self.close_connection = True
                elif self.path == "/stall":
                    self._send(200, body[:100], len(body))
                    server.release.wait(10)
                    self.close_connection = True
                elif self.path == "/page":
                    page = b"<html><body>Our site has moved</body></html>"
                    self._send(200, page, len(page), "text/html")
                else:
                    self.send_error(404)

            def _send(self, status, data, length, kind="application/zip"):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, route: str) -> str:
        return f"{self.base}/{route}"

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(tmp_path):
    srv = Server(official_zip_bytes(tmp_path))
    yield srv
    srv.close()


@pytest.fixture
def allow_http(monkeypatch):
    monkeypatch.setenv("ATOP_ALLOW_HTTP", "1")


def cache_files(cache: Path) -> list[str]:
    """Files in the cache, lock files aside (they hold no data)."""
    if not cache.exists():
        return []
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file() and not p.name.endswith(".lock"))


def pin(tmp_path: Path, monkeypatch, hashes: dict[str, str]) -> None:
    """Pin sha256 values for release 5.9 in a temporary registry."""
    pinned = tmp_path / "registry.csv"
    rows = "".join(f"atop,5.9,{name},{digest},\n" for name, digest in hashes.items())
    pinned.write_text("dataset,version,file,sha256,url\n" + rows)
    monkeypatch.setattr(paths, "REGISTRY_FILE", pinned)


# --------------------------------------------------------------------------- success

def test_download_on_first_use_then_cached(server, allow_http, monkeypatch, cache, capfd, tmp_path):
    """The user's path: no data folder, ATOP_DOWNLOAD_URL set; downloaded once, verified, cached."""
    pin(tmp_path, monkeypatch, {p.name: registry.sha256_of(p) for p in MINI.glob("*.csv")})
    monkeypatch.setenv("ATOP_DOWNLOAD_URL", server.url("atop.zip"))
    data = al.load_atop(version="5.9")
    assert data.release.verified is True
    assert len(data.alliances) == 6 and data.coverage == (1815, 1920)
    assert al.measures.counts_by_year(data, "defense").set_index("year").loc[1910, "count"] == 2
    assert server.hits == ["/atop.zip"]
    assert [f for f in cache_files(cache) if not f.startswith("downloads/")] == [
        "atop-5.9/.atop-cache.json", "atop-5.9/atop5_9a.csv", "atop-5.9/atop5_9m.csv"]  # with the record of its files
    assert len([f for f in cache_files(cache) if f.startswith("downloads/")]) == 1
    # the second time, the cache answers: no request
    assert al.data.locate_release(version="5.9").files["a"] == cache / "atop-5.9" / "atop5_9a.csv"
    assert server.hits == ["/atop.zip"]
    assert capfd.readouterr().err == ""  # pooch's log lines are not shown


def test_local_zip_needs_no_network(tmp_path, cache):
    archive = tmp_path / "atop_5.9__.csv_.zip"
    archive.write_bytes(official_zip_bytes(tmp_path))
    for url in (str(archive), archive.as_uri()):
        target = al.data.download_release("5.9", url=url)
        assert sorted(p.name for p in target.iterdir()) == [".atop-cache.json", "atop5_9a.csv", "atop5_9m.csv"]
    assert archive.exists()  # the user's own zip is never deleted


# --------------------------------------------------------------------------- failures

def test_http_404(server, allow_http, cache):
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=server.url("gone.zip"), timeout=5)
    one_line(err, server.url("gone.zip"), "HTTP 404", "set ATOP_DATA_DIR")
    assert cache_files(cache) == []


def test_server_that_stalls(server, allow_http, cache):
    started = time.monotonic()
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=server.url("stall"), timeout=1)
    elapsed = time.monotonic() - started
    one_line(err, server.url("stall"), "did not answer within 1 s", "set ATOP_DATA_DIR")
    assert elapsed < 8  # the timeout applied: the server would have kept the line open 10 s
    assert cache_files(cache) == []


def test_response_cut_short(server, allow_http, cache):
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=server.url("short"), timeout=5)
    one_line(err, "the transfer was cut short", "set ATOP_DATA_DIR")
    assert cache_files(cache) == []


def test_body_that_is_not_a_zip(server, allow_http, cache):
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=server.url("page"), timeout=5)
    one_line(err, f"downloaded from {server.url('page')} is not the official ATOP 5.9 release", "it is not a zip archive", "it was deleted")
    assert cache_files(cache) == []


def test_body_whose_hash_is_wrong(server, allow_http, monkeypatch, cache, tmp_path):
    pin(tmp_path, monkeypatch, {"atop5_9a.csv": "0" * 64, "atop5_9m.csv": registry.sha256_of(MINI / "atop5_9m.csv")})
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=server.url("atop.zip"), timeout=5)
    one_line(err, "is not the official ATOP 5.9 release", "atop5_9a.csv has sha256", "not the pinned 000000000000", "it was deleted")
    assert server.hits == ["/atop.zip"]
    assert cache_files(cache) == []  # neither the zip nor the unpacked files are kept
    # and the next attempt downloads again instead of trusting a kept file
    with pytest.raises(al.DownloadError):
        al.data.download_release("5.9", url=server.url("atop.zip"), timeout=5)
    assert server.hits == ["/atop.zip", "/atop.zip"]


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    return port


def test_offline(allow_http, cache):
    port = closed_port()
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=f"http://127.0.0.1:{port}/atop.zip", timeout=2)
    one_line(err, "no connection could be made", "offline?", "set ATOP_DATA_DIR", f"place the zip in {cache / 'atop-5.9'}")
    assert cache_files(cache) == []


def test_offline_through_load_atop(monkeypatch, cache):
    """What a user sees from a notebook or the CLI: the same one line from load_atop()."""
    monkeypatch.setenv("ATOP_ALLOW_HTTP", "1")
    monkeypatch.setenv("ATOP_DOWNLOAD_URL", f"http://127.0.0.1:{closed_port()}/atop.zip")
    with pytest.raises(al.DownloadError) as err:
        al.load_atop(version="5.9")
    one_line(err, "could not download ATOP 5.9", "set ATOP_DATA_DIR")


def test_plain_http_refused_without_opt_in(server, cache):
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=server.url("atop.zip"))
    one_line(err, "refusing to download", "only https URLs or a local zip are accepted", "ATOP_ALLOW_HTTP=1")
    assert server.hits == []  # not even one request went out
    assert cache_files(cache) == []


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/atop.zip", "gopher://127.0.0.1/atop.zip"])
def test_other_schemes_refused_even_with_opt_in(url, allow_http):
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=url)
    one_line(err, f"refusing to download ATOP from {url}")


def test_https_is_accepted_and_tried(server, cache):
    """https passes the scheme check and is attempted: our plain-http server cannot speak TLS,
    so the attempt fails, in one line, and leaves nothing behind."""
    url = server.url("atop.zip").replace("http://", "https://")
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=url, timeout=2)
    one_line(err, f"could not download ATOP 5.9 from {url}", "the secure (TLS) connection failed")
    assert cache_files(cache) == []


def test_local_zip_that_does_not_exist(tmp_path):
    with pytest.raises(al.DownloadError) as err:
        al.data.download_release("5.9", url=str(tmp_path / "nowhere.zip"))
    one_line(err, f"{tmp_path / 'nowhere.zip'} does not exist", "ATOP_DOWNLOAD_URL")


def test_offline_name_lookup_fails(monkeypatch, cache):
    """Offline as users meet it: the official (https, pinned) address cannot be resolved. The
    lookup is answered here with the resolver's own error; nothing leaves the machine."""
    looked_up = []

    def no_dns(host, *args, **kwargs):
        looked_up.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(al.DownloadError) as err:
        al.load_atop(version="5.1")
    one_line(err, "could not download ATOP 5.1 from https://www.atopdata.org/", "could not be resolved (offline?)",
             "set ATOP_DATA_DIR", f"place the zip in {cache / 'atop-5.1'}")
    assert looked_up == ["www.atopdata.org"]
    assert cache_files(cache) == []
