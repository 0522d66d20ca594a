"""Run Pagefind (the binary shipped in the ``pagefind[extended]`` wheel) over a built site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from search.errors import SearchIndexError


def pagefind_command(site: Path, output_subdir: str = "pagefind") -> list[str]:
    """The command line: ``python -m pagefind`` runs the bundled binary."""
    return [sys.executable, "-m", "pagefind", "--site", str(site),
            "--output-subdir", output_subdir, "--silent"]  # fmt: skip


def build_index(site: Path, output_subdir: str = "pagefind", timeout: float = 300) -> Path:
    """Index the HTML under ``site`` into ``site/output_subdir``; raise SearchIndexError if not."""
    try:
        done = subprocess.run(
            pagefind_command(site, output_subdir),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SearchIndexError(f"could not run Pagefind: {err}") from None
    bundle = site / output_subdir
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
        raise SearchIndexError(
            "Pagefind could not index the site (is 'pagefind[extended]' installed? "
            f"run: make build):\n  {detail}"
        )
    return bundle
