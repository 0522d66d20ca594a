"""Mailchimp's send checklist (``GET /campaigns/{id}/send-checklist``), said in full.

A refused schedule or send answers only "Your Campaign is not ready to send."; the reasons are
in the checklist's ``error`` and ``warning`` items.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .api import MailchimpApi
from .errors import CampaignError, MailchimpApiError

Json = Any


def read_checklist(api: MailchimpApi, campaign_id: str) -> dict[str, Json]:
    """The campaign's send checklist."""
    return api.call("read the send checklist", api.client.campaigns.get_send_checklist, campaign_id)


def checklist_lines(checklist: Mapping[str, Json]) -> list[str]:
    """One line for the verdict, then one per error or warning item (heading and details)."""
    ready = bool(checklist.get("is_ready"))
    lines = [
        "Mailchimp's send checklist: "
        + ("ready to send." if ready else "NOT ready to send; fix these in Mailchimp or here:")
    ]
    for item in checklist.get("items") or []:
        kind = str(item.get("type") or "")
        if kind in ("error", "warning"):
            heading = str(item.get("heading") or "").strip()
            details = str(item.get("details") or "").strip()
            lines.append(f"  {kind}: {heading}" + (f": {details}" if details else ""))
    return lines


def is_not_ready(error: MailchimpApiError) -> bool:
    """Mailchimp's bare refusal of a campaign that does not pass its checklist."""
    return error.status == 400 and "not ready" in str(error).lower()


def not_ready_error(checklist: Mapping[str, Json], action: str) -> CampaignError:
    """The refusal, with every checklist item that stands in the way."""
    items = [line.strip() for line in checklist_lines(checklist)[1:]]
    errors = [line for line in items if line.startswith("error:")]
    listed = "; ".join(errors or items) or "Mailchimp gave no reason"
    return CampaignError(
        f"Mailchimp says the campaign is not ready to {action} ({listed}); nothing was "
        f"scheduled or sent. Fix the items, push again if the fix is in the email, then run "
        "this again"
    )
