"""Plain Pelican vs this project's full build, side by side, as whole processes (issue 7).

For each size, one synthetic site (bench/synth.py) is built by both, several times:

- cold: no output/, no cache, no email artifacts;
- one-edit rebuild: right after that cold build, one post (the newest) gets a new sentence and
  the site is built again with everything the cold build left (output/, cache/), as when the
  coach saves a file. Plain Pelican keeps its default settings (no content cache).

Each build is its own process: wall time is measured around it; peak memory is the larger of
the kernel's peak RSS for the process (and any child it waited for, via wait4) and the peak
of the summed RSS of its process tree, sampled every 0.2 s (catches a helper such as Pagefind
running beside Python). Figures are medians over --runs; ratios are to plain Pelican's cold
build at the same size.

    .venv/bin/python -m bench.run --posts 1000 5000 --runs 3 --write
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import synth

ROOT = synth.ROOT
RESULTS = ROOT / "bench" / "RESULTS.md"
PLAIN, FULL = "plain", "full"
LABELS = {PLAIN: "plain Pelican 4.12", FULL: "project full build"}
TARGET_COLD = 1.0  # full cold <= 1.0 x plain cold
TARGET_EDIT = 0.35  # full one-edit rebuild <= 0.35 x plain cold
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


class BuildError(RuntimeError):
    """A measured build failed; the message holds its command and output."""


@dataclass
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class Series:
    """All measurements of one build kind at one size."""

    cold: list[Sample] = field(default_factory=list)
    edit: list[Sample] = field(default_factory=list)

    @property
    def cold_s(self) -> float:
        return statistics.median(s.seconds for s in self.cold)

    @property
    def edit_s(self) -> float:
        return statistics.median(s.seconds for s in self.edit)

    @property
    def cold_peak_mb(self) -> float:
        return statistics.median(s.peak_mb for s in self.cold)

    @property
    def peak_mb(self) -> float:
        """Median over runs of the larger peak of the run's two builds."""
        return statistics.median(
            max(c.peak_mb, e.peak_mb) for c, e in zip(self.cold, self.edit, strict=True)
        )


# -- measuring one process ---------------------------------------------------------------------

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{pid}/statm", "rb") as f:
                resident = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents[pid] = int(stat.rsplit(b")", 1)[1].split()[1])
        rss[pid] = resident * _PAGE
    total, todo, seen = 0, [root], set()
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(OSError):
                self.peak = max(self.peak, _tree_rss(self.pid))
            self.stop.wait(self.interval)


def measure(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Sample:
    """Run ``cmd`` to completion; its wall time and peak memory. Raise BuildError on failure."""
    log_dir = Path(tempfile.mkdtemp(prefix="coach-bench-log-", dir="/tmp"))
    out_path, err_path = log_dir / "stdout", log_dir / "stderr"
    try:
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
            )
            sampler = _Sampler(proc.pid)
            sampler.start()
            timed_out = threading.Event()

            def kill() -> None:
                timed_out.set()
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)

            timer = threading.Timer(timeout, kill)
            timer.start()
            try:
                # Wait without reaping, so the timer can never signal a reused process id.
                os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
                seconds = time.perf_counter() - start
            except BaseException:  # Ctrl+C: end the build we started, then re-raise
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                raise
            finally:
                timer.cancel()
                timer.join()
                sampler.stop.set()
                sampler.join()
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0 or timed_out.is_set():
            why = f"timed out after {timeout:.0f} s" if timed_out.is_set() else "failed"
            raise BuildError(
                f"{shlex.join(cmd)} (in {cwd}) {why} with exit status {proc.returncode}\n"
                + _tail("stderr", err_path)
                + _tail("stdout", out_path)
            )
        peak = max(usage.ru_maxrss * 1024, sampler.peak)  # ru_maxrss is in KiB on Linux
        return Sample(seconds, peak / 2**20)
    finally:
        shutil.rmtree(log_dir, ignore_errors=True)


