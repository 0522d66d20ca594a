"""The render cache's encoding of context values: the project's own records by their state."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from coach_incremental.digest import Encoder, Uncacheable
from coachsite import PROJECT_MODULES

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def _record(module: str, **state: object) -> object:
    record_type = type("Record", (), {"__module__": module})
    record = record_type()
    vars(record).update(state)
    return record


def test_a_plugins_record_is_encoded_by_its_state() -> None:
    encoder = Encoder()
    one = encoder.encode(_record("coach_navigation.menu", label="Blog", url="/blog/"))
    other = encoder.encode(_record("coach_navigation.menu", label="Blog", url="/posts/"))
    assert "/blog/" in one and "/posts/" in other
    assert one != other


def test_an_unknown_object_is_not_cached() -> None:
    with pytest.raises(Uncacheable):
        Encoder().encode(_record("someone_elses.module", label="Blog"))


def test_every_plugin_package_is_a_project_module() -> None:
    """A plugin renamed out of the prefixes would make its records uncacheable, silently."""
    names = [m.name for m in pkgutil.iter_modules([str(PLUGINS)])]
    assert names, f"no plugin packages found in {PLUGINS}"
    for name in names:
        module = importlib.import_module(name)
        assert module.__name__.startswith(PROJECT_MODULES), name
