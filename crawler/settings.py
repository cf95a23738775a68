"""Every setting of the project, grouped by prefix, each with a one-line comment.

Scrapy's own settings come first, set to safe defaults for a crawler that runs
unattended; the project's settings follow, one group per room.
"""

from __future__ import annotations

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Identity -----------------------------------------------------------------
# Who to contact about this crawler; put in the User-Agent. Set it for real crawls.
CRAWLER_CONTACT = "https://github.com/topic-news-crawler"
# The User-Agent names the project and its contact (built from CRAWLER_CONTACT when empty).
USER_AGENT = "topic-news-crawler/0.1 (+https://github.com/topic-news-crawler)"

# --- Politeness -----------------------------------------------------------------
# Obey robots.txt; a robots.txt that fails to load is treated by Scrapy as "allow all".
ROBOTSTXT_OBEY = True
# Protego (>= 0.6.2: no robots.txt ReDoS) parses robots.txt.
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"
# Adapt the delay to the server's latency.
AUTOTHROTTLE_ENABLED = True
# First delay before AutoThrottle has measured anything (seconds).
AUTOTHROTTLE_START_DELAY = 1.0
# Never wait longer than this between two requests to one site (seconds).
AUTOTHROTTLE_MAX_DELAY = 30.0
# Average parallel requests to each remote site.
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# At most this many requests at once to one domain.
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# A minimum delay between requests to the same site (seconds).
DOWNLOAD_DELAY = 0.25

# --- Safety -------------------------------------------------------------------
# No telnet console: it is a remote shell into the crawl.
TELNETCONSOLE_ENABLED = False
# No remote control server.
REMOTE_CONTROL_ENABLED = False
# A response over this size is aborted (16 MiB; Scrapy's default is 1 GiB).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
# Warn above this size (4 MiB).
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Give up on a request after this long (seconds).
DOWNLOAD_TIMEOUT = 30
# Only http and https: no file://, data:, ftp:// or s3:// fetching.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
# Follow links at most this many hops from a seed.
DEPTH_LIMIT = 4
# Retry transient failures this many times.
RETRY_TIMES = 2
# Follow at most this many redirects per request.
REDIRECT_MAX_TIMES = 5
# Cap on cookies: none are needed to read news pages.
COOKIES_ENABLED = False

# --- Runtime --------------------------------------------------------------------
# The asyncio reactor, as Scrapy recommends.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Encoding of Scrapy's own feed exports (-o/-O).
FEED_EXPORT_ENCODING = "utf-8"
# Log level for the console.
LOG_LEVEL = "INFO"

# --- Item pipelines (numbers with gaps, one stage each) -------------------------
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.templates.TemplatePipeline": 150,
    "crawler.pipelines.validate.ValidatePipeline": 200,
    "crawler.pipelines.relevance.RelevancePipeline": 300,
    "crawler.pipelines.dedup.DedupPipeline": 400,
    "crawler.pipelines.store.StorePipeline": 900,
}

# --- Downloader middlewares -----------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Fetches once a URL the spider re-queued at a higher priority (Scrapy's own schedulers keep both copies).
    "crawler.middlewares.requeue.RequeueMiddleware": 110,
    # Refuses requests to a host past TOPIC_PAGES_PER_HOST (after robots.txt, before retries).
    "crawler.middlewares.budget.HostBudgetMiddleware": 120,
    # Refuses followed links to a host whose followed links mostly fail (crawler/discovery/linkmerit.py).
    "crawler.middlewares.deadhosts.FailingHostMiddleware": 115,
    # Revisits ask with If-None-Match / If-Modified-Since from the last fetch.
    "crawler.middlewares.frontier.ConditionalGetMiddleware": 560,
    # A request that ends in an exception (retries spent, robots.txt, offsite) is marked failed.
    "crawler.middlewares.frontier.FrontierFailureMiddleware": 50,
}
SPIDER_MIDDLEWARES = {
    # A response fully handled marks its frontier entry done.
    "crawler.middlewares.frontier.FrontierDoneMiddleware": 50,
}

# --- Extensions -----------------------------------------------------------------
EXTENSIONS = {
    "crawler.extensions.rejects.RejectLog": 500,
    "crawler.extensions.runs.RunLog": 510,
}

# --- FRONTIER: the durable frontier, revisits and conditional GET ---------------------
# The scheduler keeps every request in the crawl state (JSON): a crash loses nothing.
SCHEDULER = "crawler.scheduling.scheduler.DurableScheduler"
# Hand out requests only for hosts whose downloader slot has room, best priority first: many hosts busy at once.
FRONTIER_HOST_AWARE = True
# Hosts whose best request is within this much of the best one take turns (least recently served first).
FRONTIER_FAIR_BAND = 50
# A failed URL is tried again in later runs until it has failed this many times.
FRONTIER_MAX_ATTEMPTS = 3
# First revisit interval of feeds, sitemaps and hubs (seconds); halves when they change, doubles when not.
FRONTIER_STRUCTURE_INTERVAL = 3600.0
# Bounds of that adaptive interval (seconds).
FRONTIER_MIN_INTERVAL = 900.0
FRONTIER_MAX_INTERVAL = 7 * 86400.0
# Articles are fetched again after this long, or when a feed or sitemap lists them as updated (seconds).
FRONTIER_ARTICLE_INTERVAL = 30 * 86400.0
# A 304 Not Modified reaches the spider (as nothing new) instead of being an HTTP error.
HTTPERROR_ALLOWED_CODES = [304]
# `scrapy state --prune` forgets done and failed URLs untouched for this many days.
STATE_PRUNE_DAYS = 90.0

