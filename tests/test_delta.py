"""Committing a build that kept files of the last output (coachsite/delta.py)."""

from __future__ import annotations

import json
from pathlib import Path

from coachsite import delta


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_commit_moves_new_files_keeps_kept_ones_and_deletes_the_rest(tmp_path: Path) -> None:
    final = make(
        tmp_path / "output",
        {"a/index.html": "a", "b/index.html": "old b", "gone/index.html": "c", "x.css": "x"},
    )
    staging = make(
        tmp_path / ".output.building-1", {"b/index.html": "new b", "new/index.html": "d"}
    )
    moved, deleted = delta.commit(staging, final, {"a/index.html", "x.css"})
    assert (moved, deleted) == (2, 1)
    assert tree(final) == {
        "a/index.html": "a",
        "b/index.html": "new b",
        "new/index.html": "d",
        "x.css": "x",
    }
    assert not (final / "gone").exists()  # its emptied folder went too
    assert not staging.exists()


def test_a_commit_cut_short_is_finished_by_the_next_build(tmp_path: Path) -> None:
    final = make(tmp_path / "output", {"a/index.html": "a", "gone.html": "c"})
    staging = make(tmp_path / ".output.building-2", {"b/index.html": "b"})
    (staging / delta.MARKER).write_text(json.dumps({"stale": ["gone.html"]}), encoding="utf-8")
    undecided = make(tmp_path / ".output.building-3", {"z.html": "never committed"})
    delta.finish_interrupted(final)
    assert tree(final) == {"a/index.html": "a", "b/index.html": "b"}
    assert not staging.exists()
    assert undecided.exists() and tree(final).get("z.html") is None


def test_built_sees_kept_files_of_the_last_output(tmp_path: Path) -> None:
    staging = make(tmp_path / "staging", {"written.html": "w"})
    kept = delta.Delta(tmp_path / "output")
    kept.keep("posts/x/index.html")
    assert delta.built(staging / "written.html", staging, kept)
    assert delta.built(staging / "posts" / "x", staging, kept)
    assert delta.built(staging / "posts" / "x" / "index.html", staging, kept)
    assert not delta.built(staging / "posts" / "y" / "index.html", staging, kept)
    assert not delta.built(staging / "posts" / "x" / "index.html", staging, None)
    assert delta.built(staging / "written.html", staging, None)
    assert delta.of({delta.SETTING: kept}) is kept and delta.of({}) is None
