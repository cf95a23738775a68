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
# The User-Agent; empty: "topic-news-crawler/0.1 (+CRAWLER_CONTACT)", built by the add-on below.
USER_AGENT = ""
# Add-ons: ContactUserAgent builds USER_AGENT from CRAWLER_CONTACT.
ADDONS = {"crawler.extensions.identity.ContactUserAgent": 0}

# --- Politeness -----------------------------------------------------------------
# Obey robots.txt (by RFC 9309 through crawler.middlewares.robots: see the SAFETY group).
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
# No remote control server (nor its module: see EXTENSIONS).
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
# Cap on cookies: none are needed to read news pages (nor the middleware's module: see DOWNLOADER_MIDDLEWARES).
COOKIES_ENABLED = False

# --- Runtime --------------------------------------------------------------------
# The asyncio reactor, as Scrapy recommends.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Encoding of Scrapy's own feed exports (-o/-O).
FEED_EXPORT_ENCODING = "utf-8"
# Log level for the console.
LOG_LEVEL = "INFO"
# The crawl process gives its freed heap back to the system this often (s; 0: never): a burst's peak stays otherwise.
HEAP_TRIM_INTERVAL = 10.0
# Items of one response processed at once (the spider yields one at most); Scrapy starts this many tasks per response.
CONCURRENT_ITEMS = 4

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
DOWNLOADER_MIDDLEWARES: dict[str, int | None] = {
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
    # Every response with its request into OUTPUT_DIR/warc/ (next to the downloader: bodies as received).
    "crawler.middlewares.warc.WarcMiddleware": 950,
    # robots.txt groups of AI crawlers -> request.meta["tdm_robots"] (after decompression and redirects).
    "crawler.middlewares.tdm.RobotsTdmMiddleware": 580,
    # Off (COOKIES_ENABLED), and not even imported: tldextract and requests cost the crawl process 3 MB of RSS.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
}
SPIDER_MIDDLEWARES = {
    # A response fully handled marks its frontier entry done.
    "crawler.middlewares.frontier.FrontierDoneMiddleware": 50,
}

# --- Extensions -----------------------------------------------------------------
EXTENSIONS = {
    # The crawl state's one owner: opens state.db once, records the run, settles items, stops a crawl that cannot work.
    "crawler.state.CrawlState": 0,
    # The topic models fitted on the profile's examples, once per crawl for the relevance stage and the frontier.
    "crawler.relevance.model.ModelFits": 10,
    "crawler.extensions.rejects.RejectLog": 500,
    # A progress line every PROGRESS_INTERVAL seconds, and the summary at the end.
    "crawler.extensions.progress.Progress": 520,
    "crawler.extensions.summary.CrawlSummary": 530,
    # The crawl process's freed heap back to the system every HEAP_TRIM_INTERVAL seconds (glibc malloc_trim).
    "crawler.extensions.heap.HeapTrim": 540,
    # Off (REMOTE_CONTROL_ENABLED), and not even imported: its aiohttp server costs the crawl process 10 MB of RSS.
    "scrapy.extensions.remote_control.RemoteControl": None,
}
# Scrapy's own pages/min line is replaced by the progress line.
LOGSTATS_INTERVAL = 0.0

# --- FRONTIER: the durable frontier, revisits and conditional GET ---------------------
# The scheduler keeps every request in the crawl state (JSON): a crash loses nothing.
SCHEDULER = "crawler.scheduling.scheduler.DurableScheduler"
# Hand out requests only for hosts whose downloader slot has room, best priority first: many hosts busy at once.
FRONTIER_HOST_AWARE = True
# Hosts whose best request is within this much of the best one take turns (least recently served first).
FRONTIER_FAIR_BAND = 50
# A failed URL is tried again in later runs until it has failed this many times.
FRONTIER_MAX_ATTEMPTS = 3
# No request is handed out while this many responses are in the spider and item stages (0: Scrapy's byte cap only).
FRONTIER_MAX_IN_STAGES = 100
# The frontier's writes (push, pop, finish) share one SQLite commit, at most this many (1: one commit each)...
FRONTIER_COMMIT_SIZE = 256
# ...and at most this long (s) after the first: a crash loses at most that moment of frontier work, never a link.
FRONTIER_COMMIT_DELAY = 0.05
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
# Kept articles are committed in groups of at most this many (one transaction, one write and fsync per group).
STORE_GROUP_SIZE = 32
# A group is written once this long has passed since its first article (seconds).
STORE_GROUP_DELAY = 0.005

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
# A main text under this many words is looked for again favouring recall (0: never).
EXTRACT_RECALL_BELOW_WORDS = 50
# ...and one under this share of the page's words (a story set in several blocks; 0: never). It costs a second
# trafilatura pass on about a fifth of pages: 0 saves that time.
EXTRACT_RECALL_BELOW_SHARE = 0.5
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
# An article of a host with fewer than TEMPLATES_MIN_PAGES pages seen waits at most this long (while the crawl is busy).
TEMPLATES_WAIT_SECONDS = 20.0
# Pages larger than this are not learned from (their parse would hold up the crawl).
TEMPLATES_MAX_PAGE_BYTES = 2 * 1024 * 1024

# --- VALIDATE: what an article must have ------------------------------------------
# Fewer words than this and the text is not an article...
VALIDATE_MIN_WORDS = 60
# ...unless it is a brief its page declares an article (og:type, schema.org), whole (not truncated nor paywalled), with a
# confident page type: then this many (crawler/extraction/wordfloor.py).
VALIDATE_BRIEF_MIN_WORDS = 30
# The page-type score above its threshold from which the decision is confident enough for that brief's floor.
VALIDATE_BRIEF_MIN_SCORE = 1.0
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

