"""The publisher's text-and-data-mining opt-out: TDMRep header and meta, robots noai, robots.txt AI groups."""

from __future__ import annotations

from crawler.extraction.tdm import TdmSignal, meta_tags, robots_tdm, tdm_signal


def page(head: str, body: str = "<p>text</p>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_tdmrep_header_decides_first() -> None:
    meta = page('<meta name="tdm-reservation" content="0">')
    assert tdm_signal({"tdm-reservation": "1"}, meta) == TdmSignal(True, "header:tdm-reservation")
    assert tdm_signal({"tdm-reservation": " 0 "}, page("")) == TdmSignal(False, "header:tdm-reservation")


def test_tdmrep_meta() -> None:
    assert tdm_signal({}, page('<meta name="tdm-reservation" content="1">')) == TdmSignal(True, "meta:tdm-reservation")
    assert tdm_signal({}, page("<meta content='0' NAME='TDM-Reservation'>")) == TdmSignal(False, "meta:tdm-reservation")


def test_a_value_other_than_0_or_1_says_nothing() -> None:
    assert tdm_signal({"tdm-reservation": "maybe"}, page('<meta name="tdm-reservation" content="yes">')) == TdmSignal()


def test_robots_noai() -> None:
    assert tdm_signal({}, page('<meta name="robots" content="index, follow, noai">')) == TdmSignal(True, "meta:robots")
    assert tdm_signal({}, page('<meta name="robots" content="noimageai">')) == TdmSignal(True, "meta:robots")
    assert tdm_signal({"x-robots-tag": "noai"}, page("")) == TdmSignal(True, "header:x-robots-tag")
    assert tdm_signal({}, page('<meta name="robots" content="noindex, nofollow">')) == TdmSignal()


def test_meta_in_the_body_is_not_read() -> None:
    assert tdm_signal({}, page("", '<meta name="tdm-reservation" content="1">')) == TdmSignal()


def test_robots_txt_verdict_comes_last() -> None:
    assert tdm_signal({}, page(""), robots=True) == TdmSignal(True, "robots.txt")
    assert tdm_signal({}, page('<meta name="tdm-reservation" content="0">'), robots=True).source == "meta:tdm-reservation"
    assert tdm_signal({}, page("")) == TdmSignal(None, None)


def test_meta_tags_first_of_each_name() -> None:
    tags = meta_tags(page('<meta name="Robots" content="noai"><meta name="robots" content="all"><meta charset="utf-8">'))
    assert tags == {"robots": "noai"}


ROBOTS = """
User-agent: *
Disallow: /private/

User-agent: GPTBot
User-agent: CCBot
Disallow: /

User-agent: Google-Extended
Disallow: /news/
"""


def test_robots_txt_groups_of_ai_crawlers() -> None:
    assert robots_tdm(ROBOTS, "https://example.org/news/a") is True
    only_google = "User-agent: Google-Extended\nDisallow: /news/\n"
    assert robots_tdm(only_google, "https://example.org/news/a") is True
    assert robots_tdm(only_google, "https://example.org/blog/a") is False
    assert robots_tdm("User-agent: *\nDisallow: /private/\n", "https://example.org/news/a") is None
    assert robots_tdm("", "https://example.org/") is None
