"""The Pagefind service client (plugins/coach_search/live.py): messages go out in order from
a thread of their own, and a Pagefind that stops or hangs ends in a clear error, not a hang."""

from __future__ import annotations

import base64
import json
import threading
from pathlib import Path

import pytest

from coach_search import live
from coach_search.errors import SearchIndexError

PAGE = "<html lang='en'><body><main data-pagefind-body><p>{}</p></main></body></html>"


def _fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    binary = tmp_path / "pagefind"
    binary.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setattr(live, "pagefind_binary", lambda: str(binary))


def test_every_page_queued_is_indexed_in_order() -> None:
    service = live.PagefindService()
    try:
        index = service.wait(service.send({"type": "NewIndex", "config": None}))["index_id"]
        sent = [
            service.send(
                {
                    "type": "AddFile",
                    "index_id": index,
                    "file_path": f"p{n}/index.html",
                    "url": None,
                    "file_contents": PAGE.format(f"word{n} " * 50),
                }
            )
            for n in range(300)
        ]
        assert sent == sorted(sent) and len(set(sent)) == 300
        answers = [service.wait(m) for m in sent]
        assert [a["page_url"] for a in answers] == [f"/p{n}/" for n in range(300)]
        files = service.wait(service.send({"type": "GetFiles", "index_id": index}))["files"]
        assert any(f["path"] == "pagefind.js" for f in files)
    finally:
        service.close()
    assert service.process.returncode == 0
    assert not service.writer.is_alive() and not service.reader.is_alive()


def test_a_pagefind_that_stops_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _fake(tmp_path, monkeypatch, "head -c 10 >/dev/null; exit 3")
    service = live.PagefindService()
    message = service.send({"type": "NewIndex", "config": None})
    with pytest.raises(SearchIndexError, match="Pagefind"):
        service.wait(message, timeout=60)
    with pytest.raises(SearchIndexError, match="Pagefind stopped"):
        for _ in range(200):  # the pipe breaks: sending says so
            service.send({"type": "AddFile", "file_contents": "x" * 100_000})
            service.writer.join(0.05)
    service.close()
    assert service.process.returncode == 3


def test_a_pagefind_that_hangs_does_not_hold_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake(tmp_path, monkeypatch, "exec sleep 600")  # never reads its input
    service = live.PagefindService()
    # far more than a pipe holds: the caller is never the one who waits for it to drain
    sender = threading.Thread(
        target=lambda: [service.send({"type": "AddFile", "x": "y" * 100_000}) for _ in range(40)]
    )
    sender.start()
    sender.join(60)
    assert not sender.is_alive(), "send() waited for Pagefind to read its input"
    service.abort()
    assert service.process.returncode is not None
    assert not service.writer.is_alive()


def test_messages_are_pagefinds_service_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "received"
    _fake(tmp_path, monkeypatch, f"cat > {out}")
    service = live.PagefindService()
    first = service.send({"type": "NewIndex", "config": None})
    second = service.send({"type": "GetFiles", "index_id": 7})
    service.close()
    raw = out.read_bytes()
    assert raw.endswith(b",")
    messages = [json.loads(base64.b64decode(part)) for part in raw[:-1].split(b",")]
    assert messages == [
        {"message_id": first, "payload": {"type": "NewIndex", "config": None}},
        {"message_id": second, "payload": {"type": "GetFiles", "index_id": 7}},
    ]
