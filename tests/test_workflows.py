"""The GitHub Actions workflows: actionlint and zizmor clean, least privilege, pinned actions,
and nothing in them but the project's own make and invoke commands (tested here as tasks)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, Project

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^\s*- uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
# What a run: step may start with: the project's own commands (and, in the Debian container
# before the checkout, installing the tools that checking out and `make` need).
OWN_COMMANDS = ("make ", ".venv/bin/invoke ", "bash .ci/run", "apt-get ")


def tool(name: str) -> Path:
    """A checker installed from requirements-dev.txt: missing is a failure, never a skip."""
    path = BIN / name
    assert path.is_file(), f"{name} is missing: .venv/bin/pip install -r requirements-dev.txt"
    return path


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    command = [str(tool("actionlint")), "-no-color", "-shellcheck", str(tool("shellcheck"))]
    command += ["-pyflakes=", *map(str, files)]  # no Python in run: steps; shellcheck pinned
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    command = [str(tool("zizmor")), "--offline", "--no-progress", "--format", "json"]
    command += ["--min-severity", "medium", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_there_are_the_site_and_newsletter_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == ["newsletter.yml", "site.yml"]


def test_actionlint_passes_on_the_workflows() -> None:
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.head_commit.message }}"\n'
        "      - run: cd $UNQUOTED_DIR\n      - uses: actions/checkout@v9999\n        wiht: {}\n",
        encoding="utf-8",
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert "[expression]" in result.stdout or "[syntax-check]" in result.stdout
    assert "shellcheck" in result.stdout  # the pinned shellcheck did run


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    result = zizmor(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
    for path in WORKFLOWS:  # each file was read (a file zizmor cannot parse is only a warning)
        assert f"completed {path}" in result.stderr
    assert "failed to parse" not in result.stderr


def test_zizmor_does_find_injection(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    permissions: {}\n    steps:\n"
        '      - run: echo "${{ github.event.issue.title }}"\n',
        encoding="utf-8",
    )
    result = zizmor(bad)
    assert result.returncode != 0
    assert "template-injection" in {finding["ident"] for finding in json.loads(result.stdout)}


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_least_privilege_pinned_actions_and_one_run_at_a_time(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    for name, job in workflow["jobs"].items():
        assert job["permissions"], name
        assert job["timeout-minutes"] <= 60, name
    uses = [line for line in path.read_text("utf-8").splitlines() if "uses:" in line]
    assert uses and all(SHA_PIN.match(line) for line in uses), uses
    for step in steps(workflow):
        run = step.get("run", "")
        assert "${{" not in run, run  # values reach scripts through env:, never spliced in
        assert not run or run.lstrip().startswith(OWN_COMMANDS), run
        if "checkout" in step.get("uses", ""):
            assert "persist-credentials" in step["with"]
    text = path.read_text("utf-8")
    assert "echo $" not in text and "set -x" not in text  # no secret is ever printed
    assert all(
        m in {"COACH_TEST_EMAIL", "MAILCHIMP_API_KEY", "MAILCHIMP_AUDIENCE_ID"}
        for m in re.findall(r"secrets\.(\w+)", text)
    )


def test_the_site_is_tested_then_published_on_push_every_morning_and_by_hand() -> None:
    site = load(ROOT / ".github/workflows/site.yml")
    assert site["on"]["push"] == {"branches": ["main"]}
    assert site["on"]["schedule"] == [{"cron": "17 9 * * *"}]  # 05:17 EDT, 04:17 EST
    assert "workflow_dispatch" in site["on"]
    test, publish = site["jobs"]["test"], site["jobs"]["publish"]
    assert test["permissions"] == {"contents": "read"}
    assert test["container"]["image"].startswith("debian:")  # Debian's chromium, as .ci/run
    assert test["steps"][-1]["run"] == "bash .ci/run"
    assert any("actions/cache@" in step.get("uses", "") for step in test["steps"])
    assert publish["needs"] == "test"
    assert publish["permissions"] == {"contents": "write"}
    last = publish["steps"][-1]
    assert (last["run"], last["env"]) == (
        ".venv/bin/invoke publish",
        {"PUBLISH_TARGET": "gh-pages"},
    )
    setup = next(step for step in publish["steps"] if "setup-python" in step.get("uses", ""))
    assert setup["with"]["cache"] == "pip"


def test_the_newsletter_waits_for_the_coach_and_commits_only_the_ledger() -> None:
    news = load(ROOT / ".github/workflows/newsletter.yml")
    assert news["on"]["schedule"] == [{"cron": "23 12 1-28 * *"}]
    assert news["on"]["workflow_dispatch"]["inputs"]["month"]["type"] == "string"
    assert news["concurrency"] == {"group": "newsletter", "cancel-in-progress": False}
    prepare, send = news["jobs"]["prepare"], news["jobs"]["send"]
    assert "environment" not in prepare
    assert send["environment"] == "newsletter" and send["needs"] == "prepare"
    assert send["if"] == "needs.prepare.outputs.ready == 'true'"
    checkout = send["steps"][0]
    assert "actions/checkout@" in checkout["uses"] and checkout["with"]["ref"] == "main"
    runs = [step["run"] for step in steps(news) if "run" in step]
    assert '.venv/bin/invoke campaign --month "$MONTH" --push' in runs
    assert '.venv/bin/invoke campaign --month "$MONTH" --test-to "$COACH_TEST_EMAIL"' in runs
    assert '.venv/bin/invoke campaign --month "$MONTH" --schedule "$SEND_AT"' in runs
    assert '.venv/bin/invoke campaign --month "$MONTH" --send-now --yes' in runs
    for job in (prepare, send):
        commands = [step.get("run", "") for step in job["steps"]]
        assert commands[-1].startswith(".venv/bin/invoke commit-ledger ")
        assert "!cancelled()" in job["steps"][-1]["if"]
        build = next(step for step in job["steps"] if step.get("run") == "make build")
        assert build["env"]["SITE_DATE"].endswith("outputs.site_date }}")
    assert prepare["steps"][3]["env"]["DAY"].count("vars.NEWSLETTER_DAY") == 1
    assert send["steps"][3]["env"]["SEND_TIME"] == "${{ vars.NEWSLETTER_SEND_TIME }}"


def test_every_invoke_command_in_the_workflows_is_a_task() -> None:
    listed = subprocess.run(
        [str(BIN / "invoke"), "--list"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    tasks = {line.split()[0] for line in listed.splitlines()[1:] if line.strip()}
    used = {
        run.split()[1]
        for path in WORKFLOWS
        for step in steps(load(path))
        if (run := step.get("run", "")).startswith(".venv/bin/invoke ")
    }
    assert used == {"campaign", "commit-ledger", "month-status", "publish"}
    assert used <= tasks
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("install", "build"):
        assert f"\n{target}: $(VENV)/.installed\n" in makefile


# The tasks the newsletter workflow runs --------------------------------------------------


@pytest.fixture
def site(project: Project) -> Project:
    """The project copy with the campaign package, which tasks.py imports."""
    shutil.copytree(ROOT / "campaign", project.root / "campaign", dirs_exist_ok=True)
    return project


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text("utf-8").splitlines())


def test_month_status_without_a_special_does_nothing_and_says_so(
    site: Project, tmp_path: Path
) -> None:
    out = tmp_path / "github_output"
    result = site.invoke("month-status", site_date="2026-12-01", GITHUB_OUTPUT=str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "2026-12: no special (content/specials/2026-12.md does not exist): "
        "no newsletter that month; nothing to do.\n"
    )
    assert outputs(out) == {
        "month": "2026-12",
        "has_special": "false",
        "site_date": "2026-12-01",
        "ready": "false",
    }


def test_month_status_with_a_special_on_the_newsletter_day(site: Project, tmp_path: Path) -> None:
    out = tmp_path / "github_output"
    ready = site.invoke(
        "month-status", "--day", "3", site_date="2026-04-03", GITHUB_OUTPUT=str(out)
    )
    assert ready.returncode == 0, ready.stderr
    assert "2026-04: special content/specials/2026-04.md" in ready.stdout
    assert "Build the edition with SITE_DATE=2026-04-03." in ready.stdout
    assert outputs(out)["ready"] == "true" and outputs(out)["site_date"] == "2026-04-03"
    other_day = site.invoke("month-status", "--day", "1", site_date="2026-04-03")
    assert other_day.returncode == 0
    assert "Today is not the newsletter day (day 1); nothing to do." in other_day.stdout
    without = site.invoke("month-status", "--month", "2026-04", "--day", "", site_date="2026-04-03")
    assert "Build the edition" in without.stdout  # a dispatched run names no day


def test_month_status_of_a_coming_month_builds_as_of_its_first_day(
    site: Project, tmp_path: Path
) -> None:
    april = (site.root / "content/specials/2026-04.md").read_text("utf-8")
    site.write("content/specials/2027-01.md", april.replace("2026-04", "2027-01"))
    out = tmp_path / "github_output"
    result = site.invoke(
        "month-status", "--month", "2027-01", site_date="2026-12-20", GITHUB_OUTPUT=str(out)
    )
    assert result.returncode == 0, result.stderr
    assert outputs(out) == {
        "month": "2027-01",
        "has_special": "true",
        "site_date": "2027-01-01",
        "ready": "true",
    }


def test_month_status_stops_once_the_campaign_went_out(site: Project, tmp_path: Path) -> None:
    site.write("newsletter/ledger.json", '{"2026-04": {"campaign_id": "c1", "status": "sent"}}')
    out = tmp_path / "github_output"
    result = site.invoke(
        "month-status", "--month", "2026-04", "--send-time", "09:00", GITHUB_OUTPUT=str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "Its campaign is already sent (newsletter/ledger.json); nothing to do." in result.stdout
    assert outputs(out)["ready"] == "false"


def test_month_status_says_when_to_schedule(site: Project, tmp_path: Path) -> None:
    out = tmp_path / "github_output"
    at = site.invoke(
        "month-status", "--month", "2026-04", "--send-time", "09:00", GITHUB_OUTPUT=str(out)
    )
    assert at.returncode == 0, at.stderr
    assert re.fullmatch(r"\d{4}-\d\d-\d\d 09:00", outputs(out)["send_at"])
    assert "Schedule it for " in at.stdout and "(America/New_York)" in at.stdout
    now = site.invoke(
        "month-status", "--month", "2026-04", "--send-time", "", GITHUB_OUTPUT=str(out)
    )
    assert now.returncode == 0 and "Send it now." in now.stdout
    assert outputs(out)["send_at"] == "now"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--month", "2026-4"), "error: month '2026-4' is not a month; write it YYYY-MM"),
        (("--day", "31"), "error: the newsletter day '31' must be a day of the month from 1"),
        (("--send-time", "09:10"), "error: the send time '09:10' must be HH:MM on a quarter"),
    ],
)
def test_month_status_mistakes_are_one_clear_line(site: Project, args, message) -> None:
    result = site.invoke("month-status", *args)
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
