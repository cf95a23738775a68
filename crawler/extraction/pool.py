"""Extraction in worker processes, each page with a time budget.

trafilatura has no time limit of its own (32 s and 1.3 GB measured on one
20 MB table page) and has crashed under concurrent calls in threads. Here every
page goes to a worker process; a page over budget gets its worker killed and
replaced (`ExtractionFailed("timeout")`), and a worker that dies is replaced
too (`ExtractionFailed("crashed")`). The pool never raises anything else.

`ExtractionPool.extract()` blocks, and is safe to call from several threads at
once: each call takes a free worker, so at most `workers` pages run together.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import resource
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from crawler.extraction.extract import ExtractConfig, Extracted, ExtractionFailed, extract_page

LOGGER = logging.getLogger(__name__)

ExtractFunction = Callable[[bytes, str, "str | None", ExtractConfig], Extracted]


@dataclass(frozen=True)
class PoolConfig:
    """Worker count, per-page time budget (seconds) and per-worker memory cap (bytes, 0: none)."""

    workers: int = 2
    timeout: float = 30.0
    memory_limit: int = 2 * 1024**3


def _serve(conn: Connection, function: ExtractFunction, config: ExtractConfig, memory_limit: int) -> None:
    """A worker's loop: one page in, one (status, value) out, until the pipe closes."""
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    while True:
        try:
            body, url, content_type = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", function(body, url, content_type, config)))
        except ExtractionFailed as exc:
            conn.send(("failed", (exc.reason, exc.detail)))
        except RecursionError:
            conn.send(("failed", ("too_deep", "the page's tree is too deeply nested")))
        except MemoryError:
            conn.send(("failed", ("too_large", f"over the worker's {memory_limit} bytes of memory")))


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, function: ExtractFunction, config: ExtractConfig, memory_limit: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, function, config, memory_limit), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class ExtractionPool:
    """A fixed set of extraction workers; a stuck or dead one is replaced, the page dropped with a reason."""

    def __init__(
        self, config: ExtractConfig, pool: PoolConfig, function: ExtractFunction = extract_page
    ) -> None:
        self.config = config
        self.pool = pool
        self.function = function
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["crawler.extraction.extract"])
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, pool.workers)):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.function, self.config, self.pool.memory_limit)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.remove(worker)
        if not self._closed:
            self._idle.put(self._spawn())

    def extract(self, body: bytes, url: str, content_type: str | None = None) -> Extracted:
        """Extract one page in a worker; raises ExtractionFailed only."""
        if self._closed:
            raise ExtractionFailed("closed", "the extraction pool is shut down")
        worker = self._idle.get()
        try:
            worker.conn.send((body, url, content_type))
            if not worker.conn.poll(self.pool.timeout):
                self._replace(worker)
                raise ExtractionFailed("timeout", f"over {self.pool.timeout:g} s")
            status, value = worker.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError) as exc:
            code = worker.process.exitcode
            self._replace(worker)
            raise ExtractionFailed("crashed", f"worker died ({type(exc).__name__}, exit code {code})") from exc
        self._idle.put(worker)
        if status == "failed":
            raise ExtractionFailed(*value)
        assert isinstance(value, Extracted)
        return value

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
