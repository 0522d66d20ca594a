"""A build with nothing to do does nothing: same inputs, same output, a day that selects the same.

``make build`` (and the daily build of a scheduled host) mostly runs on a site nobody touched.
After a successful build, a record keeps a digest of what it was built from (every file of the
project outside its outputs, the Python packages installed, the environment, the settings file
and overrides), a digest of what it wrote (each output file's size, time and inode), and the
window of build dates that select the same things: from the build date up to the next date
found in the site (a special that starts or ends, a scheduled post, a testimonial's consent, the
first of the next month and of the next year). A build whose inputs, output and date all
match the record prints the last build's summary and stops, without loading Pelican. Anything
else builds as usual; the record is removed before a build starts and written only after it
succeeded, so a failed or interrupted build never leaves a record that claims its output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import sys
import sysconfig
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from coachsite import PROJECT_MODULES
from coachsite.cachefile import read_json, write_json

FORMAT = 1
# Project folders that are outputs, caches or tooling, never read by a build.
NOT_INPUTS = frozenset(
    {"output", "public", "build", "cache", "tests", "bench", "test-artifacts", "node_modules"}
)
# Environment variables that change between runs without changing what a build makes. The
# rest of the environment is in the digest: an unknown variable can cost a build, never
# leave a stale site. SITE_DATE is the date window's business.
VOLATILE_ENVIRONMENT = frozenset(
    {"SITE_DATE", "_", "OLDPWD", "SHLVL", "PYTEST_CURRENT_TEST", "MAKEFLAGS", "MFLAGS", "TERM"}
    | {"MAKELEVEL", "COLUMNS", "LINES", "INVOKE_RUNTIME_CONFIG"}
)
HASHED_UP_TO = 256 * 1024  # larger inputs (pictures) are known by size and time


def record_file(settings_file: Path) -> Path:
    return settings_file.parent / "cache" / f"up-to-date-{settings_file.stem}.json"


def _files(root: Path) -> Iterable[tuple[str, Path]]:
    """Every file under ``root`` (following folder links once), relative name first."""
    seen: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = Path(folder)
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        top = here == root
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d != "__pycache__" and not (top and d in NOT_INPUTS)
        )
        for name in sorted(files):
            if not name.endswith(".pyc"):
                path = here / name
                yield path.relative_to(root).as_posix(), path


def inputs_digest(
    settings_file: Path,
    overrides: Mapping[str, Any] | None,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """What the build reads: project files (bytes, or size and time when large), installed
    packages, Python, the environment, the settings file and overrides."""
    digest = hashlib.blake2b(digest_size=16)
    root = settings_file.parent.resolve()
    head = [FORMAT, str(settings_file.resolve()), sorted((overrides or {}).items())]
    digest.update(repr(head).encode() + sys.version.encode() + sys.executable.encode())
    for name in sorted(set(environ) - VOLATILE_ENVIRONMENT):
        digest.update(f"{name}={environ[name]}\0".encode())
    packages = Path(sysconfig.get_paths()["purelib"])
    if packages.is_dir():
        digest.update("\0".join(sorted(p.name for p in packages.glob("*.dist-info"))).encode())
    node_tools = root / "node_modules" / ".package-lock.json"  # what npm installed
    for relative, path in [*_files(root), (node_tools.name, node_tools)]:
        try:
            info = path.stat()
            if info.st_size <= HASHED_UP_TO:
                body = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            else:
                body = f"{info.st_size}:{info.st_mtime_ns}".encode()
        except OSError:
            body = b"missing"
        digest.update(relative.encode() + b"\0" + body)
    return digest.hexdigest()


def outputs_digest(folders: Iterable[Path]) -> str:
    """Each output file's name, size, time and inode: any change to the output shows."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        digest.update(f"[{folder}]".encode())
        for folder_name, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder_name, name)
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                stamp = f"{path}\0{info.st_size}:{info.st_mtime_ns}:{info.st_ino}\n"
                digest.update(stamp.encode())
    return digest.hexdigest()


def next_change(values: Iterable[Any], day: dt.date, timezone: str) -> dt.date:
    """The first date after ``day`` that may select differently: any date found in
    ``values`` (walked a few levels into lists, mappings and objects) or the day after it,
    the first of the next month, January 1 of the next year."""
    zone = ZoneInfo(timezone)
    first_of_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    candidates = {first_of_next, dt.date(day.year + 1, 1, 1)}
    for found in _dates(values, zone):
        candidates.update((found, found + dt.timedelta(days=1)))
    return min(c for c in candidates if c > day)


SITE_WIDE = frozenset({"settings", "_context", "context"})


