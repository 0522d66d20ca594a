"""Finding the month's campaign in Mailchimp, and creating it exactly once.

Finding by title uses ``GET /campaigns?list_id=...`` (paged, 1000 at a time) and an exact match
on ``settings.title``, not ``/search-campaigns``: search is a full-text index (fuzzy matches,
not limited to one audience, and a just-created campaign may not be indexed yet, which is
exactly the crash-recovery case), while the list endpoint is exact.

Mailchimp has no idempotency key, and a create whose answer timed out may still be carried out
seconds later. So before posting again the title is looked up for a bounded time, and after a
create the title is looked up once more: duplicates that are empty drafts made by this run are
deleted (never one that is scheduled, sent or was edited in Mailchimp).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import MailchimpApi, Transient
from .errors import CampaignError, MailchimpApiError

PAGE_SIZE = 1000  # the API's maximum ``count``
# After a create got no answer, look the title up again after each of these pauses before
# posting again: 30 s in all for the run (not per attempt), which covers a create Mailchimp
# carries out late.
LOST_CREATE_PAUSES = (2.0, 4.0, 8.0, 8.0, 8.0)
LIST_FIELDS = [
    "total_items",
    "campaigns.id",
    "campaigns.web_id",
    "campaigns.status",
    "campaigns.create_time",
    "campaigns.send_time",
    "campaigns.settings.title",
    "campaigns.recipients.list_id",
    "campaigns.recipients.recipient_count",
    "campaigns.recipients.segment_text",
]

Json = Any


@dataclass
class Found:
    """The month's campaign in Mailchimp (or None) and how it was found."""

    campaign: dict[str, Json] | None
    via: str
    notes: list[str] = field(default_factory=list)


def check_audience(api: MailchimpApi, audience_id: str) -> dict[str, Json]:
    """The audience (name and member count); 404 becomes 'audience X not found'."""
    try:
        return api.call(
            "look up the audience",
            api.client.lists.get_list,
            audience_id,
            fields=["id", "name", "web_id", "stats.member_count"],
        )
    except MailchimpApiError as exc:
        if exc.status == 404:
            raise MailchimpApiError(
                f"audience {audience_id} not found (check MAILCHIMP_AUDIENCE_ID / server prefix)",
                404,
            ) from None
        raise


def get_segment(api: MailchimpApi, audience_id: str, segment_id: str) -> dict[str, Json]:
    """The saved segment or tag NEWSLETTER_SEGMENT_ID, or a clear error if the audience has none."""
    try:
        return api.call(
            "look up the segment",
            api.client.lists.get_segment,
            audience_id,
            segment_id,
            fields=["id", "name", "member_count", "type"],
        )
    except MailchimpApiError as exc:
        if exc.status == 404:
            raise CampaignError(
                f"NEWSLETTER_SEGMENT_ID = {segment_id!r}: the audience has no segment or tag "
                "with that id; copy the id from the segment's page in Mailchimp, or leave it "
                "empty to send to the whole audience",
                "pelicanconf.py",
            ) from None
        raise


def get_campaign(api: MailchimpApi, campaign_id: str) -> dict[str, Json] | None:
    """A campaign by id, or None if Mailchimp does not know it."""
    try:
        return api.call("read the campaign", api.client.campaigns.get, campaign_id)
    except MailchimpApiError as exc:
        if exc.status == 404:
            return None
        raise


def campaigns_titled(api: MailchimpApi, audience_id: str, title: str) -> list[dict[str, Json]]:
    """Every campaign of the audience whose ``settings.title`` is exactly ``title``."""
    found: list[dict[str, Json]] = []
    offset = 0
    while True:
        page = api.call(
            "list the audience's campaigns",
            api.client.campaigns.list,
            list_id=audience_id,
            count=PAGE_SIZE,
            offset=offset,
            fields=LIST_FIELDS,
        )
        items = page.get("campaigns") or []
        found += [c for c in items if (c.get("settings") or {}).get("title") == title]
        offset += len(items)
        if not items or offset >= int(page.get("total_items") or 0):
            return found


