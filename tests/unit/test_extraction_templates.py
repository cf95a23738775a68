"""Template learning: a host's recurring promo blocks go, a story's own repeats and shared quotes stay."""

from __future__ import annotations

from pathlib import Path

from trafilatura.utils import load_html

from crawler.extraction.templates import (
    TemplateConfig,
    learn_page,
    page_blocks,
    strip_template,
    template_of,
)
from crawler.store.templates import SQLiteTemplateStore, TemplateStore

PROMO = "Recevez chaque matin notre lettre industrie, gratuite et sans engagement."
QUOTE = "« Nous respectons toutes les lois en vigueur », a répondu le groupe."


def story_lines(n: int, *extra: str) -> list[str]:
    return [f"Paragraphe propre à l'article {n}, avec des faits qui ne se répètent pas ailleurs {n * 7}.",
            *extra, f"Conclusion de l'article numéro {n}."]


def page(n: int, *extra: str, promo: bool = True, body_path: str = "article") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in story_lines(n, *extra))
    aside = f"<aside class='promo'><p>{PROMO}</p></aside>" if promo else ""
    return f"<html><body><nav><a href='/'>Accueil</a></nav><{body_path}>{paragraphs}</{body_path}>{aside}</body></html>"


def learn(store: TemplateStore, host: str, name: str, html: str, config: TemplateConfig) -> None:
    learn_page(host, name, page_blocks(load_html(html), config), store)


def cleaned(store: TemplateStore, host: str, name: str, html: str, config: TemplateConfig) -> str:
    """Learn the page, then strip its host's template from its text (its story lines plus the promo)."""
    learn(store, host, name, html, config)
    template, _own = template_of(host, name, store, config)
    text = "\n".join(line for line in [*story_lines(0), PROMO] if line)
    return strip_template(text, template).text


def test_blocks_are_keyed_by_path_and_text() -> None:
    config = TemplateConfig()
    blocks = page_blocks(load_html(page(1)), config)
    same_text_elsewhere = page_blocks(load_html(f"<html><body><main><p>{PROMO}</p></main></body></html>"), config)
    promo = [b for b in blocks if "recevez" in b.ident]
    assert len(promo) == 1
    assert promo[0].ident == same_text_elsewhere[0].ident and promo[0].key != same_text_elsewhere[0].key


def test_a_promo_on_many_pages_is_learned_from_any_page_then_removed(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=4, min_share=0.3)
    for n in range(4):  # hubs and other pages of the host, never stored as articles
        learn(store, "usine.example", f"hub{n}", page(100 + n), config)
    text = cleaned(store, "usine.example", "first-article", page(1), config)
    assert PROMO not in text and "Conclusion de l'article numéro 0." in text
    store.close()


def test_too_few_pages_teach_nothing(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=4, min_share=0.3)
    for n in range(2):
        learn(store, "a.example", f"p{n}", page(n), config)
    assert PROMO in cleaned(store, "a.example", "p9", page(9), config)
    store.close()


def test_learning_survives_a_new_run(tmp_path: Path) -> None:
    config = TemplateConfig(min_pages=3, min_share=0.3)
    first = SQLiteTemplateStore(tmp_path / "state.db")
    for n in range(3):
        learn(first, "a.example", f"p{n}", page(n), config)
    first.close()
    again = SQLiteTemplateStore(tmp_path / "state.db")
    assert PROMO not in cleaned(again, "a.example", "p9", page(9), config)
    again.close()


def test_a_block_repeated_inside_one_page_counts_once(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=2, min_share=0.1)
    html = page(1, QUOTE, QUOTE, QUOTE, promo=False)
    for _ in range(3):  # the same page seen again (a re-crawl) is still one page
        learn(store, "a.example", "same-page", html, config)
    template, own = template_of("a.example", "same-page", store, config)
    assert not template and any("respectons" in ident for ident in own)
    store.close()


