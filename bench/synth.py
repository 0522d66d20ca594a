"""Deterministic synthetic sites for the build benchmark (issue 7).

``make_sites(dest, posts=N)`` writes two folders with the same N Markdown posts
(bench/posts.py, dated over twelve years up to the day before the build date):

- ``dest/full``: a copy of this project (theme, plugins, coachsite, settings, tasks.py, pages,
  CTAs, images) whose ``content/articles`` holds the synthetic posts and whose
  ``content/specials`` holds one synthetic special running on the build date and the day
  after, so the project's own build runs on it exactly as it runs on the coach's site;
- ``dest/plain``: the same posts and images with a minimal ``pelicanconf.py`` for plain
  Pelican 4.12 (default theme, no plugins, Pelican's default feeds and cache settings).

The same arguments give byte-identical files. Nothing is fetched.

    python -m bench.synth /tmp/site --posts 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.posts import (
    DEFAULT_SEED,
    DEFAULT_SITE_DATE,
    MAX_WORDS,
    MIN_WORDS,
    YEARS,
    Post,
    generate_posts,
    slugify,
)
from bench.posts_text import (
    ARTIFACTS,
    AUDIENCES,
    CATEGORIES,
    CLIENT_QUOTES,
    EVENTS,
    EXTERNAL_LINKS,
    HEADINGS,
    IMAGES,
    LIST_ITEMS,
    MEMORIES,
    NAMES,
    NUMBERS,
    OBJECTS,
    OPENERS,
    OTHER_TAGS,
    PHRASES,
    PLACES,
    QUESTIONS,
    SITUATIONS,
    SUBJECTS,
    TAGS,
    TAILS,
    THINGS,
    TITLE_PATTERNS,
    TOPICS,
    VERBS,
)

__all__ = [  # bench.synth keeps every name it had before posts.py and posts_text.py
    "ARTIFACTS", "AUDIENCES", "CATEGORIES", "CLIENT_QUOTES", "DEFAULT_SEED",
    "DEFAULT_SITE_DATE", "EVENTS", "EXTERNAL_LINKS", "HEADINGS", "IGNORED", "IMAGES",
    "LIST_ITEMS", "MAX_WORDS", "MEMORIES", "MIN_WORDS", "NAMES", "NOT_COPIED", "NUMBERS",
    "OBJECTS", "OPENERS", "OTHER_TAGS", "PHRASES", "PLACES", "PLAIN_SETTINGS", "QUESTIONS",
    "ROOT", "SITUATIONS", "SPECIAL", "SUBJECTS", "TAGS", "TAILS", "THINGS", "TITLE_PATTERNS",
    "TOPICS", "VERBS", "YEARS", "Post", "Sites", "copy_project", "edit_post",
    "generate_posts", "images", "make_sites", "next_day", "png", "project_cta_names",
    "slugify", "write_images", "write_posts", "write_special",
]  # fmt: skip

ROOT = Path(__file__).resolve().parent.parent

# What of the project is copied into the full site: everything at its root except these
# (and any hidden file or folder), minus the coach's own posts and specials.
NOT_COPIED = {"output", "build", "cache", "tests", "bench", "test-artifacts", "node_modules"}
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")

# The one special of the full site: the build date's month, so the build date and the next
# day (the bench's "next day" build) show the same special.
SPECIAL = """\
Title: Bench special
Month: {month}
Offer: A first one-to-one consultation at the bench rate.
Price: 95

