"""Room configs and output paths, built once from settings (adapters call these in from_crawler).

Not an adapter: every adapter (spiders, pipelines, middlewares, extensions, commands) imports it,
and it imports no adapter.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.settings import BaseSettings

from crawler.dedup.deduplicator import DedupConfig
from crawler.dedup.minhash import MinHashConfig
from crawler.discovery.robots import RobotsConfig
from crawler.extraction.bounds import PageBounds
from crawler.extraction.job import ExtractConfig
from crawler.extraction.pagetype import PageTypeConfig
from crawler.extraction.pool import PoolConfig
from crawler.extraction.templates import TemplateConfig
from crawler.relevance.model import ModelFits
from crawler.relevance.profile import ProfileError, load_profile
from crawler.reporting.report_data import PageInfo, ReportInputs
from crawler.scheduling.revisit import RevisitConfig
from crawler.store.open import StoreConfig

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def output_path(settings: BaseSettings, key: str) -> Path:
    """The file named by setting `key`, inside OUTPUT_DIR unless it is absolute."""
    name = Path(settings.get(key))
    return name if name.is_absolute() else Path(settings.get("OUTPUT_DIR", "output")) / name


def store_config(settings: BaseSettings) -> StoreConfig:
    """The state backend's config from settings."""
    return StoreConfig(
        backend=settings.get("STORE_BACKEND", "sqlite"),
        sqlite_path=str(output_path(settings, "STORE_SQLITE_PATH")),
    )


def extract_config(settings: BaseSettings) -> ExtractConfig:
    """The extraction room's config from the EXTRACT_* settings."""
    return ExtractConfig(
        max_bytes=settings.getint("EXTRACT_MAX_BYTES"),
        favor_precision=settings.getbool("EXTRACT_FAVOR_PRECISION"),
        strip_cruft=settings.getbool("EXTRACT_STRIP_CRUFT"),
        recall_below_words=settings.getint("EXTRACT_RECALL_BELOW_WORDS", 50),
        recall_below_share=settings.getfloat("EXTRACT_RECALL_BELOW_SHARE", 0.5),
        bounds=PageBounds(
            max_elements=settings.getint("EXTRACT_MAX_ELEMENTS", 50_000),
            max_depth=settings.getint("EXTRACT_MAX_DEPTH", 200),
            max_text_chars=settings.getint("EXTRACT_MAX_TEXT_CHARS", 150_000),
            max_replacement_share=settings.getfloat("EXTRACT_MAX_REPLACEMENT_SHARE", 0.01),
        ),
        page_type=PageTypeConfig(
            enabled=settings.getbool("PAGETYPE_ENABLED", True),
            threshold=settings.getfloat("PAGETYPE_THRESHOLD", 0.0),
            listed_prior=settings.getfloat("PAGETYPE_LISTED_PRIOR", 1.0),
        ),
    )


def pool_config(settings: BaseSettings) -> PoolConfig:
    """The extraction pool's config from the EXTRACT_* settings (0 workers: one per CPU)."""
    return PoolConfig(
        workers=settings.getint("EXTRACT_WORKERS") or os.cpu_count() or 1,
        timeout=settings.getfloat("EXTRACT_TIMEOUT"),
        memory_limit=settings.getint("EXTRACT_MEMORY_LIMIT"),
    )


def commit_group_config(settings: BaseSettings) -> tuple[int, float]:
    """(size, delay) of the frontier's commit groups, from FRONTIER_COMMIT_SIZE and FRONTIER_COMMIT_DELAY."""
    return settings.getint("FRONTIER_COMMIT_SIZE", 256), settings.getfloat("FRONTIER_COMMIT_DELAY", 0.05)


def revisit_config(settings: BaseSettings) -> RevisitConfig:
    """The revisit policy from the FRONTIER_* settings."""
    return RevisitConfig(
        structure_interval=settings.getfloat("FRONTIER_STRUCTURE_INTERVAL"),
        min_interval=settings.getfloat("FRONTIER_MIN_INTERVAL"),
        max_interval=settings.getfloat("FRONTIER_MAX_INTERVAL"),
        article_interval=settings.getfloat("FRONTIER_ARTICLE_INTERVAL"),
    )


def report_config(settings: BaseSettings, generated_at: str) -> tuple[ReportInputs, PageInfo]:
    """The files `scrapy report` reads (the crawl's output) and what its page says about itself."""
    inputs = ReportInputs(
        articles=output_path(settings, "OUTPUT_ARTICLES"),
        rejected=output_path(settings, "OUTPUT_REJECTED"),
        state=output_path(settings, "STORE_SQLITE_PATH"),
        summary=output_path(settings, "SUMMARY_FILE"),
    )
    try:
        min_score: float | None = load_profile(settings.get("TOPIC_PROFILE") or None).min_score
    except ProfileError:
        min_score = None  # the report still shows everything else
    info = PageInfo(str(inputs.articles.parent.resolve()), generated_at, settings.getint("REPORT_LATEST"), min_score)
    return inputs, info


def dedup_config(settings: BaseSettings) -> DedupConfig:
    """The dedup room's config from the DEDUP_* settings."""
    return DedupConfig(
        near_enabled=settings.getbool("DEDUP_NEAR_ENABLED", True),
        threshold=settings.getfloat("DEDUP_NEAR_THRESHOLD", 0.8),
        keep_copies=settings.getbool("DEDUP_KEEP_COPIES", False),
        minhash=MinHashConfig(
            shingle_words=settings.getint("DEDUP_SHINGLE_WORDS", 1),
            bands=settings.getint("DEDUP_BANDS", 12),
            rows=settings.getint("DEDUP_ROWS", 5),
        ),
    )


def template_config(settings: BaseSettings) -> TemplateConfig:
    """Template learning's config from the TEMPLATES_* settings."""
    return TemplateConfig(
        min_pages=settings.getint("TEMPLATES_MIN_PAGES"),
        min_share=settings.getfloat("TEMPLATES_MIN_SHARE"),
        max_line_words=settings.getint("TEMPLATES_MAX_LINE_WORDS"),
        max_page_bytes=settings.getint("TEMPLATES_MAX_PAGE_BYTES"),
    )


def robots_config(settings: BaseSettings) -> RobotsConfig:
    """The robots.txt room's config from the ROBOTS_* settings."""
    return RobotsConfig(
        max_bytes=settings.getint("ROBOTS_MAX_BYTES", 500 * 1024),
        retry_after=settings.getfloat("ROBOTS_RETRY_AFTER", 60.0),
        cache_for=settings.getfloat("ROBOTS_CACHE_FOR", 24 * 3600.0),
        last_good_after=settings.getfloat("ROBOTS_LAST_GOOD_AFTER", 24 * 3600.0),
        max_crawl_delay=settings.getfloat("ROBOTS_MAX_CRAWL_DELAY", 60.0),
    )


def topic_fits(crawler: Crawler | None) -> ModelFits:
    """The crawl's fitted topic models (the `ModelFits` extension), so that the relevance stage and the frontier judge
    with one fit of the profile's examples; a new, unshared one for a component built outside a crawl."""
    try:
        fits = crawler.get_extension(ModelFits) if crawler is not None else None
    except RuntimeError:  # asked before Scrapy built the extensions (a spider's from_crawler): nothing to share yet
        fits = None
    return fits if fits is not None else ModelFits()
