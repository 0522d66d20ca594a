"""The stand-in server object: its lifecycle, the account it holds, and helpers for tests."""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import itertools
import threading
from collections.abc import Callable
from typing import Any

from .account import PLANS, Account, State
from .handlers import ROUTES
from .http import RequestHandler, Server
from .protocol import (
    API_PREFIX,
    FAKE_API_KEY,
    FAKE_AUDIENCE_ID,
    Fault,
    Json,
    Problem,
    RecordedRequest,
    not_found,
    pick_fields,
    utc_iso,
)

Answer = tuple[str, int, Json]


class MailchimpStandIn(Account):
    """The stand-in server: start it, point the client at :attr:`url`, inspect :attr:`requests`.

    ``instant_send``: an ``actions/send`` moves the campaign to ``sent`` at once; otherwise it
    stays ``sending`` until :meth:`complete_sends` (so tests can observe both). ``plan`` is the
    account's Mailchimp plan (``free`` cannot schedule and tests to at most 6 addresses).
    ``clock`` is the server's "now" (tests pass a fixed one).
    """

    def __init__(
        self,
        api_key: str = FAKE_API_KEY,
        audience_id: str = FAKE_AUDIENCE_ID,
        *,
        port: int = 0,
        max_connections: int = 10,
        instant_send: bool = False,
        plan: str = "standard",
        members: int = 42,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        if plan not in PLANS:
            raise ValueError(f"plan must be one of {PLANS}")
        self.plan = plan
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
        self._httpd: Server | None = None
        self._thread: threading.Thread | None = None
        self.add_list(audience_id, "Career Coach Specials", members)

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> MailchimpStandIn:
        """Listen on 127.0.0.1 (port 0 picks a free one) in a background thread."""
        httpd = Server(("127.0.0.1", self.port), RequestHandler)
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

    def add_list(self, list_id: str, name: str, members: int = 42) -> dict[str, Json]:
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
            "stats": {"member_count": members, "unsubscribe_count": 0, "campaign_count": 0},
            "_links": [],
        }
        self.state.lists[list_id] = audience
        return audience

    def add_campaign(
        self,
        title: str,
        *,
        status: str = "save",
        list_id: str | None = None,
        html: str = '<p>seeded</p><p><a href="*|UNSUB|*">Unsubscribe</a></p>',
        **settings: str,
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
            self.state.contents[campaign["id"]]["html"] = html
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
