"""The build engine's oracle and the edits a coach makes (tests/test_engine_oracle.py).

The oracle is a cold build of a fresh copy of the project with ``INCREMENTAL = False``: the
incremental engine entirely out of the way (no template tracking, no render memo, no cached
addresses). ``check_against_oracle`` builds it and compares it with an incremental build,
file for file: the site (pagefind/ included) and build/newsletter/.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2.runtime
from conftest import Project
from pelican import signals
from pelican.contents import Content

import coach_incremental
from bench import synth
from coachsite.build import build

# Not part of the project's inputs: what its builds make.
MADE = {"output", "cache", "build"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes); empty if there is no folder."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(built: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    """Names of the files that differ: missing, extra, or with other bytes."""
    names = sorted(set(built) | set(expected))
    return [
        ("missing " if n not in built else "extra " if n not in expected else "differs ") + n
        for n in names
        if built.get(n) != expected.get(n)
    ]


@dataclass
class EngineSeen:
    """What the oracle build's environments and writer looked like while it ran."""

    context_classes: set[type] = field(default_factory=set)
    tracked: list[bool] = field(default_factory=list)
    url_modules: set[str] = field(default_factory=set)
    memo_while_writing: list[bool] = field(default_factory=list)


@contextmanager
def watching_engine() -> Iterator[EngineSeen]:
    """Record, during a build, whether the incremental engine is in the way."""
    seen = EngineSeen()

    def on_generator(generator: Any) -> None:
        env = getattr(generator, "env", None)
        if env is not None:
            seen.context_classes.add(env.context_class)
            seen.tracked.append(bool(getattr(env, "_incremental_tracking", False)))

    def on_written(path: Any, context: Any = None) -> None:
        url = Content.__dict__["url"]
        seen.url_modules.add(getattr(getattr(url, "fget", None), "__module__", "?"))
        seen.memo_while_writing.append(coach_incremental.ENGINE.memo is not None)

    signals.generator_init.connect(on_generator)
    signals.content_written.connect(on_written)
    try:
        yield seen
    finally:
        signals.generator_init.disconnect(on_generator)
        signals.content_written.disconnect(on_written)


def assert_engine_out_of_the_way(seen: EngineSeen) -> None:
    assert seen.context_classes == {jinja2.runtime.Context}, seen.context_classes
    assert seen.tracked and not any(seen.tracked)
    assert seen.url_modules == {"pelican.contents"}, seen.url_modules  # Pelican's own url
    assert seen.memo_while_writing and not any(seen.memo_while_writing)
    assert not coach_incremental.LAST_STATS  # no memo, no stats


@contextmanager
def site_date(day: str) -> Iterator[None]:
    saved = os.environ.get("SITE_DATE")
    os.environ["SITE_DATE"] = day
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SITE_DATE", None)
        else:
            os.environ["SITE_DATE"] = saved


def fresh_copy(project: Project, dest: Path) -> Project:
    """The project's inputs (content, theme, plugins, settings) without anything built."""
    if dest.exists():
        shutil.rmtree(dest)

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == project.root
        return {n for n in names if n == "__pycache__" or (top and (n in MADE or n[0] == "."))}

    shutil.copytree(project.root, dest, ignore=ignore)
    return Project(dest)


def oracle(project: Project, dest: Path, day: str) -> Project:
    """Build a fresh copy of ``project`` cold, with ``INCREMENTAL = False``, on ``day``."""
    cold = fresh_copy(project, dest)
    with site_date(day), watching_engine() as seen:
        build(cold.root / "pelicanconf.py", overrides={"INCREMENTAL": False})
    assert_engine_out_of_the_way(seen)
    return cold


def check_against_oracle(project: Project, dest: Path, day: str, label: str = "") -> None:
    """``project`` as last built incrementally (on ``day``) equals the oracle's build."""
    stats = dict(coach_incremental.LAST_STATS)
    cold = oracle(project, dest, day)
    for folder in ("output", "build/newsletter"):
        found = differences(tree(project.root / folder), tree(cold.root / folder))
        assert not found, f"after {label or 'the edit'} ({stats}), {folder}/: {found[:20]}"
    coach_incremental.LAST_STATS.update(stats)


# --- the edits -------------------------------------------------------------------------


