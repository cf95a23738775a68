from __future__ import annotations

from lxml import etree

from crawler.extraction.linkblocks import LinkBlockConfig, drop_link_blocks

PAGE = "https://news.example.com/2024/05/01/story.html"


def _texts(xml: str) -> list[str]:
    body = etree.fromstring(xml)
    drop_link_blocks(body, PAGE, LinkBlockConfig())
    return ["".join(block.itertext()).strip() for block in body]


def _item(target: str, headline: str, dek: str = "") -> str:
    return f'<item><ref target="{target}">{headline}</ref>{dek}</item>'


def test_a_list_of_teasers_to_the_site_is_dropped() -> None:
    items = "".join(
        _item(f"/2024/04/{n}/other.html", f"Headline number {n}", f"<head>A one-line standfirst of story {n}</head>")
        for n in range(4)
    )
    texts = _texts(f"<body><p>The story's own paragraph stays.</p><list>{items}</list></body>")
    assert texts == ["The story's own paragraph stays."]


def test_a_list_whose_items_do_not_open_with_a_link_stays() -> None:
    items = "".join(
        f'<item>Step {n}: mix the flour, then see <ref target="/guide/{n}">the guide</ref></item>' for n in range(4)
    )
    assert len(_texts(f"<body><list>{items}</list></body>")) == 1


def test_a_list_of_links_to_other_sites_stays() -> None:
    items = "".join(_item(f"https://source{n}.org/report", f"Report of agency {n}") for n in range(4))
    assert len(_texts(f"<body><list>{items}</list></body>")) == 1


def test_one_linked_item_is_not_a_teaser_list() -> None:
    item = _item("/a/1", "A headline", " and many more words after it, enough to pass the link block's share")
    assert len(_texts(f"<body><list>{item}</list></body>")) == 1


def test_a_paragraph_of_headline_links_one_a_line_is_dropped_however_long() -> None:
    links = "<lb/>".join(
        f'<ref target="/2024/04/{n}/other.html">A rather long headline of another story, number {n}</ref>'
        for n in range(4)
    )
    texts = _texts(f"<body><p>The story's own paragraph stays.</p><p>{links}</p></body>")
    assert texts == ["The story's own paragraph stays."]


def test_a_long_paragraph_of_links_run_together_stays() -> None:
    links = " ".join(
        f'<ref target="/2024/04/{n}/other.html">A rather long headline of another story, number {n}</ref>'
        for n in range(4)
    )
    assert len(_texts(f"<body><p>{links}</p></body>")) == 1


def test_the_heading_over_a_dropped_list_of_related_stories_goes_too() -> None:
    items = "".join(_item(f"/2024/04/{n}/other.html", f"Headline number {n}") for n in range(3))
    body = f"<body><p>The story's own paragraph stays.</p><head>More from us</head><list>{items}</list></body>"
    assert _texts(body) == ["The story's own paragraph stays."]


def test_a_teasers_own_headline_over_its_one_link_stays() -> None:
    body = '<body><head>Salmon bites</head><p><ref target="/recipes/salmon">Get the recipe</ref></p></body>'
    assert _texts(body) == ["Salmon bites"]



STORY = "<p>The story's first paragraph.</p><p>Its second paragraph.</p><p>Its third paragraph.</p>"


def test_a_heading_with_nothing_under_it_at_the_end_goes() -> None:
    body = f"<body>{STORY}<head>More news from the region</head><head>Most read</head></body>"
    assert _texts(body) == ["The story's first paragraph.", "Its second paragraph.", "Its third paragraph."]


def test_a_heading_with_a_paragraph_under_it_at_the_end_stays() -> None:
    assert len(_texts(f"<body>{STORY}<head>What comes next</head><p>The vote is on Friday.</p></body>")) == 5


def test_a_body_of_three_blocks_keeps_its_last_heading() -> None:
    assert len(_texts("<body><p>One.</p><p>Two.</p><head>A closing heading</head></body>")) == 3


def test_a_line_asking_to_follow_the_sites_accounts_goes_and_a_cited_post_stays() -> None:
    follow = (
        '<p>Follow us on <ref target="https://t.me/ExampleNews">Telegram</ref>, '
        '<ref target="https://www.instagram.com/examplenews/">Instagram</ref> and '
        '<ref target="https://twitter.com/examplenews">Twitter</ref> for live updates</p>'
    )
    cited = (
        '<p>The mayor wrote on <ref target="https://twitter.com/mayor/status/123">Twitter</ref> and '
        '<ref target="https://www.facebook.com/mayor/posts/456">Facebook</ref> that the library stays open.</p>'
    )
    texts = _texts(f"<body><p>The story's own paragraph stays.</p>{cited}{follow}</body>")
    assert texts == [
        "The story's own paragraph stays.",
        "The mayor wrote on Twitter and Facebook that the library stays open.",
    ]


def test_a_line_of_links_to_others_accounts_stays() -> None:
    brand = (
        '<p>Visit the brewery on <ref target="https://www.facebook.com/BreweryCo">Facebook</ref> and '
        '<ref target="https://instagram.com/breweryco">Instagram</ref>.</p>'
    )
    assert len(_texts(f"<body><p>One.</p><p>Two.</p><p>Three.</p>{brand}<p>Four.</p></body>")) == 5


def test_one_account_link_in_a_sentence_is_no_follow_line() -> None:
    line = '<p>The band posts its dates on <ref target="https://www.instagram.com/theband/">Instagram</ref>.</p>'
    assert len(_texts(f"<body><p>One.</p><p>Two.</p><p>Three.</p>{line}<p>Four.</p></body>")) == 5
