"""Template learning on one host's pages: a promo block trafilatura keeps is learned and removed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import trafilatura

from crawler import settings as project_settings
from crawler.extraction.extract import extract_page
from crawler.extraction.templates import TEMPLATE_BLOCKS
from crawler.items import Article, Page
from crawler.pipelines.extract import to_article
from crawler.pipelines.templates import TemplatePipeline

PROMO = "Chaque vendredi, la lettre Industrie & Réseaux résume l'essentiel de la semaine : inscrivez-la dans vos favoris."
QUOTE = "« Nous appliquerons toutes les règles européennes », a répété le porte-parole de l'entreprise."
TOPICS = ["Huawei", "ZTE", "Nuctech", "les opérateurs", "la Commission", "le Pentagone", "Bruxelles"]


def page_html(n: int) -> bytes:
    topic = TOPICS[n % len(TOPICS)]
    quote = f"<p>{QUOTE}</p>" * {5: 3, 6: 1}.get(n, 0)  # repeated in story 5, shared with story 6
    paragraphs = "".join(
        f"<p>Article {n}, paragraphe {k} : {topic} et les mesures de sécurité prises à Washington font "
        f"l'objet d'une analyse détaillée, chiffres {n * 13 + k} à l'appui, par notre rédaction.</p>"
        for k in range(5)
    )
    html = (
        f"<html lang='fr'><head><title>Dossier {n} sur {topic}</title><meta property='og:type' content='article'>"
        f"</head><body><nav><a href='/'>Accueil</a></nav><article><h1>Dossier {n} sur {topic}</h1>"
        f"{paragraphs}{quote}<p>{PROMO}</p></article><footer>Pied de page</footer></body></html>"
    )
    return html.encode("utf-8")


def crawler_for(tmp_path: Path) -> Any:
    from scrapy.utils.test import get_crawler

    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path))
    return get_crawler(settings_dict=values)


def test_trafilatura_alone_keeps_the_promo() -> None:
    assert PROMO in (trafilatura.extract(page_html(0).decode(), deduplicate=False) or "")


def test_the_promo_goes_from_the_first_article_once_the_hosts_pages_are_seen(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    crawler.stats.open_spider()
    stage = TemplatePipeline.from_crawler(crawler)
    stage.open_spider()
    articles: list[Article] = []
    for n in range(8):
        url = f"http://127.0.0.1:8080/dossier/{n}"
        page = Page(url=url, body=page_html(n), headers={}, fetched_at="2026-11-23T06:00:00+00:00")
        stage.learn(url, page.body, "text/html")  # as on response_received, before the article's item
    for n in range(8):
        url = f"http://127.0.0.1:8080/dossier/{n}"
        page = Page(url=url, body=page_html(n), headers={}, fetched_at="2026-11-23T06:00:00+00:00")
        articles.append(asyncio.run(stage.process_item(to_article(page, extract_page(page.body, url)))))
    stage.close_spider()
    assert not [a.url for a in articles if PROMO in a.text]
    assert QUOTE in articles[5].text and QUOTE in articles[6].text
    assert articles[0].boilerplate_removed >= 1
    assert crawler.stats.get_value("templates/lines_removed") >= 8
    assert crawler.stats.get_value("templates/pages_learned") == 8


def test_the_content_hash_is_of_the_text_as_extracted(tmp_path: Path) -> None:
    """A template learnt later changes the text, never the hash that tells an unchanged page."""
    from crawler.dedup.fingerprints import content_hash

    crawler = crawler_for(tmp_path)
    crawler.stats.open_spider()
    stage = TemplatePipeline.from_crawler(crawler)
    stage.open_spider()
    url = "http://127.0.0.1:8080/dossier/0"
    extracted = extract_page(page_html(0), url)
    stage.learn(url, page_html(0), "text/html")  # the crawl learns from every page it receives
    first = asyncio.run(stage.process_item(to_article(Page(url, page_html(0), {}, "t"), extracted)))
    for n in range(1, 6):
        stage.learn(f"http://127.0.0.1:8080/dossier/{n}", page_html(n), "text/html")
    again = asyncio.run(stage.process_item(to_article(Page(url, page_html(0), {}, "t"), extracted)))
    stage.close_spider()
    assert PROMO in first.text and PROMO not in again.text
    assert first.content_hash == again.content_hash == content_hash(extracted.text)


def test_pages_teach_the_stage_from_the_workers_parse_and_hubs_from_the_spiders(tmp_path: Path) -> None:
    """Nothing is parsed for learning on the reactor: an article's blocks come back with its extraction, a hub's
    from the spider's tree; both reach the stage through TEMPLATE_BLOCKS and are the blocks a parse of the page has."""
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from trafilatura.utils import load_html

    from crawler.extraction.templates import page_blocks
    from crawler.pipelines.extract import ExtractPipeline
    from crawler.spiders.topic import TopicSpider

    crawler = crawler_for(tmp_path)
    crawler.stats.open_spider()
    stage = TemplatePipeline.from_crawler(crawler)
    stage.open_spider()
    extract = ExtractPipeline.from_crawler(crawler)
    assert extract.config.templates == stage.config
    spider = TopicSpider.from_crawler(crawler, urls="http://127.0.0.1:8080/")
    teasers = "".join(f"<li><a href='/dossier/{n}'>Dossier {n}</a></li>" for n in range(12))
    hub = (f"<html><body><nav><a href='/'>Accueil</a></nav><ul>{teasers}</ul><p>{PROMO}</p>"
           "<footer>Pied de page</footer></body></html>").encode()
    learnt: list[tuple[str, Any]] = []
    crawler.signals.connect(lambda url, blocks: learnt.append((url, blocks)), signal=TEMPLATE_BLOCKS, weak=False)
    url = "http://127.0.0.1:8080/rubrique"
    assert not [item for item in spider.parse(HtmlResponse(url, body=hub, request=Request(url)), source="link")
                if isinstance(item, Page)]
    assert learnt and learnt[0][0] == "http://127.0.0.1:8080/rubrique"
    assert [b.key for b in learnt[0][1]] == [b.key for b in page_blocks(load_html(hub.decode()), stage.config)]
    extract.open_spider()
    try:
        articles = []
        for n in range(6):
            url = f"http://127.0.0.1:8080/dossier/{n}"
            page = Page(url=url, body=page_html(n), headers={"content-type": "text/html"}, fetched_at="t")
            articles.append(asyncio.run(extract.process_item(page)))
    finally:
        extract.close_spider()
    assert [b.key for b in learnt[1][1]] == [b.key for b in page_blocks(load_html(page_html(0).decode()), stage.config)]
    assert crawler.stats.get_value("templates/pages_learned") == 7
    kept = [asyncio.run(stage.process_item(article)) for article in articles]
    stage.close_spider()
    assert not [a.url for a in kept if PROMO in a.text]


