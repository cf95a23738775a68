"""A local replica of many real sites, built from the benchmark pages, for `scripts/bench_crawl.py`.

Every page of ../shared/benchmarks (scrapinghub, trafilatura-eval, wcxb dev)
stays on its original host name and path, served over http by ONE threaded
server on 127.0.0.1 that tells hosts apart by the absolute URL of a proxy
request (or the Host header): a crawler reaches the replica with
`http_proxy=http://127.0.0.1:PORT` in its environment, set only by the
benchmark. Each host gets

    /robots.txt            Allow: / and `Sitemap: /sitemap_index.xml`
    /sitemap_index.xml     -> /sitemap-news.xml
    /sitemap-news.xml      a news sitemap of the host's *listed* pages (a share of them, chosen by hash)
    /  (or /home/ when a benchmark page is the host's /)
                           the home page: links to every page, or to section pages of 20 when more
    /section/N/            section pages

The pages' own links keep their host and path (only https becomes http, the
scheme this web is served in): most lead nowhere here and answer 404, as dead
links do.
The server logs every request: (time, crawler, host, path, status).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.dedup.urlkeys import url_key
from crawler.discovery.urls import canonicalize_url

SECTION_SIZE = 20
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


@dataclass
class WebPage:
    """One benchmark page on its host: where it is served, its file, whether it is an article, whether it is listed."""

    url: str  # http://host/path?query, canonical
    file: Path
    article: bool
    title: str = ""
    listed: bool = False


@dataclass
class Host:
    name: str
    pages: list[WebPage] = field(default_factory=list)
    home: str = "/"


def _http_url(url: str) -> str:
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return canonicalize_url(f"http://{(parts.hostname or '').lower()}{path}{'?' + parts.query if parts.query else ''}")


def load_pages(benchmarks: Path) -> list[WebPage]:
    """Every benchmark page with its original URL (made http) and whether it is an article."""
    pages: list[WebPage] = []
    scrapinghub = benchmarks / "scrapinghub"
    truth = json.loads((scrapinghub / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in sorted(truth.items()):
        pages.append(WebPage(_http_url(entry["url"]), scrapinghub / "html" / f"{key}.html.gz", True))
    evaluation = benchmarks / "trafilatura-eval"
    for url, entry in sorted(json.loads((evaluation / "evaldata.json").read_text(encoding="utf-8")).items()):
        pages.append(WebPage(_http_url(url), evaluation / "html" / f"{entry['file']}.gz", True))
    wcxb = benchmarks / "wcxb" / "dev"
    for path in sorted((wcxb / "ground-truth").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not data.get("url"):
            continue
        kind = data.get("_internal", {}).get("page_type", {}).get("primary")
        title = (data.get("ground_truth") or {}).get("title") or ""
        pages.append(WebPage(_http_url(data["url"]), wcxb / "html" / f"{path.stem}.html.gz", kind == "article", title))
    return [p for p in pages if urlsplit(p.url).hostname and p.file.is_file()]


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


def build_web(pages: list[WebPage], hosts: int = 0, max_pages: int = 0, listed_share: float = 0.8) -> list[Host]:
    """Group pages by host (most articles first, then most pages, then a hash of the name), cap, mark the listed ones.

    A page whose URL differs from one already taken only in what names the same page (a trailing slash, `www.`,
    a session id: the dedup room's URL key) is the same page saved twice by the benchmarks: it is taken once.
    """
    by_host: dict[str, Host] = {}
    seen: set[str] = set()
    for page in pages:
        if url_key(page.url) in seen:
            continue
        seen.add(url_key(page.url))
        name = urlsplit(page.url).netloc
        by_host.setdefault(name, Host(name)).pages.append(page)
    ordered = sorted(by_host.values(), key=lambda h: (-sum(p.article for p in h.pages), -len(h.pages), _hash(h.name)))
    chosen = ordered[:hosts] if hosts else ordered
    if max_pages:
        total, kept = 0, list[Host]()
        for host in chosen:
            if total + len(host.pages) > max_pages and kept:
                host.pages = host.pages[: max(1, max_pages - total)]
            kept.append(host)
            total += len(host.pages)
            if total >= max_pages:
                break
        chosen = kept
    for host in chosen:
        for page in host.pages:
            page.listed = _hash(page.url) % 1000 < listed_share * 1000
            if not page.title:
                found = _TITLE.search(read_page(page)[:200_000])
                page.title = html.unescape(found.group(1).decode("utf-8", "replace")).strip()[:200] if found else ""
        if any(urlsplit(p.url).path == "/" for p in host.pages):
            host.home = "/home/"
    return chosen


def read_page(page: WebPage) -> bytes:
    return gzip.decompress(page.file.read_bytes())


def _links_page(title: str, links: list[tuple[str, str]]) -> bytes:
    items = "".join(f'<li><a href="{html.escape(u)}">{html.escape(t or u)}</a></li>' for u, t in links)
    return f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>" \
        f"<main><ul>{items}</ul></main></body></html>".encode()


def site_files(host: Host) -> dict[str, tuple[str, bytes]]:
    """The generated files of a host: path -> (content type, body)."""
    base = f"http://{host.name}"
    files: dict[str, tuple[str, bytes]] = {}
    files["/robots.txt"] = ("text/plain", f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap_index.xml\n".encode())
    files["/sitemap_index.xml"] = ("application/xml", (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>").encode())
    day = time.strftime("%Y-%m-%d")
    entries = "".join(
        f"<url><loc>{html.escape(p.url)}</loc><news:news><news:publication><news:name>{html.escape(host.name)}</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{day}</news:publication_date>"
        f"<news:title>{html.escape(p.title)}</news:title></news:news></url>"
        for p in host.pages if p.listed
    )
    files["/sitemap-news.xml"] = ("application/xml", (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>').encode())
    links = [(p.url, p.title) for p in host.pages]
    if len(links) <= SECTION_SIZE:
        files[host.home] = ("text/html; charset=utf-8", _links_page(host.name, links))
    else:
        sections = [links[i : i + SECTION_SIZE] for i in range(0, len(links), SECTION_SIZE)]
        files[host.home] = ("text/html; charset=utf-8", _links_page(host.name, [
            (f"{base}/section/{n}/", f"Section {n}") for n in range(1, len(sections) + 1)]))
        for n, section in enumerate(sections, 1):
            files[f"/section/{n}/"] = ("text/html; charset=utf-8", _links_page(f"{host.name} section {n}", section))
    return files


class CrawlWeb:
    """Serves the web of `hosts` on 127.0.0.1:port; `log` holds (time, crawler, host, path, status) per request."""

    def __init__(self, hosts: list[Host]) -> None:
        self.hosts = hosts
        self.files: dict[str, dict[str, tuple[str, bytes]]] = {h.name: site_files(h) for h in hosts}
        self.pages: dict[str, WebPage] = {p.url: p for h in hosts for p in h.pages}
        self.log: list[tuple[float, str, str, str, int]] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def seeds(self) -> list[str]:
        return [f"http://{h.name}{h.home}" for h in self.hosts]

    def robots(self) -> list[str]:
        return [f"http://{h.name}/robots.txt" for h in self.hosts]

    def articles(self) -> set[str]:
        return {p.url for p in self.pages.values() if p.article}

    def listed_articles(self) -> set[str]:
        return {p.url for p in self.pages.values() if p.article and p.listed}

    def answer(self, target: str, host_header: str) -> tuple[str, int, str, bytes]:
        """(host, status, content type, body) for a request target (absolute URL or path)."""
        parts = urlsplit(target if "://" in target else f"http://{host_header}{target}")
        host = parts.netloc.lower()
        path = parts.path or "/"
        generated = self.files.get(host, {}).get(path)
        if generated and not parts.query:
            return host, 200, generated[0], generated[1]
        page = self.pages.get(canonicalize_url(f"http://{host}{path}{'?' + parts.query if parts.query else ''}"))
        if page is not None:  # its links keep their host and path; https ones become http, as this web is served
            return host, 200, "text/html", read_page(page).replace(b"https://", b"http://")
        return host, 404, "text/html", b"<html><body><h1>Not found</h1></body></html>"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def _record(self, host: str, path: str, status: int) -> None:
                agent = self.headers.get("User-Agent", "")
                with web._lock:
                    web.log.append((time.time(), agent, host, path, status))

            def do_GET(self) -> None:  # noqa: N802
                host, status, content_type, body = web.answer(self.path, self.headers.get("Host", ""))
                self._record(host, urlsplit(self.path).path, status)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_CONNECT(self) -> None:  # noqa: N802
                self._record(self.path.split(":", 1)[0].lower(), "CONNECT", 405)
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        return Handler

    def requests_of(self, agent: str) -> list[tuple[float, str, str, int]]:
        with self._lock:
            return [(t, h, p, s) for t, a, h, p, s in self.log if agent in a]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def hosts_active_per_minute(requests: list[tuple[float, str, str, int]]) -> list[tuple[int, int, int]]:
    """(minute, hosts requested in it, hosts with pending work in it): a host has pending work from its first
    request to its last one."""
    if not requests:
        return []
    start = min(t for t, *_ in requests)
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    active: dict[int, set[str]] = defaultdict(set)
    for t, host, _path, _status in requests:
        first[host] = min(first.get(host, t), t)
        last[host] = max(last.get(host, t), t)
        active[int((t - start) // 60)].add(host)
    minutes = int((max(last.values()) - start) // 60) + 1
    rows = []
    for m in range(minutes):
        lo, hi = start + 60 * m, start + 60 * (m + 1)
        pending = sum(1 for h in first if first[h] < hi and last[h] >= lo)
        rows.append((m, len(active[m]), pending))
    return rows
