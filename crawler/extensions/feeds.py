"""Scrapy's feed exports (`-o`/`-O`) with the rows of articles.jsonl: `Article -> Article.record()`.

An Article carries working state (frontier key, how it was found) that is not
part of the output schema; these exporters write `record()` instead, so a feed
has exactly the fields of articles.jsonl, in the same order. FEED_EXPORTERS
names them for json, jsonlines/jsonl, csv and xml.
"""

from __future__ import annotations

from typing import Any

from scrapy.exporters import CsvItemExporter, JsonItemExporter, JsonLinesItemExporter, XmlItemExporter

from crawler.items import Article


def as_row(item: Any) -> Any:
    """The output row of an Article; any other item as it is."""
    return item.record() if isinstance(item, Article) else item


class ArticleJsonLinesExporter(JsonLinesItemExporter):
    """JSON Lines of article rows."""

    def export_item(self, item: Any) -> None:
        super().export_item(as_row(item))


class ArticleJsonExporter(JsonItemExporter):
    """A JSON array of article rows."""

    def export_item(self, item: Any) -> None:
        super().export_item(as_row(item))


class ArticleCsvExporter(CsvItemExporter):
    """CSV of article rows (the header from the first row: the record's keys)."""

    def export_item(self, item: Any) -> None:
        super().export_item(as_row(item))


class ArticleXmlExporter(XmlItemExporter):
    """XML of article rows."""

    def export_item(self, item: Any) -> None:
        super().export_item(as_row(item))
