"""Search shard layouts: does merging shards rank like one index, and what does an edit cost?

Each Pagefind shard ranks its hits with its own statistics (pages, term frequencies, page
lengths) and the search page merges the shards' hits by score (``pagefind.mergeIndex``). This
builds one synthetic site (bench/synth.py, 1,000 posts over 12 years) with the project's own
build, then indexes its searchable pages (what Pagefind reads of them, as
plugins/coach_search/shards.py sends them) once as a single index and once per shard layout,
each into its own folder of the site. A loopback server serves the site to Debian's chromium,
which loads each layout exactly as the search page does (``pagefind.js`` of the main shard,
``options``, ``mergeIndex`` of the others newest first, ``search``) and runs 20 career-coaching
queries. For each layout it prints the overlap of each query's top 5 with the single index's
top 5 (and whether the order is the same), the mean overlap, and the CPU-seconds (Python and
Pagefind) to index again the shard of an old post after an edit: a 2015 post's, the mean over
all posts older than the two years before the build, and the worst of those.

    .venv/bin/python -m bench.search_ranking --posts 1000
    .venv/bin/python -m bench.search_ranking --site /tmp/kept-site   # a built synthetic site
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import functools
import http.server
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT / "plugins", ROOT):  # coach_search and coachsite, as the build has them
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from bench import synth  # noqa: E402
from bench.run import FULL_ENTRIES, page_of  # noqa: E402
from coach_search.live import PagefindService  # noqa: E402
from coach_search.shards import PRIMARY, ShardedIndex  # noqa: E402
from coachsite.searchable import indexed_digest, indexed_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
TOP = 5
# What a reader of a career coach's blog types (the synthetic posts use these words).
QUERIES = [
    "interview",
    "resume",
    "salary negotiation",
    "career change after fifty",
    "LinkedIn profile",
    "cover letter",
    "thank-you note",
    "employment gap",
    "overqualified",
    "recruiter",
    "phone screen",
    "hiring manager",
    "former academic",
    "layoff",
    "lowball offer",
    "informational interviews",
    "portfolio examples",
    "search committee",
    "tell me about yourself",
    "age discrimination",
]

Layout = Callable[[dt.date | None, int], str]


def _single(date: dt.date | None, year: int) -> str:
    return PRIMARY


def _recent_or(date: dt.date | None, year: int, older: Callable[[int], str]) -> str:
    if date is None or date.year >= year:
        return PRIMARY
    if date.year >= year - 2:
        return f"archive-{date.year}"
    return older(date.year)


def _decades(date: dt.date | None, year: int) -> str:
    return _recent_or(date, year, lambda y: f"archive-{y // 10 * 10}s")


def _half_decades(date: dt.date | None, year: int) -> str:
    return _recent_or(date, year, lambda y: f"archive-{y // 5 * 5}-{y // 5 * 5 + 4}")


def _pairs(date: dt.date | None, year: int) -> str:
    return _recent_or(date, year, lambda y: f"archive-{y // 2 * 2}-{y // 2 * 2 + 1}")


def _years(date: dt.date | None, year: int) -> str:
    return _recent_or(date, year, lambda y: f"archive-{y}")


def _pages_apart(date: dt.date | None, year: int) -> str:
    return (
        PRIMARY if date is None else _decades(date, year) if date.year < year else f"archive-{year}"
    )


LAYOUTS: dict[str, tuple[Layout, str]] = {
    "single": (_single, "one index of every page (the reference)"),
    "decades": (_decades, "this year, the two before, then one shard per decade"),
    "half-decades": (_half_decades, "this year, the two before, then five-year shards"),
    "pairs": (_pairs, "this year, the two before, then two-year shards"),
    "years": (_years, "this year, then one shard per year"),
    "pages-apart": (_pages_apart, "as decades, but the main shard holds the site's pages only"),
}


# -- the site ----------------------------------------------------------------------------------


def build_site(dest: Path, posts: int, seed: int, site_date: dt.date) -> Path:
    """A synthetic copy of the project with ``posts`` posts, built as the coach builds it."""
    sites = synth.make_sites(dest, posts=posts, seed=seed, site_date=site_date)
    env = {**os.environ, "SITE_DATE": site_date.isoformat()}
    env.pop("PYTHONPATH", None)
    subprocess.run([sys.executable, *FULL_ENTRIES["direct"]], cwd=sites.full, env=env, check=True)
    return sites.full


def searchable_pages(site: Path) -> dict[str, tuple[dt.date | None, bytes]]:
    """Each searchable page of ``site/output`` (relative path) -> its post's date (None for
    the site's pages) and what Pagefind reads of it."""
    dates: dict[str, dt.date] = {}
    for source in sorted((site / "content" / "articles").glob("*.md")):
        head = source.read_text(encoding="utf-8").partition("\n\n")[0]
        slug = re.search(r"^Slug: (.+)$", head, re.M)
        day = re.search(r"^Date: (\d{4}-\d\d-\d\d)", head, re.M)
        if slug and day:
            page = page_of(site, slug.group(1)).relative_to(site / "output").as_posix()
            dates[page] = dt.date.fromisoformat(day.group(1))
    pages: dict[str, tuple[dt.date | None, bytes]] = {}
    output = site / "output"
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        data = path.read_bytes()
        if not relative.startswith(("pagefind", "pf-")) and indexed_digest(data) is not None:
            pages[relative] = (dates.get(relative), data)
    return pages


