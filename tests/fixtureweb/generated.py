"""A generated news site on 127.0.0.1, for crawls of thousands of pages (kill-resume, incremental).

`GeneratedSite(articles=1960, per_hub=49)` serves:
- `/` (home: links to every hub) and `/robots.txt` (with its `Sitemap:` line),
- `/hub/N` (a section page linking to its articles),
- `/article/N` (an on-topic article under the default profile, its text unique),
- `/sitemap.xml` (every article with its `lastmod`).
Articles can be added (`add_articles`) and changed (`change_article`) between
runs; a changed article gets a new `lastmod` and a new text. Every request is
counted (`hits`, `article_hits`); `delay` slows every answer. `promo` puts one
line of site chrome on every HTML page, where trafilatura keeps it in an
article's text; `stamp` changes every page's footer (a page regenerated, its
story unchanged).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WORDS = (
    "reseau operateur antenne contrat ministre rapport marche licence frequence enquete analyse commission "
    "regulateur securite nationale sanctions interdiction exportation composant fournisseur logiciel audit "
    "gouvernement parlement decision tribunal budget infrastructure cable satellite donnees serveur centre "
    "province region capitale port aeroport frontiere douane scanner equipement technologie industrie usine "
    "emploi investissement croissance prix contrat appel offre partenaire alliance diplomatie ambassade visite "
    "negociation accord traite calendrier retard cout facture remplacement deploiement test essai pilote"
).split()
SYLLABLES = ("ba", "ko", "ri", "tu", "me", "sa", "lo", "ni", "pe", "ga", "du", "vi", "ra", "zo", "fe", "mi", "ton", "lar")
TOPIC = ("Huawei", "ZTE", "Nuctech")
MEASURES = ("sanctions", "interdiction", "sécurité nationale", "liste noire", "espionnage")


def article_text(number: int, revision: int) -> tuple[str, list[str]]:
    """The title and paragraphs of an article: unique words, the topic's terms inside sentences."""
    rng = random.Random(number * 1000 + revision)
    company, measure = TOPIC[number % 3], MEASURES[number % 5]
    title = f"Dossier {number} : {company} et les {measure} (révision {revision})"
    paragraphs = []
    for _ in range(4):
        words = [_word(rng) for _ in range(30)]
        words.insert(rng.randrange(30), company)
        words.insert(rng.randrange(30), measure)
        paragraphs.append(" ".join(words).capitalize() + ".")
    return title, paragraphs


def _word(rng: random.Random) -> str:
    """A made-up word: enough of them that two articles share almost no three-word run."""
    return rng.choice(WORDS) if rng.random() < 0.3 else "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


class GeneratedSite:
    """The site's server and its state: articles, their revisions and the hits they got."""

    def __init__(
        self, articles: int = 1960, per_hub: int = 49, delay: float = 0.0, port: int = 0, promo: str = ""
    ) -> None:
        self.per_hub = per_hub
        self.delay = delay
        self.promo = promo
        self.stamp = ""
        self.revisions: dict[int, int] = dict.fromkeys(range(articles), 1)
        self.modified: dict[int, str] = dict.fromkeys(range(articles), "2019-02-13T10:00:00+00:00")
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def article_urls(self) -> set[str]:
        return {f"{self.base}/article/{n}" for n in self.revisions}

    def article_hits(self) -> int:
        with self.lock:
            return sum(n for path, n in self.hits.items() if path.startswith("/article/"))

    def add_articles(self, count: int) -> list[int]:
        with self.lock:
            start = max(self.revisions) + 1
            added = list(range(start, start + count))
            for n in added:
                self.revisions[n] = 1
                self.modified[n] = datetime.now(UTC).isoformat(timespec="seconds")
        return added

    def change_article(self, number: int) -> None:
        with self.lock:
            self.revisions[number] += 1
            self.modified[number] = datetime.now(UTC).isoformat(timespec="seconds")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> GeneratedSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def page(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a path."""
        with self.lock:
            numbers = sorted(self.revisions)
            hubs = (len(numbers) + self.per_hub - 1) // self.per_hub
            if path == "/robots.txt":
                return 200, "text/plain", f"User-agent: *\nAllow: /\nSitemap: {self.base}/sitemap.xml\n".encode()
            if path == "/sitemap.xml":
                urls = "".join(
                    f"<url><loc>{self.base}/article/{n}</loc><lastmod>{self.modified[n]}</lastmod></url>" for n in numbers
                )
                xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                return 200, "application/xml", xml.encode()
            if path == "/":
                links = "".join(f'<li><a href="/hub/{h}">Rubrique {h}</a></li>' for h in range(hubs))
                return 200, "text/html; charset=utf-8", self._html("Accueil", f"<ul>{links}</ul>", "website")
            if path.startswith("/hub/") and path[5:].isdigit() and int(path[5:]) < hubs:
                hub = int(path[5:])
                listed = numbers[hub * self.per_hub : (hub + 1) * self.per_hub]
                links = "".join(f'<li><a href="/article/{n}">Dossier {n}</a></li>' for n in listed)
                return 200, "text/html; charset=utf-8", self._html(f"Rubrique {hub}", f"<ul>{links}</ul>", "website")
            if path.startswith("/article/") and path[9:].isdigit() and int(path[9:]) in self.revisions:
                number = int(path[9:])
                title, paragraphs = article_text(number, self.revisions[number])
                body = "".join(f"<p>{p}</p>" for p in paragraphs)
                html = self._html(title, f"<article><h1>{title}</h1>{body}{self._promo()}</article>", "article")
                return 200, "text/html; charset=utf-8", html
        return 404, "text/html", b"<html><body>not found</body></html>"

    def _promo(self) -> str:
        return f'<div class="promo"><p>{self.promo}</p></div>' if self.promo else ""

    def _html(self, title: str, main: str, kind: str) -> bytes:
        if kind == "website":
            main += self._promo()
        return _html(title, main, kind).replace(b"Site de test", f"Site de test {self.stamp}".encode())

    def _handler(self) -> Any:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path.split("?", 1)[0]
                with site.lock:
                    site.hits[path] += 1
                if site.delay:
                    time.sleep(site.delay)
                status, content_type, body = site.page(path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        return Handler


def _html(title: str, main: str, kind: str) -> bytes:
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="{kind}"><meta property="og:title" content="{title}"></head>'
        f'<body><nav><a href="/">Accueil</a></nav><main>{main}</main><footer>Site de test</footer></body></html>'
    ).encode()
