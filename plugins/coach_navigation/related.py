"""Related posts: the most shared tags first, then posts of the same category.

Ranking every post against every other is quadratic (minutes at 5,000 posts), so an index
from each tag and category to its posts is built once per build; a post then only looks
at posts it shares something with.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, Protocol


class Post(Protocol):
    """What ranking needs from an article."""

    date: Any
    category: Any
    tags: Sequence[Any]


class RelatedIndex:
    """Tag -> posts and category -> posts, over candidates in newest-first order."""

    def __init__(self, newest_first: Sequence[Post]) -> None:
        self.posts = list(newest_first)
        self.position = {id(post): n for n, post in enumerate(self.posts)}
        self.by_tag: dict[Any, list[int]] = defaultdict(list)
        self.by_category: dict[Any, list[int]] = defaultdict(list)
        for n, post in enumerate(self.posts):
            for tag in set(getattr(post, "tags", None) or ()):
                self.by_tag[tag].append(n)
            category = getattr(post, "category", None)
            if category is not None:
                self.by_category[category].append(n)

    def related(self, post: Post, limit: int = 3) -> list[Post]:
        """Up to ``limit`` other posts by shared tags, filled up from the same category.

        Ties (and the category fill-up) go to the newer post.
        """
        me = self.position.get(id(post))
        shared: Counter[int] = Counter()
        for tag in set(getattr(post, "tags", None) or ()):
            shared.update(self.by_tag.get(tag, ()))
        shared.pop(me, None)
        best = heapq.nsmallest(limit, shared.items(), key=lambda item: (-item[1], item[0]))
        chosen = [n for n, _ in best]
        category = getattr(post, "category", None)
        if len(chosen) < limit and category is not None:
            for n in self.by_category.get(category, ()):
                if n != me and n not in shared:
                    chosen.append(n)
                    if len(chosen) == limit:
                        break
        return [self.posts[n] for n in chosen]


def related_posts(post: Post, candidates: Sequence[Post], limit: int = 3) -> list[Post]:
    """Related posts of one post among ``candidates`` (newest first); see RelatedIndex."""
    ordered = sorted(candidates, key=lambda other: other.date, reverse=True)
    return RelatedIndex(ordered).related(post, limit)
