"""Scrapy downloader middlewares of the project (thin adapters)."""
