"""Best-first against breadth-first on a seeded synthetic web of news sites, same page budget.

    .venv/bin/python scripts/bench_focus.py [--seed 7] [--hosts 20] [--pages 250] [--budget 0.2] [--concurrency 8]
                                            [--anchors profile|plain] [--schedulers both|project] [--served-log DIR]

Generates a web (hosts x pages HTML pages; half French, half English; ~3% on-topic
articles for the default profile's topic, clustered in some hosts' tech/world/economy
sections, linked from section listings, tag pages, related boxes, "most read" boxes,
other hosts and feeds; hard negatives: phone reviews, results, other sanctions, promo
sidebars), serves it on 127.0.0.1 (one threaded server per host, ephemeral ports),
and runs `scrapy crawl topic -a urls=<home pages>` twice with the same budget
(CLOSESPIDER_PAGECOUNT = budget x pages): best-first (the project's default) and
breadth-first (flat priorities, DEPTH_PRIORITY=1, FIFO queues). On-topic articles
found are counted from the server's own log of what it served.

`--anchors plain`: the same web, but on-topic articles are titled (so linked, listed
in feeds and sitemaps, and given URL slugs) in words the default profile does not
list: "Carriers told to tear down gear made in Shenzhen". Their text still tells
the topic as before. Every such title is checked to match no term of the profile.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# --- vocabulary: {C} company, {P} person, {T} town, {N} number, {K} country, {O} organisation ---------
FR, EN = "fr", "en"
SECTIONS = {FR: ["monde", "economie", "tech", "politique", "sport", "culture"],
            EN: ["world", "business", "technology", "politics", "sport", "culture"]}  # fmt: skip
ON_SECTIONS = (2, 0, 1)  # tech, world, economy hold the topic: 60 %, 25 %, 15 %
ON_TITLES = {
    FR: [
        "{C} : Washington durcit les sanctions au nom de la sécurité nationale",
        "La FCC interdit les équipements {C} aux États-Unis",
        "{C} inscrit sur la liste noire du département du Commerce",
        "Espionnage : les États-Unis pressent l'Europe d'écarter {C}",
        "5G : sous la pression américaine, {K} exclut {C}",
        "Le Pentagone bannit les téléphones {C} de ses bases",
        "Décret de la Maison Blanche : {C} interdit sur les réseaux américains",
        "Sécurité nationale : {C} dans le viseur de Washington",
        "Washington accentue la pression sur le géant chinois des télécoms",  # the last three name no company
        "Les équipementiers chinois de nouveau visés par Washington",
        "Scanners chinois : l'alerte des services américains",
    ],
    EN: [
        "US tightens sanctions on {C} over national security",
        "FCC bans new {C} equipment in the United States",
        "Commerce Department adds {C} to its entity list",
        "Espionage fears: Washington presses Europe to drop {C}",
        "5G: under US pressure, {K} excludes {C}",
        "Pentagon bans {C} phones from military bases",
        "Executive order bars {C} from American networks",
        "National security: {C} in Washington's sights",
        "Washington turns up the heat on China's telecom champion",
        "Chinese equipment makers back in the firing line",
        "Airport scanners: the quiet warning from US officials",
    ],
}
ON_SENTENCES = {
    FR: [
        "Les autorités américaines considèrent {C} comme une menace pour la sécurité nationale.",
        "Le département du Commerce a ajouté {C} à sa liste noire, privant le groupe de composants américains.",
        "Washington accuse {C} de pouvoir servir à l'espionnage pour le compte de Pékin.",
        "{C} dément toute activité d'espionnage et dénonce une décision politique, selon {P}.",
        "La FCC interdit désormais aux opérateurs d'acheter des équipements {C} avec des fonds fédéraux.",
        "À {T}, plusieurs opérateurs étudient une interdiction des équipements {C} dans leurs réseaux 5G.",
        "Les sanctions américaines visent aussi les fournisseurs de {C}, a précisé {P}.",
        "Le Conseil national de sécurité de la Maison Blanche coordonne la pression sur les alliés, dont {K}.",
    ],
    EN: [
        "US officials regard {C} as a threat to national security.",
        "The Commerce Department added {C} to its entity list, cutting it off from American components.",
        "Washington accuses {C} of being a potential tool for Chinese espionage.",
        "{C} denies any spying and calls the decision political, according to {P}.",
        "The FCC now bars carriers from buying {C} equipment with federal funds.",
        "In {T}, several operators are considering a ban on {C} gear in their 5G networks.",
        "The US sanctions also target suppliers of {C}, {P} said.",
        "The White House National Security Council is coordinating the pressure on allies, including {K}.",
    ],
}
PLAIN_TITLES = {  # on-topic titles in words the profile does not list (checked in `plain_titles`)
    FR: [
        "Le champion chinois des réseaux de nouveau dans le collimateur américain",
        "Télécoms : l'offensive de l'administration américaine s'étend à {K}",
        "Les opérateurs priés de se passer du matériel venu de Shenzhen",
        "Réseaux 5G : les alliés de l'Amérique font le ménage",
        "Les équipementiers de Shenzhen perdent un nouveau marché",
        "Aéroports : les appareils d'inspection venus de Chine inquiètent les Américains",
        "Antennes 5G : {K} tourne la page chinoise",
    ],
    EN: [
        "China's network champion takes another blow from America",
        "Carriers told to tear down gear made in Shenzhen",
        "Telecom giant loses another market as {K} turns away",
        "5G: America's allies clear out Chinese kit",
        "The quiet campaign against Shenzhen's network champion",
        "Airport inspection machines from China worry American officials",
        "{K} shuts the door on Chinese antennas",
    ],
}
HARD = {  # (title, sentences) of topic-adjacent negatives: a phone review, quarterly results, other sanctions
    FR: [
        ("Test du {C} {X} : un smartphone photo redoutable", [
            "Le {C} {X} brille par son appareil photo et son zoom.",
            "L'autonomie atteint {N} heures en usage mixte.",
            "L'écran OLED est lumineux et bien calibré, note {P}."]),
        ("{C} : le bénéfice trimestriel progresse de {N} %", [
            "{C} a publié un bénéfice en hausse de {N} % au trimestre.",
            "Le chiffre d'affaires a atteint {N} milliards de yuans, porté par les stations de base.",
            "L'action {C} a gagné {N} % à Shenzhen."]),
        ("Sanctions : Washington frappe des banques de {K}", [
            "Le Trésor américain a annoncé des sanctions contre des banques de {K}.",
            "Les avoirs des dirigeants visés sont gelés, a précisé {P}.",
            "{K} dénonce une décision hostile et promet une riposte."]),
    ],
    EN: [
        ("{C} {X} review: a camera phone to beat", [
            "The {C} {X} shines with its camera and its zoom.",
            "Battery life reaches {N} hours of mixed use.",
            "The OLED screen is bright and well calibrated, says {P}."]),
        ("{C} quarterly profit rises {N}%", [
            "{C} reported a {N}% rise in quarterly profit.",
            "Revenue reached {N} billion yuan, driven by base station orders.",
            "{C} shares gained {N}% in Shenzhen."]),
        ("US sanctions banks in {K}", [
            "The US Treasury announced sanctions against banks in {K}.",
            "The assets of the executives concerned are frozen, {P} said.",
            "{K} condemned a hostile decision and vowed to respond."]),
    ],
}  # fmt: skip
OFF = {  # per section, in SECTIONS order: (title templates, sentences)
    FR: [
        (["Sommet à {T} : {K} et ses voisins s'accordent sur le climat", "Élections à {T} : la participation en hausse"],
         ["Les dirigeants réunis à {T} ont adopté une déclaration commune.", "{P} salue une avancée diplomatique pour {K}."]),
        (["La Bourse de {T} termine la semaine en hausse de {N} %", "{O} lève {N} millions d'euros"],
         ["Les investisseurs saluent les résultats de {O}.", "Le chiffre d'affaires de {O} progresse de {N} %, selon {P}."]),
        (["{O} dévoile une intelligence artificielle pour les hôpitaux", "La fibre arrive à {T}"],
         ["La start-up {O} emploie {N} ingénieurs à {T}.", "{P} présente un nouveau service de stockage en ligne."]),
        (["Réforme des retraites : {P} défend son texte", "À {T}, le maire annonce un budget participatif"],
         ["Le projet de loi sera examiné par les députés en {N}.", "{P} promet une concertation avec les syndicats."]),
        (["Ligue 1 : {T} s'impose {N} à 1", "Tour de France : {P} remporte l'étape de {T}"],
         ["{P} a marqué à la {N}e minute.", "Les supporters de {T} ont fêté la victoire jusque tard dans la nuit."]),
        (["Festival de {T} : {P} reçoit le grand prix", "Exposition : {O} célèbre la photographie"],
         ["Le public a réservé une ovation à {P}.", "L'exposition se tient à {T} jusqu'en septembre, avec {N} œuvres."]),
    ],
    EN: [
        (["Summit in {T}: {K} and its neighbours agree on climate", "Elections in {T}: turnout rises"],
         ["Leaders meeting in {T} adopted a joint statement.", "{P} hailed a diplomatic breakthrough for {K}."]),
        (["Stocks in {T} end the week up {N}%", "{O} raises {N} million dollars"],
         ["Investors welcomed the results of {O}.", "Revenue at {O} rose {N}%, according to {P}."]),
        (["{O} unveils artificial intelligence for hospitals", "Fibre broadband reaches {T}"],
         ["Start-up {O} employs {N} engineers in {T}.", "{P} presented a new cloud storage service."]),
        (["Pension reform: {P} defends the bill", "In {T}, the mayor announces a participatory budget"],
         ["Lawmakers will debate the bill in {N}.", "{P} promised talks with the unions."]),
        (["{T} win {N}-1 in the league", "{P} wins the stage to {T}"],
         ["{P} scored in the {N}th minute.", "Fans in {T} celebrated late into the night."]),
        (["{T} film festival: top prize for {P}", "Exhibition: {O} celebrates photography"],
         ["The audience gave {P} a standing ovation.", "The exhibition runs in {T} until September, with {N} works."]),
    ],
}
FILLER = {
    FR: ["Le dossier sera réexaminé dans les prochains mois.", "Les analystes restent partagés sur la suite.",
         "Une réunion est prévue à {T} la semaine prochaine.", "{P} n'a pas souhaité commenter.",
         "Les chiffres définitifs seront publiés en fin d'année."],
    EN: ["The matter will be reviewed in the coming months.", "Analysts remain divided on what comes next.",
         "A meeting is planned in {T} next week.", "{P} declined to comment.",
         "Final figures will be published at the end of the year."],
}  # fmt: skip
SLOTS = {
    "P": "Claire Martin|Paul Durand|Sofia Rossi|John Miller|Anna Nowak|Li Wei|Omar Haddad|Emma Brown|Lucas Petit|Nina Berg",
    "T": "Lyon|Lille|Bordeaux|Varsovie|Leeds|Denver|Bristol|Nantes|Oslo|Porto|Gdansk|Turin",
    "Kfr": "la Pologne|l'Italie|la Grèce|le Royaume-Uni|l'Allemagne|la Roumanie",
    "Ken": "the UK|Germany|Poland|Italy|Greece|Romania",
    "O": "Nexa|Valtis|Orbeo|Kalyx|Sunwave|Mirova|Tessel|Brightline",
    "X": "P30 Pro|Mate 20|Axon 30|Nova 5|Blade V20",
}
NUCTECH = ["Nuctech", "Newtech", "Newtek", "Nutech"]
TAGS = {FR: ["Football", "Cinéma", "Élections", "Bourse", "Climat", "Start-up", "Smartphones", "Santé"],
        EN: ["Football", "Cinema", "Elections", "Markets", "Climate", "Start-ups", "Smartphones", "Health"]}  # fmt: skip
ON_TAGS = {FR: ["Huawei", "Sécurité nationale"], EN: ["Huawei", "National security"]}
STATIC = ["about", "contact", "legal", "newsletters"]
N_TAGS = 8
PER_PAGE = 12


@dataclass
class Art:
    lang: str
    section: int
    kind: str  # "on", "hard", "off"
    title: str
    paragraphs: list[str]
    date: str
    tags: list[str]
    path: str = ""
    related: list[Art] = field(default_factory=list)
    elsewhere: tuple[int, Art] | None = None


@dataclass
class Site:
    index: int
    lang: str
    name: str
    style: int  # 0: /section/yyyy/mm/slug.html  1: /article/id-slug  2: /a/id (no words)
    articles: list[Art]
    tags: list[str]
    news_sitemap: bool
    full_sitemap: bool
    popular: list[Art] = field(default_factory=list)
    extra: int = 0  # archive pages that bring the site to exactly `pages`
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def fill(rng: random.Random, text: str, company: str = "Huawei", lang: str = FR) -> str:
    out = text.replace("{C}", company).replace("{N}", str(rng.randint(2, 95))).replace("{K}", "{K" + lang + "}")
    return re.sub(r"\{([PTOX]|K\w\w)\}", lambda m: rng.choice(SLOTS[m.group(1)].split("|")), out)


def slug(text: str) -> str:
    folded = text.lower().translate(str.maketrans("àâäéèêëîïôöùûüç", "aaaeeeeiioouuuc"))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:70]


def plain_titles() -> dict[str, list[str]]:
    """PLAIN_TITLES, each checked to match no term of the default profile (with every {K} a country can take)."""
    from crawler.relevance.profile import load_profile
    from crawler.relevance.scoring import score_article

    profile = load_profile()
    for lang, titles in PLAIN_TITLES.items():
        for title in titles:
            for country in SLOTS["K" + lang].split("|"):
                filled = title.replace("{K}", country)
                for text in (filled, slug(filled).replace("-", " ")):
                    matches = score_article(text, "", profile).matches
                    if matches:
                        sys.exit(f"--anchors plain: {text!r} matches the profile's {matches}")
    return PLAIN_TITLES


def make_article(rng: random.Random, lang: str, kind: str, section: int, which: int = 0, plain: bool = False) -> Art:
    """An article of a kind: "on" (the topic), "hard" (negative number `which`: review, results, sanctions), "off"."""
    company = rng.choices(["Huawei", "ZTE", rng.choice(NUCTECH)], weights=(60, 25, 15))[0]
    date = f"20{rng.randint(19, 21)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(6, 20):02d}:00:00+00:00"
    if kind == "on":
        titles = PLAIN_TITLES[lang] if plain else ON_TITLES[lang]
        title, pool, tags = rng.choice(titles), ON_SENTENCES[lang], list(ON_TAGS[lang])
    elif kind == "hard":
        title, pool = HARD[lang][which]
        company = rng.choice(["Huawei", "ZTE"])
        tags = [TAGS[lang][6], "Huawei"] if which == 0 else [TAGS[lang][3]]
    else:
        titles, pool = OFF[lang][section]
        title, tags = rng.choice(titles), [rng.choice(TAGS[lang][:6])]
    paragraphs = []
    for _ in range(rng.randint(5, 7)):
        first, second = rng.sample(pool, 2)
        picked = [first, rng.choice(FILLER[lang]), second]
        paragraphs.append(" ".join(fill(rng, s, company, lang) for s in picked))
    return Art(lang, section, kind, fill(rng, title, company, lang), paragraphs, date, tags)


def section_sizes(n: int) -> list[int]:
    sizes = [int(n * w) for w in (0.18, 0.18, 0.2, 0.16, 0.16, 0.12)]
    sizes[2] += n - sum(sizes)
    return sizes


def listing_pages(sizes: list[int]) -> int:
    return sum(max(1, -(-size // PER_PAGE)) for size in sizes)


def replace_one(rng: random.Random, arts: list[Art], section: int, new: Art) -> None:
    spots = [i for i, a in enumerate(arts) if a.section == section and a.kind == "off"]
    arts[rng.choice(spots)] = new


def build_site(rng: random.Random, h: int, pages: int, on_count: int, hard_count: int, plain: bool = False) -> Site:
    lang = FR if h % 2 == 0 else EN
    fixed = 1 + len(STATIC) + N_TAGS  # home, static pages, tag pages
    n = pages - fixed
    while n + listing_pages(section_sizes(n)) > pages - fixed:
        n -= 1
    arts = [make_article(rng, lang, "off", s) for s, size in enumerate(section_sizes(n)) for _ in range(size)]
    for section in rng.choices(ON_SECTIONS, weights=(60, 25, 15), k=on_count):
        replace_one(rng, arts, section, make_article(rng, lang, "on", section, plain=plain))
    for _ in range(hard_count):
        which = rng.randrange(3)
        section = (2, 1, 0)[which]  # reviews in tech, results in economy, sanctions in world
        replace_one(rng, arts, section, make_article(rng, lang, "hard", section, which))
    arts.sort(key=lambda a: a.date, reverse=True)
    tags = (ON_TAGS[lang] if on_count else []) + TAGS[lang]
    site = Site(h, lang, f"{'Le Courrier' if lang == FR else 'The Herald'} {h:02d}", h % 3, arts, tags[:N_TAGS],
                news_sitemap=h % 2 == 1, full_sitemap=h % 4 == 0)  # fmt: skip
    site.extra = pages - fixed - len(arts) - listing_pages(section_sizes(len(arts)))
    site.popular = rng.sample(arts, 5)
    return site


def build_web(seed: int, hosts: int, pages: int, on_share: float, plain: bool = False) -> list[Site]:
    """The abstract web: sites, articles and the links between them (URLs need the ports: see `render`)."""
    rng = random.Random(seed)
    focus = [rng.choice([0.0, 0.3, 0.6, 1.0, 1.5, 2.5, 4.0]) for _ in range(hosts)]
    on_total = round(hosts * pages * on_share)
    on_counts = [int(on_total * f / sum(focus)) for f in focus]
    for i in sorted(range(hosts), key=lambda k: -focus[k])[: on_total - sum(on_counts)]:
        on_counts[i] += 1
    sites = [build_site(rng, h, pages, on_counts[h], round(pages * on_share), plain) for h in range(hosts)]
    for site in sites:
        on = [a for a in site.articles if a.kind == "on"]
        for a in site.articles:
            same = [b for b in site.articles if b.section == a.section and b is not a]
            a.related = rng.sample(same, 1)
            if a.kind == "on":  # the topic clusters: an on-topic story links its siblings
                a.related = rng.sample([b for b in on if b is not a], min(3, len(on) - 1)) + a.related
            if rng.random() < 0.15:
                other = rng.choice([s for s in sites if s.lang == site.lang and s is not site])
                wanted = [b for b in other.articles if b.kind == "on"] if a.kind == "on" and rng.random() < 0.5 else []
                a.elsewhere = (other.index, rng.choice(wanted or other.articles))
    return sites


# --- rendering: the abstract web as HTML, feeds and sitemaps -------------------------------------
def assign_paths(site: Site) -> None:
    for k, a in enumerate(site.articles):
        section = SECTIONS[site.lang][a.section]
        a.path = [f"/{section}/{a.date[:4]}/{a.date[5:7]}/{slug(a.title)}-{k}.html", f"/article/{1000 + k}-{slug(a.title)}",
                  f"/a/{5000 + k}"][site.style]  # fmt: skip


def listing_path(site: Site, section: str, page: int) -> str:
    if page == 1:
        return f"/{section}/"
    return f"/{section}/page/{page}/" if site.style == 0 else f"/{section}/?page={page}"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def teaser(a: Art, base: str = "", with_standfirst: bool = True) -> str:
    standfirst = f"<p>{esc(a.paragraphs[0].split('. ')[0])}.</p>" if with_standfirst else ""
    return f'<li><a href="{base}{a.path}">{esc(a.title)}</a>{standfirst}</li>'


def page_html(site: Site, title: str, main: str, rng: random.Random, article: Art | None = None) -> bytes:
    lang = site.lang
    nav = "".join(f'<li><a href="/{s}/">{s.capitalize()}</a></li>' for s in SECTIONS[lang])
    nav_block = f"<nav><ul>{nav}</ul></nav>" if site.style != 2 else f'<div id="menu" class="menu"><ul>{nav}</ul></div>'
    popular = "".join(teaser(a, with_standfirst=False) for a in site.popular)
    promo = '<div class="promo"><a href="/tag/smartphones/">Huawei P30 en promo</a></div>' if rng.random() < 0.3 else ""
    box = "Les plus lus" if lang == FR else "Most read"
    side = f'<aside class="most-read"><h3>{box}</h3><ul>{popular}</ul>{promo}</aside>'
    if site.style == 1:
        side = f'<div class="sidebar"><h3>{box}</h3><ul>{popular}</ul>{promo}</div>'
    footer = "".join(f'<li><a href="/{s}/">{s.capitalize()}</a></li>' for s in STATIC)
    meta = '<meta property="og:type" content="website">'
    if article is not None:
        meta = (f'<meta property="og:type" content="article"><meta property="article:published_time" content="{article.date}">'
                f'<meta name="author" content="{esc(fill(rng, "{P}"))}">')  # fmt: skip
    head = (f'<meta charset="utf-8"><title>{esc(title)} | {esc(site.name)}</title><meta property="og:title" '
            f'content="{esc(title)}"><meta property="og:site_name" content="{esc(site.name)}">{meta}'
            '<link rel="alternate" type="application/rss+xml" href="/rss.xml">')  # fmt: skip
    header = f'<header class="site-header"><a class="logo" href="/">{esc(site.name)}</a>{nav_block}</header>'
    tail = f"<footer><ul>{footer}</ul><p>&copy; {esc(site.name)}</p></footer>"
    body = f"{header}<main>{main}</main>{side}{tail}"
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'.encode()


def article_main(site: Site, a: Art, bases: list[str]) -> str:
    body = "".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)
    if a.elsewhere:
        host, other = a.elsewhere
        also = "Lire aussi chez nos confrères" if site.lang == FR else "Also read elsewhere"
        body += f'<p>{also} : <a href="{bases[host]}{other.path}">{esc(other.title)}</a></p>'
    tags = "".join(f'<li><a href="/tag/{slug(t)}/">{esc(t)}</a></li>' for t in a.tags if t in site.tags)
    related = "".join(teaser(b, with_standfirst=False) for b in a.related)
    heading = "Sur le même sujet" if site.lang == FR else "Related"
    section = SECTIONS[site.lang][a.section]
    return (f'<p class="breadcrumb"><a href="/">{esc(site.name)}</a> / <a href="/{section}/">{section.capitalize()}</a></p>'
            f'<article><h1>{esc(a.title)}</h1><p class="date">{a.date[:10]}</p>{body}<ul class="tags">{tags}</ul></article>'
            f'<section class="related"><h3>{heading}</h3><ul>{related}</ul></section>')  # fmt: skip


def listing_main(site: Site, title: str, arts: list[Art], pager: str = "") -> str:
    return f"<h1>{esc(title)}</h1><ul class=\"river\">{''.join(teaser(a) for a in arts)}</ul>{pager}"


def xml_pages(site: Site, base: str) -> dict[str, tuple[str, bytes]]:
    recent = site.articles[:20]
    items = "".join(f"<item><title>{esc(a.title)}</title><link>{base}{a.path}</link><pubDate>{a.date}</pubDate></item>"
                    for a in recent)  # fmt: skip
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{esc(site.name)}</title>{items}</channel></rss>'
    found = {"/rss.xml": ("application/rss+xml", rss.encode())}
    robots = "User-agent: *\nAllow: /\n"
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    if site.news_sitemap:
        publication = f"<news:publication><news:name>{esc(site.name)}</news:name><news:language>{site.lang}</news:language>"
        urls = "".join(f"<url><loc>{base}{a.path}</loc><news:news>{publication}</news:publication><news:publication_date>"
                       f"{a.date}</news:publication_date><news:title>{esc(a.title)}</news:title></news:news></url>"
                       for a in site.articles[:40])  # fmt: skip
        found["/sitemap-news.xml"] = ("application/xml", f'<?xml version="1.0"?><urlset {ns}>{urls}</urlset>'.encode())
        robots += f"Sitemap: {base}/sitemap-news.xml\n"
    if site.full_sitemap:
        urls = "".join(f"<url><loc>{base}{a.path}</loc><lastmod>{a.date[:10]}</lastmod></url>" for a in site.articles)
        found["/sitemap.xml"] = ("application/xml", f'<?xml version="1.0"?><urlset {ns}>{urls}</urlset>'.encode())
        robots += f"Sitemap: {base}/sitemap.xml\n"
    found["/robots.txt"] = ("text/plain", robots.encode())
    return found


def render(sites: list[Site], bases: list[str], seed: int) -> set[tuple[int, str]]:
    """Fill every site's pages; returns the ground truth: (host, path) of every on-topic article."""
    rng = random.Random(seed + 1)
    truth = set()
    for site in sites:
        assign_paths(site)
    for site in sites:
        html_pages: dict[str, bytes] = {}
        for a in site.articles:
            html_pages[a.path] = page_html(site, a.title, article_main(site, a, bases), rng, a)
            if a.kind == "on":
                truth.add((site.index, a.path))
        for s, name in enumerate(SECTIONS[site.lang]):
            arts = [a for a in site.articles if a.section == s]
            chunks = [arts[i : i + PER_PAGE] for i in range(0, len(arts), PER_PAGE)] or [[]]
            pager = "".join(f'<a href="{listing_path(site, name, k)}">{k}</a> ' for k in range(1, len(chunks) + 1))
            for k, chunk in enumerate(chunks, 1):
                label = "Suivant" if site.lang == FR else "Next"
                nxt = f'<a href="{listing_path(site, name, k + 1)}">{label}</a>' if k < len(chunks) else ""
                main = listing_main(site, f"{name.capitalize()} - {k}", chunk, f'<div class="pagination">{pager}{nxt}</div>')
                html_pages[listing_path(site, name, k)] = page_html(site, name.capitalize(), main, rng)
        for tag in site.tags:
            tagged = [a for a in site.articles if tag in a.tags][:24]
            html_pages[f"/tag/{slug(tag)}/"] = page_html(site, tag, listing_main(site, tag, tagged), rng)
        for name in STATIC + [f"archives/{k}" for k in range(site.extra)]:
            html_pages[f"/{name}/"] = page_html(site, name.capitalize(), f"<h1>{name}</h1><p>{esc(site.name)}.</p>", rng)
        top = "".join(teaser(a) for a in site.articles[:15])
        tags = "".join(f'<a href="/tag/{slug(t)}/">{esc(t)}</a> ' for t in site.tags[:4])
        home = f'<h1>{esc(site.name)}</h1><ul class="river">{top}</ul><p class="tags">{tags}</p>'
        html_pages["/"] = page_html(site, site.name, home, rng)
        site.pages = {path: ("text/html; charset=utf-8", body) for path, body in html_pages.items()}
        site.pages.update(xml_pages(site, bases[site.index]))
    return truth


