"""Placeholder: filled in by issue 15."""


def register() -> None:
    """Nothing yet."""
