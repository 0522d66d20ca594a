"""The error raised when the search index cannot be built."""

from __future__ import annotations

from coachsite.errors import CoachError


class SearchIndexError(CoachError):
    """Pagefind failed or is not installed; the build stops and output/ is kept."""
