"""Replace only what changed in ``output/``: a build's staging folder holds its new and changed
files, and plugins declare which files of the last good output stay as they are.

A full build (no ``output/`` yet, or nothing kept) is swapped in whole, as before. A build
that kept files from the last output is committed file by file:

1. the list of files to delete (in ``output/`` but neither written nor kept) is written into
   the staging folder as ``.coach-commit.json``: from then on the commit is decided;
2. with SIGINT/SIGTERM held back, every staged file is moved into place (one rename each)
   and the stale files are deleted;
3. the staging folder is removed.

A commit cut short (a power cut between 1 and 3) is finished by the next build before it
starts (``finish_interrupted``). Until step 1 nothing in ``output/`` has changed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MARKER = ".coach-commit.json"
# In the context of a page that was kept, not written: (its file in the last output, the
# digest of its HTML if the search index reads it, else None).
KEPT_FROM = "incremental_kept_from"
# In the context of a page the render cache rendered and wrote: (its bytes, the digest of what
# the search index reads of it, or None), so the search plugin neither reads it back nor
# digests it again.
WRITTEN_AS = "incremental_written_as"


class Delta:
    """Files of the last output (relative paths) that this build keeps unchanged."""

    def __init__(self, previous: Path) -> None:
        self.previous = previous
        self.kept: set[str] = set()

    def keep(self, relative: str) -> None:
        self.kept.add(relative)

    def keep_all(self, relatives: Iterable[str]) -> None:
        self.kept.update(relatives)


# The build hands its delta to the plugins in Pelican's settings, under this name (absent
# when there is no previous output to keep anything from); ``of`` reads it.
SETTING = "OUTPUT_DELTA"


def of(settings: Mapping[str, Any]) -> Delta | None:
    """The delta of the build these ``settings`` belong to, if any."""
    found = settings.get(SETTING)
    return found if isinstance(found, Delta) else None


def built(path: Path, site: Path, delta: Delta | None) -> bool:
    """Whether the build makes ``path`` of its output folder ``site``: written there, or
    kept from the last output (``delta``)."""
    if path.exists():
        return True
    if delta is None:
        return False
    try:
        relative = path.resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        return False
    return relative in delta.kept or f"{relative}/index.html" in delta.kept


def files(folder: Path) -> Iterator[str]:
    """Every file under ``folder``, as a path relative to it."""
    stack = [("", str(folder))]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    yield prefix + entry.name


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends (then they are delivered)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (ValueError, OSError):  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def commit(staging: Path, final: Path, kept: set[str]) -> tuple[int, int]:
    """Move the staged files into ``final`` and delete what the build no longer makes
    (anything in ``final`` neither staged nor kept, even a file put there by hand).

    Returns (files moved, files deleted).
    """
    staged = set(files(staging))
    stale = sorted(set(files(final)) - staged - kept)
    marker = staging / MARKER
    partial = staging / f"{MARKER}.partial"
    partial.write_text(json.dumps({"stale": stale}), encoding="utf-8")
    partial.replace(marker)
    with _signals_held():
        return _apply(staging, final, staged, stale)


def _apply(
    staging: Path, final: Path, staged: Iterable[str], stale: Iterable[str]
) -> tuple[int, int]:
    moved = deleted = 0
    made: set[Path] = set()
    for relative in staged:
        target = final / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(staging / relative, target)
        moved += 1
    for relative in stale:
        target = final / relative
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        deleted += 1
        _remove_empty_parents(target.parent, final)
    shutil.rmtree(staging, ignore_errors=True)
    return moved, deleted


def _remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty
            return
        folder = folder.parent


def decided(staging: Path) -> bool:
    """Whether a commit from ``staging`` has begun (it must then be finished, not dropped)."""
    return (staging / MARKER).is_file()


def finish_interrupted(final: Path) -> bool:
    """Finish a commit that a crash cut short; True if there was one."""
    finished = False
    for staging in final.parent.glob(f".{final.name}.building-*"):
        marker = staging / MARKER
        if not marker.is_file():
            continue  # left alone here: remove_leftovers-style cleanup is the build's job
        stale = json.loads(marker.read_text(encoding="utf-8")).get("stale", [])
        staged = [r for r in files(staging) if not r.startswith(MARKER)]
        with _signals_held():  # the marker goes last, with the staging folder
            _apply(staging, final, staged, stale)
        finished = True
    return finished
