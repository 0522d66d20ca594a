"""Development settings: relative URLs, drafts visible, reader cache on."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coachsite.dates import site_date  # noqa: E402
from coachsite.site_file import SITE_FILE, read_site_file, site_settings  # noqa: E402
from coachsite.templating import autoescape, bytecode_cache  # noqa: E402

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
STATIC_PATHS = ["images", "extra/_headers"]
# The HTTP headers Netlify and Cloudflare Pages read, at the top of the published folder.
EXTRA_PATH_METADATA = {"extra/_headers": {"path": "_headers"}}
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
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "404", "search"]
SEARCH_URL = "search/"  # the search page (plugins/coach_search); the header's box sends ?q= to it
SEARCH_SAVE_AS = "search/index.html"
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

# What is the coach's own comes from content/site.md, checked (a mistake stops the build with
# "content/site.md:LINE: what to write"): COACH (the whole file, for templates: name,
# credential, photo, price, length), CONSULT_EMAIL (templates show it only through the
# cloak_email filter, so it never appears raw: {{ CONSULT_EMAIL|cloak_email }}),
# CONSULT_BOOKING_URL (also a CTA's "Link: booking"), SPECIALS_CURRENCY, SITE_PUBLIC_URL,
# SOCIAL ((label, address) pairs for the footer), NEWSLETTER_SUBSCRIBE_ACTION and _HONEYPOT,
# NEWSLETTER_POSTAL_ADDRESS, NEWSLETTER_FROM_NAME, NEWSLETTER_REPLY_TO (coachsite/site_file.py).
globals().update(site_settings(read_site_file(ROOT / PATH / SITE_FILE, ROOT), SITENAME))

# Pelican's own feeds are off; plugins/coach_feeds writes them (issue 4).
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
# Uncompressed: gzip -9 of the cache on every build cost 0.15 s per 1,000 posts.
GZIP_CACHE = False

# No "smarty" extension: the coach types typographic quotes already, and it doubled the
# Markdown cost of a post (bench/profile_build.py).
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        # images: width/height from the file, loading="lazy" below the first (theme/)
        "theme.markdown_images": {"content_path": str(ROOT / "content")},
    },
    "output_format": "html5",
}
TYPOGRIFY = False
# Templates escape everything they print unless it is marked safe (the HTML that Markdown
# made: content, summaries, CTA and special bodies), so a title like "Q&A </script>" is
# shown as written. Plain-text templates (*.txt) are not escaped.
JINJA_ENVIRONMENT = {
    "bytecode_cache": bytecode_cache(ROOT / "cache" / "jinja"),
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": autoescape,
    # Every build makes new template environments: no need to look at each template's file
    # again each time a page includes it.
    "auto_reload": False,
}

PLUGIN_PATHS = ["plugins"]
# incremental first: it hooks the template environments as Pelican makes them; consult
# next: it puts the CTA block into posts before other plugins read them.
PLUGINS: list[str] = [
    "coach_incremental",
    "coach_guard",
    "coach_consult",
    "coach_newsletter",
    "coach_testimonials",
]
# Issue 4: future posts held back, broken links stopped, reading aids, SEO, feeds, search.
# "search" stays last: Pagefind indexes what everything before it wrote.
PLUGINS += [
    "coach_future_posts",
    "coach_linkcheck",
    "coach_navigation",
    "coach_images",
    "coach_cards",
    "coach_seo",
    "coach_feeds",
    "coach_search",
]

# SITE_PUBLIC_URL (content/site.md's Website:) is the public address of the site, used
# wherever a link must be absolute even in a development build: emails (and their link
# checks) point readers at the published site, and so do feeds, canonical/Open Graph links,
# JSON-LD and the sitemap (coachsite/urls.py).
# Feeds (plugins/coach_feeds/settings.py has the FEEDS_* paths; None turns one off) and SEO
# (plugins/coach_seo/settings.py). Images are paths in the built site.
FEEDS_MAX_ITEMS = 20
FEEDS_LOGO = "theme/images/logo.png"
SEO_LOGO = "theme/images/logo.png"
SEO_DEFAULT_IMAGE = "theme/images/social-card.png"  # 1200 x 630, for posts without "Image:"
SEO_DEFAULT_IMAGE_ALT = (
    "Midlife Career Strategy: career advice for the second half of a working life"
)
SEO_AUTHOR_URL = "about/"

# Newsletter (plugins/coach_newsletter): one edition per month that has a special.
NEWSLETTER_BUILD_PATH = str(ROOT / "build" / "newsletter")  # email artifacts, outside the site
# The sender (NEWSLETTER_FROM_NAME, NEWSLETTER_REPLY_TO), the postal address for the email
# footer (empty: the audience's own, Mailchimp's *|LIST:ADDRESSLINE|*) and Mailchimp's
# embedded signup form (its "action" and hidden "b_..." field; an empty action hides the
# form everywhere) come from content/site.md.
# Sending (invoke campaign): the id of a saved segment or tag to send the specials to
# (empty: the whole audience), and how many addresses one test email may go to (Mailchimp's
# free plan allows 6; raise it if your plan allows more).
NEWSLETTER_SEGMENT_ID = ""
NEWSLETTER_TEST_EMAIL_LIMIT = 6
