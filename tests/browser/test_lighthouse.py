"""Lighthouse 12 (npm, pinned in package-lock.json) in mobile emulation, with Debian's
chromium: Performance, Accessibility, Best Practices and SEO are 100 on home, an article with
a photo, the consultation page and the specials page (issue 15).

The site is the April site with a phone photo leading the post (tests/browser/conftest.py),
read after April: the expired special is hidden before the first paint. Each page's scores,
its Lighthouse report and its final screenshot go to test-artifacts/screenshots/. Lighthouse
times a simulated slow phone from the page's real trace: a page that falls short of 100 on
Performance alone is measured a second time (a busy machine can stretch one trace); both
runs' scores are written down.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess

import pytest

from .support import ARTIFACTS, CHROMIUM, ROOT, unavailable

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = [
    ("home", "/"),
    ("article-with-photo", "/posts/pseudo-interviews/"),
    ("consultation", "/work-with-me/"),
    ("specials", "/specials/"),
]
OUT = ARTIFACTS / "screenshots"


def lighthouse(url: str, name: str) -> dict:
    """One Lighthouse run (mobile, simulated throttling): the report as a dict."""
    if not CHROMIUM.exists():
        unavailable("Debian's chromium is not installed (apt-get install -y chromium)")
    if shutil.which("node") is None or not LIGHTHOUSE.exists():
        unavailable("Lighthouse is not installed: run `npm ci` (needs node and npm from Debian)")
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / f"lighthouse-{name}.report.json"
    done = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(report.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, int]:
    return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}


def below_full(report: dict) -> list[str]:
    """The scored audits that did not pass, for the failure message."""
    failed = []
    for key in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                failed.append(f"{key}: {ref['id']} {audit['score']} {shown}")
    return failed


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_lighthouse_gives_four_100s(photo_site: str, name: str, path: str) -> None:
    runs = [lighthouse(photo_site + path, name)]
    if scores(runs[0])["performance"] < 100 and all(
        value == 100 for key, value in scores(runs[0]).items() if key != "performance"
    ):
        runs.append(lighthouse(photo_site + path, name))
    final = runs[-1]
    shot = final["audits"].get("final-screenshot", {}).get("details", {}).get("data", "")
    if shot.startswith("data:image/jpeg;base64,"):
        (OUT / f"lighthouse-{name}.jpg").write_bytes(base64.b64decode(shot.split(",", 1)[1]))
    summary = {"page": path, "runs": [scores(run) for run in runs]}
    (OUT / f"lighthouse-{name}.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    assert scores(final) == dict.fromkeys(CATEGORIES, 100), below_full(final)
    assert final["lighthouseVersion"] == "12.2.3"
    assert final["configSettings"]["formFactor"] == "mobile"
