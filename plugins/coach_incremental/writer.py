"""Pelican's writer, rendering through the render cache.

``write_file`` is Pelican 4.12's (pagination, local contexts, the ``content_written`` signal,
through coachsite/pelican_adapter.py) with one difference: when the build keeps files of the
last output in place (coachsite/delta.py), a page the cache reuses is not written at all - it
is declared kept, and ``content_written`` names the file in the last output.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican.utils import sanitised_join
from pelican.writers import Writer

from coach_incremental.memo import Kept, MemoTemplate, RenderMemo
from coachsite import delta as output_delta
from coachsite import pelican_adapter as adapter

log = logging.getLogger(__name__)


def writer_class(memo: RenderMemo) -> type[Writer]:
    class MemoWriter(Writer):
        """Pelican's writer, rendering through ``memo`` (``render_memo``: for the plugins
        that write files of their own through it, such as the feeds)."""

        render_memo = memo

        def write_file(
            self,
            name: Any,
            template: Any,
            context: dict[str, Any],
            relative_urls: bool = False,
            paginated: dict[str, Any] | None = None,
            template_name: str | None = None,
            override_output: bool = False,
            url: str | None = None,
            **kwargs: Any,
        ) -> None:
            if not name:
                return
            delta = output_delta.of(self.settings)
            memo_template = MemoTemplate(template, memo)

            def write(localcontext: dict[str, Any], name: str) -> str:
                output = memo_template.render(localcontext)
                path = sanitised_join(self.output_path, name)
                if isinstance(output, Kept):
                    assert delta is not None  # the memo reuses pages only when it is kept
                    adapter.claim_output(self, path, override_output)
                    delta.keep(name)
                    localcontext[output_delta.KEPT_FROM] = (str(output.source), output.digest)
                else:
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with adapter.open_output(self, path, override_output) as handle:
                        handle.write(output)
                    memo.written(name, Path(path))
                    localcontext[output_delta.WRITTEN_AS] = memo.last
                    log.debug("Writing %s", path)
                return path

            adapter.write_pages(
                self,
                name,
                context,
                relative_urls=relative_urls,
                paginated=paginated,
                template_name=template_name,
                url=url,
                kwargs=kwargs,
                write=write,
            )

    return MemoWriter
