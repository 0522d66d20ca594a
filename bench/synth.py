"""Deterministic synthetic sites for the build benchmark (issue 7).

``make_sites(dest, posts=N)`` writes two folders with the same N Markdown posts:

- ``dest/full``: a copy of this project (theme, plugins, coachsite, settings, tasks.py, pages,
  specials, CTAs, images) whose ``content/articles`` holds the synthetic posts, so the project's
  own build runs on it exactly as it runs on the coach's site;
- ``dest/plain``: the same posts and images with a minimal ``pelicanconf.py`` for plain
  Pelican 4.12 (default theme, no plugins, Pelican's default feeds and cache settings).

Everything comes from one seeded ``random.Random``: the same arguments give byte-identical
files. Nothing is fetched.

    python -m bench.synth /tmp/site --posts 1000
"""

# The posts are typographic on purpose (curly quotes, dashes, ellipses), like the coach's.
# ruff: noqa: RUF001

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE_DATE = dt.date(2026, 4, 10)
DEFAULT_SEED = 7
MIN_WORDS, MAX_WORDS = 300, 1500  # words of Markdown per post

# What of the project is copied into the full site: everything at its root except these
# (and any hidden file or folder), minus the coach's own posts.
NOT_COPIED = {"output", "build", "cache", "tests", "bench", "test-artifacts", "node_modules"}
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")

CATEGORIES = {
    "Interviews": ["interviews", "phone screens", "video interviews", "hiring"],
    "Job search": ["job search", "job boards", "recruiters", "follow-up"],
    "Resumes": ["resumes", "cover letters", "applicant tracking systems", "portfolio"],
    "Career change": ["career change", "midlife", "academia", "skills"],
    "Networking": ["networking", "informational interviews", "linkedin", "mentors"],
    "Salary and offers": ["salary", "negotiation", "job offers", "benefits"],
    "Working life": ["burnout", "promotion", "performance reviews", "remote work"],
    "Consulting": ["consulting", "freelance", "personal brand", "career coaching"],
}
OTHER_TAGS = [
    "age bias",
    "references",
    "thank-you notes",
    "layoffs",
    "certifications",
    "volunteering",
    "relocation",
    "headhunters",
    "group interviews",
    "case interviews",
]
TAGS = sorted({t for tags in CATEGORIES.values() for t in tags} | set(OTHER_TAGS))

TITLE_PATTERNS = [
    "{Number} {thing} that {audience} get wrong",
    "Why your {artifact} attracts the wrong employers",
    "How to handle {situation} after fifty",
    "What hiring managers really mean by “{phrase}”",
    "The quiet cost of {situation}",
    "{Number} questions to ask before {event}",
    "When {situation} is not your fault",
    "A former academic’s guide to {topic}",
    "Stop apologizing for {situation}",
    "{Topic}: what changed and what did not",
    "Is {topic} worth it in mid-career?",
    "The {artifact} checklist I give every client",
]
NUMBERS = ["Three", "Four", "Five", "Six", "Seven", "Ten"]
THINGS = ["resume habits", "interview answers", "networking emails", "LinkedIn details", "myths"]
AUDIENCES = ["career changers", "midlife job seekers", "former academics", "senior managers"]
ARTIFACTS = ["resume", "LinkedIn profile", "cover letter", "portfolio", "reference list"]
SITUATIONS = [
    "a long employment gap",
    "a layoff",
    "a second interview that leads nowhere",
    "a lowball offer",
    "an overqualified label",
    "a silent recruiter",
    "a move out of academia",
    "a bad reference",
]
PHRASES = ["not a fit", "we'll be in touch", "overqualified", "culture add", "fast-paced"]
EVENTS = ["a phone screen", "accepting an offer", "a panel interview", "a career change"]
TOPICS = [
    "informational interviews",
    "salary negotiation",
    "career coaching",
    "certifications",
    "networking events",
    "consulting work",
    "job boards",
    "volunteering",
]

