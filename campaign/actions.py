"""What the sync does to the month's campaign: push, test, schedule, send, unschedule.

A campaign that is ``schedule``, ``sending`` or ``sent`` is never changed or sent again; one
that is ``canceled``, ``canceling`` or ``archived`` is refused with what to do next.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from .checklist import checklist_lines, is_not_ready, not_ready_error, read_checklist
from .errors import CampaignError, MailchimpApiError
from .ledger import campaign_record, iso_utc
from .live import missing_pages, site_addresses
from .lookup import Creator, get_campaign
from .request import format_local, zone_for
from .sync import EDITABLE, Sync, mailchimp_settings

Json = Any
PLAN_RE = re.compile(r"\bplan\b|\bfeature\b|\bupgrade\b|\bpaid\b", re.IGNORECASE)
ENDED = {
    "canceled": "was canceled while sending; Mailchimp never sends it again",
    "canceling": "is being canceled in Mailchimp",
    "archived": "is archived in Mailchimp",
}


def refuse_if_locked(sync: Sync, campaign: Mapping[str, Json]) -> None:
    """Only a draft (``save`` or ``paused``) is changed; anything else is refused with a reason."""
    status = campaign.get("status")
    cid = campaign["id"]
    if status in EDITABLE:
        return
    if status == "schedule":
        raise CampaignError(
            f"campaign {cid} ({sync.title}) is scheduled for {sync.send_time(campaign)}; it will "
            f"not be changed. Run {sync.hint('--unschedule')} first to change it"
        )
    if status in ("sending", "sent"):
        raise CampaignError(
            f"campaign {cid} ({sync.title}) is already {status} ({sync.send_time(campaign)}); "
            "it is never changed or sent again"
        )
    if status in ENDED:
        raise CampaignError(
            f"campaign {cid} ({sync.title}) {ENDED[status]}, so it is not changed. "
            + ended_advice(sync, status)
        )
    raise CampaignError(
        f"campaign {cid} ({sync.title}) has status {status!r}; only drafts are updated. "
        "Check it in Mailchimp"
    )


def ended_advice(sync: Sync, status: str) -> str:
    """What to do about a campaign that was canceled or archived in Mailchimp."""
    return (
        f"To send this month's newsletter anyway, rename that campaign in Mailchimp (for "
        f"example to {sync.title}-{status}) and run --push again for a fresh draft, or "
        "duplicate it in Mailchimp and send the copy there; or choose another month"
    )


def push_campaign(sync: Sync, campaign: dict[str, Json] | None) -> dict[str, Json]:
    """Create the draft (or update its settings), then upload the built HTML and text."""
    api, files = sync.api, sync.files
    assert files is not None
    settings = mailchimp_settings(files)
    if campaign is None:
        creator = Creator(api, sync.audience_id, sync.title)
        try:
            campaign = creator.create(
                {"type": "regular", "recipients": sync.recipients_body(), "settings": settings}
            )
        finally:
            for note in creator.notes:
                sync.out(note)
        sync.record(**campaign_record(campaign), content_hash=None)
        refuse_if_locked(sync, campaign)  # a late duplicate kept instead may be scheduled
        sync.out(f"Created draft campaign {campaign['id']} ({sync.title}).")
    else:
        refuse_if_locked(sync, campaign)
        updated = api.call(
            "update the campaign's settings",
            api.client.campaigns.update,
            campaign["id"],
            {"settings": settings, "recipients": sync.recipients_body()},
        )
        sync.out(f"Updated the settings of draft campaign {campaign['id']} ({sync.title}).")
        check_segment(sync, updated)
    api.call(
        "upload the campaign's content",
        api.client.campaigns.set_content,
        campaign["id"],
        {"html": files.html, "plain_text": files.text},
    )
    previous = sync.ledger.entry(sync.month).get("content_hash")
    sync.record(status=campaign.get("status") or "save", content_hash=files.content_hash)
    change = "unchanged" if previous == files.content_hash else "new"
    sync.out(
        f"Uploaded the built email ({change} content, hash {files.content_hash[:12]}); "
        f"recorded in {sync.ledger_note()}."
    )
    return campaign


def check_segment(sync: Sync, campaign: Mapping[str, Json]) -> None:
    """Warn when Mailchimp's answer shows another segment than NEWSLETTER_SEGMENT_ID asks."""
    opts = (campaign.get("recipients") or {}).get("segment_opts") or {}
    have = str(opts.get("saved_segment_id") or "")
    if have != sync.site.segment_id:
        wanted = f"segment {sync.site.segment_id}" if sync.site.segment_id else "everyone"
        sync.out(
            f"warning: Mailchimp still sends campaign {campaign['id']} to segment {have or '?'}, "
            f"not to {wanted} as NEWSLETTER_SEGMENT_ID says; change its recipients in "
            "Mailchimp (Campaigns > the campaign > To) before it goes out."
        )


