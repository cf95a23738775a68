"""What scripts/bench_throughput.py serves and runs: the benchmark web, a synthetic web, the stock spider.

`BenchWeb` serves given pages from N hosts of 127.0.0.1 (one port each), each
host's pages listed in its `/sitemap.xml`. `SyntheticWeb` serves N generated
article pages the same way, made on request (nothing held per page), each with
its own words so that dedup keeps them. `page_hits()` counts article pages
answered. Only 127.0.0.1 is ever used.
"""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

KEEP_ALL_PROFILE = """\
# Keeps every article: one optional group, no minimum score, no date window.
name = "keep-all"
[scoring]
min_score = 0.0
[[groups]]
name = "anything"
required = false
terms = ["the"]
"""

# A stock Scrapy crawl: SitemapSpider, trafilatura.extract in an item pipeline, a JSON lines feed.
STOCK_SPIDER = '''\
import json
import sys

import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.spiders import SitemapSpider

CONFIG = json.loads(sys.argv[1])


class ExtractPipeline:
    def process_item(self, item):
        item["text"] = trafilatura.extract(item.pop("body"), url=item["url"], deduplicate=False)
        return item


class Stock(SitemapSpider):
    name = "stock"
    sitemap_urls = CONFIG["sitemaps"]

    def parse(self, response):
        yield {"url": response.url, "body": response.body}


settings = dict(CONFIG["settings"])
settings["ITEM_PIPELINES"] = {ExtractPipeline: 100}
settings["FEEDS"] = {CONFIG["output"]: {"format": "jsonlines"}}
process = CrawlerProcess(settings)
process.crawl(Stock)
process.start()
'''


class _Server(ThreadingHTTPServer):
    """A server that ignores clients closing their connection early (a crawl stopping)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class _Host:
    """One HTTP server on a free port of 127.0.0.1; `page(path)` answers article paths."""

    def __init__(self, web: _Web, index: int) -> None:
        self.web, self.index = web, index
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                status, ctype, body = host.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, path: str) -> tuple[int, str, bytes]:
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{escape(self.base + p)}</loc></url>" for p in self.web.paths(self.index))
            xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return 200, "application/xml", xml.encode()
        body = self.web.page(self.index, path)
        if body is None:
            return 404, "text/html", b"<html><body>not found</body></html>"
        self.web.count()
        return 200, "text/html", body


class _Web:
    """N hosts; subclasses say which paths a host lists and what a path holds."""

    def __init__(self, hosts: int) -> None:
        self.host_count = max(1, hosts)
        self._hits = 0
        self._lock = threading.Lock()
        self.hosts: list[_Host] = []

    def __enter__(self) -> _Web:
        self.hosts = [_Host(self, i) for i in range(self.host_count)]
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        for host in self.hosts:
            host.server.shutdown()
            host.server.server_close()

    def count(self) -> None:
        with self._lock:
            self._hits += 1

    def page_hits(self) -> int:
        return self._hits

    def sitemaps(self) -> list[str]:
        return [f"{host.base}/sitemap.xml" for host in self.hosts]

    def paths(self, host: int) -> list[str]:
        raise NotImplementedError

    def page(self, host: int, path: str) -> bytes | None:
        raise NotImplementedError


class BenchWeb(_Web):
    """The given (name, bytes) pages, dealt round-robin to the hosts."""

    def __init__(self, pages: list[tuple[str, bytes]], hosts: int) -> None:
        super().__init__(hosts)
        self.by_host: list[dict[str, bytes]] = [{} for _ in range(self.host_count)]
        for i, (name, body) in enumerate(pages):
            self.by_host[i % self.host_count]["/p/" + quote(name)] = body

    def __enter__(self) -> BenchWeb:
        super().__enter__()
        return self

    def paths(self, host: int) -> list[str]:
        return list(self.by_host[host])

    def page(self, host: int, path: str) -> bytes | None:
        return self.by_host[host].get(path)


_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa", "do", "gu", "ben", "tor", "lin", "mar"]
_COMMON = ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by", "at"]


class SyntheticWeb(_Web):
    """`pages` generated news articles over the hosts (page i on host i % hosts), about 10 KB each."""

    def __init__(self, pages: int, hosts: int) -> None:
        super().__init__(hosts)
        self.pages = pages
        rng = random.Random(7)
        self.vocabulary = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(60000)})

    def __enter__(self) -> SyntheticWeb:
        super().__enter__()
        return self

    def paths(self, host: int) -> list[str]:
        return [f"/news/{i}.html" for i in range(host, self.pages, self.host_count)]

    def _sentence(self, rng: random.Random) -> str:
        words = [rng.choice(_COMMON) if rng.random() < 0.3 else rng.choice(self.vocabulary) for _ in range(14)]
        return " ".join(words).capitalize() + "."

    def page(self, host: int, path: str) -> bytes | None:
        number = path.removeprefix("/news/").removesuffix(".html")
        if not number.isdigit() or int(number) >= self.pages or int(number) % self.host_count != host:
            return None
        rng = random.Random(int(number))
        title = " ".join(rng.choice(self.vocabulary) for _ in range(7)).capitalize()
        paragraphs = "".join(f"<p>{' '.join(self._sentence(rng) for _ in range(4))}</p>" for _ in range(8))
        menu = "".join(f'<li><a href="/section/{s}">{s}</a></li>' for s in _SYLLABLES)
        related = "".join(f'<li><a href="/news/{rng.randrange(self.pages)}.html">{self._sentence(rng)}</a></li>'
                          for _ in range(6))
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        html = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Site {host}</title>'
            f'<meta property="article:published_time" content="{day}T08:00:00+00:00">'
            f'<meta name="author" content="Reporter {rng.randint(1, 50)}"></head><body>'
            f"<header><nav><ul>{menu}</ul></nav></header>"
            f"<main><article><h1>{title}</h1><p class=byline>By Reporter</p>{paragraphs}</article>"
            f"<aside><h2>Related</h2><ul>{related}</ul></aside></main>"
            f"<footer><p>Copyright Site {host}. All rights reserved.</p><ul>{menu}</ul></footer></body></html>"
        )
        return html.encode("utf-8")
