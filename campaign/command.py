"""``invoke campaign``: sync the month's built newsletter with Mailchimp, exactly once.

Each month's campaign has the deterministic title ``specials-YYYY-MM``; its id is kept in
``newsletter/ledger.json`` (committed), and before creating a campaign the sync looks the title
up in the audience, so a crash between "created" and "recorded" cannot make a second one.
Dry run is the default; sending needs an explicit flag.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from coachsite.edition_files import EditionFiles
from coachsite.errors import CoachError

from .actions import (
    push_campaign,
    schedule_campaign,
    send_campaign,
    send_test,
    unschedule_campaign,
)
from .api import MailchimpApi
from .config import SiteSettings, load_config, make_client, make_scrubber
from .errors import CampaignError, UsageError
from .ledger import LEDGER_PATH, Ledger, campaign_record
from .lookup import check_audience, find_campaign, get_segment
from .report import report_plan
from .request import Request, build_request, send_day
from .sync import Sync

BUILD_DIR = Path("build") / "newsletter"

Json = Any


def campaign_command(
    month: str,
    *,
    root: Path,
    site: SiteSettings,
    push: bool = False,
    test_to: str | None = None,
    test_type: str | None = None,
    schedule: str | None = None,
    send_now: bool = False,
    yes: bool = False,
    unschedule: bool = False,
    skip_live_check: bool = False,
    env: Mapping[str, str] = os.environ,
    out: Callable[[str], None] = print,
    now: dt.datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Sync the month's newsletter with Mailchimp; returns the exit code (0 ok, 1 error, 2 usage).

    Without flags it is a dry run (GET calls only). ``push`` creates or updates the draft;
    ``test_to``, ``schedule`` and ``send_now`` (with ``yes``) push first, then act;
    ``unschedule`` returns a scheduled campaign to draft. Errors are printed as one line.
    """
    scrub = make_scrubber(env.get("MAILCHIMP_API_KEY", "").strip())

    def say(line: str) -> None:
        out(scrub(line))

    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        request = build_request(
            month,
            timezone=site.timezone,
            push=push,
            test_to=test_to,
            test_type=test_type,
            schedule=schedule,
            send_now=send_now,
            yes=yes,
            unschedule=unschedule,
            skip_live_check=skip_live_check,
            test_limit=site.test_email_limit,
            now=moment,
        )
        run(request, root=Path(root), site=site, env=env, out=say, now=moment, sleep=sleep)
    except UsageError as exc:
        say(f"error: {exc}")
        return 2
    except CoachError as exc:  # CampaignError, or the build's files missing or damaged
        say(f"error: {exc}")
        return 1
    return 0


def load_files(root: Path, month: str) -> EditionFiles:
    """The month's built email; a missing build says how to build it."""
    special = root / "content" / "specials" / f"{month}.md"
    if not special.is_file() and not (root / BUILD_DIR / month).is_dir():
        raise CampaignError(
            f"there is no special for {month}, so there is no {month} newsletter: write "
            f"content/specials/{month}.md (see the README), build, then run this again",
            special.relative_to(root),
        )
    hint = (
        f"run `SITE_DATE={month}-01 make build` (any SITE_DATE in {month}), check the preview, "
        "then run this again"
    )
    return EditionFiles.read(root / BUILD_DIR / month, month, hint)


def run(
    request: Request,
    *,
    root: Path,
    site: SiteSettings,
    env: Mapping[str, str],
    out: Callable[[str], None],
    now: dt.datetime,
    sleep: Callable[[float], None],
) -> None:
    """Read inputs, find the campaign, then do what was asked (raises CampaignError)."""
    files = None if request.unschedule else load_files(root, request.month)
    warning = None if files is None else check_special_dates(request, files, site.timezone, now)
    if warning:
        out(f"warning: {warning}; going on because of --yes.")
    config = load_config(env)
    ledger = Ledger.open(root / LEDGER_PATH)
    api = MailchimpApi(make_client(config), scrub=make_scrubber(config.api_key), sleep=sleep)
    sync = Sync(
        api=api,
        request=request,
        site=site,
        audience_id=config.audience_id,
        audience=check_audience(api, config.audience_id),
        ledger=ledger,
        out=out,
        now=now,
        files=files,
    )
    if site.segment_id and not request.unschedule:
        sync.segment = get_segment(api, config.audience_id, site.segment_id)
    if request.dry_run:
        out(f"Dry run for {sync.title} (audience {sync.audience_name!r}); nothing will change.")
    sync.say_sender()
    entry = ledger.entry(request.month)
    found = find_campaign(api, config.audience_id, sync.title, entry, ledger.path)
    for note in found.notes:
        out(note)
    if request.dry_run:
        report_plan(sync, found, entry)
        return
    if found.campaign is not None:
        reconcile_ledger(sync, found.campaign, entry)
    if request.unschedule:
        unschedule_campaign(sync, found.campaign)
        return
    campaign = push_campaign(sync, found.campaign)
    if request.test_emails:
        send_test(sync, campaign)
    elif request.schedule_at is not None:
        schedule_campaign(sync, campaign, request.schedule_at)
    elif request.send_now:
        send_campaign(sync, campaign)


def check_special_dates(
    request: Request, files: EditionFiles, timezone: str, now: dt.datetime
) -> str | None:
    """Going out on a day outside the special's dates needs --yes (it advertises the special).

    Returns the warning to print when --yes was given, None when the day is in the window.
    """
    day = send_day(request, timezone, now)
    first, last = files.meta.get("special_from"), files.meta.get("special_until")
    if day is None or not first or not last or first <= day.isoformat() <= last:
        return None
    when = "has not started yet" if day.isoformat() < first else "has already ended"
    message = (
        f"the {request.month} newsletter leads with a special that runs from {first} to {last}; "
        f"on {day.isoformat()} ({timezone}) it {when}"
    )
    if not request.confirmed:
        raise UsageError(
            f"{message}. Choose a day in that window, or add --yes to send it all the same"
        )
    return message


def reconcile_ledger(sync: Sync, campaign: Mapping[str, Json], entry: Mapping[str, Json]) -> None:
    """Make the ledger agree with Mailchimp about the campaign's id and status."""
    remote = campaign_record(campaign)
    if all(entry.get(key) == value for key, value in remote.items()):
        return
    changes: dict[str, Json] = dict(remote)
    if entry.get("campaign_id") != campaign["id"]:
        changes["content_hash"] = None  # unknown for a campaign the ledger did not know
        changes["tested_hash"] = None
    sync.record(**changes)
    sync.out(f"Recorded campaign {campaign['id']} ({remote.get('status')}) in {LEDGER_PATH}.")
