"""Fast tests of the fixture web server itself (tests/fixtureweb/server.py)."""

from __future__ import annotations

import gzip
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.fixtureweb.server import SITE_DIR, FixtureWeb

EXPECTED = Path(SITE_DIR).parent / "expected.toml"
LATIN1_PATH = "/article/scanners-nuctech-la-prefete-suspend-le-contrat.N964210"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET, without following redirects or proxies."""
    try:
        with OPENER.open(url, timeout=10) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


@pytest.fixture
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as started:
        yield started


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    """A two-host site with a route of each kind."""
    (tmp_path / "alpha" / "dir").mkdir(parents=True)
    (tmp_path / "alpha" / "index.html").write_text("<a href='{{host:beta}}/x'>beta</a>", encoding="utf-8")
    (tmp_path / "alpha" / "dir" / "index.html").write_text("dir index", encoding="utf-8")
    (tmp_path / "alpha" / "page.html").write_text("page", encoding="utf-8")
    (tmp_path / "alpha" / "feed.rss").write_text("<rss/>", encoding="utf-8")
    (tmp_path / "alpha" / "latin.html").write_bytes("préfète {{host:alpha}}".encode("latin-1"))
    (tmp_path / "alpha" / "bad.txt").write_text("{{host:nowhere}}", encoding="utf-8")
    (tmp_path / "alpha" / "map.xml").write_text("<loc>{{host:alpha}}/page</loc>", encoding="utf-8")
    (tmp_path / "alpha" / "routes.toml").write_text(
        '["/moved"]\nstatus = 301\nlocation = "/page"\n'
        '["/latin.html"]\nheaders = { "Content-Type" = "text/html; charset=utf-8" }\n'
        '["/map.xml.gz"]\nfile = "map.xml"\ngzip = true\n'
        '["/slow"]\nfile = "page.html"\ndelay = 0.3\n'
        '["/gone"]\nstatus = 410\n',
        encoding="utf-8",
    )
    (tmp_path / "beta").mkdir()
    (tmp_path / "beta" / "x.html").write_text("x", encoding="utf-8")
    return tmp_path


def test_each_host_has_its_own_port_on_127_0_0_1(web: FixtureWeb) -> None:
    assert {"usine", "wire", "hub", "offsite"} <= set(web.hosts)
    ports = [web.port(name) for name in web.hosts]
    assert len(set(ports)) == len(ports)
    for name in web.hosts:
        parts = urlsplit(web.url(name, "/a/b"))
        expected_host = "localhost" if name == "offsite" else "127.0.0.1"
        assert (parts.scheme, parts.hostname, parts.port, parts.path) == ("http", expected_host, web.port(name), "/a/b")
    assert web.url("wire", "feeds/rss.xml") == web.url("wire", "/feeds/rss.xml")


def test_paths_map_to_files(tiny_site: Path) -> None:
    with FixtureWeb(tiny_site) as web:
        assert fetch(web.url("alpha", "/dir/"))[2] == b"dir index"
        assert fetch(web.url("alpha", "/dir"))[2] == b"dir index"
        assert fetch(web.url("alpha", "/page"))[2] == b"page"
        assert fetch(web.url("alpha", "/page.html?utm_source=x"))[2] == b"page"
        assert fetch(web.url("alpha", "/feed.rss"))[1]["Content-Type"] == "application/rss+xml"


def test_placeholders_are_replaced_by_this_runs_base_urls(tiny_site: Path) -> None:
    with FixtureWeb(tiny_site) as web:
        status, headers, body = fetch(web.url("alpha", "/"))
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert body == f"<a href='{web.url('beta', '/x')}'>beta</a>".encode()
        assert fetch(web.url("alpha", "/bad.txt"))[0] == 500


def test_placeholders_in_the_real_site(web: FixtureWeb) -> None:
    robots = fetch(web.url("usine", "/robots.txt"))[2].decode()
    assert f"Sitemap: {web.url('usine', '/sitemap_index.xml')}" in robots
    assert "Disallow: /prive/" in robots
    for host in ("usine", "wire", "hub"):
        for path in web.hosts[host].root.rglob("*"):
            if path.is_file() and path.name != "routes.toml":
                rel = "/" + path.relative_to(web.hosts[host].root).as_posix()
                assert b"{{" not in fetch(web.url(host, rel))[2], rel
    hub_home = fetch(web.url("hub", "/"))[2].decode()
    assert web.url("offsite", "/enquete/huawei-espionnage") in hub_home
    assert "http://localhost:" in hub_home


def test_latin1_bytes_stay_latin1(tiny_site: Path, web: FixtureWeb) -> None:
    with FixtureWeb(tiny_site) as tiny:
        status, headers, body = fetch(tiny.url("alpha", "/latin.html"))
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert body == f"préfète {tiny.url('alpha', '/')[:-1]}".encode("latin-1")
    status, headers, body = fetch(web.url("usine", LATIN1_PATH))
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<meta charset="utf-8">' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "préfète" in body.decode("latin-1")


def test_missing_path_is_404_with_html(web: FixtureWeb) -> None:
    status, headers, body = fetch(web.url("hub", "/article/dossier-huawei-europe-archive"))
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"Not Found" in body
    assert fetch(web.url("hub", "/routes.toml"))[0] == 404
    assert fetch(web.url("hub", "/../usine/robots.txt"))[0] == 404


def test_redirect_and_status_override(tiny_site: Path, web: FixtureWeb) -> None:
    with FixtureWeb(tiny_site) as tiny:
        status, headers, _ = fetch(tiny.url("alpha", "/moved"))
        assert (status, headers["Location"]) == (301, tiny.url("alpha", "/page"))
        assert fetch(tiny.url("alpha", "/gone"))[0] == 410
    status, headers, _ = fetch(web.url("hub", "/old/2020/06/fcc-huawei-zte"))
    assert (status, headers["Location"]) == (301, web.url("hub", "/article/fcc-huawei-zte-menace"))


def test_gzip_route_serves_raw_gzip_bytes(web: FixtureWeb) -> None:
    status, headers, body = fetch(web.url("usine", "/sitemap-archive.xml.gz"))
    assert status == 200
    assert headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in headers
    xml = gzip.decompress(body).decode("utf-8")
    assert web.url("usine", LATIN1_PATH) in xml


def test_delay_route(tiny_site: Path) -> None:
    with FixtureWeb(tiny_site) as web:
        started = time.monotonic()
        assert fetch(web.url("alpha", "/slow"))[2] == b"page"
        assert time.monotonic() - started >= 0.3


def test_hits_count_every_request_by_path(tiny_site: Path) -> None:
    with FixtureWeb(tiny_site) as web:
        assert web.hits("alpha") == {}
        fetch(web.url("alpha", "/page?a=1"))
        fetch(web.url("alpha", "/page"))
        fetch(web.url("alpha", "/robots.txt"))
        fetch(web.url("alpha", "/nope"))
        assert web.hits("alpha") == {"/page": 2, "/robots.txt": 1, "/nope": 1}
        assert web.hits("beta") == {}


def test_expected_toml_names_only_pages_that_exist(web: FixtureWeb) -> None:
    with EXPECTED.open("rb") as fh:
        expected = tomllib.load(fh)
    pages = [(k["host"], k["path"]) for k in expected["kept"]]
    pages += [(m["host"], m["path"]) for g in expected["kept_one_of"] for m in g["members"]]
    pages += [(r["host"], r["paths"][-1]) for r in expected["rejected"]]
    pages += [(s["host"], s["path"]) for s in expected["crawl"]["start"]]
    pages += [(f["host"], f["path"]) for f in expected["fields"]]
    for host, path in pages:
        assert web.resolve(web.hosts[host], path) is not None, (host, path)
    for group in expected["must_fetch"]:
        host = web.hosts[group["host"]]
        for path in group["paths"]:
            route = host.routes.get(path)
            assert web.resolve(host, path) is not None or (route is not None and (route.file or route.location)), path
    kept_paths = {k["path"] for k in expected["kept"]}
    assert len(kept_paths) == len(expected["kept"])
    assert not kept_paths & {m["path"] for g in expected["kept_one_of"] for m in g["members"]}
    # A path names one host only: the e2e test compares URLs by path.
    by_path: dict[str, set[str]] = {}
    for host, path in pages:
        by_path.setdefault(path, set()).add(host)
    assert all(len(hosts) == 1 for path, hosts in by_path.items() if path != "/"), by_path
