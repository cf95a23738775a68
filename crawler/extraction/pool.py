"""Extraction in worker processes, each page with a time budget.

trafilatura has no time limit of its own (32 s and 1.3 GB measured on one
20 MB table page) and has crashed under concurrent calls in threads. Here every
page goes to a worker process; a page over budget gets its worker killed and
replaced (`ExtractionFailed("timeout")`), and a worker that dies is replaced
too (`ExtractionFailed("crashed")`). The pool never raises anything else.

Feeding: `submit()` never blocks; it queues the page and returns a Future. One
feeder thread per worker takes the next queued page as soon as its worker is
free, so every worker stays busy while pages wait, with no thread per page.
`extract()` is `submit().result()`, safe to call from several threads at once.

Workers ignore SIGINT and SIGTERM: a Ctrl-C or a `systemctl stop` signals the
whole process group, and the main process, stopping gracefully, still needs them
for the pages in flight; `close()` stops them (and does so at exit, whatever
stopped the main process).

Memory: each worker is a fresh interpreter (`python -c`, talking over a socket
pair) that imports only the extraction modules: about 65 MB of RSS each. The
crawl process itself imports none of them (`job.py` holds what it reads): the
pool's default function, `extract_page`, is imported by the worker.
multiprocessing's forkserver, which preloaded them, shared their pages with the
workers but was a process of its own holding them all (63 MB of RSS), and its
start methods other than fork all start a resource tracker (12 MB) that these
workers do not need (no semaphores, no shared memory); forked from the crawl
process, a worker would hold Scrapy, Twisted and the relevance model as well.
A worker's start costs its imports (about 3 s of CPU): once per worker, and
again only for a page that timed out or crashed one.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection

from crawler.extraction.job import ExtractConfig, Extracted, ExtractionFailed
from crawler.heap import heap_trimmer

LOGGER = logging.getLogger(__name__)

ExtractFunction = Callable[[bytes, str, "str | None", ExtractConfig], Extracted]
# A worker gives the heap that parsed trees freed back to the system after this many pages (about 20 MB each).
_TRIM_EVERY = 10
# Seconds a new worker may take to import and prepare before its first page (about 3 s of CPU on an idle core).
_START_TIMEOUT = 120.0


@dataclass(frozen=True)
class PoolConfig:
    """Worker count, per-page time budget (seconds) and per-worker memory cap (bytes, 0: none)."""

    workers: int = 2
    timeout: float = 30.0
    memory_limit: int = 2 * 1024**3


def _serve(conn: Connection, function: ExtractFunction | None, config: ExtractConfig, memory_limit: int) -> None:
    """A worker's loop: one page in, one (status, value) out, until the pipe closes (`function` None: extract_page)."""
    from crawler.extraction.extract import extract_page, prepare  # in the worker only: trafilatura and the rest

    function = function or extract_page
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a signal to the group is for the main process
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    prepare()
    conn.send(("ready", None))  # a page's time budget starts after the imports, not with them
    trim = heap_trimmer()
    pages = 0
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
        pages += 1
        if trim is not None and pages % _TRIM_EVERY == 0:
            trim(0)


def serve_on(fd: int) -> None:
    """A worker process's entry point: the pipe's end on file descriptor `fd`, then what to run on it."""
    conn = Connection(fd)
    function, config, memory_limit = conn.recv()
    _serve(conn, function, config, memory_limit)


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, function: ExtractFunction | None, config: ExtractConfig, memory_limit: int) -> None:
        self.conn, child = Pipe()
        code = f"from crawler.extraction.pool import serve_on; serve_on({child.fileno()})"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}  # as the crawl finds them
        self.process = subprocess.Popen([sys.executable, "-c", code], pass_fds=[child.fileno()], env=env,
                                        stdin=subprocess.DEVNULL)
        child.close()
        self.conn.send((function, config, memory_limit))  # the function by name (None: extract_page), imported there
        self.ready = False

    def wait_ready(self) -> None:
        """Wait until the worker has imported and prepared; OSError (or EOFError) if it died or hangs."""
        if not self.conn.poll(_START_TIMEOUT):
            raise TimeoutError(f"the worker did not start within {_START_TIMEOUT:g} s")
        self.conn.recv()
        self.ready = True

    def stop(self) -> None:
        try:
            self.conn.close()
        except OSError:  # closed already, by the pool's close() racing a feeder
            pass
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            LOGGER.warning("extraction worker %d did not exit", self.process.pid)


