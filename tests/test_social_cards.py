"""Social cards (plugins/coach_cards): each post's own Open Graph / Twitter image.

A post without ``Image:`` gets a 1200 x 630 PNG with its title, drawn once per title with the
fonts in theme/fonts/, cached, and written into every build; pages opt in with ``Card: yes``.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from conftest import ROOT, Project, copy_project
from PIL import Image

import coach_cards
from coach_cards import draw
from coach_cards.cache import card_key
from coach_cards.drawing import Drawing
from coach_cards.layout import ELLIPSIS, MAX_LINES, TITLE_SIZES, Face, drawable, layout_title

SITE = "https://www.midlifecareerstrategy.com/"
POST = "posts/pseudo-interviews/index.html"
TITLE = "Pseudo-Interviews: When the Interview Was Never Real"
CARD = "cards/light/posts/pseudo-interviews.png"
DARK_CARD = "cards/dark/posts/pseudo-interviews.png"
DEFAULT = SITE + "theme/images/social-card.png"
FONTS = ROOT / "theme" / "fonts"
SALARY = "Salary Talk Without Fear"


def write_post(project: Project, title: str, settings: str = "") -> str:
    """A post dated 2026-04-08 with these extra settings lines; returns its file's path."""
    name = f"content/articles/2026-04-08-{title.lower().replace(' ', '-')}.md"
    project.write(name, f"Title: {title}\nDate: 2026-04-08\nCategory: Interviews\n{settings}\nx\n")
    return name


def card_files(*pages: str) -> list[str]:
    """The card files of these pages (``posts/x`` for posts/x/index.html): light only, the
    dark variant is made with ``CARDS_DARK = True``."""
    return sorted(f"cards/light/{page}.png" for page in pages)


def set_privacy_card(project: Project, value: str) -> None:
    """Give the demo's privacy page the line ``Card: <value>``."""
    privacy = project.root / "content/pages/privacy.md"
    text = privacy.read_text(encoding="utf-8")
    privacy.write_text(text.replace("Slug: privacy\n", f"Slug: privacy\nCard: {value}\n"), "utf-8")


def meta(page: str, key: str) -> list[str]:
    """Values of <meta property|name=key content=...>."""
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)


def png(path: Path) -> Image.Image:
    image = Image.open(io.BytesIO(path.read_bytes()))
    image.load()
    return image


def cards(project: Project) -> dict[str, bytes]:
    """Every card file in the output, by its path there."""
    folder = project.output / "cards"
    return {p.relative_to(project.output).as_posix(): p.read_bytes() for p in folder.rglob("*.png")}


@pytest.fixture(scope="module")
def face() -> Face:
    return Face.from_path(FONTS / "DejaVuSerif-Bold.ttf")


def test_a_post_without_image_has_its_own_card(project: Project) -> None:
    project.build()
    page = project.read(POST)
    assert meta(page, "og:image") == [SITE + CARD]
    assert meta(page, "twitter:image") == [SITE + CARD]
    assert meta(page, "og:image:width") == ["1200"]
    assert meta(page, "og:image:height") == ["630"]
    assert meta(page, "og:image:alt") == [TITLE]
    assert meta(page, "twitter:image:alt") == [TITLE]
    image = png(project.output / CARD)
    # a palette image: every pixel a shade of the text or the accent over the background
    assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "P")
    assert image.info == {}  # no timestamp, text chunk or other metadata
    # the listing pages keep the site's card
    assert meta(project.read("index.html"), "og:image") == [DEFAULT]


def test_two_posts_get_different_cards(project: Project) -> None:
    write_post(project, SALARY)
    project.build()
    second = meta(project.read("posts/salary-talk-without-fear/index.html"), "og:image")
    assert second == [SITE + "cards/light/posts/salary-talk-without-fear.png"]
    assert meta(project.read(POST), "og:image") == [SITE + CARD]
    made = cards(project)
    assert made[CARD] != made["cards/light/posts/salary-talk-without-fear.png"]
    assert sorted(made) == card_files("posts/pseudo-interviews", "posts/salary-talk-without-fear")


