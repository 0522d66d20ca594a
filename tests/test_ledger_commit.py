"""The newsletter workflow's calendar and ledger commits (coachsite/monthly.py, ledger_git.py)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, Project

from coachsite.errors import CoachError
from coachsite.ledger_git import merge_ledgers
from coachsite.monthly import add_months, month_status, send_at

NEW_YORK = ZoneInfo("America/New_York")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("now", "send_time", "expected"),
    [
        ("2026-05-01 08:00", "09:00", "2026-05-01 09:00"),
        ("2026-05-01 08:44:59", "09:00", "2026-05-01 09:00"),
        ("2026-05-01 08:50", "09:00", "2026-05-02 09:00"),  # too close: the next morning
        ("2026-03-08 01:00", "09:00", "2026-03-08 09:00"),  # the day clocks go forward
        ("2026-10-31 23:59", "00:15", "2026-11-01 00:15"),  # the month and DST both end
        ("2026-05-01 08:00", "now", None),
        ("2026-05-01 08:00", "", None),
    ],
)
def test_send_at_is_the_next_quarter_hour_slot(now: str, send_time: str, expected) -> None:
    assert send_at(at(now), send_time) == expected


@pytest.mark.parametrize("send_time", ["9:00", "09:05", "25:00", "noon"])
def test_send_at_refuses_what_mailchimp_cannot_schedule(send_time: str) -> None:
    with pytest.raises(CoachError, match="quarter hour"):
        send_at(at("2026-05-01 08:00"), send_time)


def test_months_roll_over_the_year() -> None:
    assert add_months(dt.date(2026, 11, 1), 2) == dt.date(2027, 1, 1)
    assert add_months(dt.date(2027, 1, 1), -1) == dt.date(2026, 12, 1)


def test_month_status_reads_only_the_month_asked(tmp_path: Path) -> None:
    (tmp_path / "content/specials").mkdir(parents=True)
    (tmp_path / "content/specials/2026-06.md").write_text("Title: June\n", encoding="utf-8")
    june = month_status(tmp_path, dt.date(2026, 6, 9), ledger={"2026-06": {"status": "save"}})
    assert (june.month, june.has_special, june.ready, june.campaign_status) == (
        "2026-06",
        True,
        True,
        "save",
    )
    july = month_status(tmp_path, dt.date(2026, 6, 9), "2026-07")
    assert (july.has_special, july.ready, july.site_date) == (False, False, dt.date(2026, 7, 1))


def record(status: str, updated: str, **more: str) -> dict[str, str]:
    return {"campaign_id": "c1", "status": status, "updated_at": updated, **more}


def test_merge_keeps_the_other_months_and_never_goes_back() -> None:
    base = {"2026-04": record("save", "2026-04-01T12:00:00+00:00")}
    ours = {  # this run pushed May's draft; its April is the stale one it started from
        **base,
        "2026-05": record("save", "2026-05-01T12:00:00+00:00"),
    }
    theirs = {"2026-04": record("sent", "2026-04-05T13:00:00+00:00")}  # sent meanwhile
    assert merge_ledgers(base, ours, theirs) == {
        "2026-04": theirs["2026-04"],
        "2026-05": ours["2026-05"],
    }


def test_merge_of_a_month_changed_on_both_sides_keeps_the_furthest_along() -> None:
    base = {"2026-05": record("save", "2026-05-01T12:00:00+00:00")}
    ours = {"2026-05": record("save", "2026-05-02T12:00:00+00:00", content_hash="new")}
    theirs = {"2026-05": record("schedule", "2026-05-01T18:00:00+00:00")}
    assert merge_ledgers(base, ours, theirs) == theirs
    later = {"2026-05": record("save", "2026-05-03T12:00:00+00:00", content_hash="newer")}
    assert merge_ledgers(base, ours, later) == later  # equally far: the one updated last


# invoke commit-ledger, against a local bare repository ------------------------------------


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def identify(repo: Path) -> None:
    git(repo, "config", "user.name", "Coach")
    git(repo, "config", "user.email", "coach@example.com")


@pytest.fixture
def runner(project: Project, tmp_path: Path) -> Project:
    """The project as a workflow checks it out: a clone of ``origin`` (a bare repository)."""
    shutil.copytree(ROOT / "campaign", project.root / "campaign", dirs_exist_ok=True)
    project.write("newsletter/ledger.json", json.dumps({"2026-04": record("sent", "t0")}))
    git(project.root, "init", "-q", "-b", "main")
    identify(project.root)
    git(project.root, "add", ".")
    git(project.root, "commit", "-q", "-m", "The site")
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "origin.git")
    git(project.root, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(project.root, "push", "-q", "origin", "main")
    return project


def origin_ledger(runner: Project) -> dict:
    return json.loads(git(runner.root, "show", "origin/main:newsletter/ledger.json"))


def test_commit_ledger_lands_on_the_latest_main_with_only_the_ledger(
    runner: Project, tmp_path: Path
) -> None:
    home = tmp_path / "home"  # meanwhile the coach pushed from home: a post and a ledger entry
    git(tmp_path, "clone", "-q", str(tmp_path / "origin.git"), str(home))
    identify(home)
    ledger = json.loads((home / "newsletter/ledger.json").read_text("utf-8"))
    ledger["2026-03"] = record("sent", "t1")
    (home / "newsletter/ledger.json").write_text(json.dumps(ledger), encoding="utf-8")
    (home / "content/pages/about.md").write_text("Title: About\n\nNew.\n", encoding="utf-8")
    git(home, "commit", "-q", "-am", "From home")
    git(home, "push", "-q", "origin", "main")
    home_commit = git(home, "rev-parse", "HEAD")

    ours = json.loads((runner.root / "newsletter/ledger.json").read_text("utf-8"))
    ours["2026-05"] = record("save", "t2")
    runner.write("newsletter/ledger.json", json.dumps(ours))
    runner.write("content/pages/privacy.md", "Title: Privacy\n\nNot to be committed.\n")
    result = runner.invoke("commit-ledger", "--message", "Newsletter 2026-05, draft")
    assert result.returncode == 0, result.stderr
    assert "committed" in result.stdout and "pushed it to origin" in result.stdout

    git(runner.root, "fetch", "-q", "origin")
    assert git(runner.root, "rev-parse", "origin/main~1") == home_commit
    changed = git(runner.root, "show", "--name-only", "--format=", "origin/main")
    assert changed == "newsletter/ledger.json"
    assert set(origin_ledger(runner)) == {"2026-03", "2026-04", "2026-05"}
    assert git(runner.root, "show", "origin/main:content/pages/about.md").endswith("New.")
    assert "Not to be committed" not in git(
        runner.root, "show", "origin/main:content/pages/privacy.md"
    )
    assert (
        git(runner.root, "log", "-1", "--format=%s", "origin/main") == "Newsletter 2026-05, draft"
    )

    again = runner.invoke("commit-ledger")
    assert again.returncode == 0, again.stderr
    assert "already has this ledger; nothing to commit." in again.stdout
    git(runner.root, "fetch", "-q", "origin")
    assert git(runner.root, "rev-list", "--count", "origin/main") == "3"


def test_commit_ledger_without_the_remote_is_one_clear_line(runner: Project) -> None:
    git(runner.root, "remote", "set-url", "origin", str(runner.root / "nowhere.git"))
    result = runner.invoke("commit-ledger")
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot fetch main from origin: ")
    assert "Traceback" not in result.stderr
