"""Everything the project relies on in Pelican that Pelican does not offer publicly.

Each private name, copied body or internal format is reached only through this module, with
the reason next to its use; tests/test_pelican_adapter.py fails, naming the function below to
revisit, when the installed Pelican no longer has what that function relies on. Written
against Pelican 4.12.
"""

from __future__ import annotations

import gzip
import logging
import os
import pickle
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from pelican.contents import Content
from pelican.generators import Generator
from pelican.log import LimitFilter
from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.readers import Readers
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import FileOverwriteFailedError, Writer

CHECKED_AGAINST = "4.12"
# Pelican code copied here: {what: (the function below that copies it, sha256 of its
# ``inspect.getsource`` in Pelican 4.12)}. When one differs, bring the copy in line with the
# new code, then record the new digest.
COPIED = {
    "pelican.writers.Writer.write_file": (
        "write_pages",
        "6a604ad67bbeec997e58ef69a393930c22cf3178a760fdc21d2c42f1871da373",
    ),
    "pelican.writers.Writer._open_w": (
        "claim_output",
        "69700ea0b4668663b0886011eee71e8b4ea9debd376fe2a2fe322c90ec5aee6d",
    ),
}

# -- the writer (plugins/coach_incremental/writer.py) ------------------------------------------

PageWrite = Callable[[dict[str, Any], str], str]


def write_pages(
    writer: Writer,
    name: str,
    context: dict[str, Any],
    *,
    relative_urls: bool,
    paginated: dict[str, Any] | None,
    template_name: str | None,
    url: str | None,
    kwargs: dict[str, Any],
    write: PageWrite,
) -> None:
    """Pelican's ``Writer.write_file`` (pagination, local contexts, ``content_written``), with
    ``write(localcontext, name)`` rendering and writing each page and returning its path.

    Copied: ``write_file`` renders and writes in one private closure; a page the render cache
    keeps from the last output must not be written at all, and Pelican has no hook for that.
    """

    def page(localcontext: dict[str, Any], name: str) -> None:
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        path = write(localcontext, name)
        signals.content_written.send(path, context=localcontext)

    def local(name: str, extra: dict[str, Any]) -> dict[str, Any]:
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(extra)
        return localcontext

    settings = writer.settings
    if paginated is None:
        paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
    if not (paginated and template_name in settings["PAGINATED_TEMPLATES"]):
        page(local(name, kwargs), name)
        return
    per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
    paginators = {
        key: Paginator(name, url, val, settings, per_page) for key, val in paginated.items()
    }
    for page_num in range(next(iter(paginators.values())).num_pages):
        paginated_kwargs = kwargs.copy()
        for key, paginator in paginators.items():
            previous_page = paginator.page(page_num) if page_num > 0 else None
            current = paginator.page(page_num + 1)
            next_page = paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
            paginated_kwargs.update(
                {
                    f"{key}_paginator": paginator,
                    f"{key}_page": current,
                    f"{key}_previous_page": previous_page,
                    f"{key}_next_page": next_page,
                }
            )
        page(local(current.save_as, paginated_kwargs), current.save_as)


def open_output(writer: Writer, path: str, override: bool) -> IO[str]:
    """The file ``path`` opened for writing, as Pelican's writer opens its own.

    Private ``_open_w``: the only place that keeps Pelican's rule on two pages written to one
    file (``FileOverwriteFailedError``, ``override_output``), which has no public entry.
    """
    return writer._open_w(path, "utf-8", override=override)


def claim_output(writer: Writer, path: str, override: bool) -> None:
    """Record ``path`` as written by ``writer`` without opening it (a page kept in place).

    Copies the bookkeeping of ``_open_w`` on the private ``_written_files`` and
    ``_overridden_files``: ``_open_w`` would also create or truncate the file.
    """
    if path in writer._overridden_files:
        if override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" a second time (was previously overwritten)'
            )
        return
    if path in writer._written_files and not override:
        raise FileOverwriteFailedError(
            f'Failed to overwrite "{path}" as Pelican has already '
            "written to it previously (set `override=True` if intended)"
        )
    if override:
        writer._overridden_files.add(path)
    writer._written_files.add(path)


# -- content objects (plugins/coach_incremental/digest.py, addresses.py) -----------------------

# Attributes of a content object (and of a paginator) that hold the whole site or its
# settings. Private ``_context``: Pelican keeps the site's context there and has no public
# list of a content object's attributes, so the digest must name it to leave it out.
SITE_ATTRIBUTES = frozenset({"settings", "_context"})
# Private ``_content``: the body as read, before links to other files are resolved; the
# public ``content`` resolves them (for a given site URL).
RAW_BODY = "_content"


