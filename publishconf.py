"""Production settings: absolute URLs; drafts are not published; built into public/.

public/ is the production build's own folder (output/ is the development site that
`make serve` serves), so a preview or a publish never touches what `make serve` shows.
`make preview` builds it with SITEURL set to the preview's own address (tasks.py), so its
pages load their CSS locally; `make publish` and `make production` use the one below.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", SITE_PUBLIC_URL).rstrip("/")  # noqa: F405 (content/site.md)
RELATIVE_URLS = False
OUTPUT_PATH = "public"  # relative to this file (Pelican resolves it so)
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
# Where `invoke publish` uploads the site (rsync destination), e.g. user@host:/var/www/site/
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "")
