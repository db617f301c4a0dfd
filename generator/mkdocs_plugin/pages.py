"""What MkDocs' `Page.render` sets from a page's Markdown: saved and restored (for `tracker serve`), or made in the
renderer's process ahead of MkDocs (for a build).

This leans on private attributes of MkDocs 1.6's `Page` (`_title_from_render`), the only place in the project that
does; `tests/mkdocs_plugin/test_pages.py` pins it to the installed MkDocs version so an upgrade is noticed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from generator.core.addresses import is_directive_page

# Set by Page.render in MkDocs 1.6 from the converted Markdown, besides the HTML itself.
RENDERED = ("toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")


def saved_render(page: Page) -> tuple[Any, ...]:
    return tuple(getattr(page, name) for name in RENDERED)


def restore_render(page: Page, saved: tuple[Any, ...]) -> None:
    for name, value in zip(RENDERED, saved, strict=True):
        setattr(page, name, value)


@dataclass
class Converted:
    """A page converted by MkDocs' own `Page.render` in another process: its HTML, what the render set, and what it
    logged (a link to no page, say), for this process to say."""

    html: str
    render: tuple[Any, ...]
    said: list[tuple[str, int, str]]  # (logger, level, message)


def convertible(config: MkDocsConfig, plugin: BasePlugin, pages: Iterable[str]) -> list[str]:
    """The pages the renderer's process may convert, in the order of `pages`: the directive pages (about half of what
    a build converts, at any size), while `plugin` is the only one to see a page between its source and its
    conversion (then a page converted there is what MkDocs would have converted here)."""
    events = ("pre_page", "page_read_source", "page_markdown")
    if any(getattr(hook, "__self__", None) is not plugin for event in events for hook in config.plugins.events[event]):
        return []
    return list(filter(is_directive_page, pages))


def converter(config: MkDocsConfig, files: Files) -> Callable[[str, str], Converted]:
    """Convert a page's Markdown as MkDocs would in this build (same extensions, same files to resolve links in).
    For the forked renderer: the plugin gives it only while no other plugin sees a page before it is converted."""

    def convert(path: str, source: str) -> Converted:
        page = Page(None, files.get_file_from_path(path), config)  # type: ignore[arg-type]  # one of `files`
        page.markdown, page.meta = get_data(source)
        with _said() as said:
            page.render(config, files)
        # The links to anchors by the target's path: a target's File would carry its page along, HTML and all.
        toc, title, anchors, links = saved_render(page)
        by_path = {target.src_uri: found for target, found in (links or {}).items()}
        return Converted(page.content or "", (toc, title, anchors, by_path), said)

    return convert


def take_converted(page: Page, files: Files, converted: Converted) -> str:
    """Set on `page` what the render in the other process set, its links to anchors pointing at this process's files
    (which MkDocs checks after every page is read), and say what it logged. Returns the HTML."""
    toc, title, anchors, links = converted.render
    targets = {files.get_file_from_path(path): found for path, found in links.items()}
    restore_render(page, (toc, title, anchors, {target: found for target, found in targets.items() if target}))
    for name, level, message in converted.said:
        logging.getLogger(name).log(level, message)
    return converted.html


@contextmanager
def _said(name: str = "mkdocs") -> Iterator[list[tuple[str, int, str]]]:
    """What MkDocs logs meanwhile, kept rather than printed (the parent says it, and counts it under --strict)."""
    said: list[tuple[str, int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append((record.name, record.levelno, record.getMessage()))

    logger = logging.getLogger(name)
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [Keep()], False
    try:
        yield said
    finally:
        logger.handlers, logger.propagate = handlers, propagate
