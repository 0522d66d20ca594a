"""Social cards: each post's own Open Graph / Twitter image, drawn at build time (Pillow).

A post without ``Image:`` gets a 1200 x 630 PNG with its title and the site's name in the
theme's colours, light (used in the meta tags), and dark too with ``CARDS_DARK = True`` (off
by default: it doubles a first build's drawing, and nothing links it). ``Card: no`` turns
it off; a page gets one only with ``Card: yes``. Fonts come from the theme
(``THEME/fonts``), never from the system, so every machine draws the same pixels.

For other plugins and templates: each such post/page has ``social_card`` = ``{"path",
"dark" (None unless made), "width", "height", "alt"}`` (paths in the built site:
``cards/light/<page>.png``, ``cards/dark/<page>.png``), attached once the generators have
decided what is a draft. Cards not in the cache are drawn from then on by a process of
their own, while Pelican writes the pages (``coach_cards.drawing``).
The PNGs are written into the output in every build, from the cache when drawn before
(``CACHE_PATH/social-cards``, see ``coach_cards.cache``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach_cards import draw
from coach_cards.drawing import Drawing
from coach_cards.layout import Face, drawable
from coachsite.content_lists import ARTICLE_LISTS, PAGE_LISTS, contents_of
from coachsite.errors import CoachError

__all__ = ["CARDS", "CardMaker", "Job", "register"]

NAME = __name__
log = logging.getLogger("pelican.plugins.cards")
FONTS = ("DejaVuSerif-Bold.ttf", "DejaVuSans.ttf")  # the title's and the site name's
FOLDER = "cards"
YES = frozenset({"yes", "true", "on", "1"})
NO = frozenset({"no", "false", "off", "0"})


def _enabled(settings: Any) -> bool:
    """Signals are process-wide: act only for builds that list this plugin."""
    return NAME in (settings.get("PLUGINS") or [])


def card_name(save_as: str) -> str:
    """The card's path below a variant's folder: ``posts/x.png`` for ``posts/x/index.html``,
    ``404.html.png`` for ``404.html``. Distinct pages get distinct names: ``S/index.html``
    and ``S`` cannot both be files of one site."""
    folder, slash, name = save_as.rpartition("/")
    stem = folder if slash and name == "index.html" else save_as
    return f"{stem.strip('/')}.png"


@dataclass(frozen=True)
class Job:
    """One card to write: its name in each variant's folder and the text it shows."""

    name: str
    text: str

    def path(self, palette: draw.Palette) -> str:
        """Where the variant goes in the site: ``cards/light/posts/x.png``."""
        return f"{FOLDER}/{palette.name}/{self.name}"


class CardMaker:
    """The plugin's state for one build at a time; its methods are the signal handlers
    (Pelican registers plugins again for every build: the same bound methods connect once).

    ``stats`` counts, for the last build in this process, the cards ``drawn`` and those
    ``reused`` from the cache (each variant counts once)."""

    def __init__(self) -> None:
        self.faces: draw.Faces | None = None
        self.stats: dict[str, int] = {"drawn": 0, "reused": 0}
        self.drawing: Drawing | None = None
        self.placements: list[tuple[str, str]] = []  # (cache key, path in the site)

    def start(self, pelican: Any) -> None:
        self.placements.clear()
        self.faces = None
        self.stats.update(drawn=0, reused=0)
        if self.drawing is not None:  # a build that failed before its cards were written
            self.drawing.stop()
            self.drawing = None

    def _faces(self, settings: Any) -> draw.Faces:
        if self.faces is None:
            folder = Path(settings["THEME"]) / "fonts"
            try:
                title, label = (Face.from_path(folder / name) for name in FONTS)
            except OSError as err:
                raise CoachError(
                    f"the social cards need the fonts {', '.join(FONTS)} in {folder} "
                    f"({err.strerror}); copy them back from the project's theme/fonts/."
                ) from None
            self.faces = draw.Faces(title, label)
        return self.faces

    def on_articles(self, generator: Any) -> None:
        if _enabled(generator.settings):
            self._plan_all(generator, ARTICLE_LISTS, page=False)

    def on_pages(self, generator: Any) -> None:
        if _enabled(generator.settings):
            self._plan_all(generator, PAGE_LISTS, page=True)

    def _plan_all(self, generator: Any, lists: tuple[str, ...], *, page: bool) -> None:
        settings = generator.settings
        for content in contents_of(generator, lists):
            if self._wanted(content, page=page):
                job = self._plan(content, settings)
                if job is not None:
                    for key, palette in self._drawing(settings).ask(job.text):
                        self.placements.append((key, job.path(palette)))

    def _drawing(self, settings: Any) -> Drawing:
        if self.drawing is None:
            folder = Path(settings["THEME"]) / "fonts"
            fonts = (folder / FONTS[0], folder / FONTS[1])
            self.drawing = Drawing(settings, self._faces(settings), fonts)
        return self.drawing

    @staticmethod
    def _wanted(content: Any, *, page: bool) -> bool:
        """Posts unless ``Card: no``, pages only with ``Card: yes``; none with ``Image:``."""
        if str(getattr(content, "image", "") or "").strip():
            return False
        value = str(getattr(content, "card", "") or "").strip().lower()
        if value and value not in YES | NO:
            log.warning(
                "%s: 'Card: %s' is neither yes nor no; write 'Card: yes' for a card of its "
                "own or 'Card: no' for the site's card.",
                getattr(content, "relative_source_path", content.source_path),
                value,
            )
        return value in YES if page else value not in NO

    def _plan(self, content: Any, settings: Any) -> Job | None:
        save_as = str(getattr(content, "save_as", "") or "")
        text = drawable(str(getattr(content, "title", "") or ""), self._faces(settings).title)
        if not save_as or text is None:
            return None  # not written (a production draft), or a title the font cannot show
        job = Job(card_name(save_as), text)
        content.social_card = {
            "path": job.path(draw.LIGHT),
            "dark": job.path(draw.DARK) if settings.get("CARDS_DARK") else None,
            "width": draw.WIDTH,
            "height": draw.HEIGHT,
            "alt": " ".join(str(content.title).split()),
        }
        return job

    def planned(self, generators: Any) -> None:
        """Posts and pages are planned: nothing more for the drawing process."""
        if self.drawing is not None:
            self.drawing.planned()

    def write(self, pelican: Any) -> None:
        """Every card of this build into the output, drawn only when not cached."""
        drawing, self.drawing = self.drawing, None
        if not _enabled(pelican.settings) or drawing is None:
            return
        self.stats.update(drawn=drawing.finish(), reused=len(drawing.cached))
        output = Path(pelican.settings["OUTPUT_PATH"])
        for key, path in self.placements:
            drawing.cache.place(key, output / path)
        drawing.cache.prune()
        log.debug("cards: %(drawn)d drawn, %(reused)d from the cache", self.stats)
        self.placements.clear()


CARDS = CardMaker()


def register() -> None:
    # Pelican is imported here, not when this package is: the drawing process
    # (coach_cards.worker) imports the package, and stays small without it.
    from pelican import signals

    signals.initialized.connect(CARDS.start)
    signals.article_generator_finalized.connect(CARDS.on_articles)
    signals.page_generator_finalized.connect(CARDS.on_pages)
    signals.all_generators_finalized.connect(CARDS.planned)
    signals.finalized.connect(CARDS.write)