def status_check(sync: Sync, campaign_id: str, statuses: tuple[str, ...]) -> Callable[..., Any]:
    """A ``verify`` for actions: True if the campaign already reached one of ``statuses``."""

    def check(_failure: object = None) -> bool | None:
        campaign = get_campaign(sync.api, campaign_id)
        return True if campaign and campaign.get("status") in statuses else None

    return check


def show_checklist(sync: Sync, campaign_id: str) -> dict[str, Json]:
    """Read the send checklist and print its verdict and its error and warning items."""
    checklist = read_checklist(sync.api, campaign_id)
    for line in checklist_lines(checklist):
        sync.out(line)
    return checklist


def send_test(sync: Sync, campaign: Mapping[str, Json]) -> None:
    """POST actions/test; a test whose answer was lost is never sent again automatically."""
    api, files, emails = sync.api, sync.files, sync.request.test_emails or []
    assert files is not None
    show_checklist(sync, campaign["id"])
    kind = sync.request.test_type
    try:
        api.call(
            "send the test email",
            api.client.campaigns.send_test_email,
            campaign["id"],
            {"test_emails": emails, "send_type": kind},
            retry_lost=False,
        )
    except MailchimpApiError as exc:
        if is_not_ready(exc):
            raise not_ready_error(read_checklist(api, campaign["id"]), "send a test") from None
        if exc.uncertain:
            raise CampaignError(
                f"the test email to {', '.join(emails)} may have gone out: {exc}. It is not "
                "sent again automatically: check those inboxes (and spam) in a few minutes, and "
                "run --test-to again only if nothing arrived"
            ) from None
        raise
    sync.record(tested_hash=files.content_hash, tested_at=iso_utc(sync.now), tested_type=kind)
    sync.out(
        f"Sent a {kind} test of campaign {campaign['id']} to {', '.join(emails)}; "
        f"recorded in {sync.ledger_note()}."
    )


def before_going_out(sync: Sync, campaign: Mapping[str, Json], action: str) -> None:
    """Say who receives it, then refuse unless the checklist passes and the links answer."""
    files = sync.files
    assert files is not None
    current = get_campaign(sync.api, campaign["id"]) or campaign
    sync.out(sync.recipients_line(current))
    tested = sync.ledger.entry(sync.month).get("tested_hash")
    if not tested:
        sync.out(
            "warning: no test email of this campaign was sent from here; consider "
            "--test-to you@example.com first."
        )
    elif tested != files.content_hash:
        sync.out(
            "warning: the email changed since the last test email "
            f"({tested[:12]} -> {files.content_hash[:12]}); consider another --test-to first."
        )
    checklist = show_checklist(sync, campaign["id"])
    if not checklist.get("is_ready"):
        raise not_ready_error(checklist, action)
    if sync.request.live_check:
        check_live_links(sync)


