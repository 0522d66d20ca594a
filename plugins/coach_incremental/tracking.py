"""What a template reads while it renders one page.

Three hooks on each Jinja environment Pelican makes (installed by ``track``):

- the context class records the page's top-level names a template resolves (``article``,
  ``articles_page``, ``SITENAME``...), when the value it got is the page's own; of the build
  date (``SITE_DATE``), only the attributes the templates read of it (``SITE_DATE.year``),
  so that a new day re-renders only the pages that show something the day changed;
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
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateError
from jinja2.runtime import Context, missing
from pelican.contents import Content
from pelican.paginator import Page

MISSING = object()
WHOLE = "*"  # a content object read whole (by Python code), not one attribute
# Context values templates may read only in part: a page's key holds ``SITE_DATE.year``, not
# the date, when every template reads the date only as ``SITE_DATE.year``.
READ_IN_PART = frozenset({"SITE_DATE"})


class Recorder:
    """Names and content objects read while rendering one page."""

    def __init__(self, localcontext: dict[str, Any], covered: dict[str, Any]) -> None:
        self.localcontext = localcontext
        self.covered = covered  # settings: in the build's digest already
        self.names: set[str] = set()
        self.contents: set[tuple[str, str]] = set()  # (source path, attribute or WHOLE)
        self.tracked = False  # set once a tracking context resolved anything

    def name(self, key: str, value: Any, parts: frozenset[str] | None = None) -> None:
        """``key`` resolved to ``value``; ``parts``: the only attributes read of it (None,
        or none known: read whole)."""
        self.tracked = True
        if self.covered.get(key, MISSING) is value:
            return
        if self.localcontext.get(key, MISSING) is not value:
            return
        if not parts or any(callable(getattr(value, p, None)) for p in parts):
            self.names.add(key)
        else:
            self.names.update(f"{key}.{part}" for part in parts)

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


def value_of(localcontext: Mapping[str, Any], name: str) -> Any:
    """The value a recorded name stands for: ``SITE_DATE.year`` is the date's year."""
    base, dot, part = name.partition(".")
    value = localcontext.get(base)
    return getattr(value, part, None) if dot else value


class TrackingContext(Context):
    def resolve_or_missing(self, key: str) -> Any:
        """How compiled templates look names up (``resolve`` too, in scoped blocks)."""
        value = super().resolve_or_missing(key)
        if CURRENT:
            parts = _parts_read(self.environment, key) if key in READ_IN_PART else None
            CURRENT[-1].name(key, value, parts)
        return value

    def __getitem__(self, key: str) -> Any:
        """How Python code handed the context (``pass_context``) looks names up: whole."""
        value = Context.resolve_or_missing(self, key)
        if value is missing:
            raise KeyError(key)
        if CURRENT:
            CURRENT[-1].name(key, value)
        return value


def _parts_read(env: Environment, key: str) -> frozenset[str] | None:
    """The attributes of ``key`` the environment's templates read (``SITE_DATE.year``), or
    None when one of them uses the value itself (prints it, hands it to a filter...)."""
    known: dict[str, frozenset[str] | None] = env.__dict__.setdefault("_incremental_parts", {})
    if key not in known and env.loader is not None:
        found: set[str] = set()
        try:
            for name in env.list_templates():
                source = env.loader.get_source(env, name)[0]
                if key in source:
                    parts = _parts_in(env, source, key)
                    if parts is None:
                        break
                    found |= parts
            else:
                known[key] = frozenset(found)
        except (TemplateError, TypeError, OSError, UnicodeDecodeError):
            pass
        known.setdefault(key, None)
    return known.get(key)


_PARSED: dict[tuple[Any, ...], frozenset[str] | None] = {}  # by source, name and syntax


def _parts_in(env: Environment, source: str, key: str) -> frozenset[str] | None:
    """Attributes of ``key`` read in one template's ``source``; None if it is used whole."""
    syntax = (env.block_start_string, env.variable_start_string, env.comment_start_string)
    syntax += (env.line_statement_prefix, env.line_comment_prefix, tuple(sorted(env.extensions)))
    cached = (source, key, syntax)
    if cached not in _PARSED:
        if len(_PARSED) > 512:
            _PARSED.clear()
        tree = env.parse(source)
        parts: set[str] | None = set()
        looked_into = set()
        for node in tree.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == key:
                parts.add(node.attr)
                looked_into.add(id(node.node))
        if any(n.name == key and id(n) not in looked_into for n in tree.find_all(nodes.Name)):
            parts = None
        _PARSED[cached] = None if parts is None else frozenset(parts)
    return _PARSED[cached]


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
