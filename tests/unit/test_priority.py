from __future__ import annotations

from pathlib import Path

import pytest

from crawler.relevance.priority import NEUTRAL_PAGE, LinkScorer, PageSignal, PriorityConfig, link_priority, url_words
from crawler.relevance.profile import load_profile

SITE = Path(__file__).resolve().parents[1] / "fixtureweb" / "site"
CONFIG = PriorityConfig()
SCORER = LinkScorer(load_profile(), CONFIG)
ARTICLE = (
    "<html><head><meta property='og:type' content='article'></head>"
    "<body><article><h1>{title}</h1>{body}</article>{aside}</body></html>"
)


def page(title: str, body: str, aside: str = "", is_article: bool = True) -> PageSignal:
    html = ARTICLE.format(title=title, body="".join(f"<p>{p}</p>" for p in body.split("\n")), aside=f"<aside>{aside}</aside>")
    return SCORER.page(html, "https://x.org/page", is_article)


def test_url_words() -> None:
    assert url_words("https://x.org/2019/04/huawei-p30_review.html?id=3&tag=zte") == "2019 04 huawei p30 review html id 3 tag zte"
    assert url_words("https://x.org/s%C3%A9curit%C3%A9-nationale/") == "sécurité nationale"


def test_formula() -> None:
    assert link_priority(1.0, PageSignal(1.0, False), 2, CONFIG) == 100 + 50 - 4
    assert link_priority(0.0, PageSignal(0.0, True), 1, CONFIG) == -40 - 2
    assert link_priority(0.5, None, 1, CONFIG) == 50 + 20 - 2  # a feed or sitemap entry
    assert link_priority(1.0, PageSignal(1.0, False), 2, PriorityConfig(best_first=False)) == 0


@pytest.mark.parametrize(
    ("anchor", "url"),
    [
        ("FCC bans Huawei and ZTE over national security", "https://x.org/a/1"),
        ("", "https://x.org/2020/06/fcc-bans-huawei-zte-national-security"),
        ("Washington met Nuctech sur liste noire", "https://x.org/a/2"),
    ],
)
def test_on_topic_links_outrank_the_rest(anchor: str, url: str) -> None:
    on_topic = SCORER.link(url, anchor, NEUTRAL_PAGE, 1)
    for other_anchor, other_url in [("Sport", "https://x.org/sport/"), ("Huawei P30 en promo", "https://x.org/p/9"),
                                    ("ZTE quarterly results", "https://x.org/zte-results")]:  # fmt: skip
        assert on_topic > SCORER.link(other_url, other_anchor, NEUTRAL_PAGE, 1), other_anchor


def test_a_company_alone_ranks_between() -> None:
    company = SCORER.relevance("https://x.org/tag/huawei/", "Huawei")
    assert 0 < company < SCORER.relevance("https://x.org/a", "Huawei banned by the FCC")


def test_links_found_on_an_off_topic_article_sink() -> None:
    on = page("La FCC bannit Huawei", "Huawei est une menace pour la sécurité nationale.\nLa FCC interdit ZTE.")
    off = page("Cup semi-final", "Rovers won the cup.\nKeane scored late.", aside="Huawei banned by the FCC: national security")
    hub = page("Tech", "Latest news", is_article=False)
    assert on.relevance == 1.0 and not on.offtopic
    assert off.relevance == 0.0 and off.offtopic  # the aside is chrome: not the page's topic
    assert not hub.offtopic
    same_link = ("https://x.org/section/monde/", "Monde")
    assert SCORER.link(*same_link, on, 2) > SCORER.link(*same_link, hub, 2) > SCORER.link(*same_link, off, 2)


def test_fixture_football_page_is_off_topic_but_its_on_topic_anchor_still_counts() -> None:
    html = (SITE / "wire/2019/03/02/late-header-sends-rovers-into-the-cup-semi-final.html").read_text("utf-8")
    signal = SCORER.page(html, "https://x.org/2019/03/02/cup", True)
    assert signal.offtopic and signal.relevance == 0.0
    trending = SCORER.link("https://x.org/technology/", "FCC votes to bar Huawei gear from its subsidy program", signal, 2)
    plain = SCORER.link("https://x.org/about/", "About Global Wire", signal, 2)
    assert trending > 0 > plain


def test_listed_entries_use_their_title_and_deeper_links_rank_lower() -> None:
    titled = SCORER.listed("https://x.org/a/1", "Le Pentagone retire les téléphones Huawei et ZTE", 2)
    untitled = SCORER.listed("https://x.org/a/1", None, 2)
    assert titled > untitled == round(CONFIG.listed - 2 * CONFIG.depth_penalty)
    shallow, deep = (SCORER.link("https://x.org/a", "Huawei ban", NEUTRAL_PAGE, depth) for depth in (1, 5))
    assert shallow > deep


def test_flat_priorities_for_breadth_first() -> None:
    flat = LinkScorer(load_profile(), PriorityConfig(best_first=False))
    assert flat.structure() == 0 and flat.listed("https://x.org/huawei-ban", "Huawei ban", 1) == 0
    assert flat.page("<html><body><article><p>Huawei ban</p></article></body></html>", "https://x.org/", True) == NEUTRAL_PAGE
    assert flat.link("https://x.org/huawei-ban", "FCC bans Huawei", NEUTRAL_PAGE, 1) == 0


def test_the_page_terms_skip_links_found_only_in_the_chrome() -> None:
    html = ARTICLE.format(
        title="La FCC bannit Huawei",
        body="<p>Huawei est une menace pour la sécurité nationale.</p><p>La FCC interdit ZTE. <a href='/next'>Suite</a></p>",
        aside="<aside><a href='/sport/'>Sport</a></aside>",
    )
    signal = SCORER.page(html, "https://x.org/a/1", True)
    assert signal.chrome_links == {"https://x.org/sport/"}
    assert SCORER.link("https://x.org/next", "Suite", signal, 2) == 50 - 4 - CONFIG.article_links
    assert SCORER.link("https://x.org/sport/", "Sport", signal, 2) == -4 - CONFIG.article_links
