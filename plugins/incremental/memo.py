"""The render cache: a page whose inputs are unchanged is taken from the last build's output.

For every page written through Pelican's writer, the last build recorded: the template, the
names and content objects the template read (plugins/incremental/tracking.py), a key over
their digests (plugins/incremental/digest.py) and a digest of the HTML written. This build
computes the key again from its own values; when it matches and the page in the current
``output/`` still has the recorded digest, that HTML is written again instead of rendering.
Otherwise the page is rendered (and tracked) as usual. Either way the bytes are the ones an
uncached build writes (tests/test_incremental.py compares them).
"""

from __future__ import annotations

import logging
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Template

from incremental.digest import ContentDigests, Encoder, Uncacheable, sha
from incremental.tracking import CURRENT, Recorder

log = logging.getLogger(__name__)
FORMAT = 2  # bump when a record's meaning changes


@dataclass(frozen=True)
class Record:
    template: str
    key: str
    html: str  # digest of the written page
    names: tuple[str, ...]
    contents: tuple[tuple[str, str], ...]  # (source path, attribute or "*")


class RenderMemo:
    """Records of the last build (``previous``) and of this one (``current``)."""

    def __init__(
        self,
        records_file: Path,
        previous_output: Path | None,
        build_digest: str,
        contents: ContentDigests,
        *,
        load: bool = True,
    ) -> None:
        self.records_file = records_file
        self.previous_output = previous_output
        self.build_digest = build_digest
        self.contents = contents
        self.previous: dict[str, Record] = self._load() if load and previous_output else {}
        self.current: dict[str, Record] = {}
        self.names = Encoder()
        self.reused = 0
        self.rendered = 0

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
        return stored.get("records", {})

    def save(self) -> None:
        """Keep this build's records (only pages this build wrote)."""
        self.records_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.records_file.with_name(f".{self.records_file.name}.{os.getpid()}")
        with partial.open("wb") as handle:
            pickle.dump(
                {"format": FORMAT, "build": self.build_digest, "records": self.current},
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        partial.replace(self.records_file)

    def key(
        self,
        relpath: str,
        template: str,
        names: tuple[str, ...],
        contents: tuple[tuple[str, str], ...],
        localcontext: dict[str, Any],
    ) -> str | None:
        parts = [self.build_digest, relpath, template]
        try:
            for name in names:
                parts.append(f"{name}={self.names.encode(localcontext.get(name))}")
        except Uncacheable as err:
            log.debug("%s not cached: %s", relpath, err)
            return None
        for path, attribute in contents:
            digest = self.contents.attribute(path, attribute)
            if digest is None:
                return None
            parts.append(f"{path}.{attribute}={digest}")
        return sha("\n".join(parts))

    def render(self, template: Template, localcontext: dict[str, Any]) -> str:
        relpath = str(localcontext.get("output_file") or "")
        name = template.name or ""
        record = self.previous.get(relpath)
        if record is not None and record.template == name and self.previous_output:
            key = self.key(relpath, name, record.names, record.contents, localcontext)
            if key == record.key:
                html = self._previous_page(relpath, record.html)
                if html is not None:
                    self.current[relpath] = record
                    self.reused += 1
                    return html
        recorder = Recorder(localcontext)
        CURRENT.append(recorder)
        try:
            html = template.render(localcontext)
        finally:
            CURRENT.pop()
        self.rendered += 1
        if recorder.tracked and relpath:
            names, contents = tuple(sorted(recorder.names)), tuple(sorted(recorder.contents))
            key = self.key(relpath, name, names, contents, localcontext)
            if key is not None:
                self.current[relpath] = Record(name, key, sha(html), names, contents)
        return html

    def _previous_page(self, relpath: str, expected: str) -> str | None:
        assert self.previous_output is not None
        try:
            data = (self.previous_output / relpath).read_bytes()
        except OSError:
            return None
        if sha(data) != expected:  # changed or damaged since: render it again
            return None
        return data.decode("utf-8")


class MemoTemplate:
    """Stands in for a Jinja template in Pelican's writer: ``render`` goes through the memo."""

    def __init__(self, template: Template, memo: RenderMemo) -> None:
        self.template = template
        self.memo = memo

    def render(self, localcontext: dict[str, Any]) -> str:
        return self.memo.render(self.template, localcontext)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)
