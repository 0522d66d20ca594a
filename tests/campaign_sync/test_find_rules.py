"""Finding the month's campaign: by the ledger's id only while it is still that campaign,
else by its exact title in this audience; the audience and segment looked up by id."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mailchimp_server import MailchimpStandIn

import campaign.lookup as lookup_module
from campaign.api import MailchimpApi
from campaign.config import load_config, make_client, make_scrubber
from campaign.errors import CampaignError, MailchimpApiError
from campaign.lookup import (
    Found,
    campaigns_titled,
    check_audience,
    find_campaign,
    get_campaign,
    get_segment,
)

from .conftest import TITLE

LEDGER = Path("newsletter/ledger.json")


@pytest.fixture
def api(server: MailchimpStandIn) -> MailchimpApi:
    client = make_client(load_config(server.env()))
    return MailchimpApi(client, scrub=make_scrubber(server.api_key), sleep=lambda _: None)


def find(api: MailchimpApi, server: MailchimpStandIn, ledger_id: str | None = None) -> Found:
    entry = {"campaign_id": ledger_id} if ledger_id else {}
    return find_campaign(api, server.audience_id, TITLE, entry, LEDGER)


def test_the_ledgers_campaign_is_used_without_listing_the_audience(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    ours = server.add_campaign(TITLE)
    found = find(api, server, ours["id"])
    assert (found.campaign["id"], found.via, found.notes) == (ours["id"], "the ledger", [])
    assert server.calls("GET", "/campaigns") == []


def test_a_ledger_id_in_another_audience_is_not_used(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    server.add_list("otherlist1", "Other")
    foreign = server.add_campaign(TITLE, list_id="otherlist1")
    ours = server.add_campaign(TITLE)
    found = find(api, server, foreign["id"])
    assert (found.campaign["id"], found.via) == (ours["id"], "its title")
    assert found.notes == [
        f"The ledger's campaign {foreign['id']} is in another audience; looking for "
        f"{TITLE!r} by title instead."
    ]


def test_a_ledger_id_in_another_audience_with_nothing_here_finds_nothing(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    server.add_list("otherlist1", "Other")
    foreign = server.add_campaign(TITLE, list_id="otherlist1")
    found = find(api, server, foreign["id"])
    assert (found.campaign, found.via) == (None, "nowhere")
    assert [note.split(";")[0] for note in found.notes] == [
        f"The ledger's campaign {foreign['id']} is in another audience"
    ]


def test_a_renamed_ledger_campaign_gives_way_to_the_title(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    renamed = server.add_campaign("Spring offer")
    found = find(api, server, renamed["id"])
    assert (found.campaign, found.via) == (None, "nowhere")
    assert found.notes == [
        f"The ledger's campaign {renamed['id']} is now titled 'Spring offer'; looking for "
        f"{TITLE!r} by title instead."
    ]


def test_a_deleted_ledger_campaign_gives_way_to_the_title(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    ours = server.add_campaign(TITLE)
    found = find(api, server, "deadbeef00")
    assert (found.campaign["id"], found.via) == (ours["id"], "its title")
    assert found.notes == [
        "The ledger's campaign deadbeef00 no longer exists in Mailchimp; looking for "
        f"{TITLE!r} by title instead."
    ]


def test_without_a_ledger_record_the_title_finds_it_and_says_so(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    assert find(api, server) == Found(None, "nowhere", [])
    ours = server.add_campaign(TITLE)
    found = find(api, server)
    assert (found.campaign["id"], found.via) == (ours["id"], "its title")
    assert found.notes == [
        f"The ledger has no record of {TITLE!r} but Mailchimp has it (an earlier run "
        "probably stopped before recording it); using that campaign."
    ]


def test_two_campaigns_of_the_title_are_named_with_their_status(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    first = server.add_campaign(TITLE)
    second = server.add_campaign(TITLE, status="sent")
    with pytest.raises(CampaignError) as caught:
        find(api, server, "deadbeef00")
    assert str(caught.value) == (
        f"{LEDGER}: Mailchimp has 2 campaigns titled {TITLE!r} in this audience "
        f"({first['id']} (save), {second['id']} (sent)); delete the extra ones in Mailchimp or "
        "put the right campaign_id in the ledger, then run again"
    )


def test_the_title_must_match_exactly(api: MailchimpApi, server: MailchimpStandIn) -> None:
    for title in (f"{TITLE} ", TITLE.upper(), f"{TITLE} (copy)", "specials-2026-0"):
        server.add_campaign(title)
    assert campaigns_titled(api, server.audience_id, TITLE) == []


def test_a_title_search_returns_what_the_sync_reads(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    seeded = server.add_campaign(TITLE, status="sent")
    (found,) = campaigns_titled(api, server.audience_id, TITLE)
    assert found["id"] == seeded["id"]
    assert found["web_id"] == seeded["web_id"]
    assert found["status"] == "sent"
    assert found["create_time"] == seeded["create_time"]
    assert found["send_time"] == seeded["send_time"]
    assert found["settings"] == {"title": TITLE}
    assert found["recipients"]["list_id"] == server.audience_id
    # who receives it: said before a campaign found by its title goes out
    assert set(found["recipients"]) == {"list_id", "recipient_count", "segment_text"}


def test_the_title_search_asks_for_mailchimps_largest_page(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    campaigns_titled(api, server.audience_id, TITLE)
    (listed,) = server.calls("GET", "/campaigns")
    assert (listed.query["count"], listed.query["offset"]) == ("1000", "0")


def test_the_title_search_pages_to_the_end_and_stops_there(
    api: MailchimpApi, server: MailchimpStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup_module, "PAGE_SIZE", 2)
    first = server.add_campaign(TITLE, status="sent")
    for number in range(1, 3):
        server.add_campaign(f"specials-2025-{number:02d}", status="sent")
    last = server.add_campaign(TITLE)
    found = campaigns_titled(api, server.audience_id, TITLE)
    assert [c["id"] for c in found] == [first["id"], last["id"]]
    listed = server.calls("GET", "/campaigns")
    assert [(r.query["offset"], r.query["count"]) for r in listed] == [("0", "2"), ("2", "2")]


class Pages:
    """A client whose campaign list is given page by page (total_items may be stale)."""

    def __init__(self, *pages: dict[str, Any]) -> None:
        self.pages = list(pages)
        self.asked: list[dict[str, Any]] = []
        self.campaigns = SimpleNamespace(list=self.list)

    def list(self, **query: Any) -> dict[str, Any]:
        self.asked.append(query)
        return self.pages.pop(0)


def campaign(number: int, title: str = TITLE) -> dict[str, Any]:
    return {"id": f"c{number}", "settings": {"title": title}}


def test_an_audience_that_shrinks_while_it_is_listed_ends_the_search() -> None:
    # A campaign deleted during the search: total_items promised more than there was.
    client = Pages(
        {"total_items": 3, "campaigns": [campaign(1), campaign(2, "other")]},
        {"total_items": 3, "campaigns": []},
    )
    api = MailchimpApi(client, scrub=str, sleep=lambda _: None)  # type: ignore[arg-type]
    assert campaigns_titled(api, "list1", TITLE) == [campaign(1)]
    assert [q["offset"] for q in client.asked] == [0, 2]
    assert {q["list_id"] for q in client.asked} == {"list1"}
    assert "campaigns.settings.title" in client.asked[0]["fields"]


def test_a_page_without_a_total_is_the_last() -> None:
    client = Pages({"campaigns": [campaign(1)]})
    api = MailchimpApi(client, scrub=str, sleep=lambda _: None)  # type: ignore[arg-type]
    assert campaigns_titled(api, "list1", TITLE) == [campaign(1)]
    assert client.pages == []


def test_a_campaign_mailchimp_does_not_know_is_none_and_other_errors_are_raised(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    assert get_campaign(api, "deadbeef00") is None
    ours = server.add_campaign(TITLE)
    assert get_campaign(api, ours["id"])["settings"]["title"] == TITLE
    server.add_fault(method="GET", path=r"^/campaigns/", status=403, detail="Forbidden here.")
    with pytest.raises(MailchimpApiError) as caught:
        get_campaign(api, ours["id"])
    assert caught.value.status == 403
    assert str(caught.value).startswith("Mailchimp refused to read the campaign (HTTP 403)")


def test_the_audience_is_read_or_named_as_not_found(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    audience = check_audience(api, server.audience_id)
    assert audience["id"] == server.audience_id
    assert audience["stats"] == {
        "member_count": server.state.lists[server.audience_id]["stats"]["member_count"]
    }
    assert set(audience) >= {"id", "name", "web_id", "stats"}
    with pytest.raises(MailchimpApiError) as caught:
        check_audience(api, "nosuchlist")
    assert str(caught.value) == (
        "audience nosuchlist not found (check MAILCHIMP_AUDIENCE_ID / server prefix)"
    )
    assert caught.value.status == 404
    server.add_fault(method="GET", path=r"^/lists/", status=403, detail="Forbidden here.")
    with pytest.raises(MailchimpApiError) as other:
        check_audience(api, server.audience_id)
    assert other.value.status == 403
    assert str(other.value).startswith("Mailchimp refused to look up the audience (HTTP 403)")


def test_the_segment_is_read_or_named_with_where_to_fix_it(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    number = server.add_segment(server.audience_id, "Job seekers", 12)
    segment = get_segment(api, server.audience_id, str(number))
    assert (segment["id"], segment["name"], segment["member_count"]) == (number, "Job seekers", 12)
    with pytest.raises(CampaignError) as caught:
        get_segment(api, server.audience_id, "999")
    assert str(caught.value) == (
        "pelicanconf.py: NEWSLETTER_SEGMENT_ID = '999': the audience has no segment or tag "
        "with that id; copy the id from the segment's page in Mailchimp, or leave it "
        "empty to send to the whole audience"
    )
    server.add_fault(method="GET", path=r"/segments/", status=403, detail="Forbidden here.")
    with pytest.raises(MailchimpApiError) as other:
        get_segment(api, server.audience_id, str(number))
    assert other.value.status == 403
    assert str(other.value).startswith("Mailchimp refused to look up the segment (HTTP 403)")


def test_a_refused_title_search_says_what_it_was_doing(
    api: MailchimpApi, server: MailchimpStandIn
) -> None:
    server.add_fault(method="GET", path=r"^/campaigns$", status=403, detail="Forbidden here.")
    with pytest.raises(MailchimpApiError) as caught:
        campaigns_titled(api, server.audience_id, TITLE)
    assert str(caught.value).startswith(
        "Mailchimp refused to list the audience's campaigns (HTTP 403)"
    )
