"""make serve's preview of a saved post (coachsite/preview.py) and its rebuilds in a thread
(coachsite/devserver.py's DevBuilds).

The preview must be the very page the build then writes: each test edits a built demo site,
takes the preview's bytes, builds, and compares. Whatever the preview cannot show as the build
would (front matter, other files, a mistake) it leaves alone, and the build shows it.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
from conftest import Project
from jinja2.exceptions import UndefinedError
from pictures.photos import png, with_picture

from coachsite.devserver import BuildErrors, DevBuilds
from coachsite.preview import KeptSite, stamps

POST = "content/articles/2026-04-06-pseudo-interviews.md"
PAGE = "posts/pseudo-interviews/index.html"
WATCHED = ("content", "theme", "plugins", "pelicanconf.py")


def kept_build(project: Project, kept: KeptSite) -> None:
    files = kept.starting()
    project.build()
    kept.built(files, True)


@pytest.fixture
def kept(project: Project) -> KeptSite:
    """The demo site built once, with a second post holding a [[cta]] line and a picture."""
    project.write("content/images/desk.png", png(900, 600))
    project.write(
        "content/articles/2026-04-08-desk.md",
        "Title: A tidy desk\nDate: 2026-04-08 09:00\nCategory: Job search\nTags: resumes\n"
        "Slug: a-tidy-desk\n\nMy desk, before a client call.\n\n"
        "![My desk with a notebook]({static}/images/desk.png)\n\nA second paragraph.\n\n"
        "[[cta]]\n\nThe end of the post.\n",
    )
    site = KeptSite([project.root / name for name in WATCHED], project.output)
    kept_build(project, site)
    return site


def edit(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def preview_then_build(project: Project, kept: KeptSite, page: str) -> bytes:
    """The preview's page, after checking it is the page the build then writes."""
    assert kept.preview() == page
    shown = (project.output / page).read_bytes()
    kept_build(project, kept)
    assert (project.output / page).read_bytes() == shown, "the preview is not the built page"
    return shown


def test_a_body_edit_is_shown_as_the_build_then_writes_it(project: Project, kept: KeptSite):
    edit(project, POST, "Typically this", "A sentence saved just now. Typically this")
    shown = preview_then_build(project, kept, PAGE)
    assert b"A sentence saved just now." in shown
    # and again from the build's kept context, for the second save of a session
    edit(project, POST, "A sentence saved just now.", "A second save.")
    assert b"A second save." in preview_then_build(project, kept, PAGE)


def test_a_post_with_a_block_and_a_picture_is_shown_with_both(project: Project, kept: KeptSite):
    page = "posts/a-tidy-desk/index.html"
    edit(project, "content/articles/2026-04-08-desk.md", "A second paragraph.", "Now longer.")
    shown = preview_then_build(project, kept, page).decode()
    assert "Now longer." in shown
    assert "<picture" in shown and 'class="cta' in shown


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        (POST, "Title: Pseudo-Interviews", "Title: Pseudo Interviews"),  # front matter
        (POST, "Tags: interviews, job search, hiring", "Tags: interviews"),
        ("theme/templates/article.html", "</article>", "</article><!-- saved -->"),
        ("content/ctas/general.md", "\n\n", "\n\nA new line.\n\n"),
    ],
)
def test_anything_but_a_post_body_is_left_to_the_build(
    project: Project, kept: KeptSite, relative: str, old: str, new: str
):
    before = (project.output / PAGE).read_bytes()
    edit(project, relative, old, new)
    assert kept.preview() is None
    assert (project.output / PAGE).read_bytes() == before


def test_two_saved_files_or_a_mistake_are_left_to_the_build(
    project: Project, kept: KeptSite, caplog: pytest.LogCaptureFixture
):
    before = (project.output / PAGE).read_bytes()
    edit(project, POST, "Typically", "Saved. Typically")
    project.write("content/images/other.png", png(300, 200))
    assert kept.preview() is None
    (project.root / "content/images/other.png").unlink()
    # an editor's swap file beside the post is not a second saved file
    project.write("content/articles/.2026-04-06-pseudo-interviews.md.swp", b"vim")
    assert kept.preview() == PAGE
    # a picture without alt text: the build names the file and line, not the preview
    text = (project.root / POST).read_text(encoding="utf-8")
    (project.root / POST).write_text(with_picture("![]({static}/images/desk.png)", text))
    shown = (project.output / PAGE).read_bytes()
    with caplog.at_level(logging.DEBUG, logger="coachsite.preview"):
        assert kept.preview() is None
    assert "its pictures are for the build to check" in caplog.text
    assert (project.output / PAGE).read_bytes() == shown != before


def test_no_preview_after_a_failed_build(project: Project, kept: KeptSite):
    template = "theme/templates/article.html"
    edit(project, template, "</article>", "{{ nowhere.deeper }}</article>")  # fails as written
    files = kept.starting()
    with pytest.raises(UndefinedError):
        project.build()
    assert kept._building, "the failed build got as far as its generators"
    kept.built(files, False)
    assert kept.generators == []
    edit(project, template, "{{ nowhere.deeper }}", "")
    kept.before = stamps([project.root / name for name in WATCHED])  # only the post differs
    edit(project, POST, "Typically", "Saved. Typically")
    assert kept.preview() is None


class FakeBuilds:
    """Builds that wait to be let through, and the order in which things happened."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.gates: list[threading.Event] = []
        self.started = threading.Semaphore(0)

    def build(self) -> str | None:
        gate = threading.Event()
        self.gates.append(gate)
        self.events.append("build")
        self.started.release()
        assert gate.wait(30), "the test never let the build end"
        return None


def test_a_save_during_a_build_is_built_after_it_and_each_build_reloads() -> None:
    fake = FakeBuilds()
    previews = iter(["posts/x/index.html", None])
    builds = DevBuilds(
        fake.build,
        BuildErrors(),
        lambda: fake.events.append("reload"),
        lambda: next(previews),
    )
    builds.saved()  # a preview: reloaded at once, then built
    assert fake.started.acquire(timeout=30)
    builds.saved()  # during the build: no preview now, one more build after it
    builds.saved()
    fake.gates[0].set()
    assert fake.started.acquire(timeout=30)
    fake.gates[1].set()
    assert builds.thread is not None
    builds.thread.join(30)
    assert not builds.thread.is_alive() and not builds.running
    assert fake.events == ["reload", "build", "reload", "build", "reload"]


def test_previews_need_a_kept_build(tmp_path: Path) -> None:
    site = KeptSite([tmp_path], tmp_path / "output")
    (tmp_path / "post.md").write_text("Title: x\n\ntext\n")
    assert site.preview() is None


def test_a_failing_preview_still_builds_and_a_stop_starts_no_more_builds() -> None:
    fake = FakeBuilds()

    def broken_preview() -> str | None:
        raise RuntimeError("a bug in the preview")

    builds = DevBuilds(
        fake.build, BuildErrors(), lambda: fake.events.append("reload"), broken_preview
    )
    builds.saved()
    assert fake.started.acquire(timeout=30)
    builds.saved()  # saved during the build, then serving stops
    stopping = threading.Thread(target=builds.stop)
    stopping.start()
    for _ in range(3000):  # until stop() has said no build may follow (a hang fails below)
        if builds.stopped:
            break
        time.sleep(0.01)
    fake.gates[0].set()
    stopping.join(30)
    assert not stopping.is_alive() and not builds.running
    assert fake.events == ["build", "reload"]
