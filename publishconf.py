"""Production settings: absolute URLs; drafts are not published."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://www.midlifecareerstrategy.com").rstrip("/")
RELATIVE_URLS = False
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_LANG_SAVE_AS = ""
# Where `invoke publish` uploads the site (rsync destination), e.g. user@host:/var/www/site/
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "")
