"""The timed builds of one synthetic site, for plain Pelican and the project (bench/run.py).

Each run, for each build: a cold build (no output/, cache or email artifacts), then, each
over what the build before it left (output/, cache/), as when the coach saves a file:

- an edit of the newest post, then of the oldest, then of the post in the middle by date
  (each a new sentence in its first paragraph; the earlier edits stay);
- a no-op rebuild (nothing changed);
- a next-day build: the build date (SITE_DATE) one day later, no post crossing it, the
  same special running.

After each build the pages of the oldest, middle and newest posts exist and every edit made
so far is on its post's page; on the project's cold and next-day builds, a post shows the
synthetic special.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import synth
from bench.measure import BuildError, Sample, measure

PLAIN, FULL = "plain", "full"
LABELS = {PLAIN: "plain Pelican 4.12", FULL: "project full build"}
COLD, NEWEST, OLDEST, MIDDLE, NOOP, NEXT_DAY = (
    "cold",
    "edit_newest",
    "edit_oldest",
    "edit_middle",
    "noop",
    "next_day",
)
SCENARIOS = (COLD, NEWEST, OLDEST, MIDDLE, NOOP, NEXT_DAY)
SHOWN = {
    COLD: "cold",
    NEWEST: "edit newest",
    OLDEST: "edit oldest",
    MIDDLE: "edit middle",
    NOOP: "no-op",
    NEXT_DAY: "next day",
}
EDITED = {NEWEST: "newest", OLDEST: "oldest", MIDDLE: "middle"}  # scenario -> Sites property
SPECIAL_SHOWN = "Bench special:</strong>"  # partials/cta.html, with synth.SPECIAL's title
FULL_ENTRIES = {
    # What the coach types (`invoke build`), in the site copy.
    "invoke": ["-m", "invoke", "build"],
    # The same build without invoke's own start-up.
    "direct": [
        "-c",
        "import sys; sys.path[:0] = ['.', 'plugins']; "
        "from pathlib import Path; from coachsite.build import build; "
        "r = build(Path('pelicanconf.py').resolve()); "
        "print(f'{r.articles} articles, {r.pages} pages, {r.seconds:.2f} s')",
    ],
}
ENTRY_SHOWN = {
    "invoke": "python -m invoke build",
    "direct": "python -c '... coachsite.build.build(pelicanconf.py)'",
}


@dataclass
class Series:
    """All measurements of one build kind at one size."""

    samples: dict[str, list[Sample]] = field(default_factory=lambda: {s: [] for s in SCENARIOS})
    serve: list[float] = field(default_factory=list)  # save-to-reload seconds, every save
    serve_built: list[float] = field(default_factory=list)  # save to the whole site rebuilt

    def seconds(self, scenario: str) -> float:
        """Median wall time of ``scenario`` over the runs."""
        return statistics.median(s.seconds for s in self.samples[scenario])

    def run_peaks(self) -> list[float]:
        """Each run's peak memory: the largest of its builds' peaks, MB."""
        runs = zip(*(self.samples[s] for s in SCENARIOS), strict=True)
        return [max(sample.peak_mb for sample in run) for run in runs]

    @property
    def peak_mb(self) -> float:
        return statistics.median(self.run_peaks())

    @property
    def serve_s(self) -> float | None:
        return statistics.median(self.serve) if self.serve else None

    @property
    def serve_built_s(self) -> float | None:
        return statistics.median(self.serve_built) if self.serve_built else None


def build_command(kind: str, entry: str) -> list[str]:
    if kind == PLAIN:
        return [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py"]
    return [sys.executable, *FULL_ENTRIES[entry]]


def clean(site: Path) -> None:
    """Remove everything a build leaves: output, staging folders, cache, email artifacts."""
    for path in site.iterdir():
        if path.name in {"output", "cache", "build"} or path.name.startswith(".output"):
            shutil.rmtree(path, ignore_errors=True)


def page_of(site: Path, slug: str) -> Path:
    output = site / "output"
    for pattern in (f"posts/{slug}/index.html", f"{slug}.html"):
        if (output / pattern).is_file():
            return output / pattern
    found = sorted(output.rglob(f"{slug}/index.html")) + sorted(output.rglob(f"{slug}.html"))
    if not found:
        raise BuildError(f"the build in {site} wrote no page for the post '{slug}'")
    return found[0]


def check_built(
    site: Path, sites: synth.Sites, markers: dict[str, str], special: bool = False
) -> None:
    """The build did the work: the oldest, middle and newest posts' pages exist, each post in
    ``markers`` (slug -> marker) carries its marker and, with ``special``, a post shows the
    synthetic special."""
    for post in (sites.oldest, sites.middle, sites.newest):
        page_of(site, post.slug)
    for slug, marker in markers.items():
        page = page_of(site, slug)
        if marker not in page.read_text(encoding="utf-8"):
            raise BuildError(f"the rebuild did not update {page.relative_to(site)} after the edit")
    if special and not any(
        SPECIAL_SHOWN in page.read_text(encoding="utf-8")
        for page in sorted((site / "output" / "posts").glob("*/index.html"))
    ):
        raise BuildError(f"no post of {site / 'output'} shows the special running that day")


def restore(site: Path, sites: synth.Sites) -> None:
    """Undo the edits of an earlier run: every edited post gets its original text back."""
    for name in EDITED.values():
        synth.edit_post(site, getattr(sites, name), "")


def one_run(
    kind: str,
    site: Path,
    sites: synth.Sites,
    *,
    run: int,
    cmd: list[str],
    env: dict[str, str],
    timeout: float,
) -> dict[str, Sample]:
    """Every scenario once, in order, from a clean site; the samples by scenario."""
    restore(site, sites)
    clean(site)
    tomorrow = synth.next_day(sites.site_date)
    next_env = {**env, "SITE_DATE": tomorrow.isoformat()}
    markers: dict[str, str] = {}
    samples: dict[str, Sample] = {}
    for scenario in SCENARIOS:
        if scenario in EDITED:
            post = getattr(sites, EDITED[scenario])
            markers[post.slug] = f"bench{EDITED[scenario]}{run}x{len(sites.posts)}"
            synth.edit_post(site, post, markers[post.slug])
        samples[scenario] = measure(cmd, site, next_env if scenario == NEXT_DAY else env, timeout)
        check_built(site, sites, markers, special=kind == FULL and scenario in (COLD, NEXT_DAY))
    return samples


def run_builds(
    sites: synth.Sites,
    *,
    runs: int,
    entry: str,
    timeout: float,
    env: dict[str, str],
    log: Callable[[str], None] | None = None,
) -> dict[str, Series]:
    """``runs`` runs of every scenario for both builds; the series by build kind."""
    results = {PLAIN: Series(), FULL: Series()}
    folders = {PLAIN: sites.plain, FULL: sites.full}
    for run in range(runs):
        # Alternate who goes first, so slow drift on a shared machine hits both alike.
        for kind in (PLAIN, FULL) if run % 2 == 0 else (FULL, PLAIN):
            cmd = build_command(kind, entry)
            samples = one_run(
                kind, folders[kind], sites, run=run, cmd=cmd, env=env, timeout=timeout
            )
            for scenario, sample in samples.items():
                results[kind].samples[scenario].append(sample)
            if log:
                times = ", ".join(f"{SHOWN[s]} {samples[s].seconds:.2f}" for s in SCENARIOS)
                peak = max(s.peak_mb for s in samples.values())
                log(f"run {run + 1}/{runs} {kind:5}: {times} s; peak {peak:.0f} MB")
    return results


def build_env(site_date: dt.date) -> dict[str, str]:
    """The environment of every build: the build date, unbuffered output, no PYTHONPATH."""
    env = {**os.environ, "SITE_DATE": site_date.isoformat(), "PYTHONUNBUFFERED": "1"}
    env.pop("PYTHONPATH", None)
    return env
