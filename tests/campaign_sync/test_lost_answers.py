"""Answers that come late or never: no second campaign, no second test email.

A create whose answer timed out may still be carried out by Mailchimp seconds later. The
stand-in holds such a request (``Fault.hold``) until the test releases it, so what "later" means
is decided by the test, not by a clock.
"""

from __future__ import annotations

import threading

from mailchimp_server import MailchimpStandIn

from .conftest import MONTH, TITLE, Run, Site

SLOW = {"MAILCHIMP_TIMEOUT": "0.3"}


def test_a_create_answered_after_the_timeout_leaves_exactly_one_campaign(
    run: Run, server: MailchimpStandIn, site: Site, env: dict[str, str]
) -> None:
    released = threading.Event()
    late = server.add_fault(method="POST", path=r"^/campaigns$", hold=released)

    def time_passes(seconds: float) -> None:
        if seconds == 4.0:  # the second look-up pause: Mailchimp gets round to it now
            released.set()
            assert late.done.wait(5)

    result = run(push=True, env={**env, **SLOW}, sleep=time_passes)
    assert result.code == 0, result.text
    assert len(server.calls("POST", "/campaigns")) == 1  # never posted again
    (campaign,) = server.campaigns_titled(TITLE)
    assert site.ledger()[MONTH]["campaign_id"] == campaign["id"]
    assert "although its answer was lost; using it" in result.text
    # backoff 1 s, then look-ups after 2 s and 4 s: the third look-up found it.
    assert result.sleeps == [1.0, 2.0, 4.0]
    assert "Specials for 2026-04" in server.state.contents[campaign["id"]]["html"]


def test_a_create_that_lands_after_the_retry_leaves_one_campaign(
    run: Run, server: MailchimpStandIn, site: Site, env: dict[str, str]
) -> None:
    released = threading.Event()
    late = server.add_fault(method="POST", path=r"^/campaigns$", hold=released)

    def first_lands_now() -> None:
        released.set()
        assert late.done.wait(5)

    # The retry itself is carried out at once, but only after the first one has landed.
    server.add_fault(method="POST", path=r"^/campaigns$", before=first_lands_now)
    result = run(push=True, env={**env, **SLOW})
    assert result.code == 0, result.text
    assert len(server.calls("POST", "/campaigns")) == 2
    assert sum(result.sleeps) == 1.0 + 30.0  # backoff, then the bounded look-ups
    (campaign,) = server.campaigns_titled(TITLE)
    assert len(server.state.campaigns) == 1
    deleted = server.calls("DELETE", "/campaigns/{campaign_id}")
    assert len(deleted) == 1 and deleted[0].path != f"/campaigns/{campaign['id']}"
    assert "deleted the empty duplicate" in result.text
    assert site.ledger()[MONTH]["campaign_id"] == campaign["id"]
    assert "Specials for 2026-04" in server.state.contents[campaign["id"]]["html"]


def test_a_duplicate_that_was_edited_is_never_deleted(
    run: Run, server: MailchimpStandIn, site: Site, env: dict[str, str]
) -> None:
    released = threading.Event()
    late = server.add_fault(method="POST", path=r"^/campaigns$", hold=released)

    def first_lands_and_is_edited() -> None:
        released.set()
        assert late.done.wait(5)
        (first,) = server.campaigns_titled(TITLE)
        server.state.contents[first["id"]]["html"] = "<p>edited in Mailchimp</p>"
        first["status"] = "schedule"

    server.add_fault(method="POST", path=r"^/campaigns$", before=first_lands_and_is_edited)
    result = run(push=True, env={**env, **SLOW})
    # The run's own empty duplicate is deleted; the scheduled one is kept and not touched.
    assert result.code == 1
    assert server.calls("PUT") == []
    (kept,) = server.campaigns_titled(TITLE)
    assert kept["status"] == "schedule"
    assert server.state.contents[kept["id"]]["html"] == "<p>edited in Mailchimp</p>"
    assert "is scheduled for" in result.lines[-1] and "will not be changed" in result.lines[-1]


def test_two_edited_campaigns_stop_the_run_naming_both(
    run: Run, server: MailchimpStandIn, env: dict[str, str]
) -> None:
    released = threading.Event()
    late = server.add_fault(method="POST", path=r"^/campaigns$", hold=released)

    def both_exist_and_are_edited() -> None:  # runs after the retry was carried out
        released.set()
        assert late.done.wait(5)
        for campaign in server.campaigns_titled(TITLE):
            server.state.contents[campaign["id"]]["html"] = "<p>edited in Mailchimp</p>"

    server.add_fault(
        method="POST", path=r"^/campaigns$", after=True, before=both_exist_and_are_edited
    )
    result = run(push=True, env={**env, **SLOW})
    assert result.code == 1
    ids = [c["id"] for c in server.campaigns_titled(TITLE)]
    assert len(ids) == 2
    assert all(cid in result.lines[-1] for cid in ids)
    assert "more than one has been edited or sent" in result.lines[-1]
    assert server.calls("DELETE") == [] and server.calls("PUT") == []


def test_a_test_email_whose_answer_was_lost_is_not_sent_again(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    server.add_fault(method="POST", path=r"/actions/test$", drop=True, after=True)
    result = run(test_to="me@example.com")
    assert result.code == 1
    assert len(server.calls("POST", "/campaigns/{campaign_id}/actions/test")) == 1
    assert len(server.state.test_sends) == 1  # it did go out, once
    line = result.lines[-1]
    assert line.startswith("error: the test email to me@example.com may have gone out")
    assert "not sent again automatically: check those inboxes" in line
    assert "tested_hash" not in site.ledger()[MONTH]


def test_a_refused_test_email_is_retried_only_when_mailchimp_said_too_many_requests(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    server.add_fault(method="POST", path=r"/actions/test$", status=429)
    result = run(test_to="me@example.com")
    assert result.code == 0, result.text
    assert len(server.state.test_sends) == 1
    assert len(server.calls("POST", "/campaigns/{campaign_id}/actions/test")) == 2
    server.add_fault(method="POST", path=r"/actions/test$", status=500)
    failed = run(test_to="me@example.com")
    assert failed.code == 1
    assert "may have gone out" in failed.lines[-1]
    assert len(server.calls("POST", "/campaigns/{campaign_id}/actions/test")) == 3
