"""What the stand-in speaks: recorded requests, injectable faults, problem documents."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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

    Effects, in order: call ``before`` (a test's hook), wait until ``hold`` is set (a request
    Mailchimp carries out late: the client may have given up long before), wait ``delay``
    seconds; then ``drop`` the connection without an answer, or answer ``status`` (a
    problem+json document with ``title`` and ``detail`` unless ``body`` is False, or an HTML
    error page as a proxy in front of the API sends with ``html_page``); with neither, the
    request is served normally. With ``after=True`` the request takes effect first and only its
    answer is delayed, dropped or replaced (a write that "happened" but whose answer was lost).
    ``done`` is set once the request was carried out (or answered by the fault).
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
    title: str | None = None
    detail: str | None = None
    html_page: bool = False
    hold: threading.Event | None = None
    before: Callable[[], None] | None = None
    done: threading.Event = field(default_factory=threading.Event)
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
