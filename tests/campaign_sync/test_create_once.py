"""Creating the month's campaign once: after a create, extra campaigns of the title that are
empty drafts are deleted, the one to keep is chosen the same way every time, and anything
edited, scheduled or sent is never deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from mailchimp_server import MailchimpStandIn

from campaign.api import MailchimpApi
from campaign.config import load_config, make_client, make_scrubber
from campaign.errors import CampaignError
from campaign.lookup import Creator

from .conftest import TITLE

EMPTY = ""  # the html of a draft nobody has filled in


class Ticking:
    """A clock that moves one second each time it is read (create times differ, in order)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 4, 14, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@pytest.fixture
def server() -> Iterator[MailchimpStandIn]:
    with MailchimpStandIn(clock=Ticking()) as standin:
        yield standin


@pytest.fixture
def creator(server: MailchimpStandIn) -> Creator:
    client = make_client(load_config(server.env()))
    api = MailchimpApi(client, scrub=make_scrubber(server.api_key), sleep=lambda _: None)
    return Creator(api, server.audience_id, TITLE)


def body(server: MailchimpStandIn) -> dict[str, Any]:
    return {
        "type": "regular",
        "recipients": {"list_id": server.audience_id},
        "settings": {
            "title": TITLE,
            "subject_line": "April",
            "from_name": "Coach",
            "reply_to": "coach@example.com",
        },
    }


def test_a_plain_create_returns_mailchimps_campaign_and_says_nothing(
    creator: Creator, server: MailchimpStandIn
) -> None:
    made = creator.create(body(server))
    (stored,) = server.campaigns_titled(TITLE)
    assert made["id"] == stored["id"]
    assert made["settings"]["subject_line"] == "April"
    assert made["recipients"]["list_id"] == server.audience_id
    assert creator.notes == []
    assert server.calls("DELETE") == []


def test_an_empty_duplicate_of_a_late_create_is_deleted_and_the_older_kept(
    creator: Creator, server: MailchimpStandIn
) -> None:
    late = server.add_campaign(TITLE, html=EMPTY)  # an earlier create that landed late
    made = creator.create(body(server))
    assert made["id"] == late["id"]
    assert [c["id"] for c in server.campaigns_titled(TITLE)] == [late["id"]]
    (deleted,) = server.calls("DELETE", "/campaigns/{campaign_id}")
    duplicate = deleted.path.rsplit("/", 1)[1]
    assert duplicate != late["id"]
    assert duplicate not in server.state.campaigns
    assert creator.notes == [
        f"A late create had made a second {TITLE!r}: deleted the empty duplicate "
        f"{duplicate}, kept {late['id']}."
    ]


def test_of_several_empty_drafts_the_oldest_is_kept_not_the_first_by_id(
    creator: Creator, server: MailchimpStandIn
) -> None:
    drafts = [server.add_campaign(TITLE, html=EMPTY) for _ in range(3)]
    oldest = min(drafts, key=lambda c: c["create_time"])
    assert oldest["id"] != min(c["id"] for c in drafts)  # the ids do not sort by age here
    assert creator.create(body(server))["id"] == oldest["id"]
    assert [c["id"] for c in server.campaigns_titled(TITLE)] == [oldest["id"]]
    assert len(creator.notes) == 3


def test_the_edited_campaign_is_kept_whatever_its_age(
    creator: Creator, server: MailchimpStandIn
) -> None:
    older = server.add_campaign(TITLE, html=EMPTY)
    edited = server.add_campaign(TITLE, html="<p>The coach wrote this in Mailchimp</p>")
    kept = creator.create(body(server))
    assert kept["id"] == edited["id"]
    assert [c["id"] for c in server.campaigns_titled(TITLE)] == [edited["id"]]
    assert older["id"] not in server.state.campaigns
    assert len(server.calls("DELETE", "/campaigns/{campaign_id}")) == 2


def test_a_scheduled_campaign_counts_as_touched_even_without_content(
    creator: Creator, server: MailchimpStandIn
) -> None:
    scheduled = server.add_campaign(TITLE, status="schedule", html=EMPTY)
    kept = creator.create(body(server))
    assert kept["id"] == scheduled["id"]
    assert [c["id"] for c in server.campaigns_titled(TITLE)] == [scheduled["id"]]


def test_two_edited_campaigns_are_left_for_the_coach_to_choose(
    creator: Creator, server: MailchimpStandIn
) -> None:
    first = server.add_campaign(TITLE, html="<p>one</p>")
    second = server.add_campaign(TITLE, status="sent", html="<p>two</p>")
    with pytest.raises(CampaignError) as caught:
        creator.create(body(server))
    made = next(
        c for c in server.campaigns_titled(TITLE) if c["id"] not in (first["id"], second["id"])
    )
    assert str(caught.value) == (
        f"Mailchimp now has 3 campaigns titled {TITLE!r} ({first['id']} (save), "
        f"{second['id']} (sent), {made['id']} (save)) and more than one has been edited or "
        "sent: keep the right one, delete the others in Mailchimp, then run again"
    )
    assert server.calls("DELETE") == []


def test_a_duplicate_already_gone_is_fine(creator: Creator, server: MailchimpStandIn) -> None:
    late = server.add_campaign(TITLE, html=EMPTY)
    server.add_fault(method="DELETE", path=r"^/campaigns/", status=404)
    assert creator.create(body(server))["id"] == late["id"]
    assert len(creator.notes) == 1
    assert creator.notes[0].startswith(f"A late create had made a second {TITLE!r}")


def test_a_duplicate_that_cannot_be_deleted_is_named_for_the_coach(
    creator: Creator, server: MailchimpStandIn
) -> None:
    late = server.add_campaign(TITLE, html=EMPTY)
    server.add_fault(method="DELETE", path=r"^/campaigns/", status=403, detail="Not allowed.")
    with pytest.raises(CampaignError) as caught:
        creator.create(body(server))
    (duplicate,) = [c["id"] for c in server.campaigns_titled(TITLE) if c["id"] != late["id"]]
    message = str(caught.value)
    assert message.startswith(
        f"Mailchimp has two campaigns titled {TITLE!r}: {late['id']} and the empty duplicate "
        f"{duplicate}, which could not be deleted ("
    )
    assert "(Mailchimp refused to delete the duplicate campaign (HTTP 403): " in message
    assert "Not allowed." in message
    assert message.endswith(f"); delete {duplicate} in Mailchimp, then run again")
    assert creator.notes == []


def test_a_refused_create_or_content_read_says_what_it_was_doing(
    creator: Creator, server: MailchimpStandIn
) -> None:
    server.add_fault(method="POST", path=r"^/campaigns$", status=400, detail="Bad settings.")
    with pytest.raises(CampaignError) as refused:
        creator.create(body(server))
    assert str(refused.value).startswith("Mailchimp refused to create the campaign (HTTP 400)")
    server.add_campaign(TITLE, html=EMPTY)
    server.add_fault(method="GET", path=r"/content$", status=403, detail="No.")
    with pytest.raises(CampaignError) as unread:
        creator.create(body(server))
    assert str(unread.value).startswith(
        "Mailchimp refused to read the campaign's content (HTTP 403)"
    )