# --- PROGRESS, SUMMARY, REPORT: what a person watches and reads ---------------------------
# A progress line (pages, articles kept, drops, hosts active, rate, pending) every this many seconds; 0: none.
PROGRESS_INTERVAL = 10.0
# Print a short summary at the end of a crawl and write it as JSON.
SUMMARY_ENABLED = True
# The summary's JSON file (inside OUTPUT_DIR unless absolute).
SUMMARY_FILE = "summary.json"
# `scrapy report` writes this HTML file (inside OUTPUT_DIR unless absolute).
REPORT_FILE = "report.html"
# Rows of the report's table of latest articles.
REPORT_LATEST = 50

# --- WARC: every fetched response archived, for re-extraction (docs/output.md) ---------
# Write each response and its request to WARC files (gzip per record).
WARC_ENABLED = True
# Folder of the WARC files (inside OUTPUT_DIR unless absolute).
WARC_DIR = "warc"
# A WARC file past this size is closed and the next one opened (bytes).
WARC_MAX_BYTES = 256 * 1024 * 1024
# File names start with this: <prefix>-<UTC time>-<pid>-<serial>.warc.gz.
WARC_PREFIX = "crawl"
# zlib's level for each record, 1 (fastest) to 9 (smallest); per benchmark page 1.86 CPU ms and 31.4 KB at 4,
# 2.71 ms and 30.0 KB at 6, 1.54 ms and 35.3 KB at 1 (docs/throughput.md).
WARC_GZIP_LEVEL = 4
# `scrapy reextract`: archived pages in the pipelines at once; 1 keeps the WARC order, so dedup keeps what the crawl kept.
REPLAY_IN_FLIGHT = 1

# --- FEED: Scrapy's own feed exports (-o/-O) --------------------------------------
# -O/-o write exactly the rows of articles.jsonl (same fields, same order), not the items' working state.
FEED_EXPORTERS = {
    "json": "crawler.extensions.feeds.ArticleJsonExporter",
    "jsonlines": "crawler.extensions.feeds.ArticleJsonLinesExporter",
    "jsonl": "crawler.extensions.feeds.ArticleJsonLinesExporter",
    "csv": "crawler.extensions.feeds.ArticleCsvExporter",
    "xml": "crawler.extensions.feeds.ArticleXmlExporter",
}

# --- EXPORT: `scrapy export`, a crawl's articles as a corpus (docs/output.md) ---------
# Shard formats written: "parquet", "jsonl" (gzipped JSON Lines), or both, comma-separated.
EXPORT_FORMATS = "parquet,jsonl"
# Rows per shard file.
EXPORT_SHARD_ROWS = 50000
# Parquet compression codec (pyarrow's names).
EXPORT_PARQUET_COMPRESSION = "zstd"

# --- TDM: the publisher's text-and-data-mining opt-out (docs/output.md) ------------
# Read robots.txt groups of AI crawlers (GPTBot, CCBot...) and record their verdict per article.
TDM_ROBOTS_ENABLED = True

# --- SAFETY: hostile input (docs/safety.md) -------------------------------------------
# Scrapy's robots.txt middleware is replaced by the project's (RFC 9309: 5xx and unreachable mean disallow all).
DOWNLOADER_MIDDLEWARES.update({
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    # robots.txt once per host: rules, Crawl-delay, Sitemap: lines handed to the spider.
    "crawler.middlewares.robots.RobotsMiddleware": 100,
    # A host that times out repeatedly is set aside for the run (after the retry middleware sees each attempt).
    "crawler.middlewares.hostguard.HostGuardMiddleware": 580,
})
# Bytes of robots.txt read and parsed at most (RFC 9309: at least 500 KiB); its download stops past them.
ROBOTS_MAX_BYTES = 500 * 1024
# A robots.txt that answered 5xx or not at all is asked again after this long (seconds); meanwhile the host is disallowed.
ROBOTS_RETRY_AFTER = 60.0
# A good robots.txt is fetched again after this long in a long run (seconds; RFC 9309: at most 24 hours).
ROBOTS_CACHE_FOR = 24 * 3600.0
# During an outage this long (seconds), the host's last good robots.txt of this run is obeyed instead of disallow-all.
ROBOTS_LAST_GOOD_AFTER = 24 * 3600.0
# Crawl-delay values above this are capped (seconds).
ROBOTS_MAX_CRAWL_DELAY = 60.0
# A host whose requests time out this many times in a run is set aside until the next run.
HOSTGUARD_MAX_TIMEOUTS = 2
# Elements a page may have: more (after flattening too-deep nesting) is refused as extract/too_complex.
EXTRACT_MAX_ELEMENTS = 50_000
# Tags nested deeper than this are removed before the parse, their text kept (libxml2 drops all below ~255).
EXTRACT_MAX_DEPTH = 200
# An article text longer than this is refused as extract/too_long (characters; real articles: 53,372 at most).
EXTRACT_MAX_TEXT_CHARS = 150_000
# An article text with a larger share of U+FFFD is refused as extract/garbled.
EXTRACT_MAX_REPLACEMENT_SHARE = 0.01
# A page with more tags ('<') than this is not parsed for links (real article pages: 21,646 at most).
TOPIC_MAX_PAGE_TAGS = 50_000

# --- PAGETYPE: is a fetched page a news or blog article? (docs/extraction.md) ---
# Refuse pages that are not articles (products, listings, threads, docs, service pages) as not_article/<kind>.
PAGETYPE_ENABLED = True
# The page-type score from which a page is an article: lower keeps more pages (and more non-articles).
PAGETYPE_THRESHOLD = 0.0
# Added to the score of a page a feed or sitemap lists, unless it shows signs of a product, thread, docs or listing.
PAGETYPE_LISTED_PRIOR = 1.0

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
