"""reporting room: what a crawl did, for people (progress line, end-of-crawl summary, HTML report). Pure: no Scrapy."""
