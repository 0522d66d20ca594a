"""Retries, timeouts and Mailchimp's error answers, through the real client."""

from __future__ import annotations

import pytest
from mailchimp_server import MailchimpStandIn

from .conftest import MONTH, TITLE, Run, Site


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 429},
        {"status": 429, "body": False},
        {"status": 503},
        {"status": 500, "times": 2},
        {"drop": True},
    ],
    ids=["429-with-body", "429-without-body", "503", "500-twice", "dropped-connection"],
)
def test_transient_failures_are_retried_with_backoff(
    run: Run, server: MailchimpStandIn, site: Site, fault: dict
) -> None:
    server.add_fault(method="PUT", path=r"/content$", **fault)
    result = run(push=True)
    assert result.code == 0, result.text
    puts = server.calls("PUT", "/campaigns/{campaign_id}/content")
    failures = fault.get("times", 1)
    assert len(puts) == failures + 1
    assert puts[-1].status == 200
    assert result.sleeps == [1.0, 2.0][:failures]
    assert len(site.ledger()[MONTH]["content_hash"]) == 64


def test_transient_failure_on_a_read_is_retried(run: Run, server: MailchimpStandIn) -> None:
    server.add_fault(nth=1, status=503)  # the audience check
    result = run()
    assert result.code == 0, result.text
    assert [r.status for r in server.calls("GET", "/lists/{list_id}")] == [503, 200]


