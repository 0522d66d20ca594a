"""Markdown read on every core into Pelican's reader cache (coachsite.parallel_read, issue 7).

The promise: a build whose Markdown was read by the pool writes exactly the bytes a build
without any cache writes; files the pool cannot read cleanly are left to Pelican, so the coach
sees the usual messages; an interrupted build leaves no worker behind.
"""

from __future__ import annotations

import gzip
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Project, copy_project

import coachsite.build
import coachsite.parallel_read
from bench import synth
from coachsite.build import BuildFailed, build, code_cache_path, load_settings
from coachsite.parallel_read import Prefill, prefill_reader_cache

SITE_DATE = "2026-04-10"
POSTS = 120
TWICE = "Title: T\nDate: 2026-04-01\nDate: 2026-04-02\n\nT.\n"  # Pelican warns, keeps the first


def add_posts(project: Project, count: int = POSTS) -> list[synth.Post]:
    posts = synth.generate_posts(count, cta_names=synth.project_cta_names(project.root))
    synth.write_posts(project.root / "content" / "articles", posts)
    synth.write_images(project.root / "content" / "images", synth.images())
    return posts


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def settings_of(project: Project) -> dict:
    settings_file = project.root / "pelicanconf.py"
    settings = load_settings(settings_file)
    settings["CACHE_PATH"] = str(code_cache_path(settings, settings_file))
    return settings


def cache_entries(settings: dict, kind: str = "ArticlesGenerator") -> dict:
    opener = gzip.open if settings.get("GZIP_CACHE") else open
    with opener(Path(settings["CACHE_PATH"]) / f"{kind}-Readers", "rb") as handle:
        return pickle.load(handle)


@pytest.fixture
def site_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_DATE", SITE_DATE)


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Prefill], list[str]]:
    """(reports of every prefill, source files Pelican's Markdown reader read in this process)."""
    from pelican.readers import MarkdownReader

    reports: list[Prefill] = []
    read_here: list[str] = []

    def prefill(settings, **options):
        report = prefill_reader_cache(settings, **options)
        reports.append(report)
        return report

    original = MarkdownReader.read
    parent = os.getpid()

    def read(self, source_path):
        if os.getpid() == parent:  # forked workers run this too: count this process only
            read_here.append(str(source_path))
        return original(self, source_path)

    monkeypatch.setattr(coachsite.build, "prefill_reader_cache", prefill)
    monkeypatch.setattr(MarkdownReader, "read", read)
    return reports, read_here


