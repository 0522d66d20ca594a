"""A loopback stand-in for the Mailchimp Marketing API v3 (the calls the campaign sync makes).

It speaks the real API's paths, bodies, status values and ``application/problem+json`` errors,
and is as strict as the real API where the sync could stumble: a refused test, schedule or send
says only "Your Campaign is not ready to send." (the reasons are in the send checklist); the
free plan cannot schedule (403) and tests to at most 6 addresses; ``paused`` is a draft again;
quarter-hour scheduling in the future; no content changes once scheduled or sent; 429 past 10
simultaneous connections. It records every request and lets tests inject faults (late answers,
lost answers, requests carried out late, 5xx, 403s, HTML error pages).

Modules: ``protocol`` (records, faults, problem documents), ``account`` (the account's rules),
``handlers`` (one per operation), ``http`` (the threading server), ``server`` (the object tests
use). It depends on the standard library only (no ``../shared``).
"""

from .protocol import FAKE_API_KEY, FAKE_AUDIENCE_ID, Fault, RecordedRequest
from .server import MailchimpStandIn

__all__ = ["FAKE_API_KEY", "FAKE_AUDIENCE_ID", "Fault", "MailchimpStandIn", "RecordedRequest"]
