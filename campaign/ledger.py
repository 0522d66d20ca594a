"""``newsletter/ledger.json``: the record of each month's Mailchimp campaign (committed).

A month maps to a record: ``campaign_id``, ``web_id``, ``status``, ``title``, ``created_at``,
``scheduled_for`` / ``sent_at``, ``content_hash`` (of the last upload) and ``tested_hash`` (of
the content the last test email carried), ``updated_at``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CampaignError

LEDGER_PATH = Path("newsletter") / "ledger.json"
MONTH_KEY = re.compile(r"\d{4}-(0[1-9]|1[0-2])")

Json = Any


def load_ledger(path: Path) -> dict[str, dict[str, Json]]:
    """The committed ledger (month -> record); a missing file means empty."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CampaignError(
            f"the campaign ledger is not valid JSON ({exc.msg}); fix it or restore it from git",
            path,
            exc.lineno,
        ) from None
    if not isinstance(data, dict):
        raise CampaignError("the campaign ledger must map months to records", path)
    for month, record in data.items():
        if not MONTH_KEY.fullmatch(month) or not isinstance(record, dict):
            raise CampaignError(
                f"the campaign ledger's entry {month!r} must be a month (YYYY-MM) with a record "
                '({"campaign_id": ...}); fix it or restore it from git',
                path,
            )
    return data


def write_ledger(path: Path, ledger: Mapping[str, Json]) -> None:
    """Write the ledger atomically (temp file + os.replace) with stable formatting, mode 644."""
    text = json.dumps(ledger, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ledger-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def iso_utc(moment: dt.datetime) -> str:
    """``2026-04-14T13:00:00+00:00``."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


@dataclass
class Ledger:
    """The ledger file and its contents; :meth:`record` updates one month and saves."""

    path: Path
    data: dict[str, dict[str, Json]]

    @classmethod
    def open(cls, path: Path) -> Ledger:
        """The ledger at ``path`` (empty if there is none yet)."""
        return cls(path, load_ledger(path))

    def entry(self, month: str) -> dict[str, Json]:
        """The record for a month (empty if none)."""
        return dict(self.data.get(month, {}))

    def record(self, month: str, now: dt.datetime, **changes: Json) -> None:
        """Merge ``changes`` into the month's record (None removes a key) and save."""
        entry = self.entry(month)
        for key, value in changes.items():
            if value is None:
                entry.pop(key, None)
            else:
                entry[key] = value
        entry["updated_at"] = iso_utc(now)
        self.data[month] = entry
        try:
            write_ledger(self.path, self.data)
        except OSError as exc:
            raise CampaignError(
                f"could not write the campaign ledger ({exc.strerror or exc}); the campaign "
                "exists in Mailchimp and the next run will find it by its title",
                self.path,
            ) from None


def campaign_record(campaign: Mapping[str, Json]) -> dict[str, Json]:
    """The ledger fields that come from Mailchimp's view of a campaign.

    ``scheduled_for`` is None (removed) unless the campaign is scheduled; ``sent_at`` is only
    ever added, once Mailchimp reports the campaign sending or sent.
    """
    status = campaign.get("status")
    send_time = campaign.get("send_time") or None
    record: dict[str, Json] = {
        "campaign_id": campaign["id"],
        "web_id": campaign.get("web_id"),
        "status": status,
        "title": (campaign.get("settings") or {}).get("title"),
        "created_at": campaign.get("create_time") or None,
        "sent_at": send_time if status in ("sending", "sent") else None,
    }
    record = {key: value for key, value in record.items() if value is not None}
    record["scheduled_for"] = send_time if status == "schedule" else None
    return record
