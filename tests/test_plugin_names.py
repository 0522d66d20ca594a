"""The project's plugins cannot be taken over by upstream ones (issue 14).

Pelican loads a namespace plugin ``pelican.plugins.<name>`` before a legacy plugin of the same
name on ``PLUGIN_PATHS``; ``pelican-seo`` and ``pelican-search`` exist on PyPI. The project's
plugins are named ``coach_*``, so an installed ``pelican.plugins.seo`` changes nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pelican
import pytest

from tests.conftest import Project

UPSTREAM_NAMES = ("seo", "search", "feeds", "consult", "newsletter", "linkcheck", "incremental")

FAKE_PLUGIN = """
from pathlib import Path

def register():
    Path({marker!r}).write_text("loaded", encoding="utf-8")
"""


@pytest.fixture
def markers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield fake_namespace_plugins(tmp_path / "upstream", monkeypatch)
    for name in UPSTREAM_NAMES:  # imported from this test's folder: not for the next test
        sys.modules.pop(f"pelican.plugins.{name}", None)


def fake_namespace_plugins(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``pelican/plugins/<name>/`` for each upstream-sounding name, as ``pip install`` would put
    them; loading one leaves a marker. ``pelican`` is a regular package, so the folder joins
    its ``__path__`` (and so the ``pelican.plugins`` namespace), not only ``sys.path``."""
    markers = folder / "markers"
    markers.mkdir(parents=True)
    for name in UPSTREAM_NAMES:
        package = folder / "ns" / "pelican" / "plugins" / name
        package.mkdir(parents=True)
        marker = str(markers / name)
        (package / "__init__.py").write_text(FAKE_PLUGIN.format(marker=marker), "utf-8")
    monkeypatch.syspath_prepend(str(folder / "ns"))
    monkeypatch.setattr(pelican, "__path__", [*pelican.__path__, str(folder / "ns" / "pelican")])
    return markers


def test_namespace_plugins_named_like_ours_are_not_loaded(project: Project, markers: Path) -> None:

    project.build()

    assert sorted(p.name for p in markers.iterdir()) == []
    page = project.read("posts/pseudo-interviews/index.html")
    assert '<aside class="cta"' in page  # coach_consult ran
    blocks = page.split('<script type="application/ld+json">')[1:]
    types = {json.loads(block.split("</script>")[0])["@type"] for block in blocks}
    assert "BlogPosting" in types  # coach_seo ran
    assert (project.output / "pagefind" / "pagefind.js").is_file()  # coach_search ran


def test_the_fake_upstream_plugin_is_found_when_asked_for(project: Project, markers: Path) -> None:
    """The check above can fail: Pelican does find and load these namespace plugins by name."""
    project.write(
        "asking.py",
        "import sys\nfrom pathlib import Path\n"
        "sys.path.insert(0, str(Path(__file__).resolve().parent))\n"
        "from pelicanconf import *  # noqa: F403\nPLUGINS = [*PLUGINS, 'seo']  # noqa: F405\n",
    )

    project.build(settings="asking.py")

    assert sorted(p.name for p in markers.iterdir()) == ["seo"]
