"""The command line's request: months, times to schedule, test addresses, flag combinations."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from campaign.errors import CampaignError, UsageError
from campaign.request import (
    Request,
    build_request,
    check_month,
    format_local,
    nearest_quarters,
    next_quarter,
    parse_schedule,
    parse_test_emails,
    send_day,
    zone_for,
)

NEW_YORK = "America/New_York"
NOW = dt.datetime(2026, 4, 14, 12, 0, tzinfo=dt.UTC)  # 08:00 in New York


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(UsageError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def test_a_month_is_yyyy_mm_and_spaces_around_it_do_not_matter() -> None:
    assert check_month(" 2026-04 ") == "2026-04"
    assert check_month("2026-12") == "2026-12"
    for wrong in ("2026-4", "2026-13", "2026-00", "2026-04-01", "april"):
        assert refused(check_month, wrong) == (
            f"{wrong!r} is not a month; write it as YYYY-MM, e.g. 2026-04"
        )


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "/etc/localtime", "../zoneinfo"])
def test_an_unknown_or_malformed_time_zone_is_named(name: str) -> None:
    with pytest.raises(CampaignError) as caught:
        zone_for(name)
    assert str(caught.value) == (
        f"TIMEZONE {name!r} is not a known time zone (e.g. 'America/New_York')"
    )
    assert not isinstance(caught.value, UsageError)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 4, 14, 12, 14), utc(2026, 4, 14, 12, 15)),  # exactly on a minute
        (utc(2026, 4, 14, 12, 0), utc(2026, 4, 14, 12, 15)),  # on a quarter: the next one
        (utc(2026, 4, 14, 12, 13, 59), utc(2026, 4, 14, 12, 15)),
        (utc(2026, 4, 14, 12, 14, 0, 1), utc(2026, 4, 14, 12, 30)),
        (utc(2026, 4, 14, 23, 59), utc(2026, 4, 15, 0, 0)),
    ],
)
def test_next_quarter_is_at_least_a_minute_ahead(now: dt.datetime, expected: dt.datetime) -> None:
    after = next_quarter(now, ZoneInfo(NEW_YORK))
    assert after == expected
    assert after.tzinfo == ZoneInfo(NEW_YORK)
    assert (after.second, after.microsecond) == (0, 0)


def test_nearest_quarters_on_a_quarter_and_just_before_one() -> None:
    assert nearest_quarters(dt.datetime(2026, 4, 14, 9, 15)) == "2026-04-14 09:15 or 09:30"
    assert nearest_quarters(dt.datetime(2026, 4, 14, 9, 14)) == "2026-04-14 09:00 or 09:15"
    assert format_local(dt.datetime(2026, 4, 4, 7, 5)) == "2026-04-04 07:05"


def test_a_schedule_is_a_future_quarter_hour_in_the_sites_time_zone() -> None:
    assert parse_schedule(" 2026-04-14 08:15 ", NEW_YORK, NOW) == utc(2026, 4, 14, 12, 15)
    assert parse_schedule("2026-04-20 09:45", NEW_YORK, NOW) == utc(2026, 4, 20, 13, 45)
    assert parse_schedule("2026-04-14 18:00", "Asia/Kathmandu", NOW) == utc(2026, 4, 14, 12, 15)


def test_a_time_that_is_not_one_shows_the_format_and_the_next_valid_time() -> None:
    assert refused(parse_schedule, "tomorrow 9am", NEW_YORK, NOW) == (
        "--schedule 'tomorrow 9am' is not a time: write it as \"YYYY-MM-DD HH:MM\" in "
        'America/New_York, e.g. "2026-04-14 08:15"'
    )


def test_a_time_off_the_quarter_hour_names_the_two_nearest() -> None:
    assert refused(parse_schedule, "2026-04-20 09:07", NEW_YORK, NOW) == (
        "Mailchimp only schedules on the quarter hour (:00, :15, :30, :45): use "
        "2026-04-20 09:00 or 09:15 (America/New_York) instead of 2026-04-20 09:07"
    )


def test_the_quarter_hour_is_checked_in_utc_too() -> None:
    # Amsterdam kept +00:19:32 until 1937: 09:00 there was 08:40:28 UTC, no quarter hour.
    assert refused(parse_schedule, "1930-06-02 09:00", "Europe/Amsterdam", NOW).startswith(
        "Mailchimp only schedules on the quarter hour (:00, :15, :30, :45): use "
    )


def test_now_itself_is_in_the_past() -> None:
    assert refused(parse_schedule, "2026-04-14 08:00", NEW_YORK, NOW) == (
        "--schedule 2026-04-14 08:00 (America/New_York) is in the past (it is now "
        "2026-04-14 08:00); the next valid time is 2026-04-14 08:15 (America/New_York)"
    )


def test_times_the_clocks_skip_or_repeat_are_refused_with_the_time() -> None:
    assert refused(parse_schedule, "2031-03-09 02:30", NEW_YORK, NOW) == (
        "--schedule '2031-03-09 02:30' does not exist in America/New_York (the clocks skip "
        "it); pick another time"
    )
    assert refused(parse_schedule, "2031-11-02 01:30", NEW_YORK, NOW) == (
        "--schedule '2031-11-02 01:30' happens twice in America/New_York (the clocks go back); "
        "pick another time"
    )
    # the hours around them are fine
    assert parse_schedule("2031-11-02 02:30", NEW_YORK, NOW) == utc(2031, 11, 2, 7, 30)
    assert parse_schedule("2031-03-09 03:00", NEW_YORK, NOW) == utc(2031, 3, 9, 7, 0)


def test_send_day_is_the_local_day_it_goes_out() -> None:
    late = Request("2026-04", schedule_at=utc(2026, 4, 15, 3, 0))  # 23:00 on the 14th in NY
    assert send_day(late, NEW_YORK, NOW) == dt.date(2026, 4, 14)
    at_once = Request("2026-04", send_now=True)
    assert send_day(at_once, NEW_YORK, utc(2026, 4, 1, 2, 0)) == dt.date(2026, 3, 31)
    assert send_day(Request("2026-04", push=True), NEW_YORK, NOW) is None


def test_test_addresses_are_refused_one_by_one_and_over_the_limit() -> None:
    assert refused(parse_test_emails, "a@x.com, not-an-address", 6) == (
        "--test-to: 'not-an-address' is not an email address"
    )
    for wrong in ("a@x", "a b@x.com", "a@@x.com", "@x.com"):
        assert "is not an email address" in refused(parse_test_emails, wrong, 6)
    assert refused(parse_test_emails, "", 6) == (
        "--test-to needs at least one address, e.g. --test-to you@example.com"
    )
    assert refused(parse_test_emails, "a@x.com,b@x.com", 1) == (
        "--test-to has 2 addresses but Mailchimp takes at most 1 per test email on this account "
        "(free plan: 6): send to 1 now and the rest in a second run, or raise "
        "NEWSLETTER_TEST_EMAIL_LIMIT in pelicanconf.py if your plan allows more"
    )
    assert parse_test_emails("a@x.com", 1) == ["a@x.com"]


def request(**flags) -> Request:
    return build_request("2026-04", timezone=NEW_YORK, now=NOW, **flags)


def test_no_flag_is_a_dry_run_and_push_is_not() -> None:
    dry = request()
    assert (dry.dry_run, dry.push, dry.goes_out, dry.live_check, dry.confirmed) == (
        True,
        False,
        False,
        True,
        False,
    )
    assert dry == Request("2026-04")
    assert request(push=True).dry_run is False
    assert request(unschedule=True).dry_run is False
    assert request(unschedule=True).push is False


def test_a_checked_request_cannot_be_changed_afterwards() -> None:
    checked = request(push=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        checked.send_now = True  # type: ignore[misc]
    assert hash(checked) == hash(request(push=True))


def test_each_action_implies_push_and_the_sending_ones_go_out() -> None:
    tested = request(test_to="me@example.com", test_type=" PlainText ")
    assert (tested.push, tested.test_emails, tested.test_type) == (
        True,
        ["me@example.com"],
        "plaintext",
    )
    assert tested.goes_out is False
    scheduled = request(schedule="2026-04-20 09:00", skip_live_check=True)
    assert (scheduled.push, scheduled.goes_out, scheduled.live_check) == (True, True, False)
    assert scheduled.schedule_at == utc(2026, 4, 20, 13, 0)
    sent = request(send_now=True, yes=True)
    assert (sent.push, sent.goes_out, sent.send_now, sent.confirmed) == (True, True, True, True)
    assert request(yes=True).confirmed is True


def test_flags_that_do_not_go_together_are_refused() -> None:
    assert refused(request, test_to="me@example.com", schedule="2026-04-20 09:00") == (
        "use one of --test-to / --schedule at a time"
    )
    assert refused(request, send_now=True, yes=True, unschedule=True) == (
        "use one of --send-now / --unschedule at a time"
    )
    assert refused(request, unschedule=True, push=True) == (
        "--unschedule only unschedules; run --push afterwards to upload"
    )
    unconfirmed = refused(request, send_now=True)
    assert unconfirmed.startswith("--send-now sends the 2026-04 newsletter to ")
    assert unconfirmed.endswith(": add --yes to confirm")
    assert refused(request, test_type="html") == (
        "--test-type goes with --test-to (the addresses to send the test to)"
    )
    assert refused(request, test_to="me@example.com", test_type="pdf") == (
        "--test-type 'pdf': use html or plaintext"
    )


def test_six_test_addresses_are_allowed_unless_the_limit_says_otherwise() -> None:
    six = ",".join(f"t{n}@example.com" for n in range(6))
    assert len(request(test_to=six).test_emails or []) == 6
    assert "has 7 addresses but Mailchimp takes at most 6" in refused(
        request, test_to=six + ",t6@example.com"
    )
    assert len(request(test_to=six + ",t6@example.com", test_limit=7).test_emails or []) == 7


def test_the_month_and_time_zone_are_checked_even_without_a_schedule() -> None:
    assert refused(build_request, "2026-4", timezone=NEW_YORK, now=NOW).startswith("'2026-4'")
    with pytest.raises(CampaignError, match="TIMEZONE 'Mars/Olympus'"):
        build_request("2026-04", timezone="Mars/Olympus", now=NOW)
    assert build_request(" 2026-04 ", timezone=NEW_YORK, now=NOW).month == "2026-04"
