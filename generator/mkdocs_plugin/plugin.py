"""The MkDocs adapter: generated pages and open-data files enter the build as in-memory files.

Everything MkDocs-specific lives here, so the rest of the package does not know MkDocs exists.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver

from generator.core.addresses import is_detail
from generator.core.cache import ParseCache
from generator.core.diagnostics import format_all
from generator.core.leftovers import fresh_folder
from generator.core.load import Layout
from generator.core.pipeline import Checked, checked_progress
from generator.core.progress import Progress
from generator.core.refresh import refreshed
from generator.core.report_files import is_report_file
from generator.core.settings import SettingsError
from generator.mkdocs_plugin.config import TrackerConfig, settings_of
from generator.mkdocs_plugin.pages import (
    Converted,
    converter,
    convertible,
    restore_render,
    saved_render,
    take_converted,
)
from generator.mkdocs_plugin.shell import squeeze_shell
from generator.mkdocs_plugin.theme import (
    CompiledTemplates,
    add_markdown,
    add_overrides,
    drop_unused,
    reach_material,
    shorter_config,
)
from generator.mkdocs_plugin.watch import Saved, watch_natively
from generator.site.export import NO_SITE_URL, data_plan
from generator.site.incremental import changed_pages, first_pages
from generator.site.render import site_plan
from generator.site.worker import Renderer, RenderFailed

log = logging.getLogger("tracker")
T = TypeVar("T")


class TrackerPlugin(BasePlugin[TrackerConfig]):
    # Defining on_startup keeps this object across the rebuilds of one `mkdocs serve`, and with it what the last
    # build parsed and rendered: a saved file then costs its own pages, not a full rebuild.
    serving = False
    cache: ParseCache | None = None
    previous: Progress | None = None
    checked: Checked | None = None  # under serve, the last load: what a saved report file is applied to
    saved: Saved | None = None  # under serve, the files saved since the last load
    folder: Path | None = None
    renderer: Renderer | None = None
    settled: Progress | None = None  # under serve, the state every page was last built for
    follow_up: Path | None = None  # under serve, a file in a watched folder: touching it asks for another rebuild
    observer: BaseObserver | None = None  # under serve, what watches the data files (watch.py)

    def __init__(self) -> None:
        super().__init__()
        self.converting: dict[str, bytes] = {}
        self.converting_ahead: dict[str, Converted] = {}  # in a build, pages the renderer converted (on_files)
        self.converted: dict[str, tuple[bytes, str, Any]] = {}  # summary page -> (its Markdown's hash, HTML, state)
        self.compiled = CompiledTemplates()
        self.first: set[str] = set()  # under serve, pages built ahead of the rest for the last build's state (_fresh)

    def on_startup(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve" and dirty
        self.cache = ParseCache() if self.serving else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before MkDocs clears site_dir: bad data stops the build with the old site intact.
        try:
            settings = settings_of(config, self.config, os.environ)
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        add_overrides(config)  # one-line navigation items and tabs: see theme.py
        add_markdown(config)
        self.settings, self.layout = settings, Layout(settings.root)
        checked = self._refreshed() if self.serving else None
        reloaded = checked is None
        if checked is None:
            cache = cast(ParseCache, self.cache) if self.serving else ParseCache.beside(settings.root)  # on_startup
            checked = checked_progress(settings, cache)
            if self.serving:
                cache.forget_unused()
            else:
                cache.save()
        self.checked = checked if self.serving else None
        # The model lives as long as the build (under serve, the rebuilds that apply a report to it): frozen, the cycle
        # collector never walks its millions of objects (1 s at 20,000 tasks). Under serve the last build's garbage
        # (MkDocs' pages hold cycles) goes first; the model holds none, so a model let go is freed all the same.
        if self.serving:
            gc.collect()
        gc.freeze()
        progress = checked.progress
        if progress is None:
            raise PluginError("Dữ liệu có lỗi, không dựng trang:\n" + format_all(checked.diagnostics))
        pages = site_plan(progress, settings, self.layout.name(self.layout.ledger))
        data = data_plan(progress, settings.site_url, settings.templates)
        if settings.site_url is None and not (self.serving and self.previous is not None):
            log.warning(NO_SITE_URL)  # once a build (not again on every rebuild of `serve`)
        self.page_paths, self.data_paths = list(pages), list(data)
        self.page_set = set(self.page_paths)
        if self.serving and self.previous is not None:
            # Rebuilding under serve: MkDocs (dirty) rebuilds only the pages whose source is newer than their HTML.
            # The downloads keep the first build's content until the next full build.
            fresh = self._fresh(progress, pages, refreshed=not reloaded)
            pages, data = {p: pages[p] for p in self.page_paths if p in fresh}, {}
        else:
            self._close()
            self.folder = fresh_folder(Path(tempfile.gettempdir()), "tracker-")
            self.settled = progress if self.serving else None
        self.previous = progress if self.serving else None
        self.fresh = set(pages)
        folder = cast(Path, self.folder)  # made by the first build, kept under serve
        for path in self.fresh:  # a page's stand-in source, newer than its HTML: MkDocs will rebuild it
            source = folder / "pages" / path
            source.parent.mkdir(parents=True, exist_ok=True)
            source.touch()
        self.plan = pages, data
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Listed now, rendered by the time MkDocs reads them (on_page_read_source, on_env). MkDocs reads the pages in
        # this order: the directive pages last and from the last, while the renderer converts them from the first.
        folder = cast(Path, self.folder)
        pages, data = self.plan
        del self.plan
        there = [] if self.serving else convertible(config, self, self.page_paths)  # the order the renderer takes them
        taken = set(there)
        order = [path for path in self.page_paths if path not in taken] + there[::-1]
        drop_unused(files)  # Material's search files and source maps: no page loads them (theme.py)
        for path in order:
            files.append(File.generated(config, path, abs_src_path=str(folder / "pages" / path)))
        for path in self.data_paths:
            files.append(File.generated(config, path, abs_src_path=str(folder / "data" / path)))
        # `mkdocs serve` runs threads (the file watcher, the HTTP server): forking one would copy their locks in
        # whatever state they are, so under serve the few pages are rendered here, on demand. In a build the
        # renderer's process also converts the directive pages MkDocs has not reached (worker.py).
        convert = converter(config, files)
        then = {path: partial(convert, path) for path in there}
        ordered = {path: pages[path] for path in order if path in pages}
        self.renderer = Renderer(ordered, data, folder / "data", fork=not self.serving, then=then)
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        if page.file.src_uri in self.fresh:
            renderer = cast(Renderer, self.renderer)
            return self._wait(lambda: renderer.page(page.file.src_uri))
        return None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = page.file.src_uri
        if path in self.fresh and (converted := cast(Renderer, self.renderer).ahead(path)) is not None:
            self.converting_ahead[path] = converted
            return ""  # converted already: MkDocs converts nothing, on_page_content puts the HTML in place
        if not self.serving or path not in self.page_set or is_detail(path):
            return markdown
        # Under serve, summary pages are rendered again after every save, but most saves leave most of them as they
        # were; at national scale they are large (the overdue list runs to megabytes), and converting their Markdown
        # is most of a rebuild. Unchanged Markdown takes the last build's HTML instead (see on_page_content).
        key = hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()
        self.converting[path] = key
        return "" if self.converted.get(path, (None,))[0] == key else markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = page.file.src_uri
        key = self.converting.pop(path, None)
        ahead = self.converting_ahead.pop(path, None)
        if ahead is not None:
            html = take_converted(page, files, ahead)
        elif key is not None:
            kept = self.converted.get(path)
            if kept is not None and kept[0] == key:
                html = kept[1]
                restore_render(page, kept[2])
            else:
                self.converted[path] = (key, html, saved_render(page))
        if path in self.page_set and page.title:
            # The title comes from the page's first heading, where text from the data is escaped. Material shows a
            # title through `striptags`, which would unescape it into live markup in <title>; its `meta.title` is
            # shown as it is, escaped.
            page.meta["title"] = page.title
        return html

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        reach_material(env, config)  # the overrides fall back on Material's templates (theme.py)
        if self.serving:
            env.bytecode_cache = self.compiled
        self._wait(cast(Renderer, self.renderer).finish)  # the data files are copied right after this event
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return squeeze_shell(shorter_config(output))  # half of Material's shell is indentation: see shell.py

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.serving:
            self._close()
            return
        if self.first and self.follow_up is not None:
            self.follow_up.touch()  # the rest of what the saved report changed: see _fresh

    def on_build_error(self, error: Exception) -> None:
        if not self.serving:
            self._close()

    def on_shutdown(self) -> None:
        self._close()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        # The data files are watched by a handler of our own, which notes which files changed, so that a saved
        # report file is applied alone (`core.refresh`), and asks MkDocs for a build by touching a file in a folder
        # MkDocs watches (see watch.py).
        self.saved = Saved()
        later = cast(Path, self.folder) / "later"  # made by the first build, kept under serve
        later.mkdir(exist_ok=True)
        server.watch(str(later))
        self.follow_up = later / "pages"
        self.observer = watch_natively(self.layout.watched(), self._saw_and_ask)
        if self.observer is None:  # MkDocs' own polling, which rebuilds by itself on any change under them
            handler = FileSystemEventHandler()
            handler.on_any_event = self.saved.saw  # type: ignore[method-assign]
            for path in filter(Path.exists, self.layout.watched()):
                server.watch(str(path))
                server.observer.schedule(handler, str(path), recursive=True)
        return server

    def _saw_and_ask(self, event: FileSystemEvent) -> None:
        cast(Saved, self.saved).saw(event)  # both set before the observer starts
        cast(Path, self.follow_up).touch()

    def _fresh(self, progress: Progress, pages: Mapping[str, object], refreshed: bool) -> set[str]:
        """The pages to build again under serve for `progress`.

        After a saved report file, its directive's page (where its task is, and the form it was made with) is
        built first, alone, and the rebuild asks for another at once (`on_post_build`), which builds the rest of what
        changed: the agency's page and the summary pages, several seconds at 20,000 tasks. A save in between is
        taken into that one."""
        settled = cast(Progress, self.settled)  # set by the first build
        if refreshed and self.follow_up is not None and self.previous is settled:
            self.first = first_pages(settled, progress) & pages.keys()
            if self.first:
                return self.first
        fresh = changed_pages(settled, progress, pages)
        if progress is self.previous:
            fresh -= self.first  # built for this very state already
        self.settled, self.first = progress, set()
        return fresh

    def _refreshed(self) -> Checked | None:
        """The last load with the report files saved since applied alone; None when that cannot be done."""
        saved = self.saved.take() if self.saved is not None else None
        if saved is None or self.checked is None:
            return None
        known = {d.file for d in self.checked.diagnostics}
        names = {self.layout.name(Path(path)) for path in saved}
        # An editor's swap or backup file that came and went changes nothing the site shows.
        names = {n for n in names if is_report_file(n) or n in known or os.path.lexists(self.layout.root / n)}
        return refreshed(self.checked, self.layout, names) if names else self.checked

    def _wait(self, step: Callable[[], T]) -> T:
        try:
            return step()
        except RenderFailed as exc:
            raise PluginError(f"Không dựng được trang: {exc}") from None

    def _close(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
            self.observer = None
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
