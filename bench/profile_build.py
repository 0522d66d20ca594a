"""Where a build's time goes: cProfile of plain Pelican and of the project's full build.

Builds one synthetic site (bench/synth.py) under cProfile, each build its own process:
plain Pelican cold, the full build cold, and the full build's one-edit rebuild (cache and
output in place, the newest post changed). Prints, for each, the top functions by cumulative
and by own time, and a table of the build's phases (reading, Markdown, templates, writing,
plugins, cache). cProfile slows Python code by roughly 1.5-2x: compare shares, not seconds.

    .venv/bin/python -m bench.profile_build --posts 1000 --top 15
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import synth
from bench.run import PLAIN, clean

Key = tuple[str, int, str]  # pstats: (file, line, function)


def _class_names() -> dict[tuple[str, int], str]:
    """(file, first line) of each Pelican generator/reader/writer method -> Class.method."""
    import pelican.generators
    import pelican.readers
    import pelican.writers

    names: dict[tuple[str, int], str] = {}
    for module in (pelican.generators, pelican.readers, pelican.writers):
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for meth_name, meth in vars(cls).items():
                if inspect.isfunction(meth):
                    code = meth.__code__
                    names[(code.co_filename, code.co_firstlineno)] = f"{cls_name}.{meth_name}"
    return names


def _matches(key: Key, file_part: str, func: str) -> bool:
    return file_part in key[0].replace(os.sep, "/") and key[2] == func


# (label, file-path fragment, function name): phases worth reading in a Pelican build.
PHASES: list[tuple[str, str, str]] = [
    ("whole build: Pelican.run", "pelican/__init__.py", "run"),
    ("content checks (coachsite.content_check)", "coachsite/content_check.py", "check_content"),
    ("read all files (Readers.read_file)", "pelican/readers.py", "read_file"),
    ("  Markdown parse (Markdown.convert)", "markdown/core.py", "convert"),
    ("  Pygments highlighting (codehilite)", "markdown/extensions/codehilite.py", "hilite"),
    ("content cache load (pickle)", "pelican/cache.py", "__init__"),
    ("content cache save", "pelican/cache.py", "save_cache"),
    ("signals to plugins (blinker send)", "blinker/base.py", "send"),
    ("templates (jinja2 Template.render)", "jinja2/environment.py", "render"),
    ("write pages (Writer.write_file)", "pelican/writers.py", "write_file"),
    ("write feeds (Writer.write_feed)", "pelican/writers.py", "write_feed"),
    ("feedgen (FeedGenerator.atom_str/rss_str)", "feedgen/feed.py", "atom_str"),
    ("feedgen (FeedGenerator.rss_str)", "feedgen/feed.py", "rss_str"),
    ("URL/link rewriting (Content.get_content)", "pelican/contents.py", "get_content"),
    ("static files (copy)", "pelican/generators.py", "_copy_paths"),
    ("newsletter plugin generate_output", "newsletter/generator.py", "generate_output"),
    ("pagefind", "pagefind", "index"),
    ("staging swap (coachsite.build.swap_in)", "coachsite/build.py", "swap_in"),
    ("shutil.rmtree", "shutil.py", "rmtree"),
]


def phase_table(stats: pstats.Stats, names: dict[tuple[str, int], str]) -> str:
    raw: dict[Key, tuple] = stats.stats  # type: ignore[attr-defined]
    total = max((v[3] for v in raw.values()), default=0.0) or 1.0
    rows: list[tuple[str, float, int]] = []

    def add(label: str, predicate: Callable[[Key], bool]) -> None:
        hits = [(k, v) for k, v in raw.items() if predicate(k)]
        if not hits:
            return
        # Recursive/nested entries of one function count once: take the largest cumulative.
        cum = max(v[3] for _, v in hits)
        calls = sum(v[1] for _, v in hits)
        rows.append((label, cum, calls))

    for label, part, func in PHASES:
        add(label, lambda k, part=part, func=func: _matches(k, part, func))
    for (file, line), name in sorted(names.items(), key=lambda item: item[1]):
        meth = name.partition(".")[2]
        if meth in {"generate_context", "generate_output"}:
            add(f"{name}", lambda k, file=file, line=line: (k[0], k[1]) == (file, line))
    # Plugins' own generators and signal handlers (anything under a plugins/ folder).
    plugin_funcs: dict[str, float] = {}
    for key, value in raw.items():
        path = key[0].replace(os.sep, "/")
        if "/plugins/" in path and key[2] in {"generate_context", "generate_output"}:
            plugin = path.split("/plugins/", 1)[1]
            plugin_funcs[f"plugin {plugin}:{key[2]}"] = value[3]
    # Signal receivers: every function called straight from blinker's send (the plugins' hooks).
    receivers = []
    for key, value in raw.items():
        from_send = any(
            c[0].replace(os.sep, "/").endswith("blinker/base.py") and c[2] == "send"
            for c in value[4]
        )
        if from_send and key[0] != "~" and not key[0].startswith("<"):
            path = key[0].replace(os.sep, "/")
            shown = path.split("/plugins/", 1)[-1] if "/plugins/" in path else Path(path).name
            receivers.append((value[3], value[1], f"signal -> {shown}:{key[1]}({key[2]})"))
    lines = [f"{'phase':58} {'cum s':>8} {'share':>6} {'calls':>8}"]
    for label, cum, calls in rows:
        lines.append(f"{label[:58]:58} {cum:8.2f} {cum / total:6.1%} {calls:8d}")
    for label, cum in sorted(plugin_funcs.items()):
        lines.append(f"{label[:58]:58} {cum:8.2f} {cum / total:6.1%}")
    for cum, calls, label in sorted(receivers, reverse=True):
        if cum >= 0.005 * total:
            lines.append(f"{label[:58]:58} {cum:8.2f} {cum / total:6.1%} {calls:8d}")
    return "\n".join(lines)


# Run in the synthetic site's folder: the Markdown settings as the build sees them (after the
# plugins' `initialized` hooks), then the time to convert every post with all extensions and
# with each one left out.
MARKDOWN_COSTS = r"""
import sys, time
from pathlib import Path
sys.path[:0] = [".", "plugins"]
import markdown
from pelican import Pelican
from coachsite.build import load_settings

