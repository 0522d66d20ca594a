"""Work a build hands to a Python process of its own, on the other core, while Pelican writes.

Pillow keeps Python's lock while it draws text or encodes an image, so a thread doing such
work slows the build's own thread by as much as it does. A process does not. The build
starts one (``python -m <module>``, run by ``serve``) at its first job and feeds it JSON
lines from a thread of its own, so it never waits for the process to start or to catch up;
the process answers one line per job done. Whatever it has not done when the build needs
it, the build does itself: a process that cannot start or stops early only costs time.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)
STALLED = 120.0  # seconds without an answer after which a process is given up on
# What such a process imports: the project's own packages and its plugins.
CODE = (Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent.parent / "plugins")


class SideProcess:
    """One process (``python -m module``), the jobs sent to it and the answers it gave."""

    def __init__(self, module: str, setup: dict[str, Any], what: str) -> None:
        self.what = what  # for the warning when it stops early: "the card drawing"
        self.done: set[str] = set()
        self.errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop)
        paths = [*map(str, CODE), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        self._outbox: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self.process: subprocess.Popen[str] | None = None
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", module],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
                env=env,
                text=True,
                errors="replace",
            )
        except OSError as err:
            log.warning("%s process could not start (%s); the build does its work", what, err)
            return
        self._threads = [
            threading.Thread(target=target, name=f"{module}-{target.__name__}", daemon=True)
            for target in (self._feed, self._listen)
        ]
        for thread in self._threads:
            thread.start()
        self.send(setup)

    def _feed(self) -> None:
        assert self.process is not None
        stdin = self.process.stdin
        assert stdin is not None
        try:
            while (line := self._outbox.get()) is not None:
                stdin.write(line)
                stdin.flush()
            stdin.close()  # no more jobs: the process ends once it has done them
        except OSError:
            return  # it has stopped: the build does what it would have

    def _listen(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.done.add(line.strip())

    def send(self, message: dict[str, Any]) -> None:
        self._outbox.put(json.dumps(message) + "\n")

    def no_more(self) -> None:
        """No more jobs: the process ends once it has done those it has (its memory is free
        for the rest of the build); ``finish`` then finds it done."""
        self._outbox.put(None)

    def working(self) -> bool:
        """Whether the process is still there."""
        return self.process is not None and self.process.poll() is None

    def finish(self, stalled: float = STALLED) -> None:
        """No more jobs: wait until the process has done those it has, has stopped, or has
        answered nothing for ``stalled`` seconds (then it is ended: the build does the rest)."""
        self.no_more()
        answered = -1
        while self.process is not None and answered != len(self.done):
            answered = len(self.done)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=stalled)
                break
        else:
            if self.process is not None:
                log.warning("%s process answered nothing for %.0f s; ended", self.what, stalled)
        self.stop()

    def stop(self) -> None:
        """End the process now (its queue may hold jobs the build did itself) and say why it
        stopped early, if it did."""
        if self.process is None:
            self.errors.close()
            return
        ended = self.process.poll()  # None: still working (it is ended, not at fault)
        if ended is None:
            self.process.kill()
        self.process.wait()
        self._outbox.put(None)
        for thread in self._threads:
            thread.join()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.errors.seek(0)
        said = self.errors.read().decode(errors="replace").strip()
        self.errors.close()
        if ended and said:
            log.warning("%s process stopped early: %s", self.what, said.splitlines()[-1])


def serve(handler_for: Callable[[dict[str, Any]], Callable[[dict[str, Any]], str]]) -> int:
    """A side process's main loop: ``handler_for(setup)`` makes the handler of each job,
    which does it and returns the answer printed for it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the build, which ends this
    handle = handler_for(json.loads(sys.stdin.readline()))
    for line in sys.stdin:
        answer = handle(json.loads(line))
        try:
            print(answer, flush=True)
        except BrokenPipeError:
            return 0  # the build is gone
    return 0
