"""The stand-in account's rules: campaigns, segments, the send checklist and plan limits.

What the real API says and the stand-in copies: a refused test, schedule or send answers only
"Your Campaign is not ready to send." (the reasons are in the send checklist); scheduling is a
paid-plan feature (403 on the free plan); a test email goes to at most 6 addresses on the free
plan, and a campaign takes only so many tests; ``paused`` is a draft again. Where Mailchimp's
wording is not documented, the stand-in's is as short and vague as Mailchimp's usually is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .protocol import EDITABLE, Json, Problem, bad_request, not_found, utc_iso

# Free-mail domains whose DMARC policy forbids sending as their users: Mailchimp cannot
# authenticate them and sends from an address of its own.
FREE_MAIL = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com")
PLANS = ("free", "essentials", "standard")
TEST_ADDRESSES = {"free": 6}  # per test email; paid plans allow more (the stand-in: 20)
TESTS_PER_CAMPAIGN = 24  # a campaign's test emails in all; Mailchimp refuses more
NOT_READY = "Your Campaign is not ready to send."


@dataclass
class State:
    """Everything the stand-in account holds."""

    lists: dict[str, dict[str, Json]] = field(default_factory=dict)
    segments: dict[str, dict[int, dict[str, Json]]] = field(default_factory=dict)
    campaigns: dict[str, dict[str, Json]] = field(default_factory=dict)
    contents: dict[str, dict[str, str]] = field(default_factory=dict)
    test_sends: list[dict[str, Json]] = field(default_factory=list)
    # Extra checklist items an account can have (e.g. a compliance review), for tests.
    checklist_extra: list[dict[str, str]] = field(default_factory=list)


class Account:
    """The account's rules, mixed into :class:`MailchimpStandIn` (which holds the state)."""

    state: State
    plan: str
    clock: Callable[[], dt.datetime]
    _ids: itertools.count

    # -- audiences and segments -----------------------------------------------------------------

    def add_segment(self, list_id: str, name: str, member_count: int, kind: str = "saved") -> int:
        """Create a saved segment (or a tag: ``kind="static"``) and return its id."""
        segments = self.state.segments.setdefault(list_id, {})
        segment_id = 5000 + len(segments) + 1
        segments[segment_id] = {
            "id": segment_id,
            "name": name,
            "member_count": member_count,
            "type": kind,
            "created_at": utc_iso(self.clock()),
            "updated_at": utc_iso(self.clock()),
            "list_id": list_id,
            "_links": [],
        }
        return segment_id

    def segment(self, list_id: str, segment_id: Any) -> dict[str, Json] | None:
        """A segment of an audience, or None."""
        try:
            number = int(segment_id)
        except (TypeError, ValueError):
            return None
        return self.state.segments.get(list_id, {}).get(number)

    def _audience_count(self, list_id: str) -> int:
        return int(self.state.lists[list_id]["stats"]["member_count"])

    def _apply_recipients(self, campaign: dict[str, Json], recipients: dict[str, Json]) -> None:
        """Set the campaign's audience and segment, and the count Mailchimp reports."""
        list_id = recipients["list_id"]
        target = campaign["recipients"]
        target["list_id"] = list_id
        target["list_name"] = self.state.lists[list_id]["name"]
        opts = recipients.get("segment_opts") or {}
        segment = self.segment(list_id, opts.get("saved_segment_id"))
        if segment is not None:
            target["segment_opts"] = {"saved_segment_id": segment["id"], "match": "all"}
            target["segment_text"] = (
                f'<p class="segment-text">Contacts match <strong>{segment["name"]}</strong></p>'
            )
            target["recipient_count"] = segment["member_count"]
        else:
            target.pop("segment_opts", None)
            target["segment_text"] = ""
            target["recipient_count"] = self._audience_count(list_id)

    # -- campaigns ------------------------------------------------------------------------------

    def _new_campaign(self, body: dict[str, Json]) -> dict[str, Json]:
        number = next(self._ids)
        campaign_id = hashlib.sha1(f"campaign-{number}".encode()).hexdigest()[:10]
        recipients = body.get("recipients") or {}
        list_id = recipients.get("list_id", "")
        settings = {
            "subject_line": "",
            "preview_text": "",
            "title": "",
            "from_name": "",
            "reply_to": "",
            "use_conversation": False,
            "to_name": "",
            "folder_id": "",
            "authenticate": True,
            "auto_footer": False,
            "inline_css": False,
            "auto_tweet": False,
            "fb_comments": True,
            "timewarp": False,
            "template_id": 0,
            "drag_and_drop": False,
        }
        settings.update(body.get("settings") or {})
        campaign = {
            "id": campaign_id,
            "web_id": 4000 + number,
            "parent_campaign_id": "",
            "type": body["type"],
            "create_time": utc_iso(self.clock()),
            "archive_url": f"http://eepurl.com/standin{number}",
            "long_archive_url": f"https://us99.campaign-archive.com/?u=standin&id={campaign_id}",
            "status": "save",
            "emails_sent": 0,
            "send_time": "",
            "content_type": "template",
            "needs_block_refresh": False,
            "resendable": False,
            "recipients": {
                "list_id": list_id,
                "list_is_active": True,
                "list_name": self.state.lists.get(list_id, {}).get("name", ""),
                "segment_text": "",
                "recipient_count": 0,
            },
            "settings": settings,
            "tracking": {"opens": True, "html_clicks": True, "text_clicks": False},
            "delivery_status": {"enabled": False},
            "_links": [],
        }
        if list_id in self.state.lists:
            self._apply_recipients(campaign, recipients)
        self.state.campaigns[campaign_id] = campaign
        self.state.contents[campaign_id] = {"html": "", "plain_text": ""}
        return campaign

    def _campaign(self, campaign_id: str) -> dict[str, Json]:
        try:
            return self.state.campaigns[campaign_id]
        except KeyError:
            raise not_found() from None

    def _mark_sent(self, campaign: dict[str, Json]) -> None:
        campaign["status"] = "sent"
        campaign["emails_sent"] = campaign["recipients"]["recipient_count"]
        campaign["send_time"] = campaign["send_time"] or utc_iso(self.clock())

    def checklist(self, campaign_id: str) -> dict[str, Json]:
        """The send checklist: what stands in the way before the campaign can go out."""
        campaign = self._campaign(campaign_id)
        settings = campaign["settings"]
        html = self.state.contents[campaign_id].get("html", "")
        reply_to = str(settings.get("reply_to") or "")
        needs = [
            ("Audience", campaign["recipients"]["list_id"] in self.state.lists, "error",
             "You need to choose an audience."),
            ("From", bool(settings.get("from_name")) and bool(reply_to), "error",
             "You need to add a From name and email address."),
            ("Subject", bool(settings.get("subject_line")), "error", "You need a subject line."),
            ("Content", bool(html), "error", "Your email has no content."),
            ("Footer", not html or "*|UNSUB|*" in html, "error",
             "Your content needs an unsubscribe link (*|UNSUB|*)."),
            ("Sender", reply_to.rpartition("@")[2].lower() not in FREE_MAIL, "warning",
             "We can't authenticate this From email address; we'll send from our own domain."),
        ]  # fmt: skip
        items = [
            {
                "type": "success" if ok else kind,
                "id": number,
                "heading": heading,
                "details": "" if ok else details,
            }
            for number, (heading, ok, kind, details) in enumerate(needs)
        ]
        items += [
            {"type": extra.get("type", "error"), "id": len(items) + n, **extra}
            for n, extra in enumerate(self.state.checklist_extra)
        ]
        ready = not any(item["type"] == "error" for item in items)
        return {"is_ready": ready, "items": items, "_links": []}

    def _require_ready(self, campaign_id: str) -> None:
        """The bare refusal Mailchimp gives; the reasons are only in the checklist."""
        if not self.checklist(campaign_id)["is_ready"]:
            raise bad_request(NOT_READY)

    def _require_editable(self, campaign: dict[str, Json], what: str) -> None:
        if campaign["status"] not in EDITABLE:
            raise bad_request(
                f"This campaign cannot be {what} because its status is '{campaign['status']}'."
            )

    # -- plan limits ----------------------------------------------------------------------------

    def _require_scheduling(self) -> None:
        if self.plan == "free":
            raise Problem(
                403, "Forbidden", "You do not have access to this feature on your current plan."
            )

    def _check_test_limits(self, campaign_id: str, emails: list[str]) -> None:
        if len(emails) > TEST_ADDRESSES.get(self.plan, 20):
            raise bad_request("You have exceeded the number of test email recipients.")
        sent = sum(
            len(t["emails"]) for t in self.state.test_sends if t["campaign_id"] == campaign_id
        )
        if sent + len(emails) > TESTS_PER_CAMPAIGN:
            raise bad_request("You have reached the test email limit for this campaign.")

    def delivered_html(self, campaign_id: str) -> str:
        """The HTML as it reaches an inbox: ``preview_text``, if set, is inserted by Mailchimp."""
        html = self.state.contents[campaign_id].get("html", "")
        preview = self.state.campaigns[campaign_id]["settings"].get("preview_text") or ""
        if not preview:
            return html.replace("*|MC_PREVIEW_TEXT|*", "")
        span = f'<span class="mcnPreviewText" style="display:none">{preview}</span>'
        if "*|MC_PREVIEW_TEXT|*" in html:
            return html.replace("*|MC_PREVIEW_TEXT|*", preview)
        return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + span, html, count=1) or html
