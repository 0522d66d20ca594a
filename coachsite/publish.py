"""GitHub Pages: the built site on the ``gh-pages`` branch of ``origin``, pushed with ghp-import.

``PUBLISH_TARGET=gh-pages make publish`` builds and checks the production site in ``public/``
(tasks.py), then :func:`publish_gh_pages` compares it with what the branch holds, says what
changes, and (unless it is a dry run, or nothing changed) runs ghp-import's own command line:
``ghp-import --no-jekyll --cname HOST --push --remote origin --branch gh-pages public``.
ghp-import writes one commit on top of the remote branch (it starts from ``origin/gh-pages``,
which is fetched first), so the push is a fast-forward and the branch keeps its history.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from coachsite.errors import CoachError

GH_PAGES = "gh-pages"  # the PUBLISH_TARGET value that selects GitHub Pages, and the branch
REMOTE = "origin"
SHOWN = 20  # file names listed per kind of change


class PublishError(CoachError):
    """Publishing cannot go ahead: what is wrong and what to do."""


def cname_for(site_url: str) -> str | None:
    """The custom domain for GitHub Pages' ``CNAME`` file: ``SITE_PUBLIC_URL``'s host.

    None for an address on ``github.io`` itself, which GitHub serves without a CNAME (and
    which may carry the repository's name as a path).
    """
    parts = urlsplit(site_url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise PublishError(
            f"SITE_PUBLIC_URL={site_url!r} is not a web address; set it to the site's "
            "address, e.g. https://www.example.com",
            "pelicanconf.py",
        )
    if host == "github.io" or host.endswith(".github.io"):
        return None
    if parts.path.strip("/"):
        raise PublishError(
            f"SITE_PUBLIC_URL={site_url!r} has a path; GitHub Pages serves a custom domain "
            "at its root, so set it to https://HOST/ only",
            "pelicanconf.py",
        )
    return host


def blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def site_tree(output: Path, cname: str | None) -> dict[str, str]:
    """Path -> blob id of everything ghp-import will put on the branch."""
    tree: dict[str, str] = {}
    for folder, _, names in os.walk(output):  # as ghp-import walks it: links to folders skipped
        for name in names:
            path = Path(folder) / name
            tree[path.relative_to(output).as_posix()] = blob_id(path.read_bytes())
    tree[".nojekyll"] = blob_id(b"")
    if cname is not None:
        tree["CNAME"] = blob_id(cname.encode())  # ghp-import writes the name, no newline
    return tree


@dataclass(frozen=True)
class PagesPlan:
    """What pushing the built site (``public/``) would change on the branch."""

    remote_url: str
    branch: str
    cname: str | None
    files: int
    branch_exists: bool
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return self.branch_exists and not (self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        where = f"branch {self.branch} of {REMOTE} ({self.remote_url})"
        cname = f"CNAME {self.cname}" if self.cname else "no CNAME (a github.io address)"
        head = [f"{self.files} files for {where}, with .nojekyll and {cname}"]
        if not self.branch_exists:
            return [*head, f"{self.branch} does not exist yet: the first push creates it"]
        if self.up_to_date:
            return [*head, f"{self.branch} already holds exactly this site"]
        out = head
        for label, names in (("new", self.added), ("changed", self.changed)):
            out += [f"  {label}: {name}" for name in names[:SHOWN]]
            if len(names) > SHOWN:
                out.append(f"  ... and {len(names) - SHOWN} more {label}")
        out += [f"  removed: {name}" for name in self.removed[:SHOWN]]
        if len(self.removed) > SHOWN:
            out.append(f"  ... and {len(self.removed) - SHOWN} more removed")
        counts = f"{len(self.added)} new, {len(self.changed)} changed, {len(self.removed)} removed"
        return [*out, counts]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=600
    )


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def without_password(url: str) -> str:
    """``url`` safe to print: a token written into a remote's address is left out."""
    parts = urlsplit(url)
    if parts.password is None and "@" not in parts.netloc:
        return url
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def remote_url(root: Path, remote: str = REMOTE) -> str:
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise PublishError(
            f"{root} is not a git repository; publishing on GitHub Pages pushes from a clone "
            "of the site's repository"
        )
    found = _git(root, "remote", "get-url", remote)
    if found.returncode != 0:
        raise PublishError(
            f"this clone has no git remote {remote!r}; add the GitHub repository: "
            f"git remote add {remote} https://github.com/USER/REPOSITORY.git"
        )
    return found.stdout.strip()


def fetch_branch(root: Path, remote: str, branch: str) -> bool:
    """Bring ``remote``'s ``branch`` up to date locally; False if the remote has none."""
    listed = _git(root, "ls-remote", "--heads", remote, branch)
    if listed.returncode != 0:
        raise PublishError(f"cannot reach the git remote {remote!r}: {_last_line(listed.stderr)}")
    if not listed.stdout.strip():
        return False
    ref = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    fetched = _git(root, "fetch", "--quiet", "--no-tags", remote, ref)
    if fetched.returncode != 0:
        raise PublishError(f"cannot fetch {branch} from {remote!r}: {_last_line(fetched.stderr)}")
    return True


def branch_tree(root: Path, ref: str) -> dict[str, str]:
    listed = _git(root, "ls-tree", "-r", "-z", ref)
    if listed.returncode != 0:
        raise PublishError(f"cannot read {ref}: {_last_line(listed.stderr)}")
    tree = {}
    for entry in filter(None, listed.stdout.split("\0")):
        meta, path = entry.split("\t", 1)
        tree[path] = meta.split()[2]
    return tree


def plan(root: Path, output: Path, site_url: str, branch: str = GH_PAGES) -> PagesPlan:
    """Compare the built site with ``branch`` on ``origin`` (fetched first)."""
    cname = cname_for(site_url)
    url = without_password(remote_url(root))
    ours = site_tree(output, cname)
    if not fetch_branch(root, REMOTE, branch):
        return PagesPlan(url, branch, cname, len(ours), False, sorted(ours))
    theirs = branch_tree(root, f"refs/remotes/{REMOTE}/{branch}")
    return PagesPlan(
        url,
        branch,
        cname,
        len(ours),
        True,
        added=sorted(set(ours) - set(theirs)),
        changed=sorted(p for p in ours if p in theirs and ours[p] != theirs[p]),
        removed=sorted(set(theirs) - set(ours)),
    )


def push(root: Path, output: Path, pages: PagesPlan, message: str) -> None:
    """Commit the built site onto the branch with ghp-import and push it to ``origin``."""
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--message", message]
    if pages.cname:
        command += ["--cname", pages.cname]
    command += ["--push", "--remote", REMOTE, "--branch", pages.branch, str(output)]
    done = subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False, timeout=1800
    )
    if done.returncode != 0:
        raise PublishError(
            f"ghp-import could not push {pages.branch} to {REMOTE} ({pages.remote_url}): "
            f"{_last_line(done.stderr or done.stdout)}"
        )


def publish_gh_pages(
    root: Path, output: Path, site_url: str, *, dry_run: bool, message: str
) -> list[str]:
    """Push the built site to GitHub Pages' branch; returns what to print, line by line."""
    pages = plan(root, output, site_url)
    lines = pages.lines()
    if dry_run:
        return ["Dry run, nothing pushed. Would push:", *lines]
    if pages.up_to_date:
        return [*lines, "Nothing to push."]
    push(root, output, pages, message)
    return [*lines, f"Pushed to {pages.branch} on {REMOTE}."]
