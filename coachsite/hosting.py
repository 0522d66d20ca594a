"""The HTTP headers the site is served with on Netlify and Cloudflare Pages.

``content/extra/_headers`` is the one source: the build copies it to the top of the built
site (``public/_headers`` in the production build both hosts publish, where they read it),
and the browser test of the strict Content-Security-Policy reads its policy from here, so
the hosted policy is the one the theme is tested against.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADERS_FILE = ROOT / "content" / "extra" / "_headers"
CSP_HEADER = "Content-Security-Policy"
WASM = "'wasm-unsafe-eval'"  # Pagefind's index is WebAssembly (the search page)


def header_rules(text: str) -> dict[str, dict[str, str]]:
    """``_headers`` as path pattern -> {header name: value}, in the file's order.

    The format both hosts read: a path at the start of a line, then its headers indented
    below it as ``Name: value``; lines starting with ``#`` are comments.
    """
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
            continue
        name, colon, value = line.strip().partition(":")
        if current is None or not colon:
            raise ValueError(f"_headers:{number}: expected 'Name: value' under a path")
        current[name.strip()] = value.strip()
    return rules


def hosted_csp(path: Path = HEADERS_FILE) -> str:
    """The Content-Security-Policy every page is served with."""
    return header_rules(path.read_text("utf-8"))["/*"][CSP_HEADER]


def strict_csp(path: Path = HEADERS_FILE) -> str:
    """The hosted policy without WebAssembly: what every page but search must work under."""
    return hosted_csp(path).replace(f" {WASM}", "")
