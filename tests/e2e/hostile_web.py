"""Misbehaving servers on 127.0.0.1, one port per host, each answering from a table of routes; the staged hostile web.

An `Answer` says what a path gets: a status, a body, a Content-Length that lies,
a delay, or no answer at all (`hang`: the connection stays open until the web
stops). Every request is recorded with its arrival time (`time.monotonic()`),
and for each path how many body bytes the server managed to send.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psutil

from tests.e2e.crawling import PROJECT_DIR, PROXY_VARS, parse_stats, read_jsonl
from tests.fixtureweb.generated import article_text

CRAWL_TIMEOUT = 300  # seconds; the dead host alone costs one DOWNLOAD_TIMEOUT (30 s) or two
CRAWL_DELAY = 2.0
STEADY_ARTICLES = 6
# All staged hosts share one IP, hence one of Scrapy's per-domain slots: let them run side by side as separate sites would.
SETTINGS = (
    "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=True", "AUTOTHROTTLE_START_DELAY=0", "LOG_LEVEL=INFO",
    "CONCURRENT_REQUESTS_PER_DOMAIN=32", "CONCURRENT_REQUESTS=32",
)  # fmt: skip


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


# --- the staged web of tests/e2e/test_hostile.py and scripts/bench_hostile.py ------------------
def article(number: int, paragraphs: int = 4, wrap: tuple[str, str] = ("", "")) -> bytes:
    """An on-topic article page (default profile), unique by its number; 4 paragraphs per revision of its text."""
    title, texts = article_text(number, 1)
    for revision in range(2, paragraphs // 4 + 2):
        texts += article_text(number, revision)[1]
    texts = texts[:paragraphs]
    body = "".join(f"<p>{t}</p>" for t in texts)
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article"></head><body><nav><a href="/">Accueil</a></nav>'
        f"{wrap[0]}<article><h1>{title}</h1>{body}</article>{wrap[1]}<footer>Site de test</footer></body></html>"
    ).encode()


def home(links: list[str]) -> bytes:
    items = "".join(f'<li><a href="{href}">Lire {href}</a></li>' for href in links)
    return f'<!doctype html><html><head><title>Accueil</title></head><body><ul>{items}</ul></body></html>'.encode()


def news_sitemap(base: str, entries: list[tuple[str, str]]) -> Answer:
    urls = "".join(
        f"<url><loc>{base}{path}</loc><news:news><news:publication><news:name>T</news:name><news:language>fr"
        f"</news:language></news:publication><news:publication_date>2020-03-02T10:00:00+00:00</news:publication_date>"
        f"<news:title>{title}</news:title></news:news></url>"
        for path, title in entries
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    )
    return Answer(body=xml.encode(), content_type="application/xml")


def robots(text: str) -> Answer:
    return Answer(body=text.encode(), content_type="text/plain")


def pdf_bytes() -> bytes:
    stream = bytes((i * 37 + 11) % 256 for i in range(40_000))
    return b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 40000 /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\n"


def table_page() -> bytes:
    rows = "".join(f"<tr><td>{i}</td><td>Huawei ban figure {i}</td><td>{i * 7}</td></tr>\n" for i in range(100_000))
    return f"<html><head><title>Huawei ban: every figure</title></head><body><table>{rows}</table></body></html>".encode()


# --- the staged web -------------------------------------------------------------------------
@dataclass
class Stage:
    web: HostileWeb
    run: list[int]  # [1] or [2]: which crawl the routes answer for

    def host(self, name: str) -> StagedHost:
        return self.web.hosts[name]


def stage_web() -> Stage:
    web, run = HostileWeb(), [1]
    stage = Stage(web, run)

    def two_pages(number: int, down: Answer) -> Any:
        def routes(path: str) -> Answer:
            if path == "/robots.txt":
                return down if run[0] == 1 else robots("User-agent: *\nDisallow: /private/\n")
            pages = {"/": Answer(body=home(["/news/open", "/private/closed"])), "/news/open": Answer(body=article(number)),
                     "/private/closed": Answer(body=article(number + 1))}  # fmt: skip
            return pages.get(path, NOT_FOUND)

        return routes

    web.add("flaky", two_pages(9100, Answer(503, b"Service Unavailable", "text/plain")))
    web.add("hanging", two_pages(9110, Answer(hang=True)))

    def steady(path: str) -> Answer:
        base = web.hosts["steady"].base
        if path == "/robots.txt":
            return robots(f"User-agent: *\nCrawl-delay: {CRAWL_DELAY:g}\nSitemap: {base}/news-sitemap.xml\n")
        if path == "/news-sitemap.xml":
            return news_sitemap(base, [(f"/news/{n}", f"Huawei ban {n}") for n in range(STEADY_ARTICLES)])
        if path.startswith("/news/") and path[6:].isdigit():
            return Answer(body=article(9200 + int(path[6:])))
        return Answer(body=home([])) if path == "/" else NOT_FOUND

    web.add("steady", steady)

    big_robots = (
        b"User-agent: *\nDisallow: /blocked/\n" + (b"# padding line " + b"y" * 84 + b"\n") * 100_000 + b"Disallow: /late/\n"
    )  # fmt: skip

    def bigrobots(path: str) -> Answer:
        pages = {"/robots.txt": Answer(body=big_robots, content_type="text/plain"),
                 "/": Answer(body=home(["/blocked/a", "/late/b"])),
                 "/blocked/a": Answer(body=article(9300)), "/late/b": Answer(body=article(9301))}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    web.add("bigrobots", bigrobots)

    def junk(path: str) -> Answer:
        base = web.hosts["junk"].base
        pages = {"/robots.txt": robots("User-agent: *\nAllow: /\n"),
                 "/sitemap.xml": news_sitemap(base, [("/news/report", "Huawei: the FCC ban report"),
                                                     ("/news/fine", "Huawei et les sanctions")]),
                 "/news/report": Answer(body=pdf_bytes()), "/news/fine": Answer(body=article(9400))}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    web.add("junk", junk)
    # 8 paragraphs: on topic by its text alone (its title is lost with the nesting: trafilatura reads <title> then)
    table, deep = table_page(), article(9500, paragraphs=8, wrap=("<div>" * 100_000, "</div>" * 100_000))

    def giant(path: str) -> Answer:
        base = web.hosts["giant"].base
        pages = {"/robots.txt": robots("User-agent: *\nAllow: /\n"),
                 "/sitemap.xml": news_sitemap(base, [("/news/table", "Huawei ban figures"), ("/news/deep", "Huawei ban")]),
                 "/news/table": Answer(body=table), "/news/deep": Answer(body=deep)}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    web.add("giant", giant)
    lying = article(9600, paragraphs=12)

    def liar(path: str) -> Answer:
        base = web.hosts["liar"].base
        pages = {"/robots.txt": NOT_FOUND,
                 "/sitemap.xml": news_sitemap(base, [("/news/cut", "Huawei et la sécurité nationale")]),
                 "/news/cut": Answer(body=lying, content_length=len(lying) // 2)}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    web.add("liar", liar)
    web.add("dead", lambda path: NOT_FOUND if path == "/robots.txt" else Answer(hang=True))
    return stage


def seeds(stage: Stage, run: int) -> list[str]:
    hosts = stage.web.hosts
    found = [hosts["flaky"].base + "/", hosts["flaky"].base + "/private/closed", hosts["hanging"].base + "/",
             hosts["hanging"].base + "/private/closed"]  # fmt: skip
    if run == 1:
        found += [hosts["steady"].base + "/", hosts["bigrobots"].base + "/", hosts["junk"].base + "/sitemap.xml",
                  hosts["giant"].base + "/sitemap.xml", hosts["liar"].base + "/sitemap.xml",
                  hosts["dead"].base + "/", hosts["dead"].base + "/news/a", hosts["dead"].base + "/news/b"]  # fmt: skip
    return found


# --- one crawl, its RSS sampled -------------------------------------------------------------
@dataclass
class Crawl:
    returncode: int | None
    seconds: float
    peak_rss: int  # bytes, the crawl's whole process tree
    log: str
    stats: dict[str, float]
    articles: list[dict[str, Any]]
    rejected: list[dict[str, Any]]


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # a worker that just ended
            continue
    return total


def crawl(urls: list[str], output_dir: Path, log_path: Path, project: Path = PROJECT_DIR) -> Crawl:
    """One `scrapy crawl topic` of `project` (its own process group), its process tree's RSS sampled every 0.2 s."""
    command = [sys.executable, "-m", "scrapy", "crawl", "topic", "-a", "urls=" + ",".join(urls), "-s", f"OUTPUT_DIR={output_dir}"]
    for setting in SETTINGS:
        command += ["-s", setting]
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    peak, started = 0, time.monotonic()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        watched = psutil.Process(proc.pid)
        returncode: int | None = None
        while time.monotonic() - started < CRAWL_TIMEOUT:
            try:
                peak = max(peak, tree_rss(watched))
            except psutil.Error:
                pass
            returncode = proc.poll()
            if returncode is not None:
                break
            time.sleep(0.2)
        else:
            os.killpg(proc.pid, 9)
            proc.wait()
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return Crawl(returncode, time.monotonic() - started, peak, text, parse_stats(text),
                 read_jsonl(output_dir / "articles.jsonl"), read_jsonl(output_dir / "rejected.jsonl"))  # fmt: skip


@dataclass
class Outcome:
    """The two crawls of the staged web and what its servers saw."""

    stage: Stage
    first: Crawl
    second: Crawl
    first_started: float  # time.monotonic() at each crawl's start
    second_started: float


def run_stage(out: Path, project: Path = PROJECT_DIR) -> Outcome:
    """Stage the web, crawl it twice into `out`/output (robots.txt failing, then answering), stop the web."""
    stage = stage_web()
    out.mkdir(parents=True, exist_ok=True)
    try:
        first_started = time.monotonic()
        first = crawl(seeds(stage, 1), out / "output", out / "first.log", project)
        stage.run[0] = 2
        second_started = time.monotonic()
        second = crawl(seeds(stage, 2), out / "output", out / "second.log", project)
        return Outcome(stage, first, second, first_started, second_started)
    finally:
        stage.web.stop()
