"""``invoke commit-ledger``: commit ``newsletter/ledger.json`` onto the latest main and push it.

A workflow run checks out main, pushes a campaign to Mailchimp (which updates the ledger),
then must commit the ledger back without ever putting an older ledger over a newer one: main
may have moved since the checkout (the coach ran a command at home, or another job committed
first). So the commit is made on top of the remote branch as it is *now*, holding only the
ledger, merged month by month with what the remote has:

- a month this run did not change keeps the remote's record;
- a month only this run changed gets this run's record;
- a month both changed keeps the record furthest along (sent > sending > schedule > draft),
  and of two equally far the one updated last.

If the push is refused because main moved again meanwhile, it starts over (a few times).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coachsite.errors import CoachError

LEDGER = "newsletter/ledger.json"
ATTEMPTS = 3
PROGRESS = {"save": 0, "paused": 0, "schedule": 1, "sending": 2, "sent": 3}

Record = Mapping[str, Any]


class LedgerCommitError(CoachError):
    """The ledger could not be committed; what to do."""


def _rank(record: Record | None) -> tuple[int, str]:
    if record is None:
        return (-1, "")
    return (PROGRESS.get(str(record.get("status")), 0), str(record.get("updated_at", "")))


def merge_ledgers(
    base: Mapping[str, Record], ours: Mapping[str, Record], theirs: Mapping[str, Record]
) -> dict[str, Record]:
    """Three-way merge by month: ``base`` is what this run started from."""
    merged: dict[str, Record] = {}
    for month in sorted(set(base) | set(ours) | set(theirs)):
        old, mine, remote = base.get(month), ours.get(month), theirs.get(month)
        if mine == old:
            chosen = remote
        elif remote == old:
            chosen = mine
        else:
            chosen = max((mine, remote), key=_rank)
        if chosen is not None:
            merged[month] = chosen
    return merged


def ledger_text(ledger: Mapping[str, Record]) -> str:
    """The file's text, formatted as campaign/ledger.py writes it."""
    return json.dumps(ledger, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _git(
    root: Path, *args: str, stdin: str | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=root,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def _must(done: subprocess.CompletedProcess[str], what: str) -> str:
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise LedgerCommitError(f"{what}: {lines[-1].strip() if lines else 'git failed'}")
    return done.stdout.strip()


def _ledger_at(root: Path, ref: str) -> dict[str, Record]:
    shown = _git(root, "show", f"{ref}:{LEDGER}")
    if shown.returncode != 0:
        return {}  # no ledger in that commit yet
    try:
        data = json.loads(shown.stdout)
    except json.JSONDecodeError as err:
        raise LedgerCommitError(f"{LEDGER} in {ref} is not valid JSON ({err.msg})") from None
    return data if isinstance(data, dict) else {}


def _read(path: Path) -> dict[str, Record]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as err:
        raise LedgerCommitError(f"not valid JSON ({err.msg})", path, err.lineno) from None
    if not isinstance(data, dict):
        raise LedgerCommitError("must map months to records", path)
    return data


def _commit_on(root: Path, parent: str, text: str, message: str) -> str:
    """A commit whose tree is ``parent``'s with only the ledger replaced by ``text``."""
    blob = _must(_git(root, "hash-object", "-w", "--stdin", stdin=text), "cannot store the ledger")
    with tempfile.TemporaryDirectory() as scratch:
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _must(_git(root, "read-tree", parent, env=index), f"cannot read {parent}")
        entry = f"100644,{blob},{LEDGER}"
        _must(_git(root, "update-index", "--add", "--cacheinfo", entry, env=index), "git index")
        tree = _must(_git(root, "write-tree", env=index), "cannot write the tree")
    made = _git(root, "commit-tree", tree, "-p", parent, "-m", message)
    return _must(made, "cannot commit (set git's user.name and user.email)")


def commit_ledger(root: Path, message: str, remote: str = "origin", branch: str = "main") -> str:
    """Commit this run's ledger onto ``remote``'s ``branch`` and push; says what it did."""
    path = root / LEDGER
    base = _ledger_at(root, "HEAD")
    ours = _read(path)
    tracking = f"refs/remotes/{remote}/{branch}"
    for _ in range(ATTEMPTS):
        fetch = _git(
            root, "fetch", "--quiet", "--no-tags", remote, f"+refs/heads/{branch}:{tracking}"
        )
        _must(fetch, f"cannot fetch {branch} from {remote}")
        parent = _must(_git(root, "rev-parse", tracking), f"no {branch} on {remote}")
        theirs = _ledger_at(root, parent)
        merged = merge_ledgers(base, ours, theirs)
        text = ledger_text(merged)
        if merged == theirs:
            path.write_text(text, encoding="utf-8")
            return f"{LEDGER}: {branch} on {remote} already has this ledger; nothing to commit."
        commit = _commit_on(root, parent, text, message)
        pushed = _git(root, "push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
        if pushed.returncode == 0:
            path.write_text(text, encoding="utf-8")
            return f"{LEDGER}: committed {commit[:12]} onto {branch} and pushed it to {remote}."
        if "rejected" not in pushed.stderr and "fetch first" not in pushed.stderr:
            _must(pushed, f"cannot push to {remote}")
    raise LedgerCommitError(
        f"{branch} on {remote} kept moving while committing {LEDGER}; run the command again"
    )
