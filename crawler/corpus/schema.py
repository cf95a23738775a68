"""The corpus schema: one type per field in every row and every crawl, `record dict -> typed row`.

`ARTICLE_SCHEMA` is the explicit pyarrow schema of an exported row (the fields
of articles.jsonl); `DATATROVE_SCHEMA` the datatrove form (`id`, `text`,
`metadata`). A column that is null in every row of one crawl still has its type,
so Parquet files of several crawls load together. Rows written by older crawls
are brought to this schema (missing fields null, `doc_id` computed, `published`
normalised).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from crawler.extraction.published import normalise_published
from crawler.items import doc_id

_S, _I, _F, _B, _LS = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.list_(pa.string())

# (name, type, meaning) of every exported field, in the order of articles.jsonl.
FIELDS: tuple[tuple[str, pa.DataType, str], ...] = (
    ("id", _S, "story id: the same for every version of an article (hash of its canonical URL)"),
    ("doc_id", _S, "row id, unique: `<id>-v<version>`"),
    ("url", _S, "URL fetched (after redirects)"),
    ("canonical_url", _S, "the page's canonical URL"),
    ("title", _S, "title"),
    ("text", _S, "main text, paragraphs separated by newlines"),
    ("language", _S, "ISO 639-1 code, detected from the text (declared one for short texts)"),
    ("published", _S, "publication time: ISO 8601 with offset, or a date alone (see published_precision)"),
    ("authors", _LS, "authors as declared"),
    ("sitename", _S, "publication name"),
    ("fetched_at", _S, "fetch time, ISO 8601 UTC"),
    ("topic_score", _F, "relevance score against the topic profile"),
    ("topic_matches", _LS, "profile terms found"),
    ("topic_model_score", _F, "the topic model's probability of on-topic, null when the profile has no examples"),
    ("content_hash", _S, "hash of the normalised text"),
    ("word_count", _I, "words in text"),
    ("boilerplate_removed", _I, "boilerplate blocks and lines removed after extraction"),
    ("quality_flags", _LS, "e.g. truncated, paywalled"),
    ("version", _I, "1, then +1 each time the text at the same URL changed"),
    ("duplicate_of", _S, "id of the original this row copies (only when copies are kept)"),
    ("supersedes", _LS, "ids of copies written before this original arrived: a corpus keeps this row, not theirs"),
    ("published_precision", _S, "\"datetime\", \"date\", or null when no date"),
    ("warc_file", _S, "WARC file of the response (in the crawl's warc/ folder)"),
    ("warc_record_id", _S, "WARC-Record-ID of the response"),
    ("tdm_reserved", _B, "the publisher reserves text and data mining: true/false, null when no signal"),
    ("tdm_source", _S, "the signal: header:tdm-reservation, meta:tdm-reservation, header:x-robots-tag, meta:robots, robots.txt"),
)  # fmt: skip
FIELD_NAMES = tuple(name for name, _, _ in FIELDS)
ARTICLE_SCHEMA = pa.schema([pa.field(name, kind) for name, kind, _ in FIELDS])
# The datatrove form: `id` is the unique doc_id; the story id is metadata.story_id.
_META_FIELDS = [pa.field("story_id", _S)] + [
    pa.field(name, kind) for name, kind, _ in FIELDS if name not in ("id", "doc_id", "text")
]
DATATROVE_SCHEMA = pa.schema([pa.field("id", _S), pa.field("text", _S), pa.field("metadata", pa.struct(_META_FIELDS))])


def _typed(value: Any, kind: pa.DataType) -> Any:
    """The value in the field's type; None stays None, a wrong type is a ValueError."""
    if value is None:
        return None
    if kind == _LS:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {value!r}")
        return [str(v) for v in value]
    if kind == _B:
        if not isinstance(value, bool):
            raise ValueError(f"expected true/false, got {value!r}")
        return value
    if kind == _I:
        return int(value)
    if kind == _F:
        return float(value)
    return str(value)


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record of articles.jsonl (of this or an older crawl) as a row of ARTICLE_SCHEMA; ValueError if unusable."""
    row = {name: _typed(record.get(name), kind) for name, kind, _ in FIELDS}
    if not row["id"] or not row["text"]:
        raise ValueError("no id or no text")
    row["version"] = row["version"] or 1
    row["doc_id"] = row["doc_id"] or doc_id(row["id"], row["version"])
    for name in ("authors", "topic_matches", "quality_flags", "supersedes"):
        row[name] = row[name] or []
    if row["published_precision"] is None:  # written before dates were normalised
        row["published"], row["published_precision"] = normalise_published(row["published"])
    return row


def datatrove_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row in the datatrove form: {id: doc_id, text, metadata: {story_id, ...}}."""
    metadata = {"story_id": row["id"]}
    metadata.update((k, v) for k, v in row.items() if k not in ("id", "doc_id", "text"))
    return {"id": row["doc_id"], "text": row["text"], "metadata": metadata}


def features_yaml(schema: pa.Schema, indent: str = "    ") -> list[str]:
    """The `dataset_info.features` lines of a dataset card (Hugging Face YAML) for a schema."""
    names = {_S: "string", _I: "int64", _F: "float64", _B: "bool"}
    lines: list[str] = []
    for field in schema:
        lines.append(f"{indent}- name: {field.name}")
        if field.type == _LS:
            lines.append(f"{indent}  list: string")
        elif pa.types.is_struct(field.type):
            lines.append(f"{indent}  struct:")
            lines += features_yaml(pa.schema(list(field.type)), indent + "  ")
        else:
            lines.append(f"{indent}  dtype: {names[field.type]}")
    return lines
