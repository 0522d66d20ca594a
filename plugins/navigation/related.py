"""Related posts: the most shared tags first, then posts of the same category."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Post(Protocol):
    """What ranking needs from an article."""

    date: Any
    category: Any
    tags: Sequence[Any]


def related_posts(post: Post, candidates: Sequence[Post], limit: int = 3) -> list[Post]:
    """Up to ``limit`` other posts ranked by shared tags, filled up from the same category.

    Ties (and the category fill-up) go to the newer post.
    """
    tags = set(getattr(post, "tags", None) or ())
    category = getattr(post, "category", None)
    scored = []
    for other in candidates:
        if other is post:
            continue
        shared = len(tags & set(getattr(other, "tags", None) or ()))
        same_category = category is not None and getattr(other, "category", None) == category
        if shared or same_category:
            scored.append((shared, other))
    scored.sort(key=lambda pair: (pair[0], pair[1].date), reverse=True)
    return [other for _, other in scored[:limit]]