def test_a_post_with_image_or_card_no_keeps_its_picture(project: Project) -> None:
    logo = (project.root / "theme/static/images/logo.png").read_bytes()
    project.write("content/images/hotel.png", logo)
    write_post(project, "Boston", "Image: images/hotel.png\n")
    write_post(project, "Plain", "Card: no\n")
    project.build()
    # its own picture, as published for sharing (plugins/coach_images: the 144 px logo's size)
    boston = project.read("posts/boston/index.html")
    assert meta(boston, "og:image") == [SITE + "images/sizes/hotel-144.png"]
    assert meta(project.read("posts/plain/index.html"), "og:image") == [DEFAULT]
    assert sorted(cards(project)) == card_files("posts/pseudo-interviews")


def test_a_page_gets_a_card_only_with_card_yes(project: Project) -> None:
    set_privacy_card(project, "yes")
    report = project.build()
    assert meta(project.read("privacy/index.html"), "og:image") == [
        SITE + "cards/light/privacy.png"
    ]
    assert meta(project.read("about/index.html"), "og:image") == [DEFAULT]
    assert sorted(cards(project)) == card_files("posts/pseudo-interviews", "privacy")
    assert png(project.output / "cards/light/privacy.png").size == (1200, 630)
    assert not [w for w in report.warnings if "Card:" in w]


def test_an_unclear_card_line_is_warned_about(project: Project) -> None:
    set_privacy_card(project, "maybe")
    report = project.build()
    assert [w for w in report.warnings if "'Card: maybe' is neither yes nor no" in w]
    assert meta(project.read("privacy/index.html"), "og:image") == [DEFAULT]


def test_a_draft_preview_has_its_card(project: Project) -> None:
    write_post(project, "A Draft", "Status: draft\n")
    project.build()
    page = project.read("drafts/a-draft/index.html")
    assert meta(page, "og:image") == [SITE + "cards/light/drafts/a-draft.png"]
    assert png(project.output / "cards/light/drafts/a-draft.png").size == (1200, 630)


def test_the_dark_variant_exists_and_differs(project: Project) -> None:
    assert not (project.root / "output" / DARK_CARD).exists()
    settings = (project.root / "pelicanconf.py").read_text(encoding="utf-8")
    project.write("pelicanconf.py", settings + "\nCARDS_DARK = True\n")
    project.build()
    light, dark = (png(project.output / name).convert("RGB") for name in (CARD, DARK_CARD))
    assert dark.size == light.size == (1200, 630)
    assert (project.output / CARD).read_bytes() != (project.output / DARK_CARD).read_bytes()
    corner = (1190, 8)  # the background, away from the band, the title and the name
    assert light.getpixel(corner) == (0xFB, 0xFA, 0xF6)
    assert dark.getpixel(corner) == (0x12, 0x1A, 0x1D)
    assert dark.getpixel((4, 300)) == (0x7F, 0xCB, 0xD1)  # the accent band
    assert light.getpixel((4, 300)) == (0x1A, 0x5A, 0x61)


