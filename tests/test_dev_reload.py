"""make serve reloads the page after every save, the second of two quick saves too.

livereload on its own looks for changes every 0.8 s and skips a reload within 3 s of the last
one; coachsite/devserver.py looks every 0.15 s and reloads after each rebuild. The test talks
to the server as livereload.js does (a WebSocket: hello, info, then "reload" messages).
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from conftest import Project
from running import DEADLINE, Running, fetch, free_port
from tornado.websocket import websocket_connect

POST = "content/articles/2026-04-06-pseudo-interviews.md"
PAGE = "/posts/pseudo-interviews/"
PROTOCOL = "http://livereload.com/protocols/official-7"


async def reloads_after(base: str, edits: list[tuple[Path, str, bytes]]) -> list[bytes]:
    """Write each edit and wait for reloads until the page served after one shows the edit's
    text (the server also sends one reload of its own when it starts). Without a reload
    after a save, this waits until the deadline and fails."""
    conn = await websocket_connect(base.replace("http://", "ws://") + "/livereload")
    try:
        await conn.write_message(json.dumps({"command": "hello", "protocols": [PROTOCOL]}))
        hello = json.loads(await asyncio.wait_for(conn.read_message(), DEADLINE))
        assert hello["command"] == "hello"
        await conn.write_message(json.dumps({"command": "info", "url": base + PAGE}))
        pages = []
        for path, text, shown in edits:
            path.write_text(text, encoding="utf-8")
            page = b""
            while shown not in page:
                message = await asyncio.wait_for(conn.read_message(), DEADLINE)
                assert message is not None, "the server closed the connection"
                if json.loads(message).get("command") == "reload":
                    page = fetch(base + PAGE)[2]
            pages.append(page)
        return pages
    finally:
        conn.close()


def test_two_quick_saves_reload_the_page_twice_with_each_text(project: Project) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = Running(project.root, "serve", "--port", str(port))
    try:
        serve.wait_for_line(f"Serving the site at {base}/")
        post = project.root / POST
        original = post.read_text(encoding="utf-8")
        edits = [
            (post, original + "\nA first sentence saved.\n", b"A first sentence saved."),
            (post, original + "\nA second sentence saved.\n", b"A second sentence saved."),
        ]
        # A thread of its own: the browser tests leave Playwright's loop running in this one.
        with ThreadPoolExecutor(1) as thread:
            first, second = thread.submit(asyncio.run, reloads_after(base, edits)).result()
        assert b"A first sentence saved." in first
        assert b"A second sentence saved." in second and b"A first sentence" not in second
    finally:
        serve.stop()
