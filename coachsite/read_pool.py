"""The workers' side of coachsite/parallel_read.py: set up as the build, read, merge.

Each worker sets itself up as the build does (``pelican.Pelican(settings)``: plugins and their
``initialized`` handlers; ``pelican.readers.Readers(settings)``: ``readers_init``), reads files
with ``reader.read(path)`` exactly as ``Readers.read_file`` does, and hands back the entries
pickled with its own settings as a reference, so the parent never imports plugin code. What
Pelican's cache holds and where is coachsite/pelican_adapter.py's business.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import os
import pickle
import signal
import typing
from pathlib import Path
from typing import Any

import blinker

SIGNALS = {signal.SIGINT, signal.SIGTERM}
_SETTINGS_ID = "coachsite.parallel_read:settings"
# Sent in a worker for each body it read (sender: the file's path, ``html``: the body as the
# reader made it). A receiver may answer ``(name, key, value)``: the parent gathers them in
# ``Prefill.extras[name][key]``, so work a plugin does per body (reading time) runs on the
# pool's cores too. Receivers connect in their ``register()``, which every worker runs.
BODY_READ = blinker.signal("coach-read-pool-body")


class _Capture(logging.Handler):
    """Remembers that something was logged at WARNING or above (the file is then left to
    Pelican, whose own reading logs it where the build collects it)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        self.errors += record.levelno >= logging.ERROR


class _Worker:
    settings: dict[str, Any] | None = None
    readers: Any = None
    capture: _Capture | None = None
    usable = False
    # receivers' answers to BODY_READ, this batch
    extras: typing.ClassVar[list[tuple[str, str, Any]]] = []


def init_worker(settings: dict[str, Any]) -> None:
    """Set up Pelican, its plugins and its readers in this worker as the build will."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    _die_with_parent()
    capture = _Capture()
    for logger in (logging.getLogger(), logging.getLogger("pelican")):
        for handler in list(logger.handlers):  # a forked worker inherits the parent's
            logger.removeHandler(handler)
        logger.addHandler(capture)
    logging.getLogger("pelican").propagate = False
    logging.getLogger("pelican").setLevel(logging.WARNING)  # as the build's collector does
    _Worker.capture, _Worker.settings = capture, settings
    try:
        from pelican import Pelican, signals
        from pelican.readers import Readers

        from coachsite import pelican_adapter

        # Pelican drops a message it has logged before in this process (whose memory a
        # forked worker inherits). Here every message must count: the main process, reading
        # the file itself, then decides whether the coach sees it.
        pelican_adapter.count_repeated_messages()
        Pelican(settings)  # plugins: registered, `initialized` sent (consult's extension)
        _Worker.readers = Readers(settings)  # `readers_init` sent (guard's reader)
        preread = (signals.article_generator_preread, signals.page_generator_preread)
        # A plugin that failed to load or register is the main build's error to report.
        _Worker.usable = capture.errors == 0 and not any(s.receivers for s in preread)
    except Exception:
        _Worker.usable = False


def _die_with_parent() -> None:
    """Linux: have the kernel end this worker if the process that started it dies (even by
    SIGKILL, which leaves no chance to clean up)."""
    parent = os.getppid()
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)


class _Pickler(pickle.Pickler):
    """Pickles entries with the worker's settings dict as a reference, not a copy per file."""

    def persistent_id(self, obj: Any) -> str | None:
        return _SETTINGS_ID if obj is _Worker.settings else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        if pid != _SETTINGS_ID:
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return _Worker.settings


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _read_one(path: str) -> Any:
    """The entry ``Readers.read_file`` would cache for ``path``, or None to leave the file to
    Pelican."""
    from pelican.readers import MarkdownReader
    from pelican.utils import file_suffix

    from coachsite import pelican_adapter

    readers, capture = _Worker.readers, _Worker.capture
    assert capture is not None
    reader = readers.readers.get(file_suffix(path))
    if not isinstance(reader, MarkdownReader):
        return None
    before = capture.count
    # Stamped before reading: a file saved during the read is found stale next time.
    stamp = pelican_adapter.file_stamp(readers, path)
    try:
        content, metadata = reader.read(path)
    except Exception:
        return None
    if capture.count != before or stamp == "":
        return None
    for _receiver, answer in BODY_READ.send(path, html=content):
        if answer is not None:
            _Worker.extras.append(answer)
    return pelican_adapter.reader_cache_entry(stamp, content, metadata)


def read_batch(
    jobs: list[tuple[str, str]],
) -> tuple[list[tuple[str, bytes, int]], list[str], list[tuple[str, str, Any]]]:
    """Read ``jobs`` ((generator, path) pairs): ([(generator, pickled entries, count)], paths
    left to Pelican, the answers to BODY_READ)."""
    _Worker.extras = []
    entries: dict[str, dict[str, Any]] = {}
    left: list[str] = []
    for kind, path in jobs:
        entry = _read_one(path) if _Worker.usable else None
        if entry is None:
            left.append(path)
        else:
            entries.setdefault(kind, {})[path] = entry
    results = []
    for kind, found in entries.items():
        try:
            blob = _dumps(found)
        except Exception:  # find the entries that will not pickle; Pelican reads those
            for path, entry in list(found.items()):
                try:
                    _dumps(entry)
                except Exception:
                    del found[path]
                    left.append(path)
            blob = _dumps(found)
        results.append((kind, blob, len(found)))
    return results, left, _Worker.extras


def write_cache(cache_file: str, temporary: str, blobs: list[bytes], gzipped: bool) -> None:
    """Merge the entries into ``cache_file``, which is replaced atomically."""
    from coachsite import pelican_adapter

    cache = pelican_adapter.load_reader_cache(Path(cache_file), gzipped)
    for blob in blobs:
        cache.update(_Unpickler(io.BytesIO(blob)).load())
    pelican_adapter.save_reader_cache(Path(cache_file), cache, gzipped, Path(temporary))
