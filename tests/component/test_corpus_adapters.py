"""The adapters of the corpus outputs: WARC middleware, feed exporters, the Page -> Article fields."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler import settings as project_settings
from crawler.extensions.feeds import ArticleCsvExporter, ArticleJsonExporter, ArticleJsonLinesExporter
from crawler.extraction.extract import extract_page
from crawler.items import Article, Page
from crawler.middlewares.tdm import RobotsTdmMiddleware
from crawler.middlewares.warc import WarcMiddleware
from crawler.pipelines.extract import to_article

SITE = Path(__file__).resolve().parents[1] / "fixtureweb" / "site" / "tdmpress" / "article"


def crawler_for(tmp_path: Path, **extra: Any) -> Any:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path), **extra)
    return get_crawler(settings_dict=values)


def an_article() -> Article:
    return Article(url="https://n.example/a", canonical_url="https://n.example/a", title="T", text="some text",
                   language="en", published=None, authors=["A"], sitename=None, fetched_at="2026-01-01T00:00:00+00:00",
                   id="abc", source="feed", frontier_key="k")  # fmt: skip


def test_warc_middleware_archives_and_tells_the_request(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    middleware = WarcMiddleware.from_crawler(crawler)
    request = Request("http://127.0.0.1:9/a", cb_kwargs={"source": "feed", "hints": {"title": "Hint", "x": None}})
    response = HtmlResponse(request.url, body=b"<html><body>hello</body></html>", headers={"Content-Type": "text/html"},
                            request=request)  # fmt: skip
    assert asyncio.run(middleware.process_response(request, response)) is response
    warc = tmp_path / "warc" / request.meta["warc_file"]
    with warc.open("rb") as stream:  # in the file once the response goes on (written on the archive's thread)
        records = {r.rec_type: r.rec_headers for r in ArchiveIterator(stream)}
    middleware.spider_closed()
    assert records["response"].get_header("WARC-Record-ID") == request.meta["warc_record_id"]
    assert records["response"].get_header("Crawler-Source") == "feed"
    assert json.loads(records["response"].get_header("Crawler-Hints")) == {"title": "Hint"}
    assert request.meta["warc_date"].endswith("+00:00")
    assert crawler.stats.get_value("warc/records") == 1


def test_warc_off_is_not_configured(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        WarcMiddleware.from_crawler(crawler_for(tmp_path, WARC_ENABLED=False))


def test_feed_exporters_write_the_articles_jsonl_row() -> None:
    item = an_article()
    for exporter_class in (ArticleJsonLinesExporter, ArticleJsonExporter):
        out = io.BytesIO()
        exporter = exporter_class(out)
        exporter.start_exporting()
        exporter.export_item(item)
        exporter.finish_exporting()
        text = out.getvalue().decode()
        row = json.loads(text)[0] if text.lstrip().startswith("[") else json.loads(text)
        assert list(row) == list(item.record()), exporter_class
        assert "frontier_key" not in row and "source" not in row
    out = io.BytesIO()
    csv = ArticleCsvExporter(out)
    csv.start_exporting()
    csv.export_item(item)
    csv.finish_exporting()
    assert out.getvalue().decode().splitlines()[0].split(",") == list(item.record())


def tdm_page(name: str, headers: dict[str, str] | None = None, **fields: Any) -> Page:
    body = (SITE / f"{name}.html").read_bytes()
    return Page(url=f"http://127.0.0.1:9/article/{name}", body=body,
                headers={"content-type": "text/html; charset=utf-8", **(headers or {})},
                fetched_at="2026-01-01T00:00:00+00:00", **fields)  # fmt: skip


def test_page_to_article_carries_warc_place_tdm_and_one_date_form() -> None:
    cases = {
        "fcc-covered-list-update": ({"tdm-reservation": "1"}, (True, "header:tdm-reservation"),
                                    ("2021-03-12T16:40:00+00:00", "datetime")),
        "commerce-entity-list-hikvision": ({}, (True, "meta:tdm-reservation"), ("2021-03-02", "date")),
        "pentagon-ndaa-zte": ({}, (True, "meta:robots"), ("2021-02-18T08:15:00-05:00", "datetime")),
        "rip-and-replace-funding": ({}, (False, "meta:tdm-reservation"), ("2021-04-07", "date")),
        "senate-hearing-huawei-espionage": ({}, (None, None), None),
    }  # fmt: skip
    for name, (headers, tdm, published) in cases.items():
        page = tdm_page(name, headers, warc_file="crawl-x.warc.gz", warc_record_id="<urn:uuid:1>")
        article = to_article(page, extract_page(page.body, page.url, page.headers["content-type"]))
        assert (article.tdm_reserved, article.tdm_source) == tdm, name
        if published:
            assert (article.published, article.published_precision) == published, name
        assert (article.warc_file, article.warc_record_id) == ("crawl-x.warc.gz", "<urn:uuid:1>")


def test_robots_txt_verdict_on_the_page_reaches_the_article() -> None:
    page = tdm_page("senate-hearing-huawei-espionage", tdm_robots=True)
    article = to_article(page, extract_page(page.body, page.url, None))
    assert (article.tdm_reserved, article.tdm_source) == (True, "robots.txt")
    assert article.warc_file is None  # no WARC: null, not ""


def test_feed_date_is_used_when_the_page_has_none() -> None:
    body = b"<html><head><title>T</title></head><body><article><p>" + b"Huawei word " * 80 + b"</p></article></body></html>"
    page = Page(url="http://127.0.0.1:9/x", body=body, headers={}, fetched_at="f",
                hints={"published": "Wed, 21 Apr 2021 14:30:00 +0100"})  # fmt: skip
    found = extract_page(body, page.url)
    assert found.published is None
    article = to_article(page, found)
    assert (article.published, article.published_precision) == ("2021-04-21T14:30:00+01:00", "datetime")


def test_robots_txt_ai_groups_mark_later_requests(tmp_path: Path) -> None:
    middleware = RobotsTdmMiddleware.from_crawler(crawler_for(tmp_path))
    robots = b"User-agent: *\nDisallow:\n\nUser-agent: GPTBot\nDisallow: /news/\n"
    robots_request = Request("http://127.0.0.1:9/robots.txt")
    middleware.process_response(robots_request, HtmlResponse(robots_request.url, body=robots, request=robots_request))
    verdicts = {}
    for url in ("http://127.0.0.1:9/news/a", "http://127.0.0.1:9/blog/b", "http://127.0.0.1:10/news/a"):
        request = Request(url)
        middleware.process_request(request)
        verdicts[url] = request.meta.get("tdm_robots")
    assert verdicts == {"http://127.0.0.1:9/news/a": True, "http://127.0.0.1:9/blog/b": False, "http://127.0.0.1:10/news/a": None}
    with pytest.raises(NotConfigured):
        RobotsTdmMiddleware.from_crawler(crawler_for(tmp_path, TDM_ROBOTS_ENABLED=False))


def test_the_warc_gzip_level_setting_reaches_the_archive(tmp_path: Path) -> None:
    middleware = WarcMiddleware.from_crawler(crawler_for(tmp_path, WARC_GZIP_LEVEL=1))
    assert middleware.archive.config.gzip_level == 1
    middleware.spider_closed()
