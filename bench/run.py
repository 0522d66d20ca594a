"""Plain Pelican vs this project's full build, side by side, as whole processes (issue 14).

For each size, one synthetic site (bench/synth.py: posts over twelve years) is built by both,
--runs times, in every scenario of bench/scenarios.py: cold; an edit of the newest, the
oldest and the middle post; a no-op rebuild; a next-day build. Then, for the project only,
`invoke serve` save-to-reload in headless chromium (bench/serve_reload.py). Each build is
its own process (bench/measure.py: wall time, peak memory of its process tree). Figures are
medians; ratios are to plain Pelican's cold build at the same size; bench/report.py writes
the tables and the targets.

    .venv/bin/python -m bench.run --posts 1000 5000 --runs 3 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import serve_reload, synth
from bench.measure import BuildError, Sample, measure
from bench.report import machine, report, targets
from bench.scenarios import (
    ENTRY_SHOWN,
    FULL,
    FULL_ENTRIES,
    LABELS,
    PLAIN,
    SCENARIOS,
    Series,
    build_command,
    build_env,
    check_built,
    clean,
    page_of,
    run_builds,
)

__all__ = [  # what other bench modules import from here
    "ENTRY_SHOWN", "FULL", "FULL_ENTRIES", "LABELS", "PLAIN", "ROOT", "SCENARIOS",
    "BuildError", "Sample", "Series", "bench_size", "build_command", "check_built", "clean",
    "main", "measure", "page_of",
]  # fmt: skip

ROOT = synth.ROOT
RESULTS = ROOT / "bench" / "RESULTS.md"


def bench_size(
    posts: int,
    *,
    runs: int,
    saves: int,
    seed: int,
    site_date: dt.date,
    entry: str,
    timeout: float,
    keep: bool,
) -> dict[str, Series]:
    """Every build scenario ``runs`` times for both builds, then ``saves`` serve saves."""
    workdir = Path(tempfile.mkdtemp(prefix=f"coach-bench-{posts}-", dir="/tmp"))

    def log(line: str) -> None:
        print(f"[{posts} posts] {line}", flush=True)

    try:
        started = time.perf_counter()
        sites = synth.make_sites(workdir, posts=posts, seed=seed, site_date=site_date)
        log(f"synthetic site in {workdir} ({time.perf_counter() - started:.1f} s)")
        env = build_env(site_date)
        results = run_builds(sites, runs=runs, entry=entry, timeout=timeout, env=env, log=log)
        if saves:
            results[FULL].serve, results[FULL].serve_built = serve_reload.measure_serve(
                sites.full, sites.newest, saves=saves, env=env, timeout=timeout, log=log
            )
        return results
    finally:
        if keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def as_json(results: dict[int, dict[str, Series]]) -> str:
    """Every sample, by size, build and scenario."""
    return json.dumps(
        {
            str(n): {
                kind: {
                    **{s: [vars(x) for x in series.samples[s]] for s in SCENARIOS},
                    "serve": series.serve,
                    "serve_built": series.serve_built,
                }
                for kind, series in by_kind.items()
            }
            for n, by_kind in results.items()
        },
        indent=2,
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        description="Plain Pelican vs the project's full build, as whole processes."
    )
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 5000], metavar="N")
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs")
    parser.add_argument(
        "--saves", type=int, default=5, help="invoke serve saves per size (0: no serve)"
    )
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--site-date", type=dt.date.fromisoformat, default=synth.DEFAULT_SITE_DATE)
    parser.add_argument("--entry", choices=sorted(FULL_ENTRIES), default="invoke")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per build")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--note", default="", help="a line to put at the top of the report")
    parser.add_argument("--json", type=Path, help="also write every sample as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic sites in /tmp")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.saves < 0 or any(n < 3 for n in args.posts):
        parser.error("--runs must be at least 1, --saves at least 0 and --posts at least 3")
    try:
        synth.next_day(args.site_date)
    except ValueError as err:
        parser.error(str(err))
    if args.saves and (why := serve_reload.unavailable()):
        parser.error(f"{why}; or --saves 0 to leave out invoke serve")

    info = machine()
    results: dict[int, dict[str, Series]] = {}
    try:
        for posts in sorted(set(args.posts)):
            results[posts] = bench_size(
                posts,
                runs=args.runs,
                saves=args.saves,
                seed=args.seed,
                site_date=args.site_date,
                entry=args.entry,
                timeout=args.timeout,
                keep=args.keep,
            )
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130

    text = report(results, argv, info, args)
    print()
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    if args.json:
        args.json.write_text(as_json(results), encoding="utf-8")
    _, ok = targets(results)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
