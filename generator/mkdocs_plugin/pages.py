"""What MkDocs' `Page.render` sets from a page's Markdown, saved and restored, for `tracker serve`.

This leans on private attributes of MkDocs 1.6's `Page` (`_title_from_render`), the only place in the project that
does; `tests/mkdocs_plugin/test_pages.py` pins it to the installed MkDocs version so an upgrade is noticed.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page

# Set by Page.render in MkDocs 1.6 from the converted Markdown, besides the HTML itself.
RENDERED = ("toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")


def saved_render(page: Page) -> tuple[Any, ...]:
    return tuple(getattr(page, name) for name in RENDERED)


def restore_render(page: Page, saved: tuple[Any, ...]) -> None:
    for name, value in zip(RENDERED, saved, strict=True):
        setattr(page, name, value)
