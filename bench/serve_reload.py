"""`invoke serve` save-to-reload: from a post's file write to its new text in the browser.

In the project's synthetic copy, ``python -m invoke serve`` is started on a free loopback
port (PORT); once it serves, headless chromium (Debian's, through Playwright) opens the
newest post; the dev server's livereload.js connects back. Then, several times, a new
sentence is written into that post's Markdown file and the time is taken from just before
the write to the moment the page shown in the browser holds the sentence (its DOM polled
every 10 ms; livereload rebuilds and reloads the page). The server is stopped with Ctrl+C
(SIGINT), as the coach stops it.

Each save is timed twice: to its text in the page (make serve's preview of the saved post,
coachsite/preview.py, when it makes one; else the rebuilt site) and to the end of the build
that follows (the server's "Site ready" line). The next save comes SAVE_GAP after that, once
the page has reloaded again. Plain Pelican has no such server: n/a.

    .venv/bin/python -m bench.serve_reload /tmp/site/full --saves 5
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench import synth
from bench.measure import BuildError
from bench.scenarios import build_env, page_of

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
SETTLE = 6.0  # s after the page connects: livereload's own start-up reload is over
SAVE_GAP = 1.5  # s from the end of a save's build to the next save (the page reloads meanwhile)
POLL = 0.01  # s between two looks at the page
READY = "Site ready in output/"  # what the server prints when a build is done


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DevServer:
    """``python -m invoke serve`` in ``site`` on ``port``, its output read line by line."""

    def __init__(self, site: Path, port: int, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "invoke", "serve"],
            cwd=site,
            env={**env, "PORT": str(port)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
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

    def wait_for_line(self, text: str, timeout: float) -> None:
        end = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            try:
                line = self._new.get(timeout=max(0.1, end - time.monotonic()))
            except queue.Empty:
                line = ""
            if line is None:
                raise BuildError(f"invoke serve ended without {text!r}\n{self.tail()}")
            if time.monotonic() > end:
                raise BuildError(f"invoke serve: no {text!r} in {timeout:.0f} s\n{self.tail()}")

    def count(self, text: str) -> int:
        """How many lines so far hold ``text``."""
        return sum(text in line for line in list(self.lines))

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.lines[-lines:])

    def stop(self) -> None:
        """Ctrl+C, as the coach stops it; killed (its process group) if it does not end."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _wait_for_text(page: object, marker: str, deadline: float) -> None:
    """Until the page in the browser holds ``marker`` (through reloads), or BuildError."""
    from playwright.sync_api import Error as PlaywrightError

    script = "m => document.body !== null && document.body.textContent.includes(m)"
    while time.perf_counter() < deadline:
        with contextlib.suppress(PlaywrightError):  # the page is being replaced
            if page.evaluate(script, marker):  # type: ignore[attr-defined]
                return
        time.sleep(POLL)
    raise BuildError(f"the page never showed {marker!r}")


def _wait(page: object, condition: Callable[[], bool], what: str, timeout: float) -> None:
    """Until ``condition()``; the page's events are handled meanwhile (Playwright's sync API
    handles them only inside its own calls, never during time.sleep)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise BuildError(f"invoke serve: still waiting for {what} after {timeout:.0f} s")
        page.wait_for_timeout(50)  # type: ignore[attr-defined]


def unavailable() -> str | None:
    """Why the browser cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    return None


def measure_serve(
    site: Path,
    post: synth.Post,
    *,
    saves: int,
    env: dict[str, str],
    timeout: float,
    log: Callable[[str], None] | None = None,
) -> tuple[list[float], list[float]]:
    """Seconds from each of ``saves`` writes of ``post`` to its new text in the browser, and
    to the end of the site's build after it (the server's "Site ready" line)."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = DevServer(site, port, env)
    seconds: list[float] = []
    built: list[float] = []
    try:
        server.wait_for_line(f"Serving the site at {base}/", timeout)
        address = page_of(site, post.slug).relative_to(site / "output").as_posix()
        url = f"{base}/{address.removesuffix('index.html')}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
            try:
                page = browser.new_page()
                infos: list[float] = []  # when each page's livereload.js said who it is

                def on_frame(payload: str | bytes) -> None:
                    if "info" in str(payload):
                        infos.append(time.monotonic())

                page.on("websocket", lambda ws: ws.on("framesent", on_frame))

                page.goto(url)
                _wait(page, lambda: bool(infos), "livereload.js to connect", 60)
                page.wait_for_timeout(SETTLE * 1000)
                for number in range(saves):
                    marker, connected = f"benchsave{number}end", len(infos)
                    ready = server.count(READY)
                    start = time.perf_counter()
                    synth.edit_post(site, post, marker)
                    _wait_for_text(page, marker, start + timeout)
                    seconds.append(time.perf_counter() - start)
                    _wait(page, lambda n=ready: server.count(READY) > n, "the build", timeout)
                    built.append(time.perf_counter() - start)
                    if log:
                        log(
                            f"serve save {number + 1}/{saves}: {seconds[-1]:.2f} s to reload, "
                            f"{built[-1]:.2f} s to the site rebuilt"
                        )
                    # A new page (livereload's reload) whose livereload.js is connected again.
                    _wait(
                        page, lambda n=connected: len(infos) > n, "the reloaded page to connect", 60
                    )
                    if number + 1 < saves:
                        page.wait_for_timeout(SAVE_GAP * 1000)
                page.close()
            finally:
                browser.close()
    finally:
        server.stop()
        synth.edit_post(site, post, "")
    return seconds, built


def main(argv: list[str] | None = None) -> int:
    """Measure save-to-reload in an existing synthetic site (bench.synth's ``full`` folder)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("site", type=Path, help="the full/ folder of a bench.synth site")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--site-date", type=dt.date.fromisoformat, default=synth.DEFAULT_SITE_DATE)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per wait")
    args = parser.parse_args(argv)
    if why := unavailable():
        parser.error(why)
    articles = sorted((args.site / "content" / "articles").glob("*.md"))
    if not articles:
        parser.error(f"{args.site} has no content/articles/*.md")
    newest = articles[-1]  # file names start with the date
    text = newest.read_text(encoding="utf-8")
    slug = next(line[6:].strip() for line in text.splitlines() if line.startswith("Slug: "))
    post = synth.Post(newest.name, slug, slug, dt.datetime.min, text)
    try:
        seconds, built = measure_serve(
            args.site,
            post,
            saves=args.saves,
            env=build_env(args.site_date),
            timeout=args.timeout,
            log=print,
        )
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"median save-to-reload: {sorted(seconds)[len(seconds) // 2]:.2f} s")
    print(f"median save to the site rebuilt: {sorted(built)[len(built) // 2]:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
