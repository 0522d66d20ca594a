"""A loopback stand-in for the Mailchimp Marketing API v3 (the calls the campaign sync makes).

It speaks the real API's paths, bodies, status values and ``application/problem+json`` errors,
enforces the rules the OpenAPI description does not say (quarter-hour scheduling in the future,
``from_name``/``reply_to`` before sending, no content changes once scheduled or sent, 429 past
10 simultaneous connections), records every request, and lets tests inject faults.

In tests::

    with MailchimpStandIn() as server:
        env = server.env()          # MAILCHIMP_API_KEY, MAILCHIMP_AUDIENCE_ID, MAILCHIMP_API_URL
        server.add_fault(method="POST", path=r"^/campaigns$", status=503)

By hand::

    python tests/mailchimp_server.py --port 8765

It depends on the standard library only (no ``../shared``).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import copy
import datetime as dt
import hashlib
import html
import itertools
import json
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FAKE_API_KEY = "f4ke0000c0ffee0000standin00000000-us99"
FAKE_AUDIENCE_ID = "a1b2c3d4e5"
API_PREFIX = "/3.0"
ERROR_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"
EDITABLE = ("save", "paused")
MAX_COUNT = 1000

Json = Any


@dataclass
class RecordedRequest:
    """One request as the server saw it, and how it answered."""

    index: int
    method: str
    path: str
    query: dict[str, str]
    body: Json
    route: str | None = None
    status: int = 0
    response: Json = None

    @property
    def is_write(self) -> bool:
        """True for anything but GET (and HEAD)."""
        return self.method not in ("GET", "HEAD")

    @property
    def accepted(self) -> bool:
        """True when the server answered 2xx."""
        return 200 <= self.status < 300


@dataclass
class Fault:
    """A fault to inject into matching requests.

    A request matches when ``method`` (if set) equals its method, ``path`` (if set, a regex
    searched in the API path without ``/3.0``) matches, and ``nth`` (if set) equals its 1-based
    index among all requests. ``times`` matching requests are affected (``None``: all).

    Effects, in order: wait ``delay`` seconds; then ``drop`` the connection without an answer,
    or answer ``status`` (a problem+json document unless ``body`` is False); with neither, the
    request is served normally. With ``after=True`` the request takes effect first and only its
    answer is delayed, dropped or replaced (a write that "happened" but whose answer was lost).
    """

    status: int | None = None
    method: str | None = None
    path: str | None = None
    nth: int | None = None
    times: int | None = 1
    body: bool = True
    delay: float = 0.0
    drop: bool = False
    after: bool = False
    detail: str | None = None
    hits: int = 0

    def matches(self, method: str, path: str, index: int) -> bool:
        """Whether this fault applies to a request (and still has uses left)."""
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method.upper() != method:
            return False
        if self.path is not None and not re.search(self.path, path):
            return False
        return self.nth is None or self.nth == index


class Problem(Exception):
    """An API error answered as ``application/problem+json``."""

    def __init__(
        self, status: int, title: str, detail: str, errors: list[dict[str, str]] | None = None
    ):
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors

    def document(self) -> dict[str, Json]:
        """The problem detail document Mailchimp sends."""
        doc: dict[str, Json] = {
            "type": ERROR_TYPE,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": str(uuid.uuid4()),
        }
        if self.errors:
            doc["errors"] = self.errors
        return doc


def not_found() -> Problem:
    """Mailchimp's 404."""
    return Problem(404, "Resource Not Found", "The requested resource could not be found.")


def invalid(field_name: str, message: str) -> Problem:
    """Mailchimp's 400 for a body that fails validation, with the field named."""
    return Problem(
        400,
        "Invalid Resource",
        "The resource submitted could not be validated. "
        "For field-specific details, see the 'errors' array.",
        [{"field": field_name, "message": message}],
    )


def bad_request(detail: str, title: str = "Bad Request") -> Problem:
    """A plain 400 with a detail."""
    return Problem(400, title, detail)


