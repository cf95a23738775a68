"""The headline model learnt from the pages the crawl judged reads links the profile's terms miss."""

from __future__ import annotations

from crawler.relevance.apprentice import ApprenticeConfig, HeadlineApprentice
from crawler.relevance.priority import LinkScorer, PriorityConfig
from crawler.relevance.profile import parse_profile

ON = [
    "Carriers told to tear down gear made in Shenzhen",
    "Shenzhen gear makers lose another network contract",
    "Operators told to rip out Shenzhen network gear by next year",
    "Another country tells its carriers to drop Shenzhen gear",
]
OFF = [
    "Local team wins the league after a late goal",
    "Film festival gives its top prize to a first film",
    "Stocks end the week higher on bank results",
    "Mayor announces a new budget for the city parks",
]
PROFILE = parse_profile(
    'name = "t"\n[scoring]\nmin_score = 2.0\n'
    '[[groups]]\nname = "company"\nrequired = true\nterms = ["Acme"]\n'
    '[[groups]]\nname = "measure"\nrequired = true\nterms = ["ban", "sanction"]\n'
)


def page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{body}</p>" for _ in range(3))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"


def test_it_fits_once_it_holds_titles_of_both_kinds_and_ignores_menu_items() -> None:
    apprentice = HeadlineApprentice(config=ApprenticeConfig(min_each=2))
    assert not apprentice.learn("Sport", False)  # too short to be a headline
    for title in ON[:2]:
        apprentice.learn(title, True)
    assert apprentice.probability("Carriers drop Shenzhen gear again") is None  # no off-topic title yet
    for title in OFF[:2]:
        apprentice.learn(title, False)
    assert apprentice.model is not None and apprentice.version == 1
    for title in OFF[2:]:
        apprentice.learn(title, False)
    on = apprentice.probability("Carriers told to drop Shenzhen gear")
    off = apprentice.probability("Local team wins the cup final")
    assert on is not None and off is not None and on > 0.5 > off
    assert apprentice.probability("Home") is None


def test_links_are_read_with_the_titles_of_the_pages_judged() -> None:
    from lxml import html as lxml_html

    scorer = LinkScorer(PROFILE, PriorityConfig())
    anchor = "Carriers told to drop Shenzhen gear"
    assert scorer.relevance("https://x.org/a/9", anchor) == 0.0  # none of the profile's terms
    on_body = "Acme faces a ban: the sanction hits Acme gear, and the ban widens."
    off_body = "Nothing here is about the topic at all, only a local story."
    for i, (titles, body) in enumerate(((ON, on_body), (OFF, off_body))):
        for k, title in enumerate(titles):
            root = lxml_html.document_fromstring(page(title, body))
            scorer.page_of(root, f"https://x.org/{i}/{k}", is_article=True)
    assert scorer.relevance("https://x.org/a/9", anchor) > 0.3
    assert scorer.relevance("https://x.org/a/8", "Local team wins the cup final") == 0.0


def test_learning_links_can_be_switched_off() -> None:
    assert LinkScorer(PROFILE, PriorityConfig(learn_links=False)).apprentice is None


def test_a_profiles_example_titles_are_read_before_any_page_is_judged() -> None:
    from crawler.relevance.profile_examples import Example

    seeds = [Example(t, "", True) for t in ON] + [Example(t, "", False) for t in OFF]
    apprentice = HeadlineApprentice(seeds, config=ApprenticeConfig(min_each=2))
    assert apprentice.model is not None and apprentice.version == 1
    on = apprentice.probability("Carriers told to drop Shenzhen gear")
    off = apprentice.probability("Local team wins the cup final")
    assert on is not None and off is not None and on > 0.5 > off
    assert HeadlineApprentice(seeds[:1], config=ApprenticeConfig(min_each=2)).model is None  # one label only
