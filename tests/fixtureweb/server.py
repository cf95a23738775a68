"""A small web of fictional news sites served on 127.0.0.1, for end-to-end crawls.

Layout: every folder under ``site/`` is one host. ``FixtureWeb`` starts one
``ThreadingHTTPServer`` per host, each on its own free port of 127.0.0.1, except
the host named ``offsite`` which is reached as ``localhost:PORT`` (a domain that a
crawl limited to 127.0.0.1 must never fetch).

Mapping a URL path to a file of the host's folder (first match wins):
``/`` and any path ending in ``/`` -> ``<path>index.html``; the path itself if it
is a file; ``<path>/index.html`` if the path is a folder; ``<path>.html``. So
``/article/x`` may be stored as ``article/x.html``. The query string is ignored.
No file -> 404 with a small HTML body. ``routes.toml`` is never served.

Content-Type comes from the file's extension (see ``CONTENT_TYPES``).

Placeholders: ``{{host:NAME}}`` in any served file is replaced, on the bytes (a
Latin-1 file stays Latin-1), by that host's base URL of this run, e.g.
``http://127.0.0.1:40123`` (``http://localhost:PORT`` for ``offsite``). An
unknown NAME answers 500.

Per-host overrides in ``site/<host>/routes.toml``, one table per URL path::

    ["/old/page"]            # a redirect
    status = 301
    location = "/article/page"          # relative to the host, or absolute (302 if no status)
    ["/latin1-page"]
    headers = { "Content-Type" = "text/html; charset=utf-8" }
    delay = 1.5                          # seconds to wait before answering
    ["/sitemap-archive.xml.gz"]
    file = "sitemap-archive.xml"         # serve this file (placeholders replaced) ...
    gzip = true                          # ... gzipped at serve time, as application/gzip
                                         # raw bytes (no Content-Encoding)

``hits(host)`` counts every request (robots.txt included) by path, query
string excluded. ``override(host, file, data)`` serves ``data`` (placeholders
replaced) wherever a file of a host would be served, until ``clear_overrides()``
or ``override(host, file, None)``: a page that changes between two crawls.
``python -m tests.fixtureweb.server`` serves the web by hand.
"""

from __future__ import annotations

import gzip as gziplib
import re
import threading
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).parent / "site"
OFFSITE_HOST = "offsite"
PLACEHOLDER = re.compile(rb"\{\{host:([A-Za-z0-9_-]+)\}\}")
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
NOT_FOUND_BODY = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


@dataclass
class Route:
    """The overrides of one URL path, from routes.toml."""

    status: int = 200
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    file: str = ""
    gzip: bool = False

    @classmethod
    def from_toml(cls, table: dict[str, Any]) -> Route:
        return cls(
            status=int(table.get("status", 200)),
            location=str(table.get("location", "")),
            headers={str(k): str(v) for k, v in table.get("headers", {}).items()},
            delay=float(table.get("delay", 0.0)),
            file=str(table.get("file", "")),
            gzip=bool(table.get("gzip", False)),
        )


@dataclass
class Host:
    """One fictional site: its folder, its routes, its server and its hit counts."""

    name: str
    root: Path
    routes: dict[str, Route]
    server: ThreadingHTTPServer | None = None
    hits: Counter[str] = field(default_factory=Counter)