_Job = tuple[bytes, str, "str | None", "Future[Extracted]"]


class ExtractionPool:
    """A fixed set of extraction workers fed from one queue; a stuck or dead one is replaced, the page dropped."""

    def __init__(
        self, config: ExtractConfig, pool: PoolConfig, function: ExtractFunction | None = None
    ) -> None:
        self.config = config
        self.pool = pool
        self.function = function
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self._feeders = [
            threading.Thread(target=self._feed, args=(self._spawn(),), name=f"extraction-feeder-{i}", daemon=True)
            for i in range(max(1, pool.workers))
        ]
        for feeder in self._feeders:
            feeder.start()
        atexit.register(self.close)  # before multiprocessing's own exit hook, which would wait for them

    def _spawn(self) -> _Worker:
        worker = _Worker(self.function, self.config, self.pool.memory_limit)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker | None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        return None if self._closed else self._spawn()

    def _feed(self, worker: _Worker | None) -> None:
        """A feeder thread: the next queued page to this thread's worker, until the pool closes."""
        while worker is not None:
            job = self._jobs.get()
            if job is None:
                return
            body, url, content_type, future = job
            if not future.set_running_or_notify_cancel():
                continue
            if self._closed:
                future.set_exception(ExtractionFailed("closed", "the extraction pool is shut down"))
                continue
            worker = self._run(worker, body, url, content_type, future)

    def _run(self, worker: _Worker, body: bytes, url: str, content_type: str | None, future: Future[Extracted]) -> _Worker | None:
        """One page on one worker; the worker to use next (a new one if this one was killed or died)."""
        try:
            if not worker.ready:
                worker.wait_ready()
            worker.conn.send((body, url, content_type))
            answered = worker.conn.poll(self.pool.timeout)
            status, value = worker.conn.recv() if answered else ("failed", ("timeout", f"over {self.pool.timeout:g} s"))
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError) as exc:
            code = worker.process.poll()
            failed = ExtractionFailed("crashed", f"worker died ({type(exc).__name__}, exit code {code})")
            failed.__cause__ = exc
            future.set_exception(failed)
            return self._replace(worker)
        if status == "failed":
            future.set_exception(ExtractionFailed(*value))
        elif isinstance(value, Extracted):
            future.set_result(value)
        else:
            future.set_exception(ExtractionFailed("crashed", f"worker answered {type(value).__name__}"))
        return worker if answered else self._replace(worker)

    def submit(self, body: bytes, url: str, content_type: str | None = None) -> Future[Extracted]:
        """Queue one page; the Future holds its Extracted, or raises ExtractionFailed only."""
        future: Future[Extracted] = Future()
        if self._closed:
            future.set_exception(ExtractionFailed("closed", "the extraction pool is shut down"))
        else:
            self._jobs.put((body, url, content_type, future))
        return future

    def extract(self, body: bytes, url: str, content_type: str | None = None) -> Extracted:
        """Extract one page in a worker, blocking; raises ExtractionFailed only."""
        return self.submit(body, url, content_type).result()

    def close(self) -> None:
        """Stop every worker; pages still queued fail as "closed"."""
        atexit.unregister(self.close)
        self._closed = True
        for _ in self._feeders:
            self._jobs.put(None)
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
        for feeder in self._feeders:
            feeder.join(timeout=5)
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None and job[3].set_running_or_notify_cancel():
                job[3].set_exception(ExtractionFailed("closed", "the extraction pool is shut down"))
