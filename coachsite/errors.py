"""The error type for mistakes the coach can make in content or configuration."""

from __future__ import annotations

from pathlib import Path


class CoachError(Exception):
    """A mistake in something the coach edits, with where it is and what to do.

    Plugins raise their own subclasses (or any exception with ``user_error = True``
    and a ``path`` attribute); the build prints them without a traceback.
    """

    user_error = True

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return where + self.message