def index_layout(
    output: Path,
    folder: str,
    pages: dict[str, tuple[dt.date | None, bytes]],
    layout: Layout,
    year: int,
) -> list[str]:
    """Index ``pages`` into ``output/folder`` as the plugin does; the merged shards' bundle
    paths, newest first (as the search page lists them)."""
    shutil.rmtree(output / folder, ignore_errors=True)
    with tempfile.TemporaryDirectory() as cache:
        index = ShardedIndex(output, folder, Path(cache) / "m.json", version("pagefind"))
        shards = sorted({layout(d, year) for d, _ in pages.values()} - {PRIMARY}, reverse=True)
        index.expect({}, shards)
        for relative in pages:
            index.add(output / relative, layout(pages[relative][0], year))
        index.finish()
    return [f"/{folder}/{name}/" for name in shards]


def reindex_cpu(pages: list[bytes], names: list[str]) -> float:
    """CPU-seconds (this process and Pagefind's) to index one shard from scratch and write
    its bundle, as ShardedIndex does for a changed shard."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.process_time()
    service = PagefindService()
    index_id = service.wait(service.send({"type": "NewIndex", "config": None}))["index_id"]
    sent = [
        service.send(
            {
                "type": "AddFile",
                "index_id": index_id,
                "file_path": name,
                "url": None,
                "file_contents": indexed_page(data).decode("utf-8"),
            }
        )
        for name, data in zip(names, pages, strict=True)
    ]
    for message in sent:
        service.wait(message)
    answer = service.wait(service.send({"type": "GetFiles", "index_id": index_id}))
    with tempfile.TemporaryDirectory() as bundle:
        for item in answer["files"]:
            target = Path(bundle, item["path"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(item["content"]))
    service.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = time.process_time() - start
    return own + (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)


def edit_costs(
    pages: dict[str, tuple[dt.date | None, bytes]], layout: Layout, year: int, repeat: int
) -> dict[str, float]:
    """CPU-seconds to index again the shard of an edited post: one of 2015, the mean and the
    worst over posts older than the two years before the build, one of this year; and the
    pages of the biggest of those old posts' shards."""
    shards: dict[str, list[str]] = {}
    for relative, (date, _) in pages.items():
        shards.setdefault(layout(date, year), []).append(relative)
    dated = {r: d for r, (d, _) in pages.items() if d is not None}
    old = [r for r, d in dated.items() if d.year < year - 2]
    new = [r for r, d in dated.items() if d.year >= year]
    in_2015 = [r for r in old if dated[r].year == 2015] or old
    costs: dict[str, float] = {}
    for name in {layout(dated[r], year) for r in (*old, *new[:1])}:
        members = shards[name]
        data = [pages[r][1] for r in members]
        costs[name] = statistics.median(reindex_cpu(data, members) for _ in range(repeat))
    per_post = [costs[layout(dated[r], year)] for r in old]
    return {
        "2015": costs[layout(dated[in_2015[0]], year)],
        "mean old": statistics.mean(per_post),
        "worst old": max(per_post),
        "this year": costs[layout(dated[new[0]], year)] if new else 0.0,
        "biggest old": max(len(shards[layout(dated[r], year)]) for r in old),
    }


# -- searching in the browser ------------------------------------------------------------------

SEARCH_JS = """
async ([main, merged, queries, top]) => {
  // As the site's search page (Pagefind UI) loads them: the main shard's pagefind.js,
  // options, then mergeIndex for each other shard in the order the page lists them.
  const pagefind = await import(main + "pagefind.js");
  await pagefind.options({ excerptLength: 30 });
  for (const path of merged) await pagefind.mergeIndex(path, {});
  const answers = [];
  for (const query of queries) {
    const found = await pagefind.search(query, { filters: {} });
    const first = await Promise.all(found.results.slice(0, top).map((r) => r.data()));
    const ranked = found.results.map((r) => [r.id, r.score]);
    answers.push({ ranked, urls: first.map((d) => d.url) });
  }
  return answers;
}
"""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A loopback static server for ``folder``; yields its address."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def search_all(
    output: Path, bundles: dict[str, list[str]], queries: list[str], script: str = SEARCH_JS
) -> dict:
    """For each layout (its folder -> merged bundle paths), what ``script`` finds in chromium."""
    from playwright.sync_api import sync_playwright

    (output / "bench-search.html").write_text("<!doctype html><title>bench</title>\n")
    answers: dict = {}
    with serve(output) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            for folder, merged in bundles.items():
                page = browser.new_page()
                page.goto(f"{address}/bench-search.html")
                answers[folder] = page.evaluate(script, [f"/{folder}/", merged, queries, TOP])
                page.close()
        finally:
            browser.close()
    return answers


