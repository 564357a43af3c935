"""A static HTTP server on 127.0.0.1 for download tests: serves a folder, counts the requests.

Used as ``with serve(folder) as server: server.url + "/wp-content/uploads/states2016.csv"``;
``server.requests`` lists the paths asked for. Plain http, so the tests set ATOP_ALLOW_HTTP=1.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        super().do_GET()


@contextlib.contextmanager
def serve(folder: Path):
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
