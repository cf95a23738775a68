"""JSON Lines files: appended one write per line (flushed, optionally fsynced), and read back line by line."""

from __future__ import annotations

import errno
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

LOGGER = logging.getLogger(__name__)
# How far back from the end `tail()` reads at least (bytes).
_TAIL_BYTES = 1 << 20


class JsonlAppender:
    """Appends records to a .jsonl file; a line is written whole or not at all by one write()."""

    def __init__(self, path: str | Path, fsync: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fsync = fsync
        self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        self.cut_torn_tail()

    def cut_torn_tail(self) -> int:
        """Cut a last line left without its newline by a crash; returns the bytes cut.

        The line was never complete, so never counted as written: whoever keeps the
        record elsewhere (the outbox) writes it again.
        """
        size = os.fstat(self._fd).st_size
        if size == 0:
            return 0
        keep = size
        step = 65536
        while keep > 0:
            start = max(0, keep - step)
            chunk = os.pread(self._fd, keep - start, start)
            if start + len(chunk) == size and chunk.endswith(b"\n"):
                return 0
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            keep = start
        os.ftruncate(self._fd, keep)
        if self._fsync:
            os.fsync(self._fd)
        return size - keep

    def tail(self, min_bytes: int = _TAIL_BYTES) -> list[dict[str, Any]]:
        """The complete records among the file's last bytes (at least `min_bytes` of them)."""
        size = os.fstat(self._fd).st_size
        start = max(0, size - min_bytes)
        data = os.pread(self._fd, size - start, start)
        lines = data.split(b"\n")
        if start > 0:
            lines = lines[1:]  # the first one may be cut
        return [json.loads(line) for line in lines if line.strip()]

    def append(self, record: dict[str, Any]) -> None:
        self.append_many([record])

    def append_many(self, records: list[dict[str, Any]]) -> None:
        """Several lines in one write and one fsync, or none of them: a failed write is cut back off the file.

        (A crash in the middle of the write may still leave some whole lines and a torn last one: the torn
        tail is cut at the next start, and the outbox appends what is missing.)
        """
        if not records:
            return
        data = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records).encode("utf-8")
        size = os.fstat(self._fd).st_size
        try:
            written = os.write(self._fd, data)
        except OSError:
            self._cut_back(size)
            raise
        if written != len(data):  # a short write to a file means no space left
            self._cut_back(size)
            raise OSError(errno.ENOSPC, f"short write to {self.path}: {written} of {len(data)} bytes")
        if self._fsync:
            os.fsync(self._fd)

    def _cut_back(self, size: int) -> None:
        """The file back to `size` bytes after a failed write; if even that fails, the next start cuts the torn tail."""
        try:
            os.ftruncate(self._fd, size)
        except OSError as exc:
            LOGGER.debug("could not cut %s back to %d bytes (%s): the next start cuts its torn tail", self.path, size, exc)

    def sync(self) -> None:
        """Make the lines written so far durable (for a file appended without a sync per write)."""
        os.fsync(self._fd)

    def close(self) -> None:
        os.close(self._fd)


def read_json_lines(path: Path, errors: str = "strict") -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, record) for each non-empty line; None for a line that is not a JSON object.

    `errors` is the decoding's: "strict" raises UnicodeDecodeError on a file that is not UTF-8.
    """
    with path.open(encoding="utf-8", errors=errors) as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                record = None
            yield number, record if isinstance(record, dict) else None
