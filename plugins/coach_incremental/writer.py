"""Pelican's writer, rendering through the render cache.

``write_file`` follows Pelican 4.12's ``Writer.write_file`` (pagination, local contexts, the
``content_written`` signal) with one difference: when the build keeps files of the last
output in place (coachsite/delta.py), a page the cache reuses is not written at all - it is
declared kept, and ``content_written`` names the file in the last output.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from coach_incremental.memo import Kept, MemoTemplate, RenderMemo
from coachsite import delta as output_delta

log = logging.getLogger(__name__)


def writer_class(memo: RenderMemo) -> type[Writer]:
    class MemoWriter(Writer):
        """Pelican's writer, rendering through ``memo``."""

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
            delta = output_delta.current()
            memo_template = MemoTemplate(template, memo)

            def write(localcontext: dict[str, Any], name: str) -> None:
                if localcontext["localsiteurl"]:
                    context["localsiteurl"] = localcontext["localsiteurl"]
                output = memo_template.render(localcontext)
                path = sanitised_join(self.output_path, name)
                if isinstance(output, Kept):
                    assert delta is not None  # the memo reuses pages only when it is kept
                    self._claim(path, override_output)
                    delta.keep(name)
                    localcontext[output_delta.KEPT_FROM] = (str(output.source), output.digest)
                else:
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with self._open_w(path, "utf-8", override=override_output) as handle:
                        handle.write(output)
                    memo.written(name, Path(path))
                    log.debug("Writing %s", path)
                signals.content_written.send(path, context=localcontext)

            def local(name: str, extra: dict[str, Any]) -> dict[str, Any]:
                localcontext = context.copy()
                localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
                if relative_urls:
                    relative_url = path_to_url(get_relative_path(name))
                    localcontext["SITEURL"] = relative_url
                    localcontext["localsiteurl"] = relative_url
                localcontext["output_file"] = name
                localcontext.update(extra)
                return localcontext

            if paginated is None:
                paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
            if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
                write(local(name, kwargs), name)
                return
            per_page = (
                self.settings["PAGINATED_TEMPLATES"][template_name]
                or self.settings["DEFAULT_PAGINATION"]
            )
            paginators = {
                key: Paginator(name, url, val, self.settings, per_page)
                for key, val in paginated.items()
            }
            for page_num in range(next(iter(paginators.values())).num_pages):
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    previous_page = paginator.page(page_num) if page_num > 0 else None
                    page = paginator.page(page_num + 1)
                    next_page = (
                        paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
                    )
                    paginated_kwargs.update(
                        {
                            f"{key}_paginator": paginator,
                            f"{key}_page": page,
                            f"{key}_previous_page": previous_page,
                            f"{key}_next_page": next_page,
                        }
                    )
                write(local(page.save_as, paginated_kwargs), page.save_as)

        def _claim(self, filename: str, override: bool) -> None:
            """Pelican's bookkeeping of ``_open_w`` (two pages, one file), without the file."""
            if filename in self._overridden_files:
                if override:
                    raise FileOverwriteFailedError(
                        f'Failed to overwrite "{filename}" a second time '
                        "(was previously overwritten)"
                    )
                return
            if filename in self._written_files and not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
            if override:
                self._overridden_files.add(filename)
            self._written_files.add(filename)

    return MemoWriter