@dataclass
class Site:
    """A project under edit, and the build date its next build uses."""

    project: Project
    rng: random.Random
    day: str = "2026-04-10"
    made: int = 0  # numbers new posts, titles, specials...

    @property
    def articles(self) -> Path:
        return self.project.root / "content" / "articles"

    def posts(self) -> list[Path]:
        return sorted(self.articles.glob("*.md"))

    def post(self, unlinked: bool = False) -> Path:
        """A post; ``unlinked``: one no other post links to (it may go away)."""
        posts = self.posts()
        if unlinked:
            texts = [p.read_text(encoding="utf-8") for p in posts]
            posts = [p for p in posts if not any(f"{{filename}}{p.name}" in t for t in texts)]
        return self.rng.choice(posts)

    def number(self) -> int:
        self.made += 1
        return self.made


def set_meta(path: Path, key: str, value: str | None) -> None:
    """Set (None: remove) one ``Key: value`` line of a file's front matter."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    lines = [line for line in head.splitlines() if not line.lower().startswith(f"{key.lower()}:")]
    if value is not None:
        lines.append(f"{key}: {value}")
    path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")


def meta(path: Path, key: str) -> str | None:
    head = path.read_text(encoding="utf-8").partition("\n\n")[0]
    found = re.search(rf"^{key}:\s*(.*)$", head, re.M | re.I)
    return found.group(1).strip() if found else None


def edit_text(site: Site) -> str:
    path = site.post()
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    path.write_text(f"{head}\n\nEdit {site.number()}: a new first line.\n\n{body}", "utf-8")
    return f"text of {path.name}"


def edit_title(site: Site) -> str:
    path = site.post()
    set_meta(path, "Title", f"A retitled post number {site.number()}")
    return f"title of {path.name}"


def edit_tags(site: Site) -> str:
    path = site.post()
    tags = site.rng.sample(synth.TAGS, site.rng.randint(1, 3))
    if site.rng.random() < 0.3:
        tags.append(f"new topic {site.number()}")
    set_meta(path, "Tags", ", ".join(tags))
    return f"tags of {path.name}: {tags}"


def edit_category(site: Site) -> str:
    path = site.post()
    category = site.rng.choice([*synth.CATEGORIES, "Interviews", "A new category"])
    set_meta(path, "Category", category)
    return f"category of {path.name}: {category}"


def edit_date(site: Site) -> str:
    """A post moved to another year (2013-2026; one after the build date is scheduled)."""
    unlinked = site.rng.random() < 0.5
    path = site.post(unlinked)
    years = 14 if unlinked else 13  # a post others link to stays published
    day = dt.date(2013, 1, 1) + dt.timedelta(days=site.rng.randrange(365 * years))
    set_meta(path, "Date", f"{day:%Y-%m-%d} {site.rng.randint(6, 20):02d}:30")
    return f"date of {path.name}: {day}"


def toggle_draft(site: Site) -> str:
    path = site.post(unlinked=True)
    draft = meta(path, "Status") != "draft"
    set_meta(path, "Status", "draft" if draft else None)
    return f"{path.name} {'made a draft' if draft else 'published'}"


def add_post(site: Site) -> str:
    n = site.number()
    rng = site.rng
    day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(365 * 13))
    category = rng.choice(list(synth.CATEGORIES))
    tags = ", ".join(rng.sample(synth.CATEGORIES[category], 2))
    path = site.articles / f"{day:%Y-%m-%d}-added-{n}.md"
    path.write_text(
        f"Title: Added post {n}\nDate: {day:%Y-%m-%d} 10:00\nCategory: {category}\n"
        f"Tags: {tags}\nSlug: added-post-{n}\n\nA post added by edit {n}, dated {day}.\n",
        encoding="utf-8",
    )
    return f"new post {path.name}"


def delete_post(site: Site) -> str:
    if len(site.posts()) <= 6:
        return add_post(site)
    path = site.post(unlinked=True)
    path.unlink()
    return f"deleted {path.name}"


def edit_cta(site: Site) -> str:
    """A CTA's headline, a post's chosen CTA, or a new CTA variant with its own rules."""
    roll = site.rng.random()
    ctas = site.project.root / "content" / "ctas"
    if roll < 0.4:
        path = site.rng.choice(sorted(ctas.glob("*.md")))
        set_meta(path, "Headline", f"A call to action, version {site.number()}")
        return f"headline of CTA {path.stem}"
    if roll < 0.7:
        path = site.post()
        names = [p.stem for p in sorted(ctas.glob("*.md"))] + ["none", None]
        choice = site.rng.choice(names)
        set_meta(path, "CTA", choice)
        return f"CTA of {path.name}: {choice}"
    tag = site.rng.choice(synth.TAGS)
    name = f"variant{site.number()}"
    (ctas / f"{name}.md").write_text(
        f"Headline: About {tag}\nButton: Write to me\nLink: email\nTags: {tag}\n\n"
        f"A consultation about {tag}.\n",
        encoding="utf-8",
    )
    return f"new CTA {name} for {tag}"


def edit_special(site: Site) -> str:
    """A special added for a month of 2026, or one removed, or its offer changed."""
    folder = site.project.root / "content" / "specials"
    existing = sorted(folder.glob("*.md"))
    months = [f"2026-{m:02d}" for m in range(3, 13)]
    free = [m for m in months if not (folder / f"{m}.md").exists()]
    roll = site.rng.random()
    if existing and (roll < 0.35 or not free):
        path = site.rng.choice(existing)
        path.unlink()
        return f"special {path.stem} removed"
    if existing and roll < 0.5:
        path = site.rng.choice(existing)
        set_meta(path, "Offer", f"Offer number {site.number()}.")
        return f"offer of special {path.stem}"
    month = site.rng.choice(free)
    name = dt.date.fromisoformat(f"{month}-01").strftime("%B")
    (folder / f"{month}.md").write_text(
        f"Title: {name} special\nMonth: {month}\nOffer: A {name} consultation.\n\n"
        f"Write in {name} and mention the special.\n",
        encoding="utf-8",
    )
    return f"special {month} added"


def edit_page(site: Site) -> str:
    pages = site.project.root / "content" / "pages"
    path = site.rng.choice(sorted(pages.glob("*.md")))
    if site.rng.random() < 0.5:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nA paragraph added by edit {site.number()}.\n")
        return f"text of page {path.name}"
    set_meta(path, "Summary", f"A new summary, edit {site.number()}.")
    return f"summary of page {path.name}"


TEMPLATE_EDITS = [
    ("partials/post_nav.html", "Previous article", "Older article"),
    ("partials/site_footer.html", "&copy;", "Copyright &copy;"),
    ("partials/post_nav.html", "Next article", "Newer article"),
]


def edit_template(site: Site) -> str:
    name, old, new = site.rng.choice(TEMPLATE_EDITS)
    path = site.project.root / "theme" / "templates" / name
    text = path.read_text(encoding="utf-8")
    text = text.replace(old, new) if old in text else text.replace(new, old)
    path.write_text(text, encoding="utf-8")
    return f"template {name}"


def edit_settings(site: Site) -> str:
    """The settings file (page size, subtitle) or the coach's content/site.md (price)."""
    roll = site.rng.random()
    if roll < 0.6:
        path = site.project.root / "pelicanconf.py"
        text = path.read_text(encoding="utf-8")
        if roll < 0.3:
            size = site.rng.choice([3, 5, 10])
            text = re.sub(
                r"^DEFAULT_PAGINATION = \d+",
                f"DEFAULT_PAGINATION = {size}",
                text,
                count=1,
                flags=re.M,
            )
            label = f"pagination {size}"
        else:
            subtitle = f"Career advice, version {site.number()}"
            text = re.sub(
                r'^SITESUBTITLE = ".*"', f'SITESUBTITLE = "{subtitle}"', text, count=1, flags=re.M
            )
            label = f"subtitle {subtitle!r}"
        path.write_text(text, encoding="utf-8")
        return f"settings: {label}"
    path = site.project.root / "content" / "site.md"
    price = site.rng.choice([120, 150, 175])
    text = re.sub(r"^Price: .*$", f"Price: {price}", path.read_text("utf-8"), count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return f"site.md: price {price}"


# Days of 2026 (the testimonials' consent is from March): in and out of the specials' months.
DAYS = ["2026-03-20", "2026-04-10", "2026-04-11", "2026-04-30", "2026-05-01", "2026-05-20"]
DAYS += ["2026-06-30", "2026-07-01", "2026-09-15", "2026-12-31"]


def change_day(site: Site) -> str:
    site.day = site.rng.choice([d for d in DAYS if d != site.day])
    return f"build date {site.day}"


EDITS: dict[str, Callable[[Site], str]] = {
    "text": edit_text,
    "title": edit_title,
    "tags": edit_tags,
    "category": edit_category,
    "date": edit_date,
    "draft": toggle_draft,
    "new post": add_post,
    "deletion": delete_post,
    "cta": edit_cta,
    "special": edit_special,
    "page": edit_page,
    "template": edit_template,
    "settings": edit_settings,
    "build date": change_day,
}


def sequence(rng: random.Random, count: int) -> list[str]:
    """``count`` edit kinds: every kind once, the rest drawn at random, in random order."""
    kinds = list(EDITS) + [rng.choice(list(EDITS)) for _ in range(count - len(EDITS))]
    rng.shuffle(kinds)
    return kinds
