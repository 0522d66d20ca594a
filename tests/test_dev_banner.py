"""make serve shows the last build's error on every page; no build ever holds a trace of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project
from running import Running, build_error, fetch, free_port, wait_until

from coachsite.devserver import DEV_TAGS, BuildErrors, record_build, with_dev_tags

BROKEN = "Title: Broken\nDate: 2026-13-45\nSlug: broken\n\nText.\n"
# What the build says about it, file and line first (the terminal's line, and the banner's).
SAID = "error: content/articles/broken.md:2: '2026-13-45' is not a date I can read."
TRACES = ("_dev/", "build-error", "build-errors", "livereload", "dev-build-error")


def test_the_banner_data_holds_the_last_failure_and_is_cleared_by_a_success() -> None:
    errors = BuildErrors()
    assert errors.payload() == {"error": None}
    assert record_build(lambda: "error: content/articles/x.md:3: say what", errors)
    assert errors.payload() == {"error": "error: content/articles/x.md:3: say what"}
    assert record_build(lambda: None, errors) is None
    assert errors.payload() == {"error": None}


def test_only_html_pages_get_the_development_scripts() -> None:
    page = b"<html><head><title>x</title></head><body></body></html>"
    headers = {"Content-Type": "text/html; charset=UTF-8", "Content-Length": str(len(page))}
    served = with_dev_tags(headers, page)
    assert served.count(DEV_TAGS) == 1 and served.index(DEV_TAGS) < served.index(b"</head>")
    assert headers["Content-Length"] == str(len(served))
    assert b"<script>" not in served and b"style=" not in served  # no inline code: CSP holds
    css = b"a { color: red } </head>"
    assert with_dev_tags({"Content-Type": "text/css"}, css) == css


def test_a_failing_rebuild_under_serve_fills_the_banner_and_a_good_one_clears_it(
    project: Project,
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = Running(project.root, "serve", "--port", str(port))
    try:
        serve.wait_for_line(f"Serving the site at {base}/")
        assert build_error(base) is None
        status, _, page = fetch(base + "/posts/pseudo-interviews/")
        assert status == 200 and DEV_TAGS in page  # added while serving ...
        on_disk = (project.output / "posts/pseudo-interviews/index.html").read_bytes()
        assert DEV_TAGS not in on_disk  # ... never written into output/
        assert fetch(base + "/_dev/build-errors.js")[0] == 200

        project.write("content/articles/broken.md", BROKEN)
        message = wait_until(lambda: build_error(base), "the failed build's error", serve)
        assert message.startswith(SAID)
        assert any(line.startswith(SAID) for line in serve.lines)  # what the terminal said
        assert fetch(base + "/posts/pseudo-interviews/")[0] == 200  # the last good site

        (project.root / "content/articles/broken.md").unlink()
        wait_until(lambda: build_error(base) is None, "the error to clear", serve)
    finally:
        serve.stop()


def test_a_first_build_that_failed_still_has_a_page_to_show_the_banner_on(
    project: Project,
) -> None:
    project.write("content/articles/broken.md", BROKEN)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = Running(project.root, "serve", "--port", str(port))
    try:
        serve.wait_for_line(f"Serving the site at {base}/")
        assert "Serving the last good site" in serve.text
        assert (build_error(base) or "").startswith(SAID)
        status, kind, page = fetch(base + "/")  # nothing built yet
        assert status == 404 and kind.startswith("text/html") and DEV_TAGS in page
    finally:
        serve.stop()


def _traces(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".json", ".xml", ""):
            text = path.read_text("utf-8", errors="replace")
            found += [f"{path.relative_to(folder)}: {t}" for t in TRACES if t in text]
    return found


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_no_build_holds_a_trace_of_the_banner(project: Project, settings: str) -> None:
    report = project.build(settings)
    assert report.output.name == ("output" if settings == "pelicanconf.py" else "public")
    assert not list(report.output.rglob("build-errors*"))
    assert _traces(report.output) == []
