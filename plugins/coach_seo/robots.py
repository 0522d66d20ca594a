"""robots.txt: everything may be crawled; where the sitemap is."""

from __future__ import annotations


def robots_txt(sitemap_url: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines.append(f"Sitemap: {sitemap_url}")
    return "\n".join(lines) + "\n"