def content_reads(read_here: list[str]) -> list[str]:
    """Reads of posts and pages (consult reads CTAs and specials itself, always)."""
    return [
        p for p in read_here if f"{os.sep}articles{os.sep}" in p or f"{os.sep}pages{os.sep}" in p
    ]


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_pool_build_is_byte_identical_to_an_uncached_build(
    project: Project,
    site_date: None,
    spied: tuple[list[Prefill], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    method: str,
) -> None:
    monkeypatch.setattr(coachsite.parallel_read, "_start_method", lambda: method)
    reports, read_here = spied
    add_posts(project)
    sources = [
        p
        for p in (project.root / "content").rglob("*.md")
        if p.parent.name in {"articles", "pages"}
    ]
    settings_file = project.root / "pelicanconf.py"

    pooled = build(settings_file, output=project.root / "out-pool")
    report = reports[-1]
    assert report.pool and report.start_method == method, report
    assert report.cached == len(sources) == report.candidates, report
    assert report.left_to_pelican == []
    assert content_reads(read_here) == []  # Pelican found every post and page in the cache
    pool_files = files(pooled.output)
    pool_emails = files(project.root / "build")

    read_here.clear()
    uncached = build(settings_file, output=project.root / "out-plain", ignore_cache=True)
    assert reports[-1].pool is False
    assert len(content_reads(read_here)) == len(sources)  # this one really read them all
    plain_files = files(uncached.output)

    assert pooled.articles == uncached.articles >= POSTS
    assert sorted(pool_files) == sorted(plain_files)
    assert len(pool_files) > 4 * POSTS  # pages, listings, feeds, images, search index
    different = [name for name in pool_files if pool_files[name] != plain_files[name]]
    assert different == []
    assert files(project.root / "build") == pool_emails  # email artifacts too


def test_one_edit_starts_no_pool_and_many_edits_read_only_those(
    project: Project, site_date: None, spied: tuple[list[Prefill], list[str]]
) -> None:
    reports, read_here = spied
    posts = add_posts(project, 80)
    project.build(site_date=SITE_DATE)
    assert reports[-1].pool

    edited = synth.edit_post(project.root, posts[-1], "A sentence added for the rebuild.")
    read_here.clear()
    project.build(site_date=SITE_DATE)
    assert reports[-1].pool is False and reports[-1].candidates == 1, reports[-1]
    assert content_reads(read_here) == [str(edited)]
    assert "A sentence added for the rebuild." in project.read(f"posts/{posts[-1].slug}/index.html")

    later = time.time() + 5
    for post in posts[:60]:
        os.utime(project.root / "content" / "articles" / post.filename, (later, later))
    read_here.clear()
    project.build(site_date=SITE_DATE)
    assert reports[-1].pool and reports[-1].candidates == reports[-1].cached == 60, reports[-1]
    assert content_reads(read_here) == []  # the other entries were kept in the merge


def test_files_that_fail_or_warn_are_left_to_pelican(project: Project, site_date: None) -> None:
    add_posts(project, 60)
    articles = project.root / "content" / "articles"
    bad_date = project.write("content/articles/bad-date.md", "Title: B\nDate: not a date\n\nB.\n")
    twice = project.write("content/articles/twice.md", TWICE)
    not_utf8 = project.write("content/articles/latin1.md", "Title: L\nDate: 2026-04-01\n\nCafé.\n")
    not_utf8.write_bytes(not_utf8.read_text("utf-8").encode("latin-1"))
    settings = settings_of(project)

    report = prefill_reader_cache(settings)
    left = {str(bad_date), str(twice), str(not_utf8)}
    assert set(report.left_to_pelican) == left, report
    entries = cache_entries(settings)
    assert left.isdisjoint(entries)
    assert len(entries) == len(list(articles.glob("*.md"))) - len(left) == report.cached - 4
    stamp, (content, metadata) = entries[str(articles / "2026-04-06-pseudo-interviews.md")]
    assert stamp == os.path.getmtime(articles / "2026-04-06-pseudo-interviews.md")
    assert "<p>" in content and metadata["title"]


def test_pelican_reports_what_the_pool_left_as_it_always_does(
    tmp_path: Path, site_date: None, monkeypatch: pytest.MonkeyPatch, spied
) -> None:
    """With the content checks out of the way, Pelican's own warnings and errors reach the
    coach the same with the pool as without any cache. (Two copies of the site: Pelican
    logs a given message once per process.)"""
    reports, _read_here = spied
    monkeypatch.setattr(coachsite.build, "check_content", lambda *args, **kwargs: None)
    pooled, plain = copy_project(tmp_path / "pooled"), copy_project(tmp_path / "plain")
    for site in (pooled, plain):
        add_posts(site, 60)
        site.write("content/articles/twice.md", TWICE)

    def shown(site: Project, text: str) -> str:
        return text.replace(str(site.root), "<site>")

    def warnings(site: Project, **options) -> list[str]:
        report = build(site.root / "pelicanconf.py", **options)
        return [shown(site, w) for w in report.warnings]

    warned = warnings(pooled)
    assert reports[-1].pool
    assert reports[-1].left_to_pelican == [str(pooled.root / "content/articles/twice.md")]
    assert any("twice.md" in w for w in warned)
    assert warned == warnings(plain, ignore_cache=True)

    messages = []
    monkeypatch.setattr(coachsite.parallel_read, "FRESH_PER_FILE", 10**9)  # 1 file starts it
    for site, options in ((pooled, {"PARALLEL_READ_MIN_FILES": 1}), (plain, None)):
        site.write("content/articles/bad-date.md", "Title: B\nDate: not a date\n\nB.\n")
        with pytest.raises(BuildFailed) as caught:
            build(site.root / "pelicanconf.py", overrides=options, ignore_cache=site is plain)
        messages.append(shown(site, str(caught.value)))
        if site is pooled:
            assert reports[-1].pool
            assert reports[-1].left_to_pelican == [str(site.root / "content/articles/bad-date.md")]
    assert "bad-date.md" in messages[0]
    assert messages[0] == messages[1]


def test_forkserver_workers_read_the_same(project: Project, site_date: None) -> None:
    add_posts(project, 60)
    settings = settings_of(project)
    forked = prefill_reader_cache(settings, start_method="fork")
    assert forked.pool and forked.cached == forked.candidates
    by_fork = cache_entries(settings)
    for kind in ("ArticlesGenerator", "PagesGenerator"):
        (Path(settings["CACHE_PATH"]) / f"{kind}-Readers").unlink()
    served = prefill_reader_cache(settings, start_method="forkserver")
    assert served.pool and served.start_method == "forkserver"
    assert served.cached == forked.cached
    by_server = cache_entries(settings)
    assert sorted(by_server) == sorted(by_fork)
    for path, (stamp, (content, metadata)) in by_fork.items():
        assert by_server[path][0] == stamp
        assert by_server[path][1][0] == content
        assert {k: str(v) for k, v in by_server[path][1][1].items()} == {
            k: str(v) for k, v in metadata.items()
        }


def test_nothing_happens_without_the_cache_or_with_few_files(project: Project) -> None:
    add_posts(project, 60)
    settings = settings_of(project)
    assert prefill_reader_cache({**settings, "LOAD_CONTENT_CACHE": False}).pool is False
    assert prefill_reader_cache({**settings, "CACHE_CONTENT": False}).pool is False
    few = prefill_reader_cache(settings, min_files=1000)
    assert few.pool is False and few.candidates > 60
    assert prefill_reader_cache(settings, workers=1).pool is False
    assert not Path(settings["CACHE_PATH"]).exists()


def test_a_merge_needs_more_files_the_more_the_cache_holds(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = add_posts(project, 60)
    settings = settings_of(project)
    cold = prefill_reader_cache(settings)
    assert cold.pool and cold.cached == cold.candidates > 60
    later = time.time() + 5
    for post in posts[:55]:
        os.utime(project.root / "content" / "articles" / post.filename, (later, later))
    fresh = cold.candidates - 55
    monkeypatch.setattr(coachsite.parallel_read, "FRESH_PER_FILE", 1)
    costly = prefill_reader_cache(settings)  # needs 50 + fresh files
    assert costly.pool is False and costly.candidates == 55, costly
    assert costly.reason == f"55 file(s) to read, fewer than {50 + fresh}"
    monkeypatch.setattr(coachsite.parallel_read, "FRESH_PER_FILE", 20)
    worth_it = prefill_reader_cache(settings)
    assert worth_it.pool and worth_it.cached == 55, worth_it


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_interrupted_pool_leaves_no_worker_behind(project: Project, sig: int) -> None:
    add_posts(project, 600)
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", "build"],
        cwd=project.root,
        env={**os.environ, "SITE_DATE": SITE_DATE},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = children(proc.pid)
        time.sleep(0.005)
    assert len(workers) >= 2, "the build never started its workers"
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0, err
    if sig != signal.SIGKILL:
        assert "Traceback" not in err, err
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
    assert not list(project.root.glob("cache/*/.*.tmp"))
    assert not (project.root / "output").exists()


def _crash(jobs: list) -> None:
    os._exit(3)  # a worker dying mid-read, as if killed by the kernel


def test_a_failed_pool_leaves_the_reading_to_pelican(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_posts(project, 60)
    settings = settings_of(project)
    monkeypatch.setattr(coachsite.parallel_read, "read_batch", _crash)
    report = prefill_reader_cache(settings, start_method="fork")
    assert report.pool is False and report.reason.startswith("abandoned"), report
    assert report.cached == 0
    assert not list(Path(settings["CACHE_PATH"]).glob("*Readers*"))
