"""The bench's tables, targets and machine, as Markdown (bench/run.py; bench/RESULTS.md).

Targets (issue 14), ratios to plain Pelican's cold build at the same size: cold ≤ 1.0x; each
one-post edit ≤ 0.25x; no-op ≤ 0.1x; next day ≤ 0.1x; `invoke serve` save-to-reload
≤ 1.0 s at 1,000 posts; peak memory ≤ 3x plain's at 5,000 posts; from each size to the next,
every figure of the full build grows no worse than linearly (k ≤ 1 in cost ∝ postsᵏ). A
target for one size is checked at the measured size nearest to it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import math
import os
import platform
import shlex
import sys
from pathlib import Path

from bench.scenarios import (
    COLD,
    ENTRY_SHOWN,
    FULL,
    LABELS,
    MIDDLE,
    NEWEST,
    NEXT_DAY,
    NOOP,
    OLDEST,
    PLAIN,
    SCENARIOS,
    SHOWN,
    Series,
)
from bench.synth import ROOT, next_day

Results = dict[int, dict[str, Series]]
RATIO_TARGETS = ((COLD, 1.0), (NEWEST, 0.25), (OLDEST, 0.25), (MIDDLE, 0.25))
RATIO_TARGETS += ((NOOP, 0.1), (NEXT_DAY, 0.1))
SERVE_LIMIT, SERVE_AT = 1.0, 1000  # seconds, posts
MEMORY_LIMIT, MEMORY_AT = 3.0, 5000  # x plain's peak, posts


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _serve(s: Series) -> str:
    return "n/a" if s.serve_s is None else f"{s.serve_s:.2f}"


def _head(first: str) -> list[str]:
    names = " | ".join(SHOWN[s] for s in SCENARIOS)
    return [f"| posts | build | {names} | {first} |", "|---:|---|" + "---:|" * 8]


def times_table(results: Results) -> str:
    """Median seconds of every scenario, save-to-reload and peak MB, by size and build."""
    lines = _head("serve save-to-reload | peak MB")
    for posts, series in results.items():
        for kind in (PLAIN, FULL):
            s = series[kind]
            cells = " | ".join(f"{s.seconds(x):.2f}" for x in SCENARIOS)
            lines.append(f"| {posts} | {LABELS[kind]} | {cells} | {_serve(s)} | {s.peak_mb:.0f} |")
    return "\n".join(lines)


def ratio_table(results: Results) -> str:
    """Every scenario as a ratio to plain Pelican's cold build; peak to plain's peak."""
    lines = _head("serve s | peak / plain peak")
    for posts, series in results.items():
        base = series[PLAIN]
        for kind in (PLAIN, FULL):
            s = series[kind]
            cells = " | ".join(f"{s.seconds(x) / base.seconds(COLD):.2f}" for x in SCENARIOS)
            lines.append(
                f"| {posts} | {LABELS[kind]} | {cells} | {_serve(s)} "
                f"| {s.peak_mb / base.peak_mb:.2f} |"
            )
    return "\n".join(lines)


def _nearest(sizes: list[int], wanted: int) -> tuple[int, str] | None:
    """The measured size to check a target for ``wanted`` posts at, and how to show it."""
    if not sizes:
        return None
    size = min(sizes, key=lambda n: (abs(n - wanted), n))
    return size, str(size) if size == wanted else f"{size} (target at {wanted})"


def targets(results: Results) -> tuple[str, bool]:
    """The targets table and whether every target passed."""
    lines = ["| target | posts | measured | limit | result |", "|---|---:|---:|---:|---|"]
    all_ok = True

    def row(name: str, posts: str, measured: str, limit: str, ok: bool) -> None:
        nonlocal all_ok
        all_ok &= ok
        lines.append(f"| {name} | {posts} | {measured} | {limit} | {verdict(ok)} |")

    for posts, series in results.items():
        base, full = series[PLAIN].seconds(COLD), series[FULL]
        for scenario, limit in RATIO_TARGETS:
            value = full.seconds(scenario) / base
            row(
                f"full {SHOWN[scenario]} ≤ {limit}x plain cold",
                str(posts),
                f"{value:.2f}x",
                f"{limit:.2f}x",
                value <= limit,
            )
    served = [n for n, series in results.items() if series[FULL].serve_s is not None]
    if at := _nearest(served, SERVE_AT):
        value = results[at[0]][FULL].serve_s or 0.0
        row(
            f"serve save-to-reload ≤ {SERVE_LIMIT:.1f} s",
            at[1],
            f"{value:.2f} s",
            f"{SERVE_LIMIT:.2f} s",
            value <= SERVE_LIMIT,
        )
    if at := _nearest(list(results), MEMORY_AT):
        series = results[at[0]]
        value = series[FULL].peak_mb / series[PLAIN].peak_mb
        row(
            f"full peak memory ≤ {MEMORY_LIMIT:.0f}x plain",
            at[1],
            f"{value:.2f}x",
            f"{MEMORY_LIMIT:.2f}x",
            value <= MEMORY_LIMIT,
        )
    for small, large in itertools.pairwise(sorted(results)):
        a, b = results[small][FULL], results[large][FULL]
        figures = [(SHOWN[s], a.seconds(s), b.seconds(s)) for s in SCENARIOS]
        figures.append(("peak memory", a.peak_mb, b.peak_mb))
        if a.serve_s is not None and b.serve_s is not None:
            figures.append(("serve save-to-reload", a.serve_s, b.serve_s))
        for name, va, vb in figures:
            # Exponent k in cost ∝ posts^k; linear is k = 1.
            k = math.log(vb / va) / math.log(large / small) if va > 0 and vb > 0 else 0.0
            row(
                f"full {name} growth ≤ linear",
                f"{small}→{large}",
                f"x{vb / va if va else 0:.2f} (k={k:.2f})",
                f"x{large / small:.0f} (k=1)",
                k <= 1.0,
            )
    return "\n".join(lines), all_ok


def raw_runs(results: Results) -> str:
    """Every sample, by size, build and scenario."""
    lines = []
    for posts, series in results.items():
        for kind in (PLAIN, FULL):
            s = series[kind]
            parts = [
                f"{SHOWN[x]} s [{', '.join(f'{v.seconds:.2f}' for v in s.samples[x])}]"
                for x in SCENARIOS
            ]
            parts.append(f"peak MB [{', '.join(f'{v:.0f}' for v in s.run_peaks())}]")
            if s.serve:
                parts.append(f"serve s [{', '.join(f'{v:.2f}' for v in s.serve)}]")
            if s.serve_built:
                built = ", ".join(f"{v:.2f}" for v in s.serve_built)
                parts.append(f"serve save to site rebuilt s [{built}]")
            lines.append(f"- {posts} posts, {LABELS[kind]}: " + "; ".join(parts))
    return "\n".join(lines)


def _first(path: str, key: str) -> str:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    return "unknown"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _project_commit() -> str:
    """The checked-out commit, read from .git's files (git itself is not run)."""
    git = ROOT / ".git"
    with contextlib.suppress(OSError):
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        if (git / ref).is_file():
            return (git / ref).read_text().strip()[:12] + f" ({ref.rsplit('/', 1)[-1]})"
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0][:12] + f" ({ref.rsplit('/', 1)[-1]})"
    return "unknown"


