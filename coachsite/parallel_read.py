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
``reader.read(path)`` exactly as ``Readers.read_file`` does (coachsite/read_pool.py). The
entries are written by a worker too, so they hold that worker's settings, as Pelican's own
would, and this process never has to import plugin code to unpickle them. What Pelican's cache
holds, and where, is known only to coachsite/pelican_adapter.py.

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
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coachsite.read_pool import SIGNALS, init_worker, read_batch, write_cache

log = logging.getLogger(__name__)

# The setting that hands ``Prefill.extras`` to the plugins (a build's own, like OUTPUT_DELTA).
READ_POOL_EXTRAS = "READ_POOL_EXTRAS"
MIN_FILES = 50  # below this, a pool costs more than it saves (PARALLEL_READ_MIN_FILES)
FRESH_PER_FILE = 20  # and one more file to read for every 20 already in the cache
# (generator whose Readers own the cache, its paths setting, its excludes setting)
KINDS = (
    ("ArticlesGenerator", "ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    ("PagesGenerator", "PAGE_PATHS", "PAGE_EXCLUDES"),
)


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
    # What plugins worked out per body in the workers (read_pool.BODY_READ): name -> key -> value
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)


class _MeanwhileFailed(Exception):
    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _Meanwhile:
    """Work for this process while the workers read (the build's content checks): run once,
    whether the pool reads or not; its error is the caller's, never an abandoned pool's."""

    def __init__(self, work: Callable[[], None] | None) -> None:
        self.work, self.done = work, work is None

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            assert self.work is not None
            try:
                self.work()
            except Exception as err:
                raise _MeanwhileFailed(err) from err


def prefill_reader_cache(
    settings: Mapping[str, Any],
    *,
    min_files: int | None = None,
    workers: int | None = None,
    start_method: str | None = None,
    while_reading: Callable[[], None] | None = None,
) -> Prefill:
    """Read, in parallel, the Markdown files Pelican's reader cache may lack; see the module doc.

    ``settings`` are the build's, as they will be given to ``pelican.Pelican`` (CACHE_PATH
    final); they are not changed. ``while_reading`` runs in this process once the workers
    have their files (or before returning, without a pool); what it raises is raised here,
    after the workers are stopped.
    """
    start = time.perf_counter()
    meanwhile = _Meanwhile(while_reading)
    try:
        try:
            report = _prefill(settings, min_files, workers, start_method, meanwhile)
        except _MeanwhileFailed:
            raise
        except Exception as err:  # never worse than Pelican alone: it reads what is missing
            log.debug("parallel read abandoned: %r", err)
            report = Prefill(reason=f"abandoned: {err!r}")
        meanwhile()
    except _MeanwhileFailed as failed:
        raise failed.error from None
    report.seconds = time.perf_counter() - start
    return report


def _prefill(
    settings: Mapping[str, Any],
    min_files: int | None,
    workers: int | None,
    start_method: str | None,
    meanwhile: Callable[[], None],
) -> Prefill:
    from coachsite import pelican_adapter

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
    Path(settings["CACHE_PATH"]).mkdir(parents=True, exist_ok=True)
    files = {kind: pelican_adapter.reader_cache_file(settings, kind) for kind, _p, _e in KINDS}
    temporary = {
        kind: path.with_name(f".{path.name}.{os.getpid()}.tmp") for kind, path in files.items()
    }
    try:
        with _pool(workers, method, settings) as pool:
            gzipped = bool(settings.get("GZIP_CACHE"))
            report.cached, report.left_to_pelican = _run(
                pool, workers, jobs, files, temporary, gzipped, report.extras, meanwhile
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

    from coachsite import pelican_adapter

    extensions = list(MarkdownReader.file_extensions)
    stale: list[tuple[str, str]] = []
    fresh = 0
    for kind, paths_key, excludes_key in KINDS:
        try:
            written = pelican_adapter.reader_cache_file(settings, kind).stat().st_mtime
        except OSError:
            written = None
        found = pelican_adapter.source_files(
            settings, settings[paths_key], settings[excludes_key], extensions
        )
        # Readers.read_file's cache keys: absolute paths
        for path in sorted({os.path.abspath(os.path.join(settings["PATH"], f)) for f in found}):
            try:
                if written is None or os.stat(path).st_mtime >= written:
                    stale.append((kind, path))
                else:
                    fresh += 1
            except OSError:
                continue  # gone already: Pelican will say so, or not see it
    return stale, fresh


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
        initializer=init_worker,
        initargs=(dict(settings),),
    )
    try:
        # Forked workers must not act on Ctrl+C/SIGTERM (this process ends them): hold the
        # signals while they are created (with 'fork', the first submit creates them all);
        # each worker ignores them before unblocking them.
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS) if method == "fork" else None
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
    files: Mapping[str, Path],
    temporary: Mapping[str, Path],
    gzipped: bool,
    extras: dict[str, dict[str, Any]],
    meanwhile: Callable[[], None],
) -> tuple[int, list[str]]:
    """Read ``jobs`` in ``pool``, ``meanwhile`` running here, then have workers merge them
    into the cache files; the workers' answers to BODY_READ go into ``extras``."""
    # Largest files first, in small batches: the last batches are short, so the workers
    # finish together.
    jobs = sorted(jobs, key=lambda job: (-_size(job[1]), job[1]))
    batch = max(1, min(16, len(jobs) // (8 * workers)))
    futures = [pool.submit(read_batch, jobs[i : i + batch]) for i in range(0, len(jobs), batch)]
    meanwhile()
    blobs: dict[str, list[bytes]] = {}
    cached, left = 0, []
    for future in as_completed(futures):
        results, failed, answers = future.result()
        for kind, blob, count in results:
            blobs.setdefault(kind, []).append(blob)
            cached += count
        left += failed
        for name, key, value in answers:
            extras.setdefault(name, {})[key] = value
    writes: list[Future[None]] = [
        pool.submit(write_cache, str(files[kind]), str(temporary[kind]), found, gzipped)
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
