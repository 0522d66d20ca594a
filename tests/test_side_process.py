"""coachsite/side_process.py: work handed to a process of its own, and what happens when that
process is not there."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from coachsite import side_process
from coachsite.side_process import SideProcess


def test_a_process_that_cannot_start_is_said_and_does_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(side_process.sys, "executable", str(tmp_path / "no-python"))
    with caplog.at_level(logging.WARNING):
        helper = SideProcess("coach_cards.worker", {}, "tests: the helper")
        helper.send({"job": 1})
        assert not helper.working()
        helper.finish()
    assert helper.done == set()
    assert "tests: the helper process could not start" in caplog.text


def test_a_process_that_fails_says_its_last_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        helper = SideProcess("coachsite.no_such_module", {}, "tests: the helper")
        helper.finish()
    assert "tests: the helper process stopped early: " in caplog.text
    assert "No module named coachsite.no_such_module" in caplog.text


def test_a_process_that_answers_nothing_is_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    stuck = tmp_path / "stuck"
    stuck.write_text("#!/bin/sh\nexec sleep 600\n")
    stuck.chmod(0o755)
    monkeypatch.setattr(side_process.sys, "executable", str(stuck))
    with caplog.at_level(logging.WARNING):
        helper = SideProcess("coach_images.worker", {}, "tests: the helper")
        helper.send({"job": 1})
        helper.finish(stalled=0.2)
    assert not helper.working()
    assert helper.done == set()
    assert "tests: the helper process answered nothing for 0 s; ended" in caplog.text


def test_the_side_processes_do_not_load_pelican() -> None:
    """The card and picture processes import their plugin packages, never Pelican: each would
    weigh some 28 MB more, beside the build, for nothing."""
    import subprocess
    import sys

    code = (
        "import sys, coach_cards.worker, coach_images.worker\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pelican'))"
    )
    env = {"PYTHONPATH": os.pathsep.join(map(str, side_process.CODE)), "PATH": "/usr/bin:/bin"}
    loaded = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_a_process_told_there_is_no_more_work_ends_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answering = tmp_path / "answering"  # answers each line, ends when its input does
    answering.write_text('#!/bin/sh\nwhile read -r line; do echo "done $line"; done\n')
    answering.chmod(0o755)
    monkeypatch.setattr(side_process.sys, "executable", str(answering))
    helper = SideProcess("coach_cards.worker", {}, "tests: the helper")
    helper.send({"job": 1})
    helper.no_more()
    assert helper.process is not None
    assert helper.process.wait(timeout=60) == 0  # ended before finish() was called
    helper.finish()
    assert len(helper.done) == 2  # the setup line and the job
