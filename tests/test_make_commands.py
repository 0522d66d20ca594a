"""The commands the README and the hints give are make targets that pass on what they are given.

make runs in a scratch folder with the project's Makefile and a stand-in ``.venv/bin/invoke``
that records its arguments and environment, so what reaches invoke is checked exactly.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT

from campaign.sync import Sync

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

RECORDER = """#!/bin/sh
exec python3 -c 'import json, os, sys
print(json.dumps({"argv": sys.argv[1:], "env": dict(os.environ)}))' "$@"
"""


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("invoke", "python"):
        (bin_dir / tool).write_text(RECORDER, encoding="utf-8")
        (bin_dir / tool).chmod(0o755)
    (tmp_path / ".venv" / ".installed").touch()  # newer than requirements.txt: set up
    return tmp_path


def make(desk: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": "/usr/bin:/bin", "HOME": str(desk), **env}
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=desk,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def received(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_make_new_passes_the_title_exactly(desk: Path) -> None:
    title = 'It\'s "Not" Your Resume: Cover Letters & More'
    got = received(make(desk, "new", f"TITLE={title}"))
    assert got["argv"] == ["new", "--title", title, "--category", "Job search"]
    got = received(make(desk, "new", CATEGORY="Interviews", TITLE="From the environment"))
    assert got["argv"] == ["new", "--title", "From the environment", "--category", "Interviews"]


def test_make_new_and_campaign_without_their_variable_say_what_to_type(desk: Path) -> None:
    untitled = make(desk, "new")
    assert untitled.returncode != 0
    assert 'error: give the post a title, e.g. make new TITLE="Why my resume fails"' in (
        untitled.stderr
    )
    no_month = make(desk, "campaign")
    assert no_month.returncode != 0
    assert 'error: say which month, e.g. make campaign MONTH=2026-05 ARGS="--push"' in (
        no_month.stderr
    )


@pytest.mark.parametrize(
    ("flags", "argv"),
    [
        ("", []),
        ("--push", ["--push"]),
        ("--test-to me@example.com,you@example.com --test-type plaintext",
         ["--test-to", "me@example.com,you@example.com", "--test-type", "plaintext"]),
        ('--schedule "2026-05-05 09:00"', ["--schedule", "2026-05-05 09:00"]),
        ("--send-now --yes --skip-live-check", ["--send-now", "--yes", "--skip-live-check"]),
        ("--unschedule", ["--unschedule"]),
    ],
)  # fmt: skip
def test_every_campaign_hint_runs_as_printed(desk: Path, flags: str, argv: list[str]) -> None:
    hint = Sync.hint(SimpleNamespace(month="2026-05"), flags)
    assert hint.startswith("`make campaign MONTH=2026-05 ARGS=") and hint.endswith("`")
    words = shlex.split(hint.strip("`"))  # as the coach's shell reads it
    assert words[:2] == ["make", "campaign"]
    got = received(make(desk, *words[1:]))
    assert got["argv"] == ["campaign", "--month", "2026-05", *argv]


def test_ports_and_publish_target_reach_the_commands(desk: Path) -> None:
    assert received(make(desk, "serve"))["env"]["PORT"] == "8000"
    assert received(make(desk, "serve", PORT="8005"))["env"]["PORT"] == "8005"
    preview = received(make(desk, "preview"))
    assert preview["argv"] == ["preview"] and preview["env"]["PREVIEW_PORT"] == "8001"
    publish = received(make(desk, "publish", "ARGS=--dry-run", PUBLISH_TARGET="gh-pages"))
    assert publish["argv"] == ["publish", "--dry-run"]
    assert publish["env"]["PUBLISH_TARGET"] == "gh-pages"
    for target, argv in (("doctor", ["doctor"]), ("check", ["check"])):
        assert received(make(desk, target))["argv"] == argv
    assert received(make(desk, "production"))["argv"] == ["production"]
    assert received(make(desk, "standin", "ARGS=--plan free"))["argv"] == [
        "tests/mailchimp_server.py",
        "--port",
        "8765",
        "--plan",
        "free",
    ]


def readme_sections(*titles: str) -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    parts = re.split(r"^(#{2,3} .+)$", text, flags=re.M)
    return "".join(
        body
        for head, body in zip(parts[1::2], parts[2::2], strict=True)
        if head.lstrip("# ") in titles
    )


def test_the_readme_gives_only_make_commands_that_exist() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, flags=re.M))
    readme = (ROOT / "README.md").read_text("utf-8")
    used = set(re.findall(r"\bmake ([a-z][\w-]*)", readme))
    assert {"serve", "new", "preview", "publish", "doctor", "check", "campaign"} <= used
    assert used <= targets
    coach = readme_sections(
        "Two commands", "A new post", "Previewing", "The newsletter", "Publishing"
    )
    assert ".venv/bin/" not in coach
    assert re.search(r"(?<![\w/.-])invoke ", coach) is None
