"""Build the site with Pelican into a temporary folder and swap it in only on success.

A failed or interrupted build leaves the previous ``output/`` exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coachsite import delta as output_delta
from coachsite import pelican_adapter as adapter
from coachsite.build_report import BuildReport, Unpublished, newest_first, summary_line, unpublished
from coachsite.content_check import check_content
from coachsite.errors import CoachError
from coachsite.parallel_read import READ_POOL_EXTRAS, prefill_reader_cache

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["BuildReport", "Unpublished", "build", "summary_line", "unpublished"]


class BuildFailed(CoachError):
    """Pelican reported errors; nothing was replaced."""


class _Collector(logging.Handler):
    """Collects Pelican's errors (to fail the build) and warnings (to show them)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(message)


@contextmanager
def _collect_pelican_logs() -> Iterator[_Collector]:
    collector = _Collector()
    log = logging.getLogger("pelican")
    previous = (log.level, log.propagate)
    log.addHandler(collector)
    log.setLevel(logging.WARNING)
    log.propagate = False
    try:
        yield collector
    finally:
        log.removeHandler(collector)
        log.setLevel(previous[0])
        log.propagate = previous[1]


@contextmanager
def _interrupts_raise() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt so cleanup runs and output/ is untouched."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not in the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def load_settings(settings_file: Path, overrides: Mapping[str, Any] | None = None) -> dict:
    """Read a settings file the way the ``pelican`` command does."""
    from pelican.settings import read_settings

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.modules.pop("pelicanconf", None)  # publishconf imports it: read it afresh
    try:
        return read_settings(str(settings_file), override=dict(overrides or {}))
    except CoachError:
        raise
    except Exception as err:  # a typo in the settings file itself
        if getattr(err, "user_error", False):
            raise
        raise CoachError(f"could not read the settings: {err}", settings_file) from None


def code_fingerprint(settings: Mapping[str, Any], settings_file: Path) -> str:
    """A hash of everything besides the content that decides what the readers produce.

    Pelican's reader cache is keyed on content files only; a changed plugin (say, a new
    Markdown extension) or settings file must not be served stale cached output.
    """
    from importlib.metadata import version

    digest = hashlib.sha256()
    for package in ("pelican", "markdown"):
        digest.update(f"{package}={version(package)}\n".encode())
    files = {settings_file.resolve(), (settings_file.parent / "pelicanconf.py").resolve()}
    # The build driver and its content checks: parallel_read writes cache entries, and a new
    # check must look again at posts the memo of passed checks would otherwise skip.
    files.update(path.resolve() for path in Path(__file__).resolve().parent.glob("*.py"))
    theme = Path(settings.get("THEME", ""))
    if theme.is_dir():  # Markdown extensions kept with the theme (e.g. markdown_images.py)
        files.update(path.resolve() for path in theme.glob("*.py"))
    for folder in settings.get("PLUGIN_PATHS", ()):
        base = Path(folder)
        if not base.is_absolute():
            base = settings_file.parent / base
        files.update(path.resolve() for path in base.rglob("*.py"))
    for path in sorted(files):
        if path.is_file():
            digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def code_cache_path(settings: Mapping[str, Any], settings_file: Path) -> Path:
    """``CACHE_PATH/<settings>-<fingerprint>``; this settings file's older caches are removed."""
    base = Path(settings["CACHE_PATH"])
    prefix = f"{settings_file.stem}-"
    current = base / (prefix + code_fingerprint(settings, settings_file))
    if base.is_dir():
        for stale in base.glob(prefix + "*"):
            if stale.is_dir() and stale != current:
                shutil.rmtree(stale, ignore_errors=True)
    return current


