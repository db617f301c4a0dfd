"""The MkDocs adapter: generated pages and open-data files enter the build as in-memory files.

Everything MkDocs-specific lives here, so the rest of the package does not know MkDocs exists.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .cache import ParseCache
from .checks import check_repository
from .clock import parse_today
from .diagnostics import format_all, has_errors
from .export import data_plan
from .incremental import changed_pages
from .links import edit_url, repository_url, site_url
from .load import Layout
from .progress import Progress, compute_progress
from .render import page_plan
from .status import DUE_SOON_DAYS
from .views import is_detail
from .worker import Renderer, RenderFailed

TODAY_ENV = "TRACKER_TODAY"


class TrackerConfig(base.Config):
    data_dir = c.Type(str, default=".")  # the folder holding agencies.yaml, directives/, tasks.yaml
    today = c.Type(str, default="")  # YYYY-MM-DD; else $TRACKER_TODAY; else today in Vietnam
    due_soon_days = c.Type(int, default=DUE_SOON_DAYS)
    templates = c.Optional(c.Type(str))  # a folder of templates that replace the built-in ones
    branch = c.Type(str, default="main")  # the branch agencies propose their reports against


class TrackerPlugin(BasePlugin[TrackerConfig]):
    # Defining on_startup keeps this object across the rebuilds of one `mkdocs serve`, and with it what the last
    # build parsed and rendered: a saved file then costs its own pages, not a full rebuild.
    serving = False
    cache: ParseCache | None = None
    previous: Progress | None = None
    folder: Path | None = None
    renderer: Renderer | None = None

    def __init__(self) -> None:
        super().__init__()
        self.converting: dict[str, bytes] = {}
        self.converted: dict[str, tuple] = {}  # summary page -> (hash of its Markdown, what it converted to), serve

    def on_startup(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve" and dirty
        self.cache = ParseCache() if self.serving else None

    def on_config(self, config):
        # Runs before MkDocs clears site_dir: bad data stops the build with the old site intact.
        base_dir = Path(config.config_file_path or ".").parent
        self.layout = Layout((base_dir / self.config.data_dir).resolve())
        try:
            today = parse_today(self.config.today or os.environ.get(TODAY_ENV))
        except ValueError as exc:
            raise PluginError(f"Ngày tính số liệu không hợp lệ ({exc}); hãy viết YYYY-MM-DD.") from None
        if self.serving:
            dataset, diagnostics = check_repository(self.layout.root, self.cache)
            self.cache.forget_unused()
        else:
            cache = ParseCache.beside(self.layout.root)
            dataset, diagnostics = check_repository(self.layout.root, cache)
            cache.save()
        if has_errors(diagnostics):
            raise PluginError("Dữ liệu có lỗi, không dựng trang:\n" + format_all(diagnostics))
        progress = compute_progress(dataset, today, self.config.due_soon_days)
        override = base_dir / self.config.templates if self.config.templates else None
        pages = page_plan(progress, override, edit_url=self._ledger_edit_url(config))
        data = data_plan(progress, site_url(config.site_url, os.environ), override)
        self.page_paths, self.data_paths = list(pages), list(data)
        self.page_set = set(self.page_paths)
        if self.serving and self.previous is not None:
            # Rebuilding under serve: MkDocs (dirty) rebuilds only the pages whose source is newer than their HTML.
            # The downloads keep the first build's content until the next full build.
            fresh = changed_pages(self.previous, progress, pages)
            pages, data = {p: pages[p] for p in self.page_paths if p in fresh}, {}
        else:
            self._close()
            self.folder = Path(tempfile.mkdtemp(prefix="tracker-"))
        self.previous = progress if self.serving else None
        self.fresh = set(pages)
        for path in self.fresh:  # a page's stand-in source, newer than its HTML: MkDocs will rebuild it
            source = self.folder / "pages" / path
            source.parent.mkdir(parents=True, exist_ok=True)
            source.touch()
        if self.renderer is not None:
            self.renderer.close()
        self.renderer = Renderer(pages, data, self.folder / "data")
        return config

    def _ledger_edit_url(self, config) -> str | None:
        repository = repository_url(config.repo_url, os.environ)
        return edit_url(repository, self.config.branch, self.layout.name(self.layout.ledger))

    def on_files(self, files: Files, config) -> Files:
        # Listed now, rendered by the time MkDocs reads them (on_page_read_source, on_env).
        for path in self.page_paths:
            files.append(File.generated(config, path, abs_src_path=str(self.folder / "pages" / path)))
        for path in self.data_paths:
            files.append(File.generated(config, path, abs_src_path=str(self.folder / "data" / path)))
        return files

    def on_page_read_source(self, page, config) -> str | None:
        if page.file.src_uri in self.fresh:
            return self._wait(lambda: self.renderer.page(page.file.src_uri))
        return None

    def on_page_markdown(self, markdown, page, config, files):
        path = page.file.src_uri
        if not self.serving or path not in self.page_set or is_detail(path):
            return markdown
        # Under serve, summary pages are rendered again after every save, but most saves leave most of them as they
        # were; at national scale they are large (the overdue list runs to megabytes), and converting their Markdown
        # is most of a rebuild. Unchanged Markdown takes the last build's HTML instead (see on_page_content).
        key = hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()
        self.converting[path] = key
        return "" if self.converted.get(path, (None,))[0] == key else markdown

    def on_page_content(self, html, page, config, files):
        path = page.file.src_uri
        key = self.converting.pop(path, None)
        if key is not None:
            kept = self.converted.get(path)
            if kept is not None and kept[0] == key:
                # What Page.render (MkDocs 1.6) sets from the Markdown, restored from the last conversion.
                _key, html, page.toc, page._title_from_render, page.present_anchor_ids, page.links_to_anchors = kept
            else:
                self.converted[path] = (
                    key, html, page.toc, page._title_from_render, page.present_anchor_ids, page.links_to_anchors
                )  # fmt: skip
        if path in self.page_set and page.title:
            # The title comes from the page's first heading, where text from the data is escaped. Material shows a
            # title through `striptags`, which would unescape it into live markup in <title>; its `meta.title` is
            # shown as it is, escaped.
            page.meta["title"] = page.title
        return html

    def on_env(self, env, config, files):
        self._wait(self.renderer.finish)  # the data files are copied right after this event
        return env

    def on_post_build(self, config) -> None:
        if not self.serving:
            self._close()

    def on_build_error(self, error) -> None:
        if not self.serving:
            self._close()

    def on_shutdown(self) -> None:
        self._close()

    def on_serve(self, server, config, builder):
        for path in self.layout.watched():
            if path.exists():
                server.watch(str(path))
        return server

    def _wait(self, step):
        try:
            return step()
        except RenderFailed as exc:
            raise PluginError(f"Không dựng được trang: {exc}") from None

    def _close(self) -> None:
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
