"""Misbehaving servers on 127.0.0.1, one port per host, each answering from a table of routes.

An `Answer` says what a path gets: a status, a body, a Content-Length that lies,
a delay, or no answer at all (`hang`: the connection stays open until the web
stops). Every request is recorded with its arrival time (`time.monotonic()`),
and for each path how many body bytes the server managed to send.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Answer:
    """What the server does for one path."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    hang: bool = False  # accept the request and never answer
    content_length: int | None = None  # a Content-Length header other than the body's size


Routes = Callable[[str], Answer]
NOT_FOUND = Answer(404, b"<html><body>not found</body></html>")


class StagedHost:
    """One host: its server thread, its routes (replaceable between crawls) and what it saw."""

    def __init__(self, name: str, routes: Routes, release: threading.Event) -> None:
        self.name = name
        self.routes = routes
        self.release = release
        self.lock = threading.Lock()
        self.hits: list[tuple[float, str]] = []
        self.sent: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def paths(self) -> list[str]:
        with self.lock:
            return [path for _, path in self.hits]

    def times(self, prefix: str = "/") -> list[float]:
        with self.lock:
            return [at for at, path in self.hits if path.startswith(prefix)]

    def _handler(self) -> Any:
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path.split("?", 1)[0]
                with host.lock:
                    host.hits.append((time.monotonic(), path))
                answer = host.routes(path)
                if answer.hang:
                    host.release.wait(600)
                    return
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                length = answer.content_length if answer.content_length is not None else len(answer.body)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                sent = 0
                try:
                    for start in range(0, len(answer.body), 65536):
                        self.wfile.write(answer.body[start : start + 65536])
                        sent += len(answer.body[start : start + 65536])
                except OSError:  # the client stopped reading
                    pass
                with host.lock:
                    host.sent[path] = max(host.sent.get(path, 0), sent)

            def log_message(self, *args: Any) -> None:
                return

        return Handler


class HostileWeb:
    """A set of staged hosts; `stop()` releases every hanging request and closes the servers."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.hosts: dict[str, StagedHost] = {}

    def add(self, name: str, routes: Routes) -> StagedHost:
        self.hosts[name] = StagedHost(name, routes, self.release)
        return self.hosts[name]

    def stop(self) -> None:
        self.release.set()
        for host in self.hosts.values():
            host.server.shutdown()
            host.server.server_close()