def utc_iso(moment: dt.datetime) -> str:
    """``2026-04-14T13:00:00+00:00``, the way Mailchimp writes times."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def pick_fields(value: Json, fields: str) -> Json:
    """Keep only the comma-separated dot-notation ``fields`` of a response (the API's filter)."""
    tree: dict[str, Any] = {}
    for dotted in filter(None, (f.strip() for f in fields.split(","))):
        node = tree
        for part in dotted.split("."):
            node = node.setdefault(part, {})
    return _pick(value, tree)


def _pick(value: Json, tree: dict[str, Any]) -> Json:
    if not tree:
        return value
    if isinstance(value, list):
        return [_pick(item, tree) for item in value]
    if isinstance(value, dict):
        return {key: _pick(value[key], sub) for key, sub in tree.items() if key in value}
    return value


def strip_tags(markup: str) -> str:
    """A rough plain-text version of HTML (Mailchimp generates one when none is given)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


@dataclass
class State:
    """Everything the stand-in account holds."""

    lists: dict[str, dict[str, Json]] = field(default_factory=dict)
    campaigns: dict[str, dict[str, Json]] = field(default_factory=dict)
    contents: dict[str, dict[str, str]] = field(default_factory=dict)
    test_sends: list[dict[str, Json]] = field(default_factory=list)


Handler = Callable[..., tuple[int, Json]]


class MailchimpStandIn:
    """The stand-in server: start it, point the client at :attr:`url`, inspect :attr:`requests`.

    ``instant_send``: an ``actions/send`` moves the campaign to ``sent`` at once; otherwise it
    stays ``sending`` until :meth:`complete_sends` (so tests can observe both).
    """

    def __init__(
        self,
        api_key: str = FAKE_API_KEY,
        audience_id: str = FAKE_AUDIENCE_ID,
        *,
        port: int = 0,
        max_connections: int = 10,
        instant_send: bool = False,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        self.api_key = api_key
        self.audience_id = audience_id
        self.port = port
        self.max_connections = max_connections
        self.instant_send = instant_send
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.state = State()
        self.requests: list[RecordedRequest] = []
        self.faults: list[Fault] = []
        self.lock = threading.RLock()
        self.active = 0
        self.stopping = threading.Event()
        self._ids = itertools.count(1)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.add_list(audience_id, "Career Coach Specials")

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> MailchimpStandIn:
        """Listen on 127.0.0.1 (port 0 picks a free one) in a background thread."""
        httpd = _Server(("127.0.0.1", self.port), _RequestHandler)
        httpd.standin = self
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="mailchimp-standin"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (slow answers in progress are cut short)."""
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> MailchimpStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The API base URL to give the client (``client.api_client.host``)."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    def env(self) -> dict[str, str]:
        """The environment the campaign sync needs to talk to this server."""
        return {
            "MAILCHIMP_API_KEY": self.api_key,
            "MAILCHIMP_AUDIENCE_ID": self.audience_id,
            "MAILCHIMP_API_URL": self.url,
        }

    # -- test helpers ---------------------------------------------------------------------------

    def add_fault(self, **kwargs: Any) -> Fault:
        """Register a :class:`Fault` (keyword arguments as its fields) and return it."""
        fault = Fault(**kwargs)
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        with self.lock:
            self.faults.clear()

    def add_list(self, list_id: str, name: str) -> dict[str, Json]:
        """Create an audience."""
        audience = {
            "id": list_id,
            "web_id": 100000 + len(self.state.lists),
            "name": name,
            "contact": {"company": "Career Coach", "country": "US"},
            "permission_reminder": "You signed up for the monthly specials.",
            "campaign_defaults": {
                "from_name": "Career Coach",
                "from_email": "coach@example.com",
                "subject": "",
                "language": "en",
            },
            "date_created": "2026-01-01T00:00:00+00:00",
            "email_type_option": False,
            "stats": {"member_count": 42, "unsubscribe_count": 0, "campaign_count": 0},
            "_links": [],
        }
        self.state.lists[list_id] = audience
        return audience

    def add_campaign(
        self, title: str, *, status: str = "save", list_id: str | None = None, **settings: str
    ) -> dict[str, Json]:
        """Seed a campaign directly (e.g. one sent earlier or created by a crashed run)."""
        body = {
            "type": "regular",
            "recipients": {"list_id": list_id or self.audience_id},
            "settings": {
                "title": title,
                "subject_line": settings.pop("subject_line", "Seeded"),
                "from_name": settings.pop("from_name", "Coach"),
                "reply_to": settings.pop("reply_to", "coach@example.com"),
                **settings,
            },
        }
        with self.lock:
            campaign = self._new_campaign(body)
            self.state.contents[campaign["id"]]["html"] = "<p>seeded</p>"
            campaign["status"] = status
            if status in ("schedule", "sending", "sent"):
                campaign["send_time"] = utc_iso(self.clock())
        return campaign

    def campaigns_titled(self, title: str) -> list[dict[str, Json]]:
        """Campaigns whose ``settings.title`` is ``title``."""
        with self.lock:
            return [c for c in self.state.campaigns.values() if c["settings"]["title"] == title]

    def complete_sends(self) -> None:
        """Finish every campaign that is ``sending`` (it becomes ``sent``)."""
        with self.lock:
            for campaign in self.state.campaigns.values():
                if campaign["status"] == "sending":
                    self._mark_sent(campaign)

    def calls(self, method: str | None = None, route: str | None = None) -> list[RecordedRequest]:
        """Recorded requests, optionally filtered by method and route template."""
        with self.lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method) and (route is None or r.route == route)
            ]

    @property
    def writes(self) -> list[RecordedRequest]:
        """Every recorded request that is not a GET."""
        return [r for r in self.calls() if r.is_write]

    def reset_log(self) -> None:
        """Forget recorded requests (state and faults stay)."""
        with self.lock:
            self.requests.clear()

    # -- request pipeline -----------------------------------------------------------------------

    def record(self, method: str, path: str, query: dict[str, str], body: Json) -> RecordedRequest:
        """Append a request to the log and give it its 1-based index."""
        with self.lock:
            entry = RecordedRequest(len(self.requests) + 1, method, path, query, body)
            self.requests.append(entry)
            return entry

    def take_fault(self, method: str, path: str, index: int) -> Fault | None:
        """The first matching fault, counted as used."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path, index):
                    fault.hits += 1
                    return fault
        return None

    def authorized(self, header: str | None) -> bool:
        """Basic auth with any user name and this server's key as the password."""
        if not header or not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        _, _, password = decoded.partition(":")
        return password == self.api_key

    def dispatch(self, method: str, path: str, query: dict[str, str], body: Json) -> Answer:
        """Route a request to its handler; returns (route, status, JSON or None)."""
        for verb, template, pattern, handler in ROUTES:
            match = pattern.fullmatch(path)
            if match and verb == method:
                with self.lock:
                    status, payload = handler(self, query=query, body=body, **match.groupdict())
                    payload = copy.deepcopy(payload)
                if payload is not None and query.get("fields") and status == 200:
                    payload = pick_fields(payload, query["fields"])
                return template, status, payload
        if any(pattern.fullmatch(path) for _, _, pattern, _ in ROUTES):
            raise Problem(405, "Method Not Allowed", f"{method} is not allowed on {path}.")
        raise not_found()

    # -- campaigns ------------------------------------------------------------------------------

    def _new_campaign(self, body: dict[str, Json]) -> dict[str, Json]:
        number = next(self._ids)
        campaign_id = hashlib.sha1(f"campaign-{number}".encode()).hexdigest()[:10]
        recipients = body.get("recipients") or {}
        list_id = recipients.get("list_id", "")
        settings = {
            "subject_line": "",
            "preview_text": "",
            "title": "",
            "from_name": "",
            "reply_to": "",
            "use_conversation": False,
            "to_name": "",
            "folder_id": "",
            "authenticate": True,
            "auto_footer": False,
            "inline_css": False,
            "auto_tweet": False,
            "fb_comments": True,
            "timewarp": False,
            "template_id": 0,
            "drag_and_drop": False,
        }
        settings.update(body.get("settings") or {})
        campaign = {
            "id": campaign_id,
            "web_id": 4000 + number,
            "parent_campaign_id": "",
            "type": body["type"],
            "create_time": utc_iso(self.clock()),
            "archive_url": f"http://eepurl.com/standin{number}",
            "long_archive_url": f"https://us99.campaign-archive.com/?u=standin&id={campaign_id}",
            "status": "save",
            "emails_sent": 0,
            "send_time": "",
            "content_type": "template",
            "needs_block_refresh": False,
            "resendable": False,
            "recipients": {
                "list_id": list_id,
                "list_is_active": True,
                "list_name": self.state.lists.get(list_id, {}).get("name", ""),
                "segment_text": "",
                "recipient_count": 42,
            },
            "settings": settings,
            "tracking": {"opens": True, "html_clicks": True, "text_clicks": False},
            "delivery_status": {"enabled": False},
            "_links": [],
        }
        self.state.campaigns[campaign_id] = campaign
        self.state.contents[campaign_id] = {"html": "", "plain_text": ""}
        return campaign

    def _campaign(self, campaign_id: str) -> dict[str, Json]:
        try:
            return self.state.campaigns[campaign_id]
        except KeyError:
            raise not_found() from None

    def _mark_sent(self, campaign: dict[str, Json]) -> None:
        campaign["status"] = "sent"
        campaign["emails_sent"] = campaign["recipients"]["recipient_count"]
        campaign["send_time"] = campaign["send_time"] or utc_iso(self.clock())

    def checklist(self, campaign_id: str) -> dict[str, Json]:
        """The send checklist: what is missing before the campaign can go out."""
        campaign = self._campaign(campaign_id)
        settings = campaign["settings"]
        needs = [
            ("From Name", bool(settings.get("from_name")), "You need to add a From name."),
            ("Reply-To", bool(settings.get("reply_to")), "You need to add a reply-to address."),
            ("Subject Line", bool(settings.get("subject_line")), "You need a subject line."),
            (
                "Audience",
                campaign["recipients"]["list_id"] in self.state.lists,
                "You need to choose an audience.",
            ),
            (
                "Content",
                bool(self.state.contents[campaign_id].get("html")),
                "Your campaign has no content.",
            ),
        ]
        items = [
            {
                "type": "success" if ok else "error",
                "id": number,
                "heading": heading,
                "details": "Looks good." if ok else details,
            }
            for number, (heading, ok, details) in enumerate(needs)
        ]
        return {"is_ready": all(ok for _, ok, _ in needs), "items": items, "_links": []}

    def _require_ready(self, campaign_id: str, action: str) -> None:
        checklist = self.checklist(campaign_id)
        if not checklist["is_ready"]:
            missing = [i["details"] for i in checklist["items"] if i["type"] == "error"]
            raise bad_request(
                f"Your Campaign is not ready to {action}. " + " ".join(missing),
                title="Campaign Not Ready",
            )

    def _require_editable(self, campaign: dict[str, Json], what: str) -> None:
        if campaign["status"] not in EDITABLE:
            raise bad_request(
                f"This campaign cannot be {what} because its status is "
                f"'{campaign['status']}'. Only campaigns in 'save' or 'paused' can be changed.",
            )


