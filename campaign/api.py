"""Calls to Mailchimp through the official client: timeouts, bounded retries, one-line errors.

Client quirks handled here (mailchimp-marketing 3.0.80): every transport error and every HTTP
error with a body raises ``ApiClientError`` (``.status_code`` is None for transport errors and
``.text`` is then the ``requests`` exception; the client parses only ``application/json``, so
for ``application/problem+json`` and HTML error pages ``.text`` is the raw text); 204 answers
and body-less errors (e.g. a bare 429) come back as a ``requests.Response`` to check with
``.ok``; the client never retries.

What Mailchimp's answers mean (its error glossary): 401 is the key; 403 is the account, the
plan or the resource (a feature the plan lacks, a disabled user, a forbidden resource; "Wrong
Datacenter" is the one 403 about the server prefix); 429 and most 5xx are worth a retry, but a
503 whose problem document says the method is disabled (compliance) is final.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from mailchimp_marketing import Client
from mailchimp_marketing.api_client import ApiClientError
from tenacity import RetryCallState, Retrying, retry_if_exception, wait_exponential

from .errors import MailchimpApiError

MAX_ATTEMPTS = 4
BACKOFF_SECONDS = 1.0  # then 2, 4: at most 7 s of waiting in all
TIME_BUDGET_SECONDS = 90.0  # no retry starts later than this after a call's first attempt
DISABLED_RE = re.compile(r"\bdisabled\b|\bcompliance\b", re.IGNORECASE)
TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)


class Transient(Exception):
    """A failure worth retrying: 429, 5xx, a timeout or a lost connection.

    ``status`` is None when no answer came at all (the request may still be in progress).
    """

    def __init__(self, description: str, status: int | None = None):
        super().__init__(description)
        self.description = description
        self.status = status


@dataclass(frozen=True)
class Problem:
    """An error answer read as Mailchimp meant it."""

    title: str
    detail: str
    is_document: bool  # a problem+json document (not an HTML page or nothing)

    @property
    def line(self) -> str:
        """``detail`` (with field errors), or the title, on one line."""
        return self.detail or self.title


def read_problem(text: Any) -> Problem:
    """The title and human detail of an error answer: problem+json, an HTML page or text."""
    doc = text
    if isinstance(text, str | bytes):
        try:
            doc = json.loads(text)
        except ValueError:
            return Problem(_page_title(str(text)), "", False)
    if not isinstance(doc, dict):
        return Problem(_one_line(str(doc or "")), "", False)
    title = _one_line(str(doc.get("title") or ""))
    detail = _one_line(str(doc.get("detail") or ""))
    errors = doc.get("errors")
    if isinstance(errors, list) and errors:
        fields = "; ".join(
            f"{e.get('field') or '?'}: {e.get('message') or ''}".strip()
            for e in errors
            if isinstance(e, dict)
        )
        detail = f"{detail} ({fields})" if detail else fields
    return Problem(title, detail, True)


def _page_title(page: str) -> str:
    """An HTML error page's ``<title>`` (or first heading), else its first line of text."""
    match = TITLE_RE.search(page)
    raw = next((g for g in match.groups() if g), "") if match else page
    return _one_line(html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def describe_transport(error: Any) -> str:
    """A short description of a transport failure (timeout, refused or dropped connection)."""
    if isinstance(error, requests.Timeout):
        return "no answer before the timeout"
    if isinstance(error, requests.ConnectionError):
        return "could not connect or the connection was dropped"
    return f"transport error ({type(error).__name__})"


class MailchimpApi:
    """Calls the official client with timeouts, bounded retries and one-line errors.

    ``call`` retries 429, 5xx, timeouts and dropped connections up to ``attempts`` times with
    exponential backoff, and starts no retry once ``budget`` seconds have passed. For a call
    that is not idempotent, ``verify(failure)`` is consulted before each retry: if it finds the
    effect already happened (the answer was lost), its result is returned instead of repeating
    the call. ``retry_lost=False`` retries only a 429 (Mailchimp did not take the call): any
    other failure may have taken effect and is reported, never repeated.
    """

    def __init__(
        self,
        client: Client,
        *,
        scrub: Callable[[str], str],
        sleep: Callable[[float], None] = time.sleep,
        attempts: int = MAX_ATTEMPTS,
        backoff: float = BACKOFF_SECONDS,
        budget: float = TIME_BUDGET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.client = client
        self.scrub = scrub
        self.sleep = sleep
        self.attempts = attempts
        self.backoff = backoff
        self.budget = budget
        self.clock = clock

    def call(
        self,
        what: str,
        function: Callable[..., Any],
        *args: Any,
        verify: Callable[[Transient], Any] | None = None,
        retry_lost: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Run ``function(*args, **kwargs)``; ``what`` names the action in error messages."""
        started = self.clock()

        def give_up(state: RetryCallState) -> bool:
            spent = self.clock() - started
            return state.attempt_number >= self.attempts or spent + state.upcoming_sleep > (
                self.budget
            )

        def worth_retrying(error: BaseException) -> bool:
            return isinstance(error, Transient) and (retry_lost or error.status == 429)

        retrying = Retrying(
            stop=give_up,
            wait=wait_exponential(multiplier=self.backoff, exp_base=2),
            retry=retry_if_exception(worth_retrying),
            sleep=self.sleep,
            reraise=True,
        )
        last: Transient | None = None
        attempt_number = 0
        try:
            for attempt in retrying:
                with attempt:
                    attempt_number = attempt.retry_state.attempt_number
                    if last is not None and verify is not None:
                        done = verify(last)  # did the lost call happen after all?
                        if done is not None:
                            return done
                    try:
                        return self._once(what, function, args, kwargs)
                    except Transient as failure:
                        last = failure
                        raise
        except Transient as failure:
            raise self._gave_up(what, failure, attempt_number, retry_lost) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _gave_up(
        self, what: str, failure: Transient, attempts: int, retry_lost: bool
    ) -> MailchimpApiError:
        if not retry_lost and failure.status != 429:
            return MailchimpApiError(
                self.scrub(f"could not {what}: {failure.description}"),
                failure.status,
                uncertain=True,
            )
        where = " (check your network, MAILCHIMP_SERVER and MAILCHIMP_API_URL)"
        return MailchimpApiError(
            self.scrub(
                f"could not {what}: Mailchimp did not answer after {attempts} "
                f"attempt{'s' if attempts > 1 else ''} ({failure.description}); try again later"
                + (where if failure.status is None else "")
            ),
            failure.status,
            uncertain=failure.status != 429,
        )

    def _once(
        self,
        what: str,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        try:
            result = function(*args, **kwargs)
        except ApiClientError as exc:
            if exc.status_code is None:
                raise Transient(describe_transport(exc.text)) from None
            raise self.error(what, exc.status_code, exc.text) from None
        if isinstance(result, requests.Response):
            if not result.ok:
                raise self.error(what, result.status_code, result.text)
            if result.status_code == 204:  # the answer of the actions and of DELETE
                return None
            said = f"HTTP {result.status_code} with no content"
        elif isinstance(result, dict):
            return result
        else:  # text: a proxy's or a portal's page instead of Mailchimp's JSON
            said = f"a page that is not Mailchimp's JSON ({read_problem(result).line or 'empty'})"
        raise MailchimpApiError(
            self.scrub(
                f"could not {what}: the answer was {said}; check MAILCHIMP_API_URL and your "
                "network, then try again"
            ),
            uncertain=True,
        )

    def error(self, what: str, status: int, text: Any) -> Exception:
        """The exception for an error answer: Transient to retry, else MailchimpApiError."""
        problem = read_problem(text)
        disabled = problem.is_document and DISABLED_RE.search(f"{problem.title} {problem.detail}")
        if status == 429 or (status >= 500 and not disabled):
            said = f"HTTP {status}" + (f": {problem.line}" if problem.line else "")
            return Transient(said, status)
        if status == 401:
            message = (
                f"Mailchimp rejected the API key (HTTP 401: {problem.line or 'not allowed'}); "
                "check MAILCHIMP_API_KEY and MAILCHIMP_SERVER"
            )
        elif status == 404:
            message = (
                f"could not {what}: Mailchimp answered 404 ({problem.line or 'not found'}); "
                "check MAILCHIMP_AUDIENCE_ID and MAILCHIMP_SERVER"
            )
        elif status == 403 or status >= 500:
            said = ": ".join(part for part in (problem.title, problem.detail) if part)
            message = f"Mailchimp refused to {what} (HTTP {status}): {said or 'forbidden'}"
            if "datacenter" in said.lower():
                message += "; check MAILCHIMP_SERVER (the part before .admin.mailchimp.com)"
        else:
            message = f"Mailchimp refused to {what} (HTTP {status}): {problem.line or 'no detail'}"
        return MailchimpApiError(self.scrub(message), status)
