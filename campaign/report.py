"""The dry run: what ``--push`` would do, who would receive it, and Mailchimp's checklist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .actions import ENDED, ended_advice, show_checklist
from .ledger import LEDGER_PATH
from .lookup import Found
from .sync import EDITABLE, Sync

NEXT_STEPS = (
    "Use --push to upload the draft, --test-to ADDRESSES to also send a test, "
    '--schedule "YYYY-MM-DD HH:MM" to schedule it, or --send-now --yes to send it now.'
)

Json = Any


def report_plan(sync: Sync, found: Found, entry: Mapping[str, Json]) -> None:
    """Say what --push would do, without any write."""
    out, files = sync.out, sync.files
    assert files is not None
    new_hash = files.content_hash
    campaign = found.campaign
    out(sync.recipients_line(campaign))
    if campaign is None:
        out(
            f"Would create a draft campaign {sync.title!r} and upload the built email "
            f"(content hash {new_hash[:12]})."
        )
        out(NEXT_STEPS)
        return
    status = campaign.get("status")
    if status not in EDITABLE:
        out(
            f"Found campaign {campaign['id']} by {found.via}: status {status!r} "
            f"({sync.send_time(campaign)}); it will not be changed."
        )
        if status == "schedule":
            out(f"To change it, run {sync.hint('--unschedule')} first.")
        elif status in ENDED:
            out(f"It {ENDED[status]}. {ended_advice(sync, status)}.")
        return
    old_hash = entry.get("content_hash") if entry.get("campaign_id") == campaign["id"] else None
    if not old_hash:
        change = f"content hash {new_hash[:12]}; the ledger has no hash to compare"
    elif old_hash == new_hash:
        change = f"content unchanged since the last push ({new_hash[:12]})"
    else:
        change = f"content changed since the last push ({old_hash[:12]} -> {new_hash[:12]})"
    paused = " (paused in Mailchimp: a draft again)" if status == "paused" else ""
    out(
        f"Would update draft campaign {campaign['id']}{paused} (web_id "
        f"{campaign.get('web_id')}, found by {found.via}): {change}."
    )
    if entry.get("campaign_id") != campaign["id"]:
        out(f"Would record campaign {campaign['id']} in {LEDGER_PATH}.")
    show_checklist(sync, campaign["id"])
    out(NEXT_STEPS)
