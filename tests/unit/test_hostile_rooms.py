"""The pure rooms that meet hostile input: robots.txt by RFC 9309, binary junk, page bounds, cut-off bodies."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from crawler.discovery.robots import (
    ALLOW_ALL,
    DISALLOW_ALL,
    PARSED,
    RobotsConfig,
    cut_robots,
    rules_from_answer,
    start_host,
    unreachable,
)
from crawler.extraction.binary import binary_kind, ends_cut_short, replacement_share
from crawler.extraction.bounds import PageBounds, screen_body, screen_text
from crawler.extraction.extract import ExtractConfig, ExtractionFailed, extract_page
from crawler.extraction.markup import scan_markup, too_heavy
from crawler.store.robots import RobotsCopy, SQLiteRobotsStore

AGENT = "topic-news-crawler/0.1 (+https://github.com/topic-news-crawler)"
CONFIG = RobotsConfig(retry_after=60.0, cache_for=3600.0, last_good_after=600.0)
PROSE = "<p>" + "The wind farm in the valley opened on Monday, and the mayor spoke about the climate. " * 30 + "</p>"


# --- robots.txt ---------------------------------------------------------------------------
def test_robots_answers_mean_what_rfc_9309_says() -> None:
    good = rules_from_answer(200, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nSitemap: http://h/s.xml\n", CONFIG)
    assert good.verdict == PARSED and good.sitemaps == ("http://h/s.xml",)
    assert good.allows("http://h/a", AGENT) and not good.allows("http://h/private/x", AGENT)
    assert good.crawl_delay(AGENT, 60.0) == 2.0 and good.crawl_delay(AGENT, 1.5) == 1.5
    missing = rules_from_answer(404, b"not found", CONFIG)
    assert missing.verdict == ALLOW_ALL and missing.allows("http://h/private/x", AGENT)
    for status in (500, 503):
        down = rules_from_answer(status, b"", CONFIG)
        assert down.verdict == DISALLOW_ALL and not down.allows("http://h/a", AGENT)
    assert not unreachable("DownloadTimeoutError").allows("http://h/a", AGENT)


def test_robots_parsed_up_to_the_byte_limit_cut_at_a_line_end() -> None:
    body = b"User-agent: *\n" + b"".join(b"Disallow: /p/%d/\n" % i for i in range(60_000)) + b"Disallow: /late/\n"
    assert len(body) > 500 * 1024
    head, cut = cut_robots(body, 500 * 1024)
    assert cut and len(head) <= 500 * 1024 and head.endswith(b"\n")
    rules = rules_from_answer(200, body, CONFIG)
    assert rules.cut and rules.allows("http://h/late/x", AGENT)  # the line past the limit is never read
    assert not rules.allows("http://h/p/7/x", AGENT)


def test_robots_outage_disallows_then_asks_again_then_falls_back_to_the_last_good_copy() -> None:
    now = time.time()
    good = rules_from_answer(200, b"User-agent: *\nDisallow: /private/\n", CONFIG)
    host = start_host(good, now)
    assert not host.due(now + 60, CONFIG) and host.due(now + 3600, CONFIG)
    host.record(rules_from_answer(503, b"", CONFIG), now + 3600)
    assert host.effective(now + 3600, CONFIG).verdict == DISALLOW_ALL
    assert not host.due(now + 3630, CONFIG) and host.due(now + 3660, CONFIG)  # asked again after retry_after
    host.record(unreachable("timeout"), now + 3660)
    assert host.effective(now + 3600 + 600, CONFIG) is good  # a long outage: the last good copy
    host.record(good, now + 5000)
    assert host.down_since is None and host.effective(now + 5000, CONFIG) is good
    first_down = start_host(rules_from_answer(503, b"", CONFIG), now)
    assert first_down.effective(now + 10_000, CONFIG).verdict == DISALLOW_ALL  # no good copy ever: still disallowed


# --- binary junk --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"\r\n  %PDF-1.4 junk", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "zip"),
        (gzip.compress(b"<html></html>"), "gzip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "office"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "video"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_binary_bodies_are_told_by_their_bytes(body: bytes, kind: str) -> None:
    assert binary_kind(body) == kind


@pytest.mark.parametrize(
    "body",
    [
        b"<!doctype html><html><body><p>caf\xc3\xa9</p></body></html>",
        "<html><body>préfète</body></html>".encode("latin-1"),
        "<html><body>текст</body></html>".encode("utf-16"),
        b"",
        b"Modern pages: MZ is not at the start here",
    ],
)
def test_text_bodies_are_not_binary(body: bytes) -> None:
    assert binary_kind(body) is None


def test_pdf_served_as_html_is_refused_by_extraction() -> None:
    pdf = b"%PDF-1.5\n" + bytes(range(128, 256)) * 400 + b"\nendobj\n"
    with pytest.raises(ExtractionFailed) as caught:
        extract_page(pdf, "http://h/a", "text/html; charset=utf-8")
    assert caught.value.reason == "binary"


def test_a_page_that_decodes_to_replacement_characters_is_refused() -> None:
    junk = b"<html><body><p>" + bytes(range(0x80, 0x100)) * 200 + b"</p></body></html>"
    with pytest.raises(ExtractionFailed) as caught:
        extract_page(junk, "http://h/a", "text/html; charset=utf-8")
    assert caught.value.reason in {"binary", "garbled"}  # read as cp1252, its few U+FFFD still garble the text
    assert screen_text("\ufffd" * 20 + "abc", PageBounds(), whole_page=True) is not None
    assert screen_text("a\ufffd" + "b" * 98, PageBounds()) is None
    assert screen_text("a\ufffd\ufffd" + "b" * 97, PageBounds()) == ("garbled", "2.0% of the text is U+FFFD")
    assert replacement_share("ab \ufffd") == pytest.approx(1 / 3)


# --- page bounds --------------------------------------------------------------------------
def table_page(rows: int) -> bytes:
    cells = "".join(f"<tr><td>{i}</td><td>value {i}</td><td>{i * 7}</td></tr>" for i in range(rows))
    return f"<html><head><title>Figures</title></head><body><table>{cells}</table></body></html>".encode()


def nested_page(depth: int) -> bytes:
    return f"<html><head><title>Deep</title></head><body>{'<div>' * depth}{PROSE}{'</div>' * depth}</body></html>".encode()


def test_a_giant_table_is_refused_before_any_parse() -> None:
    page = table_page(100_000)
    started = time.monotonic()
    with pytest.raises(ExtractionFailed) as caught:
        extract_page(page, "http://h/t", "text/html")
    assert caught.value.reason == "too_complex"
    assert time.monotonic() - started < 20  # bounded: one regex pass, no tree (generous: a shared machine)
    assert too_heavy(page, 50_000) and not too_heavy(nested_page(10), 50_000)


@pytest.mark.parametrize("depth", [300, 5_000, 100_000])
def test_deeply_nested_pages_keep_their_text(depth: int) -> None:
    found = extract_page(nested_page(depth), "http://h/deep", "text/html")
    assert "wind farm in the valley" in found.text and len(found.text.split()) > 400


def test_scan_removes_only_what_is_too_deep() -> None:
    markup = scan_markup(nested_page(1_000), max_depth=200)
    assert markup.depth == 1_000 and markup.flattened == 2 * 800 and markup.body.count(b"<div>") == 200
    shallow = nested_page(50)
    assert scan_markup(shallow, 200).body == shallow
    scripted = b"<html><body>" + b"<script>var s = '" + b"<div>" * 500 + b"';</script>" + b"<p>x</p>" * 300 + b"</body></html>"
    assert scan_markup(scripted, 200).depth < 5  # a script's text is not markup


def test_an_article_past_the_size_bound_is_refused() -> None:
    config = ExtractConfig(bounds=PageBounds(max_text_chars=1_000))
    with pytest.raises(ExtractionFailed) as caught:
        extract_page(nested_page(1), "http://h/long", "text/html", config)
    assert caught.value.reason == "too_long"
    assert screen_body(b"<p>" * 10, PageBounds()).refusal is None


# --- cut-off bodies -----------------------------------------------------------------------
def test_a_body_cut_short_flags_the_article_truncated() -> None:
    page = nested_page(1)
    whole = extract_page(page, "http://h/a", "text/html")
    assert "truncated" not in whole.quality_flags
    cut = page[: page.index(b"the mayor spoke", len(page) // 2)]
    assert ends_cut_short(cut) and not ends_cut_short(page)
    assert "truncated" in extract_page(cut, "http://h/a", "text/html").quality_flags
    no_closing_tags = page.replace(b"</body></html>", b"<script>x()</script>\n")
    assert not ends_cut_short(no_closing_tags)  # optional closing tags left out: not cut


def test_robots_copies_keep_the_last_good_answer_and_the_first_failure(tmp_path: Path) -> None:
    copies = SQLiteRobotsStore(tmp_path / "state.db")
    assert copies.get("http://a") is None
    assert copies.down("http://a", 10.0) == 10.0  # an outage with no good copy yet
    assert copies.down("http://a", 20.0) == 10.0  # it started at the first failure
    copies.good("http://a", 200, b"User-agent: *\nDisallow: /x/\n", 30.0)
    assert copies.get("http://a") == RobotsCopy(200, b"User-agent: *\nDisallow: /x/\n", 30.0, None)
    assert copies.down("http://a", 40.0) == 40.0  # a new outage keeps the good copy
    kept = copies.get("http://a")
    assert kept is not None and kept.body is not None and kept.down_since == 40.0
    copies.close()
    reopened = SQLiteRobotsStore(tmp_path / "state.db")
    assert reopened.get("http://a") == kept
    reopened.close()


def test_an_outage_from_an_earlier_run_falls_back_to_its_last_good_copy() -> None:
    config = RobotsConfig(last_good_after=100.0)
    good = rules_from_answer(200, b"User-agent: *\nDisallow: /x/\n", config)
    down = rules_from_answer(503, b"", config)
    carried = start_host(down, 1000.0, last_good=good, down_since=850.0)  # down for 150 s across runs
    assert carried.effective(1000.0, config) is good
    fresh = start_host(down, 1000.0, last_good=good)  # the outage starts now: disallowed for now
    assert fresh.effective(1000.0, config).verdict == DISALLOW_ALL
    back = start_host(good, 1000.0, last_good=good, down_since=850.0)  # it answers again: the outage is over
    assert back.down_since is None and back.effective(1000.0, config) is good
