"""Serve the bundled sample web on 127.0.0.1: one HTTP server per folder of `site/`, each on a free port.

In served files, `{{host:NAME}}` becomes that host's base URL of this run
(e.g. http://127.0.0.1:40123). A path maps to `<path>.html`, `<path>` or
`<path>/index.html`; anything else is a 404. Every request is logged
(`DemoWeb.log`: method, path, User-Agent), for a person or a test to read.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

PLACEHOLDER = re.compile(rb"\{\{host:([a-z0-9-]+)\}\}")
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".rss": "application/rss+xml", ".xml": "application/xml",
                 ".txt": "text/plain; charset=utf-8"}


def site_dir() -> Path:
    """The bundled sample web (works from an installed package too)."""
    return Path(str(resources.files("crawler.demo").joinpath("site")))


@dataclass(frozen=True)
class Hit:
    """One request the sample web answered."""

    host: str
    path: str
    status: int
    user_agent: str


class DemoWeb:
    """Context manager: starts one server per host folder, `url(host)` gives its base URL, `log` its requests."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or site_dir()
        self.hosts = sorted(p.name for p in self.root.iterdir() if p.is_dir())
        self.servers: dict[str, ThreadingHTTPServer] = {}
        self.log: list[Hit] = []
        self._lock = threading.Lock()

    def url(self, host: str) -> str:
        return f"http://127.0.0.1:{self.servers[host].server_address[1]}"

    def __enter__(self) -> DemoWeb:
        for host in self.hosts:
            server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler(host))
            server.daemon_threads = True
            self.servers[host] = server
            threading.Thread(target=server.serve_forever, name=f"demo-{host}", daemon=True).start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    def body(self, host: str, path: str) -> tuple[bytes, str] | None:
        """The bytes and Content-Type served at `path` of `host`, or None."""
        folder = (self.root / host).resolve()
        clean = unquote(urlsplit(path).path).lstrip("/")
        candidates = [f"{clean}.html", clean, f"{clean.rstrip('/')}/index.html".lstrip("/")]
        for name in candidates:
            file = (folder / name).resolve()
            if name and file.is_file() and file.is_relative_to(folder):
                data = PLACEHOLDER.sub(lambda m: self.url(m.group(1).decode()).encode(), file.read_bytes())
                return data, CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        return None

    def _handler(self, host: str) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                found = web.body(host, self.path)
                status = 200 if found else 404
                data, kind = found or (b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>", "text/html")
                with web._lock:
                    web.log.append(Hit(host, self.path, status, self.headers.get("User-Agent", "")))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's signature)
                return  # requests go to DemoWeb.log, not to stderr

        return Handler
