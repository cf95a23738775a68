"""Shared fixtures: the fixture web (fictional news sites on 127.0.0.1) and the `e2e` marker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtureweb.server import FixtureWeb


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: end-to-end crawl run as a subprocess against the fixture web (slow; deselect with -m 'not e2e')"
    )


@pytest.fixture(scope="session")
def fixture_web() -> Iterator[FixtureWeb]:
    """The fixture web, started once per session; hit counts add up over the session."""
    with FixtureWeb() as web:
        yield web
