"""What coachsite/pelican_adapter.py relies on is still in the installed Pelican.

Each test checks one thing the adapter takes from Pelican beyond its public interface (a
private name, a copied body, the reader cache's format) and, when it fails, says what changed
and which adapter function to revisit.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import importlib
import inspect
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from pelican.cache import FileStampDataCacher
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator, Generator
from pelican.log import LimitFilter, LimitLogger
from pelican.plugins import signals
from pelican.readers import MarkdownReader, Readers
from pelican.settings import DEFAULT_CONFIG, read_settings
from pelican.writers import FileOverwriteFailedError, Writer

from coachsite import pelican_adapter as adapter

ROOT = Path(__file__).resolve().parents[1]
REVISIT = "revisit coachsite.pelican_adapter."
# What a Pelican 4.12 article with a title and a date holds besides them.
ARTICLE_ATTRIBUTES = {
    "_content",
    "_context",
    "_status",
    "date_format",
    "in_default_lang",
    "lang",
    "locale_date",
    "metadata",
    "relative_source_path",
    "settings",
    "slug",
    "source_path",
    "template",
    "timezone",
    "translations",
}


def _resolve(dotted: str) -> Any:
    module, cls, name = dotted.rsplit(".", 2)
    owner = getattr(importlib.import_module(module), cls, None)
    assert owner is not None, f"Pelican has no {module}.{cls} any more"
    return getattr(owner, name, None)


@pytest.mark.parametrize("dotted", sorted(adapter.COPIED))
def test_copied_bodies_match_the_installed_pelican(dotted: str) -> None:
    function_name, recorded = adapter.COPIED[dotted]
    original = _resolve(dotted)
    where = f"{REVISIT}{function_name}, which copies it"
    assert original is not None, f"Pelican has no {dotted} any more: {where}"
    found = hashlib.sha256(inspect.getsource(original).encode()).hexdigest()
    assert found == recorded, (
        f"Pelican's {dotted} changed since {adapter.CHECKED_AGAINST} (sha256 {found}): "
        f"{where}; bring the copy in line, then record the new digest in COPIED"
    )


# -- the writer -------------------------------------------------------------------------------


def test_the_writer_keeps_its_bookkeeping_where_claim_output_looks(tmp_path: Path) -> None:
    writer = Writer(str(tmp_path), settings={})
    for name in ("_written_files", "_overridden_files"):
        assert isinstance(getattr(writer, name, None), set), (
            f"Pelican's Writer has no set {name} any more: {REVISIT}claim_output"
        )
    parameters = list(inspect.signature(Writer._open_w).parameters)
    assert parameters == ["self", "filename", "encoding", "override"], (
        f"Writer._open_w now takes {parameters}: {REVISIT}open_output"
    )
    # A page claimed (kept) and then written by Pelican's rule clash as two writes would.
    kept, written = str(tmp_path / "kept.html"), str(tmp_path / "written.html")
    adapter.claim_output(writer, kept, override=False)
    with pytest.raises(FileOverwriteFailedError):
        adapter.open_output(writer, kept, override=False)
    with adapter.open_output(writer, written, override=False) as handle:
        handle.write("x")
    with pytest.raises(FileOverwriteFailedError):
        adapter.claim_output(writer, written, override=False)
    assert not Path(kept).exists(), "claim_output must not create the file"


# -- content objects --------------------------------------------------------------------------


def _article(body: str, context: dict[str, Any] | None = None) -> Article:
    """Pelican's own article: plugins registered by earlier builds in this process do not see
    it (their ``content_object_init`` receivers would add attributes)."""
    settings = copy.deepcopy(DEFAULT_CONFIG)
    metadata = {"title": "T", "date": dt.datetime(2026, 4, 1)}
    with signals.content_object_init.muted():
        return Article(
            body, metadata=metadata, settings=settings, source_path="/c/a.md", context=context
        )


def test_content_objects_hold_what_own_state_and_raw_body_expect() -> None:
    context: dict[str, Any] = {"site": "whole"}
    body = '<p><a href="{filename}other.md">o</a></p>'
    article = _article(body, context)
    found = set(vars(article)) - {"title", "date"}
    assert found == ARTICLE_ATTRIBUTES, (
        f"Pelican's content objects now also hold {sorted(found - ARTICLE_ATTRIBUTES)} and no "
        f"longer {sorted(ARTICLE_ATTRIBUTES - found)}: {REVISIT}own_state (SITE_ATTRIBUTES must "
        "name every attribute that holds the whole site) and raw_body (RAW_BODY)"
    )
    assert vars(article).get("_context") is context, (
        f"Content._context no longer holds the site's context: {REVISIT}SITE_ATTRIBUTES"
    )
    assert adapter.raw_body(article) == body, (
        f"Content._content no longer holds the body as read: {REVISIT}raw_body (RAW_BODY)"
    )
    assert not adapter.SITE_ATTRIBUTES & set(adapter.own_state(article))


def test_a_new_body_is_what_content_and_summary_render_next() -> None:
    article = _article("<p>old body</p>")
    assert article.content == "<p>old body</p>"  # memoized by Pelican from here on
    assert callable(getattr(Content, "_update_content", None)), (
        f"Pelican's Content has no _update_content any more: {REVISIT}links_resolved"
    )
    assert isinstance(getattr(Content.get_content, "cache", None), dict), (
        f"Pelican's memoized Content.get_content keeps no .cache dict any more: {REVISIT}set_body"
    )
    other = _article("<p>other</p>")
    adapter.set_body([article, other], {id(article): ("<p>new body</p>", "<p>new sum</p>")})
    assert article.content == "<p>new body</p>", f"set_body was not rendered: {REVISIT}set_body"
    assert article.summary == "<p>new sum</p>", f"set_body's summary: {REVISIT}set_body"
    assert other.content == "<p>other</p>"


def test_links_in_a_fragment_resolve_against_the_site() -> None:
    target = _article("<p>t</p>")
    target.override_url = "posts/target/"  # type: ignore[attr-defined]
    article = _article("", {"generated_content": {"t.md": target}, "static_content": {}})
    article.settings["SITEURL"] = "https://coach.example"
    resolved = adapter.links_resolved(
        article, '<a href="{filename}/t.md">t</a>', "https://s.example"
    )
    assert resolved == '<a href="https://s.example/posts/target/">t</a>', (
        f"Content._update_content no longer resolves links as before: {REVISIT}links_resolved"
    )


def test_content_objects_still_build_their_link_pattern() -> None:
    article = _article("")
    assert callable(getattr(Content, "_get_intrasite_link_regex", None)), (
        f"Pelican's Content has no _get_intrasite_link_regex any more: {REVISIT}"
        "intrasite_link_regex"
    )
    match = adapter.intrasite_link_regex(article).search('<a href="{filename}other.md">')
    assert match is not None and match.group("what") == "filename", (
        f"Content._get_intrasite_link_regex no longer finds {{filename}} links: {REVISIT}"
        "intrasite_link_regex"
    )
    assert adapter.intrasite_link_regex(article).search("<p>no link</p>") is None


def test_content_url_is_a_property_that_can_be_replaced_and_restored() -> None:
    assert isinstance(Content.__dict__.get("url"), property), (
        f"Content.url is no longer a property of Content: {REVISIT}replace_content_url"
    )
    assert adapter.PELICAN_URL is Content.__dict__["url"], (
        "Content.url was left replaced by an earlier test or build"
    )
    article = _article("")
    before = article.url
    assert adapter.pelican_url(article) == before
    adapter.replace_content_url(lambda content: "kept/address/")
    try:
        assert article.url == "kept/address/"
    finally:
        adapter.restore_content_url()
    assert Content.__dict__["url"] is adapter.PELICAN_URL and article.url == before


def test_addresses_replace_content_url_only_between_start_and_stop() -> None:
    """In a fresh process: importing the plugin changes nothing."""
    script = (
        "from pelican.contents import Content\n"
        "own = Content.__dict__['url']\n"
        "from coach_incremental import addresses\n"
        "assert Content.__dict__['url'] is own, 'replaced at import'\n"
        "addresses.start()\n"
        "assert Content.__dict__['url'] is not own, 'not replaced by start()'\n"
        "addresses.stop()\n"
        "assert Content.__dict__['url'] is own, 'not restored by stop()'\n"
    )
    path = os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


# -- the reader cache -------------------------------------------------------------------------


def _settings(tmp_path: Path, gzipped: bool = False) -> dict[str, Any]:
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    return read_settings(
        None,
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "CACHE_PATH": str(tmp_path / "cache"),
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "CONTENT_CACHING_LAYER": "reader",
            "GZIP_CACHE": gzipped,
        },
    )


def _post(settings: dict[str, Any], name: str = "a.md", title: str = "From the file") -> str:
    path = Path(settings["PATH"]) / name
    path.write_text(f"Title: {title}\nDate: 2026-04-01\n\nBody.\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("gzipped", [False, True])
def test_pelican_reads_the_entries_the_pool_writes(tmp_path: Path, gzipped: bool) -> None:
    settings = _settings(tmp_path, gzipped)
    path = _post(settings)
    stamp = adapter.file_stamp(Readers(settings), path)
    entry = adapter.reader_cache_entry(stamp, "<p>From the cache.</p>", {"title": "Cached"})
    cache_file = adapter.reader_cache_file(settings, "ArticlesGenerator")
    cache_file.parent.mkdir(parents=True)
    adapter.save_reader_cache(cache_file, {path: entry}, gzipped, tmp_path / "partial")

    generator = ArticlesGenerator(
        context={},
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
    article = generator.readers.read_file(settings["PATH"], "a.md", content_class=Article)
    assert article.title == "Cached" and article.content == "<p>From the cache.</p>", (
        "Pelican's ArticlesGenerator did not take the entry written by save_reader_cache: "
        f"{REVISIT}reader_cache_file, reader_cache_entry, save_reader_cache and file_stamp "
        "(the cache's name, shape, format and stamps)"
    )


@pytest.mark.parametrize("gzipped", [False, True])
def test_the_pool_reads_the_entries_pelican_writes(tmp_path: Path, gzipped: bool) -> None:
    settings = _settings(tmp_path, gzipped)
    path = _post(settings)
    readers = Readers(settings, "ArticlesGenerator-Readers")
    readers.read_file(settings["PATH"], "a.md", content_class=Article)
    readers.save_cache()

    cache = adapter.load_reader_cache(
        adapter.reader_cache_file(settings, "ArticlesGenerator"), gzipped
    )
    content, metadata = MarkdownReader(settings).read(path)
    expected = adapter.reader_cache_entry(adapter.file_stamp(readers, path), content, metadata)
    assert cache.get(path) == expected, (
        f"Pelican's reader cache entries are no longer {expected!r}-shaped: {REVISIT}"
        "reader_cache_entry and load_reader_cache"
    )


def test_file_stamps_are_what_the_cache_compares(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    path = _post(settings)
    stamper = getattr(FileStampDataCacher, "_get_file_stamp", None)
    assert callable(stamper), (
        f"Pelican's cacher has no _get_file_stamp any more: {REVISIT}file_stamp"
    )
    parameters = list(inspect.signature(stamper).parameters)
    assert parameters == ["self", "filename"], (
        f"_get_file_stamp now takes {parameters}: {REVISIT}file_stamp"
    )
    readers = Readers(settings)
    assert adapter.file_stamp(readers, path) == os.path.getmtime(path), (
        f"_get_file_stamp no longer gives the mtime (CHECK_MODIFIED_METHOD): {REVISIT}file_stamp"
    )
    assert adapter.file_stamp(readers, str(tmp_path / "missing.md")) == "", (
        f'_get_file_stamp no longer answers "" for a file it cannot stamp: {REVISIT}file_stamp '
        "and coachsite/read_pool.py, which leaves such files to Pelican"
    )


def test_discardable_metadata_is_still_dropped_the_private_way() -> None:
    import pelican.readers

    for name in ("_filter_discardable_metadata", "_DISCARD"):
        assert hasattr(pelican.readers, name), (
            f"pelican.readers has no {name} any more: {REVISIT}reader_cache_entry"
        )
    entry = adapter.reader_cache_entry(1.0, "<p/>", {"a": 1, "b": pelican.readers._DISCARD})
    assert entry == (1.0, ("<p/>", {"a": 1})), (
        f"discardable metadata kept: {REVISIT}reader_cache_entry"
    )


def test_source_files_finds_what_a_real_generator_finds(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    content = Path(settings["PATH"])
    for name in (
        "articles/a.md",
        "articles/b.markdown",
        "articles/c.html",
        "articles/.hidden.md",
        "articles/drafts/d.md",
        "articles/deep/e.md",
        "elsewhere/f.md",
        "single.md",
    ):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("Title: x\n\nx\n", encoding="utf-8")
    (content / "articles" / "linked").symlink_to(content / "elsewhere")
    paths, exclude = ["articles", "single.md", "missing"], ["articles/drafts"]
    extensions = list(MarkdownReader.file_extensions)

    generator = Generator(
        context={},
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
    expected = generator.get_files(paths, exclude=exclude, extensions=extensions)
    try:
        found = adapter.source_files(settings, paths, exclude, extensions)
    except AttributeError as err:
        pytest.fail(
            f"Generator.get_files now needs more of a generator ({err}): {REVISIT}source_files"
        )
    assert found == expected, (
        f"source_files differs from Generator.get_files: {REVISIT}source_files"
    )
    assert os.path.join("articles", "linked", "f.md") in found and "single.md" in found


# -- the log ----------------------------------------------------------------------------------


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _warn_twice() -> int:
    logger = logging.getLogger(f"pelican.adapter_check.{uuid.uuid4().hex}")
    assert isinstance(logger, LimitLogger), (
        f"Pelican's loggers no longer de-duplicate (LimitLogger): {REVISIT}count_repeated_messages "
        "may be needless"
    )
    count = _Count()
    logger.addHandler(count)
    logger.propagate = False
    message = f"the same warning {uuid.uuid4().hex}"
    logger.warning(message)
    logger.warning(message)
    return len(count.records)


def test_repeated_warnings_reach_the_workers_capture(monkeypatch: pytest.MonkeyPatch) -> None:
    assert hasattr(LimitFilter, "LOGS_DEDUP_MIN_LEVEL"), (
        f"LimitFilter has no LOGS_DEDUP_MIN_LEVEL any more: {REVISIT}count_repeated_messages"
    )
    monkeypatch.setattr(LimitFilter, "LOGS_DEDUP_MIN_LEVEL", logging.WARNING)
    assert _warn_twice() == 1, "Pelican no longer drops a repeated warning (the check is void)"
    adapter.count_repeated_messages()
    assert _warn_twice() == 2, (
        f"a repeated warning is dropped despite LOGS_DEDUP_MIN_LEVEL: {REVISIT}"
        "count_repeated_messages"
    )
