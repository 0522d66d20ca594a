"""Edges a review found: answers that are not JSON, a 403 that is not the plan, a preview
text typed in Mailchimp, a campaign found by title, and a create the list does not show yet."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from mailchimp_server import MailchimpStandIn

from campaign.lookup import Creator

from .conftest import TITLE, Run, Site


def test_a_403_on_scheduling_that_is_not_the_plan_gets_no_plan_advice(
    run: Run, server: MailchimpStandIn
) -> None:
    server.add_fault(
        method="POST",
        path=r"/actions/schedule$",
        status=403,
        title="User Disabled",
        detail="This account has been disabled.",
    )
    result = run(schedule="2026-04-20 09:00")
    assert result.code == 1
    assert result.lines[-1] == (
        "error: Mailchimp refused to schedule the campaign (HTTP 403): User Disabled: This "
        "account has been disabled."
    )


def test_a_success_answer_that_is_not_json_is_one_line(run: Run, server: MailchimpStandIn) -> None:
    server.add_fault(method="GET", path=r"^/lists/", status=200, html_page=True)
    result = run()
    assert result.code == 1
    assert result.lines == [
        "error: could not look up the audience: the answer was a page that is not Mailchimp's "
        "JSON (200 Injected Fault); check MAILCHIMP_API_URL and your network, then try again"
    ]
    server.add_fault(method="GET", path=r"^/lists/", status=200, body=False)
    empty = run()
    assert empty.lines == [
        "error: could not look up the audience: the answer was HTTP 200 with no content; check "
        "MAILCHIMP_API_URL and your network, then try again"
    ]


def test_a_preview_text_typed_in_mailchimp_is_emptied_by_the_push(
    run: Run, server: MailchimpStandIn
) -> None:
    campaign = server.add_campaign(TITLE, preview_text="Typed in Mailchimp")
    assert run(push=True).code == 0
    assert server.state.campaigns[campaign["id"]]["settings"]["preview_text"] == ""


def test_a_campaign_found_by_title_shows_its_own_recipients(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    segment = server.add_segment(server.audience_id, "Job seekers", 12)
    assert run(push=True, settings={"segment_id": str(segment)}).code == 0
    site.ledger_path.write_text("{}\n", "utf-8")  # as if the run had crashed before recording
    result = run(settings={"segment_id": str(segment)})
    assert result.code == 0, result.text
    assert (
        "Recipients: 12 subscribers of audience 'Career Coach Specials' "
        "(Contacts match Job seekers)." in result.lines
    )


def test_the_dry_run_of_a_canceled_campaign_says_what_to_do(
    run: Run, server: MailchimpStandIn
) -> None:
    server.add_campaign(TITLE, status="canceled")
    result = run()
    assert result.code == 0
    assert result.lines[-1].startswith(
        "It was canceled while sending; Mailchimp never sends it again. To send this month's "
        f"newsletter anyway, rename that campaign in Mailchimp (for example to {TITLE}-canceled)"
    )


class FakeApi:
    """Just enough of MailchimpApi for Creator: a campaign list that lags behind."""

    def __init__(self, listed: list[dict], contents: dict[str, str]) -> None:
        self.removed: list[str] = []
        self.client = SimpleNamespace(
            campaigns=SimpleNamespace(
                list=lambda **_: {"campaigns": listed, "total_items": len(listed)},
                get_content=lambda cid, **_: {"html": contents.get(cid, "")},
                remove=self.removed.append,
            )
        )

    def call(self, what: str, function: Callable, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("verify", None)
        return function(*args, **kwargs)


def campaign(cid: str, created: str) -> dict:
    return {"id": cid, "status": "save", "create_time": created, "settings": {"title": TITLE}}


def test_a_created_campaign_the_list_does_not_show_yet_is_kept() -> None:
    made = campaign("new", "2026-04-14T12:00:00+00:00")
    api = FakeApi(listed=[], contents={})
    assert Creator(api, "list", TITLE)._settle(made) == made  # type: ignore[arg-type]
    assert api.removed == []


def test_a_lagging_list_with_an_older_twin_keeps_the_older_and_deletes_the_new() -> None:
    made = campaign("new", "2026-04-14T12:00:30+00:00")
    older = campaign("old", "2026-04-14T12:00:00+00:00")
    api = FakeApi(listed=[older], contents={})
    creator = Creator(api, "list", TITLE)  # type: ignore[arg-type]
    assert creator._settle(made)["id"] == "old"
    assert api.removed == ["new"]
    assert creator.notes == [
        f"A late create had made a second {TITLE!r}: deleted the empty duplicate new, kept old."
    ]


def test_a_segment_mailchimp_keeps_after_the_push_is_warned_about(
    run: Run, server: MailchimpStandIn, monkeypatch: Any
) -> None:
    segment = server.add_segment(server.audience_id, "Job seekers", 12)
    assert run(push=True, settings={"segment_id": str(segment)}).code == 0
    real = server._apply_recipients

    def partial_update(campaign: dict, recipients: dict) -> None:  # a PATCH merges, not replaces
        if "segment_opts" in recipients:
            real(campaign, recipients)

    monkeypatch.setattr(server, "_apply_recipients", partial_update)
    result = run(push=True)
    assert result.code == 0, result.text
    (campaign_id,) = server.state.campaigns
    assert (
        f"warning: Mailchimp still sends campaign {campaign_id} to segment {segment}, not to "
        "everyone as NEWSLETTER_SEGMENT_ID says; change its recipients in Mailchimp "
        "(Campaigns > the campaign > To) before it goes out."
    ) in result.lines
