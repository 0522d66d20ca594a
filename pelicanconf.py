"""Development settings: relative URLs, drafts visible, reader cache on."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coachsite.dates import site_date  # noqa: E402

AUTHOR = "Midlife Career Strategy"
SITENAME = "Midlife Career Strategy"
SITESUBTITLE = "Career advice for the second half of a working life"
SITEDESCRIPTION = (
    "Straight talk on interviews, resumes and career changes in mid-life, "
    "from a career coach and former academic."
)
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
OUTPUT_PATH = "output"
THEME = "theme"

TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
# "Today" for the whole build; SITE_DATE=YYYY-MM-DD overrides it (tests, previews of a month).
SITE_DATE = site_date(TIMEZONE)

# URLs: clean directory-style addresses.
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "404"]
TEMPLATE_PAGES: dict[str, str] = {}
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SLUGIFY_SOURCE = "title"
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# Main navigation: (label, URL relative to the site root).
MENUITEMS = (
    ("Articles", "archives/"),
    ("About", "about/"),
    ("Newsletter", "newsletter/"),
)
CONSULT_PAGE_URL = "work-with-me/"

# Pelican's own feeds are off; plugins/feeds writes them (issue 4).
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None

# Reader-level content cache: unchanged Markdown files are not parsed again.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CACHE_PATH = str(ROOT / "cache")

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}
TYPOGRIFY = False

PLUGIN_PATHS = ["plugins"]
PLUGINS: list[str] = []