class FixtureWeb:
    """One HTTP server per host of ``site_dir``, on free ports of 127.0.0.1."""

    def __init__(self, site_dir: Path = SITE_DIR, offsite: str = OFFSITE_HOST) -> None:
        self.site_dir = site_dir
        self.offsite = offsite
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.hosts: dict[str, Host] = {}
        self._overrides: dict[Path, bytes] = {}
        for folder in sorted(p for p in site_dir.iterdir() if p.is_dir()):
            routes_file = folder / "routes.toml"
            routes: dict[str, Route] = {}
            if routes_file.is_file():
                with routes_file.open("rb") as fh:
                    routes = {path: Route.from_toml(t) for path, t in tomllib.load(fh).items()}
            self.hosts[folder.name] = Host(folder.name, folder, routes)

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> FixtureWeb:
        for host in self.hosts.values():
            host.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class(host))
            host.server.daemon_threads = True
            thread = threading.Thread(
                target=host.server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"fixtureweb-{host.name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for host in self.hosts.values():
            if host.server is not None:
                host.server.shutdown()
                host.server.server_close()
                host.server = None
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def __enter__(self) -> FixtureWeb:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # --- addresses and counts -------------------------------------------------------
    def port(self, host_name: str) -> int:
        server = self.hosts[host_name].server
        if server is None:
            raise RuntimeError("FixtureWeb is not started")
        return int(server.server_address[1])

    def base(self, host_name: str) -> str:
        hostname = "localhost" if host_name == self.offsite else "127.0.0.1"
        return f"http://{hostname}:{self.port(host_name)}"

    def url(self, host_name: str, path: str = "/") -> str:
        return self.base(host_name) + (path if path.startswith("/") else "/" + path)

    def hits(self, host_name: str) -> dict[str, int]:
        with self._lock:
            return dict(self.hosts[host_name].hits)

    # --- pages that change between crawls --------------------------------------------
    def override(self, host_name: str, file: str, data: bytes | None) -> None:
        """Serve ``data`` instead of the bytes of ``file`` (relative to the host's folder); None restores it."""
        target = (self.hosts[host_name].root / file).resolve()
        if not target.is_file():
            raise FileNotFoundError(target)
        with self._lock:
            if data is None:
                self._overrides.pop(target, None)
            else:
                self._overrides[target] = data

    def clear_overrides(self) -> None:
        with self._lock:
            self._overrides.clear()

    # --- serving --------------------------------------------------------------------
    def render(self, data: bytes) -> bytes:
        """Replace every ``{{host:NAME}}`` by that host's base URL (KeyError if unknown)."""
        return PLACEHOLDER.sub(lambda m: self.base(m.group(1).decode("ascii")).encode("ascii"), data)

    def resolve(self, host: Host, path: str) -> Path | None:
        """The file that serves ``path`` on ``host``, or None."""
        rel = unquote(path).lstrip("/")
        candidates = [rel + "index.html"] if rel == "" or rel.endswith("/") else [rel, rel + "/index.html", rel + ".html"]
        root = host.root.resolve()
        for candidate in candidates:
            target = (root / candidate).resolve()
            if target.is_relative_to(root) and target.is_file() and target.name != "routes.toml":
                return target
        return None

    def respond(self, host: Host, path: str) -> tuple[int, dict[str, str], bytes, float]:
        """Status, headers, body and delay for a GET of ``path`` on ``host``."""
        route = host.routes.get(path, Route())
        headers: dict[str, str] = {}
        if route.location:
            location = route.location if "//" in route.location else self.base(host.name) + route.location
            headers["Location"] = self.render(location.encode()).decode()
            headers["Content-Type"] = "text/html; charset=utf-8"
            body = b"<html><body>Moved</body></html>"
            return route.status if route.status != 200 else 302, headers | route.headers, body, route.delay
        target = self.resolve(host, route.file or path)
        if target is None:  # no file: 404, or the route's own status (e.g. 410) with the small body
            headers["Content-Type"] = "text/html; charset=utf-8"
            status = route.status if route.status != 200 else 404
            return status, headers | route.headers, NOT_FOUND_BODY, route.delay
        with self._lock:
            replaced = self._overrides.get(target)
        body = self.render(target.read_bytes() if replaced is None else replaced)
        headers["Content-Type"] = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        if route.gzip:
            body = gziplib.compress(body, mtime=0)
            headers["Content-Type"] = "application/gzip"
        return route.status, headers | route.headers, body, route.delay

    def _handler_class(self, host: Host) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "FixtureWeb/1.0"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                self._answer(with_body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(with_body=False)

            def _answer(self, with_body: bool) -> None:
                path = urlsplit(self.path).path or "/"
                with web._lock:
                    host.hits[path] += 1
                try:
                    status, headers, body, delay = web.respond(host, path)
                except KeyError as exc:
                    status, headers, body, delay = 500, {"Content-Type": "text/plain"}, f"unknown host {exc}".encode(), 0.0
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if with_body:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        return Handler


def main() -> None:
    """Serve the fixture web by hand: ``python -m tests.fixtureweb.server``."""
    with FixtureWeb() as web:
        for name in web.hosts:
            print(f"{name:10} {web.url(name)}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
