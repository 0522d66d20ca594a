"""Pagefind's service (``pagefind --service``), to index pages while Pelican is still
writing them (search/shards.py).

The service runs as its own process: each page is handed to it as soon as Pelican has
written it, so indexing runs on the second core instead of after the build. Messages are
Pagefind's service protocol: base64-encoded JSON, each followed by a comma, answered in the
same form. (Pagefind's own asyncio client polls for each answer with
a 0.1 s sleep, which costs 100 s for 1,000 pages; this client reads answers as they come.)
Messages go out through a thread of their own: when Pagefind is behind, its input pipe is
full, and the build goes on rendering instead of waiting for it to drain.
"""

from __future__ import annotations

import base64
import contextlib
import json
import queue
import subprocess
import threading
from typing import Any

from coach_search.errors import SearchIndexError


def pagefind_binary() -> str:
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SearchIndexError(
            "Pagefind is not installed (the package 'pagefind[extended]'); run: make build"
        )
    return str(binary)


class PagefindService:
    """One ``pagefind --service`` process; ``send`` returns at once, ``wait`` gets answers."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [pagefind_binary(), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.answers: dict[int, dict[str, Any]] = {}
        self.sending = threading.Lock()
        self.done = threading.Condition()
        self.next_id = 0
        self.outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.broken: str | None = None  # why a message could not be written
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.writer = threading.Thread(target=self._write, daemon=True)
        self.writer.start()

    def _write(self) -> None:
        """Write queued messages in order; ``None`` ends the input."""
        stream = self.process.stdin
        assert stream is not None
        while (message := self.outbox.get()) is not None:
            if self.broken is None:
                try:
                    stream.write(message)
                    if self.outbox.empty():
                        stream.flush()
                except (BrokenPipeError, ValueError, OSError) as err:
                    self.broken = str(err) or type(err).__name__
        with contextlib.suppress(OSError):  # a broken pipe: Pagefind has stopped
            stream.close()

    def _read(self) -> None:
        buffer = b""
        stream = self.process.stdout
        assert stream is not None
        while chunk := stream.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                answer = json.loads(base64.b64decode(raw))
                if answer is None:
                    continue
                message_id = answer.get("message_id")
                if message_id is None:  # an error about a message it could not parse
                    original = answer.get("payload", {}).get("original_message")
                    message_id = json.loads(original).get("message_id") if original else -1
                with self.done:
                    self.answers[message_id] = answer["payload"]
                    self.done.notify_all()
        with self.done:  # the process ended: wake anyone still waiting
            self.answers[-1] = {"type": "Error", "message": "Pagefind stopped"}
            self.done.notify_all()

    def send(self, payload: dict[str, Any]) -> int:
        """Queue one message (from any thread); returns its id, to ``wait`` for its answer."""
        if self.broken is not None:
            raise SearchIndexError(f"Pagefind stopped while indexing: {self.broken}")
        with self.sending:
            self.next_id += 1
            message_id = self.next_id
            message = {"message_id": message_id, "payload": payload}
            self.outbox.put(base64.b64encode(json.dumps(message).encode()) + b",")
        return message_id

    def wait(self, message_id: int, timeout: float = 300) -> dict[str, Any]:
        with self.done:
            ready = self.done.wait_for(
                lambda: message_id in self.answers or -1 in self.answers, timeout
            )
            answer = self.answers.pop(message_id, None) or self.answers.get(-1)
        if not ready or answer is None:
            raise SearchIndexError("Pagefind did not answer in time")
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind could not index the site: {answer.get('message')}")
        return answer

    def close(self, grace: float = 60) -> None:
        """End of input: what is queued goes out, Pagefind finishes what it is writing and
        exits (killed if it hangs)."""
        self.outbox.put(None)
        self.writer.join(grace)
        if self.process.poll() is None:
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.writer.join(5)
        self.reader.join(5)

    def abort(self) -> None:
        """Stop at once (a failed or interrupted build)."""
        if self.process.poll() is None:
            self.process.kill()
        self.broken = self.broken or "stopped"  # the writer drops what is still queued
        self.close(grace=10)