The synthetic site's special, running the whole month of the build date.
"""


@dataclass
class Sites:
    """The two folders of one synthetic site and the posts they share."""

    root: Path
    full: Path
    plain: Path
    posts: list[Post] = field(default_factory=list)
    site_date: dt.date = DEFAULT_SITE_DATE

    def by_date(self) -> list[Post]:
        return sorted(self.posts, key=lambda p: (p.date, p.filename))

    @property
    def newest(self) -> Post:
        """The post the coach is most likely editing: the newest one."""
        return self.by_date()[-1]

    @property
    def oldest(self) -> Post:
        return self.by_date()[0]

    @property
    def middle(self) -> Post:
        """The post in the middle by date."""
        posts = self.by_date()
        return posts[len(posts) // 2]


PHONE_MAKER = "PhoneMaker-Test"
PHONE_GPS = {1: "N", 2: (42.0, 21.0, 30.0), 3: "W", 4: (71.0, 3.0, 10.0)}


def phone_photo(width: int = 4000, height: int = 3000, orientation: int = 6) -> bytes:
    """A JPEG as a phone saves it: stored ``width`` x ``height``, EXIF orientation (6: to be
    turned 90 degrees to stand upright), the maker and the GPS position."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (200, 120, 60))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, max(1, width // 40)):
        draw.line([(x, 0), (width - x, height)], fill=(x % 255, 80, 160), width=9)
    draw.rectangle([0, 0, width // 4, height // 8], fill=(20, 200, 20))  # top-left, stored
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = PHONE_MAKER
    exif[0x8825] = PHONE_GPS
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png(width: int, height: int, seed: int) -> bytes:
    """A real RGB PNG of the given size: a soft diagonal gradient with a few bands."""
    rng = random.Random(seed)
    base = [rng.randrange(60, 200) for _ in range(3)]
    rows = []
    for y in range(height):
        band = 30 if (y // max(1, height // 6)) % 2 else 0
        pixels = [bytes(min(255, c + shade + band) for c in base) for shade in range(81)]
        row = b"".join(pixels[(x + y) * 80 // (width + height)] for x in range(width))
        rows.append(b"\x00" + row)  # filter type 0 (none) for each scanline
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def images() -> dict[str, bytes]:
    """The PNGs the posts use, by file name."""
    return {name: png(w, h, number) for number, (name, w, h) in enumerate(IMAGES)}


def write_images(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


PLAIN_SETTINGS = '''\
"""Plain Pelican 4.12 for the benchmark: default theme, no plugins, default feeds and cache."""

AUTHOR = "Synthetic Coach"
SITENAME = "Synthetic Career Blog"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = ["images"]
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
# The same page size as the project's listings (Pelican's own default is no pagination).
DEFAULT_PAGINATION = 10
'''


def project_cta_names(project: Path = ROOT) -> list[str]:
    folder = project / "content" / "ctas"
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def copy_project(dest: Path, project: Path = ROOT) -> None:
    """Copy the project into ``dest``: not its posts, specials, outputs, caches, tests or
    hidden files."""
    dest.mkdir(parents=True, exist_ok=True)
    for source in sorted(project.iterdir()):
        if source.name.startswith(".") or source.name in NOT_COPIED:
            continue
        if source.is_dir():
            ignore = IGNORED
            if source.name == "content":

                def ignore(folder: str, names: list[str], _top: str = str(source)) -> set[str]:
                    skipped = set(IGNORED(folder, names))
                    return skipped | ({"articles", "specials"} if folder == _top else set())

            shutil.copytree(source, dest / source.name, ignore=ignore, symlinks=True)
        else:
            shutil.copy2(source, dest / source.name)


def write_posts(folder: Path, posts: Iterable[Post]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for post in posts:
        (folder / post.filename).write_text(post.text, encoding="utf-8")


def next_day(site_date: dt.date) -> dt.date:
    """The bench's "next day" build date: the build date's special still runs on it."""
    day = site_date + dt.timedelta(days=1)
    if day.month != site_date.month:
        raise ValueError(
            f"the build date {site_date} is the last day of its month: the next day would run "
            "another special; choose an earlier --site-date"
        )
    return day


def write_special(site: Path, site_date: dt.date) -> Path:
    """The full site's only special: the whole month of ``site_date`` (and so the next day)."""
    next_day(site_date)
    folder = site / "content" / "specials"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{site_date:%Y-%m}.md"
    path.write_text(SPECIAL.format(month=f"{site_date:%Y-%m}"), encoding="utf-8")
    return path


def make_sites(
    dest: Path,
    *,
    posts: int,
    seed: int = DEFAULT_SEED,
    site_date: dt.date = DEFAULT_SITE_DATE,
    project: Path = ROOT,
) -> Sites:
    """Write ``dest/full`` and ``dest/plain`` with the same ``posts`` synthetic posts."""
    dest = Path(dest)
    next_day(site_date)  # fail before writing anything
    generated = generate_posts(
        posts, seed=seed, site_date=site_date, cta_names=project_cta_names(project)
    )
    sites = Sites(dest, dest / "full", dest / "plain", generated, site_date)
    copy_project(sites.full, project)
    write_special(sites.full, site_date)
    (sites.plain / "content").mkdir(parents=True, exist_ok=True)
    (sites.plain / "pelicanconf.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
    pictures = images()
    for site in (sites.full, sites.plain):
        write_posts(site / "content" / "articles", generated)
        write_images(site / "content" / "images", pictures)
    return sites


def edit_post(site: Path, post: Post, marker: str) -> Path:
    """The coach's one edit: a new sentence in the post's first paragraph (or undo with '')."""
    path = site / "content" / "articles" / post.filename
    head, _, body = post.text.partition("\n\n")
    if marker:
        body = f"Update: I added {marker} to this post after readers asked. {body}"
    path.write_text(f"{head}\n\n{body}", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to create (must not exist)")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--site-date", type=dt.date.fromisoformat, default=DEFAULT_SITE_DATE, help="YYYY-MM-DD"
    )
    args = parser.parse_args(argv)
    if args.dest.exists():
        parser.error(f"{args.dest} already exists")
    sites = make_sites(args.dest, posts=args.posts, seed=args.seed, site_date=args.site_date)
    words = sum(len(p.text.split()) for p in sites.posts)
    print(f"{len(sites.posts)} posts ({words} words) in {sites.full} and {sites.plain}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
