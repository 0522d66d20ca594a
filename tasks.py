"""The coach's commands: `invoke --list` shows them. The Makefile bootstraps .venv and
gives each its `make` form (`make serve`, `make new TITLE=...`), which is what the README
and every hint printed here say, so that they work in a fresh terminal as written.

Development builds (`make build`, `make serve`) write output/; production builds
(`make preview`, `make production`, `make publish`) write public/, so a running
`make serve` is never disturbed by a preview.
"""

from __future__ import annotations

import datetime as dt
import os
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
OUTPUT = ROOT / "output"  # development builds (pelicanconf.py)
PUBLIC = ROOT / "public"  # production builds (publishconf.py sets OUTPUT_PATH)


def _fail(err: Exception) -> Exit:
    """A coach's mistake: one clear message on stderr, exit status 1, no traceback."""
    return Exit(f"error: {err}", code=1)


def _pelicanconf():
    """pelicanconf, imported; a mistake in content/site.md is said in one line."""
    try:
        import pelicanconf
    except CoachError as err:
        raise _fail(err) from None
    return pelicanconf


def _build(
    settings_file: Path = DEV,
    *,
    ignore_cache: bool = False,
    quiet: bool = False,
    overrides: dict[str, str] | None = None,
    always: bool = False,
) -> None:
    from coachsite.build_report import summary_line
    from coachsite.uptodate import build_unless_current

    date = os.environ.get("SITE_DATE") or "today"
    if not quiet:
        print(f"Building the site ({settings_file.name}, date: {date}) ...", flush=True)
    try:
        report = build_unless_current(
            settings_file, ignore_cache=ignore_cache, overrides=overrides, always=always
        )
    except KeyboardInterrupt:
        folder = "public/" if settings_file == PROD else "output/"
        raise Exit(f"Build interrupted; {folder} was left as it was.", code=130) from None
    except Exception as err:
        if getattr(err, "user_error", False):
            raise _fail(err) from None
        raise
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if settings_file == PROD:
        from coachsite.public_site import record_built_for

        record_built_for(ROOT, (overrides or {}).get("SITEURL") or _production_url())
    if not quiet:
        print(summary_line(report, ROOT))


def _production_url() -> str:
    from coachsite.build import load_settings

    return str(load_settings(PROD)["SITEURL"])


@task
def build(c):
    """Build the development site into output/."""
    _build(DEV)


@task
def rebuild(c):
    """Build from scratch, ignoring the content cache."""
    _build(DEV, ignore_cache=True)


@task(
    help={
        "check": "Also check it as publish does, before serving it",
        "port": "Serve on this port (default: PREVIEW_PORT, else 8001)",
    }
)
def preview(c, check=False, port=None):
    """Build the production site into public/ and serve it at http://127.0.0.1:8001/.

    Its addresses point at the preview (SITEURL=http://127.0.0.1:PORT) instead of the
    public domain, so its pages load their CSS; `make publish` builds for the real one.
    """
    from coachsite.devserver import PortError, serve_preview

    def build_for(address: str) -> None:
        _build(PROD, overrides={"SITEURL": address})
        if check:
            _check()

    try:
        serve_preview(
            PUBLIC, build_for, "127.0.0.1", port or os.environ.get("PREVIEW_PORT") or 8001
        )
    except PortError as err:
        raise _fail(err) from None


@task
def production(c):
    """Build the production site into public/ and check it (Netlify's and Cloudflare's build)."""
    _build(PROD)
    _check()


@task
def clean(c):
    """Remove the built site, the email artifacts and the cache."""
    for name in ("output", "public", "build", "cache"):
        path = ROOT / name
        if path.exists():
            shutil.rmtree(path)
            print(f"removed {name}/")