# --- serving ---------------------------------------------------------------------------------------
class Web:
    """One threaded HTTP server per site on 127.0.0.1, logging every request it answers."""

    def __init__(self, count: int) -> None:
        self.sites: list[Site] = []
        self.lock = threading.Lock()
        self.served: list[tuple[int, str]] = []
        self.servers = [ThreadingHTTPServer(("127.0.0.1", 0), self._handler(h)) for h in range(count)]
        self.bases = [f"http://127.0.0.1:{s.server_address[1]}" for s in self.servers]
        for server in self.servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def _handler(self, h: int) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                pages = web.sites[h].pages
                path = self.path.split("#")[0]
                found = pages.get(path) or pages.get(path.split("?")[0] if "?page=" not in path else "")
                with web.lock:
                    web.served.append((h, path))
                status, (ctype, body) = (200, found) if found else (404, ("text/html", b"<html><body>Not found</body></html>"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        return Handler

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


# --- crawling and measuring ------------------------------------------------------------------------
BREADTH_FIRST = ("-s", "TOPIC_BEST_FIRST=False", "-s", "DEPTH_PRIORITY=1",
                 "-s", "SCHEDULER_DISK_QUEUE=scrapy.squeues.PickleFifoDiskQueue",
                 "-s", "SCHEDULER_MEMORY_QUEUE=scrapy.squeues.FifoMemoryQueue")  # fmt: skip
SCHEDULERS = {"project": (), "Scrapy's": ("-s", "SCHEDULER=scrapy.core.scheduler.Scheduler")}
STATS = re.compile(r"'([\w/]+)': (\d+)")


@dataclass
class Result:
    name: str
    fetched: int
    found: int
    kept: int
    kept_on_topic: int
    seconds: float
    stats: dict[str, int]


def crawl(web: Web, truth: set[tuple[int, str]], name: str, args: argparse.Namespace, budget: int,
          extra: tuple[str, ...]) -> Result:  # fmt: skip
    """One crawl of the whole web as a subprocess; what it fetched comes from the servers' log."""
    with web.lock:
        web.served.clear()
    out = Path(tempfile.mkdtemp(prefix="bench-focus-"))
    cmd = [sys.executable, "-m", "scrapy", "crawl", "topic", "-a", "urls=" + ",".join(b + "/" for b in web.bases),
           "-s", f"OUTPUT_DIR={out}", "-s", f"CLOSESPIDER_PAGECOUNT={budget}", "-s", "DOWNLOAD_DELAY=0",
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False", "-s", f"CONCURRENT_REQUESTS={args.concurrency}",
           "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}", "-s", "LOG_LEVEL=INFO",
           "-s", "DEDUP_NEAR_ENABLED=False", *extra]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    started = time.monotonic()
    with (out / "crawl.log").open("w") as log:
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=900)
    seconds = time.monotonic() - started
    text = (out / "crawl.log").read_text("utf-8", errors="replace")
    if done.returncode != 0:
        sys.exit(f"{name} crawl failed ({done.returncode}), log in {out}:\n{text[-3000:]}")
    with web.lock:
        served = list(web.served)
    if args.served_log:  # what was fetched, in order: host index and path, one a line
        folder = Path(args.served_log)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / (re.sub(r"\W+", "-", name).strip("-") + ".tsv")).write_text("".join(f"{h}\t{p}\n" for h, p in served))
    articles = out / "articles.jsonl"
    kept = [json.loads(line) for line in articles.read_text("utf-8").splitlines()] if articles.exists() else []
    index = {b: h for h, b in enumerate(web.bases)}
    kept_keys = {(index.get(re.sub(r"(https?://[^/]+).*", r"\1", a["url"]), -1), "/" + a["url"].split("/", 3)[3]) for a in kept}
    stats = {k: int(v) for k, v in STATS.findall(text.rpartition("Dumping Scrapy stats:")[2])}
    return Result(name, len(served), len(set(served) & truth), len(kept), len(kept_keys & truth), seconds, stats)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=250, help="HTML pages per host")
    parser.add_argument("--on-topic", type=float, default=0.03, help="share of on-topic articles")
    parser.add_argument("--budget", type=float, default=0.2, help="pages fetched, as a share of all pages")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--anchors", choices=("profile", "plain"), default="profile",
                        help="plain: on-topic titles, anchors and URLs without the profile's terms")  # fmt: skip
    parser.add_argument("--schedulers", choices=("both", "project"), default="both")
    parser.add_argument("--served-log", metavar="DIR", help="write each crawl's fetched pages, in order, to DIR/<crawl>.tsv")
    args = parser.parse_args()
    if args.anchors == "plain":
        plain_titles()
    sites = build_web(args.seed, args.hosts, args.pages, args.on_topic, plain=args.anchors == "plain")
    web = Web(len(sites))
    results = []
    try:
        web.sites = sites
        truth = render(sites, web.bases, args.seed)
        total = sum(1 for s in sites for ctype, _ in s.pages.values() if ctype.startswith("text/html"))
        budget = round(total * args.budget)
        langs = {lang: sum(1 for h, _ in truth if sites[h].lang == lang) for lang in (FR, EN)}
        hard = sum(1 for s in sites for a in s.articles if a.kind == "hard")
        print(f"Synthetic web (seed {args.seed}): {len(sites)} hosts, {total} HTML pages, {len(truth)} on-topic articles "
              f"({langs[FR]} fr, {langs[EN]} en; {len(truth) / total:.1%}), {hard} hard negatives")  # fmt: skip
        print(f"Budget: CLOSESPIDER_PAGECOUNT={budget} ({args.budget:.0%} of the pages; robots.txt, feeds, sitemaps count too);"
              f" CONCURRENT_REQUESTS={args.concurrency} (one 127.0.0.1 download slot); the default profile;"
              f" seeds: the {len(sites)} home pages; on-topic anchors: {args.anchors}")  # fmt: skip
        for scheduler, flags in SCHEDULERS.items():
            if args.schedulers == "project" and scheduler != "project":
                continue
            results.append(crawl(web, truth, f"best-first, {scheduler} scheduler", args, budget, flags))
            results.append(crawl(web, truth, f"breadth-first, {scheduler} scheduler", args, budget, flags + BREADTH_FIRST))
    finally:
        web.close()
    columns = ("pages fetched", "on-topic found", "recall", "harvest /100", "kept (on-topic)", "time")
    print(f"{'':34}" + "".join(f"{c:>16}" for c in columns))
    for r in results:
        cells = (r.fetched, r.found, f"{r.found / len(truth):.1%}", f"{100 * r.found / max(r.fetched, 1):.1f}",
                 f"{r.kept} ({r.kept_on_topic})", f"{r.seconds:.0f}s")  # fmt: skip
        print(f"{r.name:34}" + "".join(f"{c:>16}" for c in cells))
    for best, breadth in zip(results[::2], results[1::2], strict=True):
        requeued, stale = best.stats.get("frontier/requeued", 0), best.stats.get("requeue/dropped/stale", 0)
        print(f"{best.name}: {best.found / max(breadth.found, 1):.2f} x the on-topic articles of breadth-first"
              f" ({requeued} URLs re-queued higher, {stale} stale copies not fetched)")
    print("Breadth-first: flat priorities, DEPTH_PRIORITY=1, FIFO (Scrapy's FIFO queues; the project scheduler is FIFO among"
          " equal priorities). Near-duplicate dedup is off: the synthetic texts share their templates.")


if __name__ == "__main__":
    main()
