"""Dry run and --push: one campaign per month, whatever happened before."""

from __future__ import annotations

import json

import pytest
from mailchimp_server import MailchimpStandIn

import campaign.ledger as ledger_module
import campaign.lookup as lookup_module

from .conftest import MONTH, TITLE, Run, Site


def test_dry_run_makes_no_write_calls_and_prints_the_plan(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    result = run()
    assert result.code == 0, result.text
    assert server.writes == []
    assert [r.route for r in server.requests] == ["/lists/{list_id}", "/campaigns"]
    assert f"Would create a draft campaign {TITLE!r}" in result.text
    assert "--push" in result.lines[-1]
    assert server.state.campaigns == {}
    assert site.ledger() == {}


def test_dry_run_after_a_push_says_update_and_whether_content_changed(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    assert run(push=True).code == 0
    campaign_id = site.ledger()[MONTH]["campaign_id"]
    server.reset_log()

    same = run()
    assert same.code == 0
    assert f"Would update draft campaign {campaign_id}" in same.text
    assert "content unchanged since the last push" in same.text

    site.build_email(html="<html><body><h1>New specials</h1></body></html>")
    changed = run()
    assert "content changed since the last push" in changed.text
    assert server.writes == []


def test_push_twice_makes_one_campaign_and_updates_its_content(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    first = run(push=True)
    assert first.code == 0, first.text
    assert len(server.calls("POST", "/campaigns")) == 1
    (campaign,) = server.campaigns_titled(TITLE)
    assert campaign["status"] == "save"
    assert campaign["type"] == "regular"
    assert campaign["recipients"]["list_id"] == server.audience_id
    settings = campaign["settings"]
    assert settings["subject_line"] == f"This month's specials ({MONTH})"
    # The email's own preheader is the one preview text; Mailchimp's stays empty.
    assert settings["preview_text"] == ""
    assert (settings["from_name"], settings["reply_to"]) == ("Career Coach", "coach@example.com")
    assert "Specials for 2026-04" in server.state.contents[campaign["id"]]["html"]
    entry = site.ledger()[MONTH]
    assert entry["campaign_id"] == campaign["id"]
    assert entry["web_id"] == campaign["web_id"]
    assert entry["status"] == "save"
    first_hash = entry["content_hash"]
    assert len(first_hash) == 64

    site.build_email(html="<html><body><h1>Updated specials</h1></body></html>", subject="New!")
    second = run(push=True)
    assert second.code == 0, second.text
    assert len(server.calls("POST", "/campaigns")) == 1
    assert len(server.state.campaigns) == 1
    assert len(server.calls("PATCH", "/campaigns/{campaign_id}")) == 1
    assert len(server.calls("PUT", "/campaigns/{campaign_id}/content")) == 2
    assert server.state.contents[campaign["id"]]["html"].endswith(
        "Updated specials</h1></body></html>"
    )
    assert server.state.contents[campaign["id"]]["plain_text"] == f"Specials for {MONTH}\n"
    assert server.state.campaigns[campaign["id"]]["settings"]["subject_line"] == "New!"
    entry = site.ledger()[MONTH]
    assert entry["campaign_id"] == campaign["id"]
    assert entry["content_hash"] not in (first_hash, "")


def test_ledger_is_stable_sorted_json_with_a_trailing_newline(run: Run, site: Site) -> None:
    assert run(push=True).code == 0
    text = site.ledger_path.read_text("utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert set(data[MONTH]) >= {
        "campaign_id",
        "web_id",
        "status",
        "content_hash",
        "created_at",
        "updated_at",
    }
    assert list(site.ledger_path.parent.glob(".ledger-*")) == []


def test_crash_before_recording_rerun_finds_the_campaign_by_title(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    seeded = server.add_campaign(TITLE)  # created by a run that died before writing the ledger
    server.add_campaign("specials-2026-03", status="sent")

    result = run(push=True)
    assert result.code == 0, result.text
    assert "The ledger has no record" in result.text
    assert server.calls("POST", "/campaigns") == []
    assert len(server.campaigns_titled(TITLE)) == 1
    assert site.ledger()[MONTH]["campaign_id"] == seeded["id"]
    assert len(site.ledger()[MONTH]["content_hash"]) == 64


def test_ledger_write_failing_after_create_is_repaired_by_the_next_run(
    run: Run, server: MailchimpStandIn, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = ledger_module.write_ledger

    def broken_write(path, ledger):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ledger_module, "write_ledger", broken_write)
    crashed = run(push=True)
    assert crashed.code == 1
    assert "could not write the campaign ledger (No space left on device)" in crashed.text
    assert len(server.campaigns_titled(TITLE)) == 1
    assert site.ledger() == {}

    monkeypatch.setattr(ledger_module, "write_ledger", real_write)
    again = run(push=True)
    assert again.code == 0, again.text
    assert len(server.calls("POST", "/campaigns")) == 1
    (campaign,) = server.campaigns_titled(TITLE)
    assert site.ledger()[MONTH]["campaign_id"] == campaign["id"]


def test_stale_ledger_id_falls_back_to_the_title_and_says_so(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    seeded = server.add_campaign(TITLE)
    site.ledger_path.write_text(json.dumps({MONTH: {"campaign_id": "deadbeef00"}}), "utf-8")
    result = run(push=True)
    assert result.code == 0, result.text
    assert "campaign deadbeef00 no longer exists in Mailchimp" in result.text
    assert server.calls("POST", "/campaigns") == []
    assert site.ledger()[MONTH]["campaign_id"] == seeded["id"]


def test_title_lookup_pages_through_the_audience(
    run: Run, server: MailchimpStandIn, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup_module, "PAGE_SIZE", 2)
    for number in range(1, 6):
        server.add_campaign(f"specials-2025-{number:02d}", status="sent")
    target = server.add_campaign(TITLE)
    server.add_list("otherlist1", "Other")
    server.add_campaign(TITLE, list_id="otherlist1")  # same title, other audience: ignored

    result = run(push=True)
    assert result.code == 0, result.text
    offsets = [r.query["offset"] for r in server.calls("GET", "/campaigns")]
    assert offsets == ["0", "2", "4"]
    assert all(r.query["list_id"] == server.audience_id for r in server.calls("GET", "/campaigns"))
    assert server.calls("POST", "/campaigns") == []
    assert site.ledger()[MONTH]["campaign_id"] == target["id"]


def test_two_campaigns_with_the_title_are_refused(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    first = server.add_campaign(TITLE)
    second = server.add_campaign(TITLE)
    result = run(push=True)
    assert result.code == 1
    assert f"Mailchimp has 2 campaigns titled {TITLE!r}" in result.text
    assert first["id"] in result.text and second["id"] in result.text
    assert server.writes == []


def test_lost_answer_to_create_is_not_created_twice(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    # Mailchimp creates the campaign, then the connection drops before the answer arrives.
    server.add_fault(method="POST", path=r"^/campaigns$", drop=True, after=True)
    result = run(push=True)
    assert result.code == 0, result.text
    assert len(server.calls("POST", "/campaigns")) == 1
    assert len(server.state.campaigns) == 1
    assert result.sleeps == [1.0]
    (campaign,) = server.campaigns_titled(TITLE)
    assert site.ledger()[MONTH]["campaign_id"] == campaign["id"]
    assert server.state.contents[campaign["id"]]["html"]


def test_create_refused_before_it_happened_is_retried(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    server.add_fault(method="POST", path=r"^/campaigns$", status=503)
    result = run(push=True)
    assert result.code == 0, result.text
    assert [r.status for r in server.calls("POST", "/campaigns")] == [503, 200]
    assert len(server.state.campaigns) == 1


def test_missing_build_artifacts_say_how_to_build(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    special = site.root / "content" / "specials" / "2026-05.md"
    special.parent.mkdir(parents=True)
    special.write_text("Title: May\n", "utf-8")
    result = run("2026-05", push=True)
    assert result.code == 1
    (line,) = result.lines
    assert "build/newsletter/2026-05/email.html" in line
    assert "SITE_DATE=2026-05-01 make build" in line
    assert server.requests == []


def test_a_month_without_a_special_names_the_file_to_write(
    run: Run, server: MailchimpStandIn
) -> None:
    result = run("2026-05", push=True)
    assert result.code == 1
    assert result.lines == [
        "error: content/specials/2026-05.md: there is no special for 2026-05, so there is no "
        "2026-05 newsletter: write content/specials/2026-05.md (see the README), build, then "
        "run this again"
    ]
    assert server.requests == []


def test_campaign_json_with_the_wrong_title_is_refused(
    run: Run, server: MailchimpStandIn, site: Site
) -> None:
    site.build_email(title="specials-2026-03")
    result = run(push=True)
    assert result.code == 1
    assert "campaign.json" in result.text and "'specials-2026-04'" in result.text
    assert server.requests == []