def remove_later(folder: Path) -> None:
    """Delete a replaced output folder in the background: the new site is already in place.

    ``rm`` runs detached, on the other core, so the build ends without waiting for it; a
    leftover (say, after a power cut) is hidden and removed by the next build.
    """
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(
        [rm, "-rf", "--", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def remove_leftovers(final: Path) -> None:
    """Old output folders an interrupted background removal left behind."""
    for stale in final.parent.glob(f".{final.name}.old-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def swap_in(new: Path, final: Path) -> None:
    """Replace ``final`` by ``new`` with two renames; the old tree is removed last."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        final.rename(old)
    try:
        new.rename(final)
    except BaseException:
        if old is not None:
            old.rename(final)
        raise
    if old is not None:
        remove_later(old)


def build(
    settings_file: Path = ROOT / "pelicanconf.py",
    *,
    output: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    ignore_cache: bool = False,
) -> BuildReport:
    """Build the site; raise a CoachError (nothing replaced) on any content mistake."""
    with _interrupts_raise():
        return _build(settings_file, output, overrides, ignore_cache)


def _build(
    settings_file: Path,
    output: Path | None,
    overrides: Mapping[str, Any] | None,
    ignore_cache: bool,
) -> BuildReport:
    from pelican import Pelican, signals
    from pelican.writers import FileOverwriteFailedError

    start = time.perf_counter()
    settings = load_settings(settings_file, overrides)
    final = Path(output or settings["OUTPUT_PATH"]).resolve()
    content = Path(settings["PATH"])
    settings["CACHE_PATH"] = str(code_cache_path(settings, settings_file))

    def check() -> None:  # the coach's mistakes, while the reading pool reads
        check_content(
            content,
            settings["ARTICLE_PATHS"],
            settings["PAGE_PATHS"],
            settings.get("SLUG_REGEX_SUBSTITUTIONS"),
            memo_file=None if ignore_cache else Path(settings["CACHE_PATH"]) / "checked.json",
        )

    settings["DELETE_OUTPUT_DIRECTORY"] = False
    if ignore_cache:
        settings["LOAD_CONTENT_CACHE"] = False
    final.parent.mkdir(parents=True, exist_ok=True)
    output_delta.finish_interrupted(final)  # a commit a crash cut short
    remove_leftovers(final)
    counts: dict[str, int] = {}
    held: list[Unpublished] = []
    dated: list[tuple[dt.date, dt.date, str]] = []

    def date_window(generators: list[Any]) -> None:
        from coachsite.uptodate import next_change

        if not generators or not isinstance(generators[0].settings.get("SITE_DATE"), dt.date):
            return  # no build date: no window, no up-to-date record
        used = generators[0].settings
        values = [v for k, v in generators[0].context.items() if k != "SITE_DATE"]
        day, zone = used["SITE_DATE"], used["TIMEZONE"]
        dated.append((day, next_change(values, day, zone), zone))

    def count(generator: Any) -> None:
        counts["articles"] = len(getattr(generator, "articles", []))
        held.extend(unpublished(getattr(generator, "drafts", []), content.parent))
        adapter.release_reader_cache(generator)  # saved; read no more

    def count_pages(generator: Any) -> None:
        counts["pages"] = len(getattr(generator, "pages", []))
        held.extend(unpublished(getattr(generator, "draft_pages", []), content.parent))
        adapter.release_reader_cache(generator)

    staging: Path | None = None
    # Files of the last output that the build may leave in place (plugins/coach_incremental).
    delta = output_delta.Delta(final) if final.is_dir() and not ignore_cache else None
    try:
        # Named before it is made: an interrupt the moment it exists still finds it below.
        staging = final.parent / f".{final.name}.building-{secrets.token_hex(6)}"
        staging.mkdir(mode=0o700)
        settings["OUTPUT_PATH"] = str(staging)
        # Pages whose inputs did not change are copied from here (plugins/coach_incremental).
        settings["INCREMENTAL_PREVIOUS_OUTPUT"] = str(final)
        # Markdown read on every core into the reader cache; what plugins worked out per
        # body there (reading times) goes to them through the settings
        settings[READ_POOL_EXTRAS] = prefill_reader_cache(settings, while_reading=check).extras
        if delta is not None:  # for the plugins (not for the reading pool above)
            settings[output_delta.SETTING] = delta
        with _collect_pelican_logs() as logs:
            site = Pelican(settings)
            signals.article_generator_finalized.connect(count)
            signals.page_generator_finalized.connect(count_pages)
            signals.all_generators_finalized.connect(date_window)
            try:
                site.run()
            except FileOverwriteFailedError as err:
                raise BuildFailed(
                    "two pieces of content would be written to the same file: "
                    f"{_relative(err, staging)}. Give one of them a different 'Slug:'."
                ) from None
            finally:
                signals.article_generator_finalized.disconnect(count)
                signals.page_generator_finalized.disconnect(count_pages)
                signals.all_generators_finalized.disconnect(date_window)
        if logs.errors:
            raise BuildFailed(_explain(logs.errors, content.parent))
        if delta is not None and delta.kept:
            output_delta.commit(staging, final, delta.kept)
        else:
            swap_in(staging, final)
    finally:
        # A staging folder with a decided commit is finished by the next build, never removed.
        if staging is not None and staging.exists() and not output_delta.decided(staging):
            shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(
        output=final,
        seconds=time.perf_counter() - start,
        articles=counts.get("articles", 0),
        pages=counts.get("pages", 0),
        warnings=logs.warnings,
        drafts=newest_first(u for u in held if not u.scheduled),
        scheduled=sorted((u for u in held if u.scheduled), key=lambda u: u.date or dt.date.max),
        window=dated[-1] if dated else None,
        folders=(final, *_email_folder(settings)),
    )


def _email_folder(settings: Mapping[str, Any]) -> tuple[Path, ...]:
    folder = settings.get("NEWSLETTER_BUILD_PATH")
    return (Path(folder).resolve(),) if folder else ()


def _explain(errors: list[str], root: Path) -> str:
    lines = [e.replace(str(root) + os.sep, "") for e in errors]
    head = "the build stopped because of " + (
        "this problem:" if len(lines) == 1 else f"these {len(lines)} problems:"
    )
    return head + "\n  " + "\n  ".join(lines)


def _relative(err: Exception, staging: Path) -> str:
    return (
        str(err).split('"')[1].replace(str(staging) + os.sep, "") if '"' in str(err) else str(err)
    )
