"""Template learning: a host's recurring promo lines go, a story's own repeats and shared quotes stay."""

from __future__ import annotations

from pathlib import Path

from crawler.extraction.templates import TemplateConfig, strip_template_lines
from crawler.store.templates import SQLiteTemplateStore

PROMO = "Recevez chaque matin notre lettre industrie, gratuite et sans engagement."
QUOTE = "« Nous respectons toutes les lois en vigueur », a répondu le groupe."


def story(n: int, *extra: str) -> str:
    body = [f"Paragraphe propre à l'article {n}, avec des faits qui ne se répètent pas ailleurs {n * 7}."]
    return "\n".join([*body, *extra, f"Conclusion de l'article numéro {n}."])


def test_a_promo_on_many_pages_is_learned_then_removed(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=4, min_share=0.3)
    results = [strip_template_lines(story(n, PROMO), "usine.example", f"p{n}", store, config) for n in range(8)]
    assert [PROMO in r.text for r in results] == [True] * 4 + [False] * 4
    assert results[-1].removed == 1 and "Conclusion de l'article numéro 7." in results[-1].text
    store.close()


def test_learning_survives_a_new_run(tmp_path: Path) -> None:
    config = TemplateConfig(min_pages=3, min_share=0.3)
    first = SQLiteTemplateStore(tmp_path / "state.db")
    for n in range(3):
        strip_template_lines(story(n, PROMO), "a.example", f"p{n}", first, config)
    first.close()
    again = SQLiteTemplateStore(tmp_path / "state.db")
    assert PROMO not in strip_template_lines(story(9, PROMO), "a.example", "p9", again, config).text
    again.close()


def test_a_line_repeated_inside_one_story_is_kept(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    text = story(1, QUOTE, QUOTE, QUOTE, QUOTE, QUOTE)
    for _ in range(3):  # the same page seen again (a re-crawl) is still one page
        result = strip_template_lines(text, "a.example", "same-page", store, TemplateConfig())
    assert result.text.count(QUOTE) == 5
    store.close()


def test_a_quote_shared_by_two_stories_is_kept(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig()
    strip_template_lines(story(1, QUOTE), "a.example", "p1", store, config)
    assert QUOTE in strip_template_lines(story(2, QUOTE), "a.example", "p2", store, config).text
    assert QUOTE in strip_template_lines(story(3, QUOTE), "a.example", "p3", store, config).text
    store.close()


def test_hosts_learn_separately_and_long_lines_never(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=2, min_share=0.1, max_line_words=20)
    long_line = " ".join(["mot"] * 30)
    for n in range(4):
        strip_template_lines(story(n, PROMO, long_line), "a.example", f"p{n}", store, config)
    other = strip_template_lines(story(5, PROMO), "b.example", "p5", store, config)
    assert PROMO in other.text
    assert long_line in strip_template_lines(story(6, PROMO, long_line), "a.example", "p6", store, config).text
    store.close()


def test_a_common_line_on_a_big_site_stays_under_the_share(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=4, min_share=0.3)
    for n in range(40):
        extra = (QUOTE,) if n % 8 == 0 else ()
        strip_template_lines(story(n, *extra), "big.example", f"p{n}", store, config)
    assert QUOTE in strip_template_lines(story(99, QUOTE), "big.example", "p99", store, config).text
    store.close()
