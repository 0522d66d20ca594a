"""Merged search shards re-scored with the whole site's statistics: do they rank like one index?

bench/search_ranking.py shows that no shard layout ranks like one Pagefind index of the same
pages: each shard weighs a word by its own inverse document frequency (IDF), and a word on
nearly every page ("interview") has an IDF near zero in the whole site but a larger one in a
shard where a few pages lack it, so that shard's pages take the top places. This measures the
remedy a search page could apply: each shard loaded as an instance of its own
(``createInstance``) in Pagefind's playground mode, whose hits carry each matched word's
score, IDF, the shard's count of pages holding it, the page's length and the boost of each
field (title, image alt) that holds query words. The site's count of pages holding a word is
the sum over shards (each query word is also searched alone in every shard, so that shards
without a hit for the whole query count too); each hit is scored again with the site's IDF
and average page length, and the hits of all shards are sorted by that. Pagefind's public
``createInstance`` has no playground switch, so the bench's copies of ``pagefind.js`` get one.

It prints, per layout, the mean top-5 overlap with the single index and the relevance kept
(as bench/search_ranking.py), for Pagefind's own merge and for the re-scored one (the single
index re-scored shows how closely the re-score reproduces Pagefind's own scores), and the IDF
of the queries' most common words in the whole site against their range over the shards.

    .venv/bin/python -m bench.search_rerank --site /tmp/s1000/full   # a built synthetic site
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import search_ranking as ranking

# Pagefind's files a shard needs to be loaded as an instance of its own (not merged).
STANDALONE = ("pagefind.js", "pagefind-worker.js")
# Pagefind's ``createInstance`` does not hand out its instance's playground switch (only the
# playground page uses it): the bench's copies of pagefind.js do, for this measurement only.
INSTANCE = "return{options:(opts)=>wrapper.options(opts),"
PLAYGROUND = "return{enterPlaygroundMode:()=>wrapper.enterPlaygroundMode()," + INSTANCE[7:]

RESCORE_JS = """
async ([main, shards, queries, top]) => {
  const mod = await import(main + "pagefind.js");
  const instances = [];
  for (const path of [main, ...shards]) {
    const one = mod.createInstance({ basePath: path, noWorker: true, excerptLength: 30 });
    await one.enterPlaygroundMode();
    instances.push(one);
  }
  const pages = [];
  for (const one of instances) pages.push((await one.search(null, {})).results.length);
  let total = 0, words_in_all = 0;
  for (const one of instances) {
    const all = (await one.search(null, {})).results;
    total += all.length;
    if (all.length) words_in_all += all.length * all[0].params.average_page_length;
  }
  const length = words_in_all / total; // the site's average page length
  const idf = (n, df) => Math.log((n - df + 0.5) / (df + 0.5) + 1);
  const answers = [];
  const words = {};
  for (const query of queries) {
    // each shard's count of pages holding each word (word -> per shard), from any hit
    const held = {};
    const note = (found, s) => {
      for (const hit of found.results)
        for (const w of hit.scores || []) {
          held[w.search_term] = held[w.search_term] || instances.map(() => 0);
          held[w.search_term][s] = w.params.pages_containing_term;
        }
    };
    const whole = await Promise.all(instances.map((one) => one.search(query, {})));
    whole.forEach(note);
    for (const term of query.split(/\\s+/))
      (await Promise.all(instances.map((one) => one.search(term, {})))).forEach(note);
    const site = {};
    for (const [w, counts] of Object.entries(held)) {
      site[w] = idf(total, counts.reduce((a, b) => a + b, 0));
      words[w] = words[w] || {
        site: site[w],
        shards: counts.map((c, s) => (c ? idf(pages[s], c) : null)).filter((v) => v !== null),
      };
    }
    const hits = [];
    for (const found of whole)
      for (const hit of found.results) {
        // Pagefind's BM25 term (k1 1.4, b 0.75, as its playground reports) with the site's
        // IDF and average page length; the boost of a field that holds query words
        // (weight x coverage^3 x the query's IDF, as reported) with the site's IDF
        let score = hit.score;
        const dl = hit.params.document_length;
        for (const w of hit.scores || []) {
          const x = w.params.weighted_term_frequency * w.params.length_bonus;
          const tf = (2.4 * x) / (1.4 * (1 - 0.75 + (0.75 * dl) / length) + x);
          score += site[w.search_term] * tf - w.score;
        }
        const queried = (hit.scores || []).reduce((a, w) => a + site[w.search_term], 0);
        for (const m of hit.verbose_meta_scores || []) {
          const matched = m.matched_terms.reduce((a, t) => a + (site[t] ?? 0), 0);
          const cover = queried > 0 ? Math.min(1, matched / queried) : 0;
          score += m.field_weight * cover ** 3 * queried - m.coverage_boost;
        }
        hits.push([hit, score]);
      }
    hits.sort((a, b) => b[1] - a[1]);
    const first = await Promise.all(hits.slice(0, top).map(([hit]) => hit.data()));
    answers.push({ ranked: hits.map(([hit, s]) => [hit.id, s]), urls: first.map((d) => d.url) });
  }
  return { answers, words, pages };
}
"""


def standalone(output: Path, main: str, shards: list[str]) -> None:
    """Give each merged shard Pagefind's script and WebAssembly, to load it on its own, and
    let the scripts switch an instance to playground mode."""
    source = output / main.strip("/")
    script = source / "pagefind.js"
    text = script.read_text(encoding="utf-8")
    if INSTANCE not in text:
        raise SystemExit(f"error: {script} has no createInstance as this bench knows it")
    script.write_text(text.replace(INSTANCE, PLAYGROUND, 1), encoding="utf-8")
    names = [*STANDALONE, *(p.name for p in source.glob("wasm.*.pagefind"))]
    for shard in shards:
        for name in names:
            if (source / name).exists():
                shutil.copy2(source / name, output / shard.strip("/") / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built synthetic site")
    parser.add_argument("--layouts", nargs="+", choices=sorted(ranking.LAYOUTS))
    args = parser.parse_args(argv)
    layouts = ["single", *(n for n in args.layouts or ranking.LAYOUTS if n != "single")]
    output = args.site / "output"
    pages = ranking.searchable_pages(args.site)
    dated = [d for d, _ in pages.values() if d is not None]
    year = max(dated).year  # the synthetic site's newest post is the evening before its date
    print(f"{len(pages)} searchable pages ({len(dated)} posts), build year {year}")
    bundles = {}
    for name in layouts:
        folder = f"pf-{name}"
        bundles[name] = ranking.index_layout(output, folder, pages, ranking.LAYOUTS[name][0], year)
        standalone(output, f"/{folder}/", bundles[name])
    folders = {f"pf-{n}": bundles[n] for n in layouts}
    merged = ranking.search_all(output, folders, ranking.QUERIES)
    rescored = ranking.search_all(output, folders, ranking.QUERIES, RESCORE_JS)
    reference = merged["pf-single"]
    print(
        "\n| layout | shards | merged: top-5 overlap | relevance kept "
        "| re-scored: top-5 overlap | relevance kept | same order |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in layouts:
        plain = ranking.compare(reference, merged[f"pf-{name}"])
        fixed = ranking.compare(reference, rescored[f"pf-{name}"]["answers"])
        print(
            f"| {name} | {len(bundles[name]) + 1} "
            f"| {statistics.mean(r[0] for r in plain):.2f} "
            f"| {statistics.mean(r[2] for r in plain):.2f} "
            f"| {statistics.mean(r[0] for r in fixed):.2f} "
            f"| {statistics.mean(r[2] for r in fixed):.2f} "
            f"| {sum(r[1] for r in fixed)}/{len(fixed)} |"
        )
    for name in layouts[1:]:
        words = rescored[f"pf-{name}"]["words"]
        print(f"\nIDF of the queries' words, {name}: whole site / lowest-highest over shards")
        common = sorted(words.items(), key=lambda item: item[1]["site"])[:8]
        for word, row in common:
            low, high = min(row["shards"]), max(row["shards"])
            print(f"  {word:16} {row['site']:.4f}   {low:.4f}-{high:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
