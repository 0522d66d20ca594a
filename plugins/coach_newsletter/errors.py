"""The error type for the newsletter plugin's user-facing mistakes."""

from __future__ import annotations

from coachsite.errors import CoachError


class NewsletterError(CoachError):
    """A mistake the coach can fix, with where it is (``path:line``) and what to do.

    Printed by the build and the invoke tasks without a traceback, exit status non-zero.
    """
