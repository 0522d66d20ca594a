"""The email against "Can I email" (plugins/coach_newsletter/compat.py) and Gmail's 16 KB CSS limit.

Tests that need Node and ``npm ci``'s node_modules/ skip without them, with a warning in the
summary; with REQUIRE_BROWSER_TESTS=1 (.ci/run) they fail instead.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.support import unavailable
from conftest import ROOT, Project, copy_project

from coach_newsletter import compat
from coach_newsletter.compat import (
    ALLOWED,
    PREHEADER_ALLOWED,
    Checker,
    compat_problems,
    split_preheader,
    unsupported_lines,
)
from coach_newsletter.email_steps import MAX_STYLE_BYTES, UNSUBSCRIBE_TAG, email_problems
from coachsite.errors import CoachError

SPECIAL = "Title: April special\nMonth: 2026-04\nOffer: Offer.\n\n{body}\n"
MAY = "Title: May special\nMonth: 2026-05\nOffer: A May offer.\n\nBody.\n"
VIDEO = (
    "`<video> element` is not supported by gmail.desktop-webmail, gmail.ios, gmail.android, "
    "gmail.mobile-webmail, outlook.windows, outlook.windows-mail, outlook.ios, outlook.android, "
    "yahoo.desktop-webmail, yahoo.ios, yahoo.android"
)
POSITION = (
    "`position` is not supported by gmail.desktop-webmail, gmail.ios, gmail.android, "
    "gmail.mobile-webmail, outlook.windows, outlook.windows-mail, outlook.ios"
)


class EmailCheckSkipped(UserWarning):
    """Shown in pytest's warnings summary: the email compatibility check was not tested."""


@pytest.fixture(scope="module")
def checker() -> Iterator[Checker]:
    """The real check (Node + @jsx-email/doiuse-email from this project's node_modules/)."""
    found = Checker(ROOT)
    if found.missing:
        reason = (
            f"email compatibility check NOT tested: {found.missing} "
            "(apt-get install -y nodejs npm, then npm ci)"
        )
        warnings.warn(reason, EmailCheckSkipped, stacklevel=1)
        unavailable(reason)
    with found:
        yield found


