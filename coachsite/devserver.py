"""The local servers: ``make serve`` (live reload, build errors in the page) and the preview.

``make serve`` serves ``output/`` with livereload and adds, to every HTML page it sends, two
external scripts (no inline code, so the theme's strict Content-Security-Policy still holds):
livereload's own and ``theme/dev/build-errors.js``, which asks ``/_dev/build-error.json``
for the last build's error and shows it in a banner until a build succeeds. All of it is
added while serving, from memory and ``theme/dev/`` (which no build copies), so neither
``output/`` nor a production build ever holds a trace of it.

Ports are bound before anything is built, so a busy port is one clear line, at once.
"""

from __future__ import annotations

import errno
import functools
import http.server
import json
import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coachsite.errors import CoachError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
DEV_ASSETS = ROOT / "theme" / "dev"  # not under theme/static: never copied into a build
ERROR_URL = "/_dev/build-error.json"
HEAD_END = b"</head>"
POLL_MS = 150  # how often make serve looks for saved files
DEV_TAGS = (
    b'<link rel="stylesheet" href="/_dev/build-errors.css">'
    b'<script src="/_dev/build-errors.js" defer></script>'
    b'<script src="/livereload.js" defer></script>'
)


class PortError(CoachError):
    """The port cannot be listened on: which one, and how to choose another."""


class BuildErrors:
    """The last development build's error as the terminal showed it, or None after a success."""

    def __init__(self) -> None:
        self.message: str | None = None

    def record(self, message: str | None) -> None:
        self.message = message

    def payload(self) -> dict[str, str | None]:
        """What ``/_dev/build-error.json`` answers."""
        return {"error": self.message}


def parse_port(value: Any, variable: str, command: str) -> int:
    """A port number from the command line or the environment, or a clear error."""
    try:
        port = int(str(value).strip())
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise PortError(
            f"{variable}={value!r} is not a port number; choose one such as "
            f"{variable}=8001 {command}"
        )
    return port


