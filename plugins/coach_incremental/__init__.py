"""Incremental rendering: pages whose inputs did not change are not rendered again.

Active when the build says where the last good output is (``INCREMENTAL_PREVIOUS_OUTPUT``,
set by coachsite/build.py, which builds into a staging folder); ``INCREMENTAL = False``
turns it off. How a page's inputs are found: tracking.py; the cache itself: memo.py.
"""

from __future__ import annotations

import hashlib
import logging
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.writers import Writer

from coach_incremental import addresses
from coach_incremental.digest import ContentDigests, Encoder
from coach_incremental.memo import RenderMemo
from coach_incremental.tracking import track
from coach_incremental.writer import writer_class
from coachsite import delta as output_delta
from coachsite.parallel_read import READ_POOL_EXTRAS

log = logging.getLogger(__name__)
RECORDS = "render-memo.pickle"
# Settings that name this build's own folders or caching, not anything a page shows.
VOLATILE_SETTINGS = frozenset(
    {
        "OUTPUT_PATH",
        "CACHE_PATH",
        "INCREMENTAL_PREVIOUS_OUTPUT",
        "LOAD_CONTENT_CACHE",
        output_delta.SETTING,
        READ_POOL_EXTRAS,
    }
)
# Not in the build digest either: what the date selects is in the keys instead (the special
# running, the posts published, the year a footer shows: ``tracking.READ_IN_PART``), so a day
# that changes none of it re-renders nothing.
DATED_SETTINGS = frozenset({"SITE_DATE"})
UNCOVERED = VOLATILE_SETTINGS | DATED_SETTINGS


def _enabled(settings: dict[str, Any]) -> bool:
    return bool(settings.get("INCREMENTAL", True) and settings.get("INCREMENTAL_PREVIOUS_OUTPUT"))


def build_digest(settings: dict[str, Any], theme: str) -> str:
    """Settings (but the date), templates and library versions: what every page depends on."""
    digest = hashlib.blake2b(digest_size=16)
    for package in ("pelican", "jinja2", "markupsafe"):
        digest.update(f"{package}={version(package)}\n".encode())
    shown = {k: v for k, v in settings.items() if k not in UNCOVERED}
    digest.update(Encoder(lenient=True).encode(shown).encode())
    folders = [Path(theme) / "templates"]
    folders += [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", ())]
    import pelican

    folders.append(Path(pelican.__file__).parent / "themes" / "simple" / "templates")
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(f"{path}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


class Engine:
    """The incremental build's state for one build at a time; its methods are the plugin's
    signal handlers. One per process (``ENGINE``): Pelican registers plugins again for every
    build, and connecting the same bound methods twice is connecting them once."""

    def __init__(self) -> None:
        self.contents: list[Any] = []
        self.memo: RenderMemo | None = None
        # Of the last build in this process (tests, benchmarks): pages rendered, reused, and
        # reused-or-not after comparing their content digests one by one ("compared").
        self.last_stats: dict[str, int] = {}

    def start(self, pelican: Any) -> None:
        addresses.stop()
        self.last_stats.clear()
        self.contents.clear()
        self.memo = None

    def on_generator(self, generator: Any) -> None:
        if _enabled(generator.settings) and hasattr(generator, "env"):
            track(generator.env)

    def on_content(self, content: Any) -> None:
        self.contents.append(content)

    def provide_writer(self, pelican: Any) -> type[Writer] | None:
        settings = pelican.settings
        if not _enabled(settings):
            return None
        self.memo = RenderMemo(
            Path(settings["CACHE_PATH"]) / RECORDS,
            Path(settings["INCREMENTAL_PREVIOUS_OUTPUT"]),
            build_digest(settings, pelican.theme),
            ContentDigests(self.contents),
            covered={k: v for k, v in settings.items() if k not in UNCOVERED},
            # pages are reused only where the build keeps files of the last output
            load=bool(settings.get("LOAD_CONTENT_CACHE", True))
            and output_delta.of(settings) is not None,
        )
        addresses.start()  # content is final: each address is worked out once from here on
        return writer_class(self.memo)

    def finish(self, pelican: Any) -> None:
        addresses.stop()
        memo, self.memo = self.memo, None
        if memo is not None:
            memo.save()
            self.last_stats.update(
                rendered=memo.rendered, reused=memo.reused, compared=memo.compared
            )
            log.info("incremental: %d pages rendered, %d unchanged", memo.rendered, memo.reused)
        self.contents.clear()


ENGINE = Engine()
LAST_STATS = ENGINE.last_stats  # the same dict, by its old name


def register() -> None:
    signals.initialized.connect(ENGINE.start)
    signals.generator_init.connect(ENGINE.on_generator)
    signals.content_object_init.connect(ENGINE.on_content)
    signals.get_writer.connect(ENGINE.provide_writer)
    signals.finalized.connect(ENGINE.finish)