# -- the report --------------------------------------------------------------------------------


def compare(reference: list[dict], other: list[dict]) -> list[tuple[float, bool, float]]:
    """Per query: overlap of the top-5 sets (share of the reference's), whether the order is the
    same, and the relevance kept: the reference's scores of the top 5 over its own top 5's."""
    rows = []
    for ref, got in zip(reference, other, strict=True):
        want, have = ref["urls"], got["urls"]
        overlap = len(set(want) & set(have)) / len(want) if want else float(not have)
        scores = dict(ref["ranked"])  # a page's id is the same in every index (its content)
        best = sum(score for _, score in ref["ranked"][:TOP])
        kept = sum(scores.get(page, 0.0) for page, _ in got["ranked"][:TOP])
        rows.append((overlap, want == have, kept / best if best else 1.0))
    return rows


def report(
    layouts: list[str],
    answers: dict[str, list[dict]],
    costs: dict[str, dict[str, float]],
    shards: dict[str, int],
    min_overlap: float,
) -> None:
    reference = answers["single"]
    print(f"\nPer query: overlap of the top {TOP} with the single index's (= same order).")
    print(f"  {'query':28} {'hits':>5}" + "".join(f"{n:>13}" for n in layouts[1:]))
    table = {n: compare(reference, answers[n]) for n in layouts}
    for number, query in enumerate(QUERIES):
        cells = "".join(
            f"{table[n][number][0]:>12.1f}{'=' if table[n][number][1] else ' '}"
            for n in layouts[1:]
        )
        print(f"  {query:28} {len(reference[number]['ranked']):>5}{cells}")
    print(
        f"\n| layout | shards | mean top-{TOP} overlap | same order | relevance kept "
        "| CPU-s: 2015 post | mean old post | worst old post | this year's post "
        "| pages in the biggest old shard | agrees |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name in layouts:
        rows, cost = table[name], costs[name]
        mean = statistics.mean(row[0] for row in rows)
        print(
            f"| {name} | {shards[name]} | {mean:.2f} | {sum(row[1] for row in rows)}/{len(rows)} "
            f"| {statistics.mean(row[2] for row in rows):.2f} | {cost['2015']:.2f} "
            f"| {cost['mean old']:.2f} | {cost['worst old']:.2f} | {cost['this year']:.2f} "
            f"| {cost['biggest old']:.0f} | {'yes' if mean >= min_overlap else 'no'} |"
        )
    print("\nLayouts: " + "; ".join(f"{n}: {LAYOUTS[n][1]}" for n in layouts) + ".")
    print(
        f"Agreement: mean top-{TOP} overlap with the single index >= {min_overlap}. Relevance "
        f"kept: the single index's scores of a layout's top {TOP} over those of its own top "
        f"{TOP} (mean over queries). CPU-s: Python and Pagefind, median of the runs."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--site-date", type=dt.date.fromisoformat, default=synth.DEFAULT_SITE_DATE)
    parser.add_argument("--site", type=Path, help="a built synthetic site (its output/) to use")
    parser.add_argument("--repeat", type=int, default=3, help="median of this many re-indexings")
    parser.add_argument("--layouts", nargs="+", choices=sorted(LAYOUTS), default=list(LAYOUTS))
    parser.add_argument("--keep", action="store_true", help="keep the synthetic site in /tmp")
    parser.add_argument("--min-overlap", type=float, default=0.9, help="agreement: mean overlap")
    args = parser.parse_args(argv)
    layouts = ["single", *(name for name in args.layouts if name != "single")]
    year = args.site_date.year
    workdir = None if args.site else Path(tempfile.mkdtemp(prefix="coach-ranking-", dir="/tmp"))
    try:
        site = args.site
        if workdir is not None:
            started = time.perf_counter()
            site = build_site(workdir, args.posts, args.seed, args.site_date)
            print(f"built {args.posts} posts in {site} ({time.perf_counter() - started:.1f} s)")
        output = site / "output"
        pages = searchable_pages(site)
        posts = sum(1 for d, _ in pages.values() if d is not None)
        print(f"{len(pages)} searchable pages ({posts} posts), build year {year}")
        bundles = {n: index_layout(output, f"pf-{n}", pages, LAYOUTS[n][0], year) for n in layouts}
        found = search_all(output, {f"pf-{n}": bundles[n] for n in layouts}, QUERIES)
        answers = {n: found[f"pf-{n}"] for n in layouts}
        costs = {n: edit_costs(pages, LAYOUTS[n][0], year, args.repeat) for n in layouts}
        report(
            layouts, answers, costs, {n: len(b) + 1 for n, b in bundles.items()}, args.min_overlap
        )
    finally:
        if workdir is not None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif workdir is not None:
            print(f"kept {workdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
