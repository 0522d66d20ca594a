"""The consult plugin's error: a mistake in a CTA, a special or a post that uses them."""

from __future__ import annotations

from coachsite.errors import CoachError


class ConsultError(CoachError):
    """A coach's mistake in content/ctas/, content/specials/ or a post's ``CTA:``/marker.

    Carries the file (and line) so the build prints ``path:line: message`` without a
    traceback, exits non-zero and keeps the last good ``output/``.
    """
