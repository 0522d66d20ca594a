"""The campaign sync's error types: each is printed as one line, never with a traceback."""

from __future__ import annotations

from coachsite.errors import CoachError


class CampaignError(CoachError):
    """Something the coach can fix or must know before the newsletter goes out (exit 1)."""


class UsageError(CampaignError):
    """A command line the sync refuses before doing anything (exit 2)."""


class MailchimpApiError(CampaignError):
    """Mailchimp refused or did not answer a call.

    ``status`` is the HTTP status (None when no answer came); ``uncertain`` is True when the
    call may still have taken effect (its answer was lost, or Mailchimp failed half-way).
    """

    def __init__(self, message: str, status: int | None = None, *, uncertain: bool = False):
        super().__init__(message)
        self.status = status
        self.uncertain = uncertain
