"""What a template reads while it renders one page.

Three hooks on each Jinja environment Pelican makes (installed by ``track``):

- the context class records the page's top-level names a template resolves (``article``,
  ``articles_page``, ``SITENAME``...), when the value it got is the page's own;
- ``getattr``/``getitem`` record each attribute of a content object that is read
  (``post.title`` in a loop, ``|map(attribute="url")``);
- the project's and Pelican's filters and globals record the content objects handed to them,
  as read whole (``jsonld_blog_posting(article)`` reads the article in Python), or only the
  attributes a helper declares in ``incremental_reads``. Such helpers read only the content
  they are given, not the posts it links to.

A page's output is a function of those names, those attributes, those content objects and
the build's settings and templates; plugins/coach_incremental/memo.py keys its cache on that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from jinja2.runtime import Context
from pelican.contents import Content
from pelican.paginator import Page

MISSING = object()
WHOLE = "*"  # a content object read whole (by Python code), not one attribute


class Recorder:
    """Names and content objects read while rendering one page."""

    def __init__(self, localcontext: dict[str, Any], covered: dict[str, Any]) -> None:
        self.localcontext = localcontext
        self.covered = covered  # settings: in the build's digest already
        self.names: set[str] = set()
        self.contents: set[tuple[str, str]] = set()  # (source path, attribute or WHOLE)
        self.tracked = False  # set once a tracking context resolved anything

    def name(self, key: str, value: Any) -> None:
        self.tracked = True
        if self.covered.get(key, MISSING) is value:
            return
        if self.localcontext.get(key, MISSING) is value:
            self.names.add(key)

    def argument(self, value: Any, reads: tuple[str, ...] = (WHOLE,)) -> None:
        """A value handed to Python code: content in it (one level down) is read there, whole
        or only the attributes the function declares (``incremental_reads``)."""
        if isinstance(value, Content):
            self.contents.update((value.source_path, name) for name in reads)
        elif isinstance(value, Page):
            self.argument(value.object_list, reads)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, Content):
                    self.contents.update((item.source_path, name) for name in reads)


CURRENT: list[Recorder] = []  # the page being rendered (a stack: renders do not nest)


class TrackingContext(Context):
    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        if CURRENT:
            CURRENT[-1].name(key, value)
        return value


def _tracked_access(original: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def access(obj: Any, attribute: Any) -> Any:
        if CURRENT and isinstance(obj, Content):
            CURRENT[-1].contents.add((obj.source_path, str(attribute)))
        return original(obj, attribute)

    return access


def _tracked_call(function: Callable[..., Any]) -> Callable[..., Any]:
    reads = tuple(getattr(function, "incremental_reads", (WHOLE,)))

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if CURRENT:
            recorder = CURRENT[-1]
            for value in (*args, *kwargs.values()):
                recorder.argument(value, reads)
        return function(*args, **kwargs)

    return call


def _outside_jinja(function: Any) -> bool:
    module = getattr(function, "__module__", None) or ""
    return callable(function) and not module.startswith("jinja2")


def track(env: Environment) -> None:
    """Install the hooks on one environment (once)."""
    if getattr(env, "_incremental_tracking", False):
        return
    env.context_class = TrackingContext
    env.getattr = _tracked_access(env.getattr)  # type: ignore[method-assign]
    env.getitem = _tracked_access(env.getitem)  # type: ignore[method-assign]
    for table in (env.filters, env.globals):
        for name, function in list(table.items()):
            if _outside_jinja(function):
                table[name] = _tracked_call(function)
    env._incremental_tracking = True  # type: ignore[attr-defined]
