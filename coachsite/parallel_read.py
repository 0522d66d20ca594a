"""Read Markdown on every core before a build, by pre-filling Pelican's reader cache (issue 7).

Pelican reads articles and pages one file at a time, and Markdown conversion is the largest
single cost of a cold build. With the reader-level content cache on
(``CONTENT_CACHING_LAYER = "reader"``), Pelican's ``Readers.read_file`` keeps, per source file,
``(stamp, (content, reader_metadata))`` -- what ``reader.read(path)`` returned, its discardable
metadata filtered out -- in ``CACHE_PATH/ArticlesGenerator-Readers`` and
``CACHE_PATH/PagesGenerator-Readers`` (a pickled dict keyed on the absolute source path, gzipped
when ``GZIP_CACHE``; the stamp comes from ``CHECK_MODIFIED_METHOD``). When it finds a fresh entry,
it skips the reader and does the rest (default and path metadata, signals, the content object)
itself, as usual.

:func:`prefill_reader_cache` runs before Pelican. When enough Markdown files may lack a fresh
entry (``PARALLEL_READ_MIN_FILES``, default 50), it reads them in a process pool with one worker
per core and merges the results into those two files; Pelican then finds them fresh. Each worker
sets itself up as the build does: ``pelican.Pelican(settings)`` (plugins registered, their
``initialized`` handlers run: consult's ``[[cta]]`` Markdown extension) and
``pelican.readers.Readers(settings)`` (``readers_init``: guard's escaping reader), then calls
``reader.read(path)`` exactly as ``Readers.read_file`` does. The entries are written by a
worker too, so they hold that worker's settings, as Pelican's own would, and this process never
has to import plugin code to unpickle them.

Left to Pelican's own reading (never cached here), so the coach sees its messages as usual: a
file whose reading raises, or logs anything at WARNING or above, or whose result will not pickle.
Nothing is done when the cache is off or not loaded (``invoke rebuild``), with one core, or when
a plugin listens to the ``*_generator_preread`` signals (they would expect to run before each
read). Which files "may lack a fresh entry" is judged cheaply, without loading the cache: all
of them when the cache file is missing, else those modified since it was written; a file this
misses is read by Pelican, as before. A merge into an existing cache rewrites it, so the more
entries it holds, the more files it takes to start the pool (``FRESH_PER_FILE``).

Any failure of the pool itself falls back to Pelican's reading. Ctrl+C or SIGTERM (turned into
KeyboardInterrupt by the build) terminates the workers and removes any half-written cache file
before the interrupt goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import gzip
import io
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MIN_FILES = 50  # below this, a pool costs more than it saves (PARALLEL_READ_MIN_FILES)
FRESH_PER_FILE = 20  # and one more file to read for every 20 already in the cache
# (generator whose Readers own the cache, its paths setting, its excludes setting)
KINDS = (
    ("ArticlesGenerator", "ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    ("PagesGenerator", "PAGE_PATHS", "PAGE_EXCLUDES"),
)
_SETTINGS_ID = "coachsite.parallel_read:settings"
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass
class Prefill:
    """What :func:`prefill_reader_cache` did (``pool`` is False when it did nothing)."""

    pool: bool = False
    reason: str = ""
    start_method: str = ""
    workers: int = 0
    candidates: int = 0
    cached: int = 0
    left_to_pelican: list[str] = field(default_factory=list)
    seconds: float = 0.0


def prefill_reader_cache(
    settings: Mapping[str, Any],
    *,
    min_files: int | None = None,
    workers: int | None = None,
    start_method: str | None = None,
) -> Prefill:
    """Read, in parallel, the Markdown files Pelican's reader cache may lack; see the module doc.

    ``settings`` are the build's, as they will be given to ``pelican.Pelican`` (CACHE_PATH
    final); they are not changed.
    """
    start = time.perf_counter()
    try:
        report = _prefill(settings, min_files, workers, start_method)
    except Exception as err:  # never worse than Pelican alone: it reads what is missing
        log.debug("parallel read abandoned: %r", err)
        report = Prefill(reason=f"abandoned: {err!r}")
    report.seconds = time.perf_counter() - start
    return report


def _prefill(
    settings: Mapping[str, Any],
    min_files: int | None,
    workers: int | None,
    start_method: str | None,
) -> Prefill:
    report = Prefill()
    if not (
        settings.get("CONTENT_CACHING_LAYER") == "reader"
        and settings.get("CACHE_CONTENT")
        and settings.get("LOAD_CONTENT_CACHE")
    ):
        report.reason = "the reader cache is off or not loaded"
        return report
    if min_files is None:
        min_files = int(settings.get("PARALLEL_READ_MIN_FILES", MIN_FILES))
    jobs, fresh = _candidates(settings)
    report.candidates = len(jobs)
    # Merging rewrites the cache: with 5,000 entries, ~0.35 s more, which ~20 files read in
    # parallel instead of one after the other pay for (1.6 ms saved per file on 2 cores).
    needed = max(min_files, 1) + fresh // FRESH_PER_FILE
    workers = workers or _usable_cpus()
    method = start_method or _start_method()
    if len(jobs) < needed:
        report.reason = f"{len(jobs)} file(s) to read, fewer than {needed}"
    elif workers < 2:
        report.reason = "one core"
    elif method is None:
        report.reason = "no fork or forkserver start method"
    if report.reason:
        return report

    report.pool, report.start_method, report.workers = True, method, workers
    cache_dir = Path(settings["CACHE_PATH"])
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = {
        kind: cache_dir / f".{kind}-Readers.{os.getpid()}.tmp" for kind, _paths, _ex in KINDS
    }
    try:
        with _pool(workers, method, settings) as pool:
            report.cached, report.left_to_pelican = _run(
                pool, workers, jobs, cache_dir, temporary, bool(settings.get("GZIP_CACHE"))
            )
    finally:
        for path in temporary.values():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return report


# -- the parent's side ---------------------------------------------------------------------------


def _candidates(settings: Mapping[str, Any]) -> tuple[list[tuple[str, str]], int]:
    """(generator, absolute path) of each Markdown source whose cache entry may be stale, and
    how many others the cache files already hold (they are rewritten by a merge)."""
    from pelican.readers import MarkdownReader

    extensions = set(MarkdownReader.file_extensions)
    stale: list[tuple[str, str]] = []
    fresh = 0
    for kind, paths_key, excludes_key in KINDS:
        cache_file = Path(settings["CACHE_PATH"]) / f"{kind}-Readers"
        try:
            written = cache_file.stat().st_mtime
        except OSError:
            written = None
        for path in _source_files(settings, settings[paths_key], settings[excludes_key]):
            if os.path.splitext(path)[1][1:] not in extensions:
                continue
            try:
                if written is None or os.stat(path).st_mtime >= written:
                    stale.append((kind, path))
                else:
                    fresh += 1
            except OSError:
                continue  # gone already: Pelican will say so, or not see it
    return stale, fresh


def _source_files(
    settings: Mapping[str, Any], paths: Iterable[str], exclude: Iterable[str]
) -> Iterator[str]:
    """The files ``Generator.get_files(paths, exclude)`` finds, as ``Readers.read_file``'s
    absolute cache keys (Pelican 4.12's walk, without the extension filter)."""
    base = settings["PATH"]
    if isinstance(paths, str):
        paths = [paths]
    excluded: dict[str, set[str]] = {}
    for entry in exclude:
        parent, name = os.path.split(os.path.join(base, entry))
        excluded.setdefault(parent, set()).add(name)
    ignores = settings["IGNORE_FILES"]
    seen: set[str] = set()
    for path in paths:
        root = os.path.join(base, path) if path else base
        found: list[str] = []
        if os.path.isdir(root):
            for dirpath, dirs, files in os.walk(root, topdown=True, followlinks=True):
                skip = excluded.get(dirpath, ())
                dirs[:] = [
                    d for d in dirs if d not in skip and not any(fnmatch(d, i) for i in ignores)
                ]
                relative = os.path.relpath(dirpath, base)
                found += [os.path.join(relative, name) for name in files]
        elif os.path.exists(root):
            found.append(path)
        for name in found:
            if any(fnmatch(os.path.basename(name), i) for i in ignores):
                continue
            key = os.path.abspath(os.path.join(base, name))
            if key not in seen:
                seen.add(key)
                yield key


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _start_method() -> str | None:
    """'fork' (cheapest: workers inherit what is imported) unless other threads are running,
    whose locks a forked child could inherit held; then 'forkserver'."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else None


@contextlib.contextmanager
def _pool(workers: int, method: str, settings: Mapping[str, Any]) -> Iterator[ProcessPoolExecutor]:
    """A started pool; on the way out it is shut down, and on any error or interrupt its
    workers are terminated first (and joined), so none outlives the build."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(dict(settings),),
    )
    try:
        # Forked workers must not act on Ctrl+C/SIGTERM (this process ends them): hold the
        # signals while they are created (with 'fork', the first submit creates them all);
        # each worker ignores them before unblocking them.
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS) if method == "fork" else None
        try:
            pool.submit(int)
        finally:
            if previous is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        yield pool
    except BaseException:
        # concurrent.futures has no public way to stop running workers before Python 3.14
        # (terminate_workers); the executor ends its manager thread and joins them itself
        # once it sees them gone.
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _run(
    pool: ProcessPoolExecutor,
    workers: int,
    jobs: list[tuple[str, str]],
    cache_dir: Path,
    temporary: Mapping[str, Path],
    gzipped: bool,
) -> tuple[int, list[str]]:
    """Read ``jobs`` in ``pool``, then have workers merge them into the cache files."""
    # Largest files first, in small batches: the last batches are short, so the workers
    # finish together.
    jobs = sorted(jobs, key=lambda job: (-_size(job[1]), job[1]))
    batch = max(1, min(16, len(jobs) // (8 * workers)))
    futures = [pool.submit(_read_batch, jobs[i : i + batch]) for i in range(0, len(jobs), batch)]
    blobs: dict[str, list[bytes]] = {}
    cached, left = 0, []
    for future in as_completed(futures):
        results, failed = future.result()
        for kind, blob, count in results:
            blobs.setdefault(kind, []).append(blob)
            cached += count
        left += failed
    writes: list[Future[None]] = [
        pool.submit(
            _write_cache, str(cache_dir / f"{kind}-Readers"), str(temporary[kind]), found, gzipped
        )
        for kind, found in blobs.items()
    ]
    for future in writes:
        future.result()
    return cached, sorted(left)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


# -- the workers' side ---------------------------------------------------------------------------


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


def _init_worker(settings: dict[str, Any]) -> None:
    """Set up Pelican, its plugins and its readers in this worker as the build will."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
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
        from pelican.log import LimitFilter
        from pelican.readers import Readers

        # Pelican drops a message it has logged before in this process (LimitFilter, whose
        # memory a forked worker inherits). Here every message must count: the main process,
        # reading the file itself, then decides whether the coach sees it.
        LimitFilter.filter = _let_through  # type: ignore[method-assign]
        Pelican(settings)  # plugins: registered, `initialized` sent (consult's extension)
        _Worker.readers = Readers(settings)  # `readers_init` sent (guard's reader)
        preread = (signals.article_generator_preread, signals.page_generator_preread)
        # A plugin that failed to load or register is the main build's error to report.
        _Worker.usable = capture.errors == 0 and not any(s.receivers for s in preread)
    except Exception:
        _Worker.usable = False


def _let_through(self: logging.Filter, record: logging.LogRecord) -> bool:
    return True


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


def _read_one(path: str) -> tuple[Any, tuple[str, dict[str, Any]]] | None:
    """``(stamp, (content, reader_metadata))`` as ``Readers.read_file`` caches it, or None to
    leave the file to Pelican."""
    from pelican.readers import MarkdownReader, _filter_discardable_metadata
    from pelican.utils import file_suffix

    readers, capture = _Worker.readers, _Worker.capture
    assert capture is not None
    reader = readers.readers.get(file_suffix(path))
    if not isinstance(reader, MarkdownReader):
        return None
    before = capture.count
    # Stamped before reading: a file saved during the read is found stale next time.
    stamp = readers._get_file_stamp(path)
    try:
        content, metadata = reader.read(path)
    except Exception:
        return None
    if capture.count != before or stamp == "":
        return None
    return stamp, (content, _filter_discardable_metadata(metadata))


def _read_batch(
    jobs: list[tuple[str, str]],
) -> tuple[list[tuple[str, bytes, int]], list[str]]:
    """Read ``jobs`` ((generator, path) pairs): ([(generator, pickled entries, count)], paths
    left to Pelican)."""
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
    return results, left


def _write_cache(cache_file: str, temporary: str, blobs: list[bytes], gzipped: bool) -> None:
    """Merge the entries into ``cache_file``, which is replaced atomically."""
    opener: Any = gzip.open if gzipped else open
    try:
        with opener(cache_file, "rb") as handle:
            cache = pickle.load(handle)
        if not isinstance(cache, dict):
            cache = {}
    except Exception:  # missing or unreadable: Pelican would start afresh too
        cache = {}
    for blob in blobs:
        cache.update(_Unpickler(io.BytesIO(blob)).load())
    # Pelican rewrites the file (compressed) when it has read everything: store it unpacked,
    # which is quicker to write here and to read there (a 5,000-post cache: 0.08 s + 0.15 s
    # against 0.21 s + 0.24 s at compresslevel 1).
    with gzip.open(temporary, "wb", compresslevel=0) if gzipped else open(temporary, "wb") as out:
        pickle.dump(cache, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache_file)
