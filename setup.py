"""Packaging for scrapyd eggs (`scrapyd-deploy` builds the project with this file)."""

from setuptools import find_packages, setup

setup(
    name="topic-news-crawler",
    version="0.1.0",
    packages=find_packages(include=["crawler", "crawler.*"]),
    package_data={"crawler.profiles": ["*.toml"], "crawler.demo": ["site/*/*", "site/*/*/*", "site/*/*/*/*", "site/*/*/*/*/*"]},
    entry_points={"scrapy": ["settings = crawler.settings"]},
    zip_safe=False,
)
