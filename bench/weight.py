"""Page weight per page type: HTML, CSS and JS gzipped, against the theme's budgets (issue 6).

Builds the demo site (SITE_DATE=2026-04-10) in a temporary copy of the project, or measures
an already built folder with --output. For one page of each type it adds up the page and
the stylesheets and scripts it references (gzip -9, as a server would send them); fonts and
images are left aside, and so is what a script fetches later (Pagefind's index and
WebAssembly on the search page, loaded on the first query).

    .venv/bin/python -m bench.weight               # build, print the table, exit 1 on a FAIL
    .venv/bin/python -m bench.weight --output output --json

The demo's post is built with a phone photo leading it (4,000 x 3,000, bench/synth.py), and
the same post is then opened in Debian's chromium at 375 px, at 1x, 2x and 3x pixel density:
what the page transfers, the picture the browser chose included (text gzip -9, as above).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("content", "theme", "plugins", "coachsite", "newsletter", "pelicanconf.py")
KB = 1024
# page type: (address in the site, budget in KB gzipped for HTML + CSS + JS)
PAGES = {
    "home": ("/", 30),
    "article": ("/posts/pseudo-interviews/", 30),
    "page": ("/about/", 30),
    "consultation": ("/work-with-me/", 30),
    "archives": ("/archives/", 30),
    "tag": ("/tag/interviews/", 30),
    "category": ("/category/interviews/", 30),
    "specials": ("/specials/", 30),
    "newsletter": ("/newsletter/", 30),
    "edition": ("/newsletter/2026-04/", 30),
    # Pagefind's own UI (script and stylesheet) is loaded on this page only.
    "search": ("/search/", 60),
    "404": ("/404.html", 30),
}
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script[^>]* src="([^"]+)"')


@dataclass
class Weight:
    """Gzipped bytes of one page and what it loads."""

    page: str
    address: str
    html: int
    css: int
    js: int
    budget: int

    @property
    def total(self) -> int:
        return self.html + self.css + self.js

    @property
    def ok(self) -> bool:
        return self.total <= self.budget * KB


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def local_file(output: Path, address: str, reference: str) -> Path:
    """The file in ``output`` that ``reference`` (as written in the page at ``address``) names."""
    path = urlsplit(urljoin(f"http://site{address}", reference)).path
    target = output / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def measure(output: Path) -> list[Weight]:
    """The weight of one page of each type in the built site ``output``."""
    weights = []
    for name, (address, budget) in PAGES.items():
        page = local_file(output, address, address)
        html = page.read_text("utf-8")
        css = sum(gzipped(local_file(output, address, ref)) for ref in STYLESHEET.findall(html))
        js = sum(gzipped(local_file(output, address, ref)) for ref in SCRIPT.findall(html))
        weights.append(Weight(name, address, gzipped(page), css, js, budget))
    return weights


def build_demo(folder: Path) -> Path:
    """Build the project's demo site into ``folder`` (a copy of the project); its output."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, folder / name)
    from bench.synth import phone_photo

    (folder / "content" / "images").mkdir(parents=True, exist_ok=True)
    (folder / "content" / "images" / "office.jpg").write_bytes(phone_photo())
    post = folder / "content" / "articles" / "2026-04-06-pseudo-interviews.md"
    head, _, body = post.read_text("utf-8").partition("\n\n")
    lead = "![The coach's desk by the window]({static}/images/office.jpg)"
    post.write_text(f"{head}\n\n{lead}\n\n{body}", "utf-8")
    os.environ["SITE_DATE"] = "2026-04-10"
    for extra in (str(folder), str(folder / "plugins")):
        sys.path.insert(0, extra)
    from pelican.log import console

    from coachsite.build import build

    console.quiet = True  # the table only
    return build(folder / "pelicanconf.py").output


def on_a_phone(output: Path, address: str = PAGES["article"][0]) -> list[str]:
    """What ``address`` transfers in chromium at 375 px wide, at 1x, 2x and 3x density."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            for scale in (1, 2, 3):
                context = browser.new_context(
                    viewport={"width": 375, "height": 812}, device_scale_factor=scale
                )
                page = context.new_page()
                loaded: list[str] = []
                page.on("requestfinished", lambda request, seen=loaded: seen.append(request.url))
                page.goto(base + address, wait_until="load")
                context.close()
                files = [local_file(output, address, urlsplit(url).path) for url in loaded]
                text = sum(gzipped(f) for f in files if f.suffix in (".html", ".css", ".js", ""))
                pictures = [
                    f for f in files if "/images/" in f.as_posix() and "theme" not in f.parts
                ]
                images = sum(
                    f.stat().st_size
                    for f in files
                    if f.suffix in (".png", ".jpg", ".webp", ".avif", ".svg")
                )
                chosen = ", ".join(f"{f.name} ({f.stat().st_size / KB:.1f} KB)" for f in pictures)
                rows.append(
                    f"{scale}x: {(text + images) / KB:.1f} KB ({text / KB:.1f} KB text gzipped, "
                    f"{images / KB:.1f} KB images; the photo: {chosen or 'none'})"
                )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def table(weights: list[Weight]) -> str:
    def kb(size: int) -> str:
        return f"{size / KB:.1f}"

    rows = ["page          HTML    CSS     JS  total budget  result   (KB, gzip -9)"]
    for w in weights:
        rows.append(
            f"{w.page:<12}{kb(w.html):>6}{kb(w.css):>7}{kb(w.js):>7}{kb(w.total):>7}"
            f"{w.budget:>7}  {'PASS' if w.ok else 'FAIL'}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="a built site to measure (default: build)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--no-browser", action="store_true", help="skip the 375 px measure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="weight-") as temp:
        output = args.output or build_demo(Path(temp))
        weights = measure(output)
        phone = [] if args.no_browser else on_a_phone(output)
    if args.json:
        print(json.dumps([asdict(w) | {"total": w.total, "ok": w.ok} for w in weights], indent=2))
    else:
        print(table(weights))
    if phone:
        print(f"\n{PAGES['article'][0]} (with a photo) at 375 px, transferred:")
        print("\n".join(f"  {row}" for row in phone))
    failed = [w.page for w in weights if not w.ok]
    if failed:
        print(f"FAIL: over budget: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