def test_a_story_sentence_is_kept_where_the_chrome_shares_its_words(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=3, min_share=0.3)
    for n in range(4):
        learn(store, "a.example", f"p{n}", page(n), config)
    # This story quotes the promo's words in its own body: the body's block is not template.
    learn(store, "a.example", "quoting", page(7, PROMO), config)
    template, own = template_of("a.example", "quoting", store, config)
    assert "accueil" in template and not any("recevez" in t for t in template)
    store.close()


def test_hosts_learn_separately_and_long_blocks_never(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=2, min_share=0.1, max_line_words=20)
    long_line = " ".join(["mot"] * 30)
    for n in range(4):
        learn(store, "a.example", f"p{n}", page(n) + f"<footer><p>{long_line}</p></footer>", config)
    assert PROMO in cleaned(store, "b.example", "p5", page(5), config)
    learn(store, "a.example", "p6", page(6) + f"<footer><p>{long_line}</p></footer>", config)
    template, _own = template_of("a.example", "p6", store, config)
    assert template and not any(long_line.replace(" ", "") in t for t in template)
    store.close()


def test_a_common_block_on_a_big_site_stays_under_the_share(tmp_path: Path) -> None:
    store = SQLiteTemplateStore(tmp_path / "state.db")
    config = TemplateConfig(min_pages=4, min_share=0.3)
    for n in range(40):
        learn(store, "big.example", f"p{n}", page(n, promo=n % 8 == 0), config)
    assert PROMO in cleaned(store, "big.example", "p99", page(99), config)
    store.close()


def test_a_state_without_counts_gets_them_on_open(tmp_path: Path) -> None:
    import sqlite3

    config = TemplateConfig(min_pages=3, min_share=0.3)
    store = SQLiteTemplateStore(tmp_path / "state.db")
    for n in range(3):
        learn(store, "a.example", f"p{n}", page(n), config)
    store.close()
    with sqlite3.connect(tmp_path / "state.db") as db:  # a state written before the counts were kept
        db.execute("DELETE FROM template_counts")
        db.execute("DELETE FROM template_hosts")
    again = SQLiteTemplateStore(tmp_path / "state.db")
    assert again.host_pages("a.example") == 3
    assert PROMO not in cleaned(again, "a.example", "p9", page(9), config)
    again.close()


def test_a_state_keyed_by_block_is_rekeyed_by_page_on_open(tmp_path: Path) -> None:
    """A state written when the lines were keyed (host, key, page) with an index by page: the same rows, keyed
    (host, page, key), and the index gone; what it had learnt still removes the promo."""
    import sqlite3

    config = TemplateConfig(min_pages=3, min_share=0.3)
    store = SQLiteTemplateStore(tmp_path / "state.db")
    for n in range(3):
        learn(store, "a.example", f"p{n}", page(n), config)
    store.close()
    with sqlite3.connect(tmp_path / "state.db") as db:  # the lines as a state written before had them
        rows = sorted(db.execute("SELECT host, key, page FROM template_lines"))
        db.execute("DROP TABLE template_lines")
        db.execute("CREATE TABLE template_lines (host TEXT NOT NULL, key TEXT NOT NULL, page TEXT NOT NULL,"
                   " PRIMARY KEY (host, key, page)) WITHOUT ROWID")
        db.execute("CREATE INDEX template_lines_by_page ON template_lines (host, page)")
        db.executemany("INSERT INTO template_lines VALUES (?, ?, ?)", rows)
    again = SQLiteTemplateStore(tmp_path / "state.db")
    again.close()
    with sqlite3.connect(tmp_path / "state.db") as db:
        assert sorted(db.execute("SELECT host, key, page FROM template_lines")) == rows and rows
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'template_lines'").fetchone()[0]
        assert "PRIMARY KEY (host, page, key)" in sql
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'template_lines_by_page'").fetchall()
    reopened = SQLiteTemplateStore(tmp_path / "state.db")  # rekeyed once: opening again changes nothing
    assert reopened.host_pages("a.example") == 3
    assert PROMO not in cleaned(reopened, "a.example", "p9", page(9), config)
    reopened.close()
