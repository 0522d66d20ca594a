"""newsletter/ledger.json: what is accepted, how it is written, how a record changes."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

from campaign.errors import CampaignError
from campaign.ledger import (
    LEDGER_PATH,
    Ledger,
    campaign_record,
    iso_utc,
    load_ledger,
    write_ledger,
)

NOW = dt.datetime(2026, 4, 14, 12, 0, 30, 999_000, tzinfo=dt.UTC)


def ledger_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ledger.json"
    path.write_text(text, "utf-8")
    return path


def test_the_ledger_lives_in_newsletter_ledger_json() -> None:
    assert Path("newsletter/ledger.json") == LEDGER_PATH


def test_a_missing_ledger_is_empty_and_a_valid_one_is_read(tmp_path: Path) -> None:
    assert load_ledger(tmp_path / "nothing.json") == {}
    record = {"campaign_id": "abc", "status": "save"}
    path = ledger_file(tmp_path, json.dumps({"2026-04": record, "2026-12": {}}))
    assert load_ledger(path) == {"2026-04": record, "2026-12": {}}


def refusal(path: Path) -> str:
    with pytest.raises(CampaignError) as caught:
        load_ledger(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ('{"2026-04": 5}', "'2026-04'"),
        ('{"2026-04": "abc"}', "'2026-04'"),
        ('{"2026-04": null}', "'2026-04'"),
        ('{"2026-04": ["abc"]}', "'2026-04'"),
        ('{"2026-13": {}}', "'2026-13'"),
        ('{"2026-00": {}}', "'2026-00'"),
        ('{"2026-4": {}}', "'2026-4'"),
        ('{"x2026-04": {}}', "'x2026-04'"),
        ('{"2026-04-01": {}}', "'2026-04-01'"),
        ('{"2026-04": {}, "april": {}}', "'april'"),
    ],
)
def test_an_entry_that_is_not_a_month_with_a_record_is_refused(
    tmp_path: Path, text: str, entry: str
) -> None:
    path = ledger_file(tmp_path, text)
    assert refusal(path) == (
        f"{path}: the campaign ledger's entry {entry} must be a month (YYYY-MM) with a record "
        '({"campaign_id": ...}); fix it or restore it from git'
    )


@pytest.mark.parametrize("text", ["[]", '"2026-04"', "5", "null"])
def test_a_ledger_that_is_not_an_object_is_refused(tmp_path: Path, text: str) -> None:
    path = ledger_file(tmp_path, text)
    assert refusal(path) == f"{path}: the campaign ledger must map months to records"


def test_invalid_json_says_what_and_where(tmp_path: Path) -> None:
    path = ledger_file(tmp_path, '{\n  "2026-04": {}\n  "2026-05": {}\n}\n')
    assert refusal(path) == (
        f"{path}:3: the campaign ledger is not valid JSON (Expecting ',' delimiter); "
        "fix it or restore it from git"
    )


def test_the_written_ledger_is_readable_by_everyone_and_writable_by_its_owner(
    tmp_path: Path,
) -> None:
    path = tmp_path / "newsletter" / "ledger.json"
    old = os.umask(0o077)  # even a strict umask: the committed file is 0644, like git's
    try:
        write_ledger(path, {"2026-04": {"campaign_id": "abc"}})
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    write_ledger(path, {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_the_ledger_is_written_sorted_indented_in_utf8_with_a_final_newline(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deep" / "er" / "ledger.json"
    write_ledger(path, {"2026-05": {"title": "Mai é", "b": 2, "a": 1}, "2026-04": {}})
    assert (
        path.read_bytes()
        == (
            '{\n  "2026-04": {},\n  "2026-05": {\n    "a": 1,\n    "b": 2,\n'
            '    "title": "Mai é"\n  }\n}\n'
        ).encode()
    )


def test_the_text_is_complete_in_a_hidden_file_beside_the_ledger_before_it_is_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Beside it: os.replace is atomic only within one file system. Hidden and named for the
    # ledger, so a crash's leftover is recognisable (and not another .json file).
    path = tmp_path / "ledger.json"
    seen: list[tuple[list[str], int]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        seen.append((sorted(p.name for p in tmp_path.iterdir()), os.fstat(fd).st_size))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_ledger(path, {"2026-04": {"title": "é"}})
    ((names, size),) = seen
    (temporary,) = names
    assert temporary.startswith(".ledger-") and temporary.endswith(".tmp")
    assert size == len(path.read_bytes())


def test_a_failed_write_leaves_the_old_ledger_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.json"
    write_ledger(path, {"2026-04": {}})

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_ledger(path, {"2026-05": {}})
    assert json.loads(path.read_text("utf-8")) == {"2026-04": {}}
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]


def test_iso_utc_is_utc_to_the_second() -> None:
    paris = dt.timezone(dt.timedelta(hours=2))
    assert iso_utc(dt.datetime(2026, 4, 14, 15, 0, 59, 999_999, tzinfo=paris)) == (
        "2026-04-14T13:00:59+00:00"
    )


def test_record_merges_removes_stamps_and_saves(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    ledger = Ledger.open(path)
    assert ledger.data == {}
    ledger.record("2026-04", NOW, campaign_id="abc", status="save", scheduled_for="x")
    ledger.record("2026-04", NOW + dt.timedelta(hours=1), status="schedule", scheduled_for=None)
    expected = {
        "campaign_id": "abc",
        "status": "schedule",
        "updated_at": "2026-04-14T13:00:30+00:00",
    }
    assert load_ledger(path) == {"2026-04": expected}
    assert Ledger.open(path).entry("2026-04") == expected
    assert Ledger.open(path).entry("2026-05") == {}


def test_an_entry_is_a_copy_the_ledger_changes_only_through_record(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.json", {"2026-04": {"campaign_id": "abc"}})
    entry = ledger.entry("2026-04")
    entry["campaign_id"] = "changed"
    assert ledger.data == {"2026-04": {"campaign_id": "abc"}}


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(28, "No space left on device"), "No space left on device"),
        (OSError("read-only file system"), "read-only file system"),
    ],
)
def test_a_ledger_that_cannot_be_written_says_the_campaign_will_be_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, said: str
) -> None:
    path = tmp_path / "ledger.json"

    def failing(*args: object) -> None:
        raise error

    monkeypatch.setattr("campaign.ledger.write_ledger", failing)
    ledger = Ledger(path, {})
    with pytest.raises(CampaignError) as caught:
        ledger.record("2026-04", NOW, campaign_id="abc")
    assert str(caught.value) == (
        f"{path}: could not write the campaign ledger ({said}); the campaign exists in "
        "Mailchimp and the next run will find it by its title"
    )
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def campaign(status: str, **extra: object) -> dict[str, object]:
    return {
        "id": "abc",
        "web_id": 123,
        "status": status,
        "settings": {"title": "specials-2026-04"},
        "create_time": "2026-04-14T12:00:00+00:00",
        "send_time": "2026-04-20T13:00:00+00:00",
        **extra,
    }


def test_a_draft_records_no_send_or_schedule_time() -> None:
    assert campaign_record(campaign("save")) == {
        "campaign_id": "abc",
        "web_id": 123,
        "status": "save",
        "title": "specials-2026-04",
        "created_at": "2026-04-14T12:00:00+00:00",
        "scheduled_for": None,
    }


def test_a_scheduled_campaign_records_when_it_goes_out() -> None:
    record = campaign_record(campaign("schedule"))
    assert record["scheduled_for"] == "2026-04-20T13:00:00+00:00"
    assert "sent_at" not in record


@pytest.mark.parametrize("status", ["sending", "sent"])
def test_a_sending_or_sent_campaign_records_when_it_went_out(status: str) -> None:
    record = campaign_record(campaign(status))
    assert record["sent_at"] == "2026-04-20T13:00:00+00:00"
    assert record["scheduled_for"] is None
    assert record["status"] == status


def test_empty_or_missing_fields_are_left_out() -> None:
    bare = {"id": "abc", "status": "sent", "send_time": "", "create_time": ""}
    assert campaign_record(bare) == {"campaign_id": "abc", "status": "sent", "scheduled_for": None}
    assert campaign_record({"id": "abc", "status": "schedule", "send_time": ""}) == {
        "campaign_id": "abc",
        "status": "schedule",
        "scheduled_for": None,
    }