def own_state(obj: Any) -> dict[str, Any]:
    """Every attribute of a Pelican object but those holding the whole site.

    ``vars``: Pelican has no public list of what a content object holds (metadata, plugins'
    additions and its private ``_content``/``_summary`` all count for what it renders as).
    """
    return {k: v for k, v in vars(obj).items() if k not in SITE_ATTRIBUTES}


def raw_body(content: Content) -> str | None:
    """The body as read (see ``RAW_BODY``)."""
    return getattr(content, RAW_BODY, None)


def intrasite_link_regex(content: Content) -> re.Pattern[str]:
    """Pelican's pattern of links to other files (``{filename}``, ``{static}``...).

    Private ``_get_intrasite_link_regex``: the pattern around ``INTRASITE_LINK_REGEX`` is
    built only there.
    """
    return content._get_intrasite_link_regex()


RAW_SUMMARY = "_summary"


def set_body(items: Iterable[Content], bodies: Mapping[int, tuple[str, str | None]]) -> None:
    """Give each of ``items`` a new body as read (and summary, unless None): ``bodies`` by
    ``id(item)``.

    Private ``_content``/``_summary``: Pelican has no setter for a body once read (a plugin
    adding a block to a post must change what ``content`` renders). Pelican's ``memoized``
    keeps the rendered ``content``/``summary`` per object in the decorator's private
    ``cache``: the new body's entries are dropped so the next access renders it.
    """
    changed = set()
    for item in items:
        found = bodies.get(id(item))
        if found is None:
            continue
        body, summary = found
        setattr(item, RAW_BODY, body)
        if summary is not None:  # the public metadata, and the private copy Pelican's
            # refresh_metadata_intersite_links writes back over it when present
            item.metadata["summary"] = summary
            setattr(item, RAW_SUMMARY, summary)
        changed.add(id(item))
    _forget_rendered(changed)


def _forget_rendered(changed: set[int]) -> None:
    """Drop the rendered ``content``/``summary`` Pelican's ``memoized`` keeps (in the
    decorator's private ``cache``) for the objects whose ids are ``changed``."""
    for memo in (Content.get_content, Content.get_summary):
        cache = memo.cache
        for key in [k for k in cache if k and id(k[0]) in changed]:
            del cache[key]


# Set on a post by the generator after it is read (``process_translations``): not the post's.
SET_AFTER_READING = frozenset({"translations"})


def take_body(kept: Content, fresh: Content) -> None:
    """``kept`` (a post of the dev server's last build, which lists and other posts point
    to) takes the state of ``fresh``, the same post read again: its body, summary and what
    plugins worked out from them; what whole-site handlers set on ``kept`` (its neighbours,
    its card) stays. Its rendered body is forgotten, as in ``set_body``."""
    state = {k: v for k, v in vars(fresh).items() if k not in SET_AFTER_READING}
    vars(kept).update(state)
    _forget_rendered({id(kept)})


def links_resolved(content: Content, html: str, siteurl: str) -> str:
    """``html`` (a fragment of ``content``, such as its summary) with its ``{filename}``
    links resolved against ``siteurl``.

    Private ``_update_content``: Pelican resolves links only inside ``content``/``summary``,
    relative to the page being written; an email needs them absolute at once.
    """
    return content._update_content(html, siteurl)


# ``Content.url`` as Pelican defines it, taken before anything replaces it.
PELICAN_URL: property = Content.__dict__["url"]


def pelican_url(content: Content) -> str:
    """``content.url`` computed by Pelican."""
    return PELICAN_URL.fget(content)  # type: ignore[misc]


def replace_content_url(getter: Callable[[Content], str]) -> None:
    """Make ``Content.url`` answer through ``getter`` until :func:`restore_content_url`.

    A replaced class attribute: Pelican recomputes ``url`` on every access and has no hook
    to remember it, and content objects are made by Pelican's generators, not ours.
    """
    Content.url = property(getter, doc=PELICAN_URL.__doc__)  # type: ignore[method-assign,assignment]


def restore_content_url() -> None:
    """Put Pelican's own ``Content.url`` back."""
    if Content.__dict__.get("url") is not PELICAN_URL:
        Content.url = PELICAN_URL  # type: ignore[method-assign]