def check_live_links(sync: Sync) -> None:
    """Refuse to send while the web edition or a page the email links to is not published."""
    files = sync.files
    assert files is not None
    site = sync.site.site_url
    if not site:
        raise CampaignError(
            "SITE_PUBLIC_URL is not set, so the email's links cannot be checked on the public "
            "site: set Website: in content/site.md, or add --skip-live-check"
        )
    web = files.meta.get("web_url") or f"{site}/newsletter/{sync.month}/"
    addresses = site_addresses(files.html, site, [web])
    missing = missing_pages(addresses)
    if missing:
        listed = "\n  ".join(missing)
        raise CampaignError(
            f"{len(missing)} of the {len(addresses)} pages this email links to do not answer "
            f"on {site} yet:\n  {listed}\nPublish the site first (make publish), or add "
            "--skip-live-check if it is published some other way"
        )
    sync.out(f"Checked {len(addresses)} pages the email links to on {site}: all answer.")


def schedule_campaign(sync: Sync, campaign: Mapping[str, Json], when: dt.datetime) -> None:
    """POST actions/schedule at ``when`` (UTC) and record it."""
    api = sync.api
    before_going_out(sync, campaign, "schedule")
    stamp = iso_utc(when)
    local = format_local(when.astimezone(zone_for(sync.timezone)))
    try:
        api.call(
            "schedule the campaign",
            api.client.campaigns.schedule,
            campaign["id"],
            {"schedule_time": stamp},
            verify=status_check(sync, campaign["id"], ("schedule",)),
        )
    except MailchimpApiError as exc:
        if is_not_ready(exc):
            raise not_ready_error(read_checklist(api, campaign["id"]), "schedule") from None
        if exc.status == 403 and PLAN_RE.search(str(exc)):
            said = str(exc).rstrip(".")
            raise CampaignError(
                f"{said}. Scheduling needs a paid Mailchimp plan: on a plan without it, run "
                f"{sync.hint('--send-now --yes')} at {local} ({sync.timezone}) instead"
            ) from None
        raise
    sync.record(status="schedule", scheduled_for=stamp)
    sync.out(
        f"Scheduled campaign {campaign['id']} for {local} {sync.timezone} ({stamp} UTC); "
        f"{sync.hint('--unschedule')} returns it to draft."
    )


def send_campaign(sync: Sync, campaign: Mapping[str, Json]) -> None:
    """POST actions/send, then record what Mailchimp says the status is."""
    api = sync.api
    before_going_out(sync, campaign, "send")
    try:
        api.call(
            "send the campaign",
            api.client.campaigns.send,
            campaign["id"],
            verify=status_check(sync, campaign["id"], ("sending", "sent")),
        )
    except MailchimpApiError as exc:
        if is_not_ready(exc):
            raise not_ready_error(read_checklist(api, campaign["id"]), "send") from None
        raise
    after = get_campaign(api, campaign["id"]) or {}
    status = after.get("status") or "sending"
    sync.record(status=status, sent_at=after.get("send_time") or iso_utc(sync.now))
    sync.out(f"Sent campaign {campaign['id']} ({sync.title}) to the audience; status {status!r}.")


def unschedule_campaign(sync: Sync, campaign: Mapping[str, Json] | None) -> None:
    """POST actions/unschedule on a scheduled campaign (it becomes a draft again)."""
    if campaign is None:
        raise CampaignError(f"there is no {sync.title} campaign in Mailchimp to unschedule")
    status = campaign.get("status")
    if status in EDITABLE:
        sync.out(f"Campaign {campaign['id']} is not scheduled ({status}); nothing to unschedule.")
        return
    if status != "schedule":
        raise CampaignError(
            f"campaign {campaign['id']} ({sync.title}) is {status!r}, not scheduled; "
            "it cannot be unscheduled"
        )
    api = sync.api
    api.call(
        "unschedule the campaign",
        api.client.campaigns.unschedule,
        campaign["id"],
        verify=status_check(sync, campaign["id"], ("save",)),
    )
    sync.record(status="save", scheduled_for=None)
    sync.out(f"Unscheduled campaign {campaign['id']}; it is a draft again.")
