"""--test-to, --schedule, --send-now and --unschedule, and the refusals that guard them."""

from __future__ import annotations

import pytest
from mailchimp_server import MailchimpStandIn

from .conftest import MONTH, TITLE, Run, Site, utc


def test_test_to_pushes_then_sends_a_test_to_each_address(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    result = run(test_to="me@example.com, partner@example.org")
    assert result.code == 0, result.text
    (test_call,) = server.calls("POST", "/campaigns/{campaign_id}/actions/test")
    assert test_call.body == {
        "test_emails": ["me@example.com", "partner@example.org"],
        "send_type": "html",
    }
    assert test_call.status == 204
    (campaign,) = server.campaigns_titled(TITLE)
    assert test_call.path == f"/campaigns/{campaign['id']}/actions/test"
    assert campaign["status"] == "save"
    routes = [r.route for r in server.writes]
    assert routes == ["/campaigns", "/campaigns/{campaign_id}/content", test_call.route]


def test_test_to_with_a_bad_address_is_refused_before_any_call(
    run: Run, server: MailchimpStandIn
) -> None:
    result = run(test_to="me@example.com,not-an-address")
    assert result.code == 2
    assert "'not-an-address' is not an email address" in result.text
    assert server.requests == []


@pytest.mark.parametrize(
    ("local", "utc_string"),
    [
        ("2031-07-01 09:00", "2031-07-01T13:00:00+00:00"),  # EDT, UTC-4
        ("2031-01-15 09:45", "2031-01-15T14:45:00+00:00"),  # EST, UTC-5
    ],
)
def test_schedule_converts_the_site_time_zone_to_utc(
    run: Run, server: MailchimpStandIn, site: Site, local: str, utc_string: str
) -> None:
    result = run(schedule=local)
    assert result.code == 0, result.text
    (call,) = server.calls("POST", "/campaigns/{campaign_id}/actions/schedule")
    assert call.body == {"schedule_time": utc_string}
    assert call.status == 204
    (campaign,) = server.campaigns_titled(TITLE)
    assert campaign["status"] == "schedule"
    entry = site.ledger()[MONTH]
    assert (entry["status"], entry["scheduled_for"]) == ("schedule", utc_string)
    assert f"{local} America/New_York ({utc_string} UTC)" in result.text


def test_off_quarter_schedule_is_refused_naming_the_nearest_times(
    run: Run, server: MailchimpStandIn
) -> None:
    result = run(schedule="2031-04-14 09:07")
    assert result.code == 2
    assert "use 2031-04-14 09:00 or 09:15 (America/New_York)" in result.text
    assert server.requests == []


def test_past_schedule_is_refused_naming_the_next_valid_time(
    run: Run, server: MailchimpStandIn
) -> None:
    now = utc(2026, 4, 14, 13, 7)  # 09:07 in New York
    result = run(schedule="2026-04-14 08:45", now=now)
    assert result.code == 2
    assert "is in the past (it is now 2026-04-14 09:07)" in result.text
    assert "the next valid time is 2026-04-14 09:15 (America/New_York)" in result.text
    assert server.requests == []


def test_schedule_in_a_bad_format_is_refused(run: Run, server: MailchimpStandIn) -> None:
    result = run(schedule="14/04/2031 9am")
    assert result.code == 2
    assert '"YYYY-MM-DD HH:MM" in America/New_York' in result.text
    assert server.requests == []


@pytest.mark.parametrize("status", ["schedule", "sending", "sent"])
@pytest.mark.parametrize(
    "flags",
    [
        {"push": True},
        {"test_to": "me@example.com"},
        {"schedule": "2031-07-01 09:00"},
        {"send_now": True, "yes": True},
    ],
    ids=["push", "test", "schedule", "send-now"],
)
def test_scheduled_sending_or_sent_campaigns_are_never_touched(
    run: Run, server: MailchimpStandIn, site: Site, status: str, flags: dict
) -> None:
    seeded = server.add_campaign(TITLE, status=status)
    result = run(**flags)
    assert result.code == 1
    assert f"campaign {seeded['id']} ({TITLE})" in result.text
    assert server.writes == []
    assert server.state.campaigns[seeded["id"]]["status"] == status
    # The ledger learns what Mailchimp says.
    assert site.ledger()[MONTH]["status"] == status


def test_send_now_without_yes_is_refused_before_any_call(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    result = run(send_now=True)
    assert result.code == 2
    assert "add --yes to confirm" in result.text
    assert server.requests == []
    assert site.ledger() == {}


def test_send_now_sends_once_and_never_again(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    result = run(send_now=True, yes=True)
    assert result.code == 0, result.text
    (campaign,) = server.campaigns_titled(TITLE)
    assert campaign["status"] == "sending"
    assert len(server.calls("POST", "/campaigns/{campaign_id}/actions/send")) == 1
    entry = site.ledger()[MONTH]
    assert entry["status"] == "sending"
    assert entry["sent_at"] == campaign["send_time"]

    server.complete_sends()
    again = run(send_now=True, yes=True)
    assert again.code == 1
    assert "is already sent" in again.text and "never changed or sent again" in again.text
    assert len(server.calls("POST", "/campaigns/{campaign_id}/actions/send")) == 1
    assert site.ledger()[MONTH]["status"] == "sent"


def test_unschedule_returns_a_scheduled_campaign_to_draft(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    assert run(schedule="2031-07-01 09:00").code == 0
    result = run(unschedule=True)
    assert result.code == 0, result.text
    (campaign,) = server.campaigns_titled(TITLE)
    assert campaign["status"] == "save"
    entry = site.ledger()[MONTH]
    assert entry["status"] == "save"
    assert "scheduled_for" not in entry
    # Now it can be changed and scheduled again.
    assert run(schedule="2031-07-01 10:00").code == 0
    assert server.state.campaigns[campaign["id"]]["send_time"] == "2031-07-01T14:00:00+00:00"


def test_unschedule_of_a_draft_is_a_no_op(run: Run, server: MailchimpStandIn) -> None:
    assert run(push=True).code == 0
    server.reset_log()
    result = run(unschedule=True)
    assert result.code == 0
    assert "is not scheduled (save); nothing to unschedule" in result.text
    assert server.writes == []


@pytest.mark.parametrize("status", ["sending", "sent"])
def test_unschedule_of_a_sent_campaign_is_refused(
    run: Run, server: MailchimpStandIn, status: str
) -> None:
    server.add_campaign(TITLE, status=status)
    result = run(unschedule=True)
    assert result.code == 1
    assert f"is '{status}', not scheduled" in result.text
    assert server.writes == []


def test_unschedule_without_a_campaign_is_an_error(run: Run, server: MailchimpStandIn) -> None:
    result = run(unschedule=True)
    assert result.code == 1
    assert f"there is no {TITLE} campaign" in result.text


@pytest.mark.parametrize(
    "flags",
    [
        {"schedule": "2031-07-01 09:00", "send_now": True, "yes": True},
        {"test_to": "me@example.com", "unschedule": True},
        {"push": True, "unschedule": True},
    ],
)
def test_conflicting_flags_are_refused(run: Run, server: MailchimpStandIn, flags: dict) -> None:
    result = run(**flags)
    assert result.code == 2
    assert server.requests == []


def test_bad_month_is_refused(run: Run, server: MailchimpStandIn) -> None:
    result = run("April")
    assert result.code == 2
    assert "'April' is not a month; write it as YYYY-MM" in result.text


def test_ledger_follows_a_scheduled_campaign_that_mailchimp_sent(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    assert run(schedule="2031-07-01 09:00").code == 0
    (campaign,) = server.campaigns_titled(TITLE)
    assert site.ledger()[MONTH]["scheduled_for"] == "2031-07-01T13:00:00+00:00"

    refused = run(push=True)
    assert refused.code == 1
    assert "is scheduled for 2031-07-01 09:00 America/New_York, 2031-07-01T13:00:00+00:00" in (
        refused.text
    )

    with server.lock:  # the scheduled time came and Mailchimp sent it
        server.state.campaigns[campaign["id"]]["status"] = "sent"
    server.reset_log()
    again = run(schedule="2031-07-01 10:00")
    assert again.code == 1
    assert "is already sent (2031-07-01 09:00 America/New_York" in again.text
    assert server.writes == []
    entry = site.ledger()[MONTH]
    assert entry["status"] == "sent"
    assert entry["sent_at"] == "2031-07-01T13:00:00+00:00"
    assert "scheduled_for" not in entry


def test_dry_run_on_a_scheduled_campaign_explains_how_to_change_it(
    run: Run, server: MailchimpStandIn
) -> None:
    seeded = server.add_campaign(TITLE, status="schedule")
    result = run()
    assert result.code == 0
    assert f"Found campaign {seeded['id']} by its title: status 'schedule'" in result.text
    assert result.lines[-1] == (
        f'To change it, run `make campaign MONTH={MONTH} ARGS="--unschedule"` first.'
    )
    assert server.writes == []
