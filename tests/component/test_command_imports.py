"""Scrapy imports every project command module for every `scrapy` run, a crawl included: they must stay light."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pyarrow", "matplotlib", "sklearn", "scipy", "pandas", "datasets")


def test_command_modules_do_not_import_the_export_and_report_libraries() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import crawler.commands as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module(f'crawler.commands.{m.name}')\n"
        f"print(sorted({{n.split('.')[0] for n in sys.modules}} & set({HEAVY!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout  # about 100 MB more in every crawl process otherwise


EXTRACTION_ONLY = ("trafilatura", "htmldate", "justext", "py3langid")


def test_the_crawl_process_leaves_the_extraction_libraries_to_its_workers() -> None:
    """What the crawl process loads (commands, every component of the settings, the spider) imports none of
    the libraries only extraction uses: they are about 4 MB of its RSS, and extraction runs in worker processes."""
    code = (
        "import importlib, pkgutil, sys\n"
        "from scrapy.utils.misc import load_object\n"
        "import crawler.commands as c, crawler.settings as s\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module(f'crawler.commands.{m.name}')\n"
        "for key in ('ITEM_PIPELINES', 'DOWNLOADER_MIDDLEWARES', 'SPIDER_MIDDLEWARES', 'EXTENSIONS'):\n"
        "    for path, order in getattr(s, key).items():\n"
        "        if order is not None and path.startswith('crawler.'):\n"
        "            load_object(path)\n"
        "load_object(s.SCHEDULER)\n"
        "import crawler.spiders.topic, crawler.extraction.pool\n"
        f"print(sorted({{n.split('.')[0] for n in sys.modules}} & set({EXTRACTION_ONLY!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout
