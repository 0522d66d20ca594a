"""What Mailchimp really requires before a campaign goes out, through the real client.

Who receives it and from whom, the send checklist, an optional segment, and the statuses the
coach can leave a campaign in from Mailchimp's web app.
"""

from __future__ import annotations

import pytest
from mailchimp_server import MailchimpStandIn

from .conftest import MONTH, TITLE, Run, Site

FREE_MAIL_LINE = (
    "warning: the sender coach@gmail.com is on gmail.com, a free-mail domain: Mailchimp cannot "
    "authenticate it"
)


def test_dry_run_says_who_receives_it_and_from_whom(run: Run, server: MailchimpStandIn) -> None:
    result = run()
    assert result.code == 0, result.text
    assert "Sender: Career Coach <coach@example.com>." in result.lines
    assert (
        "Recipients: 42 subscribers of audience 'Career Coach Specials' (everyone)." in result.lines
    )
    assert not any(line.startswith("warning: the sender") for line in result.lines)
    assert server.writes == []


def test_a_free_mail_sender_is_warned_about_before_anything_is_created(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    site.build_email(reply_to="coach@gmail.com")
    result = run(push=True)
    assert result.code == 0, result.text  # the warning never blocks
    warning = next(i for i, line in enumerate(result.lines) if line.startswith(FREE_MAIL_LINE))
    created = next(i for i, line in enumerate(result.lines) if line.startswith("Created draft"))
    assert warning < created
    assert (
        "such as hello@coach.example as Newsletter_reply_to: in content/site.md"
        in result.lines[warning]
    )
    assert "authenticate that domain in Mailchimp" in result.lines[warning]


def test_dry_run_of_an_existing_draft_shows_the_checklist_and_its_count(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    site.build_email(reply_to="coach@gmail.com")
    assert run(push=True).code == 0
    server.state.lists[server.audience_id]["stats"]["member_count"] = 57  # newer subscribers
    server.reset_log()
    result = run()
    assert result.code == 0, result.text
    # Once the campaign exists, the campaign's own count (set when it was made) is shown.
    assert "Recipients: 42 subscribers of audience 'Career Coach Specials'." in result.lines
    assert "Mailchimp's send checklist: ready to send." in result.lines
    assert (
        "  warning: Sender: We can't authenticate this From email address; we'll send from our "
        "own domain."
    ) in result.lines
    assert [r.route for r in server.calls("GET")].count(
        "/campaigns/{campaign_id}/send-checklist"
    ) == 1
    assert server.writes == []


def block_sending(server: MailchimpStandIn) -> None:
    server.state.checklist_extra.append(
        {"type": "error", "heading": "Account", "details": "Your account is being reviewed."}
    )


@pytest.mark.parametrize(
    "flags",
    [{"schedule": "2026-04-20 09:00"}, {"send_now": True, "yes": True}],
    ids=["schedule", "send-now"],
)
def test_a_campaign_that_is_not_ready_is_refused_with_the_checklists_words(
    run: Run, server: MailchimpStandIn, site: Site, flags: dict
) -> None:
    assert run(push=True).code == 0
    block_sending(server)
    result = run(**flags)
    assert result.code == 1
    assert "Mailchimp's send checklist: NOT ready to send; fix these in Mailchimp or here:" in (
        result.lines
    )
    assert "  error: Account: Your account is being reviewed." in result.lines
    assert result.lines[-1].startswith(
        "error: Mailchimp says the campaign is not ready to "
        f"{'schedule' if 'schedule' in flags else 'send'} "
        "(error: Account: Your account is being reviewed.); nothing was scheduled or sent."
    )
    assert server.calls("POST", "/campaigns/{campaign_id}/actions/schedule") == []
    assert server.calls("POST", "/campaigns/{campaign_id}/actions/send") == []
    (campaign,) = server.campaigns_titled(TITLE)
    assert campaign["status"] == "save"
    assert site.ledger()[MONTH]["status"] == "save"


def test_a_bare_not_ready_answer_is_explained_from_the_checklist(
    run: Run, server: MailchimpStandIn
) -> None:
    assert run(push=True).code == 0
    # The checklist passes when read first, then Mailchimp refuses anyway (it changed between).
    server.add_fault(
        method="POST",
        path=r"/actions/schedule$",
        status=400,
        title="Bad Request",
        detail="Your Campaign is not ready to send.",
        before=lambda: block_sending(server),
    )
    result = run(schedule="2026-04-20 09:00")
    assert result.code == 1
    assert "Your Campaign is not ready to send" not in result.lines[-1]
    assert "(error: Account: Your account is being reviewed.)" in result.lines[-1]


def test_a_test_email_shows_the_checklist_first(run: Run, server: MailchimpStandIn) -> None:
    result = run(test_to="me@example.com")
    assert result.code == 0, result.text
    ready = result.lines.index("Mailchimp's send checklist: ready to send.")
    sent = next(i for i, line in enumerate(result.lines) if line.startswith("Sent a html test"))
    assert ready < sent


def test_a_segment_narrows_the_recipients_and_is_named(run: Run, server: MailchimpStandIn) -> None:
    segment = server.add_segment(server.audience_id, "Job seekers", 12)
    settings = {"segment_id": str(segment)}
    dry = run(settings=settings)
    assert dry.code == 0, dry.text
    assert (
        "Recipients: 12 subscribers in segment 'Job seekers' of audience 'Career Coach Specials'."
        in dry.lines
    )
    assert run(push=True, settings=settings).code == 0
    (create,) = server.calls("POST", "/campaigns")
    assert create.body["recipients"] == {
        "list_id": server.audience_id,
        "segment_opts": {"saved_segment_id": segment},
    }
    again = run(settings=settings)
    assert (
        "Recipients: 12 subscribers of audience 'Career Coach Specials' "
        "(Contacts match Job seekers)." in again.lines
    )
    # Emptied again: the whole audience, and the campaign is told so on the next push.
    assert run(push=True).code == 0
    (campaign,) = server.campaigns_titled(TITLE)
    assert "segment_opts" not in campaign["recipients"]
    assert campaign["recipients"]["recipient_count"] == 42


def test_an_unknown_segment_is_named_before_anything_is_created(
    run: Run, server: MailchimpStandIn
) -> None:
    result = run(push=True, settings={"segment_id": "999"})
    assert result.code == 1
    assert result.lines[-1].startswith(
        "error: pelicanconf.py: NEWSLETTER_SEGMENT_ID = '999': the audience has no segment or tag"
    )
    assert server.writes == []


def test_a_paused_campaign_is_a_draft_again(run: Run, server: MailchimpStandIn, site: Site) -> None:
    assert run(push=True).code == 0
    (campaign,) = server.campaigns_titled(TITLE)
    campaign["status"] = "paused"  # the coach pressed Pause in Mailchimp's web app
    site.build_email(html='<p>Edited after the pause</p><a href="*|UNSUB|*">x</a>')
    dry = run()
    assert "(paused in Mailchimp: a draft again)" in dry.text
    pushed = run(push=True)
    assert pushed.code == 0, pushed.text
    assert server.state.contents[campaign["id"]]["html"].startswith("<p>Edited after the pause")
    assert run(test_to="me@example.com").code == 0
    assert len(server.state.test_sends) == 1
    scheduled = run(schedule="2026-04-20 09:00")
    assert scheduled.code == 0, scheduled.text
    assert server.state.campaigns[campaign["id"]]["status"] == "schedule"


@pytest.mark.parametrize("status", ["canceled", "canceling", "archived"])
def test_ended_campaigns_are_refused_with_what_to_do_next(
    run: Run, server: MailchimpStandIn, site: Site, status: str
) -> None:
    server.add_campaign(TITLE, status=status)
    result = run(push=True)
    assert result.code == 1
    line = result.lines[-1]
    assert "so it is not changed" in line
    assert f"rename that campaign in Mailchimp (for example to {TITLE}-{status})" in line
    assert "duplicate it in Mailchimp" in line and "choose another month" in line
    assert server.calls("PATCH") == [] and server.calls("PUT") == []


def test_a_renamed_campaign_in_the_ledger_gives_way_to_a_fresh_draft(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    old = server.add_campaign(TITLE, status="canceled")
    assert run(push=True).code == 1
    old["settings"]["title"] = f"{TITLE}-canceled"  # as the refusal suggested
    result = run(push=True)
    assert result.code == 0, result.text
    assert f"is now titled '{TITLE}-canceled'" in result.text
    (fresh,) = server.campaigns_titled(TITLE)
    assert fresh["id"] != old["id"]
    assert site.ledger()[MONTH]["campaign_id"] == fresh["id"]


@pytest.mark.parametrize(
    ("flags", "day", "when"),
    [
        ({"schedule": "2026-04-30 20:00"}, "2026-04-30", "has already ended"),
        ({"send_now": True}, "2026-04-14", "has not started yet"),
    ],
    ids=["schedule-after-the-end", "send-before-the-start"],
)
def test_going_out_outside_the_specials_dates_needs_yes(
    run: Run, server: MailchimpStandIn, site: Site, flags: dict, day: str, when: str
) -> None:
    first, last = (
        ("2026-04-20", "2026-04-29") if "schedule" in flags else ("2026-04-15", "2026-04-30")
    )
    site.build_email(special_from=first, special_until=last)
    refused = run(**flags, yes=False) if "schedule" in flags else run(send_now=True)
    message = (
        f"the 2026-04 newsletter leads with a special that runs from {first} to {last}; "
        f"on {day} (America/New_York) it {when}"
    )
    if "schedule" in flags:
        assert refused.code == 2
        assert refused.lines == [
            f"error: {message}. Choose a day in that window, or add --yes to send it all the same"
        ]
    else:  # --send-now already needs --yes, which then also confirms the dates
        assert refused.code == 2 and "add --yes to confirm" in refused.text
    assert server.writes == []
    confirmed = run(**flags, yes=True)
    assert confirmed.code == 0, confirmed.text
    assert f"warning: {message}; going on because of --yes." in confirmed.lines


def test_a_day_inside_the_specials_dates_goes_out_without_a_word(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    site.build_email(special_from="2026-04-01", special_until="2026-04-30")
    result = run(schedule="2026-04-30 20:00")  # 23:59 local on the last day would still count
    assert result.code == 0, result.text
    assert not any("leads with a special" in line for line in result.lines)