def machine() -> dict[str, str]:
    mem_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    ram = f"{int(mem_kb) / 2**20:.1f} GiB" if mem_kb.isdigit() else "unknown"
    return {
        "CPUs (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU model": _first("/proc/cpuinfo", "model name"),
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Pelican": _version("pelican"),
        "Markdown": _version("markdown"),
        "pagefind": _version("pagefind"),
        "livereload": _version("livereload"),
        "playwright": _version("playwright"),
        "project commit": _project_commit(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def command_line(argv: list[str]) -> str:
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):
        python = python.relative_to(ROOT)
    return shlex.join([str(python), "-m", "bench.run", *argv])


def report(
    results: Results, argv: list[str], info: dict[str, str], args: argparse.Namespace
) -> str:
    """The whole report: how it was measured, the tables, the targets, the machine."""
    target_table, ok = targets(results)
    info = {**info, "load average at end": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    serve = (
        f"serve save-to-reload = `python -m invoke serve` in the copy, the newest post open "
        f"in headless chromium, median of {args.saves} save(s) per size, from the file "
        "write to the new text in the page (plain Pelican: n/a); the page shown first is "
        "make serve's preview of the saved post (coachsite/preview.py) when it can make one, "
        "and 'save to site rebuilt' (every run, below) is from the write to the end of the "
        "build that follows it."
        if args.saves
        else "serve save-to-reload: not measured (--saves 0)."
    )
    parts = [
        "# Build benchmark: plain Pelican vs the project's full build",
        "",
        *([args.note, ""] if args.note else []),
        f"Measured {dt.datetime.now().astimezone().isoformat(timespec='seconds')} with:",
        "",
        "```sh",
        command_line(argv),
        "```",
        "",
        f"Synthetic site: seed {args.seed}, posts over twelve years, build date (SITE_DATE) "
        f"{args.site_date}, next day {next_day(args.site_date)} (the same special running); "
        f"median of {args.runs} run(s); full build: `{ENTRY_SHOWN[args.entry]}` in the "
        "synthetic copy of the project. Each run: cold (no output or cache), then over what "
        "the build before left: an edit of the newest post, of the oldest, of the middle one "
        "by date (a new sentence each), a no-op rebuild, a next-day build. " + serve,
        "",
        "Median seconds (peak MB: the largest of a run's builds, median over runs):",
        "",
        times_table(results),
        "",
        "Ratios to plain Pelican's cold build at the same size (peak: to plain's peak):",
        "",
        ratio_table(results),
        "",
        target_table,
        "",
        f"Overall: {verdict(ok)}",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        "## Every run",
        "",
        raw_runs(results),
        "",
    ]
    return "\n".join(parts)
