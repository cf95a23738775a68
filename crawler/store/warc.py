"""WARC files of what was fetched: each response with its request, gzip per record, rotated by size.

`WarcArchive.write(Exchange) -> WarcRef` appends a `response` record (the body as
received, before HTTP content decoding; `Content-Length` set to it, no
`Transfer-Encoding`) and a `request` record `WARC-Concurrent-To` it. Files are
`<prefix>-<UTC time>-<pid>-<serial>.warc.gz` in one folder, each starting with a
`warcinfo` record; a file past `max_bytes` is closed and the next one opened.
The crawler's own facts about the fetch travel in extra WARC headers
(`Crawler-Source`, `Crawler-Hints` as JSON, `Crawler-TDM-Robots`), which other
WARC readers ignore. `read_responses(path)` yields the response records back,
their bodies content-decoded.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from w3lib.url import safe_url_string
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Hop-by-hop or length headers that no longer describe the stored body.
_DROPPED_HEADERS = frozenset({"transfer-encoding", "content-length"})
SOFTWARE = "topic-news-crawler"
# zlib's level for each record's gzip member (WARC_GZIP_LEVEL): warcio's own 9 took 1.6x the time of 6 for 0.5 %
# smaller files; 4 takes 0.7x the time of 6 for files 5 % larger (measured on the benchmark pages, docs/throughput.md).
GZIP_LEVEL = 4


@dataclass(frozen=True)
class WarcConfig:
    """Where and how WARC files are written; built once from the WARC_* settings."""

    directory: Path
    max_bytes: int = 256 * 1024 * 1024
    prefix: str = "crawl"
    gzip_level: int = GZIP_LEVEL  # zlib's level, 1 (fastest) to 9 (smallest)


@dataclass(frozen=True)
class Exchange:
    """One fetch: the request sent and the response received (body before content decoding)."""

    url: str
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    fetched_at: str = ""  # ISO 8601 UTC; now when empty
    source: str = ""  # how the crawler found the URL
    hints: dict[str, Any] = field(default_factory=dict)  # what a feed or sitemap said of it
    tdm_robots: bool | None = None  # robots.txt verdict for AI crawlers, when known


@dataclass(frozen=True)
class WarcRef:
    """Where a response record is: the file's name (in the WARC folder) and its WARC-Record-ID."""

    file: str
    record_id: str
    fetched_at: str = ""  # the record's WARC-Date, as ISO 8601 UTC with offset


@dataclass(frozen=True)
class ArchivedResponse:
    """A response record read back: what the crawler needs to process the page again."""

    ref: WarcRef
    url: str
    status: int
    headers: dict[str, str]  # lower-cased names, first value
    body: bytes  # content-decoded
    fetched_at: str
    source: str = ""
    hints: dict[str, Any] = field(default_factory=dict)
    tdm_robots: bool | None = None


class _GzipMembers:
    """What warcio writes a record to: each record (ended by warcio's flush) becomes one gzip member of the file."""

    def __init__(self, out: IO[bytes], level: int = GZIP_LEVEL) -> None:
        self.out = out
        self.level = level
        self._compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self.out.write(self._compressor.compress(data))

    def flush(self) -> None:
        self.out.write(self._compressor.flush())
        self._compressor = zlib.compressobj(self.level, zlib.DEFLATED, zlib.MAX_WBITS + 16)


def _moment(iso: str) -> datetime:
    moment = datetime.fromisoformat(iso) if iso else datetime.now(UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def _request_line(exchange: Exchange) -> str:
    parts = urlsplit(safe_url_string(exchange.url))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"{exchange.method} {target} {exchange.protocol}"


class WarcArchive:
    """Writes exchanges to rotating .warc.gz files; a file is opened at the first write."""

    def __init__(self, config: WarcConfig) -> None:
        self.config = config
        self.serial = 0
        self.files: list[str] = []
        self._handle: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")

    def _open(self) -> WARCWriter:
        self.config.directory.mkdir(parents=True, exist_ok=True)
        self.serial += 1
        name = f"{self.config.prefix}-{self._stamp}-{os.getpid()}-{self.serial:05d}.warc.gz"
        self._handle = (self.config.directory / name).open("xb")
        self._writer = WARCWriter(_GzipMembers(self._handle, self.config.gzip_level), gzip=False)  # gzip per record
        self.files.append(name)
        info = self._writer.create_warcinfo_record(name, {"software": SOFTWARE, "format": "WARC File Format 1.1"})
        self._writer.write_record(info)
        return self._writer

    def write(self, exchange: Exchange) -> WarcRef:
        """Append the response and its request; returns where the response record is."""
        writer = self._writer or self._open()
        moment = _moment(exchange.fetched_at)
        date = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in _DROPPED_HEADERS]
        headers.append(("Content-Length", str(len(exchange.body))))
        status = StatusAndHeaders(str(exchange.status), headers, protocol=exchange.protocol)
        extra = {"WARC-Date": date}
        if exchange.source:
            extra["Crawler-Source"] = exchange.source
        if exchange.hints:
            extra["Crawler-Hints"] = json.dumps(exchange.hints, ensure_ascii=False, default=str)
        if exchange.tdm_robots is not None:
            extra["Crawler-TDM-Robots"] = "1" if exchange.tdm_robots else "0"
        target = safe_url_string(exchange.url)
        response = writer.create_warc_record(
            target, "response", payload=BytesIO(exchange.body), http_headers=status, warc_headers_dict=extra
        )
        record_id = str(response.rec_headers.get_header("WARC-Record-ID"))
        host = urlsplit(exchange.url).netloc
        sent = [("Host", host), *((k, v) for k, v in exchange.request_headers if k.lower() != "host")]
        request = writer.create_warc_record(
            target, "request", payload=BytesIO(exchange.request_body),
            http_headers=StatusAndHeaders(_request_line(exchange), sent, is_http_request=True),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
        )
        writer.write_record(response)
        writer.write_record(request)
        assert self._handle is not None
        self._handle.flush()
        ref = WarcRef(self.files[-1], record_id, moment.isoformat())
        if self._handle.tell() >= self.config.max_bytes:
            self.close()
        return ref

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        self._handle = None
        self._writer = None


def _tdm_robots(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


def _parse_warc_date(value: str) -> str:
    """WARC-Date (`2020-07-29T10:15:00Z`, maybe with fractions) as ISO 8601 with offset, seconds precision."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def read_responses(path: str | Path, max_bytes: int = 16 * 1024 * 1024) -> Iterator[ArchivedResponse]:
    """The response records of a WARC file (gzipped or not), bodies content-decoded, at most max_bytes + 1 read."""
    path = Path(path)
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            rec = record.rec_headers
            http = record.http_headers
            headers: dict[str, str] = {}
            for name, value in http.headers:
                headers.setdefault(name.lower(), value)
            hints = rec.get_header("Crawler-Hints")
            fetched_at = _parse_warc_date(str(rec.get_header("WARC-Date")))
            yield ArchivedResponse(
                ref=WarcRef(path.name, str(rec.get_header("WARC-Record-ID")), fetched_at),
                url=str(rec.get_header("WARC-Target-URI")),
                status=int(http.get_statuscode() or 0),
                headers=headers,
                body=record.content_stream().read(max_bytes + 1),
                fetched_at=fetched_at,
                source=str(rec.get_header("Crawler-Source") or ""),
                hints=json.loads(hints) if hints else {},
                tdm_robots=_tdm_robots(rec.get_header("Crawler-TDM-Robots")),
            )