# -- handlers (called with the server lock held) ----------------------------------------------

Answer = tuple[str, int, Json]
SETTINGS_STRINGS = ("subject_line", "preview_text", "title", "from_name", "reply_to", "to_name")


def _check_object(body: Json, name: str = "body") -> dict[str, Json]:
    if not isinstance(body, dict):
        raise invalid(name, "Schema describes object, NULL found instead")
    return body


def _check_settings(settings: Json, required: tuple[str, ...] = ()) -> None:
    settings = _check_object(settings, "settings")
    for key in SETTINGS_STRINGS:
        if key in settings and not isinstance(settings[key], str):
            raise invalid(f"settings.{key}", "Schema describes string")
    for key in required:
        if not settings.get(key):
            raise invalid(f"settings.{key}", "This value should not be blank.")
    reply_to = settings.get("reply_to")
    if reply_to and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", reply_to):
        raise invalid("settings.reply_to", "This value should be a valid email address.")


def _check_recipients(api: MailchimpStandIn, recipients: Json) -> None:
    recipients = _check_object(recipients, "recipients")
    list_id = recipients.get("list_id")
    if not isinstance(list_id, str) or not list_id:
        raise invalid("recipients.list_id", "Required property list_id not found")
    if list_id not in api.state.lists:
        raise invalid("recipients.list_id", f"The list '{list_id}' does not exist.")


