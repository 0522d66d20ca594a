"""A build replaces output/ only when it succeeds; failures and interruptions leave it alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import Project, snapshot

from coachsite.errors import CoachError


def leftovers(project: Project) -> list[str]:
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".output"))


def test_success_replaces_output_and_removes_stale_files(project: Project) -> None:
    project.build()
    stale = project.output / "stale.html"
    stale.write_text("from an old build")
    project.build()
    assert not stale.exists()
    assert (project.output / "posts/pseudo-interviews/index.html").exists()
    # The replaced folder is removed in the background; it goes away soon after.
    deadline = time.monotonic() + 20
    while leftovers(project) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(project) == []


def test_a_leftover_old_output_is_removed_by_the_next_build(project: Project) -> None:
    project.build()
    planted = project.root / ".output.old-12345"
    (planted / "posts").mkdir(parents=True)
    project.build()
    assert not planted.exists()


def test_failed_build_leaves_previous_output_exactly(project: Project) -> None:
    project.build()
    before = snapshot(project.output)
    (project.root / "content/articles/2026-04-06-pseudo-interviews.md").write_text(
        "Title: Edited\nDate: 2026-04-06\n\nEdited text.\n", encoding="utf-8"
    )
    project.write("content/articles/broken.md", "Date: 2026-04-08\n\nNo title.\n")
    with pytest.raises(CoachError):
        project.build()
    assert snapshot(project.output) == before
    assert leftovers(project) == []


def test_crash_inside_pelican_leaves_previous_output(project: Project, monkeypatch) -> None:
    project.build()
    before = snapshot(project.output)
    from pelican.generators import PagesGenerator

    def explode(self, writer):
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(PagesGenerator, "generate_output", explode)
    with pytest.raises(RuntimeError):
        project.build()
    assert snapshot(project.output) == before
    assert leftovers(project) == []


def staged(project: Project, phase: str) -> bool:
    """Whether the build in progress has reached ``phase``: its staging folder exists
    ("start") or it has written post pages into it ("writing")."""
    folders = [p for p in project.root.glob(".output.building-*") if p.is_dir()]
    if phase == "start":
        return bool(folders)
    return any((folder / "posts").is_dir() for folder in folders)


@pytest.mark.parametrize("phase", ["start", "writing"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_previous_output(project: Project, sig: int, phase: str) -> None:
    project.build()
    before = snapshot(project.output)
    # Slow the build down with many posts so the signal lands mid-way.
    for n in range(400):
        project.write(
            f"content/articles/bulk-{n}.md",
            f"Title: Bulk {n}\nDate: 2026-03-01\n\n" + "Words and words. " * 200 + "\n",
        )
    env = {**os.environ, "SITE_DATE": "2026-04-10"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", "build"],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not staged(project, phase) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert staged(project, phase), f"the build never reached {phase!r}"
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0, err
    assert "Traceback" not in err, err
    assert snapshot(project.output) == before
    assert leftovers(project) == [], err


def test_reader_cache_is_reused_and_dropped_when_plugin_code_changes(project: Project) -> None:
    project.build()
    caches = sorted((project.root / "cache").glob("pelicanconf-*"))
    assert len(caches) == 1 and any(caches[0].iterdir())
    project.build()
    assert sorted((project.root / "cache").glob("pelicanconf-*")) == caches

    plugin = project.root / "plugins/coach_consult/markers.py"
    plugin.write_text(plugin.read_text("utf-8") + "\n# changed\n", encoding="utf-8")
    project.build()
    after = sorted((project.root / "cache").glob("pelicanconf-*"))
    assert len(after) == 1 and after != caches


def test_an_interrupt_as_the_staging_folder_is_made_leaves_no_folder(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM delivered the moment the staging folder exists (what the test above aims at,
    and sometimes hits): the folder is removed with the rest."""
    from pathlib import Path

    project.build()
    before = snapshot(project.output)
    real_mkdir = Path.mkdir

    def mkdir_then_terminated(self: Path, *args: object, **kwargs: object) -> None:
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]
        if self.name.startswith(".output.building-"):
            os.kill(os.getpid(), signal.SIGTERM)  # the build's handler raises at the next step

    monkeypatch.setattr(Path, "mkdir", mkdir_then_terminated)
    with pytest.raises(KeyboardInterrupt):
        project.build()
    assert leftovers(project) == []
    assert snapshot(project.output) == before
