"""Whether a post's date lies after the build date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from coachsite.dates import end_of_day


def is_future(date: dt.datetime, site_date: dt.date, timezone: str) -> bool:
    """True when ``date`` is after the last instant of ``site_date`` in ``timezone``.

    A naive ``date`` is read in ``timezone``.
    """
    if date.tzinfo is None:
        date = date.replace(tzinfo=ZoneInfo(timezone))
    return date > end_of_day(site_date, timezone)
