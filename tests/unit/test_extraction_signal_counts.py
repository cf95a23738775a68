"""The page signals' counts on a small page whose answers are counted by hand, and the parse they are read from."""

from __future__ import annotations

from lxml import etree, html
from trafilatura.utils import load_html

from crawler.extraction.pagesignals import read_signals
from crawler.extraction.parse import parse_html

PAGE = (
    "<html><head><title>T</title><meta property='og:type' content='Article'><meta class='post' name='x'>"
    "<style class='price'>.post { color: red }</style></head><body class='single-post'>"
    "<script>var year = 2020;</script>"
    "<svg class='comment'><title class='comment-icon'>Comment 1999</title></svg> tail 2001 "
    "<div id='user-info' class='post-body price'><p>Only $5 in <b>2024</b>.</p></div>"
    "<a href='tel:123'>Call us</a><a href='/x'>Read <b>the</b> full<i>story</i></a>"
    "<ul class='grid'>" + "".join(f"<li class='card'><a href='/{n}'><img src='{n}.jpg'></a></li>" for n in range(4))
    + "<li class='other'>plain</li></ul><pre><code>x</code></pre><form><input type='submit'><button>Go</button></form>"
    "<h2>A</h2><h4>B</h4><article><time>now</time></article></body></html>"
)


def test_signals_counted_by_hand() -> None:
    found = read_signals(parse_html(PAGE), "https://example.org/a/b")
    assert found.og_type == "article"
    # marks: body (story), div (story, shop, user), svg's title (comments); not <meta>, <style> nor <svg> itself
    assert (found.story_marks, found.shop_marks, found.user_marks, found.comment_marks) == (2, 1, 1, 1)
    assert found.thread_marks == 2  # "single-post" and "post-body" hold the word "post"; <meta class="post"> is not read
    # years in the text: the svg title's and its tail's and the paragraph's, not the script's
    assert found.year_mentions == 3
    assert found.price_texts == 1
    assert found.link_words == 2 + 3 + 0  # "Call us", "Read the fullstory"; the image links have no words
    assert found.tel_links == 1
    assert found.repeated_items == 4  # four same-shaped cards with a link and an image
    assert (found.code_blocks, found.forms, found.buttons, found.headings) == (2, 1, 2, 2)
    assert (found.articles, found.times, found.list_items) == (1, 1, 5)


def test_parse_gives_lxml_html_tree_and_classes() -> None:
    page = "<html><body><form><label>N</label><input name='n'><select></select><textarea></textarea></form>" \
           "<p>x</p></body></html>"
    ours, theirs = parse_html(page), load_html(page)
    assert etree.tostring(ours) == etree.tostring(theirs)
    assert [type(e) for e in ours.iter()] == [type(e) for e in theirs.iter()]
    assert isinstance(ours.find(".//form"), html.FormElement) and type(ours.find(".//p")) is html.HtmlElement


def test_parse_refuses_what_load_html_refuses() -> None:
    for text in ("", "   ", "just some text", "<p>one block</p>"):
        assert (parse_html(text) is None) == (load_html(text) is None), text