def _dates(values: Iterable[Any], zone: ZoneInfo) -> Iterable[dt.date]:
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(v, 0) for v in values]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dt.datetime):
            yield (value.astimezone(zone) if value.tzinfo else value).date()
            continue
        if isinstance(value, dt.date):
            yield value
            continue
        if isinstance(value, (str, bytes, int, float, bool, type(None))) or depth > 4:
            continue
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend((v, depth + 1) for v in value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack.extend((getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
        elif type(value).__module__.startswith(PROJECT_MODULES):
            state = getattr(value, "__dict__", {})
            # the whole site and its settings hang off every content object: walked once
            stack.extend((v, depth + 1) for k, v in state.items() if k not in SITE_WIDE)
        # anything else (functions, Jinja environments, modules) holds no date of the site


@dataclasses.dataclass(frozen=True)
class Record:
    inputs: str
    outputs: str
    folders: tuple[str, ...]
    built_on: str  # the build date, ISO
    until: str  # first build date that may select differently, ISO
    timezone: str
    report: dict[str, Any]


def load(settings_file: Path) -> Record | None:
    raw = read_json(record_file(settings_file))
    if not isinstance(raw, dict) or raw.pop("format", None) != FORMAT:
        return None  # none yet, damaged or of another format: build
    try:
        return Record(**{**raw, "folders": tuple(raw["folders"])})
    except (TypeError, KeyError):
        return None


def forget(settings_file: Path) -> None:
    record_file(settings_file).unlink(missing_ok=True)


def save(settings_file: Path, record: Record) -> None:
    write_json(record_file(settings_file), {"format": FORMAT, **dataclasses.asdict(record)})


def build_date(timezone: str, environ: Mapping[str, str] = os.environ) -> dt.date | None:
    """The date this build would use, or None when ``SITE_DATE`` is not a date."""
    from coachsite.dates import site_date
    from coachsite.errors import CoachError

    try:
        return site_date(timezone, environ)
    except CoachError:
        return None


def still_current(record: Record, inputs: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the recorded build is what a build now would make."""
    if record.inputs != inputs:
        return False
    day = build_date(record.timezone, environ)
    if day is None or not (
        dt.date.fromisoformat(record.built_on) <= day < dt.date.fromisoformat(record.until)
    ):
        return False
    return record.outputs == outputs_digest(Path(f) for f in record.folders)


def _as_record(report: Any) -> dict[str, Any]:
    def listed(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [{**vars(u), "date": u.date.isoformat() if u.date else None} for u in items]

    return {
        "output": str(report.output),
        "articles": report.articles,
        "pages": report.pages,
        "warnings": list(report.warnings),
        "drafts": listed(report.drafts),
        "scheduled": listed(report.scheduled),
    }


def _as_report(stored: Mapping[str, Any]) -> Any:
    from coachsite.build_report import BuildReport, Unpublished

    def listed(items: Iterable[Mapping[str, Any]]) -> list[Unpublished]:
        return [
            Unpublished(**{**u, "date": dt.date.fromisoformat(u["date"]) if u["date"] else None})
            for u in items
        ]

    return BuildReport(
        output=Path(stored["output"]),
        seconds=0.0,
        articles=stored["articles"],
        pages=stored["pages"],
        warnings=list(stored["warnings"]),
        drafts=listed(stored["drafts"]),
        scheduled=listed(stored["scheduled"]),
        unchanged=True,
    )


def build_unless_current(
    settings_file: Path,
    *,
    overrides: Mapping[str, Any] | None = None,
    ignore_cache: bool = False,
    environ: Mapping[str, str] = os.environ,
    always: bool = False,
) -> Any:
    """The last build's report when it is still current (``unchanged``), else a new build's.

    ``ignore_cache`` always builds, from scratch; ``always`` runs Pelican even when the site
    is current (make serve keeps what it worked out). Raises what ``build.build`` raises.
    """
    inputs = inputs_digest(settings_file, overrides, environ)
    record = None if ignore_cache or always else load(settings_file)
    if record is not None and still_current(record, inputs, environ):
        try:
            return _as_report(record.report)
        except (KeyError, TypeError, ValueError):
            pass  # a record of another shape: build
    forget(settings_file)
    from coachsite.build import build

    report = build(settings_file, overrides=overrides, ignore_cache=ignore_cache)
    if report.window is not None:
        day, until, zone = report.window
        save(
            settings_file,
            Record(
                inputs=inputs,
                outputs=outputs_digest(report.folders),
                folders=tuple(str(f) for f in report.folders),
                built_on=day.isoformat(),
                until=until.isoformat(),
                timezone=zone,
                report=_as_record(report),
            ),
        )
    return report
