"""Unit tests of crawler.discovery.feeds: RSS, RDF, Atom, JSON Feed, autodiscovery."""

from __future__ import annotations

import json

import pytest

from crawler.discovery.feeds import FeedEntry, FeedError, find_feed_links, parse_feed

BASE = "https://news.example.com/feeds/main.xml"

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Example News</title>
    <link>https://news.example.com/</link>
    <item>
      <title><![CDATA[Floods & <b>storms</b> hit the coast]]></title>
      <link>https://news.example.com/2019/02/floods</link>
      <pubDate>Wed, 13 Feb 2019 10:20:00 GMT</pubDate>
      <description><![CDATA[<p>Heavy rain.</p>]]></description>
    </item>
    <item>
      <title>Relative link</title>
      <link>/2019/02/relative#comments</link>
      <pubDate>Wed, 13 Feb 2019 11:00:00 +0100</pubDate>
    </item>
    <item>
      <title>Permalink guid only</title>
      <guid isPermaLink="true">https://news.example.com/2019/02/guid</guid>
      <dc:date>2019-02-13T12:00:00Z</dc:date>
    </item>
    <item>
      <title>No usable link</title>
      <guid isPermaLink="false">tag:example.com,2019:123</guid>
    </item>
    <item>
      <title>Mail link</title>
      <link>mailto:desk@example.com</link>
    </item>
    <item>
      <title>Bad date</title>
      <link>https://news.example.com/2019/02/bad-date</link>
      <pubDate>someday soon</pubDate>
    </item>
  </channel>
</rss>
"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example.com/">
    <title>Example RDF</title>
    <items><rdf:Seq><rdf:li rdf:resource="https://news.example.com/rdf/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://news.example.com/rdf/1">
    <title>RDF story</title>
    <link>https://news.example.com/rdf/1</link>
    <dc:date>2019-02-13T10:20:00+01:00</dc:date>
    <description>RDF summary</description>
  </item>
  <item rdf:about="https://news.example.com/rdf/2">
    <title>About only</title>
  </item>
</rdf:RDF>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/">
  <title>Example Atom</title>
  <entry>
    <title type="html"><![CDATA[Atom <em>first</em>]]></title>
    <link rel="alternate" type="text/html" href="posts/first"/>
    <link rel="edit" href="https://blog.example.org/edit/1"/>
    <published>2019-02-13T10:20:00Z</published>
    <summary>First summary</summary>
  </entry>
  <entry xml:base="/archive/2019/">
    <title>Second</title>
    <link rel="self" href="https://blog.example.org/api/2"/>
    <link href="second"/>
    <updated>2019-02-14T08:00:00+02:00</updated>
  </entry>
  <entry>
    <title>Only an edit link</title>
    <link rel="edit" href="https://blog.example.org/edit/3"/>
  </entry>
</feed>
"""


def test_rss2() -> None:
    entries = parse_feed(RSS2, BASE)
    assert [e.url for e in entries] == [
        "https://news.example.com/2019/02/floods",
        "https://news.example.com/2019/02/relative",
        "https://news.example.com/2019/02/guid",
        "https://news.example.com/2019/02/bad-date",
    ]
    first = entries[0]
    assert first.title == "Floods & <b>storms</b> hit the coast"
    assert first.published == "2019-02-13T10:20:00+00:00"
    assert first.summary == "<p>Heavy rain.</p>"
    assert entries[1].published == "2019-02-13T11:00:00+01:00"
    assert entries[2].published == "2019-02-13T12:00:00+00:00"
    assert entries[3].published is None


def test_rss1_rdf() -> None:
    assert parse_feed(RSS1, BASE) == [
        FeedEntry(
            url="https://news.example.com/rdf/1",
            title="RDF story",
            published="2019-02-13T10:20:00+01:00",
            summary="RDF summary",
        ),
        FeedEntry(url="https://news.example.com/rdf/2", title="About only"),
    ]


def test_atom_with_xml_base_and_relative_links() -> None:
    entries = parse_feed(ATOM, BASE)
    assert entries == [
        FeedEntry(
            url="https://blog.example.org/posts/first",
            title="Atom <em>first</em>",
            published="2019-02-13T10:20:00+00:00",
            summary="First summary",
        ),
        FeedEntry(
            url="https://blog.example.org/archive/2019/second",
            title="Second",
            published="2019-02-14T08:00:00+02:00",
        ),
    ]


def test_atom_without_xml_base_resolves_against_base_url() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><title>T</title><link href="../story/1"/></entry></feed>"""
    assert parse_feed(body, BASE)[0].url == "https://news.example.com/story/1"


