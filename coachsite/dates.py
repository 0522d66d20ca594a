"""The build date: ``SITE_DATE=YYYY-MM-DD`` overrides "today" for a whole build."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from coachsite.errors import CoachError


def site_date(timezone: str, env: Mapping[str, str] = os.environ) -> dt.date:
    """Return ``SITE_DATE`` from the environment, else today in ``timezone``."""
    raw = env.get("SITE_DATE", "").strip()
    if not raw:
        return dt.datetime.now(ZoneInfo(timezone)).date()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CoachError(
            f"SITE_DATE={raw!r} is not a date; write it as YYYY-MM-DD, e.g. SITE_DATE=2026-04-10"
        ) from None


def end_of_day(day: dt.date, timezone: str) -> dt.datetime:
    """The last instant of ``day`` in ``timezone`` (aware)."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=ZoneInfo(timezone))
