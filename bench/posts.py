"""Deterministic synthetic posts for the build benchmark: ``generate_posts`` (issue 7).

Everything comes from one seeded ``random.Random``: the same arguments give the same posts.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

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

DEFAULT_SITE_DATE = dt.date(2026, 4, 10)
DEFAULT_SEED = 7
MIN_WORDS, MAX_WORDS = 300, 1500  # words of Markdown per post
YEARS = 12  # the posts' dates span this many years before the build date


@dataclass(frozen=True)
class Post:
    """One synthetic post: where it is written and what it holds."""

    filename: str
    slug: str
    title: str
    date: dt.datetime
    text: str


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower().replace("’", "").replace("'", ""))
    return slug.strip("-")


class _Writer:
    """Builds the body of one post from a shared seeded random generator."""

    def __init__(self, rng: random.Random, earlier: list[Post], cta_names: list[str]) -> None:
        self.rng = rng
        self.earlier = earlier
        self.cta_names = cta_names

    def sentence(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.08:
            return r.choice(MEMORIES)
        if roll < 0.14:
            return r.choice(QUESTIONS)
        opener, subject, obj = r.choice(OPENERS), r.choice(SUBJECTS), r.choice(OBJECTS)
        if opener:
            subject = subject[0].lower() + subject[1:]
        roll = r.random()
        if roll < 0.05:
            obj = f"**{obj}**"
        elif roll < 0.10:
            obj = f"*{obj}*"
        return f"{opener}{subject} {r.choice(VERBS)} {obj}{r.choice(TAILS)}."

    def link(self) -> str:
        r = self.rng
        if self.earlier and r.random() < 0.6:
            target = r.choice(self.earlier[-200:])
            return f"I wrote about this in [{target.title}]({{filename}}{target.filename})."
        if r.random() < 0.15:
            tag = r.choice(TAGS)
            return f"See also everything I have written about [{tag}]({{tag}}{tag})."
        label, url = r.choice(EXTERNAL_LINKS)
        return f"For background, see [{label}]({url})."

    def paragraph(self) -> str:
        r = self.rng
        sentences = [self.sentence() for _ in range(r.randint(3, 7))]
        if r.random() < 0.25:
            sentences.insert(r.randrange(len(sentences) + 1), self.link())
        if r.random() < 0.04:
            sentences.append("Press `Ctrl+F` and search your resume for “responsible for”.")
        return " ".join(sentences)

    def bullet_list(self) -> str:
        r = self.rng
        items = r.sample(LIST_ITEMS, r.randint(3, 6))
        if r.random() < 0.4:
            return "\n".join(f"{n}. {item}." for n, item in enumerate(items, start=1))
        return "\n".join(f"- {item}." for item in items)

    def quote(self) -> str:
        r = self.rng
        text = r.choice(CLIENT_QUOTES)
        return f"> “{text}”\n>\n> — a client in {r.choice(PLACES)}"

    def code(self) -> str:
        r = self.rng
        if r.random() < 0.7:
            name = r.choice(NAMES)
            return (
                "```text\n"
                "Subject: Thank you for today's conversation\n\n"
                f"Dear {name},\n\n"
                "Thank you for taking the time to talk with me about the role.\n"
                f"I especially enjoyed hearing about {r.choice(TOPICS)}.\n\n"
                "Best regards,\nPat\n"
                "```"
            )
        days = r.randint(5, 14)
        return (
            "```python\n"
            "# A tiny application log: who to follow up with this week.\n"
            "import datetime as dt\n\n"
            "applications = [\n"
            '    ("Acme Corp", dt.date(2024, 3, 4)),\n'
            '    ("Globex", dt.date(2024, 3, 11)),\n'
            "]\n"
            "for company, sent in applications:\n"
            f"    if dt.date.today() - sent > dt.timedelta(days={days}):\n"
            '        print(f"Follow up with {company}")\n'
            "```"
        )

    def image(self) -> str:
        r = self.rng
        name, width, height = r.choice(IMAGES)
        alt = name.removesuffix(".png").replace("-", " ").capitalize()
        src = f"{{static}}/images/{name}"
        if r.random() < 0.5:
            return f'![{alt}]({src}){{: width="{width}" height="{height}"}}'
        return f"![{alt}]({src})"

    def table(self) -> str:
        r = self.rng
        rows = "\n".join(
            f"| {stage} | {r.randint(2, 21)} days |"
            for stage in ("Application", "Phone screen", "First interview", "Offer")
        )
        return "| Stage | Typical wait |\n|---|---|\n" + rows

    def body(self, words: int) -> str:
        """About ``words`` words (never more than MAX_WORDS) of varied Markdown."""
        r = self.rng
        blocks = [self.paragraph() for _ in range(r.randint(1, 2))]
        headings = r.sample(HEADINGS, len(HEADINGS))
        extras = {"image": r.random() < 0.45, "quote": r.random() < 0.5, "code": r.random() < 0.3}
        extras["table"] = r.random() < 0.08

        def count() -> int:
            return sum(len(b.split()) for b in blocks)

        while count() < words:
            if headings:
                level = "###" if r.random() < 0.2 else "##"
                blocks.append(f"{level} {headings.pop()}")
            for _ in range(r.randint(1, 3)):
                blocks.append(self.paragraph())
            if r.random() < 0.35:
                blocks.append(self.bullet_list())
            for kind in ("image", "quote", "code", "table"):
                if extras[kind] and r.random() < 0.5:
                    extras[kind] = False
                    blocks.append(getattr(self, kind)())
        while len(blocks) > 2 and (count() > MAX_WORDS or blocks[-1].startswith("#")):
            blocks.pop()
        return "\n\n".join(blocks) + "\n"

    def title(self) -> str:
        r = self.rng
        title = r.choice(TITLE_PATTERNS).format(
            Number=r.choice(NUMBERS),
            thing=r.choice(THINGS),
            audience=r.choice(AUDIENCES),
            artifact=r.choice(ARTIFACTS),
            situation=r.choice(SITUATIONS),
            phrase=r.choice(PHRASES),
            event=r.choice(EVENTS),
            topic=r.choice(TOPICS),
            Topic=r.choice(TOPICS).capitalize(),
        )
        return title[0].upper() + title[1:]

    def front_matter(self, title: str, slug: str, date: dt.datetime, site_date: dt.date) -> str:
        r = self.rng
        category = r.choice(list(CATEGORIES))
        tags = r.sample(CATEGORIES[category], r.randint(1, 2))
        tags += [t for t in r.sample(TAGS, r.randint(1, 3)) if t not in tags]
        lines = [
            f"Title: {title}",
            f"Date: {date:%Y-%m-%d %H:%M}",
            f"Category: {category}",
            f"Tags: {', '.join(tags)}",
            f"Slug: {slug}",
        ]
        if r.random() < 0.1:
            last = dt.datetime.combine(site_date, dt.time(0, 0)) - dt.timedelta(days=1)
            if last > date:
                modified = date + (last - date) * r.random()
                lines.append(f"Modified: {modified:%Y-%m-%d %H:%M}")
        if r.random() < 0.75:
            lines.append(f"Summary: {self.sentence()} {self.sentence()}")
        roll = r.random()
        if self.cta_names and roll < 0.15:
            lines.append(f"CTA: {r.choice(self.cta_names)}")
        elif roll > 0.97:
            lines.append("CTA: none")
        return "\n".join(lines) + "\n\n"


def generate_posts(
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    site_date: dt.date = DEFAULT_SITE_DATE,
    years: int = YEARS,
    cta_names: Iterable[str] = (),
) -> list[Post]:
    """``count`` posts, oldest first, dated over ``years`` years up to the day before the build."""
    rng = random.Random(seed)
    posts: list[Post] = []
    writer = _Writer(rng, posts, sorted(cta_names))
    last = dt.datetime.combine(site_date - dt.timedelta(days=1), dt.time(21, 0))
    first = last - dt.timedelta(days=365 * years)
    step = (last - first) / max(count, 1)
    slugs: set[str] = set()
    for number in range(count):
        day = first + step * (number + rng.random() * 0.9)
        date = dt.datetime.combine(day.date(), dt.time(rng.randint(6, 20), rng.choice([0, 30])))
        date = min(date, last)
        title = writer.title()
        slug = base = slugify(title)
        suffix = 2
        while slug in slugs:
            slug = f"{base}-{suffix}"
            suffix += 1
        slugs.add(slug)
        if slug != base:
            title = f"{title} (part {suffix - 1})"
        text = writer.front_matter(title, slug, date, site_date) + writer.body(
            rng.randint(MIN_WORDS, MAX_WORDS)
        )
        filename = f"{date:%Y-%m-%d}-{slug}.md"
        posts.append(Post(filename, slug, title, date, text))
    return posts