def _tail(name: str, path: Path, lines: int = 60) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").rstrip()
    if not text:
        return ""
    return f"--- {name} (last {lines} lines) ---\n" + "\n".join(text.splitlines()[-lines:]) + "\n"


# -- the benchmark -----------------------------------------------------------------------------


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


def check_built(site: Path, sites: synth.Sites, marker: str | None = None) -> None:
    """The build really did the work: pages for the first, middle and last posts exist, and
    after an edit the newest post's page carries the new sentence."""
    posts = sorted(sites.posts, key=lambda p: p.date)
    for post in (posts[0], posts[len(posts) // 2], posts[-1]):
        page_of(site, post.slug)
    if marker:
        page = page_of(site, sites.newest.slug)
        if marker not in page.read_text(encoding="utf-8"):
            raise BuildError(f"the rebuild did not update {page.relative_to(site)} after the edit")


def bench_size(
    posts: int,
    *,
    runs: int,
    seed: int,
    site_date: dt.date,
    entry: str,
    timeout: float,
    keep: bool,
    log: bool = True,
) -> dict[str, Series]:
    workdir = Path(tempfile.mkdtemp(prefix=f"coach-bench-{posts}-", dir="/tmp"))
    try:
        started = time.perf_counter()
        sites = synth.make_sites(workdir, posts=posts, seed=seed, site_date=site_date)
        if log:
            print(
                f"[{posts} posts] synthetic site in {workdir} "
                f"({time.perf_counter() - started:.1f} s)",
                flush=True,
            )
        env = {**os.environ, "SITE_DATE": site_date.isoformat(), "PYTHONUNBUFFERED": "1"}
        env.pop("PYTHONPATH", None)
        results = {PLAIN: Series(), FULL: Series()}
        folders = {PLAIN: sites.plain, FULL: sites.full}
        for run in range(runs):
            # Alternate who goes first, so slow drift on a shared machine hits both alike.
            for kind in (PLAIN, FULL) if run % 2 == 0 else (FULL, PLAIN):
                site, cmd = folders[kind], build_command(kind, entry)
                synth.edit_post(site, sites.newest, "")  # the original text
                clean(site)
                cold = measure(cmd, site, env, timeout)
                check_built(site, sites)
                marker = f"benchedit{run}x{posts}"
                synth.edit_post(site, sites.newest, marker)
                edit = measure(cmd, site, env, timeout)
                check_built(site, sites, marker)
                results[kind].cold.append(cold)
                results[kind].edit.append(edit)
                if log:
                    print(
                        f"[{posts} posts] run {run + 1}/{runs} {kind:5}: "
                        f"cold {cold.seconds:6.2f} s {cold.peak_mb:6.0f} MB, "
                        f"one-edit {edit.seconds:6.2f} s "
                        f"{edit.peak_mb:6.0f} MB",
                        flush=True,
                    )
        return results
    finally:
        if keep:
            print(f"[{posts} posts] kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# -- reporting ---------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(results: dict[int, dict[str, Series]]) -> str:
    lines = [
        "| posts | build | cold s | one-edit s | peak MB | cold / plain cold "
        "| one-edit / plain cold | peak / plain cold peak |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for posts, series in results.items():
        base = series[PLAIN]
        for kind in (PLAIN, FULL):
            s = series[kind]
            lines.append(
                f"| {posts} | {LABELS[kind]} | {s.cold_s:.2f} | {s.edit_s:.2f} | {s.peak_mb:.0f} "
                f"| {s.cold_s / base.cold_s:.2f} | {s.edit_s / base.cold_s:.2f} "
                f"| {s.peak_mb / base.cold_peak_mb:.2f} |"
            )
    return "\n".join(lines)


def targets(results: dict[int, dict[str, Series]]) -> tuple[str, bool]:
    lines = ["| target | posts | measured | limit | result |", "|---|---:|---:|---:|---|"]
    all_ok = True
    for posts, series in results.items():
        base, full = series[PLAIN], series[FULL]
        for name, value, limit in (
            ("full cold ≤ 1.0x plain cold", full.cold_s / base.cold_s, TARGET_COLD),
            ("full one-edit ≤ 0.35x plain cold", full.edit_s / base.cold_s, TARGET_EDIT),
        ):
            ok = value <= limit
            all_ok &= ok
            lines.append(f"| {name} | {posts} | {value:.2f}x | {limit:.2f}x | {verdict(ok)} |")
    sizes = sorted(results)
    for small, large in itertools.pairwise(sizes):
        a, b = results[small][FULL], results[large][FULL]
        for name, va, vb in (
            ("cold", a.cold_s, b.cold_s),
            ("one-edit", a.edit_s, b.edit_s),
            ("peak memory", a.peak_mb, b.peak_mb),
        ):
            # Exponent k in cost ∝ posts^k; linear is k = 1.
            k = math.log(vb / va) / math.log(large / small)
            ok = k <= 1.0
            all_ok &= ok
            lines.append(
                f"| full {name} growth ≤ linear | {small}→{large} | x{vb / va:.2f} "
                f"(k={k:.2f}) | x{large / small:.0f} (k=1) | {verdict(ok)} |"
            )
    return "\n".join(lines), all_ok


def raw_runs(results: dict[int, dict[str, Series]]) -> str:
    lines = []
    for posts, series in results.items():
        for kind in (PLAIN, FULL):
            s = series[kind]
            cold = ", ".join(f"{x.seconds:.2f}" for x in s.cold)
            edit = ", ".join(f"{x.seconds:.2f}" for x in s.edit)
            peak = ", ".join(
                f"{max(c.peak_mb, e.peak_mb):.0f}" for c, e in zip(s.cold, s.edit, strict=True)
            )
            lines.append(
                f"- {posts} posts, {LABELS[kind]}: cold s [{cold}]; one-edit s [{edit}]; "
                f"peak MB [{peak}]"
            )
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
        "project commit": _project_commit(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def command_line(argv: list[str]) -> str:
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):
        python = python.relative_to(ROOT)
    return shlex.join([str(python), "-m", "bench.run", *argv])


def report(
    results: dict[int, dict[str, Series]],
    argv: list[str],
    info: dict[str, str],
    args: argparse.Namespace,
    note: str = "",
) -> str:
    target_table, ok = targets(results)
    info = {**info, "load average at end": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    parts = [
        "# Build benchmark: plain Pelican vs the project's full build",
        "",
        *([note, ""] if note else []),
        f"Measured {dt.datetime.now().astimezone().isoformat(timespec='seconds')} with:",
        "",
        "```sh",
        command_line(argv),
        "```",
        "",
        f"Synthetic site: seed {args.seed}, build date (SITE_DATE) {args.site_date}, "
        f"median of {args.runs} run(s); full build: `{ENTRY_SHOWN[args.entry]}` in the "
        "synthetic copy of the project. One-edit = the newest post gets a new "
        "sentence, then the site is rebuilt over the cold build's output and cache. "
        "Ratios are to plain Pelican's cold build at the same size.",
        "",
        table(results),
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        description="Plain Pelican vs the project's full build, as whole processes."
    )
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 5000], metavar="N")
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs")
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
    if args.runs < 1 or any(n < 3 for n in args.posts):
        parser.error("--runs must be at least 1 and --posts at least 3")

    info = machine()
    results: dict[int, dict[str, Series]] = {}
    try:
        for posts in sorted(set(args.posts)):
            results[posts] = bench_size(
                posts,
                runs=args.runs,
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

    text = report(results, argv, info, args, args.note)
    print()
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    str(n): {
                        k: {"cold": [vars(x) for x in s.cold], "edit": [vars(x) for x in s.edit]}
                        for k, s in series.items()
                    }
                    for n, series in results.items()
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    _, ok = targets(results)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