def _dev_build(always: bool = False) -> str | None:
    """Build output/; the error as the terminal shows it, or None when the build succeeded."""
    try:
        _build(DEV, always=always)
    except Exit as err:
        if err.code == 130:
            raise KeyboardInterrupt from None  # Ctrl+C during the first build stops serving
        print(err.message, file=sys.stderr)
        return str(err.message)
    except Exception as err:  # a bug, not the coach's mistake: keep serving, show it
        import traceback

        traceback.print_exc()
        return f"error: the build crashed ({type(err).__name__}: {err}); see the terminal"
    return None


@task(aliases=["serve"])
def livereload(c, port=None, host="127.0.0.1"):
    """Build, serve at http://127.0.0.1:8000/ and rebuild + reload on every change.

    While the last build failed, every page shows its error in a banner (coachsite/devserver.py).
    """
    from coachsite.devserver import PortError, serve_dev
    from coachsite.preview import KeptSite

    watched = [ROOT / name for name in ("content", "theme", "plugins", "pelicanconf.py")]
    kept = KeptSite(watched, OUTPUT)  # a saved post's page is shown before the site is built

    def build() -> str | None:
        files = kept.starting()
        message = _dev_build(always=True)  # Pelican runs, even on a current site: kept holds it
        kept.built(files, message is None)
        return message

    try:
        port = port or os.environ.get("PORT") or 8000
        serve_dev(OUTPUT, watched, build, host, port, preview=kept.preview)
    except PortError as err:
        raise _fail(err) from None


@task(help={"title": "The post's title, in quotes", "category": "Its category"})
def new(c, title, category="Job search"):
    """Create a draft post dated today: content/articles/YYYY-MM-DD-slug.md."""
    pelicanconf = _pelicanconf()
    from coachsite.dates import site_date
    from coachsite.new_post import create_post

    try:
        day = site_date(pelicanconf.TIMEZONE)
        path = create_post(ROOT, title, category, day, dt.datetime.now().strftime("%H:%M"))
    except CoachError as err:
        raise _fail(err) from None
    print(f"Created {path.relative_to(ROOT)}")


def _check() -> None:
    """Refuse a built public/ that readers would trip over (see coachsite/site_check.py)."""
    from coachsite.public_site import built_for, check_public

    try:
        print(check_public(PUBLIC, built_for(ROOT, _production_url()), dt.datetime.now(dt.UTC)))
    except CoachError as err:
        raise _fail(err) from None


@task
def check(c):
    """Check the production site in public/ as `publish` does: links, pages, specials."""
    _check()


@task(help={"dry_run": "Show what would change, upload nothing"})
def publish(c, dry_run=False):
    """Build with publishconf.py into public/, check it, then upload it to PUBLISH_TARGET.

    PUBLISH_TARGET=gh-pages pushes to the gh-pages branch of the git remote origin (GitHub
    Pages, with ghp-import); anything else is an rsync destination such as user@host:/var/www/.
    """
    from coachsite.build import load_settings
    from coachsite.public_site import placeholder_blockers, publish_target, rsync_command
    from coachsite.publish import GH_PAGES, publish_gh_pages

    try:
        target = publish_target(os.environ.get("PUBLISH_TARGET", ""), shutil.which("rsync"))
    except CoachError as err:
        raise _fail(err) from None
    placeholders = placeholder_blockers(ROOT / "content")
    if placeholders:
        raise Exit(
            "error: not published: these posts still have the summary make new wrote; write "
            "your own Summary: line in each:\n  " + "\n  ".join(placeholders),
            code=1,
        )
    _build(PROD)
    _check()
    if target != GH_PAGES:
        print(
            ("Would upload" if dry_run else "Uploading") + f" public/ to {target} ...", flush=True
        )
        c.run(rsync_command(PUBLIC, target, dry_run))
        return
    site_url = load_settings(PROD).get("SITE_PUBLIC_URL", "")
    message = f"Publish the site built on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    try:
        lines = publish_gh_pages(ROOT, PUBLIC, site_url, dry_run=dry_run, message=message)
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
    pelicanconf = _pelicanconf()
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

    pelicanconf = _pelicanconf()
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
    print(f"make doctor, {today:%B %-d, %Y}:")
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
