"""Stable digests of what a page is rendered from: context values and content objects.

A value's encoding names what it is, not where it lives in memory: a content object is its
source path (its attributes are covered by its own digest, see ``ContentDigests``), a tag or
category its kind and name, a date its ISO form. Values of a kind not known here raise
``Uncacheable``: a page that reads one is always rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import pickle
import types
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from coachsite import PROJECT_MODULES
from coachsite import pelican_adapter as adapter

# Attributes that hold the whole site (context) or its settings: covered by the build's
# settings digest, never part of one content object's digest.
SKIPPED_ATTRIBUTES = adapter.SITE_ATTRIBUTES
SCALARS = (str, int, float, bool, type(None), bytes)


class Uncacheable(Exception):
    """A value with no stable encoding: the page that used it is rendered every time."""


def _code_name(value: Any) -> str:
    module = getattr(value, "__module__", "") or ""
    return f"{module}.{getattr(value, '__qualname__', type(value).__qualname__)}"


class Encoder:
    """Encodes values into text; lists and mappings seen before are encoded once.

    ``lenient`` encodes unknown objects by their type (for the settings, which hold
    functions and helper objects that are code, already covered by the code fingerprint).
    """

    def __init__(self, *, lenient: bool = False) -> None:
        self.lenient = lenient
        # id -> (object, encoding): the object is kept alive so its id cannot be reused.
        self._seen: dict[int, tuple[Any, str]] = {}

    def encode(self, value: Any, depth: int = 0) -> str:
        if isinstance(value, SCALARS):
            return repr(value)
        if isinstance(value, Content):
            return f"C:{value.source_path}"
        if isinstance(value, URLWrapper):
            return f"U:{type(value).__name__}:{value.name}"
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            return f"D:{value.isoformat()}:{getattr(value, 'tzinfo', None)}"
        if isinstance(value, (PurePath, dt.tzinfo)):
            return f"P:{value}"
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
            return f"F:{_code_name(value)}"
        if depth > 6:
            raise Uncacheable(f"nested too deep: {type(value).__name__}")
        known = self._seen.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        encoded = self._compound(value, depth)
        if isinstance(value, (list, dict, tuple)) and len(value) > 8:
            if len(encoded) > 256:  # a long list: its digest stands for it wherever it appears
                encoded = "#" + sha(encoded)
            self._seen[id(value)] = (value, encoded)
        return encoded

    def _compound(self, value: Any, depth: int) -> str:
        enc = self.encode
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(enc(v, depth + 1) for v in value) + "]"
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(enc(v, depth + 1) for v in value)) + "}"
        if isinstance(value, Mapping):
            items = sorted((enc(k, depth + 1), k, v) for k, v in value.items())
            return "{" + ",".join(f"{ek}:{enc(v, depth + 1)}" for ek, _, v in items) + "}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return f"{type(value).__qualname__}{enc(fields, depth + 1)}"
        if isinstance(value, types.MethodType):
            return f"M:{_code_name(value.__func__)}:{enc(value.__self__, depth + 1)}"
        if hasattr(value, "__dict__") and type(value).__module__.startswith(
            PROJECT_MODULES
        ):  # Pelican's paginators and the plugins' own records
            return f"{_code_name(type(value))}{enc(adapter.own_state(value), depth + 1)}"
        if self.lenient or callable(value):
            return f"T:{_code_name(type(value))}"
        raise Uncacheable(f"no stable encoding for {type(value).__qualname__}")


def sha(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# Attributes read through Python code rather than as a value: their own digest covers them.
WHOLE_ATTRIBUTES = frozenset({"content", "summary", adapter.RAW_BODY, "get_content", "get_summary"})


class ContentDigests:
    """Digests of this build's content objects, by source path, each computed once.

    ``own`` covers every attribute of a content object (metadata, the HTML of its body with
    its links to other files resolved, what plugins attached); ``attribute`` covers the
    value of one attribute, so a page that shows a neighbour's title and address does not
    change when only the neighbour's text does.
    """

    def __init__(self, contents: Iterable[Content]) -> None:
        self.by_path: dict[str, list[Content]] = {}
        for content in contents:
            self.by_path.setdefault(content.source_path, []).append(content)
        self._addresses: str | None = None
        self._own: dict[str, str | None] = {}
        self._attributes: dict[tuple[str, str], str | None] = {}
        self.encoder = Encoder()
        # The last build's digests: an attribute of content whose own digest is unchanged
        # has the value it had then (a function of the content and the settings).
        self.previous_own: dict[str, str] = {}
        self.previous_attributes: dict[tuple[str, str], str] = {}
        self._same: set[str] = set()  # paths whose own digest is the last build's
        self._differs: set[str] = set()

    def remember(self, own: dict[str, str], attributes: dict[tuple[str, str], str]) -> None:
        """Take the last build's digests (``known`` gives them back for the next build)."""
        self.previous_own, self.previous_attributes = own, attributes

    def known(self) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        """This build's digests that hold for the next: own digests, and attribute digests
        of content whose own digest is known."""
        own = {p: d for p, d in self._own.items() if d is not None}
        attributes = {k: d for k, d in self._attributes.items() if d is not None and k[0] in own}
        return own, attributes

    def same_as_before(self, paths: frozenset[str]) -> bool:
        """Whether every one of these content objects has the own digest it had in the last
        build: then each of their attributes has the digest it had then (see ``attribute``)."""
        if paths <= self._same:
            return True
        for path in paths - self._same:
            if path in self._differs:
                return False
            before = self.previous_own.get(path)
            if before is None or self.own(path) != before:
                self._differs.add(path)
                return False
            self._same.add(path)
        return True

    def own(self, path: str) -> str | None:
        """Digest of the whole content object, or None when it cannot be encoded."""
        if path in self._own:
            return self._own[path]
        digest: str | None = hashlib.blake2b(digest_size=16)
        contents = self.by_path.get(path, ())
        try:
            for content in contents:
                state = adapter.own_state(content)
                digest.update(type(content).__qualname__.encode() + _pickled(state))
                if self._links_elsewhere(content):
                    digest.update(self.addresses().encode())
            digest = digest.hexdigest() if contents else "missing"
        except Uncacheable:
            digest = None
        self._own[path] = digest
        return digest

    def attribute(self, path: str, name: str) -> str | None:
        """Digest of one attribute's value (``*``: the whole object), or None."""
        key = (path, name)
        if key in self._attributes:
            return self._attributes[key]
        before = self.previous_attributes.get(key)
        if before is not None and self.previous_own.get(path) == self.own(path) is not None:
            self._attributes[key] = before
            return before
        contents = self.by_path.get(path)
        if name == "*" or name in WHOLE_ATTRIBUTES or not contents:
            digest = self.own(path)
        else:
            try:
                values = [getattr(content, name, None) for content in contents]
                if any(callable(v) and not isinstance(v, type) for v in values):
                    digest = self.own(path)  # a method: what it returns depends on the object
                else:
                    digest = sha(self.encoder.encode(values))
            except Uncacheable:
                digest = None
        self._attributes[key] = digest
        return digest

    @staticmethod
    def _links_elsewhere(content: Content) -> bool:
        """Whether the body links to other files (``{filename}``, ``{static}``...)."""
        raw = adapter.raw_body(content)
        return bool(raw) and adapter.intrasite_link_regex(content).search(raw) is not None

    def addresses(self) -> str:
        """Every content object's address: what links to other files resolve to."""
        if self._addresses is None:
            pairs = []
            for path in sorted(self.by_path):
                for content in self.by_path[path]:
                    pairs.append(f"{path}={getattr(content, 'url', '')}")
            self._addresses = sha("\n".join(pairs))
        return self._addresses


def _plain(value: Any, depth: int = 0) -> Any:
    """``value`` with content objects, tags and categories replaced by their names."""
    if isinstance(value, Content):
        return ("C", value.source_path)
    if isinstance(value, URLWrapper):
        return ("U", type(value).__name__, value.name)
    if depth < 4:
        if isinstance(value, (list, tuple)):
            return [_plain(item, depth + 1) for item in value]
        if isinstance(value, dict):
            return {key: _plain(item, depth + 1) for key, item in value.items()}
    return value


def _pickled(state: dict[str, Any]) -> bytes:
    """The attributes as bytes: equal values give equal bytes, however they share memory."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: sharing must not change the bytes
    state = _plain(state)
    try:
        pickler.dump(state)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as err:
        raise Uncacheable(f"content not picklable: {err}") from None
    return buffer.getvalue()
