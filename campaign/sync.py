"""One run of the sync: what it was asked, what it found, and how it speaks to the coach."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from coachsite.edition_files import EditionFiles, campaign_title

from .api import MailchimpApi
from .config import SiteSettings
from .ledger import LEDGER_PATH, Ledger
from .request import Request, format_local, zone_for
from .sender import free_mail_warning

EDITABLE = ("save", "paused")  # paused: the coach pressed Pause in Mailchimp; a draft again

Json = Any
Out = Callable[[str], None]


def mailchimp_settings(files: EditionFiles) -> dict[str, str]:
    """The campaign ``settings`` sent to Mailchimp, from the build's campaign.json.

    ``preview_text`` is emptied on purpose (also one typed in Mailchimp's web app): the email
    carries its own hidden preheader (the preview text the build previewed), and Mailchimp
    would insert a second one.
    """
    meta = files.meta
    return {
        "title": meta["title"],
        "subject_line": meta["subject"],
        "from_name": meta["from_name"],
        "reply_to": meta["reply_to"],
        "preview_text": "",
    }


def plain(text: str) -> str:
    """Mailchimp's ``segment_text`` is HTML; the coach reads it as text."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


@dataclass
class Sync:
    """Everything one run needs."""

    api: MailchimpApi
    request: Request
    site: SiteSettings
    audience_id: str
    audience: dict[str, Json]
    ledger: Ledger
    out: Out
    now: dt.datetime
    files: EditionFiles | None = None
    segment: dict[str, Json] | None = None

    @property
    def month(self) -> str:
        """The month being synced."""
        return self.request.month

    @property
    def title(self) -> str:
        """The campaign's deterministic title."""
        return campaign_title(self.month)

    @property
    def timezone(self) -> str:
        """The site's time zone, in which the coach writes times."""
        return self.site.timezone

    @property
    def audience_name(self) -> str:
        """The audience's name in Mailchimp."""
        return str(self.audience.get("name") or "(unnamed)")

    def record(self, **changes: Json) -> None:
        """Update this month's ledger record."""
        self.ledger.record(self.month, self.now, **changes)

    def recipients_body(self) -> dict[str, Json]:
        """The campaign's ``recipients``: the audience, narrowed to the segment if one is set."""
        body: dict[str, Json] = {"list_id": self.audience_id}
        if self.site.segment_id:
            body["segment_opts"] = {"saved_segment_id": int(self.site.segment_id)}
        return body

    def recipients_line(self, campaign: Mapping[str, Json] | None) -> str:
        """Who will receive it: the campaign's own count once it exists, else the audience's."""
        recipients = (campaign or {}).get("recipients") or {}
        if "recipient_count" in recipients:
            segment = plain(str(recipients.get("segment_text") or ""))
            return (
                f"Recipients: {recipients['recipient_count']} subscribers of audience "
                f"{self.audience_name!r}" + (f" ({segment})" if segment else "") + "."
            )
        if self.segment is not None:
            return (
                f"Recipients: {self.segment.get('member_count', '?')} subscribers in segment "
                f"{self.segment.get('name')!r} of audience {self.audience_name!r}."
            )
        count = (self.audience.get("stats") or {}).get("member_count", "?")
        return f"Recipients: {count} subscribers of audience {self.audience_name!r} (everyone)."

    def say_sender(self) -> None:
        """The sender, and the free-mail warning (which never blocks anything)."""
        if self.files is None:
            return
        meta = self.files.meta
        self.out(f"Sender: {meta['from_name']} <{meta['reply_to']}>.")
        warning = free_mail_warning(meta["reply_to"], self.site.site_url)
        if warning:
            self.out(f"warning: {warning}.")

    def send_time(self, campaign: Mapping[str, Json]) -> str:
        """Mailchimp's ``send_time`` in the site's time zone, with the UTC value."""
        raw = campaign.get("send_time") or ""
        try:
            moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return raw or "no send time"
        if moment.tzinfo is None:
            return raw
        local = format_local(moment.astimezone(zone_for(self.timezone)))
        return f"{local} {self.timezone}, {raw}"

    def hint(self, flags: str) -> str:
        """The command to type for this month, as the README gives it (make, no .venv/bin/)."""
        quoted = flags.replace('"', "'")  # ARGS="..." holds the flags; quotes inside are single
        return f'`make campaign MONTH={self.month} ARGS="{quoted}"`'

    def ledger_note(self) -> str:
        """Where the ledger is, for messages."""
        return f"{LEDGER_PATH} (commit it)"
