"""Pure pieces of the sync: schedule rules, the error type, artifacts, ledger and hashing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsletter.campaign import (
    Artifacts,
    UsageError,
    load_artifacts,
    load_ledger,
    nearest_quarters,
    next_quarter,
    parse_schedule,
    parse_test_emails,
    problem_detail,
    write_ledger,
)
from newsletter.errors import NewsletterError

from .conftest import MONTH, Site, utc

NOW = utc(2026, 4, 14, 12, 0)


def test_error_reads_path_line_message() -> None:
    assert str(NewsletterError("fix it", Path("a/b.json"), 3)) == "a/b.json:3: fix it"
    assert str(NewsletterError("fix it", "a/b.json")) == "a/b.json: fix it"
    assert str(NewsletterError("fix it")) == "fix it"
    assert NewsletterError("x", "p").path == Path("p")


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
    with pytest.raises(NewsletterError, match="TIMEZONE 'Mars/Olympus' is not a known time zone"):
        parse_schedule("2031-03-09 02:30", "Mars/Olympus", NOW)


def test_test_addresses_are_split_and_checked() -> None:
    assert parse_test_emails(" a@x.com ,b@y.org,") == ["a@x.com", "b@y.org"]
    with pytest.raises(UsageError):
        parse_test_emails(" , ")


def test_problem_detail_reads_every_shape() -> None:
    doc = {"detail": "Nope.", "errors": [{"field": "settings.title", "message": "Too long"}]}
    assert problem_detail(json.dumps(doc)) == "Nope. (settings.title: Too long)"
    assert problem_detail(doc) == "Nope. (settings.title: Too long)"
    assert problem_detail("") == ""
    assert problem_detail("<html>gateway</html>") == "<html>gateway</html>"


def test_content_hash_covers_html_text_and_settings() -> None:
    base = Artifacts(MONTH, "<p>a</p>", "a", {"subject_line": "S"})
    assert (
        base.content_hash == Artifacts(MONTH, "<p>a</p>", "a", {"subject_line": "S"}).content_hash
    )
    assert base.content_hash != Artifacts(MONTH, "<p>b</p>", "a", base.settings).content_hash
    assert base.content_hash != Artifacts(MONTH, "<p>a</p>", "b", base.settings).content_hash
    assert base.content_hash != Artifacts(MONTH, base.html, "a", {"subject_line": "T"}).content_hash


def test_artifacts_are_read_as_built(site: Site) -> None:
    artifacts = load_artifacts(site.root, MONTH)
    assert artifacts.settings == {
        "title": "specials-2026-04",
        "subject_line": "This month's specials (2026-04)",
        "preview_text": "Two new interview packages",
        "from_name": "Career Coach",
        "reply_to": "coach@example.com",
    }
    assert artifacts.text == "Specials for 2026-04\n"


def test_broken_campaign_json_names_file_and_line(site: Site) -> None:
    path = site.root / "build/newsletter" / MONTH / "campaign.json"
    path.write_text('{\n  "title": "specials-2026-04",\n  "subject": oops\n}\n', "utf-8")
    with pytest.raises(NewsletterError) as caught:
        load_artifacts(site.root, MONTH)
    assert str(caught.value).startswith(f"{path}:3: not valid JSON")


def test_missing_subject_is_named(site: Site) -> None:
    site.build_email(subject="  ")
    with pytest.raises(NewsletterError, match='"subject" is missing or empty'):
        load_artifacts(site.root, MONTH)


def test_broken_ledger_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text('{\n  "2026-04": {,\n}\n', "utf-8")
    with pytest.raises(NewsletterError) as caught:
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
