"""The story's lead paragraph, set in its `<header>` beside the headline: `tree -> texts`, then `body -> count`.

A story's page often sets its lead paragraph (the standfirst, the teaser) in the
`<header>` that holds the headline, apart from the container of the body text,
and trafilatura, which takes that container, leaves the lead out. The lead is
read from the page before trafilatura: the paragraphs of 24 words or more inside
the first `<header>` that holds a headline (an `<h1>` with text, or an `<h2>`
where the page has no `<h1>`), outside chrome boxes. A site's own header (logo,
tagline, login, a browser notice) holds no headline, or an empty one around a
logo; the headers of teasers to other stories come after the story's own. A
shorter paragraph is a kicker, a byline or a one-line subtitle (a dek, which
scrapinghub's benchmark counts as chrome, while a lead paragraph is the story's
first). After trafilatura, a lead missing from its output is put back at the
start of the body.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from crawler.extraction.roleboxes import squash

# A paragraph of fewer words is a kicker, a date, a byline or a one-line subtitle, not a lead.
MIN_LEAD_WORDS = 24
# More paragraphs than this in one header: the header holds the story itself (trafilatura reads it whole).
MAX_LEAD_PARAGRAPHS = 2


def _headline(header: Any, tag: str) -> bool:
    return any(squash(heading.text_content()) for heading in header.iter(tag))


def read_leads(tree: Any, chrome: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The texts of the lead paragraphs (squashed, in page order) in the first header that holds the story's
    headline; a paragraph whose text is inside a chrome box (`chrome`, squashed texts) is none."""
    tag = "h1" if any(squash(h1.text_content()) for h1 in tree.iter("h1")) else "h2"
    # every <header> (a walk by tag name in C): one without the headline's tag has no headline
    header = next((header for header in tree.iter("header") if _headline(header, tag)), None)
    if header is None:
        return ()
    texts = [squash(p.text_content()) for p in header.iter("p")]
    texts = [t for t in texts if len(t.split()) >= MIN_LEAD_WORDS and not any(t in box for box in chrome)]
    return tuple(dict.fromkeys(texts)) if len(texts) <= MAX_LEAD_PARAGRAPHS else ()


def restore_leads(body: Any, leads: tuple[str, ...]) -> int:
    """Put the leads missing from trafilatura's XML body back at its start, in place; returns how many."""
    if body is None or not leads:
        return 0
    text = squash(" ".join(body.itertext()))
    missing = [lead for lead in leads if lead not in text]
    for position, lead in enumerate(missing):
        paragraph = etree.Element("p")
        paragraph.text = lead
        body.insert(position, paragraph)
    return len(missing)
