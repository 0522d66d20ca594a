"""The error for a post or page that points at something that does not exist."""

from __future__ import annotations

from coachsite.errors import CoachError


class MissingTargetError(CoachError):
    """A link, image or ``Image:`` setting whose target is not in the site."""
