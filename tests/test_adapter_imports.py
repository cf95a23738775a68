"""Adapters (spiders, pipelines, middlewares, extensions, commands) import rooms and glue, never another adapter."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ADAPTER_PACKAGES = ("spiders", "pipelines", "middlewares", "extensions", "commands")


def adapter_modules() -> list[str]:
    found = []
    for package in ADAPTER_PACKAGES:
        for path in sorted((ROOT / "crawler" / package).glob("*.py")):
            if path.name != "__init__.py":
                found.append(f"crawler.{package}.{path.stem}")
    return found


def imported_modules(module: str) -> set[str]:
    """Every module the file imports, at the top, in functions or under TYPE_CHECKING."""
    path = ROOT / (module.replace(".", "/") + ".py")
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def is_adapter(name: str) -> bool:
    parts = name.split(".")
    return len(parts) >= 3 and parts[0] == "crawler" and parts[1] in ADAPTER_PACKAGES and parts[2] != "__init__"


def test_every_adapter_module_is_found_and_imports() -> None:
    modules = adapter_modules()
    assert {m.split(".")[1] for m in modules} == set(ADAPTER_PACKAGES)
    for module in modules:
        importlib.import_module(module)


@pytest.mark.parametrize("module", adapter_modules())
def test_no_adapter_imports_another_adapter(module: str) -> None:
    others = sorted(name for name in imported_modules(module) if is_adapter(name) and not name.startswith(module))
    # a name like crawler.pipelines.dedup.Rejected counts through its module
    others = sorted({".".join(name.split(".")[:3]) for name in others} - {module})
    assert not others, f"{module} imports the adapters {others}: move what they share to crawler/config.py, " \
                       "crawler/drops.py, crawler/state.py or a room"
