"""Mailchimp's refusals said as Mailchimp meant them: the key, the plan, the account, outages."""

from __future__ import annotations

import pytest
from mailchimp_server import MailchimpStandIn

from .conftest import NOW, Run, Site


@pytest.fixture
def free_plan(server: MailchimpStandIn) -> MailchimpStandIn:
    server.plan = "free"
    return server


def test_schedule_on_a_free_plan_shows_mailchimps_reason_and_the_way_out(
    run: Run, free_plan: MailchimpStandIn, site: Site
) -> None:
    result = run(schedule="2026-04-20 09:00")
    assert result.code == 1
    line = result.lines[-1]
    assert line.startswith(
        "error: Mailchimp refused to schedule the campaign (HTTP 403): Forbidden: You do not "
        "have access to this feature on your current plan. Scheduling"
    )
    assert (
        "Scheduling needs a paid Mailchimp plan: on a plan without it, run `make campaign "
        'MONTH=2026-04 ARGS="--send-now --yes"` at 2026-04-20 09:00 (America/New_York) instead'
    ) in line
    assert "API key" not in result.text
    assert len(free_plan.calls("POST", "/campaigns/{campaign_id}/actions/schedule")) == 1
    assert site.ledger()["2026-04"]["status"] == "save"


@pytest.mark.parametrize(
    ("title", "detail"),
    [
        ("User Disabled", "This account has been disabled."),
        ("Forbidden", "You don't have permission to access this resource."),
    ],
)
def test_a_403_that_is_not_about_the_key_says_mailchimps_words(
    run: Run, server: MailchimpStandIn, title: str, detail: str
) -> None:
    server.add_fault(method="GET", path=r"^/lists/", status=403, title=title, detail=detail)
    result = run()
    assert result.code == 1
    assert result.lines == [
        f"error: Mailchimp refused to look up the audience (HTTP 403): {title}: {detail}"
    ]
    assert len(server.requests) == 1  # never retried


def test_the_wrong_datacenter_names_the_server_setting(run: Run, server: MailchimpStandIn) -> None:
    server.add_fault(
        status=403, title="Wrong Datacenter", detail="The API key provided is linked to us21."
    )
    result = run()
    assert result.code == 1
    assert result.lines[-1].endswith(
        "Wrong Datacenter: The API key provided is linked to us21.; check MAILCHIMP_SERVER (the "
        "part before .admin.mailchimp.com)"
    )


def test_a_disabled_method_is_not_retried(run: Run, server: MailchimpStandIn) -> None:
    server.add_fault(
        method="POST",
        path=r"^/campaigns$",
        status=503,
        title="Compliance Related",
        detail="This method has been disabled.",
    )
    result = run(push=True)
    assert result.code == 1
    assert result.lines[-1] == (
        "error: Mailchimp refused to create the campaign (HTTP 503): Compliance Related: This "
        "method has been disabled."
    )
    assert len(server.calls("POST", "/campaigns")) == 1
    assert result.sleeps == []


def test_an_html_error_page_is_one_line(run: Run, server: MailchimpStandIn) -> None:
    server.add_fault(method="GET", path=r"^/lists/", status=502, html_page=True, times=None)
    result = run()
    assert result.code == 1
    (line,) = result.lines
    assert line == (
        "error: could not look up the audience: Mailchimp did not answer after 4 attempts "
        "(HTTP 502: 502 Bad Gateway); try again later"
    )
    server.clear_faults()
    server.add_fault(method="GET", path=r"^/lists/", status=403, html_page=True)
    refused = run()
    assert refused.lines == [
        "error: Mailchimp refused to look up the audience (HTTP 403): 403 Forbidden"
    ]


def test_more_than_six_test_addresses_are_refused_before_any_call(
    run: Run, server: MailchimpStandIn
) -> None:
    seven = ",".join(f"t{n}@example.com" for n in range(7))
    result = run(test_to=seven)
    assert result.code == 2
    assert result.lines == [
        "error: --test-to has 7 addresses but Mailchimp takes at most 6 per test email on this "
        "account (free plan: 6): send to 6 now and the rest in a second run, or raise "
        "NEWSLETTER_TEST_EMAIL_LIMIT in pelicanconf.py if your plan allows more"
    ]
    assert server.requests == []
    raised = run(test_to=seven, settings={"test_email_limit": 10})
    assert raised.code == 0, raised.text
    assert server.state.test_sends[-1]["emails"] == seven.split(",")


def test_a_free_plan_refuses_more_test_addresses_in_its_own_words(
    run: Run, free_plan: MailchimpStandIn
) -> None:
    seven = ",".join(f"t{n}@example.com" for n in range(7))
    result = run(test_to=seven, settings={"test_email_limit": 10})
    assert result.code == 1
    assert result.lines[-1] == (
        "error: Mailchimp refused to send the test email (HTTP 400): You have exceeded the "
        "number of test email recipients."
    )
    assert free_plan.state.test_sends == []


def test_the_plain_text_part_can_be_tested_and_tests_are_recorded(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    result = run(test_to="me@example.com", test_type="plaintext")
    assert result.code == 0, result.text
    assert server.state.test_sends[0]["send_type"] == "plaintext"
    assert server.state.test_sends[0]["plain_text"] == "Specials for 2026-04\n"
    entry = site.ledger()["2026-04"]
    assert entry["tested_hash"] == entry["content_hash"]
    assert (entry["tested_type"], entry["tested_at"]) == ("plaintext", "2026-04-14T12:00:00+00:00")
    assert run(test_type="html").code == 2  # --test-type goes with --test-to
    assert run(test_to="me@example.com", test_type="pdf").code == 2


def test_schedule_and_send_warn_when_the_email_changed_since_its_test(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    assert run(test_to="me@example.com").code == 0
    tested = run(schedule="2026-04-20 09:00")
    assert tested.code == 0, tested.text
    assert not any("test email" in line for line in tested.lines if line.startswith("warning"))
    assert run(unschedule=True).code == 0
    site.build_email(html='<p>A late change</p><a href="*|UNSUB|*">x</a>')
    changed = run(send_now=True, yes=True)
    assert changed.code == 0, changed.text
    assert any(
        line.startswith("warning: the email changed since the last test email")
        for line in changed.lines
    )


def test_the_preview_text_shows_once_in_a_test_email(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    preview = "Two new interview packages"
    site.build_email(
        html=f'<html><body><div class="preheader">{preview}</div><p>Hi</p>'
        '<a href="*|UNSUB|*">x</a></body></html>',
        preview_text=preview,
    )
    assert run(test_to="me@example.com").code == 0
    assert server.state.test_sends[0]["html"].count(preview) == 1
    # Had the sync also set Mailchimp's preview_text, the inbox would show it twice.
    (campaign,) = server.state.campaigns.values()
    campaign["settings"]["preview_text"] = preview
    assert server.delivered_html(campaign["id"]).count(preview) == 2


def test_the_stand_in_clock_is_fixed(server: MailchimpStandIn) -> None:
    assert server.clock() == NOW
