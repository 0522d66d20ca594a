"""A long-running command (``invoke serve``, ``invoke preview``) in a project copy, for tests.

Its output is read line by line in a thread; tests wait for a line or a condition, never
for a fixed time (the deadlines are only there so that a hang fails instead of blocking).
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEADLINE = 180.0  # seconds before a wait is declared hung (a first build on a busy machine)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Running:
    """``python -m invoke ARGS`` started in ``root``; stop() ends it (and only it)."""

    def __init__(self, root: Path, *args: str, **env: str) -> None:
        environ = {k: v for k, v in os.environ.items() if k not in ("SITE_DATE", "PORT")}
        environ.update({"SITE_DATE": "2026-04-10", **env})
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "invoke", *args],
            cwd=root,
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._new: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            self._new.put(line)
        self._new.put(None)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, start: str) -> str:
        """The first output line containing ``start``; fails if the command ends first."""
        for line in self.lines:
            if start in line:
                return line
        end = time.monotonic() + DEADLINE
        while True:
            try:
                line = self._new.get(timeout=max(0.1, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line {start!r} yet:\n{self.text}") from None
            if line is None:
                raise AssertionError(f"ended without {start!r}:\n{self.text}")
            if start in line:
                return line.rstrip("\n")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET on loopback."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def build_error(base: str) -> str | None:
    """What make serve's banner would show now."""
    return json.loads(fetch(base + "/_dev/build-error.json")[2])["error"]


def wait_until(condition: Callable[[], Any], what: str, process: Running | None = None) -> Any:
    """Poll ``condition`` until it returns something true; fail after DEADLINE."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        if process is not None and process.process.poll() is not None:
            raise AssertionError(f"the command ended while waiting for {what}:\n{process.text}")
        time.sleep(0.2)
    raise AssertionError(f"still waiting for {what}" + (f":\n{process.text}" if process else ""))