SUBJECTS = [
    "Many of my clients",
    "A hiring manager",
    "The recruiter",
    "Your interviewer",
    "Most employers",
    "One client, a former engineer,",
    "The HR department",
    "A good reference",
    "Your resume",
    "Your LinkedIn profile",
    "A short cover letter",
    "The search committee",
    "A well-prepared candidate",
    "The dean",
    "Your network",
    "Nobody on the panel",
]
VERBS = [
    "wants to see",
    "rarely notices",
    "will remember",
    "often overlooks",
    "expects",
    "is looking for",
    "can spot",
    "quietly rewards",
    "tends to penalize",
    "responds well to",
    "does not care much about",
    "will ask about",
]
OBJECTS = [
    "a clear story about your last three jobs",
    "evidence that you have kept your skills current",
    "a resume that fits on two pages",
    "questions about the company’s plans",
    "specific numbers rather than adjectives",
    "genuine interest in the role",
    "how you handled a difficult colleague",
    "a short answer to “Why are you leaving?”",
    "proof that you can learn new software",
    "the gap in your employment history",
    "a thank-you note sent the same day",
    "a reference who can speak to recent work",
    "the salary you were paid ten years ago",
    "a portfolio with two or three strong examples",
]
TAILS = [
    "",
    "",
    "",
    " during the first five minutes",
    " long before the interview",
    " when the budget is tight",
    " in a competitive market",
    ", even if nobody says so",
    "…at least in my experience",
    " — and that is good news for you",
]
OPENERS = [
    "However, ",
    "In practice, ",
    "Typically, ",
    "Of course, ",
    "Surprisingly, ",
    "First, ",
    "Finally, ",
    "",
    "",
    "",
]
MEMORIES = [
    "When I was an academic, I sat on more search committees than I can count.",
    "Years ago I went on a pseudo-interview in Boston, and the hotel was the best part of it.",
    "A client once sent forty applications in a month and heard back from two.",
    "One of my clients rewrote her resume three times before it sounded like her.",
    "I still remember the interviewer who read his email while I answered.",
]
QUESTIONS = [
    "Ask yourself: would a stranger understand what you did in your last job?",
    "What would you say if the interviewer asked, “Why now?”",
    "Have you talked to anyone who actually works there?",
    "Do you know what the job pays before the first interview?",
]
HEADINGS = [
    "Why this happens",
    "What to do instead",
    "A story from my own job search",
    "The three likely causes",
    "Questions to ask yourself",
    "How to prepare",
    "What hiring managers really think",
    "A quick checklist",
    "When to walk away",
    "Next steps",
    "What the research says",
    "A note for former academics",
    "The email I suggest",
    "Common objections",
]
LIST_ITEMS = [
    "Write down three accomplishments with numbers",
    "Ask a former colleague to read your resume",
    "Prepare two questions about the team’s plans",
    "Research the company’s last annual report",
    "Send a thank-you note the same day",
    "Cut anything older than fifteen years",
    "Practice your answer to “Tell me about yourself”",
    "Update the headline on your LinkedIn profile",
    "Keep a simple log of every application",
    "Decide on your walk-away salary in advance",
    "Call one person you have not spoken to in a year",
    "Replace adjectives with results",
]
EXTERNAL_LINKS = [
    ("the Bureau of Labor Statistics", "https://www.bls.gov/ooh/"),
    ("the EEOC’s guidance on age discrimination", "https://www.eeoc.gov/age-discrimination"),
    ("O*NET", "https://www.onetonline.org/"),
    ("a well-known study on hiring", "https://www.nber.org/papers/w19474"),
    ("Harvard Business Review", "https://hbr.org/topic/subject/career-planning"),
    ("the AARP’s job board", "https://www.aarp.org/work/"),
    ("LinkedIn’s help pages", "https://www.linkedin.com/help/linkedin"),
    ("Mailchimp", "https://mailchimp.com/"),
]
CLIENT_QUOTES = [
    "I’ve achieved some success in getting interviews. Sometimes I even get a second "
    "interview. Then…nothing happens. What’s wrong?",
    "I have twenty years of experience and I keep hearing that I am overqualified.",
    "The recruiter loved me on the phone, and then I never heard from her again.",
    "I left the university last spring and nobody seems to understand what I did there.",
    "They offered me less than I made in 2015. Should I take it?",
]
PLACES = ["Ohio", "Boston", "Denver", "a small town in Oregon", "Toronto", "Atlanta"]
NAMES = ["Ms. Alvarez", "Dr. Chen", "Mr. Okafor", "Ms. Lindqvist", "Mr. Patel"]

# (file name, width, height): small PNGs with real headers, referenced by the posts.
IMAGES = [
    ("interview-table.png", 640, 360),
    ("resume-before-after.png", 800, 450),
    ("career-path.png", 1200, 630),
    ("coach-portrait.png", 320, 320),
    ("job-search-log.png", 720, 480),
    ("salary-chart.png", 960, 540),
]


@dataclass(frozen=True)
class Post:
    """One synthetic post: where it is written and what it holds."""

    filename: str
    slug: str
    title: str
    date: dt.datetime
    text: str


@dataclass
class Sites:
    """The two folders of one synthetic site and the posts they share."""

    root: Path
    full: Path
    plain: Path
    posts: list[Post] = field(default_factory=list)

    @property
    def newest(self) -> Post:
        """The post the coach is most likely editing: the newest one."""
        return max(self.posts, key=lambda p: (p.date, p.filename))


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower().replace("’", "").replace("'", ""))
    return slug.strip("-")


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
    years: int = 12,
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
    """Copy the project (not its posts, outputs, caches, tests or hidden files) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for source in sorted(project.iterdir()):
        if source.name.startswith(".") or source.name in NOT_COPIED:
            continue
        if source.is_dir():
            ignore = IGNORED
            if source.name == "content":

                def ignore(folder: str, names: list[str], _top: str = str(source)) -> set[str]:
                    skipped = set(IGNORED(folder, names))
                    return skipped | ({"articles"} if folder == _top else set())

            shutil.copytree(source, dest / source.name, ignore=ignore, symlinks=True)
        else:
            shutil.copy2(source, dest / source.name)


def write_posts(folder: Path, posts: Iterable[Post]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for post in posts:
        (folder / post.filename).write_text(post.text, encoding="utf-8")


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
    generated = generate_posts(
        posts, seed=seed, site_date=site_date, cta_names=project_cta_names(project)
    )
    sites = Sites(dest, dest / "full", dest / "plain", generated)
    copy_project(sites.full, project)
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
