"""The coach's commands: `invoke --list` shows them. The Makefile only bootstraps .venv."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

from coachsite.errors import CoachError  # noqa: E402

DEV = ROOT / "pelicanconf.py"
PROD = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"


def _fail(err: Exception) -> Exit:
    """A coach's mistake: one clear message on stderr, exit status 1, no traceback."""
    return Exit(f"error: {err}", code=1)


def _build(settings_file: Path = DEV, *, ignore_cache: bool = False, quiet: bool = False) -> None:
    from coachsite.build import build as run_build

    date = os.environ.get("SITE_DATE") or "today"
    if not quiet:
        print(f"Building the site ({settings_file.name}, date: {date}) ...", flush=True)
    try:
        report = run_build(settings_file, ignore_cache=ignore_cache)
    except KeyboardInterrupt:
        raise Exit("Build interrupted; output/ was left as it was.", code=130) from None
    except Exception as err:
        if getattr(err, "user_error", False):
            raise _fail(err) from None
        raise
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not quiet:
        rel = (
            report.output.relative_to(ROOT) if report.output.is_relative_to(ROOT) else report.output
        )
        print(
            f"Site ready in {rel}/: {report.articles} articles, {report.pages} pages, "
            f"{report.seconds:.1f} s."
        )


@task
def build(c):
    """Build the development site into output/."""
    _build(DEV)


@task
def rebuild(c):
    """Build from scratch, ignoring the content cache."""
    _build(DEV, ignore_cache=True)


@task(help={"check": "Then check it as publish does (Netlify's and Cloudflare's build)"})
def preview(c, check=False):
    """Build with the production settings (publishconf.py) into output/."""
    _build(PROD)
    if check:
        _check(PROD)


@task
def clean(c):
    """Remove the built site, the email artifacts and the cache."""
    for name in ("output", "build", "cache"):
        path = ROOT / name
        if path.exists():
            shutil.rmtree(path)
            print(f"removed {name}/")


