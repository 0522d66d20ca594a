"""Pure pieces of the sync: schedule rules, the error type, artifacts, ledger and hashing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campaign.api import read_problem
from campaign.command import load_files
from campaign.errors import CampaignError, UsageError
from campaign.ledger import load_ledger, write_ledger
from campaign.request import nearest_quarters, next_quarter, parse_schedule, parse_test_emails
from campaign.sync import mailchimp_settings
from coachsite.edition_files import EditionFiles, EditionFilesError

from .conftest import MONTH, Site, utc

NOW = utc(2026, 4, 14, 12, 0)


def test_error_reads_path_line_message() -> None:
    assert str(CampaignError("fix it", Path("a/b.json"), 3)) == "a/b.json:3: fix it"
    assert str(CampaignError("fix it", "a/b.json")) == "a/b.json: fix it"
    assert str(CampaignError("fix it")) == "fix it"
    assert CampaignError("x", "p").path == Path("p")


def test_schedule_in_paris_becomes_utc() -> None:
    assert parse_schedule("2026-04-20 09:15", "Europe/Paris", NOW) == utc(2026, 4, 20, 7, 15)


def test_nearest_quarters_cross_midnight() -> None:
    from datetime import datetime

    assert nearest_quarters(datetime(2026, 4, 14, 9, 7)) == "2026-04-14 09:00 or 09:15"
    assert nearest_quarters(datetime(2026, 4, 14, 23, 50)) == "2026-04-14 23:45 or 2026-04-15 00:00"


def test_next_quarter_is_strictly_ahead() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Kathmandu")  # UTC+05:45
    after = next_quarter(utc(2026, 4, 14, 12, 14, 30), zone)
    assert after.utcoffset().total_seconds() == 5 * 3600 + 45 * 60
    assert after.astimezone(utc(2026, 1, 1).tzinfo) == utc(2026, 4, 14, 12, 30)


def test_time_skipped_by_dst_is_refused() -> None:
    with pytest.raises(UsageError, match="does not exist in America/New_York"):
        parse_schedule("2031-03-09 02:30", "America/New_York", NOW)


def test_time_repeated_by_dst_is_refused() -> None:
    with pytest.raises(UsageError, match="happens twice in America/New_York"):
        parse_schedule("2031-11-02 01:30", "America/New_York", NOW)


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(CampaignError, match="TIMEZONE 'Mars/Olympus' is not a known time zone"):
        parse_schedule("2031-03-09 02:30", "Mars/Olympus", NOW)


def test_test_addresses_are_split_and_checked() -> None:
    assert parse_test_emails(" a@x.com ,b@y.org,", 6) == ["a@x.com", "b@y.org"]
    with pytest.raises(UsageError):
        parse_test_emails(" , ", 6)


def test_more_test_addresses_than_the_limit_are_refused() -> None:
    six = ",".join(f"t{n}@example.com" for n in range(6))
    assert len(parse_test_emails(six, 6)) == 6
    with pytest.raises(UsageError, match="has 7 addresses but Mailchimp takes at most 6"):
        parse_test_emails(six + ",t6@example.com", 6)
    assert len(parse_test_emails(six + ",t6@example.com", 7)) == 7


def test_problem_reads_every_shape() -> None:
    doc = {
        "title": "Invalid Resource",
        "detail": "Nope.",
        "errors": [{"field": "settings.title", "message": "Too long"}],
    }
    assert read_problem(json.dumps(doc)).line == "Nope. (settings.title: Too long)"
    assert read_problem(doc).title == "Invalid Resource"
    assert read_problem("").line == ""
    page = "<html><head><title>502 Bad Gateway</title></head><body><h1>x</h1>\n</body></html>"
    assert read_problem(page).line == "502 Bad Gateway"
    assert read_problem(page).is_document is False
    assert read_problem("<h1>Service\n  down</h1>").line == "Service down"


def test_content_hash_covers_html_text_and_settings() -> None:
    base = EditionFiles(MONTH, "<p>a</p>", "a", {"subject": "S"})
    assert base.content_hash == EditionFiles(MONTH, "<p>a</p>", "a", {"subject": "S"}).content_hash
    assert base.content_hash != EditionFiles(MONTH, "<p>b</p>", "a", base.meta).content_hash
    assert base.content_hash != EditionFiles(MONTH, "<p>a</p>", "b", base.meta).content_hash
    assert base.content_hash != EditionFiles(MONTH, base.html, "a", {"subject": "T"}).content_hash


def test_artifacts_are_read_as_built(site: Site) -> None:
    files = load_files(site.root, MONTH)
    # preview_text stays out: the email's own preheader carries it (one mechanism, not two).
    assert mailchimp_settings(files) == {
        "title": "specials-2026-04",
        "subject_line": "This month's specials (2026-04)",
        "from_name": "Career Coach",
        "reply_to": "coach@example.com",
        "preview_text": "",
    }
    assert files.text == "Specials for 2026-04\n"
    assert files.meta["web_url"] == "https://coach.example/newsletter/2026-04/"


def test_broken_campaign_json_names_file_and_line(site: Site) -> None:
    path = site.root / "build/newsletter" / MONTH / "campaign.json"
    path.write_text('{\n  "title": "specials-2026-04",\n  "subject": oops\n}\n', "utf-8")
    with pytest.raises(EditionFilesError) as caught:
        load_files(site.root, MONTH)
    assert str(caught.value).startswith(f"{path}:3: not valid JSON")


def test_missing_subject_is_named(site: Site) -> None:
    site.build_email(subject="  ")
    with pytest.raises(EditionFilesError, match='"subject" is missing or empty'):
        load_files(site.root, MONTH)


def test_broken_ledger_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text('{\n  "2026-04": {,\n}\n', "utf-8")
    with pytest.raises(CampaignError) as caught:
        load_ledger(path)
    assert str(caught.value).startswith(f"{path}:2: the campaign ledger is not valid JSON")


def test_write_ledger_replaces_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "newsletter" / "ledger.json"
    write_ledger(path, {"b": {"z": 1, "a": "é"}, "a": {}})
    assert path.read_text("utf-8") == '{\n  "a": {},\n  "b": {\n    "a": "é",\n    "z": 1\n  }\n}\n'

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError):
        write_ledger(path, {"c": {}})
    assert json.loads(path.read_text("utf-8")) == {"a": {}, "b": {"a": "é", "z": 1}}
    assert sorted(p.name for p in path.parent.iterdir()) == ["ledger.json"]
