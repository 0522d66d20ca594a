"""HTTP plumbing: a threading server that records requests, injects faults and answers JSON."""

from __future__ import annotations

import html
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from .handlers import route_of
from .protocol import API_PREFIX, Fault, Json, Problem, RecordedRequest, bad_request

if TYPE_CHECKING:
    from .server import MailchimpStandIn

TITLES = {
    403: "Forbidden",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64
    standin: MailchimpStandIn


class RequestHandler(BaseHTTPRequestHandler):
    server: Server
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
        try:
            self._carry_out(api, method, path, query, entry, fault)
        finally:
            if fault is not None:
                fault.done.set()

    def _carry_out(
        self,
        api: MailchimpStandIn,
        method: str,
        path: str,
        query: dict[str, str],
        entry: RecordedRequest,
        fault: Fault | None,
    ) -> None:
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
        if fault.before is not None:
            fault.before()
        if fault.hold is not None:
            while not fault.hold.wait(0.05):
                if api.stopping.is_set():
                    return True
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
        title = fault.title or TITLES.get(fault.status, "Injected Fault")
        if fault.html_page:
            self._page(entry, fault.status, title)
            return True
        self._problem(entry, Problem(fault.status, title, fault.detail or f"Injected {title}."))
        return True

    def _page(self, entry: RecordedRequest, status: int, title: str) -> None:
        """An HTML error page, as a proxy or load balancer in front of the API sends."""
        text = html.escape(f"{status} {title}")
        page = f"<html><head><title>{text}</title></head><body><h1>{text}</h1></body></html>"
        data = page.encode()
        entry.status = status
        entry.response = page
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

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
