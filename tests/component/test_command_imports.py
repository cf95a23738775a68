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