# -- the reader cache (coachsite/parallel_read.py, read_pool.py) -------------------------------
#
# With ``CONTENT_CACHING_LAYER = "reader"``, ``Readers.read_file`` keeps per source file
# ``(stamp, (content, reader metadata))`` in ``CACHE_PATH/<generator class>-Readers``: a pickled
# dict keyed on the absolute source path, gzipped when ``GZIP_CACHE``. Pelican offers no way
# to add entries read elsewhere: ``cache_data`` stamps a file when it is cached (after the
# read, so an edit made during it would pass for read), and ``save_cache`` rewrites the file
# in place (a crash leaves half a file) at gzip's slowest level.


def reader_cache_file(settings: Mapping[str, Any], generator: str) -> Path:
    """The reader cache of the generator class named ``generator`` (``CachingGenerator``
    names it, privately, ``<class name>-Readers``)."""
    return Path(settings["CACHE_PATH"]) / f"{generator}-Readers"


def file_stamp(readers: Readers, path: str) -> Any:
    """The stamp Pelican's cache compares for ``path`` (``CHECK_MODIFIED_METHOD``; "" when it
    cannot tell). Private ``_get_file_stamp``: stamping is public only inside ``cache_data``."""
    return readers._get_file_stamp(path)


def reader_cache_entry(stamp: Any, content: str, metadata: dict[str, Any]) -> Any:
    """The entry ``Readers.read_file`` caches for what ``reader.read(path)`` returned.

    Private ``_filter_discardable_metadata``: it drops the values metadata processors mark
    as discardable, as ``read_file`` does before caching; the mark itself is private too.
    """
    from pelican.readers import _filter_discardable_metadata

    return stamp, (content, _filter_discardable_metadata(metadata))


def load_reader_cache(cache_file: Path, gzipped: bool) -> dict[str, Any]:
    """The entries of a reader cache file ({} when missing or unreadable: Pelican too then
    starts afresh)."""
    opener: Any = gzip.open if gzipped else open
    try:
        with opener(cache_file, "rb") as handle:
            cache = pickle.load(handle)
    except Exception:
        return {}
    return cache if isinstance(cache, dict) else {}


def save_reader_cache(
    cache_file: Path, entries: dict[str, Any], gzipped: bool, temporary: Path
) -> None:
    """Replace ``cache_file`` by ``entries`` atomically (through ``temporary``)."""
    # Pelican rewrites the file (compressed) once it has read everything: stored unpacked,
    # it is quicker to write here and to read there (a 5,000-post cache: 0.08 s + 0.15 s
    # against 0.21 s + 0.24 s at compresslevel 1).
    with gzip.open(temporary, "wb", compresslevel=0) if gzipped else open(temporary, "wb") as out:
        pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache_file)


class _FileFinder(Generator):
    """A generator for ``get_files`` only (the base ``__init__`` is skipped on purpose)."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        self.path = settings["PATH"]


def release_reader_cache(generator: Any) -> None:
    """Let go of ``generator``'s reader cache once Pelican has saved it (Pelican saves it
    just before ``article_generator_finalized``/``page_generator_finalized``): otherwise every
    body read stays in memory a second time until the build ends.

    Private ``_cache`` and ``_cache_data_policy`` of ``FileDataCacher`` (which ``Readers``
    is): Pelican has no way to close a cache after saving it. With the policy off, nothing
    later can save the emptied cache over the saved one.
    """
    readers = getattr(generator, "readers", None)
    if isinstance(getattr(readers, "_cache", None), dict):
        readers._cache_data_policy = False
        readers._cache = {}


def source_files(
    settings: Mapping[str, Any], paths: Iterable[str], exclude: Iterable[str], extensions: list[str]
) -> set[str]:
    """What ``Generator.get_files(paths, exclude, extensions)`` finds, relative to ``PATH``.

    ``get_files`` is public, but a generator's ``__init__`` makes readers (sending
    ``readers_init``) and a template environment, before Pelican runs: this one is given
    only the ``path`` and ``settings`` that ``get_files`` reads.
    """
    return _FileFinder(settings).get_files(
        list(paths), exclude=list(exclude), extensions=extensions
    )


def count_repeated_messages() -> None:
    """Let every message at INFO or above through Pelican's de-duplicating log filter.

    Public: ``LOGS_DEDUP_MIN_LEVEL`` is what ``--logs-dedup-min-level`` sets (through
    ``pelican.log.init``); a message above it is never dropped. Here because a worker must
    see a warning it (or the process it was forked from) has already logged.
    """
    LimitFilter.LOGS_DEDUP_MIN_LEVEL = logging.DEBUG