def test_persistent_500_gives_a_clear_error_after_bounded_attempts(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    server.add_fault(method="POST", path=r"^/campaigns$", status=500, times=None)
    result = run(push=True)
    assert result.code == 1
    line = result.lines[-1]
    assert line.startswith("error: could not create the campaign: Mailchimp did not answer")
    assert "after 4 attempts (HTTP 500: Injected Internal Server Error.)" in line
    assert len(server.calls("POST", "/campaigns")) == 4
    assert result.sleeps == [1.0, 2.0, 4.0]
    # Before each retry the title was looked up again, so nothing could be duplicated.
    assert len(server.calls("GET", "/campaigns")) == 1 + 3
    assert server.state.campaigns == {}
    assert site.ledger() == {}


def test_slow_answers_time_out_are_retried_then_fail_within_bounds(
    run: Run, server: MailchimpStandIn, env: dict[str, str]
) -> None:
    server.add_fault(method="GET", path=r"^/lists/", delay=3, times=None)
    result = run(env={**env, "MAILCHIMP_TIMEOUT": "0.2"})
    assert result.code == 1
    (line,) = result.lines
    assert "could not look up the audience" in line
    assert "after 4 attempts (no answer before the timeout)" in line
    assert len(server.calls("GET", "/lists/{list_id}")) == 4
    assert result.sleeps == [1.0, 2.0, 4.0]


def test_one_slow_answer_is_retried_and_succeeds(
    run: Run, server: MailchimpStandIn, env: dict[str, str]
) -> None:
    server.add_fault(method="GET", path=r"^/lists/", delay=1)
    result = run(env={**env, "MAILCHIMP_TIMEOUT": "0.2"})
    assert result.code == 0, result.text
    assert result.sleeps == [1.0]


def test_unreachable_server_is_a_clear_error(run: Run, env: dict[str, str]) -> None:
    result = run(env={**env, "MAILCHIMP_API_URL": "http://127.0.0.1:9/3.0"})
    assert result.code == 1
    (line,) = result.lines
    assert "could not connect" in line and "MAILCHIMP_API_URL" in line


def test_bad_key_is_a_one_line_error(
    run: Run, server: MailchimpStandIn, env: dict[str, str]
) -> None:
    result = run(env={**env, "MAILCHIMP_API_KEY": "0000wrongwrongwrong0000-us99"}, push=True)
    assert result.code == 1
    assert result.lines == [
        "error: Mailchimp rejected the API key (HTTP 401: Your API key may be invalid, or "
        "you've attempted to access the wrong datacenter.); check MAILCHIMP_API_KEY and "
        "MAILCHIMP_SERVER"
    ]
    assert [r.status for r in server.requests] == [401]


def test_unknown_audience_is_named(run: Run, server: MailchimpStandIn, env: dict[str, str]) -> None:
    result = run(env={**env, "MAILCHIMP_AUDIENCE_ID": "nosuchlist"}, push=True)
    assert result.code == 1
    assert result.lines == [
        "error: audience nosuchlist not found (check MAILCHIMP_AUDIENCE_ID / server prefix)"
    ]
    assert server.writes == []


def test_bad_request_shows_mailchimps_detail(run: Run, server: MailchimpStandIn) -> None:
    server.add_fault(
        method="POST", path=r"^/campaigns$", status=400, detail="Reply-to address is not valid."
    )
    result = run(push=True)
    assert result.code == 1
    assert result.lines == [
        "Sender: Career Coach <coach@example.com>.",
        "error: Mailchimp refused to create the campaign (HTTP 400): "
        "Reply-to address is not valid.",
    ]
    assert len(server.calls("POST", "/campaigns")) == 1


def test_validation_errors_name_the_field(run: Run, server: MailchimpStandIn, site: Site) -> None:
    site.build_email(reply_to="coach-at-example")
    result = run(push=True)
    assert result.code == 1
    assert result.lines[1:] == [
        "error: Mailchimp refused to create the campaign (HTTP 400): The resource submitted "
        "could not be validated. For field-specific details, see the 'errors' array. "
        "(settings.reply_to: This value should be a valid email address.)"
    ]
    assert server.state.campaigns == {}


def test_update_refused_stops_before_the_content(run: Run, server: MailchimpStandIn) -> None:
    server.add_campaign(TITLE)
    server.add_fault(method="PATCH", status=400, detail="Invalid settings.")
    result = run(push=True)
    assert result.code == 1
    assert "Mailchimp refused to update the campaign's settings (HTTP 400)" in result.text
    assert server.calls("PUT") == []


def test_retry_of_a_lost_send_answer_does_not_send_twice(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    server.add_fault(method="POST", path=r"/actions/send$", drop=True, after=True)
    result = run(send_now=True, yes=True)
    assert result.code == 0, result.text
    assert len(server.calls("POST", "/campaigns/{campaign_id}/actions/send")) == 1
    assert site.ledger()[MONTH]["status"] == "sending"


def test_retry_of_a_lost_schedule_answer_does_not_reschedule(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    server.add_fault(method="POST", path=r"/actions/schedule$", status=503, after=True)
    result = run(schedule="2031-07-01 09:00")
    assert result.code == 0, result.text
    assert len(server.calls("POST", "/campaigns/{campaign_id}/actions/schedule")) == 1
    assert site.ledger()[MONTH]["scheduled_for"] == "2031-07-01T13:00:00+00:00"


def test_retries_stop_when_the_time_budget_is_spent(server: MailchimpStandIn) -> None:
    from campaign.api import MailchimpApi
    from campaign.config import load_config, make_client, make_scrubber
    from campaign.errors import CampaignError

    ticks = iter([0.0, 5.0, 59.0])  # start, then after each failed attempt: 59 + 2 > 60
    server.add_fault(path=r"^/ping$", status=503, times=None)
    api = MailchimpApi(
        make_client(load_config(server.env())),
        scrub=make_scrubber(server.api_key),
        sleep=lambda _: None,
        budget=60.0,
        clock=lambda: next(ticks),
    )
    with pytest.raises(CampaignError, match="did not answer after 2 attempts"):
        api.call("ping Mailchimp", api.client.ping.get)
    assert len(server.calls("GET", "/ping")) == 2


def test_body_less_404_from_the_client_is_still_an_error(
    run: Run, server: MailchimpStandIn
) -> None:
    # The client returns a requests.Response (not an exception) for an error without a body.
    server.add_fault(method="GET", path=r"^/lists/", status=404, body=False)
    result = run()
    assert result.code == 1
    assert result.lines == [
        f"error: audience {server.audience_id} not found "
        "(check MAILCHIMP_AUDIENCE_ID / server prefix)"
    ]
