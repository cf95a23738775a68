"""Corpus shards: `rows -> data/<name>-NNNNN.parquet | .jsonl.gz`, a set number of rows each.

Parquet files are written with the explicit schema (so a column null in every
row keeps its type) and zstd compression; JSON Lines are gzipped, one object per
line, keys in schema order. An empty export still writes one empty shard per
format, so readers find the schema.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq


class ShardWriter:
    """Writes rows to numbered shard files of one or two formats, `rows_per_shard` rows each."""

    def __init__(self, folder: Path, name: str, schema: pa.Schema, formats: Iterable[str], rows_per_shard: int,
                 compression: str = "zstd") -> None:  # fmt: skip
        unknown = set(formats) - {"parquet", "jsonl"}
        if unknown or not formats:
            raise ValueError(f"formats are parquet and/or jsonl, got {sorted(formats)}")
        if rows_per_shard < 1:
            raise ValueError("rows_per_shard must be at least 1")
        self.folder = folder
        self.name = name
        self.schema = schema
        self.formats = tuple(formats)
        self.rows_per_shard = rows_per_shard
        self.compression = compression
        self.files: list[Path] = []
        self.rows = 0
        self._batch: list[dict[str, Any]] = []
        self._shard = 0
        self._parquet: pq.ParquetWriter | None = None
        self._jsonl: IO[str] | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def _open(self) -> None:
        stem = self.folder / f"{self.name}-{self._shard:05d}"
        if "parquet" in self.formats:
            path = stem.with_suffix(".parquet")
            self._parquet = pq.ParquetWriter(path, self.schema, compression=self.compression)
            self.files.append(path)
        if "jsonl" in self.formats:
            path = stem.with_suffix(".jsonl.gz")
            self._jsonl = gzip.open(path, "wt", encoding="utf-8")
            self.files.append(path)

    def _flush(self) -> None:
        if not self._batch:
            return
        if self._parquet is not None:
            self._parquet.write_table(pa.Table.from_pylist(self._batch, schema=self.schema))
        if self._jsonl is not None:
            self._jsonl.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in self._batch)
        self._batch.clear()

    def _close_shard(self) -> None:
        self._flush()
        if self._parquet is not None:
            self._parquet.close()
        if self._jsonl is not None:
            self._jsonl.close()
        self._parquet, self._jsonl = None, None
        self._shard += 1

    def write(self, row: dict[str, Any]) -> None:
        if self._parquet is None and self._jsonl is None:
            self._open()
        self._batch.append(row)
        self.rows += 1
        if len(self._batch) >= 1000:
            self._flush()
        if self.rows % self.rows_per_shard == 0:
            self._close_shard()

    def close(self) -> list[Path]:
        """Finish the last shard (an empty one if nothing was written); returns every file written."""
        if self.rows == 0:
            self._open()
        if self._parquet is not None or self._jsonl is not None:
            self._close_shard()
        return self.files