def h_ping(api: MailchimpStandIn, **_: Any) -> tuple[int, Json]:
    return 200, {"health_status": "Everything's Chimpy!"}


def h_get_list(api: MailchimpStandIn, list_id: str, **_: Any) -> tuple[int, Json]:
    if list_id not in api.state.lists:
        raise not_found()
    return 200, api.state.lists[list_id]


def _int_param(query: dict[str, str], name: str, default: int) -> int:
    try:
        return int(query.get(name, default))
    except ValueError:
        raise invalid(name, "Schema describes integer") from None


def h_list_campaigns(api: MailchimpStandIn, query: dict[str, str], **_: Any) -> tuple[int, Json]:
    count = _int_param(query, "count", 10)
    offset = _int_param(query, "offset", 0)
    if not 0 <= count <= MAX_COUNT or offset < 0:
        raise invalid("count", f"count must be between 0 and {MAX_COUNT}")
    found = [
        campaign
        for campaign in api.state.campaigns.values()
        if all(
            query.get(name) in (None, value)
            for name, value in (
                ("list_id", campaign["recipients"]["list_id"]),
                ("status", campaign["status"]),
                ("type", campaign["type"]),
            )
        )
    ]
    return 200, {
        "campaigns": found[offset : offset + count],
        "total_items": len(found),
        "_links": [],
    }


