"""Specials and front-matter fields made in code, for the validation tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach_consult.model import Special, topic_keys
from coachsite.content_check import MetaField


def field(key: str, value: str, line: int = 2) -> MetaField:
    return MetaField(key, value, line)


def special(month: str, start: str, end: str, topics: str = "", path: str | None = None) -> Special:
    return Special(
        month=month,
        title=f"{month} special",
        offer="An offer.",
        valid_from=dt.date.fromisoformat(start),
        valid_until=dt.date.fromisoformat(end),
        topics=topic_keys(topics.split(",")),
        source_path=Path(path or f"content/specials/{month}.md"),
    )
