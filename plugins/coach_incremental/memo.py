"""The render cache: a page whose inputs are unchanged stays as it is in the last output.

For every page written through Pelican's writer, the last build recorded: the template, the
names and content attributes the template read (plugins/coach_incremental/tracking.py), a key over
their digests (plugins/coach_incremental/digest.py), and the digest, size and time of the file it
wrote. This build computes the key again from its own values; when it matches and the page
in ``output/`` is still the file recorded, the page is ``Kept`` there (coachsite/delta.py)
instead of rendered. Otherwise it is rendered (and tracked) as usual. Either way the site has
the bytes an uncached build writes (tests/test_incremental.py compares them).
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Template

from coach_incremental.digest import ContentDigests, Encoder, Uncacheable, sha
from coach_incremental.tracking import CURRENT, Recorder, value_of
from coachsite.cachefile import stamp, write_atomic
from coachsite.searchable import indexed_digest

log = logging.getLogger(__name__)
FORMAT = 7  # bump when a record's meaning changes


@dataclass(frozen=True)
class Record:
    template: str
    key: str
    html: str  # digest of the written page
    names: tuple[str, ...]  # context names read, or parts of them (``SITE_DATE.year``)
    contents: tuple[tuple[str, str], ...]  # (source path, attribute or "*")
    indexed: str | None = None  # digest of what the search index reads (None: nothing)
    stat: tuple[int, int] = (-1, -1)  # size and modification time of the file once written
    # the source paths of ``contents`` and the digest of their attributes' digests: when none
    # of these content objects changed, the page's key is worked out without looking at them
    paths: frozenset[str] = frozenset()
    contents_key: str = ""


class RenderMemo:
    """Records of the last build (``previous``) and of this one (``current``)."""

    def __init__(
        self,
        records_file: Path,
        previous_output: Path | None,
        build_digest: str,
        contents: ContentDigests,
        *,
        covered: dict[str, Any] | None = None,
        load: bool = True,
    ) -> None:
        """``covered``: context values the build digest covers (the settings), not tracked."""
        self.records_file = records_file
        self.previous_output = previous_output
        self.build_digest = build_digest
        self.contents = contents
        self.previous: dict[str, Record] = self._load() if load and previous_output else {}
        self.current: dict[str, Record] = {}
        self.covered = covered or {}
        self.names = Encoder()
        self._shared: dict[int, tuple[Any, str]] = {}
        self.reused = 0
        self.rendered = 0
        self.compared = 0  # last build's pages whose content digests were compared one by one
        # The page ``render`` rendered last: its bytes and what the search index reads of it.
        self.last: tuple[bytes, str | None] = (b"", None)

    def _load(self) -> dict[str, Record]:
        try:
            with self.records_file.open("rb") as handle:
                stored = pickle.load(handle)
        except FileNotFoundError:
            return {}
        except Exception as err:  # a damaged cache file: render everything
            log.warning(
                "render cache %s unreadable (%s); rendering every page", self.records_file, err
            )
            return {}
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            return {}
        if stored.get("build") != self.build_digest:
            return {}
        self.contents.remember(stored.get("own", {}), stored.get("attributes", {}))
        return stored.get("records", {})

    def save(self) -> None:
        """Keep this build's records (only pages this build wrote) and content digests."""
        own, attributes = self.contents.known()
        stored = {
            "format": FORMAT,
            "build": self.build_digest,
            "records": self.current,
            "own": own,
            "attributes": attributes,
        }
        write_atomic(self.records_file, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))

    def keys(
        self,
        relpath: str,
        template: str,
        names: tuple[str, ...],
        contents: tuple[tuple[str, str], ...],
        localcontext: dict[str, Any],
        before: Record | None = None,
    ) -> tuple[str, str] | None:
        """The key and its contents part; ``before``'s contents part when none of the
        content objects it read changed since (``ContentDigests.same_as_before``)."""
        # The record holds which names and attributes these are, in this order.
        parts = [self.build_digest, relpath, template]
        try:
            parts.extend(self._name(value_of(localcontext, name)) for name in names)
        except Uncacheable as err:
            log.debug("%s not cached: %s", relpath, err)
            return None
        if (
            before is not None
            and before.contents_key
            and self.contents.same_as_before(before.paths)
        ):
            contents_key = before.contents_key
        else:
            self.compared += before is not None
            digests = []
            attribute = self.contents.attribute
            for path, name in contents:
                digest = attribute(path, name)
                if digest is None:
                    return None
                digests.append(digest)
            contents_key = sha("\n".join(digests))
        parts.append(contents_key)
        return sha("\n".join(parts)), contents_key

    def _name(self, value: Any) -> str:
        """A context value's encoding; values shared by many pages are encoded once."""
        if isinstance(value, (str, int, float, bool, type(None))):
            return repr(value)
        known = self._shared.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        encoded = self.names.encode(value)
        if len(encoded) > 64:  # a list of every post: hashed once, not in every page's key
            encoded = sha(encoded)
        self._shared[id(value)] = (value, encoded)  # keeps value alive: its id stays its own
        return encoded

    def render(self, template: Template, localcontext: dict[str, Any]) -> str | Kept:
        """The page's HTML, or ``Kept`` when the last output has this very page."""
        relpath = str(localcontext.get("output_file") or "")
        name = template.name or ""
        record = self.previous.get(relpath)
        if record is not None and record.template == name and self.previous_output:
            keys = self.keys(relpath, name, record.names, record.contents, localcontext, record)
            source = self.previous_output / relpath
            found = _still_there(source, record) if keys and keys[0] == record.key else None
            if found is not None:
                self.current[relpath] = found
                self.reused += 1
                return Kept(source, record.indexed)
        recorder = Recorder(localcontext, self.covered)
        CURRENT.append(recorder)
        try:
            html = template.render(localcontext)
        finally:
            CURRENT.pop()
        self.rendered += 1
        data = html.encode()
        self.last = (data, indexed_digest(data))
        if recorder.tracked and relpath:
            names, contents = tuple(sorted(recorder.names)), tuple(sorted(recorder.contents))
            keys = self.keys(relpath, name, names, contents, localcontext)
            if keys is not None:
                self.current[relpath] = Record(
                    name,
                    keys[0],
                    sha(data),
                    names,
                    contents,
                    indexed=self.last[1],
                    paths=frozenset(path for path, _ in contents),
                    contents_key=keys[1],
                )
        return html

    def written(self, relpath: str, path: Path) -> None:
        """The rendered page is on disk: remember its size and time to know it again."""
        record = self.current.get(relpath)
        written = stamp(path)
        if record is not None and written is not None:
            self.current[relpath] = replace(record, stat=tuple(written))


def _still_there(source: Path, record: Record) -> Record | None:
    """``record`` (with the file's size and time) if ``source`` is the page it describes:
    same size and time, or, written into another output folder or touched, the same bytes.
    None when it changed: the page is rendered again."""
    now = stamp(source)
    if now is None:
        return None
    if tuple(now) == record.stat:
        return record
    try:
        same = sha(source.read_bytes()) == record.html
    except OSError:
        return None
    return replace(record, stat=tuple(now)) if same else None


@dataclass(frozen=True)
class Kept:
    """A page left as it is in the last output (``source``); ``digest`` of what the search
    index reads of it (None: not searchable)."""

    source: Path
    digest: str | None


class MemoTemplate:
    """Stands in for a Jinja template in Pelican's writer: ``render`` goes through the memo."""

    def __init__(self, template: Template, memo: RenderMemo) -> None:
        self.template = template
        self.memo = memo

    def render(self, localcontext: dict[str, Any]) -> str | Kept:
        return self.memo.render(self.template, localcontext)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)