def h_create_campaign(api: MailchimpStandIn, body: Json, **_: Any) -> tuple[int, Json]:
    body = _check_object(body)
    if body.get("type") not in ("regular", "plaintext", "absplit", "rss", "variate"):
        raise invalid("type", "Data presented is not one of the accepted values")
    if body["type"] not in ("regular", "plaintext"):
        raise bad_request(f"Campaign type '{body['type']}' is not supported by this stand-in.")
    _check_recipients(api, body.get("recipients"))
    _check_settings(body.get("settings", {}))
    return 200, api._new_campaign(body)


def h_get_campaign(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    return 200, api._campaign(campaign_id)


def h_update_campaign(
    api: MailchimpStandIn, campaign_id: str, body: Json, **_: Any
) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    body = _check_object(body)
    if "settings" not in body:
        raise invalid("settings", "Required property settings not found")
    _check_settings(body["settings"], required=("subject_line", "from_name", "reply_to"))
    if "recipients" in body:
        _check_recipients(api, body["recipients"])
    api._require_editable(campaign, "updated")
    campaign["settings"].update(body["settings"])
    if "recipients" in body:
        campaign["recipients"]["list_id"] = body["recipients"]["list_id"]
    return 200, campaign


def h_delete_campaign(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    if campaign["status"] == "sending":
        raise bad_request("A campaign that is sending cannot be deleted.")
    del api.state.campaigns[campaign_id]
    del api.state.contents[campaign_id]
    return 204, None


def _content_document(api: MailchimpStandIn, campaign_id: str) -> dict[str, Json]:
    content = api.state.contents[campaign_id]
    return {
        "plain_text": content.get("plain_text", ""),
        "html": content.get("html", ""),
        "archive_html": content.get("html", ""),
        "_links": [],
    }


def h_get_content(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    api._campaign(campaign_id)
    return 200, _content_document(api, campaign_id)


def h_set_content(
    api: MailchimpStandIn, campaign_id: str, body: Json, **_: Any
) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    body = _check_object(body)
    if any(key in body for key in ("url", "template", "archive", "variate_contents")):
        raise bad_request("Only 'html' and 'plain_text' content is supported by this stand-in.")
    if not isinstance(body.get("html"), str) or not body["html"]:
        raise invalid("html", "Please provide either HTML, a URL, a template, or an archive.")
    if "plain_text" in body and not isinstance(body["plain_text"], str):
        raise invalid("plain_text", "Schema describes string")
    api._require_editable(campaign, "edited")
    api.state.contents[campaign_id] = {
        "html": body["html"],
        "plain_text": body.get("plain_text") or strip_tags(body["html"]),
    }
    return 200, _content_document(api, campaign_id)


def h_send(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    if campaign["status"] not in EDITABLE:
        raise bad_request(
            f"This campaign cannot be sent because its status is '{campaign['status']}'.",
            title="Campaign Cannot Be Sent",
        )
    api._require_ready(campaign_id, "send")
    campaign["status"] = "sending"
    campaign["send_time"] = utc_iso(api.clock())
    if api.instant_send:
        api._mark_sent(campaign)
    return 204, None


def parse_schedule_time(value: Json) -> dt.datetime:
    """Parse an ISO 8601 ``schedule_time`` (offset required; ``Z`` accepted)."""
    if not isinstance(value, str):
        raise invalid("schedule_time", "Schema describes string")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid("schedule_time", "Please provide a valid ISO 8601 date-time.") from None
    if moment.tzinfo is None:
        raise invalid("schedule_time", "The schedule time needs a UTC offset.")
    return moment.astimezone(dt.UTC)


def h_schedule(api: MailchimpStandIn, campaign_id: str, body: Json, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    body = _check_object(body)
    if "schedule_time" not in body:
        raise invalid("schedule_time", "Required property schedule_time not found")
    moment = parse_schedule_time(body["schedule_time"])
    if moment.minute % 15 or moment.second or moment.microsecond:
        raise bad_request(
            "Schedule time must be on the quarter-hour (:00, :15, :30, :45).",
            title="Invalid Schedule Time",
        )
    if moment <= api.clock():
        raise bad_request("Schedule time must be in the future.", title="Invalid Schedule Time")
    if campaign["status"] not in EDITABLE:
        raise bad_request(
            f"This campaign cannot be scheduled because its status is '{campaign['status']}'.",
        )
    api._require_ready(campaign_id, "schedule")
    campaign["status"] = "schedule"
    campaign["send_time"] = utc_iso(moment)
    return 204, None


def h_unschedule(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    if campaign["status"] != "schedule":
        raise bad_request(
            f"Cannot unschedule a campaign whose status is '{campaign['status']}'.",
        )
    campaign["status"] = "save"
    campaign["send_time"] = ""
    return 204, None


def h_test(api: MailchimpStandIn, campaign_id: str, body: Json, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    body = _check_object(body)
    emails = body.get("test_emails")
    if not isinstance(emails, list) or not emails:
        raise invalid("test_emails", "Required property test_emails not found")
    if not all(isinstance(e, str) and re.fullmatch(r"[^@\s]+@[^@\s]+", e) for e in emails):
        raise invalid("test_emails", "Please provide valid email addresses.")
    if body.get("send_type") not in ("html", "plaintext"):
        raise invalid("send_type", "Data presented is not one of the accepted values")
    if campaign["status"] in ("sending", "sent"):
        raise bad_request("Test emails cannot be sent for a campaign that has been sent.")
    api._require_ready(campaign_id, "test")
    api.state.test_sends.append(
        {"campaign_id": campaign_id, "emails": list(emails), "send_type": body["send_type"]}
    )
    return 204, None


def h_cancel_send(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    if campaign["status"] != "sending":
        raise bad_request(
            f"Cannot cancel a campaign whose status is '{campaign['status']}'.",
        )
    campaign["status"] = "canceled"
    return 204, None


def h_checklist(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    return 200, api.checklist(campaign_id)


def _route(method: str, template: str, handler: Handler) -> tuple[str, str, re.Pattern[str], Any]:
    pattern = re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template))
    return method, template, pattern, handler


ACTION = "/campaigns/{campaign_id}/actions/"
ROUTES = [
    _route("GET", "/ping", h_ping),
    _route("GET", "/lists/{list_id}", h_get_list),
    _route("GET", "/campaigns", h_list_campaigns),
    _route("POST", "/campaigns", h_create_campaign),
    _route("GET", "/campaigns/{campaign_id}", h_get_campaign),
    _route("PATCH", "/campaigns/{campaign_id}", h_update_campaign),
    _route("DELETE", "/campaigns/{campaign_id}", h_delete_campaign),
    _route("GET", "/campaigns/{campaign_id}/content", h_get_content),
    _route("PUT", "/campaigns/{campaign_id}/content", h_set_content),
    _route("POST", ACTION + "send", h_send),
    _route("POST", ACTION + "schedule", h_schedule),
    _route("POST", ACTION + "unschedule", h_unschedule),
    _route("POST", ACTION + "test", h_test),
    _route("POST", ACTION + "cancel-send", h_cancel_send),
    _route("GET", "/campaigns/{campaign_id}/send-checklist", h_checklist),
]


def route_of(method: str, path: str) -> str | None:
    """The route template (e.g. ``/campaigns/{campaign_id}``) a request is for, if any."""
    for verb, template, pattern, _ in ROUTES:
        if verb == method and pattern.fullmatch(path):
            return template
    return None


# -- HTTP plumbing ----------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64
    standin: MailchimpStandIn


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "MailchimpStandIn/1.0"

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is :attr:`MailchimpStandIn.requests`."""

    def _handle(self, method: str) -> None:
        api = self.server.standin
        with api.lock:
            api.active += 1
            crowded = api.active > api.max_connections
        try:
            self._serve(api, method, crowded)
        except OSError:
            self.close_connection = True  # the client went away (e.g. it timed out)
        finally:
            with api.lock:
                api.active -= 1

    def _serve(self, api: MailchimpStandIn, method: str, crowded: bool) -> None:
        url = urlsplit(self.path)
        path = url.path[len(API_PREFIX) :] if url.path.startswith(API_PREFIX) else url.path
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        entry = api.record(method, path, query, None)
        entry.route = route_of(method, path)
        try:
            entry.body = json.loads(raw) if raw.strip() else None
        except ValueError:
            self._problem(entry, bad_request("We encountered an unspecified JSON parsing error."))
            return
        if crowded:
            detail = (
                f"You have exceeded the limit of {api.max_connections} simultaneous connections."
            )
            self._problem(entry, Problem(429, "Too Many Requests", detail))
            return
        fault = api.take_fault(method, path, entry.index)
        if fault and not fault.after and self._inject(api, entry, fault):
            return
        if not api.authorized(self.headers.get("Authorization")):
            self._problem(
                entry,
                Problem(
                    401,
                    "API Key Invalid",
                    "Your API key may be invalid, or you've attempted to access the wrong "
                    "datacenter.",
                ),
            )
            return
        try:
            _, status, payload = api.dispatch(method, path, query, entry.body)
        except Problem as problem:
            if fault and fault.after and self._inject(api, entry, fault):
                return
            self._problem(entry, problem)
            return
        if fault and fault.after and self._inject(api, entry, fault):
            return
        self._answer(entry, status, payload)

    def _inject(self, api: MailchimpStandIn, entry: RecordedRequest, fault: Fault) -> bool:
        """Apply a fault; True when it produced the answer (or dropped the connection)."""
        if fault.delay:
            api.stopping.wait(fault.delay)
        if fault.drop:
            entry.status = 0
            self.close_connection = True
            return True
        if fault.status is None:
            return False
        if not fault.body:
            self._answer(entry, fault.status, None)
            return True
        titles = {
            429: "Too Many Requests",
            500: "Internal Server Error",
            503: "Service Unavailable",
        }
        title = titles.get(fault.status, "Injected Fault")
        self._problem(entry, Problem(fault.status, title, fault.detail or f"Injected {title}."))
        return True

    def _problem(self, entry: RecordedRequest, problem: Problem) -> None:
        self._answer(entry, problem.status, problem.document(), "application/problem+json")

    def _answer(
        self,
        entry: RecordedRequest,
        status: int,
        payload: Json,
        content_type: str = "application/json",
    ) -> None:
        entry.status = status
        entry.response = payload
        self.send_response(status)
        if payload is None:
            if status != 204:
                self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = json.dumps(payload).encode()
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def serve(argv: list[str] | None = None) -> None:
    """Run the stand-in in the foreground (``python tests/mailchimp_server.py --port 8765``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--key", default=FAKE_API_KEY, help="the API key to accept")
    parser.add_argument("--audience", default=FAKE_AUDIENCE_ID, help="the audience (list) id")
    parser.add_argument("--instant-send", action="store_true", help="send goes straight to sent")
    args = parser.parse_args(argv)
    server = MailchimpStandIn(
        args.key, args.audience, port=args.port, instant_send=args.instant_send
    ).start()
    print(f"Mailchimp stand-in listening on {server.url}")
    for name, value in server.env().items():
        print(f"export {name}={value}")
    print("Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    serve()