def free_port_near(host: str, port: int, tries: int = 20) -> int | None:
    """The first port after ``port`` (from 8001 for a privileged one) that is free now."""
    start = port + 1 if port >= 1024 else 8001
    for candidate in range(start, min(start + tries, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None


def busy_message(port: int, variable: str, command: str, err: OSError, free: int | None) -> str:
    """One line: which port cannot be used, and the command with one that can (``free``)."""
    other = free or (port + 1 if 1024 <= port < 65535 else 8001)
    why = (
        f"is busy (another {command} or another program is using it)"
        if err.errno == errno.EADDRINUSE
        else f"cannot be used ({err.strerror})"
    )
    return f"port {port} {why}; choose another: {variable}={other} {command}"


def bind(host: str, port: int, variable: str, command: str) -> list[socket.socket]:
    """Listening sockets for ``host:port``, or a PortError saying how to choose another."""
    from tornado.netutil import bind_sockets

    try:
        return bind_sockets(port, address=host)
    except OSError as err:
        free = free_port_near(host, port)
        raise PortError(busy_message(port, variable, command, err, free)) from None


def record_build(build: Callable[[], str | None], errors: BuildErrors) -> str | None:
    """Run one development build and keep its error (None: it succeeded) for the banner."""
    message = build()
    errors.record(message)
    return message


class DevBuilds:
    """make serve's rebuilds: one at a time, in a thread of their own, so that the server
    answers while the site is built; files saved during a build are built right after it.

    On a save, ``preview()`` (coachsite/preview.py) may first write the saved post's page
    (returning its path): the browser is reloaded on it at once, and again once the build
    is done. ``reload`` must be safe to call from any thread.
    """

    def __init__(
        self,
        build: Callable[[], str | None],
        errors: BuildErrors,
        reload: Callable[[], None],
        preview: Callable[[], str | None] | None = None,
    ) -> None:
        self.build, self.errors, self.reload, self.preview = build, errors, reload, preview
        self.lock = threading.Lock()
        self.running = False
        self.again = False  # saved while a build ran
        self.stopped = False
        self.thread: threading.Thread | None = None

    def saved(self) -> None:
        """A watched file changed (called by the watcher, on the server's thread)."""
        with self.lock:
            if self.running:
                self.again = True
                return
            self.running = True
        try:
            page = self.preview() if self.preview is not None else None
        except Exception:  # a bug in the preview: the build after it is what counts
            log.exception("make serve could not show the saved post at once; building the site")
            page = None
        if page is not None:
            print(f"Showing the new text of {page}; building the site ...", flush=True)
            self.reload()
        # not a daemon: Ctrl+C during a build lets it end, so output/ is whole
        self.thread = threading.Thread(target=self._run, name="make-serve-build")
        self.thread.start()

    def _run(self) -> None:
        again = True
        while again:
            try:
                record_build(self.build, self.errors)
            finally:
                self.reload()
                with self.lock:
                    again = self.again and not self.stopped
                    self.again = False
                    self.running = again

    def stop(self) -> None:
        """Serving ends (Ctrl+C): the build running, if any, ends as usual (output/ stays
        whole); none starts after it."""
        with self.lock:
            self.stopped = True
            running = self.running
        if running and self.thread is not None:
            print("Finishing the build that is running ...", flush=True)
            self.thread.join()


def dev_server(errors: BuildErrors, sockets: list[socket.socket]) -> Any:
    """livereload's Server, listening on ``sockets``, with the build-error banner."""
    from livereload import Server
    from livereload.handlers import (
        ForceReloadHandler,
        LiveReloadHandler,
        LiveReloadJSHandler,
        StaticFileHandler,
    )
    from livereload.watcher import Watcher
    from tornado import ioloop, web
    from tornado.httpserver import HTTPServer

    class ErrorHandler(web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(json.dumps(errors.payload()))

    class PageHandler(StaticFileHandler):
        def write_error(self, status_code: int, **kwargs: Any) -> None:
            if status_code != 404:
                super().write_error(status_code, **kwargs)
                return
            # The site's 404 page or, before a first good build, one the banner can show on.
            page = Path(self.root) / "404.html"
            if not page.is_file():
                page = DEV_ASSETS / "not-found.html"
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page.read_bytes())

    class AddDevTags(web.OutputTransform):
        def transform_first_chunk(
            self, status_code: int, headers: Any, chunk: bytes, finishing: bool
        ) -> tuple[int, Any, bytes]:
            return status_code, headers, with_dev_tags(headers, chunk)

    class QuickWatcher(Watcher):
        """livereload's watcher, looking for saved files every POLL_MS (its own loop waits
        0.8 s): ``start`` returning True is livereload's way to run a watcher's own loop.
        The pages are reloaded by DevBuilds, when there is something new to show, never by
        livereload on its own (it would reload as a build starts)."""

        def start(self, callback: Callable[[], None]) -> bool:
            ioloop.PeriodicCallback(callback, POLL_MS).start()
            return True

        def examine(self) -> tuple[None, None]:
            super().examine()
            return None, None

    class DevServer(Server):
        def application(self, port, host, liveport=None, debug=None, live_css=True) -> None:
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            # livereload skips a reload within 3 s of the last one (many files saved at
            # once); here a save is one rebuild, so every rebuild reloads the page.
            LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
            handlers = [
                (r"/livereload", LiveReloadHandler),
                (r"/forcereload", ForceReloadHandler),
                (r"/livereload\.js", LiveReloadJSHandler),
                (ERROR_URL.replace(".", r"\."), ErrorHandler),
                (r"/_dev/(build-errors\.(?:js|css))", web.StaticFileHandler, {"path": DEV_ASSETS}),
                (r"/(.*)", PageHandler, {"path": self.root, "default_filename": "index.html"}),
            ]
            app = web.Application(handlers=handlers, transforms=[AddDevTags])
            HTTPServer(app).add_sockets(sockets)

    return DevServer(watcher=QuickWatcher())


def with_dev_tags(headers: Any, chunk: bytes) -> bytes:
    """An HTML page's first chunk with the development scripts before ``</head>``."""
    if "html" not in headers.get("Content-Type", "") or HEAD_END not in chunk:
        return chunk
    if "Content-Length" in headers:
        headers["Content-Length"] = str(int(headers["Content-Length"]) + len(DEV_TAGS))
    return chunk.replace(HEAD_END, DEV_TAGS + HEAD_END, 1)


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    """The preview's files, without a line per request; its own 404 page for a missing one."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # a browser opens many connections at once


def preview_server(folder: Path, host: str, port: int, command: str) -> _Server:
    """A plain file server for ``folder``, already listening (PortError if it cannot)."""
    handler = functools.partial(_QuietFiles, directory=str(folder))
    try:
        return _Server((host, port), handler)
    except OSError as err:
        free = free_port_near(host, port)
        raise PortError(busy_message(port, "PREVIEW_PORT", command, err, free)) from None


def serve_dev(
    output: Path,
    watched: list[Path],
    build: Callable[[], str | None],
    host: str,
    port_value: Any,
    preview: Callable[[], str | None] | None = None,
) -> None:
    """``make serve``: build, serve ``output`` and rebuild on every change of ``watched``.

    ``build()`` builds the development site and returns the error the terminal showed, or
    None; the banner shows the last one. ``preview()``: see DevBuilds. PortError before
    anything is built.
    """
    from livereload.handlers import LiveReloadHandler
    from tornado import ioloop

    port = parse_port(port_value, "PORT", "make serve")
    sockets = bind(host, port, "PORT", "make serve")
    errors = BuildErrors()
    if record_build(build, errors):
        print("Serving the last good site; fix the problem and save to rebuild.", file=sys.stderr)
    output.mkdir(exist_ok=True)
    server = dev_server(errors, sockets)
    loops: list[Any] = []  # the server's loop, as the watcher (which runs on it) finds it

    def reload() -> None:  # from the build's thread too: the server's loop sends it
        loops[0].add_callback(LiveReloadHandler.reload_waiters, "*")

    builds = DevBuilds(build, errors, reload, preview)

    def saved() -> None:
        loops[:] = loops or [ioloop.IOLoop.current()]
        builds.saved()

    for path in watched:
        server.watch(str(path), saved)
    print(f"Serving the site at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    # SIGTERM stops serving as Ctrl+C does: the build thread then ends its build and cleans up
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve(host=host, port=port, root=str(output), open_url_delay=None)
    finally:
        signal.signal(signal.SIGTERM, previous)
        builds.stop()


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def serve_preview(folder: Path, build: Callable[[str], None], host: str, port_value: Any) -> None:
    """``make preview``: ``build(address)`` the production site for ``address``, serve it.

    PortError before anything is built; Ctrl+C stops it.
    """
    port = parse_port(port_value, "PREVIEW_PORT", "make preview")
    server = preview_server(folder, host, port, "make preview")
    address = f"http://{host}:{port}"
    try:
        build(address)
        print(
            f"Previewing the production site ({folder.name}/) at {address}/ (Ctrl+C to stop). "
            "Drafts are left out, as on the real site.",
            flush=True,
        )
        server.serve_forever()
    except KeyboardInterrupt:
        print("Preview stopped.")
    finally:
        server.server_close()
