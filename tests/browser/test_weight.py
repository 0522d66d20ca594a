"""What bench/weight.py measures. Budgets are checked by the benchmark, not by tests:
`.venv/bin/python -m bench.weight` prints each page type's weight and PASS/FAIL."""

from __future__ import annotations

from conftest import Project

from bench.weight import PAGES, measure, table


def test_the_benchmark_measures_every_page_type_with_its_css_and_scripts(
    april_site: Project,
) -> None:
    weights = measure(april_site.output)
    assert [w.page for w in weights] == list(PAGES)
    for w in weights:
        assert w.html > 0 and w.css > 0 and w.js > 0, table(weights)  # the files were found
        assert w.total == w.html + w.css + w.js


def test_the_search_page_alone_loads_pagefinds_ui(april_site: Project) -> None:
    weights = {w.page: w for w in measure(april_site.output)}
    assert weights["search"].js > 5 * weights["home"].js
    assert {w.css for name, w in weights.items() if name != "search"} == {weights["home"].css}