def test_without_template_learning_workers_read_no_blocks(tmp_path: Path) -> None:
    from scrapy.utils.test import get_crawler

    from crawler.pipelines.extract import ExtractPipeline

    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    crawler = get_crawler(settings_dict={**values, "OUTPUT_DIR": str(tmp_path), "TEMPLATES_ENABLED": False})
    assert ExtractPipeline.from_crawler(crawler).config.templates is None
    assert extract_page(page_html(0), "http://127.0.0.1:8080/dossier/0").blocks is None


def test_an_article_waits_only_while_more_of_its_site_may_come(tmp_path: Path) -> None:
    """More of the site must be pending in the frontier or being downloaded; and items waiting here hold Scrapy's
    scraper slot: once it is full nothing is fetched, so waiting on would stall the crawl."""
    from types import SimpleNamespace

    from scrapy import Request
    from scrapy.core.scraper import Slot

    from crawler.store.frontier import FrontierEntry

    crawler = crawler_for(tmp_path)
    crawler.stats.open_spider()
    stage = TemplatePipeline.from_crawler(crawler)
    stage.open_spider()
    slot = Slot()
    downloading: list[Any] = []
    engine = SimpleNamespace(
        scheduler=SimpleNamespace(has_pending_requests=lambda: True), downloader=SimpleNamespace(active=downloading),
        scraper=SimpleNamespace(slot=slot),
    )
    stage.crawler = SimpleNamespace(_engine=engine, engine=engine)  # type: ignore[assignment]
    site, other = "http://127.0.0.1:8080", "http://127.0.0.1:8081"
    assert not stage._more_to_come(site)  # nothing of the site queued: waiting would teach nothing
    downloading.append(SimpleNamespace(url=f"{other}/a"))
    assert not stage._more_to_come(site)  # another site's page on its way does not count
    downloading.append(SimpleNamespace(url=f"{site}/b"))
    assert stage._more_to_come(site)
    downloading.clear()
    stage.state.frontier.push(FrontierEntry("k", f"{site}/c", 0, f'{{"url": "{site}/c"}}'))
    assert stage._more_to_come(site)
    slot.active.update(Request(f"{other}/{n}") for n in range(stage.max_in_stages))  # FRONTIER_MAX_IN_STAGES
    assert stage.max_in_stages > 0 and not stage._more_to_come(site)
    slot.active.clear()
    assert stage._more_to_come(site)
    slot.active_size = slot.max_active_size + 1  # SCRAPER_SLOT_MAX_ACTIVE_SIZE's bytes
    assert not stage._more_to_come(site)
    stage.close_spider()
    stage.state.close()
