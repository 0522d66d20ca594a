"""Social cards: what one card costs to draw, and its size (plugins/coach_cards).

Draws the cards of N synthetic titles (bench/posts.py's, as on the benchmark site) with the
theme's fonts, the way a first build does: one shared base per site and palette, then each
card's rule and title, saved as a palette PNG at level 1.

    .venv/bin/python -m bench.cards                # 200 titles, light palette
    .venv/bin/python -m bench.cards --titles 500 --dark
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from bench.posts import generate_posts  # noqa: E402
from coach_cards import draw  # noqa: E402
from coach_cards.layout import Face, drawable  # noqa: E402

FONTS = ROOT / "theme" / "fonts"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--titles", type=int, default=200)
    parser.add_argument("--dark", action="store_true", help="the dark palette")
    args = parser.parse_args(argv)
    faces = draw.Faces(
        Face.from_path(FONTS / "DejaVuSerif-Bold.ttf"), Face.from_path(FONTS / "DejaVuSans.ttf")
    )
    titles = [drawable(post.title, faces.title) or "" for post in generate_posts(args.titles)]
    palette = draw.DARK if args.dark else draw.LIGHT
    start = time.perf_counter()
    base = draw.Base("Midlife Career Strategy", palette, faces)
    setup = time.perf_counter() - start
    times, sizes = [], []
    for title in titles:
        start = time.perf_counter()
        sizes.append(len(base.card(title)))
        times.append(time.perf_counter() - start)
    print(f"{len(titles)} cards ({palette.name}), one process, one thread:")
    print(f"  shared base: {setup * 1000:.1f} ms once")
    print(
        f"  per card: median {statistics.median(times) * 1000:.1f} ms, "
        f"90th percentile {statistics.quantiles(times, n=10)[-1] * 1000:.1f} ms"
    )
    median, largest = statistics.median(sizes) / 1024, max(sizes) / 1024
    print(f"  size: median {median:.1f} KB, largest {largest:.1f} KB")
    print(f"  all: {sum(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