def find_campaign(
    api: MailchimpApi, audience_id: str, title: str, entry: Mapping[str, Json], ledger_path: Path
) -> Found:
    """The month's campaign: by the ledger's id if it is still that campaign, else by title."""
    notes: list[str] = []
    ledger_id = entry.get("campaign_id")
    if ledger_id:
        campaign = get_campaign(api, ledger_id)
        list_id = ((campaign or {}).get("recipients") or {}).get("list_id")
        own_title = ((campaign or {}).get("settings") or {}).get("title")
        if campaign is not None and list_id == audience_id and own_title == title:
            return Found(campaign, "the ledger", notes)
        if campaign is None:
            reason = "no longer exists in Mailchimp"
        elif list_id != audience_id:
            reason = "is in another audience"
        else:
            reason = f"is now titled {own_title!r}"
        notes.append(
            f"The ledger's campaign {ledger_id} {reason}; looking for {title!r} by title instead."
        )
    matches = campaigns_titled(api, audience_id, title)
    if len(matches) > 1:
        ids = ", ".join(f"{c['id']} ({c.get('status')})" for c in matches)
        raise CampaignError(
            f"Mailchimp has {len(matches)} campaigns titled {title!r} in this audience ({ids}); "
            "delete the extra ones in Mailchimp or put the right campaign_id in the ledger, "
            "then run again",
            ledger_path,
        )
    if not matches:
        return Found(None, "nowhere", notes)
    if not ledger_id:
        notes.append(
            f"The ledger has no record of {title!r} but Mailchimp has it (an earlier run "
            "probably stopped before recording it); using that campaign."
        )
    return Found(matches[0], "its title", notes)


@dataclass
class Creator:
    """Creates the month's campaign once, even when Mailchimp answers late or not at all."""

    api: MailchimpApi
    audience_id: str
    title: str
    notes: list[str] = field(default_factory=list)
    waited: float = 0.0  # look-up pauses so far: LOST_CREATE_PAUSES bound them for the run

    def create(self, body: Mapping[str, Json]) -> dict[str, Json]:
        """POST /campaigns, then make sure exactly one campaign of the title is left."""
        api = self.api
        made = api.call(
            "create the campaign", api.client.campaigns.create, dict(body), verify=self._landed
        )
        return self._settle(made)

    def _titled(self) -> list[dict[str, Json]]:
        return campaigns_titled(self.api, self.audience_id, self.title)

    def _landed(self, failure: Transient) -> dict[str, Json] | None:
        """Before posting again: did the failed create happen after all?

        A create that got an answer (5xx) is looked up once; one that got no answer may still
        be carried out, so it is looked up after each of LOST_CREATE_PAUSES.
        """
        pauses = LOST_CREATE_PAUSES if failure.status is None else ()
        found = self._titled()
        for pause in pauses:
            if found or self.waited + pause > sum(LOST_CREATE_PAUSES):
                break
            self.api.sleep(pause)
            self.waited += pause
            found = self._titled()
        if not found:
            return None
        self.notes.append(
            f"Mailchimp had created {self.title!r} although its answer was lost; using it."
        )
        return found[0]

    def _settle(self, made: Mapping[str, Json]) -> dict[str, Json]:
        """Keep one campaign of the title: delete empty drafts this run made in excess."""
        matches = self._titled()
        if made.get("id") and all(c["id"] != made["id"] for c in matches):
            matches.append(dict(made))  # the list may not show it yet: it exists all the same
        if len(matches) == 1:
            return dict(made) if matches[0]["id"] == made.get("id") else dict(matches[0])
        ordered = sorted(matches, key=lambda c: (c.get("create_time") or "", c["id"]))
        spare = [c for c in ordered if self._is_untouched(c)]
        keep = [c for c in ordered if c not in spare] or spare[:1]
        if len(keep) > 1:
            ids = ", ".join(f"{c['id']} ({c.get('status')})" for c in matches)
            raise CampaignError(
                f"Mailchimp now has {len(matches)} campaigns titled {self.title!r} ({ids}) and "
                "more than one has been edited or sent: keep the right one, delete the others "
                "in Mailchimp, then run again"
            )
        kept = keep[0]
        for campaign in spare:
            if campaign["id"] != kept["id"]:
                self._delete(campaign, kept)
        return dict(kept)

    def _is_untouched(self, campaign: Mapping[str, Json]) -> bool:
        """An empty draft: nobody scheduled, sent or edited it."""
        if campaign.get("status") != "save":
            return False
        content = self.api.call(
            "read the campaign's content",
            self.api.client.campaigns.get_content,
            campaign["id"],
            fields=["html"],
        )
        return not (content or {}).get("html")

    def _delete(self, campaign: Mapping[str, Json], kept: Mapping[str, Json]) -> None:
        api = self.api
        try:
            api.call("delete the duplicate campaign", api.client.campaigns.remove, campaign["id"])
        except MailchimpApiError as exc:
            if exc.status != 404:  # 404: already gone (an earlier delete's answer was lost)
                raise CampaignError(
                    f"Mailchimp has two campaigns titled {self.title!r}: {kept['id']} and the "
                    f"empty duplicate {campaign['id']}, which could not be deleted ({exc}); "
                    f"delete {campaign['id']} in Mailchimp, then run again"
                ) from None
        self.notes.append(
            f"A late create had made a second {self.title!r}: deleted the empty duplicate "
            f"{campaign['id']}, kept {kept['id']}."
        )