def test_a_second_build_draws_nothing_and_matches_a_clean_build(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    salary = write_post(project, SALARY)
    project.build()
    assert coach_cards.CARDS.stats == {"drawn": 2, "reused": 0}
    first = cards(project)

    def no_drawing(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a cached card was drawn again")

    with monkeypatch.context() as patch:
        patch.setattr(draw.Base, "card", no_drawing)
        project.build()
    assert coach_cards.CARDS.stats == {"drawn": 0, "reused": 2}
    assert cards(project) == first  # written again by a build that drew nothing

    clean = copy_project(tmp_path / "clean")
    write_post(clean, SALARY)
    clean.build()
    assert coach_cards.CARDS.stats == {"drawn": 2, "reused": 0}
    assert cards(clean) == first

    # a new title: only its card is drawn; a removed post's card leaves the output
    (project.root / salary).unlink()
    write_post(project, "Pay Talk Without Fear")
    project.build()
    assert coach_cards.CARDS.stats == {"drawn": 1, "reused": 1}
    assert sorted(cards(project)) == card_files(
        "posts/pseudo-interviews", "posts/pay-talk-without-fear"
    )


def test_the_cache_key_covers_what_decides_the_pixels() -> None:
    faces = draw.Faces(Face.from_path(FONTS / "DejaVuSerif-Bold.ttf"), Face(b"other font"))
    same = draw.Faces(faces.title, Face(b"other font"))
    key = card_key(TITLE, "Site", draw.LIGHT, faces)
    assert card_key(TITLE, "Site", draw.LIGHT, same) == key
    others = {
        card_key(TITLE + "!", "Site", draw.LIGHT, faces),
        card_key(TITLE, "Site 2", draw.LIGHT, faces),
        card_key(TITLE, "Site", draw.DARK, faces),
        card_key(TITLE, "Site", draw.LIGHT, draw.Faces(faces.title, Face(b"another font"))),
    }
    assert len(others) == 4 and key not in others


def test_a_short_title_is_set_at_the_largest_size(face: Face) -> None:
    layout = layout_title("Salary talk", face, 990, 360)
    assert (layout.size, layout.lines, layout.truncated) == (
        TITLE_SIZES[0],
        ("Salary talk",),
        False,
    )


def test_long_titles_wrap_at_words_in_a_smaller_size(face: Face) -> None:
    title = (
        "Why Your Resume Gets You Interviews but Never Offers, and What Hiring Managers Look For"
    )
    layout = layout_title(title, face, 990, 360)
    assert layout.size < TITLE_SIZES[0]
    assert not layout.truncated
    assert len(layout.lines) > 1
    assert " ".join(layout.lines) == title  # every word whole, in order, none left out
    assert all(face.length(line, layout.size) <= 990 for line in layout.lines)
    # the same title at the largest size needs more lines than the box holds
    assert layout_title(title, face, 990, 360, sizes=TITLE_SIZES[:1]).truncated


def test_a_title_too_long_for_the_smallest_size_ends_with_an_ellipsis(face: Face) -> None:
    words = [f"Word{n}" for n in range(80)]
    layout = layout_title(" ".join(words), face, 990, 360)
    assert layout.truncated
    assert layout.size == min(TITLE_SIZES)
    assert len(layout.lines) == MAX_LINES
    assert layout.lines[-1].endswith(ELLIPSIS)
    shown = " ".join(layout.lines).removesuffix(ELLIPSIS).split(" ")
    assert shown == words[: len(shown)]  # cut after a whole word
    assert all(face.length(line, layout.size) <= 990 for line in layout.lines)


def test_punctuation_before_the_ellipsis_is_dropped(face: Face) -> None:
    title = "Interviews: " * 40
    layout = layout_title(title, face, 990, 360)
    assert layout.lines[-1].endswith("Interviews" + ELLIPSIS)


def test_characters_the_font_lacks(face: Face) -> None:
    assert drawable("Q&A  🎉 “quoted”\n", face) == "Q&A “quoted”"
    assert drawable("履歴書の書き方", face) is None  # letters it cannot show: no card at all


def test_card_names_follow_the_pages_files() -> None:
    assert coach_cards.card_name("posts/x/index.html") == "posts/x.png"
    assert coach_cards.card_name("about/index.html") == "about.png"
    assert coach_cards.card_name("index.html") == "index.html.png"  # not the same as "index/"
    assert coach_cards.card_name("404.html") == "404.html.png"


def faces_from_theme() -> draw.Faces:
    return draw.Faces(
        Face.from_path(FONTS / "DejaVuSerif-Bold.ttf"), Face.from_path(FONTS / "DejaVuSans.ttf")
    )


@pytest.mark.parametrize("palette", draw.PALETTES, ids=lambda palette: palette.name)
def test_every_pixel_is_a_shade_of_the_theme_colours(palette: draw.Palette) -> None:
    card = Image.open(io.BytesIO(draw.Base("Site", palette, faces_from_theme()).card(TITLE)))
    shown = {colour for _, colour in card.convert("RGB").getcolors(maxcolors=1 << 16)}
    ramp = draw.colours(palette)
    shades = {tuple(ramp[i : i + 3]) for i in range(0, len(ramp), 3)}
    assert shown <= shades
    # the background, the full text colour (the title) and the full accent (band, rule)
    for colour in (palette.background, palette.text, palette.accent):
        assert tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) in shown
    assert len(shown) > 20  # the letters' edges are smooth, not two-tone


def asked_cards(
    tmp_path: Path, titles: list[str], fonts: tuple[Path, Path], *, wait: bool = False
) -> Drawing:
    """A Drawing of every title's light and dark cards into ``tmp_path``, finished (once the
    drawing process has reported them all or ended, with ``wait``)."""
    faces = faces_from_theme()
    settings = {"CACHE_PATH": str(tmp_path), "SITENAME": "Site", "CARDS_DARK": True}
    drawing = Drawing(settings, faces, fonts)
    for title in titles:
        drawing.ask(title)
    deadline = time.monotonic() + 120  # a bound on waiting for it, not a speed target
    cards = 2 * len(set(titles))  # a title asked twice is one card per palette
    while wait and drawing.working() and drawing.reported() < cards:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert drawing.finish() == cards
    return drawing


def drawn_by_hand(titles: list[str]) -> dict[str, bytes]:
    """The same cards drawn here, by cache key."""
    faces = faces_from_theme()
    made = {}
    for palette in draw.PALETTES:
        base = draw.Base("Site", palette, faces)
        for title in titles:
            made[card_key(title, "Site", palette, faces)] = base.card(title)
    return made


def cached(folder: Path) -> dict[str, bytes]:
    return {path.stem: path.read_bytes() for path in (folder / "social-cards").glob("*.png")}


THEME_FONTS = (FONTS / "DejaVuSerif-Bold.ttf", FONTS / "DejaVuSans.ttf")


def test_cards_drawn_by_the_drawing_process_are_the_build_s_own(tmp_path: Path) -> None:
    titles = [f"{TITLE} {n}" for n in range(20)]
    drawing = asked_cards(tmp_path / "waited", titles, THEME_FONTS, wait=True)
    assert drawing.drawn_here == 0  # every card came from the drawing process
    assert cached(tmp_path / "waited") == drawn_by_hand(titles)
    # finished at once: the build draws what the process has not, and the two meet
    asked_cards(tmp_path / "at-once", titles, THEME_FONTS)
    assert cached(tmp_path / "at-once") == drawn_by_hand(titles)


def test_without_the_drawing_process_the_build_draws_every_card(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    titles = [f"{TITLE} {n}" for n in range(6)]
    fonts = (tmp_path / "gone.ttf", THEME_FONTS[1])  # the process cannot load its fonts
    drawing = asked_cards(tmp_path, titles, fonts, wait=True)
    assert drawing.drawn_here == 12
    assert cached(tmp_path) == drawn_by_hand(titles)
    assert "cards: the drawing process stopped early" in caplog.text


def test_a_title_asked_twice_is_drawn_once_and_every_card_is_made(tmp_path: Path) -> None:
    titles = [f"{TITLE} {n % 7}" for n in range(21)]  # each title three times
    for wait in (True, False):
        folder = tmp_path / str(wait)
        asked_cards(folder, titles, THEME_FONTS, wait=wait)
        assert cached(folder) == drawn_by_hand(sorted(set(titles)))


def test_posts_of_one_title_each_have_their_card(project: Project) -> None:
    write_post(project, SALARY)
    other = "content/articles/2026-04-09-salary-again.md"
    project.write(other, f"Title: {SALARY}\nDate: 2026-04-09\nSlug: salary-again\nx\n")
    project.build()
    made = cards(project)
    first = made["cards/light/posts/salary-talk-without-fear.png"]
    assert made["cards/light/posts/salary-again.png"] == first
