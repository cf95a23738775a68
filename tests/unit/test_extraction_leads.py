from __future__ import annotations

from lxml import etree, html

from crawler.extraction.leads import read_leads, restore_leads

LEAD = (
    "Snow on a roof of solar panels costs more than the power it hides: its weight strains the modules and "
    "their frames, and experts warn owners not to climb up and clear it themselves."
)
STORY = "<p>The body of the story starts here, in its own container, and goes on.</p>"


def _page(header: str) -> str:
    return f"<html><body><main><header>{header}</header><div class='body'>{STORY}</div></main></body></html>"


def test_the_lead_beside_the_headline_is_read_and_put_back_at_the_start_when_missing() -> None:
    tree = html.fromstring(_page(f"<p>Energy</p><h1>Snow on solar panels</h1><p>{LEAD}</p><time>10.12.2022</time>"))
    leads = read_leads(tree)
    assert leads == (LEAD,)
    body = etree.fromstring("<body><p>The body of the story starts here.</p></body>")
    assert restore_leads(body, leads) == 1
    assert [p.text for p in body] == [LEAD, "The body of the story starts here."]
    assert restore_leads(body, leads) == 0  # already there: not twice


def test_a_header_without_a_headline_a_short_subtitle_or_a_chrome_box_gives_no_lead() -> None:
    site = html.fromstring(f"<html><body><header><p>{LEAD}</p></header><h1>Story</h1>{STORY}</body></html>")
    assert read_leads(site) == ()
    dek = html.fromstring(_page("<h1>Snow on solar panels</h1><p>Why only the pros should clear the snow off.</p>"))
    assert read_leads(dek) == ()
    boxed = html.fromstring(_page(f"<h1>Snow on solar panels</h1><p>{LEAD}</p>"))
    assert read_leads(boxed, (f"Photo credit line. {LEAD}",)) == ()


def test_only_the_first_header_with_a_headline_is_the_storys() -> None:
    teaser = f"<article><header><h1>Another story</h1><p>{LEAD.replace('Snow', 'Rain')}</p></header></article>"
    tree = html.fromstring(_page(f"<h1>Snow on solar panels</h1><p>{LEAD}</p>").replace("</main>", f"</main>{teaser}"))
    assert read_leads(tree) == (LEAD,)
