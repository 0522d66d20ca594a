"""Where the site is published: GitHub Pages (gh-pages branch), Netlify, Cloudflare Pages."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, Project

from coachsite.hosting import CSP_HEADER, HEADERS_FILE, header_rules, hosted_csp, strict_csp
from coachsite.publish import PublishError, blob_id, cname_for, without_password

DRAFT = """Title: Not Ready Yet
Date: 2026-03-01 09:00
Category: Job search
Slug: not-ready-yet
Summary: A draft.
Status: draft

Unfinished thoughts that must never reach the public branch.
"""


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def as_repository(project: Project, origin: Path | None) -> None:
    """Make the copy a git clone whose ``origin`` is a local bare repository."""
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "config", "user.name", "Coach")
    git(project.root, "config", "user.email", "coach@example.com")
    git(project.root, "add", ".")
    git(project.root, "commit", "-q", "-m", "The site")
    if origin is not None:
        git(origin.parent, "init", "-q", "--bare", origin.name)
        git(project.root, "remote", "add", "origin", str(origin))


def branch_files(origin: Path, branch: str = "gh-pages") -> dict[str, str]:
    listed = git(origin, "ls-tree", "-r", "-z", branch)
    entries = (entry.split("\t", 1) for entry in listed.split("\0") if entry)
    return {path: meta.split()[2] for meta, path in entries}


def test_gh_pages_gets_the_site_with_nojekyll_and_cname_and_no_drafts(
    project: Project, tmp_path: Path
) -> None:
    project.write("content/articles/2026-03-01-not-ready-yet.md", DRAFT)
    origin = tmp_path / "origin.git"
    as_repository(project, origin)

    dry = project.invoke("publish", "--dry-run", site_date=None, PUBLISH_TARGET="gh-pages")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run, nothing pushed. Would push:" in dry.stdout
    assert f"branch gh-pages of origin ({origin})" in dry.stdout
    assert "with .nojekyll and CNAME www.midlifecareerstrategy.com" in dry.stdout
    assert "gh-pages does not exist yet" in dry.stdout
    assert git(origin, "branch", "--list") == ""

    real = project.invoke("publish", site_date=None, PUBLISH_TARGET="gh-pages")
    assert real.returncode == 0, real.stderr
    assert "Pushed to gh-pages on origin." in real.stdout
    files = branch_files(origin)
    public = project.root / "public"  # the production build's own folder
    built = {
        path.relative_to(public).as_posix(): blob_id(path.read_bytes())
        for path in public.rglob("*")
        if path.is_file()
    }
    assert not project.output.exists()
    assert {"index.html", "posts/pseudo-interviews/index.html", "_headers"} <= set(built)
    cname = blob_id(b"www.midlifecareerstrategy.com")
    assert files == {**built, ".nojekyll": blob_id(b""), "CNAME": cname}  # exactly the site
    assert git(origin, "show", "gh-pages:CNAME") == "www.midlifecareerstrategy.com"
    assert git(origin, "show", "gh-pages:.nojekyll") == ""
    assert not [path for path in files if path.startswith("drafts/") or "not-ready-yet" in path]
    index = git(origin, "show", "gh-pages:index.html")
    assert 'href="https://www.midlifecareerstrategy.com/' in index  # publishconf.py
    assert "Not Ready Yet" not in index
    assert git(project.root, "branch", "--show-current").strip() == "main"  # left as it was

    again = project.invoke("publish", site_date=None, PUBLISH_TARGET="gh-pages")
    assert again.returncode == 0, again.stderr
    assert "gh-pages already holds exactly this site" in again.stdout
    assert "Nothing to push." in again.stdout
    assert git(origin, "rev-list", "--count", "gh-pages").strip() == "1"

    page = project.root / "content/pages/about.md"
    page.write_text(page.read_text("utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    changed = project.invoke("publish", site_date=None, PUBLISH_TARGET="gh-pages")
    assert changed.returncode == 0, changed.stderr
    assert "  changed: about/index.html" in changed.stdout
    assert git(origin, "rev-list", "--count", "gh-pages").strip() == "2"  # history kept
    assert "One more sentence." in git(origin, "show", "gh-pages:about/index.html")


def test_gh_pages_without_an_origin_says_what_to_add(project: Project) -> None:
    as_repository(project, origin=None)
    result = project.invoke("publish", "--dry-run", site_date=None, PUBLISH_TARGET="gh-pages")
    assert result.returncode == 1
    assert "this clone has no git remote 'origin'" in result.stderr
    assert "git remote add origin https://github.com/USER/REPOSITORY.git" in result.stderr
    assert "Traceback" not in result.stderr


def test_gh_pages_with_an_unreachable_origin_is_one_clear_line(
    project: Project, tmp_path: Path
) -> None:
    as_repository(project, origin=None)
    git(project.root, "remote", "add", "origin", str(tmp_path / "nowhere.git"))
    result = project.invoke("publish", site_date=None, PUBLISH_TARGET="gh-pages")
    assert result.returncode == 1
    assert "error: cannot reach the git remote 'origin'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "cname"),
    [
        ("https://www.midlifecareerstrategy.com", "www.midlifecareerstrategy.com"),
        ("https://Coach.Example/", "coach.example"),
        ("https://someone.github.io/site/", None),
        ("https://someone.github.io", None),
    ],
)
def test_cname_is_the_public_address_host(url: str, cname: str | None) -> None:
    assert cname_for(url) == cname


@pytest.mark.parametrize("url", ["", "www.example.com", "https://coach.example/blog/"])
def test_cname_refuses_what_github_pages_cannot_serve(url: str) -> None:
    with pytest.raises(PublishError, match="SITE_PUBLIC_URL"):
        cname_for(url)


def test_remote_addresses_are_printed_without_a_token() -> None:
    assert without_password("https://x:secret@github.com/a/b.git") == "https://github.com/a/b.git"
    assert without_password("https://secret@github.com/a/b.git") == "https://github.com/a/b.git"
    assert without_password("git@github.com:a/b.git") == "git@github.com:a/b.git"
    assert without_password("/srv/site.git") == "/srv/site.git"


# Netlify and Cloudflare Pages ------------------------------------------------------------


def test_the_hosted_policy_is_the_one_the_browser_tests_check() -> None:
    from browser.test_strict_csp import CSP, SEARCH_CSP

    assert hosted_csp() == SEARCH_CSP
    assert strict_csp() == CSP
    assert CSP == "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
    wasm = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
    assert wasm == SEARCH_CSP
    assert "unsafe-inline" not in SEARCH_CSP


def matches(pattern: str, path: str) -> bool:
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def test_headers_file_sets_each_header_once_per_path_and_caches_theme_and_search(
    april_site: Project,
) -> None:
    rules = header_rules(HEADERS_FILE.read_text("utf-8"))
    assert (april_site.output / "_headers").read_bytes() == HEADERS_FILE.read_bytes()
    samples = [
        path.relative_to(april_site.output).as_posix()
        for path in april_site.output.rglob("*")
        if path.is_file()
    ]
    for sample in ["/", *(f"/{path}" for path in samples)]:
        names = [
            name for pattern, hdrs in rules.items() if matches(pattern, sample) for name in hdrs
        ]
        assert len(names) == len(set(names)), f"{sample}: {names}"  # hosts would join values
        assert CSP_HEADER in names
    cached = {
        sample: value
        for sample in samples
        for pattern, hdrs in rules.items()
        if matches(pattern, "/" + sample) and (value := hdrs.get("Cache-Control"))
    }
    assert cached["theme/css/site.css"] == "public, max-age=3600"
    index = [path for path in samples if path.startswith("pagefind/index/")]
    fragments = [path for path in samples if path.startswith("pagefind/fragment/")]
    assert index and fragments
    for path in index + fragments:
        assert cached[path] == "public, max-age=31536000, immutable"
    assert "pagefind/pagefind-entry.json" not in cached  # names the current index: revalidated


def test_header_rules_refuse_a_header_outside_a_path() -> None:
    with pytest.raises(ValueError, match="_headers:1"):
        header_rules("  X-Frame-Options: DENY\n")
    assert header_rules("# note\n/a/*\n  A: 1\n  B: x: y\n") == {"/a/*": {"A": "1", "B": "x: y"}}


def test_netlify_and_cloudflare_build_the_checked_production_site() -> None:
    config = tomllib.loads((ROOT / "netlify.toml").read_text("utf-8"))
    assert config["build"]["command"] == "make production"
    assert config["build"]["publish"] == "public"  # OUTPUT_PATH in publishconf.py
    python = (ROOT / ".python-version").read_text("utf-8").strip()
    assert config["build"]["environment"]["PYTHON_VERSION"] == python
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "\nproduction: $(VENV)/.installed\n\t$(BIN)/invoke production\n" in makefile


def test_production_is_the_production_build_with_publish_checks(project: Project) -> None:
    good = project.invoke("production", site_date=None)
    assert good.returncode == 0, good.stderr
    assert "Checked public/: no broken links" in good.stdout
    public = project.root / "public"
    assert (public / "_headers").is_file()
    index = (public / "index.html").read_text("utf-8")
    assert 'href="https://www.midlifecareerstrategy.com/theme/css/site.css"' in index
    assert not project.output.exists()
    # As of April 10th the site advertises April's special, which has ended by now.
    stale = project.invoke("production", site_date="2026-04-10")
    assert stale.returncode == 1
    assert "expired special still shown" in stale.stderr
