"""Reading time of an HTML text, in whole minutes."""

from __future__ import annotations

import html
import math
import re

WORDS_PER_MINUTE = 230
TAG = re.compile(r"<[^>]*>")
WORD = re.compile(
    r"\w+(?:['\u2019-]\w+)*"
)  # don't, mid-life: one word (also with a curly apostrophe)


def word_count(fragment: str) -> int:
    """Words in an HTML fragment, markup left out."""
    return len(WORD.findall(html.unescape(TAG.sub(" ", fragment))))


def reading_minutes(fragment: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Minutes to read ``fragment``, rounded up, at least one."""
    return max(1, math.ceil(word_count(fragment) / words_per_minute))
