"""``make serve``'s quick look: a saved post's own page, before the site is built again.

The dev server keeps the last good build's generators (their context, templates and readers)
in its process. When the one file saved since that build is a published post and its front
matter is as it was, only its body changed: the post is read again, handed to the plugins
that shape a body (``REREAD``, in the order of their ``article_generator_finalized``
handlers), put in place of the kept post's body, and its page is rendered with Pelican's own
``generate_articles`` and ``Writer`` into ``output/``. The browser reloads on that page at
once; the whole site is then built as always (coachsite/build.py), which writes the same
page again along with everything else the edit changes (lists, feeds, search), and the
browser reloads a second time. Anything else (a new or removed file, a title, tag or date,
a template, two files) is left to the build alone.

The preview never decides what the site holds: the build after it does, from the files.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import blinker

from coachsite import pelican_adapter as adapter

log = logging.getLogger(__name__)
# Sent with the generator and one post read again, for the plugins that change a post's body
# at ``article_generator_finalized`` to do the same to this one post.
REREAD = blinker.signal("coach-preview-reread")
Stamps = dict[str, tuple[int, int]]


def _editors(name: str) -> bool:
    """An editor's or Python's file beside the coach's: hidden, backup, swap, bytecode."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".pyc"))


def stamps(folders: Iterable[Path]) -> Stamps:
    """Size and modification time of every file under ``folders`` (files: themselves), but
    an editor's files (``_editors``): vim's swap file is no second saved file."""
    found: Stamps = {}
    for folder in folders:
        if folder.is_file():
            paths: list[str] = [str(folder)]
        else:
            paths = []
            for root, dirs, names in os.walk(folder, followlinks=True):
                dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
                paths += (os.path.join(root, n) for n in names if not _editors(n))
        for path in paths:
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found[os.path.abspath(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


def changed(before: Stamps, now: Stamps) -> set[str]:
    """Files added, removed or changed between two ``stamps``."""
    return {p for p in before.keys() | now.keys() if before.get(p) != now.get(p)}


class KeptSite:
    """The last good build's generators, and the files as they were when it started."""

    def __init__(self, watched: Iterable[Path], output: Path) -> None:
        self.watched = list(watched)
        self.output = output
        self.generators: list[Any] = []
        self.before: Stamps = {}
        self._building: list[Any] = []
        self._metadata: dict[str, dict[str, Any]] = {}  # source path -> front matter as read
        self._reading: dict[str, dict[str, Any]] = {}
        from pelican import signals

        signals.all_generators_finalized.connect(self._keep)
        signals.content_object_init.connect(self._read)

    def _keep(self, generators: list[Any]) -> None:
        self._building = list(generators)

    def _read(self, content: Any) -> None:
        self._reading[content.source_path] = dict(content.metadata)

    def starting(self) -> Stamps:
        """A build starts: what the files are now (``built`` keeps it if the build succeeds).
        The last build's generators are let go: no preview runs during a build."""
        self.generators, self._metadata = [], {}
        self._building, self._reading = [], {}
        return stamps(self.watched)

    def built(self, files: Stamps, ok: bool) -> None:
        """The build that started with ``files`` ended; only a good one is kept."""
        if ok and self._building:
            self.generators, self.before, self._metadata = self._building, files, self._reading
        else:
            self.generators, self.before = [], {}
        self._building, self._reading = [], {}

    def preview(self) -> str | None:
        """The saved post's page written into the output (its path there), or None when the
        change is not a body edit of one published post (the build shows it)."""
        if not self.generators:
            return None
        saved = changed(self.before, stamps(self.watched))
        if len(saved) != 1:
            return None
        (path,) = saved
        found = self._post(path)
        if found is None:
            return None
        generator, post = found
        try:
            fresh = self._read_again(generator, post)
            if fresh is None:
                return None
            REREAD.send(generator, content=fresh)
            fresh.refresh_metadata_intersite_links()  # as Pelican does after the plugins
        except Exception as err:  # the coach's mistake or a plugin's refusal: the build says it
            log.debug("no preview of %s: %s", path, err)
            return None
        adapter.take_body(post, fresh)
        self.before[path] = stamps([Path(path)]).get(path, (-1, -1))
        return self._write(generator, post)

    def _post(self, path: str) -> tuple[Any, Any] | None:
        for generator in self.generators:
            for post in getattr(generator, "articles", ()):
                if post.source_path == path:
                    return generator, post
        return None

    def _read_again(self, generator: Any, post: Any) -> Any | None:
        from pelican import signals
        from pelican.contents import Article

        fresh = generator.readers.read_file(
            base_path=generator.path,
            path=os.path.relpath(post.source_path, generator.path),
            content_class=Article,
            context=generator.context,
            preread_signal=signals.article_generator_preread,
            preread_sender=generator,
            context_signal=signals.article_generator_context,
            context_sender=generator,
        )
        as_read = self._reading.pop(post.source_path, None)
        if as_read is None or as_read != self._metadata.get(post.source_path):
            return None  # the front matter changed: titles, dates, lists... the build
        return fresh

    def _write(self, generator: Any, post: Any) -> str | None:
        from pelican.writers import Writer

        name = post.save_as
        folder = Path(tempfile.mkdtemp(prefix=".preview-", dir=self.output.parent))
        try:
            writer = Writer(str(folder), settings=generator.settings)
            write = partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"])

            def only_this(path: str, *args: Any, **kwargs: Any) -> None:
                if path == name:
                    write(path, *args, **kwargs)

            generator.generate_articles(only_this)
            page = folder / name
            if not page.is_file():
                return None
            target = self.output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(page, target)  # a new file: the old one may be linked elsewhere
            return name
        finally:
            shutil.rmtree(folder, ignore_errors=True)