def test_bare_elements_without_namespace_work() -> None:
    body = b"""<feed><entry><title>Bare</title>
      <link rel="alternate" href="https://x.example/1"/></entry></feed>"""
    assert parse_feed(body, BASE) == [FeedEntry("https://x.example/1", "Bare")]


def test_json_feed() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Example JSON",
        "items": [
            {
                "id": "1",
                "url": "https://news.example.com/j/1",
                "title": "JSON one",
                "summary": "First",
                "date_published": "2019-02-13T10:20:00-05:00",
            },
            {"id": "2", "url": "/j/2", "content_text": "Body text"},
            {"id": "3", "external_url": "https://elsewhere.example/3"},
            {"id": "4", "content_html": "<p>no link</p>"},
            "not an object",
        ],
    }
    entries = parse_feed(json.dumps(doc).encode(), BASE)
    assert entries == [
        FeedEntry(
            "https://news.example.com/j/1",
            "JSON one",
            "2019-02-13T10:20:00-05:00",
            "First",
        ),
        FeedEntry("https://news.example.com/j/2", summary="Body text"),
        FeedEntry("https://elsewhere.example/3"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"<html><head><title>Not a feed</title></head><body><p>x</p></body></html>",
        b'<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>',
        b'{"version": "1.0", "items": []}',
        b"{not json",
        b"",
        b"   ",
        b"User-agent: *\nDisallow: /",
    ],
)
def test_not_a_feed_raises(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body, BASE)


def test_feed_error_is_a_value_error() -> None:
    assert issubclass(FeedError, ValueError)


def test_external_entity_is_not_resolved() -> None:
    body = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel>
  <item><title>Leak &xxe; here</title><link>https://news.example.com/x</link>
  <description>&xxe;</description></item>
</channel></rss>"""
    entries = parse_feed(body, BASE)
    assert [e.url for e in entries] == ["https://news.example.com/x"]
    text = repr(entries)
    assert "root:" not in text
    assert "/bin/" not in text


def test_find_feed_links() -> None:
    html = """<html><head>
      <base href="https://cdn.example.com/site/">
      <link rel="alternate" type="application/rss+xml" href="rss.xml">
      <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="/atom">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" type="application/json" href="https://api.example.com/feed">
      <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/4562">
      <link rel="alternate" type="application/rss+xml" href="rss.xml">
      <link rel="alternate" hreflang="de" href="https://example.de/">
      <link rel="stylesheet" type="text/css" href="site.css">
      <link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
    </head><body></body></html>"""
    assert find_feed_links(html, "https://www.example.com/page") == [
        "https://cdn.example.com/site/rss.xml",
        "https://cdn.example.com/atom",
        "https://cdn.example.com/site/feed.json",
        "https://api.example.com/feed",  # application/json: a JSON Feed 1.0 when its URL says feed, not an API
    ]


def test_find_feed_links_without_base_tag() -> None:
    html = '<link rel="alternate" type="application/rss+xml" href="../rss">'
    assert find_feed_links(html, "https://www.example.com/a/b") == ["https://www.example.com/rss"]
    assert find_feed_links("<p>nothing</p>", "https://www.example.com/") == []


def test_rss_item_with_atom_link_and_html_entities() -> None:
    body = b"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <item>
        <atom:link rel="self" href="https://news.example.com/api/1"/>
        <atom:link href="https://news.example.com/via-atom"/>
        <title>Caf&eacute;&nbsp;news &amp; more</title>
      </item>
    </channel></rss>"""
    assert parse_feed(body, BASE) == [FeedEntry("https://news.example.com/via-atom", "Caf\xe9\xa0news & more")]
