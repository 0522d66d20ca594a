"""The coach's pictures, published safely and in the sizes readers need (a Pelican plugin).

Every raster file under content/images/ is checked (a picture, at most 20 MB and 6,000 pixels
on a side), turned upright, stripped of its metadata and published in several widths
(``IMAGES_WIDTHS``) as AVIF/WebP plus its own format, under ``IMAGES_VARIANTS`` in the site
(coach_images/pictures.py). What is made from a picture is kept in the build's cache, keyed
by the file's digest, so an unchanged picture is not processed again. Posts' and pages'
``<img>`` of those pictures become ``<picture>`` with ``srcset``/``sizes``
(coach_images/markup.py); an image without alt text stops the build, naming the post.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from coach_images.markup import email_markup, rewrite
from coach_images.pictures import LAYOUT, RASTER, Picture, PictureError, file_names, open_picture
from coach_images.worker import FILES, make_files
from coachsite.cachefile import place, read_json, write_json
from coachsite.content_lists import ARTICLE_LISTS, PAGE_LISTS, contents_of
from coachsite.errors import CoachError
from coachsite.side_process import SideProcess

NAME = __name__
DEFAULTS: dict[str, Any] = {
    "IMAGES_FOLDER": "images",  # inside PATH (content/)
    "IMAGES_WIDTHS": (480, 600, 800, 1200),  # 600: the email's (plugins/coach_newsletter)
    "IMAGES_VARIANTS": "images/sizes",  # where the widths go, in the site
}


class ImageError(CoachError):
    """A picture a post uses (or any under content/images/) that cannot be published."""


def _enabled(settings: Any) -> bool:
    return NAME in (settings.get("PLUGINS") or [])


class Images:
    """One build's pictures; the methods are the plugin's signal handlers."""

    def __init__(self) -> None:
        self.settings: dict[str, Any] = {}
        self.pictures: dict[str, Picture] = {}  # by path in the site
        self.made: dict[str, Path] = {}  # path in the site -> the cached file
        self.broken: dict[str, str] = {}  # path in the site -> what is wrong
        self.made_now = 0  # pictures processed by this build (not found in the cache)
        self.shared: Pictures | None = None  # what the scan found, for other plugins too
        # Pictures being made by a process of their own while Pelican writes the pages:
        # (the file, its path in the site, its cache folder, the files' paths in the site).
        self.making: list[tuple[Path, str, Path, list[str]]] = []
        self.maker: SideProcess | None = None

    def start(self, pelican: Any) -> None:
        if getattr(self, "maker", None) is not None:  # a build that failed meanwhile
            self.maker.stop()
        self.__init__()  # type: ignore[misc]
        if _enabled(pelican.settings):
            for key, value in DEFAULTS.items():
                pelican.settings.setdefault(key, value)
            self.settings = pelican.settings
            filters = pelican.settings.get("JINJA_FILTERS") or {}
            pelican.settings["JINJA_FILTERS"] = {**filters, "with_pictures": with_pictures}

    # -- reading the pictures --------------------------------------------------------------

    def _cache(self) -> Path:
        return Path(self.settings["CACHE_PATH"]) / "images"

    def _scan(self) -> Pictures:
        """Every picture under content/images/: known from the last build when its size and
        time did not change, else read and, when new, processed into the cache."""
        if self.shared is not None:
            return self.shared
        content = Path(self.settings["PATH"])
        folder = content / self.settings["IMAGES_FOLDER"]
        cache = self._cache()
        index_file = cache / "index.json"
        index = read_json(index_file)
        index = index if isinstance(index, dict) else {}
        recipe = self._recipe()
        seen: dict[str, Any] = {}
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if not path.is_file() or path.suffix.lower() not in RASTER:
                continue
            site = path.relative_to(content).as_posix()
            stat = path.stat()
            stamp = [stat.st_size, stat.st_mtime_ns, recipe]
            known = index.get(site)
            # trusted only once its files are all there: ``files.json`` is written last
            if known and known[:3] == stamp and read_json(cache / known[3] / FILES) == known[7]:
                entry = known
            else:
                entry = self._process(path, site, content, stamp)
                if entry is None:
                    continue
            seen[site] = entry
            digest, width, height, fmt, files = entry[3:]
            self.pictures[site] = Picture(site, width, height, fmt)
            self.made.update({name: cache / digest / str(i) for i, name in enumerate(files)})
        if self.maker is not None:  # every picture to make is asked for
            self.maker.no_more()
        if seen != index:
            write_json(index_file, seen)
            kept = {entry[3] for entry in seen.values()} | {"index.json"}
            for stale in cache.iterdir() if cache.is_dir() else ():
                if stale.name not in kept:
                    shutil.rmtree(stale, ignore_errors=True)
        self.shared = Pictures(
            dict(self.pictures),
            tuple(self.settings["IMAGES_WIDTHS"]),
            self.settings["IMAGES_VARIANTS"],
        )
        return self.shared

    def _recipe(self) -> str:
        """What decides the files made from a picture, besides its bytes."""
        widths = ",".join(map(str, self.settings["IMAGES_WIDTHS"]))
        made = f"{LAYOUT}|{version('pillow')}|{widths}|{self.settings['IMAGES_VARIANTS']}"
        return hashlib.blake2b(made.encode(), digest_size=8).hexdigest()

    def _process(self, path: Path, site: str, content: Path, stamp: list[Any]) -> list | None:
        shown = path.relative_to(content.parent).as_posix()
        data = path.read_bytes()
        # by path too: the same bytes at two paths are two pictures, each with its files
        named = hashlib.blake2b(site.encode() + b"\0" + data, digest_size=16)
        digest = named.hexdigest() + "-" + stamp[2]
        try:
            picture, _upright = open_picture(data, site, shown)  # checked; made elsewhere
        except PictureError as err:
            self.broken[site] = str(err)
            return None
        target = self._cache() / digest
        names = read_json(target / FILES)
        if not isinstance(names, list):
            widths, folder = self._widths(), self.settings["IMAGES_VARIANTS"]
            names = file_names(picture, widths, folder)
            self.making.append((path, site, target, names))
            if self.maker is None:
                setup = {"widths": widths, "folder": folder}
                self.maker = SideProcess("coach_images.worker", setup, "images: the picture")
            self.maker.send({"source": str(path), "site": site, "target": str(target)})
            self.made_now += 1
        return [*stamp, digest, picture.width, picture.height, picture.format, names]

    def _widths(self) -> tuple[int, ...]:
        return tuple(self.settings["IMAGES_WIDTHS"])

    def _made(self) -> None:
        """Wait for the pictures being made; make here those the process did not."""
        maker, self.maker = self.maker, None
        if maker is not None:
            maker.finish()
        for path, site, target, names in self.making:
            if read_json(target / FILES) != names:
                make_files(path, site, target, self._widths(), self.settings["IMAGES_VARIANTS"])
        self.making.clear()

    # -- the posts and pages -------------------------------------------------------------

    def on_articles(self, generator: Any) -> None:
        self._rewrite(generator, ARTICLE_LISTS)

    def on_pages(self, generator: Any) -> None:
        self._rewrite(generator, PAGE_LISTS)

    def _rewrite(self, generator: Any, lists: Iterable[str]) -> None:
        if not self.settings:
            return
        from coachsite import pelican_adapter as adapter  # see register()
        from coachsite.content_check import shown_path

        shared = self._scan()
        items = contents_of(generator, lists)
        base = _site_base(self.settings)
        root = Path(self.settings["PATH"]).parent.resolve()
        problems: list[str] = []
        bodies: dict[int, tuple[str, None]] = {}
        for item in items:
            body = adapter.raw_body(item) or ""
            new, no_alt, broken = self._shaped(shared, body, base)
            if no_alt or broken:
                shown = shown_path(Path(item.source_path).resolve(), root)
                problems += [
                    f"{shown}: the image `{src}` has no alt text: describe what it shows "
                    f"between the brackets, ![What the picture shows]({src})"
                    for src in no_alt
                ]
                problems += [f"{shown}: {self.broken[p]}" for p in broken]
            if new != body:
                bodies[id(item)] = (new, None)
        if problems:
            raise ImageError("\n  ".join(sorted(set(problems))))
        adapter.set_body(items, bodies)
        generator.context["PICTURES"] = shared

    def on_reread(self, generator: Any, content: Any) -> None:
        """make serve's preview (coachsite/preview.py): one post read again gets its pictures
        as in the build (a new picture file is a second saved file: no preview then);
        a problem the build would report stops the preview (ImageError)."""
        from coachsite import pelican_adapter as adapter  # see register()

        shared = generator.context.get("PICTURES")
        if not isinstance(shared, Pictures):
            return
        body = adapter.raw_body(content) or ""
        new, no_alt, broken = self._shaped(shared, body, _site_base(generator.settings))
        if no_alt or broken:
            raise ImageError(f"{content.source_path}: its pictures are for the build to check")
        if new != body:
            adapter.set_body([content], {id(content): (new, None)})

    def _shaped(self, shared: Pictures, body: str, base: str) -> tuple[str, list[str], list[str]]:
        """``body`` with its pictures, the pictures in it without alt text, and the broken
        picture files it uses."""
        no_alt: list[str] = []
        new = shared.for_post(body, base, missing_alt=no_alt.append)
        return new, no_alt, _used(body, self.broken)

    # -- writing ---------------------------------------------------------------------------

    def write(self, pelican: Any) -> None:
        """Every picture's files into the output (the full-size one over Pelican's copy of
        the original), each build: the output holds what this build wrote."""
        if not self.settings:
            return
        self._scan()
        if self.broken:  # pictures no post uses: still never published as they are
            raise ImageError("\n  ".join(self.broken[p] for p in sorted(self.broken)))
        self._made()
        output = Path(self.settings["OUTPUT_PATH"])
        for name, cached in self.made.items():
            place(cached, output / name)


@dataclass(frozen=True)
class Pictures:
    """The site's pictures, for other plugins (context ``PICTURES``): the newsletter's email
    shows each as its 600-pixel variant (``for_email``)."""

    pictures: dict[str, Picture]
    widths: tuple[int, ...]
    folder: str

    def for_sharing(self, path: str, width: int = 1200) -> tuple[str, int, int] | None:
        """The variant social networks are given for the picture at ``path`` (``images/x.jpg``,
        ``/images/x.jpg``): its widest up to ``width``, in the fallback format, and its size."""
        picture = self.pictures.get(path.lstrip("/"))
        if picture is None:
            return None
        chosen = max([w for w in picture.widths(self.widths) if w <= width], default=None)
        if chosen is None:
            return None
        name = picture.variant(chosen, picture.fallback_format(), self.folder)
        return name, chosen, picture.height_at(chosen)

    def for_post(self, body: str, site_url: str, *, missing_alt: Callable[[str], None]) -> str:
        """A post's or page's body with its pictures as ``<picture>``, the variants' addresses
        from ``site_url`` (its ``src`` is resolved by Pelican); the first is the lead."""
        return self._rewrite(body, site_url, missing_alt=missing_alt)

    def for_page(self, body: str, site_url: str) -> str:
        """``body`` (HTML no reader made: a special's text) with its pictures as on a post,
        their ``src`` too from ``site_url`` (the page's ``SITEURL``, relative or not)."""
        # no alt text is said by the build of the posts, not here
        return self._rewrite(
            body, site_url, missing_alt=lambda src: None, lead_first=False, resolve_src=True
        )

    def _rewrite(self, body: str, site_url: str, **options: Any) -> str:
        return rewrite(
            body,
            self.pictures,
            url=lambda path: f"{site_url}/{path}",
            widths=self.widths,
            folder=self.folder,
            **options,
        )

    def for_email(self, body: str, site: str) -> str:
        """``body`` with every picture as one ``<img>`` of its email width, absolute."""
        return email_markup(
            body,
            self.pictures,
            url=lambda path: f"{site.rstrip('/')}/{path}",
            widths=self.widths,
            folder=self.folder,
        )


@pass_context
def with_pictures(ctx: Context, body: Any) -> Markup:
    """Jinja filter: ``{{ special.body|with_pictures }}``, a text's pictures in their sizes."""
    pictures = ctx.get("PICTURES")
    text = str(body or "")
    if isinstance(pictures, Pictures):
        text = pictures.for_page(text, str(ctx.get("SITEURL") or ""))
    return Markup(text)


def _site_base(settings: Any) -> str:
    """What the pictures' addresses in a body start with (nothing for relative addresses)."""
    return "" if settings.get("RELATIVE_URLS") else str(settings["SITEURL"])


def _used(body: str, paths: Iterable[str]) -> list[str]:
    return [path for path in paths if path in body]


IMAGES = Images()


def register() -> None:
    # Pelican is imported here and where it is used, not when this package is: the picture
    # process (coach_images.worker) imports the package, and stays small without it.
    from pelican import signals

    from coachsite.preview import REREAD

    signals.initialized.connect(IMAGES.start)
    signals.article_generator_finalized.connect(IMAGES.on_articles)
    signals.page_generator_finalized.connect(IMAGES.on_pages)
    signals.finalized.connect(IMAGES.write)
    REREAD.connect(IMAGES.on_reread)


__all__ = ["IMAGES", "ImageError", "Images", "register"]
