"""make serve and make preview side by side: two folders, two ports, busy ports said plainly."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest
from conftest import Project, snapshot
from running import Running, fetch, free_port

from coachsite.devserver import PortError, busy_message, free_port_near, parse_port


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port another program is listening on."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def test_a_preview_leaves_the_served_development_site_byte_identical(project: Project) -> None:
    project.build()  # what make serve serves
    before = snapshot(project.output)
    port = free_port()
    preview = Running(project.root, "preview", "--port", str(port))
    try:
        line = preview.wait_for_line("Previewing the production site")
        assert f"at http://127.0.0.1:{port}/" in line
        status, _, body = fetch(f"http://127.0.0.1:{port}/posts/pseudo-interviews/")
        assert status == 200
        page = body.decode("utf-8")
        # Built for the preview's own address, so the stylesheet loads from the preview.
        css = f"http://127.0.0.1:{port}/theme/css/site.css"
        assert f'<link rel="stylesheet" href="{css}">' in page
        status, kind, style = fetch(css)
        assert status == 200 and kind.startswith("text/css") and b"--accent" in style
        missing = fetch(f"http://127.0.0.1:{port}/no-such-page/")
        assert missing[0] == 404 and b"<html" in missing[2]  # the site's own 404 page
    finally:
        preview.stop()
    assert snapshot(project.output) == before
    public = project.root / "public"
    assert (public / "index.html").is_file() and (public / "_headers").is_file()
    assert not list(project.root.glob(".public.*")) and not list(project.root.glob(".output.*"))


def test_publish_builds_public_for_the_real_address_after_a_preview(project: Project) -> None:
    port = free_port()
    preview = Running(project.root, "preview", "--port", str(port))
    try:
        preview.wait_for_line("Previewing the production site")
    finally:
        preview.stop()
    built = project.invoke("production", site_date=None)  # the checks compare with today
    assert built.returncode == 0, built.stderr
    assert "Site ready in public/:" in built.stdout
    index = (project.root / "public/index.html").read_text("utf-8")
    assert 'href="https://www.midlifecareerstrategy.com/theme/css/site.css"' in index
    assert "127.0.0.1" not in index


@pytest.mark.parametrize(
    ("task", "variable", "command"),
    [("serve", "PORT", "make serve"), ("preview", "PREVIEW_PORT", "make preview")],
)
def test_a_busy_port_is_one_line_saying_how_to_choose_another(
    project: Project, busy_port: int, task: str, variable: str, command: str
) -> None:
    result = project.invoke(task, **{variable: str(busy_port)})
    assert result.returncode == 1
    said = re.fullmatch(
        rf"error: port {busy_port} is busy \(another {command} or another program is using "
        rf"it\); choose another: {variable}=(\d+) {command}",
        result.stderr.strip(),
    )
    assert said, result.stderr
    assert int(said[1]) > busy_port  # a port that was free a moment ago
    assert "Traceback" not in result.stdout + result.stderr
    assert "Building" not in result.stdout  # said at once, before any build
    assert not project.output.exists() and not (project.root / "public").exists()


def test_a_port_that_is_not_a_number_is_a_clear_error(project: Project) -> None:
    result = project.invoke("serve", PORT="eighty")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: PORT='eighty' is not a port number; choose one such as PORT=8001 make serve"
    )


def test_port_parsing_and_messages() -> None:
    assert parse_port("8001", "PORT", "make serve") == 8001
    assert parse_port(8000, "PORT", "make serve") == 8000
    for bad in ("0", "70000", "", "8o"):
        with pytest.raises(PortError, match="is not a port number"):
            parse_port(bad, "PREVIEW_PORT", "make preview")
    denied = PermissionError(13, "Permission denied")
    assert busy_message(80, "PORT", "make serve", denied, None) == (
        "port 80 cannot be used (Permission denied); choose another: PORT=8001 make serve"
    )
    busy = OSError(98, "Address already in use")
    assert busy_message(8000, "PORT", "make serve", busy, 8003) == (
        "port 8000 is busy (another make serve or another program is using it); "
        "choose another: PORT=8003 make serve"
    )


def test_the_port_suggested_is_free(busy_port: int) -> None:
    with socket.socket() as next_one:
        next_one.bind(("127.0.0.1", busy_port + 1))  # the next one is taken too
        suggested = free_port_near("127.0.0.1", busy_port)
    assert suggested is not None and suggested > busy_port + 1
    assert (free_port_near("127.0.0.1", 80) or 0) >= 8001  # never another privileged one
