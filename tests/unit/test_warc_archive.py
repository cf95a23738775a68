"""WARC files of fetched responses: written with their requests, gzip per record, rotated, read back."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.store.warc import Exchange, WarcArchive, WarcConfig, read_responses

HTML = b"<html><head><title>T</title></head><body><p>" + "caf\u00e9 ".encode() * 200 + b"</p></body></html>"


def exchange(n: int, **extra: object) -> Exchange:
    return Exchange(
        url=f"http://127.0.0.1:8000/article/{n}?x=1",
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                          ("Transfer-Encoding", "chunked"), ("Content-Length", "1")],
        body=gzip.compress(HTML),
        request_headers=[("User-Agent", "topic-news-crawler/0.1"), ("Accept-Encoding", "gzip")],
        fetched_at="2026-01-02T03:04:05+00:00",
        **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def test_response_and_request_records_read_by_warcio(tmp_path: Path) -> None:
    archive = WarcArchive(WarcConfig(tmp_path))
    ref = archive.write(exchange(1, source="feed", hints={"title": "T", "published": "2020-01-01"}, tdm_robots=True))
    archive.close()
    assert ref.file == archive.files[0] and ref.file.endswith(".warc.gz")
    with (tmp_path / ref.file).open("rb") as stream:
        records = [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read()) for r in ArchiveIterator(stream)]
    assert [r[0] for r in records] == ["warcinfo", "response", "request"]
    _, response, http, body = records[1]
    assert response.get_header("WARC-Record-ID") == ref.record_id
    assert response.get_header("WARC-Target-URI") == "http://127.0.0.1:8000/article/1?x=1"
    assert response.get_header("WARC-Date") == "2026-01-02T03:04:05Z"
    assert http.get_statuscode() == "200"
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("Content-Length") == str(len(gzip.compress(HTML)))
    assert body == HTML  # warcio undoes the content encoding
    _, request, request_http, _ = records[2]
    assert request.get_header("WARC-Concurrent-To") == ref.record_id
    assert request_http.protocol == "GET" and request_http.statusline.startswith("/article/1?x=1")
    assert request_http.get_header("Host") == "127.0.0.1:8000"


def test_every_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    archive = WarcArchive(WarcConfig(tmp_path))
    for n in range(3):
        archive.write(exchange(n))
    archive.close()
    data = (tmp_path / archive.files[0]).read_bytes()
    assert data.count(b"\x1f\x8b\x08") >= 7  # warcinfo + 3 x (response, request)


def test_read_responses_gives_back_what_the_crawler_needs(tmp_path: Path) -> None:
    archive = WarcArchive(WarcConfig(tmp_path))
    first = archive.write(exchange(1, source="sitemap", hints={"published": "2020-01-01"}, tdm_robots=False))
    second = archive.write(exchange(2))
    archive.close()
    found = list(read_responses(tmp_path / archive.files[0]))
    assert [r.ref for r in found] == [first, second]
    assert found[0].body == HTML and found[0].status == 200
    assert found[0].headers["content-type"] == "text/html; charset=utf-8"
    assert found[0].fetched_at == "2026-01-02T03:04:05+00:00" == first.fetched_at
    assert (found[0].source, found[0].hints, found[0].tdm_robots) == ("sitemap", {"published": "2020-01-01"}, False)
    assert (found[1].source, found[1].hints, found[1].tdm_robots) == ("", {}, None)


def test_files_rotate_by_size(tmp_path: Path) -> None:
    one = WarcArchive(WarcConfig(tmp_path / "one"))
    one.write(exchange(0))
    one.close()
    size = (tmp_path / "one" / one.files[0]).stat().st_size  # warcinfo + one exchange
    archive = WarcArchive(WarcConfig(tmp_path / "many", max_bytes=size + 10, prefix="test"))
    refs = [archive.write(exchange(n)) for n in range(5)]
    archive.close()
    assert len(archive.files) == 3  # a file is closed once past the size: two exchanges each, then the fifth
    assert [r.file for r in refs] == [archive.files[0]] * 2 + [archive.files[1]] * 2 + [archive.files[2]]
    assert all(name.startswith("test-") for name in archive.files)
    assert sum(len(list(read_responses(tmp_path / "many" / name))) for name in archive.files) == 5


def test_no_file_without_a_write(tmp_path: Path) -> None:
    archive = WarcArchive(WarcConfig(tmp_path / "warc"))
    archive.close()
    assert not (tmp_path / "warc").exists()


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    one, two = WarcArchive(WarcConfig(tmp_path)), WarcArchive(WarcConfig(tmp_path))
    two._stamp = one._stamp  # same second, same process
    one.write(exchange(1))
    with pytest.raises(FileExistsError):
        two.write(exchange(2))
    one.close()


def test_non_ascii_url_and_hints(tmp_path: Path) -> None:
    archive = WarcArchive(WarcConfig(tmp_path))
    archive.write(Exchange(url="http://127.0.0.1:8000/news/華為", status=200, response_headers=[("X-Note", "é€")],
                           body=HTML, hints={"title": "華為 : l'été"}))  # fmt: skip
    archive.close()
    (found,) = read_responses(tmp_path / archive.files[0])
    assert found.url == "http://127.0.0.1:8000/news/%E8%8F%AF%E7%82%BA"
    assert found.hints == {"title": "華為 : l'été"}
    assert found.body == HTML


def test_the_gzip_level_trades_size_for_time_and_the_records_read_the_same(tmp_path: Path) -> None:
    sizes, bodies = {}, {}
    for level in (1, 9):
        archive = WarcArchive(WarcConfig(tmp_path / str(level), gzip_level=level))
        archive.write(Exchange(url="http://127.0.0.1:8000/a", status=200, response_headers=[], body=HTML * 20))
        archive.close()
        path = tmp_path / str(level) / archive.files[0]
        sizes[level] = path.stat().st_size
        bodies[level] = [r.body for r in read_responses(path)]
    assert sizes[9] < sizes[1]
    assert bodies[1] == bodies[9] == [HTML * 20]
