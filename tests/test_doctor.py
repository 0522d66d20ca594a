"""`invoke doctor`: the checklist before the first publish or send (coachsite/doctor.py)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
from pathlib import Path

import pytest
from conftest import ROOT, Project
from mailchimp_server import MailchimpStandIn

from campaign.sender import free_mail_warning
from coach_consult.model import Special
from coachsite.doctor import (
    BLOCKER,
    OK,
    WARNING,
    Check,
    calendar_checks,
    connect_mailchimp,
    mailchimp_checks,
    placeholder_checks,
    publish_check,
    sender_check,
    site_url_check,
    subscribe_check,
    summary,
)

READY = """
NEWSLETTER_SUBSCRIBE_ACTION = (
    "https://midlifecareerstrategy.us21.list-manage.com/subscribe/post?u=a1b2c3&id=d4e5f6"
)
NEWSLETTER_SUBSCRIBE_HONEYPOT = "b_a1b2c3_d4e5f6"
NEWSLETTER_REPLY_TO = "hello@midlifecareerstrategy.com"
NEWSLETTER_POSTAL_ADDRESS = "12 Main Street, Springfield, MA 01101"
"""
NO_MAILCHIMP = {name: "" for name in ("MAILCHIMP_API_KEY", "MAILCHIMP_AUDIENCE_ID")}


@pytest.fixture
def site(project: Project) -> Project:
    """The project copy with what doctor reads besides it: the campaign package, workflows."""
    shutil.copytree(ROOT / "campaign", project.root / "campaign", dirs_exist_ok=True)
    shutil.copytree(ROOT / ".github", project.root / ".github", dirs_exist_ok=True)
    return project


def test_doctor_on_the_demo_settings_names_what_to_change(site: Project) -> None:
    result = site.invoke("doctor", site_date="2026-04-25", PUBLISH_TARGET="", **NO_MAILCHIMP)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "make doctor, April 25, 2026:"
    assert "ok       SITE_PUBLIC_URL is https://www.midlifecareerstrategy.com" in lines
    assert any(
        line.startswith("blocker  NEWSLETTER_SUBSCRIBE_ACTION is the demo placeholder")
        for line in lines
    )
    assert any(
        line.startswith(
            "warning  The sender midlifecareerstrategy@gmail.com is on gmail.com, "
            "a free-mail domain"
        )
        for line in lines
    )
    assert (
        "ok       2026-04: special 'April special' (Apr 1 to Apr 30); campaign: no campaign yet"
        in lines
    )
    assert (
        "ok       2026-05: no special: no newsletter that month "
        "(to have one, write content/specials/2026-05.md)"
    ) in lines
    assert any(line.startswith("ok       2026-06: no special") for line in lines)
    assert (
        "warning  the special 'April special' (2026-04) ends in 5 days, on April 30: "
        "after that the site stops offering it"
    ) in lines
    assert any("Mailchimp not checked" in line for line in lines)
    assert lines[-1] == "1 blocker, 2 warnings: fix the blockers before the first publish or send."
    assert result.stderr == ""


def test_doctor_on_ready_settings_exits_zero(site: Project) -> None:
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8") + READY, encoding="utf-8")
    site.write(
        "newsletter/ledger.json",
        '{"2026-05": {"campaign_id": "c5", "status": "schedule",'
        ' "scheduled_for": "2026-05-05T13:00:00+00:00"}}',
    )
    result = site.invoke(
        "doctor", site_date="2026-04-10", PUBLISH_TARGET="gh-pages", **NO_MAILCHIMP
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "\nblocker " not in result.stdout
    assert "ok       the newsletter comes from hello@midlifecareerstrategy.com" in result.stdout
    assert "PUBLISH_TARGET=gh-pages: make publish pushes to GitHub Pages" in result.stdout
    assert "2026-05: no special: no newsletter that month" in result.stdout
    assert "(campaign: scheduled for 2026-05-05T13:00:00+00:00)" in result.stdout
    assert result.stdout.splitlines()[-1] == "No blockers, 0 warnings."


def test_doctor_blocks_a_published_post_with_the_placeholder_summary(site: Project) -> None:
    site.write(
        "content/articles/2026-03-01-left-as-made.md",
        "Title: Left As Made\nDate: 2026-03-01 09:00\nSlug: left-as-made\n"
        "Summary: One or two sentences that appear on the home page and in search results.\n"
        "\nText.\n",
    )
    result = site.invoke("doctor", site_date="2026-04-10", **NO_MAILCHIMP)
    assert result.returncode == 1
    assert (
        "blocker  content/articles/2026-03-01-left-as-made.md:4: the 'Summary:' is still the "
        "placeholder that make new wrote"
    ) in result.stdout
    assert placeholder_checks([]) == []


def test_doctor_reports_a_broken_special_as_a_blocker(site: Project) -> None:
    site.write("content/specials/2026-05.md", "Title: May\nMonth: 2026-05\n\nNo offer.\n")
    result = site.invoke("doctor", site_date="2026-04-10", **NO_MAILCHIMP)
    assert result.returncode == 1
    assert "blocker  content/specials/2026-05.md" in result.stdout
    assert "no offer" in result.stdout
    assert "Traceback" not in result.stderr


# The checks one by one -------------------------------------------------------------------

DEMO = "https://example.us1.list-manage.com/subscribe/post?u=demo&id=demo"
REAL = "https://coach.us21.list-manage.com/subscribe/post?u=a1b2c3&id=d4e5f6"


@pytest.mark.parametrize(
    ("action", "honeypot", "level", "start"),
    [
        (DEMO, "b_demo_demo", BLOCKER, "NEWSLETTER_SUBSCRIBE_ACTION is the demo placeholder"),
        ("", "", WARNING, "NEWSLETTER_SUBSCRIBE_ACTION is empty, so the subscribe form is hidden"),
        (REAL, "b_a1b2c3_d4e5f6", OK, "the subscribe form posts to Mailchimp"),
        (REAL, "b_a1b2c3_other", BLOCKER, "NEWSLETTER_SUBSCRIBE_HONEYPOT is 'b_a1b2c3_other'"),
        ("https://forms.coach.net/join", "x", BLOCKER, "NEWSLETTER_SUBSCRIBE_ACTION='https://"),
        (REAL.replace("https", "http"), "b_a1b2c3_d4e5f6", BLOCKER, "NEWSLETTER_SUBSCRIBE_ACTION="),
    ],
)
def test_subscribe_form(action: str, honeypot: str, level: str, start: str) -> None:
    found = subscribe_check(
        {"NEWSLETTER_SUBSCRIBE_ACTION": action, "NEWSLETTER_SUBSCRIBE_HONEYPOT": honeypot}
    )
    assert (found.level, found.text[: len(start)]) == (level, start)


@pytest.mark.parametrize(
    ("url", "level"),
    [
        ("", BLOCKER),
        ("https://www.example.com", BLOCKER),
        ("https://coach.example", BLOCKER),
        ("http://localhost:8000", BLOCKER),
        ("midlifecareerstrategy.com", BLOCKER),
        ("http://www.midlifecareerstrategy.com", WARNING),
        ("https://www.midlifecareerstrategy.com", OK),
    ],
)
def test_site_public_url(url: str, level: str) -> None:
    found = site_url_check({"SITE_PUBLIC_URL": url, "SITEURL": url})
    assert found.level == level
    assert "SITE_PUBLIC_URL" in found.text


def test_site_public_url_and_siteurl_must_agree() -> None:
    found = site_url_check(
        {"SITE_PUBLIC_URL": "https://www.coachsite.com", "SITEURL": "https://coachsite.com"}
    )
    assert found.level == WARNING and "SITEURL=https://coachsite.com" in found.text


def test_publish_target_or_the_workflow() -> None:
    workflow = Path(".github/workflows/site.yml")
    assert publish_check("gh-pages", None).level == OK
    assert publish_check("me@host:/var/www/", None).text.endswith("with rsync")
    assert publish_check("", workflow).level == OK
    assert publish_check("", None).level == BLOCKER


def test_sender_on_the_own_domain_is_fine() -> None:
    fine = sender_check({"NEWSLETTER_REPLY_TO": "hello@coachsite.com"}, free_mail_warning)
    assert fine == Check(OK, "the newsletter comes from hello@coachsite.com")
    free = sender_check({"NEWSLETTER_REPLY_TO": "coach@yahoo.com"}, free_mail_warning)
    assert free.level == WARNING and free.text.startswith("The sender coach@yahoo.com")
    assert sender_check({"NEWSLETTER_REPLY_TO": ""}, free_mail_warning).level == BLOCKER


def special(month: str, until: dt.date | None = None) -> Special:
    first = dt.date.fromisoformat(f"{month}-01")
    last = until or (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = until or last - dt.timedelta(days=1)
    return Special(month, f"{first:%B} special", "An offer", first, last)


def test_calendar_shows_three_months_with_their_campaigns() -> None:
    ledger = {
        "2026-11": {"status": "sent", "sent_at": "2026-11-02T13:00:00+00:00"},
        "2027-01": {"status": "save", "content_hash": "h1", "tested_hash": "h1"},
    }
    specials = [special("2026-11"), special("2027-01")]
    checks = calendar_checks(dt.date(2026, 11, 20), specials, ledger)
    assert [check.line() for check in checks] == [
        "ok       2026-11: special 'November special' (Nov 1 to Nov 30); "
        "campaign: sent 2026-11-02T13:00:00+00:00",
        "ok       2026-12: no special: no newsletter that month "
        "(to have one, write content/specials/2026-12.md)",
        "ok       2027-01: special 'January special' (Jan 1 to Jan 31); "
        "campaign: draft in Mailchimp, test sent",
    ]


def test_calendar_warns_of_a_special_ending_within_a_week() -> None:
    specials = [special("2026-11")]
    assert [c.level for c in calendar_checks(dt.date(2026, 11, 23), specials, {})] == [OK] * 3
    ending = calendar_checks(dt.date(2026, 11, 24), specials, {})[-1]
    assert ending.level == WARNING and "ends in 6 days, on November 30" in ending.text
    last_day = calendar_checks(dt.date(2026, 11, 30), specials, {})[-1]
    assert "ends today, on November 30" in last_day.text


def test_summary_fails_only_for_blockers() -> None:
    assert summary([Check(OK, "a"), Check(WARNING, "b")]) == (
        ["ok       a", "warning  b", "No blockers, 1 warning."],
        0,
    )
    lines, code = summary([Check(BLOCKER, "c"), Check(BLOCKER, "d")])
    assert code == 1 and lines[-1].startswith("2 blockers, 0 warnings: fix the blockers")


# Mailchimp, through the loopback stand-in -------------------------------------------------


def test_mailchimp_reachable_and_audience_found_with_read_only_calls() -> None:
    with MailchimpStandIn() as server:
        checks = mailchimp_checks(server.env(), {}, connect_mailchimp)
        methods = {request.method for request in server.requests}
    assert [check.level for check in checks] == [OK, OK, WARNING]
    assert checks[0].text == "Mailchimp answers and accepts the API key"
    assert checks[1].text == "audience 'Career Coach Specials' found, 42 subscribers"
    assert "the audience's contact address has no street (US)" in checks[2].text
    assert methods == {"GET"}
    assert server.env()["MAILCHIMP_API_KEY"] not in " ".join(check.text for check in checks)


def test_mailchimp_with_an_unknown_audience_is_a_blocker() -> None:
    with MailchimpStandIn() as server:
        env = {**server.env(), "MAILCHIMP_AUDIENCE_ID": "nope123"}
        settings = {"NEWSLETTER_POSTAL_ADDRESS": "12 Main Street"}
        checks = mailchimp_checks(env, settings, connect_mailchimp)
    assert [check.level for check in checks] == [OK, BLOCKER]
    assert checks[1].text.startswith("MAILCHIMP_AUDIENCE_ID=nope123: ")


def test_mailchimp_unreachable_or_half_configured_is_a_blocker() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "MAILCHIMP_API_KEY": "0123456789abcdef-us21",
        "MAILCHIMP_AUDIENCE_ID": "list1",
        "MAILCHIMP_API_URL": f"http://127.0.0.1:{port}/3.0",
        "MAILCHIMP_TIMEOUT": "2",
    }
    (unreachable,) = mailchimp_checks(env, {}, connect_mailchimp)
    assert unreachable.level == BLOCKER and unreachable.text.startswith("Mailchimp: could not")
    assert "0123456789abcdef" not in unreachable.text
    (half,) = mailchimp_checks({"MAILCHIMP_AUDIENCE_ID": "list1"}, {}, connect_mailchimp)
    assert half.level == BLOCKER and "MAILCHIMP_API_KEY is not set" in half.text


def test_mailchimp_is_not_asked_without_its_variables() -> None:
    def refuse(env):
        raise AssertionError("no call without MAILCHIMP_* variables")

    (skipped,) = mailchimp_checks({"HOME": os.environ.get("HOME", "/")}, {}, refuse)
    assert skipped.level == OK and "Mailchimp not checked" in skipped.text