def with_node_modules(site: Project) -> Project:
    """The copy uses this project's node_modules/ (``npm ci``), as the real one would."""
    (site.root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return site


@pytest.fixture(scope="module")
def demo(checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list]:
    """The demo site built with SITE_DATE=2026-04-10, the check running in the build."""
    site = with_node_modules(copy_project(tmp_path_factory.mktemp("compat") / "site"))
    report = site.build(site_date="2026-04-10")
    return site, report.warnings


def email_html(site: Project, month: str = "2026-04") -> str:
    return (site.root / "build" / "newsletter" / month / "email.html").read_text("utf-8")


def test_the_demo_email_passes(checker: Checker, demo: tuple[Project, list]) -> None:
    site, build_warnings = demo
    html = email_html(site)
    assert not [w for w in build_warnings if "compatibility" in w]
    # The build ran the check: its answers are in the build cache.
    (memo,) = site.root.glob("cache/*/email-compat.json")
    assert len(json.loads(memo.read_text("utf-8"))) == 2  # the email and its preheader
    assert compat_problems(html, checker) == []
    # It passes because of the allow-lists, not because nothing was found.
    body, preheader = split_preheader(html)
    body_features = {feature for feature, _ in checker.unsupported(body)}
    assert body_features == {"@media", "<body> element", "border-radius", "role attribute"}
    assert body_features <= set(ALLOWED)
    preheader_features = {feature for feature, _ in checker.unsupported(preheader)}
    assert preheader_features == {"display:none", "overflow", "opacity"}
    assert preheader_features <= set(PREHEADER_ALLOWED)


def test_an_unsupported_feature_names_it_and_the_clients(checker: Checker) -> None:
    html = '<p>Hi</p><video src="https://cdn.example/v.mp4" controls></video>'
    html += '<div style="position: fixed; top: 0">Banner</div>'
    (problem,) = compat_problems(html, checker)
    intro, *lines = problem.split("\n  ")
    assert "email clients do not support" in intro
    assert lines == [VIDEO, POSITION]


def test_an_unsupported_feature_in_the_special_fails_the_build(
    checker: Checker, project: Project
) -> None:
    site = with_node_modules(project)
    site.build()
    email = site.root / "build" / "newsletter" / "2026-04" / "email.html"
    before = email.read_bytes(), (site.output / "index.html").read_bytes()
    video = '<video src="https://cdn.example/v.mp4" controls></video>'
    site.write("content/specials/2026-04.md", SPECIAL.format(body=f"Watch this.\n\n{video}\n"))
    with pytest.raises(CoachError) as caught:
        site.build()
    message = str(caught.value)
    assert message.startswith("content/specials/2026-04.md: the April 2026 newsletter cannot")
    assert f"\n  {VIDEO}" in message
    assert (email.read_bytes(), (site.output / "index.html").read_bytes()) == before


def test_allow_listed_features_do_not_fail(checker: Checker) -> None:
    html = (
        "<html><head><style>@media (max-width: 600px) { .pad { padding: 8px !important; } }"
        '</style></head><body><table role="presentation"><tr>'
        '<td class="pad" style="border-radius: 6px; background: #1d5c63">'
        '<a href="https://example.com/">Book</a></td></tr></table></body></html>'
    )
    found = checker.unsupported(html)
    assert {("@media", "outlook.windows"), ("border-radius", "outlook.windows")} <= found
    assert {feature for feature, _ in found} <= set(ALLOWED)
    assert compat_problems(html, checker) == []


def test_hiding_is_allowed_in_the_preheader_only(checker: Checker) -> None:
    preheader = '<div class="preheader" style="display:none;overflow:hidden;opacity:0">Hi</div>'
    assert compat_problems(f"<p>Body</p>{preheader}", checker) == []
    (problem,) = compat_problems('<p style="display:none">Hidden</p>', checker)
    assert problem.endswith("\n  `display:none` is not supported by gmail.mobile-webmail")


def test_answers_are_reused_from_the_build_cache(
    checker: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "email-compat.json"
    html = '<video src="https://cdn.example/v.mp4"></video>'
    with Checker(ROOT, memo) as first:
        expected = first.unsupported(html)

    def no_node(*args: object, **kwargs: object) -> None:
        raise AssertionError("Node started although the answer was in the cache")

    monkeypatch.setattr(compat.subprocess, "Popen", no_node)
    with Checker(ROOT, memo) as second:
        assert second.unsupported(html) == expected
    assert ("<video> element", "gmail.ios") in expected


@pytest.mark.parametrize("missing", ["node", "package"])
def test_without_node_or_the_package_the_build_warns_once(
    project: Project, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    """Two editions, one warning; the emails are still written."""
    if missing == "node":
        with_node_modules(project)
        monkeypatch.setattr(compat, "node_binary", lambda: None)
        words = "Node is not installed"
    else:
        words = "@jsx-email/doiuse-email is not installed"
    project.write("content/specials/2026-05.md", MAY)
    report = project.build(site_date="2026-05-10")
    skipped = [w for w in report.warnings if "compatibility check" in w]
    assert len(skipped) == 1
    assert words in skipped[0] and "npm ci" in skipped[0]
    assert email_html(project, "2026-04") and email_html(project, "2026-05")


def test_problem_lines_group_clients_by_feature_in_a_fixed_order() -> None:
    pairs = [("b", "yahoo.ios"), ("a", "outlook.windows"), ("b", "gmail.ios"), ("a", "gmail.ios")]
    assert unsupported_lines(pairs) == [
        "`a` is not supported by gmail.ios, outlook.windows",
        "`b` is not supported by gmail.ios, yahoo.ios",
    ]


def test_split_preheader() -> None:
    html = '<body><div class="x preheader" style="display:none">Preview</div><p>Hi</p></body>'
    assert split_preheader(html) == (
        "<body><p>Hi</p></body>",
        '<div class="x preheader" style="display:none">Preview</div>',
    )
    assert split_preheader("<p>No preheader</p>") == ("<p>No preheader</p>", "")


def email_with_styles(*sizes: int) -> str:
    """A sendable email whose <style> blocks hold ``sizes`` bytes of CSS."""
    blocks = "".join(f"<style>{css(size)}</style>" for size in sizes)
    return f'<html><head>{blocks}</head><body><a href="{UNSUBSCRIBE_TAG}">Unsubscribe</a></body>'


def css(size: int) -> str:
    rule = ".a{color:#000}"
    text = (rule * (size // len(rule) + 1))[:size]
    assert len(text.encode()) == size
    return text


def style_problems(html: str, tmp_path: Path) -> list[str]:
    return [p for p in email_problems(html, "Subject", "https://x", tmp_path) if "<style>" in p]


def test_style_blocks_under_16_kb_pass(tmp_path: Path) -> None:
    assert style_problems(email_with_styles(MAX_STYLE_BYTES - 1), tmp_path) == []
    assert style_problems(email_with_styles(8 * 1024, 8 * 1024 - 1), tmp_path) == []


@pytest.mark.parametrize("sizes", [(MAX_STYLE_BYTES,), (16 * 1024 + 500,), (9 * 1024, 8 * 1024)])
def test_style_blocks_of_16_kb_or_more_fail(tmp_path: Path, sizes: tuple[int, ...]) -> None:
    (problem,) = style_problems(email_with_styles(*sizes), tmp_path)
    assert problem.startswith(f"the email's <style> blocks are {sum(sizes) / 1024:.1f} KB;")
    assert "Gmail drops them from 16 KB on" in problem


def test_the_style_size_check_fails_the_build(project: Project) -> None:
    """Through the template, as a coach's theme edit would; no Node needed."""
    template = project.root / "theme" / "templates" / "email" / "specials.html"
    rules = "".join(f"  .x{n} {{ color: #000 !important; }}\n" for n in range(700))
    big = f"@media (max-width: 620px) {{\n{rules}}}\n"
    template.write_text(template.read_text("utf-8").replace("</style>", big + "</style>"))
    with pytest.raises(CoachError) as caught:
        project.build()
    assert "<style> blocks are" in str(caught.value) and "Gmail drops them" in str(caught.value)
