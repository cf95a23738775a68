from __future__ import annotations

from crawler.extraction.extract import extract_page

STORY = "The council voted on Tuesday to keep the library open through the winter, after a long debate. " * 4


def _page() -> bytes:
    teasers = "".join(
        f'<p><a href="https://news.example.com/2024/04/{n}/other.html">Another story of the week, number {n}</a></p>'
        for n in range(2)
    )
    return (
        '<html><head><title>Library stays open</title><link rel="canonical" href="https://news.example.com/library">'
        f"</head><body><article><h1>Library stays open</h1><p>{STORY}</p><p>{STORY}</p>{teasers}"
        "<p>The last paragraph of the story.</p></article></body></html>"
    ).encode()


def test_a_page_read_from_a_file_tells_its_own_links_by_its_canonical_address() -> None:
    from_file = extract_page(_page(), "file:///tmp/library.html").text
    assert "Another story" not in from_file and "last paragraph" in from_file
    assert from_file == extract_page(_page(), "https://news.example.com/library").text
