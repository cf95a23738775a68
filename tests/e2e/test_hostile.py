"""End-to-end: the crawler against misbehaving servers on 127.0.0.1 (issue "Hostile input", docs/safety.md).

Two crawls into one output folder, with the project's default timeouts:
1. robots.txt answers 503 on one host and hangs on another; a robots.txt of
   10 MB; Crawl-delay: 2 on a host whose sitemap comes from its robots.txt; a
   PDF served as text/html in a news sitemap; a 100k-row table page and a page
   of 100k nested divs; an article whose Content-Length is half its body; a host
   whose pages never answer.
2. The two robots.txt now answer: their allowed pages are fetched, the
   disallowed ones still never.
The crawl's process tree (crawler, extraction workers) is sampled for its RSS
throughout, and each case's measured behaviour is printed (`pytest -s`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.e2e.crawling import PROJECT_DIR, PROXY_VARS, parse_stats, path_of, read_jsonl
from tests.e2e.hostile_web import NOT_FOUND, Answer, HostileWeb, StagedHost
from tests.fixtureweb.generated import article_text

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CRAWL_TIMEOUT = 300  # seconds; the dead host alone costs one DOWNLOAD_TIMEOUT (30 s) or two
RSS_LIMIT = 500 * 1024 * 1024
CRAWL_DELAY = 2.0
STEADY_ARTICLES = 6
# All staged hosts share one IP, hence one of Scrapy's per-domain slots: let them run side by side as separate sites would.
SETTINGS = (
    "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=True", "AUTOTHROTTLE_START_DELAY=0", "LOG_LEVEL=INFO",
    "CONCURRENT_REQUESTS_PER_DOMAIN=32", "CONCURRENT_REQUESTS=32",
)  # fmt: skip


def article(number: int, paragraphs: int = 4, wrap: tuple[str, str] = ("", "")) -> bytes:
    """An on-topic article page (default profile), unique by its number; 4 paragraphs per revision of its text."""
    title, texts = article_text(number, 1)
    for revision in range(2, paragraphs // 4 + 2):
        texts += article_text(number, revision)[1]
    texts = texts[:paragraphs]
    body = "".join(f"<p>{t}</p>" for t in texts)
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article"></head><body><nav><a href="/">Accueil</a></nav>'
        f"{wrap[0]}<article><h1>{title}</h1>{body}</article>{wrap[1]}<footer>Site de test</footer></body></html>"
    ).encode()


def home(links: list[str]) -> bytes:
    items = "".join(f'<li><a href="{href}">Lire {href}</a></li>' for href in links)
    return f'<!doctype html><html><head><title>Accueil</title></head><body><ul>{items}</ul></body></html>'.encode()


def news_sitemap(base: str, entries: list[tuple[str, str]]) -> Answer:
    urls = "".join(
        f"<url><loc>{base}{path}</loc><news:news><news:publication><news:name>T</news:name><news:language>fr"
        f"</news:language></news:publication><news:publication_date>2020-03-02T10:00:00+00:00</news:publication_date>"
        f"<news:title>{title}</news:title></news:news></url>"
        for path, title in entries
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    )
    return Answer(body=xml.encode(), content_type="application/xml")


def robots(text: str) -> Answer:
    return Answer(body=text.encode(), content_type="text/plain")


def pdf_bytes() -> bytes:
    stream = bytes((i * 37 + 11) % 256 for i in range(40_000))
    return b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 40000 /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\n"


def table_page() -> bytes:
    rows = "".join(f"<tr><td>{i}</td><td>Huawei ban figure {i}</td><td>{i * 7}</td></tr>\n" for i in range(100_000))
    return f"<html><head><title>Huawei ban: every figure</title></head><body><table>{rows}</table></body></html>".encode()


# --- the staged web -------------------------------------------------------------------------
@dataclass
class Stage:
    web: HostileWeb
    run: list[int]  # [1] or [2]: which crawl the routes answer for

    def host(self, name: str) -> StagedHost:
        return self.web.hosts[name]


def stage_web() -> Stage:
    web, run = HostileWeb(), [1]
    stage = Stage(web, run)

    def two_pages(number: int, down: Answer) -> Any:
        def routes(path: str) -> Answer:
            if path == "/robots.txt":
                return down if run[0] == 1 else robots("User-agent: *\nDisallow: /private/\n")
            pages = {"/": Answer(body=home(["/news/open", "/private/closed"])), "/news/open": Answer(body=article(number)),
                     "/private/closed": Answer(body=article(number + 1))}  # fmt: skip
            return pages.get(path, NOT_FOUND)

        return routes

    web.add("flaky", two_pages(9100, Answer(503, b"Service Unavailable", "text/plain")))
    web.add("hanging", two_pages(9110, Answer(hang=True)))

    def steady(path: str) -> Answer:
        base = web.hosts["steady"].base
        if path == "/robots.txt":
            return robots(f"User-agent: *\nCrawl-delay: {CRAWL_DELAY:g}\nSitemap: {base}/news-sitemap.xml\n")
        if path == "/news-sitemap.xml":
            return news_sitemap(base, [(f"/news/{n}", f"Huawei ban {n}") for n in range(STEADY_ARTICLES)])
        if path.startswith("/news/") and path[6:].isdigit():
            return Answer(body=article(9200 + int(path[6:])))
        return Answer(body=home([])) if path == "/" else NOT_FOUND

    web.add("steady", steady)

    big_robots = (
        b"User-agent: *\nDisallow: /blocked/\n" + (b"# padding line " + b"y" * 84 + b"\n") * 100_000 + b"Disallow: /late/\n"
    )  # fmt: skip

    def bigrobots(path: str) -> Answer:
        pages = {"/robots.txt": Answer(body=big_robots, content_type="text/plain"),
                 "/": Answer(body=home(["/blocked/a", "/late/b"])),
                 "/blocked/a": Answer(body=article(9300)), "/late/b": Answer(body=article(9301))}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    web.add("bigrobots", bigrobots)

    def junk(path: str) -> Answer:
        base = web.hosts["junk"].base
        pages = {"/robots.txt": robots("User-agent: *\nAllow: /\n"),
                 "/sitemap.xml": news_sitemap(base, [("/news/report", "Huawei: the FCC ban report"),
                                                     ("/news/fine", "Huawei et les sanctions")]),
                 "/news/report": Answer(body=pdf_bytes()), "/news/fine": Answer(body=article(9400))}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    web.add("junk", junk)
    table, deep = table_page(), article(9500, wrap=("<div>" * 100_000, "</div>" * 100_000))

    def giant(path: str) -> Answer:
        base = web.hosts["giant"].base
        pages = {"/robots.txt": robots("User-agent: *\nAllow: /\n"),
                 "/sitemap.xml": news_sitemap(base, [("/news/table", "Huawei ban figures"), ("/news/deep", "Huawei ban")]),
                 "/news/table": Answer(body=table), "/news/deep": Answer(body=deep)}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    web.add("giant", giant)
    lying = article(9600, paragraphs=12)

    def liar(path: str) -> Answer:
        base = web.hosts["liar"].base
        pages = {"/robots.txt": NOT_FOUND,
                 "/sitemap.xml": news_sitemap(base, [("/news/cut", "Huawei et la sécurité nationale")]),
                 "/news/cut": Answer(body=lying, content_length=len(lying) // 2)}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    web.add("liar", liar)
    web.add("dead", lambda path: NOT_FOUND if path == "/robots.txt" else Answer(hang=True))
    return stage


def seeds(stage: Stage, run: int) -> list[str]:
    hosts = stage.web.hosts
    found = [hosts["flaky"].base + "/", hosts["flaky"].base + "/private/closed", hosts["hanging"].base + "/",
             hosts["hanging"].base + "/private/closed"]  # fmt: skip
    if run == 1:
        found += [hosts["steady"].base + "/", hosts["bigrobots"].base + "/", hosts["junk"].base + "/sitemap.xml",
                  hosts["giant"].base + "/sitemap.xml", hosts["liar"].base + "/sitemap.xml",
                  hosts["dead"].base + "/", hosts["dead"].base + "/news/a", hosts["dead"].base + "/news/b"]  # fmt: skip
    return found


# --- one crawl, its RSS sampled -------------------------------------------------------------
@dataclass
class Crawl:
    returncode: int | None
    seconds: float
    peak_rss: int  # bytes, the crawl's whole process tree
    log: str
    stats: dict[str, float]
    articles: list[dict[str, Any]]
    rejected: list[dict[str, Any]]


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # a worker that just ended
            continue
    return total


def crawl(urls: list[str], output_dir: Path, log_path: Path) -> Crawl:
    command = [sys.executable, "-m", "scrapy", "crawl", "topic", "-a", "urls=" + ",".join(urls), "-s", f"OUTPUT_DIR={output_dir}"]
    for setting in SETTINGS:
        command += ["-s", setting]
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    peak, started = 0, time.monotonic()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        watched = psutil.Process(proc.pid)
        returncode: int | None = None
        while time.monotonic() - started < CRAWL_TIMEOUT:
            try:
                peak = max(peak, tree_rss(watched))
            except psutil.Error:
                pass
            returncode = proc.poll()
            if returncode is not None:
                break
            time.sleep(0.2)
        else:
            os.killpg(proc.pid, 9)
            proc.wait()
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return Crawl(returncode, time.monotonic() - started, peak, text, parse_stats(text),
                 read_jsonl(output_dir / "articles.jsonl"), read_jsonl(output_dir / "rejected.jsonl"))  # fmt: skip


@dataclass
class Outcome:
    stage: Stage
    first: Crawl
    second: Crawl
    first_started: float
    second_started: float


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    stage = stage_web()
    out = tmp_path_factory.mktemp("hostile")
    try:
        first_started = time.monotonic()
        first = crawl(seeds(stage, 1), out / "output", out / "first.log")
        stage.run[0] = 2
        second_started = time.monotonic()
        second = crawl(seeds(stage, 2), out / "output", out / "second.log")
        yield Outcome(stage, first, second, first_started, second_started)
    finally:
        stage.web.stop()


def report(case: str, measured: str) -> None:
    print(f"\n[hostile] {case}: {measured}")


def kept_paths(crawl: Crawl, host: StagedHost) -> set[str]:
    return {path_of(a["url"]) for a in crawl.articles if a["url"].startswith(host.base)}


# --- the cases ------------------------------------------------------------------------------
def test_both_crawls_finish(outcome: Outcome) -> None:
    for crawl in (outcome.first, outcome.second):
        assert crawl.returncode == 0, crawl.log[-3000:]
        assert "Traceback" not in crawl.log, crawl.log[-3000:]
    report("crawl durations", f"first {outcome.first.seconds:.1f} s, second {outcome.second.seconds:.1f} s")


@pytest.mark.parametrize("name", ["flaky", "hanging"])
def test_unavailable_robots_txt_disallows_until_it_answers(outcome: Outcome, name: str) -> None:
    host = outcome.stage.host(name)
    second_at = outcome.second_started
    before = [path for at, path in host.hits if at < second_at]
    after = [path for at, path in host.hits if at >= second_at]
    assert before == ["/robots.txt"], f"first crawl, robots.txt {name}: {before}"  # asked once, nothing else fetched
    assert "/news/open" in after and "/private/closed" not in after, after
    assert after.count("/robots.txt") == 1
    assert kept_paths(outcome.second, host) == {"/news/open"}
    assert outcome.first.stats.get("robotstxt/refused/unavailable", 0) >= 2
    report(f"robots.txt {name}", f"first crawl requested {before}; second crawl {sorted(set(after))}")


def test_crawl_delay_is_obeyed_and_robots_sitemaps_are_handed_over(outcome: Outcome) -> None:
    host = outcome.stage.host("steady")
    paths = host.paths()
    assert paths.count("/robots.txt") == 1 and "/news-sitemap.xml" in paths  # the Sitemap: line, handed to the spider
    times = [at for at, path in host.hits if path != "/robots.txt"]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 2 + STEADY_ARTICLES
    assert min(gaps) >= CRAWL_DELAY - 0.05, gaps  # timer granularity
    assert len(kept_paths(outcome.first, host)) == STEADY_ARTICLES
    report("Crawl-delay: 2", f"{len(gaps)} gaps, min {min(gaps):.2f} s, max {max(gaps):.2f} s")


def test_robots_txt_is_read_up_to_500_kib(outcome: Outcome) -> None:
    host = outcome.stage.host("bigrobots")
    paths = host.paths()
    assert paths.count("/robots.txt") == 1
    assert "/blocked/a" not in paths  # disallowed in the first lines
    assert "/late/b" in paths  # disallowed only past 500 KiB: never read
    assert outcome.first.stats.get("robotstxt/cut", 0) == 1
    full = len(host.routes("/robots.txt").body)
    report("10 MB robots.txt", f"server sent {host.sent.get('/robots.txt', 0):,} of {full:,} bytes; /blocked/ never fetched")


def test_no_article_has_more_than_one_percent_replacement_characters(outcome: Outcome) -> None:
    articles = outcome.first.articles + outcome.second.articles
    worst = max(a["text"].count("\ufffd") / max(len(a["text"]), 1) for a in articles)
    assert worst <= 0.01
    host = outcome.stage.host("junk")
    assert kept_paths(outcome.first, host) == {"/news/fine"}
    reasons = {path_of(r["url"]): r["reason"] for r in outcome.first.rejected if r.get("url", "").startswith(host.base)}
    assert reasons.get("/news/report", "").startswith("extract/binary"), reasons
    report("PDF as text/html", f"rejected as {reasons['/news/report']!r}; worst U+FFFD share of a stored article {worst:.4f}")


def test_giant_pages_are_bounded_and_nested_text_is_kept(outcome: Outcome) -> None:
    host, steady = outcome.stage.host("giant"), outcome.stage.host("steady")
    reasons = {path_of(r["url"]): r["reason"] for r in outcome.first.rejected if r.get("url", "").startswith(host.base)}
    assert reasons.get("/news/table", "").startswith("extract/too_complex"), reasons
    assert kept_paths(outcome.first, host) == {"/news/deep"}
    deep = next(a for a in outcome.first.articles if a["url"].endswith("/news/deep"))
    assert deep["word_count"] > 100
    table_at = host.times("/news/table")[0]
    arriving = [at - table_at for at in steady.times("/news/") if at > table_at]
    assert arriving, "the steady host's pages stopped when the table page came"
    gaps = [b - a for a, b in zip([0.0, *arriving], arriving, strict=False)]
    assert max(gaps) < CRAWL_DELAY + 8, gaps
    report("100k-row table", f"{reasons['/news/table']!r}; steady host's pages after it at {[round(a, 1) for a in arriving]} s")
    report("100k nested divs", f"kept, {deep['word_count']} words")


def test_a_lying_content_length_flags_the_article_truncated(outcome: Outcome) -> None:
    host = outcome.stage.host("liar")
    cut = [a for a in outcome.first.articles if a["url"].startswith(host.base)]
    rejected = [r for r in outcome.first.rejected if r.get("url", "").startswith(host.base)]
    assert len(cut) == 1, rejected
    assert "truncated" in cut[0]["quality_flags"]
    assert cut[0]["word_count"] > 150  # not the short-text rule: the body's end says it was cut
    report("Content-Length half the body", f"stored with flags {cut[0]['quality_flags']}, {cut[0]['word_count']} words")


def test_a_dead_host_is_set_aside_within_two_minutes(outcome: Outcome) -> None:
    host = outcome.stage.host("dead")
    pages = [at for at, path in host.hits if path != "/robots.txt" and at < outcome.second_started]
    assert outcome.first.stats.get("hostguard/set_aside") == 1
    assert outcome.first.stats.get("hostguard/refused", 0) + outcome.first.stats.get("hostguard/cancelled", 0) >= 1
    span = max(pages) - outcome.first_started
    assert span < 120
    assert outcome.first.seconds < 120 + 30
    took = outcome.first.seconds
    report("dead host", f"{len(pages)} page requests, the last {span:.0f} s into the crawl; the crawl took {took:.0f} s")


def test_peak_rss_of_the_crawl_stays_under_500_mb(outcome: Outcome) -> None:
    peaks = (outcome.first.peak_rss, outcome.second.peak_rss)
    assert max(peaks) < RSS_LIMIT
    report("peak RSS of the crawl process tree", f"{peaks[0] / 2**20:.0f} MB, {peaks[1] / 2**20:.0f} MB")