# --- OUTPUT: where a crawl writes ----------------------------------------------
# Folder of articles.jsonl, rejected.jsonl and (by default) state.db.
OUTPUT_DIR = "output"
# Kept articles, one JSON object per line (inside OUTPUT_DIR unless absolute).
OUTPUT_ARTICLES = "articles.jsonl"
# Dropped items with their reason, one JSON object per line.
OUTPUT_REJECTED = "rejected.jsonl"
# fsync each appended line, so a crash never loses a line that was reported kept.
OUTPUT_FSYNC = True

# --- STORE: crawl state kept across runs ----------------------------------------
# Backend of the crawl state: "sqlite" (embedded, the default).
STORE_BACKEND = "sqlite"
# SQLite database file (inside OUTPUT_DIR unless absolute).
STORE_SQLITE_PATH = "state.db"

# --- TOPIC: what to crawl ------------------------------------------------------------
# Topic profile file (TOML); empty means the built-in default profile.
TOPIC_PROFILE = ""
# Fetch robots.txt of each seed host to read its `Sitemap:` lines.
TOPIC_ROBOTS_SITEMAPS = True
# Follow links found on HTML pages (within allowed domains and DEPTH_LIMIT).
TOPIC_FOLLOW_LINKS = True
# At most this many sitemap entries are followed per sitemap file.
TOPIC_MAX_SITEMAP_ENTRIES = 50000
# Best-first frontier: request priorities from crawler/relevance/priority.py (False: all 0, e.g. for breadth-first).
TOPIC_BEST_FIRST = True
# A queued URL found again with a priority at least this much higher is queued again at that priority.
TOPIC_REQUEUE_MARGIN = 25
# Ask the profile's query feeds (GDELT, news-search RSS) at the start of a crawl without -a urls=.
TOPIC_QUERY_FEEDS = True
# Pages fetched per host (scheme, host, port) at most; 0: the profile's budgets.pages_per_host, else no limit.
TOPIC_PAGES_PER_HOST = 0
# Earliest publication date kept (YYYY-MM-DD); empty: the profile's window.since.
TOPIC_SINCE = ""
# The spider parses at most this many bytes of an HTML page for its links and kind (extraction gets it all).
TOPIC_MAX_PARSE_BYTES = 1024 * 1024

# --- EXTRACT: from raw bytes to an article ---------------------------------------
# Pages larger than this are not handed to the extractor (bytes).
EXTRACT_MAX_BYTES = 8 * 1024 * 1024
# Ask trafilatura to favour precision over recall.
EXTRACT_FAVOR_PRECISION = False
# Remove the project's known cruft (share bars, promos, job ads...) after trafilatura.
EXTRACT_STRIP_CRUFT = True
# Extraction worker processes; 0 means one per CPU.
EXTRACT_WORKERS = 0
# A page whose extraction takes longer is dropped as extract/timeout and its worker replaced (seconds).
EXTRACT_TIMEOUT = 30.0
# Address-space cap of each extraction worker (bytes; 0: none). Over it the page is dropped.
EXTRACT_MEMORY_LIMIT = 2 * 1024**3

# --- TEMPLATES: per-site template learning ------------------------------------------
# Learn lines that recur across a host's pages and remove them from its articles.
TEMPLATES_ENABLED = True
# A line is template once seen on at least this many distinct pages of the host...
TEMPLATES_MIN_PAGES = 4
# ...and on at least this share of the host's pages seen so far.
TEMPLATES_MIN_SHARE = 0.3
# Lines longer than this many words are prose and never learned.
TEMPLATES_MAX_LINE_WORDS = 40

# --- VALIDATE: what an article must have ------------------------------------------
# Fewer words than this and the text is not an article.
VALIDATE_MIN_WORDS = 60
# An article needs a title.
VALIDATE_REQUIRE_TITLE = True

# --- DEDUP: URL variants, exact and near-duplicate copies, across runs (README "Deduplication") ---
# Look for near-duplicate copies (MinHash + LSH); off leaves URL and exact-text dedup.
DEDUP_NEAR_ENABLED = True
# Jaccard similarity of the word shingles from which a copy is caught (with >= 95% probability).
DEDUP_NEAR_THRESHOLD = 0.8
# Keep exact and near copies in articles.jsonl, flagged with duplicate_of, instead of dropping them.
DEDUP_KEEP_COPIES = False
# Words per shingle: 1 compares word sets (measured best for edited copies), 3-5 are order-sensitive n-grams.
DEDUP_SHINGLE_WORDS = 1
# LSH bands: a stored text sharing one of them with a new text is checked as a candidate copy.
DEDUP_BANDS = 12
# MinHash values per band: more rows, fewer candidates (and less recall just below the threshold).
DEDUP_ROWS = 5

# --- LINKS: which links of a page are followed (crawler/discovery/linkmerit.py) ------
# A URL shape is one of a site's article shapes once this many of its articles have it.
LINKS_MIN_SHAPE_ARTICLES = 3
# A link of an article (or of a page deep in the site) needs an anchor of this many words, with an article shape.
LINKS_MIN_ANCHOR_WORDS = 3
# ...or, for a profile that selects (required groups or min_score > 0), this relevance of anchor and URL.
LINKS_MIN_RELEVANCE = 0.5
# A host is no longer explored by links once this many of its followed links failed...
LINKS_MIN_FAILURES = 3
# ...and they are more than this share of its followed links.
LINKS_MAX_FAILURE_SHARE = 0.5
# Hubs (not articles, with a section-like URL) up to this many hops from a seed have all their links followed.
LINKS_HUB_DEPTH = 1
# Feeds announced by pages (<link rel="alternate">) read per host at most; comments feeds never.
LINKS_FEEDS_PER_HOST = 3