settings = load_settings(Path("pelicanconf.py").resolve())
Pelican(settings)
config = settings["MARKDOWN"]
configs = dict(config.get("extension_configs", {}))
names = list(configs) + [e for e in config.get("extensions", []) if isinstance(e, str)]
names += [] if "markdown.extensions.meta" in names else ["markdown.extensions.meta"]
others = [e for e in config.get("extensions", []) if not isinstance(e, str)]
texts = [p.read_text(encoding="utf-8") for p in sorted(Path("content/articles").glob("*.md"))]


def cost(used):
    md = markdown.Markdown(
        extensions=[*used, *others],
        extension_configs={k: v for k, v in configs.items() if k in used},
        output_format=config.get("output_format", "html5"),
    )
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for text in texts:
            md.reset().convert(text)
        best = min(best, time.perf_counter() - start)
    return best


full = cost(names)
print(f"{'Markdown extensions (all posts)':44} {'s':>7} {'ms/post':>8} {'saving':>7}")
print(f"{'all: ' + ', '.join(n.rsplit('.', 1)[-1] for n in names):44.44} "
      f"{full:7.2f} {full / len(texts) * 1000:8.2f}")
for name in names:
    if name == "markdown.extensions.meta":  # Pelican needs it for the front matter
        continue
    t = cost([n for n in names if n != name])
    print(f"{'  without ' + name.rsplit('.', 1)[-1]:44} {t:7.2f} "
          f"{t / len(texts) * 1000:8.2f} {1 - t / full:7.0%}")
"""


def markdown_costs(site: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", MARKDOWN_COSTS],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        return "(could not time the Markdown extensions)\n" + done.stderr[-2000:]
    return done.stdout.rstrip()


def top_cumulative(stats: pstats.Stats, count: int) -> str:
    """Top functions by cumulative time, below the entry chain (runpy, invoke, Pelican.run...):
    functions holding 95% or more of the whole run are left out, they only wrap the rest."""
    raw: dict[Key, tuple] = stats.stats  # type: ignore[attr-defined]
    total = max((v[3] for v in raw.values()), default=0.0) or 1.0
    rows = sorted(
        ((v[3], v[2], v[1], k) for k, v in raw.items() if v[3] < 0.95 * total), reverse=True
    )
    lines = [f"{'cum s':>8} {'share':>6} {'own s':>7} {'calls':>8}  function"]
    for cum, own, calls, (file, line, func) in rows[:count]:
        path = re.sub(
            r"^.*/(site-packages|plugins|lib/python3\.\d+)/", "", file.replace(os.sep, "/")
        )
        path = Path(path).name if path.startswith("/") else path
        lines.append(f"{cum:8.2f} {cum / total:6.1%} {own:7.2f} {calls:8d}  {path}:{line}({func})")
    return "\n".join(lines)


def top(stats: pstats.Stats, sort: str, count: int) -> str:
    buffer = io.StringIO()
    stats.stream = buffer  # type: ignore[attr-defined]
    stats.sort_stats(sort).print_stats(count)
    text = buffer.getvalue()
    start = text.find("   ncalls")
    return text[start:].rstrip() if start >= 0 else text.rstrip()


def profile(cmd: list[str], site: Path, env: dict[str, str], out: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(out), *cmd],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        print(done.stdout[-4000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"error: the profiled build in {site} failed ({done.returncode})")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--site-date", type=dt.date.fromisoformat, default=synth.DEFAULT_SITE_DATE)
    parser.add_argument("--save", type=Path, help="keep the .prof files in this folder")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic site")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix=f"coach-profile-{args.posts}-", dir="/tmp"))
    names = _class_names()
    try:
        sites = synth.make_sites(
            workdir, posts=args.posts, seed=args.seed, site_date=args.site_date
        )
        env = {**os.environ, "SITE_DATE": args.site_date.isoformat()}
        env.pop("PYTHONPATH", None)
        plain_cmd = ["-m", "pelican", "content", "-s", "pelicanconf.py"]
        full_cmd = ["-m", "invoke", "build"]
        runs = [
            ("plain-cold", PLAIN, sites.plain, plain_cmd, None),
            ("full-cold", "full", sites.full, full_cmd, None),
            ("full-one-edit", "full", sites.full, full_cmd, "profileedit"),
        ]
        print(f"=== Markdown cost per extension ({args.posts} posts, full build's settings) ===\n")
        print(markdown_costs(sites.full, env))
        for name, _kind, site, cmd, marker in runs:
            if marker:
                synth.edit_post(site, sites.newest, marker)
            else:
                clean(site)
            out = workdir / f"{name}.prof"
            seconds = profile(cmd, site, env, out)
            stats = pstats.Stats(str(out))
            stats.strip_dirs()
            full_stats = pstats.Stats(str(out))
            print(f"\n=== {name}: {args.posts} posts, {seconds:.2f} s under cProfile ===\n")
            print(phase_table(full_stats, names))
            print(f"\n--- top {args.top} by cumulative time (below the entry chain) ---")
            print(top_cumulative(full_stats, args.top))
            print(f"\n--- top {args.top} by own time ---")
            print(top(stats, "tottime", args.top))
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                shutil.copy2(out, args.save / out.name)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