@task(aliases=["serve"])
def livereload(c, port=None, host="127.0.0.1"):
    """Build, serve at http://127.0.0.1:8000/ and rebuild + reload on every change."""
    from livereload import Server

    port = int(port or os.environ.get("PORT", 8000))
    try:
        _build(DEV)
    except Exit as err:
        print(err.message, file=sys.stderr)
        print("Serving the last good site; fix the problem and save to rebuild.", file=sys.stderr)
    OUTPUT.mkdir(exist_ok=True)

    def rebuild_quietly() -> None:
        try:
            _build(DEV)
        except Exit as err:
            print(err.message, file=sys.stderr)

    server = Server()
    for watched in ("content", "theme", "plugins", "pelicanconf.py"):
        server.watch(str(ROOT / watched), rebuild_quietly)
    print(f"Serving the site at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=port, root=str(OUTPUT), open_url_delay=None)


def _slug(title: str) -> str:
    from pelican.utils import slugify

    return slugify(
        title,
        regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")],
    )


@task(help={"title": "The post's title, in quotes", "category": "Its category"})
def new(c, title, category="Job search"):
    """Create a draft post dated today: content/articles/YYYY-MM-DD-slug.md."""
    from coachsite.dates import site_date

    title = title.strip()
    if not title:
        raise Exit('error: give the post a title, e.g. invoke new "Why my resume fails"', code=1)
    import pelicanconf

    try:
        day = site_date(pelicanconf.TIMEZONE)
    except CoachError as err:
        raise _fail(err) from None
    slug = _slug(title)
    if not slug:
        raise Exit(f"error: cannot make a web address from the title {title!r}", code=1)
    path = ROOT / "content" / "articles" / f"{day.isoformat()}-{slug}.md"
    taken = [p for p in (ROOT / "content" / "articles").glob(f"*-{slug}.md")]
    if path.exists() or taken:
        raise Exit(
            f"error: {(taken or [path])[0].relative_to(ROOT)} already exists; "
            "choose another title or edit that file.",
            code=1,
        )
    now = dt.datetime.now().strftime("%H:%M")
    title_line = title.replace("\n", " ")
    path.write_text(
        f"Title: {title_line}\n"
        f"Date: {day.isoformat()} {now}\n"
        f"Category: {category}\n"
        "Tags: \n"
        f"Slug: {slug}\n"
        "Summary: One or two sentences that appear on the home page and in search results.\n"
        "Status: draft\n"
        "\n"
        "Write the post here. Remove the line 'Status: draft' when it is ready to publish.\n",
        encoding="utf-8",
    )
    print(f"Created {path.relative_to(ROOT)}")


def _check(settings_file: Path) -> None:
    """Refuse a built site that readers would trip over (see coachsite/site_check.py)."""
    from coachsite.build import load_settings
    from coachsite.site_check import site_problems

    settings = load_settings(settings_file)
    now = dt.datetime.now(dt.UTC)
    problems = site_problems(OUTPUT, settings["SITEURL"], now)
    if problems:
        listed = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise Exit(f"error: the built site has {len(problems)} problem(s):\n  {listed}{more}", 1)
    print("Checked output/: no broken links, no missing pages, no expired specials.")


@task
def check(c):
    """Check the built site in output/ as `publish` does: links, pages, specials."""
    _check(DEV)


@task(help={"dry_run": "Show what would change, upload nothing"})
def publish(c, dry_run=False):
    """Build with publishconf.py, check it, then upload output/ to PUBLISH_TARGET.

    PUBLISH_TARGET=gh-pages pushes to the gh-pages branch of the git remote origin (GitHub
    Pages, with ghp-import); anything else is an rsync destination such as user@host:/var/www/.
    """
    from coachsite.publish import GH_PAGES

    target = os.environ.get("PUBLISH_TARGET", "")
    if not target:
        raise Exit(
            "error: PUBLISH_TARGET is not set; set it to gh-pages (GitHub Pages) or to the "
            "rsync destination, e.g. PUBLISH_TARGET=user@host:/var/www/site/",
            code=1,
        )
    if target == GH_PAGES:
        _publish_gh_pages(dry_run)
        return
    if shutil.which("rsync") is None:
        raise Exit("error: rsync is not installed; install it (apt-get install rsync)", code=1)
    _build(PROD)
    _check(PROD)
    flags = "-rlptvzc --delete" + (" --dry-run" if dry_run else "")
    print(("Would upload" if dry_run else "Uploading") + f" output/ to {target} ...", flush=True)
    c.run(f"rsync {flags} {shlex.quote(str(OUTPUT))}/ {shlex.quote(target)}")


def _publish_gh_pages(dry_run: bool) -> None:
    from coachsite.build import load_settings
    from coachsite.publish import publish_gh_pages

    _build(PROD)
    _check(PROD)
    site_url = load_settings(PROD).get("SITE_PUBLIC_URL", "")
    message = f"Publish the site built on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    try:
        lines = publish_gh_pages(ROOT, OUTPUT, site_url, dry_run=dry_run, message=message)
    except CoachError as err:
        raise _fail(err) from None
    print("\n".join(lines), flush=True)


@task(
    help={
        "month": "The newsletter's month, YYYY-MM",
        "push": "Create or update the month's draft campaign in Mailchimp",
        "test_to": "Push, then send test emails to these addresses (comma-separated)",
        "test_type": "With --test-to: html (default) or plaintext",
        "schedule": "Push, then schedule for 'YYYY-MM-DD HH:MM' in the site's time zone",
        "send_now": "Push, then send to the whole audience now (needs --yes)",
        "yes": "Confirm --send-now, or a send outside the special's dates",
        "unschedule": "Return a scheduled campaign to draft",
        "skip_live_check": "Do not check that the email's pages answer on SITE_PUBLIC_URL",
    }
)
def campaign(
    c,
    month,
    push=False,
    test_to=None,
    test_type=None,
    schedule=None,
    send_now=False,
    yes=False,
    unschedule=False,
    skip_live_check=False,
):
    """Send the month's built newsletter to Mailchimp. Without flags: a dry run."""
    import pelicanconf
    from campaign.command import campaign_command
    from campaign.config import SiteSettings

    try:
        site = SiteSettings.from_settings(pelicanconf)
    except CoachError as err:
        raise _fail(err) from None
    code = campaign_command(
        month,
        root=ROOT,
        site=site,
        push=push,
        test_to=test_to,
        test_type=test_type,
        schedule=schedule,
        send_now=send_now,
        yes=yes,
        unschedule=unschedule,
        skip_live_check=skip_live_check,
    )
    if code:
        raise Exit(code=code)


@task(
    help={
        "month": "The month, YYYY-MM (default: this month in the site's time zone)",
        "day": "Only this day of the month is the newsletter day (scheduled runs)",
        "send_time": "Also say when to --schedule: HH:MM in the site's time zone, or now",
    }
)
def month_status(c, month="", day="", send_time=None):
    """Say whether the month has a special (no special: no newsletter) and what to do.

    Under GitHub Actions it also writes month, has_special, site_date, ready (and send_at
    with --send-time) to $GITHUB_OUTPUT. Exits 0 either way.
    """
    from zoneinfo import ZoneInfo

    import pelicanconf
    from coachsite.dates import site_date
    from coachsite.monthly import github_output, month_status, parse_day, send_at

    try:
        from campaign.ledger import LEDGER_PATH, load_ledger

        status = month_status(
            ROOT,
            site_date(pelicanconf.TIMEZONE),
            month.strip() or None,
            parse_day(day),
            load_ledger(ROOT / LEDGER_PATH),
        )
        values = status.outputs()
        if send_time is not None:
            now = dt.datetime.now(ZoneInfo(pelicanconf.TIMEZONE))
            values["send_at"] = send_at(now, send_time) or "now"
    except CoachError as err:
        raise _fail(err) from None
    print("\n".join(status.lines()))
    if send_time is not None and status.ready:
        when = values["send_at"]
        zone = pelicanconf.TIMEZONE
        print("Send it now." if when == "now" else f"Schedule it for {when} ({zone}).")
    if os.environ.get("GITHUB_OUTPUT"):
        github_output(values, Path(os.environ["GITHUB_OUTPUT"]))


@task(help={"message": "The commit message", "branch": "The branch on origin (default main)"})
def commit_ledger(c, message="Newsletter: update the campaign ledger", branch="main"):
    """Commit newsletter/ledger.json alone onto origin's latest BRANCH, merged, and push."""
    from coachsite.ledger_git import commit_ledger as commit

    try:
        print(commit(ROOT, message, branch=branch))
    except CoachError as err:
        raise _fail(err) from None


@task
def doctor(c):
    """Ready for the real world? A checklist (ok / warning / blocker) of what to fix first."""
    from coachsite.build import load_settings
    from coachsite.dates import site_date
    from coachsite.doctor import run_doctor

    try:
        settings = load_settings(PROD)
        today = site_date(settings["TIMEZONE"])
        lines, code = run_doctor(ROOT, settings, os.environ, today)
    except CoachError as err:
        raise _fail(err) from None
    print(f"invoke doctor, {today:%B %-d, %Y}:")
    print("\n".join(lines))
    if code:
        raise Exit(code=code)


@task(
    help={
        "posts": "Site sizes, comma-separated (default 1000,5000)",
        "runs": "Median of this many runs (default 3)",
        "write": "Write the table, command and machine to bench/RESULTS.md",
        "note": "A line for the top of bench/RESULTS.md",
    }
)
def bench(c, posts="1000,5000", runs=3, write=False, note=""):
    """Benchmark the full build against plain Pelican on synthetic sites (bench/run.py)."""
    import subprocess

    sizes = [size for size in posts.replace(",", " ").split() if size]
    cmd = [sys.executable, "-m", "bench.run", "--posts", *sizes, "--runs", str(runs)]
    cmd += ["--write"] if write else []
    cmd += ["--note", note] if note else []
    code = subprocess.run(cmd, cwd=ROOT, check=False).returncode
    if code:
        raise Exit(code=code)
